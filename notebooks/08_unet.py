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
# Six exercises check themselves as you go: batch normalization of a tiny batch by hand, the small U-Net's shapes
# and parameters counted by hand, the Dice coefficient, an experiment (cross-entropy or Dice on a rare foreground), the empty-mask decision on ten images, and the
# run-length encoding of a tiny mask. Each worked solution sits collapsed under its exercise: try first, then
# open it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The last lecture of the series puts the CNN of lecture 7 to work on a medical task: marking a nerve, pixel by pixel, on ultrasound images, and training the network live while we talk.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Run of show
#
# The whole lecture, the live training included (the lecturer talks over it), fits one session; Exercises 4 and 5
# are done in class, Exercises 1, 2, 3 and 6 at home.
#
# | Part | Minutes | In class | Homework |
# |---|---:|---|---|
# | The task | 4 | | |
# | Looking at the images | 6 | | |
# | The U-Net | 10 | | Exercise 1, Exercise 2 |
# | How a segmentation is scored: Dice | 13 | Exercise 4 | Exercise 3 |
# | Training, live | 9 | | |
# | The empty-mask decision | 15 | Exercise 5 | |
# | Predictions | 4 | | |
# | How much harder the real data is | 6 | | |
# | A submission (real data only) | 3 | | Exercise 6 |
# | Summary | 3 | | |
# | **Total in class** | **73** | | |

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The plan for today: the training runs live in the middle, and I talk over it; two exercises are done here, the other four are homework.
# **Time:** 0 min

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
from lecturekit.exercises.unet import BN_BATCH, BN_BETA, BN_EPSILON, BN_GAMMA, DECISION_IMAGES, DECISION_MIN_AREA
from lecturekit.exercises.unet import RARE_FOREGROUND, RLE_MASK, plot_rare_mask_fits, rare_mask_fit
from lecturekit.exercises.unet import check_batch_norm, check_dice, check_empty_mask_decision, check_rare_mask
from lecturekit.exercises.unet import check_rle, check_unet_shapes
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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The task is a real clinical one: find the nerve so that an anaesthetist can numb it. Stress the last sentence: the score is a Dice per image, averaged, and most images have no nerve.
# **Ask:** What share of the images has no nerve at all?
# **Expect:** More than half: read it off the output, as the quoted note corrects the review's slide.
# **Time:** 2 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The images may not be redistributed. This notebook uses them when you have downloaded them (see
# `lecturekit.ultrasound`, then set `LECTUREKIT_NERVE_DIR`); otherwise, as here, it makes **phantoms**: simulated
# scans with the real masks' statistics and some of the real difficulties: speckle, attenuation with depth, tissue
# layers, a faint nerve, smaller **decoys** that look like one, an artery, and the real share of images without a
# nerve.
#
# The configuration follows the machine: with a GPU, the lecture's full U-Net on 80×112 images; on a CPU, a small
# U-Net on smaller images, planned to finish well within its time budget on a laptop.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** We cannot ship the real images, so we simulate phantoms with the real statistics; the same code runs on the real data when it is downloaded.
# **Time:** 3 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The configuration depends on the machine; read the table as a sanity check that the phantoms match the real masks' share, size and depth.
# **Time:** 4 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Looking at the images
#
# Can you find the nerve? Below: its outline, and an **artery** and a **decoy** that must not be marked.

# %% alt=["Eight grey, grainy ultrasound panels in two rows: the top row shows four test images as the scanner shows them, the bottom row the same images with the nerve as a solid outline, the artery as a dashed and the decoy as a dotted outline, and a legend below. Notice how little the nerve stands out in the top row, and that the last image has only a decoy and no nerve."] slideshow={"slide_type": "-"} tags=["hide-input"]
def confounders(i):
    """The artery and the decoy of test image i, as keyword arguments of us.show_masks (phantoms only)."""
    return {} if arteries is None else {"artery": arteries[i], "decoy": decoys[i]}


has_nerve = y_test.any(axis=(1, 2))
with_decoy = np.zeros(len(y_test), bool) if decoys is None else decoys.any(axis=(1, 2))
show = np.concatenate([np.flatnonzero(has_nerve)[:3], np.flatnonzero(~has_nerve & with_decoy)[:1]])
fig, axes = plt.subplots(2, 4, figsize=(12.2, 5.7), layout="constrained")
for col, i in enumerate(show):
    us.show_masks(axes[0, col], x_test[i], title=f"image {i}")
    us.show_masks(axes[1, col], x_test[i], nerve=y_test[i], **confounders(i),
                  title="nerve" if has_nerve[i] else "no nerve")
