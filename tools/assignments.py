"""The lectures as an nbgrader course: one assignment per lecture, every exercise graded.

    python -m tools.assignments [COURSE]     (default _build/course; bash run.sh assignments)

Writes ``COURSE/nbgrader_config.py`` and, for each lecture ``notebooks/NN_name.ipynb``,
the assignment ``COURSE/source/NN_name/NN_name.ipynb``: nbgrader's *source* version,
with nbgrader's own cell metadata (schema 3), from which ``nbgrader generate_assignment``
makes the version students get and ``nbgrader autograde`` grades.  In it:

* each exercise -- its stub (tagged ``exercise``) and the worked solution after it
  (``solution``) -- is one *autograded answer* cell (``solution: true``, id
  ``exercise-N``): the stub, then the solution between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``.  ``generate_assignment`` cuts that region out (this course's
  code stub is empty), so students get the kit's stub, as in the student edition;
* each exercise's check (``exercise-check``) is an *autograder test* cell (``grade:
  true``, :data:`POINTS` points, id ``exercise-N-check``): it prints the checker's
  feedback, hints included, as the lecture shows it, and a hidden test -- cut out of the
  released notebook, put back by ``autograde`` -- asserts that the feedback says
  correct.  So the released notebook runs top to bottom before anything is solved, and
  autograding gives the points only for a correct answer;
* the hidden regression checks (``check``) and the speaker notes (``notes``) are left
  out, as in the student edition;
* every other cell is read-only (``locked: true``, id ``lecture-NNN`` by position), with
  its prose, collapsed "Think" answers and slideshow metadata as in the lecture.

Grading mode.  ``autograde`` executes the whole notebook, and notebooks 05-08 train
networks for minutes.  No exercise needs a trained network, so the training runs --
cells tagged ``nbval-ignore-output`` or whose stored run took :data:`HEAVY_S` seconds
or more -- and every cell that reads what they make (found by reading which names each
cell binds and reads, ``tools/cellflow.py``) carry nbclient's ``skip-execution`` tag:
autograding (and ``nbgrader validate``) leaves them out, students running the
notebook in JupyterLab do not.  A cell that an answer or a test needs is never
skipped, and the course's config takes the tag off every answer and test cell of a
submission before it runs, so a submission cannot skip its own tests.
"""
from __future__ import annotations

import ast
import copy
import json
import shutil
import sys
from datetime import datetime
from pathlib import Path

import nbformat

from tools import cellflow
from tools.student import CHECK, EXERCISE, NOTEBOOKS, ROOT, SOLUTION, tags

#: points of each exercise
POINTS = 1
#: nbclient's tag for a cell that is not executed (nbgrader's autograde and validate execute through nbclient)
SKIP = "skip-execution"
#: a training run: a cell with this tag (its output depends on the machine), or one whose stored run took longer
HEAVY_TAG = "nbval-ignore-output"
HEAVY_S = 5.0
#: the lecture's regression checks: left out, as in the student edition
DROPPED = ("check", "notes")

CONFIG = '''\
"""nbgrader's configuration of this course.  Written by `bash run.sh assignments` (tools/assignments.py),
which rewrites it: put your own settings (course_id, the exchange) in ~/.jupyter/nbgrader_config.py."""
from nbgrader.preprocessors import (CheckCellMetadata, ClearOutput, DeduplicateIds, NbGraderPreprocessor,
                                    OverwriteCells, OverwriteKernelspec)

c = get_config()  # noqa: F821 (nbgrader defines it)

# An answer cell holds the kit's stub, then the worked solution between the BEGIN/END SOLUTION
# markers: the released notebook keeps the stub, with nothing in place of the solution.
c.ClearSolutions.code_stub = {{"python": ""}}

# Autograding leaves out the training runs, tagged skip-execution (nbclient's tag); no cell that
# runs takes more than a few seconds, so this limit only stops an answer stuck in a loop.
c.Execute.skip_cells_with_tag = "{skip}"
c.Execute.timeout = {timeout}


class RunEveryAnswerAndTest(NbGraderPreprocessor):
    """A submission cannot skip its own answers or tests: the skip tag comes off every graded cell."""

    def preprocess_cell(self, cell, resources, index):
        nbgrader = cell.metadata.get("nbgrader", {{}})
        if nbgrader.get("grade") or nbgrader.get("solution"):
            cell.metadata["tags"] = [tag for tag in cell.metadata.get("tags", []) if tag != "{skip}"]
        return cell, resources


# nbgrader's own sanitizing steps, then that one.
c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
                                      RunEveryAnswerAndTest, CheckCellMetadata]
'''
#: seconds a cell may run when autograding
CELL_TIMEOUT_S = 120


