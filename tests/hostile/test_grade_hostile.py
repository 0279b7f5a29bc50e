"""Hostile and careless hand-ins for `python -m kit grade`: one bad file is listed and the
others graded; nothing is merged, inflated or dropped silently."""

from __future__ import annotations

import csv
import json

import pytest
from hypothesis import given, strategies as st

import kit.store as P
from kit.cli import main
from kit.teach.gradebook import grade

from .conftest import kit_error

ROW = {"time": "2021-12-23T10:00:00", "student": "ada", "bank": "01_x", "question": "q1",
       "kind": "choice", "answer": "1", "correct": True, "score": 1.0, "possible": 1.0, "tags": "names"}


def hand_in(folder, name, rows):
    path = folder / name
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def test_answers_are_keyed_by_bank_and_question(tmp_path):
    hand_in(tmp_path, "ada.json", [ROW, {**ROW, "bank": "02_y", "score": 0.0, "correct": False}])
    report = grade(tmp_path, tmp_path.parent / "g.csv")
    row = report.table.loc["ada"]
    assert row["01_x"] == 1.0 and row["02_y"] == 0.0 and row["possible"] == 2.0


BAD_SCORES = [("1000", "5"), ("nan", "1"), ("inf", "1"), ("1", "inf"), ("-1", "1"), ("1", "0"),
              ("1", "-1"), ("1e400", "1"), ("9" * 5000, "1"), ("", "1"), ("one", "1"), (True, 1),
              (None, 1), ([1], 1)]


@pytest.mark.parametrize("score,possible", BAD_SCORES, ids=range(len(BAD_SCORES)))
def test_scores_are_checked(tmp_path, score, possible):
    hand_in(tmp_path, "bad.json", [{**ROW, "score": score, "possible": possible}])
    hand_in(tmp_path, "bo.json", [{**ROW, "student": "bo"}])
    report = grade(tmp_path, tmp_path.parent / "g.csv")
    assert list(report.table.index) == ["bo"]
    assert len(report.problems) == 1 and "bad.json" in report.problems[0]


BAD_NAMES = [["ada"], {"n": 1}, 12, None, "", "  "]


@pytest.mark.parametrize("student", BAD_NAMES, ids=range(len(BAD_NAMES)))
def test_student_names_must_be_text(tmp_path, student):
    hand_in(tmp_path, "bad.json", [{**ROW, "student": student}])
    report = grade(tmp_path, tmp_path.parent / "g.csv")
    assert report.table.empty and "bad.json" in report.problems[0] and "student" in report.problems[0]


def test_sub_folders_are_reported(tmp_path):
    (tmp_path / "late").mkdir()
    hand_in(tmp_path / "late", "cy.json", [{**ROW, "student": "cy"}])
    hand_in(tmp_path, "ada.json", [ROW])
    report = grade(tmp_path, tmp_path.parent / "g.csv")
    assert list(report.table.index) == ["ada"] and "late" in report.problems[0]


@pytest.mark.parametrize("kind", ["deep-json", "huge-int", "huge-cell", "fifo", "utf16", "binary",
                                  "folder-named-json"])
def test_one_bad_file_is_listed_and_the_others_graded(tmp_path, kind):
    import os
    bad = tmp_path / "bad.json"
    if kind == "deep-json":
        bad.write_text("[" * 5000 + "]" * 5000)
    elif kind == "huge-int":
        bad.write_text('[{"score": ' + "9" * 5000 + "}]")
    elif kind == "huge-cell":
        bad = tmp_path / "bad.csv"
        bad.write_text("student,question\n" + '"' + "x" * 20_000_000 + '"\n')
    elif kind == "fifo":
        os.mkfifo(bad)
    elif kind == "utf16":
        bad.write_bytes(json.dumps([ROW]).encode("utf-16"))
    elif kind == "binary":
        bad.write_bytes(bytes(range(256)))
    else:
        bad.mkdir()
    hand_in(tmp_path, "bo.json", [{**ROW, "student": "bo"}])
    report = grade(tmp_path, tmp_path.parent / "g.csv")
    assert list(report.table.index) == ["bo"]
    assert len(report.problems) == 1 and "bad" in report.problems[0]


def test_own_export_of_a_long_text_answer_grades(tmp_path):
    P.record(question="t1", bank="03_w", kind="text", answer="w" * 140_000, correct=True,
             score=1, possible=1)
    out = P.export_progress(tmp_path / "in" / "ada.csv") if (tmp_path / "in").mkdir() is None else None
    report = grade(tmp_path / "in", tmp_path / "g.csv")
    assert report.problems == [] and report.table.loc["test-student", "total"] == 1.0
    assert out.stat().st_size > 140_000


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\")", "+1", "-1", "@a", "\t=1"])
def test_grades_csv_neutralises_formulas(tmp_path, name):
    hand_in(tmp_path, "a.json", [{**ROW, "student": name, "bank": "=evil()"}])
    out = tmp_path.parent / "g.csv"
    grade(tmp_path, out)
    cells = [c for row in csv.reader(out.open(newline="")) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t")) for c in cells)
    assert "'" + name in cells


@pytest.mark.parametrize("chart", ["c.xlsx", "c", "c.png.exe", "c.jpeg2"])
def test_unknown_chart_extension(tmp_path, chart):
    folder = tmp_path / "in"
    folder.mkdir()
    hand_in(folder, "a.json", [ROW])
    kit_error(lambda: grade(folder, tmp_path / "g.csv", chart=tmp_path / chart), "chart", ".png")
    assert not (tmp_path / "g.csv").exists()
    assert main(["grade", str(folder), "--out", str(tmp_path / "g.csv"),
                 "--chart", str(tmp_path / chart)]) == 1


def test_grade_out_is_a_folder(tmp_path):
    hand_in(tmp_path, "a.json", [ROW])
    kit_error(lambda: grade(tmp_path, tmp_path), "folder")


@given(st.lists(st.fixed_dictionaries({
    "score": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10),
                       st.text(max_size=4)),
    "possible": st.one_of(st.floats(min_value=-1, max_value=10), st.integers(-1, 10)),
    "bank": st.sampled_from(["01_x", "02_y", 3]),
    "question": st.sampled_from(["q1", "q2", ["q"]])}), min_size=1, max_size=4))
def test_generated_hand_ins(tmp_path_factory, changes):
    folder = tmp_path_factory.mktemp("hand")
    hand_in(folder, "ada.json", [{**ROW, **c} for c in changes])
    hand_in(folder, "bo.json", [{**ROW, "student": "bo"}])
    report = grade(folder, folder.parent / "g.csv")
    assert "bo" in report.table.index
    if "ada" in report.table.index:
        row = report.table.loc["ada"]
        assert 0 <= row["total"] <= row["possible"] and report.problems == []
    else:
        assert len(report.problems) == 1 and "ada.json" in report.problems[0]
