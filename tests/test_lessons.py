"""What lessons ask of a case: the key where there is one, the detectors where not."""

from __future__ import annotations

import pytest

import kit


def test_findings_come_from_the_key_and_say_so(capsys):
    """With a hand-made key, are the findings the key's rows, labelled as such?"""
    found = kit.findings("artifacts")
    assert found.attrs["source"] == "key"
    assert len(found) == len(kit.annotations("artifacts"))
    assert "hand-made key" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["quotes", "names", "artifacts", "wording"])
def test_without_a_key_findings_come_from_the_detectors_and_say_so(kind, make_case, capsys):
    """In a case without a key, do the detectors stand in, with a warning to check them?"""
    case = make_case()
    found = kit.findings(kind, case)
    assert found.attrs["source"] == "detectors"
    assert "Detectors miss things" in capsys.readouterr().out
    assert {"article", "start", "end", "span"} <= set(found.columns)
    texts = kit.load_articles(case)["text"]
    for row in found.itertuples():
        assert texts[row.article][row.start:row.end] == row.span


def test_most_picks_the_article_with_most_matching_rows():
    """Does most() name the article with the most scraping debris in the key?"""
    found = kit.findings("artifacts", quiet=True)
    scraping = found[found.category == "scraping"]
    assert kit.most(found, where={"category": "scraping"}) == scraping["article"].value_counts().idxmax()
    with pytest.raises(kit.KitError, match="no column 'colour'"):
        kit.most(found, where={"colour": "red"})


def test_readout_passages_come_from_the_key_or_the_origin_column(make_case):
    """Are the readouts found from passages.csv, or else from articles whose origin is a readout?"""
    keyed = kit.passages("readouts")
    assert len(keyed) >= 2 and keyed["label"].nunique() == len(keyed)
    case = make_case()
    fallback = kit.passages("readouts", case)
    origins = kit.load_articles(case).loc[fallback["article"], "origin"]
    assert origins.str.contains("readout", case=False).all()
    with pytest.raises(kit.KitError, match="no passages in the set 'gossip'"):
        kit.passages("gossip", case)


def test_lesson_quiz_of_a_case_without_a_bank_explains_instead_of_failing(make_case):
    """Does a lesson on a case with no bank get a note, not an error?"""
    quiz = kit.lesson_quiz("03", make_case())
    assert quiz.questions == [] and "no questions for lesson 03" in repr(quiz)
    assert kit.lesson_quiz("00").questions


def test_show_takes_a_findings_table(capsys):
    """Can a findings table be passed to show() as its highlights?"""
    found = kit.findings("artifacts", quiet=True)
    article = found["article"].iloc[0]
    kit.show(article, found)
    out = capsys.readouterr().out
    assert out.count("\n  [") == (found["article"] == article).sum()


def test_use_case_switches_every_later_call(make_case):
    """After use_case(folder), do calls without case= use that folder, and use_case(None) undo it?"""
    case = make_case()
    (case / "articles" / "000_cbbc090ab5088487.txt").write_text("Other.\n", encoding="utf-8")
    try:
        kit.use_case(case)
        assert kit.case_path() == case
        assert kit.load_articles().iloc[0]["text"] == "Other.\n"
    finally:
        kit.use_case(None)
    assert kit.load_articles().iloc[0]["text"] != "Other.\n"


def test_a_slice_of_a_quiz_is_a_smaller_quiz_and_past_the_end_says_so():
    """Can a lesson show its bank in parts by position, whatever the case's bank holds?"""
    quiz = kit.lesson_quiz("00")
    assert [q.id for q in quiz[0:2]] == [q.id for q in quiz.questions[:2]]
    assert "no questions in this part" in repr(quiz[50:])


def test_plots_default_to_the_detectors_on_a_case_without_a_key(make_case):
    """On a case with no key, do the charts draw the detectors' findings instead of failing?"""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    case = make_case()
    for draw in (kit.plots.sources, kit.plots.artifacts, kit.plots.wording):
        ax = draw(case=case, ax=Figure().subplots())
        assert ax.get_title() and ax.containers, draw.__name__
    assert kit.lesson_quiz("02", case)[0:2].questions == []


def test_a_case_path_relative_to_the_kit_works_from_another_folder(monkeypatch, tmp_path):
    """From a notebook's folder, does "data/cases/..." still find the kit's second case?"""
    monkeypatch.chdir(tmp_path)
    assert kit.case_path("data") == kit.case_path()


def test_has_key_is_false_for_a_header_only_table(make_case):
    """Is a key table with only its header treated as no key (so detectors stand in)?"""
    case = make_case()
    (case / "annotations").mkdir()
    (case / "annotations" / "quotes.csv").write_text("article,start,end,span\n", encoding="utf-8")
    assert not kit.has_key("quotes", case) and not kit.has_key("names", case)
    assert kit.has_key("quotes")
