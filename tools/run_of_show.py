"""Each lecture's plan for the room: its run of show, and the speaker notes that keep to it.

    python -m tools.run_of_show            check every lecture's plan; print each lecture's minutes
    python -m tools.run_of_show --readme   also write the plans' summary into README.md

**The run of show** is the markdown cell right after a lecture's title cell.  It
starts ``## Run of show`` and holds one table::

    | Part | Minutes | In class | Homework |
    |---|---:|---|---|
    | An artificial neuron | 8 | Exercise 1 | |
    | **Total in class** | **70** | | |

with one row per ``## `` section of the notebook, in order (all but the run of
show itself, the references and ``## Appendix: ...`` sections, which are for
home), its minutes, and each exercise of that section named once, in class or
as homework.  The minutes add up to the total, at most :data:`MAX_MINUTES`.

**Speaker notes.**  Every slide and subslide of the deck ends with one
markdown cell tagged ``notes`` (``tools/lecture_cells.py`` makes it a reveal.js
note).  It says ``**Say:**`` what the slide is for, ``**Expect:**`` the answer
of a Think prompt on the slide (and may ``**Ask:**`` the room something), and
``**Time:** N min``, the minutes since the lecture began when the slide ends:
never decreasing, and at the last slide of each part the run of show's minutes
so far.  Slides of an appendix and the references say ``**Time:** after class``.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from tools.lecture_cells import is_notes

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
README = ROOT / "README.md"

HEADING = "## Run of show"
MAX_MINUTES = 75
COLUMNS = ["Part", "Minutes", "In class", "Homework"]
TOTAL = "**Total in class**"
EXERCISE = re.compile(r"Exercise (\d+)")
EXERCISE_HEADING = re.compile(r"^###\s+Exercise (\d+)\b")
TIME = re.compile(r"^\*\*Time:\*\*\s*(.*?)\s*$", re.M)
MINUTES = re.compile(r"^(\d+) min$")
AFTER_CLASS = "after class"
#: the README's summary of the plans sits between these lines
README_START = "<!-- run of show: written by python -m tools.run_of_show --readme -->"
README_END = "<!-- end of run of show -->"


@dataclass
class Part:
    name: str
    minutes: int
    in_class: list[int] = field(default_factory=list)
    homework: list[int] = field(default_factory=list)


@dataclass
class Plan:
    parts: list[Part]
    total: int

    def exercises(self, column: str) -> list[int]:
        return sorted(n for part in self.parts for n in getattr(part, column))


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def heading(cell) -> str | None:
    """The text of a markdown cell's ``## `` heading, or None."""
    if cell.cell_type != "markdown" or is_notes(cell):
        return None
    first = cell.source.lstrip().split("\n", 1)[0]
    return first[3:].strip() if first.startswith("## ") else None


def for_home(section: str | None) -> bool:
    """A section that is not given in class: the references and appendices."""
    return section is not None and (section == "References" or section.startswith("Appendix"))


def plan_cell(nb) -> int | None:
    """The index of the run-of-show cell, if there is one."""
    return next((i for i, c in enumerate(nb.cells) if heading(c) == HEADING[3:]), None)


def _numbers(text: str, column: str) -> list[int]:
    text = text.strip()
    if text in ("", "—", "-"):
        return []
    found = [int(n) for n in EXERCISE.findall(text)]
    if not found or EXERCISE.sub("", text).strip(" ,;and") != "":
        raise ValueError(f"the {column} column lists exercises as 'Exercise 1, Exercise 3', got {text!r}")
    return found


