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


# ------------------------------------------------------------------ any case: what a lesson does without a key

@pytest.fixture
def fixture_case(tmp_path):
    """A new case made from the three fixture articles, metadata filled, no key."""
    from conftest import FIXTURES, keyless_case, metadata_of

    return keyless_case(tmp_path / "three", sorted((FIXTURES / "articles").glob("*.txt")),
                        metadata_of(FIXTURES / "articles.csv"))


def test_most_without_matching_rows_says_so_and_goes_on(fixture_case, capsys):
    """When no row matches, does most() say so in a sentence and fall back to the article with most rows?"""
    found = kit.findings("artifacts", fixture_case, quiet=True)
    assert not (found["label"] == "separator").any()
    picked = kit.most(found, where={"label": "separator"})
    assert picked == found["article"].value_counts().idxmax()
    said = capsys.readouterr().out
    assert said.startswith("No text in this case has rows label 'separator'") and picked in said
    assert kit.most(found.iloc[0:0]) == kit.load_articles(fixture_case).index[0]
    assert kit.most(found, where={"label": "separator"}, say=False) == picked
    assert capsys.readouterr().out.count("\n") == 1


def test_readouts_fall_back_to_the_first_two_texts_and_say_so(fixture_case, capsys):
    """In a case with no readouts, does the set fall back to two whole texts, with a sentence?"""
    chosen = kit.passages("readouts", fixture_case)
    arts = kit.load_articles(fixture_case)
    assert list(chosen["article"]) == list(arts.index[:2])
    assert [t for t in chosen["span"]] == list(arts["text"].iloc[:2])
    assert "has no readouts" in capsys.readouterr().out
    with pytest.raises(kit.KitError, match="no passages in the set 'gossip'"):
        kit.passages("gossip", fixture_case)


def test_has_key_says_what_is_left_out(fixture_case, capsys):
    """Does has_key(..., say=True) say in one sentence that a part of the lesson is left out?"""
    assert kit.has_key("claims", fixture_case, say=True) is False
    assert capsys.readouterr().out.strip() == (
        "This case's key has no claims table yet (annotations/claims.csv), so the parts of this "
        "lesson that need it are left out.")
    assert kit.has_key("claims", say=True) is True and capsys.readouterr().out == ""


def test_lesson_quiz_falls_back_to_the_starter_questions_of_its_topic(fixture_case, capsys):
    """Without a lesson bank, does a lesson get the starter questions with its tags, and say so?"""
    starter = kit.load_quiz(fixture_case / "quizzes" / "starter.toml", case=fixture_case)
    quiz = kit.lesson_quiz("05", fixture_case)
    assert quiz.questions and all("scraping" in q.spec.tags for q in quiz.questions)
    assert len(quiz) == sum("scraping" in q.spec.tags for q in starter.questions)
    assert "no questions for lesson 05 yet" in capsys.readouterr().out
    assert len(kit.lesson_quiz("02", fixture_case)) == len(starter)   # no topic of its own: all of them
    (fixture_case / "quizzes" / "starter.toml").unlink()
    assert "no questions for lesson 05" in repr(kit.lesson_quiz("05", fixture_case))


def test_your_text_takes_pasted_text_a_file_or_a_saved_page(tmp_path, capsys):
    """Does your_text() give pasted text as is, a .txt file LF-only, and the article of a saved page?"""
    from conftest import FIXTURES

    pasted = "The mayor said the talks went well.\nThe council disagreed."
    assert kit.your_text(pasted) == pasted
    windows = tmp_path / "mine.txt"
    windows.write_bytes(b"\xef\xbb\xbfThe mayor spoke.\r\nThe council met.\r\n")
    assert kit.your_text(str(windows)) == "The mayor spoke.\nThe council met.\n"
    text = kit.your_text(str(FIXTURES / "pages" / "Dam deal - Valmore Courier.html"))
    assert text.startswith("Dam deal agreed") and "cookies" not in text and "Related stories" not in text
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith("Your text: pasted") and "removed the byte-order mark" in said[1]
    assert "(Dam deal agreed after three days of talks)" in said[2]
    found = kit.examine(text)
    assert len(found) > 0
    with pytest.raises(kit.KitError, match="no text to read"):
        kit.your_text("   ")