us.overlay_legend(fig, ("nerve", "artery", "decoy"), ncols=3)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Give the room a few seconds on the top row before pointing at the bottom one: the nerve is hard to see. The dashed outline is an artery, dark and round but without the nerve's bright rim; the dotted one a decoy, a smaller nerve-like cluster with a faint rim; the network must mark neither. The last image has no nerve at all.
# **Ask:** Which of the top images has a nerve?
# **Time:** 6 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Up close (phantoms): the nerve is a cluster of dark fascicles separated by brighter septa, wrapped in a bright
# rim (the epineurium); the decoy is a smaller cluster with a fainter rim or none; the artery is dark inside and
# has no rim. The grain everywhere is **speckle**, the interference pattern of ultrasound echoes.

# %% alt=["Three zoomed-in grey panels of phantom images: a nerve with a solid outline, a decoy with a dotted outline and an artery with a dashed outline. The nerve is a honeycomb of dark fascicles inside a bright rim, the decoy a smaller honeycomb with a faint rim, the artery a dark disc without a rim."] slideshow={"slide_type": "-"} tags=["hide-input"]
if arteries is not None:
    fig, axes = plt.subplots(1, 3, figsize=(12.2, 4.1), layout="constrained")
    for ax, masks, kind in ((axes[0], y_test, "nerve"), (axes[1], decoys, "decoy"), (axes[2], arteries, "artery")):
        # the first image where the structure fits the 24x32 window (one decoy, not two far apart)
        i = next(i for i in np.flatnonzero(masks.any(axis=(1, 2))) if np.ptp(np.nonzero(masks[i])[1]) < 28)
        window = us.zoom_window(masks[i], (24, 32))
        us.show_masks(ax, x_test[i][window], title=f"{kind} (image {i}, zoomed in)")
        us.draw_mask(ax, masks[i][window], kind, width=4.0)
    plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Zoomed in: the nerve's honeycomb and bright rim, the decoy's smaller honeycomb and faint rim, the artery's dark disc. These are the cues the network has to learn.
# **Time:** 8 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** the decoys are smaller than the nerves and their rim is fainter, but the speckle hides both cues on
# many images. What could an expert use that a single frame does not show?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Motion. The anaesthetist moves the probe and watches a video: the nerve's fascicles can be followed along the
# neck, an artery pulses (and Doppler shows its flow), and structures slide against each other. The competition's
# masks were drawn with that context, which is one reason why near-identical single frames sometimes have a mask
# and sometimes not.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Let the room answer before opening the answer: experts use motion and context, which a single frame lacks.
# **Expect:** Motion: the expert moves the probe and follows the nerve along the neck; an artery pulses.
# **Time:** 10 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The U-Net
#
# Ronneberger, Fischer and Brox (2015) designed the U-Net for biomedical images [2].
#
# - The **contracting path** is a CNN like the one of lecture 7 ([07](07_cnn.ipynb)): two 3×3 convolutions with ReLU (in the small CPU
#   model with a batch normalization before each ReLU; see below), then a 2×2 max pooling, again and again. The
#   image shrinks and the number of feature maps doubles: *what* is there.
# - The **bottleneck** sees the whole image at a coarse resolution.
# - The **expanding path** undoes the pooling with *up-convolutions* (transposed 2×2 convolutions with stride 2)
#   and halves the number of feature maps at each step: back to *where*.
# - **Skip connections** copy each contracting level's feature maps across and concatenate them with the
#   expanding path's, so the fine details lost by pooling come back for the outline.
# - A final 1×1 convolution with a sigmoid gives each pixel a probability of being nerve.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The U-Net is the CNN of lecture 7 run down and back up: the contracting path says what is there, the expanding path says where, and the skip connections bring back the detail.
# **Time:** 12 min

