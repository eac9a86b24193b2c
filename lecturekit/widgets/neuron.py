"""Notebook 01's widget: one neuron's output as its weight and bias change."""
from __future__ import annotations

import numpy as np

from .. import activations, validate
from ..style import CYCLE, LINESTYLES, PALETTE
from .base import LiveFigure

#: The faint curves behind the live one, (w, b) each: the weight sets the
#: steepness (w = 0.5, 1, 3 at b = 0), the bias shifts the curve (b = -3, +3 at
#: w = 1).  Shown in the still picture too (slides, the static site), so it
#: tells what the sliders do without them.
FAMILY = ((0.5, 0.0), (1.0, 0.0), (3.0, 0.0), (1.0, -3.0), (1.0, 3.0))
#: their colours and line styles: the palette's cycle after the two it gives the live
#: curve (blue, solid) and the step (vermillion, dashed), so each faint curve
#: differs from every other line in colour *and* line style (and has its label)
FAMILY_COLORS = tuple(CYCLE[2:2 + len(FAMILY)])
FAMILY_STYLES = tuple(LINESTYLES[2:2 + len(FAMILY)])
#: their legend entries, e.g. "w = 1, b = −3" (a real minus sign)
FAMILY_LABELS = tuple(f"w = {w:g}, b = {b:g}".replace("-", "−") for w, b in FAMILY)


class NeuronExplorer(LiveFigure):
    """One neuron y = f(w x + b) on a 1-D input, with sliders for w and b.

    The weight changes the steepness, the bias shifts the curve: the neuron
    "switches" where w x + b = 0, i.e. at x = -b / w (a dotted line).  The
    perceptron's step with the same w and b is drawn dashed for comparison.
    Behind them, faint, the same activation for a few fixed (w, b)
    (:data:`FAMILY`), so the still picture already shows what w and b do.

    Parameters
    ----------
    w, b : float
        Initial weight and bias (sliders span [-10, 10]).
    activation : str
        Initial activation, a name from ``lecturekit.activations.ACTIVATIONS``.
    x : array of shape (n,), optional
        Input grid; default 401 points on [-6, 6] (x = 0 included).
    """

    def __init__(self, w=1.0, b=0.0, activation="sigmoid", x=None):
        self.x = self._grid(x)
        super().__init__(w=w, b=b, activation=activation)

    def _build(self):
        ax = self.ax = self.fig.add_subplot()
        zeros = np.zeros_like(self.x)
        self.family = [ax.plot(self.x, zeros, color=color, ls=style, lw=1.5, alpha=0.7, label=label)[0]
                       for color, style, label in zip(FAMILY_COLORS, FAMILY_STYLES, FAMILY_LABELS)]
        self.family_activation = None  # the activation the faint curves show
        (self.step_line,) = ax.plot(self.x, zeros, ls=LINESTYLES[1], color=CYCLE[1], lw=2,
                                   label="perceptron (step), same w, b")
        (self.line,) = ax.plot(self.x, zeros, ls=LINESTYLES[0], color=CYCLE[0], lw=3,
                              label="neuron, w and b of the sliders")
        self.threshold = ax.axvline(0.0, color=PALETTE["black"], ls=":", lw=2, label="$wx+b=0$")
        ax.set_xlabel("input $x$")
        ax.set_ylabel("output $y$")
        ax.set_xlim(self.x[0], self.x[-1])
        ax.grid(alpha=0.3)
        # under the axes: no curve ever crosses it, and it is kept as pixels
        handles = [self.line, self.step_line, self.threshold, *self.family]
        self.fig.legend(handles=handles, loc="lower center", ncol=4, frameon=False,
                        columnspacing=1.2, handlelength=1.8)
        self.title = ax.set_title(" ", y=1.0)  # a fixed position: no layout pass per redraw
        self.fig.tight_layout(rect=(0, 0.12, 1, 1))
        # Redrawn on every update, in the order matplotlib draws them (curves, the
        # frame, the title); the faint family, ticks, labels, grid and legend are
        # kept as pixels.
        self._mark_moving(self.step_line, self.line, self.threshold, *ax.spines.values(), self.title)

    def _controls(self):
        import ipywidgets as W

        style = {"description_width": "initial"}
        return {
            "w": W.FloatSlider(value=self.values["w"], min=-10, max=10, step=0.1, description="weight w", style=style),
            "b": W.FloatSlider(value=self.values["b"], min=-10, max=10, step=0.1, description="bias b", style=style),
            "activation": W.Dropdown(
                options=sorted(activations.ACTIVATIONS), value=self.values["activation"], description="activation"
            ),
        }

    @staticmethod
    def curve(x, w, b, activation):
        """The neuron's output f(w x + b) on the grid ``x`` (shape (n,))."""
        w, b = validate.number(w, "w"), validate.number(b, "b")
        f, _ = activations.get(activation)
        return f(w * np.asarray(x, dtype=float) + b)

    def update(self, w, b, activation):
        """Recompute the curves for (w, b, activation) and move the artists."""
        y = self.curve(self.x, w, b, activation)
        self.line.set_ydata(y)
        self.step_line.set_ydata(self.curve(self.x, w, b, "step"))
        if activation != self.family_activation:  # the faint curves change with the activation only
            for line, (fw, fb) in zip(self.family, FAMILY):
                line.set_ydata(self.curve(self.x, fw, fb, activation))
            self.family_activation = activation
        xt = -b / w if w != 0 else np.nan
        self.threshold.set_xdata([xt, xt])
        # [0, 1], widened to a round value where the curve leaves it: the limits
        # (and the ticks) stay put while a slider moves, except when the curve passes one
        lo, hi = float(y.min()), float(y.max())
        lo = 0.0 if lo >= 0 else -self._round_up(-lo)
        hi = 1.0 if hi <= 1 else self._round_up(hi)
        pad = 0.08 * (hi - lo)
        self._set_limits(self.ax, ylim=(lo - pad, hi + pad))
        # plain text, not mathtext: it is re-laid out on every redraw
        self.title.set_text(f"y = {activation}({w:.1f}·x {'+' if b >= 0 else '−'} {abs(b):.1f})")
