"""Grading: turn a student's answer into a score, with no widgets and no files.

Every kind has one function ``_grade_<kind>(spec, answer) -> Grade``.  An
answer of the wrong *shape* (a word number that does not exist, a dict for a
choice question) is a :class:`~kit.errors.KitError`; a wrong answer is simply
graded.  The rules (documented in ``docs/quiz-format.md``):

* choice, text, numeric: all or nothing.
* multi: ``points * max(0, (right picked - wrong picked) / number right)``.
* span: word-level Jaccard ``J`` between the words picked and the key's words,
  ignoring punctuation-only tokens; right when ``J >= 0.8``, else
  ``points * J`` (partial credit).
* match: ``points * right pairs / pairs``.
* order: ``points * items in their right place / items``.
* written: saved for the teacher, who reads it beside its rubric; it scores 0
  of 0 points, so it never changes a total.

>>> normalise("  Jen   PSAKI! ")
'jen psaki'
>>> text_matches("Jen Psak", "Jen Psaki"), text_matches("Jane Sackie", "Jen Psaki")
(True, False)
>>> jaccard({1, 2}, {2, 3})
0.3333333333333333
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from fractions import Fraction

from kit.errors import KitError
from kit.quiz.spec import Spec

__all__ = ["HOW_TO_ANSWER", "how_to_answer", "Grade", "grade", "normalise", "text_matches", "edit_distance", "jaccard",
           "Word", "words", "order_display", "match_choices", "letter", "SPAN_THRESHOLD",
           "parse_number"]

#: A span answer is right when the word-level Jaccard index reaches this.
SPAN_THRESHOLD = 0.8
#: Short typed answers (this many characters or fewer, normalised) may be one edit off.
SHORT = 8


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer.

    ``stored`` is the answer in a JSON-friendly form for the progress store;
    ``notes`` are sentences about this answer (option feedback and the like).
    """

    score: float
    correct: bool
    stored: object
    notes: tuple[str, ...] = field(default=())


def grade(spec: Spec, answer) -> Grade:
    """Grade ``answer`` to the question ``spec`` (see the module doc for the rules)."""
    if answer is None:
        raise KitError(f"question {spec.id!r}: there is no answer to check", field="answer",
                       fix="answer with " + how_to_answer(spec.kind))
    return _GRADERS[spec.kind](spec, answer)


# ------------------------------------------------------------------------- text

def normalise(text: str) -> str:
    """Lower-case ``text``, turn punctuation into spaces and squeeze the spaces.

    >>> normalise("U.S.–Russia  talks")
    'u s russia talks'
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    kept = [" " if unicodedata.category(c)[0] in "PSZC" else c for c in text]
    return " ".join("".join(kept).split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions.

    >>> edit_distance("psaki", "psak"), edit_distance("kiev", "kyiv")
    (1, 2)
    """
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def text_matches(given: str, accepted: str, threshold: float = 0.85) -> bool:
    """Whether a typed answer matches an accepted one.

    Both are normalised (case, spacing, punctuation).  They match when equal,
    when ``difflib.SequenceMatcher`` ratio >= ``threshold``, or, for short
    answers (8 characters or fewer), when one edit apart.  Numbers are never
    fuzzy: the digits of both must be the same.

    >>> text_matches("nato", "NATO."), text_matches("OSCE", "OSCA"), text_matches("EU", "UN")
    (True, True, False)
    >>> text_matches("9 January", "9 Jan."), text_matches("8 January", "9 January")
    (False, False)
    """
    a, b = normalise(given), normalise(accepted)
    if not a:
        return False
    if a == b:
        return True
    if re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False                      # "9 January" is not "8 January"
    if SequenceMatcher(None, a, b).ratio() >= threshold:
        return True
    return max(len(a), len(b)) <= SHORT and min(len(a), len(b)) > 2 and edit_distance(a, b) <= 1


def jaccard(a: set, b: set) -> float:
    """``|a & b| / |a | b|`` (1.0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def parse_number(value) -> float:
    """A number from an int, a float or a text such as ``"3.5"``, ``"1,000"`` or ``"22/7"``.

    >>> parse_number("1,000"), parse_number("22/7") > 3.14, parse_number(2)
    (1000.0, True, 2.0)
    """
    if isinstance(value, bool):
        raise ValueError("a yes/no value is not a number")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return float(value)
    text = str(value).strip().replace("\u2212", "-")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d*)?", text):
        text = text.replace(",", "")
    if "/" in text:
        return float(Fraction(text.replace(" ", "")))
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


# ------------------------------------------------------------------------ words

@dataclass(frozen=True)
class Word:
    """A token of a span question's passage, with offsets into the article."""

    number: int          # 1-based, as shown to the student
    start: int
    end: int
    text: str

    @property
    def punctuation(self) -> bool:
        """True for a token with no letter or digit (a dash, a quote mark)."""
        return not any(c.isalnum() for c in self.text)


