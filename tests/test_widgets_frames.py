"""Slider frames: throttled on the event loop, always ending on the latest values; inline or ipympl.

A drag sends many value changes; a widget draws at most one frame per
``frame_interval`` (after the previous one is done), each with the latest
values, and the last frame shows where the slider stopped.  No browser here:
the slider is moved from a coroutine on an asyncio loop, as the kernel's
event loop delivers a drag.
"""
import asyncio
import base64
import io
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecturekit import launch
from lecturekit.activations import sigmoid
from lecturekit.widgets import NeuronExplorer, base

from tests.notebook_cell import show


def ipympl_canvas_module():
    """ipympl's canvas module, imported with the notebook's matplotlib backend kept (as the widgets do)."""
    before = matplotlib.get_backend()
    import ipympl.backend_nbagg

    if matplotlib.get_backend() != before:
        matplotlib.use(before)
    return ipympl.backend_nbagg


@pytest.fixture
def backend():
    yield base.use_backend
    base.use_backend()  # back to the default


@pytest.fixture
def shown():
    """A NeuronExplorer displayed as in a live notebook, and its cell (which records every frame)."""
    e = NeuronExplorer()
    cell = show(e)
    yield e, cell
    plt.close(e.fig)


@pytest.fixture
def explorer(shown):
    return shown[0]


@pytest.fixture
def cell(shown):
    return shown[1]


def drag(widget, name, values, seconds):
    """Move one slider through ``values`` over ``seconds`` on an event loop, then let it settle."""

    async def hand():
        for value in values:
            widget.controls[name].value = value
            await asyncio.sleep(seconds / len(values))
        released = time.monotonic()
        await asyncio.sleep(0.5)
        return released

    return asyncio.run(hand())


