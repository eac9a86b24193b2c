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
# # 06 · Convolutional neural networks
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/06_cnn.ipynb)
#
# *Neural networks and deep learning*, lecture 6 of 7.
#
# **What you will learn**
#
# - why convolution: local receptive fields, and weights shared across positions, so that one neuron's feature
#   is looked for everywhere in the image, with a fraction of a dense layer's parameters;
# - the convolution of a matrix, step by step, and feature maps from hand-made edge filters on a real digit;
# - pooling (max, average, L2) and the arithmetic of kernel size, stride, padding and dilation;
# - a convolutional network for handwritten digits in Keras, trained live, and what it learned: its filters,
#   its feature maps and its mistakes.

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
from lecturekit.convolution import POOLINGS, conv2d, output_size, windows
from lecturekit.data import draw, load_mnist
from lecturekit.diagram import draw_local_receptive_field
from lecturekit.progress import TrainingProgress
from lecturekit.widgets.conv_arithmetic import ConvArithmetic

tf = lk.framework.import_tensorflow()  # quietly: no start-up log spam
import keras  # noqa: E402  (after TensorFlow's quiet import)

rng = lk.set_seed(0, tensorflow=True)
lk.style.use()  # figures readable when projected
print(lk.framework.device_summary())  # Keras uses a GPU by itself when there is one
(x_train, y_train), (x_test, y_test) = load_mnist()

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
# 2. **Shared weights.** All these neurons use the *same* 25 weights and the same bias. Neuron $(j, k)$ computes
#
#    $$a_{j,k} = \sigma\Big(b + \sum_{l=0}^{4} \sum_{m=0}^{4} w_{l,m}\, x_{j+l,\, k+m}\Big),$$
#
#    so each neuron detects the *same feature* (an edge, a stroke ending) at a different place. The layer's output
#    is a **feature map**; the shared weights are a **filter** (or kernel).

# %% slideshow={"slide_type": "-"}
draw_local_receptive_field(x_train[0], kernel=5, positions=((8, 6), (8, 7)))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Convolution of a matrix, step by step
#
# Put the kernel on the top-left corner of the input, multiply element by element, add: that is the first output.
# Slide by one column for the next output, and so on. (Strictly this is a cross-correlation; deep-learning
# libraries call it convolution and do not flip the kernel.)

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Feature maps of a real digit
#
# Hand-made 3×3 filters on an MNIST digit: each one lights up where the digit has its feature. (Filters are drawn
# with red for positive and blue for negative weights; a feature map in gray, bright where the filter responds.)

# %% slideshow={"slide_type": "-"}
edge_filters = {
    "vertical edge": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float),
    "horizontal edge": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], dtype=float),
    "diagonal /": np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]], dtype=float),
    "diagonal \\": np.array([[2, 1, 0], [1, 0, -1], [0, -1, -2]], dtype=float),
}
digit = x_train[0] / 255.0

fig, axes = plt.subplots(2, 5, figsize=(11, 4.6), layout="constrained")
axes[0, 0].imshow(digit, cmap="gray_r")
axes[0, 0].set_title(f"digit ({y_train[0]})")
axes[1, 0].axis("off")
for col, (name, f) in enumerate(edge_filters.items(), start=1):
    axes[0, col].imshow(f, cmap="bwr", vmin=-2, vmax=2)
    axes[0, col].set_title(name)
    axes[1, col].imshow(np.maximum(conv2d(digit, f), 0), cmap="gray")  # ReLU keeps the positive responses
    axes[1, col].set_title("feature map", fontsize=11)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

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

# %% slideshow={"slide_type": "-"}
vertical = np.maximum(conv2d(digit, edge_filters["vertical edge"]), 0)
fig, axes = plt.subplots(1, 4, figsize=(13, 3.6), layout="constrained")
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: convolution arithmetic
#
# How many outputs does a convolution have, and which inputs does each one see? Along each axis
#
# $$o = \left\lfloor \frac{i + 2p - d(k - 1) - 1}{s} \right\rfloor + 1$$
#
# for input size $i$, kernel size $k$, stride $s$ (how far the window jumps), zero padding $p$ on each side and
# dilation $d$ (the kernel's taps are $d$ pixels apart, so it covers $d(k-1)+1$ pixels). Move the sliders: the
# input is pale blue inside its black frame and the padding zeros are grey; the highlighted (dark green) output
# cell reads the dark blue inputs and the mid-blue padding zeros. The drawings follow Dumoulin and
# Visin, *A guide to convolution arithmetic for deep learning* (2016).

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
arithmetic = ConvArithmetic(size=5, kernel=3, stride=2, padding=1, dilation=1, row=1, col=1)
arithmetic

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A convolutional network for MNIST
#
# The classic architecture: convolution (20 filters 5×5) → max pooling 2×2 → convolution (40 filters 5×5) → max
# pooling 2×2 → a dense layer of 100 neurons → softmax over the 10 digits, with ReLU activations. Each stage
# halves the resolution while the number of feature maps grows: the network trades *where* for *what*.

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
print(f"{'layer':<8} {'type':<13} {'output shape':<18} {'parameters':>10}")
for layer in model.layers:
    print(f"{layer.name:<8} {type(layer).__name__:<13} {str(layer.output.shape):<18} {layer.count_params():>10,}")
