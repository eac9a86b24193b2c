"""The package's layout: no module of lecturekit reaches into another's private names.

A name with a leading underscore is an implementation detail of the module
that defines it, free to change without notice.  What modules share is
public (or moves to the module that uses it).  Checked on the source, with
:mod:`ast`, for every module of the package:

* ``from .x import _name`` / ``from lecturekit.x import _name``;
* ``module._name``, where ``module`` is a module the file imported;
* ``obj._name`` on anything but ``self`` or ``cls``, where ``_name`` is not
  defined or assigned in the same file (``net._backprop`` from outside
  ``network.py``: an object's private attribute belongs to its class's module).

The tests keep to the same rule, so that a module's internals can change
without rewriting them: a test observes lecturekit through its public names
(``widget.shown``, ``widget.frame_due``, a display handle it is given ...),
never through a private one.  For every file of ``tests/``:

* ``from lecturekit.x import _name``, and ``module._name`` where ``module`` is
  a lecturekit module the file imported;
* ``obj._name`` where ``_name`` is a private name lecturekit defines (a
  function, class, variable, argument or attribute of its own) and the test
  file does not define it itself (its own helpers, its classes' attributes);
* the same names as strings: ``monkeypatch.setattr(obj, "_name", ...)``,
  ``getattr(obj, "_name")``, ``mock.patch("lecturekit.x._name")``.

Dunder names (``__init__``, ``obj.__name__``) are public by design.
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lecturekit"
MODULES = sorted(PACKAGE.rglob("*.py"))
TESTS = sorted(Path(__file__).resolve().parent.rglob("*.py"))

#: Underscore names that are public API of the standard library or numpy.
PUBLIC_BY_DESIGN = {
    "_replace", "_asdict", "_fields", "_make",  # collections.namedtuple
    # IPython display
    "_repr_html_", "_repr_png_", "_repr_svg_", "_repr_markdown_", "_repr_pretty_", "_ipython_display_",
}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__")) and name != "_"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def own_private_names(tree: ast.Module, *, test: bool = False) -> set[str]:
    """Private names the file itself defines: functions, classes, variables, arguments, attributes it assigns.

    A test file (``test=True``) defines only the attributes it assigns on ``self`` or ``cls``: ``obj._x = ...``
    on an object of lecturekit's is a reach into lecturekit, not a definition.
    """
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
            if not test or (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias) and node.asname:
            names.add(node.asname)
        elif not test and isinstance(node, ast.keyword) and node.arg:  # dataclasses.field(...), namedtuple fields
            names.add(node.arg)
    return {n for n in names if is_private(n)}


def imported_modules(tree: ast.Module) -> set[str]:
    """Local names bound to modules.

    By ``import x``, ``import x as y``, ``from . import x`` and ``from lecturekit import x``.
    """
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("lecturekit")):
            # from . import activations / from lecturekit import validate: the bound names may be modules
            names |= {alias.asname or alias.name for alias in node.names if (PACKAGE / f"{alias.name}.py").exists()
                      or (PACKAGE / alias.name).is_dir()}
    return names


def violations(source: str, where: str) -> list[str]:
    """``"file:line: what"`` for every private name of another module that ``source`` uses."""
    tree = ast.parse(source, filename=where)
    own = own_private_names(tree)
    modules = imported_modules(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = "." * node.level + (node.module or "")
            for alias in node.names:
                if is_private(alias.name):
                    found.append(f"{where}:{node.lineno}: from {source} import {alias.name}")
        elif isinstance(node, ast.Attribute) and is_private(node.attr) and node.attr not in PUBLIC_BY_DESIGN:
            base = node.value
            if isinstance(base, ast.Name) and base.id in modules:
                found.append(f"{where}:{node.lineno}: {base.id}.{node.attr} (a private name of module {base.id})")
            elif not (isinstance(base, ast.Name) and base.id in ("self", "cls")) and node.attr not in own:
                found.append(f"{where}:{node.lineno}: {ast.unparse(base)}.{node.attr} (private, defined elsewhere)")
    return found


@functools.cache
def lecturekit_private_names() -> frozenset[str]:
    """Every private name lecturekit defines: its functions, classes, variables, arguments and attributes."""
    names = set()
    for path in MODULES:
        names |= own_private_names(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return frozenset(names - PUBLIC_BY_DESIGN)


def lecturekit_modules(tree: ast.Module) -> dict[str, str]:
    """Local names bound to lecturekit or one of its modules (``from lecturekit.widgets import base``) -> module."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "lecturekit":
                    bound[alias.asname or "lecturekit"] = alias.name if alias.asname else "lecturekit"
        elif isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "lecturekit":
            folder = PACKAGE.parent.joinpath(*node.module.split("."))
            for alias in node.names:
                if (folder / f"{alias.name}.py").exists() or (folder / alias.name).is_dir():
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def names_a_lecturekit_private(text: str, private: set[str]) -> bool:
    """Whether a string names a private attribute (``"_timer"``) or a private name of a lecturekit module."""
    parts = text.split(".")
    if len(parts) == 1:
        return text in private
    return parts[0] == "lecturekit" and any(is_private(part) for part in parts)


