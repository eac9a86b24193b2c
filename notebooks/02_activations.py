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
# # 02 · Activation functions
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/02_activations.ipynb)
#
# *Neural networks and deep learning*, lecture 2 of 8.
#
# **What you will learn**
#
# - why a network needs a nonlinear activation at all;
# - the sigmoid, tanh, ReLU and its variants (leaky ReLU / PReLU, ELU, swish), each with its derivative, and their
#   pros and cons;
# - the **vanishing and exploding gradient problems**, measured on a 10-layer network fed with MNIST digits: why
#   deep sigmoid networks barely learn in their first layers, why too-large weights make gradients blow up, and
#   what fixes both;
# - softmax, the output layer of a classifier, and how to compute it without overflow.
#
# Two exercises check themselves as you go: a prediction of how much ten sigmoid layers can shrink a gradient (in
# class, before the measurement), and σ′ and tanh′ written from their formulas (homework). Each worked solution
# sits collapsed under its exercise: try first, then open it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** This lecture is about the function inside every neuron: why we need one that is not a straight line, which ones are used, and how the choice decides whether a deep network can learn at all.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Run of show
#
# About seventy minutes in class, the vanishing gradient at its centre. Exercise 2 is done in class, before the
# measurement it predicts; Exercise 1 is homework.
#
# | Part | Minutes | In class | Homework |
# |---|---:|---|---|
# | Why a nonlinearity at all? | 5 | | |
# | The activation functions and their derivatives | 6 | | Exercise 1 |
# | The sigmoid, up close | 10 | | |
# | ReLU and its variants | 10 | | |
# | The vanishing gradient problem | 20 | Exercise 2 | |
# | Exploding gradients | 9 | | |
# | Softmax: the sigmoid for many classes | 7 | | |
# | Try it: an activation, its weight, bias and alpha | 3 | | |
# | Summary | 2 | | |
# | **Total in class** | **72** | | |

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
import timeit

import matplotlib.pyplot as plt
import numpy as np

import lecturekit as lk
from lecturekit.activations import (
    elu,
    elu_grad,
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    swish,
    swish_grad,
    tanh,
    tanh_grad,
)
from lecturekit.data import load_mnist, to_vectors
from lecturekit.exercises.activations import check_sigmoid_bound, check_sigmoid_tanh_derivatives
from lecturekit.gradient_flow import backward_pass, layer_factors, plot_per_weight, report, rms
from lecturekit.widgets.activation import ActivationExplorer

lk.style.use()  # figures readable when projected
rng = lk.set_seed(0)
np.set_printoptions(precision=4, suppress=True)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The plan: first why and which activations, then the heart of the lecture, the vanishing and exploding gradients measured on a deep network, then softmax for the output layer. Exercise 2 is done here in the room, before the measurement; Exercise 1 is homework.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why a nonlinearity at all?
#
# A neuron computes $z = w \cdot x + b$ and then $a = f(z)$. Without $f$ (or with $f(z) = z$), a layer is a
# linear map, and two linear layers are again one linear layer:
#
# $$W_2 (W_1 x + b_1) + b_2 = \underbrace{W_2 W_1}_{W} x + \underbrace{W_2 b_1 + b_2}_{b}.$$
#
# However many layers we stack, the network could only draw straight decision boundaries. The activation
# function is what makes depth worth having.

# %% slideshow={"slide_type": "-"}
W1, b1 = rng.normal(size=(4, 3)), rng.normal(size=4)
W2, b2 = rng.normal(size=(2, 4)), rng.normal(size=2)
x = rng.normal(size=3)

two_layers = W2 @ (W1 @ x + b1) + b2
one_layer = (W2 @ W1) @ x + (W2 @ b1 + b2)
print("two linear layers:", two_layers)
print("one linear layer :", one_layer)
print("same map:", np.allclose(two_layers, one_layer))
print("with a ReLU in between:", W2 @ relu(W1 @ x + b1) + b2, "- no single matrix does this for every x")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Without a nonlinearity depth buys nothing: the two matrices multiply out into one, and the printout shows the two results agree. Only the activation in between makes the second layer more than a change of coordinates.
# **Ask:** What would a network of linear layers draw as a decision boundary?
# **Time:** 2 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** if every activation in a 10-layer network were $f(z) = 2z$, what could the network compute?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# Nothing more than one linear layer: $2z$ is linear, so the ten layers collapse into a single $W x + b$ (with
# everything scaled by $2^{10}$ along the way). "Nonlinear" is the point of an activation, not "some function":
# a straight line through the origin with any slope adds nothing.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A trap question: doubling is a function, but a linear one, so the ten layers still collapse.
# **Expect:** Only what one linear layer can compute; the factor two per layer just rescales.
# **Time:** 5 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The activation functions and their derivatives
#
# Training multiplies by the derivative $f'(z)$ at every layer (notebook 04), so a derivative matters as much
# as the function. Each panel shows one activation (blue, solid) and its derivative (vermillion, dashed). All of
# them live in `lecturekit.activations`, written in plain numpy with the derivative right beside each function,
# and checked against TensorFlow in `tests/test_activations.py`.

