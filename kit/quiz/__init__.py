"""Quizzes: a bank's format (spec), grading (grade), reading banks (bank),
questions and quizzes (model), and drawing them (widgets).

What a notebook calls is here: a quiz loaded with :func:`load_quiz` shows
itself as widgets.
"""

from kit.quiz.model import Feedback
from kit.quiz.widgets import Question, Quiz, find_question, load_quiz

__all__ = ["load_quiz", "find_question", "Quiz", "Question", "Feedback"]
