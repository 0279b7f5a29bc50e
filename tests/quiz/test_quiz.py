"""The quiz engine: banks, checking, grading, widgets (headless), escaping, jupyterquiz."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from kit.errors import KitError
from kit.store import progress as read_progress
from kit.quiz import Feedback, Question, Quiz, find_question, load_quiz
from kit.quiz.grade import SPAN_THRESHOLD, grade, text_matches
from kit.quiz.spec import KINDS, Span, Spec

FIXTURES = Path(__file__).parents[1] / "fixtures"
ALL_KINDS = FIXTURES / "all_kinds.toml"
JUPYTERQUIZ = FIXTURES / "jupyterquiz.json"


# ------------------------------------------------------------------ helpers

def walk(widget):
    """Every widget in a tree (children, and an accordion's panes)."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def with_class(widget, css: str) -> list:
    return [w for w in walk(widget) if css in getattr(w, "_dom_classes", ())]


def submit_with(question: Question) -> str:
    """Click the question's check button and return the feedback area's HTML."""
    (button,) = with_class(question.widget, "kit-submit")
    button.click()
    (area,) = with_class(question.widget, "kit-feedback")
    return area.value


def options(question: Question) -> list:
    return with_class(question.widget, "kit-option")


def press(button) -> None:
    """Press a toggle button as a click (or Space on it) does: its value flips."""
    button.value = not button.value


def match_rows(question: Question) -> dict:
    """``{item: {choice: button}}`` of a match question's widget."""
    inp = question.widget.input
    return {left: dict(zip(inp.choices, group.buttons))
            for left, group in zip(inp.lefts, inp.groups)}


def shown_order(question: Question) -> list[str]:
    """The items of an order question's widget, top to bottom, as the page shows them."""
    inp = question.widget.input
    return [html.unescape(re.sub(r"<[^>]+>", "", label.value)).split(". ", 2)[2]
            for label in inp.labels]


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def toml_bank(*questions: dict, title: str = "Test bank") -> str:
    out = [f"title = {toml_value(title)}"]
    for q in questions:
        out.append("\n[[questions]]")
        out += [f"{k} = {toml_value(v)}" for k, v in q.items()]
    return "\n".join(out) + "\n"


@pytest.fixture
def quiz() -> Quiz:
    return load_quiz(ALL_KINDS)


# ------------------------------------------------------------------- loading

def test_sample_bank_loads_by_name():
    """Does the shipped bank 00_start load by name, with the kinds the first notebook uses?"""
    quiz = load_quiz("00_start")
    assert quiz.name == "00_start"
    assert [q.kind for q in quiz.questions][:4] == ["choice", "multi", "span", "text"]
    assert quiz["garbled-name"].spec.passage_text.startswith("White House Press Secretary Jane")


def test_sample_bank_answers_are_right():
    """Do the sample bank's intended answers score full marks (and is its span key the garbled name)?"""
    quiz = load_quiz("00_start")
    assert quiz["official-readout"].submit("call-readouts").correct
    assert quiz["text-clues"].submit([1, 2, 3]).correct
    assert quiz["garbled-name"].submit("Jane Sackie").correct
    assert quiz["real-name"].submit("Jen Psaki").correct
    assert not quiz["real-name"].submit("Jane Sackie").correct
    assert quiz.score() == (3.0, 4.0)   # latest per question: the last real-name was wrong


def test_documented_example_bank_loads_and_its_answers_are_right(tmp_path):
    """Does the complete example in docs/quiz-format.md load, and do its documented answers score?"""
    doc = (Path(__file__).parents[2] / "docs" / "quiz-format.md").read_text(encoding="utf-8")
    example = doc.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    quiz = load_quiz(path)
    assert sorted({q.kind for q in quiz.questions}) == sorted(KINDS)
    calls = [line.split("#")[0].strip() for line in doc.splitlines()
             if line.startswith('quiz["') and ".submit(" in line]
    assert len(calls) == len(KINDS)
    for call in calls:
        feedback = eval(call, {"quiz": quiz})
        if "fair-headline" in call:
            assert feedback.message.startswith("Saved.") and feedback.possible == 0, call
        else:
            assert feedback.correct, call


def test_bank_name_in_another_case(make_case):
    """Does a name look in that case's quizzes/ folder, and does an unknown name list the banks there?"""
    case = make_case()
    (case / "quizzes").mkdir()
    (case / "quizzes" / "01_mine.toml").write_text(ALL_KINDS.read_text(), encoding="utf-8")
    assert load_quiz("01_mine", case=case).name == "01_mine"
    with pytest.raises(KitError) as err:
        load_quiz("02_missing", case=case)
    assert "01_mine" in str(err.value) and err.value.file.endswith("02_missing.toml")


def test_find_question_across_banks(make_case):
    """Does find_question find an id in any bank, say which banks clash, and accept BANK:ID?"""
    case = make_case()
    (case / "quizzes").mkdir()
    (case / "quizzes" / "a.toml").write_text(toml_bank(CHOICE, changed(CHOICE, id="ex02.1")))
    (case / "quizzes" / "b.toml").write_text(toml_bank(CHOICE))
    assert find_question("ex02.1", case=case).bank == "a"
    with pytest.raises(KitError, match="several banks: a, b"):
        find_question("q1", case=case)
    assert find_question("b:q1", case=case).bank == "b"
    with pytest.raises(KitError, match="no question 'nope'"):
        find_question("nope", case=case)


def test_getitem_unknown_id_names_the_ids(quiz):
    """Does quiz["no-such"] say which ids exist?"""
    with pytest.raises(KitError, match="pick-one"):
        quiz["no-such"]
    assert quiz["pick-one"] is quiz.questions[0] is quiz[0]


# ---------------------------------------------------------------- bad banks

CHOICE = {"id": "q1", "kind": "choice", "prompt": "P?", "explanation": "E.",
          "options": [{"text": "a", "correct": True}, {"text": "b"}]}
SPAN = {"id": "s1", "kind": "span", "prompt": "Click the name.", "explanation": "E.",
        "article": "psaki-briefing", "start": 226, "end": 336,
        "answer": [{"start": 254, "end": 263, "text": "Jen Psaki"}]}


def changed(base: dict, **fields) -> dict:
    q = dict(base)
    for k, v in fields.items():
        if v is None:
            q.pop(k, None)
        else:
            q[k] = v
    return q


BAD_BANKS = [
    # (label, bank text, field, question id or None, words in the message)
    ("unknown kind", toml_bank(changed(CHOICE, kind="choise")), "kind", "q1", "did you mean 'choice'"),
    ("missing prompt", toml_bank(changed(CHOICE, prompt=None)), "prompt", "q1", "missing"),
    ("missing explanation", toml_bank(changed(CHOICE, explanation=None)), "explanation", "q1",
     "missing"),
    ("prompt not text", toml_bank(changed(CHOICE, prompt=42)), "prompt", "q1", "must be text"),
    ("no right option", toml_bank(changed(CHOICE, options=[{"text": "a"}, {"text": "b"}])),
     "options", "q1", "no option is marked right"),
    ("two right in choice", toml_bank(changed(CHOICE, options=[
        {"text": "a", "correct": True}, {"text": "b", "correct": True}])),
     "options", "q1", 'kind = "multi"'),
    ("multi without right", toml_bank(changed(CHOICE, kind="multi", options=[
        {"text": "a"}, {"text": "b"}])), "options", "q1", "no option is marked right"),
    ("same option twice", toml_bank(changed(CHOICE, options=[
        {"text": "a", "correct": True}, {"text": "a"}])), "options", "q1", "same text"),
    ("correct as a string", toml_bank(changed(CHOICE, options=[
        {"text": "a", "correct": "yes"}, {"text": "b"}])), "options", "q1", "true or false"),
    ("duplicate ids", toml_bank(CHOICE, changed(CHOICE, prompt="Other?")), "id", "q1",
     "used twice"),
    ("bad id", toml_bank(changed(CHOICE, id="Question 1")), "id", None, "short lowercase"),
    ("bad tag", toml_bank(changed(CHOICE, tags=["name"])), "tags", "q1", "did you mean 'names'"),
    ("unknown field", toml_bank(changed(CHOICE, explaination="typo")), "explaination", "q1",
     "did you mean 'explanation'"),
    ("points below zero", toml_bank(changed(CHOICE, points=-1)), "points", "q1", "more than 0"),
    ("passage_text differs", toml_bank(changed(SPAN, passage_text="Jen Psaki announced this")),
     "passage_text", "s1", "start = 254"),
    ("passage past the end", toml_bank(changed(SPAN, end=99999)), "end", "s1", "does not fit"),
    ("unknown article", toml_bank(changed(SPAN, article="psaki-briefin")), "article", "s1",
     "did you mean 'psaki-briefing'"),
    ("key outside passage", toml_bank(changed(SPAN, answer=[{"start": 10, "end": 20}])),
     "answer", "s1", "not inside the passage"),
    ("key text differs", toml_bank(changed(SPAN, answer=[
        {"start": 254, "end": 263, "text": "Jane Sackie"}])), "answer", "s1", "'Jen Psaki'"),
    ("offset not a number", toml_bank(changed(SPAN, start="226")), "start", "s1",
     "whole number"),
    ("match left twice", toml_bank({"id": "m1", "kind": "match", "prompt": "P", "explanation": "E",
                                    "pairs": [{"left": "x", "right": "1"},
                                              {"left": "x", "right": "2"}]}),
     "pairs", "m1", "listed twice"),
    ("order of one item", toml_bank({"id": "o1", "kind": "order", "prompt": "P", "explanation": "E",
                                     "items": ["only"]}), "items", "o1", "at least 2"),
    ("text without answers", toml_bank({"id": "t1", "kind": "text", "prompt": "P",
                                        "explanation": "E"}), "answers", "t1", "missing"),
    ("numeric without right", toml_bank({"id": "n1", "kind": "numeric", "prompt": "P",
                                         "explanation": "E",
                                         "answers": [{"value": 3, "correct": False}]}),
     "answers", "n1", "no answer is marked right"),
    ("no questions", 'title = "Empty"\n', "questions", None, "no questions"),
]


@pytest.mark.parametrize("label,text,fld,qid,words", BAD_BANKS, ids=[b[0] for b in BAD_BANKS])
def test_bad_bank_names_file_question_and_field(tmp_path, label, text, fld, qid, words):
    """Does each kind of mistake in a bank give a KitError naming the file, question id and field?"""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KitError) as info:
        load_quiz(path)
    err, message = info.value, str(info.value)
    assert err.file == str(path) and str(path) in message
    assert err.field == fld and f"field {fld!r}" in message
    if qid:
        assert f"question {qid!r}" in message
    assert words in message
    assert err.fix, "every bank error says how to fix it"


