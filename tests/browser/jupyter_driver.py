"""A real Jupyter server and a real Chromium, for the browser tests and the benchmarks.

* :class:`JupyterServer` starts ``jupyter lab`` or ``jupyter notebook`` on
  127.0.0.1 (a free port, a random token) over a temporary folder, with its
  own configuration (no news pop-up, every cell drawn), its own progress store
  (``KIT_PROGRESS``) and student name, and stops it again.
* :func:`launch_chromium` starts Debian's Chromium (``/usr/bin/chromium``)
  through Playwright; nothing is downloaded.
* :class:`NotebookPage` opens a notebook in a browser tab and does what a
  student does: Run All, restart the kernel, click and type.  Its
  :meth:`~NotebookPage.fail` saves a screenshot and the console log in
  ``test-artifacts/`` and names both in the message.

Nothing here depends on pytest, so ``benchmarks/run.py`` uses it too.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
STUDENT = "browser-test"

CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update",
                 "--disable-gpu", "--no-first-run", "--disable-sync"]

#: How long a whole notebook may take to run before we call it stuck (not a
#: timing assertion: only a guard so that a hung kernel fails instead of hanging).
RUN_LIMIT_S = 300

#: The WCAG 2.1 A and AA rules of axe-core, and the impacts a page must not have.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BLOCKING = ("serious", "critical")
#: What axe checks: the outputs of the notebook's cells (not JupyterLab itself).
OUTPUTS = ".jp-OutputArea-output"

# ------------------------------------------------------------------- browser


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        return (f"no Chromium at {CHROMIUM} (Debian/Ubuntu: apt-get install chromium; "
                "CI installs it in .ci/run)")
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    return None


def launch_chromium(playwright):
    """Headless Debian Chromium, started by Playwright (never a downloaded browser)."""
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--no-sandbox")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)


# -------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


class JupyterServer:
    """``jupyter lab`` (``app="lab"``) or ``jupyter notebook`` (``app="notebook"``).

    ``workdir`` is a temporary folder; the server serves ``workdir/root``,
    where :meth:`copy_notebooks` puts a copy of ``notebooks/``.
    """

    def __init__(self, workdir: Path, app: str = "lab"):
        if app not in ("lab", "notebook"):
            raise ValueError(app)
        self.app = app
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        self.root.mkdir(parents=True, exist_ok=True)
        self.config_dir = self.workdir / "jupyter-config"
        self.progress = self.workdir / "progress" / "progress.sqlite3"
        self.log_path = self.workdir / "server.log"
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self._log = None

    # -- files
    def copy_notebooks(self) -> Path:
        target = self.root / "notebooks"
        shutil.copytree(ROOT / "notebooks", target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        return target

    def _configure(self) -> None:
        settings = self.config_dir / "lab" / "user-settings" / "@jupyterlab"
        # The "get notified about Jupyter news?" pop-up covers the notebook.
        _write_json(settings / "apputils-extension" / "notification.jupyterlab-settings",
                    {"fetchNews": "false", "checkForUpdates": False})
        # Draw every cell, not only those in view, so that the page holds them all.
        _write_json(settings / "notebook-extension" / "tracker.jupyterlab-settings",
                    {"windowingMode": "none"})

    def env(self) -> dict:
        env = dict(os.environ)
        env.pop("KIT_CASE", None)
        env.update({
            "JUPYTER_CONFIG_DIR": str(self.config_dir),
            "JUPYTER_DATA_DIR": str(self.workdir / "jupyter-data"),
            "JUPYTER_RUNTIME_DIR": str(self.workdir / "jupyter-runtime"),
            "IPYTHONDIR": str(self.workdir / "ipython"),
            "KIT_PROGRESS": str(self.progress),
            "KIT_STUDENT": STUDENT,
        })
        return env

    # -- life
    def start(self, limit_s: float = 120) -> "JupyterServer":
        self._configure()
        module = "jupyterlab" if self.app == "lab" else "notebook"
        cmd = [sys.executable, "-m", module, "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(cmd, env=self.env(), cwd=self.workdir,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter {self.app} exited with {self.process.returncode}:\n"
                                   + self.log_tail())
            try:
                self.api("GET", "/api/status", timeout=2)
                return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter {self.app} did not answer on {self.base} within "
                           f"{limit_s:.0f} s:\n" + self.log_tail())

    def stop(self) -> None:
        """Stop the server (SIGTERM; it shuts its kernels down) and anything it left."""
        if self.process is None:
            return
        children = []
        try:
            import psutil

            children = psutil.Process(self.process.pid).children(recursive=True)
        except Exception:
            pass
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for child in children:          # kernels this server started, by their pid
            try:
                if child.is_running():
                    child.kill()
            except Exception:
                pass
        self.process = None
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no server log)"
        return "\n".join(lines[-n:])

    # -- REST
    def api(self, method: str, path: str, timeout: float = 10):
        request = urllib.request.Request(self.base + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def kernels(self) -> list[dict]:
        return self.api("GET", "/api/kernels")

    def shutdown_kernels(self, path: str | None = None) -> None:
        """Shut down the kernels of the notebook ``path`` (default: every kernel)."""
        if path is None:
            ids = [k["id"] for k in self.kernels()]
        else:
            ids = [s["kernel"]["id"] for s in self.api("GET", "/api/sessions")
                   if s.get("path") == path and s.get("kernel")]
        for kernel_id in ids:
            try:
                self.api("DELETE", f"/api/kernels/{kernel_id}", timeout=30)
            except (OSError, urllib.error.URLError):
                pass

    def url(self, path: str, workspace: str | None = None) -> str:
        """The address that opens ``path`` (relative to the served root)."""
        path = path.replace(os.sep, "/")
        if self.app == "lab":
            prefix = f"/lab/workspaces/{workspace}/tree/" if workspace else "/lab/tree/"
        else:
            prefix = "/notebooks/"
        return f"{self.base}{prefix}{urllib.request.quote(path)}?token={self.token}"


# ----------------------------------------------------------- generated files


def write_notebook(path: Path, sources: list[str]) -> Path:
    """A notebook of code cells, with a kernelspec (so no "Select Kernel" dialog)."""
    cells = [{"cell_type": "code", "execution_count": None, "id": f"cell-{i}",
              "metadata": {}, "outputs": [], "source": src} for i, src in enumerate(sources)]
    nb = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                      "language": "python", "name": "python3"},
                       "language_info": {"name": "python"}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


def code_sources(notebook: Path) -> list[tuple[str, list[str]]]:
    """``(source, tags)`` of each code cell of a notebook file, in order."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            out.append((src, list(cell.get("metadata", {}).get("tags", []))))
    return out


