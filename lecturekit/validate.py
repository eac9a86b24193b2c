"""Argument checks shared by every module of lecturekit.

Each check takes the value first and the argument's name second, returns the
value in the form the caller computes with (an ``int``, a ``float``, an
array, a :class:`~pathlib.Path`), and otherwise raises an error whose message
names the argument, says what was expected and shows what was given::

    epochs = validate.positive_int(epochs, "epochs")  # epochs must be a positive int, got 0
    lr = validate.positive(lr, "lr")                  # lr must be a positive number, got nan
    x = validate.finite(x, "x")                       # x must hold finite numbers, got inf

A wrong type raises ``TypeError`` and a wrong value ``ValueError``, except in
the integer checks, which raise ``ValueError`` for both (``2.5`` epochs is a
wrong value to a reader, not a wrong type).  ``note`` adds a unit or a hint in
parentheses: ``positive(0, "time_budget_s", "seconds")`` says
"time_budget_s must be a positive number (seconds), got 0".
"""
from __future__ import annotations

import math
import numbers
import os
from pathlib import Path

import numpy as np


def _noted(expected: str, note: str) -> str:
    return f"{expected} ({note})" if note else expected


# --------------------------------------------------------------------------
# Predicates
# --------------------------------------------------------------------------
def is_int(value) -> bool:
    """True for an ``int`` or a numpy integer; False for a bool (``True`` is not a count)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_number(value) -> bool:
    """True for a real number (``int``, ``float``, a numpy scalar; nan and inf too); False for a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


# --------------------------------------------------------------------------
# Integers
# --------------------------------------------------------------------------
def positive_int(value, name: str, note: str = "") -> int:
    """``value`` as an ``int`` >= 1, else ValueError ("epochs must be a positive int, got 0")."""
    if not is_int(value) or value < 1:
        raise ValueError(f"{name} must be {_noted('a positive int', note)}, got {value!r}")
    return int(value)


def non_negative_int(value, name: str, note: str = "") -> int:
    """``value`` as an ``int`` >= 0, else ValueError ("seed must be a non-negative int, got -1")."""
    if not is_int(value) or value < 0:
        raise ValueError(f"{name} must be {_noted('a non-negative int', note)}, got {value!r}")
    return int(value)


def rows_cols(value, name: str, *, square: bool = False) -> tuple[int, int]:
    """A size ``(rows, cols)`` of positive ints; with ``square``, one positive int ``n`` stands for ``(n, n)``.

    Else ValueError ("shape must be (rows, cols) of positive ints, got (0, 5)";
    with ``square``: "size must be a positive int or a pair (rows, cols) of
    positive ints, got 0").
    """
    if square and is_int(value) and value >= 1:
        return int(value), int(value)
    try:
        pair = tuple(value)
    except TypeError:
        pair = ()
    if isinstance(value, str) or len(pair) != 2 or not all(is_int(v) and v >= 1 for v in pair):
        expected = "a positive int or a pair (rows, cols) of positive ints" if square else "(rows, cols) of positive ints"
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return int(pair[0]), int(pair[1])


# --------------------------------------------------------------------------
# Real numbers
# --------------------------------------------------------------------------
def _real_number(value, name: str, expected: str, ok) -> float:
    """``value`` as a ``float`` if it is a real number for which ``ok`` holds."""
    if not is_number(value):
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__} ({value!r})")
    if not ok(float(value)):
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return float(value)


def number(value, name: str, note: str = "") -> float:
    """A finite real number, as a ``float`` ("alpha must be a finite number, got nan")."""
    return _real_number(value, name, _noted("a finite number", note), math.isfinite)


def positive(value, name: str, note: str = "", *, allow_zero: bool = False, allow_inf: bool = False) -> float:
    """A number > 0 (>= 0 with ``allow_zero``), finite unless ``allow_inf``, as a ``float``."""
    expected = _noted("a non-negative number" if allow_zero else "a positive number", note)
    return _real_number(value, name, expected, lambda v: (v >= 0 if allow_zero else v > 0) and (allow_inf or v < math.inf))


def fraction(value, name: str, *, closed: bool = True) -> float:
    """A number in [0, 1] (in [0, 1) when not ``closed``), as a ``float``."""
    interval = "[0, 1]" if closed else "[0, 1)"
    return _real_number(value, name, f"a number in {interval}", lambda v: 0 <= v <= 1 if closed else 0 <= v < 1)


# --------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------
def real(value, name: str, note: str = "") -> np.ndarray:
    """``value`` as a numpy array of real numbers (bool, int or float dtype; kept), else TypeError.

    "x must hold real numbers, got dtype <U1".
    """
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold {_noted('real numbers', note)}, got dtype {arr.dtype}")
    return arr


def finite(value, name: str) -> np.ndarray:
    """``value`` as a real array (see :func:`real`) without nan or inf, else ValueError naming the first one."""
    arr = real(value, name)
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        if bad.any():
            raise ValueError(f"{name} must hold finite numbers, got {arr[bad].flat[0]}")
    return arr


# --------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------
def path(value, name: str, kind: str = "file") -> Path:
    """``value`` as a :class:`~pathlib.Path`, else TypeError; ``kind`` ("file", "folder") words the message."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(
            f"{name} must be a {kind} path (str or os.PathLike), got {type(value).__name__}; "
            f"pass the {kind} as a string or a pathlib.Path"
        )
    return Path(value)
