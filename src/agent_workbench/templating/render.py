"""Render an agent file the way AGPM installs it (``docs/agpm-templating.md``).

``render_agent`` never raises for bad input: every problem is a Diagnostic at
the file, line and column the author sees (frontmatter lines counted; for a
dependency's problem, the dependency's own file).
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from agent_workbench.model.caches import memo
from agent_workbench.model.diagnostics import Diagnostic, DiagnosticError, error, warning
from agent_workbench.model.document import AgentDocument, decode_text
from agent_workbench.model.project import CONFIG_NAME, Project
from agent_workbench.model.sources import SourceError, normalize_rel
from agent_workbench.templating import literal_fences
from agent_workbench.templating.agpm_context import AgpmContext, RenderOptions
from agent_workbench.templating.content_filter import ContentReader, extension
from agent_workbench.templating.context import (
    parse_yaml,
    without_settings,
)
from agent_workbench.templating.dependencies import (
    MAX_DEPTH,
    DeclarationError,
    DependencyDecl,
    DependencyError,
    category_line,
    content_of,
    declarations,
    dependency_key,
    locate,
    resolve,
    worktree_note,
)
from agent_workbench.templating.environment import (
    TemplateRenderError,
    TeraMap,
    has_template_syntax,
    render_template,
    to_tera,
)
from agent_workbench.templating.environment_reads import environment_reads
from agent_workbench.templating.frontmatter_lines import render_by_lines
from agent_workbench.templating.locate import (
    body_of,
    column_of,
    first_newline,
    frontmatter_templating_hint,
)


@dataclass
class DependencyUse:
    category: str  # "snippets", "agents", ...
    key: str  # agpm.deps.<category>.<key>
    rel: str  # resolved project-relative path
    declared_in: str  # project-relative path of the declaring file
    content: str  # what .content gave
    line: int = 0  # line of its `path:` in the declaring file (0: unknown)


@dataclass
class RenderResult:
    rel: str
    language: str | None
    output: str | None  # the installed file (frontmatter and body); None on error
    body: str | None  # after the closing --- line
    diagnostics: list[Diagnostic]
    dependencies: list[DependencyUse]
    files_read: frozenset[str]
    templating: bool = False  # agpm.templating of the agent

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


_NEEDS_WHOLE_CONTEXT = re.compile(r"agpm\s*\.\s*(?:deps|resource)|agpm\s*\[")


@memo("templating.split_documents", 256)
def split_document(text: str) -> AgentDocument:
    """AgentDocument.from_text, cached: dependency files are re-split on every keystroke."""
    return AgentDocument.from_text(text)


@dataclass
class _Rendered:
    output: str
    body: str
    templating: bool


MAX_CHAIN_SHOWN = 8


class _Failure(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.chain: tuple[str, ...] | None = None  # the files being rendered when it failed

    def located(self) -> Diagnostic:
        """The diagnostic, naming the dependency chain when it failed below the agent."""
        chain = self.chain or ()
        if chain and chain[-1] != self.diagnostic.path:
            chain = (*chain, self.diagnostic.path)
        if len(chain) < 2:
            return self.diagnostic
        if len(chain) > MAX_CHAIN_SHOWN:  # a 50-link chain: its ends say where
            half = MAX_CHAIN_SHOWN // 2
            chain = (*chain[:half], "…", *chain[-half:])
        message = f"{self.diagnostic.message}; while rendering {' → '.join(chain)}"
        return replace(self.diagnostic, message=message)


class _Renderer:
    def __init__(self, project: Project, options: RenderOptions) -> None:
        self.project = project
        self.options = options
        self.agpm = AgpmContext(project, options)
        self.variables = self.agpm.variables
        self.deadline = time.monotonic() + options.time_limit
        self.files_read: set[str] = set()
        self.reader = ContentReader(project.source, self.files_read, project.manifest_folder)
        self.diagnostics: list[Diagnostic] = []
        self.uses: list[DependencyUse] = []
        self.memo: dict[str, _Rendered] = {}
        self.templating: dict[str, bool] = {}  # per file, known even when its render fails

    def render(self, rel: str, source: str, context: Mapping[str, Any], newline: str) -> str:
        return render_template(
            source,
            context,
            newline=newline,
            time_limit=self.options.time_limit,
            max_output=self.options.max_output,
            content=self.reader,
            deadline=self.deadline,
        )

    def render_frontmatter(
        self, rel: str, source: str, context: Mapping[str, Any], newline: str
    ) -> str:
        """``render`` of a frontmatter, made line by line where that is the same."""
        by_lines = render_by_lines(
            source,
            newline,
            lambda line: self.render(rel, line, context, newline),
            context,
            max_output=self.options.max_output,
            deadline=self.deadline,
        )
        return by_lines if by_lines is not None else self.render(rel, source, context, newline)

    def template_diagnostic(
        self,
        rel: str,
        exc: TemplateRenderError,
        source: str,
        first_line: int,
        *,
        as_warning: bool = False,
    ) -> Diagnostic:
        line_in_template = exc.line or 1
        lines = source.splitlines()
        text = lines[line_in_template - 1] if 0 < line_in_template <= len(lines) else ""
        column = column_of(text, exc.expression)
        make = warning if as_warning else error
        return make(
            rel,
            first_line + line_in_template - 1,
            column,
            exc.message,
            suggestion=exc.suggestion,
            code=exc.code,
            expression=exc.expression,
        )

    def frontmatter_failure(
        self, rel: str, exc: TemplateRenderError, doc: AgentDocument
    ) -> _Failure:
        """The frontmatter does not render: AGPM's resolver renders every Markdown
        frontmatter to read its dependencies, and the install fails there, templating on
        or off (``test_frontmatter_templating_template_error``)."""
        diag = self.template_diagnostic(rel, exc, doc.frontmatter, doc.frontmatter_first_line)
        message = diag.message + " (in the frontmatter: AGPM renders it even with templating off)"
        return _Failure(replace(diag, message=message))

    # -- files -----------------------------------------------------------------

    def read_text(self, rel: str) -> str:
        self.files_read.add(rel)
        raw = self.project.source.read_bytes(rel)
        text, _bom = decode_text(raw, rel)
        return text

    def render_file(self, rel: str, text: str, stack: tuple[str, ...]) -> _Rendered:
        doc = split_document(text)
        newline = first_newline(text)

        # Phase 1: the frontmatter's settings, as AGPM's resolver reads them (rendered
        # first, with the project's variables only, when it holds template syntax).
        fields: Any = None
        fm_rendered: str = doc.frontmatter
        if doc.has_frontmatter and has_template_syntax(doc.frontmatter):
            try:
                fm_rendered = self.render_frontmatter(
                    rel, doc.frontmatter, self.agpm.extraction_context(), newline
                )
            except TemplateRenderError as exc:
                raise self.frontmatter_failure(rel, exc, doc) from None
        if doc.has_frontmatter and not without_settings(doc.frontmatter):
            parsed = parse_yaml(fm_rendered)
            fields = parsed.data
            if parsed.error and fm_rendered != doc.frontmatter:
                self.diagnostics.append(
                    warning(
                        rel,
                        doc.frontmatter_first_line + parsed.line,
                        parsed.column + 1,
                        f"the rendered frontmatter is not valid YAML ({parsed.error}); "
                        "its settings and dependencies cannot be read",
                        code="render-yaml",
                    )
                )
        if not isinstance(fields, Mapping):
            fields = None
        agpm = fields.get("agpm") if fields else None
        if fields is not None:
            templating = isinstance(agpm, Mapping) and agpm.get("templating") in (True, "true")
        else:
            templating = frontmatter_templating_hint(doc.frontmatter)
        self.templating.setdefault(rel, templating)
        if templating:
            self.diagnostics += environment_reads(rel, text)
        elif doc.has_frontmatter:
            self.diagnostics += environment_reads(rel, doc.frontmatter, doc.frontmatter_first_line)

        # Dependencies.
        try:
            decls, problems = declarations(fields)
        except DeclarationError as exc:
            line = category_line(doc.frontmatter, str(exc), doc.frontmatter_first_line)
            raise _Failure(error(rel, line, 1, str(exc), code="dependency-category")) from None
        for problem in problems:
            self.diagnostics.append(
                warning(rel, doc.frontmatter_first_line, 1, problem, code="dependency-entry")
            )
        decls = locate(decls, doc.frontmatter, doc.frontmatter_first_line)
        deps = self.dependencies(rel, decls, stack)

        # Phase 2: the installed text.
        if templating:
            protected, restore = literal_fences.protect(text)
            try:
                output = restore(
                    self.render(rel, protected, self.agpm.context(rel, text, fields, deps), newline)
                )
            except TemplateRenderError as exc:
                raise _Failure(self.template_diagnostic(rel, exc, protected, 1)) from None
            return _Rendered(output, body_of(output), True)
        if fm_rendered != doc.frontmatter and _NEEDS_WHOLE_CONTEXT.search(doc.frontmatter):
            try:  # installed with the whole context (resource, deps) the first reading lacks
                context = self.agpm.context(rel, text, fields, deps)
                fm_rendered = self.render_frontmatter(rel, doc.frontmatter, context, newline)
            except TemplateRenderError as exc:
                raise self.frontmatter_failure(rel, exc, doc) from None
        if fm_rendered != doc.frontmatter:
            output = doc.open_line + fm_rendered + doc.close_line + doc.body
            return _Rendered(output, doc.body, False)
        return _Rendered(text, doc.body, False)

    def dependencies(
        self, rel: str, decls: list[DependencyDecl], stack: tuple[str, ...]
    ) -> TeraMap:
        tree: dict[str, dict[str, Any]] = {}
        for decl in decls:

            def fail(message: str, code: str, decl: DependencyDecl = decl) -> _Failure:
                return _Failure(
                    error(
                        rel,
                        decl.line or 1,
                        decl.column or 1,
                        message,
                        code=code,
                        expression=decl.path,
                    )
                )

            try:
                dep_rel = resolve(rel, decl.path)
            except DependencyError as exc:
                raise fail(
                    f"dependency `{decl.label}` of {rel}: path {exc.message}", exc.code
                ) from None
            where = f"dependency `{decl.label}` of {rel} (resolved to {dep_rel})"
            if note := worktree_note(self.project.root, rel, decl.path):
                self.diagnostics.append(warning(rel, decl.line, decl.column, note, code="worktree"))
            if dep_rel in stack:
                chain = " → ".join((*stack[stack.index(dep_rel) :], dep_rel))
                raise fail(f"{where}: dependency cycle: {chain}", "dependency-cycle")
            if len(stack) > MAX_DEPTH:
                raise fail(
                    f"{where}: dependency chain deeper than {MAX_DEPTH} (AGPM's limit)",
                    "dependency-depth",
                )
            try:
                text = self.read_text(dep_rel)
            except SourceError as exc:
                code = "dependency-missing" if exc.reason == "missing" else "dependency-unreadable"
                detail = "does not exist" if exc.reason == "missing" else exc.message
                raise fail(f"{where}: {detail}", code) from None
            except DiagnosticError as exc:
                raise _Failure(exc.diagnostic) from None
            dep_tool, unknown = self.agpm.dependency_tool(decl, rel, dep_rel)
            if unknown:
                raise fail(f"{where}: {unknown}", "dependency-tool")
            self.agpm.reached.setdefault(dep_rel, (dep_tool, decl.category, decl.flatten))
            rendered_body = None
            if extension(dep_rel) == "md":
                sub = self.memo.get(dep_rel)
                if sub is None:
                    try:
                        sub = self.render_file(dep_rel, text, (*stack, dep_rel))
                    except _Failure as exc:
                        if exc.chain is None:  # the innermost file names the whole chain
                            exc.chain = (*stack, dep_rel)
                        raise
                    self.memo[dep_rel] = sub
                rendered_body = sub.body if sub.templating else None
            try:
                content = content_of(dep_rel, text, rendered_body)
            except DependencyError as exc:
                raise fail(f"{where}: {exc.message}", exc.code) from None
            entry = self.agpm.dependency(decl, dep_rel, content, dep_tool)
            # keyed by its file's stem, and also by its `name` when it has one
            category = tree.setdefault(decl.category, {})
            category.setdefault(dependency_key(None, dep_rel), entry)
            category[decl.key] = entry
            self.uses.append(
                DependencyUse(decl.category, decl.key, dep_rel, rel, content, decl.line)
            )
        return to_tera(tree, "agpm.deps")


def render_agent(
    project: Project, rel: str, options: RenderOptions | None = None, *, text: str | None = None
) -> RenderResult:
    """Render ``rel`` (or its unsaved ``text``) as AGPM would install it."""
    options = options or RenderOptions()
    renderer = _Renderer(project, options)
    language = renderer.variables.get("language")
    language = str(language) if language is not None else None
    try:
        rel = normalize_rel(rel)
    except SourceError as exc:
        diag = error(rel, 1, 1, exc.message, code="path-outside")
        return RenderResult(rel, language, None, None, [diag], [], frozenset())
    renderer.files_read.add(CONFIG_NAME)
    renderer.agpm.top = rel
    output = body = None
    try:
        if text is None:
            text = renderer.read_text(rel)
        else:
            renderer.files_read.add(rel)
            if text.startswith("\ufeff"):
                text = text[1:]
        result = renderer.render_file(rel, text, (rel,))
        output, body = result.output, result.body
    except _Failure as exc:
        if exc.chain is None:
            exc.chain = (rel,)
        renderer.diagnostics.append(exc.located())
    except DiagnosticError as exc:
        renderer.diagnostics.append(exc.diagnostic)
    except SourceError as exc:
        code = "file-missing" if exc.reason == "missing" else "file-unreadable"
        renderer.diagnostics.append(error(rel, 1, 1, exc.message, code=code))
    return RenderResult(
        rel=rel,
        language=language,
        output=output,
        body=body,
        diagnostics=renderer.diagnostics,
        dependencies=renderer.uses,
        files_read=frozenset(renderer.files_read),
        templating=renderer.templating.get(rel, False),
    )
