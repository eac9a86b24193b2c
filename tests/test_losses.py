"""lecturekit.losses against tf.keras.losses and tf.GradientTape.

Every loss value is compared with Keras' own function on the same arrays, and
every gradient with TensorFlow's autodiff of that function, on random and on
extreme inputs, in float32 and float64; gradients also with central finite
differences.  Floating-point errors are turned into exceptions.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lecturekit import losses as L
from lecturekit.activations import softmax

DTYPES = [np.float32, np.float64]
TOL = {np.float32: dict(rtol=1e-5, atol=1e-7), np.float64: dict(rtol=1e-12, atol=1e-15)}
K = tf.keras.losses


@pytest.fixture(autouse=True)
def fp_errors_raise():
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        yield


def keras_value_and_grad(keras_fn, y, a):
    """Keras' per-sample loss averaged over samples (its default reduction) and its gradient in a."""
    v = tf.Variable(a)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras_fn(tf.constant(y), v))
    return loss.numpy(), tape.gradient(loss, v).numpy()


def check(ours, ours_grad, keras_fn, y, a, dtype, value_offset=0.0):
    expected, expected_grad = keras_value_and_grad(keras_fn, y, a)
    expected = expected + value_offset
    value, grad = ours(y, a), ours_grad(y, a)
    assert np.ndim(value) == 0 and value.dtype == dtype
    assert grad.shape == a.shape and grad.dtype == dtype
    np.testing.assert_allclose(value, expected, **TOL[dtype])
    np.testing.assert_allclose(grad, expected_grad, **TOL[dtype])


# -- data ----------------------------------------------------------------------
def regression_data(dtype, shape, kind, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.normal(0, 2, shape)
    if kind == "random":
        a = y + rng.normal(0, 2, shape)
    else:  # errors from 0 to 1e4, both signs, some exactly 0
        e = rng.choice([0.0, 1e-6, 0.3, 3.0, 50.0, 800.0, 1e4], size=shape) * rng.choice([-1, 1], size=shape)
        a = y + e
    return y.astype(dtype), a.astype(dtype)


SHAPES = [(8, 3), (11,)]
REGRESSION = {
    "mae": (L.mae, L.mae_grad, K.mae),
    "mse": (L.mse, L.mse_grad, K.mse),
    "huber": (L.huber, L.huber_grad, K.huber),
    "huber_delta_0.5": (
        lambda y, a: L.huber(y, a, delta=0.5),
        lambda y, a: L.huber_grad(y, a, delta=0.5),
        lambda y, a: K.huber(y, a, delta=0.5),
    ),
    "huber_delta_4": (
        lambda y, a: L.huber(y, a, delta=4.0),
        lambda y, a: L.huber_grad(y, a, delta=4.0),
        lambda y, a: K.huber(y, a, delta=4.0),
    ),
    "log_cosh": (L.log_cosh, L.log_cosh_grad, K.logcosh),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["random", "extreme"])
@pytest.mark.parametrize("name", sorted(REGRESSION))
def test_regression_losses_match_keras(name, kind, shape, dtype):
    ours, ours_grad, keras_fn = REGRESSION[name]
    y, a = regression_data(dtype, shape, kind)
    offset = 0.0
    if name == "log_cosh" and dtype == np.float64:
        # Keras computes the constant log 2 in float32 even for float64 inputs;
        # we subtract the exact log 2, so the two differ by exactly this much.
        offset = float(np.float32(np.log(2.0))) - np.log(2.0)
    check(ours, ours_grad, keras_fn, y, a, dtype, value_offset=offset)


def test_keras_loss_objects_agree_too():
    # The Loss classes (what model.compile uses) reduce with the same mean.
    y, a = regression_data(np.float32, (8, 3), "random")
    for ours, keras_loss in [
        (L.mae(y, a), K.MeanAbsoluteError()),
        (L.mse(y, a), K.MeanSquaredError()),
        (L.huber(y, a, delta=0.5), K.Huber(delta=0.5)),
        (L.log_cosh(y, a), K.LogCosh()),
    ]:
        assert ours == pytest.approx(float(keras_loss(y, a)), rel=1e-5)


def hinge_data(dtype, shape, kind, labels, seed=1):
    rng = np.random.default_rng(seed)
    y = rng.choice(labels, size=shape)
    a = rng.normal(0, 2, shape) if kind == "random" else rng.choice([-1e4, -30.0, -0.5, 0.2, 3.0, 1e4], size=shape)
    return y.astype(dtype), a.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["random", "extreme"])
