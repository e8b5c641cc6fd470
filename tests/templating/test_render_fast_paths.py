"""The renderer's fast paths give exactly what its slow paths give.

* a frontmatter rendered line by line (``frontmatter_pieces``) versus whole;
* a frontmatter that cannot hold settings (``render_context.without_settings``)
  left unparsed versus parsed.

Each render is made twice: as the renderer makes it, and with the fast paths
turned off. Every part of the result must match: output, diagnostics (file, line,
column, message), dependencies, files read and the templating flag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from agent_workbench.model.fast_paths import fast_paths
from agent_workbench.model.project import Project
from agent_workbench.templating import frontmatter_lines as frontmatter_pieces
from agent_workbench.templating import render
from agent_workbench.templating.environment import compile_template
from agent_workbench.templating.languages import languages_for
from agent_workbench.templating.render import RenderOptions, RenderResult, render_agent
from conftest import REPO_ROOT, SHARED, requires_shared, shared_files

# Fast against slow: the fast paths are on here (and turned off for the slow half).
pytestmark = pytest.mark.usefixtures("fast_paths_on")

LIBRARY = SHARED / "corpus" / "agpm-resources"
LIBRARY_LANGUAGES = ["golang", "java", "javascript", "python", "rust", "typescript"]


@contextmanager
def whole_frontmatter_renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Turn the fast paths off (the switch also forgets every cached result)."""
    with fast_paths(False):
        yield


def snapshot(result: RenderResult) -> tuple[object, ...]:
    return (
        result.output,
        result.body,
        result.diagnostics,
        [(u.category, u.key, u.rel, u.declared_in, u.content, u.line) for u in result.dependencies],
        result.files_read,
        result.templating,
    )


def assert_same_renders(
    monkeypatch: pytest.MonkeyPatch,
    jobs: list[tuple[Project, str, str | None, str | None]],
) -> int:
    """Render each (project, rel, language, text) both ways and compare; returns how many
    frontmatters the fast renders cut into lines."""
    frontmatter_pieces.pieces_of.clear()
    fast = [
        snapshot(render_agent(p, rel, RenderOptions(language=lang), text=text))
        for p, rel, lang, text in jobs
    ]
    cut_count = frontmatter_pieces.pieces_of.size().entries
    with whole_frontmatter_renders(monkeypatch):
        slow = [
            snapshot(render_agent(p, rel, RenderOptions(language=lang), text=text))
            for p, rel, lang, text in jobs
        ]
    for job, one, other in zip(jobs, fast, slow, strict=True):
        assert one == other, job[1:3]
    return cut_count


def cut(source: str) -> bool:
    """Did the fast path cut this frontmatter into lines?"""
    return frontmatter_pieces.pieces_of(source, "\n") is not None


def test_sample_agents_render_alike_for_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.open(REPO_ROOT)
    jobs: list[tuple[Project, str, str | None, str | None]] = []
    for path in sorted((REPO_ROOT / "agents").rglob("*.md")):
        rel = path.relative_to(REPO_ROOT).as_posix()
        for language in languages_for(project, rel) or [None]:
            jobs.append((project, rel, language, None))
    # The fast path is taken for the language-dependent samples.
    assert assert_same_renders(monkeypatch, jobs) >= 4


@requires_shared
def test_library_resources_and_seeds_render_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.open(LIBRARY)
    jobs: list[tuple[Project, str, str | None, str | None]] = []
    for path in shared_files("corpus", "agpm-resources"):
        rel = path.relative_to(LIBRARY).as_posix()
        if not rel.startswith("examples/"):
            jobs += [(project, rel, lang, None) for lang in LIBRARY_LANGUAGES]
    for seed in shared_files("seeds", pattern="*.txt"):
        text = seed.read_bytes().decode("utf-8")
        rel = f"claude-code/agents/{seed.stem}.md"
        if "../../snippets/" in text:
            rel = f"opencode/agents/{seed.stem}.md"
        elif "../best-practices/" in text:
            rel = f"snippets/agents/{seed.stem}.md"
        jobs += [(project, rel, lang, text) for lang in LIBRARY_LANGUAGES]
    assert_same_renders(monkeypatch, jobs)


