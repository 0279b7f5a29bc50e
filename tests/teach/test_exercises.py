"""Exercise notebooks made from solution notebooks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kit
from kit.teach.exercises import (MARK, NBGRADER_CONFIG, build_exercises, clear_solutions_in_source,
                                 exercise_notebook, nbgrader_course)

ROOT = Path(__file__).resolve().parents[2]


def _nb(*cells):
    return {"cells": [{"cell_type": kind, "metadata": {}, "source": src,
                       **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                      for kind, src in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_code_block_becomes_nbgraders_stub():
    """Does a solution block become the one stub nbgrader is configured with?"""
    src = "### BEGIN SOLUTION\ncounts = df.count()\nanswer, other = 1, 2\n### END SOLUTION\nkit.check('x', answer)"
    assert clear_solutions_in_source(src, where="t") == "answer = ...  # YOUR CODE HERE\nkit.check('x', answer)"
    assert "code_stub = {\"python\": 'answer = ...  # YOUR CODE HERE'}" in NBGRADER_CONFIG


def test_indented_block_keeps_its_indentation():
    """Is a block inside a function replaced at the same indentation?"""
    src = "def f():\n    ### BEGIN SOLUTION\n    return 3\n    ### END SOLUTION"
    assert clear_solutions_in_source(src, where="t") == "def f():\n    answer = ...  # YOUR CODE HERE"


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


def _solutions(tmp_path, *cells):
    sol = tmp_path / "solutions"
    sol.mkdir()
    (sol / "01.ipynb").write_text(json.dumps(_nb(*cells or [("code", "### BEGIN SOLUTION\nanswer = 2\n### END SOLUTION")])))
    return sol


def test_build_writes_then_reports_up_to_date_and_removes_its_own_stale_notebooks(tmp_path):
    """Does a build write exercises, find nothing to do the second time, and drop stale ones it made?"""
    sol, ex = _solutions(tmp_path), tmp_path / "exercises"
    assert [p.name for p in build_exercises(sol, ex)] == ["01.ipynb"]
    shutil.copy(ex / "01.ipynb", ex / "old.ipynb")          # made by the kit, no longer wanted
    assert [p.name for p in build_exercises(sol, ex)] == ["old.ipynb"]
    assert not (ex / "old.ipynb").exists()
    assert "answer = ...  # YOUR CODE HERE" in (ex / "01.ipynb").read_text()
    assert json.loads((ex / "01.ipynb").read_text())["metadata"][MARK] == {"exercise_of": "01.ipynb"}
    assert build_exercises(sol, ex) == []
    nb = json.loads((ex / "01.ipynb").read_text())
    nb["cells"][0]["source"] = "edited"
    (ex / "01.ipynb").write_text(json.dumps(nb))
    assert [p.name for p in build_exercises(sol, ex, check_only=True)] == ["01.ipynb"]
    assert json.loads((ex / "01.ipynb").read_text())["cells"][0]["source"] == "edited", "check_only must not write"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("target", ["notebooks", "solutions"])
def test_build_never_writes_over_lessons_or_solutions(tmp_path, target):
    """Is `--exercises notebooks` or `--exercises solutions` refused, with every file left as it was?"""
    for folder in ("notebooks", "solutions"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    before = _snapshot(tmp_path / target)
    out = subprocess.run([sys.executable, "-m", "kit", "build-exercises", "--exercises", target],
                         cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and target in out.stderr
    assert _snapshot(tmp_path / target) == before


def test_a_notebook_the_build_did_not_make_is_never_replaced_or_removed(tmp_path):
    """Does a student's notebook (same name, or a stray one) in the target stop the build untouched?"""
    sol, ex = _solutions(tmp_path), tmp_path / "exercises"
    ex.mkdir()
    for name in ("01.ipynb", "mine.ipynb"):
        (ex / name).write_text(json.dumps(_nb(("code", "my work"))))
        before = _snapshot(ex)
        with pytest.raises(kit.KitError, match=f"did not make.*{name}.*nothing was written") as info:
            build_exercises(sol, ex)
        assert info.value.file == str(ex)
        assert _snapshot(ex) == before
        (ex / name).unlink()


