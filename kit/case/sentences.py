"""Sentences with exact offsets.

>>> sentences("Talks begin Jan. 12 in the U.S. capital.Despite that, no date.").values.tolist()
[[0, 40, 'Talks begin Jan. 12 in the U.S. capital.'], [40, 62, 'Despite that, no date.']]
"""

from __future__ import annotations

import re

from kit.errors import KitError

__all__ = ["sentences", "sentence_spans"]

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset("""
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms dr prof gen lt col maj capt sgt sen rep gov pres st sr jr rev hon amb adm cmdr
    vol p pp fig ed eds inc ltd co corp dept univ est approx vs etc al e.g i.e cf
""".split())
# Stops with the quote marks and brackets after them, or a line break.
_END = re.compile("[.!?\u2026]+[\"'\u201d\u2019)\\]]*|\n")
_OPENERS = "\"'\u201c\u2018([\u2014-"
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")


def _is_boundary(text: str, m: re.Match) -> bool:
    if text[m.start()] == "\n":          # (a match that starts so is a line break)
        return True
    end = m.end()
    nxt = end
    while nxt < len(text) and text[nxt] in " \t":
        nxt += 1
    if nxt >= len(text) or text[nxt] == "\n":
        return True
    following = text[nxt]
    if not (following.isupper() or following.isdigit() or following in _OPENERS):
        return False
    if nxt == end and not (following.isupper() or following in "\"\u201c"):
        return False                      # "3.5", "example.com/x": no space, no capital
    if text[m.start()] == ".":
        w = _word_before(text, m.start())
        if w:
            if w.lower() in _ABBREVIATIONS:
                return False              # "Jan. 12", "Mr. Smith"
            if (len(w) == 1 or "." in w) and _INITIALS.fullmatch(w):
                return False              # initials and initialisms: "U.S.", "J. Biden"
        if nxt == end and not text[m.start() - 1:m.start()].isalpha() \
                and text[m.start() - 1:m.start()] not in "\"'\u201d\u2019)":
            return False
    return True


# A word of letters (and inner full stops) at the end: "Jan", "U.S", "e.g".
_LAST_WORD = re.compile(r"[A-Za-z](?:[A-Za-z.]*[A-Za-z])?$")


def _word_before(text: str, end: int) -> str:
    """The word of letters (and inner full stops) that ends at ``end``, within 24 characters."""
    m = _LAST_WORD.search(text, max(0, end - 24), end)
    return m.group() if m else ""


def sentences(text: str):
    """Split ``text`` into sentences with exact offsets.

    Returns a DataFrame with columns ``start``, ``end``, ``sentence`` where
    ``text[start:end] == sentence``.  A line break always ends a sentence;
    run-together sentences (``talks.Despite``) are split; abbreviations and
    initialisms (``Jan. 12``, ``U.S.``) are not.  Linear in the text's length.

    >>> sentences("He left.She stayed. Mr. Li said: \\"Go!\\" Then silence")["sentence"].tolist()
    ['He left.', 'She stayed.', 'Mr. Li said: "Go!"', 'Then silence']
    >>> sentences(42)
    Traceback (most recent call last):
    ...
    kit.errors.KitError: sentences() takes a text (a str), not int. To fix: pass an article's text, e.g. kit.load_articles()['text'].iloc[0].
    """
    import pandas as pd

    if not isinstance(text, str):
        raise KitError(f"sentences() takes a text (a str), not {type(text).__name__}",
                       fix="pass an article's text, e.g. kit.load_articles()['text'].iloc[0]")
    rows = [(start, end, text[start:end]) for start, end in sentence_spans(text)]
    return pd.DataFrame(rows, columns=["start", "end", "sentence"])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the sentences of ``text`` (see :func:`sentences`)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _is_boundary(text, m):
            _add_span(spans, text, start, m.end())
            start = m.end()
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
