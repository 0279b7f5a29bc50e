"""The key as tables a student reads: the claims grid and the timeline.

>>> claim_matrix(styled=False).columns.name
'article'
"""

from __future__ import annotations

from kit.case.articles import load_articles
from kit.case.key import annotations
from kit.errors import KitError

__all__ = ["STATUS_COLOURS", "STATUS_STYLE", "claim_matrix", "timeline"]

#: The colour of each claim status in the grid and the chart (see the claims
#: format in kit.case.key).  Tints stay apart for colour-blind readers; the
#: words are always shown as well.
STATUS_COLOURS = {"states": "#a9d4f2", "distorts": "#f6e08e", "contradicts": "#f7b98b",
                  "absent": "#f0f0f0"}
#: how each status word is set, so that it reads without colour
STATUS_STYLE = {"distorts": "italic", "contradicts": "bold"}


def claim_matrix(case=None, styled: bool = True):
    """Which article states, distorts, contradicts or leaves out each claim.

    Rows are claims (``claim_id`` and the claim), columns the articles of the
    case in the order of ``articles.csv``, cells the status.  By default a
    pandas Styler, coloured with colour-blind-safe tints *and* showing the
    status words; ``styled=False`` gives the plain DataFrame.

    >>> m = claim_matrix(styled=False)
    >>> m.index.names, m.columns.name
    (FrozenList(['claim_id', 'claim']), 'article')
    >>> sorted(set(m.to_numpy().ravel())) <= ["absent", "contradicts", "distorts", "states"]
    True
    """
    import pandas as pd

    table = annotations("claims", case)
    ids = list(load_articles(case).index)
    order = list(dict.fromkeys(table["claim_id"]))
    claim_text = table.drop_duplicates("claim_id").set_index("claim_id")["claim"]
    matrix = (table.pivot(index="claim_id", columns="article", values="status")
              .reindex(index=order, columns=ids))
    matrix.index = pd.MultiIndex.from_arrays(
        [order, [claim_text[c] for c in order]], names=["claim_id", "claim"])
    matrix.columns.name = "article"
    if not styled:
        return matrix
    try:
        import jinja2  # noqa: F401  (pandas' Styler needs it)
    except ImportError:
        raise KitError("showing a coloured table needs the jinja2 package",
                       fix="install it (`pip install jinja2`), or call "
                           "claim_matrix(styled=False) for the plain table") from None

    def css(status):
        colour = STATUS_COLOURS.get(status, "#ffffff")
        style = STATUS_STYLE.get(status, "normal")
        weight = "bold" if style == "bold" else "normal"
        slant = "italic" if style == "italic" else "normal"
        return (f"background-color:{colour};color:#111111;font-weight:{weight};"
                f"font-style:{slant};"
                "text-align:center;border:1px solid #bbbbbb")

    # Claim texts and ids come from the instructor's CSV: escaped like every text shown.
    return (matrix.style.map(css)
            .format(escape="html")
            .format_index(escape="html", axis=0)
            .format_index(escape="html", axis=1)
            .set_caption("Claims by article: states, distorts, contradicts or absent")
            .set_table_styles([
                {"selector": "caption", "props": "font-weight:bold;text-align:left"},
                {"selector": "th", "props": "text-align:left;font-weight:normal"},
            ]))


def timeline(case=None):
    """The events of the week and before, sorted by date.

    Columns: ``date`` (a date), ``event``, ``articles`` (the ids of the
    articles that mention it, a list, possibly empty), ``verified`` (bool).

    >>> t = timeline()
    >>> list(t.columns), t["date"].is_monotonic_increasing
    (['date', 'event', 'articles', 'verified'], True)
    """
    table = annotations("timeline", case)
    return table.sort_values("date", kind="stable").reset_index(drop=True)
