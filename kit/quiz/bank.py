"""Reading and checking question banks.

A bank is a TOML file (``docs/quiz-format.md``) or a jupyterquiz JSON file.
:func:`read_bank` reads one and checks every question, so that a mistake in a
bank is found when it is loaded, not when a student meets it.  Each mistake
is a :class:`~kit.errors.KitError` that names the file, the line of the
question (TOML), the question's id and the field, and says how to fix it.

>>> bank = read_bank(DEFAULT_QUIZZES / "00_start.toml")
>>> bank.name, [q.kind for q in bank.questions][:2]
('00_start', ['choice', 'multi'])
"""

from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kit._io import decode_utf8, read_bytes
from kit.case.articles import load_articles
from kit.errors import KitError
from kit.quiz.grade import normalise, words
from kit.quiz.jupyterquiz import from_jupyterquiz
from kit.quiz.spec import (Where, KINDS, RUBRIC_LEVELS, TAGS, Bank, NumericAnswer, Option, Pair,
                           Span, Spec, WrongAnswer)

__all__ = ["read_bank", "from_jupyterquiz", "DEFAULT_QUIZZES", "COMMON_FIELDS", "KIND_FIELDS"]

DEFAULT_QUIZZES = Path(__file__).resolve().parents[2] / "data" / "quizzes"

#: Fields every question may have.
COMMON_FIELDS = ("id", "kind", "prompt", "explanation", "hint", "points", "tags")
#: Fields of each kind (besides the common ones).
KIND_FIELDS = {
    "choice": ("options",),
    "multi": ("options",),
    "span": ("article", "start", "end", "passage_text", "answer", "alternatives"),
    "match": ("pairs", "distractors"),
    "text": ("answers", "wrong", "fuzzy", "default_feedback"),
    "order": ("items",),
    "numeric": ("value", "tolerance", "answers", "precision", "default_feedback"),
    "written": ("rubric",),
}
_BANK_FIELDS = ("title", "questions")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


# ------------------------------------------------------------------- where

@dataclass
class _Context:
    """What checking needs besides the question: the case's articles, and leniency."""

    case: object = None
    imported: bool = False
    _texts: dict | None = None

    def article_text(self, article_id: str) -> str | None:
        return self._articles().get(article_id)

    def article_ids(self) -> list[str]:
        return list(self._articles())

    def _articles(self) -> dict:
        if self._texts is None:
            self._texts = load_articles(self.case)["text"].to_dict()
        return self._texts


def _did_you_mean(word, choices) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


# ------------------------------------------------------------------ reading

def read_bank(path, *, case=None) -> Bank:
    """Read and check the bank at ``path`` (``.toml``, or jupyterquiz ``.json``).

    ``case`` is the case whose articles ``span`` questions quote; by default
    the case folder around a ``quizzes/`` folder, else the kit's own case.
    """
    path = Path(path)
    text = _read_bank_text(path)
    if path.suffix.lower() == ".json":
        raws, title, lines = _read_json(text, path), "", []
        names = {"prompt": "question", "kind": "type", "options": "answers"}
        ctx = _Context(case=_case_for(path, case), imported=True)
    else:
        data = _read_toml(text, path)
        raws, title = _bank_fields(data, path)
        lines = [i for i, ln in enumerate(text.splitlines(), 1)
                 if re.match(r"^\s*\[\[\s*questions\s*\]\]", ln)]
        names, ctx = {}, _Context(case=_case_for(path, case))
    specs, seen = [], {}
    for n, raw in enumerate(raws, 1):
        where = Where(str(path), lines[n - 1] if n <= len(lines) else None, None, n, names)
        spec = check_question(raw, where, ctx)
        if spec.id in seen:
            raise where.error("id", f"the id is used twice (also by question number {seen[spec.id]})",
                              "give every question its own id")
        seen[spec.id] = n
        specs.append(spec)
    return Bank(name=path.stem, title=title or path.stem, path=path, questions=tuple(specs))


def _case_for(path: Path, case):
    if case is not None:
        return case
    parent = path.resolve().parent
    if parent.name == "quizzes" and (parent.parent / "articles.csv").is_file():
        return parent.parent
    return None