def violations_in_test(source: str, where: str, private: set[str] | frozenset[str] | None = None) -> list[str]:
    """``"file:line: what"`` for every private name of lecturekit (``private``: all of them) a test file uses."""
    private = lecturekit_private_names() if private is None else private
    tree = ast.parse(source, filename=where)
    own = own_private_names(tree, test=True)
    modules = lecturekit_modules(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "lecturekit":
            found += [f"{where}:{node.lineno}: from {node.module} import {alias.name}"
                      for alias in node.names if is_private(alias.name)]
        elif isinstance(node, ast.Import):
            found += [f"{where}:{node.lineno}: import {alias.name}" for alias in node.names
                      if alias.name.split(".")[0] == "lecturekit" and any(map(is_private, alias.name.split(".")))]
        elif isinstance(node, ast.Attribute) and is_private(node.attr) and node.attr not in PUBLIC_BY_DESIGN:
            base = node.value
            if isinstance(base, ast.Name) and base.id in modules:
                found.append(f"{where}:{node.lineno}: {base.id}.{node.attr} (a private name of {modules[base.id]})")
            elif node.attr in private and node.attr not in own:
                found.append(f"{where}:{node.lineno}: {ast.unparse(base)}.{node.attr} (a private name of lecturekit)")
        elif isinstance(node, ast.Call):  # setattr(obj, "_name"), monkeypatch.setattr("lecturekit.x._name", ...)
            for arg in node.args:
                if (isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in own
                        and names_a_lecturekit_private(arg.value, private)):
                    found.append(f"{where}:{node.lineno}: {ast.unparse(node.func)}(... {arg.value!r} ...) "
                                 "(a private name of lecturekit)")
    return found


@pytest.mark.parametrize("path", MODULES + TESTS, ids=[module_name(p) for p in MODULES + TESTS])
def test_no_module_uses_another_modules_private_names(path):
    where = str(path.relative_to(PACKAGE.parent))
    source = path.read_text(encoding="utf-8")
    if path.is_relative_to(PACKAGE):
        found = violations(source, where)
        advice = "make the name public where it is defined, or move it to its user"
    else:
        found = violations_in_test(source, where)
        advice = "test through what a user observes: a public name, added where the test needs one"
    assert not found, f"private names used across modules ({advice}):\n  " + "\n  ".join(found)


def test_the_check_finds_what_it_looks_for():
    # The check itself must be able to fail: each kind of reach, and what is allowed.
    code = (
        "from . import activations\n"
        "from .activations import _as_float\n"
        "from lecturekit.data import _data_dir\n"
        "import numpy as np\n"
        "def f(net, x):\n"
        "    y = activations._out(x, float)\n"
        "    net._backprop(x)\n"
        "    return np.__version__, x.__class__, _local(x)\n"
        "def _local(x):\n"
        "    return x\n"
    )
    found = violations(code, "lecturekit/sample.py")
    text = "\n".join(found)
    assert "from .activations import _as_float" in text
    assert "from lecturekit.data import _data_dir" in text
    assert "activations._out (a private name of module activations)" in text
    assert "net._backprop (private, defined elsewhere)" in text
    assert len(found) == 4, found  # dunder names and the file's own _local are fine


def test_the_check_finds_what_it_looks_for_in_tests():
    # A test may not use lecturekit's private names in any of these ways; its own are fine.
    code = (
        "from unittest import mock\n"
        "from lecturekit import launch\n"
        "from lecturekit.widgets import base\n"
        "from lecturekit.widgets.base import _png\n"
        "import lecturekit.data as data\n"
        "class Handle:\n"
        "    def __init__(self):\n"
        "        self._updates = []\n"
        "def test_widget(explorer, monkeypatch, canvas):\n"
        "    explorer._handle = Handle()\n"
        "    assert not explorer._pending\n"
        "    monkeypatch.setattr(explorer, '_timer', None)\n"
        "    monkeypatch.setattr('lecturekit.launch._slug', str)\n"
        "    with mock.patch('lecturekit.data._anything'):\n"
        "        return launch._slug(), base._canvas_class(), data._new\n"
        "def test_own(explorer, canvas):\n"
        "    explorer.update = _helper\n"
        "    return Handle()._updates, canvas._current_image_mode, explorer.__class__, explorer._ipython_display_\n"
        "def _helper():\n"
        "    return getattr(_helper, '_helper', '_')\n"
    )
    found = violations_in_test(code, "tests/test_sample.py", private={"_handle", "_pending", "_timer", "_updates"})
    text = "\n".join(found)
    assert "from lecturekit.widgets.base import _png" in text
    assert "explorer._handle (a private name of lecturekit)" in text
    assert "explorer._pending (a private name of lecturekit)" in text
    assert "monkeypatch.setattr(... '_timer' ...)" in text
    assert "monkeypatch.setattr(... 'lecturekit.launch._slug' ...)" in text
    assert "mock.patch(... 'lecturekit.data._anything' ...)" in text
    assert "launch._slug (a private name of lecturekit.launch)" in text
    assert "base._canvas_class (a private name of lecturekit.widgets.base)" in text
    assert "data._new (a private name of lecturekit.data)" in text
    # the file's own _updates and _helper, another library's private name, dunder and IPython names are fine
    assert len(found) == 9, found
    # and the names it looks for are lecturekit's own: the widgets' internals among them
    assert {"_handle", "_pending", "_timer", "_notice", "_background"} <= lecturekit_private_names()


# --------------------------------------------------------------------------
# One vocabulary of argument checks: numbers are told apart in validate.py only
# --------------------------------------------------------------------------
#: The names of the number types a raw check tests for (``bool``, ``int``,
#: ``numbers.Integral``, ``np.integer``, ...), bare or as an attribute.
NUMBER_TYPES = {
    "bool", "int", "float", "complex",  # builtins (and np.bool)
    "Number", "Complex", "Real", "Rational", "Integral",  # numbers
    "bool_", "number", "integer", "signedinteger", "unsignedinteger", "inexact", "floating",  # numpy's scalar types
}
#: Files that may test for number types themselves, and why.
OWN_NUMBER_CHECKS = {
    "lecturekit/validate.py": "the argument checks every module shares (is_int, is_number, positive_int, ...)",
    "lecturekit/exercises/": "the checkers turn a student's answer into a hint, never an error: no argument checks",
}


def raw_number_checks(source: str, where: str) -> list[str]:
    """``"file:line: call"`` for every ``isinstance`` or ``issubclass`` call whose types name a number type.

    ``isinstance(n, bool)``, ``isinstance(n, (int, np.integer))``, ``isinstance(x, numbers.Real)``: each
    is an argument check written by hand, which ``validate.is_int``, ``validate.is_number`` or one of
    validate's checks (with their one message per kind of mistake) replaces.
    """
    found = []
    for node in ast.walk(ast.parse(source, filename=where)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("isinstance", "issubclass") and len(node.args) == 2):
            continue
        types = ast.walk(node.args[1])
        named = {n.id if isinstance(n, ast.Name) else n.attr for n in types if isinstance(n, (ast.Name, ast.Attribute))}
        if named & NUMBER_TYPES:
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def checks_its_own_numbers(where: str) -> bool:
    return any(where == own or (own.endswith("/") and where.startswith(own)) for own in OWN_NUMBER_CHECKS)


CHECKED_MODULES = [p for p in MODULES if not checks_its_own_numbers(p.relative_to(PACKAGE.parent).as_posix())]


@pytest.mark.parametrize("path", CHECKED_MODULES, ids=[module_name(p) for p in CHECKED_MODULES])
def test_argument_checks_test_numbers_only_through_validate(path):
    where = path.relative_to(PACKAGE.parent).as_posix()
    found = raw_number_checks(path.read_text(encoding="utf-8"), where)
    assert not found, ("number types tested by hand (use validate.is_int / validate.is_number, or a check of "
                       "lecturekit.validate, so that each kind of mistake has one message):\n  " + "\n  ".join(found))


def test_the_number_check_finds_what_it_looks_for():
    code = (
        "import numbers\n"
        "import numpy as np\n"
        "from . import validate\n"
        "def f(n, x, seq, kind):\n"
        "    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):\n"
        "        raise ValueError('n')\n"
        "    if not isinstance(x, numbers.Real) or issubclass(kind, np.floating):\n"
        "        raise TypeError('x')\n"
        "    ok = isinstance(seq, (str, bytes)) or isinstance(seq, (tuple, list)) or isinstance(x, np.ndarray)\n"
        "    return ok and validate.is_int(n) and validate.is_number(x) and np.issubdtype(x.dtype, np.integer)\n"
    )
    found = raw_number_checks(code, "lecturekit/sample.py")
    assert sorted(found) == [
        "lecturekit/sample.py:5: isinstance(n, (int, np.integer))",
        "lecturekit/sample.py:5: isinstance(n, bool)",
        "lecturekit/sample.py:7: isinstance(x, numbers.Real)",
        "lecturekit/sample.py:7: issubclass(kind, np.floating)",
    ], found  # strings, sequences, arrays, validate's predicates and dtype tests are fine
    # only validate.py (and the exercises' answer checkers) are left out, and validate.py does test numbers
    assert checks_its_own_numbers("lecturekit/validate.py") and checks_its_own_numbers("lecturekit/exercises/sgd.py")
    assert not checks_its_own_numbers("lecturekit/network.py")
    assert PACKAGE / "network.py" in CHECKED_MODULES and PACKAGE / "validate.py" not in CHECKED_MODULES
    assert raw_number_checks((PACKAGE / "validate.py").read_text(encoding="utf-8"), "lecturekit/validate.py")
