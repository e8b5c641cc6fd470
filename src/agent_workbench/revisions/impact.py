"""Which project files an agent's render can read, found without rendering its body.

``ImpactAnalyzer(project).reads(rel, language)`` gives a ``ReadSet``: every file the
render of ``rel`` for ``language`` can read, or look for and miss (a file created
there is a change), or None when that cannot be known without rendering. The set is
made of:

* ``agpm.toml`` and the agent file itself;
* its dependencies, their paths rendered as the render renders them (the frontmatter
  read by ``static_frontmatter``: the ``{{ … }}`` expressions are rendered one by
  one, cached across agents), and theirs, transitively through Markdown dependencies;
* the targets of every ``content`` filter in those files (``content_scan``): a
  literal path, or ``agpm.project.X`` / ``agpm.resource.path`` resolved from the
  variables the render would use.

A file whose frontmatter has another shape (``{% if %}`` lines, an expression that
renders to something that would reshape the YAML, one that fails), or a ``content``
use with a path known only at render time, makes the answer None: the caller renders
the agent and uses ``RenderResult.files_read`` instead.

Why skipping on it is safe: a render is a function of the answers its source gives
(file contents, missing files, directories) and of the project variables. If none
of the files in the set changed between two sources, a render from either source
asks the same questions in the same order and gets the same answers, so it produces
the same output. The set may hold more than a render reads (both branches of an
``{% if %}``, dependencies after one that fails), never less.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes

from agent_workbench.model.caches import memo
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.document import decode_text
from agent_workbench.model.project import CONFIG_NAME, Project
from agent_workbench.model.sources import SourceError, normalize_rel
from agent_workbench.templating.content_filter import ContentReader
from agent_workbench.templating.content_scan import ContentScan, Unresolved, scan_template
from agent_workbench.templating.context import project_variables
from agent_workbench.templating.dependencies import DependencyError, resolve
from agent_workbench.templating.environment import (
    TemplateRenderError,
    TeraMap,
    environment,
    render_template,
    to_tera,
)
from agent_workbench.templating.literal_fences import protect
from agent_workbench.templating.render import RenderOptions, split_document
from agent_workbench.templating.static_frontmatter import StaticFrontmatter, read_frontmatter

__all__ = ["ImpactAnalyzer", "ReadSet"]


@dataclass(frozen=True)
class ReadSet:
    """The files one (agent, language) render can read; missing ones included."""

    rel: str
    language: str | None
    files: frozenset[str]


@dataclass
class _FileReads:
    """What one file adds for one language: files it reads directly, and the Markdown
    dependencies whose own reads follow."""

    files: set[str] = field(default_factory=set)
    markdown: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Shape:
    scans: tuple[ContentScan, ...]  # `content` uses of each template the file holds
    has_frontmatter: bool
    static: StaticFrontmatter | None  # None: its dependencies need a render to read


class _Dynamic(Exception):
    """The reads of this file are known only by rendering it."""


class ImpactAnalyzer:
    """Static read sets for the agents of one project (which must not change meanwhile).

    Everything that does not depend on the agent is worked out once per run: file
    texts, frontmatter shapes, ``content`` uses, and the value of each expression
    that reads only ``agpm.project`` for each language.
    """

    def __init__(self, project: Project, options: RenderOptions | None = None) -> None:
        self.project = project
        self.options = options or RenderOptions()
        self._shapes: dict[str, _Shape | None] = {}
        self._files: dict[tuple[str, str | None], _FileReads | None] = {}
        self._variables: dict[str | None, dict[str, Any]] = {}
        self._project_maps: dict[str | None, TeraMap] = {}
        self._values: dict[tuple[str, str | None], str | None] = {}
        self._resolved: dict[tuple[str, str], str | None] = {}

    # -- public ----------------------------------------------------------------------

    def reads(self, rel: str, language: str | None) -> ReadSet | None:
        """Every file rendering ``rel`` for ``language`` can read; None: render to know."""
        rel = normalize_rel(rel)
        files = {CONFIG_NAME, rel}
        todo, seen = [rel], {rel}
        while todo:
            current = todo.pop()
            found = self._file_reads(current, language)
            if found is None:
                return None
            files |= found.files
            for dep in found.markdown:
                if dep not in seen:
                    seen.add(dep)
                    todo.append(dep)
        return ReadSet(rel, language, frozenset(files))

    # -- one file ----------------------------------------------------------------------

    def _file_reads(self, rel: str, language: str | None) -> _FileReads | None:
        key = (rel, language)
        if key not in self._files:
            try:
                self._files[key] = self._work_out(rel, language)
            except _Dynamic:
                self._files[key] = None
        return self._files[key]

    def _shape(self, rel: str) -> _Shape | None:
        """What the file's text says, whatever the language; None if it cannot be read
        (the render stops there: nothing more is read)."""
        if rel not in self._shapes:
            try:
                text = decode_text(self.project.source.read_bytes(rel), rel)[0]
            except (SourceError, DiagnosticError):
                self._shapes[rel] = None
            else:
                doc = split_document(text)
                # Every template the render can run from this file: the frontmatter
                # alone (its settings) and the whole file (templating on); both scanned.
                scans = [scan_template(protect(text)[0])]
                if doc.has_frontmatter:
                    scans.append(scan_template(doc.frontmatter))
                static = read_frontmatter(doc.frontmatter) if doc.has_frontmatter else None
                self._shapes[rel] = _Shape(tuple(scans), doc.has_frontmatter, static)
        return self._shapes[rel]

    def _work_out(self, rel: str, language: str | None) -> _FileReads:
        out = _FileReads()
        shape = self._shape(rel)
        if shape is None:
            return out
        variables = self._variables_for(language)
        for scan in shape.scans:
            out.files |= _targets(scan, variables, rel)
        if not shape.has_frontmatter:
            return out
        static = shape.static
        if static is None:
            raise _Dynamic(rel)
        values = [self._value(expr, rel, language, out.files) for expr in static.expressions]
        if not static.values_fit(values):
            raise _Dynamic(rel)
        folder = posixpath.dirname(rel)
        for path in static.paths(values):
            dep = self._resolve(folder, rel, path)
            if dep is None:
                continue  # the render stops at this one; reading on is harmless
            out.files.add(dep)
            if posixpath.splitext(dep)[1].lower() == ".md":
                out.markdown.append(dep)
        return out

    def _resolve(self, folder: str, rel: str, path: str) -> str | None:
        """``dependencies.resolve``, once per folder and path (agents share both)."""
        key = (folder, path)
        if key not in self._resolved:
            try:
                self._resolved[key] = resolve(rel, path)
            except DependencyError:
                self._resolved[key] = None
        return self._resolved[key]

    # -- values ------------------------------------------------------------------------

    def _variables_for(self, language: str | None) -> dict[str, Any]:
        if language not in self._variables:
            self._variables[language] = project_variables(
                self.project.variables, language, self.options.variables
            )
        return self._variables[language]

    def _project_map(self, language: str | None) -> TeraMap:
        if language not in self._project_maps:
            self._project_maps[language] = to_tera(self._variables_for(language), "agpm.project")
        return self._project_maps[language]

    def _value(self, expression: str, rel: str, language: str | None, reads: set[str]) -> str:
        """What ``{{ … }}`` renders to in the frontmatter of ``rel`` (its first reading,
        dependencies not yet known); _Dynamic if it fails."""
        shared = _reads_project_only(expression)
        key = (expression, language)
        if shared and key in self._values:
            value = self._values[key]
        else:
            value = self._render(expression, rel, language, reads)
            if shared:
                self._values[key] = value
        if value is None:
            raise _Dynamic(rel)
        return value

    def _render(
        self, expression: str, rel: str, language: str | None, reads: set[str]
    ) -> str | None:
        # AGPM's resolver reads a frontmatter with the project's variables only
        project = self._project_map(language)
        try:
            return render_template(
                expression,
                {"agpm": TeraMap({"project": project}, "agpm"), "project": project},
                time_limit=self.options.time_limit,
                max_output=self.options.max_output,
                content=ContentReader(self.project.source, reads, self.project.manifest_folder),
            )
        except TemplateRenderError:
            return None


def _targets(scan: ContentScan, variables: dict[str, Any], rel: str) -> set[str]:
    if scan.dynamic:
        raise _Dynamic(rel)
    found = set()
    for target in scan.targets:
        try:
            path = target.resolve(variables, rel)
        except Unresolved:
            raise _Dynamic(rel) from None
        if path is not None:
            found.add(path)
    return found


@memo("revisions.project_only_expressions", 1024)
def _reads_project_only(expression: str) -> bool:
    """Does the expression read nothing but ``agpm.project.*`` (so its value is the same
    in every file, for one language)?"""
    try:
        tree = environment().parse(expression)
    except Exception:
        return False
    names = [n for n in tree.find_all(nodes.Name) if n.name != "project" or n.ctx != "load"]
    rooted = [
        node
        for node in tree.find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Name) and node.attr == "project"
    ]
    return (
        "content" not in expression
        and all(n.name == "agpm" and n.ctx == "load" for n in names)
        and len(rooted) == len(names)
    )
