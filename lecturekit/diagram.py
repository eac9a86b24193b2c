"""Drawings of a single neuron and of small layered networks (matplotlib).

``draw_neuron`` shows inputs, weighted edges, the sum with its bias, the
activation and the output.  ``draw_network`` draws layers of nodes joined by
edges, optionally with the weights written on the edges; later lectures use it
for the backprop example and for circuits of perceptrons.
``draw_local_receptive_field`` shows notebook 07's local receptive fields.

Every colour comes from :data:`lecturekit.style.PALETTE` (Okabe-Ito): weights
in blue, biases in vermillion, lines in black (edges lighter, by
transparency); label boxes and node faces take the axes' own background.
Text is at least :data:`lecturekit.style.MIN_FONT_SIZE` points.
"""
from __future__ import annotations

import numpy as np

from . import validate
from .style import MIN_FONT_SIZE, PALETTE

#: the colour of weight labels
WEIGHT_COLOR = PALETTE["blue"]
#: the colour of bias labels and arrows
BIAS_COLOR = PALETTE["vermillion"]
#: the colour of outlines, arrows and node labels
INK = PALETTE["black"]
#: how opaque a network's edges are drawn (black, lightened): they stay behind the labels
EDGE_ALPHA = 0.45
#: the colours of the receptive fields, in order (each also has its own outline style)
RECEPTIVE_FIELD_COLORS = [PALETTE[name] for name in ("vermillion", "blue", "green", "orange")]


def _node(ax):
    """The style of a node: an ink outline filled with the axes' background."""
    return dict(facecolor=ax.get_facecolor(), edgecolor=INK, linewidth=1.5, zorder=3)


def _label_box(ax):
    """A box of the axes' background behind a label, so no line shows through it."""
    return dict(facecolor=ax.get_facecolor(), edgecolor="none", pad=1.5)


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
        ax.add_patch(mpatches.Circle((0, y), 0.32, **_node(ax)))
        ax.text(0, y, label, ha="center", va="center", fontsize=MIN_FONT_SIZE, color=INK, zorder=4)
        ax.annotate("", xy=(sum_xy[0] - 0.5, 0), xytext=(0.35, y),
                    arrowprops=dict(arrowstyle="->", lw=1.2, color=INK))
        wlabel = _fmt(w) if not isinstance(w, str) else f"${w}$" if "_" in w else w
        start, end = np.array([0.35, y]), np.array([sum_xy[0] - 0.5, 0.0])
        at = start + 0.35 * (end - start)  # on its own edge (covering it), where the edges are still apart
        ax.text(*at, wlabel, ha="center", va="center", fontsize=MIN_FONT_SIZE, color=WEIGHT_COLOR, zorder=4,
                bbox=_label_box(ax))
    ax.add_patch(mpatches.Circle(sum_xy, 0.5, **_node(ax)))
    ax.text(*sum_xy, r"$\Sigma$", ha="center", va="center", fontsize=16, color=INK, zorder=4)
    top = max(ys.max(), 0.0) + 1.0
    blabel = f"$b$ = {_fmt(bias)}" if not isinstance(bias, str) else f"${bias}$"
    ax.annotate(blabel, xy=(sum_xy[0], 0.5), xytext=(sum_xy[0], top), ha="center", fontsize=MIN_FONT_SIZE,
                color=BIAS_COLOR, arrowprops=dict(arrowstyle="->", color=BIAS_COLOR))
    ax.annotate("", xy=(act_xy[0] - 0.7, 0), xytext=(sum_xy[0] + 0.5, 0),
                arrowprops=dict(arrowstyle="->", lw=1.2, color=INK))
    ax.text(4.0, 0.12, "$z$", ha="center", va="bottom", fontsize=MIN_FONT_SIZE, color=INK)
    ax.add_patch(mpatches.FancyBboxPatch((act_xy[0] - 0.7, -0.4), 1.4, 0.8, boxstyle="round,pad=0.05",
                                         **_node(ax)))
    ax.text(*act_xy, activation, ha="center", va="center", fontsize=MIN_FONT_SIZE, color=INK, zorder=4)
    ax.annotate("", xy=(out_x, 0), xytext=(act_xy[0] + 0.75, 0), arrowprops=dict(arrowstyle="->", lw=1.2, color=INK))
    ax.text(out_x + 0.15, 0, "$y = f(z)$", ha="left", va="center", fontsize=MIN_FONT_SIZE, color=INK)
    ax.set_xlim(-0.6, out_x + 1.8)
    ax.set_ylim(ys.min() - 0.6, top + 0.4)
    return ax


