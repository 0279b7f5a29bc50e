"""solutions/ graded by real nbgrader: source notebooks, generate_assignment, autograde.

The round trip runs nbgrader 0.9.6 (the ``test`` extra) in a course folder in
tmp_path, with HOME and KIT_PROGRESS in tmp too: ``python -m kit
nbgrader-course`` fills ``source/``, ``nbgrader generate_assignment`` makes the
student notebooks (compared with ``build-exercises``), and ``nbgrader
autograde`` grades two submissions of every exercise in one call: the solution
notebook (full autograded marks) and the untouched student notebook (fewer).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import kit
from kit.store import record
from kit.teach.exercises import NBGRADER_CONFIG, exercise_notebook, read_notebook

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = [p.stem for p in SOLUTIONS]


def _nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_is_an_nbgrader_source_notebook(path):
    """Is every solution block in a solution cell, every check in a locked test cell with the
    bank's points, and every written answer a manually graded cell?"""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    bank = tomllib.loads((ROOT / "data" / "quizzes" / f"{path.stem[:4]}.toml").read_text(encoding="utf-8"))
    points = {q["id"]: q.get("points", 1) for q in bank["questions"]}
    kinds = {q["id"]: q["kind"] for q in bank["questions"]}
    ids, checked, shown, written = [], [], [], 0
    for i, cell in enumerate(cells, 1):
        meta, src = _nbgrader_meta(cell), _source(cell)
        if meta:
            assert meta["schema_version"] == 3 and re.fullmatch(r"[A-Za-z0-9_-]+", meta["grade_id"]), i
            ids.append(meta["grade_id"])
        if "BEGIN SOLUTION" in src:
            assert meta.get("solution") is True, f"cell {i}: a solution block outside a solution cell"
        check = re.search(r'kit\.check\("([^"]+)"', src)
        if check and kinds[check.group(1)] == "written":
            # a written answer is saved by kit.check for the teacher; nothing marks it automatically
            assert "BEGIN SOLUTION" in src and meta.get("solution") is True and not meta.get("grade"), i
            checked.append(check.group(1))
        elif check:
            assert "BEGIN SOLUTION" not in src, f"cell {i}: the check shares a cell with the solution"
            assert meta.get("grade") is True and meta.get("solution") is False and meta.get("locked"), i
            assert meta["points"] == points[check.group(1)], f"cell {i}: points differ from the bank"
            checked.append(check.group(1))
        shown += re.findall(r'checks\["([^"]+)"\]', src)
        if cell["cell_type"] == "markdown" and meta.get("grade"):
            assert meta.get("solution") is True and meta["points"] > 0 and "BEGIN SOLUTION" in src, i
            written += 1
    assert len(ids) == len(set(ids)), "grade_ids repeat"
    assert len(checked) == len(set(checked)), "a question is checked twice"
    # every question of the bank is answered: in code (kit.check) or with its widget (checks["id"]);
    # only a written question has both, its widget showing the rubric and kit.check saving the answer
    assert set(checked) | set(shown) == set(points), "every question of the bank is answered"
    assert {q for q in set(checked) & set(shown) if kinds[q] != "written"} == set(), "answered twice"
    assert written == 1, "each exercise ends with one written task"


def test_while_nbgrader_grades_nothing_is_recorded(monkeypatch):
    """Is an answer checked during autograde kept out of the progress store?"""
    store = Path(os.environ["KIT_PROGRESS"])
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert record(question="q", bank="b", kind="text", answer="x", correct=True, score=1, possible=1) is None
    right = int(kit.load_articles()["state_affiliated"].eq("yes").sum())
    assert kit.check("ex01.1", right) is None
    with pytest.raises(kit.CheckFailed):
        kit.check("ex01.1", right + 1)
    assert not store.exists()
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert isinstance(record(question="q", bank="b", kind="text", answer="x", correct=True, score=1,
                             possible=1), int)
    assert store.exists()


def test_while_nbgrader_grades_a_wrong_or_missing_answer_fails_the_test_cell(monkeypatch, capsys):
    """Does kit.check raise on a wrong or missing answer under nbgrader, and only print a right one?"""
    right = kit.load_articles()["state_affiliated"].eq("yes").sum()
    assert kit.check("ex01.1", -1).feedback.correct is False      # students: feedback, no error
    assert "not answered yet" in repr(kit.check("ex01.1", ...))
    with pytest.raises(kit.CheckFailed, match="ex01.1: Not quite"):
        kit.check("ex01.1", -1, strict=True)
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    for wrong in (-1, ...):
        with pytest.raises(AssertionError, match="ex01.1"):
            kit.check("ex01.1", wrong)
    capsys.readouterr()
    assert kit.check("ex01.1", int(right)) is None
    assert capsys.readouterr().out.startswith("ex01.1: Right")


