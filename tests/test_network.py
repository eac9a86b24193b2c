"""lecturekit.network: backprop against TensorFlow's autodiff, training against the book and Keras."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import inspect
import json
import warnings
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.book_network import BookNetwork, as_columns
from lecturekit import data, losses, network
from lecturekit.network import Network

keras = tf.keras

SHARED = Path(os.environ.get("LECTUREKIT_DATA_DIR") or Path(__file__).resolve().parents[2] / "shared" / "data")
needs_mnist = pytest.mark.skipif(
    not (SHARED / "mnist" / "t10k-images-idx3-ubyte.gz").is_file()
    and not (SHARED / "t10k-images-idx3-ubyte.gz").is_file(),
    reason="offline MNIST not found (set LECTUREKIT_DATA_DIR)",
)

# (hidden activation, loss, output) combinations the lectures use.
CASES = [
    ("sigmoid", "quadratic", "sigmoid"),  # the book's network
    ("relu", "cross_entropy", "softmax"),  # the improved one
    ("sigmoid", "quadratic", "softmax"),  # softmax through its full Jacobian
    ("relu", "quadratic", "relu"),
]


def batch(rng, n, sizes, scale=1.0):
    X = scale * rng.normal(size=(n, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=n)
    return X, labels, np.eye(sizes[-1])[labels]


# ---------------------------------------------------------------------------
# The same cost in TensorFlow, differentiated by tf.GradientTape
# ---------------------------------------------------------------------------
TF_ACT = {"sigmoid": tf.sigmoid, "relu": tf.nn.relu, "softmax": tf.nn.softmax}


def tf_gradients(net, X, Y, l2=0.0, l1=0.0):
    """Gradients of net's cost computed by TensorFlow's autodiff on net's own parameters."""
    dtype = tf.as_dtype(net.dtype)
    Ws = [tf.Variable(w) for w in net.weights]
    bs = [tf.Variable(b) for b in net.biases]
    Y = tf.constant(Y, dtype=dtype)
    with tf.GradientTape() as tape:
        a = tf.constant(X, dtype=dtype)
        for l, (w, b) in enumerate(zip(Ws, bs)):
            z = a @ tf.transpose(w) + b
            last = l == len(Ws) - 1
            if last and net.output == "softmax" and net.loss == "cross_entropy":
                cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=z))
            a = TF_ACT[net.output if last else net.activation](z)
        if net.loss == "quadratic":
            cost = tf.reduce_mean(0.5 * tf.reduce_sum(tf.square(Y - a), axis=1))
        n = X.shape[0]
        cost += l2 / (2 * n) * tf.add_n([tf.reduce_sum(w * w) for w in Ws])
        cost += l1 / n * tf.add_n([tf.reduce_sum(tf.abs(w)) for w in Ws])
    gw, gb = tape.gradient(cost, [Ws, bs])
    return [g.numpy() for g in gw], [g.numpy() for g in gb]


def rel_err(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)


@pytest.mark.parametrize("activation,loss,output", CASES)
@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_backprop_equals_tensorflow_autodiff(activation, loss, output, dtype, tol):
    rng = np.random.default_rng(1)
    sizes = [6, 5, 4, 3]
    net = Network(sizes, activation, loss, output=output, init="scaled", seed=3, dtype=dtype)
    X, _, Y = batch(rng, 9, sizes)
    gw, gb = net.backprop(X, Y)
    tw, tb = tf_gradients(net, X.astype(dtype), Y)
    for mine, theirs in zip(gw + gb, tw + tb):
        assert mine.dtype == dtype and mine.shape == theirs.shape
        assert rel_err(mine.astype(np.float64), theirs.astype(np.float64)) < tol


@pytest.mark.parametrize("activation,loss,output", CASES)
def test_backprop_on_extreme_inputs_is_finite_silent_and_matches_tensorflow(activation, loss, output):
    rng = np.random.default_rng(2)
    sizes = [5, 4, 3]
    net = Network(sizes, activation, loss, output=output, init="standard", seed=0, dtype=np.float64)
    X, _, Y = batch(rng, 8, sizes, scale=300.0)  # |z| in the hundreds: saturated sigmoids, huge logits
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gw, gb = net.backprop(X, Y)
        out = net.predict(X)
    assert np.all(np.isfinite(out)) and all(np.all(np.isfinite(g)) for g in gw + gb)
    tw, tb = tf_gradients(net, X, Y)
    for mine, theirs in zip(gw + gb, tw + tb):
        assert np.allclose(mine, theirs, rtol=1e-9, atol=1e-12)


