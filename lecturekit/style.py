"""One figure style for the lectures: text a room can read, colours everyone can tell apart.

Every notebook's set-up cell calls :func:`use` once.  Figures are shown at
``figure.dpi`` pixels per inch, so text of ``MIN_FONT_SIZE`` points is at least
about 17 pixels high on the page, on a slide and in the static site.

**Colour.**  Every plot takes its colours from :data:`PALETTE`, the eight
colours of Okabe and Ito's palette for colour-blind readers (Okabe & Ito,
*Color Universal Design*, 2002; recommended by Wong, *Nature Methods* 8, 441,
2011).  After :func:`use`, matplotlib's default cycle gives the n-th line of an
axes the n-th colour of :data:`CYCLE` *and* the n-th line style of
:data:`LINESTYLES`, so lines differ in more than colour; a plot that marks
classes by colour gives them different markers or labels as well.  Images use
``viridis`` (perceptually uniform, readable in grey) unless they are about
signed values, which use :data:`DIVERGING`.
"""
from __future__ import annotations

#: the smallest font size (points) any lecture figure uses
MIN_FONT_SIZE = 12

#: Okabe & Ito's colour-blind-safe palette, by name
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "black": "#000000",
    "yellow": "#F0E442",
}

#: the order in which the lines of one axes take their colours (yellow, too light on white, is left out)
CYCLE = [PALETTE[name] for name in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]

#: the line style that goes with each colour of :data:`CYCLE`
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (8, 3))]

#: the colour map for signed values (weights, gradients, errors): blue below 0, vermillion above
DIVERGING = "RdBu_r"

#: the colour map for everything else
SEQUENTIAL = "viridis"

RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "legend.title_fontsize": 12,
    "figure.titlesize": 15,
    "axes.grid": False,
    "lines.linewidth": 2.0,
    "image.cmap": SEQUENTIAL,
}


def cycler():
    """Matplotlib's property cycle of :data:`CYCLE` colours paired with :data:`LINESTYLES`."""
    from cycler import cycler as make

    return make(color=CYCLE) + make(linestyle=LINESTYLES)


def use() -> None:
    """Apply the lecture style to matplotlib (imported here, on first use)."""
    import matplotlib as mpl

    mpl.rcParams.update(RC)
    mpl.rcParams["axes.prop_cycle"] = cycler()
