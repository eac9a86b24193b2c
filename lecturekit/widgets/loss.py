"""Notebook 03's widgets: losses and their gradients, live.

* :class:`RegressionLossExplorer` — slide the error of one prediction and see
  MAE, MSE, Huber and log-cosh and their gradients respond;
* :class:`SoftmaxLossExplorer` — slide the logits of a classifier and see the
  softmax probabilities, the cross-entropy and its gradient a - y respond;
* :class:`LineFitExplorer` — step through gradient descent fitting a line
  under several losses (:mod:`lecturekit.line_fit`), to watch outliers pull
  the MSE fit away.
"""
from __future__ import annotations

import math

import numpy as np

from .. import activations, losses, metrics, validate
from ..line_fit import fit_line, outlier_data
from ..style import LINESTYLES, PALETTE
from .base import LiveFigure

#: the regression losses the explorer draws, with a colour each (Okabe-Ito, in the order of the default cycle)
REGRESSION_LOSSES = {"mae": PALETTE["blue"], "mse": PALETTE["vermillion"], "huber": PALETTE["green"],
                     "log_cosh": PALETTE["orange"]}
#: and the line style that goes with each colour, so the curves differ in more than colour
REGRESSION_LINESTYLES = dict(zip(REGRESSION_LOSSES, LINESTYLES))
#: guides (cursors, zero lines, plain data points): black, lightened by transparency
GUIDE = dict(color=PALETTE["black"], alpha=0.6)
LABELS = {
    "mae": "MAE",
    "mse": "MSE",
    "huber": "Huber",
    "log_cosh": "log-cosh",
    "quadratic": "quadratic",
    "cross_entropy": "cross-entropy",
}


def _per_entry_grad(name, error, **params):
    """d(loss of one entry)/d(prediction) at each error: the mean's gradient times the number of entries."""
    error = np.asarray(error, dtype=float)
    grad = losses.get(name)[1]
    return grad(np.zeros_like(error), error, **params) * error.size