def _read_bank_text(path: Path) -> str:
    try:
        data = read_bytes(path, what="question bank")
    except FileNotFoundError:
        raise KitError("the question bank does not exist", file=str(path),
                       fix="check the file name (banks live in the case's quizzes/ folder)") from None
    except IsADirectoryError:
        raise KitError("this is a folder, not a question bank", file=str(path),
                       fix="point to a .toml (or jupyterquiz .json) file") from None
    return decode_utf8(data, str(path), fix="save it as UTF-8 in your editor")


_TOO_DEEP = ("nest lists and tables a few levels deep at most (see docs/quiz-format.md)")
_TOO_LONG = "write numbers with at most 15 digits"


def _read_toml(text: str, path: Path) -> dict:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise KitError("the bank is nested too deeply to read", file=str(path),
                       fix=_TOO_DEEP) from None
    except ValueError as err:
        if not isinstance(err, tomllib.TOMLDecodeError):   # e.g. a number of 5,000 digits
            raise KitError(f"a value cannot be read ({err})", file=str(path),
                           fix=_TOO_LONG) from None
        message = str(err)
        at = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(at.group(1)) if at else None
        if at:
            message = message[: at.start()].strip() + f" (column {at.group(2)})"
        raise KitError(
            f"this is not valid TOML: {message}", file=str(path), line=line,
            fix='check the quotes, brackets and "=" on that line or just above it; text '
                'needs double quotes (prompt = "..."), and text over several lines '
                'needs triple quotes ("""...""")') from None


def _bank_fields(data: dict, path: Path) -> tuple[list, str]:
    for key in data:
        if key not in _BANK_FIELDS:
            raise KitError(f"unknown top-level field {key!r}", file=str(path), field=key,
                           fix=_did_you_mean(key, _BANK_FIELDS)
                           + "a bank has a title and [[questions]] tables only")
    title = data.get("title", "")
    if not isinstance(title, str):
        raise KitError("the title must be text", file=str(path), field="title",
                       fix='write title = "..."')
    questions = data.get("questions")
    if not questions:
        raise KitError("the bank has no questions", file=str(path), field="questions",
                       fix="add at least one [[questions]] table (see docs/quiz-format.md)")
    if not isinstance(questions, list):
        raise KitError("'questions' must be a list of tables", file=str(path), field="questions",
                       fix="write each question under its own [[questions]] header")
    return questions, title


def _read_json(text: str, path: Path) -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise KitError(f"this is not valid JSON: {err.msg} (column {err.colno})", file=str(path),
                       line=err.lineno, fix="check the commas, quotes and brackets there") from None
    except RecursionError:
        raise KitError("the bank is nested too deeply to read", file=str(path),
                       fix=_TOO_DEEP) from None
    except ValueError as err:                            # e.g. a number of 5,000 digits
        raise KitError(f"a value cannot be read ({err})", file=str(path), fix=_TOO_LONG) from None
    return from_jupyterquiz(data, str(path))


# ----------------------------------------------------------------- checking

def check_question(raw, where: Where, ctx: _Context) -> Spec:
    """Check one question table and return its :class:`Spec` (or raise KitError)."""
    if not isinstance(raw, dict):
        raise where.error(None, "is not a table", "write it under a [[questions]] header")
    where.qid = _check_id(raw, where)
    kind = _check_kind(raw, where)
    allowed = COMMON_FIELDS + KIND_FIELDS[kind]
    for key in raw:
        if key not in allowed:
            raise where.error(key, f"unknown field {key!r} for a {kind} question",
                              _did_you_mean(key, allowed) + "the fields are " + ", ".join(allowed))
    common = dict(
        id=where.qid, kind=kind,
        prompt=_text(raw, "prompt", where),
        explanation=_text(raw, "explanation", where, required=not ctx.imported,
                          empty_ok=ctx.imported),
        hint=_text(raw, "hint", where, required=False, empty_ok=True),
        points=_points(raw, where, kind), tags=_tags(raw, where))
    return Spec(**common, **_KIND_CHECKS[kind](raw, where, ctx))


