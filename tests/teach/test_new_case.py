"""Bringing your own case: new-case, check-case, and the class link.

`kit.teach.new_case.new_case` turns plain-text articles into a case folder;
`kit.teach.check_case.check_case` lists every problem of a case at once; the CLI
wraps both. `locate` is tested with the key (test_annotations.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import kit
from kit.teach.check_case import check_case
from kit.teach.hub import nbgitpuller_link
from kit.teach.new_case import new_case
from kit.case.articles import ARTICLE_COLUMNS
from kit.errors import KitError
from kit.case.key import SCHEMAS, header
from kit.quiz.grade import grade, key_words

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LINE = re.compile(r"^\S.*?: .+\. To fix: .+\.$")      # "FILE[, line N][, field 'x']: problem. To fix: ..."


@pytest.fixture
def texts(tmp_path):
    """The kit's five articles as loose text files, named as an instructor might name them."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    names = ["Psaki briefing.txt", "putin demands.txt", "Call Readouts.txt", "never_agree.txt",
             "Ready for talks!.txt"]
    files = []
    for name, src in zip(names, sorted((DATA / "articles").glob("*.txt"))):
        shutil.copyfile(src, folder / name)
        files.append(folder / name)
    return files


def run_kit(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


# ------------------------------------------------------------------ new-case

def test_new_case_then_check_case_is_clean(texts, tmp_path):
    """Does a case made by new_case load, and does check_case find nothing wrong with it?"""
    case = new_case(tmp_path / "my-case", texts)
    assert check_case(case) == []
    arts = kit.load_articles(case)
    assert list(arts.index) == ["psaki-briefing", "putin-demands", "call-readouts", "never-agree",
                                "ready-for-talks"]
    to_fill = [c for c in ARTICLE_COLUMNS[2:] if c != "published"]
    assert (arts[to_fill] == "").all().all() and arts["published"].isna().all()
    for path, original in zip(arts["file"], texts):
        assert (case / "articles" / path).read_bytes() == original.read_bytes()


def test_new_case_writes_the_header_and_empty_key_tables(texts, tmp_path):
    """Does articles.csv have the full header, and does every key table hold just its header?"""
    case = new_case(tmp_path / "c", texts[:2])
    lines = (case / "articles.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(ARTICLE_COLUMNS)
    assert lines[1] == "psaki-briefing,Psaki briefing.txt" + "," * (len(ARTICLE_COLUMNS) - 2)
    for kind in SCHEMAS:
        table = case / "annotations" / f"{kind}.csv"
        assert table.read_text(encoding="utf-8") == header(kind) + "\n"
        assert len(kit.annotations(kind, case)) == 0


def test_lessons_use_the_detectors_while_the_key_is_empty(texts, tmp_path):
    """Does a lesson on a new case show what the detectors find, not an empty key?"""
    case = new_case(tmp_path / "c", texts)
    found = kit.findings("artifacts", case, quiet=True)
    assert found.attrs["source"] == "detectors" and len(found) > 0


def test_ids_are_unique_slugs_and_file_names_do_not_clash(tmp_path):
    """Do two files with the same name (in two folders) get their own ids and file names?"""
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "Harbour Report.txt").write_text(f"Report {sub}: talks went on.\n")
    (tmp_path / "a" / "---.txt").write_text("No name at all.\n")
    case = new_case(tmp_path / "case", [tmp_path / "a" / "Harbour Report.txt",
                                        tmp_path / "b" / "Harbour Report.txt",
                                        tmp_path / "a" / "---.txt"])
    arts = kit.load_articles(case)
    assert list(arts.index) == ["harbour-report", "harbour-report-2", "article"]
    assert arts["file"].tolist() == ["Harbour Report.txt", "harbour-report-2.txt", "---.txt"]
    assert arts["text"].tolist()[:2] == ["Report a: talks went on.\n", "Report b: talks went on.\n"]


def test_new_case_refuses_a_folder_that_is_not_empty(texts, tmp_path):
    """Does new_case refuse to write into a folder that already holds something?"""
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(KitError, match="exists and is not empty"):
        new_case(target, texts)
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_new_case_fills_an_empty_folder(texts, tmp_path):
    """Does new_case use a folder that exists but is empty?"""
    target = tmp_path / "empty"
    target.mkdir()
    assert new_case(target, texts[:1]) == target
    assert (target / "articles.csv").is_file()


@pytest.mark.parametrize("content, problem", [
    (b"\xef\xbb\xbfThe talks began.\n", "byte-order mark"),
    (b"The talks began.\r\nThey ended.\r\n", "CRLF"),
    (b"The talks began in Z\xfcrich.\n", "not UTF-8"),
    (b"  \n", "empty"),
])
def test_new_case_refuses_bad_files_and_writes_nothing(texts, tmp_path, content, problem):
    """Is a BOM, CRLF, non-UTF-8 or empty file refused before anything is written?"""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(KitError, match=problem) as err:
        new_case(tmp_path / "case", [texts[0], bad])
    assert "bad.txt" in str(err.value)
    assert not (tmp_path / "case").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".case")]


