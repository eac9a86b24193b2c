"""Self-checks for the exercises of notebook 08, the U-Net.

* :func:`check_dice` -- Exercise 1: write the Dice coefficient of two 0/1
  masks, 2 |A ∩ B| / (|A| + |B|), with the competition's convention for two
  empty masks;
* :func:`check_empty_mask_decision` -- Exercise 2 (predict, then check): the
  mean per-image Dice of ten images, without and with the empty-mask
  decision;
* :func:`check_rle` -- Exercise 3: run-length encode a tiny mask by hand, as
  the competition asked (pixels numbered from 1, down each column, then
  across).

Each checker recognises the usual slips (the IoU instead of the Dice, a
forgotten factor 2, 0/0 on empty masks, row-major order, 0-based starts,
empty images scored 0, ...) by computing them and comparing, and names the
one it finds.
"""
from __future__ import annotations

import warnings

import numpy as np

from . import Feedback, correct, hint, is_unsolved, unsolved

__all__ = [
    "check_dice", "check_empty_mask_decision", "check_rle",
    "DECISION_IMAGES", "DECISION_MIN_AREA", "RLE_MASK",
]


# --------------------------------------------------------------------------
# Exercise 1: the Dice coefficient
# --------------------------------------------------------------------------
def _box(shape, rows, cols):
    mask = np.zeros(shape, dtype=np.int64)
    mask[rows[0]:rows[1], cols[0]:cols[1]] = 1
    return mask


_SHAPE = (6, 8)
#: Pairs (true mask, predicted mask) the student's function is called on:
#: two overlapping boxes, a box inside a larger one, an irregular pair, then
#: the empty cases.
_OVERLAPPING = [
    (_box(_SHAPE, (1, 4), (1, 5)), _box(_SHAPE, (2, 5), (2, 5))),  # 12 and 9 pixels, 6 shared: Dice 4/7
    (_box(_SHAPE, (1, 4), (1, 5)), _box(_SHAPE, (2, 4), (2, 5))),  # 12 and 6, all 6 shared: Dice 2/3
    (np.array([[0, 1, 1, 0], [1, 1, 1, 0], [0, 1, 0, 0]]), np.array([[0, 0, 1, 1], [0, 1, 1, 1], [0, 1, 1, 0]])),
]
_EMPTY = np.zeros(_SHAPE, dtype=np.int64)
_ONE = _box(_SHAPE, (2, 4), (2, 4))


def _dice_parts(a, b):
    a, b = a != 0, b != 0
    inter, union = np.sum(a & b), np.sum(a | b)
    return int(inter), int(a.sum()), int(b.sum()), int(union), a.size


