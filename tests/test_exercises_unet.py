"""The checkers of notebook 08's exercises: right answers pass, typical slips get a hint that names them."""
import numpy as np
import pytest

from lecturekit import ultrasound as us
from lecturekit import unet
from lecturekit.exercises.unet import (
    DECISION_IMAGES,
    DECISION_MIN_AREA,
    RLE_MASK,
    check_dice,
    check_empty_mask_decision,
    check_rle,
)

from tests.feedback import assert_correct, assert_hint, assert_unsolved


# --------------------------------------------------------------------------
# Exercise 1: the Dice coefficient
# --------------------------------------------------------------------------
def dice_coefficient(a, b):
    total = np.sum(a) + np.sum(b)
    if total == 0:
        return 1.0
    return 2 * np.sum(a * b) / total


def _inter(a, b):
    return np.sum((a != 0) & (b != 0))


def _union(a, b):
    return np.sum((a != 0) | (b != 0))


@pytest.mark.parametrize("f", [
    dice_coefficient,
    lambda a, b: float(unet.dice(a, b)[0]),  # lecturekit's own
    lambda a, b: 1.0 if not (a.any() or b.any()) else 2 * np.logical_and(a, b).sum() / (a.sum() + b.sum()),
    lambda a, b: 2 * np.sum(a & b) / max(np.sum(a) + np.sum(b), 1) if (a.any() or b.any()) else 1,
])
def test_dice_right(f):
    assert_correct(check_dice(f))


@pytest.mark.parametrize("wrong, words", [
    (lambda a, b: np.sum(a * b) / (np.sum(a) + np.sum(b)) if (a.any() or b.any()) else 1.0,
     ["forgot the factor 2", "at most 0.5"]),
    (lambda a, b: _inter(a, b) / _union(a, b) if _union(a, b) else 1.0, ["IoU", "Jaccard", "|A| + |B|"]),
    (lambda a, b: 2 * _inter(a, b) / _union(a, b) if _union(a, b) else 1.0, ["divided by the union"]),
    (lambda a, b: _inter(a, b) / a.size, ["number of pixels of the image"]),
    (lambda a, b: 2 * _inter(a, b) / a.size, ["number of pixels of the image", "|A| + |B|"]),
    (lambda a, b: np.mean(a == b), ["pixel accuracy", "background"]),
    (lambda a, b: 1 - dice_coefficient(a, b), ["one minus the Dice"]),
    # the empty masks
    (lambda a, b: 2 * np.sum(a * b) / (np.sum(a) + np.sum(b)), ["two empty masks", "0 / 0", "score 1"]),
    (lambda a, b: 2 * int(np.sum(a * b)) / (int(np.sum(a)) + int(np.sum(b))), ["two empty masks", "divides by zero"]),
    (lambda a, b: 2 * np.sum(a * b) / max(np.sum(a) + np.sum(b), 1), ["two empty masks", "returns 0", "score 1"]),
    (lambda a, b: 1.0 if np.sum(a) == 0 else dice_coefficient(a, b), ["true mask is empty but the prediction is not",
                                                                       "is 0"]),
    (lambda a, b: 1.0 if np.sum(b) == 0 else dice_coefficient(a, b), ["prediction is empty but the true mask is not"]),
    # shapes, types, errors
    (lambda a, b: 2 * np.sum(a * b, axis=0) / (np.sum(a) + np.sum(b)), ["one number", "shape (8,)"]),
    (lambda a, b: "dice", ["one number"]),
    (lambda a, b: undefined_name, ["raised NameError"]),  # noqa: F821 (the student's slip: a name never defined)
    (lambda a, b: 2 * len(set(a) & set(b)), ["raised TypeError"]),
    (lambda a, b: 0.7 if (a.any() and b.any()) else dice_coefficient(a, b), ["sharing 6", "0.571",
                                                                              "yours gives 0.700"]),
    ("2 |A ∩ B| / (|A| + |B|)", ["must be the function you wrote"]),
])
def test_dice_slips(wrong, words):
    assert_hint(check_dice(wrong), *words)


def test_dice_stub():
    def stub(a, b):
        ...

    assert_unsolved(check_dice(stub))
    assert_unsolved(check_dice(...))
    assert_unsolved(check_dice(None))


def test_dice_checker_lets_no_warning_out():
    with np.errstate(all="raise"):  # a 0/0 in the student's numpy code must not reach the notebook
        assert_hint(check_dice(lambda a, b: np.sum(a * b) * 2 / (np.sum(a) + np.sum(b))), "two empty masks")


# --------------------------------------------------------------------------
# Exercise 3: run-length encoding by hand
# --------------------------------------------------------------------------
#  0 0 1 1 0      pixel numbers, down each column:   1  5  9 13 17
#  0 1 1 1 0                                          2  6 10 14 18
#  0 1 0 0 0                                          3  7 11 15 19
#  0 1 0 0 0                                          4  8 12 16 20
RIGHT_RLE = "6 5 13 2"


