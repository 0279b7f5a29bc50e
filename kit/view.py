"""Articles on screen: HTML with highlighted spans, every character escaped.

A notebook shows these as HTML; a terminal shows them as plain text with the
highlights listed after the text.
"""

from __future__ import annotations

import html

from kit.case.articles import load_articles
from kit.case.spans import checked_spans, spans_from
from kit.errors import KitError

__all__ = ["PALETTE", "article_html", "side_by_side_html", "legend_html", "colours_for", "Shown",
           "plain_text", "display", "show", "side_by_side", "table", "table_html"]

# Okabe-Ito colours, lightened for a background, readable with black text.
PALETTE = ("#f5d48a", "#a9d4f2", "#9fe0c9", "#f7b98b", "#c9b3e6", "#f2b8d2", "#fff29e", "#cfcfcf")

_STYLE = (
    "<style>.kit-article{font-family:Georgia,serif;line-height:1.55;white-space:pre-wrap;"
    "max-width:46em;color:#111;background:#fff;padding:.6em .8em;border:1px solid #ddd}"
    ".kit-article mark{color:#111;padding:0 .1em;border-bottom:2px solid #555}"
    ".kit-label{font:600 .7em sans-serif;color:#333;margin-left:.15em}"
    ".kit-columns{display:grid;gap:.8em;align-items:start}"
    ".kit-head{font:600 .9em sans-serif;margin:.2em 0}"
    "ul.kit-legend{font:.85em sans-serif;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.3em .9em;"
    "list-style:none;padding:0}"
    "ul.kit-legend li{list-style:none;margin:0}"
    "ul.kit-legend mark{color:#111;padding:0 .3em;border-bottom:2px solid #555}"
    ".kit-table-wrap{overflow-x:auto;max-width:100%}"
    ".kit-table-wrap table.kit-table{border-collapse:collapse;font-size:.9em;color:#111;"
    "background:#fff;width:100%;table-layout:auto}"
    ".kit-table-wrap .kit-table caption{text-align:left;font-weight:600;padding:.2em 0}"
    ".kit-table-wrap .kit-table th,.kit-table-wrap .kit-table td{border:1px solid #ccc;"
    "padding:.25em .5em;text-align:left !important;vertical-align:top;white-space:normal;"
    "overflow-wrap:break-word;max-width:none}"
    ".kit-table-wrap .kit-table td.kit-wide{min-width:10em}"
    ".kit-table-wrap .kit-table thead th{background:#f0f0f0}</style>"
)


def colours_for(labels) -> dict:
    """One background colour per label, in the order first given.

    >>> colours_for(["quote", "paraphrase", "quote"])
    {'quote': '#f5d48a', 'paraphrase': '#a9d4f2'}
    """
    names = list(dict.fromkeys(labels))
    return {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(names)}


def legend_html(colours: dict) -> str:
    """A legend: each label written in its own colour (escaped).

    >>> legend_html({"<q>": "#f5d48a"})
    '<ul class="kit-legend" aria-label="Highlight colours"><li><mark style="background:#f5d48a">&lt;q&gt;</mark></li></ul>'
    """
    if not colours:
        return ""
    items = "".join(f'<li><mark style="background:{c}">{html.escape(label)}</mark></li>'
                    for label, c in colours.items() if label)
    return f'<ul class="kit-legend" aria-label="Highlight colours">{items}</ul>'


