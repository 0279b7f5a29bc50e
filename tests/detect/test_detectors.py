"""The four detectors (quotes, names, artifacts, wording) and their evaluation.

Every text here is invented for the test; none comes from the five articles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kit
from kit.case.key import annotations
from kit.errors import KitError
from kit.detect.similar import sound_code, word_similarity

ROOT = Path(__file__).resolve().parents[2]
KEY = ROOT / "data" / "annotations"


def quotes_of(text):
    return kit.find_quotes(text)[["quote", "speaker", "verb"]].values.tolist()


def rules_of(text):
    return kit.find_artifacts(text)[["span", "rule"]].values.tolist()


def wording_of(text, **kw):
    return kit.find_wording(text, **kw)[["span", "category"]].values.tolist()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ======================================================================== quotes

def test_quotes_of_every_style_are_found_with_their_marks():
    """Are straight and curly, double and single quotations found, marks included?"""
    text = ('Ana Ruiz said "one". Ben Ode said “two”. Cy Park said \'three\'. '
            'Di Lam said ‘four’.')
    found = kit.find_quotes(text)
    assert found["quote"].tolist() == ['"one"', "“two”", "'three'", "‘four’"]
    for row in found.itertuples():
        assert text[row.start:row.end] == row.quote


def test_a_quote_inside_a_quote_stays_part_of_it():
    """Is a nested quotation kept inside its outer quotation (one row, the outer one)?"""
    text = '“The sign read ‘Keep out’ and we left,” the farmer recalled.'
    assert quotes_of(text) == [["“The sign read ‘Keep out’ and we left,”", "the farmer", "recalled"]]
    text = "'He shouted \"stop\" twice,' a witness said."
    assert quotes_of(text)[0][0] == "'He shouted \"stop\" twice,'"


def test_apostrophes_are_not_quote_marks():
    """Are don't, Lena's, Orlov’s, the pilots' and ’70s left alone?"""
    text = "Don't blame Lena's team; it's Orlov’s plan, the pilots' choice, a ’70s idea."
    assert kit.find_quotes(text).empty
    text = "The pilots' union balked. 'No deal,' a pilot said."
    assert quotes_of(text) == [["'No deal,'", "a pilot", "said"]]


def test_a_quote_may_run_over_several_sentences():
    """Does a quotation that spans sentences come out as one row?"""
    text = '"We tried. We failed. We will try again," said coach Ivo Brandt.'
    assert quotes_of(text) == [['"We tried. We failed. We will try again,"', "Ivo Brandt", "said"]]


def test_a_quote_over_two_paragraphs_follows_the_newspaper_rule():
    """Does a quotation continue when the next paragraph reopens it (and only then)?"""
    text = '“The roads are closed.\n\n“The schools too,” the mayor said.'
    assert quotes_of(text) == [["“The roads are closed.\n\n“The schools too,”", "the mayor", "said"]]
    text = '“An unclosed mark.\n\nA new paragraph.'
    assert kit.find_quotes(text).empty


def test_a_quote_may_close_with_another_style_of_mark():
    """Is “text" (curly open, straight close) still one quotation?"""
    assert kit.find_quotes('“Mixed marks," she said.')["quote"].tolist() == ['“Mixed marks,"']


@pytest.mark.parametrize("text, speaker, verb", [
    ('"Stay home," she said.', "she", "said"),
    ('"Stay home," said Mira Kell.', "Mira Kell", "said"),
    ('"Stay home," the health office added.', "the health office", "added"),
    ('Councillor Mira Kell said on Monday that "homes come first".', "Mira Kell", "said"),
    ('Mira Kell told reporters: "Homes come first."', "Mira Kell", "told reporters"),
    ('According to the agency, "supplies are low".', "the agency", "according to"),
    ('Dr. Vos\'s warning that "the wave is coming" was ignored.', "Vos", "warning"),
    ('Levels rose and "the dam may fail", the engineers noted.', "the engineers", "noted"),
    ('The union has insinuated that "someone lied".', "The union", "insinuated"),
])
def test_speaker_and_verb_come_from_the_same_sentence(text, speaker, verb):
    """Are the speaker and verb read from the patterns news uses around a quotation?"""
    assert quotes_of(text)[0][1:] == [speaker, verb]


