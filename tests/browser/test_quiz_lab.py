"""Quiz widgets in JupyterLab in Chromium: answered by clicking and typing.

* Each kind of question (cases/kinds/quizzes/kinds.toml) is answered once
  wrong ("Not quite.") and once right ("Right.").
* After a page reload and a kernel restart, every answer is still in
  ``kit.progress()``.
* Markup in an article and in a bank (cases/injection/) is shown as text:
  no dialog opens, no image loads, no script runs.
* One question of every kind is answered once more with the keyboard alone
  (Tab, Space, Enter, typing), and the answered quiz has no serious or
  critical axe-core (WCAG 2.1 AA) violation.

The tests of this file share one JupyterLab server (and one progress store);
pytest-xdist's ``--dist loadfile`` keeps them on one worker, in this order.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from browser.jupyter_driver import AXE_BLOCKING, STUDENT, NotebookPage, write_notebook

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
WRONG, RIGHT = "Not quite.", "Right."

#: How many answers the tests of this module have checked in the browser.
SUBMITTED = {"n": 0}


def _notebook(server, case: str, bank: str, extra: list[str] = ()) -> str:
    """Copy a test case into the served folder and write a notebook that shows its quiz."""
    target = server.root / "cases" / case
    if not target.exists():
        shutil.copytree(HERE / "cases" / case, target)
    path = f"{case}.ipynb"
    write_notebook(server.root / path, [
        f"import kit\nCASE = {str(target)!r}\nquiz = kit.load_quiz({bank!r}, case=CASE)",
        *extra,
        "quiz",
        "print('PROGRESS', len(kit.progress()))",
    ])
    return path


@pytest.fixture(scope="module")
def quiz_page(chromium, lab_server):
    """The bank with one question of each kind, open and run in one tab."""
    path = _notebook(lab_server, "kinds", "kinds")
    nb = NotebookPage(chromium, lab_server, path, name="lab-kinds")
    nb.open()
    cells = nb.run_all()
    nb.check_ran_cleanly(lab_server.root / path, cells)
    yield nb
    nb.close()


def question(nb, kind: str):
    q = nb.page.locator(f".kit-question.kit-q-{kind}")
    nb.check(q.count() == 1, f"expected one {kind} question on the page, found {q.count()}")
    return q


#: Pause between changing an answer and clicking "Check answer", as a person does.
#: ipywidgets holds back a widget's state update while its previous one is
#: unanswered, but sends a button's click at once; a click right after two quick
#: changes can reach the kernel before the second change does.
SETTLE_MS = 400


def submit(nb, q, verdict: str) -> str:
    """Click "Check answer" and wait for feedback that starts with ``verdict``."""
    nb.page.wait_for_timeout(SETTLE_MS)
    nb.wait_idle()
    q.locator(".kit-submit").click()
    feedback = q.locator(".kit-feedback")
    try:
        feedback.filter(has_text=re.compile(rf"^\s*{re.escape(verdict)}")).wait_for(timeout=15_000)
    except Exception:
        nb.fail(f"after Check answer, the feedback should start with {verdict!r}; "
                f"it reads {feedback.inner_text()!r}")
    SUBMITTED["n"] += 1
    return feedback.inner_text()


def word(q, text: str):
    """The button (a word, an option, a letter, "Move up") inside ``q`` labelled ``text``."""
    return q.locator("button.kit-option").filter(has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))


def chosen(button) -> bool:
    return "mod-active" in (button.get_attribute("class") or "")


def choose(button) -> None:
    """Click a toggle button unless it is already chosen, and wait for its tick."""
    if not chosen(button):
        button.click()
    button.locator("i.fa-check").wait_for()


def answer_choice(q, right: bool):
    label = "2. The White House Press Secretary" if right else "1. Officials in Moscow"
    choose(word(q, label))


def letter_of(q, text: str) -> str:
    """The letter a match question gives the choice ``text``."""
    listed = q.locator(".kit-choices").inner_text()
    found = re.search(rf"^([A-Z]+)\. {re.escape(text)}$", listed, re.M)
    assert found, f"no choice {text!r} in {listed!r}"
    return found.group(1)


def shown_order(q) -> list[str]:
    """The items of an order question, top to bottom, as the page shows them."""
    return [re.sub(r"^\d+\.\s*[A-Z]+\.\s*", "", t.strip())
            for t in q.locator(".kit-row .kit-item").all_inner_texts()]


def answer_multi(q, right: bool):
    for label, ticked in (("1. White House", right), ("2. Moscow", right), ("3. Geneva", not right)):
        box = q.get_by_label(label)
        box.check() if ticked else box.uncheck()


def answer_span(q, right: bool):
    for text, on in (("White", not right), ("Jen", right), ("Psaki", right)):
        button = word(q, text)
        if ("mod-active" in (button.get_attribute("class") or "")) != on:
            button.click()


def answer_match(q, right: bool):
    wanted = {"1. Jen Psaki": "White House" if right else "Moscow",
              "2. the officials": "Moscow" if right else "Brussels"}
    for n, (item, text) in enumerate(wanted.items()):
        row = q.locator(".kit-row").nth(n)
        assert row.locator(".kit-item").inner_text().startswith(item)
        choose(word(row, letter_of(q, text)))


def answer_order(q, right: bool):
    right_order = ["Secretary", "talks", "proposals"]
    wanted = right_order if right else right_order[1:] + right_order[:1]   # none in its place
    for place, item in enumerate(wanted):
        while (row := shown_order(q).index(item)) > place:
            word(q.locator(".kit-row").nth(row), "Move up").click()
            q.locator(".kit-row .kit-item").nth(row - 1).filter(
                has_text=re.compile(rf"\b{item}$")).wait_for()
    assert shown_order(q) == wanted, shown_order(q)


def answer_text(q, right: bool):
    q.get_by_label("Your answer:").fill("Jen Psaki" if right else "Jane Sackie")


def answer_numeric(q, right: bool):
    q.get_by_label(re.compile(r"^Your answer")).fill("23" if right else "24")


KINDS = {"choice": answer_choice, "multi": answer_multi, "span": answer_span,
         "match": answer_match, "order": answer_order, "text": answer_text,
         "numeric": answer_numeric}


@pytest.mark.parametrize("kind", list(KINDS))
def test_wrong_then_right(quiz_page, kind):
    nb = quiz_page
    q = question(nb, kind)
    KINDS[kind](q, right=False)
    wrong = submit(nb, q, WRONG)
    nb.check("Why:" in wrong, f"{kind}: the feedback has no explanation: {wrong!r}")
    KINDS[kind](q, right=True)
    submit(nb, q, RIGHT)
    if kind == "text":
        nb.check("garbled spelling" in wrong, f"text: the wrong answer's own feedback is "
                                              f"missing: {wrong!r}")


def _stored(server) -> int:
    with sqlite3.connect(server.progress) as conn:
        return conn.execute("SELECT COUNT(*) FROM submissions WHERE student = ?",
                            (STUDENT,)).fetchone()[0]


def test_answers_survive_reload_and_restart(quiz_page, lab_server):
    nb = quiz_page
    q = question(nb, "text")
    answer_text(q, right=False)
    submit(nb, q, WRONG)              # at least one answer, even when run alone
    stored = _stored(lab_server)
    nb.check(stored >= SUBMITTED["n"], f"the store {lab_server.progress} holds {stored} "
                                       f"answers; {SUBMITTED['n']} were checked in the browser")
    nb.reload()
    nb.restart_kernel()
    cells = nb.run_all()
    out = "\n".join(o["text"] for o in cells[-1]["outputs"])
    match = re.search(r"PROGRESS (\d+)", out)
    nb.check(match, f"the last cell should print PROGRESS <n>; it shows {out!r}")
    nb.check(int(match.group(1)) == stored,
             f"kit.progress() has {match.group(1)} answers after a reload and a kernel "
             f"restart; {stored} were stored before")


PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>",
            "<img src=x onerror=alert(3)>", "<script>alert(4)</script>",
            "<img src=x onerror=alert(10)>", "Which is <script>alert(11)</script> the answer?",
            "<img src=x onerror=alert(14)>"]


def test_markup_is_shown_as_text(chromium, lab_server):
    path = _notebook(lab_server, "injection", "payload",
                     extra=["kit.show('payload', case=CASE)",
                            "kit.side_by_side(case=CASE)"])
    nb = NotebookPage(chromium, lab_server, path, name="lab-injection")
    try:
        nb.open()
        cells = nb.run_all()
        nb.check_ran_cleanly(lab_server.root / path, cells)
        # answer: the choice right, the span right, the text wrong
        choice = question(nb, "choice")
        choose(word(choice, "1. <img src=x onerror=alert(14)>"))
        feedback = submit(nb, choice, RIGHT)
        nb.check("<script>alert(15)</script>" in feedback
                 and "<img src=x onerror=alert(12)>" in feedback,
                 f"the option's feedback and the explanation should show as text: {feedback!r}")
        span = question(nb, "span")
        word(span, "<script>alert(1)</script>").click()
        submit(nb, span, RIGHT)
        text = question(nb, "text")
        text.get_by_label("Your answer:").fill("<img src=x onerror=alert(20)>")
        feedback = submit(nb, text, WRONG)
        nb.check("<script>alert(19)</script>" in feedback, f"default feedback: {feedback!r}")
        hint = choice.locator(".kit-hint")
        hint.get_by_text("Hint").click()
        hint.get_by_text("<script>alert(13)</script>").wait_for()
        nb.page.wait_for_timeout(500)       # give any injected handler time to fire

        visible = nb.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").inner_text()
        for payload in PAYLOADS:
            nb.check(payload in visible, f"{payload!r} should be visible as text on the page")
        nb.check(not nb.dialogs, f"a dialog opened, so markup ran: {nb.dialogs}")
        injected = nb.page.evaluate("""() => ({
            images: [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x').length,
            scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(')).length,
            handlers: [...document.querySelectorAll('[onerror],[onmouseover]')].length,
            bold: [...document.querySelectorAll('.jp-OutputArea b')].filter(b => b.textContent === 'plain').length })""")
        nb.check(injected == {"images": 0, "scripts": 0, "handlers": 0, "bold": 0},
                 f"markup from the case became page elements: {injected}")
        from_payload = [e for e in nb.console_errors + nb.failed_requests
                        if "alert" in e or re.search(r"/x(\?|$)", e)]
        nb.check(not from_payload, f"console errors or requests caused by the markup: {from_payload}")
    finally:
        nb.close()
        lab_server.shutdown_kernels(path)


# ------------------------------------------------------------- keyboard alone

#: What has the keyboard focus: enough to tell which control it is.
_FOCUS = """() => {
  const a = document.activeElement;
  if (!a) return {};
  const box = a.closest('.widget-inline-hbox, .widget-checkbox');
  const q = a.closest('.kit-question');
  const row = a.closest('.kit-row');
  const item = row ? row.querySelector('.kit-item') : null;
  return {tag: a.tagName, type: a.type || '', text: (a.innerText || '').trim(),
          title: a.title || '', label: box ? box.innerText.trim() : '',
          row: item ? item.innerText.trim() : '',
          chosen: a.classList.contains('mod-active'),
          question: q ? [...q.classList].find(c => c.startsWith('kit-q-')) : '',
          submit: a.classList.contains('kit-submit')};
}"""


class Keys:
    """A student with a keyboard and no mouse."""

    def __init__(self, nb):
        self.nb, self.page = nb, nb.page

    def focus(self) -> dict:
        return self.page.evaluate(_FOCUS)

    def tab_to(self, kind: str, wanted, limit: int = 14) -> dict:
        """Press Tab until the focused control of the ``kind`` question matches ``wanted(focus)``."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            here = self.focus()
            if here.get("question") == f"kit-q-{kind}" and wanted(here):
                return here
        self.nb.fail(f"{kind}: {limit} presses of Tab did not reach the control wanted; "
                     f"the focus is on {self.focus()}")

    def wait_for(self, what: str, ok, timeout_s: float = 15) -> dict:
        """Wait (no key pressed) until ``ok(focus)`` holds for the focused control."""
        deadline = self.page.evaluate("Date.now()") + timeout_s * 1000
        while True:
            here = self.focus()
            if ok(here):
                return here
            if self.page.evaluate("Date.now()") > deadline:
                self.nb.fail(f"{what}: not so after {timeout_s:.0f} s; the focus is on {here}")
            self.page.wait_for_timeout(100)

    def press_space(self, kind: str, wanted) -> None:
        """Tab to the control ``wanted(focus)`` of the ``kind`` question and press Space."""
        if not (self.focus().get("question") == f"kit-q-{kind}" and wanted(self.focus())):
            self.tab_to(kind, wanted)
        self.page.keyboard.press("Space")

    def check_answer(self, kind: str, key: str = "Enter") -> str:
        """Tab to "Check answer", press ``key`` and read the feedback."""
        self.tab_to(kind, lambda f: f["submit"])
        self.page.wait_for_timeout(SETTLE_MS)
        self.page.keyboard.press(key)
        return self.feedback(kind)

    def feedback(self, kind: str) -> str:
        feedback = question(self.nb, kind).locator(".kit-feedback")
        try:
            feedback.filter(has_text=re.compile(rf"^\s*{re.escape(RIGHT)}")).wait_for(timeout=15_000)
        except Exception:
            self.nb.fail(f"{kind}, answered by keyboard: the feedback should start with {RIGHT!r}; "
                         f"it reads {feedback.inner_text()!r}")
        return feedback.inner_text()


def test_kinds_answered_by_keyboard_alone(chromium, lab_server):
    """One question of each kind answered right with Tab, Space, Enter and typing alone.

    The focus is put on the first control of the first question once (as a
    Tab from the cell above would); after that only keys are pressed, never
    the mouse, and never an arrow key (JupyterLab takes those to move between
    cells).  Every kind's feedback must say "Right.".
    """
    path = _notebook(lab_server, "kinds", "kinds")
    path = path.replace(".ipynb", "-keys.ipynb")
    write_notebook(lab_server.root / path, [
        f"import kit\nquiz = kit.load_quiz('kinds', case={str(lab_server.root / 'cases' / 'kinds')!r})",
        "quiz"])
    nb = NotebookPage(chromium, lab_server, path, name="lab-keys")
    try:
        nb.open()
        nb.check_ran_cleanly(lab_server.root / path, nb.run_all())
        keys = Keys(nb)
        page = nb.page
        page.locator(".kit-q-choice button.kit-option").first.focus()
        answered = []

        # choice: Space chooses an option button; it shows a tick and "(chosen)"
        option = "2. The White House Press Secretary"
        keys.press_space("choice", lambda f: f["text"] == option)
        keys.wait_for("choice: the option pressed is chosen",
                      lambda f: f["text"] == option and f["chosen"] and f["title"].endswith("(chosen)"))
        keys.check_answer("choice")
        answered.append("choice")

        # multi: Space ticks a box
        for box in ("1. White House", "2. Moscow"):
            keys.press_space("multi", lambda f, box=box: f["type"] == "checkbox" and f["label"] == box)
        keys.check_answer("multi", key="Space")
        answered.append("multi")

        # span: Space picks a word button
        for w in ("Jen", "Psaki"):
            keys.press_space("span", lambda f, w=w: f["tag"] == "BUTTON" and f["text"] == w)
        keys.check_answer("span")
        answered.append("span")

        # match: under each item, Space on the letter of its match
        match = question(nb, "match")
        for item, text in (("1. Jen Psaki", "White House"), ("2. the officials", "Moscow")):
            k = letter_of(match, text)
            keys.press_space("match", lambda f, item=item, k=k: f["row"].startswith(item)
                             and f["text"] == k)
            keys.wait_for(f"match: {item} is matched with {k}",
                          lambda f, item=item, text=text: f["row"].startswith(item)
                          and f"matched with {k}. {text}" in f["row"])
        keys.check_answer("match")
        answered.append("match")

        # order: Space on "Move up" moves the item up, and the focus goes with it
        order = question(nb, "order")
        for place, item in enumerate(["Secretary", "talks", "proposals"]):
            while (row := shown_order(order).index(item)) > place:
                keys.press_space("order", lambda f, item=item: f["text"] == "Move up"
                                 and f["row"].endswith(item))
                keys.wait_for(f"order: {item} moved up to row {row} and the focus with it",
                              lambda f, item=item, row=row: f["text"].startswith("Move")
                              and re.fullmatch(rf"{row}\. [A-Z]+\. {item}", f["row"]))
        nb.check(shown_order(order) == ["Secretary", "talks", "proposals"],
                 f"order: the items read {shown_order(order)}")
        keys.check_answer("order")
        answered.append("order")

        # text: typing, then Enter in the box itself checks the answer
        keys.tab_to("text", lambda f: f["tag"] == "INPUT")
        page.keyboard.type("Jen Psaki")
        page.wait_for_timeout(SETTLE_MS)
        page.keyboard.press("Enter")
        keys.feedback("text")
        answered.append("text")

        keys.tab_to("numeric", lambda f: f["tag"] == "INPUT")
        page.keyboard.type("23")
        keys.check_answer("numeric")
        answered.append("numeric")
        nb.check(answered == list(KINDS), f"answered by keyboard: {answered}; kinds: {list(KINDS)}")

        violations = nb.axe()
        blocking = [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations
                    if v["impact"] in AXE_BLOCKING]
        nb.check(not blocking, f"the quiz, answered, has accessibility problems: {blocking}")
    finally:
        nb.close()
        lab_server.shutdown_kernels(path)
