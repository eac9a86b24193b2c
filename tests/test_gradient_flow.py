"""lecturekit.gradient_flow: a correct backward pass, and the measures of vanishing and exploding gradients."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecturekit import style
from lecturekit.activations import elu, elu_grad, relu, relu_grad, sigmoid, sigmoid_grad, softmax, tanh, tanh_grad
from lecturekit.gradient_flow import (
    BackwardPass,
    backward_pass,
    layer_factors,
    per_weight_rms,
    plot_per_weight,
    report,
    rms,
    scaled_weights,
)


def small_problem(sizes=(5, 4, 4, 3), n=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(sizes[-1], size=n)]
    standard_normal = [rng.normal(size=(n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return X, Y, standard_normal


def loss(X, Y, f, weights, biases=None):
    """Mean cross-entropy of the network the backward pass differentiates."""
    biases = biases or [np.zeros(W.shape[0]) for W in weights]
    a = X
    for W, b in zip(weights[:-1], biases[:-1]):
        a = f(a @ W.T + b)
    out = softmax(a @ weights[-1].T + biases[-1])
    return -np.mean(np.sum(Y * np.log(out), axis=1))


def test_rms():
    assert rms([3.0, -3.0]) == pytest.approx(3.0)
    assert rms(np.ones((4, 5)) * 2) == pytest.approx(2.0)


def test_scaled_weights_variance():
    W = np.random.default_rng(1).normal(size=(200, 400))
    (scaled,) = scaled_weights([W], 2.0)
    assert scaled.shape == W.shape
    assert np.var(scaled) == pytest.approx(2.0 / 400, rel=0.05)


def test_shapes():
    X, Y, standard_normal = small_problem()
    result = backward_pass(X, Y, tanh, tanh_grad, standard_normal, 1.0)
    assert isinstance(result, BackwardPass)
    assert [g.shape for g in result.dW] == [W.shape for W in standard_normal]
    assert [g.shape for g in result.db] == [(W.shape[0],) for W in standard_normal]
    assert [z.shape for z in result.zs] == [(len(X), 4), (len(X), 4)]
    assert per_weight_rms(result).shape == (3,)


# ELU rather than ReLU: a ReLU layer whose inputs are all 0 for a digit has z exactly 0, at its kink, where
# moving a bias by a finite difference's +-h picks the other side than relu_grad(0) = 0
@pytest.mark.parametrize("f, f_grad", [(sigmoid, sigmoid_grad), (tanh, tanh_grad), (elu, elu_grad)])
def test_gradients_match_finite_differences(f, f_grad):
    X, Y, standard_normal = small_problem()
    variance = 1.5
    result = backward_pass(X, Y, f, f_grad, standard_normal, variance)
    weights = scaled_weights(standard_normal, variance)
    h = 1e-6
    for l, W in enumerate(weights):
        for i, j in [(0, 0), (W.shape[0] - 1, W.shape[1] - 1), (1, 2)]:
            up = [w.copy() for w in weights]
            down = [w.copy() for w in weights]
            up[l][i, j] += h
            down[l][i, j] -= h
            numeric = (loss(X, Y, f, up) - loss(X, Y, f, down)) / (2 * h)
            assert result.dW[l][i, j] == pytest.approx(numeric, rel=1e-4, abs=1e-8)
        biases = [np.zeros(w.shape[0]) for w in weights]
        up_b = [b.copy() for b in biases]
        down_b = [b.copy() for b in biases]
        up_b[l][0] += h
        down_b[l][0] -= h
        numeric = (loss(X, Y, f, weights, up_b) - loss(X, Y, f, weights, down_b)) / (2 * h)
        assert result.db[l][0] == pytest.approx(numeric, rel=1e-4, abs=1e-8)


def test_identity_activation_predicts_sqrt_variance():
    X, Y, standard_normal = small_problem(sizes=(5, 8, 8, 8, 3))
    result = backward_pass(X, Y, lambda z: z, np.ones_like, standard_normal, 3.0)
    assert layer_factors(result, np.ones_like, 3.0).predicted == pytest.approx(np.sqrt(3.0))


def deep(f, f_grad, variance, seed=0):
    X, Y, standard_normal = small_problem(sizes=(20,) + (32,) * 10 + (4,), n=200, seed=seed)
    return backward_pass(X, Y, f, f_grad, standard_normal, variance)


def test_sigmoid_vanishes_and_tanh_keeps_its_size():
    sig = layer_factors(deep(sigmoid, sigmoid_grad, 1.0), sigmoid_grad, 1.0)
    assert sig.measured < 0.35 and sig.first_to_last < 1e-3
    assert abs(sig.predicted - sig.measured) < 0.1
    th = layer_factors(deep(tanh, tanh_grad, 1.0), tanh_grad, 1.0)
    assert 0.7 < th.measured < 1.3 and 0.2 < th.first_to_last < 5


def test_large_weights_explode_tanh():
    th = layer_factors(deep(tanh, tanh_grad, 16.0), tanh_grad, 16.0)
    assert th.measured > 1.2 and th.first_to_last > 5


def test_report_one_line_per_network():
    recipes = {"sigmoid": (sigmoid, sigmoid_grad, 1.0), "ReLU": (relu, relu_grad, 2.0)}
    nets = {name: deep(f, g, v) for name, (f, g, v) in recipes.items()}
    lines = report(nets, recipes).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("sigmoid") and lines[1].startswith("ReLU")
    assert all("predicted" in line and "measured" in line and "layer 1 / layer 10" in line for line in lines)


def test_plot_per_weight_lines_differ_in_more_than_colour():
    style.use()
    recipes = {"sigmoid": (sigmoid, sigmoid_grad, 1.0), "tanh": (tanh, tanh_grad, 1.0),
               "ReLU": (relu, relu_grad, 2.0)}
    nets = {name: deep(f, g, v) for name, (f, g, v) in recipes.items()}
    fig, ax = plt.subplots()
    plot_per_weight(ax, nets, title="t")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(recipes)
    assert len({line.get_marker() for line in lines}) == 3
    assert len({line.get_linestyle() for line in lines}) == 3
    colours = {matplotlib.colors.to_hex(line.get_color()).upper() for line in lines}
    assert colours <= {c.upper() for c in style.CYCLE}
    assert ax.get_xticklabels()[-1].get_text() == "out"
    assert ax.get_yscale() == "log"
    plt.close(fig)