def parse(source: str) -> Plan:
    """The plan in a run-of-show cell's markdown; ValueError saying what is wrong with its table."""
    rows = [line.strip() for line in source.splitlines() if line.strip().startswith("|")]
    if len(rows) < 3:
        raise ValueError("the run of show needs a table: a header, a separator row, a row per part and the total")
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    if cells[0] != COLUMNS:
        raise ValueError(f"the run of show's columns must be {' | '.join(COLUMNS)}, got {' | '.join(cells[0])}")
    if cells[-1][0] != TOTAL:
        raise ValueError(f"the run of show's last row must be '{TOTAL}', got {cells[-1][0]!r}")
    parts = []
    for row in cells[2:-1]:
        if len(row) != 4 or not row[1].isdigit():
            raise ValueError(f"a part's row is 'name | whole minutes | in class | homework', got {' | '.join(row)}")
        parts.append(Part(row[0], int(row[1]), _numbers(row[2], "In class"), _numbers(row[3], "Homework")))
    total = cells[-1][1].strip("*")
    if not total.isdigit():
        raise ValueError(f"the total must be whole minutes, got {cells[-1][1]!r}")
    return Plan(parts, int(total))


def sections(nb) -> list[tuple[int, str]]:
    """The ``## `` sections of a notebook: (index of the heading cell, heading text)."""
    return [(i, h) for i, c in enumerate(nb.cells) if (h := heading(c)) is not None]


def section_of(nb, index: int) -> str | None:
    """The ``## `` section holding cell ``index`` (None above the first)."""
    found = None
    for i, name in sections(nb):
        if i <= index:
            found = name
    return found


def exercises(nb) -> dict[int, int]:
    """Each exercise's number and the index of its heading cell."""
    found = {}
    for i, c in enumerate(nb.cells):
        m = EXERCISE_HEADING.match(c.source.lstrip()) if c.cell_type == "markdown" else None
        if m:
            found[int(m.group(1))] = i
    return found


def slides(nb) -> list[tuple[int, int]]:
    """Each slide and subslide of the deck, as the range of cells [start, end) it is made of."""
    starts = [i for i, c in enumerate(nb.cells)
              if c.get("metadata", {}).get("slideshow", {}).get("slide_type") in ("slide", "subslide")]
    return list(zip(starts, [*starts[1:], len(nb.cells)]))


def plan_problems(nb, name: str) -> list[str]:
    """What is wrong with a lecture's run of show."""
    index = plan_cell(nb)
    first_md = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), None)
    if index is None:
        return [f"{name}: no run of show (a markdown cell '{HEADING}' right after the title cell)"]
    problems = []
    if nb.cells[first_md + 1: index] and any(c.cell_type == "markdown" and not is_notes(c)
                                              for c in nb.cells[first_md + 1: index]):
        problems.append(f"{name}, cell {index}: the run of show must come right after the title cell")
    try:
        plan = parse(nb.cells[index].source)
    except ValueError as error:
        return [f"{name}, cell {index}: {error}"]
    minutes = sum(part.minutes for part in plan.parts)
    if minutes != plan.total:
        problems.append(f"{name}: the parts' minutes add up to {minutes}, the run of show says {plan.total}")
    if plan.total > MAX_MINUTES:
        problems.append(f"{name}: {plan.total} minutes in class; a lecture's slot holds at most {MAX_MINUTES}: "
                        "move parts to homework or an appendix")
    expected = [h for _, h in sections(nb) if h != HEADING[3:] and not for_home(h)]
    listed = [part.name for part in plan.parts]
    if listed != expected:
        problems.append(f"{name}: the run of show's parts must be the notebook's sections in order:\n"
                        f"    sections: {expected}\n    listed:   {listed}")
    placed = {}
    for part in plan.parts:
        for n in part.in_class + part.homework:
            if n in placed:
                problems.append(f"{name}: Exercise {n} is listed twice in the run of show")
            placed[n] = part.name
    for n, cell in exercises(nb).items():
        if n not in placed:
            problems.append(f"{name}: Exercise {n} is in neither the In class nor the Homework column")
        elif placed[n] != section_of(nb, cell):
            problems.append(f"{name}: Exercise {n} is listed under {placed[n]!r}; it is in {section_of(nb, cell)!r}")
    for n in placed.keys() - exercises(nb).keys():
        problems.append(f"{name}: the run of show lists Exercise {n}, which the notebook does not have")
    return problems