def draw_network(sizes, weights=None, ax=None, node_labels=None, layer_names=None, fmt="{:.2f}", biases=None):
    """Draw a fully connected layered network, optionally labelling the edges and the biases.

    Each weight label is written on its own edge (rotated with it, in a box of
    the background colour that hides the edge under it), as near the edge's
    source node as it can sit without touching a node, another label or any
    other edge: the edges leaving a node fan out before they cross the edges
    of its neighbours, so there no other line runs through a label.  Each bias
    is written (vermillion) next to its node: above it, or below where edges
    crowd the space above.  All text is at least ``MIN_FONT_SIZE`` (12) points.

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

    import matplotlib.pyplot as plt

    # Wide labels may find no clear place at the usual spacing: spread the layers out until every one does
    for spread in _SPREADS:
        if ax is not None:
            ax.cla()
        drawn, clear = _draw_layers(ax, sizes, weights, biases, node_labels, layer_names, fmt, spread)
        if clear:
            break
        if ax is None and spread != _SPREADS[-1]:
            plt.close(drawn.figure)
    return drawn


def _draw_layers(ax, sizes, weights, biases, node_labels, layer_names, fmt, spread):
    """Draw the network with its layers ``4 * spread`` apart; return (Axes, whether every label sits clear)."""
    import matplotlib.patches as mpatches

    tallest = max(sizes)
    dx, dy = 4.0 * spread, 1.6 * spread
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
    pad = _label_box(ax)["pad"] * ax.figure.dpi / 72 / unit  # a label box's margin around its text, in units

    def size(text):  # (half width, half height) of a text artist with its box, in data units
        box = text.get_window_extent()
        return box.width / 2 / unit + pad, box.height / 2 / unit + pad

    # Nodes: the widest label sets one radius for all
    radius = 0.36
    if node_labels is not None:
        labels = [ax.text(x, y, label, ha="center", va="center", fontsize=MIN_FONT_SIZE, color=INK, zorder=4)
                  for layer, names in zip(pos, node_labels) for (x, y), label in zip(layer, names)]
        radius = max(radius, max(size(t)[0] - pad for t in labels) + 0.1)
    for layer in pos:
        for x, y in layer:
            ax.add_patch(mpatches.Circle((x, y), radius, **_node(ax)))
    if layer_names is not None:
        for l, name in enumerate(layer_names):
            ax.text(l * dx, name_y, name, ha="center", va="top", fontsize=MIN_FONT_SIZE, color=INK)

    edges = []  # (start, end, label or None)
    for l in range(len(sizes) - 1):
        for j, end in enumerate(pos[l + 1]):
            for i, start in enumerate(pos[l]):
                w = None if weights is None else weights[l][j, i]
                if w is not None and np.isnan(w):
                    continue
                edges.append((np.array(start, float), np.array(end, float), None if w is None else fmt.format(w)))
                ax.plot([start[0], end[0]], [start[1], end[1]], color=INK, alpha=EDGE_ALPHA, lw=1.0, ls="-",
                        zorder=1)

    # Labels, placed so that none covers a node, another label or an edge other than its own: biases first
    scene = _Scene(np.array([p for layer in pos for p in layer]), radius, [(s, e) for s, e, _ in edges])
    if biases is not None:
        for l, layer in enumerate(pos[1:]):
            for (x, y), b in zip(layer, biases[l]):
                if np.isnan(b):
                    continue
                text = ax.text(x, y, f"b = {fmt.format(b)}", ha="center", va="center", fontsize=_LABEL_FONT,
                               color=BIAS_COLOR, zorder=4)
                half_w, half_h = size(text)
                gap = radius + 0.06 + half_h
                offsets = [(0, gap), (0, -gap), (radius + half_w, gap - 0.1), (-radius - half_w, gap - 0.1)]
                text.set_position(scene.place([np.array([x, y]) + o for o in offsets], np.array([1.0, 0.0]),
                                              half_w, half_h, margin=2.0 * half_h))
    # Then each weight, on its own edge as near its source as no other edge crosses it: near a node the edges of
    # a layer fan out and have not met yet, while in the middle they cross one another
    for start, end, label in edges:
        if label is None:
            continue
        text = ax.text(0, 0, label, ha="center", va="center", fontsize=_LABEL_FONT, color=WEIGHT_COLOR, zorder=2,
                       rotation_mode="anchor", bbox=_label_box(ax))
        half_w, half_h = size(text)
        length = np.linalg.norm(end - start)
        direction = (end - start) / length
        first, last = radius + half_w + 0.15, length - radius - half_w - 0.15
        along = np.arange(first, max(first, last) + 1e-9, _STEP)  # from the source end outwards
        centre = scene.place([start + d * direction for d in along], direction, half_w, half_h, own=(start, end),
                             margin=_EDGE_GAP)
        text.set_position(centre)
        text.set_rotation(np.degrees(np.arctan2(direction[1], direction[0])))
    return ax, scene.clear


_LABEL_FONT = MIN_FONT_SIZE  # weight and bias labels: the lectures' smallest readable size
_SPREADS = (1.0, 1.15, 1.3, 1.45, 1.6)  # how far apart the layers may be spread, tried in turn
_STEP = 0.05  # the spacing of the places tried along an edge (data units)
_EDGE_GAP = 0.08  # the least white between a weight label's box and any other edge (data units)


class _Scene:
    """What a new label of a network drawing must keep clear of: nodes, edges and the labels placed so far.

    Labels are rectangles (centre, unit direction, half width, half height) in
    data units.  :meth:`place` takes the first candidate centre that touches
    nothing, or else the one that touches the fewest things.
    """

    def __init__(self, nodes, radius, segments):
        self.nodes, self.radius = nodes, radius
        t = np.linspace(0.0, 1.0, 200)[:, None]
        self.segments = [(s, e, s + t * (e - s)) for s, e in segments]  # with points along each
        self.boxes = []
        self.clear = True  # whether every label so far found a place touching nothing, margin kept

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

    def place(self, candidates, direction, half_w, half_h, own=None, margin=0.0):
        """The best of ``candidates`` (centres, best first) for a label; it is kept as placed.

        Best: touching no node and no label, the first with ``margin`` of
        white to every edge other than ``own``, else the one with the most
        white; if every candidate touches something, the one that touches the
        fewest.
        """
        boxes = [(np.asarray(c, float), direction, half_w, half_h) for c in candidates]
        free = [box for box in boxes if self.collisions(box) == 0]
        if free:
            best = max(free, key=lambda box: min(self.clearance(box, own), margin))  # first of the best
            self.clear &= self.clearance(best, own) >= min(margin, _EDGE_GAP)
        else:
            best = min(boxes, key=self.collisions)
            self.clear = False
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
    ax_hid.imshow(np.zeros(out), cmap="gray_r", vmin=0, vmax=1)
    for ax, (rows, cols) in ((ax_img, image.shape), (ax_hid, out)):
        ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
        ax.grid(which="minor", color=INK, alpha=0.15, linewidth=0.4)
        ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    # each window its own palette colour *and* outline style, so the pairs are told apart without colour too
    styles = list(zip(RECEPTIVE_FIELD_COLORS, ("-", "--", ":", "-.")))
    for (r, c), (color, ls) in zip(positions, styles * len(positions)):
        ax_img.add_patch(Rectangle((c - 0.5, r - 0.5), kernel, kernel, fill=False, edgecolor=color, linewidth=2.5,
                                   linestyle=ls))
        ax_hid.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, color=color))
        arrow = ConnectionPatch(
            (c + kernel - 0.5, r + kernel / 2 - 0.5), (c - 0.5, r), "data", "data", axesA=ax_img, axesB=ax_hid,
            color=color, linewidth=1.5, linestyle=ls, arrowstyle="->",
        )
        arrow.set_in_layout(False)  # an arrow between axes must not squeeze them
        ax_hid.add_artist(arrow)
    ax_img.set_title(f"input {image.shape[0]}x{image.shape[1]}, {kernel}x{kernel} receptive fields")
    ax_hid.set_title(f"hidden layer (feature map) {out[0]}x{out[1]}")
    return ax_img, ax_hid
