"""The TensorFlow side of the lectures: a quiet import and the device in use.

TensorFlow is imported only by the notebooks and functions that need it, and
only through :func:`import_tensorflow`, so that a room never sees its start-up
chatter.
"""
from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def _quiet_fd2():
    """Point file descriptor 2 at /dev/null for the duration of the block.

    TensorFlow's C++ start-up notes ("oneDNN custom operations are on", "could
    not find cuda drivers") are written straight to descriptor 2, where a
    Jupyter kernel forwards them into the notebook; TF_CPP_MIN_LOG_LEVEL does
    not reach all of them.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor 2 (some embedded shells)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


def import_tensorflow():
    """Import TensorFlow without log spam and return the module.

    Sets ``TF_CPP_MIN_LOG_LEVEL=3`` (unless already set) before the first
    import and silences the C++ start-up notes.  Later calls just return the
    module.
    """
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _quiet_fd2():
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
        tf.config.list_physical_devices("GPU")  # probe devices now, while quiet
    return tf


def device_summary() -> str:
    """One line naming the device TensorFlow trains on, e.g. ``"training on: CPU"``."""
    tf = import_tensorflow()
    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "training on: CPU (no GPU found)"
    names = []
    for gpu in gpus:
        details = tf.config.experimental.get_device_details(gpu)
        names.append(details.get("device_name", gpu.name))
    return f"training on: {len(gpus)} GPU{'s' if len(gpus) > 1 else ''} ({', '.join(names)})"
