"""Self-checks for the exercises of notebook 02, activation functions.

* :func:`check_sigmoid_tanh_derivatives` -- Exercise 1: σ′ and tanh′ written
  from their formulas, σ′ = σ(1 − σ) and tanh′ = 1 − tanh²;
* :func:`check_sigmoid_bound` -- Exercise 2 (predict, then check): how much
  ten sigmoid layers can shrink a gradient at most, and how large a weight
  must be for |w σ′(z)| to reach 1.

Each checker recognises the usual slips (a sign, a missing square, z where
σ(z) belongs, the other function's rule, adding where factors multiply, an
exponent off by one, ...) by computing them and comparing, and names the one
it finds.  A function that matches no known slip is told the first input on
which it is wrong, with the expected and the returned value.
"""
from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from . import Feedback, correct, hint, is_unsolved, unsolved

__all__ = ["check_sigmoid_tanh_derivatives", "check_sigmoid_bound"]

#: the inputs the derivatives are checked on: both tails and the middle
Z = np.linspace(-6.0, 6.0, 49)


def _close(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


def _evaluate(f, name: str):
    """``(values, None)`` for f(Z), or ``(None, feedback)`` when it cannot be compared."""
    if f is None or f is Ellipsis:
        return None, unsolved(name)
    if not callable(f):
        return None, hint(f"{name} must be the function you wrote, def {name}(z): ...; got {type(f).__name__}.")
    try:
        with np.errstate(all="ignore"):
            out = f(Z.copy())
    except Exception as exc:
        return None, hint(
            f"{name}(z) failed on an array z with {type(exc).__name__}: {exc}. Use numpy functions (np.exp, "
            "np.tanh, or lecturekit's sigmoid), which work on a whole array at once; math.exp takes one number."
        )
    if out is None:  # a stub, or a body that forgot its return
        return None, unsolved(name)
    try:
        values = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        return None, hint(f"{name}(z) must return numbers, one per entry of z; got {type(out).__name__}.")
    if values.shape != Z.shape:
        return None, hint(f"{name}(z) must return one derivative per entry of z, shape {Z.shape}; "
                          f"got shape {values.shape} (did you sum or average?).")
    if not np.isfinite(values).all():
        return None, hint(f"{name}(z) returns nan or inf for some z in [-6, 6]: use the stable sigmoid of lecturekit.")
    return values, None


def _first_miss(values, expected) -> str:
    """Where ``values`` first differs from ``expected`` on :data:`Z`: the input, what was expected, what came back."""
    bad = ~np.isclose(values, expected, rtol=1e-6, atol=1e-9)
    i = int(np.argmax(bad))
    return f"the first input where it is wrong is z = {Z[i]:g}: expected {expected[i]:.6g}, returned {values[i]:.6g}."


def _sigmoid_problem(values) -> str | None:
    s, t = sigmoid(Z), np.tanh(Z)
    if _close(values, s * (1 - s)):
        return None
    slips = [
        (s, "that is σ(z) itself, not its derivative: σ′ = σ(z)(1 − σ(z))."),
        (s * (1 + s), "wrong sign: σ(1 + σ); the derivative is σ(z)(1 − σ(z))."),
        (-s * (1 - s), "wrong sign: σ′ is positive everywhere (σ only rises)."),
        (Z * (1 - Z), "you used z where σ(z) belongs: compute s = σ(z) first, then s(1 − s)."),
        (1 - s**2, "that is the tanh rule 1 − f² applied to σ; the sigmoid's is σ(1 − σ)."),
        (1 - t**2, "that is tanh′; this function is the sigmoid's derivative, σ(1 − σ)."),
        (1 - s, "you forgot a factor: σ′ = σ(z) · (1 − σ(z)), not 1 − σ(z)."),
        (s**2, "σ′ = σ(1 − σ), not σ²."),
    ]
    return next((message for wrong, message in slips if _close(values, wrong)), None) or (
        "not σ(z)(1 − σ(z)): " + _first_miss(values, s * (1 - s))
    )


def _tanh_problem(values) -> str | None:
    s, t = sigmoid(Z), np.tanh(Z)
    if _close(values, 1 - t**2):
        return None
    slips = [
        (t, "that is tanh(z) itself, not its derivative: tanh′ = 1 − tanh(z)²."),
        (1 - t, "you forgot the square: 1 − tanh(z)², not 1 − tanh(z)."),
        (1 + t**2, "wrong sign: 1 + tanh²; the derivative is 1 − tanh(z)², at most 1."),
        (t**2 - 1, "wrong sign: tanh′ is positive everywhere (tanh only rises): 1 − tanh(z)²."),
        (1 - Z**2, "you used z where tanh(z) belongs: 1 − tanh(z)², not 1 − z²."),
        (1 - np.tanh(Z**2), "square tanh(z), not z: 1 − tanh(z)², i.e. 1 − np.tanh(z) ** 2."),
        (s * (1 - s), "that is the sigmoid's rule σ(1 − σ); tanh's is 1 − tanh²."),
        (t * (1 - t), "that is the sigmoid's rule f(1 − f) applied to tanh; tanh's is 1 − tanh²."),
    ]
    return next((message for wrong, message in slips if _close(values, wrong)), None) or (
        "not 1 − tanh(z)²: " + _first_miss(values, 1 - t**2)
    )


def check_sigmoid_tanh_derivatives(my_sigmoid_grad, my_tanh_grad) -> Feedback:
    """Exercise 1: ``my_sigmoid_grad(z)`` must be σ(z)(1 − σ(z)) and ``my_tanh_grad(z)`` 1 − tanh(z)².

    Both are called once with an array ``z`` of 49 points on [-6, 6] and must
    return an array of the same shape.
    """
    stubs, problems = [], []
    for f, name, problem in ((my_sigmoid_grad, "my_sigmoid_grad", _sigmoid_problem),
                             (my_tanh_grad, "my_tanh_grad", _tanh_problem)):
        values, feedback = _evaluate(f, name)
        if feedback is not None and feedback.status == "unsolved":
            stubs.append(name)
        elif feedback is not None:
            problems.append(feedback.message)
        elif (message := problem(values)) is not None:
            problems.append(f"{name}: {message}")
    if problems:
        return hint(" ".join(problems))
    if stubs:
        return unsolved(f"the body of {' and '.join(stubs)} (a return of one derivative per entry of z)")
    return correct("σ′ peaks at 1/4 and tanh′ at 1, both at z = 0, and both vanish in the tails: "
                   "that is where saturated neurons stop passing on gradient.")


def check_sigmoid_bound(factor_10, w_min) -> Feedback:
    """Exercise 2: ``factor_10`` = (1/4)^10, the largest product of ten σ′ factors;
    ``w_min`` = 4, the smallest |w| for which |w σ′(z)| can reach 1.

    ``factor_10`` is accepted within 6 % (so 1e-6 counts), ``w_min`` within 1 %.
    """
    if is_unsolved(factor_10, w_min):
        return unsolved("factor_10 and w_min (two numbers)")
    try:
        factor, w = float(factor_10), float(w_min)
    except (TypeError, ValueError):
        return hint("factor_10 and w_min are two numbers, e.g. factor_10, w_min = 0.5 ** 3, 2.")
    problems = []
    right = 0.25**10

    def near(a, b, rtol=0.06):
        return abs(a - b) <= rtol * abs(b)

    if not near(factor, right):
        slips = [
            (0.5**10, "σ′ is at most 1/4 (at z = 0, σ = 1/2, so σ′ = 1/2 · 1/2), not 1/2."),
            (4.0**10, "that is the ratio upside down: give the factor the gradient is multiplied by, a number < 1."),
            (10 * 0.25, "the ten factors multiply, they do not add."),
            (0.25**9, "off by one: ten layers, ten σ′ factors."),
            (0.25**11, "off by one: ten layers, ten σ′ factors."),
            (0.25, "that is one layer's largest factor; ten layers multiply ten of them."),
            (1 - 0.25**10, "the gradient is multiplied by the product itself; give the product, not 1 minus it."),
        ]
        problems.append("factor_10: " + next(
            (message for wrong, message in slips if near(factor, wrong)),
            f"{factor:.3g} is not the largest product of ten σ′ factors; each is at most σ′(0) = 1/4.",
        ))
    if not near(w, 4.0, rtol=0.01):
        slips = [
            (0.25, "upside down: solve |w| · 1/4 = 1 for |w|."),
            (1.0, "with |w| = 1, |w σ′(z)| is at most 1/4: the weight must make up for the factor 1/4."),
            (2.0, "σ′ is at most 1/4, not 1/2."),
            (-4.0, "|w| is a size: give the smallest |w|, a positive number."),
        ]
        problems.append("w_min: " + next(
            (message for wrong, message in slips if near(w, wrong, rtol=0.01)),
            f"{w:g} is not it: |w σ′(z)| is largest at σ′(0) = 1/4: solve |w| · 1/4 = 1.",
        ))
    if problems:
        return hint(" ".join(problems))
    return correct(f"(1/4)^10 = {right:.2g}, and only |w| >= 4 can make up for a sigmoid's 1/4. "
                   "But a large w pushes z into the flat tails, where σ′ is tiny, so the factor stays small.")
