"""A key for how a name sounds, so that spellings of one name meet."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["phonetic_key", "cached_phonetic_key"]

_VOWELS = frozenset("AEIOU")


def phonetic_key(word: str) -> str:
    """A Metaphone-like key: words that sound alike get the same key.

    Vowels after the first letter are dropped, letters that sound alike are
    merged (C/K/Q, S/Z, V/F, "ck", "ph"), silent first letters are dropped
    (Psaki, Knight, Wright).

    >>> [phonetic_key(w) for w in ("Jane", "Jen", "Sackie", "Psaki", "Philips", "Filips")]
    ['JN', 'JN', 'SK', 'SK', 'FLPS', 'FLPS']
    >>> phonetic_key("")
    ''
    """
    w = "".join(ch for ch in unicodedata.normalize("NFKD", str(word).upper()) if "A" <= ch <= "Z")
    if not w:
        return ""
    if w[:2] in ("AE", "GN", "KN", "PN", "WR", "PS"):
        w = w[1:]
    if w[0] == "X":
        w = "S" + w[1:]
    if w.startswith("WH"):
        w = "W" + w[2:]
    out: list[str] = []
    n = len(w)
    for i, c in enumerate(w):
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < n else ""
        nxt2 = w[i + 2] if i + 2 < n else ""
        if c == prev and c != "C":
            continue
        if c in _VOWELS:
            if i == 0:
                out.append(c)
            continue
        if c == "B":
            if not (prev == "M" and i == n - 1):
                out.append("B")
        elif c == "C":
            if nxt == "K":
                continue
            if nxt == "H" or (nxt == "I" and nxt2 == "A"):
                out.append("X")
            elif nxt in ("I", "E", "Y"):
                out.append("S")
            else:
                out.append("K")
        elif c == "D":
            out.append("J" if nxt == "G" and nxt2 in ("E", "I", "Y") else "T")
        elif c == "G":
            if nxt == "H" and nxt2 not in _VOWELS:
                continue
            if nxt == "N" and i + 2 == n:
                continue
            out.append("J" if nxt in ("I", "E", "Y") else "K")
        elif c == "H":
            if prev and prev in "CGPST":
                continue
            if nxt in _VOWELS:
                out.append("H")
        elif c == "P":
            out.append("F" if nxt == "H" else "P")
        elif c == "Q":
            out.append("K")
        elif c == "S":
            out.append("X" if nxt == "H" or (nxt == "I" and nxt2 in ("O", "A")) else "S")
        elif c == "T":
            if nxt == "I" and nxt2 in ("O", "A"):
                out.append("X")
            elif nxt == "H":
                out.append("0")
            elif not (nxt == "C" and nxt2 == "H"):
                out.append("T")
        elif c == "V":
            out.append("F")
        elif c in "WY":
            if nxt in _VOWELS:
                out.append(c)
        elif c == "X":
            out.append("KS")
        elif c == "Z":
            out.append("S")
        else:
            out.append(c)
    key = "".join(out)
    return re.sub(r"(.)\1+", r"\1", key)


#: phonetic_key, cached: the detectors ask for the same words again and again
cached_phonetic_key = lru_cache(maxsize=1 << 16)(phonetic_key)
