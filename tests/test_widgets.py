"""The widget pattern (LiveFigure) and notebook 01's NeuronExplorer, without a browser."""
import base64

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecturekit.activations import relu, sigmoid, step
from lecturekit.widgets import NeuronExplorer

from tests.notebook_cell import show


@pytest.fixture
def explorer():
    e = NeuronExplorer(w=1.0, b=0.0, activation="sigmoid")
    yield e
    plt.close(e.fig)


@pytest.fixture
def inline():
    from lecturekit.widgets.base import use_backend

    use_backend("inline")
    yield
    use_backend()  # back to the default


def test_initial_curve_is_the_neuron_output(explorer):
    assert np.allclose(explorer.line.get_ydata(), sigmoid(explorer.x))
    assert np.array_equal(explorer.step_line.get_ydata(), step(explorer.x))


@pytest.mark.parametrize("w, b, activation, f", [(3.0, -1.5, "sigmoid", sigmoid), (-2.0, 4.0, "relu", relu)])
def test_update_moves_the_existing_artists(explorer, w, b, activation, f):
    line, fig = explorer.line, explorer.fig
    explorer.set(w=w, b=b, activation=activation)
    assert explorer.line is line and explorer.fig is fig, "the figure must be built once"
    assert np.allclose(line.get_ydata(), f(w * explorer.x + b))
    assert explorer.threshold.get_xdata()[0] == pytest.approx(-b / w)
    lo, hi = explorer.ax.get_ylim()
    assert lo <= line.get_ydata().min() and hi >= line.get_ydata().max()


def test_faint_family_shows_what_w_and_b_do():
    from lecturekit.widgets.neuron import FAMILY

    e = NeuronExplorer(activation="tanh")
    assert {(1.0, 0.0), (0.5, 0.0), (3.0, 0.0)} <= set(FAMILY), "several weights at b = 0"
    assert {(1.0, -3.0), (1.0, 3.0)} <= set(FAMILY), "several biases at w = 1"
    for line, (w, b) in zip(e.family, FAMILY):
        np.testing.assert_allclose(line.get_ydata(), np.tanh(w * e.x + b))
        assert line.get_alpha() < 1 and line.get_linewidth() < e.line.get_linewidth(), "faint, behind the live curve"
    labels = [t.get_text() for t in e.fig.legends[0].get_texts()]
    assert "w = 3, b = 0" in labels and "w = 1, b = −3" in labels
    e.set(w=2.0, b=1.0)  # the sliders move the live curve only
    np.testing.assert_allclose(e.family[0].get_ydata(), np.tanh(0.5 * e.x))
    e.set(activation="relu")  # the family follows the activation
    np.testing.assert_allclose(e.family[2].get_ydata(), relu(3.0 * e.x))
    plt.close(e.fig)


def test_zero_weight_has_no_switch_point(explorer):
    explorer.set(w=0.0, b=2.0)
    assert np.isnan(explorer.threshold.get_xdata()[0])
    assert np.allclose(explorer.line.get_ydata(), sigmoid(2.0))


def test_slider_event_updates_the_figure_and_redraws(explorer, inline):
    cell = show(explorer)  # displayed as in a live notebook, with the inline backend
    box, picture = cell.displayed  # the controls, then the figure's picture
    assert "image/png" in picture
    *sliders, notice_line = box.children  # the line that tells of a failed frame last, hidden
    assert sliders == list(explorer.controls.values()) and len(sliders) == 3
    assert notice_line.layout.display == "none" and explorer.notice == notice_line.value == ""
    explorer.controls["w"].value = 5.0  # what dragging the slider does (no event loop: drawn at once)
    assert np.allclose(explorer.line.get_ydata(), sigmoid(5.0 * explorer.x))
    (frame,) = cell.updates
    assert set(frame) == {"image/png", "text/plain"} and frame["text/plain"].startswith("<Figure size 900x440")
    assert explorer.shown["w"] == 5.0
    explorer.controls["activation"].value = "relu"
    assert np.allclose(explorer.line.get_ydata(), relu(5.0 * explorer.x))


def test_programmatic_set_moves_the_sliders(explorer):
    explorer.widget()
    explorer.set(b=-3.0)
    assert explorer.controls["b"].value == -3.0
    assert explorer.values["b"] == -3.0


def test_unknown_value_name_is_rejected(explorer):
    with pytest.raises(ValueError, match="unknown value name"):
        explorer.set(weight=2.0)


def test_unknown_activation_is_rejected(explorer):
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        explorer.set(activation="softplus")


def test_headless_display_shows_a_static_figure(explorer):
    cell = show(explorer)
    picture = cell.displayed[-1]
    assert picture["text/plain"] == repr(explorer.fig), "stored outputs keep the figure's text form"
    assert base64.b64decode(picture["image/png"]).startswith(b"\x89PNG"), "and a picture of it"
    assert explorer.shown == explorer.values
    explorer.set(w=2.0)  # a later change replaces that picture in place
    (frame,) = cell.updates
    assert frame["text/plain"] == repr(explorer.fig) and explorer.shown == explorer.values


def test_bad_grid_is_rejected():
    with pytest.raises(ValueError, match="x must be a 1-D grid"):
        NeuronExplorer(x=[1.0])
