"""Files in and out: only plain files are read, one UTF-8 reader with one byte-order-mark
rule for every file the kit reads, one CSV reader and one header check for every
table, atomic writes (a crash never leaves half a file behind), and no CSV cell is
ever run as a spreadsheet formula.

:func:`read_utf8` reads a text file; :func:`read_csv` reads a CSV file the way
spreadsheets write it and :func:`header_problems` checks its header;
:func:`write_atomic` writes so that a crash never leaves half a file behind.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
from pathlib import Path

from kit.errors import KitError

__all__ = ["read_utf8", "decode_utf8", "read_csv", "header_problems", "write_atomic", "read_bytes",
           "spreadsheet_safe", "spreadsheet_value"]

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: What to do with a file that is not UTF-8, unless the reader says better.
RESAVE_FIX = "re-save it as UTF-8 (e.g. `iconv -f cp1252 -t utf-8 FILE > NEW`)"


def read_utf8(path: str | os.PathLike, *, what: str = "file", shown: str | None = None,
              offsets: bool = False, fix: str = RESAVE_FIX, missing_fix: str | None = None) -> str:
    """The text of the UTF-8 file at ``path``, by the kit's one byte-order-mark rule.

    The file must be a plain, readable file (:func:`read_bytes`); its bytes
    are decoded by :func:`decode_utf8`.  With ``missing_fix``, a missing file
    or a folder is a :class:`KitError` naming the ``what`` file; without, the
    ``FileNotFoundError`` or ``IsADirectoryError`` passes through for callers
    that word it themselves.
    """
    shown = shown or str(path)
    try:
        data = read_bytes(path, what=f"{what} file")
    except FileNotFoundError:
        if missing_fix is None:
            raise
        raise KitError(f"the {what} file is missing", file=shown, fix=missing_fix) from None
    except IsADirectoryError:
        if missing_fix is None:
            raise
        raise KitError(f"a folder stands where the {what} file should be", file=shown,
                       fix="point to a file, not a folder") from None
    return decode_utf8(data, shown, offsets=offsets, fix=fix)


def decode_utf8(data: bytes, file: str, *, offsets: bool = False, fix: str = RESAVE_FIX) -> str:
    r"""``data`` decoded as UTF-8, by the one byte-order-mark rule of every file the kit reads.

    * A UTF-16 file (it starts with a UTF-16 byte-order mark) is refused, saying so.
    * A UTF-8 byte-order mark (Excel's "CSV UTF-8" writes one) is dropped, except
      where ``offsets`` count characters of the text (the articles and other
      texts): there it would shift every offset, so the file is refused, and so
      is a CR (Windows or old Mac line ending).
    * Bytes that are not UTF-8 are refused, naming the line.

    Every refusal is a :class:`KitError` naming ``file`` and saying what to do
    (``fix`` for bytes that are not UTF-8).

    >>> decode_utf8(b"\xef\xbb\xbfid,name\r\n", "t.csv")
    'id,name\r\n'
    >>> decode_utf8(b"\xef\xbb\xbfText.", "a.txt", offsets=True)
    Traceback (most recent call last):
    ...
    kit.errors.KitError: a.txt, line 1: the file starts with a UTF-8 byte-order mark (BOM), which would shift every offset. To fix: run `python -m kit check-case DIR --fix` on the case (it keeps a backup), or save it as 'UTF-8' without BOM (in most editors: Save with encoding > UTF-8).
    """
    if data[:2] in UTF16_BOMS:
        raise KitError("the file is UTF-16, not UTF-8", file=file, line=1,
                       fix="re-save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 FILE > NEW`, or "
                           "Save with encoding > UTF-8)")
    if data.startswith(UTF8_BOM):
        if offsets:
            raise KitError(
                "the file starts with a UTF-8 byte-order mark (BOM), which would shift every offset",
                file=file, line=1,
                fix="run `python -m kit check-case DIR --fix` on the case (it keeps a backup), or "
                    "save it as 'UTF-8' without BOM (in most editors: Save with encoding > UTF-8)")
        data = data[len(UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise KitError(f"the file is not UTF-8 (byte 0x{data[err.start]:02x} at byte {err.start})",
                       file=file, line=data[: err.start].count(b"\n") + 1, fix=fix) from None
    crlf = text.find("\r") if offsets else -1
    if crlf >= 0:
        raise KitError(
            "the file has Windows (CRLF) or old Mac (CR) line endings; offsets count "
            "characters of LF-only text",
            file=file, line=text.count("\n", 0, crlf) + 1,
            fix="run `python -m kit check-case DIR --fix` on the case (it converts the text and "
                "keeps a backup), or convert it to LF line endings in your editor")
    return text


def read_csv(path: str | os.PathLike, *, what: str = "CSV", shown: str | None = None,
             comments: bool = False, missing_fix: str = "add the file, or correct its name",
             empty_fix: str = "start it with its header line"):
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
    text = read_utf8(path, what=what, shown=shown, missing_fix=missing_fix,
                     fix="re-save it as UTF-8 (in a spreadsheet: Save as > CSV UTF-8)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise KitError(f"the {what} file is empty", file=shown, line=1, fix=empty_fix)
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


def header_problems(header: list[str], columns, file: str, *, fix: str,
                    extra_fix: str | None = None, line: int = 1) -> list[KitError]:
    """What is wrong with a CSV header that must name every one of ``columns``: ``[]`` if nothing.

    Checked, in this order: columns named twice, columns missing and, when
    ``extra_fix`` is given (a table that allows no other columns), columns not
    known.  ``fix`` says what the header must be; ``line`` is the header's line
    (after any comment lines).

    >>> [p.message for p in header_problems(["id", "id", "x"], ["id", "file"], "t.csv", fix="...")]
    ["column 'id' appears twice in the header", 'missing column(s) file; the header is id,id,x']
    """
    problems = [KitError(f"column {col!r} appears twice in the header", file=file, line=line,
                         field=col, fix="keep one column of each name")
                for col in sorted({c for c in header if header.count(c) > 1})]
    missing = [c for c in columns if c not in header]
    if missing:
        problems.append(KitError(
            f"missing column(s) {', '.join(missing)}; the header is {','.join(header)}",
            file=file, line=line, field=missing[0], fix=fix))
    extra = [c for c in header if c not in columns]
    if extra and extra_fix is not None:
        problems.append(KitError(f"unknown column(s) {', '.join(repr(c) for c in extra)}",
                                 file=file, line=line, field=extra[0], fix=extra_fix))
    return problems


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
