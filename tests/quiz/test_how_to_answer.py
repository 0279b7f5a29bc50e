"""One table says how to answer each kind of question, for printed quizzes and for errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.errors import KitError
from kit.quiz.grade import HOW_TO_ANSWER, grade, how_to_answer
from kit.quiz.model import load_quiz
from kit.quiz.spec import KINDS

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = {q.kind: q for bank in (ROOT / "tests" / "fixtures" / "all_kinds.toml", "00_start")
             for q in load_quiz(bank).questions}


def test_the_table_covers_every_kind():
    """Does the table say how to answer every kind of question, and do the tests see every kind?"""
    assert set(HOW_TO_ANSWER) == set(KINDS) == set(QUESTIONS)


@pytest.mark.parametrize("kind", KINDS)
def test_printed_question_and_error_say_the_same(kind):
    """Do a printed question and the error for an answer that is not there both quote the table?"""
    question = QUESTIONS[kind]
    ref = f'quiz["{question.id}"]'
    assert f"To answer in code: {how_to_answer(kind, ref)}" in question.text()
    with pytest.raises(KitError) as info:
        grade(question.spec, None)
    assert info.value.fix == "answer with " + how_to_answer(kind)
    assert ".submit(" in info.value.fix and "{" not in info.value.fix.replace("{item", "")


def test_no_other_table_of_how_to_answer():
    """Does no kit module but kit/quiz/grade.py hold its own text of how to call .submit?"""
    found = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "kit").rglob("*.py"))
             if p.name != "grade.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"""["'][^"']*\.submit\((N|\[N|NUMBER|\\?")""", line)
             and not line.lstrip().startswith(("To answer in code", ">>>", "#"))]
    assert not found, "use kit.quiz.grade.how_to_answer:\n" + "\n".join(found)