def test_regularized_gradient_in_fit_equals_tensorflow():
    """One plain SGD step with L2 and L1 moves the weights by -lr times TensorFlow's gradient."""
    rng = np.random.default_rng(3)
    sizes = [4, 6, 3]
    net = Network(sizes, "sigmoid", "cross_entropy", seed=1, dtype=np.float64)
    X, labels, Y = batch(rng, 12, sizes)
    tw, tb = tf_gradients(net, X, Y, l2=0.7, l1=0.2)
    before_w = [w.copy() for w in net.weights]
    before_b = [b.copy() for b in net.biases]
    net.fit(X, labels, epochs=1, batch_size=12, lr=0.5, l2=0.7, l1=0.2, track_training=False)
    for w0, w1, g in zip(before_w, net.weights, tw):
        assert np.allclose(w1, w0 - 0.5 * g, rtol=0, atol=1e-12)
    for b0, b1, g in zip(before_b, net.biases, tb):
        assert np.allclose(b1, b0 - 0.5 * g, rtol=0, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=4),
    n=st.integers(1, 7),
    seed=st.integers(0, 2**16),
)
def test_batch_gradient_is_the_mean_of_per_sample_gradients(sizes, n, seed):
    """Vectorizing over the batch changes nothing: the batch gradient is the mean of single-sample gradients."""
    sizes[-1] = max(sizes[-1], 2)
    rng = np.random.default_rng(seed)
    net = Network(sizes, "sigmoid", "quadratic", seed=seed, dtype=np.float64)
    X, _, Y = batch(rng, n, sizes)
    gw, gb = net.backprop(X, Y)
    singles = [net.backprop(X[i:i + 1], Y[i:i + 1]) for i in range(n)]
    for l in range(len(gw)):
        assert np.allclose(gw[l], np.mean([s[0][l] for s in singles], axis=0), atol=1e-13)
        assert np.allclose(gb[l], np.mean([s[1][l] for s in singles], axis=0), atol=1e-13)


# ---------------------------------------------------------------------------
# Training: the book's algorithm, Keras, the optimizers
# ---------------------------------------------------------------------------
def test_quadratic_sgd_trains_exactly_like_the_books_network():
    """One epoch equals the book's per-sample loop (benchmarks/book_network.py, which the benchmark times)."""
    rng = np.random.default_rng(4)
    sizes = [8, 5, 4]
    net = Network(sizes, "sigmoid", "quadratic", seed=2, dtype=np.float64)
    X, labels, Y = batch(rng, 25, sizes)  # 25 samples: the last batch has 5
    book = BookNetwork(sizes)
    book.weights = [w.copy() for w in net.weights]
    book.biases = [b.reshape(-1, 1).copy() for b in net.biases]
    book.sgd_epoch(as_columns(X, Y), 10, 3.0, shuffle=False)
    net.fit(X, labels, epochs=1, batch_size=10, lr=3.0, shuffle=False)
    for mine, theirs in zip(net.weights + net.biases, book.weights + [b.ravel() for b in book.biases]):
        assert np.allclose(mine, theirs, rtol=0, atol=1e-12)
    assert book.accuracy(X, labels) == net.accuracy(X, labels)


