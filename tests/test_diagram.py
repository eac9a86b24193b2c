"""lecturekit.diagram: the neuron and network drawings, and notebook 07's local receptive fields."""
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import same_color
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath

from lecturekit import diagram
from lecturekit.style import MIN_FONT_SIZE, PALETTE


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_neuron_shows_weights_bias_and_activation():
    ax = diagram.draw_neuron(weights=[-2, -2], bias=3, activation="step")
    labels = texts(ax)
    assert labels.count("-2") == 2 and "step" in labels and any("3" in t for t in labels)
    assert sum(isinstance(p, matplotlib.patches.Circle) for p in ax.patches) == 3  # 2 inputs + sum


def test_network_labels_every_edge_with_its_weight():
    W1 = np.arange(6.0).reshape(3, 2)
    W2 = np.array([[0.5, -0.5, 1.5]])
    ax = diagram.draw_network([2, 3, 1], weights=[W1, W2], fmt="{:.1f}")
    labels = texts(ax)
    assert len(ax.lines) == 2 * 3 + 3 * 1
    for w in [*W1.ravel(), *W2.ravel()]:
        assert f"{w:.1f}" in labels


def test_network_nan_weight_hides_the_edge():
    W = np.array([[1.0, np.nan]])
    ax = diagram.draw_network([2, 1], weights=[W])
    assert len(ax.lines) == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(sizes=[3]), "at least two layers"),
        (dict(sizes=[2, 0]), "at least two layers"),
        (dict(sizes=[2, 3], weights=[np.zeros((2, 3))]), r"weights\[0\] must have shape \(3, 2\)"),
        (dict(sizes=[2, 3], weights=[]), "must hold 1 matrices"),
        (dict(sizes=[1, 1], node_labels=[["a"], ["b", "c"]]), "one label per node"),
    ],
)
def test_network_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        diagram.draw_network(**kwargs)


def test_neuron_errors():
    with pytest.raises(ValueError, match="at least one input"):
        diagram.draw_neuron(weights=[])
    with pytest.raises(ValueError, match="inputs has 1 labels but weights has 2"):
        diagram.draw_neuron(weights=[1, 2], inputs=["a"])


def _xor_drawing(**kwargs):
    W1, W2 = np.array([[-2.0, -2.0], [2.0, 2.0]]), np.array([[2.0, 2.0]])
    return diagram.draw_network(
        [2, 2, 1], weights=[W1, W2], biases=[np.array([3.0, -1.0]), np.array([-3.0])],
        node_labels=[["$x_1$", "$x_2$"], ["NAND", "OR"], ["AND"]], layer_names=["input", "hidden", "output"],
        fmt="{:+.0f}", **kwargs,
    )


def _backprop_drawing():
    W1 = np.array([[0.1, 0.4], [-0.3, 0.2], [0.5, -0.1]])
    W2 = np.array([[0.3, -0.2, 0.6], [-0.5, 0.4, 0.1]])
    b1, b2 = np.array([0.1, 0.0, -0.2]), np.array([0.05, -0.05])
    return diagram.draw_network([2, 3, 2], weights=[W1, W2], biases=[b1, b2], fmt="{:+.4f}")


def test_network_draws_each_bias_above_or_below_its_node():
    ax = _xor_drawing()
    biases = [t for t in ax.texts if t.get_text().startswith("b = ")]
    assert sorted(t.get_text() for t in biases) == ["b = +3", "b = -1", "b = -3"]
    assert all(same_color(t.get_color(), PALETTE["vermillion"]) for t in biases)
    assert not any("b = " in t.get_text() for t in diagram.draw_network([2, 1]).texts)  # no biases given, none drawn


def test_network_nan_bias_is_left_out():
    ax = diagram.draw_network([2, 2], biases=[np.array([1.0, np.nan])])
    assert [t.get_text() for t in ax.texts] == ["b = 1.00"]