def _call_dice(f, a, b):
    """f(a, b) as a float, or a Feedback saying what went wrong; ``nan`` when it returned nan."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = f(a.copy(), b.copy())
    except ZeroDivisionError:
        return "zero-division"
    except Exception as err:
        return hint(f"dice_coefficient raised {type(err).__name__}: {err} (called with two 0/1 masks of shape "
                    f"{a.shape}). Count pixels with np.sum, e.g. np.sum(a * b) for |A ∩ B|.")
    if out is None:
        return None
    try:
        value = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        return hint(f"dice_coefficient must return one number; got {type(out).__name__}.")
    if value.shape != ():
        return hint(f"dice_coefficient must return one number for the two masks, got an array of shape {value.shape}: "
                    "sum over all pixels (np.sum), not along one axis.")
    return float(value)


def check_dice(dice_coefficient) -> Feedback:
    """Exercise 1: ``dice_coefficient(a, b)`` for two 0/1 masks of the same shape.

    The Dice is 2 |A ∩ B| / (|A| + |B|); by the competition's convention it is
    1 when both masks are empty, and so 0 when exactly one of them is.
    """
    if is_unsolved(dice_coefficient):
        return unsolved("the body of dice_coefficient")
    if not callable(dice_coefficient):
        return hint(f"dice_coefficient must be the function you wrote, def dice_coefficient(a, b): ...; "
                    f"got {type(dice_coefficient).__name__}.")
    # The overlapping pairs first: the formula.
    for a, b in _OVERLAPPING:
        out = _call_dice(dice_coefficient, a, b)
        if out is None:
            return unsolved("the body of dice_coefficient (it must return the Dice)")
        if isinstance(out, Feedback):
            return out
        if out == "zero-division":
            return hint("dice_coefficient divided by zero on two overlapping masks: count pixels with np.sum.")
        inter, na, nb, union, size = _dice_parts(a, b)
        right = 2 * inter / (na + nb)
        if np.isclose(out, right, rtol=1e-9, atol=1e-12):
            continue
        slips = [
            (inter / (na + nb), "you forgot the factor 2: |A ∩ B| / (|A| + |B|) is at most 0.5, even for a perfect "
                                "prediction, because |A| + |B| counts the shared pixels twice."),
            (inter / union, "that is the IoU (Jaccard index), |A ∩ B| / |A ∪ B|: the Dice divides by |A| + |B| and "
                            "doubles the intersection, 2 |A ∩ B| / (|A| + |B|) (= 2 IoU / (1 + IoU))."),
            (2 * inter / union, "you divided by the union |A ∪ B|: the Dice divides by |A| + |B|, which counts the "
                                "shared pixels twice, as the factor 2 on top does."),
            (inter / size, "you divided by the number of pixels of the image: the Dice divides by the pixels of "
                           "the two masks, 2 |A ∩ B| / (|A| + |B|)."),
            (2 * inter / size, "you divided by the number of pixels of the image: the Dice divides by the pixels of "
                               "the two masks, |A| + |B| (np.sum(a) + np.sum(b))."),
            ((size - union + inter) / size, "that is the pixel accuracy, the fraction of pixels where the masks "
                                            "agree: it counts the background, which is almost everything; the Dice "
                                            "looks at the masks only, 2 |A ∩ B| / (|A| + |B|)."),
            (1 - right, "that is one minus the Dice (the Dice loss): return 2 |A ∩ B| / (|A| + |B|) itself."),
        ]
        for value, message in slips:
            if np.isclose(out, value, rtol=1e-9, atol=1e-12):
                return hint(message)
        return hint(f"for two masks of {na} and {nb} pixels sharing {inter}, the Dice is 2·{inter} / ({na} + {nb}) = "
                    f"{right:.3f}; yours gives {out:.3f}.")
    # Then the empty cases: the convention.
    out = _call_dice(dice_coefficient, _EMPTY, _EMPTY)
    if isinstance(out, Feedback):
        return out
    if out is None:
        return unsolved("the body of dice_coefficient (it must return the Dice)")
    if out == "zero-division" or not np.isfinite(out):
        what = "divides by zero" if out == "zero-division" else f"returns {out}"
        return hint(f"for two empty masks yours {what} (0 / 0): by the competition's convention two empty masks "
                    "score 1 (nothing to find, nothing found); return 1.0 when |A| + |B| = 0.")
    if out != 1.0:
        return hint(f"for two empty masks yours returns {out:g}: by the competition's convention they score 1 "
                    "(nothing to find, nothing found).")
    for a, b, who in ((_ONE, _EMPTY, "the prediction is empty but the true mask is not"),
                      (_EMPTY, _ONE, "the true mask is empty but the prediction is not")):
        out = _call_dice(dice_coefficient, a, b)
        if isinstance(out, Feedback):
            return out
        if out is None or out == "zero-division" or not np.isclose(out, 0.0):
            shown = "an error" if out == "zero-division" else ("nothing" if out is None else f"{out:g}")
            return hint(f"when {who}, the Dice is 0 (nothing shared); yours gives {shown}: only two empty "
                        "masks score 1, so test |A| + |B| = 0, not one mask alone.")
    return correct("2 |A ∩ B| / (|A| + |B|), and 1 for two empty masks. It is unet.dice, for one image.")


# --------------------------------------------------------------------------
# Exercise 2: the empty-mask decision, by hand
# --------------------------------------------------------------------------
#: The ten validation images of Exercise 2: (has a nerve, predicted area in
#: pixels, Dice of that prediction if it is kept).  On an image without a
#: nerve any kept prediction scores 0 and an empty one 1.
DECISION_IMAGES = (
    (True, 160, 0.85),
    (True, 140, 0.80),
    (True, 30, 0.30),
    (True, 0, 0.0),
    (False, 0, None),
    (False, 0, None),
    (False, 0, None),
    (False, 25, None),
    (False, 12, None),
    (False, 60, None),
)
#: The rule of Exercise 2: predictions smaller than this many pixels are emptied.
DECISION_MIN_AREA = 50


def _decision_mean(min_area, *, empty_scores=1.0, nerve_only=False, drop_small_nerve=True, drop_all_false=False):
    """The mean per-image Dice of :data:`DECISION_IMAGES`, and the slips made by changing one rule."""
    scores = []
    for nerve, area, kept_dice in DECISION_IMAGES:
        kept = area >= max(min_area, 1)
        if nerve:
            if not kept and not drop_small_nerve and area > 0:
                kept = True
            scores.append(kept_dice if kept else 0.0)
        elif not nerve_only:
            if drop_all_false and area > 0 and min_area > 0:
                kept = False
            scores.append(0.0 if kept else empty_scores)
    return float(np.mean(scores))


def _number(value, name):
    if isinstance(value, (str, bytes, bool)):
        return hint(f"{name} must be a number between 0 and 1.")
    try:
        return float(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError):
        return hint(f"{name} must be one number between 0 and 1.")


def check_empty_mask_decision(helps, mean_without, mean_with) -> Feedback:
    """Exercise 2: does emptying predictions under :data:`DECISION_MIN_AREA` pixels help, and the two means.

    ``helps`` is the prediction (True or False), ``mean_without`` and
    ``mean_with`` the mean per-image Dice of :data:`DECISION_IMAGES` without
    the decision and with it.
    """
    if is_unsolved(helps, mean_without, mean_with):
        return unsolved("helps (True or False), mean_without and mean_with")
    if not isinstance(helps, (bool, np.bool_)):
        return hint(f"helps must be True or False, your prediction; got {helps!r}.")
    values = [_number(mean_without, "mean_without"), _number(mean_with, "mean_with")]
    for value in values:
        if isinstance(value, Feedback):
            return value
    without, with_ = values
    right = (_decision_mean(0), _decision_mean(DECISION_MIN_AREA))

    def near(a, b):
        return abs(a - b) <= 5.1e-3  # two or three printed decimals are enough

    if near(without, right[0]) and near(with_, right[1]):
        if not helps:
            return hint(f"your means are right ({right[0]:.3f} → {right[1]:.3f}), so the decision helps here: "
                        "set helps = True.")
        return correct(f"{right[0]:.3f} without, {right[1]:.3f} with: three false alarms become perfect empty "
                       "images, and the one small true prediction (Dice 0.30) is lost. On balance it helps.")
    if without > 1 or with_ > 1:
        if near(without / 100, right[0]) and near(with_ / 100, right[1]):
            return hint("those are percentages: give the means as fractions between 0 and 1.")
        if near(without / len(DECISION_IMAGES), right[0]) and near(with_ / len(DECISION_IMAGES), right[1]):
            return hint(f"those are the sums of the scores: divide by the number of images, {len(DECISION_IMAGES)}.")
        return hint("a mean Dice lies between 0 and 1.")
    if near(without, right[1]) and near(with_, right[0]):
        return hint("swapped: mean_without is the score before any prediction is emptied.")
    whole = [
        (_decision_mean(0, empty_scores=0.0), _decision_mean(DECISION_MIN_AREA, empty_scores=0.0),
         "you scored the images without a nerve 0 when nothing is predicted there: an empty prediction on an "
         "empty image scores 1 (nothing to find, nothing found)."),
        (_decision_mean(0, nerve_only=True), _decision_mean(DECISION_MIN_AREA, nerve_only=True),
         "you averaged over the four images with a nerve only: the competition's mean is over all ten images."),
    ]
    for a, b, message in whole:
        if (near(without, a) and not near(without, right[0])) or (near(with_, b) and not near(with_, right[1])):
            return hint(message)
    if not near(without, right[0]):
        return hint("without the decision: three images without a nerve are left empty (1 each), three have a false "
                    "alarm (0 each), and the four nerve images keep their Dice; add the ten scores and divide by 10.")
    slips = [
        (_decision_mean(DECISION_MIN_AREA, drop_small_nerve=False),
         "the rule only sees the area: the 30-pixel prediction on image 3, which has a nerve, is emptied too, and "
         "its Dice 0.30 becomes 0."),
        (_decision_mean(DECISION_MIN_AREA, drop_all_false=True),
         "the 60-pixel false alarm on image 10 is not below 50 pixels: it is kept and still scores 0."),
        (_decision_mean(DECISION_MIN_AREA, drop_small_nerve=False, drop_all_false=True),
         "the rule only sees the area: the 30-pixel prediction on a nerve image is emptied too (Dice 0.30 → 0), "
         "and the 60-pixel false alarm stays (0)."),
    ]
    for value, message in slips:
        if near(with_, value):
            return hint(message)
    return hint(f"with the decision: empty every prediction under {DECISION_MIN_AREA} pixels, then score each image "
                "again (an emptied false alarm now scores 1, an emptied nerve prediction 0).")


# --------------------------------------------------------------------------
# Exercise 3: run-length encoding by hand
# --------------------------------------------------------------------------
#: The mask of Exercise 3: 4 rows, 5 columns.  A run crosses from column 1
#: into column 2, and the orders (row or column first) and the bases (0 or 1)
#: all give different answers.
RLE_MASK = np.array([
    [0, 0, 1, 1, 0],
    [0, 1, 1, 1, 0],
    [0, 1, 0, 0, 0],
    [0, 1, 0, 0, 0],
], dtype=np.uint8)


def _runs(pixels):
    """(start, length) of each run of ones in a 0/1 vector, starts 0-based."""
    edges = np.diff(np.concatenate([[0], pixels, [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return list(zip(starts.tolist(), (ends - starts).tolist()))


def _column_runs(mask):
    """Runs that stop at the end of each column (not merged across columns), 1-based."""
    out = []
    for j in range(mask.shape[1]):
        out += [(j * mask.shape[0] + s + 1, n) for s, n in _runs(mask[:, j])]
    return out


def _as_numbers(rle):
    """A student's encoding as a list of ints, or a Feedback."""
    whole = hint("the encoding holds whole numbers only, \"start length start length ...\", separated by spaces.")
    if isinstance(rle, str):
        tokens = rle.replace(",", " ").split()
        if not all(t.isdigit() for t in tokens):
            return whole
        return [int(t) for t in tokens]
    if isinstance(rle, (list, tuple, np.ndarray)):
        try:
            values = np.asarray(rle, dtype=np.float64).ravel()
        except (TypeError, ValueError):
            return whole
        if not np.all(np.isfinite(values) & (values == np.round(values))):
            return whole
        return [int(v) for v in values]
    return hint(f"write the encoding as a string of numbers, e.g. \"3 2 ...\"; got {type(rle).__name__}.")


