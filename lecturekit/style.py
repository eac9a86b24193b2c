"""One figure style for the lectures: text a room can read when projected.

Every notebook's set-up cell calls :func:`use` once.  Figures are shown at
``figure.dpi`` pixels per inch, so text of ``MIN_FONT_SIZE`` points is at least
about 15 pixels high on the page, on a slide and in the static site.
"""
from __future__ import annotations

#: the smallest font size (points) any lecture figure uses
MIN_FONT_SIZE = 11

RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "figure.titlesize": 14,
    "axes.grid": False,
    "lines.linewidth": 2.0,
}


def use() -> None:
    """Apply the lecture style to matplotlib (imported here, on first use)."""
    import matplotlib as mpl

    mpl.rcParams.update(RC)
