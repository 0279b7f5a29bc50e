"""The progress store: every answer a student submits, in one SQLite file.

Where: ``$KIT_PROGRESS`` if set, else ``~/.five-accounts/progress.sqlite3``
(on a JupyterHub, the user's own home).  See ``docs/progress.md``.

How it keeps everything:

* WAL journal, ``synchronous=FULL`` and one short ``BEGIN IMMEDIATE``
  transaction per submission: a kernel killed in the middle of a write loses
  at most that one unfinished write, and never an earlier one.
* ``busy_timeout`` (30 s): two kernels writing at once wait for each other.
* A store that cannot be read is moved aside (renamed with a UTC time stamp,
  never deleted), a warning says where it went, and a new store is started.

>>> import pandas as pd
>>> df = pd.DataFrame({"student": ["ada"] * 3, "bank": ["00_start"] * 3,
...                    "question": ["a", "a", "b"], "kind": ["choice"] * 3,
...                    "correct": [False, True, True], "score": [0.0, 1.0, 2.0],
...                    "possible": [1.0, 1.0, 2.0], "tags": ["names", "names", ""],
...                    "time": ["2021-12-23T10:00:00", "2021-12-23T10:01:00",
...                             "2021-12-23T10:02:00"]})
>>> progress_summary(df)
       bank     tag  answered  right  score  possible
0  00_start   names         1      1    1.0       1.0
1  00_start  (none)         1      1    2.0       2.0
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import getpass
import io
import json
import os
import sqlite3
import warnings
from pathlib import Path

from kit._io import write_atomic
from kit.errors import KitError

__all__ = ["record", "progress", "export_progress", "whoami", "progress_summary",
           "store_path", "COLUMNS", "ProgressWarning"]

ENV_PATH = "KIT_PROGRESS"
ENV_STUDENT = "KIT_STUDENT"
DEFAULT_PATH = Path("~") / ".five-accounts" / "progress.sqlite3"

#: Columns of :func:`progress` and of an export, in order.
COLUMNS = ("time", "student", "bank", "question", "kind", "answer", "correct", "score",
           "possible", "tags")

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id          INTEGER PRIMARY KEY,
    time        TEXT NOT NULL,
    student     TEXT NOT NULL,
    bank        TEXT NOT NULL,
    question    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    answer      TEXT NOT NULL,
    correct     INTEGER NOT NULL,
    score       REAL NOT NULL,
    possible    REAL NOT NULL,
    tags        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_student ON submissions (student, bank);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_BUSY_MS = 30_000
_checked: set[str] = set()     # stores already integrity-checked by this process


class ProgressWarning(UserWarning):
    """Something happened to the progress store that the student should know."""


class _Corrupt(Exception):
    """The store's file cannot be read as a database."""


# ------------------------------------------------------------------- opening

def store_path(path: str | os.PathLike | None = None) -> Path:
    """The store's file: ``path``, else ``$KIT_PROGRESS``, else the default in the home."""
    chosen = path if path is not None else (os.environ.get(ENV_PATH) or DEFAULT_PATH)
    return Path(chosen).expanduser()


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=_BUSY_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.OperationalError) as err:
        raise _unusable(path, err) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        _check_once(conn, path)
        _ensure_schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_once(conn: sqlite3.Connection, path: Path) -> None:
    key = str(path.resolve())
    if key in _checked:
        return
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise _Corrupt(result)
    _checked.add(key)


