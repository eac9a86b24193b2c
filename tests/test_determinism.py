"""Each notebook, run twice from a fresh kernel, gives the same outputs after sanitizing.

This is what makes nbval strict mode a fair regression test: a cell that
differs between two runs on the same machine would fail for no reason.  Cells
tagged ``nbval-ignore-output`` (timings, progress lines, widget views) are left
out, as nbval leaves them out; the assertion cells after them are compared.
"""
import configparser
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

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


def run(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return [
        cell_text(cell)
        for cell in nb.cells
        if cell.cell_type == "code" and "nbval-ignore-output" not in cell.metadata.get("tags", [])
    ]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_two_fresh_runs_agree(nb):
    first, second = run(nb), run(nb)
    differing = [i for i, (a, b) in enumerate(zip(first, second)) if a != b]
    assert not differing, f"{nb.name}: cells {differing} differ between two runs: {first[differing[0]]!r} vs {second[differing[0]]!r}"