# fit's step must be the textbook update of backprop's gradient, w <- w - eta (dC/dw + lambda/N w), for every
# output layer, loss and regularization.
SGD_CASES = [
    ("sigmoid", "quadratic", None, {}),  # the book's network
    ("relu", "cross_entropy", None, {"l2": 5.0}),  # softmax output, weight decay
    ("tanh", "huber", "linear", {"dropout": 0.3}),  # a loss whose gradient comes averaged already
    ("sigmoid", "binary_cross_entropy", "sigmoid", {"l2": 1.0, "dropout": 0.2}),
]


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 2e-5)])
@pytest.mark.parametrize("activation,loss,output,kwargs", SGD_CASES)
def test_fit_takes_the_textbook_step_on_backprops_gradient(activation, loss, output, kwargs, dtype, tol):
    rng = np.random.default_rng(15)
    sizes = [7, 6, 4]
    X, labels, Y = batch(rng, 25, sizes)  # batches of 10, 10 and 5
    eta, l2, dropout = 0.7, kwargs.get("l2", 0.0), kwargs.get("dropout", 0.0)
    net = Network(sizes, activation, loss, output=output, init="scaled", seed=3, dtype=dtype)
    by_hand = Network(sizes, activation, loss, output=output, init="scaled", seed=3, dtype=dtype)
    start = [p.copy() for p in net.weights + net.biases]
    net.fit(X, Y, epochs=2, batch_size=10, lr=eta, shuffle=False, **kwargs)
    for _ in range(2):
        for k in range(0, len(X), 10):  # the same dropout masks: the same generator, drawn in the same order
            gw, gb = by_hand.backprop(X[k:k + 10], Y[k:k + 10], dropout=dropout)
            for w, g in zip(by_hand.weights, gw):
                w -= eta * (g + l2 / len(X) * w)
            for b, g in zip(by_hand.biases, gb):
                b -= eta * g
    for mine, theirs, before in zip(net.weights + net.biases, by_hand.weights + by_hand.biases, start):
        assert rel_err(mine - before, theirs - before) < tol  # the same steps ...
        assert np.abs(mine - before).max() > 1e-3  # ... that moved every parameter array


def test_the_finiteness_check_misses_nothing_and_accepts_huge_numbers():
    net = Network([3, 2], seed=0)
    Y = np.zeros((4, 2))
    X = np.full((4, 3), 3e38, np.float32)  # finite, but the sum of their squares overflows
    net.fit(X, Y, 1, 4, 0.1, track_training=False)
    for bad in (np.nan, np.inf, -np.inf):
        X = np.zeros((4, 3))
        X[2, 1] = bad
        with pytest.raises(ValueError, match=rf"X must hold finite numbers, got {bad} in row 2 \(1 non-finite entry"):
            net.fit(X, Y, 1, 4, 0.1)


def keras_copy(net, optimizer):
    """A float64 Keras model with net's architecture and parameters, compiled with ``optimizer``."""
    layers = [keras.Input(shape=(net.sizes[0],), dtype="float64")]
    for l, units in enumerate(net.sizes[1:]):
        last = l == len(net.sizes) - 2
        layers.append(keras.layers.Dense(units, activation=net.output if last else net.activation, dtype="float64"))
    model = keras.Sequential(layers)
    for layer, w, b in zip(model.layers, net.weights, net.biases):
        layer.set_weights([w.T, b])
    if net.loss == "quadratic":
        loss = lambda y, a: 0.5 * tf.reduce_sum(tf.square(y - a), axis=-1)  # noqa: E731 (the book's cost, as a formula)
    else:
        loss = keras.losses.CategoricalCrossentropy()
    model.compile(optimizer=optimizer, loss=loss)
    return model


@pytest.fixture
def keras_float64():
    """Keras casts input arrays and hyperparameters to floatx; make that float64 for an exact comparison."""
    old = keras.config.floatx()
    keras.config.set_floatx("float64")
    yield
    keras.config.set_floatx(old)


# Keras keeps some hyperparameters in float32: these are exact in float32.
B1, B2 = 0.875, 1 - 2**-10


@pytest.mark.parametrize(
    "kwargs,make_optimizer",
    [
        (dict(optimizer="sgd", lr=0.5), lambda: keras.optimizers.SGD(0.5)),
        (dict(optimizer="momentum", lr=0.25, momentum=0.75), lambda: keras.optimizers.SGD(0.25, momentum=0.75)),
        (dict(optimizer="adam", lr=2**-6, betas=(B1, B2), eps=1e-30),
         lambda: keras.optimizers.Adam(2**-6, beta_1=B1, beta_2=B2, epsilon=1e-30)),
    ],
    ids=["sgd", "momentum", "adam"],
)
@pytest.mark.parametrize("activation,loss", [("sigmoid", "quadratic"), ("relu", "cross_entropy")])
def test_training_matches_keras_fit_step_for_step(kwargs, make_optimizer, activation, loss, keras_float64):
    # Keras' Adam adds its epsilon after the bias correction, the textbook form before;
    # with a negligible epsilon the two are the same formula.
    rng = np.random.default_rng(5)
    sizes = [6, 8, 3]
    net = Network(sizes, activation, loss, init="scaled", seed=4, dtype=np.float64)
    start = [w.copy() for w in net.weights]
    X, labels, Y = batch(rng, 40, sizes)
    model = keras_copy(net, make_optimizer())
    model.fit(X, Y, batch_size=10, epochs=2, shuffle=False, verbose=0)
    net.fit(X, labels, epochs=2, batch_size=10, shuffle=False, **kwargs)
    for layer, w, b, w0 in zip(model.layers, net.weights, net.biases, start):
        kw, kb = layer.get_weights()
        assert np.abs(w - w0).max() > 1e-3  # training moved the weights ...
        assert np.allclose(w, kw.T, rtol=1e-12, atol=1e-14)  # ... exactly as Keras did
        assert np.allclose(b, kb, rtol=1e-12, atol=1e-14)