# %% alt=["Six panels in a grid of two rows and three columns, one per activation: sigmoid, tanh, ReLU, leaky ReLU, ELU and swish, each showing the function f(z) as a solid blue line and its derivative f'(z) as a dashed vermillion line for z from -5 to 5. The sigmoid's and tanh's derivatives are bumps that fall to zero in both tails, while the derivatives of the ReLU family stay at 1 for every positive z."] slideshow={"slide_type": "-"} tags=["hide-input"]
gallery = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "ReLU": (relu, relu_grad),
    "leaky ReLU (α = 0.1)": (lambda z: leaky_relu(z, alpha=0.1), lambda z: leaky_relu_grad(z, alpha=0.1)),
    "ELU (α = 1)": (elu, elu_grad),
    "swish": (swish, swish_grad),
}
z = np.linspace(-5, 5, 501)
fig, axes = plt.subplots(2, 3, figsize=(12, 4.8), sharex=True, sharey=True)
for ax, (name, (f, f_grad)) in zip(axes.flat, gallery.items()):
    ax.axhline(0, color=lk.style.PALETTE["black"], alpha=0.3, lw=0.8)
    ax.axvline(0, color=lk.style.PALETTE["black"], alpha=0.3, lw=0.8)
    ax.plot(z, f(z), lw=2.5, label="$f(z)$")  # the style's cycle: blue, solid
    ax.plot(z, f_grad(z), lw=2.5, label="$f'(z)$")  # then vermillion, dashed
    ax.set_title(name)
    ax.grid(alpha=0.3)
axes[0, 0].set_ylim(-1.5, 3)
axes[0, 0].legend(loc="upper left")
for ax in axes[1]:
    ax.set_xlabel("$z$")
fig.tight_layout()
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Read the derivatives, not the functions: the dashed curve is what backpropagation multiplies by. The sigmoid's and tanh's derivatives are bumps that vanish in both tails; the ReLU family's stay at one for every positive z.
# **Ask:** Which derivative has the smallest peak?
# **Time:** 7 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# | activation | formula | pros | cons |
# |---|---|---|---|
# | **sigmoid** | $\sigma(z) = \frac{1}{1+e^{-z}}$ | squashes to $[0, 1]$; reads as a neuron's firing rate; convenient derivative $\sigma' = \sigma(1-\sigma)$ | not zero-centred; sensitive to initialization; `exp` is costly; $\sigma' \le \tfrac14$: vanishing gradient |
# | **tanh** | $\tanh z = 2\sigma(2z) - 1$ | zero-centred, $\tanh'(0) = 1$ | saturates like the sigmoid: still a vanishing gradient |
# | **ReLU** | $\max(0, z)$ | cheap; fast convergence [3]; sparse activations; no vanishing gradient for $z > 0$ | **dying ReLU**: a unit with $z < 0$ for every input gets no gradient and never recovers |
# | **leaky ReLU / PReLU** | $z$ if $z > 0$ else $\alpha z$ | keeps a gradient $\alpha$ for $z < 0$: no dying; PReLU *learns* $\alpha$ like a weight | one more hyper-parameter (leaky) or parameter (PReLU) |
# | **ELU** | $z$ if $z > 0$ else $\alpha(e^z - 1)$ | smooth; negative outputs push the mean activation towards 0 | `exp` again |
# | **swish** | $z\,\sigma(z)$ | smooth, non-monotonic; found by an automated search and often a little better than ReLU in deep networks [4] | costlier than ReLU |

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The table is the map for the next half hour: each con in the sigmoid row gets its own slide next, and the ReLU rows after that. Point out the two words that matter most: vanishing gradient and dying ReLU.
# **Time:** 10 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: σ′ and tanh′ from their formulas
#
# Write the two derivatives that backpropagation multiplies by most often, from their formulas:
#
# $$\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr), \qquad \tanh'(z) = 1 - \tanh(z)^2 .$$
#
# Each function takes an array `z` and returns one derivative per entry. Use `sigmoid` (imported above) and
# `np.tanh`, which work on whole arrays.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def my_sigmoid_grad(z):
    """σ'(z) for every entry of the array z."""
    ...


def my_tanh_grad(z):
    """tanh'(z) for every entry of the array z."""
    ...


# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["solution"]
def my_sigmoid_grad(z):
    """σ'(z) for every entry of the array z."""
    s = sigmoid(z)  # the forward pass's output is all the derivative needs
    return s * (1 - s)


def my_tanh_grad(z):
    """tanh'(z) for every entry of the array z."""
    return 1 - np.tanh(z) ** 2


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_sigmoid_tanh_derivatives(my_sigmoid_grad, my_tanh_grad)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework: two lines of numpy each. Show that the check cell answers with a hint that names the mistake, so nobody has to wait for the solution.
# **Time:** 11 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The sigmoid, up close
#
# **Convenient derivative, but small.** $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$ needs nothing but the output
# the forward pass already computed. Its largest value is at $z = 0$, where $\sigma = \tfrac12$:
# $\sigma'(0) = \tfrac12 \cdot \tfrac12 = \tfrac14$. Checked, with a finite difference as a second opinion:

# %% slideshow={"slide_type": "-"}
h = 1e-6
print(f"sigmoid'(0) = {sigmoid_grad(0.0)}   finite difference: {(sigmoid(h) - sigmoid(-h)) / (2 * h):.6f}")
print(f"largest sigmoid' on [-5, 5]: {sigmoid_grad(z).max():.4f}, at z = {z[np.argmax(sigmoid_grad(z))]:.1f}")
print(f"sigmoid'(5) = {sigmoid_grad(5.0):.4f}: a saturated neuron passes on almost no gradient")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Remember one number from this slide: the sigmoid's derivative is at most a quarter, at $z = 0$, and almost nothing once the neuron saturates. Everything about vanishing gradients follows from it.
# **Time:** 13 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Not zero-centred.** A neuron in the next layer computes $z = \sum_i w_i a_i + b$, so
# $\partial C / \partial w_i = \delta \, a_i$ with the same $\delta = \partial C/\partial z$ for every $i$.
# Sigmoid outputs $a_i$ are all positive, so all the gradients $\partial C/\partial w_i$ have the **same sign**:
# in one step, the weights can only all go up or all go down, and reaching a mix takes a zig-zag path.
# tanh outputs have both signs.

