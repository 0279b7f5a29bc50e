"""Charts of the key's claims and events: the claims grid and the timeline.

Each takes ``ax=None`` and returns the Axes it drew on; ``title=``, ``xlabel=``
and ``ylabel=`` replace the chart's own texts (see ``kit.plots.parts.finish``).
"""

from __future__ import annotations

import re

from kit.case.tables import STATUS_COLOURS, STATUS_STYLE, claim_matrix
from kit.case.tables import timeline as load_timeline
from kit.errors import KitError
from kit.plots.parts import (COLOURS, article_order, case_first, chart_data, check_texts, finish,
                             new_axes, note)

__all__ = ["claims", "timeline"]


def claims(data=None, case=None, ax=None, *, title=None, xlabel=None, ylabel=None):
    """Which article states, distorts, contradicts or leaves out each claim, as a grid.

    Each cell is coloured by status *and* says it in words, except that an
    ``absent`` cell is left blank (the legend says so): a blank cell reads as
    "not there" without colour, and the grid draws far faster.  ``data`` is a
    claims table (``claim_id``, ``article``, ``status``) or a matrix like
    ``kit.claim_matrix(styled=False)``; by default the case's key.

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> c = pd.DataFrame({"claim_id": ["C1", "C1"], "article": ["a", "b"],
    ...                   "status": ["states", "absent"]})
    >>> ax = claims(c, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.texts]
    ['states']
    """
    texts = check_texts(title, xlabel, ylabel)
    import pandas as pd

    data, case = case_first("claims", data, case)
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
        chart_data("claims", data, case, "claims", ("claim_id", "article", "status"))
    ids = article_order(list(matrix.columns), case, given)
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
    ax, made = new_axes(ax, 2.2 + 1.45 * max(n_cols, 1) + 3.2, 0.34 * n_rows + 2.2)
    ax.imshow(codes if n_rows and n_cols else [[len(names) - 1]], aspect="auto",
              cmap=ListedColormap(colours), vmin=-0.5, vmax=len(names) - 0.5,
              interpolation="nearest")
    for i, row in enumerate(codes):
        for j, code in enumerate(row):
            word = names[code] if code < len(names) - 1 else "—"
            if word == "absent":
                continue
            style = STATUS_STYLE.get(word, "normal")
            ax.text(j, i, word, ha="center", va="center", fontsize=8.5, color="#111111",
                    fontweight="bold" if style == "bold" else "normal",
                    fontstyle="italic" if style == "italic" else "normal",
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
        note(ax, "no claims")
    own = ("Claims by article: states, distorts, contradicts or absent", "article", "claim")
    return finish(ax, made, own, texts, box=True)


def timeline(data=None, case=None, ax=None, *, since=None, until=None,
             title=None, xlabel=None, ylabel=None):
    """Events on a date axis, with a mark for each article that mentions them.

    The top row shows every event (filled: verified, hollow: not verified);
    each row below is an article, marked where it mentions an event.
    ``since`` and ``until`` (``"YYYY-MM-DD"``) narrow the dates shown, e.g.
    ``since="2021-12-01"`` for the week and what followed.  ``data`` is a
    table like ``kit.timeline()``; by default the case's key.

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

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
    texts = check_texts(title, xlabel, ylabel)
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
    data, case = case_first("timeline", data, case)
    if data is None:
        frame, given = load_timeline(case), False
    else:
        frame, case, given = chart_data("timeline", data, case, "timeline",
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
    ids = article_order(mentioned, case, given)
    rows = ["(event)"] + ids
    ax, made = new_axes(ax, 9.5, 0.5 * len(rows) + 2.0)
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
        note(ax, "no events in these dates")
    ax.legend(fontsize=9, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    own = ("Timeline: which article mentions which event", "date", "article")
    return finish(ax, made, own, texts)
