"""Starting a case from plain-text articles.

:func:`new_case` makes the case folder (with an empty key and a starter
question bank made from what the detectors find).
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kit.case.articles import ARTICLE_COLUMNS, convert_text, load_articles
from kit.case.key import SCHEMAS, header
from kit.case.pages import is_link, is_page, read_page
from kit.case.sentences import sentences
from kit.detect.artifacts import RULES
from kit.detect.names import name_variants
from kit.detect.run import run_all
from kit.errors import KitError
from kit.quiz.bank import read_bank

__all__ = ["new_case"]

# ------------------------------------------------------------------ a new case

_STARTER_NOTE = "# to review: generated from the detectors"
_MIN_PASSAGE_WORDS = 12


def _slug(stem: str) -> str:
    """A case id from a file name's stem.

    >>> _slug("Ministry Readout (final).txt"), _slug("Ünïcode_Été"), _slug("---")
    ('ministry-readout-final-txt', 'unicode-ete', 'article')
    """
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "article"


def _unique(name: str, used: set[str], pattern: str = "{}-{}") -> str:
    if name not in used:
        return name
    n = 2
    while pattern.format(name, n) in used:
        n += 1
    return pattern.format(name, n)


def new_case(folder, files, *, notes: list | None = None) -> Path:
    """Make a new case in ``folder`` from article ``files``; return its path.

    ``files`` are plain-text files, web pages saved from a browser (``.html``,
    ``.htm``) or links (``https://...``, fetched).  A text is copied into
    ``articles/`` unchanged, except that a byte-order mark is removed and
    CRLF line endings become LF (the original file is left as it is); a file
    that is empty or not UTF-8 stops everything before anything is written.
    From a page, the article's text is taken without the page's navigation,
    links and footer, and its headline, date, site name and canonical link
    fill ``headline``, ``published``, ``outlet`` and ``url``.  Each conversion
    and each page is described in a line appended to ``notes``.
    ``articles.csv`` gets one row per file, with ``id`` (a slug of the file
    name, made unique) and ``file`` filled in and the other fields left for
    the instructor.  ``annotations/`` gets every table of the key with its
    header and no rows, and ``quizzes/starter.toml`` a starter bank made from
    what the detectors find (each question marked "to review").

    ``folder`` must not exist, or be empty: a case is never written over.
    The case is built in a hidden folder next to it and renamed into place,
    so a failure leaves nothing half made.

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "Harbour Talks.txt").write_text("The minister said talks went well.\\n")
    >>> case = new_case(tmp / "case", [tmp / "Harbour Talks.txt"])
    >>> sorted(p.name for p in case.iterdir())
    ['annotations', 'articles', 'articles.csv', 'quizzes']
    >>> (case / "articles.csv").read_text().splitlines()[1]
    'harbour-talks,Harbour Talks.txt,,,,,,,,'
    >>> from kit.teach.check_case import check_case
    >>> check_case(case)
    []
    >>> new_case(case, [tmp / "Harbour Talks.txt"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kit.errors.KitError: .../case: this folder exists and is not empty. To fix: choose a new folder name (new-case never writes into an existing case).
    """

    folder = Path(folder).expanduser()
    if isinstance(files, (str, os.PathLike)):
        files = [files]
    files = [f if is_link(f) else Path(f).expanduser() for f in files]
    if not files:
        raise KitError("no article files were given", field="files",
                       fix="name one plain-text file or saved web page per article, e.g. --from a.txt b.html")
    if folder.exists() and not folder.is_dir():
        raise KitError("this is a file, but a case is a folder", file=str(folder),
                       fix="choose a new folder name for the case")
    if folder.is_dir() and any(folder.iterdir()):
        raise KitError("this folder exists and is not empty", file=str(folder),
                       fix="choose a new folder name (new-case never writes into an existing case)")

    problems, seen, read = [], {}, []
    for source in files:
        key = source if is_link(source) else source.resolve()
        if key in seen:
            problems.append(KitError("this file is given twice", file=str(source),
                                     fix="name each article file once"))
            continue
        seen[key] = source
        try:
            if is_page(source):
                page = read_page(source)
                read.append((source, page.text, page, []))
            else:
                text, changes = convert_text(source)
                read.append((source, text, None, changes))
        except KitError as err:
            problems.append(err)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            others = ", ".join(p.file or "?" for p in problems[1:])
            first = KitError(f"{first.message} (and {len(problems) - 1} more file(s) cannot be "
                             f"used: {others})", file=first.file, line=first.line,
                             field=first.field, fix=first.fix)
        raise first

    ids, names, rows = set(), set(), []
    for source, text, page, changes in read:
        stem = _link_stem(source) if is_link(source) else source.stem
        art_id = _unique(_slug(stem), ids)
        ids.add(art_id)
        name = art_id + ".txt" if page else source.name
        if name.startswith(".") or not name.isprintable() or name.lower() in names:
            name = _unique(art_id + (".txt" if page else source.suffix.lower() or ".txt"), names)
        names.add(name.lower())
        meta = dict(outlet=page.outlet, headline=page.headline, published=page.published,
                    url=page.url) if page else {}
        rows.append((art_id, name, text, meta))
        if page:
            said = ", ".join(f"{k} {v!r}" for k, v in meta.items() if v) or "no metadata"
            _note(notes, f"{source}: took the article's text from the page ({len(text)} characters) "
                         f"and {said}")
        elif changes:
            _note(notes, f"{source}: {' and '.join(changes)} in the copy articles/{name} "
                         "(the original is unchanged)")

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.{os.getpid()}.{secrets.token_hex(4)}.new"
    staging.mkdir()
    try:
        (staging / "articles").mkdir()
        for _, name, text, _ in rows:
            (staging / "articles" / name).write_text(text, encoding="utf-8", newline="")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(ARTICLE_COLUMNS)
        for art_id, name, _, meta in rows:
            writer.writerow([art_id, name] + [meta.get(c, "") for c in ARTICLE_COLUMNS[2:]])
        (staging / "articles.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
        (staging / "annotations").mkdir()
        for kind in SCHEMAS:
            (staging / "annotations" / f"{kind}.csv").write_text(header(kind) + "\n",
                                                                 encoding="utf-8", newline="")
        (staging / "quizzes").mkdir()
        bank = staging / "quizzes" / "starter.toml"
        bank.write_text(_starter_bank(staging), encoding="utf-8", newline="")
        read_bank(bank, case=staging)                 # it must load as written
        if folder.is_dir():
            folder.rmdir()                            # empty, as checked above
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _note(notes, line: str) -> None:
    if notes is not None:
        notes.append(line)


def _link_stem(url: str) -> str:
    """A name for an article fetched from a link: the last part of its path, else the site.

    >>> _link_stem("https://news.example/2024/dam%20deal.html?src=rss"), _link_stem("http://a.example/")
    ('dam deal', 'a.example')
    """
    parts = urlsplit(url)
    last = [p for p in unquote(parts.path).split("/") if p]
    return Path(last[-1]).stem if last else parts.hostname or "page"


def _toml_str(s: str) -> str:
    """``s`` as a TOML basic string.

    >>> print(_toml_str('He said "no"\\n\\\\'))
    "He said \\"no\\"\\n\\\\"
    """
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _passage(text: str, start: int, end: int, sents) -> tuple[int, int]:
    """The sentences around ``text[start:end]``, with a neighbour when they are short."""
    bounds = list(zip(sents["start"].tolist(), sents["end"].tolist()))
    hit = [i for i, (s, e) in enumerate(bounds) if s < end and start < e]
    if not hit:
        return start, end
    lo, hi = hit[0], hit[-1]

    def count(a, b):
        return len(text[bounds[a][0]:bounds[b][1]].split())

    while count(lo, hi) < _MIN_PASSAGE_WORDS and (lo > 0 or hi < len(bounds) - 1):
        if hi < len(bounds) - 1:
            hi += 1
        else:
            lo -= 1
    return min(bounds[lo][0], start), max(bounds[hi][1], end)


def _why(lines) -> list[str]:
    """TOML comments that say what the detectors saw, for whoever reviews a question."""
    return [f"# why: {' '.join(line.split())}" for line in dict.fromkeys(lines)]


def _span_block(qid, tags, prompt, article, text, passage, spans, explanation, why=()) -> str:
    p_start, p_end = passage
    answer = ", ".join(f"{{ start = {s}, end = {e}, text = {_toml_str(text[s:e])} }}"
                       for s, e in spans)
    return "\n".join([
        _STARTER_NOTE, *_why(why), "[[questions]]", f"id = {_toml_str(qid)}", 'kind = "span"',
        f"tags = [{', '.join(_toml_str(t) for t in tags)}]", f"prompt = {_toml_str(prompt)}",
        f"article = {_toml_str(article)}", f"start = {p_start}", f"end = {p_end}",
        f"passage_text = {_toml_str(text[p_start:p_end])}", f"answer = [{answer}]",
        f"explanation = {_toml_str(explanation)}", ""])


def _has_word(s: str) -> bool:
    return any(c.isalnum() for c in s)


def _starter_bank(case: Path) -> str:
    """A starter question bank for a case, from what the detectors find in its articles."""

    arts = load_articles(case)
    texts = arts["text"].to_dict()
    sents = {art: sentences(text) for art, text in texts.items()}
    blocks = []

    # names written in another form than the usual one: a span question per variant
    variants = name_variants(arts)
    done, covered = set(), set()
    for row in variants.itertuples(index=False):
        key = (row.article, row.variant)
        if key in done or (row.article, row.start) in covered:
            continue
        done.add(key)
        text = texts[row.article]
        passage = _passage(text, row.start, row.end, sents[row.article])
        inside = [r for r in variants.itertuples(index=False)
                  if r.article == row.article and passage[0] <= r.start and r.end <= passage[1]]
        covered |= {(row.article, r.start) for r in inside}
        done |= {(row.article, r.variant) for r in inside}
        pairs = list(dict.fromkeys(f"“{r.variant}” for {r.canonical}" for r in inside))
        pairs = pairs[0] if len(pairs) == 1 else ", ".join(pairs[:-1]) + " and " + pairs[-1]
        blocks.append(_span_block(
            f"names-{len(blocks) + 1}", ["names"],
            f"This passage comes from {row.article}. Click every name in it that is written "
            "in another form than the usual one.",
            row.article, text, passage, [(r.start, r.end) for r in inside],
            f"This text writes {pairs}. A name written in an unusual form can show a point of "
            "view, a formal style, or a text that went through translation; check a name "
            "against a second source before you repeat it.",
            why=[f"{r.variant} -> {r.canonical}: {r.reason}" for r in inside]))

    # scraping debris: a span question per artifact, unless an earlier passage covers it
    artifacts = run_all("artifacts", arts)
    for art, text in texts.items():
        found = artifacts[artifacts["article"] == art]
        found = found.loc[[c == "scraping" and _has_word(s)
                           for c, s in zip(found["category"], found["span"])]]
        covered = set()
        for row in found.itertuples(index=False):
            if row.start in covered:
                continue
            passage = _passage(text, row.start, row.end, sents[art])
            inside = [(r.start, r.end, r.rule) for r in found.itertuples(index=False)
                      if passage[0] <= r.start and r.end <= passage[1]]
            covered |= {s for s, _, _ in inside}
            n = sum(1 for b in blocks if '"scraping-' in b) + 1
            blocks.append(_span_block(
                f"scraping-{n}", ["scraping"],
                f"This passage comes from {art}. Something in it was left behind when the web "
                "page was copied. Click it.",
                art, text, passage, [(s, e) for s, e, _ in inside],
                " ".join(dict.fromkeys(_rule_explanation(r) for _, _, r in inside)),
                why=[f"{text[s:e]!r}: rule {r}" for s, e, r in inside]))

    # loaded words: a choice question per word and article

    all_quotes = run_all("quotes", arts)
    wording = run_all("wording", arts)
    n = 0
    for art, text in texts.items():
        seen = set()
        quotes = all_quotes[all_quotes["article"] == art]
        found = wording[wording["article"] == art]
        for row in found[found["category"] == "loaded-word"].itertuples(index=False):
            if row.span.lower() in seen:
                continue
            seen.add(row.span.lower())
            n += 1
            s = sents[art]
            around = s[(s["start"] <= row.start) & (row.end <= s["end"])]
            sentence = around["sentence"].iloc[0] if len(around) else row.span
            quoted = bool(((quotes["start"] <= row.start) & (row.end <= quotes["end"])).any())
            right = row.explanation + (
                " It stands inside a quotation: the speaker chose it, and the outlet chose to "
                "quote it." if quoted else "")
            third = ("It is a technical term with one exact meaning",
                     "A technical term would say the same to every reader; this word adds a "
                     "judgement.") if quoted else (
                     "It is the exact word of a person the text quotes",
                     "Look for quotation marks: outside them the word is the writer's own choice.")
            prompt = (f"Read this sentence from {art}: {sentence} "
                      f"What does the word “{row.span}” do in it?")
            blocks.append("\n".join([
                _STARTER_NOTE, *_why([f"{row.span!r}: {row.category} in the wording lexicon"
                                      + ("; inside a quotation" if quoted else "")]),
                "[[questions]]", f'id = "wording-{n}"', 'kind = "choice"', 'tags = ["wording"]',
                f"prompt = {_toml_str(prompt)}",
                f"explanation = {_toml_str(right + ' Ask whether a plainer word could tell the same fact.')}",
                "options = [",
                "  { text = \"It takes a side: it makes someone or something look better or "
                "worse than a plain word would\", correct = true, feedback = "
                + _toml_str(right) + " },",
                "  { text = \"It is a neutral word that any outlet would use\", feedback = "
                "\"Ask what the word suggests beyond the plain facts; a neutral word leaves "
                "the judging to the reader.\" },",
                f"  {{ text = {_toml_str(third[0])}, feedback = {_toml_str(third[1])} }},",
                "]", ""]))

    if not blocks:
        blocks.append("\n".join([
            _STARTER_NOTE, "[[questions]]", 'id = "how-many"', 'kind = "numeric"',
            'prompt = "How many texts does this case hold?"',
            f'explanation = "The case holds {len(texts)} text(s): see kit.load_articles()."',
            f"value = {len(texts)}", ""]))
    head = "\n".join([
        "# Starter questions, made by `python -m kit new-case` from what the kit's detectors",
        "# found in this case's articles.  Detectors miss things and make mistakes: read every",
        "# question, correct it or delete it, and move the good ones into the lessons' banks",
        "# (quizzes/00_start.toml, quizzes/01_....toml; see docs/quiz-format.md).",
        "",
        'title = "Starter questions (to review)"',
        "", ""])
    return head + "\n\n".join(blocks)


def _rule_explanation(rule: str) -> str:

    return RULES[rule][1]
