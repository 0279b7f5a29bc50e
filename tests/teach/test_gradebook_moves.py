"""The gradebook's discernment and suspicion, and written answers beside their rubrics."""

from __future__ import annotations

import csv
import json

import pytest

from kit.teach.gradebook import grade

COLUMNS = ["student", "question", "bank", "correct", "score", "possible", "time", "kind", "answer", "tags"]


def _row(student, question, bank, score, possible=1.0, tags="wording", kind="choice", answer=1):
    return {"student": student, "question": question, "bank": bank, "correct": score == possible > 0,
            "score": score, "possible": possible, "time": "2026-01-01T10:00:00", "kind": kind,
            "answer": json.dumps(answer), "tags": tags}


def _csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        w.writerows(rows)


def test_discernment_and_suspicion_are_reported_beside_the_points(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # doubter catches every flaw but calls sound items flawed; the calibrated one gets both
    _csv(folder / "doubter.csv", [
        _row("doubter", "l03-might-is-fine", "03_same_week_different_words", 0.0, tags="discernment,wording"),
        _row("doubter", "l07-ceasefire-sound", "07_checking_the_facts", 0.0, tags="discernment,facts"),
        _row("doubter", "l03-insinuated", "03_same_week_different_words", 1.0, tags="wording"),
        _row("doubter", "l01-ofcom-rt", "01_meet_the_five", 1.0, tags="lateral-reading,attribution"),
    ])
    _csv(folder / "calibrated.csv", [
        _row("calibrated", "l03-might-is-fine", "03_same_week_different_words", 1.0, tags="discernment,wording"),
        _row("calibrated", "l07-ceasefire-sound", "07_checking_the_facts", 1.0, tags="discernment,facts"),
        _row("calibrated", "l03-insinuated", "03_same_week_different_words", 0.5, tags="wording"),
    ])
    report = grade(folder, tmp_path / "grades.csv")
    table = report.table
    assert table.loc["doubter", "discernment"] == 0.0 and table.loc["doubter", "suspicion"] == 100.0
    assert table.loc["calibrated", "discernment"] == 100.0 and table.loc["calibrated", "suspicion"] == 50.0
    header = (tmp_path / "grades.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-5:] == ["total", "possible", "percent", "discernment", "suspicion"]
    assert report.written is None


def test_written_answers_go_beside_their_rubric_and_leave_the_points_alone(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    essay = 'RT\'s headline turns one unnamed official into "the White House", <b>so</b>...'
    _csv(folder / "ada.csv", [
        _row("ada", "ex02.5", "ex02", 0.0, possible=0.0, tags="trace,attribution", kind="written", answer=essay),
        _row("ada", "l00-stop", "00_start", 0.0, possible=0.0, tags="stop", kind="written", answer="Uneasy."),
        _row("ada", "ex02.1", "ex02", 1.0, tags="attribution", kind="numeric", answer=13),
    ])
    report = grade(folder, tmp_path / "grades.csv")
    assert report.table.loc["ada", "total"] == 1.0 and report.table.loc["ada", "possible"] == 1.0
    assert "ex02.5" not in report.table.columns
    assert report.written == tmp_path / "grades-written.csv"
    assert "grades-written.csv" in str(report)
    with open(report.written, newline="", encoding="utf-8") as f:
        rows = {r["question"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"ex02.5", "l00-stop"}
    judged = rows["ex02.5"]
    assert judged["answer"] == essay
    assert judged["mastery"].startswith("Traces 'never' to the unnamed senior official")
    assert judged["beginning"] and judged["emerging"] and judged["level"] == ""
    assert judged["prompt"].startswith("never-agree's headline says")
    assert rows["l00-stop"]["mastery"] == ""          # a reflection has no rubric


def test_a_written_answer_to_a_question_no_longer_in_the_banks_is_kept_and_says_so(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _csv(folder / "bo.csv", [_row("bo", "gone-question", "old", 0.0, possible=0.0, kind="written",
                                  answer="still here")])
    report = grade(folder, tmp_path / "g.csv")
    with open(report.written, newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["answer"] == "still here" and "not in the banks" in row["prompt"]


@pytest.mark.parametrize("attempt", ["first", "last"])
def test_the_tag_chart_leaves_written_answers_out(tmp_path, attempt):
    pytest.importorskip("matplotlib")
    folder = tmp_path / "in"
    folder.mkdir()
    _csv(folder / "cy.csv", [
        _row("cy", "l00-stop", "00_start", 0.0, possible=0.0, tags="stop", kind="written", answer="x"),
        _row("cy", "l03-insinuated", "03_same_week_different_words", 1.0, tags="wording"),
    ])
    report = grade(folder, tmp_path / "g.csv", chart=tmp_path / "tags.png", attempt=attempt)
    assert report.chart.exists()