class RegressionLossExplorer(LiveFigure):
    """One prediction's error e = prediction - target against four regression losses.

    Left: each loss as a function of e, with a dot at the current error.
    Right: each loss's derivative with respect to the prediction: MAE's is
    +-1 however small the error, MSE's grows with it, Huber's is MSE's
    clipped at +-delta, log-cosh's is tanh(e).

    Parameters
    ----------
    error : float
        Initial error (slider [-4, 4]).
    delta : float
        Huber's threshold (slider [0.1, 3]).
    """

    figsize = (9.4, 4.4)  # fits JupyterLab's output area, see activation.ActivationExplorer.figsize

    def __init__(self, error=1.5, delta=1.0):
        self.e = np.linspace(-4, 4, 161)  # smooth enough at this size; fewer vertices to draw
        super().__init__(error=error, delta=delta)

    def _params(self, name, delta):
        return {"delta": delta} if name == "huber" else {}

    def _build(self):
        self.ax, self.ax_grad = self.fig.subplots(1, 2)
        zeros = np.zeros_like(self.e)
        self.curve, self.dot, self.grad_curve, self.grad_dot = {}, {}, {}, {}
        for name, color in REGRESSION_LOSSES.items():
            ls = REGRESSION_LINESTYLES[name]
            (self.curve[name],) = self.ax.plot(self.e, zeros, color=color, ls=ls, lw=2, label=LABELS[name])
            (self.dot[name],) = self.ax.plot([0], [0], "o", color=color, ms=7)
            (self.grad_curve[name],) = self.ax_grad.plot(self.e, zeros, color=color, ls=ls, lw=2, label=LABELS[name])
            (self.grad_dot[name],) = self.ax_grad.plot([0], [0], "o", color=color, ms=7)
        self.cursor = self.ax.axvline(0, ls=":", lw=1, **GUIDE)
        self.grad_cursor = self.ax_grad.axvline(0, ls=":", lw=1, **GUIDE)
        self.ax.set(
            xlabel="error $e = \\hat y - y$", ylabel="loss of one prediction", ylim=(-0.2, 6), yticks=[0, 2, 4, 6]
        )
        self.ax_grad.set(
            xlabel="error $e = \\hat y - y$",
            ylabel="gradient $\\partial L / \\partial \\hat y$",
            ylim=(-4.2, 4.2),
            yticks=[-4, -2, 0, 2, 4],
        )
        for ax in (self.ax, self.ax_grad):
            ax.set(xlim=(-4, 4), xticks=[-4, -2, 0, 2, 4])
            ax.grid(alpha=0.3)
        # one legend for both panels, under them: no curve ever crosses it
        self.fig.legend(handles=list(self.curve.values()), loc="lower center", ncol=len(self.curve), frameon=False)
        # fixed position: no layout pass per redraw; the gradients' line ends at its panel's right edge,
        # so that at 12 pt it stays inside the figure
        self.title = self.ax.set_title(" ", y=1.0, fontsize=12)
        self.grad_title = self.ax_grad.set_title(" ", y=1.0, fontsize=12, loc="right")
        self.fig.tight_layout(rect=(0, 0.07, 1, 1))
        # Redrawn on every update, in the order matplotlib draws them (each dot
        # above its curve, then the cursor, the frame); ticks, labels, grids and
        # the legend are kept as pixels.
        for ax, curve, dot, cursor in ((self.ax, self.curve, self.dot, self.cursor),
                                       (self.ax_grad, self.grad_curve, self.grad_dot, self.grad_cursor)):
            self._mark_moving(
                *(a for name in REGRESSION_LOSSES for a in (curve[name], dot[name])), cursor, *ax.spines.values()
            )
        self._mark_moving(self.title, self.grad_title)

    def _controls(self):
        import ipywidgets as W

        style = {"description_width": "initial"}
        return {
            "error": W.FloatSlider(
                value=self.values["error"], min=-4, max=4, step=0.05, description="error", style=style
            ),
            "delta": W.FloatSlider(
                value=self.values["delta"], min=0.1, max=3, step=0.05, description="Huber delta", style=style
            ),
        }

    def values_at(self, error, delta):
        """{loss name: (loss, gradient)} of one prediction with this error."""
        e = np.array([validate.number(error, "error")])
        out = {}
        for name in REGRESSION_LOSSES:
            params = self._params(name, delta)
            value = losses.pointwise(name, np.zeros(1), e, **params)[0]
            out[name] = (float(value), float(_per_entry_grad(name, e, **params)[0]))
        return out

    def update(self, error, delta):
        """Redraw the Huber curve for ``delta`` and move every dot to ``error``."""
        current = self.values_at(error, delta)
        for name in REGRESSION_LOSSES:
            params = self._params(name, delta)
            self.curve[name].set_ydata(losses.pointwise(name, np.zeros_like(self.e), self.e, **params))
            self.grad_curve[name].set_ydata(_per_entry_grad(name, self.e, **params))
            value, grad = current[name]
            self.dot[name].set_data([error], [value])
            self.grad_dot[name].set_data([error], [grad])
        self.cursor.set_xdata([error, error])
        self.grad_cursor.set_xdata([error, error])
        # the panels' y-labels say which is the loss and which the gradient
        self.title.set_text(", ".join(f"{LABELS[n]} {v:.2f}" for n, (v, _) in current.items()))
        self.grad_title.set_text(", ".join(f"{LABELS[n]} {g:+.2f}" for n, (_, g) in current.items()))


