"""Self-checks for the lecture exercises.

Each lecture's exercises have their checkers in a module named after the
lecture's idea (``lecturekit.exercises.neuron`` for notebook 01, ...), one
function per exercise, named after the exercise: ``check_or_gate(w, b)``.

A checker never just says "wrong".  It returns a :class:`Feedback` that is one
of three things, shown in the notebook as one line of text:

* ``correct``   -- the answer is right;
* ``hint``      -- the answer is wrong, and the message names the likely
                   mistake (wrong sign, transposed shape, forgot the bias, ...);
* ``unsolved``  -- the exercise's stub is still there (``...`` or ``None``),
                   so the notebook can run top to bottom before the student
                   has tried it.

Notebook conventions (tools and tests rely on them):

* the exercise's code cell, with the stub, carries the tag ``exercise``;
* the worked solution is the next code cell, tagged ``solution``, collapsed
  in JupyterLab (``metadata.jupyter.source_hidden``) and skipped on slides;
* the cell that calls the checker is tagged ``exercise-check``.

The student edition (``bash run.sh student``) drops the solution cells, so
its checks say "not solved yet" until the student fills in the stub.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Feedback", "correct", "hint", "unsolved", "is_unsolved", "as_number", "near"]

_MARK = {"correct": "✓ correct", "hint": "✗ not yet", "unsolved": "… not solved yet"}


@dataclass(frozen=True)
class Feedback:
    """What a checker says: ``status`` is ``"correct"``, ``"hint"`` or ``"unsolved"``."""

    status: str
    message: str

    def __post_init__(self):
        if self.status not in _MARK:
            raise ValueError(f"status must be one of {sorted(_MARK)}, got {self.status!r}")
        if not isinstance(self.message, str):
            raise TypeError(f"message must be a str, got {type(self.message).__name__}")

    @property
    def ok(self) -> bool:
        """True for a correct answer."""
        return self.status == "correct"

    def __str__(self) -> str:
        return f"{_MARK[self.status]}: {self.message}"

    def __repr__(self) -> str:  # the notebook shows the repr of a cell's last value
        return str(self)

    def __bool__(self) -> bool:
        return self.ok


def correct(message: str = "well done.") -> Feedback:
    """Feedback for a right answer."""
    return Feedback("correct", message)


def hint(message: str) -> Feedback:
    """Feedback for a wrong answer; ``message`` names the mistake and how to find it."""
    return Feedback("hint", message)


def unsolved(what: str) -> Feedback:
    """Feedback while the stub is untouched; ``what`` says what to fill in."""
    if not isinstance(what, str):
        raise TypeError(f"what must be a str naming what to fill in, got {type(what).__name__}")
    return Feedback("unsolved", f"fill in {what}, then run this cell again.")


def is_unsolved(*answers) -> bool:
    """True if any answer is still a stub: ``...`` (Ellipsis) or ``None``.

    A stub function (``def f(z): ...``) returns ``None``, so a checker that calls
    the student's function can pass its result here too.
    """
    return any(a is Ellipsis or a is None for a in answers)


def as_number(value) -> float | None:
    """An answer as a finite float, or None when it is not one number (text, True, NaN, 10**400, ...)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if np.isfinite(number) else None


def near(a: float, b: float, rtol: float) -> bool:
    """True when ``a`` is within the relative tolerance ``rtol`` of ``b``."""
    return abs(a - b) <= rtol * abs(b)