def test_the_sentence_before_can_name_the_speaker():
    """Does a quotation standing alone take its speaker from the sentence before?"""
    text = 'Trade minister Pia Sund spoke at noon.\n"Tariffs will fall."'
    assert quotes_of(text) == [['"Tariffs will fall."', "", ""]]       # no speech verb: no guess
    text = 'Trade minister Pia Sund said the mood was good.\n"Tariffs will fall."'
    assert quotes_of(text) == [['"Tariffs will fall."', "Pia Sund", "said"]]
    text = "The ministry's note:\n\"Tariffs will fall.\""
    assert quotes_of(text)[0][1] == ""


def test_a_pronoun_becomes_the_last_person_named_before():
    """Does "he said" name the most recent person, and stay "he" when nobody is named?"""
    text = ("Coach Ivo Brandt met the press. Captain Tom Hale was absent.\n"
            '"We play to win," he said.')
    assert quotes_of(text)[0][1] == "Tom Hale"
    assert quotes_of('"We play to win," he said.')[0][1] == "he"
    text = 'Ivo Brandt arrived. Later Brandt sat down. "Enough," he said.'
    assert quotes_of(text)[0][1] == "Ivo Brandt"


def test_titles_are_dropped_from_a_named_speaker():
    """Is "Minister Olga Varenko" reported as Olga Varenko, and a later surname as the full name?"""
    text = ('Minister Olga Varenko said: "We will not move." Reporters heard from '
            'Olga Barenko later. "Never," Varenko added.')
    assert quotes_of(text) == [['"We will not move."', "Olga Varenko", "said"],
                               ['"Never,"', "Olga Varenko", "added"]]


def test_quotes_without_attribution_have_empty_speaker_and_verb():
    """Are speaker and verb empty strings when the text names nobody?"""
    found = kit.find_quotes('The sign said nothing. "Closed" hung on the door.')
    assert found["speaker"].tolist() == [""] and found["verb"].tolist() == [""]


def test_find_quotes_gives_the_documented_columns_even_when_empty():
    """Is an empty result still a table with start, end, quote, speaker, verb?"""
    found = kit.find_quotes("No quotations here.")
    assert list(found.columns) == ["start", "end", "quote", "speaker", "verb"] and found.empty


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["a"]])
def test_find_quotes_refuses_what_is_not_a_text(bad):
    """Does a non-str text raise a KitError that says what to pass?"""
    with pytest.raises(KitError, match="find_quotes\\(\\) takes a text"):
        kit.find_quotes(bad)


def test_find_quotes_scales_linearly():
    """Does a text 50 times longer give 50 times the rows?"""
    one = 'Rita Moss said: "Go on." The crowd, it seemed, agreed. "Fine," he said.\n'
    assert len(kit.find_quotes(one * 50)) == 50 * len(kit.find_quotes(one))


# ========================================================================= names

def test_words_that_sound_alike_are_alike():
    """Do names that sound alike get one sound code (ck/k, ph/f), and a high similarity?"""
    assert sound_code("Mackie") == sound_code("Maki")
    assert sound_code("Philby") == sound_code("Filby")
    assert sound_code("Dana") != sound_code("Nora")
    assert word_similarity("Sackie", "Psaki") >= 0.8 and word_similarity("Jane", "Jen") >= 0.8
    assert word_similarity("Dana", "Nora") < 0.8


def test_a_misspelt_name_is_paired_with_a_known_one():
    """Is "Olga Barenko" paired with the known "Olga Varenko", with a reason?"""
    text = ('Minister Olga Varenko said: "We will not move." '
            'Reporters heard from Olga Barenko later.')
    pairs = kit.name_variants({"memo": text}, known=["Olga Varenko"])
    assert pairs[["article", "variant", "canonical"]].values.tolist() == [
        ["memo", "Olga Barenko", "Olga Varenko"]]
    row = pairs.iloc[0]
    assert text[row.start:row.end] == row.variant
    assert "Barenko~Varenko" in row.reason and 0 < row.score < 1


def test_a_name_that_sounds_like_one_two_texts_share_is_paired():
    """Is "Dayna Covich" paired with "Dana Kovich", which two other texts use?"""
    texts = {"a": "Press secretary Dana Kovich spoke on Monday.",
             "b": "Dana Kovich said so.",
             "c": "Reporters asked Dayna Covich twice. Dayna Covich smiled."}
    pairs = kit.name_variants(texts, known=[])
    assert pairs[["article", "variant", "canonical"]].values.tolist() == [
        ["c", "Dayna Covich", "Dana Kovich"], ["c", "Dayna Covich", "Dana Kovich"]]
    assert pairs["reason"][0].startswith("sounds alike (Metaphone TNKFX=TNKFX)")
    assert "used in 2 texts" in pairs["reason"][0]


