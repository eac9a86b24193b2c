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
# # 07 · Convolutional neural networks
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/07_cnn.ipynb)
#
# *Neural networks and deep learning*, lecture 7 of 8.
#
# **What you will learn**
#
# - why convolution: local receptive fields, and weights shared across positions, so that one neuron's feature
#   is looked for everywhere in the image, with a fraction of a dense layer's parameters;
# - the convolution of a matrix, step by step, and feature maps from hand-made edge filters on a real digit;
# - pooling (max, average, L2) and the arithmetic of kernel size, stride, padding and dilation;
# - where the architecture comes from (LeNet-5, 1998 [1]) and a convolutional network for handwritten digits in
#   Keras, trained live, and what it learned: its filters, its feature maps and its mistakes;
# - deep networks as a few building blocks put together, the same blocks that build lecture 8's U-Net;
# - in the appendix, the transposed convolution that grows an image back (the U-Net's up-sampling).
#
# Five exercises check themselves as you go: one output of a convolution by hand, which image patch excites
# which filter, an experiment that moves digits by one pixel, the size and parameter count of a convolutional
# layer, and the receptive field of stacked layers. Each worked solution sits collapsed under its exercise: try
# first, then open it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** lecture 7 of 8: from the fully connected networks of lectures 5 and 6 to networks that keep the image's geometry, and on to the U-Net of lecture 8. The digits and the training recipe are the ones students know; only the layers change.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Run of show
#
# The parts of this lecture with the minutes planned for each in class; Exercises 3, 4 and 5, and the appendix on the
# transposed convolution, are for home.
#
# | Part | Minutes | In class | Homework |
# |---|---:|---|---|
# | Why convolution | 8 | | |
# | Convolution of a matrix, step by step | 12 | Exercise 1 | |
# | Feature maps of a real digit | 11 | Exercise 2 | |
# | Pooling | 5 | | Exercise 3 |
# | Try it: convolution arithmetic | 7 | | Exercise 4, Exercise 5 |
# | A convolutional network for MNIST | 14 | | |
# | What the network learned | 8 | | |
# | Its mistakes | 4 | | |
# | Building blocks | 4 | | |
# | Summary | 2 | | |
# | **Total in class** | **75** | | |

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
from lecturekit.convolution import (
    POOLINGS,
    conv2d,
    conv2d_grad,
    conv2d_transpose,
    max_pool2d,
    output_size,
    transposed_output_size,
    windows,
)
from lecturekit.blocks import block_table, count_blocks, layer_table, lenet5_layers
from lecturekit.data import draw, load_mnist
from lecturekit.diagram import draw_local_receptive_field
from lecturekit.exercises.cnn import (
    PATCHES,
    check_conv_layer,
    check_one_output,
    check_receptive_field,
    check_shift_experiment,
    check_strongest_patch,
    relative_change,
)
from lecturekit.progress import TrainingProgress
from lecturekit.unet import CPU_CONFIG, build_unet
from lecturekit.widgets.conv_arithmetic import ConvArithmetic

tf = lk.framework.import_tensorflow()  # quietly: no start-up log spam
import keras  # after TensorFlow's quiet import

rng = lk.set_seed(0, tensorflow=True)
lk.style.use()  # figures readable when projected
print(lk.framework.device_summary())  # Keras uses a GPU by itself when there is one
(x_train, y_train), (x_test, y_test) = load_mnist()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the plan: two short exercises in class, the network trained live in the middle, and three exercises and the transposed convolution for home. If time runs short, cut the building blocks to their table.
# **Time:** 0 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why convolution
#
# The networks of the previous lectures flatten a 28×28 image into 784 numbers and connect every hidden neuron
# to every pixel. They throw away the image's geometry: a pixel's neighbours are no more related to it than
# a pixel on the other side of the image.
#
# A convolutional layer keeps the geometry with two ideas.
#
# 1. **Local receptive fields.** A hidden neuron looks only at a small window of the input, say 5×5 pixels.
#    Sliding the window by one pixel gives the next neuron: a 28×28 image gives a 24×24 layer of neurons.

# %% alt=["An MNIST digit drawn as a 28 by 28 grid of pixels on the left, with two overlapping 5 by 5 windows one pixel apart outlined on it, each joined to its own neuron in a 24 by 24 layer on the right: neighbouring neurons look at neighbouring windows."] slideshow={"slide_type": "-"} tags=["hide-input"]
draw_local_receptive_field(x_train[0], kernel=5, positions=((8, 6), (8, 7)))
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** a dense layer forgets which pixels are neighbours; a convolutional neuron looks at a $5 \times 5$ window, and sliding the window one pixel gives the next neuron.
# **Ask:** how many $5 \times 5$ windows fit along a row of $28$ pixels?
# **Expect:** $28 - 5 + 1 = 24$: so the layer is $24 \times 24$.
# **Time:** 2 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# 2. **Shared weights.** All these neurons use the *same* 25 weights and the same bias. Neuron $(j, k)$ computes
#
#    $$a_{j,k} = \sigma\Big(b + \sum_{l=0}^{4} \sum_{m=0}^{4} w_{l,m}\, x_{j+l,\, k+m}\Big),$$
#
#    so each neuron detects the *same feature* (an edge, a stroke ending) at a different place. The layer's output
#    is a **feature map**; the shared weights are a **filter** (or kernel).
#
# Sharing weights saves a lot of them. A layer of 20 feature maps of 24×24 neurons has 11 520 neurons; connected
# densely to all 784 pixels it would need 784 weights and one bias each. With 20 shared 5×5 filters:

# %% slideshow={"slide_type": "-"}
maps, k, side = 20, 5, 28
out = output_size(side, k)
dense_params = (side * side) * (out * out * maps) + out * out * maps
conv_params = maps * (k * k + 1)
print(f"feature maps: {maps} x {out}x{out} = {maps * out * out} neurons")
print(f"dense layer with these outputs: {dense_params:,} parameters")
print(f"convolutional layer:            {conv_params:,} parameters ({dense_params / conv_params:,.0f}x fewer)")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** shared weights mean one filter is looked for everywhere, so the same number of feature-map neurons needs a tiny fraction of the parameters; read the two counts off the output.
# **Time:** 5 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** the dense layer has 17 000 times more parameters. What can it do that the convolutional layer cannot,
# and why is that no loss for images? For which medical data would it be a loss?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The dense layer can treat every position differently (a feature that matters only in the top-left corner) and
# connect pixels far apart in one step. The convolutional layer assumes that the same local pattern means the
# same thing wherever it appears, and that nearby pixels matter most. For images that is true (a stroke is a
# stroke anywhere), so the convolutional layer loses nothing and needs far fewer examples to learn. For a table
# of lab values per patient (age, blood pressure, glucose, ...) the order of the columns means nothing and there
# are no "neighbours": a convolution over it would be wrong, and a dense layer is the right tool.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** let the room answer before showing the answer cell; the point is that weight sharing is an assumption about the data that holds for images.
# **Expect:** the dense layer can treat every position differently; images do not need that, but a table of lab values per patient has no neighbours, so a convolution would be wrong there.
# **Time:** 8 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Convolution of a matrix, step by step
#
# Put the kernel on the top-left corner of the input, multiply element by element, add: that is the first output.
# Slide by one column for the next output, and so on.

# %% slideshow={"slide_type": "-"}
X = np.array([
    [3, 3, 3, 0, 0],
    [3, 3, 3, 0, 0],
    [3, 3, 3, 0, 0],
    [3, 3, 0, 0, 0],
    [3, 0, 0, 0, 0],
], dtype=float)  # bright on the left, dark on the right: a vertical edge
K = np.array([
    [1, 0, -1],
    [1, 0, -1],
    [1, 0, -1],
], dtype=float)  # left column minus right column: responds to bright-to-dark from left to right

