"""Where Tera's grammar (Tera 1.20 ``src/parser/tera.pest``) differs from Jinja2's, the
workbench's lexer and parser follow Tera:

* Strings: ``"…"``, ``'…'`` and ```…``` (backticks), with no escapes: a backslash is a
  backslash (``"a\\nb"`` is four characters), and a string cannot hold its own quote.
* Filters apply to the whole arithmetic or ``~`` expression before them
  (``basic_expr_filter = basic_expr ~ filter*``): ``2.8 * 2 | round`` is ``round(5.6)``.
* ``{% endmacro name %}`` may repeat the macro's name; ``self::name(…)`` calls a macro of
  the same template.
* ``{% set_global x = … %}`` sets ``x`` for the whole template, from inside a loop too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

from jinja2 import nodes
from jinja2.lexer import TOKEN_STRING, Lexer, Token, _Rule, string_re
from jinja2.parser import Parser, _math_nodes

GLOBALS_NAME = "_tera_globals"
NAMESPACE_FACTORY = "_tera_namespace"

_TERA_STRING = re.compile(r"\"[^\"]*\"|'[^']*'|`[^`]*`", re.S)
_ARITHMETIC = ("add", "sub", "mul", "div", "mod")


class TeraLexer(Lexer):
    """Jinja's lexer with Tera's string literals (three quotes, no escapes)."""

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        for state, rules in self.rules.items():
            self.rules[state] = [
                _Rule(_TERA_STRING, TOKEN_STRING, None) if rule.pattern is string_re else rule
                for rule in rules
            ]

    def wrap(
        self,
        stream: Iterable[tuple[int, str, str]],
        name: str | None = None,
        filename: str | None = None,
    ) -> Iterator[Token]:
        pending: list[tuple[int, str, str]] = []
        for lineno, token, value in stream:
            if token == TOKEN_STRING:
                yield from super().wrap(iter(pending), name, filename)
                pending.clear()
                yield Token(lineno, TOKEN_STRING, self._normalize_newlines(value[1:-1]))
            else:
                pending.append((lineno, token, value))
        yield from super().wrap(iter(pending), name, filename)


class TeraParser(Parser):
    """Jinja's parser with Tera's filter precedence, macro calls and ``set_global``."""

    def parse_statement(self) -> nodes.Node | list[nodes.Node]:
        token = self.stream.current
        if token.type == "name" and token.value == "set_global":
            lineno = next(self.stream).lineno
            target = self.stream.expect("name")
            self.stream.expect("assign")
            expr = self.parse_tuple()
            node = nodes.Assign(nodes.Name(target.value, "store", lineno=lineno), expr)
            node.lineno = lineno
            node.tera_global = True  # type: ignore[attr-defined]
            return node
        return super().parse_statement()

    def parse_macro(self) -> nodes.Macro:
        node = nodes.Macro(lineno=next(self.stream).lineno)
        node.name = self.parse_assign_target(name_only=True).name
        self.parse_signature(node)
        node.body = self.parse_statements(("name:endmacro",), drop_needle=True)
        if self.stream.current.type == "name" and self.stream.current.value == node.name:
            next(self.stream)  # Tera's `{% endmacro name %}`
        return node

    def parse_primary(self, with_namespace: bool = False) -> nodes.Expr:
        token = self.stream.current
        if token.type == "name" and self.stream.look().type == "colon":
            next(self.stream)
            self.stream.expect("colon")
            self.stream.expect("colon")
            macro = self.stream.expect("name")
            if token.value != "self":
                self.fail(
                    f"`{token.value}::{macro.value}`: only macros of the same template "
                    "(`self::`) can be called; AGPM templates import nothing",
                    token.lineno,
                )
            return nodes.Name(macro.value, "load", lineno=token.lineno)
        return super().parse_primary(with_namespace)

    def parse_unary(self, with_filter: bool = True) -> nodes.Expr:
        node = super().parse_unary(with_filter=False)
        if with_filter:
            while self.stream.current.test("name:is"):
                node = self.parse_test(node)
        return node

    def _filtered(self) -> nodes.Expr:
        node = super().parse_math1()
        while self.stream.current.type == "pipe":
            node = self.parse_filter(node)  # type: ignore[assignment]
            while self.stream.current.test("name:is"):
                node = self.parse_test(node)
        return node

    def parse_math1(self) -> nodes.Expr:
        """``basic_expr_filter (op basic_expr_filter)*``: filters end an arithmetic run."""
        lineno = self.stream.current.lineno
        left = self._filtered()
        while self.stream.current.type in _ARITHMETIC:
            cls = _math_nodes[self.stream.current.type]
            next(self.stream)
            left = cls(left, self._filtered(), lineno=lineno)
            lineno = self.stream.current.lineno
        return left


class RefusingParser(TeraParser):
    """Parser that refuses the tags that would read other templates."""

    def _refuse(self, tag: str) -> NoReturn:
        token = self.stream.current
        self.fail(
            f"`{{% {tag} %}}` is not allowed: AGPM templates cannot read other templates "
            "(use a dependency's `.content` or the `content` filter)",
            token.lineno,
        )

    def parse_include(self) -> nodes.Include:
        self._refuse("include")

    def parse_extends(self) -> nodes.Extends:
        self._refuse("extends")

    def parse_import(self) -> nodes.Import:
        self._refuse("import")

    def parse_from(self) -> nodes.FromImport:
        self._refuse("from")


def print_concat_operands(tree: nodes.Template) -> nodes.Template:
    """Each ``~`` operand printed as Tera prints it (``1.0 ~ ""`` is ``1``); runs after the
    value guard, so what is refused is refused by its name."""
    for concat in tree.find_all(nodes.Concat):
        concat.nodes = [
            nodes.Filter(child, "_tera_concat", [], [], None, None, lineno=child.lineno)
            for child in concat.nodes
        ]
    return tree


def apply_set_global(tree: nodes.Template) -> nodes.Template:
    """Make every variable that a ``set_global`` assigns live in one namespace for the whole
    template, so a loop body's assignment is seen after the loop (Tera's global context)."""
    names = {
        node.target.name
        for node in tree.find_all(nodes.Assign)
        if getattr(node, "tera_global", False) and isinstance(node.target, nodes.Name)
    }
    if not names:
        return tree
    for node in tree.find_all(nodes.Assign):
        target = node.target
        if isinstance(target, nodes.Name) and target.name in names:
            node.target = nodes.NSRef(GLOBALS_NAME, target.name, lineno=node.lineno)
    _redirect_loads(tree, names)
    create = nodes.Assign(
        nodes.Name(GLOBALS_NAME, "store"),
        nodes.Call(nodes.Name(NAMESPACE_FACTORY, "load"), [], [], None, None),
        lineno=1,
    )
    tree.body.insert(0, create)
    return tree


def _redirect_loads(node: nodes.Node, names: set[str]) -> None:
    for field, value in node.iter_fields():
        if isinstance(value, nodes.Name) and value.ctx == "load" and value.name in names:
            setattr(node, field, _global_read(value))
        elif isinstance(value, nodes.Node):
            _redirect_loads(value, names)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, nodes.Name) and item.ctx == "load" and item.name in names:
                    value[index] = _global_read(item)
                elif isinstance(item, nodes.Node):
                    _redirect_loads(item, names)


def _global_read(name: nodes.Name) -> nodes.Getattr:
    return nodes.Getattr(
        nodes.Name(GLOBALS_NAME, "load", lineno=name.lineno),
        name.name,
        "load",
        lineno=name.lineno,
    )
