"""Grammar slips that machine translation leaves in English text.

These rules look for mistakes a fluent English writer almost never makes but
a translation from another language often does.  Each is a pattern over a
few words, looked for only where a rarer word it needs stands ("it", "so", a
verb in "-ed", "the fact"), so the cost is linear in the length of the text.
:func:`kit.detect.artifacts.find_artifacts` adds what they find to its rows, with
the category machine-translation.

=======================  ==========================================================
rule                     what it catches
=======================  ==========================================================
pronoun-for-person       "sanctions on Smith if it invades": "it" standing for a
                         named person, right after the person's name
missing-preposition      "was encouraged the fact that": a feeling word with no
                         "by" or "about" before "the fact"
unintroduced-event       "denied any part in the attack" when no attack was
                         mentioned before: "the" where English needs "an" or "any"
do-so-without-action     "there was no deal, but they were trying to do so":
                         "do so" with no action before it that it could stand for
regularised-verb         "was leaded", "she speaked": an irregular verb given "-ed"
perfect-attribution      '..." have said Smith': "have said" put before the speaker
double-negative          "did not give nothing": two negatives for one
calque                   "by the words of" (for "according to"), "the channel of
                         north", "raised on one third": word-for-word phrases
=======================  ==========================================================

Languages such as Russian, Polish or Chinese have no "a" and "the", and many
languages use one pronoun for people and things or two negatives for one, so
these slips survive a word-for-word translation.

>>> t = "The US warned President Ivan Dorn of sanctions on Dorn if it invades."
>>> [(t[s:e], rule) for s, e, rule in slips(t)]
[('if it invades', 'pronoun-for-person')]
>>> slips("The US warned Moscow it would act if it invades.")
[]
"""

from __future__ import annotations

import re

__all__ = ["slips", "SLIP_RULES"]

#: rule -> explanation (one plain sentence); the category is machine-translation
SLIP_RULES = {
    "pronoun-for-person": "'It' here stands for a person, which English never does; the "
                          "translation mixed up the pronouns.",
    "missing-preposition": "A small word such as 'by' or 'about' is missing before 'the "
                           "fact', a typical slip of word-for-word translation.",
    "unintroduced-event": "The text says 'the' as if it had already told us about this event, "
                          "but it never did; languages without 'a' and 'the' often lose this "
                          "difference in translation.",
    "do-so-without-action": "'Do so' must point back to an action, but the sentence before it "
                            "names none, so a part of the meaning was lost.",
    "regularised-verb": "An irregular verb got a regular '-ed' ending ('leaded' for 'led'), "
                        "a mistake of translation or of a learner.",
    "perfect-attribution": "'Have said' placed before the speaker's name is the word order of "
                           "another language; English writes 'said Smith'.",
    "double-negative": "Two negatives where English uses one ('not' with 'nothing'), the "
                       "grammar of languages such as Russian or Spanish carried over.",
}

# ---- pronoun-for-person
_TITLES = (r"President|Prime\s+Minister|(?:Foreign|Defen[cs]e|Deputy|Maritime|Interior)\s+"
           r"Minister|Minister|Secretary|Chancellor|Spokes(?:wo)?man|Press\s+Secretary|Senator|"
           r"Governor|Mayor|King|Queen|General|Ambassador|Mr|Mrs|Ms|Dr")
_TITLED_NAME = re.compile(
    rf"\b(?:{_TITLES})\.?\s+((?:[A-Z][a-z]+\s+){{0,2}}[A-Z][a-z]+)\b")
_SUBORDINATES = frozenset("if when unless once after before until because".split())
# "when it suits them", "if it is true": "it" that stands for nothing at all
_DUMMY_IT = ("is was were would will could can may might must should shall has had does did "
             "seems seemed appears appeared suits suited matters mattered happens happened "
             "comes came takes took makes made helps helped rains turns turned").split()
_DUMMY = "|".join(_DUMMY_IT)

# ---- missing-preposition
_FEELINGS = ("encouraged|pleased|heartened|concerned|worried|alarmed|surprised|disappointed|"
             "satisfied|troubled|dismayed|delighted|saddened|shocked|angered|frustrated|upset")
_FEELING = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being|feel|feels|felt)\s+(?:very\s+|so\s+|deeply\s+)?"
    rf"(?:{_FEELINGS})"
    r"(?:\s*(?:[-\u2013\u2014,(])[^-\u2013\u2014,()\n]{1,80}[-\u2013\u2014,)])?"
    r"\s+the\s+fact\b")

# ---- unintroduced-event
_EVENTS = {"attack": "attack", "attacks": "attack", "invasion": "invad", "incursion": "incursion",
           "offensive": "offensive", "assault": "assault", "raid": "raid", "raids": "raid",
           "bombing": "bomb", "bombings": "bomb", "blockade": "blockade"}
_DEFINITE_EVENT = re.compile(
    r"\bthe\s+(?:([A-Z][a-z]+|[a-z]+-[a-z]+)\s+)?(" + "|".join(_EVENTS) + r")\b(?!\s+(?:on|"
    r"against|in|at|of|by|that|which|who|near|across)\b)", re.I)
_STEMS = tuple(sorted(set(_EVENTS.values())))
_MENTION = re.compile(r"\b(?:(the)\s+(?:(?:[A-Z][a-z]+|[a-z]+-[a-z]+)\s+)?)?"
                      r"(attack\w*|invad\w*|invasion\w*|incursion\w*|offensive\w*|assault\w*|"
                      r"raid\w*|bomb\w*|blockad\w*)", re.I)