print("top-left window:\n", X[0:3, 0:3])
print("window * kernel, summed:", np.sum(X[0:3, 0:3] * K), "(uniform window: no edge)")
print("next window (one column to the right):", np.sum(X[0:3, 1:4] * K), "(the edge)")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** a convolution is multiply-and-add on a window, then slide. The uniform window gives zero, the window on the edge a large value: the kernel answers to its pattern, nothing else.
# **Time:** 10 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Signal processing says** the convolution of an image $x$ with a kernel $w$ is
# > $(x * w)[i, j] = \sum_{u, v} x[i - u,\, j - v]\; w[u, v]$: the kernel is **flipped** (turned by $180^\circ$) before
# > it slides over the image.
# >
# > **In fact** deep-learning libraries (TensorFlow, PyTorch, and `lecturekit.convolution` here) compute
# > $\sum_{u, v} x[i + u,\, j + v]\; w[u, v]$, with no flip: strictly a *cross-correlation*, which they call
# > convolution. For a learned kernel it makes no difference (gradient descent simply learns the flipped
# > weights). For a hand-made one it does: flipped, the edge kernel above gives the opposite sign at the edge.

# %% slideshow={"slide_type": "-"}
print("no flip (deep learning):                ", np.sum(X[0:3, 1:4] * K))
print("kernel flipped (signal processing, x*w):", np.sum(X[0:3, 1:4] * K[::-1, ::-1]))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** a side remark for students who know signal processing: libraries do not flip the kernel. For learned kernels it does not matter, for hand-made ones the sign changes.
# **Time:** 11 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# Doing this at every position gives a 3×3 output ($5 - 3 + 1 = 3$ positions per axis). `lecturekit.convolution`
# computes all windows at once: `windows` is a *view* of the input, shaped (output rows, output columns, kernel
# rows, kernel columns), without copying a pixel, and the convolution is one sum of products over the kernel axes.

