"""The sandboxed Jinja2 environment that reads Tera the way AGPM writes it.

* ``ImmutableSandboxedEnvironment`` with ``keep_trailing_newline`` and no block
  trimming; ``{% include %}``, ``{% extends %}``, ``{% import %}`` and
  ``{% from %}`` are refused at parse time, at their line.
* Tera filters with named arguments (``default(value=…)``, ``replace(from=, to=)``,
  ``join(sep=)``, ``truncate(length=)``, ``split(pat=)``, …).
* ``{% for k, v in map %}`` iterates sorted items, as Tera's sorted maps do.
* Undefined values are false in tests; printing, iterating or filtering one
  (other than ``default``) raises ``UndefinedVariableError`` naming the whole
  dotted variable (``agpm.project.langauge``), with a suggestion.
* Bounded: a render past its deadline or its output budget is stopped
  (cooperatively: loop iterations, calls, filters, attribute reads and output
  chunks all check the budget).

Compiled templates are cached by source text (LRU), one environment per line
ending, because Jinja2 normalises newlines to the environment's sequence.
"""

from __future__ import annotations

import contextvars
import difflib
import json
import math
import operator
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NoReturn

from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.parser import Parser
from jinja2.runtime import Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from jinja2.visitor import NodeTransformer

TEMPLATE_FILENAME = "<agpm-template>"
DEFAULT_TIME_LIMIT = 5.0
DEFAULT_MAX_OUTPUT = 32 * 1024 * 1024
MAX_RANGE = 100_000
MAX_POWER_BITS = 1_000_000
_CHECK_EVERY = 256

TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")


def has_template_syntax(text: str) -> bool:
    """Does the text hold ``{{``, ``{%`` or ``{#`` (what makes AGPM render it)?"""
    return TEMPLATE_SYNTAX.search(text) is not None


# -- errors --------------------------------------------------------------------


class TemplateRenderError(Exception):
    """A render failed; ``line`` is 1-based in the template source (None if unknown)."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        expression: str | None = None,
        suggestion: str | None = None,
        code: str = "template-error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.expression = expression
        self.suggestion = suggestion
        self.code = code


class UndefinedVariableError(UndefinedError):
    """An undefined value was printed, iterated or filtered."""

    def __init__(self, path: str, action: str) -> None:
        super().__init__(f"`{path}` is not defined ({action})")
        self.path = path
        self.action = action


class RenderLimitError(Exception):
    """The render ran past its time or size budget."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class RefusedFilterError(Exception):
    """A filter refused its input (a ``content`` path outside the root, …)."""

    def __init__(self, message: str, code: str = "filter-error") -> None:
        super().__init__(message)
        self.code = code


# -- the render budget (per render, per thread) ----------------------------------


@dataclass
class Budget:
    """Deadline and output budget of the render running in this context."""

    deadline: float
    max_output: int
    time_limit: float
    content: Callable[[str], str] | None = None
    ticks: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitError(
                f"render stopped: it ran for more than {self.time_limit:g} s "
                "(a runaway loop or recursion?)",
                "render-timeout",
            )

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % _CHECK_EVERY == 0:
            self.check()

    def check_size(self, size: int, what: str) -> None:
        if size > self.max_output:
            raise RenderLimitError(
                f"render stopped: {what} would be {size:,} characters (limit {self.max_output:,})",
                "render-too-large",
            )


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "agpm_render_budget", default=None
)


def _budget() -> Budget:
    budget = _BUDGET.get()
    if budget is None:  # rendering outside render_template(): default limits
        budget = Budget(
            time.monotonic() + DEFAULT_TIME_LIMIT, DEFAULT_MAX_OUTPUT, DEFAULT_TIME_LIMIT
        )
        _BUDGET.set(budget)
    return budget


# -- Tera-like values and undefined ------------------------------------------------


