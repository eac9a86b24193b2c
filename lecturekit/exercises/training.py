"""Self-checks for the exercises of notebook 06, training well.

* :func:`check_init_variance` -- Exercise 1: the variance of the initial
  weights of a layer with n_in inputs, 1/n_in for sigmoid units and He's
  2/n_in for ReLU units;
* :func:`check_weight_decay` -- Exercise 2 (by hand): the factor 1 - ηλ/n by
  which L2 shrinks every weight at each step, and how many epochs halve a
  weight the data does not pull on;
* :func:`check_standard_error` -- Exercise 3 (by hand): the standard error
  √(p(1-p)/n) of a validation accuracy, and whether two recipes differ by more
  than the noise;
* :func:`check_overfitting` -- Exercise 4 (an experiment): make a network
  overfit, then regularize it until the gap between training and validation
  accuracy closes by at least :data:`GAP_CLOSED` (a fraction; the margin is
  measured over several seeds in ``tests/test_exercises_training.py``).

Each checker recognises the usual slips by computing them and comparing, and
names the one it finds.
"""
from __future__ import annotations

import math

import numpy as np

from . import Feedback, as_number, correct, hint, is_unsolved, near, unsolved

__all__ = ["check_init_variance", "check_weight_decay", "check_standard_error", "check_overfitting",
           "ETA", "LAMBDA", "N_TRAIN", "BATCH", "P_VAL", "N_VAL", "ACC_A", "ACC_B", "OVERFIT_GAP", "GAP_CLOSED",
           "VAL_DROP"]


# --------------------------------------------------------------------------
# Exercise 1: the variance of the initial weights
# --------------------------------------------------------------------------
#: the inputs the function is tried on, in order: (n_in, activation)
_INIT_CASES = ((784, "sigmoid"), (784, "relu"), (100, "sigmoid"), (100, "relu"), (30, "relu"), (1, "sigmoid"))


def _right_variance(n_in, activation):
    return (2.0 if activation == "relu" else 1.0) / n_in


def check_init_variance(init_variance) -> Feedback:
    """Exercise 1: ``init_variance(n_in, activation)`` returns Var w for a layer with ``n_in`` inputs.

    Var z = n_in · Var w · E[x²] stays of the order of E[x²] for Var w = 1/n_in
    (``"sigmoid"``); a ReLU unit passes on only the positive half of z, so He
    et al. double it: 2/n_in (``"relu"``).  Accepted within 0.1 %.
    """
    if is_unsolved(init_variance):
        return unsolved("the body of init_variance")
    if not callable(init_variance):
        return hint("init_variance must be a function, def init_variance(n_in, activation): ...; "
                    f"got {type(init_variance).__name__}.")
    got = []
    for n_in, activation in _INIT_CASES:
        try:
            value = init_variance(n_in, activation)
        except Exception as err:  # a student's bug: say where
            return hint(f"init_variance({n_in}, {activation!r}) raised {type(err).__name__}: {err}")
        if is_unsolved(value):
            return unsolved("the body of init_variance (a function that returns the variance)")
        number = as_number(value)
        if number is None:
            return hint(f"init_variance({n_in}, {activation!r}) returned {value!r}: return a number, the variance.")
        got.append(number)

    def matches(rule):
        return all(near(g, rule(n, a), 1e-3) for g, (n, a) in zip(got, _INIT_CASES))

    if matches(_right_variance):
        return correct("Var w = 1/n_in keeps Var z of the order of the inputs' E[x²] whatever the number of inputs; "
                       "ReLU units, which pass on only the positive half of z, need twice that, 2/n_in (He).")
    slips = [
        (lambda n, a: math.sqrt(_right_variance(n, a)),
         "that is the standard deviation, √(1/n_in) or √(2/n_in); the exercise asks for the variance, its square."),
        (lambda n, a: 1.0 / n,
         "right for sigmoid units, but ReLU units pass on only the positive half of z (E[a²] = ½ Var z): "
         "double the variance for them, 2/n_in."),
        (lambda n, a: 2.0 / n,
         "right for ReLU units; the factor 2 makes up for the half of z that a ReLU cuts off. A sigmoid unit "
         "needs 1/n_in."),
        (lambda n, a: (0.5 if a == "relu" else 1.0) / n,
         "the ReLU factor is upside down: a ReLU passes on only half of z, so its weights need a larger "
         "variance, 2/n_in, not a smaller one."),
        (lambda n, a: float(n) * (2.0 if a == "relu" else 1.0),
         "upside down: Var z = n_in · Var w · E[x²] grows with n_in, so Var w must shrink like 1/n_in."),
        (lambda n, a: float(n),
         "upside down: Var z = n_in · Var w · E[x²] grows with n_in, so Var w must shrink like 1/n_in."),
        (lambda n, a: 1.0, "that is the book's N(0, 1) start, whose z spreads like √n_in: scale Var w by 1/n_in."),
    ]
    for rule, message in slips:
        if matches(rule):
            return hint(message)
    for g, (n_in, activation) in zip(got, _INIT_CASES):
        expected = _right_variance(n_in, activation)
        if not near(g, expected, 1e-3):
            return hint(f"init_variance({n_in}, {activation!r}) returned {g:.6g}, expected {expected:.6g} "
                        f"({'2' if activation == 'relu' else '1'}/n_in).")
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------
# Exercise 2: weight decay by hand
# --------------------------------------------------------------------------
#: the L2 recipe of the lecture: learning rate, λ, training images, mini-batch size
ETA, LAMBDA, N_TRAIN, BATCH = 0.5, 1.0, 10_000, 10