def words(spec: Spec) -> list[Word]:
    """The passage of a span question cut at whitespace, numbered from 1.

    >>> from kit.quiz.spec import Span
    >>> s = Spec(id="q", kind="span", prompt="", explanation="", passage=Span(10, 22),
    ...          passage_text="Jane Sackie.")
    >>> [(w.number, w.start, w.end, w.text) for w in words(s)]
    [(1, 10, 14, 'Jane'), (2, 15, 22, 'Sackie.')]
    """
    base = spec.passage.start if spec.passage else 0
    return [Word(i, base + m.start(), base + m.end(), m.group())
            for i, m in enumerate(re.finditer(r"\S+", spec.passage_text), 1)]


def key_words(spec: Spec, key=None) -> set[int]:
    """Numbers of the (non-punctuation) words that overlap the answer key
    (or ``key``, one of the question's ``alternatives``)."""
    spans = spec.key if key is None else key
    return {w.number for w in words(spec) if not w.punctuation
            and any(w.start < k.end and k.start < w.end for k in spans)}


# ----------------------------------------------------------------- presentation

def letter(i: int) -> str:
    """``0 -> 'A'``, ``25 -> 'Z'``, ``26 -> 'AA'``."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def order_display(spec: Spec) -> list[int]:
    """Indices of ``spec.items`` in the order shown to students.

    A fixed shuffle seeded by the question id, never the right order itself
    (for more than one item), so that the display gives nothing away and is
    the same on every run.

    >>> s = Spec(id="dates", kind="order", prompt="", explanation="", items=("a", "b", "c"))
    >>> shown = order_display(s)
    >>> sorted(shown) == [0, 1, 2] and shown != [0, 1, 2] and shown == order_display(s)
    True
    """
    seed = int.from_bytes(hashlib.sha256(spec.id.encode()).digest()[:8], "big")
    shown = list(range(len(spec.items)))
    random.Random(seed).shuffle(shown)
    if len(shown) > 1 and shown == sorted(shown):
        shown = shown[1:] + shown[:1]
    return shown


def match_choices(spec: Spec) -> list[str]:
    """The right-hand choices of a match question, deduplicated, in alphabetical order."""
    choices = {p.right for p in spec.pairs} | set(spec.distractors)
    return sorted(choices, key=lambda s: (s.casefold(), s))


# --------------------------------------------------------------------- graders

#: How to answer each kind of question in code, the one table for printed quizzes
#: and for errors; ``{q}`` stands for the question (see :func:`how_to_answer`).
HOW_TO_ANSWER = {
    "choice": "{q}.submit(N), where N is the number of one option",
    "multi": "{q}.submit([N, ...]), with the number of every option you pick",
    "span": "{q}.submit([N, ...]), with the numbers of the words you pick, "
            "or {q}.submit(\"the words\")",
    "match": "{q}.submit(\"LETTERS\"): one choice letter for each item, in the items' order "
             "(or a dict {{item: choice}})",
    "order": "{q}.submit(\"LETTERS\"): the items' letters, in the right order",
    "text": "{q}.submit(\"your answer\")",
    "numeric": "{q}.submit(NUMBER)",
    "written": "{q}.submit(\"your answer, in a few sentences\")",
}


def how_to_answer(kind: str, question: str = "") -> str:
    """How to answer a question of this kind in code; ``question`` is how the code names it.

    >>> how_to_answer("choice", 'quiz["q1"]')
    'quiz["q1"].submit(N), where N is the number of one option'
    >>> print(how_to_answer("order"))
    .submit("LETTERS"): the items' letters, in the right order
    """
    return HOW_TO_ANSWER[kind].format(q=question)


def _bad(spec: Spec, message: str) -> KitError:
    return KitError(f"question {spec.id!r}: {message}", field="answer",
                    fix="answer with " + how_to_answer(spec.kind))


def _option_number(spec: Spec, item) -> int:
    """A 1-based option number from a number or an option's text."""
    if isinstance(item, bool):
        raise _bad(spec, f"{item!r} is not an option number")
    if isinstance(item, int):
        if 1 <= item <= len(spec.options):
            return item
        raise _bad(spec, f"there is no option {item}; the options are numbered 1 to "
                         f"{len(spec.options)}")
    if isinstance(item, str):
        exact = [i for i, o in enumerate(spec.options, 1) if o.text.strip() == item.strip()]
        loose = [i for i, o in enumerate(spec.options, 1) if normalise(o.text) == normalise(item)]
        if exact or len(loose) == 1:
            return (exact or loose)[0]
        raise _bad(spec, f"{item!r} is not one of the options")
    raise _bad(spec, f"{item!r} is not an option number")


