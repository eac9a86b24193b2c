"""Each lecture fits its slot: a run of show of at most 75 minutes, speaker notes on every slide that keep to it,
and exercises to the end of the series (``tools/run_of_show.py`` says what each rule asks).

The rules are tested on small synthetic notebooks, so each can fail, then applied to every lecture.
"""
from __future__ import annotations

import re

import nbformat
import pytest

from lecturekit import launch
from tools import lecture_cells, run_of_show
from tools.run_of_show import NOTEBOOKS, notes_problems, parse, plan_problems

#: from lecture 05 on, the series' second half: this many exercises at least
SECOND_HALF, MIN_EXERCISES_SECOND_HALF = 5, 4

PLAN = """## Run of show

Two parts.

| Part | Minutes | In class | Homework |
|---|---:|---|---|
| First | 30 | Exercise 1 | |
| Second | 40 | | Exercise 2 |
| **Total in class** | **70** | | |
"""


def md(source, *tags):
    cell = nbformat.v4.new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def notes(time, say="The point of the slide.", extra=""):
    return md(f"**Say:** {say}\n{extra}**Time:** {time}", "notes")


def lecture(plan=PLAN, times=("0 min", "0 min", "12 min", "30 min", "70 min", "after class")):
    """A small lecture that keeps every rule; slide types as tools.lecture_cells gives them."""
    nb = nbformat.v4.new_notebook()
    t = iter(times)
    nb.cells = [
        md("# 99 · A lecture\n\nWhat you will learn."), notes(next(t)),
        nbformat.v4.new_code_cell(launch.colab_cell_source()),
        md(plan), notes(next(t)),
        md("## First\n\nProse."), notes(next(t)),
        md("### Exercise 1: a sum"), notes(next(t)),
        md("## Second\n\n**Think:** why?"), md("Because.", "answer"),
        notes(next(t), extra="**Expect:** because.\n"),
        md("### Exercise 2: a product"), notes("70 min"),
        md("## References\n\n1. A book."), notes(next(t)),
    ]
    return lecture_cells.furnish(nb, "99_lecture")


def test_a_lecture_that_keeps_to_its_plan_passes():
    nb = lecture()
    assert plan_problems(nb, "99") == [] and notes_problems(nb, "99") == []
    assert [c.metadata.slideshow.slide_type for c in nb.cells if run_of_show.is_notes(c)] == ["notes"] * 7


def test_the_table_is_read_with_its_exercises():
    plan = parse(PLAN)
    assert [(p.name, p.minutes, p.in_class, p.homework) for p in plan.parts] == [
        ("First", 30, [1], []), ("Second", 40, [], [2])]
    assert plan.total == 70 and plan.exercises("homework") == [2]


@pytest.mark.parametrize("change, expected", [
    (("| 40 |", "| 45 |"), "add up to 75, the run of show says 70"),
    (("| 30 |", "| 35 |", "| 40 |", "| 41 |", "**70**", "**76**"), "at most 75"),
    (("| Second |", "| Later |"), "the notebook's sections in order"),
    (("| | Exercise 2 |", "| | |"), "Exercise 2 is in neither"),
    (("| Exercise 1 | |", "| Exercise 1 | Exercise 1 |"), "Exercise 1 is listed twice"),
    (("| 30 | Exercise 1 | |", "| 30 | | |", "| 40 | | Exercise 2 |", "| 40 | Exercise 1 | Exercise 2 |"),
     "Exercise 1 is listed under 'Second'; it is in 'First'"),
    (("| Exercise 2 |", "| Exercise 2, Exercise 3 |"), "lists Exercise 3, which the notebook does not have"),
    (("| In class |", "| Class |"), "columns must be Part | Minutes | In class | Homework"),
    (("| 30 |", "| half an hour |"), "whole minutes"),
])
def test_a_wrong_plan_is_named(change, expected):
    plan = PLAN
    for old, new in zip(change[::2], change[1::2]):
        assert old in plan
        plan = plan.replace(old, new, 1)
    problems = plan_problems(lecture(plan=plan), "99")
    assert any(expected in p for p in problems), problems


