"""Self-checks for the exercises of notebook 07, convolutional networks.

* :func:`check_one_output` -- Exercise 1: one output of a convolution, by hand
  (stride 2, with a bias);
* :func:`check_strongest_patch` -- Exercise 2: predict which image patch
  excites each hand-made edge filter most;
* :func:`check_shift_experiment` -- Exercise 3, an experiment: move digits by
  one pixel and measure how much a feature map and its max-pooled map change
  (with :func:`relative_change`); the check tolerates the digits drawn;
* :func:`check_conv_layer` -- Exercise 4: write the output size and the
  parameter count of a convolutional layer;
* :func:`check_receptive_field` -- Exercise 5: write the receptive field of a
  stack of convolutions and poolings.

Each checker recognises the usual slips by computing them and comparing, and
names the one it finds.
"""
from __future__ import annotations

import numpy as np

from .. import validate
from . import Feedback, correct, hint, is_unsolved, unsolved

__all__ = [
    "check_one_output", "check_strongest_patch", "check_shift_experiment", "check_conv_layer",
    "check_receptive_field", "relative_change", "PATCHES",
]


def _number(value, name):
    """``value`` as one float, or a Feedback saying what is wrong with it."""
    if isinstance(value, (str, bytes)):
        return hint(f"{name} must be a number, not the text {value!r}.")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return hint(f"{name} must be one number.")
    if arr.size != 1:
        return hint(
            f"{name} must be one number, got an array of shape {arr.shape}: multiply the window by the kernel "
            "element by element, then add up all the products (np.sum)."
        )
    return float(arr.reshape(()))


# --------------------------------------------------------------------------
# Exercise 1: one output of a convolution
# --------------------------------------------------------------------------
def _window(x, w, stride, row, col):
    k = w.shape[0]
    return x[row * stride : row * stride + k, col * stride : col * stride + k]


def check_one_output(value, x, w, b, stride, row, col) -> Feedback:
    """Exercise 1: ``value`` must be output ``(row, col)`` of the convolution of ``x`` with ``w``.

    The output is ``b + sum(window * w)``, the window of ``x`` whose top-left
    corner is at ``(row * stride, col * stride)``; the kernel is not flipped.
    """
    if is_unsolved(value):
        return unsolved(f"the value of output row {row}, column {col} (one number)")
    value = _number(value, "the output")
    if isinstance(value, Feedback):
        return value
    x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    window = _window(x, w, stride, row, col)
    right = b + np.sum(window * w)
    top, left = row * stride, col * stride
    if np.isclose(value, right):
        return correct(
            f"the window starts at row {row} × {stride} = {top}, column {col} × {stride} = {left}; "
            f"the sum of its products with the kernel is {right - b:g}, plus the bias {b:g}: {right:g}."
        )
    slips = [
        (np.sum(window * w), f"you forgot the bias: add b = {b:g} to the sum of products."),
        (b + np.sum(window * w[::-1, ::-1]),
         "you flipped the kernel (the convolution of signal processing): deep-learning libraries do not flip it, "
         "they multiply the window by the kernel as it is printed."),
        (b + np.sum(_window(x, w, 1, row, col) * w),
         f"you forgot the stride: with stride {stride} output row {row} starts at input row {row} × {stride} = "
         f"{top}, not {row}."),
        (b + np.sum(_window(x, w, stride, col, row) * w),
         f"rows and columns swapped: output (row {row}, column {col}) starts at input row {top} and column {left}."),
        (b + np.sum(window), "you added up the window's pixels without multiplying them by the kernel's weights."),
    ]
    for slip, message in slips:
        if np.isclose(value, slip):
            return hint(message)
    return hint(
        f"not {value:g}. Take the {w.shape[0]}×{w.shape[1]} window whose top-left corner is at input row "
        f"{top}, column {left}; multiply it element by element by the kernel, add the products, then add b."
    )