def test_bad_bank_count():
    """Are at least 12 distinct kinds of bank mistakes tested?"""
    assert len({label for label, *_ in BAD_BANKS}) >= 12


def test_toml_syntax_error_gives_the_line(tmp_path):
    """Does a TOML syntax error name the file and the line it is on?"""
    path = tmp_path / "broken.toml"
    path.write_text('title = "x"\n\n[[questions]]\nid = "q1\nkind = "choice"\n', encoding="utf-8")
    with pytest.raises(KitError) as info:
        load_quiz(path)
    assert info.value.file == str(path)
    assert info.value.line == 4
    assert "not valid TOML" in str(info.value) and "line 4" in str(info.value)


def test_question_errors_give_the_question_line(tmp_path):
    """Does an error in the second question point at that question's [[questions]] line?"""
    path = tmp_path / "bank.toml"
    path.write_text(toml_bank(CHOICE, changed(CHOICE, id="q2", tags=["nope"])), encoding="utf-8")
    with pytest.raises(KitError) as info:
        load_quiz(path)
    lines = path.read_text().splitlines()
    assert lines[info.value.line - 1] == "[[questions]]"
    assert "q2" in lines[info.value.line]


def test_missing_bank_file(tmp_path):
    """Does a path that does not exist give a KitError with that path?"""
    with pytest.raises(KitError, match="does not exist") as info:
        load_quiz(tmp_path / "nope.toml")
    assert info.value.file == str(tmp_path / "nope.toml")


