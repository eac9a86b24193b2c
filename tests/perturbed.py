"""The lecture notebooks run once more on "another machine", in a process of their own beside the test session.

    python -m tests.perturbed OUT notebooks/08_unet.ipynb ...

Executes each notebook top to bottom in a fresh kernel whose numerical
kernels are perturbed (:data:`PERTURBED`: TensorFlow's oneDNN kernels off, one
thread for TensorFlow, OpenMP and numpy's BLAS), and writes the executed
notebook to ``OUT/NAME.ipynb``, or the error it stopped with to
``OUT/NAME.error``, as soon as it is done.  ``tests/test_determinism.py``
compares them with the stored outputs.

One thread is the perturbation, so these kernels use one core: the test
session starts this process when it has collected its tests
(``tests/conftest.py``) and runs its other tests meanwhile; the tests of
``test_determinism.py`` run last and wait for their notebook.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Another machine, simulated: other kernels (oneDNN off) and one thread everywhere.
PERTURBED = {
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
TIMEOUT_S = 900  # per cell


def execute(path: Path, out: Path) -> None:
    """Run ``path`` in a kernel started with this process's (perturbed) environment; write the result to ``out``."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except Exception:
        result, text = out / f"{path.stem}.error", traceback.format_exc()
    else:
        result, text = out / f"{path.stem}.ipynb", nbformat.writes(nb)
    partial = result.with_name(result.name + ".partial")
    partial.write_text(text)
    partial.rename(result)  # whole or not at all: the test reads it as soon as it exists


def main(argv: list[str]) -> int:
    out, notebooks = Path(argv[0]), [Path(p) for p in argv[1:]]
    out.mkdir(parents=True, exist_ok=True)
    for name, value in PERTURBED.items():
        os.environ[name] = value  # the kernels are started with this environment
    for path in notebooks:
        start = time.monotonic()
        execute(path, out)
        print(f"{path.name}: {time.monotonic() - start:.0f} s", flush=True)
    return 0


class Runs:
    """The perturbed runs of some notebooks, under way in a process of their own, into a temporary folder."""

    def __init__(self, notebooks: list[Path]):
        self.out = out = Path(tempfile.mkdtemp(prefix="lecture-perturbed-"))
        self.log = out / "log.txt"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "tests.perturbed", str(out), *map(str, notebooks)],
                                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)  # its kernels stop with it

    def result(self, path: Path):
        """The executed notebook, waiting for it; raises RuntimeError with the error it stopped with."""
        import nbformat

        done, failed = self.out / f"{path.stem}.ipynb", self.out / f"{path.stem}.error"
        while not (done.exists() or failed.exists()):
            if self.process.poll() is not None and not (done.exists() or failed.exists()):
                raise RuntimeError(f"the perturbed run ended without {path.name}:\n{self.log.read_text()[-3000:]}")
            time.sleep(1)
        if failed.exists():
            error = failed.read_text()[-3000:]
            raise RuntimeError(f"{path.name} stops with an error when the kernels change:\n{error}")
        return nbformat.read(done, as_version=4)

    def stop(self) -> None:
        """End the process and the kernels it started (its own process group), if still running; remove the folder."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        else:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.out, ignore_errors=True)


#: where the session keeps its :class:`Runs` (``config.stash``)
RUNS = pytest.StashKey[Runs]()


def start(config, notebooks: list[Path]) -> Runs:
    """Start the perturbed runs of ``notebooks`` for this session, the longest first (``tools/budget.py``)."""
    from tools.budget import TIME_BUDGET

    notebooks = sorted(notebooks, key=lambda p: -TIME_BUDGET.get(p.name[:2], 0))
    config.stash[RUNS] = runs = Runs(notebooks)
    return runs


def stop(config) -> None:
    runs = config.stash.get(RUNS, None)
    if runs is not None:
        runs.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
