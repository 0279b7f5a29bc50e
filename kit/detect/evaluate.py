"""How well do the detectors agree with the answer key?

:func:`evaluate` runs :func:`~kit.detect.quotes.find_quotes`,
:func:`~kit.detect.names.name_variants`, :func:`~kit.detect.artifacts.find_artifacts` and
:func:`~kit.detect.wording.find_wording` on every article of a case and compares
what they find with the key tables in ``CASE/annotations/`` (read with
:func:`kit.case.key.annotations`, which checks every row).

A found row *matches* a key row when both are in the same article and their
spans overlap (share at least one character).  For each measure:

* ``key_rows``: key rows the measure counts;
* ``found``: rows the detector gave (those the measure counts);
* ``matched``: key rows that some found row matches;
* ``false_found``: found rows that match no key row of the measure's family;
* ``recall`` = matched / key_rows; ``precision`` = (found - false_found) / found;
* ``speaker_accuracy`` (quotes only): of the direct quotations whose speaker
  the text names in the same or the previous sentence (the key's
  ``speaker_as_written`` is filled in), the share for which find_quotes gives
  the same person (the key's ``speaker`` or ``speaker_as_written``; a shared
  surname or an equal phrase counts).  A quotation it missed counts as wrong.

The measures:

=========  ==================================  =============================================
detector   measure                             key rows / found rows
=========  ==================================  =============================================
quotes     quotations in quote marks           form direct, partial, scare-quotes / all
quotes     direct quotations                   form direct / all (no precision: find_quotes
                                               also finds partial quotes by design)
names      variant names                       form not standard / all
names      garbled names                       form garbled; a match needs the same canonical
names      viewpoint spellings and orders      form viewpoint-*; a match needs the same canonical
artifacts  scraping and editing                category scraping or editing / the same
artifacts  machine translation (certain)       category machine-translation or translation,
                                               certainty certain / category machine-translation
artifacts  machine translation (all)           category machine-translation or translation
wording    all wording                         all / all
wording    scare quotes                        category scare-quotes / the same
=========  ==================================  =============================================

"Machine translation (certain)" counts only the symptoms the key is sure of;
"machine translation (all)" also counts the probable and uncertain ones, many
of them mistranslations that only a reader who knows the original can see, so
its recall is the harder figure.
"""

from __future__ import annotations

import bisect
import re

from kit.case.articles import load_articles
from kit.case.key import annotations
from kit.detect.names import name_variants
from kit.detect.run import run_all

__all__ = ["evaluate", "EVALUATION_COLUMNS", "overlaps"]

EVALUATION_COLUMNS = ("detector", "measure", "key_rows", "found", "matched", "false_found",
                      "precision", "recall", "speaker_accuracy")


def overlaps(spans, others) -> list[bool]:
    """For each ``(start, end)`` in ``spans``: does it share a character with one of ``others``?

    Sort-and-search, so O((n + m) log m).

    >>> overlaps([(0, 5), (6, 8), (20, 30)], [(4, 7), (25, 26)])
    [True, True, True]
    >>> overlaps([(0, 4)], [(4, 9)])
    [False]
    """
    others = sorted((int(s), int(e)) for s, e in others)
    starts = [s for s, _ in others]
    best_end, running = [], -1
    for _, e in others:
        running = max(running, e)
        best_end.append(running)
    out = []
    for s, e in spans:
        k = bisect.bisect_left(starts, int(e))          # others that start before this ends
        out.append(k > 0 and best_end[k - 1] > int(s))
    return out


def _by_article(frame):
    return {art: list(zip(g["start"], g["end"])) for art, g in frame.groupby("article")}


def _measure(detector, measure, key, found, *, family=None, same=None, precision=True):
    """One row: ``key`` and ``found`` are DataFrames with article, start, end.

    ``family``: the key rows a found row may match for precision (default: ``key``).
    ``same``: a column that must be equal for a key row to count as matched.
    """
    family = key if family is None else family
    matched = 0
    for art, rows in key.groupby("article"):
        got = found[found["article"] == art]
        if same is None:
            hits = overlaps(zip(rows["start"], rows["end"]), zip(got["start"], got["end"]))
            matched += sum(hits)
        else:
            for value, sub in rows.groupby(same):
                g = got[got[same] == value]
                matched += sum(overlaps(zip(sub["start"], sub["end"]), zip(g["start"], g["end"])))
    fam = _by_article(family)
    false_found = 0
    for art, rows in found.groupby("article"):
        hits = overlaps(zip(rows["start"], rows["end"]), fam.get(art, []))
        false_found += len(hits) - sum(hits)
    n_found = len(found)
    return {
        "detector": detector, "measure": measure, "key_rows": len(key), "found": n_found,
        "matched": matched, "false_found": false_found if precision else None,
        "precision": (round((n_found - false_found) / n_found, 3) if n_found else None)
        if precision else None,
        "recall": round(matched / len(key), 3) if len(key) else None,
        "speaker_accuracy": None,
    }


