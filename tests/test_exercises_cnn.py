"""The checkers of notebook 07's exercises: right answers pass, typical slips get a hint that names them."""
import itertools
from pathlib import Path

import numpy as np
import pytest

from lecturekit import data
from lecturekit.convolution import conv2d, max_pool2d, output_size
from lecturekit.exercises.cnn import (
    FIELD_CASES,
    MIN_DIGITS,
    PARAM_CASES,
    PATCHES,
    POOLED_RATIO,
    SIZE_CASES,
    check_conv_layer,
    check_one_output,
    check_receptive_field,
    check_shift_experiment,
    check_strongest_patch,
    relative_change,
)

from tests.feedback import assert_hint


# --------------------------------------------------------------------------
# Exercise 1: one output of a convolution (the notebook's numbers)
# --------------------------------------------------------------------------
X1 = np.array([
    [1, 2, 0, 2, 3],
    [3, 0, 1, 0, 2],
    [3, 3, 3, 3, 1],
    [3, 0, 0, 1, 1],
    [1, 1, 3, 1, 1],
], dtype=float)
K1 = np.array([[1, 0, -1], [2, 1, 0], [0, -1, 1]], dtype=float)
B1, STRIDE1, ROW1, COL1 = 2.0, 2, 1, 0


def one_output(value):
    return check_one_output(value, X1, K1, b=B1, stride=STRIDE1, row=ROW1, col=COL1)


def test_one_output_right():
    right = conv2d(X1, K1, b=B1, stride=STRIDE1)[ROW1, COL1]
    assert right == 10
    assert one_output(10).status == "correct"
    assert one_output(np.float64(right))
    assert one_output(np.array([[10.0]]))  # a one-element array is one number
    assert "row 1 × 2 = 2" in one_output(10).message


@pytest.mark.parametrize("value, words", [
    (8, ["forgot the bias", "b = 2"]),
    (4, ["flipped the kernel", "do not flip"]),
    (13, ["forgot the stride", "input row 1 × 2 = 2"]),
    (-1, ["rows and columns swapped"]),
    (19, ["without multiplying"]),
    (11, ["not 11", "row 2, column 0"]),
    ("10", ["must be a number"]),
    (np.ones((3, 3)), ["one number", "shape (3, 3)", "np.sum"]),
])
def test_one_output_slips(value, words):
    assert_hint(one_output(value), *words)


def test_one_output_slips_are_all_different_on_the_notebooks_numbers():
    # each hint can only be given if its slip leads to its own number
    values = [10, 8, 4, 13, -1, 19]
    assert len(set(values)) == len(values)


def test_one_output_stub():
    assert one_output(...).status == "unsolved"
    assert one_output(None).status == "unsolved"
    assert "not solved yet" in str(one_output(...))


# --------------------------------------------------------------------------
# Exercise 2: which patch excites which filter
# --------------------------------------------------------------------------
EDGE_FILTERS = {  # the notebook's hand-made filters
    "vertical edge": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float),
    "horizontal edge": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], dtype=float),
    "diagonal /": np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]], dtype=float),
    "diagonal \\": np.array([[2, 1, 0], [1, 0, -1], [0, -1, -2]], dtype=float),
}
RIGHT = {"vertical edge": "E", "horizontal edge": "D", "diagonal /": "A", "diagonal \\": "C"}


def test_strongest_patch_right():
    feedback = check_strongest_patch(RIGHT, EDGE_FILTERS)
    assert feedback.status == "correct", feedback
    assert "vertical edge → E (4)" in feedback.message
    assert check_strongest_patch({k: v.lower() + " " for k, v in RIGHT.items()}, EDGE_FILTERS)
    # the right patch is the one whose response is largest, and it is unique
    for name, f in EDGE_FILTERS.items():
        responses = sorted(np.sum(f * p) for p in PATCHES.values())
        assert responses[-1] > responses[-2]
        assert np.sum(f * PATCHES[RIGHT[name]]) == responses[-1]


def test_strongest_patch_mirror_edge_is_named_as_the_wrong_direction():
    feedback = check_strongest_patch({**RIGHT, "vertical edge": "B"}, EDGE_FILTERS)
    assert_hint(feedback, "3 of 4 right", "vertical edge", "-4", "negative", "one direction")


