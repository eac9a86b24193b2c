"""The checkers of notebook 01's exercises: right answers pass, typical slips get a hint that names them."""
import numpy as np
import pytest

from lecturekit.exercises.neuron import BUMP_B, BUMP_V, BUMP_W, check_bump, check_half_adder, check_or_and_gates
from lecturekit.universality import one_hidden_layer

from tests.feedback import assert_correct, assert_hint, assert_unsolved


# --------------------------------------------------------------------------
# Exercise 1: OR and AND
# --------------------------------------------------------------------------
OR, AND = ([1, 1], -0.5), ([1, 1], -1.5)


@pytest.mark.parametrize("w_or, b_or, w_and, b_and", [
    (*OR, *AND),
    ([2.0, 2.0], -1.0, [0.5, 0.5], -0.7),
    (np.array([1, 3]), np.float64(-0.5), (2, 1), -2.5),  # unequal weights work too
    ([1, 1], [-0.5], [1, 1], np.array(-1.5)),  # a bias in a one-element array is still one number
])
def test_or_and_right(w_or, b_or, w_and, b_and):
    assert_correct(check_or_and_gates(w_or, b_or, w_and, b_and))


@pytest.mark.parametrize("answer, words", [
    ((*AND, *AND), ["OR:", "computes AND", "raise the bias"]),  # AND's weights where OR belongs
    ((*OR, *OR), ["AND:", "computes OR", "lower the bias"]),
    (([-1, -1], 0.5, *AND), ["OR:", "wrong sign", "NOR"]),
    ((*OR, [-1, -1], 1.5), ["AND:", "wrong sign", "NAND"]),
    ((*OR, [1, 1], 0), ["AND:", "forgot the bias"]),
    (([1, 1], -1, *AND), ["OR:", "exactly 0", "(0, 1), (1, 0)", "> 0"]),  # on the threshold: does not fire
    ((*OR, [1, 1], -2), ["AND:", "exactly 0", "(1, 1)"]),
    (([1, 1], 0.5, *AND), ["OR:", "fires for input (0, 0)", "bias"]),
    (([1, 1, 1], -0.5, *AND), ["OR:", "one weight per input", "shape (3,)"]),
    ((*OR, [1, 1], [-1.5, 0.0]), ["AND:", "one number, the bias"]),
    (("ab", -0.5, *AND), ["OR:", "must be numbers"]),
    (([1, 0], -0.5, *AND), ["OR:", "weight of input x2 is 0", "ignores"]),  # forgot the second input's weight
    (([1, -1], -0.5, *AND), ["OR:", "wrong at input (0, 1), the first where it fails", "should output 1",
                             "yours outputs 0", "w·x + b = -1.5", "Write down w·x + b"]),
])
def test_or_and_slips(answer, words):
    assert_hint(check_or_and_gates(*answer), *words)


def test_or_and_both_wrong_names_both():
    feedback = check_or_and_gates(*AND, *OR)
    assert_hint(feedback, "OR:", "AND:")


@pytest.mark.parametrize("stub", [(..., ..., ..., ...), (OR[0], OR[1], ..., ...), (None, None, None, None)])
def test_or_and_stub(stub):
    assert_unsolved(check_or_and_gates(*stub))


# --------------------------------------------------------------------------
# Exercise 2: the half adder of NANDs
# --------------------------------------------------------------------------
def half_adder(x1, x2, nand):
    n1 = nand(x1, x2)
    return nand(nand(x1, n1), nand(x2, n1)), nand(n1, n1)


def test_half_adder_right():
    feedback = check_half_adder(half_adder)
    assert_correct(feedback)
    assert "5 NAND gates" in feedback.message


def test_half_adder_with_more_gates_is_right_but_says_five_are_enough():
    def wasteful(x1, x2, nand):
        xor = nand(nand(x1, nand(x1, x2)), nand(x2, nand(x1, x2)))
        return xor, nand(nand(x1, x2), nand(x1, x2))

    feedback = check_half_adder(wasteful)
    assert_correct(feedback)
    assert "Five NANDs are enough" in feedback.message


