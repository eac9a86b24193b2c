"""lecturekit.convolution against TensorFlow's convolution and pooling (values and gradients)."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from lecturekit import convolution as C

TOL = {np.float32: dict(rtol=2e-4, atol=2e-4), np.float64: dict(rtol=1e-10, atol=1e-10)}


def _rng(seed=0):
    return np.random.default_rng(seed)


def _dilate(w, d):
    """A dilated kernel written out with zeros, so TF's plain conv can differentiate it on CPU."""
    kh, kw = w.shape[:2]
    out = np.zeros((d * (kh - 1) + 1, d * (kw - 1) + 1, *w.shape[2:]), dtype=w.dtype)
    out[::d, ::d] = w
    return out


# --------------------------------------------------------------------------
# Output sizes
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "n, k, s, p, d, expected",
    [
        (5, 3, 1, 0, 1, 3),  # Dumoulin & Visin, fig. 2.1
        (5, 4, 1, 2, 1, 6),  # fig. 2.2, arbitrary padding
        (5, 3, 1, 1, 1, 5),  # half ("same") padding
        (5, 3, 1, 2, 1, 7),  # full padding
        (5, 3, 2, 0, 1, 2),  # fig. 2.6
        (5, 3, 2, 1, 1, 3),  # fig. 2.7
        (6, 3, 2, 1, 1, 3),  # fig. 2.8
        (7, 3, 1, 0, 2, 3),  # fig. 5.1, dilation
        (3, 5, 1, 0, 1, 0),  # kernel larger than the input
    ],
)
def test_output_size_matches_the_convolution_arithmetic_guide(n, k, s, p, d, expected):
    assert C.output_size(n, k, s, p, d) == expected


@given(
    n=st.integers(1, 20), k=st.integers(1, 6), s=st.integers(1, 4), d=st.integers(1, 3), padding=st.sampled_from(["valid", "same"])
)
@settings(max_examples=50, deadline=None)
def test_output_size_and_padding_agree_with_tensorflow(n, k, s, d, padding):
    if s > 1 and d > 1:  # TensorFlow refuses strides and dilation together
        d = 1
    expected = C.output_size(n, k, s, padding, d)
    span = d * (k - 1) + 1
    if padding == "valid" and span > n:
        assert expected == 0
        return
    x = tf.zeros((1, n, n, 1))
    y = tf.nn.conv2d(x, tf.zeros((k, k, 1, 1)), strides=s, padding=padding.upper(), dilations=d)
    assert y.shape[1] == expected
    before, after = C.pad_amounts(n, k, s, padding, d)
    assert C.output_size(n + before + after, k, s, 0, d) == expected
    if padding == "same":
        assert expected == -(-n // s) and 0 <= after - before <= 1


def test_output_size_rejects_bad_arguments():
    with pytest.raises(ValueError, match="kernel"):
        C.output_size(5, 0)
    with pytest.raises(ValueError, match="padding"):
        C.output_size(5, 3, padding=-1)
    with pytest.raises(ValueError, match="padding"):
        C.output_size(5, 3, padding="full")


# --------------------------------------------------------------------------
# conv2d
# --------------------------------------------------------------------------
def test_conv2d_by_hand_on_a_small_matrix():
    # The slide's example: a 3x3 image and a 2x2 kernel, each output a dot product.
    x = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]], dtype=float)
    w = np.array([[1, 0], [0, -1]], dtype=float)
    expected = np.array([[1 - 5, 2 - 6], [4 - 8, 5 - 9]], dtype=float)
    np.testing.assert_array_equal(C.conv2d(x, w), expected)
    np.testing.assert_array_equal(C.conv2d(x, w, b=10.0), expected + 10)
    # stride 2 keeps only the top-left output; "same" pads one zero row/column after
    np.testing.assert_array_equal(C.conv2d(x, w, stride=2), expected[:1, :1])
    same = C.conv2d(x, w, padding="same")
    assert same.shape == (3, 3)
    np.testing.assert_array_equal(same[:2, :2], expected)
    np.testing.assert_array_equal(same[2], [7 - 0, 8 - 0, 9])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("stride, dilation", [(1, 1), (2, 1), (3, 1), ((1, 2), 1), (1, 2), (1, (2, 3))])
def test_conv2d_matches_tensorflow(dtype, padding, stride, dilation):
    rng = _rng(1)
    x = rng.normal(size=(2, 9, 11, 3)).astype(dtype)
    w = rng.normal(size=(3, 4, 3, 5)).astype(dtype)
    b = rng.normal(size=5).astype(dtype)
    ours = C.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    theirs = tf.nn.conv2d(x, w, strides=stride, padding=padding.upper(), dilations=dilation) + b
    assert ours.dtype == dtype
    np.testing.assert_allclose(ours, theirs.numpy(), **TOL[dtype])


