"""The lesson sequence as a whole: enough questions, every kind, tag and article, no ids in code."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import kit
from kit.quiz.spec import KINDS, TAGS

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BANKS = {p.stem: kit.load_quiz(p.stem) for p in LESSONS}
IDS = list(kit.load_articles().index)


def _code(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def test_there_are_nine_lessons_each_with_its_bank():
    """Are there lessons 00 to 08, each with a bank of the same name?"""
    assert [p.name[:2] for p in LESSONS] == [f"{i:02d}" for i in range(9)]
    assert all((ROOT / "data" / "quizzes" / f"{p.stem}.toml").is_file() for p in LESSONS)


def test_the_sequence_has_enough_questions_of_every_kind_and_tag():
    """At least 45 questions, at least 4 per lesson, every kind used and every tag covered?"""
    questions = [q for quiz in BANKS.values() for q in quiz.questions]
    assert len(questions) >= 45
    assert all(len(quiz.questions) >= 4 for quiz in BANKS.values()), {k: len(v.questions) for k, v in BANKS.items()}
    kinds = Counter(q.kind for q in questions)
    assert set(kinds) >= set(KINDS) - {"numeric"}, kinds
    tags = Counter(t for q in questions for t in q.spec.tags)
    assert set(tags) == set(TAGS), tags


def test_every_article_is_read_in_some_question():
    """Does every one of the five articles appear in the quizzes (a passage or a named option)?"""
    text = "\n".join((ROOT / "data" / "quizzes" / f"{p.stem}.toml").read_text(encoding="utf-8")
                     for p in LESSONS)
    assert [i for i in IDS if i not in text] == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_code_names_no_article(path):
    """Is the lesson's code free of article ids, so that it runs on any case?"""
    code = _code(path)
    assert [i for i in IDS if re.search(rf"\b{re.escape(i)}\b", code)] == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_starts_with_goals_time_and_a_case_line(path):
    """Does each lesson say its time and goals at the top and choose its case in the first code cell?"""
    nb = json.loads(path.read_text(encoding="utf-8"))
    first_md = "".join(nb["cells"][0]["source"])
    assert "**Time:**" in first_md and "**You will" in first_md
    first_code = next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert first_code.startswith("import kit") and "kit.use_case(" in first_code


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.name)
def test_lesson_draws_a_chart(path):
    """Does each lesson after the start draw at least one chart with kit.plots?"""
    assert re.search(r"\bkit\.plots\.\w+\(", _code(path))
