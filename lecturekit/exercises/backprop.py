"""Self-checks for the exercises of notebook 04, backpropagation by hand.

* :func:`check_output_gradient` -- Exercise 1: the gradient of the loss
  ½ Σ (y_k - ŷ_k)² with respect to the outputs, sign included;
* :func:`check_hidden_weight_gradient` -- Exercise 2: one entry of ∂L/∂W⁽¹⁾
  of the sigmoid network by the chain rule, checked against central finite
  differences;
* :func:`check_layer_gradients` -- Exercise 3: ∂C/∂W and ∂C/∂b of one layer
  for a whole mini-batch, from its error δ and its input.

Each checker recognises the usual slips (wrong sign, the weight where the
input belongs, a forgotten σ′, transposed indices or shapes, ...) by
computing them and comparing, and names the one it finds.
"""
from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from . import Feedback, correct, hint, is_unsolved, unsolved

__all__ = ["check_output_gradient", "check_hidden_weight_gradient", "check_layer_gradients"]


def _numbers(answer):
    """``answer`` as a float64 array, or None if it does not hold real numbers."""
    try:
        arr = np.asarray(answer)
    except (TypeError, ValueError):  # e.g. a ragged list
        return None
    if arr.dtype.kind not in "biuf":  # text, None inside a list, objects
        return None
    arr = arr.astype(np.float64)
    return arr if np.isfinite(arr).all() else None


def _close(a, b, rtol=2e-3, atol=1e-6) -> bool:
    """Equal up to the rounding of printed numbers (four significant digits)."""
    return a.shape == np.shape(b) and bool(np.allclose(a, b, rtol=rtol, atol=atol))


# --------------------------------------------------------------------------
# Exercise 1: dL/dy_hat
# --------------------------------------------------------------------------
def check_output_gradient(dL_dyhat, y, y_hat) -> Feedback:
    """Exercise 1: ``dL_dyhat`` must be ∂L/∂ŷ = ŷ - y for L = ½ Σ_k (y_k - ŷ_k)².

    Parameters
    ----------
    dL_dyhat : array of shape (k,)
        The student's answer, one number per output.
    y, y_hat : arrays of shape (k,)
        The targets and the network's outputs.
    """
    if is_unsolved(dL_dyhat):
        return unsolved("dL_dyhat, one number per output")
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    answer = _numbers(dL_dyhat)
    if answer is None:
        return hint("dL_dyhat must hold numbers, one per output, e.g. np.array([..., ...]).")
    if answer.shape != y.shape:
        return hint(f"dL_dyhat needs one number per output, shape {y.shape}; got shape {answer.shape}.")
    right = y_hat - y
    if _close(answer, right):
        return correct(
            f"∂L/∂ŷ = ŷ - y = {np.array2string(right, precision=3)}: negative where the output is too low, "
            "so a gradient-descent step raises it."
        )
    if _close(answer, -right):
        return hint(
            "wrong sign: that is y - ŷ. The inner derivative of (y - ŷ) with respect to ŷ is -1, so "
            "∂L/∂ŷ = ŷ - y, positive when the prediction is too high."
        )
    if _close(answer, 2 * right) or _close(answer, -2 * right):
        return hint(
            "a factor 2 too large: the ½ in ½(y - ŷ)² cancels the 2 that the square brings down."
            + (" The sign is wrong too: ∂L/∂ŷ = ŷ - y." if _close(answer, -2 * right) else "")
        )
    if _close(answer, 0.5 * right**2) or _close(answer, right**2):
        return hint("that is the loss of each output, not its derivative: differentiate ½(y - ŷ)² with respect to ŷ.")
    return hint("not ŷ - y: differentiate ½(y_k - ŷ_k)² with respect to ŷ_k, one output at a time (chain rule).")


# --------------------------------------------------------------------------
# Exercise 2: one entry of dL/dW1 for the sigmoid network
# --------------------------------------------------------------------------
def _sigmoid_network_loss(W1, b1, W2, b2, x, y) -> float:
    return 0.5 * float(np.sum((y - sigmoid(W2 @ sigmoid(W1 @ x + b1) + b2)) ** 2))


