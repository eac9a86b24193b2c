"""How fast is one epoch of lecturekit.network, against the book's loop and Keras?

    python benchmarks/bench_network.py [--epochs 9] [--train 10000] [--out results/bench_network.md]

The lecture's network, 784-30-10, sigmoid units, quadratic cost, eta = 3.0,
mini-batches of 10, trained on the first ``--train`` MNIST training images
(10 000 by default) by

1. the book's algorithm (``book_network.py``, Nielsen's ``network.py``):
   backpropagation one sample at a time on column vectors, the gradients
   summed over the mini-batch in Python, in float64 like the book;
2. ``lecturekit.network.Network`` (the whole mini-batch as matrix products),
   in float32 (its default) and float64;
3. Keras ``model.fit`` on the same architecture, the same initialization
   (N(0, 1) weights and biases), the same cost 1/2 sum (y - a)^2 averaged
   over the batch, plain SGD with eta = 3.0 and ``batch_size=10``: once
   plain, once with ``steps_per_execution=100`` (Keras then runs 100 steps
   per call into TensorFlow, which removes most of its per-step cost).

The epochs of the runs are interleaved (one epoch of each in turn), so a busy
machine slows them alike; the table reports the median seconds per epoch,
each one's speed-up against the per-sample loop (all measured in this
process), its accuracy on the 10 000 MNIST test images after the same
epochs, the median CPU seconds per epoch (the time it computed, without
the time it waited for a CPU on a busy machine), its fastest and slowest
epoch (a machine whose speed changes during the run shows a wide range) and
its page faults per epoch.  Before the first epoch the benchmark frees one
16 MB array (``settle_allocator``), so that glibc's malloc serves the
per-sample loop's 184 KB arrays from memory it keeps instead of mapping
fresh pages for each, with or without TensorFlow in the process.
Then come the two ratios the project promises for ``lecturekit.network``
(float32): at least 10x the per-sample loop and at least 15x Keras' plain
``fit``, and the run's resolution: a second, identical float32 network
takes the last turn of each round, so the distance between the two
medians of the same work shows how much the machine's changing speed moves
a median in this run.  A second table gives the speed-up over the
per-sample loop for larger mini-batches, and a third splits one training
step of 10 samples into its parts (the calls it makes, each timed alone).
The tables are printed and written (markdown) to ``--out``.

numpy's BLAS runs on one thread by default here (``--blas-threads``): the
matrices of a mini-batch are small, and extra threads mostly wait for each
other, badly so on a busy machine.  TensorFlow keeps its own thread pools.

Data: ``lecturekit.data.load_mnist`` (complete MNIST offline with
``LECTUREKIT_DATA_DIR`` pointing at it).  With only the 10k test set there,
the loader's 8000/2000 split is used instead, and the table says so.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path


def _blas_threads(argv) -> str:
    # The BLAS thread count is read when numpy is imported, so it is set before that.
    for i, arg in enumerate(argv):
        if arg == "--blas-threads" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--blas-threads="):
            return arg.split("=", 1)[1]
    return "1"


if __name__ == "__main__":  # (not when a test imports this file)
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = _blas_threads(sys.argv)

import numpy as np  # noqa: E402 (after the BLAS thread settings above)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lecturekit as lk  # noqa: E402 (after the thread settings and sys.path above)
from benchmarks.book_network import BookNetwork, as_columns  # noqa: E402 (after sys.path above)

SIZES = [784, 30, 10]
ETA = 3.0
BATCH = 10
BOOK = "per-sample loop (the book's algorithm, float64)"
OURS = "lecturekit.network (float32, default)"
KERAS = "Keras `fit` (TensorFlow, float32)"
TWIN = "lecturekit.network (float32, default), a second identical network timed last in each turn"
TARGETS = {BOOK: 10.0, KERAS: 15.0}  # lecturekit.network (float32) is to be at least this many times as fast


def keras_network(seed=0, steps_per_execution=1):
    """The lecture's network in Keras: same architecture, start, cost and optimizer."""
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
    """Wall-clock seconds of ``fn()``."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measured(fn):
    """Wall-clock seconds, CPU seconds and minor page faults of ``fn()``.

    CPU: the time this process computed, summed over its threads.  Page
    faults: the pages the kernel had to map in for it (None where not counted).
    """
    faults = minor_faults()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, None if faults is None else minor_faults() - faults


def minor_faults():
    """Minor page faults of this process so far, or None where not counted."""
    try:
        import resource
    except ImportError:  # (Windows)
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def settle_allocator():
    """Free one 16 MB array, so that every run finds the memory allocator in the same state.

    glibc's malloc maps each array above its mmap threshold (128 KB at the
    start) as fresh pages and returns them to the kernel when it is freed; on
    freeing a mapped array it raises that threshold to the array's size and the
    heap's trim threshold to twice that.  The per-sample loop makes float64
    arrays of 30 x 784 (184 KB) for every sample: in a process that never freed
    a larger array (a fresh one without TensorFlow) the loop took about 50 000
    to 100 000 page faults per epoch, 0.1-0.4 s of system time, and ran about
    20 % slower than in a process that had imported TensorFlow, where it took
    almost none.  After this call it takes a few dozen at most in either
    process, and the timings compare the algorithms, not the allocator's
    history.  (Other allocators ignore it.)
    """
    np.empty(16 * 2**20, dtype=np.uint8)  # allocated and freed at once; never touched, so it costs nothing


def per_call(fn, number=1000, repeat=7):
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

    Each part is the calls the step makes for it, on arrays of the step's
    shapes, timed alone; the rest of the measured step is Python (the loops,
    the calls, the lists) and cache misses.
    """
    from lecturekit import activations, losses, optimizers

    net = lk.network.Network(SIZES, "sigmoid", "quadratic", seed=0)
    rng = np.random.default_rng(0)
    batches = rng.permutation(len(X))[: len(X) // BATCH * BATCH].reshape(-1, BATCH)
    x, y = X[batches[0]], Y[batches[0]]
    (w1, w2), (b1, b2) = net.weights, net.biases
    zs, acts = net.forward(x)
    (z1, z2), (a1, a2) = zs, acts[1:]
    grad_w, grad_b = net.backprop(x, y)
    # what the training step calls: the checked-once forms (the numbers of the public functions, bit for bit)
    sigmoid, sigmoid_grad = activations.UNCHECKED["sigmoid"]  # sigmoid_grad(z) = a (1 - a) with a = sigmoid(z)
    quadratic_grad = losses.UNCHECKED["quadratic"]
    d2 = quadratic_grad(y, a2) * sigmoid_grad(z2)
    d1 = (d2 @ w2) * sigmoid_grad(z1)
    no_step = optimizers.SGD(1e-30)  # (a step that changes nothing, so that it can be repeated)

    def gather():
        for batch in batches:
            X.take(batch, axis=0), Y.take(batch, axis=0)

    with np.errstate(over="ignore"):  # (as in fit: exp(-z) may overflow to inf for z << 0, sigma(z) = 0)
        parts = [
            ("pick the mini-batch: the rows `batch` of X and Y (random rows)", 2,
             per_call(gather, number=1, repeat=5) / len(batches)),
            (f"the two {SIZES[0]}-wide products: `x W1^T` (forward) and `delta1^T x` (BP4)", 2,
             per_call(lambda: (x @ w1.T, d1.T @ x))),
            ("the three small products: `a1 W2^T`, `delta2 W2` (BP2), `delta2^T a1` (BP4)", 3,
             per_call(lambda: (a1 @ w2.T, d2 @ w2, d2.T @ a1))),
            ("the biases: `+ b` in each layer, the sums of delta over the batch (BP3)", 4,
             per_call(lambda: (z1 + b1, z2 + b2, d1.sum(axis=0), d2.sum(axis=0)))),
            ("two sigmoids, 1 / (1 + exp(-z)) (`activations.UNCHECKED`: the input checked once per `fit`)", 2,
             per_call(lambda: (sigmoid(z1), sigmoid(z2)))),
            ("output and hidden deltas: (a - y) / n, two sigma'(z) = a (1 - a), two products (BP1, BP2)", 5,
             per_call(lambda: (quadratic_grad(y, a2) * sigmoid_grad(z2), d1 * sigmoid_grad(z1)))),
            ("the SGD step `w -= eta g` on W1, W2, b1, b2 (`optimizers.SGD.update`, as `fit` calls it)", 1,
             per_call(lambda: no_step.update(net.weights + net.biases, grad_w + grad_b))),
        ]
    step_seconds = min(timed(lambda: net.fit(X, Y, 1, BATCH, ETA, track_training=False)) for _ in range(5))
    step_seconds /= len(batches)
    rows = [f"| {name} | {calls} | {1e6 * sec:.1f} |" for name, calls, sec in parts]
    known = sum(sec for _, _, sec in parts)
    rows.append(f"| Python (loops, calls, lists), the input checks of `fit`, cache misses: the rest | | "
                f"{1e6 * (step_seconds - known):.1f} |")
    rows.append(f"| **one training step of lecturekit.network** (a whole `fit` of one epoch / {len(batches)}) | "
                f"{sum(calls for _, calls, _ in parts)} | **{1e6 * step_seconds:.1f}** |")
    rows.append(f"| per-sample loop, one mini-batch (its median epoch / {len(batches)}) | | "
                f"{1e6 * loop_seconds / len(batches):.1f} |")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=9, help="epochs per implementation (the timed repeats)")
    parser.add_argument("--train", type=int, default=10_000, help="train on the first TRAIN MNIST training images")
    parser.add_argument("--out", default=str(ROOT / "results" / "bench_network.md"), help="markdown table file")
    parser.add_argument("--no-keras", action="store_true", help="skip the Keras runs")
    parser.add_argument("--blas-threads", default="1", help="threads of numpy's BLAS (read before numpy starts)")
    parser.add_argument("--sweep", default="10,20,50,100", help="mini-batch sizes of the second table ('' to skip)")
    args = parser.parse_args(argv)
    start_machine = machine()

    (x_train, y_train), (x_test, y_test) = lk.data.load_mnist()
    X, Y = lk.data.to_vectors(x_train[:args.train], y_train[:args.train])
    X_test = lk.data.to_vectors(x_test)
    data = (f"the first {len(X)} of the {len(x_train)} MNIST training images" if len(x_train) >= 60_000 else
            f"the {len(X)} training images of the offline 10k-test-set split (the full MNIST was not found)")

    book = BookNetwork(SIZES, seed=0)
    book_data = as_columns(X, Y)
    nets = {name: lk.network.Network(SIZES, "sigmoid", "quadratic", seed=0, dtype=dtype)
            for name, dtype in ((OURS, np.float32), ("lecturekit.network (float64)", np.float64))}
    X64, Y64 = X.astype(np.float64), Y.astype(np.float64)  # converted once, as by a fit of many epochs
    runs = {
        BOOK: lambda: book.sgd_epoch(book_data, BATCH, ETA),
        OURS: lambda: nets[OURS].fit(X, Y, 1, BATCH, ETA, track_training=False),
        "lecturekit.network (float64)":
            lambda: nets["lecturekit.network (float64)"].fit(X64, Y64, 1, BATCH, ETA, track_training=False),
    }
    accuracy = {BOOK: lambda: book.accuracy(X_test, y_test)}
    accuracy.update({name: (lambda net=net: net.accuracy(X_test, y_test)) for name, net in nets.items()})
    versions = f"numpy {np.__version__} (BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'default')})"
    if not args.no_keras:
        import keras

        for spe in (1, 100):
            model, tf_version = keras_network(seed=0, steps_per_execution=spe)
            name = KERAS if spe == 1 else f"Keras `fit` (TensorFlow, float32, steps_per_execution={spe})"
            runs[name] = lambda model=model: model.fit(X, Y, batch_size=BATCH, epochs=1, shuffle=True, verbose=0)
            accuracy[name] = lambda model=model: float(
                np.mean(model.predict(X_test, batch_size=1000, verbose=0).argmax(1) == y_test))
        versions += f", TensorFlow {tf_version}, Keras {keras.__version__}"
    # The run's resolution: the same network, timed again at another moment of each turn.
    twin = lk.network.Network(SIZES, "sigmoid", "quadratic", seed=0)
    runs[TWIN] = lambda: twin.fit(X, Y, 1, BATCH, ETA, track_training=False)
    accuracy[TWIN] = lambda: twin.accuracy(X_test, y_test)

    settle_allocator()
    seconds, cpu_seconds, faults = ({name: [] for name in runs} for _ in range(3))
    for epoch in range(args.epochs):
        for name, run in runs.items():
            wall, cpu, pages = measured(run)
            seconds[name].append(wall)
            cpu_seconds[name].append(cpu)
            faults[name].append(pages)
        print(f"epoch {epoch + 1}/{args.epochs}: " + ", ".join(f"{s[-1]:.3f}s" for s in seconds.values()), flush=True)

    median = {name: statistics.median(s) for name, s in seconds.items()}
    cpu_median = {name: statistics.median(s) for name, s in cpu_seconds.items()}
    faults_median = {name: "n/a" if None in f else f"{statistics.median(f):.0f}" for name, f in faults.items()}
    lines = [
        f"One epoch of 784-30-10 (sigmoid, quadratic cost, eta = {ETA}, batch {BATCH}) on {data}; "
        f"test accuracy on the {len(X_test)} MNIST test images after {args.epochs} epochs.",
        "",
        "| implementation | seconds / epoch (median) | speed-up vs per-sample loop | test accuracy "
        "| CPU seconds / epoch (median) | fastest - slowest epoch (s) | page faults / epoch (median) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in runs:
        lines.append(f"| {name} | {median[name]:.3f} | {median[BOOK] / median[name]:.1f}x | "
                     f"{100 * accuracy[name]():.2f}% | {cpu_median[name]:.3f} | "
                     f"{min(seconds[name]):.3f} - {max(seconds[name]):.3f} | {faults_median[name]} |")
    lines += ["", f"{OURS}, median seconds per epoch against:", ""]
    for name, target in TARGETS.items():
        if name in median:
            ratio = median[name] / median[OURS]
            verdict = "met" if ratio >= target else "NOT met"
            lines.append(f"- {name}: **{ratio:.1f}x** as fast (target >= {target:.0f}x: {verdict}); "
                         f"in CPU time {cpu_median[name] / cpu_median[OURS]:.1f}x; "
                         f"fastest epoch against fastest epoch {min(seconds[name]) / min(seconds[OURS]):.1f}x")
    apart = abs(median[TWIN] / median[OURS] - 1)
    lines += ["", f"This run's resolution: the second identical network (the same work, timed last in each turn) "
              f"took {median[TWIN]:.3f} s in the median, {100 * apart:.0f} % from the first "
              f"({median[BOOK] / median[TWIN]:.1f}x the per-sample loop); a ratio that differs from a target or "
              "from another run by less than that is within what the machine's changing speed decides.",
              "",
              "(A wide fastest - slowest range means the machine's speed changed during the run: the verdicts "
              "are on the medians, the fastest epochs show the least disturbed moments.)"]
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
        *step_breakdown(X, Y, median[BOOK]),
    ]
    lines += [
        "",
        f"Machine: {start_machine}; {versions}; Python {platform.python_version()}.",
        f"Medians over {args.epochs} epochs; the implementations take turns epoch by epoch (same process). "
        "Keras' median includes no graph tracing when epochs >= 3 (only its first epoch traces). "
        "On a busy machine the seconds include the time spent waiting for a CPU; the CPU seconds do not "
        "(numpy's runs use one thread, Keras' its own thread pools, all counted).",
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
