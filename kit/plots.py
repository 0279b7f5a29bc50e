"""Charts of the answer key, of detector findings and of a class's progress.

Every function draws on ``ax`` when one is given and returns it; only when
``ax`` is None does it create a figure (with ``matplotlib.pyplot``).  Nothing
global is touched: no backend is chosen and no ``rcParams`` are changed.
Colours come from the Okabe-Ito palette, which readers with any common form
of colour blindness can tell apart, and every chart has a title, labelled
axes and a legend or written labels, so colour is never the only cue.

Functions that chart a table of the key take ``data`` (a DataFrame, e.g. a
detector's findings) or, when ``data`` is None, load the key of ``case``:

>>> from matplotlib.figure import Figure
>>> ax = artifacts(data=_example_findings(), ax=Figure().subplots())
>>> ax.get_title(), ax.get_xlabel(), ax.get_ylabel()
('Artifacts by category in each article', 'number of artifacts', 'article')
>>> artifacts(data={"article": ["x"]})
Traceback (most recent call last):
...
kit.errors.KitError: field 'data': artifacts() takes a DataFrame, not dict. To fix: pass a DataFrame with the columns article, category, e.g. kit.annotations('artifacts').
"""

from __future__ import annotations

import functools
import inspect
import os
import re

from kit.case.articles import load_articles
from kit.case.key import SCHEMAS, STATUS_COLOURS, annotations, claim_matrix
from kit.case.key import timeline as load_timeline
from kit.errors import KitError
from kit.lessons import FINDING_KINDS, findings
from kit.lessons import passages as load_passages
from kit.store import progress as load_progress

__all__ = ["OKABE_ITO", "COLOURS", "sources", "quote_share", "artifacts", "wording", "counts",
           "passages", "claims", "timeline", "progress"]

#: The Okabe-Ito palette (Okabe & Ito 2008), safe for colour-blind readers.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9",
    "bluish green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
    "vermillion": "#D55E00", "reddish purple": "#CC79A7",
}
#: The order in which categories get their colours; grey is for "other".
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
           "#000000")
_OTHER = "#999999"
_TITLE = 13
_LABEL = 11


# ----------------------------------------------------------------------- helpers

# Figures made by _axes during the current chart call (see _chart).
_made: list = []


