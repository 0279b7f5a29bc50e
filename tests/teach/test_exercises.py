"""Exercise notebooks made from solution notebooks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kit
from kit.teach.exercises import build_exercises, clear_solutions_in_source, exercise_notebook

ROOT = Path(__file__).resolve().parents[2]


def _nb(*cells):
    return {"cells": [{"cell_type": kind, "metadata": {}, "source": src,
                       **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                      for kind, src in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_code_block_becomes_a_placeholder_for_each_assigned_name():
    """Does a solution block become `name = ...` for every name it assigned?"""
    src = "### BEGIN SOLUTION\ncounts = df.count()\nanswer, other = 1, 2\n### END SOLUTION\nkit.check('x', answer)"
    assert clear_solutions_in_source(src, where="t") == (
        "counts = ...  # YOUR CODE HERE\nanswer = ...  # YOUR CODE HERE\n"
        "other = ...  # YOUR CODE HERE\nkit.check('x', answer)")


def test_indented_block_keeps_its_indentation():
    """Is a block inside a function replaced at the same indentation?"""
    src = "def f():\n    ### BEGIN SOLUTION\n    return 3\n    ### END SOLUTION"
    assert clear_solutions_in_source(src, where="t") == "def f():\n    # YOUR CODE HERE"


def test_markdown_block_becomes_your_answer_here():
    """Is a written answer replaced by YOUR ANSWER HERE?"""
    nb = exercise_notebook(_nb(("markdown", "Why?\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION")), where="t")
    assert "".join(nb["cells"][0]["source"]) == "Why?\nYOUR ANSWER HERE"


@pytest.mark.parametrize("src, message", [
    ("### BEGIN SOLUTION\nx = 1", "has no '### END SOLUTION'"),
    ("x = 1\n### END SOLUTION", "without a '### BEGIN SOLUTION'"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx\n### END SOLUTION\n### END SOLUTION", "inside another"),
])
def test_bad_markers_fail_loudly_naming_the_cell(src, message):
    """Does a missing, stray or nested marker stop the build, naming the notebook cell?"""
    with pytest.raises(kit.KitError, match=message) as info:
        exercise_notebook(_nb(("code", "a = 1"), ("code", src)), where="sol.ipynb")
    assert "sol.ipynb cell 2" in str(info.value)


def test_a_solution_notebook_without_any_block_is_refused():
    """Is a solution notebook with nothing to clear reported (it is probably a mistake)?"""
    with pytest.raises(kit.KitError, match="no solution block"):
        exercise_notebook(_nb(("code", "x = 1")), where="sol.ipynb")


def test_build_writes_then_reports_up_to_date_and_removes_stale(tmp_path):
    """Does a build write exercises, find nothing to do the second time, and drop stale ones?"""
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    (sol / "01.ipynb").write_text(json.dumps(_nb(("code", "### BEGIN SOLUTION\nanswer = 2\n### END SOLUTION"))))
    ex.mkdir()
    (ex / "old.ipynb").write_text("{}")
    assert [p.name for p in build_exercises(sol, ex)] == ["01.ipynb", "old.ipynb"]
    assert not (ex / "old.ipynb").exists()
    assert "answer = ...  # YOUR CODE HERE" in (ex / "01.ipynb").read_text()
    assert build_exercises(sol, ex) == []
    (ex / "01.ipynb").write_text("{}")
    assert [p.name for p in build_exercises(sol, ex, check_only=True)] == ["01.ipynb"]
    assert (ex / "01.ipynb").read_text() == "{}", "check_only must not write"


def test_exercises_folder_is_up_to_date_with_solutions():
    """Is exercises/ exactly what `python -m kit build-exercises` makes from solutions/?"""
    if not list((ROOT / "solutions").glob("*.ipynb")):
        pytest.fail("solutions/ has no notebooks")
    out = subprocess.run([sys.executable, "-m", "kit", "build-exercises", "--check"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_exercises_contain_no_solution_code():
    """Does any exercise notebook still hold a marker or solution text?"""
    for path in (ROOT / "exercises").glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, path.name
