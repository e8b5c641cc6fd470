"""Two agents with the same name in one agents folder: an error on both files, naming the
other, the same in ``workbench check``, the browser's summary and the open buffer's problems.

Claude Code loads only one of them, by filesystem order (sub-agents doc, "keep name values
unique across the whole tree"); OpenCode keeps one entry per name in a `.opencode/` folder,
`agent/` and `agents/` together (packages/opencode/src/config/agent.ts, `result[config.name]`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from agent_workbench.model.diagnostics import Severity
from agent_workbench.session.summary import summarize_resource
from agent_workbench.session.workspace import Workspace
from cli_helpers import no_traceback
from conftest import run_cli


def _claude(name: str, description: str = "Reviews code.") -> str:
    return f"---\nname: {name}\ndescription: {description}\n---\nBody\n"


def _opencode(extra: str = "") -> str:
    return f"---\ndescription: Helps.\nmode: subagent\n{extra}---\nBody\n"


def _clashes(root: Path) -> dict[str, list[dict[str, object]]]:
    """``workbench check --json`` run in ``root``: each file's name-clash findings."""
    proc = run_cli("check", "--json", ".", cwd=root)
    no_traceback(proc)
    report = json.loads(proc.stdout)
    return {
        entry["rel"]: [d for d in entry["diagnostics"] if d["code"] == "name-clash"]
        for entry in report["files"]
    }


def test_two_claude_code_agents_of_one_name_are_an_error_on_both_naming_the_other(
    make_project: Callable[..., Path],
) -> None:
    root = make_project(
        {
            ".claude/agents/reviewer.md": _claude("reviewer"),
            # a subfolder is the same agents folder (Claude Code scans it)
            ".claude/agents/team/strict-reviewer.md": _claude("reviewer", "Stricter."),
            ".claude/agents/writer.md": _claude("writer"),
        }
    )
    found = _clashes(root)
    first = found[".claude/agents/reviewer.md"]
    second = found[".claude/agents/team/strict-reviewer.md"]
    assert found[".claude/agents/writer.md"] == []
    assert [d["severity"] for d in first + second] == ["error", "error"]
    assert "`.claude/agents/team/strict-reviewer.md`" in str(first[0]["message"])
    assert "`.claude/agents/reviewer.md`" in str(second[0]["message"])
    assert "Claude Code loads only one of them" in str(first[0]["message"])
    assert (first[0]["line"], first[0]["column"]) == (2, 7)  # at the name's value


def test_in_a_users_agents_folder_the_file_names_do_not_matter_only_the_names(
    tmp_path: Path, make_project: Callable[..., Path]
) -> None:
    # ~/.claude/agents/ kept under upstream file names: distinct files, one name
    home = make_project(
        {
            "a__reviewer.md": _claude("reviewer"),
            "b__reviewer.md": _claude("reviewer-b"),
            "c__other.md": _claude("reviewer"),
        },
        root=tmp_path / "home" / ".claude" / "agents",
    )
    found = _clashes(home)
    assert found["b__reviewer.md"] == []
    assert "`c__other.md`" in str(found["a__reviewer.md"][0]["message"])
    assert "`a__reviewer.md`" in str(found["c__other.md"][0]["message"])


def test_opencode_agent_and_agents_folders_share_names_and_the_file_name_is_the_name(
    make_project: Callable[..., Path],
) -> None:
    root = make_project(
        {
            ".opencode/agent/helper.md": _opencode(),
            ".opencode/agents/helper.md": _opencode(),
            ".opencode/agents/renamed.md": _opencode("name: docs\n"),
            ".opencode/agent/docs.md": _opencode(),
            ".opencode/agents/alone.md": _opencode(),
        }
    )
    found = _clashes(root)
    assert found[".opencode/agents/alone.md"] == []
    helper = found[".opencode/agent/helper.md"][0]
    assert "`.opencode/agents/helper.md`" in str(helper["message"])
    assert "OpenCode keeps only one of them" in str(helper["message"])
    assert "`.opencode/agent/docs.md`" in str(found[".opencode/agents/renamed.md"][0]["message"])
    assert "`.opencode/agents/renamed.md`" in str(found[".opencode/agent/docs.md"][0]["message"])


