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
# # 02 · Activation functions
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/02_activations.ipynb)
#
# *Neural networks and deep learning*, lecture 2 of 7.
#
# **What you will learn**
#
# - why a network needs a nonlinear activation at all;
# - the sigmoid, tanh, ReLU and its variants (leaky ReLU / PReLU, ELU, swish), each with its derivative, and their
#   pros and cons;
# - the **vanishing gradient problem**, measured on a 10-layer network: why deep sigmoid networks barely learn in
#   their first layers, and what fixes it;
# - softmax, the output layer of a classifier, and how to compute it without overflow.

# %% slideshow={"slide_type": "skip"}
# Colab set-up: installs lecturekit and enables widgets there; does nothing elsewhere.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "lecturekit @ git+https://github.com/lecturekit/lecturekit@main"], check=True)
    import lecturekit.launch

    lecturekit.launch.setup_colab()

# %% slideshow={"slide_type": "skip"}
import time

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
from lecturekit.widgets.activation import ActivationExplorer

rng = lk.set_seed(0)
np.set_printoptions(precision=4, suppress=True)

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The activation functions and their derivatives
#
# Training multiplies by the derivative $f'(z)$ at every layer (notebook 04), so a derivative matters as much
# as the function. Each column shows one activation (top) and its derivative (bottom). All of them live in
# `lecturekit.activations`, written in plain numpy with the derivative right beside each function, and checked
# against TensorFlow in `tests/test_activations.py`.

# %% slideshow={"slide_type": "-"}
gallery = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "ReLU": (relu, relu_grad),
    "leaky ReLU (α = 0.1)": (lambda z: leaky_relu(z, alpha=0.1), lambda z: leaky_relu_grad(z, alpha=0.1)),
    "ELU (α = 1)": (elu, elu_grad),
    "swish": (swish, swish_grad),
}
z = np.linspace(-5, 5, 501)
fig, axes = plt.subplots(2, len(gallery), figsize=(13, 4.6), sharex=True, sharey="row")
for col, (name, (f, f_grad)) in enumerate(gallery.items()):
    axes[0, col].plot(z, f(z), lw=2.5, color="tab:blue")
    axes[1, col].plot(z, f_grad(z), lw=2.5, color="tab:orange")
    axes[0, col].set_title(name)
    axes[1, col].set_xlabel("$z$")
    for ax in axes[:, col]:
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.grid(alpha=0.3)
axes[0, 0].set_ylabel("$f(z)$")
axes[1, 0].set_ylabel("$f'(z)$")
axes[0, 0].set_ylim(-1.5, 3)
axes[1, 0].set_ylim(-0.2, 1.2)
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# | activation | formula | pros | cons |
# |---|---|---|---|
# | **sigmoid** | $\sigma(z) = \frac{1}{1+e^{-z}}$ | squashes to $[0, 1]$; reads as a neuron's firing rate; convenient derivative $\sigma' = \sigma(1-\sigma)$ | not zero-centred; sensitive to initialization; `exp` is costly; $\sigma' \le \tfrac14$: vanishing gradient |
# | **tanh** | $\tanh z = 2\sigma(2z) - 1$ | zero-centred, $\tanh'(0) = 1$ | saturates like the sigmoid: still a vanishing gradient |
# | **ReLU** | $\max(0, z)$ | cheap; fast convergence; sparse activations; no vanishing gradient for $z > 0$ | **dying ReLU**: a unit with $z < 0$ for every input gets no gradient and never recovers |
# | **leaky ReLU / PReLU** | $z$ if $z > 0$ else $\alpha z$ | keeps a gradient $\alpha$ for $z < 0$: no dying; PReLU *learns* $\alpha$ like a weight | one more hyper-parameter (leaky) or parameter (PReLU) |
# | **ELU** | $z$ if $z > 0$ else $\alpha(e^z - 1)$ | smooth; negative outputs push the mean activation towards 0 | `exp` again |
# | **swish** | $z\,\sigma(z)$ | smooth, non-monotonic; found by an automated search and often a little better than ReLU in deep networks | costlier than ReLU |

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

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sensitive to initialization.** Take 1000 MNIST digits and a layer of 100 sigmoid neurons. With weights drawn
# from $\mathcal N(0, 1)$, the sum over 784 pixels is large, most neurons sit in the flat tails of the sigmoid and
# pass on almost no gradient. Scaling the weights by $1/\sqrt{n_\text{in}}$ keeps $z$ of order 1.