def _grade_choice(spec: Spec, answer) -> Grade:
    number = _option_number(spec, answer)
    option = spec.options[number - 1]
    notes = (option.feedback,) if option.feedback else ()
    return Grade(spec.points if option.correct else 0.0, option.correct, option.text, notes)


def _grade_multi(spec: Spec, answer) -> Grade:
    if isinstance(answer, (str, int)):
        answer = [answer]
    if not isinstance(answer, (list, tuple, set, frozenset)):
        raise _bad(spec, f"{answer!r} is not a list of options")
    picked = sorted({_option_number(spec, a) for a in answer})
    n_right = sum(o.correct for o in spec.options)
    right = sum(spec.options[i - 1].correct for i in picked)
    wrong = len(picked) - right
    score = spec.points * max(0.0, (right - wrong) / n_right)
    notes = [f"You picked {right} of the {n_right} right options"
             + (f" and {wrong} wrong one{'s' * (wrong != 1)}." if wrong else ".")]
    notes += [f"{spec.options[i - 1].text}: {spec.options[i - 1].feedback}"
              for i in picked if spec.options[i - 1].feedback]
    correct = right == n_right and wrong == 0
    return Grade(score, correct, [spec.options[i - 1].text for i in picked], tuple(notes))


def _span_numbers(spec: Spec, answer) -> list[int]:
    ws = words(spec)
    if isinstance(answer, str):
        pattern = r"\s+".join(re.escape(part) for part in answer.split())
        found = re.search(pattern, spec.passage_text, re.IGNORECASE) if pattern else None
        if found is None:
            raise _bad(spec, f"the words {answer!r} are not in the passage")
        start, end = (spec.passage.start + i for i in found.span())
        return [w.number for w in ws if w.start < end and start < w.end]
    if isinstance(answer, int) and not isinstance(answer, bool):
        answer = [answer]
    if not isinstance(answer, (list, tuple, set, frozenset)):
        raise _bad(spec, f"{answer!r} is not a list of word numbers")
    for n in answer:
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(ws):
            raise _bad(spec, f"{n!r} is not a word number; the words are numbered 1 to {len(ws)}")
    return sorted(set(answer))


def _grade_span(spec: Spec, answer) -> Grade:
    ws = words(spec)
    numbers = _span_numbers(spec, answer)
    picked = {n for n in numbers if not ws[n - 1].punctuation}
    # the key, or the alternative answer the picked words come closest to
    key = max((key_words(spec, k) for k in (spec.key, *spec.alternatives)),
              key=lambda k: jaccard(picked, k) if picked else 0.0)
    overlap = jaccard(picked, key) if picked else 0.0
    correct = overlap >= SPAN_THRESHOLD
    text = " ".join(ws[n - 1].text for n in numbers)
    notes = [f"You picked: {text!r}." if numbers else "You picked no words."]
    if not correct and picked - key:
        notes.append("Some of the words you picked are not part of the answer.")
    if not correct and key - picked:
        notes.append("The answer includes words you did not pick.")
    stored = {"words": numbers, "text": text}
    return Grade(spec.points if correct else spec.points * overlap, correct, stored, tuple(notes))


def _match_answer(spec: Spec, answer) -> dict[str, str]:
    lefts = [p.left for p in spec.pairs]
    choices = match_choices(spec)
    if isinstance(answer, str):
        answer = [c for c in answer if not c.isspace() and c not in ",;"]
    if isinstance(answer, (list, tuple)):
        if len(answer) != len(lefts):
            raise _bad(spec, f"give one answer for each of the {len(lefts)} items, "
                             f"not {len(answer)}")
        answer = dict(zip(lefts, (_match_choice(spec, choices, a) for a in answer)))
    if not isinstance(answer, dict):
        raise _bad(spec, f"{answer!r} is not a dict or a list of letters")
    unknown = [k for k in answer if k not in lefts]
    if unknown:
        raise _bad(spec, f"{unknown[0]!r} is not one of the items on the left")
    return {k: _match_choice(spec, choices, v) for k, v in answer.items()}


