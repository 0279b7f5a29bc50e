"""Exercises: student notebooks made from solution notebooks, and their checks.

``solutions/`` is the source, and each solution notebook is also an nbgrader
source notebook.  A task is two cells: a *solution cell* (nbgrader cell
metadata ``solution: true``) whose answer sits between nbgrader's markers, and
a locked *test cell* (``grade: true`` with ``points``) that checks it::

    ### BEGIN SOLUTION
    answer = quotes["speaker"].nunique()
    ### END SOLUTION

    kit.check("ex02.1", answer)

A written task is a Markdown cell that is both (``solution: true, grade:
true``): nbgrader leaves it to the teacher.

:func:`exercise_notebook` does what nbgrader's ``generate_assignment`` does
to the cells, with the same stubs (see :data:`NBGRADER_CONFIG`): each block
becomes ``answer = ...  # YOUR CODE HERE`` (``kit.check`` reads ``...`` as
"not answered yet", so the exercise still runs to the end) or, in Markdown,
``YOUR ANSWER HERE``; every output is cleared; solution and test cells are
locked as nbgrader locks them.  A missing, stray or nested marker, a block that
is not valid Python, or a malformed notebook is a :class:`KitError` naming the
notebook and the cell.

>>> print(clear_solutions_in_source(
...     "x = 1\\n### BEGIN SOLUTION\\nanswer = x + 1\\n### END SOLUTION\\nprint(answer)", where="demo"))
x = 1
answer = ...  # YOUR CODE HERE
print(answer)
>>> clear_solutions_in_source("### BEGIN SOLUTION\\nx = 1", where="demo cell 3")
Traceback (most recent call last):
...
kit.errors.KitError: demo cell 3, line 1: '### BEGIN SOLUTION' has no '### END SOLUTION' after it. To fix: close the solution block with a line '### END SOLUTION'.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from pathlib import Path

from kit._io import read_utf8, write_atomic
from kit.errors import KitError

__all__ = ["BEGIN", "END", "CODE_STUB", "TEXT_STUB", "NBGRADER_CONFIG", "MARK",
           "clear_solutions_in_source", "build_exercises", "exercise_notebook", "read_notebook",
           "nbgrader_course"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
CODE_STUB = "answer = ...  # YOUR CODE HERE"
TEXT_STUB = "YOUR ANSWER HERE"
#: The lines an nbgrader course's ``nbgrader_config.py`` needs so that
#: ``nbgrader generate_assignment`` makes the same student notebooks as
#: ``python -m kit build-exercises``.
NBGRADER_CONFIG = (
    "c = get_config()  # noqa: F821 (nbgrader provides get_config)\n"
    f"c.ClearSolutions.code_stub = {{\"python\": {CODE_STUB!r}}}\n"
    f"c.ClearSolutions.text_stub = {TEXT_STUB!r}\n"
)
#: Notebook metadata key that marks an exercise notebook as made by the kit.
MARK = "five_accounts"

_MARK_LINE = re.compile(r"^(\s*)(### (?:BEGIN|END) SOLUTION)\s*$")


def _check_block(block: list[str], indent: str, *, where: str, first_line: int) -> None:
    """A code solution block must be valid Python on its own."""
    code = textwrap.dedent("\n".join(line[len(indent):] if line.startswith(indent) else line
                                     for line in block))
    try:
        ast.parse(code)
    except SyntaxError as err:
        line = first_line + (err.lineno or 1) - 1
        raise KitError(f"the solution is not valid Python ({err.msg})", file=where, line=line,
                       fix="correct the solution, then run its cell in the solution notebook") from None


def clear_solutions_in_source(source: str, *, where: str, markdown: bool = False) -> str:
    """Replace every solution block in one cell's source by its placeholder."""
    out: list[str] = []
    block: list[str] | None = None
    indent, opened_at = "", 0
    for number, line in enumerate(source.split("\n"), start=1):
        m = _MARK_LINE.match(line)
        if not m and ("BEGIN SOLUTION" in line or "END SOLUTION" in line):
            raise KitError("a solution marker shares its line with other text", file=where, line=number,
                           fix=f"put '{BEGIN}' and '{END}' on lines of their own")
        if m and m.group(2) == BEGIN:
            if block is not None:
                raise KitError(f"'{BEGIN}' inside another solution block (opened on line {opened_at})",
                               file=where, line=number, fix=f"close the first block with '{END}' before opening another")
            block, indent, opened_at = [], m.group(1), number
            out.append(indent + (TEXT_STUB if markdown else CODE_STUB))
        elif m:
            if block is None:
                raise KitError(f"'{END}' without a '{BEGIN}' before it", file=where, line=number,
                               fix=f"add '{BEGIN}' where the solution starts, or remove this line")
            if not markdown:
                _check_block(block, indent, where=where, first_line=opened_at + 1)
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise KitError(f"'{BEGIN}' has no '{END}' after it", file=where, line=opened_at,
                       fix=f"close the solution block with a line '{END}'")
    return "\n".join(out)