@given(
    n=st.integers(1, 3), h=st.integers(3, 10), w=st.integers(3, 10), c_in=st.integers(1, 3), c_out=st.integers(1, 3),
    k=st.integers(1, 3), s=st.integers(1, 3), padding=st.sampled_from(["valid", "same"]), seed=st.integers(0, 2**16),
)
@settings(max_examples=50, deadline=None)
def test_conv2d_matches_tensorflow_on_random_shapes(n, h, w, c_in, c_out, k, s, padding, seed):
    rng = _rng(seed)
    x = rng.normal(size=(n, h, w, c_in))
    kernel = rng.normal(size=(k, k, c_in, c_out))
    ours = C.conv2d(x, kernel, stride=s, padding=padding)
    theirs = tf.nn.conv2d(x, kernel, strides=s, padding=padding.upper()).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-10)


def test_conv2d_on_extreme_inputs_stays_finite_and_exact():
    x = np.full((1, 4, 4, 1), 1e150)
    w = np.full((2, 2, 1, 1), 1e150)
    y = C.conv2d(x, w)
    np.testing.assert_allclose(y, 4e300, rtol=1e-12)
    tiny = C.conv2d(np.full((4, 4), 1e-200), np.full((2, 2), 1e-100))
    np.testing.assert_allclose(tiny, 4e-300, rtol=1e-12)
    np.testing.assert_array_equal(C.conv2d(np.zeros((1, 3, 3, 2)), np.ones((3, 3, 2, 4))), np.zeros((1, 1, 1, 4)))


def test_conv2d_of_integer_images_is_float():
    x = np.arange(16, dtype=np.uint8).reshape(4, 4)
    y = C.conv2d(x, np.ones((2, 2), dtype=np.int64))
    assert y.dtype == np.float32 or y.dtype == np.float64
    assert y[0, 0] == 0 + 1 + 4 + 5  # no uint8 overflow or wrap-around


