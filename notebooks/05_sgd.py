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
# # 05 · Stochastic gradient descent
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/05_sgd.ipynb)
#
# *Neural networks and deep learning*, lecture 5 of 8.
#
# **What you will learn**
#
# - why the step against the gradient, $w \leftarrow w - \eta \nabla C$, is the steepest way down, and what the
#   learning rate $\eta$ does: too small, good, oscillating, divergent;
# - stochastic and mini-batch gradient descent: a noisy but cheap estimate of the gradient, what an epoch is, and
#   the loop that trains a network, which you write yourself;
# - momentum and Adam, two variations that take better steps, and how far each gets on the same budget;
# - the lecture's 784-30-10 network trained live on handwritten digits, in numpy and in Keras, side by side.
#
# Five exercises check themselves as you go: the learning rates of a steeper bowl (predict, then check), the
# mini-batch SGD loop on top of backpropagation, how the noise of a mini-batch gradient shrinks with its size
# (predict, then check), the first two steps of momentum and of Adam by hand, and an experiment: plain SGD and
# momentum racing on the same budget. Each worked solution sits collapsed under its exercise: try first, then
# open it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Last time backpropagation gave us the gradient; today we use it to move the weights: the steepest step,
# its learning rate, the cheap noisy version on mini-batches, two better optimizers, and the network trained live.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Run of show
#
# The plan for one lecture slot: three exercises in class, the loop and the optimizers' first steps for home.
# The two live training cells each run for seconds on a laptop; their minutes are mostly talk.
#
# | Part | Minutes | In class | Homework |
# |---|---:|---|---|
# | Gradient descent: the steepest way down | 14 | Exercise 1 | |
# | Try it: the learning rate | 7 | | |
# | Stochastic and mini-batch gradient descent | 21 | Exercise 3 | Exercise 2 |
# | Momentum and Adam | 17 | Exercise 5 | Exercise 4 |
# | The live demo: 784-30-10 on MNIST | 12 | | |
# | Summary | 3 | | |
# | **Total in class** | **74** | | |

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Skip this slide in class; it is the lecturer's clock. Exercises 2 and 4 are homework: show their slides,
# say what they ask, and move on. Run the set-up cell before the lecture starts (TensorFlow takes a while to load).
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
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matrices: one BLAS thread is fastest (set before numpy)

import matplotlib.pyplot as plt
import numpy as np

import lecturekit as lk
from lecturekit.data import draw, load_mnist, to_vectors
from lecturekit.descent import descend, get_surface
from lecturekit.exercises.sgd import (check_first_steps, check_learning_rates, check_noise_scaling,
                                      check_optimizer_race, check_sgd_epoch)
from lecturekit.network import Network
from lecturekit.optimizers import Adam
from lecturekit.progress import TrainingProgress
from lecturekit.style import PALETTE
from lecturekit.widgets.descent import DescentExplorer

tf = lk.framework.import_tensorflow()  # quietly: no start-up log spam
rng = lk.set_seed(0, tensorflow=True)
lk.style.use()  # figures readable when projected
print(lk.framework.device_summary())  # Keras uses a GPU by itself when there is one

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gradient descent: the steepest way down
#
# Training means finding parameters $v$ (all weights and biases, one long vector) with a small cost $C(v)$. Move
# them by a small step $\Delta v$; to first order the cost changes by
#
# $$\Delta C \approx \nabla C \cdot \Delta v = \sum_k \frac{\partial C}{\partial v_k}\, \Delta v_k .$$
#
# Which step of a given length $\lVert \Delta v \rVert = \epsilon$ lowers $C$ the most? By the Cauchy–Schwarz
# inequality $|\nabla C \cdot \Delta v| \le \lVert \nabla C \rVert\, \lVert \Delta v \rVert$, so
# $\Delta C \gtrsim -\epsilon \lVert \nabla C \rVert$, with equality only when $\Delta v$ points exactly against
# the gradient, $\Delta v = -\epsilon\, \nabla C / \lVert \nabla C \rVert$. Hence the update
#
# $$v \leftarrow v - \eta\, \nabla C(v), \qquad \Delta C \approx -\eta\, \lVert \nabla C \rVert^2 \le 0 :$$
#
# a step in the steepest direction downhill, which for a small enough **learning rate** $\eta$ can only lower
# the cost. Let us check it on a cost with only two weights, the elongated bowl
# $C(w) = \tfrac12 (w_1^2 + 10\, w_2^2)$, steep across ($w_2$) and flat along ($w_1$): from the point $(-4, 2)$,
# a step of length $\epsilon = 0.01$ in each of 720 directions.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The whole lecture rests on one inequality: among all steps of the same small length, the one against
# the gradient lowers the cost most. Derive it on the board in two lines, then let the next figure confirm it.
# **Ask:** What does the update promise if the learning rate is too large? (Nothing: the first-order picture fails.)
# **Time:** 2 min

# %% alt=["Change of the cost C against the direction of a small step, from 0 to 360 degrees: the true change (solid line) and the first-order prediction, the dot product of the gradient and the step (dashed line), lie almost on top of each other as one cosine wave. Its lowest point falls exactly on the dotted vertical line that marks the direction of minus the gradient."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
bowl = get_surface("bowl")
w = bowl.start  # (-4, 2)
grad = bowl.grad(w)  # (w1, 10 w2) = (-4, 20)
eps = 0.01
angle = np.arange(720) / 2  # directions of the step, in degrees
steps = eps * np.stack([np.cos(np.radians(angle)), np.sin(np.radians(angle))], axis=1)
change = bowl.loss(*(w + steps).T) - bowl.loss(*w)  # the true change of C for each step
downhill = np.degrees(np.arctan2(-grad[1], -grad[0])) % 360  # the direction of -grad C

