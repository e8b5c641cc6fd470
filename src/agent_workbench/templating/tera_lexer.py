"""Tera 1.20's tokens (``src/parser/tera.pest`` of ``Keats/tera`` v1.20.1) on Jinja's lexer:

* Strings: ``"…"``, ``'…'`` and ```…``` (backticks), with no escapes: a backslash is a
  backslash (``"a\\nb"`` is four characters), and a string cannot hold its own quote; two
  strings side by side are not joined.
* Numbers: decimal digits only (no ``1_000``, ``0x10``, exponents), integers within an
  ``i64``, a minus sign joined to its digits (``- 1`` is refused where a value starts).
* Operators: no ``**`` and no ``//``.

What Tera's grammar has no token for is refused at its line, saying Tera would refuse it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

from jinja2.exceptions import TemplateSyntaxError
from jinja2.lexer import TOKEN_STRING, Lexer, Token, _Rule, string_re

from agent_workbench.templating.tera_grammar import TERA_REFUSES

_TERA_STRING = re.compile(r"\"[^\"]*\"|'[^']*'|`[^`]*`", re.S)


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
        last = ("", "")
        sign = False  # a `-` where a value starts: tera.pest's `int`, `float` begin with it
        for item in stream:
            lineno, token, value = item
            if token == "whitespace":  # Jinja's own wrap drops it too
                if sign:
                    self._refuse("a space between `-` and its number", lineno, name, filename)
                continue
            if token in _CHECKED:
                refused = _refused_token(token, value, last[0])
                if refused:
                    self._refuse(refused, lineno, name, filename)
            sign = token == "operator" and value == "-" and _value_starts_after(*last)
            last = (token, value)
            if token == TOKEN_STRING:
                yield from super().wrap(iter(pending), name, filename)
                pending.clear()
                yield Token(lineno, TOKEN_STRING, self._normalize_newlines(value[1:-1]))
            else:
                pending.append(item)
        yield from super().wrap(iter(pending), name, filename)

    @staticmethod
    def _refuse(why: str, lineno: int, name: str | None, filename: str | None) -> NoReturn:
        raise TemplateSyntaxError(f"{why}; {TERA_REFUSES}", lineno, name, filename)


_CHECKED = frozenset({"integer", "float", "operator", TOKEN_STRING, "block_begin", "block_end"})
_TERA_INT = re.compile(r"0|[1-9][0-9]*")
_TERA_FLOAT = re.compile(r"(0|[1-9][0-9]*)\.[0-9]*")


def _value_starts_after(token: str, value: str) -> bool:
    """Does a value (not an operator) come next after this token?"""
    if token == "operator":
        return value not in (")", "]", "}")
    return token in ("variable_begin", "block_begin") or (
        token == "name" and value in ("not", "and", "or", "in", "if", "elif", "is")
    )


def _refused_token(token: str, value: str, last: str) -> str | None:
    """Why Tera's grammar has no rule for this token, or None (tera.pest: int, float,
    string, the operators)."""
    if token == "integer":
        if not _TERA_INT.fullmatch(value):
            return f"`{value}`: a number Tera cannot read (decimal digits only)"
        if int(value) > 2**63 - 1:
            return f"`{value}`: a number Tera cannot read (integers fit 64 bits)"
    elif token == "float" and not _TERA_FLOAT.fullmatch(value):
        return f"`{value}`: a number Tera cannot read (no exponents, decimal digits only)"
    elif token == "operator" and value in ("**", "//"):
        return f"`{value}` (Tera's operators are + - * / %)"
    elif (token == "block_begin" and value.endswith("+")) or (
        token == "block_end" and value.startswith("+")
    ):
        return f"`{value}` (Tera's tags end in `-` or nothing)"
    elif token == TOKEN_STRING and last == TOKEN_STRING:
        return "two strings side by side (join strings with `~`)"
    return None
