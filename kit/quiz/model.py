"""Questions and quizzes: grade an answer, record it, and say how to answer in text.

A bank is data (a TOML file in the case's ``quizzes/`` folder, see
``docs/quiz-format.md``).  :func:`load_quiz` reads and checks it
(:mod:`kit.quiz.bank`); a :class:`Question` grades an answer
(:mod:`kit.quiz.grade`) and stores it (:mod:`kit.store`).  Nothing here
draws: :mod:`kit.quiz.widgets` makes the same questions into widgets, and
``kit.load_quiz`` gives those.

Printed, a quiz is plain text that says how to answer in code, without the
answers.

>>> quiz = load_quiz("00_start")
>>> quiz.name, [q.kind for q in quiz.questions]
('00_start', ['choice', 'multi', 'span', 'text', 'written'])
>>> print(quiz["real-name"])
Question 4 of 5 [real-name] (text, 1 point; tags: names)
The blog text (putin-demands) garbles the name of the White House Press Secretary of December 2021. What is her real name (first and last name)?
To answer in code: quiz["real-name"].submit("your answer")
For a hint: quiz["real-name"].hint
"""

from __future__ import annotations

import os
import sqlite3
import textwrap
import warnings
from dataclasses import dataclass
from pathlib import Path

from kit.case.articles import case_path
from kit.errors import KitError
from kit.quiz.grade import grade, how_to_answer, letter, match_choices, order_display, words
from kit.quiz.bank import read_bank
from kit.quiz.spec import Bank, Spec
from kit.store import ProgressWarning, record

__all__ = ["load_quiz", "find_question", "Quiz", "Question", "Feedback"]


@dataclass(frozen=True)
class Feedback:
    """What a student is told after submitting an answer.

    ``message`` starts with "Right.", "Partly right." or "Not quite." (a
    written answer: "Saved.") and ends with the question's explanation.
    """

    question_id: str
    correct: bool
    score: float
    possible: float
    message: str

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message


def _fmt(x: float) -> str:
    """``1.0 -> '1'``, ``0.6667 -> '0.67'``."""
    return f"{round(x, 2):g}"


def _points(x: float) -> str:
    return f"{_fmt(x)} point" + ("" if x == 1 else "s")


def _worth(spec: Spec) -> str:
    return "read by your teacher" if spec.kind == "written" else _points(spec.points)


def _message(spec: Spec, score: float, correct: bool, notes) -> str:
    if spec.kind == "written":
        lines = list(notes)
        if spec.rubric:
            lines.append("What your teacher looks for: " + dict(spec.rubric)["mastery"])
        if spec.explanation.strip():
            lines.append(" ".join(spec.explanation.split()))
        return "\n".join(lines)
    if correct:
        verdict = "Right."
    elif score > 0:
        verdict = f"Partly right. You scored {_fmt(score)} of {_points(spec.points)}."
    else:
        verdict = "Not quite."
    lines = [verdict, *notes]
    if spec.explanation.strip():
        lines.append("Why: " + " ".join(spec.explanation.split()))
    return "\n".join(lines)


