"""The progress store: records, names, exports, concurrent kernels, kills and corrupt files.

Every test writes to its own store: conftest.py points KIT_PROGRESS into tmp.
"""

from __future__ import annotations

import csv
import importlib
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kit.errors import KitError
from kit.quiz import load_quiz

P = importlib.import_module("kit.store")
ROOT = Path(__file__).resolve().parent.parent


def add(n: int = 1, **fields) -> None:
    for i in range(n):
        row = dict(question=f"q{i}", bank="00_start", kind="choice", answer={"picked": i},
                   correct=i % 2 == 0, score=float(i % 2 == 0), possible=1.0, tags=("names",))
        row.update(fields)
        P.record(**row)


def integrity(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def child_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "KIT_STUDENT"}
    env.update(extra)
    return env


# -------------------------------------------------------------- basics

def test_record_and_read_back():
    """Does a recorded submission come back with every column, its answer and a UTC time?"""
    add(2)
    df = P.progress()
    assert list(df.columns) == list(P.COLUMNS)
    assert len(df) == 2
    first = df.iloc[0]
    assert (first.student, first.bank, first.question, first.kind) == \
        ("test-student", "00_start", "q0", "choice")
    assert json.loads(first.answer) == {"picked": 0}
    assert bool(first.correct) is True and first.score == 1.0 and first.possible == 1.0
    assert first.tags == "names"
    assert str(df["time"].dt.tz) == "UTC"


def test_time_is_stored_as_utc_iso():
    """Is the stored time an ISO 8601 text in UTC?"""
    add()
    with sqlite3.connect(P.store_path()) as conn:
        (stamp,) = conn.execute("SELECT time FROM submissions").fetchone()
    assert stamp.endswith("+00:00") and "T" in stamp


