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
# # 04 · Backpropagation by hand
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/04_backprop.ipynb)
#
# *Neural networks and deep learning*, lecture 4 of 8.
#
# **What you will learn**
#
# - how a network's error is "blamed" on each of its weights: the chain rule, written out weight by weight;
# - why the derivative of $z$ with respect to a weight is the **input** that weight multiplies;
# - how to check any gradient: central finite differences and TensorFlow's automatic differentiation;
# - the four equations of backpropagation in matrix form, for any depth and a whole mini-batch at once;
# - one complete training step — feed forward, loss, backpropagate, update — and the loss going down.
#
# Three exercises check themselves as you go: the gradient at the output (sign included), one hidden weight's
# gradient by the chain rule, and one layer's gradients for a whole mini-batch. Each worked solution sits
# collapsed under its exercise: try first, then open it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Last time we chose the loss; today we find out how its gradient reaches every weight of a network. We do it by hand on a network small enough to write every number, then in matrix form for any depth.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Run of show
#
# About seventy minutes in class, built around one small network worked by hand. Exercises 1 and 2 are done in the
# room; Exercise 3 (one layer's gradients for a mini-batch) is homework.
#
# | Part | Minutes | In class | Homework |
# |---|---:|---|---|
# | The lecture's small network | 4 | | |
# | Feed forward, with numbers | 8 | Exercise 1 | |
# | Blaming the error on one weight: the chain rule | 11 | | |
# | Checking a gradient, two ways | 10 | | |
# | The same network with sigmoid units | 15 | Exercise 2 | |
# | The matrix form: any depth, a whole mini-batch | 15 | | Exercise 3 |
# | One complete training step | 7 | | |
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
import inspect

import matplotlib.pyplot as plt
import numpy as np

import lecturekit as lk
from lecturekit import diagram, gradcheck
from lecturekit.activations import sigmoid, sigmoid_grad
from lecturekit.exercises.backprop import check_hidden_weight_gradient, check_layer_gradients, check_output_gradient
from lecturekit.network import Network, backpropagate, feedforward

lk.style.use()  # figures readable when projected
tf = lk.framework.import_tensorflow()  # quietly: no start-up log spam
rng = lk.set_seed(0, tensorflow=True)
np.set_printoptions(precision=4, suppress=True)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The plan: the chain rule weight by weight on a linear network, checked two ways, the same with sigmoid units, then the four equations in matrix form and one full training step. Exercises 1 and 2 are done here; Exercise 3 is homework.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The lecture's small network
#
# Two inputs, three hidden units, two outputs. We write $w^{(1)}_{ji}$ for the weight from input $i$ to hidden
# unit $j$ and $w^{(2)}_{kj}$ for the weight from hidden unit $j$ to output $k$; they form the matrices
# $W^{(1)}$ (3 × 2) and $W^{(2)}$ (2 × 3), one row per receiving unit, so that $z = W a + b$; each hidden and
# output unit has its bias (written $b = \dots$ next to it; each weight is written on its edge, near the unit
# it leaves). The weighted inputs carry the layer too: $z^{(1)}_j$ of hidden
# unit $j$ (the code's `z1[j - 1]`) and $z^{(2)}_k$ of output $k$ (`z2[k - 1]`).

# %% slideshow={"slide_type": "-"}
x = np.array([1.0, 0.5])  # one input
y = np.array([1.0, 0.0])  # its target
W1 = np.array([[0.1, 0.4], [-0.3, 0.2], [0.5, -0.1]])  # W1[j, i]: input i -> hidden j
b1 = np.array([0.1, 0.0, -0.2])
W2 = np.array([[0.3, -0.2, 0.6], [-0.5, 0.4, 0.1]])  # W2[k, j]: hidden j -> output k
b2 = np.array([0.05, -0.05])

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Two inputs, three hidden units, two outputs: small enough to write down every weight. Fix the notation now: the first index of a weight is the unit that receives it, so a weight matrix has one row per receiving unit and z is W a plus b.
# **Time:** 2 min

# %% alt=["The lecture's network drawn as circles joined by lines: inputs x1 and x2 on the left, hidden units h1, h2 and h3 in the middle, outputs \u01771 and \u01772 on the right; every input is joined to every hidden unit and every hidden unit to every output. Each line carries its weight, written along it near the unit it leaves, where no other line crosses it, and each hidden and output unit has its bias written beside it."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
diagram.draw_network(
    [2, 3, 2],
    weights=[W1, W2],
    biases=[b1, b2],
    node_labels=[["$x_1$", "$x_2$"], ["$h_1$", "$h_2$", "$h_3$"], [r"$\hat y_1$", r"$\hat y_2$"]],
    layer_names=["input", "hidden", "output"],
)
plt.show()

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# Each output has the loss $\tfrac12 (y_k - \hat y_k)^2$, and the network's loss is their sum
#
# $$L = \tfrac12 (y_1 - \hat y_1)^2 + \tfrac12 (y_2 - \hat y_2)^2 .$$

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The same numbers as a picture: each weight on its edge, near the unit it leaves, and each bias beside its unit. The loss is the sum of half the squared errors of the two outputs.
# **Ask:** Which weight carries input 2 to hidden unit 3, in the code's indices?
# **Time:** 4 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Feed forward, with numbers
#
# Start with the simplest activation, the **linear** one: $a = z$. Every unit computes its weighted input
# $z = W a + b$ and passes it on.

