"""Drawing questions with stock ipywidgets (no custom JavaScript).

ipywidgets is imported when the first widget is drawn, so ``import kit`` stays fast.

Rules every widget here keeps:

* Text reaches the page only as widget text (``description``, ``tooltip``,
  option labels, ``Label``), which the browser shows as text, or through
  :func:`_html`, which escapes it.  Nothing from a bank or a student is ever
  put into HTML unescaped.
* No widget holds the answer key: inputs hold only what the student sees, and
  the feedback area stays empty until an answer is submitted.
* Every control has a label a screen reader reads, and feedback says
  "Right." / "Partly right." / "Not quite." in words.
* Every question is answered with Tab, Shift+Tab, Space and Enter alone: the
  controls are buttons, tick boxes and text boxes.  No radio buttons or
  drop-downs, whose arrow keys JupyterLab takes to move between cells.
* A choice shows in words or a tick, never in colour alone.
* Stable CSS classes for browser tests: ``kit-quiz``, ``kit-question``,
  ``kit-q-<kind>``, ``kit-option``, ``kit-row``, ``kit-submit``, ``kit-feedback``.

Every widget costs a message to the browser when it is made, and so does every
change made to it afterwards; a quiz has hundreds of controls.  So widgets get
their CSS classes when they are made (``_dom_classes``), and controls drawn
alike share one ``Layout`` and one style object (:func:`_shared`), as
ipywidgets allows, instead of making two more widgets each.  That makes a
lesson's quizzes about three times cheaper to draw.
"""

from __future__ import annotations

import functools
import html
import warnings

from kit.errors import KitError
from kit.quiz import model
from kit.quiz.grade import letter, match_choices, order_display, words

__all__ = ["Question", "Quiz", "load_quiz", "find_question", "question_widget", "quiz_widget", "Incomplete"]

_WIDE = {"description_width": "initial"}
_VERDICT_CLASSES = ("kit-right", "kit-partial", "kit-wrong", "kit-notice")
#: Widget buttons keep their label on one line and cut it off ("…"): an option's
#: button wraps its text instead, and a chosen button is bold beside its tick.
_STYLE = ("<style>.kit-question .kit-wrap.jupyter-button{white-space:normal;height:auto;"
          "line-height:1.4;text-align:left;padding:.3em .8em;text-overflow:clip}"
          ".kit-question .kit-option.mod-active{font-weight:bold}</style>")
_COLOURS = {"kit-right": "#1a7f37", "kit-partial": "#9a6700", "kit-wrong": "#cf222e",
            "kit-notice": "#57606a"}


class Incomplete(Exception):
    """The student has not finished answering; the message says what is missing."""


_SHARED: dict = {}


def _shared(cls, **traits):
    """One ``cls`` (a ``Layout`` or a style) for every widget drawn with ``traits``.

    A speed trick that stays: without it every widget brings its own layout and
    style, two more widget models for the kernel to make and send and the browser
    to draw. Lesson 07's quiz (10 questions) then took 14, 20, 192, 195 and 236 ms
    longer from Run All to drawn in Chromium in five runs (medians of 7; the machine
    is noisy), 16-27 ms of it in the kernel (benchmarks/RESULTS.md, "Speed tricks").
    On a hub or Binder each model also crosses the network, which the benchmark,
    on one machine, does not measure.

    Shared objects are never changed after they are made.  One that has been
    closed (``Widget.close_all()``) is replaced by a new one.

    >>> import ipywidgets as W
    >>> _shared(W.Layout, width="auto") is _shared(W.Layout, width="auto")
    True
    >>> _shared(W.Layout, width="auto") is _shared(W.Layout, width="50%")
    False
    """
    key = (cls, tuple(sorted(traits.items())))
    obj = _SHARED.get(key)
    if obj is None or getattr(obj, "comm", None) is None:
        obj = _SHARED[key] = cls(**traits)
    return obj