def check_weight_decay(factor, epochs_to_halve) -> Feedback:
    """Exercise 2: L2's factor per step, ``factor`` = 1 - ηλ/n, and ``epochs_to_halve`` = ln 2 / (-ln factor) / (n/m).

    With η = 0.5, λ = 1, n = 10 000 and batches of m = 10: each step multiplies
    every weight by 1 - 0.5/10 000 = 0.99995 (before the data's gradient); a
    weight the data does not pull on halves after ln 2 / 0.00005 ≈ 13 863
    steps, 13.9 epochs of 1000 steps.  ``factor`` is accepted when 1 - factor
    is within 1 % of ηλ/n, ``epochs_to_halve`` within 1 %.
    """
    if is_unsolved(factor, epochs_to_halve):
        return unsolved("factor and epochs_to_halve (two numbers)")
    f, e = as_number(factor), as_number(epochs_to_halve)
    if f is None or e is None:
        return hint("factor and epochs_to_halve are two numbers, e.g. factor, epochs_to_halve = 0.9, 7.")
    decrement = ETA * LAMBDA / N_TRAIN
    right_factor = 1 - decrement
    steps_per_epoch = N_TRAIN / BATCH
    right_steps = math.log(2) / -math.log(right_factor)
    right_epochs = right_steps / steps_per_epoch
    problems = []
    if not near(1 - f, decrement, 0.01):
        slips = [
            (1 - ETA * LAMBDA, "the 1/n is missing: the penalty is λ/(2n) Σ w², so its gradient is (λ/n) w and the "
                               "factor 1 - ηλ/n, with n = 10 000 training images."),
            (1 - LAMBDA / N_TRAIN, "the learning rate is missing: the step is η times the gradient (λ/n) w, so the "
                                   "factor is 1 - ηλ/n."),
            (decrement, "that is how much a weight loses as a fraction, ηλ/n; the factor it is multiplied by is "
                        "1 minus that."),
            (1 - ETA * LAMBDA / BATCH, "n is the number of training images (10 000), not the mini-batch size: the "
                                       "penalty λ/(2n) Σ w² is spread over the whole training set."),
            (1 + decrement, "wrong sign: the step goes against the gradient (λ/n) w, so it shrinks the weight: "
                            "1 - ηλ/n."),
            (1 - 2 * decrement, "the ½ of λ/(2n) Σ w² cancels the 2 of the derivative of w²: the gradient is "
                                "(λ/n) w, the factor 1 - ηλ/n."),
        ]
        problems.append("factor: " + next(
            (message for wrong, message in slips if near(f, wrong, 1e-9) or near(1 - f, 1 - wrong, 1e-3)),
            f"{f:.8g} is not 1 - ηλ/n with η = {ETA:g}, λ = {LAMBDA:g} and n = {N_TRAIN} training images.",
        ))
    if not near(e, right_epochs, 0.01):
        slips = [
            (right_steps, "that is a number of steps; an epoch is n/m = 1000 steps."),
            (0.5 / decrement / steps_per_epoch,
             "that takes away the same amount, ηλ/n of the starting size, at each step (as L1 does). L2 multiplies "
             "by the factor at every step, so the weight halves when factor^k = ½: k = ln 2 / (-ln factor) steps."),
            (0.5 / decrement, "two slips: L2 multiplies at each step (factor^k = ½, k = ln 2 / (-ln factor)), and "
                              "that would be steps, not epochs of 1000 steps."),
            (1 / decrement / steps_per_epoch, "that is when a constant decrement would reach 0; L2 multiplies, so the "
                                              "weight halves when factor^k = ½, k = ln 2 / (-ln factor) steps."),
            (right_epochs * BATCH, "an epoch has n/m = 10 000/10 = 1000 steps, one per mini-batch."),
            (right_steps / N_TRAIN, "an epoch has one step per mini-batch, n/m = 1000 steps, not one per image."),
        ]
        problems.append("epochs_to_halve: " + next(
            (message for wrong, message in slips if near(e, wrong, 0.01)),
            f"{e:g} epochs is not when factor^k = ½: k = ln 2 / (-ln factor) steps, at 1000 steps per epoch.",
        ))
    if problems:
        return hint(" ".join(problems))
    return correct(f"each step multiplies every weight by 1 - ηλ/n = {right_factor:g}: a tiny decay per step, "
                   f"but a weight the data does not need halves in about {right_epochs:.1f} epochs.")


