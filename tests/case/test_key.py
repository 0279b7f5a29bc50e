"""The answer key: loading, checking every row, and the helpers built on it.

Most tests build a small case in a temporary folder (the kit's five articles
and tiny key files whose offsets are computed here), so they do not depend on
the key being written in data/annotations/.  One test checks that shipped key.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit.case.key import (KINDS, SCHEMAS, STATUS_COLOURS, annotations, check_key,
                             claim_matrix, header, highlights, key_path, timeline)
from kit.case.spans import locate
from kit.case.articles import DEFAULT_CASE, load_articles
from kit.errors import KitError

TEXTS = load_articles()["text"].to_dict()
IDS = list(TEXTS)
A, B = IDS[0], IDS[1]


# ----------------------------------------------------------------------- helpers

def small_case(tmp_path: Path) -> Path:
    """A copy of the kit's articles with an empty annotations/ folder."""
    case = tmp_path / "case"
    (case / "annotations").mkdir(parents=True)
    shutil.copy(DEFAULT_CASE / "articles.csv", case / "articles.csv")
    shutil.copytree(DEFAULT_CASE / "articles", case / "articles")
    return case


def write(case: Path, kind: str, rows, columns=None) -> Path:
    """Write a key table: ``rows`` are dicts (missing columns left empty) or raw lists."""
    columns = list(columns or SCHEMAS[kind]["columns"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns] if isinstance(row, dict) else row)
    path = case / "annotations" / f"{kind}.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def at(article: str, span: str, occurrence: int = 1) -> dict:
    start, end = locate(TEXTS[article], span, occurrence)
    return {"article": article, "start": start, "end": end, "span": span}


def first_words(article: str, n: int = 3) -> str:
    return " ".join(TEXTS[article].split()[:n])


def quote_row(article=A, span=None, **more) -> dict:
    row = at(article, span or first_words(article))
    row.update(speaker_as_written="she", speaker="Jen Psaki", speaker_type="named official",
               verb="said", form="direct")
    row.update(more)
    return row


VALID = {
    "quotes": lambda: [quote_row(A), quote_row(B, form="paraphrase")],
    "names": lambda: [{**at(A, first_words(A, 2)), "canonical": "X", "kind": "place",
                       "form": "standard"}],
    "artifacts": lambda: [{**at(B, first_words(B, 2)), "category": "machine-translation",
                           "label": "odd", "certainty": "probable"}],
    "wording": lambda: [{**at(A, first_words(A, 1)), "category": "hedge"}],
    "claims": lambda: [{"claim_id": "C1", "claim": "a claim", "status": "absent",
                        "article": a} for a in IDS[1:]]
                      + [{"claim_id": "C1", "claim": "a claim", "status": "states",
                          **at(A, first_words(A, 2))}],
    "passages": lambda: [{**at(A, first_words(A, 4)), "set": "readouts", "label": "one"}],
    "timeline": lambda: [{"date": "2021-12-30", "event": "call", "articles": f"{A};{B}",
                          "verified": "yes"},
                         {"date": "2021-12-23", "event": "briefing", "articles": "",
                          "verified": "no"}],
}


def error_of(kind: str, case: Path) -> KitError:
    with pytest.raises(KitError) as info:
        annotations(kind, case)
    return info.value


# ------------------------------------------------------------------ valid tables

@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_loads_with_its_columns_in_order(tmp_path, kind):
    """Does a small valid table of each kind load, with the schema's columns in order?"""
    case = small_case(tmp_path)
    rows = VALID[kind]()
    write(case, kind, rows)
    table = annotations(kind, case)
    assert list(table.columns) == list(SCHEMAS[kind]["columns"])
    assert len(table) == len(rows)
    assert table.index.name == "line" and list(table.index) == list(range(2, len(rows) + 2))


