"""Find debris in a text: traces of copying, editing and machine translation.

:func:`find_artifacts` applies a fixed set of rules, each a pattern that a
person could check by eye.  Every row says which rule fired (``rule``), to
which family it belongs (``category``) and what it means (``explanation``,
one plain sentence).

==========================  ===================  =================================================
rule                        category             what it catches
==========================  ===================  =================================================
relative-timestamp          scraping             "Updated 3 years ago", "2 hours ago"
time-code                   scraping             a line that is only a time such as "02:20"
separator                   scraping             a line of symbols: "***", "-----", "—o0o—"
metadata-line               scraping             a line of a date label, an ISO date and/or a URL
invisible-character         scraping             a non-breaking or zero-width space
run-together                scraping             "talks.Despite": no space after a full stop
duplicated-sentence         scraping             a sentence repeated word for word (the 2nd copy)
ellipsis                    editing              "..." marking words left out
bracketed-insertion         editing              words in brackets inside a quotation, or a
                                                 short bracketed note such as "(Switzerland)"
mismatched-quote-marks      editing              a quotation opened “curly” and closed "straight"
lead-in-line                editing              a short line ending in ":" right after a
                                                 separator, added by whoever joined two texts
fragment                    machine-translation  a few words with no sentence, left at the end
                                                 of a paragraph
truncated-sentence          machine-translation  a sentence that stops on "of", "the", "through"
verbless-fragment           machine-translation  a short sentence ending in "." with no verb
unfinished-clause           machine-translation  "... and when asked if ..." with no main verb
duplicated-phrase           machine-translation  eight or more words repeated in one sentence
calque                      machine-translation  a word-for-word phrase: "today in the morning"
garbled-name                machine-translation  a name that sounds or looks like a well-known one
                                                 of the names lexicon but is spelt differently
pronoun-for-person,         machine-translation  grammar slips that translation leaves behind:
missing-preposition,                             "sanctions on Smith if it invades", "was
unintroduced-event,                              encouraged the fact", "the attack" never
do-so-without-action,                            introduced, "there was no deal but they tried
regularised-verb,                                to do so", "was leaded", "have said Smith",
perfect-attribution,                             "did not give nothing" (see kit.detect.slips)
double-negative
==========================  ===================  =================================================

Precision comes first: a headline (a short line without a final full stop)
is not a fragment, nor is a subhead (a short title-case line followed by a
paragraph), and "U.S." or "Jan. 12" are not run-together sentences.

>>> found = find_artifacts("Updated 2 hours ago\\n\\nTalks ended.Despite this, hope.")
>>> found[["start", "end", "span", "category", "rule"]]
   start  end                 span  category                rule
0      0   19  Updated 2 hours ago  scraping  relative-timestamp
1     27   40        ended.Despite  scraping        run-together
>>> print(found["explanation"][1])
A paragraph break or space was lost when the page was copied, so two sentences are glued together.
>>> find_artifacts(["not", "a", "text"])
Traceback (most recent call last):
...
kit.errors.KitError: find_artifacts() takes a text (a str), not list. To fix: pass an article's text, e.g. kit.load_articles().loc['psaki-briefing', 'text'].
"""

from __future__ import annotations

import bisect
import re

from kit.case.sentences import sentence_spans
from kit.detect.lexicon import frame, require_text
from kit.detect.names import names_lexicon, variant_rows
from kit.detect.quotes import pair_quotes
from kit.detect.slips import SLIP_RULES, slips

__all__ = ["find_artifacts", "artifact_rows", "ARTIFACT_COLUMNS", "RULES"]

ARTIFACT_COLUMNS = ("start", "end", "span", "category", "rule", "explanation")

