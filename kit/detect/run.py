"""One detector over every article of a case.

>>> from kit.case.articles import load_articles
>>> found = run_all("quotes", load_articles())
>>> list(found.columns[:3]), found["article"].iloc[0]
(['article', 'start', 'end'], 'psaki-briefing')
>>> run_all("claims", load_articles())
Traceback (most recent call last):
...
kit.errors.KitError: field 'kind': no detector finds 'claims'. To fix: use one of quotes, artifacts, wording (names across texts: kit.name_variants).
"""

from __future__ import annotations

from kit.detect.artifacts import ARTIFACT_COLUMNS, artifact_rows
from kit.detect.lexicon import frame
from kit.detect.names import names_lexicon
from kit.detect.quotes import QUOTE_COLUMNS, quote_rows
from kit.detect.wording import WORDING_COLUMNS, wording_lexicon, wording_rows
from kit.errors import KitError

__all__ = ["run_all", "DETECTED"]

#: What run_all can find.
DETECTED = ("quotes", "artifacts", "wording")


def run_all(kind: str, articles):
    """The detector for ``kind`` on the text of every article, as one table.

    ``articles`` is a table of articles indexed by id (``load_articles()``).
    The result has an ``article`` column first, then the detector's columns;
    rows follow the articles' order, and each article's rows keep the
    detector's order.  A lexicon the detector needs is read once for all.
    """
    if kind == "quotes":
        rows, columns = quote_rows, QUOTE_COLUMNS
    elif kind == "artifacts":
        names = names_lexicon()
        rows, columns = (lambda text: artifact_rows(text, names)), ARTIFACT_COLUMNS
    elif kind == "wording":
        lex = wording_lexicon()
        rows, columns = (lambda text: wording_rows(text, lex)), WORDING_COLUMNS
    else:
        raise KitError(f"no detector finds {kind!r}", field="kind",
                       fix=f"use one of {', '.join(DETECTED)} (names across texts: "
                           "kit.name_variants)")
    return frame([(article_id, *row) for article_id, text in articles["text"].items()
                  for row in rows(text)], ("article", *columns))
