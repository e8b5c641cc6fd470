"""The static impact analysis: what a render can read, found without rendering it.

Its one promise is checked against real renders: whenever ``ImpactAnalyzer.reads``
answers, every file the render read (``RenderResult.files_read``) is in the answer —
over the AGPM library for each of its languages, with and without extra project
variables, and over the 400 wild agents."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from agent_workbench.model.project import Project
from agent_workbench.revisions.impact import ImpactAnalyzer
from agent_workbench.templating.content_scan import (
    ContentTarget,
    Unresolved,
    mentions_content,
    scan_template,
)
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.templating.static_frontmatter import read_frontmatter
from conftest import SHARED, requires_shared, shared_files

# The static read sets are a fast path: on here, even in CI's run with them off.
pytestmark = pytest.mark.usefixtures("fast_paths_on")

MakeProject = Callable[..., Path]
BP = "../../snippets/best-practices/{{ agpm.project.language }}-best-practices.md"

# -- content uses --------------------------------------------------------------------------


def test_mentions_content_is_false_only_when_the_filter_cannot_be_used() -> None:
    for source in (
        "{{ 'a.md' | content }}",
        "{{ x|content }}",
        "{{ x |\n   content }}",
        "{% filter content %}a.md{% endfilter %}",
        "{{ xs | map('content') | join }}",
        "{{ xs|map(f) }}",
    ):
        assert mentions_content(source), source
    for source in (
        "{{ agpm.deps.snippets.x.content }}",
        "Contents: the roadmap, a bitmap.",
        "{{ x | contents }}",
        "",
    ):
        assert not mentions_content(source), source


def targets(source: str) -> list[tuple[object, ...]]:
    scan = scan_template(source)
    assert not scan.dynamic
    return [t.parts for t in scan.targets]


def test_content_targets_are_read_from_the_template() -> None:
    assert targets("{{ 'docs/a.md' | content }}") == [("docs/a.md",)]
    assert targets("{{ agpm.project.styleguide | content }}") == [(("project", "styleguide"),)]
    assert targets("{{ agpm['project'].guides.review | content }}") == [
        (("project", "guides", "review"),)
    ]
    # tera.pest string_expr_filter: the filter takes the whole `~` chain (no `(…)` before it)
    assert targets("{{ 'docs/' ~ agpm.project.language ~ '.md' | content }}") == [
        ("docs/", ("project", "language"), ".md")
    ]
    assert targets("{% if x %}{{ 'a.md' | content }}{% else %}{{ 'b.md' | content }}{% endif %}")
    assert targets("{{ agpm.deps.snippets.x.content }} {{ xs | map('upper') | join }}") == []
    assert targets("{{ 'a.md' | content") == []  # does not parse: never runs, reads nothing
    # Tera's filters take named arguments only: these do not parse either
    assert targets("{{ agpm.project.docs | map('content') | join }}") == []
    assert targets("{{ agpm.project.docs | map(agpm.project.filter) | join }}") == []


@pytest.mark.parametrize(
    "source",
    [
        "{% for p in agpm.project.docs %}{{ p | content }}{% endfor %}",
        "{{ agpm.project.styleguide | default(value='x.md') | content }}",
        "{% filter content %}docs/a.md{% endfilter %}",
        "{% set agpm = agpm.project.other %}{{ agpm.project.x | content }}",
        "{% macro m(agpm) %}{{ agpm.project.x | content }}{% endmacro %}",
    ],
)
def test_paths_known_only_at_render_time_make_the_scan_dynamic(source: str) -> None:
    assert scan_template(source).dynamic


def test_targets_resolve_from_the_variables() -> None:
    variables = {"language": "rust", "guides": {"review": "docs/review.md"}, "n": 3}
    rel = "agents/claude-code/x.md"
    assert (
        ContentTarget(("docs/", ("project", "language"), ".md")).resolve(variables, rel)
        == "docs/rust.md"
    )
    assert ContentTarget((("project", "guides", "review"),)).resolve(variables, rel) == (
        "docs/review.md"
    )
    assert ContentTarget((("resource", "path"),)).resolve(variables, rel) == rel
    assert ContentTarget(("/etc/passwd",)).resolve(variables, rel) is None  # refused unread
    assert ContentTarget(("../outside.md",)).resolve(variables, rel) is None
    # Undefined on its own: the filter refuses it unread. Anything else unknown: render.
    assert ContentTarget((("project", "nope"),)).resolve(variables, rel) is None
    for unknown in (
        (("project", "guides"),),  # a table, not a path
        (("project", "language", "x"),),  # an attribute of a string
        ("docs/", ("project", "nope")),
        (("resource", "install_path"),),
        (("deps", "snippets", "x", "path"),),
    ):
        with pytest.raises(Unresolved):
            ContentTarget(unknown).resolve(variables, rel)


# -- frontmatter ---------------------------------------------------------------------------

USUAL = f"""name: x
description: Reviews {{{{ agpm.project.language }}}} code
agpm:
  templating: true
dependencies:
  snippets:
    - path: {BP}
      name: best-practices
    - path: ../../snippets/topics/topic-3.md
