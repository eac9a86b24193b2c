"""Self-checks for the exercises of notebook 05, stochastic gradient descent.

* :func:`check_learning_rates` -- Exercise 1 (predict, then check): on a
  steeper bowl C(w) = ½(w₁² + 50 w₂²), the learning rates above which gradient
  descent oscillates and above which it diverges;
* :func:`check_sgd_epoch` -- Exercise 2: one epoch of mini-batch SGD written on
  top of ``Network.backprop``: shuffle, cut into mini-batches, one step per
  batch;
* :func:`check_noise_scaling` -- Exercise 3 (predict, then check): how the
  noise of a mini-batch gradient shrinks with the batch size m;
* :func:`check_first_steps` -- Exercise 4: two steps of momentum and of Adam
  by hand, on a constant gradient (the velocity adds up; Adam's bias
  correction makes its steps η from the first on);
* :func:`check_optimizer_race` -- Exercise 5 (an experiment): plain SGD and
  momentum trained on the same budget; the student reports which got further
  and by how much, and the check holds the report to the student's own run.

Each checker recognises the usual slips by computing them and comparing, and
names the one it finds.  :func:`check_sgd_epoch` trains nothing heavy: it runs
the student's function on a network of 3-4-2 units and a handful of samples,
and compares the result with reference steps computed the same way.
"""
from __future__ import annotations

import copy
import itertools
import warnings

import numpy as np

from ..network import Network
from . import Feedback, as_number, correct, hint, is_unsolved, near, unsolved

__all__ = ["check_learning_rates", "check_sgd_epoch", "check_noise_scaling", "check_first_steps",
           "check_optimizer_race", "STEEP_CURVATURE", "FIRST_STEPS", "RACE_BUDGET"]


# --------------------------------------------------------------------------
# Exercise 1: the learning rates of a steeper bowl
# --------------------------------------------------------------------------
#: the curvature of the steep direction of exercise 1's bowl, C(w) = ½(w₁² + 50 w₂²)
STEEP_CURVATURE = 50.0


def check_learning_rates(eta_oscillate, eta_diverge) -> Feedback:
    """Exercise 1: the thresholds of gradient descent on C(w) = ½(w₁² + 50 w₂²).

    Each step multiplies w₂ by 1 - 50η (and w₁ by 1 - η), so w₂ flips sign
    every step once 1 - 50η < 0, ``eta_oscillate`` = 1/50 = 0.02, and grows once
    |1 - 50η| > 1, ``eta_diverge`` = 2/50 = 0.04.  Accepted within 1 %.
    """
    if is_unsolved(eta_oscillate, eta_diverge):
        return unsolved("eta_oscillate and eta_diverge (two learning rates)")
    osc, div = as_number(eta_oscillate), as_number(eta_diverge)
    if osc is None or div is None:
        return hint("eta_oscillate and eta_diverge are two numbers, e.g. eta_oscillate, eta_diverge = 0.5, 0.7.")
    lam = STEEP_CURVATURE
    right_osc, right_div = 1 / lam, 2 / lam
    ok_osc, ok_div = near(osc, right_osc, 0.01), near(div, right_div, 0.01)
    if ok_osc and ok_div:
        return correct(f"w₂ is multiplied by 1 - 50η each step: it flips sign for η > 1/50 = {right_osc:g} and "
                       f"grows for η > 2/50 = {right_div:g}. The flat direction alone would allow η up to 2: "
                       "the steepest direction sets the limit.")
    if near(osc, right_div, 0.01) and near(div, right_osc, 0.01):
        return hint("swapped: w₂ first flips sign (1 - 50η < 0, from η = 1/50) and only later grows "
                    "(|1 - 50η| > 1, from η = 2/50); so eta_oscillate < eta_diverge.")
    problems = []
    if not ok_osc:
        slips = [
            (1.0, "that is the flat direction's threshold (curvature 1); the steep direction (curvature 50) "
                  "flips sign much earlier."),
            (0.1, "0.1 is the threshold of the bowl above, whose steep curvature is 10; here it is 50."),
            (lam, "upside down: w₂'s factor 1 - 50η turns negative when 50η > 1, i.e. η > 1/50."),
            (1 / (2 * lam), "at η = 1/100 the factor 1 - 50η is 1/2: w₂ halves each step without flipping; "
                            "it flips once 1 - 50η < 0."),
            (right_div, "at η = 2/50 it already diverges; w₂ flips sign earlier, once 1 - 50η < 0."),
        ]
        problems.append("eta_oscillate: " + next(
            (message for wrong, message in slips if near(osc, wrong, 0.01)),
            f"{osc:g} is not where w₂'s factor 1 - 50η turns negative: solve 1 - 50η = 0.",
        ))
    if not ok_div:
        slips = [
            (2.0, "that is the flat direction's limit (curvature 1): the steep direction (curvature 50) "
                  "diverges long before, and one diverging direction is enough."),
            (0.2, "0.2 is the limit of the bowl above, whose steep curvature is 10; here it is 50."),
            (lam / 2, "upside down: w₂ grows when |1 - 50η| > 1, i.e. 50η > 2, η > 2/50."),
            (right_osc, "at η = 1/50 the factor 1 - 50η is 0: one step lands exactly on w₂ = 0, the best η for "
                        "that direction, not the worst. It diverges once |1 - 50η| > 1."),
            (1 / lam**2, "the threshold is linear in 1/curvature: |1 - 50η| > 1 when η > 2/50."),
        ]
        problems.append("eta_diverge: " + next(
            (message for wrong, message in slips if near(div, wrong, 0.01)),
            f"{div:g} is not where w₂'s factor 1 - 50η leaves [-1, 1]: solve 1 - 50η = -1.",
        ))
    return hint(" ".join(problems))