def _finite_difference(W1, b1, W2, b2, x, y, j, i, eps=1e-6) -> float:
    """Central difference of the loss in W1[j, i]."""
    plus, minus = W1.copy(), W1.copy()
    plus[j, i] += eps
    minus[j, i] -= eps
    return (_sigmoid_network_loss(plus, b1, W2, b2, x, y) - _sigmoid_network_loss(minus, b1, W2, b2, x, y)) / (2 * eps)


def _hidden_weight_slips(W1, b1, W2, b2, x, y, j, i) -> list[tuple[float, str]]:
    """The usual wrong answers for ∂L/∂W1[j, i], each with the hint that names it."""
    z1 = W1 @ x + b1
    h = sigmoid(z1)
    y_hat = sigmoid(W2 @ h + b2)
    out = (y_hat - y) * y_hat * (1 - y_hat)  # dL/dz_k for each output

    def chain(out_factor, weight_factor, hidden_slope, last):
        return float(np.sum(out_factor * weight_factor)) * hidden_slope * last

    right_hidden = h[j] * (1 - h[j])
    slips = [
        (chain(out, W2[:, j], right_hidden, W1[j, i]),
         "the last factor is ∂z_j/∂w_ji, the input x_i that the weight multiplies, not the weight itself "
         "(the slide's ∂z/∂w = w slip)."),
        (-chain(out, W2[:, j], right_hidden, x[i]),
         "wrong sign: ∂L/∂ŷ_k = ŷ_k - y_k, not y_k - ŷ_k."),
        (chain(out, W2[:, j], 1.0, x[i]),
         "you forgot σ′(z_j) = h_j (1 - h_j) of the hidden unit between h_j and z_j."),
        (chain((y_hat - y), W2[:, j], right_hidden, x[i]),
         "you forgot σ′(z_k) = ŷ_k (1 - ŷ_k) of the outputs between ŷ_k and z_k."),
        (chain((y_hat - y), W2[:, j], 1.0, x[i]),
         "you forgot both σ′ factors: with sigmoid units ∂a/∂z = σ(z)(1 - σ(z)), not 1 as in the linear network."),
        (chain(out, W2[:, j], z1[j] * (1 - z1[j]), x[i]),
         "σ′(z_j) is σ(z_j)(1 - σ(z_j)) = h_j (1 - h_j): use the unit's output h_j, not its weighted input z_j."),
        (chain(out, W2[:, i], h[i] * (1 - h[i]), x[j]) if i < W2.shape[1] and j < x.size else np.nan,
         f"indices swapped: that is w_{i + 1}{j + 1}. w_{j + 1}{i + 1} = W1[{j}, {i}] connects input {i + 1} to "
         f"hidden unit {j + 1} (row = receiving unit)."),
    ]
    y_lin = W2 @ z1 + b2  # the same weights with linear units
    slips.append((float(np.sum((y_lin - y) * W2[:, j])) * x[i],
                  "those are the linear network's numbers: redo the forward pass with sigmoid units "
                  "(h = σ(z), ŷ = σ(z)) and include their slopes σ′."))
    for k in range(len(y)):
        slips.append((chain(out[k], W2[k, j], right_hidden, x[i]),
                      f"only the blame from output {k + 1}: h_{j + 1} feeds every output, so sum over k."))
    return slips


