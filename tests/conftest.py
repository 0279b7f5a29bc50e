"""Shared fixtures: small throw-away cases built from the default one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(autouse=True)
def _private_progress(tmp_path_factory, monkeypatch):
    """Every test writes answers to its own store, never to the user's home."""
    store = tmp_path_factory.mktemp("progress") / "progress.sqlite3"
    monkeypatch.setenv("KIT_PROGRESS", str(store))
    monkeypatch.delenv("KIT_CASE", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("KIT_STUDENT", "test-student")


@pytest.fixture
def make_case(tmp_path):
    """Return a function that copies the default case's articles into a new folder."""

    def make(name: str = "case", *, annotations: bool = False) -> Path:
        case = tmp_path / name
        (case / "articles").mkdir(parents=True)
        for f in (DATA / "articles").iterdir():
            shutil.copy2(f, case / "articles" / f.name)
        shutil.copy2(DATA / "articles.csv", case / "articles.csv")
        if annotations and (DATA / "annotations").is_dir():
            shutil.copytree(DATA / "annotations", case / "annotations")
        return case

    return make


FIXTURES = ROOT / "tests" / "fixtures"


def keyless_case(folder: Path, files, metadata: dict[str, dict]) -> Path:
    """A case made by ``new-case`` from ``files``, with articles.csv filled from ``metadata``
    (``{file name: {column: value}}``), as an instructor would fill it; no key is written."""
    import csv
    import io

    from kit.teach.new_case import new_case

    case = new_case(folder, files)
    with open(case / "articles.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row.update({k: v for k, v in metadata.get(row["file"], {}).items() if k not in ("id", "file")})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (case / "articles.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
    return case


def metadata_of(*indexes: Path) -> dict[str, dict]:
    """``{file: row}`` from articles.csv files."""
    import csv

    rows = {}
    for index in indexes:
        with open(index, encoding="utf-8", newline="") as f:
            rows.update({r["file"]: r for r in csv.DictReader(f)})
    return rows


def run_notebook(notebook: Path, case: Path, what: str) -> str:
    """Run a lesson on ``case`` (through $KIT_CASE, which the kernel inherits); return its text output.

    A cell that fails fails the test, naming the lesson and ``what`` case it is."""
    import os

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(notebook, as_version=4)
    old = os.environ.get("KIT_CASE")
    os.environ["KIT_CASE"] = str(case)
    try:
        NotebookClient(nb, timeout=180, kernel_name="python3",
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
    except CellExecutionError as err:
        pytest.fail(f"{notebook.name} fails on {what}:\n{err}", pytrace=False)
    finally:
        if old is None:
            os.environ.pop("KIT_CASE", None)
        else:
            os.environ["KIT_CASE"] = old
    return "\n".join(out.get("text") or out.get("data", {}).get("text/plain", "")
                     for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", []))
