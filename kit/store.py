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
* A store made by a newer version of the kit, or by another program, is
  refused with a :class:`KitError` and left exactly as it is.
* When another kernel holds the store longer than the busy timeout, the
  answer is kept in a journal beside the store (``STORE.pending.jsonl``) and
  added to the store the next time it is opened.
* A store that may only be read (a copy an instructor collected) is opened
  read-only, so it can still be read and exported.

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
import unicodedata
import warnings
from pathlib import Path

from kit._io import spreadsheet_safe, write_atomic
from kit.errors import KitError

__all__ = ["record", "progress", "export_progress", "whoami", "progress_summary",
           "store_path", "grading", "COLUMNS", "ProgressWarning", "check_name", "file_name"]

ENV_PATH = "KIT_PROGRESS"
ENV_STUDENT = "KIT_STUDENT"
#: Set by nbgrader in the kernel while it autogrades or validates a notebook.
ENV_GRADING = "NBGRADER_EXECUTION"
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
    """The store's file: ``path``, else ``$KIT_PROGRESS``, else the default in the home.

    A relative ``$KIT_PROGRESS`` is taken from the home folder, so that every
    notebook, whatever its working folder, uses the same store.
    """
    if path is not None:
        return Path(path).expanduser()
    chosen = Path(os.environ.get(ENV_PATH) or DEFAULT_PATH).expanduser()
    return chosen if chosen.is_absolute() else Path.home() / chosen


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    try:
        if readonly:
            conn = _connect_readonly(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=_BUSY_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.OperationalError) as err:
        raise _unusable(path, err) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        _check_version(conn, path)          # before anything could change the file
        _check_columns(conn, path)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        _check_once(conn, path)
        if not readonly:
            _ensure_schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Open to read only; a store in a folder nobody may write to is opened as immutable."""
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=_BUSY_MS / 1000,
                               isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK):
            raise
    # WAL needs a -shm file beside the store; where none can be made, read the file as it is.
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > _SCHEMA_VERSION:
        raise KitError(
            f"this progress store was made by a newer version of the kit (format {version}; "
            f"this kit reads format {_SCHEMA_VERSION}); it was left as it is", file=str(path),
            fix=f"update the kit (e.g. `pip install -U five-accounts`), or set {ENV_PATH} to "
                "another file for now")


def _check_columns(conn: sqlite3.Connection, path: Path) -> None:
    # One read transaction, so that the format number and the table are seen at the same
    # moment: another kernel may be creating the store between two separate reads.
    conn.execute("BEGIN")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        have = {row[1] for row in conn.execute("PRAGMA table_info(submissions)")}
    finally:
        conn.execute("COMMIT")
    lacking = [c for c in COLUMNS if c not in have]
    if have and lacking or not have and version:
        raise KitError(
            "this file is a database, but not a progress store this kit can use (its "
            f"submissions table lacks {', '.join(lacking) or 'everything'}); it was left as it is",
            file=str(path), fix=f"set {ENV_PATH} to another file; keep this one for whoever made it")


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


def _run(path: Path, action, readonly: bool = False):
    """Open the store, run ``action(conn)``, close; on a corrupt store, move it aside once."""
    for attempt in (1, 2):
        conn = None
        try:
            conn = _connect(path, readonly)
            return action(conn)
        except (sqlite3.DatabaseError, _Corrupt) as err:
            if attempt == 2 or not _is_corrupt(err) or readonly:
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
    """``$KIT_STUDENT``, else ``$JUPYTERHUB_USER``, else the login name, each checked
    like a name given to :func:`whoami`; one that fails is skipped with a warning."""
    sources = [(f"${variable}", lambda v=variable: os.environ.get(v) or "")
               for variable in (ENV_STUDENT, "JUPYTERHUB_USER")]   # a hub sets the user's own name
    sources.append(("the login name", getpass.getuser))
    for label, read in sources:
        try:
            value = read()
        except Exception:      # no login name (some containers): still answer
            continue
        if not value.strip():
            continue
        try:
            return check_name(value, field=label.lstrip("$"))
        except KitError as err:
            warnings.warn(f"{label} is not used as your name: {err}", ProgressWarning, stacklevel=3)
    return "student"


# Characters a name may not hold: they would change a path or a line.
_NOT_IN_NAMES = set('/\\')
# Format characters that are part of written names (emoji sequences, some scripts).
_JOINERS = {"\u200c", "\u200d"}


def check_name(name, field: str = "name") -> str:
    r"""A student's name, checked: one line, at most 80 characters, no path parts.

    Letters of any script, emoji and non-breaking spaces are names' business;
    control characters, line breaks, ``/``, ``\`` and names made of dots are
    refused, so that a name can never become a path or a line of its own.

    >>> check_name("  Ada   Lovelace ")
    'Ada Lovelace'
    >>> check_name("Zoë\u00a0Ng 🦊")
    'Zoë\xa0Ng 🦊'
    >>> check_name("../../etc/passwd")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'name': '../../etc/passwd' cannot be a name: it has '/' or '\' in it, or is only dots. To fix: use your name as you write it, e.g. kit.whoami("Ada Lovelace").
    """
    if not isinstance(name, str) or not name.strip():
        raise KitError(f"a {type(name).__name__} is not a name" if not isinstance(name, str)
                       else "the name is empty", field=field,
                       fix='pass your name as text, e.g. kit.whoami("Ada")')
    name = " ".join(part for part in name.strip().split(" ") if part)
    bad = [c for c in name if not c.isprintable() and c != "\u00a0" and c not in _JOINERS
           or unicodedata.category(c) in ("Zl", "Zp")]
    if len(name) > 80 or bad:
        raise KitError("the name is too long, or has line breaks or control characters",
                       field=field, fix="use a name of at most 80 ordinary characters on one line")
    if _NOT_IN_NAMES & set(name) or not name.strip(".\u00a0 "):
        raise KitError(f"{name!r} cannot be a name: it has '/' or '\\' in it, or is only dots",
                       field=field, fix='use your name as you write it, e.g. kit.whoami("Ada Lovelace")')
    return name


_check_name = check_name


def file_name(student: str, suffix: str = ".csv") -> str:
    r"""A safe file name for a student's answers: the name checked, characters
    that some systems refuse in file names replaced by ``_``.

    >>> file_name("Ada Lovelace"), file_name("O'Neil: \"Bo\"?")
    ('Ada Lovelace.csv', "O'Neil_ _Bo__.csv")
    """
    name = check_name(student, field="student")
    safe = "".join("_" if c in '<>:"|?*' else c for c in name)
    return safe.lstrip(".") + suffix


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
        stored = _run(store, _stored_name, readonly=not _writable(store))
        if stored:
            return stored
    return _default_name()


# ------------------------------------------------------------------- writing

def grading() -> bool:
    """Is nbgrader running this kernel to autograde or validate a notebook?"""
    return bool(os.environ.get(ENV_GRADING))


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


_INSERT = ("INSERT INTO submissions (time, student, bank, question, kind, answer, correct, "
           "score, possible, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _pending(store: Path) -> Path:
    """The journal of answers that waited for a busy store."""
    return store.with_name(store.name + ".pending.jsonl")


def _is_busy(err: BaseException) -> bool:
    text = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def record(*, question: str, bank: str, kind: str, answer, correct: bool, score: float,
           possible: float, tags=(), student: str | None = None, path=None) -> int | None:
    """Store one submission (one short transaction) and return its row id.

    When the store stays busy past the timeout, the answer is appended to the
    journal beside it, a warning says so, and ``None`` is returned; the next
    opening of the store adds it.

    While nbgrader grades a notebook (``$NBGRADER_EXECUTION`` is set in the
    kernel) nothing is stored and None is returned: the answers are the
    student's, the kernel runs as the grader, and nbgrader keeps the scores.
    """
    if grading():
        return None
    text = json.dumps(answer, ensure_ascii=False, default=str)
    store = store_path(path)
    row = [_now(), student, bank, question, kind, text, int(bool(correct)), float(score),
           float(possible), ",".join(tags)]

    def insert(conn):
        _replay(conn, store)
        row[1] = row[1] or _stored_name(conn) or _default_name()
        return _write(conn, _INSERT, row)

    try:
        return _run(store, insert)
    except sqlite3.OperationalError as err:
        if not _is_busy(err):
            raise
    except KitError as err:
        if not _is_busy(err.__context__ or err) and "locked" not in str(err):
            raise
    row[1] = row[1] or _default_name()
    journal = _pending(store)
    with open(journal, "a", encoding="utf-8") as fh:     # one line per answer, appended whole
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    warnings.warn(f"The progress store {store} was busy for more than {_BUSY_MS // 1000} s. "
                  f"Your answer was kept in {journal} and is added to the store the next time "
                  "it is opened; nothing was lost.", ProgressWarning, stacklevel=3)
    return None


def _replay(conn: sqlite3.Connection, store: Path) -> None:
    """Add the answers kept in the journal while the store was busy, then remove it."""
    journal = _pending(store)
    leftovers = sorted(store.parent.glob(glob_escape(journal.name) + ".*"))
    if journal.exists():
        taken = journal.with_name(f"{journal.name}.{os.getpid()}-{_dt.datetime.now().timestamp()}")
        with contextlib.suppress(FileNotFoundError):     # another kernel took it first
            os.replace(journal, taken)
            leftovers.append(taken)
    for part in leftovers:
        rows = []
        with contextlib.suppress(FileNotFoundError):
            for line in part.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError, TypeError):
                    item = json.loads(line)
                    if isinstance(item, list) and len(item) == len(COLUMNS):
                        rows.append(item)
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(_INSERT, rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        part.unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


# ------------------------------------------------------------------- reading

def _rows(path, student: str | None) -> list[tuple]:
    store = store_path(path)
    if not store.exists():
        return []
    where, params = ("", ()) if student is None else (" WHERE student = ?", (student,))
    sql = f"SELECT {', '.join(COLUMNS)} FROM submissions{where} ORDER BY id"

    def read(conn):
        if _pending(store).exists():
            _replay(conn, store)
        return conn.execute(sql, params).fetchall()

    try:
        return _run(store, read, readonly=not _writable(store))
    except KitError:
        if _writable(store):
            return _run(store, lambda conn: conn.execute(sql, params).fetchall(), readonly=True)
        raise


def _writable(store: Path) -> bool:
    return os.access(store, os.W_OK) and os.access(store.parent, os.W_OK)


def progress(student: str | None = None, path=None, *, everyone: bool = False):
    """The submissions of ``student`` (default: :func:`whoami`) as a DataFrame.

    ``everyone=True`` gives every student's.  Columns: see :data:`COLUMNS`;
    ``answer`` is the JSON text of the answer, ``tags`` a comma-separated text.
    """
    import pandas as pd

    who = None if everyone else (student or whoami(path=path))
    frame = pd.DataFrame(_rows(path, who), columns=list(COLUMNS))
    # A time in another form (a store edited by hand) becomes NaT, not an error.
    frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601", errors="coerce")
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
    if out.is_dir():
        raise KitError("this is a folder, not a file to write", file=str(out),
                       fix=f"name a file in it, e.g. --out {out / 'answers.csv'}")
    if not out.parent.is_dir():
        raise KitError("the folder to write to does not exist", file=str(out.parent),
                       fix="create the folder first, or choose another --out")
    try:
        text = io.StringIO()
        writer(text, rows)
        write_atomic(out, text.getvalue(), newline="")
    except OSError as err:
        raise KitError(f"the answers could not be written ({err.strerror or err}); nothing was "
                       "written there", file=str(out),
                       fix="choose a folder you may write to and that has free space, e.g. "
                           "--out ~/answers.csv") from None
    return out


def write_csv(fh, rows) -> None:
    """Write the store's ``rows`` to the open file ``fh`` as CSV, with a header of COLUMNS."""
    w = csv.writer(fh)
    w.writerow(COLUMNS)
    for row in rows:
        row = list(row)
        row[COLUMNS.index("correct")] = "yes" if row[COLUMNS.index("correct")] else "no"
        w.writerow([spreadsheet_safe(cell) for cell in row])


def _write_json(fh, rows) -> None:
    records = []
    for row in rows:
        item = dict(zip(COLUMNS, row))
        item["answer"] = json.loads(item["answer"])
        item["correct"] = bool(item["correct"])
        records.append(item)
    json.dump(records, fh, ensure_ascii=False, indent=1)
    fh.write("\n")
