"""The answer key: hand-made annotations of a case's articles.

A case's key is a set of CSV files in ``CASE/annotations/``, one per *kind*
(``quotes``, ``names``, ``artifacts``, ``wording``, ``claims``, ``timeline``).
Their columns and allowed values are data, in :data:`SCHEMAS`, so that the
loader here, ``kit.detect.evaluate`` and an instructor's own checks agree.
``docs/annotations.md`` describes the format for instructors.

Every row is checked when a table is loaded: a span must be exactly
``text[start:end]`` of its article (Python characters, LF-only text), and
values must come from the allowed sets.  The first problem is raised as a
:class:`~kit.errors.KitError` naming the file, the CSV line (the header is
line 1) and the column; :func:`check_key` lists every problem at once.

>>> import kit
>>> key = annotations("claims")
>>> list(key.columns)
['claim_id', 'claim', 'article', 'status', 'start', 'end', 'span', 'public_record']
>>> row = key[key.status != "absent"].iloc[0]
>>> kit.load_articles().loc[row.article, "text"][row.start:row.end] == row.span
True
>>> annotations("quote")
Traceback (most recent call last):
...
kit.errors.KitError: field 'kind': 'quote' is not a kind of annotation. To fix: use one of quotes, names, artifacts, wording, claims, passages, timeline.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from kit._io import header_problems, read_csv
from kit.case.articles import case_path, load_articles
from kit.case.spans import suggestion
from kit.errors import KitError

__all__ = [
    "SCHEMAS", "KINDS", "key_path", "header", "annotations", "highlights", "check_key",
]

#: The format of every table of the key, as data.
#:
#: For each kind: ``columns`` (in order), ``required`` (columns that may not be
#: empty), ``choices`` (column -> allowed values), ``spans`` (``"required"``:
#: every row points into an article with start, end and span; ``"unless-absent"``:
#: only rows whose status is not ``absent`` do; ``"none"``: no spans), and
#: ``label`` (the column :func:`highlights` shows by default).
SCHEMAS: dict[str, dict] = {
    "quotes": {
        "columns": ("article", "start", "end", "span", "speaker_as_written", "speaker",
                    "speaker_type", "verb", "form", "via", "note"),
        "required": ("article", "start", "end", "span", "speaker", "speaker_type", "form"),
        "choices": {
            "speaker_type": ("named official", "unnamed official", "institution", "outlet",
                             "document"),
            "form": ("direct", "partial", "paraphrase", "scare-quotes"),
        },
        "spans": "required",
        "label": "form",
    },
    "names": {
        "columns": ("article", "start", "end", "span", "canonical", "kind", "form", "note"),
        "required": ("article", "start", "end", "span", "canonical", "kind", "form"),
        "choices": {
            "kind": ("person", "place", "organisation"),
            "form": ("standard", "garbled", "formal", "informal", "abbreviation",
                     "viewpoint-spelling", "viewpoint-order"),
        },
        "spans": "required",
        "label": "form",
    },
    "artifacts": {
        "columns": ("article", "start", "end", "span", "category", "label", "certainty",
                    "explanation"),
        "required": ("article", "start", "end", "span", "category", "certainty"),
        "choices": {
            "category": ("machine-translation", "translation", "scraping", "editing"),
            "certainty": ("certain", "probable", "uncertain"),
        },
        "spans": "required",
        "label": "category",
    },
    "wording": {
        "columns": ("article", "start", "end", "span", "category", "framing", "explanation"),
        "required": ("article", "start", "end", "span", "category"),
        "choices": {
            "category": ("loaded-word", "scare-quotes", "hedge", "intensifier",
                         "viewpoint-spelling", "naming", "framing"),
        },
        "spans": "required",
        "label": "category",
    },
    "claims": {
        "columns": ("claim_id", "claim", "article", "status", "start", "end", "span",
                    "public_record"),
        "required": ("claim_id", "claim", "article", "status"),
        "choices": {"status": ("states", "distorts", "contradicts", "absent")},
        "spans": "unless-absent",
        "label": "claim_id",
    },
    "passages": {
        "columns": ("article", "start", "end", "span", "set", "label", "note"),
        "required": ("article", "start", "end", "span", "set", "label"),
        "choices": {},
        "spans": "required",
        "label": "label",
    },
    "timeline": {
        "columns": ("date", "event", "articles", "verified"),
        "required": ("date", "event", "verified"),
        "choices": {"verified": ("yes", "no")},
        "spans": "none",
        "label": None,
    },
}

#: The kinds of table, in the order lessons meet them.
KINDS = tuple(SCHEMAS)

# Claim statuses (the claims table's ``status``): ``states``; ``distorts``, the
# article says the claim, but something changed on the way (a word, a tense, a
# name, where it was said); ``contradicts``, the record rules out what it says;
# ``absent``.  Their colours in the grid and the chart: kit.case.tables.

_INT = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ------------------------------------------------------------------------ schema

def _short(value: str) -> str:   # one message stays one line
    return repr(value) if len(value) <= 40 else repr(value[:20] + "…" + value[-10:])


def _schema(kind) -> dict:
    if not isinstance(kind, str) or kind not in SCHEMAS:
        raise KitError(f"{kind!r} is not a kind of annotation", field="kind",
                       fix="use one of " + ", ".join(KINDS))
    return SCHEMAS[kind]


def header(kind: str) -> str:
    """The header line of a key file of this kind.

    >>> header("timeline")
    'date,event,articles,verified'
    """
    return ",".join(_schema(kind)["columns"])


def key_path(kind: str, case=None) -> Path:
    """Where the table of this kind lives in a case (whether or not it exists yet).

    >>> key_path("quotes").relative_to(case_path()).as_posix()
    'annotations/quotes.csv'
    """
    _schema(kind)
    return case_path(case) / "annotations" / f"{kind}.csv"


# ----------------------------------------------------------------------- loading

def _load(kind: str, case):
    """The validated table and its problems (read afresh: a cache of it saved less than
    50 ms a lesson, benchmarks/RESULTS.md)."""
    _schema(kind)
    return _read_table(case_path(case).resolve(), kind)


def annotations(kind: str, case=None):
    """One table of the answer key of a case, checked row by row.

    ``kind`` is one of :data:`KINDS`.  The DataFrame has the columns of
    ``SCHEMAS[kind]`` in order and is indexed by ``line``, the row's line in
    the CSV file (the header is line 1), so a row can be found in the file.
    ``start`` and ``end`` are integers (nullable ``Int64`` for claims, empty
    where a claim is absent); empty text cells are ``""``.  The timeline's
    ``date`` is a date, ``articles`` a list of ids, ``verified`` a bool.

    >>> annotations("timeline").dtypes.astype(str).tolist()
    ['datetime64[us]', 'str', 'object', 'bool']
    >>> annotations("claims", case="no/such/case")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: no/such/case: this case folder does not exist. To fix: pass the path of a folder that holds articles.csv and articles/ (or unset KIT_CASE to use the kit's own five articles).
    """
    frame, problems = _load(kind, case)
    if problems:
        first = problems[0]
        more = len(problems) - 1
        if more:
            first = KitError(
                f"{first.message} (and {more} more problem(s) in this file; "
                f"kit.case.key.check_key() lists them all)",
                file=first.file, line=first.line, field=first.field, fix=first.fix)
        raise first
    frame = frame.copy()
    if kind == "timeline":
        frame["articles"] = frame["articles"].map(list)
    return frame


def check_key(case=None, kinds=None):
    """Every problem in a case's key, one row each (an empty table if all is well).

    Columns: ``kind``, ``file``, ``line``, ``field``, ``problem``, ``fix``.
    A missing table is a problem too.  Meant for instructors writing a key.

    >>> list(check_key(kinds=["claims"]).columns)
    ['kind', 'file', 'line', 'field', 'problem', 'fix']
    """
    import pandas as pd

    rows = []
    folder = case_path(case).resolve()
    for kind in (KINDS if kinds is None else kinds):
        try:
            _, problems = _load(kind, case)
        except KitError as err:
            if err.file != str(folder / "annotations" / f"{kind}.csv"):
                raise                          # not the key's fault: a bad kind or case
            problems = [err]
        rows += [(kind, p.file, p.line, p.field, p.message, p.fix) for p in problems]
    frame = pd.DataFrame(rows, columns=["kind", "file", "line", "field", "problem", "fix"])
    frame["line"] = frame["line"].astype("Int64")
    return frame


def _read_table(folder: Path, kind: str):
    """Read and check one table: (DataFrame, [KitError, ...]).

    Problems that stop reading (no file, a bad header) are raised; problems
    with rows are collected, so that all of them can be reported.
    """
    schema = SCHEMAS[kind]
    columns = schema["columns"]
    path = folder / "annotations" / f"{kind}.csv"
    shown = str(path)
    if not path.is_file():
        where = "" if path.parent.is_dir() else " (and the annotations/ folder)"
        raise KitError(
            f"the {kind} table of the key is missing", file=shown,
            fix=f"create {path}{where} whose first line is the header "
                f"{','.join(columns)} (see docs/annotations.md)")
    (_, head), *lines = read_csv(path, what=f"{kind} key",
                                 empty_fix=f"write the header {','.join(columns)} on its first line")
    head = [h.strip() for h in head]
    remarks = ("the note column" if "note" in columns else
               "the explanation column" if "explanation" in columns else
               "the event text" if kind == "timeline" else "the public_record column")
    wrong = header_problems(head, columns, shown,
                            fix=f"the header of a {kind} table is {','.join(columns)}",
                            extra_fix=f"the header of a {kind} table is {','.join(columns)}; "
                                      f"put remarks in {remarks}")
    if wrong:
        raise wrong[0]

    arts = load_articles(folder)
    texts = arts["text"].to_dict()
    ids = list(arts.index)
    problems: list[KitError] = []
    records: list[tuple[int, dict]] = []
    for line, fields in lines:
        if len(fields) != len(head):
            problems.append(KitError(
                f"this row has {len(fields)} fields but the header has {len(head)}",
                file=shown, line=line,
                fix="check the commas; put a value that holds a comma or a quote mark in "
                    'double quotes, doubling the quote marks inside ("")'))
            continue
        row = {c: (v if c == "span" else v.strip()) for c, v in zip(head, fields)}
        checker = _RowCheck(shown, line, kind, row, texts, ids, problems)
        checker.run()
        records.append((line, checker.row))

    if kind == "claims":
        _check_claims(shown, records, ids, problems)
    return _frame(kind, records), problems


class _RowCheck:
    """The checks of one row; problems are appended, typed values kept in ``row``."""

    def __init__(self, file, line, kind, row, texts, ids, problems):
        self.file, self.line, self.kind, self.row = file, line, kind, row
        self.texts, self.ids, self.problems = texts, ids, problems
        self.schema = SCHEMAS[kind]

    def problem(self, field, message, fix):
        self.problems.append(KitError(message, file=self.file, line=self.line, field=field,
                                      fix=fix))

    def run(self):
        row, schema = self.row, self.schema
        needs_span = schema["spans"] == "required" or (
            schema["spans"] == "unless-absent" and row.get("status") != "absent")
        required = list(schema["required"])
        if needs_span:
            required += [c for c in ("start", "end", "span") if c not in required]
        for col in required:
            if not row[col].strip():
                self.problem(col, f"the {col} is empty", self._fill_fix(col))
        for col, allowed in schema["choices"].items():
            value = row[col]
            if value and value not in allowed:
                close = [a for a in allowed if a.lower() == value.lower().strip()]
                self.problem(col, f"{value!r} is not an allowed {col}",
                             (f"write {close[0]!r} (lowercase, exactly)" if close else
                              "write one of " + ", ".join(allowed)))
        if "article" in row and row["article"] and row["article"] not in self.texts:
            self.problem("article", f"there is no article {row['article']!r} in articles.csv",
                         "use one of " + ", ".join(self.ids))
        if needs_span:
            self._check_span()
        elif schema["spans"] == "unless-absent":
            filled = [c for c in ("start", "end", "span") if row[c].strip()]
            if filled:
                self.problem(filled[0], "an absent claim has no place in the text, but "
                             f"{', '.join(filled)} {'is' if len(filled) == 1 else 'are'} filled in",
                             "leave start, end and span empty, or change the status to "
                             "states, distorts or contradicts")
            row["start"] = row["end"] = None
        if self.kind == "timeline":
            self._check_timeline()

    def _fill_fix(self, col):
        if self.kind == "claims" and col in ("start", "end", "span"):
            return ("a claim that an article states, distorts or contradicts needs its place in the "
                    "text; if the article does not make the claim, write status absent")
        text = self.texts.get(self.row.get("article"))
        if col in ("start", "end") and text is not None and self.row.get("span"):
            return suggestion(text, self.row["span"])
        if col in ("start", "end"):
            return ("give the offsets of the span in the article's text, e.g. "
                    "kit.case.spans.locate(text, span)")
        if col in self.schema["choices"]:
            return "write one of " + ", ".join(self.schema["choices"][col])
        return f"fill in the {col}"

    def _check_span(self):
        row = self.row
        numbers = {}
        for col in ("start", "end"):
            value = row[col]
            if not value:
                continue                                   # reported as empty already
            if not _INT.match(value):
                self.problem(col, f"{col} {_short(value)} is not a whole number",
                             "write the offset as digits only, e.g. 120 (Python characters "
                             "from the start of the text, the first being 0)")
            elif len(value.lstrip("+-")) > 15:
                self.problem(col, f"{col} {_short(value)} has {len(value.lstrip('+-'))} digits, "
                             "far beyond any text", "write the offset of the span in the "
                             "article, e.g. 120")
            else:
                numbers[col] = int(value)
        row["start"], row["end"] = numbers.get("start"), numbers.get("end")
        text = self.texts.get(row.get("article"))
        if len(numbers) < 2 or text is None:
            return
        start, end = numbers["start"], numbers["end"]
        where = f"article {row['article']!r}, which has {len(text)} characters"
        if start < 0:
            self.problem("start", f"start {start} is negative", "offsets count from 0")
            return
        if end > len(text):
            self.problem("end", f"end {end} is beyond the end of {where}",
                         suggestion(text, row["span"], start) if row["span"] else
                         f"use an end of at most {len(text)}")
            return
        if start >= end:
            self.problem("end", f"start {start} is not before end {end}",
                         "end is the offset just after the span's last character, so "
                         "end = start + len(span)")
            return
        actual = text[start:end]
        if row["span"] and actual != row["span"]:
            self.problem("span", f"the span {row['span']!r} is not text[{start}:{end}], "
                         f"which is {actual!r}", suggestion(text, row["span"], start))

    def _check_timeline(self):
        row = self.row
        date = row["date"]
        if date:
            try:
                if not _DATE.match(date):
                    raise ValueError
                _dt.date.fromisoformat(date)
            except ValueError:
                self.problem("date", f"date {date!r} is not an ISO date",
                             "write it as YYYY-MM-DD, e.g. 2021-12-23")
        listed = [a.strip() for a in row["articles"].split(";")]
        listed = list(dict.fromkeys(a for a in listed if a))
        for art in listed:
            if art not in self.texts:
                comma = "," in art
                self.problem("articles", f"there is no article {art!r} in articles.csv",
                             ("separate ids with ';', not ','" if comma else
                              "use ids from articles.csv: " + ", ".join(self.ids)))
        row["articles"] = listed


def _check_claims(file, records, ids, problems):
    """Across rows: one row per (claim, article), the same claim text, every article."""
    first_line, text_of, seen = {}, {}, {}
    for line, row in records:
        cid, art = row["claim_id"], row["article"]
        if not cid:
            continue
        if cid not in first_line:
            first_line[cid], text_of[cid] = line, row["claim"]
        elif row["claim"] != text_of[cid]:
            problems.append(KitError(
                f"claim {cid} reads {row['claim']!r} here but {text_of[cid]!r} on line "
                f"{first_line[cid]}", file=file, line=line, field="claim",
                fix="write the same claim text on every row of a claim_id"))
        if (cid, art) in seen:
            problems.append(KitError(
                f"claim {cid} has a second row for article {art!r} (the first is on line "
                f"{seen[cid, art]})", file=file, line=line, field="article",
                fix="keep one row per claim and article"))
        else:
            seen[cid, art] = line
    for cid, line in first_line.items():
        lacking = [a for a in ids if (cid, a) not in seen]
        if lacking:
            problems.append(KitError(
                f"claim {cid} has no row for article(s) {', '.join(lacking)}",
                file=file, line=line, field="article",
                fix="add one row per article of the case, with status states, distorts, "
                    "contradicts or absent (absent rows leave start, end and span empty)"))
    problems.sort(key=lambda p: p.line or 0)


def _frame(kind: str, records):
    import pandas as pd

    schema = SCHEMAS[kind]
    data = {}
    for col in schema["columns"]:
        values = [row[col] for _, row in records]
        if col in ("start", "end") and schema["spans"] != "none":
            if kind == "claims":
                data[col] = pd.array(values, dtype="Int64")
            else:                                 # rows with bad offsets were reported
                data[col] = pd.array([v if isinstance(v, int) else 0 for v in values],
                                     dtype="int64")
        elif kind == "timeline" and col == "date":
            data[col] = pd.to_datetime(pd.Series(values, dtype="str"), format="%Y-%m-%d",
                                       errors="coerce").array
        elif kind == "timeline" and col == "verified":
            data[col] = pd.array([v == "yes" for v in values], dtype="bool")
        elif kind == "timeline" and col == "articles":
            data[col] = pd.Series(values, dtype=object).array
        else:
            data[col] = pd.array(values, dtype="str")
    index = pd.Index([line for line, _ in records], name="line", dtype="int64")
    return pd.DataFrame(data, index=index, columns=list(schema["columns"]))


# --------------------------------------------------------------------- using it

def highlights(kind: str, article_id: str, case=None, label: str | None = None):
    """The ``[(start, end, label)]`` of one article in one table, for ``kit.show``.

    ``label`` names the column to show (default: ``SCHEMAS[kind]["label"]``,
    e.g. the form of a quote or the category of an artifact).  Claims that
    are absent from the article have no span and are left out.

    >>> spans = highlights("claims", "putin-demands", label="status")
    >>> sorted({label for _, _, label in spans}) <= ["contradicts", "distorts", "states"]
    True
    >>> highlights("timeline", "putin-demands")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'kind': the timeline has no spans to highlight. To fix: use one of quotes, names, artifacts, wording, claims, passages.
    >>> highlights("claims", "putin-demands", label="colour")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'label': a claims table has no column 'colour'. To fix: use one of claim_id, claim, article, status, start, end, span, public_record.
    """
    schema = _schema(kind)
    if schema["spans"] == "none":
        raise KitError(f"the {kind} has no spans to highlight", field="kind",
                       fix="use one of " + ", ".join(k for k in KINDS
                                                      if SCHEMAS[k]["spans"] != "none"))
    label = schema["label"] if label is None else label
    if label not in schema["columns"]:
        raise KitError(f"a {kind} table has no column {label!r}", field="label",
                       fix="use one of " + ", ".join(schema["columns"]))
    ids = list(load_articles(case).index)
    if article_id not in ids:
        raise KitError(f"there is no article {article_id!r}", field="article_id",
                       fix="use one of " + ", ".join(ids))
    table = annotations(kind, case)
    rows = table[(table["article"] == article_id)]
    if kind == "claims":
        rows = rows[rows["status"] != "absent"]
    spans = [(int(s), int(e), str(v)) for s, e, v in zip(rows["start"], rows["end"], rows[label])]
    return sorted(spans, key=lambda t: (t[0], -t[1]))
