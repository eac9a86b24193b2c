"""Self-checks for the exercises of notebook 03, loss functions.

* :func:`check_huber_grad` -- Exercise 1: write the gradient of the Huber loss
  of one prediction with respect to its error;
* :func:`check_sensitivity_specificity` -- Exercise 2: read sensitivity and
  specificity off a confusion matrix;
* :func:`check_which_loss` -- Exercise 3: choose the loss for four biomedical
  tasks.

Each checker recognises the usual slips by computing them and comparing, and
names the one it finds.
"""
from __future__ import annotations

import numpy as np

from . import Feedback, correct, hint, is_unsolved, unsolved

__all__ = ["check_huber_grad", "check_sensitivity_specificity", "check_which_loss", "LOSS_NAMES", "TASKS"]


# --------------------------------------------------------------------------
# Exercise 1: the Huber gradient
# --------------------------------------------------------------------------
_ERRORS = np.array([-4.0, -2.5, -1.5, -0.9, -0.4, 0.0, 0.3, 0.8, 1.2, 2.0, 3.5])
_DELTAS = (0.5, 1.0, 2.0)  # not 1 first: with delta = 1, delta * sign(e) and sign(e) look alike


def _huber_slips(e, delta):
    """Typical wrong answers for the Huber gradient at the errors ``e``, each with its hint."""
    right = np.clip(e, -delta, delta)
    return [
        (-right, "wrong sign: the loss grows as the error moves away from 0, so its slope has the sign of e "
                 "(positive for e > 0)."),
        (2 * right, "a factor 2 too large: the quadratic piece is ½e², whose slope is e, not 2e."),
        (e, "no cap: beyond |e| > δ Huber is linear, δ(|e| - ½δ), so its slope stays at ±δ; "
            "that is the quadratic piece everywhere."),
        (2 * e, "that is MSE's gradient 2e: Huber's quadratic piece is ½e² (slope e), capped at ±δ."),
        (delta * np.sign(e), "you forgot the quadratic zone: for |e| ≤ δ the loss is ½e², whose slope is e, "
                             "not ±δ."),
        (np.sign(e), "that is MAE's gradient sign(e): for |e| ≤ δ Huber's slope is e, and beyond it ±δ."),
        (np.where(np.abs(e) <= delta, e, delta),
         "for large negative errors the slope is -δ, not +δ: the linear piece δ(|e| - ½δ) keeps the sign of e."),
        (np.where(np.abs(e) <= delta, 0.5 * e**2, delta * (np.abs(e) - 0.5 * delta)),
         "that is the loss itself, not its gradient: differentiate each piece with respect to e."),
        (right / e.size, "divided by the number of errors: here each entry is one prediction's gradient, "
                         "no mean is taken."),
    ]


def _call(f, e, delta):
    """``f(e, delta)`` as a float array of e's shape, or a Feedback saying what went wrong."""
    try:
        out = f(e.copy(), delta)
    except Exception as err:  # a student's bug: say what it was
        if "truth value of an array" in str(err):
            return hint(
                "your function works on one number at a time (an `if` on e), but e is an array: use "
                "np.where(condition, a, b) or np.clip(e, -delta, delta)."
            )
        return hint(f"huber_grad raised {type(err).__name__}: {err} (called with an array e and delta = {delta}).")
    if is_unsolved(out):
        return None
    try:
        out = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        return hint("huber_grad must return numbers, one gradient per error.")
    if out.shape != e.shape:
        return hint(f"huber_grad must return one gradient per error, shape {e.shape}; got shape {out.shape}.")
    return out


def check_huber_grad(huber_grad) -> Feedback:
    """Exercise 1: ``huber_grad(e, delta)`` must return d/de of the Huber loss of each error.

    The Huber loss of an error e is ½e² for |e| ≤ δ and δ(|e| - ½δ) beyond;
    its gradient is e inside and ±δ outside: ``np.clip(e, -delta, delta)``.
    """
    if is_unsolved(huber_grad):
        return unsolved("the body of huber_grad")
    if not callable(huber_grad):
        return hint("huber_grad must be a function of (e, delta).")
    for delta in _DELTAS:
        out = _call(huber_grad, _ERRORS, delta)
        if out is None:
            return unsolved("the body of huber_grad (it must return the gradients)")
        if isinstance(out, Feedback):
            return out
        right = np.clip(_ERRORS, -delta, delta)
        if np.allclose(out, right, rtol=1e-9, atol=1e-12):
            continue
        if delta != 1.0 and np.allclose(out, np.clip(_ERRORS, -1.0, 1.0)):
            return hint(f"you cap at ±1 whatever δ is (here δ = {delta:g}): the cap is ±δ, so use delta, not 1.")
        for value, message in _huber_slips(_ERRORS, delta):
            if np.allclose(out, value, rtol=1e-9, atol=1e-12):
                return hint(message)
        wrong = int(np.flatnonzero(~np.isclose(out, right))[0])
        return hint(
            f"at e = {_ERRORS[wrong]:g} with δ = {delta:g} the gradient is {right[wrong]:g}, you return "
            f"{out[wrong]:g}: inside |e| ≤ δ the slope is e, outside it is δ with the sign of e."
        )
    return correct("Huber's gradient is the error, capped at ±δ: np.clip(e, -delta, delta). "
                   "That cap is why an outlier cannot pull harder than δ.")