# --------------------------------------------------------------------------
# Exercise 3: the standard error of a validation accuracy
# --------------------------------------------------------------------------
#: the accuracy and the number of validation images of the standard error; the two recipes' accuracies
P_VAL, N_VAL = 0.95, 2000
ACC_A, ACC_B = 0.954, 0.960


def check_standard_error(se, differ) -> Feedback:
    """Exercise 3: ``se`` = √(p(1-p)/n) for p = 0.95, n = 2000, and ``differ`` (is B's lead outside the noise?).

    se = √(0.95 · 0.05 / 2000) ≈ 0.00487, about half a point.  The difference of
    two such accuracies has √2 times that spread; the 95 % noise band is
    ±1.96 √2 se ≈ ±1.35 points, wider than B's lead of 0.6 points, so
    ``differ`` is False.  ``se`` is accepted as a fraction within 2 %.
    """
    if is_unsolved(se, differ):
        return unsolved("se (a number) and differ (True or False)")
    s = as_number(se)
    if s is None:
        return hint("se is a number, the standard error as a fraction, e.g. se = 0.01.")
    if not isinstance(differ, (bool, np.bool_)):
        return hint(f"differ is True or False (is B's lead outside the 95% noise band?); got {differ!r}.")
    right = math.sqrt(P_VAL * (1 - P_VAL) / N_VAL)
    problems = []
    if not near(s, right, 0.02):
        slips = [
            (right * 100, "that is in percent (points); give se as a fraction, like the accuracies 0.954 and 0.96."),
            (right**2, "the square root is missing: p(1-p)/n is the variance of the measured accuracy; its "
                       "standard error is the square root."),
            (math.sqrt(P_VAL * (1 - P_VAL)), "the 1/n is missing: that is the spread of one image's 0-or-1 "
                                             "score; the mean of n of them has √n times less."),
            (P_VAL * (1 - P_VAL) / math.sqrt(N_VAL), "the square root covers the whole fraction: √(p(1-p)/n)."),
            (math.sqrt(P_VAL / N_VAL), "the factor (1 - p) is missing: a 0-or-1 score has variance p(1-p)."),
            (1.96 * math.sqrt(2) * right, "that is the 95% band of a difference of two accuracies; se is the "
                                          "standard error of one accuracy, √(p(1-p)/n)."),
        ]
        problems.append("se: " + next(
            (message for wrong, message in slips if near(s, wrong, 0.02)),
            f"{s:g} is not √(p(1-p)/n) with p = {P_VAL:g} and n = {N_VAL}.",
        ))
    if bool(differ):
        problems.append(
            f"differ: B leads by {100 * (ACC_B - ACC_A):.1f} points, more than one standard error, but the "
            "difference of two noisy accuracies has √2 times their standard error, and the 95% noise band is "
            f"±1.96 √2 se = ±{100 * 1.96 * math.sqrt(2) * right:.2f} points: the lead is inside it.")
    if problems:
        return hint(" ".join(problems))
    return correct(f"se = √(0.95 · 0.05 / 2000) = {right:.4f}, about half a point. B's lead of "
                   f"{100 * (ACC_B - ACC_A):.1f} points is inside the band ±1.96 √2 se = "
                   f"±{100 * 1.96 * math.sqrt(2) * right:.2f} points: these runs cannot tell A from B.")


