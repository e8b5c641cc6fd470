"""``workbench check`` end to end: the sample project, the wild corpus, --fix, --json."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import no_traceback, templated
from conftest import REPO_ROOT, SHARED, requires_shared, run_cli

LOCATED = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info): "
)

# The twelve wild files whose frontmatter is not valid YAML (wild/STATS.md).
INVALID_WILD = [
    "claude-voltagent/ab-test-analysis.md",
    "claude-voltagent/assumption-mapping.md",
    "claude-voltagent/backlog-grooming.md",
    "claude-voltagent/cohort-analysis.md",
    "claude-voltagent/first-principles-thinking.md",
    "claude-voltagent/gdpr-ccpa-compliance.md",
    "claude-voltagent/growth-loops.md",
    "claude-voltagent/hipaa-compliance.md",
    "opencode/Kyohei-Prj__opencode-config__review-consolidator.md",
    "opencode/OpenDevicePartnership__embedded-services__integrator.md",
    "opencode/ZeiZel__ai-config__refactor-agent.md",
    "opencode/ferg-cod3s__codeflow__programmatic-seo-engineer.md",
]

GOOD = "---\nname: good\ndescription: Reviews things.\nmodel: sonnet\n---\nBody\n"
# Continuation lines at column 0 after an unquoted `: `: Claude Code cannot parse it either
# (anthropics/claude-code#91871), so this is an error for a Claude Code agent.
BROKEN_YAML = (
    "---\nname: broken\ndescription: Use it for reviews. Examples: user: check this\n"
    "<example>\nuser: review it\n</example>\nmodel: sonnet\n---\nBody\n"
)
# One line with an unquoted `: `: Claude Code tolerates it, strict YAML readers do not.
ONE_LINE_COLON = (
    '---\nname: tolerated\ndescription: Use it for reviews. Examples: user: "check this"\n'
    "model: sonnet\n---\nBody\n"
)
# Errors OpenCode hits: its fallback leaves these unchanged, so they load with no configuration.
WILD_YAML_ERRORS = [
    "opencode/ZeiZel__ai-config__refactor-agent.md",
    "opencode/ferg-cod3s__codeflow__programmatic-seo-engineer.md",
]


def _located(stdout: str) -> list[re.Match[str]]:
    return [m for line in stdout.splitlines() if (m := LOCATED.match(line))]


def test_the_repository_sample_project_checks_clean() -> None:
    proc = run_cli("check", cwd=REPO_ROOT)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not [m for m in _located(proc.stdout) if m["sev"] == "error"]
    checked = int(re.search(r"checked (\d+) files", proc.stderr).group(1))
    assert checked >= 8


def test_the_repository_sample_project_checks_clean_in_every_language() -> None:
    proc = run_cli("check", "--all-languages", "--json", cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["errors"] == 0
    by_path = {f["rel"]: f for f in report["files"]}
    assert by_path["agents/claude-code/frontend-engineer.md"]["languages"] == [
        "javascript",
        "typescript",
    ]
    backend = by_path["agents/claude-code/backend-engineer.md"]
    assert {"python", "rust", "typescript", "golang"} <= set(backend["languages"])
    assert set(backend["tokens"]) == set(backend["languages"])


def test_goes_on_past_bad_files_and_exits_1(make_project: Callable[..., Path]) -> None:
    root = make_project(
        {
            "agents/a-broken.md": BROKEN_YAML,
            "agents/b-template.md": templated("b-template", "{{ agpm.project.nope }}\n"),
            "agents/c-binary.md": b"---\nname: c-binary\ndescription: \xff\n---\n",
            "agents/d-good.md": GOOD.replace("name: good", "name: d-good"),
            "agents/e-tolerated.md": ONE_LINE_COLON,
        }
    )
    proc = run_cli("check", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    errors = {m["path"]: m for m in _located(proc.stdout) if m["sev"] == "error"}
    assert set(errors) == {"agents/a-broken.md", "agents/b-template.md", "agents/c-binary.md"}
    colon = BROKEN_YAML.splitlines()[2].index("Examples: ") + len("Examples") + 1
    broken = errors["agents/a-broken.md"]
    assert (int(broken["line"]), int(broken["col"])) == (3, colon)  # the first bare `: `
    assert "Claude Code cannot parse it" in broken.string
    assert errors["agents/c-binary.md"]["line"] == "3"
    [tolerated] = [m for m in _located(proc.stdout) if m["path"] == "agents/e-tolerated.md"]
    assert tolerated["sev"] == "warning" and "Claude Code tolerates it" in tolerated.string
    assert "checked 5 files: 3 errors" in proc.stderr


def test_validation_errors_are_reported_where_the_field_is(
    make_project: Callable[..., Path],
) -> None:
    root = make_project(
        {
            "agents/claude/wrong.md": "---\nname: other\ndescription: d\nmodel: gpt-4\n---\nx\n",
            "agents/opencode/hot.md": "---\ndescription: d\nmode: subagent\ncolor: cyan\n---\n",
        }
    )
    proc = run_cli("check", cwd=root)
    assert proc.returncode == 1
    found = {(m["path"], m["line"], m["sev"]) for m in _located(proc.stdout)}
    # The file name need not match `name` (sub-agents doc); an unknown model is a warning.
    assert not any(f[:2] == ("agents/claude/wrong.md", "2") for f in found)
    assert ("agents/claude/wrong.md", "4", "warning") in found
    # OpenCode's schema takes #RRGGBB or a theme colour only: the config load fails.
    assert ("agents/opencode/hot.md", "4", "error") in found


def test_paths_limit_the_check(make_project: Callable[..., Path]) -> None:
    root = make_project({"agents/a/good.md": GOOD, "agents/b/broken.md": BROKEN_YAML})
    only_good = run_cli("check", "agents/a", cwd=root)
    assert only_good.returncode == 0, only_good.stdout
    assert "checked 1 file:" in only_good.stderr
    only_bad = run_cli("check", "agents/b/broken.md", cwd=root)
    assert only_bad.returncode == 1


def test_all_languages_reports_the_language_that_fails(make_project: Callable[..., Path]) -> None:
    agent = templated(
        "poly",
        "{{ agpm.deps.snippets.guide.content }}\n",
        extra=(
            "  dependencies:\n    snippets:\n      - name: guide\n"
            "        path: ../snippets/{{ agpm.project.language }}.md\n"
        ),
    )
    root = make_project(
        {
            "agents/poly.md": agent,
            "snippets/python.md": "fine\n",
            "snippets/rust.md": "---\nagpm:\n  templating: true\n---\n{{ agpm.project.oops }}\n",
        }
    )
    assert run_cli("check", "agents", cwd=root).returncode == 0  # python only: fine
    proc = run_cli("check", "agents", "--all-languages", cwd=root)
    assert proc.returncode == 1
    error_lines = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert error_lines
    assert all("rust" in line for line in error_lines), error_lines
    assert not any("python" in line for line in error_lines)


def test_json_report_shape(make_project: Callable[..., Path]) -> None:
    root = make_project({"agents/good.md": GOOD, "agents/broken.md": BROKEN_YAML})
    proc = run_cli("check", "--json", cwd=root)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert set(report) >= {"ok", "errors", "warnings", "repaired", "files"}
    assert report["ok"] is False and report["errors"] >= 1
    files = {f["path"]: f for f in report["files"]}
    assert set(files) == {"agents/good.md", "agents/broken.md"}
    good = files["agents/good.md"]
    assert good["flavour"] == "claude-code" and good["errors"] == 0
    assert good["tokens"]["python"]["body"] > 0 and good["tokens"]["python"]["description"] > 0
    broken = files["agents/broken.md"]["diagnostics"]
    assert {"path", "line", "column", "severity", "message", "code"} <= set(broken[0])
    assert broken[0]["severity"] == "error" and broken[0]["line"] == 3


def test_a_broken_agpm_toml_is_an_error_with_its_position(
    make_project: Callable[..., Path],
) -> None:
    root = make_project({"agpm.toml": "[project]\nlanguage = \n", "agents/good.md": GOOD})
    proc = run_cli("check", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert re.search(r"^agpm\.toml:2:\d+: error: ", proc.stdout, re.M), proc.stdout


# -- --fix ------------------------------------------------------------------------------


def test_fix_quotes_just_the_broken_value(make_project: Callable[..., Path]) -> None:
    root = make_project({"agents/broken.md": ONE_LINE_COLON, "agents/good.md": GOOD})
    good_before = (root / "agents/good.md").read_bytes()
    proc = run_cli("check", "--fix", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "agents/broken.md: repaired" in proc.stdout
    after = (root / "agents/broken.md").read_text()
    changed = [
        line
        for line in difflib.unified_diff(
            ONE_LINE_COLON.splitlines(), after.splitlines(), lineterm=""
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        '-description: Use it for reviews. Examples: user: "check this"',
        "+description: 'Use it for reviews. Examples: user: \"check this\"'",
    ]
    assert (root / "agents/good.md").read_bytes() == good_before
    again = run_cli("check", cwd=root)
    assert again.returncode == 0, again.stdout


def test_fix_reports_what_it_cannot_repair(make_project: Callable[..., Path]) -> None:
    unclosed = '---\nname: open\ndescription: "never closed\nmodel: sonnet\n---\nBody\n'
    root = make_project({"agents/open.md": unclosed})
    proc = run_cli("check", "--fix", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "not repaired" in proc.stdout
    assert (root / "agents/open.md").read_text() == unclosed


# -- the wild corpus ----------------------------------------------------------------------


@requires_shared
def test_wild_corpus_reports_every_invalid_yaml_file_with_line_and_column() -> None:
    wild = SHARED / "corpus" / "wild"
    proc = run_cli("check", str(wild), cwd=REPO_ROOT)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "checked 400 files" in proc.stderr
    yaml_problems = {}
    for text in proc.stdout.splitlines():
        match = LOCATED.match(text)
        if match and "not valid YAML" in text:
            rel = Path(match["path"]).resolve().relative_to(wild.resolve()).as_posix()
            yaml_problems[rel] = (int(match["line"]), int(match["col"]), match["sev"])
    assert sorted(yaml_problems) == sorted(INVALID_WILD)
    assert all(line >= 2 and col >= 1 for line, col, _ in yaml_problems.values())
    # The colon that breaks the description is pointed at, as PyYAML reports it.
    assert yaml_problems["claude-voltagent/growth-loops.md"] == (3, 134, "warning")
    errors = sorted(rel for rel, (_, _, sev) in yaml_problems.items() if sev == "error")
    assert errors == WILD_YAML_ERRORS


@requires_shared
def test_wild_fix_on_a_copy_changes_only_the_description_line(tmp_path: Path) -> None:
    source = SHARED / "corpus" / "wild" / "opencode" / "ZeiZel__ai-config__refactor-agent.md"
    copy = tmp_path / "agents" / source.name
    copy.parent.mkdir()
    shutil.copyfile(source, copy)
    before = copy.read_bytes()
    proc = run_cli("check", "--fix", str(copy), cwd=tmp_path)
    no_traceback(proc)
    after = copy.read_bytes()
    assert after != before
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert len(changed) == 1
    assert new_lines[changed[0]].startswith(b"description: ")
    assert not any("not valid YAML" in line for line in proc.stdout.splitlines())
    assert source.read_bytes() == before  # the corpus itself is untouched


@pytest.mark.parametrize("args", [("check", "--bogus"), ("check", "no/such/path")])
def test_usage_errors_exit_2(make_project: Callable[..., Path], args: tuple[str, ...]) -> None:
    proc = run_cli(*args, cwd=make_project({"agents/good.md": GOOD}))
    no_traceback(proc)
    assert proc.returncode == 2
