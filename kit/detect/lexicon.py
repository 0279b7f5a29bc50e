"""Small helpers shared by the detectors (quotes, names, artifacts, wording).

Nothing here is public: the detectors re-export what students need.

>>> require_text("fine", "find_quotes")
'fine'
>>> require_text(3, "find_quotes")
Traceback (most recent call last):
...
kit.errors.KitError: find_quotes() takes a text (a str), not int. To fix: pass an article's text, e.g. kit.load_articles().loc['psaki-briefing', 'text'].
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kit._io import header_problems, read_csv
from kit.errors import KitError

__all__ = ["require_text", "read_table", "shown_path", "frame", "LEXICON_DIR",
           "CAPITALISED_RUN", "split_name", "TITLE_WORDS", "ORG_WORDS", "CALENDAR_WORDS"]

LEXICON_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon"

# A capitalised word: "Psaki", "NATO-Russia", "Psaki’s", an initial "R." or "Jr.".
_CAP_WORD = r"(?:[A-Z][\w’'\-]*[\w]|[A-Z]\.?)"
#: A run of capitalised words (candidate names), linked only by spaces, not
#: inside a word.
CAPITALISED_RUN = re.compile(rf"(?<![\w’'\-]){_CAP_WORD}(?:[ \u00a0]+{_CAP_WORD})*")

#: Words of rank or office that stand before a person's name.
TITLE_WORDS = frozenset("""
    president vice secretary minister prime chancellor premier spokeswoman spokesman
    spokesperson senator sen rep representative ambassador general gen colonel col
    admiral adm commander mr mrs ms dr prof professor governor gov mayor king queen
    prince princess pope sheikh emir director adviser advisor aide envoy deputy chief
    leader head chairman chairwoman chair speaker judge justice lt lieutenant captain
    capt sergeant sgt major maj press foreign defence defense interior national security
    state attorney first lady officer commissioner coordinator inspector detective
    constable superintendent sheriff bishop archbishop cardinal rabbi imam nurse doctor
    councillor councilor alderman mp mep congressman congresswoman
""".split())

#: Words that make a capitalised run the name of a body, place or document.
ORG_WORDS = frozenset("""
    house agency news council ministry organisation organization union states nations
    federation treaty dialogue office department kremlin party parliament congress
    senate assembly committee commission court bank fund forces army navy service times
    post agreement agreements republic republics europe america africa asia year day
    street square university institute centre center group company inc ltd corp
    association alliance pact summit conference foundation security cooperation
    stability administration government intelligence guard police embassy team media
    network channel radio television tv press daily journal herald tribune world
    international global region province oblast city sea ocean river mountains
""".split())

#: Months and days: capitalised, but not names of people or places.
CALENDAR_WORDS = frozenset("""
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
    thursday friday saturday sunday
""".split())


def shown_path(path) -> str:
    """A path as messages show it: relative to the kit's folder when inside it.

    >>> shown_path(LEXICON_DIR / "names.csv")
    'data/lexicon/names.csv'
    """
    root = LEXICON_DIR.parent.parent
    try:
        full = Path(path).resolve()
        return full.relative_to(root).as_posix() if full.is_relative_to(root) else str(path)
    except (OSError, ValueError):
        return str(path)


def require_text(text, func: str) -> str:
    """Return ``text`` if it is a str, else raise a KitError naming ``func``."""
    if not isinstance(text, str):
        raise KitError(f"{func}() takes a text (a str), not {type(text).__name__}",
                       fix="pass an article's text, e.g. "
                           "kit.load_articles().loc['psaki-briefing', 'text']")
    return text


def split_name(name: str) -> list[str]:
    """The words of a name without possessive endings: "Putin’s" -> ["Putin"].

    >>> split_name("President Joseph R. Biden’s")
    ['President', 'Joseph', 'R.', 'Biden']
    """
    words = name.split()
    if words:
        words[-1] = re.sub(r"[’']s?$", "", words[-1]) or words[-1]
    return words


_OFFSETS = ("start", "end")


def frame(rows, columns):
    """A DataFrame of ``rows`` with ``columns`` (int offsets, even when empty).

    Text columns are typed by pandas from their values (object when empty).

    >>> [str(t) for t in frame([(0, 4, "Kyiv")], ("start", "end", "span")).dtypes]
    ['int64', 'int64', 'str']
    >>> [str(t) for t in frame([], ("start", "end", "span")).dtypes]
    ['int64', 'int64', 'object']
    >>> [str(t) for t in frame([(0, 4, "Kyiv", 0.5)], ("start", "end", "span", "score")).dtypes]
    ['int64', 'int64', 'str', 'float64']
    """
    import numpy as np
    import pandas as pd

    values = list(zip(*rows)) if rows else [()] * len(columns)
    data = {col: np.array(vals, dtype="int64") if col in _OFFSETS
            else list(vals) if rows else np.array([], dtype=object)
            for col, vals in zip(columns, values)}
    return pd.DataFrame(data, columns=list(columns))


def read_table(path, columns, *, required=(), choices=None, what="lexicon"):
    """Read a small UTF-8 CSV file into a list of dicts, checking it line by line.

    ``columns`` must all be in the header; cells in ``required`` must not be
    empty; ``choices`` maps a column to its allowed values.  Lines starting
    with ``#`` and empty lines are skipped (so files can carry comments).
    Every problem raises a KitError naming the file, the line and the field.
    """
    shown = shown_path(path)
    records = read_csv(path, what=what, shown=shown, comments=True,
                       missing_fix="pass the path of an existing CSV file, or None for the kit's own")
    starts, rows = zip(*records)
    header = [h.strip() for h in rows[0]]
    wrong = header_problems(header, columns, shown, line=starts[0],
                            fix="the header must name " + ",".join(columns))
    if wrong:
        raise wrong[0]
    out = []
    for fields, line in zip(rows[1:], starts[1:]):
        if len(fields) != len(header):
            raise KitError(f"this row has {len(fields)} fields but the header has {len(header)}",
                           file=shown, line=line,
                           fix="check the commas; put a value that contains a comma in double quotes")
        row = {h: f.strip() for h, f in zip(header, fields)}
        for col in required:
            if not row[col]:
                raise KitError(f"the {col!r} cell is empty", file=shown, line=line, field=col,
                               fix=f"fill in the {col}")
        for col, allowed in (choices or {}).items():
            if row[col] and row[col] not in allowed:
                raise KitError(f"{row[col]!r} is not one of {', '.join(allowed)}",
                               file=shown, line=line, field=col,
                               fix=f"write one of {', '.join(allowed)}")
        row["_line"] = line
        out.append(row)
    return out


def lexicon_path(path, default, example: str) -> str:
    """The path of a lexicon to read: the default one, or an instructor's."""
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise KitError(f"lexicon must be the path of a CSV file, not {type(path).__name__}",
                       field="lexicon",
                       fix=f"pass e.g. lexicon='{example}', or None for {shown_path(default)}")
    return str(default if path is None else Path(path))
