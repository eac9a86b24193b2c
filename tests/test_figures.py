"""Figures everyone can read: each described in words, in colours a colour-blind reader can tell apart.

* every figure a lecture shows (widget figures too) carries a description
  (alt text) in its output's metadata, from its cell's ``alt`` metadata
  (``tools/describe.py``): the slides, the site and JupyterLab's export read it;
* plots take their colours from ``lecturekit.style`` (the Okabe-Ito palette,
  each colour with its own line style): no colour literal with a hue in a
  notebook's code or in lecturekit's plotting code, no red-green colour map.

Each rule is tested on small synthetic sources, so each can fail, then applied
to every lecture and every module.
"""
from __future__ import annotations

import ast
import base64
import re
import struct
from pathlib import Path

import nbformat
import pytest
from matplotlib.colors import is_color_like, to_rgb

from lecturekit import style
from tools import describe

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MODULES = sorted(p for p in (ROOT / "lecturekit").rglob("*.py") if p.name != "style.py")

#: keyword arguments whose value is a colour
COLOR_KEYWORDS = {"color", "c", "colors", "facecolor", "edgecolor", "fc", "ec", "markerfacecolor",
                  "markeredgecolor", "mfc", "mec", "fill_color", "line_color", "labelcolor"}
#: colour maps that put meaning in red against green, or in a rainbow no one reads in order
BAD_CMAPS = {"jet", "rainbow", "hsv", "gist_rainbow", "nipy_spectral", "Spectral", "Spectral_r", "RdYlGn",
             "RdYlGn_r", "PiYG", "PiYG_r", "PRGn", "PRGn_r", "brg", "gist_ncar", "tab10", "tab20", "Set1", "Paired"}
PLOT_FORMAT_COLOURS = set("rgbcmy")
#: a string that can only be a colour, wherever it is kept (a layer named "C1" is not one)
HEX_OR_TABLEAU = re.compile(r"^(#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?|(tab|xkcd):\w[\w ]*)$")


def has_hue(value: str) -> bool:
    """A colour that is not a grey (black, white and greys carry no hue a reader must tell apart)."""
    if not is_color_like(value) or value.lower() == "none":
        return False
    r, g, b = to_rgb(value)
    return max(r, g, b) - min(r, g, b) > 0.02


def strings(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [s for element in node.elts for s in strings(element)]
    return []


def colour_literals(source: str) -> list[str]:
    """Colours written into plotting code instead of taken from lecturekit.style."""
    found = []
    palette = {v.lower() for v in style.PALETTE.values()}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and HEX_OR_TABLEAU.match(node.value):
            if has_hue(node.value) and node.value.lower() not in palette:
                found.append(repr(node.value))  # a colour kept in a variable is still a colour
            continue
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg in COLOR_KEYWORDS:
                found += [f"{keyword.arg}={s!r}" for s in strings(keyword.value)
                          if has_hue(s) and s.lower() not in palette and not HEX_OR_TABLEAU.match(s)]
            if keyword.arg == "cmap":
                found += [f"cmap={s!r}" for s in strings(keyword.value) if s in BAD_CMAPS]
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ("plot", "semilogy", "semilogx", "loglog"):  # a format string such as "r--" or "go"
            for arg in node.args:
                for s in strings(arg):
                    if s and len(s) <= 4 and s[0] in PLOT_FORMAT_COLOURS and set(s[1:]) <= set("-.:o^sv*+xd"):
                        found.append(f"format {s!r}")
    return found


def code_of(nb) -> list[tuple[int, str]]:
    from IPython.core.inputtransformer2 import TransformerManager

    return [(i, TransformerManager().transform_cell(c.source)) for i, c in enumerate(nb.cells)
            if c.cell_type == "code"]


# -- the rules on synthetic sources -----------------------------------------------------------------------------


@pytest.mark.parametrize("source, found", [
    ("ax.plot(x, y, color='tab:red')", ["'tab:red'"]),
    ("ax.scatter(x, y, c=['red', 'k'])", ["c='red'"]),
    ("ax.plot(x, y, 'r--')", ["format 'r--'"]),
    ("ax.imshow(z, cmap='jet')", ["cmap='jet'"]),
    ("ax.bar(x, y, color='#1f77b4')", ["'#1f77b4'"]),
    ("ax.plot(x, y, color=style.PALETTE['blue'])", []),
    ("ax.plot(x, y, color='black', ls='--')", []),
    ("ax.plot(x, y, color='0.5')", []),
    ("ax.plot(x, y, color='#0072B2')", []),
    ("ax.imshow(z, cmap='gray_r')", []),
    ("ax.plot(x, y, 'k:')", []),
    ("ax.plot(x, y, label='b')", []),
    ("EDGE = '#d62728'", ["'#d62728'"]),
    ("ax.plot(x, y, color='C1')", ["color='C1'"]),
    ("LAYERS = ['C1', 'S2', 'C3']", []),
    ("BLUE = '#0072b2'", []),
])
def test_colour_literals_are_found(source, found):
    assert colour_literals(source) == found


def figure_cell(alt=None, stored=None):
    cell = nbformat.v4.new_code_cell("plt.show()")
    output = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})
    if stored is not None:
        output.metadata = {"image/png": {"alt": stored}}
    cell.outputs = [output]
    if alt is not None:
        cell.metadata["alt"] = alt
    return cell