# %% alt=["A diagram of the U-Net as a U of boxes, one per block, each labelled with its image size and number of filters: the contracting path on the left goes down by max pooling, the bottleneck at the bottom, the expanding path on the right comes up by up-convolutions, and dashed arrows carry each level's feature maps across as skip connections. Notice the image shrinking while the filters double on the way down, and the reverse on the way up."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
unet.draw_unet(config.input_size, config.depth, config.base_filters, batch_norm=config.batch_norm)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Trace one image through the U: down by pooling, across the bottleneck, up by up-convolutions, with a skip at each level.
# **Ask:** Why do the filters double when the image halves?
# **Expect:** To keep capacity as the resolution drops: each feature map sees a larger region and must say more about it.
# **Time:** 14 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Building the model is one call; the parameter count depends on depth and filters, not on the image size.
# **Time:** 15 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Batch normalization standardizes each channel over the mini-batch, then lets the network rescale it with gamma and beta; at prediction time it uses running averages.
# **Time:** 17 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The numbers before and after show what the formula does: each channel ends up with mean zero and standard deviation one, whatever it started with.
# **Time:** 18 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: batch normalization by hand
#
# A mini-batch of 2 images of 1×2 pixels with 2 channels, `BN_BATCH` of shape (images, rows, cols, channels), goes
# through a batch normalization in training mode with $\gamma$ = `BN_GAMMA`, $\beta$ = `BN_BETA` and
# $\epsilon$ = `BN_EPSILON` (Keras' default). Compute `mu` and `var`, one mean and one variance per channel over
# the whole mini-batch, and the layer's output `y`, of the batch's shape. With numpy: `BN_BATCH.mean(axis=...)`.

# %% slideshow={"slide_type": "-"}
print("channel 0:", BN_BATCH[..., 0].ravel(), "  channel 1:", BN_BATCH[..., 1].ravel())
print("gamma:", BN_GAMMA, "  beta:", BN_BETA, "  epsilon:", BN_EPSILON)

