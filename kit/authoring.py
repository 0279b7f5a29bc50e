"""Helpers for instructors who write an answer key.

An annotation points into an article with ``start`` and ``end``, counted in
Python characters of the LF-only text, so that ``text[start:end] == span``.
:func:`locate` computes those offsets from the span itself.

>>> text = "Putin said. Psaki said. Psaki left."
>>> locate(text, "Psaki")
(12, 17)
>>> locate(text, "Psaki", occurrence=2)
(24, 29)

:func:`new_case` starts a case from plain-text articles (with an empty key
and a starter question bank made from what the detectors find);
:func:`check_case` lists every problem of a case at once; and
:func:`nbgitpuller_link` builds the link that puts the kit into each
student's home on a JupyterHub (``INSTRUCTORS.md``, "Running the kit for a class").
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
from urllib.parse import quote, urlencode, urlsplit

from kit.errors import KitError

__all__ = ["locate", "new_case", "check_case", "nbgitpuller_link"]

# Characters an editor or a copy-paste may change without the author noticing.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})


def locate(text: str, span: str, occurrence: int = 1) -> tuple[int, int]:
    """The ``(start, end)`` of the ``occurrence``-th copy of ``span`` in ``text``.

    ``text[start:end] == span`` holds for the result, so it can go straight
    into a key file.  When the span is not there (or not that many times),
    the :class:`~kit.errors.KitError` says where it does occur, or where a
    near match (differing only in case, quote marks, dashes or spacing) is.

    >>> locate("the ball is in their court", "ball")
    (4, 8)
    >>> locate("a ball, a ball", "ball", occurrence=3)
    Traceback (most recent call last):
    ...
    kit.errors.KitError: the span 'ball' occurs 2 time(s), at 2-6 and 10-14, so there is no occurrence 3. To fix: pass occurrence=1 to 2.
    >>> locate("They said \u201cnever\u201d.", '"never"')
    Traceback (most recent call last):
    ...
    kit.errors.KitError: the span '"never"' is not in the text. To fix: a near match (differing in case, quotes, dashes or spacing) is text[10:17] == '\u201cnever\u201d'; copy the span from the text exactly.
    >>> locate("text", "")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: the span is empty. To fix: pass the words to find, copied from the text.
    """
    if not isinstance(text, str):
        raise KitError(f"locate() takes the text as a str, not {type(text).__name__}",
                       fix="pass an article's text, e.g. kit.load_articles().loc['psaki-briefing', 'text']")
    if not isinstance(span, str):
        raise KitError(f"locate() takes the span as a str, not {type(span).__name__}",
                       fix="pass the words to find, copied from the text")
    if not span:
        raise KitError("the span is empty", fix="pass the words to find, copied from the text")
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        raise KitError(f"occurrence must be a whole number from 1 up, not {occurrence!r}",
                       field="occurrence", fix="pass occurrence=1 for the first copy, 2 for the second ...")
    found = _occurrences(text, span)
    if len(found) >= occurrence:
        return found[occurrence - 1]
    if found:
        raise KitError(
            f"the span {span!r} occurs {len(found)} time(s), at {_ranges(found)}, "
            f"so there is no occurrence {occurrence}",
            fix=f"pass occurrence=1 to {len(found)}" if len(found) > 1 else "pass occurrence=1")
    near = _near_matches(text, span)
    if near:
        fix = _suggestion(text, span)
    else:
        fix = ("copy the span from the text exactly (curly quotes, dashes and spaces count), "
               "and check that it is the right article")
    raise KitError(f"the span {span!r} is not in the text", fix=fix)


def _occurrences(text: str, span: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``span`` occurs in ``text`` (overlaps included).

    >>> _occurrences("aaa", "aa")
    [(0, 2), (1, 3)]
    >>> _occurrences("abc", "x")
    []
    """
    found, i = [], text.find(span) if span else -1
    while i >= 0:
        found.append((i, i + len(span)))
        i = text.find(span, i + 1)
    return found