# --------------------------------------------------------------------------
# Exercise 2: one epoch of mini-batch SGD
# --------------------------------------------------------------------------
_SIZES = (3, 4, 2)  # the tiny network the loop is checked on
_ETA = 0.5
_ONE_BATCH = 4  # stage 1: n = m = 4, one step on one batch
_N, _M = 7, 3  # stage 2: batches of 3, 3 and 1 samples
_RNG_SEEDS = (5, 11)  # two epochs' generators: their shuffles differ, and none keeps the samples in order
_TOL = dict(rtol=1e-7, atol=1e-10)

# How a step turns the gradient into an update: (name, factor of the weights' gradient, of the biases'),
# each factor a function of (eta, m).  The first is the right rule.
_RULES = (
    ("right", lambda eta, m: eta, lambda eta, m: eta),
    ("sign", lambda eta, m: -eta, lambda eta, m: -eta),
    ("divided", lambda eta, m: eta / m, lambda eta, m: eta / m),
    ("summed", lambda eta, m: eta * m, lambda eta, m: eta * m),
    ("no eta", lambda eta, m: 1.0, lambda eta, m: 1.0),
    ("weights only", lambda eta, m: eta, lambda eta, m: 0.0),
    ("biases only", lambda eta, m: 0.0, lambda eta, m: eta),
)


def _case(n, seed=0):
    """A tiny float64 network and ``n`` samples (X (n, 3), one-hot Y (n, 2))."""
    net = Network(list(_SIZES), "sigmoid", "quadratic", seed=seed, dtype=np.float64)
    data = np.random.default_rng(100 + seed)
    X = data.normal(size=(n, _SIZES[0]))
    Y = np.eye(_SIZES[-1])[data.integers(0, _SIZES[-1], size=n)]
    return net, X, Y


def _parameters(net):
    return [np.array(p, dtype=np.float64, copy=True) for p in list(net.weights) + list(net.biases)]


def _same(a, b) -> bool:
    return len(a) == len(b) and all(np.shape(p) == np.shape(q) and np.allclose(p, q, **_TOL) for p, q in zip(a, b))


def _steps(start, X, Y, batches, eta, rule="right", Y_rows=None):
    """The parameters after one SGD step per batch (a list of row indices), from ``start``.

    ``Y_rows`` maps each batch to the rows of Y used with it (default: the same rows as X).
    """
    _, fw, fb = next(r for r in _RULES if r[0] == rule)
    layers = len(_SIZES) - 1
    net = Network(list(_SIZES), "sigmoid", "quadratic", dtype=np.float64)
    net.weights = [p.copy() for p in start[:layers]]
    net.biases = [p.copy() for p in start[layers:]]
    for k, rows in enumerate(batches):
        y_rows = rows if Y_rows is None else Y_rows[k]
        grads_W, grads_b = net.backprop(X[rows], Y[y_rows])
        m = len(rows)
        for W, g in zip(net.weights, grads_W):
            W -= fw(eta, m) * g
        for b, g in zip(net.biases, grads_b):
            b -= fb(eta, m) * g
    return _parameters(net)


def _chunks(order, m):
    return [np.asarray(order[k:k + m]) for k in range(0, len(order), m)]


def _is_stub(f) -> bool:
    """True for a function whose body does nothing (only ``...``, ``pass`` or a docstring)."""
    code = getattr(f, "__code__", None)
    return code is not None and not code.co_names and code.co_nlocals == code.co_argcount and not any(
        hasattr(c, "co_code") for c in code.co_consts)


