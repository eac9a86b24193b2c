"""Metrics: numbers we report about a network, but do not train on.

Accuracy is the metric people care about, yet it makes a poor loss: it only
changes when a prediction crosses a decision boundary, so it is piecewise
constant in the weights and its gradient is zero almost everywhere.
Gradient descent would have nothing to follow.  We train on a smooth loss
(:mod:`lecturekit.losses`, e.g. cross-entropy) and report accuracy.
"""
from __future__ import annotations

import numbers

import numpy as np


def _real(arr, name: str) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    return arr


def predicted_classes(y_pred, threshold=0.5) -> np.ndarray:
    """The class each prediction stands for.

    Parameters
    ----------
    y_pred : array of shape (n, k) with k >= 2, or (n,) / (n, 1)
        Class scores or probabilities (argmax wins), or one score per sample
        for two classes (class 1 where the score is above ``threshold``).
    threshold : float
        Decision threshold for one score per sample: 0.5 for probabilities,
        0 for raw scores such as a hinge-loss classifier's.

    Returns
    -------
    int array of shape (n,)
    """
    y_pred = _real(y_pred, "y_pred")
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
        raise TypeError(f"threshold must be a real number, got {type(threshold).__name__} ({threshold!r})")
    if not np.isfinite(threshold):
        raise ValueError(f"threshold must be finite, got {threshold!r}; e.g. 0.5 for probabilities, 0 for raw scores")
    if y_pred.ndim not in (1, 2):
        raise ValueError(f"y_pred must have shape (n, k), (n,) or (n, 1), got {y_pred.shape}")
    if y_pred.dtype.kind == "f" and np.isnan(y_pred).any():
        sample = int(np.argwhere(np.isnan(y_pred))[0][0])
        raise ValueError(
            f"y_pred must hold numbers (no NaN), got NaN in sample {sample}; "
            "a network whose outputs are NaN has diverged (try a smaller learning rate)"
        )
    if y_pred.ndim == 2 and y_pred.shape[1] >= 2:
        return np.argmax(y_pred, axis=1)
    return (y_pred.reshape(-1) > threshold).astype(np.int64)


def _true_classes(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    n = y_pred.shape[0]
    binary = y_pred.ndim == 1 or y_pred.shape[1] == 1
    if y_true.shape == y_pred.shape and not binary:
        return np.argmax(y_true, axis=1)  # one-hot (or probability) rows
    if y_true.reshape(-1).shape != (n,) or y_true.ndim > 2 or (y_true.ndim == 2 and y_true.shape[1] != 1):
        expected = f"({n},) labels" + ("" if binary else f" or ({n}, {y_pred.shape[1]}) one-hot rows")
        raise ValueError(f"y_true must have shape {expected} to match y_pred of shape {y_pred.shape}, got {y_true.shape}")
    labels = y_true.reshape(-1)
    fractional = labels[labels != np.round(labels)]  # NaN is never equal to itself: caught here too
    if fractional.size:
        raise ValueError(f"y_true must hold whole-number class labels, got {fractional[0]:g}")
    labels = labels.astype(np.int64)
    if binary:
        values = set(np.unique(labels).tolist())
        if values <= {-1, 1}:
            return (labels == 1).astype(np.int64)  # -1/+1 labels (hinge) mean classes 0/1
        if not values <= {0, 1}:
            raise ValueError(f"y_true must hold binary labels 0/1 (or -1/+1) for one score per sample, got {sorted(values)[:6]}")
    elif labels.size and (labels.min() < 0 or labels.max() >= y_pred.shape[1]):
        raise ValueError(
            f"y_true must hold labels in 0..{y_pred.shape[1] - 1} for {y_pred.shape[1]} classes, "
            f"got values {labels.min()}..{labels.max()}"
        )
    return labels


def accuracy(y_true, y_pred, threshold=0.5) -> float:
    """Fraction of samples whose predicted class is the true one, in [0, 1].

    Parameters
    ----------
    y_true : array of shape (n,) with class labels, or (n, k) one-hot rows
        For one score per sample: labels 0/1 (or -1/+1).
    y_pred : array of shape (n, k), or (n,) / (n, 1)
        See :func:`predicted_classes`.
    threshold : float
        Decision threshold for one score per sample (default 0.5).

    Returns
    -------
    float
        Same value as Keras' ``categorical_accuracy`` (one-hot ``y_true``),
        ``sparse_categorical_accuracy`` (labels) or ``binary_accuracy``.
    """
    y_pred = _real(y_pred, "y_pred")
    y_true = _real(y_true, "y_true")
    if y_pred.ndim == 0 or y_pred.shape[0] == 0:
        raise ValueError(f"y_pred must hold at least one sample, got shape {y_pred.shape}")
    predicted = predicted_classes(y_pred, threshold)
    return float(np.mean(predicted == _true_classes(y_true, y_pred)))
