"""The gradient-descent widget: it draws lecturekit.descent's paths, and the sliders move them."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from lecturekit.widgets.descent import DescentExplorer


@pytest.fixture
def explorer():
    import matplotlib.pyplot as plt

    w = DescentExplorer(lr=0.05, steps=30, method="gradient descent")
    yield w
    plt.close(w.fig)


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
    with pytest.raises(ValueError, match="unknown surface 'ball'"):
        DescentExplorer(surface="ball")
    with pytest.raises(ValueError, match="lr must be a positive number"):
        explorer.set(lr=0.0)
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


def test_the_legend_names_only_the_methods_shown(explorer):
    def names():
        (legend,) = explorer.fig.legends
        return [t.get_text() for t in legend.get_texts()]

    assert names() == ["gradient descent"]
    explorer.set(method="momentum")
    assert names() == ["momentum"]
    explorer.set(method="all")
    assert names() == ["gradient descent", "momentum", "adam"]
    legend = explorer.fig.legends[0]
    explorer.set(lr=0.1)  # the same methods: the same legend, kept as pixels
    assert explorer.fig.legends == [legend]
    assert all(t.get_fontsize() >= 11 for t in legend.get_texts())
