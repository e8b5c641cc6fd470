"""Atomic writes: old or new on disk, never a mix; mode kept; conflicts by content hash."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from agent_workbench.model.atomic import (
    ConflictError,
    WriteError,
    atomic_write,
    sha256_of,
    sweep_stale_temps,
)


def test_writes_and_keeps_mode_bits(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["agent.md"]


def test_executable_bit_survives(tmp_path: Path) -> None:
    path = tmp_path / "script.md"
    path.write_bytes(b"old")
    path.chmod(0o755)
    atomic_write(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o755


def test_new_file_gets_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_writes_through_a_symlink_keeping_it(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


CHILD_WRITE = """
import os, resource, signal, sys
from agent_workbench.model.atomic import WriteError, atomic_write
if sys.argv[2] == "drop-root" and os.geteuid() == 0:
    os.setgid(65534)
    os.setuid(65534)  # root ignores folder permissions; nobody does not
if sys.argv[2] == "file-size-limit":
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    atomic_write(sys.argv[1], b"new" * 100_000)
except WriteError as exc:
    print(exc.diagnostic.message)
    sys.exit(3)
"""


def _child_write(path: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD_WRITE, str(path), mode],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_read_only_folder_fails_clearly_and_leaves_nothing(tmp_path: Path) -> None:
    base = Path(tempfile.mkdtemp(prefix="wb-ro-"))  # a folder "nobody" can reach
    try:
        base.chmod(0o755)
        folder = base / "ro"
        folder.mkdir()
        path = folder / "agent.md"
        path.write_bytes(b"old")
        path.chmod(0o644)
        folder.chmod(0o555)
        result = _child_write(path, "drop-root")
        assert result.returncode == 3, result.stderr
        assert "permission denied" in result.stdout
        assert "unchanged" in result.stdout
        assert os.listdir(folder) == ["agent.md"]
        assert path.read_bytes() == b"old"
    finally:
        (base / "ro").chmod(0o755)
        shutil.rmtree(base)


def test_full_disk_mid_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    # RLIMIT_FSIZE makes the kernel refuse the write part-way, as a full disk does.
    path = tmp_path / "agent.md"
    path.write_bytes(b"old")
    result = _child_write(path, "file-size-limit")
    assert result.returncode == 3, result.stderr
    assert "unchanged" in result.stdout
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["agent.md"]


def test_missing_folder_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError):
        atomic_write(tmp_path / "nope" / "agent.md", b"x")


def test_conflict_when_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    path.write_bytes(b"loaded")
    loaded = sha256_of(b"loaded")
    path.write_bytes(b"someone else saved")
    os.utime(path, (1, 1))  # an old mtime must not fool the check: content decides
    with pytest.raises(ConflictError) as caught:
        atomic_write(path, b"mine", expected_sha256=loaded)
    assert not caught.value.deleted
    assert path.read_bytes() == b"someone else saved"


def test_same_content_rewritten_is_not_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    path.write_bytes(b"loaded")
    loaded = sha256_of(b"loaded")
    path.write_bytes(b"loaded")  # touched, same bytes
    atomic_write(path, b"mine", expected_sha256=loaded)
    assert path.read_bytes() == b"mine"


def test_deleted_on_disk_is_a_conflict_unless_recreating(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    with pytest.raises(ConflictError) as caught:
        atomic_write(path, b"mine", expected_sha256=sha256_of(b"loaded"))
    assert caught.value.deleted and not path.exists()
    atomic_write(path, b"mine", expected_sha256=None)
    assert path.read_bytes() == b"mine"


WRITER = """
import sys
from agent_workbench.model.atomic import atomic_write
path, a, b = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
print("ready", flush=True)
i = 0
while True:
    atomic_write(path, a if i % 2 else b)
    i += 1
