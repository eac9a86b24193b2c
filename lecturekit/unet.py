"""The U-Net for segmentation, its Dice metrics, and training within a time budget.

* :func:`build_unet` — Ronneberger et al. (2015): a contracting path of
  (conv 3x3, ReLU) x 2 + max-pool blocks, a bottleneck, and an expanding path
  of up-convolutions whose outputs are concatenated with the contracting
  path's feature maps of the same size (skip connections), ending in a 1x1
  convolution with a sigmoid (one probability per pixel).
* Dice: :func:`dice` (numpy, one image), :func:`mean_dice` (the
  competition's score, a mean over images), :func:`dice_by_presence` (that
  mean, and its parts on images with and without a nerve),
  :func:`pooled_dice` (all pixels
  of a batch at once, what most public kernels optimize), and the soft,
  differentiable :func:`soft_dice` / :func:`dice_loss` for Keras.
* :func:`apply_min_area` / :func:`choose_min_area` — the empty-mask decision.
* :func:`choose_config` — the small CPU configuration or the lecture's full
  GPU configuration; :func:`train` fits with live progress, stops at a time
  budget and keeps the best weights.

TensorFlow is imported only inside the functions that need it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from . import validate


def _tensorflow():
    """TensorFlow, imported quietly on first use (see :mod:`lecturekit.framework`)."""
    from .framework import import_tensorflow

    return import_tensorflow()


def _keras():
    _tensorflow()  # Keras imports TensorFlow: do it quietly first
    import keras

    return keras


# --------------------------------------------------------------------------
# Argument checks (made before TensorFlow is imported or a model is touched)
# --------------------------------------------------------------------------
#: The names :data:`LOSSES` knows (the configurations below are checked against them).
_LOSS_NAMES = ("dice", "bce+dice")
#: The learning-rate schedules a configuration may name.
_SCHEDULES = ("constant", "cosine")


def _model(model, *methods):
    if not all(callable(getattr(model, m, None)) for m in methods):
        raise TypeError(f"model must be a Keras model (see build_unet), got {type(model).__name__}")


def _check_architecture(input_shape, depth, base_filters, *, name="input_shape", channels=True):
    """(rows, cols, channels) after checking the sizes; ``name`` is the argument's name in messages."""
    validate.positive_int(depth, "depth", "number of poolings")
    validate.positive_int(base_filters, "base_filters")
    forms = "(rows, cols) or (rows, cols, channels)" if channels else "(rows, cols)"
    try:
        shape = tuple(input_shape)
    except TypeError:
        shape = ()
    if isinstance(input_shape, str) or len(shape) not in ((2, 3) if channels else (2,)) or not all(
        validate.is_int(s) and s >= 1 for s in shape
    ):
        raise ValueError(f"{name} must be {forms} of positive ints, got {input_shape!r}")
    if len(shape) == 2:
        shape = (*shape, 1)
    step = 2**depth
    if shape[0] % step or shape[1] % step:
        raise ValueError(
            f"{name} {shape[:2]} must be divisible by 2**depth = {step} (each of the {depth} poolings halves it); "
            f"e.g. {(shape[0] // step * step or step, shape[1] // step * step or step)}"
        )
    return tuple(int(s) for s in shape)


