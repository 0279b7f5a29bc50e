"""Articles from web pages: a page saved from a browser, or a link.

:func:`read_page` takes the article's text out of a page, without the
navigation, related links, cookie notices and footer around it, and reads the
page's metadata (headline, date, site name, canonical link).  The extraction
is done by trafilatura, a well-kept library for exactly this; it is imported
only when a page is read, because it takes a second or two to load.

Only what a student or an instructor names is fetched, and only when asked.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kit.errors import KitError

__all__ = ["Page", "read_page", "is_link", "is_page", "PAGE_SUFFIXES"]

#: File endings of pages a browser saves ("Web page, HTML only" or "complete").
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
_TIMEOUT = 15                                  # seconds to wait for a server
_MAX_BYTES = 20_000_000                        # a page larger than this is not an article
_MIN_WORDS = 10                                # fewer words than this: a menu, not an article


@dataclass(frozen=True)
class Page:
    """An article taken from a web page: its text and what the page says about it."""

    text: str
    headline: str = ""
    published: str = ""            # YYYY-MM-DD, or "" when the page does not say
    outlet: str = ""               # the site's name
    url: str = ""                  # the canonical link, else the address it was fetched from
    source: str = ""               # the file or link it was read from


def is_link(source) -> bool:
    """Whether ``source`` is a web address (``http://`` or ``https://``).

    >>> is_link("https://example.org/a"), is_link("page.html")
    (True, False)
    """
    return isinstance(source, str) and re.match(r"https?://", source.strip(), re.I) is not None


def is_page(source) -> bool:
    """Whether ``source`` is a link or the path of a saved web page.

    >>> is_page("saved/Article.HTML"), is_page("article.txt")
    (True, False)
    """
    return is_link(source) or (isinstance(source, (str, os.PathLike))
                               and Path(source).suffix.lower() in PAGE_SUFFIXES)


def read_page(source, *, timeout: float = _TIMEOUT) -> Page:
    """The article in a saved web page (a path) or at a link (``https://...``).

    The text has one paragraph per line pair and starts with the headline;
    it is LF-only, without a byte-order mark, so offsets into it hold.
    Raises :class:`KitError` when the page cannot be read or fetched, or
    holds no article text.
    """
    if is_link(source):
        url = source.strip()
        raw = _fetch(url, timeout)
    else:
        url = ""
        path = Path(source).expanduser()
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KitError("the page file is missing", file=str(source),
                           fix="give the path of a page saved from a browser (File > Save Page As)") from None
        except IsADirectoryError:
            raise KitError("a folder stands where the page file should be", file=str(source),
                           fix="give the .html file itself (a browser saves the page's pictures "
                               "in a folder beside it)") from None
    return _extract(raw, str(source), url)


def _fetch(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "five-accounts-kit"})
    fix = ("check the address and your connection; without a connection, save the page in your "
           "browser (File > Save Page As, 'Web page, HTML only') and give that file instead")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
            data = response.read(_MAX_BYTES + 1)
    except urllib.error.HTTPError as err:
        raise KitError(f"the server answered {err.code} ({err.reason})", file=url, fix=fix) from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise KitError(f"the page could not be fetched ({reason})", file=url, fix=fix) from None
    if len(data) > _MAX_BYTES:
        raise KitError("the page is larger than 20 MB, too large to be one article", file=url,
                       fix="save the article's page in your browser and give the file")
    return data


def _extract(raw: bytes, shown: str, fetched: str) -> Page:
    import trafilatura                      # about 1.5 s to import: only when a page is read

    found = None
    if raw.strip():
        found = trafilatura.bare_extraction(raw, url=fetched or None, with_metadata=True,
                                            include_comments=False, include_tables=False,
                                            include_images=False, include_links=False)
    body = (getattr(found, "text", None) or "").replace("\r\n", "\n").replace("\r", "\n")
    body = body.replace("\ufeff", "").strip()
    if len(body.split()) < _MIN_WORDS:
        raise KitError(f"no article text was found in this page (only {len(body.split())} words)", file=shown,
                       fix="save the article's own page (not a home or search page), or copy "
                           "the text into a .txt file")
    headline = " ".join((found.title or "").split())
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in body.split("\n") if p.strip()]
    if headline and paragraphs[0] != headline:
        paragraphs.insert(0, headline)
    return Page(text="\n\n".join(paragraphs) + "\n", headline=headline,
                published=found.date if re.fullmatch(r"\d{4}-\d\d-\d\d", found.date or "") else "",
                outlet=" ".join((found.sitename or "").split()),
                url=(found.url or fetched or _saved_from(raw)).strip(), source=shown)


def _saved_from(raw: bytes) -> str:
    """The address a browser notes in a page it saves (``<!-- saved from url=(0042)https://... -->``).

    >>> _saved_from(b"<!DOCTYPE html><!-- saved from url=(0025)https://example.org/a -->")
    'https://example.org/a'
    """
    m = re.search(rb"<!-- saved from url=\(\d+\)(https?://[^\s>]+?) ?-->", raw[:4096])
    return m.group(1).decode("utf-8", "replace") if m else ""
