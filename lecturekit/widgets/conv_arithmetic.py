"""Notebook 07's widget: convolution arithmetic (after Dumoulin & Visin, 2016).

Kernel size, stride, padding and dilation decide how many outputs a
convolution has and which inputs each of them sees.  The widget draws the
(zero-padded) input and the output side by side; the chosen output cell and
the input cells it reads are highlighted, and the title gives the formula
with the numbers filled in:

.. math:: o = \\left\\lfloor \\frac{i + 2p - d(k - 1) - 1}{s} \\right\\rfloor + 1
"""
from __future__ import annotations

import numpy as np

from .. import validate
from ..convolution import output_size
from ..style import PALETTE
from .base import LiveFigure

#: Cell categories of the input drawing (values of :meth:`ConvArithmetic.layout`).
PAD, INPUT, SEEN_INPUT, SEEN_PAD, EMPTY = 0, 1, 2, 3, 4
#: Cell categories of the output drawing.
OUTPUT, CHOSEN, NO_OUTPUT = 0, 1, 2


def _tint(name: str, amount: float) -> tuple[float, float, float]:
    """The palette colour ``name`` mixed with white: ``amount`` 1 is the colour itself, 0 is white (RGB, 0 to 1)."""
    rgb = np.array([int(PALETTE[name][i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return tuple(float(c) for c in amount * rgb + (1 - amount))


#: Colours of the categories (Okabe-Ito palette and its tints): padding light grey, the image pale sky blue, the
#: cells the chosen output reads blue (image) or sky blue (padding); outputs pale green, the chosen one green.
_INPUT_COLORS = [_tint("black", 0.18), _tint("sky", 0.3), _tint("blue", 1.0), _tint("sky", 1.0), _tint("black", 0.0)]
_OUTPUT_COLORS = [_tint("green", 0.3), _tint("green", 1.0), _tint("black", 0.0)]
_GRID_COLOR = _tint("black", 0.65)


class ConvArithmetic(LiveFigure):
    """Input size, kernel, stride, padding, dilation -> output size and receptive fields.

    Parameters
    ----------
    size : int
        Input size ``i`` (a square image ``i x i``), 1 to 12.
    kernel : int
        Kernel size ``k``, 1 to 7.
    stride : int
        Stride ``s``, 1 to 4.
    padding : int
        Zeros added on each side, ``p``, 0 to 4.
    dilation : int
        Dilation ``d``, 1 to 3 (``d - 1`` holes between kernel taps).
    row, col : int
        The output cell to highlight (clamped to the output's size).
    """

    figsize = (9.4, 4.8)  # fits JupyterLab's output area, see activation.ActivationExplorer.figsize
    LIMITS = {"size": (1, 12), "kernel": (1, 7), "stride": (1, 4), "padding": (0, 4), "dilation": (1, 3)}
    MAX_GRID = LIMITS["size"][1] + 2 * LIMITS["padding"][1]  # largest padded input (and output)

    def __init__(self, size=5, kernel=3, stride=1, padding=0, dilation=1, row=0, col=0):
        super().__init__(size=size, kernel=kernel, stride=stride, padding=padding, dilation=dilation, row=row, col=col)

    # -- the arithmetic, as plain functions a test can call --------------
    @classmethod
    def check(cls, size, kernel, stride, padding, dilation):
        values = {"size": size, "kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation}
        for name, value in values.items():
            validate.int_in(value, name, *cls.LIMITS[name])

    @staticmethod
    def _check_cell(row, col):
        validate.non_negative_int(row, "row")
        validate.non_negative_int(col, "col")

    @classmethod
    def seen(cls, size, kernel, stride, padding, dilation, row, col):
        """Rows and columns (in padded coordinates) that output (row, col) reads.

        Returns two int arrays of length ``kernel``: the taps
        ``row * stride + u * dilation`` for u = 0..k-1, and the same for columns.
        """
        cls.check(size, kernel, stride, padding, dilation)
        cls._check_cell(row, col)
        taps = np.arange(kernel) * dilation
        return row * stride + taps, col * stride + taps

    @classmethod
    def layout(cls, size, kernel, stride, padding, dilation, row=0, col=0):
        """The two drawings as category arrays, and the output cell actually chosen.

        Returns
        -------
        inputs : int array (size + 2 padding, same)
            ``PAD``, ``INPUT``, ``SEEN_INPUT`` or ``SEEN_PAD`` per cell.
        outputs : int array (o, o)
            ``OUTPUT`` everywhere, ``CHOSEN`` at the chosen cell (empty if o = 0).
        (row, col) : the chosen output cell, clamped to the output.
        """
        cls.check(size, kernel, stride, padding, dilation)
        cls._check_cell(row, col)
        n = size + 2 * padding
        inputs = np.full((n, n), PAD)
        inputs[padding : padding + size, padding : padding + size] = INPUT
        o = output_size(size, kernel, stride, padding, dilation)
        outputs = np.full((o, o), OUTPUT)
        if o == 0:
            return inputs, outputs, (0, 0)
        row, col = int(np.clip(row, 0, o - 1)), int(np.clip(col, 0, o - 1))
        outputs[row, col] = CHOSEN
        rows, cols = cls.seen(size, kernel, stride, padding, dilation, row, col)
        patch = inputs[np.ix_(rows, cols)]
        inputs[np.ix_(rows, cols)] = np.where(patch == INPUT, SEEN_INPUT, SEEN_PAD)
        return inputs, outputs, (row, col)

    # -- LiveFigure ------------------------------------------------------
    def _build(self):
        from matplotlib.collections import LineCollection
        from matplotlib.colors import BoundaryNorm, ListedColormap
        from matplotlib.patches import Rectangle

        self.ax_in, self.ax_out = self.fig.subplots(1, 2)
        blank = np.zeros((1, 1))
        kw = dict(origin="upper", interpolation="nearest")
        self.input_image = self.ax_in.imshow(
            blank, cmap=ListedColormap(_INPUT_COLORS), norm=BoundaryNorm(np.arange(6) - 0.5, 5), **kw
        )
        self.output_image = self.ax_out.imshow(
            blank, cmap=ListedColormap(_OUTPUT_COLORS), norm=BoundaryNorm(np.arange(4) - 0.5, 3), **kw
        )
        self.input_grid = LineCollection([], colors=[_GRID_COLOR], linewidths=0.8)
        self.output_grid = LineCollection([], colors=[_GRID_COLOR], linewidths=0.8)
        self.ax_in.add_collection(self.input_grid)
        self.ax_out.add_collection(self.output_grid)
        self.image_border = Rectangle((0, 0), 1, 1, fill=False, edgecolor=PALETTE["black"], linewidth=2)
        self.ax_in.add_patch(self.image_border)
        self.message = self.ax_out.text(0.5, 0.5, "", ha="center", va="center", transform=self.ax_out.transAxes)
        for ax in (self.ax_in, self.ax_out):
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_aspect("equal")
            for spine in ax.spines.values():
                spine.set_visible(False)
        # Created once; update() changes their text only when a size changes
        # (then the figure's static part is redrawn).
        self.in_title = self.ax_in.set_title(" ", y=1.0, fontsize=12)  # fixed positions: no layout pass per redraw
        self.out_title = self.ax_out.set_title(" ", y=1.0, fontsize=12)
        self.formula = self.fig.suptitle(" ", fontsize=13)
        self.fig.subplots_adjust(left=0.02, right=0.98, bottom=0.03, top=0.78, wspace=0.08)
        # The cells, the image's border, the grid lines, the message over them and
        # the output's title (it names the chosen cell) are redrawn on every update,
        # in the order matplotlib draws them; the input's title and the formula
        # are kept as pixels.
        self._mark_moving(self.input_image, self.image_border, self.input_grid, self.output_image, self.output_grid,
                          self.message, self.out_title)

    def _controls(self):
        import ipywidgets as W

        style = {"description_width": "initial"}
        names = {
            "size": "input size i",
            "kernel": "kernel k",
            "stride": "stride s",
            "padding": "padding p",
            "dilation": "dilation d",
        }
        controls = {
            name: W.IntSlider(value=self.values[name], min=lo, max=hi, description=names[name], style=style)
            for name, (lo, hi) in self.LIMITS.items()
        }
        for name in ("row", "col"):
            controls[name] = W.IntSlider(
                value=self.values[name], min=0, max=self.MAX_GRID - 1, description=f"output {name}", style=style
            )
        return controls

    @staticmethod
    def _grid_lines(n, offset=0.0):
        """Segments of an n x n grid of unit cells centred on integers (+ offset)."""
        edges = np.arange(n + 1) - 0.5 + offset
        lo, hi = edges[0], edges[-1]
        return [[(e, lo), (e, hi)] for e in edges] + [[(lo, e), (hi, e)] for e in edges]

    def update(self, size, kernel, stride, padding, dilation, row, col):
        """Redraw both grids for these values (only artist data changes)."""
        inputs, outputs, (r, c) = self.layout(size, kernel, stride, padding, dilation, row, col)
        n, o = len(inputs), len(outputs)
        self.chosen = (r, c)
        self.output_shape = outputs.shape
        self.input_image.set_data(inputs)
        self.input_image.set_extent((-0.5, n - 0.5, n - 0.5, -0.5))
        self.input_grid.set_segments(self._grid_lines(n))
        self.image_border.set_bounds(padding - 0.5, padding - 0.5, size, size)
        # An empty output still needs a 2-D array for imshow: one blank cell.
        # The output is centred on a canvas as large as the padded input, so
        # both sides share one scale: an input cell and an output cell look alike.
        shift = (n - o) / 2
        self.output_image.set_data(outputs if o else np.full((1, 1), NO_OUTPUT))
        self.output_image.set_extent((shift - 0.5, shift + max(o, 1) - 0.5, shift + max(o, 1) - 0.5, shift - 0.5))
        self.output_grid.set_segments(self._grid_lines(o, shift))
        for ax in (self.ax_in, self.ax_out):
            self._set_limits(ax, xlim=(-0.6, n - 0.4), ylim=(n - 0.4, -0.6))
        # set_text leaves an unchanged text (and the figure's static part) alone
        self.message.set_text("" if o else "the kernel does not fit:\nno output")
        span = dilation * (kernel - 1) + 1
        self.in_title.set_text(f"input {size}x{size}, padded to {n}x{n}\nkernel {kernel}x{kernel} spans {span}x{span}")
        where = f", cell ({r}, {c}) highlighted" if o else ""
        self.out_title.set_text(f"output {o}x{o}{where}")
        raw = (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
        result = f"{raw}" if raw > 0 else f"{raw} ≤ 0".replace("-", "−")
        # plain text (unicode), not mathtext: it is laid out again on every change
        self.formula.set_text(
            "o = ⌊(i + 2p − d(k−1) − 1) / s⌋ + 1 = "
            f"⌊({size} + {2 * padding} − {dilation * (kernel - 1)} − 1) / {stride}⌋ + 1 = {result}"
        )
