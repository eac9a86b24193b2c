"""Loss functions, each with its gradient with respect to the prediction beside it.

Conventions
-----------
``y_true`` and ``y_pred`` have shape ``(n, k)`` (n samples, k outputs) or
``(n,)`` (n samples, one output each).  Each loss returns one number of
``y_pred``'s dtype, and ``<name>_grad(y_true, y_pred)`` returns
d(loss)/d(y_pred), an array of ``y_pred``'s shape and dtype.

The values equal TensorFlow's ``tf.keras.losses`` on the same arrays:

============================  ==========================================  ===========================
here                          per sample, then the mean over samples      Keras
============================  ==========================================  ===========================
``mae``                       mean_j |a_j - y_j|                          ``MeanAbsoluteError``
``mse``                       mean_j (a_j - y_j)^2                        ``MeanSquaredError``
``huber(delta=1)``            mean_j of 1/2 e^2 or delta (|e| - delta/2)  ``Huber``
``log_cosh``                  mean_j log cosh(a_j - y_j)                  ``LogCosh``
``hinge(margin=1)``           mean_j max(0, margin - y_j a_j)             ``Hinge``
``binary_cross_entropy``      -mean_j [y log a + (1 - y) log(1 - a)]      ``BinaryCrossentropy``
``cross_entropy``             -sum_j y_j log a_j                          ``CategoricalCrossentropy``
``cross_entropy_from_logits`` -sum_j y_j log softmax(z)_j                 ``...(from_logits=True)``
``quadratic``                 1/2 sum_j (y_j - a_j)^2  (the lecture's C)  (1/2 k times ``mse``)
============================  ==========================================  ===========================

so a mean over outputs is a mean over *all* entries, and its gradient carries
a factor 1 / (n k); ``pointwise(name, y_true, y_pred)`` gives the entries
before that mean (the curve of a loss against the error).  Categorical cross-entropy sums over the classes: a 1-D
``y_pred`` of shape ``(k,)`` is *one* sample's distribution (as in Keras).

Stability: ``log_cosh`` never forms cosh (log_cosh(1e4) is 1e4 - log 2), and
the cross-entropies clip probabilities to ``[EPSILON, 1 - EPSILON]`` before
the log, as Keras does, so predictions of exactly 0 or 1 give a large but
finite loss (and a zero gradient where the clip is active).
"""
from __future__ import annotations

import numpy as np

from . import validate
from .activations import log_softmax, softmax

#: Probabilities are clipped to [EPSILON, 1 - EPSILON] before a log, as Keras does.
EPSILON = 1e-7
_LOG2 = float(np.log(2.0))  # a Python float, so float32 inputs stay float32


