"""Skipping never hides a difference: ``diff_revision`` with its static impact analysis
gives exactly what rendering every agent on both sides gives, whatever single file
changed. A generated project holds the shapes the analysis has to follow (language
paths, nested snippets, content targets, agpm.toml variables, a symlink, ignored
files, frontmatter it cannot read statically); each test applies random changes of
one kind and compares the two diffs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from agent_workbench.model.project import Project
from agent_workbench.revisions.rendered_diff import DiffReport, diff_revision
from git_helpers import commit_all, git, init_repo, write

# Skipping is a fast path, compared here with rendering everything: on in every run.
pytestmark = pytest.mark.usefixtures("fast_paths_on")

BP = "../../snippets/best-practices/{{ agpm.project.language }}-best-practices.md"
LANG = "../../snippets/lang/{{ agpm.project.language }}.md"


def _agent(name: str, deps: list[str], body: str, extra: str = "") -> str:
    entries = "".join(
        f"    - path: {d}\n" + ("      name: best-practices\n" if d == BP else "") for d in deps
    )
    block = f"dependencies:\n  snippets:\n{entries}" if deps else ""
    agpm = "agpm:\n  templating: true\n"
    return f"---\nname: {name}\ndescription: {name} agent\n{extra}{agpm}{block}---\n{body}"


FILES: dict[str, str] = {
    "agpm.toml": (
        '[project]\nlanguage = "python"\nstyleguide = "docs/style.md"\n\n'
        '[project.guides]\nreview = "docs/review.md"\n'
    ),
    ".gitignore": "docs/private.md\nlocal/\n",
    "snippets/best-practices/python-best-practices.md": "---\ntitle: py\n---\nUse type hints.\n",
    "snippets/best-practices/rust-best-practices.md": "Run clippy.\n",
    "snippets/shared/review.md": "Review the diff line by line.\n",
    "snippets/shared/real-link.md": "Linked rules.\n",
    "snippets/shared/inner.md": "Inner text.\n",
    "snippets/shared/nested.md": (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n    - path: ./inner.md\n---\n"
        "Nested for {{ agpm.project.language }}: {{ agpm.deps.snippets.inner.content }}\n"
        "{{ 'docs/nested-guide.md' | content }}\n"
    ),
    "snippets/lang/python.md": (
        "---\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: ../rules/{{ agpm.project.language }}.md\n      name: rules\n---\n"
        "Lang: {{ agpm.deps.snippets.rules.content }}\n"
    ),
    "snippets/rules/python.md": "Python rules.\n",
    "snippets/rules/rust.md": "Rust rules.\n",
    "snippets/data/config.json": '{"indent": 4, "dependencies": {"x": 1}}\n',
    "docs/style.md": "# Style\n\nShort sentences.\n",
    "docs/review.md": "Review guide.\n",
    "docs/nested-guide.md": "Nested guide.\n",
    "docs/extra.txt": "Extra notes.\n",
    "agents/claude-code/lang.md": _agent(
        "lang",
        [BP, "../../snippets/shared/review.md", "../../snippets/shared/nested.md"],
        "For {{ agpm.project.language }}.\n{{ agpm.deps.snippets.best_practices.content }}\n"
        "{{ agpm.deps.snippets.review.content }}\n{{ agpm.deps.snippets.nested.content }}\n",
    ),
    "agents/claude-code/content.md": _agent(
        "content",
        [],
        "{{ 'docs/extra.txt' | content }}\n{{ agpm.project.styleguide | content }}\n"
        "{{ agpm.project.guides.review | content }}\n",
    ),
    "agents/claude-code/nested-lang.md": _agent(
        "nested-lang", [LANG], "{{ agpm.deps.snippets[agpm.project.language].content }}\n"
    ),
    "agents/opencode/plain.md": "---\ndescription: no templates\nmode: subagent\n---\nPlain {{ x }}.\n",
    "agents/opencode/loop.md": (
        "---\ndescription: reads guides in a loop\nmode: subagent\nagpm:\n  templating: true\n---\n"
        "{% for key, path in agpm.project.guides %}{{ path | content }}\n{% endfor %}"
    ),
    "agents/claude-code/if.md": (
        "---\nname: if\ndescription: conditional deps\nagpm:\n  templating: true\n"
        "dependencies:\n  snippets:\n    {% if agpm.project.language == 'rust' %}\n"
        "    - path: ../../snippets/rules/rust.md\n      name: rules\n    {% else %}\n"
        "    - path: ../../snippets/shared/inner.md\n      name: rules\n    {% endif %}\n---\n"
        "{{ agpm.deps.snippets.rules.content }}\n"
    ),
    "agents/claude-code/json.md": _agent(
        "json",
        ["../../snippets/data/config.json"],
        "Config: {{ agpm.deps.snippets.config.content }}\n",
        extra="model: {{ agpm.project.language }}-model\n",
    ),
    "agents/claude-code/link.md": _agent(
        "link", ["../../snippets/shared/link.md"], "{{ agpm.deps.snippets.link.content }}\n"
    ),
    "agents/claude-code/missing.md": _agent(
        "missing", ["../../snippets/shared/todo.md"], "{{ agpm.deps.snippets.todo.content }}\n"
    ),
    "agents/claude-code/later.md": _agent(
        "later", [], "{{ 'docs/private.md' | content }}\n{{ 'docs/later.md' | content }}\n"
    ),
    "agents/claude-code/resource.md": _agent(
        "resource",
        [],
        "I am {{ agpm.resource.name }}.\n",
        extra="model: {{ agpm.resource.name }}\n",
    ),
}

# What each kind of change may touch.
SNIPPETS = [
    "snippets/best-practices/python-best-practices.md",
    "snippets/best-practices/rust-best-practices.md",
    "snippets/shared/review.md",
    "snippets/shared/real-link.md",
    "snippets/data/config.json",
]
NESTED = [
    "snippets/shared/inner.md",
    "snippets/shared/nested.md",
    "snippets/lang/python.md",
    "snippets/rules/python.md",
    "snippets/rules/rust.md",
]
CONTENT = ["docs/style.md", "docs/review.md", "docs/nested-guide.md", "docs/extra.txt"]
AGENTS = sorted(rel for rel in FILES if rel.startswith("agents/"))
NEW_FILES = [
    "snippets/best-practices/golang-best-practices.md",
    "snippets/lang/rust.md",
    "snippets/rules/golang.md",
    "snippets/shared/todo.md",
    "docs/later.md",
    "agents/claude-code/fresh.md",
]
IGNORED = ["docs/private.md", "local/notes.md"]
TOML_EDITS = [
    ('language = "python"', 'language = "rust"'),
    ('language = "python"', 'language = "golang"'),
    ('styleguide = "docs/style.md"', 'styleguide = "docs/review.md"'),
    ('review = "docs/review.md"', 'review = "docs/extra.txt"'),
    ("[project.guides]", 'framework = "react"\n\n[project.guides]'),
    ("[project]", "[project"),  # broken TOML
]


def make_repo(root: Path) -> Path:
    init_repo(root)
    write(root, FILES)
    (root / "snippets/shared/link.md").symlink_to("real-link.md")
    commit_all(root, "generated project")
    return root


def edit_text(text: str, rng: random.Random) -> str:
    """Insert, replace or delete one line at random (may break YAML or templates)."""
    lines = text.splitlines(keepends=True)
    at = rng.randrange(len(lines) + 1)
    choice = rng.choice(("insert", "replace", "delete"))
    if choice == "insert" or at == len(lines):
        lines.insert(at, f"Edited {rng.randrange(1000)}.\n")
    elif choice == "replace":
        lines[at] = lines[at].rstrip("\n") + f" (edited {rng.randrange(1000)})\n"
    else:
        del lines[at]
    return "".join(lines)


def change(repo: Path, kind: str, rng: random.Random) -> str:
    """Apply one random single-file change of ``kind``; say what it was."""
    if kind in ("snippet", "nested", "content", "agent"):
        pool = {"snippet": SNIPPETS, "nested": NESTED, "content": CONTENT, "agent": AGENTS}[kind]
        rel = rng.choice(pool)
        path = repo / rel
        path.write_text(edit_text(path.read_text(), rng))
        return f"edit {rel}"
    if kind == "toml":
        old, new = rng.choice(TOML_EDITS)
        path = repo / "agpm.toml"
        path.write_text(path.read_text().replace(old, new, 1))
        return f"agpm.toml: {new!r}"
    if kind == "new":
        rel = rng.choice(NEW_FILES)
        if rel.startswith("agents/"):
            write(
                repo,
                {rel: _agent("fresh", [BP], "{{ agpm.deps.snippets.best_practices.content }}\n")},
            )
        elif rng.random() < 0.2:  # a folder where a file is expected
            write(repo, {f"{rel}/inside.md": "a folder\n"})
        else:
            write(repo, {rel: f"New file {rng.randrange(1000)}.\n"})
        return f"create {rel}"
    if kind == "delete":
        rel = rng.choice(sorted(set(FILES) - {".gitignore"} | {"snippets/shared/link.md"}))
        (repo / rel).unlink()
        return f"delete {rel}"
    if kind == "symlink":
        link = repo / "snippets/shared/link.md"
        link.unlink()
        if rng.random() < 0.5:
            link.symlink_to(rng.choice(["inner.md", "review.md", "nowhere.md"]))
        else:
            link.write_text("No longer a link.\n")
        return "change the symlink"
    if kind == "ignored":
        rel = rng.choice(IGNORED)
        write(repo, {rel: "Ignored by git.\n"})
        if rel == "local/notes.md":
            path = repo / "agents/claude-code/later.md"
            path.write_text(path.read_text().replace("docs/later.md", "local/notes.md"))
            commit_all(repo, "read a local note")
        return f"create ignored {rel}"
    raise AssertionError(kind)


def digest(report: DiffReport) -> list[tuple[object, ...]]:
    return [
        (d.title, d.status, d.old.text, d.new.text, tuple(d.unified_lines())) for d in report.diffs
    ]


def reset(repo: Path) -> None:
    git(repo, "reset", "-q", "--hard")
    git(repo, "clean", "-q", "-f", "-d", "-x")


KINDS = ["snippet", "nested", "content", "toml", "agent", "new", "delete", "symlink", "ignored"]


@pytest.mark.parametrize("kind", KINDS)
def test_skipping_gives_the_diff_of_rendering_everything(tmp_path: Path, kind: str) -> None:
    repo = make_repo(tmp_path / "repo")
    rng = random.Random(f"{kind}-2026")
    unrendered = differing = 0
    for _ in range(4):
        what = change(repo, kind, rng)
        for all_languages in (False, True):
            project = Project.open(repo)
            fast = diff_revision(project, "HEAD", all_languages=all_languages)
            full = diff_revision(project, "HEAD", all_languages=all_languages, skip=False)
            assert digest(fast) == digest(full), (what, all_languages)
            assert fast.comparisons == full.comparisons
            assert full.unrendered == 0 and full.renders >= fast.renders
            unrendered += fast.unrendered
            differing += len(full.diffs)
        reset(repo)
    assert differing > 0  # there were differences to find…
    if kind == "toml":
        assert unrendered == 0  # …and agpm.toml affects every agent
    else:
        assert unrendered > 0  # …and the skipping diff did skip work


def test_each_shape_is_followed(tmp_path: Path) -> None:
    """One change per shape, each showing in the agents that read it and no others."""
    repo = make_repo(tmp_path / "repo")
    cases = {
        "snippets/shared/inner.md": ["agents/claude-code/if.md", "agents/claude-code/lang.md"],
        "snippets/rules/python.md": ["agents/claude-code/nested-lang.md"],
        "docs/nested-guide.md": ["agents/claude-code/lang.md"],
        "docs/review.md": ["agents/claude-code/content.md", "agents/opencode/loop.md"],
        "snippets/shared/real-link.md": ["agents/claude-code/link.md"],
        "snippets/data/config.json": ["agents/claude-code/json.md"],
    }
    for rel, expected in cases.items():
        path = repo / rel
        text = path.read_text()
        path.write_text(text.replace("4", "8") if rel.endswith(".json") else text + "More.\n")
        report = diff_revision(Project.open(repo), "HEAD")
        assert [d.rel for d in report.diffs] == expected, rel
        reset(repo)
    write(repo, {"docs/private.md": "Ignored, but read.\n"})
    assert [d.rel for d in diff_revision(Project.open(repo), "HEAD").diffs] == [
        "agents/claude-code/later.md"
    ]
