"""Self-checks for the exercises of notebook 08, the U-Net.

* :func:`check_batch_norm` -- Exercise 1: batch normalization of a tiny
  mini-batch by hand (mean and variance per channel, epsilon, gamma, beta);
* :func:`check_unet_shapes` -- Exercise 2: the small CPU U-Net's bottleneck
  shape and the parameters of one block, counted by hand;
* :func:`check_dice` -- Exercise 3: write the Dice coefficient of two 0/1
  masks, 2 |A ∩ B| / (|A| + |B|), with the competition's convention for two
  empty masks;
* :func:`check_rare_mask` -- Exercise 4 (an experiment): train a tiny network
  on a rare foreground with cross-entropy and with the Dice loss
  (:func:`rare_mask_fit`), and see which finds more of it;
* :func:`check_empty_mask_decision` -- Exercise 5 (predict, then check): the
  mean per-image Dice of ten images, without and with the empty-mask
  decision;
* :func:`check_rle` -- Exercise 6: run-length encode a tiny mask by hand, as
  the competition asked (pixels numbered from 1, down each column, then
  across).

Each checker recognises the usual slips (the IoU instead of the Dice, a
forgotten factor 2, 0/0 on empty masks, row-major order, 0-based starts,
empty images scored 0, ...) by computing them and comparing, and names the
one it finds.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from .. import validate
from . import Feedback, correct, hint, is_unsolved, unsolved

__all__ = [
    "check_batch_norm", "check_unet_shapes", "unet_shapes_answer", "check_dice", "check_rare_mask",
    "check_empty_mask_decision", "check_rle",
    "BN_BATCH", "BN_GAMMA", "BN_BETA", "BN_EPSILON", "DECISION_IMAGES", "DECISION_MIN_AREA", "RLE_MASK",
    "RARE_FOREGROUND", "RareMaskFit", "rare_mask_fit", "plot_rare_mask_fits",
]


# --------------------------------------------------------------------------
# Exercise 3: the Dice coefficient
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
    """Exercise 3: ``dice_coefficient(a, b)`` for two 0/1 masks of the same shape.

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
# Exercise 5: the empty-mask decision, by hand
# --------------------------------------------------------------------------
#: The ten validation images of Exercise 5: (has a nerve, predicted area in
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
#: The rule of Exercise 5: predictions smaller than this many pixels are emptied.
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
    """Exercise 5: does emptying predictions under :data:`DECISION_MIN_AREA` pixels help, and the two means.

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
# Exercise 6: run-length encoding by hand
# --------------------------------------------------------------------------
#: The mask of Exercise 6: 4 rows, 5 columns.  A run crosses from column 1
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
    """Exercise 6: ``rle`` must be the competition's run-length encoding of ``mask``.

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


# --------------------------------------------------------------------------
# Exercise 1: batch normalization by hand
# --------------------------------------------------------------------------
#: The mini-batch of the batch-normalization exercise: 2 images of 1 x 2
#: pixels with 2 channels, shape (images, rows, cols, channels).  Channel 0
#: holds 1, 3, 2, 6 (mean 3, variance 3.5); channel 1 holds 0.1, 0.3, 0.2,
#: 0.2 (variance 0.005, so that epsilon matters).
BN_BATCH = np.array([
    [[[1.0, 0.1], [3.0, 0.3]]],
    [[[2.0, 0.2], [6.0, 0.2]]],
])
#: The layer's learned scale and shift, one per channel, and its epsilon (Keras' default).
BN_GAMMA = np.array([2.0, 0.5])
BN_BETA = np.array([1.0, -1.0])
BN_EPSILON = 1e-3


def _bn(x, axes=(0, 1, 2), ddof=0, eps=BN_EPSILON, gamma=BN_GAMMA, beta=BN_BETA, scale="std"):
    """Batch normalization of ``x`` with one slip or another, for the checker's comparisons."""
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, ddof=ddof, keepdims=True)
    if scale == "std":
        denominator = np.sqrt(var + eps)
    elif scale == "std+eps":
        denominator = np.sqrt(var) + eps
    else:  # "var": divided by the variance
        denominator = var + eps
    return gamma * (x - mu) / denominator + beta


