"""benchmarks/bench_network.py runs and writes the tables the README quotes (timings are not asserted here)."""
import importlib.util
import re
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
def test_bench_network_writes_its_three_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTUREKIT_DATA_DIR", str(SHARED))
    out = tmp_path / "bench.md"
    assert load("bench_network").main(["--epochs", "1", "--no-keras", "--sweep", "10,50", "--out", str(out)]) == 0
    table = out.read_text()
    rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| ")}
    for name in ("per-sample loop (the book's algorithm, float64)", "lecturekit.network (float32, default)",
                 "lecturekit.network (float64)"):
        seconds, speedup, accuracy = (cell.strip() for cell in rows[name].split("|")[2:5])
        assert float(seconds) > 0 and speedup.endswith("x") and 40 < float(accuracy.rstrip("%")) <= 100, rows[name]  # trained (chance: 10%)
    assert rows["10"] and rows["50"]  # the mini-batch sweep
    # The step breakdown: every part timed, the step itself and the loop's mini-batch for comparison.
    parts = [line for line in table.splitlines() if re.match(r"\| (pick|the |two |output|Python)", line)]
    assert len(parts) == 7, parts
    assert all(float(line.rstrip(" |").split("|")[-1].strip("* ")) > 0 for line in parts[:-1])
    assert "**one training step of lecturekit.network**" in table

