"""How long does `python -m kit grade` take for a class of 500?

Makes 500 answer files in the format of `python -m kit export-progress`
(the store's own CSV writer, one file per student, answering every question
of the kit's lesson banks, some of them twice) in a temporary folder, then
times `python -m kit grade` on the folder and compares it with a floor: the
same run's time to read the 500 files with `csv.reader` alone.

    .venv/bin/python benchmarks/grade_500.py               # prints the figures
    .venv/bin/python benchmarks/grade_500.py --results r.json

Nothing is written into the repository unless --results names a file there.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.quiz import load_quiz  # noqa: E402
from kit.store import COLUMNS, write_csv  # noqa: E402


def questions() -> list[tuple[str, object]]:
    """(bank, question) for every question of the kit's lesson banks."""
    out = []
    for path in sorted((ROOT / "data" / "quizzes").glob("[0-9][0-9]_*.toml")):
        quiz = load_quiz(path)
        out += [(quiz.name, q) for q in quiz.questions]
    return out


def make_files(folder: Path, students: int, seed: int = 1) -> int:
    """Write one export per student into ``folder``; return the number of answer rows."""
    rng = random.Random(seed)
    qs = questions()
    start = dt.datetime(2031, 9, 1, 9, tzinfo=dt.timezone.utc)
    rows_total = 0
    for n in range(students):
        student = f"Student {n:03d}"
        when = start + dt.timedelta(minutes=n)
        rows = []
        for bank, q in qs:
            for _ in range(1 if rng.random() < 0.7 else 2):          # some questions tried twice
                when += dt.timedelta(seconds=rng.randint(5, 90))
                right = rng.random() < 0.65
                score = q.points if right else round(q.points * rng.choice([0, 0, 0.5]), 2)
                rows.append((when.isoformat(timespec="milliseconds"), student, bank, q.id, q.kind,
                             json.dumps({"picked": rng.randint(1, 4)}), int(right), float(score),
                             float(q.points), ",".join(q.tags)))
        with open(folder / f"student-{n:03d}.csv", "w", encoding="utf-8", newline="") as fh:
            write_csv(fh, rows)
        rows_total += len(rows)
    return rows_total


def floor(folder: Path) -> float:
    """Seconds to read every file of ``folder`` with csv.reader, doing nothing else."""
    started = time.perf_counter()
    count = 0
    for path in sorted(folder.iterdir()):
        with open(path, encoding="utf-8", newline="") as fh:
            for _ in csv.reader(fh):
                count += 1
    assert count
    return time.perf_counter() - started


def grade(folder: Path, out: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kit", "grade", str(folder), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or "problem:" in done.stdout:
        sys.exit(f"grade failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def startup() -> float:
    """Seconds to start Python and import what `kit grade` imports (pandas)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import kit.teach.gradebook, pandas"], cwd=ROOT, check=True)
    return time.perf_counter() - started


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=500)
    p.add_argument("--repeat", type=int, default=3, help="runs to time; the best is reported")
    p.add_argument("--results", default=None, help="also write the figures to this JSON file")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        folder, out = Path(tmp) / "handed-in", Path(tmp) / "gradebook.csv"
        folder.mkdir()
        rows = make_files(folder, args.students)
        size = sum(f.stat().st_size for f in folder.iterdir())
        floors = [floor(folder) for _ in range(args.repeat)]
        grades = [grade(folder, out) for _ in range(args.repeat)]
        starts = [startup() for _ in range(args.repeat)]
        with open(out, encoding="utf-8") as fh:
            graded = sum(1 for _ in csv.reader(fh)) - 1
    if graded != args.students:
        sys.exit(f"the gradebook has {graded} rows, not {args.students}")

    figures = {
        "students": args.students, "answer_rows": rows, "megabytes": round(size / 1e6, 2),
        "grade_seconds": round(min(grades), 3), "floor_seconds": round(min(floors), 3),
        "ratio": round(min(grades) / min(floors), 1),
        "startup_seconds": round(min(starts), 3),
        "ratio_without_startup": round((min(grades) - min(starts)) / min(floors), 1),
        "python": sys.version.split()[0], "cpus": os.cpu_count(),
    }
    print(f"{figures['students']} files, {rows} answers, {figures['megabytes']} MB")
    print(f"python -m kit grade: {figures['grade_seconds']:.2f} s (best of {args.repeat})")
    print(f"floor, csv.reader alone: {figures['floor_seconds']:.3f} s")
    print(f"ratio: {figures['ratio']}x the floor "
          f"({figures['ratio_without_startup']}x without the {figures['startup_seconds']:.2f} s "
          f"of starting Python and importing pandas)")
    if args.results:
        Path(args.results).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
