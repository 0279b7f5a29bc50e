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

import csv
import io
import os
import re
from functools import lru_cache
from pathlib import Path

from kit.errors import KitError

__all__ = ["require_text", "read_table", "shown_path", "frame", "lowered", "may_contain",
           "matches_at", "near_words", "words_before", "alternation", "LEXICON_DIR",
           "CAPITALISED_RUN", "split_name", "TITLE_WORDS", "ORG_WORDS", "CALENDAR_WORDS"]

LEXICON_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon"

# A capitalised word: "Psaki", "NATO-Russia", "Psaki’s", an initial "R." or "Jr.".
_CAP_WORD = r"(?:[A-Z][\w’'\-]*[\w]|[A-Z]\.?)"
#: A run of capitalised words (candidate names), linked only by spaces, not
#: inside a word.  (The first word is written so that the pattern starts with
#: its capital, which the search can skip to quickly; the look-behind after the
#: capital checks the character before it.)
CAPITALISED_RUN = re.compile(
    rf"[A-Z](?<![\w’'\-][A-Z])(?:[\w’'\-]*[\w]|\.?)(?:[ \u00a0]+{_CAP_WORD})*")

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


# Besides A-Z, re.IGNORECASE matches only these to a letter a-z (İ, ı, ſ and the
# Kelvin sign); without them, str.lower() keeps every offset and every a-z.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def lowered(text: str) -> str | None:
    """``text.lower()``, or None if re.IGNORECASE would match a character of it
    to a-z that lower() does not turn into one (see _FOLDS_TO_ASCII)."""
    return None if any(ch in text for ch in _FOLDS_TO_ASCII) else text.lower()


def may_contain(text: str, *words: str) -> bool:
    """False only if no case-insensitive pattern that needs one of ``words`` can match ``text``.

    ``words`` are lower-case a-z strings.  A quick test that lets a detector
    skip a slow search of a text that lacks the words it looks for.

    >>> may_contain("Two hours AGO", "ago"), may_contain("Agony", "days", "hours")
    (True, False)
    """
    low = lowered(text)
    return low is None or any(word in low for word in words)


def matches_at(pattern, text: str, starts):
    """The matches of ``pattern.finditer(text)``, tried only at ``starts``.

    ``starts`` (offsets, in any order) must hold the start of every match the
    pattern can make in ``text``; more offsets are fine.  For patterns that
    are slow to search for but whose matches are easy to place (around a
    rare character, say).  The pattern must not match an empty string.

    >>> [m.group() for m in matches_at(re.compile(r"a+"), "caaab aa", [1, 2, 6])]
    ['aaa', 'aa']
    """
    end = 0
    for start in sorted(set(starts)):
        if start >= end:                   # not inside the last match
            m = pattern.match(text, start)
            if m:
                end = m.end()
                yield m


def near_words(pattern, text: str, words: dict, hay: str | None):
    r"""The matches of ``pattern.finditer(text)``, looked for only near rare words.

    Every match of ``pattern`` must hold one of ``words``, either at its start
    or after a space and at most ``words[word]`` words (runs of non-space
    characters) after its start.  The words are looked for in ``hay``:
    ``text`` itself, or ``lowered(text)`` for a pattern with re.IGNORECASE
    (then the words are lower-case a-z; None: search all of ``text``).

    >>> big = re.compile(r"\b(?:very\s+)?big\s+deal\b", re.I)
    >>> text = "A very big deal, a Big Deal."
    >>> [m.group() for m in near_words(big, text, {"deal": 2}, lowered(text))]
    ['very big deal', 'Big Deal']
    """
    if hay is None:
        return pattern.finditer(text)
    starts = []
    for word, back in words.items():
        at = hay.find(word)
        while at >= 0:
            starts.append(at)
            if back and at and text[at - 1].isspace():
                starts.extend(words_before(text, at, back))
            at = hay.find(word, at + 1)
    return matches_at(pattern, text, starts)


def words_before(text: str, end: int, n: int) -> range:
    """The offsets from the start of the ``n``-th word before ``end`` up to ``end``.

    A word is a run of non-space characters.

    >>> words_before("so big  a deal", 9, 2)
    range(3, 9)
    """
    start = end
    for _ in range(n):
        while start and text[start - 1].isspace():
            start -= 1
        while start and not text[start - 1].isspace():
            start -= 1
    return range(start, end)


def alternation(pieces) -> str:
    """``piece|piece|...`` for ``(first, piece)`` pairs, grouped by first character.

    ``first`` is the character the piece starts with (in lower case in a
    pattern with re.IGNORECASE).  A search then tries only the pieces that
    start with the character it meets; pieces with different first
    characters never match at the same offset, so their order (kept within
    a group) is all that matters.

    >>> alternation([("k", "Kyiv"), ("o", "Odesa"), ("k", "Kharkiv")])
    '(?:Kyiv|Kharkiv)|(?:Odesa)'
    """
    groups: dict[str, list[str]] = {}
    for first, piece in pieces:
        groups.setdefault(first, []).append(piece)
    return "|".join("(?:" + "|".join(group) + ")" for group in groups.values())


def split_name(name: str) -> list[str]:
    """The words of a name without possessive endings: "Putin’s" -> ["Putin"].

    >>> split_name("President Joseph R. Biden’s")
    ['President', 'Joseph', 'R.', 'Biden']
    """
    words = name.split()
    if words:
        words[-1] = re.sub(r"[’']s?$", "", words[-1]) or words[-1]
    return words


_COLUMN_INDEX: dict = {}      # columns -> their pandas Index, built once
_OFFSETS = ("start", "end")