def _near_matches(text: str, span: str) -> list[tuple[int, int]]:
    """Where ``span`` occurs in ``text`` if case, quote marks, dashes and spacing are ignored.

    >>> _near_matches("He said \u2018No\u2019  now.", "'no' now")
    [(8, 17)]
    """
    folded_text, where = _fold(text)
    folded_span, _ = _fold(span)
    folded_span = folded_span.strip()
    if not folded_span:
        return []
    return [(where[s], where[e - 1] + 1) for s, e in _occurrences(folded_text, folded_span)]


def _suggestion(text: str, span: str, near: int = 0) -> str:
    """A fix for a span that is not at the offsets given: where it really is.

    ``near`` is the offset the author gave; the closest occurrence is named first.

    >>> _suggestion("one two one", "one", near=9)
    'the span occurs at 8-11 and 0-3; set start and end to the pair you mean'
    >>> _suggestion("one two", "three")
    'copy the span from the text exactly (curly quotes and spaces count), or compute the offsets with kit.authoring.locate(text, span)'
    """
    found = sorted(_occurrences(text, span), key=lambda se: (abs(se[0] - near), se[0]))
    if len(found) == 1:
        start, end = found[0]
        return f"the span is found at {start}-{end}: set start to {start} and end to {end}"
    if found:
        return f"the span occurs at {_ranges(found)}; set start and end to the pair you mean"
    near_found = sorted(_near_matches(text, span), key=lambda se: (abs(se[0] - near), se[0]))
    if near_found:
        start, end = near_found[0]
        return (f"a near match (differing in case, quotes, dashes or spacing) is "
                f"text[{start}:{end}] == {text[start:end]!r}; copy the span from the text exactly")
    return ("copy the span from the text exactly (curly quotes and spaces count), "
            "or compute the offsets with kit.authoring.locate(text, span)")


def _ranges(found, limit: int = 5) -> str:
    shown = [f"{s}-{e}" for s, e in found[:limit]]
    more = f" and {len(found) - limit} more" if len(found) > limit else ""
    if len(shown) > 1 and not more:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return ", ".join(shown) + more


def _fold(s: str) -> tuple[str, list[int]]:
    """``s`` folded (lowercase, plain quotes, one space per run), with each
    folded character's offset in ``s``."""
    out, where = [], []
    prev_space = False
    for i, ch in enumerate(s):
        ch = ch.translate(_FOLD)
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
            low = ch.lower()
            ch = low if len(low) == 1 else ch
        out.append(ch)
        where.append(i)
    return "".join(out), where


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


