"""A fully connected network in plain numpy, trained by mini-batch gradient descent.

The reference network of the lectures (notebooks 04 and 05): the network of
Nielsen's book, vectorized over the mini-batch, so that each layer costs one
matrix product per batch instead of a Python loop over samples.

Conventions (the lecture's notation, with one sample per *row*):

* ``X`` has shape ``(n, sizes[0])``.
* ``weights[l]`` has shape ``(sizes[l + 1], sizes[l])``: row j holds the
  weights *into* unit j of the next layer, so for one sample z = W a + b and
  for a batch of rows ``Z = A @ W.T + b``.
* ``biases[l]`` has shape ``(sizes[l + 1],)``.
* The cost is the mean over samples of the per-sample loss (for
  ``"quadratic"``: C = 1/(2n) sum_x ||y(x) - a(x)||^2, the book's cost), plus
  optional regularization lambda/(2N) sum w^2 (L2) and lambda/N sum |w| (L1),
  N the size of the training set; biases are not regularized.

Backpropagation over a batch, with ``delta`` = dC/dz of shape ``(n, units)``
(the 1/n of the mean is inside the loss gradient dC/da)::

    delta_L = dC/da_L * f'(z_L)       (softmax + cross-entropy: (a_L - y) / n)
    delta_l = (delta_{l+1} @ W_{l+1}) * f'(z_l)
    dC/dW_l = delta_l.T @ a_{l-1}     shape (units_l, units_{l-1})
    dC/db_l = delta_l.sum(axis=0)     the sum over the batch

These are the lecture's delta^l = ((W^{l+1})^T delta^{l+1}) * sigma'(z^l) and
dC/dW^l = delta^l (a^{l-1})^T, one sample per row instead of per column.

Speed.  With mini-batches of 10 the matrices are small, and the time goes to
numpy's cost per call more than to arithmetic.  So the training loop checks
its inputs once (in ``fit``), then calls unchecked kernels that write into
arrays allocated once per ``fit`` (``out=``), and all parameters live in one
flat vector theta (``weights[l]`` and ``biases[l]`` are views into it), so an
optimizer step is a few operations on theta, w <- w - eta dC/dw for all the
parameters at once.

The products go straight to BLAS (scipy's gemm, C <- alpha A B + beta C,
and gemv), which at this size costs less than numpy's broadcasting: a layer
is z = 1 b^T (the bias in every row) followed by z <- a W^T + z.  Plain SGD
goes one step further: the update W <- W - eta delta^T a is one gemm in
place (alpha = -eta; beta = 1, or 1 - eta lambda/N with L2, the weight
decay), and b <- b - eta delta^T 1 one gemv.  The gradient then never gets
an array of its own, and no extra pass over the 23,860 parameters of
784-30-10 is needed.  The numbers are those of the plain formulas up to
rounding (the tests compare them with the book's loop, with backprop's
gradient and with Keras).
"""
from __future__ import annotations

import functools
import time
from collections import namedtuple

import numpy as np

from . import activations, losses

INITIALIZERS = ("standard", "scaled", "glorot", "he")
OPTIMIZERS = ("sgd", "momentum", "adam")


# The training loop calls unchecked kernels: ``f(z, out, work)`` writes f(z)
# into ``out`` (``work``: scratch of z's shape) and ``f_prime(z, a, out)``
# writes f'(z) into ``out``, given a = f(z).  The activations the lectures
# train with have their own; the others go through lecturekit.activations'
# public (checked) functions.  Either way the numbers are those of the public
# functions.  (0 and 1 come as 0-d arrays of the data's dtype, which numpy
# takes faster than Python numbers.)
def _relu(z, out=None, work=None):
    zero, _ = activations._zero_one(z.dtype)
    return np.maximum(z, zero, out=out)


def _tanh(z, out=None, work=None):
    return np.tanh(z, out=out)


def _sigmoid_prime(z, a, out=None):
    """sigma'(z) = a (1 - a), from the sigmoid's output a (cheaper than from z)."""
    _, one = activations._zero_one(a.dtype)
    out = np.subtract(one, a, out)
    out *= a
    return out


def _relu_prime(z, a, out=None):
    """relu'(z) = 1 where a > 0, else 0."""
    zero, _ = activations._zero_one(a.dtype)
    return np.greater(a, zero, out=np.empty_like(a) if out is None else out)


def _tanh_prime(z, a, out=None):
    """tanh'(z) = 1 - a^2."""
    _, one = activations._zero_one(a.dtype)
    out = np.multiply(a, a, out=out)
    return np.subtract(one, out, out=out)


_KERNELS = {  # name -> (f, f_prime)
    "sigmoid": (activations._sigmoid, _sigmoid_prime),
    "relu": (_relu, _relu_prime),
    "tanh": (_tanh, _tanh_prime),
}


def _checked_f(f, z, out=None, work=None):
    return f(z)


