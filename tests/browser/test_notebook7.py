"""One lesson opened in Notebook 7 (``jupyter notebook``, /notebooks/<path>) and run.

JupyterLab is what ``./run lab`` opens; some classes use the classic-looking
Notebook 7 instead, so one lesson is checked there too: it runs without an
error and its quiz is drawn as widgets.
"""

from __future__ import annotations

import pytest

from browser.jupyter_driver import ROOT, NotebookPage, code_sources

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def lesson() -> str:
    """The first lesson after the start (01_*), else the start notebook."""
    names = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    later = [n for n in names if not n.startswith("00_")]
    return (later or names)[0]


def test_a_lesson_runs_in_notebook7(chromium, notebook_server):
    path = f"notebooks/{lesson()}"
    served = notebook_server.root / path
    nb = NotebookPage(chromium, notebook_server, path, name=f"nb7-{lesson()}")
    try:
        nb.open()
        nb.check(nb.page.locator("#jp-main-statusbar").count() == 0,
                 "this page looks like JupyterLab, not Notebook 7")
        cells = nb.run_all()
        nb.check_ran_cleanly(served, cells)
        if any("quiz(" in src for src, _tags in code_sources(served)):
            questions = sum(c["questions"] for c in cells)
            nb.check(questions >= 1, f"{path} shows a quiz, but Notebook 7 drew no question")
    finally:
        nb.close()
        notebook_server.shutdown_kernels(path)
