"""Find quotations, and who the text says spoke them.

:func:`find_quotes` reads a text once, from left to right, and pairs its
quote marks: straight (``"`` ``'``) and curly (“ ” ‘ ’), double and single,
one inside another.  An apostrophe (don't, Russia's, Psaki’s, the leaders’)
is told apart from a closing single quote by the letters on both sides of it
and by whether a single quote is open.  A double quotation may be opened with
one style and closed with another (“like this"), as copied texts often are.
A quotation may run over several sentences; a quotation that runs over
several paragraphs follows the newspaper rule (each new paragraph opens with
a quote mark again, only the last one closes it).

Only the outermost quotation is a row: a quotation inside a quotation is part
of it.  The speaker and the attribution verb come from the same sentence
(``"...," she said`` / ``said Psaki`` / ``Putin said that "..."`` /
``Putin's words that "..."`` / ``according to the official, "..."``) or, for a
quotation that stands alone, from the sentence before it.  A pronoun
(he, she) is replaced by the most recent person named before the
quotation's sentence, when there is one; a title ("the Russian president")
by the person the text gave that title.  Named speakers lose their titles
("Minister Olga Varenko" -> "Olga Varenko"), and a surname alone becomes the
full name the text used before ("Varenko" -> "Olga Varenko").

>>> find_quotes('Minister Olga Varenko said: "We will not move." Reporters left.')
   start  end                quote       speaker  verb
0     28   47  "We will not move."  Olga Varenko  said
>>> find_quotes("Russia’s envoy didn't say ‘never’, aides said.")[["quote", "speaker", "verb"]]
     quote speaker  verb
0  ‘never’   aides  said
>>> find_quotes(None)
Traceback (most recent call last):
...
kit.errors.KitError: find_quotes() takes a text (a str), not NoneType. To fix: pass an article's text, e.g. kit.load_articles().loc['psaki-briefing', 'text'].
"""

from __future__ import annotations

import bisect
import re

from kit.case.sentences import sentence_spans
from kit.detect.lexicon import (CALENDAR_WORDS, CAPITALISED_RUN, ORG_WORDS, TITLE_WORDS, frame,
                                require_text, split_name)

__all__ = ["find_quotes", "quote_rows", "QUOTE_COLUMNS", "SPEECH_VERBS"]

QUOTE_COLUMNS = ("start", "end", "quote", "speaker", "verb")

_DOUBLE_OPEN, _DOUBLE_CLOSE = "\u201c\u201e\u00ab", "\u201d\u00bb"
_SINGLE_OPEN, _SINGLE_CLOSE = "\u2018\u201a\u2039", "\u2019\u203a"
_SINGLES = frozenset("'" + _SINGLE_OPEN + _SINGLE_CLOSE)
# A line break or a quote mark; not a single mark between two letters or digits,
# which is an apostrophe ("don't", "Russia's", "Psaki’s") and never a quote.
_MARKS = re.compile("[\n\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a]"
                    "(?!(?<=[^\\W_]['\u2018\u2019\u201a\u2039\u203a])[^\\W_])")
_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:;,") | {""} | set(_DOUBLE_OPEN + _SINGLE_OPEN + '"\'')

#: Verbs (and verb phrases) that attribute words to a speaker.
SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "noted", "notes", "stressed",
    "stresses", "emphasised", "emphasized", "emphasises", "emphasizes", "pointed out",
    "points out", "insisted", "insists", "explained", "explains", "stated",
    "declared", "declares", "announced", "announces", "claimed", "insinuated",
    "insinuates", "suggested", "suggests", "warned", "warns", "asked", "asks", "replied",
    "replies", "wrote", "writes", "tweeted", "tweets", "continued", "argued", "argues",
    "admitted", "admits", "acknowledged", "acknowledges", "commented",
    "remarked", "recalled", "concluded", "described", "describes", "called",
    "urged", "urges", "reiterated", "reiterates", "confirmed", "confirms", "denied",
    "denies", "maintained", "maintains", "alleged", "alleges", "quipped", "shouted",
    "answered", "responded", "assured", "promised", "vowed", "demanded", "proposed",
    "proposes", "stipulates", "according to", "put it",
)
_ONE_WORD_VERBS = frozenset(v for v in SPEECH_VERBS if " " not in v)
_VERB = "|".join(sorted(   # longest first
    (re.escape(v).replace(r"\ ", r"\s+") for v in SPEECH_VERBS), key=len, reverse=True))
# "told reporters", "said in a statement" keep their object in the verb column
_VERB_RE = re.compile(
    rf"(?<![\w’'])(?:{_VERB})(?:\s+(?:reporters|journalists|the\s+press|the\s+media|"
    rf"parliament|lawmakers))?(?![\w’'])", re.I)
