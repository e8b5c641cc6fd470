"""Long lines in the raw and installed previews: cut at the edge (scroll sideways) or
wrapped onto the rows below, toggled with Alt+W (``w`` in the preview) and the palette;
line numbers stay beside the first row of each line."""

from __future__ import annotations

from pathlib import Path

from agent_workbench.app.widgets.preview import Preview
from app_helpers import make_app, screen_lines, settle

WORDS = " ".join(f"word{n:02d}" for n in range(40))  # 279 characters on one line
AGENT = f"""---
name: long-lines
description: {WORDS}
model: sonnet
---
# Long lines

{WORDS}
after-the-long-line
"""


def write(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "agents" / "claude-code").mkdir(parents=True)
    (root / "agpm.toml").write_text('[project]\nlanguage = "python"\n')
    path = root / "agents" / "claude-code" / "long-lines.md"
    path.write_text(AGENT)
    return path


def preview_rows(app: object, preview: Preview) -> list[str]:
    """The preview's rows on screen, inside its border."""
    region = preview.region
    lines = screen_lines(app)  # type: ignore[arg-type]
    return [
        line[region.x + 1 : region.right - 1] for line in lines[region.y + 1 : region.bottom - 1]
    ]


async def test_alt_w_wraps_the_raw_preview_and_back(tmp_path: Path) -> None:
    app = make_app(write(tmp_path))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        await pilot.press("f3")  # raw text
        await settle(pilot)
        rows = preview_rows(app, preview)
        shown = "\n".join(rows)
        assert "word00" in shown and "word39" not in shown  # cut at the edge
        assert "Raw" in screen_lines(app)[preview.region.y] and "wrapped" not in shown
        await pilot.press("alt+w")
        await settle(pilot)
        rows = preview_rows(app, preview)
        words = " ".join(" ".join(rows).split())
        assert WORDS in words  # every word, in order, over several rows
        first = next(i for i, row in enumerate(rows) if "word00" in row)
        last = next(i for i, row in enumerate(rows) if "word39" in row)
        assert last > first and "after-the-long-line" in rows[last + 1]
        assert "Raw · wrapped" in screen_lines(app)[preview.region.y]
        preview.focus()
        await pilot.press("w")  # in the preview, w alone
        await settle(pilot)
        assert "word39" not in "\n".join(preview_rows(app, preview))


async def test_wrapped_installed_file_numbers_the_first_row_of_each_line(tmp_path: Path) -> None:
    app = make_app(write(tmp_path))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        app.screen.set_preview_mode("installed")  # type: ignore[attr-defined]
        await pilot.press("alt+w")
        await settle(pilot)
        rows = [row.strip() for row in preview_rows(app, preview)]
        description = next(i for i, row in enumerate(rows) if "description:" in row)
        assert rows[description].startswith("3 description: word00")
        # Its continuation rows carry no number; the next line is line 4.
        after = next(i for i in range(description + 1, len(rows)) if rows[i].startswith("4 "))
        assert after > description + 1
        assert all(not rows[i][:1].isdigit() for i in range(description + 1, after))
        assert rows[after] == "4 model: sonnet"
        body = next(i for i, row in enumerate(rows) if "word00" in row and i > after)
        assert rows[body].startswith("8 word00")
        assert any(row.startswith("9 after-the-long-line") for row in rows)