# ---------------------------------------------------------------- jupyterquiz

def test_jupyterquiz_json_imports_every_type():
    """Does a jupyterquiz JSON bank load, each type becoming the matching kind?"""
    quiz = load_quiz(JUPYTERQUIZ)
    assert [q.kind for q in quiz.questions] == ["choice", "multi", "numeric", "choice", "text"]
    assert [q.id for q in quiz.questions] == ["q1", "q2", "q3", "q4", "q5"]
    assert quiz["q1"].submit(2).correct
    assert "Correct." in quiz["q1"].submit(2).message
    assert quiz["q2"].submit([1]).score == pytest.approx(0.5)
    assert quiz["q4"].submit("mylist+=[3]").correct            # "code" answers become options
    assert quiz["q5"].submit("jen psaky").correct                # fuzzy_threshold kept
    wrong = quiz["q5"].submit("Jane Sackie")
    assert not wrong.correct and "garbled spelling" in wrong.message


def test_jupyterquiz_numeric_values_ranges_precision_default():
    """Are numeric value, half-open range, precision and default feedback read as jupyterquiz does?"""
    q = load_quiz(JUPYTERQUIZ)["q3"]
    assert q.submit("3.14").correct
    assert q.submit(3.1416).correct                 # precision 3: rounds to 3.14
    assert q.submit("22/7").correct                 # fractions as in jupyterquiz
    low = q.submit(-5)
    assert not low.correct and "AREA" in low.message
    edge = q.submit(0)                              # range [-1e8, 0) excludes 0
    assert not edge.correct and "Try again" in edge.message


