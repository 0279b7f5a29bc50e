"""How the detectors do on texts nobody on the project wrote: figures, not timings.

    .venv/bin/python benchmarks/names_eval.py          # print the figures
    .venv/bin/python benchmarks/names_eval.py --json   # the same, as JSON

The sets are in ``tests/fixtures/mt/`` (see the README there):

* ``names.jsonl``: machine translations of news sentences, each with its
  human reference and the names the machine garbled, labelled with their
  correct form and offsets.  :func:`name_scores` runs ``kit.name_variants``
  on ``{"mt": mt, "reference": reference}`` for each pair and counts

  - recall: the share of labelled garbles that get a row pairing them with
    their correct form (the row's span overlaps the label, its canonical
    name shares a word with the label's correct form);
  - precision: the share of the rows in the machine translation that do so
    (rows on spans the README lists as debatable, ``ignore``, count neither
    way; a row on a labelled garble with a wrong canonical name is wrong).

* ``clean.jsonl``: statements and readouts of the White House (December 2021),
  professionally edited English.  :func:`artifact_rates` counts the share of
  sentences (``kit.sentences``) that ``kit.find_artifacts`` flags at all: the
  false-alarm rate.
* ``documents.jsonl``: whole news documents in machine translation, with their
  human references.  The same function gives the share of documents, and of
  sentences, for which find_artifacts reports a machine-translation symptom,
  and the same shares on the references.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "mt"
sys.path.insert(0, str(ROOT))


def load(name: str) -> list[dict]:
    """The records of ``tests/fixtures/mt/<name>.jsonl``."""
    with open(FIXTURES / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _words(name: str) -> set[str]:
    return {w.strip(".,'’").lower() for w in name.replace("-", " ").split()} - {""}


def _overlaps(a: dict, start: int, end: int) -> bool:
    return a["start"] < end and start < a["end"]


def name_scores(items: list[dict] | None = None) -> dict:
    """Recall and precision of ``kit.name_variants`` on the labelled garbles."""
    import kit

    items = load("names") if items is None else items
    takes_reference = "reference" in inspect.signature(kit.name_variants).parameters
    found = labelled = right = wrong = 0
    misses, false = [], []
    for item in items:
        texts = {"mt": item["mt"], "reference": item["reference"]}
        rows = kit.name_variants(texts, reference="reference") if takes_reference \
            else kit.name_variants(texts)
        rows = rows[rows["article"] == "mt"]
        labels = item["garbled"]
        hit = [False] * len(labels)
        for row in rows.itertuples():
            if any(_overlaps(ig, row.start, row.end) for ig in item["ignore"]):
                continue
            good = False
            for k, label in enumerate(labels):
                if _overlaps(label, row.start, row.end) and \
                        _words(row.canonical) & _words(label["correct"]):
                    hit[k] = good = True
            if good:
                right += 1
            else:
                wrong += 1
                false.append(f"{item['id']}: {row.variant} -> {row.canonical}")
        labelled += len(labels)
        found += sum(hit)
        misses += [f"{item['id']}: {lab['span']} -> {lab['correct']} ({lab['kind']})"
                   for lab, h in zip(labels, hit) if not h]
    return {"pairs": len(items), "garbles": labelled, "found": found,
            "recall": found / labelled if labelled else 0.0,
            "rows": right + wrong, "right_rows": right,
            "precision": right / (right + wrong) if right + wrong else 1.0,
            "misses": misses, "false": false}


def _flagged(text: str, categories=None) -> tuple[int, int, dict]:
    """``(sentences, flagged sentences, {rule: sentences})`` for one text."""
    import kit

    sents = kit.sentences(text)
    rows = kit.find_artifacts(text)
    if categories is not None:
        rows = rows[rows["category"].isin(categories)]
    flagged, by_rule = 0, {}
    for s in sents.itertuples():
        rules = {r.rule for r in rows.itertuples() if r.start < s.end and s.start < r.end}
        flagged += bool(rules)
        for rule in rules:
            by_rule[rule] = by_rule.get(rule, 0) + 1
    return len(sents), flagged, by_rule


def artifact_rates(clean: list[dict] | None = None, documents: list[dict] | None = None) -> dict:
    """find_artifacts on clean edited text (false alarms) and on machine translations (hits)."""
    clean = load("clean") if clean is None else clean
    documents = load("documents") if documents is None else documents
    out = {}
    n = f = 0
    rules: dict[str, int] = {}
    for doc in clean:
        a, b, by = _flagged(doc["text"])
        n, f = n + a, f + b
        for k, v in by.items():
            rules[k] = rules.get(k, 0) + v
    out["clean"] = {"documents": len(clean), "sentences": n, "flagged": f,
                    "false_alarm_rate": f / n if n else 0.0, "rules": rules}
    for side in ("mt", "reference"):
        n = f = docs = 0
        rules = {}
        for doc in documents:
            a, b, by = _flagged(doc[side], categories=("machine-translation",))
            n, f, docs = n + a, f + b, docs + bool(b)
            for k, v in by.items():
                rules[k] = rules.get(k, 0) + v
        out[side] = {"documents": len(documents), "documents_flagged": docs,
                     "document_rate": docs / len(documents) if documents else 0.0,
                     "sentences": n, "flagged": f, "sentence_rate": f / n if n else 0.0,
                     "rules": rules}
    return out


def evaluate() -> dict:
    return {"names": name_scores(), "artifacts": artifact_rates()}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--details", action="store_true", help="list the misses and false pairs")
    args = p.parse_args(argv)
    figures = evaluate()
    if args.json:
        print(json.dumps(figures, indent=1, ensure_ascii=False))
        return 0
    names, art = figures["names"], figures["artifacts"]
    print(f"name_variants: {names['found']}/{names['garbles']} garbles found in {names['pairs']} "
          f"pairs: recall {names['recall']:.2f}; {names['right_rows']}/{names['rows']} rows right: "
          f"precision {names['precision']:.2f}")
    c = art["clean"]
    print(f"find_artifacts, clean text: {c['flagged']}/{c['sentences']} sentences flagged "
          f"({c['false_alarm_rate']:.1%}) in {c['documents']} documents; by rule {c['rules']}")
    for side in ("mt", "reference"):
        s = art[side]
        print(f"find_artifacts, machine-translation symptoms, {side}: {s['documents_flagged']}/"
              f"{s['documents']} documents ({s['document_rate']:.0%}), {s['flagged']}/{s['sentences']} "
              f"sentences ({s['sentence_rate']:.1%}); by rule {s['rules']}")
    if args.details:
        print("\nmissed:", *names["misses"], sep="\n  ")
        print("\nfalse:", *names["false"], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