def test_new_case_names_every_bad_file(tmp_path):
    """When several files are bad, does the error name all of them?"""
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_bytes(b"bad\r\n")
    with pytest.raises(KitError, match=r"one\.txt.*1 more file\(s\) cannot be used: .*two\.txt"):
        new_case(tmp_path / "case", [tmp_path / "one.txt", tmp_path / "two.txt"])


def test_starter_bank_asks_about_what_the_detectors_find(texts, tmp_path):
    """Does the starter bank ask about a garbled name, scraping debris and a loaded word, each marked for review?"""
    case = new_case(tmp_path / "c", texts)
    bank = case / "quizzes" / "starter.toml"
    raw = bank.read_text(encoding="utf-8")
    quiz = kit.load_quiz(bank)
    marked = re.findall(r"# to review: generated from the detectors\n(?:# why: [^\n]+\n)*\[\[questions\]\]",
                        raw)
    assert raw.count("[[questions]]") == len(marked) == len(quiz.questions)
    names = [q for q in quiz.questions if q.id.startswith("names-")]
    assert any("Jane Sackie" in q.spec.passage_text for q in names)
    scraping = [q for q in quiz.questions if q.id.startswith("scraping-")]
    assert any("talks.Despite" in q.spec.passage_text for q in scraping)
    wording = [q for q in quiz.questions if q.id.startswith("wording-")]
    assert wording and all(q.kind == "choice" for q in wording)
    assert {tuple(q.tags) for q in names} == {("names",)}


def test_starter_questions_can_be_answered_right(texts, tmp_path):
    """Does the answer each starter question holds score as right?"""
    case = new_case(tmp_path / "c", texts)
    for q in kit.load_quiz(case / "quizzes" / "starter.toml").questions:
        answer = (sorted(key_words(q.spec)) if q.kind == "span" else
                  next(o.text for o in q.spec.options if o.correct) if q.kind == "choice" else
                  q.spec.numbers[0].value)
        assert grade(q.spec, answer).correct, q.id


def test_starter_bank_of_a_text_without_findings(tmp_path):
    """Does a case whose texts give the detectors nothing still get a bank that loads?"""
    (tmp_path / "plain.txt").write_text("The council met on Monday. It will meet again.\n")
    case = new_case(tmp_path / "c", [tmp_path / "plain.txt"])
    quiz = kit.load_quiz(case / "quizzes" / "starter.toml")
    assert [q.kind for q in quiz.questions] == ["numeric"]


# ---------------------------------------------------------------- check-case

@pytest.fixture
def broken(texts, tmp_path):
    """A case with eight problems in five files."""
    case = new_case(tmp_path / "broken", texts[:3])
    csv_path = case / "articles.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Psaki briefing.txt,,,,", "Psaki briefing.txt,,,23/12/2021,")   # line 2: date
    lines[2] = lines[2].replace(",,,,,,,,", ",,,,,,maybe,,")                                     # line 3: translated
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (case / "articles" / "Call Readouts.txt").write_bytes(b"On December 30,\r\nPutin spoke.\r\n")
    (case / "articles" / "stray.txt").write_text("Not listed.\n")
    (case / "annotations" / "wording.csv").write_text(
        header("wording") + "\n"
        "putin-demands,0,5,Nope!,loaded-word,,\n"                     # line 2: span
        "putin-demands,10,20,x,bias,,\n",                             # line 3: span and category
        encoding="utf-8")
    bank = case / "quizzes" / "starter.toml"
    bank.write_text(bank.read_text(encoding="utf-8").replace('kind = "span"', 'kind = "spam"', 1),
                    encoding="utf-8")
    (case / "quizzes" / "01_a.toml").write_text('[[questions]]\nid = "a"\n', encoding="utf-8")
    (case / "quizzes" / "01_b.toml").write_text('[[questions]]\nid = "b"\n', encoding="utf-8")
    return case


def test_check_case_lists_every_problem(broken):
    """Does check_case list every problem of the articles at once, each on one line that says where and how to fix it?"""
    problems = check_case(broken)
    text = "\n".join(problems)
    assert all(LINE.match(p) for p in problems), text
    assert "articles.csv, line 2, field 'published': date '23/12/2021'" in text
    assert "articles.csv, line 3, field 'translated': 'maybe'" in text
    assert "Call Readouts.txt, line 1:" in text and "CRLF" in text
    assert "stray.txt: this file in articles/ is not listed" in text
    assert "the answer key was not checked, because the articles have problems" in text
    assert "starter.toml, line" in text and "spam" in text
    assert "lesson 01 has 2 banks" in text


