"""The rank table on disk: derived once from the installed rank file, mapped after, and
never trusted when it does not match (damaged, truncated, from another rank file)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent_workbench.tokens.rank_table import (
    RankTable,
    load_table,
    parse_ranks,
    rank_file,
    table_path,
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "agent-workbench"


def _answers(table: RankTable) -> list[int | None]:
    probes = [b"hello", b" world", b"\xe6\x97\xa5", b"=" * 64, b"not-a-token-xyzzy", b"", b"a"]
    return [table.rank(probe) for probe in probes]


def test_every_token_of_the_rank_file_has_its_rank(cache: Path) -> None:
    ranks = parse_ranks("cl100k_base", rank_file("cl100k_base").read_bytes())
    table = load_table("cl100k_base")
    assert table.size == len(ranks)
    assert all(table.rank(token) == rank for token, rank in ranks.items())
    assert table.rank(b"not-a-token-xyzzy") is None
    assert table.rank(b"") is None


def test_the_first_load_writes_the_table_and_later_ones_map_it(cache: Path) -> None:
    first = load_table("cl100k_base")
    path = table_path("cl100k_base")
    assert path.parent == cache and path.is_file()
    written = path.stat().st_mtime_ns
    again = load_table("cl100k_base")
    assert again.mapped
    assert path.stat().st_mtime_ns == written  # read, not rebuilt
    assert _answers(again) == _answers(first)


@pytest.mark.parametrize(
    "damage",
    ["flip a body byte", "truncate", "another rank file", "empty", "another version"],
)
def test_a_damaged_or_mismatched_table_is_rebuilt(cache: Path, damage: str) -> None:
    good = _answers(load_table("cl100k_base"))
    path = table_path("cl100k_base")
    data = bytearray(path.read_bytes())
    if damage == "flip a body byte":
        data[len(data) // 2] ^= 0xFF
    elif damage == "truncate":
        del data[len(data) - 100 :]
    elif damage == "another rank file":
        data[32] ^= 0x01  # inside the source SHA-256 of the header
    elif damage == "empty":
        data = bytearray()
    else:
        data[6] += 1  # the format version
    path.write_bytes(bytes(data))
    table = load_table("cl100k_base")
    assert _answers(table) == good
    assert table.mapped
    rebuilt = path.read_bytes()
    assert rebuilt != bytes(data) and len(rebuilt) > 1_000_000


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only modes")
def test_a_read_only_cache_folder_builds_the_table_in_memory(cache: Path) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o555)
    try:
        table = load_table("cl100k_base")
    finally:
        cache.chmod(0o755)
    assert not table.mapped
    assert table.rank(b"hello") is not None


def test_a_cache_folder_that_cannot_exist_builds_the_table_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    table = load_table("cl100k_base")
    assert not table.mapped
    ranks = parse_ranks("cl100k_base", rank_file("cl100k_base").read_bytes())
    assert table.rank(b"hello") == ranks[b"hello"]
    assert table.rank(b" world") == ranks[b" world"]


@pytest.mark.timeout(60)
def test_a_named_pipe_in_place_of_the_table_neither_hangs_nor_is_read(cache: Path) -> None:
    cache.mkdir(parents=True)
    os.mkfifo(table_path("cl100k_base"))
    table = load_table("cl100k_base")  # opening a FIFO to read would wait for a writer
    assert not table.mapped and table.rank(b"hello") is not None
    assert table_path("cl100k_base").is_fifo()


def test_a_symlink_in_place_of_the_table_is_not_written_through(
    cache: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("not a token table\n")
    cache.mkdir(parents=True)
    table_path("cl100k_base").symlink_to(elsewhere)
    table = load_table("cl100k_base")
    assert not table.mapped and table.rank(b"hello") is not None
    assert elsewhere.read_text() == "not a token table\n"
