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
# *Neural networks and deep learning*, lecture 5 of 7.
#
# **What you will learn**
#
# - why the step against the gradient, $w \leftarrow w - \eta \nabla C$, is the steepest way down, and what the
#   learning rate $\eta$ does: too small, good, oscillating, divergent;
# - stochastic and mini-batch gradient descent: a noisy but cheap estimate of the gradient, what an epoch is, and
#   the loop that trains a network, which you write yourself;
# - momentum and Adam, two variations that take better steps;
# - the lecture's 784-30-10 network trained live on handwritten digits, in numpy and in Keras, side by side;
# - the improvements that take it from about 9 digits in 10 to about 96–97% here: cross-entropy, better
#   initialization (and where its variance comes from), ReLU, Adam, more hidden units, L2 and dropout — and
#   overfitting, and how L2 and L1 regularization fight it;
# - why recipes and epochs are chosen on a **validation set**, and the test set is used once, at the end.
#
# Three exercises check themselves as you go: the learning rates of a steeper bowl (predict, then check), the
# mini-batch SGD loop on top of backpropagation, and how the noise of a mini-batch gradient shrinks with its
# size (predict, then check). Each worked solution sits collapsed under its exercise: try first, then open it.

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
from lecturekit.exercises.sgd import check_learning_rates, check_noise_scaling, check_sgd_epoch
from lecturekit.network import Network
from lecturekit.optimizers import Adam
from lecturekit.progress import TrainingProgress
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

# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
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
ax.plot(angle, steps @ grad, "--", color="0.3", label=r"$\nabla C \cdot \Delta v$")
ax.axvline(downhill, color="tab:red", lw=1.5, label=r"direction of $-\nabla C$")
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

# %% [markdown] slideshow={"slide_type": "subslide"}
# The first-order prediction $\nabla C \cdot \Delta v$ is a cosine of the angle between the step and the gradient,
# lowest exactly against the gradient, and the true change follows it (the small difference is the curvature,
# of order $\epsilon^2$). Repeating such steps is gradient descent. On the bowl each step multiplies $w_1$ by
# $1 - \eta$ and $w_2$ by $1 - 10\eta$ (the gradient is $(w_1, 10\, w_2)$), which predicts four regimes:

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
W1g, W2g = np.meshgrid(np.linspace(-5, 5, 200), np.linspace(-3, 3, 120))
fig, axes = plt.subplots(1, 4, figsize=(12.5, 3.4), sharey=True)
for ax, (lr, label) in zip(axes, [(0.01, "too small"), (0.1, "good"), (0.19, "oscillating"), (0.21, "divergent")]):
    path = descend(bowl.grad, bowl.start, lr, 50)
    ax.contour(W1g, W2g, bowl.loss(W1g, W2g), levels=[0.5, 2, 5, 10, 20, 35], colors="0.6", linewidths=0.7)
    ax.plot(path[:, 0], path[:, 1], ".-", color="tab:blue", ms=4)
    ax.plot(0, 0, "*", color="gold", ms=14, mec="k")
    ax.set_xlim(-5, 5)
    ax.set_ylim(-3, 3)
    ax.set_title(f"η = {lr}: {label}")
    ax.set_xlabel("$w_1$")
