"""The checkers of notebook 04's exercises: right answers pass, typical slips get a hint that names them."""
import numpy as np
import pytest

from lecturekit.activations import sigmoid
from lecturekit.exercises.backprop import check_hidden_weight_gradient, check_layer_gradients, check_output_gradient

from tests.feedback import assert_hint

# The lecture's small network (notebook 04): 2 inputs, 3 hidden units, 2 outputs.
x = np.array([1.0, 0.5])
y = np.array([1.0, 0.0])
W1 = np.array([[0.1, 0.4], [-0.3, 0.2], [0.5, -0.1]])
b1 = np.array([0.1, 0.0, -0.2])
W2 = np.array([[0.3, -0.2, 0.6], [-0.5, 0.4, 0.1]])
b2 = np.array([0.05, -0.05])
NET = (W1, b1, W2, b2, x, y)


# --------------------------------------------------------------------------
# Exercise 1
# --------------------------------------------------------------------------
Y_HAT = W2 @ (W1 @ x + b1) + b2  # the linear network's outputs, (0.36, -0.305)


def test_output_gradient_right():
    feedback = check_output_gradient(Y_HAT - y, y, Y_HAT)
    assert feedback.status == "correct" and feedback
    # rounded to the printed digits still counts
    assert check_output_gradient(np.round(Y_HAT - y, 3), y, Y_HAT)
    assert check_output_gradient([-0.64, -0.305], y, Y_HAT)


@pytest.mark.parametrize("answer, words", [
    (y - Y_HAT, ["wrong sign", "y - ŷ"]),
    (2 * (Y_HAT - y), ["factor 2", "½"]),
    (2 * (y - Y_HAT), ["factor 2", "sign is wrong"]),
    (0.5 * (y - Y_HAT) ** 2, ["the loss", "not its derivative"]),
    (np.array([0.1, 0.2]), ["not ŷ - y"]),
    (-0.64, ["one number per output", "(2,)"]),
    ("minus", ["numbers"]),
])
def test_output_gradient_slips(answer, words):
    assert_hint(check_output_gradient(answer, y, Y_HAT), *words)


def test_output_gradient_stub():
    assert check_output_gradient(..., y, Y_HAT).status == "unsolved"
    assert check_output_gradient(None, y, Y_HAT).status == "unsolved"


# --------------------------------------------------------------------------
# Exercise 2
# --------------------------------------------------------------------------
def sigmoid_parts():
    z1 = W1 @ x + b1
    h = sigmoid(z1)
    y_hat = sigmoid(W2 @ h + b2)
    return z1, h, y_hat, (y_hat - y) * y_hat * (1 - y_hat)


def right_entry(j=1, i=0):
    _, h, _, out = sigmoid_parts()
    return float(out @ W2[:, j]) * h[j] * (1 - h[j]) * x[i]


def test_hidden_weight_right():
    value = right_entry()
    assert check_hidden_weight_gradient(value, *NET).status == "correct"
    assert check_hidden_weight_gradient(float(f"{value:.4g}"), *NET)  # four printed digits
    assert check_hidden_weight_gradient(np.array([value]), *NET)
    # another entry, chosen by (j, i)
    assert check_hidden_weight_gradient(right_entry(2, 1), *NET, j=2, i=1)


def test_hidden_weight_right_matches_autodiff_free_reference():
    # the checker's reference is a finite difference; the chain rule must agree with it to many digits
    eps = 1e-6

    def loss(W):
        return 0.5 * np.sum((y - sigmoid(W2 @ sigmoid(W @ x + b1) + b2)) ** 2)

    plus, minus = W1.copy(), W1.copy()
    plus[1, 0] += eps
    minus[1, 0] -= eps
    assert right_entry() == pytest.approx((loss(plus) - loss(minus)) / (2 * eps), rel=1e-7)


def slip_answers():
    z1, h, y_hat, out = sigmoid_parts()
    j, i = 1, 0
    hs = h[j] * (1 - h[j])
    return [
        (float(out @ W2[:, j]) * hs * W1[j, i], ["input x_i", "not the weight"]),
        (-right_entry(), ["wrong sign"]),
        (float(out @ W2[:, j]) * x[i], ["forgot σ′(z_j)", "hidden unit"]),
        (float((y_hat - y) @ W2[:, j]) * hs * x[i], ["forgot σ′(z_k)", "outputs"]),
        (float((y_hat - y) @ W2[:, j]) * x[i], ["forgot both σ′"]),
        (float(out @ W2[:, j]) * z1[j] * (1 - z1[j]) * x[i], ["h_j (1 - h_j)", "not its weighted input"]),
        (right_entry(0, 1), ["indices swapped", "w_12"]),
        (out[0] * W2[0, j] * hs * x[i], ["only the blame from output 1", "sum over k"]),
        (out[1] * W2[1, j] * hs * x[i], ["only the blame from output 2", "sum over k"]),
        (float((W2 @ z1 + b2 - y) @ W2[:, j]) * x[i], ["linear network"]),
        (0.5, ["not what finite differences give", "Σ_k"]),
    ]