def _array(value, name, shape):
    """``value`` as a float array of ``shape``, or a Feedback naming what is wrong."""
    if isinstance(value, (str, bytes)):
        return hint(f"{name} must be numbers (a numpy array), not text.")
    try:
        out = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return hint(f"{name} must be a numpy array of numbers; got {type(value).__name__}.")
    if out.shape != shape:
        if out.size == np.prod(shape):
            return out.reshape(shape)
        return hint(f"{name} must have shape {shape}, got {out.shape}: "
                    + ("one number per channel: average over the images, rows and columns, axis=(0, 1, 2)."
                       if len(shape) == 1 else "the same shape as BN_BATCH."))
    return out


def check_batch_norm(mu, var, y) -> Feedback:
    """Exercise 1: the mean and variance of each channel of :data:`BN_BATCH`, and the layer's output.

    ``mu`` and ``var`` have one number per channel (shape (2,)), computed over
    the images, rows and columns; ``y`` = ``BN_GAMMA`` · (x − mu) / √(var +
    ``BN_EPSILON``) + ``BN_BETA``, of the shape of the batch.
    """
    if is_unsolved(mu, var, y):
        return unsolved("mu, var (one number per channel) and y (the shape of BN_BATCH)")
    channels = (BN_BATCH.shape[-1],)
    right_mu = BN_BATCH.mean(axis=(0, 1, 2))
    right_var = BN_BATCH.var(axis=(0, 1, 2))
    mu_ = _array(mu, "mu", channels)
    if isinstance(mu_, Feedback):
        try:
            size = None if isinstance(mu, (str, bytes)) else np.size(mu)
        except ValueError:  # a ragged list
            size = None
        if size in (1, BN_BATCH.size // channels[0]):
            return hint(f"mu holds {size} number(s): batch normalization averages each channel over the "
                        "whole mini-batch, all images and all pixels, so one mean per channel: "
                        "BN_BATCH.mean(axis=(0, 1, 2)).")
        return mu_
    if not np.allclose(mu_, right_mu, atol=1e-6):
        if np.allclose(mu_, BN_BATCH.mean(), atol=1e-6):
            return hint("that is one mean over both channels: each channel has its own, axis=(0, 1, 2).")
        if np.allclose(mu_, BN_BATCH.mean(axis=(1, 2, 3)), atol=1e-6):
            return hint("that is one mean per image: batch normalization takes each channel over the whole "
                        "mini-batch, all images and pixels, axis=(0, 1, 2).")
        return hint(f"the mean of channel 0 is the mean of {BN_BATCH[..., 0].ravel().tolist()}, "
                    f"{right_mu[0]:g}; yours gives {mu_[0]:g} (channel 1: expected {right_mu[1]:g}, "
                    f"yours {mu_[1]:g}).")
    var_ = _array(var, "var", channels)
    if isinstance(var_, Feedback):
        return var_
    if not np.allclose(var_, right_var, rtol=1e-6, atol=1e-9):
        if np.allclose(var_, BN_BATCH.var(axis=(0, 1, 2), ddof=1), rtol=1e-6):
            return hint("you divided by n − 1 (the sample variance, ddof=1): batch normalization uses the "
                        "batch's own variance, dividing by n (np.var's default, ddof=0).")
        if np.allclose(var_, BN_BATCH.std(axis=(0, 1, 2)), rtol=1e-6):
            return hint("that is the standard deviation: var is its square, np.var (the formula takes its root).")
        if np.allclose(var_, right_var + BN_EPSILON, rtol=1e-6):
            return hint("var is the batch's variance alone: epsilon is added in the formula, not in var.")
        return hint(f"the variance of channel 0 is the mean of the squared distances from {right_mu[0]:g}, "
                    f"{right_var[0]:g}; yours gives {var_[0]:g} (channel 1: expected {right_var[1]:g}, "
                    f"yours {var_[1]:g}).")
    y_ = _array(y, "y", BN_BATCH.shape)
    if isinstance(y_, Feedback):
        return y_
    right = _bn(BN_BATCH)
    if np.allclose(y_, right, rtol=1e-6, atol=1e-9):
        return correct("each channel centred and scaled over the whole mini-batch, then γ x̂ + β. The ε matters "
                       "for channel 1, whose variance is small; Keras' BatchNormalization(epsilon=1e-3) in "
                       "training mode gives the same numbers.")
    ones, zeros = np.ones_like(BN_GAMMA), np.zeros_like(BN_BETA)
    slips = [
        (_bn(BN_BATCH, eps=0.0), "you left out epsilon: divide by √(var + ε) with ε = BN_EPSILON. For channel 1, "
                                 "whose variance is small, it makes a visible difference."),
        (_bn(BN_BATCH, scale="std+eps"), "ε goes under the root, √(var + ε), not after it, √var + ε."),
        (_bn(BN_BATCH, scale="var"), "you divided by the variance: divide by its square root, √(var + ε), so "
                                     "that each channel ends with a standard deviation of about 1."),
        (_bn(BN_BATCH, gamma=ones, beta=zeros), "that is x̂, the normalized batch: the layer then scales and "
                                                "shifts it, y = γ x̂ + β, with BN_GAMMA and BN_BETA."),
        (_bn(BN_BATCH, gamma=BN_BETA, beta=BN_GAMMA), "γ and β are swapped: γ (BN_GAMMA) scales, β (BN_BETA) "
                                                      "shifts, y = γ x̂ + β."),
        (_bn(BN_BATCH, beta=zeros), "you forgot the shift: y = γ x̂ + β, add BN_BETA."),
        (_bn(BN_BATCH, gamma=ones), "you forgot the scale: y = γ x̂ + β, multiply by BN_GAMMA."),
        (_bn(BN_BATCH, axes=(1, 2)), "you normalized each image on its own: batch normalization takes each "
                                     "channel over the whole mini-batch, axis=(0, 1, 2), as your mu does."),
        (_bn(BN_BATCH, axes=None), "you normalized both channels together: each channel has its own mean and "
                                   "variance, your mu and var."),
        (_bn(BN_BATCH, ddof=1), "you divided by n − 1 in the variance: use var as it is, dividing by n."),
    ]
    for value, message in slips:
        if np.allclose(y_, value, rtol=1e-6, atol=1e-9):
            return hint(message)
    first = tuple(int(i) for i in np.argwhere(~np.isclose(y_, right, rtol=1e-6, atol=1e-9))[0])
    return hint(f"y{list(first)} should be {right[first]:.4f} (x = {BN_BATCH[first]:g}, channel {first[-1]}); "
                f"yours is {y_[first]:.4f}. y = γ (x − μ) / √(σ² + ε) + β.")


# --------------------------------------------------------------------------
# Exercise 4 (an experiment): cross-entropy or Dice on a rare foreground
# --------------------------------------------------------------------------
#: The experiment's setting: images of RARE_SIZE x RARE_SIZE pixels, each with
#: one disk of RARE_RADIUS pixels (about 2% of the image) that is
#: RARE_CONTRAST brighter than the background, plus Gaussian noise of
#: standard deviation 1.
RARE_SIZE, RARE_RADIUS, RARE_CONTRAST = 40, 3.2, 1.0
#: The share of an image's pixels that the disc covers (about 2%, like a small nerve).
RARE_FOREGROUND = np.pi * RARE_RADIUS**2 / RARE_SIZE**2
#: Images to train on and to test on, and the training steps (Adam, full batch).
RARE_IMAGES, RARE_STEPS, RARE_LEARNING_RATE = 16, 300, 0.05
#: The losses the experiment compares.
RARE_LOSSES = ("bce", "dice")
#: How much more of the nerve the Dice loss must find than plain cross-entropy
#: for the check to pass: well under the smallest gap over many seeds
#: (tests/test_exercises_unet.py measures it).
RARE_MARGIN = 0.1


@dataclass(frozen=True)
class RareMaskFit:
    """What :func:`rare_mask_fit` returns: the scores on the test images, and one of them to look at.

    ``found`` is the share of the true mask's pixels predicted (probability
    at least 0.5), ``area_ratio`` the predicted area over the true area,
    ``dice`` the Dice of all test pixels pooled.  ``image``, ``truth`` and
    ``prediction`` are one test image (RARE_SIZE, RARE_SIZE) and its masks.
    """

    loss: str
    seed: int
    steps: int
    found: float
    area_ratio: float
    dice: float
    image: np.ndarray = field(repr=False)
    truth: np.ndarray = field(repr=False)
    prediction: np.ndarray = field(repr=False)

    def __str__(self):
        return (f"{self.loss:>4} loss: finds {self.found:.0%} of the disc's pixels, predicts {self.area_ratio:.2f}x "
                f"the true area, Dice {self.dice:.2f}")


def _rare_images(rng, n):
    rows, cols = np.mgrid[:RARE_SIZE, :RARE_SIZE]
    centres = rng.uniform(RARE_RADIUS + 1, RARE_SIZE - RARE_RADIUS - 1, (n, 2))
    masks = ((rows - centres[:, :1, None]) ** 2 + (cols - centres[:, 1:, None]) ** 2 <= RARE_RADIUS**2)
    images = rng.normal(0.0, 1.0, masks.shape) + RARE_CONTRAST * masks
    return images, masks.astype(np.uint8)


def _neighbourhoods(images):
    """Each pixel's 3x3 neighbourhood as 9 features: (images * rows * cols, 9)."""
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)), mode="edge")
    n, rows, cols = images.shape
    return np.stack([padded[:, i:i + rows, j:j + cols] for i in range(3) for j in range(3)], axis=-1).reshape(-1, 9)