def test_offsets_are_integers_and_spans_match_the_text(tmp_path):
    """Are start/end integers, and is every span exactly text[start:end]?"""
    case = small_case(tmp_path)
    write(case, "quotes", VALID["quotes"]())
    table = annotations("quotes", case)
    assert str(table["start"].dtype) == "int64" and str(table["end"].dtype) == "int64"
    for row in table.itertuples():
        assert TEXTS[row.article][row.start:row.end] == row.span


def test_claims_offsets_are_nullable_and_empty_when_absent(tmp_path):
    """Do claims use nullable Int64 offsets, empty exactly where the claim is absent?"""
    case = small_case(tmp_path)
    write(case, "claims", VALID["claims"]())
    table = annotations("claims", case)
    assert str(table["start"].dtype) == "Int64"
    absent = table["status"] == "absent"
    assert table.loc[absent, "start"].isna().all() and table.loc[~absent, "start"].notna().all()


def test_a_header_only_table_is_an_empty_table(tmp_path):
    """Does a table with only its header load as an empty table with the right columns?"""
    case = small_case(tmp_path)
    write(case, "wording", [])
    table = annotations("wording", case)
    assert table.empty and list(table.columns) == list(SCHEMAS["wording"]["columns"])


def test_columns_in_another_order_are_put_in_schema_order(tmp_path):
    """Is a header in another order accepted, and the table returned in schema order?"""
    case = small_case(tmp_path)
    cols = list(reversed(SCHEMAS["wording"]["columns"]))
    write(case, "wording", VALID["wording"](), columns=cols)
    assert list(annotations("wording", case).columns) == list(SCHEMAS["wording"]["columns"])


def test_returned_table_is_a_copy(tmp_path):
    """Can a student change the table returned without changing the next load?"""
    case = small_case(tmp_path)
    write(case, "timeline", VALID["timeline"]())
    first = annotations("timeline", case)
    first.loc[first.index[0], "event"] = "changed"
    first["articles"].iloc[0].append("x")
    again = annotations("timeline", case)
    assert again["event"].iloc[0] == "call" and "x" not in again["articles"].iloc[0]


