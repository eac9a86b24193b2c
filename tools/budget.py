"""The budget report: time and memory of every notebook, import time, widget updates.

    bash run.sh budget [notebooks/NN_name.ipynb ...]

Executes each notebook top to bottom in a fresh kernel (its stored file is not
changed), sampling the resident memory of the kernel's whole process tree, and
records whether the kernel imported TensorFlow.  Also measures the import time
of ``lecturekit`` (median of fresh interpreters) and the kernel-side time of one
update of every lecture widget (value change -> figure redrawn on the Agg
canvas, median over repeats).  Writes ``results/budget.md`` and
``results/budget.png``, copies each measured notebook's row into the
README's Performance table (``tests/test_prose_numbers.py`` checks that
table against these budgets and against the notebooks' stored runs), and
exits non-zero when a budget is exceeded.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results"
README = ROOT / "README.md"
MB = 1024**2

#: seconds on 2 CPU cores, by notebook number
TIME_BUDGET = {"01": 60, "02": 60, "03": 60, "04": 60, "05": 90, "06": 90, "07": 120, "08": 180}
MEMORY_BUDGET_TF = 1536 * MB
MEMORY_BUDGET_NO_TF = 500 * MB
WIDGET_BUDGET_MS = 30.0
PROBE = "import sys as _s; print('tensorflow' in _s.modules)"


class PeakRSS:
    """Samples the RSS of a process and its children in a background thread."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.proc, self.interval, self.peak = psutil.Process(pid), interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_notebook(path: Path) -> dict:
    # Imported here: tests/test_prose_numbers.py reads this module's budgets where only the test extra is
    # installed (.ci/lowest), which has no nbclient.
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()  # kernel start-up counts: the room waits for it too
    with client.setup_kernel():
        sampler = PeakRSS(client.km.provisioner.process.pid)
        try:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        finally:
            elapsed = time.perf_counter() - start
            peak = sampler.stop()
    probe = "".join(o.get("text", "") for o in nb.cells[-1].outputs).strip()
    return {"seconds": elapsed, "peak": peak, "tensorflow": probe == "True"}


def import_time(repeats: int = 5) -> tuple[float, bool]:
    code = (
        "import time, sys; t = time.perf_counter(); import lecturekit; "
        "print(time.perf_counter() - t, 'tensorflow' in sys.modules)"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(repeats)]
    return statistics.median(float(r[0]) for r in runs), any(r[1] == "True" for r in runs)


def widget_classes():
    import lecturekit.widgets as pkg
    from lecturekit.widgets.base import LiveFigure

    found = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, LiveFigure) and obj is not LiveFigure:
                found[f"{obj.__module__.rsplit('.', 1)[-1]}.{name}"] = obj
    return found


def widget_update_ms(cls, repeats: int = 15) -> float:
    """Median time of one update + full Agg redraw, alternating two states."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    widget = cls()
    start_values = dict(widget.values)
    nudged = {k: (v * 0.9 + 0.05 if isinstance(v, float) else v) for k, v in start_values.items()}
    widget.fig.canvas.draw()
    times = []
    for i in range(repeats):
        values = nudged if i % 2 == 0 else start_values
        t = time.perf_counter()
        widget.set(**values)
        widget.fig.canvas.draw()
        times.append(time.perf_counter() - t)
    plt.close(widget.fig)
    return 1000 * statistics.median(times)


def readme_row(stem: str, r: dict) -> str:
    """The README's Performance table row of one measured notebook."""
    mem_budget = MEMORY_BUDGET_TF if r["tensorflow"] else MEMORY_BUDGET_NO_TF
    return (f"| {stem} | {r['seconds']:.1f} | {TIME_BUDGET.get(stem[:2], 60)} | {r['peak'] / MB:.0f} | "
            f"{mem_budget // MB} | {'yes' if r['tensorflow'] else 'no'} |")


