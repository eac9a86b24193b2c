"""The gradient-descent widget: the paths it draws are the update rules, and the sliders move them."""
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from lecturekit.gradcheck import check_function  # noqa: E402
from lecturekit.widgets.descent import METHODS, DescentExplorer, descend, get_surface  # noqa: E402


@pytest.fixture
def explorer():
    import matplotlib.pyplot as plt

    w = DescentExplorer(lr=0.05, steps=30, method="gradient descent")
    yield w
    plt.close(w.fig)


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.15, 0.21])
def test_gradient_descent_on_the_bowl_is_the_closed_form(lr):
    """On C = (w1^2 + 10 w2^2)/2 each step multiplies w_i by (1 - eta lambda_i)."""
    bowl = get_surface("bowl")
    path = descend(bowl.grad, bowl.start, lr, 25)
    k = np.arange(26)[:, None]
    assert np.allclose(path, bowl.start * (1 - lr * np.array([1.0, 10.0])) ** k, rtol=1e-12)


def test_momentum_and_adam_follow_their_update_rules():
    bowl = get_surface("bowl")
    w0 = bowl.start
    p = descend(bowl.grad, w0, 0.01, 2, "momentum", momentum=0.9)
    v1 = -0.01 * bowl.grad(w0)
    v2 = 0.9 * v1 - 0.01 * bowl.grad(w0 + v1)
    assert np.allclose(p, [w0, w0 + v1, w0 + v1 + v2])
    # Adam's first step has length eta in every coordinate, whatever the gradient's scale
    a = descend(bowl.grad, w0, 0.1, 1, "adam")
    assert np.allclose(a[1] - w0, -0.1 * np.sign(bowl.grad(w0)), rtol=1e-6)


def test_rosenbrock_gradient_is_right():
    ros = get_surface("rosenbrock")
    f = lambda w: ros.loss(w[0], w[1])  # noqa: E731
    for point in ([-1.5, 2.0], [0.3, -0.4], [1.2, 1.0], [2.0, 0.5]):
        assert check_function(f, ros.grad, point) < 1e-8
    assert ros.loss(*ros.minimum) == 0.0 and np.allclose(ros.grad(ros.minimum), 0.0)


@pytest.mark.parametrize("surface", ["bowl", "rosenbrock"])
@pytest.mark.parametrize("method", list(METHODS))
def test_a_diverging_path_stops_quietly(surface, method):
    s = get_surface(surface)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning, ever
        path = descend(s.grad, s.start, 5.0 if method != "adam" else 50.0, 200, method)
    assert path.shape == (201, 2) and np.all(np.isfinite(path[0]))
    if method != "adam":
        assert np.isnan(path[-1]).all()


@pytest.mark.parametrize(
    "lr,verdict", [(0.01, "slow"), (0.1, "converged"), (0.19, "oscillating"), (0.21, "diverged")]
)
def test_the_four_regimes_of_the_learning_rate(explorer, lr, verdict):
    explorer.set(lr=lr, steps=50, method="gradient descent")
    assert explorer.verdict(explorer.final_paths["gradient descent"]) == verdict
    assert f"gradient descent {verdict}" in explorer.title.get_text()


def test_update_moves_the_artists(explorer):
    explorer.set(lr=0.19, steps=40)
    x, y = explorer.paths["gradient descent"].get_data()
    expected = explorer.path("gradient descent", 0.19, 40)
    assert np.allclose(x, expected[:, 0]) and np.allclose(y, expected[:, 1])
    steps, loss = explorer.curves["gradient descent"].get_data()
    assert np.array_equal(steps, np.arange(41))
    assert np.allclose(loss, explorer.surface.loss(expected[:, 0], expected[:, 1]))
    assert len(explorer.paths["adam"].get_xdata()) == 0  # not shown for one method
    explorer.set(method="all")
    assert all(len(line.get_xdata()) == 41 for line in explorer.paths.values())
    assert explorer.ax_loss.get_xlim() == (0, 40)


def test_sliders_drive_the_figure(explorer):
    box = explorer.widget()
    assert set(explorer.controls) == {"lr", "steps", "method"}
    assert box.children
    explorer.controls["steps"].value = 12
    explorer.controls["method"].value = "momentum"
    assert len(explorer.paths["momentum"].get_xdata()) == 13
    assert explorer.values["steps"] == 12
    explorer.set(lr=0.2)  # code moves the slider too
    assert explorer.controls["lr"].value == pytest.approx(0.2)


def test_headless_figure_draws(explorer):
    explorer.set(method="all", steps=100)
    explorer.fig.canvas.draw()  # no exception, and the artists are in the figure
    assert explorer.fig.axes == [explorer.ax, explorer.ax_loss]


def test_bad_arguments_raise_clear_errors(explorer):
    bowl = get_surface("bowl")
    with pytest.raises(ValueError, match="unknown surface 'ball'"):
        get_surface("ball")
    with pytest.raises(ValueError, match="unknown method 'sgd'"):
        descend(bowl.grad, bowl.start, 0.1, 5, "sgd")
    with pytest.raises(ValueError, match="lr must be a positive number"):
        descend(bowl.grad, bowl.start, 0.0, 5)
    with pytest.raises(ValueError, match="steps must be an int >= 0"):
        descend(bowl.grad, bowl.start, 0.1, 2.5)
    with pytest.raises(ValueError, match=r"start must be a point of shape \(2,\)"):
        descend(bowl.grad, [1.0, 2.0, 3.0], 0.1, 5)
    with pytest.raises(ValueError, match="unknown method 'newton'"):
        explorer.set(method="newton")
    with pytest.raises(ValueError, match="unknown value name"):
        explorer.set(learning_rate=0.1)


def test_loss_axis_limits_move_in_round_steps(explorer):
    """The limits follow the path in round steps, so most slider moves leave the ticks alone."""
    explorer.set(steps=41)
    assert explorer.ax_loss.get_xlim() == (0, 50)
    explorer.set(steps=45)
    assert explorer.ax_loss.get_xlim() == (0, 50)
    explorer.set(lr=0.25)  # diverges: the loss axis reaches a power of ten above the largest loss
    top = explorer.ax_loss.get_ylim()[1]
    largest = np.nanmax(explorer.curves["gradient descent"].get_ydata())
    assert 10 * largest <= top <= 100 * largest
    assert np.log10(top) == round(np.log10(top))
