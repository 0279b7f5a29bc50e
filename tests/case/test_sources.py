"""Primary sources and outlet profiles: loaded, checked, and in step with the articles."""

from __future__ import annotations

import shutil

import pytest

import kit
from kit.case.sources import ASPECTS, STATUSES
from kit.errors import KitError


def _text(article_id):
    return kit.load_articles().loc[article_id, "text"]


def test_every_source_has_a_licence_a_status_and_a_file_unless_not_found():
    table = kit.sources()
    assert set(table["status"]) <= set(STATUSES)
    assert (table["licence"] != "").all() and (table["notes"] != "").all()
    missing = table[table["status"] == "not found"]
    # what could not be found is said, not hidden: a transcript and the BBC report at least
    assert {"psaki-briefing-2021-12-23", "bbc-2021-12-23"} <= set(missing.index)
    for source_id in table.index.difference(missing.index):
        assert kit.source_text(source_id).strip()


def test_the_white_house_statement_is_copied_word_for_word_in_call_readouts():
    statement = kit.source_text("white-house-2021-12-30").strip()
    assert statement.replace("R. Biden, Jr.", "R Biden Jr").count(". ") == 4   # five sentences, as checked
    assert statement in _text("call-readouts")
    assert "In contrast" not in statement                 # the compiler's line is not the statement's


def test_the_kremlin_mirror_copy_matches_call_readouts_doubled_clause_included():
    readout = kit.source_text("kremlin-2021-12-30").strip()
    assert readout in _text("call-readouts")
    clause = "to launch negotiations on providing Russia with legally binding security guarantees"
    assert readout.count(clause) == 2


def test_sputnik_quotes_the_nato_draft_word_for_word_and_paraphrases_the_us_draft():
    sputnik = _text("ready-for-talks")
    nato = kit.source_text("mfa-draft-nato-2021-12-17")
    quoted = ("The Parties shall settle all international disputes in their mutual relations by peaceful "
              "means and refrain from the use or threat of force in any manner inconsistent with the "
              "purposes of the United Nations")
    assert quoted in sputnik and quoted in nato and "equal and indivisible security" in nato
    us = kit.source_text("mfa-draft-us-2021-12-17")
    fragment = ("with a view to preparing or carrying out an armed attack against the other Party or other "
                "actions affecting core security interests of the other Party")
    assert fragment in sputnik and fragment in us
    assert "The Parties shall not use the territories of other States" in us
    assert "to not seek to use the territory" in sputnik       # the softer paraphrase l07-seek-to is about
    assert "prevent further eastward expansion" in us and "not setting up military bases" in sputnik


def test_every_outlet_of_the_case_has_a_profile_with_cited_points():
    profiles = kit.outlets()
    assert set(profiles["aspect"]) <= set(ASPECTS)
    assert set(kit.load_articles().index) <= set(profiles["article"])
    for row in profiles.itertuples():
        cited = row.source_url.startswith("http") or row.source.startswith("data/")
        honest = "unverified" in row.point or "not found" in row.point.lower() or "could not be found" in row.point
        assert cited or honest, row.point
    rt = profiles[profiles["outlet"] == "RT"]
    assert rt["point"].str.contains("18 March 2022").any() and rt["point"].str.contains("2 March 2022").any()


def test_a_case_without_sources_gives_empty_tables_and_a_note(make_case):
    case = make_case()
    assert kit.sources(case=case).empty and kit.outlets(case=case).empty
    assert "has no primary sources" in kit.source_text("anything", case=case)


def _case_with_sources(make_case, sources_csv):
    case = make_case()
    shutil.copytree(kit.case_path() / "sources", case / "sources")
    (case / "sources" / "sources.csv").write_text(sources_csv, encoding="utf-8")
    return case


HEADER = "id,title,by,date,url,licence,file,status,notes\n"


@pytest.mark.parametrize("row, field, words", [
    ("a,T,B,2021-12-30,,pd,white-house-statement-2021-12-30.txt,rumour,n\n", "status", "unknown status 'rumour'"),
    ("a,T,B,2021-12-30,,pd,nope.txt,checked,n\n", "file", "'nope.txt' is not in the sources folder"),
    ("a,T,B,2021-12-30,,pd,,checked,n\n", "file", "unless its status is 'not found'"),
])
def test_a_bad_sources_row_names_the_file_line_and_field(make_case, row, field, words):
    case = _case_with_sources(make_case, HEADER + row)
    with pytest.raises(KitError) as err:
        kit.sources(case=case)
    message = str(err.value)
    assert "sources.csv, line 2" in message and f"field '{field}'" in message and words in message


def test_a_wrong_header_and_an_unknown_id_are_clear_errors(make_case):
    case = _case_with_sources(make_case, "id,title\nx,y\n")
    with pytest.raises(KitError, match="line 1.*use the header id,title,by"):
        kit.sources(case=case)
    with pytest.raises(KitError, match="'bbc' is no source.*white-house-2021-12-30"):
        kit.source_text("bbc")
