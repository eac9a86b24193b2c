"""What a student and the slides see of a lecture: no test code, exercises with hidden solutions, Think prompts.

The conventions (README of ``lecturekit.exercises`` and the team's notebook
conventions):

* no ``assert`` statement in a code cell a student or the slides see; a cell is
  hidden when it is tagged ``check`` or ``solution``, collapsed
  (``metadata.jupyter.source_hidden``) and skipped on the slides;
* a ``solution`` cell is collapsed and skipped on the slides;
* an exercise is a markdown cell ``### Exercise N: ...``, then its stub (tag
  ``exercise``), then the worked ``solution``, then the check (tag
  ``exercise-check``), in that order and next to each other;
* every lecture has at least two exercises;
* a "Think" prompt (a markdown cell starting ``**Think:**``) is answered in the
  next cell, a markdown cell tagged ``answer`` and collapsed; every lecture has
  at least one.

Each rule is a function returning the problems it finds, tested here on small
synthetic notebooks (so each can fail) and then applied to every lecture.
"""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MIN_EXERCISES = 2
THINK = "**Think:**"


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def collapsed(cell) -> bool:
    return cell.get("metadata", {}).get("jupyter", {}).get("source_hidden") is True


def skipped_on_slides(cell) -> bool:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "skip"


def hidden(cell) -> bool:
    """Neither a student (collapsed) nor the slides (skipped) show this cell's code."""
    return bool({"check", "solution"} & set(tags(cell))) and collapsed(cell) and skipped_on_slides(cell)


def where(i, cell) -> str:
    first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else "(empty)"
    return f"cell {i} ({first!r})"


def has_assert(source: str) -> bool:
    python = TransformerManager().transform_cell(source)  # %magics and !shell lines become Python
    return any(isinstance(node, ast.Assert) for node in ast.walk(ast.parse(python)))


def visible_asserts(nb) -> list[str]:
    return [f"{where(i, c)} shows an assert: move it into a hidden check cell"
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and not hidden(c) and has_assert(c.source)]


def solutions_not_hidden(nb) -> list[str]:
    problems = []
    for i, c in enumerate(nb.cells):
        if "solution" in tags(c):
            if not collapsed(c):
                problems.append(f"{where(i, c)}: a solution must be collapsed (metadata jupyter.source_hidden: true)")
            if not skipped_on_slides(c):
                problems.append(f"{where(i, c)}: a solution must be skipped on slides (slideshow.slide_type: skip)")
    return problems


def exercise_layout(nb) -> list[str]:
    """Heading, stub, solution, check: in this order, next to each other, none without the others."""
    problems, cells = [], nb.cells

    def tagged_at(j, tag):
        return 0 <= j < len(cells) and tag in tags(cells[j])

    for i, c in enumerate(cells):
        t = tags(c)
        if "exercise" in t:
            if c.cell_type != "code":
                problems.append(f"{where(i, c)}: an exercise stub must be a code cell")
            heading = next((cells[j] for j in range(i - 1, -1, -1) if cells[j].cell_type == "markdown"), None)
            if heading is None or not heading.source.lstrip().startswith("### Exercise"):
                problems.append(f"{where(i, c)}: the exercise needs a markdown cell '### Exercise N: title' before it")
            if not tagged_at(i + 1, "solution"):
                problems.append(f"{where(i, c)}: the next cell must be its solution (tag 'solution')")
            elif not tagged_at(i + 2, "exercise-check"):
                problems.append(f"{where(i, c)}: the cell after the solution must be its check (tag 'exercise-check')")
        if "solution" in t and not tagged_at(i - 1, "exercise"):
            problems.append(f"{where(i, c)}: a solution must follow its exercise stub (tag 'exercise')")
        if "exercise-check" in t and not (tagged_at(i - 1, "solution") and tagged_at(i - 2, "exercise")):
            problems.append(f"{where(i, c)}: a check must follow its exercise stub and solution")
    return problems


def too_few_exercises(nb) -> list[str]:
    n = sum("exercise" in tags(c) for c in nb.cells)
    return [] if n >= MIN_EXERCISES else [f"{n} exercises (cells tagged 'exercise'); at least {MIN_EXERCISES} expected"]


def think_prompts(nb) -> list[str]:
    problems, prompts = [], 0
    for i, c in enumerate(nb.cells):
        if c.cell_type == "markdown" and c.source.lstrip().startswith(THINK):
            prompts += 1
            answer = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
            if answer is None or answer.cell_type != "markdown" or "answer" not in tags(answer):
                problems.append(f"{where(i, c)}: a Think prompt needs its answer next, a markdown cell tagged 'answer'")
            elif not collapsed(answer):
                problems.append(f"{where(i + 1, answer)}: the answer must be collapsed (jupyter.source_hidden: true)")
    if not prompts:
        problems.append(f"no Think prompt (a markdown cell starting {THINK})")
    return problems