class SoftmaxLossExplorer(LiveFigure):
    """A k-class output layer: logits -> softmax -> cross-entropy, and the gradient a - y.

    Left: the softmax probabilities (the true class in green; the one-hot
    target as a dashed line at 1).  Right: the gradient of the loss with
    respect to each logit, for cross-entropy (a - y) and for the quadratic
    cost on the same probabilities (smaller when the network is confidently
    wrong: the learning slowdown).  The title gives both losses and the
    accuracy, which only jumps when another class takes the lead.

    Parameters
    ----------
    logits : sequence of k floats
        Initial logits (sliders [-5, 5]); default the lecture's (0, 1, -0.5, 0.5).
    target : int
        The true class, 0-based (the dropdown shows class 1..k).
    """

    figsize = (9.4, 4.4)  # fits JupyterLab's output area, see activation.ActivationExplorer.figsize

    def __init__(self, logits=(0.0, 1.0, -0.5, 0.5), target=1):
        if isinstance(logits, (str, bytes)) or not hasattr(logits, "__iter__"):
            raise TypeError(f"logits must be a sequence of k numbers, got {type(logits).__name__}")
        logits = list(logits)
        for v in logits:
            if not validate.is_number(v):
                raise TypeError(f"logits must hold real numbers, got {type(v).__name__} ({v!r})")
            if not math.isfinite(v):
                raise ValueError(f"logits must hold finite numbers, got {v!r}")
        self.k = len(logits)
        if self.k < 2:
            raise ValueError(f"logits must hold at least 2 values (one per class), got {self.k}")
        self._check_target(target)
        super().__init__(**{f"z{j}": float(v) for j, v in enumerate(logits)}, target=int(target))

    def _check_target(self, target):
        if not validate.is_int(target) or not 0 <= target < self.k:
            raise ValueError(f"target must be a class index in 0..{self.k - 1}, got {target!r}")

    def _build(self):
        self.ax, self.ax_grad = self.fig.subplots(1, 2)
        idx = np.arange(self.k)
        names = [f"class {j + 1}" for j in idx]
        self.prob_bars = self.ax.bar(idx, np.zeros(self.k), color=PALETTE["blue"])
        (self.target_line,) = self.ax.plot([0, 0], [1, 1], "--", color=PALETTE["green"], lw=2,
                                           label="target $y$ (one-hot)")
        self.ax.set(
            ylim=(0, 1.1),
            ylabel="probability $a_j$ = softmax$(z)_j$",
            xticks=idx,
            xticklabels=names,
            yticks=[0, 0.5, 1],
        )
        w = 0.38
        self.ce_bars = self.ax_grad.bar(
            idx - w / 2, np.zeros(self.k), w, color=PALETTE["orange"], label="cross-entropy: $a - y$"
        )
        # hatched as well as sky blue: the two kinds of bar differ in more than colour
        self.quad_bars = self.ax_grad.bar(idx + w / 2, np.zeros(self.k), w, facecolor=PALETTE["sky"],
                                          edgecolor=PALETTE["black"], hatch="//", lw=0.5, label="quadratic")
        zero = self.ax_grad.axhline(0, lw=0.8, **GUIDE)
        self.ax_grad.set(
            ylim=(-1.05, 1.05),
            ylabel="gradient $\\partial C / \\partial z_j$",
            xticks=idx,
            xticklabels=names,
            yticks=[-1, -0.5, 0, 0.5, 1],
        )
        # one legend, under the panels: no bar ever covers it
        self.fig.legend(
            handles=[self.target_line, self.ce_bars, self.quad_bars], loc="lower center", ncol=3, frameon=False
        )
        for ax in (self.ax, self.ax_grad):
            ax.grid(alpha=0.3, axis="y")
            ax.set_axisbelow(True)  # grid lines behind the bars
        self.title = self.ax.set_title(" ", y=1.0, fontsize=12)  # fixed position: no layout pass per redraw
        self.grad_title = self.ax_grad.set_title(" ", y=1.0, fontsize=12)
        self.fig.tight_layout(rect=(0, 0.07, 1, 1))
        # Redrawn on every update, in the order matplotlib draws them (bars, the
        # target and zero lines, the frame); ticks, labels, grids and the legend
        # are kept as pixels.
        self._mark_moving(*self.prob_bars, self.target_line, *self.ax.spines.values(),
                          *self.ce_bars, *self.quad_bars, zero, *self.ax_grad.spines.values(),
                          self.title, self.grad_title)

    def _controls(self):
        import ipywidgets as W

        style = {"description_width": "initial"}
        controls = {
            f"z{j}": W.FloatSlider(
                value=self.values[f"z{j}"], min=-5, max=5, step=0.1, description=f"logit z{j + 1}", style=style
            )
            for j in range(self.k)
        }
        controls["target"] = W.Dropdown(
            options=[(f"class {j + 1}", j) for j in range(self.k)],
            value=self.values["target"],
            description="true class",
        )
        return controls

    def state(self, target, **logits):
        """Probabilities, one-hot target, both losses, both gradients and the accuracy for these values."""
        self._check_target(target)
        names = [f"z{j}" for j in range(self.k)]
        if sorted(logits) != sorted(names):
            raise ValueError(f"logits must be given as z0..z{self.k - 1}, got {sorted(logits)}")
        z = np.array([[validate.number(logits[name], name) for name in names]])
        y = np.eye(self.k)[[target]]
        a = activations.softmax(z)
        quad_grad = np.einsum("nj,nji->ni", losses.quadratic_grad(y, a), activations.softmax_jacobian(z))
        return {
            "a": a[0],
            "y": y[0],
            "cross_entropy": float(losses.cross_entropy_from_logits(y, z)),
            "quadratic": float(losses.quadratic(y, a)),
            "ce_grad": losses.cross_entropy_from_logits_grad(y, z)[0],
            "quad_grad": quad_grad[0],
            "accuracy": metrics.accuracy([target], a),
        }

    def update(self, target, **logits):
        """Move the bars to the probabilities and gradients of these logits."""
        s = self.state(target, **logits)
        for j in range(self.k):
            self.prob_bars[j].set_height(s["a"][j])
            self.prob_bars[j].set_color(PALETTE["green"] if j == target else PALETTE["blue"])
            self.ce_bars[j].set_height(s["ce_grad"][j])
            self.quad_bars[j].set_height(s["quad_grad"][j])
        self.target_line.set_xdata([target - 0.4, target + 0.4])
        self.title.set_text(
            f"cross-entropy {s['cross_entropy']:.3f}   quadratic {s['quadratic']:.3f}   accuracy {s['accuracy']:.0f}"
        )
        self.grad_title.set_text(f"predicted class {int(np.argmax(s['a'])) + 1}, true class {target + 1}")


