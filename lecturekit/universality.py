"""Universality: one hidden layer of sigmoid neurons can trace any continuous curve.

The construction (Nielsen, *Neural Networks and Deep Learning*, ch. 4) needs
nothing but the sigmoid neuron of notebook 01:

* a sigmoid neuron with a large weight ``w`` is almost a step, at ``x = -b / w``;
* two of them, one stepping up at ``s`` and one at ``s + width``, with output
  weights ``+h`` and ``-h``, make a **bump**: about ``h`` on ``[s, s + width]``
  and about 0 elsewhere;
* ``n_hidden / 2`` bumps side by side, each as high as the target at its
  centre, trace the target, and more hidden units trace it more closely.

Cybenko (1989) proved the general statement: a network with one hidden layer
of sigmoid neurons and a linear output can approximate any continuous function
on a closed interval as closely as we like, given enough hidden units.

Shapes: the network has one input ``x`` (an array of shape ``(n,)``), hidden
weights ``w``, biases ``b`` and output weights ``v`` of shape ``(n_hidden,)``,
and one linear output ``y = sum_j v_j * sigmoid(w_j * x + b_j)``.
"""
from __future__ import annotations

import math

import numpy as np

from . import validate
from .activations import sigmoid
from .style import PALETTE

__all__ = ["NETWORK_STYLE", "TARGET_STYLE", "bump_network", "one_hidden_layer", "wiggly"]

#: the largest number of hidden units the functions accept (a figure shows at most a few hundred)
MAX_HIDDEN = 2000


#: how a figure draws the target curve: broad, pale and solid, behind the network
TARGET_STYLE = dict(color=PALETTE["black"], lw=5, alpha=0.3, ls="-", label="target $f(x)$")
#: how a figure draws the network's output: thin, dashed, on top of the target
NETWORK_STYLE = dict(color=PALETTE["vermillion"], lw=2, ls="--", label="network")


def wiggly(x):
    """Nielsen's example target on [0, 1]: 0.2 + 0.4 x² + 0.3 x sin(15 x) + 0.05 cos(50 x); shape of ``x``."""
    x = _real_array(x, "x")
    return 0.2 + 0.4 * x**2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x)


def bump_network(f, n_hidden, interval=(0.0, 1.0), steepness=40.0):
    """Weights of a one-hidden-layer sigmoid network that traces ``f`` with bumps.

    The interval is cut into ``n_hidden / 2`` equal pieces; piece ``k`` gets a
    bump of height ``f(centre_k)`` from two hidden neurons, one stepping up at
    its left end (output weight ``+h``) and one at its right end (``-h``).
    The first and last bumps reach half a piece beyond the interval, so that
    the ends of the interval are covered too.

    Parameters
    ----------
    f : callable
        The target: takes an array of shape ``(m,)`` and returns one of shape ``(m,)``.
    n_hidden : int
        Number of hidden neurons, even, 2 .. ``MAX_HIDDEN`` (two per bump).
    interval : (float, float)
        The input range ``(lo, hi)`` to trace, ``lo < hi``.
    steepness : float
        How steep each step is, in units of one bump's width: ``w = steepness / width``.
        The step rises from 12 % to 88 % over ``4 / steepness`` of a bump.

    Returns
    -------
    w, b, v : arrays of shape (n_hidden,)
        Hidden weights, hidden biases and output weights; the network's output is
        :func:`one_hidden_layer` ``(x, w, b, v)``.  Neuron ``j`` steps at ``-b[j] / w[j]``.
    """
    validate.function(f, "f", "an array of inputs (the target curve)")
    n_hidden = validate.int_in(n_hidden, "n_hidden", 2, MAX_HIDDEN, "two neurons per bump", even=True)
    lo, hi = _interval(interval)
    steepness = validate.positive(steepness, "steepness")
    n_bumps = n_hidden // 2
    edges = np.linspace(lo, hi, n_bumps + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    heights = np.asarray(f(centres))
    if heights.shape != centres.shape or heights.dtype.kind not in "biuf":
        raise ValueError(
            f"f must return one real number per input, shape {centres.shape}; "
            f"got {heights.dtype} of shape {heights.shape}"
        )
    if not np.all(np.isfinite(heights)):
        bad = np.flatnonzero(~np.isfinite(heights))[0]
        raise ValueError(f"f must return finite numbers, got {heights[bad]} at x = {centres[bad]:g}")
    width = (hi - lo) / n_bumps
    w = np.full(n_hidden, steepness / width)
    steps = np.concatenate([edges[:-1], edges[1:]])  # up at the left end of each piece, then down at the right
    steps[[0, -1]] += [-width / 2, width / 2]  # the outermost steps just outside: no half step at the ends
    b = -w * steps
    v = np.concatenate([heights, -heights]).astype(float)
    return w, b, v


def one_hidden_layer(x, w, b, v):
    """The output ``sum_j v_j sigmoid(w_j x + b_j)`` for each input, shape of ``x`` (1-D).

    Parameters
    ----------
    x : array of shape (n,)
        Inputs.
    w, b, v : arrays of shape (n_hidden,)
        Hidden weights, hidden biases and output weights (see :func:`bump_network`).
    """
    x = _real_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array of inputs, shape (n,), got shape {x.shape}")
    w, b, v = (_real_array(a, name) for a, name in ((w, "w"), (b, "b"), (v, "v")))
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"w must be a 1-D array of hidden weights, shape (n_hidden,), got shape {w.shape}")
    for arr, name in ((b, "b"), (v, "v")):
        if arr.shape != w.shape:
            raise ValueError(f"{name} must have the shape of w, {w.shape} (one per hidden neuron), got {arr.shape}")
    # Row by row of inputs in chunks, so that the (inputs, hidden) array of
    # weighted inputs stays about 16 MB however many inputs and units there are.
    rows = max(1, 2**21 // w.size)
    return np.concatenate([sigmoid(np.outer(x[k:k + rows], w) + b) @ v for k in range(0, max(len(x), 1), rows)])


def _real_array(value, name: str) -> np.ndarray:
    return validate.finite(value, name).astype(float)


def _interval(interval):
    try:
        lo, hi = interval
        lo, hi = float(lo), float(hi)
    except (TypeError, ValueError):
        raise ValueError(f"interval must be a pair of numbers (lo, hi) with lo < hi, got {interval!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"interval must be a pair of numbers (lo, hi) with lo < hi, got {interval!r}")
    return lo, hi
