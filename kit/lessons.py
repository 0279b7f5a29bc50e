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

import html

from kit.case.articles import case_path, load_articles
from kit.case.key import annotations
from kit.case.spans import checked_spans, spans_from
from kit.detect.artifacts import find_artifacts
from kit.detect.names import name_variants
from kit.detect.quotes import find_quotes
from kit.detect.run import run_all
from kit.detect.wording import find_wording
from kit.errors import KitError
from kit.quiz import find_question, load_quiz
from kit.view import Shown, article_html, display, plain_text, side_by_side_html

__all__ = ["has_key", "findings", "most", "passages", "compare", "lesson_quiz", "examine", "check",
           "FINDING_KINDS", "NOT_ANSWERED_MESSAGE"]

NOT_ANSWERED_MESSAGE = "not answered yet"

#: Kinds of finding a detector can stand in for when a case has no key.
FINDING_KINDS = ("quotes", "names", "artifacts", "wording")


def has_key(kind: str, case=None) -> bool:
    """Whether the case's key has a table of this kind with at least one row.

    >>> has_key("claims")
    True

    A table with only its header line (as ``python -m kit new-case`` writes
    them) is a key still to be written: the detectors stand in for it.
    """
    path = case_path(case) / "annotations" / f"{kind}.csv"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    except OSError:
        return True                     # a folder or an unreadable file: the loader says so
    return bool(data.partition(b"\n")[2].strip())


_DETECTORS = {"quotes": find_quotes, "artifacts": find_artifacts, "wording": find_wording}


def _detected(kind: str, case):
    arts = load_articles(case)
    if kind == "names":
        found = name_variants(arts).rename(columns={"variant": "span"})
        found["form"] = "variant"
        return found
    found = run_all(_DETECTORS[kind], arts)
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
    if not quiet:
        print(note)
    return found


def most(found, *, where: dict | None = None, exclude=()) -> str:
    """The article with the most rows in ``found`` (optionally only rows matching ``where``).

    ``exclude`` lists articles to pass over (e.g. the one a lesson has just shown).

    >>> arts = findings("artifacts", quiet=True)
    >>> most(arts, where={"category": "scraping"}) in load_articles().index
    True
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
    if rows.empty:
        raise KitError(f"no rows match {where}", field="where",
                       fix="loosen the condition, or look at the table's values first")
    counts = rows["article"].value_counts()
    return str(counts.index[0])


def passages(name: str, case=None):
    """The passages of a named set (e.g. ``"readouts"``) in the case's key.

    Without a ``passages`` table, the ``readouts`` set falls back to the
    whole texts whose ``origin`` mentions a readout.
    """
    import pandas as pd

    if has_key("passages", case):
        table = annotations("passages", case)
        chosen = table[table["set"] == name].reset_index(drop=True)
        if chosen.empty:
            raise KitError(f"the case has no passages in the set {name!r}", field="set",
                           fix="use one of " + ", ".join(sorted(table["set"].unique()))
                               + ", or add rows to annotations/passages.csv")
        return chosen
    arts = load_articles(case)
    if name == "readouts":
        picked = arts[arts["origin"].str.contains("readout", case=False, na=False)]
        if not picked.empty:
            return pd.DataFrame({"article": picked.index, "start": 0,
                                 "end": picked["text"].str.len().to_numpy(),
                                 "span": picked["text"].to_numpy(), "set": name,
                                 "label": picked["outlet"].to_numpy(), "note": ""})
    raise KitError(f"the case has no passages in the set {name!r}", field="set",
                   fix="add annotations/passages.csv (see docs/annotations.md)")


def compare(name: str, highlight=None, *, case=None):
    """Show the passages of a set side by side, each under its label.

    ``highlight`` is a findings table (article, start, end and a label column)
    whose rows inside each passage are highlighted.
    """
    chosen = passages(name, case)
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


def lesson_quiz(lesson: str, case=None):
    """The question bank of a lesson (the case's ``quizzes/LESSON_*.toml``).

    A case without one gets a note saying how to add one, not an error, so
    the lesson still runs on a new case.
    """
    folder = case_path(case) / "quizzes"
    banks = sorted(folder.glob(f"{lesson}_*.toml")) + sorted(folder.glob(f"{lesson}.toml"))
    if not banks:
        return _NoQuiz(lesson, folder)
    if len(banks) > 1:
        raise KitError(f"lesson {lesson} has {len(banks)} banks: {', '.join(b.name for b in banks)}",
                       file=str(folder), fix="keep one bank per lesson")
    return load_quiz(banks[0], case=case)


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


def check(exercise_id: str, answer, *, case=None):
    """Check an exercise's answer, explain the result, and record it.

    ``answer = ...`` (the placeholder of an exercise not done yet) is "not
    answered yet": nothing is recorded and nothing is raised.
    """
    question = find_question(exercise_id, case=case)
    if answer is Ellipsis:
        return _Said(f"{exercise_id}: {NOT_ANSWERED_MESSAGE}. Replace the ... with your answer and run the cell again.")
    feedback = question.submit(answer)
    return _Said(f"{exercise_id}: {feedback.message}", feedback)


class _Said:
    """A check's result: shows as its message; keeps the feedback for code."""

    def __init__(self, message: str, feedback=None):
        self.message, self.feedback = message, feedback

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return f'<div class="kit-check" role="status">{html.escape(self.message)}</div>'