def test_the_bare_surname_of_a_paired_name_is_paired_too():
    """After "Olga Barenko" is paired, are the text's bare "Barenko"s paired as well,
    while a full name whose surname is right ("Bill Harlow") leaves "Harlow" alone?"""
    text = ("Olga Barenko met William Harlow. Barenko said the port would open; "
            "Harlow agreed. Barenko's aide left.")
    pairs = kit.name_variants({"memo": text}, known=["Olga Varenko", "Bill Harlow"])
    assert pairs[["variant", "canonical"]].values.tolist() == [
        ["Olga Barenko", "Olga Varenko"], ["William Harlow", "Bill Harlow"],
        ["Barenko", "Olga Varenko"], ["Barenko", "Olga Varenko"]]
    assert all(text[s:e] == v for s, e, v in pairs[["start", "end", "variant"]].values)
    assert "the surname of 'Olga Barenko'" in pairs["reason"].iloc[2]
    assert kit.name_variants({"memo": "Barenko spoke."}, known=["Olga Varenko"]).empty


def test_viewpoint_spellings_come_from_the_lexicon():
    """Are Kharkov and Odessa paired with Kharkiv and Odesa, naming the lexicon?"""
    pairs = kit.name_variants({"a": "Trains ran from Kharkov to Odessa's port."})
    assert pairs[["variant", "canonical"]].values.tolist() == [["Kharkov", "Kharkiv"],
                                                               ["Odessa", "Odesa"]]
    assert all("data/lexicon/names.csv" in r for r in pairs["reason"])
    assert kit.name_variants({"a": "Trains ran from Kharkiv to Odesa."}).empty


def test_a_formal_first_name_is_paired_with_the_usual_one():
    """Is "William Harlow" paired with "Bill Harlow", the form two texts use?"""
    texts = {"a": "William Harlow spoke.", "b": "Bill Harlow spoke.", "c": "Bill Harlow came."}
    pairs = kit.name_variants(texts)
    assert pairs[["article", "variant", "canonical"]].values.tolist() == [
        ["a", "William Harlow", "Bill Harlow"]]
    assert "William is the formal form of Bill" in pairs["reason"][0]


def test_the_same_words_in_another_order_are_paired():
    """Is "Chile-Peru Commission" paired with the known "Peru-Chile Commission"?"""
    pairs = kit.name_variants({"a": "The Chile-Peru Commission met."},
                              known=["Peru-Chile Commission"])
    assert pairs["canonical"].tolist() == ["Peru-Chile Commission"]
    assert pairs["reason"][0].startswith("the same words in another order")


def test_usual_names_inflections_and_titles_make_no_pair():
    """Are canonical names, Russia/Russian and Minister/Ministry never paired?"""
    texts = {"a": "The Foreign Ministry met Foreign Minister Ela Dunn. Russians in Russia.",
             "b": "Foreign Minister Ela Dunn and the Russian envoy. Russia agreed.",
             "c": "Ela Dunn spoke in Kyiv."}
    assert kit.name_variants(texts).empty


def test_name_variants_takes_a_table_with_a_text_column():
    """Does a DataFrame indexed by id work like a mapping?"""
    import pandas as pd

    table = pd.DataFrame({"text": ["They flew to Lvov."]}, index=["x"])
    assert kit.name_variants(table)[["article", "canonical"]].values.tolist() == [["x", "Lviv"]]
    with pytest.raises(KitError, match="no 'text' column"):
        kit.name_variants(pd.DataFrame({"body": ["x"]}))


@pytest.mark.parametrize("texts, known, message", [
    ("Kiev", None, "takes several texts, not one str"),
    ({"a": 5}, None, "the text of 'a' is a int"),
    (42, None, "takes a mapping"),
    ({"a": "x"}, "Olga", "known must be a list of names"),
    ({"a": "x"}, ["Olga", ""], "known name number 1"),
])
def test_name_variants_refuses_bad_input(texts, known, message):
    """Do bad texts or a bad known list raise a KitError that says what is wrong?"""
    with pytest.raises(KitError, match=message):
        kit.name_variants(texts, known=known)


