"""Span questions with other answers that are just as right (``alternatives``)."""

from __future__ import annotations

import pytest

from kit.errors import KitError
from kit.quiz import load_quiz

BANK = '''
[[questions]]
id = "who"
kind = "span"
prompt = "Click the words that say who gave the information."
explanation = "A senior official, unnamed."
article = "never-agree"
start = 288
end = 446
answer = [{ start = 297, end = 350, text = "a senior official in President Joe Biden's government" }]
'''


def bank(tmp_path, extra: str = ""):
    path = tmp_path / "bank.toml"
    path.write_text(BANK + extra, encoding="utf-8")
    return load_quiz(path)["who"]


def test_without_alternatives_a_short_answer_is_only_partly_right(tmp_path):
    fb = bank(tmp_path).submit("a senior official")
    assert not fb.correct and 0 < fb.score < 1


def test_an_alternative_makes_the_short_answer_right_and_the_long_one_stays_right(tmp_path):
    q = bank(tmp_path, 'alternatives = [[{ start = 297, end = 314, text = "a senior official" }]]\n')
    assert q.submit("a senior official").correct
    assert q.submit("a senior official in President Joe Biden's government").correct
    wrong = q.submit("a background briefing")
    assert not wrong.correct and wrong.score == 0


@pytest.mark.parametrize("extra, message", [
    ('alternatives = [[{ start = 10, end = 20 }]]\n', "not inside the passage"),
    ('alternatives = ["a senior official"]\n', "must be a list of spans"),
    ('alternatives = [[{ start = 297, end = 314, text = "a junior official" }]]\n', "a senior official"),
])
def test_a_bad_alternative_is_refused_with_the_field_named(tmp_path, extra, message):
    with pytest.raises(KitError, match=message) as info:
        bank(tmp_path, extra)
    assert info.value.field == "alternatives"
