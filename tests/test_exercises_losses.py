"""The checkers of notebook 03's exercises: right answers pass, typical slips get a hint that names them."""
import numpy as np
import pytest

from lecturekit import losses
from lecturekit.exercises.losses import (
    LOSS_NAMES,
    TASKS,
    check_huber_grad,
    check_sensitivity_specificity,
    check_which_loss,
)

from tests.feedback import assert_hint


# --------------------------------------------------------------------------
# Exercise 1: the Huber gradient
# --------------------------------------------------------------------------
def test_huber_grad_right():
    assert check_huber_grad(lambda e, delta: np.clip(e, -delta, delta)).status == "correct"
    assert check_huber_grad(lambda e, delta: np.where(np.abs(e) <= delta, e, delta * np.sign(e)))
    # the library's gradient of the mean, times the number of errors, is one prediction's gradient
    assert check_huber_grad(lambda e, delta: losses.huber_grad(np.zeros_like(e), e, delta=delta) * e.size)


@pytest.mark.parametrize("wrong, words", [
    (lambda e, d: -np.clip(e, -d, d), ["wrong sign"]),
    (lambda e, d: 2 * np.clip(e, -d, d), ["factor 2", "½e²"]),
    (lambda e, d: e, ["no cap", "±δ"]),
    (lambda e, d: 2 * e, ["MSE's gradient"]),
    (lambda e, d: d * np.sign(e), ["forgot the quadratic zone"]),
    (lambda e, d: np.sign(e), ["MAE's gradient"]),
    (lambda e, d: np.where(np.abs(e) <= d, e, d), ["large negative errors", "-δ"]),
    (lambda e, d: np.where(np.abs(e) <= d, 0.5 * e**2, d * (np.abs(e) - 0.5 * d)), ["the loss itself"]),
    (lambda e, d: np.clip(e, -d, d) / e.size, ["divided by the number of errors"]),
    (lambda e, d: np.clip(e, -1, 1), ["cap at ±1 whatever δ is", "use delta, not 1"]),
    (lambda e, d: np.clip(e, -d, d) + (e > 3), ["at e = 3.5 with δ = 0.5", "you return 1.5"]),
    (lambda e, d: e if abs(e) <= d else d * np.sign(e), ["one number at a time", "np.where"]),
    (lambda e, d: np.clip(e, -d, d)[:3], ["one gradient per error", "(11,)"]),
    (lambda e, d: undefined_name, ["raised NameError"]),  # noqa: F821 (the student's slip: a name never defined)
    (lambda e, d: "clip", ["must return numbers"]),
    ("np.clip(e, -delta, delta)", ["must be a function"]),
])
def test_huber_grad_slips(wrong, words):
    assert_hint(check_huber_grad(wrong), *words)


def test_huber_grad_stub():
    def huber_grad(e, delta):
        ...

    assert check_huber_grad(huber_grad).status == "unsolved"
    assert check_huber_grad(...).status == "unsolved"


# --------------------------------------------------------------------------
# Exercise 2: sensitivity and specificity
# --------------------------------------------------------------------------
CM = np.array([[900, 50], [10, 40]])  # [[TN, FP], [FN, TP]]: sensitivity 0.8, specificity 0.947


def test_sensitivity_specificity_right():
    assert check_sensitivity_specificity(40 / 50, 900 / 950, CM).status == "correct"
    assert check_sensitivity_specificity(0.80, 0.95, CM)  # two printed decimals
    assert check_sensitivity_specificity(np.float32(0.8), np.array(0.947), CM)


@pytest.mark.parametrize("sens, spec, words", [
    (900 / 950, 40 / 50, ["swapped"]),
    (80, 94.7, ["percentages", "0.8, not 80"]),
    (40 / 90, 900 / 950, ["precision", "TP + FN"]),
    (10 / 50, 900 / 950, ["miss rate"]),
    (940 / 1000, 900 / 950, ["accuracy"]),
    (40 / 1000, 900 / 950, ["divided by all lesions"]),
    (0.5, 900 / 950, ["TP / (TP + FN)"]),
    (0.8, 900 / 910, ["negative predictive value", "TN + FP"]),
    (0.8, 50 / 950, ["false-positive rate"]),
    (0.8, 0.94, ["accuracy"]),
    (0.8, 0.85, ["TN / (TN + FP)"]),
    (0.8, "high", ["number between 0 and 1"]),
    ([0.8, 0.9], 0.95, ["one number"]),
    (1.5, 0.95, ["fractions between 0 and 1"]),
])
def test_sensitivity_specificity_slips(sens, spec, words):
    assert_hint(check_sensitivity_specificity(sens, spec, CM), *words)


