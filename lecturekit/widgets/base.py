"""The pattern every lecture widget follows: :class:`LiveFigure`.

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

Speed: a slider drag must redraw in a few tens of milliseconds.  Most of a
matplotlib redraw is the part that never moves (ticks, tick labels, axis
labels, legends, contour lines), so the figure keeps the pixels of that part
and repaints only the artists a widget marks as moving (:meth:`LiveFigure._mark_moving`);
see :func:`_figure_class`.
"""
from __future__ import annotations

import contextlib
import functools
import math

import numpy as np

from .. import style, validate


#: mantissas of the "round" upper limits :meth:`LiveFigure._round_up` picks (at most 1.5x the value)
_ROUND = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


@functools.cache
def _figure_class():
    """A matplotlib ``Figure`` that keeps the pixels of its static part between draws.

    It is matplotlib's documented blitting ("Faster rendering by using
    blitting"), done inside ``Figure.draw`` so that every canvas profits:
    ipympl's, and a plain Agg canvas.  Artists registered with ``add_moving``
    are *animated*: matplotlib leaves them out of its ordinary draw, and their
    changes do not mark the figure stale.  A draw then

    * draws the figure the ordinary way without them and keeps those pixels
      (the background, ``copy_from_bbox``) when the figure is stale (anything
      else changed: a limit, a label, the size or the resolution) or no
      background exists yet;
    * otherwise puts the kept background back (``restore_region``);

    and draws the moving artists on top, in the order they were registered.
    Saving (``savefig``, the inline backend's pictures) draws the whole
    figure the ordinary way, the moving artists included.
    """
    import matplotlib.figure
    from matplotlib.backend_bases import DrawEvent

    class Figure(matplotlib.figure.Figure):  # same name, same repr as any figure
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._moving = []
            self._background = None  # (renderer size and dpi, pixels)

        def add_moving(self, *artists):
            for artist in artists:
                artist.set_animated(True)  # its changes leave the background valid
                self._moving.append(artist)

        def draw(self, renderer):
            moving = [a for a in self._moving if a.get_figure() is self]  # not removed since
            if (not moving or not self.get_visible() or self.canvas.is_saving()
                    or not hasattr(renderer, "copy_from_bbox")):
                with _set_each(moving, "animated", False):  # the ordinary picture, every artist in it
                    return super().draw(renderer)
            key = (renderer.width, renderer.height, renderer.dpi)
            if self.stale or self._background is None or self._background[0] != key:
                # Hidden as well as animated: older matplotlib still draws animated images.
                with self.canvas.callbacks.blocked(signal="draw_event"), _set_each(moving, "visible", False):
                    super().draw(renderer)
                self._background = (key, renderer.copy_from_bbox(self.bbox))
            else:
                renderer.restore_region(self._background[1])
            for artist in moving:
                artist.draw(renderer)
            self.stale = False
            self.canvas.callbacks.process("draw_event", DrawEvent("draw_event", self.canvas, renderer))

    return Figure


@contextlib.contextmanager
def _set_each(artists, prop: str, value):
    """Set one property of each artist for the duration of a ``with`` block, then restore it."""
    before = [(a, getattr(a, f"get_{prop}")()) for a in artists]
    try:
        for a, _ in before:
            getattr(a, f"set_{prop}")(value)
        yield
    finally:
        for a, old in before:
            getattr(a, f"set_{prop}")(old)


class LiveFigure:
    """A figure built once plus ipywidgets controls that update it.

    Subclasses create ``self.fig`` and their artists in ``_build()``, list
    their controls in ``_controls()`` (name -> ipywidgets widget) and change
    artist data in ``update(**values)``.
    """

    #: inches, at ``style.RC["figure.dpi"]``: fits a 1280 x 720 slide beside its sliders
    figsize = (9.0, 4.4)

    def __init__(self, **initial):
        import matplotlib.pyplot as plt

        # The lecture style (text of 11 pt or more) whatever the notebook's own
        # settings; every text of the figure takes its size now, tick labels too.
        with plt.ioff(), plt.rc_context(style.RC):
            self.fig = plt.figure(figsize=self.figsize, FigureClass=_figure_class())
            self._build()
            for ax in self.fig.axes:
                ax.tick_params(which="both", labelsize=style.RC["xtick.labelsize"])
        self._handle = None
        self._syncing = False
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

    # -- helpers for subclasses --------------------------------------------
    @staticmethod
    def _grid(x) -> np.ndarray:
        """The input grid of a curve widget: 401 points on [-6, 6] by default, else ``x`` checked."""
        if x is None:
            return np.linspace(-6, 6, 401)
        x = validate.real(x, "x", "a 1-D grid")
        if x.ndim != 1 or x.size < 2:
            raise ValueError(f"x must be a 1-D grid of at least 2 points, got shape {x.shape}")
        return x.astype(float)

    @staticmethod
    def _round_up(value: float) -> float:
        """The smallest m * 10**k >= value (m from ``_ROUND``), for value > 0.

        Limits that follow the data jump between these few values only, so most
        slider moves leave them (and the figure's static part) unchanged.
        """
        k = math.floor(math.log10(value))
        candidates = (float(f"{m:g}e{k}") for m in _ROUND)  # parsed, so 0.3 is 0.3, not 3 * 0.1
        return next(c for c in candidates if c >= value * (1 - 1e-12))

    @staticmethod
    def _set_limits(ax, xlim=None, ylim=None):
        """Set an axes' limits only where they differ: a change repaints the figure's static part."""
        if xlim is not None and ax.get_xlim() != tuple(xlim):
            ax.set_xlim(xlim)
        if ylim is not None and ax.get_ylim() != tuple(ylim):
            ax.set_ylim(ylim)

    # -- shared machinery -------------------------------------------------
    def _mark_moving(self, *artists):
        """Mark artists that ``update`` changes (for ``_build``).

        A redraw that changed nothing else repaints only these, over the kept
        pixels of the rest of the figure, in the order marked: mark them in
        the order matplotlib draws them (by zorder, then creation; an axes'
        spines above its lines and patches, legends above both), and mark
        any artist drawn above a moving one too, so the picture is exactly
        matplotlib's ordinary one.
        """
        self.fig.add_moving(*artists)

    @property
    def interactive_canvas(self) -> bool:
        """True when the canvas is an ipympl widget (``%matplotlib widget``)."""
        # A figure keeps its canvas class; the answer is cached.
        if getattr(self, "_interactive", None) is None:
            try:
                import ipywidgets

                self._interactive = isinstance(self.fig.canvas, ipywidgets.DOMWidget)
            except ImportError:  # pragma: no cover
                self._interactive = False
        return self._interactive

    def set(self, **values):
        """Change some values (as a slider would), update and redraw.

        Unknown names raise ``ValueError``, as do values ``update`` rejects
        (the widget then keeps its previous values); sliders already on
        screen move to the new values, so code and controls never disagree.
        """
        unknown = set(values) - set(self.values)
        if unknown:
            raise ValueError(f"unknown value name(s) {sorted(unknown)}; this widget has {sorted(self.values)}")
        self.update(**{**self.values, **values})  # checks the values before anything is kept
        self.values.update(values)
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
