"""The notebooks are tested sources: paired with their text twins, executed, quiet.

nbval (run on ``notebooks/`` by the test command) compares each cell's stored
output with a fresh run.  These tests make sure there is something to compare:
a notebook regenerated from its twin without executing would pass nbval while
checking nothing.
"""
import json
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def code_cells(path):
    cells = json.loads(path.read_text())["cells"]
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_twin_is_in_sync(nb):
    twin = nb.with_suffix(".py")
    assert twin.is_file(), f"{nb.name} has no py:percent twin; run: bash run.sh execute {twin.relative_to(ROOT)}"
    expected = jupytext.writes(jupytext.read(nb), fmt="py:percent")
    assert twin.read_text() == expected, (
        f"{twin.name} and {nb.name} differ: edit the .py, then run: bash run.sh execute {twin.relative_to(ROOT)}"
    )
    assert jupytext.read(nb).metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_is_stored_executed_in_order(nb):
    counts = [c["execution_count"] for c in code_cells(nb)]
    assert None not in counts, f"{nb.name}: {counts.count(None)} code cells were never executed"
    assert counts == list(range(1, len(counts) + 1)), f"{nb.name} was not run top to bottom in one fresh kernel"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_or_warnings_reach_the_room(nb):
    for i, cell in enumerate(code_cells(nb)):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{nb.name}, code cell {i}: stored error {out.get('ename')}"
            if out["output_type"] == "stream":
                assert out["name"] == "stdout", f"{nb.name}, code cell {i} writes to stderr: {''.join(out['text'])[:300]}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_unstable_cells_are_followed_by_an_assertion(nb):
    cells = code_cells(nb)
    for i, cell in enumerate(cells):
        if "nbval-ignore-output" in cell["metadata"].get("tags", []):
            following = "".join(cells[i + 1]["source"]) if i + 1 < len(cells) else ""
            assert "assert" in following, (
                f"{nb.name}, code cell {i} ignores its output but the next cell asserts nothing about its result"
            )
            assert cells[i + 1]["outputs"], f"{nb.name}, code cell {i + 1} must print a stable summary"
