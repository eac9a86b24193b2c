# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 07 · The U-Net, live: finding nerves in ultrasound images
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/07_unet.ipynb)
#
# *Neural networks and deep learning*, lecture 7 of 7.
#
# **What you will learn**
#
# - segmentation: a network that outputs a mask, one probability per pixel, instead of one label per image;
# - the U-Net: a contracting path, a bottleneck and an expanding path joined by skip connections;
# - the Dice coefficient, the Dice loss, and why the competition's *mean per-image* Dice rewards deciding whether
#   there is a nerve at all;
# - training live within a time budget, on a laptop CPU or, automatically, on a GPU with the full model.

# %% slideshow={"slide_type": "skip"}
# Colab set-up: installs lecturekit and enables widgets there; does nothing elsewhere.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "lecturekit @ git+https://github.com/lecturekit/lecturekit@main"], check=True)
    import lecturekit.launch

    lecturekit.launch.setup_colab()

# %% slideshow={"slide_type": "skip"}
import matplotlib.pyplot as plt
import numpy as np

import lecturekit as lk
from lecturekit import ultrasound as us
from lecturekit import unet
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
# The Kaggle competition *Ultrasound Nerve Segmentation* (2016) asked for a program that marks the nerve:
# **5635 training images** of 420×580 pixels from 47 patients, each with an expert's mask. Only **2323** of them
# (41%) show the nerve; when it is there it covers about 3% of the image. Submissions were scored by the Dice
# coefficient averaged over the images of a hidden test set.
#
# The images may not be redistributed. This notebook uses them when you have downloaded them (see
# `lecturekit.ultrasound`, then set `LECTUREKIT_NERVE_DIR`); otherwise, as here, it makes **phantoms**: simulated
# scans with the same difficulties (speckle, attenuation with depth, tissue layers, 59% images without a nerve).
#
# The configuration follows the machine: with a GPU, the lecture's full U-Net on 80×112 images; on a CPU, a small
# U-Net on smaller images that learns in one to two minutes.

# %% slideshow={"slide_type": "-"}
config = unet.choose_config()
folder = us.nerve_dir()
print(lk.framework.device_summary())
print(f"{config.name}: {config.input_size[0]}x{config.input_size[1]} input, filters "
      f"{config.filters[0]} -> {config.filters[-1]}, {config.loss} loss, {config.epochs} epochs "
      f"(at most {config.time_budget_s:.0f} s)")

if folder is None:
    print("No real data (LECTUREKIT_NERVE_DIR is not set): using phantoms.")
    x_train, y_train = us.make_phantoms(config.n_train, config.input_size, seed=1)
    x_val, y_val = us.make_phantoms(config.n_val, config.input_size, seed=2)
    x_test, y_test, arteries = us.make_phantoms(400, config.input_size, seed=3, arteries=True)
else:
    data = us.load_nerve(folder, size=config.input_size)
    x_train, y_train = data.x_train, data.y_train
    # Held-out patients: half for choosing (best epoch, empty-mask threshold), half for the final score.
    choose, final = us.split_by_subject(data.subjects_val, 0.5, seed=1)
    x_val, y_val, x_test, y_test = data.x_val[choose], data.y_val[choose], data.x_val[final], data.y_val[final]
    arteries = None

for name, y in (("training", y_train), ("validation", y_val), ("test", y_test)):
    has = y.any(axis=(1, 2))
    print(f"{name:>10}: {len(y):4d} images, {has.mean():.0%} with a nerve, "
          f"covering {y[has].mean():.1%} of the image on average")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Looking at the images
#
# Can you find the nerve? The top row shows four images as the scanner shows them; the bottom row the same images
# with the expert's mask outlined in green. In the phantoms, a red dashed circle marks an **artery**: dark and
# round like the nerve, but without the nerve's bright rim and its honeycomb of fascicles. It must not be marked.
# One of the four has no nerve at all.

# %% slideshow={"slide_type": "-"}
def outline(ax, mask, color, style="-", width=1.5):
    """Draw the contour of a 0/1 mask (nothing for an empty or missing mask)."""
    if mask is not None and mask.any():
        ax.contour(mask, levels=[0.5], colors=color, linewidths=width, linestyles=style)


has_nerve = y_test.any(axis=(1, 2))
show = np.concatenate([np.flatnonzero(has_nerve)[:3], np.flatnonzero(~has_nerve)[1:2]])
fig, axes = plt.subplots(2, 4, figsize=(13, 6.4), layout="constrained")
for col, i in enumerate(show):
    for ax in axes[:, col]:
        ax.imshow(x_test[i], cmap="gray", vmin=0, vmax=1)
        ax.axis("off")
    outline(axes[1, col], y_test[i], "lime")
    outline(axes[1, col], None if arteries is None else arteries[i], "red", "--")
    axes[1, col].set_title("nerve" if has_nerve[i] else "no nerve", fontsize=11)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Up close (phantoms): the nerve is a cluster of dark fascicles separated by brighter septa, wrapped in a bright
