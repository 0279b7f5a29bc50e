"""Every lesson notebook, opened in JupyterLab in Chromium and run with Run All.

Whatever notebooks/*.ipynb holds when the tests are collected is tested: no
cell shows an error, every cell ran, no widget failed to draw, and a lesson
that shows its quiz shows at least one question as widgets.

Each run lesson is also checked with axe-core (WCAG 2.1 A and AA rules) inside
the cells' outputs: no serious or critical violation.  A picture of the whole
lesson and axe's full report are kept in ``test-artifacts/lessons/`` for people
to look at.
"""

from __future__ import annotations

import pytest

import json

from browser.jupyter_driver import ARTIFACTS, AXE_BLOCKING, ROOT, NotebookPage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def shows_quiz(sources) -> bool:
    return any("lesson_quiz(" in src or "load_quiz(" in src for src, _tags in sources)


@pytest.mark.parametrize("notebook", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_in_jupyterlab(chromium, lab_server, notebook):
    from browser.jupyter_driver import code_sources

    path = f"notebooks/{notebook.name}"
    served = lab_server.root / path
    nb = NotebookPage(chromium, lab_server, path, name=f"lab-{notebook.stem}")
    try:
        nb.open()
        cells = nb.run_all()
        nb.check_ran_cleanly(served, cells)
        quizzes = sum(c["quizzes"] for c in cells)
        questions = sum(c["questions"] for c in cells)
        if shows_quiz(code_sources(served)):
            nb.check(quizzes >= 1 and questions >= 1,
                     f"{path} calls a quiz, but the page shows {quizzes} quiz widgets "
                     f"and {questions} questions")
        nb.check(not nb.dialogs, f"{path}: a browser dialog opened: {nb.dialogs}")
        check_accessible(nb, notebook.stem)
    finally:
        nb.close()
        lab_server.shutdown_kernels(path)


def check_accessible(nb: NotebookPage, stem: str) -> None:
    """Keep a picture of the lesson and axe's report; fail on a serious or critical violation."""
    folder = ARTIFACTS / "lessons"
    nb.screenshot(folder / f"{stem}.png")
    violations = nb.axe()
    (folder / f"{stem}.axe.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    blocking = [v for v in violations if v["impact"] in AXE_BLOCKING]
    nb.check(not blocking, f"{nb.path}: {sum(len(v['nodes']) for v in blocking)} serious or critical "
                           "accessibility problems (axe-core, WCAG 2.1 AA) in the outputs:\n"
             + "\n".join(f"  {v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}; e.g. "
                         f"{v['nodes'][0]['html'][:160]}" for v in blocking))