_DROP = re.compile(r"\b(?:the|a|an|of|president|minister|secretary|press|white|house|"
                   r"spokeswoman|spokesman|russian|us|u\.s\.)\b")


def same_speaker(found: str, *keys: str) -> bool:
    """Does ``found`` name the same speaker as one of ``keys``?

    >>> same_speaker("Jen Psaki", "she", "Jen Psaki")
    True
    >>> same_speaker("Psaki", "White House Press Secretary Jen Psaki")
    True
    >>> same_speaker("Vladimir Putin", "Jen Psaki")
    False
    >>> same_speaker("", "he")
    False
    """
    f = " ".join(found.lower().split())
    if not f:
        return False
    for key in keys:
        k = " ".join(str(key).lower().split())
        if not k:
            continue
        if f == k:
            return True
        fw = set(_DROP.sub(" ", f).split())
        kw = set(_DROP.sub(" ", k).split())
        if fw & kw and any(len(w) >= 3 for w in fw & kw):
            return True
    return False


def evaluate(case=None):
    """Precision and recall of every detector on a case, one row per measure.

    Needs the case's key tables quotes.csv, names.csv, artifacts.csv and
    wording.csv in ``CASE/annotations/``; a missing or malformed one raises
    the :class:`~kit.errors.KitError` of :func:`kit.case.key.annotations`.

    >>> table = evaluate()
    >>> list(table.columns)
    ['detector', 'measure', 'key_rows', 'found', 'matched', 'false_found', 'precision', 'recall', 'speaker_accuracy']
    >>> evaluate(case="no/such/case")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: no/such/case: this case folder does not exist. To fix: pass the path of a folder that holds articles.csv and articles/ (or unset KIT_CASE to use the kit's own five articles).
    """
    import pandas as pd

    arts = load_articles(case)
    keys = {kind: annotations(kind, case) for kind in ("quotes", "names", "artifacts", "wording")}

    quotes = run_all("quotes", arts)
    artifacts = run_all("artifacts", arts)
    wording = run_all("wording", arts)
    names = name_variants(arts)
    rows = []

    # quotes
    qkey = keys["quotes"]
    quoted = qkey[qkey["form"].isin(["direct", "partial", "scare-quotes"])]
    direct = qkey[qkey["form"] == "direct"]
    rows.append(_measure("quotes", "quotations in quote marks", quoted, quotes))
    row = _measure("quotes", "direct quotations", direct, quotes, precision=False)
    named = direct[direct["speaker_as_written"].str.strip() != ""]
    right = 0
    for k in named.itertuples(index=False):
        got = quotes[quotes["article"] == k.article]
        for f in got.itertuples(index=False):
            if f.start < k.end and k.start < f.end and same_speaker(
                    f.speaker, k.speaker, k.speaker_as_written):
                right += 1
                break
    row["speaker_accuracy"] = round(right / len(named), 3) if len(named) else None
    rows.append(row)

    # names
    nkey = keys["names"]
    variant = nkey[nkey["form"] != "standard"]
    found_n = names
    rows.append(_measure("names", "variant names", variant, found_n))
    rows.append(_measure("names", "garbled names", nkey[nkey["form"] == "garbled"], found_n,
                         family=variant, same="canonical"))
    rows.append(_measure("names", "viewpoint spellings and orders",
                         nkey[nkey["form"].str.startswith("viewpoint")], found_n,
                         family=variant, same="canonical"))

    # artifacts
    akey = keys["artifacts"]
    scrap_key = akey[akey["category"].isin(["scraping", "editing"])]
    scrap_found = artifacts[artifacts["category"].isin(["scraping", "editing"])]
    rows.append(_measure("artifacts", "scraping and editing", scrap_key, scrap_found))
    mt_key = akey[akey["category"].isin(["machine-translation", "translation"])]
    mt_found = artifacts[artifacts["category"] == "machine-translation"]
    rows.append(_measure("artifacts", "machine translation (certain)",
                         mt_key[mt_key["certainty"] == "certain"], mt_found, family=mt_key))
    rows.append(_measure("artifacts", "machine translation (all)", mt_key, mt_found))

    # wording
    wkey = keys["wording"]
    rows.append(_measure("wording", "all wording", wkey, wording))
    rows.append(_measure("wording", "scare quotes", wkey[wkey["category"] == "scare-quotes"],
                         wording[wording["category"] == "scare-quotes"]))

    table = pd.DataFrame(rows, columns=list(EVALUATION_COLUMNS))
    for col in ("key_rows", "found", "matched", "false_found"):
        table[col] = table[col].astype("Int64")
    for col in ("precision", "recall", "speaker_accuracy"):
        table[col] = table[col].astype("Float64")
    return table
