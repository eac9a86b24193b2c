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
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecturekit.activations import sigmoid  # noqa: E402
from lecturekit.widgets import NeuronExplorer, base  # noqa: E402


class Handle:
    """Records display-handle updates like IPython's DisplayHandle, with the time of each."""

    def __init__(self):
        self.updates, self.times = [], []

    def update(self, obj, raw=False):
        self.updates.append(obj)
        self.times.append(time.monotonic())


@pytest.fixture
def backend():
    yield base.use_backend
    base.use_backend("auto")


@pytest.fixture
def explorer():
    e = NeuronExplorer()
    e.widget()
    e._handle = Handle()  # as after display
    yield e
    plt.close(e.fig)


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


def png_pixels(frame):
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(base64.b64decode(frame["image/png"]))).convert("RGB"))


def test_a_drag_draws_few_frames_and_ends_on_the_last_value(explorer, backend):
    backend("inline")
    values = np.round(np.linspace(1.0, 6.0, 30), 1)
    start = time.monotonic()
    released = drag(explorer, "w", values, 0.6)
    frames, times = explorer._handle.updates, explorer._handle.times
    # at most one frame per frame_interval (a frame takes time of its own too)
    assert 2 <= len(frames) <= 1 + (released - start) / explorer.frame_interval + 1
    assert len(frames) < len(values), "the values in between are dropped, not queued"
    assert all(t2 - t1 >= explorer.frame_interval for t1, t2 in zip(times, times[1:]))
    # the last frame shows the slider's last value, and nothing is drawn after it
    assert explorer.shown["w"] == values[-1] == explorer.values["w"]
    assert np.allclose(explorer.line.get_ydata(), sigmoid(values[-1] * explorer.x))
    assert not explorer._pending and explorer._timer is None
    np.testing.assert_array_equal(png_pixels(frames[-1]), np.asarray(explorer.fig.canvas.buffer_rgba())[..., :3])


def test_a_frame_takes_the_values_of_every_slider_moved_since(explorer, backend):
    backend("inline")

    async def two_sliders():
        explorer.controls["w"].value = 2.0  # three changes before the loop runs the frame ...
        explorer.controls["w"].value = 3.0
        explorer.controls["b"].value = -1.5
        await asyncio.sleep(0.3)

    asyncio.run(two_sliders())
    assert len(explorer._handle.updates) == 1  # ... share it
    assert explorer.shown == {"w": 3.0, "b": -1.5, "activation": "sigmoid"}


def test_the_first_slider_move_turns_the_picture_into_an_ipympl_canvas(explorer, backend):
    backend("auto")
    before = matplotlib.get_backend()
    explorer.controls["b"].value = 1.0
    (canvas,) = explorer._handle.updates  # the static picture is replaced by the canvas, once
    assert type(canvas).__module__ == "ipympl.backend_nbagg" and type(canvas).__name__ == "Canvas"
    assert explorer.fig.canvas is canvas and explorer.interactive_canvas
    assert matplotlib.get_backend() == before, "the notebook's other figures keep their backend"
    assert not canvas.toolbar_visible and not canvas.header_visible
    explorer.controls["b"].value = 2.0  # later frames: the canvas draws (ipympl sends the changed pixels)
    assert len(explorer._handle.updates) == 1 and explorer.shown["b"] == 2.0
    # what the canvas shows is matplotlib's ordinary picture
    shown = np.asarray(canvas.buffer_rgba()).copy()
    buf = io.BytesIO()
    explorer.fig.savefig(buf, format="rgba", dpi=explorer.fig.dpi)
    np.testing.assert_array_equal(shown, np.frombuffer(buf.getvalue(), np.uint8).reshape(shown.shape))


def test_programmatic_changes_never_switch_the_backend(explorer, backend):
    backend("auto")
    explorer.set(w=4.0)  # a notebook cell (nbval, a reset for the next run): the stored picture stays a picture
    (frame,) = explorer._handle.updates
    assert frame["text/plain"] == repr(explorer.fig) and not explorer.interactive_canvas


def test_inline_everywhere_on_request_and_on_colab(explorer, backend, monkeypatch):
    backend("inline")
    explorer.controls["w"].value = 2.0
    assert isinstance(explorer._handle.updates[-1], dict)
    backend("auto")
    monkeypatch.setattr(base.launch, "in_colab", lambda: True)
    explorer.controls["w"].value = 3.0
    assert isinstance(explorer._handle.updates[-1], dict) and not explorer.interactive_canvas


def test_unknown_backend_is_rejected(backend):
    with pytest.raises(ValueError, match=r"backend must be one of \['auto', 'ipympl', 'inline'\], got 'widget'"):
        backend("widget")