def _checked_f_prime(f_grad, z, a, out=None):
    return f_grad(z)


def _kernels(name):
    """``(f, f_prime)`` kernels for the elementwise activation ``name``."""
    if name in _KERNELS:
        return _KERNELS[name]
    f, f_grad = activations.get(name)
    return functools.partial(_checked_f, f), functools.partial(_checked_f_prime, f_grad)


def _softmax(z, out=None, work=None):
    """Softmax over the last axis of ``z`` (n, k); the row maximum is subtracted so exp never overflows."""
    e = np.subtract(z, z.max(axis=-1, keepdims=True), out=out)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def _softmax_backward(a, g):
    """dC/dz from g = dC/da through a = softmax(z), row by row (shapes (n, k)).

    With da_i/dz_j = a_i (delta_ij - a_j): dC/dz_j = a_j (g_j - sum_i g_i a_i).
    """
    return a * (g - (g * a).sum(axis=-1, keepdims=True))


def _exp_may_overflow():
    """The floating-point setting the kernels run under: the sigmoid's exp(-z) overflows to inf for z << 0.

    1 / (1 + inf) = 0 is the right result (see ``activations.sigmoid``), so
    that overflow is silenced, once around a loop rather than in every call.
    """
    return np.errstate(over="ignore")


@functools.cache
def _blas(dtype):
    """scipy's BLAS ``(gemm, gemv)`` for ``dtype`` (sgemm/sgemv for float32, dgemm/dgemv for float64)."""
    from scipy.linalg import blas  # (imported at the first fit, not with lecturekit)

    return tuple(blas.get_blas_funcs(("gemm", "gemv"), dtype=dtype))


def _check_in_place(gemm, gemv, weights, biases):
    """Fail loudly if BLAS would work on a copy of a parameter (its update would be lost)."""
    for w, b in zip(weights, biases):
        c = gemm(0.0, np.zeros((w.shape[1], 1), w.dtype), np.zeros((w.shape[0], 1), w.dtype), 1.0, w.T, 0, 1, 1)
        y = gemv(0.0, np.zeros((len(b), 1), b.dtype), np.zeros(1, b.dtype), 1.0, b, 0, 1, 0, 1, 0, 1)
        if not (np.shares_memory(c, w) and np.shares_memory(y, b)):
            raise RuntimeError("scipy's BLAS copied a parameter array instead of updating it in place; "
                               "train with optimizer='momentum' or 'adam', or report this with your scipy version")


# The views of one layer that a training step hands to BLAS (see _Buffers.bind).
_Layer = namedtuple("_Layer", "w wT b b_row z zT out work delta")


class _Buffers:
    """The arrays a training step writes into, for mini-batches of ``m`` samples.

    One set per batch size, made once per ``fit``: the step then allocates
    nothing.  Entry l of each list belongs to layer l + 1 (shape (m, sizes[l + 1])).
    """

    def __init__(self, sizes, m, dtype):
        shapes = [(m, k) for k in sizes[1:]]
        self.z = [np.empty(shape, dtype) for shape in shapes]  # weighted inputs z^l
        self.a = [np.empty(shape, dtype) for shape in shapes]  # activations a^l = f(z^l)
        self.delta = [np.empty(shape, dtype) for shape in shapes]  # delta^l = dC/dz^l
        self.work = [np.empty(shape, dtype) for shape in shapes]  # scratch for f and f'
        self.ones_row = np.ones((1, m), dtype)  # 1^T: b 1^T repeats the bias for each sample
        self.ones = self.ones_row[0]  # delta^T 1: the bias gradient, the sum over the batch
        self.gemm, self.gemv = _blas(dtype)
        self.layers = None

    def bind(self, weights, biases):
        """Gather, per layer, the views a step hands to BLAS, for these parameter arrays; return self.

        ``layers[l]`` is a :data:`_Layer`: W, W^T, b, b as a row (1, out), z, z^T, f(z), scratch, delta.
        The transposes are the same memory in Fortran order, which is what
        BLAS reads; making them once per epoch saves the step a few dozen
        Python operations.  ``fit`` binds again at each epoch, since a
        callback may have given the parameters new arrays.
        """
        self.layers = [_Layer(w, w.T, b, b[None], z, z.T, a, work, delta)
                       for w, b, z, a, work, delta in zip(weights, biases, self.z, self.a, self.work, self.delta)]
        return self