def _axes(ax, width: float = 8.0, height: float = 4.5):
    """``ax``, or the axes of a new figure sized for a notebook."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    _made.append(fig)
    return ax


def _chart(draw):
    """Decorate a chart function: ``title=``, ``xlabel=``, ``ylabel=``, and one drawing.

    Every chart takes these three keywords; each replaces the chart's own
    text, so a chart of any table can say what it counts.  Giving them here,
    not with ``ax.set_title(...)`` afterwards, also saves a drawing: pyplot,
    in interactive use (Jupyter's inline backend), draws every *stale* figure
    after a cell has run, and the inline backend then draws the figure again
    to make the image it shows, so that first drawing is thrown away.  A
    figure made here is marked not stale on return: the image shown is the
    same, made by one drawing instead of two.  Anything done to the figure
    afterwards (``ax.set_title(...)``) marks it stale again, as usual.
    """
    @functools.wraps(draw)
    def chart(*args, title=None, xlabel=None, ylabel=None, **kwargs):
        texts = {"title": title, "xlabel": xlabel, "ylabel": ylabel}
        for field, value in texts.items():
            if value is not None and not isinstance(value, str):
                raise KitError(f"{field}={value!r} is not text", field=field,
                               fix=f"pass a string, e.g. {field}=\"...\", or leave it out")
        mark = len(_made)
        try:
            ax = draw(*args, **kwargs)
            if title is not None:
                ax.set_title(title, fontsize=_TITLE, **_title_place(ax))
            if xlabel is not None:
                ax.set_xlabel(xlabel, fontsize=_LABEL)
            if ylabel is not None:
                ax.set_ylabel(ylabel, fontsize=_LABEL)
            return ax
        finally:
            for fig in _made[mark:]:
                fig.stale = False
            del _made[mark:]

    signature = inspect.signature(draw)
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None)
             for name in ("title", "xlabel", "ylabel")]
    chart.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])
    chart.__doc__ = (draw.__doc__ or "").rstrip() + _TEXTS_DOC
    return chart


_TEXTS_DOC = """

    ``title``, ``xlabel`` and ``ylabel``, when given, replace the chart's own
    title and axis labels (``title="What the detectors found"``).
"""


def _case_first(name: str, data, case):
    """Allow ``f("path/to/case")``: a folder passed as ``data`` is the case."""
    if isinstance(data, (str, os.PathLike)):
        if case is not None:
            raise KitError(f"{name}() was given two cases, {data!r} and {case!r}", field="case",
                           fix="pass the case once, as case=...")
        return None, data
    return data, case


def _data(name: str, data, case, kind: str, needed):
    """(DataFrame, case, given): the data passed, or the key of the case."""
    import pandas as pd

    data, case = _case_first(name, data, case)
    if data is None:
        if kind in FINDING_KINDS:        # the key, or the detectors where a case has none
            return findings(kind, case, quiet=True), case, False
        return annotations(kind, case), case, False
    if not isinstance(data, pd.DataFrame):
        raise KitError(f"{name}() takes a DataFrame, not {type(data).__name__}", field="data",
                       fix=f"pass a DataFrame with the columns {', '.join(needed)}, "
                           f"e.g. kit.annotations({kind!r})")
    missing = [c for c in needed if c not in data.columns]
    if missing:
        raise KitError(f"the data has no column(s) {', '.join(missing)}", field="data",
                       fix=f"{name}() needs the columns {', '.join(needed)}; the data has "
                           f"{', '.join(map(str, data.columns)) or 'none'}")
    return data, case, True


def _articles(found, case, given: bool) -> list[str]:
    """The articles to show: the case's (in order) if the data belongs to it, else the data's."""
    found = [str(a) for a in dict.fromkeys(found) if isinstance(a, str) and a]
    try:
        ids = list(load_articles(case).index)
    except KitError:
        if case is not None or not given:
            raise
        return found
    if given and case is None and not set(found) <= set(ids):
        return found
    return ids + [a for a in found if a not in ids]


def _ordered(values, known) -> list[str]:
    values = [str(v) for v in dict.fromkeys(values) if isinstance(v, str) and v]
    return [k for k in known if k in values] + sorted(v for v in values if v not in known)


def _text_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on this background."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "#ffffff"


def _finish(ax, title: str, xlabel: str, ylabel: str, *, box: bool = False) -> None:
    """Title, axis labels and tick size; without ``box``, no top or right frame line."""
    ax.set_title(title, fontsize=_TITLE, **_title_place(ax))
    ax.set_xlabel(xlabel, fontsize=_LABEL)
    ax.set_ylabel(ylabel, fontsize=_LABEL)
    ax.tick_params(labelsize=10)
    if not box:
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)


def _bars(ax, names, values, colours, labels, fontsize: int = 10):
    """Horizontal bars, one per name (the first on top), each labelled at its end."""
    y = list(range(len(names)))
    bars = ax.barh(y, list(values), color=colours, height=0.7)
    ax.bar_label(bars, labels=labels, fontsize=fontsize)
    ax.set_yticks(y, list(names))
    ax.invert_yaxis()
    return bars


def _title_place(ax) -> dict:
    """Where the title goes: on top of the axes, unless tick labels are up there.

    matplotlib looks for tick labels above the axes at every drawing (measuring
    every tick label); with the x axis at the bottom the answer is always "on
    top of the axes", so it is given here and the search is skipped.
    """
    bottom = (ax.xaxis.get_ticks_position() not in ("top", "unknown")
              and ax.xaxis.get_label_position() != "top")
    return {"y": 1.0} if bottom else {}


def _note(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            fontsize=12, color="#444444")


def _stacked(ax, table, colours, xlabel, ylabel, title, legend_title, totals=True):
    """Horizontal stacked bars: one bar per row of ``table``, one segment per column."""
    rows = list(table.index)
    y = list(range(len(rows)))
    left = [0.0] * len(rows)
    for col, colour in zip(table.columns, colours):
        widths = [float(v) for v in table[col]]
        ax.barh(y, widths, left=left, color=colour, edgecolor="white", linewidth=0.8,
                label=str(col), height=0.7)
        left = [a + b for a, b in zip(left, widths)]
    if totals:
        for yi, total in zip(y, left):
            ax.text(total, yi, f" {total:g}", va="center", ha="left", fontsize=10)
    ax.set_yticks(y, rows)
    ax.invert_yaxis()                       # first article on top, as in a table
    ax.set_xlim(0, max(left + [1]) * 1.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if len(table.columns):
        ax.legend(title=legend_title, fontsize=9, title_fontsize=10, frameon=False,
                  loc="upper left", bbox_to_anchor=(1.01, 1.0))
    else:
        _note(ax, "nothing to count")
    _finish(ax, title, xlabel, ylabel)


def _colours_for(categories, known) -> list[str]:
    """Known categories keep their colour whatever else is in the data."""
    out = []
    for cat in categories:
        i = known.index(cat) if cat in known else len(known) + categories.index(cat)
        out.append(COLOURS[i % len(COLOURS)])
    return out


def _example_findings():
    import pandas as pd

    return pd.DataFrame({"article": ["psaki-briefing", "putin-demands", "putin-demands"],
                         "category": ["translation", "machine-translation", "scraping"]})


# ------------------------------------------------------------------------ charts

@_chart
def sources(data=None, case=None, ax=None, *, count: str = "sources"):
    """Who is quoted: sources of each article by type, as stacked bars.

    ``data`` is a quotes table (columns ``article``, ``speaker_type`` and, to
    count distinct people, ``speaker``); by default the case's key.
    ``count="sources"`` counts distinct speakers, ``count="quotes"`` quotes.

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> q = pd.DataFrame({"article": ["a", "a", "b"], "speaker": ["Psaki", "Psaki", "Putin"],
    ...                   "speaker_type": ["named official"] * 3})
    >>> ax = sources(q, ax=Figure().subplots())
    >>> [float(bar.get_width()) for bar in ax.containers[0]]
    [1.0, 1.0]
    >>> sources(q, count="people")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'count': count='people' is not known. To fix: use count='sources' (distinct speakers) or count='quotes'.
    """
    if count not in ("sources", "quotes"):
        raise KitError(f"count={count!r} is not known", field="count",
                       fix="use count='sources' (distinct speakers) or count='quotes'")
    frame, case, given = _data("sources", data, case, "quotes", ("article",))
    known = list(SCHEMAS["quotes"]["choices"]["speaker_type"])
    if "speaker_type" not in frame.columns:       # detector findings do not classify speakers
        frame, given = frame.assign(speaker_type="not classified"), True
    types = _ordered(frame["speaker_type"], known) if given else known
    ids = _articles(frame["article"], case, given)
    distinct = count == "sources" and "speaker" in frame.columns
    grouped = frame.groupby(["article", "speaker_type"])
    counts = grouped["speaker"].nunique() if distinct else grouped.size()
    table = counts.unstack(fill_value=0).reindex(index=ids, columns=types, fill_value=0)
    ax = _axes(ax, 8.5, 0.55 * len(ids) + 1.8)
    _stacked(ax, table, _colours_for(types, known),
             "number of distinct sources" if distinct else "number of quotes", "article",
             "Who is quoted: sources by type in each article", "speaker type")
    return ax


def _words(span) -> int:
    return len(re.findall(r"\w+(?:['\u2019]\w+)*", span)) if isinstance(span, str) else 0


@_chart
def quote_share(data=None, case=None, ax=None, *, by: str = "article", top: int = 6):
    """Whose words fill the quotes: each speaker's share of the quoted words.

    ``by="article"`` draws one 100% bar per article; ``by="overall"`` one bar
    per speaker for the whole case.  The ``top`` speakers (by words quoted)
    get their own colour, the rest are summed as "others".  ``data`` needs
    ``article``, ``speaker`` and ``span`` (or a ``words`` count).

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> q = pd.DataFrame({"article": ["a", "a", "b"], "speaker": ["Psaki", "Putin", "Putin"],
    ...                   "span": ["one two three", "four", "five six"]})
    >>> ax = quote_share(q, ax=Figure().subplots(), by="overall")
    >>> [round(bar.get_width()) for bar in ax.containers[0]]
    [50, 50]
    >>> quote_share(q, by="outlet")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'by': by='outlet' is not known. To fix: use by='article' or by='overall'.
    """
    import pandas as pd

    if by not in ("article", "overall"):
        raise KitError(f"by={by!r} is not known", field="by",
                       fix="use by='article' or by='overall'")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise KitError(f"top={top!r} is not a positive whole number", field="top",
                       fix="pass e.g. top=6")
    probe = data if isinstance(data, pd.DataFrame) else None
    needed = ("article", "speaker", "words") if probe is not None and "words" in probe.columns \
        else ("article", "speaker", "span")
    frame, case, given = _data("quote_share", data, case, "quotes", needed)
    frame = frame.assign(
        words=(pd.to_numeric(frame["words"], errors="coerce").fillna(0) if "words" in frame
               else frame["span"].map(_words)),
        speaker=frame["speaker"].map(lambda s: s if isinstance(s, str) and s else "(unknown)"))
    totals = frame.groupby("speaker")["words"].sum().sort_values(ascending=False, kind="stable")
    leaders = list(totals.index[:top])
    others = len(totals) > top
    frame["who"] = frame["speaker"].where(frame["speaker"].isin(leaders), "others")
    columns = leaders + (["others"] if others else [])
    colours = [COLOURS[i % len(COLOURS)] for i in range(len(leaders))] + \
        ([_OTHER] if others else [])

    if by == "overall":
        shares = frame.groupby("who")["words"].sum().reindex(columns, fill_value=0)
        whole = shares.sum()
        shares = shares / whole * 100 if whole else shares * 0
        ax = _axes(ax, 8.0, 0.45 * len(columns) + 1.8)
        _bars(ax, columns, shares, colours, [f" {v:.0f}%" for v in shares])
        ax.set_xlim(0, max(list(shares) + [10]) * 1.15)
        if not columns:
            _note(ax, "no quotes")
        _finish(ax, "Whose words are quoted: share of all quoted words",
                "share of quoted words (%)", "speaker")
        return ax

    ids = _articles(frame["article"], case, given)
    table = (frame.groupby(["article", "who"])["words"].sum().unstack(fill_value=0)
             .reindex(index=ids, columns=columns, fill_value=0))
    sums = table.sum(axis=1)
    table = table.div(sums.where(sums > 0, 1), axis=0) * 100
    ax = _axes(ax, 9.0, 0.55 * len(ids) + 1.8)
    _stacked(ax, table, colours, "share of quoted words (%)", "article",
             "Whose words are quoted: share of quoted words in each article", "speaker",
             totals=False)
    ax.set_xlim(0, 100)
    for container, colour in zip(ax.containers, colours):
        labels = [f"{b.get_width():.0f}%" if b.get_width() >= 8 else "" for b in container]
        ax.bar_label(container, labels=labels, label_type="center", fontsize=9,
                     color=_text_colour(colour))
    for yi, total in enumerate(sums):
        if not total:
            ax.text(1, yi, "no quotes", va="center", fontsize=9, color="#444444")
    return ax


@_chart
def artifacts(data=None, case=None, ax=None, *, by: str = "category"):
    """Traces of translation, scraping and editing: artifacts by category per article.

    ``data`` is a DataFrame with ``article`` and ``category`` columns, e.g. a
    detector's findings for a case that has no hand-made key; by default the
    case's key (or, without one, the detectors' findings).  Articles without
    artifacts get an empty bar.

    >>> from matplotlib.figure import Figure
    >>> ax = artifacts(_example_findings(), ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['psaki-briefing', 'putin-demands']
    """
    return _by_category("artifacts", data, case, ax, "number of artifacts",
                        f"Artifacts by {by} in each article", by=by)


@_chart
def wording(data=None, case=None, ax=None, *, by: str = "category"):
    """Word choices by category per article: loaded words, scare quotes, hedges...

    ``data`` is a DataFrame with ``article`` and ``category`` columns (e.g.
    ``kit.find_wording`` results with an ``article`` column); by default the
    case's key (or, without one, the detectors' findings).

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> w = pd.DataFrame({"article": ["a", "a"], "category": ["hedge", "loaded-word"]})
    >>> wording(w, ax=Figure().subplots()).get_title()
    'Word choices by category in each article'
    """
    return _by_category("wording", data, case, ax, "number of word choices",
                        f"Word choices by {by} in each article", by=by)


@_chart
def counts(data, by: str = "kind", ax=None, *, order=None):
    """How many rows of ``data`` have each value of the column ``by``, as bars.

    Made for what ``kit.examine()`` finds in a text: counting its ``kind``
    column, every kind of detector gets a bar, an empty one where it found
    nothing (a kind with no findings is worth a look too).  Any other column
    (or a ``kind`` column of something else, such as ``kit.progress()``) is
    counted the same way, most frequent first, unless ``order`` lists the
    values to show.

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> found = pd.DataFrame({"kind": ["quotes", "wording", "quotes"]})
    >>> ax = counts(found, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()], [int(b.get_width()) for b in ax.patches]
    (['quotes', 'names', 'artifacts', 'wording'], [2, 0, 0, 1])
    >>> counts(found, by="speaker")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'by': the data has no column 'speaker'. To fix: count one of its columns: kind.
    """
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise KitError(f"counts() takes a DataFrame, not {type(data).__name__}", field="data",
                       fix="pass a table, e.g. found = kit.examine(text); kit.plots.counts(found)")
    if by not in data.columns:
        raise KitError(f"the data has no column {by!r}", field="by",
                       fix="count one of its columns: " + (", ".join(map(str, data.columns)) or "none"))
    tally = data[by].dropna().astype(str).value_counts(sort=True)
    if order is None:
        found = by == "kind" and set(tally.index) <= set(FINDING_KINDS)   # from kit.examine()
        known = list(FINDING_KINDS) if found else []
        order = known + [v for v in tally.index if v not in known]
    elif isinstance(order, str) or not all(isinstance(v, str) for v in order):
        raise KitError(f"order={order!r} is not a list of values", field="order",
                       fix=f"list the values of {by!r} to show, e.g. order={list(tally.index[:2])!r}")
    values = [int(tally.get(v, 0)) for v in order]
    ax = _axes(ax, 8.0, 0.45 * len(order) + 1.6)
    _bars(ax, order, values, COLOURS[0], [f" {v}" for v in values])
    ax.set_xlim(0, max(values + [1]) * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if not order:
        _note(ax, "nothing to count")
    _finish(ax, f"How many rows of each {by}", "number of rows", by)
    return ax


def _by_category(kind: str, data, case, ax, xlabel: str, title: str, by: str = "category"):
    """Stacked bars of rows per article, split by the column ``by``."""
    frame, case, given = _data(kind, data, case, kind, ("article", by))
    known = list(SCHEMAS[kind]["choices"]["category"]) if by == "category" else []
    cats = _ordered(frame[by], known) if given or by != "category" else known
    ids = _articles(frame["article"], case, given)
    table = (frame.groupby(["article", by]).size().unstack(fill_value=0)
             .reindex(index=ids, columns=cats, fill_value=0))
    ax = _axes(ax, 8.5, 0.55 * len(ids) + 1.8)
    _stacked(ax, table, _colours_for(cats, known), xlabel, "article", title, by)
    return ax


@_chart
def passages(name: str = "readouts", highlight=None, case=None, ax=None):
    """Compare the passages of a set (e.g. two readouts of one call).

    Without ``highlight``: the number of words in each passage.  With a
    findings table (``kit.findings("wording")``...): how many of its rows
    fall inside each passage, by category, so two accounts can be compared
    by what they contain, not only by length.

    >>> from matplotlib.figure import Figure
    >>> passages("readouts", ax=Figure().subplots()).get_title()
    'Words in each passage of the set "readouts"'
    """
    import pandas as pd

    chosen = load_passages(name, case)
    labels = [f"{row.label}" for row in chosen.itertuples(index=False)]
    if highlight is None:
        words = [_words(span) for span in chosen["span"]]
        ax = _axes(ax, 8, 0.55 * len(labels) + 1.6)
        _bars(ax, labels, words, COLOURS[1], [f" {n}" for n in words], fontsize=9)
        ax.set_xlim(0, max(words + [1]) * 1.12)
        _finish(ax, f'Words in each passage of the set "{name}"', "number of words", "passage")
        return ax
    frame, case, _ = _data("passages", highlight, case, "passages", ("article", "start", "end", "category"))
    counts = {}
    for row, label in zip(chosen.itertuples(index=False), labels):
        inside = frame[(frame["article"] == row.article) & (frame["start"] >= row.start)
                       & (frame["end"] <= row.end)]
        counts[label] = inside["category"].value_counts()
    table = pd.DataFrame(counts).T.fillna(0).astype(int).reindex(labels)
    cats = list(table.columns)
    ax = _axes(ax, 8.5, 0.55 * len(labels) + 1.8)
    _stacked(ax, table, _colours_for(cats, []), "number of findings", "passage",
             f'Findings by category in each passage of the set "{name}"', "category")
    return ax


@_chart
def claims(data=None, case=None, ax=None):
    """Which article states, contradicts or leaves out each claim, as a grid.

    Each cell is coloured by status *and* says it in words, except that an
    ``absent`` cell is left blank (the legend says so): a blank cell reads as
    "not there" without colour, and the grid draws far faster.  ``data`` is a
    claims table (``claim_id``, ``article``, ``status``) or a matrix like
    ``kit.claim_matrix(styled=False)``; by default the case's key.

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> c = pd.DataFrame({"claim_id": ["C1", "C1"], "article": ["a", "b"],
    ...                   "status": ["states", "absent"]})
    >>> ax = claims(c, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.texts]
    ['states']
    """
    import pandas as pd

    data, case = _case_first("claims", data, case)
    if data is None:
        matrix, given = claim_matrix(case, styled=False), False
    elif isinstance(data, pd.DataFrame) and {"claim_id", "article", "status"} <= set(data.columns):
        first = data.drop_duplicates("claim_id")
        labels = (first.set_index("claim_id")["claim"] if "claim" in data.columns else None)
        order = list(first["claim_id"])
        matrix = data.pivot_table(index="claim_id", columns="article", values="status",
                                  aggfunc="first").reindex(index=order)
        if labels is not None:
            matrix.index = pd.MultiIndex.from_arrays([order, [labels[c] for c in order]])
        given = True
    elif isinstance(data, pd.DataFrame):
        matrix, given = data, True
    else:
        _data("claims", data, case, "claims", ("claim_id", "article", "status"))
    ids = _articles(list(matrix.columns), case, given)
    matrix = matrix.reindex(columns=ids)

    statuses = list(STATUS_COLOURS)
    extra = sorted({v for v in matrix.to_numpy().ravel() if isinstance(v, str)} - set(statuses))
    names = statuses + extra + ["(none)"]
    colours = list(STATUS_COLOURS.values()) + ["#ffffff"] * (len(extra) + 1)
    codes = [[names.index(v) if isinstance(v, str) else len(names) - 1 for v in row]
             for row in matrix.to_numpy()]

    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    n_rows, n_cols = len(matrix.index), len(ids)
    ax = _axes(ax, 2.2 + 1.45 * max(n_cols, 1) + 3.2, 0.34 * n_rows + 2.2)
    ax.imshow(codes if n_rows and n_cols else [[len(names) - 1]], aspect="auto",
              cmap=ListedColormap(colours), vmin=-0.5, vmax=len(names) - 0.5,
              interpolation="nearest")
    for i, row in enumerate(codes):
        for j, code in enumerate(row):
            word = names[code] if code < len(names) - 1 else "—"
            if word == "absent":
                continue
            ax.text(j, i, word, ha="center", va="center", fontsize=8.5, color="#111111",
                    fontweight="bold" if word == "contradicts" else "normal",
                    in_layout=False)     # inside its cell: never widens the layout
    ylabels = []
    for key in matrix.index:
        if isinstance(key, tuple):
            cid, text = key[0], key[1] if len(key) > 1 else ""
            text = str(text)
            ylabels.append(f"{cid}  {text[:42] + '…' if len(text) > 43 else text}")
        else:
            ylabels.append(str(key))
    ax.set_yticks(range(n_rows), ylabels, fontsize=8.5)
    ax.set_xticks(range(n_cols), ids, rotation=30, ha="right", fontsize=9.5)
    # white lines between the cells: two line collections, not one tick per line
    ax.vlines([x - 0.5 for x in range(1, n_cols)], -0.5, max(n_rows, 1) - 0.5,
              color="white", linewidth=1.5)
    ax.hlines([y - 0.5 for y in range(1, n_rows)], -0.5, max(n_cols, 1) - 0.5,
              color="white", linewidth=1.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.legend(handles=[Patch(facecolor=STATUS_COLOURS[s], edgecolor="#888888",
                             label="absent (blank)" if s == "absent" else s)
                       for s in statuses],
              title="status", fontsize=9, title_fontsize=10, frameon=False,
              loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if not n_rows:
        _note(ax, "no claims")
    _finish(ax, "Claims by article: states, contradicts or absent", "article", "claim", box=True)
    return ax


@_chart
def timeline(data=None, case=None, ax=None, *, since=None, until=None):
    """Events on a date axis, with a mark for each article that mentions them.

    The top row shows every event (filled: verified, hollow: not verified);
    each row below is an article, marked where it mentions an event.
    ``since`` and ``until`` (``"YYYY-MM-DD"``) narrow the dates shown, e.g.
    ``since="2021-12-01"`` for the week and what followed.  ``data`` is a
    table like ``kit.timeline()``; by default the case's key.

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> t = pd.DataFrame({"date": ["2021-12-23", "2021-12-30"], "event": ["x", "y"],
    ...                   "articles": ["a;b", ""], "verified": ["yes", "no"]})
    >>> ax = timeline(t, ax=Figure().subplots())
    >>> sum(len(c.get_offsets()) for c in ax.collections)    # 2 events, 2 mentions
    4
    >>> timeline(t, since="23 Dec")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'since': '23 Dec' is not a date. To fix: write it as YYYY-MM-DD, e.g. since='2021-12-01'.
    """
    import pandas as pd

    bounds = {}
    for name, value in (("since", since), ("until", until)):
        if value is not None:
            try:
                bounds[name] = pd.Timestamp(value) if re.fullmatch(
                    r"\d{4}-\d{2}-\d{2}", str(value)) or not isinstance(value, str) else None
            except (TypeError, ValueError):
                bounds[name] = None
            if bounds[name] is None:
                raise KitError(f"{value!r} is not a date", field=name,
                               fix=f"write it as YYYY-MM-DD, e.g. {name}='2021-12-01'")
    data, case = _case_first("timeline", data, case)
    if data is None:
        frame, given = load_timeline(case), False
    else:
        frame, case, given = _data("timeline", data, case, "timeline",
                                   ("date", "event", "articles"))
        frame = frame.copy()
        frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
        if frame["date"].isna().any():
            raise KitError("some dates are missing or not dates", field="date",
                           fix="give every event a date, YYYY-MM-DD")
        frame["articles"] = frame["articles"].map(
            lambda v: [a.strip() for a in re.split(r"[;,]", v) if a.strip()]
            if isinstance(v, str) else list(v) if isinstance(v, (list, tuple)) else [])
        if "verified" in frame.columns:
            frame["verified"] = frame["verified"].map(
                lambda v: v is True or (isinstance(v, str) and v.strip().lower() == "yes"))
        else:
            frame["verified"] = True
        frame = frame.sort_values("date", kind="stable")
    if "since" in bounds:
        frame = frame[frame["date"] >= bounds["since"]]
    if "until" in bounds:
        frame = frame[frame["date"] <= bounds["until"]]

    mentioned = [a for arts in frame["articles"] for a in arts]
    ids = _articles(mentioned, case, given)
    rows = ["(event)"] + ids
    ax = _axes(ax, 9.5, 0.5 * len(rows) + 2.0)
    dates = list(frame["date"])
    for d in dict.fromkeys(dates):
        ax.axvline(d, color="#dddddd", linewidth=0.8, zorder=0)
    verified = frame["verified"].astype(bool).tolist()
    yes = [d for d, v in zip(dates, verified) if v]
    no = [d for d, v in zip(dates, verified) if not v]
    ax.scatter(yes, [0] * len(yes), s=70, marker="o", color=COLOURS[0], zorder=3,
               label="event (verified)")
    ax.scatter(no, [0] * len(no), s=70, marker="o", facecolors="white",
               edgecolors=COLOURS[0], linewidths=1.8, zorder=3, label="event (not verified)")
    xs = [d for d, arts in zip(dates, frame["articles"]) for a in arts]
    ys = [rows.index(a) for arts in frame["articles"] for a in arts]
    ax.scatter(xs, ys, s=60, marker="s", color=COLOURS[1], edgecolors="#000000",
               linewidths=0.6, zorder=3, label="mentioned in the article")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if dates:
        pad = max((max(dates) - min(dates)) * 0.04, pd.Timedelta(days=1))
        ax.set_xlim(min(dates) - pad, max(dates) + pad)
    else:
        _note(ax, "no events in these dates")
    ax.legend(fontsize=9, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    _finish(ax, "Timeline: which article mentions which event", "date", "article")
    return ax


def _number(value) -> float:
    """1.0, 0.0 or NaN from a bool, a number or a word like "yes"/"False"."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "yes", "1"):
            return 1.0
        if word in ("false", "no", "0"):
            return 0.0
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _tags(value) -> list[str]:
    if isinstance(value, str):
        return [t.strip() for t in re.split(r"[;,]", value) if t.strip()]
    if isinstance(value, (list, tuple)):
        return [str(t).strip() for t in value if str(t).strip()]
    return []


