"""One UTF-8 reader with one byte-order-mark rule for every file the kit reads.

Every reader is given the same three spoiled files: with Excel's byte-order mark
(dropped, except in texts that offsets count characters of, where it is refused),
in UTF-16 (refused, saying UTF-16), and with a byte that is not UTF-8 on line 2
(refused, naming the file and the line).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import kit
from kit.case.sources import source_text, sources
from kit.detect.lexicon import read_table
from kit.quiz.bank import read_bank
from kit.teach.exercises import read_notebook
from kit.teach.gradebook import read_submission

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
ROW = {"time": "2021-12-23T10:00:00", "student": "ada", "bank": "01_x", "question": "q1",
       "kind": "choice", "answer": "1", "correct": True, "score": 1.0, "possible": 1.0}


def _case(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    shutil.copytree(DATA / "articles", case / "articles")
    shutil.copy2(DATA / "articles.csv", case / "articles.csv")
    shutil.copytree(DATA / "annotations", case / "annotations")
    shutil.copytree(DATA / "sources", case / "sources")
    return case


def _copy(tmp_path: Path, source: Path) -> Path:
    return Path(shutil.copy2(source, tmp_path / source.name))


def _frame(frame) -> dict:
    return frame.astype(str).to_dict()


# name: (make the file in tmp_path, read it) -> (path, read); read returns what is compared
def _articles_csv(tmp_path):
    case = _case(tmp_path)
    return case / "articles.csv", lambda: _frame(kit.load_articles(case))


def _key_table(tmp_path):
    case = _case(tmp_path)
    return case / "annotations" / "wording.csv", lambda: _frame(kit.annotations("wording", case))


def _sources_table(tmp_path):
    case = _case(tmp_path)
    return case / "sources" / "sources.csv", lambda: _frame(sources(case))


def _lexicon(tmp_path):
    path = _copy(tmp_path, DATA / "lexicon" / "wording.csv")
    return path, lambda: read_table(path, ("term", "match", "category"))


def _toml_bank(tmp_path):
    path = _copy(tmp_path, FIXTURES / "all_kinds.toml")
    return path, lambda: [(q.id, q.prompt) for q in read_bank(path).questions]


def _json_bank(tmp_path):
    path = _copy(tmp_path, FIXTURES / "jupyterquiz.json")
    return path, lambda: [(q.id, q.prompt) for q in read_bank(path).questions]


def _answers_json(tmp_path):
    path = tmp_path / "ada.json"
    path.write_text(json.dumps([ROW, {**ROW, "question": "q2"}], indent=1), encoding="utf-8")
    return path, lambda: read_submission(path)


def _answers_csv(tmp_path):
    path = tmp_path / "ada.csv"
    path.write_text(",".join(ROW) + "\n" + ",".join(str(v) for v in ROW.values()) + "\n",
                    encoding="utf-8")
    return path, lambda: read_submission(path)


def _notebook(tmp_path):
    path = _copy(tmp_path, ROOT / "notebooks" / "00_start.ipynb")
    return path, lambda: read_notebook(path)


def _article_text(tmp_path):
    case = _case(tmp_path)
    return sorted((case / "articles").iterdir())[0], lambda: _frame(kit.load_articles(case))


def _source_text(tmp_path):
    case = _case(tmp_path)
    return (case / "sources" / "white-house-statement-2021-12-30.txt",
            lambda: source_text("white-house-2021-12-30", case))


TABLES = {"articles.csv": _articles_csv, "key table": _key_table, "sources table": _sources_table,
          "lexicon": _lexicon, "TOML bank": _toml_bank, "jupyterquiz bank": _json_bank,
          "answer file (JSON)": _answers_json, "answer file (CSV)": _answers_csv,
          "notebook": _notebook}
#: Texts that offsets count characters of: a byte-order mark would shift them all.
TEXTS = {"article text": _article_text, "source text": _source_text}


@pytest.mark.parametrize("name", list(TABLES))
def test_a_byte_order_mark_is_dropped(tmp_path, name):
    """Does each reader read a file with Excel's byte-order mark exactly like the plain file?"""
    path, read = TABLES[name](tmp_path)
    plain = read()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read() == plain


@pytest.mark.parametrize("name", list(TEXTS))
def test_a_byte_order_mark_in_a_text_is_refused(tmp_path, name):
    """Does a text that offsets point into refuse a byte-order mark, naming the file and the fix?"""
    path, read = TEXTS[name](tmp_path)
    read()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(kit.KitError) as info:
        read()
    assert info.value.file == str(path) and info.value.line == 1
    assert "byte-order mark" in info.value.message and "--fix" in info.value.fix


@pytest.mark.parametrize("name", [*TABLES, *TEXTS])
def test_utf16_is_refused_saying_so(tmp_path, name):
    """Is a UTF-16 file refused by every reader with the same message, naming the file?"""
    path, read = {**TABLES, **TEXTS}[name](tmp_path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(kit.KitError) as info:
        read()
    assert Path(info.value.file).name == path.name
    assert info.value.message == "the file is UTF-16, not UTF-8" and "UTF-16" in info.value.fix


@pytest.mark.parametrize("name", [*TABLES, *TEXTS])
def test_a_byte_that_is_not_utf8_is_refused_naming_the_line(tmp_path, name):
    """Is a byte that is not UTF-8 refused by every reader, naming the file, the line and the byte?"""
    path, read = {**TABLES, **TEXTS}[name](tmp_path)
    data = path.read_bytes()
    at = data.index(b"\n") + 1
    path.write_bytes(data[:at] + b"\xe9" + data[at:])
    with pytest.raises(kit.KitError) as info:
        read()
    assert Path(info.value.file).name == path.name and info.value.line == 2
    assert re.fullmatch(r"the file is not UTF-8 \(byte 0xe9 at byte \d+\)", info.value.message)
    assert info.value.fix                   # each reader says what to do with its kind of file


def test_the_byte_order_mark_rule_lives_in_one_module():
    """Does no kit module but kit/_io.py spell out a byte-order mark or decode one away itself?"""
    found = []
    for path in sorted((ROOT / "kit").rglob("*.py")):
        if path.name == "_io.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\\xef\\xbb\\xbf|utf-8-sig|utf_8_sig|codecs\.BOM", line, re.I):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "read files with kit._io.read_utf8 or read_csv:\n" + "\n".join(found)