# --------------------------------------------------------------------- pages

_JS_HELPERS = r"""
window.__kit = window.__kit || {};
__kit.panel = () => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
__kit.prompts = () => { const p = __kit.panel(); return p ? [...p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')] : []; };
__kit.idle = () => {
  const p = __kit.panel(); if (!p) return false;
  const ind = p.querySelector('.jp-Notebook-ExecutionIndicator');
  if (!ind || ind.dataset.status !== 'idle') return false;
  const name = p.querySelector('.jp-Toolbar-kernelName');
  if (name && /no kernel|starting|connecting|unknown/i.test(name.textContent)) return false;
  const bar = document.querySelector('#jp-main-statusbar');   // JupyterLab only
  if (bar && !/\|\s*Idle/.test(bar.textContent)) return false;
  return true;
};
__kit.watchRun = () => {
  const p = __kit.panel();
  if (__kit.obs) __kit.obs.disconnect();
  __kit.run = {started: false};
  __kit.obs = new MutationObserver(muts => {
    for (const m of muts) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (el && el.closest && el.closest('.jp-InputArea-prompt')) { __kit.run.started = true; return; }
    }
  });
  __kit.obs.observe(p, {subtree: true, childList: true, characterData: true});
};
__kit.runDone = () => __kit.run && __kit.run.started && __kit.idle()
  && !__kit.prompts().some(x => x.textContent.trim() === '[*]:');
__kit.cells = () => {
  const p = __kit.panel();
  return [...p.querySelectorAll('.jp-CodeCell')].map(c => ({
    prompt: (c.querySelector('.jp-InputArea-prompt') || {textContent: ''}).textContent.trim(),
    outputs: [...c.querySelectorAll('.jp-OutputArea-output')].map(o => ({
      mime: o.getAttribute('data-mime-type') || '',
      cls: (o.parentElement && o.parentElement.className) || '',
      text: o.innerText})),
    quizzes: c.querySelectorAll('.kit-quiz').length,
    questions: c.querySelectorAll('.kit-question').length,
  }));
};
"""