#: rule -> (category, explanation: one plain sentence)
RULES = {
    "relative-timestamp": ("scraping", "The page counted time from the day it was viewed, so "
                           "this was only true on the day the copy was saved."),
    "time-code": ("scraping", "A time on a line of its own, probably the length of a video on "
                  "the web page, copied along with the text."),
    "separator": ("scraping", "A line of symbols that a website used to split sections; it is "
                  "not part of the article."),
    "metadata-line": ("scraping", "A date or web address saved by the copying tool, useful for "
                      "checking the source but not part of the article."),
    "invisible-character": ("scraping", "An invisible web-page space character (non-breaking "
                            "or zero-width space) was copied into the text here."),
    "run-together": ("scraping", "A paragraph break or space was lost when the page was "
                     "copied, so two sentences are glued together."),
    "duplicated-sentence": ("scraping", "This sentence already appeared word for word earlier, "
                            "so something was copied twice."),
    "ellipsis": ("editing", "Three dots show that words were left out here, and we cannot see "
                 "which."),
    "bracketed-insertion": ("editing", "Words in brackets were added by the writer to explain; "
                            "they are not part of what was said."),
    "mismatched-quote-marks": ("editing", "The quotation opens with one kind of quote mark and "
                               "closes with another, a sign the text was pieced together or "
                               "retyped."),
    "lead-in-line": ("editing", "A line added by whoever put these texts together, to introduce "
                     "the next part."),
    "fragment": ("machine-translation", "A few stray words with no sentence around them, often "
                 "left over from a broken translation."),
    "truncated-sentence": ("machine-translation", "The sentence stops in the middle, on a small "
                           "word like 'of' or 'the', so part of it is missing."),
    "verbless-fragment": ("machine-translation", "This short 'sentence' has no verb, so it does "
                          "not say anything complete."),
    "unfinished-clause": ("machine-translation", "The sentence starts to say what happened 'when "
                          "asked' but never says it, so part of it is missing."),
    "duplicated-phrase": ("machine-translation", "The same string of words appears twice in one "
                          "sentence, a slip of translation or editing."),
    "calque": ("machine-translation", "A word-for-word translation that no English writer would "
               "use, a sign the text was translated."),
    "garbled-name": ("machine-translation", "This looks like a well-known name written wrongly, "
                     "as machine translation or speech-to-text often does."),
    **{rule: ("machine-translation", why) for rule, why in SLIP_RULES.items()},
}

