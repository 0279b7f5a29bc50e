"""Cases from spreadsheets, saved web pages and links; texts converted by new-case and check-case --fix.

Pages are served only from 127.0.0.1, by a server started in the test.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import kit
from kit.case.pages import read_page
from kit.errors import KitError
from kit.teach.check_case import check_case, fix_case
from kit.teach.new_case import new_case

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PAGE = FIXTURES / "pages" / "Dam deal - Valmore Courier.html"
LEFT_OUT = ["Accept all", "cookies", "Subscribe", "Related stories", "Reservoir levels fall",
            "All rights reserved", "Privacy policy", "Share on Facebook", "Registered office"]


def run_kit(*args):
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def server():
    """A web server on 127.0.0.1 serving tests/fixtures/pages/; yields its base address."""
    handler = functools.partial(_QuietHandler, directory=str(FIXTURES / "pages"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# ------------------------------------------------------------------ pages

def _assert_article_only(text: str):
    assert text.startswith("Dam deal agreed after three days of talks\n\n")
    assert "Valmore and its upstream neighbour Orsk agreed on Thursday" in text
    assert "the first test would come in July." in text
    for debris in LEFT_OUT:
        assert debris not in text, debris
    assert "\r" not in text and text.endswith("\n")


def test_a_saved_page_gives_the_article_and_its_metadata():
    """Does a saved page give the article's text without navigation, cookies, links or footer, and its metadata?"""
    page = read_page(PAGE)
    _assert_article_only(page.text)
    assert (page.headline, page.published, page.outlet, page.url) == (
        "Dam deal agreed after three days of talks", "2024-03-14", "Valmore Courier",
        "https://valmore-courier.example/2024/03/14/dam-deal")


def test_new_case_from_pages_and_texts_fills_the_metadata(tmp_path):
    """Does new-case take a saved page next to a .txt file, fill headline, date, outlet and url, and check clean?"""
    notes = []
    txt = FIXTURES / "articles" / "lanne-valley-blog.txt"
    case = new_case(tmp_path / "case", [PAGE, txt], notes=notes)
    arts = kit.load_articles(case)
    assert list(arts.index) == ["dam-deal-valmore-courier", "lanne-valley-blog"]
    row = arts.loc["dam-deal-valmore-courier"]
    assert row["file"] == "dam-deal-valmore-courier.txt"
    assert (row["headline"], row["outlet"], str(row["published"].date()), row["url"]) == (
        "Dam deal agreed after three days of talks", "Valmore Courier", "2024-03-14",
        "https://valmore-courier.example/2024/03/14/dam-deal")
    _assert_article_only(row["text"])
    assert arts.loc["lanne-valley-blog", "text"] == txt.read_text(encoding="utf-8")
    assert arts.loc["lanne-valley-blog", "outlet"] == ""
    assert check_case(case) == []
    assert len(notes) == 1 and "took the article's text from the page" in notes[0]


def test_new_case_fetches_a_link(tmp_path, server):
    """Does new-case --from http://... fetch the page (here from a server on 127.0.0.1) and keep its canonical link?"""
    done = run_kit("new-case", tmp_path / "case", "--from", f"{server}/Dam%20deal%20-%20Valmore%20Courier.html")
    assert done.returncode == 0, done.stderr
    arts = kit.load_articles(tmp_path / "case")
    assert list(arts.index) == ["dam-deal-valmore-courier"]
    assert arts["url"].iloc[0] == "https://valmore-courier.example/2024/03/14/dam-deal"
    _assert_article_only(arts["text"].iloc[0])
    assert "outlet 'Valmore Courier'" in done.stdout


def test_a_link_that_cannot_be_fetched_is_a_clear_error_and_writes_nothing(tmp_path, server):
    """Offline (a port nobody listens on) or a missing page: a KitError naming the link and what to do instead?"""
    with socket.socket() as s:                      # a free port, closed again: nothing listens there
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/story"
    for link, problem in ((closed, "could not be fetched"), (f"{server}/no-such-page.html", "answered 404")):
        with pytest.raises(KitError, match=problem) as err:
            new_case(tmp_path / "case", [link])
        assert err.value.file == link and "save the page in your browser" in err.value.fix
        assert not (tmp_path / "case").exists()
    done = run_kit("new-case", tmp_path / "case", "--from", closed)
    assert done.returncode == 1 and done.stderr.startswith(f"error: {closed}: the page could not be fetched")


def test_a_page_without_an_article_is_refused(tmp_path):
    """Is a page with no article text (only a menu) refused with a fix?"""
    empty = tmp_path / "menu.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(KitError, match="no article text was found") as err:
        new_case(tmp_path / "case", [empty])
    assert err.value.file == str(empty)


