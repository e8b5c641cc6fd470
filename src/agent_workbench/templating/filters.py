"""Tera's filters, tests and functions for the Jinja2 environment: the registry, and the
guard every filter runs behind. The built-ins themselves live one module per kind:
``tera_strings``, ``tera_numbers``, ``tera_arrays``, ``tera_dates`` (filters),
``tera_tests``, ``tera_functions``; ``tera_print`` says how values print."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context, Undefined

from agent_workbench.templating import (
    tera_arrays,
    tera_dates,
    tera_numbers,
    tera_slug,
    tera_strings,
)
from agent_workbench.templating.limits import (
    CHECK_EVERY,
    RefusedFilterError,
    current_budget,
)
from agent_workbench.templating.tera_args import (
    TeraFilterError,
    arg,
    pattern_arg,
    required,
    want_str,
)
from agent_workbench.templating.tera_functions import TERA_FUNCTIONS
from agent_workbench.templating.tera_grammar import MACRO_SCOPE
from agent_workbench.templating.tera_print import (
    concat_operand,
    serde_float,
    tera_str,
    tera_truthy,
)
from agent_workbench.templating.tera_tests import TERA_TESTS
from agent_workbench.templating.values import TeraUndefined

# -- Tera filters --------------------------------------------------------------------


def _is_undefined(value: Any) -> bool:
    return isinstance(value, Undefined)


def _tera_default(value: Any, /, *args: Any, **kwargs: Any) -> Any:
    fallback = kwargs.pop("value", args[0] if args else "")
    if _is_undefined(value) or value is None:
        return fallback
    return value


def _tera_replace(value: Any, /, **kwargs: Any) -> str:
    old = want_str("replace", "from", required("replace", kwargs, "from"))
    new = want_str("replace", "to", required("replace", kwargs, "to"))
    text = want_str("replace", "value", value)
    if old:
        current_budget().check_size(
            len(text) + text.count(old) * (len(new) - len(old)), "`replace`"
        )
    return text.replace(old, new)


def _tera_json_encode(value: Any, *args: Any, pretty: bool = False, **kwargs: Any) -> str:
    """serde_json's ``to_string`` / ``to_string_pretty`` (two-space indent), keys sorted as
    Tera's maps keep them, floats as ryu writes them (``2.0``, ``1e21``)."""
    return _json(_plain(value), "\n" if pretty else "", "  " if pretty else "")


