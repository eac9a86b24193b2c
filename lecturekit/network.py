"""A fully connected network in plain numpy, trained by mini-batch gradient descent.

The reference network of the lectures (notebooks 04 and 05): the network of
Nielsen's book, vectorized over the mini-batch, so that a layer costs one
matrix product per batch instead of a Python loop over its samples.

Conventions (the lecture's notation, with one sample per *row*):

* a batch ``X`` has shape ``(n, sizes[0])``; it is a⁰, the input layer's activations;
* lists count from 0: ``weights[l]`` is the W of layer l + 1, of shape
  ``(sizes[l + 1], sizes[l])`` (row j holds the weights *into* unit j), and
  ``biases[l]`` its b, of shape ``(sizes[l + 1],)``;
* each layer computes z = a W.T + b from its input a, and then a = σ(z), both
  of shape ``(n, sizes[l + 1])``: for one sample as a column, the slide's
  z = W a + b;
* the cost C is the mean over the batch of the per-sample loss (for
  ``"quadratic"``: C = 1/(2n) Σₓ ‖y(x) − aᴸ(x)‖², the book's cost), plus
  optional regularization λ/(2N) Σ w² (L2) and λ/N Σ |w| (L1), N the size of
  the training set; biases are not regularized.

Backpropagation, with the errors δˡ = ∂C/∂zˡ of shape ``(n, sizes[l])``, one
row per sample (the 1/n of the mean is inside the loss gradient ∇ₐC)::

    BP1  δᴸ = ∇ₐC ⊙ σ′(zᴸ)
    BP2  δˡ = (δˡ⁺¹ Wˡ⁺¹) ⊙ σ′(zˡ)
    BP3  ∂C/∂bˡ = Σ over the batch of δˡ     (the sum of the rows of δˡ)
    BP4  ∂C/∂Wˡ = δˡᵀ aˡ⁻¹                   shape (sizes[l], sizes[l - 1])

These are the slide's δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ) and ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ,
with the samples as rows instead of columns: the sum over the batch of the
per-sample gradients happens inside the matrix product of BP4.  A softmax
output with the cross-entropy loss has δᴸ = (aᴸ − y) / n.

:func:`feedforward` and :func:`backpropagate` are these equations, exactly as
notebook 04 shows them (it prints their source): ``Network`` runs them with
the activation functions and derivatives of :mod:`lecturekit.activations`,
the loss gradients of :mod:`lecturekit.losses` (their ``UNCHECKED`` forms: the
same numbers, without the input checks at every step, since the network
checks its arrays once) and the optimizers of :mod:`lecturekit.optimizers`.
"""
from __future__ import annotations

import functools
import time

import numpy as np

from . import activations as activation_functions
from . import losses, optimizers, validate

INITIALIZERS = ("standard", "scaled", "glorot", "he")
_FIX_NON_FINITE = "drop or fill in the samples with missing or infinite values"


def feedforward(weights, biases, X, sigmas):
    """Every layer's weighted input z and activation a, for a batch X of shape (n, sizes[0]).

    ``sigmas[l]`` is the activation function σ of the layer of ``weights[l]``
    (the output layer's may differ from the hidden layers').  Returns the
    lists ``zs``, where ``zs[l]`` is that layer's z, and ``acts``, where
    ``acts[0]`` is X and ``acts[l + 1]`` is that layer's a: one row per sample.
    """
    a, zs, acts = X, [], [X]
    for W, b, sigma in zip(weights, biases, sigmas):
        zs.append(a @ W.T + b)  # z = W a + b for every sample (a row of a)
        a = sigma(zs[-1])  # a = σ(z)
        acts.append(a)
    return zs, acts


def backpropagate(weights, zs, acts, delta, sigma_grads):
    """∂C/∂W and ∂C/∂b of every layer, from the output layer's error ``delta`` (δᴸ, BP1).

    ``zs`` and ``acts`` are :func:`feedforward`'s; ``sigma_grads[l]`` is σ′,
    the derivative of ``sigmas[l]`` (the output layer's is not needed: δᴸ
    holds it).  Returns the lists ``grads_W`` and ``grads_b``, shaped like
    ``weights`` and the biases.
    """
    grads_W, grads_b = [], []
    for l in range(len(weights) - 1, -1, -1):  # from the output layer back to the first
        grads_W.insert(0, delta.T @ acts[l])  # BP4: ∂C/∂W = δ aᵀ (a: the layer's input), summed over the batch
        grads_b.insert(0, delta.sum(axis=0))  # BP3: ∂C/∂b = δ, summed over the batch
        if l > 0:
            delta = (delta @ weights[l]) * sigma_grads[l - 1](zs[l - 1])  # BP2: δ of the layer before
    return grads_W, grads_b


