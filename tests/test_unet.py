"""lecturekit.unet: architecture, configurations, Dice metrics, the empty-mask decision, training."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lecturekit as lk
from lecturekit import unet


# --------------------------------------------------------------------------
# Architecture and configurations
# --------------------------------------------------------------------------
def test_full_configuration_is_the_lectures_unet():
    cfg = unet.choose_config(gpus=1)
    assert cfg == unet.GPU_CONFIG
    assert cfg.input_size == (80, 112) and cfg.filters == [32, 64, 128, 256, 512]
    assert cfg.loss == "dice"
    model = unet.build_unet((*cfg.input_size, 1), cfg.depth, cfg.base_filters)
    assert model.count_params() == unet.count_parameters(cfg.depth, cfg.base_filters) == 7_759_521  # "about 7.8 M"
    assert model.input_shape == (None, 80, 112, 1) and model.output_shape == (None, 80, 112, 1)
    unet.compile_unet(model, cfg.learning_rate, cfg.loss)
    assert isinstance(model.optimizer, tf.keras.optimizers.Adam)
    assert model.loss is unet.dice_loss


def test_configuration_follows_the_gpus(monkeypatch):
    assert unet.choose_config(gpus=0) == unet.CPU_CONFIG
    two = unet.choose_config(gpus=2)
    assert two.batch_size == 2 * unet.GPU_CONFIG.batch_size and two.input_size == unet.GPU_CONFIG.input_size
    monkeypatch.setattr(unet, "gpu_count", lambda: 0)
    assert unet.choose_config() == unet.CPU_CONFIG
    monkeypatch.setattr(unet, "gpu_count", lambda: 1)
    assert unet.choose_config() == unet.GPU_CONFIG
    with pytest.raises(ValueError, match="gpus"):
        unet.choose_config(gpus=-1)


def test_this_machine_without_gpu_gets_the_cpu_configuration():
    if tf.config.list_physical_devices("GPU"):
        pytest.skip("a GPU is present")
    assert unet.gpu_count() == 0
    assert unet.choose_config() == unet.CPU_CONFIG
    strategy = unet.distribution_strategy()
    assert strategy.num_replicas_in_sync == 1
    with strategy.scope():
        model = unet.build_unet((16, 16, 1), depth=1, base_filters=2)
    assert model.count_params() == unet.count_parameters(1, 2)


@pytest.mark.parametrize("cfg", [unet.CPU_CONFIG, unet.GPU_CONFIG], ids=["cpu", "gpu"])
def test_configurations_are_consistent(cfg):
    rows, cols = cfg.input_size
    assert rows % 2**cfg.depth == 0 and cols % 2**cfg.depth == 0
    assert cfg.loss in unet.LOSSES and cfg.epochs >= 1 and cfg.time_budget_s > 0
    assert cfg.filters[-1] == cfg.base_filters * 2**cfg.depth


def test_the_cosine_schedule_decays_over_the_planned_epochs_to_a_hundredth():
    cfg = unet.CPU_CONFIG
    assert cfg.schedule == "cosine" and unet.GPU_CONFIG.schedule == "constant"
    steps = cfg.decay_steps(1000)
    assert steps == cfg.epochs * -(-1000 // cfg.batch_size)  # batches of the planned epochs, the last one partial
    assert unet.GPU_CONFIG.decay_steps(1000) is None
    model = unet.compile_unet(unet.build_unet((16, 16), 1, 2), 3e-3, "bce+dice", decay_steps=steps)
    model.optimizer.iterations.assign(0)  # Keras evaluates the schedule at the optimizer's step
    assert float(model.optimizer.learning_rate) == pytest.approx(3e-3)
    model.optimizer.iterations.assign(steps // 2)
    assert float(model.optimizer.learning_rate) == pytest.approx(3e-3 * (0.01 + 0.99 * 0.5), rel=1e-3)
    model.optimizer.iterations.assign(steps)
    assert float(model.optimizer.learning_rate) == pytest.approx(3e-5, rel=1e-3)
    constant = unet.compile_unet(unet.build_unet((16, 16), 1, 2), 3e-3, "bce+dice")
    constant.optimizer.iterations.assign(10**6)
    assert float(constant.optimizer.learning_rate) == pytest.approx(3e-3)


@pytest.mark.parametrize("depth, base, channels", [(1, 2, 1), (2, 4, 3), (3, 8, 1), (4, 16, 1)])
def test_parameter_count_formula_matches_keras(depth, base, channels):
    model = unet.build_unet((2**depth * 2, 2**depth * 3, channels), depth, base)
    assert model.count_params() == unet.count_parameters(depth, base, channels)
    # One skip connection per level: the expanding path sees the contracting path.
    assert sum("skip" in layer.name for layer in model.layers) == depth


def test_batch_norm_variant_adds_normalization_only():
    plain = unet.build_unet((16, 16), depth=2, base_filters=4)
    normed = unet.build_unet((16, 16), depth=2, base_filters=4, batch_norm=True)
    n_bn = sum(isinstance(layer, tf.keras.layers.BatchNormalization) for layer in normed.layers)
    assert n_bn == 2 * (2 * 2 + 1)  # two per block, 2 * depth + 1 blocks
    assert normed.output_shape == plain.output_shape == (None, 16, 16, 1)


def test_skip_connections_carry_the_input_to_the_output():
    # With the bottleneck's weights zeroed, the output still depends on the input:
    # the information flows through the skips.
    lk.set_seed(0, tensorflow=True)
    model = unet.build_unet((16, 16, 1), depth=2, base_filters=4)
    for layer in model.layers:
        if layer.name.startswith("bottleneck"):
            layer.set_weights([np.zeros_like(w) for w in layer.get_weights()])
    x = np.random.default_rng(0).random((2, 16, 16, 1)).astype(np.float32)
    y = model.predict(x, verbose=0)
    assert y.shape == (2, 16, 16, 1) and np.all((y > 0) & (y < 1))
    assert np.abs(y[0] - y[1]).max() > 1e-4


def test_architecture_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"divisible by 2\*\*depth = 16"):
        unet.build_unet((420, 580, 1), depth=4)
    with pytest.raises(ValueError, match="depth"):
        unet.build_unet((16, 16), depth=0)
    with pytest.raises(ValueError, match="base_filters"):
        unet.build_unet((16, 16), depth=1, base_filters=0)
    with pytest.raises(ValueError, match="input_shape"):
        unet.build_unet((16,), depth=1)


# --------------------------------------------------------------------------
# Dice
# --------------------------------------------------------------------------
def _masks(*rows_list):
    return np.array([np.array(m, dtype=np.uint8) for m in rows_list])


def test_dice_by_hand():
    t = _masks([[1, 1], [0, 0]], [[0, 0], [0, 0]], [[0, 0], [0, 0]], [[1, 0], [0, 0]])
    p = _masks([[1, 0], [0, 0]], [[0, 0], [0, 0]], [[0, 1], [0, 0]], [[0, 0], [0, 0]])
    # 2*1/(2+1); empty/empty = 1; false alarm on an empty image = 0; a missed nerve = 0
    np.testing.assert_allclose(unet.dice(t, p), [2 / 3, 1, 0, 0])
    assert unet.mean_dice(t, p) == pytest.approx((2 / 3 + 1) / 4)
    assert unet.pooled_dice(t, p) == pytest.approx(2 * 1 / (3 + 2))
    assert unet.dice(t[0], t[0]).tolist() == [1.0]
    assert unet.pooled_dice(t[1:3] * 0, t[1:3] * 0) == 1.0


def test_mean_and_pooled_dice_disagree_on_empty_images():
    # One large nerve found perfectly, nine empty images each with 5 false pixels.
    t = np.zeros((10, 20, 20), dtype=np.uint8)
    t[0, 2:18, 2:18] = 1
    p = t.copy()
    p[1:, 0, :5] = 1
    assert unet.pooled_dice(t, p) > 0.9  # the false alarms are few pixels
    assert unet.mean_dice(t, p) == pytest.approx(0.1)  # but each costs a whole image
    assert unet.mean_dice(t, unet.apply_min_area(p, 6)) == 1.0


def test_dice_thresholds_probabilities_and_accepts_channel_axis():
    t = np.zeros((1, 4, 4, 1))
    t[0, :2, :2] = 1.0
    prob = np.where(t > 0, 0.7, 0.3)
    assert unet.mean_dice(t, prob) == 1.0
    assert unet.mean_dice(t, prob - 0.25) == 0.0
    with pytest.raises(ValueError, match="same shape"):
        unet.dice(np.zeros((2, 4, 4)), np.zeros((2, 4, 5)))
    with pytest.raises(ValueError, match="y_true must have shape"):
        unet.dice(np.zeros(4), np.zeros(4))


@given(
    t=hnp.arrays(np.uint8, (3, 5, 6), elements=st.integers(0, 1)),
    p=hnp.arrays(np.uint8, (3, 5, 6), elements=st.integers(0, 1)),
)
@settings(max_examples=50, deadline=None)
def test_dice_properties(t, p):
    d = unet.dice(t, p)
    assert np.all((0 <= d) & (d <= 1))
    np.testing.assert_allclose(d, unet.dice(p, t))  # symmetric
    np.testing.assert_array_equal(unet.dice(t, t), np.ones(3))
    # Dice = 2 TP / (2 TP + FP + FN), from the confusion counts
    tp = (t & p).sum(axis=(1, 2))
    fp_fn = (t ^ p).sum(axis=(1, 2))
    expected = np.where(tp + fp_fn == 0, 1.0, 2 * tp / np.maximum(2 * tp + fp_fn, 1))
    np.testing.assert_allclose(d, expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_soft_dice_value_and_gradient(dtype):
    rng = np.random.default_rng(0)
    t = (rng.random((4, 8, 8, 1)) < 0.2).astype(dtype)
    p = tf.Variable(rng.random((4, 8, 8, 1)).astype(dtype))
    with tf.GradientTape() as tape:
        loss = unet.dice_loss(t, p)
    grad = tape.gradient(loss, p).numpy()
    pv = p.numpy()
    inter, total = np.sum(t * pv), np.sum(t) + np.sum(pv) + 1.0
    assert float(loss) == pytest.approx(1 - (2 * inter + 1) / total, rel=1e-5)
    # d/dp_i of 1 - (2 I + 1) / S is -(2 t_i S - (2 I + 1)) / S^2
    expected = -(2 * t * total - (2 * inter + 1)) / total**2
    np.testing.assert_allclose(grad, expected, rtol=1e-4, atol=1e-7)


def test_soft_dice_on_binary_and_extreme_inputs():
    t = np.zeros((2, 4, 4, 1), dtype=np.float32)
    t[0, 1:3, 1:3] = 1
    assert float(unet.soft_dice(t, tf.constant(t))) == pytest.approx(1.0)
    assert float(unet.dice_loss(t, tf.constant(t))) == pytest.approx(0.0, abs=1e-7)
    empty = np.zeros_like(t)
    assert float(unet.soft_dice(empty, tf.constant(empty))) == 1.0  # smooth: empty vs empty is perfect
    assert float(unet.soft_dice(t, tf.constant(empty))) == pytest.approx(1 / 5)
    big = np.zeros((1, 512, 512, 1), dtype=np.float32)
    value = float(unet.soft_dice(big + 1, tf.constant(big + 1)))
    assert np.isfinite(value) and value == pytest.approx(1.0)


def test_bce_dice_loss_is_larger_than_dice_loss_alone():
    t = np.zeros((1, 4, 4, 1), dtype=np.float32)
    t[0, :2] = 1
    p = tf.constant(np.full_like(t, 0.4))
    combined = float(unet.LOSSES["bce+dice"](t, p))
    bce = float(-np.mean(t * np.log(0.4) + (1 - t) * np.log(0.6)))
    assert combined == pytest.approx(float(unet.dice_loss(t, p)) + bce, rel=1e-4)
    with pytest.raises(ValueError, match="loss must be one of"):
        unet.compile_unet(unet.build_unet((16, 16), 1, 2), loss="mse")


# --------------------------------------------------------------------------
# The empty-mask decision
# --------------------------------------------------------------------------
def test_apply_min_area():
    m = np.zeros((3, 5, 5), dtype=np.uint8)
    m[0, :2, :2] = 1  # 4 pixels
    m[1, :3, :3] = 1  # 9 pixels
    out = unet.apply_min_area(m, 5)
    assert out.dtype == np.uint8
    assert out[0].sum() == 0 and out[1].sum() == 9 and out[2].sum() == 0
    np.testing.assert_array_equal(unet.apply_min_area(m, 0), m)
    with pytest.raises(ValueError, match="min_area"):
        unet.apply_min_area(m, -1)


def test_choose_min_area_drops_small_false_alarms_but_keeps_nerves():
    t = np.zeros((20, 16, 16), dtype=np.uint8)
    t[:8, 4:10, 4:12] = 1  # 8 images with a 48-pixel nerve
    prob = np.where(t > 0, 0.9, 0.1)
    prob[8:, 0, :3] = 0.8  # 12 empty images with 3-pixel false alarms
    best, scores = unet.choose_min_area(t, prob, candidates=[0, 2, 4, 10, 49, 60])
    assert scores[0] == pytest.approx(8 / 20)
    assert scores[4] == scores[10] == 1.0 and scores[49] == pytest.approx(12 / 20)
    assert best == 4  # the smallest area with the best score


# --------------------------------------------------------------------------
# Training within a budget, keeping the best weights
# --------------------------------------------------------------------------
def _toy_data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 16, 16)).astype(np.float32) * 0.2
    y = np.zeros((n, 16, 16), dtype=np.uint8)
    for i in range(0, n, 2):  # half the images hold a bright square, which is the mask
        r, c = rng.integers(0, 10, size=2)
        x[i, r : r + 6, c : c + 6] += 0.8
        y[i, r : r + 6, c : c + 6] = 1
    return x, y


class _Sabotage:
    """A progress stand-in whose callback breaks the model at the start of epoch ``at``.

    All weights become 0 and the output bias +10: the model then marks every
    pixel as nerve (a mean Dice near 0) and cannot recover in a few epochs.
    """

    def __init__(self, at):
        self.at = at

    def keras_callback(self):
        at = self.at

        class Break(tf.keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                if epoch == at:
                    self.model.set_weights([np.zeros_like(w) for w in self.model.get_weights()])
                    out = self.model.get_layer("mask")
                    out.set_weights([out.get_weights()[0], np.full_like(out.get_weights()[1], 10.0)])

        return Break()


def test_train_restores_the_best_epoch():
    lk.set_seed(0, tensorflow=True)
    x, y = _toy_data(64, 0)
    xv, yv = _toy_data(16, 1)
    model = unet.compile_unet(unet.build_unet((16, 16), depth=1, base_filters=4), 1e-2, "bce+dice")
    result = unet.train(model, x, y, xv, yv, epochs=4, time_budget_s=600, batch_size=16, progress=_Sabotage(at=2))
    assert result.epochs_run == 4 and not result.stopped_by_time
    scores = result.history["val_mean_dice"]
    assert len(scores) == 4
    assert result.best_epoch == 1 + int(np.argmax(scores)) and result.best_epoch <= 2  # the broken epochs are worse
    assert result.best_val_dice == max(scores) > scores[-1]
    # The model now holds the best epoch's weights, not the last ones.
    assert unet.mean_dice(yv, model.predict(xv[..., None], verbose=0)) == pytest.approx(result.best_val_dice)
    assert result.seconds_per_epoch > 0
    # Per epoch: the two parts of the validation Dice, and the epoch's time.
    has, nerve, empty = yv.any(axis=(1, 2)), result.history["val_dice_nerve"], result.history["val_empty_kept"]
    for epoch in range(4):
        assert scores[epoch] == pytest.approx(has.mean() * nerve[epoch] + (~has).mean() * empty[epoch])
    assert len(result.history["seconds"]) == 4 and sum(result.history["seconds"]) <= result.seconds


def test_dice_by_presence_splits_the_mean_into_images_with_and_without_a_nerve():
    truth = np.zeros((4, 4, 4), np.uint8)
    truth[0, :2, :2] = 1  # image 0: a nerve of 4 pixels; image 1 too; images 2 and 3: none
    truth[1, 2:, 2:] = 1
    pred = np.zeros_like(truth)
    pred[0, :2, :1] = 1  # 2 of its 4 pixels: Dice 2*2/(4+2) = 2/3
    pred[2, 0, 0] = 1  # one pixel on an empty image: Dice 0; image 3 left empty: 1
    parts = unet.dice_by_presence(truth, pred)
    assert parts == pytest.approx({"mean": (2 / 3 + 0 + 0 + 1) / 4, "with_nerve": (2 / 3 + 0) / 2,
                                   "without_nerve": 0.5, "empty_share": 0.5})
    assert parts["mean"] == pytest.approx(unet.mean_dice(truth, pred))
    only_empty = unet.dice_by_presence(truth[2:], pred[2:])
    assert np.isnan(only_empty["with_nerve"]) and only_empty["without_nerve"] == 0.5


def test_the_gpu_configuration_trains_on_a_tiny_input():
    """The GPU path as notebook 08 takes it, on CPU: the full model (7.8 M parameters) on 16x16 images."""
    from dataclasses import replace

    cfg = replace(unet.choose_config(gpus=1), input_size=(16, 16))
    lk.set_seed(0, tensorflow=True)
    x, y = _toy_data(8, 0)
    with unet.distribution_strategy().scope():
        model = unet.build_unet((*cfg.input_size, 1), cfg.depth, cfg.base_filters, batch_norm=cfg.batch_norm)
        unet.compile_unet(model, cfg.learning_rate, cfg.loss, decay_steps=cfg.decay_steps(len(x)))
    assert model.count_params() == 7_759_521
    result = unet.train(model, x, y, x[:4], y[:4], epochs=1, time_budget_s=cfg.time_budget_s, batch_size=4)
    assert result.epochs_run == 1 and np.isfinite(result.history["loss"][0]) and 0 <= result.best_val_dice <= 1


def test_train_stops_cleanly_at_the_time_budget():
    lk.set_seed(0, tensorflow=True)
    x, y = _toy_data(64, 0)
    model = unet.compile_unet(unet.build_unet((16, 16), depth=1, base_filters=2))
    result = unet.train(model, x, y, x[:8], y[:8], epochs=50, time_budget_s=1e-6, batch_size=16)
    assert result.stopped_by_time and result.epochs_run == 1
    assert 0 <= result.best_val_dice <= 1 and result.best_epoch == 1


def test_train_argument_errors():
    model = unet.build_unet((16, 16), depth=1, base_filters=2)
    x, y = _toy_data(4, 0)
    with pytest.raises(ValueError, match="epochs"):
        unet.train(model, x, y, x, y, epochs=0, time_budget_s=1)
    with pytest.raises(ValueError, match="time_budget_s"):
        unet.train(model, x, y, x, y, epochs=1, time_budget_s=0)
    with pytest.raises(ValueError, match="pair up"):
        unet.train(model, x, y[:3], x, y, epochs=1, time_budget_s=1)


def test_predict_masks_applies_threshold_and_min_area():
    lk.set_seed(0, tensorflow=True)
    model = unet.build_unet((16, 16), depth=1, base_filters=2)
    x, _ = _toy_data(4, 0)
    prob, masks = unet.predict_masks(model, x, threshold=0.5, min_area=0)
    assert prob.shape == masks.shape == (4, 16, 16)
    np.testing.assert_array_equal(masks, (prob >= 0.5).astype(np.uint8))
    _, none = unet.predict_masks(model, x, min_area=16 * 16 + 1)
    assert none.sum() == 0


# --------------------------------------------------------------------------
# The drawing
# --------------------------------------------------------------------------
@pytest.mark.parametrize("size, depth, base, batch_norm", [((80, 112), 4, 32, False), ((64, 88), 3, 8, True)])
def test_draw_unet_labels_every_block_with_its_size_and_filters(size, depth, base, batch_norm):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = unet.draw_unet(size, depth, base, batch_norm=batch_norm)
    texts = [t.get_text() for t in ax.texts]
    inside = "(3x3 conv + batch norm + ReLU) x 2" if batch_norm else "(3x3 conv + ReLU) x 2"
    assert f"each box: {inside}" in texts  # the drawing says what the model that trains holds
    # readable from the back of a room: at its own size the figure fits a 1280-pixel slide
    assert min(t.get_fontsize() for t in ax.texts if t.get_text()) >= unet.DIAGRAM_FONT_SIZE >= 12
    assert ax.figure.get_size_inches()[0] * ax.figure.dpi <= 1280
    for level in range(depth + 1):
        shape = f"{size[0] // 2**level}x{size[1] // 2**level}"
        # two blocks per level (contracting and expanding), one for the bottleneck
        assert texts.count(shape) == (1 if level == depth else 2)
        assert f"{base * 2**level} filters" in texts
    assert len(ax.patches) == 2 * depth + 1
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="divisible"):
        unet.draw_unet((420, 580), 4, 32)