def _column_index(columns: tuple):
    """The column labels as a new pandas Index over labels built once per set of columns.

    Each frame gets its own Index object (a view), so that setting
    ``df.columns.name`` on one result leaves every other result alone.
    """
    index = _COLUMN_INDEX.get(columns)
    if index is None:
        import pandas as pd

        index = _COLUMN_INDEX[columns] = pd.Index(list(columns))
    return index.view()


@lru_cache(maxsize=None)
def _string_array():
    """``(array class, dtype)`` pandas gives a column of str, if it holds Python strs.

    None when pandas stores such a column otherwise (pyarrow, object), where
    :func:`frame` lets pandas build the columns.
    """
    import pandas as pd

    try:
        from pandas.api.internals import create_dataframe_from_blocks  # noqa: F401
    except ImportError:  # pragma: no cover - an older pandas
        return None
    arr = pd.DataFrame({"a": ["a"]})["a"].array
    python = type(arr) is pd.arrays.StringArray and arr.dtype.storage == "python"
    return (type(arr), arr.dtype) if python else None


def frame(rows, columns):
    """A DataFrame of ``rows`` with ``columns`` (int offsets, even when empty).

    Text columns are typed by pandas from their values (object when empty).
    The detectors make one small frame per text, so this avoids the costly
    generic paths: the frame is put together from its columns, one block per
    column as ``pd.DataFrame(dict)`` makes them, with the dtypes that pandas
    would infer (int64 offsets, ``str`` for text, object when empty); other
    columns (a float score) go through pandas' own inference.

    >>> [str(t) for t in frame([(0, 4, "Kyiv")], ("start", "end", "span")).dtypes]
    ['int64', 'int64', 'str']
    >>> [str(t) for t in frame([], ("start", "end", "span")).dtypes]
    ['int64', 'int64', 'object']
    >>> [str(t) for t in frame([(0, 4, "Kyiv", 0.5)], ("start", "end", "span", "score")).dtypes]
    ['int64', 'int64', 'str', 'float64']
    """
    import numpy as np
    import pandas as pd

    columns = tuple(columns)
    strings = _string_array()
    values = list(zip(*rows)) if rows else [()] * len(columns)
    if strings is not None and all(col in _OFFSETS or all(type(v) is str for v in vals)
                                   for col, vals in zip(columns, values)):
        from pandas.api.internals import create_dataframe_from_blocks

        array, dtype = strings
        n = len(rows)
        blocks = []
        for k, (col, vals) in enumerate(zip(columns, values)):
            if col in _OFFSETS:
                block = np.array(vals, dtype="int64").reshape(1, n)
            elif n:
                text = np.empty(n, dtype=object)
                text[:] = vals
                block = array(text, dtype=dtype)
            else:
                block = np.empty((1, 0), dtype=object)
            blocks.append((block, np.array([k])))
        return create_dataframe_from_blocks(blocks, pd.RangeIndex(n), _column_index(columns))
    if rows:
        data = {col: np.array(vals, dtype="int64") if col in _OFFSETS else list(vals)
                for col, vals in zip(columns, values)}
    else:
        data = {col: np.array([], dtype="int64" if col in _OFFSETS else object)
                for col in columns}
    return pd.DataFrame(data, columns=_column_index(columns), copy=False)


def read_table(path, columns, *, required=(), choices=None, what="lexicon"):
    """Read a small UTF-8 CSV file into a list of dicts, checking it line by line.

    ``columns`` must all be in the header; cells in ``required`` must not be
    empty; ``choices`` maps a column to its allowed values.  Lines starting
    with ``#`` and empty lines are skipped (so files can carry comments).
    Every problem raises a KitError naming the file, the line and the field.
    """
    shown = shown_path(path)
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KitError(f"the {what} file is missing", file=shown,
                       fix="pass the path of an existing CSV file, or None for the kit's own") from None
    except IsADirectoryError:
        raise KitError(f"a folder stands where the {what} file should be", file=shown,
                       fix="point to a CSV file") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise KitError(f"the {what} file is not UTF-8", file=shown,
                       line=raw[: err.start].count(b"\n") + 1,
                       fix="re-save it as UTF-8") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise KitError(f"the {what} file is empty", file=shown, line=1,
                       fix="start it with the header " + ",".join(columns))
    numbers = [n for n, _ in lines]
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)))
    rows, starts, last = [], [], 0
    try:
        for fields in reader:
            starts.append(numbers[min(last, len(numbers) - 1)])  # the record's first line
            rows.append(fields)
            last = reader.line_num
    except csv.Error as err:
        raise KitError(f"the line cannot be read as CSV ({err})", file=shown,
                       line=numbers[min(last, len(numbers) - 1)],
                       fix="check the quotes: a value with a comma goes in double quotes") from None
    header = [h.strip() for h in rows[0]]
    for col in columns:
        if col not in header:
            raise KitError(f"the header lacks the column {col!r} (it is {','.join(header)})",
                           file=shown, line=starts[0], field=col,
                           fix="the header must name " + ",".join(columns))
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


def lexicon_source(path, default, example: str) -> tuple[str, tuple | None]:
    """``(path, stamp)`` of a lexicon to load: the default one, or an instructor's.

    ``stamp`` (size, mtime) changes when the file is edited, so a cached load
    keyed on it is read again.
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise KitError(f"lexicon must be the path of a CSV file, not {type(path).__name__}",
                       field="lexicon",
                       fix=f"pass e.g. lexicon='{example}', or None for {shown_path(default)}")
    path = str(default if path is None else Path(path))
    try:
        st = os.stat(path)
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = None
    return path, stamp
