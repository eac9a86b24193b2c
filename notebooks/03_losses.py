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
# # 03 · Loss functions
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lecturekit/lecturekit/blob/main/notebooks/03_losses.ipynb)
#
# *Neural networks and deep learning*, lecture 3 of 8.
#
# **What you will learn**
#
# - regression or classification: what a network predicts decides how its error is measured;
# - MAE, MSE, Huber and log-cosh for regression, and how each reacts to outliers;
# - cross-entropy (also called log loss or negative log-likelihood) for classification (and the hinge loss, in
#   an appendix);
# - why accuracy, what we care about, cannot be the loss — and why it can mislead even as a metric when one class
#   is rare: the confusion matrix, sensitivity and specificity;
# - why the quadratic cost learns slowly when a sigmoid neuron is badly wrong, and cross-entropy does not.
#
# Three exercises check themselves as you go: the Huber gradient, sensitivity and specificity of a lesion
# classifier, and which loss to train four biomedical networks with. Each worked solution sits collapsed under
# its exercise: try first, then open it.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Last time we chose the function inside each neuron; today we choose the one number that training lowers, the loss. Its choice decides what the network learns, how fast, and what a few bad labels can do to it.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Run of show
#
# About seventy minutes in class. Exercises 1 and 2 are done in the room; Exercise 3 (which loss for four
# biomedical networks) is homework, like the three appendices: log-cosh's two limits, the hinge loss, and the two
# loss explorers to play with.
#
# | Part | Minutes | In class | Homework |
# |---|---:|---|---|
# | Regression or classification? | 5 | | |
# | Four regression losses | 21 | Exercise 1 | |
# | Classification: softmax outputs and one-hot targets | 9 | | |
# | Accuracy is a metric, not a loss | 10 | | |
# | When accuracy misleads: a rare class | 15 | Exercise 2 | |
# | The learning slowdown: quadratic cost vs cross-entropy | 9 | | Exercise 3 |
# | Summary | 2 | | |
# | **Total in class** | **71** | | |

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
from lecturekit import losses, metrics
from lecturekit.activations import sigmoid, sigmoid_grad
from lecturekit.exercises.losses import check_huber_grad, check_sensitivity_specificity, check_which_loss
from lecturekit.metrics import accuracy
from lecturekit.line_fit import fit_line, outlier_data
from lecturekit.widgets.loss import LineFitExplorer, RegressionLossExplorer, SoftmaxLossExplorer

lk.style.use()  # figures readable when projected
rng = lk.set_seed(0)
np.set_printoptions(precision=4, suppress=True)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The plan: regression losses first, then classification and cross-entropy, then why accuracy is reported but never trained on, and the learning slowdown that cross-entropy cures. Exercises 1 and 2 are done here; Exercise 3 and the appendices are homework.
# **Time:** 0 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Regression or classification?
#
# A **loss** (or cost) is one number that says how wrong the network's predictions $\hat y$ are for the targets
# $y$. Training lowers it, so it must measure what we want, and it must be differentiable so that gradient descent
# can follow it. Which loss fits depends on what the network predicts:
#
# | task | the network predicts | biomedical examples | typical loss |
# |---|---|---|---|
# | **regression** | one or more real numbers | predicting a patient's **age** from a brain MRI; **bounding-box regression** (the $x, y$, width and height of a lesion); **denoising** (a clean image from a low-dose CT scan) and **image-to-image translation** (a CT-like image from an MRI): one number per pixel | MAE, MSE, Huber, log-cosh |
# | **classification** | a probability for each class | **benign vs malignant** (a skin lesion, a biopsy); **segmentation** as pixel-wise classification (tumour or background, for every pixel) | cross-entropy, hinge |
#
# A regression example: ages predicted for four patients. The mean absolute error is in years; the mean squared
# error in years squared, which is why its square root (RMSE) is often reported.

# %% slideshow={"slide_type": "-"}
age_true = np.array([34.0, 51.0, 67.0, 45.0])
age_pred = np.array([38.0, 49.0, 60.0, 45.0])
print(f"MAE  = {losses.mae(age_true, age_pred):.2f} years")
print(f"MSE  = {losses.mse(age_true, age_pred):.2f} years^2"
      f"   (RMSE = {np.sqrt(losses.mse(age_true, age_pred)):.2f} years)")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** What the network predicts decides the loss: numbers call for a regression loss, probabilities of classes for cross-entropy. Point at the age example: MAE is in years, MSE in years squared, which is why RMSE is reported.
# **Time:** 3 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Think:** a network reads a brain scan and predicts (a) the tumour's volume in millilitres, (b) its WHO grade,
# 1 to 4 [1]. Regression or classification, and why is (b) less obvious than it looks?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# (a) is regression: a volume is a real number, and an error of 2 ml is worse than one of 1 ml. (b) is usually
# treated as classification with four classes (softmax and cross-entropy), but the grades are *ordered*: calling a
# grade-4 tumour grade 3 is a smaller mistake than calling it grade 1, and cross-entropy cannot see that.
# Regressing the grade as a number (and rounding) or ordinal-regression losses use the order; which works better
# is an empirical question.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Give the room a minute on the tumour grade before showing the answer.
# **Ask:** Which of the two is the odd one, and why?
# **Expect:** The volume is regression. The grade is usually treated as four classes, but the classes are ordered, and cross-entropy cannot see that calling grade 4 grade 3 is a smaller mistake than calling it grade 1.
# **Time:** 5 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Four regression losses
#
# With the error $e = \hat y - y$ of one prediction, averaged over all predictions:
#
# | loss | per prediction | gradient $\partial / \partial \hat y$ |
# |---|---|---|
# | **MAE** (mean absolute error, L1) | $\lvert e \rvert$ | $\operatorname{sign}(e)$ |
# | **MSE** (mean squared error, L2) | $e^2$ | $2e$ |
# | **Huber** (threshold $\delta$) | $\tfrac12 e^2$ if $\lvert e\rvert \le \delta$, else $\delta(\lvert e \rvert - \tfrac12\delta)$ | Exercise 1 |
# | **log-cosh** | $\log\cosh e$ | $\tanh e$ |
#
# Each gradient is taken with respect to the **prediction** $\hat y$, and it is positive when the prediction is too
# high ($e > 0$): gradient descent, which steps against the gradient, then lowers the prediction.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Four losses, all functions of the error of one prediction, and the column that matters is the gradient: it is how hard a prediction pulls on the weights. Leave the Huber gradient blank: it is Exercise 1.
# **Time:** 7 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# > **The slide says** $\dfrac{\partial L}{\partial \hat y} = y - \hat y$, target minus prediction.
# >
# > **In fact** $\dfrac{\partial}{\partial \hat y}\,\tfrac12 (y - \hat y)^2 = (y - \hat y)\cdot(-1) = \hat y - y$: the
# > inner derivative of $y - \hat y$ with respect to $\hat y$ is $-1$. The sign matters: with $y - \hat y$, the
# > gradient-descent step $\hat y \leftarrow \hat y - \eta\,\partial L/\partial \hat y$ would move the prediction
# > *away* from the target. (The delta rule $w \leftarrow w + \eta\,(y - \hat y)\,x$ is the same step as
# > $w \leftarrow w - \eta\,(\hat y - y)\,x$: there the minus sign has moved into the update.)
#
# A central difference settles it, for a prediction that is too low:

