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
from pathlib import Path

from kit._io import UTF8_BOM, decode_utf8, header_problems, read_bytes, read_csv
from kit.errors import KitError

__all__ = ["ARTICLE_COLUMNS", "CHOICES", "DEFAULT_CASE", "case_path", "use_case", "load_articles",
           "read_text", "convert_text", "ISO_DATE", "read_articles_csv"]

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
    return decode_utf8(data, str(path), offsets=True)


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
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
        changes.append("removed the byte-order mark")
    crlf, cr = data.count(b"\r\n"), data.replace(b"\r\n", b"").count(b"\r")
    if crlf:
        changes.append(f"converted {crlf} CRLF line ending(s) to LF")
    if cr:
        changes.append(f"converted {cr} CR line ending(s) to LF")
    if not changes:
        return read_text(path), []
    return _checked_text(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"), Path(path)), changes


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
    import pandas as pd

    case = case_path(case)
    rows = read_articles_csv(case)
    extra = [c for c in (rows[0] if rows else {}) if c not in ARTICLE_COLUMNS and c != "text"]
    frame = pd.DataFrame(rows, columns=[*ARTICLE_COLUMNS, *extra, "text"]).set_index("id")
    frame["published"] = pd.to_datetime(frame["published"].replace("", None), format="%Y-%m-%d")
    return frame


def read_articles_csv(case: Path, problems: list | None = None) -> list[dict]:
    """The rows of ``case``'s articles.csv, each with the ``text`` of its file, checked.

    The one check of a case's articles: without ``problems``, the first
    problem raises a :class:`KitError` (as :func:`load_articles` needs);
    with a list, every problem is appended to it and the check goes on, so
    that ``kit check-case`` reports them all at once.  Rows with a problem are
    left out of what is returned.
    """
    def report(err: KitError) -> None:
        if problems is None:
            raise err
        problems.append(err)

    index = case / "articles.csv"
    folder = case / "articles"
    if not index.is_file():
        report(KitError(
            "there is no articles.csv in this case", file=str(index),
            fix="create it with the header " + ",".join(ARTICLE_COLUMNS)
                + " (`python -m kit new-case DIR --from FILE...` writes one)"))
    if not folder.is_dir():
        report(KitError("there is no articles/ folder in this case", file=str(folder),
                        fix="create it and put one UTF-8 text file per article in it"))
    if not index.is_file():
        return []
    try:
        (_, header), *records = read_csv(index, what="articles.csv")
    except KitError as err:
        report(err)
        return []
    for err in header_problems(header, ARTICLE_COLUMNS, str(index),
                               fix="the header must name all of " + ",".join(ARTICLE_COLUMNS)):
        report(err)

    rows, seen_ids, seen_files = [], {}, {}
    for line, fields in records:
        where = dict(file=str(index), line=line)
        if len(fields) != len(header):
            report(KitError(
                f"this row has {len(fields)} fields but the header has {len(header)}", **where,
                fix="check the commas; put a value that contains a comma in double quotes"))
            continue
        row = dict(zip(header, (f.strip() for f in fields)))
        before = len(problems or ())
        if "id" in row:
            _check_id(row["id"], seen_ids, where, report)
        target = _listed_file(row["file"], case, seen_files, where, report) if "file" in row else None
        for col, allowed in CHOICES.items():
            if row.get(col) and row[col] not in allowed:
                report(KitError(f"{row[col]!r} is not one of {', '.join(allowed)}", field=col,
                                **where, fix=f"write one of {', '.join(allowed)} (or leave it empty)"))
        if row.get("published") and not _is_iso_date(row["published"]):
            report(KitError(f"date {row['published']!r} is not an ISO date", field="published",
                            **where, fix="write it as YYYY-MM-DD, e.g. 2021-12-23"))
        if target is not None:
            try:
                row["text"] = read_text(target)
            except KitError as err:
                report(err)
        if len(problems or ()) == before:
            rows.append(row)

    if not records:
        report(KitError("articles.csv lists no articles", file=str(index), line=2,
                        fix="add one row per article under the header"))
    if folder.is_dir() and "file" in header:
        unlisted = sorted(p.name for p in folder.iterdir()
                          if p.is_file() and not p.name.startswith(".") and p.name not in seen_files)
        if unlisted and problems is None:
            raise KitError(
                f"{len(unlisted)} file(s) in articles/ are not listed: {', '.join(unlisted)}",
                file=str(folder / unlisted[0]),
                fix="add a row for each to articles.csv, or move the file out of articles/")
        for name in unlisted:
            report(KitError("this file in articles/ is not listed in articles.csv",
                            file=str(folder / name),
                            fix="add a row for it to articles.csv, or move it out of articles/"))
    return rows


def _check_id(art_id: str, seen: dict, where: dict, report) -> None:
    if not ARTICLE_ID.match(art_id):
        report(KitError(f"id {art_id!r} is not a short slug", field="id", **where,
                        fix="use lowercase letters, digits and hyphens, e.g. 'psaki-briefing'"))
    elif art_id in seen:
        report(KitError(f"id {art_id!r} is used twice (also on line {seen[art_id]})",
                        field="id", **where, fix="give every article its own id"))
    else:
        seen[art_id] = where["line"]


def _listed_file(name: str, case: Path, seen: dict, where: dict, report) -> Path | None:
    """The article file a row names, if it is a sound one (else None, with the problem reported)."""
    folder = case / "articles"
    root = case.resolve() / "articles"     # a linked articles/ folder is outside, like a linked file
    if not name:
        report(KitError("the file name is empty", field="file", **where,
                        fix="name the article's file in articles/"))
        return None
    target = (folder / name).resolve()
    if Path(name).is_absolute() or root not in target.parents:
        report(KitError(f"file {name!r} points outside the case's articles/ folder",
                        field="file", **where,
                        fix="copy the text into articles/ and give its bare file name"))
        return None
    if name in seen:
        report(KitError(f"file {name!r} is listed twice (also on line {seen[name]})",
                        field="file", **where, fix="list every file once"))
        return None
    seen[name] = where["line"]
    if not target.exists():
        report(KitError(f"file {name!r} is listed but not in articles/", field="file", **where,
                        fix=f"add {folder / name}, or correct the name in articles.csv"))
        return None
    return target


def _is_iso_date(value: str) -> bool:
    """Is ``value`` a real date written YYYY-MM-DD?"""
    try:
        return bool(ISO_DATE.match(value)) and bool(_dt.date.fromisoformat(value))
    except ValueError:
        return False