axes[0].set_ylabel("$w_2$")
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# - $\eta = 0.01$: every step is safe but tiny; after 50 steps we are still far away.
# - $\eta = 0.1$: the steep direction is solved in one step, the flat one steadily.
# - $\eta = 0.19$: $1 - 10\eta = -0.9$, so $w_2$ overshoots and flips sign every step, slowly settling.
# - $\eta = 0.21$: $|1 - 10\eta| > 1$, each overshoot is bigger than the last: divergence.
#
# The largest safe $\eta$ is set by the **steepest** direction, while progress is limited by the **flattest**
# one. Real networks have millions of directions with very different curvatures — that is why the learning rate
# matters so much.

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: the learning rate
#
# Drag $\eta$ (log scale) and the number of steps, and switch the method to compare gradient descent with momentum
# and Adam (next sections). The title reads the path: slow, converged, oscillating or diverged.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
explorer = DescentExplorer(lr=0.1, steps=50, method="gradient descent")
explorer

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert explorer.values == {"lr": 0.1, "steps": 50, "method": "gradient descent"}
assert explorer.verdict(explorer.final_paths["gradient descent"]) == "converged"
print("The widget starts at η = 0.1, where gradient descent reaches the minimum in 50 steps.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# What the widget says for the four learning rates of the figure above (its reading of each 50-step path):

# %% slideshow={"slide_type": "-"}
regimes = {lr: explorer.verdict(explorer.path("gradient descent", lr, 50)) for lr in (0.01, 0.1, 0.19, 0.21)}
for lr, verdict in regimes.items():
    print(f"η = {lr:<5}: {verdict}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert regimes == {0.01: "slow", 0.1: "converged", 0.19: "oscillating", 0.21: "diverged"}
print("The widget reads the four regimes as predicted: slow, converged, oscillating, diverged.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** you measure one input of a model in millimetres instead of centimetres, so its values become 10
# times larger. What happens to the curvature of the cost along the weight of that input, and to the learning
# rates you can use?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The cost depends on that weight through the product $w x$, so its second derivative along $w$ carries a factor
# $x^2$: the curvature grows 100-fold. The largest safe learning rate, $2/\text{curvature}$ for the steepest
# direction, falls 100-fold, and with it the progress along every other, flatter direction. That is one reason
# inputs are scaled to similar ranges before training (MNIST's pixels to $[0, 1]$).

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
# the same images on every machine, online or offline) and draw **2 000 more as a validation set**: recipes and
# epochs are chosen on it. The 10 000 **test images are used once, at the very end**, for the model we chose.

# %% slideshow={"slide_type": "-"}
(x_train, y_train), (x_test, y_test) = load_mnist()
(x_fit, y_fit), (x_val, y_val) = draw(x_train, y_train, 10_000, 2_000, seed=0)
X_train, Y_train = to_vectors(x_fit, y_fit)
X_val, X_test = to_vectors(x_val), to_vectors(x_test)
print(f"training: {X_train.shape}, validation: {X_val.shape}, test: {X_test.shape}")

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

# %% [markdown] slideshow={"slide_type": "subslide"}
# `Network.fit(X, Y, epochs, batch_size=m, lr=eta)` runs this same loop, epoch after epoch, with what a lecture
# needs around it: other update rules (`optimizer="momentum"` or `"adam"`, from `lecturekit.optimizers`), L2
# and L1 penalties, dropout, and after each epoch the loss and accuracy on the training and validation sets in
# `net.history`. Its forward pass and backpropagation are notebook 04's four equations, each one line of numpy
# vectorized over the mini-batch: a layer's work for the whole batch is one matrix product, which numpy hands to
# its BLAS library (compiled linear-algebra code). From here on we train with it.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### How noisy is a mini-batch gradient?
#
# Each mini-batch gradient is a mean of $m$ per-sample gradients drawn at random: an estimate of the full
# gradient, right on average but off by some noise. The measurement below takes the lecture's network after one
# epoch of training, computes the exact gradient over all 10 000 training images, and compares it with the
# gradients of 40 random mini-batches of each size.

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

# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(6.5, 3.8))
ax.loglog(batch_sizes, noise, "o-", lw=2, label="measured")
ax.loglog(batch_sizes, noise[0] / np.sqrt(batch_sizes), "--", color="0.5", label=r"$\propto 1/\sqrt{m}$")
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Momentum and Adam
#
# Plain gradient descent zig-zags across a steep valley and crawls along a flat one. Two popular fixes:
#
# - **Momentum** keeps a velocity, a running sum of past gradients: $v \leftarrow \mu v - \eta \nabla C$,
#   $w \leftarrow w + v$ (with $\mu = 0.9$) [3]. Consistent directions build up speed; zig-zags cancel out.
# - **Adam** keeps running means of the gradient, $m \leftarrow \beta_1 m + (1 - \beta_1)\, g$, and of its square,
#   $s \leftarrow \beta_2 s + (1 - \beta_2)\, g^2$ ($\beta_1 = 0.9$, $\beta_2 = 0.999$), and steps
#   $w \leftarrow w - \eta\, \hat m / (\sqrt{\hat s} + \epsilon)$ [4]. Each weight gets its own step size,
#   about $\eta$, whatever the scale of its gradient.
# - **Adam's bias correction**, in one line: $m$ and $s$ start at 0, so after $t$ steps their weights sum to only
#   $1 - \beta^t$, and $\hat m = m / (1 - \beta_1^t)$, $\hat s = s / (1 - \beta_2^t)$ divide that out, making them
#   true averages from the first step on:

# %% slideshow={"slide_type": "-"}
adam, w_adam = Adam(lr=1.0), np.zeros(1)
adam.step([w_adam], [np.array([0.5])])  # Adam's first step, on a gradient of 0.5
b1, b2 = adam.betas
print(f"first step with the bias correction: {-w_adam[0]:.3f} eta; "
      f"without it: (1 - b1) / sqrt(1 - b2) = {(1 - b1) / np.sqrt(1 - b2):.2f} eta")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The three optimizers on the bowl and on Rosenbrock's curved valley [7], with a small and with a large learning
# rate (in the legends, the cost $C$ where each path ends):

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
fig, axes = plt.subplots(1, 3, figsize=(12.5, 4.6))
for ax, (name, lr, n_steps) in zip(axes, [("bowl", 0.01, 60), ("rosenbrock", 0.01, 200), ("rosenbrock", 0.1, 200)]):
    s = get_surface(name)
    x0, x1, y0, y1 = s.extent
    G1, G2 = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 160))
    C = s.loss(G1, G2)
    ax.contour(G1, G2, C, levels=np.unique(np.quantile(C, np.linspace(0, 0.9, 15) ** 2)), colors="0.65",
               linewidths=0.7)
    for method, short, color in [("gradient descent", "GD", "tab:blue"), ("momentum", "momentum", "tab:orange"),
                                 ("adam", "Adam", "tab:green")]:
        path = descend(s.grad, s.start, lr, n_steps, method)
        final_c = s.loss(*path[-1])
        outcome = "diverged" if np.isnan(final_c) else f"{final_c:.0e}"
        ax.plot(path[:, 0], path[:, 1], ".-", color=color, ms=3, lw=1.3, label=f"{short}: {outcome}")
    ax.plot(*s.minimum, "*", color="gold", ms=15, mec="k", zorder=5)
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

# %% [markdown] slideshow={"slide_type": "subslide"}
# - With a small $\eta$, plain gradient descent crawls. Momentum overshoots and spirals, but in the same number of
#   steps it ends at a cost over 50 times lower: where the gradient keeps its direction, the velocity adds up
#   to $\eta \nabla C\,(1 + \mu + \mu^2 + \dots) = \eta \nabla C / (1 - \mu)$, steps $1/(1 - \mu) = 10$ times
#   those of plain gradient descent.
# - Adam moves every coordinate by about $\eta$ per step, whatever the gradient: slow when $\eta$ is small, but it
#   stays stable at $\eta = 0.1$, where the steep walls of Rosenbrock's valley make the other two blow up.
#   On networks it is usually run with $\eta \approx 10^{-3}$, the scale on which weights change (the default of
#   Kingma and Ba [4]).
#
# No optimizer wins everywhere; all of them need a sensible learning rate.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** with $\mu = 0.9$, momentum's steps grow up to 10 times larger along a consistent direction. Why not
# use plain gradient descent with a 10 times larger $\eta$ instead?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# A larger $\eta$ applies to every direction, the steep ones included, where it overshoots and diverges (on the
# bowl, plain gradient descent diverges above $\eta = 0.2$). Momentum builds up speed only where successive
# gradients agree; across a steep valley they alternate in sign and largely cancel in the velocity.

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

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The same network in Keras
#
# Same architecture, same initialization ($N(0,1)$ weights and biases), same cost (½ Σ (y − a)² per sample,
# averaged over the batch), plain SGD with $\eta = 3.0$ and batches of 10, on the same images. Keras shows its
# progress through a callback.

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Improving the network, one change at a time
#
# Each run below trains 10 epochs on the same 10 000 images and is scored on the 2 000 validation images. The
# recipe changes step by step, and the table says exactly what changed at each step; where a new ingredient
# needs a different learning rate, the learning rate changes with it.
#
# How big a difference is real? A validation accuracy $p$ measured on $n$ images has a standard error of
# $\sqrt{p(1-p)/n}$; the table below computes it from the data.

# %% slideshow={"slide_type": "-"}
results = {"book: sigmoid + quadratic": book}


def train(name, sizes, activation, loss, lr, init="standard", batch_size=10, **fit_options):
    """Train one recipe for EPOCHS epochs with a live progress line; keep it in `results`."""
    net = Network(sizes, activation=activation, loss=loss, init=init, seed=0)
    net.fit(X_train, Y_train, epochs=EPOCHS, batch_size=batch_size, lr=lr, validation_data=(X_val, y_val),
            progress=TrainingProgress(EPOCHS, name), **fit_options)
    results[name] = net


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Cross-entropy cost and better initialization
#
# **Cross-entropy** with a softmax output makes the output error simply $\delta^L = a - y$: no $\sigma'(z)$
# factor, so a confidently wrong output unit is not slowed down by its own saturation. A single neuron that
# starts badly wrong (output $\sigma(4) \approx 0.98$, target 0) shows the difference:

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
w, b = 2.0, 2.0  # one sigmoid neuron, input 1, target 0; cross-entropy here is -log(1 - a)
curves = {}
for cost_name in ("quadratic", "cross-entropy"):
    w_, b_, out = w, b, []
    for _ in range(150):
        a = 1 / (1 + np.exp(-(w_ + b_)))
        delta = a * (a * (1 - a)) if cost_name == "quadratic" else a  # dC/dz for target y = 0
        w_, b_ = w_ - 0.15 * delta, b_ - 0.15 * delta
        out.append(a)
    curves[cost_name] = out

fig, ax = plt.subplots(figsize=(7, 3.5))
for name, out in curves.items():
    ax.plot(out, lw=2, label=name)
ax.set_xlabel("training step")
ax.set_ylabel("output (target 0)")
ax.legend()
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# On MNIST, with 30 hidden units. The first run changes three things at once, because they belong together:
# the cost (quadratic → cross-entropy), the output layer (sigmoid → softmax) and the learning rate
# ($\eta = 3.0 \to 0.5$: the cross-entropy gradient is not damped by $\sigma'$). The second changes only the
# initialization, $N(0, 1) \to N(0, 1/784)$.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
train("+ cross-entropy, softmax, eta 0.5", [784, 30, 10], "sigmoid", "cross_entropy", lr=0.5)
train("+ scaled init N(0, 1/784)", [784, 30, 10], "sigmoid", "cross_entropy", lr=0.5, init="scaled")
for name in list(results)[-3:]:
    print(f"{name:35s} validation accuracy {results[name].history['val_accuracy'][-1]:.1%}")
accuracy = {name: net.history["val_accuracy"][-1] for name, net in results.items()}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert accuracy["+ scaled init N(0, 1/784)"] > accuracy["book: sigmoid + quadratic"] + 0.01
assert abs(accuracy["+ cross-entropy, softmax, eta 0.5"] - accuracy["book: sigmoid + quadratic"]) < 0.03
print("The scaled initialization beats the book's network by more than a point; cross-entropy alone moves it by "
      "less than 3 points.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Cross-entropy alone changes little here (the book finds the same on full MNIST: 95.42% → 95.49% [2]). The hidden
# units are the bottleneck: with $N(0,1)$ weights on 784 inputs, $z$ has a spread of about $\sqrt{784 \cdot 0.1}
# \approx 9$, so most hidden sigmoids start saturated and learn slowly. Scaling the initial weights by
# $1/\sqrt{784}$ keeps them in their sensitive range.

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
# pass on only the positive half, $E[a^2] = \tfrac12 \operatorname{Var} z$, so He et al. [5] double it:
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

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### L2 regularization, ReLU, Adam, more hidden units, dropout
#
# Each step keeps everything before it and changes what its name says:
#
# - **L2** ($\lambda = 1$): add $\frac{\lambda}{2n}\sum w^2$ to the cost, so each step also shrinks every weight by
#   a factor $1 - \eta\lambda/n$ ("weight decay").
# - **ReLU** hidden units $\max(0, z)$, which do not saturate for $z > 0$; with them the initialization becomes He's
#   $N(0, 2/784)$ and $\eta = 0.1$ (ReLU's gradient is not damped, so the step must be smaller).
# - **Adam** with $\eta = 10^{-3}$ instead of plain SGD.
# - **100 hidden units** instead of 30.
# - **Dropout**: at each step, 20% of the hidden units are switched off at random, so no unit can rely on
#   particular others (next slide).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Dropout: inverted scaling, and what happens at test time
#
# In training, dropout keeps each hidden unit with probability $1 - p$ (here $p = 0.2$) and sets the others to 0,
# with a fresh random choice at every step. The kept outputs are multiplied by $1/(1 - p)$ (**inverted
# dropout**), so that on average over the random masks each unit passes on what it would without dropout:
# $E[\text{mask} \cdot a / (1 - p)] = (1 - p) \cdot a / (1 - p) = a$, and the next layer learns its weights
# for that scale.

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# At **test time** nothing is dropped and nothing is scaled: the network uses all its units, and the next layer
# sees on average the inputs it was trained on. This full network stands in for the average of the many thinned
# networks that training sampled. (The original dropout paper [6] scaled at test time instead, multiplying the
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

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the table honestly, against the noise band printed under it: differences smaller than the band are not
# evidence for either recipe. The scaled initialization gains more than a point at once. After it, each step
# moves the validation accuracy by less than 2.5 points, up or down, not much more than the band: 10 epochs
# scored on 2 000 images cannot rank L2, ReLU, Adam, the wider layer and dropout one by one (compare the wider
# layer with the best 30-unit recipe, not only with the row above it). Together they end several points above
# the book's network, with the wider networks on top. What L2 and dropout are for, the gap between training and
# validation accuracy, shows on a network that overfits badly (next section). All the curves, epoch by epoch:

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(12.5, 4.8))
for name, net in results.items():
    ax.plot(range(1, EPOCHS + 1), 100 * np.array(net.history["val_accuracy"]), "o-", ms=3, label=name)
ax.set_xlabel("epoch")
ax.set_ylabel("validation accuracy (%)")
ax.set_ylim(80, 100)
ax.grid(alpha=0.3)
ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** two recipes end 0.6 points apart on the 2000 validation images. Is the better one better?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# These runs do not show it: the 95% noise band for a difference, printed under the table, is wider than 0.6
# points. To tell the two apart, measure on more validation images (the band shrinks like $1/\sqrt{n}$), or
# train each recipe several times with different seeds and compare the means — and give both the same care
# (epochs, learning rate) before calling one better.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Choosing the model, and the test set, once
#
# Every choice so far — which recipe, how many epochs — was made on the validation images. Had we chosen on the
# test images, the test accuracy would be an optimistic, selected number: we would have fitted our *choices* to
# the test set. So the test set is used once, now, for the model we chose.

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

# %% [markdown] slideshow={"slide_type": "subslide"}
# The test accuracy is close to the validation accuracy: the validation images were a fair stand-in. With all
# 60 000 training images instead of 10 000 the same recipes go further: `python benchmarks/check_accuracy.py`
# trains the book's network and the improved one on the complete training set and measures them on the test set
# against the targets it checks, at least 94% and 97.5% (the README gives the numbers of its last run). For
# comparison, Nielsen's book reports 95.42% for the 784-30-10 quadratic-cost network after 30 epochs on 50 000
# images [2].

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### What the chosen network still gets wrong
#
# Misclassified test digits, with the network's answer and the true label:

# %% slideshow={"slide_type": "-"} tags=["hide-input", "nbval-ignore-output"]
predicted = chosen.predict_labels(X_test)
wrong = np.flatnonzero(predicted != y_test)
print(f"{len(wrong)} of {len(y_test)} test digits misclassified")
fig, axes = plt.subplots(3, 8, figsize=(12.5, 5.6))
for ax, i in zip(axes.flat, wrong):
    ax.imshow(x_test[i], cmap="gray_r")
    ax.set_title(f"said {predicted[i]}, is {y_test[i]}", fontsize=11)
    ax.axis("off")
fig.tight_layout()
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert len(wrong) == round((1 - test_accuracy) * len(y_test)) and 150 <= len(wrong) <= 450
print("A few hundred of the 10 000 test digits are still misclassified.")

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

# %% slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
colors = {"no regularization": "tab:red", "L2, lambda = 1": "tab:blue", "L1, lambda = 0.3": "tab:green"}
labels = {"no regularization": "none", "L2, lambda = 1": "L2, λ = 1", "L1, lambda = 0.3": "L1, λ = 0.3"}
fig, ax = plt.subplots(figsize=(11, 4.8))
for name, hist in overfit.items():
    ax.plot(100 * np.array(hist["accuracy"]), color=colors[name], lw=2, label=f"{labels[name]}: training")
    ax.plot(100 * np.array(hist["val_accuracy"]), "--", color=colors[name], lw=2, label=f"{labels[name]}: validation")
ax.set_xlabel("epoch")
ax.set_ylabel("accuracy (%)")
ax.set_ylim(70, 101)
ax.grid(alpha=0.3)
ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Where the weights end up: the first layer's $784 \cdot 30 = 23\,520$ weights after the three runs, as a
# histogram of the weights (left, counts on a log scale) and of their sizes on a log scale (right).

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(12.5, 4.3))
for name, W in first_layer.items():
    axes[0].hist(W.ravel(), bins=np.linspace(-3, 3, 121), histtype="step", lw=2, color=colors[name],
                 label=labels[name])
    axes[1].hist(np.log10(np.abs(W.ravel()) + 1e-12), bins=np.linspace(-6, 1, 71), histtype="step", lw=2,
                 color=colors[name], label=labels[name])
