"""Find names written in another form than the usual one: garbled, viewpoint, formal.

:func:`name_variants` looks at the names in a set of texts (words with
capital letters, e.g. "Jane Sackie", "Russia-NATO Council") and pairs each one
with the usual name it stands for, when it is *not* itself a usual name but
is close to one.  The usual names (the *canonical* ones) are

* the names of the names lexicon, ``data/lexicon/names.csv`` (or the list
  passed as ``known``), and
* names that at least two of the texts use in the same form (a spelling that
  several outlets share is taken as established).

A pair is made for four reasons, each written in the ``reason`` column:

1. **listed**: the lexicon lists the spelling as a variant (Kiev -> Kyiv,
   Russian Federation -> Russia);
2. **order**: the same words in another order (Russia-NATO Council ->
   NATO-Russia Council);
3. **formal first name**: the same surname, and first names that the lexicon
   lists as a formal and a short form (Joseph Biden -> Joe Biden);
4. **sounds alike**: every word sounds alike (same :func:`phonetic_key`) or is
   spelt almost alike, and the whole name is similar in spelling (difflib);
   plain edit distance alone would miss "Jane Sackie" for "Jen Psaki".

Only names of two words or more are compared by sound, and words of rank or
office (President, Minister) and inflections (Russia/Russian) never make a
pair, which keeps false pairs rare.  The work is linear in the length of the
texts: each name is looked up in tables keyed by sound, surname and word set,
never compared with every other name.

>>> pairs = name_variants({"a": "Minister Olga Barenko left Kiev."}, known=["Olga Varenko"])
>>> pairs[["article", "start", "end", "variant", "canonical", "score"]]
  article  start  end       variant     canonical  score
0       a      9   21  Olga Barenko  Olga Varenko   0.92
1       a     27   31          Kiev          Kyiv   1.00
>>> print(pairs["reason"][0])
spelling 0.92 similar, word by word Olga=Olga, Barenko~Varenko; Olga Varenko is a known name
>>> phonetic_key("Sackie"), phonetic_key("Psaki")
('SK', 'SK')
>>> name_variants("Kiev")
Traceback (most recent call last):
...
kit.errors.KitError: field 'texts': name_variants() takes several texts, not one str. To fix: pass a mapping {id: text} (e.g. {'mine': text}) or kit.load_articles().
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from kit.detect.lexicon import (lexicon_source, CALENDAR_WORDS, CAPITALISED_RUN, LEXICON_DIR, ORG_WORDS, TITLE_WORDS,
                         alternation, frame, read_table, shown_path)
from kit.detect.phonetic import cached_phonetic_key, phonetic_key
from kit.errors import KitError

__all__ = ["name_variants", "phonetic_key", "NAME_COLUMNS", "NAMES_LEXICON", "texts_of"]

#: The default names lexicon (see docs/lexicons.md).
NAMES_LEXICON = LEXICON_DIR / "names.csv"
NAME_COLUMNS = ("article", "start", "end", "variant", "canonical", "score", "reason")
_KINDS = ("person", "place", "organisation", "given-name")
_FORMS = ("standard", "viewpoint-spelling", "viewpoint-order", "formal", "informal",
          "abbreviation")

# words that start a sentence or join names, never a name of their own
_FUNCTION = frozenset("""
    the a an this that these those in on at as after before but and or so if when while
    during despite under over for from with without by to of last next both however
    meanwhile overall several some many he she they we it i his her their its our my
    was were is are has had have be been will would can could may might must shall