def _check_id(raw: dict, where: Where) -> str:
    if "id" not in raw:
        raise where.error("id", "the id is missing", 'add id = "a-short-name" (lowercase, '
                                                      "digits and hyphens)")
    qid = raw["id"]
    if not isinstance(qid, str) or not _ID.match(qid):
        raise where.error("id", f"id {qid!r} is not a short lowercase name",
                          "use lowercase letters, digits, '-', '_' and '.', e.g. \"official-readout\" "
                          "or \"ex02.1\"")
    return qid


def _check_kind(raw: dict, where: Where) -> str:
    kind = raw.get("kind")
    if kind is None:
        raise where.error("kind", "the kind is missing", "add kind = one of " + ", ".join(KINDS))
    if kind not in KINDS:
        raise where.error("kind", f"unknown kind {kind!r}",
                          _did_you_mean(kind, KINDS) + "use one of " + ", ".join(KINDS))
    return kind


def _text(raw: dict, name: str, where: Where, *, required=True, empty_ok=False,
          what: str | None = None, fld: str | None = None) -> str:
    """The text field ``name`` of ``raw``; ``fld`` names it in errors (default ``name``)."""
    value = raw.get(name)
    what, fld = what or name, fld or name
    if value is None:
        if required:
            raise where.error(fld, f"the {what} is missing", f'add {name} = "..."')
        return ""
    if not isinstance(value, str):
        raise where.error(fld, f"the {what} must be text, not {type(value).__name__}",
                          f'put the {what} in double quotes: {name} = "..."')
    if not empty_ok and not value.strip():
        raise where.error(fld, f"the {what} is empty", f"write the {what}")
    return value


def _number(raw: dict, name: str, where: Where, default=None, *, integer=False,
            fld: str | None = None):
    value = raw.get(name, default)
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if ok and isinstance(value, int) and abs(value) > 10 ** 15:    # float() would overflow
        ok = False
    if isinstance(value, bool) or not ok or not math.isfinite(value):
        kind = "a whole number" if integer else "a number"
        shown = f"a number of {len(str(abs(value)))} digits" if isinstance(value, int) and \
            not isinstance(value, bool) and abs(value) > 10 ** 15 else repr(value)
        raise where.error(fld or name, f"{name} must be {kind}, not {shown}",
                          f"write {name} = {'12' if integer else '1'} (no quotes)")
    return value


def _points(raw: dict, where: Where, kind: str) -> float:
    if kind == "written":
        if "points" in raw:
            raise where.error("points", "a written answer is read by the teacher, not marked by the kit",
                              "leave points out (the rubric says what the teacher looks for)")
        return 0.0
    points = _number(raw, "points", where, 1)
    if points <= 0:
        raise where.error("points", f"points must be more than 0, not {points}",
                          "write points = 1 (or leave it out)")
    return float(points)


def _tags(raw: dict, where: Where) -> tuple[str, ...]:
    tags = raw.get("tags", [])
    if not isinstance(tags, list):
        raise where.error("tags", "tags must be a list", 'write tags = ["names"]')
    for tag in tags:
        if tag not in TAGS:
            raise where.error("tags", f"unknown tag {tag!r}",
                              _did_you_mean(tag, TAGS) + "use tags from " + ", ".join(TAGS))
    return tuple(dict.fromkeys(tags))


def _list(raw: dict, name: str, where: Where, *, minimum=1, required=True) -> list:
    value = raw.get(name)
    if value is None:
        if not required:
            return []
        raise where.error(name, f"{name} is missing", f"add {name} (see docs/quiz-format.md)")
    if not isinstance(value, list):
        raise where.error(name, f"{name} must be a list", f"write {name} = [...] "
                                                          f"or [[questions.{name}]] tables")
    if len(value) < minimum:
        raise where.error(name, f"{name} needs at least {minimum} entries, not {len(value)}",
                          f"add entries to {name}")
    return value


def _table(item, name: str, i: int, allowed: tuple, where: Where) -> dict:
    if not isinstance(item, dict):
        raise where.error(name, f"entry {i} of {name} is not a table",
                          f"write it as {{ {allowed[0]} = ... }}")
    for key in item:
        if key not in allowed:
            raise where.error(name, f"entry {i} of {name} has an unknown field {key!r}",
                              _did_you_mean(key, allowed) + "the fields are " + ", ".join(allowed))
    return item


