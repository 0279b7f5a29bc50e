"""The second case, data/cases/harbour-talks: its key, its banks, and every lesson run on it.

The lessons never name an article, so they must run on any case. This module
runs every notebook in notebooks/ (whatever exists when the tests run) on the
invented harbour-talks case, with nbclient, and checks the case itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import kit
from kit.teach.check_case import check_case
from kit.case.key import KINDS, check_key
from kit.quiz.grade import grade, key_words

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "data" / "cases" / "harbour-talks"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BANKS = sorted((CASE / "quizzes").glob("*.toml"))


def test_the_case_and_the_first_lesson_are_there():
    """Are the second case and the first lesson where this module expects them?"""
    assert (CASE / "articles.csv").is_file()
    assert ROOT / "notebooks" / "00_start.ipynb" in NOTEBOOKS


def test_key_has_no_problems():
    """Does every table of the case's key pass every check (offsets, allowed values, claims)?"""
    problems = check_key(CASE)
    assert problems.empty, problems.to_string()


def test_key_is_full():
    """Does the key have rows in every table, 8 or more claims for every article, and the readouts set?"""
    arts = kit.load_articles(CASE)
    for kind in KINDS:
        assert len(kit.annotations(kind, CASE)) > 0, kind
    claims = kit.annotations("claims", CASE)
    assert claims["claim_id"].nunique() >= 8
    assert (claims.groupby("article").size() == claims["claim_id"].nunique()).all()
    assert set(claims["article"]) == set(arts.index)
    readouts = kit.passages("readouts", CASE)
    assert len(readouts) >= 2


def test_check_case_finds_nothing():
    """Does `check-case` find the whole case (articles, key, banks) sound?"""
    assert check_case(CASE) == []


def test_the_case_says_it_is_invented():
    """Does the case say plainly, in its README and its outlets, that everything in it is invented?"""
    readme = (CASE / "README.md").read_text(encoding="utf-8")
    assert "Everything in this folder is made up" in readme
    outlets = kit.load_articles(CASE)["outlet"]
    assert outlets.str.contains("invented").all(), outlets.tolist()


def test_texts_are_short():
    """Is every text of the case between 150 and 400 words, short enough for a lesson?"""
    for article, text in kit.load_articles(CASE)["text"].items():
        assert 150 <= len(text.split()) <= 400, article


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: p.stem)
def test_bank_loads(bank):
    """Does the bank load, with at least 4 questions, under a lesson's number?"""
    quiz = kit.load_quiz(bank, case=CASE)
    assert len(quiz.questions) >= 4
    assert re.match(r"\d\d_", bank.name), bank.name


def test_every_lesson_has_a_bank():
    """Does every lesson notebook find its bank in the case (and no lesson two)?"""
    for notebook in NOTEBOOKS:
        lesson = notebook.name[:2]
        banks = list((CASE / "quizzes").glob(f"{lesson}_*.toml"))
        assert len(banks) == 1, (notebook.name, banks)


def _right_answer(spec):
    if spec.kind == "choice":
        return next(o.text for o in spec.options if o.correct)
    if spec.kind == "multi":
        return [o.text for o in spec.options if o.correct]
    if spec.kind == "span":
        return sorted(key_words(spec))
    if spec.kind == "match":
        return {p.left: p.right for p in spec.pairs}
    if spec.kind == "order":
        return list(spec.items)
    if spec.kind == "text":
        return spec.answers[0]
    return spec.numbers[0].value


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: p.stem)
def test_right_answers_score_right(bank):
    """Does the key's own answer to every question score as right, and a wrong option as wrong?"""
    for question in kit.load_quiz(bank, case=CASE).questions:
        spec = question.spec
        if spec.kind == "written":          # read by the teacher: there is no right answer to score
            continue
        assert grade(spec, _right_answer(spec)).correct, spec.id
        if spec.kind == "choice":
            wrong = next(o.text for o in spec.options if not o.correct)
            assert not grade(spec, wrong).correct, spec.id


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_runs_on_the_second_case(notebook, monkeypatch):
    """Does the lesson run from top to bottom, without an error, on the harbour-talks case?"""
    monkeypatch.setenv("KIT_CASE", str(CASE))       # the kernel inherits it
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(notebook.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        pytest.fail(f"{notebook.name} fails on {CASE.name}:\n{err}", pytrace=False)
