"""lecturekit.universality: bumps of sigmoid neurons trace a curve; and its widget."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecturekit.activations import sigmoid
from lecturekit.universality import bump_network, one_hidden_layer, wiggly

X = np.linspace(0.0, 1.0, 1001)


def test_wiggly_is_nielsens_curve():
    assert wiggly(0.0) == pytest.approx(0.25)
    assert wiggly(1.0) == pytest.approx(0.2 + 0.4 + 0.3 * np.sin(15) + 0.05 * np.cos(50))
    assert wiggly(X).shape == X.shape


def test_one_hidden_layer_is_the_weighted_sum_of_sigmoids():
    w, b, v = np.array([2.0, -1.0]), np.array([0.5, 0.0]), np.array([1.5, -3.0])
    x = np.array([-1.0, 0.0, 2.0])
    expected = [1.5 * sigmoid(2 * xi + 0.5) - 3.0 * sigmoid(-xi) for xi in x]
    np.testing.assert_allclose(one_hidden_layer(x, w, b, v), expected)


def test_two_hidden_units_make_one_bump_as_high_as_the_target_at_its_centre():
    w, b, v = bump_network(lambda x: np.full_like(x, 0.7), 2, interval=(2.0, 4.0))
    assert w.shape == b.shape == v.shape == (2,)
    np.testing.assert_allclose(v, [0.7, -0.7])  # up, then down
    steps = -b / w
    np.testing.assert_allclose(steps, [1.0, 5.0])  # the outer steps half a piece outside (2, 4)
    inside = one_hidden_layer(np.linspace(2.0, 4.0, 21), w, b, v)
    np.testing.assert_allclose(inside, 0.7, atol=1e-6)
    outside = one_hidden_layer(np.array([0.0, 6.0]), w, b, v)
    np.testing.assert_allclose(outside, 0.0, atol=1e-6)


def test_inner_bumps_step_at_the_edges_of_equal_pieces():
    w, b, v = bump_network(wiggly, 8)
    edges = np.linspace(0, 1, 5)
    ups, downs = (-b / w)[:4], (-b / w)[4:]
    np.testing.assert_allclose(ups[1:], edges[1:-1])
    np.testing.assert_allclose(downs[:-1], edges[1:-1])
    centres = (edges[:-1] + edges[1:]) / 2
    np.testing.assert_allclose(v[:4], wiggly(centres))
    np.testing.assert_allclose(v[4:], -wiggly(centres))


def test_more_hidden_units_trace_the_target_more_closely():
    errors = [np.mean(np.abs(one_hidden_layer(X, *bump_network(wiggly, n)) - wiggly(X))) for n in (4, 10, 40, 200)]
    assert all(a > b for a, b in zip(errors, errors[1:])), errors
    assert errors[-1] < 0.01
    worst = np.max(np.abs(one_hidden_layer(X, *bump_network(wiggly, 200)) - wiggly(X)))
    assert worst < 0.05  # everywhere, the ends of the interval included


def test_steepness_sets_the_weights():
    w, _, _ = bump_network(wiggly, 10, steepness=20.0)
    np.testing.assert_allclose(w, 20.0 / 0.2)  # 5 bumps on [0, 1]: pieces of width 0.2


def test_bump_network_rejects_a_target_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"f must return one real number per input, shape \(2,\)"):
        bump_network(lambda x: 1.0, 4)


# --------------------------------------------------------------------------
# the widget
# --------------------------------------------------------------------------
@pytest.fixture
def explorer():
    from lecturekit.widgets import UniversalityExplorer

    e = UniversalityExplorer(n_hidden=10)
    yield e
    plt.close(e.fig)


def test_widget_draws_the_network_with_the_chosen_number_of_units(explorer):
    line = explorer.line
    np.testing.assert_allclose(line.get_ydata(), one_hidden_layer(explorer.x, *bump_network(wiggly, 10)))
    explorer.set(n_hidden=40)
    assert explorer.line is line, "the figure must be built once"
    np.testing.assert_allclose(line.get_ydata(), one_hidden_layer(explorer.x, *bump_network(wiggly, 40)))
    assert explorer.title.get_text().startswith("40 hidden units = 20 bumps")


def test_widget_error_shrinks_with_more_units(explorer):
    assert explorer.error(4) > explorer.error(20) > explorer.error(100)


def test_widget_slider_moves_the_curve(explorer):
    box = explorer.widget()
    slider, notice_line = box.children  # one slider, then the line that tells of a failed frame, hidden
    assert slider is explorer.controls["n_hidden"]
    assert notice_line.layout.display == "none" and explorer.notice == notice_line.value == ""
    explorer.controls["n_hidden"].value = 60
    assert explorer.values["n_hidden"] == 60
    np.testing.assert_allclose(explorer.line.get_ydata(), explorer.curve(60))


def test_widget_rejects_an_odd_number_of_units(explorer):
    with pytest.raises(ValueError, match=r"n_hidden must be an even int in 2\.\.100 \(two per bump\), got 7"):
        explorer.set(n_hidden=7)
    assert explorer.values["n_hidden"] == 10
