"""Gradient descent on a 2-D loss surface: the optimizers' paths, small enough to draw.

A :class:`Surface` is a loss C(w) on the plane with its gradient;
:func:`descend` runs one of the optimizers of :mod:`lecturekit.optimizers`
on it and returns the points it visits.  Notebook 05 and its widget
(:class:`lecturekit.widgets.descent.DescentExplorer`) draw those paths.

On the default surface, the elongated bowl C(w) = (w_1^2 + 10 w_2^2) / 2, plain
gradient descent multiplies each coordinate by (1 - eta lambda) per step
(lambda = 1 and 10, the curvatures).  So, exactly:

* eta < 0.1: both coordinates shrink without changing sign (slow if eta is tiny);
* 0.1 < eta < 0.2: w_2 flips sign each step (oscillation) but still shrinks;
* eta > 0.2: |1 - 10 eta| > 1, w_2 grows: divergence.
"""
from __future__ import annotations

import numpy as np

from . import optimizers, validate

#: The methods :func:`descend` runs, each with the name of its optimizer in :mod:`lecturekit.optimizers`.
METHODS = {"gradient descent": "sgd", "momentum": "momentum", "adam": "adam"}

#: Paths stop (the rest is NaN) once |w| passes this: they have diverged.
DIVERGED = 1e6


class Surface:
    """A loss surface C(w) on the plane with its gradient.

    ``loss(W1, W2)`` works elementwise on grids (for contours); ``grad(w)``
    takes a point of shape (2,) and returns shape (2,).
    """

    def __init__(self, name, loss, grad, start, extent, minimum):
        self.name, self.loss, self.grad = name, loss, grad
        self.start = np.asarray(start, dtype=float)
        self.extent = extent  # (w1_min, w1_max, w2_min, w2_max) shown
        self.minimum = np.asarray(minimum, dtype=float)


def _bowl():
    curv = np.array([1.0, 10.0])
    return Surface(
        "bowl",
        loss=lambda w1, w2: 0.5 * (curv[0] * w1**2 + curv[1] * w2**2),
        grad=lambda w: curv * w,
        start=(-4.0, 2.0),
        extent=(-5.0, 5.0, -3.0, 3.0),
        minimum=(0.0, 0.0),
    )


def _rosenbrock():
    # Rosenbrock's banana valley, scaled down (b = 10): a curved, flat-bottomed valley.
    b = 10.0
    return Surface(
        "rosenbrock",
        loss=lambda w1, w2: (1 - w1) ** 2 + b * (w2 - w1**2) ** 2,
        grad=lambda w: np.array([-2 * (1 - w[0]) - 4 * b * w[0] * (w[1] - w[0] ** 2), 2 * b * (w[1] - w[0] ** 2)]),
        start=(-1.5, 2.0),
        extent=(-2.0, 2.0, -1.0, 3.0),
        minimum=(1.0, 1.0),
    )


SURFACES = {"bowl": _bowl, "rosenbrock": _rosenbrock}


def get_surface(name: str) -> Surface:
    """The surface called ``name`` (see :data:`SURFACES`)."""
    return SURFACES[validate.choice(name, "surface", sorted(SURFACES))]()


def descend(grad, start, lr, steps, method="gradient descent", *, momentum=0.9, betas=(0.9, 0.999), eps=1e-8):
    """The points visited by an optimizer: an array of shape (steps + 1, 2), the start first.

    Parameters
    ----------
    grad : callable, point (2,) -> gradient (2,)
    start : the first point, shape (2,)
    lr : the learning rate eta > 0
    steps : number of updates, >= 0
    method : ``"gradient descent"`` (w <- w - eta g), ``"momentum"``
        (v <- mu v - eta g, w <- w + v) or ``"adam"`` (bias-corrected
        moments): the optimizers of :mod:`lecturekit.optimizers`.
    momentum, betas, eps : the settings of momentum and Adam.

    A path that leaves the disc |w| < DIVERGED has diverged: its remaining
    points are NaN (so no overflow warning is ever raised).
    """
    validate.function(grad, "grad", "a point (2,)")
    method = validate.choice(method, "method", METHODS)
    steps = validate.non_negative_int(steps, "steps")
    optimizer = optimizers.make(METHODS[method], lr, momentum=momentum, betas=betas, eps=eps)
    w = np.asarray(start)
    if w.dtype.kind not in "biuf":
        raise TypeError(f"start must hold real numbers, got dtype {w.dtype}")
    w = w.astype(float)  # a copy: the optimizer updates it in place
    if w.shape != (2,):
        raise ValueError(f"start must be a point of shape (2,), got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"start must hold finite numbers, got {w[~np.isfinite(w)][0]}")
    path = np.full((steps + 1, 2), np.nan)
    path[0] = w
    for t in range(1, steps + 1):
        optimizer.step([w], [np.asarray(grad(w), dtype=float)])
        if not np.all(np.abs(w) < DIVERGED):
            break
        path[t] = w
    return path