def test_rle_right():
    assert us.rle_encode(RLE_MASK) == RIGHT_RLE  # the library agrees with the hand-made answer
    assert_correct(check_rle(RIGHT_RLE))
    assert_correct(check_rle(" 6  5 13 2 "))
    assert_correct(check_rle([6, 5, 13, 2]))
    assert_correct(check_rle(np.array([[6, 5], [13, 2]])))
    assert_correct(check_rle(us.rle_encode(RLE_MASK.T), RLE_MASK.T))  # another mask


@pytest.mark.parametrize("wrong, words", [
    ("3 2 7 3 12 1 17 1", ["along the rows", "row-major", "down each column"]),
    ("5 5 12 2", ["0-based", "from 1"]),
    ("2 2 6 3 11 1 16 1", ["two slips", "along the rows and from 0"]),
    ("6 10 13 14", ["\"start end\"", "length"]),
    ("5 9 12 13", ["\"start end\" pairs with 0-based"]),
    ("6 4 13 1", ["one short", "e − s + 1"]),
    ("6 3 9 2 13 2", ["does not stop at the bottom of a column", "join"]),
    ("6 5 13", ["odd number (3)"]),
    ("6 5 13 3", ["hold 8 pixels", "has 7"]),
    ("6 2 9 3 13 2", ["number the pixels 1, 2, 3"]),
    ("6 5 13 2.0", ["whole numbers"]),
    ([6.5, 5, 13, 2], ["whole numbers"]),
    ("six five", ["whole numbers"]),
    (6, ["string of numbers", "int"]),
])
def test_rle_slips(wrong, words):
    assert_hint(check_rle(wrong), *words)


def test_rle_stub():
    assert_unsolved(check_rle(...))
    assert_unsolved(check_rle(None))


# --------------------------------------------------------------------------
# Exercise 2: the empty-mask decision
# --------------------------------------------------------------------------
def _by_hand():
    """The two means computed the way the notebook's prose explains, independently of the checker."""
    truth = np.array([nerve for nerve, _, _ in DECISION_IMAGES])
    area = np.array([a for _, a, _ in DECISION_IMAGES])
    kept_dice = np.array([d if nerve else 0.0 for nerve, _, d in DECISION_IMAGES])

    def mean(keep):  # a kept prediction scores its Dice (0 on an image without a nerve); an empty one 0 or 1
        return np.mean(np.where(keep, kept_dice, np.where(truth, 0.0, 1.0)))

    return mean(area > 0), mean(area >= DECISION_MIN_AREA)


def test_decision_numbers():
    without, with_ = _by_hand()
    assert (round(without, 3), round(with_, 3)) == (0.495, 0.665)


def test_decision_right():
    assert_correct(check_empty_mask_decision(True, 0.495, 0.665))
    assert_correct(check_empty_mask_decision(np.bool_(True), 0.49, 0.67))  # two printed decimals
    assert_correct(check_empty_mask_decision(True, np.float32(0.495), np.array(0.665)))


@pytest.mark.parametrize("helps, without, with_, words", [
    (False, 0.495, 0.665, ["means are right", "helps = True"]),
    (True, 0.665, 0.495, ["swapped"]),
    (True, 49.5, 66.5, ["percentages"]),
    (True, 4.95, 6.65, ["sums", "divide by the number of images, 10"]),
    (True, 1.5, 0.665, ["between 0 and 1"]),
    (True, 0.195, 0.165, ["scored the images without a nerve 0", "scores 1"]),
    (True, 0.4875, 0.4125, ["four images with a nerve only", "all ten"]),
    (True, 0.55, 0.665, ["without the decision", "divide by 10"]),
    (True, 0.495, 0.695, ["only sees the area", "30-pixel", "0.30 becomes 0"]),
    (True, 0.495, 0.765, ["60-pixel false alarm", "kept"]),
    (True, 0.495, 0.795, ["30-pixel prediction on a nerve image", "60-pixel false alarm stays"]),
    (True, 0.495, 0.6, ["empty every prediction under 50 pixels"]),
    ("yes", 0.495, 0.665, ["True or False"]),
    (True, "0.495", 0.665, ["mean_without must be a number"]),
    (True, 0.495, [0.6, 0.7], ["mean_with must be one number"]),
])
def test_decision_slips(helps, without, with_, words):
    assert_hint(check_empty_mask_decision(helps, without, with_), *words)


def test_decision_stub():
    assert_unsolved(check_empty_mask_decision(..., ..., ...))
    assert_unsolved(check_empty_mask_decision(True, ..., ...))
    assert_unsolved(check_empty_mask_decision(True, 0.495, None))
