"""Fixtures for the browser tests: Chromium, and one Jupyter server per test module.

Without /usr/bin/chromium the browser tests are skipped, and the summary says
why (``-rs``); in CI (``CI=true``) a missing browser fails them instead, so
that CI never passes without having run them.  ``KIT_CHROMIUM`` names
another Chromium binary.
"""

from __future__ import annotations

import os

import pytest

from browser.jupyter_driver import JupyterServer, chromium_problem, launch_chromium, open_pages


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium (Playwright driving Debian's /usr/bin/chromium).

    Module-scoped, not session-scoped: Playwright's sync API keeps an event
    loop running in this thread while it is started, and the other test files
    that xdist sends to the same worker afterwards need asyncio.run() to work.
    """
    problem = chromium_problem()
    if problem:
        if in_ci():
            pytest.fail(f"browser tests cannot run in CI: {problem}", pytrace=False)
        pytest.skip(f"browser tests skipped: {problem}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def start_server(tmp_path_factory, app: str, name: str) -> JupyterServer:
    server = JupyterServer(tmp_path_factory.mktemp(name), app=app)
    server.copy_notebooks()
    return server.start()


@pytest.fixture(scope="module")
def lab_server(chromium, tmp_path_factory):
    """``jupyter lab`` over a copy of notebooks/, with its own progress store."""
    server = start_server(tmp_path_factory, "lab", "lab")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def notebook_server(chromium, tmp_path_factory):
    """Notebook 7's ``jupyter notebook`` over a copy of notebooks/."""
    server = start_server(tmp_path_factory, "notebook", "notebook")
    yield server
    server.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On any failure (a time-out too), keep a screenshot and the console of each open page."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when in ("call", "setup"):
        saved = []
        for page in open_pages():
            try:
                shot, log = page.save_artifacts(item.name)
                saved.append(f"{page.path}: screenshot {shot}, console log {log}")
            except Exception as err:   # never hide the real failure
                saved.append(f"{page.path}: could not save artifacts ({err})")
        if saved:
            report.sections.append(("browser artifacts", "\n".join(saved)))
