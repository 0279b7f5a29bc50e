"""Files in and out: one CSV reader for every table of a case, and atomic writes.

:func:`read_csv` reads a CSV file the way spreadsheets write it; :func:`write_atomic`
writes so that a crash never leaves half a file behind.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from kit.errors import KitError

__all__ = ["read_csv", "write_atomic"]

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
        raw = Path(path).read_bytes()
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
                       fix="check the quotes: a value with a comma or a line break goes in "
                           'double quotes, with its own quote marks doubled ("")') from None
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