RULES = [visible_asserts, solutions_not_hidden, exercise_layout, too_few_exercises, think_prompts]


# -- the rules on synthetic notebooks ------------------------------------------------------------------------


def md(source, tags=(), collapsed=False):
    cell = nbformat.v4.new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    if collapsed:
        cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def code(source, tags=(), collapsed=False, skip=False):
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    if collapsed:
        cell.metadata["jupyter"] = {"source_hidden": True}
    if skip:
        cell.metadata["slideshow"] = {"slide_type": "skip"}
    return cell


def exercise(n):
    return [
        md(f"### Exercise {n}: a gate\n\nChoose `w` and `b`."),
        code("w, b = ..., ...", tags=["exercise"]),
        code("w, b = [1, 1], -0.5", tags=["solution"], collapsed=True, skip=True),
        code("check_or_gate(w, b)", tags=["exercise-check"]),
    ]


def good_lecture():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        md("# A lecture"),
        code("%matplotlib inline\nimport numpy as np\nx = np.ones(3)"),
        code("result = x.sum()", tags=["nbval-ignore-output"]),
        code("assert result == 3\nprint('The three ones add up to three.')", tags=["check"], collapsed=True, skip=True),
        *exercise(1),
        *exercise(2),
        md("**Think:** what if x had four entries?"),
        md("The sum would be four.", tags=["answer"], collapsed=True),
    ]
    return nb


def test_a_lecture_that_follows_the_conventions_passes_every_rule():
    nb = good_lecture()
    assert {rule.__name__: rule(nb) for rule in RULES} == {rule.__name__: [] for rule in RULES}


@pytest.mark.parametrize("source", [
    "assert x.sum() == 3",
    "for v in x:\n    assert v > 0, 'positive'",
    "def f():\n    assert True\n%time f()",
])
def test_an_assert_in_a_visible_cell_is_found(source):
    nb = good_lecture()
    nb.cells.insert(2, code(source))
    assert len(visible_asserts(nb)) == 1


@pytest.mark.parametrize("change", ["not collapsed", "not skipped", "not tagged check"])
def test_a_check_cell_is_hidden_only_when_tagged_collapsed_and_skipped(change):
    nb = good_lecture()
    check = nb.cells[3]
    if change == "not collapsed":
        del check.metadata["jupyter"]
    elif change == "not skipped":
        check.metadata["slideshow"] = {"slide_type": "-"}
    else:
        check.metadata["tags"] = []
    assert len(visible_asserts(nb)) == 1


def test_assert_in_a_string_or_a_name_is_not_an_assert_statement():
    nb = good_lecture()
    nb.cells.insert(2, code("print('we assert nothing here')\nasserted = True"))
    assert visible_asserts(nb) == []


@pytest.mark.parametrize("change", ["jupyter", "slideshow"])
def test_a_solution_that_shows_is_found(change):
    nb = good_lecture()
    solution = nb.cells[6]
    assert "solution" in tags(solution)
    del solution.metadata[change]
    assert len(solutions_not_hidden(nb)) == 1


@pytest.mark.parametrize("remove, expected", [
    ("solution", "next cell must be its solution"),
    ("exercise-check", "must be its check"),
    ("exercise", "must follow its exercise stub"),
])
def test_an_exercise_missing_a_part_is_found(remove, expected):
    nb = good_lecture()
    first = [i for i, c in enumerate(nb.cells) if remove in tags(c)][0]
    del nb.cells[first]
    problems = exercise_layout(nb)
    assert problems and any(expected in p for p in problems), problems


def test_an_exercise_out_of_order_is_found():
    nb = good_lecture()
    nb.cells[6], nb.cells[7] = nb.cells[7], nb.cells[6]  # the check before the solution
    assert exercise_layout(nb)


def test_an_exercise_without_its_heading_is_found():
    nb = good_lecture()
    nb.cells[4].source = "Choose `w` and `b`."
    assert any("### Exercise" in p for p in exercise_layout(nb))


def test_a_lecture_with_one_exercise_is_found():
    nb = good_lecture()
    nb.cells = nb.cells[:8] + nb.cells[12:]
    assert exercise_layout(nb) == [] and len(too_few_exercises(nb)) == 1


@pytest.mark.parametrize("change", ["no answer", "answer not collapsed", "answer untagged", "no prompt"])
def test_a_think_prompt_without_a_collapsed_answer_is_found(change):
    nb = good_lecture()
    if change == "no answer":
        nb.cells.pop()
    elif change == "answer not collapsed":
        del nb.cells[-1].metadata["jupyter"]
    elif change == "answer untagged":
        nb.cells[-1].metadata["tags"] = []
    else:
        nb.cells = nb.cells[:-2]
    assert len(think_prompts(nb)) == 1


# -- the lectures --------------------------------------------------------------------------------------------


def test_there_are_lectures():
    assert NOTEBOOKS


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lecture_view(path, rule):
    problems = rule(nbformat.read(path, as_version=4))
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)
