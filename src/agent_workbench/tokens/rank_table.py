"""An encoding's ranks as a compact table on disk, mapped rather than loaded.

tiktoken builds its 200,000-entry hash maps (``o200k_base``) at every start: ~0.3 s of
CPU holding the GIL and ~48 MB of memory. The same ranks fit in a ~4 MB file: the token
bytes in one blob, their offsets and ranks as ``uint32`` arrays, and an open-addressing
hash table (``zlib.crc32`` of the bytes, linear probing) of indexes into them. It is
derived once from the installed rank file (``bpe-openai``'s copy, checked against the
SHA-256 tiktoken publishes) and written atomically to the user cache folder
(``$XDG_CACHE_HOME/agent-workbench/``, else ``~/.cache/…``); later starts ``mmap`` it,
so only the pages lookups touch count toward the process's memory.

A table file is never trusted: its header names the format version, the encoding, the
byte order, the SHA-256 of the rank file it came from and of its own body, and any
mismatch (another ``bpe-openai`` release, a truncated or damaged file) rebuilds it. When
the cache folder cannot be written, the table is built in memory and used the same way.
"""

from __future__ import annotations

import binascii
import contextlib
import gzip
import hashlib
import importlib.util
import mmap
import os
import struct
import zlib
from array import array
from pathlib import Path

from agent_workbench.model.atomic import WriteError, atomic_write
from agent_workbench.model.regular_file import open_regular, read_regular

FORMAT_VERSION = 1
_MAGIC = b"AWBPE\x00"
# magic, version, byte-order mark, encoding name (16), source SHA-256, body SHA-256,
# number of tokens, number of slots (a power of two), blob length
_HEADER = struct.Struct("=6sHI16s32s32sIII")
_ORDER_MARK = 0x01020304
CACHE_ENV = "XDG_CACHE_HOME"

# The SHA-256 tiktoken checks its downloads against (tiktoken_ext/openai_public.py).
EXPECTED_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}


class TokenizerError(Exception):
    """The tokenizer data is missing or damaged."""


