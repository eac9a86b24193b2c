"""The stored outputs hold on another machine: proved here by changing the kernels.

nbval (run on ``notebooks/`` by the test command) compares one fresh run of
each notebook with its stored outputs.  A student or a maintainer runs on
another CPU (Intel or AMD, AVX2 or AVX-512), another BLAS build and another
thread count, where trained models end with other rounding.  So this test runs
each notebook once more with its numerical kernels perturbed -- TensorFlow's
oneDNN kernels off, one thread for TensorFlow, OpenMP and numpy's BLAS -- and
compares that run with the stored outputs, exactly as nbval does: cells tagged
``nbval-ignore-output`` (training logs, exact trained numbers, timings, widget
views) are left out, the check cells after them are compared.  A compared
output that depends on training at too fine a resolution fails here.

Every cell runs: what the perturbation changes is the training, and the
compared cells after it are what it can break.  But with one thread the
perturbed kernels use one core, so they run in a process of their own
(``tests/perturbed.py``), started as soon as the session has collected these
tests and running beside the rest of the suite; these tests run last and wait
for their notebook (``tests/conftest.py``).
"""
import configparser
import re
from pathlib import Path

import nbformat
import pytest

from tests import perturbed as perturbed_runs

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def sanitizers():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "tests" / "sanitize.cfg")
    return [(re.compile(cfg[s]["regex"]), cfg[s]["replace"]) for s in cfg.sections()]


SANITIZE = sanitizers()


def comparable(output) -> str:
    """The text nbval compares: streams and text/plain, sanitized; images and widgets left out."""
    if output.output_type == "stream":
        text = output.text if output.name == "stdout" else ""
    elif output.output_type == "error":
        text = f"{output.ename}: {output.evalue}"
    else:
        text = output.get("data", {}).get("text/plain", "")
    for regex, replace in SANITIZE:
        text = regex.sub(replace, text)
    return text


def cell_text(cell) -> str:
    # stdout may arrive in differently sized chunks; like nbval, join them
    return "".join(comparable(o) for o in cell.outputs)


def compared(nb) -> list[str]:
    """The sanitized text of every cell nbval compares, in order."""
    return [
        cell_text(cell)
        for cell in nb.cells
        if cell.cell_type == "code" and "nbval-ignore-output" not in cell.metadata.get("tags", [])
    ]


@pytest.fixture(scope="session")
def perturbed(request):
    """The perturbed runs the session started when it had collected these tests (tests/conftest.py)."""
    runs = request.config.stash.get(perturbed_runs.RUNS, None)
    assert runs is not None, "the perturbed runs were not started after collection (tests/conftest.py)"
    return runs


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_hold_when_the_kernels_change(nb, perturbed):
    try:
        ran = perturbed.result(nb)
    except RuntimeError as error:
        pytest.fail(str(error))
    stored, fresh = compared(nbformat.read(nb, as_version=4)), compared(ran)
    assert len(stored) == len(fresh)
    differing = [i for i, (a, b) in enumerate(zip(stored, fresh)) if a != b]
    assert not differing, (
        f"{nb.name}: compared cells {differing} change when the kernels change (oneDNN off, one thread): "
        f"stored {stored[differing[0]]!r}, perturbed run {fresh[differing[0]]!r}. Show exact trained numbers in an "
        "nbval-ignore-output cell and compare a robust statement in the check cell after it."
    )