def _source(cell, where: str) -> str:
    if not isinstance(cell, dict):
        raise KitError("a cell is not a {...} object", file=where, fix="restore the notebook from git")
    if cell.get("cell_type") not in ("code", "markdown", "raw"):
        raise KitError(f"the cell type {cell.get('cell_type')!r} is not code, markdown or raw",
                       file=where, field="cell_type", fix="open and save the notebook in Jupyter")
    source = cell.get("source")
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    if isinstance(source, str):
        return source
    raise KitError("the cell has no text ('source' is missing or not text)", file=where, field="source",
                   fix="open and save the notebook in Jupyter, or restore it from git")


def _nbgrader(cell) -> dict:
    meta = cell.get("metadata")
    info = meta.get("nbgrader") if isinstance(meta, dict) else None
    return info if isinstance(info, dict) else {}


def exercise_notebook(solution: dict, *, where: str) -> dict:
    """The exercise version of a solution notebook (a notebook as a dict)."""
    if not isinstance(solution, dict) or "cells" not in solution:
        raise KitError("this is not a notebook: it has no 'cells'", file=where,
                       fix="open and save it in Jupyter, or restore it from git")
    if not isinstance(solution["cells"], list):
        raise KitError("'cells' is not a list", file=where, field="cells",
                       fix="open and save it in Jupyter, or restore it from git")
    nb = json.loads(json.dumps(solution))  # a deep copy
    found = 0
    for i, cell in enumerate(nb["cells"]):
        here = f"{where} cell {i + 1}"
        source = _source(cell, here)
        info = _nbgrader(cell)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        if "BEGIN SOLUTION" in source or "END SOLUTION" in source:
            found += 1
            source = clear_solutions_in_source(source, where=here, markdown=cell["cell_type"] != "code")
        elif info.get("solution"):          # a whole solution cell, as nbgrader clears it
            found += 1
            source = CODE_STUB if cell["cell_type"] == "code" else TEXT_STUB
        cell["source"] = source.splitlines(keepends=True)
        if isinstance(cell.get("metadata"), dict):
            cell["metadata"].pop("collapsed", None)
            cell["metadata"].pop("scrolled", None)
            if info.get("solution"):        # locked as nbgrader's LockCells locks them
                cell["metadata"]["deletable"] = False
            elif info.get("grade") or info.get("locked"):
                cell["metadata"].update(deletable=False, editable=False)
    if not found:
        raise KitError("this solution notebook has no solution block", file=where,
                       fix=f"mark each solution with '{BEGIN}' and '{END}' lines")
    nb.setdefault("metadata", {})[MARK] = {"exercise_of": Path(where).name}
    return nb


def read_notebook(path: Path) -> dict:
    """A notebook file as a dict; a KitError naming the file when it is not one."""
    text = read_utf8(path, what="notebook",
                     fix="save the notebook as UTF-8 (Jupyter always does), or restore it from git",
                     missing_fix="check the notebook's path, or restore it from git")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise KitError(f"not a notebook ({err.msg})", file=str(path), line=err.lineno,
                       fix="open and save it in Jupyter, or restore it from git") from None
    except RecursionError:
        raise KitError("not a notebook (nested too deep)", file=str(path),
                       fix="restore it from git") from None


def _dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _made_by_kit(path: Path) -> bool:
    """Does this notebook carry the mark :func:`exercise_notebook` puts in?"""
    try:
        nb = json.loads(read_utf8(path))
    except (OSError, KitError, ValueError, RecursionError):
        return False
    return isinstance(nb, dict) and isinstance(nb.get("metadata"), dict) and MARK in nb["metadata"]