def rank_file(name: str) -> Path:
    """The bundled rank file, found without importing ``bpe_openai`` (its import costs ~1 s)."""
    spec = importlib.util.find_spec("bpe_openai")
    if spec is None or not spec.submodule_search_locations:
        raise TokenizerError(f"the {name} rank file is not installed (package bpe-openai)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.tiktoken.gz"
    if not path.is_file():
        raise TokenizerError(f"the {name} rank file is missing from the bpe-openai package")
    return path


def parse_ranks(name: str, compressed: bytes) -> dict[bytes, int]:
    """The rank file as tiktoken's ``load_tiktoken_bpe`` reads it (``base64-token rank`` per
    line), checked against tiktoken's published hash, parsed by C loops."""
    raw = gzip.decompress(compressed)
    if hashlib.sha256(raw).hexdigest() != EXPECTED_SHA256[name]:
        raise TokenizerError(f"the {name} rank file does not match tiktoken's published hash")
    fields = raw.split()
    return dict(zip(map(binascii.a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


def cache_folder() -> Path:
    base = os.environ.get(CACHE_ENV) or str(Path.home() / ".cache")
    return Path(base) / "agent-workbench"


def table_path(name: str) -> Path:
    return cache_folder() / f"{name}.v{FORMAT_VERSION}.bpetable"


class RankTable:
    """Token bytes → rank, read from a table file's bytes (mapped or in memory)."""

    def __init__(self, data: mmap.mmap | bytes, *, mapped: bool) -> None:
        self.mapped = mapped
        self._data = data
        (*_, count, slots, _blob_len) = _HEADER.unpack_from(data, 0)
        view = memoryview(data)
        at = _HEADER.size
        self._slots = view[at : at + 4 * slots].cast("I")
        at += 4 * slots
        self._offsets = view[at : at + 4 * (count + 1)].cast("I")
        at += 4 * (count + 1)
        self._ranks = view[at : at + 4 * count].cast("I")
        at += 4 * count
        self._blob_at = at
        self._mask = slots - 1
        self.size = count

    def rank(self, token: bytes) -> int | None:
        """The rank of ``token``, or None when it is not a token."""
        slots, offsets, data, base, mask = (
            self._slots,
            self._offsets,
            self._data,
            self._blob_at,
            self._mask,
        )
        slot = zlib.crc32(token) & mask
        size = len(token)
        while True:
            index = slots[slot]
            if not index:
                return None
            start = offsets[index - 1]
            end = offsets[index]
            if end - start == size and data[base + start : base + end] == token:
                return int(self._ranks[index - 1])
            slot = (slot + 1) & mask


def build_table(name: str, source_sha256: bytes, ranks: dict[bytes, int]) -> bytes:
    """The table file's bytes for ``ranks`` (tokens in rank order)."""
    tokens = sorted(ranks, key=ranks.__getitem__)
    slots = 1 << max(4, (2 * len(tokens)).bit_length())  # load factor under a half
    mask = slots - 1
    table = array("I", bytes(4 * slots))
    offsets = array("I", [0])
    position = 0
    for index, token in enumerate(tokens, start=1):
        position += len(token)
        offsets.append(position)
        slot = zlib.crc32(token) & mask
        while table[slot]:
            slot = (slot + 1) & mask
        table[slot] = index
    rank_values = array("I", (ranks[token] for token in tokens))
    blob = b"".join(tokens)
    body = table.tobytes() + offsets.tobytes() + rank_values.tobytes() + blob
    header = _HEADER.pack(
        _MAGIC,
        FORMAT_VERSION,
        _ORDER_MARK,
        name.encode("ascii"),
        source_sha256,
        hashlib.sha256(body).digest(),
        len(tokens),
        slots,
        len(blob),
    )
    return header + body


def _valid(data: bytes | mmap.mmap, name: str, source_sha256: bytes, body_sha256: bytes) -> bool:
    if len(data) < _HEADER.size:
        return False
    magic, version, order, stored_name, source, body, count, slots, blob_len = _HEADER.unpack_from(
        data, 0
    )
    expected_size = _HEADER.size + 4 * slots + 4 * (2 * count + 1) + blob_len
    return (
        magic == _MAGIC
        and version == FORMAT_VERSION
        and order == _ORDER_MARK
        and stored_name.rstrip(b"\x00") == name.encode("ascii")
        and source == source_sha256
        and body == body_sha256
        and slots & (slots - 1) == 0
        and len(data) == expected_size
    )


def _map_cached(path: Path, name: str, source_sha256: bytes) -> RankTable | None:
    """The cached table at ``path`` when it is whole and from this source, else None."""
    try:
        with open_regular(path) as file:  # a FIFO planted there must not hang the start
            file.seek(_HEADER.size)
            body_digest = hashlib.file_digest(file, "sha256").digest()
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, not a regular file, empty
        return None
    if not _valid(mapped, name, source_sha256, body_digest):
        mapped.close()
        return None
    return RankTable(mapped, mapped=True)


def load_table(name: str) -> RankTable:
    """``name``'s table: mapped from the cache, else built from the rank file (and cached)."""
    if name not in EXPECTED_SHA256:
        raise TokenizerError(f"no rank file is known for {name}")
    compressed = read_regular(rank_file(name))
    source_sha256 = hashlib.sha256(compressed).digest()
    path = table_path(name)
    cached = _map_cached(path, name, source_sha256)
    if cached is not None:
        return cached
    data = build_table(name, source_sha256, parse_ranks(name, compressed))
    with contextlib.suppress(WriteError, OSError):
        if path.is_symlink():  # written through, it would overwrite whatever it names
            return RankTable(data, mapped=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
        cached = _map_cached(path, name, source_sha256)
        if cached is not None:
            return cached
    return RankTable(data, mapped=False)