DESCRIPTION = "A line plot of the cost against the step: it falls, then levels off."


def test_a_described_figure_passes_and_apply_stores_the_description():
    nb = nbformat.v4.new_notebook(cells=[figure_cell([DESCRIPTION])])
    assert "does not carry its description" in describe.problems(nb)[0]
    assert describe.apply(nb) == 1
    assert describe.problems(nb) == []
    assert nb.cells[0].outputs[0].metadata["image/png"]["alt"] == DESCRIPTION


@pytest.mark.parametrize("alt, expected", [
    (None, "shows 1 figure(s) but has 0 description(s)"),
    ([DESCRIPTION, DESCRIPTION], "shows 1 figure(s) but has 2 description(s)"),
    (["figure.png"], "is not a sentence of at least 6 words"),
])
def test_a_figure_without_a_description_of_its_own_is_found(alt, expected):
    nb = nbformat.v4.new_notebook(cells=[figure_cell(alt)])
    describe.apply(nb)
    assert any(expected in p for p in describe.problems(nb)), describe.problems(nb)


def test_a_stale_stored_description_is_found():
    nb = nbformat.v4.new_notebook(cells=[figure_cell([DESCRIPTION], stored="An older text, of six words or more.")])
    assert "does not carry its description" in describe.problems(nb)[0]


def test_the_style_cycles_colour_and_line_style_together():
    import matplotlib as mpl

    with mpl.rc_context():
        style.use()
        cycle = list(mpl.rcParams["axes.prop_cycle"])
    assert [c["color"] for c in cycle] == style.CYCLE
    assert len({str(c["linestyle"]) for c in cycle}) == len(cycle), "each colour has a line style of its own"
    assert style.MIN_FONT_SIZE >= 12 and min(v for k, v in style.RC.items() if "size" in k) >= style.MIN_FONT_SIZE


# -- the lectures and the library -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_of_the_lecture_is_described(path):
    problems = describe.problems(nbformat.read(path, as_version=4), path.stem)
    assert not problems, "\n".join(problems)


#: the largest figure (pixels) a slide shows at its own size: the 1280 x 720 stage less its margins and a heading
SLIDE_FIGURE = (1240, 660)


def png_size(data: str) -> tuple[int, int]:
    png = base64.b64decode(data)
    return struct.unpack(">II", png[16:24])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_fits_a_slide_unscaled(path):
    """A figure larger than the slide is shrunk to fit, and its 12-pt text with it: none is."""
    nb = nbformat.read(path, as_version=4)
    too_large = [f"cell {i}: {png_size(output.data['image/png'])} pixels" for i, cell in enumerate(nb.cells)
                 if cell.cell_type == "code" for output, mime in describe.images(cell) if mime == "image/png"
                 and any(n > limit for n, limit in zip(png_size(output.data["image/png"]), SLIDE_FIGURE))]
    assert not too_large, f"{path.stem}: figures larger than {SLIDE_FIGURE} shrink on a slide:\n" + "\n".join(too_large)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_lecture_takes_its_colours_from_the_style(path):
    found = [f"cell {i}: {c}" for i, source in code_of(nbformat.read(path, as_version=4))
             for c in colour_literals(source)]
    assert not found, f"{path.stem}: colours not from lecturekit.style:\n" + "\n".join(found)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_library_takes_its_colours_from_the_style(path):
    found = colour_literals(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: colours not from lecturekit.style: {found}"