# %% slideshow={"slide_type": "-"}
(x_train, y_train), _ = load_mnist(verbose=False)  # offline first: see lecturekit.data
X, Y = to_vectors(x_train[:1000], y_train[:1000])
X, Y = X.astype(np.float64), Y.astype(np.float64)
print(f"X: {X.shape} pixel values in [0, 1], Y: {Y.shape} one-hot labels")
W_unit = rng.normal(size=(784, 100))

for label, W in (("N(0, 1)", W_unit), ("N(0, 1/784)", W_unit / np.sqrt(784))):
    zs = X @ W
    saturated = np.mean(sigmoid_grad(zs) < 0.01)
    print(f"weights {label:12s}: typical |z| = {np.median(np.abs(zs)):5.2f}, saturated (sigmoid' < 0.01): {saturated:.0%}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **`exp` is costly.** A ReLU is one comparison; the sigmoid needs an exponential and a division. Timings
# differ from machine to machine, so this cell's output is not compared by the tests; the next cell checks
# only which one is faster.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
big = rng.normal(size=1_000_000)


def median_time(f, repeats=7):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f(big)
        times.append(time.perf_counter() - start)
    return np.median(times)


t_sigmoid, t_relu = median_time(sigmoid), median_time(relu)
print(f"1 million values: sigmoid {1000 * t_sigmoid:.1f} ms, ReLU {1000 * t_relu:.1f} ms ({t_sigmoid / t_relu:.0f}x)")

# %% slideshow={"slide_type": "-"}
assert t_sigmoid > t_relu
print("the sigmoid takes longer than the ReLU:", t_sigmoid > t_relu)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## ReLU and its variants
#
# **Cheap, fast, sparse.** $\max(0, z)$ costs one comparison, and its derivative is 1 wherever the unit is active:
# no saturation for $z > 0$. Networks with ReLUs train several times faster than with saturating units
# (Krizhevsky et al., 2012). And about half of the units output exactly 0 for a given input: a **sparse** code.

# %% slideshow={"slide_type": "-"}
W_he = W_unit * np.sqrt(2 / 784)  # "He" scaling for ReLU layers (see the vanishing gradient below)
A_relu = relu(X @ W_he)
print(f"fraction of exact zeros in a layer of 100 ReLUs on 1000 digits: {np.mean(A_relu == 0):.0%}")

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

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The variants**, all equal to $z$ for $z > 0$ and different only for $z < 0$:
#
# - **Leaky ReLU** uses a small fixed slope $\alpha$ (e.g. 0.01). **PReLU** (parametric ReLU) is the same formula
#   with $\alpha$ learned by gradient descent, one more parameter per unit or per layer.
# - **ELU** bends smoothly to $-\alpha$: negative outputs pull the mean activation towards 0 (like tanh), and for
#   $\alpha = 1$ it is differentiable everywhere.
# - **Swish** $z\,\sigma(z)$ is smooth and dips slightly below 0 before rising; it came out of an automated search
#   over candidate activations (Ramachandran et al., 2017).

# %% slideshow={"slide_type": "-"}
zn = np.linspace(-4, 2, 301)
fig, ax = plt.subplots(figsize=(7, 3.4))
ax.plot(zn, relu(zn), lw=2.5, label="ReLU")
ax.plot(zn, leaky_relu(zn, alpha=0.1), lw=2, label="leaky ReLU, α = 0.1")
ax.plot(zn, elu(zn), lw=2, label="ELU, α = 1")
ax.plot(zn, swish(zn), lw=2, label="swish")
ax.axhline(0, color="0.7", lw=0.8)
ax.set_xlabel("$z$")
ax.set_ylabel("$f(z)$")
ax.set_title("the ReLU family: the same for z > 0, different for z < 0")
ax.legend()
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The vanishing gradient problem, measured
#
# Backpropagation (notebook 04) sends $\delta = \partial C / \partial z$ from the output back to the input, and at
# every layer multiplies it by the weights and by $f'(z)$:
#
# $$\delta^{l} = \left( (W^{l+1})^\top \delta^{l+1} \right) \odot f'(z^{l}).$$
#
# With sigmoid units, $f'(z) \le \tfrac14$: through 10 layers the gradient can shrink by up to
# $(\tfrac14)^{10} \approx 10^{-6}$. The early layers then barely learn. Let us measure it on real inputs:
# 1000 MNIST digits through a network with **10 hidden layers** of 32 units and a softmax output, one backward pass
# of the cross-entropy loss, and the size $\lVert \partial C/\partial W^l \rVert$ of the gradient reaching each layer.
# Every network starts from the same random numbers, scaled as usual for its activation:
# $\mathcal N(0, 1/n_\text{in})$ for sigmoid and tanh, $\mathcal N(0, 2/n_\text{in})$ ("He") for ReLU.

# %% slideshow={"slide_type": "subslide"}
sizes = [784] + [32] * 10 + [10]
standard_normal = [rng.normal(size=(n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def gradient_norms(f, f_grad, gain):
    """||dC/dW|| for every layer after one backward pass of cross-entropy on (X, Y)."""
    weights = [np.sqrt(gain / W.shape[1]) * W for W in standard_normal]
    a, activations, zs = X, [X], []
    for W in weights[:-1]:  # forward through the hidden layers (biases 0 at the start)
        zs.append(a @ W.T)
        a = f(zs[-1])
        activations.append(a)
    output = softmax(a @ weights[-1].T)
    delta = (output - Y) / len(X)  # softmax + cross-entropy: dC/dz = (a - y) / n
    norms = [np.linalg.norm(delta.T @ activations[-1])]
    for l in range(len(zs) - 1, -1, -1):  # backward: one multiplication by f'(z) per layer
        delta = (delta @ weights[l + 1]) * f_grad(zs[l])
        norms.append(np.linalg.norm(delta.T @ activations[l]))
    return np.array(norms[::-1])  # layer 1 (next to the input) first


norms = {
    "sigmoid": gradient_norms(sigmoid, sigmoid_grad, gain=1),
    "tanh": gradient_norms(tanh, tanh_grad, gain=1),
    "ReLU": gradient_norms(relu, relu_grad, gain=2),
}
layers = np.arange(1, len(sizes))
fig, ax = plt.subplots(figsize=(7.5, 4))
for (name, g), color in zip(norms.items(), ("tab:blue", "tab:green", "tab:red")):
    ax.semilogy(layers, g, "o-", lw=2, color=color, label=name)
ax.set_xticks(layers, [*map(str, layers[:-1]), "out"])
ax.set_xlabel("layer (1 = next to the input)")
ax.set_ylabel(r"gradient size $\|\partial C / \partial W^l\|$")
ax.set_title("one backward pass on 1000 MNIST digits, 10 hidden layers")
ax.grid(alpha=0.3, which="both")
ax.legend()
plt.show()

# %% slideshow={"slide_type": "-"}
for name, g in norms.items():
    print(f"{name:8s} first layer / output layer: {g[0] / g[-1]:.1e}   smallest hidden-layer gradient: {g[:-1].min():.1e}")
per_layer = (norms["sigmoid"][1:-1] / norms["sigmoid"][:-2]).mean()
print(f"sigmoid: each layer closer to the output gets a {per_layer:.1f}x larger gradient (1/sigmoid'(0) = 4)")
assert norms["sigmoid"][0] < 1e-4 * norms["sigmoid"][-1]  # vanished
assert norms["ReLU"][0] > 0.1 * norms["ReLU"][-1]  # did not

# %% [markdown] slideshow={"slide_type": "subslide"}
# The sigmoid network's first layers get a gradient about a million times smaller than its last layer: with one
# learning rate for all, they hardly move. tanh ($\tanh'(0) = 1$) and ReLU (derivative exactly 1 where active)
# with a matching initialization keep the gradient the same size from the last layer to the first.
#
# **Remedies** (from the lecture):
#
# 1. **better activations**: ReLU and its variants, whose derivative is 1 for $z > 0$;
# 2. **careful initialization**: scale the weights to the layer's fan-in ($1/n_\text{in}$ for sigmoid/tanh,
#    $2/n_\text{in}$ for ReLU), so that signals and gradients keep their size from layer to layer;
# 3. **layer-wise pretraining**: train one layer at a time (e.g. as autoencoders), then fine-tune the whole
#    network; the historical fix that made the first deep networks trainable (2006);
# 4. **faster hardware**: GPUs make it possible to simply train for longer, slow layers included.

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
assert np.allclose(a_example.round(2), [0.17, 0.46, 0.10, 0.28])

# %% [markdown] slideshow={"slide_type": "subslide"}
# The largest $z$ gets the largest probability, but the others keep some: it is a *soft* version of taking the
# maximum. With two classes, softmax is exactly the sigmoid: $\text{softmax}(z, 0)_1 = \frac{e^z}{e^z + 1} = \sigma(z)$.

# %% slideshow={"slide_type": "-"}
for zz in (-2.0, 0.0, 3.0):
    print(f"z = {zz:+.0f}: softmax([z, 0])[0] = {softmax([zz, 0.0])[0]:.4f}   sigmoid(z) = {sigmoid(zz):.4f}")

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

# %% [markdown] slideshow={"slide_type": "subslide"}
# Softmax goes with the cross-entropy loss (notebook 03), and the pair has a remarkably simple gradient with respect
# to $z$: $\partial C / \partial z = a - y$, the prediction minus the one-hot target, which we used in the
# vanishing-gradient network above.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: an activation, its weight, bias and alpha
#
# Pick an activation and drag the sliders. Left: the neuron's output $f(wx + b)$ (grey: $w = 1$, $b = 0$).
# Right: the derivative $f'(wx + b)$, the factor backpropagation multiplies by. Watch the sigmoid's derivative
# never exceed 0.25, and a large $|w|$ squeeze it into a narrow spike: almost everywhere else the neuron is
# saturated. The `alpha` slider applies to the leaky ReLU (PReLU) and the ELU.
# (For the smoothest dragging in JupyterLab, run `%matplotlib widget` first.)

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
explorer = ActivationExplorer(activation="sigmoid", w=1.0, b=0.0)
explorer

# %% [markdown] slideshow={"slide_type": "subslide"}
# What the sliders do, checked:

# %% slideshow={"slide_type": "-"}
explorer.set(activation="sigmoid", w=4.0, b=0.0)
print(f"sigmoid, w = 4: largest derivative {explorer.grad_line.get_ydata().max():.2f}, "
      f"fraction of inputs with f' < 0.01: {np.mean(explorer.grad_line.get_ydata() < 0.01):.0%}")
explorer.set(activation="leaky_relu", w=1.0, b=0.0, alpha=0.2)
print(f"leaky ReLU, alpha = 0.2: derivative for x < 0 is {explorer.grad_line.get_ydata()[0]:.2f}")
assert np.allclose(explorer.line.get_ydata(), leaky_relu(explorer.x, alpha=0.2))
explorer.set(activation="sigmoid", w=1.0, b=0.0, alpha=0.01)  # back to the start for the next run

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Without a nonlinear activation, any stack of layers is one linear map.
# - The **sigmoid** squashes to $[0, 1]$ and has a convenient derivative, but it is not zero-centred, saturates
#   when weights are large, costs an `exp`, and its derivative is at most $\tfrac14$.
# - In a deep sigmoid network the gradient shrinks layer by layer: measured on 10 layers, the first layer gets
#   about a millionth of what the last one gets. This is the **vanishing gradient problem**. Remedies: better
#   activations, careful initialization, layer-wise pretraining, faster hardware.
# - **ReLU** is cheap, sparse and does not saturate for $z > 0$, but units can die; leaky ReLU / PReLU, ELU and
#   swish keep a gradient for $z < 0$.
# - **Softmax** turns $k$ numbers into $k$ probabilities; it is the sigmoid for many classes, and must be computed
#   with $z - \max z$.
#
# **Next:** [03 losses](03_losses.ipynb) — how one number measures how wrong a network is, for regression and for
# classification, and why that choice decides how fast it learns.