# ---- do-so-without-action
# (the spaces exclude a line break: the rule reads one sentence at a time)
_DO_SO = re.compile(r"\b(?:to[^\S\n]+do|doing|did|does|do)[^\S\n]+so\b")
_CLAUSE_BREAK = re.compile(r"(?:,\s*(?:but|and|yet|while)|;)\s")
_EXISTENTIAL = re.compile(r"\bthere\s+(?:is|was|are|were|has\s+been|had\s+been)\s+no\b"
                          r"(?P<rest>[^,;]*)$")
_ACTION = re.compile(r"\bto\s+[a-z]+\b|\b[a-z]+(?:ed|ing)\b")

# ---- regularised-verb
_IRREGULAR = """bring buy catch choose come draw drink drive eat fall feel fight find forget
    freeze get give go grow hear hide hold keep know lead leave lose make mean meet run say
    sell send shake sit sleep speak spend stand steal swim take teach tell think throw
    understand wear win write begin break become""".split()


def _regular(base: str) -> set[str]:
    forms = {base + ("d" if base.endswith("e") else "ed")}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base):
        forms.add(base + base[-1] + "ed")                  # run -> runned
    return forms


_REGULAR_FORMS = frozenset(f for b in _IRREGULAR for f in _regular(b))
_REGULARISED = re.compile(
    r"\b(?:was|were|is|are|be|been|being|has|have|had|he|she|they|we|I|it|you)\s+("
    + "|".join(sorted(_REGULAR_FORMS)) + r")\b")

# ---- perfect-attribution
_PERFECT_SAID = re.compile(r"[\"\u201d\u2019,]\s*(?:have|has|had)\s+(?:said|told|stated|declared|"
                           r"noted|added|stressed)\s+(?:[A-Z][\w'\u2019-]+)")

# ---- calques (the simplest ones are in kit.detect.artifacts)
_CALQUES = re.compile(
    r"\b(?:[Bb]y|[Aa]ccording\s+to)\s+the\s+words\s+of\b|"
    r"\b[Tt]he\s+[a-z]+\s+of\s+(?:north|south|east|west)\b(?!\s+[A-Z])|"
    r"\b(?:raised|increased|lifted|cut|reduced|lowered|rose|fell|grew|dropped)\b[^.;\n]{0,60}?"
    r"\bon\s+(?:one|a|an|\d+)\s*(?:third|half|quarter|per\s*cent|percent|%)")

# ---- double-negative
_DOUBLE_NEGATIVE = re.compile(
    r"\b(?:(?:do|does|did|will|would|could|can|should|was|were|is|are|have|has|had)"
    r"(?:\s+not|n['\u2019]t)|never)\s+(?:[a-z]+\s+){0,2}?(?:nothing|nobody|nowhere|none|no\s+one)\b")


def slips(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, rule)`` for every slip in ``text``, in text order.

    >>> t = "Ostmark held talks. The delegation was leaded by Ana Rell. “No,” have said Rell."
    >>> [(t[s:e], rule) for s, e, rule in slips(t)]
    [('was leaded', 'regularised-verb'), ('” have said Rell', 'perfect-attribution')]
    >>> slips("Police described the attack on the bank. An attack would be costly.")
    []
    """
    rows: list[tuple[int, int, str]] = []
    add = rows.append
    for start, end in _pronouns_for_people(text):
        add((start, end, "pronoun-for-person"))
    for m in _FEELING.finditer(text):
        add((m.start(), m.end(), "missing-preposition"))
    introduced: set[str] = set()
    for m in _MENTION.finditer(text):
        word = m.group(2).lower()
        stem = next((s for s in _STEMS if word.startswith(s)), None)
        if stem is None:
            continue
        if m.group(1) is None:
            introduced.add(stem)                   # "an attack", "invaded", "bombs"
            continue
        d = _DEFINITE_EVENT.match(text, m.start())
        if d and stem not in introduced:
            add((d.start(), d.end(), "unintroduced-event"))
        if d is None:
            introduced.add(stem)                   # "the attack on the bank" says which one
    sentence = last = 0                            # the sentence of the last match starts at
    for m in _DO_SO.finditer(text):
        # a sentence starts after the last ".", "!", "?" or line break
        sentence = max(sentence, *(text.rfind(c, last, m.start()) + 1 for c in ".!?\n"))
        last = m.start()
        before = text[sentence:m.start()]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        if not breaks:
            continue
        e = _EXISTENTIAL.search(before, 0, breaks[-1].start())
        if e and not _ACTION.search(e.group("rest")):
            add((m.start(), m.end(), "do-so-without-action"))
    for m in _REGULARISED.finditer(text):
        add((m.start(), m.end(), "regularised-verb"))
    for m in _PERFECT_SAID.finditer(text):
        add((m.start(), m.end(), "perfect-attribution"))
    for m in _DOUBLE_NEGATIVE.finditer(text):
        add((m.start(), m.end(), "double-negative"))
    for m in _CALQUES.finditer(text):
        add((m.start(), m.end(), "calque"))
    return sorted(rows)


def _pronouns_for_people(text: str):
    """``(start, end)`` of "if it invades" right after the surname of a titled person."""
    people = {m.group(1).split()[-1] for m in _TITLED_NAME.finditer(text)}
    if people:
        for m in _WORD_THEN_IT.finditer(text):
            if m.group(1) in people:
                yield m.start(2), m.end(2)


# A capitalised word followed by "if it invades" and the like (the word may be a surname).
_WORD_THEN_IT = re.compile(rf"\b([A-Z][a-z]+)\b(?:['\u2019]s)?\s+"
                           rf"((?:{'|'.join(sorted(_SUBORDINATES))})\s+it\s+(?!(?:{_DUMMY})\b)[a-z]+)")