"""


def test_the_usual_frontmatter_is_read_once_for_every_language() -> None:
    static = read_frontmatter(USUAL)
    assert static is not None
    assert static.expressions == ("{{ agpm.project.language }}",) * 2
    assert static.values_fit(["rust", "rust"])
    assert static.paths(["rust", "rust"]) == [
        "../../snippets/best-practices/rust-best-practices.md",
        "../../snippets/topics/topic-3.md",
    ]
    # A value that would reshape the YAML is refused: the file must be rendered.
    assert not static.values_fit(["rust", "a\n  - path: x"])
    assert not static.values_fit(["rust", "rust, path: x"])
    assert static.values_fit(["rust and go", "rust"])  # the description may hold a space
    assert not static.values_fit(['rust "and" go', "rust"])
    flow = "agpm:\n  dependencies: {snippets: [{path: ../a.md}, {path: '../{{ agpm.project.x }}.md'}]}\n"
    read = read_frontmatter(flow)
    assert read is not None and read.paths(["b"]) == ["../a.md", "../b.md"]


@pytest.mark.parametrize(
    "frontmatter",
    [
        "dependencies:\n  snippets:\n    {% if x %}\n    - path: a.md\n    {% endif %}\n",
        "{{ agpm.project.key }}:\n  snippets:\n    - path: a.md\n",
        "dependencies:\n  '{{ agpm.project.x }}':\n    - path: a.md\n",
        '"dependencies":\n  snippets:\n    - path: a.md\n',
        "  dependencies:\n    snippets:\n      - path: a.md\n",
        "{dependencies: {snippets: [a.md]}}\n",
        "dependencies:\n  snippets:\n    - path: *shared\n",
        "dependencies:\n  snippets: [a.md]\ndependencies:\n  agents: [b.md]\n",
        "dependencies:\n  snippets:\n    - path: {{- agpm.project.x }}\n",
    ],
)
def test_other_shapes_are_left_to_a_render(frontmatter: str) -> None:
    assert read_frontmatter(frontmatter) is None


# -- read sets -----------------------------------------------------------------------------


def test_a_read_set_follows_dependencies_content_and_languages(make_project: MakeProject) -> None:
    nested = (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: ../rules/{{ agpm.project.language }}.md\n---\n"
        "{{ agpm.project.styleguide | content }}\n"
    )
    project = Project.open(
        make_project(
            {
                "agpm.toml": '[project]\nlanguage = "python"\nstyleguide = "docs/style.md"\n',
                "agents/claude/a.md": (
                    "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
                    f"    - path: {BP}\n    - path: ../../snippets/data.json\n---\n"
                    "{{ 'docs/extra.txt' | content }}\n"
                ),
                "snippets/best-practices/python-best-practices.md": nested,
                "snippets/best-practices/rust-best-practices.md": "Rust.\n",
                "snippets/data.json": "{}",
            }
        )
    )
    analyzer = ImpactAnalyzer(project)
    python = analyzer.reads("agents/claude/a.md", "python")
    assert python is not None
    assert python.files == {
        "agpm.toml",
        "agents/claude/a.md",
        "snippets/best-practices/python-best-practices.md",
        "snippets/rules/python.md",  # missing: creating it is a change
        "docs/style.md",  # missing too
        "snippets/data.json",
        "docs/extra.txt",
    }
    rust = analyzer.reads("agents/claude/a.md", "rust")
    assert rust is not None
    assert "snippets/best-practices/rust-best-practices.md" in rust.files
    assert "snippets/rules/python.md" not in rust.files
    for language in ("python", "rust"):
        result = render_agent(project, "agents/claude/a.md", RenderOptions(language=language))
        found = analyzer.reads("agents/claude/a.md", language)
        assert found is not None and result.files_read <= found.files


def test_reads_known_only_by_rendering(make_project: MakeProject) -> None:
    project = Project.open(
        make_project(
            {
                "agents/a.md": "---\nagpm:\n  templating: true\n---\n"
                "{% for p in ['a.md'] %}{{ p | content }}{% endfor %}\n",
                "agents/b.md": "---\ndependencies:\n  snippets:\n    - path: ../s.md\n---\nB\n",
                "s.md": "---\ndependencies:\n  snippets:\n"
                "    {% if agpm.project.x %}\n    - path: t.md\n    {% endif %}\n---\nS\n",
            }
        )
    )
    analyzer = ImpactAnalyzer(project)
    assert analyzer.reads("agents/a.md", None) is None
    assert analyzer.reads("agents/b.md", None) is None  # through its dependency


# -- against real renders ------------------------------------------------------------------

LIBRARY = SHARED / "corpus" / "agpm-resources"
LANGUAGES = ["golang", "java", "javascript", "python", "rust", "typescript"]


def _covers(project: Project, rels: list[str], options: RenderOptions) -> tuple[int, int]:
    analyzer = ImpactAnalyzer(project, options)
    static = 0
    for rel in rels:
        found = analyzer.reads(rel, options.language)
        if found is None:
            continue
        static += 1
        result = render_agent(project, rel, options)
        assert result.files_read <= found.files, (rel, result.files_read - found.files)
    return static, len(rels)


@requires_shared
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("variables", ["none", "example"])
def test_read_sets_cover_what_library_renders_read(language: str, variables: str) -> None:
    project = Project.open(LIBRARY)
    extra: dict[str, object] = {}
    if variables == "example":
        folder = LIBRARY / "examples" / "local"
        table = tomllib.loads((folder / "agpm.toml").read_text())["project"]
        extra = {k: f"examples/local/{v}" for k, v in table.items() if (folder / str(v)).is_file()}
        extra["framework"] = "react"
    rels = [r for r in project.resources() if not r.startswith("examples/")]
    static, total = _covers(project, rels, RenderOptions(language=language, variables=extra))
    assert static >= total * 0.8  # most of the library is read statically


@requires_shared
def test_read_sets_cover_what_wild_agents_read(make_project: MakeProject) -> None:
    wild = [p for p in shared_files("corpus", "wild") if p.parent.name != "wild"]
    if not wild:
        pytest.skip("no wild corpus")
    root = make_project({f"agents/{p.parent.name}/{p.name}": p.read_bytes() for p in wild})
    project = Project.open(root)
    static, total = _covers(project, project.resources(["agents"]), RenderOptions())
    assert static >= total * 0.9