@pytest.mark.parametrize("answers, words", [
    ({**RIGHT, "horizontal edge": "A"}, ["3 of 4 right", "horizontal edge: patch A gives 3", "another patch gives 4"]),
    ({**RIGHT, "diagonal /": "C", "diagonal \\": "A"},
     ["2 of 4 right", "diagonal /: patch C gives 0", "diagonal \\: patch A gives 0"]),
    ({**RIGHT, "diagonal \\": "Z"}, ["'Z' is not one of the patch letters"]),
    ({**RIGHT, "diagonal \\": 3}, ["3 is not one of the patch letters"]),
    ({**RIGHT, "diagonal \\": ["C"]}, ["['C'] is not one of the patch letters"]),
    ({"vertical edge": "E"}, ["missing: horizontal edge, diagonal /, diagonal \\"]),
    (["E", "D", "A", "C"], ["must be a dictionary"]),
])
def test_strongest_patch_slips(answers, words):
    assert_hint(check_strongest_patch(answers, EDGE_FILTERS), *words)


def test_strongest_patch_stub():
    assert check_strongest_patch(..., EDGE_FILTERS).status == "unsolved"
    assert check_strongest_patch({name: ... for name in EDGE_FILTERS}, EDGE_FILTERS).status == "unsolved"
    assert check_strongest_patch({**RIGHT, "diagonal /": ...}, EDGE_FILTERS).status == "unsolved"


# --------------------------------------------------------------------------
# Exercise 3 (experiment): a one-pixel shift before and after max pooling
# --------------------------------------------------------------------------
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"
needs_digits = pytest.mark.skipif(not (SHARED / "t10k-images-idx3-ubyte.gz").is_file(),
                                  reason="the shared MNIST test set is not here")
VERTICAL_EDGE = EDGE_FILTERS["vertical edge"]


def shift_experiment(images, shift=1, pool=max_pool2d):
    """The notebook's solution: the relative change of each digit's feature map and pooled map when moved."""
    map_changes, pooled_changes = [], []
    for image in images:
        moved = np.roll(image, shift, axis=1)
        before, after = (np.maximum(conv2d(x, VERTICAL_EDGE), 0) for x in (image, moved))
        map_changes.append(relative_change(before, after))
        pooled_changes.append(relative_change(pool(before), pool(after)))
    return map_changes, pooled_changes


@pytest.fixture(scope="module")
def test_digits():
    _, (x_test, _) = data.load_mnist(SHARED, verbose=False)
    return x_test / 255.0


def test_relative_change():
    a = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert relative_change(a, a) == 0
    assert relative_change(a, a[::-1]) == 2  # every value moved: as much change as twice the map holds
    assert relative_change(a, 2 * a) == 1
    assert relative_change(np.zeros((2, 2)), np.zeros((2, 2))) == 0
    assert relative_change(..., a) is None and relative_change(a, None) is None  # the exercise's stub runs
    with pytest.raises(ValueError, match="one shape"):
        relative_change(a, np.zeros((1, 1)))


@needs_digits
def test_shift_experiment_passes_whichever_digits_are_drawn(test_digits):
    # The tolerance, measured: 200 draws of 20 random digits (the notebook's experiment); the ratio of the mean
    # changes must stay clearly below the threshold the checker uses, in every draw.
    ratios = []
    for seed in range(200):
        picks = np.random.default_rng(seed).choice(len(test_digits), 20, replace=False)
        maps, pooled = shift_experiment(test_digits[picks])
        ratios.append(np.mean(pooled) / np.mean(maps))
        if seed < 20:
            feedback = check_shift_experiment(maps, pooled)
            assert feedback.status == "correct", feedback
            assert "over 20 digits" in feedback.message
    assert 0.5 < min(ratios) and max(ratios) < POOLED_RATIO - 0.1, (min(ratios), max(ratios))


@needs_digits
def test_shift_experiment_slips(test_digits):
    images = test_digits[:20]
    maps, pooled = shift_experiment(images)
    assert_hint(check_shift_experiment(pooled, maps), "swapped")
    assert_hint(check_shift_experiment(*shift_experiment(images, shift=0)), "nothing changed", "np.roll")
    assert_hint(check_shift_experiment(maps, maps), "the same", "max_pool2d")
    assert_hint(check_shift_experiment(maps[:5], pooled[:5]), f"at least {MIN_DIGITS} digits", "not 5")
    assert_hint(check_shift_experiment(maps, pooled[:-1]), "20 values", "19")
    absolute = [40 * m for m in maps]  # sum |after - before|, not divided by sum |before|
    assert_hint(check_shift_experiment(absolute, pooled), "not relative changes", "relative_change")
    # average pooling instead of max pooling still smooths the shift away: the check is about pooling
    assert check_shift_experiment(*shift_experiment(images, pool=lambda m: m[::2, ::2])).status == "hint"
    assert_hint(check_shift_experiment(maps, "0.5"), "list of numbers")
    assert_hint(check_shift_experiment(maps, [[0.5] * 20]), "one per digit")


