"""Loss functions, each with its gradient with respect to the prediction beside it.

Conventions: ``y_true`` and ``y_pred`` have shape ``(n, k)`` (n samples, k
outputs) or ``(n,)``; each loss returns a scalar, the mean over samples of the
per-sample loss, and ``<name>_grad(y_true, y_pred)`` returns d(loss)/d(y_pred)
with the shape of ``y_pred``.
"""
from __future__ import annotations

import numpy as np

#: Probabilities are clipped to [EPSILON, 1 - EPSILON] before a log, as Keras does.
EPSILON = 1e-7


def _pair(y_true, y_pred):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_pred.dtype.kind not in "biuf" or y_true.dtype.kind not in "biuf":
        raise TypeError(f"y_true and y_pred must be real arrays, got dtypes {y_true.dtype} and {y_pred.dtype}")
    if y_pred.dtype.kind != "f":
        y_pred = y_pred.astype(np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {y_true.shape} and {y_pred.shape}")
    if y_pred.ndim not in (1, 2) or y_pred.shape[0] == 0:
        raise ValueError(f"y_pred must have shape (n,) or (n, k) with n >= 1, got {y_pred.shape}")
    return y_true.astype(y_pred.dtype), y_pred


def quadratic(y_true, y_pred):
    """The lecture's cost C = 1/(2n) sum_x ||y(x) - a(x)||^2 (sum over outputs, mean over samples)."""
    y, a = _pair(y_true, y_pred)
    sq = (y - a) ** 2
    return 0.5 * (sq.sum(axis=1) if sq.ndim == 2 else sq).mean()


def quadratic_grad(y_true, y_pred):
    """dC/da = (a - y) / n."""
    y, a = _pair(y_true, y_pred)
    return (a - y) / len(a)


def cross_entropy(y_true, y_pred):
    """Categorical cross-entropy -1/n sum_x sum_j y_j log a_j (one-hot y, probabilities a)."""
    y, a = _pair(y_true, y_pred)
    a = np.clip(a, EPSILON, 1 - EPSILON)
    ce = -(y * np.log(a))
    return (ce.sum(axis=1) if ce.ndim == 2 else ce).mean()


def cross_entropy_grad(y_true, y_pred):
    """d/da of :func:`cross_entropy`: -y / (n a) (zero where the clip is active)."""
    y, a = _pair(y_true, y_pred)
    inside = (a > EPSILON) & (a < 1 - EPSILON)
    return np.where(inside, -y / (len(a) * np.clip(a, EPSILON, 1 - EPSILON)), 0).astype(a.dtype)


#: name -> (loss, gradient with respect to y_pred)
LOSSES = {
    "quadratic": (quadratic, quadratic_grad),
    "cross_entropy": (cross_entropy, cross_entropy_grad),
}


def get(name: str):
    """Return ``(loss, gradient)`` for a loss name."""
    if not isinstance(name, str):
        raise TypeError(f"loss must be a name (str), got {type(name).__name__}; choose one of {sorted(LOSSES)}")
    try:
        return LOSSES[name.lower()]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {sorted(LOSSES)}") from None
