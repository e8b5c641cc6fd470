"""What a new user met walking through the app (tmux, 160x50 and 80x24), one test each:
the focus kept where the user types when the form is rebuilt under them, a refused rule
pattern that no longer lingers in the box, texts shown whole, keys named as bound."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from app_helpers import burst, make_app, palette_hits, settle, until
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"
SIZE = (160, 50)


async def on_the_form(pilot: Pilot[int]) -> None:
    """Wait for the app to start, then F5 to the form, built."""
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)


async def name_shown_then_saved(pilot: Pilot[int]) -> str:
    """What the name field shows once the keys typed are handled, then Ctrl+S."""
    await settle(pilot)
    shown = pilot.app.screen.query_one("#field-name Input", Input).value
    await pilot.press("ctrl+s")
    await settle(pilot)
    return shown


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.mark.parametrize("key", ["alt+u", "alt+r"])
async def test_undo_or_discard_in_a_form_field_leaves_the_focus_there(
    project: Path, key: str
) -> None:
    """Alt+U (undo) and Alt+R (discard) rebuild the form: the field typed in keeps the
    focus, so the next keys type there and the file gets what the field shows."""
    path = project / REVIEWER
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_the_form(pilot)
        app.screen.query_one("#field-name Input", Input).focus()
        await burst(pilot, "end", *"-one")
        await settle(pilot)
        assert "\nname: reviewer-one\n" in app.workspace.text
        await burst(pilot, key, *"-two")
        shown = await name_shown_then_saved(pilot)
    assert shown == "reviewer-two"
    assert "\nname: reviewer-two\n" in path.read_text()


async def test_a_change_on_disk_reloads_the_form_with_the_focus_where_it_was(
    project: Path,
) -> None:
    path = project / REVIEWER
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_the_form(pilot)
        app.screen.query_one("#field-name Input", Input).focus()
        await until(pilot, lambda: app.screen.disk_watch.watching, "watcher")
        outside = path.read_text().replace("color: blue", "color: green")
        path.write_text(outside)
        await until(pilot, lambda: app.workspace.text == outside, "reloaded from disk")
        await settle(pilot)
        await burst(pilot, "end", *"-two")
        shown = await name_shown_then_saved(pilot)
    assert shown == "reviewer-two"
    text = path.read_text()
    assert "\nname: reviewer-two\n" in text
    assert "\ncolor: green\n" in text


@pytest.mark.parametrize("renaming", [False, True], ids=["adding", "renaming"])
async def test_a_refused_duplicate_pattern_leaves_the_box_empty(
    project: Path, renaming: bool
) -> None:
    """A pattern already in the table is refused (the cursor goes to it); the box is then
    empty and no longer renaming: the next pattern typed there is added as typed, and no
    rule is renamed to text the user never saw whole (`git statusnpm *`)."""
    from ruamel.yaml import YAML

    from agent_workbench.app.widgets.rules_table import RuleBox, RulesTable

    path = project / HELPER
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_the_form(pilot)
        table = app.screen.query_one("#rules-field-bash", RulesTable)
        box = app.screen.query_one("#field-permission RuleBox", RuleBox)
        if renaming:
            table.focus()
            await settle(pilot)
            await burst(pilot, "e", "backspace", *"git status", "enter")
        else:
            box.focus()
            await burst(pilot, *"git status", "enter")
        await settle(pilot)
        assert app.focused is table  # the cursor went to the rule that exists
        assert box.value == ""
        await burst(pilot, "tab", *"npm *", "enter")
        await settle(pilot)
        shown = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(3)}
        assert table.row_count == 3
        await pilot.press("ctrl+s")
        await settle(pilot)
    text = path.read_text()
    rules = YAML(typ="safe").load(text.split("---")[1])["permission"]["bash"]
    assert rules == shown == {"*": "ask", "git status": "allow", "npm *": "ask"}


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_every_permission_row_shows_its_tool_name_whole(
    project: Path, size: tuple[int, int]
) -> None:
    """`external_directory` was cut to `external_dir` with `ectory` on the row below."""
    from textual.widgets import Select

    from app_helpers import screen_lines

    app = make_app(project / HELPER)
    async with app.run_test(size=size) as pilot:
        await on_the_form(pilot)
        app.screen.query_one("#perm-field-external-directory", Select).focus()
        await settle(pilot)
        lines = screen_lines(app)
    row = next((line for line in lines if "external_" in line), "")
    assert "external_directory" in row and "(not set)" in row, "\n".join(lines)


async def test_the_palette_names_the_pane_width_keys_as_the_keymap_binds_them(
    project: Path,
) -> None:
    """The palette's "Agent list wider/narrower" said `]` / `[` whatever the keymap bound."""
    from agent_workbench.app.app import WorkbenchApp
    from agent_workbench.session.workspace import Workspace

    workspace, initial = Workspace.from_target(project / REVIEWER)
    keymap = {"browser-wider": "plus", "browser-narrower": "minus"}
    app = WorkbenchApp(workspace, initial, keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await palette_hits(app, pilot, "agent list")
    wider = next(hit for hit in hits if hit.startswith("Agent list wider"))
    narrower = next(hit for hit in hits if hit.startswith("Agent list narrower"))
    assert "(+ in the list" in wider and "]" not in wider, hits
    assert "(- in the list" in narrower and "[" not in narrower, hits


async def test_an_opencode_tool_the_map_does_not_set_reads_not_set_not_off(
    project: Path,
) -> None:
    """OpenCode switches on every tool its `tools` map does not set (tools.mdx: "By
    default, all tools are enabled"): `[ ] edit` read as off. A tool the map leaves out
    says `(not set)`; `[ ] write` (set to false) does not; checking one writes it."""
    from textual.widgets import SelectionList

    from app_helpers import screen_lines

    path = project / HELPER
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_the_form(pilot)
        checklist = app.screen.query_one("#field-tools SelectionList", SelectionList)
        checklist.focus()
        await settle(pilot)
        rows = {
            line.split("[", 1)[1].split()[1]: line
            for line in screen_lines(app)
            if "] " in line and "▊ [" in line
        }
        assert "(not set)" in rows["edit"] and "(not set)" in rows["patch"], rows
        assert "(not set)" not in rows["write"] and "(not set)" not in rows["read"], rows
        await burst(pilot, "down", "down", "down", "space")  # read, bash, write, edit
        await settle(pilot)
        edit_row = next(line for line in screen_lines(app) if "] edit" in line)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "[x] edit" in edit_row and "(not set)" not in edit_row, edit_row
    assert "\n  edit: true\n" in path.read_text()


async def test_the_diff_header_names_two_languages_once(project: Path) -> None:
    """`agents/x.md (golang → typescript) · golang → typescript · …` said it twice."""
    from textual.widgets import Static

    app = make_app(project / REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("l")  # against another language
        await settle(pilot)
        title = str(app.screen.query_one("#diff-title", Static).render())
    assert title.startswith(f"{REVIEWER} (rust → python) · +"), title
    assert title.count("→") == 1, title


@pytest.mark.parametrize("changed", [1, 2])
async def test_the_changes_summary_agrees_with_its_count(tmp_path: Path, changed: int) -> None:
    """F9 said `1 agent differ from HEAD`."""
    from textual.widgets import Static

    from agent_workbench.app.app import WorkbenchApp
    from agent_workbench.session.workspace import Workspace
    from diff_fixtures import make_repo

    repo = make_repo(tmp_path / "repo")
    for rel in ["agents/opencode/plain.md", "docs/style.md"][:changed]:
        (repo / rel).write_text((repo / rel).read_text() + "One more line.\n")
    workspace, initial = Workspace.from_target(repo / "agents/opencode/plain.md")
    app = WorkbenchApp(workspace, initial, preload_tokens=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        title = str(app.screen.query_one("#changes-title", Static).render())
    verb = "1 agent differs" if changed == 1 else "2 agents differ"
    assert title.startswith(f"{verb} from HEAD  ·  "), title


async def test_after_repair_the_focus_is_on_the_first_field(project: Path) -> None:
    """Ctrl+R (or the Repair button, which has the focus) rebuilt the form as editable and
    left the focus nowhere: the next keys typed were lost."""
    path = project / "agents/claude-code/planner.md"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_the_form(pilot)
        assert app.focused is not None and app.focused.id == "repair"
        await burst(pilot, "ctrl+r", "end", *"-x")
        shown = await name_shown_then_saved(pilot)
    assert shown == "planner-x"
    text = path.read_text()
    assert "\nname: planner-x\n" in text
    assert "\ndescription: 'Plans work. Examples: user: \"plan the release\" and more'\n" in text


async def test_f4_under_an_entry_that_sets_the_language_changes_nothing_unseen(
    tmp_path: Path,
) -> None:
    """F7 to an agpm.toml entry whose template_vars set the language: F4 showed nothing
    (the entry's language stays) yet moved the session's language, so F7 back to the file
    rendered a language the user never picked. It now leaves both alone (and says why)."""
    root = tmp_path / "project"
    (root / "agents").mkdir(parents=True)
    (root / "snippets").mkdir()
    (root / "agents/coder.md").write_text(
        "---\nname: coder\ndescription: Codes.\nagpm:\n  templating: true\n"
        "  dependencies:\n    snippets:\n      - name: guide\n"
        "        path: ../snippets/{{ agpm.project.language }}-guide.md\n        install: false\n"
        "---\n{{ agpm.deps.snippets.guide.content }}\n"
    )
    for language in ("golang", "python", "rust"):
        (root / f"snippets/{language}-guide.md").write_text(f"Write {language}.\n")
    (root / "agpm.toml").write_text(
        '[project]\nlanguage = "python"\n\n[agents]\n'
        'rust-coder = { path = "agents/coder.md", template_vars = { project = '
        '{ language = "rust" } } }\n'
    )
    app = make_app(root / "agents/coder.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")  # the entry rust-coder
        await settle(pilot)
        assert app.workspace.variant is not None and app.workspace.language == "rust"
        await pilot.press("f4")
        await settle(pilot)
        assert app.workspace.language == "rust"
        await pilot.press("f7")  # back to the file as it is
        await settle(pilot)
        assert app.workspace.variant is None
        language = app.workspace.language
    assert language == "python"


async def test_the_tokens_of_each_dependency_show_at_80_columns(tmp_path: Path) -> None:
    """Ctrl+T at 80x24: the dependency's path came before its tokens and share, which a
    long path pushed off the screen (the figures the table is for)."""
    from app_helpers import screen_lines

    root = tmp_path / "project"
    folder = "snippets/practices/frontend-frameworks/single-page-applications"
    (root / "agents").mkdir(parents=True)
    (root / folder).mkdir(parents=True)
    (root / folder / "python-component-guidelines.md").write_text("Keep components small.\n")
    (root / "agents/ui.md").write_text(
        "---\nname: ui\ndescription: Builds UIs.\nagpm:\n  templating: true\n"
        "  dependencies:\n    snippets:\n      - name: component-guidelines\n"
        f"        path: ../{folder}/{{{{ agpm.project.language }}}}-component-guidelines.md\n"
        "        install: false\n"
        "---\n{{ agpm.deps.snippets.component_guidelines.content }}\n"
    )
    (root / "agpm.toml").write_text("[project]\nlanguage = 'python'\n")
    app = make_app(root / "agents/ui.md")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        lines = screen_lines(app)
    row = next((line for line in lines if "component_guidelines" in line), "")
    assert "100%" in row, "\n".join(lines)


async def test_the_changes_list_shows_every_figure_of_a_long_path_at_80_columns(
    tmp_path: Path,
) -> None:
    """F9 at 80 columns: a long agent path pushed the tokens column off the screen; the
    path is cut in the middle instead (the file name stays), and Enter still opens it."""
    from textual.widgets import DataTable

    from agent_workbench.app.app import WorkbenchApp
    from agent_workbench.app.screens.diff import DiffScreen
    from agent_workbench.session.workspace import Workspace
    from diff_fixtures import make_repo
    from git_helpers import git

    repo = make_repo(tmp_path / "repo")
    deep = "agents/opencode/a-rather-long-folder-name/another-level/plain-but-long-name.md"
    (repo / deep).parent.mkdir(parents=True)
    (repo / deep).write_text((repo / "agents/opencode/plain.md").read_text())
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "deep")
    (repo / deep).write_text((repo / deep).read_text() + "One more line.\n")
    workspace, initial = Workspace.from_target(repo / "agents/opencode/plain.md")
    app = WorkbenchApp(workspace, initial, preload_tokens=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        shown = "".join(strip.text for strip in table.render_lines(table.region.reset_offset))
        assert row[5].startswith("+") and row[5] in shown  # the tokens column, on screen
        assert row[0].endswith("/plain-but-long-name.md") and "…" in row[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
