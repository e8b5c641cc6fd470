"""The user's keymap file: ids → keys; a file that cannot be used says where and why
(path:line), never a traceback, and the app does not start with half a keymap."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from agent_workbench.app.keymap_file import KeymapError, keymap_path, load_keymap
from agent_workbench.app.keys import binding_ids
from app_project import write_project

IDS = binding_ids()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_lives_under_xdg_config_home(tmp_path: Path) -> None:
    assert keymap_path({"XDG_CONFIG_HOME": str(tmp_path)}) == (
        tmp_path / "agent-workbench" / "keymap.toml"
    )
    assert keymap_path({}) == Path.home() / ".config" / "agent-workbench" / "keymap.toml"


def test_no_file_is_no_keymap(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "missing.toml", IDS) == {}


def test_ids_map_to_keys_one_or_several(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '# my keys\nsave = "ctrl+w"\ntoggle-form = "f10, alt+f"\nhelp = ["f1", "question_mark"]\n',
    )
    assert load_keymap(path, IDS) == {
        "save": "ctrl+w",
        "toggle-form": "f10,alt+f",
        "help": "f1,question_mark",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('save = "ctrl+w"\ntoggle-form = f10\n', ":2:15: Invalid value"),
        (
            'save = "ctrl+w"\n\nsav = "f2"\n',
            ":3: `sav` is not a key id of the workbench (did you mean `save`?)",
        ),
        (
            'save = "ctrl+w"\ntokens = 3\n',
            ':2: `tokens` needs keys as text, e.g. tokens = "ctrl+w"',
        ),
        ('save = "control+w"\n', ":1: `save`: `control+w`: unknown modifier `control`"),
        ('save = "ctrl+wq"\n', ":1: `save`: `ctrl+wq`: unknown key `wq`"),
    ],
)
def test_a_bad_file_says_where_and_why(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(KeymapError) as caught:
        load_keymap(path, IDS)
    message = str(caught.value)
    assert message.startswith(f"{path}:"), message
    assert expected in message, message


def test_workbench_with_a_bad_keymap_exits_1_with_the_message(tmp_path: Path) -> None:
    """A real terminal (a pty), a real process: the message, exit 1, no traceback."""
    project = write_project(tmp_path / "project")
    config = tmp_path / "config"
    (config / "agent-workbench").mkdir(parents=True)
    keymap = config / "agent-workbench" / "keymap.toml"
    keymap.write_text('save = "ctrl+w"\nfrom = "f2"\n', encoding="utf-8")
    main, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "agent_workbench", str(project)],
            stdin=secondary,
            stdout=secondary,
            stderr=subprocess.PIPE,
            env={**os.environ, "XDG_CONFIG_HOME": str(config), "TERM": "xterm"},
            timeout=60,
            text=True,
        )
    finally:
        os.close(secondary)
        os.close(main)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"workbench: {keymap}:2: `from` is not a key id"), proc.stderr
