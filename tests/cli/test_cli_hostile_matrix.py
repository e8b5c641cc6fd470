"""Every command survives every hostile input of issue 10, the same way.

For each class of input that once hung, crashed or leaked (a FIFO as dependency,
``content`` target, agpm.toml or agent; an alias bomb; merge keys; a Python method name
as an attribute; blank lines and ``tools: {}``; a deep dependency chain), ``check``,
``render``, ``tokens`` and ``edit`` run as real subprocesses on one project: each
finishes (bounded: a hang fails), prints no traceback, reports the problem at its
file:line:col where it has one, and exits as its rule says (``check``: 1 on any error;
``render``/``tokens``: 1 when the render fails or agpm.toml cannot be read; ``edit``: 0 when written, 1 when
refused). The file outside the project is ``test_cli_outside_project.py``'s.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cli_helpers import FIFO_READERS, alias_bomb, chain_link, no_traceback, templated
from conftest import run_cli

pytestmark = pytest.mark.timeout(90)
CLI_TIMEOUT = 60


FILES = {
    "agpm.toml": '[project]\nlanguage = "python"\n',
    **FIFO_READERS,
    "agents/bomb.md": alias_bomb(),
    "agents/merged.md": (
        "---\ndescription: Merges.\nmode: subagent\nbase: &base\n  read: true\n"
        "tools:\n  <<: *base\n  write: false\n---\nBody.\n"
    ),
    "agents/method.md": templated("method", "Hi\n{{ agpm.project.items }}\n"),
    "agents/blank.md": "---\nname: blank\n\n  \ndescription: d\ntools: {}\n\n---\nBody.\n",
    "agents/l0.md": chain_link("../snippets/l1.md", "{{ agpm.deps.snippets.l1.content }}\n"),
    "snippets/l1.md": chain_link("./l2.md", "{{ agpm.deps.snippets.l2.content }}\n"),
    "snippets/l2.md": chain_link("./l3.md", "{{ agpm.deps.snippets.l3.content }}\n"),
    "snippets/l3.md": chain_link(None, "ok\n{{ agpm.project.nope }}\n"),
}


@dataclass(frozen=True)
class Case:
    rel: str
    located: str  # a regex the located problem matches (check; render and tokens too
    renders: bool  # unless the render succeeds: then the file's own problems are check's)
    edit: tuple[str, ...] = ("--set", "model=haiku")
    line: str | None = "model: haiku"  # the one line the edit adds; None: refused


CASES = {
    "fifo dependency": Case(
        "agents/dep.md", r"agents/dep\.md:\d+:\d+: error: .*not a regular", False
    ),
    "fifo content": Case(
        "agents/embed.md", r"agents/embed\.md:\d+:\d+: error: .*not a regular", False
    ),
    "fifo agent": Case(
        "agents/pipe.md", r"agents/pipe\.md:1:1: error: .*not a regular", False, line=None
    ),
    "fifo agpm.toml": Case("agents/blank.md", r"agpm\.toml:1:1: error: .*not a regular", True),
    "alias bomb": Case("agents/bomb.md", r"agents/bomb\.md:2:1: error: .*alias", True, line=None),
    "merge keys": Case("agents/merged.md", r"", True, ("--set", "tools.bash=true"), "  bash: true"),
    "python method": Case(
        "agents/method.md", r"agents/method\.md:8:4: error: .*agpm\.project\.items", False
    ),
    "blank lines and tools: {}": Case(
        "agents/blank.md", r"", True, ("--set", "tools.bash=true"), "tools: {bash: true}"
    ),
    "deep chain": Case(
        "agents/l0.md",
        r"snippets/l3\.md:6:\d+: error: .*while rendering agents/l0\.md → snippets/l1\.md",
        False,
    ),
}


@pytest.fixture
def hostile(make_project: Callable[..., Path]) -> Callable[[str], Path]:
    def make(name: str) -> Path:
        root = make_project(FILES)
        (root / "snippets" / "pipe.md").unlink(missing_ok=True)
        os.mkfifo(root / "snippets" / "pipe.md")
        os.mkfifo(root / "agents" / "pipe.md")
        if name == "fifo agpm.toml":
            (root / "agpm.toml").unlink()
            os.mkfifo(root / "agpm.toml")
        return root

    return make


def out_of(proc: object) -> str:
    return proc.stdout + proc.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(CASES))
def test_check(hostile: Callable[[str], Path], name: str) -> None:
    case = CASES[name]
    root = hostile(name)
    proc = run_cli("check", cwd=root, timeout=CLI_TIMEOUT)
    no_traceback(proc)
    assert proc.returncode == 1  # the FIFOs, the bomb and the failed renders are errors
    assert "<built-in method" not in out_of(proc)
    if case.located:
        assert re.search(case.located, out_of(proc), re.M), out_of(proc)


@pytest.mark.parametrize("command", ["render", "tokens"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_render_and_tokens(hostile: Callable[[str], Path], name: str, command: str) -> None:
    case = CASES[name]
    proc = run_cli(command, case.rel, cwd=hostile(name), timeout=CLI_TIMEOUT)
    no_traceback(proc)
    fails = not case.renders or name == "fifo agpm.toml"  # agpm install refuses it
    assert proc.returncode == (1 if fails else 0), out_of(proc)
    assert "<built-in method" not in out_of(proc)
    if case.located and not case.renders:
        assert re.search(case.located, proc.stderr, re.M), proc.stderr
    if name == "fifo agpm.toml":
        assert re.search(case.located, proc.stderr, re.M), proc.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_edit(hostile: Callable[[str], Path], name: str) -> None:
    case = CASES[name]
    root = hostile(name)
    before = None if name == "fifo agent" else (root / case.rel).read_bytes()
    proc = run_cli("edit", case.rel, *case.edit, cwd=root, timeout=CLI_TIMEOUT)
    no_traceback(proc)
    assert proc.returncode == (0 if case.line else 1), out_of(proc)
    if before is None:
        assert "not a regular file" in proc.stderr
        return
    after = (root / case.rel).read_bytes()
    if case.line is None:
        assert after == before
        assert re.search(rf"{re.escape(case.rel)}:\d+:\d+: error", proc.stderr), proc.stderr
        return
    old, new = before.decode().splitlines(), after.decode().splitlines()
    assert [line for line in new if line not in old] == [case.line]
    assert [line for line in old if line not in new] in ([], ["tools: {}"])


@pytest.mark.parametrize("command", ["render", "tokens", "check"])
def test_a_fifo_agpm_toml_still_marks_the_project_run_from_elsewhere(
    hostile: Callable[[str], Path], command: str, tmp_path: Path
) -> None:
    root = hostile("fifo agpm.toml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = run_cli(command, str(root / "agents" / "blank.md"), cwd=elsewhere, timeout=CLI_TIMEOUT)
    no_traceback(proc)
    assert re.search(r"agpm\.toml:1:1: error: .*not a regular file", out_of(proc)), out_of(proc)
