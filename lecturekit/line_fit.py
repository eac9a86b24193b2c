"""Notebook 03's line fit through outliers: the data and gradient descent under a loss.

:func:`outlier_data` makes points near a line with a few corrupted ones;
:func:`fit_line` fits y = m x + c to them by gradient descent under any loss
of :mod:`lecturekit.losses`, so the lecture can compare how far the outliers
pull each fit (``lecturekit.widgets.LineFitExplorer`` animates the race).
"""
from __future__ import annotations

import numpy as np

from . import losses, validate


def outlier_data(n=40, n_outliers=3, seed=0):
    """Points near the line y = 2x + 1 on [-1, 1], with a few far below it at the right end.

    Returns
    -------
    x, y : float arrays of shape (n,)
    outliers : bool array of shape (n,), True for the corrupted points
    """
    n = validate.positive_int(n, "n")
    n_outliers = validate.int_in(n_outliers, "n_outliers", 0, n // 2, "at most n // 2")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1, 1, n))
    y = 2 * x + 1 + rng.normal(0, 0.2, n)
    outliers = np.zeros(n, dtype=bool)
    outliers[n - 2 * n_outliers :: 2] = True  # every other one of the rightmost points
    y[outliers] -= 5
    return x, y, outliers


def fit_line(x, y, loss, lr=0.2, steps=300, **params):
    """Gradient descent on y ~ m x + c under ``loss``, from m = c = 0.

    The loss's gradient with respect to the predictions, g (shape (n,)),
    reaches the parameters by the chain rule: dL/dm = sum_i g_i x_i and
    dL/dc = sum_i g_i.

    Parameters
    ----------
    x, y : arrays of shape (n,)
    loss : a loss name from ``lecturekit.losses`` (its ``params``, e.g. Huber's ``delta``, as keywords)
    lr : learning rate > 0
    steps : number of steps >= 0

    Returns
    -------
    array of shape (steps + 1, 2): (slope, intercept) after each step, the start first.
    """
    x, y = validate.real(x, "x").astype(float), validate.real(y, "y").astype(float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"x and y must be 1-D arrays of the same length, got shapes {x.shape} and {y.shape}")
    if x.size == 0:
        raise ValueError(f"x must hold at least one point, got shape {x.shape}")
    grad = losses.get(loss)[1]
    lr = validate.positive(lr, "lr")
    steps = validate.non_negative_int(steps, "steps")
    m = c = 0.0
    path = [(m, c)]
    for _ in range(steps):
        g = grad(y, m * x + c, **params)
        m, c = m - lr * float(g @ x), c - lr * float(g.sum())
        path.append((m, c))
    return np.array(path)
