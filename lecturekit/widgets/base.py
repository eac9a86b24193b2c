"""The pattern every lecture widget follows: :class:`LiveFigure`.

Every widget follows one pattern, implemented once in :class:`LiveFigure`:

* the matplotlib figure is built **once**; a slider event only changes the
  data of existing artists (``set_data`` / ``set_ydata``) in :meth:`update`,
  a plain method that unit tests call with slider values, no browser needed;
* the figure is first shown as a picture through a display handle, so a
  notebook run headless (nbval, nbconvert, the slides, the static site)
  stores a static figure of its state;
* in a live notebook the first slider move chooses how frames reach the
  screen (:func:`use_backend`): by default an ipympl canvas that replaces
  the picture in place (each frame is sent whole, see :func:`_canvas_class`),
  on Colab the picture replaced in place by a new PNG on each frame;
* while a slider moves, a widget draws at most one frame per
  :attr:`LiveFigure.frame_interval` on the kernel's event loop, always with
  the latest values and dropping the ones in between (a throttle with a
  trailing frame): frames never queue up behind the hand, and the last one
  shows where the slider stopped;
* a frame that fails (an exception on the event loop, which would otherwise
  only reach the kernel's log) says so under the sliders, with the values it
  could not show (:attr:`LiveFigure.failed`);
* frames are drawn one at a time, whichever thread asks: ipykernel 7 may
  hand widget messages to a second thread (a *subshell*) besides the main
  one, and two draws of one figure at once send half-drawn pictures and can
  leave the moving artists hidden for good.  Each figure has one lock
  (``fig.draw_lock``), taken before any drawing starts (older matplotlib,
  3.7 for one, takes a lock of its own inside a canvas' draw) by every draw
  a widget or its ipympl canvas makes, and while a widget decides its next
  frame.

Speed: a frame must be drawn in a few tens of milliseconds.  Most of a
matplotlib redraw is the part that never moves (ticks, tick labels, axis
labels, legends, contour lines), so the figure keeps the pixels of that part
and repaints only the artists a widget marks as moving (:meth:`LiveFigure._mark_moving`);
see :func:`_figure_class`.
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import logging
import math
import os
import threading
import time

import numpy as np

from .. import launch, style, validate

_log = logging.getLogger(__name__)

#: How a live notebook's widgets show their frames (see :func:`use_backend`).
BACKENDS = ("auto", "ipympl", "inline")
#: The choice when nothing is chosen: an ipympl canvas where ipympl is
#: installed (JupyterLab, Binder), inline frames on Colab and elsewhere.
DEFAULT_BACKEND = "auto"
_backend = {"name": os.environ.get("LECTUREKIT_WIDGETS", DEFAULT_BACKEND)}


def use_backend(name: str = DEFAULT_BACKEND) -> str:
    """Choose how slider widgets show their frames in a live notebook; returns the choice.

    * ``"auto"`` (default): an ipympl canvas where ipympl is installed and
      the notebook does not run on Colab (where ipympl does not render
      reliably), else ``"inline"``;
    * ``"ipympl"``: the figure becomes an ipympl canvas at the first slider
      move (it replaces the static picture in place);
    * ``"inline"``: each frame replaces the static picture by a new PNG; it
      shows wherever notebook outputs show (choose it where an ipympl canvas
      stays empty, e.g. a front end without ipympl's extension).

    Either way a notebook run without a browser stores the static picture
    (the choice is made at the first slider move, which only a browser makes).
    The environment variable ``LECTUREKIT_WIDGETS`` sets the choice at import.
    """
    if name not in BACKENDS:
        raise ValueError(f"backend must be one of {list(BACKENDS)}, got {name!r}")
    _backend["name"] = name
    return name


def _ipympl_wanted() -> bool:
    """Whether the first slider move should turn the figure into an ipympl canvas."""
    name = _backend["name"]
    if name == "inline" or (name == "auto" and launch.in_colab()):
        return False
    import importlib.util

    if importlib.util.find_spec("ipympl") is None:
        if name == "ipympl":
            raise ImportError("the ipympl backend needs the ipympl package: pip install ipympl")
        return False
    return True


def _ipympl_backend():
    """ipympl's canvas module, imported without its side effect of making ipympl every figure's backend."""
    import matplotlib

    before = matplotlib.get_backend()
    import ipympl.backend_nbagg

    if matplotlib.get_backend() != before:  # the notebook's other figures keep their backend
        matplotlib.use(before)
    return ipympl.backend_nbagg


@functools.cache
def _canvas_class():
    """ipympl's canvas, sending each frame whole.

    ipympl normally sends a frame as a PNG of only the pixels that changed
    since the frame before (a *diff*); whether a PNG is whole or a diff
    travels in a separate message (a change of the widget's state), read
    when the PNG has loaded.  Its browser side (0.10) loads each PNG into one
    image element: a frame followed by the next before it has loaded is
    never painted, so a diff can land on a picture that misses the frame
    before it.  A whole frame the browser skips leaves no trace, and the
    mode message is sent once.  Whole frames cost a little more on the wire
    (about 60 kB); a widget sends at most one per :attr:`LiveFigure.frame_interval`.
    """
    ipympl = _ipympl_backend()

    class Canvas(ipympl.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.frame_drawn = False  # a frame was drawn and not sent yet

        def draw(self):
            with self.figure.draw_lock:  # (ipympl draws when the browser asks: maybe on another thread)
                self.frame_drawn = True
                super().draw()  # draws the figure, then sends it (``get_diff_image``)

        def get_diff_image(self):
            """The PNG of the whole canvas if a frame was drawn since the last one sent, else None."""
            with self.figure.draw_lock:
                if not self.frame_drawn:
                    return None
                self.frame_drawn = False
                self.set_image_mode("full")  # the browser clears the canvas, then paints the PNG
                return _png(np.asarray(self.get_renderer().buffer_rgba()), LiveFigure.frame_compression)

        def send_binary(self, data):
            """Send a frame to the browser (ipympl's message).

            Until a browser has shown the canvas, the frame is also kept as
            the picture a saved notebook shows in its place (ipympl keeps it
            as a data URL).
            """
            if self.syncing_data_url:
                self._data_url = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
            self.send({"data": '{"type": "binary"}'}, buffers=[data])

    return Canvas


def _whole_frame_canvas(fig, num):
    """Give ``fig`` an ipympl canvas that sends whole frames (:func:`_canvas_class`), with its manager."""
    canvas = _canvas_class()(fig)  # the figure's canvas from now on
    _ipympl_backend().FigureManager(canvas, num)
    return canvas


def _png(pixels: np.ndarray, compression: int) -> bytes:
    """PNG of an RGBA array (h, w, 4), the alpha left out where the picture is opaque.

    Written here rather than by Pillow: rows unfiltered (PNG filter 0) and
    deflated at zlib level ``compression``, it takes about a third of the
    time of Pillow's filtered rows at level 1 (5 instead of 17 ms for a
    slider frame of 940 x 400 pixels) for a file of about the same size.
    """
    import struct
    import zlib

    if (pixels[..., 3] == 255).all():
        pixels = pixels[..., :3]
    height, width, channels = pixels.shape
    rows = np.zeros((height, 1 + width * channels), np.uint8)  # each row starts with its filter, 0: none
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    color_type = 2 if channels == 3 else 6  # RGB or RGBA, 8 bits per channel
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), compression)) + chunk(b"IEND", b""))


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
            self._background = None  # (renderer, its size and dpi, pixels)
            self._background_paints = 0
            self.draw_lock = threading.RLock()  # held by every draw of a widget or its canvas (LiveFigure)

        def add_moving(self, *artists):
            for artist in artists:
                artist.set_animated(True)  # its changes leave the background valid
                self._moving.append(artist)

        @property
        def moving(self) -> tuple:
            """The artists marked as moving (``add_moving``) and still in the figure, in the order drawn on top."""
            return tuple(a for a in self._moving if a.get_figure() is self)

        @property
        def background_paints(self) -> int:
            """How many draws have painted the static part anew and kept its pixels.

            A draw after changes of moving artists only puts the kept pixels
            back and leaves the count as it was; the first draw, and one after
            any other change (a limit, a label, the size), adds one.  Saving
            the figure draws it whole and leaves the count alone.
            """
            return self._background_paints

        def draw(self, renderer):
            moving = [a for a in self._moving if a.get_figure() is self]  # not removed since
            if (not moving or not self.get_visible() or self.canvas.is_saving()
                    or not hasattr(renderer, "copy_from_bbox")):
                with _set_each(moving, "animated", False):  # the ordinary picture, every artist in it
                    return super().draw(renderer)
            key = (renderer, renderer.width, renderer.height, renderer.dpi)  # a new canvas has a new renderer
            if self.stale or self._background is None or self._background[:4] != key:
                # Hidden as well as animated: older matplotlib still draws animated images.
                with self.canvas.callbacks.blocked(signal="draw_event"), _set_each(moving, "visible", False):
                    super().draw(renderer)
                self._background = (*key, renderer.copy_from_bbox(self.bbox))
                self._background_paints += 1
            else:
                renderer.restore_region(self._background[4])
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
    #: seconds from the end of one slider frame to the start of the next, at least
    frame_interval = 0.04
    #: zlib level of the PNG of a slider frame: fast to make, a little larger
    #: than matplotlib's (the static picture is stored at level 6)
    frame_compression = 1

    def __init__(self, **initial):
        import matplotlib.pyplot as plt

        # The lecture style (text of 12 pt or more, the colour-blind-safe cycle) whatever
        # the notebook's own settings; every text of the figure takes its size now, tick labels too.
        with plt.ioff(), plt.rc_context({**style.RC, "axes.prop_cycle": style.cycler()}):
            self.fig = plt.figure(figsize=self.figsize, FigureClass=_figure_class())
            self._build()
            for ax in self.fig.axes:
                ax.tick_params(which="both", labelsize=style.RC["xtick.labelsize"])
        if self.interactive_canvas:  # `%matplotlib widget`: an ipympl canvas that sends whole frames
            plt.close(self.fig)
            _whole_frame_canvas(self.fig, id(self))
        self._handle = None  # the display handle of the picture (inline frames)
        self._syncing = False
        self._pending = {}  # slider values not drawn yet
        self._timer = None  # the frame due on the event loop, if any
        self._frame_end = -math.inf  # when the last frame was done (time.monotonic)
        self._notice = None  # the label under the sliders that tells of a failed frame
        #: (values, error text) of the last frame that could not be shown, else None
        self.failed = None
        self.shown = {}  # the values the figure on screen shows
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
        """True when the canvas is an ipympl widget (``%matplotlib widget``, or after the switch)."""
        # A figure keeps its canvas class until the switch; the answer is cached.
        if getattr(self, "_interactive", None) is None:
            try:
                import ipywidgets

                self._interactive = isinstance(self.fig.canvas, ipywidgets.DOMWidget)
            except ImportError:  # pragma: no cover
                self._interactive = False
        return self._interactive

    @property
    def frame_due(self) -> bool:
        """True while slider values wait for their frame (drawn on the event loop), False once all are shown."""
        return self._timer is not None or bool(self._pending)

    @property
    def notice(self) -> str:
        """The message under the sliders about a frame that could not be shown; ``""`` while none is shown."""
        return "" if self._notice is None else self._notice.value

    def set(self, **values):
        """Change some values (as a slider would), update and redraw.

        Unknown names raise ``ValueError``, as do values ``update`` rejects
        (the widget then keeps its previous values); sliders already on
        screen move to the new values, so code and controls never disagree.
        """
        with self.fig.draw_lock:
            self._apply(values)
            self.redraw()
        if self.controls and not self._syncing:
            self._syncing = True
            try:
                for name, value in values.items():
                    if name in self.controls:
                        self.controls[name].value = value
            finally:
                self._syncing = False

    def _apply(self, values):
        unknown = set(values) - set(self.values)
        if unknown:
            raise ValueError(f"unknown value name(s) {sorted(unknown)}; this widget has {sorted(self.values)}")
        self.update(**{**self.values, **values})  # checks the values before anything is kept
        self.values.update(values)

    def redraw(self):
        """Show the figure as it is now: draw the ipympl canvas, or replace the picture."""
        self._show(compression=6)

    def _show(self, compression: int):
        if self.interactive_canvas:
            self.fig.canvas.draw()  # and sends the frame to the browser
        elif self._handle is not None:
            self._handle.update(self._picture(compression), raw=True)
        self.shown = dict(self.values)

    def _picture(self, compression: int = 6) -> dict:
        """The figure as a display bundle: a PNG of the canvas (fast redraw) and the figure's text form."""
        canvas = self.fig.canvas
        if not hasattr(canvas, "buffer_rgba"):  # e.g. the plain canvas a closed pyplot figure keeps
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            canvas = FigureCanvasAgg(self.fig)

        with self.fig.draw_lock:
            canvas.draw()  # repaints only what moved
            png = _png(np.asarray(canvas.buffer_rgba()), compression)
        return {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": repr(self.fig)}

    # -- slider frames ------------------------------------------------------
    def _on_change(self, change):
        if self._syncing:  # a programmatic set() moving the slider
            return
        owner = change["owner"]
        name = next(k for k, w in self.controls.items() if w is owner)
        with self.fig.draw_lock:  # (slider messages may come on two threads, see the module docstring)
            self._pending[name] = change["new"]
            try:
                loop = asyncio.get_running_loop()  # the kernel's
            except RuntimeError:  # no event loop (a script, a test): draw at once, errors raised to the caller
                self._draw_pending()
                return
            if self._timer is None:  # else the frame already due takes these values too
                delay = max(0.0, self._frame_end + self.frame_interval - time.monotonic())
                self._timer = loop.call_later(delay, self._show_pending)

    def _show_pending(self):
        """The frame due on the event loop: the latest values drawn, a failure told to the lecturer.

        An exception here would only reach the kernel's log while the figure
        silently stays behind the sliders; instead the widget keeps it in
        :attr:`failed` and says under the sliders which values it could not
        show (the next frame that succeeds clears the message).
        """
        with self.fig.draw_lock:
            self._timer = None
            values = dict(self._pending)
            try:
                self._draw_pending()
            except Exception as error:
                self._report_failure(values, error)
            else:
                if self.failed is not None and values:
                    self._report_failure(None, None)

    def _draw_pending(self):
        """Draw one frame with the latest slider values (those in between are never drawn)."""
        values, self._pending = self._pending, {}
        if not values:
            return
        try:
            self._apply(values)
            if not self.interactive_canvas and self._handle is not None and _ipympl_wanted():
                self._switch_to_ipympl()
            self._show(self.frame_compression)
        finally:
            self._frame_end = time.monotonic()

    def _report_failure(self, values, error):
        """Show (or, with ``values=None``, clear) the message of a frame that failed."""
        if values is None:
            self.failed = None
            text = ""
        else:
            shown = ", ".join(f"{k} = {v!r}" for k, v in values.items())
            self.failed = (dict(values), f"{type(error).__name__}: {error}")
            text = f"⚠ the figure could not show {shown}: {self.failed[1]}"
            _log.error("%s could not show %s", type(self).__name__, shown, exc_info=error)  # the kernel's log
        if self._notice is not None:
            self._notice.value = text
            self._notice.layout.display = None if text else "none"

    def _switch_to_ipympl(self):
        """Give the figure an ipympl canvas and show it in place of the static picture."""
        canvas = _whole_frame_canvas(self.fig, id(self))
        canvas.header_visible = canvas.footer_visible = canvas.resizable = False
        canvas.toolbar_visible = False
        self._interactive = True
        self._handle.update(canvas)

    def widget(self):
        """The controls (and, with ipympl, the canvas) as one ipywidgets box."""
        import ipywidgets as W

        if not self.controls:
            self.controls = self._controls()
            for w in self.controls.values():
                w.observe(self._on_change, names="value")
        if self._notice is None:  # a line of its own after the controls, shown only when a frame fails
            self._notice = W.Label("", layout=W.Layout(display="none", width="100%"))
        box = W.HBox([*self.controls.values(), self._notice], layout=W.Layout(flex_flow="row wrap"))
        if self.interactive_canvas and self._handle is None:
            self.fig.canvas.header_visible = False
            return W.VBox([box, self.fig.canvas])
        return box

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget())
        if not self.interactive_canvas:
            import matplotlib.pyplot as plt

            plt.close(self.fig)  # keep the inline backend from showing it twice
            self._handle = display(self._picture(), raw=True, display_id=True)
            self.shown = dict(self.values)
