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
# # 06 · Training well: cost, initialization, regularization, overfitting
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/06_training.ipynb)
#
# *Neural networks and deep learning*, lecture 6 of 8.
#
# This lecture builds on [05](05_sgd.ipynb): the same MNIST images, and the 784-30-10 network that lecture
# trained with mini-batch SGD. Here we make that network better, and learn to tell a real improvement from noise.
#
# **What you will learn**
#
# - the improvements that take lecture 05's 784-30-10 network from about 9 digits in 10 to about 96–97%:
#   cross-entropy, better initialization (and where its variance comes from), ReLU, Adam, more hidden units, L2
#   and dropout;
# - how large a difference between two validation accuracies must be before it means anything;
# - why recipes and epochs are chosen on a **validation set**, and the test set is used once, at the end;
# - overfitting, and how L2, L1 and dropout fight it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Lecture 05 ended with a network that works; today is about making it work well, and about being honest
# when we compare two versions of it.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Run of show
#
# The recipes train live; each run takes seconds. Exercises 2 and 4 are homework (Exercise 4 is an experiment
# that trains small networks in a few seconds).
#
# | Part | Minutes | In class | Homework |
# |---|---:|---|---|
# | The starting point: lecture 05's network | 5 | | |
# | Improving the network, one change at a time | 39 | Exercise 1, Exercise 3 | Exercise 2 |
# | Choosing the model, and the test set, once | 11 | | |
# | Overfitting, and regularization against it | 12 | | Exercise 4 |
# | Summary | 2 | | |
# | **Total in class** | **69** | | |

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
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matrices: one BLAS thread is fastest (set before numpy)

import matplotlib.pyplot as plt
import numpy as np

import lecturekit as lk
from lecturekit.data import draw, load_mnist, to_vectors
from lecturekit.exercises.training import (check_init_variance, check_overfitting, check_standard_error,
                                           check_weight_decay)
from lecturekit.network import Network
from lecturekit.progress import TrainingProgress
from lecturekit.style import LINESTYLES, PALETTE

lk.set_seed(0)
lk.style.use()  # figures readable when projected, colours for everyone

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The middle part is the long one: one recipe change at a time, with two exercises in class. Leave
# Exercises 2 and 4 for home.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The starting point: lecture 05's network
#
# The same data as in [05](05_sgd.ipynb): 10 000 images drawn from the MNIST training set [1] for training,
# 2 000 more for validation, and the 10 000 test images kept for the very end. The starting point is lecture
# 05's network: 784-30-10, sigmoid units, quadratic cost, $N(0, 1)$ weights, $\eta = 3.0$, mini-batches of 10.
# It is trained once more here, not as a repeat of lecture 05's demo, but as the first row of today's table of recipes.

# %% slideshow={"slide_type": "-"}
(x_train, y_train), (x_test, y_test) = load_mnist()
(x_fit, y_fit), (x_val, y_val) = draw(x_train, y_train, 10_000, 2_000, seed=0)
X_train, Y_train = to_vectors(x_fit, y_fit)
X_val, X_test = to_vectors(x_val), to_vectors(x_test)
print(f"training: {X_train.shape}, validation: {X_val.shape}, test: {X_test.shape}")

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
EPOCHS = 10
book = Network([784, 30, 10], activation="sigmoid", loss="quadratic", seed=0)
book.fit(X_train, Y_train, epochs=EPOCHS, batch_size=10, lr=3.0, validation_data=(X_val, y_val),
         progress=TrainingProgress(EPOCHS, "book: sigmoid + quadratic"))
