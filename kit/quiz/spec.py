"""What a question bank holds, as plain frozen data.

This module only *describes* questions.  Reading a bank from a file and
checking it is :mod:`kit.quiz.bank`; grading an answer is
:mod:`kit.quiz.grade`; drawing a question is :mod:`kit.quiz.widgets`.
The bank itself is data: a TOML file an instructor edits (see
``docs/quiz-format.md``).

>>> spec = Spec(id="q1", kind="order", prompt="Earliest first", explanation="",
...             items=("first", "second"))
>>> spec.kind, spec.points, spec.items
('order', 1.0, ('first', 'second'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError

__all__ = ["KINDS", "TAGS", "MOVES", "RUBRIC_LEVELS", "Where", "Option", "Span", "Pair", "WrongAnswer", "NumericAnswer",
           "Spec", "Bank"]

#: The question kinds, in the order the documentation explains them.  A
#: ``written`` answer is saved for the teacher, not marked by the kit.
KINDS = ("choice", "multi", "span", "match", "text", "order", "numeric", "written")

#: The fact-checker's moves a question can practise (tags too).  A question
#: tagged ``discernment`` has a sound answer: "this is fine".
MOVES = ("stop", "lateral-reading", "trace", "intent", "discernment")

#: The tags a question may carry: what it trains the reader to notice, and
#: the moves it practises.
TAGS = ("attribution", "wording", "names", "translation", "scraping", "facts") + MOVES

#: The levels of a written task's rubric, lowest first.
RUBRIC_LEVELS = ("beginning", "emerging", "mastery")


@dataclass(frozen=True)
class Option:
    """One option of a ``choice`` or ``multi`` question."""

    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` into an article's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Pair:
    """A left-hand item of a ``match`` question and its right-hand partner."""

    left: str
    right: str


@dataclass(frozen=True)
class WrongAnswer:
    """A typed answer that is expected but wrong, with feedback for it."""

    answer: str
    feedback: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    """A ``numeric`` answer: a value (within ``tolerance``) or a range ``[low, high)``."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    tolerance: float = 0.0
    correct: bool = True
    feedback: str = ""


@dataclass(frozen=True)
class Spec:
    """One question, checked and ready to grade.

    Common fields come first; the others belong to one kind each and stay
    empty for the rest.  ``passage_text`` of a ``span`` question always holds
    the article's own text between ``passage.start`` and ``passage.end``.
    """

    id: str
    kind: str
    prompt: str
    explanation: str
    hint: str = ""
    points: float = 1.0
    tags: tuple[str, ...] = ()
    # choice, multi
    options: tuple[Option, ...] = ()
    # span
    article: str = ""
    passage: Span | None = None
    passage_text: str = ""
    key: tuple[Span, ...] = ()
    # other answers just as right as ``key`` (a shorter phrase that names the same thing)
    alternatives: tuple[tuple[Span, ...], ...] = ()
    # match
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    # order (items in the right order)
    items: tuple[str, ...] = ()
    # text
    answers: tuple[str, ...] = ()
    answer_feedback: tuple[str, ...] = ()   # said when answers[i] matches ("" for none)
    wrong: tuple[WrongAnswer, ...] = ()
    fuzzy: float = 0.85
    # numeric
    numbers: tuple[NumericAnswer, ...] = ()
    precision: int | None = None
    # text, numeric: said when a wrong answer matches nothing listed
    default_feedback: str = ""
    # written: (level, sentence) for each of RUBRIC_LEVELS, or () for a reflection
    rubric: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Bank:
    """A checked question bank: its name (the file's stem), title and questions."""

    name: str
    title: str
    path: Path | None
    questions: tuple[Spec, ...]


@dataclass
class Where:
    """Where a question is, to say so in every error about it."""

    file: str
    line: int | None = None
    qid: str | None = None
    number: int = 0
    names: dict = field(default_factory=dict)   # our field name -> the file's own

    def error(self, fld: str | None, message: str, fix: str | None = None) -> KitError:
        who = f"question {self.qid!r}" if self.qid else f"question number {self.number}"
        name = self.names.get(fld, fld) if fld else None
        return KitError(f"{who}: {message}", file=self.file, line=self.line, field=name, fix=fix)
