"""Checking a whole case at once: every problem, one line each."""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import tomllib
from pathlib import Path

from kit._io import UTF8_BOM, read_csv, read_utf8, write_atomic
from kit.case.articles import convert_text, read_articles_csv
from kit.case.key import check_key
from kit.errors import KitError
from kit.quiz.model import load_quiz

__all__ = ["check_case", "fix_case"]

def check_case(folder) -> list[str]:
    """Every problem of a case at once, one line each: ``[]`` when the case is sound.

    Each line reads "FILE, line N, field 'x': problem. To fix: ...".  Checked:

    * ``articles.csv``, row by row (every row, not only up to the first bad
      one), and every text it lists (UTF-8, no BOM, LF endings, not empty);
      texts in ``articles/`` that are not listed;
    * the answer key in ``annotations/`` with :func:`kit.case.key.check_key`
      (every problem in every table); a case without an ``annotations/``
      folder has no key, which is allowed;
    * every question bank in ``quizzes/`` (``.toml`` and jupyterquiz
      ``.json``) with :func:`kit.load_quiz`.  A bank stops at its first
      mistake, so a bank gives one line at most: run it again after a fix;
      and that each lesson has one bank at most.

    The key and span questions point into the articles, so when the articles
    have problems the key is not checked (a line says so).

    >>> check_case("data")
    []
    """
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        return [str(KitError(
            "this case folder does not exist" if not folder.exists() else
            "this is a file, but a case is a folder", file=str(folder),
            fix="pass the folder that holds articles.csv and articles/"))]
    problems: list[KitError] = []
    read_articles_csv(folder, problems)     # the loader's own check, listing every problem
    articles_ok = not problems

    key = folder / "annotations"
    if key.is_dir():
        if articles_ok:
            problems += _key_problems(folder)
        else:
            problems.append(KitError(
                "the answer key was not checked, because the articles have problems",
                file=str(key), fix="fix the problems above, then check the case again"))

    quizzes = folder / "quizzes"
    if quizzes.is_dir():
        problems += _bank_problems(folder, quizzes, articles_ok)
    return [str(p) for p in problems]


def _shown(path, folder: Path) -> str | None:
    """A path inside the case as the user named the case (not resolved)."""
    if path is None:
        return None
    try:
        return str(folder / Path(path).relative_to(folder.resolve()))
    except ValueError:
        return str(path)


def _key_problems(folder: Path) -> list:
    found = check_key(folder)
    return [KitError(row.problem, file=_shown(row.file, folder),
                     line=None if row.line is None or row.line != row.line else int(row.line),
                     field=row.field or None, fix=row.fix)
            for row in found.astype(object).where(found.notna(), None).itertuples(index=False)]


def _bank_problems(folder: Path, quizzes: Path, articles_ok: bool) -> list:
    problems = []
    banks = sorted(p for p in quizzes.iterdir()
                   if p.is_file() and p.suffix.lower() in (".toml", ".json")
                   and not p.name.startswith("."))
    for bank in banks:
        try:
            load_quiz(bank, case=folder)
        except KitError as err:
            if articles_ok or err.file == str(bank):
                problems.append(KitError(err.message, file=_shown(err.file, folder),
                                         line=err.line, field=err.field, fix=err.fix))
        except Exception as err:            # any other failure is still one line of the list
            problems.append(KitError(f"this bank could not be read ({type(err).__name__}: {err})",
                                     file=_shown(bank, folder),
                                     fix="check it against docs/quiz-format.md, or load it with "
                                         "kit.load_quiz(PATH) to see where it fails"))
    lessons: dict[str, list[str]] = {}
    for bank in banks:
        m = re.match(r"(\d\d)_", bank.name)
        if m:
            lessons.setdefault(m.group(1), []).append(bank.name)
    for lesson, names in sorted(lessons.items()):
        if len(names) > 1:
            problems.append(KitError(
                f"lesson {lesson} has {len(names)} banks: {', '.join(names)}", file=str(quizzes),
                fix=f"keep one bank whose name starts with {lesson}_ (kit.lesson_quiz shows one)"))
    return problems