def _xor(x1, x2, nand):
    n1 = nand(x1, x2)
    return nand(nand(x1, n1), nand(x2, n1))


@pytest.mark.parametrize("circuit, words", [
    (lambda x1, x2, nand: (nand(nand(x1, x2), nand(x1, x2)), _xor(x1, x2, nand)), ["swapped"]),
    (lambda x1, x2, nand: (_xor(x1, x2, nand), nand(x1, x2)), ["carry is NAND", "one more NAND"]),
    (lambda x1, x2, nand: (nand(nand(x1, x1), nand(x2, x2)), nand(nand(x1, x2), nand(x1, x2))), ["sum bit is OR"]),
    (lambda x1, x2, nand: (nand(_xor(x1, x2, nand), _xor(x1, x2, nand)), nand(nand(x1, x2), nand(x1, x2))),
     ["sum bit is inverted"]),
    (lambda x1, x2, nand: (x1, x1), ["sum bit is wrong at input (0, 1), the first where it fails",
                                     "expected 1 (x1 XOR x2), got 0",
                                     "carry is wrong at input (1, 0), the first where it fails",
                                     "expected 0 (x1 AND x2), got 1"]),  # no slip that the checker knows
    (lambda x1, x2, nand: (x1 ^ x2, x1 & x2), ["wires, not numbers", "nand"]),  # Python's operators, no gates
    (lambda x1, x2, nand: (_xor(x1, x2, nand), x1 if x2 else x2), ["wires, not numbers"]),  # an if on a wire
    (lambda x1, x2, nand: (nand(1, x2), x1), ["nand(a, b) takes two wires"]),
    (lambda x1, x2, nand: _xor(x1, x2, nand), ["returns one wire", "(sum_bit, carry)"]),
    (lambda x1, x2, nand: (_xor(x1, x2, nand), nand(x1, x2), x1), ["two wires", "length 3"]),
    (lambda x1, x2, nand: (0, 1), ["not numbers"]),
    (lambda x1, x2: None, ["failed", "three arguments"]),
    (3, ["must be the function you wrote"]),
])
def test_half_adder_slips(circuit, words):
    assert_hint(check_half_adder(circuit), *words)


def test_half_adder_stub():
    def stub(x1, x2, nand):
        ...

    assert_unsolved(check_half_adder(stub))
    assert_unsolved(check_half_adder(...))


# --------------------------------------------------------------------------
# Exercise 3: predict the bump
# --------------------------------------------------------------------------
def test_bump_right_and_it_is_what_the_network_computes():
    assert_correct(check_bump(0.2, 0.6, 0.8))
    assert_correct(check_bump(0.21, 0.59, 0.78))  # read off a plot
    x = np.array([0.0, 0.4, 1.0])
    y = one_hidden_layer(x, np.full(2, BUMP_W), np.array(BUMP_B), np.array(BUMP_V))
    np.testing.assert_allclose(y, [0.0, 0.8, 0.0], atol=1e-3)


@pytest.mark.parametrize("answer, words", [
    ((-0.2, -0.6, 0.8), ["start: wrong sign", "end: wrong sign", "-b/w"]),
    ((0.6, 0.2, 0.8), ["swapped"]),
    ((-5.0, -1.67, 0.8), ["divided w by b"]),
    ((10, 30, 0.8), ["bias alone is not the step"]),
    ((0.2, 0.6, 1.6), ["height", "do not add up"]),
    ((0.2, 0.6, -0.8), ["height: wrong sign"]),
    ((0.2, 0.6, 1.0), ["height", "output weight scales it"]),
    ((0.2, 0.6, 0.0), ["height", "outside the bump"]),
    ((0.2, 0.5, 0.8), ["end: not where that neuron steps"]),
    (("a", 0.6, 0.8), ["three numbers"]),
])
def test_bump_slips(answer, words):
    assert_hint(check_bump(*answer), *words)


def test_bump_stub():
    assert_unsolved(check_bump(..., ..., ...))
    assert_unsolved(check_bump(0.2, ..., 0.8))
