"""Where Tera's grammar (Tera 1.20 ``src/parser/tera.pest``) differs from Jinja2's, the
workbench's parser follows Tera (its tokens: ``tera_lexer``; what it refuses beyond the
below: ``tera_grammar``):

* Filters apply to the whole arithmetic or ``~`` expression before them
  (``basic_expr_filter = basic_expr ~ filter*``): ``2.8 * 2 | round`` is ``round(5.6)``.
* ``{% endmacro name %}`` may repeat the macro's name; ``self::name(…)`` calls a macro of
  the same template.
* ``{% set_global x = … %}`` sets ``x`` for the whole template, from inside a loop too.

Jinja syntax that Tera's grammar has no rule for is refused at its line, saying so:
``{% set x %}…{% endset %}``, ``a if b else c``, ``{% for x in xs if … %}``, positional
arguments to filters (Tera's are named: ``truncate(length=5)``), and the
``loop`` attributes Tera does not set (it has ``index``, ``index0``, ``first``, ``last``).
``in``, ``==`` and ``!=`` become calls of Tera's semantics (``tera_operators``).
"""

from __future__ import annotations

from typing import NoReturn

from jinja2 import nodes
from jinja2.parser import _math_nodes

from agent_workbench.templating.tera_functions import NOT_FOUND
from agent_workbench.templating.tera_grammar import (
    MACRO_SCOPE,
    TeraGrammar,
    last_of_each,
    not_found,
)
from agent_workbench.templating.tera_print import concat_operand

GLOBALS_NAME = "_tera_globals"
NAMESPACE_FACTORY = "_tera_namespace"

_ARITHMETIC = ("add", "sub", "mul", "div", "mod")
# Tera 1.20 src/renderer/for_loop.rs: the `loop` object of a `for`
TERA_LOOP_FIELDS = frozenset({"index", "index0", "first", "last"})
_ORDERING = frozenset({"lt", "gt", "lteq", "gteq"})


def _ordered(node: nodes.Expr) -> nodes.Expr:
    return nodes.Filter(node, "_tera_ordered", [], [], None, None, lineno=node.lineno)


def _operator(name: str, first: nodes.Expr, second: nodes.Expr, negated: bool) -> nodes.Expr:
    """``name(first, second, negated)`` as a filter call (tera_operators: Tera's semantics)."""
    args = [second, nodes.Const(negated)]
    return nodes.Filter(first, name, args, [], None, None, lineno=first.lineno)


def _string_literal(*operands: nodes.Expr) -> bool:
    """Is one side a string literal? Then Python's ``==`` is Tera's (a string equals only
    the same string), and the comparison needs no rewriting (``!=`` always does: Tera's
    ``1 != "a"`` is false)."""
    return any(isinstance(o, nodes.Const) and isinstance(o.value, str) for o in operands)


