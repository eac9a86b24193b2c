# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 08 · The U-Net, live: finding nerves in ultrasound images
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/08_unet.ipynb)
#
# *Neural networks and deep learning*, lecture 8 of 8.
#
# **What you will learn**
#
# - segmentation: a network that outputs a mask, one probability per pixel, instead of one label per image;
# - the U-Net: a contracting path, a bottleneck and an expanding path joined by skip connections, and the batch
#   normalization that lets a small one learn in a few epochs;
# - the Dice coefficient, the Dice loss, and why the competition's *mean per-image* Dice rewards deciding whether
#   there is a nerve at all;
# - training live within a time budget, on a laptop CPU or, automatically, on a GPU with the full model;
# - how far simulated images are from the real ones.
#
# Three exercises check themselves as you go: the Dice coefficient, the empty-mask decision on ten images, and
# the run-length encoding of a tiny mask. Each worked solution sits collapsed under its exercise: try first, then
# open it.

# %% slideshow={"slide_type": "skip"}
# Colab set-up: installs lecturekit and enables widgets there; does nothing elsewhere.
import sys

if "google.colab" in sys.modules:
    import subprocess
    import time
    from importlib.metadata import distributions

    colab_versions = {d.metadata["Name"].lower(): d.version for d in distributions()}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "lecturekit[tf] @ git+https://github.com/lecturekit/lecturekit@main"], check=True)
    import lecturekit.launch

    lecturekit.launch.setup_colab(colab_versions, time.perf_counter() - start)

# %% slideshow={"slide_type": "skip"}
import matplotlib.pyplot as plt
import numpy as np

import lecturekit as lk
from lecturekit import ultrasound as us
from lecturekit import unet
from lecturekit.exercises.unet import DECISION_IMAGES, DECISION_MIN_AREA, RLE_MASK
from lecturekit.exercises.unet import check_dice, check_empty_mask_decision, check_rle
from lecturekit.progress import TrainingProgress

tf = lk.framework.import_tensorflow()  # quietly: no start-up log spam
rng = lk.set_seed(0, tensorflow=True)
lk.style.use()  # figures readable when projected

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The task
#
# For a **nerve block**, an anaesthetist places a catheter next to a nerve and numbs it, an alternative to opioids
# for pain after surgery. The nerve (here the brachial plexus, in the neck) is found on an ultrasound image,
# which takes skill: the nerve is small, grainy and easy to confuse with its neighbours.
#
# The Kaggle competition *Ultrasound Nerve Segmentation* (2016) asked for a program that marks the nerve [1]:
# **5635 training images** of 420×580 pixels from **47 patients**, each with an expert's mask, and **5508 test
# images** without masks [1, 5]. In its `train_masks.csv`, only **2323** training images (41%) show the nerve; when
# it is there it covers 2.1–3.9% of the image (10th to 90th percentile of the masks), centred about a third of the
# way down. Submissions were scored by the Dice averaged over the images of the test set [1].

# %% [markdown] slideshow={"slide_type": "-"}
# > **The slide says** about 47% of the images have no mask (as a review of the competition put it [5]).
# >
# > **In fact** `train_masks.csv` has an empty mask for 3312 of the 5635 training images: **58.8%**. The share
# > matters below: predicting *nothing* on every image already scores it on the competition's metric.

