"""Charts that count: who is quoted, whose words, artifacts, word choices, any column, passages.

Each takes ``ax=None`` and returns the Axes it drew on; ``title=``, ``xlabel=``
and ``ylabel=`` replace the chart's own texts (see ``kit.plots.parts.finish``).
"""

from __future__ import annotations

import re

from kit.case.key import SCHEMAS
from kit.errors import KitError
from kit.lessons import FINDING_KINDS
from kit.lessons import passages as load_passages
from kit.plots.parts import (COLOURS, OTHER, article_order, bars, chart_data, check_texts,
                             colours_for, finish, new_axes, note, ordered, stacked, text_colour)

__all__ = ["sources", "quote_share", "artifacts", "wording", "counts", "passages"]


def sources(data=None, case=None, ax=None, *, count: str = "sources",
            title=None, xlabel=None, ylabel=None):
    """Who is quoted: sources of each article by type, as stacked bars.

    ``data`` is a quotes table (columns ``article``, ``speaker_type`` and, to
    count distinct people, ``speaker``); by default the case's key.
    ``count="sources"`` counts distinct speakers, ``count="quotes"`` quotes.

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

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
    texts = check_texts(title, xlabel, ylabel)
    if count not in ("sources", "quotes"):
        raise KitError(f"count={count!r} is not known", field="count",
                       fix="use count='sources' (distinct speakers) or count='quotes'")
    frame, case, given = chart_data("sources", data, case, "quotes", ("article",))
    known = list(SCHEMAS["quotes"]["choices"]["speaker_type"])
    if "speaker_type" not in frame.columns:       # detector findings do not classify speakers
        frame, given = frame.assign(speaker_type="not classified"), True
    types = ordered(frame["speaker_type"], known) if given else known
    ids = article_order(frame["article"], case, given)
    distinct = count == "sources" and "speaker" in frame.columns
    grouped = frame.groupby(["article", "speaker_type"])
    counts = grouped["speaker"].nunique() if distinct else grouped.size()
    table = counts.unstack(fill_value=0).reindex(index=ids, columns=types, fill_value=0)
    ax, made = new_axes(ax, 8.5, 0.55 * len(ids) + 1.8)
    stacked(ax, table, colours_for(types, known), "speaker type")
    own = ("Who is quoted: sources by type in each article",
           "number of distinct sources" if distinct else "number of quotes", "article")
    return finish(ax, made, own, texts)


def _words(span) -> int:
    return len(re.findall(r"\w+(?:['\u2019]\w+)*", span)) if isinstance(span, str) else 0


def quote_share(data=None, case=None, ax=None, *, by: str = "article", top: int = 6,
                title=None, xlabel=None, ylabel=None):
    """Whose words fill the quotes: each speaker's share of the quoted words.

    ``by="article"`` draws one 100% bar per article; ``by="overall"`` one bar
    per speaker for the whole case.  The ``top`` speakers (by words quoted)
    get their own colour, the rest are summed as "others".  ``data`` needs
    ``article``, ``speaker`` and ``span`` (or a ``words`` count).

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

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
    texts = check_texts(title, xlabel, ylabel)
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
    frame, case, given = chart_data("quote_share", data, case, "quotes", needed)
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
        ([OTHER] if others else [])

    if by == "overall":
        shares = frame.groupby("who")["words"].sum().reindex(columns, fill_value=0)
        whole = shares.sum()
        shares = shares / whole * 100 if whole else shares * 0
        ax, made = new_axes(ax, 8.0, 0.45 * len(columns) + 1.8)
        bars(ax, columns, shares, colours, [f" {v:.0f}%" for v in shares])
        ax.set_xlim(0, max(list(shares) + [10]) * 1.15)
        if not columns:
            note(ax, "no quotes")
        own = ("Whose words are quoted: share of all quoted words",
               "share of quoted words (%)", "speaker")
        return finish(ax, made, own, texts)

    ids = article_order(frame["article"], case, given)
    table = (frame.groupby(["article", "who"])["words"].sum().unstack(fill_value=0)
             .reindex(index=ids, columns=columns, fill_value=0))
    sums = table.sum(axis=1)
    table = table.div(sums.where(sums > 0, 1), axis=0) * 100
    ax, made = new_axes(ax, 9.0, 0.55 * len(ids) + 1.8)
    stacked(ax, table, colours, "speaker", totals=False)
    ax.set_xlim(0, 100)
    for container, colour in zip(ax.containers, colours):
        labels = [f"{b.get_width():.0f}%" if b.get_width() >= 8 else "" for b in container]
        ax.bar_label(container, labels=labels, label_type="center", fontsize=9,
                     color=text_colour(colour))
    for yi, total in enumerate(sums):
        if not total:
            ax.text(1, yi, "no quotes", va="center", fontsize=9, color="#444444")
    own = ("Whose words are quoted: share of quoted words in each article",
           "share of quoted words (%)", "article")
    return finish(ax, made, own, texts)