# %% slideshow={"slide_type": "-"} tags=["exercise"]
mu = ...  # one mean per channel, shape (2,)
var = ...  # one variance per channel (dividing by n)
y = ...  # gamma * normalized + beta, the shape of BN_BATCH

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
mu = BN_BATCH.mean(axis=(0, 1, 2))  # over images, rows and columns: one number per channel
var = BN_BATCH.var(axis=(0, 1, 2))  # the batch's own variance, dividing by n
y = BN_GAMMA * (BN_BATCH - mu) / np.sqrt(var + BN_EPSILON) + BN_BETA

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_batch_norm(mu, var, y)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework: the same formula on four numbers per channel. Point out that epsilon matters for the channel with the small variance.
# **Time:** 18 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: the small U-Net, counted by hand
#
# For the small CPU U-Net, `unet.CPU_CONFIG` (a 64×88 input, depth 3, 8 filters in the first block, batch
# normalization), work out from the diagram and the formulas above:
#
# - `bottleneck_shape`: the bottleneck's output as (rows, cols, filters);
# - `down2_params`: the parameters of the second block of the contracting path, `down2`: a 3×3 convolution, a batch
#   normalization, a 3×3 convolution, a batch normalization (the convolutions have no bias; a batch normalization
#   stores four numbers per channel).
#
# The table on the next slide, read off the Keras model, shows whether you were right.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
bottleneck_shape = ...  # (rows, cols, filters)
down2_params = ...  # one whole number

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
bottleneck_shape = (64 // 2**3, 88 // 2**3, 8 * 2**3)  # three poolings halve the size; the filters double each level
down2_params = (9 * 8 * 16 + 4 * 16) + (9 * 16 * 16 + 4 * 16)  # 8 -> 16, then 16 -> 16; no bias, 4 numbers per channel

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_unet_shapes(bottleneck_shape, down2_params)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework: the shapes follow from halving and doubling, the parameters from $9ab$ and four numbers per channel; the next slide's table is the answer key.
# **Time:** 18 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# Block by block, the U-Net's output shapes and parameters, read off the Keras model (for the small CPU U-Net,
# the answers of Exercise 2): the image shrinks down to the bottleneck and grows back, while the number of feature
# maps does the opposite.

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The answer key of Exercise 2, read off the Keras model: read two rows, not all; the shapes halve and double, and most parameters sit in the bottleneck and the lowest levels.
# **Time:** 19 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** what would the U-Net's outlines look like without the skip connections?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Blurry and blocky. Everything the expanding path knows would then come through the bottleneck, which sees the
# image at 1/8 (here) or 1/16 (the full model) of its size: it can say *that* there is a nerve and roughly where,
# but the up-convolutions have to invent the outline. The skip connections hand over the full-resolution feature
# maps of the contracting path, which still know where each edge was.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Ask, wait, then answer: without the skips everything passes through the coarse bottleneck, so the outlines come out blurry and blocky.
# **Expect:** Blurry and blocky outlines: the fine detail only comes back through the skip connections.
# **Time:** 20 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Dice is overlap over total size. Run through the table: predicting nothing scores well per image and zero pooled, which is why the metric's definition matters.
# **Ask:** Why does the box score anything per image?
# **Expect:** It overlaps some nerves a little, and it never scores on the empty images.
# **Time:** 23 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The soft Dice replaces the 0/1 prediction by probabilities, so it can be trained; background pixels enter only through the predicted area.
# **Time:** 25 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: the Dice coefficient
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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework: the Dice in a few lines of numpy; the catch is the convention for two empty masks.
# **Time:** 25 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** another common overlap score is the IoU (intersection over union, the Jaccard index),
# $|A \cap B| / |A \cup B|$. Can the Dice prefer one prediction of an image while the IoU prefers another?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Not for one image. Since $|A| + |B| = |A \cup B| + |A \cap B|$, the Dice is $2\,\mathrm{IoU} / (1 + \mathrm{IoU})$,
# an increasing function of the IoU: both rank the predictions of one image the same way, and the Dice is the
# larger of the two (except at 0 and 1). Averages over many images can rank two models differently, though,
# because the function is not linear.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Let the room try an example; the answer is that Dice is an increasing function of the IoU, so for one image they agree.
# **Expect:** No, not for one image: Dice equals $2\,\mathrm{IoU}/(1+\mathrm{IoU})$, which increases with the IoU.
# **Time:** 27 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 4: cross-entropy or Dice on a rare foreground (an experiment)
#
# A nerve covers a few percent of an image. What does that do to the loss? `rare_mask_fit(loss, seed)` trains a
# tiny segmentation network, a single 3×3 convolution with a sigmoid, for a second on noisy images in which a
# bright disc covers about 2% of the pixels, then segments new images and reports `found`, the share of the disc's
# pixels it marks. **First predict** which loss, `"bce"` (binary cross-entropy, a term for every pixel) or
# `"dice"` (the Dice loss above), finds more of the disc, **then run** both with the same seed.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
finds_more = ...  # your prediction first: "bce" or "dice"
bce_fit = ...  # rare_mask_fit("bce", seed=0)
dice_fit = ...  # the same with the Dice loss

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
finds_more = "dice"
bce_fit = rare_mask_fit("bce", seed=0)
dice_fit = rare_mask_fit("dice", seed=0)
print(bce_fit, dice_fit, sep="\n")

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_rare_mask(bce_fit, dice_fit, finds_more)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** In class: everyone writes down a prediction first, then runs the two fits, each well under a second. Collect the predictions by a show of hands before running.
# **Ask:** Who expects cross-entropy to find more of the disc?
# **Expect:** The Dice loss finds clearly more: read the shares off the check's message.
# **Time:** 30 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# One test image of each fit: the true disc as a solid outline, the pixels the fit marks filled.

# %% alt=["Two grey noise images side by side, each with the true disc as a solid outline and the pixels a fit marks filled; the left panel is the fit trained with binary cross-entropy, the right the fit trained with the Dice loss. The cross-entropy fit marks only a few pixels in the disc's middle; the Dice fit fills much more of the disc, and also marks a few scattered specks outside it."] slideshow={"slide_type": "-"} tags=["hide-input"]
fits = [rare_mask_fit(loss, seed=0) for loss in ("bce", "dice")]
plot_rare_mask_fits(fits)
plt.show()
print(f"the disc covers {RARE_FOREGROUND:.0%} of an image's pixels, the background {1 - RARE_FOREGROUND:.0%}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert fits[1].found >= fits[0].found + 0.2 and fits[1].dice > fits[0].dice
print("The Dice fit finds at least 20 percentage points more of the disc than the cross-entropy fit, and scores a "
      "higher Dice.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Compare the filled areas with the outline: the cross-entropy fit marks only the surest pixels, the Dice fit fills much more of the disc.
# **Time:** 31 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** why does cross-entropy keep so quiet here, and what would make it mark more?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# With 98% of the pixels background, cross-entropy is lowest when the network answers "background" unless a
# pixel is clearly bright: a probability of 0.5 needs evidence that outweighs the prior odds of $49 : 1$ against a
# disc pixel. The Dice loss ignores the correctly empty background and rewards overlap, so it marks more.
# Weighting the disc's pixels more in the cross-entropy (a weighted BCE), lowering the threshold, or adding the
# Dice term, as the small U-Net does, all push the other way.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** This is why the small U-Net adds a Dice term to its cross-entropy: the rare foreground makes plain cross-entropy timid.
# **Expect:** With almost all pixels background, cross-entropy favours saying background; weighting the foreground, lowering the threshold or adding the Dice term counters it.
# **Time:** 33 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Start the training cell now and talk over it: the cosine schedule, keeping the best epoch, and the time budget as a safety stop. Read the epochs and the Dice off the progress line as they come.
# **Time:** 38 min

# %% alt=["Two panels over the epochs: on the left the training loss, on the right the validation mean per-image Dice, the Dice on the images with a nerve and the share of images without a nerve left empty, with a vertical dash-dotted line at the best epoch whose weights are kept. The loss falls; the validation curves rise over the first epochs, not always steadily, and the best epoch is among the last."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, (ax_loss, ax_dice) = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
epochs = np.arange(1, result.epochs_run + 1)
ax_loss.plot(epochs, history["loss"], "o-")
ax_loss.set_title(f"training loss ({config.loss})")
ax_dice.plot(epochs, history["val_mean_dice"], "o-", label="mean per-image Dice")
ax_dice.plot(epochs, history["val_dice_nerve"], "s--", label="Dice, images with a nerve")
ax_dice.plot(epochs, history["val_empty_kept"], "^:", label="images without a nerve left empty")
ax_dice.axvline(result.best_epoch, color=lk.style.PALETTE["black"], ls="-.", lw=1.5, label="best epoch (kept)")
ax_dice.set_title("validation")
ax_dice.set_ylim(0, 1.02)
ax_dice.legend(loc="lower right")
for ax in (ax_loss, ax_dice):
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The loss falls; on the right, read the two parts of the mean separately: nerves found and empty images kept empty.
# **Time:** 40 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The best epoch is chosen on validation images, never on the test images, so that the test score stays honest.
# **Expect:** Choosing on the test images tunes to them and flatters the score; the test images are scored once, at the end.
# **Time:** 42 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The empty-mask decision
#
# A few scattered pixels on an image without a nerve cost a whole image's Dice. A simple remedy: if the predicted
# mask is smaller than some area, predict nothing. The rule sees only the area, so it also empties a small
# prediction on an image that does have a nerve. Does it help on balance? Try it by hand first.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A few stray pixels on an empty image cost the whole image, so we empty small predictions. Before the network, a hand calculation.
# **Time:** 43 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5: predict, then check
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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** In class: first a show of hands on whether the rule helps, then everyone computes the two means from the table. Discuss the nerve image that loses its small prediction.
# **Ask:** Does emptying small predictions help here?
# **Expect:** Yes: three false alarms become perfect empty images, one small true prediction is lost.
# **Time:** 50 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now for the network. The threshold is chosen on the validation images (the curve), then applied once to the
# held-out test images.

# %% slideshow={"slide_type": "-"}
val_prob, _ = unet.predict_masks(model, x_val)  # probabilities, (images, rows, cols)
min_area, scores = unet.choose_min_area(y_val, val_prob)  # the best minimum area, and the score of each

# %% alt=["The validation mean per-image Dice (vertical axis) against the minimum predicted area below which a prediction is emptied (horizontal axis, pixels), with a dotted vertical line at the chosen area. The curve stays high from no decision up to a peak at a small area, then falls steeply as the rule starts to empty real nerves, and levels off at the score of predicting nothing."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
fig, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
ax.plot(list(scores), list(scores.values()), "o-", ms=4)
ax.axvline(min_area, color=lk.style.PALETTE["black"], ls=":", label=f"chosen: {min_area} pixels")
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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The minimum area is chosen on validation images, like the best epoch: read the chosen area and the two scores off the output.
# **Time:** 52 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# The chosen minimum area, applied once to the held-out test images, next to the two trivial predictions from the
# Dice section. Each row gives the mean per-image Dice and its two parts: the mean Dice on the images with a
# nerve, and the share of the images without one that are left empty.

# %% slideshow={"slide_type": "-"}
test_prob, test_pred = unet.predict_masks(model, x_test, min_area=min_area)  # once, on the held-out images
raw = (test_prob >= 0.5).astype(np.uint8)  # the same without the decision
test_dice = unet.dice(y_test, test_pred)  # one Dice per image

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The held-out table is the lecture's result: compare the U-Net rows with predicting nothing, and read the two parts of each mean.
# **Time:** 54 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The rule only sees the area; stronger entries decided nerve or not with a classifier.
# **Expect:** The network's confidence, the blob's shape, or a classifier that sees the whole image.
# **Time:** 57 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Predictions
#
# Solid outline: the true nerve; filled: the prediction (the legend names the rest). Each title gives the image's
# Dice.

# %% alt=["Eight held-out test images in two rows, each with the true nerve as a solid outline, the U-Net's prediction as a filled area with a dashed edge, and any artery or decoy outlined; the top row holds the first four images with a nerve, the bottom row the first four without one but with a decoy, each titled with its Dice. Notice where the filled prediction covers the solid outline, and whether the network leaves the decoys alone."] slideshow={"slide_type": "-"} tags=["hide-input"]
def show_predictions(indices, axes):
    """Test images with the true nerve, the prediction and the confounders; each image's Dice in its title."""
    for ax, i in zip(axes, indices):
        us.show_masks(ax, x_test[i], nerve=y_test[i], prediction=test_pred[i], **confounders(i),
                      title=f"{'nerve' if has[i] else 'no nerve'}: Dice {test_dice[i]:.2f}")


picks = np.concatenate([np.flatnonzero(has)[:4], np.flatnonzero(~has & with_decoy)[:4]])  # the first ones, not chosen
fig, axes = plt.subplots(2, 4, figsize=(12.2, 5.7), layout="constrained")
show_predictions(picks, axes.flat)
us.overlay_legend(fig)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The first test images, not chosen: filled prediction against the solid outline, and the decoys left alone or not.
# **Time:** 59 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The worst images, to see what remains hard:

# %% alt=["Four held-out test images with the lowest Dice, each with the true nerve as a solid outline, the prediction as a filled area with a dashed edge and any artery or decoy outlined, titled with its Dice. Notice whether the failures are missed nerves, false alarms on a decoy, or outlines in the wrong place."] slideshow={"slide_type": "-"} tags=["hide-input"]
worst = np.argsort(test_dice, kind="stable")[:4]
fig, axes = plt.subplots(1, 4, figsize=(12.2, 3.6), layout="constrained")
show_predictions(worst, axes)
us.overlay_legend(fig)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The worst cases show what is left: missed faint nerves, false alarms on decoys, or outlines off target.
# **Time:** 61 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Do not promise the phantoms' scores on real images: the leaderboard numbers are low, and an empty submission was a strong baseline.
# **Time:** 63 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Real images are ambiguous, the labels contradict each other across near-identical frames, and the test patients are new.
# **Expect:** Leakage: near-identical frames of the same patient on both sides of a random split; split by patient.
# **Time:** 67 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The competition asked for run-length encoded masks, numbered down the columns; the 3 by 3 example shows the order.
# **Time:** 69 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 6: run-length encoding by hand
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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework: encode the small mask by hand; the trap is that a run goes on from one column into the next.
# **Time:** 69 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The library does the same for any mask, and decoding gives the mask back; with real data the last cell writes the submission.
# **Time:** 70 min

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
# - With a rare foreground, plain cross-entropy marks too little; the Dice loss, or a Dice term added to the
#   cross-entropy as in the small U-Net, finds more of it (Exercise 4).
# - Phantoms teach the method; the real data, with its ambiguous outlines and contradictory labels, is much harder
#   (a public U-Net scored about 0.57 on the leaderboard, an empty submission 0.51 [4, 5]).
#
# **Where to go from here:** data augmentation (flips, elastic deformations), a loss that matches the per-image
# metric, and a classifier head that decides "nerve or not" from the bottleneck. Back to the start:
# [01 the neuron](01_neuron.ipynb).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Recap the four ideas: the U, the per-image Dice and the empty-mask decision, the loss for a rare foreground, and the gap between phantoms and real data. Point to the homework exercises.
# **Time:** 73 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The sources of the numbers quoted on the slides, for reading after class.
# **Time:** after class