# --------------------------------------------------------------------------
# Configurations
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class UNetConfig:
    """Everything that differs between a laptop CPU and a GPU run.

    ``input_size`` is (rows, cols) and must be divisible by ``2**depth``;
    ``base_filters`` doubles at each level, so the bottleneck has
    ``base_filters * 2**depth`` filters; ``loss`` is a name in :data:`LOSSES`;
    ``n_train`` and ``n_val`` are the numbers of phantoms to make when there
    is no real data.  ``epochs`` is the planned number of
    epochs; ``time_budget_s`` a safety stop (training ends at whichever comes
    first).  ``schedule`` is ``"constant"`` (Adam at ``learning_rate``
    throughout) or ``"cosine"`` (from ``learning_rate`` down to 1% of it over
    the planned epochs, see :meth:`decay_steps`).
    """

    name: str
    input_size: tuple = (80, 112)
    depth: int = 4
    base_filters: int = 32
    batch_norm: bool = False
    batch_size: int = 32
    epochs: int = 30
    time_budget_s: float = 600.0
    learning_rate: float = 1e-3
    schedule: str = "constant"
    loss: str = "dice"
    n_train: int = 4000
    n_val: int = 600

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a str, got {type(self.name).__name__}")
        _check_architecture(self.input_size, self.depth, self.base_filters, name="input_size", channels=False)
        for name in ("batch_size", "epochs", "n_train", "n_val"):
            validate.positive_int(getattr(self, name), name)
        validate.positive(self.time_budget_s, "time_budget_s", "seconds", allow_inf=True)
        validate.positive(self.learning_rate, "learning_rate")
        if self.loss not in _LOSS_NAMES:
            raise ValueError(f"loss must be one of {sorted(_LOSS_NAMES)}, got {self.loss!r}")
        if self.schedule not in _SCHEDULES:
            raise ValueError(f"schedule must be one of {list(_SCHEDULES)}, got {self.schedule!r}")

    def decay_steps(self, n_images: int) -> int | None:
        """Batches over which a ``"cosine"`` schedule decays: the planned epochs of ``n_images``.

        None for the ``"constant"`` schedule (pass it on to :func:`compile_unet`).
        """
        n_images = validate.positive_int(n_images, "n_images", "training images")
        if self.schedule == "constant":
            return None
        return self.epochs * -(-n_images // self.batch_size)

    @property
    def filters(self) -> list[int]:
        """Filters per level, from the first block to the bottleneck."""
        return [self.base_filters * 2**i for i in range(self.depth + 1)]


#: The lecture's model (Kaggle 2016 kernels): 80x112 input, 32 -> 512 filters,
#: about 7.8 M parameters, Dice loss, Adam.  For a GPU.  Adam's default rate
#: (1e-3) makes this model, with the Dice loss alone, predict nothing from
#: the second epoch on (its sigmoid saturates at 0); 1e-4 learns.
GPU_CONFIG = UNetConfig(
    name="GPU: full U-Net",
    input_size=(80, 112),
    depth=4,
    base_filters=32,
    batch_size=32,
    epochs=40,
    time_budget_s=600.0,
    learning_rate=1e-4,
    loss="dice",
    n_train=4000,
    n_val=800,
)

#: A small U-Net for 2 CPU cores: smaller images, 8 -> 64 filters, batch
#: normalization and a cross-entropy term in the loss, so that it starts
#: learning in the first epoch; a cosine learning rate, so that the last
#: epochs settle instead of jumping between solutions (with a constant rate
#: the validation Dice swings from epoch to epoch).  The planned epochs must
#: finish well inside the budget, a safety stop, even with one thread and
#: oneDNN off: ``benchmarks/bench_unet.py`` measures both (README).
CPU_CONFIG = UNetConfig(
    name="CPU: small U-Net",
    input_size=(64, 88),
    depth=3,
    base_filters=8,
    batch_norm=True,
    batch_size=16,
    epochs=6,
    time_budget_s=300.0,
    learning_rate=3e-3,
    schedule="cosine",
    loss="bce+dice",
    n_train=1500,
    n_val=300,
)


def gpu_count() -> int:
    """Number of GPUs TensorFlow can see."""
    tf = _tensorflow()

    return len(tf.config.list_physical_devices("GPU"))


def choose_config(gpus: int | None = None) -> UNetConfig:
    """The configuration for this machine: :data:`GPU_CONFIG` with a GPU, else :data:`CPU_CONFIG`.

    Parameters
    ----------
    gpus : int, optional
        Number of GPUs; asks TensorFlow when not given.  With several GPUs the
        batch grows with them (each GPU gets ``batch_size`` images).
    """
    if gpus is None:
        gpus = gpu_count()
    gpus = validate.non_negative_int(gpus, "gpus")
    if gpus == 0:
        return CPU_CONFIG
    return replace(GPU_CONFIG, batch_size=GPU_CONFIG.batch_size * int(gpus))


def distribution_strategy():
    """A ``tf.distribute`` strategy: mirrored over all GPUs when there are any.

    With no GPU this is TensorFlow's default strategy (one device), so the
    same ``with strategy.scope():`` code runs everywhere.
    """
    tf = _tensorflow()

    if tf.config.list_physical_devices("GPU"):
        return tf.distribute.MirroredStrategy()
    return tf.distribute.get_strategy()


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------
def build_unet(
    input_shape=(80, 112, 1), depth: int = 4, base_filters: int = 32, *, batch_norm: bool = False, name: str = "unet"
):
    """The U-Net as a Keras model: image (rows, cols, channels) -> probability map (rows, cols, 1).

    Parameters
    ----------
    input_shape : (rows, cols) or (rows, cols, channels)
        Both sizes divisible by ``2**depth``.
    depth : int
        Number of poolings (4 in the original U-Net).
    base_filters : int
        Filters of the first block; each level doubles them, so the
        bottleneck has ``base_filters * 2**depth`` (32 -> 512 for depth 4).
    batch_norm : bool
        Put a batch normalization between each convolution and its ReLU
        (not in the original U-Net; it helps a small net learn fast).

    Returns
    -------
    keras.Model
        With ``depth=4, base_filters=32`` it has 7,759,521 parameters for one
        input channel (see :func:`count_parameters`, which counts the model
        without batch normalization).
    """
    shape = _check_architecture(input_shape, depth, base_filters)
    keras = _keras()
    layers = keras.layers

    def double_conv(x, filters, label):
        for i in (1, 2):
            if batch_norm:  # normalize before the ReLU: faster, steadier training of a small net
                x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{label}_conv{i}")(x)
                x = layers.BatchNormalization(momentum=0.9, name=f"{label}_bn{i}")(x)
                x = layers.Activation("relu", name=f"{label}_relu{i}")(x)
            else:
                x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{label}_conv{i}")(x)
        return x

    inputs = keras.Input(shape=shape, name="image")
    x, skips = inputs, []
    for level in range(depth):  # contracting path
        x = double_conv(x, base_filters * 2**level, f"down{level + 1}")
        skips.append(x)
        x = layers.MaxPooling2D(2, name=f"pool{level + 1}")(x)
    x = double_conv(x, base_filters * 2**depth, "bottleneck")
    for level in reversed(range(depth)):  # expanding path
        filters = base_filters * 2**level
        x = layers.Conv2DTranspose(filters, 2, strides=2, padding="same", name=f"up{level + 1}_upconv")(x)
        x = layers.Concatenate(name=f"up{level + 1}_skip")([x, skips[level]])
        x = double_conv(x, filters, f"up{level + 1}")
    outputs = layers.Conv2D(1, 1, activation="sigmoid", name="mask")(x)
    return keras.Model(inputs, outputs, name=name)


def count_parameters(depth: int = 4, base_filters: int = 32, in_channels: int = 1) -> int:
    """Parameters of :func:`build_unet`, counted by hand (weights + biases).

    A 3x3 convolution from ``a`` to ``b`` channels has ``9 a b + b``
    parameters, a 2x2 up-convolution ``4 a b + b``, the final 1x1 one
    ``f + 1``.
    """
    validate.positive_int(in_channels, "in_channels")
    _check_architecture((2**depth, 2**depth, in_channels), depth, base_filters)
    f = [base_filters * 2**i for i in range(depth + 1)]
    conv3 = lambda a, b: 9 * a * b + b  # noqa: E731 - reads like the formula
    total, channels = 0, in_channels
    for level in range(depth + 1):  # contracting path and bottleneck
        total += conv3(channels, f[level]) + conv3(f[level], f[level])
        channels = f[level]
    for level in reversed(range(depth)):  # expanding path
        total += 4 * channels * f[level] + f[level]  # up-convolution
        total += conv3(2 * f[level], f[level]) + conv3(f[level], f[level])  # after the concatenation
        channels = f[level]
    return total + channels + 1


# --------------------------------------------------------------------------
# Dice (numpy): per image, mean over images, pooled
# --------------------------------------------------------------------------
def _stack(a, name):
    """``a`` as (n, rows, cols) masks or probabilities, after checking its dtype, shape and values."""
    a = np.asarray(a)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold 0/1 masks or probabilities, got dtype {a.dtype}")
    if a.ndim == 4 and a.shape[-1] == 1:
        a = a[..., 0]
    if a.ndim == 2:
        a = a[None]
    if a.ndim != 3:
        raise ValueError(
            f"{name} must have shape (n, rows, cols) (or (n, rows, cols, 1), or one (rows, cols) mask), "
            f"got {np.shape(a)}"
        )
    if a.dtype.kind == "f" and np.isnan(a).any():
        image = int(np.argwhere(np.isnan(a))[0][0])
        raise ValueError(f"{name} must hold numbers (no NaN), got NaN in image {image}; has the model diverged?")
    return a


def _as_mask_stack(a, name):
    a = _stack(a, name)
    return a != 0 if a.dtype == bool or np.issubdtype(a.dtype, np.integer) else a >= 0.5


def _true_and_pred_masks(y_true, y_pred):
    t, p = _as_mask_stack(y_true, "y_true"), _as_mask_stack(y_pred, "y_pred")
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {t.shape} and {p.shape}")
    if len(t) == 0:
        raise ValueError(f"y_true must hold at least one mask, got shape {t.shape}")
    return t, p


def dice(y_true, y_pred) -> np.ndarray:
    """Dice coefficient of each image, 2 |A ∩ B| / (|A| + |B|).

    Parameters
    ----------
    y_true, y_pred : arrays of shape (n, rows, cols) (or one (rows, cols) mask)
        Integer or boolean masks (nonzero is foreground), or probabilities
        (thresholded at 0.5).

    Returns
    -------
    float array of shape (n,)
        1 where both masks are empty (nothing to find, nothing found); 0 where
        exactly one of them is empty.
    """
    t, p = _true_and_pred_masks(y_true, y_pred)
    inter = np.sum(t & p, axis=(1, 2))
    total = np.sum(t, axis=(1, 2)) + np.sum(p, axis=(1, 2))
    return np.where(total == 0, 1.0, 2.0 * inter / np.maximum(total, 1))


def mean_dice(y_true, y_pred) -> float:
    """The competition's score: the Dice of each image, averaged over images.

    An empty prediction on an empty mask scores 1, a single predicted pixel
    on an empty mask scores 0: with 59% empty images, *deciding* whether a
    nerve is present matters as much as outlining it.
    """
    return float(np.mean(dice(y_true, y_pred)))


def pooled_dice(y_true, y_pred) -> float:
    """Dice over all pixels of all images at once (what most kernels optimize).

    Large masks dominate, and false positives on empty images cost only a few
    pixels: this number can be high while :func:`mean_dice` is low.
    """
    t, p = _true_and_pred_masks(y_true, y_pred)
    total = t.sum() + p.sum()
    return 1.0 if total == 0 else float(2.0 * np.sum(t & p) / total)


def dice_by_presence(y_true, y_pred) -> dict:
    """The mean per-image Dice, and its two parts: images with a nerve, images without.

    On an image without a nerve the Dice is 1 for an empty prediction and 0
    otherwise, so ``"without_nerve"`` is the share of those images left
    empty.  Returns ``{"mean", "with_nerve", "without_nerve", "empty_share"}``
    (the last: the share of images without a nerve); a part with no image is
    NaN.
    """
    t, _ = _true_and_pred_masks(y_true, y_pred)
    scores, has = dice(y_true, y_pred), t.any(axis=(1, 2))
    part = lambda keep: float(scores[keep].mean()) if keep.any() else float("nan")  # noqa: E731 - two uses, one line
    return {
        "mean": float(scores.mean()),
        "with_nerve": part(has),
        "without_nerve": part(~has),
        "empty_share": float(np.mean(~has)),
    }


# --------------------------------------------------------------------------
# Soft Dice for training (TensorFlow)
# --------------------------------------------------------------------------
def soft_dice(y_true, y_pred, smooth: float = 1.0):
    """Differentiable Dice of probabilities, pooled over the batch (a TF scalar).

    .. math:: \\frac{2 \\sum_i t_i p_i + s}{\\sum_i t_i + \\sum_i p_i + s}

    with the sums over all pixels of the batch; ``smooth`` (s) keeps it
    defined (and equal to 1) when both are empty.
    """
    validate.positive(smooth, "smooth")
    true_shape, pred_shape = _static_shape(y_true), _static_shape(y_pred)
    if true_shape is not None and pred_shape is not None and np.prod(true_shape) != np.prod(pred_shape):
        raise ValueError(
            f"y_true and y_pred must hold one value per pixel each, got shapes {true_shape} and {pred_shape}"
        )
    tf = _tensorflow()

    t = tf.reshape(tf.cast(y_true, y_pred.dtype), [-1])
    p = tf.reshape(y_pred, [-1])
    return (2.0 * tf.reduce_sum(t * p) + smooth) / (tf.reduce_sum(t) + tf.reduce_sum(p) + smooth)


def _static_shape(a):
    """The shape of an array or tensor as a tuple of ints, or None where it is not fully known."""
    try:
        shape = tuple(np.shape(a) if isinstance(a, (list, tuple)) else a.shape)
    except (AttributeError, TypeError, ValueError):  # no shape, or a tensor of unknown rank
        return None
    return shape if all(validate.is_int(d) for d in shape) else None


def dice_loss(y_true, y_pred):
    """1 - :func:`soft_dice`: the loss the lecture's U-Net minimizes."""
    return 1.0 - soft_dice(y_true, y_pred)


def _bce_dice_loss(y_true, y_pred):
    keras = _keras()

    bce = keras.ops.mean(keras.losses.binary_crossentropy(keras.ops.cast(y_true, y_pred.dtype), y_pred))
    return bce + dice_loss(y_true, y_pred)


#: Losses :func:`compile_unet` knows by name.
LOSSES = {"dice": dice_loss, "bce+dice": _bce_dice_loss}
assert tuple(LOSSES) == _LOSS_NAMES


def compile_unet(model, learning_rate: float = 1e-3, loss: str = "dice", *, decay_steps: int | None = None):
    """Compile with Adam, the named loss and the soft Dice as a metric.

    With ``decay_steps`` (batches; see :meth:`UNetConfig.decay_steps`) the
    learning rate follows a cosine from ``learning_rate`` down to 1% of it,
    so that the last epochs take small steps and the weights settle instead
    of jumping between solutions; without it Adam keeps ``learning_rate``.
    """
    _model(model, "compile")
    if not isinstance(loss, str) or loss not in LOSSES:
        raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {loss!r}")
    learning_rate = validate.positive(learning_rate, "learning_rate")
    if decay_steps is not None:
        decay_steps = validate.positive_int(decay_steps, "decay_steps", "batches, or None for a constant rate")
    keras = _keras()
    if decay_steps is not None:
        learning_rate = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps, alpha=0.01)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=LOSSES[loss], metrics=[soft_dice])
    return model