def artifacts(data=None, case=None, ax=None, *, by: str = "category",
              title=None, xlabel=None, ylabel=None):
    """Traces of translation, scraping and editing: artifacts by category per article.

    ``data`` is a DataFrame with ``article`` and ``category`` columns, e.g. a
    detector's findings for a case that has no hand-made key; by default the
    case's key (or, without one, the detectors' findings).  Articles without
    artifacts get an empty bar.

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> found = pd.DataFrame({"article": ["psaki-briefing", "putin-demands", "putin-demands"],
    ...                       "category": ["translation", "machine-translation", "scraping"]})
    >>> ax = artifacts(found, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['psaki-briefing', 'putin-demands']
    """
    texts = check_texts(title, xlabel, ylabel)
    ax, made = _by_category("artifacts", data, case, ax, by)
    return finish(ax, made, (f"Artifacts by {by} in each article", "number of artifacts",
                             "article"), texts)


def wording(data=None, case=None, ax=None, *, by: str = "category",
            title=None, xlabel=None, ylabel=None):
    """Word choices by category per article: loaded words, scare quotes, hedges...

    ``data`` is a DataFrame with ``article`` and ``category`` columns (e.g.
    ``kit.find_wording`` results with an ``article`` column); by default the
    case's key (or, without one, the detectors' findings).

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> w = pd.DataFrame({"article": ["a", "a"], "category": ["hedge", "loaded-word"]})
    >>> wording(w, ax=Figure().subplots()).get_title()
    'Word choices by category in each article'
    """
    texts = check_texts(title, xlabel, ylabel)
    ax, made = _by_category("wording", data, case, ax, by)
    return finish(ax, made, (f"Word choices by {by} in each article", "number of word choices",
                             "article"), texts)


def counts(data, by: str = "kind", ax=None, *, order=None, title=None, xlabel=None, ylabel=None):
    """How many rows of ``data`` have each value of the column ``by``, as bars.

    Made for what ``kit.examine()`` finds in a text: counting its ``kind``
    column, every kind of detector gets a bar, an empty one where it found
    nothing (a kind with no findings is worth a look too).  Any other column
    (or a ``kind`` column of something else, such as ``kit.progress()``) is
    counted the same way, most frequent first, unless ``order`` lists the
    values to show.

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

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
    texts = check_texts(title, xlabel, ylabel)
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
    ax, made = new_axes(ax, 8.0, 0.45 * len(order) + 1.6)
    bars(ax, order, values, COLOURS[0], [f" {v}" for v in values])
    ax.set_xlim(0, max(values + [1]) * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if not order:
        note(ax, "nothing to count")
    return finish(ax, made, (f"How many rows of each {by}", "number of rows", by), texts)


def _by_category(kind: str, data, case, ax, by: str):
    """Stacked bars of rows per article, split by the column ``by``: ``(ax, made)``."""
    frame, case, given = chart_data(kind, data, case, kind, ("article", by))
    known = list(SCHEMAS[kind]["choices"]["category"]) if by == "category" else []
    cats = ordered(frame[by], known) if given or by != "category" else known
    ids = article_order(frame["article"], case, given)
    table = (frame.groupby(["article", by]).size().unstack(fill_value=0)
             .reindex(index=ids, columns=cats, fill_value=0))
    ax, made = new_axes(ax, 8.5, 0.55 * len(ids) + 1.8)
    stacked(ax, table, colours_for(cats, known), by)
    return ax, made


def passages(name: str = "readouts", highlight=None, case=None, ax=None, *,
             title=None, xlabel=None, ylabel=None):
    """Compare the passages of a set (e.g. two readouts of one call).

    Without ``highlight``: the number of words in each passage.  With a
    findings table (``kit.findings("wording")``...): how many of its rows
    fall inside each passage, by category, so two accounts can be compared
    by what they contain, not only by length.

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

    >>> from matplotlib.figure import Figure
    >>> passages("readouts", ax=Figure().subplots()).get_title()
    'Words in each passage of the set "readouts"'
    """
    texts = check_texts(title, xlabel, ylabel)
    import pandas as pd

    chosen = load_passages(name, case, quiet=True)
    labels = [f"{row.label}" for row in chosen.itertuples(index=False)]
    if highlight is None:
        words = [_words(span) for span in chosen["span"]]
        ax, made = new_axes(ax, 8, 0.55 * len(labels) + 1.6)
        bars(ax, labels, words, COLOURS[1], [f" {n}" for n in words], fontsize=9)
        ax.set_xlim(0, max(words + [1]) * 1.12)
        own = (f'Words in each passage of the set "{name}"', "number of words", "passage")
        return finish(ax, made, own, texts)
    frame, case, _ = chart_data("passages", highlight, case, "passages", ("article", "start", "end", "category"))
    counts = {}
    for row, label in zip(chosen.itertuples(index=False), labels):
        inside = frame[(frame["article"] == row.article) & (frame["start"] >= row.start)
                       & (frame["end"] <= row.end)]
        counts[label] = inside["category"].value_counts()
    table = pd.DataFrame(counts).T.fillna(0).astype(int).reindex(labels)
    cats = list(table.columns)
    ax, made = new_axes(ax, 8.5, 0.55 * len(labels) + 1.8)
    stacked(ax, table, colours_for(cats, []), "category")
    own = (f'Findings by category in each passage of the set "{name}"', "number of findings",
           "passage")
    return finish(ax, made, own, texts)
