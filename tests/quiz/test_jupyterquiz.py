"""jupyterquiz banks: the example banks of the jupyterquiz repository itself load and grade.

tests/fixtures/jupyterquiz/SOURCE.md says where each file comes from (MIT licence).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import kit
from kit.quiz.jupyterquiz import JupyterquizNote

BANKS = Path(__file__).resolve().parents[1] / "fixtures" / "jupyterquiz"


def _load(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quiz = kit.load_quiz(path)
    return quiz, [w for w in caught if issubclass(w.category, JupyterquizNote)]


def _numeric(quiz, precision_set=True):
    return [q for q in quiz.questions if q.kind == "numeric" and (q.spec.precision is not None) == precision_set]


def _write(tmp_path, questions) -> Path:
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(questions), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["questions.json", "questions-before-2.8.json", "readme-examples.json"])
def test_every_example_bank_of_jupyterquiz_loads(name):
    """Does each example bank load whole, every question a kind the kit grades?"""
    raw = json.loads((BANKS / name).read_text(encoding="utf-8"))
    quiz, _notes = _load(BANKS / name)
    assert len(quiz.questions) == len(raw)
    kinds = {"multiple_choice": "choice", "many_choice": "multi", "numeric": "numeric", "string": "text"}
    assert [q.kind for q in quiz.questions] == [kinds[r["type"]] for r in raw]


def test_precision_as_significant_digits_is_kept_without_a_note():
    """Is the current example's precision 3 (significant digits, 2.8 and later) used as it is?"""
    quiz, notes = _load(BANKS / "questions.json")
    (pi,) = _numeric(quiz)
    assert pi.spec.precision == 3 and notes == []
    assert [pi.submit(x).correct for x in ("3.14", "3.141", "3.12")] == [True, True, False]


@pytest.mark.parametrize("name", ["questions-before-2.8.json", "readme-examples.json"])
def test_legacy_decimal_places_load_with_a_note_and_grade_as_meant(name):
    """Is the old "precision": 2 (two decimal places for pi) read as meant, with a note saying so?"""
    quiz, notes = _load(BANKS / name)
    (pi,) = _numeric(quiz)
    assert pi.spec.precision == 3
    assert len(notes) == 1 and "2 decimal places" in str(notes[0].message)
    assert name in str(notes[0].message) and '"precision": 3' in str(notes[0].message)
    # two decimal places: 3.141 rounds to 3.14; 3.12 is wrong (as significant digits, 2 would accept it)
    assert [pi.submit(x).correct for x in ("3.14", "3.141", "3.12", "3.1")] == [True, True, False, False]


def test_legacy_precision_zero_loads_as_whole_numbers(tmp_path):
    """Does precision 0 (whole numbers, before 2.8; an error for toPrecision since) load with a note?"""
    pi = json.loads((BANKS / "readme-examples.json").read_text(encoding="utf-8"))[1]
    pi.update(question="pi to 0 decimal places?", precision=0)
    pi["answers"][0]["value"] = 3
    quiz, notes = _load(_write(tmp_path, [pi]))
    assert len(notes) == 1 and "precision 0 read as 0 decimal places" in str(notes[0].message)
    q = quiz.questions[0]
    assert [q.submit(x).correct for x in ("3", "3.4", "2.6", "4")] == [True, True, True, False]


def test_legacy_precision_without_a_right_value_is_left_out_with_a_note(tmp_path):
    """A legacy precision on a question whose right answers are ranges only: loads, noted."""
    q = {"question": "A number from 1 to 2", "type": "numeric", "precision": 0,
         "answers": [{"type": "range", "range": [1, 2], "correct": True}]}
    quiz, notes = _load(_write(tmp_path, [q]))
    assert quiz.questions[0].spec.precision is None and "left out" in str(notes[0].message)


def test_feedback_on_a_right_string_answer_is_shown():
    """Does the README's string example say its feedback when JFK is typed?"""
    quiz, _ = _load(BANKS / "readme-examples.json")
    jfk = quiz.questions[-1]
    said = jfk.submit("JFK")
    assert said.correct and "Correct. John F. Kennedy was the 35th president" in said.message
    wrong = jfk.submit("Kennedy")
    assert not wrong.correct and "Please also provide the first name." in wrong.message


def test_a_string_question_with_only_right_answers_loads(tmp_path):
    """Is a string question without any wrong answer (valid jupyterquiz) loaded and graded?"""
    jfk = json.loads((BANKS / "readme-examples.json").read_text(encoding="utf-8"))[-1]
    jfk["answers"] = [a for a in jfk["answers"] if a["correct"]]
    quiz, _ = _load(_write(tmp_path, [jfk]))
    q = quiz.questions[0]
    assert q.submit("John F. Kennedy").correct and q.submit("jfk").correct
    assert not q.submit("Nixon").correct


def test_toml_banks_may_give_feedback_to_a_right_answer(tmp_path):
    """Does the kit's own text question take { answer, feedback } entries too?"""
    path = tmp_path / "bank.toml"
    path.write_text('[[questions]]\nid = "a"\nkind = "text"\nprompt = "Who?"\n'
                    'explanation = "Psaki."\nanswers = ["Psaki", { answer = "Jen Psaki", feedback = "Full name!" }]\n',
                    encoding="utf-8")
    q = kit.load_quiz(path).questions[0]
    assert "Full name!" in q.submit("Jen Psaki").message and "Full name!" not in q.submit("Psaki").message
    path.write_text(path.read_text(encoding="utf-8").replace("feedback =", "said ="), encoding="utf-8")
    with pytest.raises(kit.KitError, match="unknown field 'said'"):
        kit.load_quiz(path)