# --------------------------------------------------------------------------
# The empty-mask decision
# --------------------------------------------------------------------------
def apply_min_area(masks, min_area: int) -> np.ndarray:
    """Empty every mask with fewer than ``min_area`` foreground pixels.

    A few scattered pixels are more often a false alarm than a nerve; since
    one wrong pixel on an empty image scores 0, small predictions are
    dropped.  ``masks`` (n, rows, cols) of 0/1 (or bool); returns uint8 0/1.
    """
    m = _as_mask_stack(masks, "masks")
    min_area = validate.non_negative_int(min_area, "min_area", "pixels")
    keep = m.sum(axis=(1, 2)) >= max(min_area, 1)
    return (m & keep[:, None, None]).astype(np.uint8)


def choose_min_area(y_true, y_prob, candidates=None, threshold: float = 0.5):
    """The area threshold that maximizes :func:`mean_dice` on validation images.

    Parameters
    ----------
    y_true : (n, rows, cols) masks
    y_prob : (n, rows, cols) predicted probabilities
    candidates : sequence of int, optional
        Areas to try; by default 0 to 10% of the image in 41 steps.

    Returns
    -------
    best_area : int
    scores : dict {area: mean Dice}
    """
    truth, prob = _stack(y_true, "y_true"), _stack(y_prob, "y_prob")
    if truth.shape != prob.shape:
        raise ValueError(f"y_true and y_prob must have the same shape, got {truth.shape} and {prob.shape}")
    threshold = validate.fraction(threshold, "threshold")
    pred = (prob >= threshold).astype(np.uint8)
    if candidates is None:
        candidates = np.unique(np.linspace(0, 0.1 * pred.shape[1] * pred.shape[2], 41).astype(int))
    candidates = list(candidates)
    if not candidates:
        raise ValueError("candidates must hold at least one area, got none")
    for area in candidates:
        if not validate.is_int(area) or area < 0:
            raise ValueError(f"candidates must hold non-negative ints (areas in pixels), got {area!r}")
    scores = {int(a): mean_dice(y_true, apply_min_area(pred, int(a))) for a in candidates}
    best = max(scores, key=lambda a: (scores[a], -a))  # ties: the smallest area
    return best, scores