def test_every_output_is_cleared(tmp_path):
    """Are outputs of cells without solution blocks cleared too (they may show the answers)?"""
    nb = _nb(("code", "print(secret)"), ("code", "### BEGIN SOLUTION\nanswer = 2\n### END SOLUTION"))
    nb["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "the answer is 2\n"}]
    nb["cells"][0]["execution_count"] = 7
    ex = exercise_notebook(nb, where="sol.ipynb")
    assert [(c["outputs"], c["execution_count"]) for c in ex["cells"]] == [([], None), ([], None)]
    assert "the answer is 2" not in json.dumps(ex)


@pytest.mark.parametrize("block, line", [("answer = (1 +\n", 2), ("x = 1\nanswer = = 2", 3)])
def test_a_solution_with_a_syntax_error_names_notebook_cell_and_line(block, line):
    """Does a solution block that is not Python stop the build, naming where it is?"""
    src = "### BEGIN SOLUTION\n" + block + "\n### END SOLUTION\nkit.check('x', answer)"
    with pytest.raises(kit.KitError, match="not valid Python") as info:
        exercise_notebook(_nb(("markdown", "intro"), ("code", src)), where="sol.ipynb")
    assert info.value.file == "sol.ipynb cell 2" and info.value.line == line


def test_a_marker_sharing_its_line_is_refused():
    """Is a marker inside other text refused (nbgrader would cut there, the kit would not)?"""
    with pytest.raises(kit.KitError, match="shares its line") as info:
        exercise_notebook(_nb(("code", "x = 1  ### BEGIN SOLUTION\nanswer = 2\n### END SOLUTION")), where="s")
    assert info.value.file == "s cell 1" and info.value.line == 1


@pytest.mark.parametrize("content, message", [
    (b'{"metadata": {}, "nbformat": 4}', "no 'cells'"),
    (b'{"cells": {"a": 1}}', "'cells' is not a list"),
    (b'{"cells": [{"cell_type": "code", "metadata": {}}]}', "has no text"),
    (b'{"cells": [{"cell_type": "code", "source": 5}]}', "has no text"),
    (b'{"cells": ["text"]}', "not a {...} object"),
    (b'{"cells": [{"cell_type": "picture", "source": ""}]}', "not code, markdown or raw"),
    ('{"cells": [{"cell_type": "markdown", "source": "Caf\u00e9"}]}'.encode("latin-1"), "not UTF-8"),
    (b'{"cells": [', "not a notebook"),
    (b"[" * 100_000, "not a notebook"),
])
def test_malformed_solution_notebooks_give_a_kit_error_naming_the_file(tmp_path, content, message):
    """Does a broken solution notebook give a KitError naming it, and leave exercises/ alone?"""
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    (sol / "bad.ipynb").write_bytes(content)
    with pytest.raises(kit.KitError, match=re.escape(message)) as info:
        build_exercises(sol, ex)
    assert str(sol / "bad.ipynb") in str(info.value)
    assert not ex.exists()


def test_nbgrader_course_copies_solutions_and_never_overwrites(tmp_path):
    """Does nbgrader-course fill source/ and the config, and refuse to replace a changed file?"""
    sol, course = _solutions(tmp_path), tmp_path / "course"
    written = nbgrader_course(course, sol)
    assert sorted(p.relative_to(course).as_posix() for p in written) == [
        "nbgrader_config.py", "source/01/01.ipynb"]
    assert (course / "source/01/01.ipynb").read_bytes() == (sol / "01.ipynb").read_bytes()
    assert nbgrader_course(course, sol) == []
    (course / "source/01/01.ipynb").write_text("my changes")
    with pytest.raises(kit.KitError, match="differ: source/01/01.ipynb"):
        nbgrader_course(course, sol)
    assert (course / "source/01/01.ipynb").read_text() == "my changes"
    (course / "nbgrader_config.py").write_text("c = get_config()\n")
    with pytest.raises(kit.KitError, match="does not set the kit's stubs"):
        nbgrader_course(tmp_path / "course", sol)


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
