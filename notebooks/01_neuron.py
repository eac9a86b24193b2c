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
# # 01 · The artificial neuron
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/01_neuron.ipynb)
#
# *Neural networks and deep learning*, lecture 1 of 8.
#
# **What you will learn**
#
# - what an artificial neuron computes: a weighted sum of its inputs plus a bias, passed through an activation;
# - where it comes from: the McCulloch–Pitts neuron (1943) [1] and Rosenblatt's perceptron (1958) [2], a
#   machine with photocells for eyes;
# - why a single NAND perceptron is enough to build any logical circuit, and what a multilayer, feedforward
#   network is;
# - the sigmoid neuron, the smooth perceptron that makes learning possible;
# - **universality**: one hidden layer of sigmoid neurons can trace any continuous curve;
# - the four steps of training, which the rest of the series takes one at a time.
#
# Three exercises check themselves as you go. In class: a perceptron for OR and one for AND, and a prediction of
# what two steep sigmoid neurons draw. At home: a half adder wired from NAND gates. Each worked solution sits
# collapsed under its exercise: try first, then open it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Today we meet the building block of every network in this course, the artificial neuron, follow it
# from a logic unit on paper to a machine that learned, and end with why one hidden layer can draw any curve.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Run of show
#
# The plan for one lecture slot: two exercises in class, one for home.
#
# | Part | Minutes | In class | Homework |
# |---|---:|---|---|
# | The map: four steps of training | 4 | | |
# | An artificial neuron | 5 | | |
# | The first artificial neurons | 26 | Exercise 1 | Exercise 2 |
# | The sigmoid neuron: a smooth perceptron | 7 | | |
# | The four steps on one neuron | 7 | | |
# | Try it: weight and bias of one neuron | 5 | | |
# | Universality: one hidden layer can trace any curve | 16 | Exercise 3 | |
# | Summary | 3 | | |
# | **Total in class** | **73** | | |

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
from lecturekit import diagram
from lecturekit.activations import relu, sigmoid, step
from lecturekit.exercises.neuron import BUMP_B, BUMP_V, BUMP_W, check_bump, check_half_adder, check_or_and_gates
from lecturekit.neuron import (NAND_B, NAND_W, half_adder, nand, perceptron, sigmoid_neuron, truth_table,
                               truth_table_text)
from lecturekit.universality import NETWORK_STYLE, TARGET_STYLE, bump_network, one_hidden_layer, wiggly
from lecturekit.widgets import NeuronExplorer, UniversalityExplorer

lk.style.use()  # figures readable when projected
rng = lk.set_seed(0)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Skip this slide in class; it is the lecturer's clock. Exercise 2, the half adder, is homework: announce
# it when its slide comes up and move on.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The map: four steps of training
#
# Every network in this series, from one neuron to a U-Net, is trained by repeating the same four steps (as
# Angermueller et al. lay them out for computational biology [7]).
#
# | step | what happens | where it is taught |
# |---|---|---|
# | 1. **Feed forward** | inputs flow through the neurons to a prediction | this notebook, [02 activations](02_activations.ipynb) |
# | 2. **Compute the loss** | one number says how wrong the prediction is | [03 losses](03_losses.ipynb) |
# | 3. **Backpropagate** | the chain rule blames the error on each weight | [04 backprop by hand](04_backprop.ipynb) |
# | 4. **Optimize** | each weight takes a small step against its gradient | [05 SGD](05_sgd.ipynb), [06 training well](06_training.ipynb) |
#
# Convolutional networks ([07](07_cnn.ipynb)) and the U-Net ([08](08_unet.ipynb)) change what a layer computes, not these steps.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Everything in this course repeats four steps: feed forward, measure the loss, backpropagate, take a
# step. Today is step 1 for a single neuron; each later lecture takes one step apart.
# **Ask:** Which of the four steps do you think is the hardest to compute?
# **Time:** 4 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## An artificial neuron
#
# A neuron receives inputs $x_1, \dots, x_n$. Each input has a **weight** $w_i$, its importance.
# The neuron adds the weighted inputs and a **bias** $b$, which shifts the sum, then passes the result through an
# **activation function** $f$:
#
# $$z = \sum_i w_i x_i + b, \qquad y = f(z).$$

