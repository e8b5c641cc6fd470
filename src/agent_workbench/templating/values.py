"""Tera-like values: maps that know their dotted path, and Tera's undefined."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from jinja2.exceptions import TemplateRuntimeError, UndefinedError
from jinja2.runtime import Undefined
from jinja2.utils import missing

from agent_workbench.templating.limits import UndefinedVariableError

# -- Tera-like values and undefined ------------------------------------------------


class TeraMap(dict):
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
    _tera_path: str

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateRuntimeError] = UndefinedError,
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


class PendingMap(TeraMap):
    """``agpm.deps`` while the frontmatter is first read: dependencies are not known yet,
    so every lookup gives another empty, false, blank value instead of an error."""

    __slots__ = ()

    def __missing__(self, key: str) -> PendingMap:
        return PendingMap({}, f"{self.tera_path}.{key}")

    def __str__(self) -> str:
        return ""
