"""The form shows invalid YAML as the file's own tool reads it (see frontmatter/fallbacks.py)."""

from __future__ import annotations

from pathlib import Path

from app_helpers import make_app, settle

SIZE = (160, 50)


def _write(root: Path, rel: str, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "agpm.toml").write_text('[project]\nlanguage = "python"\n')
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


async def _form_texts(path: Path) -> list[str]:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen.query_one("#form")
        return [str(w.render()) for w in form.query(".form-note, .form-reason")]


async def test_an_opencode_file_shows_what_opencode_reads(tmp_path: Path) -> None:
    # OpenCode's fallback turns the value into a block scalar and reads the fields.
    text = "---\ndescription: Integrates work: stages and commits\nmode: subagent\n---\nBody\n"
    texts = await _form_texts(_write(tmp_path / "p", ".opencode/agent/integrator.md", text))
    assert any(t.startswith("⚠") and "OpenCode's fallback" in t for t in texts)
    assert "Fields as OpenCode reads them (read-only):" in texts


async def test_an_unrescued_opencode_file_says_opencode_reads_nothing(tmp_path: Path) -> None:
    text = '---\ndescription: "Designs pages\nmode: subagent\n---\nBody\n'
    texts = await _form_texts(_write(tmp_path / "p", ".opencode/agent/designer.md", text))
    assert any(t.startswith("✗") and "NO configuration" in t for t in texts)
    assert "OpenCode reads none of these fields (read-only):" in texts
