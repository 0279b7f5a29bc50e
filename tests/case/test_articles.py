"""The five articles as a validated corpus: loading, sentences, display, bad cases."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kit
from kit.case.articles import ARTICLE_COLUMNS
from kit.case.sentences import sentences
from kit.view import article_html

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "data" / "articles"
SEEDS = ROOT.parent / "shared" / "seeds"

# SHA-256 of the five texts as they were given to the project.
SHA256 = {
    "000_cbbc090ab5088487.txt": "f78cc8f832d865c5262d4c00eecf39f2a866021c7a218bcda4d80a590bc89760",
    "001_f788fa81647fedd0.txt": "db326d38b338747bacdc80ed9e657e890c8cd6c35ee274f2e0ea08ae657bc5e2",
    "002_4bd425c8bbb92dbe.txt": "a558e213c02d29ce66dcd8ca06de8696c92b59ea600e8aa011ef2f81892fc2ec",
    "003_42588ee220c9c3ec.txt": "630c51b6f7c9c78210392777a79f30f7081edf235e66ca3475eba457c3abd357",
    "004_d2c20eb2538051f2.txt": "6de26a5b4d781e86e5147aced989c6b0c194f3d9eb5544086c1f4ef0e6719d40",
}


def test_articles_are_byte_identical_to_the_originals():
    """Are the shipped texts exactly the five originals, under their own names?"""
    shipped = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ARTICLES.iterdir()}
    assert shipped == SHA256
    if SEEDS.is_dir():  # beside a checkout, the shared originals are there too
        for name, digest in SHA256.items():
            assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest


def test_load_articles_gives_one_row_per_article_with_exact_text():
    """Does load_articles give five rows, indexed by id, whose text is the file's text?"""
    arts = kit.load_articles()
    assert arts.shape == (5, len(ARTICLE_COLUMNS))  # metadata less the id index, plus text
    assert arts.index.name == "id"
    assert list(arts.columns) == [*ARTICLE_COLUMNS[1:], "text"]
    for art_id, row in arts.iterrows():
        assert row["text"] == (ARTICLES / row["file"]).read_bytes().decode("utf-8"), art_id
    assert set(arts["translated"]) <= {"yes", "no", "probably"}
    assert set(arts["state_affiliated"]) <= {"yes", "no"}


def test_every_metadata_cell_is_filled_except_unknown_urls():
    """Is every metadata field filled in for the five articles (a URL only where known)?"""
    arts = kit.load_articles()
    for col in ("outlet", "headline", "origin", "translated", "state_affiliated", "summary"):
        assert (arts[col].str.len() > 0).all(), col


def test_load_articles_returns_a_copy_the_caller_can_change():
    """Can a student change the table without changing what the next call returns?"""
    first = kit.load_articles()
    first.loc[first.index[0], "text"] = "changed"
    assert kit.load_articles().iloc[0]["text"] != "changed"


def test_kit_case_variable_chooses_the_case(make_case, monkeypatch):
    """Does KIT_CASE point the loader at another case folder?"""
    case = make_case()
    (case / "articles" / "000_cbbc090ab5088487.txt").write_text("Short text.\n", encoding="utf-8")
    monkeypatch.setenv("KIT_CASE", str(case))
    assert kit.load_articles().iloc[0]["text"] == "Short text.\n"


# ---------------------------------------------------------------- sentences

@pytest.mark.parametrize("text, expected", [
    ("Talks ended.Despite this, hope.", ["Talks ended.", "Despite this, hope."]),
    ("He left the U.S. in May. Then he returned.", ["He left the U.S. in May.", "Then he returned."]),
    ("They meet on Jan. 12 in Brussels. Fine.", ["They meet on Jan. 12 in Brussels.", "Fine."]),
    ('She said "no".The end.', ['She said "no".', "The end."]),
    ("A headline\nThe first line.", ["A headline", "The first line."]),
    ("Pi is 3.14 today. Mr. Smith agreed.", ["Pi is 3.14 today.", "Mr. Smith agreed."]),
    ("Is it? Yes! Fine...", ["Is it?", "Yes!", "Fine..."]),
    ("See example.com/page for more.", ["See example.com/page for more."]),
    ("", []),
])
def test_sentences_split_where_a_reader_would(text, expected):
    """Are sentences split at run-together joins but not after U.S., Jan. or decimals?"""
    assert sentences(text)["sentence"].tolist() == expected


def test_sentence_offsets_are_exact_in_every_article():
    """Does text[start:end] equal the sentence for every sentence of every article?"""
    for art_id, text in kit.load_articles()["text"].items():
        table = sentences(text)
        assert len(table) > 5, art_id
        for start, end, sentence in table.itertuples(index=False):
            assert text[start:end] == sentence
        assert table["start"].is_monotonic_increasing


