"""lecturekit.neuron: perceptrons, NAND and a circuit of NANDs."""
import numpy as np
import pytest

from lecturekit import neuron


def test_nand_perceptron_truth_table():
    inputs, (out,) = neuron.truth_table(neuron.nand)
    assert inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert out.tolist() == [int(not (a and b)) for a, b in inputs]


def test_half_adder_adds_two_bits():
    inputs, (s, c) = neuron.truth_table(neuron.half_adder)
    assert np.array_equal(2 * c + s, inputs.sum(axis=1))


def test_perceptron_threshold_is_strict():
    # w.x + b == 0 exactly is "does not fire"
    assert neuron.perceptron([1.0, 1.0], [1.0, 1.0], -2.0) == 0
    assert neuron.perceptron([1.0, 1.0], [1.0, 1.0], -1.999) == 1


def test_sigmoid_neuron_tends_to_perceptron():
    X = np.array([[0, 0], [0, 1], [1, 1]], dtype=float)
    far = neuron.sigmoid_neuron(X, 1000 * neuron.NAND_W, 1000 * neuron.NAND_B)
    assert np.array_equal(far, neuron.perceptron(X, neuron.NAND_W, neuron.NAND_B))
    near = neuron.sigmoid_neuron(X, neuron.NAND_W, neuron.NAND_B)
    assert np.all((near > 0) & (near < 1))


@pytest.mark.parametrize(
    "x, w, message",
    [
        ([1.0, 2.0, 3.0], [1.0, 1.0], r"x must have shape \(2,\) or \(n_samples, 2\)"),
        ([1.0, 2.0], [[1.0, 1.0]], "w must be a 1-D weight vector"),
    ],
)
def test_shape_errors_name_the_argument(x, w, message):
    with pytest.raises(ValueError, match=message):
        neuron.perceptron(x, w, 0.0)


def test_truth_table_text_lines_up_inputs_and_columns():
    inputs, (out,) = neuron.truth_table(neuron.nand)
    weighted = inputs @ neuron.NAND_W + neuron.NAND_B
    text = neuron.truth_table_text(inputs, {"w.x+b": [f"{z:+g}" for z in weighted], "NAND": out})
    lines = text.splitlines()
    assert lines[0] == " x1 x2 | w.x+b | NAND"
    assert lines[1] == "  0  0 |   +3  |  1"
    assert lines[4] == "  1  1 |   -1  |  0"
    assert len(lines) == 5 and all(line.index("|") == lines[0].index("|") for line in lines)


def test_truth_table_text_rejects_a_column_of_the_wrong_length():
    inputs, _ = neuron.truth_table(neuron.nand)
    with pytest.raises(ValueError, match=r"column 'NAND' has 3 values, expected one per row \(4\)"):
        neuron.truth_table_text(inputs, {"NAND": [1, 1, 1]})
    with pytest.raises(ValueError, match=r"inputs must have shape \(n_rows, n_inputs\)"):
        neuron.truth_table_text([0, 1], {"NOT": [1, 0]})
