"""What every chart of kit.plots shares: colours, a new figure, the finishing touches.

Charts draw on ``ax`` when one is given and return it; only when ``ax`` is
None do they make a figure (``new_axes``).  ``finish`` gives a chart its
title and axis labels, the caller's where given, else the chart's own; in a
notebook it shows a chart it made as a picture with a description in words.
"""

from __future__ import annotations

import os

from kit.case.articles import load_articles
from kit.case.key import annotations
from kit.errors import KitError
from kit.lessons import FINDING_KINDS, findings
from kit.view import display

#: The Okabe-Ito palette (Okabe & Ito 2008), safe for colour-blind readers.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9",
    "bluish green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
    "vermillion": "#D55E00", "reddish purple": "#CC79A7",
}
#: The order in which categories get their colours; grey is for "other".
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
           "#000000")
OTHER = "#999999"
#: Patterns for the segments of stacked bars, in the order of COLOURS: the legend
#: matches a segment by its pattern as well as by its colour.
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
TITLE_SIZE = 13
LABEL_SIZE = 11


# ------------------------------------------------------------ a figure, finished

def check_texts(title, xlabel, ylabel) -> tuple:
    """``(title, xlabel, ylabel)`` as given by the caller, each a string or None."""
    texts = {"title": title, "xlabel": xlabel, "ylabel": ylabel}
    for field, value in texts.items():
        if value is not None and not isinstance(value, str):
            raise KitError(f"{field}={value!r} is not text", field=field,
                           fix=f"pass a string, e.g. {field}=\"...\", or leave it out")
    return title, xlabel, ylabel


def new_axes(ax, width: float = 8.0, height: float = 4.5) -> tuple:
    """``(ax, False)``, or ``(axes of a new figure sized for a notebook, True)``."""
    if ax is not None:
        return ax, False
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height), layout="constrained")[1], True


def finish(ax, made: bool, own: tuple, given: tuple, *, box: bool = False):
    """Title and axis labels, tick size and frame; returns ``ax``.

    ``own`` is the chart's ``(title, xlabel, ylabel)``; ``given`` the caller's,
    each replacing the chart's own unless None.  Without ``box``, the top and
    right frame lines are hidden.  A chart that ``made`` its figure is, in a
    notebook, shown at once with its description in words (``show_with_text``).
    """
    title, xlabel, ylabel = (mine if theirs is None else theirs
                             for mine, theirs in zip(own, given))
    ax.set_title(title, fontsize=TITLE_SIZE, **_title_place(ax))
    ax.set_xlabel(xlabel, fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel, fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=10)
    if not box:
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    if made and inline():
        show_with_text(ax)
    return ax


def _title_place(ax) -> dict:
    """Where the title goes: on top of the axes, unless tick labels are up there.

    matplotlib looks for tick labels above the axes at every drawing (measuring
    every tick label); with the x axis at the bottom the answer is always "on
    top of the axes", so it is given here and the search is skipped.
    """
    bottom = (ax.xaxis.get_ticks_position() not in ("top", "unknown")
              and ax.xaxis.get_label_position() != "top")
    return {"y": 1.0} if bottom else {}


# ------------------------------------------------------------- a chart in words

def describe(ax) -> str:
    """A short description of a chart in words: its title, axes, rows and legend.

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from kit.plots import artifacts
    >>> found = pd.DataFrame({"article": ["psaki-briefing", "putin-demands", "putin-demands"],
    ...                       "category": ["translation", "machine-translation", "scraping"]})
    >>> print(describe(artifacts(found, ax=Figure().subplots())))
    Chart: Artifacts by category in each article. Bars for each article: psaki-briefing, putin-demands, call-readouts, never-agree, ready-for-talks. Along the bottom: number of artifacts. Legend (category): machine-translation, translation, scraping.
    """
    def texts(labels):
        return [t.get_text() for t in labels if t.get_text().strip()]

    parts = [f"Chart: {ax.get_title() or 'untitled'}."]
    rows = texts(ax.get_yticklabels())
    if rows:
        parts.append(f"Bars for each {ax.get_ylabel() or 'row'}: {', '.join(rows)}.")
    if ax.get_xlabel():
        parts.append(f"Along the bottom: {ax.get_xlabel()}.")
    legend = ax.get_legend()
    if legend is not None:
        title = legend.get_title().get_text()
        parts.append(f"Legend{f' ({title})' if title else ''}: {', '.join(texts(legend.get_texts()))}.")
    notes = [t.get_text() for t in ax.texts if t.get_text().strip() and not t.get_text().startswith(" ")]
    if notes and not rows:
        parts.append(" ".join(notes) + ".")
    return " ".join(parts)