_LINE = re.compile(r"[^\n]+")
_RELATIVE = re.compile(
    r"\b(?:(?:last\s+)?(?:updated|published|posted|modified|edited)\s*:?\s+)?"
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b", re.I)
_PAGE_LABELS = {"updated", "published", "posted", "modified", "edited", "last"}
_TIME_CODE = re.compile(r"\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\s*")
_SEPARATOR = re.compile(r"\s*(?:[-\u2013\u2014_=*~#\u2022\u00b7+.\s]{3,}|"
                        r"[-\u2013\u2014_=*~#\u2022\u00b7+]*\s*[oO0][oO0][oO0]\s*[-\u2013\u2014_=*~#\u2022\u00b7+]*)\s*")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?\b")
_META_WORDS = re.compile(r"\b(?:date|dated|updated|published|posted|source|url|link|via|by|"
                         r"time|modified|retrieved|accessed|saved)\b:?", re.I)
_INVISIBLE = re.compile("[\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad\u202f]")
_RUN_TOGETHER = re.compile(
    r"(?<![.\w])([A-Za-z][a-z]+|[A-Z]{2,}|\d+)"       # the last word: "talks", "NATO", "2021"
    r"([\"\u201d\u2019']?[.!?][\"\u201d\u2019']?)"     # its full stop, maybe with a quote mark
    r"([\"\u201c]?[A-Z][a-z]+)")                       # the next word, glued on: "Despite"
_ELLIPSIS = re.compile(r"\.{3,}|\u2026")
_BRACKET = re.compile(r"\(([^()\n]{1,160})\)")
_CALQUES = re.compile(
    r"\b(?:today|yesterday|tomorrow)\s+in\s+the\s+(?:morning|afternoon|evening)\b|"
    r"\bin\s+the\s+morning\s+of\s+today\b|\bon\s+the\s+territory\s+of\s+(?:the\s+)?"
    r"(?:country|region)\b", re.I)
_WHEN_ASKED = re.compile(r"\band\s+when\s+(?:(?:he|she|they|it)\s+(?:was|were)\s+)?asked\b"
                         r"[^,;:\u2014]*$", re.I)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
_LAST_TOKEN = re.compile(r"([\w’'\-]+)[^\w]*$")

# the small words a sentence cannot end on
_DANGLING = frozenset("""
    the a an of through from into onto with for to by at in on and or but than its their
    his her our my your this these those whose
""".split())
_DANGLING_ALONE = frozenset("the a an of and or but than".split())
_VERBS = frozenset("""
    is are was were be been being am has have had do does did will would shall should can
    could may might must said says say see seen saw go goes went gone come came get got make
    made take took taken give gave given know knew known think thought want seem seems tell
    told let put keep kept begin began begun stand stood hold held mean meant run ran set
    show shown fell fall fallen left leave rose rise risen won win lost lose hit cut shut
    spent spend sent send sold sell bought buy brought bring built build caught catch chose
    chosen drew drawn drove driven ate eaten fought fight found find flew flown forgot
    forgotten grew grown heard hear hid hidden hurt kept led lead lent lay laid lie met meet
    paid pay quit read rode ridden rang rung sang sung sank sunk sat sit slept sleep spoke
    spoken stole stolen struck swam swum swore sworn taught teach tore torn threw thrown
    understood woke woken wore worn wrote written broke broken became become bore born beat
    bit bitten blew blown dealt dug fed felt feel fled forbade froze frozen hung knelt lit
    rid shook shaken shone shot slid sought spread sprang stuck stung strove swept swung
    thrust wept wound
""".split())
# a pronoun subject means the sentence almost surely has a verb
_SUBJECTS = frozenset("i you he she it we they there this that who".split())
_PUNCT_END = ".!?:;\"'\u201d\u2019)]\u2026"


def find_artifacts(text: str):
    """The artifacts in ``text``: DataFrame ``start, end, span, category, rule, explanation``.

    ``text[start:end] == span``; rows are in text order; ``category`` is one
    of scraping, editing, machine-translation (see :data:`RULES`).  Linear in
    the length of the text.

    >>> t = "Rain fell.\\n\\n***\\n\\nShe said: “We will not go (to the hills)... ever.\\" Wait. Have seen"
    >>> find_artifacts(t)[["span", "rule"]]
                 span                    rule
    0             ***               separator
    1  (to the hills)     bracketed-insertion
    2             ...                ellipsis
    3          ever."  mismatched-quote-marks
    4       Have seen                fragment
    """
    return frame(artifact_rows(require_text(text, "find_artifacts"), names_lexicon()),
                 ARTIFACT_COLUMNS)


def artifact_rows(text: str, names) -> list[tuple]:
    """The rows of :func:`find_artifacts` with the names lexicon ``names`` (for garbled names)."""
    rows: list[tuple[int, int, str]] = []
    add = rows.append
    quotes = pair_quotes(text)
    sents = sentence_spans(text)

    # ---- lines
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    prev_sep = False
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            continue
        if _TIME_CODE.fullmatch(line):
            s, e = _strip(text, start, end)
            add((s, e, "time-code"))
            prev_sep = False
            continue
        if _SEPARATOR.fullmatch(line) and sum(not c.isspace() for c in line) >= 3:
            s, e = _strip(text, start, end)
            add((s, e, "separator"))
            prev_sep = True
            continue
        if _is_metadata(line):
            add((start, end, "metadata-line"))
        elif prev_sep and line.rstrip().endswith(":") and len(line.split()) <= 15:
            s, e = _strip(text, start, end)
            add((s, e, "lead-in-line"))
        prev_sep = False

    for m in _RELATIVE.finditer(text):
        # "Updated 3 years ago", or "2 hours ago" on a short line; not "Several days ago, Putin..."
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start: len(text) if line_end < 0 else line_end]
        if m.group(0)[0].isalpha() and m.group(0).split()[0].lower() in _PAGE_LABELS \
                or len(line.split()) <= 8:
            add((m.start(), m.end(), "relative-timestamp"))
    for m in _INVISIBLE.finditer(text):
        add((*_around(text, m.start()), "invisible-character"))
    for m in _RUN_TOGETHER.finditer(text):
        add((m.start(), m.end(), "run-together"))
    for m in _ELLIPSIS.finditer(text):
        add((m.start(), m.end(), "ellipsis"))
    for m in _CALQUES.finditer(text):
        add((m.start(), m.end(), "calque"))

    # ---- brackets and quote marks
    q_starts = [s for s, _ in quotes]
    for m in _BRACKET.finditer(text):
        k = bisect.bisect_right(q_starts, m.start()) - 1
        inside = k >= 0 and quotes[k][1] >= m.end()
        words = m.group(1).split()
        gloss = (len(words) <= 4 and not m.group(1).isupper()
                 and not re.fullmatch(r"[\d\s,.%/\-]+", m.group(1))
                 and (m.group(1)[0].isupper() or words[0].lower() in _DANGLING))
        if inside or gloss:
            add((m.start(), m.end(), "bracketed-insertion"))
    for start, end in quotes:
        first, last = text[start], text[end - 1]
        if (first in "\u201c\u201e" and last == '"') or (first == '"' and last == "\u201d"):
            word = re.search(r"\S*$", text[start:end - 1])
            add((start + word.start(), end, "mismatched-quote-marks"))

    # ---- sentences
    seen: dict[str, int] = {}
    line_starts = [s for s, _ in lines]
    sent_words = []                                     # the words of each sentence
    for start, end in sents:
        sent = text[start:end]
        found = _WORD_RE.findall(sent)
        sent_words.append(found)
        plain = _URL.sub(" URL ", sent)                 # a web address is one word
        words = _WORD_RE.findall(plain)
        if len(words) >= 5:
            norm = " ".join(sent.split())
            if norm in seen:
                add((start, end, "duplicated-sentence"))
            else:
                seen[norm] = start
        k = bisect.bisect_right(line_starts, start) - 1
        l_start, l_end = lines[k] if k >= 0 else (0, len(text))
        while l_end and text[l_end - 1].isspace():       # = len(text[:l_end].rstrip())
            l_end -= 1
        alone = start <= _first_char(text, l_start) and end >= l_end   # the whole line
        ends_line = end >= l_end
        last = _LAST_TOKEN.search(plain)                 # "in 2022" ends on 2022, not "in"
        last_word = last.group(1).lower() if last else ""
        punctuated = sent.rstrip()[-1:] in _PUNCT_END
        if _in_quote(quotes, q_starts, start):
            continue
        m = _WHEN_ASKED.search(sent.rstrip(_PUNCT_END + " "))
        if m:
            add((start + m.start(), end, "unfinished-clause"))
            continue
        if not alone and ends_line and not punctuated and words and "URL" not in words:
            if last_word in _DANGLING:
                add((start, end, "truncated-sentence"))
            elif len(words) <= 4 and words[0].lower() not in _SUBJECTS:
                add((start, end, "fragment"))        # "They begin in 2025" lacks only a stop
            continue
        if alone and not punctuated:
            if last_word in _DANGLING_ALONE and len(words) >= 6 and not _title_case(words):
                add((start, end, "truncated-sentence"))
            continue
        if punctuated and last_word in _DANGLING_ALONE and sent.rstrip()[-1] == ".":
            add((start, end, "truncated-sentence"))
            continue
        if (sent.rstrip().endswith(".") and 2 <= len(words) <= 4 and not alone
                and not any(_verb_like(w) for w in words)
                and not re.match(r"\s*[\d(]", sent)):
            add((start, end, "verbless-fragment"))

    for start, end in _repeated_phrases(text, sents, sent_words):
        add((start, end, "duplicated-phrase"))
    for start, end in _garbled_names(text, names):
        add((start, end, "garbled-name"))
    rows.extend(slips(text))

    out = []
    for start, end, rule in sorted(set(rows)):
        category, explanation = RULES[rule]
        out.append((start, end, text[start:end], category, rule, explanation))
    return out