def test_instructors_guide_gives_the_config_and_commands_the_tests_use():
    """Does INSTRUCTORS.md show the stub lines nbgrader-course writes, and the nbgrader commands?"""
    guide = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    for line in NBGRADER_CONFIG.splitlines()[1:]:
        assert line.replace("'", '"') in guide, line
    for command in ("python -m kit nbgrader-course", "nbgrader generate_assignment 'ex*'",
                    "nbgrader autograde 'ex*'"):
        assert command in guide, command
    assert "formative" in guide and "ship their answers" in guide


def _nbgrader_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "NBGRADER"))}
    # nbgrader runs `alembic` from PATH when it makes the gradebook
    env.update(HOME=str(home), KIT_PROGRESS=str(tmp_path / "store" / "progress.sqlite3"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               JUPYTER_CONFIG_DIR=str(home / ".jupyter"), JUPYTER_DATA_DIR=str(home / ".jupyter-data"),
               IPYTHONDIR=str(home / ".ipython"), KIT_STUDENT="the-grader")
    return env


def _nbgrader(args, course: Path, env) -> None:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=900)
    out = done.stdout + done.stderr
    # nbgrader's own errors; a kernel's noise while it shuts down is not one
    errors = re.findall(r"^\[\w+ \| ERROR\].*$", out, re.M)
    assert done.returncode == 0 and not errors, f"nbgrader {' '.join(args)} failed:\n{out[-4000:]}"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """An nbgrader course after generate_assignment and autograde of every exercise."""
    try:
        import nbgrader  # noqa: F401
    except ImportError:
        why = "nbgrader is not installed (it is in the 'test' extra)"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    tmp = tmp_path_factory.mktemp("nbgrader")
    env = _nbgrader_env(tmp)
    course = tmp / "course"
    made = subprocess.run([sys.executable, "-m", "kit", "nbgrader-course", str(course)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    _nbgrader(["generate_assignment", "ex*"], course, env)
    for name in EXERCISES:
        for student, origin in (("solution", "source"), ("blank", "release")):
            (course / "submitted" / student / name).mkdir(parents=True)
            shutil.copy2(course / origin / name / f"{name}.ipynb", course / "submitted" / student / name)
    _nbgrader(["autograde", "ex*"], course, env)
    return course, env, tmp


def test_generate_assignment_makes_every_student_notebook(course):
    """Did nbgrader, with no override, make a student notebook of every exercise?"""
    course, _env, _tmp = course
    made = sorted(p.parent.name for p in (course / "release").glob("*/*.ipynb"))
    assert made == EXERCISES


@pytest.mark.parametrize("name", EXERCISES)
def test_build_exercises_makes_what_nbgrader_makes(course, name):
    """Are nbgrader's student notebook and the kit's (and exercises/) the same cells?"""
    course, _env, _tmp = course
    theirs = read_notebook(course / "release" / name / f"{name}.ipynb")["cells"]
    ours = exercise_notebook(read_notebook(ROOT / "solutions" / f"{name}.ipynb"), where=name)["cells"]
    stored = read_notebook(ROOT / "exercises" / f"{name}.ipynb")["cells"]
    as_pairs = lambda cells: [(c["cell_type"], _source(c)) for c in cells]  # noqa: E731
    assert as_pairs(ours) == as_pairs(theirs) == as_pairs(stored)
    assert all(c.get("outputs", []) == [] for c in theirs + ours)


def _scores(course: Path) -> dict[tuple[str, str], tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {(name, student): (sub.code_score, sub.max_code_score)
                for name in EXERCISES for student in ("solution", "blank")
                for sub in [gb.find_submission(name, student)]}


def test_autograde_gives_the_solution_full_marks_and_the_blank_notebook_fewer(course):
    """Does every test cell pass on the solution and fail on the untouched exercise?"""
    course, _env, _tmp = course
    scores = _scores(course)
    for name in EXERCISES:
        got, possible = scores[name, "solution"]
        assert possible > 0 and got == possible, (name, scores[name, "solution"])
        blank, _ = scores[name, "blank"]
        assert blank < got, (name, scores[name, "blank"])
    print("\n".join(f"{n}: solution {scores[n, 'solution'][0]:g}/{scores[n, 'solution'][1]:g}, "
                    f"blank {scores[n, 'blank'][0]:g}/{scores[n, 'blank'][1]:g}" for n in EXERCISES))


def test_grading_writes_no_progress_store(course):
    """Did autograde leave the grader's progress store (and home) without any answer?"""
    _course, env, tmp = course
    assert not Path(env["KIT_PROGRESS"]).exists()
    assert not (tmp / "home" / ".five-accounts").exists()
