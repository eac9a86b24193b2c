"""lecturekit.optimizers: each update rule, in place, against its formula and against Keras' optimizers."""
import os

import numpy as np
import pytest

from lecturekit.optimizers import OPTIMIZERS, SGD, Adam, Momentum, make


def params_and_grads(rng, dtype=np.float64):
    """Two parameter arrays of different shapes (a weight matrix and a bias vector) and gradients for them."""
    params = [rng.normal(size=(3, 4)).astype(dtype), rng.normal(size=3).astype(dtype)]
    grads = [rng.normal(size=(3, 4)).astype(dtype), rng.normal(size=3).astype(dtype)]
    return params, grads


def test_sgd_steps_against_the_gradient_in_place():
    rng = np.random.default_rng(0)
    params, grads = params_and_grads(rng)
    arrays, before = list(params), [p.copy() for p in params]
    SGD(0.5).step(params, grads)
    for p, p0, g, array in zip(params, before, grads, arrays):
        assert p is array  # updated in place: whoever holds the array sees the step
        np.testing.assert_array_equal(p, p0 - 0.5 * g)


def test_momentum_keeps_a_velocity():
    rng = np.random.default_rng(1)
    params, grads = params_and_grads(rng)
    w0 = [p.copy() for p in params]
    opt = Momentum(0.1, momentum=0.75)
    opt.step(params, grads)  # v1 = -eta g
    for p, p0, g in zip(params, w0, grads):
        np.testing.assert_allclose(p, p0 - 0.1 * g, rtol=1e-15)
    opt.step(params, grads)  # v2 = mu v1 - eta g
    for p, p0, g in zip(params, w0, grads):
        np.testing.assert_allclose(p, p0 - 0.1 * g + (0.75 * -0.1 * g - 0.1 * g), rtol=1e-14)
    # under a constant gradient the step grows to eta / (1 - mu) times the gradient
    for _ in range(200):
        last = params[1].copy()
        opt.step(params, grads)
    np.testing.assert_allclose(params[1] - last, -0.1 / (1 - 0.75) * grads[1], rtol=1e-12)


def test_adam_follows_its_formula_and_its_first_step_is_eta_in_every_coordinate():
    rng = np.random.default_rng(2)
    params, grads = params_and_grads(rng)
    grads[0][0, 0] *= 1e4  # Adam's steps do not depend on the gradient's scale
    w, g = params[0].copy(), grads[0]
    opt = Adam(0.01, betas=(0.8, 0.99), eps=1e-12)
    opt.step(params, grads)
    np.testing.assert_allclose(params[0] - w, -0.01 * np.sign(g), rtol=1e-9)
    m, s = np.zeros_like(w), np.zeros_like(w)
    w = w.copy()
    for t in range(1, 4):  # the formula by hand, for the same gradient three times
        m = 0.8 * m + 0.2 * g
        s = 0.99 * s + 0.01 * g**2
        w = w - 0.01 * (m / (1 - 0.8**t)) / (np.sqrt(s / (1 - 0.99**t)) + 1e-12)
        if t > 1:
            opt.step(params, grads)
        np.testing.assert_allclose(params[0], w, rtol=1e-14)
    assert opt.t == 3


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_float32_parameters_stay_float32(name):
    rng = np.random.default_rng(3)
    params, grads = params_and_grads(rng, np.float32)
    opt = make(name, 0.1)
    for _ in range(3):
        opt.step(params, grads)
    assert all(p.dtype == np.float32 for p in params)


