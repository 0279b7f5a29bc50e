"""Find wording that takes sides: loaded words, hedges, intensifiers, scare quotes.

:func:`find_wording` marks two kinds of wording:

* the terms of a lexicon, ``data/lexicon/wording.csv`` by default (columns
  ``term, match, category, framing, explanation``; see docs/lexicons.md).
  ``match`` says how the term is read: ``word`` is a plain word or phrase
  matched as whole words (lower case matches any case, a capitalised term
  such as *Kiev* only as written), ``regex`` a Python regular expression;
* **scare quotes**, found by rule: quote marks around one to three words that
  nobody is reported as saying there (``planning an “invasion”``, ``will
  ‘never’ agree``).  A short quotation that a speech verb introduces
  (``said: "No way."``) or that is followed by its speaker (``"Never," she
  said``) is speech, not scare quotes.

Categories: loaded-word, scare-quotes, hedge, intensifier, viewpoint-spelling,
naming, framing.

>>> found = find_wording("Moscow has strongly denied the “invasion” claims of the Kiev regime.")
>>> found[["start", "end", "span", "category"]]
   start  end        span            category
0     11   19    strongly         intensifier
1     31   41  “invasion”        scare-quotes
2     42   51   claims of             framing
3     56   60        Kiev  viewpoint-spelling
4     61   67      regime         loaded-word
>>> print(found["explanation"][4])
'Regime' is used for governments the writer does not accept as legitimate.
>>> find_wording(b"bytes")
Traceback (most recent call last):
...
kit.errors.KitError: find_wording() takes a text (a str), not bytes. To fix: pass an article's text, e.g. kit.load_articles().loc['psaki-briefing', 'text'].
"""

from __future__ import annotations

import re
from itertools import accumulate, islice
from pathlib import Path

from kit.detect.lexicon import (LEXICON_DIR, frame, lexicon_path, read_table, require_text,
                                shown_path)
from kit.detect.quotes import after_quote, pair_quotes
from kit.errors import KitError

__all__ = ["find_wording", "wording_rows", "wording_lexicon", "WORDING_COLUMNS", "WORDING_LEXICON", "CATEGORIES"]

#: The default wording lexicon (see docs/lexicons.md).
WORDING_LEXICON = LEXICON_DIR / "wording.csv"
WORDING_COLUMNS = ("start", "end", "span", "category", "explanation")
CATEGORIES = ("loaded-word", "scare-quotes", "hedge", "intensifier", "viewpoint-spelling",
              "naming", "framing")
_SCARE = ("Quote marks round a word nobody is quoted as saying keep the writer at a "
          "distance from it, often to cast doubt on it.")
_QUOTE_WORD = re.compile(r"[\w’'\-]+")
# a speech verb (and "that", a colon or a comma) right before a quotation: speech
_INTRODUCED = re.compile(
    r"(?:\b(?:said|says|say|told|tells|added|adds|asked|asks|replied|replies|answered|wrote|"
    r"writes|tweeted|shouted|declared|stated|announced|insisted|stressed|noted|warned)"
    r"\s*(?:that\s*)?[:,]?\s*"
    r"|\b(?:describ(?:ed|es|ing)|call(?:ed|s|ing)|dub(?:bed|s|bing)|label(?:l?ed|s|l?ing)|"
    r"brand(?:ed|s|ing)|term(?:ed|s|ing))\s+(?:[\w’'-]+\s+){0,2}?(?:as\s+)?(?:an?\s+)?"
    r"|:\s*)$", re.I)


_TOKEN = re.compile(r"\w+(?:-\w+)*")
_TOKEN_SPLIT = re.compile(rf"({_TOKEN.pattern})")          # words and the gaps between them


def _gap(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()) if text.strip() else " "