def test_store_is_in_wal_mode():
    """Is the store in WAL mode, so that readers never block a writer?"""
    add()
    with sqlite3.connect(P.store_path()) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_path_env_and_default(monkeypatch, tmp_path):
    """Is the store at $KIT_PROGRESS, and otherwise in ~/.five-accounts/ of the user's home?"""
    assert P.store_path() == Path(os.environ["KIT_PROGRESS"])
    monkeypatch.delenv("KIT_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert P.store_path() == tmp_path / ".five-accounts" / "progress.sqlite3"


def test_progress_filters_by_student():
    """Does progress() give the current student's rows, progress(name) one student's, everyone=True all?"""
    add(2)
    add(3, student="bob")
    assert len(P.progress()) == 2
    assert len(P.progress("bob")) == 3
    assert len(P.progress(everyone=True)) == 5
    assert len(P.progress("nobody")) == 0


def test_progress_of_a_missing_store_is_empty_and_creates_nothing():
    """Does reading a store that does not exist give an empty table without creating a file?"""
    df = P.progress()
    assert len(df) == 0 and list(df.columns) == list(P.COLUMNS)
    assert not P.store_path().exists()


def test_kit_progress_is_callable_after_the_module_is_imported():
    """Does kit.progress() work after kit.whoami / `import kit.progress` made it the module?"""
    import kit

    kit.whoami()
    add()
    assert len(kit.progress()) == 1
    assert len(kit.progress(everyone=True)) == 1


# ------------------------------------------------------------------ names

def test_whoami_default_is_env_then_hub_user_then_login(monkeypatch):
    """Without a stored name, is the name $KIT_STUDENT, else $JUPYTERHUB_USER, else the login name?"""
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-ada")
    assert P.whoami() == "test-student"
    monkeypatch.delenv("KIT_STUDENT")
    assert P.whoami() == "hub-ada"
    monkeypatch.delenv("JUPYTERHUB_USER")
    monkeypatch.setattr(P.getpass, "getuser", lambda: "login-ada")
    assert P.whoami() == "login-ada"


def test_whoami_persists_across_kernels():
    """Is a name set with whoami("...") used by a new kernel (a new process) too?"""
    assert P.whoami("  Ada   Lovelace ") == "Ada Lovelace"
    assert P.whoami() == "Ada Lovelace"
    code = ("import kit, kit.store as p; print(kit.whoami()); "
            "p.record(question='x', bank='b', kind='text', answer='a', correct=True, "
            "score=1, possible=1)")
    out = subprocess.run([sys.executable, "-c", code], env=child_env(), capture_output=True,
                         text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "Ada Lovelace"
    assert list(P.progress(everyone=True)["student"]) == ["Ada Lovelace"]


@pytest.mark.parametrize("bad", ["", "   ", "a\nb", "x" * 81, 42])
def test_whoami_refuses_bad_names(bad):
    """Is an empty, multi-line, over-long or non-text name refused with a KitError?"""
    with pytest.raises(KitError, match="name"):
        P.whoami(bad)


def test_submit_records_under_the_chosen_name():
    """Does Question.submit store the answer under the name set with whoami?"""
    P.whoami("Ada")
    load_quiz("00_start")["official-readout"].submit(3)
    df = P.progress()
    assert list(df["student"]) == ["Ada"] and bool(df["correct"].iloc[0])


# ----------------------------------------------------------------- exports

def test_export_csv(tmp_path):
    """Does export_progress write every row, every column, to a CSV file?"""
    add(3)
    add(1, student="bob")
    out = P.export_progress(tmp_path / "out.csv")
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4 and list(rows[0]) == list(P.COLUMNS)
    assert rows[0]["correct"] == "yes" and json.loads(rows[1]["answer"]) == {"picked": 1}


def test_export_json(tmp_path):
    """Does export_progress write JSON with decoded answers, booleans and the tags text?"""
    add(2)
    records = json.loads(P.export_progress(tmp_path / "out.JSON").read_text(encoding="utf-8"))
    assert len(records) == 2
    assert records[1]["answer"] == {"picked": 1} and records[1]["correct"] is False
    assert records[0]["tags"] == "names" and list(records[0]) == list(P.COLUMNS)


def test_export_is_atomic(tmp_path, monkeypatch):
    """If writing fails half-way, is the old export kept whole, no temporary file left, and the
    failure said as a KitError?"""
    add(2)
    out = tmp_path / "out.csv"
    out.write_text("old export\n")

    def broken(fh, rows):
        fh.write("time,student\npartial")
        raise OSError("disk full")

    monkeypatch.setattr(P, "write_csv", broken)
    with pytest.raises(KitError, match="disk full"):
        P.export_progress(out)
    assert out.read_text() == "old export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_export_errors(tmp_path):
    """Do a wrong extension, a missing store and a missing folder give KitErrors with the fix?"""
    with pytest.raises(KitError, match=r"\.csv or \.json"):
        P.export_progress(tmp_path / "out.xlsx")
    with pytest.raises(KitError, match="no progress store"):
        P.export_progress(tmp_path / "out.csv")
    add()
    with pytest.raises(KitError, match="does not exist"):
        P.export_progress(tmp_path / "no" / "such" / "out.csv")


def test_progress_summary_by_bank_and_tag():
    """Does the summary count each question's latest answer once under each of its tags?"""
    add(1, question="a", tags=("names", "translation"), correct=False, score=0.0)
    add(1, question="a", tags=("names", "translation"), correct=True, score=1.0)
    add(1, question="b", tags=(), bank="01_other", correct=False, score=0.5)
    summary = P.progress_summary(P.progress())
    rows = {(r.bank, r.tag): (r.answered, r.right, r.score, r.possible)
            for r in summary.itertuples()}
    assert rows == {("00_start", "names"): (1, 1, 1.0, 1.0),
                    ("00_start", "translation"): (1, 1, 1.0, 1.0),
                    ("01_other", "(none)"): (1, 0, 0.5, 1.0)}
    assert list(P.progress_summary(P.progress("nobody")).columns) == \
        ["bank", "tag", "answered", "right", "score", "possible"]


# -------------------------------------------------------------- concurrency

PROCESSES, EACH = 4, 250


def _writer(path: str, worker: int, n: int, barrier) -> None:
    """One 'kernel': waits for the others, then writes n submissions, one transaction each."""
    barrier.wait()
    for i in range(n):
        P.record(path=path, student=f"kernel-{worker}", question=f"q{i}", bank="load",
                 kind="text", answer={"worker": worker, "i": i}, correct=True, score=1,
                 possible=1, tags=("facts",))


@pytest.mark.slow
def test_concurrent_kernels_lose_nothing(tmp_path, record_property):
    """Do 4 processes x 250 submissions at once into one new store all arrive, intact?"""
    store = tmp_path / "shared.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES + 1)
    procs = [ctx.Process(target=_writer, args=(str(store), w, EACH, barrier))
             for w in range(PROCESSES)]
    for p in procs:
        p.start()
    barrier.wait()                      # every process is up: start the clock
    started = time.perf_counter()
    for p in procs:
        p.join(timeout=300)
    elapsed = time.perf_counter() - started
    assert [p.exitcode for p in procs] == [0] * PROCESSES
    df = P.progress(path=store, everyone=True)
    assert len(df) == PROCESSES * EACH
    got = {(s, q) for s, q in zip(df["student"], df["question"])}
    assert got == {(f"kernel-{w}", f"q{i}") for w in range(PROCESSES) for i in range(EACH)}
    assert all(json.loads(a)["worker"] == int(s.split("-")[1])
               for a, s in zip(df["answer"], df["student"]))
    assert integrity(store) == "ok"
    rate = PROCESSES * EACH / elapsed
    record_property("concurrent_writes_seconds", round(elapsed, 2))
    print(f"\n{PROCESSES} processes x {EACH} submissions: {elapsed:.2f} s ({rate:.0f} writes/s)")


# ------------------------------------------------------------------ kills

KILLED_WRITER = textwrap.dedent("""
    import sys, kit.store as p
    pad = "x" * 20000                      # big rows: a kill often lands mid-write
    i = 0
    while True:
        p.record(path=sys.argv[1], student="victim", question=f"q{i}", bank="kill",
                 kind="text", answer={"i": i, "pad": pad}, correct=True, score=1, possible=1)
        print(i, flush=True)               # printed only after the commit returned
        i += 1
""")


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [40, 157, 301])
def test_sigkill_mid_write_keeps_store_readable(tmp_path, kill_after):
    """After SIGKILL in the middle of many writes, is the store intact with every committed row?"""
    store = tmp_path / "killed.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(store)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, env=child_env())
    committed = []
    for line in proc.stdout:
        committed.append(int(line))
        if len(committed) >= kill_after:
            break
    os.kill(proc.pid, signal.SIGKILL)         # the writer is already inside its next write
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert integrity(store) == "ok"
    df = P.progress(path=store, everyone=True)
    stored = {int(q[1:]): json.loads(a) for q, a in zip(df["question"], df["answer"])}
    assert set(committed) <= set(stored)
    assert len(stored) <= len(committed) + 1     # at most the one unfinished write
    assert all(stored[i] == {"i": i, "pad": "x" * 20000} for i in stored)
    add(1)                                       # and the store still takes writes
    assert len(P.progress()) == 1


# --------------------------------------------------------------- corruption

def aside_files(store: Path) -> list[Path]:
    return sorted(store.parent.glob(store.name + ".unreadable-*"))


def test_garbage_store_is_moved_aside_not_deleted():
    """Is a file that is not a database renamed (kept), reported, and replaced by a new store?"""
    store = P.store_path()
    store.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"this is not a database, just words " * 200
    store.write_bytes(garbage)
    with pytest.warns(P.ProgressWarning, match="moved aside") as caught:
        add()
    (aside,) = aside_files(store)
    assert aside.read_bytes() == garbage
    assert str(aside) in str(caught[0].message)
    assert len(P.progress()) == 1 and integrity(store) == "ok"


def test_damaged_pages_are_moved_aside(monkeypatch):
    """Is a database with damaged pages found on first open, moved aside and replaced?"""
    add(300, answer={"text": "y" * 500})
    store = P.store_path()
    data = bytearray(store.read_bytes())
    assert len(data) > 8 * 4096
    data[4096 * 3: 4096 * 6] = b"\xde\xad\xbe\xef" * 3072        # pages 4-6: garbage
    store.write_bytes(bytes(data))
    monkeypatch.setattr(P, "_checked", set())                      # as in a new kernel
    with pytest.warns(P.ProgressWarning, match="could not be read"):
        df = P.progress()
    assert len(df) == 0
    (aside,) = aside_files(store)
    assert aside.read_bytes() == bytes(data)
    add()
    assert len(P.progress()) == 1


def test_unusable_location_is_a_kiterror(tmp_path, monkeypatch):
    """Does a store path that cannot be created give a KitError that names it and says what to do?"""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("KIT_PROGRESS", str(blocker / "progress.sqlite3"))
    with pytest.raises(KitError) as info:
        add()
    assert info.value.file == str(blocker / "progress.sqlite3") and "KIT_PROGRESS" in str(info.value)


def test_submit_still_gives_feedback_when_the_store_fails(tmp_path, monkeypatch):
    """If the store cannot be written, does submit() still grade, and warn that nothing was saved?"""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("KIT_PROGRESS", str(blocker / "progress.sqlite3"))
    with pytest.warns(P.ProgressWarning, match="could not be saved"):
        fb = load_quiz("00_start")["official-readout"].submit(3)
    assert fb.correct and "could not be saved" in fb.message


def test_a_store_created_between_two_reads_is_not_called_foreign(tmp_path):
    """Another kernel may create the store while this one is checking it.

    The check reads the format number and the table; here a second connection
    creates the whole store just after the check's first read. Read separately,
    the check would see "no table" and then "format 1", and call a good store
    foreign.
    """
    path = tmp_path / "new.sqlite3"
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    mine = sqlite3.connect(path, timeout=0, isolation_level=None)
    reads = []

    def between(statement: str) -> None:
        if statement.startswith("PRAGMA"):
            reads.append(statement)
        if len(reads) == 2 and statement.startswith("PRAGMA"):
            try:                                # the other kernel creates the store now
                P._ensure_schema(other)
            except sqlite3.OperationalError:    # held off by this check's read: also fine
                pass

    mine.set_trace_callback(between)
    try:
        P._check_columns(mine, path)            # must not raise
    finally:
        mine.set_trace_callback(None)
        mine.close()
        other.close()
    assert len(reads) >= 2
