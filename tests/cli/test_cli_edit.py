"""``workbench edit`` end to end: minimal diffs on real files, refusals, usage errors."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import no_traceback
from conftest import run_cli

OPENCODE = (
    "---\n"
    "# reviewer settings\n"
    "description: 'Reviews code: carefully'\n"
    "mode: subagent\n"
    "temperature: 0.2   # low\n"
    "tools:\n"
    "  read: true\n"
    "  bash: false\n"
    "permission:\n"
    "  edit: deny\n"
    "  bash:\n"
    '    "*": ask\n'
    '    "git *": allow\n'
    "---\n"
    "Body {{ untouched }}\n"
)


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project({"agents/opencode/reviewer.md": OPENCODE})


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    old, new = before.splitlines(), after.splitlines()
    return [x for x in old if x not in new], [x for x in new if x not in old]


def test_set_changes_only_that_fields_line_and_prints_the_diff(project: Path) -> None:
    path = project / "agents/opencode/reviewer.md"
    proc = run_cli("edit", "agents/opencode/reviewer.md", "--set", "tools.bash=true", cwd=project)
    assert proc.returncode == 0, proc.stderr
    after = path.read_text()
    assert _changed_lines(OPENCODE, after) == (["  bash: false"], ["  bash: true"])
    assert "-  bash: false" in proc.stdout and "+  bash: true" in proc.stdout


def test_set_several_and_unset(project: Path) -> None:
    path = project / "agents/opencode/reviewer.md"
    proc = run_cli(
        "edit",
        "agents/opencode/reviewer.md",
        "--set",
        "temperature=0.1",
        "--set",
        'permission.bash["npm *"]=ask',
        "--unset",
        "permission.edit",
        cwd=project,
    )
    assert proc.returncode == 0, proc.stderr
    removed, added = _changed_lines(OPENCODE, path.read_text())
    assert removed == ["temperature: 0.2   # low", "  edit: deny"]
    assert added[0].startswith("temperature: 0.1")
    assert added[1:] == ['    "npm *": ask']
    assert path.read_text().endswith("---\nBody {{ untouched }}\n")


def test_crlf_and_mode_bits_survive(make_project: Callable[..., Path]) -> None:
    root = make_project({"agents/opencode/w.md": OPENCODE.replace("\n", "\r\n").encode()})
    path = root / "agents/opencode/w.md"
    os.chmod(path, 0o640)
    proc = run_cli("edit", "agents/opencode/w.md", "--set", "mode=primary", cwd=root)
    assert proc.returncode == 0, proc.stderr
    data = path.read_bytes()
    assert b"\r\nmode: primary\r\n" in data
    assert data.count(b"\r\n") == OPENCODE.count("\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert path.stat().st_mode & 0o777 == 0o640


def test_unchanged_value_writes_nothing(project: Path) -> None:
    path = project / "agents/opencode/reviewer.md"
    before = path.stat().st_mtime_ns
    proc = run_cli("edit", "agents/opencode/reviewer.md", "--set", "mode=subagent", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert "unchanged" in proc.stdout
    assert path.read_text() == OPENCODE and path.stat().st_mtime_ns == before


def test_an_invalid_value_is_refused_unless_forced(project: Path) -> None:
    # `mode` is one of primary, subagent, all in OpenCode's schema: anything else fails the load.
    path = project / "agents/opencode/reviewer.md"
    proc = run_cli("edit", "agents/opencode/reviewer.md", "--set", "mode=helper", cwd=project)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "agents/opencode/reviewer.md:4:" in proc.stderr and "mode" in proc.stderr
    assert path.read_text() == OPENCODE
    forced = run_cli(
        "edit", "agents/opencode/reviewer.md", "--set", "mode=helper", "--force", cwd=project
    )
    assert forced.returncode == 0, forced.stderr
    assert "mode: helper" in path.read_text()


def test_a_value_the_tool_takes_is_written_with_no_refusal(project: Path) -> None:
    # OpenCode's schema gives temperature no range (only a provider rejects 7): not refused.
    path = project / "agents/opencode/reviewer.md"
    proc = run_cli("edit", "agents/opencode/reviewer.md", "--set", "temperature=7", cwd=project)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "temperature: 7   # low" in path.read_text()


def test_invalid_yaml_is_refused_with_the_repair_hint(make_project: Callable[..., Path]) -> None:
    text = "---\nname: x\ndescription: Use when: asked\n---\nBody\n"
    root = make_project({"agents/claude-code/x.md": text})
    proc = run_cli("edit", "agents/claude-code/x.md", "--set", "model=opus", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "agents/claude-code/x.md:3:" in proc.stderr
    assert "check --fix" in proc.stderr
    assert (root / "agents/claude-code/x.md").read_text() == text


def test_template_logic_in_the_frontmatter_is_refused(make_project: Callable[..., Path]) -> None:
    text = (
        "---\nname: t\ndescription: d\nagpm:\n  templating: true\n"
        "{% if agpm.project.x %}\nmodel: opus\n{% endif %}\n---\nBody\n"
    )
    root = make_project({"agents/claude-code/t.md": text})
    proc = run_cli("edit", "agents/claude-code/t.md", "--set", "model=haiku", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "template logic" in proc.stderr
    assert (root / "agents/claude-code/t.md").read_text() == text


@pytest.mark.parametrize(
    "args",
    [
        ("edit", "agents/opencode/reviewer.md"),
        ("edit", "agents/opencode/reviewer.md", "--set", "novalue"),
        ("edit", "agents/opencode/reviewer.md", "--set", "=x"),
        ("edit", "agents/opencode/reviewer.md", "--unset", "tools..bash"),
        ("edit", "agents/opencode/missing.md", "--set", "mode=primary"),
    ],
)
def test_usage_errors_exit_2_and_leave_the_file(project: Path, args: tuple[str, ...]) -> None:
    proc = run_cli(*args, cwd=project)
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    assert (project / "agents/opencode/reviewer.md").read_text() == OPENCODE


def test_edit_in_a_project_rooted_inside_opencode_checks_opencode_rules(tmp_path: Path) -> None:
    # No agpm.toml: the current folder is the project; `.opencode` above it says OpenCode
    # reads the file, though `name` alone would read as Claude Code (where a tools map
    # is refused).
    folder = tmp_path / "dotfiles" / ".opencode" / "agent"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("---\nname: a\ndescription: d\n---\nBody\n")
    proc = run_cli("edit", "a.md", "--set", "tools.bash=false", cwd=folder)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "bash: false" in (folder / "a.md").read_text()
