"""lecturekit.gradcheck: finite differences that catch wrong gradients and pass right ones."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lecturekit import gradcheck
from lecturekit.activations import sigmoid, sigmoid_grad
from lecturekit.network import Network


def test_relative_error_basics():
    assert gradcheck.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert gradcheck.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gradcheck.relative_error([1.0], [-1.0]) == 1.0
    assert gradcheck.relative_error([1.0, 0.0], [1.1, 0.0]) == pytest.approx(0.1 / 2.1)
    with pytest.raises(ValueError, match="same shape"):
        gradcheck.relative_error([1.0], [1.0, 2.0])


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-3, 3)))
def test_numerical_gradient_of_known_functions(x):
    """d/dx sum(x^3) = 3 x^2 and d/dx sum(sin x) = cos x, to the accuracy of a central difference."""
    x = x.copy()
    assert np.allclose(gradcheck.numerical_gradient(lambda: np.sum(x**3), x, eps=1e-5), 3 * x**2, atol=1e-7)
    assert np.allclose(gradcheck.numerical_gradient(lambda: np.sum(np.sin(x)), x, eps=1e-5), np.cos(x), atol=1e-9)


def test_numerical_gradient_restores_x_and_respects_indices():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    before = x.copy()
    g = gradcheck.numerical_gradient(lambda: np.sum(x**2), x, indices=[(0, 1), (1, 0)])
    assert np.array_equal(x, before)
    assert np.allclose(g, [[0.0, 4.0], [6.0, 0.0]], atol=1e-8)


def test_numerical_gradient_refuses_low_precision_and_bad_steps():
    with pytest.raises(TypeError, match="float64"):
        gradcheck.numerical_gradient(lambda: 0.0, np.zeros(3, dtype=np.float32))
    with pytest.raises(TypeError, match="float64 numpy array"):
        gradcheck.numerical_gradient(lambda: 0.0, [0.0, 1.0])
    for eps in (0, -1e-6, 2.0, "1e-6"):
        error = TypeError if isinstance(eps, str) else ValueError
        with pytest.raises(error, match=r"eps must be a number in \(0, 1\) \(a small step such as 1e-6\), got "):
            gradcheck.numerical_gradient(lambda: 0.0, np.zeros(2), eps=eps)


def test_check_function_passes_a_right_derivative_and_catches_a_wrong_one():
    z = np.linspace(-6, 6, 25)
    f = lambda x: np.sum(sigmoid(x))  # noqa: E731 (reads like the formula)
    assert gradcheck.check_function(f, sigmoid_grad, z) < 1e-8
    # the slide's classic slip: forgetting the (1 - sigma) factor
    assert gradcheck.check_function(f, sigmoid, z) > 0.1
    # a derivative off by a factor 2 is caught too
    assert gradcheck.check_function(lambda x: np.sum(x**2), lambda x: x, [1.0, -2.0]) > 0.3
    with pytest.raises(ValueError, match="shape of x"):
        gradcheck.check_function(lambda x: np.sum(x**2), lambda x: 2 * x[:1], [1.0, 2.0])


@pytest.mark.parametrize(
    "activation,loss,output",
    [("sigmoid", "quadratic", None), ("relu", "cross_entropy", None), ("sigmoid", "quadratic", "softmax")],
)
def test_check_network_passes_backprop_including_regularization(activation, loss, output):
    rng = np.random.default_rng(0)
    net = Network([5, 4, 6, 3], activation, loss, output=output, init="scaled", seed=1, dtype=np.float64)
    X, y = rng.normal(size=(7, 5)), rng.integers(0, 3, size=7)
    result = gradcheck.check_network(net, X, y, l2=0.5, l1=0.1)
    assert result.passed, str(result)
    assert set(result.errors) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    assert result.checked["W2"] == 24 and result.checked["b3"] == 3
    assert "gradient check passed" in str(result)


def test_check_network_catches_a_broken_backprop(monkeypatch):
    rng = np.random.default_rng(1)
    net = Network([4, 5, 3], "sigmoid", "quadratic", seed=0, dtype=np.float64)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    # an error of only 1% in one layer's gradient is caught, and located
    real = Network.backprop

    def wrong_first_layer(self, X, Y, **kwargs):
        gw, gb = real(self, X, Y, **kwargs)
        gw[0] = gw[0] * 1.01
        return gw, gb

    monkeypatch.setattr(Network, "backprop", wrong_first_layer)
    result = gradcheck.check_network(net, X, y)
    assert not result.passed
    assert result.errors["W1"] > 1e-3 and result.errors["W2"] < 1e-7
    assert "FAILED" in str(result)


def test_check_network_catches_a_forgotten_regularization_term():
    rng = np.random.default_rng(2)
    net = Network([3, 4, 2], "sigmoid", "quadratic", seed=0, dtype=np.float64)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, size=5)
    cost_only = gradcheck.check_network(net, X, y)
    assert cost_only.passed
    # backprop alone is not the gradient of the regularized cost: compare by hand
    gw, _ = net.backprop(X, y)
    numeric = gradcheck.numerical_gradient(lambda: net.cost(X, y, l2=3.0), net.weights[0])
    assert gradcheck.relative_error(gw[0], numeric) > 1e-2


def test_check_network_samples_entries_of_big_layers():
    rng = np.random.default_rng(3)
    net = Network([50, 20, 10], "sigmoid", "quadratic", seed=0, dtype=np.float64)
    X, y = rng.normal(size=(4, 50)), rng.integers(0, 10, size=4)
    result = gradcheck.check_network(net, X, y, max_entries=15)
    assert result.checked == {"W1": 15, "b1": 15, "W2": 15, "b2": 10}
    assert result.passed


def test_check_network_refuses_a_float32_network():
    net = Network([2, 2])
    with pytest.raises(TypeError, match="dtype=float64"):
        gradcheck.check_network(net, np.zeros((1, 2)), [0])