def test_sentences_split_the_run_together_article():
    """Are the run-together sentences of the scraped article split apart?"""
    text = kit.load_articles().loc["ready-for-talks", "text"]
    starts = set(sentences(text)["sentence"].str[:12])
    assert "Despite Wash" in starts
    assert "The official" in starts


def test_sentences_refuses_a_non_text():
    """Does sentences() say what it takes when given a number?"""
    with pytest.raises(kit.KitError, match="takes a text"):
        sentences(3)


# ------------------------------------------------------------------ display

PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_article_html_escapes_text_and_labels():
    """Does an article carrying <script> and onerror become harmless text in HTML?"""
    out = article_html(PAYLOAD, [(0, 8, '<b onmouseover="x">')], title="<i>t</i>")
    assert "<script>" not in out and "<img" not in out and "<b " not in out and "<i>" not in out
    assert "&lt;script&gt;" in out and "&lt;img" in out


def test_overlapping_highlights_mark_every_span_and_name_it():
    """Are overlapping highlights all shown, each with its label in words?"""
    out = article_html("one two three", [(0, 7, "first"), (4, 13, "second")])
    assert out.count("<mark") == 3
    assert ">first</sup>" in out and ">second</sup>" in out


@pytest.mark.parametrize("bad", [[(5, 2, "x")], [(0, 999, "x")], [("a", "b")], [3]])
def test_bad_highlights_are_explained(bad):
    """Does a highlight that does not fit the text say so?"""
    with pytest.raises(kit.KitError, match="highlight"):
        article_html("short", bad)


def test_show_and_side_by_side_display_escaped_html(make_case, capsys):
    """Do show() and side_by_side() render a hostile case as text, in a terminal too?"""
    case = make_case()
    (case / "articles" / "003_42588ee220c9c3ec.txt").write_text(PAYLOAD + "\n", encoding="utf-8")
    kit.show("never-agree", [(0, 8, "tag")], case=case)
    kit.side_by_side(["never-agree", "psaki-briefing"], case=case)
    printed = capsys.readouterr().out
    assert "[0:8] tag: '<script>'" in printed
    from kit.view import side_by_side_html
    html_out = side_by_side_html([("t", PAYLOAD, [])])
    assert "<script" not in html_out


def test_show_names_the_valid_ids_for_an_unknown_one():
    """Does show() list the article ids when given one that does not exist?"""
    with pytest.raises(kit.KitError, match="psaki-briefing"):
        kit.show("nope")


# ---------------------------------------------------------------- bad cases

def _rewrite_csv(case: Path, old: str, new: str, count: int = 1) -> None:
    path = case / "articles.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _a(case):
    return case / "articles" / "000_cbbc090ab5088487.txt"


BAD_CASES = {
    "no articles.csv": (lambda c: (c / "articles.csv").unlink(),
                        r"articles\.csv: there is no articles\.csv.*To fix: create it with the header"),
    "no articles folder": (lambda c: [p.unlink() for p in (c / "articles").iterdir()]
                           and (c / "articles").rmdir(),
                           r"articles: there is no articles/ folder.*To fix"),
    "missing column": (lambda c: _rewrite_csv(c, ",headline,", ",title,"),
                       r"articles\.csv, line 1, field 'headline': missing column"),
    "duplicate id": (lambda c: _rewrite_csv(c, "putin-demands,", "psaki-briefing,"),
                     r"line 3, field 'id': id 'psaki-briefing' is used twice \(also on line 2\)"),
    "bad id": (lambda c: _rewrite_csv(c, "putin-demands,", "Putin Demands,"),
               r"line 3, field 'id': id 'Putin Demands' is not a short slug.*lowercase"),
    "listed file missing": (lambda c: _a(c).unlink(),
                            r"line 2, field 'file': file '000_cbbc090ab5088487.txt' is listed but not in articles/"),
    "unlisted file": (lambda c: (c / "articles" / "extra.txt").write_text("x\n"),
                      r"extra\.txt: 1 file\(s\) in articles/ are not listed.*add a row"),
    "not UTF-8": (lambda c: _a(c).write_bytes("Caf\u00e9 line\nsecond\n".encode("cp1252")),
                  r"000_cbbc090ab5088487\.txt, line 1: the file is not UTF-8.*re-save it as UTF-8"),
    "empty file": (lambda c: _a(c).write_bytes(b"  \n"),
                   r"000_cbbc090ab5088487\.txt: the article file is empty"),
    "byte-order mark": (lambda c: _a(c).write_bytes(b"\xef\xbb\xbfText.\n"),
                        r"line 1: the file starts with a UTF-8 byte-order mark.*without BOM"),
    "CRLF": (lambda c: _a(c).write_bytes(b"One.\nTwo.\r\nThree.\r\n"),
             r"000_cbbc090ab5088487\.txt, line 2: the file has Windows \(CRLF\).*LF line endings"),
    "bad date": (lambda c: _rewrite_csv(c, "2021-12-23", "23/12/2021"),
                 r"line 5, field 'published': date '23/12/2021' is not an ISO date.*YYYY-MM-DD"),
    "path outside": (lambda c: _rewrite_csv(c, "000_cbbc090ab5088487.txt", "../../etc/passwd"),
                     r"line 2, field 'file': file '../../etc/passwd' points outside"),
    "absolute path": (lambda c: _rewrite_csv(c, "000_cbbc090ab5088487.txt", "/etc/hostname"),
                      r"line 2, field 'file': file '/etc/hostname' points outside"),
    "ragged row": (lambda c: _rewrite_csv(c, "\nputin-demands,", "\nputin-demands,extra,"),
                   r"line 3: this row has 11 fields but the header has 10.*double quotes"),
    "bad choice": (lambda c: _rewrite_csv(c, ",probably,", ",maybe,"),
                   r"field 'translated': 'maybe' is not one of yes, no, probably"),
    "no rows": (lambda c: (c / "articles.csv").write_text(",".join(ARTICLE_COLUMNS) + "\n")
                or [p.unlink() for p in (c / "articles").iterdir()],
                r"articles\.csv, line 2: articles\.csv lists no articles"),
    "file listed twice": (lambda c: _rewrite_csv(c, "001_f788fa81647fedd0.txt", "000_cbbc090ab5088487.txt"),
                          r"line 3, field 'file': file '000_cbbc090ab5088487\.txt' is listed twice"),
    "a folder as article": (lambda c: _a(c).unlink() or _a(c).mkdir(),
                            r"000_cbbc090ab5088487\.txt: a folder stands where the article file should be"),
    "CRLF in articles.csv": (lambda c: (c / "articles.csv").write_bytes(
                                 (c / "articles.csv").read_bytes().replace(b"\n", b"\r\n")),
                             r"articles\.csv, line 1: the file has Windows \(CRLF\)"),
}