class LineFitExplorer(LiveFigure):
    """Gradient descent fitting a line y = m x + c under several losses, one step at a time.

    Parameters
    ----------
    x, y : arrays of shape (n,), optional
        The data; default :func:`lecturekit.line_fit.outlier_data`.
    paths : dict name -> array of shape (steps + 1, 2), optional
        For each loss (a name from ``lecturekit.losses``), the (slope,
        intercept) after each gradient-descent step, starting point first;
        default: :func:`lecturekit.line_fit.fit_line` under MAE, MSE, Huber and log-cosh.
    outliers : bool array of shape (n,), optional
        Marks points drawn as crosses (purple).
    step : int, optional
        Initial step (default: the last one).
    """

    figsize = (9.4, 4.4)  # fits JupyterLab's output area, see activation.ActivationExplorer.figsize

    def __init__(self, x=None, y=None, paths=None, outliers=None, step=None):
        if x is None and y is None:
            x, y, default_outliers = outlier_data()
            outliers = default_outliers if outliers is None else outliers
        if x is None or y is None:
            raise ValueError(
                f"give both x and y, or neither (for the default data); got only {'x' if y is None else 'y'}"
            )
        self.x, self.y = validate.real(x, "x").astype(float), validate.real(y, "y").astype(float)
        if self.x.ndim != 1 or self.x.shape != self.y.shape:
            raise ValueError(
                f"x and y must be 1-D arrays of the same length, got shapes {self.x.shape} and {self.y.shape}"
            )
        if paths is None:
            paths = {name: fit_line(self.x, self.y, name) for name in REGRESSION_LOSSES}
        if not isinstance(paths, dict):
            raise TypeError(f"paths must be a dict {{loss name: path}}, got {type(paths).__name__}")
        if not paths:
            raise ValueError(f"paths must hold at least one loss's path, got {paths!r}")
        self.paths = {name: np.asarray(p, dtype=float) for name, p in paths.items()}
        lengths = {p.shape for p in self.paths.values()}
        if len(lengths) != 1 or next(iter(lengths))[1:] != (2,):
            raise ValueError(f"every path must have the same shape (steps + 1, 2), got {sorted(lengths)}")
        self.steps = len(next(iter(self.paths.values()))) - 1
        self.outliers = np.zeros(self.x.shape, bool) if outliers is None else np.asarray(outliers, bool)
        if self.outliers.shape != self.x.shape:
            raise ValueError(f"outliers must have the shape of x, {self.x.shape}, got {self.outliers.shape}")
        super().__init__(step=self.steps if step is None else step)

    def _build(self):
        self.ax, self.ax_path = self.fig.subplots(1, 2)
        self.grid = np.linspace(self.x.min(), self.x.max(), 2)
        ok = ~self.outliers
        self.ax.plot(self.x[ok], self.y[ok], "o", ms=4, label="data", **GUIDE)
        if self.outliers.any():
            self.ax.plot(self.x[~ok], self.y[~ok], "X", color=PALETTE["purple"], ms=9, label="outliers")
        self.lines = {}
        t = np.arange(self.steps + 1)
        for name, path in self.paths.items():
            style = {"color": REGRESSION_LOSSES[name], "ls": REGRESSION_LINESTYLES[name]} if name in REGRESSION_LOSSES \
                else {}  # another loss takes the next colour and line style of the cycle
            (self.lines[name],) = self.ax.plot(self.grid, self.grid * 0, lw=2, label=LABELS.get(name, name), **style)
            self.ax_path.plot(t, path[:, 0], lw=2, label=LABELS.get(name, name), **style)
        self.cursor = self.ax_path.axvline(0, ls=":", lw=1.5, **GUIDE)
        span = self.y.max() - self.y.min()
        self.ax.set(xlabel="$x$", ylabel="$y$", ylim=(self.y.min() - 0.1 * span, self.y.max() + 0.1 * span))
        self.ax_path.set(xlabel="gradient-descent step", ylabel="slope $m$")
        from matplotlib.ticker import MaxNLocator

        for axis in (self.ax.xaxis, self.ax_path.xaxis, self.ax_path.yaxis):
            # few tick labels: a cheaper repaint of the static part
            axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
        self.ax.grid(alpha=0.3)
        self.ax_path.grid(alpha=0.3)
        # one legend for both panels, under them: neither the lines nor the cursor cross it
        self.fig.legend(handles=list(self.lines.values()), loc="lower center", ncol=len(self.lines), frameon=False)
        # fixed position: no layout pass per redraw; from the left edge, as it is wider than the panel
        self.title = self.ax.set_title(" ", y=1.0, fontsize=12, loc="left")
        self.fig.tight_layout(rect=(0, 0.07, 1, 1))
        # Redrawn on every update, in the order matplotlib draws them (lines, the
        # frame); the data, the slope curves, ticks, labels and the legend are
        # kept as pixels.
        self._mark_moving(*self.lines.values(), *self.ax.spines.values(),
                          self.cursor, *self.ax_path.spines.values(), self.title)

    def _controls(self):
        import ipywidgets as W

        return {
            "step": W.IntSlider(
                value=self.values["step"], min=0, max=self.steps, step=max(1, self.steps // 100), description="step"
            )
        }

    def update(self, step):
        """Show every loss's line after ``step`` gradient-descent steps."""
        if not validate.is_int(step):
            raise ValueError(f"step must be an int in 0..{self.steps}, got {step!r}")
        if not 0 <= step <= self.steps:
            raise ValueError(f"step must be in 0..{self.steps}, got {step}")
        for name, line in self.lines.items():
            m, c = self.paths[name][step]
            line.set_ydata(m * self.grid + c)
        self.cursor.set_xdata([step, step])
        slopes = "  ".join(f"{LABELS.get(n, n)} {self.paths[n][step, 0]:.2f}" for n in self.paths)
        self.title.set_text(f"step {step}: slopes  {slopes}")