def check_hidden_weight_gradient(dL_dw, W1, b1, W2, b2, x, y, j=1, i=0) -> Feedback:
    """Exercise 2: ``dL_dw`` must be ∂L/∂W1[j, i] of the two-layer sigmoid network.

    The network is h = σ(W1 x + b1), ŷ = σ(W2 h + b2), L = ½ Σ_k (y_k - ŷ_k)²;
    the reference value is a central finite difference of L.

    Parameters
    ----------
    dL_dw : float
        The student's answer.
    W1 (m, d), b1 (m,), W2 (k, m), b2 (k,), x (d,), y (k,) : arrays
        The network and its one sample.
    j, i : int
        The entry: the weight from input ``i`` to hidden unit ``j`` (0-based),
        w⁽¹⁾_{j+1, i+1} in the lecture's 1-based notation.
    """
    if is_unsolved(dL_dw):
        return unsolved(f"dL_dw, the number ∂L/∂w⁽¹⁾_{j + 1}{i + 1}")
    W1, b1, W2, b2, x, y = (np.asarray(a, dtype=np.float64) for a in (W1, b1, W2, b2, x, y))
    answer = _numbers(dL_dw)
    if answer is None or answer.size != 1:
        return hint("dL_dw must be one number: the derivative of the loss with respect to this one weight.")
    answer = answer.reshape(())
    reference = _finite_difference(W1, b1, W2, b2, x, y, j, i)
    if _close(answer, reference):
        return correct(f"∂L/∂w⁽¹⁾_{j + 1}{i + 1} = {reference:+.5f}, and central finite differences agree.")
    for value, message in _hidden_weight_slips(W1, b1, W2, b2, x, y, j, i):
        if np.isfinite(value) and _close(answer, value):
            return hint(message)
    return hint(
        f"not what finite differences give. Multiply along the chain: Σ_k (ŷ_k - y_k) · ŷ_k(1 - ŷ_k) · w⁽²⁾_k{j + 1}, "
        f"then · h_{j + 1}(1 - h_{j + 1}) · x_{i + 1}; use the sigmoid network's h and ŷ."
    )


# --------------------------------------------------------------------------
# Exercise 3: dC/dW and dC/db of one layer, for a mini-batch
# --------------------------------------------------------------------------
def _layer_case(n=5, n_out=3, n_in=4, seed=4):
    """An error delta (n, n_out) and a layer input a_prev (n, n_in), with n, n_out, n_in all different."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_out)), rng.uniform(size=(n, n_in))


def _simple_layer_cases():
    """Small inputs with round numbers, one sample first: (delta (n, 3), a_prev (n, 4)), the first failure named."""
    one = (np.array([[1.0, 2.0, -1.0]]), np.array([[1.0, 0.0, 2.0, 3.0]]))
    two = (np.array([[1.0, 0.0, 2.0], [0.0, -1.0, 1.0]]), np.array([[1.0, 2.0, 0.0, 1.0], [3.0, 1.0, 1.0, 0.0]]))
    return [one, two]


def _first_failure(layer_gradients, which: int) -> str:
    """The first input on which ``layer_gradients`` gets dW (``which`` 0) or db (1) wrong: what it should give, what
    it gives.  The simple cases come first, then the checker's own batch; "" if it fails on none."""
    name = ("dW", "db")[which]
    for delta, a_prev in [*_simple_layer_cases(), _layer_case()]:
        right = (delta.T @ a_prev, delta.sum(axis=0))[which]
        shown = (f"delta = {delta.tolist()} and a_prev = {a_prev.tolist()}" if delta.size <= 8
                 else f"the checker's batch (delta {delta.shape}, a_prev {a_prev.shape})")
        try:
            result = layer_gradients(delta.copy(), a_prev.copy())
            got = _numbers(result[which])
        except Exception as err:  # a student's bug on this input: name it
            return f" On {shown}, layer_gradients raised {type(err).__name__}: {err}."
        if got is None or got.shape != right.shape:
            returned = "no numbers" if got is None else f"shape {got.shape}"
            return f" On {shown}, {name} should have shape {right.shape}; you return {returned}."
        wrong = np.flatnonzero(~np.isclose(got, right, rtol=1e-9, atol=1e-12))
        if wrong.size:
            at = tuple(int(i) for i in np.unravel_index(wrong[0], right.shape))
            index = ", ".join(map(str, at))
            return f" First wrong: on {shown}, {name}[{index}] should be {right[at]:g}; you return {got[at]:g}."
    return ""