@pytest.mark.parametrize("draw", [_xor_drawing, _backprop_drawing])
def test_network_weight_labels_sit_on_their_own_edges_and_never_overlap(draw):
    ax = draw()
    ax.figure.canvas.draw()
    weight_labels = weight_texts(ax)
    assert len(weight_labels) == len(ax.lines)
    for text, line in zip(weight_labels, ax.lines):  # drawn in the same order: edge k carries label k
        (x0, x1), (y0, y1) = line.get_xdata(), line.get_ydata()
        x, y = text.get_position()
        t = (x - x0) / (x1 - x0)
        assert 0.05 < t < 0.95 and np.isclose(y, y0 + t * (y1 - y0)), "the label's centre is on its edge"
        assert np.isclose(text.get_rotation() % 180, np.degrees(np.arctan2(y1 - y0, x1 - x0)) % 180)
    # the white boxes behind the labels (rotated rectangles, in pixels) overlap neither each other nor a bias label
    boxes = [t.get_bbox_patch().get_path().transformed(t.get_bbox_patch().get_transform()) for t in weight_labels]
    others = [t.get_window_extent() for t in ax.texts if same_color(t.get_color(), diagram.BIAS_COLOR)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.intersects_path(b, filled=True)
        for extent in others:
            assert not a.intersects_bbox(extent, filled=True)


def test_network_text_is_readable_when_projected():
    for ax in (_xor_drawing(), _backprop_drawing(), _lecture_drawing()):
        assert min(t.get_fontsize() for t in ax.texts) >= MIN_FONT_SIZE
    ax = diagram.draw_neuron(weights=[-2, -2], bias=3, activation="step")
    assert min(t.get_fontsize() for t in ax.texts if t.get_text()) >= MIN_FONT_SIZE  # arrows are empty texts


def weight_texts(ax):
    return [t for t in ax.texts if same_color(t.get_color(), diagram.WEIGHT_COLOR)]


def _lecture_drawing():
    """Notebook 04's first drawing: its weights and biases, node labels and layer names."""
    W1 = np.array([[0.1, 0.4], [-0.3, 0.2], [0.5, -0.1]])
    W2 = np.array([[0.3, -0.2, 0.6], [-0.5, 0.4, 0.1]])
    return diagram.draw_network(
        [2, 3, 2], weights=[W1, W2], biases=[np.array([0.1, 0.0, -0.2]), np.array([0.05, -0.05])],
        node_labels=[["$x_1$", "$x_2$"], ["$h_1$", "$h_2$", "$h_3$"], [r"$\hat y_1$", r"$\hat y_2$"]],
        layer_names=["input", "hidden", "output"],
    )


def _gradient_drawing():
    """Notebook 04's drawing of the gradients: small numbers with four decimals, the widest labels."""
    dW1 = np.array([[-0.0206, -0.0103], [0.0161, 0.0081], [-0.0105, -0.0052]])
    dW2 = np.array([[-0.0542, -0.0407, -0.0509], [0.0704, 0.0529, 0.0661]])
    return diagram.draw_network(
        [2, 3, 2], weights=[dW1, dW2],
        node_labels=[["$x_1$", "$x_2$"], ["$h_1$", "$h_2$", "$h_3$"], [r"$\hat y_1$", r"$\hat y_2$"]],
        layer_names=["input", "hidden", "output"], fmt="{:+.4f}",
    )


def _deeper_drawing():
    rng = np.random.default_rng(0)
    return diagram.draw_network([3, 4, 2], weights=[rng.normal(size=(4, 3)), rng.normal(size=(2, 4))])


def _gap(box, segment):
    """The distance in pixels from a label's rotated box (its 4 corners, in order) to a line segment."""
    corners = box[:4]
    centre = corners.mean(axis=0)
    along, across = corners[1] - corners[0], corners[3] - corners[0]
    half_w, half_h = np.linalg.norm(along) / 2, np.linalg.norm(across) / 2
    points = segment[0] + np.linspace(0.0, 1.0, 4000)[:, None] * (segment[1] - segment[0])
    d = points - centre
    out_w = np.abs(d @ (along / (2 * half_w))) - half_w
    out_h = np.abs(d @ (across / (2 * half_h))) - half_h
    return float(np.min(np.hypot(np.maximum(out_w, 0.0), np.maximum(out_h, 0.0))))


@pytest.mark.parametrize("draw", [_xor_drawing, _backprop_drawing, _lecture_drawing, _gradient_drawing,
                                  _deeper_drawing])
def test_no_edge_crosses_or_touches_a_label_other_than_its_own(draw):
    # a label on crossing lines is unreadable: no line but the label's own edge may run through its white box,
    # or pass within a few pixels of it
    ax = draw()
    ax.figure.canvas.draw()
    segments = [ax.transData.transform(np.column_stack(line.get_data())) for line in ax.lines]
    for k, text in enumerate(weight_texts(ax)):
        patch = text.get_bbox_patch()
        box = patch.get_path().transformed(patch.get_transform()).vertices  # the rotated white box, in pixels
        gaps = {j: _gap(box, segment) for j, segment in enumerate(segments) if j != k}
        nearest = min(gaps, key=gaps.get)
        assert gaps[nearest] >= 3.0, f"{text.get_text()!r} (edge {k}) is {gaps[nearest]:.1f} px from edge {nearest}"
    # nor does a label sit at a crossing of two other edges, where it could be read as theirs
    crossings = []
    for a, (p, p1) in enumerate(segments):
        for q, q1 in segments[a + 1:]:
            r, s = p1 - p, q1 - q
            det = r[0] * s[1] - r[1] * s[0]
            if abs(det) > 1e-9:
                t, u = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / det, ((q - p)[0] * r[1] - (q - p)[1] * r[0]) / det
                if 0.02 < t < 0.98 and 0.02 < u < 0.98:  # a crossing, not a shared node
                    crossings.append((p + t * r, p + t * r + 1e-9))
    for text in weight_texts(ax):
        patch = text.get_bbox_patch()
        box = patch.get_path().transformed(patch.get_transform()).vertices
        assert all(_gap(box, np.array(point)) >= 10.0 for point in crossings), text.get_text()
    lines = [MplPath(segment) for segment in segments]
    for text in ax.texts:
        if same_color(text.get_color(), diagram.BIAS_COLOR):
            extent = text.get_window_extent()
            assert not any(line.intersects_bbox(extent, filled=True) for line in lines), text.get_text()


def test_weight_labels_sit_near_the_source_end_where_they_can():
    # where the edges of one node fan out, before they cross the others: most labels sit in the source half
    ax = _lecture_drawing()
    share = [(text.get_position()[0] - line.get_xdata()[0]) / (line.get_xdata()[1] - line.get_xdata()[0])
             for text, line in zip(weight_texts(ax), ax.lines)]
    assert np.mean(np.array(share) < 0.5) >= 0.75


def test_drawings_take_their_colours_from_the_palette():
    palette = list(PALETTE.values())
    ax = _lecture_drawing()
    colours = [t.get_color() for t in ax.texts] + [line.get_color() for line in ax.lines]
    colours += [p.get_edgecolor() for p in ax.patches]
    assert all(any(same_color(c[:3] if not isinstance(c, str) else c, p) for p in palette) for c in colours)
    # and the module's source hard-codes no colour: no names, no hex, no tab: or C1 cycle colours, no greys
    source = Path(diagram.__file__).read_text()
    literal = re.compile(r"""(?:color|colors|facecolor|edgecolor)\s*=\s*["'](?!none["'])[^"']+["']""")
    assert not literal.findall(source)
    assert not re.findall(r"#[0-9a-fA-F]{6}\b|\btab:\w+", source)


def test_network_nodes_are_wide_enough_for_their_labels():
    ax = _xor_drawing()
    ax.figure.canvas.draw()
    circles = [p for p in ax.patches if isinstance(p, matplotlib.patches.Circle)]
    widest = max(t.get_window_extent().width for t in ax.texts if t.get_text() in ("NAND", "AND", "OR"))
    diameter = ax.transData.transform((2 * circles[0].radius, 0))[0] - ax.transData.transform((0, 0))[0]
    assert widest < diameter


def test_network_bias_errors():
    with pytest.raises(ValueError, match=r"biases must hold 2 vectors"):
        diagram.draw_network([2, 2, 1], biases=[np.zeros(2)])
    with pytest.raises(ValueError, match=r"biases\[1\] must have shape \(1,\)"):
        diagram.draw_network([2, 2, 1], biases=[np.zeros(2), np.zeros(2)])


# --------------------------------------------------------------------------
# draw_local_receptive_field: notebook 07's picture of local receptive fields
# --------------------------------------------------------------------------
def boxes(ax):
    return [(p.get_x(), p.get_y(), p.get_width()) for p in ax.patches if isinstance(p, Rectangle)]


def test_receptive_field_each_window_feeds_the_hidden_neuron_at_its_corner():
    image = np.arange(28 * 28, dtype=float).reshape(28, 28)
    ax_img, ax_hid = diagram.draw_local_receptive_field(image, kernel=5, positions=((8, 6), (8, 7)))
    assert boxes(ax_img) == [(5.5, 7.5, 5), (6.5, 7.5, 5)]
    assert boxes(ax_hid) == [(5.5, 7.5, 1), (6.5, 7.5, 1)]  # neuron (j, k) sees the window at (j, k)
    assert ax_hid.get_images()[0].get_array().shape == (24, 24)  # 28 - 5 + 1
    assert "24x24" in ax_hid.get_title()
    assert min(ax.title.get_fontsize() for ax in (ax_img, ax_hid)) >= MIN_FONT_SIZE


def test_receptive_field_draws_on_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert diagram.draw_local_receptive_field(np.zeros((8, 8)), kernel=3, positions=[(0, 0)], axes=axes) == tuple(axes)
    assert axes[1].get_images()[0].get_array().shape == (6, 6)


def test_receptive_field_rejects_a_stack_of_images():
    with pytest.raises(ValueError, match="2-D"):
        diagram.draw_local_receptive_field(np.zeros((2, 28, 28)))