def check_rle(rle, mask=RLE_MASK) -> Feedback:
    """Exercise 3: ``rle`` must be the competition's run-length encoding of ``mask``.

    Pixels are numbered from 1, down each column, then across; the encoding
    is ``"start length start length ..."`` for each run of ones.
    """
    if is_unsolved(rle):
        return unsolved("rle, the encoding as a string \"start length ...\"")
    numbers = _as_numbers(rle)
    if isinstance(numbers, Feedback):
        return numbers
    mask = np.asarray(mask) != 0
    column = _runs(mask.ravel(order="F").astype(int))
    row = _runs(mask.ravel(order="C").astype(int))

    def flat(runs, base=1, ends=False):
        return [v for s, n in runs for v in (s + base, s + base + n - 1 if ends else n)]

    right = flat(column)
    if numbers == right:
        return correct(f"\"{' '.join(map(str, right))}\": numbered down each column from 1, a run may go on into "
                       "the next column. It is ultrasound.rle_encode(mask).")
    slips = [
        (flat(row), "you numbered along the rows (row-major, numpy's order): the competition numbers down each "
                    "column, then across (column-major, mask.ravel(order='F'))."),
        (flat(column, base=0), "your starts are 0-based: the competition numbers pixels from 1, so every start is "
                               "one more."),
        (flat(row, base=0), "two slips: you numbered along the rows and from 0; the competition numbers down each "
                            "column, then across, from 1."),
        (flat(column, ends=True), "you wrote \"start end\" pairs: the second number of each pair is the run's "
                                  "length, the number of pixels in it."),
        (flat(column, base=0, ends=True), "you wrote \"start end\" pairs with 0-based starts: number from 1, and "
                                          "give each run's length."),
        ([v for s, n in column for v in (s + 1, n - 1)], "your lengths are one short: a run from pixel s to pixel "
                                                         "e holds e − s + 1 pixels."),
        ([v for s, n in _column_runs(mask) for v in (s, n)], "a run does not stop at the bottom of a column: the "
                                                             "next pixel in the numbering is the top of the next "
                                                             "column, so the runs join."),
    ]
    for value, message in slips:
        if numbers == value:
            return hint(message)
    if len(numbers) % 2:
        return hint(f"the encoding is pairs \"start length\"; yours has an odd number ({len(numbers)}) of numbers.")
    if sum(numbers[1::2]) != int(mask.sum()):
        return hint(f"your runs hold {sum(numbers[1::2])} pixels, the mask has {int(mask.sum())}: the lengths must "
                    "add up to the number of ones.")
    return hint("number the pixels 1, 2, 3, ... down the first column, then down the second, and so on; write the "
                "first pixel and the length of each run of ones.")
