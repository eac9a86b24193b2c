"""Gradient checking: compare a backpropagated gradient with central finite differences.

For a scalar function C and one parameter w,

    dC/dw ~ (C(w + eps) - C(w - eps)) / (2 eps),

with an error of order eps^2 (plus rounding of order machine_eps / eps, so
eps = 1e-6 in float64 leaves about 1e-10).  Backpropagation gives all the
derivatives in one backward pass; finite differences need two evaluations of
C per parameter, far too slow to train with but a perfect referee for small
checks.

The comparison uses the relative error ``||g - g_num|| / (||g|| + ||g_num||)``
(0 when both are 0).  In float64, below ~1e-7 means the gradient is right;
1e-3 or above means a bug.  Near a kink (ReLU at 0) the difference quotient
straddles the corner, so occasional larger errors there are expected.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import validate

#: A gradient passes the check when its relative error is below this (float64).
TOLERANCE = 1e-6


def _real64(value, name: str) -> np.ndarray:
    return validate.real(value, name).astype(np.float64)


def relative_error(a, b) -> float:
    """``||a - b|| / (||a|| + ||b||)``, 0.0 when both are zero (any matching shapes)."""
    a = _real64(a, "a")
    b = _real64(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def _eps(eps) -> float:
    return validate.between(eps, "eps", 0, 1, "a small step such as 1e-6")


def numerical_gradient(f, x, eps=1e-6, indices=None):
    """Central finite differences of the scalar function ``f`` at the array ``x``.

    Parameters
    ----------
    f : callable
        ``f()`` (no argument) returns a number that depends on the *contents*
        of ``x``; ``x`` is changed in place, one entry at a time, and restored.
    x : float64 numpy array of any shape
        The parameters.  It must be the array ``f`` reads, not a copy.
    eps : float
        The step.
    indices : iterable of index tuples, optional
        Only these entries (default: all of them).

    Returns
    -------
    float64 array of the shape of ``x``: (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)
    for each checked entry i, 0 elsewhere.
    """
    validate.function(f, "f", "no arguments (it reads x)")
    eps = _eps(eps)
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(
            f"x must be a float64 numpy array (finite differences are meaningless in lower precision), "
            f"got {type(x).__name__}{' of dtype ' + str(x.dtype) if isinstance(x, np.ndarray) else ''}"
        )
    grad = np.zeros(x.shape)
    for i in (np.ndindex(x.shape) if indices is None else indices):
        old = x[i]
        x[i] = old + eps
        up = float(f())
        x[i] = old - eps
        down = float(f())
        x[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def check_function(f, grad_f, x, eps=1e-6) -> float:
    """Relative error between ``grad_f(x)`` and the finite-difference gradient of ``f`` at ``x``.

    ``f(x)`` returns a number, ``grad_f(x)`` an array of the shape of ``x``
    (a number for a scalar ``x``).  Returns the relative error (see the module
    docstring).
    """
    validate.function(f, "f", "x")
    validate.function(grad_f, "grad_f", "x")
    x = _real64(x, "x")  # a private copy that the differences may change
    analytic = np.asarray(grad_f(x.copy()), dtype=np.float64)
    if analytic.shape != x.shape:
        raise ValueError(f"grad_f(x) must have the shape of x, {x.shape}, got {analytic.shape}")
    numeric = numerical_gradient(lambda: f(x.copy()), x, eps)
    return relative_error(analytic, numeric)


@dataclass
class NetworkCheck:
    """The result of :func:`check_network`: one relative error per parameter array."""

    errors: dict = field(default_factory=dict)  # name ("W1", "b1", ...) -> relative error
    checked: dict = field(default_factory=dict)  # name -> number of entries compared
    tolerance: float = TOLERANCE

    @property
    def max_error(self) -> float:
        return max(self.errors.values())

    @property
    def passed(self) -> bool:
        return self.max_error < self.tolerance

    def __str__(self):
        rows = [f"{name}: {self.checked[name]} entries, relative error {err:.1e}" for name, err in self.errors.items()]
        verdict = "passed" if self.passed else "FAILED"
        summary = f"gradient check {verdict} (largest error {self.max_error:.1e}, tolerance {self.tolerance:.0e})"
        return "\n".join(rows + [summary])


def check_network(net, X, Y, *, l2=0.0, l1=0.0, eps=1e-6, max_entries=None, seed=0, tolerance=TOLERANCE):
    """Check a network's backpropagation against finite differences of its cost.

    Parameters
    ----------
    net : lecturekit.network.Network with ``dtype=float64``
    X, Y : a batch, as for ``net.backprop``
    l2, l1 : regularization strengths (N = len(X)); their gradients are added
        to backprop's, as ``Network.fit`` does.
    eps : finite-difference step.
    max_entries : int, optional
        Check at most this many randomly chosen entries of each weight matrix
        and bias vector (default: all; choose a few dozen for big layers).
    seed : seeds that choice.
    tolerance : the relative error below which the check passes.

    Returns
    -------
    NetworkCheck, whose ``str`` is a small report and ``passed`` the verdict.
    """
    if getattr(net, "dtype", None) != np.float64:
        raise TypeError(
            f"net must be a Network with dtype=float64 for a gradient check, got dtype {getattr(net, 'dtype', None)}; "
            "build it with Network(..., dtype=np.float64)"
        )
    if max_entries is not None:
        max_entries = validate.positive_int(max_entries, "max_entries", "or None for all")
    tolerance = validate.positive(tolerance, "tolerance")
    l2 = validate.positive(l2, "l2", allow_zero=True)
    l1 = validate.positive(l1, "l1", allow_zero=True)
    eps = _eps(eps)
    grads_W, grads_b = net.backprop(X, Y)  # (it checks X and Y)
    n = len(np.asarray(X))
    rng = np.random.default_rng(seed)
    result = NetworkCheck(tolerance=tolerance)
    cost = lambda: net.cost(X, Y, l2=l2, l1=l1)  # noqa: E731 - reads the parameters in place
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        analytic_W = grads_W[l] + l2 / n * W + l1 / n * np.sign(W)
        for name, param, analytic in ((f"W{l + 1}", W, analytic_W), (f"b{l + 1}", b, grads_b[l])):
            indices = list(np.ndindex(param.shape))
            if max_entries is not None and len(indices) > max_entries:
                chosen = rng.choice(len(indices), size=max_entries, replace=False)
                indices = [indices[i] for i in sorted(chosen)]
            numeric = numerical_gradient(cost, param, eps, indices)
            picked = tuple(np.array(indices).T)
            result.errors[name] = relative_error(analytic[picked], numeric[picked])
            result.checked[name] = len(indices)
    return result
