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
