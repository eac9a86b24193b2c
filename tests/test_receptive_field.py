"""lecturekit.diagram.draw_local_receptive_field: notebook 06's picture of local receptive fields."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from lecturekit.diagram import draw_local_receptive_field  # noqa: E402
from lecturekit.style import MIN_FONT_SIZE  # noqa: E402


def boxes(ax):
    return [(p.get_x(), p.get_y(), p.get_width()) for p in ax.patches if isinstance(p, Rectangle)]


def test_each_window_feeds_the_hidden_neuron_at_its_corner():
    image = np.arange(28 * 28, dtype=float).reshape(28, 28)
    ax_img, ax_hid = draw_local_receptive_field(image, kernel=5, positions=((8, 6), (8, 7)))
    assert boxes(ax_img) == [(5.5, 7.5, 5), (6.5, 7.5, 5)]
    assert boxes(ax_hid) == [(5.5, 7.5, 1), (6.5, 7.5, 1)]  # neuron (j, k) sees the window at (j, k)
    assert ax_hid.get_images()[0].get_array().shape == (24, 24)  # 28 - 5 + 1
    assert "24x24" in ax_hid.get_title()
    assert min(ax.title.get_fontsize() for ax in (ax_img, ax_hid)) >= MIN_FONT_SIZE
    plt.close(ax_img.figure)


def test_draws_on_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert draw_local_receptive_field(np.zeros((8, 8)), kernel=3, positions=[(0, 0)], axes=axes) == tuple(axes)
    assert axes[1].get_images()[0].get_array().shape == (6, 6)
    plt.close(fig)


def test_a_stack_of_images_is_rejected():
    with pytest.raises(ValueError, match="2-D"):
        draw_local_receptive_field(np.zeros((2, 28, 28)))
