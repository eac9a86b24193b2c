"""Self-checks for the exercises of notebook 01, the artificial neuron.

* :func:`check_or_and_gates` -- Exercise 1: weights and bias of a perceptron
  for OR and of one for AND;
* :func:`check_half_adder` -- Exercise 2: a half adder wired by hand from NAND
  gates only;
* :func:`check_bump` -- Exercise 3 (predict, then check): where the bump made
  by two steep sigmoid neurons starts and ends, and how high it is.

Each checker recognises the usual slips (the other gate, the inverted gate, a
forgotten bias, a sum exactly on the threshold, swapped outputs, the sign of
-b/w, ...) by computing them and comparing, and names the one it finds.
"""
from __future__ import annotations

import numpy as np

from ..neuron import perceptron
from . import Feedback, correct, hint, is_unsolved, unsolved

__all__ = ["check_or_and_gates", "check_half_adder", "check_bump", "BUMP_W", "BUMP_B", "BUMP_V"]

#: every input pair of a two-input gate, in truth-table order
INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
_TRUTH = {
    "OR": np.array([0, 1, 1, 1]),
    "AND": np.array([0, 0, 0, 1]),
    "NOR": np.array([1, 0, 0, 0]),
    "NAND": np.array([1, 1, 1, 0]),
    "XOR": np.array([0, 1, 1, 0]),
}


def _pairs(rows) -> str:
    return ", ".join(f"({x1}, {x2})" for x1, x2 in rows)


# --------------------------------------------------------------------------
# Exercise 1: OR and AND from one perceptron each
# --------------------------------------------------------------------------
def _gate_problem(gate: str, w, b) -> str | None:
    """What is wrong with the perceptron (w, b) as the gate ``gate`` ("OR" or "AND"), or None if nothing."""
    try:
        w_arr = np.asarray(w, dtype=float)
        b_arr = np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return f"w_{gate.lower()} and b_{gate.lower()} must be numbers: two weights and one bias."
    if w_arr.shape != (2,):
        return f"w_{gate.lower()} needs one weight per input, two numbers like [1, 1]; got shape {w_arr.shape}."
    if b_arr.size != 1:
        return f"b_{gate.lower()} is one number, the bias of the whole neuron; got shape {b_arr.shape}."
    if not (np.isfinite(w_arr).all() and np.isfinite(b_arr).all()):
        return f"w_{gate.lower()} and b_{gate.lower()} must be finite numbers."
    bias = float(b_arr.reshape(()))
    target = _TRUTH[gate]
    out = perceptron(INPUTS, w_arr, bias).astype(int)
    if np.array_equal(out, target):
        return None
    other = "AND" if gate == "OR" else "OR"
    inverse = "NOR" if gate == "OR" else "NAND"
    z = INPUTS @ w_arr + bias
    on_threshold = (z == 0) & (target == 1)
    if np.array_equal(out, _TRUTH[inverse]):
        return (f"wrong sign: your perceptron computes {inverse}, the opposite of {gate} at every input. "
                f"Flip the signs of the weights and of the bias.")
    if gate == "AND" and bias == 0:
        return ("you forgot the bias: with b = 0 a single input with a positive weight already fires. "
                "AND needs a negative bias that one input alone cannot overcome, e.g. b = -1.5 with weights 1, 1.")
    if on_threshold.any():
        rows = INPUTS[on_threshold]
        return (f"at input {_pairs(rows)} your w·x + b is exactly 0, and a perceptron fires only when w·x + b > 0. "
                f"Move the bias a little, e.g. by 0.5, so that the sum is clearly positive there.")
    if np.array_equal(out, _TRUTH[other]):
        if gate == "OR":
            return ("this perceptron computes AND: it needs both inputs. For OR one input alone must be enough: "
                    "raise the bias (or the weights) so that w_i + b > 0 for each single input.")
        return ("this perceptron computes OR: one input alone is already enough. For AND, lower the bias so that "
                "only both inputs together get above 0: w_1 + b <= 0, w_2 + b <= 0, but w_1 + w_2 + b > 0.")
    if out[0] == 1:
        return (f"your {gate} fires for input (0, 0), where only the bias counts (w·x = 0): "
                f"the bias must be 0 or negative.")
    if (w_arr == 0).any():
        i = int(np.flatnonzero(w_arr == 0)[0])
        return (f"the weight of input x{i + 1} is 0, so the perceptron ignores that input; "
                f"but {gate} depends on both inputs.")
    first = int(np.flatnonzero(out != target)[0])
    return (f"your {gate} is wrong at input {_pairs(INPUTS[first:first + 1])}, the first where it fails: "
            f"it should output {target[first]}, yours outputs {out[first]} (w·x + b = {z[first]:g}). "
            f"Over the inputs (0, 0), (0, 1), (1, 0), (1, 1) it outputs {out.tolist()} instead of "
            f"{target.tolist()}. Write down w·x + b for each input.")


