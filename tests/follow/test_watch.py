"""The project watcher, driven by real file writes from outside (no mocked events).

Every test waits for a condition with a generous timeout; none asserts a timing.
To show that something is *not* reported, a test makes a harmless change to a
sentinel file afterwards and checks that the sentinel arrives alone.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent_workbench.follow.watcher import (
    ChangeBatch,
    ProjectWatcher,
    is_noise_name,
    is_noise_rel,
    watch_project,
)
from agent_workbench.model.atomic import atomic_write, sha256_of

TIMEOUT = 20.0


class Recorder:
    def __init__(self, watcher: ProjectWatcher) -> None:
        self.watcher = watcher
        self.batches: list[ChangeBatch] = []

    def wait(self, condition: Callable[[list[ChangeBatch]], bool]) -> list[ChangeBatch]:
        deadline = time.monotonic() + TIMEOUT
        while not condition(self.batches):
            left = deadline - time.monotonic()
            assert left > 0, f"condition not met; batches so far: {self.batches}"
            batch = self.watcher.next_batch(timeout=min(left, 0.5))
            if batch is not None:
                self.batches.append(batch)
        return self.batches

    def wait_for_path(self, rel: str) -> list[ChangeBatch]:
        return self.wait(lambda bs: any(rel in b.paths for b in bs))

    def all_paths(self) -> set[str]:
        return {p for b in self.batches for p in b.paths}


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "agents/a.md": "---\ndescription: A\n---\nHello\n",
            "agents/b.md": "---\ndescription: B\n---\nBee\n",
            "snippets/python.md": "Use type hints.\n",
            "sentinel.txt": "0",
        }
    )


@pytest.fixture
def rec(project: Path) -> Iterator[Recorder]:
    watcher = ProjectWatcher(project).start()
    try:
        yield Recorder(watcher)
    finally:
        watcher.stop()
    assert watcher.error is None


def poke_sentinel(project: Path) -> None:
    path = project / "sentinel.txt"
    path.write_text(str(int(path.read_text()) + 1))


def only_sentinel_after(rec: Recorder, project: Path) -> None:
    rec.batches.clear()
    poke_sentinel(project)
    rec.wait_for_path("sentinel.txt")
    assert rec.all_paths() == {"sentinel.txt"}, rec.batches


def test_plain_modify(rec: Recorder, project: Path) -> None:
    (project / "agents/a.md").write_text("---\ndescription: A\n---\nHello there\n")
    batches = rec.wait_for_path("agents/a.md")
    assert batches[-1].modified == {"agents/a.md"}
    assert not batches[-1].added and not batches[-1].deleted and not batches[-1].renamed
    assert not batches[-1].agpm_toml_changed


def test_atomic_rename_save_is_one_modification(rec: Recorder, project: Path) -> None:
    temp = project / "agents" / ".a.md.tmp-editor"
    temp.write_text("new body\n")
    os.replace(temp, project / "agents/a.md")
    batches = rec.wait_for_path("agents/a.md")
    assert [b.modified for b in batches] == [{"agents/a.md"}]
    assert rec.all_paths() == {"agents/a.md"}


def test_delete_then_create_in_one_burst_is_a_modification(rec: Recorder, project: Path) -> None:
    path = project / "snippets/python.md"
    path.unlink()
    path.write_text("Use type hints everywhere.\n")
    batches = rec.wait_for_path("snippets/python.md")
    assert batches[-1].modified == {"snippets/python.md"}
    assert rec.all_paths() == {"snippets/python.md"}


def test_vim_style_save_with_noise_files(rec: Recorder, project: Path) -> None:
    agents = project / "agents"
    # vim: probe file, swap file, backup by rename, write the new file, drop the backup.
    (agents / "4913").write_text("")
    (agents / "4913").unlink()
    (agents / ".a.md.swp").write_bytes(b"\x00swap")
    os.rename(agents / "a.md", agents / "a.md~")
    (agents / "a.md").write_text("---\ndescription: A\n---\nEdited in vim\n")
    (agents / "a.md~").unlink()
    (agents / ".a.md.swx").write_bytes(b"x")
    (agents / ".#a.md").write_text("lock")
    batches = rec.wait_for_path("agents/a.md")
    assert batches[-1].modified == {"agents/a.md"}
    (agents / ".a.md.swp").unlink()
    only_sentinel_after(rec, project)


def test_touch_and_identical_rewrite_are_not_changes(rec: Recorder, project: Path) -> None:
    path = project / "agents/b.md"
    os.utime(path)
    path.write_bytes(path.read_bytes())
    only_sentinel_after(rec, project)


def test_delete_then_recreate(rec: Recorder, project: Path) -> None:
    path = project / "agents/b.md"
    content = path.read_bytes()
    path.unlink()
    batches = rec.wait_for_path("agents/b.md")
    assert batches[-1].deleted == {"agents/b.md"}
    path.write_bytes(content + b"again\n")
    rec.wait(lambda bs: len(bs) >= 2)
    assert rec.batches[1].added == {"agents/b.md"}


def test_rename_is_detected_by_content(rec: Recorder, project: Path) -> None:
    os.rename(project / "agents/a.md", project / "agents/alpha.md")
    batches = rec.wait_for_path("agents/alpha.md")
    assert batches[-1].renamed == {("agents/a.md", "agents/alpha.md")}
    assert batches[-1].renamed_to("agents/a.md") == "agents/alpha.md"
    assert not batches[-1].added and not batches[-1].deleted


def test_folder_renamed_moves_every_file_inside(rec: Recorder, project: Path) -> None:
    os.rename(project / "snippets", project / "shared-snippets")
    rec.wait_for_path("shared-snippets/python.md")
    renamed = {pair for b in rec.batches for pair in b.renamed}
    assert ("snippets/python.md", "shared-snippets/python.md") in renamed


def test_burst_of_500_writes_is_one_batch(rec: Recorder, project: Path) -> None:
    folder = project / "agents" / "generated"
    folder.mkdir()
    for index in range(500):
        (folder / f"agent-{index:03}.md").write_text(f"---\ndescription: {index}\n---\nBody\n")
    expected = {f"agents/generated/agent-{index:03}.md" for index in range(500)}
    batches = rec.wait(lambda bs: expected <= {p for b in bs for p in b.paths})
    assert len(batches) == 1
    assert batches[0].added == expected


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        },
    )


def test_git_checkout_touching_500_files_is_one_batch(project: Path) -> None:
    for index in range(500):
        (project / "snippets" / f"s{index:03}.md").write_text(f"snippet {index}\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "one")
    git(project, "checkout", "-q", "-b", "other")
    for index in range(500):
        (project / "snippets" / f"s{index:03}.md").write_text(f"snippet {index} changed\n")
    git(project, "commit", "-q", "-am", "two")
    git(project, "checkout", "-q", "main")
    with ProjectWatcher(project) as watcher:
        rec = Recorder(watcher)
        git(project, "checkout", "-q", "other")
        expected = {f"snippets/s{index:03}.md" for index in range(500)}
        batches = rec.wait(lambda bs: expected <= {p for b in bs for p in b.paths})
        assert len(batches) == 1
        assert batches[0].modified == expected
        assert not any(p.startswith(".git/") for p in batches[0].paths)


def test_own_save_is_suppressed_but_an_outside_save_is_not(rec: Recorder, project: Path) -> None:
    path = project / "agents/a.md"
    data = b"---\ndescription: saved by the app\n---\nBody\n"
    rec.watcher.expect_write("agents/a.md", sha256_of(data))
    atomic_write(path, data)
    only_sentinel_after(rec, project)
    assert rec.watcher.known_sha256("agents/a.md") == sha256_of(data)

    path.write_bytes(b"---\ndescription: saved elsewhere\n---\nBody\n")
    batches = rec.wait_for_path("agents/a.md")
    assert batches[-1].modified == {"agents/a.md"}


def test_agpm_toml_change_is_flagged(rec: Recorder, project: Path) -> None:
    (project / "agpm.toml").write_text('[project]\nlanguage = "rust"\n')
    batches = rec.wait_for_path("agpm.toml")
    assert batches[-1].agpm_toml_changed
    assert batches[-1].modified == {"agpm.toml"}


def test_ignored_folders_are_not_reported(rec: Recorder, project: Path) -> None:
    (project / ".git").mkdir()
    (project / ".git" / "index").write_text("x")
    (project / "__pycache__").mkdir()
    (project / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\x00")
    only_sentinel_after(rec, project)


def test_a_writer_in_another_process_is_seen(rec: Recorder, project: Path) -> None:
    target = project / "snippets" / "python.md"
    subprocess.run(
        [sys.executable, "-c", f"open({str(target)!r}, 'w').write('from a subprocess')"],
        check=True,
    )
    batches = rec.wait_for_path("snippets/python.md")
    assert batches[-1].modified == {"snippets/python.md"}


async def test_async_iterator(project: Path) -> None:
    async def first_batch() -> ChangeBatch:
        async for batch in watch_project(project):
            return batch
        raise AssertionError("watch ended")

    task = asyncio.create_task(first_batch())
    # The watcher needs to be in place before the write; retry the write until seen.
    for attempt in range(200):
        (project / "agents/b.md").write_text(f"v{attempt}\n")
        done, _ = await asyncio.wait({task}, timeout=0.1)
        if done:
            break
    batch = await asyncio.wait_for(task, TIMEOUT)
    assert batch.modified == {"agents/b.md"}


@pytest.mark.parametrize(
    ("name", "noise"),
    [
        (".a.md.swp", True),
        (".a.md.swx", True),
        (".a.md.svz", True),
        ("notes.swp.md", False),
        ("a.md~", True),
        (".#a.md", True),
        ("4913", True),
        ("5036", True),
        ("#a.md#", True),
        (".a.md.0123456789ab.tmp", True),
        ("a.md", False),
        ("4914", False),
        ("notes.tmp", False),
    ],
)
def test_noise_names(name: str, noise: bool) -> None:
    assert is_noise_name(name) is noise


def test_noise_folders() -> None:
    assert is_noise_rel(".git/index")
    assert is_noise_rel("agents/__pycache__/x.py")
    assert not is_noise_rel("agents/git/x.md")