def test_a_missing_plan_is_named():
    nb = lecture()
    nb.cells[3].source = "Some prose."
    assert "no run of show" in plan_problems(nb, "99")[0]


@pytest.mark.parametrize("edit, expected", [
    ("drop", "0 speaker-notes cells"),
    ("double", "2 speaker-notes cells"),
    ("no say", "what to **Say:**"),
    ("no expect", "answer to **Expect:**"),
    ("no time", "'**Time:** N min' line"),
    ("backwards", "**Time:** 10 min comes after 12 min"),
    ("off plan", "the last slide of 'First' ends at 29 min; the run of show says 30 min"),
    ("references in class", "not given in class"),
])
def test_wrong_notes_are_named(edit, expected):
    times = ["0 min", "0 min", "12 min", "30 min", "70 min", "after class"]
    if edit == "backwards":
        times[3] = "10 min"
    elif edit == "off plan":
        times[3] = "29 min"
    elif edit == "references in class":
        times[5] = "70 min"
    nb = lecture(times=tuple(times))
    noted = [i for i, c in enumerate(nb.cells) if run_of_show.is_notes(c)]
    if edit == "drop":
        del nb.cells[noted[2]]
    elif edit == "double":
        nb.cells.insert(noted[2], notes("12 min"))
    elif edit == "no say":
        nb.cells[noted[2]].source = "**Time:** 12 min"
    elif edit == "no expect":
        nb.cells[noted[4]].source = nb.cells[noted[4]].source.replace("**Expect:** because.\n", "")
    elif edit == "no time":
        nb.cells[noted[2]].source = "**Say:** something."
    nb = lecture_cells.furnish(nb, "99_lecture")
    problems = notes_problems(nb, "99")
    assert any(expected in p for p in problems), problems


def test_notes_do_not_open_slides_and_are_collapsed():
    nb = lecture()
    nb.cells.insert(7, nbformat.v4.new_code_cell("x = 1"))  # code, its notes, then prose: prose still opens a slide
    nb.cells.insert(8, notes("12 min"))
    nb = lecture_cells.furnish(nb, "99_lecture")
    assert nb.cells[9].metadata.slideshow.slide_type == "subslide"
    assert all(c.metadata["jupyter"]["source_hidden"] for c in nb.cells if run_of_show.is_notes(c))


def test_the_readme_block_is_rewritten(tmp_path, monkeypatch):
    path = tmp_path / "99_lecture.ipynb"
    nbformat.write(lecture(), path)
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{run_of_show.README_START}\nold\n{run_of_show.README_END}\nafter\n")
    monkeypatch.setattr(run_of_show, "README", readme)
    monkeypatch.setattr(run_of_show, "NOTEBOOKS", [path])
    run_of_show.write_readme()
    assert "| [99 · A lecture](notebooks/99_lecture.ipynb) | 70 | 1 | 2 |" in readme.read_text()
    assert readme.read_text().startswith("before\n") and readme.read_text().endswith("after\n")


# -- the lectures --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_lecture_has_a_run_of_show_that_fits_its_slot(path):
    problems = plan_problems(nbformat.read(path, as_version=4), path.stem)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_has_speaker_notes_that_keep_to_the_plan(path):
    problems = notes_problems(nbformat.read(path, as_version=4), path.stem)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if int(p.stem[:2]) >= SECOND_HALF], ids=lambda p: p.stem)
def test_the_second_half_of_the_series_has_exercises_to_do(path):
    n = len(run_of_show.exercises(nbformat.read(path, as_version=4)))
    assert n >= MIN_EXERCISES_SECOND_HALF, f"{path.stem} has {n} exercises; {MIN_EXERCISES_SECOND_HALF} expected"


def test_the_readme_gives_every_lecture_its_run_of_show():
    text = run_of_show.README.read_text(encoding="utf-8")
    block = re.search(re.escape(run_of_show.README_START) + ".*?" + re.escape(run_of_show.README_END), text, re.S)
    assert block, "README.md has no run-of-show block"
    assert block.group(0) == run_of_show.readme_summary(), "stale: run python -m tools.run_of_show --readme"