def _ensure_schema(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == _SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA_VERSION:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _is_corrupt(err: BaseException) -> bool:
    if isinstance(err, _Corrupt):
        return True
    if not isinstance(err, sqlite3.DatabaseError):
        return False
    name = getattr(err, "sqlite_errorname", "")
    text = str(err).lower()
    return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text \
        or "not a database" in text


def _unusable(path: Path, err: BaseException) -> KitError:
    return KitError(f"the progress store cannot be opened ({err})", file=str(path),
                    fix=f"make sure the folder is writable, or set {ENV_PATH} to another file, "
                        f"e.g. {ENV_PATH}=~/progress.sqlite3")


def _move_aside(path: Path, reason: BaseException) -> Path:
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.unreadable-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):   # another kernel may have moved it
            os.replace(f"{path}{suffix}", f"{target}{suffix}")
    _checked.discard(str(path.resolve()))
    warnings.warn(
        f"The progress store {path} could not be read ({reason}). It was moved aside to "
        f"{target} (nothing was deleted) and a new, empty store was started. "
        "Answers from now on are saved; ask your instructor if you need the old ones.",
        ProgressWarning, stacklevel=4)
    return target


def _run(path: Path, action):
    """Open the store, run ``action(conn)``, close; on a corrupt store, move it aside once."""
    for attempt in (1, 2):
        conn = None
        try:
            conn = _connect(path)
            return action(conn)
        except (sqlite3.DatabaseError, _Corrupt) as err:
            if attempt == 2 or not _is_corrupt(err):
                if isinstance(err, sqlite3.OperationalError):
                    raise _unusable(path, err) from None
                raise
            if conn is not None:
                conn.close()
                conn = None
            _move_aside(path, err)
        finally:
            if conn is not None:
                conn.close()
    raise AssertionError("unreachable")