def update_readme(rows, text: str) -> str:
    """``text`` (the README) with the Performance table's row of every measured notebook replaced."""
    for stem, r in rows:
        text, found = re.subn(rf"^\| {re.escape(stem)} \|.*$", lambda _, row=readme_row(stem, r): row, text,
                              count=1, flags=re.M)
        if not found:
            print(f"README.md has no row for {stem}: add it to the Performance table", file=sys.stderr)
    return text


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    RESULTS.mkdir(exist_ok=True)
    failures, rows = [], []
    lines = ["# Budget report", "", f"Machine: {psutil.cpu_count()} CPU cores, "
             f"{psutil.virtual_memory().total / 1024**3:.0f} GB RAM, Python {sys.version.split()[0]}.", ""]

    t_import, tf_on_import = import_time()
    lines += [f"`import lecturekit`: {1000 * t_import:.0f} ms (median of 5 fresh interpreters); "
              f"TensorFlow imported: {'yes' if tf_on_import else 'no'}.", ""]
    if tf_on_import:
        failures.append("import lecturekit imports TensorFlow")

    lines += ["| notebook | time (s) | budget (s) | peak kernel memory (MB) | budget (MB) | TensorFlow | ok |",
              "|---|---:|---:|---:|---:|---|---|"]
    for path in paths:
        number = path.name[:2]
        print(f"running {path.name} ...", flush=True)
        r = run_notebook(path)
        mem_budget = MEMORY_BUDGET_TF if r["tensorflow"] else MEMORY_BUDGET_NO_TF
        ok = r["seconds"] <= TIME_BUDGET.get(number, 60) and r["peak"] <= mem_budget
        if not ok:
            failures.append(f"{path.name}: {r['seconds']:.0f} s, {r['peak'] / MB:.0f} MB")
        rows.append((path.stem, r))
        lines.append(f"| {path.stem} | {r['seconds']:.1f} | {TIME_BUDGET.get(number, 60)} | {r['peak'] / MB:.0f} | "
                     f"{mem_budget // MB} | {'yes' if r['tensorflow'] else 'no'} | {'yes' if ok else '**no**'} |")

    lines += ["", "| widget | one update + redraw (ms, median) | budget (ms) | ok |", "|---|---:|---:|---|"]
    for name, cls in sorted(widget_classes().items()):
        ms = widget_update_ms(cls)
        ok = ms <= WIDGET_BUDGET_MS
        if not ok:
            failures.append(f"widget {name}: {ms:.1f} ms")
        lines.append(f"| {name} | {ms:.1f} | {WIDGET_BUDGET_MS:.0f} | {'yes' if ok else '**no**'} |")

    lines += ["", "Budgets exceeded: " + ("; ".join(failures) if failures else "none.")]
    report = "\n".join(lines) + "\n"
    (RESULTS / "budget.md").write_text(report)
    README.write_text(update_readme(rows, README.read_text(encoding="utf-8")), encoding="utf-8")
    plot(rows)
    print(report)
    return 1 if failures else 0


def plot(rows):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not rows:
        return
    names = [n for n, _ in rows]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 0.5 * len(rows) + 1.5), sharey=True)
    a1.barh(names, [r["seconds"] for _, r in rows], color="tab:blue")
    a1.scatter([TIME_BUDGET.get(n[:2], 60) for n in names], names, marker="|", s=400, color="tab:red", label="budget")
    a1.set_xlabel("wall time (s)")
    a1.legend(loc="lower right")
    a2.barh(names, [r["peak"] / MB for _, r in rows], color="tab:green")
    budgets = [(MEMORY_BUDGET_TF if r["tensorflow"] else MEMORY_BUDGET_NO_TF) / MB for _, r in rows]
    a2.scatter(budgets, names, marker="|", s=400, color="tab:red")
    a2.set_xlabel("peak kernel memory (MB)")
    a1.invert_yaxis()
    fig.tight_layout()
    fig.savefig(RESULTS / "budget.png", dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