@pytest.mark.parametrize("labels", [(-1, 1), (0, 1)], ids=["pm1", "01"])
def test_hinge_matches_keras(labels, kind, shape, dtype):
    y, a = hinge_data(dtype, shape, kind, labels)
    check(L.hinge, L.hinge_grad, K.hinge, y, a, dtype)


def test_hinge_margin():
    y = np.array([1.0, -1.0, 1.0])
    a = np.array([1.5, -0.5, -1.0])
    assert L.hinge(y, a, margin=2.0) == pytest.approx(np.mean([0.5, 1.5, 3.0]))
    assert L.hinge(y, a, margin=1.0) == pytest.approx(K.hinge(y, a).numpy())
    np.testing.assert_allclose(L.hinge_grad(y, a, margin=2.0), [-1 / 3, 1 / 3, -1 / 3])
    np.testing.assert_allclose(L.hinge_grad(y, a, margin=0.5), [0, 0, -1 / 3])
    # At the kink y a == margin the subgradient 0 is used (the ReLU convention).
    assert L.hinge_grad([1.0], [1.0])[0] == 0


def probabilities(dtype, shape, kind, seed=2):
    rng = np.random.default_rng(seed)
    if kind == "random":
        p = rng.uniform(0.01, 0.99, shape)
    else:  # exactly 0 and 1, and values beyond Keras' clip
        p = rng.choice([0.0, 1e-12, 1e-7, 0.3, 1 - 1e-12, 1.0], size=shape)
    return p.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["random", "extreme"])
@pytest.mark.parametrize("soft", [False, True], ids=["hard", "soft"])
def test_binary_cross_entropy_matches_keras(soft, kind, shape, dtype):
    rng = np.random.default_rng(3)
    y = (rng.uniform(size=shape) if soft else rng.integers(0, 2, shape)).astype(dtype)
    a = probabilities(dtype, shape, kind)
    check(L.binary_cross_entropy, L.binary_cross_entropy_grad, K.binary_crossentropy, y, a, dtype)


def class_data(dtype, n, k, kind, seed=4):
    rng = np.random.default_rng(seed)
    y = np.eye(k)[rng.integers(0, k, n)]
    z = rng.normal(0, 2, (n, k)) if kind == "random" else rng.choice([-1e4, -100.0, 0.0, 20.0, 1e4], size=(n, k))
    return y.astype(dtype), z.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", ["random", "extreme"])