@requires_shared
def test_wild_agents_render_alike(
    monkeypatch: pytest.MonkeyPatch, make_project: Callable[..., Path]
) -> None:
    project = Project.open(make_project({}))
    jobs: list[tuple[Project, str, str | None, str | None]] = [
        (project, f"agents/{path.name}", None, path.read_bytes().decode("utf-8"))
        for path in shared_files("corpus", "wild")
        if path.parent.name != "wild"
    ]
    assert len(jobs) >= 400
    assert_same_renders(monkeypatch, jobs)


SNIPPETS = {
    "snippets/python.md": "---\nname: py\n---\nPython rules.\n",
    "snippets/rust.md": "---\nname: rs\n---\nRust rules.\n",
    "docs/note.md": "A note.\n",
}
DEPENDENCY = "    - path: ../snippets/{{ agpm.project.language }}.md\n"


@pytest.mark.parametrize(
    ("frontmatter", "fast"),
    [
        # the common shape: an expression in a dependency path
        (f"name: a\nagpm:\n  templating: true\n  dependencies:\n    snippets:\n{DEPENDENCY}", True),
        # templating off: the frontmatter alone is rendered
        (f"name: a\ndependencies:\n  snippets:\n{DEPENDENCY}", True),
        # two expressions on a line, one elsewhere, a filter with a named argument
        (
            "name: a\ndescription: {{ agpm.project.language }} and {{ agpm.project.language }}\n"
            'color: {{ agpm.project.missing | default(value="red") }}\n',
            True,
        ),
        # an undefined variable: the error must be the whole render's (line, column)
        ("name: a\ndescription: x\ncolor: {{ agpm.project.langauge }}\n", True),
        # a syntax error in an expression
        ("name: a\ncolor: {{ agpm.project.language | }}\n", True),
        # an expression over two lines: not cut
        ("name: a\ncolor: {{ agpm.project\n  .language }}\n", True),
        # whitespace control could join lines: not cut
        ("name: a\ncolor: x\n{{- '' }}\nmodel: y\n", False),
        ("name: a\ncolor: {{ 'x' -}}\n\nmodel: y\n", False),
        # template blocks: not cut
        (
            "name: a\n{% if agpm.project.language == 'python' %}\ncolor: red\n{% endif %}\n",
            False,
        ),
        # the content filter inside the frontmatter
        ('name: a\ndescription: {{ "docs/note.md" | content }}\n', True),
        # agpm.deps read in the frontmatter with templating off (rendered twice)
        (
            f"name: a\ndescription: {{{{ agpm.deps.snippets.py.content }}}}\n"
            f"dependencies:\n  snippets:\n{DEPENDENCY}",
            True,
        ),
        # an expression whose output holds a line break and a key
        ('name: a\ndescription: {{ "x\\nmodel: opus" }}\n', True),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_edge_cases_render_alike(
    monkeypatch: pytest.MonkeyPatch,
    make_project: Callable[..., Path],
    frontmatter: str,
    fast: bool,
    newline: str,
) -> None:
    text = ("---\n" + frontmatter + "---\nBody {{ agpm.project.language }}.\n").replace(
        "\n", newline
    )
    root = make_project({**SNIPPETS, "agents/a.md": text})
    project = Project.open(root)
    jobs = [(project, "agents/a.md", lang, None) for lang in ("python", "rust")]
    assert_same_renders(monkeypatch, jobs)
    assert cut(frontmatter) == fast


def test_mixed_line_endings_are_rendered_whole(make_project: Callable[..., Path]) -> None:
    assert frontmatter_pieces.pieces_of("a: {{ x }}\r\nb: 1\n", "\r\n") is None
    assert frontmatter_pieces.pieces_of("a: {{ x }}\nb: 1\r\n", "\n") is None
    assert frontmatter_pieces.pieces_of("a: {{ x }}\r\nb: 1\r\n", "\r\n") is not None


def test_output_past_the_limit_is_rendered_whole(
    monkeypatch: pytest.MonkeyPatch, make_project: Callable[..., Path]
) -> None:
    """Each line under the output limit, the whole over it: the whole render's error."""
    lines = "".join(
        f"k{i}: {{{{ 'x' | truncate(length=0, end='{'x' * 600}') }}}}\n" for i in range(4)
    )
    root = make_project({"agents/a.md": f"---\nname: a\n{lines}---\nBody\n"})
    project = Project.open(root)
    result = render_agent(project, "agents/a.md", RenderOptions(max_output=1000))
    with whole_frontmatter_renders(monkeypatch):
        slow = render_agent(project, "agents/a.md", RenderOptions(max_output=1000))
    assert snapshot(result) == snapshot(slow)
    assert any("output" in d.message for d in result.diagnostics)


@pytest.mark.parametrize(
    ("snippet", "unparsed"),
    [
        ("---\nname: py\ndescription: rules\n---\nPython rules.\n", True),
        ("---\nname: py\n: broken: yaml\n---\nPython rules.\n", True),
        # settings the render reads: parsed
        ("---\nagpm:\n  templating: true\n---\nRules for {{ agpm.project.language }}.\n", False),
        (
            '---\nagpm: {"templ\\x61ting": true}\n---\nRules for {{ agpm.project.language }}.\n',
            False,
        ),
        ("---\ndependencies:\n  snippets:\n    - path: ../docs/note.md\n---\nRules.\n", False),
        ("---\nagpm: {templating: true}\n---\n{{ agpm.deps.snippets.note.content }}\n", False),
        ("---\nname: {{ agpm.project.language }}\n---\nRules.\n", False),
        # agpm.deps named in a frontmatter without template syntax
        ("---\nname: agpm.deps\n---\nRules.\n", True),
    ],
)
def test_dependency_frontmatter_without_settings_renders_alike(
    monkeypatch: pytest.MonkeyPatch,
    make_project: Callable[..., Path],
    snippet: str,
    unparsed: bool,
) -> None:
    agent = (
        "---\nname: a\nagpm:\n  templating: true\n  dependencies:\n    snippets:\n"
        "      - path: ../snippets/py.md\n---\n{{ agpm.deps.snippets.py.content }}\n"
    )
    root = make_project({"agents/a.md": agent, "snippets/py.md": snippet, **SNIPPETS})
    project = Project.open(root)
    assert_same_renders(monkeypatch, [(project, "agents/a.md", None, None)])
    assert_same_renders(monkeypatch, [(project, "snippets/py.md", None, None)])
    assert render.without_settings(snippet.split("---\n")[1]) == unparsed


PROJECT_TOML = (
    '[project]\nlanguage = "python"\nmax_line_length = 100\nstrict = true\n'
    'nothing = ""\n[project.team]\nname = "Core"\nitems = "listed"\n'
)


@pytest.mark.parametrize(
    "line",
    [
        "description: {{ agpm.project.language }}",  # a string: looked up
        "description: {{agpm.project.team.name}}-{{ agpm.project.language }}",
        "description: {{ agpm.project.team.items }}",  # a key named like a dict method
        "description: {{ agpm.project.nothing }}",
        "description: {{ agpm.project.max_line_length }}",  # a number: Jinja writes it
        "description: {{ agpm.project.strict }}",  # a boolean: Tera's true
        "description: {{ agpm.project.team }}",  # a map
        "description: {{ agpm.project.langauge }}",  # undefined: the whole render's error
        "description: {{ agpm.resource.name }}",
        "description: {{ agpm.deps.snippets.py.content }}",  # pending in the first reading
        "description: {{{ agpm.project.language }}",
        "description: {{ agpm.project.language }}}",
        "description: {{ agpm.project.if }}",
        "description: {{ agpm.project['language'] }}",
        "description: {{ agpm.project.language | upper }}",
    ],
)
@pytest.mark.parametrize("templating", [False, True])
def test_path_expressions_render_alike(
    monkeypatch: pytest.MonkeyPatch,
    make_project: Callable[..., Path],
    line: str,
    templating: bool,
) -> None:
    settings = "agpm:\n  templating: true\n" if templating else ""
    text = f"---\nname: a\n{line}\n{settings}dependencies:\n  snippets:\n{DEPENDENCY}---\nBody.\n"
    root = make_project({**SNIPPETS, "agpm.toml": PROJECT_TOML, "agents/a.md": text})
    project = Project.open(root)
    jobs = [(project, "agents/a.md", lang, None) for lang in ("python", "rust")]
    assert_same_renders(monkeypatch, jobs)


def test_path_lines_are_not_compiled(make_project: Callable[..., Path]) -> None:
    """A frontmatter whose expressions are plain paths to strings compiles nothing."""
    text = f"---\nname: a\ndependencies:\n  snippets:\n{DEPENDENCY}---\nBody.\n"
    project = Project.open(make_project({**SNIPPETS, "agents/a.md": text}))
    compile_template.clear()
    result = render_agent(project, "agents/a.md", RenderOptions(language="rust"))
    assert result.ok and [d.rel for d in result.dependencies] == ["snippets/rust.md"]
    assert compile_template.size().misses == 0
