"""Every lesson, run in JupyterLab on a case whose every text field holds markup.

The case is the kit's own, rewritten by :mod:`browser.hostile_case`: script
tags, ``onerror``/``onload``/``ontoggle`` handlers, ``javascript:`` links and
an ``iframe srcdoc`` in the articles' texts and metadata, in every text
column of the key, in every question bank and in the sources.  Each lesson
runs with ``KIT_CASE`` pointing at it (one server for all of them); then
nothing may have run (``window.__pwned`` unset, no dialog), no element or
handler from the payloads may be in the outputs, and payloads must be shown
as text, so the test knows they reached the page.
"""

from __future__ import annotations

import re

import pytest

from browser.hostile_case import PAYLOADS, write_hostile_case
from browser.jupyter_driver import ROOT, JupyterServer, NotebookPage

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Elements and attributes the payloads would create if they were read as HTML.
INJECTED = r"""() => {
  const out = [...document.querySelectorAll('.jp-OutputArea-output')];
  const inside = sel => out.flatMap(o => [...o.querySelectorAll(sel)]);
  const handlers = inside('*').filter(e => [...e.attributes].some(
      a => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)));
  return {
    pwned: typeof window.__pwned,
    scripts: inside('script').filter(s => s.textContent.includes('__pwned')).length,
    images: inside('img').filter(i => /(^|\/)x(\?|$)/.test(i.getAttribute('src') || '')).length,
    iframes: inside('iframe[srcdoc]').length,
    svgs: inside('svg[onload]').length,
    details: inside('details[ontoggle]').length,
    handlers: handlers.map(e => e.outerHTML.slice(0, 120)),
  };
}"""
CLEAN = {"pwned": "undefined", "scripts": 0, "images": 0, "iframes": 0, "svgs": 0,
         "details": 0, "handlers": []}


def test_hostile_case_is_valid(tmp_path):
    import kit
    from kit.teach.check_case import check_case

    case = write_hostile_case(tmp_path / "hostile")
    assert check_case(case) == []
    articles = kit.load_articles(case)
    shown = " ".join(articles[["outlet", "headline", "origin", "summary"]].to_numpy().ravel())
    assert all(p in shown for p in PAYLOADS)
    assert all(any(text.startswith(p) for p in PAYLOADS) for text in articles["text"])


@pytest.fixture(scope="module")
def hostile_server(chromium, tmp_path_factory):
    """``jupyter lab`` over a copy of notebooks/, with ``KIT_CASE`` set to the hostile case."""
    case = write_hostile_case(tmp_path_factory.mktemp("hostile-case") / "case")
    server = JupyterServer(tmp_path_factory.mktemp("hostile-lab"), app="lab")
    server.copy_notebooks()
    plain_env = server.env
    server.env = lambda: {**plain_env(), "KIT_CASE": str(case)}
    server.start()
    yield server
    server.stop()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("notebook", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_shows_markup_as_text(chromium, hostile_server, notebook):
    path = f"notebooks/{notebook.name}"
    nb = NotebookPage(chromium, hostile_server, path, name=f"hostile-{notebook.stem}")
    try:
        nb.open()
        cells = nb.run_all()
        nb.check_ran_cleanly(hostile_server.root / path, cells)
        nb.page.wait_for_timeout(500)       # give an injected handler time to fire
        injected = nb.page.evaluate(INJECTED)
        nb.check(injected == CLEAN, f"{path}: markup from the case ran or became elements: "
                                    f"{injected}")
        nb.check(not nb.dialogs, f"{path}: a dialog opened: {nb.dialogs}")
        visible = "\n".join(o["text"] for c in cells for o in c["outputs"])
        shown = [p for p in PAYLOADS if p in visible]
        nb.check(shown, f"{path}: no payload is visible as text in the outputs, so the test "
                        f"cannot tell that the case reached the page:\n{visible[:1500]}")
        from_payload = [e for e in nb.console_errors + nb.failed_requests
                        if "__pwned" in e or re.search(r"/x(\?|$)", e)]
        nb.check(not from_payload, f"{path}: errors or requests caused by the markup: "
                                   f"{from_payload}")
    finally:
        nb.close()
        hostile_server.shutdown_kernels(path)