class Question:
    """One question of a quiz: ``.id``, ``.kind``, ``.submit(answer)``."""

    def __init__(self, spec: Spec, *, bank: str = "", number: int = 1, total: int = 1):
        self.spec = spec
        self.bank = bank
        self.number, self.total = number, total
        self.history: list[Feedback] = []
        self._listeners: list = []

    id = property(lambda self: self.spec.id, doc="The question's id in its bank.")
    kind = property(lambda self: self.spec.kind, doc="choice, multi, span, match, text, order or numeric.")
    prompt = property(lambda self: self.spec.prompt, doc="The question itself.")
    hint = property(lambda self: self.spec.hint or "(no hint for this question)", doc="A hint.")
    points = property(lambda self: self.spec.points, doc="Points for a right answer.")
    tags = property(lambda self: self.spec.tags, doc="What the question trains.")

    @property
    def last(self) -> Feedback | None:
        """The feedback on this session's latest submission, or None."""
        return self.history[-1] if self.history else None

    def on_submit(self, callback) -> None:
        """Call ``callback(feedback)`` after every submission (widgets use this)."""
        self._listeners.append(callback)

    def submit(self, answer) -> Feedback:
        """Grade ``answer``, store it in the progress store and return the :class:`Feedback`.

        The form of ``answer`` depends on the kind; ``print(question)`` shows it.
        """
        result = grade(self.spec, answer)
        notes = list(result.notes)
        saved = self._save(result)
        if saved:
            notes.append(saved)
        feedback = Feedback(self.id, result.correct, float(result.score), self.points,
                            _message(self.spec, result.score, result.correct, notes))
        self.history.append(feedback)
        for callback in self._listeners:
            callback(feedback)
        return feedback

    def _save(self, result) -> str:
        try:
            record(question=self.id, bank=self.bank, kind=self.kind, answer=result.stored,
                   correct=result.correct, score=result.score, possible=self.points,
                   tags=self.tags)
        except (KitError, sqlite3.Error, OSError) as err:
            warnings.warn(f"Your answer was checked but could not be saved: {err}",
                          ProgressWarning, stacklevel=3)
            return "(Your answer was checked but could not be saved; see the warning.)"
        return ""

    def text(self) -> str:
        """The question as plain text: prompt, choices and how to answer in code."""
        spec = self.spec
        tags = f"; tags: {', '.join(spec.tags)}" if spec.tags else ""
        head = (f"Question {self.number} of {self.total} [{spec.id}] "
                f"({spec.kind}, {_worth(spec)}{tags})")
        body = _TEXT[spec.kind](spec)
        ref = f"quiz[{spec.id!r}]".replace("'", '"')
        how = how_to_answer(spec.kind, ref)
        hint = [f"For a hint: {ref}.hint"] if spec.hint else []
        return "\n".join([head, spec.prompt.strip(), *body, f"To answer in code: {how}", *hint])

    def __repr__(self) -> str:
        return self.text()



class Quiz:
    """A loaded question bank: ``.name``, ``.questions``, ``quiz["q-id"]``, ``.score()``."""

    question_class = Question

    def __init__(self, bank: Bank):
        self.bank = bank
        self.name = bank.name
        self.title = bank.title
        self.path = bank.path
        total = len(bank.questions)
        self.questions = [self.question_class(spec, bank=bank.name, number=n, total=total)
                          for n, spec in enumerate(bank.questions, 1)]

    def __getitem__(self, key) -> Question:
        """A question by id or position; a slice gives a smaller quiz.

        Slices let a lesson show its bank in parts (``quiz[0:2]``, then
        ``quiz[2:]``) without naming ids, so the lesson runs on any case's bank;
        a slice past the end is an empty quiz that says so.
        """
        if isinstance(key, slice):
            part = object.__new__(type(self))
            part.__dict__.update(self.__dict__)
            part.__dict__.pop("_widget", None)      # a part is drawn on its own
            part.questions = self.questions[key]
            return part
        if isinstance(key, int) and not isinstance(key, bool):
            return self.questions[key]
        for q in self.questions:
            if q.id == key:
                return q
        raise KitError(f"there is no question {key!r} in quiz {self.name!r}", field="id",
                       fix="use one of " + ", ".join(q.id for q in self.questions))

    def __iter__(self):
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def score(self) -> tuple[float, float]:
        """``(score, possible)`` summed over this session's submissions.

        Each question counts once, with its latest submission; questions not
        yet answered count in neither.
        """
        latest = [q.last for q in self.questions if q.last is not None]
        return (sum(f.score for f in latest), sum(f.possible for f in latest))

    def text(self) -> str:
        """The whole quiz as plain text."""
        if not self.questions:
            return f"{self.title}: no questions in this part for this case."
        parts = [f"{self.title} ({len(self)} questions)"]
        parts += [q.text() for q in self.questions]
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        return self.text()



# --------------------------------------------------------------- plain text

def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, 78, initial_indent=indent, subsequent_indent=indent + "   ")


def _text_options(spec: Spec) -> list[str]:
    return [_wrap(f"{i}. {o.text}") for i, o in enumerate(spec.options, 1)]


def _text_span(spec: Spec) -> list[str]:
    numbered = " ".join(f"[{w.number}]{w.text}" for w in words(spec))
    return [f"Passage from article {spec.article!r}, words numbered:",
            textwrap.fill(numbered, 78, initial_indent="  ", subsequent_indent="  ")]


def _text_match(spec: Spec) -> list[str]:
    lines = ["Items:"] + [_wrap(f"{i}. {p.left}") for i, p in enumerate(spec.pairs, 1)]
    lines += ["Choices:"] + [_wrap(f"{letter(j)}. {c}")
                             for j, c in enumerate(match_choices(spec))]
    return lines