@pytest.mark.parametrize(
    "name,make_keras",
    [
        ("sgd", lambda keras: keras.optimizers.SGD(0.5)),
        ("momentum", lambda keras: keras.optimizers.SGD(0.25, momentum=0.75)),
        ("adam", lambda keras: keras.optimizers.Adam(2**-6, beta_1=0.875, beta_2=1 - 2**-10, epsilon=1e-30)),
    ],
)
def test_the_same_steps_as_keras_optimizers(name, make_keras):
    """Five steps with changing gradients (float64): the same parameters as Keras' optimizer."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    keras = tf.keras
    rng = np.random.default_rng(4)
    params, _ = params_and_grads(rng)
    variables = [tf.Variable(p) for p in params]
    # Keras keeps some hyperparameters in float32: these are exact in float32; with a negligible epsilon,
    # Keras' Adam (epsilon added after the bias correction) and the textbook form are the same formula.
    ours = make(name, {"sgd": 0.5, "momentum": 0.25, "adam": 2**-6}[name], momentum=0.75,
                betas=(0.875, 1 - 2**-10), eps=1e-30)
    theirs = make_keras(keras)
    for _ in range(5):
        grads = [rng.normal(size=p.shape) for p in params]
        ours.step(params, grads)
        theirs.apply_gradients([(tf.constant(g), v) for g, v in zip(grads, variables)])
    for p, v in zip(params, variables):
        np.testing.assert_allclose(p, v.numpy(), rtol=1e-12, atol=1e-14)


def test_each_optimizer_object_has_its_own_state():
    rng = np.random.default_rng(5)
    params, grads = params_and_grads(rng)
    twin = [p.copy() for p in params]
    a, b = Adam(0.1), Adam(0.1)
    a.step(params, grads)
    a.step(params, grads)
    b.step(twin, grads)
    b.step(twin, grads)
    assert all(np.array_equal(p, q) for p, q in zip(params, twin))


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_update_is_step_without_the_checks(name):
    """Network.fit calls update on lists it built itself: the same steps, bit for bit, and the state goes on alike."""
    rng = np.random.default_rng(6)
    params, _ = params_and_grads(rng)
    twin = [p.copy() for p in params]
    checked, unchecked = make(name, 0.1), make(name, 0.1)
    for _ in range(3):
        grads = [rng.normal(size=p.shape) for p in params]
        checked.step(params, grads)
        unchecked.update(twin, grads)
    assert all(np.array_equal(p, q) for p, q in zip(params, twin))
    with pytest.raises(ValueError, match="grads must hold one array per parameter array"):
        checked.step(params, grads[:1])  # (step still says what is wrong with its lists)


def test_make_checks_every_setting_and_builds_the_named_optimizer():
    assert type(make("SGD", 0.1)) is SGD and type(make("momentum", 0.1)) is Momentum and type(make("adam", 0.1)) is Adam
    assert make("momentum", 0.1, momentum=0.5).momentum == 0.5
    assert make("adam", 0.1, betas=(0.5, 0.6), eps=1e-3).betas == (0.5, 0.6)
    with pytest.raises(ValueError, match=r"momentum must be a number in \[0, 1\), got 1.5"):
        make("sgd", 0.1, momentum=1.5)  # not used by SGD, but wrong: said, not ignored
    with pytest.raises(ValueError, match=r"unknown optimizer 'rmsprop'; choose one of \['sgd', 'momentum', 'adam'\]"):
        make("rmsprop", 0.1)


@pytest.mark.parametrize(
    "call,error,match",
    [
        (lambda: SGD(0), ValueError, "lr must be a positive number, got 0"),
        (lambda: SGD(float("inf")), ValueError, "lr must be a positive number, got inf"),
        (lambda: SGD("0.1"), TypeError, "lr must be a positive number, got str"),
        (lambda: Momentum(0.1, momentum=-0.1), ValueError, r"momentum must be a number in \[0, 1\), got -0.1"),
        (lambda: Adam(0.1, betas=(0.9,)), ValueError, r"betas must be a pair \(beta1, beta2\) in \[0, 1\)"),
        (lambda: Adam(0.1, eps=0), ValueError, "eps must be a positive number, got 0"),
        (lambda: SGD(0.1).step([np.zeros(2)], []), ValueError,
         "grads must hold one array per parameter array, got 0 for 1"),
        (lambda: SGD(0.1).step([np.zeros(2)], [np.zeros(3)]), ValueError,
         r"grads\[0\] must have the shape of params\[0\], \(2,\), got \(3,\)"),
        (lambda: SGD(0.1).step([[0.0, 1.0]], [np.zeros(2)]), TypeError, r"params\[0\] must be a numpy array"),
        (lambda: SGD(0.1).step(np.zeros(2), np.zeros(2)), TypeError, "params must be a list of arrays, got ndarray"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
