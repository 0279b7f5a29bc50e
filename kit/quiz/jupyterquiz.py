"""jupyterquiz banks (JSON): read into the kit's own question fields."""

from __future__ import annotations

from kit.errors import KitError
from kit.quiz.spec import Where

__all__ = ["from_jupyterquiz"]

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
    return [_jq_question(item, n, file) for n, item in enumerate(data, 1)]


def _jq_question(item, n: int, file: str) -> dict:
    where = Where(file, None, f"q{n}", n)
    if not isinstance(item, dict):
        raise where.error(None, "is not a {...} object", "write each question as {...}")
    for key in ("type", "question", "answers"):
        if key not in item:
            raise where.error(key, f"the required key {key!r} is missing",
                              f"add \"{key}\" (see jupyterquiz's schema)")
    kind = _JQ_KINDS.get(item["type"])
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
    extra = {"precision": item["precision"]} if "precision" in item else {}
    return {"answers": out, **extra}


def _jq_string(answers, item, where) -> dict:
    right, wrong, fuzzy = [], [], []
    for i, a in enumerate(answers, 1):
        if not isinstance(a, dict) or "answer" not in a:
            raise where.error("answers", f"answer {i} has no 'answer'", 'give "answer": "..."')
        if a.get("correct"):
            right.append(a["answer"])
            if isinstance(a.get("fuzzy_threshold"), (int, float)):
                fuzzy.append(a["fuzzy_threshold"])
        else:
            wrong.append({"answer": a["answer"], "feedback": a.get("feedback", "")})
    out = {"answers": right, "wrong": wrong}
    if fuzzy:
        out["fuzzy"] = max(0.5, min(fuzzy))
    return out


_JQ_CONVERT = {"choice": _jq_options, "multi": _jq_options, "numeric": _jq_numeric,
               "text": _jq_string}