# --------------------------------------------------------------------------
# Exercise 2: which patch excites which filter?
# --------------------------------------------------------------------------
#: Five 3x3 image patches (1 ink, 0 paper, as in MNIST) for Exercise 2, by letter.
PATCHES = {
    "A": np.array([[0, 1, 1], [0, 0, 1], [0, 0, 0]], dtype=float),  # ink in the top-right corner
    "B": np.array([[0, 0, 1], [0, 0, 1], [0, 0, 1]], dtype=float),  # ink in the right column
    "C": np.array([[1, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float),  # ink in the top-left corner
    "D": np.array([[1, 1, 1], [0, 0, 0], [0, 0, 0]], dtype=float),  # ink in the top row
    "E": np.array([[1, 0, 0], [1, 0, 0], [1, 0, 0]], dtype=float),  # ink in the left column
}


def _responses(filters, patches):
    """{filter name: {patch letter: sum(filter * patch)}}."""
    return {
        name: {letter: float(np.sum(np.asarray(f, dtype=float) * p)) for letter, p in patches.items()}
        for name, f in filters.items()
    }


def check_strongest_patch(answers, filters, patches=None) -> Feedback:
    """Exercise 2: ``answers`` maps each filter's name to the patch letter with the largest response.

    The response of a filter to a patch is ``sum(filter * patch)``, the
    feature-map value where the filter sits on that patch.  ``filters`` are
    the notebook's hand-made edge filters, ``patches`` default to
    :data:`PATCHES`.
    """
    patches = PATCHES if patches is None else patches
    if is_unsolved(answers):
        return unsolved("the answers dictionary, one patch letter per filter")
    if not isinstance(answers, dict):
        return hint(f"answers must be a dictionary {{filter name: patch letter}} with the keys {list(filters)}.")
    missing = [name for name in filters if name not in answers]
    if missing:
        return hint(f"answers needs a patch letter for every filter; missing: {', '.join(missing)}.")
    open_ones = [name for name in filters if is_unsolved(answers[name])]
    if open_ones:
        return unsolved("a patch letter for " + ", ".join(open_ones))
    table = _responses(filters, patches)
    problems = []
    for name, row in table.items():
        given = answers[name]
        letter = given.strip().upper() if isinstance(given, str) else None
        best = max(row, key=row.get)
        if letter == best:
            continue
        if letter not in row:
            problems.append(f"{name}: {given!r} is not one of the patch letters {', '.join(row)}")
        elif row[letter] < 0:
            problems.append(
                f"{name}: on patch {letter} the response is {row[letter]:g}, negative: the ink (the 1s) sits on the "
                "blue (negative) weights. An edge filter sees one direction of the edge only (a ReLU would give 0 "
                "here); look for the patch with ink where its weights are red"
            )
        else:
            problems.append(
                f"{name}: patch {letter} gives {row[letter]:g}, but another patch gives {row[best]:g}; the response "
                "is largest for ink (1) on all the red (positive) weights and none (0) on the blue ones"
            )
    if problems:
        right = len(table) - len(problems)
        return hint(f"{right} of {len(table)} right. " + "; ".join(problems) + ".")
    return correct(
        "each filter answers most to the patch with ink where its weights are positive and none where they "
        "are negative: "
        + ", ".join(f"{name} → {max(row, key=row.get)} ({max(row.values()):g})" for name, row in table.items())
        + ". The mirror-image edge gives a negative response, which the ReLU sets to 0."
    )


# --------------------------------------------------------------------------
# Exercise 3 (experiment): a one-pixel shift, before and after max pooling
# --------------------------------------------------------------------------
#: The fewest digits the experiment must average over: one digit can be an exception.
MIN_DIGITS = 10
#: The check passes when the pooled maps change on average by at most this fraction of the feature maps' change.
#: Over 20 random test digits, moved one pixel right, the vertical-edge filter's ratio is about 0.6, between
#: 0.58 and 0.65 over 200 draws (tests/test_exercises_cnn.py measures it); 0.85 leaves a wide margin.
POOLED_RATIO = 0.85


def relative_change(before, after):
    """How much a map changed: ``sum |after - before| / sum |before|`` (0: unchanged, 1: as much as it holds).

    ``before`` and ``after`` are arrays of one shape.  If either is still an
    exercise stub (``...`` or ``None``) the result is ``None``, so that an
    exercise's loop runs before it is filled in.
    """
    if is_unsolved(before, after):
        return None
    before = validate.finite(before, "before").astype(np.float64)
    after = validate.finite(after, "after").astype(np.float64)
    if before.shape != after.shape:
        raise ValueError(f"before and after must have one shape, got {before.shape} and {after.shape}: compare a "
                         "map with the same kind of map (both pooled, or both not)")
    total = np.abs(before).sum()
    return float(np.abs(after - before).sum() / total) if total else float(np.abs(after).sum() > 0)


def _changes(values, name):
    """``values`` as a 1-D float array, None if a stub, or a Feedback saying what is wrong."""
    if is_unsolved(values):
        return None
    try:
        items = list(values)
    except TypeError:
        return hint(f"{name} must be a list of numbers, one per digit.")
    if any(is_unsolved(v) for v in items):
        return None
    try:
        arr = np.asarray(items, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return hint(f"{name} must be a list of numbers, one per digit (relative_change gives one number).")
    if arr.ndim != 1:
        return hint(f"{name} must be a list of numbers, one per digit, got an array of shape {arr.shape}.")
    return arr


def check_shift_experiment(map_changes, pooled_changes) -> Feedback:
    """Exercise 3: per digit, the relative change of a feature map and of its max-pooled map after a 1-pixel shift.

    Whichever digits were drawn, the pooled maps must change clearly less on
    average: at most :data:`POOLED_RATIO` times the feature maps' change, over
    at least :data:`MIN_DIGITS` digits.
    """
    maps = _changes(map_changes, "map_changes")
    pooled = _changes(pooled_changes, "pooled_changes")
    if maps is None or pooled is None:
        return unsolved("the moved digit, the two feature maps and the pooled maps' change (the ... in the loop)")
    for value in (maps, pooled):
        if isinstance(value, Feedback):
            return value
    if len(maps) != len(pooled):
        return hint(f"map_changes has {len(maps)} values and pooled_changes {len(pooled)}: append one of each per "
                    "digit.")
    if len(maps) < MIN_DIGITS:
        return hint(f"measure at least {MIN_DIGITS} digits, not {len(maps)}: one digit can be an exception, the "
                    "average over many is what the experiment is about.")
    if not (np.all(np.isfinite(maps)) and np.all(np.isfinite(pooled))):
        return hint("some changes are not finite numbers: compare with relative_change(before, after).")
    if np.all(maps == 0) and np.all(pooled == 0):
        return hint("nothing changed: the moved digit is the same as the original. np.roll(image, 1, axis=1) "
                    "returns the moved copy; give it a name (moved = ...) and convolve that.")
    if np.any(maps < 0) or np.any(pooled < 0) or max(maps.max(), pooled.max()) > 2.5:
        return hint("these are not relative changes (a relative change lies between 0 and about 2): use "
                    "relative_change(before, after), which divides by the size of the map before the shift.")
    if np.allclose(maps, pooled):
        return hint("the two lists are the same: the second one must compare the max-pooled maps, "
                    "relative_change(max_pool2d(before), max_pool2d(after)).")
    mean_map, mean_pooled = maps.mean(), pooled.mean()
    if mean_pooled > mean_map:
        if mean_map <= POOLED_RATIO * mean_pooled:
            return hint("the pooled maps changed more than the feature maps: are the two lists swapped? "
                        "map_changes compares before and after, pooled_changes their max-pooled maps.")
        return hint("the pooled maps changed about as much as the feature maps, or more: move the digit by one "
                    "pixel (np.roll(image, 1, axis=1)) and pool with max_pool2d (2x2 windows).")
    if mean_pooled > POOLED_RATIO * mean_map:
        return hint(f"the pooled maps changed by {mean_pooled:.2f} on average, the feature maps by {mean_map:.2f}: "
                    "less, but not clearly. Move the digit by one pixel (np.roll(image, 1, axis=1)) and pool "
                    "with max_pool2d (2x2 windows); then run the experiment again.")
    return correct(
        f"over {len(maps)} digits a one-pixel shift changed the feature maps by {mean_map:.2f} of their size on "
        f"average, the max-pooled maps by {mean_pooled:.2f}: a maximum that stays in its 2x2 window gives the same "
        "pooled value, so pooling makes the layer less sensitive to small shifts. Run it again: other digits, "
        "other numbers, the same conclusion."
    )


# --------------------------------------------------------------------------
# Exercise 4: output size and parameter count of a convolutional layer
# --------------------------------------------------------------------------
#: (i, k, s, p, d) cases for the output size; chosen so that every slip below gives a different answer somewhere.
SIZE_CASES = [
    (28, 5, 1, 0, 1),
    (32, 3, 1, 1, 1),
    (64, 5, 2, 2, 1),
    (9, 4, 2, 3, 1),
    (10, 3, 1, 0, 2),
    (15, 3, 3, 2, 2),
    (7, 3, 2, 1, 1),
]
#: (k, in_channels, filters) cases for the parameter count.
PARAM_CASES = [(5, 1, 20), (5, 20, 40), (3, 3, 16), (1, 64, 32), (7, 3, 64)]


def _right_size(i, k, s, p, d):
    return (i + 2 * p - d * (k - 1) - 1) // s + 1


_SIZE_SLIPS = [
    (lambda i, k, s, p, d: (i + 2 * p - d * (k - 1) - 1) // s,
     "off by one: you count the steps, not the positions; the window's first position counts too, so add 1."),
    (lambda i, k, s, p, d: (i + p - d * (k - 1) - 1) // s + 1,
     "padding on one side only: p zeros are added on each side, so the padded input has i + 2p pixels."),
    (lambda i, k, s, p, d: (i - d * (k - 1) - 1) // s + 1,
     "you forgot the padding: the padded input has i + 2p pixels."),
    (lambda i, k, s, p, d: (i + 2 * p - k) // s + 1,
     "you forgot the dilation: a kernel of k taps, d pixels apart, spans d(k - 1) + 1 pixels."),
    (lambda i, k, s, p, d: (i + 2 * p - d * k) // s + 1,
     "a dilated kernel spans d(k - 1) + 1 pixels, not d·k: there are k - 1 gaps between its k taps."),
    (lambda i, k, s, p, d: i + 2 * p - d * (k - 1) - 1 + 1,
     "you forgot the stride: the window jumps s pixels at a time, so divide the free room by s."),
    (lambda i, k, s, p, d: -(-(i + 2 * p - d * (k - 1) - 1) // s) + 1,
     "you rounded up: a window that does not fit completely is not used, so round the division down (//)."),
    (lambda i, k, s, p, d: (i + 2 * p - d * (k - 1) - 1) / s + 1,
     "the division must be rounded down to a whole number of positions: use // (floor division)."),
]

_PARAM_SLIPS = [
    (lambda k, c, f: f * k * k * c,
     "you forgot the bias: each filter has one bias besides its k·k·c weights."),
    (lambda k, c, f: f * (k * k + 1),
     "you forgot the input channels: each filter is k × k × c, one k × k slice per input channel."),
    (lambda k, c, f: f * k * k,
     "you forgot the input channels and the bias: each filter has k·k·c weights and one bias."),
    (lambda k, c, f: f * (k * k + 1) * c,
     "one bias per filter, not one per input channel: f · (k·k·c + 1)."),
    (lambda k, c, f: f * (k * c + 1),
     "a k × k kernel has k·k weights per channel, not k."),
    (lambda k, c, f: f * k * k * c + c,
     "one bias per filter (output channel), not per input channel."),
]


def _call_all(f, cases, name):
    """``f`` on each case, as floats, or a Feedback saying what went wrong (None if f is a stub)."""
    out = []
    for case in cases:
        try:
            value = f(*case)
        except Exception as err:  # a student's bug: say what it was
            return hint(f"{name}{case} raised {type(err).__name__}: {err}.")
        if is_unsolved(value):
            return None
        number = _number(value, f"{name}{case}")
        if isinstance(number, Feedback):
            return number
        out.append(number)
    return np.array(out)


def check_conv_layer(conv_output_size, conv_parameters) -> Feedback:
    """Exercise 4: ``conv_output_size(i, k, s, p, d)`` and ``conv_parameters(k, in_channels, filters)``.

    The output size along one axis is ``floor((i + 2p - d(k - 1) - 1) / s) + 1``;
    a layer of ``filters`` filters of size ``k x k`` on ``in_channels``
    channels has ``filters * (k * k * in_channels + 1)`` parameters.
    """
    if is_unsolved(conv_output_size, conv_parameters):
        return unsolved("the bodies of conv_output_size and conv_parameters")
    for f, name in ((conv_output_size, "conv_output_size"), (conv_parameters, "conv_parameters")):
        if not callable(f):
            return hint(f"{name} must be a function.")
    sizes = _call_all(conv_output_size, SIZE_CASES, "conv_output_size")
    params = _call_all(conv_parameters, PARAM_CASES, "conv_parameters")
    if sizes is None and params is None:
        return unsolved("the bodies of conv_output_size and conv_parameters (each returns a number)")
    if sizes is None or params is None:
        which = "conv_output_size" if sizes is None else "conv_parameters"
        return unsolved(f"the body of {which} (it must return a number)")
    for value in (sizes, params):
        if isinstance(value, Feedback):
            return value
    problems = []
    right_sizes = np.array([_right_size(*case) for case in SIZE_CASES], dtype=float)
    if not np.array_equal(sizes, right_sizes):
        for slip, message in _SIZE_SLIPS:
            if np.allclose(sizes, [slip(*case) for case in SIZE_CASES]):
                problems.append("output size: " + message)
                break
        else:
            j = int(np.flatnonzero(sizes != right_sizes)[0])
            i, k, s, p, d = SIZE_CASES[j]
            problems.append(
                f"output size: for i={i}, k={k}, s={s}, p={p}, d={d} the output has {right_sizes[j]:g} positions, "
                f"you return {sizes[j]:g}; the formula is floor((i + 2p - d(k - 1) - 1) / s) + 1."
            )
    right_params = np.array([f * (k * k * c + 1) for k, c, f in PARAM_CASES], dtype=float)
    if not np.array_equal(params, right_params):
        for slip, message in _PARAM_SLIPS:
            if np.allclose(params, [slip(*case) for case in PARAM_CASES]):
                problems.append("parameters: " + message)
                break
        else:
            j = int(np.flatnonzero(params != right_params)[0])
            k, c, f = PARAM_CASES[j]
            problems.append(
                f"parameters: {f} filters of {k}×{k} on {c} channels have {right_params[j]:,.0f} parameters, you "
                f"return {params[j]:,.0f}; count the weights of one filter, add its bias, times the filters."
            )
    if problems:
        return hint(" ".join(problems))
    return correct(
        "the output size is floor((i + 2p - d(k - 1) - 1) / s) + 1 along each axis, and a layer has "
        "filters · (k·k·c + 1) parameters, whatever the image size: the filters are shared by all positions."
    )


# --------------------------------------------------------------------------
# Exercise 5: the receptive field of a stack of layers
# --------------------------------------------------------------------------
#: Stacks of (kernel, stride) layers, first layer first; chosen so that every slip below fails somewhere.
FIELD_CASES = [
    [(3, 1)],
    [(3, 1), (3, 1)],
    [(3, 1), (3, 1), (2, 2)],
    [(3, 1), (2, 2), (3, 1)],
    [(5, 1), (2, 2), (5, 1), (2, 2)],
    [(3, 2), (3, 2), (3, 1)],
    [(1, 1)],
]


def _right_field(layers):
    field, jump = 1, 1  # pixels seen, and the distance in input pixels between neighbouring outputs
    for k, s in layers:
        field += (k - 1) * jump
        jump *= s
    return field


def _field_own_stride(layers):
    field, jump = 1, 1
    for k, s in layers:
        jump *= s
        field += (k - 1) * jump
    return field


_FIELD_SLIPS = [
    (lambda layers: sum(k for k, s in layers),
     "you added the kernel sizes: the first layer sees k pixels, and each further layer adds k − 1 (its window "
     "overlaps the previous one by all but one position)."),
    (lambda layers: 1 + sum(k - 1 for k, s in layers),
     "you forgot the strides: after a layer of stride s (a 2x2 pooling has s = 2), neighbouring outputs are s "
     "input pixels apart, so each step of a later window covers s pixels (multiply by all the strides so far)."),
    (lambda layers: int(np.prod([k for k, s in layers])),
     "receptive fields do not multiply: each layer adds (k − 1) times the distance between its inputs."),
    (_field_own_stride,
     "a layer's stride spreads the windows of the layers after it, not its own window: add (k − 1) × (the "
     "product of the strides of the layers before it), then multiply in this layer's stride."),
]


def check_receptive_field(receptive_field) -> Feedback:
    """Exercise 5: ``receptive_field(layers)``, pixels along one axis that one output of the stack sees.

    ``layers`` is a list of ``(kernel, stride)`` pairs, first layer first.
    The field grows by ``(k - 1) * jump`` per layer, where ``jump``, the
    product of the strides before the layer, is the distance in input pixels
    between the layer's neighbouring inputs.
    """
    if is_unsolved(receptive_field):
        return unsolved("the body of receptive_field")
    if not callable(receptive_field):
        return hint("receptive_field must be a function of a list of (kernel, stride) pairs.")
    values = []
    for case in FIELD_CASES:
        try:
            value = receptive_field([tuple(layer) for layer in case])
        except Exception as err:  # a student's bug: say what it was
            return hint(f"receptive_field({case}) raised {type(err).__name__}: {err}.")
        if is_unsolved(value):
            return unsolved("the body of receptive_field (it must return a number)")
        number = _number(value, f"receptive_field({case})")
        if isinstance(number, Feedback):
            return number
        values.append(number)
    right = [_right_field(case) for case in FIELD_CASES]
    if np.allclose(values, right):
        return correct(
            "each layer adds (k − 1) × the distance between its inputs, and pooling doubles that distance: two 3x3 "
            f"convolutions see {right[1]}x{right[1]} pixels, and a unit after this lecture's conv-pool-conv-pool "
            f"sees {right[4]}x{right[4]} pixels of the digit."
        )
    for slip, message in _FIELD_SLIPS:
        if np.allclose(values, [slip(case) for case in FIELD_CASES]):
            return hint(message)
    j = next(n for n, (v, r) in enumerate(zip(values, right)) if not np.isclose(v, r))
    return hint(
        f"for layers={FIELD_CASES[j]} (kernel, stride pairs) one output sees {right[j]} pixels, you return "
        f"{values[j]:g}. Start with 1 pixel; each layer adds (k − 1) × (the product of the strides before it)."
    )
