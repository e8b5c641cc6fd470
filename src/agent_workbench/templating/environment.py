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

import re
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.lexer import Lexer
from jinja2.runtime import Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, modifies_known_mutable
from jinja2.utils import Namespace

from agent_workbench.model.caches import memo
from agent_workbench.templating.filters import (
    TERA_FILTERS,
    TERA_FUNCTIONS,
    TERA_TESTS,
    guard_filter,
    tera_context,
)
from agent_workbench.templating.limits import (
    DEFAULT_MAX_OUTPUT,
    DEFAULT_TIME_LIMIT,
    Budget,
    RefusedFilterError,
    RenderLimitError,
    TemplateRenderError,
    UndefinedVariableError,
    budget_var,
    check_str_method,
    current_budget,
)
from agent_workbench.templating.tera_functions import NOT_FOUND, tera_not_found
from agent_workbench.templating.tera_grammar import CONTEXT_DUMP
from agent_workbench.templating.tera_lexer import TeraLexer
from agent_workbench.templating.tera_operators import tera_equals, tera_in, tera_math
from agent_workbench.templating.tera_print import tera_str
from agent_workbench.templating.tera_syntax import (
    NAMESPACE_FACTORY,
    RefusingParser,
    apply_set_global,
    print_concat_operands,
)
from agent_workbench.templating.unclosed_block import unclosed_block_line
from agent_workbench.templating.value_guard import FILTER_NAME, guard_values, tera_value
from agent_workbench.templating.values import TeraMap, TeraUndefined, suggest, to_tera

__all__ = [
    "DEFAULT_MAX_OUTPUT",
    "DEFAULT_TIME_LIMIT",
    "TemplateRenderError",
    "TeraMap",
    "TeraUndefined",
    "compile_template",
    "environment",
    "has_template_syntax",
    "render_template",
    "to_tera",
]

TEMPLATE_FILENAME = "<agpm-template>"
TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")


def has_template_syntax(text: str) -> bool:
    """Does the text hold ``{{``, ``{%`` or ``{#`` (what makes AGPM render it)?"""
    return TEMPLATE_SYNTAX.search(text) is not None


# -- the environment ---------------------------------------------------------------


ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")


def _finalize(value: Any) -> str:
    return tera_str(value)


class TeraEnvironment(ImmutableSandboxedEnvironment):
    """A sandboxed, Tera-flavoured Jinja2 environment with cooperative limits."""

    intercepted_binops = frozenset({"*", "%", "+", "-", "/"})  # `**` is refused

    def __init__(self, newline: str = "\n") -> None:
        super().__init__(
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=False,
            lstrip_blocks=False,
            newline_sequence=newline,
            undefined=TeraUndefined,
            finalize=_finalize,
            extensions=["jinja2.ext.loopcontrols"],
            loader=None,
            cache_size=0,
            optimized=False,
        )
        # Tera's filters and testers only: Jinja's own (`select`, `center`, `is none`…)
        # are "not found" in Tera, so a template using one is refused
        self.filters.clear()
        for name, func in TERA_FILTERS.items():
            self.filters[name] = guard_filter(name, func)
        self.filters[FILTER_NAME] = tera_value
        self.tests.clear()
        self.tests.update(TERA_TESTS)
        self.globals.clear()
        self.globals.update(TERA_FUNCTIONS)
        self.globals.update({NAMESPACE_FACTORY: Namespace, CONTEXT_DUMP: tera_context})
        self.globals[NOT_FOUND] = self.filters[NOT_FOUND] = self.tests[NOT_FOUND] = tera_not_found
        self.filters["_tera_in"] = guard_filter("_tera_in", tera_in)
        self.filters["_tera_equals"] = guard_filter("_tera_equals", tera_equals)

    @property
    def lexer(self) -> Lexer:
        """Tera's string literals (see ``tera_syntax``); one lexer per environment."""
        lexer = self.__dict__.get("_tera_lexer")
        if lexer is None:
            lexer = self.__dict__["_tera_lexer"] = TeraLexer(self)
        return lexer

    # parse with Tera's grammar (tera_syntax, tera_grammar); set_global's namespace
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return apply_set_global(RefusingParser(self, source, name, filename).parse())

    # code generation: no Python object (method, function, macro, loop) reaches the output
    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        tree = print_concat_operands(guard_values(source))
        return super()._generate(tree, name, filename, defer_init=defer_init)

    # attribute access: Tera maps are looked up by key first
    def getattr(self, obj: Any, attribute: str) -> Any:
        current_budget().tick()
        if isinstance(obj, Mapping) and not isinstance(obj, Undefined):
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass
            if attribute[:1] == "_" or modifies_known_mutable(obj, attribute):
                return super().getattr(obj, attribute)  # the sandbox refuses these by name
            # Tera maps have keys only: `.items`, `.keys`, `.get` are variables not found
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        current_budget().tick()
        if (
            isinstance(obj, list | tuple)
            and isinstance(argument, str)
            and ARRAY_INDEX.fullmatch(argument)
        ):
            argument = int(argument)  # Tera looks `xs["0"]` up as a JSON pointer
        if isinstance(obj, str) or isinstance(argument, bool):
            # Tera indexes arrays and maps only, by a number or a string (errors.rs:
            # error_invalid_type_index_variable); `s.0` on a string is not found
            return self.undefined(obj=obj, name=str(argument))
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} is not allowed "
            "in a sandboxed template"
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, TeraUndefined):
            __obj._fail("called")  # `agpm.project.get(…)`: Tera maps have no methods
        budget = current_budget()
        budget.check()
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, str | list | tuple):
                budget.check_size(len(arg), "an argument")
        inner = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(inner, "__self__", None)
        if isinstance(owner, str):
            check_str_method(owner, getattr(inner, "__name__", ""), args, budget)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str):
            budget.check_size(len(result), "a call's result")
        return result

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        current_budget().tick()
        return tera_math(operator_name, left, right)  # numbers only, 64-bit integers


