"""What a new user read in the command line's output, said the way a person says it."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import no_traceback
from conftest import run_cli

AGENT = (
    "---\nname: guide-reader\ndescription: Reads the guide.\nagpm:\n  templating: true\n"
    "  dependencies:\n    snippets:\n      - name: guide\n"
    "        path: ../snippets/{{ agpm.project.language }}-guide.md\n---\n"
    "{{ agpm.deps.snippets.guide.content }}\n"
)


def test_the_note_for_a_project_without_a_language_reads_as_a_sentence(tmp_path: Path) -> None:
    """`this agent offers only python, rust, not no language (the project sets none)`."""
    (tmp_path / "agents").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "agents/guide-reader.md").write_text(AGENT, encoding="utf-8")
    for language in ("python", "rust"):
        (tmp_path / f"snippets/{language}-guide.md").write_text(f"Write {language}.\n")
    (tmp_path / "agpm.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    proc = run_cli("check", cwd=tmp_path)
    no_traceback(proc)
    out = proc.stdout + proc.stderr
    assert (
        "agents/guide-reader.md:1:1: info: rendered with language python, the first this agent "
        "offers (python, rust): the project sets no language" in out
    ), out
    assert "not no language" not in out