def _run(sgd_epoch, net, X, Y, eta, m, rng):
    """Call the student's function; return (None, hint) if it raised or changed X or Y, else (params, None)."""
    X_in, Y_in = X.copy(), Y.copy()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            sgd_epoch(net, X_in, Y_in, eta, m, rng)
    except Exception as err:  # a student's bug: say what it was, and where it usually comes from
        text = f"sgd_epoch raised {type(err).__name__}: {err}"
        if "broadcast" in str(err):
            return None, hint(text + ". A shape mismatch in an update means a parameter met the wrong gradient, "
                                     "often a bias b (shape (out,)) updated with a weight gradient (shape (out, in)): "
                                     "update each W with its grads_W and each b with its grads_b.")
        return None, hint(text + f" (called with a network of {list(_SIZES)} units, X of shape {X.shape}, m = {m}).")
    if not (np.array_equal(X_in, X) and np.array_equal(Y_in, Y)):
        return None, hint("sgd_epoch changed X or Y (rng.shuffle(X)?): shuffling them separately, or in place, "
                          "can separate images from their labels. Shuffle an index array instead, "
                          "order = rng.permutation(len(X)), and take X[batch], Y[batch].")
    layers = len(_SIZES) - 1
    weights, biases = list(getattr(net, "weights", [])), list(getattr(net, "biases", []))
    if len(weights) != layers or len(biases) != layers:
        return None, hint(f"net.weights and net.biases must still hold {layers} arrays each; "
                          f"they hold {len(weights)} and {len(biases)}.")
    for l, (fan_in, fan_out) in enumerate(zip(_SIZES[:-1], _SIZES[1:])):
        if np.shape(weights[l]) != (fan_out, fan_in) or np.shape(biases[l]) != (fan_out,):
            return None, hint(f"net.weights[{l}] and net.biases[{l}] must keep their shapes "
                              f"{(fan_out, fan_in)} and {(fan_out,)}; got {np.shape(weights[l])} and "
                              f"{np.shape(biases[l])}.")
    params = _parameters(net)
    if not all(np.isfinite(p).all() for p in params):
        return None, hint("after one epoch some weights are nan or inf: check the update w ← w - η ∂C/∂w.")
    return params, None


def _one_step_feedback(params, start, X, Y, eta, likely) -> Feedback | None:
    """Stage 1 (one batch of all the samples): None if the step is right, else the hint that names the slip."""
    m = len(X)
    rows = [np.arange(m)]
    if _same(params, _steps(start, X, Y, rows, eta)):
        return None
    if _same(params, start):
        return hint("nothing changed: the network's weights and biases are where they started. `W = W - eta * g` "
                    "inside a loop makes a new array and forgets it; update in place, `W -= eta * g` (or assign "
                    "net.weights = [...]).")
    messages = {
        "sign": "wrong sign: the step goes uphill. Step against the gradient, w ← w - η ∂C/∂w.",
        "divided": f"the step is m = {m} times too small: net.backprop already returns the batch's mean gradient "
                   "(the 1/m is inside), so do not divide by the batch size again.",
        "summed": f"the step is m = {m} times too large: the update uses the mean gradient over the batch, "
                  "η/m Σₓ ∇Cₓ. Did you add up per-sample gradients without dividing by the batch size? "
                  "(net.backprop on the whole batch returns the mean.)",
        "no eta": "the step ignores the learning rate: w ← w - η ∂C/∂w, with η = eta.",
        "weights only": "the biases did not move: update them too, b ← b - η ∂C/∂b with grads_b.",
        "biases only": "the weights did not move: update them too, W ← W - η ∂C/∂W with grads_W.",
    }
    for name, *_ in _RULES[1:]:
        if _same(params, _steps(start, X, Y, rows, eta, name)):
            return hint(messages[name])
    loop_slip = _loop_slip(params, start, X, Y, m, likely)
    if loop_slip is not None:
        return loop_slip
    right = _steps(start, X, Y, rows, eta)
    layers = len(_SIZES) - 1
    names = [f"net.weights[{l}]" for l in range(layers)] + [f"net.biases[{l}]" for l in range(layers)]
    unchanged = [n for n, p, s in zip(names, params, start) if np.allclose(p, s, **_TOL)]
    if unchanged:
        return hint(f"{', '.join(unchanged)} did not change: update every layer's W and b, "
                    "zip(net.weights, grads_W) and zip(net.biases, grads_b).")
    wrong = [n for n, p, r in zip(names, params, right) if not np.allclose(p, r, **_TOL)]
    return hint(f"one step on a single batch of {m} samples differs from w ← w - η ∂C/∂w in {', '.join(wrong)}: "
                "take grads_W, grads_b = net.backprop(X[batch], Y[batch]) once per batch, then update each W and b.")