# "Putin's words that ...": a possessive and a noun of speech also attribute
_SPEECH_NOUN_RE = re.compile(
    r"[’']s\s+(?:words?|remarks?|statements?|comments?|claims?|demands?|assertions?|"
    r"warnings?|calls?|questions?|answers?|speech|message|view|position|insistence|"
    r"accusations?|allegations?|promises?|pledges?|threats?|proposals?|reply|response|"
    r"tweet|post|letter)(?![\w’'])", re.I)

_PRONOUNS = {"he", "she", "they", "we", "i", "it"}
_PERSONAL = {"he", "she"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "another", "one", "its",
                "their", "his", "her", "our"}
# lower-case words that can be part of a speaker: "a senior administration official"
_ROLE_WORDS = TITLE_WORDS | {
    "official", "officials", "senior", "administration", "unnamed", "anonymous", "same",
    "government", "source", "sources", "diplomat", "diplomats", "analyst", "analysts",
    "expert", "experts", "leaders", "team", "ministry", "intelligence", "statement",
    "proposals", "proposal", "draft", "drafts", "document", "documents", "treaty", "readout",
    "report", "reports", "side", "parties", "party", "spokespeople", "representatives",
    "lawmakers", "agency", "kremlin", "military", "army", "police", "witness", "witnesses",
    "resident", "residents", "observer", "observers", "us", "u.s.", "top", "former", "of",
    # adjectives of nationality and place, lower case in "the russian side"
    "white", "russian", "ukrainian", "american", "british", "western", "european", "chinese",
    "french", "german", "foreign", "local", "regional", "federal",
}
# words between a speaker and the verb: "the official has also said"
_SKIP_BACK = {"also", "then", "later", "further", "previously", "earlier", "again", "once",
              "reportedly", "repeatedly", "already", "recently", "separately", "just", "has",
              "have", "had", "was", "were", "is", "are", "will", "would", "and", "or", "been",
              "not", "never", "publicly", "initially", "first", "finally", "simply", "clearly",
              "openly", "bluntly", "flatly", "strongly", "firmly"}
# capitalised only because they start a sentence: not part of a name
_LEADING = _DETERMINERS | _PRONOUNS | {
    "in", "on", "at", "as", "after", "before", "but", "and", "so", "if", "when", "while",
    "during", "despite", "under", "over", "for", "from", "with", "without", "by", "to",
    "last", "next", "both", "however", "meanwhile", "overall", "several", "some", "many",
    "senior", "former", "unnamed", "obviously", "well", "were", "was", "is", "has", "had"}
# words that make a capitalised run something other than a person's name
_NOT_PERSON = ORG_WORDS | CALENDAR_WORDS | TITLE_WORDS
_TOKEN = re.compile(r"[A-Za-z][\w’'.\-]*|\d[\w.,:\-]*|[^\w\s]")
_PUNCT_LEAD = re.compile(r"[\s,.;:!?\u2014\u2013\-]*")


def find_quotes(text: str):
    """The quotations in ``text``: DataFrame ``start, end, quote, speaker, verb``.

    ``text[start:end] == quote``, quote marks included.  ``speaker`` and
    ``verb`` are empty strings when the text does not say who spoke in the
    same or the previous sentence.  Linear in the length of the text.

    >>> t = 'Ann Lee said it was "a \\'clear\\' refusal." Her aide said: "Wait." \\'OK,\\' she added.'
    >>> find_quotes(t)[["quote", "speaker", "verb"]]
                      quote   speaker   verb
    0  "a 'clear' refusal."   Ann Lee   said
    1               "Wait."  Her aide   said
    2                 'OK,'   Ann Lee  added
    >>> find_quotes("“Two paragraphs.\\n“Still quoting,” she said.")["quote"].tolist()
    ['“Two paragraphs.\\n“Still quoting,”']
    >>> find_quotes("Don't say 'never'. It's the leaders' call.")["quote"].tolist()
    ["'never'"]
    """
    return frame(quote_rows(require_text(text, "find_quotes")), QUOTE_COLUMNS)


def quote_rows(text: str) -> list[tuple]:
    """The rows of :func:`find_quotes`, as tuples."""
    spans = pair_quotes(text)
    if not spans:
        return []
    sents = sentence_spans(text)
    if not sents:
        sents = [(0, len(text))]
    starts = [s for s, _ in sents]
    people = _People(text)
    rows = []
    for start, end in spans:
        i = max(0, bisect.bisect_right(starts, start) - 1)
        j = max(0, bisect.bisect_right(starts, end - 1) - 1)
        speaker, verb = _attribute(text, spans, sents, i, j, start, end)
        if speaker:
            speaker = people.resolve(speaker, before=sents[i][0])
        rows.append((start, end, text[start:end], speaker, verb))
    return rows