# ------------------------------------------------------------- kind checks

def _check_options(raw, where, ctx, *, multi=False) -> dict:
    options = []
    for i, item in enumerate(_list(raw, "options", where, minimum=2), 1):
        item = _table(item, "options", i, ("text", "correct", "feedback"), where)
        text = _text(item, "text", where, what=f"text of option {i}", fld="options")
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            raise where.error("options", f"option {i}: correct must be true or false, "
                                         f"not {correct!r}", "write correct = true (no quotes)")
        feedback = _text(item, "feedback", where, required=False, empty_ok=True,
                         what=f"feedback of option {i}", fld="options")
        for j, other in enumerate(options, 1):
            if other.text.strip() == text.strip():
                raise where.error("options", f"options {j} and {i} have the same text",
                                  "give every option its own text")
        options.append(Option(text, correct, feedback))
    n_right = sum(o.correct for o in options)
    if n_right == 0:
        raise where.error("options", "no option is marked right",
                          "add correct = true to the right option")
    if n_right > 1 and not multi and not ctx.imported:
        raise where.error("options", f"{n_right} options are marked right, but a choice "
                                     "question has one", 'keep one, or use kind = "multi"')
    return {"options": tuple(options)}


def _check_multi(raw, where, ctx) -> dict:
    return _check_options(raw, where, ctx, multi=True)


def _int_field(raw: dict, name: str, where: Where, label: str | None = None) -> int:
    value = raw.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10 ** 15:
        shown = repr(value) if not isinstance(value, int) or abs(value) <= 10 ** 15 else \
            f"a number of {len(str(abs(value)))} digits"
        raise where.error(label or name, f"{name} must be a whole number (a character offset), "
                                         f"not {shown}", f"write {name} = 1234 (no quotes)")
    return value


def _check_span(raw, where, ctx) -> dict:
    article = _text(raw, "article", where)
    text = ctx.article_text(article)
    if text is None:
        raise where.error("article", f"there is no article {article!r} in the case",
                          _did_you_mean(article, ctx.article_ids())
                          + "use one of " + ", ".join(ctx.article_ids()))
    start, end = _int_field(raw, "start", where), _int_field(raw, "end", where)
    if not 0 <= start < end <= len(text):
        raise where.error("end" if 0 <= start < len(text) else "start",
                          f"the passage {start}:{end} does not fit article {article!r}, "
                          f"which has {len(text)} characters",
                          "use offsets with 0 <= start < end <= the article's length")
    passage = text[start:end]
    if "passage_text" in raw:
        _check_quote(_text(raw, "passage_text", where), passage, text, "passage_text", where)
    passage_span = Span(start, end)
    probe = Spec(id=where.qid, kind="span", prompt="", explanation="", passage=passage_span,
                 passage_text=passage)
    if not any(not w.punctuation for w in words(probe)):
        raise where.error("start", "the passage has no words", "choose a passage with words in it")
    key = tuple(_check_key_span(item, i, passage_span, text, probe, where)
                for i, item in enumerate(_list(raw, "answer", where), 1))
    alternatives = []
    for n, alt in enumerate(_list(raw, "alternatives", where, required=False), 1):
        if not isinstance(alt, list) or not alt:
            raise where.error("alternatives", f"alternative {n} must be a list of spans, "
                                              f"like answer", "write alternatives = "
                                              "[[{ start = 1, end = 5, text = \"...\" }]]")
        alternatives.append(tuple(_check_key_span(item, i, passage_span, text, probe, where,
                                                  "alternatives")
                                  for i, item in enumerate(alt, 1)))
    return {"article": article, "passage": passage_span, "passage_text": passage, "key": key,
            "alternatives": tuple(alternatives)}


def _check_quote(given: str, actual: str, text: str, name: str, where: Where) -> None:
    if given == actual:
        return
    found = text.find(given)
    hint = (f"that text is at start = {found}, end = {found + len(given)}" if found >= 0
            else "copy the text exactly from the article (quotes and dashes too)")
    raise where.error(name, f"the article's text at these offsets is {actual!r}, "
                            f"not {given!r}", hint)


