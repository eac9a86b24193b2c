"""lecturekit.set_seed: one call makes Python, numpy and TensorFlow repeatable."""
import os
import random
import subprocess
import sys

import numpy as np
import pytest

import lecturekit as lk


def draws():
    return random.random(), np.random.rand(), np.random.default_rng().random()


def test_python_and_numpy_are_repeatable():
    rng = lk.set_seed(7)
    first = (random.random(), np.random.rand(3).tolist(), rng.normal(size=2).tolist())
    rng = lk.set_seed(7)
    second = (random.random(), np.random.rand(3).tolist(), rng.normal(size=2).tolist())
    assert first == second
    lk.set_seed(8)
    assert random.random() != first[0]


def test_tensorflow_is_left_alone_unless_asked():
    code = "import lecturekit as lk, sys; lk.set_seed(0); print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tensorflow_is_seeded_when_asked():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    lk.set_seed(3, tensorflow=True)
    import tensorflow as tf

    a = tf.random.uniform((4,)).numpy()
    layer_a = tf.keras.layers.Dense(3)
    layer_a.build((None, 2))
    lk.set_seed(3)  # TensorFlow is imported now, so it is seeded by default
    b = tf.random.uniform((4,)).numpy()
    layer_b = tf.keras.layers.Dense(3)
    layer_b.build((None, 2))
    assert np.array_equal(a, b)
    assert np.array_equal(layer_a.kernel.numpy(), layer_b.kernel.numpy())


@pytest.mark.parametrize(
    "seed, error", [(-1, ValueError), (2**32, ValueError), (1.5, TypeError), ("0", TypeError), (True, TypeError)]
)
def test_bad_seed_is_rejected_with_a_clear_message(seed, error):
    with pytest.raises(error, match="seed must be"):
        lk.set_seed(seed)