def inline() -> bool:
    """Whether charts go to a notebook (IPython's inline backend)."""
    import sys

    if "IPython" not in sys.modules or "matplotlib" not in sys.modules:
        return False
    from IPython import get_ipython
    import matplotlib

    return get_ipython() is not None and "inline" in matplotlib.get_backend()


class Chart:
    """A chart as a notebook shows it: a picture with a text alternative, and its words."""

    def __init__(self, png: bytes, title: str, words: str):
        self.png, self.title, self.words = png, title, words

    def _repr_html_(self) -> str:
        import base64
        import html

        alt = html.escape(f"Chart: {self.title}", quote=True)
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<figure class="kit-chart" style="margin:0">'
                f'<img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%">'
                f'<figcaption style="font-size:.85em;color:#444;max-width:46em">'
                f"{html.escape(self.words)}</figcaption></figure>")

    def __repr__(self) -> str:
        return self.words


def show_with_text(ax) -> None:
    """Show a new chart with its description, instead of pyplot's picture without one."""
    import io

    import matplotlib.pyplot as plt

    fig = ax.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)                       # the inline backend would show it again, without words
    display(Chart(buffer.getvalue(), ax.get_title() or "untitled", describe(ax)))


# ---------------------------------------------------------------- the data

def case_first(name: str, data, case):
    """Allow ``f("path/to/case")``: a folder passed as ``data`` is the case."""
    if isinstance(data, (str, os.PathLike)):
        if case is not None:
            raise KitError(f"{name}() was given two cases, {data!r} and {case!r}", field="case",
                           fix="pass the case once, as case=...")
        return None, data
    return data, case


def chart_data(name: str, data, case, kind: str, needed):
    """(DataFrame, case, given): the data passed, or the key of the case."""
    import pandas as pd

    data, case = case_first(name, data, case)
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


def article_order(found, case, given: bool) -> list[str]:
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


def ordered(values, known) -> list[str]:
    values = [str(v) for v in dict.fromkeys(values) if isinstance(v, str) and v]
    return [k for k in known if k in values] + sorted(v for v in values if v not in known)


# ---------------------------------------------------------------- drawing

def text_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on this background."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "#ffffff"


def bars(ax, names, values, colours, labels, fontsize: int = 10):
    """Horizontal bars, one per name (the first on top), each labelled at its end."""
    y = list(range(len(names)))
    drawn = ax.barh(y, list(values), color=colours, height=0.7)
    ax.bar_label(drawn, labels=labels, fontsize=fontsize)
    ax.set_yticks(y, list(names))
    ax.invert_yaxis()
    return drawn


def note(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            fontsize=12, color="#444444")


def stacked(ax, table, colours, legend_title, totals=True):
    """Horizontal stacked bars: one bar per row of ``table``, one segment per column."""
    rows = list(table.index)
    y = list(range(len(rows)))
    left = [0.0] * len(rows)
    for col, colour in zip(table.columns, colours):
        widths = [float(v) for v in table[col]]
        ax.barh(y, widths, left=left, color=colour, edgecolor="white", linewidth=0.8,
                label=str(col), height=0.7, hatch=HATCHES[COLOURS.index(colour) % len(HATCHES)]
                if colour in COLOURS else "")
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
        note(ax, "nothing to count")


def colours_for(categories, known) -> list[str]:
    """Known categories keep their colour whatever else is in the data."""
    out = []
    for cat in categories:
        i = known.index(cat) if cat in known else len(known) + categories.index(cat)
        out.append(COLOURS[i % len(COLOURS)])
    return out
