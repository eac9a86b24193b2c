"""How fast is one epoch of lecturekit.network, against the book's loop and Keras?

    python benchmarks/bench_network.py [--epochs 9] [--out results/bench_network.md] [--blas-threads 1]

The lecture's network, 784-30-10, sigmoid units, quadratic cost, eta = 3.0,
mini-batches of 10, trained on the same MNIST images by

1. the book's algorithm (Nielsen, ``network.py``): backpropagation one sample
   at a time on column vectors, the gradients summed over the mini-batch in
   Python.  It is implemented below, so the baseline is part of this script;
   it works in float64 like the book;
2. ``lecturekit.network.Network`` (the whole mini-batch as matrix products),
   in float32 (its default) and float64;
3. Keras ``model.fit`` on the same architecture, the same initialization
   (N(0, 1) weights and biases), the same cost 1/2 sum (y - a)^2 averaged
   over the batch, plain SGD with eta = 3.0 and ``batch_size=10``: once with
   Keras' defaults, once with ``steps_per_execution=100`` (Keras then runs
   100 steps per call into TensorFlow, which removes most of its per-step cost).

The epochs of the runs are interleaved (one epoch of each in turn), so a busy
machine slows them alike; the table reports the median seconds per epoch over
the epochs, the speed-up against the per-sample loop (both measured in this
process) and each network's test accuracy after the same epochs.  A second
table gives the speed-up of ``lecturekit.network`` over the per-sample loop for
larger mini-batches, and a third splits one training step of 10 samples into
its parts (the numpy and BLAS calls it makes, timed alone), which shows where
the time goes at this size.  The tables are printed and written (markdown) to ``--out``.

BLAS (numpy's and scipy's) runs on one thread by default here
(``--blas-threads``): the matrices of a mini-batch are small, and extra
threads mostly wait for each other, badly so on a busy machine.  TensorFlow
keeps its own thread pools.

Data: ``lecturekit.data.load_mnist``.  Offline with only the 10k MNIST test
set, that is 8000 training and 2000 test images; online, the full 60k/10k.
"""
from __future__ import annotations

import argparse
import os
import sys


def _blas_threads(argv) -> str:
    # The BLAS thread count is read when numpy is imported, so it is set before that.
    for i, arg in enumerate(argv):
        if arg == "--blas-threads" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--blas-threads="):
            return arg.split("=", 1)[1]
    return "1"


if __name__ == "__main__":  # (not when a test imports this file for its baseline)
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = _blas_threads(sys.argv)

import platform
import random
import statistics
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lecturekit as lk  # noqa: E402

SIZES = [784, 30, 10]
ETA = 3.0
BATCH = 10


# ---------------------------------------------------------------------------
# The baseline: the book's per-sample backpropagation (Nielsen, network.py)
# ---------------------------------------------------------------------------
def book_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def book_sigmoid_prime(z):
    return book_sigmoid(z) * (1 - book_sigmoid(z))


class BookNetwork:
    """The book's network: column vectors, one sample at a time."""

    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        self.num_layers = len(sizes)
        self.biases = [rng.standard_normal((y, 1)) for y in sizes[1:]]
        self.weights = [rng.standard_normal((y, x)) for x, y in zip(sizes[:-1], sizes[1:])]
        self.random = random.Random(seed)

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = book_sigmoid(np.dot(w, a) + b)
        return a

    def sgd_epoch(self, training_data, mini_batch_size, eta):
        self.random.shuffle(training_data)
        n = len(training_data)
        mini_batches = [training_data[k:k + mini_batch_size] for k in range(0, n, mini_batch_size)]
        for mini_batch in mini_batches:
            self.update_mini_batch(mini_batch, eta)

    def update_mini_batch(self, mini_batch, eta):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = book_sigmoid(z)
            activations.append(activation)
        delta = (activations[-1] - y) * book_sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = book_sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w

    def accuracy(self, X, labels):
        out = self.feedforward(X.T.astype(np.float64))  # (10, n): columns are samples
        return float(np.mean(out.argmax(axis=0) == labels))