@pytest.mark.parametrize("name", list(BAD_CASES))
def test_bad_case_gives_a_kit_error_naming_file_and_fix(name, make_case):
    """Does each kind of broken case give a KitError that names the file, the place and the fix?"""
    case = make_case()
    spoil, pattern = BAD_CASES[name]
    spoil(case)
    before = _snapshot(case)
    with pytest.raises(kit.KitError) as info:
        kit.load_articles(case)
    message = str(info.value)
    assert re.search(pattern, message, re.S), message
    assert "To fix:" in message or "fix" in message.lower()
    assert _snapshot(case) == before, "loading must never write into a case folder"


def test_case_that_does_not_exist_or_is_a_file(tmp_path):
    """Does a missing folder or a file given as a case say what a case is?"""
    with pytest.raises(kit.KitError, match="does not exist"):
        kit.load_articles(tmp_path / "missing")
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(kit.KitError, match="this is a file, but a case is a folder"):
        kit.load_articles(tmp_path / "f.txt")


def test_loading_a_good_case_writes_nothing(make_case):
    """Does loading leave the case folder exactly as it was?"""
    case = make_case()
    before = _snapshot(case)
    kit.load_articles(case)
    assert _snapshot(case) == before


def test_an_edited_file_is_read_again(make_case):
    """After an instructor edits an article, does the next load see the edit?"""
    case = make_case()
    kit.load_articles(case)
    _a(case).write_text("Edited text, longer than before to change the size.\n", encoding="utf-8")
    assert kit.load_articles(case).iloc[0]["text"].startswith("Edited")


def _snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


# ------------------------------------------------------------------- import

def test_import_kit_is_light_and_has_no_side_effects():
    """Does `import kit` leave pandas, matplotlib and ipywidgets unloaded?"""
    code = ("import sys, kit; heavy = [m for m in ('pandas', 'matplotlib', 'ipywidgets') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "MPLBACKEND": ""})
    assert out.stdout.strip() == "[]"


def test_public_names_are_all_reachable():
    """Does every name in kit.__all__ resolve?"""
    missing = []
    for name in kit.__all__:
        try:
            getattr(kit, name)
        except (AttributeError, ImportError) as err:
            missing.append(f"{name}: {err}")
    assert not missing, missing


def test_public_functions_are_not_shadowed_by_submodules():
    """After every submodule is imported, is kit.annotations still the function?"""
    import importlib
    import pkgutil

    for info in pkgutil.walk_packages(kit.__path__, "kit."):
        if info.name != "kit.__main__":
            importlib.import_module(info.name)
    assert kit.plots is importlib.import_module("kit.plots")
    for name in kit.__all__:
        if name != "plots":
            value = getattr(kit, name)
            assert getattr(importlib.import_module(value.__module__), name) is value, name
