"""The kit's benchmarks, in one command; writes benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py            # all figures (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # a tiny version, to check the script

Every figure is a ratio against a floor measured in the same run, on the same
machine, so that the figures mean the same on a fast and a slow computer:

* lessons: each notebook of notebooks/ run with nbclient (kernel start
  included), against a floor notebook that only imports pandas,
  matplotlib.pyplot and ipywidgets; target: every lesson <= 1.3 x the floor
  (with where a lesson's time above the floor goes: its cells timed in the
  kernel, as charts, quizzes, ``import kit`` and the rest);
* ``import kit`` in a fresh Python, against importing pandas, matplotlib.pyplot
  and ipywidgets (median of several); target <= 1.1;
* quiz feedback: click on "Check answer" to the feedback's change, measured in
  Chromium (performance.now(), a MutationObserver), against a plain ipywidgets
  button that changes a label; target: median <= 100 ms;
* memory: each lesson's kernel's peak RSS, against the floor notebook's
  kernel; target <= 300 MB;
* all detectors on a 20-article case (the largest a class uses), against one
  regular-expression pass over the same texts; target <= 100 ms;
* detectors (find_quotes, find_artifacts, find_wording, name_variants) on a
  synthetic corpus of 100 and 1,000 articles made from the five (sentences
  shuffled, names swapped); target: linear (t(1000)/t(100) <= 11) and 1,000
  articles in under 15 s;
* the two speed tricks that stay: question banks read once (a check with and
  without the banks read again), and quiz widgets sharing their layouts and
  styles (every lesson's quiz made in the kernel, and lesson 07's drawn in
  Chromium, with and without);
* grading a class (benchmarks/grade_500.py), when that script is present.

``--before DIR`` also times the detectors of another checkout of the kit (e.g.
an older commit, exported with ``git archive``) in the same run, so the two
are compared on the same machine at the same moment.  The figures of the
lessons, ``import kit`` and the browser from before the kit was restructured
are in benchmarks/before.json (an earlier run of this script); the report
shows them beside today's.

The benchmark keeps away from the real home and progress store: ``HOME`` and
``KIT_PROGRESS`` point into its own temporary folder, for the lesson kernels
and the browser's Jupyter server alike.

Nothing here asserts a time: the figures are written down, the targets beside
them.  --quick writes to test-artifacts/RESULTS-quick.md unless --out says
otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))   # the Jupyter/Chromium driver

FLOOR_IMPORTS = "import pandas\nimport matplotlib.pyplot\nimport ipywidgets"
RSS_CELL = ("import resource as _r\n"
            "print('KIT_PEAK_RSS_KB', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)")
BEFORE = Path(__file__).resolve().parent / "before.json"


# ------------------------------------------------------------------ machine

def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory, "load": load,
            "python": sys.version.split()[0], "system": platform.platform(),
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")}


# ------------------------------------------------------------------ lessons

def _notebook(cells: list[str]):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nb


def _run_notebook(nb, folder: Path) -> tuple[float, float, dict]:
    """Run ``nb`` (a final cell added that reports the kernel's peak RSS) with nbclient.

    Returns ``(seconds, peak RSS in MB, seconds by kind of cell)``; the time
    includes starting the kernel; the kinds are those of :func:`_cell_kind`,
    each cell timed by the kernel (from its start to its reply).
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.cells.append(nbformat.v4.new_code_cell(RSS_CELL))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(folder)}})
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    kb = int(re.search(r"KIT_PEAK_RSS_KB (\d+)", text).group(1))
    kinds: dict[str, float] = {}
    for cell in nb.cells[:-1]:
        timing = cell.metadata.get("execution", {})
        if cell.cell_type == "code" and "shell.execute_reply" in timing:
            began, ended = (dt.datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                            for k in ("iopub.execute_input", "shell.execute_reply"))
            kind = _cell_kind(cell.source)
            kinds[kind] = kinds.get(kind, 0.0) + (ended - began).total_seconds()
    return seconds, kb / 1024, kinds


def _cell_kind(source: str) -> str:
    """What a lesson's cell mostly does: draws a chart, shows a quiz, imports the kit, or else."""
    if "kit.plots." in source:
        return "charts"
    if re.search(r"\bquiz\b", source):
        return "quizzes"
    if source.startswith("import kit\n"):       # and kit.use_case(...)
        return "import kit"
    return "the rest"


def _compile_kit(root: Path) -> None:
    """Give the kit the bytecode an installed package has.

    pip compiles a package's modules when it installs them; the kit is installed
    editable, so its bytecode is written by the first Python that imports it.
    Compile it now, and let the kernels keep bytecode, so that each lesson
    measures what a student's kernel does, not a first-ever compilation.
    """
    import compileall

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    compileall.compile_dir(root / "kit", quiet=1)


