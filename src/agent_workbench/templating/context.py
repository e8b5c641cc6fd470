"""The pieces of a render's context: project variables, the resource, and frontmatter YAML."""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from agent_workbench.frontmatter.entries import parse_entries
from agent_workbench.frontmatter.subset import load_subset
from agent_workbench.model import fast_paths
from agent_workbench.model.caches import memo
from agent_workbench.model.flavour import detect_flavour, install_path, resource_type
from agent_workbench.model.frozen import freeze


def merge_variables(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``overrides`` (nested dicts) into a copy of ``base``."""
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = merge_variables(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def project_variables(
    table: dict[str, Any], language: str | None, overrides: Mapping[str, Any]
) -> dict[str, Any]:
    """``agpm.project``: the ``[project]`` table, the language toggle, then ``--var`` overrides."""
    variables = copy.deepcopy(table)
    if language is not None:
        variables["language"] = language
    return merge_variables(variables, overrides)


def canonical_name(rel: str) -> str:
    """AGPM v0.4.14's resource name: the path without its extension (``agents/test-agent``;
    tests/integration/templating/test_basic_rendering.rs
    ``test_basic_template_substitution``)."""
    return posixpath.splitext(rel)[0]


def resource_context(
    rel: str,
    fields: Mapping[str, Any] | None,
    text: str,
    install: str | None = None,
    named: str | None = None,
) -> dict[str, Any]:
    """``agpm.resource`` for a local file (AGPM's ``ResourceMetadata``); ``install`` is its
    install path when already known (the project's layout, a variant's); ``named`` is its
    path as AGPM names it, relative to agpm.toml's folder, when that is not ``rel``."""
    return {
        "name": canonical_name(named or rel),
        "type": resource_type(rel),
        "path": named or rel,
        "install_path": install or install_path(rel, detect_flavour(rel, fields)),
        "source": None,
        "version": None,
        "resolved_commit": None,
        # AGPM v0.4.14 renders before it computes the checksum: the template sees ""
        # (checked with `agpm install`; its docs describe `sha256:…`)
        "checksum": "",
    }


_SETTINGS = re.compile(r"templating|dependencies|\\|\{[{%#]")


def without_settings(frontmatter: str) -> bool:
    """Can this raw frontmatter hold none of the settings a render reads from it
    (``agpm.templating``, ``dependencies``, ``agpm.dependencies``)? Then it need not
    be parsed: whatever it holds, the render is the same (templating off, nothing
    declared). True only when no key can spell them: neither word is in the text,
    nor a backslash (a double-quoted key's escapes could spell one), nor template
    syntax (its rendered text could hold anything). Always False with the fast paths off."""
    return fast_paths.enabled() and _SETTINGS.search(frontmatter) is None


@dataclass(frozen=True)
class YamlResult:
    data: Any
    error: str | None = None
    line: int = 0  # 0-based line of the problem within the parsed text
    column: int = 0  # 0-based column


def _safe_load(text: str) -> Any:
    """ruamel's pure safe load; the plain subset most frontmatter is in read a line at a
    time (``yaml_subset``: the same data, several times faster)."""
    data = load_subset(text)
    return data if data is not None else YAML(typ="safe", pure=True).load(text)


@memo("templating.safe_parses", 4096)
def parse_yaml(text: str) -> YamlResult:
    """Safe-load YAML (cached by text; the data are frozen: ``model.frozen``).

    A block mapping is loaded entry by entry (``yaml_entries``: each entry's parse
    is cached, so the entries a text shares with others are not parsed again), the
    whole text only when that is not provably the same (and for its errors)."""
    data = parse_entries(text, _safe_load)
    if data is not None:
        return YamlResult(freeze(data))
    try:
        return YamlResult(freeze(_safe_load(text)))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        return YamlResult(None, message, mark.line if mark else 0, mark.column if mark else 0)
    except YAMLError as exc:
        return YamlResult(None, str(exc).splitlines()[0] if str(exc) else "invalid YAML")
    except Exception as exc:  # ruamel raises a few non-YAMLError types on odd input
        return YamlResult(None, f"{type(exc).__name__}: {exc}")
