"""The checkers of notebook 08's exercises: right answers pass, typical slips get a hint that names them."""
import numpy as np
import pytest

from lecturekit import ultrasound as us
from lecturekit import unet
from lecturekit.exercises.unet import (
    BN_BATCH,
    BN_BETA,
    BN_EPSILON,
    BN_GAMMA,
    DECISION_IMAGES,
    DECISION_MIN_AREA,
    RARE_MARGIN,
    RARE_STEPS,
    RLE_MASK,
    check_batch_norm,
    check_dice,
    check_empty_mask_decision,
    check_rare_mask,
    check_rle,
    check_unet_shapes,
    plot_rare_mask_fits,
    rare_mask_fit,
    unet_shapes_answer,
)

from tests.feedback import assert_correct, assert_hint, assert_unsolved


# --------------------------------------------------------------------------
# Exercise 3: the Dice coefficient
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
# Exercise 6: run-length encoding by hand
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
# Exercise 5: the empty-mask decision
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


# --------------------------------------------------------------------------
# Exercise 1: batch normalization by hand
# --------------------------------------------------------------------------
MU = BN_BATCH.mean(axis=(0, 1, 2))
VAR = BN_BATCH.var(axis=(0, 1, 2))


def _bn(x, mu, var, eps=BN_EPSILON, gamma=BN_GAMMA, beta=BN_BETA):
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


Y = _bn(BN_BATCH, MU, VAR)


def test_batch_norm_numbers_by_hand():
    assert MU.tolist() == [3.0, 0.2] and np.allclose(VAR, [3.5, 0.005])
    # channel 0, x = 1: 2 * (1 - 3) / sqrt(3.501) + 1
    assert np.isclose(Y[0, 0, 0, 0], 2 * (1 - 3) / np.sqrt(3.501) + 1)


def test_batch_norm_agrees_with_keras():
    from lecturekit import framework

    tf = framework.import_tensorflow()
    layer = tf.keras.layers.BatchNormalization(epsilon=BN_EPSILON)
    layer.build(BN_BATCH.shape)
    layer.gamma.assign(BN_GAMMA)
    layer.beta.assign(BN_BETA)
    out = layer(BN_BATCH.astype(np.float32), training=True).numpy()
    assert np.allclose(out, Y, atol=1e-4)


def test_batch_norm_right():
    assert_correct(check_batch_norm(MU, VAR, Y))
    assert_correct(check_batch_norm(list(MU), tuple(VAR), Y.tolist()))
    assert_correct(check_batch_norm(MU.reshape(1, 1, 1, 2), VAR.reshape(1, 1, 1, 2), Y))  # keepdims=True


@pytest.mark.parametrize("mu, var, y, words", [
    (BN_BATCH.mean(), VAR, Y, ["1 number", "one mean per channel"]),
    (BN_BATCH.mean(axis=(1, 2, 3)), VAR, Y, ["one mean per image", "whole mini-batch"]),
    (BN_BATCH.mean(axis=(1, 2)), VAR, Y, ["4 number(s)", "whole mini-batch"]),
    (np.array([BN_BATCH.mean()] * 2), VAR, Y, ["one mean over both channels"]),
    (MU + 1, VAR, Y, ["channel 0", "3", "yours gives 4"]),
    (MU, BN_BATCH.var(axis=(0, 1, 2), ddof=1), Y, ["n − 1", "ddof=0"]),
    (MU, BN_BATCH.std(axis=(0, 1, 2)), Y, ["standard deviation"]),
    (MU, VAR + BN_EPSILON, Y, ["epsilon is added in the formula"]),
    (MU, VAR * 2, Y, ["variance of channel 0", "3.5", "yours gives 7"]),
    (MU, VAR, _bn(BN_BATCH, MU, VAR, eps=0.0), ["left out epsilon", "channel 1"]),
    (MU, VAR, BN_GAMMA * (BN_BATCH - MU) / (np.sqrt(VAR) + BN_EPSILON) + BN_BETA, ["under the root"]),
    (MU, VAR, BN_GAMMA * (BN_BATCH - MU) / (VAR + BN_EPSILON) + BN_BETA, ["divided by the variance"]),
    (MU, VAR, _bn(BN_BATCH, MU, VAR, gamma=1.0, beta=0.0), ["that is x̂", "γ x̂ + β"]),
    (MU, VAR, _bn(BN_BATCH, MU, VAR, gamma=BN_BETA, beta=BN_GAMMA), ["swapped"]),
    (MU, VAR, _bn(BN_BATCH, MU, VAR, beta=0.0), ["forgot the shift"]),
    (MU, VAR, _bn(BN_BATCH, MU, VAR, gamma=1.0), ["forgot the scale"]),
    (MU, VAR, _bn(BN_BATCH, BN_BATCH.mean(axis=(1, 2), keepdims=True), BN_BATCH.var(axis=(1, 2), keepdims=True)),
     ["each image on its own"]),
    (MU, VAR, _bn(BN_BATCH, BN_BATCH.mean(), BN_BATCH.var()), ["both channels together"]),
    (MU, VAR, _bn(BN_BATCH, MU, BN_BATCH.var(axis=(0, 1, 2), ddof=1)), ["n − 1 in the variance"]),
    (MU, VAR, Y + np.where(np.arange(Y.size).reshape(Y.shape) == 3, 0.5, 0.0), ["y[0, 0, 1, 1]", "-0.3545",
                                                                               "yours is 0.1455"]),
    (MU, VAR, Y[..., 0], ["shape (2, 1, 2, 2)"]),
    ("mu", VAR, Y, ["not text"]),
    (MU, VAR, {"y": 1}, ["numpy array of numbers"]),
])
def test_batch_norm_slips(mu, var, y, words):
    assert_hint(check_batch_norm(mu, var, y), *words)