# --------------------------------------------------------------------------
# Training within a time budget
# --------------------------------------------------------------------------
@dataclass
class TrainResult:
    """What :func:`train` did: per-epoch history, best epoch, timings."""

    history: dict
    best_epoch: int
    best_val_dice: float
    epochs_run: int
    stopped_by_time: bool
    seconds: float

    @property
    def seconds_per_epoch(self) -> float:
        return self.seconds / max(self.epochs_run, 1)


def _with_channel(a, name):
    a = validate.real(a, name)
    if a.ndim == 3:
        a = a[..., None]
    if a.ndim != 4:
        raise ValueError(f"{name} must have shape (n, rows, cols) or (n, rows, cols, 1), got {a.shape}")
    return a.astype(np.float32, copy=False)


def train(
    model, x, y, x_val, y_val, *, epochs: int, time_budget_s: float, batch_size: int = 32, progress=None, seed: int = 0
):
    """Fit ``model`` for ``epochs`` epochs or until ``time_budget_s``, keeping the best weights.

    After every epoch the validation images are segmented and scored with
    the competition's :func:`mean_dice` (threshold 0.5); the weights of the
    best epoch are restored at the end.  The history holds, per epoch, the
    training ``loss``, ``val_mean_dice``, ``val_soft_dice`` (pooled),
    ``val_dice_nerve`` (mean Dice of the validation images with a nerve) and
    ``val_empty_kept`` (the share of those without one predicted empty),
    and ``seconds``, the epoch's wall time with its validation.
    Training stops early, cleanly at an
    epoch end, when the next epoch (as long as the mean epoch so far) would
    not fit in the budget, or at once if a single epoch overruns it.

    Parameters
    ----------
    model : keras.Model, compiled (see :func:`compile_unet`)
    x, y : (n, rows, cols[, 1]) training images in [0, 1] and 0/1 masks
    x_val, y_val : the same for validation
    epochs : int
        The planned number of epochs (the deterministic stop on a CPU).
    time_budget_s : float
        A safety stop in seconds of training time.
    progress : lecturekit.progress.TrainingProgress, optional
        Shows a live line per batch and epoch.

    Returns
    -------
    TrainResult
    """
    _model(model, "fit", "predict", "get_weights", "set_weights")
    epochs = validate.positive_int(epochs, "epochs")
    validate.positive(time_budget_s, "time_budget_s", "seconds", allow_inf=True)
    batch_size = validate.positive_int(batch_size, "batch_size")
    if progress is not None and not callable(getattr(progress, "keras_callback", None)):
        raise TypeError(f"progress must be a TrainingProgress (or None), got {type(progress).__name__}")
    x, y = _with_channel(x, "x"), _with_channel(y, "y")
    x_val, y_val = _with_channel(x_val, "x_val"), _with_channel(y_val, "y_val")
    for images, masks, a, b in ((x, y, "x", "y"), (x_val, y_val, "x_val", "y_val")):
        if len(images) != len(masks):
            raise ValueError(
                f"{a} and {b} (images and masks) must pair up: got {len(images)} images and {len(masks)} masks"
            )
        if len(images) == 0:
            raise ValueError(f"{a} must hold at least one image, got shape {images.shape}")
    keras = _keras()

    start = time.perf_counter()
    state = {"best": -1.0, "best_epoch": -1, "weights": None, "by_time": False, "epoch_times": []}

    class BudgetAndBest(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self._t0 = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            if time.perf_counter() - start > time_budget_s:  # a single epoch overran the budget
                state["by_time"] = True
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            prob = self.model.predict(x_val, batch_size=2 * batch_size, verbose=0)
            parts = dice_by_presence(y_val, prob)
            score = parts["mean"]
            if logs is not None:
                logs["val_soft_dice"] = float((2 * np.sum(y_val * prob) + 1) / (np.sum(y_val) + np.sum(prob) + 1))
                logs["val_mean_dice"] = score
                logs["val_dice_nerve"] = parts["with_nerve"]
                logs["val_empty_kept"] = parts["without_nerve"]
            if score > state["best"]:
                state.update(best=score, best_epoch=epoch, weights=self.model.get_weights())
            state["epoch_times"].append(time.perf_counter() - self._t0)
            elapsed = time.perf_counter() - start
            if epoch + 1 < epochs and elapsed + np.mean(state["epoch_times"]) > time_budget_s:
                state["by_time"] = True
                self.model.stop_training = True

    callbacks = [BudgetAndBest()]
    if progress is not None:
        callbacks.append(progress.keras_callback())
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))  # shuffle once here; Keras shuffles each epoch with its seeded RNG
    hist = model.fit(
        x[order], y[order], epochs=int(epochs), batch_size=batch_size,
        shuffle=True, callbacks=callbacks, verbose=0,
    )
    if state["weights"] is not None:
        model.set_weights(state["weights"])
    seconds = time.perf_counter() - start
    history = {k: [float(v) for v in vals] for k, vals in hist.history.items()}
    history["seconds"] = [float(t) for t in state["epoch_times"]]
    return TrainResult(
        history=history,
        best_epoch=state["best_epoch"] + 1,
        best_val_dice=float(state["best"]),
        epochs_run=len(state["epoch_times"]),
        stopped_by_time=state["by_time"],
        seconds=seconds,
    )