def _match_partition(params, start, X, Y, eta, m, orders):
    """The first batches (in order) of a right epoch that give ``params``, trying every way to split the samples."""
    n = len(X)
    for order in orders:  # the likely shuffles first (cheap), then every split
        batches = _chunks(order, m)
        if _same(params, _steps(start, X, Y, batches, eta)):
            return batches
    sizes = [len(b) for b in _chunks(np.arange(n), m)]
    return _search(params, start, X, Y, eta, list(range(n)), sizes, [])


def _search(params, start, X, Y, eta, left, sizes, chosen):
    if not sizes:
        return chosen if _same(params, _steps(start, X, Y, chosen, eta)) else None
    for rows in itertools.combinations(left, sizes[0]):
        rest = [i for i in left if i not in rows]
        found = _search(params, start, X, Y, eta, rest, sizes[1:], chosen + [np.array(rows)])
        if found is not None:
            return found
    return None


def _likely_orders(rng, n):
    """The orders the usual ways of shuffling with ``rng`` give (the generator itself is not used)."""
    orders = [copy.deepcopy(rng).permutation(n), copy.deepcopy(rng).choice(n, size=n, replace=False)]
    shuffled = np.arange(n)
    copy.deepcopy(rng).shuffle(shuffled)
    orders.append(shuffled)
    return orders


def _same_split(a, b) -> bool:
    return len(a) == len(b) and all(set(p.tolist()) == set(q.tolist()) for p, q in zip(a, b))


def check_sgd_epoch(sgd_epoch) -> Feedback:
    """Exercise 2: ``sgd_epoch(net, X, Y, eta, m, rng)`` must run one epoch of mini-batch SGD on ``net``.

    That is: visit the n samples in a new random order drawn from ``rng``, cut
    it into mini-batches of m (the last one may be smaller), and for each batch
    take ``grads_W, grads_b = net.backprop(X[batch], Y[batch])`` (the batch's mean
    gradient) and update every W ← W - η grads_W and b ← b - η grads_b in place.

    Checked on a 3-4-2 network: first one batch of 4 samples (the step itself:
    sign, 1/m, η, weights and biases), then 7 samples in batches of 3 (the
    loop: every sample once, the last small batch, a mini-batch per step, a
    new order from ``rng`` in each epoch).
    """
    if is_unsolved(sgd_epoch) or _is_stub(sgd_epoch):
        return unsolved("the body of sgd_epoch")
    if not callable(sgd_epoch):
        return hint("sgd_epoch must be a function, def sgd_epoch(net, X, Y, eta, m, rng): ...; "
                    f"got {type(sgd_epoch).__name__}.")

    # Stage 1: one step.
    net, X, Y = _case(_ONE_BATCH)
    start = _parameters(net)
    rng = np.random.default_rng(_RNG_SEEDS[0])
    likely = _likely_orders(rng, _ONE_BATCH)
    params, problem = _run(sgd_epoch, net, X, Y, _ETA, _ONE_BATCH, rng)
    if problem is not None:
        return problem
    problem = _one_step_feedback(params, start, X, Y, _ETA, likely)
    if problem is not None:
        return problem

    # Stage 2: the loop, two epochs with two generators.
    splits = []
    for seed in _RNG_SEEDS:
        net, X, Y = _case(_N, seed=1)
        start = _parameters(net)
        rng = np.random.default_rng(seed)
        likely = _likely_orders(rng, _N)
        params, problem = _run(sgd_epoch, net, X, Y, _ETA, _M, rng)
        if problem is not None:
            return problem
        split = _match_partition(params, start, X, Y, _ETA, _M, likely)
        if split is None:
            slip = _loop_slip(params, start, X, Y, _M, likely)  # (a Feedback that is a hint is falsy)
            if slip is not None:
                return slip
            return hint(f"one epoch on {_N} samples with m = {_M} differs from mini-batch SGD: expected 3 steps, "
                        "on batches of 3, 3 and 1 samples of a shuffled order, each with the batch's gradient "
                        "from net.backprop(X[batch], Y[batch]).")
        splits.append(split)
    in_order = _chunks(np.arange(_N), _M)
    if all(_same_split(s, in_order) for s in splits):
        return hint("the samples are not shuffled: every epoch visits them in the same order 0, 1, 2, ... "
                    "Draw a new order each epoch, order = rng.permutation(len(X)), and cut it into batches.")
    if _same_split(splits[0], splits[1]):
        return hint("the order is the same in every epoch: shuffle with the generator passed in, "
                    "rng.permutation(len(X)), not with a new generator seeded inside the function.")
    return correct("one epoch = ⌈n/m⌉ steps (here 7 samples in batches of 3, 3 and 1), each "
                   "w ← w - η ∂C/∂w with the mean gradient of a freshly shuffled mini-batch.")


