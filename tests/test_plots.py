"""The charts of kit.plots: what they draw, on which axes, and what they leave alone.

A small case is built in a temporary folder (the kit's five articles and a
tiny key), so the counts below are known exactly.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys

import matplotlib
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import kit
from kit import plots
from kit.plots import parts, tallies
from kit.case.key import SCHEMAS
from kit.case.tables import STATUS_COLOURS
from kit.case.spans import locate
from kit.case.articles import DEFAULT_CASE, load_articles
from kit.errors import KitError

TEXTS = load_articles()["text"].to_dict()
IDS = list(TEXTS)
A, B, C = IDS[:3]


def setup_module():
    matplotlib.use("Agg")          # the tests' choice; the kit itself never picks a backend


def teardown_function():
    import matplotlib.pyplot as plt

    plt.close("all")


def _write(case, kind, rows):
    columns = SCHEMAS[kind]["columns"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    (case / "annotations" / f"{kind}.csv").write_text(out.getvalue(), encoding="utf-8")


def _at(article, occurrence_of_word=0):
    word = TEXTS[article].split()[occurrence_of_word]
    start, end = locate(TEXTS[article], word)
    return {"article": article, "start": start, "end": end, "span": word}


@pytest.fixture
def case(tmp_path):
    """Five articles; 3 quotes (2 in A by two speakers, 1 in B), 3 artifacts,
    2 claims, 3 timeline events with 3 mentions in all."""
    case = tmp_path / "case"
    (case / "annotations").mkdir(parents=True)
    shutil.copy(DEFAULT_CASE / "articles.csv", case)
    shutil.copytree(DEFAULT_CASE / "articles", case / "articles")
    _write(case, "quotes", [
        {**_at(A, 0), "speaker": "Jen Psaki", "speaker_type": "named official", "form": "direct"},
        {**_at(A, 1), "speaker": "the Kremlin", "speaker_type": "institution", "form": "partial"},
        {**_at(B, 0), "speaker": "Jen Psaki", "speaker_type": "named official",
         "form": "paraphrase"},
    ])
    _write(case, "artifacts", [
        {**_at(A, 0), "category": "translation", "certainty": "certain"},
        {**_at(B, 0), "category": "machine-translation", "certainty": "probable"},
        {**_at(B, 1), "category": "machine-translation", "certainty": "probable"},
    ])
    claims = []
    for cid, stated in (("C1", {A: "states", B: "contradicts"}), ("C2", {C: "states"})):
        for art in IDS:
            row = {"claim_id": cid, "claim": f"claim {cid}", "article": art,
                   "status": stated.get(art, "absent")}
            if art in stated:
                row.update(_at(art, 2))
            claims.append(row)
    _write(case, "claims", claims)
    _write(case, "timeline", [
        {"date": "2021-12-23", "event": "briefing", "articles": f"{A};{B}", "verified": "yes"},
        {"date": "2021-12-30", "event": "call", "articles": C, "verified": "yes"},
        {"date": "2015-02-12", "event": "Minsk II", "articles": "", "verified": "no"},
    ])
    return case


PROGRESS = pd.DataFrame({
    "student": ["ana", "ana", "ben"], "question": ["q1", "q2", "q1"],
    "bank": ["01-quotes", "01-quotes", "02-names"], "kind": ["choice"] * 3,
    "answer": ["a", "b", "c"], "correct": [True, False, True], "score": [1, 0, 2],
    "possible": [1, 1, 2], "tags": ["sources,verbs", "sources", "spelling; sources"],
    "time": pd.to_datetime(["2024-01-01"] * 3),
})


FOUND = pd.DataFrame({"kind": ["quotes", "wording", "quotes", "artifacts"],
                      "label": ["quote", "loaded-word", "quote", "separator"]})


def _calls(case):
    return {
        "sources": lambda ax, **kw: plots.sources(case=case, ax=ax, **kw),
        "quote_share": lambda ax, **kw: plots.quote_share(case=case, ax=ax, **kw),
        "quote_share overall": lambda ax, **kw: plots.quote_share(case=case, ax=ax, by="overall", **kw),
        "artifacts": lambda ax, **kw: plots.artifacts(case=case, ax=ax, **kw),
        "claims": lambda ax, **kw: plots.claims(case=case, ax=ax, **kw),
        "timeline": lambda ax, **kw: plots.timeline(case=case, ax=ax, **kw),
        "progress": lambda ax, **kw: plots.progress(PROGRESS, ax=ax, **kw),
        "progress empty": lambda ax, **kw: plots.progress(PROGRESS.iloc[0:0], ax=ax, **kw),
        "counts": lambda ax, **kw: plots.counts(FOUND, ax=ax, **kw),
    }


CALLS = list(_calls(None))


# ------------------------------------------------------------------ every chart

@pytest.mark.parametrize("name", CALLS)
def test_chart_has_title_and_labelled_axes(case, name):
    """Does every chart come back as Axes with a title and both axes labelled?"""
    ax = _calls(case)[name](None)
    assert isinstance(ax, Axes)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("name", CALLS)
def test_chart_draws_on_the_axes_given_and_makes_no_figure(case, name):
    """When an ax is passed, is that ax drawn on and returned, with no new pyplot figure?"""
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    ax = Figure().subplots()
    assert _calls(case)[name](ax) is ax
    assert ax.has_data() or ax.texts
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", CALLS)
def test_chart_without_ax_makes_one_figure(case, name):
    """Without an ax, does a chart make exactly one new figure?"""
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    _calls(case)[name](None)
    assert len(plt.get_fignums()) == before + 1


@pytest.mark.parametrize("name", CALLS)
def test_title_and_axis_labels_can_be_given(case, name):
    """Do title=, xlabel= and ylabel= replace a chart's own texts, on every chart?"""
    own = _calls(case)[name](None)
    ax = _calls(case)[name](None, title="T <b>", xlabel="X", ylabel="Y")
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T <b>", "X", "Y")
    assert (own.get_title(), own.get_xlabel(), own.get_ylabel()) != ("T <b>", "X", "Y")


