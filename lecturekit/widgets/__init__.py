"""Slider widgets for live lectures, one module per lecture idea.

All of them follow :class:`LiveFigure` (``base.py``): the figure is built once
and a slider event only moves the data of its artists.
"""
from .base import LiveFigure
from .neuron import NeuronExplorer

__all__ = ["LiveFigure", "NeuronExplorer"]
