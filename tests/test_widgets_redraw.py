"""Every widget's fast redraw: the static part is kept as pixels, the picture stays exact.

A widget marks the artists its ``update`` changes as moving (``fig.moving``);
a redraw then repaints only those over the kept pixels of the rest, unless
something else changed (``fig.background_paints`` counts the repaints of the
rest).  These tests check, pixel for pixel, that the picture is the one
matplotlib's ordinary full draw gives, after slider moves that keep the
static part and after moves that change it (limits, titles, sizes).
"""
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecturekit import widgets

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
    assert fig.moving, "every widget has moving artists"
    fast(fig)
    paints = fig.background_paints
    assert paints >= 1
    widget.set(**widget.moves[0])  # the first move changes moving artists only
    assert not fig.stale, "a change of moving artists must leave the static part valid"
    fast(fig)
    assert fig.background_paints == paints, "the kept background is put back, not painted anew"
    fig.set_size_inches(fig.get_size_inches() * 1.1)  # a resized canvas (ipympl) repaints it all
    after = fast(fig)
    assert fig.background_paints == paints + 1
    np.testing.assert_array_equal(after, ordinary(fig))


def test_a_static_change_repaints_the_background():
    w = widgets.NeuronExplorer()
    fast(w.fig)
    paints = w.fig.background_paints
    w.set(activation="relu", w=3.0)  # the curve leaves [0, 1]: new y-limits and ticks
    assert w.fig.stale
    fast(w.fig)
    assert w.fig.background_paints == paints + 1
    w.ax.set_xlabel("a new label")  # a change made from outside the widget is seen too
    np.testing.assert_array_equal(fast(w.fig), ordinary(w.fig))
    assert w.fig.background_paints == paints + 2
    plt.close(w.fig)


def test_a_removed_moving_artist_is_gone_from_the_picture():
    w = widgets.NeuronExplorer()
    fast(w.fig)
    w.threshold.remove()
    np.testing.assert_array_equal(fast(w.fig), ordinary(w.fig))
    plt.close(w.fig)


def test_text_is_readable_projected_and_the_figure_fits_a_slide(widget):
    width, height = widget.fig.canvas.get_width_height()
    assert width <= 960, f"{type(widget).__name__} is {width} pixels wide"
    for move in [{}, *widget.moves]:
        widget.set(**move)
        widget.fig.canvas.draw()
        # everything drawn (titles, tick labels, legends), in inches from the lower left corner
        drawn = widget.fig.get_tightbbox(widget.fig.canvas.get_renderer())
        inside = widget.fig.bbox_inches.padded(0.01)
        assert inside.containsx(drawn.x0) and inside.containsx(drawn.x1) and inside.containsy(drawn.y0) \
            and inside.containsy(drawn.y1), f"{type(widget).__name__} after {move}: text leaves the figure ({drawn})"