def _dropped(f, mask, z):
    """f(z) ⊙ mask: a dropped unit's activation (and derivative) is 0, a kept one's f(z) / (1 − dropout)."""
    return f(z) * mask


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
    weights, biases : lists of arrays, W¹, W², ... and b¹, b², ... (shapes
        in the module docstring).  They may be changed in place or replaced
        by arrays of the same shapes.
    history : dict of lists, one entry per trained epoch: ``seconds`` (the
        epoch's training time), ``loss`` and ``accuracy`` on the training set,
        ``val_loss`` and ``val_accuracy`` when validation data is given.  The
        losses are the data term of the cost, without regularization.
    """

    def __init__(self, sizes, activation="sigmoid", loss="quadratic", *, output=None, init="standard", seed=0,
                 dtype=np.float32):
        self.sizes = validate.layer_sizes(sizes, "sizes", "[784, 30, 10]")
        self.activation = validate.choice(activation, "activation", sorted(activation_functions.ACTIVATIONS),
                                          activation_functions.HINTS)
        self.sigma, self.sigma_grad = activation_functions.UNCHECKED[self.activation]  # σ(z) and σ′(z)
        self.loss = validate.choice(loss, "loss", sorted(losses.LOSSES), losses.HINTS)
        self.loss_fn, self.loss_grad = losses.get(self.loss)[0], losses.UNCHECKED[self.loss]
        output = ("softmax" if self.loss == "cross_entropy" else "sigmoid") if output is None else output
        self.output = validate.choice(output, "output", ["softmax", *sorted(activation_functions.ACTIVATIONS)])
        pairs = {"softmax": (activation_functions.softmax, None), **activation_functions.UNCHECKED}
        self.sigma_out, self.sigma_out_grad = pairs[self.output]  # (softmax's σ′ is inside its BP1: _output_delta)
        self.init = validate.choice(init, "init", INITIALIZERS)
        self.dtype = validate.float_dtype(dtype, "dtype", "use np.float32 (fast) or np.float64 (for gradient checks)")
        self.seed = validate.non_negative_int(seed, "seed")
        self.rng = np.random.default_rng(self.seed)
        self.weights, self.biases = self._initial_parameters()
        self.history = {}
        self._optimizer = None  # (settings, optimizer): its state carries over to the next fit with the same settings

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

    @property
    def num_parameters(self) -> int:
        """The number of trainable numbers (all weights and biases)."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    # ------------------------------------------------------------------
    # Feed forward
    # ------------------------------------------------------------------
    def forward(self, X):
        """Feed ``X`` (n, sizes[0]) forward, keeping what backpropagation needs.

        Returns
        -------
        zs : list of arrays, ``zs[l]`` = z of the layer of ``weights[l]``, shape (n, sizes[l + 1])
        acts : list of arrays, ``acts[0]`` = X and ``acts[l + 1]`` = a of that layer, shape (n, sizes[l + 1])
        """
        self._check_parameters()
        X = self._inputs(X)
        with np.errstate(over="ignore"):  # (exp(-z) of the sigmoid overflows to inf for z << 0: σ(z) = 0)
            return feedforward(self.weights, self.biases, X, self._layer_functions()[0])

    def _layer_functions(self, dropout=0.0, n=0):
        """σ of every layer and σ′ of every hidden layer; with ``dropout``, for a batch of n samples, each
        hidden unit dropped with that probability and the kept ones scaled by 1/(1 − dropout) ("inverted
        dropout"): the layer's activation becomes σ(z) ⊙ mask, and its derivative σ′(z) ⊙ mask."""
        hidden = len(self.weights) - 1
        sigmas, sigma_grads = [self.sigma] * hidden + [self.sigma_out], [self.sigma_grad] * hidden
        if dropout:
            for l, size in enumerate(self.sizes[1:-1]):
                mask = (self.rng.random((n, size), dtype=self.dtype) >= dropout) / self.dtype.type(1 - dropout)
                sigmas[l] = functools.partial(_dropped, self.sigma, mask)
                sigma_grads[l] = functools.partial(_dropped, self.sigma_grad, mask)
        return sigmas, sigma_grads

    def predict(self, X, batch_size=4096):
        """Output activations for ``X`` (n, sizes[0]): an array of shape (n, sizes[-1]).

        Evaluated ``batch_size`` rows (a positive int) at a time, so large inputs need little memory.
        """
        batch_size = validate.positive_int(batch_size, "batch_size")
        self._check_parameters()
        return self._predict(self._inputs(X), batch_size)

    def _predict(self, X, batch_size=4096):
        """``predict`` on a checked array."""
        out, sigmas = np.empty((len(X), self.sizes[-1]), dtype=self.dtype), self._layer_functions()[0]
        with np.errstate(over="ignore"):  # (exp(-z) of the sigmoid overflows to inf for z << 0: σ(z) = 0)
            for k in range(0, len(X), batch_size):
                out[k:k + batch_size] = feedforward(self.weights, self.biases, X[k:k + batch_size], sigmas)[1][-1]
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
        self._check_parameters()
        return float(np.mean(self._labels(self._predict(X)) == self._labels(Y)))

    def cost(self, X, Y, *, l2=0.0, l1=0.0, n_train=None) -> float:
        """The loss on (X, Y) plus the regularization terms (module docstring).

        ``n_train`` is N in λ/(2N) Σ w² and λ/N Σ |w|; it defaults to ``len(X)``.
        """
        l2 = validate.positive(l2, "l2", allow_zero=True)
        l1 = validate.positive(l1, "l1", allow_zero=True)
        if n_train is not None:
            n_train = validate.positive_int(n_train, "n_train")
        X = self._inputs(X)
        Y = self._targets(Y, len(X))
        self._check_parameters()
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
        grads_W, grads_b : lists shaped like ``weights`` and ``biases``: ∂C/∂W and ∂C/∂b of every layer
        """
        X = self._inputs(X)
        Y = self._targets(Y, len(X))
        dropout = validate.fraction(dropout, "dropout", closed=False)
        self._check_parameters()
        with np.errstate(over="ignore"):  # (exp(-z) of the sigmoid overflows to inf for z << 0: σ(z) = 0)
            return self._backprop(X, Y, dropout)

    def _backprop(self, X, Y, dropout=0.0):
        """``backprop`` on checked arrays: the four equations, from the output layer back to the first."""
        sigmas, sigma_grads = self._layer_functions(dropout, len(X))
        zs, acts = feedforward(self.weights, self.biases, X, sigmas)
        delta = self._output_delta(zs[-1], acts[-1], Y)  # BP1: δᴸ = ∇ₐC ⊙ σ′(zᴸ)
        return backpropagate(self.weights, zs, acts, delta, sigma_grads)

    def _output_delta(self, z, a, Y):
        """BP1: δᴸ = ∂C/∂zᴸ of the output layer, from its weighted input z, its output a and the targets Y."""
        if self.output != "softmax":
            return self.loss_grad(Y, a) * self.sigma_out_grad(z)
        if self.loss == "cross_entropy":  # softmax's Jacobian cancels the 1/a of the log's gradient
            return (a - Y) / len(a)
        g = self.loss_grad(Y, a)  # dC/da, through softmax's Jacobian da_i/dz_j = a_i (delta_ij - a_j), row by row
        return a * (g - (g * a).sum(axis=1, keepdims=True))

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
            The learning rate η.
        optimizer : ``"sgd"``, ``"momentum"`` or ``"adam"``
            The update rule of :mod:`lecturekit.optimizers` (sgd: w ← w − η g).
            Its state (velocities, moments) carries over to the next ``fit``
            call as long as its settings stay the same.
        momentum : float in [0, 1)
            μ of ``"momentum"``.
        betas, eps : Adam's two decay rates and its small constant.
        l2, l1 : float >= 0
            λ of the L2 term λ/(2N) Σ w² and of the L1 term λ/N Σ |w|
            (N = len(X)).
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
        epochs = validate.positive_int(epochs, "epochs")
        batch_size = validate.positive_int(batch_size, "batch_size")
        dropout = validate.fraction(dropout, "dropout", closed=False)
        l2 = validate.positive(l2, "l2", allow_zero=True)
        l1 = validate.positive(l1, "l1", allow_zero=True)
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError(f"validation_data must be a pair (X_val, Y_val), got {type(validation_data).__name__}")
            X_val = self._inputs(validation_data[0], "X_val")
            Y_val = self._targets(validation_data[1], len(X_val), "Y_val")
        if callback is not None:
            validate.function(callback, "callback", "(epoch, logs), called after each epoch")
        if progress is not None and not (callable(getattr(progress, "batch", None))
                                         and callable(getattr(progress, "update", None))):
            raise TypeError("progress must be a TrainingProgress (or an object with callable batch and update "
                            f"methods), got {type(progress).__name__}; make one with "
                            "lecturekit.progress.TrainingProgress(epochs)")
        update = self._get_optimizer(optimizer, lr, momentum, betas, eps).update  # (the lists below always match)

        num_batches = -(-n // batch_size)
        report_every = max(1, num_batches // 50)
        for epoch in range(epochs):
            self._check_parameters()  # (a callback may have given weights or biases new arrays)
            params = self.weights + self.biases
            start = time.perf_counter()
            order = self.rng.permutation(n) if shuffle else np.arange(n)
            with np.errstate(over="ignore"):  # (exp(-z) of the sigmoid overflows to inf for z << 0: σ(z) = 0)
                for i, k in enumerate(range(0, n, batch_size)):
                    batch = order[k:k + batch_size]  # the rows of this mini-batch (X.take(batch, axis=0): X[batch])
                    grads_W, grads_b = self._backprop(X.take(batch, axis=0), Y.take(batch, axis=0), dropout)
                    if l2 or l1:
                        for W, g in zip(self.weights, grads_W):
                            g += l2 / n * W + l1 / n * np.sign(W)  # the gradient of λ/(2N) Σ w² + λ/N Σ |w|
                    update(params, grads_W + grads_b)  # e.g. sgd: w ← w − η ∂C/∂w for every weight and bias
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

    @property
    def optimizer_settings(self) -> tuple | None:
        """The optimizer the last ``fit`` used, as ``(name, lr, momentum, betas, eps)``; None before any fit."""
        return None if self._optimizer is None else self._optimizer[0]

    def _get_optimizer(self, name, lr, momentum, betas, eps):
        """The optimizer of these settings: the one of the last ``fit`` if they are the same (its state goes on)."""
        optimizer = optimizers.make(name, lr, momentum=momentum, betas=betas, eps=eps)
        settings = (name.lower(), lr, momentum, tuple(betas), eps)
        if self._optimizer is None or self._optimizer[0] != settings:
            self._optimizer = (settings, optimizer)
        return self._optimizer[1]

    # ------------------------------------------------------------------
    # Checks at the boundary
    # ------------------------------------------------------------------
    def _check_parameters(self):
        """Make ``weights`` and ``biases`` arrays of the network's dtype after checking their shapes.

        They may have been replaced (by a callback, or by hand) by arrays of
        another dtype: those are converted once here, not at every step.
        """
        layers = len(self.sizes) - 1
        if len(self.weights) != layers or len(self.biases) != layers:
            raise ValueError(f"weights and biases must hold {layers} arrays each, got "
                             f"{len(self.weights)} and {len(self.biases)}")
        for l, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            for name, params, shape in (("weights", self.weights, (fan_out, fan_in)),
                                        ("biases", self.biases, (fan_out,))):
                if np.shape(params[l]) != shape:
                    raise ValueError(f"{name}[{l}] must have shape {shape}, got {np.shape(params[l])}")
                params[l] = np.ascontiguousarray(params[l], dtype=self.dtype)

    def _inputs(self, X, name="X"):
        X = validate.real(X, name)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"{name} must have shape (n, {self.sizes[0]}) (one sample per row), got {X.shape}")
        validate.finite(X, name, _FIX_NON_FINITE)
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
        validate.real(Y, name)
        if Y.shape != (n, k):
            raise ValueError(f"{name} must have shape ({n}, {k}) (one-hot) or ({n},) (integer labels), got {Y.shape}")
        validate.finite(Y, name, _FIX_NON_FINITE)
        return Y.astype(self.dtype, copy=False)
