"""jupyterquiz banks (JSON): read into the kit's own question fields."""

from __future__ import annotations

import math
import warnings

from kit.errors import KitError
from kit.quiz.spec import Where

__all__ = ["from_jupyterquiz", "JupyterquizNote"]


class JupyterquizNote(UserWarning):
    """A jupyterquiz bank was read with a change worth knowing (e.g. a legacy precision)."""

_JQ_KINDS = {"multiple_choice": "choice", "many_choice": "multi", "numeric": "numeric",
             "string": "text"}


def from_jupyterquiz(data, file: str = "<json>") -> list[dict]:
    """Turn jupyterquiz's question list into this kit's question tables.

    Ids are ``q1``, ``q2``, ... by position.  ``multiple_choice`` becomes
    ``choice`` (several right options are allowed there, as in jupyterquiz),
    ``many_choice`` becomes ``multi``, ``string`` becomes ``text`` and
    ``numeric`` stays ``numeric``.  Display-only keys are ignored.

    >>> from_jupyterquiz([{"question": "2+2?", "type": "numeric",
    ...                    "answers": [{"type": "value", "value": 4, "correct": True}]}])
    [{'id': 'q1', 'kind': 'numeric', 'prompt': '2+2?', 'explanation': '', 'answers': [{'value': 4, 'correct': True, 'feedback': ''}]}]
    """
    if not isinstance(data, list):
        raise KitError("a jupyterquiz file holds a list of questions ([...])", file=file,
                       fix="put the questions in square brackets, each as {...}")
    if not data:
        raise KitError("the jupyterquiz file holds no questions", file=file,
                       fix="add at least one question {...} inside the square brackets")
    return [_jq_question(item, n, file) for n, item in enumerate(data, 1)]


def _jq_question(item, n: int, file: str) -> dict:
    where = Where(file, None, f"q{n}", n)
    if not isinstance(item, dict):
        raise where.error(None, "is not a {...} object", "write each question as {...}")
    for key in ("type", "question", "answers"):
        if key not in item:
            raise where.error(key, f"the required key {key!r} is missing",
                              f"add \"{key}\" (see jupyterquiz's schema)")
    kind = _JQ_KINDS.get(item["type"]) if isinstance(item["type"], str) else None
    if kind is None:
        raise where.error("type", f"type {item['type']!r} cannot be read",
                          "use one of " + ", ".join(_JQ_KINDS))
    if not isinstance(item["answers"], list):
        raise where.error("answers", "'answers' must be a list", "write \"answers\": [...]")
    prompt = item["question"]
    if isinstance(prompt, str) and isinstance(item.get("code"), str):
        prompt += "\n\n" + item["code"]
    raw = {"id": f"q{n}", "kind": kind, "prompt": prompt, "explanation": ""}
    answers = [a for a in item["answers"] if not (isinstance(a, dict) and a.get("type") == "default")]
    defaults = [a for a in item["answers"] if isinstance(a, dict) and a.get("type") == "default"]
    if defaults and kind in ("text", "numeric"):
        raw["default_feedback"] = defaults[-1].get("feedback", "")
    raw.update(_JQ_CONVERT[kind](answers, item, where))
    return raw


def _jq_options(answers, item, where) -> dict:
    options = []
    for i, a in enumerate(answers, 1):
        if not isinstance(a, dict):
            raise where.error("options", f"answer {i} is not a {{...}} object")
        options.append({"text": a.get("answer", a.get("code")), "correct": a.get("correct", False),
                        "feedback": a.get("feedback", "")})
    return {"options": options}


def _jq_numeric(answers, item, where) -> dict:
    out = []
    for i, a in enumerate(answers, 1):
        if not isinstance(a, dict) or ("value" not in a and "range" not in a):
            raise where.error("answers", f"answer {i} has neither a 'value' nor a 'range'",
                              'give "value": NUMBER or "range": [LOW, HIGH]')
        entry = {k: a[k] for k in ("value", "range") if k in a}
        entry.update(correct=a.get("correct", False), feedback=a.get("feedback", ""))
        out.append(entry)
    extra = {}
    if "precision" in item:
        precision = _jq_precision(item["precision"], out, where)
        if precision is not None:
            extra["precision"] = precision
    return {"answers": out, **extra}


def _jq_precision(precision, answers, where):
    """jupyterquiz's ``precision``: significant digits since 2.8, decimal places before.

    A precision of 0, or one that as significant digits would change a right
    value while as decimal places it keeps it (``3.14`` with ``2``), is read
    the old way and turned into the significant digits of the right values,
    with a :class:`JupyterquizNote`.  Anything else goes to the bank's checks.
    """
    if not isinstance(precision, int) or isinstance(precision, bool) or not 0 <= precision <= 15:
        return precision
    values = [float(a["value"]) for a in answers if a.get("correct") and "value" in a
              and isinstance(a["value"], (int, float)) and not isinstance(a["value"], bool)
              and math.isfinite(a["value"]) and a["value"] != 0]
    if precision >= 1 and all(float(f"{v:.{precision}g}") == v for v in values):
        return precision
    if precision >= 1 and not all(round(v, precision) == v for v in values):
        return precision
    where_text = f"{where.file}, question {where.qid}"
    if not values:
        warnings.warn(f"{where_text}: precision {precision} counts decimal places (jupyterquiz before "
                      "2.8), and the question has no right value to convert it for; it is left out",
                      JupyterquizNote, stacklevel=2)
        return None
    digits = max(1, max(precision + math.floor(math.log10(abs(v))) + 1 for v in values))
    warnings.warn(f"{where_text}: precision {precision} read as {precision} decimal places "
                  f"(jupyterquiz before 2.8); it is used as {digits} significant digits. Since "
                  f"jupyterquiz 2.8 precision counts significant digits: write \"precision\": {digits}",
                  JupyterquizNote, stacklevel=2)
    return digits


def _jq_string(answers, item, where) -> dict:
    right, wrong, fuzzy = [], [], []
    for i, a in enumerate(answers, 1):
        if not isinstance(a, dict) or "answer" not in a:
            raise where.error("answers", f"answer {i} has no 'answer'", 'give "answer": "..."')
        if a.get("correct"):
            right.append({"answer": a["answer"], "feedback": a["feedback"]} if a.get("feedback")
                         else a["answer"])
            if isinstance(a.get("fuzzy_threshold"), (int, float)):
                fuzzy.append(a["fuzzy_threshold"])
        else:
            wrong.append({"answer": a["answer"], "feedback": a.get("feedback", "")})
    out = {"answers": right}
    if wrong:
        out["wrong"] = wrong
    if fuzzy:
        out["fuzzy"] = max(0.5, min(fuzzy))
    return out


_JQ_CONVERT = {"choice": _jq_options, "multi": _jq_options, "numeric": _jq_numeric,
               "text": _jq_string}
