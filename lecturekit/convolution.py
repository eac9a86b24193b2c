"""Convolution and pooling in plain numpy, as on the slides.

Conventions (the same as TensorFlow's, so the two can be compared directly):

* images are ``(n, height, width, channels)`` ("NHWC"); a single 2-D image
  ``(height, width)`` is accepted too and gives a 2-D result;
* kernels are ``(kernel_height, kernel_width, in_channels, out_channels)``;
  a 2-D kernel ``(kh, kw)`` means one input and one output channel;
* "convolution" is what deep-learning libraries compute, strictly a
  cross-correlation: the kernel is not flipped,

  .. math:: y[i, j, c'] = b[c'] + \\sum_{u, v, c} x[i s + u d,\\; j s + v d,\\; c]\\; w[u, v, c, c'];

* ``padding="valid"`` uses only positions where the kernel fits inside the
  image; ``"same"`` adds zeros (TensorFlow's rule: the extra one goes to the
  bottom/right) so that the output has ``ceil(n / stride)`` positions.

Everything is vectorized with a *window view*: an array ``(n, out_h, out_w,
kh, kw, channels)`` holding, for every output position, the patch of the
input it sees.  No data is copied to build it and no Python loop runs over
pixels; a convolution is then one ``einsum`` and a pooling one reduction.

Each operation has its backward rule beside it (``<name>_grad``): given the
gradient of a loss with respect to the output, it returns the gradient with
respect to the inputs (and weights), as backpropagation needs.

:func:`conv2d_transpose` (transposed convolution, the U-Net's up-sampling) is
the adjoint of :func:`conv2d`: the same map as its backward rule for the input.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import validate

PADDINGS = ("valid", "same")


# --------------------------------------------------------------------------
# Output sizes
# --------------------------------------------------------------------------
def output_size(n: int, kernel: int, stride: int = 1, padding=0, dilation: int = 1) -> int:
    """Number of output positions along one axis.

    .. math:: o = \\left\\lfloor \\frac{n + p_\\text{total} - d (k - 1) - 1}{s} \\right\\rfloor + 1

    Parameters
    ----------
    n : int
        Input size along the axis.
    kernel, stride, dilation : int
        Kernel size ``k``, stride ``s`` and dilation ``d`` (the effective
        kernel size is ``d (k - 1) + 1``).
    padding : int or {"valid", "same"}
        Zeros added on *each* side (an int ``p``, so ``p_total = 2 p``), or
        the name of a padding rule.

    Returns
    -------
    int
        The output size, 0 if the kernel does not fit.
    """
    n = validate.positive_int(n, "n")
    k, s, d = (
        validate.positive_int(v, name) for v, name in ((kernel, "kernel"), (stride, "stride"), (dilation, "dilation"))
    )
    if isinstance(padding, str):
        before, after = pad_amounts(n, k, s, padding, d)
        total = before + after
    else:
        if not validate.is_int(padding) or padding < 0:
            raise ValueError(f"padding must be a non-negative int or one of {PADDINGS}, got {padding!r}")
        total = 2 * int(padding)
    span = d * (k - 1) + 1
    return max(0, (n + total - span) // s + 1)


def pad_amounts(n: int, kernel: int, stride: int = 1, padding: str = "valid", dilation: int = 1) -> tuple[int, int]:
    """Zeros added (before, after) along one axis by a padding rule.

    ``"valid"`` adds none.  ``"same"`` adds just enough for
    ``ceil(n / stride)`` outputs, the odd one after (TensorFlow's rule).
    """
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}, got {padding!r}")
    n, kernel, stride, dilation = (
        validate.positive_int(v, name)
        for v, name in ((n, "n"), (kernel, "kernel"), (stride, "stride"), (dilation, "dilation"))
    )
    if padding == "valid":
        return 0, 0
    span = dilation * (kernel - 1) + 1
    out = -(-n // stride)  # ceil(n / stride)
    total = max((out - 1) * stride + span - n, 0)
    return total // 2, total - total // 2


# --------------------------------------------------------------------------
# Input checks and the window view
# --------------------------------------------------------------------------
def _as_images(x, name: str = "x") -> tuple[np.ndarray, bool]:
    """(n, h, w, c) float array, and whether the input was a single 2-D image."""
    x = validate.real(x, name)
    if x.ndim == 2:
        return x[None, :, :, None], True
    if x.ndim != 4:
        raise ValueError(f"{name} must have shape (n, height, width, channels) or (height, width), got shape {x.shape}")
    return x, False


def _float(*arrays):
    dtype = np.result_type(*[a.dtype for a in arrays], np.float32)
    return [a.astype(dtype, copy=False) for a in arrays]


def _pad(x: np.ndarray, pads, value=0.0) -> np.ndarray:
    (top, bottom), (left, right) = pads
    if top == bottom == left == right == 0:
        return x
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)


def windows(x: np.ndarray, kernel, stride=1, dilation=1) -> np.ndarray:
    """The patch of ``x`` that each output position sees (a view, no copy).

    Parameters
    ----------
    x : array of shape (n, h, w, c)
        Already padded input.
    kernel, stride, dilation : int or (int, int)

    Returns
    -------
    array of shape (n, out_h, out_w, kh, kw, c)
        ``windows(x)[b, i, j]`` is the ``kh x kw`` patch (every ``dilation``-th
        pixel) whose top-left corner is at ``(i * stride, j * stride)``.
    """
    x = validate.real(x, "x")
    if x.ndim != 4:
        raise ValueError(f"x must have shape (n, height, width, channels) (padded), got shape {x.shape}")
    kh, kw = validate.rows_cols(kernel, "kernel", square=True)
    sh, sw = validate.rows_cols(stride, "stride", square=True)
    dh, dw = validate.rows_cols(dilation, "dilation", square=True)
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if x.shape[1] < span_h or x.shape[2] < span_w:
        raise ValueError(
            f"the kernel (effective size {span_h}x{span_w}) does not fit in the (padded) input of size "
            f"{x.shape[1]}x{x.shape[2]}; use a smaller kernel or padding='same'"
        )
    view = sliding_window_view(x, (span_h, span_w), axis=(1, 2))  # (n, H', W', c, span_h, span_w)
    view = view[:, ::sh, ::sw, :, ::dh, ::dw]  # stride over positions, dilation inside the window
    return view.transpose(0, 1, 2, 4, 5, 3)  # (n, out_h, out_w, kh, kw, c)


def _geometry(shape, kernel, stride, padding, dilation, pooling=False):
    """Padding amounts ((top, bottom), (left, right)) and output size."""
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}, got {padding!r}")
    kh, kw = validate.rows_cols(kernel, "kernel", square=True)
    sh, sw = validate.rows_cols(stride, "stride", square=True)
    dh, dw = validate.rows_cols(dilation, "dilation", square=True)
    if min(shape[1], shape[2]) < 1:
        raise ValueError(f"x must have at least one row and one column, got images of size {shape[1]}x{shape[2]}")
    pads = (pad_amounts(shape[1], kh, sh, padding, dh), pad_amounts(shape[2], kw, sw, padding, dw))
    out = (output_size(shape[1], kh, sh, padding, dh), output_size(shape[2], kw, sw, padding, dw))
    if 0 in out:
        if pooling:
            raise ValueError(
                f"pool_size ({kh}x{kw}) does not fit in the input of size {shape[1]}x{shape[2]} with "
                f"padding={padding!r}; use a smaller pool_size or padding='same'"
            )
        raise ValueError(
            f"the kernel ({kh}x{kw}, dilation {dh}x{dw}) does not fit in the input of size "
            f"{shape[1]}x{shape[2]} with padding={padding!r}; use a smaller kernel or padding='same'"
        )
    return pads, out


def _scatter_windows(grad_windows, padded_shape, kernel, stride, dilation):
    """Adjoint of :func:`windows`: add each window's gradient back where it came from.

    The loop runs over the ``kh * kw`` kernel offsets, never over pixels: for
    offset (u, v), every output position (i, j) touched the input pixel
    ``(i s + u d, j s + v d)``, a strided slice of the input.
    """
    kh, kw = validate.rows_cols(kernel, "kernel", square=True)
    sh, sw = validate.rows_cols(stride, "stride", square=True)
    dh, dw = validate.rows_cols(dilation, "dilation", square=True)
    n, out_h, out_w = grad_windows.shape[:3]
    grad = np.zeros(padded_shape, dtype=grad_windows.dtype)
    for u in range(kh):
        for v in range(kw):
            rows = slice(u * dh, u * dh + sh * (out_h - 1) + 1, sh)
            cols = slice(v * dw, v * dw + sw * (out_w - 1) + 1, sw)
            grad[:, rows, cols, :] += grad_windows[:, :, :, u, v, :]
    return grad


def _unpad(g, pads, shape):
    (top, _), (left, _) = pads
    return g[:, top : top + shape[1], left : left + shape[2], :]


# --------------------------------------------------------------------------
# Convolution
# --------------------------------------------------------------------------
def _check_kernel(x, w):
    w = validate.real(w, "w")
    if w.ndim == 2:
        w = w[:, :, None, None]
    if w.ndim != 4:
        raise ValueError(f"w must have shape (kh, kw, in_channels, out_channels) or (kh, kw), got shape {w.shape}")
    if w.shape[2] != x.shape[3]:
        raise ValueError(
            f"w expects {w.shape[2]} input channels (w.shape[2]) but x has {x.shape[3]} (x.shape[3]); "
            "they must match"
        )
    return w


def _check_bias(b, out_channels):
    if b is None:
        return np.zeros(out_channels)
    b = validate.real(b, "b")
    if b.ndim == 0:
        b = b.reshape(1)
    if b.shape != (out_channels,):
        raise ValueError(f"b must have shape ({out_channels},), one bias per output channel, got shape {b.shape}")
    return b


def conv2d(x, w, b=None, stride=1, padding: str = "valid", dilation=1) -> np.ndarray:
    """2-D convolution (cross-correlation) with several input and output channels.

    Parameters
    ----------
    x : array of shape (n, h, w, in_channels), or (h, w) for one gray image
    w : array of shape (kh, kw, in_channels, out_channels), or (kh, kw)
        One ``kh x kw x in_channels`` filter per output channel, shared by
        all positions; a 2-D kernel is one filter for a one-channel input.
    b : array of shape (out_channels,), optional
        One bias per output channel (shared by all positions too).
    stride, dilation : int or (int, int)
    padding : {"valid", "same"}

    Returns
    -------
    array of shape (n, out_h, out_w, out_channels)
        The feature maps.  A 2-D ``x`` drops the ``n`` axis and a 2-D ``w``
        the channel axis, so a 2-D image and kernel give a 2-D map.
    """
    x, single = _as_images(x)
    kernel_2d = np.ndim(w) == 2
    w = _check_kernel(x, w)
    b = _check_bias(b, w.shape[3])
    x, w, b = _float(x, w, b)
    kernel = w.shape[:2]
    pads, _ = _geometry(x.shape, kernel, stride, padding, dilation)
    patches = windows(_pad(x, pads), kernel, stride, dilation)  # (n, oh, ow, kh, kw, c)
    y = np.einsum("nijuvc,uvcd->nijd", patches, w, optimize=True) + b
    if single:
        y = y[0]
    return y[..., 0] if kernel_2d else y


def conv2d_grad(x, w, grad_out, stride=1, padding: str = "valid", dilation=1):
    """Backward pass of :func:`conv2d`.

    Parameters
    ----------
    x, w : as for :func:`conv2d` (4-D forms, or 2-D single image and kernel)
    grad_out : array shaped like ``conv2d(x, w, ...)``
        dL/dy, the gradient of a loss with respect to the feature maps.

    Returns
    -------
    (grad_x, grad_w, grad_b)
        dL/dx shaped like ``x``, dL/dw shaped like ``w``, dL/db of shape
        (out_channels,).  Each weight is used at every position, so its
        gradient is a *sum* over positions (and over the batch).
    """
    x_in = np.asarray(x)
    x, single = _as_images(x)
    w_in = np.asarray(w)
    w = _check_kernel(x, w)
    g = validate.real(grad_out, "grad_out")
    if single:
        g = g[None]
    if w_in.ndim == 2:
        g = g[..., None]
    x, w, g = _float(x, w, g)
    kernel = w.shape[:2]
    pads, out = _geometry(x.shape, kernel, stride, padding, dilation)
    expected = (x.shape[0], *out, w.shape[3])
    if g.shape != expected:
        raise ValueError(f"grad_out must have the output's shape {expected}, got {np.asarray(grad_out).shape}")
    xp = _pad(x, pads)
    patches = windows(xp, kernel, stride, dilation)
    grad_w = np.einsum("nijuvc,nijd->uvcd", patches, g, optimize=True)
    grad_b = g.sum(axis=(0, 1, 2))
    grad_patches = np.einsum("nijd,uvcd->nijuvc", g, w, optimize=True)
    grad_x = _unpad(_scatter_windows(grad_patches, xp.shape, kernel, stride, dilation), pads, x.shape)
    return grad_x.reshape(x_in.shape), grad_w.reshape(w_in.shape), grad_b


# --------------------------------------------------------------------------
# Transposed convolution (up-sampling)
# --------------------------------------------------------------------------
def transposed_output_size(n: int, kernel: int, stride: int = 1, padding=0, dilation: int = 1) -> int:
    """Output size along one axis of :func:`conv2d_transpose` (without ``output_shape``).

    .. math:: o = s (n - 1) + d (k - 1) + 1 - 2 p \\qquad (= s (n - 1) + k - 2 p \\text{ for } d = 1)

    For an int ``p`` (and ``"valid"``, ``p = 0``) it is the smallest input
    size that a :func:`conv2d` with the same kernel, stride, padding and
    dilation maps to ``n`` outputs.  ``padding="same"`` gives ``o = s n``
    (TensorFlow's and Keras's rule).

    Returns
    -------
    int
        The output size; a ValueError if ``p`` crops everything away.
    """
    n = validate.positive_int(n, "n")
    k, s, d = (
        validate.positive_int(v, name) for v, name in ((kernel, "kernel"), (stride, "stride"), (dilation, "dilation"))
    )
    if isinstance(padding, str):
        if padding not in PADDINGS:
            raise ValueError(f"padding must be a non-negative int or one of {PADDINGS}, got {padding!r}")
        return s * n if padding == "same" else s * (n - 1) + d * (k - 1) + 1
    if not validate.is_int(padding) or padding < 0:
        raise ValueError(f"padding must be a non-negative int or one of {PADDINGS}, got {padding!r}")
    o = s * (n - 1) + d * (k - 1) + 1 - 2 * int(padding)
    if o < 1:
        raise ValueError(
            f"padding={padding} crops away the whole output (s (n - 1) + d (k - 1) + 1 = {o + 2 * int(padding)} "
            f"before cropping {padding} on each side); use a smaller padding"
        )
    return o


def conv2d_transpose(y, w, b=None, stride=1, padding="valid", dilation=1, output_shape=None) -> np.ndarray:
    """Transposed convolution: the adjoint of :func:`conv2d`, which up-samples.

    A convolution is linear in its input: ``conv2d(x, w) = C x`` for a
    (large, sparse) matrix ``C`` built from copies of ``w``.  The transposed
    convolution multiplies by ``C^T``.  It maps a feature map of ``conv2d``'s
    *output* shape back to its *input* shape, which is why U-Nets use it to
    up-sample.  Position by position: every value ``y[i, j, c']`` adds a copy
    of filter ``c'``, scaled by that value, at rows ``i s + u d`` and columns
    ``j s + v d`` of the output (overlapping copies add up):

    .. math:: \\hat x[i s + u d,\\; j s + v d,\\; c] \\mathrel{+}= \\sum_{c'} y[i, j, c']\\; w[u, v, c, c']

    Three facts follow, each checked in the tests:

    * **adjoint**: ``<conv2d(x, w), y> = <x, conv2d_transpose(y, w)>`` for
      all ``x`` and ``y`` (same stride, padding, dilation);
    * **derivative**: the gradient of a loss ``L`` through ``y = conv2d(x, w)``
      is ``dL/dx = conv2d_transpose(dL/dy, w)``, which is what
      :func:`conv2d_grad` returns as ``grad_x`` (backpropagation through a
      convolution *is* a transposed convolution);
    * it is **not the inverse** of ``conv2d`` (the name "deconvolution" is a
      misnomer): ``conv2d_transpose(conv2d(x, w), w)`` has ``x``'s shape, not
      its values.

    Parameters
    ----------
    y : array of shape (n, h, w, out_channels), or (h, w) for one map
        What is up-sampled (it plays the part of ``conv2d``'s output).
    w : array of shape (kh, kw, in_channels, out_channels), or (kh, kw)
        The kernel *in conv2d's layout*, the same array the convolution
        would use (TensorFlow's ``tf.nn.conv2d_transpose`` takes it so too).
    b : array of shape (in_channels,), optional
        One bias per channel of the result.
    stride, dilation : int or (int, int)
    padding : {"valid", "same"} or int
        The padding the matching ``conv2d`` would add; here it is cropped
        off the result: an int ``p`` removes ``p`` rows and columns on
        each side.
    output_shape : (int, int), optional
        The result's (rows, cols).  With ``stride > 1`` several input sizes
        give ``conv2d`` the same output size; the default is
        :func:`transposed_output_size`: ``s (i - 1) + d (k - 1) + 1 - 2 p``
        (the smallest) for an int ``p`` or "valid", ``s i`` for "same".
        Any size that ``conv2d`` maps back to ``y``'s size is allowed (the
        extra rows and columns get no copy of the kernel: zero, plus ``b``).

    Returns
    -------
    array of shape (n, out_h, out_w, in_channels)
        A 2-D ``y`` drops the ``n`` axis and a 2-D ``w`` the channel axis.
    """
    y, single = _as_images(y, "y")
    kernel_2d = np.ndim(w) == 2
    w = validate.real(w, "w")
    if kernel_2d:
        w = w[:, :, None, None]
    if w.ndim != 4:
        raise ValueError(f"w must have shape (kh, kw, in_channels, out_channels) or (kh, kw), got shape {w.shape}")
    if w.shape[3] != y.shape[3]:
        raise ValueError(
            f"w has {w.shape[3]} output channels (w.shape[3]) but y has {y.shape[3]} (y.shape[3]); they must match: "
            "y plays the part of conv2d's output"
        )
    y, w = _float(y, w)
    b = _check_bias(b, w.shape[2]).astype(y.dtype, copy=False)
    kh, kw = w.shape[:2]
    sh, sw = validate.rows_cols(stride, "stride", square=True)
    dh, dw = validate.rows_cols(dilation, "dilation", square=True)
    n, ih, iw = y.shape[:3]
    if output_shape is None:
        oh = transposed_output_size(ih, kh, sh, padding, dh)
        ow = transposed_output_size(iw, kw, sw, padding, dw)
    else:
        oh, ow = validate.rows_cols(output_shape, "output_shape")
        if (output_size(oh, kh, sh, padding, dh), output_size(ow, kw, sw, padding, dw)) != (ih, iw):
            raise ValueError(
                f"output_shape {(oh, ow)} does not fit y: conv2d with this kernel, stride, padding and dilation "
                f"maps it to {output_size(oh, kh, sh, padding, dh)}x{output_size(ow, kw, sw, padding, dw)}, "
                f"not to y's {ih}x{iw}; leave output_shape out for the default, transposed_output_size"
            )
    if isinstance(padding, str):  # the zeros conv2d would add, cropped off here
        pads = (pad_amounts(oh, kh, sh, padding, dh), pad_amounts(ow, kw, sw, padding, dw))
    else:
        pads = ((int(padding), int(padding)), (int(padding), int(padding)))
    padded = np.zeros((n, oh + sum(pads[0]), ow + sum(pads[1]), w.shape[2]), dtype=y.dtype)
    for u in range(kh):  # a loop over the kernel's taps, never over pixels
        for v in range(kw):
            rows = slice(u * dh, u * dh + sh * (ih - 1) + 1, sh)
            cols = slice(v * dw, v * dw + sw * (iw - 1) + 1, sw)
            padded[:, rows, cols, :] += y @ w[u, v].T  # (n, ih, iw, out) @ (out, in)
    x = _unpad(padded, pads, (n, oh, ow)) + b
    if single:
        x = x[0]
    return x[..., 0] if kernel_2d else x


# --------------------------------------------------------------------------
# Pooling
# --------------------------------------------------------------------------
def _pool_setup(x, pool_size, stride, padding):
    x, single = _as_images(x)
    (x,) = _float(x)
    pool = validate.rows_cols(pool_size, "pool_size", square=True)
    stride = pool if stride is None else validate.rows_cols(stride, "stride", square=True)
    pads, out = _geometry(x.shape, pool, stride, padding, 1, pooling=True)
    return x, single, pool, stride, pads, out


def _finish(y, single):
    return y[0, :, :, 0] if single else y


def max_pool2d(x, pool_size=2, stride=None, padding: str = "valid") -> np.ndarray:
    """Max pooling: the largest value of each ``pool_size`` window, channel by channel.

    Parameters
    ----------
    x : array of shape (n, h, w, c), or (h, w)
    pool_size : int or (int, int)
    stride : int or (int, int), optional
        Defaults to ``pool_size`` (windows side by side, no overlap).
    padding : {"valid", "same"}
        With ``"same"`` the padded positions never win (they count as -inf).

    Returns
    -------
    array of shape (n, out_h, out_w, c), or (out_h, out_w)
    """
    x, single, pool, stride, pads, _ = _pool_setup(x, pool_size, stride, padding)
    patches = windows(_pad(x, pads, -np.inf), pool, stride)
    return _finish(patches.max(axis=(3, 4)), single)


def max_pool2d_grad(x, grad_out, pool_size=2, stride=None, padding: str = "valid") -> np.ndarray:
    """Backward pass of :func:`max_pool2d`: each window's gradient goes to its maximum.

    Where a window holds the maximum more than once, the first one (in
    row-major order) gets the gradient.  Returns dL/dx shaped like ``x``.
    """
    x_shape = np.shape(x)
    x, single, pool, stride, pads, out = _pool_setup(x, pool_size, stride, padding)
    g = _check_pool_grad(grad_out, x, out, single)
    xp = _pad(x, pads, -np.inf)
    patches = windows(xp, pool, stride)  # (n, oh, ow, ph, pw, c)
    n, oh, ow, ph, pw, c = patches.shape
    flat = patches.transpose(0, 1, 2, 5, 3, 4).reshape(n, oh, ow, c, ph * pw)
    winner = flat.argmax(axis=-1)  # first maximum of each window
    one_hot = np.arange(ph * pw) == winner[..., None]  # (n, oh, ow, c, ph*pw)
    grad_flat = one_hot * g[..., None]
    grad_patches = grad_flat.reshape(n, oh, ow, c, ph, pw).transpose(0, 1, 2, 4, 5, 3)
    grad = _unpad(_scatter_windows(grad_patches, xp.shape, pool, stride, 1), pads, x.shape)
    return grad.reshape(x_shape)


def _avg_counts(x, pool, stride, pads):
    """How many real (not padded) pixels each window holds."""
    ones = _pad(np.ones((1, *x.shape[1:3], 1), dtype=x.dtype), pads)
    return windows(ones, pool, stride).sum(axis=(3, 4))  # (1, oh, ow, 1)


def avg_pool2d(x, pool_size=2, stride=None, padding: str = "valid") -> np.ndarray:
    """Average pooling: the mean of each window, channel by channel.

    With ``padding="same"`` the mean is over the real pixels of a window only
    (padded zeros are not counted), as in TensorFlow.  Shapes as for
    :func:`max_pool2d`.
    """
    x, single, pool, stride, pads, _ = _pool_setup(x, pool_size, stride, padding)
    sums = windows(_pad(x, pads), pool, stride).sum(axis=(3, 4))
    return _finish(sums / _avg_counts(x, pool, stride, pads), single)


def avg_pool2d_grad(x, grad_out, pool_size=2, stride=None, padding: str = "valid") -> np.ndarray:
    """Backward pass of :func:`avg_pool2d`: each window shares its gradient equally."""
    x_shape = np.shape(x)
    x, single, pool, stride, pads, out = _pool_setup(x, pool_size, stride, padding)
    g = _check_pool_grad(grad_out, x, out, single)
    share = g / _avg_counts(x, pool, stride, pads)  # (n, oh, ow, c)
    grad_patches = np.broadcast_to(share[:, :, :, None, None, :], (*share.shape[:3], *pool, share.shape[3]))
    xp_shape = (x.shape[0], x.shape[1] + sum(pads[0]), x.shape[2] + sum(pads[1]), x.shape[3])
    grad = _unpad(_scatter_windows(grad_patches, xp_shape, pool, stride, 1), pads, x.shape)
    return grad.reshape(x_shape)


def l2_pool2d(x, pool_size=2, stride=None, padding: str = "valid") -> np.ndarray:
    """L2 pooling: the square root of the sum of squares of each window.

    .. math:: y = \\sqrt{\\textstyle\\sum_{(u, v) \\in \\text{window}} x_{uv}^2}

    A smooth cousin of max pooling (it is the window's Euclidean norm).
    Padded pixels count as zeros.  Shapes as for :func:`max_pool2d`.
    """
    x, single, pool, stride, pads, _ = _pool_setup(x, pool_size, stride, padding)
    patches = windows(_pad(x, pads), pool, stride)
    # hypot-style scaling keeps huge or tiny values from over/underflowing.
    scale = np.abs(patches).max(axis=(3, 4))
    safe = np.where(scale > 0, scale, 1)
    y = safe * np.sqrt(np.sum((patches / safe[:, :, :, None, None, :]) ** 2, axis=(3, 4)))
    return _finish(np.where(scale > 0, y, 0), single)


def l2_pool2d_grad(x, grad_out, pool_size=2, stride=None, padding: str = "valid") -> np.ndarray:
    """Backward pass of :func:`l2_pool2d`: dy/dx = x / y inside each window.

    At a window of zeros (y = 0) the norm has no derivative; its gradient is
    taken as 0 there (the subgradient that autodiff frameworks use too).
    """
    x_shape = np.shape(x)
    y = l2_pool2d(x, pool_size, stride, padding)
    x, single, pool, stride, pads, out = _pool_setup(x, pool_size, stride, padding)
    g = _check_pool_grad(grad_out, x, out, single)
    y = y[None, :, :, None] if single else y
    ratio = np.divide(g, y, out=np.zeros_like(g), where=y > 0)  # (n, oh, ow, c)
    xp = _pad(x, pads)
    grad_patches = windows(xp, pool, stride) * ratio[:, :, :, None, None, :]
    grad = _unpad(_scatter_windows(grad_patches, xp.shape, pool, stride, 1), pads, x.shape)
    return grad.reshape(x_shape)


def _check_pool_grad(grad_out, x, out, single):
    g = validate.real(grad_out, "grad_out")
    if single and g.ndim == 2:
        g = g[None, :, :, None]
    expected = (x.shape[0], *out, x.shape[3])
    if g.shape != expected:
        raise ValueError(f"grad_out must have the output's shape {expected}, got {np.asarray(grad_out).shape}")
    return g.astype(x.dtype, copy=False)


#: The pooling functions by name, as the notebook's comparison uses them.
POOLINGS = {"max": max_pool2d, "average": avg_pool2d, "L2": l2_pool2d}
