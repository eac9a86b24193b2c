"""Slider widgets for live lectures, one module per lecture idea.

All of them follow :class:`LiveFigure` (``base.py``): the figure is built once
and a slider event only moves the data of its artists.
"""
from .activation import ActivationExplorer
from .base import LiveFigure
from .conv_arithmetic import ConvArithmetic
from .descent import DescentExplorer
from .loss import LineFitExplorer, RegressionLossExplorer, SoftmaxLossExplorer
from .neuron import NeuronExplorer
from .universality import UniversalityExplorer

__all__ = [
    "ActivationExplorer",
    "ConvArithmetic",
    "DescentExplorer",
    "LineFitExplorer",
    "LiveFigure",
    "NeuronExplorer",
    "RegressionLossExplorer",
    "SoftmaxLossExplorer",
    "UniversalityExplorer",
]