def _text_order(spec: Spec) -> list[str]:
    shown = order_display(spec)
    return ["Items (not in order):"] + [_wrap(f"{letter(k)}. {spec.items[i]}")
                                        for k, i in enumerate(shown)]


_TEXT = {
    "choice": _text_options, "multi": _text_options, "span": _text_span,
    "match": _text_match, "order": _text_order,
    "text": lambda spec: [], "numeric": lambda spec: [], "written": lambda spec: [],
}


# ------------------------------------------------------------------- loading

def _bank_path(name_or_path, case) -> Path:
    text = os.fspath(name_or_path)
    looks_like_path = (isinstance(name_or_path, os.PathLike) or "/" in text or os.sep in text
                       or text.endswith((".toml", ".json")))
    if looks_like_path:
        return Path(text).expanduser()
    folder = case_path(case) / "quizzes"
    for suffix in (".toml", ".json"):
        if (folder / f"{text}{suffix}").is_file():
            return folder / f"{text}{suffix}"
    banks = sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []
    raise KitError(f"there is no question bank {text!r}", file=str(folder / f"{text}.toml"),
                   fix=("use one of " + ", ".join(banks)) if banks else
                   "put the bank (NAME.toml) in the case's quizzes/ folder, or pass its path")


def load_quiz(name_or_path, case=None, *, quiz_class=Quiz) -> Quiz:
    """Load and check a question bank.

    ``name_or_path`` is a bank's name (``"00_start"``: the file
    ``quizzes/00_start.toml`` of the case) or the path of a ``.toml`` or a
    jupyterquiz ``.json`` file.  ``case`` chooses the case (default: ``data/``
    or ``$KIT_CASE``); span questions quote its articles.
    """
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise KitError(f"{name_or_path!r} is not a bank name or a path", field="name_or_path",
                       fix='pass a name such as "00_start" or the path of a .toml file')
    path = _bank_path(name_or_path, case)
    return quiz_class(read_bank(path, case=case))


# A speed trick that stays: kit.check finds its question among all the banks of the
# case, which takes about 50 ms when every bank is read again and 0.5 ms when they
# are read once (and again when edited); an exercise makes 5-6 checks, so this saves
# about 250-300 ms an exercise notebook (benchmarks/RESULTS.md, "Speed tricks").
_LOADED: dict[str, tuple] = {}   # bank path -> (file signature, Quiz), for find_question


def _cached_quiz(path: Path, case, quiz_class) -> Quiz:
    stat = path.stat()
    key = f"{path.resolve()}|{case}|{quiz_class.__qualname__}"
    signature = (stat.st_mtime_ns, stat.st_size)
    hit = _LOADED.get(key)
    if hit is None or hit[0] != signature:
        hit = _LOADED[key] = (signature, quiz_class(read_bank(path, case=case)))
    return hit[1]


def find_question(question_id: str, case=None, *, quiz_class=Quiz) -> Question:
    """The question with this id in any bank of the case's ``quizzes/`` folder.

    ``"BANK:ID"`` looks in one bank only.  An id found in two banks is an
    error that names both.  Banks are read once and read again when edited.

    >>> find_question("real-name").bank, find_question("00_start:real-name").kind
    ('00_start', 'text')
    """
    if not isinstance(question_id, str) or not question_id.strip():
        raise KitError(f"{question_id!r} is not a question id", field="question_id",
                       fix='pass the id as text, e.g. "ex02.1"')
    if ":" in question_id:
        bank, _, qid = question_id.partition(":")
        return _cached_quiz(_bank_path(bank, case), case, quiz_class)[qid]
    folder = case_path(case) / "quizzes"
    paths = sorted(p for p in folder.glob("*.*") if p.suffix in (".toml", ".json")) \
        if folder.is_dir() else []
    hits = [q for path in paths for q in _cached_quiz(path, case, quiz_class).questions
            if q.id == question_id]
    if not hits:
        raise KitError(f"there is no question {question_id!r} in the banks of this case",
                       file=str(folder), field="question_id",
                       fix="check the id against the banks' [[questions]] ids")
    if len(hits) > 1:
        raise KitError(f"question id {question_id!r} is in several banks: "
                       + ", ".join(q.bank for q in hits), file=str(folder), field="question_id",
                       fix=f'name the bank too, e.g. "{hits[0].bank}:{question_id}"')
    return hits[0]