# %% slideshow={"slide_type": "-"}
empty = us.KAGGLE_TRAIN_IMAGES - us.KAGGLE_TRAIN_WITH_NERVE
print(f"train_masks.csv: {us.KAGGLE_TRAIN_IMAGES} images of {us.KAGGLE_SUBJECTS} subjects, "
      f"{us.KAGGLE_TRAIN_WITH_NERVE} with a nerve, {empty} empty ({empty / us.KAGGLE_TRAIN_IMAGES:.1%})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The images may not be redistributed. This notebook uses them when you have downloaded them (see
# `lecturekit.ultrasound`, then set `LECTUREKIT_NERVE_DIR`); otherwise, as here, it makes **phantoms**: simulated
# scans with the real masks' statistics and some of the real difficulties: speckle, attenuation with depth, tissue
# layers, a faint nerve, smaller **decoys** that look like one, an artery, and the real share of images without a
# nerve.
#
# The configuration follows the machine: with a GPU, the lecture's full U-Net on 80×112 images; on a CPU, a small
# U-Net on smaller images, planned to finish well within its time budget on a laptop.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
config = unet.choose_config()
folder = us.nerve_dir()
print(lk.framework.device_summary())
print(f"{config.name}: {config.input_size[0]}x{config.input_size[1]} input, filters "
      f"{config.filters[0]} -> {config.filters[-1]}, {config.loss} loss, {config.epochs} epochs, "
      f"{config.schedule} learning rate from {config.learning_rate:g} (safety stop at {config.time_budget_s:.0f} s)")

if folder is None:
    print("No real data (LECTUREKIT_NERVE_DIR is not set): using phantoms.")
    x_train, y_train = us.make_phantoms(config.n_train, config.input_size, seed=1)
    x_val, y_val = us.make_phantoms(config.n_val, config.input_size, seed=2)
    x_test, y_test, arteries, decoys = us.make_phantoms(400, config.input_size, seed=3, arteries=True, decoys=True)
else:
    data = us.load_nerve(folder, size=config.input_size)
    x_train, y_train = data.x_train, data.y_train
    # Held-out patients: half for choosing (best epoch, empty-mask threshold), half for the final score.
    choose, final = us.split_by_subject(data.subjects_val, 0.5, seed=1)
    x_val, y_val, x_test, y_test = data.x_val[choose], data.y_val[choose], data.x_val[final], data.y_val[final]
    arteries = decoys = None

p10, p90 = us.NERVE_AREA_P10_P90
print(f"\n{'':<20}{'images':>7}{'with a nerve':>14}{'nerve area p10-p90':>20}{'centre depth':>14}")
print(f"{'Kaggle training set':<20}{us.KAGGLE_TRAIN_IMAGES:>7}{us.NERVE_FRACTION:>14.0%}"
      f"{f'{p10:.1%} - {p90:.1%}':>20}{us.NERVE_DEPTH:>14.2f}")
for name, y in (("training", y_train), ("validation", y_val), ("test", y_test)):
    has = y.any(axis=(1, 2))
    area = np.percentile(y[has].mean(axis=(1, 2)), [10, 90])
    depth = np.mean([np.nonzero(m)[0].mean() / m.shape[0] for m in y[has]])  # the mask's centre, 0 at the top
    print(f"{name:<20}{len(y):>7}{has.mean():>14.0%}{f'{area[0]:.1%} - {area[1]:.1%}':>20}{depth:>14.2f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Looking at the images
#
# Can you find the nerve? The top row shows four images as the scanner shows them; the bottom row the same images
# with the expert's mask outlined in green. In the phantoms, a red dashed circle marks an **artery**, dark and
# round like the nerve but without the nerve's bright rim and its honeycomb of fascicles, and an orange dotted
# outline a **decoy**: a smaller cluster of fascicles with at most a faint rim. Neither may be marked. The last
# image has no nerve at all.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
def outline(ax, mask, color, style="-", width=2.0):
    """Draw the contour of a 0/1 mask (nothing for an empty or missing mask)."""
    if mask is not None and mask.any():
        ax.contour(mask, levels=[0.5], colors=color, linewidths=width, linestyles=style)


def outline_confounders(ax, i):
    """The artery (red, dashed) and the decoy (orange, dotted) of test image i, where there are any."""
    outline(ax, None if arteries is None else arteries[i], "red", "--")
    outline(ax, None if decoys is None else decoys[i], "orange", ":", 2.5)


has_nerve = y_test.any(axis=(1, 2))
with_decoy = np.zeros(len(y_test), bool) if decoys is None else decoys.any(axis=(1, 2))
show = np.concatenate([np.flatnonzero(has_nerve)[:3], np.flatnonzero(~has_nerve & with_decoy)[:1]])
fig, axes = plt.subplots(2, 4, figsize=(14, 5.6), layout="constrained")
for col, i in enumerate(show):
    for ax in axes[:, col]:
        ax.imshow(x_test[i], cmap="gray", vmin=0, vmax=1)
        ax.axis("off")
    outline(axes[1, col], y_test[i], "lime")
    outline_confounders(axes[1, col], i)
    axes[0, col].set_title(f"image {i}")
    axes[1, col].set_title("nerve" if has_nerve[i] else "no nerve")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Up close (phantoms): the nerve is a cluster of dark fascicles separated by brighter septa, wrapped in a bright
# rim (the epineurium); the decoy is a smaller cluster with a fainter rim or none; the artery is dark inside and
# has no rim. The grain everywhere is **speckle**, the interference pattern of ultrasound echoes.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
if arteries is not None:
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.6), layout="constrained")
    for ax, masks, name, color, style in ((axes[0], y_test, "nerve", "lime", "-"), (axes[1], decoys, "decoy", "orange", ":"),
                                          (axes[2], arteries, "artery", "red", "--")):
        # the first image where the structure fits the 24x32 window (one decoy, not two far apart)
        i = next(i for i in np.flatnonzero(masks.any(axis=(1, 2))) if np.ptp(np.nonzero(masks[i])[1]) < 28)
        rows_, cols_ = np.nonzero(masks[i])
        r0 = int(np.clip(rows_.mean() - 12, 0, masks.shape[1] - 24))
        c0 = int(np.clip(cols_.mean() - 16, 0, masks.shape[2] - 32))
        ax.imshow(x_test[i][r0:r0 + 24, c0:c0 + 32], cmap="gray", vmin=0, vmax=1)
        outline(ax, masks[i][r0:r0 + 24, c0:c0 + 32], color, style, 3)
        ax.set_title(f"{name} (image {i}, zoomed in)")
        ax.axis("off")
    plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** the decoys are smaller than the nerves and their rim is fainter, but the speckle hides both cues on