def test_every_chart_takes_title_and_axis_labels():
    """Does every chart in kit.plots offer title=, xlabel= and ylabel= (and say so in help())?"""
    import inspect

    charts = [getattr(plots, n) for n in plots.__all__ if callable(getattr(plots, n)) and n != "describe"]
    assert len(charts) == 9
    for chart in charts:
        params = inspect.signature(chart).parameters
        assert {"title", "xlabel", "ylabel", "ax"} <= set(params), chart.__name__
        assert "``title``, ``xlabel`` and ``ylabel``" in chart.__doc__


def _in_a_notebook(monkeypatch):
    """Charts as the inline backend would take them; what they display, in a list."""
    shown = []
    monkeypatch.setattr(parts, "inline", lambda: True)
    monkeypatch.setattr(parts, "display", shown.append)
    return shown


def test_in_a_notebook_a_new_chart_is_shown_once_with_its_words(case, monkeypatch):
    """In a notebook, is a chart on a new figure shown once, as a picture with a text
    alternative and its description, every text escaped, and its pyplot figure closed?"""
    from html import escape

    import matplotlib.pyplot as plt

    shown = _in_a_notebook(monkeypatch)
    before = plt.get_fignums()
    ax = plots.artifacts(case=case, title="Traces <script>", xlabel="how many")
    assert plt.get_fignums() == before                  # pyplot will not show it again
    assert len(shown) == 1
    html = shown[0]._repr_html_()
    assert html.count("<img ") == 1 and 'alt="Chart: Traces &lt;script&gt;"' in html
    assert "<script>" not in html and escape(plots.describe(ax)) in html
    assert repr(shown[0]) == plots.describe(ax)