# ------------------------------------------------------------------ pairing marks

def _family(ch: str) -> str:
    return "s" if ch in _SINGLES else "d"


def _is_open(stack, fam: str) -> bool:
    return any(f == fam for f, _ in stack)


def _role(text: str, i: int, stack) -> str:
    """Is the mark at ``i`` an 'open', a 'close' or an 'apostrophe' (or 'none')?

    (A single mark inside a word never gets here: _MARKS leaves it out.)
    """
    ch = text[i]
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    fam = _family(ch)
    if fam == "s":
        if nxt.isdigit() and not prev.isalnum():
            return "apostrophe"                      # ’90s
        if ch in _SINGLE_OPEN:
            return "open"
        if prev in _OPEN_BEFORE and (nxt.isalnum() or nxt in '"\u201c'):
            return "open"
        if _is_open(stack, "s") and prev and not prev.isspace():
            return "close"
        return "apostrophe"                          # the leaders’ call, a lone mark
    if ch in _DOUBLE_OPEN:
        return "open"
    if ch in _DOUBLE_CLOSE:
        return "close" if _is_open(stack, "d") else "none"
    # a straight double quote: decided by its neighbours, then by what is open
    opens = prev in _OPEN_BEFORE and nxt and not nxt.isspace()
    closes = (not prev or not prev.isspace()) and (not nxt or nxt.isspace() or not nxt.isalnum())
    if _is_open(stack, "d"):
        if opens and not closes and _top_family(stack) != "d":
            return "open"                            # a double inside a single
        return "close"
    return "open" if (opens or not closes) else "none"


def _top_family(stack):
    return stack[-1][0] if stack else None