def _match_choice(spec: Spec, choices: list[str], value) -> str:
    if isinstance(value, str):
        for i, c in enumerate(choices):
            if value.strip().upper() == letter(i) or normalise(value) == normalise(c):
                return c
    raise _bad(spec, f"{value!r} is not one of the choices (letters A to "
                     f"{letter(len(choices) - 1)}, or the text of a choice)")


def _grade_match(spec: Spec, answer) -> Grade:
    given = _match_answer(spec, answer)
    right = sum(given.get(p.left) == p.right for p in spec.pairs)
    n = len(spec.pairs)
    notes = (f"{right} of the {n} items {'is' if right == 1 else 'are'} matched right.",)
    return Grade(spec.points * right / n, right == n, given, notes)


def _order_answer(spec: Spec, answer) -> list[str]:
    shown = [spec.items[i] for i in order_display(spec)]
    if isinstance(answer, str):
        answer = [c for c in answer if not c.isspace() and c not in ",;"]
    if not isinstance(answer, (list, tuple)):
        raise _bad(spec, f"{answer!r} is not a list of letters or items")
    result = []
    for a in answer:
        if isinstance(a, str) and a.strip() in spec.items:
            result.append(a.strip())
            continue
        letters = [letter(i) for i in range(len(shown))]
        if not isinstance(a, str) or a.strip().upper() not in letters:
            raise _bad(spec, f"{a!r} is not one of the letters A to {letters[-1]}")
        result.append(shown[letters.index(a.strip().upper())])
    if sorted(result) != sorted(spec.items):
        raise _bad(spec, f"put each of the {len(spec.items)} items in the order exactly once")
    return result


def _grade_order(spec: Spec, answer) -> Grade:
    given = _order_answer(spec, answer)
    right = sum(a == b for a, b in zip(given, spec.items))
    n = len(spec.items)
    notes = (f"{right} of the {n} items {'is' if right == 1 else 'are'} in the right place.",)
    return Grade(spec.points * right / n, right == n, given, notes)


def _grade_text(spec: Spec, answer) -> Grade:
    if not isinstance(answer, (str, int, float)) or isinstance(answer, bool):
        raise _bad(spec, f"{answer!r} is not a text")
    given = str(answer).strip()
    if not normalise(given):
        raise _bad(spec, "the answer is empty")
    notes = [f"You wrote {given!r}."]
    hit = next((i for i, a in enumerate(spec.answers) if text_matches(given, a, spec.fuzzy)), None)
    right = hit is not None
    if right and hit < len(spec.answer_feedback) and spec.answer_feedback[hit]:
        notes.append(spec.answer_feedback[hit])
    if not right:
        hits = [w for w in spec.wrong if text_matches(given, w.answer, spec.fuzzy)]
        note = hits[0].feedback if hits and hits[0].feedback else spec.default_feedback
        if note:
            notes.append(note)
    return Grade(spec.points if right else 0.0, right, given, tuple(notes))


def _round(x: float, precision: int | None) -> float:
    return float(f"{x:.{precision}g}") if precision else x


def _numeric_hit(spec: Spec, x: float):
    for entry in spec.numbers:
        if entry.value is not None:
            value = _round(entry.value, spec.precision)
            if math.isclose(x, value, rel_tol=1e-9, abs_tol=entry.tolerance):
                return entry
        elif entry.low <= x < entry.high:
            return entry
    return None


def _grade_numeric(spec: Spec, answer) -> Grade:
    try:
        x = _round(parse_number(answer), spec.precision)
    except (ValueError, ZeroDivisionError, TypeError):
        raise _bad(spec, f"{answer!r} is not a number") from None
    hit = _numeric_hit(spec, x)
    correct = bool(hit and hit.correct)
    note = (hit.feedback if hit else "") or ("" if correct else spec.default_feedback)
    notes = tuple(n for n in (f"You wrote {answer!r}.", note) if n)
    return Grade(spec.points if correct else 0.0, correct, answer, notes)


def _grade_written(spec: Spec, answer) -> Grade:
    if not isinstance(answer, str):
        raise _bad(spec, f"{answer!r} is not a text")
    given = answer.strip()
    if not given:
        raise _bad(spec, "the answer is empty")
    return Grade(0.0, False, given, ("Saved. Your teacher reads written answers; the kit does not mark them.",))


_GRADERS = {
    "choice": _grade_choice, "multi": _grade_multi, "span": _grade_span,
    "match": _grade_match, "text": _grade_text, "order": _grade_order,
    "numeric": _grade_numeric, "written": _grade_written,
}