# %% slideshow={"slide_type": "-"}
patches = windows(X[None, :, :, None], kernel=3)[0, :, :, :, :, 0]  # (3, 3, 3, 3)
by_hand = np.einsum("ijuv,uv->ij", patches, K)
print(by_hand)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert np.array_equal(by_hand, conv2d(X, K))
assert np.allclose(conv2d(X, K), tf.nn.conv2d(X[None, :, :, None], K[:, :, None, None], 1, "VALID")[0, :, :, 0])
print("conv2d and TensorFlow's tf.nn.conv2d give the same 3x3 output as the sum by hand.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** all positions at once: the windows are a view of the image, and the convolution is one sum of products over the kernel's axes. A hidden check confirms TensorFlow gives the same numbers.
# **Time:** 12 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: one output by hand
#
# A 5×5 image `X1`, a 3×3 kernel `K1`, a bias `bias1 = 2` and **stride 2**: the window jumps two pixels at a time,
# so the output is 2×2. Compute the output in **row 1, column 0** (rows and columns count from 0), by hand or
# with one line of numpy. Which window of `X1` does it see?

# %% slideshow={"slide_type": "-"}
X1 = np.array([
    [1, 2, 0, 2, 3],
    [3, 0, 1, 0, 2],
    [3, 3, 3, 3, 1],
    [3, 0, 0, 1, 1],
    [1, 1, 3, 1, 1],
], dtype=float)
K1 = np.array([
    [1, 0, -1],
    [2, 1, 0],
    [0, -1, 1],
], dtype=float)
bias1 = 2.0

# %% slideshow={"slide_type": "-"} tags=["exercise"]
y_10 = ...  # your answer: output row 1, column 0 (one number)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
# Row 1 with stride 2 starts at input row 1 * 2 = 2; column 0 at input column 0: the window X1[2:5, 0:3].
y_10 = np.sum(X1[2:5, 0:3] * K1) + bias1  # 3 + 0 - 3 + 6 + 0 + 0 + 0 - 1 + 3 = 8, plus the bias 2

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_one_output(y_10, X1, K1, b=bias1, stride=2, row=1, col=0)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** give the room a few minutes, then run the check cell with a volunteer's number; its hint names the usual slips (the bias, the stride, a flipped kernel).
# **Ask:** which window of `X1` does output row 1, column 0 see?
# **Expect:** rows $2$ to $4$ and columns $0$ to $2$ (`X1[2:5, 0:3]`), because the stride is $2$; the output is the sum of products plus the bias.
# **Time:** 17 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** shift the 5×5 image `X` one column to the left (its edge moves one column left). What happens to the
# 3×3 output? And what stays the same, whatever the shift?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The output shifts one column to the left too: the strong response follows the edge. A convolution is
# *shift-equivariant*: shift the input, and the feature map shifts the same way (away from the borders, where
# windows fall off the image). The values themselves stay the same, because the same kernel is used at every
# position. That is the shared-weights idea, seen in the numbers.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** shift-equivariance is the shared weights seen from outside: the feature map moves with the input. Pooling, next, adds a little insensitivity to the shift itself.
# **Expect:** the output shifts one column to the left too; its values stay the same, away from the border.
# **Time:** 20 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Feature maps of a real digit
#
# Hand-made 3×3 filters on an MNIST digit: each one lights up where the digit has its feature.

# %% slideshow={"slide_type": "-"}
edge_filters = {
    "vertical edge": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float),
    "horizontal edge": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], dtype=float),
    "diagonal /": np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]], dtype=float),
    "diagonal \\": np.array([[2, 1, 0], [1, 0, -1], [0, -1, -2]], dtype=float),
}
digit = x_train[0] / 255.0
digit_maps = {  # ReLU keeps the positive responses
    name: np.maximum(conv2d(digit, f), 0) for name, f in edge_filters.items()
}

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** four classic $3 \\times 3$ edge filters (Sobel's), applied to the first training digit; the ReLU keeps only where a filter answers positively.
# **Time:** 21 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# The filters are drawn with red for positive and blue for negative weights; a feature map in gray, bright where
# the filter responds.

# %% alt=["Top row: the first training digit, then the four 3 by 3 filters (vertical edge, horizontal edge, rising and falling diagonal) in red for positive and blue for negative weights. Bottom row: each filter's feature map of the digit in gray, bright only along the strokes of the filter's direction and on one side of each stroke."] slideshow={"slide_type": "-"} tags=["hide-input"]
fig, axes = plt.subplots(2, 5, figsize=(11, 4.6), layout="constrained")
axes[0, 0].imshow(digit, cmap="gray_r")
axes[0, 0].set_title(f"digit ({y_train[0]})")
axes[1, 0].axis("off")
for col, (name, f) in enumerate(edge_filters.items(), start=1):
    axes[0, col].imshow(f, cmap=lk.style.DIVERGING, vmin=-2, vmax=2)
    axes[0, col].set_title(name)
    axes[1, col].imshow(digit_maps[name], cmap="gray")
    axes[1, col].set_title("feature map", fontsize=12)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** each map is bright where the digit has the filter's edge, and only on one side of a stroke: an edge filter sees one direction of the edge.
# **Ask:** which map is brightest along the digit's top bar?
# **Expect:** the horizontal-edge map.
# **Time:** 23 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# Stacking the filters along a last axis gives **one convolutional layer**: a kernel of shape
# (3, 3, 1 input channel, 4 output channels) and one bias per filter turn one image into four feature maps. The
# next layer's filters then see all four maps at once (their kernels have 4 input channels).

# %% slideshow={"slide_type": "-"}
W1 = np.stack(list(edge_filters.values()), axis=-1)[:, :, None, :]  # (3, 3, 1, 4)
b1 = np.zeros(4)
batch = (x_train[:8] / 255.0)[..., None]  # (8, 28, 28, 1)
feature_maps = conv2d(batch, W1, b1)
print("kernel", W1.shape, "-> feature maps", feature_maps.shape)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
difference = np.abs(feature_maps - tf.nn.conv2d(batch, W1, 1, "VALID")).max()
assert difference < 1e-12
print("The same feature maps as tf.nn.conv2d, up to rounding (difference < 1e-12).")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** a layer is just the filters stacked along a last axis: one image in, one feature map per filter out; read the shapes off the output. The next layer's filters have one slice per incoming map.
# **Time:** 25 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Four filters, five patches
#
# Below are the four hand-made filters again and five 3×3 patches of an image, with ink (1) black as in the
# digits and paper (0) white. A filter's response to a patch is $\sum$ weight × pixel, the value of its feature
# map where it sits on that patch.

# %% alt=["Top row: the four hand-made 3 by 3 filters, red for positive and blue for negative weights. Bottom row: five 3 by 3 patches lettered A to E, ink dark on white paper: A ink in the top-right corner, B the right column, C the top-left corner, D the top row, E the left column."] slideshow={"slide_type": "-"} tags=["hide-input"]
fig, axes = plt.subplots(2, 5, figsize=(11, 4.8), layout="constrained")
for ax, (name, f) in zip(axes[0], edge_filters.items()):
    ax.imshow(f, cmap=lk.style.DIVERGING, vmin=-2, vmax=2)
    ax.set_title(name)
axes[0, 4].axis("off")
for ax, (letter, patch) in zip(axes[1], PATCHES.items()):
    ax.imshow(patch, cmap="gray_r", vmin=0, vmax=1.6)  # ink dark gray, so the grid stays visible
    ax.set_title(f"patch {letter}")
for ax in axes.flat:
    ax.set_xticks(np.arange(-0.5, 3, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, 3, 1), minor=True)
    ax.grid(which="minor", color=lk.style.PALETTE["sky"], lw=1)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** predict first, from the pictures: ink on the red weights and none on the blue ones gives the largest sum. Give the room a minute to decide, by a show of hands per filter.
# **Time:** 27 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: which patch excites which filter? (predict, then check)
#
# For each filter in the figure before, which patch gives the **largest** response? Decide from the pictures
# first, before computing anything: where should the ink be?

# %% slideshow={"slide_type": "-"} tags=["exercise"]
answers = {  # your prediction: a patch letter, "A" to "E", for each filter
    "vertical edge": ...,
    "horizontal edge": ...,
    "diagonal /": ...,
    "diagonal \\": ...,
}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
# Ink on every red (positive) weight and none on the blue ones: the edge in the filter's direction.
answers = {
    "vertical edge": "E",  # ink on the left column, paper on the right
    "horizontal edge": "D",  # ink on the top row
    "diagonal /": "A",  # ink in the top-right corner
    "diagonal \\": "C",  # ink in the top-left corner
}

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_strongest_patch(answers, edge_filters)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** fill in the room's majority answers and run the check; its hint says which filter is wrong and why (a negative response means the ink sits on the blue weights).
# **Time:** 30 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# Then check: every filter on every patch. Patch B, the mirror image of E, gives the vertical-edge filter its most
# *negative* response: an edge filter detects an edge in one direction only, and after a ReLU a negative response
# is 0. A network that needs both directions learns two filters.

# %% slideshow={"slide_type": "-"}
print(f"{'':>16}" + "".join(f"{letter:>6}" for letter in PATCHES))
for name, f in edge_filters.items():
    print(f"{name:>16}" + "".join(f"{np.sum(f * patch):>+6.0f}" for patch in PATCHES.values()))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the full table confirms the predictions; the mirror-image edge gives the most negative response, which a ReLU turns into zero, so a network that needs both directions learns two filters.
# **Time:** 31 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pooling
#
# A pooling layer shrinks each feature map by summarizing small windows, usually 2×2: **max pooling** keeps the
# largest value ("is the feature somewhere in this window?"), **average pooling** the mean, and **L2 pooling** the
# square root of the sum of squares, a smooth version of max. Pooling has no weights, makes the map four times
# smaller and a little insensitive to small shifts.

# %% slideshow={"slide_type": "-"}
A = np.array([[1, 3, 2, 0], [4, 2, 0, 1], [0, 1, 5, 2], [2, 0, 1, 1]], dtype=float)
for name, pool in POOLINGS.items():
    print(f"{name:>7} pooling:", pool(A).round(2).tolist())

# %% alt=["Four gray images in a row: the vertical-edge feature map of the digit at full size, then its max, average and L2 pooled versions, each half as wide and high, titled with their sizes. The pooled maps look like coarser copies of the feature map; max pooling keeps the strokes brightest."] slideshow={"slide_type": "-"} tags=["hide-input"]
vertical = np.maximum(conv2d(digit, edge_filters["vertical edge"]), 0)
fig, axes = plt.subplots(1, 4, figsize=(11, 3.0), layout="constrained")
axes[0].imshow(vertical, cmap="gray")
axes[0].set_title(f"feature map {vertical.shape[0]}x{vertical.shape[1]}")
for ax, (name, pool) in zip(axes[1:], POOLINGS.items()):
    pooled = pool(vertical)
    ax.imshow(pooled, cmap="gray")
    ax.set_title(f"{name} pooling {pooled.shape[0]}x{pooled.shape[1]}")
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** pooling summarizes each $2 \\times 2$ window: max asks whether the feature is there at all. It has no weights and quarters the map.
# **Time:** 33 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** the digit moves one pixel to the right. Which changes less, the feature map or its 2×2 max-pooled
# version? What does the pooled map no longer know?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The feature map shifts by one pixel: every value moves. After 2×2 max pooling, a maximum that stays inside its
# 2×2 window gives the same pooled value at the same place, so many pooled values do not change: pooling makes
# the network a little insensitive to small shifts. The price is that the pooled map no longer knows *where* in
# each window the feature was. For classifying a digit that hardly matters; for drawing the outline of a nerve
# pixel by pixel it does, which is why the U-Net of lecture 8 passes the unpooled maps across ("skip
# connections") to its up-sampling half.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** this is the question Exercise 3 turns into an experiment at home; here, reason it out with one maximum inside its window.
# **Expect:** the pooled map changes less, because a maximum that stays in its window gives the same pooled value; the pooled map no longer knows where in its window the feature was.
# **Time:** 35 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: move the digits by one pixel (an experiment)
#
# Test the Think question's answer on many digits. For 20 test digits drawn at random, move each digit one pixel to
# the right (`np.roll(image, 1, axis=1)`), compute the vertical-edge feature map (after the ReLU) of the digit and
# of the moved digit, and measure how much it changed with `relative_change(before, after)`, that is
# $\sum |\text{after} - \text{before}| \,/\, \sum |\text{before}|$. Do the same for the two maps after 2×2 max
# pooling (`max_pool2d`). The check compares the averages over the digits. Run the cell again: other digits,
# other numbers; does the conclusion hold?

# %% slideshow={"slide_type": "-"} tags=["exercise"]
vertical_edge = edge_filters["vertical edge"]
map_changes, pooled_changes = [], []  # one relative change per digit
for i in rng.choice(len(x_test), 20, replace=False):
    image = x_test[i] / 255.0
    moved = ...  # the digit moved one pixel to the right
    before, after = ..., ...  # the feature maps of image and of moved: the ReLU of conv2d with vertical_edge
    map_changes.append(relative_change(before, after))
    pooled_changes.append(...)  # the relative change of their 2x2 max-pooled maps

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
vertical_edge = edge_filters["vertical edge"]
map_changes, pooled_changes = [], []  # one relative change per digit
for i in rng.choice(len(x_test), 20, replace=False):
    image = x_test[i] / 255.0
    moved = np.roll(image, 1, axis=1)  # the last column wraps around to the first: it is paper, zeros
    before, after = (np.maximum(conv2d(x, vertical_edge), 0) for x in (image, moved))
    map_changes.append(relative_change(before, after))
    pooled_changes.append(relative_change(max_pool2d(before), max_pool2d(after)))

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_shift_experiment(map_changes, pooled_changes)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** for home: the experiment turns the Think answer into a measurement over many digits. Show the stub and say that the check accepts any draw of digits, because the conclusion does not depend on which digits are drawn.
# **Time:** 36 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: convolution arithmetic
#
# How many outputs does a convolution have, and which inputs does each one see? Along each axis
#
# $$o = \left\lfloor \frac{i + 2p - d(k - 1) - 1}{s} \right\rfloor + 1$$
#
# for input size $i$, kernel size $k$, stride $s$ (how far the window jumps), zero padding $p$ on each side and
# dilation $d$ (the kernel's taps are $d$ pixels apart, so it covers $d(k-1)+1$ pixels).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** one formula for all the cases: the free room in the padded input, divided by the stride, plus the first position.
# **Time:** 37 min


# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# Move the sliders: the input is pale blue inside its black frame and the padding zeros are light grey; the
# highlighted (green) output cell reads the blue inputs and the sky-blue padding zeros. The drawings follow
# Dumoulin and Visin, *A guide to convolution arithmetic for deep learning* (2016) [2].

# %% alt=["Two grids side by side, with the output-size formula and its numbers filled in as the title. Left: the 5 by 5 input in pale blue inside a black frame, surrounded by one ring of light-grey padding cells; the nine cells that output cell (1, 1) reads with stride 2 are blue. Right: the 3 by 3 output in pale green with cell (1, 1) green. The sliders change input size, kernel, stride, padding, dilation and the chosen output cell, and both grids follow."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
arithmetic = ConvArithmetic(size=5, kernel=3, stride=2, padding=1, dilation=1, row=1, col=1)
arithmetic

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert arithmetic.output_shape == (output_size(5, 3, stride=2, padding=1),) * 2 == (3, 3)
print("The widget starts with a 5x5 input, a 3x3 kernel, stride 2 and padding 1: a 3x3 output.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** live: raise the stride and watch the output shrink; add padding and watch the window reach the zeros; set dilation to two and watch the taps spread.
# **Ask:** which padding keeps a $5 \\times 5$ input at $5 \\times 5$ with a $3 \\times 3$ kernel and stride one?
# **Expect:** $p = 1$, the half or same padding.
# **Time:** 40 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# The cases of the guide: the output size from the formula and from `conv2d` itself.

# %% slideshow={"slide_type": "-"}
cases = {
    "no padding, stride 1": dict(size=5, kernel=3, stride=1, padding=0, dilation=1),
    "half ('same') padding": dict(size=5, kernel=3, stride=1, padding=1, dilation=1),
    "full padding": dict(size=5, kernel=3, stride=1, padding=2, dilation=1),
    "padding 1, stride 2": dict(size=5, kernel=3, stride=2, padding=1, dilation=1),
    "dilation 2": dict(size=7, kernel=3, stride=1, padding=0, dilation=2),
}
results = {}
for name, case in cases.items():
    image = np.pad(rng.normal(size=(case["size"],) * 2), case["padding"])
    results[name] = conv2d(image, np.ones((case["kernel"],) * 2), stride=case["stride"], dilation=case["dilation"])
    o = output_size(case["size"], case["kernel"], case["stride"], case["padding"], case["dilation"])
    print(f"{name:<22} i={case['size']} k={case['kernel']} s={case['stride']} p={case['padding']} "
          f"d={case['dilation']} -> formula {o}x{o}, conv2d {results[name].shape[0]}x{results[name].shape[1]}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
for name, case in cases.items():
    arithmetic.set(**case)
    assert arithmetic.output_shape == results[name].shape
arithmetic.set(size=5, kernel=3, stride=2, padding=1, dilation=1, row=1, col=1)  # back to the start
print("The widget draws the output size conv2d computes, in all five cases.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the named cases of the guide, by the formula and by `conv2d` itself: they agree, and a hidden check confirms the widget draws the same sizes.
# **Time:** 41 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 4: output size and parameters of a convolutional layer
#
# Write `conv_output_size(i, k, s, p, d)`, the formula above in code, and `conv_parameters(k, in_channels,
# filters)`: the weights and biases of a layer of `filters` filters of size $k \times k$ on an input with
# `in_channels` channels (feature maps). The check tries them on layers of several sizes. Then use them to
# predict the table of the network below: the 28×28 digit through 20 filters 5×5, and the second layer's 40
# filters 5×5 on those 20 maps.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def conv_output_size(i, k, s=1, p=0, d=1):
    """Output positions along one axis: input size i, kernel k, stride s, padding p (each side), dilation d."""
    ...  # your code: return a whole number


def conv_parameters(k, in_channels, filters):
    """Weights and biases of a layer of `filters` filters of k x k on `in_channels` input channels."""
    ...  # your code


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def conv_output_size(i, k, s=1, p=0, d=1):
    """Output positions along one axis: input size i, kernel k, stride s, padding p (each side), dilation d."""
    span = d * (k - 1) + 1  # pixels the dilated kernel covers
    return (i + 2 * p - span) // s + 1  # steps of s in the free room, plus the first position


def conv_parameters(k, in_channels, filters):
    """Weights and biases of a layer of `filters` filters of k x k on `in_channels` input channels."""
    return filters * (k * k * in_channels + 1)  # each filter: k x k weights per input channel, and one bias


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_conv_layer(conv_output_size, conv_parameters)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** for home: the formula in code, and the parameter count of a layer; the LeNet table later uses the same counting.
# **Time:** 42 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5: what one unit sees
#
# A unit's **receptive field** is the part of the input image it depends on. A 3×3 convolution sees 3×3 pixels; a
# second 3×3 convolution on top of it sees 3×3 of the first layer's outputs, which together cover 5×5 pixels.
# Pooling spreads the windows of the layers after it: after a 2×2 max pooling, neighbouring units are 2 pixels
# apart. Write `receptive_field(layers)`: `layers` is a list of (kernel size, stride) pairs, first layer first (a
# 2×2 max pooling is `(2, 2)`), and it returns the width, in pixels, of what one unit of the last layer sees. What
# does one unit after this lecture's conv–pool–conv–pool see of a 28×28 digit?

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def receptive_field(layers):
    """Width in input pixels of what one unit of the last layer sees; layers: [(kernel, stride), ...]."""
    ...  # your code: start from 1 pixel and let each layer widen it


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def receptive_field(layers):
    """Width in input pixels of what one unit of the last layer sees; layers: [(kernel, stride), ...]."""
    field, jump = 1, 1  # pixels seen, and the distance in input pixels between neighbouring units
    for kernel, stride in layers:
        field += (kernel - 1) * jump  # the window reaches kernel - 1 units further, each jump pixels apart
        jump *= stride  # the units of the next layer are stride times further apart
    return field


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_receptive_field(receptive_field)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** for home: each layer widens the view by $k - 1$ steps, and every pooling doubles the step. The same counting answers the Think question about the second layer later.
# **Time:** 43 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## A convolutional network for MNIST
#
# The classic architecture: convolution (20 filters 5×5) → max pooling 2×2 → convolution (40 filters 5×5) → max
# pooling 2×2 → a dense layer of 100 neurons → softmax over the 10 digits, with ReLU activations. Each stage
# halves the resolution while the number of feature maps grows: the network trades *where* for *what*.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** everything so far, put together: two convolution-pooling stages, then the dense layer and softmax students know from lectures 5 and 6.
# **Time:** 44 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Where it comes from: LeNet-5
#
# This architecture descends from **LeNet-5** (LeCun, Bottou, Bengio and Haffner, 1998 [1]), a convolutional
# network trained end to end by backpropagation to read handwritten characters. Its input was a 32×32 image (an
# MNIST digit of 28×28, padded); convolutions alternated with *subsampling* layers (the sum of each 2×2 window,
# times a learned weight, plus a bias), a scaled tanh after each of them, and a fully connected layer and the
# output layer came last. It made fewer than 1% of errors on the MNIST test digits (0.95% [1]), and it was no
# toy: the paper reports that a check-reading system built on these networks was deployed commercially and read
# several million bank checks a day [1].

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** a short history: the architecture is older than deep learning's fame, and it was used in industry before most students were born.
# **Time:** 46 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# LeNet-5 layer by layer: each output size from `output_size`, each parameter count by the counting of Exercise 4
# (`lecturekit.blocks` keeps the bookkeeping).

# %% slideshow={"slide_type": "-"}
print(layer_table(lenet5_layers()))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** read the table top down: the map shrinks while the number of maps grows, and most parameters sit in the last convolution and the dense layer.
# **Time:** 47 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# The paper's count, 60 000 [1]. The network of this lecture is LeNet-5 with today's defaults: ReLU instead of
# tanh, max pooling instead of learned subsampling, a softmax output with cross-entropy instead of LeNet's
# distance-based output units, Adam instead of the paper's stochastic gradient descent with a step size per
# weight (from an estimate of the curvature), and the 28×28 digit without padding. In Keras:

# %% slideshow={"slide_type": "-"}
layers = keras.layers
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(20, 5, activation="relu", name="conv1"),
    layers.MaxPooling2D(2, name="pool1"),
    layers.Conv2D(40, 5, activation="relu", name="conv2"),
    layers.MaxPooling2D(2, name="pool2"),
    layers.Flatten(name="flatten"),
    layers.Dense(100, activation="relu", name="dense"),
    layers.Dense(10, activation="softmax", name="softmax"),
], name="mnist_cnn")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the same network with today's defaults, in a few lines of Keras; point at each layer and its LeNet ancestor.
# **Time:** 49 min


# %% slideshow={"manual": true, "slide_type": "subslide"}
print(f"{'layer':<8} {'type':<13} {'output shape':<18} {'parameters':>10}")
for layer in model.layers:
    print(f"{layer.name:<8} {type(layer).__name__:<13} {str(layer.output.shape):<18} {layer.count_params():>10,}")
print(f"{'total':<41} {model.count_params():>10,}")

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# About 86 000 parameters, most of them in the dense layer; the 20 first-layer filters have only 520, and the second
# layer's 40 filters, each 5×5 on 20 maps, $40 \cdot (5 \cdot 5 \cdot 20 + 1) = 20\,040$ (Exercise 3). The
# fully connected 784-100-10 network of lecture 6 has about as many,
# $784 \cdot 100 + 100 + 100 \cdot 10 + 10 = 79\,510$, but it cannot reuse what it learns at one position
# elsewhere.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the parameter count per layer: the convolutions are cheap, the dense layer is not; the whole network is about as large as the fully connected one of lecture 6.
# **Time:** 50 min


# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# **Training**: cross-entropy loss, Adam, mini-batches of 64, on **12 000 images drawn from the training set**
# (each digit keeping its share, the same images on every machine), with **2 000 more as a validation set**.
# **Early stopping** chooses the number of epochs on the validation set: training stops when the validation
# accuracy has not improved for 3 epochs, or after 12 epochs at most, and the weights of the best epoch are
# kept. The 10 000 test images are not touched until the model is chosen.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
MAX_EPOCHS = 12
(x_fit, y_fit), (x_val, y_val) = draw(x_train, y_train, 12_000, 2_000, seed=0)
X_fit, X_val, X_test = ((x / 255.0).astype("float32")[..., None] for x in (x_fit, x_val, x_test))
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
early_stopping = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3, restore_best_weights=True)
progress = TrainingProgress(MAX_EPOCHS, "MNIST CNN")
history = model.fit(X_fit, y_fit.astype("int32"), batch_size=64, epochs=MAX_EPOCHS, verbose=0,
                    validation_data=(X_val, y_val.astype("int32")),
                    callbacks=[early_stopping, progress.keras_callback()])
val_accuracy = history.history["val_accuracy"]
best_epoch = int(np.argmax(val_accuracy)) + 1
ended = "stopped early" if early_stopping.stopped_epoch else f"all {MAX_EPOCHS}: early stopping did not trigger"
print(f"{progress.seconds_per_epoch:.1f} s per epoch; {len(val_accuracy)} epochs ({ended}); "
      f"kept epoch {best_epoch} (validation accuracy {max(val_accuracy):.1%})")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert max(val_accuracy) > 0.965 and len(val_accuracy) >= 4 and best_epoch == early_stopping.best_epoch + 1
print("Early stopping kept the epoch with the best validation accuracy, above 96.5%.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** start the training cell first and talk while it runs, about a minute on a laptop: the same recipe as lecture 6, with early stopping on the validation set.
# **Time:** 53 min


# %% alt=["Accuracy in percent against the epoch. The training accuracy (circles, solid line) starts lowest, averaged over the first epoch, then climbs past the validation accuracy and on towards 100 percent; the validation accuracy (squares, dashed line) levels off below it after a few epochs. A dotted vertical line marks the epoch early stopping kept."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(8, 4))
epochs = np.arange(1, len(val_accuracy) + 1)
ax.plot(epochs, 100 * np.array(history.history["accuracy"]), marker="o", label="training")
ax.plot(epochs, 100 * np.array(val_accuracy), marker="s", label="validation")
ax.axvline(best_epoch, color=lk.style.PALETTE["black"], ls=":", lw=1.5, label="epoch kept")
ax.set_xlabel("epoch")
ax.set_ylabel("accuracy (%)")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# Now, once, the test set: the chosen model on all 10 000 test digits.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
probs = model.predict(X_test, verbose=0)
y_pred = probs.argmax(axis=1)
test_accuracy = float(np.mean(y_pred == y_test))
print(f"test accuracy: {test_accuracy:.2%} ({int(np.sum(y_pred != y_test))} of {len(y_test)} test digits wrong)")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert 0.97 <= test_accuracy < 0.99
print("The CNN classifies about 98% of the 10 000 test digits correctly (between 97% and 99%).")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the gap between the curves is the overfitting of lecture 6; then the test set, once, for the model early stopping chose. Read the test accuracy off the output.
# **Time:** 54 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# Trained on 12 000 images, this network gets about 98% of the test digits right, where the chosen fully
# connected network of [lecture 6](06_training.ipynb) (trained on 10 000) got about 96–97%: fewer mistakes, with
# about as many parameters.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** early stopping kept the epoch with the best *validation* accuracy. Why not choose the epoch with the
# best *test* accuracy, and report that?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Each epoch's accuracy on a finite set is the true accuracy plus some noise (on 10 000 test digits at 98%, one
# standard error is $\sqrt{0.98 \cdot 0.02 / 10\,000} \approx 0.14$ points). Picking the best of twelve noisy
# numbers picks, in part, the luckiest noise, so the chosen number is too optimistic: it no longer says how the
# model does on new digits. The validation set absorbs that optimism (its best accuracy is a little flattering
# too), and the test set, looked at once, stays an honest estimate.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the comparison with lecture 6 in one sentence, then the Think: it recalls why the test set is touched once.
# **Expect:** choosing the best of many noisy test accuracies picks the luckiest noise, so the number would be too optimistic; the validation set absorbs that, the test set stays honest.
# **Time:** 57 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the network learned
#
# The 20 learned first-layer filters are 5×5 grids of weights, hard to read by eye. So ask them what they detect,
# the way neurophysiologists ask neurons of the visual cortex [7]: show each filter stripes of one orientation at a
# time, horizontal (—), rising (/), vertical (|) and falling (\\), about as wide as a pen stroke, and measure its
# mean response after the ReLU.

# %% alt=["Four square images of sinusoidal gray stripes about a pen stroke wide, one per orientation: horizontal, rising, vertical and falling, each titled with its symbol."] slideshow={"slide_type": "-"} tags=["hide-input"]
ORIENTATIONS = {"—": 0, "/": 45, "|": 90, "\\": 135}  # degrees from the horizontal, counterclockwise
rows, cols = np.mgrid[:28, :28].astype(float)
stripes = {  # sinusoidal stripes with a period of 6 pixels, values 0 (paper) to 1 (ink), as the digits
    name: 0.5 + 0.5 * np.cos(2 * np.pi * (-np.sin(np.radians(a)) * cols - np.cos(np.radians(a)) * rows) / 6)
    for name, a in ORIENTATIONS.items()
}
fig, axes = plt.subplots(1, 4, figsize=(8, 2.6), layout="constrained")
for ax, (name, image) in zip(axes, stripes.items()):
    ax.imshow(image, cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(f"stripes {name}")
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** we cannot read the learned filters by eye, so we ask them, as Hubel and Wiesel asked neurons: show stripes of one orientation at a time and measure the response.
# **Time:** 59 min


# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["nbval-ignore-output"]
W_conv1, b_conv1 = model.get_layer("conv1").get_weights()  # (5, 5, 1, 20) and (20,)
response = np.stack([  # (4 orientations, 20 filters): mean feature-map value after the ReLU
    np.maximum(conv2d(image[None, :, :, None], W_conv1, b_conv1), 0).mean(axis=(0, 1, 2)) for image in stripes.values()
])
names = list(ORIENTATIONS)
preferred = response.argmax(axis=0)
perpendicular = response[(preferred + 2) % 4, np.arange(20)]
selective = response.max(axis=0) >= 2 * perpendicular  # at least twice the response to the perpendicular stripes
labels = [names[p] if s else "any" for p, s in zip(preferred, selective)]
print(f"{selective.sum()} of 20 filters answer at least twice as strongly to one orientation as to the perpendicular"
      " one:", ", ".join(f"{name} {labels.count(name)}" for name in names))
print(f"the other {labels.count('any')} answer to stripes of every orientation")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert 4 <= selective.sum() <= 17 and len({labels[i] for i in np.flatnonzero(selective)}) >= 2
print("Several learned filters prefer strokes of one orientation, not all the same one; the others respond to ink "
      "of any orientation.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** read the counts off the output: several filters prefer one orientation, and they do not all prefer the same one; the exact numbers change from run to run.
# **Time:** 60 min


# %% alt=["The twenty learned 5 by 5 first-layer filters in two rows of ten, red for positive and blue for negative weights, each titled with the stripe orientation it prefers or 'any'. They look noisy; in the oriented ones a band of red beside a band of blue runs along the preferred direction."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, axes = plt.subplots(2, 10, figsize=(12.2, 3.4), layout="constrained")
for i, ax in enumerate(axes.flat):
    w = W_conv1[:, :, 0, i]
    ax.imshow(w, cmap=lk.style.DIVERGING, vmin=-np.abs(w).max(), vmax=np.abs(w).max())
    ax.set_title(labels[i])
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# The filters (red positive, blue negative weights), each titled with the orientation it prefers, or "any". They
# look noisy, nothing like the clean hand-made edge filters, yet several are **orientation detectors**: on stripes
# they answer mostly to one direction of stroke, and not all to the same one. The others answer to ink of any
# orientation (they mark where the ink is, whatever its direction). Gradient descent does not look for
# filters a person would design, only for filters whose feature maps the next layers can use, and small weights
# that do not matter for that are never cleaned up.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the learned filters are noisy, yet several are orientation detectors: gradient descent finds filters the next layers can use, not filters a person would draw.
# **Time:** 62 min


# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# The learned layer is a convolution like ours: the numpy `conv2d` with the learned weights reproduces the first
# layer's feature maps of a test digit.

# %% slideshow={"slide_type": "-"}
ours = np.maximum(conv2d(X_test[:1], W_conv1, b_conv1), 0)
conv1_model = keras.Model(model.inputs, model.get_layer("conv1").output)
theirs = conv1_model.predict(X_test[:1], verbose=0)
print(f"feature maps {ours.shape}, computed by lecturekit's conv2d from the learned weights")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert np.abs(ours - theirs).max() < 1e-4
print("The same feature maps as Keras's first layer (difference < 1e-4).")

# %% alt=["The first test digit, a 7, as input on the left, then its twenty first-layer feature maps in gray in two rows of ten, each titled with its filter's preferred orientation or 'any'. Oriented maps light up on the strokes of their direction, the horizontal bar or the steep stroke, while the 'any' maps show the whole digit."] slideshow={"slide_type": "-"} tags=["hide-input"]
fig, axes = plt.subplots(2, 11, figsize=(12.2, 3.4), layout="constrained")
axes[0, 0].imshow(X_test[0, :, :, 0], cmap="gray_r")
axes[0, 0].set_title("input", fontsize=12)
for i, ax in enumerate(axes[:, 1:].flat):
    ax.imshow(ours[0, :, :, i], cmap="gray")
    ax.set_title(labels[i], fontsize=12)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
axes[1, 0].axis("off")
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the learned layer is an ordinary convolution: our numpy `conv2d` with the learned weights gives Keras's feature maps, as a hidden check confirms. Each map shows its filter's strokes wherever they are in the digit.
# **Time:** 63 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Compare each map with its title: look for the 7's horizontal bar and its steep stroke in different maps, and
# for the whole digit in the "any" maps. Each filter is looked for everywhere, as the shared weights promise.
#
# **Think:** the second convolutional layer sees these 20 maps. What could one of its filters detect that no
# first-layer filter can?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Combinations: a second-layer filter adds up several first-layer maps over a 5×5 window of the pooled maps,
# which covers $4 \cdot 2 + 6 = 14$ pixels of the digit in each direction (five pooled units 2 pixels apart, each
# seeing $6 \times 6$ pixels). It can respond to "a horizontal stroke above a steep one" (the corner of
# a 7), to a line ending, a crossing, or a closed loop: parts of digits rather than strokes. Deeper layers combine
# those in turn; this growing hierarchy, from edges to parts to objects, is what the layers of large image networks
# are found to learn.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the second layer combines the first layer's maps over a wider window; Exercise 5 computes how wide.
# **Expect:** combinations of strokes over a wider window: a corner, a line ending, a crossing, a loop.
# **Time:** 65 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Its mistakes
#
# The misclassified test digits, with the network's guess and its confidence, and the true label. Many are hard
# for people too.

# %% alt=["Sixteen misclassified test digits in two rows of eight, each titled with the network's guess and its confidence above the true label. Many are slanted, broken or thick, and some would puzzle a person too."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
wrong = np.flatnonzero(y_pred != y_test)
show = wrong[:16]
fig, axes = plt.subplots(2, 8, figsize=(12.2, 4.1), layout="constrained")
for ax, i in zip(axes.flat, show):
    ax.imshow(x_test[i], cmap="gray_r")
    ax.set_title(f"{y_pred[i]} ({probs[i].max():.0%})\ntrue {y_test[i]}", fontsize=12)
for ax in axes.flat:
    ax.axis("off")
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert len(wrong) == int(np.sum(y_pred != y_test)) >= len(show) == 16
print("Sixteen of the misclassified test digits are shown.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** let the room read a few titles aloud: guess, confidence, true label. Many mistakes are confident, which says something about what a softmax probability means.
# **Time:** 67 min


# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** look at the mistakes. Which of them would more training data or a bigger network fix, and which
# could no network fix?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Digits written in an unusual but readable way (very slanted, very thick, an open loop) are rare in 12 000
# training images; more data, or training images shifted, rotated and thickened on purpose (data augmentation),
# fix many of them. Digits that are truly ambiguous, a 4 that is also a 9, or a label that looks wrong, cannot be
# fixed by any network: the image does not hold the answer. The best MNIST networks still get about 0.2% of the
# test digits wrong (0.21% for an ensemble of DropConnect networks [6]), mostly of this kind.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** separate the fixable mistakes from the ambiguous ones; data augmentation is the cheap fix for the first kind.
# **Expect:** unusual but readable digits are fixed by more or augmented data; truly ambiguous digits or wrong labels no network can fix.
# **Time:** 69 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Building blocks
#
# Step back from the digits: a deep network is a few kinds of layers put together like bricks, each with one job,
# its forward rule and its backward rule (lecture 4), so backpropagation works through any stack of them.
#
# | block | what it does | parameters |
# |---|---|---|
# | convolution | detects a local pattern everywhere (shared weights) | $k \cdot k \cdot c$ per filter, plus a bias |
# | pooling | shrinks a map, keeps the strongest response | none |
# | nonlinearity (ReLU, tanh, sigmoid) | makes the stack more than one linear map | none |
# | dense | combines everything it sees | one weight per input and output, plus biases |
# | softmax | turns scores into probabilities over classes | none |
# | normalization (batch norm) | keeps each layer's inputs at a steady scale (lecture 8) [4] | 2 per channel (and 2 running statistics) |
# | transposed convolution | grows a map back (up-sampling) | as a convolution |
# | concatenation | joins maps side by side: the skip connections of lecture 8 | none |

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** step back: every network in this course is a stack of these few blocks, each with a forward and a backward rule, which is why backpropagation works through any of them.
# **Time:** 70 min


# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# The CNN of this lecture and the U-Net of lecture 8, which outputs a mask instead of a digit, are built from the
# same blocks. Counted in the two Keras models (the U-Net is the one lecture 8 trains on a CPU, built here, not
# trained):

# %% slideshow={"manual": true, "slide_type": "-"}
unet_model = build_unet((*CPU_CONFIG.input_size, 1), CPU_CONFIG.depth, CPU_CONFIG.base_filters,
                        batch_norm=CPU_CONFIG.batch_norm)
print(block_table({"CNN (07)": model, "U-Net (08)": unet_model}))  # lecturekit.blocks counts the layers

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
cnn_blocks, unet_blocks = count_blocks(model), count_blocks(unet_model)
shared = [b for b in ("convolution", "pooling", "nonlinearity (ReLU)") if cnn_blocks[b] and unet_blocks[b]]
assert len(shared) == 3 and unet_blocks["transposed convolution"] == CPU_CONFIG.depth
assert 4 < sum(unet_blocks.values()) / sum(cnn_blocks.values()) < 6
print("The U-Net uses the CNN's convolution, pooling and ReLU blocks, plus normalization, up-sampling and skips, "
      "and has about five times as many blocks.")

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# The U-Net has about five times as many blocks but only three new kinds: normalization, the transposed convolution
# that undoes each pooling, and the concatenation that brings back the detail pooling threw away; it ends in a
# sigmoid per pixel instead of a softmax per image. A new architecture is mostly a new arrangement of known
# blocks, and a new block (batch normalization in 2015 [4], the skip connections of residual networks the same
# year [5]) spreads to many architectures at once.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** a network should read a hand X-ray and output the patient's bone age in years. Which blocks would
# you take from this lecture's CNN, and what would you change at the end?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The convolution–pooling–ReLU trunk stays (with more layers and filters for larger images), and so can the
# dense layer. The end changes: one output unit with no softmax (a linear output, a number, not probabilities
# over classes) and a regression loss instead of cross-entropy, e.g. MAE or Huber if some ages in the training
# labels are wrong (lecture 3).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the U-Net of the next lecture reuses the same blocks plus three new kinds; the Think shows that changing the task mostly changes the end of the network.
# **Expect:** keep the convolution, pooling and ReLU trunk; end in one linear output unit with a regression loss instead of a softmax with cross-entropy.
# **Time:** 73 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - A convolutional layer connects each neuron to a small window of its input (local receptive field) and shares
#   one filter across all positions: a feature is detected wherever it appears, with few parameters.
# - A convolution slides the filter over the input and sums products; several filters make several feature maps,
#   and the next layer's filters look across all of them.
# - Pooling (max, average, L2) shrinks feature maps; kernel size, stride, padding and dilation set the output
#   size, $o = \lfloor (i + 2p - d(k-1) - 1)/s \rfloor + 1$.
# - A small CNN (conv–pool–conv–pool–dense–softmax), LeNet-5 (1998) [1] with ReLU and max pooling, makes fewer
#   mistakes on MNIST than the fully connected networks of lectures 5 and 6; its first-layer filters are found by
#   gradient descent, not designed, and several of them detect strokes of one orientation.
# - Choices (here the number of epochs, by early stopping) are made on a validation set, as in lecture 6; the test
#   set is used once.
# - Deep networks are built from a few blocks (convolution, pooling, nonlinearity, dense, softmax, normalization,
#   up-sampling, concatenation); the U-Net of lecture 8 uses the same ones.
#
# **Next:** [08 U-Net](08_unet.ipynb) — convolutions for *segmentation*: a network that outputs an image, live on
# ultrasound images of nerves. Before it, read the appendix below: the transposed convolution that the U-Net uses
# to grow its maps back.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the summary in one breath: local windows, shared filters, pooling, and a stack of blocks. Point to the homework exercises and the appendix before lecture 8.
# **Time:** 75 min


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Appendix: going back up, the transposed convolution
#
# Convolutions with stride and pooling shrink an image. A network that outputs an image, such as the U-Net of
# lecture 8, must grow it back to full size, and it does so with a **transposed convolution**: every input value
# stamps a copy of the kernel, scaled by that value, into the output; the copies are $s$ pixels apart, and where
# they overlap they add up. Along each axis the output has
#
# $$o = s\,(i - 1) + k - 2p$$
#
# positions (with dilation, $s(i-1) + d(k-1) + 1 - 2p$): the size of the image that a convolution with the same
# $k$, $s$, $p$ would turn into $i$ outputs. A 2×2 map, a 3×3 kernel of ones, stride 2:

# %% slideshow={"slide_type": "-"}
small = np.array([[1.0, 2.0], [3.0, 4.0]])
ones = np.ones((3, 3))
stamped = conv2d_transpose(small, ones, stride=2)
print(stamped)
print("o = s(i - 1) + k - 2p = 2 * (2 - 1) + 3 - 0 =", transposed_output_size(2, 3, stride=2, padding=0))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** for home, before lecture 8: a transposed convolution stamps a scaled copy of the kernel for every input value, and the copies add where they overlap.
# **Time:** after class


# %% alt=["Three grids of numbers: the 2 by 2 input (1, 2, 3, 4), the 3 by 3 kernel of ones, and the 5 by 5 output of the transposed convolution with stride 2. Each input cell has its own coloured, differently dashed frame, and the same frame marks the 3 by 3 block of the output it stamps; the blocks overlap in the middle row and column, where the values add up."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, axes = plt.subplots(1, 3, figsize=(12, 4.6), layout="constrained", width_ratios=[2, 3, 5])
for ax, (title, values) in zip(axes, [("input 2x2", small), ("kernel 3x3", ones), ("output 5x5, stride 2", stamped)]):
    ax.imshow(values, cmap="gray_r", vmin=0, vmax=2.5 * stamped.max())
    for (r, c), v in np.ndenumerate(values):
        ax.text(c, r, f"{v:g}", ha="center", va="center", fontsize=14)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
frames = zip(lk.style.CYCLE, lk.style.LINESTYLES)  # the palette's colours, each with its own line style
for (r, c), (color, style), inset in zip(np.ndindex(2, 2), frames, (0.06, 0.12, 0.18, 0.24)):
    axes[0].add_patch(plt.Rectangle((c - 0.45, r - 0.45), 0.9, 0.9, fill=False, lw=3, ls=style, color=color))
    # input value (r, c) stamps kernel x value into rows 2r..2r+2, columns 2c..2c+2 of the output
    axes[2].add_patch(plt.Rectangle((2 * c - 0.5 + inset, 2 * r - 0.5 + inset), 3 - 2 * inset, 3 - 2 * inset,
                                    fill=False, lw=2.5, ls=style, color=color))
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** each frame on the input matches the block it stamps into the output; where blocks overlap, the values add.
# **Time:** after class


# %% [markdown] slideshow={"slide_type": "subslide"}
# **Why "transposed".** A convolution is linear in its input, so it is a matrix: flatten the 5×5 image into 25
# numbers, and `conv2d` with a 3×3 kernel and stride 2 multiplies them by a 4×25 matrix $C$ (one row per output,
# holding the kernel's weights where that window sits). The transposed convolution multiplies by $C^T$, 25×4: from
# the 2×2 map back to a 5×5 image. That is also exactly what backpropagation needs: through $y = Cx$ the
# gradient is $\partial L / \partial x = C^T\, \partial L / \partial y$ (lecture 4), so the backward pass of a
# convolution *is* a transposed convolution, and `conv2d_grad` gives the same numbers.
#
# It undoes the convolution's *shape*, not its values: it is not an inverse (the old name "deconvolution" is
# misleading). In a U-Net its kernel is learned like any other. The U-Net's up-convolution has $k = 2$, $s = 2$ and
# no cropping, so $o = 2(i - 1) + 2 = 2i$: each one doubles the image.

# %% slideshow={"slide_type": "-"}
kernel = rng.normal(size=(3, 3))
C = np.stack([conv2d(unit.reshape(5, 5), kernel, stride=2).ravel() for unit in np.eye(25)], axis=1)
g = rng.normal(size=(2, 2))  # e.g. the gradient of a loss with respect to the 2x2 output
print("conv2d as a matrix C:", C.shape, "  5x5 image (25 numbers) -> 2x2 map (4 numbers)")
print("conv2d_transpose(g):", conv2d_transpose(g, kernel, stride=2).shape, "= C^T g (25 numbers) as an image")
rows_up = [CPU_CONFIG.input_size[0] // 2**CPU_CONFIG.depth]  # lecture 8's U-Net: rows after its poolings
for _ in range(CPU_CONFIG.depth):
    rows_up.append(transposed_output_size(rows_up[-1], 2, stride=2))
print("rows through lecture 8's up-convolutions (k = 2, s = 2):", " -> ".join(map(str, rows_up)))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
back = conv2d_transpose(g, kernel, stride=2)
assert np.allclose(back.ravel(), C.T @ g.ravel())
assert np.allclose(back, conv2d_grad(np.zeros((5, 5)), kernel, g, stride=2)[0])
theirs = tf.nn.conv2d_transpose(g[None, :, :, None], kernel[:, :, None, None], (1, 5, 5, 1), 2, "VALID")
assert np.allclose(back, theirs[0, :, :, 0])
print("conv2d_transpose multiplies by C^T: the same as conv2d_grad's input gradient and tf.nn.conv2d_transpose.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the name: a convolution is a matrix, and this is its transpose, which is also what backpropagation computes through a convolution; it restores the shape, not the values.
# **Time:** after class


# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** almost every convolution in a U-Net uses "same" padding, $p = (k - 1)/2$ for odd $k$. Why? What would
# happen to a 64×64 image after twenty 3×3 convolutions without padding?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# With "same" padding and stride 1 the output has the input's size, $o = i + 2p - k + 1 = i$, so layers can be
# stacked without the image shrinking, and the pixels at the border get outputs too. Without padding each 3×3
# convolution removes one pixel on each side: twenty of them turn 64×64 into 24×24, and the border pixels are
# seen by far fewer windows than the centre. The original U-Net (2015) [3] used no padding and had to crop its skip
# connections and predict a smaller map than its input; most U-Nets since, including lecture 8's, pad.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** same padding keeps the size through a stack of layers; without it the image shrinks with every layer.
# **Expect:** with same padding the output keeps the input's size; twenty unpadded layers shrink the image by two pixels each, and the border pixels are seen by fewer windows.
# **Time:** after class

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. Y. LeCun, L. Bottou, Y. Bengio, P. Haffner: Gradient-based learning applied to document recognition.
#    *Proceedings of the IEEE* 86(11), 2278–2324 (1998).
# 2. V. Dumoulin, F. Visin: A guide to convolution arithmetic for deep learning. arXiv:1603.07285 (2016).
# 3. O. Ronneberger, P. Fischer, T. Brox: U-Net: convolutional networks for biomedical image segmentation.
#    *MICCAI 2015*, Lecture Notes in Computer Science 9351, 234–241.
# 4. S. Ioffe, C. Szegedy: Batch normalization: accelerating deep network training by reducing internal covariate
#    shift. *ICML 2015*, PMLR 37, 448–456.
# 5. K. He, X. Zhang, S. Ren, J. Sun: Deep residual learning for image recognition. arXiv:1512.03385 (2015);
#    *CVPR 2016*, 770–778.
# 6. L. Wan, M. Zeiler, S. Zhang, Y. LeCun, R. Fergus: Regularization of neural networks using DropConnect.
#    *ICML 2013*, PMLR 28(3), 1058–1066.
# 7. D. H. Hubel, T. N. Wiesel: Receptive fields, binocular interaction and functional architecture in the cat's
#    visual cortex. *Journal of Physiology* 160, 106–154 (1962).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** the sources of the lecture's claims, for reading after class.
# **Time:** after class