fig, ax = plt.subplots(figsize=(9, 3.8))
ax.plot(angle, change, lw=2.5, label="true change of $C$")
ax.plot(angle, steps @ grad, label=r"$\nabla C \cdot \Delta v$")
ax.axvline(downhill, color=PALETTE["black"], ls=":", lw=1.5, label=r"direction of $-\nabla C$")
ax.set_xticks(range(0, 361, 45))
ax.set_xlabel("direction of the step (degrees)")
ax.set_ylabel(r"$\Delta C$")
ax.legend(loc="lower left")
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()
print(f"the steepest of the 720 directions: {angle[np.argmin(change)]:.1f} degrees; -grad C points at {downhill:.1f}")
print(f"largest possible first-order decrease eps * |grad C| = {eps * np.linalg.norm(grad):.4f}; "
      f"the best step lowers C by {-change.min():.4f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Each point is one step of the same tiny length in a different direction. The prediction and the truth
# coincide, and the deepest drop sits on the line of minus the gradient: read the two printed angles aloud.
# **Time:** 4 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The first-order prediction $\nabla C \cdot \Delta v$ is a cosine of the angle between the step and the gradient,
# lowest exactly against the gradient, and the true change follows it (the small difference is the curvature,
# of order $\epsilon^2$). Repeating such steps is gradient descent. On the bowl each step multiplies $w_1$ by
# $1 - \eta$ and $w_2$ by $1 - 10\eta$ (the gradient is $(w_1, 10\, w_2)$), which predicts four regimes:

# %% alt=["Four panels, one per learning rate, each showing the contour lines of the elongated bowl (w1 across, w2 up) and the path of 50 gradient-descent steps from the start at (-4, 2) towards the star at the minimum. At 0.01 the path creeps a short way; at 0.1 it drops to the w2 = 0 axis at once and slides to the star; at 0.19 it zig-zags across the valley while closing in; at 0.21 the zig-zag grows until it leaves the frame."] slideshow={"slide_type": "-"} tags=["hide-input"]
W1g, W2g = np.meshgrid(np.linspace(-5, 5, 200), np.linspace(-3, 3, 120))
fig, axes = plt.subplots(1, 4, figsize=(12.5, 3.4), sharey=True)
for ax, (lr, label) in zip(axes, [(0.01, "too small"), (0.1, "good"), (0.19, "oscillating"), (0.21, "divergent")]):
    path = descend(bowl.grad, bowl.start, lr, 50)
    ax.contour(W1g, W2g, bowl.loss(W1g, W2g), levels=[0.5, 2, 5, 10, 20, 35], colors="0.6", linewidths=0.7)
    ax.plot(path[:, 0], path[:, 1], ".-", color=PALETTE["blue"], ms=4)
    ax.plot(0, 0, "*", color=PALETTE["yellow"], ms=14, mec=PALETTE["black"])
    ax.set_xlim(-5, 5)
    ax.set_ylim(-3, 3)
    ax.set_title(f"η = {lr}: {label}")
    ax.set_xlabel("$w_1$")
axes[0].set_ylabel("$w_2$")
fig.tight_layout()
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Same bowl, same start, only the learning rate changes. Let the room name each panel before you do:
# crawling, good, zig-zag, explosion; the factors $1 - \eta$ and $1 - 10\eta$ explain all four.
# **Ask:** Which panel would you call the best, and why is the third one not broken yet?
# **Time:** 6 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# - $\eta = 0.01$: every step is safe but tiny; after 50 steps we are still far away.
# - $\eta = 0.1$: the steep direction is solved in one step, the flat one steadily.
# - $\eta = 0.19$: $1 - 10\eta = -0.9$, so $w_2$ overshoots and flips sign every step, slowly settling.
# - $\eta = 0.21$: $|1 - 10\eta| > 1$, each overshoot is bigger than the last: divergence.
#
# The largest safe $\eta$ is set by the **steepest** direction, while progress is limited by the **flattest**
# one. Real networks have millions of directions with very different curvatures — that is why the learning rate
# matters so much.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The one sentence to remember: the steepest direction caps the learning rate, the flattest one sets the
# pace. A network has very many directions, so this tension never goes away; it is why optimizers beyond plain
# gradient descent exist.
# **Time:** 8 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: a steeper bowl (predict, then check)
#
# Make the steep direction five times steeper: $C(w) = \tfrac12 (w_1^2 + 50\, w_2^2)$. Without running anything,
# predict the learning rate above which $w_2$ flips sign at every step (`eta_oscillate`), and the one above which
# gradient descent diverges (`eta_diverge`). The cell after the check runs gradient descent on this bowl below,
# between and above both thresholds.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
eta_oscillate = ...  # above this learning rate, w2 flips sign at every step
eta_diverge = ...  # above this learning rate, the steps grow: divergence

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
# each step multiplies w2 by 1 - 50 eta: negative for eta > 1/50, below -1 for eta > 2/50
eta_oscillate, eta_diverge = 1 / 50, 2 / 50

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_learning_rates(eta_oscillate, eta_diverge)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** In class: three minutes in pairs, on paper, then take answers from the room before running the check.
# The factor of $w_2$ per step is $1 - 50\eta$; the two thresholds are where it crosses $0$ and $-1$.
# **Expect:** `eta_oscillate` $= 1/50$, `eta_diverge` $= 2/50$; the usual slip is to reuse the old bowl's numbers.
# **Time:** 13 min

# %% slideshow={"manual": true, "slide_type": "subslide"}
def steep_grad(w):
    """The gradient of C(w) = (w1^2 + 50 w2^2) / 2."""
    return np.array([w[0], 50 * w[1]])


print("  eta  | w2 at the start, after 1, 2, 3 steps | |w2| after 50 steps")
for lr in (0.015, 0.025, 0.035, 0.045):
    path = descend(steep_grad, bowl.start, lr, 50)
    print(f" {lr:.3f} | " + " ".join(f"{w2:+7.3f}" for w2 in path[:4, 1]) + f"         | {abs(path[-1, 1]):.2g}")

# %% [markdown] slideshow={"manual": true, "slide_type": "fragment"}
# Between $1/50$ and $2/50$ the steps overshoot but shrink; beyond $2/50$ they grow. The flat direction alone
# would tolerate $\eta$ up to 2, fifty times more: one steep direction sets the learning rate for all of them.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The table confirms the prediction: follow the signs of $w_2$ row by row, then the last column, tiny
# for the first three rows and huge for the last. Then reveal the fragment: the flat direction alone would have
# allowed a far larger step.
# **Time:** 14 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: the learning rate
#
# Drag $\eta$ (log scale) and the number of steps, and switch the method to compare gradient descent with momentum
# and Adam (next sections). The title reads the path: slow, converged, oscillating or diverged.

# %% alt=["The widget's figure at its start, learning rate 0.1 and 50 steps of gradient descent: on the left, the contour lines of the elongated bowl with the path of w from the dot at (-4, 2) down to the w2 = 0 axis and along it to the star at the minimum; on the right, the loss at each step on a log scale, falling steadily. The sliders change the learning rate, the number of steps and the method (gradient descent, momentum, Adam or all three), and the title names each path's verdict."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
explorer = DescentExplorer(lr=0.1, steps=50, method="gradient descent")
explorer

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert explorer.values == {"lr": 0.1, "steps": 50, "method": "gradient descent"}
assert explorer.verdict(explorer.final_paths["gradient descent"]) == "converged"
print("The widget starts at η = 0.1, where gradient descent reaches the minimum in 50 steps.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Drag the learning rate slowly upwards from its start and let the room call out when the path starts to
# zig-zag and when it explodes; then switch the method to all three for a preview of momentum and Adam.
# **Ask:** Where, roughly, does it diverge? (Just above $\eta = 0.2$, as the factor $1 - 10\eta$ predicts.)
# **Time:** 17 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# What the widget says for the four learning rates of the figure above (its reading of each 50-step path):

# %% slideshow={"slide_type": "-"}
regimes = {lr: explorer.verdict(explorer.path("gradient descent", lr, 50)) for lr in (0.01, 0.1, 0.19, 0.21)}
for lr, verdict in regimes.items():
    print(f"η = {lr:<5}: {verdict}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert regimes == {0.01: "slow", 0.1: "converged", 0.19: "oscillating", 0.21: "diverged"}
print("The widget reads the four regimes as predicted: slow, converged, oscillating, diverged.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The widget's verdicts agree with the four panels: the same reading, now automatic, so the title can
# tell you the regime while you drag.
# **Time:** 18 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** you measure one input of a model in millimetres instead of centimetres, so its values become 10
# times larger. What happens to the curvature of the cost along the weight of that input, and to the learning
# rates you can use?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The cost depends on that weight through the product $w x$, so its second derivative along $w$ carries a factor
# $x^2$: the curvature grows 100-fold. The largest safe learning rate, $2/\text{curvature}$ for the steepest
# direction, falls 100-fold, and with it the progress along every other, flatter direction. That is one reason
# inputs are scaled to similar ranges before training (MNIST's pixels to $[0, 1]$).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Give the room two minutes; the link to the bowl is that scaling an input scales the curvature along its
# weight by the square of the factor.
# **Expect:** The curvature grows by the factor squared, $10^2$, so the largest safe $\eta$ falls as much, and
# every other direction slows down with it; hence inputs are scaled before training.
# **Time:** 21 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Stochastic and mini-batch gradient descent
#
# The cost of a network is a mean over all $n$ training samples, $C = \frac1n \sum_x C_x$, and so is its
# gradient. Computing it exactly means a pass over all the data **for every single step**. Stochastic gradient
# descent estimates it instead from a small random **mini-batch** of $m$ samples:
#
# $$\nabla C \approx \frac1m \sum_{x \in \text{batch}} \nabla C_x, \qquad
#   w \leftarrow w - \frac{\eta}{m} \sum_{x \in \text{batch}} \nabla C_x .$$
#
# One **epoch** is one pass over the training set in mini-batches: $n/m$ steps, the samples in a new random order
# each epoch.
#
# **The data.** MNIST has 60 000 training and 10 000 test images [1]. So that every run below fits a lecture on a
# laptop's CPU, we train on **10 000 images drawn at random from the training set** (each digit keeping its share,
# the same images on every machine, online or offline) and draw **2 000 more as a validation set**, on which we
# measure the accuracy. The test images stay untouched until the end of [06](06_training.ipynb), where they
# measure the chosen model once.

# %% slideshow={"slide_type": "-"}
(x_train, y_train), _ = load_mnist()
(x_fit, y_fit), (x_val, y_val) = draw(x_train, y_train, 10_000, 2_000, seed=0)
X_train, Y_train = to_vectors(x_fit, y_fit)
X_val = to_vectors(x_val)
print(f"training: {X_train.shape}, validation: {X_val.shape}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The key idea of the day: the exact gradient is a mean over every sample, so estimate it from a few
# and take many more steps for the same work. Say what an epoch is, and why we train on a subset here: so that
# every run fits the room's clock.
# **Time:** 24 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The loop
#
# `lecturekit.network.Network` keeps a network's parameters as two lists of numpy arrays, `net.weights`
# ($W^1, W^2, \dots$) and `net.biases` ($b^1, b^2, \dots$), and `net.backprop(X, Y)` is notebook 04's
# backpropagation: the four equations for a whole mini-batch (one sample per row of `X` and `Y`), returning the
# lists `grads_W` and `grads_b` of the gradients of the batch's **mean** cost (the $1/m$ is already inside). One
# epoch of mini-batch SGD:
#
# 1. shuffle: draw a new random order of the $n$ samples, `order = rng.permutation(n)`;
# 2. for each mini-batch `batch = order[k:k + m]`, $k = 0, m, 2m, \dots$ (the last one may be smaller),
#    backpropagate on `X[batch]` and `Y[batch]`;
# 3. step every $W$ and every $b$ against its gradient, in place: `W -= eta * g`.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Three steps, and the only subtle points are here: a fresh shuffle each epoch, the smaller last batch,
# and that backprop already averages over the batch, so no extra division by $m$.
# **Time:** 26 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: one epoch of mini-batch SGD
#
# Write `sgd_epoch(net, X, Y, eta, m, rng)`: steps 1–3 above. It changes `net` in place and returns nothing. The
# check runs it on a tiny 3-4-2 network and compares what it does with reference steps; the cell after it trains
# the lecture's 784-30-10 network with your loop, one epoch over our 10 000 training images.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def sgd_epoch(net, X, Y, eta, m, rng):
    """One epoch of mini-batch SGD on net, in place: X (n, inputs), Y (n, outputs), batches of m, shuffled by rng."""
    ...


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def sgd_epoch(net, X, Y, eta, m, rng):
    """One epoch of mini-batch SGD on net, in place: X (n, inputs), Y (n, outputs), batches of m, shuffled by rng."""
    order = rng.permutation(len(X))  # a new order every epoch
    for k in range(0, len(X), m):  # the last batch may be smaller
        batch = order[k:k + m]
        grads_W, grads_b = net.backprop(X[batch], Y[batch])  # the batch's mean gradient
        for W, g in zip(net.weights, grads_W):
            W -= eta * g  # w <- w - eta dC/dw, in place
        for b, g in zip(net.biases, grads_b):
            b -= eta * g


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_sgd_epoch(sgd_epoch)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework: about ten lines on top of backprop. The check names the usual slips (dividing by $m$ twice,
# skipping the last batch, shuffling images and labels apart), so students can iterate alone. In class, show the
# stub and move on; the next slide runs the worked solution.
# **Time:** 27 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Your loop on MNIST: the book's network (sigmoid units, quadratic cost, weights and biases from $N(0, 1)$),
# $\eta = 3$, $m = 10$, one epoch of 1000 steps.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
mine = Network([784, 30, 10], "sigmoid", "quadratic", seed=0)
before = mine.accuracy(X_val, y_val)
sgd_epoch(mine, X_train, Y_train, eta=3.0, m=10, rng=np.random.default_rng(0))
after = mine.accuracy(X_val, y_val)
print(f"validation accuracy before training: {before:.1%}, after one epoch of your loop: {after:.1%}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert check_sgd_epoch(sgd_epoch) and before < 0.2 and after > 0.65
print("One epoch of the loop, 1000 steps, takes the network from chance (about 1 digit in 10) to over 65% right.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Run it live: it takes about a second. Read both accuracies off the output: from chance to most digits
# right in one pass, with a loop of a few lines.
# **Ask:** What accuracy would a network that guesses get? (One digit in ten.)
# **Time:** 29 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# `Network.fit(X, Y, epochs, batch_size=m, lr=eta)` runs this same loop, epoch after epoch, with what a lecture
# needs around it: other update rules (`optimizer="momentum"` or `"adam"`, from `lecturekit.optimizers`), L2
# and L1 penalties, dropout, and after each epoch the loss and accuracy on the training and validation sets in
# `net.history`. Its forward pass and backpropagation are notebook 04's four equations, each one line of numpy
# vectorized over the mini-batch: a layer's work for the whole batch is one matrix product, which numpy hands to
# its BLAS library (compiled linear-algebra code). From here on we train with it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** From now on `Network.fit` runs the loop the students just wrote; nothing in it is magic. Mention that
# the penalties and dropout it also offers are the subject of notebook 06.
# **Time:** 30 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### How noisy is a mini-batch gradient?
#
# Each mini-batch gradient is a mean of $m$ per-sample gradients drawn at random: an estimate of the full
# gradient, right on average but off by some noise. The measurement below takes the lecture's network after one
# epoch of training, computes the exact gradient over all 10 000 training images, and compares it with the
# gradients of 40 random mini-batches of each size.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The price of the cheap estimate is noise. Before we measure it, the room predicts how it depends on the
# batch size: that is the next exercise.
# **Time:** 31 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: noise and batch size (predict, then check)
#
# Predict before the measurement: by what factor is the noise of the estimate (its typical distance from the full
# gradient) larger at $m = 10$ than at $m = 1000$ (`ratio`)? And which batch size has half the noise of
# $m = 10$ (`m_half`)? Hint: the samples of a batch are independent draws, and the estimate is their mean.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
ratio = ...  # noise at m = 10 divided by noise at m = 1000
m_half = ...  # the batch size with half the noise of m = 10

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
# the mean of m independent samples has 1/sqrt(m) of their spread (its variance falls like 1/m)
ratio = np.sqrt(1000 / 10)
m_half = 4 * 10

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_noise_scaling(ratio, m_half)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** In class: two minutes alone, then a show of hands for the ratio. The hint is the standard error of a
# mean.
# **Expect:** `ratio` $= \sqrt{1000/10} = 10$ and `m_half` $= 4 \cdot 10 = 40$; the usual slip is the variance's
# ratio, $100$.
# **Time:** 35 min

# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["nbval-ignore-output"]
probe = Network([784, 30, 10], "sigmoid", "quadratic", seed=0, dtype=np.float64)
probe.fit(X_train, Y_train, epochs=1, batch_size=10, lr=3.0, track_training=False)
full_gW, _ = probe.backprop(X_train, Y_train)  # the exact gradient over all 10 000 training images
full = full_gW[0]

batch_sizes = [1, 10, 100, 1000]
noise = []
for m in batch_sizes:
    errors = []
    for _ in range(40):
        idx = rng.choice(len(X_train), size=m, replace=False)
        gW, _ = probe.backprop(X_train[idx], Y_train[idx])
        errors.append(np.linalg.norm(gW[0] - full) / np.linalg.norm(full))
    noise.append(np.mean(errors))

print(" batch size | steps per epoch | relative error of the gradient estimate")
for m, e in zip(batch_sizes, noise):
    print(f" {m:>10} | {len(X_train) // m:>15} | {e:.2f}")
print(f"measured: noise at m = 10 / noise at m = 1000 = {noise[1] / noise[3]:.1f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert all(a > b for a, b in zip(noise, noise[1:])) and 5 < noise[0] / noise[2] < 20
assert 7 < noise[1] / noise[3] < 14 and noise[0] > 1
print("The noise of the estimate falls about tenfold for a batch 100 times larger, like 1/sqrt(m); "
      "a single sample's gradient is off by more than the whole gradient's size.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The measurement takes a few seconds. Read the last line aloud and compare it with the room's
# predictions: close to the square root, not to the batch sizes' ratio itself.
# **Time:** 37 min

# %% alt=["Log-log plot of the relative error of the mini-batch gradient estimate against the batch size m, for m = 1, 10, 100 and 1000: the measured points (solid line with circles) fall on a straight line that lies on top of the dashed reference line proportional to one over the square root of m. The error at m = 1 is above 1, larger than the gradient itself."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(6.5, 3.8))
ax.loglog(batch_sizes, noise, "o-", lw=2, label="measured")
ax.loglog(batch_sizes, noise[0] / np.sqrt(batch_sizes), label=r"$\propto 1/\sqrt{m}$")
ax.set_xlabel("mini-batch size $m$")
ax.set_ylabel(r"$\|g_m - \nabla C\| \,/\, \|\nabla C\|$")
ax.set_title("first-layer gradient, 784-30-10 network")
ax.legend()
ax.grid(alpha=0.3, which="both")
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# A single sample's gradient is mostly noise (its error is larger than the gradient itself), and the noise shrinks
# like $1/\sqrt{m}$ — slowly: 100 times more samples per step buy only 10 times less noise. Mini-batches of
# 10–100 are the usual compromise: many cheap, noisy steps per epoch rather than a few exact ones. And a batch is
# computed as one matrix product for all its samples, so a step on 10 samples costs far less than 10 steps on one.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** an epoch of our 10 000 images can be 1000 steps with $m = 10$ or 10 steps with $m = 1000$, each of
# those 10 times less noisy. Which would you choose, and what could change the answer?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Usually the 1000 small steps: each one already points roughly downhill, and 100 times more steps are worth
# more than 10 times less noise (the noise of successive steps also partly averages out). The answer changes
# when a large batch costs little more time than a small one, as on a GPU, which computes a batch of 1000 almost
# as fast as a batch of 10: per second rather than per sample, larger batches then win. Near a minimum, less
# noise also lets training settle closer to it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** On a log-log plot a power law is a straight line; the measured points sit on the square-root line. Then
# pose the Think question and give it two minutes.
# **Expect:** Usually the many small steps, since each already points roughly downhill; large batches win when
# they cost little more per step, as on a GPU, and near a minimum, where less noise lets training settle.
# **Time:** 42 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Momentum and Adam
#
# Plain gradient descent zig-zags across a steep valley and crawls along a flat one. Two popular fixes:
#
# - **Momentum** keeps a velocity, a running sum of past gradients: $v \leftarrow \mu v - \eta \nabla C$,
#   $w \leftarrow w + v$ (with $\mu = 0.9$) [2]. Consistent directions build up speed; zig-zags cancel out.
# - **Adam** keeps running means of the gradient, $m \leftarrow \beta_1 m + (1 - \beta_1)\, g$, and of its square,
#   $s \leftarrow \beta_2 s + (1 - \beta_2)\, g^2$ ($\beta_1 = 0.9$, $\beta_2 = 0.999$), and steps
#   $w \leftarrow w - \eta\, \hat m / (\sqrt{\hat s} + \epsilon)$ [3]. Each weight gets its own step size,
#   about $\eta$, whatever the scale of its gradient.
# - **Adam's bias correction**, in one line: $m$ and $s$ start at 0, so after $t$ steps their weights sum to only
#   $1 - \beta^t$, and $\hat m = m / (1 - \beta_1^t)$, $\hat s = s / (1 - \beta_2^t)$ divide that out, making them
#   true averages from the first step on:

# %% slideshow={"slide_type": "-"}
adam, w_first = Adam(lr=1.0), np.zeros(1)
adam.step([w_first], [np.array([0.5])])  # Adam's first step, on a gradient of 0.5
b1, b2 = adam.betas
print(f"first step with the bias correction: {-w_first[0]:.3f} eta; "
      f"without it: (1 - b1) / sqrt(1 - b2) = {(1 - b1) / np.sqrt(1 - b2):.2f} eta")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Two ideas. Momentum remembers the direction it was going; Adam rescales each weight's step by the size
# of its recent gradients. The bias correction only matters at the start, but there it matters a lot: read the
# printed line, a full step of $\eta$ with it and a far smaller one without.
# **Time:** 45 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 4: the first two steps, by hand
#
# One weight starts at $w = 0$, and its gradient is $g = 4$ at both steps. With $\eta = 0.1$, compute by hand
# where $w$ is after **two** steps of momentum ($\mu = 0.9$, $v$ starting at 0: `w_momentum`) and after two steps
# of Adam ($\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-8}$, $m$ and $s$ starting at 0, with the bias
# correction: `w_adam`). Keep three decimals.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
w_momentum = ...  # w after two momentum steps
w_adam = ...  # w after two Adam steps

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
# momentum: v1 = -0.1 * 4 = -0.4, w1 = -0.4; v2 = 0.9 * (-0.4) - 0.4 = -0.76, w2 = -0.4 - 0.76
w_momentum = -0.4 + (0.9 * -0.4 - 0.4)
# Adam: m1 = 0.4, s1 = 0.016, m_hat = 0.4 / 0.1 = 4, s_hat = 0.016 / 0.001 = 16: a step of 0.1 * 4 / 4 = 0.1;
# at t = 2, m2 = 0.76 and s2 = 0.031984, so again m_hat = 0.76 / 0.19 = 4 and s_hat = 0.031984 / 0.001999 = 16
w_adam = -0.1 - 0.1

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_first_steps(w_momentum, w_adam)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework. The point to carry home: momentum's second step is already almost twice its first, while
# Adam's steps are exactly $\eta$ on a steady gradient, whatever the gradient's size, thanks to the correction.
# **Time:** 46 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The three optimizers on the bowl and on Rosenbrock's curved valley [4], with a small and with a large learning
# rate (in the legends, the cost $C$ where each path ends):

# %% alt=["Three panels of contour lines with the paths of gradient descent (solid), momentum (dashed) and Adam (dotted) from the same start to the star at the minimum: the bowl with learning rate 0.01 and 60 steps, and Rosenbrock's curved valley with learning rates 0.01 and 0.1 for 200 steps each. At 0.01 gradient descent creeps, momentum overshoots and spirals in, and Adam moves in even steps; at 0.1 on the valley only Adam's path stays on the panel, and the legends give each path's final cost or 'diverged'."] slideshow={"slide_type": "-"} tags=["hide-input"]
fig, axes = plt.subplots(1, 3, figsize=(12.5, 4.6))
for ax, (name, lr, n_steps) in zip(axes, [("bowl", 0.01, 60), ("rosenbrock", 0.01, 200), ("rosenbrock", 0.1, 200)]):
    s = get_surface(name)
    x0, x1, y0, y1 = s.extent
    G1, G2 = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 160))
    C = s.loss(G1, G2)
    ax.contour(G1, G2, C, levels=np.unique(np.quantile(C, np.linspace(0, 0.9, 15) ** 2)), colors="0.65",
               linewidths=0.7)
    for method, short in [("gradient descent", "GD"), ("momentum", "momentum"), ("adam", "Adam")]:
        path = descend(s.grad, s.start, lr, n_steps, method)  # the style's cycle: blue solid, vermillion dashed, ...
        final_c = s.loss(*path[-1])
        outcome = "diverged" if np.isnan(final_c) else f"{final_c:.0e}"
        ax.plot(path[:, 0], path[:, 1], marker=".", ms=3, lw=1.3, label=f"{short}: {outcome}")
    ax.plot(*s.minimum, "*", color=PALETTE["yellow"], ms=15, mec=PALETTE["black"], zorder=5)
    ax.set_title(f"{name}: η = {lr}, {n_steps} steps")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.legend(loc="lower right" if name == "bowl" else "upper right", framealpha=0.9)
fig.tight_layout()
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
def final_cost(name, lr, n_steps, method):
    surface = get_surface(name)
    return surface.loss(*descend(surface.grad, surface.start, lr, n_steps, method)[-1])


methods = ("gradient descent", "momentum", "adam")
bowl_small, valley_small, valley_large = ({m: final_cost(name, lr, n, m) for m in methods}
                                          for name, lr, n in [("bowl", 0.01, 60), ("rosenbrock", 0.01, 200),
                                                              ("rosenbrock", 0.1, 200)])
for small in (bowl_small, valley_small):
    assert small["momentum"] < 0.02 * small["gradient descent"] < 0.02 * small["adam"]
assert np.isnan(valley_large["gradient descent"]) and np.isnan(valley_large["momentum"])
assert valley_large["adam"] < 1e-3
print("With η = 0.01 momentum ends at a cost over 50 times lower than gradient descent's, and Adam at the highest; "
      "at η = 0.1 on Rosenbrock's valley gradient descent and momentum diverge, and Adam converges.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Three races on two surfaces. Point at the dashed momentum path spiralling in, the dotted Adam path
# marching in even steps, and the last panel, where only Adam survives the larger step. Read the final costs off
# the legends.
# **Time:** 48 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# - With a small $\eta$, plain gradient descent crawls. Momentum overshoots and spirals, but in the same number of
#   steps it ends at a cost over 50 times lower: where the gradient keeps its direction, the velocity adds up
#   to $\eta \nabla C\,(1 + \mu + \mu^2 + \dots) = \eta \nabla C / (1 - \mu)$, steps $1/(1 - \mu) = 10$ times
#   those of plain gradient descent.
# - Adam moves every coordinate by about $\eta$ per step, whatever the gradient: slow when $\eta$ is small, but it
#   stays stable at $\eta = 0.1$, where the steep walls of Rosenbrock's valley make the other two blow up.
#   On networks it is usually run with $\eta \approx 10^{-3}$, the scale on which weights change (the default of
#   Kingma and Ba [3]).
#
# No optimizer wins everywhere; all of them need a sensible learning rate.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** with $\mu = 0.9$, momentum's steps grow up to 10 times larger along a consistent direction. Why not
# use plain gradient descent with a 10 times larger $\eta$ instead?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# A larger $\eta$ applies to every direction, the steep ones included, where it overshoots and diverges (on the
# bowl, plain gradient descent diverges above $\eta = 0.2$). Momentum builds up speed only where successive
# gradients agree; across a steep valley they alternate in sign and largely cancel in the velocity.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The geometric series is the whole story of momentum: steady directions get up to $1/(1 - \mu)$ times the
# step. Then the Think question, two minutes.
# **Expect:** A larger $\eta$ also multiplies the steep directions, which then diverge; momentum speeds up only
# where successive gradients agree and cancels where they flip sign.
# **Time:** 53 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5: a race on the same budget (an experiment)
#
# Does momentum's head start on the surfaces carry over to a real network? Train the lecture's 784-30-10 network
# twice from the same initial weights (`seed=1`), once with plain SGD and once with momentum, each for the same
# budget: one epoch over our 10 000 training images in batches of 10 (1000 steps) with $\eta = 0.1$. Then read
# both validation accuracies, `net.accuracy(X_val, y_val)`, and report which optimizer got further (`winner`,
# `"sgd"` or `"momentum"`) and by how many percentage points (`lead`). Your numbers depend on the run; the check
# compares your report with your own two networks. Then try another seed: what changes, and what does not?

# %% slideshow={"slide_type": "-"} tags=["exercise"]
budget = dict(epochs=1, batch_size=10, lr=0.1)  # the same for both networks
net_sgd = Network([784, 30, 10], "sigmoid", "quadratic", seed=1)
net_momentum = Network([784, 30, 10], "sigmoid", "quadratic", seed=1)  # the same initial weights
...  # train net_sgd with optimizer="sgd" and net_momentum with optimizer="momentum", each with **budget
winner = ...  # "sgd" or "momentum": the one with the higher validation accuracy
lead = ...  # its lead in validation accuracy, in percentage points, read off your run

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
budget = dict(epochs=1, batch_size=10, lr=0.1)  # the same for both networks
net_sgd = Network([784, 30, 10], "sigmoid", "quadratic", seed=1)
net_momentum = Network([784, 30, 10], "sigmoid", "quadratic", seed=1)  # the same initial weights
net_sgd.fit(X_train, Y_train, optimizer="sgd", **budget)
net_momentum.fit(X_train, Y_train, optimizer="momentum", **budget)
acc_sgd, acc_momentum = net_sgd.accuracy(X_val, y_val), net_momentum.accuracy(X_val, y_val)
winner = "momentum" if acc_momentum > acc_sgd else "sgd"
lead = 100 * abs(acc_momentum - acc_sgd)

# %% slideshow={"slide_type": "-"} tags=["exercise-check", "nbval-ignore-output"]
check_optimizer_race(net_sgd, net_momentum, winner, lead, (X_val, y_val))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert check_optimizer_race(net_sgd, net_momentum, winner, lead, (X_val, y_val)) and winner == "momentum"
assert lead > 3
print("On the same budget of 1000 steps with η = 0.1, momentum ends more than 3 points of validation accuracy "
      "ahead of plain SGD.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** In class: the two training runs take well under a second each, so give the room four minutes to write
# the two `fit` calls, read the accuracies and report; then ask a few people for their lead with other seeds.
# **Ask:** Did anyone get plain SGD ahead? (Over many seeds, no; the lead varies a lot, its sign does not.)
# **Expect:** Momentum wins by a wide margin on this budget: read the lead off the check's line; it moves by
# several points from seed to seed.
# **Time:** 59 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The live demo: 784-30-10 on MNIST
#
# The lecture's network: 784 input pixels, 30 sigmoid hidden units, 10 sigmoid outputs, the quadratic cost
# $C = \frac{1}{2n}\sum_x \lVert y(x) - a(x)\rVert^2$, weights and biases drawn from $N(0, 1)$, $\eta = 3.0$,
# mini-batches of 10: the network your loop trained for one epoch above, now trained by `Network.fit` for 10
# epochs. After each epoch it measures the accuracy on the validation images.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
EPOCHS = 10
book = Network([784, 30, 10], activation="sigmoid", loss="quadratic", seed=0)
book.fit(X_train, Y_train, epochs=EPOCHS, batch_size=10, lr=3.0, validation_data=(X_val, y_val),
         progress=TrainingProgress(EPOCHS, "numpy 784-30-10"))
numpy_seconds = np.median(book.history["seconds"])
acc_book = book.history["val_accuracy"]
print(f"validation accuracy after 1 epoch: {acc_book[0]:.1%}, after {EPOCHS} epochs: {acc_book[-1]:.1%}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert 0.89 < acc_book[-1] < 0.96 and acc_book[-1] > acc_book[0]
print("After 10 epochs the book's network gets about 9 in 10 validation digits right (between 89% and 96%).")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Run it live; on a laptop it takes a few seconds, and the progress bar shows the epochs go by. While it
# runs, repeat the recipe: the same loop as Exercise 2, ten passes. Then read both accuracies off the output.
# **Ask:** Is the last epoch's gain as large as the first's? (No: most of the progress comes early.)
# **Time:** 63 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The same network in Keras
#
# Same architecture, same initialization ($N(0,1)$ weights and biases), same cost (½ Σ (y − a)² per sample,
# averaged over the batch), plain SGD with $\eta = 3.0$ and batches of 10, on the same images. Keras shows its
# progress through a callback.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The same model in the framework most of them will use later: every choice on this slide matches one
# in our numpy network, so the two runs should agree up to their random numbers.
# **Time:** 64 min

# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["nbval-ignore-output"]
import keras

KERAS_EPOCHS = 5
normal = keras.initializers.RandomNormal(stddev=1.0, seed=0)
model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(30, activation="sigmoid", kernel_initializer=normal, bias_initializer=normal),
    keras.layers.Dense(10, activation="sigmoid", kernel_initializer=normal, bias_initializer=normal),
])


def quadratic(y_true, y_pred):
    return 0.5 * tf.reduce_sum(tf.square(y_true - y_pred), axis=-1)


model.compile(optimizer=keras.optimizers.SGD(learning_rate=3.0), loss=quadratic, metrics=["accuracy"])
keras_progress = TrainingProgress(KERAS_EPOCHS, "Keras 784-30-10")
model.fit(X_train, Y_train, batch_size=10, epochs=KERAS_EPOCHS, verbose=0, callbacks=[keras_progress.keras_callback()])
keras_seconds = keras_progress.seconds_per_epoch
acc_keras = float(np.mean(model.predict(X_val, verbose=0).argmax(axis=1) == y_val))
acc_numpy_5 = book.history["val_accuracy"][KERAS_EPOCHS - 1]
print(f"seconds per epoch: numpy {numpy_seconds:.2f}, Keras {keras_seconds:.2f} "
      f"({keras_seconds / numpy_seconds:.0f}x the numpy time)")
print(f"validation accuracy after {KERAS_EPOCHS} epochs: numpy {acc_numpy_5:.1%}, Keras {acc_keras:.1%}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert abs(acc_keras - acc_numpy_5) < 0.03 and keras_seconds > numpy_seconds
print("numpy and Keras reach the same accuracy within 3 points; at batches of 10 the numpy network is faster.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Start it, then talk through the code while it runs: this is the slowest cell of the lecture, seconds
# per epoch rather than a fraction of one. Read the two lines of output: the accuracies agree closely, and numpy is
# the faster of the two here.
# **Time:** 67 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Same model, about the same accuracy: the two runs differ only in their random numbers (the initial weights
# drawn and the order of the samples), which after 5 epochs of this network move the accuracy by a few points at
# most. With batches of only 10 samples each step is tiny, so the fixed cost of a step dominates; the numpy
# network spends almost nothing beyond its matrix products, which makes it faster than Keras here. Keras catches
# up with bigger batches and bigger models, and on a GPU. (`benchmarks/bench_network.py` measures both against
# the book's one-sample-at-a-time loop.)

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** would the numpy network still be faster than Keras with mini-batches of 1000, or on a GPU?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Probably not. With 10 samples a step is mostly fixed cost: Python calls, and Keras dispatching each of its
# operations, which numpy's few calls avoid. With 1000 samples a step is mostly matrix products, which both hand
# to optimized libraries, and Keras runs the rest in compiled code too; on a GPU the large products run many
# times faster than on a CPU core. Per step, small batches favour simple code; large ones favour the framework.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Faster here is a statement about tiny batches on a CPU, not about numpy against frameworks in general.
# Give the Think question two minutes.
# **Expect:** Probably not: with large batches the matrix products dominate, which both run in optimized
# libraries, and a GPU runs them much faster; small batches favour simple code, large ones the framework.
# **Time:** 71 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - To first order a step changes the cost by $\Delta C \approx \nabla C \cdot \Delta v$; by Cauchy–Schwarz the
#   steepest step downhill points against the gradient, hence $w \leftarrow w - \eta\nabla C$. The learning rate
#   must be small enough for the steepest direction (below $2/\text{curvature}$, or the steps diverge) and is
#   then slow along the flattest one.
# - Stochastic gradient descent estimates the gradient on a shuffled mini-batch; the estimate's noise falls like
#   $1/\sqrt{m}$. An epoch is one pass over the training set; the loop is a few lines on top of backpropagation.
# - Momentum accumulates speed along consistent directions, up to $1/(1 - \mu)$ times the step, and on the same
#   budget it takes the lecture's network much further than plain SGD; Adam gives each weight its own step size,
#   about $\eta$, with a bias correction for its averages' start at 0.
# - On MNIST the lecture's 784-30-10 network gets about 9 in 10 validation digits right after 10 epochs here
#   (10 000 training images), and its Keras copy agrees within 3 points after 5 epochs.
#
# **Next:** [06](06_training.ipynb) — training well: a better cost and initialization, regularization, and
# choosing a model on the validation set while the test set waits for the end.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Four lines to take home: the steepest step and its learning rate, mini-batches and their noise,
# momentum and Adam, and the network trained live. Next time we make it train well and measure it honestly.
# **Time:** 74 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. Y. LeCun, L. Bottou, Y. Bengio, P. Haffner: Gradient-based learning applied to document recognition.
#    *Proceedings of the IEEE* 86(11), 2278–2324 (1998): the MNIST database.
# 2. B. T. Polyak: Some methods of speeding up the convergence of iteration methods. *USSR Computational
#    Mathematics and Mathematical Physics* 4(5), 1–17 (1964).
# 3. D. P. Kingma, J. Ba: Adam: a method for stochastic optimization. *ICLR 2015*, arXiv:1412.6980.
# 4. H. H. Rosenbrock: An automatic method for finding the greatest or least value of a function. *The Computer
#    Journal* 3(3), 175–184 (1960).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** For reading at home: the MNIST paper, the origins of momentum and Adam, and Rosenbrock's valley.
# **Time:** after class