# many images. What could an expert use that a single frame does not show?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Motion. The anaesthetist moves the probe and watches a video: the nerve's fascicles can be followed along the
# neck, an artery pulses (and Doppler shows its flow), and structures slide against each other. The competition's
# masks were drawn with that context, which is one reason why near-identical single frames sometimes have a mask
# and sometimes not.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The U-Net
#
# Ronneberger, Fischer and Brox (2015) designed the U-Net for biomedical images [2].
#
# - The **contracting path** is a CNN like the one of lecture 6: two 3×3 convolutions with ReLU (in the small CPU
#   model with a batch normalization before each ReLU; see below), then a 2×2 max pooling, again and again. The
#   image shrinks and the number of feature maps doubles: *what* is there.
# - The **bottleneck** sees the whole image at a coarse resolution.
# - The **expanding path** undoes the pooling with *up-convolutions* (transposed 2×2 convolutions with stride 2)
#   and halves the number of feature maps at each step: back to *where*.
# - **Skip connections** copy each contracting level's feature maps across and concatenate them with the
#   expanding path's, so the fine details lost by pooling come back for the outline.
# - A final 1×1 convolution with a sigmoid gives each pixel a probability of being nerve.

# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
unet.draw_unet(config.input_size, config.depth, config.base_filters, batch_norm=config.batch_norm)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# `lecturekit.unet.build_unet` builds it with the depth (number of poolings), the number of filters of the first
# level and the input size as parameters. Its parameters come from the convolutions only: a 3×3 convolution from
# $a$ to $b$ channels has $9ab + b$ of them, whatever the image size. We build the model inside a
# `tf.distribute` strategy's scope: with several GPUs, each one then trains on a part of every batch.

# %% slideshow={"slide_type": "-"}
strategy = unet.distribution_strategy()
with strategy.scope():
    model = unet.build_unet((*config.input_size, 1), config.depth, config.base_filters, batch_norm=config.batch_norm)
    unet.compile_unet(model, config.learning_rate, config.loss, decay_steps=config.decay_steps(len(x_train)))

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# Block by block, the small U-Net's output shapes and parameters: the image shrinks down to the bottleneck and
# grows back, while the number of feature maps does the opposite.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
print(f"{'block':<12} {'output shape':<20} {'parameters':>10}")
blocks = {}
for layer in model.layers:
    block = layer.name.split("_")[0]
    blocks.setdefault(block, [str(layer.output.shape), 0])
    blocks[block] = [str(layer.output.shape), blocks[block][1] + layer.count_params()]
for block, (shape, n) in blocks.items():
    print(f"{block:<12} {shape:<20} {n:>10,}")
print(f"{'total':<33} {model.count_params():>10,}  on {strategy.num_replicas_in_sync} device(s)")

full = unet.GPU_CONFIG
print(f"the lecture's full U-Net ({full.input_size[0]}x{full.input_size[1]}, {full.filters[0]} -> {full.filters[-1]} "
      f"filters): {unet.count_parameters(full.depth, full.base_filters):,} parameters")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Batch normalization
#
# The small CPU U-Net puts a **batch normalization** (Ioffe and Szegedy, 2015 [3]) between each convolution and its
# ReLU. During training it takes each feature map (channel) over the whole mini-batch, all images and all pixels,
# subtracts its mean $\mu_B$, divides by its standard deviation, then scales and shifts with two learned numbers
# per channel, $\gamma$ and $\beta$:
#
# $$\hat x = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad y = \gamma\,\hat x + \beta .$$
#
# Each layer then sees inputs of a steady scale however the weights before it change, which allows a larger
# learning rate: a small network learns in a few epochs. A prediction must not depend on which other images share
# its batch, so at prediction time the layer uses running averages of $\mu_B$ and $\sigma_B^2$ collected during
# training instead. Each batch normalization thus holds four numbers per channel, of which only $\gamma$ and
# $\beta$ are trained; the convolution before it needs no bias, since $\beta$ shifts anyway.