def test_optimizer_state_carries_over_between_fit_calls():
    rng = np.random.default_rng(6)
    X, labels, _ = batch(rng, 30, [4, 3])
    once = Network([4, 5, 3], "relu", "cross_entropy", seed=0, dtype=np.float64)
    once.fit(X, labels, 3, 10, 0.01, optimizer="adam", shuffle=False)
    twice = Network([4, 5, 3], "relu", "cross_entropy", seed=0, dtype=np.float64)
    twice.fit(X, labels, 1, 10, 0.01, optimizer="adam", shuffle=False)
    twice.fit(X, labels, 2, 10, 0.01, optimizer="adam", shuffle=False)
    for a, b in zip(once.weights + once.biases, twice.weights + twice.biases):
        assert np.array_equal(a, b)
    assert len(twice.history["loss"]) == 3


def test_l2_shrinks_weights_by_the_books_factor():
    """With a zero data gradient, one SGD step with L2 multiplies each weight by (1 - eta lambda / n)."""
    net = Network([3, 2], "sigmoid", "quadratic", output="sigmoid", seed=0, dtype=np.float64)
    X = np.zeros((4, 3))
    Y = net.predict(X)  # the loss is 0 and so is its gradient w.r.t. the weights (inputs are 0)
    w0 = net.weights[0].copy()
    net.fit(X, Y, epochs=1, batch_size=4, lr=0.5, l2=2.0)
    assert np.allclose(net.weights[0], (1 - 0.5 * 2.0 / 4) * w0, atol=1e-15)
    net.fit(X, Y, epochs=1, batch_size=4, lr=0.5, l1=0.4, l2=0.0)
    w1 = (1 - 0.5 * 2.0 / 4) * w0
    assert np.allclose(net.weights[0], w1 - 0.5 * 0.4 / 4 * np.sign(w1), atol=1e-15)


# ---------------------------------------------------------------------------
# One text: notebook 04 prints the two functions Network runs
# ---------------------------------------------------------------------------
NOTEBOOK_04 = Path(__file__).resolve().parents[1] / "notebooks" / "04_backprop.ipynb"


@pytest.mark.parametrize("function", [network.feedforward, network.backpropagate], ids=lambda f: f.__name__)
def test_notebook_04_prints_the_librarys_own_source(function):
    """The student reads the library's text itself: the stored output of the notebook's cell is the current source."""
    cells = json.loads(NOTEBOOK_04.read_text(encoding="utf-8"))["cells"]
    wanted = f"print(inspect.getsource({function.__name__}))"
    shown = [cell for cell in cells if cell["cell_type"] == "code" and "".join(cell["source"]).strip() == wanted]
    assert len(shown) == 1, f"notebook 04 must have one cell {wanted!r}"
    printed = "".join("".join(out["text"]) for out in shown[0]["outputs"] if out.get("name") == "stdout")
    assert printed == inspect.getsource(function) + "\n", "re-execute notebook 04: the library's source changed"
    twin = NOTEBOOK_04.with_suffix(".py").read_text(encoding="utf-8")
    assert f"def {function.__name__}(" not in twin  # (no second copy in the notebook)