def test_batch_norm_stub():
    assert_unsolved(check_batch_norm(..., ..., ...))
    assert_unsolved(check_batch_norm(MU, VAR, ...))
    assert_unsolved(check_batch_norm(MU, None, Y))


# --------------------------------------------------------------------------
# Exercise 4: the experiment, cross-entropy or Dice on a rare foreground
# --------------------------------------------------------------------------
SEEDS = range(30)


@pytest.fixture(scope="module")
def fits():
    return {seed: (rare_mask_fit("bce", seed), rare_mask_fit("dice", seed)) for seed in SEEDS}


def test_rare_mask_margin_holds_over_many_seeds(fits):
    """The check's margin is measured here: every seed's gap is more than twice it."""
    gaps = [dice.found - bce.found for bce, dice in fits.values()]
    assert min(gaps) >= 2 * RARE_MARGIN, gaps
    for bce, dice in fits.values():  # the Dice fit also outlines better, and predicts a larger area
        assert dice.dice > bce.dice and dice.area_ratio > bce.area_ratio
        assert bce.found < 0.3 and dice.found > 0.3


def test_rare_mask_is_seeded_and_fast():
    import time

    start = time.perf_counter()
    a, b = rare_mask_fit("dice", 3), rare_mask_fit("dice", 3)
    assert (a.found, a.dice) == (b.found, b.dice)
    assert time.perf_counter() - start < 10  # two fits; a student runs two, well under 30 s on 2 cores
    assert a.image.shape == a.truth.shape == a.prediction.shape == (40, 40)
    assert 0.015 <= a.truth.mean() <= 0.03  # about 2% foreground


def test_rare_mask_right(fits):
    for bce, dice in fits.values():
        assert_correct(check_rare_mask(bce, dice, "dice"))


@pytest.mark.parametrize("change, words", [
    (lambda b, d: (d, b, "dice"), ["swapped"]),
    (lambda b, d: (b, b, "dice"), ["dice_fit was trained with loss \"bce\""]),
    (lambda b, d: (d, d, "dice"), ["bce_fit was trained with loss \"dice\""]),
    (lambda b, d: (b, d, "bce"), ["look at found", "cross-entropy fit finds"]),
    (lambda b, d: (b, d, "Dice loss"), ["must be \"bce\" or \"dice\""]),
    (lambda b, d: (b, rare_mask_fit("dice", 0, steps=5), "dice"), ["dice_fit was trained for 5 steps only",
                                                                   str(RARE_STEPS)]),
    (lambda b, d: (b, rare_mask_fit("dice", 1), "dice"), ["different images", "seeds 0 and 1"]),
    (lambda b, d: (b.found, d, "dice"), ["bce_fit must be what rare_mask_fit(\"bce\") returns", "float"]),
])
def test_rare_mask_slips(fits, change, words):
    bce, dice = fits[0]
    assert_hint(check_rare_mask(*change(bce, dice)), *words)


def test_rare_mask_too_close_asks_for_another_seed(fits):
    import dataclasses

    bce, dice = fits[0]
    close = dataclasses.replace(dice, found=bce.found + RARE_MARGIN / 2)
    assert_hint(check_rare_mask(bce, close, "dice"), "another seed")


def test_rare_mask_stub():
    assert_unsolved(check_rare_mask(..., ..., ...))
    bce, dice = rare_mask_fit("bce"), rare_mask_fit("dice")
    assert_unsolved(check_rare_mask(bce, dice, ...))
    assert_unsolved(check_rare_mask(None, dice, "dice"))