def _check_key_span(item, i, passage: Span, text: str, probe: Spec, where: Where,
                    fld: str = "answer") -> Span:
    if isinstance(item, list) and len(item) == 2:
        item = {"start": item[0], "end": item[1]}
    item = _table(item, fld, i, ("start", "end", "text"), where)
    start = _int_field(item, "start", where, fld)
    end = _int_field(item, "end", where, fld)
    if not passage.start <= start < end <= passage.end:
        raise where.error(fld, f"{fld} span {i} ({start}:{end}) is not inside the passage "
                               f"({passage.start}:{passage.end})",
                          "give offsets into the article that fall inside the passage")
    if "text" in item:
        _check_quote(_text(item, "text", where, what=f"text of {fld} span {i}", fld=fld),
                     text[start:end], text, fld, where)
    if not any(not w.punctuation and w.start < end and start < w.end for w in words(probe)):
        raise where.error(fld, f"{fld} span {i} covers no word",
                          "the span must cover at least one word of the passage")
    return Span(start, end)


def _check_match(raw, where, ctx) -> dict:
    pairs = []
    for i, item in enumerate(_list(raw, "pairs", where, minimum=2), 1):
        item = _table(item, "pairs", i, ("left", "right"), where)
        left = _text(item, "left", where, what=f"left item of pair {i}", fld="pairs")
        right = _text(item, "right", where, what=f"right item of pair {i}", fld="pairs")
        if any(p.left == left for p in pairs):
            raise where.error("pairs", f"the left item {left!r} is listed twice",
                              "list every left item once")
        pairs.append(Pair(left, right))
    distractors = []
    for i, d in enumerate(_list(raw, "distractors", where, required=False), 1):
        if not isinstance(d, str) or not d.strip():
            raise where.error("distractors", f"distractor {i} must be non-empty text",
                              'write distractors = ["...", "..."]')
        if any(p.right == d for p in pairs) or d in distractors:
            raise where.error("distractors", f"distractor {d!r} is already a choice",
                              "remove it, or change its text")
        distractors.append(d)
    return {"pairs": tuple(pairs), "distractors": tuple(distractors)}


def _check_order(raw, where, ctx) -> dict:
    items = _list(raw, "items", where, minimum=2)
    for i, item in enumerate(items, 1):
        if not isinstance(item, str) or not item.strip():
            raise where.error("items", f"item {i} must be non-empty text",
                              'write items = ["earliest", "...", "latest"]')
        if item in items[: i - 1]:
            raise where.error("items", f"item {item!r} is listed twice", "list every item once")
    return {"items": tuple(items)}


def _check_text(raw, where, ctx) -> dict:
    answers = raw.get("answers")
    if isinstance(answers, str):
        answers = [answers]
    answers = _list({"answers": answers}, "answers", where)
    texts, said = [], []
    for i, a in enumerate(answers, 1):
        if isinstance(a, dict):         # { answer = "...", feedback = "..." }: feedback when it matches
            a = _table(a, "answers", i, ("answer", "feedback"), where)
            said.append(_text(a, "feedback", where, required=False, empty_ok=True, fld="answers"))
            a = a.get("answer")
        else:
            said.append("")
        if not isinstance(a, str) or not normalise(a):
            raise where.error("answers", f"accepted answer {i} must be text with letters or "
                                         "digits in it", 'write answers = ["...", "..."]')
        texts.append(a)
    wrong = []
    for i, item in enumerate(_list(raw, "wrong", where, required=False), 1):
        item = _table(item, "wrong", i, ("answer", "feedback"), where)
        wrong.append(WrongAnswer(
            _text(item, "answer", where, what=f"answer of wrong entry {i}", fld="wrong"),
            _text(item, "feedback", where, required=False, empty_ok=True, fld="wrong")))
    fuzzy = _number(raw, "fuzzy", where, 0.85)
    if not 0.5 <= fuzzy <= 1:
        raise where.error("fuzzy", f"fuzzy must be between 0.5 and 1, not {fuzzy}",
                          "write fuzzy = 0.85 (or leave it out); 1 means exact after normalising")
    return {"answers": tuple(texts), "answer_feedback": tuple(said), "wrong": tuple(wrong),
            "fuzzy": float(fuzzy),
            "default_feedback": _text(raw, "default_feedback", where, required=False,
                                      empty_ok=True)}