def test_shift_experiment_less_but_not_clearly():
    maps = [1.0] * 12
    assert_hint(check_shift_experiment(maps, [0.95] * 12), "not clearly", "np.roll(image, 1, axis=1)")
    assert check_shift_experiment(maps, [0.6] * 12).status == "correct"


def test_shift_experiment_stub():
    # the notebook's stub: the loop appends relative_change(..., ...) (None) and ... itself
    assert check_shift_experiment([None] * 20, [...] * 20).status == "unsolved"
    assert check_shift_experiment([], ...).status == "unsolved"
    assert check_shift_experiment(..., ...).status == "unsolved"
    assert "not solved yet" in str(check_shift_experiment([None] * 20, [None] * 20))


# --------------------------------------------------------------------------
# Exercise 4: output size and parameters of a convolutional layer
# --------------------------------------------------------------------------
def right_size(i, k, s=1, p=0, d=1):
    return (i + 2 * p - d * (k - 1) - 1) // s + 1


def right_params(k, in_channels, filters):
    return filters * (k * k * in_channels + 1)


def test_conv_layer_right():
    assert check_conv_layer(right_size, right_params).status == "correct"
    # the library's output_size, and a version with math.floor and floats
    assert check_conv_layer(lambda i, k, s, p, d: output_size(i, k, s, p, d), right_params)
    assert check_conv_layer(lambda i, k, s, p, d: float(np.floor((i + 2 * p - d * (k - 1) - 1) / s) + 1),
                            lambda k, c, f: np.int64(k * k * c * f + f))


def test_conv_layer_cases_agree_with_the_library():
    for case in SIZE_CASES:
        assert right_size(*case) == output_size(*case)
    assert (5, 20, 40) in PARAM_CASES  # the notebook's second layer: 20 040 parameters


