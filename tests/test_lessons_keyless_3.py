"""Every lesson on a new 3-article case: made by `new-case` from the test fixtures, metadata filled, no key.

The key's tables hold only their headers and the quizzes are the starter bank
`new-case` wrote, so each lesson must say where it stands in for the key and go on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, keyless_case, metadata_of, run_notebook

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: What each lesson says on this case, because the key lacks what it uses.
SAYS = {
    "01": "no hand-made key for artifacts",
    "02": "no hand-made key for quotes",
    "03": "no hand-made key for wording",
    "04": "starter questions made from the detectors",
    "05": "No text in this case has rows label 'separator'",
    "06": "This case's key has no readouts",
    "07": "This case's key has no claims table yet",
}


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    files = sorted((FIXTURES / "articles").glob("*.txt"))
    return keyless_case(tmp_path_factory.mktemp("keyless") / "three", files,
                        metadata_of(FIXTURES / "articles.csv"))


def test_the_case_is_keyless_with_three_articles_and_a_starter_bank(case):
    import kit

    assert len(kit.load_articles(case)) == 3
    assert not any(kit.has_key(kind, case) for kind in ("quotes", "names", "artifacts", "wording",
                                                         "claims", "passages", "timeline"))
    assert [p.name for p in (case / "quizzes").iterdir()] == ["starter.toml"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_runs_on_a_keyless_three_article_case(notebook, case):
    """Does the lesson run top to bottom and say, in a sentence, what it does without a key?"""
    printed = run_notebook(notebook, case, "a keyless 3-article case")
    lesson = notebook.name[:2]
    if lesson in SAYS:
        assert SAYS[lesson] in printed, printed
