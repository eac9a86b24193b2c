"""Render the lectures for presenting and reading, from the stored notebooks.

    python -m tools.publish slides [OUT]  reveal.js decks   (default _build/slides)
    python -m tools.publish site   [OUT]  static site       (default _build/site)

Nothing is executed: the stored outputs, and the saved widget state (so the
sliders show their first figure), are what a reader sees.  Both open from disk
with no network: every script, style sheet and font is copied beside them
(``tools/web_assets.py``: reveal.js, MathJax 3, the widget manager, at pinned
versions), and the "Open in Colab" badge is a local image (its link still
leads to Colab).

Both aim at WCAG 2.1 AA (``tests/test_accessibility.py`` audits them with
axe-core): each figure's alt text is its description (``tools/describe.py``),
each formula carries MathML for screen readers, colours meet the contrast
minimums, and the sliders are named after their labels (``site/_static/a11y.js``).

**Slides** (``OUT/NN_name.slides.html``, assets in ``OUT/assets/``): one deck
per lecture on a 1280x720 stage, following each cell's slideshow metadata.
A cell tagged ``hide-input`` shows its output (the figure) without its code;
check and solution cells are skipped by their slideshow metadata.
``python -m tools.slide_heights`` lists every slide's height, to find those
that overflow the stage.

**Site** (``OUT/index.html``): a Sphinx site built with MyST-NB and the
sphinx-book-theme: an index with each lecture's goals, one page per lecture
with navigation between them, rendered math, and search that works from
disk.  Code tagged ``hide-input`` and worked solutions are collapsed ("show
code"), check cells show their sentence without their code, Think answers are
collapsed, speaker notes are left out, the Colab set-up cell is left out, and the index links each
lecture's student-edition notebook as a download.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from traitlets.config import Config

from lecturekit.launch import COLAB_BADGE_SVG, COLAB_CELL_MARKER
from tools import student, web_assets

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
SITE_CONF = HERE / "site"
#: Names the saved sliders after their labels, for screen readers: in each deck (inline) and on the site.
A11Y_JS = SITE_CONF / "_static" / "a11y.js"

#: The stage every slide must fit, in CSS pixels (reveal.js scales it to the screen).
STAGE_WIDTH, STAGE_HEIGHT = 1280, 720
ASSETS = "assets"
SERIES = "Neural networks and deep learning"


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def title_of(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "untitled"


def goals_of(nb) -> str:
    """The "What you will learn" list of a lecture, as the markdown it is written in."""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or "What you will learn" not in cell.source:
            continue
        lines = cell.source.split("What you will learn", 1)[1].splitlines()[1:]
        goals = []
        for line in lines:
            if line.startswith(("- ", "* ")) or (goals and line.startswith((" ", "\t")) and line.strip()):
                goals.append(line)
            elif goals:
                break
        return "\n".join(goals)
    return ""


def local_badge(nb, badge: str) -> None:
    """Point the "Open in Colab" badge's image at ``badge``, a file beside the page (the link stays)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and COLAB_BADGE_SVG in cell.source:
            cell.source = cell.source.replace(COLAB_BADGE_SVG, badge)


# -- slides ------------------------------------------------------------------------------------------------------


def slides_exporter() -> SlidesExporter:
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {"hide-input"}
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    return SlidesExporter(
        config=config,
        template_name="lecture_slides",
        extra_template_basedirs=[str(TEMPLATES)],
        reveal_url_prefix=f"{ASSETS}/{web_assets.REVEAL}",
        reveal_theme="white",
        reveal_transition="none",
        reveal_width=str(STAGE_WIDTH),
        reveal_height=str(STAGE_HEIGHT),
    )


#: the fields of a speaker-notes cell after the first, each a paragraph of its own in the speaker view
NOTES_FIELD = re.compile(r"\n(?=\*\*(?:Ask|Expect|Time):\*\*)")