def _name(kind, value, choices):
    if not isinstance(value, str):
        raise TypeError(f"{kind} must be a name (str), got {type(value).__name__}; choose one of {list(choices)}")
    if value.lower() not in choices:
        raise ValueError(f"unknown {kind} {value!r}; choose one of {list(choices)}")
    return value.lower()


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def _finite(name, arr):
    """Raise unless the 2-D array ``arr`` holds finite numbers only (integer and boolean arrays always do).

    The quick test is one BLAS pass, the sum of squares: a nan or an inf
    anywhere makes it nan or inf.  Only then (or when the squares of huge
    finite numbers overflow it) is every entry looked at.
    """
    if arr.dtype.kind != "f":
        return
    flat = arr.ravel()
    with np.errstate(over="ignore", invalid="ignore"):  # (overflow of huge squares: the full look below decides)
        if flat.size and np.isfinite(np.dot(flat, flat)):
            return
    if not np.isfinite(arr).all():
        bad = ~np.isfinite(arr)
        row, col = np.argwhere(bad)[0]
        count = int(bad.sum())
        raise ValueError(
            f"{name} must hold finite numbers, got {arr[row, col]} in row {row} ({count} non-finite "
            f"{'entry' if count == 1 else 'entries'} in all); drop or fill in the samples with missing or "
            "infinite values"
        )


def _seed(value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"seed must be a non-negative int, got {type(value).__name__} ({value!r})")
    if value < 0:
        raise ValueError(f"seed must be a non-negative int, got {value}")
    return int(value)


def _float_dtype(value):
    """``value`` as numpy's float32 or float64 dtype."""
    try:
        dtype = None if value is None else np.dtype(value)
    except (TypeError, ValueError):
        dtype = None
    if dtype not in (np.float32, np.float64):
        given = dtype if dtype is not None else repr(value)
        raise TypeError(f"dtype must be float32 or float64, got {given}; use np.float32 (fast) or np.float64 "
                        "(for gradient checks)")
    return dtype


