"""lecturekit.metrics: accuracy agrees with Keras' metrics, and is not trainable."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from lecturekit import losses, metrics
from lecturekit.activations import sigmoid, softmax


def scores(rng, n, k):
    # continuous random scores: no ties, so argmax is unambiguous
    return softmax(rng.normal(0, 2, (n, k)))


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 40), k=st.integers(2, 6))
def test_accuracy_matches_keras_categorical_and_sparse(seed, n, k):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, k, n)
    onehot = np.eye(k)[labels]
    p = scores(rng, n, k)
    expected = float(np.mean(tf.keras.metrics.categorical_accuracy(onehot, p)))
    assert metrics.accuracy(onehot, p) == pytest.approx(expected)
    sparse = float(np.mean(tf.keras.metrics.sparse_categorical_accuracy(labels, p)))
    assert metrics.accuracy(labels, p) == pytest.approx(sparse)
    assert metrics.accuracy(labels, p) == pytest.approx(np.mean(np.argmax(p, axis=1) == labels))


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 40), threshold=st.floats(0.05, 0.95))
def test_accuracy_matches_keras_binary(seed, n, threshold):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n).astype(float)
    p = rng.uniform(size=n)
    expected = float(np.mean(tf.keras.metrics.binary_accuracy(y, p, threshold=threshold)))
    assert metrics.accuracy(y, p, threshold=threshold) == pytest.approx(expected)
    assert metrics.accuracy(y[:, None], p[:, None], threshold=threshold) == pytest.approx(expected)


def test_hinge_labels_and_scores():
    y = np.array([-1, 1, 1, -1])
    score = np.array([-2.0, 0.5, -0.1, 0.3])
    assert metrics.accuracy(y, score, threshold=0.0) == 0.5
    np.testing.assert_array_equal(metrics.predicted_classes(score, threshold=0.0), [0, 1, 0, 1])


def test_extremes():
    y = np.eye(3)
    assert metrics.accuracy(y, y) == 1.0
    assert metrics.accuracy([0, 1, 2], np.roll(y, 1, axis=1)) == 0.0
    assert isinstance(metrics.accuracy([1], [[0.2, 0.8]]), float)


def test_accuracy_is_piecewise_constant_so_its_gradient_vanishes():
    # One sigmoid neuron on 1-D data: moving the weight a little changes the
    # cross-entropy but almost never the accuracy.
    rng = np.random.default_rng(0)
    x = rng.normal(size=200)
    y = (x + 0.5 * rng.normal(size=200) > 0).astype(float)
    h = 1e-6

    def slope(metric, w):
        return (metric(y, sigmoid((w + h) * x - 0.3)) - metric(y, sigmoid((w - h) * x - 0.3))) / (2 * h)

    ws = rng.uniform(0.1, 5, 50)
    assert all(slope(metrics.accuracy, w) == 0 for w in ws)  # flat almost everywhere
    assert all(abs(slope(losses.binary_cross_entropy, w)) > 1e-4 for w in ws)  # the loss has a slope to follow
    # ... yet accuracy does change between far-apart weights: it is a staircase, not a constant.
    assert metrics.accuracy(y, sigmoid(0.1 * x - 0.3)) != metrics.accuracy(y, sigmoid(5 * x - 0.3))


def test_bad_input():
    with pytest.raises(ValueError, match=r"y_true must have shape \(3,\) labels or \(3, 2\) one-hot rows.*got \(2,\)"):
        metrics.accuracy([0, 1], np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"labels in 0..1 for 2 classes, got values 0..2"):
        metrics.accuracy([0, 1, 2], np.zeros((3, 2)))
    with pytest.raises(ValueError, match="binary labels 0/1"):
        metrics.accuracy([0, 2], [0.1, 0.9])
    with pytest.raises(ValueError, match="whole-number class labels"):
        metrics.accuracy([0.5, 1], [0.1, 0.9])
    with pytest.raises(ValueError, match=r"y_pred must have shape \(n, k\), \(n,\) or \(n, 1\)"):
        metrics.accuracy(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="at least one sample"):
        metrics.accuracy([], [])
    with pytest.raises(TypeError, match="y_pred must hold real numbers"):
        metrics.accuracy([1], ["a"])
    with pytest.raises(TypeError, match="threshold must be a finite number"):
        metrics.accuracy([1], [0.3], threshold="0.5")


# --------------------------------------------------------------------------
# confusion matrix, sensitivity, specificity
# --------------------------------------------------------------------------
@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 60), k=st.integers(2, 6))
def test_confusion_matrix_matches_tensorflow(seed, n, k):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, k, n)
    p = scores(rng, n, k)
    expected = tf.math.confusion_matrix(labels, np.argmax(p, axis=1), num_classes=k).numpy()
    cm = metrics.confusion_matrix(labels, p)
    np.testing.assert_array_equal(cm, expected)
    np.testing.assert_array_equal(metrics.confusion_matrix(np.eye(k)[labels], p), expected)  # one-hot rows
    assert cm.shape == (k, k) and cm.dtype.kind == "i"
    assert cm.sum() == n and np.trace(cm) / n == pytest.approx(metrics.accuracy(labels, p))
    np.testing.assert_array_equal(cm.sum(axis=1), np.bincount(labels, minlength=k))  # rows: the true classes


def test_confusion_matrix_binary_layout_by_hand():
    # 0 = benign (negative), 1 = malignant (positive); rows true, columns predicted: [[TN, FP], [FN, TP]]
    y = np.array([0, 0, 0, 0, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.6, 0.7, 0.9, 0.8, 0.3])
    np.testing.assert_array_equal(metrics.confusion_matrix(y, p), [[2, 2], [1, 2]])
    np.testing.assert_array_equal(metrics.confusion_matrix(y, p, threshold=0.65), [[3, 1], [1, 2]])
    np.testing.assert_array_equal(metrics.confusion_matrix(y, p[:, None]), [[2, 2], [1, 2]])  # (n, 1) scores
    # hinge labels
    np.testing.assert_array_equal(metrics.confusion_matrix(2 * y - 1, p - 0.5, threshold=0.0), [[2, 2], [1, 2]])
    assert metrics.sensitivity(y, p) == pytest.approx(2 / 3)
    assert metrics.specificity(y, p) == pytest.approx(2 / 4)
    assert metrics.specificity(y, p, threshold=0.65) == pytest.approx(3 / 4)
    # two softmax columns give the same as one score for class 1
    two = np.stack([1 - p, p], axis=1)
    assert metrics.sensitivity(y, two) == metrics.sensitivity(y, p)
    assert metrics.specificity(y, two) == metrics.specificity(y, p)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(2, 60), threshold=st.floats(0.05, 0.95))
def test_sensitivity_and_specificity_match_keras(seed, n, threshold):
    rng = np.random.default_rng(seed)
    y = np.concatenate([[0, 1], rng.integers(0, 2, n - 2)]).astype(float)  # at least one of each class
    p = rng.uniform(size=n)
    recall = tf.keras.metrics.Recall(thresholds=threshold)
    recall.update_state(y, p)
    assert metrics.sensitivity(y, p, threshold) == pytest.approx(float(recall.result()))
    # specificity is the recall of the negatives
    negatives = tf.keras.metrics.Recall(thresholds=1 - threshold)
    negatives.update_state(1 - y, 1 - p)
    if not np.any(np.isclose(p, threshold)):
        assert metrics.specificity(y, p, threshold) == pytest.approx(float(negatives.result()))


def test_always_benign_has_high_accuracy_and_no_sensitivity():
    # the lecture's point: with 5% malignant, "always benign" is 95% accurate and finds no cancer
    y = np.array([1] * 5 + [0] * 95)
    always_benign = np.zeros(100)
    assert metrics.accuracy(y, always_benign) == 0.95
    assert metrics.sensitivity(y, always_benign) == 0.0
    assert metrics.specificity(y, always_benign) == 1.0
    np.testing.assert_array_equal(metrics.confusion_matrix(y, always_benign), [[95, 0], [5, 0]])


def test_sensitivity_and_specificity_bad_input():
    with pytest.raises(ValueError, match="sensitivity needs two classes .* got y_pred with 3 classes"):
        metrics.sensitivity([0, 1, 2], np.eye(3))
    with pytest.raises(ValueError, match="specificity needs two classes"):
        metrics.specificity([0, 1, 2], np.eye(3))
    with pytest.raises(ValueError, match=r"at least one positive sample \(class 1\)"):
        metrics.sensitivity([0, 0], [0.1, 0.9])
    with pytest.raises(ValueError, match=r"at least one negative sample \(class 0\)"):
        metrics.specificity([1, 1], [0.1, 0.9])
    with pytest.raises(ValueError, match="at least one sample"):
        metrics.confusion_matrix(np.zeros(0, int), np.zeros((0, 3)))
    with pytest.raises(TypeError, match="y_true must hold class labels or one-hot rows"):
        metrics.confusion_matrix(["a", "b"], [0.1, 0.9])
