"""Notebook 02's widget: an activation function and its derivative, live."""
from __future__ import annotations

import numpy as np

from .. import activations, validate
from ..style import CYCLE, LINESTYLES, PALETTE
from .base import LiveFigure
from .neuron import FAMILY, FAMILY_LABELS

#: the faint curves' colours and line styles: the palette's cycle after the two the live
#: curves take (blue solid for f, vermillion dashed for f'), so each faint curve differs
#: from every other line in colour *and* line style, and has its label in the legend
FAMILY_COLORS = tuple(CYCLE[2:2 + len(FAMILY)])
FAMILY_STYLES = tuple(LINESTYLES[2:2 + len(FAMILY)])


class ActivationExplorer(LiveFigure):
    """y = f(w x + b) and its derivative f'(w x + b), side by side.

    Pick an activation, slide its weight ``w``, bias ``b`` and, for the
    activations that have one (leaky ReLU / PReLU, ELU), its ``alpha``.  The
    left panel shows the neuron's output, the right panel the derivative
    f'(z) at z = w x + b: the factor backpropagation multiplies by at that
    input.  Where it is near 0 the neuron is saturated and learns slowly.
    Behind them, faint, both for a few fixed (w, b) (``neuron.FAMILY``: the
    weight sets the steepness, the bias shifts), so the still picture already
    shows what the sliders do.

    Parameters
    ----------
    activation : str
        A name from ``lecturekit.activations.ACTIVATIONS``.
    w, b : float
        Initial weight and bias (sliders span [-5, 5] and [-10, 10]).
    alpha : float, optional
        Initial alpha (slider [0, 2]); default: the activation's own default
        (0.01 for leaky ReLU, 1.0 for ELU), else 0.1.
    x : array of shape (n,), optional
        Input grid; default 401 points on [-6, 6].
    """

    #: 940 pixels wide: the whole figure fits JupyterLab's output area (about 970 pixels in a 1400-pixel
    #: window with the file browser open); an ipympl canvas is never scaled down, a wider one is cut off
    figsize = (9.4, 4.4)
    #: the activations a slider for alpha applies to
    WITH_ALPHA = tuple(activations.ALPHA_DEFAULTS)

    def __init__(self, activation="sigmoid", w=1.0, b=0.0, alpha=None, x=None):
        activations.get(activation)  # a clear error for an unknown name, before any figure exists
        self.x = self._grid(x)
        if alpha is None:
            alpha = activations.ALPHA_DEFAULTS.get(activation, 0.1)
        super().__init__(activation=activation, w=w, b=b, alpha=alpha)

    def _build(self):
        from matplotlib.ticker import MaxNLocator

        self.ax, self.ax_grad = self.fig.subplots(1, 2)
        zeros = np.zeros_like(self.x)
        for ax in (self.ax, self.ax_grad):
            ax.axhline(0, color=PALETTE["black"], alpha=0.25, lw=0.8)
            ax.axvline(0, color=PALETTE["black"], alpha=0.25, lw=0.8)
            ax.set_xlim(self.x[0], self.x[-1])
            ax.set_xlabel("input $x$")
            ax.grid(alpha=0.3)
            # few ticks: tick labels are most of the cost of a redraw
            ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
            ax.yaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 5, 10]))
        self.family = [self.ax.plot(self.x, zeros, color=color, ls=style, lw=1.5, alpha=0.7, label=label)[0]
                       for color, style, label in zip(FAMILY_COLORS, FAMILY_STYLES, FAMILY_LABELS)]
        self.grad_family = [self.ax_grad.plot(self.x, zeros, color=color, ls=style, lw=1.5, alpha=0.7)[0]
                            for color, style in zip(FAMILY_COLORS, FAMILY_STYLES)]
        self.family_key = None  # (activation, alpha) the faint curves show
        (self.line,) = self.ax.plot(self.x, zeros, color=CYCLE[0], ls=LINESTYLES[0], lw=3,
                                    label="$f(wx+b)$, w and b of the sliders")
        (self.grad_line,) = self.ax_grad.plot(self.x, zeros, color=CYCLE[1], ls=LINESTYLES[1], lw=3,
                                              label="its derivative $f'(wx+b)$")
        self.ax.set_ylabel("output $f(wx+b)$")
        self.ax_grad.set_ylabel("derivative $f'(wx+b)$")
        # under both panels: no curve ever crosses it, and it is kept as pixels
        self.fig.legend(handles=[self.line, self.grad_line, *self.family], loc="lower center", ncol=4, frameon=False,
                        columnspacing=1.2, handlelength=1.8)
        # A fixed title position spares the layout pass that an automatic one
        # needs on every redraw; the titles' text changes in update().
        self.title = self.ax.set_title(" ", y=1.0)
        self.grad_title = self.ax_grad.set_title(" ", y=1.0)
        self.fig.tight_layout(rect=(0, 0.12, 1, 1))
        # Redrawn on every update, in the order matplotlib draws them (curves, the
        # frame, the titles); the faint family, ticks, labels, grids and the legend
        # are kept as pixels.
        self._mark_moving(self.line, *self.ax.spines.values(), self.grad_line, *self.ax_grad.spines.values(),
                          self.title, self.grad_title)

    def _controls(self):
        import ipywidgets as W

        style = {"description_width": "initial"}
        return {
            "activation": W.Dropdown(
                options=sorted(activations.ACTIVATIONS), value=self.values["activation"], description="activation"
            ),
            "w": W.FloatSlider(value=self.values["w"], min=-5, max=5, step=0.1, description="weight w", style=style),
            "b": W.FloatSlider(value=self.values["b"], min=-10, max=10, step=0.1, description="bias b", style=style),
            "alpha": W.FloatSlider(
                value=self.values["alpha"],
                min=0,
                max=2,
                step=0.01,
                description="alpha",
                style=style,
                disabled=self.values["activation"] not in self.WITH_ALPHA,
            ),
        }

    @classmethod
    def curves(cls, x, activation, w, b, alpha):
        """(f(w x + b), f'(w x + b)) on the grid ``x``; ``alpha`` is used only where it applies."""
        w, b, alpha = validate.number(w, "w"), validate.number(b, "b"), validate.number(alpha, "alpha")
        f, f_grad = activations.get(activation)
        z = w * np.asarray(x, dtype=float) + b
        if activation in cls.WITH_ALPHA:
            return f(z, alpha=alpha), f_grad(z, alpha=alpha)
        return f(z), f_grad(z)

    @classmethod
    def _limits(cls, *arrays, floor=(-0.1, 1.1)):
        """y-limits holding the curves: ``floor``, widened to a round value where a curve
        leaves it, plus a 6% margin.  Round values keep the limits (and the ticks) still
        while a slider moves, except when a curve passes one."""
        lo = min(float(np.min(a)) for a in arrays)
        hi = max(float(np.max(a)) for a in arrays)
        lo = floor[0] if lo >= floor[0] else -cls._round_up(-lo)
        hi = floor[1] if hi <= floor[1] else cls._round_up(hi)
        pad = 0.06 * (hi - lo)
        return lo - pad, hi + pad

    def update(self, activation, w, b, alpha):
        """Recompute both curves for these slider values and move the existing lines."""
        y, dy = self.curves(self.x, activation, w, b, alpha)
        self.line.set_ydata(y)
        self.grad_line.set_ydata(dy)
        uses_alpha = activation in self.WITH_ALPHA
        key = (activation, alpha if uses_alpha else None)
        if key != self.family_key:  # the faint curves change with the activation (and its alpha) only
            for line, grad_line, (fw, fb) in zip(self.family, self.grad_family, FAMILY):
                fy, fdy = self.curves(self.x, activation, fw, fb, alpha)
                line.set_ydata(fy)
                grad_line.set_ydata(fdy)
            self.family_key = key
        # the live curve and the plain activation f(x) (w = 1, b = 0) set the limits
        plain = FAMILY.index((1.0, 0.0))
        self._set_limits(self.ax, ylim=self._limits(y, self.family[plain].get_ydata()))
        self._set_limits(self.ax_grad, ylim=self._limits(dy, self.grad_family[plain].get_ydata(), floor=(-0.05, 0.3)))
        # plain text, not mathtext: a title is laid out again on every redraw
        sign = "+" if b >= 0 else "−"
        extra = f", α = {alpha:.2f}" if activation in self.WITH_ALPHA else ""
        self.title.set_text(f"y = {activation}({w:.1f}·x {sign} {abs(b):.1f}){extra}")
        self.grad_title.set_text(f"derivative: largest value {float(np.max(dy)):.3g}")
        if "alpha" in self.controls:
            self.controls["alpha"].disabled = activation not in self.WITH_ALPHA