@pytest.mark.parametrize("body, line, field", [
    ("Kiev,Kyiv,town,viewpoint-spelling,x\n", 3, "kind"),
    ("Kiev,Kyiv,place,wrong,x\n", 3, "form"),
    ("Kiev,,place,viewpoint-spelling,x\n", 3, "canonical"),
    ("Kyiv,Kiev,place,standard,x\n", 3, "canonical"),
    ("Jo Anne,Jo,given-name,formal,x\n", 3, "variant"),
    ("Kiev,Kyiv,place,viewpoint-spelling,x\nKiev,Kiew,place,viewpoint-spelling,y\n", 4,
     "variant"),
])
def test_a_malformed_names_lexicon_is_reported_by_file_line_and_field(tmp_path, body, line, field):
    """Does a bad lexicon row raise a KitError naming the file, the line and the field?"""
    path = write(tmp_path / "names.csv", "# my names\nvariant,canonical,kind,form,note\n" + body)
    with pytest.raises(KitError) as err:
        kit.name_variants({"a": "x"}, lexicon=path)
    assert (Path(err.value.file).name, err.value.line, err.value.field) == ("names.csv", line, field)


def test_a_names_lexicon_without_its_columns_is_refused(tmp_path):
    """Is a lexicon without the canonical column refused on its header line?"""
    path = write(tmp_path / "names.csv", "variant,kind,form,note\nKiev,place,formal,x\n")
    with pytest.raises(KitError, match=r"missing column\(s\) canonical") as err:
        kit.name_variants({"a": "x"}, lexicon=path)
    assert (err.value.line, err.value.field) == (1, "canonical")


def test_a_lexicon_header_after_comments_is_named_by_its_own_line(tmp_path):
    """Is the header problem placed on the header's line, after the comment lines?"""
    path = write(tmp_path / "names.csv", "# my names\n# more\nvariant,kind,form,note\nKiev,place,formal,x\n")
    with pytest.raises(KitError, match=r"missing column\(s\) canonical") as err:
        kit.name_variants({"a": "x"}, lexicon=path)
    assert (err.value.line, err.value.field) == (3, "canonical")


def test_name_variants_scales_linearly():
    """Do 50 times as many texts give 50 times the pairs?"""
    texts = {"a": "Odessa and Lugansk. Vladimir Zelensky spoke."}
    many = {f"a{i}": texts["a"] for i in range(50)}
    assert len(kit.name_variants(many)) == 50 * len(kit.name_variants(texts))


# ===================================================================== artifacts

