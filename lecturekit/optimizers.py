"""Optimizers: how a gradient becomes a step, each update rule written once.

An optimizer updates a list of parameter arrays, in place, from a list of
gradients of the same shapes (g = ∂C/∂w for each parameter array w)::

    opt = Adam(lr=1e-3)
    for x, y in batches:
        grads_W, grads_b = net.backprop(x, y)
        opt.step(net.weights + net.biases, grads_W + grads_b)

Each optimizer keeps its state (velocities, moments) between steps, one
array per parameter array, made at the first step; so one optimizer object
serves one list of parameters.  ``lecturekit.network.Network.fit`` trains
with these classes, and ``lecturekit.descent.descend`` runs them on a 2-D
loss surface, where their paths can be drawn.

=============  ====================================================================
``SGD``        w ← w − η g
``Momentum``   v ← μ v − η g;  w ← w + v
``Adam``       m ← β₁ m + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;
               w ← w − η m̂ / (√ŝ + ε),  m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ) after t steps
=============  ====================================================================
"""
from __future__ import annotations

import numpy as np

from . import validate


# --------------------------------------------------------------------------
# Argument checks (the messages name the argument, the expected and the given)
# --------------------------------------------------------------------------
def _betas(value) -> tuple[float, float]:
    """Adam's pair of decay rates, each in [0, 1)."""
    pair = isinstance(value, (tuple, list)) and len(value) == 2
    if not (pair and all(validate.is_number(b) and 0 <= b < 1 for b in value)):
        raise ValueError(f"betas must be a pair (beta1, beta2) in [0, 1), got {value!r}")
    return float(value[0]), float(value[1])


def _check_lists(params, grads):
    """Raise unless ``params`` and ``grads`` are equally long lists of arrays of matching shapes."""
    if isinstance(params, (list, tuple)) and isinstance(grads, (list, tuple)) and len(params) == len(grads):
        for p, g in zip(params, grads):  # (the quick test, made at every step; the loop below says what is wrong)
            if not (isinstance(p, np.ndarray) and isinstance(g, np.ndarray) and p.shape == g.shape):
                break
        else:
            return
    for name, arrays in (("params", params), ("grads", grads)):
        if not isinstance(arrays, (list, tuple)):
            raise TypeError(f"{name} must be a list of arrays, got {type(arrays).__name__}")
    if len(params) != len(grads):
        raise ValueError(f"grads must hold one array per parameter array, got {len(grads)} for {len(params)}")
    for i, (p, g) in enumerate(zip(params, grads)):
        if not isinstance(p, np.ndarray):
            raise TypeError(f"params[{i}] must be a numpy array (it is updated in place), got {type(p).__name__}")
        if np.shape(g) != p.shape:
            raise ValueError(f"grads[{i}] must have the shape of params[{i}], {p.shape}, got {np.shape(g)}")
        if not isinstance(g, np.ndarray):
            raise TypeError(f"grads[{i}] must be a numpy array, got {type(g).__name__}")


# --------------------------------------------------------------------------
# The optimizers
# --------------------------------------------------------------------------
class Optimizer:
    """What every optimizer shares: :meth:`step` checks its two lists, then applies the rule of ``update``.

    ``Network.fit``, which builds the lists itself, calls ``update`` directly,
    so a training step does not repeat the checks.
    """

    def step(self, params, grads):
        """Update each array of ``params`` in place from the gradient of the same index in ``grads``."""
        _check_lists(params, grads)
        self.update(params, grads)


class SGD(Optimizer):
    """Plain gradient descent: w ← w − η g, a step against the gradient.

    Parameters
    ----------
    lr : float > 0
        The learning rate η.
    """

    def __init__(self, lr):
        self.lr = validate.positive(lr, "lr")

    def update(self, params, grads):
        """The update rule on lists known to match (:meth:`Optimizer.step` checks them first)."""
        for w, g in zip(params, grads):
            w -= self.lr * g  # w ← w − η g


class Momentum(Optimizer):
    """Gradient descent with momentum: v ← μ v − η g, then w ← w + v.

    The velocity v (one array per parameter array, 0 at the start) remembers
    past steps: along a direction where the gradient keeps its sign the steps
    grow up to η / (1 − μ) times the gradient; across a valley, where it
    flips, they cancel.

    Parameters
    ----------
    lr : float > 0
        The learning rate η.
    momentum : float in [0, 1)
        μ, the fraction of the velocity kept from step to step (0: plain SGD).
    """

    def __init__(self, lr, momentum=0.9):
        self.lr = validate.positive(lr, "lr")
        self.momentum = validate.fraction(momentum, "momentum", closed=False)
        self.velocities = None

    def update(self, params, grads):
        """The update rule on lists known to match (:meth:`Optimizer.step` checks them first)."""
        if self.velocities is None:
            self.velocities = [np.zeros_like(w) for w in params]
        for w, g, v in zip(params, grads, self.velocities):
            v *= self.momentum
            v -= self.lr * g  # v ← μ v − η g
            w += v  # w ← w + v


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2015): a step of about η in every coordinate, whatever the gradient's scale.

    With m and s the running means of g and g² (decay rates β₁ and β₂, both
    0 at the start), and after t steps their bias corrections
    m̂ = m / (1 − β₁ᵗ) and ŝ = s / (1 − β₂ᵗ)::

        m ← β₁ m + (1 − β₁) g
        s ← β₂ s + (1 − β₂) g²
        w ← w − η m̂ / (√ŝ + ε)

    Parameters
    ----------
    lr : float > 0
        The learning rate η, usually about 1e-3.
    betas : pair of floats in [0, 1)
        β₁ and β₂.
    eps : float > 0
        ε, keeps the division finite where ŝ is 0.
    """

    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8):
        self.lr = validate.positive(lr, "lr")
        self.betas = _betas(betas)
        self.eps = validate.positive(eps, "eps")
        self.t = 0  # steps taken
        self.m = self.s = None

    def update(self, params, grads):
        """The update rule on lists known to match (:meth:`Optimizer.step` checks them first)."""
        if self.m is None:
            self.m = [np.zeros_like(w) for w in params]
            self.s = [np.zeros_like(w) for w in params]
        b1, b2 = self.betas
        self.t += 1
        for w, g, m, s in zip(params, grads, self.m, self.s):
            m *= b1
            m += (1 - b1) * g  # m ← β₁ m + (1 − β₁) g
            s *= b2
            s += (1 - b2) * g * g  # s ← β₂ s + (1 − β₂) g²
            m_hat = m / (1 - b1**self.t)
            s_hat = s / (1 - b2**self.t)
            w -= self.lr * m_hat / (np.sqrt(s_hat) + self.eps)  # w ← w − η m̂ / (√ŝ + ε)


#: name -> optimizer class, the names ``Network.fit`` accepts.
OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make(name, lr, *, momentum=0.9, betas=(0.9, 0.999), eps=1e-8):
    """The optimizer called ``name`` (see :data:`OPTIMIZERS`) with these settings.

    Every setting is checked, also those the chosen optimizer does not use,
    so that a wrong one is never silently ignored.
    """
    kind = OPTIMIZERS[validate.choice(name, "optimizer", OPTIMIZERS)]
    lr, eps = validate.positive(lr, "lr"), validate.positive(eps, "eps")
    momentum, betas = validate.fraction(momentum, "momentum", closed=False), _betas(betas)
    if kind is SGD:
        return SGD(lr)
    if kind is Momentum:
        return Momentum(lr, momentum)
    return Adam(lr, betas, eps)
