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
    n=st.integers(1, 20),
    k=st.integers(1, 6),
    s=st.integers(1, 4),
    d=st.integers(1, 3),
    padding=st.sampled_from(["valid", "same"]),
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


# --------------------------------------------------------------------------
# conv2d_transpose
# --------------------------------------------------------------------------
def test_conv2d_transpose_by_hand_stamps_scaled_kernels():
    # Each input value stamps a copy of the kernel, scaled by it, stride 2 apart; overlaps add.
    y = np.array([[1.0, 2.0], [3.0, 4.0]])
    expected = np.array([
        [1, 1, 1 + 2, 2, 2],
        [1, 1, 1 + 2, 2, 2],
        [1 + 3, 1 + 3, 1 + 2 + 3 + 4, 2 + 4, 2 + 4],
        [3, 3, 3 + 4, 4, 4],
        [3, 3, 3 + 4, 4, 4],
    ], dtype=float)
    np.testing.assert_array_equal(C.conv2d_transpose(y, np.ones((3, 3)), stride=2), expected)
    # padding=1 crops one row and column on each side; a bias is added everywhere
    np.testing.assert_array_equal(
        C.conv2d_transpose(y, np.ones((3, 3)), b=0.5, stride=2, padding=1), expected[1:-1, 1:-1] + 0.5
    )
    # stride 1, 1x1 kernel: the identity times the weight
    np.testing.assert_array_equal(C.conv2d_transpose(y, np.full((1, 1), 3.0)), 3 * y)


@given(
    i=st.integers(1, 8), k=st.integers(1, 5), s=st.integers(1, 4), p=st.integers(0, 3), d=st.integers(1, 3),
)
@settings(max_examples=60, deadline=None)
def test_conv2d_transpose_output_size_is_s_times_i_minus_1_plus_k_minus_2p(i, k, s, p, d):
    full = s * (i - 1) + d * (k - 1) + 1
    if full - 2 * p < 1:
        with pytest.raises(ValueError, match="crops away the whole output"):
            C.transposed_output_size(i, k, s, p, d)
        return
    o = C.transposed_output_size(i, k, s, p, d)
    assert o == full - 2 * p
    assert C.conv2d_transpose(np.zeros((i, i)), np.zeros((k, k)), stride=s, padding=p, dilation=d).shape == (o, o)
    # conv2d maps the result back to i positions, and o is the smallest size that it does
    assert C.output_size(o, k, s, p, d) == i
    assert o == 1 or C.output_size(o - 1, k, s, p, d) < i
    assert C.transposed_output_size(i, k, s, "valid", d) == full
    assert C.transposed_output_size(i, k, s, "same", d) == s * i


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("stride", [1, 2, 3, (1, 2)])
@pytest.mark.parametrize("extra", [0, 1])
def test_conv2d_transpose_matches_tensorflow(dtype, padding, stride, extra):
    rng = _rng(5)
    y = rng.normal(size=(2, 4, 5, 3)).astype(dtype)
    w = rng.normal(size=(3, 2, 4, 3)).astype(dtype)  # conv2d's layout: 4 channels in, 3 out
    b = rng.normal(size=4).astype(dtype)
    shape = C.conv2d_transpose(y, w, stride=stride, padding=padding).shape[1:3]
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    if extra and sh > 1 and sw > 1:  # another output size that conv2d maps to y's size (stride > 1 only)
        step = extra if padding == "valid" else -extra  # "same": s*i is the largest such size, "valid": the smallest
        shape = (shape[0] + step, shape[1] + step)
    ours = C.conv2d_transpose(y, w, b, stride=stride, padding=padding, output_shape=shape)
    theirs = tf.nn.conv2d_transpose(y, w, output_shape=(2, *shape, 4), strides=stride, padding=padding.upper()) + b
    assert ours.dtype == dtype and ours.shape == (2, *shape, 4)
    np.testing.assert_allclose(ours, theirs.numpy(), **TOL[dtype])


@pytest.mark.parametrize("p, stride", [(1, 1), (1, 2), (2, 3)])
def test_conv2d_transpose_integer_padding_matches_tensorflow_explicit_padding(p, stride):
    rng = _rng(6)
    y = rng.normal(size=(1, 4, 3, 2))
    w = rng.normal(size=(3, 3, 1, 2))
    ours = C.conv2d_transpose(y, w, stride=stride, padding=p)
    theirs = tf.nn.conv2d_transpose(y, w, output_shape=(1, *ours.shape[1:3], 1), strides=stride,
                                    padding=[[0, 0], [p, p], [p, p], [0, 0]])
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("dilation", [2, (2, 3)])
def test_conv2d_transpose_with_dilation_matches_tensorflow(dilation):
    # TF's CPU kernel has no dilated transposed convolution: use the kernel written out with zeros.
    rng = _rng(7)
    y = rng.normal(size=(2, 4, 5, 3))
    w = rng.normal(size=(3, 2, 2, 3))
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else dilation
    spread = np.zeros((dh * 2 + 1, dw * 1 + 1, 2, 3))
    spread[::dh, ::dw] = w
    ours = C.conv2d_transpose(y, w, dilation=dilation)
    theirs = tf.nn.conv2d_transpose(y, spread, output_shape=(2, *ours.shape[1:3], 2), strides=1, padding="VALID")
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-10)


@given(
    n=st.integers(1, 2), h=st.integers(3, 10), w=st.integers(3, 10), c_in=st.integers(1, 3), c_out=st.integers(1, 3),
    k=st.integers(1, 3), s=st.integers(1, 3), d=st.integers(1, 2), padding=st.sampled_from(["valid", "same", 0, 1, 2]),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=60, deadline=None)