@pytest.mark.parametrize("text, span, rule, category", [
    ("Posted 5 minutes ago\n\nThe vote was held.", "Posted 5 minutes ago", "relative-timestamp",
     "scraping"),
    ("The vote was held.\n\n14:05\n\nCounting began.", "14:05", "time-code", "scraping"),
    ("The vote was held.\n\n***\n\nCounting began.", "***", "separator", "scraping"),
    ("Part one ended.\n-----\nPart two began.", "-----", "separator", "scraping"),
    ("date 2020-05-01 https://example.org/vote\n\nThe vote was held.",
     "date 2020-05-01 https://example.org/vote", "metadata-line", "scraping"),
    ("The vote\u00a0was held.", "vote\u00a0was", "invisible-character", "scraping"),
    ("The vote was held.Counting began at six.", "held.Counting", "run-together", "scraping"),
    ('He said "no".Counting began.', 'no".Counting', "run-together", "scraping"),
    ("Counting began at six in the hall. Counting began at six in the hall.",
     "Counting began at six in the hall.", "duplicated-sentence", "scraping"),
    ("He said it was over... and left.", "...", "ellipsis", "editing"),
    ('"We saw (the rebels) leave," she said.', "(the rebels)", "bracketed-insertion", "editing"),
    ("They met in Lyon (France) on Monday.", "(France)", "bracketed-insertion", "editing"),
    ('“Mixed marks," she said.', 'marks,"', "mismatched-quote-marks", "editing"),
    ("End of part one.\n\n***\n\nThe union's reply:\n\nWe agree.", "The union's reply:",
     "lead-in-line", "editing"),
    ("The vote was held on time. Was counted", "Was counted", "fragment", "machine-translation"),
    ("The vote was held. Many voters came to the", "Many voters came to the",
     "truncated-sentence", "machine-translation"),
    ("The vote was held. Then the doors of.", "Then the doors of.", "truncated-sentence",
     "machine-translation"),
    ("The vote was held. Only a small crowd. Then it rained.", "Only a small crowd.",
     "verbless-fragment", "machine-translation"),
    ("The mayor spoke and when asked if the count was fair.",
     "and when asked if the count was fair.", "unfinished-clause", "machine-translation"),
    ("The plan to build new homes for the families who lost them in the flood was costly, "
     "and the plan to build new homes for the families who lost them was late.",
     "the plan to build new homes for the families who lost them", "duplicated-phrase",
     "machine-translation"),
    ("She arrived yesterday in the evening.", "yesterday in the evening", "calque",
     "machine-translation"),
    ("Spokesman Dmitri Peskow spoke.", "Dmitri Peskow", "garbled-name", "machine-translation"),
    ("Governor Ada Vance spoke. Lenders froze loans to Vance until it pays.", "until it pays",
     "pronoun-for-person", "machine-translation"),
    ("The coach was pleased - as far as we know - the fact that the team won.",
     "was pleased - as far as we know - the fact", "missing-preposition", "machine-translation"),
    ("Storms hit the coast. The mayor denied any blame for the bombing.", "the bombing",
     "unintroduced-event", "machine-translation"),
    ("The mayor said there was no plan for the bridge, but the city hoped to do so.",
     "to do so", "do-so-without-action", "machine-translation"),
    ("The choir was leaded by a young teacher.", "was leaded", "regularised-verb",
     "machine-translation"),
    ('"The bridge is safe," has stated Okafor.', '" has stated Okafor', "perfect-attribution",
     "machine-translation"),
    ("The mayor did not promise nothing to the farmers.", "did not promise nothing",
     "double-negative", "machine-translation"),
    ("By the words of the mayor, the bridge is safe.", "By the words of", "calque",
     "machine-translation"),
    ("Rents rose last year on one third.", "rose last year on one third", "calque",
     "machine-translation"),
])
def test_each_artifact_rule_fires_on_its_pattern(text, span, rule, category):
    """Does each rule find its own pattern, with the right category and an explanation?"""
    found = kit.find_artifacts(text)
    hit = found[found["rule"] == rule]
    assert hit["span"].tolist() == [span], found[["span", "rule"]].values.tolist()
    row = hit.iloc[0]
    assert text[row.start:row.end] == span and row.category == category
    assert row.explanation.endswith(".") and row.explanation.count(". ") == 0


@pytest.mark.parametrize("text", [
    "Storm Hits Coast, Thousands Without Power\nThe storm arrived at night.",   # a headline
    "Heavy rain fell. Roads closed.\nPlans for Winter\nThe council met on Monday.",  # subhead
    "He left the U.S. in May. Talks begin Jan. 12 in Oslo.",                 # abbreviations
    "Growth was 3.5 percent, see example.org/report for more.",             # numbers, domains
    "Several weeks ago, the council voted. Two days ago it met again.",     # time in a sentence
    "Trade between Norway and the EU and between Norway and the UK grew.",  # parallel wording
    "The firm (ACME) said the deal (2019) was fair.",                       # acronyms, years
    'She said: "Yes. Of course." Then she left.',                           # short sentences in quotes
    "What to look for",                                                      # a headline ending on 'for'
    "Talks are planned. They begin in 2025",                                 # ends on a number
    "The report is out. Read it at https://example.org/a",                   # ends on a web address
    "Mayor Ada Vance warned the firm it would pay. Banks lend to Vance when it suits them.",
    "The coach was pleased by the fact that the team won, and worried about the cup.",
    "Rebels attacked a convoy. The attack killed two. The raid on the depot failed.",
    "An attack would be costly. The attack, if it came, would be met with force.",
    "There was no plan to fix the bridge, but the city hoped to do so.",   # "to fix" is the action
    "The choir was led by a teacher; leaded glass filled the windows.",
    '"The bridge is safe," Okafor has said. "It is," said Lee.',
    "Nobody promised nothing? No: the mayor did not promise anything.",
    "In the words of the mayor, the bridge is safe. The Isle of North Uist voted.",
    "Rents rose by a third. The vote on one third of the seats was close.",
])
def test_ordinary_writing_is_not_an_artifact(text):
    """Are headlines, subheads, abbreviations and normal prose left alone?"""
    assert rules_of(text) == []


