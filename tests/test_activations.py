"""lecturekit.activations against TensorFlow's own functions and autodiff.

Values are compared with ``tf.keras.activations`` / ``tf.nn`` and derivatives
with ``tf.GradientTape``, on random and on extreme inputs, in float32 and
float64; derivatives also with central finite differences.  Floating-point
errors (overflow, invalid, divide by zero) are turned into exceptions.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lecturekit import activations as A

DTYPES = [np.float32, np.float64]
# rtol, atol per dtype: float32 carries ~7 digits, float64 ~16.
TOL = {np.float32: dict(rtol=2e-6, atol=1e-6), np.float64: dict(rtol=1e-12, atol=1e-14)}
EXTREME = [
    -1e4, -1000.0, -100.0, -50.0, -20.0, -5.0, -1e-3, -1e-30,
    0.0,
    1e-30, 1e-3, 5.0, 20.0, 50.0, 100.0, 1000.0, 1e4,
]

# name -> (our function, TF function, our derivative), alpha already bound.
ALPHA = 0.25  # exactly representable: Keras casts alpha to float32 even for float64 inputs
ELEMENTWISE = {
    "linear": (A.linear, tf.keras.activations.linear, A.linear_grad),
    "sigmoid": (A.sigmoid, tf.keras.activations.sigmoid, A.sigmoid_grad),
    "tanh": (A.tanh, tf.keras.activations.tanh, A.tanh_grad),
    "relu": (A.relu, tf.keras.activations.relu, A.relu_grad),
    "leaky_relu": (
        lambda z: A.leaky_relu(z, alpha=ALPHA),
        lambda z: tf.keras.activations.leaky_relu(z, negative_slope=ALPHA),
        lambda z: A.leaky_relu_grad(z, alpha=ALPHA),
    ),
    "elu": (A.elu, tf.keras.activations.elu, A.elu_grad),
    "elu_alpha": (
        lambda z: A.elu(z, alpha=ALPHA),
        lambda z: tf.keras.activations.elu(z, alpha=ALPHA),
        lambda z: A.elu_grad(z, alpha=ALPHA),
    ),
    "swish": (A.swish, tf.keras.activations.swish, A.swish_grad),
}


@pytest.fixture(autouse=True)
def fp_errors_raise():
    # Underflow to 0 is the intended result of exp(-1e4); everything else is a bug.
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        yield


def tf_value_and_grad(tf_fn, z):
    """TF's f(z) and elementwise f'(z) (the gradient of sum f(z))."""
    v = tf.Variable(z)
    with tf.GradientTape() as tape:
        out = tf_fn(v)
    return out.numpy(), tape.gradient(out, v).numpy()


def inputs(dtype, seed=0):
    rng = np.random.default_rng(seed)
    random = np.concatenate([rng.normal(0, 3, 200), rng.uniform(-60, 60, 200)])
    return {"random": random.reshape(4, 10, 10).astype(dtype), "extreme": np.array(EXTREME, dtype=dtype)}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
@pytest.mark.parametrize("kind", ["random", "extreme"])
def test_value_and_derivative_match_tensorflow(name, dtype, kind):
    f, tf_f, f_grad = ELEMENTWISE[name]
    z = inputs(dtype)[kind]
    expected, expected_grad = tf_value_and_grad(tf_f, z)
    value, grad = f(z), f_grad(z)
    assert value.dtype == dtype and grad.dtype == dtype
    assert value.shape == z.shape and grad.shape == z.shape
    np.testing.assert_allclose(value, expected, **TOL[dtype])
    np.testing.assert_allclose(grad, expected_grad, **TOL[dtype])


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_derivative_matches_central_differences(name):
    f, _, f_grad = ELEMENTWISE[name]
    rng = np.random.default_rng(1)
    z = rng.uniform(-8, 8, 500)
    z = z[np.abs(z) > 1e-3]  # stay away from the kink of the ReLU family
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(f_grad(z), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name, at_zero", [("relu", 0.0), ("leaky_relu", 0.01), ("elu", 1.0), ("step", 0.0)])
def test_derivative_at_the_kink_is_the_left_derivative(name, at_zero):
    _, f_grad = A.get(name)
    assert f_grad(0.0) == at_zero
    assert f_grad(-1e-12) == pytest.approx(at_zero)


def test_default_alphas():
    assert A.leaky_relu(-2.0) == pytest.approx(-0.02) and A.leaky_relu_grad(-2.0) == pytest.approx(0.01)
    assert A.elu(-50.0) == pytest.approx(-1.0) and A.elu_grad(-1.0) == pytest.approx(np.exp(-1))


def test_elu_derivative_at_zero_with_alpha():
    assert A.elu_grad(0.0, alpha=0.3) == pytest.approx(0.3)
    assert A.leaky_relu_grad(0.0, alpha=0.3) == pytest.approx(0.3)


@pytest.mark.parametrize("dtype", DTYPES)
def test_stable_for_huge_inputs(dtype):
    assert A.sigmoid(dtype(-1000)) == 0 and A.sigmoid(dtype(1000)) == 1
    assert A.sigmoid_grad(dtype(-1e4)) == 0 and A.sigmoid_grad(dtype(1e4)) == 0
    assert A.tanh(dtype(-1e4)) == -1 and A.tanh_grad(dtype(1e4)) == 0
    assert A.elu(dtype(-1e4)) == -1 and A.elu(dtype(1e4)) == 1e4
    assert A.swish(dtype(-1e4)) == 0 and A.swish(dtype(1e4)) == 1e4
    p = A.softmax(np.array([1000, 1001], dtype=dtype))
    np.testing.assert_allclose(p, [1 / (1 + np.e), np.e / (1 + np.e)], rtol=1e-6)
    assert np.all(np.isfinite(A.log_softmax(np.array([-1e4, 0, 1e4], dtype=dtype))))


# -- properties over any finite input -----------------------------------------
def finite_arrays(dtype):
    return hnp.arrays(
        dtype,
        hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
        elements=st.floats(-1e4, 1e4, width=32 if dtype == np.float32 else 64),
    )


@settings(max_examples=50, deadline=None)
@given(data=st.data(), dtype=st.sampled_from(DTYPES))
def test_every_activation_is_finite_and_keeps_shape_and_dtype(data, dtype):
    z = data.draw(finite_arrays(dtype))
    for name, (f, f_grad) in A.ACTIVATIONS.items():
        for out in (f(z), f_grad(z)):
            assert out.shape == z.shape and out.dtype == dtype, name
            assert np.all(np.isfinite(out)), name
    s = A.sigmoid(z)
    assert np.all((0 <= s) & (s <= 1))
    assert np.all(A.sigmoid_grad(z) <= 0.25)
    assert np.all(np.abs(A.tanh(z)) <= 1)


@settings(max_examples=50, deadline=None)
@given(data=st.data(), dtype=st.sampled_from(DTYPES))
def test_softmax_is_a_distribution_and_matches_tensorflow(data, dtype):
    z = data.draw(finite_arrays(dtype))
    axis = data.draw(st.integers(-z.ndim, z.ndim - 1))
    p, logp = A.softmax(z, axis=axis), A.log_softmax(z, axis=axis)
    assert p.dtype == dtype and logp.dtype == dtype and p.shape == z.shape
    assert np.all((p >= 0) & (p <= 1)) and np.all(logp <= 0)
    np.testing.assert_allclose(p.sum(axis=axis), 1, rtol=1e-5 if dtype == np.float32 else 1e-12)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(p, tf.nn.softmax(z, axis=axis).numpy(), **tol)
    # log_softmax is exact where log(softmax) would give log(0) = -inf.
    np.testing.assert_allclose(
        logp, tf.nn.log_softmax(z, axis=axis).numpy(), rtol=tol["rtol"], atol=1e-3 if dtype == np.float32 else 1e-9
    )


@settings(max_examples=50, deadline=None)
@given(z=hnp.arrays(np.float64, st.integers(2, 6), elements=st.floats(-100, 100)), c=st.floats(-1e3, 1e3))
def test_softmax_ignores_a_common_shift(z, c):
    np.testing.assert_allclose(A.softmax(z + c), A.softmax(z), atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(z=st.floats(-1e4, 1e4))
def test_two_class_softmax_is_the_sigmoid(z):
    assert A.softmax(np.array([z, 0.0]))[0] == pytest.approx(A.sigmoid(z), rel=1e-12, abs=1e-300)


def test_lecture_softmax_example():
    np.testing.assert_allclose(A.softmax([0.0, 1.0, -0.5, 0.5]), [0.17, 0.46, 0.10, 0.28], atol=0.005)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_on_keras_activation_and_class_axis(dtype):
    z = np.random.default_rng(2).normal(0, 5, (3, 4, 5)).astype(dtype)
    tol = TOL[dtype] | dict(rtol=1e-5 if dtype == np.float32 else 1e-12)
    for axis in (0, 1, -1):
        np.testing.assert_allclose(A.softmax(z, axis=axis), tf.keras.activations.softmax(z, axis=axis).numpy(), **tol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_jacobian_matches_tensorflow(dtype):
    z = np.random.default_rng(3).normal(0, 3, (6, 4)).astype(dtype)
    v = tf.Variable(z)
    with tf.GradientTape() as tape:
        out = tf.nn.softmax(v)
    expected = tape.batch_jacobian(out, v).numpy()
    J = A.softmax_jacobian(z)
    assert J.shape == (6, 4, 4) and J.dtype == dtype
    # atol: a (1 - a) near a = 1
    np.testing.assert_allclose(
        J, expected, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=3e-7 if dtype == np.float32 else 1e-15
    )
    np.testing.assert_allclose(J.sum(axis=-1), 0, atol=1e-6 if dtype == np.float32 else 1e-15)


def test_softmax_with_cross_entropy_gives_a_minus_y():
    rng = np.random.default_rng(4)
    z = rng.normal(0, 2, (5, 3))
    y = np.eye(3)[[0, 2, 1, 1, 0]]
    a = A.softmax(z)
    dC_da = -y / a  # cross-entropy -sum y log a, one sample at a time
    dC_dz = np.einsum("nj,nji->ni", dC_da, A.softmax_jacobian(z))
    np.testing.assert_allclose(dC_dz, a - y, atol=1e-12)


# -- types, scalars, errors ------------------------------------------------------
def test_scalars_in_scalars_out():
    assert A.sigmoid(0.0) == 0.5 and np.ndim(A.sigmoid(0.0)) == 0
    assert isinstance(A.relu(np.float32(2)), np.float32)
    assert isinstance(A.tanh_grad(1), np.float64)  # integers are promoted to float64
    assert A.relu(True) == 1.0


def test_integer_arrays_are_promoted():
    z = np.arange(-3, 4)
    for f, f_grad in A.ACTIVATIONS.values():
        assert f(z).dtype == np.float64 and f_grad(z).dtype == np.float64


def test_input_is_not_modified():
    z = np.array([-1.0, 0.0, 2.0])
    out = A.linear(z)
    out[0] = 99
    assert z[0] == -1.0


@pytest.mark.parametrize("bad", ["1.0", [1, "a"], None, 1 + 2j, np.array([1j])])
def test_non_real_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match="z must be a real number"):
        A.sigmoid(bad)


@pytest.mark.parametrize(
    "alpha, error",
    [("0.1", TypeError), (None, TypeError), (True, TypeError), (np.inf, ValueError), (np.nan, ValueError)],
)
def test_bad_alpha(alpha, error):
    with pytest.raises(error, match="alpha"):
        A.leaky_relu(1.0, alpha=alpha)
    with pytest.raises(error, match="alpha"):
        A.elu_grad(1.0, alpha=alpha)


def test_bad_softmax_axis():
    with pytest.raises(ValueError, match=r"axis must be in \[-2, 1\] for z of shape \(2, 3\), got 2"):
        A.softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(TypeError, match="axis must be an int"):
        A.log_softmax(np.zeros(3), axis=0.5)
    with pytest.raises(ValueError, match="at least one dimension"):
        A.softmax(1.0)


def test_registry():
    assert set(A.ACTIVATIONS) == {"step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish"}
    assert A.get("ReLU") == (A.relu, A.relu_grad)
    assert A.get("linear")[0](np.float32(3.5)) == 3.5
    for name, alpha in A.ALPHA_DEFAULTS.items():
        f = A.get(name)[0]
        assert f(-1.0) == pytest.approx(f(-1.0, alpha=alpha))


def test_registry_errors_name_the_choices():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmoidd'; choose one of \['elu'"):
        A.get("sigmoidd")
    with pytest.raises(ValueError, match="softmax is not elementwise.*a - y"):
        A.get("softmax")
    with pytest.raises(TypeError, match="activation must be a name"):
        A.get(A.relu)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_unchecked_forms_give_the_public_numbers_bit_for_bit(name, dtype):
    """A training loop's forms: f(z) and f_grad(z) equal the public pair on every input, extremes included."""
    z = np.concatenate([inputs(dtype)["random"].ravel(), inputs(dtype)["extreme"]]).reshape(3, -1)
    f, f_grad = A.get(name)
    fast, fast_grad = A.UNCHECKED[name]
    with np.errstate(over="ignore"):  # the caller's part: exp(-z) of the sigmoid overflows for z << 0
        a, slope = fast(z), fast_grad(z)
    assert a.dtype == dtype and slope.dtype == dtype
    np.testing.assert_array_equal(a, f(z))
    np.testing.assert_array_equal(slope, f_grad(z))
    assert set(A.UNCHECKED) == set(A.ACTIVATIONS)


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    """The lecture's rule: sigma'(z) = sigma(z) (1 - sigma(z)), so the forward pass's output is all it needs."""
    for dtype in DTYPES:
        z = inputs(dtype)["random"]
        s = A.sigmoid(z)
        np.testing.assert_array_equal(A.sigmoid_grad(z), s * (1 - s))
        assert A.sigmoid_grad(dtype(0)) == 0.25