def test_network_computes_with_the_printed_functions(monkeypatch):
    """forward, predict, backprop and fit all go through network.feedforward and network.backpropagate."""
    calls = []

    def spy(name, real):
        return lambda *args: calls.append(name) or real(*args)

    monkeypatch.setattr(network, "feedforward", spy("feedforward", network.feedforward))
    monkeypatch.setattr(network, "backpropagate", spy("backpropagate", network.backpropagate))
    rng = np.random.default_rng(20)
    X, labels, _ = batch(rng, 10, [3, 2])
    net = Network([3, 4, 2], seed=0)
    net.forward(X)
    net.predict(X)
    assert calls == ["feedforward"] * 2
    calls.clear()
    net.backprop(X, labels, dropout=0.5)
    net.fit(X, labels, 1, 5, 0.1, track_training=False)  # two mini-batches
    assert calls == ["feedforward", "backpropagate"] * 3


# ---------------------------------------------------------------------------
# The public functions, the parameter lists
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["sigmoid", "relu", "tanh", "elu", "swish"])
def test_layers_are_the_public_functions_bit_for_bit(name, dtype):
    """z = a W.T + b (the slide's W a + b per sample) and a = f(z) with lecturekit.activations' f; backprop multiplies
    by its f', for all magnitudes."""
    from lecturekit import activations

    rng = np.random.default_rng(12)
    net = Network([3, 4, 2], name, "quadratic", output=name, init="standard", seed=1, dtype=dtype)
    X = np.concatenate([rng.normal(size=(20, 3)), 50 * rng.normal(size=(20, 3)), [[1e4, -1e4, 0.0]]]).astype(dtype)
    f, f_grad = activations.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zs, acts = net.forward(X)
        gw, _ = net.backprop(X, np.zeros((len(X), 2)))
    a = X
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        np.testing.assert_array_equal(zs[l], a @ w.T + b)  # the slide's W a + b for every sample (row of a)
        a = f(zs[l])
        np.testing.assert_array_equal(acts[l + 1], a)
        assert a.dtype == dtype
    delta = losses.quadratic_grad(np.zeros((len(X), 2)), acts[2]) * f_grad(zs[1])  # BP1 with the public functions
    np.testing.assert_array_equal(gw[1], delta.T @ acts[1])


def test_replaced_weight_arrays_are_trained_like_ones_changed_in_place():
    """weights[l] and biases[l] are views into one parameter vector; assigning new arrays still works."""
    rng = np.random.default_rng(13)
    X, labels, _ = batch(rng, 30, [4, 3])
    replaced, in_place = Network([4, 5, 3], seed=0), Network([4, 5, 3], seed=0)
    new_w = rng.normal(size=(5, 4))  # float64, for a float32 network
    replaced.weights[0] = new_w
    in_place.weights[0][...] = new_w
    for net in (replaced, in_place):
        net.fit(X, labels, 2, 10, 1.0, optimizer="momentum")
    assert replaced.weights[0].dtype == np.float32
    assert not np.allclose(replaced.weights[0], new_w.astype(np.float32))  # trained ...
    for a, b in zip(replaced.weights + replaced.biases, in_place.weights + in_place.biases):
        assert np.array_equal(a, b)  # ... exactly as the arrays changed in place
    gw, _ = replaced.backprop(X, labels)
    assert gw[0].dtype == np.float32
    # a callback that puts back earlier weights (as for early stopping) between epochs
    kept = [w.copy() for w in replaced.weights]

    def restore(epoch, logs):
        if epoch == 0:
            replaced.weights = [w.copy() for w in kept]

    replaced.fit(X, labels, 2, 10, 1.0, callback=restore)
    in_place.fit(X, labels, 1, 10, 1.0)
    for w, w0 in zip(in_place.weights, kept):
        w[...] = w0
    in_place.fit(X, labels, 1, 10, 1.0)
    for a, b in zip(replaced.weights + replaced.biases, in_place.weights + in_place.biases):
        assert np.array_equal(a, b)
    # a transposed view (not contiguous) of the right shape is trained like the array itself
    in_place.weights[1] = np.ascontiguousarray(in_place.weights[1].T).T
    twin = Network([4, 5, 3], seed=0)
    twin.weights, twin.biases = [p.copy() for p in in_place.weights], [p.copy() for p in in_place.biases]
    for net in (in_place, twin):
        net.fit(X, labels, 1, 10, 1.0, optimizer="momentum", shuffle=False)
    assert all(np.array_equal(a, b) for a, b in zip(in_place.weights + in_place.biases, twin.weights + twin.biases))
    replaced.weights[1] = np.zeros((5, 3))
    with pytest.raises(ValueError, match=r"weights\[1\] must have shape \(3, 5\)"):
        replaced.fit(X, labels, 1, 10, 1.0)


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_a_copied_network_trains_on_its_own_and_like_the_original(how):
    import copy
    import pickle

    rng = np.random.default_rng(14)
    X, labels, _ = batch(rng, 30, [4, 3])
    net = Network([4, 5, 3], "relu", "cross_entropy", init="he", seed=0)
    net.fit(X, labels, 1, 10, 0.01, optimizer="adam")
    twin = copy.deepcopy(net) if how == "deepcopy" else pickle.loads(pickle.dumps(net))
    before = [p.copy() for p in net.weights + net.biases]
    twin.fit(X, labels, 2, 10, 0.01, optimizer="adam")  # Adam's moments go on from where they were
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights + net.biases))  # the original is untouched
    net.fit(X, labels, 2, 10, 0.01, optimizer="adam")
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, twin.weights + twin.biases))


