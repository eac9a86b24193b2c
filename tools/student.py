"""Build the student edition of the lectures: the exercises without their solutions.

    python -m tools.student [OUT]      (default _build/student; bash run.sh student)

Each lecture notebook ``notebooks/NN_name.ipynb`` becomes ``OUT/NN_name.ipynb``:

* every cell tagged ``solution`` is dropped, so the exercise's stub (the cell
  tagged ``exercise``) is what the student fills in, and the check after it
  (tagged ``exercise-check``) says "not solved yet" until they do;
* every hidden check cell (tagged ``check``: the regression checks the tests
  compare) is dropped too: a student changes things, and a lecture's claim
  checked against their changes would stop the notebook with an error;
* the lecturer's speaker notes (tagged ``notes``) are dropped;
* every output, execution count and saved widget state is cleared, so the
  student runs it themselves;
* the jupytext pairing is dropped (the student edition has no text twin);
* everything else -- prose, code, collapsed "Think" answers, slideshow
  metadata -- is as in the lecture.

The notebooks need nothing beside them but ``lecturekit`` (installed, or on
Colab installed by each notebook's first cell) and, for MNIST, the data the
loader finds or downloads.  ``OUT/README.md`` says how to start.
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import nbformat

from lecturekit.launch import BRANCH, REPOSITORY

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTION, EXERCISE, CHECK = "solution", "exercise", "exercise-check"
#: cells left out of the student edition: worked solutions, the hidden regression checks, the speaker notes
DROPPED = (SOLUTION, "check", "notes")

README = """\
# Neural networks and deep learning: student edition

These notebooks are the lectures with the worked solutions of the exercises
taken out. Each exercise has a code cell to fill in (its values are `...`, or a
function whose body is `...`) and, right after it, a cell that checks your
answer: it says "not solved yet" until you fill it in, then "correct" or a
hint that names the mistake. Every notebook runs top to bottom before you have
solved anything.

- **Laptop**: install the support package once,
  `python -m pip install "lecturekit[tf,lab] @ git+{repository}@{branch}"`
  (Python 3.10 or newer), then `jupyter lab` in this folder.
- **Colab**: File > Upload notebook, choose a notebook of this folder; its
  first code cell installs lecturekit.
- **Binder**: the project's Binder image has this edition in `_build/student/`.
"""


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def student_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the lecture notebook ``nb`` without solutions and outputs."""
    out = copy.deepcopy(nb)
    out.cells = [cell for cell in out.cells if not set(DROPPED) & set(tags(cell))]
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.get("metadata", {}).pop("execution", None)
    for key in ("widgets", "jupytext"):
        out.metadata.pop(key, None)
    return out


def build(out: Path, notebooks=None) -> list[Path]:
    """Write the student edition of ``notebooks`` (default: every lecture) into ``out``."""
    notebooks = NOTEBOOKS if notebooks is None else [Path(p) for p in notebooks]
    if not notebooks:
        raise FileNotFoundError(f"no lecture notebooks to build from in {ROOT / 'notebooks'}")
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("[0-9][0-9]_*.ipynb"):  # a lecture renamed or removed must not linger
        stale.unlink()
    built = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        target = out / path.name
        nbformat.write(student_version(nb), target)
        built.append(target)
    (out / "README.md").write_text(README.format(repository=REPOSITORY, branch=BRANCH))
    return built


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    out = Path(argv[0]) if argv else ROOT / "_build" / "student"
    built = build(out)
    print(json.dumps({"built": len(built), "folder": str(out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
