"""Keep the lecture furniture of every notebook twin up to date.

    python -m tools.lecture_cells [--check] [notebooks/NN_name.py ...]

For each ``py:percent`` twin:

* the first markdown cell carries the "Open in Colab" badge, generated from
  ``lecturekit.launch.REPOSITORY``;
* the first code cell is the Colab set-up cell (installs lecturekit from the
  same repository on Colab; does nothing elsewhere);
* every cell has slideshow metadata, so ``jupyter nbconvert --to slides``
  makes a talk: a ``#``/``##`` heading opens a slide, ``###`` a subslide,
  prose that follows code opens a subslide (one idea per slide), the Colab
  and import cells are skipped, and a long code cell (more than
  ``LONG_CODE`` lines) goes to a subslide of its own; the cells the lecture
  view hides (tagged ``check``, ``solution`` or ``answer``) are skipped;
* a markdown cell tagged ``notes`` holds the lecturer's speaker notes for the
  slide it ends: it becomes a reveal.js note (slide type ``notes``, shown in the
  speaker view only) and is collapsed in JupyterLab.  A slide type set by
  hand (any cell whose metadata has ``"manual": true`` under ``slideshow``)
  is kept.

Run ``bash run.sh execute`` afterwards to refresh the stored outputs.  With
``--check`` nothing is written; the exit status says whether a twin is stale.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import jupytext
import nbformat

from lecturekit import launch

ROOT = Path(__file__).resolve().parents[1]
LONG_CODE = 25
BADGE_RE = re.compile(r"^\[!\[Open In Colab\]\(.*\)\]\(.*\)\s*$", re.M)
VERSION_STAMP_RE = re.compile(r"^#\s+jupytext_version: .*$", re.M)


#: cells that are collapsed in JupyterLab and never on a slide
HIDDEN_TAGS = {"check", "solution", "answer"}
#: the tag of the speaker notes' cells
NOTES = "notes"


def is_notes(cell) -> bool:
    return cell.cell_type == "markdown" and NOTES in cell.metadata.get("tags", [])


def slide_type(cell, previous, index: int, first_code: int, imports: int) -> str:
    if is_notes(cell):
        return "notes"
    if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
        return "skip"
    source = cell.source.lstrip()
    if cell.cell_type == "markdown":
        if source.startswith(("# ", "## ")):
            return "slide"
        if source.startswith("### "):
            return "subslide"
        # prose after code starts the next idea: one prose+code pair per (sub)slide
        return "subslide" if previous is not None and previous.cell_type == "code" else "-"
    if index in (first_code, imports):
        return "skip"
    if len(cell.source.splitlines()) > LONG_CODE:
        return "subslide"
    return "-"


def furnish(nb, name: str):
    """Return the notebook with badge, Colab cell and slideshow metadata in place."""
    cells = nb.cells
    first_md = next(i for i, c in enumerate(cells) if c.cell_type == "markdown")
    lines = BADGE_RE.sub("", cells[first_md].source).rstrip().split("\n")
    badge = launch.colab_badge(f"{name}.ipynb")
    cells[first_md].source = "\n".join([lines[0], "", badge, *lines[1:]]).replace("\n\n\n", "\n\n")

    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    colab_source = launch.colab_cell_source()
    if code and cells[code[0]].source.startswith(launch.COLAB_CELL_MARKER):
        cells[code[0]].source = colab_source
    else:
        cells.insert(code[0] if code else len(cells), nbformat.v4.new_code_cell(colab_source))
    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    imports = code[1] if len(code) > 1 else -1

    previous = None  # the cell before, speaker notes aside (they end a slide, they do not open one)
    for i, cell in enumerate(cells):
        if is_notes(cell):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        meta = cell.metadata.get("slideshow", {})
        if not meta.get("manual"):
            cell.metadata["slideshow"] = {"slide_type": slide_type(cell, previous, i, code[0], imports)}
        if not is_notes(cell):
            previous = cell
    return nb


def _unstamped(text: str) -> str:
    """A twin without the version of jupytext that wrote it (any version writes the same twin)."""
    return VERSION_STAMP_RE.sub("", text, count=1)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    twins = [Path(a) for a in argv if a != "--check"] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    stale = []
    for twin in twins:
        text = twin.read_text()
        nb = furnish(jupytext.reads(text, fmt="py:percent"), twin.stem)
        new = jupytext.writes(nb, fmt="py:percent")
        if _unstamped(new) != _unstamped(text):
            stale.append(twin.name)
            if not check:
                twin.write_text(new)
    if stale:
        print(("stale: " if check else "updated: ") + ", ".join(stale))
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
