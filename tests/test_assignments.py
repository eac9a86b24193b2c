"""The nbgrader course (``bash run.sh assignments``, ``tools/assignments.py``): built, released, autograded.

The builder is checked on every lecture without nbgrader: each exercise is an
answer cell (the stub, then the solution between nbgrader's markers) and an
autograder test cell with its points and a hidden test, every other cell is
read-only, and autograding skips the training runs but nothing a grade needs.

Then nbgrader itself, as a lecturer runs it (its command line, in a course
folder, with the course's ``nbgrader_config.py``): ``generate_assignment`` of
every lecture, and three submissions of each, autograded and read back from
nbgrader's gradebook:

* the solutions: full points, and no cell of the notebook fails;
* the released notebook as a student gets it: zero points, without an error
  (``autograde`` succeeds, and only the test cells fail);
* the solutions with one typical wrong answer (:data:`WRONG`): exactly that
  exercise's points lost, its test showing the checker's hint;
* (lecture 01 only) the released notebook with its test cells tagged
  ``skip-execution``: still zero, the tests run.

``generate_feedback`` then writes a student's feedback.  The time autograding
one submission of each lecture takes (the solutions, one ``nbgrader autograde``
command each) is printed; the README gives the measured times.  About four
minutes on 2 cores.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from tools import assignments, cellflow
from tools.student import CHECK, EXERCISE, NOTEBOOKS, SOLUTION

LECTURES = [path.stem for path in NOTEBOOKS]
#: per lecture: the exercise answered wrong, and the typical wrong answer (the checker names the slip)
WRONG = {
    "01_neuron": (1, "w_or, b_or = np.array([1.0, 1.0]), -0.5\n"
                     "w_and, b_and = np.array([1.0, 1.0]), 0.0  # the bias forgotten"),
    "02_activations": (2, "factor_10, w_min = 0.5**10, 4.0  # sigma' taken to be at most 1/2"),
    "03_losses": (1, "def huber_grad(e, delta):\n    return e  # not capped at +-delta"),
    "04_backprop": (1, "dL_dyhat = y - y_hat  # the wrong sign"),
    "05_sgd": (3, "ratio = 1000 / 10  # the square root forgotten\nm_half = 40"),
    "06_training": (3, "se = 0.95 * 0.05 / 2000  # the square root forgotten\ndiffer = False"),
    "07_cnn": (1, "y_10 = np.sum(X1[2:5, 0:3] * K1)  # the bias forgotten"),
    "08_unet": (6, 'rle = "5 5 12 2"  # pixels numbered from 0'),
}


def grade_ids(nb, kind):
    """The grade ids of ``nb``'s answer cells (``kind="solution"``) or test cells (``"grade"``), in order."""
    return [cell.metadata.nbgrader["grade_id"] for cell in nb.cells
            if cell.metadata.get("nbgrader", {}).get(kind)]


def tagged(nb, tag):
    return [cell for cell in nb.cells if tag in cell.get("metadata", {}).get("tags", [])]


def graded(cell) -> bool:
    """An answer or a test cell."""
    return cell.metadata.nbgrader["solution"] or cell.metadata.nbgrader["grade"]


# -- the builder, without nbgrader ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sources():
    """Each lecture's lecture notebook and nbgrader source version: name -> (lecture, source)."""
    out = {}
    for path in NOTEBOOKS:
        lecture = nbformat.read(path, as_version=4)
        out[path.stem] = lecture, assignments.source_version(lecture, path.name)
    return out


@pytest.mark.parametrize("name", LECTURES)
def test_every_exercise_is_an_answer_cell_and_a_test_with_its_points(sources, name):
    lecture, source = sources[name]
    stubs, solutions, checks = (tagged(lecture, tag) for tag in (EXERCISE, SOLUTION, CHECK))
    assert len(stubs) == len(solutions) == len(checks) >= 2
    answers = [cell for cell in source.cells if cell.metadata.nbgrader["solution"]]
    tests = [cell for cell in source.cells if cell.metadata.nbgrader["grade"]]
    n = len(stubs)
    assert grade_ids(source, "solution") == [f"exercise-{i}" for i in range(1, n + 1)]
    assert grade_ids(source, "grade") == [f"exercise-{i}-check" for i in range(1, n + 1)]
    for answer, stub, solution in zip(answers, stubs, solutions):
        assert answer.source == assignments.answer_source(stub.source, solution.source)
        assert answer.source.startswith(stub.source.rstrip() + "\n### BEGIN SOLUTION\n")
        assert not answer.metadata.nbgrader["locked"] and not answer.metadata.nbgrader["grade"]
    for test, check in zip(tests, checks):
        assert test.metadata.nbgrader["points"] == assignments.POINTS and test.metadata.nbgrader["locked"]
        assert check.source.strip() in test.source and "### BEGIN HIDDEN TESTS" in test.source
    in_order = [cell.metadata.nbgrader["grade_id"] for cell in source.cells if graded(cell)]
    assert in_order == [gid for i in range(1, n + 1) for gid in (f"exercise-{i}", f"exercise-{i}-check")]