# ---------------------------------------------------------------------------
# Dropout
# ---------------------------------------------------------------------------
def test_dropout_zeroes_units_in_training_only_and_their_gradients():
    rng = np.random.default_rng(7)
    net = Network([5, 400, 3], "sigmoid", "cross_entropy", seed=0, dtype=np.float64)
    X, _, Y = batch(rng, 1, [5, 400, 3])
    p_before = net.predict(X)
    gw, gb = net.backprop(X, Y, dropout=0.5)
    dropped = np.all(gw[1] == 0, axis=0)  # a dropped hidden unit sends nothing: its column of dC/dW2 is 0
    assert 0.4 < dropped.mean() < 0.6
    assert np.all(gb[0][dropped] == 0) and np.all(gw[0][dropped] == 0)
    assert np.all(gb[0][~dropped] != 0)
    assert np.array_equal(net.predict(X), p_before)  # no dropout when predicting


def test_inverted_dropout_scales_kept_units_by_one_over_keep():
    """Each hidden unit is either dropped (0) or scaled by 1/(1 - p), so its expected value is unchanged."""
    net = Network([3, 2000, 2], "sigmoid", "cross_entropy", seed=0, dtype=np.float64)
    net.weights[1][:] = 0.0  # uniform softmax output (1/2, 1/2) ...
    net.biases[1][:] = 0.0
    X, Y = np.ones((1, 3)), np.array([[1.0, 0.0]])  # ... so delta_L = (-1/2, 1/2) and dC/dW2[0] = -a_dropped / 2
    _, acts = net.forward(X)
    gw, _ = net.backprop(X, Y, dropout=0.3)
    ratio = (-2 * gw[1][0]) / acts[1][0]
    assert np.all(np.isclose(ratio, 0.0) | np.isclose(ratio, 1 / 0.7))
    assert np.mean(ratio == 0) == pytest.approx(0.3, abs=0.04)
    assert ratio.mean() == pytest.approx(1.0, abs=0.06)


def test_dropout_trains_and_is_reproducible():
    rng = np.random.default_rng(8)
    X, labels, _ = batch(rng, 60, [4, 3])
    nets = [Network([4, 16, 3], "relu", "cross_entropy", init="he", seed=9) for _ in range(2)]
    for net in nets:
        net.fit(X, labels, 5, 10, 0.1, dropout=0.2)
    assert np.array_equal(nets[0].weights[0], nets[1].weights[0])
    assert nets[0].history["loss"][-1] < nets[0].history["loss"][0]


# ---------------------------------------------------------------------------
# Learning something, reproducibly
# ---------------------------------------------------------------------------
def xor_data():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return np.repeat(X, 5, axis=0), np.repeat([0, 1, 1, 0], 5)


@pytest.mark.parametrize("optimizer,lr", [("sgd", 3.0), ("momentum", 1.0), ("adam", 0.05)])
def test_learns_xor_with_each_optimizer(optimizer, lr):
    X, y = xor_data()
    net = Network([2, 8, 1], "sigmoid", "quadratic", init="scaled", seed=1)
    net.fit(X, y, epochs=300, batch_size=4, lr=lr, optimizer=optimizer)
    assert net.accuracy(X, y) == 1.0
    assert net.history["loss"][-1] < 0.25 * net.history["loss"][0]
    assert net.predict(X).shape == (20, 1)