# %% slideshow={"manual": true, "slide_type": "subslide"}
demo = np.random.default_rng(7)
batch = demo.normal([3.0, -1.0, 0.5], [2.0, 0.5, 4.0], size=(16, 8, 8, 3))  # 16 images, 8x8 pixels, 3 channels
mu, var = batch.mean(axis=(0, 1, 2)), batch.var(axis=(0, 1, 2))  # one mean and variance per channel
normalized = (batch - mu) / np.sqrt(var + 1e-3)
print("per channel, before:  mean", np.round(mu, 2), " std", np.round(np.sqrt(var), 2))
print("per channel, after:   mean", np.round(normalized.mean(axis=(0, 1, 2)), 2) + 0.0,
      " std", np.round(normalized.std(axis=(0, 1, 2)), 2))

bn_layers = [layer for layer in model.layers if "_bn" in layer.name]
trained = sum(w.numpy().size for layer in bn_layers for w in layer.trainable_weights)
running = sum(w.numpy().size for layer in bn_layers for w in layer.non_trainable_weights)
print(f"the CPU U-Net's {len(bn_layers)} batch normalizations: {trained} trained numbers (gamma, beta), "
      f"{running} running averages (mean, variance)")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
keras_bn = tf.keras.layers.BatchNormalization(epsilon=1e-3)(batch.astype(np.float32), training=True).numpy()
assert np.allclose(keras_bn, normalized, atol=1e-4)
print("Keras' BatchNormalization layer, in training mode, gives the same numbers.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** what would the U-Net's outlines look like without the skip connections?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Blurry and blocky. Everything the expanding path knows would then come through the bottleneck, which sees the
# image at 1/8 (here) or 1/16 (the full model) of its size: it can say *that* there is a nerve and roughly where,
# but the up-convolutions have to invent the outline. The skip connections hand over the full-resolution feature
# maps of the contracting path, which still know where each edge was.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How a segmentation is scored: Dice
#
# For a true mask $A$ and a predicted mask $B$, the **Dice coefficient** is
#
# $$\mathrm{Dice}(A, B) = \frac{2\,|A \cap B|}{|A| + |B|},$$
#
# 1 for a perfect outline, 0 for no overlap. The competition took the Dice of **each image** and averaged over
# images, with a convention that matters here: if both masks are empty, the Dice is 1; if the nerve is absent but a
# single pixel is predicted, it is 0. Many public solutions instead optimized the Dice of all pixels of a batch at
# once (*pooled*), where an empty image costs almost nothing. Two trivial "models" show the difference:

# %% slideshow={"slide_type": "-"}
nothing = np.zeros_like(y_test)
blob = np.zeros_like(y_test)
rows, cols = y_test.shape[1:]
blob[:, rows // 4: rows // 2, cols // 4: 3 * cols // 4] = 1  # a box where nerves usually are, on every image

print(f"{'prediction':<24} {'mean per-image Dice':>20} {'pooled Dice':>12}")
for name, pred in (("nothing, anywhere", nothing), ("a box where nerves are", blob), ("the true masks", y_test)):
    print(f"{name:<24} {unet.mean_dice(y_test, pred):>20.3f} {unet.pooled_dice(y_test, pred):>12.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Predicting *nothing* already scores the share of empty images on the competition's metric (the first row), and 0
# pooled. So a model must both outline nerves well *and* keep quiet on images without one.
#
# For training we need a differentiable version: the **soft Dice** uses the probabilities $p_i$ instead of 0/1
# predictions, over all pixels $i$ of a batch, and the **Dice loss** is one minus it,
#
# $$L_\text{Dice} = 1 - \frac{2 \sum_i t_i p_i + s}{\sum_i t_i + \sum_i p_i + s},$$
#
# with targets $t_i \in \{0, 1\}$ and a small $s$ (here 1) so that an empty image with an empty prediction
# scores 1. Background pixels enter it only through $\sum_i p_i$, the predicted area, unlike cross-entropy, which
# gives every one of the background pixels a term of its own. The lecture's full model is trained with it; the
# small CPU model adds a cross-entropy term, which gives useful gradients from the first step, and batch
# normalization, so that it learns in a few epochs.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: the Dice coefficient
#
# Write `dice_coefficient(a, b)` for two 0/1 masks `a` (the truth) and `b` (the prediction) of the same shape,
# as numpy arrays. It returns one number, $2\,|A \cap B| / (|A| + |B|)$, and follows the competition's convention
# for empty masks. (Hint: `np.sum(a * b)` counts the pixels where both are 1.)

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def dice_coefficient(a, b):
    """The Dice coefficient of two 0/1 masks of the same shape."""
    ...  # your code: return one number


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def dice_coefficient(a, b):
    """The Dice coefficient of two 0/1 masks of the same shape."""
    total = np.sum(a) + np.sum(b)
    if total == 0:  # nothing to find, nothing found
        return 1.0
    return 2 * np.sum(a * b) / total


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_dice(dice_coefficient)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** another common overlap score is the IoU (intersection over union, the Jaccard index),
# $|A \cap B| / |A \cup B|$. Can the Dice prefer one prediction of an image while the IoU prefers another?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Not for one image. Since $|A| + |B| = |A \cup B| + |A \cap B|$, the Dice is $2\,\mathrm{IoU} / (1 + \mathrm{IoU})$,
# an increasing function of the IoU: both rank the predictions of one image the same way, and the Dice is the
# larger of the two (except at 0 and 1). Averages over many images can rank two models differently, though,
# because the function is not linear.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Training, live
#
# After each epoch the validation images are segmented and scored with the competition's metric; the weights of
# the best epoch are kept. The small CPU model's learning rate falls along a cosine [7], from its starting value
# (printed above) to a hundredth of it at the last planned epoch: big steps while the network finds the nerves,
# small ones at the end, so that the weights settle. With a constant rate the same model's validation Dice fell back
# from one epoch to the next in some runs and ended lower in every one (measured by `benchmarks/bench_unet.py`;
# see the README). Training stops after the planned epochs; the time budget is only a safety stop for a slow
# machine. The progress line shows the training loss, the validation Dice, the time per epoch and the time left.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
progress = TrainingProgress(config.epochs, config.name, time_budget_s=config.time_budget_s)
result = unet.train(model, x_train, y_train, x_val, y_val, epochs=config.epochs,
                    time_budget_s=config.time_budget_s, batch_size=config.batch_size, progress=progress)
print(f"{result.epochs_run} of {config.epochs} planned epochs in {result.seconds:.0f} s "
      f"({result.seconds_per_epoch:.1f} s per epoch)"
      f"{', stopped by the time budget' if result.stopped_by_time else ''}")
history = result.history
print(f"best epoch {result.best_epoch}: validation mean per-image Dice {result.best_val_dice:.3f} "
      f"(last epoch {history['val_mean_dice'][-1]:.3f}); kept its weights")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
if folder is None:  # the phantoms: the planned epochs run, and the last ones are as good as the best
    assert result.epochs_run == config.epochs and not result.stopped_by_time
    assert result.best_val_dice >= 0.75
    assert history["val_mean_dice"][-1] >= result.best_val_dice - 0.05
    assert result.best_epoch >= config.epochs - 2
    print("All planned epochs ran within the time budget; the validation mean per-image Dice is above 0.75, and the "
          "best epoch is one of the last three, its Dice within 0.05 of the last epoch's.")

# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, (ax_loss, ax_dice) = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
epochs = np.arange(1, result.epochs_run + 1)
ax_loss.plot(epochs, history["loss"], "o-")
ax_loss.set_title(f"training loss ({config.loss})")
ax_dice.plot(epochs, history["val_mean_dice"], "o-", label="mean per-image Dice")
ax_dice.plot(epochs, history["val_dice_nerve"], "s--", label="Dice, images with a nerve")
ax_dice.plot(epochs, history["val_empty_kept"], "^:", label="images without a nerve left empty")
ax_dice.axvline(result.best_epoch, color="0.5", ls="-.", lw=1.5, label="best epoch (kept)")
ax_dice.set_title("validation")
ax_dice.set_ylim(0, 1.02)
ax_dice.legend(loc="lower right")
for ax in (ax_loss, ax_dice):
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the validation curves separately: the Dice on images *with* a nerve says how well the network finds and
# outlines nerves; the share of images *without* one that it leaves empty says how often it keeps quiet. The
# competition's mean mixes the two, weighted by how many images of each kind there are.
#
# **Think:** the best epoch is chosen on the validation images. Why not on the test images, which we score at the
# end anyway?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Whatever is chosen on a set of images is tuned to that set: the best of several epochs on the test images is
# partly the epoch that was luckiest on those images, so its score would flatter the model. Choices (the epoch, the
# empty-mask threshold below) are made on validation images, and the test images are scored once, at the end, for
# a number that says how the model does on images it was never tuned on. With the real data the split is by
# patient, since frames of one patient are near-copies of each other.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The empty-mask decision
#
# A few scattered pixels on an image without a nerve cost a whole image's Dice. A simple remedy: if the predicted
# mask is smaller than some area, predict nothing. The rule sees only the area, so it also empties a small
# prediction on an image that does have a nerve. Does it help on balance? Try it by hand first.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: predict, then check
#
# A network has segmented ten validation images. For each: whether it has a nerve, the area of the predicted mask,
# and the Dice that prediction scores if it is kept (on an image without a nerve, a kept prediction scores 0 and
# an empty one 1). **First predict** whether emptying every prediction under 50 pixels raises the mean per-image
# Dice (`helps = True` or `False`), **then compute** the mean without and with the rule.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
print(f"{'image':>5} {'nerve':>6} {'predicted area':>15} {'Dice if kept':>13}")
for i, (nerve, area, kept_dice) in enumerate(DECISION_IMAGES, start=1):
    print(f"{i:>5} {'yes' if nerve else 'no':>6} {area:>15} {'-' if kept_dice is None else f'{kept_dice:.2f}':>13}")
print(f"rule: empty every prediction under {DECISION_MIN_AREA} pixels")

# %% slideshow={"slide_type": "-"} tags=["exercise"]
helps = ...  # your prediction: True or False
mean_without = ...  # mean per-image Dice of the ten images as predicted
mean_with = ...  # the same after the rule

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
helps = True
mean_without = (0.85 + 0.80 + 0.30 + 0 + 1 + 1 + 1 + 0 + 0 + 0) / 10  # three false alarms score 0
mean_with = (0.85 + 0.80 + 0 + 0 + 1 + 1 + 1 + 1 + 1 + 0) / 10  # 30 px (a nerve!) and 25, 12 px emptied; 60 px kept

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_empty_mask_decision(helps, mean_without, mean_with)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now for the network. The threshold is chosen on the validation images (the curve), then applied once to the
# held-out test images.

# %% slideshow={"slide_type": "-"}
val_prob, _ = unet.predict_masks(model, x_val)  # probabilities, (images, rows, cols)
min_area, scores = unet.choose_min_area(y_val, val_prob)  # the best minimum area, and the score of each

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
fig, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
ax.plot(list(scores), list(scores.values()), "o-", ms=4)
ax.axvline(min_area, color="0.6", ls=":", label=f"chosen: {min_area} pixels")
ax.set_xlabel("minimum predicted area (pixels)")
ax.set_ylabel("validation mean Dice")
ax.legend()
ax.grid(alpha=0.3)
plt.show()
print(f"chosen minimum area: {min_area} pixels ({min_area / (rows * cols):.1%} of the image); "
      f"validation mean Dice {scores[0]:.3f} without the decision, {scores[min_area]:.3f} with it")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert min_area in scores and scores[min_area] == max(scores.values())
print("The minimum area is the one with the best validation mean Dice.")

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# The chosen minimum area, applied once to the held-out test images, next to the two trivial predictions from the
# Dice section. Each row gives the mean per-image Dice and its two parts: the mean Dice on the images with a
# nerve, and the share of the images without one that are left empty.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
test_prob, test_pred = unet.predict_masks(model, x_test, min_area=min_area)
raw = (test_prob >= 0.5).astype(np.uint8)
test_dice = unet.dice(y_test, test_pred)
has = y_test.any(axis=(1, 2))
rows_ = {"nothing, anywhere": nothing, "a box where nerves are": blob,
         "U-Net, no decision": raw, f"U-Net, under {min_area} px emptied": test_pred}
held_out = {name: unet.dice_by_presence(y_test, pred) for name, pred in rows_.items()}
print(f"{len(y_test)} held-out images, {np.sum(has)} with a nerve, {np.sum(~has)} without "
      f"({held_out['nothing, anywhere']['empty_share']:.0%})\n")
print(f"{'prediction':<28} {'mean Dice':>9} {'with a nerve':>13} {'without (left empty)':>21}")
for name, parts in held_out.items():
    print(f"{name:<28} {parts['mean']:>9.3f} {parts['with_nerve']:>13.3f} {parts['without_nerve']:>21.0%}")
marked = int(np.sum(test_pred[~has].any(axis=(1, 2))))
print(f"\nimages without a nerve that the U-Net still marks after the decision: {marked} of {np.sum(~has)}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
net, empty_pred = held_out[f"U-Net, under {min_area} px emptied"], held_out["nothing, anywhere"]
if folder is None:
    assert net["mean"] >= empty_pred["mean"] + 0.2 and net["with_nerve"] >= 0.6 and net["without_nerve"] >= 0.9
    print("On the held-out phantoms the U-Net with the decision beats predicting nothing by more than 0.2 in mean "
          "per-image Dice; it scores above 0.6 on the images with a nerve and leaves at least 90% of the images "
          "without one empty.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Predicting nothing earns the share of empty images and nothing else; the box finds a little of many nerves but
# is wrong on every empty image. The U-Net earns its score on both kinds of images. How much the rule buys depends
# on how often the network marks something on an image without a nerve (compare the two U-Net rows): it empties
# those marks when they are small, and costs a little on nerves whose prediction was small. The harder the images,
# the more often a network marks an empty one, and the more the decision matters.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** the rule looks only at the predicted area. What else could decide "nerve or no nerve"?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The network's confidence (the largest probability in the image, or the sum of the probabilities), the shape of
# the predicted blob, or a second network: a classifier "nerve or not" trained on the images, or a small head on
# the U-Net's bottleneck, which sees the whole image. Many strong competition entries used such a classifier
# together with the U-Net, and chose its threshold on validation images too.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Predictions
#
# True nerve in green, prediction in yellow (in the phantoms: the artery red dashed, the decoy orange dotted). The
# title gives each image's Dice.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
def show_predictions(indices, axes):
    """Test images with the true (lime) and predicted (yellow) outlines, and the confounders."""
    for ax, i in zip(axes, indices):
        ax.imshow(x_test[i], cmap="gray", vmin=0, vmax=1)
        outline(ax, y_test[i], "lime", width=3.5)
        outline(ax, test_pred[i], "yellow", width=1.8)
        outline_confounders(ax, i)
        ax.set_title(f"{'nerve' if has[i] else 'no nerve'}: Dice {test_dice[i]:.2f}")
        ax.axis("off")


picks = np.concatenate([np.flatnonzero(has)[:4], np.flatnonzero(~has & with_decoy)[:4]])  # the first ones, not chosen
fig, axes = plt.subplots(2, 4, figsize=(14, 5.6), layout="constrained")
show_predictions(picks, axes.flat)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The worst images, to see what remains hard:

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
worst = np.argsort(test_dice, kind="stable")[:4]
fig, axes = plt.subplots(1, 4, figsize=(14, 3.9), layout="constrained")
show_predictions(worst, axes)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How much harder the real data is
#
# Do not expect the phantoms' scores on the real images. On the competition's final leaderboard (mean per-image
# Dice on the hidden test images):
#
# | submission | Dice |
# |---|---:|
# | an empty mask for every image [5] | 0.51 |
# | a public Keras U-Net, 64×80 input, no empty-mask decision [4] | about 0.57 |
# | the 25th of the final ranking, with a "nerve or not" decision [6] | 0.707 |
#
# An empty submission scored less than the training set's share of empty images: the test set holds more images
# with a nerve. The public U-Net beat it by little [4, 5].

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# The real images are harder in ways the phantoms leave out:
#
# - the nerve often looks much like the tissue around it; its outline is a judgement, and experts' judgements
#   differ;
# - the frames come from videos, and the training set holds many near-identical images of which one has a mask and
#   the other not: a ceiling for any model that sees one frame at a time [5, 6];
# - there are 47 patients, each with a different neck, and the test set's patients are new [1].
#
# The phantoms are easier, but not trivial: the small CPU model misses some of their nerves, and a U-Net with twice
# the filters, trained on twice as many images for longer than a lecture allows, scores clearly higher on the
# images with a nerve (measured by `benchmarks/bench_unet.py`; see the README). The phantoms are for learning the
# method offline and on time: the U-Net, the Dice, the empty-mask decision, the encoding. What a real segmentation
# is worth can only be measured on real images of new patients.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** a model scores a far higher mean per-image Dice on validation frames drawn at random from all 47
# patients than on the leaderboard. What most likely happened?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Leakage: with a random split, near-identical frames of the same patient sit on both sides, so the validation
# images were almost seen in training and the score measures memory, not generalization. Splitting by patient
# (`us.split_by_subject`, used above for the real data) gives an honest validation score, and the choices made on
# it (epochs, threshold) then hold up better on new patients.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A submission (real data only)
#
# With the real data, the test images are segmented, masks are scaled back to 420×580 and written run-length
# encoded, as the competition asked [1]: pixels numbered from 1 down each column, then across; for each run of mask
# pixels, its first pixel and its length, as "start length" pairs. A 3×3 mask is numbered
#
# ```
# 1 4 7
# 2 5 8
# 3 6 9
# ```
#
# so a run goes on from the bottom of one column to the top of the next.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: run-length encoding by hand
#
# Encode this 4×5 mask by hand, as a string `"start length start length ..."`.

# %% slideshow={"slide_type": "-"}
print(RLE_MASK)

# %% slideshow={"slide_type": "-"} tags=["exercise"]
rle = ...  # your answer, e.g. "3 2 ..."

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
rle = "6 5 13 2"  # pixels 6, 7, 8 (column 2) and 9, 10 (column 3) are one run; then 13, 14 (column 4)

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_rle(rle)

# %% [markdown] slideshow={"slide_type": "subslide"}
# `lecturekit.ultrasound.rle_encode` does the same for a mask of any size:

# %% slideshow={"slide_type": "-"}
print("run-length encoding:", repr(us.rle_encode(RLE_MASK)))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert np.array_equal(us.rle_decode(us.rle_encode(RLE_MASK), RLE_MASK.shape), RLE_MASK)
print("Decoding the run-length encoding gives the mask back.")

# %% slideshow={"slide_type": "-"}
if folder is not None:
    test_ids, x_kaggle = us.load_nerve_test(folder, size=config.input_size)
    _, kaggle_pred = unet.predict_masks(model, x_kaggle, min_area=min_area)
    path = us.write_submission("submission.csv", test_ids, kaggle_pred)
    print(f"wrote {path} ({len(test_ids)} images)")
else:
    print("no real data: no submission written")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Segmentation predicts a mask; the U-Net does it with a contracting path (what), an expanding path (where) and
#   skip connections that bring the details back. Batch normalization keeps each layer's inputs at a steady scale,
#   so that a small U-Net learns in a few epochs.
# - Its size is set by the depth and the first level's filters: every doubling of the filters multiplies the
#   parameters by about four, and every level of depth adds a bottleneck with twice the filters: the table above
#   counts both models.
# - Dice measures overlap. The competition's mean per-image Dice scores an empty prediction on an empty image as
#   perfect, and most of the real training images are empty, so deciding *whether* there is a nerve matters as much
#   as outlining it: a threshold on the predicted area, chosen on validation images, does that. Report the Dice on
#   images with a nerve and the share of empty images left empty separately: the mean hides which one a model is
#   good at.
# - A learning rate that decays over the planned epochs lets the weights settle; keeping the best epoch and a time
#   budget as a safety stop make a live demo safe on any machine; a GPU runs the full model on the real data with
#   the same code.
# - Phantoms teach the method; the real data, with its ambiguous outlines and contradictory labels, is much harder
#   (a public U-Net scored about 0.57 on the leaderboard, an empty submission 0.51 [4, 5]).
#
# **Where to go from here:** data augmentation (flips, elastic deformations), a loss that matches the per-image
# metric, and a classifier head that decides "nerve or not" from the bottleneck. Back to the start:
# [01 the neuron](01_neuron.ipynb).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. Kaggle (2016). *Ultrasound Nerve Segmentation*: competition, data (`train_masks.csv`) and evaluation.
#    https://www.kaggle.com/c/ultrasound-nerve-segmentation
# 2. Ronneberger, O., Fischer, P. and Brox, T. (2015). U-Net: convolutional networks for biomedical image
#    segmentation. *MICCAI 2015*, LNCS 9351, 234–241. https://arxiv.org/abs/1505.04597
# 3. Ioffe, S. and Szegedy, C. (2015). Batch normalization: accelerating deep network training by reducing internal
#    covariate shift. *ICML 2015*. https://arxiv.org/abs/1502.03167
# 4. Jocić, M. (2016). Deep learning tutorial for the Kaggle Ultrasound Nerve Segmentation competition, using Keras
#    (README: "~0.57 score on the leaderboard", images resized to 64 × 80).
#    https://github.com/jocicmarko/ultrasound-nerve-segmentation
# 5. Tyantov, E. (2016). Kaggle ultrasound nerve segmentation: a review (slides; baselines: an empty submission
#    0.51). https://www.slideshare.net/Eduardyantov/ultrasound-segmentation-kaggle-review
# 6. Rebetez, J. (2016). Kaggle Ultrasound Nerve Segmentation: 25th with 0.70679 final ranking.
#    https://fhtagn.net/prog/2016/08/19/kaggle-uns.html
# 7. Loshchilov, I. and Hutter, F. (2017). SGDR: stochastic gradient descent with warm restarts. *ICLR 2017*
#    (the cosine learning-rate schedule). https://arxiv.org/abs/1608.03983