def test_check_case_lists_every_key_problem(broken):
    """Once the articles are sound, does check_case list each problem of the key and of the banks?"""
    (broken / "articles" / "Call Readouts.txt").write_bytes(b"On December 30, Putin spoke.\n")
    (broken / "articles" / "stray.txt").unlink()
    csv_path = broken / "articles.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("23/12/2021", "2021-12-23")
                        .replace("maybe", "probably"), encoding="utf-8")
    problems = check_case(broken)
    text = "\n".join(problems)
    assert all(LINE.match(p) for p in problems), text
    wording = [p for p in problems if "wording.csv" in p]
    assert len(wording) == 3, wording
    assert any("line 2, field 'span'" in p for p in wording)
    assert any("line 3, field 'category'" in p for p in wording)
    assert str(broken / "annotations" / "wording.csv") in wording[0]       # the path as given
    assert sum("toml" in p for p in problems) == 4                         # 3 banks + 2 banks for 01
    assert len(problems) == 7


def test_check_case_on_a_missing_folder(tmp_path):
    """Does check_case say so, in one line, when the folder is not there?"""
    [line] = check_case(tmp_path / "nothing")
    assert "this case folder does not exist" in line and LINE.match(line)


def test_check_case_on_the_kits_own_case():
    """Is the kit's own case sound?"""
    assert check_case(DATA) == []


# ----------------------------------------------------------------------- CLI

def test_cli_new_case_and_check_case_exit_codes(texts, tmp_path):
    """Do `new-case` and `check-case` exit 0 on success, 1 on a problem (listed), and 2 on a bad command line?"""
    case = tmp_path / "cli-case"
    made = run_kit("new-case", case, "--from", *texts[:2])
    assert made.returncode == 0, made.stderr
    assert "check-case" in made.stdout

    clean = run_kit("check-case", case)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.strip() == "no problems found."

    (case / "articles" / "extra.txt").write_text("unlisted\n")
    (case / "articles.csv").write_text(
        (case / "articles.csv").read_text(encoding="utf-8").replace(",,,,,,,,\n", ",,,,,,,yes-ish,\n", 1),
        encoding="utf-8")
    dirty = run_kit("check-case", case)
    assert dirty.returncode == 1
    lines = dirty.stdout.strip().splitlines()
    assert len(lines) == 3 and all(LINE.match(line) for line in lines), dirty.stdout
    assert "field 'state_affiliated'" in lines[0] and "extra.txt" in lines[1]
    assert "the answer key was not checked" in lines[2]
    assert "3 problem(s) found." in dirty.stderr

    again = run_kit("new-case", case, "--from", texts[0])
    assert again.returncode == 1
    assert again.stderr.startswith("error: ") and "not empty" in again.stderr

    usage = run_kit("new-case", case)                                  # --from is missing
    assert usage.returncode == 2


# ---------------------------------------------------------------- class link

def test_nbgitpuller_link_round_trips():
    """Does the link carry the repository, branch and page exactly, whatever characters they hold?"""
    link = nbgitpuller_link("https://hub.example.edu/", "https://github.com/five-accounts/five-accounts.git",
                            branch="week 3&4", path="notebooks/02_who_said_it.ipynb")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu",
                                                       "/hub/user-redirect/git-pull")
    query = parse_qs(parts.query)
    assert query == {"repo": ["https://github.com/five-accounts/five-accounts.git"],
                     "urlpath": ["lab/tree/five-accounts/notebooks/02_who_said_it.ipynb"],
                     "branch": ["week 3&4"]}


def test_nbgitpuller_link_refuses_what_is_not_a_link():
    """Are a hub address without https:// and an unknown app refused with a fix?"""
    with pytest.raises(KitError, match="field 'repo_url'.*To fix"):
        nbgitpuller_link("https://hub.example.edu", "github.com/five-accounts/five-accounts")
    with pytest.raises(KitError, match="field 'app'"):
        nbgitpuller_link("https://hub.example.edu", "https://github.com/a/b", app="vscode")


def test_the_class_guide_shows_a_link_the_function_makes():
    """Is the example link in INSTRUCTORS.md exactly what nbgitpuller_link builds?"""
    guide = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    link = nbgitpuller_link("https://hub.example.edu", "https://github.com/five-accounts/five-accounts")
    assert f"\n{link}\n" in guide
