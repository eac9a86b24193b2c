"""lecturekit.progress: the live training line, for numpy loops and Keras."""
import os
import types

import numpy as np
import pytest

from lecturekit import progress


class Handle:
    """Records the lines a display handle is updated with, like IPython's DisplayHandle."""

    def __init__(self):
        self.shown = []

    def update(self, obj):
        self.shown.append(obj.data)


@pytest.fixture
def live(monkeypatch):
    """A progress line as in a notebook (an IPython kernel is running): it writes to a display handle.

    ``live(epochs, **kwargs)`` returns the progress line and the handle that records its updates.
    """
    handle = Handle()
    monkeypatch.setattr("IPython.get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    monkeypatch.setattr("IPython.display.display", lambda obj, display_id=False: handle if display_id else None)

    def make(epochs, **kwargs):
        return progress.TrainingProgress(epochs, **kwargs), handle

    return make


def test_quiet_outside_a_notebook(monkeypatch):
    displayed = []
    monkeypatch.setattr("IPython.display.display", lambda *args, **kwargs: displayed.append(args))
    p = progress.TrainingProgress(3)
    p.batch(0, 0.5, loss=2.0)
    p.update(0, loss=1.0)  # must not fail or print
    assert displayed == []
    assert p.history == [{"epoch": 0, "loss": 1.0}]


def test_in_a_notebook_the_line_is_shown_at_once(monkeypatch):
    displayed = []
    monkeypatch.setattr("IPython.get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    monkeypatch.setattr("IPython.display.display", lambda obj, display_id=False: displayed.append(obj.data))
    progress.TrainingProgress(4, title="net")
    assert displayed == ["net  [" + "." * 24 + "] epoch 1/4  "]


def test_epoch_updates_are_always_shown_with_metrics(live):
    p, handle = live(2, title="net", min_interval=3600)
    p.update(0, loss=0.5, accuracy=0.875)
    p.update(1, loss=0.25, accuracy=0.9375)
    assert len(handle.shown) == 2
    last = handle.shown[-1]
    assert last.startswith("net  [" + "#" * 24 + "] epoch 2/2")
    assert "loss 0.25" in last and "accuracy 0.9375" in last and "s/epoch" in last
    assert p.seconds_per_epoch > 0


def test_batch_updates_are_throttled(live):
    p, handle = live(2, min_interval=3600)
    p.update(0, loss=1.0)  # the end of an epoch: just drawn
    for i in range(100):
        p.batch(1, i / 100, loss=1.0)
    assert len(handle.shown) == 1, "batch lines within min_interval of the last one are dropped"
    p.min_interval = 0.0
    p.batch(1, 0.5, loss=1.0)
    assert len(handle.shown) == 2 and "[" + "#" * 18 + "." * 6 + "] epoch 2/2" in handle.shown[-1]


@pytest.mark.parametrize("epochs", [0, -1, 2.5])
def test_bad_epochs(epochs):
    with pytest.raises(ValueError, match="epochs must be a positive int"):
        progress.TrainingProgress(epochs)


def test_keras_callback_reports_every_epoch(live):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    p, handle = live(2, min_interval=0.0)
    X = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    model.fit(X, X.sum(axis=1), epochs=2, batch_size=8, verbose=0, callbacks=[p.keras_callback()])
    assert [h["epoch"] for h in p.history] == [0, 1]
    assert all("loss" in h for h in p.history)
    assert len(handle.shown) >= 2 + 4, "batch updates and epoch ends are shown"


def test_with_a_time_budget_the_line_says_how_long_the_planned_epochs_still_take(live, monkeypatch):
    now = [100.0]  # the clock: two epochs of 10 s each
    monkeypatch.setattr("lecturekit.progress.time.perf_counter", lambda: now[0])
    p, handle = live(5, title="u-net", min_interval=0, time_budget_s=60)
    now[0] = 110.0
    p.update(0, loss=0.5)
    assert handle.shown[-1].endswith("(about 40 s to go, 50 s of the budget left)")  # 4 epochs of 10 s; 60 - 10
    now[0] = 120.0
    p.update(1, loss=0.25)
    assert handle.shown[-1].endswith("(about 30 s to go, 40 s of the budget left)")


def test_without_a_time_budget_the_line_says_nothing_about_it(live):
    p, handle = live(2, min_interval=0)
    p.update(0, loss=0.5)
    assert "budget" not in handle.shown[-1] and p.time_left() == ""