class TeraMap(dict):  # type: ignore[type-arg]
    """A mapping of the context that knows its dotted path (for error messages)."""

    __slots__ = ("tera_path",)

    def __init__(self, data: Mapping[str, Any], path: str) -> None:
        super().__init__(data)
        self.tera_path = path


def to_tera(value: Any, path: str) -> Any:
    """Copy plain data (dicts, lists, scalars) into TeraMaps that know their paths."""
    if isinstance(value, Mapping):
        return TeraMap(
            {str(k): to_tera(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()},
            path,
        )
    if isinstance(value, list | tuple):
        return [to_tera(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


class TeraUndefined(Undefined):
    """False in tests; an error naming the full dotted variable anywhere else."""

    __slots__ = ("_tera_path",)

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[Exception] = UndefinedError,
    ) -> None:
        super().__init__(hint, obj, name, exc)
        if isinstance(obj, TeraUndefined):
            base = obj._tera_path
        elif isinstance(obj, TeraMap):
            base = obj.tera_path
        elif obj is missing:
            base = ""
        else:
            base = "…"
        self._tera_path = f"{base}.{name}" if base else str(name)

    @property
    def tera_path(self) -> str:
        return self._tera_path

    def _fail(self, action: str) -> NoReturn:
        raise UndefinedVariableError(self._tera_path, action)

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._fail("used in an expression")

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__":
            raise AttributeError(name)
        return TeraUndefined(obj=self, name=name)

    def __getitem__(self, name: Any) -> Any:
        return TeraUndefined(obj=self, name=str(name))

    def __str__(self) -> str:
        self._fail("printed")

    def __iter__(self) -> Iterator[Any]:
        self._fail("iterated")

    def __len__(self) -> int:
        self._fail("measured")

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Undefined)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return id(type(self))

    def __repr__(self) -> str:
        return f"TeraUndefined({self._tera_path!r})"


def suggest(context: Mapping[str, Any], path: str) -> str | None:
    """'did you mean `agpm.project.language`?' for a dotted path that does not resolve."""
    parts = path.split(".")
    node: Any = context
    for index, part in enumerate(parts):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
            continue
        if not isinstance(node, Mapping):
            return None
        keys = [str(k) for k in node]
        matches = difflib.get_close_matches(part, keys, n=3, cutoff=0.6)
        if not matches:
            return None
        prefix = parts[:index]
        options = []
        for match in matches:
            rest = parts[index + 1 :]
            candidate = [*prefix, match]
            sub: Any = node[match]
            for extra in rest:
                if isinstance(sub, Mapping) and extra in sub:
                    sub = sub[extra]
                    candidate.append(extra)
                else:
                    break
            options.append("`" + ".".join(candidate) + "`")
        return "did you mean " + " or ".join(dict.fromkeys(options)) + "?"
    return None


# -- Tera filters --------------------------------------------------------------------


def _is_undefined(value: Any) -> bool:
    return isinstance(value, Undefined)


def _tera_default(value: Any, /, *args: Any, **kwargs: Any) -> Any:
    fallback = kwargs.pop("value", args[0] if args else "")
    if _is_undefined(value) or value is None:
        return fallback
    return value


def _tera_replace(value: Any, /, *args: Any, **kwargs: Any) -> str:
    old = str(kwargs.get("from", args[0] if args else ""))
    new = str(kwargs.get("to", args[1] if len(args) > 1 else ""))
    text = str(value)
    if old:
        _budget().check_size(len(text) + text.count(old) * (len(new) - len(old)), "`replace`")
    return text.replace(old, new)


def _tera_join(value: Iterable[Any], *args: Any, sep: str | None = None, **kwargs: Any) -> str:
    separator = sep if sep is not None else kwargs.get("d", args[0] if args else "")
    items = [str(v) for v in value]
    _budget().check_size(sum(map(len, items)) + len(separator) * len(items), "`join`")
    return str(separator).join(items)


def _tera_truncate(value: Any, /, *args: Any, **kwargs: Any) -> str:
    length = int(kwargs.get("length", args[0] if args else 255))
    end = str(kwargs.get("end", "…"))
    text = str(value)
    if len(text) <= length:
        return text
    return text[:length] + end


def _tera_split(value: Any, /, *args: Any, **kwargs: Any) -> list[str]:
    pat = str(kwargs.get("pat", args[0] if args else " "))
    return str(value).split(pat) if pat else list(str(value))


def _tera_json_encode(value: Any, *args: Any, pretty: bool = False, **kwargs: Any) -> str:
    return json.dumps(
        _plain(value),
        ensure_ascii=False,
        sort_keys=True,
        indent=2 if pretty else None,
        separators=None if pretty else (",", ":"),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _tera_first(value: Any) -> Any:
    seq = list(value)
    return seq[0] if seq else TeraUndefined(name="first")


def _tera_last(value: Any) -> Any:
    seq = list(value)
    return seq[-1] if seq else TeraUndefined(name="last")


def _tera_nth(value: Any, *args: Any, n: int | None = None) -> Any:
    index = int(n if n is not None else args[0])
    seq = list(value)
    return seq[index] if 0 <= index < len(seq) else TeraUndefined(name=f"[{index}]")


def _tera_get(value: Mapping[str, Any], *args: Any, **kwargs: Any) -> Any:
    key = kwargs.get("key", args[0] if args else "")
    if key in value:
        return value[key]
    if "default" in kwargs:
        return kwargs["default"]
    return TeraUndefined(obj=value, name=str(key))


def _tera_concat(value: Any, /, *args: Any, **kwargs: Any) -> list[Any]:
    other = kwargs.get("with", args[0] if args else [])
    base = list(value)
    return [*base, *other] if isinstance(other, list | tuple) else [*base, other]


def _tera_capitalize(value: Any) -> str:
    text = str(value)
    return text[:1].upper() + text[1:].lower()


def _tera_title(value: Any) -> str:
    return re.sub(r"\w+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), str(value))


def _tera_indent(value: Any, /, *args: Any, **kwargs: Any) -> str:
    prefix = kwargs.get("prefix", args[0] if args else "    ")
    if isinstance(prefix, int):
        _budget().check_size(prefix, "`indent` width")
        prefix = " " * prefix
    first = bool(kwargs.get("first", False))
    blank = bool(kwargs.get("blank", False))
    lines = str(value).split("\n")
    out = []
    for index, line in enumerate(lines):
        if (index == 0 and not first) or (not line.strip() and not blank):
            out.append(line)
        else:
            out.append(f"{prefix}{line}")
    return "\n".join(out)


def _tera_wordcount(value: Any) -> int:
    return len(str(value).split())


def _tera_trim_start_matches(value: Any, *args: Any, pat: str | None = None) -> str:
    pattern = pat if pat is not None else (args[0] if args else "")
    text = str(value)
    while pattern and text.startswith(pattern):
        text = text[len(pattern) :]
    return text


def _tera_trim_end_matches(value: Any, *args: Any, pat: str | None = None) -> str:
    pattern = pat if pat is not None else (args[0] if args else "")
    text = str(value)
    while pattern and text.endswith(pattern):
        text = text[: -len(pattern)]
    return text


def _tera_content(value: Any) -> str:
    reader = _budget().content
    if reader is None:
        raise RefusedFilterError(
            "the `content` filter is not available here", "content-unavailable"
        )
    return reader(str(value))


def _tera_iter(value: Any, targets: int) -> Iterator[Any]:
    """What a ``for`` loop walks: sorted keys (one target) or sorted items (two) of a map."""
    if _is_undefined(value):
        value._fail("iterated")  # type: ignore[union-attr]
    if isinstance(value, Mapping):
        keys = sorted(value, key=lambda k: (str(type(k)), k) if not isinstance(k, str) else ("", k))
        items: Iterable[Any] = [(k, value[k]) for k in keys] if targets == 2 else keys
    else:
        items = value
    budget = _budget()
    budget.check()
    for count, item in enumerate(items, 1):
        if count % _CHECK_EVERY == 0:
            budget.check()
        yield item


_TERA_FILTERS: dict[str, Callable[..., Any]] = {
    "default": _tera_default,
    "d": _tera_default,
    "replace": _tera_replace,
    "join": _tera_join,
    "truncate": _tera_truncate,
    "split": _tera_split,
    "json_encode": _tera_json_encode,
    "tojson": _tera_json_encode,
    "length": len,
    "upper": lambda v: str(v).upper(),
    "lower": lambda v: str(v).lower(),
    "trim": lambda v: str(v).strip(),
    "trim_start": lambda v: str(v).lstrip(),
    "trim_end": lambda v: str(v).rstrip(),
    "trim_start_matches": _tera_trim_start_matches,
    "trim_end_matches": _tera_trim_end_matches,
    "title": _tera_title,
    "capitalize": _tera_capitalize,
    "first": _tera_first,
    "last": _tera_last,
    "nth": _tera_nth,
    "get": _tera_get,
    "concat": _tera_concat,
    "indent": _tera_indent,
    "wordcount": _tera_wordcount,
    "as_str": str,
    "content": _tera_content,
    "_tera_iter": _tera_iter,
    "_tera_bool": bool,
}

# Filters whose numeric arguments size their output.
_SIZED_FILTERS = frozenset({"center", "format", "wordwrap", "filesizeformat"})
_UNDEFINED_OK = frozenset({"default", "d", "_tera_bool"})


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: refuse undefined input (except ``default``), check the budget."""
    allow_undefined = name in _UNDEFINED_OK
    sized = name in _SIZED_FILTERS

    pass_arg = getattr(func, "jinja_pass_arg", None)

    def guarded(*args: Any, **kwargs: Any) -> Any:
        if pass_arg is not None:
            head, value, rest = args[:1], args[1], args[2:]
        else:
            head, value, rest = (), args[0], args[1:]
        if not allow_undefined and isinstance(value, TeraUndefined):
            value._fail("iterated" if name == "_tera_iter" else f"passed to filter `{name}`")
        budget = _budget()
        budget.tick()
        if sized:
            for arg in (*rest, *kwargs.values()):
                if isinstance(arg, int) and not isinstance(arg, bool):
                    budget.check_size(arg, f"`{name}` width")
        result = func(*head, value, *rest, **kwargs)
        if isinstance(result, str):
            budget.check_size(len(result), f"the result of `{name}`")
        return result

    guarded.__name__ = f"tera_{name}"
    if pass_arg is not None:
        guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return guarded


# -- tests -------------------------------------------------------------------------

_TERA_TESTS: dict[str, Callable[..., bool]] = {
    "starting_with": lambda v, p: isinstance(v, str) and v.startswith(p),
    "ending_with": lambda v, p: isinstance(v, str) and v.endswith(p),
    "containing": lambda v, p: not _is_undefined(v) and p in v,
    "matching": lambda v, p: isinstance(v, str) and re.search(p, v) is not None,
    "object": lambda v: isinstance(v, Mapping),
    "array": lambda v: isinstance(v, list | tuple),
}


# -- globals -----------------------------------------------------------------------


def _tera_range(*args: Any, **kwargs: Any) -> range:
    """``range(end=N, start=0, step_by=1)`` (Tera) or ``range(a, b, c)`` (Jinja), capped."""
    if kwargs:
        start = int(kwargs.get("start", 0))
        end = int(kwargs.get("end", 0))
        step = int(kwargs.get("step_by", 1))
        rng = range(start, end, step)
    else:
        rng = range(*(int(a) for a in args))
    if len(rng) > MAX_RANGE:
        raise RenderLimitError(
            f"render stopped: range() of {len(rng):,} items (limit {MAX_RANGE:,})",
            "render-range",
        )
    return rng


def _tera_throw(*args: Any, message: str | None = None) -> NoReturn:
    raise RefusedFilterError(
        str(message if message is not None else (args[0] if args else "")), "throw"
    )


# -- the environment ---------------------------------------------------------------


class _RefusingParser(Parser):
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


class _TeraBooleans(NodeTransformer):
    """``a and b`` / ``a or b`` give true or false in Tera, never an operand."""

    def _wrap(self, node: nodes.Expr) -> nodes.Filter:
        self.generic_visit(node)
        return nodes.Filter(node, "_tera_bool", [], [], None, None, lineno=node.lineno)

    def visit_And(self, node: nodes.And) -> nodes.Filter:
        return self._wrap(node)

    def visit_Or(self, node: nodes.Or) -> nodes.Filter:
        return self._wrap(node)


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


class TeraEnvironment(ImmutableSandboxedEnvironment):
    """A sandboxed, Tera-flavoured Jinja2 environment with cooperative limits."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, newline: str = "\n") -> None:
        super().__init__(
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=False,
            lstrip_blocks=False,
            newline_sequence=newline,  # type: ignore[arg-type]
            undefined=TeraUndefined,
            finalize=_finalize,
            extensions=["jinja2.ext.loopcontrols"],
            loader=None,
            cache_size=0,
        )
        for name, func in list(self.filters.items()):
            if name not in _TERA_FILTERS:
                self.filters[name] = _guard_filter(name, func)
        for name, func in _TERA_FILTERS.items():
            self.filters[name] = _guard_filter(name, func)
        self.tests.update(_TERA_TESTS)
        self.globals.clear()
        self.globals.update({"range": _tera_range, "throw": _tera_throw, "dict": dict})

    # parse: refuse include/extends/import; make for-loops Tera-like
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _RefusingParser(self, source, name, filename).parse()
        tree = _TeraBooleans().visit(tree)
        for loop in tree.find_all(nodes.For):
            targets = len(loop.target.items) if isinstance(loop.target, nodes.Tuple) else 1
            loop.iter = nodes.Filter(
                loop.iter, "_tera_iter", [nodes.Const(targets)], [], None, None, lineno=loop.lineno
            )
        return tree

    # attribute access: Tera maps are looked up by key first
    def getattr(self, obj: Any, attribute: str) -> Any:
        _budget().tick()
        if isinstance(obj, Mapping) and not isinstance(obj, Undefined):
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass
            if not isinstance(obj, TeraMap):
                return super().getattr(obj, attribute)
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _budget().tick()
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} is not allowed "
            "in a sandboxed template"
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.check()
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, str | list | tuple):
                budget.check_size(len(arg), "an argument")
        inner = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(inner, "__self__", None)
        if isinstance(owner, str):
            _check_str_method(owner, getattr(inner, "__name__", ""), args, budget)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str):
            budget.check_size(len(result), "a call's result")
        return result

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        budget = _budget()
        budget.tick()
        if operator_name == "**":
            _check_power(left, right, budget)
            return operator.pow(left, right)
        if operator_name == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int):
                    budget.check_size(len(seq) * max(times, 0), "a repeated string or list")
            return operator.mul(left, right)
        if operator_name == "%":
            if isinstance(left, str):
                widths = [int(w) for w in re.findall(r"%[-+ #0]*(\d+)", left)]
                widths += [int(w) for w in re.findall(r"\.(\d+)", left)]
                for width in widths:
                    budget.check_size(width, "a `%` format width")
            return operator.mod(left, right)
        return super().call_binop(context, operator_name, left, right)