def test_conv2d_errors_name_the_argument():
    with pytest.raises(ValueError, match="input channels"):
        C.conv2d(np.zeros((1, 5, 5, 3)), np.zeros((3, 3, 2, 4)))
    with pytest.raises(ValueError, match="x must have shape"):
        C.conv2d(np.zeros((5, 5, 3)), np.zeros((3, 3, 3, 1)))
    with pytest.raises(ValueError, match="b must have shape"):
        C.conv2d(np.zeros((1, 5, 5, 1)), np.zeros((3, 3, 1, 4)), b=np.zeros(3))
    with pytest.raises(ValueError, match="padding"):
        C.conv2d(np.zeros((5, 5)), np.zeros((3, 3)), padding="full")
    with pytest.raises(ValueError, match="does not fit"):
        C.conv2d(np.zeros((2, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="stride"):
        C.conv2d(np.zeros((5, 5)), np.zeros((3, 3)), stride=0)
    with pytest.raises(TypeError, match="x must hold real numbers"):
        C.conv2d(np.array([["a"]]), np.zeros((1, 1)))


# --------------------------------------------------------------------------
# conv2d_grad
# --------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("stride, dilation", [(1, 1), (2, 1), (3, 1), (1, 2)])
def test_conv2d_grad_matches_tensorflow_autodiff(dtype, padding, stride, dilation):
    rng = _rng(2)
    x = rng.normal(size=(2, 8, 9, 3)).astype(dtype)
    w = rng.normal(size=(3, 2, 3, 4)).astype(dtype)
    b = rng.normal(size=4).astype(dtype)
    y = C.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    g = rng.normal(size=y.shape).astype(dtype)
    xt, wt, bt = (tf.Variable(a) for a in (x, _dilate(w, dilation), b))
    with tf.GradientTape() as tape:  # TF's CPU conv cannot differentiate dilations: use the written-out kernel
        out = tf.nn.conv2d(xt, wt, strides=stride, padding=padding.upper()) + bt
        loss = tf.reduce_sum(out * g)
    gx, gw, gb = tape.gradient(loss, [xt, wt, bt])
    ours = C.conv2d_grad(x, w, g, stride=stride, padding=padding, dilation=dilation)
    np.testing.assert_allclose(out.numpy(), y, **TOL[dtype])
    np.testing.assert_allclose(ours[0], gx.numpy(), **TOL[dtype])
    np.testing.assert_allclose(ours[1], gw.numpy()[::dilation, ::dilation], **TOL[dtype])
    np.testing.assert_allclose(ours[2], gb.numpy(), **TOL[dtype])


def test_conv2d_grad_of_2d_image_and_kernel_has_their_shapes():
    rng = _rng(3)
    x, w = rng.normal(size=(6, 7)), rng.normal(size=(3, 3))
    g = rng.normal(size=C.conv2d(x, w).shape)
    gx, gw, gb = C.conv2d_grad(x, w, g)
    assert gx.shape == x.shape and gw.shape == w.shape and gb.shape == (1,)
    # Finite differences on one weight: the loss sum(g * y) is linear in w.
    e = np.zeros_like(w)
    e[1, 2] = 1.0
    assert np.isclose(np.sum(g * (C.conv2d(x, w + e) - C.conv2d(x, w))), gw[1, 2])
    with pytest.raises(ValueError, match="grad_out"):
        C.conv2d_grad(x, w, np.zeros((3, 3)))


# --------------------------------------------------------------------------
# Pooling
# --------------------------------------------------------------------------
def _tf_l2(x, pool, stride, padding):
    c = x.shape[-1]
    ones = tf.ones((pool, pool, c, 1), dtype=x.dtype)
    return tf.sqrt(tf.nn.depthwise_conv2d(x * x, ones, [1, stride, stride, 1], padding.upper()))


POOLS = {
    "max": (C.max_pool2d, C.max_pool2d_grad, lambda x, p, s, pad: tf.nn.max_pool2d(x, p, s, pad.upper())),
    "average": (C.avg_pool2d, C.avg_pool2d_grad, lambda x, p, s, pad: tf.nn.avg_pool2d(x, p, s, pad.upper())),
    "L2": (C.l2_pool2d, C.l2_pool2d_grad, _tf_l2),
}


@pytest.mark.parametrize("kind", sorted(POOLS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("pool, stride", [(2, None), (3, None), (3, 2), (2, 1)])
def test_pooling_and_its_gradient_match_tensorflow(kind, dtype, padding, pool, stride):
    forward, backward, reference = POOLS[kind]
    rng = _rng(4)
    x = rng.normal(size=(2, 9, 11, 3)).astype(dtype)
    ours = forward(x, pool, stride, padding)
    xt = tf.Variable(x)
    g = rng.normal(size=ours.shape).astype(dtype)
    with tf.GradientTape() as tape:
        out = reference(xt, pool, pool if stride is None else stride, padding)
        loss = tf.reduce_sum(out * g)
    assert ours.dtype == dtype
    np.testing.assert_allclose(ours, out.numpy(), **TOL[dtype])
    np.testing.assert_allclose(backward(x, g, pool, stride, padding), tape.gradient(loss, xt).numpy(), **TOL[dtype])


def test_pooling_by_hand():
    x = np.array([[1, 2, 5, 0], [3, 4, 0, 0], [0, 0, 3, 4], [0, -8, 0, 0]], dtype=float)
    np.testing.assert_array_equal(C.max_pool2d(x), [[4, 5], [0, 4]])
    np.testing.assert_array_equal(C.avg_pool2d(x), [[2.5, 1.25], [-2, 1.75]])
    np.testing.assert_allclose(C.l2_pool2d(x), [[np.sqrt(30), 5], [8, 5]])
    assert list(C.POOLINGS) == ["max", "average", "L2"]


def test_l2_pooling_is_stable_on_extreme_values_and_zeros():
    big = np.array([[3e200, 4e200], [0.0, 0.0]])
    small = np.array([[3e-200, 4e-200], [0.0, 0.0]])  # squares underflow to 0 without scaling
    np.testing.assert_allclose(C.l2_pool2d(big), [[5e200]], rtol=1e-12)
    np.testing.assert_allclose(C.l2_pool2d(small), [[5e-200]], rtol=1e-12)
    zeros = np.zeros((1, 4, 4, 2), dtype=np.float32)
    assert np.all(C.l2_pool2d(zeros) == 0)
    assert np.all(C.l2_pool2d_grad(zeros, np.ones((1, 2, 2, 2))) == 0)  # the subgradient at 0


def test_max_pool_gradient_goes_to_the_first_maximum_on_ties():
    x = np.ones((2, 2))
    np.testing.assert_array_equal(C.max_pool2d_grad(x, np.array([[5.0]])), [[5.0, 0.0], [0.0, 0.0]])


def test_pooling_errors():
    with pytest.raises(ValueError, match="pool_size"):
        C.max_pool2d(np.zeros((4, 4)), 0)
    with pytest.raises(ValueError, match="does not fit"):
        C.avg_pool2d(np.zeros((1, 4, 4, 1)), 5)
    with pytest.raises(ValueError, match="grad_out"):
        C.avg_pool2d_grad(np.zeros((4, 4)), np.zeros((3, 3)))