def nbgrader_metadata(grade_id: str, *, solution=False, grade=False, locked=False) -> dict:
    """nbgrader's cell metadata (schema 3) for an answer (``solution``), a test (``grade``) or a read-only cell."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if grade:
        meta["points"] = POINTS
    return meta


def answer_source(stub: str, solution: str) -> str:
    """The answer cell: the stub students get, then the solution ``generate_assignment`` cuts out."""
    return f"{stub.rstrip()}\n### BEGIN SOLUTION\n{solution.strip()}\n### END SOLUTION"


def autograder_test_source(check: str, number: int) -> str:
    """The test cell for the check cell ``check`` (one call of a checker): the feedback shown, the verdict hidden."""
    body = ast.parse(check).body
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Call):
        raise ValueError(f"an exercise check is one call of its checker, got:\n{check}")
    return (f"feedback = {check.strip()}\n"
            "print(feedback)\n"
            "### BEGIN HIDDEN TESTS\n"
            f'assert feedback.ok, f"Exercise {number} is not solved: {{feedback}}"\n'
            "### END HIDDEN TESTS")


def stored_seconds(cell) -> float:
    """How long the cell ran when the lecture's outputs were stored (0 if the notebook does not say)."""
    times = cell.get("metadata", {}).get("execution", {})
    try:
        start, end = (datetime.fromisoformat(times[k].replace("Z", "+00:00"))
                      for k in ("iopub.execute_input", "shell.execute_reply"))
    except KeyError:
        return 0.0
    return (end - start).total_seconds()


def skipped(cells) -> set[int]:
    """Indices of ``cells`` autograding skips: the training runs and what reads them, but nothing a grade needs."""
    sources = [cell.source if cell.cell_type == "code" else None for cell in cells]
    heavy = {i for i, cell in enumerate(cells)
             if cell.cell_type == "code" and (HEAVY_TAG in tags(cell) or stored_seconds(cell) >= HEAVY_S)}
    graded = {i for i, cell in enumerate(cells) if "nbgrader" in cell.metadata
              and (cell.metadata.nbgrader["grade"] or cell.metadata.nbgrader["solution"])}
    needed = cellflow.needed(sources, graded)  # e.g. an import cell that loads the data: slow, but needed
    return cellflow.reached(sources, set(), heavy - needed) - needed


def source_version(nb: nbformat.NotebookNode, name: str = "the lecture") -> nbformat.NotebookNode:
    """nbgrader's source version of the lecture notebook ``nb`` (``name`` is only for error messages)."""
    out = copy.deepcopy(nb)
    cells, solved = [], set()  # solved: the indices of the exercise cells that hold their solution
    for cell in out.cells:
        if set(DROPPED) & set(tags(cell)):
            continue
        if SOLUTION in tags(cell):
            if not cells or EXERCISE not in tags(cells[-1]) or len(cells) - 1 in solved:
                raise ValueError(f"{name}: a solution cell must follow its exercise's stub, one for each")
            cells[-1].source = answer_source(cells[-1].source, cell.source)
            solved.add(len(cells) - 1)
            continue
        cells.append(cell)
    number, open_exercise = 0, None
    for index, cell in enumerate(cells):
        if EXERCISE in tags(cell):
            number += 1
            if open_exercise is not None or index not in solved:
                raise ValueError(f"{name}: each exercise needs its solution cell, then its check, before the next")
            open_exercise = number
            cell.metadata["nbgrader"] = nbgrader_metadata(f"exercise-{number}", solution=True)
        elif CHECK in tags(cell):
            if open_exercise is None:
                raise ValueError(f"{name}: an exercise check with no exercise before it")
            cell.source = autograder_test_source(cell.source, number)
            cell.metadata["nbgrader"] = nbgrader_metadata(f"exercise-{number}-check", grade=True, locked=True)
            open_exercise = None
        else:
            cell.metadata["nbgrader"] = nbgrader_metadata(f"lecture-{index:03d}", locked=True)
    if open_exercise is not None:
        raise ValueError(f"{name}: exercise {open_exercise} has no check")
    for index in skipped(cells):
        cells[index].metadata["tags"] = [*tags(cells[index]), SKIP]
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    out.cells = cells
    for key in ("widgets", "jupytext"):
        out.metadata.pop(key, None)
    return out


def build(course: Path, notebooks=None) -> list[Path]:
    """Write the nbgrader course of ``notebooks`` (default: every lecture) into ``course``: config and ``source/``.

    Only ``nbgrader_config.py`` and ``source/NN_name/`` are written (an assignment whose lecture is gone is
    removed); what nbgrader made there (release/, submitted/, autograded/, feedback/, the gradebook) is kept.
    """
    notebooks = NOTEBOOKS if notebooks is None else [Path(p) for p in notebooks]
    if not notebooks:
        raise FileNotFoundError(f"no lecture notebooks to build from in {ROOT / 'notebooks'}")
    source = course / "source"
    source.mkdir(parents=True, exist_ok=True)
    names = {path.stem for path in notebooks}
    for stale in source.glob("[0-9][0-9]_*"):
        if stale.is_dir() and stale.name not in names:
            shutil.rmtree(stale)
    built = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        target = source / path.stem / path.name
        target.parent.mkdir(exist_ok=True)
        nbformat.write(source_version(nb, path.name), target)
        built.append(target)
    (course / "nbgrader_config.py").write_text(CONFIG.format(skip=SKIP, timeout=CELL_TIMEOUT_S))
    return built


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    course = Path(argv[0]) if argv else ROOT / "_build" / "course"
    built = build(course)
    print(json.dumps({"assignments": [p.parent.name for p in built], "course": str(course)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
