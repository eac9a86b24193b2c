"""Notebook 01's universality widget: a curve traced by bumps of sigmoid neurons."""
from __future__ import annotations

import numpy as np

from .. import universality, validate
from .base import LiveFigure


class UniversalityExplorer(LiveFigure):
    """A target curve and a one-hidden-layer sigmoid network that traces it with bumps.

    One slider sets the number of hidden units; every two of them make one
    bump (:func:`lecturekit.universality.bump_network`), so more units trace
    the target more closely.  The title gives the mean distance between the
    two curves.

    Parameters
    ----------
    n_hidden : int
        Initial number of hidden units, even, 2 .. ``max_hidden``.
    max_hidden : int
        The slider's upper end (even, at most ``universality.MAX_HIDDEN``).
    """

    def __init__(self, n_hidden=10, max_hidden=100):
        self.max_hidden = validate.int_in(max_hidden, "max_hidden", 2, universality.MAX_HIDDEN, even=True)
        self.x = np.linspace(0.0, 1.0, 501)
        self.target = universality.wiggly(self.x)
        super().__init__(n_hidden=n_hidden)

    def _build(self):
        ax = self.ax = self.fig.add_subplot()
        ax.plot(self.x, self.target, **universality.TARGET_STYLE)
        (self.line,) = ax.plot(self.x, np.zeros_like(self.x), **universality.NETWORK_STYLE)
        ax.set_xlim(0, 1)
        ax.set_ylim(0.0, 1.0)
        ax.set_xlabel("input $x$")
        ax.set_ylabel("output")
        ax.grid(alpha=0.3)
        legend = ax.legend(loc="upper left")
        self.title = ax.set_title(" ", y=1.0)
        self.fig.tight_layout()
        self._mark_moving(self.line, *ax.spines.values(), legend, self.title)

    def _controls(self):
        import ipywidgets as W

        return {
            "n_hidden": W.IntSlider(value=self.values["n_hidden"], min=2, max=self.max_hidden, step=2,
                                    description="hidden units", style={"description_width": "initial"}),
        }

    def curve(self, n_hidden):
        """The network's output on ``self.x`` (shape (501,)) with ``n_hidden`` hidden units."""
        n_hidden = validate.int_in(n_hidden, "n_hidden", 2, self.max_hidden, "two per bump", even=True)
        return universality.one_hidden_layer(self.x, *universality.bump_network(universality.wiggly, n_hidden))

    def error(self, n_hidden) -> float:
        """Mean |network - target| over the plotted inputs."""
        return float(np.mean(np.abs(self.curve(n_hidden) - self.target)))

    def update(self, n_hidden):
        """Trace the target with ``n_hidden`` hidden units and move the curve."""
        y = self.curve(n_hidden)
        self.line.set_ydata(y)
        error = np.mean(np.abs(y - self.target))
        self.title.set_text(f"{n_hidden} hidden units = {n_hidden // 2} bumps: mean |error| {error:.3f}")
