"""The app survives the rest of issue 10's hostile inputs as the command line does
(``tests/cli/test_cli_hostile_matrix.py``): a FIFO as a ``content`` target or as
agpm.toml, a Python method name as an attribute, a deep dependency chain, merge keys,
blank lines and ``tools: {}``, a file outside any project. The located error shows in
the problems panel, an edit through the form changes its own line only, and the app
keeps answering keys (the FIFO dependency, the FIFO agent and the alias bomb are
``test_app_hostile_files.py``'s)."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from textual.widgets import TextArea

from agent_workbench.app.widgets.error_panel import ErrorPanel
from agent_workbench.app.widgets.preview import Preview
from app_helpers import make_app, settle
from cli_helpers import FIFO_READERS, chain_link, templated

pytestmark = pytest.mark.timeout(120)
SIZE = (160, 50)
FINE = "---\nname: fine\ndescription: Fine.\n---\nFine.\n"


def project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in {"agpm.toml": '[project]\nlanguage = "python"\n', **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    path = root / "agents" / "fine.md"
    path.write_text(FINE)
    return root


async def still_answers(pilot: object, app: object) -> None:
    """The app opens another agent on a burst of keys: it is not frozen."""
    await pilot.press("ctrl+f", *"fine", "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert app.workspace.rel == "agents/fine.md"  # type: ignore[attr-defined]


def located(app: object, path: str, needle: str) -> list[tuple[str, int, int]]:
    panel = app.screen.query_one(ErrorPanel)  # type: ignore[attr-defined]
    return [
        (d.path, d.line, d.column)
        for d in panel.diagnostics
        if d.path == path and needle in d.message and d.is_error
    ]


async def test_a_fifo_content_target_is_a_located_problem(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        {"agents/embed.md": FIFO_READERS["agents/embed.md"]},
    )
    (root / "snippets").mkdir()
    os.mkfifo(root / "snippets" / "pipe.md")
    app = make_app(root / "agents" / "embed.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        where = located(app, "agents/embed.md", "not a regular file")
        assert [place[:2] for place in where] == [("agents/embed.md", 8)]
        await still_answers(pilot, app)


async def test_a_fifo_agpm_toml_is_a_located_problem(tmp_path: Path) -> None:
    root = project(tmp_path / "p", {"agents/lang.md": templated("lang", "In {{ 1 + 1 }}.\n")})
    (root / "agpm.toml").unlink()
    os.mkfifo(root / "agpm.toml")
    app = make_app(root / "agents" / "lang.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert located(app, "agpm.toml", "not a regular file") == [("agpm.toml", 1, 1)]
        assert "In 2." in app.screen.query_one(Preview).text
        await still_answers(pilot, app)


async def test_a_python_method_name_is_a_located_variable_not_found(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p", {"agents/method.md": templated("m", "Hi\n{{ agpm.project.items }}\n")}
    )
    app = make_app(root / "agents" / "method.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert located(app, "agents/method.md", "`agpm.project.items`") == [
            ("agents/method.md", 8, 4)
        ]
        assert "<built-in method" not in app.screen.query_one(Preview).text
        await still_answers(pilot, app)


async def test_an_error_deep_in_a_chain_is_located_with_the_chain(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        {
            "agents/l0.md": chain_link(
                "../snippets/l1.md", "{{ agpm.deps.snippets.l1.content }}\n"
            ),
            "snippets/l1.md": chain_link("./l2.md", "{{ agpm.deps.snippets.l2.content }}\n"),
            "snippets/l2.md": chain_link("./l3.md", "{{ agpm.deps.snippets.l3.content }}\n"),
            "snippets/l3.md": chain_link(None, "ok\n{{ agpm.project.nope }}\n"),
        },
    )
    app = make_app(root / "agents" / "l0.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        chain = "while rendering agents/l0.md → snippets/l1.md → snippets/l2.md → snippets/l3.md"
        assert [where[:2] for where in located(app, "snippets/l3.md", chain)] == [
            ("snippets/l3.md", 6)
        ]
        await still_answers(pilot, app)


def changed(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.parametrize(
    "text",
    [
        "---\nname: blank\n\n  \ndescription: d\ntools: {}\n\n---\nBody.\n",
        "---\nname: merged\ndescription: d\nbase: &base\n  Read: true\n"
        "tools:\n  <<: *base\n  Write: false\n---\nBody.\n",
    ],
    ids=["blank lines and tools: {}", "merge keys"],
)
async def test_a_form_edit_changes_its_own_line_only(tmp_path: Path, text: str) -> None:
    root = project(tmp_path / "p", {"agents/odd.md": text})
    app = make_app(root / "agents" / "odd.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.click("#field-description TextArea")
        await pilot.press("end", *" and more")
        await settle(pilot)
        assert app.screen.query_one("#field-description TextArea", TextArea).text == "d and more"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.workspace.dirty
        await still_answers(pilot, app)
    after = (root / "agents" / "odd.md").read_text()
    removed, added = changed(text, after)
    assert removed == "-description: d"
    assert added in ("+description: d and more", "+description: 'd and more'")


async def test_a_file_outside_any_project_is_its_own_project(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "x"
    elsewhere.mkdir(parents=True)
    (elsewhere / "agent.md").write_text(templated("agent", "Two: {{ 1 + 1 }}\n"))
    app = make_app(elsewhere / "agent.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.workspace.rel == "agent.md"
        panel = app.screen.query_one(ErrorPanel)
        assert not [d for d in panel.diagnostics if "outside" in d.message], panel.diagnostics
        assert "Two: 2" in app.screen.query_one(Preview).text