# --------------------------------------------------------------------------
# Exercise 2: sensitivity and specificity from a confusion matrix
# --------------------------------------------------------------------------
def _fraction(value, name):
    if is_unsolved(value):
        return None
    if isinstance(value, (str, bytes, bool)):
        return hint(f"{name} must be a number between 0 and 1.")
    try:
        value = float(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError):
        return hint(f"{name} must be one number between 0 and 1.")
    return value


def check_sensitivity_specificity(sensitivity, specificity, cm) -> Feedback:
    """Exercise 2: sensitivity TP / (TP + FN) and specificity TN / (TN + FP) of ``cm``.

    ``cm`` is a 2 x 2 confusion matrix as :func:`lecturekit.metrics.confusion_matrix`
    gives it: rows the true class, columns the predicted one, class 1 (e.g.
    malignant) positive: ``[[TN, FP], [FN, TP]]``.
    """
    if is_unsolved(sensitivity, specificity):
        return unsolved("sensitivity and specificity, two fractions between 0 and 1")
    sens, spec = _fraction(sensitivity, "sensitivity"), _fraction(specificity, "specificity")
    for value in (sens, spec):
        if isinstance(value, Feedback):
            return value
    (tn, fp), (fn, tp) = np.asarray(cm, dtype=np.float64)
    n = tn + fp + fn + tp
    right_sens, right_spec = tp / (tp + fn), tn / (tn + fp)

    def near(a, b):
        return abs(a - b) <= 5e-3  # two printed decimals are enough

    if near(sens, right_sens) and near(spec, right_spec):
        return correct(
            f"sensitivity {right_sens:.2f} (malignant lesions found), specificity {right_spec:.2f} "
            "(benign lesions recognised as benign)."
        )
    if near(sens, right_spec) and near(spec, right_sens) and not near(right_sens, right_spec):
        return hint("swapped: sensitivity is about the positive (malignant) row, TP / (TP + FN); specificity about "
                    "the negative (benign) row, TN / (TN + FP).")
    if sens > 1 or spec > 1:
        if near(sens / 100, right_sens) and near(spec / 100, right_spec):
            return hint("those are percentages: give fractions between 0 and 1 (0.8, not 80).")
        return hint("sensitivity and specificity are fractions between 0 and 1.")
    if not near(sens, right_sens):
        slips = [
            (tp / (tp + fp), "that is the precision TP / (TP + FP), which divides by the lesions *called* malignant; "
                             "sensitivity divides by the lesions that *are* malignant, TP + FN (a row, not a column)."),
            (fn / (tp + fn), "that is the miss rate FN / (TP + FN), one minus the sensitivity: count the malignant "
                             "lesions that were found, TP."),
            ((tp + tn) / n, "that is the accuracy (TP + TN) / n; sensitivity looks at the malignant lesions only."),
            (tp / n, "you divided by all lesions: sensitivity divides by the malignant ones only, TP + FN."),
        ]
        for value, message in slips:
            if near(sens, value):
                return hint(message)
        return hint("sensitivity is TP / (TP + FN): of the malignant lesions (bottom row), the fraction found.")
    slips = [
        (tn / (tn + fn), "that is the negative predictive value TN / (TN + FN), which divides by the lesions *called* "
                         "benign; specificity divides by the lesions that *are* benign, TN + FP "
                         "(a row, not a column)."),
        (fp / (tn + fp), "that is the false-positive rate FP / (TN + FP), one minus the specificity: count the benign "
                         "lesions called benign, TN."),
        ((tp + tn) / n, "that is the accuracy (TP + TN) / n; specificity looks at the benign lesions only."),
        (tn / n, "you divided by all lesions: specificity divides by the benign ones only, TN + FP."),
    ]
    for value, message in slips:
        if near(spec, value):
            return hint(message)
    return hint("specificity is TN / (TN + FP): of the benign lesions (top row), the fraction called benign.")


# --------------------------------------------------------------------------
# Exercise 3: which loss for which task?
# --------------------------------------------------------------------------
#: The loss names a student may give (lecturekit.losses names, plus accuracy, which is not a loss).
LOSS_NAMES = ("mae", "mse", "huber", "log_cosh", "hinge", "binary_cross_entropy", "cross_entropy", "accuracy")

