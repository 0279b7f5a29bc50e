"""Articles on screen: HTML with highlighted spans, every character escaped.

A notebook shows these as HTML; a terminal shows them as plain text with the
highlights listed after the text.
"""

from __future__ import annotations

import html

from kit.case.articles import load_articles
from kit.case.spans import checked_spans, spans_from
from kit.errors import KitError

__all__ = ["PALETTE", "article_html", "side_by_side_html", "Shown", "plain_text", "display",
           "show", "side_by_side"]

# Okabe-Ito colours, lightened for a background, readable with black text.
PALETTE = ("#f5d48a", "#a9d4f2", "#9fe0c9", "#f7b98b", "#c9b3e6", "#f2b8d2", "#fff29e", "#cfcfcf")

_STYLE = (
    "<style>.kit-article{font-family:Georgia,serif;line-height:1.55;white-space:pre-wrap;"
    "max-width:46em;color:#111;background:#fff;padding:.6em .8em;border:1px solid #ddd}"
    ".kit-article mark{color:#111;padding:0 .1em;border-bottom:2px solid #555}"
    ".kit-label{font:600 .7em sans-serif;color:#333;margin-left:.15em}"
    ".kit-columns{display:grid;gap:.8em;align-items:start}"
    ".kit-head{font:600 .9em sans-serif;margin:.2em 0}</style>"
)



def article_html(text: str, highlight=None, *, title: str | None = None, where: str = "the text") -> str:
    """The HTML of one text with highlighted spans, every character escaped.

    Overlapping highlights are allowed; each highlight's label is written after
    it, so the meaning never rests on colour alone.

    >>> article_html("a <b> c", [(2, 5, "tag")])
    '<div class="kit-article">a <mark title="tag" style="background:#f5d48a">&lt;b&gt;</mark><sup class="kit-label">tag</sup> c</div>'
    """
    spans = checked_spans(text, highlight, where)
    labels = sorted({label for _, _, label in spans})
    colour = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)}
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
    if article_id not in arts.index:
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
    """HTML for several ``(title, text, highlight)`` items in columns."""
    cols = [f"<div>{article_html(text, hl, title=title)}</div>" for title, text, hl in items]
    return (f'<div class="kit-columns" style="grid-template-columns:repeat({len(cols)},minmax(14em,1fr))">'
            + "".join(cols) + "</div>")


def side_by_side(ids=None, highlight=None, *, case=None):
    """Show several articles (default: all of the case) in columns.

    ``highlight`` may map an article id to its list of ``(start, end, label)``,
    or be a findings table with an ``article`` column.
    """
    arts = load_articles(case)
    ids = list(arts.index) if ids is None else list(ids)
    highlight = {} if highlight is None else highlight
    items = []
    for article_id in ids:
        art = _article(article_id, case)
        chosen = highlight if hasattr(highlight, "columns") else highlight.get(article_id)
        spans = checked_spans(art["text"], spans_from(chosen, article_id), f"article {article_id!r}")
        items.append((f"{article_id} · {art['outlet']}", art["text"], spans))
    plain = "\n\n".join(f"== {t}\n{plain_text(x, h)}" for t, x, h in items)
    display(Shown(side_by_side_html(items), plain))


def display(obj) -> None:
    """Show ``obj`` in the notebook (IPython's rich display)."""
    from IPython.display import display as ipython_display

    ipython_display(obj)