def _check_str_method(text: str, name: str, args: tuple[Any, ...], budget: Budget) -> None:
    """Refuse str methods whose arguments would build a huge string."""
    if name in {"center", "ljust", "rjust", "zfill"} and args and isinstance(args[0], int):
        budget.check_size(args[0], f"`{name}` width")
    elif name in {"format", "format_map"}:
        for spec in re.findall(r"\{[^{}]*\}", text):
            for number in re.findall(r"\d+", spec):
                budget.check_size(int(number), "a format width")
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        budget.check_size(text.count("\t") * size + len(text), "`expandtabs`")
    elif name == "replace" and len(args) >= 2 and args[0]:
        old, new = str(args[0]), str(args[1])
        budget.check_size(len(text) + text.count(old) * (len(new) - len(old)), "`replace`")
    elif name == "join" and args and isinstance(args[0], list | tuple):
        items = args[0]
        budget.check_size(sum(len(str(i)) for i in items) + len(text) * len(items), "`join`")


def _check_power(left: Any, right: Any, budget: Budget) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        bits = right * math.log2(abs(left))
        if bits > MAX_POWER_BITS:
            raise RenderLimitError(
                f"render stopped: {left} ** {right} is too large a number", "render-too-large"
            )


_ENVIRONMENTS: dict[str, TeraEnvironment] = {}


