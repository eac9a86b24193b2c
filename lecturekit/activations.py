"""Activation functions, each with its derivative right beside it.

Every elementwise function takes a scalar or an array of any shape (float32 or
float64; integers and booleans are promoted to float64) and returns the same
shape and dtype (a numpy scalar for a scalar input).  Derivatives are named
``<name>_grad`` and take the same arguments.  Where a function has a kink at
0, its derivative there is the left derivative (the ``z <= 0`` branch), the
convention TensorFlow uses: ``relu_grad(0) == 0``, ``leaky_relu_grad(0) ==
alpha``, ``elu_grad(0) == alpha``.

All of them are numerically stable: no overflow, no NaN and no RuntimeWarning
for any finite input (``sigmoid(-1000.0) == 0.0``, ``softmax([1000, 1001])``
is finite).  The trick is the same each time: only ever exponentiate numbers
that are <= 0.

``softmax`` is not elementwise (each output depends on every input of its
row), so it is not in the :data:`ACTIVATIONS` registry of elementwise
``(function, derivative)`` pairs.  It is meant for the output layer, together
with the cross-entropy loss, and then the derivative of the loss with respect
to the logits is simply ``delta = a - y`` (see :func:`softmax`).
"""
from __future__ import annotations

import numpy as np

from . import validate


def _as_float(z) -> np.ndarray:
    """``z`` as a floating-point array (integers and booleans become float64)."""
    arr = np.asarray(z)
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"z must be a real number or an array of real numbers, got {type(z).__name__} of dtype {arr.dtype}"
        )
    return arr if arr.dtype.kind == "f" else arr.astype(np.float64)


def _out(result: np.ndarray, dtype) -> np.ndarray:
    """Cast to ``dtype``; a 0-d result becomes a numpy scalar (``sigmoid(0.0)`` prints as 0.5)."""
    return np.asarray(result).astype(dtype, copy=False)[()]


_CONSTANTS = {}


def _zero_one(dtype):
    """0 and 1 as read-only 0-d arrays of ``dtype``.

    numpy combines an array with a 0-d array of its own dtype faster than with
    a Python number, and to the same result; the unchecked kernels below use these.
    """
    pair = _CONSTANTS.get(dtype)
    if pair is None:
        pair = np.zeros((), dtype), np.ones((), dtype)
        for c in pair:
            c.flags.writeable = False
        pair = _CONSTANTS.setdefault(dtype, pair)
    return pair


# --------------------------------------------------------------------------
# Step and linear: the perceptron and the "no activation" output layer
# --------------------------------------------------------------------------
def step(z):
    """Heaviside step, the perceptron's activation: 1 where z > 0, else 0."""
    z = _as_float(z)
    return _out(z > 0, z.dtype)


def step_grad(z):
    """Derivative of the step: 0 everywhere (undefined at 0; 0 by convention)."""
    z = _as_float(z)
    return _out(np.zeros_like(z), z.dtype)


def linear(z):
    """Identity f(z) = z: no activation, e.g. a regression network's output layer."""
    z = _as_float(z)
    return _out(z.copy(), z.dtype)


def linear_grad(z):
    """f'(z) = 1."""
    z = _as_float(z)
    return _out(np.ones_like(z), z.dtype)


# --------------------------------------------------------------------------
# Sigmoid and tanh: the smooth, saturating classics
# --------------------------------------------------------------------------
def sigmoid(z):
    """Logistic sigmoid sigma(z) = 1 / (1 + exp(-z)), in [0, 1].

    For very negative z (below about -88.7 in float32, -709.8 in float64)
    exp(-z) overflows to inf and the formula gives 1 / inf = 0, which is
    sigma(z) rounded to the dtype (the true value is below the smallest normal
    number).  That overflow is expected and silenced here, so sigmoid(-1000)
    is exactly 0 without a warning.
    """
    z = _as_float(z)
    with np.errstate(over="ignore"):
        return _out(_sigmoid(z), z.dtype)


def _sigmoid(z):
    """:func:`sigmoid` of a float array ``z``, without input checks: 1 / (1 + exp(-z)).

    The caller silences the overflow of exp(-z) for z << 0 with
    ``np.errstate(over="ignore")`` (see :func:`sigmoid`).
    """
    _, one = _zero_one(z.dtype)
    return one / (one + np.exp(-z))


