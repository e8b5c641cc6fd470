"""Keeping a workspace in step with the disk, headless: real files, a real watcher."""

from __future__ import annotations

import os
import queue
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent_workbench.follow.watcher import ChangeBatch
from agent_workbench.session.disk_sync import DiskSync, OpenAgentChange, SyncReport
from agent_workbench.session.workspace import SaveState, Workspace
from conftest import GUIDE_AGENT

TIMEOUT = 20.0


class Harness:
    """A workspace with its DiskSync, batches applied on this (the "UI") thread."""

    def __init__(self, root: Path) -> None:
        from agent_workbench.model.project import Project

        self.root = root
        self.workspace = Workspace(Project.open(root))
        self.sync = DiskSync(self.workspace)
        self.batches: queue.Queue[ChangeBatch] = queue.Queue()
        self.reports: list[SyncReport] = []
        self.sync.start(self.batches.put)

    def pump(self, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            left = deadline - time.monotonic()
            assert left > 0, f"condition not met; reports: {self.reports}"
            try:
                batch = self.batches.get(timeout=min(left, 0.2))
            except queue.Empty:
                continue
            self.reports.append(self.sync.apply(batch))

    def saw(self, change: OpenAgentChange) -> bool:
        return any(r.open_agent is change for r in self.reports)


@pytest.fixture
def h(make_project: Callable[..., Path]) -> Iterator[Harness]:
    root = make_project(
        {
            "agents/a.md": GUIDE_AGENT,
            "agents/b.md": GUIDE_AGENT.replace("description: A", "description: B"),
            "agents/plain.md": "---\ndescription: plain\n---\nNo deps\n",
            "snippets/python.md": "Use type hints.\n",
            "snippets/rust.md": "Use clippy.\n",
        }
    )
    harness = Harness(root)
    # Both agents have been rendered once (the app does this for the browser's counts).
    harness.workspace.open("agents/b.md")
    harness.workspace.render_now()
    harness.workspace.open("agents/a.md")
    harness.workspace.render_now()
    yield harness
    harness.sync.detach()


def test_external_edit_of_a_clean_buffer_reloads_it(h: Harness) -> None:
    (h.root / "agents/a.md").write_text(GUIDE_AGENT + "More.\n")
    h.pump(lambda: h.saw(OpenAgentChange.RELOADED))
    assert h.workspace.text == GUIDE_AGENT + "More.\n"
    assert not h.workspace.dirty
    assert h.reports[-1].rerender_open


def test_external_edit_with_unsaved_changes_is_a_conflict_that_loses_nothing(h: Harness) -> None:
    h.workspace.set_text(GUIDE_AGENT + "Mine.\n")
    (h.root / "agents/a.md").write_text(GUIDE_AGENT + "Theirs.\n")
    h.pump(lambda: h.saw(OpenAgentChange.CONFLICT))
    conflict = h.sync.conflict
    assert conflict is not None
    assert h.workspace.text == GUIDE_AGENT + "Mine.\n"
    assert (h.root / "agents/a.md").read_text() == GUIDE_AGENT + "Theirs.\n"
    assert "-Theirs." in conflict.diff() and "+Mine." in conflict.diff()

    # An ordinary save now is refused: the disk is not what was loaded.
    outcome = h.workspace.save()
    assert outcome.state is SaveState.CONFLICT
    assert (h.root / "agents/a.md").read_text() == GUIDE_AGENT + "Theirs.\n"

    assert h.sync.keep_mine().ok
    assert (h.root / "agents/a.md").read_text() == GUIDE_AGENT + "Mine.\n"
    assert h.sync.conflict is None


def test_take_the_disks_version(h: Harness) -> None:
    h.workspace.set_text(GUIDE_AGENT + "Mine.\n")
    (h.root / "agents/a.md").write_text(GUIDE_AGENT + "Theirs.\n")
    h.pump(lambda: h.saw(OpenAgentChange.CONFLICT))
    assert h.sync.take_disk()
    assert h.workspace.text == GUIDE_AGENT + "Theirs.\n"
    assert not h.workspace.dirty
    assert h.workspace.save().state is SaveState.UNCHANGED


def test_save_after_an_unnoticed_external_change_is_a_conflict(h: Harness) -> None:
    h.sync.stop()  # the watcher has not told us: the save itself must notice
    h.workspace.set_text(GUIDE_AGENT + "Mine.\n")
    (h.root / "agents/a.md").write_text(GUIDE_AGENT + "Theirs.\n")
    assert h.workspace.save().state is SaveState.CONFLICT
    assert h.sync.conflict is not None
    assert h.sync.conflict.disk_text == GUIDE_AGENT + "Theirs.\n"
    assert (h.root / "agents/a.md").read_text() == GUIDE_AGENT + "Theirs.\n"


def test_merge_in_editor_opens_both_and_keeps_what_the_author_left(
    h: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h.workspace.set_text(GUIDE_AGENT + "Mine.\n")
    (h.root / "agents/a.md").write_text(GUIDE_AGENT + "Theirs.\n")
    h.pump(lambda: h.saw(OpenAgentChange.CONFLICT))
    # A real program as $EDITOR: merges the two files into the second (the buffer's copy).
    script = tmp_path / "merge_editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "disk, mine = map(pathlib.Path, sys.argv[1:3])\n"
        "merged = disk.read_text() + mine.read_text().splitlines()[-1] + '\\n'\n"
        "mine.write_text(merged)\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    assert h.sync.merge_in_editor()
    assert h.workspace.text == GUIDE_AGENT + "Theirs.\nMine.\n"
    assert h.sync.conflict is None
    assert h.workspace.save().state is SaveState.SAVED
    assert (h.root / "agents/a.md").read_text() == GUIDE_AGENT + "Theirs.\nMine.\n"


def test_deleted_with_unsaved_changes_keeps_the_text_and_saving_recreates(h: Harness) -> None:
    h.workspace.set_text(GUIDE_AGENT + "Mine.\n")
    (h.root / "agents/a.md").unlink()
    h.pump(lambda: h.saw(OpenAgentChange.DELETED))
    assert h.workspace.buffer is not None and h.workspace.buffer.deleted
    assert h.workspace.text == GUIDE_AGENT + "Mine.\n"
    assert "agents/a.md" in h.reports[-1].resources_deleted
    assert h.workspace.save().state is SaveState.SAVED
    assert (h.root / "agents/a.md").read_text() == GUIDE_AGENT + "Mine.\n"


def test_deleted_and_recreated_reloads(h: Harness) -> None:
    (h.root / "agents/a.md").unlink()
    h.pump(lambda: h.saw(OpenAgentChange.DELETED))
    (h.root / "agents/a.md").write_text(GUIDE_AGENT + "Back.\n")
    h.pump(lambda: h.saw(OpenAgentChange.RECREATED))
    assert h.workspace.text == GUIDE_AGENT + "Back.\n"
    assert h.workspace.buffer is not None and not h.workspace.buffer.deleted


def test_rename_is_followed(h: Harness) -> None:
    h.workspace.set_text(GUIDE_AGENT + "Mine.\n")
    os.rename(h.root / "agents/a.md", h.root / "agents/alpha.md")
    h.pump(lambda: h.saw(OpenAgentChange.RENAMED))
    assert h.workspace.rel == "agents/alpha.md"
    assert h.reports[-1].renamed_from == "agents/a.md"
    assert ("agents/a.md", "agents/alpha.md") in h.reports[-1].resources_renamed
    assert h.workspace.save().state is SaveState.SAVED
    assert (h.root / "agents/alpha.md").read_text() == GUIDE_AGENT + "Mine.\n"
    assert not (h.root / "agents/a.md").exists()


def test_snippet_change_rerenders_the_open_agent_and_marks_others_stale(h: Harness) -> None:
    (h.root / "snippets/python.md").write_text("Use type hints everywhere.\n")
    h.pump(lambda: any(r.rerender_open for r in h.reports))
    report = h.reports[-1]
    # the other agent reading it, and the snippet's own line in the browser (its count)
    assert report.stale == {"agents/b.md", "snippets/python.md"}
    assert h.sync.stale == {"agents/b.md", "snippets/python.md"}
    outcome = h.workspace.render_now()
    assert outcome.result.body is not None and "everywhere" in outcome.result.body

    # A snippet of another language affects nobody rendered in Python.
    h.reports.clear()
    (h.root / "snippets/rust.md").write_text("Use clippy, always.\n")
    (h.root / "agents/plain.md").write_text("---\ndescription: plain\n---\nStill none\n")
    h.pump(lambda: any("agents/plain.md" in r.batch.paths for r in h.reports))
    assert not any(r.rerender_open for r in h.reports)


def test_new_agent_file_appears(h: Harness) -> None:
    (h.root / "agents/new.md").write_text("---\ndescription: new\n---\nHi\n")
    h.pump(lambda: any(r.resources_added for r in h.reports))
    assert h.reports[-1].resources_added == {"agents/new.md"}
    assert "agents/new.md" in h.sync.stale


def test_own_save_does_not_reload(h: Harness) -> None:
    h.workspace.set_text(GUIDE_AGENT + "Saved here.\n")
    assert h.workspace.save().state is SaveState.SAVED
    (h.root / "snippets/rust.md").write_text("sentinel\n")
    h.pump(lambda: any("snippets/rust.md" in r.batch.paths for r in h.reports))
    assert all("agents/a.md" not in r.batch.paths for r in h.reports)
    assert not any(r.open_agent is not OpenAgentChange.NONE for r in h.reports)


def test_agpm_toml_change_switches_the_default_language(h: Harness) -> None:
    assert h.workspace.language == "python"
    (h.root / "agpm.toml").write_text('[project]\nlanguage = "rust"\n')
    h.pump(lambda: any(r.config_changed for r in h.reports))
    report = h.reports[-1]
    assert report.language_changed and report.rerender_open
    assert h.workspace.project.default_language == "rust"
    assert h.workspace.language == "rust"
    outcome = h.workspace.render_now()
    assert outcome.result.body is not None and "clippy" in outcome.result.body


def test_disk_version_that_is_not_utf8_never_replaces_the_buffer(h: Harness) -> None:
    (h.root / "agents/a.md").write_bytes(b"---\ndescription: \xff\n---\n")
    h.pump(lambda: h.saw(OpenAgentChange.CONFLICT))
    assert h.workspace.text == GUIDE_AGENT
    assert h.sync.conflict is not None and "\ufffd" in h.sync.conflict.diff()
    assert not h.sync.take_disk()
    assert h.workspace.text == GUIDE_AGENT


def test_a_new_snippet_language_is_offered_once_it_appears(h: Harness) -> None:
    assert h.workspace.languages() == ["python", "rust"]
    (h.root / "snippets/go.md").write_text("Use gofmt.\n")
    h.pump(lambda: any("snippets/go.md" in r.batch.paths for r in h.reports))
    assert h.workspace.languages() == ["go", "python", "rust"]
    (h.root / "snippets/rust.md").unlink()
    h.pump(lambda: any("snippets/rust.md" in r.batch.deleted for r in h.reports))
    assert h.workspace.languages() == ["go", "python"]


def test_snippet_change_updates_the_change_since_save(h: Harness) -> None:
    # The count of the saved text is cached; a changed snippet must not leave it behind.
    h.workspace.set_text(GUIDE_AGENT + "One more line.\n")
    before = h.workspace.render_now()
    assert before.saved_tokens is not None
    (h.root / "snippets/python.md").write_text("Use type hints. " * 40 + "\n")
    h.pump(lambda: any(r.rerender_open for r in h.reports))
    after = h.workspace.render_now()
    assert after.saved_tokens is not None
    assert after.saved_tokens.body > before.saved_tokens.body + 100
    assert h.workspace.token_change() == after.tokens.total - after.saved_tokens.total  # type: ignore[union-attr]


def test_saving_an_agent_whose_folder_was_deleted_recreates_the_folder(
    make_project: Callable[..., Path],
) -> None:
    import shutil

    root = make_project({"agents/team/a.md": GUIDE_AGENT, "snippets/python.md": "Hints.\n"})
    harness = Harness(root)
    try:
        harness.workspace.open("agents/team/a.md")
        harness.workspace.set_text(GUIDE_AGENT + "Mine.\n")
        shutil.rmtree(root / "agents")
        harness.pump(lambda: harness.saw(OpenAgentChange.DELETED))
        assert harness.workspace.save().state is SaveState.SAVED
        assert (root / "agents/team/a.md").read_text() == GUIDE_AGENT + "Mine.\n"
        assert os.listdir(root / "agents/team") == ["a.md"]
    finally:
        harness.sync.detach()


def test_disjoint_changes_merge_and_saving_writes_both_byte_for_byte(h: Harness) -> None:
    # A CRLF file with a BOM: the merge keeps both, and the save writes them unchanged.
    path = h.root / "agents/a.md"
    base = "\ufeff" + GUIDE_AGENT.replace("\n", "\r\n") + "Line one.\r\nLine two.\r\n"
    path.write_bytes(base.encode())
    h.pump(lambda: h.saw(OpenAgentChange.RELOADED))
    loaded = h.workspace.text
    h.workspace.set_text(loaded.replace("description: A", "description: Mine"))
    theirs = base.replace("Line two.", "Their line two.")
    path.write_bytes(theirs.encode())
    h.pump(lambda: h.saw(OpenAgentChange.CONFLICT))
    conflict = h.sync.conflict
    assert conflict is not None and conflict.merge.ok and conflict.why_no_merge is None
    # The merged result against the disk: only my change remains to be written.
    assert "-description: A" in conflict.merged_diff()
    assert "Their line two." not in conflict.merged_diff().replace(" Their line two.", "")

    assert h.sync.merge()
    assert h.sync.conflict is None
    assert h.workspace.dirty  # loaded, not written: the author saves it
    assert path.read_bytes() == theirs.encode()
    assert h.workspace.save().state is SaveState.SAVED
    assert path.read_bytes() == theirs.replace("description: A", "description: Mine").encode()
    h.workspace.undo()  # the merge was one step: undo gives the disk's version back
    assert h.workspace.text == theirs.removeprefix("\ufeff")


def test_overlapping_changes_offer_no_merge_and_say_why(h: Harness) -> None:
    path = h.root / "agents/a.md"
    h.workspace.set_text(GUIDE_AGENT.replace("description: A", "description: Mine"))
    path.write_text(GUIDE_AGENT.replace("description: A", "description: Theirs"))
    h.pump(lambda: h.saw(OpenAgentChange.CONFLICT))
    conflict = h.sync.conflict
    assert conflict is not None and not conflict.merge.ok
    assert conflict.why_no_merge == (
        "No merge: you and the disk both change line 2 (your line 2, disk's line 2)."
    )
    assert not h.sync.merge()
    assert h.workspace.text == GUIDE_AGENT.replace("description: A", "description: Mine")
    assert path.read_text() == GUIDE_AGENT.replace("description: A", "description: Theirs")


def test_a_merge_refuses_when_the_disk_changed_again_since_it_was_shown(h: Harness) -> None:
    path = h.root / "agents/a.md"
    h.sync.stop()  # batches are not applied here: the merge itself must notice
    h.workspace.set_text(GUIDE_AGENT + "Mine.\n")
    path.write_text(GUIDE_AGENT.replace("description: A", "description: Theirs"))
    assert h.workspace.save().state is SaveState.CONFLICT
    shown = h.sync.conflict
    assert shown is not None and shown.merge.ok
    again = GUIDE_AGENT.replace("description: A", "description: Theirs, again")
    path.write_text(again)
    assert not h.sync.merge()
    assert h.workspace.text == GUIDE_AGENT + "Mine.\n"
    assert h.sync.conflict is not None and h.sync.conflict.disk_text == again
    assert h.sync.merge()
    assert h.workspace.text == again + "Mine.\n"
