"""The notebooks are tested sources: paired with their text twins, executed, quiet.

nbval (run on ``notebooks/`` by the test command) compares each cell's stored
output with a fresh run.  These tests make sure there is something to compare:
a notebook regenerated from its twin without executing would pass nbval while
checking nothing.
"""
import difflib
import json
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TOOL_VERSION = re.compile(r"#\s+jupytext_version: ")


def code_cells(path):
    cells = json.loads(path.read_text())["cells"]
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


def twin_difference(nb, twin_text):
    """How ``twin_text`` differs from the py:percent twin of notebook ``nb`` ("" when in sync).

    Content only: a header line naming the jupytext version that wrote a twin
    is not compared, so a jupytext release that changes nothing in the cells
    changes nothing here.
    """
    def content(text):
        return [line for line in text.splitlines() if not TOOL_VERSION.match(line)]

    expected = jupytext.writes(jupytext.read(nb), fmt="py:percent")
    diff = difflib.unified_diff(content(expected), content(twin_text), "from the .ipynb", "the .py", lineterm="", n=0)
    return "\n".join(list(diff)[:12])


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_twin_is_in_sync(nb):
    twin = nb.with_suffix(".py")
    assert twin.is_file(), f"{nb.name} has no py:percent twin; run: bash run.sh execute {twin.relative_to(ROOT)}"
    difference = twin_difference(nb, twin.read_text())
    assert not difference, (
        f"{twin.name} and {nb.name} differ: edit the .py, then run: bash run.sh execute {twin.relative_to(ROOT)}\n"
        + difference
    )
    assert jupytext.read(nb).metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_twin_does_not_record_the_jupytext_version(nb, monkeypatch):
    # The pairing's metadata filter leaves the version out, so the twin a newer
    # jupytext writes (here a pretended release 99.0) is the committed twin, byte for byte.
    monkeypatch.setattr(jupytext.header, "__version__", "99.0.0")
    written = jupytext.writes(jupytext.read(nb), fmt="py:percent")
    assert "99.0.0" not in written
    assert written == nb.with_suffix(".py").read_text()


def test_the_sync_check_ignores_the_tool_version_and_finds_a_changed_cell():
    nb = NOTEBOOKS[0]
    twin = nb.with_suffix(".py").read_text()
    header_end = twin.index("#   kernelspec:")
    older_tool = twin[:header_end] + "#     jupytext_version: 1.16.0\n" + twin[header_end:]
    assert twin_difference(nb, older_tool) == ""
    cell = twin.index("# %%", header_end)
    line_end = twin.index("\n", cell)
    edited = twin[:line_end] + "\nprint('a line the notebook does not have')" + twin[line_end:]
    difference = twin_difference(nb, edited)
    assert "+print('a line the notebook does not have')" in difference


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
                text = "".join(out["text"])[:300]
                assert out["name"] == "stdout", f"{nb.name}, code cell {i} writes to stderr: {text}"


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