def _sigmoid_grad(z):
    """:func:`sigmoid_grad` of a float array ``z``, without input checks: a (1 - a) with a = sigma(z).

    The caller silences the overflow of exp(-z), as for :func:`_sigmoid`.
    """
    a = _sigmoid(z)
    _, one = _zero_one(a.dtype)
    return a * (one - a)


def sigmoid_grad(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)); at most 1/4, reached at z = 0.

    Only the sigmoid's output is needed, the rule the lecture writes as
    a (1 - a).  Where 1 - sigma(z)
    rounds to 0 (z above about 16.6 in float32, 36.7 in float64) the
    derivative is 0, as in TensorFlow and Keras, which compute it the same
    way; its true value there is below about 6e-8 (float32) or 1e-16 (float64).
    """
    z = _as_float(z)
    with np.errstate(over="ignore"):
        return _out(_sigmoid_grad(z), z.dtype)


def tanh(z):
    """Hyperbolic tangent, in [-1, 1]: a zero-centred sigmoid, tanh(z) = 2 sigma(2z) - 1."""
    z = _as_float(z)
    return _out(np.tanh(z), z.dtype)


def tanh_grad(z):
    """tanh'(z) = 1 - tanh(z)^2; at most 1, reached at z = 0."""
    t = np.tanh(_as_float(z))
    return _out(1 - t * t, t.dtype)


# --------------------------------------------------------------------------
# ReLU and its variants
# --------------------------------------------------------------------------
def relu(z):
    """Rectified linear unit max(0, z)."""
    z = _as_float(z)
    return _out(np.maximum(z, 0), z.dtype)


def relu_grad(z):
    """1 for z > 0, else 0 (the derivative at 0 is taken to be 0)."""
    z = _as_float(z)
    return _out(z > 0, z.dtype)


def leaky_relu(z, alpha=0.01):
    """Leaky ReLU: z for z > 0, alpha z otherwise.

    The small slope alpha keeps a gradient flowing for z < 0, so a unit cannot
    "die".  PReLU (parametric ReLU) is the same formula with alpha learned by
    gradient descent like a weight.
    """
    alpha = validate.number(alpha, "alpha")
    z = _as_float(z)
    return _out(np.where(z > 0, z, alpha * z), z.dtype)


def leaky_relu_grad(z, alpha=0.01):
    """1 for z > 0, else alpha (alpha at 0, as TensorFlow)."""
    alpha = validate.number(alpha, "alpha")
    z = _as_float(z)
    return _out(np.where(z > 0, 1.0, alpha), z.dtype)


def elu(z, alpha=1.0):
    """Exponential linear unit: z for z > 0, alpha (exp(z) - 1) otherwise.

    Smooth for alpha = 1, and its negative outputs (down to -alpha) push the
    mean activation towards 0.  ``expm1`` keeps small negative z accurate, and
    only z <= 0 is exponentiated, so large z cannot overflow.
    """
    alpha = validate.number(alpha, "alpha")
    z = _as_float(z)
    return _out(np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0))), z.dtype)


def elu_grad(z, alpha=1.0):
    """1 for z > 0, else alpha exp(z) (alpha at 0, as TensorFlow)."""
    alpha = validate.number(alpha, "alpha")
    z = _as_float(z)
    return _out(np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0))), z.dtype)


def swish(z):
    """Swish (also called SiLU): z sigma(z).

    Smooth and non-monotonic (a small dip below 0 near z = -1.28); found by an
    automated search over activation functions (Ramachandran et al., 2017).
    """
    z = _as_float(z)
    return _out(z * sigmoid(z), z.dtype)


def swish_grad(z):
    """swish'(z) = sigma(z) + z sigma(z) (1 - sigma(z)) = sigma(z) (1 + z (1 - sigma(z)))."""
    z = _as_float(z)
    s = sigmoid(z)
    return _out(s + z * sigmoid_grad(z), z.dtype)


