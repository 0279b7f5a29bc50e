"""How alike two words are in spelling and in sound: the string work of the name detector.

The measures come from two well-kept libraries: rapidfuzz (Jaro–Winkler and
Indel similarity, and their all-pairs form) and jellyfish (Metaphone codes).
Words are compared in lower case, without accents.

>>> round(word_similarity("Sackie", "Psaki"), 2), round(word_similarity("Sholts", "Scholz"), 2)
(0.82, 0.8)
>>> sound_code("Dayna"), sound_code("Dana")
('TN', 'TN')
>>> neighbours(["Makron", "Moscow"], ["Macron", "Moskva", "Makron"], cutoff=0.8)
{'makron': {'macron': 0.94}, 'moscow': {}}
"""

from __future__ import annotations

import unicodedata

import jellyfish
from rapidfuzz import process
from rapidfuzz.distance import Indel, JaroWinkler

__all__ = ["plain", "sound_code", "word_similarity", "spelling_similarity", "neighbours"]


def plain(word: str) -> str:
    """``word`` in lower case, letters only, accents dropped: "Düsseldorf" -> "dusseldorf"."""
    return "".join(filter(str.isalpha, unicodedata.normalize("NFKD", word.lower())))


def sound_code(word: str) -> str:
    """The word's Metaphone code (jellyfish): words that sound alike share it."""
    w = plain(word)
    return jellyfish.metaphone(w) if w else ""


def spelling_similarity(a: str, b: str) -> float:
    """Indel similarity (0..1) of two strings in lower case: the share of letters in common."""
    return Indel.normalized_similarity(a.lower(), b.lower())


def word_similarity(a: str, b: str) -> float:
    """How alike two words are, 0..1: the best of their Jaro–Winkler similarity, and
    the mean of their Indel similarity and their Metaphone codes' Indel similarity,
    to two decimals.

    Jaro–Winkler forgives a letter swapped or doubled (Pfannenstil/Pfannenstiel);
    the sound codes forgive letters that sound alike (Sackie/Psaki, Krivera/Crivella).
    """
    pa, pb = plain(a), plain(b)
    if not pa or not pb:
        return 0.0
    if pa == pb:
        return 1.0
    jw = JaroWinkler.similarity(pa, pb)
    ca, cb = sound_code(a), sound_code(b)
    sound = Indel.normalized_similarity(ca, cb) if ca and cb else 0.0
    return round(max(jw, (Indel.normalized_similarity(pa, pb) + 2 * sound) / 3), 2)


def neighbours(words, choices, cutoff: float) -> dict[str, dict[str, float]]:
    """For each of ``words``: the ``choices`` whose :func:`word_similarity` with it
    is at least ``cutoff`` (other than itself), all as lower-case words without accents.

    The Jaro–Winkler similarity of every pair, and of their sound codes, is
    computed at once by rapidfuzz (``process.cdist``); only the pairs close
    enough on either are scored in full.
    """
    import numpy as np

    keys = sorted({plain(w) for w in words} - {""})
    others = sorted({plain(w) for w in choices} - {""})
    out: dict[str, dict[str, float]] = {k: {} for k in keys}
    if not keys or not others:
        return out
    # word_similarity is at least the Jaro-Winkler similarity, and exceeds
    # it only through the sound codes: both are screened here
    jw = process.cdist(keys, others, scorer=JaroWinkler.similarity)
    codes = [sound_code(k) for k in keys], [sound_code(k) for k in others]
    sound = process.cdist(*codes, scorer=Indel.normalized_similarity)
    for i, j in zip(*np.nonzero((jw >= cutoff) | (sound >= (3 * cutoff - 1) / 2))):
        a, b = keys[i], others[j]
        if a != b and (score := word_similarity(a, b)) >= cutoff:
            out[a][b] = score
    return out
