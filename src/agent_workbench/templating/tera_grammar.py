"""The Jinja syntax that Tera 1.20's grammar (``src/parser/tera.pest`` of ``Keats/tera``
v1.20.1) has no rule for, refused while parsing, at its line, saying Tera would refuse it.
Each refusal was checked against the real Tera (tools/tera-oracle); the rules are named
beside each check, and tests/templating/test_tera_grammar.py holds one case per check.

``TeraGrammar`` is a mixin of the workbench's parser (``tera_syntax.TeraParser``): every
check runs while the expression is parsed, so refusing costs no extra pass over the tree.
"""

from __future__ import annotations

from typing import Any, NoReturn

from jinja2 import nodes
from jinja2.parser import Parser

from agent_workbench.templating.tera_functions import NOT_FOUND

TERA_REFUSES = "Tera 1.20 would refuse this template"
CONTEXT_DUMP = "_tera_context"
MACRO_SCOPE = "_tera_macro"  # the keyword that marks a dump inside a macro
_MATH = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.Mod)
_LITERAL_TYPES = (bool, str, int, float)
_GROUPABLE = (nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Call, nodes.Neg, nodes.Pos, *_MATH)


class TeraGrammar(Parser):
    """Refusals of the Jinja-only syntax, and the bookkeeping ``__tera_context`` needs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context_dumps: list[nodes.Call] = []
        self.concats: list[nodes.Concat] = []  # for print_concat_operands, without a walk
        self.set_globals = False  # any `set_global`: else apply_set_global has nothing to do
        self.bare_test_argument = False  # between a test's name and a `(`

    def parse(self) -> nodes.Template:
        tree = super().parse()
        tree.tera_concats = self.concats  # type: ignore[attr-defined]
        tree.tera_set_globals = self.set_globals  # type: ignore[attr-defined]
        return tree

    def parse_or(self) -> nodes.Expr:
        node = super().parse_or()
        if isinstance(node, nodes.And | nodes.Or):
            # `a and b` / `a or b` give true or false in Tera, never an operand
            return nodes.Filter(node, "_tera_bool", [], [], None, None, lineno=node.lineno)
        return node

    def _tera_refuses(self, what: str, lineno: int) -> NoReturn:
        self.fail(f"{what}: {TERA_REFUSES}", lineno)

    # -- tags Tera does not have (tera.pest: `content`, `macro_content`, `for_content`)
    def parse_with(self) -> nodes.With:
        self._tera_refuses("`{% with %}` (Tera has no with block)", self.stream.current.lineno)

    def parse_call_block(self) -> nodes.CallBlock:
        self._tera_refuses("`{% call %}` (Tera has no call block)", self.stream.current.lineno)

    def parse_autoescape(self) -> nodes.Scope:
        self._tera_refuses("`{% autoescape %}` (no such Tera tag)", self.stream.current.lineno)

    def parse_print(self) -> nodes.Output:
        self._tera_refuses("`{% print %}` (Tera prints with `{{ }}`)", self.stream.current.lineno)

    def parse_block(self) -> nodes.Block:
        if any(tag in ("for", "macro") for tag in self._tag_stack[:-1]):
            # tera.pest: for_content and macro_content have no `block`
            self._tera_refuses("`{% block %}` inside a loop or a macro", self.stream.current.lineno)
        return super().parse_block()

    def check_macro_on_top(self, lineno: int) -> None:
        # tera.pest template: `macro_definition must be top-level`
        if len(self._tag_stack) > 1:
            self._tera_refuses("a macro defined inside another tag (Tera's are top-level)", lineno)

    def parse_call_args(self) -> Any:
        self.bare_test_argument = False  # the test's argument is in parentheses
        return super().parse_call_args()

    def parse_test(self, node: nodes.Expr) -> nodes.Expr:
        # tera.pest test_call = ident ~ ("(" ~ test_args ~ ")")?: `is divisibleby 3` has none
        self.bare_test_argument = True
        try:
            return super().parse_test(node)
        finally:
            self.bare_test_argument = False

    def check_set_target(self, node: nodes.Assign | nodes.AssignBlock) -> None:
        # tera.pest: set_tag = "set" ~ ident ~ "=" …: one plain name
        if not isinstance(node.target, nodes.Name):
            self._tera_refuses(
                "setting several names or an attribute (Tera's `set` takes one name)",
                node.lineno,
            )

    # -- literals: tera.pest has arrays, but no tuples, dicts, slices or `none`
    def parse_tuple(self, *args: Any, **kwargs: Any) -> nodes.Tuple | nodes.Expr:
        lineno = self.stream.current.lineno
        node = super().parse_tuple(*args, **kwargs)
        if isinstance(node, nodes.Tuple) and not kwargs.get("simplified"):  # not a target
            self._tera_refuses("a tuple or a comma-separated list (Tera has arrays `[…]`)", lineno)
        return node

    def parse_dict(self) -> nodes.Dict:
        self._tera_refuses(
            "a dict literal `{…}` (Tera has no map literals)", self.stream.current.lineno
        )

    def parse_subscript(self, node: nodes.Expr) -> nodes.Getattr | nodes.Getitem:
        base = node
        while isinstance(base, nodes.Getattr | nodes.Getitem):
            base = base.node
        if not isinstance(base, nodes.Name) or getattr(base, "tera_parens", False):
            # tera.pest dotted_square_bracket_ident: only a variable has `.` and `[…]`
            self._tera_refuses("`.` or `[…]` after something other than a variable", node.lineno)
        result = super().parse_subscript(node)
        if isinstance(result, nodes.Getitem):
            # tera.pest: square_brackets = "[" ~ (int | string | dotted_square_bracket_ident) ~ "]"
            arg = result.arg
            if isinstance(arg, nodes.Neg) and isinstance(arg.node, nodes.Const):
                arg = result.arg = nodes.Const(-arg.node.value, lineno=arg.lineno)  # tera.pest int
            while isinstance(arg, nodes.Getattr | nodes.Getitem):
                arg = arg.node
            plain = isinstance(arg, nodes.Name) or (
                isinstance(arg, nodes.Const)
                and isinstance(arg.value, str | int)
                and not isinstance(arg.value, bool)
                and arg is result.arg
            )
            if not plain:
                self._tera_refuses(
                    "an index that is not a number, a string or a variable (no slices, "
                    "no expressions)",
                    result.lineno,
                )
            index = arg.value if isinstance(arg, nodes.Const) else None
            if isinstance(index, int) and index < 0:
                # parsed, but read as a variable named `-1` when it runs (processor.rs:
                # "Variable `-1` not found in context")
                result.arg = nodes.Call(
                    nodes.Name(NOT_FOUND, "load", lineno=result.lineno),
                    [],
                    not_found(f"Variable `{index}`", "", result.lineno, "in context"),
                    None,
                    None,
                    lineno=result.lineno,
                )
        return result

    # -- calls: tera.pest fn_call = ident ~ "(" ~ kwargs? ~ ")"
    def parse_call(self, node: nodes.Expr) -> nodes.Call:
        call = super().parse_call(node)
        if not isinstance(node, nodes.Name):
            self._tera_refuses(
                "calling a method or an expression (Tera calls functions by name)", call.lineno
            )
        if call.args or call.dyn_args or call.dyn_kwargs:
            self._tera_refuses(
                f"`{node.name}(…)` with positional arguments (Tera's are named: "
                f"`{node.name}(name=value)`)",
                call.lineno,
            )
        call.kwargs = last_of_each(call.kwargs)
        if not getattr(node, "tera_macro", False) and node.name not in self.environment.globals:
            # processor.rs eval_tera_fn_call: "Function 'f' not found" (a macro is `self::f`),
            # looked up when the call runs, before its arguments
            call.kwargs = not_found(f"Function `{node.name}`", "function", call.lineno)
            node.name = NOT_FOUND
        return call

    def parse_signature(self, node: Any) -> None:
        super().parse_signature(node)
        for default in node.defaults:
            # tera.pest: macro_def_arg = ident ~ "=" ~ (boolean | string | float | int)
            value = default
            if isinstance(value, nodes.Neg) and isinstance(value.node, nodes.Const):
                value = value.node
            if not (isinstance(value, nodes.Const) and isinstance(value.value, _LITERAL_TYPES)):
                self._tera_refuses(
                    "a macro argument whose default is not a literal (Tera takes a number, "
                    "a string or a boolean)",
                    default.lineno,
                )

    # -- arithmetic: tera.pest basic_expr holds numbers, variables, calls and `(…)` only
    def check_operand(self, node: nodes.Expr) -> None:
        base = node
        while isinstance(base, nodes.Filter) and base.node is not None:
            base = base.node
        if (isinstance(base, nodes.Const) and isinstance(base.value, str)) or isinstance(
            base, nodes.Concat | nodes.List
        ):
            self._tera_refuses(
                "arithmetic on a string or an array literal (Tera's `+ - * / %` take numbers; "
                "join strings with `~`)",
                node.lineno,
            )

    def check_math(self, node: nodes.Expr) -> nodes.Expr:
        while isinstance(node, _MATH):
            self.check_operand(node.right)
            if not isinstance(node.left, _MATH):
                self.check_operand(node.left)
            node = node.left
        return node

    def parse_math2(self) -> nodes.Expr:
        node = super().parse_math2()
        self.check_math(node)
        return node

    def parse_concat(self) -> nodes.Expr:
        node = super().parse_concat()
        if isinstance(node, nodes.Concat):
            # tera.pest: string_concat joins calls, numbers, strings and variables; no `(…)`
            for operand in node.nodes:
                if getattr(operand, "tera_parens", False):
                    self._tera_refuses("`(…)` inside a `~` concatenation", operand.lineno)
            self.concats.append(node)
            # every `~` is size-checked (a loop doubling a string stops early)
            return nodes.Filter(node, "_tera_sized", [], [], None, None, lineno=node.lineno)
        return node

    def parse_primary(self, with_namespace: bool = False) -> nodes.Expr:
        token = self.stream.current
        if self.bare_test_argument:
            self._tera_refuses("a test's argument without parentheses", token.lineno)
        if token.type == "name" and token.value in ("none", "None"):
            next(self.stream)  # not a literal in Tera: a variable like any other
            return nodes.Name(token.value, "load", lineno=token.lineno)
        if token.type == "lparen":
            node = super().parse_primary(with_namespace)
            node.tera_parens = True  # type: ignore[attr-defined]
            return node
        if token.test("name:__tera_context"):
            next(self.stream)
            dump = nodes.Call(
                nodes.Name(CONTEXT_DUMP, "load", lineno=token.lineno),
                [],
                [],
                None,
                None,
                lineno=token.lineno,
            )
            self.context_dumps.append(dump)
            return dump
        return super().parse_primary(with_namespace)

    def check_filtered_group(self, node: nodes.Expr, where: str = "before a filter") -> None:
        """tera.pest basic_expr_filter: ``(…)`` before a filter or after ``not`` holds
        arithmetic."""
        if getattr(node, "tera_parens", False) and not (
            isinstance(node, _GROUPABLE)
            or (isinstance(node, nodes.Const) and isinstance(node.value, int | float))
        ):
            self._tera_refuses(
                "a filter after `(…)` around something other than arithmetic", node.lineno
            )

    def parse_not(self) -> nodes.Expr:
        node = super().parse_not()
        if isinstance(node, nodes.Not):
            # tera.pest logic_val = op_not? ~ (in_cond | comparison_expr): `(…)` after `not`
            # is arithmetic
            self.check_filtered_group(node.node, "after `not`")
        return node

    def check_container(self, container: nodes.Expr, lineno: int) -> None:
        """tera.pest in_cond_container: a variable, or a string or array (filtered or not)."""
        base = container
        while isinstance(base, nodes.Filter) and base.node is not None:
            base = base.node
        plain = isinstance(container, nodes.Name | nodes.Getattr | nodes.Getitem)
        literal = isinstance(base, nodes.List | nodes.Concat) or (
            isinstance(base, nodes.Const) and isinstance(base.value, str)
        )
        if not (plain or literal):
            self._tera_refuses("`in` something other than a variable, a string or an array", lineno)

    def check_compared(self, compare: nodes.Compare) -> None:
        for operand in (
            compare.expr,
            *(op.expr for op in compare.ops if op.op not in ("in", "notin")),
        ):
            if isinstance(operand, nodes.List):
                # tera.pest: comparison_expr compares basic expressions and strings only
                self._tera_refuses("comparing an array literal", compare.lineno)

    def add_to_dumps(self, start: int, names: dict[str, nodes.Expr], skip: set[int]) -> None:
        """Give each ``__tera_context`` parsed since ``start`` the variables of the scope
        that just ended (Tera's call_stack.rs: current_context_cloned, a loop's value and
        key, a macro's own context)."""
        for dump in self.context_dumps[start:]:
            if id(dump) in skip:
                continue
            kept = [kw for kw in dump.kwargs if kw.key not in names]
            dump.kwargs = kept + [nodes.Keyword(k, v, lineno=dump.lineno) for k, v in names.items()]


def not_found(what: str, kind: str, lineno: int, where: str = "") -> list[Any]:
    """The keyword arguments of the ``NOT_FOUND`` hook (``Keyword`` nodes: Jinja types a
    filter's as ``Pair``): the message it raises when it runs."""
    message = f"{what} not found " + (where or f"(not a Tera 1.20 {kind})")
    return [nodes.Keyword("message", nodes.Const(message), lineno=lineno)]


def last_of_each(keywords: list[Any]) -> list[Any]:
    """Tera reads keyword arguments into a map: a repeated name keeps its last value
    (``keywords``: Jinja's ``Keyword`` nodes)."""
    if len({kw.key for kw in keywords}) == len(keywords):
        return keywords
    last = {kw.key: kw for kw in keywords}
    return list(last.values())