def test_a_users_opencode_config_folder_shares_names_across_agent_and_agents(
    tmp_path: Path, make_project: Callable[..., Path]
) -> None:
    # ~/.config/opencode/ scans `{agent,agents}/**/*.md` too (config/agent.ts `load(dir)`)
    config = make_project(
        {"agent/reviewer.md": _opencode(), "agents/reviewer.md": _opencode()},
        root=tmp_path / "home" / ".config" / "opencode",
    )
    found = _clashes(config)
    assert "`agents/reviewer.md`" in str(found["agent/reviewer.md"][0]["message"])


def test_different_folders_and_different_tools_do_not_clash(
    make_project: Callable[..., Path],
) -> None:
    root = make_project(
        {
            # a dotfiles repository: its own .claude/agents and a project's nested inside
            ".claude/agents/reviewer.md": _claude("reviewer"),
            "work/app/.claude/agents/reviewer.md": _claude("reviewer"),
            ".opencode/agent/reviewer.md": _opencode(),
            ".claude/commands/reviewer.md": "---\ndescription: Review.\n---\nDo it.\n",
        }
    )
    assert all(found == [] for found in _clashes(root).values())


def test_the_browser_and_the_open_buffer_report_the_clash_as_check_does(
    make_project: Callable[..., Path],
) -> None:
    root = make_project(
        {".claude/agents/a.md": _claude("same"), ".claude/agents/b.md": _claude("same")}
    )
    workspace = Workspace(Workspace.from_target(root)[0].project)
    project = workspace.project
    summary = summarize_resource(project, ".claude/agents/a.md", None, "o200k_base", count=True)
    assert (summary.errors, summary.warnings) == (1, 0)
    workspace.open(".claude/agents/a.md")
    workspace.render_now()
    errors = [d for d in workspace.diagnostics() if d.severity is Severity.ERROR]
    assert [d.field for d in errors] == ["name"]
    assert "`.claude/agents/b.md`" in errors[0].message
    # the other file renamed on disk: the disk sync invalidates, the clash is gone
    (root / ".claude/agents/b.md").write_text(_claude("other"), encoding="utf-8")
    workspace.invalidate_caches()
    assert workspace.error_count() == 0


def test_a_folder_read_later_shows_its_clash_once_read_and_never_a_read_older_than_the_disk(
    make_project: Callable[..., Path],
) -> None:
    """The app has the folder's names read in a worker (``read_later``): until then the open
    agent has no clash; after, it has; names read before the disk changed are not kept."""
    root = make_project(
        {".claude/agents/a.md": _claude("same"), ".claude/agents/b.md": _claude("same")}
    )
    workspace = Workspace(Workspace.from_target(root)[0].project)
    names = workspace.names
    asked: list[str] = []
    names.read_later = lambda folder: asked.append(folder) is None
    workspace.open(".claude/agents/a.md")
    workspace.render_now()
    assert workspace.error_count() == 0 and asked == [".claude/agents"]
    # b is renamed on disk while the worker reads (the disk sync clears the index)
    read_files = names._read

    def read_then_the_disk_changes(
        folder: str, pause: object = None
    ) -> dict[tuple[object, str], list[str]]:
        table = read_files(folder)
        (root / ".claude/agents/b.md").write_text(_claude("other"), encoding="utf-8")
        workspace.invalidate_caches()
        return table

    names._read = read_then_the_disk_changes  # type: ignore[method-assign]
    names.read(".claude/agents")
    assert workspace.error_count() == 0  # the clash it read is older than the disk
    assert asked == [".claude/agents"] * 2  # and the folder is asked for again
    names._read = read_files  # type: ignore[method-assign]
    (root / ".claude/agents/b.md").write_text(_claude("same"), encoding="utf-8")
    workspace.invalidate_caches()
    assert workspace.error_count() == 0 and len(asked) == 3
    names.read(".claude/agents")
    assert workspace.error_count() == 1  # the problems kept before are looked at again