def _write(conn: sqlite3.Connection, sql: str, params) -> int:
    """One short transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        rowid = conn.execute(sql, params).lastrowid
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return rowid


# ------------------------------------------------------------------ students

def _stored_name(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = 'student'").fetchone()
    return row[0] if row else None


def _default_name() -> str:
    for variable in (ENV_STUDENT, "JUPYTERHUB_USER"):   # a hub sets the user's own name
        env = (os.environ.get(variable) or "").strip()
        if env:
            return env
    try:
        return getpass.getuser()
    except Exception:          # no login name (some containers): still answer
        return "student"


def _check_name(name) -> str:
    if not isinstance(name, str) or not name.strip():
        raise KitError(f"{name!r} is not a name", field="name",
                       fix='pass your name as text, e.g. kit.whoami("Ada")')
    name = name.strip()
    if len(name) > 80 or any(not c.isprintable() for c in name):
        raise KitError("the name is too long, or has line breaks or control characters",
                       field="name", fix="use a name of at most 80 ordinary characters on one line")
    return " ".join(name.split())


def whoami(name: str | None = None, *, path=None) -> str:
    """Set (``whoami("Ada")``) or read (``whoami()``) the student's name.

    A name set here is kept in the progress store, so it holds in every
    kernel from then on.  Without one: ``$KIT_STUDENT``, else the login name.
    """
    store = store_path(path)
    if name is not None:
        name = _check_name(name)
        _run(store, lambda conn: _write(
            conn, "INSERT INTO settings (key, value) VALUES ('student', ?) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (name,)))
        return name
    if store.exists():
        stored = _run(store, _stored_name)
        if stored:
            return stored
    return _default_name()


# ------------------------------------------------------------------- writing

def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


def record(*, question: str, bank: str, kind: str, answer, correct: bool, score: float,
           possible: float, tags=(), student: str | None = None, path=None) -> int:
    """Store one submission (one short transaction) and return its row id."""
    text = json.dumps(answer, ensure_ascii=False, default=str)

    def insert(conn):
        who = student or _stored_name(conn) or _default_name()
        row = (_now(), who, bank, question, kind, text, int(bool(correct)), float(score),
               float(possible), ",".join(tags))
        return _write(conn, "INSERT INTO submissions (time, student, bank, question, kind, "
                            "answer, correct, score, possible, tags) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)

    return _run(store_path(path), insert)


# ------------------------------------------------------------------- reading

def _rows(path, student: str | None) -> list[tuple]:
    store = store_path(path)
    if not store.exists():
        return []
    where, params = ("", ()) if student is None else (" WHERE student = ?", (student,))
    sql = f"SELECT {', '.join(COLUMNS)} FROM submissions{where} ORDER BY id"
    return _run(store, lambda conn: conn.execute(sql, params).fetchall())


def progress(student: str | None = None, path=None, *, everyone: bool = False):
    """The submissions of ``student`` (default: :func:`whoami`) as a DataFrame.

    ``everyone=True`` gives every student's.  Columns: see :data:`COLUMNS`;
    ``answer`` is the JSON text of the answer, ``tags`` a comma-separated text.
    """
    import pandas as pd

    who = None if everyone else (student or whoami(path=path))
    frame = pd.DataFrame(_rows(path, who), columns=list(COLUMNS))
    frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    frame["correct"] = frame["correct"].astype(bool)
    frame["score"] = frame["score"].astype(float)
    frame["possible"] = frame["possible"].astype(float)
    return frame


def progress_summary(df):
    """By bank and tag: questions ``answered``, ``right``, ``score`` and ``possible``.

    Only each student's latest submission to a question counts.  A question
    with several tags counts under each; one without tags under ``(none)``.
    """
    import pandas as pd

    columns = ["bank", "tag", "answered", "right", "score", "possible"]
    if len(df) == 0:
        return pd.DataFrame(columns=columns)
    latest = (df.sort_values("time", kind="stable")
                .groupby(["student", "bank", "question"], sort=False).tail(1))
    tags = latest["tags"].fillna("").astype(str).str.split(",")
    exploded = latest.assign(tag=[[t for t in ts if t] or ["(none)"] for ts in tags]).explode("tag")
    summary = (exploded.groupby(["bank", "tag"], sort=False)
               .agg(answered=("question", "size"), right=("correct", "sum"),
                    score=("score", "sum"), possible=("possible", "sum"))
               .reset_index())
    summary["right"] = summary["right"].astype(int)
    return summary[columns]


# ----------------------------------------------------------------- exporting

def export_progress(out, path=None) -> Path:
    """Write every submission in the store to ``out``: ``.csv`` or ``.json``.

    Both have the columns of :data:`COLUMNS`; ``tags`` is a comma-separated
    text in both; in JSON ``answer`` is the answer itself and ``correct`` a
    boolean, in CSV ``answer`` is JSON text and ``correct`` is yes or no.

    The file is written whole or not at all (:func:`kit._io.write_atomic`).  Returns the path written.
    """
    out = Path(out).expanduser()
    writer = {".csv": write_csv, ".json": _write_json}.get(out.suffix.lower())
    if writer is None:
        raise KitError(f"cannot tell the format of {out.name!r}", file=str(out),
                       fix="name the file ending in .csv or .json")
    store = store_path(path)
    if not store.exists():
        raise KitError("there is no progress store here yet", file=str(store),
                       fix=f"answer a question first, or set {ENV_PATH} to the store's file")
    rows = _rows(store, None)
    if not out.parent.is_dir():
        raise KitError("the folder to write to does not exist", file=str(out.parent),
                       fix="create the folder first, or choose another --out")
    text = io.StringIO()
    writer(text, rows)
    write_atomic(out, text.getvalue(), newline="")
    return out


def write_csv(fh, rows) -> None:
    """Write the store's ``rows`` to the open file ``fh`` as CSV, with a header of COLUMNS."""
    w = csv.writer(fh)
    w.writerow(COLUMNS)
    for row in rows:
        row = list(row)
        row[COLUMNS.index("correct")] = "yes" if row[COLUMNS.index("correct")] else "no"
        w.writerow(row)


def _write_json(fh, rows) -> None:
    records = []
    for row in rows:
        item = dict(zip(COLUMNS, row))
        item["answer"] = json.loads(item["answer"])
        item["correct"] = bool(item["correct"])
        records.append(item)
    json.dump(records, fh, ensure_ascii=False, indent=1)
    fh.write("\n")