# ----------------------------------------------------------------------- helpers

def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _first_char(text: str, start: int) -> int:
    while start < len(text) and text[start] in " \t":
        start += 1
    return start


def _around(text: str, i: int) -> tuple[int, int]:
    """The invisible character with the word before and after it on its line."""
    start = i
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = i + 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _is_metadata(line: str) -> bool:
    """A line of a URL and/or an ISO date, with at most two other words."""
    if not (_URL.search(line) or _ISO_DATE.search(line)):
        return False
    rest = _META_WORDS.sub(" ", _ISO_DATE.sub(" ", _URL.sub(" ", line)))
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 2


def _in_quote(quotes, starts, offset: int) -> bool:
    k = bisect.bisect_right(starts, offset) - 1
    return k >= 0 and quotes[k][0] < offset < quotes[k][1]


def _title_case(words: list[str]) -> bool:
    big = [w for w in words if len(w) > 3]
    return bool(big) and sum(w[0].isupper() for w in big) >= 0.6 * len(big)


def _verb_like(word: str) -> bool:
    low = word.lower()
    return low in _VERBS or low in _SUBJECTS or low.endswith(("ed", "ing", "s", "n't", "en"))


def _repeated_phrases(text: str, sents, sent_words, size: int = 8):
    """Second copies of 8+ word runs repeated inside one sentence (hashing, linear).

    ``sent_words`` holds the words (``_WORD_RE``) of each sentence.  Eight
    words: shorter repeats are usually parallel wording on purpose
    ("between Russia and the US and between Russia and NATO").
    """
    for (start, end), found in zip(sents, sent_words):
        if len(found) < 2 * size:                  # no room for two copies
            continue
        low = [w.lower() for w in found]
        matches = None
        first: dict[tuple, int] = {}
        i = 0
        while i + size <= len(low):
            gram = tuple(low[i:i + size])
            j = first.get(gram)
            if j is not None and j + size <= i:
                n = size                           # extend the repeat as far as it goes
                while i + n < len(low) and j + n < i and low[j + n] == low[i + n]:
                    n += 1
                if matches is None:
                    matches = list(_WORD_RE.finditer(text, start, end))
                yield matches[i].start(), matches[i + n - 1].end()
                i += n
                continue
            first.setdefault(gram, i)
            i += 1


def _garbled_names(text: str, names):
    """Names that sound like a name of the names lexicon but are spelt otherwise."""
    for row in variant_rows({"text": text}, names):
        if row[6].startswith(("sounds alike", "spelling")):     # not listed variants
            yield row[1], row[2]