def test_find_artifacts_rows_are_in_text_order_with_exact_spans():
    """Is every span exactly text[start:end], in order of start?"""
    text = "Updated 1 day ago\n\n02:10\n\nIt rained.It snowed. It rained.It snowed...\n***"
    found = kit.find_artifacts(text)
    assert found["start"].is_monotonic_increasing
    assert all(text[r.start:r.end] == r.span for r in found.itertuples())
    assert set(found["category"]) <= {"scraping", "editing", "machine-translation"}


@pytest.mark.parametrize("bad", [None, 3.5, {"text": "x"}])
def test_find_artifacts_refuses_what_is_not_a_text(bad):
    """Does a non-str text raise a KitError?"""
    with pytest.raises(KitError, match="find_artifacts\\(\\) takes a text"):
        kit.find_artifacts(bad)


def test_find_artifacts_scales_linearly():
    """Does a text 50 times longer give 50 times the rows?"""
    one = ("Posted {i} hours ago\n\nHall {i} was full.Then lamp {i} went out... "
           "Many left through the\n\n***\n\n")
    long = "".join(one.format(i=i) for i in range(50))
    assert len(kit.find_artifacts(long)) == 50 * len(kit.find_artifacts(one.format(i=0)))


# ======================================================================= wording

@pytest.mark.parametrize("text, span, category", [
    ("The council insinuated that costs rose.", "insinuated", "loaded-word"),
    ("The regime closed the port.", "regime", "loaded-word"),
    ("Officials allegedly took bribes.", "allegedly", "hedge"),
    ("The mayor firmly rejected it.", "firmly", "intensifier"),
    ("Flights to Kharkov resumed.", "Kharkov", "viewpoint-spelling"),
    ("The self-proclaimed council met.", "self-proclaimed", "naming"),
    ("The firm has been accused of fraud.", "has been accused of", "framing"),
    ("They spoke of the Ukraine then.", "the Ukraine", "viewpoint-spelling"),
])
def test_each_wording_category_comes_from_the_lexicon(text, span, category):
    """Does the lexicon mark its terms with their category?"""
    assert [span, category] in wording_of(text)


def test_lower_case_terms_match_any_case_and_capitalised_ones_only_as_written():
    """Does 'regime' match 'Regime', while 'Kiev' does not match 'kiev' in a web address?"""
    assert wording_of("Regime forces left.") == [["Regime", "loaded-word"]]
    assert wording_of("See example.org/kiev-news for more.") == []
    assert wording_of("The non-aggressive plan.") == []              # whole words only


def test_scare_quotes_are_short_quotes_nobody_is_reported_to_say():
    """Are 1-3 quoted words marked, but not speech, nor longer quotations?"""
    assert wording_of("The “reform” cost jobs.") == [["“reform”", "scare-quotes"]]
    assert wording_of("Ships will ‘never’ dock there.") == [["‘never’", "scare-quotes"]]
    assert wording_of('She said: "No way."') == []
    assert wording_of('"No way," she said.') == []
    assert wording_of('He called it "a mistake".') == []
    assert wording_of('The "plan to rebuild the old bridge" failed.') == []


def test_a_lexicon_of_ones_own_can_be_used(tmp_path):
    """Can an instructor pass a lexicon with a plain phrase and a regex term?"""
    path = write(tmp_path / "mine.csv",
                 "term,match,category,framing,explanation\n"
                 "cash grab,word,loaded-word,critical,Calls a fee greedy.\n"
                 r"\b(?:sky|through the roof)-?high\b,regex,intensifier,drama,Exaggerates." "\n")
    found = kit.find_wording("A cash  grab, with sky-high fees.", lexicon=path)
    assert found[["span", "category"]].values.tolist() == [["cash  grab", "loaded-word"],
                                                           ["sky-high", "intensifier"]]


@pytest.mark.parametrize("row, field", [
    ("regime,words,loaded-word,x,y", "match"),
    ("regime,word,bias,x,y", "category"),
    ("regime,word,loaded-word,x,", "explanation"),
    ("(unclosed,regex,loaded-word,x,y", "term"),
    ("a*,regex,loaded-word,x,y", "term"),
    ("-dash,word,loaded-word,x,y", "term"),
])
def test_a_malformed_wording_lexicon_is_reported_by_file_line_and_field(tmp_path, row, field):
    """Does a bad lexicon row raise a KitError naming the file, the line and the field?"""
    path = write(tmp_path / "mine.csv", "term,match,category,framing,explanation\n" + row + "\n")
    with pytest.raises(KitError) as err:
        kit.find_wording("text", lexicon=path)
    assert (Path(err.value.file).name, err.value.line, err.value.field) == ("mine.csv", 2, field)