def pair_quotes(text: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of the outermost quotations, in order."""
    out = []
    stack: list[tuple[str, int]] = []
    for m in _MARKS.finditer(text):
        i = m.start()
        if m.group() == "\n":
            if not stack:
                continue
            # newspaper rule: an open quotation goes on if the next paragraph opens one
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            bottom = stack[0]
            if j < len(text) and _family(text[j]) == bottom[0] and text[j] in (
                    '"' + _DOUBLE_OPEN if bottom[0] == "d" else "'" + _SINGLE_OPEN) \
                    and _role(text, j, []) == "open":
                del stack[1:]
                stack.append(("skip", j))            # swallow the repeated opening mark
            else:
                stack.clear()                        # an unclosed mark: not a quotation
            continue
        if stack and stack[-1][0] == "skip":
            if stack[-1][1] == i:
                stack.pop()
                continue
            stack.pop()
        role = _role(text, i, stack)
        if role == "open":
            stack.append((_family(text[i]), i))
        elif role == "close":
            fam = _family(text[i])
            depth = max(k for k, (f, _) in enumerate(stack) if f == fam)
            start = stack[depth][1]
            del stack[depth:]
            if not stack:
                out.append((start, i + 1))
    return out


# ------------------------------------------------------------------- attribution

def _tokens(chunk: str):
    """Words and marks; a full stop after a word is a mark, except in "U.S." or "R."."""
    out = []
    for tok in _TOKEN.findall(chunk):
        if len(tok) > 2 and tok.endswith(".") and "." not in tok[:-1]:
            out.extend((tok[:-1], "."))
        else:
            out.append(tok)
    return out


def _is_np_word(tok: str) -> bool:
    low = tok.lower()
    if low.endswith("s") and low[:-1] in _ROLE_WORDS:   # "aides", "ministers"
        return True
    return (tok[:1].isupper() and low not in CALENDAR_WORDS) or low in _ROLE_WORDS \
        or low in _DETERMINERS or low in _PRONOUNS


def _clean_np(words: list[str]) -> str:
    """Trim a speaker: no leading 'of', no trailing determiner or 'of'."""
    while words and words[-1].lower() in ({"of"} | _DETERMINERS):
        words.pop()
    while words and words[0].lower() == "of":
        words.pop(0)
    if not words:
        return ""
    if len(words) == 1 and words[0].lower() in _DETERMINERS - {"one"}:
        return ""
    return " ".join(words)


def _np_before(chunk: str) -> str:
    """The speaker that ends ``chunk`` ("... the official" -> "the official"), or ''."""
    toks = _tokens(chunk[-160:])
    k = len(toks)
    while k and (toks[k - 1].lower() in _SKIP_BACK        # "has also", "then"
                 or toks[k - 1].lower() in _ONE_WORD_VERBS):  # "denied and described"
        k -= 1
    words: list[str] = []
    while k and len(words) < 8:
        tok = toks[k - 1]
        low = tok.lower()
        if low in _PRONOUNS:
            if not words:
                return tok
            break
        if low in _DETERMINERS:
            words.insert(0, tok)
            if low == "one" or (k >= 2 and toks[k - 2].lower() == "of"):
                k -= 1
                continue
            break
        if not _is_np_word(tok):
            # plain nouns after a determiner: "the bank", "a state news agency"
            j = k
            while j and j > k - 4 and toks[j - 1].isalpha() and toks[j - 1].islower() \
                    and toks[j - 1] not in _DETERMINERS and toks[j - 1] not in _LEADING \
                    and toks[j - 1] not in _SKIP_BACK and toks[j - 1] not in _ONE_WORD_VERBS:
                j -= 1
            if j < k and j and toks[j - 1].lower() in _DETERMINERS - {"one", "that", "this"}:
                words[:0] = toks[j - 1:k]
            break
        words.insert(0, tok)
        k -= 1
    return _clean_np(words)


def _only_speaker(head: str, speaker: str) -> bool:
    """Is ``head`` nothing but the speaker (and words like 'also', 'has')?"""
    rest = [t for t in _tokens(head) if t.lower() not in _SKIP_BACK]
    return len(rest) == len(speaker.split())


def _np_after(chunk: str) -> str:
    """The speaker that starts ``chunk`` ("Psaki, adding ..." -> "Psaki"), or ''.

    One or two lower-case words before a name describe it: "said coach Ivo Brandt".
    """
    toks = _tokens(chunk[:160])
    k = 0
    while k < 2 and k < len(toks) and toks[k].isalpha() and toks[k].islower() \
            and toks[k] not in _DETERMINERS and toks[k] not in _LEADING:
        k += 1
    if not (k and k < len(toks) and toks[k][:1].isupper()):
        k = 0
    words: list[str] = []
    for tok in toks[k:]:
        if not _is_np_word(tok) or len(words) >= 8:
            break
        if tok.lower() in _PRONOUNS:
            return tok if not words else _clean_np(words)
        words.append(tok)
    return _clean_np(words)


def after_quote(after: str) -> tuple[str, str]:
    """`` she said`` / ``, said Psaki`` / ``, the official added`` right after a quote."""
    lead = _PUNCT_LEAD.match(after).end()
    rest = after[lead:]
    m = _VERB_RE.match(rest)
    if m:                                                 # said Psaki
        speaker = _np_after(rest[m.end():])
        if speaker:
            return speaker, _norm(m.group())
    for m in _VERB_RE.finditer(rest[:120]):               # the official added
        head = rest[: m.start()]
        speaker = _np_before(head)
        if speaker and _only_speaker(head, speaker):
            return speaker, _norm(m.group())
        break
    return "", ""


def _before_quote(before: str) -> tuple[str, str]:
    """``Putin said on Thursday that "`` / ``Putin's words that "`` / ``according to X, "``."""
    best = None
    for m in _VERB_RE.finditer(before):
        best = m
    for m in _SPEECH_NOUN_RE.finditer(before):   # "Putin's demands" beats "demands"
        if best is None or m.end() >= best.end():
            best = m
    if best is None:
        return "", ""
    verb = best.group()
    if verb.lower().startswith("according"):
        speaker = _np_after(before[best.end():])
        return (speaker, "according to") if speaker else ("", "")
    speaker = _np_before(before[: best.start()])
    if not speaker:
        return "", ""
    if verb[:1] in "’'":
        verb = verb[2:].strip()
    return speaker, _norm(verb)


_TAIL = re.compile(r",\s*([^,;:\"“”]{1,80}?)\s*$")


def _tail_attribution(sentence: str) -> tuple[str, str]:
    """``..., the official said.`` at the end of a sentence."""
    core = sentence.rstrip(" .!?\"'\u201d\u2019")
    m = _TAIL.search(core)
    if not m:
        return "", ""
    clause = m.group(1)
    v = _VERB_RE.search(clause)
    if not v:
        return "", ""
    tail = clause[v.end():]
    if tail and not re.match(r"\s+(?:on|in|at|during|to|after|before|last|this|earlier)\b", tail):
        return "", ""
    head = clause[: v.start()]
    speaker = _np_before(head)
    if speaker and _only_speaker(head, speaker):
        return speaker, _norm(v.group())
    return "", ""


def _norm(verb: str) -> str:
    return " ".join(verb.split()).lower()


def _attribute(text, spans, sents, i, j, start, end) -> tuple[str, str]:
    """Speaker and verb for the quotation ``text[start:end]`` in sentences i..j."""
    s_start, s_end = sents[i][0], sents[j][1]
    after = text[end: max(end, s_end)]
    cut = after.find("\n")
    if cut >= 0:
        after = after[:cut]
    found = after_quote(after)
    if found[0]:
        return found
    # words before the quote, back to the sentence start or the previous quotation
    left = s_start
    k = bisect.bisect_left(spans, (start, end)) - 1
    if k >= 0 and spans[k][1] > left:
        left = spans[k][1]
    before = text[left:start]
    if "\n" in before:
        before = before[before.rfind("\n") + 1:]
    found = _before_quote(before)
    if found[0]:
        return found
    found = _tail_attribution(text[s_start:s_end])
    if found[0]:
        return found
    # a quotation that stands alone: the sentence before may name the speaker
    if not before.strip() and not after.strip(" \t.,") and i > 0:
        p_start, p_end = sents[i - 1]
        prev = text[p_start:p_end]
        if prev.rstrip().endswith(":"):
            prev = prev.rstrip()[:-1]
            found = _before_quote(prev + " ")
        else:
            found = _tail_attribution(prev)
            if not found[0]:
                found = _before_quote(prev)
        if found[0]:
            return found
    return "", ""


# ------------------------------------------------------------------------ people

class _People:
    """Who the text names, in order, to resolve "he said" and "the Russian president"."""

    def __init__(self, text: str):
        self.positions: list[int] = []
        self.names: list[str] = []
        self.full: dict[str, str] = {}     # surname -> full name first seen
        self.full_names: set[str] = set()  # the values of self.full
        self.titles: dict[str, str] = {}   # "russian president" -> "Vladimir Putin"
        for m in CAPITALISED_RUN.finditer(text):
            parts = _run_parts(m.group())
            if not parts[0]:                   # no name of a person: "The", "White House"
                continue
            person, title = self._known(parts)
            if not person:
                continue
            surname = person.rsplit(" ", 1)[-1]
            if surname != person and surname not in self.full:
                self.full[surname] = person
                self.full_names.add(person)
            person = self.full.get(surname, person)
            if title:
                self.titles[title.lower()] = person
            self.positions.append(m.start())
            self.names.append(person)

    def _person(self, words) -> tuple[str, str]:
        """``(name, title)`` if ``words`` name a person: with a title, as a name
        the text used before, or as two or three capitalised words."""
        return self._known(_name_parts(tuple(words)))

    def _known(self, parts) -> tuple[str, str]:
        """_person for the ``_name_parts`` of the words."""
        name, surname, title, plain = parts
        if title or (name and (plain or surname in self.full or name in self.full_names)):
            return name, title
        return "", ""

    def resolve(self, speaker: str, *, before: int) -> str:
        """A pronoun becomes the last person named before ``before``; a title its holder."""
        low = speaker.lower()
        if low in _PERSONAL:
            k = bisect.bisect_left(self.positions, before)
            return self.names[k - 1] if k else speaker
        words = speaker.split()
        if words[0].lower() in _DETERMINERS:
            words = words[1:]
        if not words:
            return speaker
        person, _ = self._person(words)
        if person:                          # "President Putin" -> "Vladimir Putin"
            return self.full.get(person.split()[-1], person) if " " not in person else person
        return self.titles.get(" ".join(words).lower(), speaker)


def _run_parts(run: str) -> tuple[str, str, str, bool]:
    """The _name_parts of a capitalised run's words, without possessive endings
    and words such as "The" that are capitalised only because they start a sentence."""
    words = split_name(run)
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    return _name_parts(tuple(words))


def _name_parts(words: tuple[str, ...]) -> tuple[str, str, str, bool]:
    """``(name, surname, title, plain)``: what ``words`` tell of a person on their own.

    ``name`` drops titles and initials ("" when a word names a body, a month or
    an office); ``title`` is the words up to the last title; ``plain``: the
    name is two or three capitalised words.
    """
    lows = [w.lower().rstrip(".") for w in words]
    last_title = max((k for k, w in enumerate(lows) if w in TITLE_WORDS), default=-1)
    name = [w for w in words[last_title + 1:] if not w.endswith(".") or len(w) == 2]
    if not name or any(w.lower().rstrip(".") in _NOT_PERSON for w in name):
        return "", "", "", False
    title = " ".join(words[: last_title + 1])
    plain = 2 <= len(name) <= 3 and all(w[:1].isupper() and not w.isupper() for w in name)
    return " ".join(name), name[-1], title, plain
