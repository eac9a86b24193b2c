"""Give every figure of a lecture its description (alt text), from the cell that draws it.

    python -m tools.describe [--check] [notebooks/NN_name.ipynb ...]

A code cell that shows figures says what they show in its metadata:
``"alt": ["first figure's description", "second's", ...]`` (one entry per
image it outputs, in order; in the twin, ``# %% alt=["..."]``).  A
description says what the figure shows and what to notice, for a reader who
cannot see it.  This tool copies each entry into its image output's metadata
(``output.metadata["image/png"]["alt"]``), where the slides, the site and
JupyterLab's HTML export read it.  ``tools/execute`` runs it after every
execution; run it by hand after editing only the descriptions (first
``jupytext --to ipynb --update`` the twin).  With ``--check`` nothing is
written: the exit status says whether a figure lacks a description or a cell
has descriptions for figures it does not show.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
#: the outputs that are figures
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")


def images(cell) -> list[tuple[dict, str]]:
    """The figure outputs of a code cell, in order: (output, its image mime type)."""
    found = []
    for output in cell.get("outputs", []):
        for mime in IMAGE_TYPES:
            if mime in output.get("data", {}):
                found.append((output, mime))
                break
    return found


def descriptions(cell) -> list[str]:
    alt = cell.get("metadata", {}).get("alt", [])
    return [alt] if isinstance(alt, str) else list(alt)


def problems(nb, name: str = "notebook") -> list[str]:
    """What keeps the notebook's figures from all having a description of their own."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        shown, alt = images(cell), descriptions(cell)
        if len(alt) != len(shown):
            found.append(f"{name}, cell {index}: shows {len(shown)} figure(s) but has {len(alt)} description(s) "
                         f'in its metadata "alt" (one per figure, in order)')
        for k, text in enumerate(alt):
            if not isinstance(text, str) or len(text.split()) < 6:
                found.append(f"{name}, cell {index}: description {k + 1} ({text!r}) is not a sentence of at least "
                             "6 words saying what the figure shows")
        for k, (output, mime) in enumerate(shown):
            stored = output.get("metadata", {}).get(mime, {}).get("alt")
            if k < len(alt) and stored != alt[k]:
                found.append(f"{name}, cell {index}: figure {k + 1}'s output does not carry its description "
                             "(run python -m tools.describe)")
    return found


def apply(nb) -> int:
    """Copy each cell's descriptions into its image outputs' metadata; return how many were written."""
    written = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for (output, mime), text in zip(images(cell), descriptions(cell)):
            meta = output.setdefault("metadata", {})
            meta.setdefault(mime, {})["alt"] = text
            written += 1
    return written


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a).with_suffix(".ipynb") for a in argv if a != "--check"] or sorted(
        (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    bad = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not check:
            apply(nb)
            nbformat.write(nb, path)
        bad += problems(nb, path.stem)
    print("\n".join(bad) or "every figure has its description")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
