"""Checking a whole case at once: every problem, one line each."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from pathlib import Path

from kit.case.articles import ARTICLE_COLUMNS, ARTICLE_ID, CHOICES, load_articles, read_text
from kit.case.key import check_key
from kit.errors import KitError
from kit.quiz.model import load_quiz

__all__ = ["check_case"]

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
    _check_articles(folder, problems)
    if not problems:
        try:
            load_articles(folder)
        except KitError as err:             # anything the loader sees that the checks above miss
            problems.append(err)
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


def _check_articles(folder: Path, problems: list) -> None:
    """Check articles.csv row by row and every text, appending each problem."""
    index, texts = folder / "articles.csv", folder / "articles"
    if not texts.is_dir():
        problems.append(KitError("there is no articles/ folder in this case", file=str(texts),
                                 fix="create it and put one UTF-8 text file per article in it"))
    if not index.is_file():
        problems.append(KitError(
            "there is no articles.csv in this case", file=str(index),
            fix="create it with the header " + ",".join(ARTICLE_COLUMNS)
                + " (`python -m kit new-case DIR --from FILE...` writes one)"))
        return
    try:
        raw = read_text(index, what="articles.csv")
    except KitError as err:
        problems.append(err)
        return
    reader = csv.reader(io.StringIO(raw, newline=""))
    head = [h.strip() for h in next(reader, [])]
    missing = [c for c in ARTICLE_COLUMNS if c not in head]
    if missing:
        problems.append(KitError(
            f"missing column(s) {', '.join(missing)}; the header is {','.join(head)}",
            file=str(index), line=1, field=missing[0],
            fix="the header must name all of " + ",".join(ARTICLE_COLUMNS)))
    for col in sorted({c for c in head if head.count(c) > 1}):
        problems.append(KitError(f"column {col!r} appears twice in the header", file=str(index),
                                 line=1, field=col, fix="keep one column of each name"))

    root = texts.resolve()
    seen_ids, seen_files, rows = {}, {}, 0
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        rows += 1

        def problem(field, message, fix, line=line):
            problems.append(KitError(message, file=str(index), line=line, field=field, fix=fix))

        if len(fields) != len(head):
            problem(None, f"this row has {len(fields)} fields but the header has {len(head)}",
                    "check the commas; put a value that contains a comma in double quotes")
            continue
        row = {c: f.strip() for c, f in zip(head, fields)}
        art_id = row.get("id", "")
        if "id" in head:
            if not ARTICLE_ID.match(art_id):
                problem("id", f"id {art_id!r} is not a short slug",
                        "use lowercase letters, digits and hyphens, e.g. 'harbour-readout'")
            elif art_id in seen_ids:
                problem("id", f"id {art_id!r} is used twice (also on line {seen_ids[art_id]})",
                        "give every article its own id")
            else:
                seen_ids[art_id] = line
        for col, allowed in CHOICES.items():
            value = row.get(col, "")
            if value and value not in allowed:
                problem(col, f"{value!r} is not one of {', '.join(allowed)}",
                        f"write one of {', '.join(allowed)} (or leave it empty)")
        if row.get("published"):
            try:
                _dt.date.fromisoformat(row["published"])
            except ValueError:
                problem("published", f"date {row['published']!r} is not an ISO date",
                        "write it as YYYY-MM-DD, e.g. 2031-05-12")
        if "file" not in head:
            continue
        name = row["file"]
        if not name:
            problem("file", "the file name is empty", "name the article's file in articles/")
            continue
        target = (texts / name).resolve()
        if Path(name).is_absolute() or root not in target.parents:
            problem("file", f"file {name!r} points outside the case's articles/ folder",
                    "copy the text into articles/ and give its bare file name")
            continue
        if name in seen_files:
            problem("file", f"file {name!r} is listed twice (also on line {seen_files[name]})",
                    "list every file once")
            continue
        seen_files[name] = line
        if not target.exists():
            problem("file", f"file {name!r} is listed but not in articles/",
                    f"add {texts / name}, or correct the name in articles.csv")
            continue
        try:
            read_text(texts / name)
        except KitError as err:
            problems.append(err)
    if not rows:
        problems.append(KitError("articles.csv lists no articles", file=str(index), line=2,
                                 fix="add one row per article under the header"))
    if texts.is_dir() and "file" in head:
        for p in sorted(texts.iterdir()):
            if p.is_file() and not p.name.startswith(".") and p.name not in seen_files:
                problems.append(KitError(
                    "this file in articles/ is not listed in articles.csv", file=str(p),
                    fix="add a row for it to articles.csv, or move it out of articles/"))


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
