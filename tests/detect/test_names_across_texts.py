"""name_variants across texts, and both detectors on the evaluation sets of tests/fixtures/mt."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import kit
from kit.detect.names import names_lexicon, variant_rows
from kit.errors import KitError

ROOT = Path(__file__).resolve().parent.parent.parent


def _pairs(texts, **kw):
    rows = kit.name_variants(texts, **kw)
    return [(r.article, r.variant, r.canonical) for r in rows.itertuples()], rows


def test_two_texts_pair_each_garble_with_the_other_text_s_form():
    """Are Sholts and Makron/Emanuel paired with Scholz and Macron/Emmanuel, in text b only?"""
    found, rows = _pairs({"a": "Olaf Scholz met Emmanuel Macron.",
                          "b": "Olaf Sholts met Emanuel Makron."})
    assert found == [("b", "Olaf Sholts", "Olaf Scholz"), ("b", "Emanuel Makron", "Emmanuel Macron")]
    assert all(r.reason.startswith(("spelling", "sounds alike")) for r in rows.itertuples())


@pytest.mark.parametrize("mt, ref, variant, canonical, reason", [
    ("Judge Anett Kreutzmann spoke.", "Judge Anett Kreitsmann spoke.", "Anett Kreutzmann",
     "Anett Kreitsmann", "sounds alike (Metaphone ANTKRTSMN=ANTKRTSMN)"),       # transliteration
    ("Zirkon was tested.", "Tsirkon was tested.", "Zirkon", "Tsirkon", "sounds alike"),
    ("Governor Hirofumi Yoshimura said so.", "Governor Yoshimura Hirofumi said so.",
     "Hirofumi Yoshimura", "Yoshimura Hirofumi", "the same words in another order"),
    ("Seita Hirano won.", "Hirano Seiya won.", "Seita Hirano", "Hirano Seiya",
     "the same words in another order ("),                                      # order and spelling
    ("President Saeed spoke.", "President Kais Saied spoke.", "Saeed", "Kais Saied",
     "spelling"),                                                               # given name dropped
    ("Emanuel Makron came.", "Macron came.", "Emanuel Makron", "Macron", "spelling"),   # added
])
def test_each_kind_of_garble_is_paired_with_the_reference(mt, ref, variant, canonical, reason):
    """Transliteration, surname first, given names dropped or added: each paired, with a reason
    that says what differs and that the form is the reference text's?"""
    found, rows = _pairs({"mt": mt, "ref": ref}, reference="ref")
    assert found == [("mt", variant, canonical)]
    row = rows.iloc[0]
    assert row.reason.startswith(reason), row.reason
    assert row.reason.endswith(f"{canonical} is the form of the reference text 'ref'"), row.reason
    assert mt[row.start:row.end] == variant


def test_the_form_more_texts_use_wins_and_the_reason_says_so():
    texts = {"a": "Dana Kovich spoke.", "b": "Dana Kovich left.", "c": "Dayna Covich smiled."}
    found, rows = _pairs(texts, known=[])
    assert found == [("c", "Dayna Covich", "Dana Kovich")]
    assert rows["reason"][0].endswith("Dana Kovich is used in 2 texts")


def test_a_reference_text_outweighs_the_lexicon_and_the_order_of_texts():
    """With the reference given, is the other text's form the variant, whichever comes first?"""
    texts = {"mt": "Sergei Lazarev sang.", "ref": "Sergey Lazarev sang."}
    found, _ = _pairs(texts, reference="ref")
    assert found == [("mt", "Sergei Lazarev", "Sergey Lazarev")]
    found, _ = _pairs({"ref": texts["ref"], "mt": texts["mt"]}, reference=["ref"])
    assert found == [("mt", "Sergei Lazarev", "Sergey Lazarev")]
    with pytest.raises(KitError, match="reference 'nope' is not one of the texts"):
        kit.name_variants(texts, reference="nope")


@pytest.mark.parametrize("texts", [
    {"a": "Austria and Australia met in Vienna.", "b": "Austria spoke."},      # both in one text
    {"a": "The French minister spoke.", "b": "France agreed."},               # an adjective
    {"a": "Russia-US talks began.", "b": "Russians voted."},                  # a compound
    {"a": "Says the mayor: no.", "b": "Sayuri left; she says no."},            # a common word
])
def test_near_misses_make_no_pair(texts):
    found, _ = _pairs(texts, known=[])
    assert found == []


def test_a_title_before_a_name_does_not_make_a_pair_of_its_own():
    """Is "Jane Psaki" paired with the lexicon's "Jen Psaki", not "Press Secretary Jane"
    with another text's "Press Secretary Jen"?"""
    found, _ = _pairs({"a": "Press Secretary Jane Psaki spoke.", "b": "Press Secretary Jen Psaki spoke."})
    assert found == [("a", "Jane Psaki", "Jen Psaki")]


def _evaluation():
    spec = importlib.util.spec_from_file_location("names_eval", ROOT / "benchmarks" / "names_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_name_variants_meets_its_floors_on_real_machine_translation():
    """Recall >= 0.75 at precision >= 0.7 on the labelled garbles of WMT21 outputs."""
    scores = _evaluation().name_scores()
    assert scores["garbles"] >= 100
    assert scores["recall"] >= 0.75, scores["misses"]
    assert scores["precision"] >= 0.7, scores["false"]


def test_find_artifacts_is_quiet_on_edited_text_and_reports_machine_translation():
    """False alarms on at most 10 % of the sentences of White House statements; some
    machine-translation symptom reported in real machine-translated documents."""
    rates = _evaluation().artifact_rates()
    assert rates["clean"]["sentences"] >= 300
    assert rates["clean"]["false_alarm_rate"] <= 0.10, rates["clean"]["rules"]
    assert rates["mt"]["documents_flagged"] >= 1 and rates["mt"]["flagged"] >= 1, rates["mt"]


# ----------------------------------------------- one names lexicon, many texts

def test_one_names_lexicon_compared_with_many_texts_keeps_nothing_of_one_text_for_the_next():
    """Does one names lexicon, read once and shared by every text (as run_all shares it),
    give each text the same rows whether it comes first, after other texts, or again?"""
    lex = names_lexicon()
    arts = kit.load_articles()
    texts = list(arts["text"]) + ["Jane Sackie briefed. Sackie said Kiev was calm."]
    alone = [variant_rows({"t": t}, lex) for t in texts]
    again = [variant_rows({"t": t}, lex) for t in reversed(texts)][::-1]
    assert again == alone
    assert [variant_rows({"t": t}, names_lexicon()) for t in texts] == alone
    assert any(row[3] == "Jane Sackie" and row[4] == "Jen Psaki" for row in alone[-1])
