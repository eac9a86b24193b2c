"""Notebook 05's widget: gradient descent on a 2-D loss surface, with a learning-rate slider.

The update rule w <- w - eta grad C(w), and its variations (momentum, Adam),
run on a surface small enough to draw: the path of w over the contour lines
on the left, the loss per step on the right.  The surfaces and the paths are
:mod:`lecturekit.descent`'s; this module only draws them.
"""
from __future__ import annotations

import math

import numpy as np

from .. import style, validate
from ..descent import METHODS, descend, get_surface
from .base import LiveFigure

#: The line colour of each method of :data:`lecturekit.descent.METHODS` (Okabe-Ito, :mod:`lecturekit.style`).
COLORS = {"gradient descent": style.PALETTE["blue"], "momentum": style.PALETTE["vermillion"],
          "adam": style.PALETTE["green"]}
#: ... and its line style, so that the methods differ in more than colour (the style's cycle pairs them so)
LINESTYLES = dict(zip(COLORS, style.LINESTYLES))


class DescentExplorer(LiveFigure):
    """Gradient descent and its variations on a 2-D loss surface, with sliders.

    Parameters
    ----------
    lr : float
        Initial learning rate (log slider from 0.001 to 1).
    steps : int
        Number of updates drawn (slider 1..200).
    method : str
        ``"gradient descent"``, ``"momentum"``, ``"adam"`` or ``"all"`` (the
        three paths together).
    surface : str
        ``"bowl"`` (an elongated quadratic, default) or ``"rosenbrock"``; fixed
        for the widget's life (its contour lines are drawn once).
    """

    figsize = (9.4, 4.0)  # fits JupyterLab's output area, see activation.ActivationExplorer.figsize

    def __init__(self, lr=0.05, steps=40, method="gradient descent", surface="bowl"):
        self.surface = get_surface(surface)
        super().__init__(lr=lr, steps=steps, method=method)

    def _build(self):
        s = self.surface
        self.ax, self.ax_loss = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1]})
        x0, x1, y0, y1 = s.extent
        W1, W2 = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 160))
        C = s.loss(W1, W2)
        levels = np.unique(np.quantile(C, np.linspace(0.0, 0.95, 14) ** 2))
        # a few faint contour lines, drawn once (kept as pixels while the sliders move)
        self.ax.contour(W1, W2, C, levels=levels, colors=style.PALETTE["black"], alpha=0.35, linewidths=0.7)
        (star,) = self.ax.plot(*s.minimum, "*", color=style.PALETTE["yellow"], ms=15,
                               mec=style.PALETTE["black"], zorder=5)
        (dot,) = self.ax.plot(*s.start, "o", color=style.PALETTE["black"], ms=6, zorder=5)
        self.paths, self.curves = {}, {}
        for name, color in COLORS.items():
            (self.paths[name],) = self.ax.plot([], [], marker=".", ls=LINESTYLES[name], color=color, lw=1.6, ms=4)
            (self.curves[name],) = self.ax_loss.plot([], [], ls=LINESTYLES[name], color=color, lw=2, label=name)
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, y1)
        self.ax.set_xlabel("$w_1$")
        self.ax.set_ylabel("$w_2$")
        self.legend, self.legend_methods = None, ()  # made in update(): it names the methods shown
        self.ax_loss.set_yscale("log")
        # a few decades, no minor ticks: hundreds of log ticks would dominate every redraw
        from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

        self.ax_loss.yaxis.set_major_locator(LogLocator(numticks=5))
        self.ax_loss.yaxis.set_minor_locator(NullLocator())
        # few ticks elsewhere too: tick labels are most of the time of a full repaint
        self.ax_loss.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10], integer=True))
        self.ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
        self.ax_loss.set_xlabel("step")
        self.ax_loss.set_ylabel("loss $C(w)$")
        self.ax_loss.grid(alpha=0.3)
        self.ax.set_title("the path of $w$ (● start, ★ minimum)", fontsize=12)
        self.ax_loss.set_title("the loss at each step", fontsize=12)
        self.title = self.fig.suptitle(" ", fontsize=13)
        self.fig.tight_layout(rect=(0, 0.06, 1, 0.95))
        # Redrawn on every update, in the order matplotlib draws them (paths, the
        # frame, the markers; curves, the frame); the surface, ticks, labels and
        # the legend are kept as pixels.
        self._mark_moving(*self.paths.values(), *self.ax.spines.values(), star, dot,
                          *self.curves.values(), *self.ax_loss.spines.values(), self.title)

    def _controls(self):
        import ipywidgets as W

        style = {"description_width": "initial"}
        return {
            "lr": W.FloatLogSlider(value=self.values["lr"], base=10, min=-3, max=0, step=0.05,
                                   description="learning rate η", readout_format=".3f", style=style),
            "steps": W.IntSlider(value=self.values["steps"], min=1, max=200, description="steps", style=style),
            "method": W.Dropdown(options=list(METHODS) + ["all"], value=self.values["method"], description="method"),
        }

    def path(self, method, lr, steps):
        """The path of ``method`` on this widget's surface, shape (steps + 1, 2)."""
        return descend(self.surface.grad, self.surface.start, lr, steps, method)

    def update(self, lr, steps, method):
        """Recompute the paths and loss curves for (lr, steps, method) and move the artists."""
        method = validate.choice(method, "method", [*METHODS, "all"])
        shown = list(METHODS) if method == "all" else [method]
        top = 1.0
        final = {}
        for name in METHODS:
            if name in shown:
                p = self.path(name, lr, steps)
                loss = self.surface.loss(p[:, 0], p[:, 1])
                self.paths[name].set_data(p[:, 0], p[:, 1])
                self.curves[name].set_data(np.arange(len(p)), loss)
                top = max(top, float(np.nanmax(loss)))
                final[name] = p
            else:
                self.paths[name].set_data([], [])
                self.curves[name].set_data([], [])
        # round limits (a step count like 40, 50, 60, 80, 100; a power of ten) change
        # only now and then as a slider moves: the ticks are redrawn only then
        self._set_limits(self.ax_loss, xlim=(0, self._round_up(max(steps, 1))),
                         ylim=(1e-6, 10.0 ** math.ceil(math.log10(top) + 1)))
        self._show_legend(shown)
        self.title.set_text(f"η = {lr:.3g}, {steps} steps: "
                            + ", ".join(f"{n} {self.verdict(p)}" for n, p in final.items()))
        self.final_paths = final

    def _show_legend(self, methods):
        """One legend for both panels, under them (no path or curve ever crosses it), naming ``methods`` only.

        It is made anew only when the methods shown change (a new legend
        repaints the figure's static part once).
        """
        if tuple(methods) == self.legend_methods:
            return
        if self.legend is not None:
            self.legend.remove()
        self.legend = self.fig.legend(handles=[self.curves[name] for name in methods], loc="lower center",
                                      ncol=len(methods), frameon=False, fontsize=style.RC["legend.fontsize"])
        self.legend_methods = tuple(methods)

    def verdict(self, path) -> str:
        """A one-word reading of a path: "diverged", "oscillating", "converged" or "slow".

        Diverged: it ended farther from the minimum than it started (or blew up).
        Oscillating: more than a third of the steps reverse the previous step's
        direction (whether or not the path still reaches the minimum).
        Converged: the distance to the minimum fell below 1% of the start's.
        """
        path = np.asarray(path)
        if path.dtype.kind not in "biuf":
            raise TypeError(f"path must hold real numbers, got dtype {path.dtype}")
        if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0:
            raise ValueError(f"path must have shape (steps + 1, 2), got {path.shape}")
        distance = np.linalg.norm(path - self.surface.minimum, axis=1)
        if np.isnan(path).any() or distance[-1] > distance[0]:
            return "diverged"
        steps = np.diff(path, axis=0)
        reversals = int(np.sum(np.einsum("ij,ij->i", steps[1:], steps[:-1]) < 0)) if len(steps) > 1 else 0
        if reversals > len(steps) / 3:
            return "oscillating"
        return "converged" if distance[-1] < 1e-2 * distance[0] else "slow"
