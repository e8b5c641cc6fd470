"""``workbench render`` end to end: real projects in tmp_path, real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import no_traceback, templated
from conftest import REPO_ROOT, run_cli

SNIPPET = "---\nagpm:\n  version: '1'\n---\n\n  Prefer {{ literal }} braces.  \n\n"
DEPENDENT = templated(
    "dependent",
    "Language: {{ agpm.project.language }}\n{{ agpm.deps.snippets.guide.content }}\n",
    extra=(
        "  dependencies:\n    snippets:\n      - name: guide\n"
        "        path: ../snippets/{{ agpm.project.language }}-guide.md\n"
    ),
)


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "agents/dependent.md": DEPENDENT,
            "snippets/python-guide.md": SNIPPET,
            "snippets/rust-guide.md": "Borrow, do not clone.\n",
        }
    )


def test_prints_the_installed_file_with_the_dependency_content_as_agpm_embeds_it(
    project: Path,
) -> None:
    proc = run_cli("render", "agents/dependent.md", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("---\nname: dependent\n")
    # The snippet's body as gray-matter leaves it (leading blank lines gone, one final
    # newline gone) and its template syntax is not evaluated (templating off).
    assert "Language: python\n  Prefer {{ literal }} braces.  \n\n" in proc.stdout
    assert proc.stderr == ""


def test_body_only_prints_what_follows_the_closing_line(project: Path) -> None:
    proc = run_cli("render", "agents/dependent.md", "--body-only", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Language: python\n  Prefer {{ literal }} braces.  \n\n"


def test_lang_switches_the_snippet(project: Path) -> None:
    proc = run_cli("render", "agents/dependent.md", "--lang", "rust", "--body-only", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Language: rust\nBorrow, do not clone.\n"


def test_var_sets_nested_project_variables(make_project: Callable[..., Path]) -> None:
    root = make_project(
        {"agents/a.md": templated("a", "{{ agpm.project.team.name }}/{{ agpm.project.n + 1 }}\n")}
    )
    proc = run_cli(
        "render", "agents/a.md", "--var", "team.name=core", "--var", "n=41", "--body-only", cwd=root
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "core/42\n"


def test_the_project_root_is_found_from_the_agent_not_the_current_folder(project: Path) -> None:
    proc = run_cli("render", str(project / "agents/dependent.md"), "--body-only", cwd=Path("/"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Language: python\n")


def test_project_option_chooses_the_root(project: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    proc = run_cli(
        "render",
        str(project / "agents/dependent.md"),
        "--project",
        str(project),
        "--lang",
        "rust",
        "--body-only",
        cwd=tmp_path / "elsewhere",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Language: rust\nBorrow, do not clone.\n"


def test_a_file_without_templating_comes_out_byte_for_byte(
    make_project: Callable[..., Path],
) -> None:
    raw = b"---\r\nname: plain\r\ndescription: d  \r\n---\r\nKeep {{ this }}\r\nno final newline"
    root = make_project({"agents/plain.md": raw})
    proc = subprocess.run(
        [sys.executable, "-m", "agent_workbench", "render", "agents/plain.md"],
        cwd=root,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == raw


# -- bad input: exit 1, a located message on stderr, no traceback ------------------------


def _fails(proc, *fragments: str) -> str:
    no_traceback(proc)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    for fragment in fragments:
        assert fragment in proc.stderr, proc.stderr
    return proc.stderr


def test_undefined_variable_names_line_column_and_suggestion(
    make_project: Callable[..., Path],
) -> None:
    root = make_project({"agents/b.md": templated("b", "intro\nUse {{ agpm.project.langage }}\n")})
    stderr = _fails(run_cli("render", "agents/b.md", cwd=root), "agents/b.md:8:")
    assert "agpm.project.langage" in stderr
    assert "did you mean `agpm.project.language`" in stderr


def test_broken_template_syntax_is_located(make_project: Callable[..., Path]) -> None:
    root = make_project({"agents/b.md": templated("b", "ok\n{% if agpm.project.language %}\nx\n")})
    stderr = _fails(run_cli("render", "agents/b.md", cwd=root), "agents/b.md:")
    assert ": error: " in stderr


def test_missing_snippet_names_the_declaring_file_and_resolved_path(
    make_project: Callable[..., Path],
) -> None:
    agent = templated(
        "c", "x\n", extra="  dependencies:\n    snippets:\n      - path: ../snippets/nope.md\n"
    )
    root = make_project({"agents/c.md": agent})
    _fails(run_cli("render", "agents/c.md", cwd=root), "agents/c.md:", "snippets/nope.md")


def test_language_without_snippet_suggests_the_languages_the_agent_offers(project: Path) -> None:
    stderr = _fails(run_cli("render", "agents/dependent.md", "--lang", "cobol", cwd=project))
    assert "snippets/cobol-guide.md" in stderr
    assert "python, rust" in stderr


def test_non_utf8_file_is_reported_at_its_line_and_column(
    make_project: Callable[..., Path],
) -> None:
    root = make_project({"agents/d.md": b"---\nname: d\ndescription: d\n---\nHello \xff\n"})
    _fails(run_cli("render", "agents/d.md", cwd=root), "agents/d.md:5:7:", "UTF-8")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("{% for i in range(end=10000000000) %}x{% endfor %}\n", "render stopped"),
        ('{% include "/etc/passwd" %}\n', "include"),
        ('{{ "/etc/passwd" | content }}\n', "absolute path"),
        ('{{ "../../../../etc/passwd" | content }}\n', "project root"),
        ("{{ ''.__class__.__mro__ }}\n", "agents/h.md:7:"),
    ],
)
def test_hostile_templates_are_stopped_with_a_clear_error(
    make_project: Callable[..., Path], body: str, fragment: str
) -> None:
    root = make_project({"agents/h.md": templated("h", body)})
    proc = run_cli("render", "agents/h.md", cwd=root)
    stderr = _fails(proc, fragment)
    assert "root:" not in proc.stdout + stderr  # nothing of /etc/passwd leaked


def test_a_symlink_out_of_the_project_is_refused(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("top secret\n")
    root = make_project({"agents/s.md": templated("s", '{{ "docs/link.md" | content }}\n')})
    (root / "docs").mkdir()
    (root / "docs/link.md").symlink_to(secret)
    proc = run_cli("render", "agents/s.md", cwd=root)
    _fails(proc, "agents/s.md:")
    assert "top secret" not in proc.stdout + proc.stderr


# -- usage errors: exit 2 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("render",),
        ("render", "agents/missing.md"),
        ("render", "agents/dependent.md", "--var", "novalue"),
        ("render", "agents/dependent.md", "--bogus"),
        ("render", "agents"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: tuple[str, ...]) -> None:
    proc = run_cli(*args, cwd=project)
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    assert "Usage:" in proc.stderr or "Error:" in proc.stderr


# -- the repository's own sample project -------------------------------------------------------


def test_the_large_sample_agent_renders_past_40_kb() -> None:
    proc = run_cli("render", "agents/claude-code/principal-reviewer.md", cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.encode("utf-8")) >= 40 * 1024
    assert "{{" not in proc.stdout.split("---", 2)[2]  # every expression was rendered


def test_the_docs_writer_embeds_the_project_style_guide() -> None:
    proc = run_cli("render", "agents/claude-code/docs-writer.md", "--body-only", cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    guide = (REPO_ROOT / "docs/project/styleguide.md").read_text().strip()
    assert guide in proc.stdout


def test_the_frontend_sample_renders_its_framework_only_when_set() -> None:
    args = ("render", "agents/claude-code/frontend-engineer.md", "--lang", "typescript")
    with_framework = run_cli(*args, cwd=REPO_ROOT)
    assert with_framework.returncode == 0, with_framework.stderr
    assert "## React" in with_framework.stdout
    without = run_cli(*args, "--var", "frontend_framework=", cwd=REPO_ROOT)
    assert without.returncode == 0, without.stderr
    assert "## React" not in without.stdout
    assert "snippets/frameworks" not in without.stdout


def test_without_lang_an_agent_renders_in_the_language_check_and_tokens_use() -> None:
    """The frontend sample offers only javascript and typescript, not the project's python:
    render, like check, tokens and the app, takes its first language and says so."""
    agent = "agents/claude-code/frontend-engineer.md"
    plain = run_cli("render", agent, cwd=REPO_ROOT)
    assert plain.returncode == 0, plain.stderr
    assert "note: rendered with language javascript" in plain.stderr
    explicit = run_cli("render", agent, "--lang", "javascript", cwd=REPO_ROOT)
    assert explicit.returncode == 0 and plain.stdout == explicit.stdout
    counted = run_cli("tokens", agent, "--json", cwd=REPO_ROOT)
    assert json.loads(counted.stdout)[0]["language"] == "javascript"
