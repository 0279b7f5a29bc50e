"""The kit's own exception type.

Every mistake a student or an instructor can make (a bad file, a wrong
argument, a malformed question bank) is reported as a :class:`KitError`
that says *where* the problem is and *what to do* about it.

>>> err = KitError("the column is missing", file="data/articles.csv", line=1,
...                field="headline", fix="add a 'headline' column")
>>> print(err)
data/articles.csv, line 1, field 'headline': the column is missing. To fix: add a 'headline' column.
>>> err.file, err.line, err.field
('data/articles.csv', 1, 'headline')
"""

from __future__ import annotations

import os

__all__ = ["KitError", "CheckFailed"]


class KitError(ValueError):
    """A problem the user can fix, with its place and its fix.

    ``file``, ``line`` and ``field`` locate the problem (any may be None);
    ``fix`` says what to do.  ``str(err)`` reads as one sentence.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | os.PathLike | None = None,
        line: int | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.file = os.fspath(file) if file is not None else None
        self.line = line
        self.field = field
        self.fix = fix
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.fix:
            text = text.rstrip(".") + ". To fix: " + self.fix.rstrip(".") + "."
        return text

    def __reduce__(self):  # keep keyword arguments when pickled (multiprocessing)
        return (_rebuild, (self.message, self.file, self.line, self.field, self.fix))


def _rebuild(message, file, line, field, fix):
    return KitError(message, file=file, line=line, field=field, fix=fix)


class CheckFailed(AssertionError):
    """A strict check found the answer wrong or missing: a failing test, for a grader.

    Raised by ``kit.check`` while nbgrader grades a notebook (or with
    ``strict=True``); its message is the feedback the student would read.
    """