def check_or_and_gates(w_or, b_or, w_and, b_and) -> Feedback:
    """Exercise 1: ``(w_or, b_or)`` must make a perceptron compute OR, ``(w_and, b_and)`` one that computes AND.

    Parameters
    ----------
    w_or, w_and : sequence of 2 numbers
        The weights of each perceptron, one per input.
    b_or, b_and : number
        Their biases.  The perceptron outputs 1 where w·x + b > 0.
    """
    if is_unsolved(w_or, b_or, w_and, b_and):
        return unsolved("w_or, b_or, w_and and b_and")
    problems = []
    for gate, w, b in (("OR", w_or, b_or), ("AND", w_and, b_and)):
        problem = _gate_problem(gate, w, b)
        if problem:
            problems.append(f"{gate}: {problem}")
    if problems:
        return hint(" ".join(problems))
    return correct("both gates are right at all four inputs. The same weights with a different bias give OR or "
                   "AND: the bias sets how many inputs it takes to fire.")


# --------------------------------------------------------------------------
# Exercise 2: a half adder of NAND gates, by hand
# --------------------------------------------------------------------------
class _NotAWire(TypeError):
    """Raised when a wire of the circuit is used as a number."""


class _Wire:
    """A wire of a logic circuit.  The only thing to do with it: feed it to ``nand(a, b)``."""

    __slots__ = ("bit",)

    def __init__(self, bit: int):
        self.bit = bit

    def __repr__(self):
        return "<a wire>"

    def _refuse(self, *args):
        raise _NotAWire(
            "x1 and x2 are wires, not numbers: the only thing to do with a wire is to feed it to nand(a, b)"
        )

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = __invert__ = __neg__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __bool__ = __int__ = __float__ = __index__ = _refuse
    __hash__ = None


def _run_circuit(half_adder, x1: int, x2: int):
    """Run the student's circuit on one input pair; returns (outputs, number of NAND gates)."""
    gates = [0]

    def nand(a, b):
        if not isinstance(a, _Wire) or not isinstance(b, _Wire):
            raise _NotAWire("nand(a, b) takes two wires: x1, x2 or what another nand returned")
        gates[0] += 1
        return _Wire(1 - (a.bit & b.bit))

    return half_adder(_Wire(x1), _Wire(x2), nand), gates[0]


def _first_wrong(name: str, got, expected, meaning: str) -> str:
    """A hint naming the first input pair where an output of the circuit is wrong, with both values."""
    first = int(np.flatnonzero(got != expected)[0])
    return (f"your {name} is wrong at input {_pairs(INPUTS[first:first + 1])}, the first where it fails: "
            f"expected {expected[first]} ({meaning}), got {got[first]}. Over the inputs (0, 0), (0, 1), (1, 0), "
            f"(1, 1) it is {got.tolist()}, not {expected.tolist()}.")


def check_half_adder(half_adder) -> Feedback:
    """Exercise 2: ``half_adder(x1, x2, nand)`` must return the wires ``(sum, carry)`` of x1 + x2.

    It is called with two wires and a ``nand`` gate, once for each of the four
    input pairs.  A wire cannot be used as a number (``+``, ``&``, ``if``, ...):
    the circuit must be made of ``nand`` gates only.
    """
    if half_adder is None or half_adder is Ellipsis:
        return unsolved("the body of your half adder")
    if not callable(half_adder):
        return hint(f"half_adder must be the function you wrote, def half_adder(x1, x2, nand): ...; "
                    f"got {type(half_adder).__name__}.")
    sums, carries, gates = [], [], 0
    for x1, x2 in INPUTS:
        try:
            out, used = _run_circuit(half_adder, int(x1), int(x2))
        except _NotAWire as exc:
            return hint(f"{exc}. Build the sum and the carry from nand gates only.")
        except TypeError as exc:
            return hint(f"calling half_adder(x1, x2, nand) failed with {type(exc).__name__}: {exc}. "
                        "Keep the three arguments and call nand with two wires.")
        if out is None:
            return unsolved("the body of your half adder, ending with return sum_bit, carry")
        if isinstance(out, _Wire):
            return hint("half_adder returns one wire: return two, (sum_bit, carry), in that order.")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return hint(f"half_adder must return two wires, (sum_bit, carry); got {type(out).__name__}"
                        + (f" of length {len(out)}." if isinstance(out, (tuple, list)) else "."))
        if not all(isinstance(o, _Wire) for o in out):
            return hint("return the wires that come out of nand gates (or x1, x2 themselves), not numbers: "
                        "the circuit computes the bits, you only wire it.")
        sums.append(out[0].bit)
        carries.append(out[1].bit)
        gates = max(gates, used)
    sums, carries = np.array(sums), np.array(carries)
    right_sum, right_carry = _TRUTH["XOR"], _TRUTH["AND"]
    if np.array_equal(sums, right_sum) and np.array_equal(carries, right_carry):
        extra = "" if gates <= 5 else " Five NANDs are enough: can you share the first one (n1 = nand(x1, x2))?"
        return correct(f"sum = x1 XOR x2 and carry = x1 AND x2, with {gates} NAND gates.{extra}")
    if np.array_equal(sums, right_carry) and np.array_equal(carries, right_sum):
        return hint("sum and carry are swapped: return (sum_bit, carry), the sum first.")
    problems = []
    if not np.array_equal(sums, right_sum):
        if np.array_equal(sums, _TRUTH["OR"]):
            problems.append("your sum bit is OR: for 1 + 1 the sum bit is 0 (the 1 goes to the carry). "
                            "The sum bit is XOR, four NANDs, the first of them n1 = nand(x1, x2).")
        elif np.array_equal(sums, 1 - right_sum):
            problems.append("your sum bit is inverted (it is 1 where x1 = x2): one NAND too many or too few.")
        else:
            problems.append(_first_wrong("sum bit", sums, right_sum, "x1 XOR x2"))
    if not np.array_equal(carries, right_carry):
        if np.array_equal(carries, _TRUTH["NAND"]):
            problems.append("your carry is NAND(x1, x2), the inverse of AND: feed it through one more NAND "
                            "with itself, nand(n1, n1) = NOT n1.")
        else:
            problems.append(_first_wrong("carry", carries, right_carry, "x1 AND x2"))
    return hint(" ".join(problems))


