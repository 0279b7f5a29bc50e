"""Hostile and careless progress stores and names: nothing lost, nothing overwritten,
and no name ever becomes a path unchecked."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import warnings

import pytest
from hypothesis import given, strategies as st

import kit
import kit.store as P

from .conftest import kit_error


def add(n=1, **kw):
    for i in range(n):
        P.record(question=f"q{i}", bank="00_start", kind="choice", answer=i, correct=True,
                 score=1, possible=1, tags=("names",), **kw)


# ------------------------------------------------------------------- names

REFUSED = ["../../etc/passwd", "a/b", "a\\b", "..", ".", "...", "Ada\nLovelace", "Ada\rX",
           "Ada\x00", "\x1b[31mred", "x" * 81, "x" * 10_240, "Ada\u2028Lovelace", "Ada\u202eevil",
           "", "   ", "\t"]


@pytest.mark.parametrize("name", REFUSED, ids=range(len(REFUSED)))
def test_whoami_refuses(name):
    kit_error(lambda: kit.whoami(name), "name")


@pytest.mark.parametrize("name", [["Ada"], 12, None.__class__, b"Ada"], ids=["list", "int", "type", "bytes"])
def test_whoami_refuses_non_text(name):
    kit_error(lambda: kit.whoami(name), "not a name")


ACCEPTED = ["Zoë Ng", "Zoë\u00a0Ng", "Ada 🦊", "👩\u200d💻 Kim", "李小龙", "O'Neil", "Ana-María",
            "محمد", "=cmd", "@home", "-minus", "Ada    Lovelace"]


@pytest.mark.parametrize("name", ACCEPTED, ids=range(len(ACCEPTED)))
def test_whoami_accepts_real_names(name):
    kept = kit.whoami(name)
    assert kit.whoami() == kept == " ".join(p for p in name.split(" ") if p)
    add()
    assert set(kit.progress()["student"]) == {kept}


@given(st.text(min_size=1, max_size=90))
def test_generated_names(name):
    try:
        kept = P.check_name(name)
    except kit.KitError as err:
        assert err.field == "name" and err.fix
        bad = ("/" in name or "\\" in name or len(name.strip(" ")) > 80 or not name.strip()
               or any(not c.isprintable() and c not in "\u00a0\u200c\u200d" for c in name.strip(" "))
               or not name.strip(". \u00a0"))
        assert bad, f"{name!r} was refused"
    else:
        assert "/" not in kept and "\\" not in kept and len(kept) <= 80 and "\n" not in kept
        assert P.file_name(kept).endswith(".csv") and "/" not in P.file_name(kept)


@pytest.mark.parametrize("variable", ["KIT_STUDENT", "JUPYTERHUB_USER"])
@pytest.mark.parametrize("value", ["../../etc/passwd", "Ada\nMallory", "x" * 10_240, "a\x07b"],
                         ids=["path", "newline", "10KB", "bell"])
def test_environment_names_are_checked_like_whoami(monkeypatch, variable, value):
    monkeypatch.delenv("KIT_STUDENT", raising=False)
    monkeypatch.setenv(variable, value)
    with pytest.warns(P.ProgressWarning, match=variable):
        name = kit.whoami()
    assert name != value and "/" not in name and "\n" not in name and len(name) <= 80
    with pytest.warns(P.ProgressWarning):
        add()
    assert value not in set(kit.progress(everyone=True)["student"])


@pytest.mark.parametrize("student", ["../../etc/passwd", "a/b", "Ada\nB"])
def test_file_name_refuses_paths(student):
    kit_error(lambda: P.file_name(student), "student")


def test_file_name_of_odd_names():
    assert P.file_name('Bo: "x"?') == "Bo_ _x__.csv"
    assert P.file_name("Zoë 🦊") == "Zoë 🦊.csv"


# ------------------------------------------------------------------- stores

def _foreign_store(path, column: str, version: int):
    """A SQLite file that is not a store of this kit's schema: one row in a column of its own."""
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE submissions (id INTEGER PRIMARY KEY, {column} TEXT)")
        conn.execute(f"INSERT INTO submissions ({column}) VALUES ('keep me')")
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    return path


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    store = _foreign_store(tmp_path / "p.sqlite3", "future", 7)
    before = store.read_bytes()
    kit_error(lambda: add(path=store), "newer version", "left as it is")
    kit_error(lambda: kit.progress(path=store, everyone=True), "newer version")
    kit_error(lambda: P.export_progress(tmp_path / "o.csv", path=store), "newer version")
    assert store.read_bytes() == before
    assert not list(tmp_path.glob("*.unreadable-*"))


