"""One detector over every article of a case.

>>> from kit.case.articles import load_articles
>>> from kit.detect.quotes import QUOTE_COLUMNS, quote_rows
>>> found = run_all(quote_rows, QUOTE_COLUMNS, load_articles())
>>> list(found.columns[:3]), found["article"].iloc[0]
(['article', 'start', 'end'], 'psaki-briefing')
"""

from __future__ import annotations

from kit.detect.lexicon import frame

__all__ = ["run_all"]


def run_all(rows, columns, articles):
    """``rows(text)`` on the text of every article, as one table.

    ``rows`` is a detector's row function (``quote_rows``, ``artifact_rows``,
    ``wording_rows``) and ``columns`` its columns; ``articles`` is a table of
    articles indexed by id (``load_articles()``).  The result has an
    ``article`` column first, then the detector's columns; rows follow the
    articles' order, and each article's rows keep the detector's order.
    """
    return frame([(article_id, *row) for article_id, text in articles["text"].items()
                  for row in rows(text)], ("article", *columns))
