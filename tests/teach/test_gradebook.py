"""The gradebook made from handed-in answer files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

import kit
from kit.teach.gradebook import SUBMISSION_COLUMNS, grade, read_submission

COLUMNS = [*SUBMISSION_COLUMNS, "kind", "answer", "tags"]


def _row(student, question, bank, score, possible=1.0, time="2026-01-01T10:00:00", tags="wording"):
    return {"student": student, "question": question, "bank": bank, "correct": score == possible,
            "score": score, "possible": possible, "time": time, "kind": "choice", "answer": "\"a\"",
            "tags": tags}


def _csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return path


def test_gradebook_has_a_row_per_student_and_a_column_per_bank_and_exercise(tmp_path):
    """Does the gradebook sum scores per lesson bank and per exercise, with totals?"""
    sub = tmp_path / "in"
    sub.mkdir()
    _csv(sub / "ada.csv", [_row("ada", "q1", "02_attribution", 1), _row("ada", "q2", "02_attribution", 0),
                           _row("ada", "ex02.1", "ex02", 2, 2, tags="attribution")])
    (sub / "bo.json").write_text(json.dumps([_row("bo", "q1", "02_attribution", 1)]))
    report = grade(sub, tmp_path / "grades.csv")
    table = report.table
    assert list(table.index) == ["ada", "bo"]
    assert table.loc["ada", "02_attribution"] == 1 and table.loc["ada", "ex02.1"] == 2
    assert table.loc["ada", "total"] == 3 and table.loc["ada", "possible"] == 4
    assert table.loc["bo", "percent"] == 100.0
    assert report.problems == []
    assert (tmp_path / "grades.csv").read_text().startswith("student,")


@pytest.mark.parametrize("attempt, expected", [("first", 0.0), ("best", 1.0), ("last", 0.5)])
def test_the_attempt_rule_chooses_which_try_counts(tmp_path, attempt, expected):
    """Does the first, best or last try count, as asked?"""
    sub = tmp_path / "in"
    sub.mkdir()
    _csv(sub / "ada.csv", [_row("ada", "q1", "b", 0.5, time="2026-01-01T10:03"),
                           _row("ada", "q1", "b", 0.0, time="2026-01-01T10:01"),
                           _row("ada", "q1", "b", 1.0, time="2026-01-01T10:02")])
    assert grade(sub, tmp_path / "g.csv", attempt=attempt).table.loc["ada", "b"] == expected


def test_bad_and_duplicate_files_are_reported_by_name_not_dropped(tmp_path):
    """Are broken, empty, foreign, mixed and duplicate files each named in the report?"""
    sub = tmp_path / "in"
    sub.mkdir()
    _csv(sub / "ada.csv", [_row("ada", "q1", "b", 1)])
    _csv(sub / "ada-again.csv", [_row("ada", "q2", "b", 1)])
    (sub / "broken.json").write_text("{not json")
    (sub / "empty.csv").write_text(",".join(COLUMNS) + "\n")
    (sub / "notes.txt").write_text("hello")
    (sub / "nocols.csv").write_text("a,b\n1,2\n")
    _csv(sub / "mixed.csv", [_row("cy", "q1", "b", 1), _row("di", "q1", "b", 1)])
    (sub / "badscore.csv").write_text(",".join(COLUMNS) + "\ned,q1,b,True,lots,1,t,choice,x,w\n")
    report = grade(sub, tmp_path / "g.csv")
    text = "\n".join(report.problems)
    for name, why in [("ada-again.csv", "already handed in"), ("broken.json", "not valid JSON"),
                      ("empty.csv", "holds no answers"), ("notes.txt", "not an answer file"),
                      ("nocols.csv", "missing column"), ("mixed.csv", "mixes 2 students"),
                      ("badscore.csv", "is not a number")]:
        assert any(name in p and why in p for p in report.problems), (name, text)
    assert len(report.problems) == 7
    assert report.table.loc["ada", "total"] == 2, "a duplicate's answers are merged, not lost"


def test_grade_draws_a_chart_by_tag(tmp_path):
    """Does --chart write a PNG of class results by tag?"""
    sub = tmp_path / "in"
    sub.mkdir()
    _csv(sub / "ada.csv", [_row("ada", "q1", "b", 1, tags="names;facts")])
    report = grade(sub, tmp_path / "g.csv", chart=tmp_path / "tags.png")
    assert report.chart.read_bytes()[:4] == b"\x89PNG"


def test_read_submission_names_the_file_for_an_unknown_type(tmp_path):
    """Is a file of the wrong type refused with its name?"""
    (tmp_path / "x.xlsx").write_text("x")
    with pytest.raises(kit.KitError, match=r"x\.xlsx: not an answer file"):
        read_submission(tmp_path / "x.xlsx")


def test_grade_command_line(tmp_path):
    """Does `python -m kit grade DIR --out FILE` write the gradebook and list problems?"""
    sub = tmp_path / "in"
    sub.mkdir()
    _csv(sub / "ada.csv", [_row("ada", "q1", "b", 1)])
    (sub / "junk.json").write_text("[1]")
    out = subprocess.run([sys.executable, "-m", "kit", "grade", str(sub), "--out", str(tmp_path / "g.csv")],
                         capture_output=True, text=True)
    assert out.returncode == 0
    assert "graded 1 student(s) from 2 file(s)" in out.stdout and "junk.json" in out.stdout
    bad = subprocess.run([sys.executable, "-m", "kit", "grade", str(tmp_path / "nope"), "--out", "g.csv"],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "this folder does not exist" in bad.stderr
