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

Dunder names (``__init__``, ``obj.__name__``) are public by design.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lecturekit"
MODULES = sorted(PACKAGE.rglob("*.py"))

#: Underscore names that are public API of the standard library or numpy.
PUBLIC_BY_DESIGN = {
    "_replace", "_asdict", "_fields", "_make",  # collections.namedtuple
    "_repr_html_", "_repr_png_", "_repr_svg_", "_repr_markdown_", "_repr_pretty_", "_ipython_display_",  # IPython display
}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__")) and name != "_"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def own_private_names(tree: ast.Module) -> set[str]:
    """Private names the file itself defines: functions, classes, variables, arguments, attributes it assigns."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias) and node.asname:
            names.add(node.asname)
        elif isinstance(node, ast.keyword) and node.arg:  # dataclasses.field(...), namedtuple(...) fields
            names.add(node.arg)
    return {n for n in names if is_private(n)}


def imported_modules(tree: ast.Module) -> set[str]:
    """Local names bound to modules: ``import x``, ``import x as y``, ``from . import x``, ``from lecturekit import x``."""
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


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_no_module_uses_another_modules_private_names(path):
    found = violations(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    assert not found, (
        "private names used across modules (make the name public where it is defined, or move it to its user):\n  "
        + "\n  ".join(found)
    )


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