@pytest.mark.parametrize("k", range(11))
def test_hidden_weight_slips(k):
    answer, words = slip_answers()[k]
    assert_hint(check_hidden_weight_gradient(answer, *NET), *words)


def test_hidden_weight_slips_are_distinct_from_the_answer():
    # every slip is more than the rounding tolerance away from the right value, so none can pass
    right = right_entry()
    for answer, _ in slip_answers():
        assert abs(answer - right) > 0.01 * abs(right)


def test_hidden_weight_not_a_number():
    assert_hint(check_hidden_weight_gradient("0.01", *NET), "one number")
    assert_hint(check_hidden_weight_gradient(np.zeros(3), *NET), "one number")


def test_hidden_weight_stub():
    assert check_hidden_weight_gradient(..., *NET).status == "unsolved"
    assert "w⁽¹⁾_21" in check_hidden_weight_gradient(None, *NET).message


# --------------------------------------------------------------------------
# Exercise 3
# --------------------------------------------------------------------------
def right_layer(delta, a_prev):
    return delta.T @ a_prev, delta.sum(axis=0)


def test_layer_gradients_right():
    feedback = check_layer_gradients(right_layer)
    assert feedback.status == "correct"
    # an explicit loop over the samples is right too
    def looped(delta, a_prev):
        dW = sum(np.outer(d, a) for d, a in zip(delta, a_prev))
        return dW, np.sum(delta, axis=0)

    assert check_layer_gradients(looped)
    assert check_layer_gradients(lambda d, a: [np.einsum("no,ni->oi", d, a), d.sum(0)])


@pytest.mark.parametrize("wrong, words", [
    (lambda d, a: (a.T @ d, d.sum(axis=0)), ["transposed", "(3, 4)", "delta.T @ a_prev"]),
    (lambda d, a: (d.T @ a / len(d), d.sum(axis=0)), ["n times too small", "1/n"]),
    (lambda d, a: (np.outer(d[0], a[0]), d.sum(axis=0)), ["only the first sample"]),
    (lambda d, a: (np.einsum("no,ni->noi", d, a), d.sum(axis=0)), ["one matrix per sample", "sum"]),
    (lambda d, a: (d.T @ a, d), ["one row per sample", "sum it over the batch"]),
    (lambda d, a: (d.T @ a, d.sum(axis=1)), ["wrong axis", "axis 0"]),
    (lambda d, a: (d.T @ a, d.mean(axis=0)), ["mean over the batch", "sum"]),
    (lambda d, a: (-d.T @ a, d.sum(axis=0)), ["right shape but wrong values", "δᵀ a"]),
    (lambda d, a: (d.T @ a, -d.sum(axis=0)), ["right shape but wrong values", "summed over the samples"]),
    (lambda d, a: (d.T[:, :3] @ a[:3, :3], d.sum(axis=0)), ["must have shape (out, in) = (3, 4)"]),
    (lambda d, a: d.T @ a, ["return two things"]),
    (lambda d, a: d @ a, ["raised ValueError", "(5, 3)", "(5, 4)"]),
    ("delta.T @ a_prev", ["must be a function"]),
])
def test_layer_gradients_slips(wrong, words):
    assert_hint(check_layer_gradients(wrong), *words)


def test_layer_gradients_stub():
    def stub(delta, a_prev):
        ...

    assert check_layer_gradients(stub).status == "unsolved"
    assert check_layer_gradients(lambda d, a: (..., ...)).status == "unsolved"
    assert check_layer_gradients(...).status == "unsolved"


def test_layer_gradients_does_not_let_the_function_change_the_case():
    def destructive(delta, a_prev):
        delta *= 0
        return delta.T @ a_prev, delta.sum(axis=0)

    assert_hint(check_layer_gradients(destructive))
    assert check_layer_gradients(right_layer)  # the case is fresh each call


@pytest.mark.parametrize("wrong, words", [
    # wrong on every input: the one-sample case is named, with the entry, the value expected and the value returned
    (lambda d, a: (-d.T @ a, d.sum(axis=0)),
     ["First wrong", "delta = [[1.0, 2.0, -1.0]]", "a_prev = [[1.0, 0.0, 2.0, 3.0]]", "dW[0, 0] should be 1",
      "you return -1"]),
    (lambda d, a: (d.T @ a, -d.sum(axis=0)), ["First wrong", "delta = [[1.0, 2.0, -1.0]]", "db[0] should be 1",
                                              "you return -1"]),
    # right for one sample, wrong for a batch: the two-sample case is the first that fails
    (lambda d, a: (d.T @ a + (len(d) > 1), d.sum(axis=0)),
     ["First wrong", "delta = [[1.0, 0.0, 2.0], [0.0, -1.0, 1.0]]", "dW[0, 0] should be 1", "you return 2"]),
    # right on the small round cases, wrong only on the checker's batch: that one is named, by its shapes
    (lambda d, a: (d.T @ a + (len(d) > 2), d.sum(axis=0)),
     ["First wrong", "the checker's batch (delta (5, 3), a_prev (5, 4))", "dW[0, 0] should be"]),
])
def test_layer_gradients_fallback_names_the_first_input_that_fails(wrong, words):
    assert_hint(check_layer_gradients(wrong), *words)
