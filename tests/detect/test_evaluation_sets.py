"""The evaluation sets of tests/fixtures/mt: well formed, offsets exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MT = Path(__file__).resolve().parent.parent / "fixtures" / "mt"
KINDS = {"transliteration", "given-name", "order", "dropped-given-name", "initial"}


def _records(name):
    with open(MT / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_every_label_offset_is_exact():
    items = _records("names")
    assert len(items) >= 100
    labels = 0
    for item in items:
        mt = item["mt"]
        assert item["reference"].strip() and mt.strip(), item["id"]
        for label in item["garbled"]:
            assert mt[label["start"]:label["end"]] == label["span"], (item["id"], label)
            assert label["kind"] in KINDS, (item["id"], label)
            assert label["correct"] and label["correct"] != label["span"], (item["id"], label)
            labels += 1
        for span in item["ignore"]:
            assert mt[span["start"]:span["end"]] == span["span"], (item["id"], span)
    assert labels >= 100


def test_labels_do_not_overlap_each_other_or_the_ignored_spans():
    for item in _records("names"):
        labels = item["garbled"]
        for k, label in enumerate(labels):
            for other in labels[k + 1:] + item["ignore"]:
                apart = label["end"] <= other["start"] or other["end"] <= label["start"]
                assert apart, (item["id"], label["span"], other["span"])


def test_the_correct_form_is_the_reference_s():
    """Each label's correct form is written in the reference, word for word."""
    for item in _records("names"):
        for label in item["garbled"]:
            assert label["correct"] in item["reference"], (item["id"], label["correct"])


@pytest.mark.parametrize("name, field", [("clean", "text"), ("documents", "mt"),
                                         ("documents", "reference")])
def test_the_document_sets_hold_text(name, field):
    records = _records(name)
    assert len(records) >= 20
    assert len({r["id"] for r in records}) == len(records)
    assert all(isinstance(r[field], str) and len(r[field]) > 200 for r in records)