def environment(newline: str = "\n") -> TeraEnvironment:
    env = _ENVIRONMENTS.get(newline)
    if env is None:
        env = _ENVIRONMENTS[newline] = TeraEnvironment(newline)
    return env


@lru_cache(maxsize=512)
def compile_template(source: str, newline: str = "\n") -> Any:
    """The compiled template for this exact source text (cached; raises TemplateSyntaxError)."""
    return environment(newline).from_string(source)


# -- rendering ---------------------------------------------------------------------


def _template_line(exc: BaseException) -> int | None:
    """The template line an exception was raised at, from Jinja's rewritten traceback."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == TEMPLATE_FILENAME or frame.filename == "<template>":
            line = frame.lineno
    return line


def render_template(
    source: str,
    context: Mapping[str, Any],
    *,
    newline: str = "\n",
    time_limit: float = DEFAULT_TIME_LIMIT,
    max_output: int = DEFAULT_MAX_OUTPUT,
    content: Callable[[str], str] | None = None,
    deadline: float | None = None,
) -> str:
    """Render ``source`` with ``context``; raise TemplateRenderError with its template line.

    ``deadline`` (a ``time.monotonic()`` value) lets nested renders share one budget.
    """
    try:
        template = compile_template(source, newline)
    except TemplateSyntaxError as exc:
        raise TemplateRenderError(
            exc.message or "template syntax error", line=exc.lineno, code="template-syntax"
        ) from None
    budget = Budget(
        deadline if deadline is not None else time.monotonic() + time_limit,
        max_output,
        time_limit,
        content,
    )
    token = _BUDGET.set(budget)
    try:
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > max_output:
                budget.check_size(size, "the output")
            chunks.append(chunk)
            budget.tick()
        return "".join(chunks)
    except UndefinedVariableError as exc:
        raise TemplateRenderError(
            str(exc),
            line=_template_line(exc),
            expression=exc.path,
            suggestion=suggest(context, exc.path),
            code="undefined-variable",
        ) from None
    except RenderLimitError as exc:
        raise TemplateRenderError(str(exc), line=_template_line(exc), code=exc.code) from None
    except RefusedFilterError as exc:
        raise TemplateRenderError(str(exc), line=_template_line(exc), code=exc.code) from None
    except SecurityError as exc:
        raise TemplateRenderError(
            str(exc), line=_template_line(exc), code="template-security"
        ) from None
    except TemplateSyntaxError as exc:
        raise TemplateRenderError(
            exc.message or "template syntax error", line=exc.lineno, code="template-syntax"
        ) from None
    except RecursionError:
        raise TemplateRenderError(
            "render stopped: recursion too deep (a macro calling itself?)",
            code="render-recursion",
        ) from None
    except MemoryError:
        raise TemplateRenderError(
            "render stopped: out of memory", code="render-too-large"
        ) from None
    except Exception as exc:
        raise TemplateRenderError(
            f"{type(exc).__name__}: {exc}", line=_template_line(exc), code="template-error"
        ) from None
    finally:
        _BUDGET.reset(token)