def test_markup_in_a_page_stays_text(tmp_path):
    """Does a page whose article shows markup as text keep it as text (escaped later when shown)?"""
    page = tmp_path / "p.html"
    body = "".join(f"<p>Paragraph {i} says the council met and &lt;script&gt;alert(1)&lt;/script&gt; "
                   f"was printed in the minutes of meeting number {i}.</p>" for i in range(6))
    page.write_text(f"<html><head><title>Minutes</title></head><body><article><h1>Minutes</h1>{body}"
                    "</article></body></html>", encoding="utf-8")
    text = read_page(page).text
    assert "<script>alert(1)</script>" in text
    html = kit.view.article_html(text, [], title="t")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


# ------------------------------------------------------------------ texts from spreadsheets and Windows

def test_new_case_converts_bom_and_crlf_in_the_copy_and_says_so(tmp_path):
    """Does new-case copy a BOM/CRLF text as LF-only without the mark, leave the original alone, and say so?"""
    original = tmp_path / "windows.txt"
    raw = b"\xef\xbb\xbfThe talks began.\r\nThey ended on Friday.\r\n"
    original.write_bytes(raw)
    notes = []
    case = new_case(tmp_path / "case", [original], notes=notes)
    assert (case / "articles" / "windows.txt").read_bytes() == b"The talks began.\nThey ended on Friday.\n"
    assert original.read_bytes() == raw
    assert notes == [f"{original}: removed the byte-order mark and converted 2 CRLF line ending(s) "
                     "to LF in the copy articles/windows.txt (the original is unchanged)"]
    assert check_case(case) == []


def _spoil(path: Path, bom=True):
    data = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return data


def test_check_case_fix_converts_texts_and_keeps_a_backup(tmp_path):
    """Does check-case --fix convert BOM/CRLF texts, keep each original in .backup/, and report both?"""
    case = new_case(tmp_path / "case", sorted((FIXTURES / "articles").glob("*.txt")))
    before = {p.name: p.read_bytes() for p in (case / "articles").iterdir()}
    spoiled = case / "articles" / "lanne-valley-blog.txt"
    _spoil(spoiled)
    refused = fix_case(case)          # the starter bank's span questions point into the text
    assert len(refused) == 1 and "not converted" in refused[0]
    assert "quizzes/starter.toml, question scraping-1" in refused[0]
    assert not (case / ".backup").exists()
    shutil.rmtree(case / "quizzes")   # a case without quizzes/: nothing points into the text
    with pytest.raises(KitError, match="byte-order mark"):
        kit.load_articles(case)
    done = run_kit("check-case", case, "--fix")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lanne-valley-blog.txt: removed the byte-order mark and converted" in done.stdout
    assert {p.name: p.read_bytes() for p in (case / "articles").iterdir()} == before
    backups = list((case / ".backup").rglob("lanne-valley-blog.txt"))
    assert len(backups) == 1 and backups[0].read_bytes().startswith(b"\xef\xbb\xbf")
    assert str(backups[0]) in done.stdout
    again = run_kit("check-case", case, "--fix")
    assert "no text needed converting" in again.stdout and again.returncode == 0


def test_fix_refuses_a_text_whose_key_offsets_would_move(make_case):
    """With a key pointing into a CRLF text, is the text left alone and each pointing row named?"""
    case = make_case(annotations=True)
    target = case / "articles" / "000_cbbc090ab5088487.txt"
    _spoil(target, bom=False)
    spoiled = target.read_bytes()
    lines = fix_case(case)
    assert len(lines) == 1 and "not converted" in lines[0] and "annotations/artifacts.csv, line" in lines[0]
    assert target.read_bytes() == spoiled and not (case / ".backup").exists()


def test_fix_converts_a_text_when_no_offset_moves(make_case):
    """A CRLF only after the last offset the key uses: converted, and the key still checks clean?"""
    case = make_case(annotations=True)
    target = case / "articles" / "000_cbbc090ab5088487.txt"
    target.write_bytes(target.read_bytes() + b"Posted by the editor.\r\n")
    lines = fix_case(case)
    assert len(lines) == 1 and "converted 1 CRLF line ending(s) to LF" in lines[0]
    assert target.read_bytes().endswith(b"Posted by the editor.\n")
    assert check_case(case) == []


def test_lexicon_saved_by_a_spreadsheet_is_read(tmp_path):
    """Does a wording lexicon with a BOM and CRLF endings find the same words as the plain file?"""
    plain = ROOT / "data" / "lexicon" / "wording.csv"
    excel = tmp_path / "wording.csv"
    excel.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes().replace(b"\n", b"\r\n"))
    text = "Officials in Kiev insinuated that the \u201cpeace plan\u201d had clearly failed."
    assert kit.find_wording(text, lexicon=excel).equals(kit.find_wording(text, lexicon=plain))
    assert len(kit.find_wording(text, lexicon=excel)) > 0