def test_conv2d_transpose_is_the_adjoint_and_the_input_gradient_of_conv2d(n, h, w, c_in, c_out, k, s, d, padding, seed):
    rng = _rng(seed)
    x = rng.normal(size=(n, h, w, c_in))
    kernel = rng.normal(size=(k, k, c_in, c_out))
    if isinstance(padding, int):  # conv2d takes padding by name: pad x by hand, crop the transpose
        if C.output_size(h, k, s, padding, d) == 0 or C.output_size(w, k, s, padding, d) == 0:
            return
        y = C.conv2d(np.pad(x, ((0, 0), (padding, padding), (padding, padding), (0, 0))), kernel, stride=s, dilation=d)
    else:
        if C.output_size(h, k, s, padding, d) == 0 or C.output_size(w, k, s, padding, d) == 0:
            return
        y = C.conv2d(x, kernel, stride=s, padding=padding, dilation=d)
    g = rng.normal(size=y.shape)
    back = C.conv2d_transpose(g, kernel, stride=s, padding=padding, dilation=d, output_shape=(h, w))
    assert back.shape == x.shape
    # <conv2d(x, w), g> = <x, conv2d_transpose(g, w)>
    np.testing.assert_allclose(np.sum(y * g), np.sum(x * back), rtol=1e-10, atol=1e-10)
    if isinstance(padding, str):  # and it is conv2d's backward rule for its input
        np.testing.assert_allclose(back, C.conv2d_grad(x, kernel, g, stride=s, padding=padding, dilation=d)[0],
                                   rtol=1e-12, atol=1e-12)


def test_conv2d_transpose_is_the_matrix_transpose_of_conv2d():
    # Build conv2d's matrix C column by column (one unit input at a time); the transpose multiplies by C^T.
    rng = _rng(8)
    kernel = rng.normal(size=(3, 3))
    columns = [C.conv2d(np.eye(25)[j].reshape(5, 5), kernel, stride=2).ravel() for j in range(25)]
    matrix = np.stack(columns, axis=1)  # (4, 25)
    g = rng.normal(size=(2, 2))
    np.testing.assert_allclose(C.conv2d_transpose(g, kernel, stride=2).ravel(), matrix.T @ g.ravel(), rtol=1e-12)


def test_conv2d_transpose_is_not_the_inverse_of_conv2d():
    rng = _rng(9)
    x, kernel = rng.normal(size=(6, 6)), rng.normal(size=(3, 3))
    back = C.conv2d_transpose(C.conv2d(x, kernel), kernel)
    assert back.shape == x.shape and not np.allclose(back, x)


def test_conv2d_transpose_matches_the_unets_keras_up_convolution():
    # lecturekit.unet up-samples with Conv2DTranspose(filters, 2, strides=2, padding="same"): sizes double.
    import keras

    rng = _rng(10)
    layer = keras.layers.Conv2DTranspose(4, 2, strides=2, padding="same")
    y = rng.normal(size=(1, 5, 7, 3)).astype(np.float32)
    theirs = layer(y).numpy()
    kernel, bias = layer.get_weights()  # kernel (2, 2, 4 out of the layer, 3 in): conv2d's layout
    ours = C.conv2d_transpose(y, kernel, bias, stride=2, padding="same")
    assert ours.shape == theirs.shape == (1, 10, 14, 4)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


def test_conv2d_transpose_on_extreme_inputs_stays_finite_and_exact():
    y = np.full((1, 2, 2, 1), 1e150)
    w = np.full((2, 2, 1, 1), 1e150)
    np.testing.assert_allclose(C.conv2d_transpose(y, w, stride=2), 1e300, rtol=1e-12)  # no overlap at stride 2
    np.testing.assert_allclose(C.conv2d_transpose(y, w)[0, 1, 1, 0], 4e300, rtol=1e-12)  # four overlaps
    tiny = C.conv2d_transpose(np.full((2, 2), 1e-200), np.full((2, 2), 1e-100))
    np.testing.assert_allclose(tiny[1, 1], 4e-300, rtol=1e-12)
    np.testing.assert_array_equal(
        C.conv2d_transpose(np.zeros((1, 2, 2, 4)), np.ones((3, 3, 2, 4))), np.zeros((1, 4, 4, 2))
    )
    small_ints = np.arange(4, dtype=np.uint8).reshape(2, 2)
    assert C.conv2d_transpose(small_ints, np.full((1, 1), 200, dtype=np.uint8))[1, 1] == 600
    assert C.conv2d_transpose(np.ones((2, 2), np.float32), np.ones((2, 2), np.float32)).dtype == np.float32


def test_conv2d_transpose_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"w has 4 output channels \(w.shape\[3\]\) but y has 3"):
        C.conv2d_transpose(np.zeros((1, 3, 3, 3)), np.zeros((2, 2, 1, 4)))
    with pytest.raises(ValueError, match=r"output_shape \(7, 7\) does not fit y"):
        C.conv2d_transpose(np.zeros((2, 2)), np.zeros((3, 3)), stride=2, output_shape=(7, 7))
    with pytest.raises(ValueError, match="crops away the whole output"):
        C.conv2d_transpose(np.zeros((1, 1)), np.zeros((1, 1)), padding=1)
    with pytest.raises(ValueError, match="padding must be a non-negative int"):
        C.conv2d_transpose(np.zeros((2, 2)), np.zeros((3, 3)), padding="full")
    with pytest.raises(ValueError, match=r"b must have shape \(2,\)"):
        C.conv2d_transpose(np.zeros((1, 2, 2, 1)), np.zeros((3, 3, 2, 1)), b=np.zeros(3))
    with pytest.raises(ValueError, match="y must have shape"):
        C.conv2d_transpose(np.zeros(4), np.zeros((3, 3)))
