"""Five Accounts: compare five news texts about one week, and learn to read news.

The kit is in parts, and imports point down:

* :mod:`kit.case`: a case's articles, sentences, spans and answer key;
* :mod:`kit.detect`: the detectors and their evaluation;
* :mod:`kit.quiz`: question banks, grading, and quizzes drawn as widgets;
* :mod:`kit.teach`: tools for instructors (reached through :mod:`kit.cli`);
* beside them :mod:`kit.store` (the progress store), :mod:`kit.view`
  (articles as HTML), :mod:`kit.plots`, :mod:`kit.lessons` (what a lesson
  needs from any case), :mod:`kit.errors` and :mod:`kit._io`.

The public names are re-exported here.  Importing the kit has no side
effects and stays fast: pandas, matplotlib and ipywidgets are imported only
when a function needs them.

>>> import kit
>>> kit.load_articles().shape[0]
5
"""

from kit import plots
from kit.case.articles import case_path, load_articles, use_case
from kit.case.key import annotations, highlights
from kit.case.tables import claim_matrix, timeline
from kit.case.sentences import sentences
from kit.case.sources import outlets, source_text, sources
from kit.detect.artifacts import find_artifacts
from kit.detect.evaluate import evaluate
from kit.detect.names import name_variants
from kit.detect.quotes import find_quotes
from kit.detect.wording import find_wording
from kit.errors import CheckFailed, KitError
from kit.lessons import (check, compare, examine, findings, has_key, lesson_quiz, most, passages, stop,
                         your_text)
from kit.quiz import Feedback, Question, Quiz, load_quiz
from kit.store import export_progress, progress, whoami
from kit.view import show, side_by_side, table

__version__ = "0.1.0"

__all__ = [
    "KitError", "plots",
    # cases
    "load_articles", "sentences", "show", "side_by_side", "table", "case_path", "use_case",
    # primary sources and outlet profiles
    "sources", "source_text", "outlets",
    # the answer key
    "annotations", "claim_matrix", "timeline", "highlights",
    # detectors
    "find_quotes", "name_variants", "find_artifacts", "find_wording", "evaluate",
    # lessons: what a lesson needs from any case
    "has_key", "findings", "most", "passages", "compare", "lesson_quiz", "stop", "examine", "your_text",
    # quizzes and progress
    "load_quiz", "Quiz", "Question", "Feedback", "check", "CheckFailed", "whoami", "progress", "export_progress",
]