_ENVIRONMENTS: dict[str, TeraEnvironment] = {}


def environment(newline: str = "\n") -> TeraEnvironment:
    env = _ENVIRONMENTS.get(newline)
    if env is None:
        env = _ENVIRONMENTS[newline] = TeraEnvironment(newline)
    return env


@memo("templating.compiled_templates", 2048)
def compile_template(source: str, newline: str = "\n") -> Any:
    """The compiled template for this exact source text (cached; raises TemplateSyntaxError).

    2,048: one per templated file of a 1,000-agent project (a file's template is the
    same in every language, so rendering all agents language after language reuses
    them), its templated dependencies, and the frontmatter lines rendered on their
    own; each is tens of KB."""
    return environment(newline).from_string(source)


# -- rendering ---------------------------------------------------------------------


def _template_line(exc: BaseException) -> int | None:
    """The template line an exception was raised at, from Jinja's rewritten traceback."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == TEMPLATE_FILENAME or frame.filename == "<template>":
            line = frame.lineno
    return line


def _collect(template: Any, context: Mapping[str, Any], budget: Budget) -> str:
    """Run the template's generator, counting output and checking the deadline between chunks."""
    generator = template.root_render_func(template.new_context(dict(context)))
    chunks: list[str] = []
    size = 0
    try:
        for chunk in generator:
            size += len(chunk)
            try:
                if size > budget.max_output:
                    budget.check_size(size, "the output")
                budget.tick()
            except RenderLimitError as exc:
                frame = generator.gi_frame
                if frame is not None:
                    exc.line = template.get_corresponding_lineno(frame.f_lineno)
                raise
            chunks.append(chunk)
    except RenderLimitError as exc:
        if exc.line is None:  # raised inside the template: let Jinja map its line
            template.environment.handle_exception()
        generator.close()
        raise
    except Exception:
        template.environment.handle_exception()  # re-raises with template line numbers
    return "".join(chunks)


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
            exc.message or "template syntax error",
            line=unclosed_block_line(environment(newline), source, exc) or exc.lineno,
            code="template-syntax",
        ) from None
    budget = Budget(
        deadline if deadline is not None else time.monotonic() + time_limit,
        max_output,
        time_limit,
        content,
    )
    token = budget_var.set(budget)
    try:
        return _collect(template, context, budget)
    except UndefinedVariableError as exc:
        raise TemplateRenderError(
            str(exc),
            line=_template_line(exc),
            expression=exc.path,
            suggestion=suggest(context, exc.path),
            code="undefined-variable",
        ) from None
    except RenderLimitError as exc:
        line = exc.line or _template_line(exc)
        raise TemplateRenderError(str(exc), line=line, code=exc.code) from None
    except RefusedFilterError as exc:
        raise TemplateRenderError(str(exc), line=_template_line(exc), code=exc.code) from None
    except SecurityError as exc:
        raise TemplateRenderError(
            str(exc), line=_template_line(exc), code="template-security"
        ) from None
    except TemplateSyntaxError as exc:
        raise TemplateRenderError(
            exc.message or "template syntax error",
            line=unclosed_block_line(environment(newline), source, exc) or exc.lineno,
            code="template-syntax",
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
        budget_var.reset(token)
