"""Notebook 02's and 03's widgets, driven without a browser: slider values in, plotted data out."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecturekit import activations as A
from lecturekit import losses as L
from lecturekit.widgets.activation import ActivationExplorer
from lecturekit.widgets.loss import (
    LineFitExplorer,
    RegressionLossExplorer,
    SoftmaxLossExplorer,
)
from lecturekit.widgets.neuron import FAMILY

from tests.notebook_cell import show


def frames_of(widget, cell):
    """The pictures the widget's cell received since display: each a PNG of the widget's figure."""
    updates = cell.updates
    assert all(u["image/png"] and u["text/plain"] == repr(widget.fig) for u in updates), updates
    return updates


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def inline():
    """The inline backend: each slider frame replaces the picture (no switch to an ipympl canvas)."""
    from lecturekit.widgets.base import use_backend

    use_backend("inline")
    yield
    use_backend()  # back to the default


# -- ActivationExplorer ----------------------------------------------------------
def test_activation_explorer_starts_with_the_sigmoid():
    e = ActivationExplorer()
    np.testing.assert_allclose(e.line.get_ydata(), A.sigmoid(e.x))
    np.testing.assert_allclose(e.grad_line.get_ydata(), A.sigmoid_grad(e.x))
    assert e.grad_line.get_ydata().max() == pytest.approx(0.25)


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_activation_explorer_draws_each_activation_and_its_derivative(name):
    e = ActivationExplorer()
    lines = (e.line, e.grad_line, *e.family, *e.grad_family)
    e.set(activation=name, w=2.0, b=-1.0, alpha=0.3)
    assert (e.line, e.grad_line, *e.family, *e.grad_family) == lines, "the figure must be built once"
    f, f_grad = A.get(name)
    kw = {"alpha": 0.3} if name in A.ALPHA_DEFAULTS else {}
    z = 2.0 * e.x - 1.0
    np.testing.assert_allclose(e.line.get_ydata(), f(z, **kw))
    np.testing.assert_allclose(e.grad_line.get_ydata(), f_grad(z, **kw))
    # the faint family: the same activation at the fixed (w, b), in both panels
    for line, grad_line, (w, b) in zip(e.family, e.grad_family, FAMILY):
        np.testing.assert_allclose(line.get_ydata(), f(w * e.x + b, **kw))
        np.testing.assert_allclose(grad_line.get_ydata(), f_grad(w * e.x + b, **kw))
    for ax, line in ((e.ax, e.line), (e.ax_grad, e.grad_line)):
        lo, hi = ax.get_ylim()
        assert lo <= line.get_ydata().min() and hi >= line.get_ydata().max()


def test_alpha_only_matters_where_the_activation_has_one():
    e = ActivationExplorer(activation="elu", alpha=0.5)
    assert e.line.get_ydata()[0] == pytest.approx(0.5 * np.expm1(-6))
    e.set(activation="relu")
    before = e.line.get_ydata().copy()
    e.set(alpha=1.7)
    np.testing.assert_array_equal(e.line.get_ydata(), before)


def test_default_alpha_follows_the_activation():
    assert ActivationExplorer(activation="leaky_relu").values["alpha"] == 0.01
    assert ActivationExplorer(activation="elu").values["alpha"] == 1.0


def test_activation_sliders_drive_the_figure(inline):
    e = ActivationExplorer(activation="sigmoid")
    cell = show(e)  # displayed as in a live notebook, with the inline backend
    assert e.controls["alpha"].disabled  # the sigmoid has no alpha
    e.controls["activation"].value = "leaky_relu"
    assert not e.controls["alpha"].disabled
    e.controls["alpha"].value = 0.2
    e.controls["w"].value = -1.5
    np.testing.assert_allclose(e.line.get_ydata(), A.leaky_relu(-1.5 * e.x, alpha=0.2))
    assert len(frames_of(e, cell)) == 3
    e.set(w=1.0)  # code moves the slider too
    assert e.controls["w"].value == 1.0


def test_activation_explorer_errors():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'"):
        ActivationExplorer(activation="sigmod")
    with pytest.raises(ValueError, match="softmax is not elementwise"):
        ActivationExplorer(activation="softmax")
    with pytest.raises(ValueError, match="x must be a 1-D grid"):
        ActivationExplorer(x=[1.0])
    e = ActivationExplorer()
    with pytest.raises(ValueError, match=r"unknown value name\(s\) \['beta'\]"):
        e.set(beta=1.0)


# -- RegressionLossExplorer -------------------------------------------------------
def test_regression_explorer_dots_sit_on_each_loss_and_gradient():
    r = RegressionLossExplorer(error=2.0, delta=1.0)
    expected = {
        "mae": (2.0, 1.0),
        "mse": (4.0, 4.0),
        "huber": (1.5, 1.0),
        "log_cosh": (np.log(np.cosh(2.0)), np.tanh(2.0)),
    }
    for name, (value, grad) in expected.items():
        assert r.dot[name].get_xdata()[0] == 2.0
        assert r.dot[name].get_ydata()[0] == pytest.approx(value)
        assert r.grad_dot[name].get_ydata()[0] == pytest.approx(grad)
    assert "MSE 4.00" in r.title.get_text()


def test_regression_explorer_curves_follow_delta():
    r = RegressionLossExplorer()
    curve = r.curve["huber"]
    r.set(delta=0.5, error=-3.0)
    assert r.curve["huber"] is curve
    np.testing.assert_allclose(curve.get_ydata(), L.pointwise("huber", 0 * r.e, r.e, delta=0.5))
    np.testing.assert_allclose(r.grad_curve["huber"].get_ydata(), np.clip(r.e, -0.5, 0.5))
    np.testing.assert_allclose(r.grad_curve["mae"].get_ydata(), np.sign(r.e))
    np.testing.assert_allclose(r.grad_curve["mse"].get_ydata(), 2 * r.e)
    assert r.grad_dot["huber"].get_ydata()[0] == pytest.approx(-0.5)
    assert r.cursor.get_xdata()[0] == -3.0


def test_regression_explorer_sliders(inline):
    r = RegressionLossExplorer()
    cell = show(r)
    r.controls["error"].value = 0.5
    assert r.dot["mse"].get_ydata()[0] == pytest.approx(0.25)
    assert len(frames_of(r, cell)) == 1


# -- SoftmaxLossExplorer ----------------------------------------------------------
def test_softmax_explorer_lecture_example():
    s = SoftmaxLossExplorer()  # z = (0, 1, -0.5, 0.5), true class 2
    heights = np.array([bar.get_height() for bar in s.prob_bars])
    np.testing.assert_allclose(heights, [0.17, 0.46, 0.10, 0.28], atol=0.005)
    y = np.eye(4)[1]
    np.testing.assert_allclose([bar.get_height() for bar in s.ce_bars], heights - y, atol=1e-12)
    quad = A.softmax_jacobian(np.array([0.0, 1.0, -0.5, 0.5])) @ (heights - y)  # J is symmetric
    np.testing.assert_allclose([bar.get_height() for bar in s.quad_bars], quad, atol=1e-12)
    assert "accuracy 1" in s.title.get_text()


def test_softmax_explorer_responds_to_logits_and_target():
    s = SoftmaxLossExplorer()
    bars = list(s.prob_bars)
    s.set(z0=4.0)  # another class takes the lead: accuracy drops, the loss jumps
    assert list(s.prob_bars) == bars
    st = s.state(**s.values)
    assert st["accuracy"] == 0.0
    assert st["cross_entropy"] == pytest.approx(-np.log(A.softmax([4.0, 1.0, -0.5, 0.5])[1]))
    assert "predicted class 1, true class 2" in s.grad_title.get_text()
    s.set(target=0)
    assert s.state(**s.values)["accuracy"] == 1.0
    np.testing.assert_allclose(s.target_line.get_xdata(), [-0.4, 0.4])
    assert s.ce_bars[0].get_height() == pytest.approx(A.softmax([4.0, 1.0, -0.5, 0.5])[0] - 1)


def test_confidently_wrong_quadratic_gradient_is_small():
    # The learning slowdown in a softmax layer: very wrong, yet a tiny quadratic gradient.
    s = SoftmaxLossExplorer(logits=(5.0, -5.0, 0.0, 0.0), target=1)
    st = s.state(**s.values)
    # the push on the true class's logit: almost nothing from the quadratic cost, about -1 from cross-entropy
    assert abs(st["quad_grad"][1]) < 1e-3
    assert st["ce_grad"][1] < -0.99


def test_softmax_explorer_sliders_and_errors():
    s = SoftmaxLossExplorer(logits=(0.0, 0.0, 0.0), target=2)
    s.widget()
    assert set(s.controls) == {"z0", "z1", "z2", "target"}
    s.controls["z2"].value = 2.0
    assert s.prob_bars[2].get_height() == pytest.approx(A.softmax([0.0, 0.0, 2.0])[2])
    with pytest.raises(ValueError, match="at least 2 values"):
        SoftmaxLossExplorer(logits=(1.0,))
    with pytest.raises(ValueError, match=r"target must be a class index in 0..3, got 4"):
        SoftmaxLossExplorer(target=4)


# -- LineFitExplorer ----------------------------------------------------------------
def test_line_fit_explorer_steps_through_the_paths():
    f = LineFitExplorer()
    assert f.values["step"] == f.steps == 300
    for step in (0, 7, 300):
        f.set(step=step)
        for name, line in f.lines.items():
            m, c = f.paths[name][step]
            np.testing.assert_allclose(line.get_ydata(), m * f.grid + c)
        assert f.cursor.get_xdata()[0] == step
    assert f.title.get_text().startswith("step 300")


def test_line_fit_explorer_custom_paths_and_errors():
    x = np.linspace(0, 1, 5)
    paths = {"mse": np.array([[0.0, 0.0], [1.0, 0.5]]), "mae": np.array([[0.0, 0.0], [2.0, 0.0]])}
    f = LineFitExplorer(x, 2 * x, paths, step=0)
    np.testing.assert_allclose(f.lines["mae"].get_ydata(), 0)
    f.widget()
    f.controls["step"].value = 1
    np.testing.assert_allclose(f.lines["mae"].get_ydata(), 2 * f.grid)
    with pytest.raises(ValueError, match=r"step must be in 0..1, got 2"):
        f.set(step=2)
    with pytest.raises(ValueError, match="same shape"):
        LineFitExplorer(x, x, {"mse": np.zeros((3, 2)), "mae": np.zeros((4, 2))})
    with pytest.raises(ValueError, match="same length"):
        LineFitExplorer(x, x[:3], paths)
    with pytest.raises(ValueError, match="give both x and y"):
        LineFitExplorer(x=x)