def test_in_a_notebook_a_chart_on_given_axes_is_left_to_the_caller(case, monkeypatch):
    """In a notebook, does a chart drawn on the caller's Axes show nothing by itself?"""
    shown = _in_a_notebook(monkeypatch)
    ax = Figure().subplots()
    assert plots.artifacts(case=case, ax=ax) is ax
    assert shown == []


def test_charts_are_plain_functions():
    """Is every chart a plain function whose signature is its own, with no wrapper?"""
    import inspect

    for name in plots.__all__:
        chart = getattr(plots, name)
        if callable(chart):
            assert inspect.isfunction(chart) and not hasattr(chart, "__wrapped__"), name
            assert "__signature__" not in vars(chart), name


@pytest.mark.parametrize("field,value", [("title", 3), ("xlabel", ["x"]), ("ylabel", b"y")])
def test_title_and_labels_must_be_text(field, value):
    """Is a title or label that is not a string a KitError naming the keyword?"""
    with pytest.raises(KitError) as info:
        plots.counts(FOUND, **{field: value})
    assert info.value.field == field


def test_counts_shows_every_kind_of_finding_even_at_zero():
    """Does counts() give every detector kind a bar, zero included, in the kit's order?"""
    ax = plots.counts(FOUND, ax=Figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()] == list(kit.lessons.FINDING_KINDS)
    assert [int(b.get_width()) for b in ax.patches] == [2, 0, 1, 1]
    assert [t.get_text().strip() for t in ax.texts] == ["2", "0", "1", "1"]


def test_counts_of_another_column_most_frequent_first_or_in_the_order_given():
    """Does counts(by=...) count any column, most frequent first, or in the order asked?"""
    ax = plots.counts(FOUND, by="label", ax=Figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "quote"
    assert sorted(int(b.get_width()) for b in ax.patches) == [1, 1, 2]
    ax = plots.counts(FOUND, by="label", order=["separator", "hedge"], ax=Figure().subplots())
    assert [int(b.get_width()) for b in ax.patches] == [1, 0]
    ax = plots.counts(PROGRESS, by="kind", ax=Figure().subplots())     # question kinds, not findings
    assert [t.get_text() for t in ax.get_yticklabels()] == ["choice"]


@pytest.mark.parametrize("call,field", [
    (lambda: plots.counts([1, 2]), "data"),
    (lambda: plots.counts(FOUND, by="speaker"), "by"),
    (lambda: plots.counts(FOUND, order="quote"), "order"),
])
def test_counts_bad_input_is_a_kit_error(call, field):
    """Is a bad table, column or order for counts() a KitError on that field?"""
    with pytest.raises(KitError) as info:
        call()
    assert info.value.field == field


def test_no_global_state_changes(case):
    """Do the charts leave the backend and every rcParam as they found them?"""
    backend, params = matplotlib.get_backend(), dict(matplotlib.rcParams)
    for call in _calls(case).values():
        call(None)
    assert matplotlib.get_backend() == backend
    assert dict(matplotlib.rcParams) == params


def test_import_kit_plots_does_not_import_matplotlib():
    """Does `import kit` (and kit.plots) stay light, leaving matplotlib until a chart is drawn?"""
    code = "import sys, kit, kit.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _bar_colours(ax):
    return {to_hex(p.get_facecolor()).lower() for p in ax.patches}


@pytest.mark.parametrize("name", ["sources", "quote_share", "artifacts", "progress", "counts"])
def test_bar_colours_are_okabe_ito(case, name):
    """Are bars coloured only from the Okabe-Ito palette (or grey for "others")?"""
    ax = _calls(case)[name](Figure().subplots())
    allowed = {c.lower() for c in plots.OKABE_ITO.values()} | {"#999999"}
    assert _bar_colours(ax) <= allowed


# -------------------------------------------------------------- chart by chart

def test_sources_stacks_one_bar_per_article_and_type(case):
    """Does sources() draw one segment per article per speaker type, with the right counts?"""
    ax = plots.sources(case=case, ax=Figure().subplots())
    types = SCHEMAS["quotes"]["choices"]["speaker_type"]
    assert len(ax.containers) == len(types)
    assert all(len(c) == len(IDS) for c in ax.containers)
    named = [b.get_width() for b in ax.containers[types.index("named official")]]
    assert named[:2] == [1, 1] and sum(named) == 2
    assert [t.get_text() for t in ax.get_yticklabels()] == IDS


def test_sources_counts_quotes_when_asked():
    """With count="quotes", does sources() count quotes instead of distinct speakers?"""
    q = pd.DataFrame({"article": [A, A], "speaker": ["P", "P"],
                      "speaker_type": ["named official"] * 2})
    people = plots.sources(q, ax=Figure().subplots())
    quotes = plots.sources(q, ax=Figure().subplots(), count="quotes")
    assert people.containers[0][0].get_width() == 1
    assert quotes.containers[0][0].get_width() == 2
    assert quotes.get_xlabel() == "number of quotes"


def test_quote_share_bars_add_up_to_100(case):
    """Do each article's shares of quoted words add up to 100 (or 0 without quotes)?"""
    ax = plots.quote_share(case=case, ax=Figure().subplots())
    assert len(ax.containers) == 2                        # two speakers
    totals = [sum(c[i].get_width() for c in ax.containers) for i in range(len(IDS))]
    assert totals[0] == pytest.approx(100) and totals[1] == pytest.approx(100)
    assert totals[2:] == [0, 0, 0]


def test_quote_share_overall_and_others():
    """Overall, do shares add up to 100, with speakers beyond `top` summed as "others"?"""
    q = pd.DataFrame({"article": [A] * 4, "speaker": ["a", "b", "c", "d"],
                      "span": ["w w w w", "w w w", "w w", "w"]})
    ax = plots.quote_share(q, ax=Figure().subplots(), by="overall", top=2)
    widths = [b.get_width() for b in ax.patches]
    assert sum(widths) == pytest.approx(100) and widths == pytest.approx([40, 30, 30])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "others"]