class _Lexicon:
    """The lexicon, ready to use: plain terms by first word, regex terms compiled."""

    def __init__(self, path: Path, rows: list[dict]):
        self.path = path
        self.rows = rows
        self.first: dict[str, list] = {}       # first word -> [(words, gaps, exact, row)]
        self.regexes: list = []
        shown = shown_path(path)
        seen = {}
        for row in rows:
            where = dict(file=shown, line=row["_line"], field="term")
            term = row["term"]
            key = (term, row["match"])
            if key in seen:
                raise KitError(f"the term {term!r} is listed twice (also on line {seen[key]})",
                               **where, fix="keep one row per term")
            seen[key] = row["_line"]
            if row["match"] == "regex":
                try:
                    compiled = re.compile(term)
                except re.error as err:
                    raise KitError(f"the regular expression {term!r} is not valid ({err})",
                                   **where, fix="correct the pattern, or write match=word "
                                                "for a plain phrase") from None
                if compiled.match(""):
                    raise KitError(f"the regular expression {term!r} matches an empty text",
                                   **where, fix="make it match at least one character")
                self.regexes.append((compiled, row))
                continue
            tokens = list(_TOKEN.finditer(term))
            if not tokens or tokens[0].start() != 0 or tokens[-1].end() != len(term):
                raise KitError(f"the term {term!r} must start and end with a letter or digit",
                               **where, fix="drop the punctuation at its ends, or write it as "
                                            "a regex (match=regex)")
            exact = term != term.lower()
            words = tuple(t.group() if exact else t.group().lower() for t in tokens)
            gaps = tuple(_gap(term[a.end():b.start()]) for a, b in zip(tokens, tokens[1:]))
            self.first.setdefault(words[0], []).append((words, gaps, exact, row))
        for entries in self.first.values():
            entries.sort(key=lambda e: -len(e[0]))         # longest phrase first

    def find(self, text: str):
        """(start, end, row) for every term in ``text``; linear in its length."""
        # parts = [gap, word, gap, word, ..., gap]: word k is parts[2k + 1], the
        # gap before it parts[2k]
        parts = _TOKEN_SPLIT.split(text)
        tokens = parts[1::2]
        offsets = [0, *accumulate(map(len, parts))]         # part j is offsets[j]:offsets[j + 1]
        for i, word in enumerate(tokens):
            best = None                                   # the longest term starting here
            for key in {word, word.lower()}:
                for words, gaps, exact, row in self.first.get(key, ()):
                    n = len(words)
                    if (word if exact else word.lower()) != words[0] or i + n > len(tokens) \
                            or (best and best[0] >= n):
                        continue
                    for k in range(1, n):
                        got = tokens[i + k] if exact else tokens[i + k].lower()
                        if got != words[k] or _gap(parts[2 * (i + k)]) != gaps[k - 1]:
                            break
                    else:
                        best = (n, row)
            if best:
                yield offsets[2 * i + 1], offsets[2 * (i + best[0])], best[1]
        for compiled, row in self.regexes:
            for m in compiled.finditer(text):
                if m.end() > m.start():
                    yield m.start(), m.end(), row


def wording_lexicon(path=None) -> _Lexicon:
    """The wording lexicon at ``path`` (None: the kit's own), read and checked."""
    path = lexicon_path(path, WORDING_LEXICON, "my_wording.csv")
    rows = read_table(path, ("term", "match", "category", "framing", "explanation"),
                      required=("term", "match", "category", "explanation"),
                      choices={"match": ("word", "regex"), "category": CATEGORIES},
                      what="wording lexicon")
    rows.sort(key=lambda r: -len(r["term"]))
    return _Lexicon(Path(path), rows)


def find_wording(text: str, lexicon=None):
    """Wording that takes sides in ``text``: DataFrame ``start, end, span, category, explanation``.

    ``lexicon`` is the path of a wording lexicon (None: the kit's own).
    ``text[start:end] == span``; rows are in text order.  Linear in the
    length of the text (one pass over its words, one pass per regex term,
    one pass over the quote marks).

    >>> find_wording('She said: "Never." He called it a "mistake".')[["span", "category"]]
    Empty DataFrame
    Columns: [span, category]
    Index: []
    >>> find_wording("x", lexicon="no/such/file.csv")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: no/such/file.csv: the wording lexicon file is missing. To fix: pass the path of an existing CSV file, or None for the kit's own.
    """
    lex = wording_lexicon(lexicon)
    return frame(wording_rows(require_text(text, "find_wording"), lex), WORDING_COLUMNS)


def wording_rows(text: str, lex) -> list[tuple]:
    """The rows of :func:`find_wording` with the lexicon ``lex`` (:func:`wording_lexicon`)."""
    rows = set()
    for start, end, row in lex.find(text):
        rows.add((start, end, row["category"], row["explanation"]))
    for start, end in _scare_quotes(text):
        rows.add((start, end, "scare-quotes", _SCARE))
    return [(s, e, text[s:e], c, x) for s, e, c, x in sorted(rows)]


def _scare_quotes(text: str):
    """Quotations of 1-3 words that are not reported speech."""
    for start, end in pair_quotes(text):
        words = len(list(islice(_QUOTE_WORD.finditer(text, start + 1, end - 1), 4)))
        if not 1 <= words <= 3:                    # (counted up to four)
            continue
        before = text[max(0, start - 60):start]
        if _INTRODUCED.search(before):
            continue
        line_end = text.find("\n", end)
        after = text[end: len(text) if line_end < 0 else line_end][:120]
        if text[end - 2] in ",.!?" and re.match(r"\s*[,.!?]?\s*[\w]", after) \
                and after_quote(after)[0]:
            continue                       # "Never," she said.
        yield start, end