def _loop_slip(params, start, X, Y, m, likely) -> Feedback | None:
    """The hint for a usual slip in the loop that gives ``params``, or None if it is none of them."""
    n = len(X)
    everything = np.arange(n)
    batches = _chunks(everything, m)
    if len(batches) > 1:  # (with one batch, these are the right epoch)
        if _same(params, _steps(start, X, Y, [everything], _ETA)):
            return hint(f"one step on all {n} samples: that is (full-batch) gradient descent. Cut the shuffled "
                        "samples into mini-batches of m and take one step per batch.")
        if _same(params, _steps(start, X, Y, [everything] * len(batches), _ETA)):
            return hint("each step used the gradient of all the samples: compute it on the mini-batch only, "
                        "net.backprop(X[batch], Y[batch]).")
    for order in [everything] + likely:
        if _same(params, _steps(start, X, Y, _chunks(order, 1), _ETA)):
            return hint("one step per sample (batches of 1): take m samples per step, batch = order[k:k + m] "
                        "for k in range(0, n, m).")
        if len(batches) > 1 and _same(params, _steps(start, X, Y, _chunks(order, m)[:-1], _ETA)):
            sizes = ", ".join(str(len(b)) for b in batches)
            return hint(f"the last, smaller batch was skipped: with n = {n} and m = {m} an epoch has "
                        f"{len(batches)} batches ({sizes} samples). Loop k over range(0, n, m); slicing "
                        "order[k:k + m] handles the end.")
    for p in likely:
        for x_order, y_order in ((p, everything), (everything, p)):
            if _same(params, _steps(start, X, Y, _chunks(x_order, m), _ETA, Y_rows=_chunks(y_order, m))):
                return hint("X and Y were not shuffled together: the labels no longer belong to their images. "
                            "Use one order for both, X[batch] and Y[batch].")
    return None


# --------------------------------------------------------------------------
# Exercise 3: how the noise shrinks with the batch size
# --------------------------------------------------------------------------
def check_noise_scaling(ratio, m_half) -> Feedback:
    """Exercise 3: ``ratio`` = noise(m = 10) / noise(m = 1000) = √100 = 10, ``m_half`` = 40.

    The mini-batch gradient is a mean of m independent per-sample gradients:
    its variance falls like 1/m, its spread (the noise) like 1/√m.  Halving
    the noise of m = 10 takes 4 × 10 = 40 samples.  ``ratio`` is accepted
    within 5 %, ``m_half`` within 2.5 %.
    """
    if is_unsolved(ratio, m_half):
        return unsolved("ratio and m_half (two numbers)")
    r, mh = as_number(ratio), as_number(m_half)
    if r is None or mh is None:
        return hint("ratio and m_half are two numbers, e.g. ratio, m_half = 3, 20.")
    problems = []
    if not near(r, 10.0, 0.05):
        slips = [
            (100.0, "100 is how the variance falls (1/m); the noise is a spread, a standard deviation, "
                    "which falls like 1/√m: √(1000/10)."),
            (0.1, "upside down: the small batch is the noisy one, so noise(10) / noise(1000) is larger than 1."),
            (0.01, "upside down, and that is the variance's ratio: the noise falls like 1/√m, and m = 10 is "
                   "the noisier batch."),
            (1.0, "the noise does depend on m: averaging m independent gradients divides their spread by √m."),
            (990.0, "the noise falls like 1/√m, a ratio, not a difference of batch sizes."),
            (np.sqrt(10), "√10 would be a tenfold larger batch; here it is 100 times larger: √100."),
        ]
        problems.append("ratio: " + next(
            (message for wrong, message in slips if near(r, wrong, 0.05)),
            f"{r:g} is not √(1000/10): the noise of a mean of m samples falls like 1/√m.",
        ))
    if mh <= 0:
        problems.append("m_half: a batch size is a positive number of samples.")
    elif not near(mh, 40.0, 0.025):
        slips = [
            (20.0, "doubling m divides the noise by √2 only; to halve it, m must grow 2² = 4 times."),
            (5.0, "upside down: a smaller batch is noisier. Halving the noise takes a larger batch."),
            (2.5, "upside down: a smaller batch is noisier; halving the noise takes 4 times more samples."),
            (10 * np.sqrt(2), "the noise falls like 1/√m: to halve it, √m must double, so m grows 4 times."),
            (100.0, "that halves the noise of m = 25; from m = 10, 4 times more samples halve it."),
        ]
        problems.append("m_half: " + next(
            (message for wrong, message in slips if near(mh, wrong, 0.025)),
            f"with m = {mh:g} the noise is √(10/{mh:g}) = {np.sqrt(10 / mh):.2f} "
            "times that of m = 10, not 1/2: solve √(10/m) = 1/2.",
        ))
    if problems:
        return hint(" ".join(problems))
    return correct("a mean of m samples has 1/√m of their spread: 100 times the samples buy 10 times less noise, "
                   "and halving the noise costs 4 times the samples. Large batches are an expensive way to "
                   "buy precision.")


