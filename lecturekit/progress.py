"""Live training progress, so a room is never left staring at a silent cell.

:class:`TrainingProgress` shows one line that is replaced in place while
training runs (a bar, the epoch, the latest metrics, time per epoch).  It works
for a hand-written numpy loop (call :meth:`update`) and for Keras
(``model.fit(..., callbacks=[progress.keras_callback()])``).  Outside a
notebook it prints nothing, so scripts and tests stay quiet.
"""
from __future__ import annotations

import time

from . import validate


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class TrainingProgress:
    """A progress line for ``epochs`` epochs, updated in place.

    Parameters
    ----------
    epochs : int
        Number of epochs expected (the bar's length).
    title : str
        Shown at the start of the line (e.g. ``"numpy 784-30-10"``).
    min_interval : float
        Seconds between two screen updates inside an epoch (batch updates are
        throttled; epoch ends are always shown).
    time_budget_s : float, optional
        The training's safety stop in seconds: the line then also shows the
        time the planned epochs still need (at the mean epoch so far) and
        the budget left.
    """

    def __init__(
        self,
        epochs: int,
        title: str = "training",
        *,
        min_interval: float = 0.25,
        width: int = 24,
        time_budget_s: float | None = None,
    ):
        epochs = validate.positive_int(epochs, "epochs")
        if time_budget_s is not None:
            time_budget_s = validate.positive(time_budget_s, "time_budget_s", "seconds, or None")
        self.time_budget_s = time_budget_s
        if not isinstance(title, str):
            raise TypeError(f"title must be a str, got {type(title).__name__}")
        min_interval = validate.positive(min_interval, "min_interval", "seconds", allow_zero=True)
        width = validate.positive_int(width, "width")
        self.epochs, self.title, self.min_interval, self.width = epochs, title, min_interval, width
        self.history: list[dict] = []
        self._start = time.perf_counter()
        self._last_draw = 0.0
        self._handle = None
        if _in_notebook():
            from IPython.display import display

            self._handle = display(self._text(0, 0.0, {}), display_id=True)

    @property
    def seconds_per_epoch(self) -> float:
        """Mean wall time of the finished epochs (0.0 before the first one)."""
        done = len(self.history)
        return (time.perf_counter() - self._start) / done if done else 0.0

    def time_left(self) -> str:
        """What the line says about time: the planned epochs' remaining seconds and the budget left.

        Empty before the first epoch ends and without a ``time_budget_s``.
        """
        if not self.history or self.time_budget_s is None:
            return ""
        needed = self.seconds_per_epoch * (self.epochs - len(self.history))
        left = self.time_budget_s - (time.perf_counter() - self._start)
        return f"about {needed:.0f} s to go, {max(left, 0):.0f} s of the budget left"

    def _text(self, epoch: int, fraction: float, logs: dict):
        from IPython.display import Pretty

        done = min(self.epochs, epoch + fraction)
        filled = int(round(self.width * done / self.epochs))
        bar = "#" * filled + "." * (self.width - filled)
        metrics = "  ".join(f"{k} {v:.4g}" for k, v in logs.items() if validate.is_number(v))
        speed = f"  {self.seconds_per_epoch:.2f} s/epoch" if self.history else ""
        left = f"  ({self.time_left()})" if self.time_left() else ""
        return Pretty(
            f"{self.title}  [{bar}] epoch {min(epoch + 1, self.epochs)}/{self.epochs}  {metrics}{speed}{left}"
        )

    def _draw(self, epoch, fraction, logs, force=False):
        now = time.perf_counter()
        if self._handle is not None and (force or now - self._last_draw >= self.min_interval):
            self._handle.update(self._text(epoch, fraction, logs))
            self._last_draw = now

    def batch(self, epoch: int, fraction: float, **logs):
        """Within epoch ``epoch`` (0-based), ``fraction`` in [0, 1] of it is done."""
        epoch = validate.non_negative_int(epoch, "epoch", "0-based")
        fraction = validate.fraction(fraction, "fraction")
        self._draw(epoch, fraction, logs)

    def update(self, epoch: int, **logs):
        """Epoch ``epoch`` (0-based) has finished with these metrics."""
        epoch = validate.non_negative_int(epoch, "epoch", "0-based")
        self.history.append({"epoch": epoch, **logs})
        self._draw(epoch, 1.0, logs, force=True)

    def keras_callback(self):
        """A ``keras.callbacks.Callback`` that feeds this progress line."""
        import keras

        progress = self

        class _Progress(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self._epoch = epoch

            def on_train_batch_end(self, batch, logs=None):
                steps = (self.params or {}).get("steps") or 1
                progress.batch(self._epoch, min(1.0, (batch + 1) / steps), **(logs or {}))

            def on_epoch_end(self, epoch, logs=None):
                progress.update(epoch, **(logs or {}))

        return _Progress()