# --------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------
def _true_and_pred(y_true, y_pred):
    """Both arrays as ``y_pred``'s float dtype, after checking their dtypes and shapes."""
    y_true = validate.real(y_true, "y_true")
    y_pred = validate.real(y_pred, "y_pred")
    if y_pred.dtype.kind != "f":
        y_pred = y_pred.astype(np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {y_true.shape} and {y_pred.shape}")
    if y_pred.ndim not in (1, 2) or y_pred.shape[0] == 0 or y_pred.size == 0:
        raise ValueError(f"y_pred must have shape (n,) or (n, k) with n, k >= 1, got {y_pred.shape}")
    return y_true.astype(y_pred.dtype), y_pred


def _probabilities(a: np.ndarray) -> np.ndarray:
    lo, hi = a.min(), a.max()
    if lo < 0 or hi > 1:
        raise ValueError(
            f"y_pred must hold probabilities in [0, 1] (sigmoid or softmax outputs), got values from {lo:g} to {hi:g}; "
            "for raw scores (logits) use cross_entropy_from_logits"
        )
    return a


def _scalar(value, a: np.ndarray):
    return a.dtype.type(value)


def _clip(a: np.ndarray) -> np.ndarray:
    return np.clip(a, EPSILON, 1 - EPSILON)


def _inside_clip(a: np.ndarray) -> np.ndarray:
    # Where the clip is not active the gradient flows (boundaries included, as tf.clip_by_value).
    lo, hi = a.dtype.type(EPSILON), a.dtype.type(1 - EPSILON)
    return (a >= lo) & (a <= hi)


# --------------------------------------------------------------------------
# Regression losses (a mean over all entries)
# --------------------------------------------------------------------------
def mae(y_true, y_pred):
    """Mean absolute error mean |a - y|: robust to outliers, but its gradient never shrinks."""
    y, a = _true_and_pred(y_true, y_pred)
    return _scalar(_mae_terms(y, a).mean(), a)


def _mae_terms(y, a):
    return np.abs(a - y)


def mae_grad(y_true, y_pred):
    """sign(a - y) / (n k): the same size however small the error (0 where a == y)."""
    y, a = _true_and_pred(y_true, y_pred)
    return np.sign(a - y) / a.size


def mse(y_true, y_pred):
    """Mean squared error mean (a - y)^2: smooth, but an outlier's error counts squared."""
    y, a = _true_and_pred(y_true, y_pred)
    return _scalar(_mse_terms(y, a).mean(), a)


def _mse_terms(y, a):
    return (a - y) ** 2


def mse_grad(y_true, y_pred):
    """2 (a - y) / (n k): grows with the error, so outliers pull hardest."""
    y, a = _true_and_pred(y_true, y_pred)
    return 2 * (a - y) / a.size


def huber(y_true, y_pred, delta=1.0):
    """Huber loss: quadratic for |e| <= delta, linear beyond (e = a - y).

    Per entry: 1/2 e^2 if |e| <= delta, else delta (|e| - delta / 2); the two
    pieces meet with the same value and slope at |e| = delta.  The extra
    hyper-parameter ``delta`` says where an error starts to count as an outlier.
    """
    delta = validate.positive(delta, "delta")
    y, a = _true_and_pred(y_true, y_pred)
    return _scalar(_huber_terms(y, a, delta).mean(), a)


def _huber_terms(y, a, delta=1.0):
    e = np.abs(a - y)
    return np.where(e <= delta, 0.5 * e**2, delta * (e - 0.5 * delta))


def huber_grad(y_true, y_pred, delta=1.0):
    """clip(e, -delta, delta) / (n k): like MSE for small errors, like MAE for large ones."""
    delta = validate.positive(delta, "delta")
    y, a = _true_and_pred(y_true, y_pred)
    return np.clip(a - y, -delta, delta) / a.size


def log_cosh(y_true, y_pred):
    """Mean of log cosh(a - y): about e^2 / 2 for small errors, |e| - log 2 for large ones.

    Computed as |e| + log1p(exp(-2 |e|)) - log 2, which never forms cosh and
    so cannot overflow: log_cosh(1e4) is 1e4 - log 2.  Twice differentiable
    everywhere, unlike MAE and Huber.
    """
    y, a = _true_and_pred(y_true, y_pred)
    return _scalar(_log_cosh_terms(y, a).mean(), a)


def _log_cosh_terms(y, a):
    e = np.abs(a - y)
    return e + np.log1p(np.exp(-2 * e)) - _LOG2


def log_cosh_grad(y_true, y_pred):
    """tanh(a - y) / (n k): smooth, and bounded by 1 like MAE's."""
    y, a = _true_and_pred(y_true, y_pred)
    return np.tanh(a - y) / a.size


# --------------------------------------------------------------------------
# Classification losses
# --------------------------------------------------------------------------
def _hinge_labels(y: np.ndarray) -> np.ndarray:
    values = set(np.unique(y).tolist())
    if values <= {-1.0, 1.0}:
        return y
    if values <= {0.0, 1.0}:
        return 2 * y - 1  # 0/1 labels mean -1/+1, as in Keras
    raise ValueError(
        f"y_true for the hinge loss must hold labels -1 and +1 (or 0 and 1), got values {sorted(values)[:6]}"
    )


def hinge(y_true, y_pred, margin=1.0):
    """Hinge loss mean max(0, margin - y a) for labels y in {-1, +1} and scores a.

    A prediction on the right side with a score of at least ``margin`` costs
    nothing; everything else costs linearly.  Labels 0/1 are read as -1/+1.
    """
    margin = validate.positive(margin, "margin", allow_zero=True)
    y, a = _true_and_pred(y_true, y_pred)
    return _scalar(_hinge_terms(y, a, margin).mean(), a)


def _hinge_terms(y, a, margin=1.0):
    return np.maximum(margin - _hinge_labels(y) * a, 0)


def hinge_grad(y_true, y_pred, margin=1.0):
    """-y / (n k) where y a < margin, else 0 (0 at the kink y a == margin)."""
    margin = validate.positive(margin, "margin", allow_zero=True)
    y, a = _true_and_pred(y_true, y_pred)
    y = _hinge_labels(y)
    return np.where(margin - y * a > 0, -y, 0).astype(a.dtype) / a.size


def binary_cross_entropy(y_true, y_pred):
    """Binary cross-entropy -mean [y log a + (1 - y) log(1 - a)] for probabilities a in [0, 1]."""
    y, a = _true_and_pred(y_true, y_pred)
    return _scalar(_binary_cross_entropy_terms(y, a).mean(), a)


def _binary_cross_entropy_terms(y, a):
    p = _clip(_probabilities(a))
    return -(y * np.log(p) + (1 - y) * np.log1p(-p))


def binary_cross_entropy_grad(y_true, y_pred):
    """(a - y) / (a (1 - a)) / (n k), zero where the clip is active.

    With a sigmoid output a = sigma(z), the chain rule multiplies by
    sigma'(z) = a (1 - a), which cancels the denominator: dC/dz = (a - y) / (n k).
    No sigma'(z) factor is left to slow learning down.
    """
    y, a = _true_and_pred(y_true, y_pred)
    p = _clip(_probabilities(a))
    return np.where(_inside_clip(a), (p - y) / (p * (1 - p)), 0).astype(a.dtype) / a.size


def _samples(a: np.ndarray) -> int:
    # A 1-D array is one sample's distribution over classes (as in Keras).
    return len(a) if a.ndim == 2 else 1


def cross_entropy(y_true, y_pred):
    """Categorical cross-entropy C = -1/n sum_x sum_j y_j log a_j (one-hot y, probabilities a).

    Parameters
    ----------
    y_true : array of shape (n, k) or (k,)
        One-hot targets (or any distributions over the k classes).
    y_pred : array of shape (n, k) or (k,)
        Predicted probabilities, e.g. softmax outputs; each row should sum to 1.
        (Keras rescales each row to sum 1 first; on rows that already sum to 1,
        such as softmax outputs, the two agree.)

    Returns
    -------
    The mean over the n samples (one sample for a 1-D input) of the sum over classes.
    """
    y, a = _true_and_pred(y_true, y_pred)
    ce = -(y * np.log(_clip(_probabilities(a))))
    return _scalar(ce.sum() / _samples(a), a)


def cross_entropy_grad(y_true, y_pred):
    """dC/da = -y / (n a), zero where the clip is active.

    After a softmax output layer this becomes dC/dz = (a - y) / n (see
    :func:`lecturekit.activations.softmax`).
    """
    y, a = _true_and_pred(y_true, y_pred)
    p = _clip(_probabilities(a))
    return np.where(_inside_clip(a), -y / p, 0).astype(a.dtype) / _samples(a)


def cross_entropy_from_logits(y_true, y_pred):
    """Softmax and cross-entropy in one step: -1/n sum_x sum_j y_j log softmax(z)_j.

    ``y_pred`` holds the logits z (the output layer has a linear activation).
    Uses :func:`~lecturekit.activations.log_softmax`, so no probability is
    ever clipped: exact for logits of any size.  Shapes as :func:`cross_entropy`.
    """
    y, z = _true_and_pred(y_true, y_pred)
    return _scalar(-(y * log_softmax(z, axis=-1)).sum() / _samples(z), z)


def cross_entropy_from_logits_grad(y_true, y_pred):
    """dC/dz = (softmax(z) sum_j y_j - y) / n, i.e. the famous (a - y) / n for one-hot y."""
    y, z = _true_and_pred(y_true, y_pred)
    return (softmax(z, axis=-1) * y.sum(axis=-1, keepdims=True) - y) / _samples(z)


# --------------------------------------------------------------------------
# Per-entry values: the curves one plots against the error
# --------------------------------------------------------------------------
_TERMS = {
    "mae": _mae_terms,
    "mse": _mse_terms,
    "huber": _huber_terms,
    "log_cosh": _log_cosh_terms,
    "hinge": _hinge_terms,
    "binary_cross_entropy": _binary_cross_entropy_terms,
}


def pointwise(name: str, y_true, y_pred, **params):
    """The loss of every entry before the mean, an array of ``y_pred``'s shape.

    For the losses that average over all entries (``mae``, ``mse``,
    ``huber``, ``log_cosh``, ``hinge``, ``binary_cross_entropy``):
    ``pointwise(name, y, a).mean() == get(name)[0](y, a)``.  Plotting it
    against the error a - y draws the loss's curve, e.g.
    ``pointwise("huber", 0 * e, e, delta=1.0)`` for a grid of errors ``e``.
    ``params`` are the loss's own keyword arguments (``delta``, ``margin``).
    """
    summed = (f"pointwise is defined for the losses averaged over entries (the cross-entropies and the quadratic "
              f"cost sum over the outputs instead); choose one of {sorted(_TERMS)}")
    name = validate.choice(name, "name", sorted(_TERMS), dict.fromkeys(set(LOSSES) - set(_TERMS), summed))
    allowed = {"huber": {"delta"}, "hinge": {"margin"}}.get(name, set())
    if set(params) - allowed:
        raise TypeError(f"the {name} loss takes the keyword arguments {sorted(allowed)}, got {sorted(params)}")
    params = {key: validate.positive(value, key, allow_zero=key == "margin") for key, value in params.items()}
    y, a = _true_and_pred(y_true, y_pred)
    return _TERMS[name](y, a, **params).astype(a.dtype, copy=False)


# --------------------------------------------------------------------------
# The lecture's quadratic cost
# --------------------------------------------------------------------------
def quadratic(y_true, y_pred):
    """The lecture's cost C = 1/(2n) sum_x ||y(x) - a(x)||^2 (sum over outputs, mean over samples)."""
    y, a = _true_and_pred(y_true, y_pred)
    sq = (y - a) ** 2
    return _scalar(0.5 * sq.sum() / len(a), a)


def quadratic_grad(y_true, y_pred):
    """dC/da = (a - y) / n."""
    y, a = _true_and_pred(y_true, y_pred)
    return _quadratic_grad(y, a)


def _quadratic_grad(y, a):
    """:func:`quadratic_grad` of float arrays of one shape and dtype, without input checks."""
    return (a - y) / len(a)


#: name -> (loss, gradient with respect to y_pred); parametrized losses use their defaults.
LOSSES = {
    "quadratic": (quadratic, quadratic_grad),
    "mae": (mae, mae_grad),
    "mse": (mse, mse_grad),
    "huber": (huber, huber_grad),
    "log_cosh": (log_cosh, log_cosh_grad),
    "hinge": (hinge, hinge_grad),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_grad),
    "cross_entropy": (cross_entropy, cross_entropy_grad),
    "cross_entropy_from_logits": (cross_entropy_from_logits, cross_entropy_from_logits_grad),
}


#: For a training loop that checked its arrays once (``lecturekit.network``):
#: name -> the gradient with respect to y_pred, called with ``y_true`` and
#: ``y_pred`` as float arrays of the same shape and dtype.  The numbers are
#: those of :data:`LOSSES`' gradients, bit for bit; the quadratic cost's skips
#: the input checks.
UNCHECKED = {name: grad for name, (_, grad) in LOSSES.items()}
UNCHECKED["quadratic"] = _quadratic_grad


#: names that are a known mistake for a loss -> the error message that explains it.
HINTS = {
    "accuracy": "accuracy is a metric, not a loss: it is piecewise constant, so its gradient is zero almost "
                "everywhere; use lecturekit.metrics.accuracy to report it and a loss such as 'cross_entropy' to train",
}


def get(name: str):
    """Return ``(loss, gradient)`` for a loss name (see :data:`LOSSES`)."""
    return LOSSES[validate.choice(name, "loss", sorted(LOSSES), HINTS)]