axes[0].set_yscale("log")
axes[0].set_xlabel("first-layer weight $w$")
axes[0].set_ylabel("number of weights")
axes[0].legend(loc="upper right")
axes[1].axvline(np.log10(0.5 * 0.3 / 1000), color="tab:green", ls=":", lw=2)
axes[1].annotate(r"one L1 step $\eta\lambda/n$", xy=(np.log10(0.5 * 0.3 / 1000), 2100), xytext=(-5.9, 2300),
                 arrowprops={"arrowstyle": "->", "color": "tab:green"}, color="tab:green")
axes[1].set_xlabel(r"$\log_{10} |w|$")
axes[1].set_ylabel("number of weights")
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Without a penalty most weights stay close to where the $N(0, 1)$ initialization put them; those of the border
# pixels, 0 in almost every image, never get a gradient at all. L2 shrinks every weight in proportion: no weight
# stays large, and few reach 0. L1 splits them in two: about half end within a few steps $\eta\lambda/n$ of 0
# (the dotted line), and almost all the rest keep sizes below 1 — the weights the data needs, and some that
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - To first order a step changes the cost by $\Delta C \approx \nabla C \cdot \Delta v$; by Cauchy–Schwarz the
#   steepest step downhill points against the gradient, hence $w \leftarrow w - \eta\nabla C$. The learning rate
#   must be small enough for the steepest direction (below $2/\text{curvature}$, or the steps diverge) and is
#   then slow along the flattest one.
# - Stochastic gradient descent estimates the gradient on a shuffled mini-batch; the estimate's noise falls like
#   $1/\sqrt{m}$. An epoch is one pass over the training set; the loop is a few lines on top of backpropagation.
# - Momentum accumulates speed along consistent directions; Adam gives each weight its own step size, with a
#   bias correction for its averages' start at 0.
# - On MNIST the lecture's 784-30-10 network gets about 9 in 10 validation digits right after 10 epochs here
#   (10 000 training images), and its Keras copy agrees within 3 points after 5 epochs. Initial weights with
#   $\operatorname{Var} w = 1/n_\text{in}$ (which keeps $\operatorname{Var} z$ of the order of the inputs')
#   gain more than a point at once; with ReLU, Adam, more hidden units, L2 and dropout the chosen model
#   classifies about 96–97% of the test digits.
# - Recipes and epochs are chosen on a validation set (early stopping keeps the best epoch); the test set is
#   used once, for the chosen model.
# - A network that fits its training set much better than its validation set overfits. L2 and L1 penalties and
#   dropout narrow the gap: L2 keeps weights small, L1 makes them sparse, and dropout (inverted: scaled by
#   $1/(1-p)$ in training) trains many thinned networks that the full network averages at test time.
#
# **Next:** [06 CNN](06_cnn.ipynb) — convolutional networks, which use the 2-D structure of images.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. Y. LeCun, L. Bottou, Y. Bengio, P. Haffner: Gradient-based learning applied to document recognition.
#    *Proceedings of the IEEE* 86(11), 2278–2324 (1998): the MNIST database.
# 2. M. A. Nielsen: *Neural Networks and Deep Learning*. Determination Press (2015), chapter 1 (95.42% for the
#    784-30-10 network) and chapter 3 (95.49% with cross-entropy),
#    [neuralnetworksanddeeplearning.com](http://neuralnetworksanddeeplearning.com).
# 3. B. T. Polyak: Some methods of speeding up the convergence of iteration methods. *USSR Computational
#    Mathematics and Mathematical Physics* 4(5), 1–17 (1964).
# 4. D. P. Kingma, J. Ba: Adam: a method for stochastic optimization. *ICLR 2015*, arXiv:1412.6980.
# 5. K. He, X. Zhang, S. Ren, J. Sun: Delving deep into rectifiers: surpassing human-level performance on
#    ImageNet classification. *ICCV 2015*, 1026–1034.
# 6. N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever, R. Salakhutdinov: Dropout: a simple way to prevent
#    neural networks from overfitting. *Journal of Machine Learning Research* 15, 1929–1958 (2014).
# 7. H. H. Rosenbrock: An automatic method for finding the greatest or least value of a function. *The Computer
#    Journal* 3(3), 175–184 (1960).