# --------------------------------------------------------------------------
# Exercise 4: the first steps of momentum and Adam, by hand
# --------------------------------------------------------------------------
#: Exercise 4's setting: w starts at 0, the gradient is 4 at both steps, η = 0.1, μ = 0.9, Adam's β₁, β₂, ε
FIRST_STEPS = {"w0": 0.0, "g": 4.0, "lr": 0.1, "momentum": 0.9, "betas": (0.9, 0.999), "eps": 1e-8}


def _momentum_path(g, lr, mu, steps=2, form="right"):
    """w after ``steps`` steps of momentum from 0 on a constant gradient ``g``.

    ``form``: "right" (v ← μv − ηg, w ← w + v) or "averaged" (v ← μv + (1 − μ)g, w ← w − ηv).
    """
    w = v = 0.0
    for _ in range(steps):
        if form == "right":
            v = mu * v - lr * g
            w += v
        else:
            v = mu * v + (1 - mu) * g
            w -= lr * v
    return w


def _adam_path(g, lr, betas, eps, steps=2, correct_m=True, correct_s=True, sqrt=True):
    """w after ``steps`` Adam steps from 0 on a constant gradient ``g`` (with or without each correction)."""
    b1, b2 = betas
    w = m = s = 0.0
    for t in range(1, steps + 1):
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g * g
        m_hat = m / (1 - b1**t) if correct_m else m
        s_hat = s / (1 - b2**t) if correct_s else s
        w -= lr * m_hat / ((np.sqrt(s_hat) if sqrt else s_hat) + eps)
    return w


def _near_signed(a, b, rtol=0.01) -> bool:
    return abs(a - b) <= rtol * abs(b) + 1e-12