def test_find_wording_refuses_bad_arguments(tmp_path):
    """Do a non-str text, a missing lexicon and a non-path lexicon raise KitErrors?"""
    with pytest.raises(KitError, match="find_wording\\(\\) takes a text"):
        kit.find_wording(7)
    with pytest.raises(KitError, match="lexicon file is missing"):
        kit.find_wording("x", lexicon=tmp_path / "none.csv")
    with pytest.raises(KitError, match="lexicon must be the path"):
        kit.find_wording("x", lexicon=["regime"])


def test_find_wording_scales_linearly():
    """Does a text 50 times longer give 50 times the rows?"""
    one = "The regime firmly denied the “plot”, reportedly in Kharkov. "
    assert len(kit.find_wording(one * 50)) == 50 * len(kit.find_wording(one))


def test_every_viewpoint_spelling_of_the_names_lexicon_is_in_the_wording_lexicon():
    """Do the two lexicons agree on which spellings carry a viewpoint?"""
    import csv

    def rows(name):
        lines = (ROOT / "data" / "lexicon" / name).read_text(encoding="utf-8").splitlines()
        return list(csv.DictReader(line for line in lines if not line.startswith("#")))

    names = {r["variant"] for r in rows("names.csv") if r["form"] == "viewpoint-spelling"}
    wording = {r["term"] for r in rows("wording.csv") if r["category"] == "viewpoint-spelling"}
    assert names <= wording, sorted(names - wording)


# ===================================================================== evaluation

def test_overlap_means_sharing_a_character():
    """Do spans that only touch count as not overlapping?"""
    from kit.detect.evaluate import overlaps

    assert overlaps([(0, 3), (3, 6), (10, 12)], [(2, 4)]) == [True, True, False]


def test_evaluate_needs_a_key(make_case):
    """Does a case without annotations raise a KitError naming the missing table?"""
    case = make_case()
    with pytest.raises(KitError, match="table of the key is missing"):
        kit.evaluate(case)


def test_detectors_reach_the_floors_on_the_five_articles():
    """Do the detectors reach the agreed floors against the answer key of the five articles?"""
    missing = [k for k in ("quotes", "names", "artifacts", "wording")
               if not (KEY / f"{k}.csv").is_file()]
    if missing:
        pytest.fail(f"the answer key is not complete: {', '.join(missing)}.csv missing from "
                    f"{KEY}; the floors cannot be checked until the teammates add them")
    table = kit.evaluate().set_index("measure")
    direct = table.loc["direct quotations"]
    assert direct["recall"] >= 0.9, table
    assert direct["speaker_accuracy"] >= 0.8, table
    scraping = table.loc["scraping and editing"]
    assert scraping["recall"] >= 0.9 and scraping["precision"] >= 0.9, table
    mt = table.loc["machine translation (certain)"]
    assert mt["recall"] >= 0.5 and mt["precision"] >= 0.7, table
    # "all" also counts traces no rule can see: mistranslations that read fluently,
    # verbs a translation program chose, and the Kremlin readout's calques of Russian
    mt = table.loc["machine translation (all)"]
    assert mt["recall"] >= 0.35 and mt["precision"] >= 0.7, table
    assert table.loc["garbled names", "recall"] == 1.0, table          # both garbled names
    assert table.loc["viewpoint spellings and orders", "recall"] == 1.0, table
    assert table.loc["variant names", "false_found"] <= 1, table

    pairs = kit.name_variants(kit.load_articles())
    garbled = annotations("names").query("form == 'garbled'")
    for row in garbled.itertuples():
        hit = pairs[(pairs.article == row.article) & (pairs.start < row.end) & (pairs.end > row.start)]
        assert hit["canonical"].tolist() == [row.canonical], row


def test_results_do_not_share_mutable_parts():
    """Does changing one result's column labels leave the next result alone?"""
    first = kit.find_wording("He slammed the deal.")
    first.columns.name = "changed"
    second = kit.find_wording("She slammed it.")
    assert second.columns.name is None
