"""Metrics: numbers we report about a network, but do not train on.

Accuracy is the metric people care about, yet it makes a poor loss: it only
changes when a prediction crosses a decision boundary, so it is piecewise
constant in the weights and its gradient is zero almost everywhere.
Gradient descent would have nothing to follow.  We train on a smooth loss
(:mod:`lecturekit.losses`, e.g. cross-entropy) and report accuracy.
"""
from __future__ import annotations

import numpy as np

from . import validate


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
    y_pred = validate.real(y_pred, "y_pred")
    threshold = validate.number(threshold, "threshold", "e.g. 0.5 for probabilities, 0 for raw scores")
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
        raise ValueError(
            f"y_true must have shape {expected} to match y_pred of shape {y_pred.shape}, got {y_true.shape}"
        )
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
            raise ValueError(
                f"y_true must hold binary labels 0/1 (or -1/+1) for one score per sample, got {sorted(values)[:6]}"
            )
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
    y_pred = validate.real(y_pred, "y_pred")
    y_true = validate.real(y_true, "y_true")
    if y_pred.ndim == 0 or y_pred.shape[0] == 0:
        raise ValueError(f"y_pred must hold at least one sample, got shape {y_pred.shape}")
    predicted = predicted_classes(y_pred, threshold)
    return float(np.mean(predicted == _true_classes(y_true, y_pred)))


# --------------------------------------------------------------------------
# Beyond accuracy: the confusion matrix, sensitivity and specificity
# --------------------------------------------------------------------------
def _classes(y_true, y_pred, threshold):
    """(true classes, predicted classes, number of classes k), each class array of shape (n,)."""
    predicted = predicted_classes(y_pred, threshold)  # checks y_pred and threshold
    y_pred = np.asarray(y_pred)
    if y_pred.shape[0] == 0:
        raise ValueError(f"y_pred must hold at least one sample, got shape {y_pred.shape}")
    y_true = np.asarray(y_true)
    if y_true.dtype.kind not in "biuf":
        raise TypeError(f"y_true must hold class labels or one-hot rows (real numbers), got dtype {y_true.dtype}")
    k = y_pred.shape[1] if y_pred.ndim == 2 and y_pred.shape[1] >= 2 else 2
    return _true_classes(y_true, y_pred), predicted, k


def confusion_matrix(y_true, y_pred, threshold=0.5) -> np.ndarray:
    """Counts of (true class, predicted class) pairs.

    Row ``i``, column ``j`` counts the samples of class ``i`` predicted as ``j``.

    Parameters
    ----------
    y_true, y_pred, threshold
        As for :func:`accuracy`.

    Returns
    -------
    int array of shape (k, k)
        Rows are the true classes, columns the predicted ones (as
        ``tf.math.confusion_matrix`` and scikit-learn).  For two classes
        (0 = negative, 1 = positive) it is ``[[TN, FP], [FN, TP]]``; the
        diagonal holds the right answers, so accuracy is its trace over n.
    """
    true, predicted, k = _classes(y_true, y_pred, threshold)
    return np.bincount(true * k + predicted, minlength=k * k).reshape(k, k)


def _two_classes(y_true, y_pred, threshold, name: str) -> np.ndarray:
    true, predicted, k = _classes(y_true, y_pred, threshold)
    if k != 2:
        raise ValueError(
            f"{name} needs two classes (0 = negative, 1 = positive), got y_pred with {k} classes; "
            "for more classes take one class as positive and the rest as negative"
        )
    return np.bincount(true * 2 + predicted, minlength=4).reshape(2, 2)


def sensitivity(y_true, y_pred, threshold=0.5) -> float:
    """TP / (TP + FN): the fraction of the positive samples (class 1, e.g. malignant) that are found.

    Also called recall or the true-positive rate.  A classifier that never
    says "positive" has sensitivity 0, however high its accuracy.
    Arguments as for :func:`accuracy`, with two classes.
    """
    (_, _), (fn, tp) = _two_classes(y_true, y_pred, threshold, "sensitivity")
    if tp + fn == 0:
        raise ValueError(
            "y_true must hold at least one positive sample (class 1): sensitivity is the fraction of them found"
        )
    return float(tp / (tp + fn))


def specificity(y_true, y_pred, threshold=0.5) -> float:
    """TN / (TN + FP): the fraction of the negative samples (class 0, e.g. benign) recognised as negative.

    Also called the true-negative rate; 1 - specificity is the false-positive
    rate.  Arguments as for :func:`accuracy`, with two classes.
    """
    (tn, fp), (_, _) = _two_classes(y_true, y_pred, threshold, "specificity")
    if tn + fp == 0:
        raise ValueError(
            "y_true must hold at least one negative sample (class 0): "
            "specificity is the fraction of them recognised"
        )
    return float(tn / (tn + fp))