def test_rare_mask_argument_errors():
    with pytest.raises(ValueError, match=r"unknown loss 'mse'; choose one of \['bce', 'dice'\]"):
        rare_mask_fit("mse")
    with pytest.raises(ValueError, match="seed must be a non-negative int, got 0.5"):
        rare_mask_fit("bce", seed=0.5)
    with pytest.raises(ValueError, match="steps must be a positive int"):
        rare_mask_fit("bce", steps=0)


def test_rare_mask_plot_outlines_truth_and_fills_prediction():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lecturekit import style

    style.use()
    axes = plot_rare_mask_fits([rare_mask_fit("bce"), rare_mask_fit("dice")])
    assert [ax.get_title() for ax in axes][1].startswith("dice: finds")
    # axes of one's own: one per fit at least (a spare panel is left alone)
    fig, own = plt.subplots(1, 3)
    fit = rare_mask_fit("dice", steps=5)
    assert plot_rare_mask_fits([fit, fit], own) is own
    assert [ax.get_title() for ax in own] == ["dice: finds " + f"{fit.found:.0%}"] * 2 + [""]
    with pytest.raises(ValueError, match=r"axes must hold one matplotlib Axes per fit \(2\), got 1"):
        plot_rare_mask_fits([fit, fit], own[0])
    plt.close("all")


# --------------------------------------------------------------------------
# Exercise 2: the small U-Net's shapes and parameters
# --------------------------------------------------------------------------
def test_unet_shapes_answer_agrees_with_the_keras_model():
    model = unet.build_unet((*unet.CPU_CONFIG.input_size, 1), unet.CPU_CONFIG.depth, unet.CPU_CONFIG.base_filters,
                            batch_norm=unet.CPU_CONFIG.batch_norm)
    bottleneck, down2 = unet_shapes_answer()
    assert tuple(model.get_layer("bottleneck_relu2").output.shape[1:]) == bottleneck == (8, 11, 64)
    counted = sum(layer.count_params() for layer in model.layers if layer.name.startswith("down2_"))
    assert counted == down2 == 3584
    # without batch normalization the formula is count_parameters' (biases, no batch normalization)
    no_bn = unet.UNetConfig("plain", (64, 88), 3, 8)
    plain = unet.build_unet((64, 88, 1), 3, 8)
    assert unet_shapes_answer(no_bn)[1] == sum(layer.count_params() for layer in plain.layers
                                               if layer.name.startswith("down2_"))


def test_unet_shapes_right():
    assert_correct(check_unet_shapes((8, 11, 64), 3584))
    assert_correct(check_unet_shapes((None, 8, 11, 64), 3584.0))  # as Keras prints it
    assert_correct(check_unet_shapes([8, 11, 64], np.int64(3584)))


@pytest.mark.parametrize("shape, params, words", [
    ((11, 8, 64), 3584, ["swapped", "64x88"]),
    ((8, 11, 32), 3584, ["doubles the filters once more", "32 -> 64"]),
    ((8, 11, 128), 3584, ["8 -> 16 -> 32 -> 64"]),
    ((4, 5, 64), 3584, ["one halving too many", "depth 3 means 3 poolings"]),
    ((16, 22, 64), 3584, ["one halving too few"]),
    ((64, 88, 64), 3584, ["padding 'same'", "halves it"]),
    ((7, 10, 64), 3584, ["each of the 3 poolings", "(7, 10, 64)"]),
    ((8, 11), 3584, ["three numbers", "holds 2"]),
    ("8x11x64", 3584, ["must be a tuple"]),
    ((8, 11, "sixty-four"), 3584, ["whole numbers"]),
    ((8, 11, 64), 3616, ["no bias", "use_bias=False"]),
    ((8, 11, 64), 3456, ["left out the batch normalizations", "4 numbers per channel"]),
    ((8, 11, 64), 3488, ["block without batch normalization"]),
    ((8, 11, 64), 3520, ["all 4 numbers per channel", "running mean"]),
    ((8, 11, 64), 4736, ["reads the 8 feature maps of pool1"]),
    ((8, 11, 64), 512, ["3x3 on every input channel"]),
    ((8, 11, 64), 1216, ["two convolutions"]),
    ((8, 11, 64), 14080, ["that is the block down3"]),
    ((8, 11, 64), 712, ["that is the block down1"]),
    ((8, 11, 64), 3000, ["9 a b weights per convolution", "Yours gives 3000"]),
    ((8, 11, 64), "3584", ["one whole number"]),
    ((8, 11, 64), [3584], ["one whole number"]),
])
def test_unet_shapes_slips(shape, params, words):
    assert_hint(check_unet_shapes(shape, params), *words)


def test_unet_shapes_stub():
    assert_unsolved(check_unet_shapes(..., ...))
    assert_unsolved(check_unet_shapes((8, 11, 64), ...))
    assert_unsolved(check_unet_shapes(None, 3584))