def check_first_steps(w_momentum, w_adam) -> Feedback:
    """Exercise 4: w after two steps from w = 0 on a constant gradient g = 4, with η = 0.1.

    Momentum (μ = 0.9): v₁ = −0.4, w₁ = −0.4; v₂ = 0.9·(−0.4) − 0.4 = −0.76,
    ``w_momentum`` = −1.16.  Adam (β₁ = 0.9, β₂ = 0.999): m̂ₜ = 4 and ŝₜ = 16
    at both steps, each step η m̂/√ŝ = 0.1, ``w_adam`` = −0.2.  Each accepted
    within 1 %; the usual slips (plain gradient descent, one step, the velocity
    instead of w, the sign, the averaged form of momentum, Adam without its
    bias correction or without the square root) are named.
    """
    if is_unsolved(w_momentum, w_adam):
        return unsolved("w_momentum and w_adam (two numbers: w after two steps)")
    wm, wa = as_number(w_momentum), as_number(w_adam)
    if wm is None or wa is None:
        return hint("w_momentum and w_adam are two numbers, e.g. w_momentum, w_adam = -0.5, -0.3.")
    g, lr, mu = FIRST_STEPS["g"], FIRST_STEPS["lr"], FIRST_STEPS["momentum"]
    betas, eps = FIRST_STEPS["betas"], FIRST_STEPS["eps"]
    right_m, right_a = _momentum_path(g, lr, mu), _adam_path(g, lr, betas, eps)
    problems = []
    if not _near_signed(wm, right_m):
        slips = [
            (-right_m, "wrong sign: the steps go against the gradient (g = 4 > 0), so w decreases."),
            (-2 * lr * g, "that is plain gradient descent, two steps of η g = 0.4. Momentum's second step also "
                          "carries the velocity: v₂ = μ v₁ − η g = 0.9·(−0.4) − 0.4."),
            (-lr * g, "that is w after one step; the exercise asks for two."),
            (mu * -lr * g - lr * g, "that is the velocity v₂; w adds up the velocities, w₂ = v₁ + v₂."),
            (_momentum_path(g, lr, mu, form="averaged"),
             "that is the averaged form v ← μv + (1 − μ)g, w ← w − ηv (like Adam's m). This lecture's momentum "
             "sums the gradients, v ← μ v − η g, w ← w + v: its steps grow towards η g / (1 − μ)."),
            (_momentum_path(g, lr, 1 - mu), "μ = 0.9 is the fraction of the velocity kept, not 1 − μ: "
                                            "v₂ = 0.9·v₁ − η g."),
        ]
        problems.append("w_momentum: " + next(
            (message for wrong, message in slips if _near_signed(wm, wrong)),
            f"{wm:g} is not w after two momentum steps: v₁ = −η g, w₁ = v₁; then v₂ = μ v₁ − η g, w₂ = w₁ + v₂.",
        ))
    if not _near_signed(wa, right_a):
        slips = [
            (-right_a, "wrong sign: Adam steps against the gradient's running mean (here +4), so w decreases."),
            (-2 * lr * g, "that is plain gradient descent (η g per step). Adam divides the mean gradient by the "
                          "root of its mean square: m̂/√ŝ = 4/4 = 1, a step of η."),
            (_adam_path(g, lr, betas, eps, steps=1), "that is w after one step; the exercise asks for two."),
            (_adam_path(g, lr, betas, eps, correct_m=False, correct_s=False),
             "no bias correction: m and s start at 0, so divide them by 1 − β₁ᵗ and 1 − β₂ᵗ "
             "(t = 1, then 2) before the step."),
            (_adam_path(g, lr, betas, eps, correct_s=False),
             "only m was bias-corrected: s also started at 0; use ŝ = s / (1 − β₂ᵗ)."),
            (_adam_path(g, lr, betas, eps, correct_m=False),
             "only s was bias-corrected: m also started at 0; use m̂ = m / (1 − β₁ᵗ)."),
            (_adam_path(g, lr, betas, eps, sqrt=False),
             "the square root is missing: the step is η m̂ / (√ŝ + ε), and √ŝ = 4 has the gradient's units."),
        ]
        problems.append("w_adam: " + next(
            (message for wrong, message in slips if _near_signed(wa, wrong)),
            f"{wa:g} is not w after two Adam steps: at t = 1 and t = 2 compute m, s, then m̂ = m / (1 − β₁ᵗ), "
            "ŝ = s / (1 − β₂ᵗ), and step w ← w − η m̂ / (√ŝ + ε).",
        ))
    if problems:
        return hint(" ".join(problems))
    return correct(f"momentum's second step, {mu * -lr * g - lr * g:.2f}, is already 1.9 times its first: "
                   "the velocity adds up along a steady gradient. Adam steps η = 0.1 each time: m̂/√ŝ = g/|g| = 1 "
                   "for a steady gradient, whatever its size, and from the first step on thanks to the bias "
                   "correction.")


# --------------------------------------------------------------------------
# Exercise 5 (an experiment): plain SGD and momentum on the same budget
# --------------------------------------------------------------------------
#: the budget both optimizers get in exercise 5: one epoch over the training images in batches of 10, η = 0.1
RACE_BUDGET = {"epochs": 1, "batch_size": 10, "lr": 0.1}
#: points of accuracy within which the reported lead must match the student's own run (rounding, reading)
LEAD_TOLERANCE = 1.0
#: a lead below this many points is a tie: either winner is accepted
TIE = 0.5
_WINNERS = {"sgd": "sgd", "plain sgd": "sgd", "gradient descent": "sgd", "momentum": "momentum"}


def _settings(net):
    """(optimizer name, learning rate, epochs trained) of a Network, or None if it was never trained by fit."""
    history = getattr(net, "history", None)
    settings = getattr(net, "optimizer_settings", None)
    if not isinstance(history, dict) or not history.get("seconds") or settings is None:
        return None
    name, lr, *_ = settings
    return name, lr, len(history["seconds"])