def build_exercises(solutions="solutions", exercises="exercises", *, check_only: bool = False) -> list[Path]:
    """Write ``exercises/`` from ``solutions/``; return the notebooks that changed.

    With ``check_only=True`` nothing is written: the list says which exercise
    notebooks are out of date (a test and CI use this).

    It never writes over, or removes, a notebook it did not make: every
    exercise notebook carries a mark in its metadata, and a target folder
    holding a notebook without that mark (lessons, solutions, a student's
    work) is refused before anything is written.  So is the solutions folder
    itself as target.
    """
    solutions, exercises = Path(solutions), Path(exercises)
    if solutions.resolve() == exercises.resolve():
        raise KitError("the exercises would be written over the solutions they are made from",
                       file=str(exercises), fix="give another folder for the exercises, e.g. exercises")
    sources = sorted(solutions.glob("*.ipynb"))
    if not sources:
        raise KitError("no solution notebooks found", file=str(solutions),
                       fix="run this from the kit's folder, or pass the folder that holds the *.ipynb solutions")
    if exercises.exists() and not exercises.is_dir():
        raise KitError("this is a file, not a folder", file=str(exercises),
                       fix="give a folder for the exercises, e.g. exercises")
    existing = sorted(exercises.glob("*.ipynb")) if exercises.is_dir() else []
    foreign = [p for p in existing if p.is_symlink() or not p.is_file() or not _made_by_kit(p)]
    if foreign:
        names = ", ".join(p.name for p in foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise KitError(f"this folder holds notebooks that build-exercises did not make ({names}); "
                       "nothing was written", file=str(exercises),
                       fix="choose an empty folder or one that only holds generated exercises, "
                           "or move those notebooks away first")
    built = {src.name: _dump(exercise_notebook(read_notebook(src), where=str(src))) for src in sources}
    changed = []
    for name, text in built.items():
        dest = exercises / name
        if not dest.exists() or dest.read_text(encoding="utf-8") != text:
            changed.append(dest)
            if not check_only:
                write_atomic(dest, text)
    stale = [p for p in existing if p.name not in built]
    changed.extend(stale)
    if not check_only:
        for p in stale:
            p.unlink()
    return changed


def nbgrader_course(course, solutions="solutions") -> list[Path]:
    """Put the solution notebooks into an nbgrader course folder; return the files written.

    Each ``solutions/<name>.ipynb`` becomes ``<course>/source/<name>/<name>.ipynb``
    (one assignment per exercise), and ``nbgrader_config.py`` is written when
    the course has none.  A file already there is left as it is when it is the
    same; when it differs, nothing is written and the error names it.  Then, in
    the course folder: ``nbgrader generate_assignment --all`` (see INSTRUCTORS.md).
    """
    course, solutions = Path(course), Path(solutions)
    sources = sorted(solutions.glob("*.ipynb"))
    if not sources:
        raise KitError("no solution notebooks found", file=str(solutions),
                       fix="run this from the kit's folder, or pass --solutions")
    plan = {course / "source" / src.stem / src.name: src.read_bytes() for src in sources}
    for src in sources:             # valid notebooks with valid blocks, or a KitError now
        exercise_notebook(read_notebook(src), where=str(src))
    config = course / "nbgrader_config.py"
    if config.exists():
        if CODE_STUB not in config.read_text(encoding="utf-8", errors="replace"):
            raise KitError("the course's nbgrader_config.py does not set the kit's stubs; nothing was written",
                           file=str(config), fix="add these lines to it:\n" + NBGRADER_CONFIG)
    else:
        plan[config] = NBGRADER_CONFIG.encode("utf-8")
    clashes = [p for p, data in plan.items() if p.exists() and p.read_bytes() != data]
    if clashes:
        raise KitError(f"{len(clashes)} file(s) already there differ: "
                       + ", ".join(str(p.relative_to(course)) for p in clashes) + "; nothing was written",
                       file=str(course), fix="move them away first (your own changes stay yours)")
    written = []
    for path, data in plan.items():
        if not path.exists():
            write_atomic(path, data.decode("utf-8"))
            written.append(path)
    return written
