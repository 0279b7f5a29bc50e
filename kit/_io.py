"""Files in and out: only plain files are read, one CSV reader for every table of a
case, atomic writes (a crash never leaves half a file behind), and no CSV cell is
ever run as a spreadsheet formula.

:func:`read_csv` reads a CSV file the way spreadsheets write it; :func:`write_atomic`
writes so that a crash never leaves half a file behind.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
from pathlib import Path

from kit.errors import KitError

__all__ = ["read_csv", "write_atomic", "read_bytes", "spreadsheet_safe", "spreadsheet_value"]

BOM = "\ufeff"


def read_csv(path: str | os.PathLike, *, what: str = "CSV", shown: str | None = None,
             comments: bool = False, missing_fix: str = "add the file, or correct its name"):
    r"""Read a CSV file as a spreadsheet or Python writes it: a list of ``(line, fields)``.

    Each record (the header first) comes with the line (counted from 1) where
    it starts, and its cells.  Rows with no text in any cell are left out;
    with ``comments``, so are lines starting with ``#``.  The file is UTF-8,
    with or without the byte-order mark that Excel's "CSV UTF-8" writes, and
    its lines may end in LF or CRLF (the CSV standard); a line break inside a
    quoted cell is read as LF, as in the texts.  Every problem is a
    :class:`KitError` naming the file (``shown``, else ``path``) and the line.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_bytes(b'\xef\xbb\xbfid,span\r\na,"two\r\nlines"\r\n\r\nb,x\r\n')
    >>> read_csv(p)
    [(1, ['id', 'span']), (2, ['a', 'two\nlines']), (5, ['b', 'x'])]
    """
    shown = shown or str(path)
    try:
        raw = read_bytes(path, what=f"{what} file")
    except FileNotFoundError:
        raise KitError(f"the {what} file is missing", file=shown, fix=missing_fix) from None
    except IsADirectoryError:
        raise KitError(f"a folder stands where the {what} file should be", file=shown,
                       fix="point to a CSV file") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise KitError(f"the {what} file is not UTF-8 (byte 0x{raw[err.start]:02x} at byte {err.start})",
                       file=shown, line=raw[: err.start].count(b"\n") + 1,
                       fix="re-save it as UTF-8 (in a spreadsheet: Save as > CSV UTF-8)") from None
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise KitError(f"the {what} file is empty", file=shown, line=1,
                       fix="start it with its header line")
    numbered = [(n, line) for n, line in enumerate(text.split("\n"), 1)
                if not (comments and line.lstrip().startswith("#"))]
    reader = csv.reader(io.StringIO("\n".join(line for _, line in numbered), newline=""))
    records, done = [], 0
    try:
        for fields in reader:
            start = numbered[min(done, len(numbered) - 1)][0]
            done = reader.line_num
            if any(f.strip() for f in fields):
                records.append((start, fields))
    except csv.Error as err:
        raise KitError(f"the line cannot be read as CSV ({err})", file=shown,
                       line=numbered[min(done, len(numbered) - 1)][0],
                       fix="keep every cell under 131,072 characters, and check the quotes: a "
                           "value with a comma or a line break goes in double quotes, with its own "
                           'quote marks doubled ("")') from None
    return records


def write_atomic(path: str | os.PathLike, text: str, *, newline: str | None = "\n") -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder.

    The old file stays whole until the new one is complete and synced; then
    ``os.replace`` swaps them in one step.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(p, "hello\\n").read_text()
    'hello\\n'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_bytes(path: str | os.PathLike, *, what: str = "file", fix: str | None = None) -> bytes:
    """The bytes of ``path``, refusing anything that is not a plain, readable file.

    A FIFO would make ``open`` wait forever and a device such as ``/dev/zero``
    would fill the memory, so the file's kind is checked (``os.stat`` does not
    open it) before it is read.  Folders, missing and unreadable files get a
    :class:`KitError` that names the file; ``FileNotFoundError`` passes
    through for callers that word it themselves.

    >>> read_bytes("/dev/null", what="article")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: /dev/null: the article is a device, not a plain file. To fix: point to an ordinary text file (save the text to a file first).
    """
    path = Path(path)
    fix = fix or "point to an ordinary text file (save the text to a file first)"
    try:
        mode = os.stat(path).st_mode
    except PermissionError:
        raise _unreadable(path, what) from None
    except OSError as err:
        if isinstance(err, FileNotFoundError):
            raise
        raise KitError(f"the {what} cannot be read ({err.strerror or err})", file=str(path),
                       fix=fix) from None
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(str(path))
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "a device")
        raise KitError(f"the {what} is {kind}, not a plain file", file=str(path), fix=fix)
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except PermissionError:
        raise _unreadable(path, what) from None
    except IsADirectoryError:
        raise
    except OSError as err:
        if isinstance(err, FileNotFoundError):
            raise
        raise KitError(f"the {what} cannot be read ({err.strerror or err})", file=str(path),
                       fix=fix) from None


def _unreadable(path: Path, what: str) -> KitError:
    return KitError(f"the {what} cannot be read: permission denied", file=str(path),
                    fix="make it readable (e.g. `chmod a+r FILE`), or copy it somewhere "
                        "you can read it")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    r"""A CSV cell that a spreadsheet shows as text, never runs as a formula.

    OWASP's rule: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return gets a leading ``'``.  A cell that already starts with
    ``'`` before such a character gets one more, so that
    :func:`spreadsheet_value` gives back exactly what was written.
    Numbers are left as numbers.

    >>> spreadsheet_safe("=HYPERLINK(\"http://x\")"), spreadsheet_safe("Ada"), spreadsheet_safe(-1.5)
    ('\'=HYPERLINK("http://x")', 'Ada', -1.5)
    >>> all(spreadsheet_value(spreadsheet_safe(t)) == t for t in ["=1", "'=1", "''@a", "'", "-"])
    True
    """
    if isinstance(value, str) and value.lstrip("'").startswith(_FORMULA_START):
        return "'" + value
    return value


def spreadsheet_value(cell: str) -> str:
    """The value behind a cell written by :func:`spreadsheet_safe`."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START):
        return cell[1:]
    return cell
