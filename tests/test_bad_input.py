"""Bad input gets a clear error, across the whole public API.

Every public callable of lecturekit (found by walking the package, so a new
function cannot slip past) either has rows in :data:`TABLE` — calls with a
wrong shape, a wrong dtype, an empty array, NaN or infinity where the result
would be meaningless, a negative or zero size, an unknown name — or a
one-line reason in :data:`EXEMPT`.  Each row says which exception it must
raise (``ValueError`` or ``TypeError``) and a pattern its message must match:
the argument's name, what was expected and what was given.

Every row fails before any work is done: no model is built, nothing is
trained, nothing is downloaded, no file is written.
"""
from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

import lecturekit


# --------------------------------------------------------------------------
# The public API, discovered
# --------------------------------------------------------------------------
def public_api() -> dict:
    """``"module.name"`` (and ``"module.Class.method"``) -> the object, for every public callable.

    Public: defined in a public module of lecturekit (not imported into it),
    a name without a leading underscore, not an exception class.  For a class,
    its constructor is the class itself, and each public method, class method
    and static method defined in its body is listed as well.
    """
    api = {}
    for info in pkgutil.walk_packages(lecturekit.__path__, "lecturekit."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not callable(obj) or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            key = f"{module.__name__}.{name}"
            api[key] = obj
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and (
                        inspect.isfunction(member) or isinstance(member, (staticmethod, classmethod))
                    ):
                        api[f"{key}.{attr}"] = getattr(obj, attr)
    return api


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Bad:
    """One bad call: ``target(*args, **kwargs)`` must raise ``raises`` with a message matching ``match``."""

    raises: type
    match: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def label(self) -> str:
        """The expected message, unescaped and shortened, for the test id."""
        text = re.sub(r"\\(.)", r"\1", self.match)
        return text if len(text) <= 60 else text[:57] + "..."


def bad(raises, match, /, *args, **kwargs) -> Bad:
    return Bad(raises, match, args, kwargs)


STR = np.array([["a", "b"]])  # strings where numbers belong
COMPLEX = np.array([1.0 + 2.0j, 0.5j])
OBJECT = np.array([None, 1.0], dtype=object)
NAN, INF = float("nan"), float("inf")
TMP = Path(tempfile.gettempdir()) / "lecturekit-bad-input"  # never created: every row fails before writing


class FakeModel:
    """Stands in for a Keras model: the argument checks must fail before it is used."""

    def _used(self, *args, **kwargs):
        raise AssertionError("the model was used before the arguments were checked")

    compile = fit = predict = get_weights = set_weights = _used


class FakeAxes:
    """Stands in for a matplotlib Axes: the argument checks must fail before anything is drawn on it."""

    def _used(self, *args, **kwargs):
        raise AssertionError("the axes were drawn on before the arguments were checked")

    imshow = contour = contourf = set_title = axis = _used


# --------------------------------------------------------------------------
# activations (elementwise functions and their derivatives, softmax)
# --------------------------------------------------------------------------
def _elementwise(alpha=False):
    rows = [
        bad(TypeError, r"z must be a real number .*got str", "abc"),
        bad(TypeError, r"z must be a real number .*got ndarray of dtype complex128", COMPLEX),
        bad(TypeError, r"z must be a real number .*got ndarray of dtype object", OBJECT),
    ]
    if alpha:
        rows += [
            bad(TypeError, r"alpha must be a finite number, got str", 1.0, alpha="0.1"),
            bad(ValueError, r"alpha must be a finite number, got nan", 1.0, alpha=NAN),
            bad(ValueError, r"alpha must be a finite number, got inf", 1.0, alpha=INF),
        ]
    return rows


def _softmax_rows():
    return [
        bad(TypeError, r"z must be a real number .*got str", "abc"),
        bad(ValueError, r"z must have at least one dimension \(the classes\), got a scalar", 1.0),
        bad(ValueError, r"axis must be in \[-1, 0\] for z of shape \(3,\), got 1", np.zeros(3), axis=1),
        bad(TypeError, r"axis must be an int, got float", np.zeros(3), axis=0.0),
        bad(ValueError, r"z must hold at least one class along axis -1, got shape \(2, 0\)", np.zeros((2, 0))),
    ]


TABLE: dict[str, list[Bad]] = {}
_ACTIVATIONS = ["step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish"]
for _name in _ACTIVATIONS:
    for _suffix in ("", "_grad"):
        TABLE[f"lecturekit.activations.{_name}{_suffix}"] = _elementwise(alpha=_name in ("leaky_relu", "elu"))
TABLE["lecturekit.activations.softmax"] = _softmax_rows()
TABLE["lecturekit.activations.log_softmax"] = _softmax_rows()
TABLE["lecturekit.activations.softmax_jacobian"] = [
    bad(TypeError, r"z must be a real number .*got str", "abc"),
    bad(ValueError, r"z must have at least one dimension \(the classes\), got a scalar", 1.0),
    bad(ValueError, r"z must hold at least one class along axis -1, got shape \(0,\)", np.zeros(0)),
]
TABLE["lecturekit.activations.get"] = [
    bad(ValueError, r"unknown activation 'sigmod'; choose one of \[", "sigmod"),
    bad(TypeError, r"activation must be a name \(str\), got int; choose one of", 3),
]

# --------------------------------------------------------------------------
# losses
# --------------------------------------------------------------------------
_Y = np.array([0.0, 1.0, 1.0])
_A = np.array([0.2, 0.7, 0.9])


def _loss_rows(extra=()):
    return [
        bad(ValueError, r"y_true and y_pred must have the same shape, got \(3,\) and \(2,\)", _Y, _A[:2]),
        bad(TypeError, r"y_pred must hold real numbers, got dtype <U1", _Y[:2], STR[0]),
        bad(TypeError, r"y_true must hold real numbers, got dtype <U1", STR[0], _A[:2]),
        bad(TypeError, r"y_pred must hold real numbers, got dtype complex128", _Y[:2], COMPLEX),
        bad(ValueError, r"y_pred must have shape \(n,\) or \(n, k\) with n, k >= 1, got \(0,\)", np.zeros(0), np.zeros(0)),
        bad(ValueError, r"y_pred must have shape \(n,\) or \(n, k\) with n, k >= 1, got \(1, 2, 3\)",
            np.zeros((1, 2, 3)), np.zeros((1, 2, 3))),
        *extra,
    ]


_PROBABILITIES = [
    bad(ValueError, r"y_pred must hold probabilities in \[0, 1\] .*got values from 0.2 to 1.5", _Y, np.array([0.2, 0.7, 1.5])),
]
for _name in ["quadratic", "mae", "mse", "log_cosh", "cross_entropy_from_logits"]:
    TABLE[f"lecturekit.losses.{_name}"] = _loss_rows()
    TABLE[f"lecturekit.losses.{_name}_grad"] = _loss_rows()
for _name in ["huber", "huber_grad"]:
    TABLE[f"lecturekit.losses.{_name}"] = _loss_rows([
        bad(ValueError, r"delta must be a positive number, got 0", _Y, _A, delta=0),
        bad(ValueError, r"delta must be a positive number, got nan", _Y, _A, delta=NAN),
        bad(TypeError, r"delta must be a positive number, got str", _Y, _A, delta="1"),
    ])
for _name in ["hinge", "hinge_grad"]:
    TABLE[f"lecturekit.losses.{_name}"] = _loss_rows([
        bad(ValueError, r"margin must be a non-negative number, got -1", _Y, _A, margin=-1),
        bad(ValueError, r"y_true for the hinge loss must hold labels -1 and \+1 \(or 0 and 1\), got values \[0.0, 2.0\]",
            np.array([0.0, 2.0, 2.0]), _A),
    ])
for _name in ["binary_cross_entropy", "cross_entropy"]:
    TABLE[f"lecturekit.losses.{_name}"] = _loss_rows(_PROBABILITIES)
    TABLE[f"lecturekit.losses.{_name}_grad"] = _loss_rows(_PROBABILITIES)
TABLE["lecturekit.losses.pointwise"] = [
    bad(ValueError, r"y_true and y_pred must have the same shape, got \(3,\) and \(2,\)", "mse", _Y, _A[:2]),
    bad(TypeError, r"the mse loss takes the keyword arguments \[\], got \['delta'\]", "mse", _Y, _A, delta=1.0),
    bad(ValueError, r"delta must be a positive number, got -1", "huber", _Y, _A, delta=-1),
    bad(ValueError, r"pointwise is defined for the losses averaged over entries .*; choose one of \[.*'mse'.*\]", "cross_entropy", _Y, _A),
    bad(ValueError, r"unknown name 'mes'; choose one of \[.*'mse'.*\]", "mes", _Y, _A),
    bad(TypeError, r"name must be a name \(str\), got int; choose one of \[", 3, _Y, _A),
]
TABLE["lecturekit.losses.get"] = [
    bad(ValueError, r"unknown loss 'mes'; choose one of \[", "mes"),
    bad(ValueError, r"accuracy is a metric, not a loss", "accuracy"),
    bad(TypeError, r"loss must be a name \(str\), got int; choose one of", 3),
]

# --------------------------------------------------------------------------
# network
# --------------------------------------------------------------------------
_X2 = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_Y2 = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
_X2_NAN = np.array([[0.0, NAN], [1.0, 0.0], [1.0, 1.0]])


def _network():
    from lecturekit.network import Network

    return Network([2, 3, 2])


def _x_rows(*before, after=()):
    """Rows for a method whose argument ``X`` follows ``before`` (X, then ``after``)."""
    return [
        bad(ValueError, r"X must have shape \(n, 2\) \(one sample per row\), got \(3,\)", *before, np.zeros(3), *after),
        bad(ValueError, r"X must have shape \(n, 2\) \(one sample per row\), got \(3, 4\)", *before, np.zeros((3, 4)), *after),
        bad(TypeError, r"X must hold real numbers, got dtype <U1", *before, STR, *after),
        bad(TypeError, r"X must hold real numbers, got dtype complex128", *before, np.zeros((1, 2), complex), *after),
        bad(ValueError, r"X must hold finite numbers, got nan", *before, _X2_NAN, *after),
    ]


def _y_rows():
    return [
        bad(ValueError, r"Y must have shape \(3, 2\) \(one-hot\) or \(3,\) \(integer labels\), got \(3, 3\)", _X2, np.eye(3)),
        bad(TypeError, r"Y given as labels \(shape \(3,\)\) must hold integers, got dtype float64", _X2, np.array([0.0, 1.0, 1.0])),
        bad(ValueError, r"Y labels must lie in 0\.\.1 for 2 outputs, got 0\.\.5", _X2, np.array([0, 1, 5])),
        bad(TypeError, r"Y must hold real numbers, got dtype <U1", _X2, np.full((3, 2), "a")),
        bad(ValueError, r"Y must hold finite numbers, got nan", _X2, np.array([[NAN, 1.0]] * 3)),
    ]


TABLE["lecturekit.network.Network"] = [
    bad(ValueError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[784, 30, 10\], got \[3\]", [3]),
    bad(ValueError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[784, 30, 10\], got \[2, -1\]", [2, -1]),
    bad(ValueError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[784, 30, 10\], got \[2, 0\]", [2, 0]),
    bad(ValueError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[784, 30, 10\], got \[2, 2.5\]", [2, 2.5]),
    bad(TypeError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[784, 30, 10\], got 'ab'", "ab"),
    bad(TypeError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[784, 30, 10\], got 5", 5),
    bad(ValueError, r"unknown activation 'sigmod'; choose one of", [2, 2], activation="sigmod"),
    bad(ValueError, r"unknown loss 'mes'; choose one of", [2, 2], loss="mes"),
    bad(ValueError, r"unknown init 'zeros'; choose one of", [2, 2], init="zeros"),
    bad(TypeError, r"dtype must be float32 or float64, got int32", [2, 2], dtype=np.int32),
    bad(ValueError, r"unknown output 'sofmax'; choose one of \['softmax', 'elu', ", [2, 2], output="sofmax"),
    bad(TypeError, r"output must be a name \(str\), got int; choose one of \['softmax', ", [2, 2], output=3),
    bad(TypeError, r"dtype must be float32 or float64, got 'half precision'", [2, 2], dtype="half precision"),
    bad(ValueError, r"seed must be a non-negative int, got -1", [2, 2], seed=-1),
    bad(ValueError, r"seed must be a non-negative int, got '0'", [2, 2], seed="0"),
]
TABLE["lecturekit.network.Network.forward"] = _x_rows()
TABLE["lecturekit.network.Network.predict_labels"] = _x_rows()
TABLE["lecturekit.network.Network.predict"] = _x_rows() + [
    bad(ValueError, r"batch_size must be a positive int, got 0", _X2, batch_size=0),
    bad(ValueError, r"batch_size must be a positive int, got -1", _X2, batch_size=-1),
]
TABLE["lecturekit.network.Network.accuracy"] = _x_rows(after=(_Y2,)) + _y_rows()
TABLE["lecturekit.network.Network.cost"] = _x_rows(after=(_Y2,)) + _y_rows() + [
    bad(ValueError, r"l2 must be a non-negative number, got -1", _X2, _Y2, l2=-1),
    bad(ValueError, r"l1 must be a non-negative number, got nan", _X2, _Y2, l1=NAN),
    bad(ValueError, r"n_train must be a positive int, got 0", _X2, _Y2, l2=0.1, n_train=0),
]
TABLE["lecturekit.network.Network.backprop"] = _x_rows(after=(_Y2,)) + _y_rows() + [
    bad(ValueError, r"dropout must be a number in \[0, 1\), got 1", _X2, _Y2, dropout=1),
    bad(TypeError, r"dropout must be a number in \[0, 1\), got str", _X2, _Y2, dropout="0.5"),
]
_FIT = (3, 2, 0.1)  # epochs, batch_size, lr
TABLE["lecturekit.network.Network.fit"] = _x_rows(after=(_Y2, *_FIT)) + [
    bad(ValueError, r"X must hold at least one sample, got 0 rows", np.zeros((0, 2)), np.zeros((0, 2)), *_FIT),
    bad(ValueError, r"Y must have shape \(3, 2\) \(one-hot\) or \(3,\) \(integer labels\), got \(2, 2\)", _X2, _Y2[:2], *_FIT),
    bad(ValueError, r"epochs must be a positive int, got 0", _X2, _Y2, 0, 2, 0.1),
    bad(ValueError, r"epochs must be a positive int, got 2.5", _X2, _Y2, 2.5, 2, 0.1),
    bad(ValueError, r"batch_size must be a positive int, got -1", _X2, _Y2, 3, -1, 0.1),
    bad(ValueError, r"lr must be a positive number, got 0", _X2, _Y2, 3, 2, 0),
    bad(ValueError, r"lr must be a positive number, got nan", _X2, _Y2, 3, 2, NAN),
    bad(ValueError, r"lr must be a positive number, got inf", _X2, _Y2, 3, 2, INF),
    bad(TypeError, r"lr must be a positive number, got str", _X2, _Y2, 3, 2, "0.1"),
    bad(ValueError, r"unknown optimizer 'adagrad'; choose one of", _X2, _Y2, *_FIT, optimizer="adagrad"),
    bad(TypeError, r"optimizer must be a name \(str\), got int", _X2, _Y2, *_FIT, optimizer=1),
    bad(ValueError, r"momentum must be a number in \[0, 1\), got 1", _X2, _Y2, *_FIT, optimizer="momentum", momentum=1),
    bad(ValueError, r"momentum must be a number in \[0, 1\), got -0.5", _X2, _Y2, *_FIT, momentum=-0.5),
    bad(ValueError, r"betas must be a pair \(beta1, beta2\) in \[0, 1\), got \(0.9,\)", _X2, _Y2, *_FIT, optimizer="adam", betas=(0.9,)),
    bad(ValueError, r"eps must be a positive number, got 0", _X2, _Y2, *_FIT, optimizer="adam", eps=0),
    bad(ValueError, r"l2 must be a non-negative number, got -1", _X2, _Y2, *_FIT, l2=-1),
    bad(ValueError, r"dropout must be a number in \[0, 1\), got 1", _X2, _Y2, *_FIT, dropout=1),
    bad(ValueError, r"validation_data must be a pair \(X_val, Y_val\), got ndarray", _X2, _Y2, *_FIT, validation_data=_X2),
    bad(ValueError, r"X_val must have shape \(n, 2\) \(one sample per row\), got \(3,\)", _X2, _Y2, *_FIT,
        validation_data=(np.zeros(3), _Y2)),
    bad(TypeError, r"callback must be a function of \(epoch, logs\), called after each epoch, got int", _X2, _Y2, *_FIT, callback=3),
    bad(TypeError, r"progress must be a TrainingProgress .*got int", _X2, _Y2, *_FIT, progress=3),
]

# --------------------------------------------------------------------------
# seed, data
# --------------------------------------------------------------------------
TABLE["lecturekit.seed.set_seed"] = [
    bad(TypeError, r"seed must be an int, got str \('0'\)", "0"),
    bad(TypeError, r"seed must be an int, got float \(1.5\)", 1.5),
    bad(ValueError, r"seed must be in \[0, 2\*\*32\), got -1", -1),
    bad(TypeError, r"tensorflow must be True, False or None, got str \('yes'\)", 0, tensorflow="yes"),
]
_SHA = "0" * 64
TABLE["lecturekit.data.sha256sum"] = [
    bad(TypeError, r"path must be a file path \(str or os.PathLike\), got NoneType", None),
    bad(TypeError, r"path must be a file path \(str or os.PathLike\), got int", 3),
]
TABLE["lecturekit.data.download"] = [
    bad(TypeError, r"url must be an http\(s\) URL \(str\), got NoneType", None, TMP / "x.gz", _SHA),
    bad(ValueError, r"url must start with 'https://' or 'http://', got 'file:///etc/hosts'", "file:///etc/hosts", TMP / "x.gz", _SHA),
    bad(TypeError, r"dest must be a file path \(str or os.PathLike\), got NoneType", "https://example.org/x.gz", None, _SHA),
    bad(ValueError, r"sha256 must be a hex digest of 64 characters, got 'abc'", "https://example.org/x.gz", TMP / "x.gz", "abc"),
    bad(ValueError, r"timeout must be a positive number \(seconds\), got 0", "https://example.org/x.gz", TMP / "x.gz", _SHA, timeout=0),
    bad(ValueError, r"timeout must be a positive number \(seconds\), got nan", "https://example.org/x.gz", TMP / "x.gz", _SHA, timeout=NAN),
]
TABLE["lecturekit.data.read_idx"] = [
    bad(ValueError, r"ndim must be 1 \(labels\) or 3 \(images\), got 2", TMP / "x.gz", 2),
    bad(TypeError, r"path must be a file path \(str or os.PathLike\), got NoneType", None, 1),
]
TABLE["lecturekit.data.load_mnist"] = [
    bad(TypeError, r"data_dir must be a folder path \(str or os.PathLike\), got int", 3),
]
TABLE["lecturekit.data.draw"] = [
    bad(TypeError, r"y must be a 1-D array of integer class labels, got dtype float64", np.zeros((5, 2)), np.zeros(5), 2),
    bad(ValueError, r"x must have one row per label: got 4 rows for 5 labels", np.zeros((4, 2)), np.zeros(5, int), 2),
    bad(ValueError, r"give at least one size", np.zeros((5, 2)), np.zeros(5, int)),
    bad(ValueError, r"each of sizes must be a positive int, got 0", np.zeros((5, 2)), np.zeros(5, int), 0),
    bad(ValueError, r"each of sizes must be a positive int, got 2.5", np.zeros((5, 2)), np.zeros(5, int), 2.5),
    bad(ValueError, r"seed must be a non-negative int, got -1", np.zeros((5, 2)), np.zeros(5, int), 2, seed=-1),
]
TABLE["lecturekit.exercises.Feedback"] = [
    bad(ValueError, r"status must be one of \['correct', 'hint', 'unsolved'\], got 'wrong'", "wrong", "x"),
    bad(TypeError, r"message must be a str, got int", "hint", 3),
]
TABLE["lecturekit.exercises.correct"] = [bad(TypeError, r"message must be a str, got int", 3)]
TABLE["lecturekit.exercises.hint"] = [bad(TypeError, r"message must be a str, got NoneType", None)]
TABLE["lecturekit.exercises.unsolved"] = [bad(TypeError, r"what must be a str naming what to fill in, got int", 3)]
TABLE["lecturekit.data.to_vectors"] = [
    bad(ValueError, r"x must have shape \(n, height, width\) or \(n, features\), got shape \(5,\)", np.zeros(5)),
    bad(TypeError, r"x must hold real numbers \(pixels or features\), got dtype <U1", STR),
    bad(ValueError, r"y must have shape \(3,\) to match x, got \(2,\)", np.zeros((3, 4)), np.zeros(2, int)),
    bad(TypeError, r"y must hold integer class labels, got dtype float64", np.zeros((2, 4)), np.array([0.0, 1.0])),
    bad(ValueError, r"y must hold labels in 0\.\.9, got values 0\.\.10", np.zeros((2, 4)), np.array([0, 10])),
    bad(ValueError, r"y must hold labels in 0\.\.9, got values -1\.\.3", np.zeros((2, 4)), np.array([-1, 3])),
    bad(ValueError, r"num_classes must be a positive int, got 0", np.zeros((2, 4)), np.array([0, 0]), num_classes=0),
    bad(ValueError, r"num_classes must be a positive int, got '10'", np.zeros((2, 4)), np.array([0, 0]), num_classes="10"),
]

# --------------------------------------------------------------------------
# neuron, diagram
# --------------------------------------------------------------------------
_W = np.array([1.0, -1.0])


def _neuron_rows():
    return [
        bad(ValueError, r"x must have shape \(2,\) or \(n_samples, 2\) to match w, got shape \(3,\)", np.zeros(3), _W, 0.0),
        bad(ValueError, r"w must be a 1-D weight vector of shape \(n_inputs,\), got shape \(1, 2\)", np.zeros(2), _W[None], 0.0),
        bad(ValueError, r"w must hold at least one weight, got shape \(0,\)", np.zeros(0), np.zeros(0), 0.0),
        bad(TypeError, r"x must hold real numbers, got dtype <U1", STR, _W, 0.0),
        bad(TypeError, r"w must hold real numbers, got dtype complex128", np.zeros(2), COMPLEX, 0.0),
        bad(TypeError, r"b must be a real number \(the bias\), got ndarray of shape \(2,\)", np.zeros(2), _W, np.zeros(2)),
        bad(TypeError, r"b must be a real number \(the bias\), got str", np.zeros(2), _W, "1"),
        bad(ValueError, r"b must be a finite number, got nan", np.zeros(2), _W, NAN),
        bad(ValueError, r"w must hold finite numbers, got inf", np.zeros(2), np.array([INF, 1.0]), 0.0),
        bad(ValueError, r"x must hold finite numbers, got nan", np.array([[0.0, 1.0], [NAN, 0.0]]), _W, 0.0),
    ]


def _bit_rows():
    return [
        bad(ValueError, r"x1 must hold bits \(0 or 1\), got 2", 2, 0),
        bad(ValueError, r"x2 must hold bits \(0 or 1\), got 0.5", 1, [0, 0.5]),
        bad(TypeError, r"x1 must hold bits \(0 or 1\), got dtype <U1", "1", 0),
        bad(ValueError, r"x1 and x2 must have the same shape \(or shapes that broadcast\), got \(2,\) and \(3,\)", [0, 1], [0, 1, 1]),
    ]


TABLE["lecturekit.neuron.perceptron"] = _neuron_rows()
TABLE["lecturekit.neuron.sigmoid_neuron"] = _neuron_rows()
TABLE["lecturekit.neuron.nand"] = _bit_rows()
TABLE["lecturekit.neuron.half_adder"] = _bit_rows()
TABLE["lecturekit.neuron.truth_table"] = [
    bad(TypeError, r"gate must be a function of n_inputs bits, got int", 3),
    bad(ValueError, r"n_inputs must be an int in 1\.\.20, got 0", lambda *bits: 0, 0),
    bad(ValueError, r"n_inputs must be an int in 1\.\.20, got -1", lambda *bits: 0, -1),
    bad(ValueError, r"n_inputs must be an int in 1\.\.20, got 2.0", lambda *bits: 0, 2.0),
]
_TT = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])  # truth_table's inputs for two bits
TABLE["lecturekit.neuron.truth_table_text"] = [
    bad(ValueError, r"inputs must have shape \(n_rows, n_inputs\) with n_rows, n_inputs >= 1, got shape \(2,\)", [0, 1], {"NOT": [1, 0]}),
    bad(ValueError, r"inputs must have shape \(n_rows, n_inputs\) with n_rows, n_inputs >= 1, got shape \(0, 2\)",
        np.zeros((0, 2), int), {"NAND": []}),
    bad(ValueError, r"inputs must hold bits \(0 or 1\), got 2", [[0, 2]], {"NAND": [1]}),
    bad(TypeError, r"inputs must hold bits \(0 or 1\), got dtype <U1", STR, {"NAND": [1]}),
    bad(TypeError, r"columns must be a dict of heading -> values, got list", _TT, [1, 1, 1, 0]),
    bad(ValueError, r"columns must hold at least one output column, got an empty dict", _TT, {}),
    bad(TypeError, r"columns must be keyed by headings \(str\), got the key 3", _TT, {3: [1, 1, 1, 0]}),
    bad(TypeError, r"column 'NAND' must be a sequence of values, one per row, got int", _TT, {"NAND": 1}),
    bad(ValueError, r"column 'NAND' has 3 values, expected one per row \(4\)", _TT, {"NAND": [1, 1, 1]}),
    bad(TypeError, r"column 'NAND' must hold numbers or strings, got NoneType \(None\)", _TT, {"NAND": [1, 1, 1, None]}),
]
TABLE["lecturekit.diagram.draw_neuron"] = [
    bad(ValueError, r"weights must name at least one input edge, got an empty sequence", []),
    bad(TypeError, r"weights must be a sequence of numbers or labels, got int", 3),
    bad(ValueError, r"inputs has 1 labels but weights has 2; give one per input", [1, 2], inputs=["a"]),
]
TABLE["lecturekit.diagram.draw_network"] = [
    bad(ValueError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[2, 3, 1\], got \[3\]", [3]),
    bad(ValueError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[2, 3, 1\], got \[2, 0\]", [2, 0]),
    bad(ValueError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[2, 3, 1\], got \[2.5, 3\]", [2.5, 3]),
    bad(TypeError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[2, 3, 1\], got 'ab'", "ab"),
    bad(TypeError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[2, 3, 1\], got 3", 3),
    bad(ValueError, r"weights must hold 1 matrices for sizes \[2, 3\], got 0", [2, 3], weights=[]),
    bad(ValueError, r"weights\[0\] must have shape \(3, 2\) \(next layer, this layer\), got \(2, 3\)", [2, 3], weights=[np.zeros((2, 3))]),
    bad(ValueError, r"node_labels must have one label per node, layer sizes \[1, 1\], got \[1, 2\]", [1, 1], node_labels=[["a"], ["b", "c"]]),
    bad(ValueError, r"layer_names must hold one name per layer \(2\), got 3", [1, 1], layer_names=["in", "hidden", "out"]),
    bad(ValueError, r"biases must hold 2 vectors \(one per layer after the input\) for sizes \[2, 2, 1\], got 1", [2, 2, 1], biases=[[0.0, 0.0]]),
    bad(ValueError, r"biases\[0\] must have shape \(2,\) \(one per node of layer 1\), got \(3,\)", [2, 2], biases=[[0.0, 0.0, 0.0]]),
]

# --------------------------------------------------------------------------
# launch, metrics, gradcheck
# --------------------------------------------------------------------------
def _notebook_rows():
    return [
        bad(TypeError, r"notebook must be a notebook file name such as '01_neuron.ipynb', got NoneType", None),
        bad(ValueError, r"notebook must be a notebook file name such as '01_neuron.ipynb', got '01_neuron.py'", "01_neuron.py"),
        bad(ValueError, r"notebook must be a notebook file name such as '01_neuron.ipynb', got ''", ""),
    ]


for _name in ["colab_url", "binder_url", "colab_badge", "binder_badge"]:
    TABLE[f"lecturekit.launch.{_name}"] = _notebook_rows()

_VERSIONS = r"colab_versions must be a dict of package name -> version string, such as \{'ipywidgets': '7.7.1'\}, got "
TABLE["lecturekit.launch.below_floor"] = [
    bad(TypeError, _VERSIONS + "list", ["ipywidgets", "7.7.1"]),
    bad(TypeError, _VERSIONS + r"\{'ipywidgets': 7.7\}", {"ipywidgets": 7.7}),
]
TABLE["lecturekit.launch.setup_colab"] = [
    bad(TypeError, _VERSIONS + "str", "ipywidgets 7.7.1"),
    bad(ValueError, r"seconds must be .*, got -1", {}, -1),
]

TABLE["lecturekit.metrics.predicted_classes"] = [
    bad(TypeError, r"y_pred must hold real numbers, got dtype <U1", STR),
    bad(ValueError, r"y_pred must have shape \(n, k\), \(n,\) or \(n, 1\), got \(1, 2, 3\)", np.zeros((1, 2, 3))),
    bad(ValueError, r"y_pred must have shape \(n, k\), \(n,\) or \(n, 1\), got \(\)", np.float64(0.3)),
    bad(TypeError, r"threshold must be a finite number .*, got str", np.zeros(3), threshold="0.5"),
    bad(ValueError, r"threshold must be a finite number \(e\.g\. 0\.5 for probabilities, 0 for raw scores\), got nan", np.zeros(3), threshold=NAN),
    bad(ValueError, r"y_pred must hold numbers \(no NaN\), got NaN in sample 1", np.array([[0.1, 0.9], [NAN, 0.2]])),
]
_P = np.array([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1]])
TABLE["lecturekit.metrics.accuracy"] = [
    bad(ValueError, r"y_pred must hold at least one sample, got shape \(0, 3\)", np.zeros(0, int), np.zeros((0, 3))),
    bad(ValueError, r"y_true must have shape \(2,\) labels or \(2, 3\) one-hot rows to match y_pred of shape \(2, 3\), got \(3,\)",
        np.zeros(3, int), _P),
    bad(ValueError, r"y_true must hold whole-number class labels, got 0.5", np.array([0.5, 1.0]), _P),
    bad(ValueError, r"y_true must hold whole-number class labels, got nan", np.array([NAN, 1.0]), _P),
    bad(ValueError, r"y_true must hold labels in 0\.\.2 for 3 classes, got values 0\.\.5", np.array([0, 5]), _P),
    bad(ValueError, r"y_true must hold binary labels 0/1 \(or -1/\+1\) for one score per sample, got \[0, 2\]",
        np.array([0, 2]), np.array([0.2, 0.8])),
    bad(TypeError, r"y_true must hold real numbers, got dtype <U1", STR[0], _P),
    bad(TypeError, r"y_pred must hold real numbers, got dtype complex128", np.zeros(2, int), COMPLEX),
    bad(ValueError, r"y_pred must hold numbers \(no NaN\), got NaN in sample 0", np.array([0, 1]), np.array([[NAN, 0.0, 0.0], [0.2, 0.7, 0.1]])),
    bad(ValueError, r"threshold must be a finite number .*, got inf", np.array([0, 1]), np.array([0.2, 0.8]), threshold=INF),
]


def _confusion_rows(name=None):
    rows = [
        bad(ValueError, r"y_pred must hold at least one sample, got shape \(0,\)", np.zeros(0, int), np.zeros(0)),
        bad(TypeError, r"y_true must hold class labels or one-hot rows \(real numbers\), got dtype <U1", STR[0], _P),
        bad(ValueError, r"y_true must have shape \(2,\) labels or \(2, 3\) one-hot rows to match y_pred of shape \(2, 3\), got \(3,\)",
            np.zeros(3, int), _P),
        bad(ValueError, r"y_true must hold binary labels 0/1 \(or -1/\+1\) for one score per sample, got \[0, 2\]",
            np.array([0, 2]), np.array([0.2, 0.8])),
        bad(ValueError, r"y_pred must have shape \(n, k\), \(n,\) or \(n, 1\), got \(1, 2, 3\)", np.zeros(1, int), np.zeros((1, 2, 3))),
    ]
    if name:
        rows.append(bad(ValueError, rf"{name} needs two classes \(0 = negative, 1 = positive\), got y_pred with 3 classes",
                        np.array([0, 1]), _P))
    return rows


TABLE["lecturekit.metrics.confusion_matrix"] = _confusion_rows()
TABLE["lecturekit.metrics.sensitivity"] = _confusion_rows("sensitivity") + [
    bad(ValueError, r"y_true must hold at least one positive sample \(class 1\)", np.array([0, 0]), np.array([0.2, 0.8])),
]
TABLE["lecturekit.metrics.specificity"] = _confusion_rows("specificity") + [
    bad(ValueError, r"y_true must hold at least one negative sample \(class 0\)", np.array([1, 1]), np.array([0.2, 0.8])),
]


def _net64():
    from lecturekit.network import Network

    return Network([2, 2], dtype=np.float64)


TABLE["lecturekit.gradcheck.relative_error"] = [
    bad(ValueError, r"a and b must have the same shape, got \(2,\) and \(3,\)", np.zeros(2), np.zeros(3)),
    bad(TypeError, r"a must hold real numbers, got dtype <U1", STR, np.zeros((1, 2))),
    bad(TypeError, r"b must hold real numbers, got dtype complex128", np.zeros(2), COMPLEX),
]
TABLE["lecturekit.gradcheck.numerical_gradient"] = [
    bad(TypeError, r"f must be a function of no arguments \(it reads x\), got int", 3, np.zeros(2)),
    bad(TypeError, r"x must be a float64 numpy array .*got ndarray of dtype float32", lambda: 0.0, np.zeros(2, np.float32)),
    bad(TypeError, r"x must be a float64 numpy array .*got list", lambda: 0.0, [0.0, 1.0]),
    bad(ValueError, r"eps must be a number in \(0, 1\) \(a small step such as 1e-6\), got 0", lambda: 0.0, np.zeros(2), eps=0),
    bad(ValueError, r"eps must be a number in \(0, 1\) \(a small step such as 1e-6\), got nan", lambda: 0.0, np.zeros(2), eps=NAN),
    bad(ValueError, r"eps must be a number in \(0, 1\) \(a small step such as 1e-6\), got -1e-06", lambda: 0.0, np.zeros(2), eps=-1e-6),
]
TABLE["lecturekit.gradcheck.check_function"] = [
    bad(TypeError, r"f must be a function of x, got int", 3, np.sin, np.zeros(2)),
    bad(TypeError, r"grad_f must be a function of x, got NoneType", np.sin, None, np.zeros(2)),
    bad(TypeError, r"x must hold real numbers, got dtype <U1", np.sum, np.ones_like, STR),
    bad(ValueError, r"grad_f\(x\) must have the shape of x, \(3,\), got \(2,\)", np.sum, lambda x: np.ones(2), np.zeros(3)),
    bad(ValueError, r"eps must be a number in \(0, 1\) \(a small step such as 1e-6\), got 2", np.sum, np.ones_like, np.zeros(3), eps=2),
]
TABLE["lecturekit.gradcheck.check_network"] = [
    bad(TypeError, r"net must be a Network with dtype=float64 for a gradient check, got dtype float32", _network(), _X2, _Y2),
    bad(TypeError, r"net must be a Network with dtype=float64 for a gradient check, got dtype None", None, _X2, _Y2),
    bad(ValueError, r"X must have shape \(n, 2\) \(one sample per row\), got \(3,\)", _net64(), np.zeros(3), _Y2),
    bad(ValueError, r"max_entries must be a positive int \(or None for all\), got 0", _net64(), _X2, _Y2, max_entries=0),
    bad(ValueError, r"max_entries must be a positive int \(or None for all\), got -1", _net64(), _X2, _Y2, max_entries=-1),
    bad(ValueError, r"tolerance must be a positive number, got 0", _net64(), _X2, _Y2, tolerance=0),
    bad(ValueError, r"tolerance must be a positive number, got nan", _net64(), _X2, _Y2, tolerance=NAN),
    bad(ValueError, r"l2 must be a non-negative number, got -1", _net64(), _X2, _Y2, l2=-1),
    bad(ValueError, r"l1 must be a non-negative number, got nan", _net64(), _X2, _Y2, l1=NAN),
    bad(ValueError, r"eps must be a number in \(0, 1\) \(a small step such as 1e-6\), got 0", _net64(), _X2, _Y2, eps=0),
]

# --------------------------------------------------------------------------
# convolution
# --------------------------------------------------------------------------
_IMG = np.arange(25.0).reshape(5, 5)
_K = np.ones((3, 3))
_PAD = r"padding must be one of \('valid', 'same'\), got 'full'"

TABLE["lecturekit.convolution.output_size"] = [
    bad(ValueError, r"n must be a positive int, got 0", 0, 3),
    bad(ValueError, r"n must be a positive int, got '5'", "5", 3),
    bad(ValueError, r"kernel must be a positive int, got -1", 5, -1),
    bad(ValueError, r"stride must be a positive int, got 0", 5, 3, 0),
    bad(ValueError, r"dilation must be a positive int, got 2.5", 5, 3, dilation=2.5),
    bad(ValueError, r"padding must be a non-negative int or one of \('valid', 'same'\), got -1", 5, 3, padding=-1),
    bad(ValueError, _PAD, 5, 3, padding="full"),
]
TABLE["lecturekit.convolution.pad_amounts"] = [
    bad(ValueError, _PAD, 5, 3, padding="full"),
    bad(ValueError, r"n must be a positive int, got -3", -3, 3, padding="same"),
    bad(ValueError, r"kernel must be a positive int, got 0", 5, 0, padding="same"),
    bad(ValueError, r"stride must be a positive int, got -1", 5, 3, -1, "same"),
    bad(ValueError, r"dilation must be a positive int, got 0", 5, 3, 1, "same", 0),
]
TABLE["lecturekit.convolution.windows"] = [
    bad(ValueError, r"x must have shape \(n, height, width, channels\) \(padded\), got shape \(5, 5\)", _IMG, 3),
    bad(TypeError, r"x must hold real numbers, got dtype <U1", STR[None, :, :, None], 1),
    bad(ValueError, r"kernel must be a positive int or a pair \(rows, cols\) of positive ints, got 0", _IMG[None, :, :, None], 0),
    bad(ValueError, r"stride must be a positive int or a pair \(rows, cols\) of positive ints, got 0", _IMG[None, :, :, None], 3, 0),
    bad(ValueError, r"kernel must be a positive int or a pair \(rows, cols\) of positive ints, got \(3, 3, 3\)", _IMG[None, :, :, None], (3, 3, 3)),
    bad(ValueError, r"kernel .*does not fit in the \(padded\) input of size 5x5", _IMG[None, :, :, None], 6),
]


def _image_rows(*after, grad=False):
    """Rows about the image argument ``x`` of a convolution or pooling (``after``: the other arguments)."""
    return [
        bad(TypeError, r"x must hold real numbers, got dtype <U1", STR, *after),
        bad(TypeError, r"x must hold real numbers, got dtype complex128", COMPLEX.reshape(1, 2), *after),
        bad(ValueError, r"x must have shape \(n, height, width, channels\) or \(height, width\), got shape \(1, 5, 5\)",
            _IMG[None], *after),
        bad(ValueError, r"x must have shape \(n, height, width, channels\) or \(height, width\), got shape \(25,\)",
            _IMG.ravel(), *after),
    ]


TABLE["lecturekit.convolution.conv2d"] = _image_rows(_K) + [
    bad(TypeError, r"w must hold real numbers, got dtype <U1", _IMG, STR),
    bad(ValueError, r"w must have shape \(kh, kw, in_channels, out_channels\) or \(kh, kw\), got shape \(3, 3, 1\)",
        _IMG, np.ones((3, 3, 1))),
    bad(ValueError, r"w expects 2 input channels \(w.shape\[2\]\) but x has 1 \(x.shape\[3\]\)", _IMG, np.ones((3, 3, 2, 1))),
    bad(ValueError, r"b must have shape \(1,\), one bias per output channel, got shape \(2,\)", _IMG, _K, np.zeros(2)),
    bad(TypeError, r"b must hold real numbers, got dtype <U1", _IMG, _K, "a"),
    bad(ValueError, _PAD, _IMG, _K, padding="full"),
    bad(ValueError, r"stride must be a positive int or a pair \(rows, cols\) of positive ints, got 0", _IMG, _K, stride=0),
    bad(ValueError, r"dilation must be a positive int or a pair \(rows, cols\) of positive ints, got -1", _IMG, _K, dilation=-1),
    bad(ValueError, r"the kernel \(3x3, dilation 1x1\) does not fit in the input of size 2x2 with padding='valid'",
        np.zeros((2, 2)), _K),
]
TABLE["lecturekit.convolution.conv2d_grad"] = _image_rows(_K, np.zeros((3, 3))) + [
    bad(ValueError, r"grad_out must have the output's shape \(1, 3, 3, 1\), got \(2, 2\)", _IMG, _K, np.zeros((2, 2))),
    bad(TypeError, r"grad_out must hold real numbers, got dtype <U1", _IMG, _K, np.full((3, 3), "a")),
    bad(TypeError, r"w must hold real numbers, got dtype <U1", _IMG, STR, np.zeros((3, 3))),
    bad(ValueError, _PAD, _IMG, _K, np.zeros((3, 3)), padding="full"),
    bad(ValueError, r"stride must be a positive int or a pair \(rows, cols\) of positive ints, got 0", _IMG, _K, np.zeros((3, 3)), stride=0),
]
_PAD_T = r"padding must be a non-negative int or one of \('valid', 'same'\), got "
TABLE["lecturekit.convolution.transposed_output_size"] = [
    bad(ValueError, r"n must be a positive int, got 0", 0, 3),
    bad(ValueError, r"kernel must be a positive int, got -1", 5, -1),
    bad(ValueError, r"stride must be a positive int, got 0", 5, 3, 0),
    bad(ValueError, r"dilation must be a positive int, got 1.5", 5, 3, dilation=1.5),
    bad(ValueError, _PAD_T + r"-1", 5, 3, padding=-1),
    bad(ValueError, _PAD_T + r"'full'", 5, 3, padding="full"),
    bad(ValueError, r"padding=2 crops away the whole output .*use a smaller padding", 1, 3, padding=2),
]
TABLE["lecturekit.convolution.conv2d_transpose"] = [
    bad(TypeError, r"y must hold real numbers, got dtype <U1", STR, _K),
    bad(ValueError, r"y must have shape \(n, height, width, channels\) or \(height, width\), got shape \(25,\)", _IMG.ravel(), _K),
    bad(TypeError, r"w must hold real numbers, got dtype <U1", _IMG, STR),
    bad(ValueError, r"w must have shape \(kh, kw, in_channels, out_channels\) or \(kh, kw\), got shape \(3, 3, 1\)",
        _IMG, np.ones((3, 3, 1))),
    bad(ValueError, r"w has 2 output channels \(w.shape\[3\]\) but y has 1 \(y.shape\[3\]\)", _IMG, np.ones((3, 3, 1, 2))),
    bad(ValueError, r"b must have shape \(1,\), one bias per output channel, got shape \(2,\)", _IMG, _K, np.zeros(2)),
    bad(ValueError, _PAD_T + r"'full'", _IMG, _K, padding="full"),
    bad(ValueError, _PAD_T + r"-1", _IMG, _K, padding=-1),
    bad(ValueError, r"stride must be a positive int or a pair \(rows, cols\) of positive ints, got 0", _IMG, _K, stride=0),
    bad(ValueError, r"output_shape must be \(rows, cols\) of positive ints, got 7", _IMG, _K, output_shape=7),
    bad(ValueError, r"output_shape \(9, 9\) does not fit y: .* maps it to 7x7, not to y's 5x5", _IMG, _K, output_shape=(9, 9)),
]


def _pool_rows(grad):
    g = (np.zeros((2, 2)),) if grad else ()
    return _image_rows(*g) + [
        bad(ValueError, r"pool_size must be a positive int or a pair \(rows, cols\) of positive ints, got 0", _IMG, *g, pool_size=0),
        bad(ValueError, r"pool_size must be a positive int or a pair \(rows, cols\) of positive ints, got \(2, 2, 2\)", _IMG, *g, pool_size=(2, 2, 2)),
        bad(ValueError, r"stride must be a positive int or a pair \(rows, cols\) of positive ints, got 0", _IMG, *g, stride=0),
        bad(ValueError, _PAD, _IMG, *g, padding="full"),
        bad(ValueError, r"pool_size \(6x6\) does not fit in the input of size 5x5 with padding='valid'", _IMG, *g, pool_size=6),
    ] + ([
        bad(ValueError, r"grad_out must have the output's shape \(1, 2, 2, 1\), got \(3, 3\)", _IMG, np.zeros((3, 3))),
        bad(TypeError, r"grad_out must hold real numbers, got dtype <U1", _IMG, np.full((2, 2), "a")),
    ] if grad else [])


for _name in ["max_pool2d", "avg_pool2d", "l2_pool2d"]:
    TABLE[f"lecturekit.convolution.{_name}"] = _pool_rows(grad=False)
    TABLE[f"lecturekit.convolution.{_name}_grad"] = _pool_rows(grad=True)

# blocks (notebook 07's tables) and the helper of its shift experiment
_LENET = lecturekit.blocks.lenet5_layers()
_LAYERS = r"layers must be a list of Layer rows \(what lenet5_layers returns\), got"
TABLE["lecturekit.blocks.layer_table"] = [
    bad(TypeError, rf"{_LAYERS} int$", 3),
    bad(TypeError, rf"{_LAYERS} str$", "C1"),
    bad(TypeError, rf"{_LAYERS} tuple at index 1$", [_LENET[0], ("C1", "conv", 28, 6, 156)]),
    bad(ValueError, r"layers must hold at least one Layer row \(what lenet5_layers returns\), got none", []),
]
TABLE["lecturekit.blocks.count_blocks"] = [
    bad(TypeError, r"net must be a Keras model \(with a list of layers\), got NoneType", None),
    bad(TypeError, r"net must be a Keras model \(with a list of layers\), got str", "cnn"),
    bad(TypeError, r"net must be a Keras model \(with a list of layers\), got list", _LENET),
]
TABLE["lecturekit.blocks.block_table"] = [
    bad(TypeError, r"models must be a dict \{column title: Keras model\}, got list", [None]),
    bad(ValueError, r"models must hold at least one model \{column title: Keras model\}, got an empty dict", {}),
    bad(TypeError, r"models must have column titles \(str\) as keys, got the key 7", {7: None}),
    bad(TypeError, r"models\['CNN'\] must be a Keras model \(with a list of layers\), got NoneType", {"CNN": None}),
]
TABLE["lecturekit.exercises.cnn.relative_change"] = [
    bad(ValueError, r"before and after must have one shape, got \(2,\) and \(3,\)", np.ones(2), np.ones(3)),
    bad(TypeError, r"before must hold real numbers, got dtype <U1", STR, STR),
    bad(TypeError, r"after must hold real numbers, got dtype complex128", np.ones(2), COMPLEX),
    bad(ValueError, r"after must hold finite numbers, got nan at index 1", np.ones(2), [1.0, NAN]),
    bad(ValueError, r"before must hold finite numbers, got inf in row 0", np.full((2, 2), INF), np.ones((2, 2))),
]

# --------------------------------------------------------------------------
# ultrasound
# --------------------------------------------------------------------------
_SIZE_ROWS = [
    (r"size must be a positive int or a pair \(rows, cols\) of positive ints, got 0", 0),
    (r"size must be a positive int or a pair \(rows, cols\) of positive ints, got \(2.5, 3\)", (2.5, 3)),
    (r"size must be a positive int or a pair \(rows, cols\) of positive ints, got 'ab'", "ab"),
    (r"size must be a positive int or a pair \(rows, cols\) of positive ints, got \(4, -1\)", (4, -1)),
]
TABLE["lecturekit.ultrasound.rle_encode"] = [
    bad(ValueError, r"mask must be a 2-D array \(rows, cols\), got shape \(1, 2, 2\)", np.zeros((1, 2, 2))),
    bad(ValueError, r"mask must be a 2-D array \(rows, cols\), got shape \(4,\)", np.zeros(4)),
    bad(TypeError, r"mask must hold numbers or booleans \(nonzero is foreground\), got dtype <U1", STR),
]
TABLE["lecturekit.ultrasound.rle_decode"] = [
    bad(TypeError, r"rle must be a str of 'start length' pairs, got int", 5, (2, 2)),
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got \(0, 5\)", "", (0, 5)),
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got \(2.5, 3\)", "", (2.5, 3)),
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got 'ab'", "", "ab"),
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got \(4,\)", "", (4,)),
    bad(ValueError, r"rle must hold 'start length' pairs, got an odd number \(3\) of integers", "1 2 3", (2, 2)),
    bad(ValueError, r"rle must hold non-negative integers only, got 'a b'", "a b", (2, 2)),
    bad(ValueError, r"rle has a run outside pixels 1\.\.4 of a 2x2 mask", "3 5", (2, 2)),
]
TABLE["lecturekit.ultrasound.nerve_dir"] = [
    bad(TypeError, r"path must be a folder path \(str or os.PathLike\), got int", 3),
]
TABLE["lecturekit.ultrasound.read_tif"] = [
    bad(TypeError, r"path must be a file path \(str or os.PathLike\), got NoneType", None),
]
TABLE["lecturekit.ultrasound.resize"] = [
    bad(ValueError, r"images must have shape \(n, rows, cols\), got \(5, 5\)", _IMG, 4),
    bad(TypeError, r"images must hold real numbers, got dtype <U1", STR[None], 4),
    *[bad(ValueError, pattern, np.zeros((1, 5, 5)), size) for pattern, size in _SIZE_ROWS],
]
TABLE["lecturekit.ultrasound.split_by_subject"] = [
    bad(ValueError, r"val_fraction must be a number in \[0, 1\), got 1", np.arange(5), 1),
    bad(ValueError, r"val_fraction must be a number in \[0, 1\), got nan", np.arange(5), NAN),
    bad(TypeError, r"val_fraction must be a number in \[0, 1\), got str", np.arange(5), "0.2"),
    bad(ValueError, r"subjects must hold the subject of each image \(at least one\), got an empty array", np.zeros(0)),
    bad(ValueError, r"subjects must be a 1-D array \(one subject per image\), got shape \(2, 3\)", np.zeros((2, 3))),
]
_NOWHERE = TMP / "no-such-folder"
TABLE["lecturekit.ultrasound.load_nerve"] = [
    *[bad(ValueError, pattern, _NOWHERE, size) for pattern, size in _SIZE_ROWS],
    bad(ValueError, r"val_fraction must be a number in \[0, 1\), got 1.5", _NOWHERE, val_fraction=1.5),
    bad(TypeError, r"path must be a folder path \(str or os.PathLike\), got int", 3),
]
TABLE["lecturekit.ultrasound.load_nerve_test"] = [
    *[bad(ValueError, pattern, _NOWHERE, size) for pattern, size in _SIZE_ROWS],
    bad(TypeError, r"path must be a folder path \(str or os.PathLike\), got int", 3),
]
_OUT = TMP / "submission.csv"
TABLE["lecturekit.ultrasound.write_submission"] = [
    bad(ValueError, r"masks must have shape \(n, rows, cols\) with n = len\(ids\) = 1, got \(5, 5\)", _OUT, [1], _IMG),
    bad(ValueError, r"masks must have shape \(n, rows, cols\) with n = len\(ids\) = 2, got \(1, 5, 5\)", _OUT, [1, 2], _IMG[None]),
    bad(TypeError, r"ids must be a sequence of image ids, got int", _OUT, 5, _IMG[None]),
    bad(TypeError, r"masks must hold numbers or booleans, got dtype <U1", _OUT, [1], STR[None]),
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got \(0, 5\)", _OUT, [1], _IMG[None], (0, 5)),
    bad(TypeError, r"path must be a file path \(str or os.PathLike\), got NoneType", None, [1], _IMG[None]),
]
_RNG = np.random.default_rng(0)
TABLE["lecturekit.ultrasound.speckle"] = [
    bad(TypeError, r"rng must be a numpy Generator \(np.random.default_rng\(seed\)\), got int", 0, 1, (16, 16), 2.0),
    bad(ValueError, r"n must be a non-negative int, got -1", _RNG, -1, (16, 16), 2.0),
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got \(0, 16\)", _RNG, 1, (0, 16), 2.0),
    bad(ValueError, r"grain must be a positive number \(pixels\), got 0", _RNG, 1, (16, 16), 0),
    bad(ValueError, r"grain must be a positive number \(pixels\), got nan", _RNG, 1, (16, 16), NAN),
]
TABLE["lecturekit.ultrasound.make_phantoms"] = [
    bad(ValueError, r"n must be a non-negative int, got -1", -1),
    bad(ValueError, r"n must be a non-negative int, got 2.5", 2.5),
    bad(ValueError, r"nerve_fraction must be a number in \[0, 1\], got 1.5", 2, nerve_fraction=1.5),
    bad(ValueError, r"nerve_fraction must be a number in \[0, 1\], got nan", 2, nerve_fraction=NAN),
    bad(TypeError, r"nerve_fraction must be a number in \[0, 1\], got str", 2, nerve_fraction="0.5"),
    bad(ValueError, r"size must be at least 16 x 16 for the structures to be visible, got 8 x 8", 2, (8, 8)),
    *[bad(ValueError, pattern, 2, size) for pattern, size in _SIZE_ROWS],
    bad(ValueError, r"seed must be a non-negative int \(or None\), got -1", 2, seed=-1),
]
# overlays: masks drawn on an image
_OVERLAY_KINDS = r"\['nerve', 'prediction', 'artery', 'decoy'\]"
_US_IMAGE = np.zeros((4, 4))
_US_MASK = np.zeros((4, 4), np.uint8)
_US_DOT = np.zeros((4, 4), np.uint8)
_US_DOT[1, 2] = 1
_US_FIG = matplotlib.figure.Figure()  # (not through pyplot: every row fails before drawing on it)
TABLE["lecturekit.ultrasound.draw_mask"] = [
    bad(TypeError, r"ax must be a matplotlib Axes, got NoneType", None, _US_DOT),
    bad(TypeError, r"ax must be a matplotlib Axes, got ndarray", _US_IMAGE, _US_DOT),
    bad(ValueError, rf"unknown kind 'vein'; choose one of {_OVERLAY_KINDS}", FakeAxes(), _US_DOT, "vein"),
    bad(TypeError, rf"kind must be a name \(str\), got int; choose one of {_OVERLAY_KINDS}", FakeAxes(), _US_DOT, 3),
    bad(ValueError, r"width must be a positive number \(line width in points\), got 0", FakeAxes(), _US_DOT, width=0),
    bad(ValueError, r"width must be a positive number \(line width in points\), got nan", FakeAxes(), _US_DOT, width=NAN),
    bad(TypeError, r"width must be a positive number \(line width in points\), got str", FakeAxes(), _US_DOT, width="4"),
    bad(ValueError, r"mask must be one \(rows, cols\) mask, got shape \(1, 4, 4\)", FakeAxes(), _US_DOT[None]),
    bad(ValueError, r"mask must be one \(rows, cols\) mask, got shape \(16,\)", FakeAxes(), _US_DOT.ravel()),
    bad(TypeError, r"mask must hold real numbers, got dtype <U1", FakeAxes(), STR),
    bad(ValueError, r"mask must hold finite numbers, got nan in row 0", FakeAxes(), np.full((4, 4), NAN)),
]
TABLE["lecturekit.ultrasound.show_masks"] = [
    bad(TypeError, r"ax must be a matplotlib Axes, got str", "ax", _US_IMAGE),
    bad(ValueError, r"image must be one \(rows, cols\) image, got shape \(1, 4, 4\)", FakeAxes(), _US_IMAGE[None]),
    bad(TypeError, r"image must hold real numbers, got dtype <U1", FakeAxes(), STR),
    bad(ValueError, r"image must hold finite numbers, got inf in row 0", FakeAxes(), np.full((4, 4), INF)),
    bad(ValueError, r"nerve must have the image's shape \(4, 4\), got \(4, 5\)", FakeAxes(), _US_IMAGE,
        nerve=np.zeros((4, 5))),
    bad(ValueError, r"prediction must be one \(rows, cols\) mask, got shape \(16,\)", FakeAxes(), _US_IMAGE,
        prediction=np.zeros(16)),
    bad(TypeError, r"decoy must hold real numbers, got dtype <U1", FakeAxes(), _US_IMAGE, decoy=STR),
    bad(ValueError, r"artery must hold finite numbers, got nan", FakeAxes(), _US_IMAGE, artery=np.full((4, 4), NAN)),
    bad(TypeError, r"title must be a str, got int", FakeAxes(), _US_IMAGE, title=3),
]
TABLE["lecturekit.ultrasound.overlay_legend"] = [
    bad(TypeError, r"fig must be a matplotlib Figure, got NoneType", None),
    bad(TypeError, r"fig must be a matplotlib Figure, got FakeAxes", FakeAxes()),
    bad(TypeError, rf"kinds must be a sequence of names from {_OVERLAY_KINDS}, got str \('nerve'\)", _US_FIG, "nerve"),
    bad(TypeError, rf"kinds must be a sequence of names from {_OVERLAY_KINDS}, got int \(3\)", _US_FIG, 3),
    bad(ValueError, rf"unknown kind 'vein'; choose one of {_OVERLAY_KINDS}", _US_FIG, ("nerve", "vein")),
    bad(TypeError, rf"kind must be a name \(str\), got NoneType; choose one of {_OVERLAY_KINDS}", _US_FIG, [None]),
    bad(ValueError, rf"kinds must name at least one of {_OVERLAY_KINDS}, got none", _US_FIG, ()),
]
TABLE["lecturekit.ultrasound.zoom_window"] = [
    bad(ValueError, r"mask must hold at least one nonzero pixel to zoom in on, got an empty mask of shape \(4, 4\)",
        _US_MASK),
    bad(ValueError, r"mask must be one \(rows, cols\) mask, got shape \(1, 4, 4\)", _US_DOT[None]),
    bad(TypeError, r"mask must hold real numbers, got dtype <U1", STR),
    bad(ValueError, r"mask must hold finite numbers, got nan", np.full((4, 4), NAN)),
    *[bad(ValueError, pattern, _US_DOT, size) for pattern, size in _SIZE_ROWS],
]

# --------------------------------------------------------------------------
# unet
# --------------------------------------------------------------------------
_M = np.zeros((1, 4, 4), np.uint8)
_M45 = np.zeros((1, 4, 5), np.uint8)
_PROB_NAN = np.full((1, 4, 4), NAN)


def _dice_rows():
    return [
        bad(ValueError, r"y_true and y_pred must have the same shape, got \(1, 4, 4\) and \(1, 4, 5\)", _M, _M45),
        bad(ValueError, r"y_pred must have shape \(n, rows, cols\) \(or \(n, rows, cols, 1\), or one \(rows, cols\) mask\), got \(4,\)",
            _M, np.zeros(4)),
        bad(TypeError, r"y_pred must hold 0/1 masks or probabilities, got dtype <U1", _M[0, :1, :2], STR),
        bad(ValueError, r"y_pred must hold numbers \(no NaN\), got NaN", _M, _PROB_NAN),
        bad(ValueError, r"y_true must hold at least one mask, got shape \(0, 4, 4\)", _M[:0], _M[:0]),
    ]


TABLE["lecturekit.unet.UNetConfig"] = [
    bad(ValueError, r"input_size \(81, 112\) must be divisible by 2\*\*depth = 16", "x", input_size=(81, 112)),
    bad(ValueError, r"input_size must be \(rows, cols\) of positive ints, got \(80, 112, 1\)", "x", input_size=(80, 112, 1)),
    bad(ValueError, r"depth must be a positive int \(number of poolings\), got 0", "x", depth=0),
    bad(ValueError, r"base_filters must be a positive int, got 0", "x", base_filters=0),
    bad(ValueError, r"batch_size must be a positive int, got 0", "x", batch_size=0),
    bad(ValueError, r"epochs must be a positive int, got 0", "x", epochs=0),
    bad(ValueError, r"n_train must be a positive int, got -5", "x", n_train=-5),
    bad(ValueError, r"n_val must be a positive int, got 0", "x", n_val=0),
    bad(ValueError, r"time_budget_s must be a positive number \(seconds\), got 0", "x", time_budget_s=0),
    bad(ValueError, r"learning_rate must be a positive number, got nan", "x", learning_rate=NAN),
    bad(ValueError, r"loss must be one of \['bce\+dice', 'dice'\], got 'focal'", "x", loss="focal"),
    bad(ValueError, r"schedule must be one of \['constant', 'cosine'\], got 'step'", "x", schedule="step"),
    bad(TypeError, r"name must be a str, got int", 3),
]
TABLE["lecturekit.unet.choose_config"] = [
    bad(ValueError, r"gpus must be a non-negative int, got -1", -1),
    bad(ValueError, r"gpus must be a non-negative int, got 1.5", 1.5),
    bad(ValueError, r"gpus must be a non-negative int, got '1'", "1"),
]
_ARCH = [
    bad(ValueError, r"depth must be a positive int \(number of poolings\), got 0", depth=0),
    bad(ValueError, r"base_filters must be a positive int, got -1", base_filters=-1),
]
TABLE["lecturekit.unet.build_unet"] = _ARCH + [
    bad(ValueError, r"input_shape \(81, 112\) must be divisible by 2\*\*depth = 16", (81, 112, 1)),
    bad(ValueError, r"input_shape must be \(rows, cols\) or \(rows, cols, channels\) of positive ints, got \(80,\)", (80,)),
    bad(ValueError, r"input_shape must be \(rows, cols\) or \(rows, cols, channels\) of positive ints, got 5", 5),
    bad(ValueError, r"input_shape must be \(rows, cols\) or \(rows, cols, channels\) of positive ints, got \(80, 112, 0\)", (80, 112, 0)),
]
TABLE["lecturekit.unet.count_parameters"] = _ARCH + [
    bad(ValueError, r"in_channels must be a positive int, got 0", in_channels=0),
]
TABLE["lecturekit.unet.draw_unet"] = _ARCH + [
    bad(ValueError, r"input_size \(81, 112\) must be divisible by 2\*\*depth = 16", (81, 112)),
    bad(ValueError, r"input_size must be \(rows, cols\) or \(rows, cols, channels\) of positive ints, got 5", 5),
    bad(TypeError, r"batch_norm must be True, False or None, got str \('yes'\)", batch_norm="yes"),
]
TABLE["lecturekit.unet.dice"] = _dice_rows()
TABLE["lecturekit.unet.mean_dice"] = _dice_rows()
TABLE["lecturekit.unet.dice_by_presence"] = _dice_rows()
TABLE["lecturekit.unet.UNetConfig.decay_steps"] = [
    bad(ValueError, r"n_images must be a positive int \(training images\), got 0", 0),
    bad(ValueError, r"n_images must be a positive int \(training images\), got 2.5", 2.5),
]
TABLE["lecturekit.unet.pooled_dice"] = _dice_rows()
_T4 = np.zeros((1, 4, 4, 1), np.float32)
TABLE["lecturekit.unet.soft_dice"] = [
    bad(ValueError, r"smooth must be a positive number, got 0", _T4, _T4, smooth=0),
    bad(ValueError, r"smooth must be a positive number, got nan", _T4, _T4, smooth=NAN),
    bad(ValueError, r"y_true and y_pred must hold one value per pixel each, got shapes \(1, 4, 4, 1\) and \(1, 4, 5, 1\)",
        _T4, np.zeros((1, 4, 5, 1), np.float32)),
]
TABLE["lecturekit.unet.dice_loss"] = [
    bad(ValueError, r"y_true and y_pred must hold one value per pixel each, got shapes \(1, 4, 4, 1\) and \(1, 4, 5, 1\)",
        _T4, np.zeros((1, 4, 5, 1), np.float32)),
]
TABLE["lecturekit.unet.compile_unet"] = [
    bad(ValueError, r"loss must be one of \['bce\+dice', 'dice'\], got 'focal'", FakeModel(), loss="focal"),
    bad(ValueError, r"learning_rate must be a positive number, got 0", FakeModel(), 0),
    bad(ValueError, r"learning_rate must be a positive number, got nan", FakeModel(), NAN),
    bad(TypeError, r"model must be a Keras model \(see build_unet\), got NoneType", None),
    bad(ValueError, r"decay_steps must be a positive int \(batches, or None for a constant rate\), got 0",
        FakeModel(), decay_steps=0),
]
TABLE["lecturekit.unet.apply_min_area"] = [
    bad(ValueError, r"min_area must be a non-negative int \(pixels\), got -1", _M, -1),
    bad(ValueError, r"min_area must be a non-negative int \(pixels\), got 2.5", _M, 2.5),
    bad(ValueError, r"masks must have shape \(n, rows, cols\) .*got \(4,\)", np.zeros(4), 1),
    bad(TypeError, r"masks must hold 0/1 masks or probabilities, got dtype <U1", STR, 1),
]
TABLE["lecturekit.unet.choose_min_area"] = [
    bad(ValueError, r"y_prob must have shape \(n, rows, cols\) .*got \(4,\)", _M, np.zeros(4)),
    bad(ValueError, r"y_true and y_prob must have the same shape, got \(1, 4, 4\) and \(1, 4, 5\)", _M, np.zeros((1, 4, 5))),
    bad(ValueError, r"threshold must be a number in \[0, 1\], got nan", _M, np.zeros((1, 4, 4)), threshold=NAN),
    bad(ValueError, r"candidates must hold non-negative ints \(areas in pixels\), got -1", _M, np.zeros((1, 4, 4)), [0, -1]),
    bad(ValueError, r"candidates must hold at least one area, got none", _M, np.zeros((1, 4, 4)), []),
]
_XI = np.zeros((2, 4, 4), np.float32)
TABLE["lecturekit.unet.train"] = [
    bad(TypeError, r"model must be a Keras model \(see build_unet\), got NoneType", None, _XI, _XI, _XI, _XI, epochs=1, time_budget_s=9),
    bad(ValueError, r"epochs must be a positive int, got 0", FakeModel(), _XI, _XI, _XI, _XI, epochs=0, time_budget_s=9),
    bad(ValueError, r"time_budget_s must be a positive number \(seconds\), got 0", FakeModel(), _XI, _XI, _XI, _XI, epochs=1, time_budget_s=0),
    bad(ValueError, r"time_budget_s must be a positive number \(seconds\), got nan", FakeModel(), _XI, _XI, _XI, _XI, epochs=1, time_budget_s=NAN),
    bad(TypeError, r"time_budget_s must be a positive number \(seconds\), got str", FakeModel(), _XI, _XI, _XI, _XI, epochs=1, time_budget_s="9"),
    bad(ValueError, r"batch_size must be a positive int, got 0", FakeModel(), _XI, _XI, _XI, _XI, epochs=1, time_budget_s=9, batch_size=0),
    bad(ValueError, r"x must have shape \(n, rows, cols\) or \(n, rows, cols, 1\), got \(4, 4\)", FakeModel(), _XI[0], _XI, _XI, _XI,
        epochs=1, time_budget_s=9),
    bad(ValueError, r"x and y \(images and masks\) must pair up: got 2 images and 3 masks", FakeModel(), _XI, np.zeros((3, 4, 4)), _XI, _XI,
        epochs=1, time_budget_s=9),
    bad(ValueError, r"x must hold at least one image, got shape \(0, 4, 4, 1\)", FakeModel(), _XI[:0], _XI[:0], _XI, _XI,
        epochs=1, time_budget_s=9),
    bad(ValueError, r"x_val must hold at least one image, got shape \(0, 4, 4, 1\)", FakeModel(), _XI, _XI, _XI[:0], _XI[:0],
        epochs=1, time_budget_s=9),
    bad(TypeError, r"x must hold real numbers, got dtype <U1", FakeModel(), np.full((2, 4, 4), "a"), _XI, _XI, _XI,
        epochs=1, time_budget_s=9),
    bad(TypeError, r"progress must be a TrainingProgress \(or None\), got int", FakeModel(), _XI, _XI, _XI, _XI,
        epochs=1, time_budget_s=9, progress=3),
]
TABLE["lecturekit.unet.predict_masks"] = [
    bad(TypeError, r"model must be a Keras model \(see build_unet\), got NoneType", None, _XI),
    bad(ValueError, r"x must have shape \(n, rows, cols\) or \(n, rows, cols, 1\), got \(4,\)", FakeModel(), np.zeros(4)),
    bad(ValueError, r"threshold must be a number in \[0, 1\], got nan", FakeModel(), _XI, threshold=NAN),
    bad(ValueError, r"min_area must be a non-negative int \(pixels\), got -1", FakeModel(), _XI, min_area=-1),
    bad(ValueError, r"batch_size must be a positive int, got 0", FakeModel(), _XI, batch_size=0),
]

# the helpers of notebook 08's exercises
from lecturekit.exercises.unet import RareMaskFit  # noqa: E402

_RARE_FIT = RareMaskFit("bce", 0, 300, 0.1, 0.5, 0.2, np.zeros((4, 4)), _US_MASK, _US_MASK)  # (a record: nothing trained)
_FITS = r"fits must be a list of RareMaskFit \(what rare_mask_fit returns\)"
TABLE["lecturekit.exercises.unet.rare_mask_fit"] = [
    bad(ValueError, r"unknown loss 'mse'; choose one of \['bce', 'dice'\]", "mse"),
    bad(TypeError, r"loss must be a name \(str\), got int; choose one of \['bce', 'dice'\]", 1),
    bad(ValueError, r"seed must be a non-negative int, got 0.5", "bce", 0.5),
    bad(ValueError, r"seed must be a non-negative int, got -1", "bce", -1),
    bad(ValueError, r"seed must be a non-negative int, got '0'", "bce", "0"),
    bad(ValueError, r"steps must be a positive int \(Adam steps\), got 0", "bce", steps=0),
    bad(ValueError, r"steps must be a positive int \(Adam steps\), got 2.5", "bce", steps=2.5),
]
TABLE["lecturekit.exercises.unet.plot_rare_mask_fits"] = [
    bad(TypeError, rf"{_FITS}, got RareMaskFit$", _RARE_FIT),
    bad(TypeError, rf"{_FITS}, got int$", 3),
    bad(TypeError, rf"{_FITS}, got str$", "bce"),
    bad(TypeError, rf"{_FITS}, got float at index 1$", [_RARE_FIT, 0.5]),
    bad(ValueError, rf"{_FITS}, with at least one fit, got none", []),
    bad(ValueError, r"axes must hold one matplotlib Axes per fit \(2\), got 1", [_RARE_FIT, _RARE_FIT], FakeAxes()),
    bad(TypeError, r"axes must hold matplotlib Axes, got str", [_RARE_FIT], ["ax"]),
]
TABLE["lecturekit.exercises.unet.unet_shapes_answer"] = [
    bad(TypeError, r"config must be a UNetConfig \(such as unet.CPU_CONFIG\), or None for the CPU U-Net, got str", "cpu"),
    bad(TypeError, r"config must be a UNetConfig \(such as unet.CPU_CONFIG\), or None for the CPU U-Net, got dict",
        {"depth": 3}),
]

# --------------------------------------------------------------------------
# progress
# --------------------------------------------------------------------------
TABLE["lecturekit.progress.TrainingProgress"] = [
    bad(ValueError, r"epochs must be a positive int, got 0", 0),
    bad(ValueError, r"epochs must be a positive int, got True", True),
    bad(ValueError, r"epochs must be a positive int, got 2.5", 2.5),
    bad(TypeError, r"title must be a str, got int", 3, 7),
    bad(ValueError, r"min_interval must be a non-negative number \(seconds\), got -1", 3, min_interval=-1),
    bad(ValueError, r"min_interval must be a non-negative number \(seconds\), got nan", 3, min_interval=NAN),
    bad(ValueError, r"width must be a positive int, got 0", 3, width=0),
    bad(ValueError, r"time_budget_s must be a positive number \(seconds, or None\), got 0", 3, time_budget_s=0),
]
TABLE["lecturekit.progress.TrainingProgress.batch"] = [
    bad(ValueError, r"epoch must be a non-negative int \(0-based\), got -1", -1, 0.5),
    bad(ValueError, r"epoch must be a non-negative int \(0-based\), got '0'", "0", 0.5),
    bad(ValueError, r"fraction must be a number in \[0, 1\], got nan", 0, NAN),
    bad(ValueError, r"fraction must be a number in \[0, 1\], got 1.5", 0, 1.5),
    bad(TypeError, r"fraction must be a number in \[0, 1\], got str \('0.5'\)", 0, "0.5"),
]
TABLE["lecturekit.progress.TrainingProgress.update"] = [
    bad(ValueError, r"epoch must be a non-negative int \(0-based\), got -1", -1),
    bad(ValueError, r"epoch must be a non-negative int \(0-based\), got 1.5", 1.5),
]

# --------------------------------------------------------------------------
# validate (the argument checks every module uses)
# --------------------------------------------------------------------------
TABLE["lecturekit.validate.positive_int"] = [
    bad(ValueError, r"epochs must be a positive int, got 0", 0, "epochs"),
    bad(ValueError, r"epochs must be a positive int, got True", True, "epochs"),
    bad(ValueError, r"epochs must be a positive int, got 2.5", 2.5, "epochs"),
    bad(ValueError, r"depth must be a positive int \(number of poolings\), got '3'", "3", "depth", "number of poolings"),
]
TABLE["lecturekit.validate.non_negative_int"] = [
    bad(ValueError, r"seed must be a non-negative int, got -1", -1, "seed"),
    bad(ValueError, r"epoch must be a non-negative int \(0-based\), got None", None, "epoch", "0-based"),
]
TABLE["lecturekit.validate.rows_cols"] = [
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got 5", 5, "shape"),
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got \(4, 0\)", (4, 0), "shape"),
    bad(ValueError, r"shape must be \(rows, cols\) of positive ints, got 'ab'", "ab", "shape"),
    bad(ValueError, r"size must be a positive int or a pair \(rows, cols\) of positive ints, got \(1, 2, 3\)", (1, 2, 3), "size", square=True),
]
TABLE["lecturekit.validate.number"] = [
    bad(TypeError, r"alpha must be a finite number, got str \('1'\)", "1", "alpha"),
    bad(TypeError, r"alpha must be a finite number, got bool", True, "alpha"),
    bad(ValueError, r"alpha must be a finite number, got nan", NAN, "alpha"),
    bad(ValueError, r"alpha must be a finite number, got -inf", -INF, "alpha"),
]
TABLE["lecturekit.validate.positive"] = [
    bad(ValueError, r"lr must be a positive number, got 0", 0, "lr"),
    bad(ValueError, r"lr must be a positive number, got inf", INF, "lr"),
    bad(ValueError, r"t must be a positive number \(seconds\), got nan", NAN, "t", "seconds", allow_inf=True),
    bad(ValueError, r"margin must be a non-negative number, got -1", -1, "margin", allow_zero=True),
    bad(TypeError, r"lr must be a positive number, got NoneType", None, "lr"),
]
TABLE["lecturekit.validate.fraction"] = [
    bad(ValueError, r"p must be a number in \[0, 1\], got 1.5", 1.5, "p"),
    bad(ValueError, r"p must be a number in \[0, 1\), got 1", 1, "p", closed=False),
    bad(TypeError, r"p must be a number in \[0, 1\], got str", "0.5", "p"),
]
TABLE["lecturekit.validate.between"] = [
    bad(ValueError, r"eps must be a number in \(0, 1\) \(a small step\), got 0", 0, "eps", 0, 1, "a small step"),
    bad(ValueError, r"eps must be a number in \(0, 1\), got 1", 1, "eps", 0, 1),
    bad(TypeError, r"eps must be a number in \(0, 1\), got str", "0.1", "eps", 0, 1),
]
TABLE["lecturekit.validate.int_in"] = [
    bad(ValueError, r"size must be an int in 1\.\.12, got 0", 0, "size", 1, 12),
    bad(ValueError, r"size must be an int in 1\.\.12, got 2.0", 2.0, "size", 1, 12),
    bad(ValueError, r"n must be an even int in 2\.\.10 \(two per bump\), got 3", 3, "n", 2, 10, "two per bump", even=True),
]
TABLE["lecturekit.validate.layer_sizes"] = [
    bad(ValueError, r"sizes must list at least two layers, each an int >= 1 \(its number of units\), such as \[2, 1\], got \[3\]", [3], "sizes", "[2, 1]"),
    bad(ValueError, r"sizes must list .*, got \[2, True\]", [2, True], "sizes", "[2, 1]"),
    bad(TypeError, r"sizes must list .*, got 'ab'", "ab", "sizes", "[2, 1]"),
]
TABLE["lecturekit.validate.choice"] = [
    bad(ValueError, r"unknown init 'zeros'; choose one of \['he', 'glorot'\]", "zeros", "init", ("he", "glorot")),
    bad(TypeError, r"init must be a name \(str\), got int; choose one of \['he', 'glorot'\]", 0, "init", ("he", "glorot")),
    bad(ValueError, r"^use he$", "zeros", "init", ("he", "glorot"), {"zeros": "use he"}),
]
TABLE["lecturekit.validate.flag"] = [
    bad(TypeError, r"shuffle must be True, False or None, got str \('yes'\)$", "yes", "shuffle"),
    bad(TypeError, r"shuffle must be True, False or None, got int \(1\); pass shuffle=True$", 1, "shuffle", "pass shuffle=True"),
]
TABLE["lecturekit.validate.function"] = [
    bad(TypeError, r"f must be a function of x, got int", 3, "f", "x"),
]
TABLE["lecturekit.validate.float_dtype"] = [
    bad(TypeError, r"dtype must be float32 or float64, got int32; use np.float32", np.int32, "dtype", "use np.float32"),
    bad(TypeError, r"dtype must be float32 or float64, got 'half precision'$", "half precision", "dtype"),
]
TABLE["lecturekit.validate.real"] = [
    bad(TypeError, r"x must hold real numbers, got dtype <U1", STR, "x"),
    bad(TypeError, r"x must hold real numbers \(pixels\), got dtype complex128", COMPLEX, "x", "pixels"),
    bad(TypeError, r"x must hold real numbers, got dtype object", OBJECT, "x"),
]
TABLE["lecturekit.validate.finite"] = [
    bad(ValueError, r"x must hold finite numbers, got nan at index 1 \(1 non-finite entry in all\)$", np.array([1.0, NAN]), "x"),
    bad(ValueError, r"X must hold finite numbers, got inf in row 1 \(2 non-finite entries in all\); drop them$",
        np.array([[0.0], [INF], [NAN]]), "X", "drop them"),
    bad(ValueError, r"x must hold finite numbers, got -inf", -INF, "x"),
    bad(TypeError, r"x must hold real numbers, got dtype <U1", STR, "x"),
]
TABLE["lecturekit.validate.path"] = [
    bad(TypeError, r"path must be a file path \(str or os.PathLike\), got int; pass the file as a string", 3, "path"),
    bad(TypeError, r"data_dir must be a folder path \(str or os.PathLike\), got NoneType", None, "data_dir", "folder"),
]

# --------------------------------------------------------------------------
# widgets
# --------------------------------------------------------------------------
TABLE["lecturekit.widgets.base.use_backend"] = [
    bad(ValueError, r"backend must be one of \['auto', 'ipympl', 'inline'\], got 'widget'", "widget"),
    bad(ValueError, r"backend must be one of \['auto', 'ipympl', 'inline'\], got None", None),
]
TABLE["lecturekit.widgets.base.LiveFigure.set"] = [  # on a NeuronExplorer (see OWNERS)
    bad(ValueError, r"unknown value name\(s\) \['weight'\]; this widget has \['activation', 'b', 'w'\]", weight=1.0),
    bad(TypeError, r"w must be a finite number, got str", w="1"),
    bad(ValueError, r"w must be a finite number, got nan", w=NAN),
    bad(ValueError, r"unknown activation 'sigmod'; choose one of", activation="sigmod"),
]
_CURVES = dict(activation="sigmoid", w=1.0, b=0.0, alpha=0.1)


def _explorer_value_rows(base, names=("w", "b")):
    rows = []
    for name in names:
        rows += [
            bad(TypeError, rf"{name} must be a finite number, got str", **{**base, name: "1"}),
            bad(ValueError, rf"{name} must be a finite number, got nan", **{**base, name: NAN}),
            bad(ValueError, rf"{name} must be a finite number, got inf", **{**base, name: INF}),
        ]
    return rows


TABLE["lecturekit.widgets.activation.ActivationExplorer"] = [
    bad(ValueError, r"unknown activation 'sigmod'; choose one of", "sigmod"),
    bad(TypeError, r"activation must be a name \(str\), got int", 3),
    bad(ValueError, r"x must be a 1-D grid of at least 2 points, got shape \(1,\)", x=[1.0]),
    bad(TypeError, r"x must hold real numbers \(a 1-D grid\), got dtype <U1", x=STR[0]),
    *_explorer_value_rows({}, ("w", "b", "alpha")),
]
TABLE["lecturekit.widgets.activation.ActivationExplorer.curves"] = [
    bad(ValueError, r"unknown activation 'sigmod'; choose one of", np.zeros(3), **{**_CURVES, "activation": "sigmod"}),
    *[replace(row, args=(np.zeros(3),)) for row in _explorer_value_rows(_CURVES, ("w", "b", "alpha"))],
]
TABLE["lecturekit.widgets.activation.ActivationExplorer.update"] = [
    bad(ValueError, r"unknown activation 'sigmod'; choose one of", **{**_CURVES, "activation": "sigmod"}),
    *_explorer_value_rows(_CURVES, ("w", "b", "alpha")),
]
_NEURON = dict(w=1.0, b=0.0, activation="sigmoid")
TABLE["lecturekit.widgets.neuron.NeuronExplorer"] = [
    bad(ValueError, r"unknown activation 'sigmod'; choose one of", activation="sigmod"),
    bad(ValueError, r"x must be a 1-D grid of at least 2 points, got shape \(2, 2\)", x=np.zeros((2, 2))),
    bad(TypeError, r"x must hold real numbers \(a 1-D grid\), got dtype <U1", x=STR[0]),
    *_explorer_value_rows({}),
]
TABLE["lecturekit.widgets.neuron.NeuronExplorer.curve"] = [
    bad(ValueError, r"unknown activation 'sigmod'; choose one of", np.zeros(3), **{**_NEURON, "activation": "sigmod"}),
    *[replace(row, args=(np.zeros(3),)) for row in _explorer_value_rows(_NEURON)],
]
TABLE["lecturekit.widgets.neuron.NeuronExplorer.update"] = [
    bad(ValueError, r"unknown activation 'sigmod'; choose one of", **{**_NEURON, "activation": "sigmod"}),
    *_explorer_value_rows(_NEURON),
]

_ARITH = dict(size=5, kernel=3, stride=1, padding=0, dilation=1)


def _arith_rows(with_cell=True, all_required=False):
    base = {**_ARITH, **(dict(row=0, col=0) if all_required else {})}
    rows = [
        bad(ValueError, r"size must be an int in 1\.\.12, got 0", **{**base, "size": 0}),
        bad(ValueError, r"size must be an int in 1\.\.12, got 2.0", **{**base, "size": 2.0}),
        bad(ValueError, r"kernel must be an int in 1\.\.7, got 8", **{**base, "kernel": 8}),
        bad(ValueError, r"stride must be an int in 1\.\.4, got 0", **{**base, "stride": 0}),
        bad(ValueError, r"padding must be an int in 0\.\.4, got -1", **{**base, "padding": -1}),
        bad(ValueError, r"dilation must be an int in 1\.\.3, got 4", **{**base, "dilation": 4}),
    ]
    if with_cell:
        rows += [
            bad(ValueError, r"row must be a non-negative int, got -1", **{**base, "row": -1}),
            bad(ValueError, r"col must be a non-negative int, got 'a'", **{**base, "col": "a"}),
        ]
    return rows


TABLE["lecturekit.widgets.conv_arithmetic.ConvArithmetic"] = _arith_rows()
TABLE["lecturekit.widgets.conv_arithmetic.ConvArithmetic.check"] = _arith_rows(with_cell=False)
TABLE["lecturekit.widgets.conv_arithmetic.ConvArithmetic.seen"] = _arith_rows(all_required=True)
TABLE["lecturekit.widgets.conv_arithmetic.ConvArithmetic.layout"] = _arith_rows()
TABLE["lecturekit.widgets.conv_arithmetic.ConvArithmetic.update"] = _arith_rows(all_required=True)
TABLE["lecturekit.diagram.draw_local_receptive_field"] = [
    bad(ValueError, r"image must be a 2-D array \(rows, cols\), got shape \(5,\)", np.zeros(5)),
    bad(TypeError, r"image must hold real numbers, got dtype <U1", STR),
    bad(ValueError, r"kernel must be a positive int, got 0", np.zeros((10, 10)), 0),
    bad(ValueError, r"kernel must fit in the image \(5x5\), got 6", np.zeros((5, 5)), 6),
    bad(ValueError, r"positions must be a sequence of \(row, col\) pairs, got \[\(1,\)\]", np.zeros((10, 10)), 3, [(1,)]),
]

_BOWL_GRAD = lambda w: w  # noqa: E731 (the bowl's gradient, as the table's other rows write it)
TABLE["lecturekit.descent.get_surface"] = [
    bad(ValueError, r"unknown surface 'ball'; choose one of \['bowl', 'rosenbrock'\]", "ball"),
    bad(TypeError, r"surface must be a name \(str\), got int; choose one of \['bowl', 'rosenbrock'\]", 3),
]
TABLE["lecturekit.descent.descend"] = [
    bad(TypeError, r"grad must be a function of a point \(2,\), got int", 3, (1.0, 1.0), 0.1, 5),
    bad(ValueError, r"start must be a point of shape \(2,\), got shape \(3,\)", _BOWL_GRAD, (1.0, 1.0, 1.0), 0.1, 5),
    bad(ValueError, r"start must hold finite numbers, got nan", _BOWL_GRAD, (NAN, 1.0), 0.1, 5),
    bad(TypeError, r"start must hold real numbers, got dtype <U1", _BOWL_GRAD, ("a", "b"), 0.1, 5),
    bad(ValueError, r"lr must be a positive number, got 0", _BOWL_GRAD, (1.0, 1.0), 0, 5),
    bad(ValueError, r"lr must be a positive number, got nan", _BOWL_GRAD, (1.0, 1.0), NAN, 5),
    bad(TypeError, r"lr must be a positive number, got str", _BOWL_GRAD, (1.0, 1.0), "0.1", 5),
    bad(ValueError, r"steps must be a non-negative int, got -1", _BOWL_GRAD, (1.0, 1.0), 0.1, -1),
    bad(ValueError, r"unknown method 'sgd'; choose one of", _BOWL_GRAD, (1.0, 1.0), 0.1, 5, "sgd"),
    bad(ValueError, r"momentum must be a number in \[0, 1\), got 1", _BOWL_GRAD, (1.0, 1.0), 0.1, 5, "momentum", momentum=1),
    bad(ValueError, r"betas must be a pair \(beta1, beta2\) in \[0, 1\), got \(0.9,\)", _BOWL_GRAD, (1.0, 1.0), 0.1, 5, "adam", betas=(0.9,)),
    bad(ValueError, r"eps must be a positive number, got 0", _BOWL_GRAD, (1.0, 1.0), 0.1, 5, "adam", eps=0),
]


def _lr_rows():
    """Rows with a bad learning rate, the first argument of every optimizer."""
    return [
        bad(ValueError, r"lr must be a positive number, got 0", 0),
        bad(ValueError, r"lr must be a positive number, got nan", NAN),
        bad(ValueError, r"lr must be a positive number, got -1", -1),
        bad(TypeError, r"lr must be a positive number, got str \('0.1'\)", "0.1"),
        bad(TypeError, r"lr must be a positive number, got NoneType", None),
    ]


_STEP = [
    bad(TypeError, r"params must be a list of arrays, got ndarray", np.zeros(2), [np.zeros(2)]),
    bad(TypeError, r"grads must be a list of arrays, got NoneType", [np.zeros(2)], None),
    bad(ValueError, r"grads must hold one array per parameter array, got 2 for 1", [np.zeros(2)], [np.zeros(2)] * 2),
    bad(ValueError, r"grads\[0\] must have the shape of params\[0\], \(2,\), got \(2, 1\)", [np.zeros(2)], [np.zeros((2, 1))]),
    bad(TypeError, r"params\[0\] must be a numpy array \(it is updated in place\), got list", [[0.0, 0.0]], [np.zeros(2)]),
]
TABLE["lecturekit.optimizers.SGD"] = _lr_rows()
TABLE["lecturekit.optimizers.Momentum"] = _lr_rows() + [
    bad(ValueError, r"momentum must be a number in \[0, 1\), got 1", 0.1, 1),
    bad(ValueError, r"momentum must be a number in \[0, 1\), got nan", 0.1, NAN),
    bad(TypeError, r"momentum must be a number in \[0, 1\), got str \('0.9'\)", 0.1, "0.9"),
]
TABLE["lecturekit.optimizers.Adam"] = _lr_rows() + [
    bad(ValueError, r"betas must be a pair \(beta1, beta2\) in \[0, 1\), got \(0.9, 1.0\)", 0.1, (0.9, 1.0)),
    bad(ValueError, r"betas must be a pair \(beta1, beta2\) in \[0, 1\), got 0.9", 0.1, 0.9),
    bad(ValueError, r"eps must be a positive number, got 0", 0.1, eps=0),
    bad(ValueError, r"eps must be a positive number, got inf", 0.1, eps=INF),
]
TABLE["lecturekit.optimizers.Optimizer.step"] = _STEP  # (one step for all three; OWNERS makes an SGD to call it on)
TABLE["lecturekit.optimizers.make"] = [
    bad(ValueError, r"unknown optimizer 'rmsprop'; choose one of \['sgd', 'momentum', 'adam'\]", "rmsprop", 0.1),
    bad(TypeError, r"optimizer must be a name \(str\), got NoneType", None, 0.1),
    bad(ValueError, r"lr must be a positive number, got 0", "sgd", 0),
    bad(ValueError, r"momentum must be a number in \[0, 1\), got 1.5", "sgd", 0.1, momentum=1.5),
    bad(ValueError, r"betas must be a pair \(beta1, beta2\) in \[0, 1\), got \(0.9,\)", "momentum", 0.1, betas=(0.9,)),
    bad(ValueError, r"eps must be a positive number, got -1", "adam", 0.1, eps=-1),
]
TABLE["lecturekit.widgets.descent.DescentExplorer"] = [
    bad(ValueError, r"unknown surface 'ball'; choose one of", surface="ball"),
    bad(ValueError, r"unknown method 'sgd'; choose one of", method="sgd"),
    bad(ValueError, r"lr must be a positive number, got 0", lr=0),
    bad(ValueError, r"lr must be a positive number, got nan", lr=NAN),
    bad(ValueError, r"steps must be a non-negative int, got -1", steps=-1),
]
TABLE["lecturekit.widgets.descent.DescentExplorer.path"] = [
    bad(ValueError, r"unknown method 'sgd'; choose one of", "sgd", 0.1, 5),
    bad(ValueError, r"lr must be a positive number, got -1", "momentum", -1, 5),
    bad(ValueError, r"steps must be a non-negative int, got 2.5", "adam", 0.1, 2.5),
]
TABLE["lecturekit.widgets.descent.DescentExplorer.update"] = [
    bad(ValueError, r"unknown method 'sgd'; choose one of", 0.1, 5, "sgd"),
    bad(ValueError, r"lr must be a positive number, got inf", INF, 5, "all"),
]
TABLE["lecturekit.widgets.descent.DescentExplorer.verdict"] = [
    bad(ValueError, r"path must have shape \(steps \+ 1, 2\), got \(3,\)", np.zeros(3)),
    bad(ValueError, r"path must have shape \(steps \+ 1, 2\), got \(0, 2\)", np.zeros((0, 2))),
]
TABLE["lecturekit.widgets.loss.RegressionLossExplorer"] = [
    bad(TypeError, r"error must be a finite number, got str", error="1"),
    bad(ValueError, r"error must be a finite number, got nan", error=NAN),
    bad(ValueError, r"delta must be a positive number, got 0", delta=0),
    bad(TypeError, r"delta must be a positive number, got str", delta="1"),
]
TABLE["lecturekit.widgets.loss.RegressionLossExplorer.values_at"] = [
    bad(TypeError, r"error must be a finite number, got str", "1", 1.0),
    bad(ValueError, r"error must be a finite number, got inf", INF, 1.0),
    bad(ValueError, r"delta must be a positive number, got -1", 0.5, -1),
]
TABLE["lecturekit.widgets.loss.RegressionLossExplorer.update"] = [
    bad(ValueError, r"error must be a finite number, got nan", NAN, 1.0),
    bad(ValueError, r"delta must be a positive number, got nan", 0.5, NAN),
]
_LOGITS = dict(z0=0.0, z1=1.0, z2=-0.5, z3=0.5)
TABLE["lecturekit.widgets.loss.SoftmaxLossExplorer"] = [
    bad(ValueError, r"logits must hold at least 2 values \(one per class\), got 1", [1.0]),
    bad(TypeError, r"logits must be a sequence of k numbers, got int", 3),
    bad(TypeError, r"logits must hold real numbers, got str", ["a", "b"]),
    bad(ValueError, r"logits must hold finite numbers, got nan", [NAN, 0.0]),
    bad(ValueError, r"target must be a class index in 0\.\.3, got 4", target=4),
    bad(ValueError, r"target must be a class index in 0\.\.3, got True", target=True),
]
for _method in ("state", "update"):
    TABLE[f"lecturekit.widgets.loss.SoftmaxLossExplorer.{_method}"] = [
        bad(ValueError, r"target must be a class index in 0\.\.3, got 7", 7, **_LOGITS),
        bad(ValueError, r"logits must be given as z0\.\.z3, got \['z0', 'z1', 'z2'\]", 1, z0=0.0, z1=1.0, z2=0.0),
        bad(TypeError, r"z0 must be a finite number, got str", 1, **{**_LOGITS, "z0": "a"}),
        bad(ValueError, r"z2 must be a finite number, got nan", 1, **{**_LOGITS, "z2": NAN}),
    ]
TABLE["lecturekit.line_fit.outlier_data"] = [
    bad(ValueError, r"n must be a positive int, got 0", 0),
    bad(ValueError, r"n must be a positive int, got -5", -5),
    bad(ValueError, r"n_outliers must be an int in 0\.\.20 \(at most n // 2\), got 30", 40, 30),
    bad(ValueError, r"n_outliers must be an int in 0\.\.20 \(at most n // 2\), got -1", 40, -1),
]
_LX, _LY = np.linspace(-1, 1, 5), np.linspace(0, 2, 5)
TABLE["lecturekit.line_fit.fit_line"] = [
    bad(ValueError, r"unknown loss 'mes'; choose one of", _LX, _LY, "mes"),
    bad(ValueError, r"lr must be a positive number, got 0", _LX, _LY, "mse", 0),
    bad(ValueError, r"lr must be a positive number, got nan", _LX, _LY, "mse", NAN),
    bad(ValueError, r"steps must be a non-negative int, got -1", _LX, _LY, "mse", 0.1, -1),
    bad(TypeError, r"lr must be a positive number, got str", _LX, _LY, "mse", "0.1"),
    bad(ValueError, r"x and y must be 1-D arrays of the same length, got shapes \(5,\) and \(4,\)", _LX, _LY[:4], "mse"),
    bad(ValueError, r"x must hold at least one point, got shape \(0,\)", np.zeros(0), np.zeros(0), "mse"),
    bad(TypeError, r"x must hold real numbers, got dtype <U1", STR[0], _LY[:2], "mse"),
]
_PATHS = {"mse": np.zeros((3, 2))}
TABLE["lecturekit.widgets.loss.LineFitExplorer"] = [
    bad(ValueError, r"give both x and y, or neither \(for the default data\); got only x", _LX),
    bad(ValueError, r"x and y must be 1-D arrays of the same length, got shapes \(5,\) and \(4,\)", _LX, _LY[:4], _PATHS),
    bad(ValueError, r"paths must hold at least one loss's path, got \{\}", _LX, _LY, {}),
    bad(ValueError, r"every path must have the same shape \(steps \+ 1, 2\), got \[\(3, 3\)\]", _LX, _LY, {"mse": np.zeros((3, 3))}),
    bad(ValueError, r"step must be in 0\.\.2, got 400", _LX, _LY, _PATHS, step=400),
    bad(ValueError, r"step must be an int in 0\.\.2, got 'a'", _LX, _LY, _PATHS, step="a"),
    bad(ValueError, r"outliers must have the shape of x, \(5,\), got \(3,\)", _LX, _LY, _PATHS, outliers=np.zeros(3, bool)),
]
TABLE["lecturekit.widgets.loss.LineFitExplorer.update"] = [
    bad(ValueError, r"step must be in 0\.\.300, got -1", -1),
    bad(ValueError, r"step must be an int in 0\.\.300, got 2.5", 2.5),
]

# gradient_flow (vanishing and exploding gradients, notebook 02): a network 2 -> 4 -> 3 -> 2 on _X2, _Y2
_BackwardPass = lecturekit.gradient_flow.BackwardPass
_DRAWS = [np.ones((4, 2)), np.ones((3, 4)), np.ones((2, 3))]
_RESULT = _BackwardPass(dW=_DRAWS, db=[np.ones(4), np.ones(3), np.ones(2)], zs=[np.ones((3, 4)), np.ones((3, 3))])
_SHALLOW = _BackwardPass(dW=[np.ones((2, 2))], db=[np.ones(2)], zs=[])  # no hidden layer
_TANH = (np.tanh, lambda z: 1 - np.tanh(z) ** 2)  # f, f_grad
_RECIPES = {"tanh": (*_TANH, 1.0)}
_AX = matplotlib.figure.Figure().add_subplot()  # (not through pyplot: every row fails before drawing on it)
TABLE["lecturekit.gradient_flow.rms"] = [
    bad(TypeError, r"a must hold real numbers, got dtype <U3", "abc"),
    bad(TypeError, r"a must hold real numbers, got dtype complex128", COMPLEX),
    bad(ValueError, r"a must hold at least one number, got shape \(0,\)", []),
    bad(ValueError, r"a must hold at least one number, got shape \(2, 0\)", np.zeros((2, 0))),
]
_DRAWS_ROWS = [
    bad(TypeError, r"standard_normal must be a list of arrays \(n_out, n_in\), one per layer, got ndarray", np.ones((2, 3)), 1.0),
    bad(ValueError, r"standard_normal must hold at least one array \(n_out, n_in\), got an empty list", [], 1.0),
    bad(ValueError, r"standard_normal\[1\] must have shape \(n_out, n_in\) with n_out, n_in >= 1, got \(3,\)",
        [np.ones((3, 2)), np.ones(3)], 1.0),
    bad(ValueError, r"standard_normal\[0\] must have shape \(n_out, n_in\) with n_out, n_in >= 1, got \(2, 0\)",
        [np.ones((2, 0))], 1.0),
    bad(TypeError, r"standard_normal\[0\] must hold real numbers, got dtype <U1", [STR], 1.0),
    bad(ValueError, r"standard_normal\[0\] must hold finite numbers, got nan", [np.array([[1.0, NAN]])], 1.0),
    bad(ValueError, r"variance must be a positive number, got 0", [np.ones((2, 3))], 0),
    bad(ValueError, r"variance must be a positive number, got -1", [np.ones((2, 3))], -1),
    bad(ValueError, r"variance must be a positive number, got nan", [np.ones((2, 3))], NAN),
    bad(TypeError, r"variance must be a positive number, got str", [np.ones((2, 3))], "1"),
]
TABLE["lecturekit.gradient_flow.scaled_weights"] = _DRAWS_ROWS
TABLE["lecturekit.gradient_flow.backward_pass"] = [
    replace(row, args=(_X2, _Y2, *_TANH, *row.args)) for row in _DRAWS_ROWS
] + [
    bad(ValueError, r"standard_normal\[1\] must have shape \(n_out, 4\) to follow standard_normal\[0\] of shape "
        r"\(4, 2\), got \(3, 3\)", _X2, _Y2, *_TANH, [np.ones((4, 2)), np.ones((3, 3)), np.ones((2, 3))], 1.0),
    bad(ValueError, r"X must have shape \(n, 2\) \(one input per row, n_in of standard_normal\[0\]\), got \(3, 3\)",
        np.ones((3, 3)), _Y2, *_TANH, _DRAWS, 1.0),
    bad(ValueError, r"X must have shape \(n, 2\) \(one input per row, n_in of standard_normal\[0\]\), got \(2,\)",
        np.ones(2), _Y2, *_TANH, _DRAWS, 1.0),
    bad(ValueError, r"X must hold at least one input, got 0 rows", np.zeros((0, 2)), np.zeros((0, 2)), *_TANH, _DRAWS, 1.0),
    bad(TypeError, r"X must hold real numbers, got dtype <U1", STR, _Y2, *_TANH, _DRAWS, 1.0),
    bad(ValueError, r"X must hold finite numbers, got nan", _X2_NAN, _Y2, *_TANH, _DRAWS, 1.0),
    bad(ValueError, r"Y must have shape \(3, 2\) \(one-hot, one row per input of X\), got \(3,\)",
        _X2, np.array([0, 1, 1]), *_TANH, _DRAWS, 1.0),
    bad(ValueError, r"Y must have shape \(3, 2\) \(one-hot, one row per input of X\), got \(3, 3\)",
        _X2, np.eye(3), *_TANH, _DRAWS, 1.0),
    bad(ValueError, r"Y must hold finite numbers, got inf", _X2, np.array([[INF, 0.0]] * 3), *_TANH, _DRAWS, 1.0),
    bad(TypeError, r"f must be a function of z \(the hidden layers' activation\), got str", _X2, _Y2, "tanh", _TANH[1], _DRAWS, 1.0),
    bad(TypeError, r"f_grad must be a function of z \(the derivative of f\), got NoneType", _X2, _Y2, np.tanh, None, _DRAWS, 1.0),
]
_RESULT_ROWS = [
    bad(TypeError, r"result must be a BackwardPass \(what backward_pass returns\), got tuple", tuple(_RESULT)),
    bad(TypeError, r"result must be a BackwardPass \(what backward_pass returns\), got list", [np.ones((2, 2))]),
]
TABLE["lecturekit.gradient_flow.per_weight_rms"] = _RESULT_ROWS
TABLE["lecturekit.gradient_flow.layer_factors"] = [replace(row, args=(*row.args, _TANH[1], 1.0)) for row in _RESULT_ROWS] + [
    bad(ValueError, r"result must come from a network with at least 2 hidden layers \(consecutive ones are compared\), got 0",
        _SHALLOW, _TANH[1], 1.0),
    bad(TypeError, r"f_grad must be a function of z \(the derivative of the hidden layers' activation\), got float", _RESULT, 1.0, 1.0),
    bad(ValueError, r"variance must be a positive number, got 0", _RESULT, _TANH[1], 0),
    bad(ValueError, r"variance must be a positive number, got inf", _RESULT, _TANH[1], INF),
]
_NETS_ROWS = [
    bad(TypeError, r"nets must be a dict of name -> BackwardPass, got list", [_RESULT]),
    bad(ValueError, r"nets must hold at least one network, got an empty dict", {}),
    bad(TypeError, r"nets must be keyed by names \(str\), got the key 1", {1: _RESULT}),
    bad(TypeError, r"nets\['tanh'\] must be a BackwardPass \(what backward_pass returns\), got tuple", {"tanh": tuple(_RESULT)}),
]
TABLE["lecturekit.gradient_flow.report"] = [replace(row, args=(*row.args, _RECIPES)) for row in _NETS_ROWS] + [
    bad(ValueError, r"nets\['tanh'\] must come from a network with at least 2 hidden layers \(consecutive ones are "
        r"compared\), got 0", {"tanh": _SHALLOW}, _RECIPES),
    bad(TypeError, r"recipes must be a dict of name -> \(f, f_grad, variance\), got list", {"tanh": _RESULT}, [(*_TANH, 1.0)]),
    bad(ValueError, r"recipes must have an entry \(f, f_grad, variance\) for every network of nets, missing 'ReLU'",
        {"tanh": _RESULT, "ReLU": _RESULT}, _RECIPES),
    bad(ValueError, r"recipes\['tanh'\] must be \(f, f_grad, variance\), got \(1.0,\)", {"tanh": _RESULT}, {"tanh": (1.0,)}),
    bad(TypeError, r"f_grad of recipes\['tanh'\] must be a function of z, got str", {"tanh": _RESULT}, {"tanh": (np.tanh, "d", 1.0)}),
    bad(ValueError, r"variance of recipes\['tanh'\] must be a positive number, got -1", {"tanh": _RESULT}, {"tanh": (*_TANH, -1)}),
    bad(ValueError, r"scale must be a positive number, got 0", {"tanh": _RESULT}, _RECIPES, scale=0),
    bad(TypeError, r"scale must be a positive number, got str", {"tanh": _RESULT}, _RECIPES, scale="16"),
]
TABLE["lecturekit.gradient_flow.plot_per_weight"] = [replace(row, args=(_AX, *row.args)) for row in _NETS_ROWS] + [
    bad(TypeError, r"ax must be a matplotlib Axes, got NoneType", None, {"tanh": _RESULT}),
    bad(ValueError, r"nets must hold at most 6 networks \(one marker each\), got 7", _AX, {str(i): _RESULT for i in range(7)}),
    bad(ValueError, r"nets must hold networks with the same number of layers, got \[1, 3\]", _AX,
        {"tanh": _RESULT, "shallow": _SHALLOW}),
    bad(TypeError, r"title must be a str or None, got int", _AX, {"tanh": _RESULT}, title=2),
    bad(TypeError, r"legend must be True, False or None, got str \('no'\)", _AX, {"tanh": _RESULT}, legend="no"),
]

# universality (bumps of sigmoid neurons) and its widget
TABLE["lecturekit.universality.wiggly"] = [
    bad(TypeError, r"x must hold real numbers, got dtype <U1", STR),
    bad(ValueError, r"x must hold finite numbers, got nan", [0.5, NAN]),
]
TABLE["lecturekit.universality.bump_network"] = [
    bad(TypeError, r"f must be a function of an array of inputs \(the target curve\), got float", 1.0, 4),
    bad(ValueError, r"n_hidden must be an even int in 2\.\.2000 \(two neurons per bump\), got 5", np.sin, 5),
    bad(ValueError, r"n_hidden must be an even int in 2\.\.2000 \(two neurons per bump\), got 0", np.sin, 0),
    bad(ValueError, r"n_hidden must be an even int in 2\.\.2000 \(two neurons per bump\), got 4.0", np.sin, 4.0),
    bad(ValueError, r"interval must be a pair of numbers \(lo, hi\) with lo < hi, got \(1.0, 0.0\)", np.sin, 4, (1.0, 0.0)),
    bad(ValueError, r"interval must be a pair of numbers \(lo, hi\) with lo < hi, got 1.0", np.sin, 4, 1.0),
    bad(ValueError, r"steepness must be a positive number, got 0", np.sin, 4, steepness=0),
    bad(ValueError, r"f must return one real number per input, shape \(2,\); got float64 of shape \(\)", lambda x: 1.0, 4),
    bad(ValueError, r"f must return finite numbers, got nan at x = 0.25", lambda x: x * NAN, 4),
]
_W3 = np.ones(3)
TABLE["lecturekit.universality.one_hidden_layer"] = [
    bad(ValueError, r"x must be a 1-D array of inputs, shape \(n,\), got shape \(2, 2\)", np.zeros((2, 2)), _W3, _W3, _W3),
    bad(TypeError, r"x must hold real numbers, got dtype <U1", STR[0], _W3, _W3, _W3),
    bad(ValueError, r"w must be a 1-D array of hidden weights, shape \(n_hidden,\), got shape \(0,\)", np.zeros(2), np.zeros(0), np.zeros(0), np.zeros(0)),
    bad(ValueError, r"b must have the shape of w, \(3,\) \(one per hidden neuron\), got \(2,\)", np.zeros(2), _W3, np.ones(2), _W3),
    bad(ValueError, r"v must hold finite numbers, got inf", np.zeros(2), _W3, _W3, [1.0, INF, 1.0]),
]
_ODD_UNITS = bad(ValueError, r"n_hidden must be an even int in 2\.\.100 \(two per bump\), got 3", 3)
TABLE["lecturekit.widgets.universality.UniversalityExplorer"] = [
    _ODD_UNITS,
    bad(ValueError, r"n_hidden must be an even int in 2\.\.100 \(two per bump\), got 102", 102),
    bad(ValueError, r"max_hidden must be an even int in 2\.\.2000, got 7", 4, 7),
]
for _method in ("curve", "error", "update"):
    TABLE[f"lecturekit.widgets.universality.UniversalityExplorer.{_method}"] = [
        _ODD_UNITS,
        bad(ValueError, r"n_hidden must be an even int in 2\.\.100 \(two per bump\), got '10'", "10"),
    ]

#: Public callables without bad-input rows, each with the reason.
EXEMPT = {
    "lecturekit.network.feedforward": "the lecture's code as notebook 04 prints it; Network checks its arrays, then calls it",
    "lecturekit.network.backpropagate": "the lecture's code as notebook 04 prints it; Network checks its arrays, then calls it",
    "lecturekit.data.cache_dir": "no arguments",
    "lecturekit.progress.TrainingProgress.time_left": "no arguments",
    "lecturekit.exercises.is_unsolved": "takes any answers: it only asks whether each is a stub",
    "lecturekit.exercises.as_number": "takes any answer: it says None when the answer is not one finite number",
    "lecturekit.exercises.near": "the checkers' tolerance test on numbers as_number has already accepted",
    "lecturekit.exercises.backprop.check_output_gradient": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.backprop.check_hidden_weight_gradient": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.backprop.check_layer_gradients": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.losses.check_huber_grad": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.losses.check_sensitivity_specificity": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.losses.check_which_loss": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.neuron.check_or_and_gates": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.neuron.check_half_adder": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.neuron.check_bump": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.activations.check_sigmoid_tanh_derivatives": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.activations.check_sigmoid_bound": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.unet.check_dice": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.unet.check_empty_mask_decision": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.unet.check_rle": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.unet.check_batch_norm": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.unet.check_unet_shapes": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.unet.check_rare_mask": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.sgd.check_learning_rates": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.sgd.check_sgd_epoch": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.sgd.check_noise_scaling": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.cnn.check_one_output": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.cnn.check_strongest_patch": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.cnn.check_conv_layer": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.cnn.check_shift_experiment": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.cnn.check_receptive_field": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.sgd.check_first_steps": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.sgd.check_optimizer_race": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.training.check_init_variance": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.training.check_weight_decay": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.training.check_standard_error": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.exercises.training.check_overfitting": "a checker: any answer gets feedback (a hint or 'not solved yet'), never an error",
    "lecturekit.style.use": "no arguments",
    "lecturekit.style.cycler": "no arguments",
    "lecturekit.framework.import_tensorflow": "no arguments",
    "lecturekit.framework.device_summary": "no arguments",
    "lecturekit.launch.install_spec": "no arguments",
    "lecturekit.launch.colab_cell_source": "no arguments",
    "lecturekit.launch.in_colab": "no arguments",
    "lecturekit.launch.floors": "no arguments",
    "lecturekit.unet.gpu_count": "no arguments",
    "lecturekit.unet.distribution_strategy": "no arguments",
    "lecturekit.progress.TrainingProgress.keras_callback": "no arguments",
    "lecturekit.widgets.base.LiveFigure": "abstract base class; its subclasses' constructors have rows",
    "lecturekit.widgets.base.LiveFigure.update": "abstract; each subclass's update has rows",
    "lecturekit.widgets.base.LiveFigure.redraw": "no arguments",
    "lecturekit.widgets.base.LiveFigure.widget": "no arguments",
    "lecturekit.gradcheck.NetworkCheck": "a result record that check_network fills in",
    "lecturekit.ultrasound.NerveData": "a result record that load_nerve fills in",
    "lecturekit.unet.TrainResult": "a result record that train fills in",
    "lecturekit.exercises.unet.RareMaskFit": "a result record that rare_mask_fit fills in (check_rare_mask and "
    "plot_rare_mask_fits take it)",
    "lecturekit.blocks.Layer": "a result record that lenet5_layers fills in (layer_table checks its rows)",
    "lecturekit.blocks.lenet5_layers": "no arguments",
    "lecturekit.validate.is_int": "a predicate: any value gives True or False, nothing raises",
    "lecturekit.validate.is_number": "a predicate: any value gives True or False, nothing raises",
    "lecturekit.descent.Surface": "a record built by get_surface; widgets take surfaces by name",
    "lecturekit.gradient_flow.BackwardPass": "a result record that backward_pass fills in",
    "lecturekit.gradient_flow.Factors": "a result record that layer_factors fills in",
    "lecturekit.optimizers.Optimizer": "abstract base class; its subclasses' constructors have rows",
    **{f"lecturekit.optimizers.{name}.update": "step without the checks, for a caller that built its lists itself "
       "(Network.fit); step has the rows" for name in ("SGD", "Momentum", "Adam")},
}


def _sgd():
    return lecturekit.optimizers.SGD(0.1)


#: How to get an instance for a method's rows: class key -> factory.
OWNERS = {
    "lecturekit.network.Network": _network,
    "lecturekit.optimizers.Optimizer": _sgd,  # (Optimizer.step's rows run on an SGD)
    "lecturekit.optimizers.SGD": _sgd,
    "lecturekit.optimizers.Momentum": lambda: lecturekit.optimizers.Momentum(0.1),
    "lecturekit.optimizers.Adam": lambda: lecturekit.optimizers.Adam(0.1),
    "lecturekit.progress.TrainingProgress": lambda: lecturekit.progress.TrainingProgress(3),
    "lecturekit.unet.UNetConfig": lambda: lecturekit.unet.CPU_CONFIG,
    "lecturekit.widgets.base.LiveFigure": lambda: lecturekit.widgets.NeuronExplorer(),
    "lecturekit.widgets.activation.ActivationExplorer": lambda: lecturekit.widgets.ActivationExplorer(),
    "lecturekit.widgets.neuron.NeuronExplorer": lambda: lecturekit.widgets.NeuronExplorer(),
    "lecturekit.widgets.conv_arithmetic.ConvArithmetic": lambda: lecturekit.widgets.conv_arithmetic.ConvArithmetic(),
    "lecturekit.widgets.descent.DescentExplorer": lambda: lecturekit.widgets.DescentExplorer(),
    "lecturekit.widgets.loss.RegressionLossExplorer": lambda: lecturekit.widgets.RegressionLossExplorer(),
    "lecturekit.widgets.loss.SoftmaxLossExplorer": lambda: lecturekit.widgets.SoftmaxLossExplorer(),
    "lecturekit.widgets.loss.LineFitExplorer": lambda: lecturekit.widgets.LineFitExplorer(),
    "lecturekit.widgets.universality.UniversalityExplorer": lambda: lecturekit.widgets.UniversalityExplorer(),
}

API = public_api()


def _target(key: str):
    """The callable a row calls: the function or class itself, or a method of a fresh instance."""
    owner, _, method = key.rpartition(".")
    if owner in OWNERS and inspect.isclass(API.get(owner)):
        return getattr(OWNERS[owner](), method)
    return API[key]


def _params():
    for key, rows in TABLE.items():
        for i, row in enumerate(rows):
            yield pytest.param(key, row, id=f"{key.removeprefix('lecturekit.')}[{i}] {row.label()}")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("key, row", list(_params()))
def test_bad_input_raises_a_clear_error(key, row):
    if key not in API:
        pytest.fail(f"{key} is in the table but not in the public API (renamed or removed?)")
    with pytest.raises(row.raises, match=row.match):
        _target(key)(*row.args, **row.kwargs)


def test_discovery_finds_the_public_api():
    # Spot checks, so that a broken discovery cannot make the coverage test below pass vacuously.
    for key in [
        "lecturekit.seed.set_seed",
        "lecturekit.activations.sigmoid",
        "lecturekit.network.Network",
        "lecturekit.network.Network.fit",
        "lecturekit.widgets.base.LiveFigure.set",
        "lecturekit.progress.TrainingProgress.update",
        "lecturekit.widgets.conv_arithmetic.ConvArithmetic.check",
    ]:
        assert key in API, key
    assert "lecturekit.data.DataError" not in API, "exception classes are not callables to feed bad input"
    assert not any("._" in key for key in API), "private names and modules are not public"
    assert "lecturekit.widgets.NeuronExplorer" not in API, "re-exports are listed under their defining module"


def test_every_public_callable_has_rows_or_a_reason():
    missing = sorted(set(API) - set(TABLE) - set(EXEMPT))
    assert not missing, "public callables without bad-input rows: add rows to TABLE (or a reason to EXEMPT): " + ", ".join(missing)
    stale = sorted((set(TABLE) | set(EXEMPT)) - set(API))
    assert not stale, "rows for callables that are not public (renamed or removed?): " + ", ".join(stale)
    assert not set(TABLE) & set(EXEMPT), "a callable is both in TABLE and EXEMPT"
    assert all(TABLE.values()), "every TABLE entry needs at least one row"
    assert all(isinstance(reason, str) and reason for reason in EXEMPT.values())
    for key, rows in TABLE.items():
        for row in rows:
            assert row.raises in (ValueError, TypeError), f"{key}: rows expect ValueError or TypeError"
        owner, _, method = key.rpartition(".")
        if inspect.isclass(API.get(owner)) and inspect.isfunction(inspect.getattr_static(API[owner], method)):
            assert owner in OWNERS, f"{key} is an instance method: add a factory for {owner} to OWNERS"
    for key, reason in EXEMPT.items():
        if reason == "no arguments" and key in API:
            params = [p for p in inspect.signature(API[key]).parameters.values() if p.name != "self"]
            assert not params, f"{key} is exempt for having no arguments but takes {[p.name for p in params]}"


def test_a_rejected_set_leaves_the_widget_as_it_was():
    from lecturekit.widgets import NeuronExplorer

    explorer = NeuronExplorer(w=2.0, b=1.0)
    before, values = explorer.line.get_ydata().copy(), dict(explorer.values)
    with pytest.raises(ValueError):
        explorer.set(w=NAN)
    assert explorer.values == values
    np.testing.assert_array_equal(explorer.line.get_ydata(), before)


#: Checkers whose exemption is proved below: every argument is an answer, and any value of it gets feedback.
_ANSWERS_ONLY = [
    "lecturekit.exercises.cnn.check_shift_experiment",
    "lecturekit.exercises.cnn.check_receptive_field",
    "lecturekit.exercises.sgd.check_first_steps",
    "lecturekit.exercises.sgd.check_optimizer_race",
    "lecturekit.exercises.training.check_init_variance",
    "lecturekit.exercises.training.check_weight_decay",
    "lecturekit.exercises.training.check_standard_error",
    "lecturekit.exercises.training.check_overfitting",
    "lecturekit.exercises.unet.check_batch_norm",
    "lecturekit.exercises.unet.check_unet_shapes",
    "lecturekit.exercises.unet.check_rare_mask",
]
_ODD_ANSWERS = [
    10**400, "abc", 1j, True, NAN, -INF, 0, [], {}, object(), np.zeros((2, 2)), STR, [10**400] * 12, ["a"] * 12,
    [NAN] * 12, lambda *a: 10**400, lambda *a: "x", lambda *a: np.zeros((2, 2)), lambda *a: 1 / 0,
    {"accuracy": np.array([0.9, 1.0]), "val_accuracy": np.array([0.5, 0.6])}, {"accuracy": 0.9, "val_accuracy": 0.5},
    {"accuracy": ["a"], "val_accuracy": [None]},
]


@pytest.mark.parametrize("key", _ANSWERS_ONLY)
def test_a_checker_gives_feedback_for_any_answer(key):
    assert EXEMPT[key].startswith("a checker")
    checker = API[key]
    n = len(inspect.signature(checker).parameters)
    for odd in _ODD_ANSWERS:
        for args in ([odd] * n, *([*[odd if j == i else 1.0 for j in range(n)]] for i in range(n))):
            feedback = checker(*args)
            assert feedback.status in ("correct", "hint", "unsolved"), (key, args)