def test_jupyterquiz_errors(tmp_path):
    """Do a bad jupyterquiz type and a JSON syntax error give KitErrors with place and field?"""
    bad_type = tmp_path / "types.json"
    bad_type.write_text(json.dumps([{"question": "Q", "type": "drag_drop", "answers": []}]))
    with pytest.raises(KitError) as info:
        load_quiz(bad_type)
    assert info.value.field == "type" and "question 'q1'" in str(info.value)
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"question": "Q",\n   "type": }\n]')
    with pytest.raises(KitError) as info:
        load_quiz(broken)
    assert info.value.line == 3 and info.value.file == str(broken)


# ------------------------------------------------------------------- grading

def test_text_tolerance():
    """Are case, spacing, punctuation and small typos forgiven, but not other words or numbers?"""
    assert text_matches("  JEN   psaki!! ", "Jen Psaki")
    assert text_matches("Jen Psakki", "Jen Psaki")           # ratio >= 0.85
    assert text_matches("Psak", "Psaki")                     # short: one edit
    assert not text_matches("Jane Sackie", "Jen Psaki")
    assert not text_matches("2014", "2015")                  # numbers are exact
    assert not text_matches("", "Jen Psaki")


def test_span_threshold_is_word_jaccard():
    """Is a span answer right at word-level Jaccard >= 0.8, partial below, punctuation ignored?"""
    text = "One two three four five, six."
    spec = Spec(id="s", kind="span", prompt="", explanation="", points=1.0,
                passage=Span(0, len(text)), passage_text=text, key=(Span(0, 24),))
    assert SPAN_THRESHOLD == 0.8
    assert grade(spec, [1, 2, 3, 4, 5]).correct               # exact
    assert grade(spec, [1, 2, 3, 4]).correct                  # 4/5 = 0.8
    three = grade(spec, [1, 2, 3])
    assert not three.correct and three.score == pytest.approx(0.6)
    assert grade(spec, "One two three four five,").correct    # typed words, comma and all
    assert grade(spec, [6]).score == 0


@pytest.mark.parametrize("answer", [0, 9, "x", {"a": 1}, True])
def test_malformed_answer_is_a_kiterror(quiz, answer):
    """Does an answer of the wrong shape say how to answer, instead of being graded?"""
    with pytest.raises(KitError, match="pick-one"):
        quiz["pick-one"].submit(answer)


# ------------------------------------------------------------ widgets, kind by kind

