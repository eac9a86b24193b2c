"""Every widget's fast redraw: the static part is kept as pixels, the picture stays exact.

A widget marks the artists its ``update`` changes as moving (``LiveFigure._mark_moving``);
a redraw then repaints only those over the kept pixels of the rest, unless
something else changed.  These tests check, pixel for pixel, that the picture
is the one matplotlib's ordinary full draw gives, after slider moves that keep
the static part and after moves that change it (limits, titles, sizes).
"""
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecturekit import widgets  # noqa: E402

#: per widget: a slider move that changes only moving artists, then moves that
#: also change the static part (marked), mixed with more moving-only ones
MOVES = {
    "NeuronExplorer": [dict(w=1.2), dict(b=-0.5), dict(activation="relu", w=3.0), dict(w=3.1),
                       dict(activation="tanh"), dict(w=0.0)],
    "ActivationExplorer": [dict(w=1.5), dict(b=2.0), dict(activation="relu"), dict(w=3.0),
                           dict(activation="elu", alpha=0.5), dict(w=-3.0)],
    "DescentExplorer": [dict(lr=0.1), dict(steps=75), dict(method="all"), dict(lr=0.25), dict(lr=0.26)],
    "RegressionLossExplorer": [dict(error=-2.0), dict(delta=0.4), dict(error=3.9)],
    "SoftmaxLossExplorer": [dict(z0=3.0), dict(target=2), dict(z3=-5.0)],
    "LineFitExplorer": [dict(step=10), dict(step=0), dict(step=300)],
    "ConvArithmetic": [dict(row=1), dict(size=7, padding=2), dict(col=4), dict(kernel=6, size=3), dict(dilation=2)],
    "UniversalityExplorer": [dict(n_hidden=12), dict(n_hidden=40), dict(n_hidden=2)],
}


def test_every_widget_has_moves():
    live = {name for name in widgets.__all__ if name != "LiveFigure"}
    assert live == set(MOVES)


@pytest.fixture(params=sorted(MOVES))
def widget(request):
    w = getattr(widgets, request.param)()
    w.moves = MOVES[request.param]
    yield w
    plt.close(w.fig)


def fast(fig):
    """What a live canvas shows: ``canvas.draw()``, the kept background used where valid."""
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def ordinary(fig):
    """matplotlib's ordinary full draw of the figure at the same size (saving skips the kept pixels)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=fig.dpi)
    width, height = fig.canvas.get_width_height()
    return np.frombuffer(buf.getvalue(), np.uint8).reshape(height, width, 4)


def test_fast_redraw_is_the_ordinary_picture(widget):
    before = fast(widget.fig)
    np.testing.assert_array_equal(before, ordinary(widget.fig))
    for move in widget.moves:
        widget.set(**move)
        after = fast(widget.fig)
        assert (after != before).any(), f"{move} changed nothing on screen"
        np.testing.assert_array_equal(after, ordinary(widget.fig), err_msg=f"after set({move})")
        before = after


def test_a_moving_only_change_keeps_the_background(widget):
    fig = widget.fig
    fast(fig)
    kept = fig._background
    widget.set(**widget.moves[0])  # the first move changes moving artists only
    assert not fig.stale, "a change of moving artists must leave the static part valid"
    fast(fig)
    assert fig._background is kept
    fig.set_size_inches(fig.get_size_inches() * 1.1)  # a resized canvas (ipympl) repaints it all
    after = fast(fig)
    assert fig._background is not kept
    np.testing.assert_array_equal(after, ordinary(fig))


def test_a_static_change_repaints_the_background():
    w = widgets.NeuronExplorer()
    fast(w.fig)
    kept = w.fig._background
    w.set(activation="relu", w=3.0)  # the curve leaves [0, 1]: new y-limits and ticks
    assert w.fig.stale
    fast(w.fig)
    assert w.fig._background is not kept
    kept = w.fig._background
    w.ax.set_xlabel("a new label")  # a change made from outside the widget is seen too
    np.testing.assert_array_equal(fast(w.fig), ordinary(w.fig))
    assert w.fig._background is not kept
    plt.close(w.fig)


def test_a_removed_moving_artist_is_gone_from_the_picture():
    w = widgets.NeuronExplorer()
    fast(w.fig)
    w.threshold.remove()
    np.testing.assert_array_equal(fast(w.fig), ordinary(w.fig))
    plt.close(w.fig)


def test_text_is_readable_projected_and_the_figure_fits_a_slide(widget):
    from matplotlib.text import Text

    from lecturekit.style import MIN_FONT_SIZE

    for move in [{}, *widget.moves]:  # text that appears later (titles, tick labels of new limits) too
        widget.set(**move)
        fast(widget.fig)
        small = {(t.get_text(), t.get_fontsize()) for t in widget.fig.findobj(Text)
                 if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_FONT_SIZE}
        assert not small, f"text below {MIN_FONT_SIZE} pt after set({move}): {sorted(small)}"
    width, height = widget.fig.canvas.get_width_height()
    assert width <= 1200 and height <= 500, "a 1280 x 720 slide holds the figure and a row or two of sliders"


def test_figure_looks_like_any_figure(widget):
    # notebooks store the figure's text form; the sanitizer knows "<Figure size WxH with n Axes>"
    assert repr(widget.fig).startswith("<Figure size ")


def test_limits_move_in_round_steps():
    w = widgets.NeuronExplorer(activation="relu", w=2.0, b=0.0)  # top of the curve 12 -> limit 15
    fast(w.fig)
    top = w.ax.get_ylim()[1]
    w.set(w=2.2)  # 13.2: the same round limit
    assert w.ax.get_ylim()[1] == top and not w.fig.stale
    w.set(w=2.6)  # 15.6 -> 20
    assert w.ax.get_ylim()[1] > top
    lo, hi = w.ax.get_ylim()
    assert lo <= w.line.get_ydata().min() and hi >= w.line.get_ydata().max()
    plt.close(w.fig)


@pytest.mark.parametrize("value, expected", [(0.3, 0.3), (1.0, 1.0), (1.01, 1.5), (7.0, 8.0), (9.0, 10.0),
                                             (11.0, 15.0), (41.0, 50.0), (2.8e2, 300.0), (3e-7, 3e-7)])
def test_round_up(value, expected):
    round_up = widgets.LiveFigure._round_up
    assert round_up(value) == expected
    assert value <= round_up(value) <= 1.5 * value
