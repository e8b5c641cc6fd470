"""What a render's templates see: AGPM v0.4.14's context, and where each file installs.

Two contexts, as AGPM builds them: the one its resolver renders every frontmatter with
to read the dependencies (the project and a variant's namespaces only), and the one the
installed text renders with (``agpm.resource``, ``agpm.deps``, ``agpm.project``, and
``project`` at the top level). The options of a render live here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from agent_workbench.model.flavour import (
    default_tool,
    detect_flavour,
    install_path,
    tool_supports,
    type_of_category,
)
from agent_workbench.model.project import Project
from agent_workbench.model.variants import (
    Variant,
    manifest_variants,
    meaningful_path,
    variants_of,
)
from agent_workbench.templating.context import (
    canonical_name,
    merge_variables,
    project_variables,
    resource_context,
)
from agent_workbench.templating.dependencies import DependencyDecl
from agent_workbench.templating.environment import (
    DEFAULT_MAX_OUTPUT,
    DEFAULT_TIME_LIMIT,
    TeraMap,
    to_tera,
)


@dataclass
class RenderOptions:
    language: str | None = None  # sets agpm.project.language
    variables: dict[str, Any] = field(default_factory=dict)  # nested overrides (--var a.b=c)
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds of render time
    max_output: int = DEFAULT_MAX_OUTPUT  # characters of output
    # a manifest entry (``model.variants``): its `template_vars.project` deep-merged under
    # the language toggle and --var, its other namespaces at the top level of the context;
    # its tool, flatten and filename set the file's install path
    variant: Variant | None = None

    @property
    def template_vars(self) -> dict[str, Any]:
        return self.variant.template_vars if self.variant is not None else {}


class AgpmContext:
    """The variables of one render (project, variant, language, --var) and the contexts
    built from them, file by file."""

    def __init__(self, project: Project, options: RenderOptions) -> None:
        self.project = project
        self.options = options
        self.top = ""  # the file rendered (a variant's install path applies to it alone)
        # dependency -> (tool, category, flatten) it was first reached with
        self.reached: dict[str, tuple[str, str, bool | None]] = {}
        self._entries: list[Variant] | None = None  # the manifest's entries, read once
        base = project.variables
        variant_project = options.template_vars.get("project")
        if isinstance(variant_project, Mapping):
            base = merge_variables(base, variant_project)
        self.variables = project_variables(base, options.language, options.variables)
        self.project_map = to_tera(self.variables, "agpm.project")
        self.namespaces = {
            str(key): to_tera(value, str(key))
            for key, value in options.template_vars.items()
            if key not in ("project", "agpm")
        }

    def context(
        self, rel: str, text: str, fields: Mapping[str, Any] | None, deps: TeraMap
    ) -> dict[str, Any]:
        """What the installed file renders with (AGPM's ``build_context_with_visited``):
        ``agpm.resource``/``deps``/``project``, ``project`` also at the top level, a
        variant's other namespaces at the top level only."""
        install = self.install_path(rel, fields)
        named = self.project.manifest_rel(rel)
        resource = to_tera(resource_context(rel, fields, text, install, named), "agpm.resource")
        agpm = {"project": self.project_map, "resource": resource, "deps": deps}
        return {**self.namespaces, "agpm": TeraMap(agpm, "agpm"), "project": self.project_map}

    def layout_rel(self, rel: str) -> str:
        """The path a file installs by: ``rel``, but in the view of an entry outside the
        project its path from agpm.toml's folder without the leading ``..`` (AGPM's
        ``extract_meaningful_path``: ``shared/snippets/h.md``, ``snippets/p.md``)."""
        if not self.project.is_view:
            return rel
        return meaningful_path(self.project.manifest_rel(rel))

    def install_path(self, rel: str, fields: Mapping[str, Any] | None) -> str:
        """Where the file installs: a variant's layout for the file rendered, else the
        tool it was reached with (AGPM: a transitive dependency inherits its parent's)."""
        tools = self.project.config.get("tools")
        flavour = detect_flavour(rel, fields)
        variant = self.options.variant
        if variant is not None and rel == self.top:
            return variant.install_path(flavour, tools)
        reached = self.reached.get(rel)
        rel = self.layout_rel(rel)
        if reached is not None:
            tool, category, flatten = reached
            return install_path(rel, flavour, tools, tool=tool, category=category, flatten=flatten)
        return install_path(rel, flavour, tools)

    def tool_of(self, rel: str) -> str:
        """The tool ``rel`` installs for (its dependencies inherit it)."""
        reached = self.reached.get(rel)
        if reached is not None:
            return reached[0]
        variant = self.options.variant
        if variant is not None and rel == self.top and variant.tool:
            return variant.tool
        return default_tool(rel, detect_flavour(rel, None))

    def dependency_tool(self, decl: DependencyDecl, parent: str, dep_rel: str) -> tuple[str, str]:
        """The tool a dependency installs for (AGPM v0.4.14's ``determine_transitive_tool``,
        src/resolver/transitive_resolver.rs: its own ``tool``, else its parent's when that
        tool installs its type, else its type's default) and, when agpm.toml's ``[tools]``
        does not configure that tool for that type, why ``agpm install`` fails ("" if not:
        AGPM's test_transitive_dependency_unsupported_resource_type)."""
        tools = self.project.config.get("tools")
        tool = decl.tool or self.tool_of(parent)
        if not decl.tool and not tool_supports(tool, decl.category, tools):
            tool = default_tool(dep_rel, detect_flavour(dep_rel, None), decl.category)
        if tool_supports(tool, decl.category, tools):
            return tool, ""
        return tool, (
            f"it installs for tool `{tool}`, which agpm.toml's [tools] does not configure for "
            f"{decl.category} (a [tools] table replaces AGPM's default tools; agpm install "
            f"fails): add [tools.{tool}] with {decl.category}, or give the dependency a `tool`"
        )

    def extraction_context(self) -> dict[str, Any]:
        """What AGPM's resolver renders every frontmatter with to read its dependencies
        (``build_template_context_from_variant_inputs``): the project and a variant's
        namespaces, each both at the top level and under ``agpm``; no resource, no deps."""
        agpm = {**self.namespaces, "project": self.project_map}
        return {**self.namespaces, "agpm": TeraMap(agpm, "agpm"), "project": self.project_map}

    def dependency(
        self, decl: DependencyDecl, dep_rel: str, content: str, tool: str
    ) -> dict[str, Any]:
        """``agpm.deps.CATEGORY.KEY``: AGPM v0.4.14's DependencyData of a local file
        (checked with `agpm install`): canonical name, the type of the category it is
        declared under, null version, source and commit, an empty checksum (computed
        only after the render)."""
        tools = self.project.config.get("tools")
        flavour = detect_flavour(dep_rel, None)
        where = install_path(
            self.layout_rel(dep_rel),
            flavour,
            tools,
            tool=tool,
            category=decl.category,
            flatten=decl.flatten,
        )
        if self._entries is None:
            self._entries = manifest_variants(self.project.config)
        direct_entries = [v for v in self._entries if v.rel == dep_rel]
        if any(v.rel is not None and ("*" in v.rel or "?" in v.rel) for v in self._entries):
            direct_entries = variants_of(self.project.config, dep_rel)  # glob entries
        for direct in direct_entries:
            # a manifest entry for the same file and tool is the one installed (checked
            # with `agpm install`: its `filename` shows in the parent's render)
            if (direct.tool or default_tool(dep_rel, flavour, direct.category)) == tool:
                where = direct.install_path(flavour, tools)
                break
        named = self.project.manifest_rel(dep_rel)  # ../shared/… for an outside entry's
        return {
            "name": canonical_name(named),
            "type": type_of_category(decl.category),
            "content": content,
            "path": named,
            "install_path": where,
            "version": None,
            "source": None,
            "resolved_commit": None,
            "checksum": "",
        }
