"""Exercises: student notebooks made from solution notebooks, and their checks.

``solutions/`` is the source.  In a solution notebook, the solution code sits
between nbgrader's markers::

    ### BEGIN SOLUTION
    answer = quotes["speaker"].nunique()
    ### END SOLUTION
    kit.check("ex02.1", answer)

:func:`clear_solutions` replaces each block by a placeholder that assigns
``...`` to the names the block assigned (``answer = ...  # YOUR CODE HERE``),
so the exercise still runs to the end and its check says "not answered yet".
In a Markdown cell the block becomes ``YOUR ANSWER HERE``.  A missing, stray or
nested marker is an error naming the notebook and the cell.

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
from pathlib import Path

from kit._io import write_atomic
from kit.errors import KitError

__all__ = ["BEGIN", "END", "clear_solutions_in_source", "build_exercises", "exercise_notebook"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
CODE_PLACEHOLDER = "# YOUR CODE HERE"
TEXT_PLACEHOLDER = "YOUR ANSWER HERE"

_MARK = re.compile(r"^(\s*)(### (?:BEGIN|END) SOLUTION)\s*$")


def _assigned_names(code: str) -> list[str]:
    """Names a block of code assigns at its top level, in order."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
    return names


def clear_solutions_in_source(source: str, *, where: str, markdown: bool = False) -> str:
    """Replace every solution block in one cell's source by its placeholder."""
    out: list[str] = []
    block: list[str] | None = None
    indent, opened_at = "", 0
    for number, line in enumerate(source.split("\n"), start=1):
        m = _MARK.match(line)
        if m and m.group(2) == BEGIN:
            if block is not None:
                raise KitError(f"'{BEGIN}' inside another solution block (opened on line {opened_at})",
                               file=where, line=number, fix=f"close the first block with '{END}' before opening another")
            block, indent, opened_at = [], m.group(1), number
        elif m:
            if block is None:
                raise KitError(f"'{END}' without a '{BEGIN}' before it", file=where, line=number,
                               fix=f"add '{BEGIN}' where the solution starts, or remove this line")
            if markdown:
                out.append(indent + TEXT_PLACEHOLDER)
            else:
                names = _assigned_names("\n".join(l[len(indent):] for l in block))
                out.extend(f"{indent}{name} = ...  {CODE_PLACEHOLDER}" for name in names)
                if not names:
                    out.append(indent + CODE_PLACEHOLDER)
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise KitError(f"'{BEGIN}' has no '{END}' after it", file=where, line=opened_at,
                       fix=f"close the solution block with a line '{END}'")
    return "\n".join(out)


def exercise_notebook(solution: dict, *, where: str) -> dict:
    """The exercise version of a solution notebook (a notebook as a dict)."""
    nb = json.loads(json.dumps(solution))  # a deep copy
    found = 0
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if BEGIN not in source and END not in source:
            continue
        found += 1
        cleared = clear_solutions_in_source(source, where=f"{where} cell {i + 1}",
                                            markdown=cell["cell_type"] == "markdown")
        cell["source"] = cleared.splitlines(keepends=True)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    if not found:
        raise KitError("this solution notebook has no solution block", file=where,
                       fix=f"mark each solution with '{BEGIN}' and '{END}' lines")
    return nb


def _dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def build_exercises(solutions="solutions", exercises="exercises", *, check_only: bool = False) -> list[Path]:
    """Write ``exercises/`` from ``solutions/``; return the notebooks that changed.

    With ``check_only=True`` nothing is written: the list says which exercise
    notebooks are out of date (a test and CI use this).
    """
    solutions, exercises = Path(solutions), Path(exercises)
    sources = sorted(solutions.glob("*.ipynb"))
    if not sources:
        raise KitError("no solution notebooks found", file=str(solutions),
                       fix="run this from the kit's folder, or pass the folder that holds the *.ipynb solutions")
    changed = []
    wanted = set()
    for src in sources:
        try:
            nb = json.loads(src.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise KitError(f"not a notebook ({err.msg})", file=str(src), line=err.lineno,
                           fix="open and save it in Jupyter, or restore it from git") from None
        text = _dump(exercise_notebook(nb, where=str(src)))
        dest = exercises / src.name
        wanted.add(dest.name)
        if not dest.exists() or dest.read_text(encoding="utf-8") != text:
            changed.append(dest)
            if not check_only:
                write_atomic(dest, text)
    stale = sorted(p for p in exercises.glob("*.ipynb") if p.name not in wanted)
    changed.extend(stale)
    if not check_only:
        for p in stale:
            p.unlink()
    return changed