# ---------------------------------------------------------------------------
# Keras: the same network, cost and optimizer
# ---------------------------------------------------------------------------
def keras_network(seed=0, steps_per_execution=1):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    init = keras.initializers.RandomNormal(stddev=1.0, seed=seed)
    model = keras.Sequential([
        keras.Input(shape=(SIZES[0],)),
        keras.layers.Dense(SIZES[1], activation="sigmoid", kernel_initializer=init, bias_initializer=init),
        keras.layers.Dense(SIZES[2], activation="sigmoid", kernel_initializer=init, bias_initializer=init),
    ])

    def quadratic(y_true, y_pred):  # 1/2 ||y - a||^2 per sample; Keras averages over the batch
        return 0.5 * tf.reduce_sum(tf.square(y_true - y_pred), axis=-1)

    model.compile(optimizer=keras.optimizers.SGD(learning_rate=ETA), loss=quadratic, metrics=["accuracy"],
                  steps_per_execution=steps_per_execution)
    return model, tf.__version__


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = f", load average {os.getloadavg()[0]:.1f} at the start" if hasattr(os, "getloadavg") else ""
    return f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}{load}"


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def per_call(fn, number=2000, repeat=7):
    """Seconds per call of ``fn()``: the best of ``repeat`` runs of ``number`` calls (the least disturbed)."""
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def step_breakdown(X, Y, loop_seconds):
    """Microseconds of the parts of one training step on a mini-batch of 10 (float32), as table rows.

    Each part is the calls the step makes for it (numpy's, and BLAS through
    scipy), on arrays of the step's shapes, timed alone; the rest of the
    measured step is Python (the loop, the calls, the lists) and cache misses.
    """
    from lecturekit import activations, network

    net = lk.network.Network(SIZES, "sigmoid", "quadratic", seed=0)
    m, (n_in, n_hidden, n_out) = BATCH, SIZES
    rng = np.random.default_rng(0)
    batches = rng.permutation(len(X))[: len(X) // m * m].reshape(-1, m)
    x, y = X[batches[0]], Y[batches[0]]
    w1, w2 = net.weights
    b1, b2 = net.biases
    buf = network._Buffers(SIZES, m, np.float32)
    (z1, z2), (a1, a2), (d1, d2), (work1, work2) = buf.z, buf.a, buf.delta, buf.work
    gemm, ones_row = buf.gemm, buf.ones_row  # (the updates below take eta = 0: repeating them changes nothing)
    gemm(1.0, b1[None], ones_row, 0.0, z1.T, 1, 0, 1)  # z1 = x W1^T + b1, as the step computes it
    gemm(1.0, w1.T, x.T, 1.0, z1.T, 1, 0, 1)
    activations._sigmoid(z1, a1, work1)

    def gather():
        for batch in batches:
            X.take(batch, axis=0), Y.take(batch, axis=0)

    def big():
        gemm(1.0, w1.T, x.T, 1.0, z1.T, 1, 0, 1)
        gemm(0.0, x.T, d1.T, 1.0, w1.T, 0, 1, 1)

    def small():
        gemm(1.0, w2.T, a1.T, 1.0, z2.T, 1, 0, 1)
        np.dot(d2, w2, d1)
        gemm(0.0, a1.T, d2.T, 1.0, w2.T, 0, 1, 1)

    def biases():
        gemm(1.0, b1[None], ones_row, 0.0, z1.T, 1, 0, 1)
        gemm(1.0, b2[None], ones_row, 0.0, z2.T, 1, 0, 1)
        buf.gemv(0.0, d1.T, buf.ones, 1.0, b1, 0, 1, 0, 1, 0, 1)
        buf.gemv(0.0, d2.T, buf.ones, 1.0, b2, 0, 1, 0, 1, 0, 1)

    def sigmoids():
        activations._sigmoid(z1, a1, work1)
        activations._sigmoid(z2, a2, work2)

    g1 = np.full_like(d1, 0.1)  # dC/da1 (from `delta2 W2`): fixed, so that repeating the step cannot underflow

    def deltas():
        np.subtract(a2, y, d2)
        np.multiply(d2, network._sigmoid_prime(z2, a2, work2), d2)
        np.multiply(g1, network._sigmoid_prime(z1, a1, work1), d1)

    with np.errstate(over="ignore"):
        parts = [
            ("pick the mini-batch: the rows `batch` of X and Y (random rows)", 2,
             per_call(gather, number=1, repeat=5) / len(batches)),
            (f"the two {n_in}-wide products: `x W1^T` and the update `W1 -= eta delta1^T x` (BLAS gemm)", 2,
             per_call(big)),
            ("the three small products (`a1 W2^T`, `delta2 W2`, the update of W2)", 3, per_call(small)),
            ("the biases: `z = 1 b^T` before each product, `b -= eta delta^T 1` (BLAS)", 4, per_call(biases)),
            ("two sigmoids, 1 / (1 + exp(-z))", 8, per_call(sigmoids)),
            ("output and hidden deltas, elementwise", 7, per_call(deltas)),
        ]
    step_seconds = min(timed(lambda: net.fit(X, Y, 1, m, ETA, track_training=False)) for _ in range(5)) / len(batches)
    rows = [f"| {name} | {calls} | {1e6 * sec:.1f} |" for name, calls, sec in parts]
    known = sum(sec for _, _, sec in parts)
    rows.append(f"| Python (loop, calls, lists), the input check of `fit`, cache misses: the rest | | "
                f"{1e6 * (step_seconds - known):.1f} |")
    rows.append(f"| **one training step of lecturekit.network** (a whole `fit` of one epoch / {len(batches)}) | "
                f"{sum(calls for _, calls, _ in parts)} | **{1e6 * step_seconds:.1f}** |")
    rows.append(f"| per-sample loop, one mini-batch (its median epoch / {len(batches)}) | | {1e6 * loop_seconds / len(batches):.1f} |")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=9, help="epochs per implementation (the timed repeats)")
    parser.add_argument("--out", default=str(ROOT / "results" / "bench_network.md"), help="markdown table file")
    parser.add_argument("--no-keras", action="store_true", help="skip the Keras runs")
    parser.add_argument("--blas-threads", default="1", help="threads of numpy's BLAS (read before numpy starts)")
    parser.add_argument("--sweep", default="10,20,50,100", help="mini-batch sizes of the second table ('' to skip)")
    args = parser.parse_args(argv)
    start_machine = machine()

    (x_train, y_train), (x_test, y_test) = lk.data.load_mnist()
    X, Y = lk.data.to_vectors(x_train, y_train)
    X_test = lk.data.to_vectors(x_test)

    book = BookNetwork(SIZES, seed=0)
    book_data = [(x.reshape(-1, 1).astype(np.float64), y.reshape(-1, 1).astype(np.float64)) for x, y in zip(X, Y)]
    nets = {name: lk.network.Network(SIZES, "sigmoid", "quadratic", seed=0, dtype=dtype)
            for name, dtype in (("float32", np.float32), ("float64", np.float64))}
    X64, Y64 = X.astype(np.float64), Y.astype(np.float64)  # converted once, as by a fit of many epochs
    runs = {
        "per-sample loop (the book's algorithm, float64)": lambda: book.sgd_epoch(book_data, BATCH, ETA),
        "lecturekit.network (float32, default)":
            lambda: nets["float32"].fit(X, Y, 1, BATCH, ETA, track_training=False),
        "lecturekit.network (float64)": lambda: nets["float64"].fit(X64, Y64, 1, BATCH, ETA, track_training=False),
    }
    accuracy = {
        "per-sample loop (the book's algorithm, float64)": lambda: book.accuracy(X_test, y_test),
        "lecturekit.network (float32, default)": lambda: nets["float32"].accuracy(X_test, y_test),
        "lecturekit.network (float64)": lambda: nets["float64"].accuracy(X_test, y_test),
    }
    import scipy

    versions = (f"numpy {np.__version__}, scipy {scipy.__version__} "
                f"(BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'default')})")
    if not args.no_keras:
        import keras

        for spe in (1, 100):
            model, tf_version = keras_network(seed=0, steps_per_execution=spe)
            name = "Keras `fit` (TensorFlow, float32" + (")" if spe == 1 else f", steps_per_execution={spe})")
            runs[name] = lambda model=model: model.fit(X, Y, batch_size=BATCH, epochs=1, shuffle=True, verbose=0)
            accuracy[name] = lambda model=model: float(
                np.mean(model.predict(X_test, batch_size=1000, verbose=0).argmax(1) == y_test))
        versions += f", TensorFlow {tf_version}, Keras {keras.__version__}"

    seconds = {name: [] for name in runs}
    for epoch in range(args.epochs):
        for name, run in runs.items():
            seconds[name].append(timed(run))
        print(f"epoch {epoch + 1}/{args.epochs}: " + ", ".join(f"{s[-1]:.3f}s" for s in seconds.values()), flush=True)

    base = statistics.median(seconds["per-sample loop (the book's algorithm, float64)"])
    lines = [
        f"One epoch of 784-30-10 (sigmoid, quadratic cost, eta = {ETA}, batch {BATCH}) on {len(X)} MNIST "
        f"training images; test accuracy on {len(X_test)} test images after {args.epochs} epochs.",
        "",
        "| implementation | seconds / epoch (median) | speed-up vs per-sample loop | test accuracy |",
        "|---|---:|---:|---:|",
    ]
    for name in runs:
        med = statistics.median(seconds[name])
        lines.append(f"| {name} | {med:.3f} | {base / med:.1f}x | {100 * accuracy[name]():.2f}% |")
    if args.sweep:
        lines += [
            "",
            "Larger mini-batches (same network and data; median seconds per epoch over 3 epochs):",
            "",
            "| batch size | per-sample loop | lecturekit.network (float32) | speed-up |",
            "|---:|---:|---:|---:|",
        ]
        for m in (int(b) for b in args.sweep.split(",")):
            loop, net = BookNetwork(SIZES, seed=1), lk.network.Network(SIZES, seed=1)
            t_loop, t_net = [], []
            for _ in range(3):
                t_loop.append(timed(lambda: loop.sgd_epoch(book_data, m, ETA)))
                t_net.append(timed(lambda: net.fit(X, Y, 1, m, ETA, track_training=False)))
            a, b = statistics.median(t_loop), statistics.median(t_net)
            lines.append(f"| {m} | {a:.3f} | {b:.3f} | {a / b:.1f}x |")
            print(lines[-1], flush=True)
    lines += [
        "",
        f"Where the time of one training step goes (mini-batch of {BATCH}, float32; microseconds, each part's "
        "calls timed alone, best of 7):",
        "",
        "| part of the step | calls | microseconds |",
        "|---|---:|---:|",
        *step_breakdown(X, Y, base),
    ]
    lines += [
        "",
        f"Machine: {start_machine}; {versions}; Python {platform.python_version()}.",
        f"Medians over {args.epochs} epochs; the implementations take turns epoch by epoch (same process). "
        "Keras' median includes no graph tracing when epochs >= 3 (only its first epoch traces).",
    ]
    table = "\n".join(lines)
    print()
    print(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table + "\n")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
