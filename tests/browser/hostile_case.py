"""A hostile copy of the kit's own case: markup in every text field.

:func:`write_hostile_case` copies ``data/`` (articles, key, quiz banks,
sources) into a folder and puts a script payload into every free-text field
the formats allow: the first line of every article, the outlet, headline,
url, origin and summary of every row of ``articles.csv``, every text column
of every table of the key (plus one row per table whose span *is* a payload),
every text of every question bank, and the sources' titles, notes and points.
Offsets are shifted so that ``text[start:end] == span`` still holds.

Ids stay as they are: they must be slugs, so they cannot carry markup.
Generated from ``data/`` each time, so it stays in step with the case.
"""

from __future__ import annotations

import csv
import json
import shutil
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

#: Each sets ``window.__pwned`` (or its parent's) if it ever runs.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '<svg onload="window.__pwned=3"></svg>',
    '"><iframe srcdoc="<script>parent.__pwned=4</script>"></iframe>',
    '<a href="javascript:window.__pwned=5">link</a>',
    "<details open ontoggle=\"window.__pwned=6\">",
]
JS_URL = "javascript:window.__pwned=7"

#: The text columns of the key's tables (enums, ids, offsets and dates stay).
KEY_TEXT = {
    "quotes.csv": ["speaker_as_written", "speaker", "verb", "via", "note"],
    "names.csv": ["canonical", "note"],
    "artifacts.csv": ["label", "explanation"],
    "wording.csv": ["framing", "explanation"],
    "claims.csv": ["claim", "public_record"],
    "passages.csv": ["label", "note"],
    "timeline.csv": ["event"],
}
#: Extra rows whose span is the article's first payload, by table.
SPAN_ROWS = {
    "quotes.csv": {"speaker": "Hostile Speaker " + PAYLOADS[1], "speaker_type": "outlet",
                   "form": "direct", "speaker_as_written": PAYLOADS[2]},
    "names.csv": {"canonical": "Hostile Name " + PAYLOADS[2], "kind": "person", "form": "standard",
                  "note": PAYLOADS[3]},
    "artifacts.csv": {"category": "scraping", "label": PAYLOADS[4], "certainty": "certain",
                      "explanation": PAYLOADS[0]},
    "wording.csv": {"category": "framing", "framing": PAYLOADS[5], "explanation": PAYLOADS[1]},
    "claims.csv": {"claim_id": "C99", "claim": "Hostile claim " + PAYLOADS[3], "status": "states",
                   "public_record": PAYLOADS[4]},
}
ARTICLE_TEXT = ["outlet", "headline", "origin", "summary"]
SOURCES_TEXT = {"sources.csv": ["title", "by", "notes"],
                "outlets.csv": ["outlet", "point", "source"]}
QUIZ_TEXT = {"title", "prompt", "explanation", "hint", "feedback", "default_feedback", "text",
             "left", "right", "beginning", "emerging", "mastery"}


def payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)]


def lead(n: int) -> str:
    """The line put before article ``n``'s text (its first payload is a span of the key)."""
    return " ".join(payload(n + k) for k in range(len(PAYLOADS))) + "\n\n"


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


def _toml(bank: dict) -> str:
    lines = [f"{k} = {_toml_value(v)}" for k, v in bank.items() if k != "questions"]
    for question in bank.get("questions", []):
        lines += ["", "[[questions]]"] + [f"{k} = {_toml_value(v)}" for k, v in question.items()]
    return "\n".join(lines) + "\n"


def _poison(value, key: str, counter: list[int], shift: int = 0):
    """``value`` with a payload after every quiz text; span offsets moved by ``shift``."""
    if key in ("answer", "alternatives") and not isinstance(value, str):   # spans: move only
        return json.loads(json.dumps(value), object_hook=lambda d: {
            k: v + shift if k in ("start", "end") else v for k, v in d.items()})
    if isinstance(value, dict):
        return {k: _poison(v, k, counter, shift) for k, v in value.items()}
    if isinstance(value, list):
        if key in ("items",) and all(isinstance(v, str) for v in value):
            return [_poison(v, "text", counter, shift) for v in value]
        return [_poison(v, key, counter, shift) for v in value]
    if isinstance(value, str) and key in QUIZ_TEXT:
        counter[0] += 1
        return f"{value} {payload(counter[0])}"
    if key in ("start", "end") and isinstance(value, int):
        return value + shift
    return value


def write_hostile_case(folder: Path) -> Path:
    """Write the hostile case into ``folder`` (which must not exist yet); return it."""
    folder = Path(folder)
    (folder / "articles").mkdir(parents=True)
    header, rows = _read(DATA / "articles.csv")
    shift = {}
    for n, row in enumerate(rows):
        text = (DATA / "articles" / row["file"]).read_text(encoding="utf-8")
        shift[row["id"]] = len(lead(n))
        (folder / "articles" / row["file"]).write_text(lead(n) + text, encoding="utf-8")
        for k, column in enumerate(ARTICLE_TEXT):
            row[column] = f"{row[column]} {payload(n + k)}"
        row["url"] = JS_URL
    _write(folder / "articles.csv", header, rows)
    ids = [row["id"] for row in rows]

    for name, columns in KEY_TEXT.items():
        header, key_rows = _read(DATA / "annotations" / name)
        for n, row in enumerate(key_rows):
            if row.get("start"):
                row["start"] = str(int(row["start"]) + shift[row["article"]])
                row["end"] = str(int(row["end"]) + shift[row["article"]])
            for k, column in enumerate(columns):
                if column in ("speaker", "canonical", "claim"):   # one spelling per person/claim
                    row[column] = f"{row[column]} {PAYLOADS[0]}"
                else:
                    row[column] = f"{row[column]} {payload(n + k)}"
        for n, article in enumerate(ids if name in SPAN_ROWS else []):
            first = PAYLOADS[n % len(PAYLOADS)]
            key_rows.append({**{c: "" for c in header}, **SPAN_ROWS[name], "article": article,
                             "start": "0", "end": str(len(first)), "span": first})
        _write(folder / "annotations" / name, header, key_rows)

    for bank in sorted((DATA / "quizzes").glob("*.toml")):
        data = tomllib.loads(bank.read_text(encoding="utf-8"))
        counter = [0]
        questions = []
        for q in data.get("questions", []):
            questions.append(_poison(q, "", counter, shift.get(q.get("article"), 0)))
        out = _poison({k: v for k, v in data.items() if k != "questions"}, "", counter)
        out["questions"] = questions
        (folder / "quizzes").mkdir(exist_ok=True)
        (folder / "quizzes" / bank.name).write_text(_toml(out), encoding="utf-8")

    shutil.copytree(DATA / "sources", folder / "sources")
    for name, columns in SOURCES_TEXT.items():
        header, src_rows = _read(DATA / "sources" / name)
        for n, row in enumerate(src_rows):
            for k, column in enumerate(columns):
                row[column] = f"{row[column]} {payload(n + k)}"
        _write(folder / "sources" / name, header, src_rows)
    for text in (folder / "sources").glob("*.txt"):
        text.write_text(PAYLOADS[0] + "\n\n" + text.read_text(encoding="utf-8"), encoding="utf-8")
    return folder