@_chart
def progress(df=None, ax=None):
    """How a class (or a student) is doing, by question bank and tag.

    ``df`` is a progress table like ``kit.progress()``: columns ``bank``,
    ``tags`` (or ``tag``; several tags separated by ``,`` or ``;``) and
    ``score`` with ``possible`` (or ``correct``).  Each bar is the share of
    points won on the questions of one bank with one tag, over all the rows
    given (filter the table first to chart, say, one student or last attempts).
    An empty table draws an empty chart that says "no answers yet".

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> p = pd.DataFrame({"bank": ["quotes"] * 2, "tags": ["sources, verbs", "sources"],
    ...                   "score": [1, 0], "possible": [1, 1]})
    >>> ax = progress(p, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()], [float(b.get_width()) for b in ax.patches]
    (['quotes · sources', 'quotes · verbs'], [50.0, 100.0])
    >>> progress(pd.DataFrame(), ax=Figure().subplots()).texts[0].get_text()
    'no answers yet'
    >>> progress(p.drop(columns="bank"))
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'df': the progress table has no column(s) bank. To fix: pass a table with columns bank, tags and score with possible (or correct), e.g. kit.progress().
    """
    import pandas as pd

    if df is None:
        df = load_progress()
    if not isinstance(df, pd.DataFrame):
        raise KitError(f"progress() takes a DataFrame, not {type(df).__name__}", field="df",
                       fix="pass the table of answers, e.g. kit.progress()")
    title = "Progress by question bank and tag"
    use_points = "score" in df.columns and "possible" in df.columns
    xlabel = "score (% of possible points)" if use_points else "answers correct (%)"
    ylabel = "question bank · tag"

    shares = pd.Series(dtype="float64")
    counts = []
    if not df.empty:
        tag_col = "tags" if "tags" in df.columns else "tag" if "tag" in df.columns else None
        missing = [c for c in ["bank"] + ([] if tag_col else ["tags"])
                   + ([] if use_points else ["correct"]) if c not in df.columns]
        if missing:
            raise KitError(f"the progress table has no column(s) {', '.join(missing)}",
                           field="df",
                           fix="pass a table with columns bank, tags and score with possible "
                               "(or correct), e.g. kit.progress()")
        frame = pd.DataFrame({
            "bank": [b if isinstance(b, str) and b else "(no bank)" for b in df["bank"]],
            "tag": [_tags(t) or ["(no tag)"] for t in df[tag_col]],
            "won": [_number(v) for v in (df["score"] if use_points else df["correct"])],
            "out_of": [_number(v) for v in df["possible"]] if use_points else 1.0,
        })
        frame = frame.explode("tag").dropna(subset=["won", "out_of"])
        groups = frame.groupby(["bank", "tag"], sort=False)
        sums = groups[["won", "out_of"]].sum()
        sums["n"] = groups.size()
        sums = sums[sums["out_of"] > 0]
        shares = sums["won"] / sums["out_of"] * 100
        counts = list(sums["n"])

    labels = [f"{b} · {t}" for b, t in shares.index]
    ax = _axes(ax, 8.0, max(3.5, 0.42 * len(labels) + 2.0))
    banks = list(dict.fromkeys(b for b, _ in shares.index))
    colours = [COLOURS[banks.index(b) % len(COLOURS)] for b, _ in shares.index]
    if labels:
        _bars(ax, labels, shares, colours, [f" {s:.0f}% (n={n})" for s, n in zip(shares, counts)],
              fontsize=9)
    else:
        ax.set_yticks([])
        _note(ax, "no answers yet")
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    _finish(ax, title, xlabel, ylabel)
    return ax