def test_cache_sees_an_edited_file(tmp_path):
    """After an instructor edits a key file, does the next load read the new version?"""
    case = small_case(tmp_path)
    path = write(case, "wording", VALID["wording"]())
    assert annotations("wording", case)["category"].iloc[0] == "hedge"
    path.write_text(path.read_text().replace("hedge", "intensifier"), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert annotations("wording", case)["category"].iloc[0] == "intensifier"


# ------------------------------------------------------------------------ errors

def test_unknown_kind_lists_the_kinds():
    """Does asking for an unknown kind name every valid kind?"""
    with pytest.raises(KitError) as info:
        annotations("quote")
    assert info.value.field == "kind"
    for kind in KINDS:
        assert kind in str(info.value)


def test_missing_file_says_which_file_and_header(tmp_path):
    """Does a missing table say which file to create, with which header?"""
    case = small_case(tmp_path)
    err = error_of("names", case)
    assert err.file == str((case / "annotations" / "names.csv").resolve())
    assert header("names") in err.fix


def test_missing_and_extra_columns(tmp_path):
    """Are a missing and an unknown column reported on line 1, by name?"""
    case = small_case(tmp_path)
    cols = [c for c in SCHEMAS["wording"]["columns"] if c != "framing"]
    write(case, "wording", [], columns=cols)
    err = error_of("wording", case)
    assert (err.line, err.field) == (1, "framing")
    write(case, "wording", [], columns=[*SCHEMAS["wording"]["columns"], "colour"])
    err = error_of("wording", case)
    assert (err.line, err.field) == (1, "colour")


def test_unknown_article(tmp_path):
    """Is an article id not in articles.csv reported with its line, and the valid ids?"""
    case = small_case(tmp_path)
    rows = VALID["wording"]()
    rows.append({**rows[0], "article": "no-such-article"})
    write(case, "wording", rows)
    err = error_of("wording", case)
    assert (err.line, err.field) == (3, "article")
    assert A in err.fix


@pytest.mark.parametrize("start,end,field,words", [
    ("ten", "12", "start", "not a whole number"),
    ("0", "12.0", "end", "not a whole number"),
    ("0", "999999", "end", "beyond the end"),
    ("-1", "5", "start", "negative"),
    ("5", "5", "end", "not before"),
])
def test_bad_offsets(tmp_path, start, end, field, words):
    """Are non-integer, out-of-range and empty offsets reported on the right column?"""
    case = small_case(tmp_path)
    write(case, "wording", [{"article": A, "start": start, "end": end, "span": "x",
                             "category": "hedge"}])
    err = error_of("wording", case)
    assert (err.line, err.field) == (2, field) and words in err.message


def test_wrong_span_shows_both_and_where_it_is(tmp_path):
    """Does a span that is not text[start:end] show both and suggest the right offsets?"""
    case = small_case(tmp_path)
    span = "Vladimir Putin"
    right = locate(TEXTS[A], span)
    write(case, "wording", [{"article": A, "start": right[0] + 1, "end": right[1] + 1,
                             "span": span, "category": "naming"}])
    err = error_of("wording", case)
    assert (err.line, err.field) == (2, "span")
    assert repr(span) in err.message
    assert repr(TEXTS[A][right[0] + 1:right[1] + 1]) in err.message
    assert f"{right[0]}-{right[1]}" in err.fix


def test_wrong_span_with_straight_quotes_finds_the_curly_one(tmp_path):
    """When a span differs only by its quote marks, does the fix point to the real text?"""
    case = small_case(tmp_path)
    start = TEXTS[A].index("\u201c")
    real = TEXTS[A][start:start + 15]
    typed = real.replace("\u201c", '"')
    write(case, "wording", [{"article": A, "start": start, "end": start + 15, "span": typed,
                             "category": "framing"}])
    err = error_of("wording", case)
    assert f"text[{start}:{start + 15}]" in err.fix and real in err.fix


def test_values_outside_the_allowed_sets(tmp_path):
    """Is a value outside its allowed set reported, listing the allowed values?"""
    case = small_case(tmp_path)
    write(case, "quotes", [quote_row(A, form="quote")])
    err = error_of("quotes", case)
    assert (err.line, err.field) == (2, "form")
    for allowed in SCHEMAS["quotes"]["choices"]["form"]:
        assert allowed in err.fix


def test_required_value_missing(tmp_path):
    """Is an empty required cell reported with its column?"""
    case = small_case(tmp_path)
    write(case, "names", [{**VALID["names"]()[0], "canonical": ""}])
    err = error_of("names", case)
    assert (err.line, err.field) == (2, "canonical")


def test_empty_offsets_are_computed_from_the_span(tmp_path):
    """When start and end are left empty, does the fix give them, found from the span?"""
    case = small_case(tmp_path)
    row = VALID["names"]()[0]
    write(case, "names", [{**row, "start": "", "end": ""}])
    err = error_of("names", case)
    assert err.field == "start" and f"{row['start']}-{row['end']}" in err.fix


def test_bad_date_and_unknown_timeline_articles(tmp_path):
    """Are a non-ISO date and an unknown article id in a timeline row reported?"""
    case = small_case(tmp_path)
    write(case, "timeline", [{"date": "23/12/2021", "event": "e", "verified": "yes"}])
    err = error_of("timeline", case)
    assert (err.line, err.field) == (2, "date")
    write(case, "timeline", [{"date": "2021-12-23", "event": "e", "verified": "yes",
                              "articles": f"{A},{B}"}])
    err = error_of("timeline", case)
    assert err.field == "articles" and "';'" in err.fix


def test_claim_lacking_an_article(tmp_path):
    """Is a claim without a row for some article of the case reported, naming it?"""
    case = small_case(tmp_path)
    rows = [r for r in VALID["claims"]() if r["article"] != IDS[-1]]
    write(case, "claims", rows)
    err = error_of("claims", case)
    assert err.field == "article" and IDS[-1] in err.message and err.line == 2


def test_claim_status_and_offsets_must_agree(tmp_path):
    """Must an absent claim have no span, and a stated claim have one?"""
    case = small_case(tmp_path)
    rows = VALID["claims"]()
    rows[0].update(at(rows[0]["article"], first_words(rows[0]["article"], 2)))
    write(case, "claims", rows)
    assert error_of("claims", case).field == "start"
    rows = VALID["claims"]()
    rows[-1].update(start="", end="", span="")
    write(case, "claims", rows)
    assert error_of("claims", case).line == len(rows) + 1


def test_line_numbers_count_multi_line_cells(tmp_path):
    """Is the line of an error the CSV line, even after a cell that spans two lines?"""
    case = small_case(tmp_path)
    good = VALID["quotes"]()[0]
    write(case, "quotes", [{**good, "note": "two\nlines"}, {**good, "form": "bad"}])
    assert error_of("quotes", case).line == 4


def test_row_with_too_many_fields(tmp_path):
    """Is a row with an unquoted comma reported on its line?"""
    case = small_case(tmp_path)
    row = [A, "0", "3", "The", "hedge", "a, b", "c", "extra"]
    write(case, "wording", [row])
    err = error_of("wording", case)
    assert err.line == 2 and "fields" in err.message


@pytest.mark.parametrize("raw,words", [
    (b"\xef\xbb\xbf" + header("wording").encode() + b"\n", "byte-order mark"),
    (header("wording").encode() + b"\r\n", "CRLF"),
    (header("wording").encode() + b"\nx,\xe9\n", "not UTF-8"),
])
def test_bom_crlf_and_non_utf8_are_refused(tmp_path, raw, words):
    """Are key files with a BOM, CRLF endings or non-UTF-8 bytes refused like articles?"""
    case = small_case(tmp_path)
    (case / "annotations" / "wording.csv").write_bytes(raw)
    assert words in error_of("wording", case).message


def test_first_error_counts_the_others_and_check_key_lists_all(tmp_path):
    """With several problems, does the error say how many, and check_key list them all?"""
    case = small_case(tmp_path)
    good = VALID["wording"]()[0]
    write(case, "wording", [{**good, "category": "x"}, {**good, "article": "nope"}])
    assert "1 more problem" in error_of("wording", case).message
    report = check_key(case)
    wording = report[report["kind"] == "wording"]
    assert list(wording["line"]) == [2, 3]
    missing = set(report.loc[report["line"].isna(), "kind"])
    assert missing == set(KINDS) - {"wording"}


# ----------------------------------------------------------------------- helpers

def test_highlights_are_sorted_triples_with_labels(tmp_path):
    """Does highlights() give sorted (start, end, label) triples kit.show accepts?"""
    case = small_case(tmp_path)
    first = quote_row(A, span=TEXTS[A].split()[5], form="partial")
    write(case, "quotes", [first, quote_row(A)])
    spans = highlights("quotes", A, case)
    assert spans == sorted(spans) and spans[0][2] == "direct" and spans[1][2] == "partial"
    assert highlights("quotes", A, case, label="speaker")[0][2] == "Jen Psaki"
    assert highlights("quotes", IDS[2], case) == []
    kit.case.spans.checked_spans(TEXTS[A], spans, "test")           # accepted by show()


def test_highlights_leave_out_absent_claims_and_check_the_article(tmp_path):
    """Are absent claims left out, and an unknown article refused?"""
    case = small_case(tmp_path)
    write(case, "claims", VALID["claims"]())
    assert highlights("claims", B, case) == []
    assert len(highlights("claims", A, case)) == 1
    with pytest.raises(KitError) as info:
        highlights("claims", "nope", case)
    assert info.value.field == "article_id"


def test_claim_matrix_plain_and_styled(tmp_path):
    """Is the claim matrix claims x articles, styled with colours and with the words shown?"""
    case = small_case(tmp_path)
    write(case, "claims", VALID["claims"]())
    plain = claim_matrix(case, styled=False)
    assert list(plain.columns) == IDS and list(plain.index) == [("C1", "a claim")]
    assert plain.loc[("C1", "a claim"), A] == "states"
    html = claim_matrix(case).to_html()
    assert ">states<" in html and ">absent<" in html
    assert STATUS_COLOURS["states"] in html and STATUS_COLOURS["absent"] in html
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)