@pytest.mark.parametrize("name", LECTURES)
def test_every_other_cell_is_read_only_and_the_hidden_checks_and_notes_are_left_out(sources, name):
    lecture, source = sources[name]
    others = [cell for cell in source.cells if not graded(cell)]
    assert all(cell.metadata.nbgrader["locked"] for cell in others)
    ids = [cell.metadata.nbgrader["grade_id"] for cell in source.cells]
    assert len(set(ids)) == len(ids)
    assert all(cell.metadata.nbgrader["schema_version"] == 3 for cell in source.cells)
    assert not tagged(source, "check") and not tagged(source, "solution") and not tagged(source, "notes")
    left_out = {id(c) for tag in ("check", "solution", "notes") for c in tagged(lecture, tag)}
    assert len(source.cells) == len(lecture.cells) - len(left_out)
    assert all(not cell.get("outputs") for cell in source.cells)
    assert "jupytext" not in source.metadata and "widgets" not in source.metadata
    assert [c.source for c in tagged(source, "answer")] == [c.source for c in tagged(lecture, "answer")], (
        "the collapsed Think answers stay as they are")


@pytest.mark.parametrize("name", LECTURES)
def test_autograding_skips_the_training_runs_and_nothing_a_grade_needs(sources, name):
    _, source = sources[name]
    skipped = {i for i, cell in enumerate(source.cells) if assignments.SKIP in cell.metadata.get("tags", [])}
    code = [cell.source if cell.cell_type == "code" else None for cell in source.cells]
    needed = cellflow.needed(code, {i for i, cell in enumerate(source.cells) if graded(cell)})
    assert not skipped & needed
    for i, cell in enumerate(source.cells):
        if assignments.HEAVY_TAG in cell.metadata.get("tags", []):
            assert i in skipped | needed, f"{name}: a training run is not skipped: {cell.source[:80]}"
    if name in ("05_sgd", "06_training", "07_cnn", "08_unet"):  # they train networks
        assert any("fit(" in source.cells[i].source or "train(" in source.cells[i].source for i in skipped)


def test_the_builder_says_what_is_wrong_with_an_exercise():
    def code(source, *tags):
        return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)})

    stub, solution, check = code("x = ...", "exercise"), code("x = 1", "solution"), code("check(x)", "exercise-check")
    good = nbformat.v4.new_notebook(cells=[code("from checks import check"), stub, solution, check])
    assert len(grade_ids(assignments.source_version(good), "grade")) == 1
    for cells, message in [
        ([stub, check], "needs its solution cell"),
        ([solution, check], "must follow its exercise"),
        ([stub, solution], "has no check"),
        ([check], "no exercise before it"),
        ([stub, solution, code("verdict = check(x)", "exercise-check")], "one call of its checker"),
    ]:
        with pytest.raises(ValueError, match=message):
            assignments.source_version(nbformat.v4.new_notebook(cells=cells))


def test_the_course_folder_has_the_config_and_one_assignment_per_lecture(tmp_path):
    (tmp_path / "source" / "98_gone").mkdir(parents=True)
    (tmp_path / "gradebook.db").write_text("the lecturer's")
    built = assignments.build(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in built] == [f"source/{n}/{n}.ipynb" for n in LECTURES]
    assert not (tmp_path / "source" / "98_gone").exists(), "an assignment whose lecture is gone must not linger"
    assert (tmp_path / "gradebook.db").read_text() == "the lecturer's"
    config = (tmp_path / "nbgrader_config.py").read_text()
    compile(config, "nbgrader_config.py", "exec")
    assert 'code_stub = {"python": ""}' in config and "skip-execution" in config


# -- nbgrader -------------------------------------------------------------------------------------------------


def nbgrader(course: Path, *args: str) -> str:
    """Run ``nbgrader ARGS`` in the course folder; its log, or the test fails with it."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=1200)
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{log[-5000:]}"
    return log


def submissions(source, release, name):
    """The three submissions of a lecture: solved, released (untouched), wrong (one typical wrong answer)."""
    answers = {cell.metadata.nbgrader["grade_id"]: cell.source for cell in source.cells
               if cell.metadata.nbgrader["solution"]}
    solved = nbformat.from_dict(json.loads(nbformat.writes(release)))
    for cell in solved.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[cell.metadata.nbgrader["grade_id"]]
    wrong = nbformat.from_dict(json.loads(nbformat.writes(solved)))
    number, answer = WRONG[name]
    [cell] = [c for c in wrong.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"exercise-{number}"]
    cell.source = answer
    # untouched, but every test cell tagged to be skipped: without the course's guard it would get full points
    skipper = nbformat.from_dict(json.loads(nbformat.writes(release)))
    for cell in skipper.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), assignments.SKIP]
    return {"solved": solved, "released": release, "wrong": wrong, "skipper": skipper}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course built, released and autograded: (folder, {lecture: seconds autograding the solutions took})."""
    pytest.importorskip("nbgrader")
    folder = tmp_path_factory.mktemp("course")
    assignments.build(folder)
    nbgrader(folder, "generate_assignment", "*")
    for name in LECTURES:
        source = nbformat.read(folder / "source" / name / f"{name}.ipynb", as_version=4)
        release = nbformat.read(folder / "release" / name / f"{name}.ipynb", as_version=4)
        for student, nb in submissions(source, release, name).items():
            if student == "skipper" and name != LECTURES[0]:
                continue  # one lecture is enough
            target = folder / "submitted" / student / name / f"{name}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(nb, target)
    seconds = {}
    for name in LECTURES:  # one submission, as a lecturer grades it
        start = time.perf_counter()
        nbgrader(folder, "autograde", name, "--student", "solved")
        seconds[name] = time.perf_counter() - start
    nbgrader(folder, "autograde", "*")  # the other submissions
    return folder, seconds


