"""A whole class at once: twenty kernels answering at the same time lose nothing.

Each of KERNELS Jupyter kernels (started together with nbclient) runs a small
generated notebook, as a student would: it loads the bank 00_start and
submits ANSWERS answers, each one first into the student's own progress store
and then into one store shared by the whole class (as on a hub whose
administrator points every KIT_PROGRESS at one file). Then the test reads
every store back and checks that each expected row is there, once, in order.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

import nbformat
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient

import kit

KERNELS = 20
ANSWERS = 6                 # per kernel and per store: small, so that 2 cores finish quickly
KINDS = ("choice", "multi", "span", "text", "numeric")


def _questions():
    """The questions of 00_start that the notebooks answer, in the order they answer them."""
    return [q for q in kit.load_quiz("00_start").questions if q.kind in KINDS]


def _notebook(student: str, own, shared):
    code = [
        f"""import os, warnings
os.environ["KIT_STUDENT"] = {student!r}
OWN, SHARED = {str(own)!r}, {str(shared)!r}
import kit
from kit.store import ProgressWarning
warnings.simplefilter("error", ProgressWarning)     # an answer not saved is an error here
questions = [q for q in kit.load_quiz("00_start").questions if q.kind in {KINDS!r}]""",
        f"""def answer(q, k):
    n = len(q.spec.options) if q.spec.options else 3
    return {{"choice": 1 + k % n, "multi": [1 + k % n], "span": [1 + k % 3],
             "text": f"{{os.environ['KIT_STUDENT']}} answer {{k}}", "numeric": k}}[q.kind]

for k in range({ANSWERS}):
    q = questions[k % len(questions)]
    for store in (OWN, SHARED):
        os.environ["KIT_PROGRESS"] = store
        feedback = q.submit(answer(q, k))
        assert "could not be saved" not in feedback.message, feedback.message""",
        "len(kit.progress(path=OWN)), len(kit.progress(path=SHARED))",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


async def _run_all(clients):
    return await asyncio.gather(*(c.async_execute() for c in clients), return_exceptions=True)


def _rows(store) -> list[tuple]:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT student, question, answer FROM submissions ORDER BY id").fetchall()


@pytest.mark.slow
def test_twenty_kernels_at_once_lose_no_answer(tmp_path):
    """Do 20 kernels answering at once keep every answer, in their own stores and in one shared store?"""
    shared = tmp_path / "shared" / "progress.sqlite3"
    students = [f"student-{i:02d}" for i in range(KERNELS)]
    own = {s: tmp_path / s / "progress.sqlite3" for s in students}
    # IPC sockets, not TCP ports: twenty kernels picking free ports at the same moment (beside the
    # other tests' kernels) can pick the same one, and such a kernel dies before it starts.
    clients = [NotebookClient(_notebook(s, own[s], shared), timeout=120, startup_timeout=120,
                              km=KernelManager(kernel_name="python3", transport="ipc",
                                               ip=str(tmp_path / "ipc" / s)),
                              resources={"metadata": {"path": str(tmp_path)}})
               for s in students]
    (tmp_path / "ipc").mkdir()

    started = time.perf_counter()
    results = asyncio.run(_run_all(clients))
    seconds = time.perf_counter() - started

    errors = [(s, r) for s, r in zip(students, results) if isinstance(r, BaseException)]
    assert not errors, "\n\n".join(f"{s}: {r}" for s, r in errors)
    for s, nb in zip(students, results):
        for cell in nb.cells:
            assert not [o for o in cell.outputs if o.output_type == "error"], s

    questions = _questions()
    expected_ids = [questions[k % len(questions)].id for k in range(ANSWERS)]
    shared_rows = _rows(shared)
    for s in students:
        mine = _rows(own[s])
        assert [(who, q) for who, q, _ in mine] == [(s, q) for q in expected_ids], s
        in_shared = [(q, a) for who, q, a in shared_rows if who == s]
        assert in_shared == [(q, a) for _, q, a in mine], s      # same answers, same order
        texts = [json.loads(a) for q, a in in_shared
                 if next(x for x in questions if x.id == q).kind == "text"]
        assert all(f"{s} answer" in str(t) for t in texts), texts
    assert len(shared_rows) == KERNELS * ANSWERS
    with sqlite3.connect(shared) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    submissions = 2 * KERNELS * ANSWERS
    print(f"\nclass test: {KERNELS} kernels at once, {submissions} submissions "
          f"({KERNELS} own stores x {ANSWERS} and {KERNELS * ANSWERS} into one shared store), "
          f"{seconds:.1f} s")