# %% alt=["Diagram of one artificial neuron: three input circles x1, x2, x3 on the left, joined to a summation circle by edges labelled with the weights w1, w2, w3; the bias b arrows down into the sum. The sum z passes through a box for the activation f, and the output y = f(z) leaves on the right."] slideshow={"slide_type": "-"}
diagram.draw_neuron(weights=["w_1", "w_2", "w_3"], bias="b", activation="$f$")
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A neuron is a weighted sum plus a bias, passed through an activation. Point at the diagram: the weights
# sit on the edges, the bias shifts the sum, the box applies $f$.
# **Time:** 7 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same thing with numbers: three inputs, three weights, one bias.

# %% slideshow={"slide_type": "-"}
x = np.array([1.0, 0.5, -1.0])
w = np.array([0.8, -0.4, 0.3])
b = 0.1

z = w @ x + b
print(f"z = w.x + b = {z:.3f}")
print(f"sigmoid(z) = {sigmoid(z):.4f}   relu(z) = {relu(z):.4f}   step(z) = {step(z):.0f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The same neuron with numbers: one dot product and one addition give $z$; the activation decides what
# comes out. Let the room compute $z$ by hand before you run the cell.
# **Ask:** Which of the three activations gives an output that is exactly 0 or 1?
# **Time:** 9 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The first artificial neurons
#
# **McCulloch and Pitts (1943)**, a neurophysiologist and a logician, proposed the first mathematical model of a
# neuron [1]. Its inputs and its output are 0 or 1. It fires when at least $\theta$ (its threshold) of its
# *excitatory* inputs are on, unless an *inhibitory* input is on, which vetoes firing. There are no weights to
# learn: the wiring and the threshold are designed by hand. With the right thresholds one such unit computes AND,
# OR or "x₁ and not x₂", and McCulloch and Pitts showed that networks of them can compute any logical function
# [1].

# %% slideshow={"slide_type": "-"}
def mcculloch_pitts(excitatory, inhibitory, threshold):
    """1 if no inhibitory input is on and at least `threshold` excitatory inputs are, else 0."""
    return int(not any(inhibitory) and sum(excitatory) >= threshold)


bits = [(0, 0), (0, 1), (1, 0), (1, 1)]
print(truth_table_text(bits, {
    "AND (θ=2)": [mcculloch_pitts([x1, x2], [], 2) for x1, x2 in bits],
    "OR (θ=1)": [mcculloch_pitts([x1, x2], [], 1) for x1, x2 in bits],
    "x1 and not x2 (θ=1, x2 inhibits)": [mcculloch_pitts([x1], [x2], 1) for x1, x2 in bits],
}))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** McCulloch and Pitts' unit has no weights at all: only a threshold and a veto. Read one row of the
# table aloud and show that changing the threshold turns AND into OR.
# **Ask:** What would have to be added to such a unit so that it could learn?
# **Time:** 12 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The perceptron
#
# **Rosenblatt's perceptron (1958)** gave each input a real-valued **weight** and came with a rule that *learns*
# the weights from examples [2]. It outputs 0 or 1: it fires when the weighted sum of its inputs exceeds a
# **threshold**.
#
# $$\text{output} = \begin{cases} 0 & \text{if } \sum_i w_i x_i \le \text{threshold} \\ 1 & \text{if } \sum_i w_i x_i > \text{threshold} \end{cases}$$
#
# Rosenblatt meant the perceptron as a machine. A first simulation ran on an IBM 704 computer, and the New York
# Times reported its demonstration as "New Navy Device Learns By Doing" [3]. Then he built the **Mark I
# Perceptron**, which saw through a 20 × 20 grid of 400 photocells and stored each weight in a potentiometer
# that an electric motor turned while it learned [4]. It learned to tell simple shapes apart by turning its own
# knobs.

# %% [markdown] slideshow={"slide_type": "-"}
# Should you go to the open-air lecture this weekend? Three yes/no inputs: is the weather good, is a friend
# coming, is it near public transport. You care most about the weather. (Nielsen's first chapter asks the same
# about a cheese festival [6].)

# %% slideshow={"slide_type": "-"}
w_festival = np.array([6.0, 2.0, 2.0])  # weather, friend, transport
threshold = 5.0
for inputs in ([1, 0, 0], [0, 1, 1], [1, 1, 0]):
    total = w_festival @ inputs
    print(f"inputs {inputs}: weighted sum {total:.0f} -> go = {int(total > threshold)}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Rosenblatt's step was to make the weights real numbers and learn them; tell the story of the Mark I
# with its photocells and motor-turned knobs. The open-air lecture example shows what a weight means: how much
# one input matters.
# **Ask:** With these weights, does a friend plus good transport outweigh bad weather?
# **Time:** 16 min

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Moving the threshold to the other side gives the bias: from now on a neuron is $w \cdot x + b$ and a
# sign. A large bias makes the neuron fire easily, a very negative one hardly ever.
# **Time:** 18 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### A NAND gate from one perceptron
#
# With weights $-2, -2$ and bias $3$, a perceptron computes NAND ("not and"): its output is 0 only when both
# inputs are 1.

# %% alt=["The NAND perceptron as a diagram: inputs x1 and x2 enter a summation circle along edges labelled with the weights -2 and -2, the bias 3 arrows into the sum, and the sum passes through a step box to the output."] slideshow={"slide_type": "-"}
diagram.draw_neuron(weights=NAND_W, bias=NAND_B, activation="step")
plt.show()

inputs, (out,) = truth_table(nand)
print(truth_table_text(inputs, {"w.x+b": [f"{z:+g}" for z in inputs @ NAND_W + NAND_B], "NAND": out}))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** One perceptron with weights $-2, -2$ and bias $3$ is a NAND gate; check the table row by row with the
# weighted sums beside it.
# **Ask:** Why does the sum for $(1, 1)$ end up below zero while all others stay above?
# **Time:** 20 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: OR and AND
#
# Find weights and a bias for a perceptron that computes **OR** (it fires when at least one input is 1), and for
# one that computes **AND** (it fires only when both are). Remember that a perceptron fires when
# $w \cdot x + b > 0$, strictly. *Hint:* write down $w \cdot x + b$ for the four inputs $(0, 0), (0, 1), (1, 0),
# (1, 1)$.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
w_or, b_or = ..., ...  # two weights (one per input) and a bias
w_and, b_and = ..., ...

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["solution"]
w_or, b_or = np.array([1.0, 1.0]), -0.5  # one input is enough: 1 - 0.5 > 0, and none gives -0.5 < 0
w_and, b_and = np.array([1.0, 1.0]), -1.5  # both are needed: 1 - 1.5 < 0 < 2 - 1.5
print("OR :", perceptron(inputs, w_or, b_or))
print("AND:", perceptron(inputs, w_and, b_and))

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_or_and_gates(w_or, b_or, w_and, b_and)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Exercise 1 in class: give the room a few minutes, then take one answer for OR and one for AND and run
# the check. Common slip: a bias that puts a sum exactly at zero, where the perceptron does not fire.
# **Expect:** Weights $(1, 1)$ with a bias between $-1$ and $0$ for OR, and between $-2$ and $-1$ for AND.
# **Time:** 27 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Networks of perceptrons compute anything a circuit can
#
# NAND is **universal**: every Boolean function is a circuit of NAND gates. So every Boolean function is a
# network of NAND perceptrons. The **half adder** adds two bits: its sum bit is $x_1 \oplus x_2$ (XOR: 1 when
# exactly one input is 1) and its carry is $x_1 \land x_2$ (AND: 1 + 1 = 10 in binary).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** NAND alone builds every Boolean circuit, so networks of perceptrons compute anything a computer can.
# The half adder is the smallest useful example: the sum bit is XOR, the carry is AND.
# **Time:** 29 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: a half adder, wired by hand
#
# Wire the half adder from NAND gates only. `x1` and `x2` are *wires*: the only thing you can do with a wire is to
# feed it to `nand(a, b)`, which returns a new wire (no `+`, `&`, `^` or `if` on wires: the check notices).
# Return the two output wires, `sum_bit, carry`. *Hints:* XOR takes four NANDs, the first one being
# `n1 = nand(x1, x2)`; AND is NOT NAND, and `nand(a, a)` is NOT `a`.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def my_half_adder(x1, x2, nand):
    """The wires (sum_bit, carry) of x1 + x2, built from nand gates only."""
    ...


# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["solution"]
def my_half_adder(x1, x2, nand):
    """The wires (sum_bit, carry) of x1 + x2, built from nand gates only."""
    n1 = nand(x1, x2)  # shared by the sum and the carry
    sum_bit = nand(nand(x1, n1), nand(x2, n1))  # XOR: four NANDs
    carry = nand(n1, n1)  # NOT NAND = AND: one more
    return sum_bit, carry


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_half_adder(my_half_adder)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Exercise 2 is homework: wiring the half adder from NAND gates takes longer than we have. Show the
# hints and say the check notices any shortcut that is not a NAND.
# **Time:** 30 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same circuit of five NAND perceptrons is `lecturekit.neuron.half_adder`. Its truth table:

# %% slideshow={"slide_type": "-"}
inputs, (sum_bit, carry) = truth_table(half_adder)
print(truth_table_text(inputs, {"carry": carry, "sum": sum_bit, "x1 + x2": inputs.sum(axis=1)}))

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
assert np.array_equal(2 * carry + sum_bit, inputs.sum(axis=1))
print("The carry and the sum bit spell x1 + x2 in binary for all four inputs.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Here is the finished circuit from the library: the carry and the sum bit together spell $x_1 + x_2$
# in binary. It is the answer to Exercise 2 in table form, without the wiring.
# **Time:** 31 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Layers: the multilayer perceptron
#
# The same idea in the layered shape used by neural networks: XOR is out of reach of a single perceptron (no
# straight line separates its 1s from its 0s), but two layers do it. The hidden layer computes NAND and OR
# (Exercise 1's OR with weights and bias doubled), the output neuron ANDs them. The diagram shows each weight on
# its edge and each bias ("b = ...") above its neuron.

# %% slideshow={"slide_type": "-"}
W1 = np.array([[-2.0, -2.0], [2.0, 2.0]])  # hidden: NAND, OR
b1 = np.array([3.0, -1.0])
W2 = np.array([[2.0, 2.0]])  # output: AND
b2 = np.array([-3.0])

hidden = step(inputs @ W1.T + b1)
xor = step(hidden @ W2.T + b2)[:, 0]
print("inputs:", inputs.tolist())
print("XOR:   ", xor.astype(int).tolist())

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** XOR is the classic function no single perceptron computes, yet two layers do it: a hidden layer that
# computes NAND and OR, and an output that ANDs them. Run the cell and read the XOR row.
# **Time:** 33 min

# %% alt=["A network with three columns of circles labelled input, hidden and output: inputs x1 and x2 each feed both hidden neurons, NAND and OR, which both feed one output neuron, AND. Every edge carries its weight (-2 or +2) and each neuron shows its bias above it: +3 for NAND, -1 for OR, -3 for AND."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
diagram.draw_network(
    [2, 2, 1],
    weights=[W1, W2],
    biases=[b1, b2],
    node_labels=[["$x_1$", "$x_2$"], ["NAND", "OR"], ["AND"]],
    layer_names=["input", "hidden", "output"],
    fmt="{:+.0f}",
)
plt.show()

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# A network of layers like this is a **multilayer perceptron** (MLP): an input layer, one or more **hidden**
# layers, and an output layer, each neuron fed by every neuron of the layer before. The name stays even when the
# neurons are sigmoids rather than perceptrons, as in the rest of this series. It is a **feedforward** network:
# information flows one way, from the inputs through the hidden layers to the output, with no loops. (Networks
# with loops, which feed outputs back in as inputs, are called *recurrent*.)
#
# Perceptrons are as powerful as any circuit. The exciting part is that we will not design the weights:
# a network will **learn** them. For that we need a neuron whose output changes a little when a weight changes
# a little.

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** why can no single perceptron compute XOR? And what does the hidden layer do to the four input points
# that makes the output neuron's job possible?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# A perceptron fires on one side of the straight line $w \cdot x + b = 0$. XOR's 1s, $(0, 1)$ and $(1, 0)$, sit on
# one diagonal of the square and its 0s, $(0, 0)$ and $(1, 1)$, on the other; both diagonals cross at
# $(\tfrac12, \tfrac12)$, so any half-plane containing both 1s contains that midpoint and with it one of the 0s.
# The hidden layer moves the points: $(\text{NAND}, \text{OR})$ maps $(0,0) \to (1,0)$, $(0,1)$ and $(1,0) \to
# (1,1)$, $(1,1) \to (0,1)$. Both 1s of XOR land on the same point $(1, 1)$, which one line (AND) separates from
# the rest. Hidden layers re-describe the input until one straight cut is enough.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The diagram names the parts: input, hidden and output layers, every neuron fed by the whole layer
# before, no loops. That is a multilayer perceptron, and the point of the course is that it will learn its weights.
# **Expect:** XOR's two 1s lie on one diagonal of the square and its 0s on the other, so no single straight line
# separates them. The hidden layer moves both 1s onto the same point, which one line (AND) then cuts off.
# **Time:** 35 min

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

# %% alt=["Two curves over z = w\u00b7x + b from -8 to 8: the perceptron's step (dashed), which jumps from 0 to 1 at z = 0, and the sigmoid (solid), which rises smoothly from near 0 to near 1 through one half at z = 0. Far from zero they agree; only near zero does the sigmoid change gradually."] slideshow={"slide_type": "-"} tags=["hide-input"]
z = np.linspace(-8, 8, 400)
fig, ax = plt.subplots(figsize=(8, 3.6))
ax.plot(z, sigmoid(z), lw=2.5, label=r"sigmoid $\sigma(z)$")  # the style's first colour, solid
ax.plot(z, step(z), label="step (perceptron)")  # its second, dashed
ax.set_xlabel("$z = w \\cdot x + b$")
ax.legend()
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Learning needs small causes to have small effects, and a step gives either nothing or a jump. The
# sigmoid keeps the perceptron's shape far from zero but changes smoothly in between.
# **Time:** 37 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Multiply all weights and the bias by a constant $c > 0$ and the sigmoid neuron becomes a perceptron as
# $c \to \infty$ (unless $w \cdot x + b = 0$ exactly). On the NAND inputs:

# %% slideshow={"slide_type": "-"}
for c in (1, 5, 50):
    print(f"c = {c:>2}:", np.round(sigmoid_neuron(inputs, c * NAND_W, c * NAND_B), 4))
print("step  :", perceptron(inputs, NAND_W, NAND_B))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Scale all weights and the bias up and the sigmoid neuron's outputs move towards the perceptron's 0s
# and 1s: the perceptron is the limit of a steep sigmoid. Read the rows top to bottom.
# **Time:** 39 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** a network of perceptrons classifies 99 of 100 images correctly. You nudge one weight a little to fix
# the hundredth. What can go wrong, and why does the sigmoid neuron make such nudging work?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# With steps, a tiny change either does nothing at all or flips a neuron's output from 0 to 1, which can flip
# neurons downstream and change the answers on many other images: there is no way to tell which direction of
# nudging helps until something jumps. A sigmoid neuron's output changes smoothly, by about
# $\sum_j \frac{\partial y}{\partial w_j} \Delta w_j$, so a small change of weights causes a small, predictable
# change of the output, and the derivatives say which way to move each weight. That is gradient descent.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Let pairs discuss the question for a minute before anyone answers; it is the reason smooth neurons
# exist.
# **Expect:** With steps a small nudge does nothing or flips a neuron and everything downstream, so it can break
# other images. With sigmoids the output moves a little and predictably, and derivatives say which way to move each
# weight: that is gradient descent.
# **Time:** 42 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The four steps on one neuron
#
# A preview of the whole series in a few lines: a sigmoid neuron starts with random weights and **learns** NAND.
# Each iteration is feed forward, loss ($\tfrac{1}{2n}\sum (y - a)^2$), backpropagation (the chain rule,
# notebook 04) and a gradient step (notebook 05).

# %% slideshow={"slide_type": "-"}
X = inputs.astype(float)
y = nand(X[:, 0], X[:, 1])
w_start = rng.normal(size=2)
w_learn, b_learn, lr = w_start.copy(), 0.0, 2.0

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

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The four steps of the map in one loop, each marked in a comment: the neuron learns NAND from random
# weights. Do not derive the gradient now; notebook 04 does. Read the loss and the outputs off the printout.
# **Ask:** Which line is step 3, and which one is step 4?
# **Time:** 46 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The learned weights are negative and the bias positive, like the hand-designed NAND perceptron.
#
# **Think:** what would happen with a learning rate of 0.002 instead of 2? And with 2000?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# With 0.002 every step is a thousand times smaller: after 2000 steps the weights have hardly moved and the loss
# is still near its starting value (all four outputs stay between 0.5 and 0.6). With 2000 the first steps throw
# the weights far away: here the bias jumps to about 125, $w \cdot x + b$ is huge for every input, the neuron
# saturates (it outputs 1 for all four inputs, $(1, 1)$ included), its derivative $a(1 - a)$ is almost 0, and
# learning stalls at the wrong answer. The learning rate has a useful range; notebook 05 explores it.

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
def nand_neuron_after(learning_rate, steps=2000):
    """The loop above from the same start: the bias after the first step, and the outputs after all steps."""
    w, b, first_bias = w_start.copy(), 0.0, None
    for _ in range(steps):
        a = sigmoid(X @ w + b)
        delta = (a - y) * a * (1 - a)
        w -= learning_rate * X.T @ delta / len(X)
        b -= learning_rate * delta.mean()
        first_bias = b if first_bias is None else first_bias
    return first_bias, sigmoid(X @ w + b)


assert np.allclose(nand_neuron_after(lr)[1], sigmoid(X @ w_learn + b_learn))  # the same start as above
_, slow = nand_neuron_after(0.002)
first_bias, stalled = nand_neuron_after(2000.0)
assert np.all((0.5 < slow) & (slow < 0.6)) and 120 < first_bias < 130 and np.all(stalled > 0.99)
print("With a learning rate of 0.002 all four outputs stay between 0.5 and 0.6 after 2000 steps; with 2000 the "
      "first step throws the bias to about 125 and the neuron then outputs 1 for all four inputs.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The learned weights have the signs of the hand-made NAND. Then ask the Think question and take a
# guess for each learning rate before showing the answer.
# **Expect:** A tiny learning rate barely moves the weights, so the outputs stay near one half. A huge one throws
# the bias far away in the first step, the neuron saturates at 1 for every input and learning stalls.
# **Time:** 49 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: weight and bias of one neuron
#
# Drag the sliders. The **weight** changes how steep the neuron switches; its sign flips the direction.
# The **bias** shifts the curve: the neuron switches where $wx + b = 0$, i.e. at $x = -b/w$ (dotted line).
# Choose the activation to compare a sigmoid and a ReLU neuron with the perceptron's step (dashed).
# Behind them, faint, the same activation for five fixed pairs (w, b), each in its own colour and line style and
# named in the legend: the still picture already shows what w and b do.

# %% alt=["Output y against input x from -6 to 6 for one neuron at its initial weight 1 and bias 0: the sigmoid (thick, solid) rises through one half at x = 0, the perceptron's step (dashed) jumps there, and a dotted vertical line marks the switch point wx + b = 0. Five faint curves, each with its own line style and legend entry, show the sigmoid for weights 0.5, 1 and 3 (steeper as w grows) and for biases -3 and +3 (shifted right and left); the sliders change w and b of the thick curve, and the menu changes the activation."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
explorer = NeuronExplorer(w=1.0, b=0.0, activation="sigmoid")
explorer

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
explorer.set(w=10.0, b=-20.0, activation="sigmoid")
assert np.allclose(explorer.line.get_ydata(), sigmoid(10.0 * explorer.x - 20.0))
assert explorer.threshold.get_xdata()[0] == 2.0
away = np.abs(explorer.x - 2) > 0.5
assert np.abs(explorer.line.get_ydata() - step(10 * explorer.x - 20))[away].max() < 0.01
explorer.set(activation="relu", w=1.0, b=0.0)
assert np.allclose(explorer.line.get_ydata(), relu(explorer.x))
explorer.set(w=1.0, b=0.0, activation="sigmoid")  # back to the start for the next run
print("With w = 10 and b = -20 the sigmoid neuron switches at x = 2 and is within 0.01 of a step half a unit away.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Drag the weight: the curve gets steeper, and a negative weight flips it. Drag the bias: the curve
# slides along $x$, and the switch point $x = -b/w$ (dotted) moves with it. Switch to ReLU to show the same knobs
# on another activation.
# **Ask:** What weight and bias put a steep switch at $x = 2$?
# **Time:** 53 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# A steep sigmoid neuron (large $w$) is almost a perceptron's step, and the bias puts the step anywhere:
# at $x = -b/w$. The next section builds on exactly this.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** One sentence to carry into the next section: a steep sigmoid is a step, and the bias puts it wherever
# we want.
# **Time:** 54 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Universality: one hidden layer can trace any curve
#
# NAND gates made perceptrons universal for logic. Sigmoid neurons have a universality of their own: **a network
# with one hidden layer of sigmoid neurons and a linear output can approximate any continuous function on a closed
# interval as closely as we like, given enough hidden units** (Cybenko, 1989 [5]). Nielsen's chapter 4 [6]
# shows why with nothing more than the slider above: a sigmoid neuron with a large weight is a step at
# $x = -b/w$, and two steps make a *bump*.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** State the theorem plainly and say that we will see why it holds with nothing but the slider we just
# used: two steps make a bump.
# **Time:** 56 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: predict, then check — two steps make a bump
#
# A network with one input $x$, two hidden sigmoid neurons and a linear output computes
#
# $$y = v_1\, \sigma(w x + b_1) + v_2\, \sigma(w x + b_2), \qquad w = 50,\ b_1 = -10,\ b_2 = -30,\ v_1 = 0.8,\ v_2 = -0.8.$$
#
# **Without running any code**, predict where its output rises (`start`), where it falls again (`end`), and how
# high it is in between (`height`). The plot after the check shows whether you were right.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
start, end, height = ..., ..., ...  # three numbers

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["solution"]
# each neuron steps where w x + b = 0, at x = -b/w; in between only the first is on, so y = 0.8 * 1 + (-0.8) * 0
start, end, height = 10 / 50, 30 / 50, 0.8

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_bump(start, end, height)

# %% alt=["Output against input x on [0, 1]: the first hidden neuron's term (dashed) steps up to 0.8 at x = 0.2, the second's (dotted) steps down to -0.8 at x = 0.6, and their sum (broad, solid) is a bump of height 0.8 between 0.2 and 0.6 and about zero elsewhere."] slideshow={"slide_type": "-"} tags=["hide-input"]
x = np.linspace(0, 1, 501)
first, second = BUMP_V[0] * sigmoid(BUMP_W * x + BUMP_B[0]), BUMP_V[1] * sigmoid(BUMP_W * x + BUMP_B[1])
fig, ax = plt.subplots(figsize=(8, 3.2))
ax.plot(x, first + second, lw=5, alpha=0.5, label="their sum: a bump")  # the cycle: blue, solid
ax.plot(x, first, lw=2, label=r"$v_1\,\sigma(w x + b_1)$: up at $-b_1/w$")  # vermillion, dashed
ax.plot(x, second, lw=2, label=r"$v_2\,\sigma(w x + b_2)$: down at $-b_2/w$")  # green, dotted
ax.axhline(0, color=lk.style.PALETTE["black"], lw=0.8, alpha=0.4)
ax.set_xlabel("input $x$")
ax.set_ylabel("output")
ax.legend(loc="lower left")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Exercise 3 in class: predict before running anything, then run the check and show the plot of the two
# steps and their sum.
# **Expect:** Each neuron steps at $x = -b/w$, so the output rises at $10/50$, falls at $30/50$, and is $0.8$ high in
# between.
# **Time:** 62 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Many bumps trace a curve
#
# Cut $[0, 1]$ into pieces, give each piece a bump (two hidden neurons) as high as the target at the piece's
# centre, and add them up: `lecturekit.universality.bump_network` does exactly this. The target is Nielsen's
# wiggly $f(x) = 0.2 + 0.4x^2 + 0.3x \sin 15x + 0.05 \cos 50x$ [6]. More hidden units, narrower bumps, a closer
# fit.

# %% alt=["Four panels, one per network size (6, 12, 30 and 100 hidden units), each showing the wiggly target curve on [0, 1] (broad, pale, solid) and the network's output (thin, dashed); each panel's title gives its mean error. With 6 units the network is a coarse staircase of three bumps; with each larger size the steps narrow, and with 100 units the dashed line follows the target almost everywhere."] slideshow={"slide_type": "-"} tags=["hide-input"]
f_target = wiggly(x)
fig, axes = plt.subplots(2, 2, figsize=(12, 5.4), sharex=True, sharey=True)
for ax, n_hidden in zip(axes.flat, (6, 12, 30, 100)):
    y_net = one_hidden_layer(x, *bump_network(wiggly, n_hidden))
    ax.plot(x, f_target, **TARGET_STYLE)  # broad, pale, solid
    ax.plot(x, y_net, **NETWORK_STYLE)  # thin, dashed
    ax.set_title(f"{n_hidden} hidden units: mean |error| {np.mean(np.abs(y_net - f_target)):.2f}")
    ax.grid(alpha=0.3)
axes[0, 0].legend(loc="upper left")
axes[0, 0].set_ylim(0, 1)
for ax in axes[1]:
    ax.set_xlabel("input $x$")
for ax in axes[:, 0]:
    ax.set_ylabel("output")
fig.tight_layout()
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Cut the interval into pieces and give each piece a bump as high as the target there; more hidden
# units mean narrower bumps and a closer fit. Point at the four panels in turn.
# **Time:** 64 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# How close, as a number: the mean distance between the network and the target on $[0, 1]$. It shrinks about in
# proportion to the width of a bump, so ten times the hidden units gives about a tenth of the error.

# %% slideshow={"slide_type": "-"}
x_fine = np.linspace(0, 1, 20_001)  # much finer than the narrowest bump
for n_hidden in (2, 10, 100, 1000):
    error = np.mean(np.abs(one_hidden_layer(x_fine, *bump_network(wiggly, n_hidden)) - wiggly(x_fine)))
    print(f"{n_hidden:5d} hidden units: mean |error| {error:.1e}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The same as a number: the mean error falls roughly in proportion to the width of a bump. Read the
# errors off the printout and compare each with the next.
# **Time:** 66 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Try it:** drag the number of hidden units and watch the bumps narrow.

# %% alt=["The wiggly target curve on [0, 1] (broad, pale, solid) and a one-hidden-layer network's output (thin, dashed) at the initial 10 hidden units: a staircase of five flat bumps that follows the target only roughly; the title gives the mean error. The slider sets the number of hidden units from 2 to 100, and more units make the bumps narrower and the fit closer."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
universality = UniversalityExplorer(n_hidden=10)
universality

# %% jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["check"]
universality.set(n_hidden=100)
assert np.allclose(universality.line.get_ydata(), one_hidden_layer(universality.x, *bump_network(wiggly, 100)))
assert universality.error(100) < 0.01 < universality.error(10)
universality.set(n_hidden=10)  # back to the start for the next run
print("With 100 hidden units the network stays within 0.01 of the target on average; with 10 it does not.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Drag the slider from few to many hidden units and let the room watch the staircase turn into the curve.
# **Time:** 67 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same construction works with ReLUs (two ReLUs make a ramp, two ramps a bump), and in more dimensions
# (towers instead of bumps). Universality is why neural networks *can* represent what we ask of them.
#
# **Think:** universality says that for any continuous curve a suitable one-hidden-layer network *exists*. Name
# two things it does not say.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"manual": true, "slide_type": "skip"} tags=["answer"]
# (1) It does not say how to *find* the weights: here we wrote them down because we knew the target; training has
# only examples, and gradient descent is not guaranteed to find the bumps. (2) It does not say how many hidden
# units are needed: for a wiggly target, or for many inputs (an image has hundreds), the bump construction needs
# astronomically many; deep networks often do with far fewer. (3) It promises nothing outside the interval: the
# bumps end there, so the network cannot extrapolate. (4) It says nothing about generalization: fitting the
# training points closely is not the same as predicting new ones well (notebook 06).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Universality is a promise that a network exists, not a recipe. Take two answers from the room.
# **Expect:** It says nothing about how to find the weights from examples, how many units are needed, what happens
# outside the interval, or how well the network predicts new data.
# **Time:** 70 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - A neuron computes $y = f(w \cdot x + b)$: weights say how much each input matters, the bias shifts the sum.
# - McCulloch and Pitts (1943) modelled a neuron as a threshold unit of 0s and 1s with hand-wired inputs [1];
#   Rosenblatt's perceptron (1958), built as a machine with photocells and motor-driven potentiometers, added
#   weights learned from examples [2, 4].
# - A perceptron uses a step; with weights $(-2, -2)$ and bias $3$ it is a NAND gate, and NAND gates make any
#   circuit, so networks of perceptrons can compute anything.
# - Layers of neurons, each fed by the layer before with no loops, form a feedforward network, the
#   **multilayer perceptron**.
# - The sigmoid neuron is a smooth perceptron: small changes in weights cause small changes in the output,
#   which is what makes learning by gradient descent possible.
# - **Universality:** pairs of steep sigmoid neurons make bumps, and bumps trace any continuous curve, so one
#   hidden layer can approximate any continuous function (Cybenko, 1989 [5]).
# - Training repeats four steps: feed forward, loss, backpropagate, optimize.
#
# **Next:** [02 activations](02_activations.ipynb) — sigmoid, ReLU and their variants, and why the choice
# decides whether a deep network can learn at all.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Run through the summary: a neuron, its history, NAND universality, the sigmoid, and universality of one
# hidden layer. Next time: which activation to pick, and why it matters for deep networks.
# **Time:** 73 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. W. S. McCulloch, W. Pitts: A logical calculus of the ideas immanent in nervous activity. *Bulletin of
#    Mathematical Biophysics* 5, 115–133 (1943).
# 2. F. Rosenblatt: The perceptron: a probabilistic model for information storage and organization in the brain.
#    *Psychological Review* 65(6), 386–408 (1958).
# 3. New Navy device learns by doing. *The New York Times*, July 8, 1958.
# 4. J. C. Hay, B. E. Lynch, D. R. Smith: *Mark I Perceptron Operators' Manual*. Report VG-1196-G-5, Cornell
#    Aeronautical Laboratory, Buffalo NY (1960).
# 5. G. Cybenko: Approximation by superpositions of a sigmoidal function. *Mathematics of Control, Signals and
#    Systems* 2(4), 303–314 (1989).
# 6. M. A. Nielsen: *Neural Networks and Deep Learning*. Determination Press (2015),
#    [neuralnetworksanddeeplearning.com](http://neuralnetworksanddeeplearning.com): chapter 1 (perceptrons,
#    sigmoid neurons) and chapter 4 (universality).
# 7. C. Angermueller, T. Pärnamaa, L. Parts, O. Stegle: Deep learning for computational biology. *Molecular
#    Systems Biology* 12, 878 (2016).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The sources, for reading at home; Nielsen's first and fourth chapters follow this lecture closely.
# **Time:** after class