def _json(value: Any, newline: str, indent: str) -> str:
    if isinstance(value, float) and not isinstance(value, bool):
        return serde_float(value)
    if isinstance(value, Mapping) and value:
        inner = newline + indent
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}:{' ' if newline else ''}"
            + _json(value[k], inner, indent)
            for k in sorted(value, key=str)
        ]
        return "{" + ",".join(items) + newline + "}"
    if isinstance(value, list | tuple) and value:
        inner = newline + indent
        return "[" + ",".join(inner + _json(v, inner, indent) for v in value) + newline + "]"
    return json.dumps(value, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN"  # Tera's `/` makes NaN a string value (renderer/processor.rs)
    return value


@pass_context
def tera_context(context: Context, **scope: Any) -> str:
    """``{{ __tera_context }}``: the variables in scope as pretty JSON (basic.rs:
    render_magic_variable_isnt_escaped; call_stack.rs: current_context_cloned). ``scope``
    holds what the parser saw around it: a loop's variables, or a macro's arguments and
    sets (then marked ``_tera_macro``, and the template's variables are not in scope)."""
    in_macro = scope.pop(MACRO_SCOPE, False)
    env_globals = context.environment.globals
    names = (
        {}
        if in_macro
        else {
            k: v
            for k, v in context.get_all().items()
            if k not in env_globals and not k.startswith("_tera") and not callable(v)
        }
    )
    names.update((k, v) for k, v in scope.items() if not _is_undefined(v))
    return _tera_json_encode(names, pretty=True)


def _tera_get(value: Any, /, *args: Any, **kwargs: Any) -> Any:
    if not isinstance(value, Mapping):
        raise TeraFilterError(
            f"Filter `get` was called on an incorrect value: got `{tera_str(value)}` "
            "but expected a Map<String, Value>"
        )
    key = want_str("get", "key", arg(args, kwargs, 0, "key", ""))
    if key in value:
        return value[key]
    if "default" in kwargs:
        return kwargs["default"]
    raise TeraFilterError(f"Filter `get` tried to get key `{key}` but it wasn't found")


def _tera_length(value: Any) -> int:
    if isinstance(value, str):
        return len(value)  # Tera counts chars, not graphemes
    if isinstance(value, list | tuple | Mapping):
        return len(value)
    raise TeraFilterError(
        "Filter `length` was used on a value that isn't an array, an object, or a string."
    )


def _str_filter(name: str, method: Callable[[str], str]) -> Callable[[Any], str]:
    def run(value: Any) -> str:
        return method(want_str(name, "value", value))

    return run


def _tera_trim_start_matches(value: Any, /, **kwargs: Any) -> str:
    pattern = pattern_arg("trim_start_matches", kwargs)
    text = want_str("trim_start_matches", "value", value)
    while pattern and text.startswith(pattern):
        text = text[len(pattern) :]
    return text


def _tera_trim_end_matches(value: Any, /, **kwargs: Any) -> str:
    pattern = pattern_arg("trim_end_matches", kwargs)
    text = want_str("trim_end_matches", "value", value)
    while pattern and text.endswith(pattern):
        text = text[: -len(pattern)]
    return text


def _tera_ordered(value: Any) -> Any:
    """A side of ``<``, ``>``, ``<=``, ``>=``: Tera compares numbers only."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    kind = "a string" if isinstance(value, str) else "a value that is not a number"
    raise TeraFilterError(f"Tried to do math with {kind}: `{tera_str(value)}`")


def _tera_content(value: Any) -> str:
    reader = current_budget().content
    if reader is None:
        raise RefusedFilterError(
            "the `content` filter is not available here", "content-unavailable"
        )
    return reader(str(value))


def _tera_iter(value: Any, targets: int) -> Iterator[Any]:
    """What a ``for`` loop walks: sorted keys (one target) or sorted items (two) of a map."""
    if _is_undefined(value):
        value._fail("iterated")
    if targets == 2 and not isinstance(value, Mapping):
        raise TeraFilterError(
            "Tried to iterate using key value on a variable that isn't an object/map"
        )
    if targets == 1 and isinstance(value, Mapping):  # renderer/for_loop.rs
        raise TeraFilterError(
            "Tried to iterate over a map with one variable: Tera needs the key too "
            "(`{% for key, value in … %}`)"
        )
    if isinstance(value, Mapping):
        keys = sorted(value, key=lambda k: (str(type(k)), k) if not isinstance(k, str) else ("", k))
        items: Iterable[Any] = [(k, value[k]) for k in keys]
    elif isinstance(value, str):
        items = tera_strings.graphemes(value)  # Tera walks a string by grapheme cluster
    else:
        items = value
    budget = current_budget()
    budget.check()
    for count, item in enumerate(items, 1):
        if count % CHECK_EVERY == 0:
            budget.check()
        yield item


TERA_FILTERS: dict[str, Callable[..., Any]] = {
    # common.rs
    "default": _tera_default,
    "json_encode": _tera_json_encode,
    "as_str": tera_str,
    "length": _tera_length,
    "reverse": tera_arrays.reverse,
    "date": tera_dates.date,
    # string.rs
    "upper": _str_filter("upper", str.upper),
    "lower": _str_filter("lower", str.lower),
    "trim": _str_filter("trim", str.strip),
    "trim_start": _str_filter("trim_start", str.lstrip),
    "trim_end": _str_filter("trim_end", str.rstrip),
    "trim_start_matches": _tera_trim_start_matches,
    "trim_end_matches": _tera_trim_end_matches,
    "truncate": tera_strings.truncate,
    "wordcount": tera_strings.wordcount,
    "replace": _tera_replace,
    "capitalize": tera_strings.capitalize,
    "title": tera_strings.title,
    "linebreaksbr": tera_strings.linebreaksbr,
    "indent": tera_strings.indent,
    "striptags": tera_strings.striptags,
    "spaceless": tera_strings.spaceless,
    "urlencode": tera_strings.urlencode,
    "urlencode_strict": tera_strings.urlencode_strict,
    "escape": tera_strings.escape_html,
    "escape_xml": tera_strings.escape_xml,
    "slugify": tera_slug.slugify,
    "addslashes": tera_strings.addslashes,
    "split": tera_strings.split,
    "int": tera_strings.to_int,
    "float": tera_strings.to_float,
    # array.rs
    "first": tera_arrays.first,
    "last": tera_arrays.last,
    "nth": tera_arrays.nth,
    "join": tera_arrays.join,
    "sort": tera_arrays.sort,
    "unique": tera_arrays.unique,
    "slice": tera_arrays.slice_,
    "group_by": tera_arrays.group_by,
    "filter": tera_arrays.filter_,
    "map": tera_arrays.map_,
    "concat": tera_arrays.concat,
    # number.rs
    "pluralize": tera_numbers.pluralize,
    "round": tera_numbers.round_,
    "filesizeformat": tera_numbers.filesizeformat,
    "abs": tera_numbers.abs_,
    # object.rs
    "get": _tera_get,
    # the renderer's own: with autoescape off (AGPM), `safe` changes nothing
    "safe": lambda v: v,
    # the workbench's own: AGPM's `content`, and the hooks the environment's rewrites call
    "content": _tera_content,
    "_tera_iter": _tera_iter,
    "_tera_bool": tera_truthy,
    "_tera_str": tera_str,
    "_tera_concat": concat_operand,
    "_tera_ordered": _tera_ordered,
    "_tera_sized": lambda v: v,  # the guard checks the size of string results
}

# Filters whose numeric arguments size their output.
_SIZED_FILTERS = frozenset({"center", "format", "wordwrap", "filesizeformat"})
_UNDEFINED_OK = frozenset({"default", "_tera_bool"})


def guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
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
        budget = current_budget()
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


# -- tests and functions -----------------------------------------------------------

__all__ = ["TERA_FILTERS", "TERA_FUNCTIONS", "TERA_TESTS", "guard_filter", "tera_context"]