# %% slideshow={"slide_type": "-"}
y_one, y_hat_one, h = 1.0, 0.3, 1e-6
slope = (0.5 * (y_one - (y_hat_one + h)) ** 2 - 0.5 * (y_one - (y_hat_one - h)) ** 2) / (2 * h)
print(f"y = {y_one}, y_hat = {y_hat_one}: dL/dy_hat = {slope:+.3f}  (y_hat - y = {y_hat_one - y_one:+.3f})")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A sign slip that is common on slides: the derivative of the squared error with respect to the prediction is prediction minus target, not target minus prediction. The central difference settles it with a number you can read off the output.
# **Ask:** If the prediction is too low, which sign must the gradient have for gradient descent to raise it?
# **Expect:** Negative: the step subtracts the gradient, so a negative gradient raises the prediction.
# **Time:** 9 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: the Huber gradient
#
# Write `huber_grad(e, delta)`: the derivative of the Huber loss of one prediction with respect to its error
# $e$, for an **array** of errors (one gradient per error, no mean). Differentiate each piece of the table's
# formula; where do the two pieces meet, and with which slopes? (Hint: `np.where(condition, a, b)` or `np.clip`.)

# %% slideshow={"slide_type": "-"} tags=["exercise"]
def huber_grad(e, delta):
    """d/de of the Huber loss, for each error in the array e."""
    ...  # your code: return an array of the shape of e


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def huber_grad(e, delta):
    """d/de of the Huber loss, for each error in the array e."""
    # 1/2 e^2 has slope e; delta (|e| - delta / 2) has slope delta sign(e): the error, capped at +-delta
    return np.clip(e, -delta, delta)


# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_huber_grad(huber_grad)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Five minutes: differentiate each piece of Huber's formula and write it for an array. Walk round; the check names the usual slips, such as a cap of one instead of delta or the loss itself instead of its slope.
# **Expect:** The slope is the error inside the band and plus or minus delta outside it: `np.clip(e, -delta, delta)`.
# **Time:** 14 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# All four losses and their gradients. `losses.pointwise` gives the loss of every prediction before the mean,
# which is what we plot against the error.

# %% alt=["Two panels against the error e of one prediction, from -4 to 4. Left: the loss of one prediction under MAE (a V), MSE (a parabola), Huber with \u03b4 = 1 and log-cosh (both parabolic near 0 and straight beyond). Right: their gradients: MSE's a steep straight line through 0, MAE's a jump from -1 to +1 at 0, Huber's and log-cosh's following MSE's near 0 and levelling off at -1 and +1."] slideshow={"slide_type": "-"} tags=["hide-input"]
e = np.linspace(-4, 4, 401)
zero = np.zeros_like(e)
curves = {"MAE": ("mae", {}), "MSE": ("mse", {}), "Huber, δ = 1": ("huber", {"delta": 1.0}), "log-cosh": ("log_cosh", {})}
fig, (ax, ax_grad) = plt.subplots(1, 2, figsize=(12, 4.4))
for label, (name, params) in curves.items():  # the default cycle: the widgets' colour and line style per loss
    ax.plot(e, losses.pointwise(name, zero, e, **params), lw=2.5, label=label)
    grad = losses.get(name)[1](zero, e, **params) * e.size  # the mean's gradient times n: one prediction's
    ax_grad.plot(e, grad, lw=2.5, label=label)
ax.set(xlabel="error $e = \\hat y - y$", ylabel="loss", ylim=(-0.2, 6), title="loss of one prediction")
ax_grad.set(xlabel="error $e = \\hat y - y$", ylabel="gradient", ylim=(-4.5, 4.5), title="its gradient: how hard it pulls")
for a in (ax, ax_grad):
    a.grid(alpha=0.3)
fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=4)  # one legend under both panels
fig.tight_layout(rect=(0, 0.09, 1, 1))
plt.show()

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# The right panel is the important one: it is how hard each prediction pulls on the weights. MSE pulls in
# proportion to the error, so one prediction that is 10 times further off pulls 10 times harder. MAE pulls with
# the same force whatever the error. Huber and log-cosh behave like MSE for small errors and like MAE for large
# ones (an appendix shows log-cosh's two limits).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Spend the time on the right panel: MSE's pull grows without bound, MAE's is the same for every error, and Huber and log-cosh follow MSE near zero and MAE far out. Everything about outliers on the next slides follows from this picture.
# **Time:** 17 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### A line through data with outliers
#
# Forty points near the line $y = 2x + 1$, three of them corrupted (far below the line, drawn as crosses). We fit
# $\hat y = m x + c$ by gradient descent under each loss, 300 steps from $m = c = 0$. The loss only enters through its
# gradient $g$ with respect to the predictions, which the chain rule turns into the gradient for the slope and the
# intercept. Each step of `lecturekit.line_fit.fit_line` is
#
# ```python
# g = grad(y, m * x + c)                     # dL/dy_hat for every point
# m, c = m - lr * (g @ x), c - lr * g.sum()  # chain rule: dy_hat/dm = x, dy_hat/dc = 1
# ```

# %% slideshow={"slide_type": "-"}
x, y, outliers = outlier_data()
paths = {name: fit_line(x, y, name, lr=0.2, steps=300) for name in ("mae", "mse", "huber", "log_cosh")}
print(f"{outliers.sum()} outliers among {len(x)} points; the clean points follow slope 2 and intercept 1")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A line fit by gradient descent, where the loss enters only through its gradient with respect to the predictions; the two lines of code are the whole algorithm. Three of the points are corrupted, as mistyped labels would be.
# **Time:** 19 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Drag the step slider to watch the four fits move. (In a static view you see the last step.)