_ALIASES = {
    "l1": "mae", "mean_absolute_error": "mae",
    "l2": "mse", "mean_squared_error": "mse", "quadratic": "mse",
    "smooth_l1": "huber", "logcosh": "log_cosh",
    "bce": "binary_cross_entropy", "binary_crossentropy": "binary_cross_entropy",
    "log_loss": "binary_cross_entropy", "logistic": "binary_cross_entropy",
    "categorical_cross_entropy": "cross_entropy", "categorical_crossentropy": "cross_entropy",
    "crossentropy": "cross_entropy", "negative_log_likelihood": "cross_entropy", "nll": "cross_entropy",
}

_REGRESSION = ("mae", "mse", "huber", "log_cosh")
_METRIC = "accuracy is a metric, not a loss: it is piecewise constant, so its gradient is 0 almost everywhere."
_SLOWDOWN = ("a regression loss on a sigmoid or softmax output learns slowly exactly when the network is badly wrong "
             "(σ′ is tiny there); cross-entropy cancels σ′.")
_HINGE = "hinge takes raw scores and labels -1/+1; this network outputs probabilities."

#: The tasks of Exercise 3: key -> (the task, the accepted losses, hints for the usual wrong choices, why).
TASKS = {
    "age": (
        "a patient's age in years from a brain MRI; about 2% of the training ages were typed wrong",
        {"mae", "huber", "log_cosh"},
        {
            "mse": "the mistyped ages are outliers, and MSE's pull grows with the error, so they would dominate "
                   "(remember the line fit); choose a loss whose gradient is bounded.",
            "binary_cross_entropy": "age is a number (regression), not a class.",
            "cross_entropy": "age is a number (regression), not a class.",
            "hinge": "age is a number (regression), not a class.",
            "accuracy": _METRIC,
        },
        "a robust regression loss: the wrong labels pull no harder than δ (Huber) or 1 (MAE)",
    ),
    "malignant": (
        "benign or malignant skin lesion; the network ends in one sigmoid output, P(malignant)",
        {"binary_cross_entropy"},
        {
            **{name: _SLOWDOWN for name in _REGRESSION},
            "cross_entropy": "one sigmoid output P(malignant) is the two-class case: its cross-entropy is the binary "
                             "one, -[y log ŷ + (1 - y) log(1 - ŷ)].",
            "hinge": _HINGE,
            "accuracy": _METRIC,
        },
        "binary cross-entropy on the one probability",
    ),
    "cell_type": (
        "which of 5 blood-cell types a microscope image shows; the network ends in a softmax over 5 classes",
        {"cross_entropy"},
        {
            **{name: _SLOWDOWN for name in _REGRESSION},
            "binary_cross_entropy": "five classes with a softmax: the categorical cross-entropy -log ŷ_true class.",
            "hinge": _HINGE,
            "accuracy": _METRIC,
        },
        "categorical cross-entropy on the softmax",
    ),
    "tumour_mask": (
        "tumour or background for every pixel of a scan; one sigmoid output per pixel",
        {"binary_cross_entropy"},
        {
            **{name: _SLOWDOWN for name in _REGRESSION},
            "cross_entropy": "one sigmoid output per pixel is a two-class problem at each pixel: binary cross-entropy.",
            "hinge": _HINGE,
            "accuracy": _METRIC + " (And with 98% background, 'background everywhere' is 98% accurate.)",
        },
        "binary cross-entropy per pixel (notebook 08 adds the Dice loss for the class imbalance)",
    ),
}


def _normalise(name):
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    return _ALIASES.get(key, key)


def check_which_loss(answers) -> Feedback:
    """Exercise 3: ``answers`` maps each task of :data:`TASKS` to a loss name from :data:`LOSS_NAMES`."""
    if is_unsolved(answers):
        return unsolved("the answers dictionary")
    if not isinstance(answers, dict):
        return hint(f"answers must be a dictionary with the keys {sorted(TASKS)}.")
    missing = [task for task in TASKS if task not in answers]
    if missing:
        return hint(f"answers needs a loss for every task; missing: {', '.join(missing)}.")
    if any(is_unsolved(answers[task]) for task in TASKS):
        open_tasks = [task for task in TASKS if is_unsolved(answers[task])]
        return unsolved("a loss name for " + ", ".join(open_tasks))
    problems = []
    for task, (_, accepted, slips, _) in TASKS.items():
        given = answers[task]
        if not isinstance(given, str):
            problems.append(f"{task}: give the loss as a name (a str), e.g. \"mse\"")
            continue
        name = _normalise(given)
        if name in accepted:
            continue
        if name not in LOSS_NAMES:
            problems.append(f"{task}: {given!r} is not one of {', '.join(LOSS_NAMES)}")
        else:
            problems.append(f"{task}: {slips.get(name, 'not the best choice here')}")
    if problems:
        right = len(TASKS) - len(problems)
        return hint(f"{right} of {len(TASKS)} right. " + " ".join(problems))
    return correct("; ".join(f"{task}: {why}" for task, (_, _, _, why) in TASKS.items()) + ".")
