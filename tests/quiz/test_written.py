"""Written answers: read by the teacher beside a rubric, saved, never marked."""

from __future__ import annotations

import pytest

import kit
from kit.errors import KitError
from kit.quiz.bank import read_bank
from kit.quiz.model import Quiz
from kit.quiz.spec import MOVES, RUBRIC_LEVELS, TAGS

WRITTEN = '''
title = "Written"

[[questions]]
id = "judge"
kind = "written"
tags = ["trace", "discernment"]
prompt = "Trace the quote and judge it."
explanation = "Your teacher reads this."

  [questions.rubric]
  beginning = "Gives a verdict with no source."
  emerging = "Names the source but skips a step."
  mastery = "Traces every step and quotes both ends."

[[questions]]
id = "feel"
kind = "written"
tags = ["stop"]
prompt = "How does this make you feel?"
explanation = "Not graded."
'''


def _bank(tmp_path, text=WRITTEN):
    path = tmp_path / "w.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_moves_are_tags():
    assert set(MOVES) <= set(TAGS)
    assert {"stop", "lateral-reading", "trace", "intent", "discernment"} == set(MOVES)


def test_a_written_question_loads_with_its_rubric_in_level_order(tmp_path):
    bank = read_bank(_bank(tmp_path))
    judge, feel = bank.questions
    assert judge.kind == "written" and judge.points == 0
    assert [level for level, _ in judge.rubric] == list(RUBRIC_LEVELS)
    assert dict(judge.rubric)["mastery"] == "Traces every step and quotes both ends."
    assert feel.rubric == ()


@pytest.mark.parametrize("change, field, words", [
    ('  mastery = "Traces every step and quotes both ends."', "rubric", "rubric's mastery level is missing"),
    ('  emerging = "Names the source but skips a step."', "rubric", "rubric's emerging level is missing"),
])
def test_a_rubric_missing_a_level_is_refused_by_name(tmp_path, change, field, words):
    with pytest.raises(KitError) as err:
        read_bank(_bank(tmp_path, WRITTEN.replace(change, "")))
    message = str(err.value)
    assert "w.toml" in message and f"field '{field}'" in message and words in message
    assert "question 'judge'" in message


def test_an_unknown_rubric_level_and_points_on_a_written_question_are_refused(tmp_path):
    with pytest.raises(KitError, match="unknown rubric level 'expert'"):
        read_bank(_bank(tmp_path, WRITTEN.replace("  mastery =", "  expert =")))
    with pytest.raises(KitError, match="not marked by the kit"):
        read_bank(_bank(tmp_path, WRITTEN.replace('kind = "written"\ntags = ["stop"]',
                                                  'kind = "written"\npoints = 2\ntags = ["stop"]')))


def test_submitting_saves_the_text_worth_nothing_and_shows_the_rubric(tmp_path):
    quiz = Quiz(read_bank(_bank(tmp_path)))
    feedback = quiz["judge"].submit("  It holds: both texts say so.  ")
    assert feedback.possible == 0 and feedback.score == 0
    assert feedback.message.startswith("Saved.")
    assert "Traces every step" in feedback.message and "Not quite" not in feedback.message
    rows = kit.progress()
    assert list(rows["answer"]) == ['"It holds: both texts say so."']
    assert list(rows["possible"]) == [0.0] and list(rows["kind"]) == ["written"]


@pytest.mark.parametrize("answer", ["   ", 3, ["a"]])
def test_an_empty_or_non_text_written_answer_is_a_clear_error(tmp_path, answer):
    quiz = Quiz(read_bank(_bank(tmp_path)))
    with pytest.raises(KitError, match="question 'judge'"):
        quiz["judge"].submit(answer)
    assert kit.progress().empty


def test_the_widget_is_a_text_area_with_a_save_button(tmp_path):
    pytest.importorskip("ipywidgets")
    import ipywidgets as W

    from kit.quiz.widgets import question_widget

    quiz = Quiz(read_bank(_bank(tmp_path)))
    box = question_widget(quiz["judge"])
    assert isinstance(box.input.box, W.Textarea)
    assert box.submit_button.description == "Save answer"
    assert "read by your teacher" in box.header.value
    box.input.box.value = "<script>alert(1)</script> a judgement"
    box._on_submit()
    assert "<script>" not in box.feedback.value and "&lt;script&gt;" in box.feedback.value
    box.input.box.value = ""
    box._on_submit()
    assert "Write your answer first." in box.feedback.value
