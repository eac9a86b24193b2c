"""lecturekit.diagram: the neuron and network drawings, and notebook 07's local receptive fields."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle

from lecturekit import diagram
from lecturekit.style import MIN_FONT_SIZE


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
    assert all(t.get_color() == "tab:red" for t in biases)
    assert not any("b = " in t.get_text() for t in diagram.draw_network([2, 1]).texts)  # no biases given, none drawn


def test_network_nan_bias_is_left_out():
    ax = diagram.draw_network([2, 2], biases=[np.array([1.0, np.nan])])
    assert [t.get_text() for t in ax.texts] == ["b = 1.00"]


@pytest.mark.parametrize("draw", [_xor_drawing, _backprop_drawing])
def test_network_weight_labels_sit_on_their_own_edges_and_never_overlap(draw):
    ax = draw()
    ax.figure.canvas.draw()
    weight_labels = [t for t in ax.texts if t.get_color() == "tab:blue"]
    assert len(weight_labels) == len(ax.lines)
    for text, line in zip(weight_labels, ax.lines):  # drawn in the same order: edge k carries label k
        (x0, x1), (y0, y1) = line.get_xdata(), line.get_ydata()
        x, y = text.get_position()
        t = (x - x0) / (x1 - x0)
        assert 0.15 < t < 0.85 and np.isclose(y, y0 + t * (y1 - y0)), "the label's centre is on its edge"
        assert np.isclose(text.get_rotation() % 180, np.degrees(np.arctan2(y1 - y0, x1 - x0)) % 180)
    # the white boxes behind the labels (rotated rectangles, in pixels) overlap neither each other nor a bias label
    boxes = [t.get_bbox_patch().get_path().transformed(t.get_bbox_patch().get_transform()) for t in weight_labels]
    others = [t.get_window_extent() for t in ax.texts if t.get_color() == "tab:red"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.intersects_path(b, filled=True)
        for extent in others:
            assert not a.intersects_bbox(extent, filled=True)


def test_network_text_is_readable_when_projected():
    ax = _xor_drawing()
    assert min(t.get_fontsize() for t in ax.texts) >= 11


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
