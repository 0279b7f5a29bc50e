"""Cases and their articles.

A *case* is a folder holding a set of articles about one event::

    CASE/
        articles.csv      one row per article (see ARTICLE_COLUMNS)
        articles/         the texts, UTF-8, LF line endings, one file each
        annotations/      the answer key (optional)
        quizzes/          question banks (optional)

The five articles shipped with the kit are the default case (``data/``).
Another case is chosen with ``case=PATH`` or the ``KIT_CASE`` variable.

Texts are kept exactly as they are on disk, so that offsets stay true:
``text[start:end]`` is the span, counted in Python characters.  Texts with a
byte-order mark or Windows (CRLF) line endings are refused with a message that
says how to convert them (``python -m kit check-case DIR --fix``), so that
every editor and every offset agree.  ``articles.csv`` may have both, as a
spreadsheet writes it.

>>> arts = load_articles()
>>> list(arts.columns[:4])
['file', 'outlet', 'headline', 'published']
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from functools import lru_cache
from pathlib import Path

from kit._io import read_bytes, read_csv
from kit.errors import KitError

__all__ = ["ARTICLE_COLUMNS", "CHOICES", "DEFAULT_CASE", "case_path", "use_case", "load_articles",
           "read_text", "convert_text", "case_signature", "ISO_DATE"]

#: Columns of ``articles.csv``, in order.
ARTICLE_COLUMNS = (
    "id", "file", "outlet", "headline", "published", "url",
    "origin", "translated", "state_affiliated", "summary",
)
CHOICES = {
    "translated": ("yes", "no", "probably"),
    "state_affiliated": ("yes", "no"),
}
ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: A date as ``published`` holds it: YYYY-MM-DD (Python would also read 20211223).
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DEFAULT_CASE = Path(__file__).resolve().parents[2] / "data"
_chosen_case: Path | None = None


# --------------------------------------------------------------------------- cases

def use_case(case: str | os.PathLike | None) -> None:
    """Choose the case every later call uses when given no ``case=`` (``None``: back to the default).

    Lessons call this in their first cell, so one line switches a whole
    notebook to another case.  Without it, ``$KIT_CASE`` or the kit's own
    five articles are used.

    >>> use_case(None)
    >>> case_path().name
    'data'
    """
    global _chosen_case
    _chosen_case = None
    if case is not None:
        _chosen_case = case_path(case)


def case_path(case: str | os.PathLike | None = None) -> Path:
    """The folder of a case: ``case`` if given, else the one chosen with
    :func:`use_case`, else ``$KIT_CASE``, else the kit's own.

    >>> case_path().name
    'data'
    >>> case_path("no/such/folder")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: no/such/folder: this case folder does not exist. To fix: pass the path of a folder that holds articles.csv and articles/ (or unset KIT_CASE to use the kit's own five articles).
    """
    if case is None:
        case = _chosen_case or os.environ.get("KIT_CASE") or DEFAULT_CASE
    path = Path(case).expanduser()
    if not path.exists() and not path.is_absolute() and (DEFAULT_CASE.parent / path).exists():
        path = DEFAULT_CASE.parent / path   # "data/cases/x" works from notebooks/ too
    if not path.exists():
        raise KitError(
            "this case folder does not exist", file=str(case),
            fix="pass the path of a folder that holds articles.csv and articles/ "
                "(or unset KIT_CASE to use the kit's own five articles)")
    if not path.is_dir():
        raise KitError(
            "this is a file, but a case is a folder", file=str(case),
            fix="pass the folder that holds articles.csv and articles/, not a file inside it")
    return path


def read_text(path: str | os.PathLike, *, what: str = "article") -> str:
    """Read a UTF-8 text exactly as it is, refusing what would make offsets ambiguous.

    Raises :class:`KitError` for a missing, empty, non-UTF-8, BOM-marked or
    CRLF file, naming the file and the line.
    """
    path = Path(path)
    try:
        data = read_bytes(path, what=f"{what} file")
    except FileNotFoundError:
        raise KitError(f"the {what} file is missing", file=str(path),
                       fix="add the file, or correct its name") from None
    except IsADirectoryError:
        raise KitError(f"a folder stands where the {what} file should be", file=str(path),
                       fix="point to a text file") from None
    return _checked_text(data, path, what)


def _checked_text(data: bytes, path: Path, what: str = "article") -> str:
    if not data.strip():
        raise KitError(f"the {what} file is empty", file=str(path),
                       fix="put the text in the file, or remove it from the case")
    if data.startswith(b"\xef\xbb\xbf"):
        raise KitError(
            "the file starts with a UTF-8 byte-order mark (BOM), which would shift every offset",
            file=str(path), line=1,
            fix="run `python -m kit check-case DIR --fix` on the case (it keeps a backup), or save it "
                "as 'UTF-8' without BOM (in most editors: Save with encoding > UTF-8)")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise KitError("the file is UTF-16, not UTF-8", file=str(path), line=1,
                       fix="re-save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 FILE > NEW`, or "
                           "Save with encoding > UTF-8)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise KitError(
            f"the file is not UTF-8 (byte 0x{data[err.start]:02x} at byte {err.start})",
            file=str(path), line=line,
            fix="re-save it as UTF-8 (e.g. `iconv -f cp1252 -t utf-8 FILE > NEW`)") from None
    crlf = text.find("\r")
    if crlf >= 0:
        raise KitError(
            "the file has Windows (CRLF) or old Mac (CR) line endings; offsets count "
            "characters of LF-only text",
            file=str(path), line=text.count("\n", 0, crlf) + 1,
            fix="run `python -m kit check-case DIR --fix` on the case (it converts the text and "
                "keeps a backup), or convert it to LF line endings in your editor")
    return text


def convert_text(path: str | os.PathLike) -> tuple[str, list[str]]:
    """A text file's content as the kit keeps texts (no byte-order mark, LF line endings),
    and what had to change: ``(text, changes)``.

    For ``new-case`` and ``check-case --fix``, never for loading: a loaded text
    is never changed, so that offsets never shift silently.  A file that is
    missing, empty or not UTF-8 is refused as by :func:`read_text`.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"\\xef\\xbb\\xbfOne.\\r\\nTwo.\\r\\n")
    >>> convert_text(p)
    ('One.\\nTwo.\\n', ['removed the byte-order mark', 'converted 2 CRLF line ending(s) to LF'])
    """
    if not Path(path).is_file():
        return read_text(path), []                  # says what is wrong with it
    data, changes = Path(path).read_bytes(), []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        changes.append("removed the byte-order mark")
    crlf, cr = data.count(b"\r\n"), data.replace(b"\r\n", b"").count(b"\r")
    if crlf:
        changes.append(f"converted {crlf} CRLF line ending(s) to LF")
    if cr:
        changes.append(f"converted {cr} CR line ending(s) to LF")
    if not changes:
        return read_text(path), []
    return _checked_text(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"), Path(path)), changes


def case_signature(case: Path) -> tuple:
    """What decides whether a cached load is still good: names, sizes and times."""
    entries = []
    for p in [case / "articles.csv", *sorted((case / "articles").glob("*"))]:
        try:
            st = p.stat()
            entries.append((p.name, st.st_size, st.st_mtime_ns))
        except OSError:
            entries.append((p.name, None, None))
    return tuple(entries)


def load_articles(case: str | os.PathLike | None = None):
    """The articles of a case as a DataFrame indexed by ``id``.

    Columns: the metadata of ``articles.csv`` and ``text``, the exact text of
    each file.  ``published`` is a date (``NaT`` where left empty).

    >>> arts = load_articles()
    >>> arts.shape
    (5, 10)
    >>> t = arts["text"].iloc[0]
    >>> t[0:9]
    'The White'
    """
    path = case_path(case)
    return _load_cached(str(path.resolve()), case_signature(path)).copy()


# A speed trick that stays: a case's articles are read and checked once, and again
# only when a file changes (``signature``).  Lessons load them up to 15 times: on
# a 20-article case this saves 50-75 ms in lessons 02, 06 and 07
# (benchmarks/RESULTS.md, "Speed tricks that stay").
@lru_cache(maxsize=16)
def _load_cached(path: str, signature: tuple):
    import pandas as pd

    case = Path(path)
    rows = _read_articles_csv(case)
    extra = [c for c in (rows[0] if rows else {}) if c not in ARTICLE_COLUMNS and c != "text"]
    frame = pd.DataFrame(rows, columns=[*ARTICLE_COLUMNS, *extra, "text"]).set_index("id")
    frame["published"] = pd.to_datetime(frame["published"].replace("", None), format="%Y-%m-%d")
    return frame


def _read_articles_csv(case: Path) -> list[dict]:
    index = case / "articles.csv"
    folder = case / "articles"
    if not index.is_file():
        raise KitError(
            "there is no articles.csv in this case", file=str(index),
            fix="create it with the header " + ",".join(ARTICLE_COLUMNS)
                + " (`python -m kit new-case DIR --from FILE...` writes one)")
    if not folder.is_dir():
        raise KitError("there is no articles/ folder in this case", file=str(folder),
                       fix="create it and put one UTF-8 text file per article in it")
    (_, header), *records = read_csv(index, what="articles.csv")
    missing = [c for c in ARTICLE_COLUMNS if c not in header]
    if missing:
        raise KitError(
            f"missing column(s) {', '.join(missing)}; the header is {','.join(header)}",
            file=str(index), line=1, field=missing[0],
            fix="the header must name all of " + ",".join(ARTICLE_COLUMNS))
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise KitError(f"column {dupes[0]!r} appears twice in the header", file=str(index),
                       line=1, field=dupes[0], fix="keep one column of each name")

    rows, seen_ids, seen_files = [], {}, {}
    root = case.resolve() / "articles"     # a linked articles/ folder is outside, like a linked file
    for line, fields in records:
        if len(fields) != len(header):
            raise KitError(
                f"this row has {len(fields)} fields but the header has {len(header)}",
                file=str(index), line=line,
                fix="check the commas; put a value that contains a comma in double quotes")
        row = dict(zip(header, (f.strip() for f in fields)))
        where = dict(file=str(index), line=line)

        art_id = row["id"]
        if not ARTICLE_ID.match(art_id):
            raise KitError(f"id {art_id!r} is not a short slug", field="id", **where,
                           fix="use lowercase letters, digits and hyphens, e.g. 'psaki-briefing'")
        if art_id in seen_ids:
            raise KitError(f"id {art_id!r} is used twice (also on line {seen_ids[art_id]})",
                           field="id", **where, fix="give every article its own id")
        seen_ids[art_id] = line

        name = row["file"]
        if not name:
            raise KitError("the file name is empty", field="file", **where,
                           fix="name the article's file in articles/")
        target = (folder / name).resolve()
        if Path(name).is_absolute() or root not in target.parents:
            raise KitError(f"file {name!r} points outside the case's articles/ folder",
                           field="file", **where,
                           fix="copy the text into articles/ and give its bare file name")
        if name in seen_files:
            raise KitError(f"file {name!r} is listed twice (also on line {seen_files[name]})",
                           field="file", **where, fix="list every file once")
        seen_files[name] = line
        if not target.exists():
            raise KitError(f"file {name!r} is listed but not in articles/", field="file", **where,
                           fix=f"add {folder / name}, or correct the name in articles.csv")

        for col, allowed in CHOICES.items():
            if row[col] and row[col] not in allowed:
                raise KitError(f"{row[col]!r} is not one of {', '.join(allowed)}", field=col,
                               **where, fix=f"write one of {', '.join(allowed)} (or leave it empty)")
        if row["published"]:
            try:
                if not ISO_DATE.match(row["published"]):
                    raise ValueError
                _dt.date.fromisoformat(row["published"])
            except ValueError:
                raise KitError(f"date {row['published']!r} is not an ISO date",
                               field="published", **where,
                               fix="write it as YYYY-MM-DD, e.g. 2021-12-23") from None

        row["text"] = read_text(target)
        rows.append(row)

    if not rows:
        raise KitError("articles.csv lists no articles", file=str(index), line=2,
                       fix="add one row per article under the header")
    unlisted = sorted(p.name for p in folder.iterdir()
                      if p.is_file() and not p.name.startswith(".") and p.name not in seen_files)
    if unlisted:
        raise KitError(f"{len(unlisted)} file(s) in articles/ are not listed: {', '.join(unlisted)}",
                       file=str(folder / unlisted[0]),
                       fix="add a row for each to articles.csv, or move the file out of articles/")
    return rows
