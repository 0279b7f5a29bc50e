"""Hostile question banks (TOML and jupyterquiz JSON): each one a KitError naming the
bank with a fix, and check-case lists it as one line, whatever the error was."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st

import kit
from kit.teach.check_case import check_case

from .conftest import kit_error

GOOD = '''[[questions]]
id = "q"
kind = "choice"
prompt = "Who?"
explanation = "Because."
options = [{ text = "A", correct = true }, { text = "B" }]
'''

TOML_BANKS = {
    "deep-array": "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "deep-table": "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    "points-400-digits": GOOD + "points = " + "9" * 400 + "\n",
    "points-5000-digits": GOOD + "points = " + "9" * 5000 + "\n",
    "points-inf": GOOD + "points = inf\n",
    "points-nan": GOOD + "points = nan\n",
    "points-text": GOOD + 'points = "2"\n',
    "points-negative": GOOD + "points = -1\n",
    "points-bool": GOOD + "points = true\n",
    "kind-list": GOOD.replace('kind = "choice"', 'kind = ["choice"]'),
    "kind-table": GOOD.replace('kind = "choice"', 'kind = {a = 1}'),
    "id-list": GOOD.replace('id = "q"', 'id = ["q"]'),
    "id-payload": GOOD.replace('id = "q"', 'id = "<script>"'),
    "prompt-number": GOOD.replace('prompt = "Who?"', "prompt = 12"),
    "options-text": GOOD.replace('options = [{ text = "A", correct = true }, { text = "B" }]',
                                 'options = "A"'),
    "tags-text": GOOD + 'tags = "names"\n',
    "tags-unknown": GOOD + 'tags = ["<img src=x>"]\n',
    "no-questions": 'title = "x"\n',
    "questions-table": '[questions]\nid = "q"\n',
    "unknown-top": GOOD + '[extra]\na = 1\n',
    "bad-toml": 'title = "unclosed\n',
    "span-offset-400-digits": '''[[questions]]
id = "s"
kind = "span"
prompt = "p"
explanation = "e"
article = "psaki-briefing"
start = 0
end = ''' + "9" * 400 + '''
answer = [[0, 5]]
''',
    "numeric-range-huge": '''[[questions]]
id = "n"
kind = "numeric"
prompt = "p"
explanation = "e"
answers = [{ range = [0, ''' + "9" * 400 + '''], correct = true }]
''',
    "numeric-value-huge": '''[[questions]]
id = "n"
kind = "numeric"
prompt = "p"
explanation = "e"
value = ''' + "9" * 400 + "\n",
    "utf16": None,
    "latin1": None,
    "empty": "",
}

JSON_BANKS = {
    "deep": "[" * 5000 + "]" * 5000,
    "deep-object": '{"a":' * 5000 + "1" + "}" * 5000,
    "int-5000-digits": '[{"type": "numeric", "question": "q", "answers": [{"type": "value", "value": '
                       + "9" * 5000 + ', "correct": true}]}]',
    "int-400-digits": '[{"type": "numeric", "question": "q", "answers": [{"type": "value", "value": '
                      + "9" * 400 + ', "correct": true}]}]',
    "type-list": '[{"type": ["numeric"], "question": "q", "answers": []}]',
    "type-object": '[{"type": {"a": 1}, "question": "q", "answers": []}]',
    "type-number": '[{"type": 3, "question": "q", "answers": []}]',
    "answers-object": '[{"type": "numeric", "question": "q", "answers": {}}]',
    "not-a-list": '{"questions": []}',
    "item-string": '["q"]',
    "missing-type": '[{"question": "q", "answers": []}]',
    "nan": '[{"type": "numeric", "question": "q", "answers": [{"type": "value", "value": NaN, "correct": true}]}]',
    "infinity": '[{"type": "numeric", "question": "q", "answers": [{"type": "value", "value": Infinity, "correct": true}]}]',
    "bad-json": '[{"type": ',
    "empty-list": "[]",
}


def write_bank(folder, name, text, suffix):
    path = folder / f"{name}{suffix}"
    if name == "utf16":
        path.write_bytes(GOOD.encode("utf-16"))
    elif name == "latin1":
        path.write_bytes(GOOD.replace("Who?", "Qui a dit ça ?").encode("latin-1"))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(TOML_BANKS))
def test_hostile_toml_bank(tmp_path, name):
    path = write_bank(tmp_path, name, TOML_BANKS[name], ".toml")
    err = kit_error(lambda: kit.load_quiz(path), path.name)
    assert len(str(err)) < 1000, "one readable line, not a dump of the input"
    if name == "utf16":
        assert "UTF-16" in str(err)


@pytest.mark.parametrize("name", list(JSON_BANKS))
def test_hostile_jupyterquiz_bank(tmp_path, name):
    path = write_bank(tmp_path, name, JSON_BANKS[name], ".json")
    err = kit_error(lambda: kit.load_quiz(path), path.name)
    assert len(str(err)) < 1000


@pytest.mark.parametrize("name", ["deep-array", "points-400-digits", "kind-list", "utf16"])
def test_check_case_lists_each_bad_bank(case, name):
    (case / "quizzes").mkdir()
    write_bank(case / "quizzes", name, TOML_BANKS[name], ".toml")
    write_bank(case / "quizzes", "type-list", JSON_BANKS["type-list"], ".json")
    problems = check_case(case)
    assert len([p for p in problems if f"{name}.toml" in p]) == 1
    assert len([p for p in problems if "type-list.json" in p]) == 1


def test_check_case_catches_errors_that_are_not_kit_errors(case, monkeypatch):
    (case / "quizzes").mkdir()
    write_bank(case / "quizzes", "00_x", GOOD, ".toml")
    import kit.teach.check_case as cc

    def broken(path, case=None):
        raise TypeError("something nobody foresaw")

    monkeypatch.setattr(cc, "load_quiz", broken)
    problems = check_case(case)
    assert len(problems) == 1 and "00_x.toml" in problems[0] and "TypeError" in problems[0]
    assert "To fix:" in problems[0]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["type", "question", "answers", "value", "range", "correct", "answer",
                         "feedback", "precision", "code", "x"]), children, max_size=4),
    max_leaves=12)


@given(json_values)
def test_generated_jupyterquiz_values(tmp_path_factory, value):
    """Any JSON at all: a bank, or a KitError naming the file; never another exception."""
    path = tmp_path_factory.mktemp("jq") / "bank.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        kit.load_quiz(path)
    except kit.KitError as err:
        assert "bank.json" in str(err) and err.fix


@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=6), st.booleans()))
def test_generated_points(tmp_path_factory, points):
    path = tmp_path_factory.mktemp("pts") / "bank.toml"
    literal = json.dumps(points) if not isinstance(points, float) else repr(points)
    literal = {"nan": "nan", "inf": "inf", "-inf": "-inf", "True": "true", "False": "false"}.get(
        literal, literal)
    if isinstance(points, bool):
        literal = "true" if points else "false"
    path.write_text(GOOD + f"points = {literal}\n", encoding="utf-8")
    ok = (not isinstance(points, (bool, str)) and points == points and abs(points) != float("inf")
          and 0 < points and (isinstance(points, float) or points <= 10 ** 15))
    if ok:
        assert kit.load_quiz(path).questions[0].points == float(points)
    else:
        kit_error(lambda: kit.load_quiz(path), "bank.toml")


@pytest.mark.parametrize("lesson", [2, "02", 0, "00", 8])
def test_lesson_quiz_by_number(lesson):
    quiz = kit.lesson_quiz(lesson)
    assert quiz.questions and f"{int(lesson):02d}_" in str(quiz.bank.path if hasattr(quiz, "bank") else quiz.path)


@pytest.mark.parametrize("lesson", [[2], "../02", "*", 2.5, True, -1])
def test_lesson_quiz_bad_argument(lesson):
    kit_error(lambda: kit.lesson_quiz(lesson), "lesson")
