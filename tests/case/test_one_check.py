"""articles.csv has one check: load_articles raises its first problem, check-case lists them all."""

from __future__ import annotations

import pytest

import kit
from kit.case.articles import read_articles_csv
from kit.teach.check_case import check_case

from .test_articles import BAD_CASES, _rewrite_csv


@pytest.mark.parametrize("name", list(BAD_CASES))
def test_check_case_lists_first_what_load_raises(name, make_case):
    """For each kind of broken articles.csv or text, is check-case's first line the loader's error?"""
    case = make_case()
    BAD_CASES[name][0](case)
    with pytest.raises(kit.KitError) as info:
        kit.load_articles(case)
    listed = check_case(case)
    if name == "unlisted file":             # the loader sums them up in one line, check-case lists each
        assert listed == [f"{case / 'articles' / 'extra.txt'}: this file in articles/ is not listed in "
                          "articles.csv. To fix: add a row for it to articles.csv, or move it out of "
                          "articles/."]
        assert str(info.value).startswith(f"{case / 'articles' / 'extra.txt'}: 1 file(s)")
    else:
        assert listed[0] == str(info.value)


def test_collect_all_lists_every_problem_and_raises_the_first(make_case):
    """With a list, does the one check note every problem, where without it raises the first of them?"""
    case = make_case()
    _rewrite_csv(case, "putin-demands,", "Putin Demands,")                  # line 3
    _rewrite_csv(case, ",probably,yes,", ",maybe,yes,")                     # line 4
    _rewrite_csv(case, "2021-12-23", "23/12/2021")                          # line 5
    (case / "articles" / "extra.txt").write_text("Not listed.\n", encoding="utf-8")
    problems: list = []
    rows = read_articles_csv(case, problems)
    assert [(p.line, p.field) for p in problems] == [
        (3, "id"), (4, "translated"), (5, "published"), (None, None)]
    assert len(rows) == 5 - 3 and all("text" in row for row in rows)
    with pytest.raises(kit.KitError) as info:
        read_articles_csv(case)
    assert str(info.value) == str(problems[0])
    assert [str(p) for p in problems] == check_case(case)


def test_a_sound_case_gives_the_same_rows_either_way(make_case):
    """Does the collect-all mode give a sound case's rows exactly as the raising mode does?"""
    case = make_case()
    problems: list = []
    assert read_articles_csv(case, problems) == read_articles_csv(case) and problems == []
