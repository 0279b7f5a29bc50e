"""``./run lab`` as a student or an instructor starts it, from a fresh copy of the repository.

The server must open at the repository's root (so that ``exercises/``,
``data/``, README.md and INSTRUCTORS.md are in the file browser), open the
first lesson, and start as root too (Binder-like containers and many lab
machines run as root; CI does).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
START_LIMIT_S = 90      # a guard against a hung server, not a timing assertion


def _fresh_copy(dest: Path) -> Path:
    """What a fresh clone holds once the work in progress is committed: every file
    git tracks or would track (untracked files that .gitignore does not exclude)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, listed):
        src = ROOT / os.fsdecode(name)
        if src.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_bytes())
            target.chmod(src.stat().st_mode)
    return dest


def _installed_for_this_tree() -> bool:
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + (ROOT / "run").read_bytes()).hexdigest()
    have = (VENV / ".kit-installed")
    return have.is_file() and have.read_text().strip() == want


def _get(url: str, token: str):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_run_lab_serves_the_repository_and_opens_the_first_lesson(tmp_path):
    if not _installed_for_this_tree():
        pytest.fail(f"{VENV} was not set up by ./run for this pyproject.toml and run; "
                    "start the tests with ./run test, which sets it up first")
    clone = _fresh_copy(tmp_path / "five-accounts")
    home = tmp_path / "home"
    home.mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "KIT_VENV": str(VENV),
           "KIT_PROGRESS": str(home / "progress.sqlite3")}
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["./run", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
             f"--IdentityProvider.token={token}"],
            cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_LIMIT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"./run lab exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                _get(f"{base}/api/status", token)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"./run lab did not answer in {START_LIMIT_S} s:\n"
                                f"{log.read_text(errors='replace')[-3000:]}")
                time.sleep(0.5)

        top = {item["name"] for item in _get(f"{base}/api/contents/", token)["content"]}
        assert {"notebooks", "exercises", "data", "README.md", "INSTRUCTORS.md"} <= top, top

        lesson = _get(f"{base}/api/contents/notebooks/00_start.ipynb", token)
        assert lesson["type"] == "notebook" and lesson["content"]["cells"]

        exercises = _get(f"{base}/api/contents/exercises", token)["content"]
        names = {item["name"] for item in exercises}
        assert {p.name for p in (ROOT / "exercises").glob("*.ipynb")} <= names, names

        # The page the server opens (what a browser would be sent to) is the first lesson.
        runtime = home / ".local" / "share" / "jupyter" / "runtime"
        opened = " ".join(p.read_text() for p in runtime.glob("jpserver-*open.html"))
        assert "lab/tree/notebooks/00_start.ipynb" in opened, opened[:2000]

        if os.geteuid() == 0:
            assert "--allow-root" in Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode().replace("\0", " ")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