def test_cross_entropy_matches_keras(kind, dtype):
    y, z = class_data(dtype, 12, 5, kind)
    a = softmax(z)  # rows sum to 1, some entries exactly 0 or 1 for the extreme logits
    expected, keras_grad = keras_value_and_grad(K.categorical_crossentropy, y, a)
    value, grad = L.cross_entropy(y, a), L.cross_entropy_grad(y, a)
    assert value.dtype == dtype and grad.dtype == dtype and grad.shape == a.shape
    np.testing.assert_allclose(value, expected, **TOL[dtype])
    # Keras first divides each row by its sum, which adds the same number to
    # every entry of a row of its gradient; along the probability simplex
    # (directions summing to 0) the two gradients are the same.
    diff = keras_grad - grad
    np.testing.assert_allclose(diff - diff.mean(axis=1, keepdims=True), 0, atol=1e-5 if dtype == np.float32 else 1e-12)
    # Without that rescaling, TF's autodiff of the same formula gives exactly ours.
    v = tf.Variable(a)
    with tf.GradientTape() as tape:
        lecture = -tf.reduce_sum(y * tf.math.log(tf.clip_by_value(v, L.EPSILON, 1 - L.EPSILON))) / len(a)
    np.testing.assert_allclose(value, lecture.numpy(), **TOL[dtype])
    np.testing.assert_allclose(grad, tape.gradient(lecture, v).numpy(), **TOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", ["random", "extreme"])
def test_cross_entropy_from_logits_matches_keras(kind, dtype):
    y, z = class_data(dtype, 12, 5, kind)
    check(
        L.cross_entropy_from_logits,
        L.cross_entropy_from_logits_grad,
        lambda y, z: K.categorical_crossentropy(y, z, from_logits=True),
        y,
        z,
        dtype,
    )


@pytest.mark.parametrize("dtype", DTYPES)
def test_one_sample_as_a_1d_vector_matches_keras(dtype):
    # A 1-D vector is one sample's distribution over classes, as in Keras.
    y = np.array([0, 0, 0, 1, 0], dtype=dtype)
    a = np.array([0.1, 0.05, 0.2, 0.6, 0.05], dtype=dtype)
    assert L.cross_entropy(y, a) == pytest.approx(float(K.categorical_crossentropy(y, a)), rel=1e-6)
    assert L.cross_entropy(y, a) == pytest.approx(-np.log(0.6), rel=1e-6)  # the lecture's worked example
    assert L.cross_entropy(y, a) == pytest.approx(L.cross_entropy(y[None], a[None]), rel=1e-7)
    # ... and its gradient is that one sample's: -y / a, not divided by the number of classes
    np.testing.assert_allclose(L.cross_entropy_grad(y, a), -y / a, rtol=1e-6)
    np.testing.assert_allclose(L.cross_entropy_grad(y, a), L.cross_entropy_grad(y[None], a[None])[0], rtol=1e-7)
    z = np.log(a)
    assert L.cross_entropy_from_logits(y, z) == pytest.approx(-np.log(0.6), rel=1e-6)
    np.testing.assert_allclose(L.cross_entropy_from_logits_grad(y, z), a - y, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_quadratic_is_the_lecture_cost(shape, dtype):
    y, a = regression_data(dtype, shape, "random")
    n = shape[0]
    v = tf.Variable(a)
    with tf.GradientTape() as tape:
        cost = 0.5 * tf.reduce_sum(tf.square(y - v)) / n  # C = 1/(2n) sum_x ||y - a||^2
    np.testing.assert_allclose(L.quadratic(y, a), cost.numpy(), **TOL[dtype])
    np.testing.assert_allclose(L.quadratic_grad(y, a), tape.gradient(cost, v).numpy(), **TOL[dtype])
    k = shape[1] if len(shape) == 2 else 1
    keras_mse = float(K.mse(y.reshape(n, k), a.reshape(n, k)).numpy().mean())
    assert L.quadratic(y, a) == pytest.approx(0.5 * k * keras_mse, rel=1e-5)


# -- finite differences ---------------------------------------------------------
ALL = {
    "quadratic": (L.quadratic, L.quadratic_grad, "real"),
    **{name: (f, g, "real") for name, (f, g, _) in REGRESSION.items()},
    "hinge": (L.hinge, L.hinge_grad, "labels"),
    "binary_cross_entropy": (L.binary_cross_entropy, L.binary_cross_entropy_grad, "prob"),
    "cross_entropy": (L.cross_entropy, L.cross_entropy_grad, "prob"),
    "cross_entropy_from_logits": (L.cross_entropy_from_logits, L.cross_entropy_from_logits_grad, "onehot"),
}


@pytest.mark.parametrize("name", sorted(ALL))
def test_gradient_matches_central_differences(name):
    f, g, kind = ALL[name]
    rng = np.random.default_rng(5)
    shape = (4, 3)
    if kind == "real":
        y = rng.normal(size=shape)
        a = y + rng.choice([-1, 1], shape) * rng.uniform(0.05, 3, shape)  # no error near 0 or +-delta
        a[np.abs(np.abs(a - y) - 0.5) < 0.02] += 0.1
        a[np.abs(np.abs(a - y) - 1.0) < 0.02] += 0.1
        a[np.abs(np.abs(a - y) - 4.0) < 0.02] += 0.1
    elif kind == "labels":
        y = rng.choice([-1.0, 1.0], shape)
        a = rng.normal(0, 2, shape)
        a[np.abs(1 - y * a) < 0.02] += 0.1
    elif kind == "prob":
        y = np.eye(3)[rng.integers(0, 3, 4)]
        a = rng.uniform(0.05, 0.95, shape)
    else:
        y = np.eye(3)[rng.integers(0, 3, 4)]
        a = rng.normal(0, 2, shape)
    h = 1e-6
    numeric = np.zeros_like(a)
    for idx in np.ndindex(shape):  # one entry at a time: a test, not a library
        step = np.zeros_like(a)
        step[idx] = h
        numeric[idx] = (f(y, a + step) - f(y, a - step)) / (2 * h)
    np.testing.assert_allclose(g(y, a), numeric, rtol=1e-6, atol=1e-9)


# -- stability -------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
def test_log_cosh_does_not_overflow(dtype):
    for e in (1e4, -1e4, 1e30):
        value = L.log_cosh(np.array([0], dtype=dtype), np.array([e], dtype=dtype))
        assert value == pytest.approx(abs(e) - np.log(2), rel=1e-6)
    assert L.log_cosh_grad(np.zeros(2, dtype), np.array([1e4, -1e4], dtype))[0] == pytest.approx(0.5)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cross_entropies_are_finite_at_probabilities_0_and_1(dtype):
    a = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=dtype)
    y = np.array([[1.0, 0.0], [1.0, 0.0]], dtype=dtype)
    ce = L.cross_entropy(y, a)
    assert np.isfinite(ce) and ce == pytest.approx(-np.log(L.EPSILON) / 2, rel=1e-4)
    assert np.all(np.isfinite(L.cross_entropy_grad(y, a)))
    bce = L.binary_cross_entropy(y, a)
    assert np.isfinite(bce) and bce == pytest.approx(float(K.binary_crossentropy(y, a).numpy().mean()), rel=1e-5)
    assert np.all(np.isfinite(L.binary_cross_entropy_grad(y, a)))


@settings(max_examples=50, deadline=None)
@given(
    data=st.data(),
    dtype=st.sampled_from(DTYPES),
)
def test_losses_are_finite_non_negative_and_zero_at_the_target(data, dtype):
    width = 32 if dtype == np.float32 else 64
    shape = data.draw(st.sampled_from([(3,), (2, 4), (5, 1)]))
    y = data.draw(hnp.arrays(dtype, shape, elements=st.floats(-100, 100, width=width)))
    a = data.draw(hnp.arrays(dtype, shape, elements=st.floats(-1e4, 1e4, width=width)))
    for name in ("quadratic", "mae", "mse", "huber", "log_cosh"):
        f, g = L.get(name)
        value = f(y, a)
        assert np.isfinite(value) and value >= 0, name
        assert np.all(np.isfinite(g(y, a))), name
        assert f(y, y) == 0, name
        assert np.all(g(y, y) == 0), name
    e = np.abs(a.astype(np.float64) - y)
    # Huber lies below both the parabola and the line it joins; log-cosh between |e| - log 2 and min(|e|, e^2/2).
    assert L.huber(y, a) <= 0.5 * np.mean(e**2) * (1 + 1e-5) + 1e-6
    assert L.huber(y, a) <= np.mean(e) * (1 + 1e-5) + 1e-6
    lc = L.log_cosh(y, a)
    assert np.mean(e) - np.log(2) - 1e-3 <= lc <= min(np.mean(e), 0.5 * np.mean(e**2)) * (1 + 1e-5) + 1e-6


@settings(max_examples=50, deadline=None)
@given(
    z=hnp.arrays(np.float64, (3, 4), elements=st.floats(-1e4, 1e4)),
    labels=hnp.arrays(np.int64, (3,), elements=st.integers(0, 3)),
)
def test_cross_entropy_from_logits_is_exact_for_any_logits(z, labels):
    y = np.eye(4)[labels]
    value = L.cross_entropy_from_logits(y, z)
    assert np.isfinite(value) and value >= 0
    grad = L.cross_entropy_from_logits_grad(y, z)
    np.testing.assert_allclose(grad, (softmax(z) - y) / 3, atol=1e-15)
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-12)
    # where no probability is clipped, it is the cross-entropy of the softmax
    a = softmax(z)
    if a.min() > 1e-6:
        assert value == pytest.approx(L.cross_entropy(y, a), rel=1e-9)


