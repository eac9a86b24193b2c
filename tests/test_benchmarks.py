"""The benchmarks run and write the tables the README quotes (timings are not asserted here)."""
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_network import SHARED, needs_mnist

ROOT = Path(__file__).resolve().parents[1]


def load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_mnist
def test_bench_network_writes_its_tables_and_its_ratio(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTUREKIT_DATA_DIR", str(SHARED))
    out = tmp_path / "bench.md"
    args = ["--epochs", "1", "--train", "4000", "--no-keras", "--sweep", "10,50", "--out", str(out)]
    bench = load("bench_network")
    assert bench.main(args) == 0
    table = out.read_text()
    assert "on the first 4000 of the 60000 MNIST training images" in table or "offline 10k-test-set split" in table
    rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| ")}
    for name in ("per-sample loop (the book's algorithm, float64)", "lecturekit.network (float32, default)",
                 "lecturekit.network (float64)", bench.TWIN):
        seconds, speedup, accuracy, _, spread, faults = (cell.strip() for cell in rows[name].split("|")[2:8])
        # trained (chance: 10%)
        assert float(seconds) > 0 and speedup.endswith("x") and 40 < float(accuracy.rstrip("%")) <= 100, rows[name]
        fastest, slowest = (float(t) for t in spread.split(" - "))
        assert 0 < fastest <= float(seconds) <= slowest, rows[name]  # the median lies between the extremes
        assert re.fullmatch(r"\d+|n/a", faults), rows[name]  # page faults per epoch, n/a where not counted
    # the promised ratio against the per-sample loop, with its verdict (Keras' is left out with --no-keras)
    ratio = re.search(r"- per-sample loop \(the book's algorithm, float64\): \*\*([\d.]+)x\*\* as fast "
                      r"\(target >= 10x: (met|NOT met)\); in CPU time [\d.]+x; "
                      r"fastest epoch against fastest epoch [\d.]+x", table)
    assert ratio and (float(ratio[1]) >= 10) == (ratio[2] == "met"), table
    # the run's resolution: a second identical network, trained alike (same accuracy), timed in every turn
    ours, twin = rows[bench.OURS], rows[bench.TWIN]
    assert twin.split("|")[4] == ours.split("|")[4], twin  # the same test accuracy: the same work
    first, second = float(ours.split("|")[2]), float(twin.split("|")[2])
    apart = re.search(r"This run's resolution: the second identical network \(the same work, timed last in each "
                      r"turn\) took ([\d.]+) s in the median, (\d+) % from the first", table)
    assert apart and float(apart[1]) == second, table
    # the percentage is that of the unrounded medians: within what the table's rounding to ms allows
    ratios = [(second + s) / (first + f) for s in (-5e-4, 5e-4) for f in (-5e-4, 5e-4)]
    low, high = min(abs(r - 1) for r in ratios), max(abs(r - 1) for r in ratios)
    if min(ratios) <= 1 <= max(ratios):
        low = 0.0
    assert 100 * low - 0.5 <= int(apart[2]) <= 100 * high + 0.5, table
    assert "Keras" not in table.split("Larger mini-batches")[0]
    assert rows["10"] and rows["50"]  # the mini-batch sweep
    # The step breakdown: every part timed, the step itself and the loop's mini-batch for comparison.
    parts = [line for line in table.splitlines() if re.match(r"\| (pick|the |two |output|Python)", line)]
    assert len(parts) == 8, parts
    assert all(float(line.rstrip(" |").split("|")[-1].strip("* ")) > 0 for line in parts[:-1])
    assert "**one training step of lecturekit.network**" in table


def test_the_benchmark_times_the_books_loop_that_the_tests_check():
    """One per-sample reference loop: bench_network.py uses benchmarks/book_network.py, which test_network checks."""
    import benchmarks.book_network as book

    assert load("bench_network").BookNetwork is book.BookNetwork


# One epoch of the book's loop on 500 random samples in a fresh process (no TensorFlow), printing its page faults.
FAULTS = """
import resource, sys
import numpy as np
sys.path.insert(0, sys.argv[2])
from benchmarks import bench_network
from benchmarks.book_network import BookNetwork
if sys.argv[1] == "settled":
    bench_network.settle_allocator()
rng = np.random.default_rng(0)
data = [(rng.random((784, 1)), np.eye(10)[:, [i % 10]]) for i in range(500)]
book = BookNetwork([784, 30, 10], seed=0)
book.sgd_epoch(data, 10, 3.0)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
book.sgd_epoch(data, 10, 3.0)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc; page faults as Linux counts them")
def test_the_per_sample_loop_is_timed_without_page_faults():
    """settle_allocator does what its docstring says: without it, the loop maps fresh pages for its arrays."""
    def faults(state):
        out = subprocess.run([sys.executable, "-c", FAULTS, state, str(ROOT)], capture_output=True, text=True,
                             check=True).stdout
        return int(out.split()[-1])

    assert faults("fresh") > 500  # (1531 here: about 3 pages of 4 KB per sample)
    assert faults("settled") == 0


def test_bench_unet_trains_notebook_07s_configuration_and_flags_missed_targets():
    """One tiny run in this process (the CPU configuration shrunk by the options), then the table and the verdict."""
    from lecturekit import unet

    bench = load("bench_unet")
    args = bench.argparse.Namespace(epochs=1, n_train=32, base_filters=2, batch_size=None, learning_rate=None,
                                    schedule=None, budget=None)
    config, changed = bench.configuration(args)
    assert (config.epochs, config.n_train, config.base_filters) == (1, 32, 2)
    assert config.input_size == unet.CPU_CONFIG.input_size and changed == "epochs=1, n_train=32, base_filters=2"
    run = bench.run_one(config, seed=0)
    assert run["epochs_run"] == 1 and run["best_epoch"] == 1 and run["empty_images"] > 0
    assert 0 <= run["test_with_nerve"] <= 1 and 0 <= run["raw_with_nerve"] <= 1
    assert run["marked_empty_images"] == round((1 - run["test_without_nerve"]) * run["empty_images"])
    base = bench.baselines(config)
    assert base["nothing"]["with_nerve"] == 0 and base["nothing"]["without_nerve"] == 1
    text = bench.table(config, changed, base, [("fast", run)])
    assert "| nothing | 0.5" in text and "| fast | 0 |" in text
    # A tiny model misses the Dice target; the verdict names the run.
    weak = dict(run, test_with_nerve=0.5)
    assert bench.misses(config, [("fast", weak)]) == ["fast seed 0: held-out Dice with a nerve 0.500 < 0.75"]
    assert bench.misses(config, [("slow", dict(run, epochs_run=0))]) == ["slow seed 0: 0 of 1 planned epochs"]