TRACEBACK = re.compile(r"Traceback \(most recent call last\)")
WIDGET_FAILURE = re.compile(r"Error displaying widget|Error creating widget|Failed to load model"
                            r"|Loading widget\.\.\.|Model not found", re.I)
EXECUTION_NUMBER = re.compile(r"^\[\d+\]:$")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:120] or "page"


_OPEN_PAGES: list["NotebookPage"] = []


def open_pages() -> list["NotebookPage"]:
    """Pages not yet closed (the test hook saves their screenshots on a failure)."""
    return list(_OPEN_PAGES)


class NotebookPage:
    """One browser tab on one notebook."""

    def __init__(self, browser, server: JupyterServer, path: str, *, name: str | None = None):
        self.server = server
        self.path = path
        self.name = _slug(name or path)
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.console: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.failed_requests: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda err: self._log("pageerror", str(err), error=True))
        self.page.on("dialog", self._on_dialog)
        self.page.on("requestfailed", lambda r: self.failed_requests.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.failed_requests.append(
            f"{r.status} {r.url}"))
        self.workspace = f"w{secrets.token_hex(4)}"
        _OPEN_PAGES.append(self)

    # -- events
    def _log(self, kind: str, text: str, error: bool = False) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {kind}: {text}"
        self.console.append(line)
        if error:
            self.console_errors.append(text)

    def _on_console(self, msg) -> None:
        self._log(f"console.{msg.type}", msg.text, error=msg.type == "error")

    def _on_dialog(self, dialog) -> None:
        if dialog.type == "beforeunload":     # "leave the page?" on a reload: leave
            self._log("dialog", "beforeunload (accepted)")
            dialog.accept()
            return
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        self._log("dialog", f"{dialog.type}: {dialog.message}", error=True)
        dialog.dismiss()

    # -- failure reports
    def save_artifacts(self, label: str = "") -> tuple[Path, Path]:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = ARTIFACTS / f"{self.name}{'-' + _slug(label) if label else ''}-{int(time.time())}"
        shot, log = stem.with_suffix(".png"), stem.with_suffix(".console.log")
        try:
            self.page.screenshot(path=str(shot), full_page=True)
        except Exception as err:       # a crashed page cannot be photographed
            shot = Path(f"(no screenshot: {err})")
        log.write_text("\n".join(self.console) + "\n\n--- server log (tail) ---\n"
                       + self.server.log_tail(80) + "\n", encoding="utf-8")
        return shot, log

    def fail(self, message: str):
        shot, log = self.save_artifacts("failure")
        raise AssertionError(f"{message}\n  screenshot: {shot}\n  console log: {log}")

    def check(self, condition, message: str) -> None:
        if not condition:
            self.fail(message)

    # -- driving
    def open(self) -> "NotebookPage":
        self.page.goto(self.server.url(self.path, self.workspace))
        self.page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
        self.page.evaluate(_JS_HELPERS)
        self.wait_idle()
        return self

    def reload(self) -> None:
        self.page.reload()
        self.page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
        self.page.evaluate(_JS_HELPERS)
        self.wait_idle()

    def wait_idle(self, timeout_s: float = 120) -> None:
        try:
            self.page.wait_for_function("() => window.__kit && __kit.idle()",
                                        timeout=timeout_s * 1000)
        except Exception:
            self.fail(f"{self.path}: the kernel did not become idle")

    def menu(self, top: str, item: str) -> None:
        """Click a menu bar entry (its exact label), then an item of its menu (``item``
        is a regular expression for the item's whole label)."""
        self.page.locator(".lm-MenuBar-item").filter(
            has_text=re.compile(rf"^\s*{re.escape(top)}\s*$")).first.click()
        label = self.page.locator(".lm-Menu-itemLabel").filter(
            has_text=re.compile(rf"^\s*{item}\s*$"))
        self.page.locator(".lm-Menu-item:visible").filter(has=label).first.click()

    def run_all(self, limit_s: float = RUN_LIMIT_S) -> list[dict]:
        """Run All Cells, as a student does, and wait until the kernel is done.

        A click on Run All before the kernel has connected is silently ignored,
        so: wait for Idle, click, and try again when no prompt changes.
        """
        for _attempt in range(4):
            self.wait_idle()
            self.page.evaluate("__kit.watchRun()")
            self.menu("Run", "Run All Cells")
            try:
                self.page.wait_for_function("() => __kit.run.started", timeout=10_000)
                break
            except Exception:
                self.page.keyboard.press("Escape")
        else:
            self.fail(f"{self.path}: Run All Cells did not start (4 tries)")
        try:
            self.page.wait_for_function("() => __kit.runDone()", timeout=limit_s * 1000,
                                        polling=250)
        except Exception:
            self.fail(f"{self.path}: the cells did not finish within {limit_s:.0f} s")
        return self.cells()

    def cells(self) -> list[dict]:
        return self.page.evaluate("__kit.cells()")

    def restart_kernel(self) -> None:
        self.menu("Kernel", "Restart Kernel…?")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator("button.jp-mod-accept").click()
        dialog.wait_for(state="detached")
        self.page.wait_for_timeout(500)   # the indicator leaves "idle" only after the restart begins
        self.wait_idle()

    def close(self) -> None:
        if self in _OPEN_PAGES:
            _OPEN_PAGES.remove(self)
        try:
            self.context.close()
        except Exception:
            pass

    # -- what a person sees
    def screenshot(self, path: Path) -> Path:
        """A picture of the whole notebook, every cell, as a student scrolls through it.

        JupyterLab scrolls the notebook inside a fixed-height panel, so a
        full-page screenshot would show only the first screen: the window is
        made as tall as the notebook first, and put back afterwards.
        """
        size = self.page.viewport_size
        height = self.page.evaluate("""() => {
            const p = __kit.panel();
            const scroller = p.querySelector('.jp-WindowedPanel-outer') || p.querySelector('.jp-Notebook');
            return Math.ceil(scroller.scrollHeight - scroller.clientHeight + window.innerHeight);
        }""")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 30_000)})
            self.page.wait_for_timeout(500)         # let the layout settle at the new size
            self.page.evaluate("""() => {
                const p = __kit.panel();
                for (const el of p.querySelectorAll('.jp-WindowedPanel-outer, .jp-Notebook')) el.scrollTop = 0;
            }""")
            self.page.wait_for_timeout(200)
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(size)
        return path

    def axe(self, selector: str = OUTPUTS) -> list[dict]:
        """axe-core's WCAG 2.1 A/AA violations inside ``selector`` (every match of it).

        axe-core comes inside the Python package axe-playwright-python (installed
        with the test extra), so nothing is downloaded here.  Each violation:
        ``{"id", "impact", "help", "nodes": [{"target", "html", "summary"}]}``.
        """
        from axe_playwright_python.base import AXE_SCRIPT

        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_SCRIPT)
        return self.page.evaluate("""async ([selector, tags]) => {
            if (!document.querySelector(selector)) return [];
            const result = await axe.run({include: [selector]},
                {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 300),
                                          summary: n.failureSummary}))}));
        }""", [selector, AXE_TAGS])

    # -- checks
    def check_ran_cleanly(self, notebook_file: Path, cells: list[dict]) -> None:
        """Every code cell ran, none shows an error (except ``raises-exception`` cells),
        and no widget failed to draw."""
        sources = code_sources(notebook_file)
        self.check(len(cells) == len(sources),
                   f"{self.path}: the page shows {len(cells)} code cells, the file has {len(sources)}")
        for n, (cell, (src, tags)) in enumerate(zip(cells, sources), 1):
            first = src.strip().splitlines()[0] if src.strip() else "(empty)"
            where = f"{self.path}, code cell {n} ({first[:60]!r})"
            if "raises-exception" not in tags:
                for out in cell["outputs"]:
                    if TRACEBACK.search(out["text"]) and "stderr" in out["mime"] + out["cls"]:
                        self.fail(f"{where} shows an error:\n{out['text'][:1500]}")
            self.check(EXECUTION_NUMBER.match(cell["prompt"]) or not src.strip(),
                       f"{where} did not run (prompt {cell['prompt']!r})")
            for out in cell["outputs"]:
                if WIDGET_FAILURE.search(out["text"]):
                    self.fail(f"{where}: a widget did not render: {out['text'][:300]!r}")
                if "executeResult" in out["cls"] and "To answer in code:" in out["text"] \
                        and not cell["questions"]:
                    self.fail(f"{where}: a quiz fell back to plain text (no widget drawn)")
