"""The agent browser: labels that fit the width, and a listing updated in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.widgets import Input

from agent_workbench.app.widgets.browser import AgentBrowser, AgentTree
from agent_workbench.app.widgets.browser_labels import entry_label, folder_label, short_count
from agent_workbench.session.summary import ResourceSummary
from app_helpers import make_app, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"
PLANNER = "agents/claude-code/planner.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def summary(rel: str, **fields: object) -> ResourceSummary:
    return ResourceSummary(rel, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("width", range(9, 41))
def test_a_label_fits_its_width_and_keeps_the_count_and_badge(width: int) -> None:
    entry = summary(
        "agents/claude-code/principal-reviewer.md", flavour="claude-code", tokens=9_734, errors=1
    )
    label = entry_label(entry, width=width)
    assert label.cell_len == width
    assert label.plain.endswith("9.7k ✗")
    if width >= 28:  # "principal-reviewer" + " CC 9.7k ✗" fits whole
        assert "principal-reviewer" in label.plain and "…" not in label.plain
        assert " CC " in label.plain
    elif width >= 25:  # the tag gives way before the name is cut
        assert label.plain.startswith("principal-reviewer ") and " CC " not in label.plain
    else:  # cut in its middle; no tag beside a cut name
        assert "…" in label.plain and " CC " not in label.plain
    if width >= 18:
        assert label.plain.startswith("princ")
    name = label.plain.split(" ")[0]
    if "…" in name:  # cut in the middle: both ends of the name stay
        head, tail = name.split("…")
        assert "principal-reviewer".startswith(head) and "principal-reviewer".endswith(tail)
        assert len(head) >= len(tail)


def test_names_that_share_a_beginning_stay_apart_when_cut() -> None:
    labels = [
        entry_label(summary(f"agents/{name}.md", flavour="claude-code", tokens=100), width=20)
        for name in ("backend-engineer", "backend-engineer-advanced")
    ]
    assert labels[0].plain != labels[1].plain


def test_tags_counts_and_badges_line_up_from_row_to_row() -> None:
    rows = [
        entry_label(summary("agents/a.md", flavour="opencode", tokens=12), width=24),
        entry_label(summary("agents/abcdefghijk.md", flavour="opencode", tokens=3_456), width=24),
        entry_label(summary("agents/b.md", flavour="claude-code", tokens=883, errors=2), width=24),
        entry_label(summary("agents/uncounted.md", flavour="claude-code"), width=24),
    ]
    assert [row.plain for row in rows] == [
        "a".ljust(14) + " OC   12  ",
        "abcdefghijk".ljust(14) + " OC 3.5k  ",
        "b".ljust(14) + " CC  883 ✗",
        "uncounted".ljust(14) + " CC       ",
    ]
    assert all(row.cell_len == 24 for row in rows)


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (7, "7"),
        (999, "999"),
        (1_000, "1.0k"),
        (9_734, "9.7k"),
        (9_960, "10k"),
        (15_310, "15k"),
        (999_000, "999k"),
    ],
)
def test_counts_take_at_most_four_cells(count: int, shown: str) -> None:
    assert short_count(count) == shown


def test_a_folder_keeps_the_end_of_its_path() -> None:
    assert folder_label("snippets/best-practices", 30).plain == "snippets/best-practices/"
    assert folder_label("snippets/best-practices", 16).plain == "…best-practices/"


async def test_at_80_columns_every_entry_shows_its_count(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one(AgentBrowser)
        tree = browser.query_one(AgentTree)
        width = tree.scrollable_content_region.width
        counted = [e for e in browser.entries.values() if e.tokens is not None]
        assert len(counted) >= 6
        for entry in counted:
            node = browser.node(entry.rel)
            label = tree.render_label(node, Style(), Style())
            assert label.cell_len + tree.guide_depth <= width, label.plain
            assert str(entry.tokens) in label.plain.replace(".", ""), label.plain


async def test_a_file_that_fails_to_parse_shows_its_error_under_the_tree(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one(AgentBrowser)
        tree = browser.query_one(AgentTree)
        detail = browser.query_one("#browser-detail")
        assert not detail.display  # the reviewer parses
        tree.move_cursor(browser.node(PLANNER))
        await pilot.pause()
        assert detail.display
        text = str(detail.render())
        assert text == "planner.md\nline 3: frontmatter is not valid YAML …"
        assert detail.tooltip is not None and "unquoted" in str(detail.tooltip)


async def test_new_and_removed_files_keep_the_other_nodes_expansion_and_cursor(
    project: Path,
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one(AgentBrowser)
        tree = browser.query_one(AgentTree)
        resources = list(browser.entries)
        helper_node = browser.node(HELPER)
        tree.move_cursor(helper_node)
        snippets = browser.folder("snippets/guides")
        snippets.collapse()
        await pilot.pause()

        added = [f"agents/generated/agent-{i:03}.md" for i in range(500)]
        browser.set_resources([*resources, *added])
        await pilot.pause()
        assert browser.node(HELPER) is helper_node  # the same node, not a rebuilt one
        assert tree.cursor_node is helper_node
        assert not snippets.is_expanded
        assert len(browser.folder("agents/generated").children) == 500
        assert [n.data for n in browser.folder("agents/generated").children][:2] == added[:2]

        browser.set_resources([r for r in resources if r != HELPER])
        await pilot.pause()
        assert browser.folder("agents/generated") is None
        assert browser.folder("agents/opencode") is None  # its only file went
        assert tree.cursor_node is browser.node(REVIEWER)  # back to the open agent
        assert not snippets.is_expanded
        assert browser.border_subtitle == str(len(resources) - 1)


async def test_filtering_keeps_folders_collapsed_and_the_open_agent_highlighted(
    project: Path,
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one(AgentBrowser)
        tree = browser.query_one(AgentTree)
        browser.folder("snippets/guides").collapse()
        await pilot.press("ctrl+f", *"guide")
        await pilot.pause()
        assert set(browser.shown) == {
            "snippets/guides/python-guide.md",
            "snippets/guides/rust-guide.md",
        }
        assert browser.border_subtitle == f"2/{len(browser.entries)}"
        assert browser.folder("snippets/guides").is_expanded  # matches are never hidden
        filter_box = browser.query_one("#browser-filter", Input)
        filter_box.value = ""
        await pilot.pause()
        assert not browser.folder("snippets/guides").is_expanded
        assert tree.cursor_node is browser.node(REVIEWER)


async def test_filtering_to_a_broken_file_names_its_error(project: Path) -> None:
    app = make_app(project / HELPER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one(AgentBrowser)
        detail = browser.query_one("#browser-detail")
        await pilot.press("ctrl+f", *"plan")
        await pilot.pause()
        assert browser.query_one(AgentTree).cursor_node is browser.node(PLANNER)
        assert detail.display and "line 3" in str(detail.render())
        await pilot.press("enter")  # opened: its problems are in the problems panel now
        await settle(pilot)
        assert app.workspace.rel == PLANNER
        assert not detail.display