def rare_mask_fit(loss: str = "bce", seed: int = 0, steps: int = RARE_STEPS) -> RareMaskFit:
    """Train a tiny segmentation network on a rare foreground with ``loss``, and score it on new images.

    The network is one 3x3 convolution with a sigmoid (9 weights and a bias:
    logistic regression on each pixel's neighbourhood), trained from zero
    weights by Adam on :data:`RARE_IMAGES` noisy images whose disk covers
    about 2% of the pixels.  ``loss`` is ``"bce"`` (binary cross-entropy,
    the mean over all pixels) or ``"dice"`` (the soft Dice loss over all
    pixels, smoothing 1).  ``seed`` draws the images.  Runs in well under a
    second.
    """
    loss = validate.choice(loss, "loss", RARE_LOSSES)
    seed = validate.non_negative_int(seed, "seed")
    steps = validate.positive_int(steps, "steps", "Adam steps")
    rng = np.random.default_rng(seed)
    images, masks = _rare_images(rng, RARE_IMAGES)
    test_images, test_masks = _rare_images(rng, RARE_IMAGES)
    features, targets = _neighbourhoods(images), masks.ravel().astype(np.float64)
    params = np.zeros(10)  # 9 weights, then the bias
    m, v = np.zeros(10), np.zeros(10)
    for k in range(1, int(steps) + 1):
        p = 1.0 / (1.0 + np.exp(-(features @ params[:9] + params[9])))
        if loss == "bce":
            dz = (p - targets) / targets.size
        else:  # 1 - (2 sum t p + 1) / (sum t + sum p + 1)
            inter, total = np.sum(targets * p), np.sum(targets) + np.sum(p) + 1.0
            dz = -(2.0 * targets * total - (2.0 * inter + 1.0)) / total**2 * p * (1.0 - p)
        grad = np.append(features.T @ dz, dz.sum())
        m, v = 0.9 * m + 0.1 * grad, 0.999 * v + 0.001 * grad**2
        params -= RARE_LEARNING_RATE * (m / (1 - 0.9**k)) / (np.sqrt(v / (1 - 0.999**k)) + 1e-8)
    prob = 1.0 / (1.0 + np.exp(-(_neighbourhoods(test_images) @ params[:9] + params[9])))
    pred = (prob >= 0.5).reshape(test_masks.shape)
    truth = test_masks != 0
    inter = np.sum(pred & truth)
    return RareMaskFit(loss, int(seed), int(steps), float(inter / truth.sum()), float(pred.sum() / truth.sum()),
                       float(2 * inter / (pred.sum() + truth.sum())), test_images[0], test_masks[0],
                       pred[0].astype(np.uint8))


