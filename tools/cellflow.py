"""Which cells of a notebook a cell depends on, and which cells a change reaches: names read and written.

A code cell *binds* the module-level names it assigns, defines or imports,
*reads* the module-level names it uses (in its functions too) and *changes*
the objects it assigns into (``x[i] = ...``, ``x.a = ...``, ``x += ...``) or
hands to a call whose result it drops (``x.update(...)``, ``train(net, ...)``:
either may change them in place).  Modules (names bound by ``import``) are
never counted as changed.  This is a conservative reading -- a cell that
might be needed is kept -- used by ``tests/test_student.py`` to run, of each
student notebook, the cells that differ from the lecture and what they need,
and by ``tools/assignments.py`` to find the cells autograding may skip.
``%magics`` and ``!shell`` lines are read as the Python IPython makes of them.
"""
from __future__ import annotations

import ast
import builtins
import symtable
from dataclasses import dataclass, field
from functools import lru_cache

from IPython.core.inputtransformer2 import TransformerManager

BUILTINS = frozenset(dir(builtins)) | {"get_ipython", "display", "__file__"}


@dataclass
class Cell:
    reads: set[str] = field(default_factory=set)
    binds: set[str] = field(default_factory=set)
    changes: set[str] = field(default_factory=set)
    passes: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)


def _global_reads(table: symtable.SymbolTable) -> set[str]:
    """Module-level names a function (or class, comprehension) body uses, recursively."""
    found = {s.get_name() for s in table.get_symbols() if s.is_referenced() and s.is_global()}
    for child in table.get_children():
        found |= _global_reads(child)
    return found


def _global_writes(table: symtable.SymbolTable) -> set[str]:
    """Module-level names a nested body assigns through a ``global`` statement."""
    found = {s.get_name() for s in table.get_symbols() if s.is_declared_global() and s.is_assigned()}
    for child in table.get_children():
        found |= _global_writes(child)
    return found


def _base(node) -> str | None:
    """``x`` of ``x``, ``x.a``, ``x[i]``, ``x.a[i].b``."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _symbols(node) -> tuple[set[str], set[str]]:
    """Module-level names a statement or expression reads (its nested bodies too) and binds, in no order."""
    if isinstance(node, ast.expr):
        table = symtable.symtable(ast.unparse(node), "<cell>", "eval")
    else:
        table = symtable.symtable(ast.unparse(node), "<cell>", "exec")
    reads = {s.get_name() for s in table.get_symbols() if s.is_referenced()}
    binds = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    for child in table.get_children():
        reads |= _global_reads(child)
        binds |= _global_writes(child)
    return reads, binds


def _reads_in_order(statements, bound: set[str], reads: set[str]) -> None:
    """Add to ``reads`` the names the statements read before they bind them (``for x in ...: f(x)`` reads no x).

    A statement's own value is read before its targets are bound (``x = x + 1``
    reads x); a loop's target is bound before its body runs.
    """
    def expr(node):
        if node is not None:
            reads.update(_symbols(node)[0] - bound)

    for st in statements:
        if isinstance(st, (ast.For, ast.AsyncFor)):
            expr(st.iter)
            bound |= _target_names(st.target)
            _reads_in_order(st.body, bound, reads)
            _reads_in_order(st.orelse, bound, reads)
        elif isinstance(st, (ast.While, ast.If)):
            expr(st.test)
            _reads_in_order(st.body, bound, reads)
            _reads_in_order(st.orelse, bound, reads)
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            for item in st.items:
                expr(item.context_expr)
                if item.optional_vars is not None:
                    bound |= _target_names(item.optional_vars)
            _reads_in_order(st.body, bound, reads)
        elif isinstance(st, ast.Try):
            _reads_in_order(st.body, bound, reads)
            for handler in st.handlers:
                expr(handler.type)
                if handler.name:
                    bound.add(handler.name)
                _reads_in_order(handler.body, bound, reads)
            _reads_in_order(st.orelse, bound, reads)
            _reads_in_order(st.finalbody, bound, reads)
        else:
            r, b = _symbols(st)
            if isinstance(st, ast.AugAssign) and isinstance(st.target, ast.Name):
                r.add(st.target.id)  # x += 1 reads x
            reads.update(r - bound)
            bound |= b


def _target_names(target) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


@lru_cache(maxsize=None)
def analyse(source: str) -> Cell:
    python = TransformerManager().transform_cell(source)
    tree = ast.parse(python)
    table = symtable.symtable(python, "<cell>", "exec")
    cell = Cell()
    for s in table.get_symbols():
        name = s.get_name()
        if s.is_imported():
            cell.imports.add(name)
        if s.is_assigned() or s.is_imported() or s.is_namespace():
            cell.binds.add(name)
    for child in table.get_children():
        cell.binds |= _global_writes(child)
    cell.reads = set()
    _reads_in_order(tree.body, set(), cell.reads)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            cell.changes.add(_base(node))
        elif isinstance(node, ast.AugAssign):
            cell.changes.add(_base(node.target))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            cell.changes.add(_base(call.func) if isinstance(call.func, ast.Attribute) else None)
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                cell.passes.add(_base(arg))
    cell.changes.discard(None)
    cell.passes.discard(None)
    cell.reads -= BUILTINS - cell.binds
    return cell


def _changes(cells, i, passed: bool = False) -> set[str]:
    """What cell ``i`` changes (with ``passed``: or hands to a call), modules left out."""
    modules = set().union(*(cells[j].imports for j in range(i + 1) if cells[j] is not None))
    return (cells[i].changes | (cells[i].passes if passed else set())) - modules


def reached(sources: list[str | None], changed: set[str], starts: set[int]) -> set[int]:
    """Cells whose result may differ: ``starts``, and every later cell reading a name that differs.

    ``sources`` holds each cell's code (None for a cell that is not code);
    ``changed`` names differ from the start.  A cell that differs makes what
    it binds and changes differ; a cell that does not, and binds a name anew,
    makes that name the same again.
    """
    cells = [analyse(s) if s is not None else None for s in sources]
    changed, found = set(changed), set()
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        if i in starts or cell.reads & changed:
            found.add(i)
            changed |= cell.binds | _changes(cells, i)
        else:
            changed -= cell.binds
    return found


def needed(sources: list[str | None], targets: set[int]) -> set[int]:
    """``targets`` and every earlier cell they need: the last binding of each name read, and changes since."""
    cells = [analyse(s) if s is not None else None for s in sources]
    keep, todo = set(targets), sorted(targets)
    while todo:
        i = todo.pop()
        for name in cells[i].reads:
            for j in range(i - 1, -1, -1):
                if cells[j] is None:
                    continue
                if name in _changes(cells, j, passed=True) or name in cells[j].binds:
                    if j not in keep:
                        keep.add(j)
                        todo.append(j)
                if name in cells[j].binds and name not in cells[j].reads:
                    break  # bound anew here: nothing earlier reaches this name
    return keep
