"""One helper that seeds every random number generator the lectures use."""
from __future__ import annotations

import os
import random
import sys

import numpy as np

from . import validate


def set_seed(seed: int = 0, *, tensorflow: bool | None = None) -> np.random.Generator:
    """Seed Python's ``random``, numpy and (when it is used) TensorFlow.

    Parameters
    ----------
    seed : int
        A non-negative integer.
    tensorflow : bool or None
        ``True`` imports TensorFlow and seeds it (and turns on deterministic
        ops); ``False`` never touches it; ``None`` (default) seeds TensorFlow
        only if it has already been imported, so notebooks that do not need
        TensorFlow never pay for importing it.

    Returns
    -------
    numpy.random.Generator
        A fresh generator seeded with ``seed``, for code that prefers the
        modern numpy API (``rng.normal(size=(n, k))``).
    """
    if not validate.is_int(seed):
        raise TypeError(f"seed must be an int, got {type(seed).__name__} ({seed!r}); pass e.g. set_seed(0)")
    if seed < 0 or seed >= 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}; pass e.g. set_seed(0)")
    tensorflow = validate.flag(tensorflow, "tensorflow", "pass e.g. set_seed(0, tensorflow=True)")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    # Only affects subprocesses (the running interpreter's hash seed is fixed
    # at start-up), but keeps child processes reproducible too.
    os.environ["PYTHONHASHSEED"] = str(seed)
    if tensorflow or (tensorflow is None and "tensorflow" in sys.modules):
        from .framework import import_tensorflow

        tf = import_tensorflow()
        tf.keras.utils.set_random_seed(seed)
        try:
            tf.config.experimental.enable_op_determinism()
        except Exception:  # pragma: no cover - older TF without the switch
            pass
    return np.random.default_rng(seed)