def test_choice_widget_right_and_wrong(quiz):
    """Does the choice widget say Right./Not quite. in words, with the option's feedback?"""
    q = quiz["pick-one"]
    buttons = options(q)
    assert [b.description.split(". ")[0] for b in buttons] == ["1", "2", "3"]
    press(buttons[1])
    html_right = submit_with(q)
    assert "Right." in html_right and "A blog." in html_right
    assert "kit-right" in with_class(q.widget, "kit-feedback")[0]._dom_classes
    press(buttons[0])
    html_wrong = submit_with(q)
    assert "Not quite." in html_wrong and "A news agency." in html_wrong
    assert "kit-right" not in with_class(q.widget, "kit-feedback")[0]._dom_classes


def test_choice_buttons_keep_exactly_one_chosen_and_say_which(quiz):
    """Does choosing one option unchoose the others, and pressing it again keep it chosen?"""
    q = quiz["pick-one"]
    buttons = options(q)
    assert not any(b.value for b in buttons) and q.widget.input.group.index is None
    press(buttons[0])
    press(buttons[2])
    assert [b.value for b in buttons] == [False, False, True]
    press(buttons[2])                               # pressed again: still the one chosen
    assert [b.value for b in buttons] == [False, False, True]
    assert [b.icon for b in buttons] == ["", "", "check"]
    assert buttons[2].tooltip.endswith("(chosen)") and buttons[0].tooltip.endswith("(not chosen)")
    assert "Graded answer: option 3" in submit_with(q)


def test_widget_without_answer_asks_for_one_and_records_nothing(quiz):
    """Does pressing check with nothing chosen ask for an answer and store nothing?"""
    q = quiz["pick-one"]
    assert "Choose one option first" in submit_with(q)
    assert q.last is None
    assert len(read_progress()) == 0


def test_multi_widget_right_partial_wrong(quiz):
    """Does the multi widget give full, partial (right - wrong) and zero credit?"""
    q = quiz["pick-many"]                          # 2 points; options 1 and 2 are right
    boxes = options(q)

    def tick(*numbers):
        for i, box in enumerate(boxes, 1):
            box.value = i in numbers
        return submit_with(q)

    assert "Right." in tick(1, 2) and q.last.score == 2
    assert "Partly right." in tick(1) and q.last.score == pytest.approx(1)
    assert "Partly right." in tick(1, 2, 3) and q.last.score == pytest.approx(1)
    assert "Not quite." in tick(1, 3, 4) and q.last.score == 0      # max(0, 1 - 2)


def test_span_widget_right_partial_wrong(quiz):
    """Does clicking word buttons grade right, partly right and wrong, and list the words picked?"""
    q = quiz["click-name"]
    buttons = {b.description: b for b in options(q)}

    def pick(*labels):
        for b in buttons.values():
            b.value = b.description in labels
        return submit_with(q)

    assert "Right." in pick("Jen", "Psaki")
    picked = [w for w in walk(q.widget) if "Words picked: Jen Psaki" in str(getattr(w, "value", ""))]
    assert picked, "a label says in words which words are picked"
    assert "(picked)" in buttons["Jen"].tooltip
    assert "Partly right." in pick("Psaki") and q.last.score == pytest.approx(0.5)
    assert "Not quite." in pick("announced") and q.last.score == 0


def test_match_widget_right_partial_and_incomplete(quiz):
    """Does the match widget grade all pairs, some pairs, and ask when one is left empty?"""
    q = quiz["who-published"]                      # 3 points
    rows = match_rows(q)
    right = {"psaki-briefing": "Ukrainian News Agency", "never-agree": "RT",
             "ready-for-talks": "Sputnik"}
    press(rows["psaki-briefing"]["Reuters"])
    assert "Choose a match for every item" in submit_with(q) and q.last is None
    for item, choice in right.items():
        press(rows[item][choice])
    assert "Right." in submit_with(q) and q.last.score == 3
    assert not rows["psaki-briefing"]["Reuters"].value, "one choice per item"
    first = q.widget.input.heads[0].value
    assert "matched with" in first and "Ukrainian News Agency" in first
    press(rows["psaki-briefing"]["Reuters"])
    assert "Partly right." in submit_with(q) and q.last.score == pytest.approx(2)


