"""Render the lectures for reading and presenting, from the stored notebooks.

    python -m tools.publish site  [OUT]   static HTML site (default _build/site)
    python -m tools.publish slides [OUT]  reveal.js decks   (default _build/slides)

The site has one page per notebook, with its saved widget state embedded so
the sliders show their initial figure, and an index page listing the
lectures.  The decks follow each cell's slideshow metadata.  Nothing is
executed: the stored outputs are what a reader sees.
"""
from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, SlidesExporter

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def title_of(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return "untitled"


def summary_of(nb) -> str:
    """The 'What you will learn' bullets of a notebook, as plain text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "What you will learn" in cell.source:
            text = cell.source.split("What you will learn", 1)[1]
            bullets = [line.lstrip("-* ").strip() for line in text.splitlines() if line.strip().startswith(("-", "*"))]
            return "; ".join(bullets)
    return ""


def build_site(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    pages, items = [], []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb)
        page = out / f"{path.stem}.html"
        page.write_text(body)
        pages.append(page)
        items.append(
            f'<li><a href="{page.name}">{html.escape(title_of(nb))}</a>'
            f"<p>{html.escape(summary_of(nb))}</p></li>"
        )
    index = out / "index.html"
    index.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Neural networks and deep learning</title>"
        "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}"
        "li{margin-bottom:1em}p{margin:.2em 0;color:#444}</style></head><body>"
        "<h1>Neural networks and deep learning</h1>"
        "<p>A lecture series from a single neuron to a U-Net, as executed notebooks. "
        "Run them yourself to move the sliders.</p>"
        f"<ol>{''.join(items)}</ol></body></html>\n"
    )
    return [index, *pages]


def build_slides(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    exporter = SlidesExporter()
    decks = []
    for path in NOTEBOOKS:
        body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
        deck = out / f"{path.stem}.slides.html"
        deck.write_text(body)
        decks.append(deck)
    return decks


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("site", "slides"):
        print(__doc__)
        return 2
    kind = argv[0]
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "_build" / kind
    built = build_site(out) if kind == "site" else build_slides(out)
    print(json.dumps({"built": len(built), "folder": str(out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