# %% slideshow={"slide_type": "-"}
z1 = W1 @ x + b1  # hidden weighted inputs
h = z1  # linear activation: a = z
z2 = W2 @ h + b2
y_hat = z2
loss = 0.5 * np.sum((y - y_hat) ** 2)

print("z1    =", z1)
print("h     =", h)
print("z2    =", z2)
print("y_hat =", y_hat, "  target y =", y)
print(f"loss  = {loss:.6f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Linear units first, so every derivative of an activation is one and only the chain rule remains. Read the outputs and the loss off the output.
# **Time:** 6 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: the gradient at the output, sign included
#
# Every chain below starts with $\partial L/\partial \hat y_k$, how the loss changes when output $k$ grows.
# **Predict first:** $\hat y_1 = 0.36$ is below its target 1 and $\hat y_2 = -0.305$ is below its target 0. Is
# $\partial L/\partial \hat y_k$ positive or negative for each? Then differentiate
# $L = \tfrac12 (y_1 - \hat y_1)^2 + \tfrac12 (y_2 - \hat y_2)^2$ and fill in both numbers (an array with one entry
# per output; you may use `y` and `y_hat`). Mind the sign: notebook 03 shows how a slide can lose it.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
dL_dyhat = ...  # one number per output: [dL/dy_hat_1, dL/dy_hat_2]

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
# d/dy_hat of 1/2 (y - y_hat)^2 = (y - y_hat) * (-1): the inner derivative brings the minus sign
dL_dyhat = y_hat - y
print("dL/dy_hat =", dL_dyhat)

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_output_gradient(dL_dyhat, y, y_hat)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Predict the signs first, then five minutes to differentiate the loss. This is the sign slip of lecture 3 again; the check names it.
# **Expect:** The derivative is y hat minus y, negative for both outputs because both are below their targets.
# **Time:** 11 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Both entries are negative: raising either output lowers the loss. Gradient descent steps *against* the
# gradient, so it will raise both outputs, towards their targets.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Negative gradient, so gradient descent raises both outputs, towards their targets: the sign is what makes the step go the right way.
# **Time:** 12 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Blaming the error on one weight: the chain rule
#
# Take an output weight, $w^{(2)}_{kj}$. It changes the loss only through $z^{(2)}_k$, which changes $\hat y_k$,
# which changes $L$. The chain rule multiplies the three local slopes:
#
# $$\frac{\partial L}{\partial w^{(2)}_{kj}}
#   = \underbrace{\frac{\partial L}{\partial \hat y_k}}_{\hat y_k - y_k}\;
#     \underbrace{\frac{\partial \hat y_k}{\partial z^{(2)}_k}}_{1 \text{ (linear)}}\;
#     \underbrace{\frac{\partial z^{(2)}_k}{\partial w^{(2)}_{kj}}}_{h_j}.$$
#
# > **The slide says** $\dfrac{\partial z_i}{\partial w_{ij}} = w_{ij}$.
# >
# > **In fact** $\dfrac{\partial z_i}{\partial w_{ij}} = x_j$, the **input** that the weight multiplies. Here
# > $z^{(2)}_k = \sum_j w^{(2)}_{kj} h_j + b^{(2)}_k$ is a straight line in $w^{(2)}_{kj}$ with slope $h_j$, so
# > $\partial z^{(2)}_k / \partial w^{(2)}_{kj} = h_j$. The weight itself is the slope with respect to the
# > *input*, $\partial z^{(2)}_k/\partial h_j = w^{(2)}_{kj}$, which is where weights do appear: one layer
# > further back. Below, the slide's version fails the finite-difference check.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** An output weight changes the loss through one path: its z, then the output, then the loss; multiply the three local slopes. Dwell on the correction box: the slope of z with respect to a weight is the input the weight multiplies, never the weight itself.
# **Ask:** What is the derivative of z with respect to a weight, in words?
# **Time:** 16 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# So a weight gets more blame when the signal it carried was large. Written out, one weight at a time:

# %% slideshow={"slide_type": "-"}
dW2_hand = np.zeros_like(W2)
for k in range(2):
    for j in range(3):
        dL_dyhat = y_hat[k] - y[k]
        dyhat_dz = 1.0  # linear activation
        dz_dw = h[j]  # the input of the weight, not the weight
        dW2_hand[k, j] = dL_dyhat * dyhat_dz * dz_dw
        print(f"dL/dw2[{k + 1},{j + 1}] = ({y_hat[k]:+.3f} - {y[k]:.0f}) * 1 * {h[j]:+.3f}"
              f" = {dW2_hand[k, j]:+.5f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The chain written out as loops, one weight at a time, each line printing its three factors. A weight that carried a large signal gets more blame.
# **Time:** 18 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# A hidden weight $w^{(1)}_{ji}$ is one link further back. It changes $h_j$, and $h_j$ feeds **both** outputs,
# so the blame from both outputs is added up:
#
# $$\frac{\partial L}{\partial w^{(1)}_{ji}}
#   = \sum_k \frac{\partial L}{\partial \hat y_k}\,\frac{\partial \hat y_k}{\partial z^{(2)}_k}\, w^{(2)}_{kj}\;
#     \frac{\partial h_j}{\partial z^{(1)}_j}\; x_i .$$
#
# Here the weight $w^{(2)}_{kj}$ does appear: it is $\partial z^{(2)}_k / \partial h_j$, the slope of $z^{(2)}_k$
# with respect to its input $h_j$.

# %% slideshow={"slide_type": "-"}
dW1_hand = np.zeros_like(W1)
for j in range(3):
    for i in range(2):
        blame_on_h = sum((y_hat[k] - y[k]) * 1.0 * W2[k, j] for k in range(2))  # dL/dh_j
        dW1_hand[j, i] = blame_on_h * 1.0 * x[i]  # dh/dz = 1, dz/dw = x_i
print("dL/dW1 =\n", dW1_hand)
print("dL/dW2 =\n", dW2_hand)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** One link further back: a hidden unit feeds both outputs, so the blame from both is added. Here the weights of the next layer do appear, as the slope of an output's z with respect to its input.
# **Time:** 21 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** suppose the input were $x = (1, 0)$. What would the gradients of the three weights leaving $x_2$
# be, and what does that mean for a network fed images whose background pixels are 0?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# All three are 0: $\partial L/\partial w^{(1)}_{j2} = (\text{blame on } h_j)\cdot x_2 = 0$. A weight learns
# nothing from a sample in which its input is 0: weights reading pixels that are black in every image keep their
# initial values for ever, and in each sample only the weights of its non-zero pixels are updated. One reason to
# centre inputs (subtract the mean) before training.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The input-not-weight rule has a consequence for images.
# **Ask:** What are the gradients of the weights leaving a zero input?
# **Expect:** Zero: a weight learns nothing from a sample in which its input is zero, so weights reading pixels that are black in every image never move; one reason to centre the inputs.
# **Time:** 23 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Checking a gradient, two ways
#
# **Finite differences.** Nudge one weight by $\pm\varepsilon$ and watch the loss:
# $\partial L/\partial w \approx \big(L(w + \varepsilon) - L(w - \varepsilon)\big) / 2\varepsilon$, with an error of
# order $\varepsilon^2$. It needs two forward passes *per weight* — hopeless for training, perfect as a referee.
# `lecturekit.gradcheck.numerical_gradient` does exactly this, one entry at a time.
#
# **Automatic differentiation.** TensorFlow records the forward pass on a `tf.GradientTape` and applies the
# chain rule backwards for us.

# %% slideshow={"slide_type": "-"}
def loss_linear():
    return 0.5 * np.sum((y - (W2 @ (W1 @ x + b1) + b2)) ** 2)


num_W1 = gradcheck.numerical_gradient(loss_linear, W1)  # nudges W1 in place, then restores it
num_W2 = gradcheck.numerical_gradient(loss_linear, W2)


# %% slideshow={"slide_type": "-"} tags=["hide-input"]
def compare(name, hand, numeric, tape):
    """Print how closely the hand-computed gradient matches the two referees."""
    e_num, e_tape = gradcheck.relative_error(hand, numeric), gradcheck.relative_error(hand, tape)
    print(f"{name}: relative error vs finite differences {'< 1e-8' if e_num < 1e-8 else f'{e_num:.1e}'}, "
          f"vs GradientTape {'< 1e-12' if e_tape < 1e-12 else f'{e_tape:.1e}'}")


# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Two referees for a hand-derived gradient: central finite differences, two forward passes per weight, and TensorFlow's automatic differentiation. The library function nudges one entry at a time.
# **Time:** 25 min

# %% slideshow={"manual": true, "slide_type": "subslide"}
def tape_gradients(activation):
    """dL/dW1 and dL/dW2 computed by TensorFlow's autodiff on the same numbers."""
    tW1, tW2 = tf.Variable(W1), tf.Variable(W2)
    with tf.GradientTape() as tape:
        hidden = activation(tf.linalg.matvec(tW1, x) + b1)
        out = activation(tf.linalg.matvec(tW2, hidden) + b2)
        L = 0.5 * tf.reduce_sum((y - out) ** 2)
    return [g.numpy() for g in tape.gradient(L, [tW1, tW2])]


tf_W1, tf_W2 = tape_gradients(tf.identity)
compare("dL/dW1", dW1_hand, num_W1, tf_W1)
compare("dL/dW2", dW2_hand, num_W2, tf_W2)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert gradcheck.relative_error(dW1_hand, num_W1) < 1e-8 and np.allclose(dW1_hand, tf_W1, atol=1e-14)
assert gradcheck.relative_error(dW2_hand, num_W2) < 1e-8 and np.allclose(dW2_hand, tf_W2, atol=1e-14)
print("The hand-computed gradients of the linear network agree with both referees.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A gradient tape records the forward pass and applies the chain rule backwards for us; the helper that prints the comparison is hidden. Read both relative errors off the output.
# **Time:** 27 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# A relative error $\lVert g - g_\text{num}\rVert / (\lVert g\rVert + \lVert g_\text{num}\rVert)$ below
# $10^{-8}$ means "equal up to the finite-difference error", and TensorFlow's autodiff agrees to better than
# $10^{-12}$: the hand-derived gradients are right. A wrong formula gives errors millions of times larger — for
# example the slide's version, with the weight where the input belongs:

# %% slideshow={"slide_type": "-"}
slide_W2 = np.array([[(y_hat[k] - y[k]) * W2[k, j] for j in range(3)] for k in range(2)])
print("slide's dL/dW2 vs finite differences: relative error"
      f" {gradcheck.relative_error(slide_W2, num_W2):.2f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Tiny relative errors mean equal; a wrong formula is off by orders of magnitude. The slide's version, with the weight where the input belongs, fails the check: read its relative error off the output.
# **Time:** 29 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# What a derivative means, on one weight: the loss as $w^{(2)}_{11}$ alone varies, and the tangent line whose
# slope is the gradient we computed. Gradient descent will step **downhill**, against that slope.

# %% alt=["The loss L (solid curve) as the single weight w(2)11 varies around its value, a parabola, with the tangent line (dashed) at the current weight, marked by a dot; the legend gives the tangent's slope, the gradient computed by hand. The slope is negative: the loss falls as the weight grows, so a gradient-descent step raises the weight, downhill."] slideshow={"slide_type": "-"} tags=["hide-input"]
w_grid = np.linspace(W2[0, 0] - 2, W2[0, 0] + 2, 101)
losses = []
for w in w_grid:
    W2_try = W2.copy()
    W2_try[0, 0] = w
    losses.append(0.5 * np.sum((y - (W2_try @ h + b2)) ** 2))

fig, ax = plt.subplots(figsize=(6.5, 3.2))
ax.plot(w_grid, losses, lw=2.5, label="loss $L$")
ax.plot(w_grid, loss + dW2_hand[0, 0] * (w_grid - W2[0, 0]),  # the next colour and style of the cycle: dashed
        label=rf"tangent, slope $\partial L/\partial w^{{(2)}}_{{11}}$ = {dW2_hand[0, 0]:.3f}")
ax.plot(W2[0, 0], loss, "o", color=lk.style.PALETTE["black"])
ax.set_xlabel(r"$w^{(2)}_{11}$")
ax.set_ylabel("loss")
ax.set_ylim(min(losses) - 0.05, max(losses))
ax.legend(loc="upper right")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The picture behind the number: vary one weight, the loss traces a parabola, and the gradient is the slope of its tangent. The slope is negative, so gradient descent raises this weight.
# **Time:** 31 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** why not train with finite differences, which need no calculus at all? Count the forward passes
# one gradient costs for the next lecture's 784-30-10 network, with
# $784 \cdot 30 + 30 + 30 \cdot 10 + 10 = 23\,860$ weights and biases.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Central differences need two forward passes per parameter: $2 \cdot 23\,860 = 47\,720$ forward passes for one
# gradient. Backpropagation gets all $23\,860$ derivatives from one forward and one backward pass, which costs
# about as much as three forward passes: $47\,720 / 3$, more than $10\,000$ times cheaper. (And each difference
# quotient carries an error of order $\varepsilon^2$ plus rounding.) Finite differences are the referee, not the
# player.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Count the cost for the next lecture's network.
# **Ask:** How many forward passes does one gradient by finite differences cost?
# **Expect:** Two per parameter, tens of thousands for one gradient; backpropagation gets all of them for about three forward passes' work. Finite differences are the referee, not the player.
# **Time:** 33 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same network with sigmoid units
#
# Only one link of each chain changes: $\partial a/\partial z$ is no longer 1 but
#
# $$\sigma'(z) = \sigma(z)\,\big(1 - \sigma(z)\big),$$
#
# at most $\tfrac14$. Both layers now use the sigmoid.

# %% slideshow={"slide_type": "-"}
z1 = W1 @ x + b1
h = sigmoid(z1)
z2 = W2 @ h + b2
y_hat = sigmoid(z2)
loss = 0.5 * np.sum((y - y_hat) ** 2)
print("z1 =", z1, "  h =", h)
print("z2 =", z2, "  y_hat =", y_hat)
print(f"loss = {loss:.6f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Only one link of each chain changes: the derivative of the activation is now sigma prime, at most a quarter. Read the new forward pass off the output.
# **Time:** 35 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: one hidden weight, by the chain rule
#
# Compute $\partial L/\partial w^{(1)}_{21}$, the gradient of the weight from input $x_1$ to hidden unit $h_2$
# (`W1[1, 0]` in numpy's 0-based indices), for this sigmoid network. Follow the chain from the loss back to the
# weight, with the numbers above (`x`, `h`, `y_hat`, `W2`, `y`):
#
# $$\frac{\partial L}{\partial w^{(1)}_{21}}
#   = \sum_k \frac{\partial L}{\partial \hat y_k}\,\frac{\partial \hat y_k}{\partial z^{(2)}_k}\,
#     \frac{\partial z^{(2)}_k}{\partial h_2}\;\frac{\partial h_2}{\partial z^{(1)}_2}\;
#     \frac{\partial z^{(1)}_2}{\partial w^{(1)}_{21}} .$$
#
# Name each factor before you multiply. The check compares your number with central finite differences.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
dL_dw = ...  # dL/dw1_21, one number

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
j, i = 1, 0  # hidden unit 2, input 1 (0-based indices)
dL_dz_out = (y_hat - y) * y_hat * (1 - y_hat)  # dL/dy_hat_k * sigma'(z_k), for both outputs k
dL_dh = np.sum(dL_dz_out * W2[:, j])  # dz_k/dh_j = w2_kj, summed over the outputs h_j feeds
dL_dw = dL_dh * h[j] * (1 - h[j]) * x[i]  # * sigma'(z_j) * x_i (the input, not the weight)
print(f"dL/dw1_21 = {dL_dw:+.5f}")

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_hidden_weight_gradient(dL_dw, W1, b1, W2, b2, x, y, j=1, i=0)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Seven minutes: name each factor of the chain before multiplying, then compute it with the numbers above. The check compares with finite differences and names the usual slips: a forgotten sigma prime, the weight for the input, one output only.
# **Expect:** Sum over both outputs of (y hat minus y) times y hat (1 minus y hat) times the weight to h 2, then times h 2 (1 minus h 2) times x 1.
# **Time:** 42 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same chain for every weight, as loops:

# %% slideshow={"slide_type": "-"}
dW2_hand = np.zeros_like(W2)
dW1_hand = np.zeros_like(W1)
for k in range(2):
    for j in range(3):
        dW2_hand[k, j] = (y_hat[k] - y[k]) * y_hat[k] * (1 - y_hat[k]) * h[j]
for j in range(3):
    blame_on_h = sum((y_hat[k] - y[k]) * y_hat[k] * (1 - y_hat[k]) * W2[k, j] for k in range(2))
    for i in range(2):
        dW1_hand[j, i] = blame_on_h * h[j] * (1 - h[j]) * x[i]
print("dL/dW1 =\n", dW1_hand)
print("dL/dW2 =\n", dW2_hand)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The same chain for every weight: each sigma prime is written as the unit's output times one minus it.
# **Time:** 43 min

# %% slideshow={"manual": true, "slide_type": "subslide"}
def loss_sigmoid():
    return 0.5 * np.sum((y - sigmoid(W2 @ sigmoid(W1 @ x + b1) + b2)) ** 2)


num_W1 = gradcheck.numerical_gradient(loss_sigmoid, W1)
num_W2 = gradcheck.numerical_gradient(loss_sigmoid, W2)
tf_W1, tf_W2 = tape_gradients(tf.sigmoid)
compare("dL/dW1", dW1_hand, num_W1, tf_W1)
compare("dL/dW2", dW2_hand, num_W2, tf_W2)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert gradcheck.relative_error(dW1_hand, num_W1) < 1e-8 and np.allclose(dW1_hand, tf_W1, atol=1e-14)
assert gradcheck.relative_error(dW2_hand, num_W2) < 1e-8 and np.allclose(dW2_hand, tf_W2, atol=1e-14)
print("The hand-computed gradients of the sigmoid network agree with both referees.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Both referees agree with the hand-computed gradients of the sigmoid network too; read the relative errors off the output.
# **Time:** 44 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The blame on each edge, drawn where the weights were: the gradient $\partial L/\partial w$ of every weight.
# The hidden layer's gradients are several times smaller than the output layer's — each $\sigma'$ on the way back is at
# most $\tfrac14$, a first glimpse of the *vanishing gradient* problem of deep sigmoid networks.

# %% alt=["The same network drawing with each line labelled by the gradient of the loss with respect to its weight, to four decimals, instead of the weight itself. The gradients on the lines into the outputs are several times larger than those on the lines into the hidden units."] slideshow={"slide_type": "-"} tags=["hide-input"]
diagram.draw_network(
    [2, 3, 2],
    weights=[dW1_hand, dW2_hand],
    node_labels=[["$x_1$", "$x_2$"], ["$h_1$", "$h_2$", "$h_3$"], [r"$\hat y_1$", r"$\hat y_2$"]],
    layer_names=["input", "hidden", "output"],
    fmt="{:+.4f}",
)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The gradients drawn where the weights were: the hidden layer's are several times smaller than the output layer's, because every sigma prime on the way back is at most a quarter. A first glimpse of lecture 2's vanishing gradient.
# **Time:** 46 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** suppose every weight started at the same value, say 0.5, and every bias at 0. What would
# backpropagation give the three hidden units, and what would they look like after many training steps?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# The three hidden units would compute the same $h_j$, receive the same blame from the outputs and get the same
# gradients, so every update keeps them identical: after any number of steps they are three copies of one unit, and
# the network is no more powerful than one with a single hidden unit. Random initial weights break this
# symmetry (notebook 06 compares initializations).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Symmetry, and why initial weights are random.
# **Ask:** What happens to three hidden units that start identical?
# **Expect:** They get the same gradients and stay identical for ever, three copies of one unit; random initialization breaks the symmetry, and lecture 6 compares initializations.
# **Time:** 48 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The matrix form: any depth, a whole mini-batch
#
# Writing one loop per weight does not scale. Call $\delta^l = \partial C/\partial z^l$ the **error** of layer
# $l$. The chain rule above, collected into vectors, gives the four equations of backpropagation
# (Rumelhart, Hinton and Williams, 1986 [1]), numbered as in Nielsen's chapter 2 [2]:
#
# $$
# \begin{aligned}
# &\text{BP1:} & \delta^L &= \nabla_a C \odot \sigma'(z^L) && \text{the output layer's error}\\
# &\text{BP2:} & \delta^l &= \big((W^{l+1})^{T} \delta^{l+1}\big) \odot \sigma'(z^l) && \text{passed back one layer}\\
# &\text{BP3:} & \frac{\partial C}{\partial b^l} &= \delta^l\\
# &\text{BP4:} & \frac{\partial C}{\partial W^l} &= \delta^l \,(a^{l-1})^{T} && \text{error times the layer's input}
# \end{aligned}
# $$
#
# ($\odot$ multiplies elementwise.) BP4 is the "input, not weight" rule for all weights at once: an outer
# product of the error with the input. For a **mini-batch**, stack the samples as the rows of a matrix $A$; each
# equation becomes one matrix product. The cost is then the mean over the batch, so BP1 carries a factor $1/n$,
# and BP3 and BP4 sum over the samples.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Collect the chain rule into vectors: the error delta of a layer, and Nielsen's four equations. BP4 is the input-not-weight rule for all weights at once, an outer product of the error with the layer's input.
# **Time:** 51 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: one layer's gradients for a whole mini-batch
#
# For a batch of $n$ samples, `delta` holds the layer's error $\delta$ as rows, shape (n, out), with the $1/n$
# of the mean cost already inside, and `a_prev` holds the layer's input $a^{l-1}$ as rows, shape (n, in).
# Write `layer_gradients` so it returns $\partial C/\partial W$ (shape (out, in), like $W$) and
# $\partial C/\partial b$ (shape (out,), like $b$): each sample's outer product $\delta\, a^T$, and its $\delta$,
# summed over the batch. One matrix product, no loop over the samples. **Predict first:** which of `delta.T @ a_prev`
# and `a_prev.T @ delta` has the shape of $W$?

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def layer_gradients(delta, a_prev):
    """dC/dW of shape (out, in) and dC/db of shape (out,), from delta (n, out) and a_prev (n, in)."""
    ...  # return dW, db


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def layer_gradients(delta, a_prev):
    """dC/dW of shape (out, in) and dC/db of shape (out,), from delta (n, out) and a_prev (n, in)."""
    dW = delta.T @ a_prev  # (out, n) @ (n, in): the sum over the batch of delta a^T
    db = delta.sum(axis=0)  # sum over the samples
    return dW, db


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_layer_gradients(layer_gradients)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework: BP3 and BP4 for a batch, one matrix product; the check names transposes and means. Mention the prediction question: which product has the shape of W.
# **Time:** 52 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The whole backward pass, in two functions. First feed forward, keeping every $z$ and $a$. These are lecturekit's
# own functions, printed from the library: `lecturekit.network.Network` runs exactly this code, so what you read
# here is what trains the networks of lectures 05 and 06. Each layer has its own activation function σ (a list
# `sigmas`, since the output layer often differs from the hidden ones).

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(feedforward))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The library's own feed-forward, printed from its source: what trains the networks of the next lectures is this code. It keeps every z and every activation for the backward pass.
# **Time:** 54 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The samples are the **rows** of `a`, so the slide's $z = W a + b$ for every sample at once is `a @ W.T + b`.
# Then the four equations from the last layer to the first, starting from the output layer's error
# $\delta^L$ (BP1, which depends on the loss); `sigma_grads` holds each layer's $\sigma'$:

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(backpropagate))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The backward pass: BP2 to BP4 from the last layer to the first, one matrix product each. Point at the transpose of W that carries the error back.
# **Time:** 56 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# For the lecture's sigmoid network and quadratic cost, BP1 is $\delta^L = \tfrac1n (a^L - y) \odot \sigma'(z^L)$,
# and the whole backpropagation is three lines:

# %% slideshow={"slide_type": "-"}
def backprop(weights, biases, X, Y):
    """Gradients of C = 1/(2n) sum ||y - a||^2 for a sigmoid network; X (n, inputs), Y (n, outputs)."""
    zs, acts = feedforward(weights, biases, X, [sigmoid] * len(weights))
    delta = (acts[-1] - Y) / len(X) * sigmoid_grad(zs[-1])  # BP1: delta^L, one row per sample
    return backpropagate(weights, zs, acts, delta, [sigmoid_grad] * len(weights))


gW, gb = backprop([W1, W2], [b1, b2], x[None, :], y[None, :])  # our single sample as a batch of one
print("same as by hand:", np.allclose(gW[0], dW1_hand), np.allclose(gW[1], dW2_hand))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** BP1 for the quadratic cost with sigmoid outputs, and the whole of backpropagation is three lines. It reproduces the hand computation exactly, as the printed comparison says.
# **Time:** 58 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now a deeper network and a real mini-batch: 4 inputs, hidden layers of 6 and 5 units, 3 outputs, 8 samples.
# `Network` runs the same two functions, for any activation and loss (its BP1 comes from the loss's gradient);
# `lecturekit.gradcheck.check_network` compares its backpropagation with finite differences of its cost, for
# every weight and bias.

# %% slideshow={"slide_type": "-"}
X_batch = rng.normal(size=(8, 4))
labels = rng.integers(0, 3, size=8)
Y_batch = np.eye(3)[labels]

net = Network([4, 6, 5, 3], activation="sigmoid", loss="quadratic", seed=1, dtype=np.float64)
gW, gb = backprop(net.weights, net.biases, X_batch, Y_batch)
net_gW, net_gb = net.backprop(X_batch, Y_batch)
print("notebook backprop == lecturekit backprop:",
      all(np.allclose(p, q) for p, q in zip(gW + gb, net_gW + net_gb)))

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
check = gradcheck.check_network(net, X_batch, Y_batch)
print(check)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert check.passed and check.max_error < 1e-6
print(f"All {sum(check.checked.values())} weights and biases of the network pass the gradient check.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A deeper network and a batch of eight samples: the notebook's three lines agree with the library, and the library's gradient check passes for every weight and bias.
# **Time:** 60 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same check passes for the networks of lectures 05 and 06, with ReLU units, a softmax output and the
# cross-entropy loss, and with an L2 penalty on the weights:

# %% slideshow={"slide_type": "-"}
net_ce = Network([4, 6, 5, 3], activation="relu", loss="cross_entropy", init="he", seed=2, dtype=np.float64)
check_ce = gradcheck.check_network(net_ce, X_batch, labels, l2=0.5)
print(f"ReLU + softmax + cross-entropy + L2: largest relative error below 1e-6: {check_ce.passed}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert check_ce.passed and check_ce.max_error < 1e-6
print("The ReLU, softmax and cross-entropy network with L2 passes the gradient check too.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The same machinery with ReLU, a softmax output, cross-entropy and an L2 penalty passes the check too: these are the networks of the next two lectures.
# **Time:** 61 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** the backward pass uses the same weight matrices as the forward pass, transposed. Roughly how does
# the time of one backward pass compare with one forward pass, and why?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# About twice as long: per layer the forward pass does one matrix product
# $A W^T$, the backward pass two of the same size ($\delta^T A$ for the gradient, $\delta W$ to pass the error
# back) plus elementwise work. That is why a gradient costs only a few forward passes, whatever the number of
# weights — the reason backpropagation made training large networks possible.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Cost of a backward pass.
# **Ask:** How does one backward pass compare in time with one forward pass?
# **Expect:** About twice as long: two matrix products per layer instead of one, which is why a gradient costs only a few forward passes whatever the number of weights.
# **Time:** 63 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## One complete training step
#
# Back to the small sigmoid network and its one sample.

# %% slideshow={"slide_type": "-"}
eta = 2.0  # learning rate
X1, Y1 = x[None, :], y[None, :]
weights, biases = [W1.copy(), W2.copy()], [b1.copy(), b2.copy()]


def cost(weights, biases):
    a = X1
    for W, b in zip(weights, biases):
        a = sigmoid(a @ W.T + b)
    return 0.5 * np.mean(np.sum((Y1 - a) ** 2, axis=1)), a


# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Back to the small sigmoid network and its one sample, with a learning rate set in the code.
# **Time:** 64 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The four steps of training, each one line:

# %% slideshow={"slide_type": "-"}
loss_before, out_before = cost(weights, biases)  # 1. feed forward, 2. loss
gW, gb = backprop(weights, biases, X1, Y1)  # 3. backpropagate
weights = [W - eta * g for W, g in zip(weights, gW)]  # 4. update: w <- w - eta dC/dw
biases = [b - eta * g for b, g in zip(biases, gb)]
loss_after, out_after = cost(weights, biases)

print(f"output before: {out_before[0]}  loss {loss_before:.6f}")
print(f"output after : {out_after[0]}  loss {loss_after:.6f}   (target {y})")
print("W2 before:\n", W2, "\nW2 after:\n", weights[1])

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert loss_after < 0.7 * loss_before
assert out_after[0, 0] > out_before[0, 0] and out_after[0, 1] < out_before[0, 1]
print("One step moved both outputs towards their targets and lowered the loss.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Feed forward, loss, backpropagate, update: four lines. Read the outputs before and after off the output: both moved towards their targets and the loss fell.
# **Time:** 66 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The first output moved towards 1 and the second towards 0: the loss went down. Repeating the step is
# gradient descent; the next lecture does it on thousands of handwritten digits, a few samples at a time.

# %% slideshow={"slide_type": "-"}
history = [loss_before, loss_after]  # after 0 and 1 steps
for _ in range(29):
    gW, gb = backprop(weights, biases, X1, Y1)
    weights = [W - eta * g for W, g in zip(weights, gW)]
    biases = [b - eta * g for b, g in zip(biases, gb)]
    history.append(cost(weights, biases)[0])

# %% alt=["The loss of the small sigmoid network on its one sample against the training step, one dot per step from 0 to 30: it falls steeply over the first steps, then ever more slowly, levelling off close to zero."] slideshow={"slide_type": "-"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(6, 2.8))
ax.plot(history, "o-", ms=3)
ax.set_xlabel("training step")
ax.set_ylabel("loss")
ax.grid(alpha=0.3)
plt.show()
print(f"loss after {len(history) - 1} steps: {history[-1]:.5f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Repeating the step is gradient descent: the loss falls over thirty steps. Next lecture does the same on thousands of handwritten digits, a few at a time.
# **Time:** 68 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** after 30 steps the network gets its one sample almost exactly right. Is it a good network?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# We cannot tell: it has learned one input by heart. Nothing measures how it does on inputs it has not seen. A
# useful network is trained on many samples and judged on others held out from training — lecture 05's
# mini-batches, and lecture 06's validation and test sets.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Is a network that gets its one training sample right a good network?
# **Ask:** Good at what?
# **Expect:** We cannot tell: it has learned one input by heart, and nothing measures it on inputs it has not seen; lecture 5 brings mini-batches and lecture 6 validation and test sets.
# **Time:** 70 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Backpropagation is the chain rule: the blame on a weight is (how the loss changes with the unit's output)
#   × (how the output changes with $z$) × (how $z$ changes with the weight).
# - $\partial z_i/\partial w_{ij}$ is the **input** $x_j$ the weight multiplies (not $w_{ij}$, as the slide
#   writes), so weights that carried large signals get more blame; the weights themselves appear only when the
#   error is passed back a layer.
# - $\partial L/\partial \hat y = \hat y - y$ for $L = \tfrac12 (y - \hat y)^2$: positive when the output is too
#   high, and gradient descent steps against it.
# - A sigmoid multiplies each backward step by $\sigma'(z) \le \tfrac14$; a linear unit by 1.
# - In matrix form, for any depth and a whole mini-batch: $\delta^L = \nabla_a C \odot \sigma'(z^L)$,
#   $\delta^l = ((W^{l+1})^T\delta^{l+1}) \odot \sigma'(z^l)$, $\partial C/\partial W^l = \delta^l (a^{l-1})^T$,
#   $\partial C/\partial b^l = \delta^l$.
# - Always check gradients: central finite differences (`lecturekit.gradcheck`) agree with the hand computation
#   to better than $10^{-8}$, and `tf.GradientTape` to better than $10^{-12}$.
#
# **Next:** [05 SGD](05_sgd.ipynb) — choosing the step size, stochastic mini-batches, momentum and Adam, and
# the reference network trained live on MNIST.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Backpropagation is the chain rule: output slope times activation slope times input. Check every gradient with finite differences; in matrix form four equations do it for any depth and a whole batch. Next time: choosing the step size, stochastic mini-batches, momentum and Adam.
# **Time:** 72 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. D. E. Rumelhart, G. E. Hinton, R. J. Williams: Learning representations by back-propagating errors.
#    *Nature* 323, 533–536 (1986).
# 2. M. A. Nielsen: *Neural Networks and Deep Learning*. Determination Press (2015), chapter 2 (how the
#    backpropagation algorithm works: the four equations BP1–BP4),
#    [neuralnetworksanddeeplearning.com](http://neuralnetworksanddeeplearning.com).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The two sources: Rumelhart, Hinton and Williams, and Nielsen's chapter 2, for home.
# **Time:** after class
