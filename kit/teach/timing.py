"""How long a lesson takes a 16-year-old, computed from what it asks them to read and do.

The estimate is plain arithmetic, so an instructor can check it:

* **reading**: every word the student reads, at :data:`WORDS_PER_MINUTE`:
  the lesson's text cells, its questions (prompt, options, hint and the
  explanation shown after answering), and the texts the lesson shows.  A
  code cell that shows articles (``kit.show``, ``kit.compare``,
  ``kit.side_by_side``, printing the texts) or prints a primary source
  (``kit.source_text``) adds the words of what it shows; a text already
  shown earlier in the lesson is skimmed, at :data:`RESHOWN` of its words;
* **doing**: :data:`PER_CODE_CELL` minutes to run each code cell and look at
  what it shows, :data:`PER_QUESTION` per marked question and
  :data:`PER_WRITTEN` per written task;
* an **exercise** notebook adds :data:`PER_LOOKUP` per coded look-up instead.

:func:`plan` packs the lessons into class periods of :data:`PERIOD` minutes in
order; a lesson longer than a period is split across periods.
``INSTRUCTORS.md`` shows :func:`times_markdown`; a test keeps the two equal.
Run ``python -m kit.teach.timing`` to print the block.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from kit._io import read_utf8
from kit.case.articles import load_articles
from kit.case.sources import source_text, sources
from kit.quiz.bank import DEFAULT_QUIZZES, read_bank

__all__ = ["LessonTime", "lesson_times", "plan", "times_markdown", "WORDS_PER_MINUTE", "PERIOD"]

ROOT = Path(__file__).resolve().parents[2]
#: Reading speed of a 16-year-old reading to understand (words a minute).
WORDS_PER_MINUTE = 150
#: Minutes to run a code cell and look at its output.
PER_CODE_CELL = 0.5
#: Minutes to think about and answer a marked question (reading it is counted separately).
PER_QUESTION = 1.0
#: Minutes to plan and write a written answer of a few sentences.
PER_WRITTEN = 5.0
#: Minutes to write and fix the pandas code of one look-up in an exercise.
PER_LOOKUP = 3.0
#: Share of a text's words counted when the lesson shows it again (skimming).
RESHOWN = 0.25
#: Length of a class period, in minutes.
PERIOD = 50

_WORD = re.compile(r"[A-Za-z0-9À-ÿ’'-]+")
_SHOWS_ARTICLE = re.compile(r"kit\.(show|compare|side_by_side)\(")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class LessonTime:
    """The reading and doing load of one notebook, and the minutes it makes."""

    notebook: str
    words: int
    code_cells: int
    questions: int
    written: int
    lookups: int = 0

    @property
    def minutes(self) -> int:
        exact = (self.words / WORDS_PER_MINUTE + self.code_cells * PER_CODE_CELL
                 + self.questions * PER_QUESTION + self.written * PER_WRITTEN + self.lookups * PER_LOOKUP)
        return 5 * math.ceil(exact / 5)          # to the next 5 minutes: an estimate, not a stopwatch


def _question_words(spec) -> int:
    parts = [spec.prompt, spec.hint, spec.explanation, *(o.text for o in spec.options),
             *(p.left + " " + p.right for p in spec.pairs), *spec.items]
    return sum(_words(p) for p in parts)


def _shown_words(code: str, seen: set, texts: dict, source_words: dict) -> float:
    """Words a code cell shows: articles or primary sources, skimmed when seen before."""
    shown = []
    for source_id in re.findall(r'source_text\("([^"]+)"\)', code):
        shown.append((source_id, source_words.get(source_id, 0)))
    if 'arts["text"]' in code and "print(" in code:          # lesson 01: read every text in full
        shown += [(aid, n) for aid, n in texts.items()]
    elif "side_by_side(" in code:
        shown += [("side-by-side", 2 * sum(texts.values()) / len(texts))]
    elif "compare(" in code:
        shown += [("readouts", max(texts.values()))]
    elif _SHOWS_ARTICLE.search(code):
        shown += [("shown", sum(texts.values()) / len(texts))]
    total = 0.0
    for key, n in shown:
        total += n * (RESHOWN if key in seen else 1)
        seen.add(key)
    return total


def _notebook_time(path: Path, bank_names: list[str], texts: dict, source_words: dict) -> LessonTime:
    nb = json.loads(read_utf8(path, what="lesson notebook"))
    words, code_cells, seen = 0.0, 0, set()
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            words += _words(re.sub(r"\(\.\./[^)]*\)|`[^`]*`", "", source))
        else:
            code_cells += 1
            words += _shown_words(source, seen, texts, source_words)
    questions = written = lookups = 0
    for name in bank_names:
        for spec in read_bank(DEFAULT_QUIZZES / f"{name}.toml").questions:
            words += _question_words(spec)
            if spec.kind == "written":
                written += 1
            elif name.startswith("ex") and not set(spec.tags) & {"stop", "lateral-reading", "trace",
                                                                  "intent", "discernment"}:
                lookups += 1
            else:
                questions += 1
    return LessonTime(path.stem, round(words), code_cells, questions, written, lookups)


def lesson_times(root=ROOT) -> list[LessonTime]:
    """The lessons' and exercises' times, in the order of the sequence."""
    root = Path(root)
    texts = {aid: _words(t) for aid, t in load_articles()["text"].items()}
    source_words = {sid: _words(source_text(sid)) for sid, row in sources().iterrows() if row["file"]}
    out = []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        out.append(_notebook_time(path, [path.stem], texts, source_words))
    for path in sorted((root / "solutions").glob("ex[0-9][0-9]_*.ipynb")):
        out.append(_notebook_time(path, [path.stem[:4]], texts, source_words))
    return out


def plan(times: list[LessonTime], period: int = PERIOD) -> list[list[tuple[str, int]]]:
    """Pack the lessons, in order, into periods of ``period`` minutes.

    Each period is a list of ``(lesson, minutes)``.  A lesson that does not
    fit in what is left of a period starts a new one; a lesson longer than a
    period is split into parts (``"01 (part 1)"``), its first part filling
    what is left of the current period when that is at least a quarter of it.
    """
    periods, current, left = [], [], period
    for t in times:
        name, minutes = t.notebook[:2], t.minutes
        too_long = minutes > period
        if current and minutes > left and (not too_long or left < period / 4):
            periods.append(current)
            current, left = [], period
        part = 1
        while minutes > left:
            current.append((f"{name} (part {part})", left))
            minutes -= left
            periods.append(current)
            current, left, part = [], period, part + 1
        current.append((f"{name} (part {part})" if part > 1 else name, minutes))
        left -= minutes
    if current:
        periods.append(current)
    return periods


def times_markdown(times: list[LessonTime] | None = None) -> str:
    """The block INSTRUCTORS.md shows: minutes per lesson and exercise, and a plan of periods."""
    times = lesson_times() if times is None else times
    lessons = [t for t in times if not t.notebook.startswith("ex")]
    exercises = {t.notebook[2:4]: t for t in times if t.notebook.startswith("ex")}
    lines = ["| lesson | words read | code cells | questions | written | lesson minutes | exercise minutes |",
             "|---|---|---|---|---|---|---|"]
    for t in lessons:
        ex = exercises.get(t.notebook[:2])
        lines.append(f"| {t.notebook} | {t.words} | {t.code_cells} | {t.questions} | {t.written} "
                     f"| {t.minutes} | {ex.minutes if ex else '–'} |")
    total = sum(t.minutes for t in lessons)
    ex_total = sum(t.minutes for t in exercises.values())
    lines.append(f"| **all** | | | | | **{total}** | **{ex_total}** |")
    lines += ["", f"A plan for {PERIOD}-minute periods (lessons only; exercises as homework):", ""]
    for n, period in enumerate(plan(lessons), 1):
        used = sum(m for _, m in period)
        lines.append(f"{n}. " + ", ".join(f"{name} ({m} min)" for name, m in period) + f": {used} min")
    return "\n".join(lines)


if __name__ == "__main__":
    print(times_markdown())
