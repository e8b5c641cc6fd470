"""languages_for: the languages an agent can be rendered with, found from files its paths match."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent_workbench.model.project import Project
from agent_workbench.templating.languages import (
    LanguageFinder,
    languages_for,
    languages_for_many,
    project_languages,
)
from conftest import SHARED, requires_shared

MakeProject = Callable[..., Path]

BP = "../../snippets/best-practices/{{ agpm.project.language }}-best-practices.md"
SG = "../../snippets/styleguides/{{ agpm.project.language }}-styleguide.md"


def agent(*paths: str) -> str:
    entries = "".join(f"      - path: {p}\n" for p in paths)
    return f"---\nagpm:\n  templating: true\n  dependencies:\n    snippets:\n{entries}---\nBody\n"


def snippets(kind: str, suffix: str, *languages: str) -> dict[str, str]:
    return {f"snippets/{kind}/{lang}-{suffix}.md": f"{lang} {kind}" for lang in languages}


def test_languages_come_from_the_files_a_templated_path_matches(make_project: MakeProject) -> None:
    files = {
        "agents/claude/backend.md": agent(BP),
        **snippets("best-practices", "best-practices", "python", "rust", "golang"),
        "snippets/best-practices/README.md": "not a language",
    }
    project = Project.open(make_project(files))
    assert languages_for(project, "agents/claude/backend.md") == ["golang", "python", "rust"]


def test_several_language_paths_intersect(make_project: MakeProject) -> None:
    files = {
        "agents/claude/backend.md": agent(BP, SG),
        **snippets("best-practices", "best-practices", "python", "rust", "golang"),
        **snippets("styleguides", "styleguide", "python", "rust", "java"),
    }
    project = Project.open(make_project(files))
    assert languages_for(project, "agents/claude/backend.md") == ["python", "rust"]


def test_languages_follow_dependencies_transitively(make_project: MakeProject) -> None:
    """A frontend agent whose snippets exist only for javascript and typescript offers only those."""
    base = (
        "---\nagpm:\n  templating: true\n  dependencies:\n    snippets:\n"
        "      - path: ../frontend/{{ agpm.project.language }}-frontend.md\n"
        "      {% if agpm.project.framework %}\n"
        "      - path: ../frameworks/{{ agpm.project.framework }}.md\n"
        "      {% endif %}\n---\nBase\n"
    )
    files = {
        "agents/claude/frontend.md": agent("../../snippets/agents/frontend-base.md"),
        "agents/claude/backend.md": agent(BP),
        "snippets/agents/frontend-base.md": base,
        **snippets("frontend", "frontend", "javascript", "typescript"),
        **snippets("best-practices", "best-practices", "python", "javascript", "typescript"),
        "snippets/frameworks/react.md": "React",
    }
    project = Project.open(make_project(files))
    assert languages_for(project, "agents/claude/frontend.md") == ["javascript", "typescript"]
    assert languages_for(project, "agents/claude/backend.md") == [
        "javascript",
        "python",
        "typescript",
    ]
    assert project_languages(project) == ["javascript", "python", "typescript"]


def test_a_language_file_whose_own_deps_lack_the_language_is_dropped(
    make_project: MakeProject,
) -> None:
    nested = "---\ndependencies:\n  snippets:\n    - path: ../rules/{{ agpm.project.language }}.md\n---\nx\n"
    files = {
        "agents/a.md": agent("../snippets/lang/{{ agpm.project.language }}.md"),
        "snippets/lang/python.md": nested,
        "snippets/lang/rust.md": nested,
        "snippets/rules/python.md": "rules",
    }
    project = Project.open(make_project(files))
    assert languages_for(project, "agents/a.md") == ["python"]


def test_no_language_dependent_dependencies_gives_an_empty_list(make_project: MakeProject) -> None:
    files = {
        "agents/a.md": agent("../snippets/plain.md"),
        "snippets/plain.md": "plain",
        "agents/b.md": "---\nname: b\n---\nno deps\n",
    }
    project = Project.open(make_project(files))
    assert languages_for(project, "agents/a.md") == []
    assert languages_for(project, "agents/b.md") == []
    assert project_languages(project) == ["python"]  # the agpm.toml default


def test_unsaved_text_is_used(make_project: MakeProject) -> None:
    files = {
        "agents/claude/a.md": "---\nname: a\n---\n",
        **snippets("best-practices", "best-practices", "rust"),
    }
    project = Project.open(make_project(files))
    assert languages_for(project, "agents/claude/a.md") == []
    assert languages_for(project, "agents/claude/a.md", text=agent(BP)) == ["rust"]


def test_cycles_do_not_hang(make_project: MakeProject) -> None:
    files = {
        "agents/a.md": agent("b.md", "../snippets/{{ agpm.project.language }}.md"),
        "agents/b.md": agent("a.md"),
        "snippets/go.md": "go",
    }
    project = Project.open(make_project(files))
    assert languages_for(project, "agents/a.md") == ["go"]


@requires_shared
def test_library_agents_offer_the_languages_their_snippets_exist_for() -> None:
    library = SHARED / "corpus" / "agpm-resources"
    project = Project.open(library)
    on_disk = sorted(
        p.name.removesuffix("-best-practices.md")
        for p in (library / "snippets" / "best-practices").glob("*-best-practices.md")
    )
    assert languages_for(project, "claude-code/agents/backend-engineer.md") == on_disk
    assert languages_for(project, "opencode/agents/frontend-engineer.md") == on_disk
    assert languages_for(project, "claude-code/agents/git-expert.md") == []


@requires_shared
def test_one_finder_for_many_agents_answers_as_one_call_per_agent() -> None:
    project = Project.open(SHARED / "corpus" / "agpm-resources")
    agents = project.resources()
    many = languages_for_many(project, agents)
    assert many == {rel: languages_for(project, rel) for rel in agents}
    assert any(many.values())  # the library has language-dependent agents
    # Asked in the other order, a shared finder gives the same answers.
    finder = LanguageFinder(project)
    assert {rel: finder.languages(rel) for rel in reversed(agents)} == many


def test_the_answer_names_what_it_was_read_from(make_project: MakeProject) -> None:
    nested = "---\ndependencies:\n  snippets:\n    - path: ../rules/{{ agpm.project.language }}.md\n---\nx\n"
    files = {
        "agents/a.md": agent("../snippets/lang/{{ agpm.project.language }}.md", "../snippets/p.md"),
        "snippets/lang/python.md": nested,
        "snippets/lang/rust.md": nested,
        "snippets/rules/python.md": "rules",
        "snippets/p.md": "plain",
    }
    project = Project.open(make_project(files))
    answer = LanguageFinder(project).find("agents/a.md")
    assert answer.languages == ["python"]
    assert answer.files == {
        "agents/a.md",
        "snippets/lang/python.md",
        "snippets/lang/rust.md",
        "snippets/rules/python.md",
        "snippets/p.md",
    }
    # Creating snippets/rules/rust.md would change the answer: that folder was listed.
    assert answer.folders == {"snippets/lang", "snippets/rules"}


def test_a_finder_reads_each_file_once(make_project: MakeProject) -> None:
    files = {
        **{f"agents/claude/a{i}.md": agent(BP) for i in range(5)},
        **snippets("best-practices", "best-practices", "python", "rust"),
    }
    project = Project.open(make_project(files))
    reads: list[str] = []
    listings: list[str] = []
    source = project.source
    original_read, original_list = source.read_bytes, source.list_dir

    def read_bytes(rel: str, **kw):  # type: ignore[no-untyped-def]
        reads.append(rel)
        return original_read(rel, **kw)

    def list_dir(rel: str) -> list[str]:
        listings.append(rel)
        return original_list(rel)

    source.read_bytes, source.list_dir = read_bytes, list_dir  # type: ignore[method-assign]
    found = languages_for_many(project, [f"agents/claude/a{i}.md" for i in range(5)])
    assert all(langs == ["python", "rust"] for langs in found.values())
    assert sorted(reads) == sorted(set(reads))  # no file read twice
    assert listings == ["snippets/best-practices"]