# %% slideshow={"slide_type": "-"}
z_prev = rng.normal(size=6)  # the previous layer's pre-activations for one input
delta = -0.3  # dC/dz of the neuron we look at
for name, f in (("sigmoid", sigmoid), ("tanh", tanh)):
    grad_w = delta * f(z_prev)
    print(f"{name:7s}: signs of dC/dw_i = {''.join('+' if g > 0 else '-' for g in grad_w)}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** With all inputs positive, one step moves all of a neuron's weights the same way, so reaching a mix takes a zig-zag. The printout shows it: one sign for the sigmoid, both signs for tanh.
# **Time:** 15 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sensitive to initialization.** Take the first 1000 training digits of MNIST and a layer of 100 sigmoid
# neurons. With weights drawn from $\mathcal N(0, 1)$, the sum over 784 pixels is large, most neurons sit in the
# flat tails of the sigmoid and pass on almost no gradient. Scaling the weights by $1/\sqrt{n_\text{in}}$ keeps $z$
# of order 1.

# %% slideshow={"slide_type": "-"}
(x_train, y_train), _ = load_mnist(verbose=False)  # offline first: see lecturekit.data
X, Y = to_vectors(x_train[:1000], y_train[:1000])  # the first 1000 training digits
X, Y = X.astype(np.float64), Y.astype(np.float64)
print(f"X: {X.shape} pixel values in [0, 1], Y: {Y.shape} one-hot labels")
W_unit = rng.normal(size=(784, 100))

for label, W in (("N(0, 1)", W_unit), ("N(0, 1/784)", W_unit / np.sqrt(784))):
    zs = X @ W
    saturated = np.mean(sigmoid_grad(zs) < 0.01)
    print(f"weights {label:12s}: typical |z| = {np.median(np.abs(zs)):.2g},"
          f" saturated (sigmoid' < 0.01): {saturated:.0%}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Same digits, same random numbers, only the scale differs. Read both lines of the output aloud: with unit weights $z$ is large and a big share of the neurons is saturated from the start; scaled by $1/\sqrt{n_\text{in}}$ almost none is.
# **Time:** 17 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **`exp` is costly.** A ReLU is one comparison; the sigmoid needs an exponential and a division. Timings
# differ from machine to machine, so this cell's output is not compared by the tests.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
big = rng.normal(size=1_000_000)
t_sigmoid = np.median(timeit.repeat(lambda: sigmoid(big), number=1, repeat=7))  # seconds, median of 7 runs
t_relu = np.median(timeit.repeat(lambda: relu(big), number=1, repeat=7))
print(f"1 million values: sigmoid {1000 * t_sigmoid:.1f} ms, ReLU {1000 * t_relu:.1f} ms"
      f" ({t_sigmoid / t_relu:.0f}x)")

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
assert t_sigmoid > t_relu
print("The sigmoid takes longer than the ReLU.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A minor point, quickly: read the timing off the output, which differs on every machine; the exponential costs more than a comparison.
# **Time:** 18 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** a colleague initializes a sigmoid network with weights from $\mathcal N(0, 1)$ "to break the
# symmetry strongly". What happens in the first layer on MNIST, and what do you suggest?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# Each $z$ sums about a hundred bright pixels times weights of size 1, so $|z|$ is typically several units (the
# cell above measured it): a large share of the neurons are saturated from the first step, with $\sigma' < 0.01$,
# and learn at least $\tfrac14 / 0.01 = 25$ times slower than at $z = 0$. Any random weights break the symmetry;
# the *size* should keep $z$ of order 1: draw from $\mathcal N(0, 1/n_\text{in})$.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Give the room two minutes; the previous slides hold the answer.
# **Expect:** Most first-layer neurons saturate and learn very slowly; any random weights break the symmetry, so keep them small: $\mathcal N(0, 1/n_\text{in})$.
# **Time:** 21 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## ReLU and its variants
#
# **Cheap, fast, sparse.** $\max(0, z)$ costs one comparison, and its derivative is 1 wherever the unit is active:
# no saturation for $z > 0$. Networks with ReLUs train several times faster than with saturating units: in
# Krizhevsky et al.'s experiment a four-layer convolutional network with ReLUs reached 25% training error on
# CIFAR-10 six times faster than the same network with tanh units [3]. And about half of the units output
# exactly 0 for a given input: a **sparse** code.

# %% slideshow={"slide_type": "-"}
W_he = W_unit * np.sqrt(2 / 784)  # "He" scaling for ReLU layers (see the vanishing gradient below)
A_relu = relu(X @ W_he)
print(f"fraction of exact zeros in a layer of 100 ReLUs on 1000 digits: {np.mean(A_relu == 0):.0%}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** ReLU fixes the sigmoid's problems at once: cheap, derivative one where active, and a sparse code; the printout shows about half of the units silent for a given digit.
# **Time:** 23 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **The slide says** ReLU is "discontinuous".
# >
# > **In fact** ReLU is **continuous**: $\max(0, z)$ has no jump, its two pieces meet at $z = 0$. What jumps is
# > its **derivative**, from 0 to 1: ReLU has a kink at 0, where it is not differentiable. Frameworks simply use
# > one side there (TensorFlow and `lecturekit` take $\text{relu}'(0) = 0$); $z$ is exactly 0 almost never, so
# > the choice does not matter.

# %% slideshow={"slide_type": "-"}
eps = 1e-9
print(f"relu(-eps) = {relu(-eps):g}, relu(0) = {relu(0.0):g}, relu(+eps) = {relu(eps):g}:"
      " no jump, continuous")
print(f"relu'(-eps) = {relu_grad(-eps):.0f}, relu'(+eps) = {relu_grad(eps):.0f}:"
      " the derivative jumps, a kink at 0")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A correction to a common slide: the function is continuous, only its derivative jumps. Frameworks pick one side at the kink and it never matters in practice.
# **Time:** 24 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Dying ReLU.** If a unit's $z$ is negative for *every* input, for instance after one too-large gradient step
# pushed its bias down, its output and its gradient are 0 everywhere: no update can ever bring it back. A leaky
# ReLU keeps a gradient $\alpha$ there, so the unit can recover.

# %% slideshow={"slide_type": "-"}
for bias in (0.0, -1.0, -2.0):
    Z = X @ W_he + bias
    dead_relu = np.all(relu_grad(Z) == 0, axis=0).sum()  # f'(z) = 0 for every one of the 1000 inputs
    dead_leaky = np.all(leaky_relu_grad(Z) == 0, axis=0).sum()
    print(f"bias {bias:+.0f}: dead ReLU units {dead_relu:3d}/100, dead leaky-ReLU units {dead_leaky}/100")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The price of the flat half: push the biases down and read off how many units die, none of which any gradient can revive, while the leaky ReLU keeps them all alive.
# **Time:** 26 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The variants**, all equal to $z$ for $z > 0$ and different only for $z < 0$:
#
# - **Leaky ReLU** uses a small fixed slope $\alpha$ (0.01 in Maas et al. [6]). **PReLU** (parametric ReLU) is the
#   same formula with $\alpha$ learned by gradient descent, one more parameter per unit or per layer [5].
# - **ELU** bends smoothly to $-\alpha$: negative outputs pull the mean activation towards 0 (like tanh), and for
#   $\alpha = 1$ it is differentiable everywhere [7].
# - **Swish** $z\,\sigma(z)$ is smooth and dips slightly below 0 before rising; it came out of an automated search
#   over candidate activations (Ramachandran et al., 2017 [4]).

# %% alt=["Four activations against z from -4 to 2, each in its own colour and line style: ReLU, leaky ReLU with \u03b1 = 0.1, ELU with \u03b1 = 1 and swish. For positive z, ReLU, leaky ReLU and ELU lie on the same diagonal and swish runs just below it; for negative z ReLU is flat at zero, leaky ReLU slopes gently down, ELU bends smoothly towards -1 and swish dips slightly below zero before returning to it."] slideshow={"slide_type": "-"} tags=["hide-input"]
zn = np.linspace(-4, 2, 301)
fig, ax = plt.subplots(figsize=(9, 4))
ax.plot(zn, relu(zn), lw=2.5, label="ReLU")
ax.plot(zn, leaky_relu(zn, alpha=0.1), lw=2, label="leaky ReLU, α = 0.1")
ax.plot(zn, elu(zn), lw=2, label="ELU, α = 1")
ax.plot(zn, swish(zn), lw=2, label="swish")
ax.axhline(0, color=lk.style.PALETTE["black"], alpha=0.3, lw=0.8)
ax.set_xlabel("$z$")
ax.set_ylabel("$f(z)$")
ax.set_title("the ReLU family: the same for z > 0, different for z < 0")
ax.legend()
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The variants differ only for negative $z$, exactly where ReLU's problem is: each keeps some gradient there. Leaky ReLU fixes the slope, PReLU learns it, ELU and swish are smooth.
# **Time:** 28 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** a ReLU unit in the first hidden layer is dead for every training image. Can a larger learning rate
# or longer training bring it back? What could?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# No: its weights and bias get the gradient $\delta \cdot \text{relu}'(z) \cdot x = 0$ for every image, so no
# learning rate and no number of steps changes them, and its inputs (the pixels) never change either. In a deeper
# layer there is a way back, because the layers below keep learning through other units and may move the dead
# unit's inputs until its $z$ turns positive for some image. Otherwise: a leaky ReLU, PReLU or ELU (a gradient
# $\alpha$ for $z < 0$), re-initializing the unit, or a smaller learning rate so that it never dies.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Let the room argue; the key is that a first-layer unit's inputs are the pixels, which never change.
# **Expect:** No: its gradient is zero for every image, whatever the learning rate; a leaky ReLU, PReLU or ELU, re-initializing it, or a smaller learning rate so that it never dies.
# **Time:** 31 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The vanishing gradient problem
#
# Backpropagation (notebook 04) sends $\delta = \partial C / \partial z$ from the output back to the input, and at
# every layer multiplies it by the weights and by $f'(z)$:
#
# $$\delta^{l} = \left( (W^{l+1})^\top \delta^{l+1} \right) \odot f'(z^{l}).$$
#
# Follow one path back through the network, one neuron per layer: at each layer the gradient picks up one factor
# $w\,\sigma'(z)$, so after ten sigmoid layers it has been multiplied by ten such factors. How small can that make
# it, and can large weights make up for it? The problem was first analysed by Sepp Hochreiter in his 1991 diploma
# thesis, supervised by Jürgen Schmidhuber [1].

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** This is the centre of the lecture. The formula is notebook 04's backward pass; the point is that every layer multiplies by its weights and by $f'(z)$, so ten layers multiply ten times.
# **Ask:** What did we learn about the largest value of $\sigma'$?
# **Time:** 33 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: predict, then check — how much can ten sigmoid layers shrink a gradient?
#
# Before we measure anything, predict two numbers from what you know about $\sigma'$ (the sigmoid, up close):
#
# - `factor_10`: the largest possible size of the product of the ten $\sigma'$ factors on a path through ten
#   sigmoid layers (all weights 1);
# - `w_min`: the smallest $|w|$ for which a factor $|w\,\sigma'(z)|$ can reach 1.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
factor_10, w_min = ..., ...  # two numbers

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["solution"]
factor_10 = 0.25**10  # sigma' <= sigma'(0) = 1/4, ten times over
w_min = 4.0  # |w| * 1/4 >= 1

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_sigmoid_bound(factor_10, w_min)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Everyone writes down both numbers before anyone runs the check; then run it and let the hint speak. Collect a few answers first: the usual slip is taking the sigmoid's derivative to peak at a half.
# **Expect:** $(1/4)^{10}$, about one in a million, and $|w| = 4$.
# **Time:** 39 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What the prediction says.** With sigmoid units $\sigma'(z) \le \tfrac14$, so for weights $|w| \le 1$ each
# factor is at most $\tfrac14$ in size, and ten layers multiply the gradient by at most $(\tfrac14)^{10} \approx
# 10^{-6}$: **the $\sigma'$ factors alone shrink it by at least a factor of about a million**. Larger weights do
# not rescue it: only $|w| \ge 4$ can make $|w\,\sigma'(z)|$ reach 1, but a large $w$ also makes $z$ large and
# pushes $\sigma'(z)$ into its flat tails, so $|w\,\sigma'(w a + b)| \ge 1$ holds only in a narrow window of
# inputs $a$ (Nielsen, chapter 5 [2]).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The bound is a worst case for one path: at most a millionth. Raising the weight to make up for it pushes the neuron into saturation, the widget at the end shows that window narrowing.
# **Time:** 41 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Measured on MNIST
#
# A real layer sums over many paths: $\delta^l_j = \sigma'(z^l_j) \sum_k w_{kj}\, \delta^{l+1}_k$. With $n$ terms
# of random sign, the sum grows like $\sqrt{n}$ times a typical $|w|$, so each layer multiplies the gradient by
# about
#
# $$\sqrt{n\,\operatorname{Var}(w)} \times \operatorname{RMS}\bigl(f'(z)\bigr),$$
#
# the weight factor times the derivative factor: below 1 the gradient shrinks on its way back, above 1 it grows.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** From one path to a whole layer: the sum over many paths adds a factor $\sqrt n$, which the usual initialization cancels. This product is the rule we test for the rest of the lecture.
# **Time:** 43 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# Let us measure: the 1000 digits through a network with **10 hidden layers** of 32 units and a softmax output,
# one backward pass of the cross-entropy loss (`lecturekit.gradient_flow.backward_pass`: notebook 04's loop, one line
# `delta = (delta @ W) * f_grad(z)` per layer). Every network starts from the same random numbers, scaled as
# usual for its activation: $\operatorname{Var}(w) = 1/n_\text{in}$ for sigmoid and tanh, $2/n_\text{in}$ ("He")
# for ReLU, so that $\sqrt{n\operatorname{Var}(w)}$ is 1 (or $\sqrt 2$, for ReLUs of which half are off).

# %% slideshow={"slide_type": "-"}
sizes = [784] + [32] * 10 + [10]
standard_normal = [rng.normal(size=(n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]  # N(0, 1)
recipes = {  # activation, its derivative, n_in * Var(w)
    "sigmoid": (sigmoid, sigmoid_grad, 1.0),
    "tanh": (tanh, tanh_grad, 1.0),
    "ReLU": (relu, relu_grad, 2.0),
}
usual = {name: backward_pass(X, Y, f, f_grad, standard_normal, var) for name, (f, f_grad, var) in recipes.items()}

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Three networks that differ only in their activation, each with the initialization made for it; the same random draws, so any difference comes from the activation.
# **Time:** 45 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What is measured:** for each layer $l$, the root mean square over its weights of $\partial C/\partial W^l$,
# the gradient each single weight gets. A layer's total (its norm) would grow with its number of weights, and
# layer 1 has 784 × 32 of them while the others have 32 × 32; per weight, layers compare like with like.

# %% alt=["Log-scale chart of the RMS per weight of the gradient dC/dW against the layer, from layer 1 next to the input to the output layer, one line with its own marker and line style each for the sigmoid, tanh and ReLU networks. Read from the output back towards the input, the sigmoid line falls steadily by orders of magnitude, while the tanh and ReLU lines stay nearly level."] slideshow={"slide_type": "-"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(9, 4.6))
plot_per_weight(ax, usual, title="one backward pass on 1000 MNIST digits, 10 hidden layers")
ax.set_ylabel(r"RMS per weight of $\partial C / \partial W^l$")
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Read the chart from right to left, the way the gradient travels: the sigmoid line drops by orders of magnitude towards the input, tanh and ReLU stay level.
# **Ask:** If all layers share one learning rate, which layers of the sigmoid network learn?
# **Time:** 47 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same in numbers, next to the rule. The rule is about the error $\delta^l$, one number per neuron (every hidden
# layer has 32): on average over the hidden layers, the factor by which the RMS of $\partial C/\partial b^l =
# \sum \delta^l$ shrinks (< 1) or grows (> 1) from one layer to the one before it, predicted from
# $\sqrt{n\operatorname{Var}(w)} \times \operatorname{RMS}(f'(z))$ and measured; and, per weight, what layer 1 gets
# compared with layer 10.

# %% slideshow={"slide_type": "-"}
print(report(usual, recipes))

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
sig = layer_factors(usual["sigmoid"], sigmoid_grad, 1.0)
assert sig.first_to_last < 1e-4 and 0.15 < sig.measured < 0.3 and abs(sig.predicted - sig.measured) < 0.05
for name in ("tanh", "ReLU"):
    predicted, measured, first_to_last = layer_factors(usual[name], *recipes[name][1:])
    assert 0.5 < first_to_last < 2 and 0.8 < measured < 1.25 and abs(predicted - 1) < 0.1  # kept its size
print("The sigmoid network's first layer gets about a millionth of the tenth layer's gradient; "
      "tanh and ReLU keep it within a factor of two.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Predicted and measured agree, so the rule explains the chart. Read the sigmoid's factor per layer and its layer-one ratio off the output; the prediction of Exercise 2 was a bound, this is the real network.
# **Time:** 49 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The sigmoid network's gradient shrinks by a factor of 4 to 5 per layer, as the rule predicts: its weights have
# $\sqrt{n\operatorname{Var}(w)} = 1$ and its $z$ stay small, so $\sigma'(z)$ is close to its maximum $\tfrac14$.
# Layer 1 gets about a millionth of what layer 10 gets: with one learning rate for all, the first layers hardly
# move. tanh ($\tanh'(0) = 1$) and ReLU (derivative exactly 1 where active, for half of the units, made up by
# the $\sqrt 2$ of He's scaling) keep the per-weight gradient within a factor of 2 from layer 10 to layer 1.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The take-away of the part: a sigmoid network's first layers barely learn, because each layer passes back a quarter at best; tanh and ReLU, with their matching initialization, pass back about all of it.
# **Time:** 51 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exploding gradients
#
# The rule cuts both ways: if $\sqrt{n\operatorname{Var}(w)} \times \operatorname{RMS}(f'(z))$ is above 1, the
# gradient **grows** on its way back, layer after layer, and the first layers get huge updates. Large initial
# weights do that. The same three networks, every weight **4 times larger** (a standard deviation 4 times the
# usual one):

# %% slideshow={"slide_type": "-"}
large = {name: backward_pass(X, Y, f, f_grad, standard_normal, 16 * var) for name, (f, f_grad, var) in recipes.items()}
print(report(large, recipes, scale=16))
relu_blowup = rms(large["ReLU"].dW[-2]) / rms(usual["ReLU"].dW[-2])
print(f"ReLU, dC/dW per weight at layer 10: {relu_blowup:.0e} times what it is with He's scaling")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Same networks, same draws, only the weights four times larger. Read the factors per layer off the output: now some are above one.
# **Ask:** Which of the three do you expect to explode, and which not?
# **Time:** 53 min

# %% alt=["Two log-scale panels with a shared vertical axis, the RMS per weight of dC/dW against the layer: left with the usual initialization, right with every weight 4 times larger, one line each for sigmoid, tanh and ReLU. On the right the ReLU line lies far above every line of the left panel, the tanh line now rises towards the input instead of staying level, and the sigmoid line still falls towards the input."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), sharey=True)
plot_per_weight(axes[0], usual, title="usual initialization", legend=False)
plot_per_weight(axes[1], large, title="weights 4 times larger", legend=False)
axes[0].set_ylabel(r"RMS per weight of $\partial C / \partial W^l$")
axes[0].legend(loc="lower right")
fig.tight_layout()
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
big_sig = layer_factors(large["sigmoid"], sigmoid_grad, 16.0)
big_tanh = layer_factors(large["tanh"], tanh_grad, 16.0)
big_relu = layer_factors(large["ReLU"], relu_grad, 32.0)
assert big_sig.measured < 1 and big_sig.first_to_last < 0.1  # large weights do not rescue the sigmoid
assert big_tanh.predicted > 1.2 and big_tanh.measured > 1.2 and big_tanh.first_to_last > 5  # tanh explodes
assert big_relu.predicted > 3 and big_relu.measured > 3 and 0.3 < big_relu.first_to_last < 3  # delta explodes ...
assert rms(large["ReLU"].dW[-2]) > 1e5 * rms(usual["ReLU"].dW[-2])  # ... and every gradient is huge
print("With 4 times larger weights the tanh network's gradient grows towards the input, "
      "the ReLU network's gradients are all enormous, and the sigmoid's still shrink.")

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# - **tanh** now explodes: $\sqrt{n\operatorname{Var}(w)} = 4$ outweighs the smaller $\tanh'$ of its larger $z$,
#   each layer multiplies $\delta$ by about 1.6, and per weight layer 1 gets over ten times what layer 10 gets.
# - **ReLU** does not saturate, so the signal on its way forward and $\delta$ on its way back both grow about 4-fold
#   per layer. $\partial C/\partial W^l = \delta^l (a^{l-1})^\top$ multiplies one that grows backward with one that
#   grows forward, so the layers stay balanced, but every gradient is millions of times larger than with He's
#   scaling: it explodes as a whole, and a learning rate that suits the He network throws this one far away in
#   one step.
# - **sigmoid** does not explode: the larger weights make $z$ larger and $\sigma'(z)$ smaller, and the product
#   stays below 1. Its gradient still vanishes, only more slowly.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Three different fates: tanh explodes towards the input, ReLU explodes everywhere at once so its layers stay balanced but every step is far too large, and the sigmoid cannot explode because its derivative shrinks faster than the weights grow.
# **Time:** 56 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# **Remedies** (from the lecture):
#
# 1. **better activations**: ReLU and its variants, whose derivative is 1 for $z > 0$;
# 2. **careful initialization**: scale the weights to the layer's fan-in, $\operatorname{Var}(w) = 1/n_\text{in}$
#    for sigmoid and tanh [8], $2/n_\text{in}$ for ReLU [5] ([06](06_training.ipynb) trains with it). For tanh
#    and ReLU this makes $\sqrt{n\operatorname{Var}(w)} \times \operatorname{RMS}(f'(z)) \approx 1$ (×0.96 and
#    ×0.98 above): signals and gradients keep their size from layer to layer, neither vanishing nor exploding.
#    Not for the sigmoid: $\sigma' \le \tfrac14$ keeps its factor near ¼ (×0.24), and 4 times larger weights
#    still leave it below 1;
# 3. **layer-wise pretraining**: train one layer at a time (e.g. as autoencoders), then fine-tune the whole
#    network; the historical fix that made the first deep networks trainable (Hinton et al., 2006 [9]);
# 4. **faster hardware**: GPUs make it possible to simply train for longer, slow layers included.
#
# Against exploding gradients in particular, training often also **clips** the gradient: when its norm exceeds a
# threshold, it is scaled down to that threshold before the step.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** with He initialization a ReLU network starts with balanced gradients. Does that guarantee that they
# stay balanced while it trains?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# No: initialization only sets the starting point. Training changes the weights, their sizes drift apart from
# layer to layer, and the factor $\sqrt{n\operatorname{Var}(w)} \times \operatorname{RMS}(f'(z))$ can move away
# from 1 again. Deep networks therefore also re-scale on the way: batch normalization (notebook 08) re-centres and
# re-scales each layer's $z$ on every mini-batch, residual connections give the gradient a path that skips
# layers, and gradient clipping caps the steps.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Four remedies, of which the first two are what everyone uses today: an activation whose derivative is one, and an initialization matched to it. Then the Think: initialization is only the start.
# **Expect:** No: training changes the weights, so the factor per layer drifts; batch normalization, residual connections and clipping keep it in check.
# **Time:** 60 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Softmax: the sigmoid for many classes
#
# A classifier's output layer should give a probability for each of $k$ classes: positive numbers that sum to 1.
# The **softmax** of the output layer's $z$ does that:
#
# $$a_j = \frac{e^{z_j}}{\sum_{i=1}^k e^{z_i}}.$$
#
# The lecture's example:

# %% slideshow={"slide_type": "-"}
z_example = np.array([0.0, 1.0, -0.5, 0.5])
a_example = softmax(z_example)
print("z       =", z_example)
print("softmax =", a_example.round(2), " sum =", a_example.sum().round(6))

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
assert np.allclose(a_example.round(2), [0.17, 0.46, 0.10, 0.28])
print("The four probabilities are 0.17, 0.46, 0.10 and 0.28, as on the slide.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** From hidden layers to the output layer: softmax turns any scores into probabilities. Read the four probabilities off the output and check that they sum to one.
# **Time:** 62 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The largest $z$ gets the largest probability, but the others keep some: it is a *soft* version of taking the
# maximum. With two classes, softmax is exactly the sigmoid: $\text{softmax}(z, 0)_1 = \frac{e^z}{e^z + 1} = \sigma(z)$.

# %% slideshow={"slide_type": "-"}
for zz in (-2.0, 0.0, 3.0):
    print(f"z = {zz:+.0f}: softmax([z, 0])[0] = {softmax([zz, 0.0])[0]:.4f}   sigmoid(z) = {sigmoid(zz):.4f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Softmax is not new: with two classes it is the sigmoid, as the two columns of the output show.
# **Time:** 63 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Computing it safely.** $e^{1000}$ overflows, so the formula as written fails for large $z$. Subtracting
# $\max_i z_i$ from every $z_j$ changes nothing mathematically (it cancels between numerator and denominator)
# but keeps every exponent $\le 0$. `lecturekit.activations.softmax` does this.

# %% slideshow={"slide_type": "-"}
z_big = np.array([1000.0, 1001.0])
with np.errstate(over="ignore", invalid="ignore"):  # silence numpy's warning: the NaN is the point here
    naive = np.exp(z_big) / np.exp(z_big).sum()
print("naive formula:", naive)
print("softmax      :", softmax(z_big).round(4), "= softmax([0, 1]):", softmax([0.0, 1.0]).round(4))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The one implementation detail worth remembering: subtract the maximum first. The naive formula gives not-a-number, the stable one the right answer.
# **Time:** 65 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Softmax goes with the cross-entropy loss (notebook 03), and the pair has a remarkably simple gradient with respect
# to $z$: $\partial C / \partial z = a - y$, the prediction minus the one-hot target, which we used in the
# vanishing-gradient network above.
#
# **Think:** what does softmax make of $z = (1, 2, 3)$, and of $z = (10, 20, 30)$? What does that mean for a
# network whose output weights keep growing during training?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# $(0.09, 0.24, 0.67)$ and $(2 \cdot 10^{-9}, 5 \cdot 10^{-5}, 0.99995)$: the same order, but multiplying the
# logits by 10 turns a fair preference into near certainty. A network whose logits grow becomes ever more
# confident, even where it is wrong, and its predicted probabilities stop meaning what they say. Regularization,
# which keeps the weights small ([06](06_training.ipynb)), counters that; so does dividing the logits by a
# "temperature" fitted after training, beyond this course.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Softmax pairs with cross-entropy, the topic of the next lecture. The Think shows that softmax depends on the scale of the logits, not only on their order.
# **Expect:** The same order, but the larger logits give near certainty: a network whose logits keep growing becomes overconfident.
# **Time:** 67 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: an activation, its weight, bias and alpha
#
# Pick an activation and drag the sliders. Left: the neuron's output $f(wx + b)$ (grey: $w = 1$, $b = 0$).
# Right: the derivative $f'(wx + b)$, the factor backpropagation multiplies by. Watch the sigmoid's derivative
# never exceed 0.25, and a large $|w|$ squeeze it into a narrow spike: almost everywhere else the neuron is
# saturated. The `alpha` slider applies to the leaky ReLU (PReLU) and the ELU. Behind the live curves, faint, the
# same activation for five fixed weights and biases: a family of lines, so the still picture already shows what
# the sliders do.

# %% alt=["Two panels for the sigmoid neuron at weight 1 and bias 0: left, its output f(wx + b) against the input x as a thick solid blue line; right, its derivative as a thick dashed vermillion bump that peaks at x = 0 and falls to zero on both sides. Behind them five faint curves in other colours and line styles show fixed weights and biases, steeper for a larger weight and shifted sideways for another bias; the activation menu and the weight, bias and alpha sliders redraw the thick curves."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
explorer = ActivationExplorer(activation="sigmoid", w=1.0, b=0.0)
explorer

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
explorer.set(activation="sigmoid", w=4.0, b=0.0)
assert explorer.grad_line.get_ydata().max() <= 0.25  # the sigmoid's derivative times 1, at most 1/4
assert np.mean(explorer.grad_line.get_ydata() < 0.01) > 0.5  # w = 4: saturated for most inputs
explorer.set(activation="leaky_relu", w=1.0, b=0.0, alpha=0.2)
assert np.allclose(explorer.line.get_ydata(), leaky_relu(explorer.x, alpha=0.2))
assert np.isclose(explorer.grad_line.get_ydata()[0], 0.2)
explorer.set(activation="sigmoid", w=1.0, b=0.0, alpha=0.01)  # back to the start for the next run
print("With w = 4 the sigmoid neuron is saturated for most inputs; the leaky ReLU keeps a slope alpha for x < 0.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Live: set the weight to four and watch the sigmoid's derivative shrink to a narrow spike, the window of Exercise 2. Then switch to ReLU and leaky ReLU and move alpha.
# **Ask:** Where on the x axis does this neuron still learn?
# **Time:** 70 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Without a nonlinear activation, any stack of layers is one linear map.
# - The **sigmoid** squashes to $[0, 1]$ and has a convenient derivative, but it is not zero-centred, saturates
#   when weights are large, costs an `exp`, and its derivative is at most $\tfrac14$.
# - Each layer multiplies the gradient by about $\sqrt{n\operatorname{Var}(w)} \times \operatorname{RMS}(f'(z))$.
#   Below 1 it **vanishes**: measured on 10 sigmoid layers, the first layer gets about a millionth of the tenth
#   layer's gradient per weight. Above 1 it **explodes**: tanh and ReLU with 4 times too large weights. Remedies:
#   better activations, careful initialization, layer-wise pretraining, faster hardware; clipping against
#   explosions.
# - **ReLU** is continuous with a kink at 0, cheap, sparse and does not saturate for $z > 0$, but units can die;
#   leaky ReLU / PReLU, ELU and swish keep a gradient for $z < 0$.
# - **Softmax** turns $k$ numbers into $k$ probabilities; it is the sigmoid for many classes, and must be computed
#   with $z - \max z$.
#
# **Next:** [03 losses](03_losses.ipynb) — how one number measures how wrong a network is, for regression and for
# classification, and why that choice decides how fast it learns.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Five lines to take home; if only one, the rule that each layer multiplies the gradient by the weight factor times the derivative factor.
# **Time:** 72 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. S. Hochreiter: *Untersuchungen zu dynamischen neuronalen Netzen*. Diploma thesis, Institut für Informatik,
#    Technische Universität München (1991); advisor J. Schmidhuber.
# 2. M. A. Nielsen: *Neural Networks and Deep Learning*. Determination Press (2015), chapter 5,
#    [neuralnetworksanddeeplearning.com](http://neuralnetworksanddeeplearning.com).
# 3. A. Krizhevsky, I. Sutskever, G. E. Hinton: ImageNet classification with deep convolutional neural networks.
#    *Advances in Neural Information Processing Systems* 25, 1097–1105 (2012), figure 1.
# 4. P. Ramachandran, B. Zoph, Q. V. Le: Searching for activation functions. arXiv:1710.05941 (2017).
# 5. K. He, X. Zhang, S. Ren, J. Sun: Delving deep into rectifiers: surpassing human-level performance on
#    ImageNet classification. *ICCV 2015*, 1026–1034 (PReLU, and the initialization $2/n_\text{in}$).
# 6. A. L. Maas, A. Y. Hannun, A. Y. Ng: Rectifier nonlinearities improve neural network acoustic models. *ICML
#    Workshop on Deep Learning for Audio, Speech and Language Processing* (2013).
# 7. D.-A. Clevert, T. Unterthiner, S. Hochreiter: Fast and accurate deep network learning by exponential linear
#    units (ELUs). *ICLR 2016*, arXiv:1511.07289.
# 8. Y. LeCun, L. Bottou, G. B. Orr, K.-R. Müller: Efficient BackProp. In *Neural Networks: Tricks of the
#    Trade*, Lecture Notes in Computer Science 1524, 9–50, Springer (1998).
# 9. G. E. Hinton, S. Osindero, Y.-W. Teh: A fast learning algorithm for deep belief nets. *Neural Computation*
#    18(7), 1527–1554 (2006).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Sources for reading at home; Nielsen's chapter five is the most readable account of the vanishing gradient.
# **Time:** after class