def plot_rare_mask_fits(fits, axes=None):
    """One test image per fit, the true disk outlined (solid) and the prediction filled; returns the axes."""
    import matplotlib.pyplot as plt

    from .. import ultrasound as us

    expected = "a list of RareMaskFit (what rare_mask_fit returns)"
    if isinstance(fits, (str, bytes, RareMaskFit)) or not hasattr(fits, "__iter__"):
        raise TypeError(f"fits must be {expected}, got {type(fits).__name__}")
    fits = list(fits)
    if not fits:
        raise ValueError(f"fits must be {expected}, with at least one fit, got none")
    for i, fit in enumerate(fits):
        if not isinstance(fit, RareMaskFit):
            raise TypeError(f"fits must be {expected}, got {type(fit).__name__} at index {i}")
    if axes is not None:
        flat = np.atleast_1d(np.asarray(axes, dtype=object)).ravel()
        if flat.size < len(fits):
            raise ValueError(f"axes must hold one matplotlib Axes per fit ({len(fits)}), got {flat.size}")
        for ax in flat:
            if not hasattr(ax, "imshow"):
                raise TypeError(f"axes must hold matplotlib Axes, got {type(ax).__name__}")
    if axes is None:
        _, axes = plt.subplots(1, len(fits), figsize=(4.2 * len(fits), 4.6), layout="constrained")
    for ax, fit in zip(np.atleast_1d(axes), fits):
        image = (fit.image - fit.image.min()) / np.ptp(fit.image)
        us.show_masks(ax, image, nerve=fit.truth, prediction=fit.prediction,
                      title=f"{fit.loss}: finds {fit.found:.0%}")
    return axes


