"""The kit's own banks teach the fact-checker's moves: counts, rubrics, and facts in step."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import kit
from kit.quiz.bank import DEFAULT_QUIZZES, read_bank
from kit.quiz.spec import MOVES

ROOT = Path(__file__).resolve().parents[2]
BANKS = {p.stem: read_bank(p) for p in sorted(DEFAULT_QUIZZES.glob("*.toml"))}
QUESTIONS = [(name, q) for name, bank in BANKS.items() for q in bank.questions]


def _lesson(bank_name: str) -> str:
    return bank_name[2:4] if bank_name.startswith("ex") else bank_name[:2]


def test_each_move_is_practised_often_enough():
    counts = Counter(tag for _, q in QUESTIONS for tag in q.tags)
    minimum = {"lateral-reading": 3, "trace": 3, "intent": 2, "stop": 1, "discernment": 3}
    short = {move: counts[move] for move, n in minimum.items() if counts[move] < n}
    assert not short, f"too few questions practise {short}"


def test_written_judgements_have_rubrics_at_least_one_per_lesson_and_twelve_in_all():
    judged = [(name, q) for name, q in QUESTIONS if q.kind == "written" and q.rubric]
    assert len(judged) >= 12
    assert {_lesson(name) for name, _ in judged} >= {f"{n:02d}" for n in range(1, 9)}
    for name, q in QUESTIONS:
        if q.kind == "written":
            # a reflection (stop) has no rubric; every other written task has one
            assert bool(q.rubric) != ("stop" in q.tags), (name, q.id)


def test_at_least_half_of_the_exercise_checks_ask_for_a_judgement():
    checks = [q for name, q in QUESTIONS if name.startswith("ex")]
    judgements = [q for q in checks if q.kind == "written" or set(q.tags) & set(MOVES)]
    assert 2 * len(judgements) >= len(checks)


def test_a_stop_reflection_comes_before_the_first_text_of_lesson_00():
    import json

    nb = json.loads((ROOT / "notebooks" / "00_start.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    stop = next(i for i, s in enumerate(sources) if "kit.stop(" in s or "\"l00-stop\"" in s)
    first_text = next(i for i, s in enumerate(sources) if "load_articles" in s or "kit.show" in s)
    assert stop < first_text
    assert "stop" in BANKS["00_start"].questions[-1].tags or any(
        q.id == "l00-stop" for q in BANKS["00_start"].questions)


def test_no_hint_sends_students_to_a_column_of_the_key():
    for name, q in QUESTIONS:
        if not name.startswith("ex"):
            assert not re.search(r"column|kit\.findings|claim_matrix", q.hint), (name, q.id, q.hint)


def test_every_source_file_and_id_a_question_names_exists():
    ids = set(kit.sources().index)
    files = {p.name for p in (ROOT / "data" / "sources").iterdir()}
    for name, q in QUESTIONS:
        words = " ".join([q.prompt, q.hint, q.explanation])
        for file in re.findall(r"[\w.-]+\.(?:txt|csv)", words):
            assert file in files, (q.id, file)
        for source_id in re.findall(r"\b(?:white-house|kremlin|mfa-draft-\w+|psaki-briefing|bbc)-\d{4}-\d\d-\d\d\b", words):
            assert source_id in ids, (q.id, source_id)


# What the new questions quote from the texts is really there.
QUOTED = [
    ("psaki-briefing", "and I'm paraphrasing here"),
    ("never-agree", "others might be explored"),
    ("never-agree", "“may be able to explore,”"),
    ("never-agree", "US intelligence has insinuated that Russia is planning an “invasion”"),
    ("never-agree", "Last week, Russia made public the drafts of two security treaties"),
    ("never-agree", "no specific date or location for a meeting had yet been set"),
    ("putin-demands", "has threatened to impose sanctions on Putin if it invades Ukraine. Have seen"),
    ("putin-demands", "Ukraine, Russia and the rebels have renewed a fragile ceasefire agreement reached in 2020"),
    ("putin-demands", "warned that the Russian attack would be met with sanctions"),
    ("call-readouts", "In contrast, Psaki’s Statement following the call:"),
    ("call-readouts", "Washington had no intention of deploying offensive strike weapons in Ukraine"),
    ("call-readouts", "took place in a frank and business-like atmosphere and it was certainly of benefit to both parties"),
    ("ready-for-talks", "The proposals also stipulate the creation of \"hotlines\" for emergency contacts"),
    ("ready-for-talks", "Russia also suggests that the US commit to not setting up military bases"),
    ("ready-for-talks", "US Ready for Security Talks With Russia in Early January, Senior Administration Official Says"),
]


@pytest.mark.parametrize("article, words", QUOTED)
def test_quoted_words_are_in_the_text(article, words):
    assert words in kit.load_articles().loc[article, "text"]


def test_the_repeated_sputnik_sentence_is_twice_in_a_row():
    text = kit.load_articles().loc["ready-for-talks", "text"]
    sentence = "The United States is ready for security talks with Russia in early January, a senior " \
               "administration official told reporters on Thursday."
    assert text.count(sentence) == 2


def test_the_outlet_facts_the_questions_use_are_in_the_profiles():
    points = " ".join(kit.outlets()["point"])
    for fact in ["revoked RT's licence", "18 March 2022", "2 March 2022", "Rossiya Segodnya",
                 "December 2013", "franchise in disinformation", "not found"]:
        assert fact in points, fact
