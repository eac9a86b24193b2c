"""lecturekit: support code for the "Neural networks and deep learning" lectures.

The notebooks in ``notebooks/`` import this package for reference numpy
implementations, drawings, widgets and offline-first data loaders.

``import lecturekit`` is deliberately light: it imports numpy only.  Submodules
(``lecturekit.data``, ``lecturekit.widgets``, ...) are loaded on first use, and
TensorFlow is imported only inside the few functions that need it.
"""
from __future__ import annotations

import importlib

from .seed import set_seed

__version__ = "0.1.0"

_SUBMODULES = (
    "activations",
    "data",
    "diagram",
    "losses",
    "neuron",
    "seed",
    "widgets",
)

__all__ = ["set_seed", "__version__", *_SUBMODULES]


def __getattr__(name: str):
    # Lazy submodules: ``lecturekit.data`` works without an explicit import,
    # but nothing heavy (matplotlib, ipywidgets) is loaded until it is used.
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'lecturekit' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
