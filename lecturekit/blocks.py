"""Building blocks of convolutional networks, counted: LeNet-5 layer by layer, and the blocks of a Keras model.

Notebook 07 shows two tables made here, so that its slides show the tables
and not the bookkeeping that prints them:

* :func:`lenet5_layers` -- the layers of LeNet-5 (LeCun, Bottou, Bengio and
  Haffner, 1998), each with its output size and its number of trainable
  parameters, computed with :func:`lecturekit.convolution.output_size` and the
  counting rule of a convolutional layer, ``filters * (k * k * channels + 1)``;
  :func:`layer_table` prints them;
* :func:`count_blocks` -- how many of each building block (convolution,
  pooling, ReLU, ...) a Keras model uses; :func:`block_table` sets the counts of
  several models side by side.
"""
from __future__ import annotations

from dataclasses import dataclass

from .convolution import output_size

__all__ = ["Layer", "LENET5_C3_INPUTS", "lenet5_layers", "layer_table", "BLOCKS", "count_blocks", "block_table"]

#: LeNet-5's C3 is not fully connected to S2: its 16 maps each see 3, 4 or all 6 of S2's maps (table I of the paper).
LENET5_C3_INPUTS = [3] * 6 + [4] * 9 + [6]


@dataclass(frozen=True)
class Layer:
    """One row of a network's table: ``size`` x ``size`` x ``maps`` outputs and ``parameters`` trainable numbers."""

    name: str
    what: str
    size: int
    maps: int
    parameters: int


def lenet5_layers() -> list[Layer]:
    """LeNet-5 layer by layer, from its 32x32 input to its 10 outputs (8 rows; 60 000 parameters in all).

    Convolutions have ``maps * (5 * 5 * inputs + 1)`` parameters; a
    subsampling layer S has one weight and one bias per map; F6 is dense.
    """
    side = 32
    rows = [Layer("input", "digit padded to 32x32", side, 1, 0)]
    side = output_size(side, 5)
    rows.append(Layer("C1", "6 filters 5x5, tanh", side, 6, 6 * (5 * 5 * 1 + 1)))
    side = output_size(side, 2, stride=2)
    rows.append(Layer("S2", "subsampling 2x2", side, 6, 6 * 2))
    side = output_size(side, 5)
    rows.append(Layer("C3", "16 filters 5x5, tanh", side, 16, 5 * 5 * sum(LENET5_C3_INPUTS) + 16))
    side = output_size(side, 2, stride=2)
    rows.append(Layer("S4", "subsampling 2x2", side, 16, 16 * 2))
    side = output_size(side, 5)
    rows.append(Layer("C5", "120 filters 5x5, tanh", side, 120, 120 * (5 * 5 * 16 + 1)))
    rows.append(Layer("F6", "84 units, tanh", 1, 84, 84 * (120 + 1)))
    rows.append(Layer("output", "10 units, fixed codes", 1, 10, 0))
    return rows


def layer_table(layers: list[Layer]) -> str:
    """The layers as a text table (name, what, output size, parameters) with the total in its last line."""
    expected = "a list of Layer rows (what lenet5_layers returns)"
    if isinstance(layers, (str, bytes, dict)) or not hasattr(layers, "__iter__"):
        raise TypeError(f"layers must be {expected}, got {type(layers).__name__}")
    layers = list(layers)
    if not layers:
        raise ValueError("layers must hold at least one Layer row (what lenet5_layers returns), got none")
    for i, layer in enumerate(layers):
        if not isinstance(layer, Layer):
            raise TypeError(f"layers must be {expected}, got {type(layer).__name__} at index {i}")
    lines = [f"{'layer':<7} {'what':<23} {'output':<10} {'parameters':>10}"]
    for layer in layers:
        shape = f"{layer.size}x{layer.size}x{layer.maps}"
        lines.append(f"{layer.name:<7} {layer.what:<23} {shape:<10} {layer.parameters:>10,}")
    lines.append(f"{'trainable parameters':<42} {sum(layer.parameters for layer in layers):>10,}")
    return "\n".join(lines)


#: Keras layer class or activation function name -> the building block it is.
BLOCKS = {
    "Conv2D": "convolution", "MaxPooling2D": "pooling", "relu": "nonlinearity (ReLU)", "Flatten": "flatten",
    "Dense": "dense", "softmax": "softmax", "BatchNormalization": "normalization",
    "Conv2DTranspose": "transposed convolution", "Concatenate": "concatenation", "sigmoid": "sigmoid (mask)",
}


def _check_model(net, name: str) -> None:
    """TypeError unless ``net`` is a Keras model (anything with a list of ``layers``)."""
    if not isinstance(getattr(net, "layers", None), (list, tuple)):
        raise TypeError(f"{name} must be a Keras model (with a list of layers), got {type(net).__name__}")


def count_blocks(net) -> dict[str, int]:
    """How many of each building block a Keras model uses: {block: count}, every block of :data:`BLOCKS` listed.

    A layer counts by its class; an activation inside a layer
    (``Conv2D(..., activation="relu")``) counts as a block of its own.
    """
    _check_model(net, "net")
    counts = dict.fromkeys(BLOCKS.values(), 0)
    for layer in net.layers:
        kind = type(layer).__name__
        if kind in BLOCKS:
            counts[BLOCKS[kind]] += 1
        activation = getattr(layer, "activation", None)
        name = getattr(activation, "__name__", None)
        if name in BLOCKS:
            counts[BLOCKS[name]] += 1
    return counts


def block_table(models: dict) -> str:
    """The block counts of several models ({column title: Keras model}) side by side, one block per line."""
    if not isinstance(models, dict):
        raise TypeError(f"models must be a dict {{column title: Keras model}}, got {type(models).__name__}")
    if not models:
        raise ValueError("models must hold at least one model {column title: Keras model}, got an empty dict")
    for title, net in models.items():
        if not isinstance(title, str):
            raise TypeError(f"models must have column titles (str) as keys, got the key {title!r}")
        _check_model(net, f"models[{title!r}]")
    counts = {title: count_blocks(net) for title, net in models.items()}
    widths = {title: max(len(title), 5) for title in models}
    lines = [f"{'block':<24}" + "".join(f" {title:>{widths[title]}}" for title in models)]
    for block in dict.fromkeys(BLOCKS.values()):
        lines.append(f"{block:<24}" + "".join(f" {counts[t][block]:>{widths[t]}}" for t in models))
    return "\n".join(lines)
