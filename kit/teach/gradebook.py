"""A gradebook from the answer files students hand in.

Each student hands in the file written by ``python -m kit export-progress
--out NAME.csv`` (or ``.json``).  :func:`grade` reads a folder of them and
writes one row per student: a column per lesson bank and per exercise, and
totals.  By default the *first* answer to each question counts (later tries
are for learning); ``attempt="best"`` or ``"last"`` choose otherwise.

Files that cannot be read, that hold no answers, that mix several students,
or that repeat a student already handed in are *reported by name* in the
result's ``problems``; nothing is dropped silently.

Beside the points, the gradebook reports two shares of each student's marked
questions: ``discernment``, on questions tagged ``discernment`` (the sound
answer is "this is fine"), and ``suspicion``, on the questions that ask what
is wrong with a text (all other marked questions except ``stop`` and
``lateral-reading`` ones).  A student high on suspicion and low on discernment
doubts everything.  Written answers are not marked: they go to a second file,
``NAME-written.csv``, each beside its question's rubric, for the teacher.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from kit._io import read_utf8, spreadsheet_safe, spreadsheet_value, write_atomic
from kit.errors import KitError
from kit.quiz.model import find_question
from kit.quiz.spec import RUBRIC_LEVELS

__all__ = ["grade", "read_submission", "GradeReport", "SUBMISSION_COLUMNS"]

#: Columns an exported answer file must have (others are ignored).
SUBMISSION_COLUMNS = ("student", "question", "bank", "correct", "score", "possible", "time")
ATTEMPTS = ("first", "best", "last")


@dataclass
class GradeReport:
    """What :func:`grade` did: the gradebook, where it went, and every problem."""

    table: object  # pandas.DataFrame
    out: Path
    files: int = 0
    problems: list[str] = field(default_factory=list)
    chart: Path | None = None
    written: Path | None = None

    def __str__(self) -> str:
        lines = [f"graded {len(self.table)} student(s) from {self.files} file(s) into {self.out}"]
        if self.written:
            lines.append(f"written answers beside their rubrics, for you to read: {self.written}")
        if self.chart:
            lines.append(f"chart of class results by tag: {self.chart}")
        lines += [f"problem: {p}" for p in self.problems]
        return "\n".join(lines)

    __repr__ = __str__


_CELL_LIMIT = 16 * 1024 * 1024


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:30] + "…" + text[-5:]


def _points(value) -> float:
    """A finite number of points (``nan``, ``inf`` and ``True`` are not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _truth(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "1.0")


def read_submission(path: str | os.PathLike) -> list[dict]:
    """The answer rows of one handed-in file (CSV or JSON), checked.

    Raises :class:`KitError` naming the file (and line) when it cannot be used.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise KitError("not an answer file (only .csv and .json are read)", file=str(path),
                       fix="remove it from the folder, or export again as .csv or .json")
    raw = read_utf8(path, what="answer",
                    fix="ask the student to export again with `python -m kit export-progress`",
                    missing_fix="copy it into the folder again")
    if suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            raise KitError(f"not valid JSON ({err.msg})", file=str(path), line=err.lineno,
                           fix="ask the student to export again") from None
        except (RecursionError, ValueError) as err:     # nested too deep; a number of 5,000 digits
            raise KitError(f"not an export: it cannot be read ({type(err).__name__})", file=str(path),
                           fix="hand in the file written by `python -m kit export-progress`") from None
        rows = data.get("answers") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise KitError("JSON is not a list of answers", file=str(path),
                           fix="hand in the file written by `python -m kit export-progress`")
    else:
        # An export holds each answer whole, and a written answer may be long.
        # The csv module's limit is for the whole process: raised here, and put back.
        limit = csv.field_size_limit(max(csv.field_size_limit(), _CELL_LIMIT))
        reader = csv.DictReader(io.StringIO(raw, newline=""))
        try:
            rows = [{k: spreadsheet_value(v) if isinstance(v, str) else v for k, v in r.items()}
                    for r in reader]
        except csv.Error as err:
            raise KitError(f"not readable as CSV ({err})", file=str(path), line=max(reader.line_num, 1),
                           fix="hand in the file written by `python -m kit export-progress`") from None
        finally:
            csv.field_size_limit(limit)
        header = reader.fieldnames or []
        missing = [c for c in SUBMISSION_COLUMNS if c not in header]
        if missing:
            raise KitError(f"missing column(s) {', '.join(missing)}", file=str(path), line=1,
                           field=missing[0], fix="hand in the file written by `python -m kit export-progress`")
    if not rows:
        raise KitError("the file holds no answers", file=str(path),
                       fix="the student should answer some questions, then export again")
    for number, row in enumerate(rows, start=2 if suffix == ".csv" else 1):
        missing = [c for c in SUBMISSION_COLUMNS if c not in row]
        if missing:
            raise KitError(f"answer {number} lacks {', '.join(missing)}", file=str(path),
                           line=number if suffix == ".csv" else None, field=missing[0],
                           fix="hand in the file written by `python -m kit export-progress`")
        where = dict(file=str(path), line=number if suffix == ".csv" else None)
        for col in ("student", "bank", "question"):
            if not isinstance(row[col], str) or not row[col].strip():
                raise KitError(f"answer {number}: the {col} must be text, not {_short(row[col])}",
                               field=col, **where,
                               fix="hand in the file as exported, without editing it")
        try:
            row["score"], row["possible"] = _points(row["score"]), _points(row["possible"])
        except (TypeError, ValueError, OverflowError):
            raise KitError(f"answer {number}: score {_short(row['score'])} or possible "
                           f"{_short(row['possible'])} is not a number", field="score", **where,
                           fix="hand in the file as exported, without editing it") from None
        # a written answer (and a reflection) is worth 0 points: the teacher reads it
        unmarked = str(row.get("kind") or "") == "written"
        if not 0 <= row["score"] <= row["possible"] or (row["possible"] <= 0 and not unmarked):
            raise KitError(f"answer {number}: score {row['score']:g} is not between 0 and the "
                           f"possible {row['possible']:g}", field="score", **where,
                           fix="hand in the file as exported, without editing it")
        row["correct"] = _truth(row["correct"])
    students = {str(r["student"]) for r in rows}
    if len(students) != 1:
        raise KitError(f"the file mixes {len(students)} students: {', '.join(sorted(students))}",
                       file=str(path), fix="each student hands in their own export")
    return rows


def _pick(rows: list[dict], attempt: str) -> dict:
    """One row per question, by the attempt rule."""
    by_question: dict[tuple[str, str], dict] = {}
    for row in sorted(rows, key=lambda r: str(r["time"])):
        q = (str(row["bank"]), str(row["question"]))     # two banks may both have a "q1"
        if q not in by_question or attempt == "last" or (
                attempt == "best" and row["score"] > by_question[q]["score"]):
            by_question[q] = row
    return by_question


def grade(folder, out, *, chart=None, attempt: str = "first") -> GradeReport:
    """Grade a folder of handed-in answer files into the gradebook CSV ``out``."""
    import pandas as pd

    if attempt not in ATTEMPTS:
        raise KitError(f"attempt {attempt!r} is not one of {', '.join(ATTEMPTS)}", field="attempt",
                       fix="use 'first' (default), 'best' or 'last'")
    folder = Path(folder)
    if not folder.is_dir():
        raise KitError("this folder does not exist", file=str(folder),
                       fix="pass the folder into which you collected the students' files")
    if chart is not None and Path(chart).suffix.lower().lstrip(".") not in _CHART_FORMATS:
        raise KitError(f"cannot draw a chart as {Path(chart).suffix or 'a file without an ending'}",
                       file=str(chart), fix="name the chart ending in " + ", ".join(
                           "." + f for f in _CHART_FORMATS))
    out = Path(out)
    if out.is_dir():
        raise KitError("this is a folder, not a file to write", file=str(out),
                       fix=f"name a file in it, e.g. --out {out / 'grades.csv'}")
    try:
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError as err:
        raise KitError(f"the folder cannot be read ({err.strerror or err})", file=str(folder),
                       fix="make it readable, or copy the files into a folder you can read") from None
    files = [p for p in entries if not p.is_dir()]
    problems = [f"{p}: a folder; grade reads only the files directly in {folder}, so its "
                "files were not graded (move them up a level to grade them)"
                for p in entries if p.is_dir()]
    by_student, source = {}, {}
    for path in files:
        try:
            rows = read_submission(path)
        except KitError as err:
            problems.append(str(err))
            continue
        except Exception as err:              # one unreadable file never stops the class
            problems.append(f"{path}: could not be read ({type(err).__name__}: {err}); the other "
                            "files were graded")
            continue
        student = str(rows[0]["student"])
        if student in by_student:
            problems.append(f"{path}: student {student!r} was already handed in as {source[student].name}; "
                            f"the two files are merged (each question counted once)")
            rows = by_student[student] + rows
        by_student[student], source[student] = rows, source.get(student, path)

    records = []
    for student, rows in by_student.items():
        for row in _pick(rows, attempt).values():
            records.append({"student": student, "bank": str(row["bank"]), "question": str(row["question"]),
                            "score": row["score"], "possible": row["possible"],
                            "tags": str(row.get("tags") or ""), "kind": str(row.get("kind") or ""),
                            "answer": _answer_text(row.get("answer"))})
    columns = ["student", "bank", "question", "score", "possible", "tags", "kind", "answer"]
    answers = pd.DataFrame(records, columns=columns)
    is_written = answers["kind"] == "written"
    table = _gradebook(answers[~is_written])
    out = Path(out)
    shown = table.rename(index=spreadsheet_safe, columns=spreadsheet_safe)   # never a formula
    written_path = None
    try:
        write_atomic(out, shown.to_csv(), newline="")
        if is_written.any():
            written_path = out.with_name(f"{out.stem}-written.csv")
            written = written_answers(answers[is_written]).map(spreadsheet_safe)
            write_atomic(written_path, written.to_csv(index=False), newline="")
        chart_path = _chart(answers[~is_written], Path(chart)) if chart else None
    except OSError as err:
        raise KitError(f"could not write ({err.strerror or err})", file=str(err.filename or out),
                       fix="choose a folder you may write to and that has free space") from None
    return GradeReport(table, out, files=len(files), problems=problems, chart=chart_path,
                       written=written_path)


def _answer_text(value) -> str:
    """An answer as text: exported CSV files hold it as JSON text, JSON files as itself."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return value
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def written_answers(answers):
    """One row per written answer, beside its question's prompt and rubric.

    The rubric comes from the current case's banks; a question that is not in
    them (a bank since changed) gets empty rubric cells, and says so.
    ``level`` is left empty for the teacher to fill in.
    """
    import pandas as pd

    rows = []
    for record in answers.sort_values(["question", "student"]).to_dict("records"):
        try:
            spec = find_question(record["question"]).spec
            prompt, rubric = " ".join(spec.prompt.split()), dict(spec.rubric)
        except KitError:
            prompt, rubric = "(this question is not in the banks of the current case)", {}
        rows.append({"student": record["student"], "bank": record["bank"], "question": record["question"],
                     "prompt": prompt, "answer": record["answer"],
                     **{level: rubric.get(level, "") for level in RUBRIC_LEVELS}, "level": ""})
    columns = ["student", "bank", "question", "prompt", "answer", *RUBRIC_LEVELS, "level"]
    return pd.DataFrame(rows, columns=columns)


_CHART_FORMATS = ("png", "svg", "pdf")


def _gradebook(answers):
    import pandas as pd

    if answers.empty:
        return pd.DataFrame(columns=["total", "possible", "percent", "discernment", "suspicion"],
                            index=pd.Index([], name="student"))
    exercises = answers["question"].str.match(r"ex\d")
    by_bank = answers[~exercises].pivot_table(index="student", columns="bank", values="score", aggfunc="sum")
    by_ex = answers[exercises].pivot_table(index="student", columns="question", values="score", aggfunc="sum")
    table = pd.concat([by_bank, by_ex], axis=1).fillna(0.0)
    totals = answers.groupby("student")[["score", "possible"]].sum()
    table["total"] = totals["score"]
    table["possible"] = totals["possible"]
    table["percent"] = (100 * table["total"] / table["possible"].where(table["possible"] > 0)).round(1)
    tags = answers["tags"].str.split(r"[;,]\s*")
    sound = tags.map(lambda t: "discernment" in t)
    other = tags.map(lambda t: not {"discernment", "stop", "lateral-reading"} & set(t))
    table["discernment"] = _share(answers[sound])
    table["suspicion"] = _share(answers[other])
    table.index.name = "student"
    return table.sort_index()


def _share(answers):
    """Per student, the percentage of points scored on these answers (empty when none)."""
    sums = answers.groupby("student")[["score", "possible"]].sum()
    return (100 * sums["score"] / sums["possible"].where(sums["possible"] > 0)).round(1)


def _chart(answers, path: Path) -> Path:
    from matplotlib.figure import Figure

    tags = answers.assign(tag=answers["tags"].str.split(r"[;,]\s*")).explode("tag")
    tags = tags[tags["tag"].fillna("") != ""]
    share = (tags.groupby("tag")["score"].sum() / tags.groupby("tag")["possible"].sum()).sort_values()
    fig = Figure(figsize=(6, 0.5 + 0.4 * max(len(share), 1)), layout="constrained")
    ax = fig.add_subplot()
    ax.barh(share.index, 100 * share.values, color="#0072B2")
    for y, value in enumerate(share.values):
        ax.text(100 * value + 1, y, f"{100 * value:.0f}%", va="center")
    ax.set_xlim(0, 110)
    ax.set_xlabel("share of points scored by the class (%)")
    ax.set_ylabel("question tag")
    ax.set_title(f"Class results by tag ({answers['student'].nunique()} students)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    return path

