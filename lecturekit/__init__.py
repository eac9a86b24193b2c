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

__all__ = ["set_seed", "__version__"]


def __getattr__(name: str):
    # Lazy submodules: ``lecturekit.data`` works without an explicit import,
    # but nothing heavy (matplotlib, ipywidgets) is loaded until it is used.
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise  # a real missing dependency inside the submodule
        raise AttributeError(f"module 'lecturekit' has no attribute or submodule {name!r}") from None


def __dir__():
    import pkgutil

    return sorted(__all__ + [m.name for m in pkgutil.iter_modules(__path__)])
