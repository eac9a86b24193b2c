"""lecturekit.metrics: accuracy agrees with Keras' metrics, and is not trainable."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lecturekit import losses, metrics  # noqa: E402
from lecturekit.activations import sigmoid, softmax  # noqa: E402


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
    with pytest.raises(TypeError, match="y_pred must be an array of real numbers"):
        metrics.accuracy([1], ["a"])
    with pytest.raises(TypeError, match="threshold must be a real number"):
        metrics.accuracy([1], [0.3], threshold="0.5")
