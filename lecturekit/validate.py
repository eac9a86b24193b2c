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

Every argument check of the package goes through this module, so each kind
of mistake has one message wherever it is made: the other modules test
numbers with :func:`is_int` and :func:`is_number`, never with a raw
``isinstance(value, int)`` (``tests/test_layout.py`` checks that).
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


def flag(value, name: str, note: str = "") -> bool | None:
    """``value`` as a ``bool``, or None, else TypeError.

    "tensorflow must be True, False or None, got str ('yes')", followed by ``note`` (how to fix it) if given.
    """
    if value is not None and not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True, False or None, got {type(value).__name__} ({value!r})"
                        + (f"; {note}" if note else ""))
    return None if value is None else bool(value)


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


def int_in(value, name: str, lo: int, hi: int, note: str = "", *, even: bool = False) -> int:
    """``value`` as an ``int`` from ``lo`` to ``hi``, both included (an even one with ``even``), else ValueError.

    "n_hidden must be an even int in 2..2000 (two neurons per bump), got 3".
    """
    if not is_int(value) or not lo <= value <= hi or (even and value % 2):
        expected = f"{'an even' if even else 'an'} int in {lo}..{hi}"
        raise ValueError(f"{name} must be {_noted(expected, note)}, got {value!r}")
    return int(value)


def layer_sizes(value, name: str, example: str) -> list[int]:
    """A list of at least two layer sizes, each an ``int`` >= 1 (``example`` shows one, e.g. "[784, 30, 10]").

    Else TypeError (not a sequence) or ValueError (too short, or a size that
    is not a positive int): "sizes must list at least two layers, each an int
    >= 1 (its number of units), such as [784, 30, 10], got [2, 2.5]".
    """
    expected = f"list at least two layers, each an int >= 1 (its number of units), such as {example}"
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must {expected}, got {value!r}")
    sizes = list(value)
    if len(sizes) < 2 or not all(is_int(s) and s >= 1 for s in sizes):
        raise ValueError(f"{name} must {expected}, got {sizes!r}")
    return [int(s) for s in sizes]


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
        if square:
            expected = "a positive int or a pair (rows, cols) of positive ints"
        else:
            expected = "(rows, cols) of positive ints"
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
    return _real_number(
        value, name, expected, lambda v: (v >= 0 if allow_zero else v > 0) and (allow_inf or v < math.inf)
    )


def fraction(value, name: str, *, closed: bool = True) -> float:
    """A number in [0, 1] (in [0, 1) when not ``closed``), as a ``float``."""
    interval = "[0, 1]" if closed else "[0, 1)"
    return _real_number(value, name, f"a number in {interval}", lambda v: 0 <= v <= 1 if closed else 0 <= v < 1)


def between(value, name: str, lo: float, hi: float, note: str = "") -> float:
    """A number strictly between ``lo`` and ``hi``, as a ``float``.

    "eps must be a number in (0, 1) (a small step such as 1e-6), got 0".
    """
    return _real_number(value, name, _noted(f"a number in ({lo:g}, {hi:g})", note), lambda v: lo < v < hi)


# --------------------------------------------------------------------------
# Names, functions, dtypes
# --------------------------------------------------------------------------
def choice(value, name: str, choices, hints=None) -> str:
    """``value`` lowercased, if it is one of the names ``choices`` (listed in the messages in their order).

    Else TypeError ("optimizer must be a name (str), got int; choose one of
    ['sgd', 'momentum', 'adam']") or ValueError ("unknown optimizer 'adagrad';
    choose one of [...]").  ``hints`` maps a name that is a known mistake to
    the error message that explains it (``"softmax"`` is not an elementwise
    activation, ``"accuracy"`` is not a loss).
    """
    choices = list(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a name (str), got {type(value).__name__}; choose one of {choices}")
    key = value.lower()
    if key in choices:
        return key
    if hints and key in hints:
        raise ValueError(hints[key])
    raise ValueError(f"unknown {name} {value!r}; choose one of {choices}")


def function(value, name: str, of: str):
    """``value`` if it is callable, else TypeError ("f must be a function of x, got int")."""
    if not callable(value):
        raise TypeError(f"{name} must be a function of {of}, got {type(value).__name__}")
    return value


def float_dtype(value, name: str, note: str = "") -> np.dtype:
    """``value`` as numpy's float32 or float64 dtype, else TypeError ("dtype must be float32 or float64, got int32")."""
    try:
        dtype = None if value is None else np.dtype(value)
    except (TypeError, ValueError):
        dtype = None
    if dtype not in (np.float32, np.float64):
        given = dtype if dtype is not None else repr(value)
        raise TypeError(f"{name} must be float32 or float64, got {given}" + (f"; {note}" if note else ""))
    return dtype


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


def finite(value, name: str, hint: str = "") -> np.ndarray:
    """``value`` as a real array (see :func:`real`) without nan or inf, else ValueError.

    The message names the first non-finite entry, where it is and how many
    there are: "X must hold finite numbers, got nan in row 3 (2 non-finite
    entries in all)", followed by ``hint`` (how to fix it) if given.
    """
    arr = real(value, name)
    if arr.dtype.kind != "f" or arr.size == 0:
        return arr  # (integer and boolean arrays are always finite)
    flat = arr.reshape(-1)
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(flat @ flat):  # quick: one pass, no temporary array (a nan or inf makes the sum non-finite)
            return arr
    bad = ~np.isfinite(arr)  # (the sum may also have overflowed on huge but finite values)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])  # (empty for a 0-d array)
        if arr.ndim == 2:
            where = f" in row {first[0]}"  # (one sample per row)
        else:
            where = f" at index {first[0] if arr.ndim == 1 else first}" if arr.ndim else ""
        count = int(bad.sum())
        raise ValueError(
            f"{name} must hold finite numbers, got {arr[first]}{where} "
            f"({count} non-finite {'entry' if count == 1 else 'entries'} in all)" + (f"; {hint}" if hint else "")
        )
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
