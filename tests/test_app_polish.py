"""What a user notices at a glance: the footer at 80 columns, and what each screen says."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from app_helpers import make_app, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.mark.parametrize("focus", ["#editor", "#browser-tree", "#browser-filter", "#preview"])
async def test_at_80_columns_the_footer_shows_the_keys_that_matter_whole(
    project: Path, focus: str
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if focus == "#preview":
            await pilot.press("f2")
        else:
            app.screen.query_one(focus).focus()
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        shown = [k for k in keys if k is not palette]
        assert {k.description for k in shown} >= {"Save", "Preview", "Language", "Help", "Quit"}
        for key in shown:
            assert key.region.right <= palette.region.x, f"{key.description} is clipped"
