"""Every lesson on a 12-article case without annotations/ or quizzes/, its articles.csv saved as Excel saves it.

The texts are the kit's five, harbour-talks' five and two of the test fixtures,
put together by `new-case`; the metadata is copied from their own cases, and
articles.csv is then written with a byte-order mark and CRLF line endings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, keyless_case, metadata_of, run_notebook

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "data" / "cases" / "harbour-talks"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SAYS = {
    "01": "has no questions for lesson 01",
    "04": "no hand-made key for artifacts",
    "07": "This case's key has no claims table yet",
}


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    files = (sorted((ROOT / "data" / "articles").glob("*.txt")) + sorted((HARBOUR / "articles").glob("*.txt"))
             + sorted((FIXTURES / "articles").glob("*.txt"))[:2])
    meta = metadata_of(ROOT / "data" / "articles.csv", HARBOUR / "articles.csv", FIXTURES / "articles.csv")
    case = keyless_case(tmp_path_factory.mktemp("keyless") / "twelve", files, meta)
    shutil.rmtree(case / "annotations")
    shutil.rmtree(case / "quizzes")
    index = case / "articles.csv"
    index.write_bytes(b"\xef\xbb\xbf" + index.read_bytes().replace(b"\n", b"\r\n"))
    return case


def test_the_case_has_twelve_articles_and_no_key_or_banks(case):
    import kit

    arts = kit.load_articles(case)
    assert len(arts) == 12 and arts["outlet"].ne("").all()
    assert not (case / "annotations").exists() and not (case / "quizzes").exists()
    assert (case / "articles.csv").read_bytes().startswith(b"\xef\xbb\xbfid,file,")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_runs_on_a_twelve_article_case(notebook, case):
    """Does the lesson run top to bottom on 12 articles with no key and no banks, saying so where it matters?"""
    printed = run_notebook(notebook, case, "a 12-article case")
    lesson = notebook.name[:2]
    assert f"has no questions for lesson {lesson}" in printed, printed[-2000:]
    if lesson in SAYS:
        assert SAYS[lesson] in printed, printed[-2000:]