def bench_lessons(repeats: int, only: list[str] | None, work: Path,
                  before: Path | None = None) -> dict:
    """Each lesson's time and peak memory, the best of ``repeats`` runs, interleaved with
    the floor notebook; with ``before`` (a folder holding an older kit/, data/ and
    notebooks/), that kit's lessons too, in the same loop, its kit first on the
    kernels' path."""
    import nbformat

    _compile_kit(ROOT)
    kits = {"after": ROOT} | ({"before": before} if before else {})
    folders = {}
    for name, root in kits.items():
        if name == "before":
            _compile_kit(root)
        folders[name] = work / f"notebooks-{name}"
        shutil.copytree(root / "notebooks", folders[name],
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    lessons = sorted(p.name for p in folders["after"].glob("*.ipynb"))
    if only:
        lessons = [name for name in lessons if name in only]
    floor_nb = _notebook([FLOOR_IMPORTS])
    times = {name: {"(floor)": []} for name in kits}
    rss = {name: {} for name in kits}
    parts = {}                               # lesson -> the kinds of cells of its best run
    for _ in range(repeats):                 # interleaved, so drift hits all alike
        for name, root in kits.items():
            folder = folders[name]
            previous = os.environ.get("PYTHONPATH")
            if name == "before":             # the kernels import the older kit
                os.environ["PYTHONPATH"] = str(root)
            try:
                t, m, kinds = _run_notebook(floor_nb, folder)
                if all(t < u for runs in times.values() for u in runs["(floor)"]):
                    parts["(floor)"] = kinds
                times[name]["(floor)"].append(t)
                rss[name]["(floor)"] = max(rss[name].get("(floor)", 0), m)
                for lesson in lessons:
                    if not (folder / lesson).is_file():
                        continue
                    t, m, kinds = _run_notebook(nbformat.read(folder / lesson, as_version=4),
                                                folder)
                    if name == "after" and t < min(times[name].get(lesson, [t + 1])):
                        parts[lesson] = kinds
                    times[name].setdefault(lesson, []).append(t)
                    rss[name][lesson] = max(rss[name].get(lesson, 0), m)
            finally:
                if previous is None:
                    os.environ.pop("PYTHONPATH", None)
                else:
                    os.environ["PYTHONPATH"] = previous
    # The best of the runs: on a shared machine, slower runs measure the neighbours.
    # The floor is one notebook, whichever kit's turn it ran in: the best of all its runs.
    floor = min(t for kit_times in times.values() for t in kit_times["(floor)"])
    out = {"times": {k: min(v) for k, v in times["after"].items()} | {"(floor)": floor},
           "rss": rss["after"], "repeats": repeats, "parts": parts,
           "floor_runs": sum(len(kit_times["(floor)"]) for kit_times in times.values())}
    if before:
        out["before"] = {"times": {k: min(v) for k, v in times["before"].items()
                                   if k != "(floor)"},
                         "floor": floor,
                         "rss": {k: v for k, v in rss["before"].items() if k != "(floor)"},
                         "floor_rss": rss["before"]["(floor)"]}
    return out


def bench_shared_widgets(repeats: int) -> dict:
    """Making the widgets of every lesson's quiz, with the shared layouts and styles of
    kit/quiz/widgets.py and with a layout and a style for each widget: median ms."""
    import kit
    from kit.quiz import widgets

    banks = [f"{n:02d}" for n in range(9)]

    def build() -> float:
        started = time.perf_counter()
        for bank in banks:
            widgets.quiz_widget(kit.lesson_quiz(bank))
        return time.perf_counter() - started

    def median_ms() -> float:
        runs = []
        for _ in range(repeats):
            widgets._SHARED.clear()
            runs.append(build())
        return statistics.median(runs) * 1000

    build()                                        # ipywidgets imported, classes made
    shared = median_ms()
    original = widgets._shared
    widgets._shared = lambda cls, **traits: cls(**traits)
    try:
        own = median_ms()
    finally:
        widgets._shared = original
    return {"lessons": len(banks), "shared_ms": shared, "own_ms": own}


def bench_bank_cache(repeats: int) -> dict:
    """``kit.check`` finds its question among all the banks of the case: what that costs
    with the banks read once (and again when edited) and with every bank read at every
    check, and how many checks each exercise notebook makes."""
    import nbformat

    from kit.quiz import model

    def median_ms(clear: bool) -> float:
        runs = []
        for _ in range(repeats):
            if clear:
                model._LOADED.clear()
            started = time.perf_counter()
            model.find_question("ex02.1")
            runs.append(time.perf_counter() - started)
        return statistics.median(runs) * 1000

    model.find_question("ex02.1")
    cached, uncached = median_ms(False), median_ms(True)
    checks = {}
    for path in sorted((ROOT / "exercises").glob("ex*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        checks[path.name] = sum(c.source.count("kit.check(") for c in nb.cells
                                if c.cell_type == "code")
    return {"cached_ms": cached, "uncached_ms": uncached, "checks": checks}


# ------------------------------------------------------------------ imports

def _import_time(code: str) -> float:
    probe = ("import time\n_t = time.perf_counter()\n" + code
             + "\nprint(time.perf_counter() - _t)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, "MPLBACKEND": "Agg"})
    return float(out.stdout.strip().splitlines()[-1])


def bench_imports(repeats: int) -> dict:
    kit, floor = [], []
    _import_time("import kit")               # warm the file cache once
    _import_time(FLOOR_IMPORTS)
    for _ in range(repeats):
        kit.append(_import_time("import kit"))
        floor.append(_import_time(FLOOR_IMPORTS))
    return {"kit": statistics.median(kit), "floor": statistics.median(floor), "repeats": repeats}


# ------------------------------------------------------------------ detectors

_SWAPS = {"Psaki": "Sackie", "Biden": "Baiden", "Putin": "Poutine", "Lavrov": "Lavrow",
          "Kyiv": "Kiev", "Ryabkov": "Riabkov", "Blinken": "Blinkin", "NATO": "North Atlantic Alliance"}


def synthetic_corpus(n: int, seed: int = 2021) -> dict[str, str]:
    """``n`` articles made from the five: sentences shuffled, some names swapped for variants."""
    import kit

    rng = random.Random(seed)
    texts = list(kit.load_articles()["text"])
    names = re.compile(r"\b(" + "|".join(map(re.escape, _SWAPS)) + r")\b")
    corpus = {}
    for i in range(n):
        sentences = list(kit.sentences(texts[i % len(texts)])["sentence"])
        rng.shuffle(sentences)
        swap = {k for k in _SWAPS if rng.random() < 0.5}
        text = " ".join(sentences)
        text = names.sub(lambda m: _SWAPS[m[1]] if m[1] in swap else m[1], text)
        corpus[f"synthetic-{i:04d}"] = text
    return corpus


def _time_detectors(corpus: dict[str, str]) -> dict[str, float]:
    """Seconds for each detector over ``corpus``: through the kit's one detector loop
    (``run_all``, each lexicon read once), or each ``find_*`` on each text for a kit
    from before that loop."""
    import kit
    import pandas as pd

    try:
        from kit.detect.run import run_all
    except ImportError:
        run_all = None
    articles = pd.DataFrame({"text": list(corpus.values())}, index=list(corpus))
    out = {}
    for name in ("find_quotes", "find_artifacts", "find_wording"):
        fn = getattr(kit, name)
        started = time.perf_counter()
        if run_all is not None:
            run_all(name.removeprefix("find_"), articles)
        else:
            for text in corpus.values():
                fn(text)
        out[name] = time.perf_counter() - started
    started = time.perf_counter()
    kit.name_variants(corpus)
    out["name_variants"] = time.perf_counter() - started
    started = time.perf_counter()
    for text in corpus.values():              # the floor: one regular-expression pass
        re.findall(r"\w+", text)
    out["(floor: one regex pass)"] = time.perf_counter() - started
    return out


def _median(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def bench_detectors(small: int, large: int, repeats: int) -> dict:
    """Each helper's median time on the small and the large corpus.

    The runs alternate (small, large, small, ...), so that a busy moment on a
    shared machine falls on both sizes alike rather than on one.
    """
    import kit

    kit.find_quotes("warm up"), kit.find_artifacts("warm up"), kit.find_wording("warm up")
    kit.name_variants({"a": "warm up"})
    corpus_s, corpus_l = synthetic_corpus(small), synthetic_corpus(large)
    runs_s, runs_l = [], []
    for _ in range(repeats):
        runs_s.append(_time_detectors(corpus_s))
        runs_l.append(_time_detectors(corpus_l))
    runs_s.append(_time_detectors(corpus_s))
    return {"small": small, "large": large, "repeats": (len(runs_s), len(runs_l)),
            "t_small": _median(runs_s), "t_large": _median(runs_l)}


def bench_case20(repeats: int, size: int = 20) -> dict:
    """All detectors on a case of ``size`` articles (a class's largest): median ms.

    What ``kit.findings`` runs for a case without a key: the kit's one detector
    loop for quotes, artifacts and wording, name_variants on all the texts.
    Each run is the first on these texts in a fresh Python that has run the
    detectors on another case before (the patterns compiled), as in a lesson's
    kernel.  ``again_ms``: the same texts once more in the same process (a kit
    with caches would be helped by them here).
    """
    import kit

    root = str(Path(kit.__file__).resolve().parent.parent)
    runs, cpu, again, floor = [], [], [], []
    for _ in range(repeats):
        one = _case20_process(size, root)
        runs.append(one["s"])
        cpu.append(one["cpu_s"])
        again.append(one["again_s"])
        floor.append(one["floor_s"])
    return {"size": size, "repeats": repeats, "ms": statistics.median(runs) * 1000,
            "cpu_ms": statistics.median(cpu) * 1000, "again_ms": statistics.median(again) * 1000,
            "floor_ms": statistics.median(floor) * 1000}


def _case20_process(size: int, root: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--case20-once", str(size), "--kit", root],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"the {size}-article run failed: {done.stderr[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _case20_once(size: int) -> dict:
    """One first run of all detectors on ``size`` articles in this (fresh) Python: seconds."""
    import kit

    texts = synthetic_corpus(size, seed=20)
    # The process has run the detectors before, on another case: what it does
    # once (patterns compiled) is done, but nothing of these texts is in any cache.
    other = kit.load_articles(case=ROOT / "data" / "cases" / "harbour-talks")
    _all_detectors(dict(other["text"]))
    cpu_started = time.process_time()
    first = _all_detectors(texts)
    cpu = time.process_time() - cpu_started
    again = _all_detectors(texts)
    started = time.perf_counter()
    for text in texts.values():
        re.findall(r"\w+", text)
    return {"s": first, "cpu_s": cpu, "again_s": again, "floor_s": time.perf_counter() - started}


def _all_detectors(texts: dict) -> float:
    """Seconds for every detector over ``texts``, as ``kit.findings`` runs them.

    That is the kit's one detector loop (``run_all``) for quotes, artifacts and
    wording, and name_variants on all the texts; a kit from before that loop
    runs each ``find_*`` on each text.
    """
    import kit
    import pandas as pd

    articles = pd.DataFrame({"text": list(texts.values())}, index=list(texts))
    try:
        from kit.detect.run import DETECTED, run_all
    except ImportError:                      # an older kit
        started = time.perf_counter()
        for text in texts.values():
            kit.find_quotes(text)
            kit.find_artifacts(text)
            kit.find_wording(text)
        kit.name_variants(texts)
        return time.perf_counter() - started
    started = time.perf_counter()
    for kind in DETECTED:
        run_all(kind, articles)
    kit.name_variants(articles)
    return time.perf_counter() - started


def detectors_elsewhere(kit_root: Path, quick: bool, work: Path) -> dict:
    """The detector figures of the kit at ``kit_root``, run by this script in a fresh Python.

    A fresh Python for each kit, this one's too: a process that has run the
    lessons holds more objects, which slows every allocation a little.
    """
    out = work / f"detectors-{abs(hash(str(kit_root)))}.json"
    cmd = [sys.executable, __file__, "--detectors-json", str(out), "--kit", str(kit_root)]
    done = subprocess.run(cmd + (["--quick"] if quick else []), capture_output=True, text=True,
                          cwd=ROOT)
    if done.returncode != 0:
        return {"skipped": f"the other kit failed: {(done.stderr or done.stdout)[-300:]}"}
    return json.loads(out.read_text())


def _detector_figures(quick: bool) -> dict:
    return {"case20": bench_case20(3 if quick else 15),
            "detectors": bench_detectors(*((10, 100, 1) if quick else (100, 1000, 3)))}


# ------------------------------------------------------------------ browser

_ARM = """([button, output]) => {
  const b = document.querySelector(button), o = document.querySelector(output);
  const before = o.innerText; let t0 = null;
  window.__kitLatency = new Promise(resolve => {
    b.addEventListener('click', () => { t0 = performance.now(); }, {capture: true, once: true});
    const obs = new MutationObserver(() => {
      if (t0 !== null && o.innerText !== before) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(o, {subtree: true, childList: true, characterData: true});
  });
}"""


def bench_latency(clicks: int, work: Path) -> dict:
    from jupyter_driver import (JupyterServer, NotebookPage, chromium_problem, launch_chromium,
                                write_notebook)

    problem = chromium_problem()
    if problem:
        return {"skipped": problem}
    from playwright.sync_api import sync_playwright

    server = JupyterServer(work / "lab", app="lab")
    case = server.root / "kinds"
    shutil.copytree(ROOT / "tests" / "browser" / "cases" / "kinds", case)
    write_notebook(server.root / "latency.ipynb", [
        f"import kit\nquiz = kit.load_quiz('kinds', case={str(case)!r})\nquiz['pick-one']",
        "import ipywidgets as W\n"
        "floor_button = W.Button(description='Floor')\nfloor_button.add_class('bench-floor')\n"
        "floor_out = W.HTML('')\nfloor_out.add_class('bench-floor-out')\n"
        "def _flip(_b):\n"
        "    floor_out.value = 'tick' if floor_out.value != 'tick' else 'tock'\n"
        "floor_button.on_click(_flip)\nW.VBox([floor_button, floor_out])",
    ])
    kit_ms, floor_ms = [], []
    with sync_playwright() as pw, server:
        browser = launch_chromium(pw)
        nb = NotebookPage(browser, server, "latency.ipynb", name="bench-latency")
        try:
            nb.open()
            nb.run_all()
            q = nb.page.locator(".kit-question.kit-q-choice")
            options = ["1. Officials in Moscow", "2. The White House Press Secretary"]
            for i in range(clicks + 2):         # the first two warm up and are not counted
                q.locator("button.kit-option").filter(has_text=options[i % 2]).click()
                nb.page.evaluate(_ARM, [".kit-q-choice .kit-submit", ".kit-q-choice .kit-feedback"])
                q.locator(".kit-submit").click()
                ms = nb.page.evaluate("window.__kitLatency")
                nb.page.evaluate(_ARM, [".bench-floor", ".bench-floor-out"])
                nb.page.locator(".bench-floor").click()
                floor = nb.page.evaluate("window.__kitLatency")
                if i >= 2:
                    kit_ms.append(ms)
                    floor_ms.append(floor)
        finally:
            nb.close()
            browser.close()
    return {"kit": kit_ms, "floor": floor_ms}


def bench_quiz_render(rounds: int, work: Path) -> dict:
    """In Chromium: from Run All to every question of lesson 07's quiz drawn, with the
    quiz widgets' shared layouts and styles, and with a layout and a style for each
    widget (kit/quiz/widgets.py patched in the notebook).  Median ms of ``rounds``."""
    from jupyter_driver import (JupyterServer, NotebookPage, chromium_problem, launch_chromium,
                                write_notebook)

    problem = chromium_problem()
    if problem:
        return {"skipped": problem}
    import kit
    from playwright.sync_api import sync_playwright

    questions = len(kit.lesson_quiz("07").questions)
    server = JupyterServer(work / "render", app="lab")
    patches = {"shared": "",
               "own": "import kit.quiz.widgets as _w\n"
                      "_w._shared = lambda cls, **traits: cls(**traits)\n"}
    for name, patch in patches.items():          # the first cell imports what the quiz needs
        write_notebook(server.root / f"render-{name}.ipynb",
                       [f"import kit\n{patch}_ = kit.lesson_quiz('07')", "kit.lesson_quiz('07')"])
    times: dict[str, list[float]] = {name: [] for name in patches}
    with sync_playwright() as pw, server:
        browser = launch_chromium(pw)
        for _ in range(rounds):
            for name in patches:
                nb = NotebookPage(browser, server, f"render-{name}.ipynb", name=f"bench-{name}")
                try:
                    nb.open()
                    nb.page.evaluate("window.__kitStart = performance.now()")
                    nb.run_all()
                    nb.page.wait_for_function(
                        f"document.querySelectorAll('.kit-question').length >= {questions}")
                    times[name].append(nb.page.evaluate("performance.now() - window.__kitStart"))
                finally:
                    nb.close()
                server.shutdown_kernels()
        browser.close()
    return {"questions": questions, "rounds": rounds,
            **{f"{name}_ms": statistics.median(v) for name, v in times.items()}}


# ------------------------------------------------------------------ grading

def bench_grading(quick: bool, work: Path) -> dict:
    script = ROOT / "benchmarks" / "grade_500.py"
    if not script.is_file():
        return {"skipped": "benchmarks/grade_500.py is not there"}
    out = work / "grade.json"
    args = ["--students", "20", "--repeat", "1"] if quick else []
    done = subprocess.run([sys.executable, str(script), *args, "--results", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0 or not out.is_file():
        return {"skipped": f"grade_500.py failed: {(done.stderr or done.stdout)[-300:]}"}
    return json.loads(out.read_text())


# ------------------------------------------------------------------ report

def _ok(met: bool) -> str:
    return "yes" if met else "**no**"


def _f(value, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def report(m: dict, lessons: dict, imports: dict, latency: dict, detectors: dict,
           grading: dict, quick: bool, before: dict) -> str:
    """RESULTS.md: each figure, and beside it the same figure before the kit was restructured."""
    same_run_lessons = "before" in lessons
    was = lessons["before"] if same_run_lessons else before.get("lessons", {})
    lines = ["# Benchmark results", "",
             "Written by `.venv/bin/python benchmarks/run.py"
             + (" --quick` (a tiny run: not the real figures)." if quick else "`."),
             "Every figure is a ratio against a floor measured in the same run.", "",
             "\"Before\" is the kit before it was split into parts and its detectors were "
             "written as plain code (commit 759587b). "
             + ("The lessons and the detectors are timed in this same run with `--before` "
                "(that kit exported with `git archive`), interleaved, so that both meet the same "
                "load; " if same_run_lessons else
                "The detectors, where the table says so, are timed in this same run with "
                "`--before`; the lessons are from an earlier run; ")
             + f"`import kit`, the browser and grading are from an earlier run of this script "
             f"({before.get('date', '?')}, load average {before.get('load', '?')}, in "
             "benchmarks/before.json).", "",
             "## Machine", "",
             "| | |", "|---|---|",
             f"| date | {m['date']} |", f"| CPU | {m['cpu']} |", f"| cores | {m['cores']} |",
             f"| memory | {m['memory']} |", f"| Python | {m['python']} |",
             f"| load average at the start (1, 5, 15 min) | {m['load']} |",
             f"| system | {m['system']} |", ""]

    # lessons
    floor_t = lessons["times"]["(floor)"]
    names = [k for k in lessons["times"] if k != "(floor)"]
    total = sum(lessons["times"][k] for k in names)
    total_ratio = total / (floor_t * len(names)) if names else float("nan")
    was_t, was_floor = was.get("times", {}), was.get("floor")
    was_total = sum(was_t.get(k, 0) for k in names) if all(k in was_t for k in names) else None
    pooled = "floor_runs" in lessons
    lines += ["## Lessons: execution time (nbclient)", "",
              f"Floor: a notebook that only imports pandas, matplotlib.pyplot and ipywidgets, "
              f"{floor_t:.2f} s ("
              + (f"the best of its {lessons['floor_runs']} runs, taken in turn with both kits' "
                 "lessons; " if pooled and same_run_lessons else
                 f"before: {_f(was_floor, '.2f')} s; ")
              + f"kernel start included; each notebook the best of {lessons['repeats']} runs, "
              "interleaved; the kit's modules compiled to bytecode first, as an installed "
              "package's are).", "",
              "| notebook | before s | before ratio | after s | after ratio | met |",
              "|---|---:|---:|---:|---:|---|"]
    for k in names:
        b = was_t.get(k)
        lines.append(f"| {k} | {_f(b, '.2f')} | {_f(b / was_floor if b and was_floor else None, '.2f')} "
                     f"| {lessons['times'][k]:.2f} | {lessons['times'][k] / floor_t:.2f} "
                     f"| {_ok(lessons['times'][k] / floor_t <= 1.3)} |")
    was_ratio = was_total / (was_floor * len(names)) if was_total and was_floor else None
    worst_ratio = max((lessons["times"][k] / floor_t for k in names), default=float("nan"))
    lines += [f"| **all {len(names)} lessons** | {_f(was_total, '.2f')} | **{_f(was_ratio, '.2f')}** "
              f"| {total:.2f} | **{total_ratio:.2f}** | |", "",
              f"Target: every lesson <= 1.3 x the floor. Highest: {worst_ratio:.2f}. "
              f"Met: {_ok(worst_ratio <= 1.3)}.", ""]
    if lessons.get("parts"):
        lines += _lesson_parts(lessons, names, floor_t)

    # memory
    floor_rss = lessons["rss"]["(floor)"]
    worst = max((lessons["rss"][k] for k in names), default=float("nan"))
    was_rss = was.get("rss", {})
    lines += ["## Lessons: peak memory of the kernel (RSS)", "",
              f"Floor: the floor notebook's kernel, {floor_rss:.0f} MB "
              f"(before: {_f(was.get('floor_rss'), '.0f')} MB).", "",
              "| notebook | before MB | after MB | after ratio to floor |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {_f(was_rss.get(k), '.0f')} | {lessons['rss'][k]:.0f} "
              f"| {lessons['rss'][k] / floor_rss:.2f} |" for k in names]
    lines += ["", f"Target: <= 300 MB for every lesson. Highest: {worst:.0f} MB. "
                  f"Met: {_ok(worst <= 300)}.", ""]

    # imports
    ratio = imports["kit"] / imports["floor"]
    wi = before.get("imports", {})
    wi_ratio = wi["kit_ms"] / wi["floor_ms"] if wi else None
    lines += ["## `import kit`", "",
              f"In a fresh Python, median of {imports['repeats']}.", "",
              "| what | before ms | after ms |", "|---|---:|---:|",
              f"| `import kit` | {_f(wi.get('kit_ms'), '.1f')} | {imports['kit'] * 1000:.1f} |",
              f"| floor: `import pandas, matplotlib.pyplot, ipywidgets` | "
              f"{_f(wi.get('floor_ms'), '.1f')} | {imports['floor'] * 1000:.1f} |",
              f"| **ratio** | **{_f(wi_ratio, '.3f')}** | **{ratio:.3f}** |", "",
              f"Target: <= 1.1. Met: {_ok(ratio <= 1.1)}. (`import kit` is lazy: pandas and "
              "the rest are imported on first use, so a lesson pays for them in its first "
              "kit call, which the lesson times above include.)", ""]

    # latency
    lines += ["## Quiz: click to feedback, in the browser", ""]
    wl = before.get("latency", {})
    if "skipped" in latency:
        lines += [f"Not measured: {latency['skipped']}.", ""]
    else:
        k, f = latency["kit"], latency["floor"]
        med_k, med_f = statistics.median(k), statistics.median(f)
        wl_ratio = wl["kit_median_ms"] / wl["floor_median_ms"] if wl else None
        lines += [f"Chromium (headless) on JupyterLab; {len(k)} clicks each, after 2 to warm up; "
                  "from the click event to the feedback text changing (performance.now(), "
                  "MutationObserver). Floor: a plain ipywidgets button whose handler changes "
                  "an HTML widget (the same round trip to the kernel, without the kit).", "",
                  "| what | before median ms | after median ms | after min ms | after max ms |",
                  "|---|---:|---:|---:|---:|",
                  f"| kit quiz: Check answer -> feedback | {_f(wl.get('kit_median_ms'), '.1f')} "
                  f"| {med_k:.1f} | {min(k):.1f} | {max(k):.1f} |",
                  f"| floor: button -> label | {_f(wl.get('floor_median_ms'), '.1f')} "
                  f"| {med_f:.1f} | {min(f):.1f} | {max(f):.1f} |",
                  f"| **ratio of medians** | **{_f(wl_ratio, '.2f')}** | **{med_k / med_f:.2f}** | | |",
                  "", f"Target: median <= 100 ms. Met: {_ok(med_k <= 100)}.", ""]

    lines += _detector_report(detectors, before)

    # grading
    lines += ["## Grading a class (`benchmarks/grade_500.py`)", ""]
    wg = before.get("grading", {})
    if "skipped" in grading:
        lines += [f"Not measured: {grading['skipped']}.", ""]
    else:
        lines += ["| what | before | after |", "|---|---:|---:|"]
        lines += [f"| {k} | {wg.get(k, '–')} | {v} |" for k, v in grading.items()]
        lines += ["", "The ratio is `python -m kit grade` against reading the same files with "
                      "`csv.reader` alone (see the script).", ""]
    return "\n".join(lines)


def _lesson_parts(lessons: dict, names: list[str], floor_t: float) -> list[str]:
    """Where each lesson's time goes, from its best run: its cells by kind, in the kernel."""
    kinds = ("charts", "quizzes", "import kit", "the rest")
    lines = ["### Where a lesson's time goes", "",
             "The cells of each lesson's best run above, timed by the kernel (from a cell's "
             "start to its reply) and summed by what they do: a cell that calls `kit.plots` "
             "draws a chart (matplotlib: the figure, its layout and its PNG); a cell that "
             "shows `quiz` makes its widgets; \"the rest\" is every other cell. The floor "
             "notebook's one cell imports pandas, matplotlib.pyplot and ipywidgets (its row "
             "below); a lesson imports each where it first needs it, so its first table pays "
             "for pandas, its first chart for matplotlib and its first quiz for ipywidgets. "
             "\"Outside the cells\" is starting the kernel and nbclient's own work (a round "
             "trip to the kernel for each cell). A lesson within 1.3 x the floor may spend "
             f"{0.3 * floor_t * 1000:.0f} ms above it.", "",
             "| notebook | " + " | ".join(f"{k} ms" for k in kinds)
             + " | outside the cells ms | above the floor ms |",
             "|---|" + "---:|" * (len(kinds) + 2)]
    for k in ["(floor)"] + names:
        part = lessons["parts"].get(k, {})
        cells = sum(part.values())
        lines.append(f"| {k} | " + " | ".join(f"{part.get(kind, 0) * 1000:.0f}" for kind in kinds)
                     + f" | {(lessons['times'][k] - cells) * 1000:.0f} "
                     f"| {(lessons['times'][k] - floor_t) * 1000:.0f} |")
    return lines + [""]


def _detector_report(detectors: dict, before: dict) -> list[str]:
    same_run = detectors.get("before", {})
    if "skipped" in same_run:
        same_run = {}
    lines = []

    # a class's case
    c = detectors["case20"]
    bc = same_run.get("case20")
    lines += [f"## All detectors on a {c['size']}-article case", "",
              f"find_quotes, find_artifacts and find_wording on each of {c['size']} articles "
              "made from the five, and name_variants on all of them (what `kit.findings` runs "
              f"for a case without a key). Each run is the first on these texts in a fresh "
              "Python that has run the detectors on another case before, so no cache "
              f"of an earlier run helps; median of {c['repeats']} runs. Floor: one "
              "regular-expression pass (`\\w+`) over the same texts.", "",
              "| what | before ms (same run) | after ms |", "|---|---:|---:|",
              f"| all detectors | {_f(bc and bc['ms'], '.1f')} | {c['ms']:.1f} |",
              f"| all detectors, CPU time of the process | {_f(bc and bc.get('cpu_ms'), '.1f')} "
              f"| {c['cpu_ms']:.1f} |",
              f"| the same texts again, in the same process | {_f(bc and bc.get('again_ms'), '.1f')} "
              f"| {c.get('again_ms', 0):.1f} |",
              f"| floor: one regex pass | {_f(bc and bc['floor_ms'], '.2f')} | {c['floor_ms']:.2f} |",
              "", f"Target: <= 100 ms. Met: {_ok(c['ms'] <= 100)} (CPU time: "
              f"{_ok(c['cpu_ms'] <= 100)}). On a shared, loaded machine the wall-clock time "
              "also counts the other processes' turns; the CPU time is this process's own work.",
              ""]

    # scale
    d = detectors["detectors"]
    s, L = d["small"], d["large"]
    ts, tl = d["t_small"], d["t_large"]
    helpers = [h for h in ts if not h.startswith("(")]
    floor_key = "(floor: one regex pass)"
    sum_s, sum_l = sum(ts[h] for h in helpers), sum(tl[h] for h in helpers)
    bd = same_run.get("detectors") or before.get("detectors")
    where = "same run" if same_run.get("detectors") else "earlier run"
    lines += ["## Detectors on a synthetic corpus", "",
              f"{s} and {L} articles made from the five (sentences shuffled, names swapped "
              "for variants), through the kit's one detector loop (`run_all`; before it, each "
              f"`find_*` on each text); each time the median of {d['repeats'][0]} runs "
              f"({s}) or {d['repeats'][1]} runs ({L}), alternating. Linear growth means "
              f"t({L})/t({s}) = {L / s:g}. Before: {where}.", "",
              f"| helper | before {s} (s) | before {L} (s) | after {s} (s) | after {L} (s) | "
              f"after t({L})/t({s}) | after {L} / floor |", "|---|---:|---:|---:|---:|---:|---:|"]
    for h in helpers + [floor_key]:
        bs = bd["t_small"].get(h) if bd else None
        bl = bd["t_large"].get(h) if bd else None
        lines.append(f"| {h} | {_f(bs, '.3f')} | {_f(bl, '.3f')} | {ts[h]:.3f} | {tl[h]:.3f} "
                     f"| {tl[h] / ts[h]:.2f} | {tl[h] / tl[floor_key]:.0f} |")
    bsum_s = sum(bd["t_small"][h] for h in helpers) if bd else None
    bsum_l = sum(bd["t_large"][h] for h in helpers) if bd else None
    lines.append(f"| **all four** | {_f(bsum_s, '.3f')} | {_f(bsum_l, '.3f')} | {sum_s:.3f} "
                 f"| {sum_l:.3f} | **{sum_l / sum_s:.2f}** | {sum_l / tl[floor_key]:.0f} |")
    growth = sum_l / sum_s
    lines += ["", f"Targets: linear growth, {L / s:g} x the articles at most {1.1 * L / s:g} x "
                  f"the time (all four together: {growth:.2f}): {_ok(growth <= 1.1 * L / s)}; "
                  f"{L} articles in under 15 s (all four together): {_ok(sum_l < 15)}.", ""]

    # the speed tricks that stay
    lines += _tricks_report(detectors.get("widgets"), detectors.get("banks"),
                            detectors.get("render"))
    return lines


def _tricks_report(widgets: dict | None, banks: dict | None, render: dict | None) -> list[str]:
    lines = ["## Speed tricks that stay, and what each saves", "",
             "The detectors and the case are plain code: the caches of loaded articles, "
             "key tables and lexicons, the memo caches, the hand-unrolled and grouped "
             "patterns and the searches skipped by rare words each saved less than 50 ms "
             "a lesson, and went (docs/architecture.md gives the figures)."]
    if banks:
        saved = banks["uncached_ms"] - banks["cached_ms"]
        checks = banks["checks"]
        lines += ["", "The question banks of a case are read once, and again when a bank "
                      "changes (kit/quiz/model.py, for `kit.check` in the exercises). A check "
                      f"finds its question in {banks['cached_ms']:.1f} ms with the banks read "
                      f"once and {banks['uncached_ms']:.1f} ms with every bank read again; the "
                      f"exercises make {min(checks.values())}-{max(checks.values())} checks "
                      f"each, so the cache saves {saved * min(checks.values()):.0f}-"
                      f"{saved * max(checks.values()):.0f} ms an exercise notebook."]
    if widgets:
        per = (widgets["own_ms"] - widgets["shared_ms"]) / widgets["lessons"]
        lines += ["", "The quiz widgets share their layouts and styles "
                      "(kit/quiz/widgets.py), so that a quiz has a third of the widget models. "
                      f"Making the widgets of all {widgets['lessons']} lessons' quizzes takes "
                      f"{widgets['shared_ms']:.0f} ms with them shared and "
                      f"{widgets['own_ms']:.0f} ms without: {per:.0f} ms a lesson in the "
                      "kernel."]
        if render and "skipped" not in render:
            lines[-1] += (f" In Chromium, from Run All to every one of the {render['questions']} "
                          f"questions of lesson 07's quiz drawn: {render['shared_ms']:.0f} ms "
                          f"shared, {render['own_ms']:.0f} ms without (median of "
                          f"{render['rounds']}): {render['own_ms'] - render['shared_ms']:.0f} ms "
                          "for that lesson's quiz, kernel and browser together.")
    return lines + [""]


def private_home(work: Path) -> None:
    """``HOME`` and the progress store in ``work``, for this process and all it starts.

    Kernels and the Jupyter server inherit them: nothing is written to the
    user's home or real progress store.  matplotlib's font list is copied
    (read only), so that each kernel is spared a rebuild.
    """
    home = work / "home"
    fonts = Path.home() / ".cache" / "matplotlib"
    if fonts.is_dir():
        shutil.copytree(fonts, home / ".cache" / "matplotlib", dirs_exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    os.environ.update({"HOME": str(home),
                       "KIT_PROGRESS": str(home / ".five-accounts" / "progress.sqlite3"),
                       "KIT_STUDENT": "benchmark"})
    for name in ("KIT_CASE", "JUPYTERHUB_USER", "IPYTHONDIR", "JUPYTER_RUNTIME_DIR",
                 "JUPYTER_DATA_DIR", "MPLCONFIGDIR"):
        os.environ.pop(name, None)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="a tiny run, to check the script works")
    p.add_argument("--out", help="where to write (default: benchmarks/RESULTS.md; "
                                 "with --quick: test-artifacts/RESULTS-quick.md)")
    p.add_argument("--no-browser", action="store_true", help="leave out the browser latency")
    p.add_argument("--before", help="a folder holding an older kit/ and data/, whose detectors "
                                    "are timed in the same run")
    p.add_argument("--detectors-json", help=argparse.SUPPRESS)
    p.add_argument("--kit", help=argparse.SUPPRESS)
    p.add_argument("--case20-once", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.case20_once:                     # one first run, in this fresh Python
        sys.path.insert(0, str(Path(args.kit).resolve()))
        print(json.dumps(_case20_once(args.case20_once)))
        return 0
    if args.detectors_json:                  # the detectors of another kit (see --before)
        sys.path.insert(0, str(Path(args.kit).resolve()))
        Path(args.detectors_json).write_text(json.dumps(_detector_figures(args.quick)))
        return 0
    out = Path(args.out) if args.out else (
        ROOT / "test-artifacts" / "RESULTS-quick.md" if args.quick else ROOT / "benchmarks" / "RESULTS.md")

    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        work = Path(tmp)
        private_home(work)
        m = machine()
        print("lessons ...", flush=True)
        lessons = bench_lessons(1 if args.quick else 5,
                                ["00_start.ipynb"] if args.quick else None, work,
                                Path(args.before).resolve() if args.before else None)
        print("imports ...", flush=True)
        imports = bench_imports(3 if args.quick else 15)
        print("detectors ...", flush=True)
        detectors = detectors_elsewhere(ROOT, args.quick, work)
        if "skipped" in detectors:
            raise SystemExit(f"the detectors could not be timed: {detectors['skipped']}")
        print("question banks ...", flush=True)
        detectors["banks"] = bench_bank_cache(3 if args.quick else 9)
        print("quiz widgets ...", flush=True)
        detectors["widgets"] = bench_shared_widgets(3 if args.quick else 9)
        if args.before:
            print("detectors of the kit in --before ...", flush=True)
            detectors["before"] = detectors_elsewhere(Path(args.before), args.quick, work)
        print("browser ...", flush=True)
        latency = ({"skipped": "--no-browser"} if args.no_browser
                   else bench_latency(5 if args.quick else 30, work))
        print("quiz drawn in the browser ...", flush=True)
        detectors["render"] = ({"skipped": "--no-browser"} if args.no_browser
                               else bench_quiz_render(2 if args.quick else 7, work))
        print("grading ...", flush=True)
        grading = bench_grading(args.quick, work)
    before = json.loads(BEFORE.read_text()) if BEFORE.is_file() else {}
    text = report(m, lessons, imports, latency, detectors, grading, args.quick, before)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
