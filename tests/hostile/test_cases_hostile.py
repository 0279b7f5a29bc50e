"""Hostile cases: articles.csv, the texts and the key. Each input ends in a KitError
naming the file (and line or field) with a fix, or is handled as a user expects."""

from __future__ import annotations

import csv
import io
import os

import pytest
from hypothesis import given, settings, strategies as st

import kit
from kit.case.key import annotations, check_key
from kit.case.tables import claim_matrix
from kit.teach.check_case import check_case
from kit.teach.new_case import new_case

from .conftest import PAYLOADS, kit_error


def rewrite_csv(path, change):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(path, row, col, value):
    def change(rows):
        rows[row][rows[0].index(col)] = value
    rewrite_csv(path, change)


# ------------------------------------------------------------ articles.csv cells

BAD_PUBLISHED = ["20211223", "2021/12/23", "23.12.2021", "2021-13-01", "2021-02-30", "yesterday",
                 "2021-12-23T10:00", "９９９９-12-23", "2021-1-3", "+2021-12-23"]


@pytest.mark.parametrize("value", BAD_PUBLISHED)
def test_published_not_iso_is_named(case, value):
    set_cell(case / "articles.csv", 1, "published", value)
    kit_error(lambda: kit.load_articles(case), "articles.csv", "line 2", "published", "YYYY-MM-DD")
    assert any("published" in p and "line 2" in p for p in check_case(case))


@given(st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and "\x00" not in t))
def test_published_generated(tmp_path_factory, value):
    folder = tmp_path_factory.mktemp("pub")
    (folder / "articles").mkdir()
    (folder / "articles" / "a.txt").write_text("Officials said talks went well.\n")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([
        ["id", "file", "outlet", "headline", "published", "url", "origin", "translated",
         "state_affiliated", "summary"], ["a", "a.txt", "", "", value, "", "", "", "", ""]])
    (folder / "articles.csv").write_text(out.getvalue(), encoding="utf-8")
    import datetime as dt
    import re
    stripped = value.strip()
    good = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", stripped))
    if good:
        try:
            dt.date.fromisoformat(stripped)
        except ValueError:
            good = False
    if good or "\r" in value or "\n" in value:
        try:
            arts = kit.load_articles(folder)
        except kit.KitError as err:             # a line break in a cell may be refused, clearly
            assert "articles.csv" in str(err)
        else:
            assert str(arts.loc["a", "published"].date()) == stripped
    else:
        kit_error(lambda: kit.load_articles(folder), "published")


def test_extra_columns_are_kept(case):
    def change(rows):
        rows[0].append("reviewer")
        for i, row in enumerate(rows[1:], 1):
            row.append(f"R{i}")
    rewrite_csv(case / "articles.csv", change)
    arts = kit.load_articles(case)
    assert list(arts["reviewer"]) == ["R1", "R2", "R3", "R4", "R5"]
    assert list(arts.columns[-1:]) == ["text"]
    assert check_case(case) == []


@pytest.mark.parametrize("size", [131_073, 140_000, 500_000])
def test_csv_cell_over_the_limit(case, size):
    set_cell(case / "articles.csv", 2, "summary", "x" * size)
    kit_error(lambda: kit.load_articles(case), "articles.csv", "line 3", "131,072")
    problems = check_case(case)
    assert "131,072" in problems[0] and "line 3" in problems[0]
    assert problems[1:] == [p for p in problems[1:] if "key was not checked" in p]


def test_key_cell_over_the_limit(case):
    set_cell(case / "annotations" / "claims.csv", 1, "public_record", "y" * 140_000)
    kit_error(lambda: annotations("claims", case), "claims.csv", "line 2", "131,072")
    found = check_key(case)
    assert list(found["kind"]) == ["claims"] and found["line"].iloc[0] == 2


# ------------------------------------------------------------- files and paths

@pytest.mark.parametrize("kind", ["fifo", "device", "link-dev-zero", "link-dev-null", "folder",
                                  "broken-link"])
