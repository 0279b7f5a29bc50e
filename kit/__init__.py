"""Five Accounts: compare five news texts about one week, and learn to read news.

The public names live in small modules (one per concern) and are re-exported
here.  They are imported lazily, on first use, so ``import kit`` stays fast
and has no side effects.

>>> import kit
>>> kit.load_articles().shape[0]
5
"""

import importlib

from kit.errors import KitError

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    # corpus
    "load_articles": "kit.corpus",
    "sentences": "kit.corpus",
    "show": "kit.corpus",
    "side_by_side": "kit.corpus",
    "case_path": "kit.corpus",
    "use_case": "kit.corpus",
    # annotations (the answer key)
    "annotations": "kit.key",
    "claim_matrix": "kit.key",
    "timeline": "kit.key",
    "highlights": "kit.key",
    # detectors
    "find_quotes": "kit.quotes",
    "name_variants": "kit.names",
    "find_artifacts": "kit.artifacts",
    "find_wording": "kit.wording",
    "evaluate": "kit.evaluation",
    # lessons: what a lesson needs from any case
    "has_key": "kit.lessons",
    "findings": "kit.lessons",
    "most": "kit.lessons",
    "passages": "kit.lessons",
    "compare": "kit.lessons",
    "lesson_quiz": "kit.lessons",
    "examine": "kit.lessons",
    # quizzes and progress
    "load_quiz": "kit.quiz",
    "Quiz": "kit.quiz",
    "Question": "kit.quiz",
    "Feedback": "kit.quiz",
    "check": "kit.exercises",
    "whoami": "kit.store",
    "progress": "kit.store",
    "export_progress": "kit.store",
}

_SUBMODULES = {"plots", "corpus", "key", "quotes", "names", "artifacts",
               "wording", "quiz", "store", "authoring", "exercises", "evaluation",
               "grading", "cli", "lessons"}

__all__ = ["KitError", "plots", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"kit.{name}")
    else:
        raise AttributeError(f"module 'kit' has no attribute {name!r}")
    globals()[name] = value  # cache: the next lookup is a plain attribute
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