def test_order_widget_right_partial_and_duplicates(quiz):
    """Does the order widget grade the right order, a partly right one, and refuse shared positions?"""
    q = quiz["talks-order"]
    items = list(q.spec.items)
    inp = q.widget.input
    assert shown_order(q) != items, "the display does not give the order away"
    assert inp.ups[0].disabled and inp.downs[-1].disabled, "no move off the list"
    inp.ups[0].click()
    inp.downs[-1].click()                     # nothing happens
    start = shown_order(q)
    assert sorted(start) == sorted(items)

    def put_in_order(wanted):
        for place, item in enumerate(wanted):   # move each item up to its place
            while (row := shown_order(q).index(item)) > place:
                inp.ups[row].click()
        assert shown_order(q) == wanted

    put_in_order(items)
    assert "Right." in submit_with(q)
    put_in_order([items[1], items[0], items[2]])
    assert "Partly right." in submit_with(q) and q.last.score == pytest.approx(1 / 3)
    inp.downs[0].click()                      # moving down undoes moving up
    assert shown_order(q) == items
    assert sorted(inp.answer()) == sorted(inp.current) and len(set(inp.answer())) == len(items)


def test_text_widget_right_fuzzy_wrong(quiz):
    """Does the text widget accept normalised and near answers and give listed feedback for wrong ones?"""
    q = quiz["real-name"]
    (box,) = options(q)
    box.value = "  jen   PSAKI. "
    assert "Right." in submit_with(q)
    box.value = "Jen Psakki"
    assert "Right." in submit_with(q)
    box.value = "Jane Sackie"
    html_wrong = submit_with(q)
    assert "Not quite." in html_wrong and "garbled spelling" in html_wrong
    box.value = "Boris"
    assert "Compare with psaki-briefing" in submit_with(q)


def test_numeric_widget_right_wrong_and_not_a_number(quiz):
    """Does the numeric widget accept the number, refuse a wrong one, and explain a non-number?"""
    q = quiz["how-many"]
    (box,) = options(q)
    box.value = "5.0"
    assert "Right." in submit_with(q)
    box.value = "6"
    assert "Not quite." in submit_with(q)
    box.value = "five"
    assert "not a number" in submit_with(q)


def test_every_submission_is_recorded(quiz):
    """Does every submit reach the progress store with bank, kind, answer and tags?"""
    quiz["pick-one"].submit(2)
    quiz["click-name"].submit("Jen Psaki")
    rows = read_progress()
    assert list(rows["question"]) == ["pick-one", "click-name"]
    assert set(rows["bank"]) == {"all_kinds"} and list(rows["kind"]) == ["choice", "span"]
    assert json.loads(rows["answer"].iloc[0]) == "putin-demands"
    assert rows["tags"].iloc[1] == "names" and rows["student"].iloc[0] == "test-student"


# ----------------------------------------------------------------- quiz widget

def test_quiz_widget_classes_and_score(quiz):
    """Does the quiz widget carry the stable CSS classes and update the session score in words?"""
    w = quiz.widget
    assert "kit-quiz" in w._dom_classes
    assert len(with_class(w, "kit-question")) == len(quiz.questions)
    for q in quiz.questions:
        assert with_class(w, f"kit-q-{q.kind}")
    assert len(with_class(w, "kit-submit")) == len(with_class(w, "kit-feedback")) == 7
    quiz["pick-one"].submit(2)
    quiz["pick-many"].submit([1])
    (score,) = with_class(w, "kit-score")
    assert quiz.score() == (2.0, 3.0)
    assert score.value.startswith("Score this session: 2 of 3 points (2 of 7")


def test_display_gives_widget_and_readable_text(quiz):
    """Does display() get a widget view plus a text/plain fallback that says how to answer?"""
    bundle = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    text = bundle["text/plain"]
    assert "1. psaki-briefing" in text and '.submit(N)' in text
    one = quiz["pick-one"]._repr_mimebundle_()
    assert one["application/vnd.jupyter.widget-view+json"]["model_id"] == quiz["pick-one"].widget.model_id
    assert repr(quiz["pick-one"]) == one["text/plain"]