# -- bad input, registry -----------------------------------------------------------
def test_shape_and_type_errors():
    with pytest.raises(ValueError, match=r"same shape, got \(3,\) and \(3, 1\)"):
        L.mse(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"y_pred must have shape \(n,\) or \(n, k\).*\(2, 2, 2\)"):
        L.mae(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="n, k >= 1"):
        L.quadratic(np.zeros(0), np.zeros(0))
    with pytest.raises(TypeError, match="y_true must hold real numbers"):
        L.mse(["a", "b"], [1.0, 2.0])
    with pytest.raises(TypeError, match="y_pred must hold real numbers"):
        L.mse([1.0], [1j])


def test_probabilities_are_checked():
    with pytest.raises(ValueError, match=r"y_pred must hold probabilities in \[0, 1\].*from -0.5 to 0.9.*from_logits"):
        L.cross_entropy([[1, 0]], [[-0.5, 0.9]])
    with pytest.raises(ValueError, match="probabilities"):
        L.binary_cross_entropy_grad([1.0], [1.5])


def test_hinge_labels_are_checked():
    with pytest.raises(ValueError, match=r"labels -1 and \+1 \(or 0 and 1\), got values \[-1.0, 0.0, 1.0\]"):
        L.hinge([-1, 0, 1], [0.3, 0.2, 0.1])


@pytest.mark.parametrize("fn", [L.huber, L.huber_grad])
def test_bad_delta(fn):
    with pytest.raises(ValueError, match="delta must be a positive number, got 0"):
        fn([1.0], [2.0], delta=0)
    with pytest.raises(TypeError, match="delta must be a positive number, got str"):
        fn([1.0], [2.0], delta="1")


