"""The chart of a class's (or a student's) progress, by question bank and tag.

It takes ``ax=None`` and returns the Axes it drew on; ``title=``, ``xlabel=``
and ``ylabel=`` replace the chart's own texts (see ``kit.plots.parts.finish``).
"""

from __future__ import annotations

import re

from kit.errors import KitError
from kit.plots.parts import COLOURS, bars, check_texts, finish, new_axes, note
from kit.store import progress as load_progress

__all__ = ["progress"]


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


def progress(df=None, ax=None, *, title=None, xlabel=None, ylabel=None):
    """How a class (or a student) is doing, by question bank and tag.

    ``df`` is a progress table like ``kit.progress()``: columns ``bank``,
    ``tags`` (or ``tag``; several tags separated by ``,`` or ``;``) and
    ``score`` with ``possible`` (or ``correct``).  Each bar is the share of
    points won on the questions of one bank with one tag, over all the rows
    given (filter the table first to chart, say, one student or last attempts).
    An empty table draws an empty chart that says "no answers yet".

    ``title``, ``xlabel`` and ``ylabel`` replace the chart's own texts; in a
    notebook a new chart is shown with its description in words (:mod:`kit.plots`).

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
    texts = check_texts(title, xlabel, ylabel)
    import pandas as pd

    if df is None:
        df = load_progress()
    if not isinstance(df, pd.DataFrame):
        raise KitError(f"progress() takes a DataFrame, not {type(df).__name__}", field="df",
                       fix="pass the table of answers, e.g. kit.progress()")
    own_title = "Progress by question bank and tag"
    use_points = "score" in df.columns and "possible" in df.columns
    own_xlabel = "score (% of possible points)" if use_points else "answers correct (%)"
    own_ylabel = "question bank · tag"

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
    ax, made = new_axes(ax, 8.0, max(3.5, 0.42 * len(labels) + 2.0))
    banks = list(dict.fromkeys(b for b, _ in shares.index))
    colours = [COLOURS[banks.index(b) % len(COLOURS)] for b, _ in shares.index]
    if labels:
        bars(ax, labels, shares, colours, [f" {s:.0f}% (n={n})" for s, n in zip(shares, counts)],
             fontsize=9)
    else:
        ax.set_yticks([])
        note(ax, "no answers yet")
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    return finish(ax, made, (own_title, own_xlabel, own_ylabel), texts)
