"""What the lessons need from a case, whatever the case.

The lesson notebooks never name an article: they ask the case.  A case with a
hand-made key gives the key; a case without one gives what the detectors find,
and says so.

>>> found = findings("artifacts", quiet=True)
>>> found.attrs["source"], {"article", "start", "end", "span", "category"} <= set(found.columns)
('key', True)
>>> findings("rumours")
Traceback (most recent call last):
...
kit.errors.KitError: field 'kind': 'rumours' has no findings. To fix: use one of quotes, names, artifacts, wording.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

from kit._io import read_bytes
from kit.case.articles import DEFAULT_CASE, case_path, convert_text, load_articles
from kit.case.key import annotations
from kit.case.pages import is_link, is_page, read_page
from kit.case.spans import checked_spans, spans_from
from kit.detect.artifacts import find_artifacts
from kit.detect.names import name_variants
from kit.detect.quotes import find_quotes
from kit.detect.run import run_all
from kit.detect.wording import find_wording
from kit.errors import CheckFailed, KitError
from kit.quiz import Quiz, find_question, load_quiz
from kit.quiz.bank import read_bank
from kit.store import grading
from kit.view import Shown, article_html, display, plain_text, side_by_side_html

__all__ = ["has_key", "findings", "most", "passages", "compare", "lesson_quiz", "stop", "examine",
           "your_text", "check",
           "FINDING_KINDS", "NOT_ANSWERED_MESSAGE"]

NOT_ANSWERED_MESSAGE = "not answered yet"

#: Kinds of finding a detector can stand in for when a case has no key.
FINDING_KINDS = ("quotes", "names", "artifacts", "wording")


def has_key(kind: str, case=None, *, say: bool = False) -> bool:
    """Whether the case's key has a table of this kind with at least one row.

    >>> has_key("claims")
    True

    A table with only its header line (as ``python -m kit new-case`` writes
    them) is a key still to be written: the detectors stand in for it.  With
    ``say``, a missing table is said in one sentence, for a lesson that leaves
    out the part that needs it.
    """
    path = case_path(case) / "annotations" / f"{kind}.csv"
    try:
        data = read_bytes(path, what=f"{kind} key")
    except FileNotFoundError:
        found = False
    except (OSError, KitError):
        found = True                    # a folder or an unreadable file: the loader says so
    else:
        found = bool(data.replace(b"\r", b"").partition(b"\n")[2].strip())
    if say and not found:
        print(f"This case's key has no {kind} table yet (annotations/{kind}.csv), "
              f"so the parts of this lesson that need it are left out.")
    return found


def _detected(kind: str, case):
    arts = load_articles(case)
    if kind == "names":
        found = name_variants(arts).rename(columns={"variant": "span"})
        found["form"] = "variant"
        return found
    found = run_all(kind, arts)
    if kind == "quotes":
        found = found.rename(columns={"quote": "span"}).assign(form="quoted")
    if kind == "artifacts":
        found = found.rename(columns={"rule": "label"})
    first = ["article", "start", "end", "span"]
    return found[first + [c for c in found.columns if c not in first]]


def findings(kind: str, case=None, *, quiet: bool = False):
    """The case's hand-made key for ``kind`` or, without one, the detectors' findings.

    The result's ``attrs["source"]`` is ``"key"`` or ``"detectors"``, and
    unless ``quiet`` a sentence says which, so a student knows how far to
    trust it.
    """
    if kind not in FINDING_KINDS:
        raise KitError(f"{kind!r} has no findings", field="kind",
                       fix="use one of " + ", ".join(FINDING_KINDS))
    if has_key(kind, case):
        found = annotations(kind, case).reset_index(drop=True)
        found.attrs["source"] = "key"
        note = (f"From this case's hand-made key (annotations/{kind}.csv): {len(found)} rows, "
                f"checked by people.")
    else:
        found = _detected(kind, case)
        found.attrs["source"] = "detectors"
        note = (f"This case has no hand-made key for {kind}: these {len(found)} rows are what the "
                f"kit's detectors found. Detectors miss things and make mistakes, so check each one.")
    found.attrs["case"] = str(case_path(case))
    if not quiet:
        print(note)
    return found


def most(found, *, where: dict | None = None, exclude=(), say: bool = True) -> str:
    """The article with the most rows in ``found`` (optionally only rows matching ``where``).

    ``exclude`` lists articles to pass over (e.g. the one a lesson has just shown).
    When no row matches (a case without that kind of finding), a sentence says
    so (unless ``say`` is false) and the article with the most rows of any kind
    stands in, or the case's first article when ``found`` is empty.

    >>> arts = findings("artifacts", quiet=True)
    >>> most(arts, where={"category": "scraping"}) in load_articles().index
    True
    >>> most(arts.iloc[0:0])
    No text in this case has rows of this kind; the lesson goes on with psaki-briefing, the case's first text.
    'psaki-briefing'
    """
    rows = found
    for column, value in (where or {}).items():
        if column not in rows.columns:
            raise KitError(f"there is no column {column!r}", field="where",
                           fix="use one of " + ", ".join(map(str, rows.columns)))
        values = value if isinstance(value, (list, tuple, set)) else [value]
        rows = rows[rows[column].isin(values)]
    if isinstance(exclude, str):
        exclude = [exclude]
    rows = rows[~rows["article"].isin(list(exclude))]
    if not rows.empty:
        return str(rows["article"].value_counts().index[0])
    wanted = " and ".join(f"{c} {_either(v)}" for c, v in (where or {}).items()) or "of this kind"
    others = found[~found["article"].isin(list(exclude))]
    if not others.empty:
        article = str(others["article"].value_counts().index[0])
        instead = f"{article}, the text with the most rows of other kinds"
    else:
        ids = [a for a in load_articles(found.attrs.get("case")).index if a not in exclude]
        article = str(ids[0]) if ids else str(load_articles(found.attrs.get("case")).index[0])
        instead = f"{article}, the case's first text"
    if say:
        print(f"No text in this case has rows {wanted}; the lesson goes on with {instead}.")
    return article


def _either(value) -> str:
    values = value if isinstance(value, (list, tuple, set)) else [value]
    return " or ".join(repr(v) for v in values)


def passages(name: str, case=None, *, quiet: bool = False):
    """The passages of a named set (e.g. ``"readouts"``) in the case's key.

    Without a ``passages`` table, the ``readouts`` set falls back to the
    whole texts whose ``origin`` mentions a readout, and without those to the
    case's first two texts, with a sentence (unless ``quiet``) that says so.
    """
    import pandas as pd

    if has_key("passages", case):
        table = annotations("passages", case)
        chosen = table[table["set"] == name].reset_index(drop=True)
        if not chosen.empty:
            return chosen
        if name != "readouts":
            raise KitError(f"the case has no passages in the set {name!r}", field="set",
                           fix="use one of " + ", ".join(sorted(table["set"].unique()))
                               + ", or add rows to annotations/passages.csv")
    elif name != "readouts":
        raise KitError(f"the case has no passages in the set {name!r}", field="set",
                       fix="add annotations/passages.csv (see docs/annotations.md)")
    arts = load_articles(case)
    picked = arts[arts["origin"].str.contains("readout", case=False, na=False)]
    if picked.empty:
        picked = arts.iloc[:2]
        if not quiet:
            print("This case's key has no readouts (no passage set 'readouts', and no article whose "
                  "origin is a readout), so the lesson compares its first two texts: "
                  + " and ".join(picked.index) + ".")
    labels = [outlet or art for art, outlet in zip(picked.index, picked["outlet"])]
    return pd.DataFrame({"article": picked.index, "start": 0,
                         "end": picked["text"].str.len().to_numpy(),
                         "span": picked["text"].to_numpy(), "set": name,
                         "label": labels, "note": ""})


def compare(name: str, highlight=None, *, case=None):
    """Show the passages of a set side by side, each under its label.

    ``highlight`` is a findings table (article, start, end and a label column)
    whose rows inside each passage are highlighted.
    """
    chosen = passages(name, case, quiet=True)
    texts = load_articles(case)["text"]
    items = []
    for row in chosen.itertuples(index=False):
        spans = spans_from(highlight, row.article) if highlight is not None else []
        inside = [(s - row.start, e - row.start, label) for s, e, label in spans
                  if row.start <= s and e <= row.end]
        items.append((f"{row.label} ({row.article})", texts[row.article][row.start:row.end], inside))
    plain = "\n\n".join(f"== {t}\n{plain_text(x, h)}" for t, x, h in items)
    display(Shown(side_by_side_html(items), plain))


class _NoQuiz:
    """Stands in for a bank a case does not have; says so instead of failing."""

    def __init__(self, lesson: str, folder):
        self.message = (f"This case has no questions for lesson {lesson} yet: add a bank named "
                        f"{lesson}_<topic>.toml to {folder} (see docs/quiz-format.md).")
        self.questions = []

    def __getitem__(self, key):
        return self                     # a part of no questions is still no questions

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return self.message

    def score(self):
        return (0.0, 0.0)


#: The starter questions' tags each lesson draws on when the case has no bank for it.
STARTER_TAGS = {"01": ("scraping",), "03": ("wording", "names"), "04": ("names",),
                "05": ("scraping",), "06": ("wording", "names")}


def lesson_quiz(lesson: str, case=None):
    """The question bank of a lesson (the case's ``quizzes/LESSON_*.toml``).

    A case without one falls back to the starter questions that
    ``python -m kit new-case`` wrote (``quizzes/starter.toml``: those with the
    lesson's tags, or all of them), with a sentence saying so; a case without
    those gets a note saying how to add a bank, not an error, so the lesson
    still runs on a new case.  ``lesson`` is the bank's name before the ``_``
    ("02") or the lesson's number (2).
    """
    if isinstance(lesson, int) and not isinstance(lesson, bool) and 0 <= lesson <= 99:
        lesson = f"{lesson:02d}"
    if not isinstance(lesson, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", lesson):
        raise KitError(f"{lesson!r} is not a lesson", field="lesson",
                       fix='give the lesson\'s number, e.g. kit.lesson_quiz(2) or kit.lesson_quiz("02")')
    folder = case_path(case) / "quizzes"
    banks = sorted(folder.glob(f"{lesson}_*.toml")) + sorted(folder.glob(f"{lesson}.toml"))
    if len(banks) > 1:
        raise KitError(f"lesson {lesson} has {len(banks)} banks: {', '.join(b.name for b in banks)}",
                       file=str(folder), fix="keep one bank per lesson")
    if banks:
        return load_quiz(banks[0], case=case)
    starter = folder / "starter.toml"
    if not starter.is_file():
        return _NoQuiz(lesson, folder)
    bank = read_bank(starter, case=case)
    tags = set(STARTER_TAGS.get(lesson, ()))
    chosen = tuple(q for q in bank.questions if tags & set(q.tags)) or bank.questions
    print(f"This case has no questions for lesson {lesson} yet, so here are {len(chosen)} of the "
          f"starter questions made from the detectors' findings (quizzes/starter.toml); "
          f"they may be wrong, so question them too.")
    return Quiz(dataclasses.replace(bank, questions=chosen))


def stop(lesson: str = "00", case=None):
    """The lesson's *Stop* reflection: a written question tagged ``stop``, recorded, never marked.

    It comes from the case's bank for the lesson; a case whose banks have none
    (a new case, whose starter questions are all about its texts) gets the
    kit's own, since what a reader already believes does not depend on the case.

    >>> stop().spec.kind, "stop" in stop().spec.tags
    ('written', True)
    """
    for where in (case_path(case), DEFAULT_CASE):
        banks = sorted((where / "quizzes").glob(f"{lesson}_*.toml"))
        for question in (load_quiz(banks[0], case=where).questions if banks else ()):
            if "stop" in question.spec.tags:
                return question
    raise KitError(f"lesson {lesson} has no question tagged 'stop'", field="lesson",
                   fix="add a written question with tags = [\"stop\"] to the lesson's bank")


def examine(text: str, *, title: str = "Your text", kinds=("quotes", "names", "artifacts", "wording")):
    """Run the detectors on any text, show it highlighted, and return what they found.

    For a text a student brings (pasted, or read from a file with
    ``open(path, encoding="utf-8").read()``).  Returns one table with a
    ``kind`` column; the detectors can be wrong, so the table is where to
    start checking, not a verdict.

    >>> found = examine("The minister insinuated that talks.Despite this, nothing.", kinds=("artifacts",))
    Your text
    ...
    >>> found[["kind", "span"]].values.tolist()
    [['artifacts', 'talks.Despite']]
    """
    import pandas as pd

    if not isinstance(text, str) or not text.strip():
        raise KitError("examine() needs some text", field="text",
                       fix="paste an article between triple quotes, or read a file with open(path, encoding='utf-8').read()")
    detectors = {
        "quotes": lambda t: find_quotes(t).rename(columns={"quote": "span"}).assign(label="quote"),
        "names": lambda t: name_variants({"text": t}).rename(columns={"variant": "span"})
                                                     .assign(label=lambda d: "name: " + d["canonical"]),
        "artifacts": lambda t: find_artifacts(t).assign(label=lambda d: d["category"]),
        "wording": lambda t: find_wording(t).assign(label=lambda d: d["category"]),
    }
    unknown = [k for k in kinds if k not in detectors]
    if unknown:
        raise KitError(f"{unknown[0]!r} is not a kind of finding", field="kinds",
                       fix="use any of " + ", ".join(detectors))
    frames = [detectors[k](text).assign(kind=k) for k in kinds]
    found = pd.concat(frames, ignore_index=True)[["kind", "start", "end", "span", "label"]]
    found = found.sort_values(["start", "end"], ignore_index=True)
    spans = checked_spans(text, found[["start", "end", "label"]].itertuples(index=False), "your text")
    display(Shown(article_html(text, spans, title=title), title + "\n\n" + plain_text(text, spans)))
    return found


def your_text(source: str) -> str:
    """The text of an article a student brings: pasted text, a ``.txt`` file, a saved web page or a link.

    A string that names an existing ``.txt`` file is read (a byte-order mark
    and CRLF line endings are converted); one that names a saved page
    (``.html``) or is a link (``https://...``) gives the article's text
    without the page's menus, links and footer; anything else is the text
    itself, pasted.  A sentence says which it was.

    >>> your_text("The minister said talks went well.")
    Your text: pasted, 34 characters.
    'The minister said talks went well.'
    """
    if not isinstance(source, str) or not source.strip():
        raise KitError("there is no text to read", field="source",
                       fix="paste an article between triple quotes, or give the name of a .txt or "
                           ".html file saved next to this notebook")
    one_line = "\n" not in source.strip() and len(source) < 400
    if is_link(source) or (one_line and is_page(source.strip())):
        page = read_page(source.strip())
        said = f"the article in {source.strip()}" + (f" ({page.headline})" if page.headline else "")
        text = page.text
    elif one_line and Path(source.strip()).expanduser().is_file():
        text, changes = convert_text(Path(source.strip()).expanduser())
        said = f"the file {source.strip()}" + (f" ({' and '.join(changes)})" if changes else "")
    else:
        text, said = source, "pasted"
    print(f"Your text: {said}, {len(text)} characters.")
    return text


def check(exercise_id: str, answer, *, case=None, strict: bool | None = None):
    """Check an exercise's answer, explain the result, and record it.

    ``answer = ...`` (the placeholder of an exercise not done yet) is "not
    answered yet": nothing is recorded.  A strict check raises
    :class:`kit.CheckFailed` (an ``AssertionError``, so an nbgrader test cell
    fails) when the answer is not right or not given; a written answer is only
    saved, since the teacher marks it.  ``strict=None`` (the
    default) is strict only while nbgrader grades the notebook: students read
    feedback, the grader gets failing test cells, and nothing is recorded in
    the grader's progress store (see :func:`kit.store.record`); a right answer
    is then printed, not returned, since nbgrader would read a returned value as
    partial credit.
    """
    question = find_question(exercise_id, case=case)
    strict = grading() if strict is None else strict
    if answer is Ellipsis:
        said = _Said(f"{exercise_id}: {NOT_ANSWERED_MESSAGE}. Replace the ... with your answer and run the cell again.")
    else:
        feedback = question.submit(answer)
        said = _Said(f"{exercise_id}: {feedback.message}", feedback)
    marked = question.spec.kind != "written"     # a written answer is read by the teacher, not marked
    if strict and marked and not (said.feedback and said.feedback.correct):
        raise CheckFailed(said.message)
    if grading():       # nbgrader reads a test cell's value as partial credit: print, return nothing
        print(said.message)
        return None
    return said


class _Said:
    """A check's result: shows as its message; keeps the feedback for code."""

    def __init__(self, message: str, feedback=None):
        self.message, self.feedback = message, feedback

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return f'<div class="kit-check" role="status">{html.escape(self.message)}</div>'