def new_case(folder, files) -> Path:
    """Make a new case in ``folder`` from plain-text article ``files``; return its path.

    The texts are copied unchanged into ``articles/`` after the same checks
    the loader makes (UTF-8, no byte-order mark, LF line endings, not empty);
    a file that fails them stops everything before anything is written.
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
    >>> check_case(case)
    []
    >>> new_case(case, [tmp / "Harbour Talks.txt"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kit.errors.KitError: .../case: this folder exists and is not empty. To fix: choose a new folder name (new-case never writes into an existing case).
    """
    from kit.corpus import ARTICLE_COLUMNS, read_text
    from kit.key import SCHEMAS, header

    folder = Path(folder).expanduser()
    if isinstance(files, (str, os.PathLike)):
        files = [files]
    files = [Path(f).expanduser() for f in files]
    if not files:
        raise KitError("no article files were given", field="files",
                       fix="name one plain-text file per article, e.g. --from a.txt b.txt")
    if folder.exists() and not folder.is_dir():
        raise KitError("this is a file, but a case is a folder", file=str(folder),
                       fix="choose a new folder name for the case")
    if folder.is_dir() and any(folder.iterdir()):
        raise KitError("this folder exists and is not empty", file=str(folder),
                       fix="choose a new folder name (new-case never writes into an existing case)")

    problems, seen = [], {}
    for path in files:
        key = path.resolve()
        if key in seen:
            problems.append(KitError("this file is given twice", file=str(path),
                                     fix="name each article file once"))
            continue
        seen[key] = path
        try:
            read_text(path)
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
    for path in files:
        art_id = _unique(_slug(path.stem), ids)
        ids.add(art_id)
        name = path.name
        if name.startswith(".") or not name.isprintable() or name.lower() in names:
            name = _unique(art_id + (path.suffix.lower() or ".txt"), names)
        names.add(name.lower())
        rows.append((path, art_id, name))

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.{os.getpid()}.{secrets.token_hex(4)}.new"
    staging.mkdir()
    try:
        (staging / "articles").mkdir()
        for path, _, name in rows:
            shutil.copyfile(path, staging / "articles" / name)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(ARTICLE_COLUMNS)
        for _, art_id, name in rows:
            writer.writerow([art_id, name] + [""] * (len(ARTICLE_COLUMNS) - 2))
        (staging / "articles.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
        (staging / "annotations").mkdir()
        for kind in SCHEMAS:
            (staging / "annotations" / f"{kind}.csv").write_text(header(kind) + "\n",
                                                                 encoding="utf-8", newline="")
        (staging / "quizzes").mkdir()
        bank = staging / "quizzes" / "starter.toml"
        bank.write_text(_starter_bank(staging), encoding="utf-8", newline="")
        from kit.quiz_load import read_bank

        read_bank(bank, case=staging)                 # it must load as written
        if folder.is_dir():
            folder.rmdir()                            # empty, as checked above
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


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
    from kit.artifacts import find_artifacts
    from kit.corpus import load_articles, sentences
    from kit.names import name_variants
    from kit.wording import find_wording

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
    for art, text in texts.items():
        found = find_artifacts(text)
        found = found[(found["category"] == "scraping") & found["span"].map(_has_word)]
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
    from kit.quotes import find_quotes

    n = 0
    for art, text in texts.items():
        seen = set()
        quotes = find_quotes(text)
        found = find_wording(text)
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
    from kit.artifacts import RULES

    return RULES[rule][1]


# ---------------------------------------------------------------- check a case

def check_case(folder) -> list[str]:
    """Every problem of a case at once, one line each: ``[]`` when the case is sound.

    Each line reads "FILE, line N, field 'x': problem. To fix: ...".  Checked:

    * ``articles.csv``, row by row (every row, not only up to the first bad
      one), and every text it lists (UTF-8, no BOM, LF endings, not empty);
      texts in ``articles/`` that are not listed;
    * the answer key in ``annotations/`` with :func:`kit.key.check_key`
      (every problem in every table); a case without an ``annotations/``
      folder has no key, which is allowed;
    * every question bank in ``quizzes/`` (``.toml`` and jupyterquiz
      ``.json``) with :func:`kit.load_quiz`.  A bank stops at its first
      mistake, so a bank gives one line at most: run it again after a fix;
      and that each lesson has one bank at most.

    The key and span questions point into the articles, so when the articles
    have problems the key is not checked (a line says so).

    >>> check_case("data")
    []
    """
    from kit.corpus import load_articles

    folder = Path(folder).expanduser()
    if not folder.is_dir():
        return [str(KitError(
            "this case folder does not exist" if not folder.exists() else
            "this is a file, but a case is a folder", file=str(folder),
            fix="pass the folder that holds articles.csv and articles/"))]
    problems: list[KitError] = []
    _check_articles(folder, problems)
    if not problems:
        try:
            load_articles(folder)
        except KitError as err:             # anything the loader sees that the checks above miss
            problems.append(err)
    articles_ok = not problems

    key = folder / "annotations"
    if key.is_dir():
        if articles_ok:
            problems += _key_problems(folder)
        else:
            problems.append(KitError(
                "the answer key was not checked, because the articles have problems",
                file=str(key), fix="fix the problems above, then check the case again"))

    quizzes = folder / "quizzes"
    if quizzes.is_dir():
        problems += _bank_problems(folder, quizzes, articles_ok)
    return [str(p) for p in problems]


def _check_articles(folder: Path, problems: list) -> None:
    """Check articles.csv row by row and every text, appending each problem."""
    from kit.corpus import _CHOICES, _ID, ARTICLE_COLUMNS, read_text

    index, texts = folder / "articles.csv", folder / "articles"
    if not texts.is_dir():
        problems.append(KitError("there is no articles/ folder in this case", file=str(texts),
                                 fix="create it and put one UTF-8 text file per article in it"))
    if not index.is_file():
        problems.append(KitError(
            "there is no articles.csv in this case", file=str(index),
            fix="create it with the header " + ",".join(ARTICLE_COLUMNS)
                + " (`python -m kit new-case DIR --from FILE...` writes one)"))
        return
    try:
        raw = read_text(index, what="articles.csv")
    except KitError as err:
        problems.append(err)
        return
    reader = csv.reader(io.StringIO(raw, newline=""))
    head = [h.strip() for h in next(reader, [])]
    missing = [c for c in ARTICLE_COLUMNS if c not in head]
    if missing:
        problems.append(KitError(
            f"missing column(s) {', '.join(missing)}; the header is {','.join(head)}",
            file=str(index), line=1, field=missing[0],
            fix="the header must name all of " + ",".join(ARTICLE_COLUMNS)))
    for col in sorted({c for c in head if head.count(c) > 1}):
        problems.append(KitError(f"column {col!r} appears twice in the header", file=str(index),
                                 line=1, field=col, fix="keep one column of each name"))

    root = texts.resolve()
    seen_ids, seen_files, rows = {}, {}, 0
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        rows += 1

        def problem(field, message, fix, line=line):
            problems.append(KitError(message, file=str(index), line=line, field=field, fix=fix))

        if len(fields) != len(head):
            problem(None, f"this row has {len(fields)} fields but the header has {len(head)}",
                    "check the commas; put a value that contains a comma in double quotes")
            continue
        row = {c: f.strip() for c, f in zip(head, fields)}
        art_id = row.get("id", "")
        if "id" in head:
            if not _ID.match(art_id):
                problem("id", f"id {art_id!r} is not a short slug",
                        "use lowercase letters, digits and hyphens, e.g. 'harbour-readout'")
            elif art_id in seen_ids:
                problem("id", f"id {art_id!r} is used twice (also on line {seen_ids[art_id]})",
                        "give every article its own id")
            else:
                seen_ids[art_id] = line
        for col, allowed in _CHOICES.items():
            value = row.get(col, "")
            if value and value not in allowed:
                problem(col, f"{value!r} is not one of {', '.join(allowed)}",
                        f"write one of {', '.join(allowed)} (or leave it empty)")
        if row.get("published"):
            try:
                import datetime as _dt

                _dt.date.fromisoformat(row["published"])
            except ValueError:
                problem("published", f"date {row['published']!r} is not an ISO date",
                        "write it as YYYY-MM-DD, e.g. 2031-05-12")
        if "file" not in head:
            continue
        name = row["file"]
        if not name:
            problem("file", "the file name is empty", "name the article's file in articles/")
            continue
        target = (texts / name).resolve()
        if Path(name).is_absolute() or root not in target.parents:
            problem("file", f"file {name!r} points outside the case's articles/ folder",
                    "copy the text into articles/ and give its bare file name")
            continue
        if name in seen_files:
            problem("file", f"file {name!r} is listed twice (also on line {seen_files[name]})",
                    "list every file once")
            continue
        seen_files[name] = line
        if not target.exists():
            problem("file", f"file {name!r} is listed but not in articles/",
                    f"add {texts / name}, or correct the name in articles.csv")
            continue
        try:
            read_text(texts / name)
        except KitError as err:
            problems.append(err)
    if not rows:
        problems.append(KitError("articles.csv lists no articles", file=str(index), line=2,
                                 fix="add one row per article under the header"))
    if texts.is_dir() and "file" in head:
        for p in sorted(texts.iterdir()):
            if p.is_file() and not p.name.startswith(".") and p.name not in seen_files:
                problems.append(KitError(
                    "this file in articles/ is not listed in articles.csv", file=str(p),
                    fix="add a row for it to articles.csv, or move it out of articles/"))


def _shown(path, folder: Path) -> str | None:
    """A path inside the case as the user named the case (not resolved)."""
    if path is None:
        return None
    try:
        return str(folder / Path(path).relative_to(folder.resolve()))
    except ValueError:
        return str(path)


def _key_problems(folder: Path) -> list:
    from kit.key import check_key

    found = check_key(folder)
    return [KitError(row.problem, file=_shown(row.file, folder),
                     line=None if row.line is None or row.line != row.line else int(row.line),
                     field=row.field or None, fix=row.fix)
            for row in found.astype(object).where(found.notna(), None).itertuples(index=False)]


def _bank_problems(folder: Path, quizzes: Path, articles_ok: bool) -> list:
    from kit.quiz import load_quiz

    problems = []
    banks = sorted(p for p in quizzes.iterdir()
                   if p.is_file() and p.suffix.lower() in (".toml", ".json")
                   and not p.name.startswith("."))
    for bank in banks:
        try:
            load_quiz(bank, case=folder)
        except KitError as err:
            if articles_ok or err.file == str(bank):
                problems.append(KitError(err.message, file=_shown(err.file, folder),
                                         line=err.line, field=err.field, fix=err.fix))
    lessons: dict[str, list[str]] = {}
    for bank in banks:
        m = re.match(r"(\d\d)_", bank.name)
        if m:
            lessons.setdefault(m.group(1), []).append(bank.name)
    for lesson, names in sorted(lessons.items()):
        if len(names) > 1:
            problems.append(KitError(
                f"lesson {lesson} has {len(names)} banks: {', '.join(names)}", file=str(quizzes),
                fix=f"keep one bank whose name starts with {lesson}_ (kit.lesson_quiz shows one)"))
    return problems


# ------------------------------------------------------------------ a class

_APPS = {"lab": "lab/tree/", "notebook": "tree/"}


def nbgitpuller_link(hub_url: str, repo_url: str, branch: str = "main",
                     path: str = "notebooks/00_start.ipynb", app: str = "lab") -> str:
    """A link that copies (or updates) the kit into a student's home on a JupyterHub and opens ``path``.

    The hub needs the nbgitpuller server extension.  nbgitpuller clones the
    repository into a folder named after it (``five-accounts``), so the page
    opened is ``<repo name>/<path>``; ``app`` is ``"lab"`` (JupyterLab) or
    ``"notebook"`` (the Notebook interface).  Every value is URL-encoded.

    >>> nbgitpuller_link("https://hub.example.edu", "https://github.com/five-accounts/five-accounts")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Ffive-accounts%2Ffive-accounts&urlpath=lab%2Ftree%2Ffive-accounts%2Fnotebooks%2F00_start.ipynb&branch=main'
    >>> nbgitpuller_link("https://hub.example.edu/jupyter/", "https://example.org/kits/five-accounts.git",
    ...                  branch="spring 2031", path="notebooks/03_wording.ipynb", app="notebook")
    'https://hub.example.edu/jupyter/hub/user-redirect/git-pull?repo=https%3A%2F%2Fexample.org%2Fkits%2Ffive-accounts.git&urlpath=tree%2Ffive-accounts%2Fnotebooks%2F03_wording.ipynb&branch=spring%202031'
    >>> nbgitpuller_link("hub.example.edu", "https://github.com/five-accounts/five-accounts")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'hub_url': 'hub.example.edu' is not a web address. To fix: write it in full, starting with https://, e.g. https://hub.example.edu.
    """
    for name, value in (("hub_url", hub_url), ("repo_url", repo_url)):
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise KitError(f"{value!r} is not a web address", field=name,
                           fix="write it in full, starting with https://, e.g. "
                               + ("https://hub.example.edu" if name == "hub_url" else
                                  "https://github.com/five-accounts/five-accounts"))
    if app not in _APPS:
        raise KitError(f"app {app!r} is not one of {', '.join(_APPS)}", field="app",
                       fix="use 'lab' for JupyterLab or 'notebook' for the Notebook interface")
    if not isinstance(branch, str) or not branch.strip():
        raise KitError("the branch is empty", field="branch", fix="name a branch, e.g. main")
    repo_name = urlsplit(repo_url).path.rstrip("/").rsplit("/", 1)[-1]
    repo_name = repo_name[:-4] if repo_name.endswith(".git") else repo_name
    target = f"{_APPS[app]}{repo_name}/{path.lstrip('/')}"
    query = urlencode({"repo": repo_url, "urlpath": target, "branch": branch},
                      quote_via=quote, safe="")
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"