def test_incompatible_store_is_refused_and_left_untouched(tmp_path):
    store = _foreign_store(tmp_path / "p.sqlite3", "other", 1)
    before = store.read_bytes()
    err = kit_error(lambda: add(path=store), "not a progress store")
    assert "writable" not in str(err)
    assert store.read_bytes() == before


def test_relative_kit_progress_is_one_store(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KIT_PROGRESS", "answers/progress.sqlite3")
    stores = set()
    for folder in ("a", "b/c"):
        (tmp_path / folder).mkdir(parents=True)
        monkeypatch.chdir(tmp_path / folder)
        stores.add(P.store_path())
        add()
    assert stores == {tmp_path / "home" / "answers" / "progress.sqlite3"}
    assert len(kit.progress()) == 2


@pytest.mark.parametrize("time", ["yesterday", "23/12/2021", "", "2021-13-45T99:00", "0"])
def test_non_iso_time_does_not_break_progress(time):
    add(2)
    conn = sqlite3.connect(P.store_path())
    conn.execute("UPDATE submissions SET time = ? WHERE question = 'q0'", (time,))
    conn.commit()
    conn.close()
    frame = kit.progress()
    assert len(frame) == 2 and frame["time"].isna().sum() == 1
    assert len(P.progress_summary(frame)) >= 1


def test_answer_kept_when_the_lock_is_held_too_long(monkeypatch):
    add()                                            # the store exists
    monkeypatch.setattr(P, "_BUSY_MS", 200)
    holder = sqlite3.connect(P.store_path(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.warns(P.ProgressWarning, match="nothing was lost"):
            assert P.record(question="late", bank="00_start", kind="choice", answer="B",
                            correct=False, score=0, possible=1) is None
        journal = P.store_path().with_name(P.store_path().name + ".pending.jsonl")
        assert journal.exists()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    frame = kit.progress()
    assert list(frame["question"]) == ["q0", "late"]
    assert not journal.exists()
    add()                                            # and once more: nothing doubled
    assert list(kit.progress()["question"]) == ["q0", "late", "q0"]


def test_read_only_store_can_be_read_and_exported(tmp_path, monkeypatch):
    """A copied store nobody may write to: read and exported without a single byte changed.

    The tests run as root, who may write anywhere, so the store's own test of
    whether it may write is made to say no; the file is opened read-only."""
    folder = tmp_path / "copied"
    folder.mkdir()
    store = folder / "progress.sqlite3"
    add(3, path=store)
    store.chmod(0o444)
    folder.chmod(0o555)
    before = store.read_bytes()
    monkeypatch.setattr(P, "_writable", lambda path: False)
    try:
        assert len(kit.progress(path=store, everyone=True)) == 3
        assert P.whoami(path=store) == "test-student"
        out = P.export_progress(tmp_path / "a.csv", path=store)
        assert len(out.read_text().splitlines()) == 4
        assert store.read_bytes() == before
    finally:
        folder.chmod(0o755)


# ------------------------------------------------------------------- exports

def test_export_out_is_a_folder(tmp_path):
    add()
    (tmp_path / "x.csv").mkdir()
    kit_error(lambda: P.export_progress(tmp_path / "x.csv"), "folder")
    kit_error(lambda: P.export_progress(tmp_path), "csv or .json")


@pytest.mark.parametrize("errno_name", ["ENOSPC", "EACCES", "EROFS", "EDQUOT"])
def test_export_full_or_unwritable(tmp_path, monkeypatch, errno_name):
    import errno
    add()
    code = getattr(errno, errno_name)

    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    import kit._io   # the kit's one atomic writer, which every export goes through
    if errno_name in ("ENOSPC", "EDQUOT"):
        monkeypatch.setattr(kit._io.os, "fsync", failing)
    else:
        monkeypatch.setattr(kit._io.tempfile, "mkstemp", failing)
    out = tmp_path / "answers.csv"
    out.write_text("old\n")
    kit_error(lambda: P.export_progress(out), os.strerror(code), "nothing was written")
    assert out.read_text() == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv"]
    from kit.cli import main
    assert main(["export-progress", "--out", str(out)]) == 1


FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
            "'=already", "=1", "-", "@"]


@pytest.mark.parametrize("name", FORMULAS, ids=range(len(FORMULAS)))
def test_export_neutralises_formulas_and_grade_reads_them_back(tmp_path, name):
    import csv
    add(student=name)
    out = P.export_progress(tmp_path / "a.csv")
    cells = [row[1] for row in csv.reader(out.open(newline="", encoding="utf-8"))][1:]
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    from kit.teach.gradebook import read_submission
    assert {r["student"] for r in read_submission(out)} == {name}


@given(st.text(max_size=20))
def test_generated_cells_round_trip(value):
    from kit._io import spreadsheet_safe, spreadsheet_value
    safe = spreadsheet_safe(value)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert spreadsheet_value(safe) == value
