"""Find names written in another form than the usual one: garbled, viewpoint, formal.

:func:`name_variants` looks at the names in a set of texts (runs of words with
capital letters: people, places, organisations, e.g. "Jane Sackie",
"Russia-NATO Council") and pairs each one that is written in one text only
with a better-attested form of the same name.  The forms it compares with are

* the names of a reference text (``reference=``), which come first,
* the names of the names lexicon, ``data/lexicon/names.csv`` (or the list
  passed as ``known``), and
* the names of the other texts; a form several texts share is taken as
  established, and between two texts that use one form each, the one that
  writes more of the lexicon's names right wins, then the one given first.

A pair is made for these reasons, each written in the ``reason`` column with
where the canonical form comes from:

1. **listed**: the lexicon lists the spelling as a variant (Kiev -> Kyiv,
   Russian Federation -> Russia);
2. **order**: the same words in another order (Russia-NATO Council ->
   NATO-Russia Council; a surname put first), maybe also spelt otherwise;
3. **formal first name**: the same surname, and first names that the lexicon
   lists as a formal and a short form (Joseph Biden -> Joe Biden);
4. **spelling** or **sounds alike**: word by word alike in spelling or sound
   (transliterations: Sholts/Scholz, Sackie/Psaki); a one-word name may
   stand for a longer one (given names left out) or add a given name.

Words are compared with rapidfuzz and jellyfish (:mod:`kit.detect.similar`).
Words of rank or office and inflections (Russia/Russian) never make a pair; a
one-word name needs a close spelling and must not be written in lower case too.

>>> pairs = name_variants({"a": "Minister Olga Barenko left Kiev."}, known=["Olga Varenko"])
>>> pairs[["article", "start", "end", "variant", "canonical", "score"]]
  article  start  end       variant     canonical  score
0       a      9   21  Olga Barenko  Olga Varenko   0.92
1       a     27   31          Kiev          Kyiv   1.00
>>> print(pairs["reason"][0])
sounds alike (Metaphone OLKBRNK~OLKFRNK) and spelling 0.92 similar, word by word Barenko~Varenko; Olga Varenko is a known name
>>> name_variants("Kiev")
Traceback (most recent call last):
...
kit.errors.KitError: field 'texts': name_variants() takes several texts, not one str. To fix: pass a mapping {id: text} (e.g. {'mine': text}) or kit.load_articles().
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from kit.detect.lexicon import (CALENDAR_WORDS, CAPITALISED_RUN, LEXICON_DIR, ORG_WORDS, TITLE_WORDS,
                                frame, lexicon_path, read_table, shown_path)
from kit.detect.similar import neighbours, plain, sound_code, spelling_similarity
from kit.errors import KitError

__all__ = ["name_variants", "NAME_COLUMNS", "NAMES_LEXICON", "texts_of"]

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
            alts = sorted(self.variants, key=len, reverse=True)    # longest first
            body = "|".join(re.escape(v).replace(r"\ ", r"\s+").replace("'", "['’]") for v in alts)
            # not inside a word, before or after
            self.regex = re.compile(rf"(?<![\w\-’'])(?:{body})(?![\w\-])")
        self.lookup = {re.sub(r"\s+", " ", v.replace("’", "'")): v for v in self.variants}

    def listed(self, text: str):
        """The matches of the listed variants in ``text``, in order, none inside a word."""
        return self.regex.finditer(text) if self.regex is not None else iter(())


def names_lexicon(path=None) -> _Lexicon:
    """The names lexicon at ``path`` (None: the kit's own), read and checked."""
    path = lexicon_path(path, NAMES_LEXICON, "my_names.csv")
    rows = read_table(path, ("variant", "canonical", "kind", "form", "note"),
                      required=("variant", "canonical", "kind", "form"),
                      choices={"kind": _KINDS, "form": _FORMS}, what="names lexicon")
    return _Lexicon(Path(path), rows)


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
_POSSESSIVE = re.compile(r"(?:[’']s?)$")
_INITIAL = re.compile(r"[A-Z]\.")


def _is_initial(word: str) -> bool:
    return bool(_INITIAL.fullmatch(word)) or word.lower().rstrip(".") in _SUFFIXES


def _word_facts(word: str) -> tuple[str, bool, bool, bool]:
    """``(trimmed, initial, function, starts)`` for one word of a capitalised run.

    ``trimmed``: the word without a possessive ending; ``initial``: an
    initial or a suffix (R., Jr.); ``function``: a word such as "The" that
    may be inside a name but never ends one; ``starts``: the word can start
    a name.

    >>> _word_facts("Psaki’s"), _word_facts("The"), _word_facts("R.")
    (('Psaki', False, False, True), ('The', False, True, False), ('R.', True, False, False))
    """
    trimmed = _POSSESSIVE.sub("", word) or word
    low = trimmed.lower()
    initial = _is_initial(trimmed)
    function = low in _FUNCTION
    return trimmed, initial, function, not (function or low in TITLE_WORDS or initial)


def _run_grams(run: str) -> tuple[tuple[int, int, tuple], ...]:
    """The candidate names in one capitalised run, as ``(start, end, words)``.

    Offsets are relative to the run.

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


# ------------------------------------------------------------------------ matching

_WORD_CUTOFF = 0.8      # two words are alike (kit.detect.similar.word_similarity)
_ALONE_SPELLING = 0.7   # a one-word name must also share this much spelling (Indel)


class _Form:
    """One way of writing a name, and who uses it."""

    __slots__ = ("name", "words", "texts", "source")

    def __init__(self, name: str, words: tuple):
        self.name, self.words = name, words
        self.texts: set[str] = set()
        self.source = ""                  # "known" or "lexicon" for a canonical name given


def _alike(a: str, b: str, near: dict, given: dict):
    """``(similarity, note)`` for two words of two names, or None if they differ."""
    pa, pb = plain(a), plain(b)
    if pa == pb:
        return 1.0, ""
    form = given.get(a.lower(), {}).get(b.lower())
    if form:
        return 1.0, (f"{a} is the {form} form of {b}" if form == "formal" else f"{a} is a short form of {b}")
    if pa in _NOT_NAME or pb in _NOT_NAME or pa.startswith(pb) or pb.startswith(pa) \
            or a.count("-") != b.count("-"):          # inflections: Russia/Russian; compounds
        return None
    score = near.get(pa, {}).get(pb)
    return (score, f"{a}~{b}") if score else None


def _align(words: tuple, target: tuple, near: dict, given: dict):
    """``(kind, notes)`` if ``words`` write the name ``target`` another way, else None.

    Kinds: ``spelling`` (word by word), ``order`` (the words in another order:
    surname first), ``left out`` (one word: the other's surname, or its given
    name first, its other names left out), ``added`` (given names added).
    """
    n, m = len(words), len(target)
    parts, other = _parts(_norm(words)), _parts(_norm(target))
    if len(parts) >= 2 and parts != other and sorted(parts) == sorted(other):
        return "order", []
    tries = []
    if n == m:
        tries.append(("spelling", zip(words, target)))
        if n in (2, 3):
            tries.append(("order", zip(words, target[::-1])))
    elif n == 1:
        tries.append(("left out", [(words[0], target[-1])]))
    elif m == 1 and n == 2:
        tries.append(("added", [(words[-1], target[0])]))
    for kind, pairs in tries:
        notes = []
        for a, b in pairs:
            alike = _alike(a, b, near, given)
            if alike is None:
                break
            notes.append(alike[1])
        else:
            if any(notes) or kind == "order":
                return kind, [note for note in notes if note]
    return None


def _reason(kind: str, name: str, form: _Form, notes: list[str], shown: str) -> str:
    score = spelling_similarity(name, form.name)
    if kind == "order":
        return (f"the same words in another order ({name} / {form.name})"
                + (f", spelt alike ({', '.join(notes)})" if notes else ""))
    if notes and all(" form of " in note for note in notes):
        return f"the same surname; {'; '.join(notes)} (given names in {shown})"
    if kind == "left out":
        return (f"spelling {score:.2f} similar to a part of {form.name} ({', '.join(notes)}); "
                f"its other names are left out")
    if kind == "added":
        return f"spelling {score:.2f} similar ({', '.join(notes)}), with a given name added"
    pairs = [note.split(" ")[0] for note in notes if "~" in note]
    codes = [(sound_code(p.split("~")[0]), sound_code(p.split("~")[1])) for p in pairs]
    mine, theirs = "".join(sound_code(w) for w in name.split()), "".join(sound_code(w) for w in form.words)
    if pairs and (all(a == b for a, b in codes) or spelling_similarity(mine, theirs) >= _WORD_CUTOFF):
        return f"sounds alike (Metaphone {mine}{'=' if mine == theirs else '~'}{theirs}) " \
               f"and spelling {score:.2f} similar, word by word {', '.join(notes)}"
    return f"spelling {score:.2f} similar, word by word {', '.join(notes)}"


# -------------------------------------------------------------------------- main

def name_variants(texts, known=None, *, lexicon=None, reference=None):
    """Names written in another form than a better-attested one, one row per occurrence.

    ``texts``: a mapping ``{id: text}`` or a DataFrame with a ``text`` column
    (e.g. ``kit.load_articles()``).  ``known``: a list of canonical names to
    compare with, or None for the standard names of the lexicon.  The lexicon's
    listed variants (spellings, orders, formal names, first names) are used
    either way.  ``lexicon``: another names lexicon file (same columns as
    ``data/lexicon/names.csv``).  ``reference``: the id (or ids) of texts whose
    spellings are right, e.g. the original of a translation.

    A name written in one text is paired with a better-attested form of it
    (see the module's text for the order: reference, lexicon or ``known``,
    more texts, a text that writes the lexicon's names right, the first text).

    Columns: ``article, start, end, variant, canonical, score, reason``;
    ``text[start:end] == variant``; ``score`` is the spelling similarity
    (1.0 for a listed variant).  Once a full name is paired, the same text's
    bare uses of its surname are paired too ("Pelizar" after "Dragon
    Pelizar"), unless that surname is the canonical one.

    >>> rows = name_variants({"a": "Olaf Scholz met Emmanuel Macron.", "b": "Olaf Sholts met Emanuel Makron."})
    >>> rows[["article", "variant", "canonical"]].values.tolist()
    [['b', 'Olaf Sholts', 'Olaf Scholz'], ['b', 'Emanuel Makron', 'Emmanuel Macron']]
    >>> print(rows["reason"][0])
    sounds alike (Metaphone OLFXLTS~OLFSXLS) and spelling 0.82 similar, word by word Sholts~Scholz; Olaf Scholz is in the names lexicon
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
    refs = [] if reference is None else [reference] if isinstance(reference, str) else list(reference)
    for ref in refs:
        if str(ref) not in corpus:
            raise KitError(f"reference {ref!r} is not one of the texts ({', '.join(corpus)})",
                           field="reference", fix="give the id of one of the texts, or None")
    return frame(variant_rows(corpus, lex, known, {str(r) for r in refs}), NAME_COLUMNS)


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




def _forms(corpus: dict[str, str], lex: _Lexicon, known) -> tuple[dict, dict]:
    """The names of the texts and the canonical names given, as ``{name: _Form}``,
    and each text's capitalised runs (offsets and grams)."""
    forms: dict[str, _Form] = {}
    for name, source in ((n, "known") for n in known) if known is not None else \
            ((n, "lexicon") for n in lex.standard):
        words = tuple(name.split())
        forms.setdefault(name, _Form(name, words)).source = source
    grams = {}
    for art, text in corpus.items():
        found = []
        for m in CAPITALISED_RUN.finditer(text):
            for start, end, words in _run_grams(m.group()):
                name = _norm(words)
                forms.setdefault(name, _Form(name, words)).texts.add(art)
                found.append((m.start() + start, m.start() + end, name))
        grams[art] = found
    return forms, grams


def _plausible(form: _Form, other: _Form, kind: str, notes: list[str]) -> bool:
    """Is a pair close enough for what it is?  A name only the lexicon (or ``known``)
    has pairs only word by word or in another order, with names of 2+ words; a one-word
    name, or given names left out or added, need most letters shared (Indel)."""
    if not other.texts and (kind not in ("spelling", "order") or len(form.words) < 2):
        return False
    if any(plain(w) in TITLE_WORDS for w in form.words + other.words) \
            and not all(" form of " in note for note in notes):
        return False                      # "Press Secretary Jane": the name is the shorter gram
    if kind in ("left out", "added") and any(
            plain(w) in _NOT_NAME for w in form.words + other.words):
        return False
    if len(form.words) > 1 and kind in ("spelling", "order"):
        return True
    pairs = [note.split("~") for note in notes if "~" in note]
    return all(spelling_similarity(a, b) >= _ALONE_SPELLING for a, b in pairs)


def _candidate(form: _Form, lowercase: set) -> bool:
    """Can this form be a variant?  Not a name of one word that the texts also
    write in lower case ("Says"), nor an acronym, nor a short word."""
    if len(form.words) > 1:
        return True
    word = form.words[0]
    return len(word) >= 4 and not word.isupper() and plain(word) not in lowercase \
        and plain(word) not in _NOT_NAME


def variant_rows(corpus: dict[str, str], lex: _Lexicon, known=None, refs=frozenset()) -> list[tuple]:
    """The rows of :func:`name_variants` as tuples (``known``: checked names or None)."""
    shown = lex.shown
    forms, grams = _forms(corpus, lex, known)
    order = {art: k for k, art in enumerate(corpus)}
    lowercase = {w for text in corpus.values() for w in re.findall(r"\b[a-z]{4,}\b", text)}

    def settled(form: _Form) -> bool:        # never a variant itself
        return bool(form.source or len(form.texts) >= 2 or form.texts & refs
                    or form.name in lex.lookup)

    candidates = [f for f in forms.values() if not settled(f) and _candidate(f, lowercase)]
    near = neighbours({w for f in candidates for w in f.words},
                      {w for f in forms.values() for w in f.words}, _WORD_CUTOFF)
    by_word = defaultdict(list)
    for form in forms.values():
        for w in {plain(w) for w in form.words}:
            by_word[w].append(form)

    def matches(form: _Form):
        seen = set()
        for w in {plain(w) for w in form.words}:
            for other in (f for v in (w, *near.get(w, ())) for f in by_word.get(v, ())):
                if other.name in seen or other is form or (other.texts & form.texts
                                                            and other.source != "known"):
                    continue
                seen.add(other.name)
                found = _align(form.words, other.words, near, lex.given)
                if found and _plausible(form, other, *found):
                    yield other, found

    paired = {f.name: list(matches(f)) for f in candidates}
    # a text that garbles the lexicon's (or known) names is trusted less
    trust = defaultdict(int)
    for form in candidates:
        if any(other.source for other, _ in paired[form.name]):
            for art in form.texts:
                trust[art] -= 1

    def rank(form: _Form) -> tuple:
        first = min(form.texts, key=order.get) if form.texts else None
        return (bool(form.texts & refs), bool(form.source), len(form.texts),
                max((trust[a] for a in form.texts), default=0), -order.get(first, -1))

    best = {}
    for form in candidates:
        mine = rank(form)
        better = [(rank(o), len(o.words), spelling_similarity(form.name, o.name), o, found)
                  for o, found in paired[form.name] if rank(o) > mine]
        if better:
            _, _, _, other, (kind, notes) = max(better, key=lambda b: b[:3])
            best[form.name] = (other, _reason(kind, form.name, other, notes, shown)
                               + "; " + _attested(other, form, refs, trust, order))

    rows = []
    for art, text in corpus.items():
        found = []
        for m in lex.listed(text):
            entry = lex.variants[lex.lookup[re.sub(r"\s+", " ", m.group().replace("’", "'"))]]
            reason = (f"{_FORM_WORDS[entry['form']]} listed in {shown} "
                      f"(line {entry['line']})" + (f": {entry['note']}" if entry["note"] else ""))
            found.append((m.start(), m.end(), m.group(), entry["canonical"], 1.0, reason))
        for start, end, name in grams[art]:
            if name in best:
                other, reason = best[name]
                score = round(spelling_similarity(name, other.name), 2)
                found.append((start, end, text[start:end], other.name, score, reason))
        found.extend(_surnames_after(text, found))
        # keep the longest of overlapping pairs
        found.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        last_end = -1
        for row in found:
            if row[0] >= last_end:
                rows.append((art, *row))
                last_end = row[1]
    return rows


def _attested(form: _Form, variant: _Form, refs, trust, order) -> str:
    """Why ``form`` is better attested than ``variant``, for the reason column."""
    if form.texts & refs:
        return f"{form.name} is the form of the reference text {min(form.texts & refs)!r}"
    if form.source:
        return f"{form.name} is " + ("a known name" if form.source == "known" else "in the names lexicon")
    if len(form.texts) > len(variant.texts):
        return f"{form.name} is used in {len(form.texts)} texts"
    text = min(form.texts, key=order.get)
    if max(trust[a] for a in form.texts) > max(trust[a] for a in variant.texts):
        return f"{form.name} is the form of text {text!r}, which writes more of the lexicon's names in their usual form"
    return f"{form.name} is the form of text {text!r}, given first"