# rim (the epineurium); the artery is dark inside and has no rim. The grain everywhere is **speckle**, the
# interference pattern of ultrasound echoes.

# %% slideshow={"slide_type": "-"}
if arteries is not None:
    both = np.flatnonzero(y_test.any(axis=(1, 2)) & arteries.any(axis=(1, 2)))[0]
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), layout="constrained")
    for ax, mask, name in ((axes[0], y_test[both], "nerve"), (axes[1], arteries[both], "artery")):
        rows, cols = np.nonzero(mask)
        r0, c0 = max(rows.mean().astype(int) - 14, 0), max(cols.mean().astype(int) - 18, 0)
        ax.imshow(x_test[both][r0:r0 + 28, c0:c0 + 36], cmap="gray", vmin=0, vmax=1)
        outline(ax, mask[r0:r0 + 28, c0:c0 + 36], "lime" if name == "nerve" else "red", "-" if name == "nerve" else "--")
        ax.set_title(f"{name} (zoomed in)")
        ax.axis("off")
    plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The U-Net
#
# Ronneberger, Fischer and Brox (2015) designed the U-Net for biomedical images.
#
# - The **contracting path** is a CNN like the one of lecture 6: two 3×3 convolutions with ReLU, then a 2×2 max
#   pooling, again and again. The image shrinks and the number of feature maps doubles: *what* is there.
# - The **bottleneck** sees the whole image at a coarse resolution.
# - The **expanding path** undoes the pooling with *up-convolutions* (transposed 2×2 convolutions with stride 2)
#   and halves the number of feature maps at each step: back to *where*.
# - **Skip connections** copy each contracting level's feature maps across and concatenate them with the
#   expanding path's, so the fine details lost by pooling come back for the outline.
# - A final 1×1 convolution with a sigmoid gives each pixel a probability of being nerve.