class TeraParser(TeraGrammar):
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
            self.set_globals = True
            return node
        return super().parse_statement()

    def parse_set(self) -> nodes.Assign | nodes.AssignBlock:
        token = self.stream.current
        node = super().parse_set()
        if isinstance(node, nodes.AssignBlock):
            self._tera_refuses("`{% set x %}…{% endset %}` (Tera sets with `=` only)", token.lineno)
        self.check_set_target(node)
        return node

    def parse_condexpr(self) -> nodes.Expr:
        expr = self.parse_or()
        if self.stream.current.test("name:if"):
            self._tera_refuses(
                "`a if b else c` (Tera has no inline if)", self.stream.current.lineno
            )
        return expr

    def parse_for(self) -> nodes.For:
        start = len(self.context_dumps)
        node = super().parse_for()
        if node.test is not None or node.recursive:
            self._tera_refuses("`{% for … if … %}` / `recursive`", node.lineno)
        targets = node.target.items if isinstance(node.target, nodes.Tuple) else [node.target]
        if len(targets) > 2:  # tera.pest: for_tag = "for" ~ ident ~ ("," ~ ident)? ~ "in"
            self._tera_refuses("a loop over more than two names", node.lineno)
        if isinstance(node.iter, nodes.Const):  # for_tag loops over an expression or an array
            self._tera_refuses("a loop over a literal string", node.lineno)
        loop_iter = nodes.Filter(  # what Tera walks: sorted keys/items, graphemes
            node.iter, "_tera_iter", [nodes.Const(len(targets))], [], None, None, lineno=node.lineno
        )
        node.iter = loop_iter
        if len(self.context_dumps) > start:
            in_else = {id(call) for item in node.else_ for call in item.find_all(nodes.Call)}
            names: dict[str, nodes.Expr] = {
                t.name: nodes.Name(t.name, "load", lineno=t.lineno)
                for t in targets
                if isinstance(t, nodes.Name)
            }
            self.add_to_dumps(start, names, in_else)
        for attribute in node.find_all(nodes.Getattr):
            if (
                isinstance(attribute.node, nodes.Name)
                and attribute.node.name == "loop"
                and attribute.attr not in TERA_LOOP_FIELDS
            ):
                self._tera_refuses(
                    f"`loop.{attribute.attr}` (Tera's loop has index, index0, first, last)",
                    attribute.lineno,
                )
        return node

    def parse_filter(
        self, node: nodes.Expr | None, start_inline: bool = False
    ) -> nodes.Expr | None:
        result = super().parse_filter(node, start_inline)
        current = result
        while isinstance(current, nodes.Filter) and current is not node:
            current.kwargs = last_of_each(current.kwargs)
            if current.args or current.dyn_args or current.dyn_kwargs:
                self._tera_refuses(
                    f"`{current.name}(…)` with positional arguments (Tera's are named: "
                    f"`{current.name}(name=value)`)",
                    current.lineno,
                )
            if current.name not in self.environment.filters:
                # processor.rs eval_filter looks the filter up when it runs
                current.kwargs = not_found(f"Filter `{current.name}`", "filter", current.lineno)
                current.name = NOT_FOUND
            current = current.node
        return result

    def parse_test(self, node: nodes.Expr) -> nodes.Expr:
        if not isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            # tera.pest: `test = { dotted_square_bracket_ident ~ "is" ~ test_call }`
            self._tera_refuses("`is` after something other than a variable", node.lineno)
        result = super().parse_test(node)
        test = result.node if isinstance(result, nodes.Not) else result
        if isinstance(test, nodes.Test) and test.name not in self.environment.tests:
            # processor.rs eval_test looks the tester up when it runs
            test.args, test.kwargs = [], not_found(f"Tester `{test.name}`", "test", test.lineno)
            test.name = NOT_FOUND
        return result

    def parse_compare(self) -> nodes.Expr:
        result = super().parse_compare()
        if isinstance(result, nodes.Compare):
            self.check_compared(result)
            compares = [op for op in result.ops if op.op not in ("in", "notin")]
            if len(result.ops) > 1:
                # tera.pest: `comparison_expr` holds one comparison operator at most, `in_cond` one `in`
                self._tera_refuses("a chained comparison (`a < b < c`)", result.lineno)
            for op in compares:
                if op.op == "ne" or (op.op == "eq" and not _string_literal(result.expr, op.expr)):
                    return _operator("_tera_equals", result.expr, op.expr, op.op == "ne")
                if op.op in _ORDERING:  # processor.rs: `<` and the like compare numbers only
                    result.expr = _ordered(result.expr)
                    op.expr = _ordered(op.expr)
            if not compares:  # processor.rs: eval_in_condition
                op = result.ops[0]
                self.check_container(op.expr, result.lineno)
                return _operator("_tera_in", op.expr, result.expr, op.op == "notin")
        return result

    def parse_macro(self) -> nodes.Macro:
        node = nodes.Macro(lineno=next(self.stream).lineno)
        self.check_macro_on_top(node.lineno)
        node.name = self.parse_assign_target(name_only=True).name
        self.parse_signature(node)
        start = len(self.context_dumps)
        node.body = self.parse_statements(("name:endmacro",), drop_needle=True)
        if self.stream.current.type == "name" and self.stream.current.value == node.name:
            next(self.stream)  # Tera's `{% endmacro name %}`
        if len(self.context_dumps) > start:
            # call_stack.rs: a macro's context is its arguments and what it sets, nothing else
            names: dict[str, nodes.Expr] = {MACRO_SCOPE: nodes.Const(True)}
            for item in node.body:
                if isinstance(item, nodes.Assign) and isinstance(item.target, nodes.Name):
                    names[item.target.name] = nodes.Name(item.target.name, "load")
            names.update((arg.name, nodes.Name(arg.name, "load")) for arg in node.args)
            self.add_to_dumps(start, names, set())
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
            name = nodes.Name(macro.value, "load", lineno=token.lineno)
            name.tera_macro = True  # type: ignore[attr-defined]
            return name
        return super().parse_primary(with_namespace)

    def parse_unary(self, with_filter: bool = True) -> nodes.Expr:
        token = self.stream.current
        if token.type == "add" or (
            token.type == "sub" and self.stream.look().type not in ("integer", "float")
        ):
            # tera.pest: `int = @{ "-"? ~ …}`: a minus sign belongs to a number literal
            self._tera_refuses(f"`{token.value}` before a value that is not a number", token.lineno)
        node = super().parse_unary(with_filter=False)
        if with_filter:
            while self.stream.current.test("name:is"):
                node = self.parse_test(node)
        return node

    def _filtered(self) -> nodes.Expr:
        node = super().parse_math1()
        self.check_math(node)
        if self.stream.current.type == "pipe":
            self.check_filtered_group(node)
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
            self.check_operand(left.left)  # type: ignore[attr-defined]
            self.check_operand(left.right)  # type: ignore[attr-defined]
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
    value guard, so what is refused is refused by its name. The parser lists the
    concatenations it made (``tera_concats``), so no walk of the tree is needed."""
    concats = getattr(tree, "tera_concats", None)
    for concat in tree.find_all(nodes.Concat) if concats is None else concats:
        concat.nodes = [_printed_operand(child) for child in concat.nodes]
    return tree


def _printed_operand(child: nodes.Expr) -> nodes.Expr:
    if isinstance(child, nodes.Const) and (
        isinstance(child.value, str)
        or (isinstance(child.value, int | float) and not isinstance(child.value, bool))
    ):
        return nodes.Const(concat_operand(child.value), lineno=child.lineno)  # known now
    checked = nodes.Const(not isinstance(child, nodes.Const))
    return nodes.Filter(child, "_tera_concat", [checked], [], None, None, lineno=child.lineno)


def apply_set_global(tree: nodes.Template) -> nodes.Template:
    """Make every variable that a ``set_global`` assigns live in one namespace for the whole
    template, so a loop body's assignment is seen after the loop (Tera's global context)."""
    if not getattr(tree, "tera_set_globals", True):
        return tree  # the parser saw no `set_global`
    # a macro's `set_global` stays in the macro (macros.rs: template_cant_access_macros_context)
    in_macros = {
        id(node) for macro in tree.find_all(nodes.Macro) for node in macro.find_all(nodes.Assign)
    }
    names = {
        node.target.name
        for node in tree.find_all(nodes.Assign)
        if getattr(node, "tera_global", False)
        and isinstance(node.target, nodes.Name)
        and id(node) not in in_macros
    }
    if not names:
        return tree
    for node in tree.find_all(nodes.Assign):
        target = node.target
        if isinstance(target, nodes.Name) and target.name in names and id(node) not in in_macros:
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