def test_non_regular_article_is_refused_without_hanging(case, kind):
    target = case / "articles" / "000_cbbc090ab5088487.txt"
    target.unlink()
    expected = {"fifo": "named pipe", "folder": "folder", "broken-link": "not in articles/",
                "device": "device"}.get(kind, "points outside")     # a link out, like any link
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "device":
        import stat
        try:
            os.mknod(target, stat.S_IFCHR | 0o644, os.makedev(1, 5))   # a copy of /dev/zero
        except PermissionError:
            pytest.skip("this machine may not make device files (no CAP_MKNOD)")
    elif kind == "broken-link":
        target.symlink_to(case / "articles" / "nowhere.txt")
    else:
        target.symlink_to("/dev/zero" if kind == "link-dev-zero" else "/dev/null")
    kit_error(lambda: kit.load_articles(case), "000_cbbc090ab5088487.txt", expected)
    assert any(expected in p for p in check_case(case))


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-urandom"])
def test_non_regular_from_file_for_new_case(tmp_path, kind):
    src = tmp_path / "in.txt"
    if kind == "fifo":
        os.mkfifo(src)
    else:
        src = "/dev/zero" if kind == "dev-zero" else "/dev/urandom"
    kit_error(lambda: new_case(tmp_path / "new", [src]), str(src))
    assert not (tmp_path / "new").exists()
    from kit.cli import main
    assert main(["new-case", str(tmp_path / "new2"), "--from", str(src)]) == 1


def test_unreadable_article(case, monkeypatch):
    import kit._io as io_module
    target = str(case / "articles" / "000_cbbc090ab5088487.txt")
    real_open = open

    def fake_open(path, *args, **kwargs):
        if str(path) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(io_module, "open", fake_open, raising=False)
    kit_error(lambda: kit.load_articles(case), target, "permission denied", "chmod")
    assert any("permission denied" in p for p in check_case(case))


def test_symlinked_articles_folder_is_treated_like_a_symlinked_file(case, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (case / "articles").rename(elsewhere)
    (case / "articles").symlink_to(elsewhere, target_is_directory=True)
    kit_error(lambda: kit.load_articles(case), "points outside")
    assert any("points outside" in p for p in check_case(case))


def test_symlinked_file_is_refused(case, tmp_path):
    name = "000_cbbc090ab5088487.txt"
    moved = tmp_path / name
    (case / "articles" / name).rename(moved)
    (case / "articles" / name).symlink_to(moved)
    kit_error(lambda: kit.load_articles(case), "points outside")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_hint_names_utf16(case, encoding):
    target = case / "articles" / "000_cbbc090ab5088487.txt"
    text = target.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff".encode(encoding)) + data
    target.write_bytes(data)
    err = kit_error(lambda: kit.load_articles(case), "UTF-16")
    assert "UTF-16" in err.fix


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "sub/../../x.txt",
                                  "~/x.txt", ""])
def test_file_names_never_leave_the_case(case, name):
    set_cell(case / "articles.csv", 1, "file", name)
    with pytest.raises(kit.KitError) as info:
        kit.load_articles(case)
    assert "line 2" in str(info.value) and "file" in str(info.value)


# --------------------------------------------------------------------- the key

HUGE = ["9" * 5000, "1" * 400, "-" + "9" * 5000, "+" + "9" * 20, "1e400", "0x10", "½", "٣",
        "12.0", " ", "nan", "inf"]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("col", ["start", "end"])
def test_offsets_that_are_not_offsets(case, value, col):
    set_cell(case / "annotations" / "quotes.csv", 1, col, value)
    err = kit_error(lambda: annotations("quotes", case), "quotes.csv", "line 2")
    assert len(str(err)) < 700, "the message stays readable"
    assert err.field in (col, "end", "start", "span")


@given(st.text(max_size=30).filter(lambda t: "\x00" not in t and "\r" not in t))
def test_generated_offsets(case, value):
    set_cell(case / "annotations" / "quotes.csv", 1, "start", value)
    found = check_key(case, kinds=["quotes"])
    original = open(os.path.join(os.path.dirname(__file__), "..", "..", "data", "annotations",
                                 "quotes.csv"), encoding="utf-8").read().splitlines()[1].split(",")[1]
    if value.strip() == original:
        assert found.empty
    else:
        assert not found.empty and (found["file"].str.endswith("quotes.csv")).all()
        assert found["fix"].str.len().gt(0).all()


@settings(max_examples=10)
@given(st.sampled_from(PAYLOADS), st.text(alphabet="<>&\"'ab /=", max_size=20))
def test_claim_matrix_escapes_every_text(case, payload, noise):
    text = payload + noise
    set_cell(case / "annotations" / "claims.csv", 0, "claim", "claim")  # header stays
    claims = case / "annotations" / "claims.csv"

    def change(rows):
        col_claim, col_id = rows[0].index("claim"), rows[0].index("claim_id")
        first = rows[1][col_id]
        for row in rows[1:]:
            if row[col_id] == first:
                row[col_claim] = text
                row[col_id] = "C<b>" + noise
    rewrite_csv(claims, change)
    html = claim_matrix(case).to_html()
    assert payload not in html
    assert "<b>" not in html
    import html as html_module
    assert payload in html_module.unescape(html)     # shown as text
