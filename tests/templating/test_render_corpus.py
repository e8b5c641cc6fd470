"""Every resource of the AGPM library renders for each of its six languages, and so do the seeds."""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agent_workbench.model.document import AgentDocument
from agent_workbench.model.project import Project
from agent_workbench.templating.environment import has_template_syntax
from agent_workbench.templating.render import RenderOptions, RenderResult, render_agent
from conftest import SHARED, requires_shared, shared_files

pytestmark = requires_shared

LIBRARY = SHARED / "corpus" / "agpm-resources"
LANGUAGES = ["golang", "java", "javascript", "python", "rust", "typescript"]
RESOURCES = [
    p.relative_to(LIBRARY).as_posix()
    for p in shared_files("corpus", "agpm-resources")
    if not p.relative_to(LIBRARY).as_posix().startswith("examples/")
]
SEEDS = shared_files("seeds", pattern="*.txt")
WILD = [p for p in shared_files("corpus", "wild") if p.parent.name != "wild"]  # not STATS.md
_FENCE = re.compile(r"^\s*```")


@pytest.fixture(scope="module")
def library() -> Project:
    return Project.open(LIBRARY)


def example_variables(name: str) -> dict[str, Any]:
    """``[project]`` of examples/NAME/agpm.toml, its file paths made relative to the library root."""
    folder = LIBRARY / "examples" / name
    table = tomllib.loads((folder / "agpm.toml").read_text())["project"]
    return {
        key: f"examples/{name}/{value}" if (folder / str(value)).is_file() else value
        for key, value in table.items()
    }


def literal_fenced(text: str) -> str:
    """The lines inside ```literal fences (the only template syntax a render leaves alone)."""
    kept, inside = [], False
    for line in text.splitlines():
        if not inside and line.strip().startswith("```literal"):
            inside = True
        elif inside and _FENCE.match(line):
            inside = False
        elif inside:
            kept.append(line)
    return "\n".join(kept)


def untemplated_text(result: RenderResult, source: str) -> str:
    """Text a render passes through unrendered: ```literal fences, and dependencies that do
    not turn templating on (their bodies are embedded literally)."""
    parts = [literal_fenced(source)]
    for rel in result.files_read - {result.rel}:
        path = LIBRARY / rel
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        templated = "templating: true" in AgentDocument.from_text(text).frontmatter
        parts.append(literal_fenced(text) if templated else text)
    return "\n".join(parts)


def assert_rendered(result: RenderResult, source: str, language: str) -> None:
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.diagnostics == []
    assert result.output is not None and result.body is not None
    for use in result.dependencies:
        folder = posixpath.basename(posixpath.dirname(use.rel))
        if folder in {"best-practices", "styleguides"}:
            assert posixpath.basename(use.rel).startswith(f"{language}-"), use.rel
    if result.templating:
        literal = untemplated_text(result, source)
        for syntax in ("{{ agpm.", "{% if", "{% endif"):
            assert result.output.count(syntax) <= literal.count(syntax), syntax
    elif not has_template_syntax(AgentDocument.from_text(source).frontmatter):
        assert result.output == source


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rel", RESOURCES)
def test_library_resource_renders(library: Project, rel: str, language: str) -> None:
    source = (LIBRARY / rel).read_text(encoding="utf-8")
    result = render_agent(library, rel, RenderOptions(language=language))
    assert_rendered(result, source, language)
    for use in result.dependencies:
        assert use.rel in result.files_read


@pytest.mark.parametrize("example", ["local", "git"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_library_agents_with_example_project_variables(
    library: Project, example: str, language: str
) -> None:
    variables = example_variables(example)
    variables.pop("language")  # the toggle chooses it
    variables["framework"] = "react"
    embedded = {
        variables[key]: (LIBRARY / variables[key]).read_text(encoding="utf-8")
        for key in ("styleguide", "best_practices")
    }
    agents = [rel for rel in RESOURCES if "/agents/" in rel and rel.endswith(".md")]
    for rel in agents:
        source = (LIBRARY / rel).read_text(encoding="utf-8")
        result = render_agent(library, rel, RenderOptions(language=language, variables=variables))
        assert_rendered(result, source, language)
        for path, text in embedded.items():
            if path in result.files_read:
                assert AgentDocument.from_text(text).body.strip() in result.output, (rel, path)


def test_language_toggle_changes_the_embedded_best_practices(library: Project) -> None:
    rel = "claude-code/agents/backend-engineer.md"
    for language in LANGUAGES:
        snippet = LIBRARY / "snippets" / "best-practices" / f"{language}-best-practices.md"
        body = AgentDocument.from_text(snippet.read_text(encoding="utf-8")).body.strip()
        result = render_agent(library, rel, RenderOptions(language=language))
        assert result.ok
        assert body in result.body
        others = [lang for lang in LANGUAGES if lang != language]
        assert all(
            f"snippets/best-practices/{o}-best-practices.md" not in result.files_read
            for o in others
        )


def _seed_location(text: str, name: str) -> str:
    """Where a seed would live in the library so that its relative paths resolve."""
    if "../../snippets/" in text:
        return f"opencode/agents/{name}.md"
    if "../best-practices/" in text:
        return f"snippets/agents/{name}.md"
    return f"claude-code/agents/{name}.md"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_renders(library: Project, seed: Path, language: str) -> None:
    text = seed.read_bytes().decode("utf-8")
    rel = _seed_location(text, seed.stem)
    result = render_agent(library, rel, RenderOptions(language=language), text=text)
    assert_rendered(result, text, language)
    if not has_template_syntax(text):
        assert result.output == text


@pytest.mark.parametrize("path", WILD, ids=lambda p: p.name)
def test_wild_agents_render_unchanged(make_project: Callable[..., Path], path: Path) -> None:
    """None of the 400 public agents turns templating on: each installs exactly as written
    (a BOM aside), and none of them makes the renderer fail."""
    project = Project.open(make_project({}))
    text = path.read_bytes().decode("utf-8")
    result = render_agent(project, f"agents/{path.name}", text=text)
    assert result.diagnostics == []
    assert result.output == text.removeprefix("\ufeff")
    assert not result.templating