def speaker_notes(nb) -> None:
    """Give each field of the speaker notes (Say, Ask, Expect, Time) a line of its own in the speaker view."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "notes" in tags(cell):
            cell.source = NOTES_FIELD.sub("\n\n", cell.source)


def build_slides(out: Path, notebooks=None) -> list[Path]:
    """One deck per lecture in ``out``, with the assets they load in ``out/assets``."""
    notebooks = NOTEBOOKS if notebooks is None else list(notebooks)
    out.mkdir(parents=True, exist_ok=True)
    web_assets.install(out / ASSETS)
    exporter = slides_exporter()
    a11y_js = A11Y_JS.read_text()
    decks = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        local_badge(nb, f"{ASSETS}/{web_assets.COLAB_BADGE}")
        speaker_notes(nb)
        body, _ = exporter.from_notebook_node(
            nb, resources={"metadata": {"name": title_of(nb)}, "lecture_assets": ASSETS, "lecture_a11y_js": a11y_js}
        )
        deck = out / f"{path.stem}.slides.html"
        deck.write_text(body)
        decks.append(deck)
    return decks


# -- site --------------------------------------------------------------------------------------------------------


def site_version(nb) -> nbformat.NotebookNode:
    """The lecture as the site shows it: solutions and set-up code collapsed, checks as their sentence."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a copy
    local_badge(nb, web_assets.COLAB_BADGE)
    for cell in nb.cells:
        t = tags(cell)
        if cell.cell_type == "code" and cell.source.startswith(COLAB_CELL_MARKER):
            t.append("remove-cell")  # a reader of the site is not on Colab
        elif "notes" in t:
            t.append("remove-cell")  # the lecturer's speaker notes belong to the slides' speaker view
        elif "check" in t:
            t.append("remove-input")  # test scaffolding: only the sentence it prints
        elif "solution" in t and "hide-input" not in t:
            t.append("hide-input")  # "show code", as collapsed in JupyterLab
        if "answer" in t and cell.cell_type == "markdown":
            fence = ":" * max(4, 1 + max((len(m) for m in re.findall(r"^:{3,}", cell.source, re.M)), default=0))
            cell.source = f"{fence}{{dropdown}} Answer\n{cell.source}\n{fence}"
        if t:
            cell.metadata["tags"] = t
    return nb


def index_page(notebooks, student_folder: str) -> str:
    parts = [
        f"# {SERIES}\n",
        "A lecture series from a single artificial neuron to a U-Net that segments nerves in ultrasound images. "
        "Each lecture is a Jupyter notebook; these pages show it with the outputs of its last run, and the sliders "
        "with their first figure. To move the sliders and do the exercises, run the notebook: in Jupyter, on "
        "Binder or on Colab (the badge at the top of each lecture). The student notebooks below have the exercises "
        "without their worked solutions.\n",
    ]
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        parts.append(f"## [{title_of(nb)}]({path.name})\n")
        goals = goals_of(nb)
        if goals:
            parts.append(f"**What you will learn**\n\n{goals}\n")
        parts.append(f"{{download}}`Student notebook <{student_folder}/{path.name}>` (exercises without solutions)\n")
    names = "\n".join(path.stem for path in notebooks)
    parts.append(f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{names}\n```\n")
    return "\n".join(parts)


def build_site(out: Path, notebooks=None) -> list[Path]:
    """The static site in ``out``: ``index.html`` and one page per lecture."""
    notebooks = NOTEBOOKS if notebooks is None else list(notebooks)
    with tempfile.TemporaryDirectory(prefix="lecture-site-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        shutil.copy(SITE_CONF / "conf.py", src / "conf.py")
        shutil.copytree(SITE_CONF / "_static", src / "_static")
        npm = src / "_static" / "npm"  # conf.py loads MathJax and the widget manager from here
        web_assets.install(npm)
        shutil.rmtree(npm / web_assets.REVEAL)  # the site has no slides
        shutil.move(npm / web_assets.COLAB_BADGE, src / web_assets.COLAB_BADGE)
        for path in notebooks:
            nbformat.write(site_version(nbformat.read(path, as_version=4)), src / path.name)
        student.build(src / "student", notebooks)
        (src / "index.md").write_text(index_page(notebooks, "student"))
        if out.exists():
            shutil.rmtree(out)
        env = dict(os.environ, PYTHONHASHSEED="0")
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
             "-d", str(Path(tmp) / "doctrees"), str(src), str(out)],
            capture_output=True, text=True, env=env,
        )
        if result.returncode:
            raise RuntimeError(f"the site did not build (sphinx exit {result.returncode}):\n{result.stderr[-5000:]}")
    shutil.rmtree(out / ".doctrees", ignore_errors=True)
    (out / ".buildinfo").unlink(missing_ok=True)
    for source_map in out.rglob("*.map"):  # the theme's debugging aids, a fifth of the site's size
        source_map.unlink()
    return [out / "index.html", *(out / f"{path.stem}.html" for path in notebooks)]


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
