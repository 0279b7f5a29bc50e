"""Spans of text: ``(start, end)`` offsets counted in Python characters.

An annotation points into an article with ``start`` and ``end``, counted in
Python characters of the LF-only text, so that ``text[start:end] == span``.
:func:`locate` computes those offsets from the span itself; :func:`suggestion`
says where a span really is; :func:`spans_from` turns a findings table into
highlights.

>>> text = "Putin said. Psaki said. Psaki left."
>>> locate(text, "Psaki")
(12, 17)
>>> locate(text, "Psaki", occurrence=2)
(24, 29)
"""

from __future__ import annotations

from kit.errors import KitError

__all__ = ["locate", "occurrences", "near_matches", "suggestion", "checked_spans", "spans_from"]

# Characters an editor or a copy-paste may change without the author noticing.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})


def locate(text: str, span: str, occurrence: int = 1) -> tuple[int, int]:
    """The ``(start, end)`` of the ``occurrence``-th copy of ``span`` in ``text``.

    ``text[start:end] == span`` holds for the result, so it can go straight
    into a key file.  When the span is not there (or not that many times),
    the :class:`~kit.errors.KitError` says where it does occur, or where a
    near match (differing only in case, quote marks, dashes or spacing) is.

    >>> locate("the ball is in their court", "ball")
    (4, 8)
    >>> locate("a ball, a ball", "ball", occurrence=3)
    Traceback (most recent call last):
    ...
    kit.errors.KitError: the span 'ball' occurs 2 time(s), at 2-6 and 10-14, so there is no occurrence 3. To fix: pass occurrence=1 to 2.
    >>> locate("They said \u201cnever\u201d.", '"never"')
    Traceback (most recent call last):
    ...
    kit.errors.KitError: the span '"never"' is not in the text. To fix: a near match (differing in case, quotes, dashes or spacing) is text[10:17] == '\u201cnever\u201d'; copy the span from the text exactly.
    >>> locate("text", "")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: the span is empty. To fix: pass the words to find, copied from the text.
    """
    if not isinstance(text, str):
        raise KitError(f"locate() takes the text as a str, not {type(text).__name__}",
                       fix="pass an article's text, e.g. kit.load_articles().loc['psaki-briefing', 'text']")
    if not isinstance(span, str):
        raise KitError(f"locate() takes the span as a str, not {type(span).__name__}",
                       fix="pass the words to find, copied from the text")
    if not span:
        raise KitError("the span is empty", fix="pass the words to find, copied from the text")
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        raise KitError(f"occurrence must be a whole number from 1 up, not {occurrence!r}",
                       field="occurrence", fix="pass occurrence=1 for the first copy, 2 for the second ...")
    found = occurrences(text, span)
    if len(found) >= occurrence:
        return found[occurrence - 1]
    if found:
        raise KitError(
            f"the span {span!r} occurs {len(found)} time(s), at {_ranges(found)}, "
            f"so there is no occurrence {occurrence}",
            fix=f"pass occurrence=1 to {len(found)}" if len(found) > 1 else "pass occurrence=1")
    near = near_matches(text, span)
    if near:
        fix = suggestion(text, span)
    else:
        fix = ("copy the span from the text exactly (curly quotes, dashes and spaces count), "
               "and check that it is the right article")
    raise KitError(f"the span {span!r} is not in the text", fix=fix)