def test_sensitivity_specificity_stub():
    assert check_sensitivity_specificity(..., ..., CM).status == "unsolved"
    assert check_sensitivity_specificity(0.8, ..., CM).status == "unsolved"


# --------------------------------------------------------------------------
# Exercise 3: which loss
# --------------------------------------------------------------------------
RIGHT = {"age": "huber", "malignant": "binary_cross_entropy", "cell_type": "cross_entropy",
         "tumour_mask": "binary_cross_entropy"}


def test_which_loss_right():
    assert check_which_loss(RIGHT).status == "correct"
    for robust in ("mae", "log_cosh", "Huber", "smooth L1", "log-cosh"):
        assert check_which_loss({**RIGHT, "age": robust}), robust
    assert check_which_loss({**RIGHT, "malignant": "BCE", "cell_type": "categorical cross-entropy"})
    assert check_which_loss({**RIGHT, "cell_type": "negative log-likelihood"})


@pytest.mark.parametrize("change, words", [
    ({"age": "mse"}, ["3 of 4 right", "age:", "outliers"]),
    ({"age": "cross_entropy"}, ["age:", "regression"]),
    ({"malignant": "mse"}, ["malignant:", "learns slowly", "σ′"]),
    ({"malignant": "cross_entropy"}, ["malignant:", "binary"]),
    ({"malignant": "hinge"}, ["raw scores", "-1/+1"]),
    ({"cell_type": "binary_cross_entropy"}, ["cell_type:", "five classes"]),
    ({"cell_type": "accuracy"}, ["metric, not a loss"]),
    ({"tumour_mask": "accuracy"}, ["tumour_mask:", "98%"]),
    ({"tumour_mask": "cross_entropy"}, ["two-class problem at each pixel"]),
    ({"age": "mse", "malignant": "mae"}, ["2 of 4 right", "age:", "malignant:"]),
    ({"age": "dice"}, ["'dice' is not one of", "log_cosh"]),
    ({"age": 3}, ["as a name"]),
])
def test_which_loss_slips(change, words):
    assert_hint(check_which_loss({**RIGHT, **change}), *words)


def test_which_loss_shape_of_the_answers():
    assert_hint(check_which_loss(["huber"]), "dictionary")
    assert_hint(check_which_loss({"age": "huber"}), "missing", "malignant")


def test_which_loss_stub():
    stub = {task: ... for task in TASKS}
    assert check_which_loss(stub).status == "unsolved"
    partly = {**stub, "age": "huber"}
    feedback = check_which_loss(partly)
    assert feedback.status == "unsolved" and "malignant" in feedback.message and "age" not in feedback.message
    assert check_which_loss(...).status == "unsolved"


def test_every_task_names_real_losses():
    for task, (text, accepted, slips, why) in TASKS.items():
        assert text and why
        assert accepted <= set(LOSS_NAMES) and set(slips) <= set(LOSS_NAMES)
        assert not accepted & set(slips), f"{task}: an accepted loss also has a hint"
        assert "accuracy" in slips, f"{task}: accuracy must be caught as a metric"


@pytest.mark.parametrize("wrong, words", [
    # the first δ tried (0.5), the first error on which it fails, the gradient expected and the one returned
    (lambda e, d: np.clip(e, -d, d) + (e > 3), ["at e = 3.5 with δ = 0.5", "the gradient is 0.5", "you return 1.5"]),
    (lambda e, d: np.where(e < -3, 0.0, np.clip(e, -d, d)), ["at e = -4 with δ = 0.5", "the gradient is -0.5",
                                                             "you return 0"]),
    # right for δ = 0.5 and 1: the first failing input is at δ = 2
    (lambda e, d: np.clip(e, -d, d) if d < 2 else np.clip(e, -1.5, 1.5), ["at e = -4 with δ = 2",
                                                                          "the gradient is -2", "you return -1.5"]),
])
def test_huber_grad_fallback_names_the_first_input_that_fails(wrong, words):
    assert_hint(check_huber_grad(wrong), *words)