#: the usual slips in the output size, each with the words of the hint that names it
SIZE_SLIPS = [
    (lambda i, k, s, p, d: (i + 2 * p - d * (k - 1) - 1) // s, ["output size", "off by one", "add 1"]),
    (lambda i, k, s, p, d: (i + p - d * (k - 1) - 1) // s + 1, ["padding on one side only", "i + 2p"]),
    (lambda i, k, s, p, d: (i - d * (k - 1) - 1) // s + 1, ["forgot the padding"]),
    (lambda i, k, s, p, d: (i + 2 * p - k) // s + 1, ["forgot the dilation"]),
    (lambda i, k, s, p, d: (i + 2 * p - d * k) // s + 1, ["not d·k"]),
    (lambda i, k, s, p, d: i + 2 * p - d * (k - 1), ["forgot the stride"]),
    (lambda i, k, s, p, d: -(-(i + 2 * p - d * (k - 1) - 1) // s) + 1, ["rounded up"]),
    (lambda i, k, s, p, d: (i + 2 * p - d * (k - 1) - 1) / s + 1, ["floor division"]),
]
#: the usual slips in the number of parameters, likewise
PARAM_SLIPS = [
    (lambda k, c, f: f * k * k * c, ["parameters", "forgot the bias"]),
    (lambda k, c, f: f * (k * k + 1), ["forgot the input channels"]),
    (lambda k, c, f: f * k * k, ["forgot the input channels and the bias"]),
    (lambda k, c, f: f * (k * k + 1) * c, ["not one per input channel"]),
    (lambda k, c, f: f * (k * c + 1), ["k·k weights per channel, not k"]),
    (lambda k, c, f: f * k * k * c + c, ["one bias per filter (output channel)"]),
]


@pytest.mark.parametrize("size, words", SIZE_SLIPS + [
    (lambda i, k, s, p, d: right_size(i, k, s, p, d) + (s == 3), ["for i=15, k=3, s=3, p=2, d=2", "5 positions",
                                                                   "you return 6"]),
    (lambda i, k, s, p, d: undefined_name, ["raised NameError"]),  # noqa: F821 (the student's slip: a name never defined)
    (lambda i, k, s, p, d: "24", ["must be a number"]),
    (lambda i, k, s, p, d: (24, 24), ["must be one number"]),
])
def test_conv_layer_size_slips(size, words):
    assert_hint(check_conv_layer(size, right_params), *words)


@pytest.mark.parametrize("params, words", PARAM_SLIPS + [
    (lambda k, c, f: 2 * right_params(k, c, f), ["20 filters of 5×5 on 1 channels have 520 parameters",
                                                 "you return 1,040"]),
])
def test_conv_layer_parameter_slips(params, words):
    assert_hint(check_conv_layer(right_size, params), *words)


def test_conv_layer_names_both_slips_at_once():
    feedback = check_conv_layer(lambda i, k, s, p, d: (i + 2 * p - d * (k - 1) - 1) // s,
                                lambda k, c, f: f * k * k * c)
    assert_hint(feedback, "off by one", "forgot the bias")


def test_conv_layer_slips_differ_from_each_other_and_from_the_right_answer():
    # on the checker's cases: else a slip would pass, or get the hint of another one
    sizes = [tuple(right_size(*c) for c in SIZE_CASES)] + [tuple(f(*c) for c in SIZE_CASES) for f, _ in SIZE_SLIPS]
    params = [tuple(right_params(*c) for c in PARAM_CASES)] + [tuple(f(*c) for c in PARAM_CASES)
                                                               for f, _ in PARAM_SLIPS]
    for a, b in itertools.combinations(sizes, 2):
        assert a != b
    for a, b in itertools.combinations(params, 2):
        assert a != b


def test_conv_layer_stub():
    def conv_output_size(i, k, s=1, p=0, d=1):
        ...

    def conv_parameters(k, in_channels, filters):
        ...

    both = check_conv_layer(conv_output_size, conv_parameters)
    assert both.status == "unsolved" and "conv_output_size and conv_parameters" in both.message
    one = check_conv_layer(right_size, conv_parameters)
    assert one.status == "unsolved" and "the body of conv_parameters" in one.message
    assert check_conv_layer(..., ...).status == "unsolved"
    assert_hint(check_conv_layer("floor((i + 2p - k) / s) + 1", right_params), "must be a function")


# --------------------------------------------------------------------------
# Exercise 5: the receptive field of a stack of layers
# --------------------------------------------------------------------------
def right_field(layers):
    field, jump = 1, 1
    for k, s in layers:
        field += (k - 1) * jump
        jump *= s
    return field


def field_by_brute_force(layers, size=40):
    """Which input pixels (along one axis) change output 0 of the stack: push a 1-D impulse through it."""
    seen = []
    for pixel in range(size):
        x = np.zeros(size)
        x[pixel] = 1.0
        for k, s in layers:  # a sum over each window: nonzero wherever the window saw the impulse
            x = np.array([x[j:j + k].sum() for j in range(0, len(x) - k + 1, s)])
        if x[0]:
            seen.append(pixel)
    return seen[-1] - seen[0] + 1


def test_receptive_field_right():
    assert check_receptive_field(right_field).status == "correct"
    feedback = check_receptive_field(lambda layers: float(right_field(layers)))
    assert feedback and "5x5" in feedback.message and "16x16" in feedback.message
    for case in FIELD_CASES:
        assert right_field(case) == field_by_brute_force(case)


#: the usual slips, each with the words of the hint that names it
FIELD_SLIPS = [
    (lambda layers: sum(k for k, s in layers), ["added the kernel sizes", "k − 1"]),
    (lambda layers: 1 + sum(k - 1 for k, s in layers), ["forgot the strides"]),
    (lambda layers: int(np.prod([k for k, s in layers])), ["do not multiply"]),
]


def own_stride(layers):
    field, jump = 1, 1
    for k, s in layers:
        jump *= s
        field += (k - 1) * jump
    return field


@pytest.mark.parametrize("field, words", FIELD_SLIPS + [
    (own_stride, ["not its own window"]),
    (lambda layers: right_field(layers) + (len(layers) == 4), ["layers=[(5, 1), (2, 2), (5, 1), (2, 2)]",
                                                               "sees 16 pixels", "you return 17"]),
    (lambda layers: layers[0][9], ["raised IndexError"]),
    (lambda layers: "5", ["must be a number"]),
    (lambda layers: [3, 3], ["must be one number"]),
    ("1 + 2 + 2", ["must be a function"]),
])
def test_receptive_field_slips(field, words):
    assert_hint(check_receptive_field(field), *words)


def test_receptive_field_slips_differ_from_each_other_and_from_the_right_answer():
    answers = [tuple(f(c) for c in FIELD_CASES) for f in (right_field, own_stride, *(f for f, _ in FIELD_SLIPS))]
    for a, b in itertools.combinations(answers, 2):
        assert a != b


def test_receptive_field_stub():
    def receptive_field(layers):
        ...

    assert check_receptive_field(receptive_field).status == "unsolved"
    assert check_receptive_field(...).status == "unsolved"
