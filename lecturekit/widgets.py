"""Slider widgets for live lectures.

Every widget follows one pattern, implemented once in :class:`LiveFigure`:

* the matplotlib figure is built **once**; a slider event only changes the
  data of existing artists (``set_data`` / ``set_ydata``) in :meth:`update`,
  a plain method that unit tests call with slider values, no browser needed;
* with the interactive ipympl backend (``%matplotlib widget``) the canvas is
  itself a widget and is redrawn with ``draw_idle()``;
* with the default inline backend (Colab, nbconvert, nbval, static HTML) the
  figure is shown as a picture through a display handle, and each slider
  event replaces that picture in place.  Run headless, the cell therefore
  still holds a static figure of the initial state.
"""
from __future__ import annotations

import numpy as np

from . import activations


class LiveFigure:
    """A figure built once plus ipywidgets controls that update it.

    Subclasses create ``self.fig`` and their artists in ``_build()``, list
    their controls in ``_controls()`` (name -> ipywidgets widget) and change
    artist data in ``update(**values)``.
    """

    figsize = (7.0, 3.6)

    def __init__(self, **initial):
        import matplotlib.pyplot as plt

        with plt.ioff():
            self.fig = plt.figure(figsize=self.figsize)
        self._handle = None
        self._syncing = False
        self._build()
        self.controls = {}
        self.values = dict(initial)
        self.update(**self.values)

    # -- to be provided by subclasses ------------------------------------
    def _build(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _controls(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self, **values):  # pragma: no cover - abstract
        raise NotImplementedError

    # -- shared machinery -------------------------------------------------
    @property
    def interactive_canvas(self) -> bool:
        """True when the canvas is an ipympl widget (``%matplotlib widget``)."""
        try:
            import ipywidgets
        except ImportError:  # pragma: no cover
            return False
        return isinstance(self.fig.canvas, ipywidgets.DOMWidget)

    def set(self, **values):
        """Change some values (as a slider would), update and redraw.

        Unknown names raise ``ValueError``; sliders already on screen move to
        the new values, so code and controls never disagree.
        """
        unknown = set(values) - set(self.values)
        if unknown:
            raise ValueError(f"unknown value name(s) {sorted(unknown)}; this widget has {sorted(self.values)}")
        self.values.update(values)
        self.update(**self.values)
        self.redraw()
        if self.controls and not self._syncing:
            self._syncing = True
            try:
                for name, value in values.items():
                    if name in self.controls:
                        self.controls[name].value = value
            finally:
                self._syncing = False

    def redraw(self):
        if self.interactive_canvas:
            self.fig.canvas.draw_idle()
        elif self._handle is not None:
            self._handle.update(self.fig)

    def _on_change(self, change):
        if self._syncing:  # a programmatic set() moving the slider
            return
        owner = change["owner"]
        name = next(k for k, w in self.controls.items() if w is owner)
        self.set(**{name: change["new"]})

    def widget(self):
        """The controls (and, with ipympl, the canvas) as one ipywidgets box."""
        import ipywidgets as W

        if not self.controls:
            self.controls = self._controls()
            for w in self.controls.values():
                w.observe(self._on_change, names="value")
        box = W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))
        if self.interactive_canvas:
            self.fig.canvas.header_visible = False
            return W.VBox([box, self.fig.canvas])
        return box

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget())
        if not self.interactive_canvas:
            import matplotlib.pyplot as plt

            plt.close(self.fig)  # keep the inline backend from showing it twice
            self._handle = display(self.fig, display_id=True)


class NeuronExplorer(LiveFigure):
    """One neuron y = f(w x + b) on a 1-D input, with sliders for w and b.

    The weight changes the steepness, the bias shifts the curve: the neuron
    "switches" where w x + b = 0, i.e. at x = -b / w (a dotted line).  The
    perceptron's step with the same w and b is drawn dashed for comparison.

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
        self.x = np.linspace(-6, 6, 401) if x is None else np.asarray(x, dtype=float)
        if self.x.ndim != 1 or self.x.size < 2:
            raise ValueError(f"x must be a 1-D grid of at least 2 points, got shape {self.x.shape}")
        super().__init__(w=w, b=b, activation=activation)

    def _build(self):
        ax = self.ax = self.fig.add_subplot()
        (self.step_line,) = ax.plot(self.x, np.zeros_like(self.x), "--", color="0.6", lw=1.5, label="perceptron (step)")
        (self.line,) = ax.plot(self.x, np.zeros_like(self.x), color="tab:blue", lw=2.5, label="neuron")
        self.threshold = ax.axvline(0.0, color="tab:red", ls=":", lw=1.5, label="$wx+b=0$")
        ax.set_xlabel("input $x$")
        ax.set_ylabel("output $y$")
        ax.set_xlim(self.x[0], self.x[-1])
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=9)
        self.fig.tight_layout()

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
        f, _ = activations.get(activation)
        return f(w * np.asarray(x, dtype=float) + b)

    def update(self, w, b, activation):
        """Recompute the curves for (w, b, activation) and move the artists."""
        y = self.curve(self.x, w, b, activation)
        self.line.set_ydata(y)
        self.step_line.set_ydata(self.curve(self.x, w, b, "step"))
        xt = -b / w if w != 0 else np.nan
        self.threshold.set_xdata([xt, xt])
        lo, hi = min(0.0, float(y.min())), max(1.0, float(y.max()))
        pad = 0.08 * (hi - lo)
        self.ax.set_ylim(lo - pad, hi + pad)
        self.ax.set_title(f"$y = \\mathrm{{{activation}}}({w:.1f}\\,x {'+' if b >= 0 else '-'} {abs(b):.1f})$")
