"""The convolution-arithmetic widget: what its sliders draw, checked without a browser."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecturekit import convolution
from lecturekit.widgets import conv_arithmetic as ca
from lecturekit.widgets.conv_arithmetic import ConvArithmetic


@pytest.fixture(scope="module")
def widget():
    return ConvArithmetic()


def _drawn(w):
    """The categories shown on both sides, as the artists hold them."""
    return np.asarray(w.input_image.get_array()), np.asarray(w.output_image.get_array())


def test_default_is_the_guides_first_figure(widget):
    # Dumoulin & Visin, fig. 2.1: 5x5 input, 3x3 kernel, no padding, stride 1 -> 3x3 output.
    widget.set(size=5, kernel=3, stride=1, padding=0, dilation=1, row=0, col=0)
    inputs, outputs = _drawn(widget)
    assert inputs.shape == (5, 5) and outputs.shape == (3, 3)
    assert (inputs[:3, :3] == ca.SEEN_INPUT).all() and (inputs == ca.SEEN_INPUT).sum() == 9
    assert outputs[0, 0] == ca.CHOSEN and (outputs == ca.CHOSEN).sum() == 1


def test_padding_and_stride_move_the_receptive_field(widget):
    # fig. 2.7: 5x5 input, padding 1, stride 2 -> 3x3; output (1, 2) reads padded rows 2-4, cols 4-6
    widget.set(size=5, kernel=3, stride=2, padding=1, dilation=1, row=1, col=2)
    inputs, outputs = _drawn(widget)
    assert inputs.shape == (7, 7) and outputs.shape == (3, 3)
    assert (inputs[0] == ca.PAD).all() and (inputs[:, -1][[0, 1, 5, 6]] == ca.PAD).all()
    seen = np.isin(inputs, [ca.SEEN_INPUT, ca.SEEN_PAD])
    assert np.array_equal(np.argwhere(seen)[[0, -1]], [[2, 4], [4, 6]])
    assert (inputs[2:5, 6] == ca.SEEN_PAD).all()  # the right column of the window is padding
    assert widget.chosen == (1, 2) and outputs[1, 2] == ca.CHOSEN
    # the border drawn around the real image sits inside the padding
    assert widget.image_border.get_x() == 0.5 and widget.image_border.get_width() == 5


def test_dilation_leaves_holes_between_taps(widget):
    # fig. 5.1: 7x7 input, 3x3 kernel with dilation 2 (spans 5x5) -> 3x3 output
    widget.set(size=7, kernel=3, stride=1, padding=0, dilation=2, row=1, col=1)
    inputs, outputs = _drawn(widget)
    assert outputs.shape == (3, 3)
    seen = np.argwhere(inputs == ca.SEEN_INPUT)
    assert sorted({tuple(r) for r in seen}) == [(r, c) for r in (1, 3, 5) for c in (1, 3, 5)]
    assert "spans 5x5" in widget.ax_in.get_title()


def test_kernel_too_large_gives_no_output(widget):
    widget.set(size=3, kernel=5, stride=1, padding=0, dilation=1, row=0, col=0)
    inputs, outputs = _drawn(widget)
    assert widget.output_shape == (0, 0)
    assert (inputs == ca.INPUT).all()  # nothing highlighted
    assert outputs.shape == (1, 1) and outputs[0, 0] == ca.NO_OUTPUT  # a blank cell
    assert "does not fit" in widget.message.get_text()
    assert widget.formula.get_text().endswith("= −1 ≤ 0")  # (3 + 0 - 4 - 1) // 1 + 1
    widget.set(size=5, kernel=3, stride=1, padding=0, dilation=1)
    assert widget.message.get_text() == ""


def test_chosen_cell_is_clamped_to_the_output(widget):
    widget.set(size=5, kernel=3, stride=1, padding=0, dilation=1, row=15, col=15)
    assert widget.chosen == (2, 2)
    assert "(2, 2)" in widget.ax_out.get_title()


@given(
    size=st.integers(1, 12), kernel=st.integers(1, 7), stride=st.integers(1, 4),
    padding=st.integers(0, 4), dilation=st.integers(1, 3), row=st.integers(0, 19), col=st.integers(0, 19),
)
@settings(max_examples=50, deadline=None)
def test_drawing_agrees_with_the_convolution(size, kernel, stride, padding, dilation, row, col):
    """The output size drawn is the one conv2d produces; the highlighted inputs are those it reads."""
    inputs, outputs, (r, c) = ConvArithmetic.layout(size, kernel, stride, padding, dilation, row, col)
    o = convolution.output_size(size, kernel, stride, padding, dilation)
    assert outputs.shape == (o, o) and inputs.shape == (size + 2 * padding,) * 2
    if o == 0:
        return
    # Convolve, with an all-ones kernel, one image per padded-input pixel that
    # is 1 there and 0 elsewhere: the chosen output is nonzero exactly for the
    # pixels it reads.
    n = size + 2 * padding
    one_hot = np.eye(n * n).reshape(n * n, n, n, 1)
    y = convolution.conv2d(one_hot, np.ones((kernel, kernel, 1, 1)), stride=stride, dilation=dilation)
    assert y.shape == (n * n, o, o, 1)
    seen = np.isin(inputs, [ca.SEEN_INPUT, ca.SEEN_PAD])
    np.testing.assert_array_equal(y[:, r, c, 0].reshape(n, n) != 0, seen)
    assert seen.sum() == kernel * kernel


def test_update_changes_artists_only(widget):
    widget.set(size=5, kernel=3, stride=1, padding=0, dilation=1, row=0, col=0)
    artists = (widget.input_image, widget.output_image, widget.input_grid, widget.output_grid, widget.image_border)
    n_children = (len(widget.ax_in.get_children()), len(widget.ax_out.get_children()))
    widget.set(size=9, kernel=4, stride=2, padding=3, dilation=1, row=1, col=3)
    assert artists == (
        widget.input_image, widget.output_image, widget.input_grid, widget.output_grid, widget.image_border
    )
    assert (len(widget.ax_in.get_children()), len(widget.ax_out.get_children())) == n_children
    # Both sides share one scale: the axes span the padded input.
    assert widget.ax_in.get_xlim() == widget.ax_out.get_xlim()
    assert len(widget.input_grid.get_segments()) == 2 * (15 + 1)


def test_controls_move_with_set_and_cover_the_limits():
    w = ConvArithmetic()
    box = w.widget()
    assert box is not None
    for name, (lo, hi) in ConvArithmetic.LIMITS.items():
        assert (w.controls[name].min, w.controls[name].max) == (lo, hi)
    w.set(kernel=5, padding=2)
    assert w.controls["kernel"].value == 5 and w.controls["padding"].value == 2
    w.controls["stride"].value = 2  # a slider drag
    assert w.values["stride"] == 2 and w.output_shape == (3, 3)


def test_bad_values_are_rejected():
    with pytest.raises(ValueError, match="kernel must be an int in"):
        ConvArithmetic(kernel=0)
    w = ConvArithmetic()
    with pytest.raises(ValueError, match="stride"):
        w.set(stride=9)
    with pytest.raises(ValueError, match="unknown"):
        w.set(filters=3)


def _painted(image, categories):
    """The RGB colour the artist paints each of ``categories`` (cell values) with."""
    return [tuple(float(c) for c in rgba[:3]) for rgba in image.to_rgba(np.asarray(categories, dtype=float))]


def test_colours_come_from_the_palette():
    from matplotlib.colors import to_rgb

    from lecturekit.style import PALETTE

    w = ConvArithmetic(size=5, kernel=3, padding=1)
    inputs = _painted(w.input_image, [ca.PAD, ca.INPUT, ca.SEEN_INPUT, ca.SEEN_PAD, ca.EMPTY])
    outputs = _painted(w.output_image, [ca.OUTPUT, ca.CHOSEN, ca.NO_OUTPUT])
    assert np.allclose(inputs[ca.SEEN_INPUT], to_rgb(PALETTE["blue"]))
    assert np.allclose(outputs[ca.CHOSEN], to_rgb(PALETTE["green"]))
    assert np.allclose(inputs[ca.SEEN_PAD], to_rgb(PALETTE["sky"]))
    assert np.allclose(inputs[ca.EMPTY], (1.0, 1.0, 1.0)) and np.allclose(outputs[ca.NO_OUTPUT], (1.0, 1.0, 1.0))
    # each category its own colour, and the chosen cells darker than the others
    assert len(set(inputs)) == len(inputs) and len(set(outputs)) == len(outputs)
    assert sum(inputs[ca.SEEN_INPUT]) < sum(inputs[ca.INPUT])
    assert sum(outputs[ca.CHOSEN]) < sum(outputs[ca.OUTPUT])
    # the drawn cells have those colours: the cells the chosen output reads are blue (image) or sky blue (padding)
    cells, _ = _drawn(w)
    painted = w.input_image.to_rgba(cells.astype(float))[..., :3]
    assert np.allclose(painted[cells == ca.SEEN_INPUT], to_rgb(PALETTE["blue"]))
    assert np.allclose(painted[cells == ca.SEEN_PAD], inputs[ca.SEEN_PAD])