def test_timeline_is_sorted_and_typed(tmp_path):
    """Is the timeline sorted by date, with dates, lists of ids and booleans?"""
    case = small_case(tmp_path)
    write(case, "timeline", VALID["timeline"]())
    t = timeline(case)
    assert list(t["event"]) == ["briefing", "call"]
    assert pd.api.types.is_datetime64_any_dtype(t["date"])
    assert t["articles"].tolist() == [[], [A, B]]
    assert t["verified"].tolist() == [False, True]


def test_locate_gives_offsets_or_says_where_the_span_is():
    """Does locate() return offsets that slice back to the span, or say where it occurs?"""
    text = TEXTS[A]
    start, end = locate(text, "Putin")
    assert text[start:end] == "Putin"
    second = locate(text, "Putin", occurrence=2)
    assert second[0] > start
    count = text.count("Putin")
    with pytest.raises(KitError) as info:
        locate(text, "Putin", occurrence=count + 1)
    assert f"{start}-{end}" in info.value.message
    with pytest.raises(KitError):
        locate(text, "no such words in here")


def test_key_path_and_header():
    """Do key_path() and header() give where a table goes and its first line?"""
    assert key_path("quotes").name == "quotes.csv"
    assert header("claims") == ",".join(SCHEMAS["claims"]["columns"])


