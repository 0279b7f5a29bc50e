"""Lesson times are computed from the reading load, and INSTRUCTORS.md shows the computed ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kit.teach.timing import PERIOD, WORDS_PER_MINUTE, LessonTime, lesson_times, plan, times_markdown

ROOT = Path(__file__).resolve().parents[2]
TIMES = lesson_times()
LESSONS = [t for t in TIMES if not t.notebook.startswith("ex")]


def test_minutes_are_reading_plus_doing_rounded_up_to_five():
    t = LessonTime("x", words=WORDS_PER_MINUTE * 10, code_cells=4, questions=5, written=1, lookups=2)
    # 10 reading + 2 code + 5 questions + 5 written + 6 look-ups = 28 -> 30
    assert t.minutes == 30
    assert LessonTime("y", words=1, code_cells=0, questions=0, written=0).minutes == 5


def test_every_lesson_and_exercise_is_timed_and_reading_counts_the_texts_shown():
    assert [t.notebook[:2] for t in LESSONS] == [f"{n:02d}" for n in range(9)]
    assert len(TIMES) == 17
    one = next(t for t in LESSONS if t.notebook.startswith("01"))
    articles = sum(len(p.read_text(encoding="utf-8").split()) for p in (ROOT / "data" / "articles").iterdir())
    assert one.words > articles            # lesson 01 has the student read all five texts
    assert sum(t.minutes for t in LESSONS) > 4 * 60       # more than the four hours once promised


def test_instructors_guide_shows_the_computed_block():
    guide = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- times: made by python -m kit.teach.timing -->\n(.*?)\n<!-- /times -->", guide, re.S)
    assert block, "INSTRUCTORS.md lost its times block"
    assert block.group(1) == times_markdown(TIMES), "run python -m kit.teach.timing and paste its output"


def test_the_sequence_table_and_each_lesson_header_give_the_same_minutes():
    guide = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    for t in LESSONS:
        row = re.search(rf"^\| {t.notebook[:2]} \| `{t.notebook}\.ipynb` \| (\d+) min \|", guide, re.M)
        assert row and int(row.group(1)) == t.minutes, t.notebook
        nb = json.loads((ROOT / "notebooks" / f"{t.notebook}.ipynb").read_text(encoding="utf-8"))
        head = "".join(nb["cells"][0]["source"])
        assert f"**Time:** about {t.minutes} minutes" in head, t.notebook


def test_the_plan_keeps_order_fills_no_period_past_its_length_and_splits_long_lessons():
    periods = plan(LESSONS)
    assert all(sum(m for _, m in p) <= PERIOD for p in periods)
    names = [name[:2] for p in periods for name, _ in p]
    assert names == sorted(names)
    for t in LESSONS:
        assert sum(m for p in periods for name, m in p if name.startswith(t.notebook[:2])) == t.minutes
    long = [LessonTime("01_x", 0, 0, 70, 0), LessonTime("02_y", 0, 0, 20, 0)]
    assert plan(long) == [[("01 (part 1)", 50)], [("01 (part 2)", 20), ("02", 20)]]


@pytest.mark.parametrize("left, expected_first", [(30, [("00", 20), ("01 (part 1)", 30)]), (10, [("00", 40)])])
def test_a_long_lesson_starts_in_the_current_period_only_when_enough_is_left(left, expected_first):
    first = LessonTime("00_a", 0, 0, PERIOD - left, 0)
    periods = plan([first, LessonTime("01_b", 0, 0, 60, 0)])
    assert periods[0] == expected_first