def check_optimizer_race(net_sgd, net_momentum, winner, lead, validation) -> Feedback:
    """Exercise 5: which optimizer got further on the same budget, and by how many points, in the student's run.

    ``net_sgd`` and ``net_momentum`` are the two trained ``Network`` objects,
    ``winner`` is ``"sgd"`` or ``"momentum"``, ``lead`` the winner's lead in
    validation accuracy in percentage points, ``validation`` the pair
    ``(X_val, y_val)``.  The check measures both networks on it and accepts the
    report that matches this run: the right winner (either one when the lead is
    under :data:`TIE` points) and the lead within :data:`LEAD_TOLERANCE` points.
    Nothing is expected of the numbers themselves, which move from run to run
    (tests/test_exercises_sgd.py measures by how much); a run that did not
    train each network once with its own optimizer on :data:`RACE_BUDGET` is
    named.
    """
    if is_unsolved(winner, lead):
        return unsolved("winner and lead, read off your run")
    for name, net in (("net_sgd", net_sgd), ("net_momentum", net_momentum)):
        if not callable(getattr(net, "accuracy", None)):
            return hint(f"{name} must be the trained Network, got {type(net).__name__}.")
    settings = {"net_sgd": _settings(net_sgd), "net_momentum": _settings(net_momentum)}
    for name, setting in settings.items():
        if setting is None:
            optimizer = "sgd" if name == "net_sgd" else "momentum"
            return hint(f"{name} was not trained: call {name}.fit(X_train, Y_train, optimizer=\"{optimizer}\", "
                        "**budget) before reading its accuracy.")
    used = {name: s[0] for name, s in settings.items()}
    if used == {"net_sgd": "momentum", "net_momentum": "sgd"}:
        return hint("swapped: net_sgd was trained with momentum and net_momentum with plain SGD.")
    for name, want in (("net_sgd", "sgd"), ("net_momentum", "momentum")):
        if used[name] != want:
            return hint(f"{name} was trained with optimizer=\"{used[name]}\"; give it optimizer=\"{want}\" "
                        "(and the other network the other one).")
    for name, (_, lr, epochs) in settings.items():
        if not _close(lr, RACE_BUDGET["lr"]) or epochs != RACE_BUDGET["epochs"]:
            return hint(f"{name} was trained {epochs} epoch(s) with lr = {lr:g}; the race gives both the same "
                        f"budget, {RACE_BUDGET['epochs']} epoch with lr = {RACE_BUDGET['lr']:g} "
                        "(make each network anew and fit it once with **budget).")
    try:
        acc = {"sgd": 100 * net_sgd.accuracy(*validation), "momentum": 100 * net_momentum.accuracy(*validation)}
    except (TypeError, ValueError) as err:
        return hint(f"validation must be the pair (X_val, y_val) that both networks are measured on; "
                    f"net_sgd.accuracy(*validation) raised {type(err).__name__}: {err}")
    measured = "net_sgd {sgd:.1f}%, net_momentum {momentum:.1f}%".format(**acc)
    key = winner.strip().lower() if isinstance(winner, str) else None
    if key not in _WINNERS:
        return hint(f"winner is \"sgd\" or \"momentum\", got {winner!r}. Your run: {measured}.")
    pick, other = _WINNERS[key], "sgd" if _WINNERS[key] == "momentum" else "momentum"
    true_lead = abs(acc["momentum"] - acc["sgd"])
    best = "momentum" if acc["momentum"] > acc["sgd"] else "sgd"
    if pick != best and true_lead >= TIE:
        return hint(f"in your run the other one won: {measured} on the validation images.")
    value = as_number(lead)
    if value is None:
        return hint(f"lead is a number of percentage points, e.g. 12.5. Your run: {measured}.")
    reported = acc[pick] - acc[other]  # (a tie may name either winner: its lead is then near 0 either way)
    if abs(value - reported) <= LEAD_TOLERANCE:
        if best == "momentum" and true_lead >= TIE:
            return correct(f"{measured}: on the same budget momentum got much further. Where successive gradients "
                           "agree its velocity adds up to steps of up to η/(1 - μ) = 10 times plain SGD's; the "
                           "lead moves by several points from run to run (try another seed), its sign does not.")
        return correct(f"{measured}: your report matches your run, but momentum usually wins this race by many "
                       "points. Did both networks see the same training images, with **budget?")
    slips = [
        (reported / 100, "lead is in percentage points: a lead of 0.25 as a fraction is 25 points."),
        (acc[pick], f"that is the winner's accuracy; lead is how far it is ahead: {acc[pick]:.1f} - "
                    f"{acc[other]:.1f}."),
        (acc[pick] / max(acc[other], 1e-9), "that is a ratio of the accuracies; lead is their difference, "
                                            "in percentage points."),
        (-reported, "the lead of the winner is positive: winner minus the other."),
    ]
    for wrong, message in slips:
        if abs(value - wrong) <= max(LEAD_TOLERANCE * abs(wrong) / 100, 0.01) or (
                abs(wrong) > 2 and abs(value - wrong) <= LEAD_TOLERANCE):
            return hint(f"{message} Your run: {measured}.")
    return hint(f"your run gives a lead of {reported:.1f} points ({measured}); you wrote {value:g}. Read both "
                "accuracies off the same validation images, net.accuracy(X_val, y_val).")


def _close(a, b) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