def _check_numeric(raw, where, ctx) -> dict:
    if ("value" in raw) == ("answers" in raw):
        raise where.error("value", "a numeric question needs either value = ... or answers = [...]"
                          if "value" not in raw else "give value or answers, not both",
                          "write value = 12 (and tolerance = 0.5 if near is good enough)")
    if "value" in raw:
        entries = [{"value": raw["value"], "tolerance": raw.get("tolerance", 0), "correct": True}]
    else:
        if "tolerance" in raw:
            raise where.error("tolerance", "tolerance goes with value, not with answers",
                              "put tolerance = ... inside each answer table")
        entries = _list(raw, "answers", where)
    label = "value" if "value" in raw else "answers"
    numbers = tuple(_numeric_entry(e, i, where, label) for i, e in enumerate(entries, 1))
    if not any(n.correct for n in numbers):
        raise where.error("answers", "no answer is marked right", "add correct = true to one")
    precision = None
    if raw.get("precision") is not None:
        precision = _number(raw, "precision", where, integer=True)
        if not 1 <= precision <= 15:
            raise where.error("precision", "precision must be 1 to 15 significant digits",
                              "write precision = 3 (or leave it out)")
    return {"numbers": numbers, "precision": precision,
            "default_feedback": _text(raw, "default_feedback", where, required=False,
                                      empty_ok=True)}


def _numeric_entry(item, i: int, where: Where, label: str) -> NumericAnswer:
    item = _table(item, label, i, ("value", "range", "tolerance", "correct", "feedback"), where)
    correct = item.get("correct", True)
    if not isinstance(correct, bool):
        raise where.error(label, f"answer {i}: correct must be true or false",
                          "write correct = true (no quotes)")
    feedback = _text(item, "feedback", where, required=False, empty_ok=True, fld=label)
    tolerance = _number(item, "tolerance", where, 0, fld=label)
    if tolerance < 0:
        raise where.error(label, f"answer {i}: tolerance must not be negative", "write tolerance = 0.5")
    if "value" in item:
        return NumericAnswer(value=float(_number(item, "value", where, fld=label)),
                             tolerance=float(tolerance),
                             correct=correct, feedback=feedback)
    rng = item.get("range")
    if (not isinstance(rng, list) or len(rng) != 2
            or not all(isinstance(x, (int, float)) and not isinstance(x, bool)
                       and abs(x) <= 10 ** 15 for x in rng)
            or not rng[0] < rng[1]):
        raise where.error(label, f"answer {i} needs value = NUMBER or range = [LOW, HIGH] "
                                 "with LOW < HIGH", "write range = [1, 5] (LOW counts, HIGH does not)")
    return NumericAnswer(low=float(rng[0]), high=float(rng[1]), correct=correct, feedback=feedback)


def _check_written(raw, where, ctx) -> dict:
    if "rubric" not in raw:
        return {}
    rubric = raw["rubric"]
    fix = ("write a [questions.rubric] table with " +
           ", ".join(f'{level} = "..."' for level in RUBRIC_LEVELS) + ", a sentence each")
    if not isinstance(rubric, dict):
        raise where.error("rubric", "the rubric must be a table of levels", fix)
    for key in rubric:
        if key not in RUBRIC_LEVELS:
            raise where.error("rubric", f"unknown rubric level {key!r}",
                              _did_you_mean(key, RUBRIC_LEVELS) + fix)
    levels = tuple((level, _text(rubric, level, where, what=f"rubric's {level} level", fld="rubric"))
                   for level in RUBRIC_LEVELS)
    return {"rubric": levels}


_KIND_CHECKS = {
    "choice": _check_options, "multi": _check_multi, "span": _check_span,
    "match": _check_match, "text": _check_text, "order": _check_order,
    "numeric": _check_numeric, "written": _check_written,
}