def test_the_optimizer_of_the_last_fit_is_told():
    X, y = xor_data()
    net = Network([2, 3, 1], "sigmoid", "quadratic", seed=0)
    assert net.optimizer_settings is None
    net.fit(X, y, epochs=1, batch_size=4, lr=0.5, optimizer="Momentum")
    assert net.optimizer_settings[:2] == ("momentum", 0.5)
    net.fit(X, y, epochs=1, batch_size=4, lr=0.01, optimizer="adam")
    assert net.optimizer_settings[:2] == ("adam", 0.01)


def test_same_seed_same_network_different_seed_different_network():
    X, y = xor_data()
    a, b, c = (Network([2, 4, 2], seed=s) for s in (0, 0, 1))
    for net in (a, b, c):
        net.fit(X, y, epochs=3, batch_size=5, lr=1.0)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))
    assert not np.array_equal(a.weights[0], c.weights[0])
    assert a.history == {**b.history, "seconds": a.history["seconds"]}


def test_labels_and_one_hot_targets_train_identically():
    X, y = xor_data()
    a, b = Network([2, 4, 2], seed=3), Network([2, 4, 2], seed=3)
    a.fit(X, y, 2, 5, 1.0)
    b.fit(X, np.eye(2)[y], 2, 5, 1.0)
    assert np.array_equal(a.weights[0], b.weights[0])


def test_history_and_validation():
    X, y = xor_data()
    net = Network([2, 4, 2], seed=0)
    hist = net.fit(X, y, 4, 5, 1.0, validation_data=(X[:8], y[:8]))
    assert set(hist) == {"seconds", "loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 4 for v in hist.values())
    assert hist["val_loss"][-1] == pytest.approx(net.cost(X[:8], y[:8]), rel=1e-6)
    assert hist["accuracy"][-1] == net.accuracy(X, y)
    net.fit(X, y, 2, 5, 1.0, track_training=False)
    assert len(net.history["seconds"]) == 6 and len(net.history["loss"]) == 4


class Recorder:
    def __init__(self):
        self.batches, self.epochs = [], []

    def batch(self, epoch, fraction, **logs):
        self.batches.append((epoch, fraction))

    def update(self, epoch, **logs):
        self.epochs.append((epoch, logs))


def test_progress_and_callback_are_told_about_every_epoch():
    X, y = xor_data()
    rec, seen = Recorder(), []
    Network([2, 3, 2]).fit(X, y, 3, 2, 0.5, progress=rec, callback=lambda e, logs: seen.append((e, logs["loss"])))
    assert [e for e, _ in rec.epochs] == [0, 1, 2] and [e for e, _ in seen] == [0, 1, 2]
    assert {"loss", "accuracy"} <= set(rec.epochs[0][1])
    assert rec.batches and all(0 < f <= 1 for _, f in rec.batches)


@pytest.mark.parametrize("init", ["standard", "scaled", "glorot", "he"])
def test_initializers_have_the_documented_spread(init):
    net = Network([400, 300, 10], init=init, seed=0, dtype=np.float64)
    w, b = net.weights[0], net.biases[0]
    expected = {"standard": 1.0, "scaled": 1 / 400, "glorot": 2 / 700, "he": 2 / 400}[init]
    assert w.var() == pytest.approx(expected, rel=0.05)
    assert abs(w.mean()) < 0.01 * np.sqrt(expected) * 10
    if init in ("glorot", "he"):
        assert np.all(b == 0)
    else:
        assert b.var() == pytest.approx(1.0, rel=0.4)
    assert net.num_parameters == 400 * 300 + 300 + 300 * 10 + 10


def test_float32_default_stays_float32():
    X, y = xor_data()
    net = Network([2, 3, 2])
    net.fit(X, y, 1, 5, 1.0)
    assert net.dtype == np.float32
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)
    assert net.predict(X).dtype == np.float32


@needs_mnist
def test_books_network_learns_mnist(monkeypatch):
    monkeypatch.setenv("LECTUREKIT_DATA_DIR", str(SHARED))
    (x_train, y_train), (x_test, y_test) = data.load_mnist(verbose=False)
    X, Y = data.to_vectors(x_train[:10_000], y_train[:10_000])  # (as the benchmark: the first 10 000 images)
    net = Network([784, 30, 10], "sigmoid", "quadratic", seed=0)
    net.fit(X, Y, epochs=2, batch_size=10, lr=3.0, track_training=False)
    # chance is 10%; the book's network is near 90% after two epochs on this much data
    assert net.accuracy(data.to_vectors(x_test), y_test) > 0.8