# --------------------------------------------------------------------------
# Softmax: a probability distribution over classes (not elementwise)
# --------------------------------------------------------------------------
def _check_axis(z: np.ndarray, axis) -> int:
    if not validate.is_int(axis):
        raise TypeError(f"axis must be an int, got {type(axis).__name__} ({axis!r})")
    if z.ndim == 0:
        raise ValueError("z must have at least one dimension (the classes), got a scalar")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis must be in [{-z.ndim}, {z.ndim - 1}] for z of shape {z.shape}, got {axis}")
    if z.shape[axis] == 0:
        raise ValueError(f"z must hold at least one class along axis {axis}, got shape {z.shape}")
    return int(axis)


def log_softmax(z, axis=-1):
    """log softmax(z) = z - max(z) - log(sum(exp(z - max(z)))), computed without overflow.

    Parameters
    ----------
    z : array of shape (..., k, ...)
        Logits; the classes run along ``axis``.
    axis : int
        The class axis (default: the last one).

    Returns
    -------
    array of the shape and dtype of ``z``, all entries <= 0.
    """
    z = _as_float(z)
    axis = _check_axis(z, axis)
    shifted = z - z.max(axis=axis, keepdims=True)  # largest entry is 0: exp(.) <= 1
    return _out(shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True)), z.dtype)


def softmax(z, axis=-1):
    """Softmax a_j = exp(z_j) / sum_i exp(z_i) along ``axis``: positive, sums to 1.

    The generalization of the sigmoid to k classes: for two classes,
    ``softmax([z, 0])[0] == sigmoid(z)``.  Subtracting max(z) first changes
    nothing mathematically but keeps exp from overflowing, so
    ``softmax([1000, 1001])`` is ``[0.269, 0.731]``, not NaN.

    Used as the output layer with the cross-entropy loss
    C = -sum_j y_j log a_j (one-hot y), the gradient with respect to the
    logits is simply

        dC/dz = a - y,

    because the softmax Jacobian diag(a) - a a^T (:func:`softmax_jacobian`)
    cancels the 1/a of the loss's gradient -y/a.  Backpropagation starts from
    this ``delta = a - y`` (divided by n for a mean over n samples).

    Parameters
    ----------
    z : array of shape (..., k, ...)
        Logits; the classes run along ``axis``.
    axis : int
        The class axis (default: the last one).

    Returns
    -------
    array of the shape and dtype of ``z``.
    """
    z = _as_float(z)
    axis = _check_axis(z, axis)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return _out(e / e.sum(axis=axis, keepdims=True), z.dtype)


def softmax_jacobian(z):
    """Jacobian of softmax along the last axis: J[..., i, j] = da_i/dz_j = a_i (delta_ij - a_j).

    Parameters
    ----------
    z : array of shape (..., k)

    Returns
    -------
    array of shape (..., k, k), symmetric, each row summing to 0.
    """
    a = np.asarray(softmax(z, axis=-1))
    return _out(a[..., :, None] * (np.eye(a.shape[-1], dtype=a.dtype) - a[..., None, :]), a.dtype)


#: name -> (function, derivative) for the elementwise activations; the names
#: widgets and networks accept.  Parametrized ones use their default alpha.
ACTIVATIONS = {
    "step": (step, step_grad),
    "linear": (linear, linear_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "elu": (elu, elu_grad),
    "swish": (swish, swish_grad),
}


#: For a training loop that checked its arrays once (``lecturekit.network``):
#: name -> ``(f, f_grad)``, the activation and its derivative of a float
#: array z, with the numbers of the pairs in :data:`ACTIVATIONS`, bit for bit.
#: The sigmoid's two skip the input checks; the caller silences exp's overflow
#: once, with ``np.errstate(over="ignore")`` around its loop.
UNCHECKED = dict(ACTIVATIONS)
UNCHECKED["sigmoid"] = (_sigmoid, _sigmoid_grad)


#: activations that take an ``alpha`` argument, with its default value.
ALPHA_DEFAULTS = {"leaky_relu": 0.01, "elu": 1.0}


#: names that are a known mistake for an elementwise activation -> the error message that explains it.
HINTS = {
    "softmax": "softmax is not elementwise, so it has no (function, derivative) pair here; use "
               "lecturekit.activations.softmax for the output layer with the cross-entropy loss, "
               "where the gradient with respect to the logits is delta = a - y",
}


def get(name: str):
    """Return ``(function, derivative)`` for an elementwise activation name (see :data:`ACTIVATIONS`)."""
    return ACTIVATIONS[validate.choice(name, "activation", sorted(ACTIVATIONS), HINTS)]
