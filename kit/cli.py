"""The kit's command line: ``python -m kit COMMAND``.

Commands::

    build-exercises [--check]       write exercises/ from solutions/
    export-progress --out FILE      save your answers (CSV or JSON) to hand in
    grade DIR --out grades.csv      a gradebook from a folder of handed-in answers
    new-case DIR --from FILE...     start a case from plain-text articles
    check-case DIR                  list every problem in a case

Errors the user can fix are printed as one clear line, with exit status 1;
a wrong command line exits with status 2.
"""

from __future__ import annotations

import argparse
import sys

from kit.errors import KitError
from kit.store import export_progress
from kit.teach.check_case import check_case
from kit.teach.exercises import build_exercises
from kit.teach.gradebook import grade
from kit.teach.new_case import new_case

__all__ = ["main"]


def _build_exercises(args) -> int:
    changed = build_exercises(args.solutions, args.exercises, check_only=args.check)
    for path in changed:
        print(("out of date: " if args.check else "wrote ") + str(path))
    if args.check and changed:
        print("exercises/ is out of date: run `python -m kit build-exercises` and commit the result.",
              file=sys.stderr)
        return 1
    if not changed:
        print("exercises/ is up to date.")
    return 0


def _export_progress(args) -> int:
    path = export_progress(args.out, path=args.store)
    print(f"saved your answers to {path}")
    return 0


def _grade(args) -> int:
    report = grade(args.folder, args.out, chart=args.chart)
    print(report)
    return 1 if report.problems and args.strict else 0


def _new_case(args) -> int:
    path = new_case(args.folder, args.files)
    print(f"made a case in {path}: fill in articles.csv, review quizzes/starter.toml, "
          f"then run `python -m kit check-case {path}`")
    return 0


def _check_case(args) -> int:
    problems = check_case(args.folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print("no problems found.")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kit", description="The Five Accounts kit.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build-exercises", help="write exercises/ from solutions/")
    b.add_argument("--solutions", default="solutions")
    b.add_argument("--exercises", default="exercises")
    b.add_argument("--check", action="store_true", help="only say whether exercises/ is up to date")
    b.set_defaults(run=_build_exercises)

    e = sub.add_parser("export-progress", help="save your answers to hand in")
    e.add_argument("--out", required=True, help="a .csv or .json file to write")
    e.add_argument("--store", default=None, help="the progress store (default: $KIT_PROGRESS or your home)")
    e.set_defaults(run=_export_progress)

    g = sub.add_parser("grade", help="make a gradebook from handed-in answer files")
    g.add_argument("folder", help="folder with one exported file (CSV or JSON) per student")
    g.add_argument("--out", required=True, help="the gradebook CSV to write")
    g.add_argument("--chart", default=None, help="also draw class results by tag to this PNG")
    g.add_argument("--strict", action="store_true", help="exit 1 when any file had a problem")
    g.set_defaults(run=_grade)

    n = sub.add_parser("new-case", help="start a case from plain-text articles")
    n.add_argument("folder")
    n.add_argument("--from", dest="files", nargs="+", required=True, metavar="FILE")
    n.set_defaults(run=_new_case)

    c = sub.add_parser("check-case", help="list every problem in a case")
    c.add_argument("folder")
    c.set_defaults(run=_check_case)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KitError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
