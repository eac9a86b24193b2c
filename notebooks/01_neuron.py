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
# # 01 · The artificial neuron
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/01_neuron.ipynb)
#
# *Neural networks and deep learning*, lecture 1 of 7.
#
# **What you will learn**
#
# - what an artificial neuron computes: a weighted sum of its inputs plus a bias, passed through an activation;
# - the perceptron, and why a single NAND perceptron is enough to build any logical circuit;
# - the sigmoid neuron, the smooth perceptron that makes learning possible;
# - the four steps of training, which the rest of the series takes one at a time.

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
from lecturekit import diagram
from lecturekit.activations import relu, sigmoid, step
from lecturekit.neuron import NAND_B, NAND_W, half_adder, nand, perceptron, sigmoid_neuron, truth_table

rng = lk.set_seed(0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The map: four steps of training
#
# Every network in this series, from one neuron to a U-Net, is trained by repeating the same four steps.
#
# | step | what happens | where it is taught |
# |---|---|---|
# | 1. **Feed forward** | inputs flow through the neurons to a prediction | this notebook, [02 activations](02_activations.ipynb) |
# | 2. **Compute the loss** | one number says how wrong the prediction is | [03 losses](03_losses.ipynb) |
# | 3. **Backpropagate** | the chain rule blames the error on each weight | [04 backprop by hand](04_backprop.ipynb) |
# | 4. **Optimize** | each weight takes a small step against its gradient | [05 SGD](05_sgd.ipynb) |
#
# Convolutional networks ([06](06_cnn.ipynb)) and the U-Net ([07](07_unet.ipynb)) change what a layer computes, not these steps.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## An artificial neuron
#
# A neuron receives inputs $x_1, \dots, x_n$. Each input has a **weight** $w_i$, its importance.
# The neuron adds the weighted inputs and a **bias** $b$, which shifts the sum, then passes the result through an
# **activation function** $f$:
#
# $$z = \sum_i w_i x_i + b, \qquad y = f(z).$$

# %% slideshow={"slide_type": "-"}
diagram.draw_neuron(weights=["w_1", "w_2", "w_3"], bias="b", activation="$f$")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same thing with numbers: three inputs, three weights, one bias.

# %% slideshow={"slide_type": "-"}
x = np.array([1.0, 0.5, -1.0])
w = np.array([0.8, -0.4, 0.3])
b = 0.1

z = w @ x + b
print(f"z = w.x + b = {z:.3f}")
print(f"sigmoid(z) = {sigmoid(z):.4f}   relu(z) = {relu(z):.4f}   step(z) = {step(z):.0f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The perceptron
#
# The first artificial neuron (Rosenblatt, 1958) outputs 0 or 1: it fires when the weighted sum of its inputs
# exceeds a **threshold**.
#
# $$\text{output} = \begin{cases} 0 & \text{if } \sum_i w_i x_i \le \text{threshold} \\ 1 & \text{if } \sum_i w_i x_i > \text{threshold} \end{cases}$$
#
# Should you go to the open-air lecture this weekend? Three yes/no inputs: is the weather good, is a friend
# coming, is it near public transport. You care most about the weather.

# %% slideshow={"slide_type": "-"}
w_festival = np.array([6.0, 2.0, 2.0])  # weather, friend, transport
threshold = 5.0
for inputs in ([1, 0, 0], [0, 1, 1], [1, 1, 0]):
    total = w_festival @ inputs
    print(f"inputs {inputs}: weighted sum {total:.0f} -> go = {int(total > threshold)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Writing the sum as a dot product and moving the threshold to the other side, as a **bias** $b = -\text{threshold}$,
# gives the form used from now on:
#
# $$\text{output} = \begin{cases} 0 & \text{if } w \cdot x + b \le 0 \\ 1 & \text{if } w \cdot x + b > 0 \end{cases}$$
#
# The bias measures how easy it is to make the perceptron fire.

# %% slideshow={"slide_type": "-"}
X_festival = np.array([[1, 0, 0], [0, 1, 1], [1, 1, 0]], dtype=float)
print(perceptron(X_festival, w_festival, b=-threshold))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### A NAND gate from one perceptron
#
# With weights $-2, -2$ and bias $3$, a perceptron computes NAND ("not and"): its output is 0 only when both
# inputs are 1.

# %% slideshow={"slide_type": "-"}
diagram.draw_neuron(weights=NAND_W, bias=NAND_B, activation="step")
plt.show()

inputs, (out,) = truth_table(nand)
print(" x1 x2 | w.x+b | NAND")
for (x1, x2), o in zip(inputs, out):
    print(f"  {x1}  {x2} |  {NAND_W @ [x1, x2] + NAND_B:+.0f}   |  {o}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Networks of perceptrons compute anything a circuit can
#
# NAND is **universal**: every Boolean function is a circuit of NAND gates. So every Boolean function is a
# network of NAND perceptrons. Here is the half adder, which adds two bits, built from five NANDs only:
# the sum bit is $x_1 \oplus x_2$ (four NANDs) and the carry is $x_1 \land x_2$ (one more NAND of the first NAND's
# output with itself).

# %% slideshow={"slide_type": "-"}
inputs, (sum_bit, carry) = truth_table(half_adder)
print(" x1 x2 | carry sum | x1 + x2")
for (x1, x2), s, c in zip(inputs, sum_bit, carry):
    print(f"  {x1}  {x2} |   {c}    {s}  |   {x1 + x2}")
assert np.array_equal(2 * carry + sum_bit, inputs.sum(axis=1))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same idea in the layered shape used by neural networks: XOR is out of reach of a single perceptron (no
# straight line separates its 1s from its 0s), but two layers do it. The hidden layer computes NAND and OR,
# the output neuron ANDs them.

# %% slideshow={"slide_type": "-"}
W1 = np.array([[-2.0, -2.0], [2.0, 2.0]])  # hidden: NAND, OR
b1 = np.array([3.0, -1.0])
W2 = np.array([[2.0, 2.0]])  # output: AND
b2 = np.array([-3.0])

hidden = step(inputs @ W1.T + b1)
xor = step(hidden @ W2.T + b2)[:, 0]
print("inputs:", inputs.tolist())
print("XOR:   ", xor.astype(int).tolist())

diagram.draw_network(
    [2, 2, 1],
    weights=[W1, W2],
    node_labels=[["$x_1$", "$x_2$"], ["NAND", "OR"], ["AND"]],
    layer_names=["input", "hidden", "output"],
    fmt="{:+.0f}",
)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Perceptrons are as powerful as any circuit. The exciting part is that we will not design the weights:
# a network will **learn** them. For that we need a neuron whose output changes a little when a weight changes
# a little.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The sigmoid neuron: a smooth perceptron
#
# A small change of a weight can flip a perceptron's output from 0 to 1, and with it the behaviour of everything
# downstream. The **sigmoid neuron** replaces the step by the smooth
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}, \qquad y = \sigma(w \cdot x + b).$$
#
# For very positive $z$ it outputs almost 1, for very negative $z$ almost 0: like a perceptron, but in between
# it changes smoothly.

# %% slideshow={"slide_type": "-"}
z = np.linspace(-8, 8, 400)
fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(z, step(z), "--", color="0.5", label="step (perceptron)")
ax.plot(z, sigmoid(z), lw=2.5, label=r"sigmoid $\sigma(z)$")
ax.set_xlabel("$z = w \\cdot x + b$")
ax.legend()
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Multiply all weights and the bias by a constant $c > 0$ and the sigmoid neuron becomes a perceptron as
# $c \to \infty$ (unless $w \cdot x + b = 0$ exactly). On the NAND inputs:

# %% slideshow={"slide_type": "-"}
for c in (1, 5, 50):
    print(f"c = {c:>2}:", np.round(sigmoid_neuron(inputs, c * NAND_W, c * NAND_B), 4))
print("step  :", perceptron(inputs, NAND_W, NAND_B))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The four steps on one neuron
#
# A preview of the whole series in a few lines: a sigmoid neuron starts with random weights and **learns** NAND.
# Each iteration is feed forward, loss ($\tfrac{1}{2n}\sum (y - a)^2$), backpropagation (the chain rule,
# notebook 04) and a gradient step (notebook 05).

# %% slideshow={"slide_type": "-"}
X = inputs.astype(float)
y = nand(X[:, 0], X[:, 1])
w_learn, b_learn, lr = rng.normal(size=2), 0.0, 2.0

losses = []
for _ in range(2000):
    a = sigmoid(X @ w_learn + b_learn)  # 1. feed forward
    losses.append(0.5 * np.mean((y - a) ** 2))  # 2. loss
    delta = (a - y) * a * (1 - a)  # 3. backpropagate: dC/dz for each sample
    w_learn -= lr * X.T @ delta / len(X)  # 4. optimize
    b_learn -= lr * delta.mean()

print(f"loss: {losses[0]:.4f} at the start -> {losses[-1]:.4f} after {len(losses)} steps")
print(f"learned w = {np.round(w_learn, 2)}, b = {b_learn:.2f}")
print("outputs  :", np.round(sigmoid(X @ w_learn + b_learn), 3), " target:", y)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The learned weights are negative and the bias positive, like the hand-designed NAND perceptron.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: weight and bias of one neuron
#
# Drag the sliders. The **weight** changes how steep the neuron switches; its sign flips the direction.
# The **bias** shifts the curve: the neuron switches where $wx + b = 0$, i.e. at $x = -b/w$ (dotted line).
# Choose the activation to compare a sigmoid and a ReLU neuron with the perceptron's step (dashed).
# (For the smoothest dragging in JupyterLab, run `%matplotlib widget` first.)

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
explorer = lk.widgets.NeuronExplorer(w=1.0, b=0.0, activation="sigmoid")
explorer

# %% [markdown] slideshow={"slide_type": "subslide"}
# What the sliders do, checked: a steep sigmoid (w = 10) is almost the step, and the bias moves the switch point.

# %% slideshow={"slide_type": "-"}
explorer.set(w=10.0, b=-20.0, activation="sigmoid")
y_plot = explorer.line.get_ydata()
assert np.allclose(y_plot, sigmoid(10.0 * explorer.x - 20.0))
print(f"switch point x = {explorer.threshold.get_xdata()[0]:.2f}")
print(f"max |sigmoid - step| away from it: {np.abs(y_plot - step(10 * explorer.x - 20))[np.abs(explorer.x - 2) > 0.5].max():.4f}")
explorer.set(activation="relu", w=1.0, b=0.0)
print(f"relu neuron at x = -6, 0, 6: {explorer.line.get_ydata()[[0, 200, -1]].round(2)}")
explorer.set(w=1.0, b=0.0, activation="sigmoid")  # back to the start for the next run

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - A neuron computes $y = f(w \cdot x + b)$: weights say how much each input matters, the bias shifts the sum.
# - A perceptron uses a step; with weights $(-2, -2)$ and bias $3$ it is a NAND gate, and NAND gates make any
#   circuit, so networks of perceptrons can compute anything.
# - The sigmoid neuron is a smooth perceptron: small changes in weights cause small changes in the output,
#   which is what makes learning by gradient descent possible.
# - Training repeats four steps: feed forward, loss, backpropagate, optimize.
#
# **Next:** [02 activations](02_activations.ipynb) — sigmoid, ReLU and their variants, and why the choice
# decides whether a deep network can learn at all.