def test_widget_repr_is_short_and_names_the_question(quiz):
    """Is a quiz widget's repr one short line naming it, not a dump of every child's traits?"""
    assert repr(quiz.widget) == f"QuizWidget({quiz.title!r}, {len(quiz)} questions)"
    q = quiz["pick-one"]
    assert repr(q.widget) == f"QuestionWidget(question {q.number} of {q.total}, 'pick-one')"


def test_controls_have_labels_and_text_only_descriptions(quiz):
    """Has every input a readable label (description or tooltip) that is text, not HTML?"""
    for q in quiz.questions:
        for control in options(q) + with_class(q.widget, "kit-submit"):
            assert (control.description or control.tooltip).strip()
            assert getattr(control, "description_allow_html", False) is False  # buttons: always text


def secrets_of(spec: Spec) -> list[str]:
    """Texts that would give an answer away before the student submits."""
    found = [spec.explanation, *(o.feedback for o in spec.options if o.feedback)]
    found += list(spec.answers) + [w.feedback for w in spec.wrong if w.feedback]
    if spec.kind == "order":
        found.append(json.dumps(list(spec.items)))
    return [s for s in found if s]


def test_widget_state_carries_no_answer_key(quiz):
    """Before submitting, does no widget state hold an explanation, option feedback or accepted answer?"""
    for q in quiz.questions:
        state = json.dumps([w.get_state() for w in walk(q.widget)], default=str)
        for secret in secrets_of(q.spec):
            assert json.dumps(secret)[1:-1] not in state, (q.id, secret)
        assert with_class(q.widget, "kit-feedback")[0].value == ""
        assert "correct" not in state.lower()


def test_text_view_carries_no_answer_key(quiz):
    """Does the plain-text view (saved in notebooks) leave out explanations and feedback?"""
    text = repr(quiz)
    for q in quiz.questions:
        for secret in secrets_of(q.spec):
            assert secret not in text, (q.id, secret)


# ------------------------------------------------------------------ escaping

FIELDS = ["title", "prompt", "explanation", "hint", "option", "option_feedback", "left", "right",
          "distractor", "item", "answer", "wrong_feedback", "default_feedback",
          "numeric_feedback", "passage", "typed"]


def payload(name: str) -> str:
    return f'<script>alert("{name}")</script><img src=x onerror=alert("{name}")>'


@pytest.fixture
def evil_quiz(make_case) -> Quiz:
    """A case whose article and bank carry a script payload in every text field."""
    case = make_case()
    text = f"Intro words {payload('passage')} end words.\n"
    (case / "articles" / "evil.txt").write_text(text, encoding="utf-8")
    with open(case / "articles.csv", "a", encoding="utf-8") as fh:
        fh.write("evil,evil.txt,Evil,Evil,,,,,,\n")
    start = text.index("<script")
    end = text.index(" end words")
    p = payload
    bank = toml_bank(
        {"id": "c", "kind": "choice", "prompt": p("prompt"), "explanation": p("explanation"),
         "hint": p("hint"), "options": [
             {"text": p("option"), "feedback": p("option_feedback")},
             {"text": "safe", "correct": True}]},
        {"id": "m", "kind": "match", "prompt": "m", "explanation": "e",
         "pairs": [{"left": p("left"), "right": p("right")}, {"left": "l2", "right": "r2"}],
         "distractors": [p("distractor")]},
        {"id": "o", "kind": "order", "prompt": "o", "explanation": "e",
         "items": [p("item"), "second"]},
        {"id": "t-wrong", "kind": "text", "prompt": "t", "explanation": "e", "answers": ["x"],
         "wrong": [{"answer": "wrong", "feedback": p("wrong_feedback")}]},
        {"id": "t-default", "kind": "text", "prompt": "t", "explanation": "e", "answers": ["x"],
         "default_feedback": p("default_feedback")},
        {"id": "t-answer", "kind": "text", "prompt": "t", "explanation": "e",
         "answers": [p("answer")]},
        {"id": "t-typed", "kind": "text", "prompt": "t", "explanation": "e", "answers": ["x"]},
        {"id": "n", "kind": "numeric", "prompt": "n", "explanation": "e",
         "answers": [{"value": 1}, {"value": 2, "correct": False,
                                    "feedback": p("numeric_feedback")}]},
        {"id": "s", "kind": "span", "prompt": "s", "explanation": "e", "article": "evil",
         "start": start, "end": end, "answer": [{"start": start, "end": end}]},
        title=p("title"))
    (case / "quizzes").mkdir()
    (case / "quizzes" / "evil.toml").write_text(bank, encoding="utf-8")
    quiz = load_quiz("evil", case=case)
    press(with_class(quiz["c"].widget, "kit-option")[0])
    typed = {"t-wrong": "wrong", "t-default": "unlisted", "t-answer": payload("answer"),
             "t-typed": payload("typed")}             # the student's own input is echoed
    for qid, value in typed.items():
        with_class(quiz[qid].widget, "kit-option")[0].value = value
        submit_with(quiz[qid])
    with_class(quiz["n"].widget, "kit-option")[0].value = "2"
    submit_with(quiz["n"])
    submit_with(quiz["c"])
    return quiz