def _look(cls, layout=None, style=None, classes=()) -> dict:
    """Keyword arguments for a ``cls`` widget: shared layout and style, CSS classes."""
    import ipywidgets as W

    out = {"layout": _shared(W.Layout, **(layout or {})), "_dom_classes": tuple(classes)}
    style_class = _style_class(cls)
    if style_class is not None:                      # boxes have none
        out["style"] = _shared(style_class, **(style or {}))
    return out


def _style_class(cls):
    """The class of ``cls``'s ``style`` trait, or None."""
    trait = cls.class_traits().get("style")
    return None if trait is None else trait.klass


def _html(text: str) -> str:
    """Escape ``text`` for HTML, keeping its line breaks.

    >>> _html('<img src=x onerror="alert(1)">\\nok')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>ok'
    """
    return html.escape(text, quote=True).replace("\n", "<br>")


def _brief(text: str, limit: int = 60) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis.

    >>> _brief("a" * 70, 10)
    'aaaaaaaaa…'
    """
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _note_html(text: str) -> str:
    return f'<div class="kit-note">{_html(text)}</div>'


def _note(text: str):
    """A line of instructions that wraps (an escaped ``HTML``; a ``Label`` would be cut off)."""
    import ipywidgets as W

    return W.HTML(_note_html(text), **_look(W.HTML))


@functools.cache
def _classes():
    """The widget classes, made on first use: ipywidgets is imported only when a quiz is drawn."""
    import ipywidgets as W

    _OPTION = ("kit-option",)
    _AUTO = {"width": "auto"}
    # A button as wide as the page at most, its text wrapping (see _STYLE).
    _BLOCK = {"width": "auto", "max_width": "100%", "height": "auto", "margin": "2px 0"}
    _WRAP = ("kit-option", "kit-wrap")


    # ------------------------------------------------------------------- inputs

    class OneOf:
        """Toggle buttons of which one is chosen: choosing one unchooses the others.

        Each is a real button (Tab reaches it, Space or Enter presses it).  The
        chosen one shows a tick and says "(chosen)" in its tooltip; pressing it
        again keeps it chosen, so once a choice is made exactly one stays chosen.
        """

        def __init__(self, labels, tips, look, on_change=None):
            self.tips = list(tips)
            self.on_change = on_change
            self.buttons = [W.ToggleButton(value=False, description=label,
                                           tooltip=f"{tip} (not chosen)", **look)
                            for label, tip in zip(labels, self.tips)]
            for button in self.buttons:
                button.observe(self._changed, names="value")

        @property
        def index(self):
            """The chosen button's index, or None."""
            return next((i for i, b in enumerate(self.buttons) if b.value), None)

        def _changed(self, change) -> None:
            if not change["new"]:
                if self.index is None:            # the chosen one pressed again
                    change["owner"].value = True
                return
            for other in self.buttons:
                if other is not change["owner"]:
                    other.value = False
            for tip, button in zip(self.tips, self.buttons):
                button.icon = "check" if button.value else ""
                button.tooltip = f"{tip} ({'chosen' if button.value else 'not chosen'})"
            if self.on_change:
                self.on_change()


    class ChoiceInput(W.VBox):
        """One toggle button per option, numbered as in the plain-text view; one is chosen."""

        def __init__(self, spec):
            n = len(spec.options)
            self.group = OneOf([f"{i}. {o.text}" for i, o in enumerate(spec.options, 1)],
                               [f"Option {i} of {n}" for i in range(1, n + 1)],
                               _look(W.ToggleButton, _BLOCK, classes=_WRAP))
            super().__init__([_note("Choose one option (click it, or Tab to it and press "
                                    "Space). The chosen option shows a tick."),
                              *self.group.buttons], **_look(W.VBox))

        def answer(self):
            if self.group.index is None:
                raise Incomplete("Choose one option first.")
            return self.group.index + 1

        def summary(self, answer) -> str:
            return f"option {answer}"


    class MultiInput(W.VBox):
        """One checkbox per option."""

        def __init__(self, spec):
            self.boxes = [W.Checkbox(value=False, description=f"{i}. {o.text}", indent=False,
                                     **_look(W.Checkbox, _AUTO, classes=_OPTION))
                          for i, o in enumerate(spec.options, 1)]
            super().__init__([_note("Tick every option that applies:"), *self.boxes],
                             **_look(W.VBox))

        def answer(self):
            picked = [i for i, box in enumerate(self.boxes, 1) if box.value]
            if not picked:
                raise Incomplete("Tick at least one option first.")
            return picked

        def summary(self, answer) -> str:
            return ("option " if len(answer) == 1 else "options ") + ", ".join(map(str, answer))


    class SpanInput(W.VBox):
        """The passage as one toggle button per word; a label lists the words picked."""

        def __init__(self, spec):
            self.words = words(spec)
            look = _look(W.ToggleButton, {"width": "auto", "margin": "1px"}, classes=_OPTION)
            self.buttons = [W.ToggleButton(value=False, description=w.text,
                                           tooltip=f"Word {w.number}: {w.text} (not picked)", **look)
                            for w in self.words]
            self.picked = _note("Words picked: none")
            passage = W.Box(self.buttons, **_look(W.Box, {"flex_flow": "row wrap"}))
            intro = _note(f"Passage from article {spec.article!r}. Click (or Tab to, and press "
                          "Space on) each word of your answer; click again to unpick it. "
                          "A picked word shows a tick.")
            super().__init__([intro, passage, self.picked], **_look(W.VBox))
            for button in self.buttons:
                button.observe(self._changed, names="value")

        def _changed(self, change) -> None:
            for w, button in zip(self.words, self.buttons):
                state = "picked" if button.value else "not picked"
                button.tooltip = f"Word {w.number}: {w.text} ({state})"
                button.icon = "check" if button.value else ""
            chosen = [w.text for w, b in zip(self.words, self.buttons) if b.value]
            self.picked.value = _note_html("Words picked: " + (" ".join(chosen) if chosen else "none"))

        def answer(self):
            picked = [w.number for w, b in zip(self.words, self.buttons) if b.value]
            if not picked:
                raise Incomplete("Click at least one word first.")
            return picked

        def summary(self, answer) -> str:
            return _brief(" ".join(w.text for w in self.words if w.number in answer))


    class MatchInput(W.VBox):
        """The choices listed once, lettered; under each item, one button per letter."""

        def __init__(self, spec):
            self.lefts = [p.left for p in spec.pairs]
            self.choices = match_choices(spec)
            self.letters = [letter(j) for j in range(len(self.choices))]
            listed = "".join(f"<div>{_html(f'{k}. {c}')}</div>"
                             for k, c in zip(self.letters, self.choices))
            look = _look(W.ToggleButton, {"width": "auto", "margin": "1px 4px 1px 0"},
                         classes=_OPTION)
            self.heads, self.groups, rows = [], [], []
            for i, left in enumerate(self.lefts, 1):
                head = W.HTML(self._head(i, None), **_look(W.HTML))
                group = OneOf(self.letters, [f"Item {i}, {_brief(left)}: {k}. {_brief(c)}"
                                             for k, c in zip(self.letters, self.choices)],
                              look, on_change=functools.partial(self._changed, i - 1))
                self.heads.append(head)
                self.groups.append(group)
                rows.append(W.VBox([head, W.Box(group.buttons, **_look(W.Box, {"flex_flow": "row wrap"}))],
                                   **_look(W.VBox, {"margin": "0 0 .4em 0"}, classes=("kit-row",))))
            intro = _note("Match each item with one of the choices below it: click its letter, "
                          "or Tab to the letter and press Space.")
            choices = W.HTML(f'<div class="kit-choices" style="margin:.2em 0 .5em">'
                             f"<strong>Choices</strong>{listed}</div>", **_look(W.HTML))
            super().__init__([intro, choices, *rows], **_look(W.VBox))

        def _head(self, i: int, k) -> str:
            match = "no match chosen yet" if k is None else f"matched with {self.letters[k]}. " \
                                                             f"{self.choices[k]}"
            return f'<div class="kit-item">{_html(f"{i}. {self.lefts[i - 1]}")} ' \
                   f'<em>({_html(match)})</em></div>'

        def _changed(self, row: int) -> None:
            self.heads[row].value = self._head(row + 1, self.groups[row].index)

        def answer(self):
            picked = [g.index for g in self.groups]
            if None in picked:
                raise Incomplete("Choose a match for every item first.")
            return {left: self.choices[k] for left, k in zip(self.lefts, picked)}

        def summary(self, answer) -> str:
            return ", ".join(f"{i} → {self.letters[g.index]}" for i, g in enumerate(self.groups, 1))


    class OrderInput(W.VBox):
        """The items in a fixed shuffle, each row with "Move up" and "Move down" buttons.

        The rows stay where they are and the items move between them, so the
        keyboard focus is sent after the item: pressing Space again moves it on.
        """

        def __init__(self, spec):
            shown = order_display(spec)
            self.n = n = len(shown)
            self.texts = {letter(k): spec.items[i] for k, i in enumerate(shown)}
            self.current = [letter(k) for k in range(n)]
            # The buttons keep their width; a long item wraps beside them.
            look = _look(W.Button, {"width": "auto", "margin": "1px 4px 1px 0", "flex": "0 0 auto"},
                         classes=_OPTION)
            self.labels = [W.HTML(**_look(W.HTML, {"flex": "1 1 0%", "min_width": "0"}))
                           for _ in range(n)]
            self.ups = [W.Button(description="Move up", icon="arrow-up", disabled=p == 0, **look)
                        for p in range(n)]
            self.downs = [W.Button(description="Move down", icon="arrow-down", disabled=p == n - 1,
                                   **look) for p in range(n)]
            for p in range(n):
                self._show(p)
                self.ups[p].on_click(functools.partial(self._move, p, -1))
                self.downs[p].on_click(functools.partial(self._move, p, 1))
            rows = [W.HBox([up, down, label], **_look(W.HBox, {"align_items": "center"},
                                                      classes=("kit-row",)))
                    for up, down, label in zip(self.ups, self.downs, self.labels)]
            intro = _note(f"Put the items in order, first at the top, with the Move up and Move "
                          f"down buttons (click one, or Tab to it and press Space).")
            super().__init__([intro, *rows], **_look(W.VBox))

        def _show(self, p: int) -> None:
            k = self.current[p]
            self.labels[p].value = (f'<div class="kit-item"><strong>{p + 1}.</strong> '
                                    f"{_html(f'{k}. {self.texts[k]}')}</div>")
            item = f"item {k} ({_brief(self.texts[k], 40)}), now at position {p + 1} of {self.n}"
            self.ups[p].tooltip = f"Move {item}, up"
            self.downs[p].tooltip = f"Move {item}, down"

        def _move(self, p: int, step: int, _button=None) -> None:
            q = p + step
            if not 0 <= q < self.n:
                return
            self.current[p], self.current[q] = self.current[q], self.current[p]
            self._show(p)
            self._show(q)
            same, other = (self.ups, self.downs) if step < 0 else (self.downs, self.ups)
            (other[q] if same[q].disabled else same[q]).focus()     # follow the item

        def answer(self):
            return list(self.current)

        def summary(self, answer) -> str:
            return ", then ".join(answer)


    class TextInput(W.VBox):
        """A one-line text box."""

        label = "Your answer:"

        def __init__(self, spec):
            self.box = W.Text(value="", description=self.label, placeholder="type here",
                              **_look(W.Text, {"width": "min(36em, 100%)"}, _WIDE, _OPTION))
            super().__init__([self.box], **_look(W.VBox))

        def answer(self):
            if not self.box.value.strip():
                raise Incomplete("Type an answer first.")
            return self.box.value.strip()

        def summary(self, answer) -> str:
            return _brief(answer)


    class NumericInput(TextInput):
        """A one-line box for a number (``12``, ``3.5``, ``22/7``)."""

        label = "Your answer (a number):"


    class WrittenInput(TextInput):
        """A box for a few sentences, saved for the teacher."""

        def __init__(self, spec):
            self.box = W.Textarea(value="", description="Your answer:", placeholder="write a few sentences",
                                  rows=5, **_look(W.Textarea, {"width": "min(40em, 100%)"}, _WIDE, _OPTION))
            W.VBox.__init__(self, [self.box], **_look(W.VBox))

        def answer(self):
            if not self.box.value.strip():
                raise Incomplete("Write your answer first.")
            return self.box.value.strip()


    _INPUTS = {"choice": ChoiceInput, "multi": MultiInput, "span": SpanInput, "match": MatchInput,
               "order": OrderInput, "text": TextInput, "numeric": NumericInput, "written": WrittenInput}


    # ---------------------------------------------------------------- composites

    def _feedback_html(css: str, message: str) -> str:
        first, *rest = message.split("\n")
        body = f"<strong>{_html(first)}</strong>" + "".join(f"<div>{_html(line)}</div>" for line in rest)
        return (f'<div role="status" aria-live="polite" style="border-left:4px solid {_COLOURS[css]};'
                f'padding:.2em .7em;margin:.3em 0">{body}</div>')


    class QuestionWidget(W.VBox):
        """One question: prompt, (hint), input, check button and feedback area."""

        def __init__(self, question):
            spec = question.spec
            self.question = question
            tags = f" · {', '.join(spec.tags)}" if spec.tags else ""
            written = spec.kind == "written"
            pts = ("read by your teacher" if written else
                   f"{spec.points:g} point" + ("" if spec.points == 1 else "s"))
            self.header = W.HTML(
                f'{_STYLE}<div class="kit-q-head" style="font-size:.85em;color:#444">Question '
                f"{question.number} of {question.total} · {pts}{_html(tags)}</div>"
                f'<div class="kit-prompt" style="font-size:1.05em;margin:.2em 0 .4em">'
                f"{_html(spec.prompt.strip())}</div>", **_look(W.HTML))
            self.input = _INPUTS[spec.kind](spec)
            verb = "Save" if written else "Check"
            self.submit_button = W.Button(description=f"{verb} answer", icon="check",
                                          tooltip=f"{verb} your answer to question {question.number}",
                                          **_look(W.Button, classes=("kit-submit",)))
            self.feedback = W.HTML("", **_look(W.HTML, classes=("kit-feedback",)))
            children = [self.header, self.input]
            if spec.hint:
                hint = W.Accordion([W.HTML(_html(spec.hint), **_look(W.HTML))], titles=("Hint",),
                                   selected_index=None, **_look(W.Accordion, classes=("kit-hint",)))
                children.append(hint)
            super().__init__(children + [self.submit_button, self.feedback],
                             **_look(W.VBox, {"border": "1px solid #ddd", "padding": ".4em .8em",
                                              "margin": ".4em 0"},
                                     classes=("kit-question", f"kit-q-{spec.kind}")))
            self.submit_button.on_click(self._on_submit)
            if isinstance(self.input, TextInput) and isinstance(self.input.box, W.Text):
                with warnings.catch_warnings():
                    # Enter in the box checks the answer.  ipywidgets 8 calls on_submit
                    # deprecated, but it is its only event for Enter alone: the suggested
                    # continuous_update=False also fires whenever the box loses focus.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    self.input.box.on_submit(self._on_submit)
            question.on_submit(self.show)

        def __repr__(self) -> str:
            # ipywidgets' default repr lists every trait of every child, and is
            # made (then cut to 110 characters) each time the widget is shown.
            q = self.question
            return f"QuestionWidget(question {q.number} of {q.total}, {q.spec.id!r})"

        def _on_submit(self, _button=None) -> None:
            # Say which answer was graded: a click sent right after a change can
            # reach the kernel before the change does, and the student must see it.
            self._graded = None
            try:
                answer = self.input.answer()
                self._graded = self.input.summary(answer)
                self.question.submit(answer)
            except Incomplete as err:
                self._set("kit-notice", str(err))
            except KitError as err:
                self._set("kit-notice", err.message)

        def show(self, feedback) -> None:
            """Show a submission's feedback (called after every submit)."""
            css = ("kit-notice" if self.question.kind == "written" else
                   "kit-right" if feedback.correct else
                   "kit-partial" if feedback.score > 0 else "kit-wrong")
            graded, self._graded = getattr(self, "_graded", None), None
            self._set(css, feedback.message + (f"\nGraded answer: {graded}" if graded else ""))

        def _set(self, css: str, message: str) -> None:
            for old in _VERDICT_CLASSES:
                self.feedback.remove_class(old)
            self.feedback.add_class(css)
            self.feedback.value = _feedback_html(css, message)


    class QuizWidget(W.VBox):
        """A whole quiz: its title, every question and the session's score."""

        def __init__(self, quiz):
            self.quiz = quiz
            self.title = W.HTML(f'<h3 class="kit-quiz-title">{_html(quiz.title)}</h3>',
                                **_look(W.HTML))
            self.score_label = W.Label(self._score_text(), **_look(W.Label, classes=("kit-score",)))
            super().__init__([self.title, *(q.widget for q in quiz.questions), self.score_label],
                             **_look(W.VBox, classes=("kit-quiz",)))
            for q in quiz.questions:
                q.on_submit(self._update)

        def __repr__(self) -> str:
            return f"QuizWidget({self.quiz.title!r}, {len(self.quiz.questions)} questions)"

        def _score_text(self) -> str:
            score, possible = self.quiz.score()
            answered = sum(q.last is not None for q in self.quiz.questions)
            return (f"Score this session: {round(score, 2):g} of {round(possible, 2):g} points "
                    f"({answered} of {len(self.quiz.questions)} questions answered)")

        def _update(self, _feedback) -> None:
            self.score_label.value = self._score_text()

    return QuestionWidget, QuizWidget


