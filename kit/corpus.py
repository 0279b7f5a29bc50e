"""Cases, articles and sentences.

A *case* is a folder holding a set of articles about one event::

    CASE/
        articles.csv      one row per article (see ARTICLE_COLUMNS)
        articles/         the texts, UTF-8, LF line endings, one file each
        annotations/      the answer key (optional)
        quizzes/          question banks (optional)

The five articles shipped with the kit are the default case (``data/``).
Another case is chosen with ``case=PATH`` or the ``KIT_CASE`` variable.

Texts are kept exactly as they are on disk, so that offsets stay true:
``text[start:end]`` is the span, counted in Python characters.  Files with a
byte-order mark or Windows (CRLF) line endings are refused with a message that
says how to convert them, so that every editor and every offset agree.

>>> arts = load_articles()
>>> list(arts.columns[:4])
['file', 'outlet', 'headline', 'published']
>>> sentences("Talks begin Jan. 12 in the U.S. capital.Despite that, no date.").values.tolist()
[[0, 40, 'Talks begin Jan. 12 in the U.S. capital.'], [40, 62, 'Despite that, no date.']]
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
import os
import re
from functools import lru_cache
from pathlib import Path

from kit.errors import KitError

__all__ = [
    "ARTICLE_COLUMNS", "case_path", "use_case", "load_articles", "read_text", "sentences",
    "show", "side_by_side", "article_html", "side_by_side_html", "spans_from",
]

#: Columns of ``articles.csv``, in order.
ARTICLE_COLUMNS = (
    "id", "file", "outlet", "headline", "published", "url",
    "origin", "translated", "state_affiliated", "summary",
)
_CHOICES = {
    "translated": ("yes", "no", "probably"),
    "state_affiliated": ("yes", "no"),
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

DEFAULT_CASE = Path(__file__).resolve().parent.parent / "data"
_chosen_case: Path | None = None


# --------------------------------------------------------------------------- cases

def use_case(case: str | os.PathLike | None) -> None:
    """Choose the case every later call uses when given no ``case=`` (``None``: back to the default).

    Lessons call this in their first cell, so one line switches a whole
    notebook to another case.  Without it, ``$KIT_CASE`` or the kit's own
    five articles are used.

    >>> use_case(None)
    >>> case_path().name
    'data'
    """
    global _chosen_case
    _chosen_case = None
    if case is not None:
        _chosen_case = case_path(case)


def case_path(case: str | os.PathLike | None = None) -> Path:
    """The folder of a case: ``case`` if given, else the one chosen with
    :func:`use_case`, else ``$KIT_CASE``, else the kit's own.

    >>> case_path().name
    'data'
    >>> case_path("no/such/folder")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: no/such/folder: this case folder does not exist. To fix: pass the path of a folder that holds articles.csv and articles/ (or unset KIT_CASE to use the kit's own five articles).
    """
    if case is None:
        case = _chosen_case or os.environ.get("KIT_CASE") or DEFAULT_CASE
    path = Path(case).expanduser()
    if not path.exists() and not path.is_absolute() and (DEFAULT_CASE.parent / path).exists():
        path = DEFAULT_CASE.parent / path   # "data/cases/x" works from notebooks/ too
    if not path.exists():
        raise KitError(
            "this case folder does not exist", file=str(case),
            fix="pass the path of a folder that holds articles.csv and articles/ "
                "(or unset KIT_CASE to use the kit's own five articles)")
    if not path.is_dir():
        raise KitError(
            "this is a file, but a case is a folder", file=str(case),
            fix="pass the folder that holds articles.csv and articles/, not a file inside it")
    return path


def read_text(path: str | os.PathLike, *, what: str = "article") -> str:
    """Read a UTF-8 text exactly as it is, refusing what would make offsets ambiguous.

    Raises :class:`KitError` for a missing, empty, non-UTF-8, BOM-marked or
    CRLF file, naming the file and the line.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KitError(f"the {what} file is missing", file=str(path),
                       fix="add the file, or correct its name") from None
    except IsADirectoryError:
        raise KitError(f"a folder stands where the {what} file should be", file=str(path),
                       fix="point to a text file") from None
    if not data.strip():
        raise KitError(f"the {what} file is empty", file=str(path),
                       fix="put the text in the file, or remove it from the case")
    if data.startswith(b"\xef\xbb\xbf"):
        raise KitError(
            "the file starts with a UTF-8 byte-order mark (BOM), which would shift every offset",
            file=str(path), line=1,
            fix="save it as 'UTF-8' without BOM (in most editors: Save with encoding > UTF-8)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise KitError(
            f"the file is not UTF-8 (byte 0x{data[err.start]:02x} at byte {err.start})",
            file=str(path), line=line,
            fix="re-save it as UTF-8 (e.g. `iconv -f cp1252 -t utf-8 FILE > NEW`)") from None
    crlf = text.find("\r")
    if crlf >= 0:
        raise KitError(
            "the file has Windows (CRLF) or old Mac (CR) line endings; offsets count "
            "characters of LF-only text",
            file=str(path), line=text.count("\n", 0, crlf) + 1,
            fix="convert it to LF line endings (e.g. `sed -i 's/\\r$//' FILE` or your "
                "editor's 'LF' setting)")
    return text


def _signature(case: Path) -> tuple:
    """What decides whether a cached load is still good: names, sizes and times."""
    entries = []
    for p in [case / "articles.csv", *sorted((case / "articles").glob("*"))]:
        try:
            st = p.stat()
            entries.append((p.name, st.st_size, st.st_mtime_ns))
        except OSError:
            entries.append((p.name, None, None))
    return tuple(entries)


def load_articles(case: str | os.PathLike | None = None):
    """The articles of a case as a DataFrame indexed by ``id``.

    Columns: the metadata of ``articles.csv`` and ``text``, the exact text of
    each file.  ``published`` is a date (``NaT`` where left empty).

    >>> arts = load_articles()
    >>> arts.shape
    (5, 10)
    >>> t = arts["text"].iloc[0]
    >>> t[0:9]
    'The White'
    """
    path = case_path(case)
    return _load_cached(str(path.resolve()), _signature(path)).copy()


@lru_cache(maxsize=16)
def _load_cached(path: str, signature: tuple):
    import pandas as pd

    case = Path(path)
    rows = _read_articles_csv(case)
    frame = pd.DataFrame(rows, columns=[*ARTICLE_COLUMNS, "text"]).set_index("id")
    frame["published"] = pd.to_datetime(frame["published"].replace("", None), format="%Y-%m-%d")
    return frame


def _read_articles_csv(case: Path) -> list[dict]:
    index = case / "articles.csv"
    folder = case / "articles"
    if not index.is_file():
        raise KitError(
            "there is no articles.csv in this case", file=str(index),
            fix="create it with the header " + ",".join(ARTICLE_COLUMNS)
                + " (`python -m kit new-case DIR --from FILE...` writes one)")
    if not folder.is_dir():
        raise KitError("there is no articles/ folder in this case", file=str(folder),
                       fix="create it and put one UTF-8 text file per article in it")
    raw = read_text(index, what="articles.csv")
    reader = csv.reader(io.StringIO(raw, newline=""))
    header = next(reader)
    missing = [c for c in ARTICLE_COLUMNS if c not in header]
    if missing:
        raise KitError(
            f"missing column(s) {', '.join(missing)}; the header is {','.join(header)}",
            file=str(index), line=1, field=missing[0],
            fix="the header must name all of " + ",".join(ARTICLE_COLUMNS))
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise KitError(f"column {dupes[0]!r} appears twice in the header", file=str(index),
                       line=1, field=dupes[0], fix="keep one column of each name")

    rows, seen_ids, seen_files = [], {}, {}
    root = folder.resolve()
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise KitError(
                f"this row has {len(fields)} fields but the header has {len(header)}",
                file=str(index), line=line,
                fix="check the commas; put a value that contains a comma in double quotes")
        row = dict(zip(header, (f.strip() for f in fields)))
        where = dict(file=str(index), line=line)

        art_id = row["id"]
        if not _ID.match(art_id):
            raise KitError(f"id {art_id!r} is not a short slug", field="id", **where,
                           fix="use lowercase letters, digits and hyphens, e.g. 'psaki-briefing'")
        if art_id in seen_ids:
            raise KitError(f"id {art_id!r} is used twice (also on line {seen_ids[art_id]})",
                           field="id", **where, fix="give every article its own id")
        seen_ids[art_id] = line

        name = row["file"]
        if not name:
            raise KitError("the file name is empty", field="file", **where,
                           fix="name the article's file in articles/")
        target = (folder / name).resolve()
        if Path(name).is_absolute() or root not in target.parents:
            raise KitError(f"file {name!r} points outside the case's articles/ folder",
                           field="file", **where,
                           fix="copy the text into articles/ and give its bare file name")
        if name in seen_files:
            raise KitError(f"file {name!r} is listed twice (also on line {seen_files[name]})",
                           field="file", **where, fix="list every file once")
        seen_files[name] = line
        if not target.exists():
            raise KitError(f"file {name!r} is listed but not in articles/", field="file", **where,
                           fix=f"add {folder / name}, or correct the name in articles.csv")

        for col, allowed in _CHOICES.items():
            if row[col] and row[col] not in allowed:
                raise KitError(f"{row[col]!r} is not one of {', '.join(allowed)}", field=col,
                               **where, fix=f"write one of {', '.join(allowed)} (or leave it empty)")
        if row["published"]:
            try:
                _dt.date.fromisoformat(row["published"])
            except ValueError:
                raise KitError(f"date {row['published']!r} is not an ISO date",
                               field="published", **where,
                               fix="write it as YYYY-MM-DD, e.g. 2021-12-23") from None

        row["text"] = read_text(target)
        rows.append(row)

    if not rows:
        raise KitError("articles.csv lists no articles", file=str(index), line=2,
                       fix="add one row per article under the header")
    unlisted = sorted(p.name for p in folder.iterdir()
                      if p.is_file() and not p.name.startswith(".") and p.name not in seen_files)
    if unlisted:
        raise KitError(f"{len(unlisted)} file(s) in articles/ are not listed: {', '.join(unlisted)}",
                       file=str(folder / unlisted[0]),
                       fix="add a row for each to articles.csv, or move the file out of articles/")
    return rows


# ----------------------------------------------------------------------- sentences

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset("""
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms dr prof gen lt col maj capt sgt sen rep gov pres st sr jr rev hon amb adm cmdr
    vol p pp fig ed eds inc ltd co corp dept univ est approx vs etc al e.g i.e cf
""".split())
# A line break, or stops with the quote marks and brackets after them.  (The
# same as [.!?\u2026]+[...]*|\n, written to start with one set of characters,
# which the search can skip to quickly.)
_END = re.compile("[\n.!?\u2026](?:(?<=\n)|[.!?\u2026]*[\"'\u201d\u2019)\\]]*)")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_OPENERS = "\"'\u201c\u2018([\u2014-"
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")


def _is_boundary(text: str, m: re.Match) -> bool:
    if text[m.start()] == "\n":          # (a match that starts so is a line break)
        return True
    end = m.end()
    nxt = end
    while nxt < len(text) and text[nxt] in " \t":
        nxt += 1
    if nxt >= len(text) or text[nxt] == "\n":
        return True
    following = text[nxt]
    if not (following.isupper() or following.isdigit() or following in _OPENERS):
        return False
    if nxt == end and not (following.isupper() or following in "\"\u201c"):
        return False                      # "3.5", "example.com/x": no space, no capital
    if text[m.start()] == ".":
        w = _word_before(text, m.start())
        if w:
            if w.lower() in _ABBREVIATIONS:
                return False              # "Jan. 12", "Mr. Smith"
            if (len(w) == 1 or "." in w) and _INITIALS.fullmatch(w):
                return False              # initials and initialisms: "U.S.", "J. Biden"
        if nxt == end and not text[m.start() - 1:m.start()].isalpha() \
                and text[m.start() - 1:m.start()] not in "\"'\u201d\u2019)":
            return False
    return True


def _word_before(text: str, end: int) -> str:
    """The word of letters (and inner full stops) that ends at ``end``, within 24 characters.

    What ``re.search(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)$", text[end - 24:end])``
    finds (also before a final line break, as ``$`` does), read backwards.
    """
    lo = max(0, end - 24)
    if end > lo and text[end - 1] == "\n":
        end -= 1
    if end == lo or text[end - 1] not in _LETTERS:
        return ""
    start = end - 1
    while start > lo and (text[start - 1] in _LETTERS or text[start - 1] == "."):
        start -= 1
    while text[start] == ".":                      # it starts on a letter
        start += 1
    return text[start:end]


def sentences(text: str):
    """Split ``text`` into sentences with exact offsets.

    Returns a DataFrame with columns ``start``, ``end``, ``sentence`` where
    ``text[start:end] == sentence``.  A line break always ends a sentence;
    run-together sentences (``talks.Despite``) are split; abbreviations and
    initialisms (``Jan. 12``, ``U.S.``) are not.  Linear in the text's length.

    >>> sentences("He left.She stayed. Mr. Li said: \\"Go!\\" Then silence")["sentence"].tolist()
    ['He left.', 'She stayed.', 'Mr. Li said: "Go!"', 'Then silence']
    >>> sentences(42)
    Traceback (most recent call last):
    ...
    kit.errors.KitError: sentences() takes a text (a str), not int. To fix: pass an article's text, e.g. kit.load_articles()['text'].iloc[0].
    """
    import pandas as pd

    if not isinstance(text, str):
        raise KitError(f"sentences() takes a text (a str), not {type(text).__name__}",
                       fix="pass an article's text, e.g. kit.load_articles()['text'].iloc[0]")
    rows = [(start, end, text[start:end]) for start, end in _sentence_spans(text)]
    return pd.DataFrame(rows, columns=["start", "end", "sentence"])


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the sentences of ``text`` (see :func:`sentences`)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _is_boundary(text, m):
            _add_span(spans, text, start, m.end())
            start = m.end()
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# ------------------------------------------------------------------------- display

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


def _spans(text: str, highlight, where: str):
    spans = []
    for i, item in enumerate(highlight or ()):
        try:
            start, end, *rest = item
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            raise KitError(f"highlight number {i} is {item!r}, not (start, end, label)",
                           field="highlight",
                           fix="pass a list of (start, end, label) tuples") from None
        if not 0 <= start < end <= len(text):
            raise KitError(
                f"highlight ({start}, {end}) does not fit {where}, which has {len(text)} characters",
                field="highlight", fix="use offsets with 0 <= start < end <= len(text)")
        spans.append((start, end, str(rest[0]) if rest else ""))
    return spans


_LABEL_COLUMNS = ("label", "form", "category", "canonical", "status", "speaker", "rule")


def spans_from(highlight, article_id: str | None = None, label: str | None = None) -> list:
    """Highlights as ``[(start, end, label)]``, from a list or from a findings table.

    A table (DataFrame) needs ``start`` and ``end``; rows of other articles are
    left out when it has an ``article`` column; the label comes from ``label``
    or the first of label, form, category, canonical, status, speaker, rule.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"article": ["a", "b"], "start": [0, 2], "end": [1, 3], "form": ["x", "y"]})
    >>> spans_from(rows, "b")
    [(2, 3, 'y')]
    """
    if highlight is None:
        return []
    if hasattr(highlight, "columns"):
        rows = highlight
        if "article" in rows.columns and article_id is not None:
            rows = rows[rows["article"] == article_id]
        missing = [c for c in ("start", "end") if c not in rows.columns]
        if missing:
            raise KitError(f"the highlight table has no {missing[0]!r} column", field="highlight",
                           fix="pass a findings table (with start and end) or a list of (start, end, label)")
        column = label or next((c for c in _LABEL_COLUMNS if c in rows.columns), None)
        if column is not None and column not in rows.columns:
            raise KitError(f"the highlight table has no column {column!r}", field="label",
                           fix="use one of " + ", ".join(map(str, rows.columns)))
        labels = rows[column].fillna("").astype(str) if column else [""] * len(rows)
        return [(int(s), int(e), lab) for s, e, lab in zip(rows["start"], rows["end"], labels)]
    return list(highlight)


def article_html(text: str, highlight=None, *, title: str | None = None, where: str = "the text") -> str:
    """The HTML of one text with highlighted spans, every character escaped.

    Overlapping highlights are allowed; each highlight's label is written after
    it, so the meaning never rests on colour alone.

    >>> article_html("a <b> c", [(2, 5, "tag")])
    '<div class="kit-article">a <mark title="tag" style="background:#f5d48a">&lt;b&gt;</mark><sup class="kit-label">tag</sup> c</div>'
    """
    spans = _spans(text, highlight, where)
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


class _HTML:
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


def _plain(text: str, spans) -> str:
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
    spans = _spans(art["text"], spans_from(highlight, article_id, label), f"article {article_id!r}")
    _display(_HTML(article_html(art["text"], spans, title=title),
                   title + "\n\n" + _plain(art["text"], spans)))


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
        spans = _spans(art["text"], spans_from(chosen, article_id), f"article {article_id!r}")
        items.append((f"{article_id} · {art['outlet']}", art["text"], spans))
    plain = "\n\n".join(f"== {t}\n{_plain(x, h)}" for t, x, h in items)
    _display(_HTML(side_by_side_html(items), plain))


def _display(obj) -> None:
    from IPython.display import display

    display(obj)