def ordinary_picture(fig) -> np.ndarray:
    """matplotlib's ordinary picture of ``fig`` (every artist drawn anew), RGBA (h, w, 4)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=fig.dpi)
    width, height = fig.canvas.get_width_height()
    return np.frombuffer(buf.getvalue(), np.uint8).reshape(height, width, 4)


def png_pixels(frame):
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(base64.b64decode(frame["image/png"]))).convert("RGB"))


def test_a_drag_draws_few_frames_and_ends_on_the_last_value(explorer, cell, backend):
    backend("inline")
    values = np.round(np.linspace(1.0, 6.0, 30), 1)
    start = time.monotonic()
    released = drag(explorer, "w", values, 0.6)
    frames, times = cell.updates, cell.times
    # at most one frame per frame_interval (a frame takes time of its own too)
    assert 2 <= len(frames) <= 1 + (released - start) / explorer.frame_interval + 1
    assert len(frames) < len(values), "the values in between are dropped, not queued"
    assert all(t2 - t1 >= explorer.frame_interval for t1, t2 in zip(times, times[1:]))
    # the last frame shows the slider's last value, and nothing is drawn after it
    assert explorer.shown["w"] == values[-1] == explorer.values["w"]
    assert np.allclose(explorer.line.get_ydata(), sigmoid(values[-1] * explorer.x))
    assert not explorer.frame_due
    np.testing.assert_array_equal(png_pixels(frames[-1]), np.asarray(explorer.fig.canvas.buffer_rgba())[..., :3])


def test_a_frame_takes_the_values_of_every_slider_moved_since(explorer, cell, backend):
    backend("inline")

    async def two_sliders():
        explorer.controls["w"].value = 2.0  # three changes before the loop runs the frame ...
        explorer.controls["w"].value = 3.0
        explorer.controls["b"].value = -1.5
        due, before = explorer.frame_due, dict(explorer.shown)
        await asyncio.sleep(0.3)
        return due, before

    due, before = asyncio.run(two_sliders())
    assert due and before == {"w": 1.0, "b": 0.0, "activation": "sigmoid"}, "the frame is due, not drawn yet"
    assert len(cell.updates) == 1  # ... share it
    assert explorer.shown == {"w": 3.0, "b": -1.5, "activation": "sigmoid"} and not explorer.frame_due


def test_the_first_slider_move_turns_the_picture_into_an_ipympl_canvas(explorer, cell, backend):
    backend("auto")
    before = matplotlib.get_backend()
    explorer.controls["b"].value = 1.0
    (canvas,) = cell.updates  # the static picture is replaced by the canvas, once
    assert isinstance(canvas, ipympl_canvas_module().Canvas)
    assert explorer.fig.canvas is canvas and explorer.interactive_canvas
    assert matplotlib.get_backend() == before, "the notebook's other figures keep their backend"
    assert not canvas.toolbar_visible and not canvas.header_visible
    explorer.controls["b"].value = 2.0  # later frames: the canvas draws and sends the frame
    assert len(cell.updates) == 1 and explorer.shown["b"] == 2.0
    # what the canvas shows is matplotlib's ordinary picture
    shown = np.asarray(canvas.buffer_rgba()).copy()
    np.testing.assert_array_equal(shown, ordinary_picture(explorer.fig))


def test_programmatic_changes_never_switch_the_backend(explorer, cell, backend):
    backend("auto")
    explorer.set(w=4.0)  # a notebook cell (nbval, a reset for the next run): the stored picture stays a picture
    (frame,) = cell.updates
    assert frame["text/plain"] == repr(explorer.fig) and not explorer.interactive_canvas


def test_inline_everywhere_on_request_and_on_colab(explorer, cell, backend, monkeypatch):
    backend("inline")
    explorer.controls["w"].value = 2.0
    assert isinstance(cell.updates[-1], dict)
    backend("auto")
    monkeypatch.setattr(launch, "in_colab", lambda: True)
    explorer.controls["w"].value = 3.0
    assert isinstance(cell.updates[-1], dict) and not explorer.interactive_canvas


def test_unknown_backend_is_rejected(backend):
    with pytest.raises(ValueError, match=r"backend must be one of \['auto', 'ipympl', 'inline'\], got 'widget'"):
        backend("widget")


class LossyBrowser:
    """What ipympl's browser side (0.10) paints from the frames the kernel sends, at worst.

    Each frame is a PNG: a *full* one, or a *diff* holding only the pixels
    that changed since the frame before (the others transparent).  The browser
    loads each into one image element; a frame followed by the next before it
    loaded is never painted.  Here every second frame of a burst is lost that
    way; the last one always arrives.
    """

    def __init__(self):
        self.frames = []  # (image mode, RGBA pixels)

    def receive(self, canvas, data):
        from PIL import Image

        self.frames.append((canvas._current_image_mode, np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))))

    def screen(self, lose=True):
        screen = None
        for i, (mode, pixels) in enumerate(self.frames):
            if lose and i % 2 == 1 and i != len(self.frames) - 1:
                continue  # the next frame came before this one was painted
            if mode == "full" or screen is None:
                screen = pixels.copy()
            else:
                changed = pixels[..., 3] != 0
                screen[changed] = pixels[changed]
        return screen


@pytest.fixture
def lossy_browser(monkeypatch):
    """The browser of every ipympl canvas: it receives each frame a canvas sends."""
    ipympl = ipympl_canvas_module()
    browser = LossyBrowser()

    def send(canvas, content, buffers=None):  # a canvas' message to the browser
        if buffers:
            browser.receive(canvas, bytes(buffers[0]))

    monkeypatch.setattr(ipympl.Canvas, "send", send)
    # (ipympl's own send_binary sends the raw pixels, not its PNG, while no browser is connected)
    monkeypatch.setattr(ipympl.Canvas, "send_binary", lambda canvas, data: browser.receive(canvas, data))
    return browser


def test_an_ipympl_drag_sends_whole_frames_so_lost_frames_leave_no_trace(explorer, backend, lossy_browser):
    backend("auto")
    values = np.round(np.linspace(1.0, 6.0, 30), 1)
    drag(explorer, "w", values, 0.6)
    assert explorer.interactive_canvas and explorer.shown["w"] == values[-1]
    assert len(lossy_browser.frames) >= 4
    assert {mode for mode, _ in lossy_browser.frames} == {"full"}, "every frame whole, never a diff"
    np.testing.assert_array_equal(lossy_browser.screen(), np.asarray(explorer.fig.canvas.buffer_rgba()))
    # the next drag changes the picture, and ends exactly at its last value
    before = lossy_browser.screen()
    sent = len(lossy_browser.frames)
    drag(explorer, "w", values[::-1], 0.6)
    assert explorer.shown["w"] == values[0] and len(lossy_browser.frames) >= sent + 4
    after = lossy_browser.screen()
    np.testing.assert_array_equal(after, np.asarray(explorer.fig.canvas.buffer_rgba()))
    assert (after != before).any()


def test_the_browser_model_tells_lost_diffs_from_whole_frames(explorer, lossy_browser):
    """The model above can fail: ipympl's own canvas (diffs) loses pixels where ours does not."""
    ipympl = ipympl_canvas_module()
    canvas = ipympl.Canvas(explorer.fig)  # ipympl's canvas, as it comes
    ipympl.FigureManager(canvas, id(explorer))
    for w in np.round(np.linspace(1.0, 6.0, 12), 1):
        explorer.update(**{**explorer.values, "w": w})
        canvas.draw()
    assert "diff" in {mode for mode, _ in lossy_browser.frames}
    figure = np.asarray(canvas.buffer_rgba())
    np.testing.assert_array_equal(lossy_browser.screen(lose=False), figure)  # every frame painted: exact
    assert (lossy_browser.screen() != figure).any(), "frames lost in the browser leave pixels of older frames"


