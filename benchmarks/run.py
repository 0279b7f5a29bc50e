"""The kit's benchmarks, in one command; writes benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py            # all figures (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # a tiny version, to check the script

Every figure is a ratio against a floor measured in the same run, on the same
machine, so that the figures mean the same on a fast and a slow computer:

* lessons: each notebook of notebooks/ run with nbclient (kernel start
  included), against a floor notebook that only imports pandas,
  matplotlib.pyplot and ipywidgets; target: total <= 1.3 x the floor per lesson;
* ``import kit`` in a fresh Python, against importing pandas, matplotlib.pyplot
  and ipywidgets (median of several); target <= 1.1;
* quiz feedback: click on "Check answer" to the feedback's change, measured in
  Chromium (performance.now(), a MutationObserver), against a plain ipywidgets
  button that changes a label; target: median <= 100 ms;
* memory: each lesson's kernel's peak RSS, against the floor notebook's
  kernel; target <= 300 MB;
* detectors (find_quotes, find_artifacts, find_wording, name_variants) on a
  synthetic corpus of 100 and 1,000 articles made from the five (sentences
  shuffled, names swapped); target: t(1000)/t(100) <= 10 (linear) and 1,000
  articles in under 5 s;
* grading a class (benchmarks/grade_500.py), when that script is present.

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
RSS_CELL = ("import resource as _r, sys as _s\n"
            "print('KIT_PEAK_RSS_KB', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)")


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


def _run_notebook(nb, folder: Path) -> tuple[float, float]:
    """Run ``nb`` (a final cell added that reports the kernel's peak RSS) with nbclient.

    Returns ``(seconds, peak RSS in MB)``; the time includes starting the kernel.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.cells.append(nbformat.v4.new_code_cell(RSS_CELL))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    kb = int(re.search(r"KIT_PEAK_RSS_KB (\d+)", text).group(1))
    return seconds, kb / 1024


def _compile_kit() -> None:
    """Give the kit the bytecode an installed package has.

    pip compiles a package's modules when it installs them; the kit is installed
    editable, so its bytecode is written by the first Python that imports it.
    Compile it now, and let the kernels keep bytecode, so that each lesson
    measures what a student's kernel does, not a first-ever compilation.
    """
    import compileall

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    compileall.compile_dir(ROOT / "kit", quiet=1)


def bench_lessons(repeats: int, only: list[str] | None, work: Path) -> dict:
    import nbformat

    _compile_kit()

    folder = work / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    lessons = sorted(folder.glob("*.ipynb"))
    if only:
        lessons = [p for p in lessons if p.name in only]
    floor_nb = _notebook([FLOOR_IMPORTS])
    times: dict[str, list[float]] = {"(floor)": []}
    rss: dict[str, float] = {}
    for _ in range(repeats):                 # interleaved, so drift hits all alike
        t, m = _run_notebook(floor_nb, folder)
        times["(floor)"].append(t)
        rss["(floor)"] = max(rss.get("(floor)", 0), m)
        for path in lessons:
            nb = nbformat.read(path, as_version=4)
            t, m = _run_notebook(nb, folder)
            times.setdefault(path.name, []).append(t)
            rss[path.name] = max(rss.get(path.name, 0), m)
    # the best of the runs: on a shared machine, slower runs measure the neighbours
    return {"times": {k: min(v) for k, v in times.items()}, "rss": rss, "repeats": repeats}


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
    import kit

    out = {}
    for name in ("find_quotes", "find_artifacts", "find_wording"):
        fn = getattr(kit, name)
        started = time.perf_counter()
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


def report(m: dict, lessons: dict, imports: dict, latency: dict, detectors: dict,
           grading: dict, quick: bool) -> str:
    lines = ["# Benchmark results", "",
             "Written by `.venv/bin/python benchmarks/run.py"
             + (" --quick` (a tiny run: not the real figures)." if quick else "`."),
             "Every figure is a ratio against a floor measured in the same run.", "",
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
    lines += ["## Lessons: execution time (nbclient)", "",
              f"Floor: a notebook that only imports pandas, matplotlib.pyplot and ipywidgets, "
              f"{floor_t:.2f} s (kernel start included; each notebook the best of "
              f"{lessons['repeats']} runs, interleaved; the kit's modules compiled to "
              f"bytecode first, as an installed package's are).", "",
              "| notebook | seconds | ratio to floor |", "|---|---:|---:|"]
    lines += [f"| {k} | {lessons['times'][k]:.2f} | {lessons['times'][k] / floor_t:.2f} |"
              for k in names]
    lines += [f"| **all {len(names)} lessons** | {total:.2f} | **{total_ratio:.2f}** |", "",
              f"Target: total <= 1.3 x the floor per lesson. Met: {_ok(total_ratio <= 1.3)}.", ""]

    # memory
    floor_rss = lessons["rss"]["(floor)"]
    worst = max((lessons["rss"][k] for k in names), default=float("nan"))
    lines += ["## Lessons: peak memory of the kernel (RSS)", "",
              f"Floor: the floor notebook's kernel, {floor_rss:.0f} MB.", "",
              "| notebook | peak RSS (MB) | ratio to floor |", "|---|---:|---:|"]
    lines += [f"| {k} | {lessons['rss'][k]:.0f} | {lessons['rss'][k] / floor_rss:.2f} |"
              for k in names]
    lines += ["", f"Target: <= 300 MB for every lesson. Highest: {worst:.0f} MB. "
                  f"Met: {_ok(worst <= 300)}.", ""]

    # imports
    ratio = imports["kit"] / imports["floor"]
    lines += ["## `import kit`", "",
              f"In a fresh Python, median of {imports['repeats']}.", "",
              "| what | milliseconds |", "|---|---:|",
              f"| `import kit` | {imports['kit'] * 1000:.1f} |",
              f"| floor: `import pandas, matplotlib.pyplot, ipywidgets` | {imports['floor'] * 1000:.1f} |",
              f"| **ratio** | **{ratio:.3f}** |", "",
              f"Target: <= 1.1. Met: {_ok(ratio <= 1.1)}. (`import kit` is lazy: pandas and "
              "the rest are imported on first use, so a lesson pays for them in its first "
              "kit call, which the lesson times above include.)", ""]

    # latency
    lines += ["## Quiz: click to feedback, in the browser", ""]
    if "skipped" in latency:
        lines += [f"Not measured: {latency['skipped']}.", ""]
    else:
        k, f = latency["kit"], latency["floor"]
        med_k, med_f = statistics.median(k), statistics.median(f)
        lines += [f"Chromium (headless) on JupyterLab; {len(k)} clicks each, after 2 to warm up; "
                  "from the click event to the feedback text changing (performance.now(), "
                  "MutationObserver). Floor: a plain ipywidgets button whose handler changes "
                  "an HTML widget (the same round trip to the kernel, without the kit).", "",
                  "| what | median ms | min ms | max ms |", "|---|---:|---:|---:|",
                  f"| kit quiz: Check answer -> feedback | {med_k:.1f} | {min(k):.1f} | {max(k):.1f} |",
                  f"| floor: button -> label | {med_f:.1f} | {min(f):.1f} | {max(f):.1f} |",
                  f"| **ratio of medians** | **{med_k / med_f:.2f}** | | |", "",
                  f"Target: median <= 100 ms. Met: {_ok(med_k <= 100)}.", ""]

    # detectors
    s, L = detectors["small"], detectors["large"]
    ts, tl = detectors["t_small"], detectors["t_large"]
    helpers = [h for h in ts if not h.startswith("(")]
    floor_key = "(floor: one regex pass)"
    sum_s, sum_l = sum(ts[h] for h in helpers), sum(tl[h] for h in helpers)
    lines += ["## Detectors on a synthetic corpus", "",
              f"{s} and {L} articles made from the five (sentences shuffled, names swapped "
              f"for variants); each time the median of {detectors['repeats'][0]} runs "
              f"({s}) or {detectors['repeats'][1]} runs ({L}), alternating. Linear growth means "
              f"t({L})/t({s}) = {L / s:g}.", "",
              f"| helper | {s} articles (s) | {L} articles (s) | t({L})/t({s}) | "
              f"{L} articles / floor |", "|---|---:|---:|---:|---:|"]
    for h in helpers + [floor_key]:
        lines.append(f"| {h} | {ts[h]:.3f} | {tl[h]:.3f} | {tl[h] / ts[h]:.2f} | "
                     f"{tl[h] / tl[floor_key]:.0f} |")
    lines.append(f"| **all four** | {sum_s:.3f} | {sum_l:.3f} | **{sum_l / sum_s:.2f}** | "
                 f"{sum_l / tl[floor_key]:.0f} |")
    growth_ok = all(tl[h] / ts[h] <= (L / s) * 1.15 for h in helpers)   # 15 % for noise
    lines += ["", f"Targets: at most linear (each ratio <= {L / s:g}, 15 % allowed for noise): "
                  f"{_ok(growth_ok)}; {L} articles in under 5 s (all four together): "
                  f"{_ok(sum_l < 5)}.", ""]

    # grading
    lines += ["## Grading a class (`benchmarks/grade_500.py`)", ""]
    if "skipped" in grading:
        lines += [f"Not measured: {grading['skipped']}.", ""]
    else:
        lines += ["| what | figure |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in grading.items()]
        lines += ["", "The ratio is `python -m kit grade` against reading the same files with "
                      "`csv.reader` alone (see the script).", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="a tiny run, to check the script works")
    p.add_argument("--out", help="where to write (default: benchmarks/RESULTS.md; "
                                 "with --quick: test-artifacts/RESULTS-quick.md)")
    p.add_argument("--no-browser", action="store_true", help="leave out the browser latency")
    args = p.parse_args(argv)
    out = Path(args.out) if args.out else (
        ROOT / "test-artifacts" / "RESULTS-quick.md" if args.quick else ROOT / "benchmarks" / "RESULTS.md")

    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        work = Path(tmp)
        os.environ["KIT_PROGRESS"] = str(work / "progress.sqlite3")   # never the user's store
        os.environ["KIT_STUDENT"] = "benchmark"
        os.environ.pop("KIT_CASE", None)
        m = machine()
        print("lessons ...", flush=True)
        lessons = bench_lessons(1 if args.quick else 5,
                                ["00_start.ipynb"] if args.quick else None, work)
        print("imports ...", flush=True)
        imports = bench_imports(3 if args.quick else 15)
        print("detectors ...", flush=True)
        detectors = bench_detectors(*((10, 100, 1) if args.quick else (100, 1000, 3)))
        print("browser ...", flush=True)
        latency = ({"skipped": "--no-browser"} if args.no_browser
                   else bench_latency(5 if args.quick else 30, work))
        print("grading ...", flush=True)
        grading = bench_grading(args.quick, work)
    text = report(m, lessons, imports, latency, detectors, grading, args.quick)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