def test_artifacts_counts_by_category(case):
    """Does artifacts() draw one segment per article per category, with the right counts?"""
    ax = plots.artifacts(case=case, ax=Figure().subplots())
    cats = SCHEMAS["artifacts"]["choices"]["category"]
    assert len(ax.containers) == len(cats)
    mt = ax.containers[cats.index("machine-translation")]
    assert [b.get_width() for b in mt] == [0, 2, 0, 0, 0]


def test_artifacts_of_a_detector_for_another_case():
    """Can artifacts() chart findings for articles that are not in any key (no case)?"""
    found = pd.DataFrame({"article": ["x", "y", "x"], "category": ["scraping", "odd", "odd"]})
    ax = plots.artifacts(found, ax=Figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["x", "y"]
    assert [c.get_label() for c in ax.containers] == ["scraping", "odd"]


def test_claims_grid_has_a_cell_per_claim_and_article_and_words_where_a_text_speaks(case):
    """Does claims() draw claims x articles cells, saying "states"/"contradicts" in words
    and leaving "absent" cells blank, as its legend says?"""
    ax = plots.claims(case=case, ax=Figure().subplots())
    assert ax.images[0].get_array().shape == (2, len(IDS))
    words = [(t.get_text(), t.get_position()) for t in ax.texts]
    assert words == [("states", (0, 0)), ("contradicts", (1, 0)), ("states", (2, 1))]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "absent (blank)" if s == "absent" else s for s in STATUS_COLOURS]


def test_claims_accepts_the_plain_matrix(case):
    """Does claims() chart a matrix from claim_matrix(styled=False) as well?"""
    from kit.case.tables import claim_matrix

    ax = plots.claims(claim_matrix(case, styled=False), case=case, ax=Figure().subplots())
    assert [t.get_text() for t in ax.texts] == ["states", "contradicts", "states"]


