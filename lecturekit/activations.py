"""Activation functions, each with its derivative right beside it.

Every function takes a scalar or an array of any shape (float32 or float64;
integers are promoted to float64) and returns an array of the same shape and
dtype.  Derivatives are named ``<name>_grad`` and take the same arguments.
"""
from __future__ import annotations

import numpy as np


def _as_float(z) -> np.ndarray:
    z = np.asarray(z)
    if z.dtype.kind not in "biuf":
        raise TypeError(f"z must be a real number or an array of real numbers, got dtype {z.dtype}")
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def step(z):
    """Heaviside step, the perceptron's activation: 1 where z > 0, else 0."""
    z = _as_float(z)
    return (z > 0).astype(z.dtype)


def step_grad(z):
    """Derivative of the step: 0 everywhere (undefined at 0; 0 by convention)."""
    z = _as_float(z)
    return np.zeros_like(z)


def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), computed without overflow.

    Uses exp(-|z|), which is at most 1, so sigmoid(-1000) is exactly 0 and no
    RuntimeWarning is raised for any finite input.
    """
    z = _as_float(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype, copy=False)


def sigmoid_grad(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)); at most 1/4, reached at z = 0."""
    s = sigmoid(z)
    return s * (1 - s)


def relu(z):
    """Rectified linear unit max(0, z)."""
    z = _as_float(z)
    return np.maximum(z, 0).astype(z.dtype, copy=False)


def relu_grad(z):
    """1 for z > 0, else 0 (the derivative at 0 is taken to be 0)."""
    z = _as_float(z)
    return (z > 0).astype(z.dtype)


#: name -> (function, derivative); the names widgets and networks accept.
ACTIVATIONS = {
    "step": (step, step_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "relu": (relu, relu_grad),
}


def get(name: str):
    """Return ``(function, derivative)`` for an activation name."""
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name (str), got {type(name).__name__}; choose one of {sorted(ACTIVATIONS)}")
    try:
        return ACTIVATIONS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None