# ------------------------------------------------------------------ check-case --fix

def fix_case(folder) -> list[str]:
    """Convert the case's texts that have a byte-order mark or CRLF line endings; say what was done.

    Each file changed is first copied to ``.backup/TIME/articles/`` in the
    case.  A text into which the key (``annotations/``) or a span question
    (``quizzes/``) points past its first change is not converted, because
    those offsets would move: a line says which rows, and how to fix them.
    Returns one line per text converted or refused (``[]``: nothing to do).
    """
    folder = Path(folder).expanduser()
    texts = folder / "articles"
    if not texts.is_dir():
        return []
    ids = _ids_by_file(folder)
    lines, backup = [], folder / ".backup" / _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for path in sorted(p for p in texts.iterdir() if p.is_file() and not p.name.startswith(".")):
        data = path.read_bytes()
        if not (data.startswith(UTF8_BOM) or b"\r" in data):
            continue
        try:
            text, changes = convert_text(path)
        except KitError:
            continue                               # not UTF-8 or empty: check_case says so
        shown = str(folder / "articles" / path.name)
        first = 0 if data.startswith(UTF8_BOM) else data.decode("utf-8").index("\r")
        pointing = _pointers(folder, ids.get(path.name, []), first)
        if pointing:
            lines.append(str(KitError(
                f"not converted: {len(pointing)} offset(s) point into it after its first change "
                f"(character {first}), and converting it would move them ({'; '.join(pointing[:3])}"
                + (" ..." if len(pointing) > 3 else "") + ")", file=shown,
                fix="convert the text in your editor and recompute those offsets with "
                    "kit.case.spans.locate(text, span), or remove the rows, then run --fix again")))
            continue
        (backup / "articles").mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup / "articles" / path.name)
        write_atomic(path, text, newline="")
        lines.append(f"{shown}: {' and '.join(changes)} (the original is kept in "
                     f"{folder / '.backup' / backup.name / 'articles' / path.name}).")
    return lines


def _ids_by_file(folder: Path) -> dict[str, list[str]]:
    try:
        (_, head), *records = read_csv(folder / "articles.csv", what="articles.csv")
    except KitError:
        return {}
    head = [h.strip() for h in head]
    out: dict[str, list[str]] = {}
    for _, fields in records:
        row = dict(zip(head, (f.strip() for f in fields)))
        if row.get("file"):
            out.setdefault(row["file"], []).append(row.get("id", ""))
    return out


def _pointers(folder: Path, ids: list[str], first: int) -> list[str]:
    """Where the key or a span question points into the articles ``ids`` at or after ``first``."""
    found = []
    for table in sorted((folder / "annotations").glob("*.csv")):
        try:
            (_, head), *records = read_csv(table, what="key")
        except KitError:
            continue
        head = [h.strip() for h in head]
        for line, fields in records:
            row = dict(zip(head, (f.strip() for f in fields)))
            if row.get("article") in ids and any(_past(row.get(c), first) for c in ("start", "end")):
                found.append(f"annotations/{table.name}, line {line}")
    for bank in sorted((folder / "quizzes").glob("*.toml")):
        try:
            questions = tomllib.loads(read_utf8(bank)).get("questions", [])
        except (OSError, KitError, tomllib.TOMLDecodeError):
            continue
        for q in questions if isinstance(questions, list) else []:
            if not isinstance(q, dict) or q.get("article") not in ids:
                continue
            spans = [q] + [a for a in q.get("answer", []) if isinstance(a, dict)]
            if any(_past(s.get(c), first) for s in spans for c in ("start", "end")):
                found.append(f"quizzes/{bank.name}, question {q.get('id', '?')}")
    return found


def _past(value, first: int) -> bool:
    try:
        return int(value) > first
    except (TypeError, ValueError):
        return False