"""


def test_sigkill_mid_write_never_leaves_a_mix(tmp_path: Path) -> None:
    # Two large payloads that differ everywhere: any torn write would show.
    old = b"A" * 3_000_000 + b"\n"
    new = b"B" * 2_000_000 + b"\n"
    (tmp_path / "a.bin").write_bytes(old)
    (tmp_path / "b.bin").write_bytes(new)
    folder = tmp_path / "target"
    folder.mkdir()
    path = folder / "agent.md"
    path.write_bytes(old)
    for iteration in range(200):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(path),
                str(tmp_path / "a.bin"),
                str(tmp_path / "b.bin"),
            ],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        child.stdout.readline()  # the writer is running
        time.sleep((iteration % 7) * 0.002)
        child.send_signal(signal.SIGKILL)
        child.wait()
        data = path.read_bytes()
        assert data in (old, new), f"torn file after kill {iteration}: {len(data)} bytes"
    # Temp files of killed writers may remain (a kill cannot clean up), but never the target.
    assert all(name == "agent.md" or name.endswith(".tmp") for name in os.listdir(folder))


def test_missing_folders_are_recreated_only_below_the_given_root(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    path = root / "agents" / "team" / "agent.md"
    with pytest.raises(WriteError):  # not asked: a missing folder is an error
        atomic_write(path, b"x")
    assert not (root / "agents").exists()
    atomic_write(path, b"mine", make_folders_within=root)
    assert path.read_bytes() == b"mine"
    assert sorted(os.listdir(root / "agents" / "team")) == ["agent.md"]

    outside = tmp_path / "elsewhere" / "agent.md"
    with pytest.raises(WriteError):
        atomic_write(outside, b"x", make_folders_within=root)
    assert not outside.parent.exists()

    gone = tmp_path / "gone"  # the root itself is never recreated
    with pytest.raises(WriteError):
        atomic_write(gone / "agents" / "a.md", b"x", make_folders_within=gone)
    assert not gone.exists()


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def test_sweep_removes_only_our_old_temporary_files(tmp_path: Path) -> None:
    keep = {
        "agent.md": 600,
        ".agent.md.0123456789ab.tmp": 5,  # ours, but a save may still be running
        ".agent.md.0123456789.tmp": 600,  # ten hex digits: not our pattern
        ".agent.md.0123456789AB.tmp": 600,  # upper case: not ours
        "agent.md.0123456789ab.tmp": 600,  # no leading dot
        ".agent.md.0123456789ab.tmp~": 600,
        ".agent.md.0123456789ab.swp": 600,
        "notes.tmp": 600,
    }
    for name, age in keep.items():
        (tmp_path / name).write_bytes(b"data")
        _age(tmp_path / name, age)
    old = tmp_path / ".agent.md.a1b2c3d4e5f6.tmp"
    old.write_bytes(b"half a save")
    _age(old, 600)
    folder = tmp_path / ".x.md.00aa11bb22cc.tmp"  # a folder with our name is not a temp file
    folder.mkdir()
    _age(folder, 600)
    link = tmp_path / ".link.md.ffeeddccbbaa.tmp"
    link.symlink_to(tmp_path / "agent.md")
    _age(link, 600)
    sub = tmp_path / "sub"
    sub.mkdir()
    nested = sub / ".b.md.0123456789ab.tmp"  # sub-folders are not swept unless listed
    nested.write_bytes(b"x")
    _age(nested, 600)

    removed = sweep_stale_temps([tmp_path, tmp_path / "missing"])

    assert removed == [old]
    assert not old.exists()
    assert sorted(os.listdir(tmp_path)) == sorted([*keep, folder.name, link.name, "sub"])
    assert nested.exists()


def test_temp_files_of_killed_saves_are_swept_when_the_project_opens(tmp_path: Path) -> None:
    """The sweep the app runs in the background once its first preview is shown
    (test_app_startup_work.py checks that it does), after real kill -9s."""
    from agent_workbench.session.workspace import Workspace

    root = tmp_path / "project"
    (root / "agents").mkdir(parents=True)
    (root / "agpm.toml").write_text("[project]\n")
    path = root / "agents" / "big.md"
    old, new = b"---\ndescription: A\n---\n" + b"A" * 3_000_000, b"B" * 3_000_000
    path.write_bytes(old)
    (tmp_path / "new.bin").write_bytes(new)
    (tmp_path / "old.bin").write_bytes(old)
    # Kill writers until one leaves its temporary file behind, as kill -9 does.
    for iteration in range(200):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(path),
                str(tmp_path / "old.bin"),
                str(tmp_path / "new.bin"),
            ],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep((iteration % 5) * 0.003)
        child.send_signal(signal.SIGKILL)
        child.wait()
        if any(name.endswith(".tmp") for name in os.listdir(root / "agents")):
            break
    temps = [root / "agents" / n for n in os.listdir(root / "agents") if n.endswith(".tmp")]
    assert temps, "no killed save left a temporary file"
    Workspace.from_target(root)[0].sweep_temp_files()
    assert all(t.exists() for t in temps)  # fresh: a save could still be under way
    for temp in temps:
        _age(temp, 120)
    Workspace.from_target(root)[0].sweep_temp_files()
    assert os.listdir(root / "agents") == ["big.md"]
    assert path.read_bytes() in (old, new)