def _number(name, value, lo, hi, *, lo_open=False):
    """A real number in [lo, hi) (or (lo, hi) with ``lo_open``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} ({value!r})")
    value = float(value)
    if not (np.isfinite(value) and (value > lo if lo_open else value >= lo) and value < hi):
        interval = f"{'(' if lo_open else '['}{lo}, {hi})"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


class Network:
    """A multilayer perceptron ``sizes[0] -> sizes[1] -> ... -> sizes[-1]``.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first, e.g. ``[784, 30, 10]``.
    activation : str
        Hidden-layer activation, a name from ``lecturekit.activations``.
    loss : str
        A name from ``lecturekit.losses`` (``"quadratic"``, ``"cross_entropy"``, ...).
    output : str, optional
        Output activation: ``"softmax"`` or an activation name.  Default:
        ``"softmax"`` with the cross-entropy loss, else ``"sigmoid"`` (the
        book's network).
    init : str
        ``"standard"``: weights and biases drawn from N(0, 1), the book's first
        network; ``"scaled"``: weights N(0, 1/fan_in) and biases N(0, 1), the
        book's improved start; ``"glorot"``: weights uniform with variance
        2/(fan_in + fan_out) and zero biases (Keras' default); ``"he"``:
        weights N(0, 2/fan_in) and zero biases, for ReLU layers.
    seed : int >= 0
        Seeds the initialization, the shuffling and the dropout masks: the
        same seed and the same calls give the same numbers, bit for bit.
    dtype : float dtype
        ``float32`` (default, as Keras: about twice as fast) or ``float64``
        (for gradient checks).

    Attributes
    ----------
    weights, biases : lists of arrays (shapes in the module docstring)
    history : dict of lists, one entry per trained epoch: ``seconds`` (the
        epoch's training time), ``loss`` and ``accuracy`` on the training set,
        ``val_loss`` and ``val_accuracy`` when validation data is given.  The
        losses are the data term of the cost, without regularization.
    """

    def __init__(self, sizes, activation="sigmoid", loss="quadratic", *, output=None, init="standard", seed=0,
                 dtype=np.float32):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes must be a sequence of layer sizes such as [784, 30, 10], got {sizes!r}")
        if len(sizes) < 2 or not all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 1 for s in sizes
        ):
            raise ValueError(f"sizes must list at least two layer sizes, each an int >= 1, got {list(sizes)!r}")
        self.sizes = [int(s) for s in sizes]
        self.f, self.f_grad = activations.get(activation)
        self.activation = activation.lower()
        self.loss_fn, self.loss_grad = losses.get(loss)
        self.loss = loss.lower()
        if output is None:
            output = "softmax" if self.loss == "cross_entropy" else "sigmoid"
        if not isinstance(output, str):
            raise TypeError(f"output must be an activation name (str) or 'softmax', got {type(output).__name__}")
        if output.lower() != "softmax" and output.lower() not in activations.ACTIVATIONS:
            raise ValueError(f"unknown output {output!r}; choose 'softmax' or one of {sorted(activations.ACTIVATIONS)}")
        self.output = output.lower()
        if self.output != "softmax":
            self.f_out, self.f_out_grad = activations.get(output)
        self._f, self._f_prime = _kernels(self.activation)
        self._f_out, self._f_out_prime = (_softmax, None) if self.output == "softmax" else _kernels(self.output)
        self.init = _name("init", init, INITIALIZERS)
        self.dtype = _float_dtype(dtype)
        self.seed = _seed(seed)
        self.rng = np.random.default_rng(self.seed)
        self._pack(*self._initial_parameters())
        self.history = {}
        self._optimizer = None

    def __repr__(self):
        return (f"Network({self.sizes}, activation={self.activation!r}, loss={self.loss!r}, "
                f"output={self.output!r}, init={self.init!r}, dtype={self.dtype.name})")

    def _initial_parameters(self):
        weights, biases = [], []
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:]):
            if self.init == "glorot":
                limit = np.sqrt(6 / (fan_in + fan_out))
                w = self.rng.uniform(-limit, limit, size=(fan_out, fan_in))
            else:
                std = {"standard": 1.0, "scaled": 1 / np.sqrt(fan_in), "he": np.sqrt(2 / fan_in)}[self.init]
                w = std * self.rng.standard_normal((fan_out, fan_in))
            b = self.rng.standard_normal(fan_out) if self.init in ("standard", "scaled") else np.zeros(fan_out)
            weights.append(w.astype(self.dtype))
            biases.append(b.astype(self.dtype))
        return weights, biases

    def _views(self, flat):
        """``flat`` (one entry per parameter) cut into arrays shaped like ``weights`` then ``biases``: views, no copies."""
        shapes = [(fan_out, fan_in) for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:])]
        shapes += [(fan_out,) for fan_out in self.sizes[1:]]
        ends = np.cumsum([int(np.prod(shape)) for shape in shapes])
        return [flat[end - int(np.prod(shape)):end].reshape(shape) for shape, end in zip(shapes, ends)]

    def _pack(self, weights, biases):
        """Copy the parameters into one flat vector theta; ``weights`` and ``biases`` become views into it."""
        layers = len(self.sizes) - 1
        if len(weights) != layers or len(biases) != layers:
            raise ValueError(f"weights and biases must hold {layers} arrays each, got {len(weights)} and {len(biases)}")
        params = list(weights) + list(biases)
        theta = np.empty(sum((fan_in + 1) * fan_out for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:])),
                         self.dtype)
        views = self._views(theta)
        for i, (view, p) in enumerate(zip(views, params)):
            name = f"weights[{i}]" if i < len(weights) else f"biases[{i - len(weights)}]"
            if np.shape(p) != view.shape:
                raise ValueError(f"{name} must have shape {view.shape}, got {np.shape(p)}")
            view[...] = p
        self._theta = theta
        self.weights, self.biases = views[:layers], views[layers:]

    def _parameter_vector(self):
        """theta, after packing again if ``weights`` or ``biases`` were given new arrays (or the network was copied)."""
        theta = self._theta
        if not all(p.base is theta for p in self.weights + self.biases):
            self._pack(self.weights, self.biases)
        return self._theta

    @property
    def num_parameters(self) -> int:
        """The number of trainable numbers (all weights and biases)."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    # ------------------------------------------------------------------
    # Checks at the boundary
    # ------------------------------------------------------------------
    def _inputs(self, X, name="X"):
        X = np.asarray(X)
        if X.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold real numbers, got dtype {X.dtype}")
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"{name} must have shape (n, {self.sizes[0]}) (one sample per row), got {X.shape}")
        _finite(name, X)
        return X.astype(self.dtype, copy=False)

    def _targets(self, Y, n, name="Y"):
        Y = np.asarray(Y)
        k = self.sizes[-1]
        if k == 1 and Y.shape == (n,):  # one output unit: one target number per sample
            Y = Y.reshape(n, 1)
        if Y.ndim == 1 and Y.shape == (n,):
            if Y.dtype.kind not in "iu":
                raise TypeError(f"{name} given as labels (shape ({n},)) must hold integers, got dtype {Y.dtype}")
            if n and (Y.min() < 0 or Y.max() >= k):
                raise ValueError(f"{name} labels must lie in 0..{k - 1} for {k} outputs, got {Y.min()}..{Y.max()}")
            return np.eye(k, dtype=self.dtype)[Y]
        if Y.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold real numbers, got dtype {Y.dtype}")
        if Y.shape != (n, k):
            raise ValueError(f"{name} must have shape ({n}, {k}) (one-hot) or ({n},) (integer labels), got {Y.shape}")
        _finite(name, Y)
        return Y.astype(self.dtype, copy=False)

    # ------------------------------------------------------------------
    # Feed forward
    # ------------------------------------------------------------------
    def forward(self, X):
        """Feed ``X`` (n, sizes[0]) forward, keeping what backpropagation needs.

        Returns
        -------
        zs : list of arrays, ``zs[l]`` of shape (n, sizes[l + 1]): weighted inputs
        acts : list of arrays, ``acts[0] = X`` and ``acts[l + 1] = f(zs[l])``
        """
        return self._forward(self._inputs(X))

    def _forward(self, a):
        """``forward`` on a checked array (of the network's dtype)."""
        zs, acts = [], [a]
        last = len(self.weights) - 1
        with _exp_may_overflow():
            for l, (w, b) in enumerate(zip(self.weights, self.biases)):
                z = a @ w.T + b
                a = self._f_out(z) if l == last else self._f(z)
                zs.append(z)
                acts.append(a)
        return zs, acts

    def predict(self, X, batch_size=4096):
        """Output activations for ``X`` (n, sizes[0]): an array of shape (n, sizes[-1]).

        Evaluated ``batch_size`` rows (a positive int) at a time, so large inputs need little memory.
        """
        batch_size = _positive_int("batch_size", batch_size)
        return self._predict(self._inputs(X), batch_size)

    def _predict(self, X, batch_size=4096):
        """``predict`` on a checked array (X of the network's dtype), for callers that checked it."""
        out = np.empty((len(X), self.sizes[-1]), dtype=self.dtype)
        for k in range(0, len(X), batch_size):
            out[k:k + batch_size] = self._forward(X[k:k + batch_size])[1][-1]
        return out

    @staticmethod
    def _labels(A):
        """Class of each row of outputs or one-hot targets A (n, k); with k = 1, whether A > 0.5."""
        return (A[:, 0] > 0.5).astype(np.intp) if A.shape[1] == 1 else A.argmax(axis=1)

    def predict_labels(self, X):
        """The class with the largest output for each sample (for one output unit: output > 0.5), shape (n,)."""
        return self._labels(self.predict(X))

    def accuracy(self, X, Y) -> float:
        """The fraction of samples classified right (Y one-hot, or integer labels of shape (n,))."""
        X = self._inputs(X)
        Y = self._targets(Y, len(X))
        return float(np.mean(self._labels(self._predict(X)) == self._labels(Y)))

    def cost(self, X, Y, *, l2=0.0, l1=0.0, n_train=None) -> float:
        """The loss on (X, Y) plus the regularization terms (module docstring).

        ``n_train`` is N in lambda/(2N) sum w^2 and lambda/N sum |w|; it defaults to ``len(X)``.
        """
        l2 = _number("l2", l2, 0, np.inf)
        l1 = _number("l1", l1, 0, np.inf)
        if n_train is not None:
            n_train = _positive_int("n_train", n_train)
        X = self._inputs(X)
        Y = self._targets(Y, len(X))
        c = float(self.loss_fn(Y, self._predict(X)))
        n = len(X) if n_train is None else n_train
        c += l2 / (2 * n) * sum(float(np.sum(np.square(w, dtype=np.float64))) for w in self.weights)
        c += l1 / n * sum(float(np.sum(np.abs(w), dtype=np.float64)) for w in self.weights)
        return c

    # ------------------------------------------------------------------
    # Backpropagation
    # ------------------------------------------------------------------
    def backprop(self, X, Y, *, dropout=0.0):
        """Gradients of the loss (without regularization) on the batch (X, Y).

        Parameters
        ----------
        X : array (n, sizes[0])
        Y : array (n, sizes[-1]) one-hot, or integer labels (n,)
        dropout : float in [0, 1)
            Fraction of each hidden layer's units set to 0 in this pass (drawn
            with the network's generator); the kept ones are scaled by
            1/(1 - dropout) ("inverted dropout"), so prediction needs no change.

        Returns
        -------
        grad_w, grad_b : lists shaped like ``weights`` and ``biases``
        """
        X = self._inputs(X)
        Y = self._targets(Y, len(X))
        dropout = _number("dropout", dropout, 0, 1)
        return self._backprop(X, Y, dropout)

    def _backprop(self, X, Y, dropout):
        """``backprop`` on checked arrays (X and Y of the network's dtype)."""
        self._parameter_vector()  # the parameters as views of theta, of the network's dtype
        grad_w = [np.empty_like(w) for w in self.weights]
        grad_b = [np.empty_like(b) for b in self.biases]
        with _exp_may_overflow():
            buf = _Buffers(self.sizes, len(X), self.dtype).bind(self.weights, self.biases)
            self._gradient(X, Y, dropout, buf, grad_w, grad_b)
        return grad_w, grad_b

    def _output_delta(self, z, a, Y, out, work, mean=True):
        """delta_L = dC/dz of the output layer (dC/da * f'(z)), into ``out`` where possible.

        Returns ``(delta, owed)``: with ``mean=False`` the quadratic and the
        softmax cross-entropy deltas are left as sums over the batch, and
        ``owed`` = 1/n is the factor the caller still has to apply (the SGD
        step folds it into its learning rate); otherwise ``owed`` is 1.
        """
        if self.output == "softmax":
            if self.loss != "cross_entropy":
                return _softmax_backward(a, self.loss_grad(Y, a)), 1
            delta = np.subtract(a, Y, out)  # n dC/dz = a - Y: the softmax Jacobian cancels the 1/a of the log
        elif self.loss == "quadratic":
            delta = np.subtract(a, Y, out)  # n dC/da = a - Y, the quadratic cost's gradient
            delta *= self._f_out_prime(z, a, work)
        else:
            delta = self.loss_grad(Y, a)  # (the public gradient, with its 1/n)
            delta *= self._f_out_prime(z, a, work)
            return delta, 1
        if not mean:
            return delta, 1 / len(a)
        delta /= len(a)
        return delta, 1

    def _gradient(self, X, Y, dropout, buf, grad_w, grad_b, sgd=None):
        """Backpropagation on the batch (X, Y): dC/dW_l into ``grad_w[l]`` and dC/db_l into ``grad_b[l]``.

        No input checks (``fit`` and ``backprop`` made them); ``buf`` is a
        :class:`_Buffers` for ``len(X)`` samples, bound to the parameters.
        With ``sgd = (gemv, alpha, beta)`` the gradients are not stored: each
        layer's parameters take the SGD step W <- beta W + alpha dC/dW (one
        gemm) and b <- b + alpha dC/db (one gemv) at once, after the layer
        below got its delta from the old W.
        """
        # Feed forward, keeping every z and a (and, with dropout, each mask and f(z)).  Each layer is
        # z = a W^T + b in two BLAS calls, in Fortran order z^T = b 1^T, then z^T <- W a^T + z^T
        # (numpy would broadcast b over the rows, which costs more than the product at 10 x 30).
        # (The names are looked up once: at 10 samples a batch, Python's overhead is a good part of the step.)
        gemm, ones_row, ones, f, dot = buf.gemm, buf.ones_row, buf.ones, self._f, np.dot
        layers = buf.layers
        last = len(layers) - 1
        a, acts, dropped = X, [X], []
        for l, (_, wT, _, b_row, z, zT, out, work, _) in enumerate(layers):
            gemm(1.0, b_row, ones_row, 0.0, zT, 1, 0, 1)  # alpha, a, b, beta, c, trans_a, trans_b, overwrite_c
            gemm(1.0, wT, a.T, 1.0, zT, 1, 0, 1)
            if l == last:
                a = self._f_out(z, out, work)
            else:
                a = f(z, out, work)
                if dropout:
                    mask = (self.rng.random(a.shape, dtype=self.dtype) >= dropout) / self.dtype.type(1 - dropout)
                    dropped.append((mask, a))
                    a = a * mask
            acts.append(a)
        # Backpropagate delta = dC/dz from the output to the first layer.
        delta, owed = self._output_delta(z, a, Y, layers[last].delta, work, mean=sgd is None)
        if sgd is not None:
            gemv, alpha, beta = sgd
            alpha *= owed  # delta may be n dC/dz: the step then takes the 1/n with its rate
        f_prime = self._f_prime
        for l in range(last, -1, -1):
            layer = layers[l]
            below = dot(delta, layer.w, layers[l - 1].delta) if l else None  # dC/da of the layer below (old W_l)
            a = acts[l]
            if sgd is None:
                dot(delta.T, a, grad_w[l])  # dC/dW_l = delta_l^T a_{l-1}
                dot(ones, delta, grad_b[l])  # dC/db_l = the sum of delta_l over the batch
            else:  # the SGD step in place: W^T <- alpha a^T delta + beta W^T, b <- alpha delta^T 1 + b
                gemm(alpha, a.T, delta.T, beta, layer.wT, 0, 1, 1)
                gemv(alpha, delta.T, ones, 1.0, layer.b, 0, 1, 0, 1, 0, 1)  # alpha, a, x, beta, y, offx, incx, offy, incy, trans, overwrite_y
            if l:
                delta, f_z = below, a
                if dropout:  # that layer's output was f(z) * mask
                    mask, f_z = dropped[l - 1]
                    delta *= mask
                delta *= f_prime(layers[l - 1].z, f_z, layers[l - 1].work)  # delta_{l-1} = dC/da * f'(z)

    # ------------------------------------------------------------------
    # Training
    # ------------------------------------------------------------------
    def fit(self, X, Y, epochs, batch_size, lr, *, optimizer="sgd", momentum=0.9, betas=(0.9, 0.999), eps=1e-8,
            l2=0.0, l1=0.0, dropout=0.0, validation_data=None, shuffle=True, track_training=True,
            progress=None, callback=None):
        """Train by mini-batch gradient descent; return ``self.history``.

        Parameters
        ----------
        X : array (n, sizes[0])
        Y : array (n, sizes[-1]) one-hot, or integer labels (n,); with one
            output unit, the targets as shape (n, 1) or (n,)
        epochs : int
            Passes over the training set.
        batch_size : int
            Samples per gradient step (the last batch of an epoch may be smaller).
        lr : float
            The learning rate eta.
        optimizer : ``"sgd"``, ``"momentum"`` or ``"adam"``
            sgd: w <- w - eta g.  momentum: v <- mu v - eta g, then w <- w + v.
            adam: w <- w - eta m_hat / (sqrt(s_hat) + eps), with m and s the
            running means of g and g^2 and the hats their bias corrections.
            The optimizer's state (velocities, moments) carries over to the
            next ``fit`` call as long as its settings stay the same.
        momentum : float in [0, 1)
            mu of ``"momentum"``.
        betas, eps : Adam's two decay rates and its small constant.
        l2, l1 : float >= 0
            lambda of the L2 term lambda/(2N) sum w^2 and of the L1 term
            lambda/N sum |w| (N = len(X)).
        dropout : float in [0, 1)
            Fraction of hidden units dropped at each training step.
        validation_data : pair (X_val, Y_val), optional
            Evaluated after each epoch into ``val_loss`` and ``val_accuracy``.
        shuffle : bool
            Visit the training samples in a new random order each epoch.
        track_training : bool
            Evaluate loss and accuracy on the whole training set after each
            epoch (one extra forward pass, not counted in ``seconds``).
        progress : lecturekit.progress.TrainingProgress, optional
            Told about the batches (throttled) and each finished epoch.
        callback : callable, optional
            Called as ``callback(epoch, logs)`` after each epoch, e.g. to redraw a live plot.
        """
        X = self._inputs(X)
        Y = self._targets(Y, len(X))
        n = len(X)
        if n == 0:
            raise ValueError("X must hold at least one sample, got 0 rows")
        epochs = _positive_int("epochs", epochs)
        batch_size = _positive_int("batch_size", batch_size)
        lr = _number("lr", lr, 0, np.inf, lo_open=True)
        dropout = _number("dropout", dropout, 0, 1)
        l2 = _number("l2", l2, 0, np.inf)
        l1 = _number("l1", l1, 0, np.inf)
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError(f"validation_data must be a pair (X_val, Y_val), got {type(validation_data).__name__}")
            X_val = self._inputs(validation_data[0], "X_val")
            Y_val = self._targets(validation_data[1], len(X_val), "Y_val")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable as callback(epoch, logs), got {type(callback).__name__}")
        if progress is not None and not (callable(getattr(progress, "batch", None))
                                         and callable(getattr(progress, "update", None))):
            raise TypeError("progress must be a TrainingProgress (or an object with callable batch and update "
                            f"methods), got {type(progress).__name__}; make one with "
                            "lecturekit.progress.TrainingProgress(epochs)")
        optimizer = _name("optimizer", optimizer, OPTIMIZERS)
        step = self._get_optimizer(optimizer, lr, momentum, betas, eps)
        # Plain SGD (with or without L2) updates each layer in place in BLAS; the sign of L1 needs the gradient.
        fused = optimizer == "sgd" and not l1

        # All parameters in one vector theta, their gradients in one vector grad: grad_w[l] and
        # grad_b[l] are views into grad, as weights[l] and biases[l] are into theta.
        grad = np.empty(self.num_parameters, self.dtype)
        views = self._views(grad)
        grad_w, grad_b = views[:len(self.weights)], views[len(self.weights):]
        num_weights = sum(w.size for w in self.weights)  # theta holds the weights first, then the biases
        grad_theta_w = grad[:num_weights]
        penalty = np.empty(num_weights, self.dtype) if (l2 or l1) else None
        shrink_l2, shrink_l1 = self.dtype.type(l2 / n), self.dtype.type(l1 / n)
        buffers = {}  # batch size -> _Buffers (the last batch of an epoch may be smaller)
        num_batches = -(-n // batch_size)
        report_every = max(1, num_batches // 50)
        for epoch in range(epochs):
            start = time.perf_counter()
            theta = self._parameter_vector()  # (a callback may have given weights or biases new arrays)
            theta_w = theta[:num_weights]
            for buf in buffers.values():
                buf.bind(self.weights, self.biases)
            sgd = None
            if fused:  # W <- (1 - eta lambda/N) W - eta dC/dW: alpha and beta of gemm
                gemm, gemv = _blas(self.dtype)
                _check_in_place(gemm, gemv, self.weights, self.biases)
                sgd = (gemv, -lr, 1.0 - lr * l2 / n)
            order = self.rng.permutation(n) if shuffle else None
            with _exp_may_overflow():
                for i, k in enumerate(range(0, n, batch_size)):
                    if order is None:
                        x, y = X[k:k + batch_size], Y[k:k + batch_size]
                    else:
                        batch = order[k:k + batch_size]
                        x, y = X.take(batch, axis=0), Y.take(batch, axis=0)  # (as X[batch], a little faster)
                    buf = buffers.get(len(x)) or buffers.setdefault(
                        len(x), _Buffers(self.sizes, len(x), self.dtype).bind(self.weights, self.biases))
                    self._gradient(x, y, dropout, buf, grad_w, grad_b, sgd)
                    if sgd is None:
                        if l2:  # + lambda/N w
                            grad_theta_w += np.multiply(shrink_l2, theta_w, out=penalty)
                        if l1:  # + lambda/N sign(w)
                            grad_theta_w += np.multiply(shrink_l1, np.sign(theta_w, out=penalty), out=penalty)
                        step(theta, grad)
                    if progress is not None and i % report_every == 0:
                        progress.batch(epoch, (i + 1) / num_batches)
            logs = {"seconds": time.perf_counter() - start}
            if track_training:
                out = self._predict(X)
                logs["loss"] = float(self.loss_fn(Y, out))
                logs["accuracy"] = float(np.mean(self._labels(out) == self._labels(Y)))
            if validation_data is not None:
                out = self._predict(X_val)
                logs["val_loss"] = float(self.loss_fn(Y_val, out))
                logs["val_accuracy"] = float(np.mean(self._labels(out) == self._labels(Y_val)))
            for key, value in logs.items():
                self.history.setdefault(key, []).append(value)
            if progress is not None:
                progress.update(epoch, **{k: v for k, v in logs.items() if k != "seconds"})
            if callback is not None:
                callback(epoch, logs)
        return self.history

    def _get_optimizer(self, name, lr, momentum, betas, eps):
        """The optimizer's ``step(theta, grad)``, which updates the parameter vector ``theta`` in place.

        ``grad`` is scratch: the step may overwrite it.  The optimizer (and its
        state) is kept for the next ``fit`` as long as the settings stay the same.
        """
        momentum = _number("momentum", momentum, 0, 1)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        b1, b2 = (_number(f"betas[{i}]", b, 0, 1) for i, b in enumerate(betas))
        eps = _number("eps", eps, 0, np.inf, lo_open=True)
        settings = (name, lr, momentum, b1, b2, eps)
        if self._optimizer is not None and self._optimizer[0] == settings:
            return self._optimizer[1].step
        size = sum(w.size + b.size for w, b in zip(self.weights, self.biases))
        if name == "sgd":
            optimizer = _SGD(lr, self.dtype)
        elif name == "momentum":
            optimizer = _Momentum(lr, momentum, size, self.dtype)
        else:
            optimizer = _Adam(lr, b1, b2, eps, size, self.dtype)
        self._optimizer = (settings, optimizer)
        return optimizer.step


# ----------------------------------------------------------------------
# Optimizers: each updates the parameter vector theta in place, given the
# gradient vector grad (which it may overwrite), and keeps its own state.
# ----------------------------------------------------------------------
class _SGD:
    """theta <- theta - eta grad."""

    def __init__(self, lr, dtype):
        self.lr = dtype.type(lr)

    def step(self, theta, grad):
        grad *= self.lr
        theta -= grad


class _Momentum:
    """v <- mu v - eta grad, then theta <- theta + v (v, the velocity, starts at 0)."""

    def __init__(self, lr, momentum, size, dtype):
        self.lr, self.mu = dtype.type(lr), dtype.type(momentum)
        self.velocity = np.zeros(size, dtype)

    def step(self, theta, grad):
        self.velocity *= self.mu
        grad *= self.lr
        self.velocity -= grad
        theta += self.velocity


class _Adam:
    """theta <- theta - eta m_hat / (sqrt(s_hat) + eps).

    m and s are the running means of g and g^2 (decay rates b1 and b2), and
    m_hat = m / (1 - b1^t), s_hat = s / (1 - b2^t) their bias corrections after t steps.
    """

    def __init__(self, lr, b1, b2, eps, size, dtype):
        self.t = dtype.type
        self.lr, self.b1, self.b2, self.eps = lr, b1, b2, eps
        self.m = np.zeros(size, dtype)  # running mean of g
        self.s = np.zeros(size, dtype)  # running mean of g^2
        self.count = 0
        self.work, self.root = np.empty(size, dtype), np.empty(size, dtype)

    def step(self, theta, grad):
        t, b1, b2, m, s, work, root = self.t, self.b1, self.b2, self.m, self.s, self.work, self.root
        self.count += 1
        c1, c2 = t(1 - b1 ** self.count), t(1 - b2 ** self.count)  # bias corrections
        m *= t(b1)  # m <- b1 m + (1 - b1) g
        m += np.multiply(t(1 - b1), grad, out=work)
        s *= t(b2)  # s <- b2 s + (1 - b2) g^2
        s += np.multiply(t(1 - b2), np.multiply(grad, grad, out=work), out=work)
        update = np.multiply(t(self.lr), np.divide(m, c1, out=work), out=work)  # eta m_hat
        denominator = np.sqrt(np.divide(s, c2, out=root), out=root)  # sqrt(s_hat) + eps
        denominator += t(self.eps)
        update /= denominator
        theta -= update
