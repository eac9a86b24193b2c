"""The perceptron and the sigmoid neuron, and circuits built from NAND gates.

Conventions: a single input is a vector ``x`` of shape ``(n_inputs,)``; a batch
is an array of shape ``(n_samples, n_inputs)``; weights ``w`` have shape
``(n_inputs,)`` and the bias ``b`` is a scalar.  Outputs have shape
``(n_samples,)`` for a batch, or are scalars for a single input.
"""
from __future__ import annotations

import itertools

import numpy as np

from . import validate
from .activations import sigmoid, step

#: The lecture's NAND perceptron: weights (-2, -2), bias 3.
NAND_W = np.array([-2.0, -2.0])
NAND_B = 3.0


def _weighted_sum(x, w, b):
    x = validate.real(x, "x").astype(float)
    w = validate.real(w, "w").astype(float)
    if w.ndim != 1:
        raise ValueError(f"w must be a 1-D weight vector of shape (n_inputs,), got shape {w.shape}")
    if w.size == 0:
        raise ValueError(f"w must hold at least one weight, got shape {w.shape}")
    if x.shape[-1:] != w.shape:
        raise ValueError(
            f"x must have shape ({w.size},) or (n_samples, {w.size}) to match w, got shape {x.shape}"
        )
    bias = np.asarray(b)
    if bias.ndim != 0 or bias.dtype.kind not in "biuf":
        given = f"{type(b).__name__} of shape {bias.shape}" if bias.ndim else type(b).__name__
        raise TypeError(f"b must be a real number (the bias), got {given}")
    if not np.isfinite(bias):
        raise ValueError(f"b must be a finite number, got {b!r}")
    validate.finite(w, "w")
    validate.finite(x, "x")
    return x @ w + b


def perceptron(x, w, b):
    """Perceptron output: 1 if w . x + b > 0 else 0 (as floats)."""
    return step(_weighted_sum(x, w, b))


def sigmoid_neuron(x, w, b):
    """Sigmoid neuron output sigma(w . x + b), the smooth perceptron."""
    return sigmoid(_weighted_sum(x, w, b))


def nand(x1, x2):
    """NAND of two bits (0/1, scalars or arrays), computed by the NAND perceptron."""
    x1, x2 = _bits(x1, "x1"), _bits(x2, "x2")
    try:
        shape = np.broadcast_shapes(x1.shape, x2.shape)
    except ValueError:
        raise ValueError(
            f"x1 and x2 must have the same shape (or shapes that broadcast), got {x1.shape} and {x2.shape}"
        ) from None
    x = np.stack([np.broadcast_to(x1, shape), np.broadcast_to(x2, shape)], axis=-1)
    return perceptron(x, NAND_W, NAND_B)


def _bits(value, name: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold bits (0 or 1), got dtype {arr.dtype}")
    wrong = arr[(arr != 0) & (arr != 1)]
    if wrong.size:
        raise ValueError(f"{name} must hold bits (0 or 1), got {wrong.flat[0]:g}")
    return arr.astype(float)


def half_adder(x1, x2):
    """Add two bits with a circuit of NAND perceptrons only.

    Returns ``(sum_bit, carry_bit)``: sum = x1 XOR x2, carry = x1 AND x2.
    The XOR is the classic four-NAND circuit; the carry is NAND(n1, n1),
    i.e. NOT(NAND(x1, x2)).
    """
    n1 = nand(x1, x2)
    sum_bit = nand(nand(x1, n1), nand(x2, n1))
    carry = nand(n1, n1)
    return sum_bit, carry


def truth_table(gate, n_inputs=2):
    """Evaluate ``gate`` on every combination of ``n_inputs`` bits.

    Returns
    -------
    inputs : int array of shape (2**n_inputs, n_inputs)
    outputs : list of int arrays of shape (2**n_inputs,), one per gate output
    """
    validate.function(gate, "gate", "n_inputs bits")
    n_inputs = validate.int_in(n_inputs, "n_inputs", 1, 20)
    inputs = np.array(list(itertools.product([0, 1], repeat=n_inputs)), dtype=int)
    out = gate(*inputs.T)
    outs = out if isinstance(out, tuple) else (out,)
    return inputs, [np.asarray(o).astype(int) for o in outs]


def truth_table_text(inputs, columns) -> str:
    """A truth table as aligned text: a header, then one line per row of ``inputs``.

    Parameters
    ----------
    inputs : int array of shape (n_rows, n_inputs)
        The input bits of each row (as :func:`truth_table` returns them); the
        columns are headed ``x1``, ``x2``, ...
    columns : dict of str -> sequence of length n_rows
        The output columns, by heading, in order; numbers are written with
        ``:g``, strings as they are (e.g. ``"+3"``).

    Returns
    -------
    str, ``n_rows + 1`` lines: ``" x1 x2 | NAND"``, then ``"  0  0 |  1  "``, ...
    """
    inputs = _bits(inputs, "inputs")
    if inputs.ndim != 2 or 0 in inputs.shape:
        raise ValueError(f"inputs must have shape (n_rows, n_inputs) with n_rows, n_inputs >= 1, "
                         f"got shape {inputs.shape}")
    if not isinstance(columns, dict):
        raise TypeError(f"columns must be a dict of heading -> values, got {type(columns).__name__}")
    if not columns:
        raise ValueError("columns must hold at least one output column, got an empty dict")
    cells = {}
    for name, values in columns.items():
        if not isinstance(name, str):
            raise TypeError(f"columns must be keyed by headings (str), got the key {name!r}")
        if not hasattr(values, "__iter__"):
            raise TypeError(f"column {name!r} must be a sequence of values, one per row, got {type(values).__name__}")
        values = list(values)
        if len(values) != len(inputs):
            raise ValueError(f"column {name!r} has {len(values)} values, expected one per row ({len(inputs)})")
        cells[name] = [_cell_text(v, name) for v in values]
    widths = {name: max(len(name), *map(len, texts)) for name, texts in cells.items()}
    head = "".join(f" x{k + 1}" for k in range(inputs.shape[1]))
    lines = [head + " | " + " | ".join(name.center(widths[name]) for name in cells)]
    for i, row in enumerate(inputs):
        bits = "".join(f"{int(bit):>3}" for bit in row)
        lines.append(bits + " | " + " | ".join(cells[name][i].center(widths[name]) for name in cells))
    return "\n".join(line.rstrip() for line in lines)


def _cell_text(value, column: str) -> str:
    """A string as it is, a number written with ``:g``; else TypeError naming the column."""
    if isinstance(value, str):
        return value
    try:
        return f"{value:g}"
    except (TypeError, ValueError):
        raise TypeError(
            f"column {column!r} must hold numbers or strings, got {type(value).__name__} ({value!r})"
        ) from None
