"""The checkers of notebook 02's exercises: right answers pass, typical slips get a hint that names them."""
import math

import numpy as np
import pytest

from lecturekit.activations import sigmoid, sigmoid_grad, tanh_grad
from lecturekit.exercises.activations import check_sigmoid_bound, check_sigmoid_tanh_derivatives

from tests.feedback import assert_correct, assert_hint, assert_unsolved


# --------------------------------------------------------------------------
# Exercise 1: sigma' and tanh'
# --------------------------------------------------------------------------
def my_sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1 - s)


def my_tanh_grad(z):
    return 1 - np.tanh(z) ** 2


def stub(z):
    ...


@pytest.mark.parametrize("s_prime, t_prime", [
    (my_sigmoid_grad, my_tanh_grad),
    (sigmoid_grad, tanh_grad),  # lecturekit's own
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, lambda z: 1 / np.cosh(z) ** 2),  # other correct forms
    (lambda z: sigmoid(z) - sigmoid(z) ** 2, lambda z: 4 * my_sigmoid_grad(2 * z)),
])
def test_derivatives_right(s_prime, t_prime):
    assert_correct(check_sigmoid_tanh_derivatives(s_prime, t_prime))


@pytest.mark.parametrize("s_prime, t_prime, words", [
    (sigmoid, my_tanh_grad, ["my_sigmoid_grad", "σ(z) itself"]),
    (lambda z: sigmoid(z) * (1 + sigmoid(z)), my_tanh_grad, ["my_sigmoid_grad", "wrong sign"]),
    (lambda z: -my_sigmoid_grad(z), my_tanh_grad, ["my_sigmoid_grad", "wrong sign"]),
    (lambda z: z * (1 - z), my_tanh_grad, ["my_sigmoid_grad", "used z where σ(z) belongs"]),
    (lambda z: 1 - sigmoid(z) ** 2, my_tanh_grad, ["my_sigmoid_grad", "tanh rule"]),
    (my_tanh_grad, my_tanh_grad, ["my_sigmoid_grad", "that is tanh′"]),
    (lambda z: 1 - sigmoid(z), my_tanh_grad, ["my_sigmoid_grad", "forgot a factor"]),
    (my_sigmoid_grad, lambda z: 1 - np.tanh(z), ["my_tanh_grad", "forgot the square"]),
    (my_sigmoid_grad, lambda z: 1 + np.tanh(z) ** 2, ["my_tanh_grad", "wrong sign"]),
    (my_sigmoid_grad, lambda z: np.tanh(z) ** 2 - 1, ["my_tanh_grad", "wrong sign"]),
    (my_sigmoid_grad, lambda z: 1 - z**2, ["my_tanh_grad", "used z where tanh(z) belongs"]),
    (my_sigmoid_grad, lambda z: 1 - np.tanh(z**2), ["my_tanh_grad", "square tanh(z), not z"]),
    (my_sigmoid_grad, my_sigmoid_grad, ["my_tanh_grad", "sigmoid's rule"]),
    (my_sigmoid_grad, np.tanh, ["my_tanh_grad", "tanh(z) itself"]),
    (my_sigmoid_grad, lambda z: 0.5 * my_tanh_grad(z),  # no known slip: the first input it fails on, z = -6
     ["my_tanh_grad", "not 1 − tanh(z)²", "first input where it is wrong is z = -6",
      "expected 2.45765e-05", "returned 1.22883e-05"]),
    (lambda z: np.where(z > 0, 0.25, my_sigmoid_grad(z)), my_tanh_grad,  # right up to z = 0, wrong after
     ["my_sigmoid_grad", "not σ(z)(1 − σ(z))", "first input where it is wrong is z = 0.25",
      "expected 0.246134", "returned 0.25"]),
    (lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2, my_tanh_grad, ["failed on an array", "np.exp"]),
    (lambda z: float(np.mean(my_sigmoid_grad(z))), my_tanh_grad, ["one derivative per entry", "sum or average"]),
    (my_sigmoid_grad, 3, ["my_tanh_grad must be the function you wrote"]),
    (lambda z: my_sigmoid_grad(z) / 0.0 * 0.0, my_tanh_grad, ["nan or inf"]),
])
def test_derivatives_slips(s_prime, t_prime, words):
    assert_hint(check_sigmoid_tanh_derivatives(s_prime, t_prime), *words)


def test_derivatives_both_wrong_names_both():
    assert_hint(check_sigmoid_tanh_derivatives(sigmoid, np.tanh), "my_sigmoid_grad:", "my_tanh_grad:")


def test_derivatives_stub():
    feedback = check_sigmoid_tanh_derivatives(stub, stub)
    assert_unsolved(feedback)
    assert "my_sigmoid_grad and my_tanh_grad" in feedback.message
    assert_unsolved(check_sigmoid_tanh_derivatives(my_sigmoid_grad, stub))
    assert_unsolved(check_sigmoid_tanh_derivatives(..., None))


def test_a_wrong_answer_beats_a_stub():
    assert_hint(check_sigmoid_tanh_derivatives(sigmoid, stub), "σ(z) itself")


# --------------------------------------------------------------------------
# Exercise 2: the sigmoid's bound
# --------------------------------------------------------------------------
@pytest.mark.parametrize("factor_10, w_min", [(0.25**10, 4), (1e-6, 4.0), (9.5e-7, np.float64(4.0))])
def test_bound_right(factor_10, w_min):
    assert_correct(check_sigmoid_bound(factor_10, w_min))


@pytest.mark.parametrize("factor_10, w_min, words", [
    (0.5**10, 4, ["factor_10", "at most 1/4", "not 1/2"]),
    (4.0**10, 4, ["factor_10", "upside down"]),
    (2.5, 4, ["factor_10", "multiply, they do not add"]),
    (0.25**9, 4, ["factor_10", "off by one"]),
    (0.25**11, 4, ["factor_10", "off by one"]),
    (0.25, 4, ["factor_10", "one layer's"]),
    (1 - 0.25**10, 4, ["factor_10", "not 1 minus it"]),
    (1e-2, 4, ["factor_10", "not the largest product"]),
    (0.25**10, 0.25, ["w_min", "upside down"]),
    (0.25**10, 1, ["w_min", "at most 1/4"]),
    (0.25**10, 2, ["w_min", "not 1/2"]),
    (0.25**10, -4, ["w_min", "positive"]),
    (0.25**10, 10, ["w_min", "10 is not it", "solve |w| · 1/4 = 1"]),
    ("small", 4, ["two numbers"]),
])
def test_bound_slips(factor_10, w_min, words):
    assert_hint(check_sigmoid_bound(factor_10, w_min), *words)


def test_bound_stub():
    assert_unsolved(check_sigmoid_bound(..., ...))
    assert_unsolved(check_sigmoid_bound(0.25**10, ...))