def occurrences(text: str, span: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``span`` occurs in ``text`` (overlaps included).

    >>> occurrences("aaa", "aa")
    [(0, 2), (1, 3)]
    >>> occurrences("abc", "x")
    []
    """
    found, i = [], text.find(span) if span else -1
    while i >= 0:
        found.append((i, i + len(span)))
        i = text.find(span, i + 1)
    return found


def near_matches(text: str, span: str) -> list[tuple[int, int]]:
    """Where ``span`` occurs in ``text`` if case, quote marks, dashes and spacing are ignored.

    >>> near_matches("He said \u2018No\u2019  now.", "'no' now")
    [(8, 17)]
    """
    folded_text, where = _fold(text)
    folded_span, _ = _fold(span)
    folded_span = folded_span.strip()
    if not folded_span:
        return []
    return [(where[s], where[e - 1] + 1) for s, e in occurrences(folded_text, folded_span)]


def suggestion(text: str, span: str, near: int = 0) -> str:
    """A fix for a span that is not at the offsets given: where it really is.

    ``near`` is the offset the author gave; the closest occurrence is named first.

    >>> suggestion("one two one", "one", near=9)
    'the span occurs at 8-11 and 0-3; set start and end to the pair you mean'
    >>> suggestion("one two", "three")
    'copy the span from the text exactly (curly quotes and spaces count), or compute the offsets with kit.case.spans.locate(text, span)'
    """
    found = sorted(occurrences(text, span), key=lambda se: (abs(se[0] - near), se[0]))
    if len(found) == 1:
        start, end = found[0]
        return f"the span is found at {start}-{end}: set start to {start} and end to {end}"
    if found:
        return f"the span occurs at {_ranges(found)}; set start and end to the pair you mean"
    near_found = sorted(near_matches(text, span), key=lambda se: (abs(se[0] - near), se[0]))
    if near_found:
        start, end = near_found[0]
        return (f"a near match (differing in case, quotes, dashes or spacing) is "
                f"text[{start}:{end}] == {text[start:end]!r}; copy the span from the text exactly")
    return ("copy the span from the text exactly (curly quotes and spaces count), "
            "or compute the offsets with kit.case.spans.locate(text, span)")


def _ranges(found, limit: int = 5) -> str:
    shown = [f"{s}-{e}" for s, e in found[:limit]]
    more = f" and {len(found) - limit} more" if len(found) > limit else ""
    if len(shown) > 1 and not more:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return ", ".join(shown) + more


def _fold(s: str) -> tuple[str, list[int]]:
    """``s`` folded (lowercase, plain quotes, one space per run), with each
    folded character's offset in ``s``."""
    out, where = [], []
    prev_space = False
    for i, ch in enumerate(s):
        ch = ch.translate(_FOLD)
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
            low = ch.lower()
            ch = low if len(low) == 1 else ch
        out.append(ch)
        where.append(i)
    return "".join(out), where


# ------------------------------------------------------------------ highlights

def checked_spans(text: str, highlight, where: str):
    """``highlight`` as ``[(start, end, label)]``, each checked to fit ``text`` (``where`` names it)."""
    spans = []
    for i, item in enumerate(highlight or ()):
        try:
            start, end, *rest = item
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            raise KitError(f"highlight number {i} is {item!r}, not (start, end, label)",
                           field="highlight",
                           fix="pass a list of (start, end, label) tuples") from None
        if not 0 <= start < end <= len(text):
            raise KitError(
                f"highlight ({start}, {end}) does not fit {where}, which has {len(text)} characters",
                field="highlight", fix="use offsets with 0 <= start < end <= len(text)")
        spans.append((start, end, str(rest[0]) if rest else ""))
    return spans


_LABEL_COLUMNS = ("label", "form", "category", "canonical", "status", "speaker", "rule")


def spans_from(highlight, article_id: str | None = None, label: str | None = None) -> list:
    """Highlights as ``[(start, end, label)]``, from a list or from a findings table.

    A table (DataFrame) needs ``start`` and ``end``; rows of other articles are
    left out when it has an ``article`` column; the label comes from ``label``
    or the first of label, form, category, canonical, status, speaker, rule.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"article": ["a", "b"], "start": [0, 2], "end": [1, 3], "form": ["x", "y"]})
    >>> spans_from(rows, "b")
    [(2, 3, 'y')]
    """
    if highlight is None:
        return []
    if hasattr(highlight, "columns"):
        rows = highlight
        if "article" in rows.columns and article_id is not None:
            rows = rows[rows["article"] == article_id]
        missing = [c for c in ("start", "end") if c not in rows.columns]
        if missing:
            raise KitError(f"the highlight table has no {missing[0]!r} column", field="highlight",
                           fix="pass a findings table (with start and end) or a list of (start, end, label)")
        column = label or next((c for c in _LABEL_COLUMNS if c in rows.columns), None)
        if column is not None and column not in rows.columns:
            raise KitError(f"the highlight table has no column {column!r}", field="label",
                           fix="use one of " + ", ".join(map(str, rows.columns)))
        labels = rows[column].fillna("").astype(str) if column else [""] * len(rows)
        return [(int(s), int(e), lab) for s, e, lab in zip(rows["start"], rows["end"], labels)]
    return list(highlight)