def question_widget(question):
    """A :class:`~kit.quiz.model.Question` as an ipywidgets widget."""
    return _classes()[0](question)


def quiz_widget(quiz):
    """A whole :class:`~kit.quiz.model.Quiz` as one ipywidgets widget."""
    return _classes()[1](quiz)


# ------------------------------------------------------------- on screen

def _bundle(obj) -> dict:
    """The widget's mime bundle, with the plain-text version as text/plain."""
    try:
        bundle = dict(obj.widget._repr_mimebundle_())
    except ImportError:          # no ipywidgets: text only
        bundle = {}
    bundle["text/plain"] = obj.text()
    return bundle


class Question(model.Question):
    """A question that a notebook draws as a widget (``.widget``)."""

    @property
    def widget(self):
        """The question as an ipywidgets widget (built on first use)."""
        if getattr(self, "_widget", None) is None:
            self._widget = question_widget(self)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        return _bundle(self)


class Quiz(model.Quiz):
    """A quiz that a notebook draws as one widget (``.widget``)."""

    question_class = Question

    @property
    def widget(self):
        """The whole quiz as one ipywidgets widget (built on first use)."""
        if getattr(self, "_widget", None) is None:
            self._widget = quiz_widget(self)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        return _bundle(self)


def load_quiz(name_or_path, case=None) -> Quiz:
    """Load and check a question bank (see :func:`kit.quiz.model.load_quiz`); a notebook shows it."""
    return model.load_quiz(name_or_path, case, quiz_class=Quiz)


def find_question(question_id: str, case=None) -> Question:
    """The question with this id in the case's banks (see :func:`kit.quiz.model.find_question`)."""
    return model.find_question(question_id, case, quiz_class=Quiz)
