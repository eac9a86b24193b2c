"""How a gradient's size changes on its way back through a deep network: vanishing and exploding gradients.

Backpropagation sends the error ``delta = dC/dz`` from the output layer back
to the input, and at every hidden layer multiplies it by the layer's weights
and by the activation's derivative::

    delta = (delta @ W_next) * f_grad(z)        # one line per layer

Each layer therefore scales the gradient by about
``sqrt(n * Var(w)) * RMS(f'(z))``: below 1 it *vanishes* towards the input,
above 1 it *explodes*.  Notebook 02 measures this on MNIST digits with the
helpers here:

* :func:`backward_pass` -- one forward and one backward pass of the
  cross-entropy loss through a plain fully connected network (no biases at
  the start, softmax output), returning every layer's gradient;
* :func:`per_weight_rms` and :func:`layer_factors` -- the numbers to look at:
  the root mean square of ``dC/dW`` per weight in each layer, and the factor by
  which ``delta`` shrinks or grows per layer, predicted and measured;
* :func:`report` and :func:`plot_per_weight` -- the same as a short table and
  as a chart, for several networks side by side.

Shapes: ``X`` is ``(n, n_in)`` (one input per row), ``Y`` is ``(n, k)``
one-hot; a weight matrix is ``(n_out, n_in)``, like ``W`` in ``z = W a``.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from . import validate
from .activations import softmax

__all__ = ["BackwardPass", "Factors", "rms", "scaled_weights", "backward_pass", "per_weight_rms",
           "layer_factors", "report", "plot_per_weight"]

#: one marker per network in :func:`plot_per_weight`, so lines differ in more than colour and line style
MARKERS = ("o", "s", "^", "D", "v", "P")


class BackwardPass(NamedTuple):
    """The gradients of one backward pass, layer 1 (next to the input) first.

    ``dW[l]`` has the shape of layer l's weights ``(n_out, n_in)``; ``db[l]`` is
    ``(n_out,)``, the error delta summed over the inputs; ``zs[l]`` is the
    hidden layer l's pre-activation ``(n, n_out)`` (the output layer's is not
    kept).  ``dW`` and ``db`` have one entry per layer, output layer included;
    ``zs`` one per hidden layer.
    """

    dW: list
    db: list
    zs: list


class Factors(NamedTuple):
    """What :func:`layer_factors` measures on one :class:`BackwardPass`.

    ``predicted`` and ``measured``: the factor by which the RMS of delta changes
    from one hidden layer to the one before it (geometric mean over the hidden
    layers; < 1 vanishes, > 1 explodes).  ``first_to_last``: the RMS per weight
    of ``dC/dW`` in layer 1 divided by that in the last hidden layer.
    """

    predicted: float
    measured: float
    first_to_last: float


def rms(a) -> float:
    """Root mean square of all the entries of ``a`` (any shape; nan and inf pass through to the result)."""
    a = validate.real(a, "a")
    if a.size == 0:
        raise ValueError(f"a must hold at least one number, got shape {a.shape}")
    return float(np.sqrt(np.mean(np.square(a))))


def scaled_weights(standard_normal, variance: float) -> list:
    """Weights drawn from N(0, variance / n_in), made from standard-normal draws.

    ``standard_normal`` is a list of ``(n_out, n_in)`` arrays of N(0, 1)
    numbers; each is multiplied by ``sqrt(variance / n_in)``.  Passing the same
    draws for every network makes the networks differ only in their scaling.
    ``variance = 1`` is the usual scaling for sigmoid and tanh, ``2`` ("He")
    for ReLU.
    """
    standard_normal = _draws(standard_normal)
    variance = validate.positive(variance, "variance")
    return [np.sqrt(variance / W.shape[1]) * W for W in standard_normal]


def backward_pass(X, Y, f: Callable, f_grad: Callable, standard_normal, variance: float) -> BackwardPass:
    """One backward pass of the mean cross-entropy over ``(X, Y)``.

    The network has one hidden layer per matrix of ``standard_normal`` but the
    last, activation ``f`` (derivative ``f_grad``) in every hidden layer, a
    softmax output, biases 0, and weights ``scaled_weights(standard_normal,
    variance)``.

    Parameters
    ----------
    X : array (n, n_in)
        The inputs, one per row.
    Y : array (n, k)
        One-hot targets.
    f, f_grad : callables
        The hidden layers' activation and its derivative, elementwise.
    standard_normal : list of arrays (n_out, n_in)
        N(0, 1) draws, one per layer, the output layer's ``(k, n_hidden)`` last.
    variance : float
        Weights are N(0, variance / n_in).

    Returns
    -------
    BackwardPass
        ``dW``, ``db`` (every layer) and ``zs`` (every hidden layer), layer 1 first.
    """
    weights = scaled_weights(standard_normal, variance)  # (checks standard_normal and variance)
    X, Y = _inputs_and_targets(X, Y, weights)
    validate.function(f, "f", "z (the hidden layers' activation)")
    validate.function(f_grad, "f_grad", "z (the derivative of f)")
    a, activations, zs = X, [X], []
    for W in weights[:-1]:  # forward through the hidden layers
        zs.append(a @ W.T)
        a = f(zs[-1])
        activations.append(a)
    output = softmax(a @ weights[-1].T)
    delta = (output - Y) / len(X)  # softmax + cross-entropy: dC/dz = (a - y) / n
    dW, db = [delta.T @ activations[-1]], [delta.sum(axis=0)]
    for l in range(len(zs) - 1, -1, -1):  # backward: one multiplication by W and by f'(z) per layer
        delta = (delta @ weights[l + 1]) * f_grad(zs[l])
        dW.append(delta.T @ activations[l])
        db.append(delta.sum(axis=0))
    return BackwardPass(dW[::-1], db[::-1], zs)


def per_weight_rms(result: BackwardPass) -> np.ndarray:
    """RMS over each layer's weights of ``dC/dW``, shape ``(n_layers,)``, layer 1 first.

    Per weight, not the layer's norm: layer 1 may have many more weights than
    the others, and a norm grows with their number.
    """
    _check_result(result, "result")
    return np.array([rms(g) for g in result.dW])


def layer_factors(result: BackwardPass, f_grad: Callable, variance: float) -> Factors:
    """How ``delta`` changes per hidden layer on the way back, predicted and measured.

    *Predicted*: ``sqrt(variance) * RMS(f'(z))`` (``sqrt(n Var(w))`` with
    ``Var(w) = variance / n``), the derivative factor a geometric mean over the
    hidden layers 2 and up (layer 1 sees the pixels, not a layer like the
    others).  *Measured*: the geometric mean over consecutive hidden layers of
    ``RMS(db[l]) / RMS(db[l + 1])``.  And ``first_to_last``: the RMS per weight
    of ``dC/dW`` in layer 1 over that in the last hidden layer.
    """
    _check_result(result, "result", min_hidden=2)
    validate.function(f_grad, "f_grad", "z (the derivative of the hidden layers' activation)")
    variance = validate.positive(variance, "variance")
    delta_rms = np.array([rms(g) for g in result.db])
    predicted = np.sqrt(variance) * np.exp(np.mean([np.log(rms(f_grad(z))) for z in result.zs[1:]]))
    measured = np.exp(np.mean(np.log(delta_rms[:-2] / delta_rms[1:-1])))  # layer l / layer l + 1
    return Factors(float(predicted), float(measured), rms(result.dW[0]) / rms(result.dW[-2]))


def report(nets: dict, recipes: dict, scale: float = 1.0) -> str:
    """One line per network: delta's factor per layer, predicted and measured, and layer 1 / last layer.

    ``nets`` maps a name to its :class:`BackwardPass`; ``recipes`` maps the same
    name to ``(f, f_grad, variance)``; the weights' variance was ``scale *
    variance``.
    """
    _check_nets(nets, min_hidden=2)
    _check_recipes(recipes, nets)
    scale = validate.positive(scale, "scale")
    lines = []
    for name, result in nets.items():
        _, f_grad, variance = recipes[name]
        predicted, measured, first_to_last = layer_factors(result, f_grad, scale * variance)
        lines.append(f"{name:8s} delta per layer: x{predicted:.2f} predicted, x{measured:.2f} measured;"
                     f"  dC/dW per weight, layer 1 / layer {len(result.zs)}: {first_to_last:.1e}")
    return "\n".join(lines)


def plot_per_weight(ax, nets: dict, title: str | None = None, legend: bool = True):
    """Draw each network's :func:`per_weight_rms` against the layer, on a log scale.

    One line per network, colour and line style from the default cycle plus a
    marker of its own; the last layer is labelled "out".  Returns ``ax``.
    """
    if not hasattr(ax, "semilogy"):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    _check_nets(nets, most=len(MARKERS), same_depth=True)  # (zip below would drop a network without a marker)
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None, got {type(title).__name__}")
    validate.flag(legend, "legend")
    for (name, result), marker in zip(nets.items(), MARKERS):
        g = per_weight_rms(result)
        layers = np.arange(1, len(g) + 1)
        ax.semilogy(layers, g, marker=marker, lw=2, label=name)
    ax.set_xticks(layers, [*map(str, layers[:-1]), "out"])
    ax.set_xlabel("layer (1 = next to the input)")
    ax.grid(alpha=0.3, which="both")
    if title:
        ax.set_title(title)
    if legend:
        ax.legend()
    return ax


# --------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------
def _draws(standard_normal) -> list:
    """``standard_normal`` as a list of 2-D arrays of finite numbers, at least one; an error names the first bad one."""
    if not isinstance(standard_normal, (list, tuple)):
        raise TypeError(f"standard_normal must be a list of arrays (n_out, n_in), one per layer, "
                        f"got {type(standard_normal).__name__}")
    if len(standard_normal) == 0:
        raise ValueError("standard_normal must hold at least one array (n_out, n_in), got an empty list")
    draws = [validate.finite(W, f"standard_normal[{l}]") for l, W in enumerate(standard_normal)]
    for l, W in enumerate(draws):
        if W.ndim != 2 or 0 in W.shape:
            raise ValueError(f"standard_normal[{l}] must have shape (n_out, n_in) with n_out, n_in >= 1, "
                             f"got {W.shape}")
    return draws


def _inputs_and_targets(X, Y, weights: list):
    """``X`` and ``Y`` as finite arrays that fit the network of ``weights`` (whose layers must follow each other)."""
    for l in range(1, len(weights)):
        if weights[l].shape[1] != weights[l - 1].shape[0]:
            raise ValueError(f"standard_normal[{l}] must have shape (n_out, {weights[l - 1].shape[0]}) to follow "
                             f"standard_normal[{l - 1}] of shape {weights[l - 1].shape}, got {weights[l].shape}")
    X, Y = validate.finite(X, "X"), validate.finite(Y, "Y")
    n_in, k = weights[0].shape[1], weights[-1].shape[0]
    if X.ndim != 2 or X.shape[1] != n_in:
        raise ValueError(f"X must have shape (n, {n_in}) (one input per row, n_in of standard_normal[0]), "
                         f"got {X.shape}")
    if len(X) == 0:
        raise ValueError("X must hold at least one input, got 0 rows")
    if Y.shape != (len(X), k):
        raise ValueError(f"Y must have shape {(len(X), k)} (one-hot, one row per input of X), got {Y.shape}")
    return X, Y


def _check_result(result, name: str, min_hidden: int = 0) -> None:
    """``result`` must be a :class:`BackwardPass` of a network with at least ``min_hidden`` hidden layers."""
    if not isinstance(result, BackwardPass):
        raise TypeError(f"{name} must be a BackwardPass (what backward_pass returns), got {type(result).__name__}")
    if len(result.zs) < min_hidden:
        raise ValueError(f"{name} must come from a network with at least {min_hidden} hidden layers "
                         f"(consecutive ones are compared), got {len(result.zs)}")


def _check_nets(nets, min_hidden: int = 0, most: int | None = None, same_depth: bool = False) -> None:
    """``nets`` must map names (str) to :class:`BackwardPass` results: at least one, at most ``most``."""
    if not isinstance(nets, dict):
        raise TypeError(f"nets must be a dict of name -> BackwardPass, got {type(nets).__name__}")
    if not nets:
        raise ValueError("nets must hold at least one network, got an empty dict")
    if most is not None and len(nets) > most:
        raise ValueError(f"nets must hold at most {most} networks (one marker each), got {len(nets)}")
    for name, result in nets.items():
        if not isinstance(name, str):
            raise TypeError(f"nets must be keyed by names (str), got the key {name!r}")
        _check_result(result, f"nets[{name!r}]", min_hidden)
    depths = sorted({len(result.dW) for result in nets.values()})
    if same_depth and len(depths) > 1:
        raise ValueError(f"nets must hold networks with the same number of layers, got {depths}")


def _check_recipes(recipes, nets: dict) -> None:
    """``recipes`` must map every name of ``nets`` to ``(f, f_grad, variance)``."""
    if not isinstance(recipes, dict):
        raise TypeError(f"recipes must be a dict of name -> (f, f_grad, variance), got {type(recipes).__name__}")
    for name in nets:
        if name not in recipes:
            raise ValueError(f"recipes must have an entry (f, f_grad, variance) for every network of nets, "
                             f"missing {name!r}")
        recipe = recipes[name]
        if not (isinstance(recipe, (tuple, list)) and len(recipe) == 3):
            raise ValueError(f"recipes[{name!r}] must be (f, f_grad, variance), got {recipe!r}")
        validate.function(recipe[1], f"f_grad of recipes[{name!r}]", "z")
        validate.positive(recipe[2], f"variance of recipes[{name!r}]")