def check_rare_mask(bce_fit, dice_fit, finds_more) -> Feedback:
    """Exercise 4: ``bce_fit = rare_mask_fit("bce")``, ``dice_fit = rare_mask_fit("dice")`` and which finds more.

    The check tolerates any seed: it asks that the Dice fit finds at least
    :data:`RARE_MARGIN` more of the nerve's pixels than the cross-entropy
    fit, a gap far smaller than the one every seed gives.
    """
    if is_unsolved(bce_fit, dice_fit, finds_more):
        return unsolved("bce_fit and dice_fit (run rare_mask_fit with each loss), then finds_more")
    for fit, name, loss in ((bce_fit, "bce_fit", "bce"), (dice_fit, "dice_fit", "dice")):
        if not isinstance(fit, RareMaskFit):
            return hint(f"{name} must be what rare_mask_fit(\"{loss}\") returns; got {type(fit).__name__}.")
    if bce_fit.loss == "dice" and dice_fit.loss == "bce":
        return hint("swapped: bce_fit is the fit with loss \"bce\", dice_fit the one with \"dice\".")
    for fit, name, loss in ((bce_fit, "bce_fit", "bce"), (dice_fit, "dice_fit", "dice")):
        if fit.loss != loss:
            return hint(f"{name} was trained with loss \"{fit.loss}\": run rare_mask_fit(\"{loss}\").")
    for fit, name in ((bce_fit, "bce_fit"), (dice_fit, "dice_fit")):
        if fit.steps < RARE_STEPS:
            return hint(f"{name} was trained for {fit.steps} steps only: leave steps at its default, {RARE_STEPS}, "
                        "so that both fits have learned what their loss asks.")
    if bce_fit.seed != dice_fit.seed:
        return hint(f"the two fits saw different images (seeds {bce_fit.seed} and {dice_fit.seed}): use one seed "
                    "for both, so that only the loss differs.")
    if not isinstance(finds_more, str) or finds_more not in RARE_LOSSES:
        return hint(f"finds_more must be \"bce\" or \"dice\", the loss whose fit finds more of the disc; got "
                    f"{finds_more!r}.")
    gap = dice_fit.found - bce_fit.found
    if gap < RARE_MARGIN:
        return hint(f"with this seed the Dice fit found {dice_fit.found:.0%} and the cross-entropy fit "
                    f"{bce_fit.found:.0%}, closer than the experiment usually gives: run both again with "
                    "another seed.")
    if finds_more != "dice":
        return hint(f"look at found: the cross-entropy fit finds {bce_fit.found:.0%} of the disc's pixels, the "
                    f"Dice fit {dice_fit.found:.0%}.")
    return correct(f"the Dice fit finds {dice_fit.found:.0%} of the disc, plain cross-entropy {bce_fit.found:.0%}. "
                   "With 2% foreground, cross-entropy is lowest when the network says \"background\" unless it is "
                   "sure; the Dice loss counts only the disc and the predicted area, so it pays to mark more.")


