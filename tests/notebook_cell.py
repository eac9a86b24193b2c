"""A widget displayed as in a notebook, without one: what the cell shows, and each frame its picture gets."""
import time
from unittest import mock


class Cell:
    """The output area of a notebook cell that displayed a widget.

    ``displayed`` holds what was passed to IPython's ``display`` (the controls,
    then the picture); the cell is also the display handle of the picture,
    recording each update (a new picture, or the canvas that replaces it) and
    its time, as IPython's ``DisplayHandle`` receives them.
    """

    def __init__(self):
        self.displayed = []
        self.updates, self.times = [], []

    def update(self, obj, raw=False):
        self.updates.append(obj)
        self.times.append(time.monotonic())


def show(widget) -> Cell:
    """Display ``widget`` as IPython does in a live notebook (through ``_ipython_display_``); its cell."""
    cell = Cell()

    def display(obj, raw=False, display_id=False):
        cell.displayed.append(obj)
        return cell if display_id else None

    with mock.patch("IPython.display.display", display):
        widget._ipython_display_()
    return cell