# ---------------------------------------------------------------------------
# Clear errors at the boundary
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,error,match",
    [
        (dict(sizes=[3]), ValueError, "sizes must list at least two"),
        (dict(sizes=[3, 0]), ValueError, "sizes"),
        (dict(sizes=[3, 2.5]), ValueError, "sizes"),
        (dict(sizes="784"), TypeError, r"sizes must list at least two layers, .* such as \[784, 30, 10\], got '784'"),
        (dict(sizes=[3, 2], activation="sigmoidd"), ValueError, "unknown activation 'sigmoidd'"),
        (dict(sizes=[3, 2], loss="mse2"), ValueError, "unknown loss 'mse2'"),
        (dict(sizes=[3, 2], init="zeros"), ValueError, "unknown init 'zeros'"),
        (dict(sizes=[3, 2], dtype=np.int32), TypeError, "dtype must be float32 or float64"),
        (dict(sizes=[3, 2], output=3), TypeError, "output must be"),
    ],
)
def test_bad_construction_raises_clear_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        Network(**kwargs)


@pytest.mark.parametrize(
    "args,kwargs,error,match",
    [
        ((np.zeros((4, 3)), [0, 1, 1, 0], 1, 2, 0.1), {}, ValueError, r"X must have shape \(n, 2\)"),
        ((np.zeros((4, 2)), [0, 1, 1], 1, 2, 0.1), {}, ValueError, r"Y must have shape \(4, 2\)"),
        ((np.zeros((4, 2)), [0, 1, 2, 0], 1, 2, 0.1), {}, ValueError, r"labels must lie in 0\.\.1"),
        ((np.zeros((4, 2)), [0.0, 1.0, 1.0, 0.0], 1, 2, 0.1), {}, TypeError, "must hold integers"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 0, 2, 0.1), {}, ValueError, "epochs must be a positive int"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 1, 2.0, 0.1), {}, ValueError, "batch_size must be a positive int"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 1, 2, -0.1), {}, ValueError, "lr must be a positive number, got -0.1"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 1, 2, 0.1), dict(dropout=1.0), ValueError,
         r"dropout must be a number in \[0, 1\)"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 1, 2, 0.1), dict(l2=-1), ValueError, "l2 must be"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 1, 2, 0.1), dict(optimizer="rmsprop"), ValueError, "unknown optimizer"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 1, 2, 0.1), dict(momentum=1.5), ValueError,
         r"momentum must be a number in \[0, 1\)"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 1, 2, 0.1), dict(validation_data=np.zeros(3)), ValueError,
         "validation_data must be a pair"),
        ((np.zeros((4, 2)), [0, 1, 1, 0], 1, 2, 0.1), dict(validation_data=(np.zeros((2, 5)), [0, 1])), ValueError,
         r"X_val must have shape"),
        ((np.array([["a", "b"]]), [0], 1, 2, 0.1), {}, TypeError, "X must hold real numbers"),
    ],
)
def test_bad_fit_arguments_raise_clear_errors(args, kwargs, error, match):
    net = Network([2, 3, 2])
    with pytest.raises(error, match=match):
        net.fit(*args, **kwargs)


def test_each_epoch_visits_every_sample_once_in_a_new_random_order():
    rng = np.random.default_rng(10)
    X, labels, _ = batch(rng, 30, [4, 3])
    net = Network([4, 5, 3], seed=2, dtype=np.float64)
    same_start = Network([4, 5, 3], seed=2, dtype=np.float64)
    in_order = Network([4, 5, 3], seed=2, dtype=np.float64)
    # the orders fit will draw, from a copy of the network's generator
    copy = np.random.default_rng()
    copy.bit_generator.state = net.rng.bit_generator.state
    orders = [copy.permutation(30) for _ in range(2)]
    assert not np.array_equal(orders[0], orders[1])
    net.fit(X, labels, 2, 7, 0.5)
    for order in orders:
        same_start.fit(X[order], labels[order], 1, 7, 0.5, shuffle=False)
    in_order.fit(X, labels, 2, 7, 0.5, shuffle=False)
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, same_start.weights + same_start.biases))
    assert not np.allclose(net.weights[0], in_order.weights[0])