# --------------------------------------------------------------------------
# Exercise 3: predict the bump of two steep sigmoid neurons
# --------------------------------------------------------------------------
#: Exercise 3's network: two hidden sigmoid neurons with weight BUMP_W and biases BUMP_B,
#: and a linear output with weights BUMP_V (no output bias).
BUMP_W = 50.0
BUMP_B = (-10.0, -30.0)
BUMP_V = (0.8, -0.8)
_START, _END, _HEIGHT = -BUMP_B[0] / BUMP_W, -BUMP_B[1] / BUMP_W, BUMP_V[0]


def check_bump(start, end, height) -> Feedback:
    """Exercise 3: the bump of ``BUMP_V[0] σ(BUMP_W x + BUMP_B[0]) + BUMP_V[1] σ(BUMP_W x + BUMP_B[1])``.

    ``start`` and ``end`` are the inputs x where it rises and falls (within
    0.02), ``height`` its value in between (within 0.05).
    """
    if is_unsolved(start, end, height):
        return unsolved("start, end and height (three numbers)")
    try:
        s, e, h = (float(v) for v in (start, end, height))
    except (TypeError, ValueError):
        return hint("start, end and height are three numbers, e.g. start, end, height = 0.1, 0.9, 0.5.")

    def near(a, b, tol=0.02):
        return abs(a - b) <= tol

    problems = []
    if near(s, _END) and near(e, _START):
        problems.append("start and end are swapped: the bump starts at the smaller x.")
    elif not (near(s, _START) and near(e, _END)):
        steps = {"start": (s, BUMP_B[0]), "end": (e, BUMP_B[1])}
        for name, (value, b) in steps.items():
            right = -b / BUMP_W
            if near(value, right):
                continue
            if near(value, b / BUMP_W):
                problems.append(f"{name}: wrong sign. The neuron steps where w x + b = 0, that is at x = -b/w.")
            elif near(value, BUMP_W / b, tol=0.05) or near(value, -BUMP_W / b, tol=0.05):
                problems.append(f"{name}: you divided w by b; the step is at x = -b/w.")
            elif near(value, -b, tol=0.5) or near(value, b, tol=0.5):
                problems.append(f"{name}: the bias alone is not the step; the step is where w x + b = 0, x = -b/w.")
            else:
                problems.append(f"{name}: not where that neuron steps. Solve w x + b = 0 for x.")
    if not near(h, _HEIGHT, tol=0.05):
        if near(h, -_HEIGHT, tol=0.05):
            problems.append("height: wrong sign. Between the steps the first neuron is on (output weight +0.8) "
                            "and the second still off.")
        elif near(h, 2 * _HEIGHT, tol=0.05):
            problems.append("height: the two output weights do not add up. Between the steps only the first "
                            "neuron is on; after the second step, +0.8 and -0.8 cancel.")
        elif near(h, 1.0, tol=0.05):
            problems.append("height: a sigmoid reaches 1, but the output weight scales it: height = v_1 · 1.")
        elif near(h, 0.0, tol=0.05):
            problems.append("height: 0 is the output outside the bump, where both neurons are off or both on.")
        else:
            problems.append("height: between the steps σ of the first neuron is 1 and of the second 0: "
                            "the output is v_1 · 1 + v_2 · 0.")
    if problems:
        return hint(" ".join(problems))
    return correct(f"the bump rises at x = {_START:g}, falls at x = {_END:g} and is {_HEIGHT:g} high. "
                   "Two neurons make one bump; many bumps make any curve.")