acc_book = book.history["val_accuracy"]
print(f"validation accuracy after 1 epoch: {acc_book[0]:.1%}, after {EPOCHS} epochs: {acc_book[-1]:.1%}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert 0.89 < acc_book[-1] < 0.96 and acc_book[-1] > acc_book[0]
print("After 10 epochs the book's network gets about 9 in 10 validation digits right (between 89% and 96%).")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Same data and same network as last time, so every number today is comparable with lecture 05. This run is
# the baseline: every later recipe is measured against it.
# **Ask:** What accuracy did this network reach in lecture 05?
# **Time:** 5 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Improving the network, one change at a time
#
# Each run below trains 10 epochs on the same 10 000 images and is scored on the 2 000 validation images. The
# recipe changes step by step, and the table says exactly what changed at each step; where a new ingredient
# needs a different learning rate, the learning rate changes with it.
#
# How big a difference is real? A validation accuracy $p$ measured on $n$ images has a standard error of
# $\sqrt{p(1-p)/n}$: each image is a coin flip that comes up "right" with probability $p$. The table below
# computes it from the data.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
results = {"book: sigmoid + quadratic": book}


def train(name, sizes, activation, loss, lr, init="standard", batch_size=10, **fit_options):
    """Train one recipe for EPOCHS epochs with a live progress line; keep it in `results`."""
    net = Network(sizes, activation=activation, loss=loss, init=init, seed=0)
    net.fit(X_train, Y_train, epochs=EPOCHS, batch_size=batch_size, lr=lr, validation_data=(X_val, y_val),
            progress=TrainingProgress(EPOCHS, name), **fit_options)
    results[name] = net


# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The rule for the whole section: change one thing, measure, and ask whether the change is bigger than
# the noise. The standard error is that noise, and it comes back in Exercise 3.
# **Time:** 8 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Cross-entropy cost and better initialization
#
# **Cross-entropy** with a softmax output makes the output error simply $\delta^L = a - y$: no $\sigma'(z)$
# factor, so a confidently wrong output unit is not slowed down by its own saturation. Lecture
# [03](03_losses.ipynb) showed this learning slowdown on a single neuron.
#
# On MNIST, with 30 hidden units, the first run changes three things at once, because they belong together:
# the cost (quadratic → cross-entropy), the output layer (sigmoid → softmax) and the learning rate
# ($\eta = 3.0 \to 0.5$: the cross-entropy gradient is not damped by $\sigma'$). The second changes only the
# initialization, $N(0, 1) \to N(0, 1/784)$.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
train("+ cross-entropy, softmax, eta 0.5", [784, 30, 10], "sigmoid", "cross_entropy", lr=0.5)
train("+ scaled init N(0, 1/784)", [784, 30, 10], "sigmoid", "cross_entropy", lr=0.5, init="scaled")
for name in results:
    print(f"{name:35s} validation accuracy {results[name].history['val_accuracy'][-1]:.1%}")
accuracy = {name: net.history["val_accuracy"][-1] for name, net in results.items()}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert accuracy["+ scaled init N(0, 1/784)"] > accuracy["book: sigmoid + quadratic"] + 0.01
assert abs(accuracy["+ cross-entropy, softmax, eta 0.5"] - accuracy["book: sigmoid + quadratic"]) < 0.03
print("The scaled initialization beats the book's network by more than a point; cross-entropy alone moves it by "
      "less than 3 points.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** We do not replot the single-neuron slowdown; 03 did that. Predict first: which of the two changes
# will matter more on MNIST? Then run the cell and read the three accuracies off its output.
# **Ask:** Which change do you expect to help more, the cost or the initialization?
# **Time:** 12 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Cross-entropy alone changes little here (the book finds the same on full MNIST: 95.42% → 95.49% [2]). The hidden
# units are the bottleneck: with $N(0,1)$ weights on 784 inputs, $z$ has a spread of about $\sqrt{784 \cdot 0.1}
# \approx 9$, so most hidden sigmoids start saturated and learn slowly. Scaling the initial weights by
# $1/\sqrt{784}$ keeps them in their sensitive range.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The cost was not the problem; the hidden units were, saturated from the first step because their
# weighted inputs are far too spread out.
# **Time:** 14 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# **Where the scaled variance comes from.** A hidden unit computes $z = \sum_{i=1}^{n} w_i x_i + b$ over
# $n = 784$ inputs. With weights drawn independently of the inputs, with mean 0 and variance
# $\operatorname{Var} w$, each term $w_i x_i$ has mean 0 and variance $\operatorname{Var} w \cdot E[x^2]$, and
# the variances of independent terms add:
#
# $$\operatorname{Var} z = n \cdot \operatorname{Var} w \cdot E[x^2] \;(+ \operatorname{Var} b).$$
#
# To keep $\operatorname{Var} z$ of the order of the inputs' own $E[x^2]$, whatever the number of inputs, choose
# $\operatorname{Var} w = 1/n_\text{in}$: the "scaled" initialization $N(0, 1/784)$. (For ReLU units, which
# pass on only the positive half, $E[a^2] = \tfrac12 \operatorname{Var} z$, so He et al. [3] double it:
# $\operatorname{Var} w = 2/n_\text{in}$.) Measured on 1000 training images, with the $N(0, 1)$ biases of both
# initializations:

# %% slideshow={"slide_type": "-"}
X_some = X_train[:1000].astype(np.float64)
x2 = np.mean(X_some**2)  # E[x^2] over all pixels of all images
init_rng = np.random.default_rng(0)
print(f"E[x^2] = {x2:.3f} per pixel, n = 784 inputs")
print(" initial weights | predicted sd of z = sqrt(n Var w E[x^2] + 1) | measured sd of z")
for name, var_w in (("N(0, 1)", 1.0), ("N(0, 1/784)", 1 / 784)):
    W = np.sqrt(var_w) * init_rng.standard_normal((30, 784))
    b = init_rng.standard_normal(30)
    z = X_some @ W.T + b  # 30 hidden units, 1000 images
    print(f" {name:15s} | {np.sqrt(784 * var_w * x2 + 1):43.1f} | {z.std():16.1f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Variances of independent terms add, so the spread of z grows like the square root of the number of
# inputs; dividing the weights' variance by that number undoes it. The measured column agrees with the formula.
# **Ask:** What happens to the spread of z if a layer has four times as many inputs and we keep the weights?
# **Time:** 18 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: the variance for any layer
#
# Write `init_variance(n_in, activation)`: the variance of the initial weights of a layer with `n_in` inputs,
# for `activation` `"sigmoid"` or `"relu"`, by the argument above. The check tries several layers, among them
# the first (784 inputs) and the second (100 inputs) of the wider network below.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def init_variance(n_in, activation):
    """Var w of the initial weights of a layer with n_in inputs; activation is "sigmoid" or "relu"."""
    ...


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def init_variance(n_in, activation):
    """Var w of the initial weights of a layer with n_in inputs; activation is "sigmoid" or "relu"."""
    # Var z = n_in Var w E[x^2]: Var w = 1/n_in keeps it at the inputs' scale; a ReLU keeps only half, so double
    return (2.0 if activation == "relu" else 1.0) / n_in


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_init_variance(init_variance)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Give the room a few minutes; the usual slip is returning the standard deviation instead of the
# variance, or forgetting the ReLU factor. The checker names both.
# **Expect:** $1/n_\text{in}$ for sigmoid units, $2/n_\text{in}$ for ReLU units.
# **Time:** 24 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### L2 regularization, ReLU, Adam, more hidden units, dropout
#
# Each step keeps everything before it and changes what its name says:
#
# - **L2** ($\lambda = 1$): add $\frac{\lambda}{2n}\sum w^2$ to the cost, so each step also shrinks every weight by
#   a factor $1 - \eta\lambda/n$ ("weight decay").
# - **ReLU** hidden units $\max(0, z)$, which do not saturate for $z > 0$; with them the initialization becomes He's
#   $N(0, 2/784)$ and $\eta = 0.1$ (ReLU's gradient is not damped, so the step must be smaller).
# - **Adam** [4] with $\eta = 10^{-3}$ instead of plain SGD (lecture [05](05_sgd.ipynb)).
# - **100 hidden units** instead of 30.
# - **Dropout**: at each step, 20% of the hidden units are switched off at random, so no unit can rely on
#   particular others (the next slides).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Five more steps, each on top of the last. Weight decay is the one formula to remember here: the L2
# penalty's gradient turns into a multiplication of every weight by a number just below one.
# **Time:** 27 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: weight decay by hand (homework)
#
# In the L2 run, $\eta = 0.5$, $\lambda = 1$, $n = 10\,000$ training images and mini-batches of $m = 10$. By
# what `factor` does each step multiply every weight (before the data's gradient is added)? And after how many
# epochs (`epochs_to_halve`) has a weight that the data never pulls on shrunk to half its size?

# %% slideshow={"slide_type": "-"} tags=["exercise"]
factor = ...  # each step multiplies every weight by this (eta = 0.5, lambda = 1, n = 10 000)
epochs_to_halve = ...  # epochs of n/m steps until a weight the data does not pull on has halved

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
# the L2 gradient is (lambda/n) w, so a step w <- w - eta (lambda/n) w multiplies w by 1 - eta lambda/n
factor = 1 - 0.5 * 1.0 / 10_000
# factor**k = 1/2 after k = ln 2 / (-ln factor) steps; an epoch is 10 000 / 10 = 1000 steps
epochs_to_halve = np.log(2) / -np.log(factor) / (10_000 / 10)

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_weight_decay(factor, epochs_to_halve)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework; point out the trap: L2 multiplies at each step, so a weight halves geometrically, unlike
# L1, which subtracts the same amount each step (we meet L1 at the end).
# **Time:** 28 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Dropout: inverted scaling, and what happens at test time
#
# In training, dropout keeps each hidden unit with probability $1 - p$ (here $p = 0.2$) and sets the others to 0,
# with a fresh random choice at every step [5]. The kept outputs are multiplied by $1/(1 - p)$ (**inverted
# dropout**), so that on average over the random masks each unit passes on what it would without dropout:
# $E[\text{mask} \cdot a / (1 - p)] = (1 - p) \cdot a / (1 - p) = a$, and the next layer learns its weights
# for that scale.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Dropout trains a different thinned network at every step. The scaling by one over the keep
# probability is there so that the next layer sees the same average input in training as at test time.
# **Time:** 30 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# At **test time** nothing is dropped and nothing is scaled: the network uses all its units, and the next layer
# sees on average the inputs it was trained on. This full network stands in for the average of the many thinned
# networks that training sampled. (The original dropout paper [5] scaled at test time instead, multiplying the
# weights by $1 - p$; the two agree on average.) `Network` drops units only inside `fit`; `predict` and
# `accuracy` use them all.

# %% slideshow={"slide_type": "-"}
p = 0.2
a = np.linspace(0.0, 1.0, 100)  # the outputs of a hidden layer of 100 units, for one input
kept = np.random.default_rng(0).random((10_000, a.size)) >= p  # the masks of 10 000 training steps
print(f"units kept: {kept.mean():.1%}")
print(f"mean output the next layer sees at test time (all units):     {a.mean():.3f}")
print(f"  in training, inverted dropout, averaged over the steps:     {(a * kept / (1 - p)).mean():.3f}")
print(f"  in training without the 1/(1 - p) scaling:                  {(a * kept).mean():.3f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The three printed means make the point: with the scaling, training and test agree on average;
# without it, the next layer would see smaller inputs in training than at test time.
# **Ask:** Where would you scale instead if you did not scale in training?
# **Time:** 32 min

# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input", "nbval-ignore-output"]
train("+ L2 (lambda = 1)", [784, 30, 10], "sigmoid", "cross_entropy", lr=0.5, init="scaled", l2=1.0)
train("+ ReLU, He init, eta 0.1", [784, 30, 10], "relu", "cross_entropy", lr=0.1, init="he", l2=1.0)
train("+ Adam, eta 0.001", [784, 30, 10], "relu", "cross_entropy", lr=1e-3, init="he", l2=1.0, optimizer="adam")
train("+ 100 hidden units", [784, 100, 10], "relu", "cross_entropy", lr=1e-3, init="he", l2=1.0, optimizer="adam")
train("+ dropout 20%", [784, 100, 10], "relu", "cross_entropy", lr=1e-3, init="he", l2=1.0,
      optimizer="adam", dropout=0.2)
n_val = len(y_val)
print(f"{'recipe':35s} {'train':>6s} {'valid.':>6s} {'± 1 s.e.':>8s}")
for name, net in results.items():
    p = net.history["val_accuracy"][-1]
    print(f"{name:35s} {net.history['accuracy'][-1]:6.1%} {p:6.1%} {np.sqrt(p * (1 - p) / n_val):8.1%}")
p = np.mean([net.history["val_accuracy"][-1] for net in results.values()])
standard_error = np.sqrt(p * (1 - p) / n_val)
print(f"\nAt {p:.0%} accuracy on {n_val} images one standard error is {standard_error:.1%}; a difference between two "
      f"runs needs about ±{1.96 * np.sqrt(2) * standard_error:.1%} to be outside the 95% noise band.")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
best_name = max(results, key=lambda name: results[name].history["val_accuracy"][-1])
assert results[best_name].history["val_accuracy"][-1] > book.history["val_accuracy"][-1] + 0.02
assert best_name in ("+ 100 hidden units", "+ dropout 20%")
band = 1.96 * np.sqrt(2) * standard_error
assert 0.003 < standard_error < 0.007 and 0.012 < band < 0.018
in_order = [net.history["val_accuracy"][-1] for net in results.values()]  # the rows of the table
assert in_order[2] - in_order[1] > 0.01  # the scaled initialization
assert all(abs(after - before) < 0.025 for before, after in zip(in_order[2:], in_order[3:]))  # each later step
print("One standard error is about half a point, and two runs must differ by about 1.5 points (between 1.2 and "
      "1.8) to leave the 95% noise band. The scaled initialization gains more than a point; each later step moves "
      "the validation accuracy by less than 2.5 points; the wider networks are the best recipes, several points "
      "above the book's network.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Run it and talk over the progress lines: five recipes, up to a minute on a shared machine. Then read the table row by
# row, and compare each change with the noise band printed under it.
# **Time:** 35 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the table honestly, against the noise band: differences smaller than the band are not evidence for either
# recipe. The scaled initialization gains more than a point at once. After it, each step moves the validation
# accuracy by less than 2.5 points, up or down, not much more than the band: 10 epochs scored on 2 000 images
# cannot rank L2, ReLU, Adam, the wider layer and dropout one by one (compare the wider layer with the best
# 30-unit recipe, not only with the row above it). Together they end several points above the book's network,
# with the wider networks on top. The final accuracies, with their 95% intervals:

# %% alt=["A dot chart with one row per recipe, from the book's network at the top to dropout at the bottom. Each row shows the final validation accuracy as a blue dot with a bar of plus or minus 1.96 standard errors, and the final training accuracy as a vermillion square. The scaled initialization jumps to the right of the first two rows; from there on most bars overlap, and the training squares stay to the right of the validation dots."] slideshow={"slide_type": "-"} tags=["hide-input"]
names = list(results)
val_acc = np.array([results[name].history["val_accuracy"][-1] for name in names])
train_acc = np.array([results[name].history["accuracy"][-1] for name in names])
half_width = 1.96 * np.sqrt(val_acc * (1 - val_acc) / n_val)
rows = np.arange(len(names))
fig, ax = plt.subplots(figsize=(11, 4.6))
ax.errorbar(100 * val_acc, rows, xerr=100 * half_width, fmt="o", ms=8, capsize=4, color=PALETTE["blue"],
            label="validation, ± 1.96 s.e.")
ax.plot(100 * train_acc, rows, "s", ms=7, ls="none", color=PALETTE["vermillion"], label="training")
ax.set_yticks(rows, names)
ax.invert_yaxis()  # the first recipe on top, as in the table
ax.set_xlabel("accuracy after 10 epochs (%)")
ax.grid(alpha=0.3, axis="x")
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
fig.tight_layout()
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** One row per recipe: the bar is the 95% interval of the validation accuracy. Overlapping bars mean
# these runs cannot rank the two recipes. The training squares always sit right of the dots: that gap is what
# L2 and dropout are for, and it shows clearly only when a network overfits badly, in the last section.
# **Time:** 38 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: is recipe B better?
#
# Recipe A scores $95.4\%$ and recipe B $96.0\%$ on the same $2000$ validation images: B leads by 0.6 points.
# Compute the standard error
# `se` of a validation accuracy of $p = 0.95$ on $n = 2000$ images (as a fraction), and say whether B's lead is
# outside the 95% noise band of a difference, $\pm 1.96\sqrt{2}\,\text{se}$ (`differ`, True or False).

# %% slideshow={"slide_type": "-"} tags=["exercise"]
se = ...  # the standard error of an accuracy of 0.95 measured on 2000 images, as a fraction
differ = ...  # True if B's lead of 0.960 - 0.954 is outside the noise band, else False

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
se = np.sqrt(0.95 * 0.05 / 2000)  # each image: right with probability p, a variance p(1 - p)
differ = bool(0.960 - 0.954 > 1.96 * np.sqrt(2) * se)  # the difference of two such accuracies: sqrt(2) se

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_standard_error(se, differ)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The tempting answer is that B is better because its lead exceeds one standard error. The difference
# of two noisy numbers is noisier than either, and a 95% band needs about two of its standard errors.
# **Expect:** se is about half a point; the band is wider than B's lead, so `differ` is False: measure on more
# images, or repeat with several seeds.
# **Time:** 44 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Choosing the model, and the test set, once
#
# Every choice so far — which recipe, how many epochs — was made on the validation images. Had we chosen on the
# test images, the test accuracy would be an optimistic, selected number: we would have fitted our *choices* to
# the test set. So the test set is used once, now, for the model we chose.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Validation images are for choosing, the test images for reporting, once. Anything we tune on becomes
# part of training.
# **Time:** 46 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# **Early stopping** chooses the number of epochs the same way: train the best recipe for longer and keep the
# weights of the epoch with the best validation accuracy. (To save time one also stops once the validation
# accuracy has not improved for a few epochs.)

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
MAX_EPOCHS = 15
chosen = Network([784, 100, 10], activation="relu", loss="cross_entropy", init="he", seed=0)
best = {"val_accuracy": -1.0}


def keep_best(epoch, logs):
    """Early stopping: after each epoch, remember the weights of the best validation accuracy so far."""
    if logs["val_accuracy"] > best["val_accuracy"]:
        best.update(val_accuracy=logs["val_accuracy"], epoch=epoch + 1,
                    weights=[W.copy() for W in chosen.weights], biases=[b.copy() for b in chosen.biases])


chosen.fit(X_train, Y_train, epochs=MAX_EPOCHS, batch_size=10, lr=1e-3, optimizer="adam", l2=1.0, dropout=0.2,
           validation_data=(X_val, y_val), progress=TrainingProgress(MAX_EPOCHS, "chosen recipe"), callback=keep_best)
chosen.weights, chosen.biases = best["weights"], best["biases"]  # back to the best epoch
test_accuracy = chosen.accuracy(X_test, y_test)
print(f"best validation accuracy {best['val_accuracy']:.1%} at epoch {best['epoch']} of {MAX_EPOCHS}; "
      f"test accuracy of that model on all {len(y_test)} test images: {test_accuracy:.2%}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert 0.955 < test_accuracy < 0.975 and best["val_accuracy"] >= max(chosen.history["val_accuracy"])
assert abs(test_accuracy - best["val_accuracy"]) < 0.015
print("The chosen model classifies about 96–97% of the 10 000 test digits correctly (between 95.5% and 97.5%), "
      "within 1.5 points of its best validation accuracy.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** While it trains (well under a minute): the callback keeps the best epoch's weights, and only at the
# end do we touch the test set. Read the best epoch and the test accuracy off the output.
# **Time:** 49 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The test accuracy is close to the validation accuracy: the validation images were a fair stand-in. With all
# 60 000 training images instead of 10 000 the same recipes go further: `python benchmarks/check_accuracy.py`
# trains the book's network and the improved one on the complete training set and measures them on the test set
# against the targets it checks, at least 94% and 97.5% (the README gives the numbers of its last run).
# For comparison, Nielsen's book reports 95.42% for the 784-30-10 quadratic-cost network after 30 epochs on
# 50 000 images [2].

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Validation and test agree, which is what a fair validation set should give. More data helps further;
# the benchmark script is there for anyone who wants the full-MNIST numbers.
# **Time:** 50 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### What the chosen network still gets wrong
#
# Misclassified test digits, with the network's answer and the true label:

# %% alt=["A grid of three rows of eight misclassified test digits, drawn dark on white, each titled with the network's answer and the true label. Many are badly written or ambiguous even for a person; some are clear digits that the network still confuses."] slideshow={"slide_type": "-"} tags=["hide-input", "nbval-ignore-output"]
predicted = chosen.predict_labels(X_test)
wrong = np.flatnonzero(predicted != y_test)
print(f"{len(wrong)} of {len(y_test)} test digits misclassified")
fig, axes = plt.subplots(3, 8, figsize=(12.5, 5.6))
for ax, i in zip(axes.flat, wrong):
    ax.imshow(x_test[i], cmap="gray_r")
    ax.set_title(f"said {predicted[i]}, is {y_test[i]}", fontsize=12)
    ax.axis("off")
fig.tight_layout()
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert len(wrong) == round((1 - test_accuracy) * len(y_test)) and 150 <= len(wrong) <= 450
print("A few hundred of the 10 000 test digits are still misclassified.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Let the room look: which of these would you have got right? Keep the clear mistakes in mind for the
# next lecture.
# **Time:** 52 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Many of these are hard even for a person; some are plain mistakes that a network which sees the picture's
# 2-D structure avoids — the subject of the next lecture.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** suppose we had tried 50 recipes and reported the best one's validation accuracy as our result. Why
# would that number be optimistic, and why is the test accuracy above not?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Each validation accuracy is the model's true accuracy plus noise (about half a point here). The best of 50 is
# likely one whose noise happened to be favourable, so the maximum is biased upwards: we selected on the noise
# too. The test images played no part in any choice, so the chosen model's test accuracy is a fair estimate —
# as long as it is looked at once, and not used to go back and tune.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Give the room two minutes on the Think question before revealing the answer.
# **Expect:** The best of many noisy validation scores is biased upwards, since we selected on the noise too; the
# test set took part in no choice, so its accuracy is fair, if looked at once.
# **Time:** 55 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Overfitting, and regularization against it
#
# Give the book's network (cross-entropy, $N(0,1)$ initialization) only **1000** training images and train for
# 100 epochs: it learns them perfectly, while its validation accuracy stalls far below. Two penalties on the
# weights fight this, each added to the cost ($n$ = 1000 training images):
#
# - **L2**, $\frac{\lambda}{2n}\sum w^2$: its gradient $\frac{\lambda}{n} w$ shrinks every weight in proportion to
#   its size, so its pull fades as a weight gets small: many small weights, few exact zeros.
# - **L1**, $\frac{\lambda}{n}\sum |w|$: its gradient $\frac{\lambda}{n}\operatorname{sign} w$ moves every weight
#   towards 0 by the same $\eta\lambda/n$ each step, however small it already is. Weights the data does not need
#   go to zero — with plain gradient steps, to within one step $\eta\lambda/n$ of it, flipping sign — while the
#   few that matter stay large: a **sparse** network.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Few images and many epochs make overfitting easy to see. L2 pulls in proportion to a weight's size,
# L1 by the same amount whatever the size: that difference decides where the weights end up.
# **Time:** 57 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# Three runs, the same except for the penalty ($\lambda = 1$ for L2, $\lambda = 0.3$ for L1):

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
small_X, small_y = X_train[:1000], y_fit[:1000]
overfit, first_layer = {}, {}
for name, penalty in (("no regularization", {}), ("L2, lambda = 1", {"l2": 1.0}), ("L1, lambda = 0.3", {"l1": 0.3})):
    net = Network([784, 30, 10], "sigmoid", "cross_entropy", seed=0)
    net.fit(small_X, small_y, epochs=100, batch_size=10, lr=0.5, validation_data=(X_val, y_val),
            progress=TrainingProgress(100, name), **penalty)
    overfit[name], first_layer[name] = net.history, net.weights[0].copy()
near_zero = {name: np.mean(np.abs(W) < 1e-3) for name, W in first_layer.items()}
for name, hist in overfit.items():
    print(f"{name:18s}: training {hist['accuracy'][-1]:6.1%}, validation {hist['val_accuracy'][-1]:.1%}, "
          f"gap {hist['accuracy'][-1] - hist['val_accuracy'][-1]:5.1%}; first-layer weights below 0.001 "
          f"in size: {near_zero[name]:.0%}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
gap = {name: hist["accuracy"][-1] - hist["val_accuracy"][-1] for name, hist in overfit.items()}
val = {name: hist["val_accuracy"][-1] for name, hist in overfit.items()}
none, l2, l1 = "no regularization", "L2, lambda = 1", "L1, lambda = 0.3"
start = Network([784, 30, 10], "sigmoid", "cross_entropy", seed=0).weights[0]  # where all three runs began
size = {name: np.abs(W) for name, W in first_layer.items()}
assert gap[l2] < gap[none] - 0.02 and val[l2] > val[none] + 0.01
assert gap[l1] < gap[none] - 0.02 and val[l1] > val[none] + 0.01
assert all(hist["accuracy"][-1] > 0.99 for hist in overfit.values())  # each learns its 1000 images by heart
assert np.median(np.abs(first_layer[none] - start)) < 0.1 and near_zero[none] < 0.01
assert size[l2].max() < 1 and near_zero[l2] < 0.1
assert 0.4 < near_zero[l1] < 0.7 and np.mean(size[l1] < 1) > 0.95
print("All three runs fit their 1000 training images (over 99%); L2 and L1 both narrow the gap to the validation "
      "accuracy by more than 2 points and raise the validation accuracy. Without a penalty "
      "most first-layer weights end within 0.1 of their start; L2 keeps every one below 1 in size and sets few "
      "to about zero; L1 sets about half of them within 0.001 of zero (between 40% and 70%) and keeps over 95% "
      "below 1.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Three runs of a hundred epochs each, half a minute at most. Read the gaps off the output: all three
# learn their thousand images by heart, the penalized ones generalize better.
# **Time:** 59 min

# %% alt=["Two panels of accuracy in percent against the epoch, for the three runs: no regularization, L2 with lambda 1 and L1 with lambda 0.3, each with its own colour and line style. Left, training accuracy: all three climb to the top of the chart. Right, validation accuracy: all three level off far below, the unregularized run lowest."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
labels = {"no regularization": "none", "L2, lambda = 1": "L2, λ = 1", "L1, lambda = 0.3": "L1, λ = 0.3"}
fig, axes = plt.subplots(1, 2, figsize=(12.5, 4.5), sharey=True)
for name, hist in overfit.items():
    axes[0].plot(100 * np.array(hist["accuracy"]), lw=2, label=labels[name])
    axes[1].plot(100 * np.array(hist["val_accuracy"]), lw=2, label=labels[name])
for ax, title in zip(axes, ("training accuracy (1000 images)", "validation accuracy (2000 images)")):
    ax.set_title(title)
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)
axes[0].set_ylabel("accuracy (%)")
axes[0].set_ylim(70, 101)
axes[1].legend(loc="lower right")
fig.tight_layout()
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Left, all three learn the training images perfectly; right, the regularized runs level off higher.
# The vertical distance between the panels at the same epoch is the gap.
# **Time:** 61 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Where the weights end up: the first layer's $784 \cdot 30 = 23\,520$ weights after the three runs, as a
# histogram of the weights (left, counts on a log scale) and of their sizes on a log scale (right).

# %% alt=["Two histograms of the first-layer weights after the three runs (none, L2 with lambda 1, L1 with lambda 0.3), each run a step outline in its own colour and line style. Left, the weights themselves on a log count scale: L2 squeezes them into a narrow range around zero, while the unregularized weights stay spread as at the start. Right, the logarithm of their sizes: the L1 run has a tall peak of tiny weights near the dash-dotted black line that marks one L1 step, which the other runs lack."] slideshow={"slide_type": "-"} tags=["hide-input"]
step = 0.5 * 0.3 / 1000  # one L1 step eta * lambda / n
fig, axes = plt.subplots(1, 2, figsize=(12.5, 4.3))
for (name, W), ls in zip(first_layer.items(), LINESTYLES):
    axes[0].hist(W.ravel(), bins=np.linspace(-3, 3, 121), histtype="step", lw=2, ls=ls, label=labels[name])
    axes[1].hist(np.log10(np.abs(W.ravel()) + 1e-12), bins=np.linspace(-6, 1, 71), histtype="step", lw=2, ls=ls,
                 label=labels[name])
axes[0].set_yscale("log")
axes[0].set_xlabel("first-layer weight $w$")
axes[0].set_ylabel("number of weights")
axes[0].legend(loc="upper right")
axes[1].axvline(np.log10(step), color=PALETTE["black"], ls="-.", lw=2)
axes[1].annotate(r"one L1 step $\eta\lambda/n$", xy=(np.log10(step), 2100), xytext=(-5.9, 2300),
                 arrowprops={"arrowstyle": "->", "color": PALETTE["black"]}, color=PALETTE["black"])
axes[1].set_xlabel(r"$\log_{10} |w|$")
axes[1].set_ylabel("number of weights")
fig.tight_layout()
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Left, how spread out the weights are; right, how many are essentially zero. L1's second peak at the
# marked step size is the sparse network the formula promised.
# **Time:** 63 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Without a penalty most weights stay close to where the $N(0, 1)$ initialization put them; those of the border
# pixels, 0 in almost every image, never get a gradient at all. L2 shrinks every weight in proportion: no weight
# stays large, and few reach 0. L1 splits them in two: about half end within a few steps $\eta\lambda/n$ of 0
# (the dash-dotted line), and almost all the rest keep sizes below 1 — the weights the data needs, and some that
# started large and are still on their way: L1 moves a weight by at most
# $\eta\lambda/n = 0.5 \cdot 0.3 / 1000 = 0.00015$ per step, $1.5$ over these $100 \cdot 100 = 10\,000$ steps.
# Both penalties narrow the gap between training and validation accuracy by a few points here.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** which first-layer weights does L1 set to zero first? And what would a much larger penalty, say
# $\lambda = 3$, do to the training and the validation accuracy?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The weights of pixels that are 0 in (almost) every image, near the border: the data never pulls on them, so
# only the penalty acts, walking each towards 0 by $\eta\lambda/n$ per step, the small ones first (a weight of
# size 0.5 takes $0.5 / 0.00015 \approx 3300$ steps, $33$ epochs here). A much larger $\lambda$ also zeroes
# weights the data does need: the network underfits, and the training accuracy falls along with the validation
# accuracy. Try it: change `0.3` to `3.0` in the training cell above (a few seconds per run).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Let the room answer the Think question before revealing it.
# **Expect:** The border pixels' weights go first, since no data pulls on them; a much larger penalty zeroes
# needed weights too, so training and validation accuracy both fall: underfitting.
# **Time:** 66 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 4: overfit, then regularize (an experiment, homework)
#
# Make a network overfit: few training images, a wide hidden layer, many epochs, no penalty (`plain`). Then
# train the same network again with a penalty of your choice, an L2 `l2=λ` or a dropout `dropout=p`
# (`regularized`), until the gap between training and validation accuracy closes by at least $4$ points while
# the validation accuracy does not fall. `run` trains one network and returns its history; with a few hundred
# images each run takes a few seconds.

# %% slideshow={"slide_type": "-"}
def run(n_train, hidden, epochs, **penalty):
    """Train 784-hidden-10 (sigmoid, cross-entropy, N(0, 1) start) on the first n_train images; return its history."""
    net = Network([784, hidden, 10], "sigmoid", "cross_entropy", seed=0)
    return net.fit(X_train[:n_train], y_fit[:n_train], epochs=epochs, batch_size=10, lr=0.5,
                   validation_data=(X_val, y_val), **penalty)


# %% slideshow={"slide_type": "-"} tags=["exercise"]
plain = ...  # run(n_train, hidden, epochs): few images, a wide layer, many epochs
regularized = ...  # the same run with l2=... or dropout=... of your choice

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
plain = run(500, 100, 50)  # learns its 500 images by heart
regularized = run(500, 100, 50, l2=1.0)  # (dropout=0.5 also works)

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_overfitting(plain, regularized)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework, but show the set-up: students choose how to overfit and how strongly to regularize. The
# check accepts any choice that closes the gap without lowering the validation accuracy.
# **Time:** 67 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - The starting point, lecture 05's 784-30-10 network, gets about 9 in 10 validation digits right after 10
#   epochs on 10 000 training images.
# - A validation accuracy $p$ on $n$ images has a standard error $\sqrt{p(1-p)/n}$; two recipes differ only if
#   their difference is outside about $\pm 1.96\sqrt{2}$ standard errors.
# - Initial weights with $\operatorname{Var} w = 1/n_\text{in}$ ($2/n_\text{in}$ for ReLU) keep
#   $\operatorname{Var} z$ of the order of the inputs' and gain more than a point at once; with ReLU, Adam, more
#   hidden units, L2 and dropout the chosen model classifies about 96–97% of the test digits.
# - Recipes and epochs are chosen on a validation set (early stopping keeps the best epoch); the test set is
#   used once, for the chosen model.
# - A network that fits its training set much better than its validation set overfits. L2 and L1 penalties and
#   dropout narrow the gap: L2 multiplies every weight by $1 - \eta\lambda/n$ at each step and keeps weights
#   small, L1 makes them sparse, and dropout (inverted: scaled by $1/(1-p)$ in training) trains many thinned
#   networks that the full network averages at test time.
#
# **Next:** [07 CNN](07_cnn.ipynb)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The habits matter more than the recipes: change one thing at a time, compare with the noise band, and
# keep the test set for the end. Next time the network finally sees the image as an image.
# **Time:** 69 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. Y. LeCun, L. Bottou, Y. Bengio, P. Haffner: Gradient-based learning applied to document recognition.
#    *Proceedings of the IEEE* 86(11), 2278–2324 (1998): the MNIST database.
# 2. M. A. Nielsen: *Neural Networks and Deep Learning*. Determination Press (2015), chapter 1 (95.42% for the
#    784-30-10 network) and chapter 3 (95.49% with cross-entropy),
#    [neuralnetworksanddeeplearning.com](http://neuralnetworksanddeeplearning.com).
# 3. K. He, X. Zhang, S. Ren, J. Sun: Delving deep into rectifiers: surpassing human-level performance on
#    ImageNet classification. *ICCV 2015*, 1026–1034.
# 4. D. P. Kingma, J. Ba: Adam: a method for stochastic optimization. *ICLR 2015*, arXiv:1412.6980.
# 5. N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever, R. Salakhutdinov: Dropout: a simple way to prevent
#    neural networks from overfitting. *Journal of Machine Learning Research* 15, 1929–1958 (2014).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The sources, for reading after class.
# **Time:** after class