# %% alt=["The line-fit explorer at its last step. Left: the data points, the three outliers far below the line drawn as crosses, and the lines fitted under MAE, MSE, Huber and log-cosh: the MSE line is tilted towards the outliers, the other three follow the clean points. Right: the slope of each fit against the gradient-descent step, with a cursor at the current step. The step slider moves every line to that step."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
race = LineFitExplorer(x, y, paths, outliers=outliers)
race

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert all(abs(paths[n][-1, 0] - 2) < 0.5 * abs(paths["mse"][-1, 0] - 2) for n in ("mae", "huber", "log_cosh"))
race.set(step=0)
assert np.allclose(race.lines["mse"].get_ydata(), 0)  # every fit starts from the flat line y = 0
race.set(step=race.steps)  # back to the last step for the next run
print("MAE, Huber and log-cosh end at least twice as close to the true slope as MSE.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Drag the slider live: all four fits start flat, and the MSE line tilts towards the three outliers while the others settle on the clean points. The right panel shows the slope of each fit over the steps.
# **Time:** 21 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# After 300 steps:

# %% slideshow={"slide_type": "-"}
for name, path in paths.items():
    m, c = path[-1]
    print(f"{name:9s} slope {m:.2f}  intercept {c:.2f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Read the slopes and intercepts off the output: the clean points follow slope two and intercept one, and MSE is the one far from them.
# **Time:** 22 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# MSE is pulled far towards the outliers; MAE, Huber and log-cosh stay close to the clean points. Why: at the
# true line, how much of the gradient on the slope comes from the 3 outliers among the 40 points?

# %% slideshow={"slide_type": "-"}
for name, params in (("mse", {}), ("mae", {}), ("huber", {"delta": 1.0}), ("log_cosh", {})):
    g = losses.get(name)[1](y, 2 * x + 1, **params) * x  # each point's pull on the slope
    print(f"{name:9s}: {abs(g[outliers].sum()) / np.abs(g).sum():.0%} of the pull comes from the outliers")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The reason, in one number per loss: at the true line, what share of the pull on the slope comes from three points out of forty. Read the shares off the output: MSE's is dominated by the outliers, the robust losses' is not.
# **Time:** 24 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# | loss | strength | weakness |
# |---|---|---|
# | **MAE** | robust: an outlier pulls no harder than any other point | constant gradient: it does not shrink near the minimum, so gradient descent jitters around it unless the learning rate decays; not differentiable at 0 |
# | **MSE** | smooth; the gradient shrinks as the fit improves; the classic least-squares solution | the gradient grows with the error: outliers dominate |
# | **Huber** | MSE near the fit, MAE for outliers | an extra hyper-parameter $\delta$: where does "outlier" begin? |
# | **log-cosh** | like Huber without a threshold to choose, and twice differentiable everywhere | a little costlier to compute |

# %% [markdown] slideshow={"slide_type": "-"}
# **Think:** MAE's gradient is $\pm 1$ however close the fit is. What does gradient descent with a fixed learning
# rate do once it is near the best line, and what would you change?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# It never settles: every step has the same size, so near the minimum it overshoots back and forth around it, in
# a band whose width is set by the learning rate. Remedies: let the learning rate decay over training, or use
# Huber or log-cosh, whose gradient shrinks to 0 near the fit like MSE's while staying bounded for outliers.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The table is the summary of the regression half; then the Think: MAE's gradient never shrinks.
# **Ask:** What does gradient descent with a fixed learning rate do near MAE's minimum?
# **Expect:** It never settles: it overshoots back and forth in a band set by the learning rate; decay the learning rate, or use Huber or log-cosh, whose gradient shrinks near the fit.
# **Time:** 26 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Classification: softmax outputs and one-hot targets
#
# A classifier with $k$ classes ends in a **softmax** layer (notebook 02): its outputs $\hat y_1, \dots, \hat y_k$
# are probabilities that sum to 1. The target is **one-hot**: a 1 for the true class and 0 elsewhere. The
# **cross-entropy** compares the two:
#
# $$C = -\sum_{j=1}^{k} y_j \log \hat y_j \quad = \; -\log \hat y_{\text{true class}}\ \text{for a one-hot } y.$$
#
# The lecture's worked example: five classes, the true class is class 4.

# %% slideshow={"slide_type": "-"}
y_hat = np.array([0.1, 0.05, 0.2, 0.6, 0.05])
y_true = np.eye(5)[3]  # one-hot vector of class 4
print("prediction:", y_hat, "  target:", y_true)
print("terms -y_j log y_hat_j:", (-y_true * np.log(y_hat)).round(4))
print(f"cross-entropy = {losses.cross_entropy(y_true, y_hat):.4f} = -log(0.6)")
y_hat_bad = np.array([0.1, 0.05, 0.6, 0.2, 0.05])
print(f"if the network had said 0.2 for class 4 instead: {losses.cross_entropy(y_true, y_hat_bad):.4f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** A classifier outputs probabilities that sum to one, the target is one-hot, and cross-entropy keeps only the log of the probability of the true class. Work the five-class example with the room: minus the log of the probability the true class got.
# **Time:** 29 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### One loss, many names
#
# You will meet the cross-entropy under other names:
#
# - **log loss** (scikit-learn's `log_loss`, Kaggle's leaderboards): the $-\log$ of the probability given to what
#   happened;
# - **negative log-likelihood** (NLL; PyTorch's `NLLLoss` takes log-probabilities): if the samples are independent,
#   the probability the network gives all the observed labels, the *likelihood*, is the product of the
#   $\hat y_{\text{true}}$; its $-\log$ is the sum of the cross-entropies, so minimizing the mean cross-entropy is
#   maximum-likelihood estimation;
# - **multinomial logistic regression** (or softmax regression): a single linear layer with a softmax output,
#   trained with this loss; with two classes and one sigmoid output it is **logistic regression**, and its loss the
#   binary cross-entropy below.
#
# Checked on a batch of three samples, the worked example first:

# %% slideshow={"slide_type": "-"}
batch_pred = np.array([[0.1, 0.05, 0.2, 0.6, 0.05], [0.7, 0.1, 0.1, 0.05, 0.05], [0.2, 0.2, 0.3, 0.1, 0.2]])
batch_true = np.eye(5)[[3, 0, 2]]  # true classes 4, 1, 3
p_true = np.sum(batch_pred * batch_true, axis=1)  # the probability each sample's true class got
likelihood = np.prod(p_true)
print("probabilities of the true classes:", p_true, f"  likelihood = {likelihood:.4f}")
print(f"negative log-likelihood / n = {-np.log(likelihood) / 3:.4f}")
print(f"mean cross-entropy          = {losses.cross_entropy(batch_true, batch_pred):.4f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Students will meet this loss as log loss, negative log-likelihood and softmax regression: it is all the same number. The batch shows that the mean cross-entropy is the negative log-likelihood divided by the number of samples.
# **Time:** 31 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Only the probability of the true class counts, through $-\log$: a confident right answer costs almost nothing,
# a confident wrong one costs a lot, and a probability of exactly 0 would cost infinitely much. That is why the
# implementation clips probabilities to $[10^{-7}, 1 - 10^{-7}]$, as Keras does with its `epsilon()` [2], so the
# loss stays finite.

# %% alt=["The cross-entropy \u2212log \u0177 against the predicted probability of the true class, from near 0 to 1: it is 0 at probability 1, rises slowly as the probability falls, and shoots up steeply as the probability approaches 0."] slideshow={"slide_type": "-"} tags=["hide-input"]
p = np.linspace(0.001, 1, 500)
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.plot(p, -np.log(p), lw=2.5)
ax.set(xlabel="predicted probability of the true class", ylabel="cross-entropy $-\\log \\hat y$", ylim=(0, 7))
ax.grid(alpha=0.3)
plt.show()

# %% slideshow={"slide_type": "-"}
print(f"probability exactly 0: cross-entropy {losses.cross_entropy([1.0, 0.0], [0.0, 1.0]):.2f}"
      " (finite: -log 1e-7)")

# %% [markdown] slideshow={"manual": true, "slide_type": "-"}
# For two classes (benign or malignant) one sigmoid output $\hat y = P(\text{malignant})$ suffices, with the
# **binary cross-entropy** $-[y \log \hat y + (1-y) \log(1 - \hat y)]$.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The curve: a confident right answer costs almost nothing, a confident wrong one a lot, and a probability of exactly zero would cost infinitely much, which is why implementations clip. Mention the binary cross-entropy for one sigmoid output; it comes back in Exercise 3.
# **Time:** 33 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# **Think:** without the clipping, what would the cross-entropy and its gradient be for a sample whose true class
# got probability exactly 0, and what would one such sample do to training?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# $-\log 0 = \infty$, and the gradient $-1/\hat y$ is infinite too: the mean loss over the batch becomes `inf`, the
# weight update `inf` or `nan`, and every later step `nan` — one sample ruins the whole network. Clipping to
# $10^{-7}$ caps the loss at about 16.1, or better, computing the loss from the logits with `log_softmax` never takes
# the log of 0 at all.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** One sample with probability zero for its true class, and no clipping.
# **Ask:** What happens to the loss, the gradient and the next training steps?
# **Expect:** Minus log zero is infinite, the gradient too: the batch loss becomes inf, the update inf or nan, and every later step nan. Clipping caps the loss; computing it from the logits avoids the log of zero altogether.
# **Time:** 35 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Accuracy is a metric, not a loss
#
# Accuracy is what we care about, so why not minimize $1 - \text{accuracy}$ directly? Because it is **piecewise
# constant**: a small change of a weight almost never flips a prediction, so the accuracy does not change and its
# gradient is **zero almost everywhere**. Gradient descent has nothing to follow.
#
# Let us see it on a one-feature classifier: lesion diameter $d$ (mm) → $P(\text{malignant}) = \sigma(2(d - t))$,
# with the threshold $t$ as the only parameter.

# %% slideshow={"slide_type": "-"}
n = 60
diameter = np.concatenate([rng.normal(4.0, 1.2, n), rng.normal(7.0, 1.5, n)])  # benign, malignant
malignant = np.concatenate([np.zeros(n), np.ones(n)])


def accuracy_at(t):
    return accuracy(malignant, sigmoid(2 * (diameter - t)))


def cross_entropy_at(t):
    return losses.binary_cross_entropy(malignant, sigmoid(2 * (diameter - t)))


thresholds = np.linspace(2, 9, 701)
acc = np.array([accuracy_at(t) for t in thresholds])
bce = np.array([cross_entropy_at(t) for t in thresholds])

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Why not minimise one minus the accuracy? Because it is piecewise constant in the weights: its gradient is zero almost everywhere. A one-feature lesion classifier with one parameter, the threshold, shows it.
# **Time:** 37 min

# %% alt=["Two panels against the threshold t in millimetres. Left: the accuracy of the one-feature lesion classifier, a staircase of flat steps with small jumps between them, flat almost everywhere. Right: its binary cross-entropy, a smooth valley with a slope at every threshold."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5))
ax1.plot(thresholds, acc, lw=2)
ax1.set(xlabel="threshold $t$ (mm)", ylabel="accuracy", title="accuracy: a staircase, flat almost everywhere")
ax2.plot(thresholds, bce, lw=2.5)
ax2.set(xlabel="threshold $t$ (mm)", ylabel="binary cross-entropy", title="cross-entropy: smooth, always a slope")
for a in (ax1, ax2):
    a.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Left, accuracy as the threshold moves: flat steps and jumps, nothing for gradient descent to follow. Right, the cross-entropy of the same classifier: smooth, with a slope everywhere.
# **Time:** 39 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The derivatives with respect to $t$, by central differences at a few thresholds:

# %% slideshow={"slide_type": "-"}
h = 1e-6
print("   t  | d accuracy / dt | d cross-entropy / dt")
for t in (3.0, 4.5, 5.5, 7.0):
    acc_slope = (accuracy_at(t + h) - accuracy_at(t - h)) / (2 * h)
    ce_slope = (cross_entropy_at(t + h) - cross_entropy_at(t - h)) / (2 * h)
    print(f" {t:4.1f} | {acc_slope:15.1f} | {ce_slope:+.4f}")
print(f"best accuracy {acc.max():.2f} at t = {thresholds[np.argmax(acc)]:.2f} mm;"
      f" lowest cross-entropy at t = {thresholds[np.argmin(bce)]:.2f} mm")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The same in numbers: the accuracy's derivative is zero at every threshold tried, the cross-entropy's is not. Read both off the output.
# **Time:** 40 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# So we **train** on a smooth loss (cross-entropy) and **report** accuracy. `lecturekit.losses.get("accuracy")`
# says so too, and `lecturekit.metrics.accuracy` is where accuracy lives.
#
# ### Comparing networks: same accuracy, different cross-entropy
#
# Two networks classify the same three samples into three classes. Both get two of the three right.

# %% slideshow={"slide_type": "-"}
targets = np.eye(3)[[2, 1, 0]]  # true classes 3, 2, 1
net_a = np.array([[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]])
net_b = np.array([[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]])
for name, pred in (("network A", net_a), ("network B", net_b)):
    print(f"{name}: accuracy {accuracy(targets, pred):.2f}"
          f"   cross-entropy {losses.cross_entropy(targets, pred):.3f}"
          f"   quadratic cost {losses.quadratic(targets, pred):.3f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The rule of the lecture: train on cross-entropy, report accuracy. Two networks with the same accuracy show why cross-entropy is also the better score: read their cross-entropies off the output.
# **Time:** 42 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# Network B is better: its right answers are confident (0.7, not 0.4) and its wrong answer is less wrong (0.3 for
# the true class, not 0.1). Accuracy cannot see this; cross-entropy can, and it is also what training on it
# improves.
#
# **Think:** if accuracy has no gradient to follow, how did Rosenblatt's perceptron (notebook 01), whose output is
# a step, learn at all?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Not by gradient descent on the accuracy. The perceptron rule $w \leftarrow w + \eta\,(y - \hat y)\,x$ changes the
# weights only after a mistake, by a fixed recipe; it converges when the classes can be separated by a line and
# never settles otherwise. Smooth activations and losses replaced it because they give every weight a gradient,
# through many layers.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Network B is confident where it is right and less wrong where it is wrong; accuracy cannot see it, cross-entropy can. Then the Think about the perceptron from lecture 1.
# **Ask:** If accuracy has no gradient, how did the perceptron learn?
# **Expect:** Not by gradient descent: its rule changes the weights only after a mistake, by a fixed recipe, and converges only when a line separates the classes. Smooth activations and losses replaced it because they give every weight a gradient.
# **Time:** 45 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## When accuracy misleads: a rare class
#
# Accuracy has a second problem, as a metric: when one class is rare it rewards ignoring that class. Suppose 5 in
# 100 of the lesions a clinic examines are malignant (a round share for this example; in a real collection of
# dermoscopic images, the ISIC 2020 challenge's, 584 of 33 126 lesions are melanomas, 1.8% [4]). A "classifier"
# that calls **every** lesion benign is then 95% accurate — and finds no cancer at all.
#
# 1000 simulated lesions, 50 of them malignant, with diameters as above:

# %% slideshow={"slide_type": "-"}
screening = np.random.default_rng(3)
lesion_mm = np.concatenate([screening.normal(4.0, 1.2, 950), screening.normal(7.0, 1.5, 50)])
is_malignant = np.concatenate([np.zeros(950, int), np.ones(50, int)])

always_benign = np.zeros(1000)  # score 0 for every lesion: "benign"
print(f"always benign: accuracy {metrics.accuracy(is_malignant, always_benign):.3f}, "
      f"malignant lesions found: {metrics.sensitivity(is_malignant, always_benign):.0%}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The second problem with accuracy, as a metric this time: with a rare class, calling everything benign is very accurate and finds no cancer. The share of melanomas in the real ISIC collection is on the slide, with its source.
# **Time:** 47 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The confusion matrix
#
# Accuracy is one number; the **confusion matrix** keeps all four counts. Rows are the true classes, columns the
# predicted ones; with malignant as the *positive* class:
#
# | | predicted benign | predicted malignant |
# |---|---|---|
# | **benign** | TN (true negative) | FP (false positive: a needless biopsy) |
# | **malignant** | FN (false negative: a missed cancer) | TP (true positive) |
#
# Two numbers summarize it for a test:
#
# - **sensitivity** $= \mathrm{TP}/(\mathrm{TP} + \mathrm{FN})$: of the malignant lesions, the fraction found
#   (also called recall, or the true-positive rate);
# - **specificity** $= \mathrm{TN}/(\mathrm{TN} + \mathrm{FP})$: of the benign lesions, the fraction called benign.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The confusion matrix keeps the four counts that accuracy collapses into one. Define sensitivity and specificity on the rows: sensitivity on the malignant row, specificity on the benign row.
# **Ask:** Which cell is the missed cancer?
# **Time:** 49 min

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# A real rule of thumb from dermatology (the D of the ABCDE rule for melanoma [5]): call a lesion suspicious if it
# is wider than 6 mm. Its confusion matrix next to the "always benign" one:

# %% slideshow={"slide_type": "-"}
wider_than_6 = (lesion_mm > 6.0).astype(float)  # score 1: "malignant"
cm_always = metrics.confusion_matrix(is_malignant, always_benign)
cm_6mm = metrics.confusion_matrix(is_malignant, wider_than_6)


# %% alt=["Two 2 \u00d7 2 confusion matrices side by side, rows the true class (benign, malignant), columns the predicted class, each cell labelled TN, FP, FN or TP with its count and shaded by it. Left, always benign: every malignant lesion is a false negative and nothing is called malignant. Right, the 6 mm rule: most malignant lesions are true positives, at the price of some false positives among the benign ones. Each title gives the accuracy, and always benign has the higher one."] slideshow={"slide_type": "-"} tags=["hide-input"]
def show_confusion(ax, cm, title):
    """Draw a 2 x 2 confusion matrix with its counts."""
    ax.imshow(cm, cmap=lk.style.SEQUENTIAL, vmin=0, vmax=cm.sum())
    for (i, j), count in np.ndenumerate(cm):  # dark text in a light box: readable on any shade
        ax.text(j, i, f"{['TN', 'FP', 'FN', 'TP'][2 * i + j]}\n{count}", ha="center", va="center", fontsize=16,
                color=lk.style.PALETTE["black"], bbox=dict(facecolor=ax.get_facecolor(), edgecolor="none", alpha=0.85))
    ax.set(xticks=[0, 1], yticks=[0, 1], xticklabels=["benign", "malignant"], yticklabels=["benign", "malignant"],
           xlabel="predicted", ylabel="true", title=title)


fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
show_confusion(axes[0], cm_always, f"always benign: accuracy {metrics.accuracy(is_malignant, always_benign):.1%}")
show_confusion(axes[1], cm_6mm, f"wider than 6 mm: accuracy {metrics.accuracy(is_malignant, wider_than_6):.1%}")
fig.tight_layout()
plt.show()
print("confusion matrix of the 6 mm rule [[TN, FP], [FN, TP]]:\n", cm_6mm)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The D of the ABCDE rule: suspicious if wider than six millimetres. Compare the two matrices: the rule is less accurate than 'always benign', and it finds most of the cancers.
# **Time:** 51 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: sensitivity and specificity
#
# **Predict first:** the 6 mm rule is *less* accurate than "always benign". Is it the worse test? Then compute its
# sensitivity and specificity from `cm_6mm` (as fractions between 0 and 1; `cm_6mm[i, j]` is row `i`, column `j`).

# %% slideshow={"slide_type": "-"} tags=["exercise"]
sens = ...  # sensitivity of the 6 mm rule: TP / (TP + FN)
spec = ...  # specificity of the 6 mm rule: TN / (TN + FP)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
(tn, fp), (fn, tp) = cm_6mm
sens = tp / (tp + fn)  # the malignant row
spec = tn / (tn + fp)  # the benign row
print(f"sensitivity {sens:.3f}, specificity {spec:.3f}")

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_sensitivity_specificity(sens, spec, cm_6mm)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Predict first: is the less accurate test the worse one? Then five minutes to read sensitivity and specificity off the matrix; the check catches swapped rows, precision and percentages.
# **Expect:** No: the 6 mm rule is the far better test; its sensitivity and specificity, as the check prints them, are both high, while 'always benign' has a sensitivity of zero.
# **Time:** 56 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# `lecturekit.metrics` computes all three for both tests:

# %% slideshow={"slide_type": "-"}
print("test            accuracy  sensitivity  specificity")
for name, pred in (("always benign", always_benign), ("wider than 6mm", wider_than_6)):
    print(f"{name:15s} {metrics.accuracy(is_malignant, pred):8.3f}"
          f"  {metrics.sensitivity(is_malignant, pred):11.3f}"
          f"  {metrics.specificity(is_malignant, pred):11.3f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
assert cm_6mm.tolist() == [[906, 44], [10, 40]] and cm_always.tolist() == [[950, 0], [50, 0]]
assert metrics.accuracy(is_malignant, wider_than_6) < metrics.accuracy(is_malignant, always_benign) == 0.95
print("The 6 mm rule finds 40 of the 50 cancers; 'always benign' is more accurate and finds none.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The library's functions give the same numbers for both tests; read the table off the output.
# **Time:** 57 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The 6 mm rule finds 80% of the cancers at the price of 44 needless biopsies among 950 benign lesions; "always
# benign" finds none, and is more accurate. With a rare class, report sensitivity and specificity (or the whole
# confusion matrix), never accuracy alone. For training, the same imbalance lets a network lower its loss by
# predicting "benign" everywhere: weighting the rare class more, or losses such as Dice (notebook 08), counter it.
#
# **Think:** for a screening test, which matters more, sensitivity or specificity? And for the test that decides
# whether a patient goes to surgery?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# Screening: **sensitivity** — a missed cancer (FN) is far worse than a needless follow-up (FP), which a second test
# can clear; screening thresholds are set low. Before surgery: **specificity** — a false positive now means an
# operation a healthy patient did not need, so the confirming test must rarely call a benign case malignant. One
# classifier can serve both by moving its threshold; the ROC curve (sensitivity against 1 − specificity, for every
# threshold) shows the whole trade-off.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** With a rare class report sensitivity and specificity, or the whole matrix, never accuracy alone; in training the same imbalance is countered by weighting or by the Dice loss of lecture 8. Then the Think on screening.
# **Ask:** Screening or surgery: which needs sensitivity, which specificity?
# **Expect:** Screening needs sensitivity, since a missed cancer is worse than a follow-up test; the test before surgery needs specificity. One classifier serves both by moving its threshold along the ROC curve.
# **Time:** 60 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The learning slowdown: quadratic cost vs cross-entropy
#
# One sigmoid neuron, one input $x = 1$, target $y = 0$, starting badly wrong at $w = 2$, $b = 2$: the output is
# $\sigma(4) = 0.98$. We train it with the quadratic cost $C = \tfrac12 (y - a)^2$ and with the binary
# cross-entropy, same learning rate. The gradients with respect to $z$:
#
# $$\text{quadratic: } \frac{\partial C}{\partial z} = (a - y)\,\sigma'(z), \qquad
#   \text{cross-entropy: } \frac{\partial C}{\partial z} = \frac{a - y}{a(1-a)}\,\sigma'(z) = a - y.$$
#
# At $a = 0.98$ the neuron is saturated, $\sigma'(z) = 0.018$, so the quadratic cost hardly moves it; with
# cross-entropy the $\sigma'(z)$ cancels and the gradient is as large as the error.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Nielsen's example: one sigmoid neuron, badly wrong at the start. With the quadratic cost the gradient carries the factor sigma prime, tiny when the neuron saturates; with cross-entropy that factor cancels.
# **Time:** 62 min

# %% slideshow={"manual": true, "slide_type": "subslide"}
def train_neuron(cost, w=2.0, b=2.0, lr=0.15, steps=300):
    """Gradient descent for one sigmoid neuron on x = 1, y = 0; returns the cost and output at each step."""
    x1, y1 = np.array([1.0]), np.array([0.0])
    loss_fn, loss_grad = losses.get(cost)
    history = []
    for _ in range(steps):
        z = w * x1 + b
        a = sigmoid(z)
        history.append((loss_fn(y1, a), a[0]))
        delta = loss_grad(y1, a) * sigmoid_grad(z)  # dC/dz = dC/da * da/dz
        w, b = w - lr * (delta @ x1), b - lr * delta.sum()
    return np.array(history)


runs = {"quadratic cost": train_neuron("quadratic"), "cross-entropy": train_neuron("binary_cross_entropy")}

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Gradient descent for one neuron, twenty lines you can read: forward, the loss's gradient times sigma prime, the update. The only difference between the two runs is the name of the cost.
# **Time:** 64 min

# %% alt=["Two panels against the training step, for one sigmoid neuron trained with the quadratic cost (solid) and with cross-entropy (dashed). Left: the cost divided by its value at the start: the quadratic cost sits on a plateau for a long time before it falls, the cross-entropy falls at once. Right: the neuron's output, starting near 1 with target 0: under cross-entropy it drops below one half almost at once, under the quadratic cost only after a long plateau."] slideshow={"manual": true, "slide_type": "subslide"} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.4))
for name, hist in runs.items():
    ax1.plot(hist[:, 0] / hist[0, 0], lw=2.5, label=name)
    ax2.plot(hist[:, 1], lw=2.5, label=name)
ax1.set(xlabel="step", ylabel="cost / cost at the start", title="cost over training")
ax2.set(xlabel="step", ylabel="output $a$ (target 0)", title="the neuron's output", ylim=(0, 1))
for a in (ax1, ax2):
    a.grid(alpha=0.3)
    a.legend()
fig.tight_layout()
plt.show()

# %% slideshow={"slide_type": "-"}
for name, hist in runs.items():
    below = np.flatnonzero(hist[:, 1] < 0.5)
    when = f"after {below[0]} steps" if below.size else "not within 300 steps"
    print(f"{name:14s}: output {hist[0, 1]:.2f} -> {hist[50, 1]:.2f} after 50 steps"
          f" -> {hist[-1, 1]:.2f} after 300; below 0.5 {when}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The quadratic cost sits on a plateau while the neuron is as wrong as it can be; cross-entropy moves at once. Read the step at which each output falls below one half off the printed lines.
# **Time:** 66 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# The quadratic cost needs 232 steps to bring the output below 0.5, cross-entropy 17: the quadratic cost sits on a
# plateau although the neuron is as wrong as it can be. Humans often learn fastest when they are badly wrong;
# with cross-entropy, so does the neuron (Nielsen, chapter 3 [6]). The same holds for a softmax
# output layer, where cross-entropy gives $\partial C / \partial z = a - y$ (notebook 02).
#
# **Think:** does switching to cross-entropy help a regression network whose output unit is linear ($a = z$)?

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["answer"]
# There is nothing to cure: with a linear output $\partial a/\partial z = 1$, so the quadratic cost already gives
# $\partial C/\partial z = a - y$, and the slowdown never starts. (Cross-entropy would not even fit: it needs
# probabilities in $[0, 1]$.) The slowdown comes from the flat ends of the sigmoid, and cross-entropy is the loss
# whose derivative cancels them. Hidden sigmoid units still saturate; that is notebook 02's vanishing gradient.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Badly wrong, the neuron learns fastest with cross-entropy, as Nielsen puts it; the same cancellation happens for a softmax output. Then the Think about a linear output unit.
# **Ask:** Does cross-entropy help a regression network whose output unit is linear?
# **Expect:** No: with a linear output the quadratic cost already gives a minus y, so there is no slowdown to cure; the slowdown comes from the sigmoid's flat ends.
# **Time:** 68 min

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: which loss?
#
# Choose the loss to train each network with, as a name: `"mae"`, `"mse"`, `"huber"`, `"log_cosh"`, `"hinge"`,
# `"binary_cross_entropy"` or `"cross_entropy"`. **Predict**, then check; the check explains each choice.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
answers = {
    "age": ...,  # a patient's age in years from a brain MRI; about 2% of the training ages were typed wrong
    "malignant": ...,  # benign or malignant skin lesion; the network ends in one sigmoid output, P(malignant)
    "cell_type": ...,  # which of 5 blood-cell types a microscope image shows; softmax output over 5 classes
    "tumour_mask": ...,  # tumour or background for every pixel of a scan; one sigmoid output per pixel
}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
answers = {
    "age": "huber",  # robust to the mistyped ages (MAE or log-cosh too)
    "malignant": "binary_cross_entropy",  # one probability
    "cell_type": "cross_entropy",  # a softmax over 5 classes
    "tumour_mask": "binary_cross_entropy",  # one probability per pixel
}

# %% slideshow={"slide_type": "-"} tags=["exercise-check"]
check_which_loss(answers)

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Homework: choose the loss for four biomedical networks; the check explains each choice. Point out that it uses every idea of today: outliers, one sigmoid, a softmax, and pixels.
# **Time:** 69 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - **Regression** predicts numbers: MAE (robust, constant gradient), MSE (smooth, but outliers dominate), Huber
#   (both, with a threshold $\delta$; its gradient is the error capped at $\pm\delta$), log-cosh (both, twice
#   differentiable: $e^2/2$ for small errors, $\lvert e\rvert - \log 2$ for large ones).
# - Gradients are taken with respect to the prediction: $\partial L/\partial \hat y = \hat y - y$ for
#   $\tfrac12 (y - \hat y)^2$, positive when the prediction is too high.
# - **Classification** predicts probabilities: softmax outputs, one-hot targets and the **cross-entropy**
#   $-\log \hat y_\text{true}$ (0.51 in the lecture's example), also called log loss or negative log-likelihood;
#   the hinge loss (appendix) for raw scores with labels $\pm 1$.
# - **Accuracy** is a metric: piecewise constant, zero gradient almost everywhere. Train on cross-entropy,
#   report accuracy. Two networks with equal accuracy can differ a lot in cross-entropy, and the lower one is better.
# - With a **rare class**, accuracy rewards ignoring it ("always benign" is 95% accurate): report the confusion
#   matrix, **sensitivity** TP/(TP + FN) and **specificity** TN/(TN + FP).
# - With a sigmoid or softmax output, the quadratic cost learns slowly exactly when the network is badly wrong;
#   cross-entropy cancels $\sigma'(z)$ and gives $\partial C/\partial z = a - y$.
#
# **Next:** [04 backpropagation](04_backprop.ipynb) — how the gradient of the loss reaches every weight of a
# network.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Regression losses differ in how hard outliers pull; classification trains on cross-entropy and reports accuracy, with sensitivity and specificity when a class is rare; cross-entropy cures the slowdown of saturated sigmoid outputs. Next time: how the gradient of the loss reaches every weight of a network, backpropagation.
# **Time:** 71 min

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Appendix: log-cosh between its two limits
#
# For small errors $\cosh e \approx 1 + e^2/2$ and $\log(1 + u) \approx u$, so $\log\cosh e \approx e^2/2$, half the
# squared error. For large errors $\cosh e \approx e^{\lvert e\rvert}/2$, so $\log\cosh e \approx \lvert e\rvert - \log 2$,
# the absolute error shifted down by $\log 2 \approx 0.69$. Log-cosh behaves like a Huber loss with $\delta = 1$, smoothed: its gradient $\tanh e$ bends gently to $\pm 1$.

# %% alt=["Two panels. Left: log cosh e against the error e (solid), with its two approximations: e\u00b2/2 (dashed), which hugs it near 0, and |e| \u2212 log 2 (dotted), which it approaches for large errors. Right, on a logarithmic scale, the gap between log cosh e and each approximation against the error: the gap to e\u00b2/2 grows with the error, the gap to |e| \u2212 log 2 falls steeply, so each limit is exact at its own end."] slideshow={"slide_type": "-"} tags=["hide-input"]
e = np.linspace(-4, 4, 401)
e_pos = np.linspace(0.01, 6, 600)
log_cosh = losses.pointwise("log_cosh", np.zeros_like(e), e)
fig, (ax, ax_err) = plt.subplots(1, 2, figsize=(12, 4))
ax.plot(e, log_cosh, lw=3, label="log cosh e")  # the default cycle: solid, dashed, dotted
ax.plot(e, e**2 / 2, lw=2, label="e²/2 (small e)")
ax.plot(e, np.abs(e) - np.log(2), lw=2.5, label="|e| − log 2 (large e)")
ax.set(xlabel="error e", ylabel="loss", ylim=(-0.8, 3.5), title="log-cosh and its two limits")
ax.legend(loc="upper center")
lc_pos = losses.pointwise("log_cosh", np.zeros_like(e_pos), e_pos)
ax_err.semilogy(e_pos, np.abs(lc_pos - e_pos**2 / 2), lw=2, color=lk.style.PALETTE["vermillion"], ls="--",
                label="|log cosh e − e²/2|")
ax_err.semilogy(e_pos, np.abs(lc_pos - (e_pos - np.log(2))), lw=2.5, color=lk.style.PALETTE["green"], ls=":",
                label="|log cosh e − (|e| − log 2)|")
ax_err.set(xlabel="error e", ylabel="approximation error", ylim=(1e-9, 30), title="each limit is exact at its end")
ax_err.legend(loc="lower right")
for a in (ax, ax_err):
    a.grid(alpha=0.3)
fig.tight_layout()
plt.show()
for value in (0.01, 10.0):
    lc = float(losses.pointwise("log_cosh", np.zeros(1), np.array([value]))[0])
    print(f"e = {value:5}: log cosh e = {lc:.6g},  e²/2 = {value**2 / 2:.6g},  |e| − log 2 = {value - np.log(2):.6g}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** For home: log-cosh is half the squared error for small errors and the absolute error minus log 2 for large ones; the right panel shows each limit becoming exact at its end.
# **Time:** after class

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Appendix: the hinge loss
#
# Support vector machines [3] use raw scores $s$ (no probabilities) and labels $y \in \{-1, +1\}$, and the **hinge
# loss** $\max(0, 1 - y s)$: a sample on the right side with a margin of at least 1 costs nothing; everything else
# costs linearly. Plotted against the margin $y s$ with the binary cross-entropy of $\sigma(s)$ and the
# **0-1 loss** (1 for a wrong answer, 0 for a right one: one minus the accuracy):

# %% alt=["Three losses against the margin y s, from -3 to 3: the hinge max(0, 1 \u2212 ys) (solid), a straight line falling to 0 at margin 1 and flat beyond; the binary cross-entropy of \u03c3(s) (dashed), a smooth curve close to the hinge that never quite reaches 0; and the 0-1 loss (dotted), a step from 1 down to 0 at margin 0, flat on both sides."] slideshow={"slide_type": "-"} tags=["hide-input"]
margin = np.linspace(-3, 3, 601)
labels = np.ones_like(margin)  # y = +1, so the score s is the margin y s
fig, ax = plt.subplots(figsize=(7.5, 3.6))
ax.plot(margin, losses.pointwise("hinge", labels, margin), lw=2.5, label="hinge $\\max(0, 1 - ys)$")
ax.plot(margin, losses.pointwise("binary_cross_entropy", labels, sigmoid(margin)), lw=2.5, label="binary cross-entropy of $\\sigma(s)$")
ax.plot(margin, (margin <= 0).astype(float), lw=2.5, label="0-1 loss (1 - accuracy)")
ax.set(xlabel="margin $y s$ (> 0: right side)", ylabel="loss", ylim=(-0.1, 4))
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %% slideshow={"slide_type": "-"}
scores = np.array([2.5, 0.4, -0.3])
print("labels +1, scores", scores, "-> hinge per sample", losses.pointwise("hinge", np.ones(3), scores))

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** For home: the hinge loss of support vector machines, plotted against the margin with the binary cross-entropy and the 0-1 loss.
# **Time:** after class

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Using the hinge loss.** $\max(0, 1 - y s)$ works only with the right inputs, whichever way
# > it is written:
# > - the labels must be $y \in \{-1, +1\}$: with labels 0/1, $y s = 0$ for every negative sample, which then costs
# >   exactly 1 whatever its score, so the loss cannot learn from the negatives;
# > - $s$ must be a raw score, not a probability: with $\hat y \in [0, 1]$ the margin $y \hat y$ never exceeds 1, so
# >   even a confident right answer keeps a cost and a gradient;
# > - for $k$ classes the usual form is $\sum_{j \ne y} \max(0, 1 + s_j - s_y)$ (scores $s_j$, true class $y$); for
# >   two classes it is the formula above with $s = s_1 - s_0$.

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The three ways the hinge loss is misused: labels 0/1 instead of minus one and plus one, probabilities instead of raw scores, and the multi-class form.
# **Time:** after class

# %% [markdown] slideshow={"manual": true, "slide_type": "subslide"}
# > Keras' `Hinge` [2] and `lecturekit.losses.hinge` turn 0/1 labels into $-1/+1$ before applying the formula.

# %% slideshow={"slide_type": "-"}
s = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])  # raw scores
print("scores s                          :", s)
print("negative sample, label -1         :", np.maximum(0, 1 - (-1) * s), "  (wrong side costs more)")
print("negative sample, label 0 (misused):", np.maximum(0, 1 - 0 * s), "  (always 1: nothing to learn)")
two_class = np.maximum(0, 1 + 0.0 - s)  # multi-class form, true class 1, scores (s_0, s_1) = (0, s)
print("two-class multi-class form        :", two_class, "= max(0, 1 - s) for label +1")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The printed rows show why labels 0/1 break it: every negative sample costs exactly one whatever its score.
# **Time:** after class

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Appendix: try it, drag a prediction
#
# **Regression.** Drag the error of one prediction and the Huber threshold $\delta$. The dots show each loss
# (left) and its gradient (right) at that error.

# %% alt=["The regression loss explorer at its starting values, error 1.5 and Huber \u03b4 = 1. Left: the loss of one prediction under MAE, MSE, Huber and log-cosh against the error from -4 to 4, each with a dot at the current error. Right: their gradients, with dots at the same error: MSE's the steepest, MAE's at +1, Huber's capped at \u03b4. The error slider moves the dots; the \u03b4 slider moves the point where Huber's curve turns from a parabola into a straight line."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
regression = RegressionLossExplorer(error=1.5, delta=1.0)
regression

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
regression.set(error=3.0, delta=1.0)
at_3 = regression.values_at(3.0, 1.0)
assert at_3["mse"][1] == 6 * at_3["mae"][1] and at_3["huber"][1] == 1.0
regression.set(error=1.5, delta=1.0)  # back to the start for the next run
print("At an error of 3, MSE pulls 6 times harder than MAE, and Huber's pull is capped at δ = 1.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** For home: drag the error and delta and watch each loss and its pull respond.
# **Time:** after class

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each loss and its pull at an error of 3, with $\delta = 1$:

# %% slideshow={"slide_type": "-"}
print("   loss     value  gradient")
for name, (value, grad) in regression.values_at(3.0, 1.0).items():
    print(f"{name:9s} {value:6.2f}  {grad:+6.2f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The same numbers as printed values: MSE pulls hardest, Huber's pull is capped at delta.
# **Time:** after class

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Classification.** Drag the logits $z_1, \dots, z_4$ of a 4-class output layer and choose the true class. Left:
# the softmax probabilities (the lecture's $z = (0, 1, -0.5, 0.5)$ to start with). Right: the gradient with respect
# to each logit, $a - y$ for cross-entropy, next to the quadratic cost's. Make the network confidently wrong
# (raise another class's logit to 5) and compare the two gradients on the true class.

# %% alt=["The softmax loss explorer at its starting logits (0, 1, -0.5, 0.5), class 2 the true class. Left: bars of the four softmax probabilities, the true class's bar in another colour and a dashed line at its one-hot target 1. Right: for each class the gradient of the cross-entropy, a \u2212 y (plain bars), beside the quadratic cost's (hatched bars); on the true class both are negative. The logit sliders and the true-class menu change both panels."] slideshow={"slide_type": "-"} tags=["nbval-ignore-output", "hide-input"]
classifier = SoftmaxLossExplorer(logits=(0.0, 1.0, -0.5, 0.5), target=1)
classifier

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
state = classifier.state(**classifier.values)
assert np.allclose(state["ce_grad"], state["a"] - state["y"])
classifier.set(z0=5.0, z1=-3.0)
wrong = classifier.state(**classifier.values)
assert abs(wrong["quad_grad"][1]) < 0.01 * abs(wrong["ce_grad"][1])
classifier.set(z0=0.0, z1=1.0)  # back to the start for the next run
print("Confidently wrong, cross-entropy pushes the true class's logit over 100 times harder than the quadratic cost.")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** For home: make the network confidently wrong and compare the two gradients on the true class.
# **Time:** after class

# %% [markdown] slideshow={"slide_type": "subslide"}
# The gradient of cross-entropy is $a - y$; confidently wrong ($z_1 = 5$, $z_2 = -3$), the quadratic cost's push on
# the true class is tiny:

# %% slideshow={"slide_type": "-"}
start = classifier.state(target=1, z0=0.0, z1=1.0, z2=-0.5, z3=0.5)
print("probabilities      :", start["a"].round(2))
print("cross-entropy grad :", start["ce_grad"].round(2), "= a - y")
wrong = classifier.state(target=1, z0=5.0, z1=-3.0, z2=-0.5, z3=0.5)
print(f"confidently wrong: P(true class) = {wrong['a'][1]:.4f}, cross-entropy {wrong['cross_entropy']:.2f},"
      f" accuracy {wrong['accuracy']:.0f}")
print(f"push on the true class's logit: cross-entropy {wrong['ce_grad'][1]:+.3f},"
      f" quadratic {wrong['quad_grad'][1]:+.5f}")

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** Confidently wrong, the quadratic cost's push on the true class is tiny and cross-entropy's is not; read both off the output.
# **Time:** after class

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# 1. D. N. Louis et al.: The 2021 WHO classification of tumors of the central nervous system: a summary.
#    *Neuro-Oncology* 23(8), 1231–1251 (2021).
# 2. Keras documentation: `keras.config.epsilon()`, the fuzz factor by which its cross-entropies clip
#    probabilities (default $10^{-7}$), and `keras.losses.Hinge`, [keras.io/api](https://keras.io/api/).
# 3. C. Cortes, V. Vapnik: Support-vector networks. *Machine Learning* 20(3), 273–297 (1995).
# 4. V. Rotemberg et al.: A patient-centric dataset of images and metadata for identifying melanomas using
#    clinical context. *Scientific Data* 8, 34 (2021).
# 5. N. R. Abbasi et al.: Early diagnosis of cutaneous melanoma: revisiting the ABCD criteria. *JAMA* 292(22),
#    2771–2776 (2004).
# 6. M. A. Nielsen: *Neural Networks and Deep Learning*. Determination Press (2015), chapter 3 (the
#    cross-entropy cost), [neuralnetworksanddeeplearning.com](http://neuralnetworksanddeeplearning.com).

# %% [markdown] jupyter={"source_hidden": true} slideshow={"slide_type": "notes"} tags=["notes"]
# **Say:** The sources cited on the slides, for home.
# **Time:** after class