def scores(folder, name, student):
    """(total, max, {grade id: score}) of a submission, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(name, student)
        tests = {grade.name: grade.score for grade in submission.notebooks[0].grades}
        return submission.score, submission.max_score, tests


def failed_cells(folder, name, student):
    """Grade ids (or cell indices) of the autograded notebook's cells that raised or wrote to stderr."""
    nb = nbformat.read(folder / "autograded" / student / name / f"{name}.ipynb", as_version=4)
    return [cell.metadata.get("nbgrader", {}).get("grade_id", i) for i, cell in enumerate(nb.cells)
            if any(out.output_type == "error" or out.get("name") == "stderr" for out in cell.get("outputs", []))]


def shown_text(folder, name, student, grade_id):
    nb = nbformat.read(folder / "autograded" / student / name / f"{name}.ipynb", as_version=4)
    [cell] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return "".join(out.get("text", "") + out.get("evalue", "") for out in cell.outputs)


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("name", LECTURES)
def test_the_solutions_get_full_points(course, name):
    folder, _ = course
    total, best, tests = scores(folder, name, "solved")
    assert best == assignments.POINTS * len(tests) and len(tests) >= 2
    assert total == best, f"{name}: the solutions get {total} of {best}: {tests}"
    assert failed_cells(folder, name, "solved") == [], "a cell of the solved notebook fails when autograded"


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("name", LECTURES)
def test_the_released_notebook_gets_zero_without_an_error(course, name):
    folder, _ = course
    total, best, tests = scores(folder, name, "released")
    assert total == 0 and best > 0, f"{name}: the unsolved notebook gets {total}: {tests}"
    assert failed_cells(folder, name, "released") == sorted(tests), "only the tests may fail on the stubs"
    release = nbformat.read(folder / "release" / name / f"{name}.ipynb", as_version=4)
    text = nbformat.writes(release)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "assert feedback.ok" not in text
    lecture = nbformat.read(assignments.ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    stubs = [cell.source.rstrip() for cell in tagged(lecture, EXERCISE)]
    assert [cell.source.rstrip() for cell in tagged(release, EXERCISE)] == stubs, "students get the kit's stubs"
    assert "not solved yet" in shown_text(folder, name, "released", "exercise-1-check")


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("name", LECTURES)
def test_one_typical_wrong_answer_loses_exactly_its_exercises_points(course, name):
    folder, _ = course
    number, _ = WRONG[name]
    total, best, tests = scores(folder, name, "wrong")
    expected = {gid: (0 if gid == f"exercise-{number}-check" else assignments.POINTS) for gid in tests}
    assert tests == expected and total == best - assignments.POINTS
    assert "✗ not yet" in shown_text(folder, name, "wrong", f"exercise-{number}-check"), "the hint is shown"
    assert failed_cells(folder, name, "wrong") == [f"exercise-{number}-check"]


@pytest.mark.slow
@pytest.mark.notebooks
def test_a_submission_cannot_skip_its_own_tests(course):
    folder, _ = course
    total, best, _ = scores(folder, LECTURES[0], "skipper")
    assert total == 0 and best > 0, "tests tagged skip-execution by a student must still run"


@pytest.mark.slow
@pytest.mark.notebooks
def test_feedback_shows_the_hint(course):
    folder, _ = course
    nbgrader(folder, "generate_feedback", "03_losses", "--student", "wrong")
    html = (folder / "feedback" / "wrong" / "03_losses" / "03_losses.html").read_text()
    assert "not yet" in html and "Exercise 1 is not solved" in html


@pytest.mark.slow
@pytest.mark.notebooks
def test_autograde_time_per_lecture(course, capsys):
    _, seconds = course
    with capsys.disabled():
        print("\nnbgrader autograde, one submission (the solutions), seconds: "
              + ", ".join(f"{name} {s:.0f}" for name, s in seconds.items())
              + f"; the series {sum(seconds.values()):.0f}")
    assert set(seconds) == set(LECTURES)