def test_a_figure_made_with_ipympl_as_pyplot_backend_gets_the_whole_frame_canvas(backend, lossy_browser):
    """`%matplotlib widget` before the widget: its canvas is shown at once, and sends whole frames too."""
    import matplotlib

    before = matplotlib.get_backend()
    ipympl = ipympl_canvas_module()
    matplotlib.use("module://ipympl.backend_nbagg")
    try:
        e = NeuronExplorer()
    finally:
        matplotlib.use(before)
    try:
        assert isinstance(e.fig.canvas, ipympl.Canvas) and e.interactive_canvas
        assert e.fig.canvas in e.widget().children
        e.set(w=2.0)
        e.set(w=3.0)
        assert e.shown["w"] == 3.0
        assert len(lossy_browser.frames) >= 2 and {mode for mode, _ in lossy_browser.frames} == {"full"}
        # no browser has shown the canvas: the frame is kept as the picture a saved notebook shows
        from PIL import Image

        prefix = "data:image/png;base64,"
        saved = e.fig.canvas.get_state()["_data_url"]  # (ipympl's widget state, stored with the notebook)
        assert saved.startswith(prefix)
        saved = Image.open(io.BytesIO(base64.b64decode(saved[len(prefix):]))).convert("RGBA")
        np.testing.assert_array_equal(np.asarray(saved), np.asarray(e.fig.canvas.buffer_rgba()))
    finally:
        plt.close(e.fig)


def test_a_frame_that_fails_is_told_under_the_sliders_and_the_next_one_clears_it(explorer, cell, backend, caplog):
    backend("inline")
    update = explorer.update
    *_, notice_line = cell.displayed[0].children  # the line under the sliders

    def fails_at_three(**values):
        if values["w"] == 3.0:
            raise RuntimeError("no picture for w = 3")
        update(**values)

    explorer.update = fails_at_three
    loop_errors = []

    async def hand():
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: loop_errors.append(context))
        explorer.controls["w"].value = 3.0
        await asyncio.sleep(0.2)
        failed, notice = explorer.failed, (explorer.notice, notice_line.value, notice_line.layout.display)
        explorer.controls["w"].value = 4.0
        await asyncio.sleep(0.2)
        return failed, notice

    failed, (text, line, display) = asyncio.run(hand())
    assert not loop_errors, "nothing left for the event loop's log alone"
    assert failed == ({"w": 3.0}, "RuntimeError: no picture for w = 3")
    assert text == line == "⚠ the figure could not show w = 3.0: RuntimeError: no picture for w = 3"
    assert display != "none"
    assert "could not show w = 3.0" in caplog.text, "and the kernel's log has the traceback"
    assert explorer.failed is None and explorer.notice == notice_line.value == "" and explorer.shown["w"] == 4.0
    assert notice_line.layout.display == "none"


def test_without_an_event_loop_a_failing_move_raises_to_the_caller(explorer, backend):
    backend("inline")
    explorer.update = lambda **values: (_ for _ in ()).throw(RuntimeError("broken"))
    with pytest.raises(RuntimeError, match="broken"):
        explorer.controls["w"].value = 2.0


def test_frames_asked_for_on_two_threads_are_drawn_one_at_a_time(explorer, cell, backend):
    """ipykernel 7 may pass slider messages on a subshell thread as well as the main one.

    Two draws of one figure at once corrupt FreeType's state (errors, even a
    crashed kernel) and can leave the moving artists hidden for good, the
    figure frozen at its static part; the figure's lock draws one at a time.
    """
    import threading

    backend("inline")
    errors = []

    def hand(seed):
        rng = np.random.default_rng(seed)
        try:
            for _ in range(60):
                explorer.controls["w"].value = float(np.round(rng.uniform(-5, 5), 2))  # (no event loop: drawn at once)
                explorer.redraw()  # as a notebook cell would
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=hand, args=(seed,)) for seed in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert explorer.fig.moving and all(a.get_visible() for a in explorer.fig.moving), "moving artists left hidden"
    shown = png_pixels(cell.updates[-1])
    figure = ordinary_picture(explorer.fig)[..., :3]
    assert explorer.shown == explorer.values
    np.testing.assert_array_equal(shown, figure)


@pytest.mark.parametrize("alpha", [1.0, 0.5])
def test_frames_are_png_files_that_decode_to_the_exact_pixels(explorer, cell, backend, alpha):
    from PIL import Image

    backend("inline")
    explorer.fig.patch.set_alpha(alpha)  # a see-through figure (its axes opaque): the PNG keeps the alpha
    explorer.controls["w"].value = 2.0  # a slider frame (quick to make) ...
    explorer.redraw()  # ... and a redraw's picture (smaller), each a PNG of the figure
    assert len(cell.updates) == 2
    pixels = np.asarray(explorer.fig.canvas.buffer_rgba())
    for frame in cell.updates:
        image = Image.open(io.BytesIO(base64.b64decode(frame["image/png"])))
        image.load()  # (checks the chunks' CRCs)
        assert image.format == "PNG" and image.mode == ("RGB" if alpha == 1.0 else "RGBA")
        expected = pixels[..., :3] if alpha == 1.0 else pixels
        np.testing.assert_array_equal(np.asarray(image), expected)