# --------------------------------------------------------------------------
# Exercise 2: the small U-Net's shapes and parameters
# --------------------------------------------------------------------------
def _cpu_config():
    from ..unet import CPU_CONFIG

    return CPU_CONFIG


def _block_params(a, b, *, batch_norm=True, bias=None, bn_numbers=4, kernel=9, convs=2):
    """Parameters of a block of ``convs`` 3x3 convolutions from ``a`` to ``b`` channels (then ``b`` to ``b``)."""
    bias = (not batch_norm) if bias is None else bias
    total, channels = 0, a
    for _ in range(convs):
        total += kernel * channels * b + (b if bias else 0) + (bn_numbers * b if batch_norm else 0)
        channels = b
    return total


def unet_shapes_answer(config=None) -> tuple[tuple[int, int, int], int]:
    """The answers of Exercise 2 for ``config`` (the CPU U-Net by default).

    The bottleneck's output (rows, cols, filters) and the parameters of the
    block ``down2``, counted by hand: a 3x3 convolution from ``a`` to ``b``
    channels has ``9 a b`` weights (no bias before a batch normalization),
    a batch normalization 4 numbers per channel (γ, β, running mean and
    variance).
    """
    from ..unet import UNetConfig

    if config is not None and not isinstance(config, UNetConfig):
        raise TypeError(f"config must be a UNetConfig (such as unet.CPU_CONFIG), or None for the CPU U-Net, got "
                        f"{type(config).__name__}")
    config = config or _cpu_config()
    rows, cols = config.input_size
    f = config.filters
    bottleneck = (rows // 2**config.depth, cols // 2**config.depth, f[-1])
    return bottleneck, _block_params(f[0], f[1], batch_norm=config.batch_norm)


def check_unet_shapes(bottleneck_shape, down2_params) -> Feedback:
    """Exercise 2: the CPU U-Net's bottleneck output shape and the parameters of its block ``down2``.

    ``bottleneck_shape`` is (rows, cols, filters) (Keras' (None, rows, cols,
    filters) is accepted); ``down2_params`` one whole number.
    """
    if is_unsolved(bottleneck_shape, down2_params):
        return unsolved("bottleneck_shape (rows, cols, filters) and down2_params")
    config = _cpu_config()
    (rows, cols, filters), params = unet_shapes_answer(config)
    depth, f = config.depth, config.filters
    if isinstance(bottleneck_shape, (str, bytes)) or not hasattr(bottleneck_shape, "__len__"):
        return hint(f"bottleneck_shape must be a tuple (rows, cols, filters); got {bottleneck_shape!r}.")
    try:
        shape = tuple(bottleneck_shape)
    except TypeError:  # a 0-d array has __len__ but cannot be iterated
        return hint(f"bottleneck_shape must be a tuple (rows, cols, filters); got {bottleneck_shape!r}.")
    if len(shape) == 4 and shape[0] is None:  # Keras writes the batch size as None
        shape = shape[1:]
    if len(shape) != 3:
        return hint(f"bottleneck_shape must hold three numbers, (rows, cols, filters); yours holds {len(shape)}.")
    try:
        shape = tuple(int(v) for v in shape)
    except (TypeError, ValueError, OverflowError):
        return hint("bottleneck_shape must hold whole numbers, (rows, cols, filters).")
    in_rows, in_cols = config.input_size
    if shape != (rows, cols, filters):
        if shape == (cols, rows, filters):
            return hint("rows and columns are swapped: the input is rows x cols = "
                        f"{in_rows}x{in_cols}, and each pooling halves both.")
        if shape[:2] == (rows, cols) and shape[2] == f[-2]:
            return hint(f"the size is right, but the bottleneck doubles the filters once more: {f[-2]} -> {f[-1]} "
                        "(base_filters * 2**depth).")
        if shape[:2] == (rows, cols) and shape[2] != filters:
            return hint(f"the size is right; the filters double at each level from {f[0]}: {' -> '.join(map(str, f))}.")
        if shape[:2] == (in_rows // 2 ** (depth + 1), in_cols // 2 ** (depth + 1)):
            return hint(f"one halving too many: depth {depth} means {depth} poolings, so the bottleneck is "
                        f"{in_rows}/{2**depth} x {in_cols}/{2**depth}.")
        if shape[:2] == (in_rows // 2 ** (depth - 1), in_cols // 2 ** (depth - 1)):
            return hint(f"one halving too few: the bottleneck comes after all {depth} poolings, "
                        f"{in_rows}/{2**depth} x {in_cols}/{2**depth}.")
        if shape[:2] == (in_rows, in_cols):
            return hint(f"the 3x3 convolutions keep the size (padding 'same'), but each of the {depth} poolings "
                        "halves it.")
        return hint(f"each of the {depth} poolings halves the {in_rows}x{in_cols} input, and the filters double at "
                    f"each level from {f[0]}; yours gives {shape}.")
    if isinstance(down2_params, (bool, str, bytes)) or not np.isscalar(down2_params):
        return hint(f"down2_params must be one whole number; got {down2_params!r}.")
    try:
        n = float(down2_params)
    except (TypeError, ValueError, OverflowError):
        return hint(f"down2_params must be one whole number; got {down2_params!r}.")
    if n == params:
        return correct(f"{(rows, cols, filters)} and {params:,}: 9·{f[0]}·{f[1]} + 9·{f[1]}·{f[1]} weights, no bias, "
                       f"and 4·{f[1]} numbers in each of the two batch normalizations. The table below agrees.")
    a, b = f[0], f[1]
    slips = [
        (_block_params(a, b, bias=True), "the convolutions before a batch normalization have no bias (use_bias=False): "
                                         "β shifts anyway."),
        (_block_params(a, b, batch_norm=False, bias=False), "you left out the batch normalizations: each holds 4 "
                                                            "numbers per channel (γ, β, running mean and variance)."),
        (_block_params(a, b, batch_norm=False, bias=True), "that is the block without batch normalization: here the "
                                                           "convolutions have no bias, and each batch normalization "
                                                           "adds 4 numbers per channel."),
        (_block_params(a, b, bn_numbers=2), "Keras counts all 4 numbers per channel of a batch normalization, the "
                                            "running mean and variance too (not trained, but stored)."),
        (_block_params(b, b), f"the first convolution of down2 reads the {a} feature maps of pool1, not {b}: "
                              f"9·{a}·{b}, then 9·{b}·{b}."),
        (_block_params(a, b, kernel=1), "each filter is 3x3 on every input channel: 9·a·b weights, not a·b."),
        (_block_params(a, b, convs=1), "a block holds two convolutions, each with its batch normalization."),
        (_block_params(f[1], f[2]), "that is the block down3: down2 goes from the first level's filters to the "
                                    f"second's, {a} -> {b}."),
        (_block_params(1, a), "that is the block down1: down2 goes from the first level's filters to the second's, "
                              f"{a} -> {b}."),
    ]
    for value, message in slips:
        if n == value:
            return hint(message)
    return hint(f"down2: a 3x3 convolution {a} -> {b}, a batch normalization, a 3x3 convolution {b} -> {b}, a batch "
                f"normalization; 9 a b weights per convolution, 4 numbers per channel per batch normalization. Yours "
                f"gives {down2_params}.")
