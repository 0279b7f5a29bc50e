"""One detector over every article of a case.

>>> from kit.case.articles import load_articles
>>> from kit.detect.quotes import find_quotes
>>> found = run_all(find_quotes, load_articles())
>>> list(found.columns[:3]), found["article"].iloc[0]
(['article', 'start', 'end'], 'psaki-briefing')
"""

from __future__ import annotations

__all__ = ["run_all"]


def run_all(find, articles):
    """``find(text)`` on the text of every article, as one table.

    ``articles`` is a table of articles indexed by id (``load_articles()``).
    The result has an ``article`` column first, then the detector's columns;
    rows follow the articles' order, and each article's rows keep the
    detector's order.
    """
    import pandas as pd

    parts = []
    for article_id, text in articles["text"].items():
        found = find(text)
        found.insert(0, "article", article_id)
        parts.append(found)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