# --------------------------------------------------------------------------
# Exercise 4: overfit, then regularize (an experiment)
# --------------------------------------------------------------------------
#: the unregularized run must overfit: training accuracy above validation accuracy by at least this
OVERFIT_GAP = 0.10
#: the regularized run's gap must be smaller by at least this (4 points; the margin over seeds is in the tests)
GAP_CLOSED = 0.04
#: ... without its validation accuracy falling by more than this (closing the gap by underfitting does not count)
VAL_DROP = 0.01


def _history(run, name):
    """``run`` as a history dict (a Network gives its ``history``), or (None, the hint)."""
    history = getattr(run, "history", run)
    if not isinstance(history, dict):
        return None, hint(f"{name} is the history of a run, the dict that net.fit(...) returns (or the trained "
                          f"Network); got {type(run).__name__}.")
    curves = {key: _curve(history.get(key)) for key in ("accuracy", "val_accuracy")}
    missing = [key for key, curve in curves.items() if history.get(key) is None or curve == []]
    if missing:
        return None, hint(f"{name} has no {' and no '.join(missing)}: train with validation_data=(X_val, y_val) "
                          "and track_training=True (the default), so each epoch records both accuracies.")
    for key, curve in curves.items():
        if curve is None:
            return None, hint(f"{name}[{key!r}] must be a list of accuracies, one number per epoch, as net.fit(...) "
                              f"records them; got {history[key]!r}.")
    return curves, None


def _curve(values):
    """``values`` as a list of finite floats, or None if it is not a sequence of them."""
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__"):
        return None
    numbers = [as_number(v) for v in values]
    return None if None in numbers else numbers


def check_overfitting(plain, regularized) -> Feedback:
    """Exercise 4: ``plain`` overfits, ``regularized`` closes the gap by at least ``GAP_CLOSED``.

    Both are histories from ``Network.fit`` (or the trained networks).  The
    gap is the final training accuracy minus the final validation accuracy.
    Checked: the plain run's gap is at least ``OVERFIT_GAP``; the regularized
    run's gap is smaller by at least ``GAP_CLOSED``; and its validation
    accuracy is no more than ``VAL_DROP`` below the plain run's (a gap closed
    by making the training accuracy fall is underfitting, not a cure).
    """
    if is_unsolved(plain, regularized):
        return unsolved("plain and regularized (the histories of two runs: without and with regularization)")
    hist_plain, problem = _history(plain, "plain")
    if problem is not None:
        return problem
    hist_reg, problem = _history(regularized, "regularized")
    if problem is not None:
        return problem
    train_p, val_p = hist_plain["accuracy"][-1], hist_plain["val_accuracy"][-1]
    train_r, val_r = hist_reg["accuracy"][-1], hist_reg["val_accuracy"][-1]
    gap_p, gap_r = train_p - val_p, train_r - val_r
    if gap_p < OVERFIT_GAP:
        return hint(f"the plain run does not overfit enough yet: training {train_p:.1%}, validation {val_p:.1%}, a "
                    f"gap of {100 * gap_p:.1f} points (needed: at least {100 * OVERFIT_GAP:.0f}). Give it fewer "
                    "training images (a few hundred), more epochs and a wider hidden layer, and no regularization.")
    if hist_reg["accuracy"] == hist_plain["accuracy"] and hist_reg["val_accuracy"] == hist_plain["val_accuracy"]:
        return hint("the two runs are the same: pass l2=... (λ) or dropout=... (p) to the regularized run's fit.")
    if gap_p - gap_r < GAP_CLOSED:
        return hint(f"the gap went from {100 * gap_p:.1f} to {100 * gap_r:.1f} points, closed by "
                    f"{100 * (gap_p - gap_r):.1f}; it must close by at least {100 * GAP_CLOSED:.0f}. Regularize "
                    "more (a larger λ, or a larger dropout p), with everything else as in the plain run.")
    if val_r < val_p - VAL_DROP:
        return hint(f"the gap closed, but the validation accuracy fell from {val_p:.1%} to {val_r:.1%}: the "
                    f"training accuracy fell further ({train_p:.1%} to {train_r:.1%}). That is underfitting: too "
                    "strong a penalty. Choose a smaller λ (or p).")
    return correct(f"the regularized run's gap is at least {100 * GAP_CLOSED:.0f} points smaller and its validation "
                   "accuracy did not fall: the penalty stopped the network from memorizing its few images.")
