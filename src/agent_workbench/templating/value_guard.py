"""No Python object reaches a render's output: only template values do.

Tera values are strings, numbers, booleans, arrays and maps; they have no methods
and nothing else can be named in a template. Jinja2 lets an expression name a
bound method (``{{ agpm.project.language.upper }}``), a function (``{{ range }}``),
a macro, the loop object or a generator, and printing, concatenating or filtering
one writes its Python repr (``<built-in method upper of str object at 0x7f…>``).

``guard_values`` rewrites a parsed template so that every variable read that is not
itself being called (``x.upper()`` stays allowed) passes through ``tera_value``,
which lets template values by and raises for everything else, naming the
expression as written. It runs on the tree just before code generation, so static
scans of the parsed tree (``content_scan``, ``impact``) see the template as written.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from types import BuiltinMethodType, MethodType
from typing import Any

from jinja2 import nodes
from jinja2.runtime import Undefined

from agent_workbench.templating.limits import RefusedFilterError, UndefinedVariableError
from agent_workbench.templating.values import TeraUndefined

FILTER_NAME = "_tera_value"
_CHAIN = (nodes.Name, nodes.Getattr, nodes.Getitem)


def tera_value(value: Any, expression: str) -> Any:
    """``value`` if it is a template value; an error naming ``expression`` if not."""
    if isinstance(value, TeraUndefined) and value.tera_path.startswith("…"):
        value._tera_path = expression  # a key missing from a map built in the template
    if isinstance(value, str | int | float | list | tuple | dict | Undefined) or value is None:
        return value
    bound_to = getattr(value, "__self__", None)
    if isinstance(value, MethodType | BuiltinMethodType) and not inspect.ismodule(bound_to):
        # a method of a value (`.items`, `.upper`): to Tera, a variable that is not there
        raise UndefinedVariableError(expression, "values have no methods in a template")
    if not (callable(value) or isinstance(value, Iterator) or _is_jinja_object(value)):
        return value  # another value a filter or function made (a date, a Markup, …)
    raise RefusedFilterError(
        f"`{expression}` is {_kind(value)}, not a value: it cannot be printed or passed on"
        + (f" (call it: `{expression}()`)" if callable(value) else ""),
        code="template-value",
    )


def _is_jinja_object(value: Any) -> bool:
    return type(value).__module__.startswith("jinja2.")


def _kind(value: Any) -> str:
    name = type(value).__name__
    if name == "Macro":
        return "a macro"
    if name == "LoopContext":
        return "the loop object"
    if isinstance(value, Iterator):
        return "a lazy sequence"
    if isinstance(value, type):
        return "a type"
    return "a function"


def _expression(node: nodes.Node) -> str:
    """The read as written: ``agpm.project.items``, ``x["a"]``, ``…`` for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expression(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        key = (
            f'"{arg.value}"'
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str)
            else (str(arg.value) if isinstance(arg, nodes.Const) else "…")
        )
        return f"{_expression(node.node)}[{key}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{_expression(node.node)} | {node.name}"
    if isinstance(node, nodes.Call):
        return f"{_expression(node.node)}(…)"
    return "…"


def _wrap(node: nodes.Expr) -> nodes.Expr:
    if (isinstance(node, nodes.Filter) and node.name == FILTER_NAME) or isinstance(
        node, nodes.TemplateData | nodes.Const
    ):
        return node
    return nodes.Filter(
        node, FILTER_NAME, [nodes.Const(_expression(node))], [], None, None, lineno=node.lineno
    )


class _Guard:
    """Wraps every outermost variable read that is not the callee of a call, and
    everything printed or concatenated."""

    def visit(self, node: nodes.Node, *, wrap: bool = True) -> nodes.Node:
        if isinstance(node, _CHAIN):
            self._inner(node)
            if wrap and not (isinstance(node, nodes.Name) and node.ctx != "load"):
                return _wrap(node)
            return node
        if isinstance(node, nodes.Output | nodes.Concat):
            # what is printed or joined into a string: a filter's or call's result too
            self._fields(node, skip=set())
            node.nodes = [_wrap(child) for child in node.nodes]
            return node
        if isinstance(node, nodes.Call):
            node.node = self.expression(node.node, wrap=False)
            self._fields(node, skip={"node"})
            return node
        if isinstance(node, nodes.Test):
            node.node = self.expression(node.node, wrap=False)  # `x is defined` prints nothing
            self._fields(node, skip={"node"})
            return node
        self._fields(node, skip=set())
        return node

    def expression(self, node: nodes.Expr, *, wrap: bool = True) -> nodes.Expr:
        """``visit`` of an expression: an expression again (itself or wrapped)."""
        out = self.visit(node, wrap=wrap)
        assert isinstance(out, nodes.Expr)
        return out

    def _inner(self, node: nodes.Node) -> None:
        """A read's own parts: its base is part of the read, an index is a value."""
        if isinstance(node, nodes.Getattr):
            self.visit(node.node, wrap=False)
        elif isinstance(node, nodes.Getitem):
            self.visit(node.node, wrap=False)
            node.arg = self.expression(node.arg)

    def _fields(self, node: nodes.Node, skip: set[str]) -> None:
        for field, value in node.iter_fields():
            if field in skip:
                continue
            if isinstance(value, nodes.Node):
                setattr(node, field, self.visit(value))
            elif isinstance(value, list):
                setattr(
                    node,
                    field,
                    [self.visit(v) if isinstance(v, nodes.Node) else v for v in value],
                )


def guard_values(tree: nodes.Template) -> nodes.Template:
    """Rewrite ``tree`` in place so no Python object can be printed or passed on."""
    _Guard().visit(tree)
    return tree