print(f"{'total':<41} {model.count_params():>10,}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# About 86 000 parameters, most of them in the dense layer; the 20 first-layer filters have only 520. The
# fully connected 784-100-10 network of lecture 5 has about as many (79 510), but it cannot reuse what it learns
# at one position elsewhere.
#
# **Training**: cross-entropy loss, Adam, mini-batches of 64, on **12 000 images drawn from the training set**
# (each digit keeping its share, the same images on every machine: a CPU trains on them in well under a minute),
# with **2 000 more as a validation set**. **Early stopping** chooses the number of epochs on the validation set:
# training stops when the validation accuracy has not improved for 3 epochs, and the weights of the best epoch
# are kept. The 10 000 test images are not touched until the model is chosen.

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
print(f"{progress.seconds_per_epoch:.1f} s per epoch; stopped after {len(val_accuracy)} epochs, "
      f"kept epoch {best_epoch} (validation accuracy {max(val_accuracy):.1%})")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert max(val_accuracy) > 0.965 and len(val_accuracy) >= 4
print("Early stopping kept the epoch with the best validation accuracy, about 97%.")

# %% slideshow={"slide_type": "-"}
fig, ax = plt.subplots(figsize=(8, 4))
epochs = np.arange(1, len(val_accuracy) + 1)
ax.plot(epochs, 100 * np.array(history.history["accuracy"]), "o-", label="training")
ax.plot(epochs, 100 * np.array(val_accuracy), "s-", label="validation")
ax.axvline(best_epoch, color="0.5", ls="--", lw=1.5, label="epoch kept")
ax.set_xlabel("epoch")
ax.set_ylabel("accuracy (%)")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now, once, the test set: the chosen model on all 10 000 test digits.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
probs = model.predict(X_test, verbose=0)
y_pred = probs.argmax(axis=1)
test_accuracy = float(np.mean(y_pred == y_test))
print(f"test accuracy: {test_accuracy:.2%} ({int(np.sum(y_pred != y_test))} of {len(y_test)} test digits wrong)")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert 0.97 <= test_accuracy < 0.99
print("The CNN classifies about 98% of the 10 000 test digits correctly (between 97% and 99%).")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Trained on 12 000 images, this network gets about 98% of the test digits right, where the best fully connected
# network of lecture 5 (trained on 10 000) got about 96%: half the errors.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the network learned
#
# The 20 learned first-layer filters, each 5×5 (red positive, blue negative weights). A few look like the
# hand-made edge filters above (a red half against a blue half), but most are noisy mixtures: gradient descent
# does not look for filters a person would design, only for filters whose feature maps the next layers can use.
# Their feature maps on a test digit (below) show what they do: some respond only to horizontal strokes, some only
# to steep ones, some to one side of a stroke, some to the whole digit.

# %% slideshow={"slide_type": "-"}
W_learned = model.get_layer("conv1").get_weights()[0][:, :, 0, :]  # (5, 5, 20)
fig, axes = plt.subplots(2, 10, figsize=(13, 3.2), layout="constrained")
for i, ax in enumerate(axes.flat):
    w = W_learned[:, :, i]
    ax.imshow(w, cmap="bwr", vmin=-np.abs(w).max(), vmax=np.abs(w).max())
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The learned layer is a convolution like ours: the numpy `conv2d` with the learned weights reproduces the first
# layer's feature maps of a test digit.

# %% slideshow={"slide_type": "-"}
W_conv1, b_conv1 = model.get_layer("conv1").get_weights()
ours = np.maximum(conv2d(X_test[:1], W_conv1, b_conv1), 0)
conv1_model = keras.Model(model.inputs, model.get_layer("conv1").output)
theirs = conv1_model.predict(X_test[:1], verbose=0)
print(f"feature maps {ours.shape}, computed by lecturekit's conv2d from the learned weights")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert np.abs(ours - theirs).max() < 1e-4
print("The same feature maps as Keras's first layer (difference < 1e-4).")

# %% slideshow={"slide_type": "-"}

fig, axes = plt.subplots(2, 11, figsize=(14, 3.4), layout="constrained")
axes[0, 0].imshow(X_test[0, :, :, 0], cmap="gray_r")
axes[0, 0].set_title("input", fontsize=11)
for i, ax in enumerate(axes[:, 1:].flat):
    ax.imshow(ours[0, :, :, i], cmap="gray")
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
axes[1, 0].axis("off")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Its mistakes
#
# The misclassified test digits, with the network's guess and its confidence, and the true label. Many are hard
# for people too.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
wrong = np.flatnonzero(y_pred != y_test)
show = wrong[:16]
fig, axes = plt.subplots(2, 8, figsize=(14, 4.2), layout="constrained")
for ax, i in zip(axes.flat, show):
    ax.imshow(x_test[i], cmap="gray_r")
    ax.set_title(f"{y_pred[i]} ({probs[i].max():.0%}), true {y_test[i]}", fontsize=11)
for ax in axes.flat:
    ax.axis("off")
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert len(wrong) == int(np.sum(y_pred != y_test)) >= len(show) == 16
print("Sixteen of the misclassified test digits are shown.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - A convolutional layer connects each neuron to a small window of its input (local receptive field) and shares
#   one filter across all positions: a feature is detected wherever it appears, with few parameters.
# - A convolution slides the filter over the input and sums products; several filters make several feature maps,
#   and the next layer's filters look across all of them.
# - Pooling (max, average, L2) shrinks feature maps; kernel size, stride, padding and dilation set the output
#   size, $o = \lfloor (i + 2p - d(k-1) - 1)/s \rfloor + 1$.
# - A small CNN (conv–pool–conv–pool–dense–softmax) beats the fully connected networks of lecture 5 on MNIST,
#   with about half the errors; its first-layer filters are found by gradient descent, not designed.
# - Choices (here the number of epochs, by early stopping) are made on a validation set; the test set is used once.
#
# **Next:** [07 U-Net](07_unet.ipynb) — convolutions for *segmentation*: a network that outputs an image, live on
# ultrasound images of nerves.
