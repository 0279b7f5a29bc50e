"""Tests touch nothing real: kernels started during the run see a home and a
progress store of the run's own, never the user's."""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir).resolve()


def _inside(path: str, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def test_the_run_has_its_own_home_and_store():
    home = Path(os.environ["KIT_TEST_HOME"])
    assert home.resolve() != REAL_HOME
    assert _inside(os.environ["HOME"], home)
    # tests/conftest.py gives each test a store of its own, elsewhere in the temporary folder
    assert not _inside(os.environ["KIT_PROGRESS"], REAL_HOME)


def test_a_kernel_started_by_the_tests_sees_the_same(tmp_path):
    # What nbval does for every notebook: a fresh kernel from this process's environment.
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import json, os\n"
        "print(json.dumps({k: os.environ.get(k) for k in ('HOME', 'KIT_PROGRESS', 'KIT_STUDENT')}))")]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    seen = json.loads(nb.cells[0].outputs[0]["text"])
    home = Path(os.environ["KIT_TEST_HOME"])
    assert _inside(seen["HOME"], home), seen
    assert seen["KIT_PROGRESS"] == os.environ["KIT_PROGRESS"], seen
    assert not _inside(seen["KIT_PROGRESS"], REAL_HOME), seen
    assert seen["KIT_STUDENT"] == "test-student"


def test_the_benchmark_keeps_its_own_home_and_store(tmp_path, monkeypatch):
    # benchmarks/run.py sets these before it starts any kernel or server, which inherit them
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_run", Path(__file__).resolve().parent.parent / "benchmarks" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(os, "environ", dict(os.environ, KIT_CASE="somewhere"))
    bench.private_home(tmp_path)
    assert _inside(os.environ["HOME"], tmp_path)
    assert _inside(os.environ["KIT_PROGRESS"], tmp_path)
    assert not _inside(os.environ["KIT_PROGRESS"], REAL_HOME)
    assert "KIT_CASE" not in os.environ
