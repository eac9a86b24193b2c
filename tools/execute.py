"""Execute lecture notebooks from their jupytext twins and store the outputs.

    python -m tools.execute [notebooks/NN_name.py ...]

For each notebook: read the ``py:percent`` twin (the source of truth when
editing), execute it top to bottom in a fresh kernel with the working
directory ``notebooks/``, then write both the executed ``.ipynb`` and the
twin (so the pair is in sync); every figure gets its description
(``tools/describe.py``) from its cell's metadata.  Prints the wall time of each run.  The
stored outputs are what nbval compares against, so run this on a machine like
CI's (2 CPU cores, no GPU) with the offline data (``LECTUREKIT_DATA_DIR``).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

from tools import describe

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
PAIRING = "ipynb,py:percent"
#: The twins' header leaves out the jupytext version that wrote them, so a
#: jupytext release that changes nothing in the cells changes nothing in a twin.
METADATA_FILTER = "-jupytext.text_representation.jupytext_version"


def execute(twin: Path, timeout: int = 900) -> float:
    """Execute one notebook from its twin; return the wall time in seconds."""
    nb = jupytext.read(twin)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata.setdefault("jupytext", {}).update(formats=PAIRING, notebook_metadata_filter=METADATA_FILTER)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    describe.apply(nb)  # each figure's alt text, from its cell's metadata
    ipynb = twin.with_suffix(".ipynb")
    jupytext.write(nb, ipynb)
    # The twin is written from the stored notebook, as the sync test reads it
    # (the .ipynb keeps metadata keys sorted).
    jupytext.write(jupytext.read(ipynb), twin, fmt="py:percent")
    return elapsed


def main(argv: list[str]) -> int:
    twins = [Path(a).with_suffix(".py") for a in argv] or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    for twin in twins:
        if not twin.is_file():
            print(f"no such notebook twin: {twin}", file=sys.stderr)
            return 2
        print(f"{twin.name}: executed in {execute(twin.resolve()):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