def check_layer_gradients(layer_gradients) -> Feedback:
    """Exercise 3: ``layer_gradients(delta, a_prev)`` must return (∂C/∂W, ∂C/∂b) of one layer.

    ``delta`` (n, out) is the layer's error ∂C/∂z for each sample (the 1/n of
    the mean cost already included) and ``a_prev`` (n, in) the layer's input;
    the answer is ∂C/∂W = δᵀ a_prev of shape (out, in) and ∂C/∂b = Σ over the
    samples of δ, shape (out,).
    """
    if is_unsolved(layer_gradients):
        return unsolved("the body of layer_gradients")
    if not callable(layer_gradients):
        return hint("layer_gradients must be a function of (delta, a_prev) that returns dW, db.")
    delta, a_prev = _layer_case()
    n, n_out = delta.shape
    n_in = a_prev.shape[1]
    try:
        result = layer_gradients(delta.copy(), a_prev.copy())
    except Exception as err:  # a student's bug: say what it was, on which shapes
        return hint(
            f"layer_gradients raised {type(err).__name__}: {err} (called with delta of shape {delta.shape} "
            f"and a_prev of shape {a_prev.shape})."
        )
    if is_unsolved(result):
        return unsolved("the body of layer_gradients (it must return dW, db)")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return hint("layer_gradients must return two things, dW and db: `return dW, db`.")
    if is_unsolved(*result):
        return unsolved("dW and db in layer_gradients")
    dW, db = (_numbers(r) for r in result)
    if dW is None or db is None:
        return hint("dW and db must be arrays of numbers.")
    right_W, right_b = delta.T @ a_prev, delta.sum(axis=0)

    if not _close(dW, right_W, rtol=1e-9, atol=1e-12):
        if _close(dW, a_prev.T @ delta, rtol=1e-9, atol=1e-12):
            return hint(f"transposed: dW must have the weight matrix's shape (out, in) = {right_W.shape}, "
                        f"so it is delta.T @ a_prev, not a_prev.T @ delta (shape {dW.shape}).")
        if _close(dW, right_W / n, rtol=1e-9, atol=1e-12):
            return hint("dW is n times too small: delta already carries the 1/n of the mean cost, so sum over the "
                        "batch (the matrix product does), do not average again.")
        if _close(dW, np.outer(delta[0], a_prev[0]), rtol=1e-9, atol=1e-12):
            return hint("dW holds only the first sample's outer product: the sum over the batch is delta.T @ a_prev.")
        if dW.shape == (n, n_out, n_in) or dW.shape == (n, n_in, n_out):
            return hint(f"dW has one matrix per sample, shape {dW.shape}: sum them over the batch (delta.T @ a_prev).")
        if dW.shape != right_W.shape:
            return hint(f"dW must have shape (out, in) = {right_W.shape}, like W; got {dW.shape}.")
        return hint("dW has the right shape but wrong values: ∂C/∂W = δᵀ a, the error times the layer's input."
                    + _first_failure(layer_gradients, 0))
    if not _close(db, right_b, rtol=1e-9, atol=1e-12):
        if db.shape == delta.shape:
            return hint(
                f"db has one row per sample, shape {db.shape}: sum it over the batch (axis 0) to shape ({n_out},)."
            )
        if db.shape == (n,):
            return hint(f"db is summed over the wrong axis: sum over the samples (axis 0), giving shape ({n_out},).")
        if _close(db, right_b / n, rtol=1e-9, atol=1e-12):
            return hint("db is the mean over the batch, n times too small: delta already carries the 1/n, so sum.")
        if db.shape != right_b.shape:
            return hint(f"db must have shape (out,) = ({n_out},), like b; got {db.shape}.")
        return hint("db has the right shape but wrong values: ∂C/∂b = δ, summed over the samples of the batch."
                    + _first_failure(layer_gradients, 1))
    return correct(f"dW = δᵀ a has the shape of W, ({n_out}, {n_in}), and db = Σ δ over the batch has the shape of b.")