def notes_problems(nb, name: str) -> list[str]:
    """What is wrong with a lecture's speaker notes, slide by slide."""
    problems = []
    index = plan_cell(nb)
    try:
        plan = parse(nb.cells[index].source) if index is not None else None
    except ValueError:
        plan = None
    due, elapsed = {}, 0  # the minutes at the end of each part
    for part in plan.parts if plan else []:
        elapsed += part.minutes
        due[part.name] = elapsed
    deck = slides(nb)
    last_of_part = {section_of(nb, start): number for number, (start, _) in enumerate(deck, 1)}
    previous = 0
    for number, (start, end) in enumerate(deck, 1):
        where = f"{name}, slide {number} (cell {start}: {nb.cells[start].source.strip()[:50]!r})"
        notes = [nb.cells[i] for i in range(start, end) if is_notes(nb.cells[i])]
        if len(notes) != 1:
            problems.append(f"{where}: {len(notes)} speaker-notes cells; every slide ends with exactly one "
                            "(a markdown cell tagged 'notes')")
            continue
        text = notes[0].source
        if "**Say:**" not in text:
            problems.append(f"{where}: the notes do not say what to **Say:**")
        think = any("**Think:**" in nb.cells[i].source for i in range(start, end)
                    if nb.cells[i].cell_type == "markdown" and not is_notes(nb.cells[i]))
        if think and "**Expect:**" not in text:
            problems.append(f"{where}: the slide asks a Think question; its notes must give the answer to "
                            "**Expect:**")
        times = TIME.findall(text)
        if len(times) != 1:
            problems.append(f"{where}: the notes need one '**Time:** N min' line")
            continue
        section = section_of(nb, start)
        if for_home(section):
            if times[0] != AFTER_CLASS:
                problems.append(f"{where}: a slide of {section!r} is not given in class: '**Time:** {AFTER_CLASS}'")
            continue
        m = MINUTES.match(times[0])
        if not m:
            problems.append(f"{where}: '**Time:** {times[0]}' is not 'N min'")
            continue
        now = int(m.group(1))
        if now < previous:
            problems.append(f"{where}: **Time:** {now} min comes after {previous} min")
        previous = now
        if section in due and last_of_part[section] == number and now != due[section]:
            problems.append(f"{where}: the last slide of {section!r} ends at {now} min; the run of show "
                            f"says {due[section]} min")
    return problems


def summary_row(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    plan = parse(nb.cells[plan_cell(nb)].source)
    title = next(c.source.lstrip()[2:].split("\n", 1)[0].strip() for c in nb.cells
                 if c.cell_type == "markdown" and c.source.lstrip().startswith("# "))

    def listed(numbers):
        return ", ".join(map(str, numbers)) or "—"

    return (f"| [{title}](notebooks/{path.name}) | {plan.total} | {listed(plan.exercises('in_class'))} | "
            f"{listed(plan.exercises('homework'))} |")


def readme_summary(notebooks=None) -> str:
    rows = [summary_row(path) for path in (NOTEBOOKS if notebooks is None else notebooks)]
    return "\n".join([README_START, "| Lecture | Minutes in class | Exercises in class | Homework |",
                      "|---|---:|---|---|", *rows, README_END])


def write_readme() -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no run-of-show block ({README_START} ... {README_END})")
    README.write_text(pattern.sub(lambda _: readme_summary(), text), encoding="utf-8")


def main(argv: list[str]) -> int:
    bad = []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        found = plan_problems(nb, path.stem) + notes_problems(nb, path.stem)
        bad += found
        if not found:
            print(f"{path.stem}: {parse(nb.cells[plan_cell(nb)].source).total} min in class, "
                  f"{len(slides(nb))} slides with notes")
    if "--readme" in argv and not bad:
        write_readme()
    print("\n".join(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
