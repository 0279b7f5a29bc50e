"""Reading and writing files: only plain files are read, a crash never leaves half a
file behind, and no CSV cell is ever run as a spreadsheet formula."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from kit.errors import KitError

__all__ = ["write_atomic", "read_bytes", "spreadsheet_safe", "spreadsheet_value"]


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
