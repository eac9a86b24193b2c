"""Drawings of a single neuron and of small layered networks (matplotlib).

``draw_neuron`` shows inputs, weighted edges, the sum with its bias, the
activation and the output.  ``draw_network`` draws layers of nodes joined by
edges, optionally with the weights written on the edges; later lectures use it
for the backprop example and for circuits of perceptrons.
"""
from __future__ import annotations

import numpy as np

_NODE = dict(facecolor="white", edgecolor="black", linewidth=1.5, zorder=3)


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _fmt(value) -> str:
    if isinstance(value, str):
        return value
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def draw_neuron(weights=("w_1", "w_2", "w_3"), bias="b", activation="f", inputs=None, ax=None):
    """Draw one artificial neuron: z = sum_i w_i x_i + b, y = f(z).

    Parameters
    ----------
    weights : sequence of numbers or strings, length n_inputs >= 1
        Labels written on the input edges (numbers are formatted).
    bias : number or str
        Label of the bias.
    activation : str
        Name written in the activation box (e.g. ``"sigmoid"``).
    inputs : sequence of str, optional
        Input labels; defaults to ``x_1 .. x_n``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.patches as mpatches

    try:
        weights = list(weights)
    except TypeError:
        raise TypeError(
            f"weights must be a sequence of numbers or labels, got {type(weights).__name__}; e.g. [0.5, -1] or ['w_1', 'w_2']"
        ) from None
    if len(weights) == 0:
        raise ValueError("weights must name at least one input edge, got an empty sequence")
    if inputs is None:
        inputs = [f"$x_{{{i + 1}}}$" for i in range(len(weights))]
    inputs = list(inputs)
    if len(inputs) != len(weights):
        raise ValueError(f"inputs has {len(inputs)} labels but weights has {len(weights)}; give one per input")
    ax = _axes(ax, (7, 1.4 + 0.9 * len(weights)))
    n = len(weights)
    ys = np.linspace(n - 1, 0, n) - (n - 1) / 2
    sum_xy, act_xy, out_x = (3.0, 0.0), (5.0, 0.0), 7.0
    for y, w, label in zip(ys, weights, inputs):
        ax.add_patch(mpatches.Circle((0, y), 0.32, **_NODE))
        ax.text(0, y, label, ha="center", va="center", fontsize=12, zorder=4)
        ax.annotate("", xy=(sum_xy[0] - 0.5, 0), xytext=(0.35, y), arrowprops=dict(arrowstyle="->", lw=1.2))
        wlabel = _fmt(w) if not isinstance(w, str) else f"${w}$" if "_" in w else w
        ax.text(1.35, y * 0.55 + 0.18, wlabel, ha="center", va="bottom", fontsize=11, color="tab:blue")
    ax.add_patch(mpatches.Circle(sum_xy, 0.5, **_NODE))
    ax.text(*sum_xy, r"$\Sigma$", ha="center", va="center", fontsize=16, zorder=4)
    top = max(ys.max(), 0.0) + 1.0
    blabel = f"$b$ = {_fmt(bias)}" if not isinstance(bias, str) else f"${bias}$"
    ax.annotate(blabel, xy=(sum_xy[0], 0.5), xytext=(sum_xy[0], top), ha="center", fontsize=11,
                color="tab:red", arrowprops=dict(arrowstyle="->", color="tab:red"))
    ax.annotate("", xy=(act_xy[0] - 0.7, 0), xytext=(sum_xy[0] + 0.5, 0), arrowprops=dict(arrowstyle="->", lw=1.2))
    ax.text(4.0, 0.12, "$z$", ha="center", va="bottom", fontsize=12)
    ax.add_patch(mpatches.FancyBboxPatch((act_xy[0] - 0.7, -0.4), 1.4, 0.8, boxstyle="round,pad=0.05", **_NODE))
    ax.text(*act_xy, activation, ha="center", va="center", fontsize=11, zorder=4)
    ax.annotate("", xy=(out_x, 0), xytext=(act_xy[0] + 0.75, 0), arrowprops=dict(arrowstyle="->", lw=1.2))
    ax.text(out_x + 0.15, 0, "$y = f(z)$", ha="left", va="center", fontsize=12)
    ax.set_xlim(-0.6, out_x + 1.8)
    ax.set_ylim(ys.min() - 0.6, top + 0.4)
    return ax


def draw_network(sizes, weights=None, ax=None, node_labels=None, layer_names=None, fmt="{:.2f}"):
    """Draw a fully connected layered network, optionally labelling the edges.

    Parameters
    ----------
    sizes : sequence of int, length L >= 2
        Number of nodes per layer, input layer first.
    weights : list of arrays, optional
        ``weights[l]`` has shape ``(sizes[l + 1], sizes[l])`` (row j holds the
        weights *into* node j of the next layer, as in ``z = W a + b``); each
        edge is labelled with its value.  A ``nan`` entry hides that edge,
        which is how sparse circuits (e.g. of NAND gates) are drawn.
    node_labels : list of lists of str, optional
        One label per node, layer by layer.
    layer_names : sequence of str, optional
        A caption under each layer ("input", "hidden", "output", ...).
    fmt : str
        Format for numeric edge labels.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.patches as mpatches

    given = sizes
    try:
        sizes = list(sizes)
    except TypeError:
        sizes = None
    if isinstance(given, (str, bytes)) or sizes is None or not all(
        isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in sizes
    ):
        raise TypeError(f"sizes must be a sequence of ints (nodes per layer), got {given!r}; e.g. [2, 3, 1]")
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least two layers of >= 1 node, got {sizes}")
    if weights is not None:
        weights = [np.asarray(w, dtype=float) for w in weights]
        if len(weights) != len(sizes) - 1:
            raise ValueError(f"weights must hold {len(sizes) - 1} matrices for sizes {sizes}, got {len(weights)}")
        for l, w in enumerate(weights):
            if w.shape != (sizes[l + 1], sizes[l]):
                raise ValueError(
                    f"weights[{l}] must have shape {(sizes[l + 1], sizes[l])} (next layer, this layer), got {w.shape}"
                )
    if node_labels is not None and [len(layer) for layer in node_labels] != sizes:
        raise ValueError(
            f"node_labels must have one label per node, layer sizes {sizes}, got {[len(layer) for layer in node_labels]}"
        )
    if layer_names is not None and len(layer_names) != len(sizes):
        raise ValueError(f"layer_names must hold one name per layer ({len(sizes)}), got {len(layer_names)}")
    tallest = max(sizes)
    ax = _axes(ax, (2.4 * len(sizes) + 1, 1.1 * tallest + 1))
    dx = 3.0
    pos = [[(l * dx, (s - 1) / 2 - i) for i in range(s)] for l, s in enumerate(sizes)]
    for l in range(len(sizes) - 1):
        for j, (x1, y1) in enumerate(pos[l + 1]):
            for i, (x0, y0) in enumerate(pos[l]):
                w = None if weights is None else weights[l][j, i]
                if w is not None and np.isnan(w):
                    continue
                ax.plot([x0, x1], [y0, y1], color="0.55", lw=1.0, zorder=1)
                if w is not None:
                    t = 0.3 if sizes[l] >= sizes[l + 1] else 0.7
                    ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), fmt.format(w), fontsize=8, ha="center",
                            va="center", color="tab:blue", zorder=2,
                            bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
    for l, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            ax.add_patch(mpatches.Circle((x, y), 0.3, **_NODE))
            if node_labels is not None:
                ax.text(x, y, node_labels[l][i], ha="center", va="center", fontsize=10, zorder=4)
        if layer_names is not None:
            ax.text(l * dx, -(tallest - 1) / 2 - 0.8, layer_names[l], ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.8, (len(sizes) - 1) * dx + 0.8)
    ax.set_ylim(-(tallest - 1) / 2 - (1.3 if layer_names else 0.6), (tallest - 1) / 2 + 0.6)
    return ax
