"""The repository itself: notebooks stored clean, pins in step, the two commands."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIRS = ("notebooks", "exercises", "solutions")
NOTEBOOKS = sorted(p for d in NOTEBOOK_DIRS for p in (ROOT / d).glob("*.ipynb"))
ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "language_info"}
ALLOWED_CELL_METADATA = {"tags", "editable", "deletable"}
#: solutions/ are nbgrader source notebooks; exercises/ keep that cell metadata and carry
#: the mark of build-exercises.
EXTRA_METADATA = {"notebooks": (set(), set()), "solutions": (set(), {"nbgrader"}),
                  "exercises": ({"five_accounts"}, {"nbgrader"})}


def test_there_are_notebooks_to_check():
    """Is the first lesson where the README says it is?"""
    assert (ROOT / "notebooks" / "00_start.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_stored_clean(path):
    """Is the notebook stored without outputs, counts or personal metadata, with its kernel named?"""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3", "kernelspec missing"
    extra_nb, extra_cell = EXTRA_METADATA[path.parent.name]
    assert set(nb["metadata"]) <= ALLOWED_NOTEBOOK_METADATA | extra_nb, set(nb["metadata"])
    for i, cell in enumerate(nb["cells"]):
        assert set(cell.get("metadata", {})) <= ALLOWED_CELL_METADATA | extra_cell, (i, cell["metadata"])
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"cell {i} has outputs"
            assert cell["execution_count"] is None, f"cell {i} has an execution count"


def _pins_from_pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    pins = {}
    for req in reqs:
        name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][^;\s]*)", req).groups()
        pins[name.lower()] = version
    return pins


def _pins_from_environment() -> dict[str, str]:
    pins, section = {}, None
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if re.match(r"[a-z]", line):
            section = line.split(":")[0]
        if section != "dependencies":
            continue
        m = re.fullmatch(r"\s*-\s*([A-Za-z0-9_.-]+)(?:=([0-9][^\s#]*))?\s*(#.*)?", line)
        if m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_environment_yml_pins_the_same_versions_as_pyproject():
    """Would Binder install the same versions that the tests run with?"""
    py, env = _pins_from_pyproject(), _pins_from_environment()
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    must = [re.split("==", r)[0].lower() for r in runtime["dependencies"]
            + runtime["optional-dependencies"]["lab"]]
    missing = [name for name in must if name not in env]
    assert not missing, f"environment.yml lacks {missing}"
    build_tools = {"python", "pip", "setuptools"}
    for name, version in env.items():
        if name in build_tools:
            continue
        assert name in py, f"environment.yml pins {name}, which pyproject.toml does not"
        assert version == py[name], f"{name}: environment.yml {version} != pyproject.toml {py[name]}"
    assert env["python"].startswith("3.11")


def test_jupyterlab_and_notebook_are_pinned_together():
    """Are jupyterlab and notebook pinned as a pair (notebook 7.x needs a matching lab)?"""
    env = _pins_from_environment()
    assert ("jupyterlab" in env) == ("notebook" in env)
    lab, nb = env["jupyterlab"].split("."), env["notebook"].split(".")
    assert lab[:2] == ["4", nb[1]], "notebook 7.N needs jupyterlab 4.N"


def test_postbuild_installs_the_kit_without_touching_pins():
    """Does Binder's postBuild install the kit in place, without re-resolving packages?"""
    text = (ROOT / "postBuild").read_text()
    assert re.search(r"pip install --no-deps .*-e \.", text)
    assert (ROOT / "postBuild").stat().st_mode & 0o100, "postBuild must be executable"


def test_readme_shows_the_two_commands_and_ci_calls_the_test_one():
    """Does the README show exactly the two commands, and does CI run the test one?"""
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^\s*(\./run \w+)\s*$", readme, re.M)
    assert sorted(set(commands)) == ["./run lab", "./run test"], commands
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^\./run test\b", ci, re.M)
    assert "urlpath=lab/tree/notebooks/00_start.ipynb" in readme