def test_bad_margin():
    with pytest.raises(ValueError, match="margin must be a non-negative number"):
        L.hinge([1.0], [2.0], margin=-1.0)
    assert L.hinge([1.0], [-2.0], margin=0.0) == 2.0


def test_integer_predictions_are_promoted():
    assert L.mse([1, 2], [1, 4]).dtype == np.float64
    assert L.mse([1, 2], [1, 4]) == 2.0


def test_registry():
    assert set(L.LOSSES) == {
        "quadratic", "mae", "mse", "huber", "log_cosh", "hinge",
        "binary_cross_entropy", "cross_entropy", "cross_entropy_from_logits",
    }
    assert L.get("MSE") == (L.mse, L.mse_grad)
    with pytest.raises(ValueError, match=r"unknown loss 'mean_error'; choose one of \['binary_cross_entropy'"):
        L.get("mean_error")
    with pytest.raises(ValueError, match="accuracy is a metric, not a loss.*lecturekit.metrics.accuracy"):
        L.get("accuracy")
    with pytest.raises(TypeError, match="loss must be a name"):
        L.get(L.mse)


def test_network_usage_softmax_output_delta():
    # What a network's output layer does: loss gradient through the softmax gives (a - y) / n.
    from lecturekit.activations import softmax_jacobian

    rng = np.random.default_rng(6)
    z = rng.normal(size=(7, 4))
    y = np.eye(4)[rng.integers(0, 4, 7)]
    a = softmax(z)
    delta = np.einsum("nj,nji->ni", L.cross_entropy_grad(y, a), softmax_jacobian(z))
    np.testing.assert_allclose(delta, (a - y) / 7, atol=1e-12)
    np.testing.assert_allclose(delta, L.cross_entropy_from_logits_grad(y, z), atol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "name, params, keras_fn",
    [
        ("mae", {}, K.mae),
        ("mse", {}, K.mse),
        ("huber", {"delta": 0.5}, lambda y, a: K.huber(y, a, delta=0.5)),
        ("log_cosh", {}, K.logcosh),
        ("hinge", {}, K.hinge),
        ("binary_cross_entropy", {}, K.binary_crossentropy),
    ],
)
def test_pointwise_entries_average_to_the_loss_and_match_keras(name, params, keras_fn, dtype):
    rng = np.random.default_rng(7)
    if name == "hinge":
        y, a = rng.choice([-1.0, 1.0], (6, 3)), rng.normal(0, 2, (6, 3))
    elif name == "binary_cross_entropy":
        y, a = rng.integers(0, 2, (6, 3)).astype(float), rng.uniform(0.01, 0.99, (6, 3))
    else:
        y, a = rng.normal(size=(6, 3)), rng.normal(0, 3, (6, 3))
    y, a = y.astype(dtype), a.astype(dtype)
    terms = L.pointwise(name, y, a, **params)
    assert terms.shape == a.shape and terms.dtype == dtype
    assert terms.mean() == pytest.approx(L.get(name)[0](y, a, **params), rel=1e-6)
    # Keras' per-sample loss of a one-output sample is the entry itself.
    keras_terms = keras_fn(y.reshape(-1, 1), a.reshape(-1, 1)).numpy().reshape(a.shape)
    offset = float(np.float32(np.log(2.0))) - np.log(2.0) if (name == "log_cosh" and dtype == np.float64) else 0.0
    np.testing.assert_allclose(terms, keras_terms + offset, **TOL[dtype])


def test_pointwise_errors():
    with pytest.raises(ValueError, match="pointwise is defined for the losses averaged over entries"):
        L.pointwise("cross_entropy", [[1, 0]], [[0.5, 0.5]])
    with pytest.raises(TypeError, match=r"the mse loss takes the keyword arguments \[\], got \['delta'\]"):
        L.pointwise("mse", [1.0], [2.0], delta=1.0)
    with pytest.raises(ValueError, match="delta must be a positive number"):
        L.pointwise("huber", [1.0], [2.0], delta=-1.0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(L.LOSSES))
def test_unchecked_gradients_give_the_public_numbers_bit_for_bit(name, dtype):
    """A training loop's form of each gradient (arrays of one shape and dtype) equals the public gradient."""
    rng = np.random.default_rng(21)
    y = np.eye(4, dtype=dtype)[rng.integers(0, 4, 12)]
    a = rng.uniform(0.01, 0.99, (12, 4)).astype(dtype)
    a /= a.sum(axis=1, keepdims=True)  # rows of probabilities, valid for every loss
    fast = L.UNCHECKED[name](y, a)
    assert fast.dtype == dtype
    np.testing.assert_array_equal(fast, L.get(name)[1](y, a))
    assert set(L.UNCHECKED) == set(L.LOSSES)
