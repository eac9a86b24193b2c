"""Drawings of a single neuron and of small layered networks (matplotlib).

``draw_neuron`` shows inputs, weighted edges, the sum with its bias, the
activation and the output.  ``draw_network`` draws layers of nodes joined by
edges, optionally with the weights written on the edges; later lectures use it
for the backprop example and for circuits of perceptrons.
"""
from __future__ import annotations

import numpy as np

from . import validate

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
            f"weights must be a sequence of numbers or labels, got {type(weights).__name__}; "
            "e.g. [0.5, -1] or ['w_1', 'w_2']"
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
        start, end = np.array([0.35, y]), np.array([sum_xy[0] - 0.5, 0.0])
        at = start + 0.35 * (end - start)  # on its own edge (covering it), where the edges are still apart
        ax.text(*at, wlabel, ha="center", va="center", fontsize=12, color="tab:blue", zorder=4,
                bbox=dict(facecolor="white", edgecolor="none", pad=1.0))
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


def draw_network(sizes, weights=None, ax=None, node_labels=None, layer_names=None, fmt="{:.2f}", biases=None):
    """Draw a fully connected layered network, optionally labelling the edges and the biases.

    Each weight label is written along its own edge (rotated with it), at a
    place chosen so that it overlaps no other label or node and keeps clear of
    the other edges; each bias is written in red next to its node (above it,
    or below where edges crowd the space above).

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
        Format for numeric edge and bias labels.
    biases : list of arrays, optional
        ``biases[l]`` has shape ``(sizes[l + 1],)``: the biases of layer
        ``l + 1`` (the input layer has none), written as ``b = ...`` next
        to each node.  A ``nan`` entry leaves that node's bias out.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.patches as mpatches

    sizes = validate.layer_sizes(sizes, "sizes", "[2, 3, 1]")
    if weights is not None:
        weights = [np.asarray(w, dtype=float) for w in weights]
        if len(weights) != len(sizes) - 1:
            raise ValueError(f"weights must hold {len(sizes) - 1} matrices for sizes {sizes}, got {len(weights)}")
        for l, w in enumerate(weights):
            if w.shape != (sizes[l + 1], sizes[l]):
                raise ValueError(
                    f"weights[{l}] must have shape {(sizes[l + 1], sizes[l])} (next layer, this layer), got {w.shape}"
                )
    if biases is not None:
        biases = [np.asarray(b, dtype=float) for b in biases]
        if len(biases) != len(sizes) - 1:
            raise ValueError(
                f"biases must hold {len(sizes) - 1} vectors (one per layer after the input) for sizes {sizes}, "
                f"got {len(biases)}"
            )
        for l, b in enumerate(biases):
            if b.shape != (sizes[l + 1],):
                raise ValueError(
                    f"biases[{l}] must have shape {(sizes[l + 1],)} (one per node of layer {l + 1}), got {b.shape}"
                )
    if node_labels is not None and [len(layer) for layer in node_labels] != sizes:
        raise ValueError(
            f"node_labels must have one label per node, layer sizes {sizes}, "
            f"got {[len(layer) for layer in node_labels]}"
        )
    if layer_names is not None and len(layer_names) != len(sizes):
        raise ValueError(f"layer_names must hold one name per layer ({len(sizes)}), got {len(layer_names)}")

    tallest = max(sizes)
    dx, dy = 4.0, 1.6
    pos = [[(l * dx, dy * ((s - 1) / 2 - i)) for i in range(s)] for l, s in enumerate(sizes)]
    top, bottom = dy * (tallest - 1) / 2, -dy * (tallest - 1) / 2
    below = 0.6 + (0.5 if biases is not None else 0.0)  # room for a bias label under the lowest node
    name_y = bottom - below - 0.1
    ylim = (name_y - (0.6 if layer_names is not None else 0.0), top + (1.1 if biases is not None else 0.6))
    xlim = (-0.9, (len(sizes) - 1) * dx + 0.9)
    ax = _axes(ax, (0.85 * (xlim[1] - xlim[0]), 0.85 * (ylim[1] - ylim[0])))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.apply_aspect()
    unit = abs(ax.transData.transform((1.0, 0.0))[0] - ax.transData.transform((0.0, 0.0))[0])  # pixels per unit

    def size(text):  # (half width, half height) of a text artist, in data units
        box = text.get_window_extent()
        return box.width / 2 / unit, box.height / 2 / unit

    # Nodes: the widest label sets one radius for all
    radius = 0.36
    if node_labels is not None:
        labels = [ax.text(x, y, label, ha="center", va="center", fontsize=12, zorder=4)
                  for layer, names in zip(pos, node_labels) for (x, y), label in zip(layer, names)]
        radius = max(radius, max(size(t)[0] for t in labels) + 0.1)
    for layer in pos:
        for x, y in layer:
            ax.add_patch(mpatches.Circle((x, y), radius, **_NODE))
    if layer_names is not None:
        for l, name in enumerate(layer_names):
            ax.text(l * dx, name_y, name, ha="center", va="top", fontsize=12)

    edges = []  # (start, end, label or None)
    for l in range(len(sizes) - 1):
        for j, end in enumerate(pos[l + 1]):
            for i, start in enumerate(pos[l]):
                w = None if weights is None else weights[l][j, i]
                if w is not None and np.isnan(w):
                    continue
                edges.append((np.array(start, float), np.array(end, float), None if w is None else fmt.format(w)))
                ax.plot([start[0], end[0]], [start[1], end[1]], color="0.55", lw=1.0, zorder=1)

    # Labels, placed so that none covers a node, another label or another edge: biases first, then weights
    scene = _Scene(np.array([p for layer in pos for p in layer]), radius, [(s, e) for s, e, _ in edges])
    if biases is not None:
        for l, layer in enumerate(pos[1:]):
            for (x, y), b in zip(layer, biases[l]):
                if np.isnan(b):
                    continue
                text = ax.text(x, y, f"b = {fmt.format(b)}", ha="center", va="center", fontsize=_LABEL_FONT,
                               color="tab:red", zorder=4)
                half_w, half_h = size(text)
                gap = radius + 0.06 + half_h
                offsets = [(0, gap), (0, -gap), (radius + half_w, gap - 0.1), (-radius - half_w, gap - 0.1)]
                text.set_position(scene.place([np.array([x, y]) + o for o in offsets], np.array([1.0, 0.0]),
                                              half_w, half_h))
    for start, end, label in edges:
        if label is None:
            continue
        text = ax.text(0, 0, label, ha="center", va="center", fontsize=_LABEL_FONT, color="tab:blue", zorder=2,
                       rotation_mode="anchor", bbox=dict(facecolor="white", edgecolor="none", pad=1.0))
        half_w, half_h = size(text)
        direction = (end - start) / np.linalg.norm(end - start)
        centre = scene.place([start + t * (end - start) for t in _ALONG], direction, half_w, half_h, own=(start, end))
        text.set_position(centre)
        text.set_rotation(np.degrees(np.arctan2(direction[1], direction[0])))
    return ax


_LABEL_FONT = 11  # weight and bias labels: the lectures' smallest readable size
_ALONG = (0.5, 0.38, 0.62, 0.3, 0.7, 0.44, 0.56, 0.24, 0.76, 0.2, 0.8)  # places along an edge, best first


class _Scene:
    """What a new label of a network drawing must keep clear of: nodes, edges and the labels placed so far.

    Labels are rectangles (centre, unit direction, half width, half height) in
    data units.  :meth:`place` takes the first candidate centre that touches
    nothing, or else the one that touches the fewest things.
    """

    def __init__(self, nodes, radius, segments):
        self.nodes, self.radius = nodes, radius
        t = np.linspace(0.0, 1.0, 80)[:, None]
        self.segments = [(s, e, s + t * (e - s)) for s, e in segments]  # with points along each
        self.boxes = []

    @staticmethod
    def _distance(box, points):
        """Distance from each point (shape (n, 2)) to the rectangle ``box`` (0 inside)."""
        centre, u, half_w, half_h = box
        d = points - centre
        along = np.abs(d @ u) - half_w
        across = np.abs(d @ np.array([-u[1], u[0]])) - half_h
        return np.hypot(np.maximum(along, 0.0), np.maximum(across, 0.0))

    @staticmethod
    def _overlap(a, b) -> bool:
        """Whether two rectangles overlap (separating-axis test)."""
        corners = []
        for centre, u, half_w, half_h in (a, b):
            n = np.array([-u[1], u[0]])
            corners.append(np.array([centre + sx * half_w * u + sy * half_h * n for sx in (-1, 1) for sy in (-1, 1)]))
        for centre, u, *_ in (a, b):
            for axis in (u, np.array([-u[1], u[0]])):
                pa, pb = corners[0] @ axis, corners[1] @ axis
                if pa.max() <= pb.min() or pb.max() <= pa.min():
                    return False
        return True

    def collisions(self, box) -> int:
        """How many nodes and placed labels ``box`` touches."""
        return int(np.sum(self._distance(box, self.nodes) < self.radius + 0.05)) + sum(
            self._overlap(box, other) for other in self.boxes
        )

    def clearance(self, box, own=None) -> float:
        """The distance from ``box`` to the nearest edge other than ``own``."""
        gaps = [np.min(self._distance(box, points)) for s, e, points in self.segments
                if own is None or not (np.array_equal(s, own[0]) and np.array_equal(e, own[1]))]
        return min(gaps, default=np.inf)

    def place(self, candidates, direction, half_w, half_h, own=None):
        """The best of ``candidates`` (centres, best first) for a label; it is kept as placed.

        Best: touching no node and no label, the first with a label height of
        white to every other edge, else the one with the most; if every
        candidate touches something, the one that touches the fewest.
        """
        boxes = [(np.asarray(c, float), direction, half_w, half_h) for c in candidates]
        free = [box for box in boxes if self.collisions(box) == 0]
        if free:
            best = max(free, key=lambda box: min(self.clearance(box, own), 2.0 * half_h))  # first of the best
        else:
            best = min(boxes, key=self.collisions)
        self.boxes.append(best)
        return tuple(best[0])


def draw_local_receptive_field(image, kernel: int = 5, positions=((4, 4), (4, 5)), axes=None):
    """Draw an image, ``kernel x kernel`` windows on it, and the hidden neurons they feed.

    Each window (top-left corner at ``positions``, in pixels) is one hidden
    neuron's local receptive field; moving it by one pixel gives the next
    neuron of the feature map, of size ``(rows - kernel + 1, cols - kernel + 1)``
    (notebook 07).

    Parameters
    ----------
    image : array (rows, cols)
    kernel : int
    positions : sequence of (row, col)
    axes : pair of matplotlib Axes, optional

    Returns
    -------
    (ax_image, ax_hidden)
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import ConnectionPatch, Rectangle

    from .convolution import output_size

    image = validate.real(image, "image").astype(float)
    if image.ndim != 2:
        raise ValueError(f"image must be a 2-D array (rows, cols), got shape {image.shape}")
    out = (output_size(image.shape[0], kernel), output_size(image.shape[1], kernel))
    if 0 in out:
        raise ValueError(f"kernel must fit in the image ({image.shape[0]}x{image.shape[1]}), got {kernel}")
    try:
        cells = [tuple(p) for p in positions]
    except TypeError:
        cells = None
    if cells is None or not all(len(p) == 2 and all(validate.is_int(v) for v in p) for p in cells):
        raise ValueError(f"positions must be a sequence of (row, col) pairs, got {positions!r}")
    positions = cells
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 3.8), layout="constrained")
    ax_img, ax_hid = axes
    ax_img.imshow(image, cmap="gray_r")
    ax_hid.imshow(np.zeros(out), cmap="Greys", vmin=0, vmax=1)
    for ax, (rows, cols) in ((ax_img, image.shape), (ax_hid, out)):
        ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="0.85", linewidth=0.4)
        ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    colors = ["tab:red", "tab:blue", "tab:green", "tab:orange"]
    for (r, c), color in zip(positions, colors * len(positions)):
        ax_img.add_patch(Rectangle((c - 0.5, r - 0.5), kernel, kernel, fill=False, edgecolor=color, linewidth=2))
        ax_hid.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, color=color))
        arrow = ConnectionPatch(
            (c + kernel - 0.5, r + kernel / 2 - 0.5), (c - 0.5, r), "data", "data", axesA=ax_img, axesB=ax_hid,
            color=color, linewidth=1, arrowstyle="->",
        )
        arrow.set_in_layout(False)  # an arrow between axes must not squeeze them
        ax_hid.add_artist(arrow)
    ax_img.set_title(f"input {image.shape[0]}x{image.shape[1]}, {kernel}x{kernel} receptive fields")
    ax_hid.set_title(f"hidden layer (feature map) {out[0]}x{out[1]}")
    return ax_img, ax_hid