def test_timeline_marks_every_event_and_mention(case):
    """Does timeline() mark each event once and each article's mention once?"""
    ax = plots.timeline(case=case, ax=Figure().subplots())
    points = [len(c.get_offsets()) for c in ax.collections]
    assert sum(points) == 3 + 3
    assert [t.get_text() for t in ax.get_yticklabels()][1:] == IDS
    later = plots.timeline(case=case, ax=Figure().subplots(), since="2021-12-01")
    assert sum(len(c.get_offsets()) for c in later.collections) == 2 + 3


def test_progress_by_bank_and_tag():
    """Does progress() draw one bar per bank and tag, at the share of points won?"""
    ax = plots.progress(PROGRESS, ax=Figure().subplots())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["01-quotes · sources", "01-quotes · verbs", "02-names · spelling",
                      "02-names · sources"]
    assert [b.get_width() for b in ax.patches] == [50, 100, 100, 100]


def test_progress_with_correct_only_and_a_tag_column():
    """Does progress() work from `correct` and a `tag` column when there are no points?"""
    df = pd.DataFrame({"bank": ["b", "b"], "tag": ["t", "t"], "correct": [True, False]})
    ax = plots.progress(df, ax=Figure().subplots())
    assert [b.get_width() for b in ax.patches] == [50]
    assert ax.get_xlabel() == "answers correct (%)"


def test_progress_empty_says_no_answers_yet():
    """Does an empty progress table draw an empty chart that says "no answers yet"?"""
    ax = plots.progress(pd.DataFrame(), ax=Figure().subplots())
    assert not ax.patches and [t.get_text() for t in ax.texts] == ["no answers yet"]


# ------------------------------------------------------------------------ errors

@pytest.mark.parametrize("call,field", [
    (lambda: plots.artifacts(pd.DataFrame({"article": [A]})), "data"),
    (lambda: plots.sources(pd.DataFrame({"speaker_type": ["x"]})), "data"),
    (lambda: plots.quote_share(pd.DataFrame({"article": [A], "speaker": ["x"]})), "data"),
    (lambda: plots.progress(pd.DataFrame({"bank": ["b"], "tags": ["t"]})), "df"),
    (lambda: plots.timeline(since="yesterday"), "since"),
    (lambda: plots.artifacts("data", case="data"), "case"),
])
def test_bad_input_is_a_kit_error(call, field):
    """Is bad data reported as a KitError on the right field, before anything is drawn?"""
    with pytest.raises(KitError) as info:
        call()
    assert info.value.field == field


def test_missing_columns_are_named():
    """Does the error for a table without `category` name the missing column?"""
    with pytest.raises(KitError, match="category"):
        plots.artifacts(pd.DataFrame({"article": [A]}))


def test_case_given_first_is_taken_as_the_case(case):
    """Does plots.artifacts(case_folder) read that case's key, like case=... does?"""
    ax = plots.artifacts(str(case), ax=Figure().subplots())
    assert sum(b.get_width() for b in ax.patches) == 3


def test_wording_and_artifacts_split_by_any_column():
    """Can the category charts split their bars by another column, naming it in the legend?"""
    found = kit.findings("artifacts", quiet=True)
    ax = plots.artifacts(found, by="label", ax=Figure().subplots())
    assert ax.get_legend().get_title().get_text() == "label"
    assert len(ax.containers) == found["label"].nunique()
    assert plots.wording(ax=Figure().subplots()).get_title().startswith("Word choices")


def test_passages_chart_counts_words_or_findings_in_each_passage():
    """Does passages() count each readout's words, or the findings inside each?"""
    chosen = kit.passages("readouts")
    ax = plots.passages("readouts", ax=Figure().subplots())
    widths = [b.get_width() for b in ax.containers[0]]
    assert widths == [tallies._words(s) for s in chosen["span"]] and len(widths) == len(chosen)
    found = kit.findings("wording", quiet=True)
    ax = plots.passages("readouts", found, ax=Figure().subplots())
    total = sum(b.get_width() for c in ax.containers for b in c)
    inside = sum(((found.article == r.article) & (found.start >= r.start) & (found.end <= r.end)).sum()
                 for r in chosen.itertuples())
    assert total == inside
