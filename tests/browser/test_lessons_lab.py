"""Every lesson notebook, opened in JupyterLab in Chromium and run with Run All.

Whatever notebooks/*.ipynb holds when the tests are collected is tested: no
cell shows an error, every cell ran, no widget failed to draw, and a lesson
that shows its quiz shows at least one question as widgets.
"""

from __future__ import annotations

import pytest

from browser.jupyter_driver import ROOT, NotebookPage

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
    finally:
        nb.close()
        lab_server.shutdown_kernels(path)