""".split())
_NOT_NAME = _FUNCTION | TITLE_WORDS | ORG_WORDS | CALENDAR_WORDS
_SUFFIXES = {"jr", "sr", "ii", "iii"}
_FORM_WORDS = {"viewpoint-spelling": "viewpoint spelling", "viewpoint-order": "viewpoint word order",
               "formal": "formal (official) name", "informal": "informal name",
               "abbreviation": "abbreviation", "standard": "usual name"}
_MAX_WORDS = 5
_SOUND_SIMILARITY = 0.6     # whole name, difflib ratio, lower case
_WORD_SIMILARITY = 0.8      # one word spelt almost alike ("Barenko" / "Varenko")


# ----------------------------------------------------------------------- lexicon

class _Lexicon:
    def __init__(self, path: Path, rows: list[dict]):
        self.path = path
        self.variants: dict[str, dict] = {}
        self.standard: list[str] = []
        self.given: dict[str, dict[str, str]] = defaultdict(dict)   # joseph -> {joe: formal}
        self.shown = shown = shown_path(path)
        for row in rows:
            where = dict(file=shown, line=row["_line"])
            variant, canonical, kind, form = (row["variant"], row["canonical"], row["kind"],
                                              row["form"])
            if kind == "given-name":
                if " " in variant or " " in canonical:
                    raise KitError("a given-name row takes one word on each side", field="variant",
                                   **where, fix="write one first name per cell, e.g. Joseph,Joe")
                if form not in ("formal", "informal"):
                    raise KitError(f"a given-name row has form formal or informal, not {form!r}",
                                   field="form", **where,
                                   fix="write formal (variant is the long name) or informal")
                long, short = (variant, canonical) if form == "formal" else (canonical, variant)
                self.given[long.lower()][short.lower()] = "formal"
                self.given[short.lower()][long.lower()] = "informal"
                continue
            if form == "standard":
                if variant != canonical:
                    raise KitError(f"a standard row names one name twice, but {variant!r} is not "
                                   f"{canonical!r}", field="canonical", **where,
                                   fix="write the same name in variant and canonical, or give "
                                       "the row another form")
                self.standard.append(canonical)
                continue
            if variant == canonical:
                raise KitError(f"variant and canonical are both {variant!r}", field="variant",
                               **where, fix="use form 'standard' for a usual name")
            old = self.variants.get(variant)
            if old and old["canonical"] != canonical:
                raise KitError(f"{variant!r} is listed twice, for {old['canonical']!r} "
                               f"(line {old['line']}) and {canonical!r}", field="variant",
                               **where, fix="keep one row per variant")
            self.variants[variant] = dict(canonical=canonical, kind=kind, form=form,
                                          note=row["note"], line=row["_line"])
            self.standard.append(canonical)
        self.standard = list(dict.fromkeys(self.standard))
        self.regex = None
        if self.variants:
            alts = sorted(self.variants, key=len, reverse=True)
            # Longest first, grouped by first letter, so that a search skips
            # quickly to a first letter and tries only the names that start
            # with it; listed() checks that a name does not start inside a
            # word.  Names that start with an apostrophe (a set of two marks)
            # need a look-ahead for the same.
            body = alternation(("'" if v[0] == "’" else v[0],
                                re.escape(v).replace(r"\ ", r"\s+").replace("'", "['’]"))
                               for v in alts)
            firsts = {v[0] for v in alts} | {"'", "’"}
            ahead = "(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])" \
                if any(v[0] == "'" for v in alts) else ""
            self.regex = re.compile(rf"{ahead}(?:{body})(?![\w\-])")
        self.lookup = {re.sub(r"\s+", " ", v.replace("’", "'")): v for v in self.variants}
        self._targets = None            # the standard names as _Targets, built once
        self._memo: dict = {}           # words -> _match against those targets
        self._run_memo: dict = {}       # capitalised run -> its pairs with those targets

    def listed(self, text: str):
        """The matches of the listed variants in ``text``, in order, none inside a word.

        The same as searching with ``(?<![\\w\\-’'])`` before the names.
        """
        pos = 0
        while self.regex is not None and (m := self.regex.search(text, pos)):
            if m.start() and _INSIDE_WORD.match(text, m.start() - 1):
                pos = m.start() + 1            # where the look-behind would try next
                continue
            yield m
            pos = m.end()

    def targets(self) -> "_Targets":
        if self._targets is None:
            targets = _Targets()
            for name in self.standard:
                targets.add(name, "lexicon")
            self._targets = targets
        return self._targets


@lru_cache(maxsize=8)
def _load_lexicon(path: str, stamp) -> _Lexicon:
    rows = read_table(path, ("variant", "canonical", "kind", "form", "note"),
                      required=("variant", "canonical", "kind", "form"),
                      choices={"kind": _KINDS, "form": _FORMS}, what="names lexicon")
    return _Lexicon(Path(path), rows)


def names_lexicon(path=None) -> _Lexicon:
    return _load_lexicon(*lexicon_source(path, NAMES_LEXICON, "my_names.csv"))


# ------------------------------------------------------------------------ inputs

def texts_of(texts, func: str = "name_variants") -> dict[str, str]:
    """``{id: text}`` from a mapping or a DataFrame with a ``text`` column.

    >>> texts_of({"a": "One.", "b": "Two."})
    {'a': 'One.', 'b': 'Two.'}
    >>> texts_of({"a": 3})
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'a': the text of 'a' is a int, not a str. To fix: give every id a text (a str).
    """
    try:
        import pandas as pd
        is_frame = isinstance(texts, pd.DataFrame)
    except ImportError:  # pragma: no cover
        is_frame = False
    if is_frame:
        if "text" not in texts.columns:
            raise KitError(f"the table has no 'text' column (it has {', '.join(map(str, texts.columns))})",
                           field="text", fix="pass kit.load_articles(), or a table with a 'text' column")
        pairs = list(zip(texts.index, texts["text"]))
    elif isinstance(texts, str):
        raise KitError(f"{func}() takes several texts, not one str", field="texts",
                       fix="pass a mapping {id: text} (e.g. {'mine': text}) or kit.load_articles()")
    elif hasattr(texts, "items"):
        pairs = list(texts.items())
    else:
        raise KitError(f"{func}() takes a mapping {{id: text}} or a DataFrame, "
                       f"not {type(texts).__name__}", field="texts",
                       fix="pass kit.load_articles(), or a dict such as {'mine': text}")
    out = {}
    for key, text in pairs:
        if not isinstance(text, str):
            raise KitError(f"the text of {str(key)!r} is a {type(text).__name__}, not a str",
                           field=str(key), fix="give every id a text (a str)")
        out[str(key)] = text
    return out


def _known_names(known) -> list[str]:
    if isinstance(known, str) or not hasattr(known, "__iter__"):
        raise KitError(f"known must be a list of names, not {type(known).__name__}",
                       field="known", fix="pass e.g. known=['Jen Psaki', 'Kyiv'], or None "
                                          "for the kit's names lexicon")
    names = []
    for i, name in enumerate(known):
        if not isinstance(name, str) or not name.strip():
            raise KitError(f"known name number {i} is {name!r}, not a name", field="known",
                           fix="give each known name as a non-empty str")
        names.append(" ".join(name.split()))
    return names


# --------------------------------------------------------------------- candidates

_WORD = re.compile(r"\S+")
_INSIDE_WORD = re.compile(r"[\w\-’']")         # a name never starts after one of these
_POSSESSIVE = re.compile(r"(?:[’']s?)$")
_INITIAL = re.compile(r"[A-Z]\.")


def _is_initial(word: str) -> bool:
    return bool(_INITIAL.fullmatch(word)) or word.lower().rstrip(".") in _SUFFIXES


@lru_cache(maxsize=1 << 16)
def _word_facts(word: str) -> tuple[str, bool, bool, bool]:
    """``(trimmed, initial, function, starts)`` for one word of a capitalised run.

    ``trimmed``: the word without a possessive ending; ``initial``: an
    initial or a suffix (R., Jr.); ``function``: a word such as "The" that
    may be inside a name but never ends one; ``starts``: the word can start
    a name.  Cached: the same words come back in every text.

    >>> _word_facts("Psaki’s"), _word_facts("The"), _word_facts("R.")
    (('Psaki', False, False, True), ('The', False, True, False), ('R.', True, False, False))
    """
    trimmed = _POSSESSIVE.sub("", word) or word
    low = trimmed.lower()
    initial = _is_initial(trimmed)
    function = low in _FUNCTION
    return trimmed, initial, function, not (function or low in TITLE_WORDS or initial)


@lru_cache(maxsize=1 << 16)
def _run_grams(run: str) -> tuple[tuple[int, int, tuple], ...]:
    """The candidate names in one capitalised run, as ``(start, end, words)``.

    Offsets are relative to the run; cached, because the same runs ("The",
    "Russia", "White House") come back in every text.

    >>> _run_grams("President Joseph R. Biden’s")
    ((10, 16, ('Joseph',)), (10, 25, ('Joseph', 'Biden')), (20, 25, ('Biden',)))
    """
    words = []
    for w in _WORD.finditer(run):
        facts = _word_facts(w.group())
        words.append((w.start(), w.start() + len(facts[0]), *facts))
    out = []
    n = len(words)
    for i in range(n):
        first = words[i][0]
        if not words[i][5]:
            continue
        core = []
        for j in range(i, min(n, i + _MAX_WORDS + 2)):
            _, end, word, initial, function, _ = words[j]
            if not initial:
                core.append(word)
            if len(core) > _MAX_WORDS:
                break
            if initial or function:
                continue
            out.append((first, end, tuple(core)))
    return tuple(out)


def _norm(words) -> str:
    return " ".join(words)


_PART_SPLIT = re.compile(r"[\s\-]+")


def _parts(name: str) -> list[str]:
    return [p for p in _PART_SPLIT.split(name.lower()) if p]


# ------------------------------------------------------------------------ targets

class _Targets:
    """Canonical names, indexed by word set, surname and sound."""

    def __init__(self):
        self.names: dict[str, str] = {}               # name -> where it comes from
        self.by_parts: dict[tuple, list[str]] = defaultdict(list)
        self.by_surname: dict[tuple, list[str]] = defaultdict(list)
        self.by_sound: dict[tuple, list[str]] = defaultdict(list)

    def add(self, name: str, source: str) -> None:
        if name in self.names:
            return
        self.names[name] = source
        words = name.split()
        self.by_parts[tuple(sorted(_parts(name)))].append(name)
        if len(words) >= 2:
            self.by_surname[(len(words), words[-1].lower())].append(name)
            for k, w in enumerate(words):
                self.by_sound[(len(words), k, cached_phonetic_key(w))].append(name)

    def copy(self) -> "_Targets":
        new = _Targets()
        new.names = dict(self.names)
        for mine, theirs in ((new.by_parts, self.by_parts), (new.by_surname, self.by_surname),
                             (new.by_sound, self.by_sound)):
            for k, v in theirs.items():
                mine[k] = list(v)
        return new


def _related_words(a: str, b: str) -> bool:
    """An inflection, not a variant: Russia/Russian, Council/Councils."""
    a, b = a.lower(), b.lower()
    return a.startswith(b) or b.startswith(a)


def _match(words: tuple, name: str, targets: _Targets, given) -> tuple | None:
    """The best (canonical, score, reason) for a candidate, or None."""
    low = name.lower()
    # 1. the same words in another order
    parts = _parts(name)
    if len(parts) >= 2:
        for target in targets.by_parts.get(tuple(sorted(parts)), ()):
            if _parts(target) != parts:
                score = difflib.SequenceMatcher(None, low, target.lower()).ratio()
                return target, score, f"the same words in another order ({name} / {target})"
    if len(words) < 2:
        return None
    # 2. the same surname, a formal or short first name
    for target in targets.by_surname.get((len(words), words[-1].lower()), ()):
        t_words = target.split()
        notes = []
        for a, b in zip(words[:-1], t_words[:-1]):
            if a == b:
                continue
            form = given.get(a.lower(), {}).get(b.lower())
            if not form:
                break
            notes.append(f"{a} is the {form} form of {b}" if form == "formal"
                         else f"{a} is a short form of {b}")
        else:
            if notes:
                score = difflib.SequenceMatcher(None, low, target.lower()).ratio()
                return target, score, ("the same surname; " + "; ".join(notes)
                                       + " (given names in data/lexicon/names.csv)")
    # 3. every word sounds or is spelt alike
    if any(w.lower() in _NOT_NAME for w in words):
        return None
    keys = [cached_phonetic_key(w) for w in words]
    seen, best = set(), None
    for k, key in enumerate(keys):
        for target in targets.by_sound.get((len(words), k, key), ()):
            if target in seen:
                continue
            seen.add(target)
            t_words = target.split()
            if any(t.lower() in _NOT_NAME for t in t_words):
                continue
            pairs, differs = [], False
            for w, t, wk in zip(words, t_words, keys):
                if w == t:
                    pairs.append(f"{w}={t}")
                    continue
                if _related_words(w, t):
                    break
                ratio = difflib.SequenceMatcher(None, w.lower(), t.lower()).ratio()
                if wk == cached_phonetic_key(t) or ratio >= _WORD_SIMILARITY:
                    pairs.append(f"{w}~{t}")
                    differs = True
                else:
                    break
            else:
                if not differs:
                    continue
                score = difflib.SequenceMatcher(None, low, target.lower()).ratio()
                if score < _SOUND_SIMILARITY or (best and best[1] >= score):
                    continue
                t_key = "".join(cached_phonetic_key(t) for t in t_words)
                if "".join(keys) == t_key:
                    reason = (f"sounds alike (phonetic key {''.join(keys)}={t_key}) and "
                              f"spelling {score:.2f} similar")
                else:
                    reason = f"spelling {score:.2f} similar, word by word {', '.join(pairs)}"
                best = (target, score, reason)
    return best


# -------------------------------------------------------------------------- main

def name_variants(texts, known=None, *, lexicon=None):
    """Names written in another form than a canonical one, one row per occurrence.

    ``texts``: a mapping ``{id: text}`` or a DataFrame with a ``text`` column
    (e.g. ``kit.load_articles()``).  ``known``: a list of canonical names to
    compare with, or None for the standard names of the lexicon.  The lexicon's
    listed variants (spellings, orders, formal names, first names) are used
    either way.  ``lexicon``: another names lexicon file (same columns as
    ``data/lexicon/names.csv``).

    Columns: ``article, start, end, variant, canonical, score, reason``;
    ``text[start:end] == variant``; ``score`` is the spelling similarity
    (1.0 for a listed variant).  Once a full name is paired, the same text's
    bare uses of its surname are paired too ("Pelizar" after "Dragon
    Pelizar"), unless that surname is the canonical one.

    >>> rows = name_variants({"a": "Joseph Biden met Vladimir Putin.", "b": "Joe Biden spoke."})
    >>> rows[["variant", "canonical", "reason"]].to_dict("records")
    [{'variant': 'Joseph Biden', 'canonical': 'Joe Biden', 'reason': 'the same surname; Joseph is the formal form of Joe (given names in data/lexicon/names.csv); Joe Biden is in the names lexicon'}]
    >>> name_variants({"a": "Talks at the Russia-EU Forum."}, known=["EU-Russia Forum"])["reason"].tolist()
    ['the same words in another order (Russia-EU Forum / EU-Russia Forum); EU-Russia Forum is a known name']
    >>> name_variants({"a": "x"}, known="Jen Psaki")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'known': known must be a list of names, not str. To fix: pass e.g. known=['Jen Psaki', 'Kyiv'], or None for the kit's names lexicon.
    """
    corpus = texts_of(texts)
    lex = names_lexicon(lexicon)
    known = None if known is None else _known_names(known)
    return frame(variant_rows(corpus, lex, known), NAME_COLUMNS)


_UNSEEN = object()


def _run_pairs(run: str, targets: _Targets, lex: _Lexicon, memo: dict) -> tuple:
    """``(start, end, canonical, score, reason)`` for each name in a capitalised run
    that pairs with a canonical name (offsets within the run)."""
    pairs = []
    for start, end, words in _run_grams(run):
        hit = memo.get(words, _UNSEEN)
        if hit is _UNSEEN:
            name = _norm(words)
            if name in targets.names or name in lex.lookup:
                hit = None
            else:
                hit = _match(words, name, targets, lex.given)
            memo[words] = hit
        if hit:
            canonical, score, reason = hit
            source = targets.names[canonical]
            reason += {"lexicon": f"; {canonical} is in the names lexicon",
                       "known": f"; {canonical} is a known name"}.get(
                source, f"; {canonical} is {source}")
            pairs.append((start, end, canonical, round(score, 2), reason))
    return tuple(pairs)


def _surnames_after(text: str, found: list[tuple]) -> list[tuple]:
    """The bare surname of a paired full name, wherever the same text uses it alone.

    A report names a person in full once ("Dragon Pelizar") and then by surname
    ("Pelizar said..."); once the full name is paired with "Dragan Pellisar",
    the bare "Pelizar" is the same garbled name.  Only names of two or more
    words whose last word differs from the canonical name's are followed (the
    bare "Biden" of "Joe Biden" is the standard surname, not a variant).

    >>> t = "Dragon Pelizar arrived. Later Pelizar's aide spoke."
    >>> [(t[s:e], name) for s, e, _, name, _, _ in
    ...  _surnames_after(t, [(0, 14, "Dragon Pelizar", "Dragan Pellisar", 0.83, "sounds alike")])]
    [('Pelizar', 'Dragan Pellisar')]
    """
    out = []
    done = set()
    for start, end, written, canonical, score, reason in found:
        words, target = written.split(), canonical.split()
        if len(words) < 2 or len(target) < 2 or words[-1] == target[-1] or words[-1] in done:
            continue
        done.add(words[-1])
        bare = re.compile(rf"(?<![\w'’\-]){re.escape(words[-1])}(?![\w\-]|['’](?!s\b))")
        for m in bare.finditer(text):
            if start <= m.start() < end:
                continue                          # the full name itself
            out.append((m.start(), m.end(), m.group(), canonical, score,
                        f"the surname of {written!r}, paired with {canonical} in this text: {reason}"))
    return out


def variant_rows(corpus: dict[str, str], lex: _Lexicon, known=None) -> list[tuple]:
    """The rows of :func:`name_variants` as tuples (``known``: checked names or None)."""
    shown = lex.shown
    if known is None:
        targets = lex.targets()
    else:
        targets = _Targets()
        for name in known:
            targets.add(name, "known")

    # names that two or more texts write the same way are canonical too
    runs: dict[str, list] = {}                  # article -> [(offset, capitalised run)]
    seen_in: dict[str, set] = defaultdict(set)
    for art, text in corpus.items():
        found = [(m.start(), m.group()) for m in CAPITALISED_RUN.finditer(text)]
        runs[art] = found
        if len(corpus) >= 2:
            names = (g[2] for _, run in found for g in _run_grams(run))
            for words in dict.fromkeys(names):  # each name once, in order
                seen_in[_norm(words)].add(art)
    extra = [(name, arts) for name, arts in seen_in.items()
             if len(arts) >= 2 and name not in lex.lookup]
    if extra:
        if targets is lex._targets:
            targets = targets.copy()
        for name, arts in extra:
            targets.add(name, f"used in {len(arts)} texts")
    # words -> match and run -> its pairs: shared between calls while the
    # targets are the lexicon's own
    own = targets is lex._targets
    memo = lex._memo if own else {}
    run_memo = lex._run_memo if own else {}
    if len(memo) > 100_000 or len(run_memo) > 100_000:
        memo.clear()
        run_memo.clear()

    rows = []
    for art, text in corpus.items():
        found = []
        for m in lex.listed(text):
            entry = lex.variants[lex.lookup[re.sub(r"\s+", " ", m.group().replace("’", "'"))]]
            reason = (f"{_FORM_WORDS[entry['form']]} listed in {shown} "
                      f"(line {entry['line']})" + (f": {entry['note']}" if entry["note"] else ""))
            found.append((m.start(), m.end(), m.group(), entry["canonical"], 1.0, reason))
        for base, run in runs[art]:
            pairs = run_memo.get(run)
            if pairs is None:
                pairs = run_memo[run] = _run_pairs(run, targets, lex, memo)
            for start, end, canonical, score, reason in pairs:
                found.append((base + start, base + end, run[start:end], canonical, score, reason))
        found.extend(_surnames_after(text, found))
        # keep the longest of overlapping pairs
        found.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        last_end = -1
        for row in found:
            if row[0] >= last_end:
                rows.append((art, *row))
                last_end = row[1]
    return rows
