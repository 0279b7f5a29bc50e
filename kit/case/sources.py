"""A case's primary sources and outlet profiles, in ``CASE/sources/``.

* ``sources.csv`` lists the primary texts the articles report on (a
  government's readout, a draft treaty): address, date, licence, how each was
  checked, and which could not be found.  A row's ``file`` names a text file in
  the same folder; a source that was not found has none.
* ``outlets.csv`` profiles the outlets, one cited point a row: who runs it,
  who funds it, what regulators and others have said.

Both are optional: a case without them gives empty tables, so lessons that
show them still run.

>>> sources().loc["white-house-2021-12-30", "licence"].startswith("public domain")
True
>>> source_text("white-house-2021-12-30")[:42]
'President Joseph R. Biden, Jr. spoke today'
"""

from __future__ import annotations

from pathlib import Path

from kit._io import header_problems, read_csv
from kit.case.articles import case_path, read_text
from kit.errors import KitError

__all__ = ["sources", "outlets", "source_text", "SOURCE_COLUMNS", "OUTLET_COLUMNS", "STATUSES",
           "ASPECTS"]

SOURCE_COLUMNS = ("id", "title", "by", "date", "url", "licence", "file", "status", "notes")
OUTLET_COLUMNS = ("article", "outlet", "aspect", "point", "source", "source_url", "source_date")
#: How a primary text was checked; ``not found`` has no file.
STATUSES = ("checked", "mirror only", "excerpt", "not found")
#: What a point of an outlet profile is about.
ASPECTS = ("runs", "funds", "regulators", "others")


def _folder(case) -> Path:
    return case_path(case) / "sources"


def _rows(path: Path, columns: tuple) -> list[dict]:
    if not path.exists():
        return []
    (_, header), *records = read_csv(path, what="sources table")
    wrong = header_problems(header, columns, str(path), fix="use the header " + ",".join(columns),
                            extra_fix="use the header " + ",".join(columns))
    if wrong:
        raise wrong[0]
    rows = []
    for line, fields in records:
        if len(fields) != len(header):
            raise KitError(f"the row has {len(header)} cells expected, not the same number here",
                           file=str(path), line=line, fix="put a comma between cells and quote cells with commas")
        rows.append({"line": line, **{k: v.strip() for k, v in zip(header, fields)}})
    return rows


def _table(rows: list[dict], columns: tuple, index: str | None):
    import pandas as pd

    frame = pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=list(columns))
    return frame.set_index(index) if index else frame


def _source_rows(case) -> list[dict]:
    path = _folder(case) / "sources.csv"
    rows, seen = _rows(path, SOURCE_COLUMNS), set()
    for row in rows:
        where = dict(file=str(path), line=row["line"])
        if not row["id"] or row["id"] in seen:
            raise KitError(f"the id {row['id']!r} is empty or used twice", field="id", **where,
                           fix="give every source its own short id")
        seen.add(row["id"])
        if row["status"] not in STATUSES:
            raise KitError(f"unknown status {row['status']!r}", field="status", **where,
                           fix="use one of " + ", ".join(STATUSES))
        if (row["status"] == "not found") == bool(row["file"]):
            raise KitError("a source has a file unless its status is 'not found'", field="file", **where,
                           fix="name the text file, or set the status to 'not found' and leave file empty")
        if row["file"] and not (path.parent / row["file"]).is_file():
            raise KitError(f"the file {row['file']!r} is not in the sources folder", field="file", **where,
                           fix=f"add {row['file']} next to sources.csv, or correct its name")
    return rows


def sources(case=None):
    """The case's primary sources, one row per source, indexed by ``id`` (empty if none)."""
    return _table(_source_rows(case), SOURCE_COLUMNS, "id")


def outlets(case=None):
    """The case's outlet profiles: one cited point a row (empty if none)."""
    path = _folder(case) / "outlets.csv"
    rows = _rows(path, OUTLET_COLUMNS)
    for row in rows:
        if row["aspect"] not in ASPECTS:
            raise KitError(f"unknown aspect {row['aspect']!r}", file=str(path), line=row["line"],
                           field="aspect", fix="use one of " + ", ".join(ASPECTS))
        if not row["point"]:
            raise KitError("the point is empty", file=str(path), line=row["line"], field="point",
                           fix="write the point, with its source")
    return _table(rows, OUTLET_COLUMNS, None)


def source_text(source_id: str, case=None) -> str:
    """The text of one primary source, exactly as stored.

    A case with no ``sources/sources.csv`` gives a note saying so, so that a
    lesson runs on any case; an unknown id, or a source that was not found,
    is a :class:`KitError` that says which ids there are.
    """
    rows = {row["id"]: row for row in _source_rows(case)}
    folder = _folder(case)
    if not rows:
        return f"(This case has no primary sources: {folder / 'sources.csv'} is missing.)"
    row = rows.get(source_id)
    if row is None or not row["file"]:
        what = "no source" if row is None else "a source that was not found, so it has no text"
        raise KitError(f"{source_id!r} is {what}", file=str(folder / "sources.csv"), field="id",
                       fix="use one of " + ", ".join(i for i, r in rows.items() if r["file"]))
    return read_text(folder / row["file"], what="source")