# ------------------------------------------------------------- the shipped key

def key_report(case: Path) -> list[str]:
    """Everything wrong with a case's key: missing or empty tables, problems, bad spans."""
    report = [f"{k}.csv is missing" for k in KINDS
              if not (case / "annotations" / f"{k}.csv").is_file()]
    if report:
        return report
    problems = check_key(case)
    report += [f"{p.kind}.csv line {p.line}: {p.problem}" for p in problems.itertuples()]
    if report:
        return report
    texts = load_articles(case)["text"]
    for kind in KINDS:
        table = annotations(kind, case)
        if table.empty:
            report.append(f"{kind}.csv has no rows")
        if "span" not in table.columns:
            continue
        for line, row in table.dropna(subset=["start"]).iterrows():
            if texts[row["article"]][int(row["start"]):int(row["end"])] != row["span"]:
                report.append(f"{kind}.csv line {line}: span is not text[start:end]")
    return report


def test_key_report_catches_missing_tables_and_bad_spans(tmp_path):
    """Would the shipped-key check below fail on a missing table or a shifted span?"""
    case = small_case(tmp_path)
    for kind in KINDS[1:]:
        write(case, kind, VALID[kind]())
    assert key_report(case) == ["quotes.csv is missing"]
    write(case, "quotes", VALID["quotes"]())
    assert key_report(case) == []
    shifted = {**VALID["quotes"]()[0]}
    shifted.update(start=shifted["start"] + 1, end=shifted["end"] + 1)
    write(case, "quotes", [shifted])
    assert any("quotes.csv line 2" in r for r in key_report(case))


def test_every_shipped_key_table_is_present_and_every_span_matches():
    """Is every table of data/annotations/ there, valid, and is each span text[start:end]?"""
    report = key_report(DEFAULT_CASE)
    assert not report, "problems in data/annotations/:\n" + "\n".join(report)