# %% slideshow={"slide_type": "-"}
unet.draw_unet(config.input_size, config.depth, config.base_filters)
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
    unet.compile_unet(model, config.learning_rate, config.loss)

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
blob[:, rows // 3: 2 * rows // 3, cols // 4: 3 * cols // 4] = 1  # a big box in the middle of every image

print(f"{'prediction':<22} {'mean per-image Dice':>20} {'pooled Dice':>12}")
for name, pred in (("nothing, anywhere", nothing), ("a box in the middle", blob), ("the true masks", y_test)):
    print(f"{name:<22} {unet.mean_dice(y_test, pred):>20.3f} {unet.pooled_dice(y_test, pred):>12.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Predicting *nothing* already scores the fraction of empty images, about 0.59, on the competition's metric, and 0
# pooled. So a model must both outline nerves well *and* keep quiet on images without one.
#
# For training we need a differentiable version: the **soft Dice** uses the probabilities $p_i$ instead of 0/1
# predictions, over all pixels $i$ of a batch, and the **Dice loss** is one minus it,
#
# $$L_\text{Dice} = 1 - \frac{2 \sum_i t_i p_i + s}{\sum_i t_i + \sum_i p_i + s},$$
#
# with targets $t_i \in \{0, 1\}$ and a small $s$ (here 1) so that an empty image with an empty prediction
# scores 1. It does not care about the 97% of background pixels, unlike cross-entropy. The lecture's full model
# is trained with it; the small CPU model adds a cross-entropy term, which gives useful gradients from the first
# step, and batch normalization, so that it learns within the two-minute budget.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Training, live
#
# After each epoch the validation images are segmented and scored with the competition's metric; the weights of
# the best epoch are kept. Training stops after the planned number of epochs, or cleanly at the end of an
# epoch if the next one would not fit in the time budget. (The progress line shows the training loss, the
# validation Dice and the time per epoch.)

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
progress = TrainingProgress(config.epochs, config.name)
result = unet.train(model, x_train, y_train, x_val, y_val, epochs=config.epochs,
                    time_budget_s=config.time_budget_s, batch_size=config.batch_size, progress=progress)
print(f"{result.epochs_run} epochs in {result.seconds:.0f} s ({result.seconds_per_epoch:.1f} s per epoch)"
      f"{', stopped by the time budget' if result.stopped_by_time else ''}")
print(f"best epoch {result.best_epoch}, validation mean per-image Dice {result.best_val_dice:.3f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
if folder is None:  # the phantoms are learned well within the budget
    assert result.best_val_dice >= 0.8
    print("The best epoch's validation mean per-image Dice is above 0.8.")

# %% slideshow={"slide_type": "-"}
fig, (ax_loss, ax_dice) = plt.subplots(1, 2, figsize=(13, 4.4), layout="constrained")
epochs = np.arange(1, result.epochs_run + 1)
ax_loss.plot(epochs, result.history["loss"], "o-")
ax_loss.set_title(f"training loss ({config.loss})")
ax_dice.plot(epochs, result.history["val_mean_dice"], "o-", label="mean per-image Dice")
ax_dice.plot(epochs, result.history["val_soft_dice"], "s--", label="soft Dice, pooled")
ax_dice.axvline(result.best_epoch, color="0.6", ls=":", label="best epoch (kept)")
ax_dice.set_title("validation")
ax_dice.legend()
for ax in (ax_loss, ax_dice):
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The empty-mask decision
#
# A few scattered pixels on an image without a nerve cost a whole image's Dice. A simple remedy: if the predicted
# mask is smaller than some area, predict nothing. The threshold is chosen on the validation images, then applied
# once to the held-out test images.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
val_prob, _ = unet.predict_masks(model, x_val)
min_area, scores = unet.choose_min_area(y_val, val_prob)

fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(list(scores), list(scores.values()), "o-", ms=3)
ax.axvline(min_area, color="0.6", ls=":")
ax.set_xlabel("minimum predicted area (pixels)")
ax.set_ylabel("validation mean Dice")
ax.grid(alpha=0.3)
plt.show()
print(f"chosen minimum area: {min_area} pixels ({min_area / (rows * cols):.1%} of the image)")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert min_area in scores and scores[min_area] == max(scores.values())
print("The minimum area is the one with the best validation mean Dice.")

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
test_prob, test_pred = unet.predict_masks(model, x_test, min_area=min_area)
raw = (test_prob >= 0.5).astype(np.uint8)
test_dice = unet.dice(y_test, test_pred)
has = y_test.any(axis=(1, 2))
print(f"held-out test images: mean per-image Dice {unet.mean_dice(y_test, raw):.2f} without the decision, "
      f"{unet.mean_dice(y_test, test_pred):.2f} with it; pooled Dice {unet.pooled_dice(y_test, test_pred):.2f}")
print(f"  images with a nerve: mean Dice {test_dice[has].mean():.2f}; "
      f"without: {np.mean(test_pred[~has].sum(axis=(1, 2)) == 0):.0%} correctly left empty")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
if folder is None:
    assert unet.mean_dice(y_test, test_pred) >= 0.85 and test_dice[has].mean() >= 0.75
    print("On the held-out phantoms the mean per-image Dice is above 0.85, and above 0.75 on images with a nerve.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Predictions
#
# True nerve in green, prediction in yellow (red dashed: the artery, in the phantoms). The title gives each
# image's Dice.

# %% slideshow={"slide_type": "-"}
def show_predictions(indices, axes):
    """Test images with the true (lime), predicted (yellow) and artery (red, dashed) outlines."""
    for ax, i in zip(axes, indices):
        ax.imshow(x_test[i], cmap="gray", vmin=0, vmax=1)
        outline(ax, y_test[i], "lime", width=3)
        outline(ax, test_pred[i], "yellow", width=1.2)
        outline(ax, None if arteries is None else arteries[i], "red", "--")
        ax.set_title(f"{'nerve' if has[i] else 'no nerve'}: Dice {test_dice[i]:.2f}", fontsize=11)
        ax.axis("off")


picks = np.concatenate([np.flatnonzero(has)[:5], np.flatnonzero(~has)[:3]])  # the first ones, not chosen
fig, axes = plt.subplots(2, 4, figsize=(13, 6.4), layout="constrained")
show_predictions(picks, axes.flat)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The worst images, to see what remains hard:

# %% slideshow={"slide_type": "-"}
worst = np.argsort(test_dice, kind="stable")[:4]
fig, axes = plt.subplots(1, 4, figsize=(13, 3.4), layout="constrained")
show_predictions(worst, axes)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A submission (real data only)
#
# With the real data, the test images are segmented, masks are scaled back to 420×580 and written run-length
# encoded, as the competition asked: pixels numbered from 1 down each column, then across; "start length" pairs.

# %% slideshow={"slide_type": "-"}
mask = np.zeros((4, 3), dtype=np.uint8)
mask[1:3, 0] = 1
mask[0:2, 2] = 1
print(mask)
print("run-length encoding:", repr(us.rle_encode(mask)))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert np.array_equal(us.rle_decode(us.rle_encode(mask), mask.shape), mask)
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
#   skip connections that bring the details back.
# - Its size is set by the depth and the first level's filters: the lecture's 32 → 512 filters U-Net has
#   7.8 million parameters, the small CPU one about 120 000.
# - Dice measures overlap. The competition's mean per-image Dice scores an empty prediction on an empty image as
#   perfect, so deciding *whether* there is a nerve matters as much as outlining it: a threshold on the predicted
#   area does that.
# - Training within a time budget, keeping the best epoch, makes a live demo safe on any machine; a GPU runs the
#   full model on the real data with the same code.
#
# **Where to go from here:** data augmentation (flips, elastic deformations), a loss that matches the per-image
# metric, and a classifier head that decides "nerve or not" from the bottleneck. Back to the start:
# [01 the neuron](01_neuron.ipynb).
