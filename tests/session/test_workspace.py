"""The app's headless session: open, edit through the one edit path, save, languages, renders."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from agent_workbench.session.workspace import SaveState, Workspace, WorkspaceEvent
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
HELPER = "agents/opencode/helper.md"
PLANNER = "agents/claude-code/planner.md"
BUILDER = "agents/claude-code/builder.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.fixture
def ws(project: Path) -> Workspace:
    workspace, initial = Workspace.from_target(project)
    assert initial is None
    return workspace


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_from_target_on_a_file_opens_it_at_the_project_root(project: Path) -> None:
    workspace, initial = Workspace.from_target(project / REVIEWER, language="rust")
    assert workspace.project.root == project.resolve()
    assert initial == REVIEWER
    assert workspace.session_language == "rust"


def test_resources_lists_agents_snippets_and_broken_files(ws: Workspace) -> None:
    assert set(ws.resources()) >= {REVIEWER, HELPER, PLANNER, BUILDER}


def test_open_and_save_without_changes_is_byte_identical(ws: Workspace, project: Path) -> None:
    before = (project / HELPER).read_bytes()
    ws.open(HELPER)
    assert not ws.dirty
    assert ws.save().state is SaveState.UNCHANGED
    assert ws.save(force=True).state is SaveState.SAVED
    assert (project / HELPER).read_bytes() == before


def test_crlf_and_bom_survive_an_edit_of_the_body(ws: Workspace, project: Path) -> None:
    raw = "\ufeff---\r\ndescription: d\r\nmode: subagent\r\n---\r\nHello\r\n".encode()
    (project / "agents/opencode/crlf.md").write_bytes(raw)
    ws.open("agents/opencode/crlf.md")
    ws.set_body("Hello there\r\n")
    ws.save()
    assert (project / "agents/opencode/crlf.md").read_bytes() == raw.replace(
        b"Hello\r\n", b"Hello there\r\n"
    )


def test_set_field_changes_only_that_line_and_saves(ws: Workspace, project: Path) -> None:
    before = (project / HELPER).read_bytes()
    ws.open(HELPER)
    assert ws.set_field("temperature", 0.7)
    assert ws.dirty
    assert ws.line_change().added == 1 and ws.line_change().removed == 1
    outcome = ws.save()
    assert outcome.ok, outcome.message
    assert changed_lines(before, (project / HELPER).read_bytes()) == [
        "-temperature: 0.2",
        "+temperature: 0.7",
    ]
    assert not ws.dirty


def test_nested_tool_switch_and_permission_pattern(ws: Workspace, project: Path) -> None:
    before = (project / HELPER).read_bytes()
    ws.open(HELPER)
    ws.set_fields({"tools.write": True, 'permission.bash["git status"]': "deny"})
    ws.save()
    assert changed_lines(before, (project / HELPER).read_bytes()) == [
        "-  write: false",
        "+  write: true",
        '-    "git status": allow',
        '+    "git status": deny',
    ]


def test_template_logic_frontmatter_refuses_form_edits(ws: Workspace) -> None:
    from agent_workbench.model.diagnostics import DiagnosticError

    ws.open(BUILDER)
    with pytest.raises(DiagnosticError) as caught:
        ws.set_field("model", "haiku")
    assert "template logic" in caught.value.diagnostic.message
    assert not ws.dirty


def test_save_refuses_to_overwrite_a_file_changed_on_disk(ws: Workspace, project: Path) -> None:
    events: list[WorkspaceEvent] = []
    ws.subscribe(events.append)
    ws.open(HELPER)
    ws.set_field("temperature", 0.5)
    (project / HELPER).write_text("changed elsewhere\n")
    outcome = ws.save()
    assert outcome.state is SaveState.CONFLICT
    assert WorkspaceEvent.CONFLICT in events
    assert (project / HELPER).read_text() == "changed elsewhere\n"
    assert ws.dirty  # nothing of the author's is lost


def test_render_follows_the_language_and_counts_tokens(ws: Workspace) -> None:
    ws.open(REVIEWER)
    assert ws.languages() == ["python", "rust"]
    ws.render_now()
    assert ws.last_good is not None and "pytest" in (ws.last_good.body or "")
    python_tokens = ws.tokens
    assert python_tokens is not None and python_tokens.body > 0 and python_tokens.description > 0
    assert ws.cycle_language() == "rust"
    ws.render_now()
    assert "cargo test" in (ws.last_good.body or "")
    assert ws.tokens is not None and ws.tokens != python_tokens


def test_typing_changes_the_count_and_the_change_since_save(ws: Workspace) -> None:
    ws.open(REVIEWER)
    ws.render_now()
    before = ws.tokens
    assert before is not None and ws.token_change() == 0
    document = ws.document
    assert document is not None
    ws.set_body(document.body + "\nAlways check the error paths and the tests as well.\n")
    ws.render_now()
    assert ws.tokens is not None and ws.tokens.body > before.body
    assert ws.token_change() == ws.tokens.body - before.body
    assert ws.line_change().added == 2


def test_a_stale_render_result_is_dropped(ws: Workspace) -> None:
    ws.open(REVIEWER)
    old_job = ws.next_job()
    document = ws.document
    assert document is not None
    ws.set_body(document.body + "\nNew line.\n")
    new_job = ws.next_job()
    new = ws.render(new_job)
    old = ws.render(old_job)
    assert ws.accept(new)
    assert not ws.accept(old)
    assert ws.last_good is new.result


def test_a_broken_template_keeps_the_last_good_render(ws: Workspace) -> None:
    ws.open(REVIEWER)
    ws.render_now()
    good = ws.last_good
    document = ws.document
    assert document is not None and good is not None
    ws.set_body(document.body + "\n{{ agpm.project.langauge }}\n")
    ws.render_now()
    assert ws.last_good is good
    assert ws.stale
    errors = ws.render_errors
    assert errors and errors[0].path == REVIEWER
    assert "language" in (errors[0].suggestion or errors[0].message)
    ws.set_body(document.body)
    ws.render_now()
    assert not ws.render_errors and not ws.stale


def test_repair_is_one_undoable_change(ws: Workspace, project: Path) -> None:
    before = (project / PLANNER).read_bytes()
    ws.open(PLANNER)
    agent = ws.agent
    assert agent is not None and agent.yaml_error is not None
    assert ws.repair() == []
    agent = ws.agent
    assert agent is not None and agent.yaml_error is None
    assert agent.fields is not None and "Examples: user:" in agent.fields["description"]
    assert ws.undo()
    assert ws.text == before.decode()
    ws.repair()
    ws.save()
    changed = changed_lines(before, (project / PLANNER).read_bytes())
    assert len(changed) == 2 and changed[0].startswith("-description:")


def test_listeners_hear_each_step(ws: Workspace) -> None:
    events: list[WorkspaceEvent] = []
    unsubscribe = ws.subscribe(events.append)
    ws.open(HELPER)
    ws.set_field("temperature", 0.4)
    ws.render_now()
    ws.save()
    unsubscribe()
    ws.set_field("temperature", 0.3)
    assert events == [
        WorkspaceEvent.OPENED,
        WorkspaceEvent.CHANGED,
        WorkspaceEvent.RENDERED,
        WorkspaceEvent.SAVED,
    ]


def test_reload_refuses_while_unsaved(ws: Workspace, project: Path) -> None:
    ws.open(HELPER)
    (project / HELPER).write_text((project / HELPER).read_text().replace("0.2", "0.9"))
    assert ws.reload()
    assert "temperature: 0.9" in ws.text
    ws.set_field("temperature", 1.0)
    assert not ws.reload()
    assert "temperature: 1.0" in ws.text


def test_diagnostics_of_template_frontmatter_use_the_rendered_fields(ws: Workspace) -> None:
    ws.open(BUILDER)
    ws.render_now()
    assert ws.last_good is not None
    assert not [d for d in ws.diagnostics() if d.is_error]


def test_invalidate_caches_sees_files_that_appeared(ws: Workspace, project: Path) -> None:
    ws.open("agents/claude-code/reviewer.md")
    assert ws.languages() == ["python", "rust"]
    (project / "snippets/guides/go-guide.md").write_text("Run gofmt.\n")
    assert ws.languages() == ["python", "rust"]  # worked out once per frontmatter
    ws.invalidate_caches()
    assert ws.languages() == ["go", "python", "rust"]
    assert ws.text == ws.buffer.saved_text  # type: ignore[union-attr]  # the buffer is kept


def test_a_folder_is_recreated_only_once_the_file_is_known_to_be_deleted(
    ws: Workspace, project: Path
) -> None:
    import shutil

    ws.open(HELPER)
    ws.set_field("temperature", 0.5)
    shutil.rmtree(project / "agents/opencode")
    first = ws.save()  # the workspace did not know: a conflict, nothing written
    assert first.state is SaveState.CONFLICT
    assert not (project / "agents/opencode").exists()
    assert ws.buffer is not None and ws.buffer.deleted
    second = ws.save()  # now it knows the file was deleted: saving recreates it
    assert second.state is SaveState.SAVED
    assert "temperature: 0.5" in (project / HELPER).read_text()


def test_a_missing_folder_of_a_file_never_loaded_is_not_created(
    ws: Workspace, project: Path
) -> None:
    ws.open(HELPER)
    ws.set_field("temperature", 0.5)
    assert ws.buffer is not None
    ws.buffer.path = project / "elsewhere" / "helper.md"  # not deleted: just not there
    ws.buffer.saved_sha256 = ""
    assert ws.save(force=True).state is SaveState.FAILED
    assert not (project / "elsewhere").exists()


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_file_or_folder_is_never_written(
    ws: Workspace, project: Path, what: str
) -> None:
    path = project / HELPER
    before = path.read_bytes()
    target = path.parent if what == "folder" else path
    mode = target.stat().st_mode
    ws.open(HELPER)
    ws.set_field("temperature", 0.5)
    target.chmod(mode & ~0o222)
    try:
        assert ws.read_only
        outcome = ws.save()
        assert outcome.state is SaveState.FAILED and "read-only" in outcome.message
        assert ws.save(force=True).state is SaveState.FAILED
        assert path.read_bytes() == before
        assert sorted(p.name for p in path.parent.iterdir()) == ["helper.md"]
    finally:
        target.chmod(mode)
    assert not ws.read_only
    assert ws.save().state is SaveState.SAVED  # writable again: the edit was kept
    assert "temperature: 0.5" in path.read_text()


def test_problems_are_worked_out_once_per_text_and_render(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status line, the problems panel and the error and warning counts each ask after
    every render; the answer is worked out once per (text, render), and follows every
    change of the text even before it is rendered."""
    from agent_workbench.session import diagnose
    from agent_workbench.session import workspace as workspace_module

    calls: list[int] = []
    real = diagnose.file_problems

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(diagnose, "file_problems", counted)
    monkeypatch.setattr(workspace_module, "file_problems", counted, raising=False)
    ws.open(REVIEWER)
    ws.render_now()
    first = ws.diagnostics()
    assert ws.diagnostics() == first and ws.error_count() == ws.warning_count() == 0
    assert len(calls) == 1
    good = ws.text
    ws.set_text(good.replace("description:", "description: [unclosed", 1))  # not rendered yet
    assert ws.error_count() >= 1 and ws.diagnostics()[0].severity.name == "ERROR"
    assert len(calls) == 2
    ws.set_text(good)
    assert ws.diagnostics() == first
    ws.render_now()  # a new render: worked out again
    assert ws.diagnostics() == first and len(calls) == 4