def rendered(widget) -> tuple[str, str]:
    """All HTML that widgets put on the page, and all text they show as text."""
    html_parts, text_parts = [], []
    for w in walk(widget):
        if type(w).__name__ == "HTML":
            html_parts.append(w.value)
        else:
            state = w.get_state()
            for key in ("description", "tooltip", "value", "placeholder"):
                if isinstance(state.get(key), str):
                    text_parts.append(state[key])
            text_parts += [str(x) for x in state.get("_options_labels", ())]
            text_parts += [str(x) for x in state.get("titles", ())]
    return "\n".join(html_parts), "\n".join(text_parts)


@pytest.mark.parametrize("name", FIELDS)
def test_injection_payload_shows_as_text(evil_quiz, name):
    """Does a <script>/<img onerror> in this field reach the page only as text, never as HTML?"""
    html_out, text_out = rendered(evil_quiz.widget)
    raw = payload(name)
    escaped = raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    assert f'alert("{name}")' in text_out or escaped in html_out or \
        all(part in text_out for part in raw.split()), f"{name} is not shown at all"
    assert raw not in html_out
    assert f'onerror=alert("{name}")' not in html_out.replace("&lt;img", "")  # never a live tag
    assert "<script" not in html_out and "<img" not in html_out


def test_no_widget_allows_html_descriptions(evil_quiz):
    """Do all labelled widgets keep description_allow_html off, so descriptions stay text?"""
    for w in walk(evil_quiz.widget):
        if hasattr(w, "description_allow_html"):
            assert w.description_allow_html is False


def test_feedback_object(quiz):
    """Does submit() return a Feedback with correct, score and a message that starts with the verdict?"""
    fb = quiz["pick-one"].submit("putin-demands")
    assert isinstance(fb, Feedback)
    assert (fb.correct, fb.score, fb.possible) == (True, 1.0, 1.0)
    assert fb.message.startswith("Right.") and "Why: putin-demands was posted" in fb.message
    assert str(fb) == fb.message


def test_feedback_names_the_answer_that_was_graded(quiz):
    """Does the feedback say which answer was graded, so a late-arriving change cannot go unseen?"""
    q = quiz["pick-one"]
    buttons = options(q)
    press(buttons[1])
    chosen = buttons[1].description
    text = submit_with(q)
    assert "Graded answer: option 2" in text
    assert chosen not in text.split("Graded answer:")[1]   # named by its number, not repeated whole
    q2 = quiz["who-published"]
    rows = list(match_rows(q2).values())
    press(rows[0]["Reuters"])
    for row in rows[1:]:
        press(row["RT"])
    text = submit_with(q2)
    reuters = rows[0]["Reuters"].description
    assert "Graded answer:" in text and f"1 → {reuters}," in text
    q.submit(1)                                   # from code: no widget answer to echo
    (area,) = with_class(q.widget, "kit-feedback")
    assert "Graded answer" not in area.value