def article_html(text: str, highlight=None, *, title: str | None = None, where: str = "the text",
                 colours: dict | None = None) -> str:
    """The HTML of one text with highlighted spans, every character escaped.

    Overlapping highlights are allowed; each highlight's label is written after
    it, so the meaning never rests on colour alone.  ``colours`` maps labels
    to colours (several texts on one page share one map); by default each
    label gets the next colour of :data:`PALETTE`.

    >>> article_html("a <b> c", [(2, 5, "tag")])
    '<div class="kit-article">a <mark title="tag" style="background:#f5d48a">&lt;b&gt;</mark><sup class="kit-label">tag</sup> c</div>'
    """
    spans = checked_spans(text, highlight, where)
    colour = dict(colours or {})
    for label in sorted({label for _, _, label in spans} - set(colour)):
        colour[label] = PALETTE[len(colour) % len(PALETTE)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    ends_at: dict[int, list[str]] = {}
    for s, e, label in spans:
        ends_at.setdefault(e, []).append(label)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        covering = [label for s, e, label in spans if s <= a and b <= e]
        if covering:
            title_attr = html.escape("; ".join(dict.fromkeys(covering)), quote=True)
            out.append(f'<mark title="{title_attr}" style="background:{colour[covering[-1]]}">'
                       f"{piece}</mark>")
        else:
            out.append(piece)
        for label in ends_at.get(b, ()):
            if label:
                out.append(f'<sup class="kit-label">{html.escape(label)}</sup>')
    head = f'<div class="kit-head">{html.escape(title)}</div>' if title else ""
    return f'{head}<div class="kit-article">{"".join(out)}</div>'


class Shown:
    """Something a notebook shows as HTML and a terminal shows as text."""

    def __init__(self, html_text: str, plain: str):
        self._html, self._plain = html_text, plain

    def _repr_html_(self) -> str:
        return _STYLE + self._html

    def __repr__(self) -> str:
        return self._plain


def _article(article_id: str, case):
    arts = load_articles(case)
    if not isinstance(article_id, str) or article_id not in arts.index:
        raise KitError(f"there is no article {article_id!r}", field="article_id",
                       fix="use one of " + ", ".join(arts.index))
    return arts.loc[article_id]


def plain_text(text: str, spans) -> str:
    """``text`` followed by a list of its highlights, for a terminal."""
    marks = "".join(f"\n  [{s}:{e}] {label}: {text[s:e]!r}" for s, e, label in spans)
    return text + ("\n\nHighlights:" + marks if marks else "")


def show(article_id: str, highlight=None, *, label: str | None = None, case=None):
    """Show one article, with optional highlighted spans ``[(start, end, label)]``.

    ``highlight`` may also be a findings table (``kit.annotations(...)``,
    ``kit.find_artifacts(...)``...): its rows for this article are
    highlighted, labelled by the column ``label`` (or a sensible default).

    A notebook shows it as HTML (every character of the text escaped); a
    terminal shows it as plain text with the highlights listed after it.
    """
    art = _article(article_id, case)
    title = f"{article_id} · {art['outlet']} · {art['headline']}"
    spans = checked_spans(art["text"], spans_from(highlight, article_id, label), f"article {article_id!r}")
    display(Shown(article_html(art["text"], spans, title=title),
                   title + "\n\n" + plain_text(art["text"], spans)))


def side_by_side_html(items) -> str:
    """HTML for several ``(title, text, highlight)`` items in columns.

    A label has one colour in every column, and a legend above the columns
    says which.

    >>> out = side_by_side_html([("a", "x y", [(0, 1, "quote"), (2, 3, "paraphrase")]),
    ...                          ("b", "z", [(0, 1, "paraphrase")])])
    >>> out.count("background:#f5d48a")   # paraphrase: legend, column a, column b
    3
    """
    items = list(items)
    colours = colours_for(sorted({label for _, _, hl in items for _, _, label in hl or ()}))
    cols = [f"<div>{article_html(text, hl, title=title, colours=colours)}</div>"
            for title, text, hl in items]
    return (legend_html(colours)
            + f'<div class="kit-columns" style="grid-template-columns:repeat({len(cols)},minmax(14em,1fr))">'
            + "".join(cols) + "</div>")


def side_by_side(ids=None, highlight=None, *, case=None):
    """Show several articles (default: all of the case) in columns.

    ``highlight`` may map an article id to its list of ``(start, end, label)``,
    or be a findings table with an ``article`` column.
    """
    arts = load_articles(case)
    if isinstance(ids, str):
        ids = [ids]
    if ids is not None and not isinstance(ids, (list, tuple)) and not hasattr(ids, "tolist"):
        raise KitError(f"ids must be a list of article ids, not {type(ids).__name__}", field="ids",
                       fix="write e.g. side_by_side(['" + "', '".join(arts.index[:2]) + "'])")
    ids = list(arts.index) if ids is None else list(ids)
    highlight = {} if highlight is None else highlight
    if not isinstance(highlight, dict) and not hasattr(highlight, "columns"):
        raise KitError(f"highlight must map article ids to spans, or be a findings table, not "
                       f"{type(highlight).__name__}", field="highlight",
                       fix="write e.g. highlight={'" + arts.index[0] + "': [(0, 10, 'label')]}")
    items = []
    for article_id in ids:
        art = _article(article_id, case)
        chosen = highlight if hasattr(highlight, "columns") else highlight.get(article_id)
        spans = checked_spans(art["text"], spans_from(chosen, article_id), f"article {article_id!r}")
        items.append((f"{article_id} · {art['outlet']}", art["text"], spans))
    plain = "\n\n".join(f"== {t}\n{plain_text(x, h)}" for t, x, h in items)
    display(Shown(side_by_side_html(items), plain))


NO_DATE = "no date"
_WIDE_TEXT = 40     # a column with a value longer than this wraps in a wide column


def _cell(value, is_date: bool) -> str:
    """One value as a person reads it: dates as dates, yes/no, a plain word for nothing."""
    import pandas as pd

    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return NO_DATE if is_date else "(none)"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%-d %B %Y" + (", %H:%M" if (value.hour, value.minute) != (0, 0) else ""))
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _readable(frame):
    """The table with every value as the text a person reads (see :func:`_cell`)."""
    import pandas as pd

    dates = {c: pd.api.types.is_datetime64_any_dtype(frame[c]) for c in frame.columns}
    return pd.DataFrame({c: [_cell(v, dates[c]) for v in frame[c]] for c in frame.columns},
                        index=frame.index, columns=frame.columns)


def table_html(frame, *, caption: str | None = None) -> str:
    """A DataFrame as a plain HTML table that shows every value whole (escaped).

    Long texts wrap in wide columns instead of being cut off; dates read as
    dates and a missing one as "no date"; ``True``/``False`` as yes/no.  A
    table wider than the page scrolls sideways, and the keyboard can scroll it.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"published": pd.to_datetime(["2021-12-23", None]), "ok": [True, False]},
    ...                   index=pd.Index(["a", "<b>"], name="id"))
    >>> out = table_html(df, caption="Two")
    >>> "23 December 2021" in out, "no date" in out, "&lt;b&gt;" in out, "<b>" in out
    (True, True, True, False)
    """
    import pandas as pd

    frame = _readable(frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame))
    index_name = frame.index.name or ""
    show_index = not isinstance(frame.index, pd.RangeIndex)
    heads = ([index_name] if show_index else []) + [str(c) for c in frame.columns]
    rows = []
    for key, texts in zip(frame.index, frame.itertuples(index=False, name=None)):
        cells = "".join(
            f'<td class="{"kit-wide" if len(t) > _WIDE_TEXT else "kit-narrow"}">{html.escape(t)}</td>'
            for t in texts)
        head = f'<th scope="row">{html.escape(str(key))}</th>' if show_index else ""
        rows.append(f"<tr>{head}{cells}</tr>")
    thead = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in heads)
    label = html.escape(caption or "Table", quote=True)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="kit-table-wrap" role="region" aria-label="{label}" tabindex="0">'
            f'<table class="kit-table">{cap}<thead><tr>{thead}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def table(frame, columns=None, *, caption: str | None = None, optional=()) -> Shown:
    """Show a table readably: every text whole, dates as dates, the ``columns`` asked for.

    A notebook shows it as HTML (:func:`table_html`); a terminal as text.
    ``columns`` picks and orders columns (default: all).  A column named in
    ``optional`` that the table lacks (one only a hand-written key has, such
    as ``framing``, when the detectors stand in for the key) is left out with
    a sentence saying so; any other missing column is an error.

    >>> import pandas as pd
    >>> print(table(pd.DataFrame({"span": ["a"]}), ["span", "framing"], optional=["framing"]))
    This table has no framing column (only a written key has it), so it is left out.
      span
    0    a
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise KitError(f"table() takes a DataFrame, not {type(frame).__name__}", field="frame",
                       fix="pass a table, e.g. kit.load_articles()")
    if columns is not None:
        columns = [columns] if isinstance(columns, str) else list(columns)
        absent = [c for c in columns if c in set(optional) and c not in frame.columns]
        if absent:
            print(f"This table has no {', '.join(map(str, absent))} column{'s' if len(absent) > 1 else ''} "
                  f"(only a written key has {'them' if len(absent) > 1 else 'it'}), so "
                  f"{'they are' if len(absent) > 1 else 'it is'} left out.")
            columns = [c for c in columns if c not in absent]
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise KitError(f"the table has no column(s) {', '.join(map(str, missing))}", field="columns",
                           fix="use some of " + ", ".join(map(str, frame.columns)))
        frame = frame[columns]
    with pd.option_context("display.max_colwidth", None, "display.width", 200):
        plain = _readable(frame).to_string()
    return Shown(table_html(frame, caption=caption), plain)


def display(obj) -> None:
    """Show ``obj`` in the notebook (IPython's rich display)."""
    from IPython.display import display as ipython_display

    ipython_display(obj)