def predict_masks(model, x, *, threshold: float = 0.5, min_area: int = 0, batch_size: int = 64):
    """Probabilities and final 0/1 masks (threshold, then the empty-mask decision).

    Returns ``(prob, masks)``, both (n, rows, cols).
    """
    _model(model, "predict")
    x = _with_channel(x, "x")
    threshold = validate.fraction(threshold, "threshold")
    min_area = validate.non_negative_int(min_area, "min_area", "pixels")
    batch_size = validate.positive_int(batch_size, "batch_size")
    prob = model.predict(x, batch_size=batch_size, verbose=0)[..., 0]
    return prob, apply_min_area((prob >= threshold).astype(np.uint8), min_area)


# --------------------------------------------------------------------------
# A drawing of the architecture
# --------------------------------------------------------------------------
#: The smallest text (points) of :func:`draw_unet` at its own size, which
#: fits a 1280-pixel slide unscaled: readable from the back of a room.
DIAGRAM_FONT_SIZE = 13


def draw_unet(input_size=(80, 112), depth: int = 4, base_filters: int = 32, ax=None, *, batch_norm: bool = False):
    """Draw the U: one box per block (size and filters), pooling, up-convolutions and skips.

    ``batch_norm`` says what each box holds, as in :func:`build_unet`:
    (3x3 conv + ReLU) x 2, or (3x3 conv + batch norm + ReLU) x 2.  Text is at
    least :data:`DIAGRAM_FONT_SIZE` points.  Returns the matplotlib Axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba

    from .style import PALETTE

    _check_architecture(input_size, depth, base_filters, name="input_size")
    batch_norm = bool(validate.flag(batch_norm, "batch_norm"))
    rows, cols = input_size[:2]
    dx, w, h = 1.7, 1.45, 0.72  # horizontal step between levels, box size
    size = DIAGRAM_FONT_SIZE
    xlim = (-w / 2 - 0.1, 2 * depth * dx + w / 2 + 0.1)
    ylim = (-depth - 0.85, h / 2 + 0.5)
    if ax is None:
        aspect = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
        _, ax = plt.subplots(figsize=(12, 12 * aspect), layout="constrained")
    arrow = dict(arrowstyle="-|>", lw=2.0, shrinkA=0, shrinkB=0)

    def block(x, level, label=""):
        ax.add_patch(plt.Rectangle((x - w / 2, -level - h / 2), w, h, facecolor=to_rgba(PALETTE["sky"], 0.25),
                                   edgecolor=PALETTE["blue"], lw=1.4))
        ax.text(x, -level + 0.15, f"{rows // 2**level}x{cols // 2**level}", ha="center", va="center", fontsize=size)
        filters = f"{base_filters * 2**level} filters"
        ax.text(x, -level - 0.17, filters, ha="center", va="center", fontsize=size, color=PALETTE["blue"])
        if label:
            ax.text(x, -level + h / 2 + 0.06, label, ha="center", va="bottom", fontsize=size)

    for level in range(depth):
        left, right = level * dx, (2 * depth - level) * dx
        block(left, level, "input image" if level == 0 else "")
        block(right, level, "1x1 conv + sigmoid: mask" if level == 0 else "")
        ax.annotate("", (left + dx - w / 4, -level - 1 + h / 2), (left + w / 4, -level - h / 2),
                    arrowprops=dict(color=PALETTE["vermillion"], **arrow))
        ax.annotate("", (right - w / 4, -level - h / 2), (right - dx + w / 4, -level - 1 + h / 2),
                    arrowprops=dict(color=PALETTE["green"], **arrow))
        skip = dict(color=to_rgba(PALETTE["black"], 0.6), ls="--", **arrow)
        ax.annotate("", (right - w / 2, -level), (left + w / 2, -level), arrowprops=skip)
    block(depth * dx, depth, "")
    ax.text(depth * dx, -depth - h / 2 - 0.08, "bottleneck", ha="center", va="top", fontsize=size)
    inside = "3x3 conv + batch norm + ReLU" if batch_norm else "3x3 conv + ReLU"
    notes = [  # the arrows are told apart by direction and line style, not by colour alone
        f"each box: ({inside}) x 2",
        "solid arrow down: max pool 2x2",
        "solid arrow up: up-conv 2x2",
        "dashed: skip, copy and concatenate",
    ]
    for i, text in enumerate(notes):
        ax.text(-w / 2, -depth + 0.45 - 0.36 * i, text, color=PALETTE["black"], fontsize=size, va="top")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
