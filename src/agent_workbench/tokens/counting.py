"""Exact, offline token counts (the same numbers tiktoken gives).

The encodings' rank files come from the ``bpe-openai`` wheel, which ships the
official ``cl100k_base`` and ``o200k_base`` files; each is checked against the
SHA-256 that tiktoken itself expects before use, so a count here is a count
there. Nothing is downloaded, ever. Loading takes a few hundred milliseconds, so
it happens lazily (``preload`` runs it in a background thread).
"""

from __future__ import annotations

import binascii
import contextlib
import gzip
import hashlib
import importlib.util
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from agent_workbench.model.caches import memo

if TYPE_CHECKING:
    import tiktoken

ENCODINGS: tuple[str, ...] = ("o200k_base", "cl100k_base")
DEFAULT_ENCODING = "o200k_base"

# The hashes tiktoken checks its downloads against (tiktoken_ext/openai_public.py).
_EXPECTED_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}

_PATTERNS = {
    "cl100k_base": (
        r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
        r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
    ),
    "o200k_base": "|".join(
        [
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""\p{N}{1,3}""",
            r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
            r"""\s*[\r\n]+""",
            r"""\s+(?!\S)""",
            r"""\s+""",
        ]
    ),
}

_SPECIAL_TOKENS = {
    "cl100k_base": {
        "<|endoftext|>": 100257,
        "<|fim_prefix|>": 100258,
        "<|fim_middle|>": 100259,
        "<|fim_suffix|>": 100260,
        "<|endofprompt|>": 100276,
    },
    "o200k_base": {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
}

_lock = threading.Lock()


class TokenizerError(Exception):
    """The tokenizer data is missing or damaged."""


def _rank_file(name: str) -> Path:
    """The bundled rank file, found without importing ``bpe_openai`` (its import costs ~1 s)."""
    spec = importlib.util.find_spec("bpe_openai")
    if spec is None or not spec.submodule_search_locations:
        raise TokenizerError(f"the {name} rank file is not installed (package bpe-openai)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.tiktoken.gz"
    if not path.is_file():
        raise TokenizerError(f"the {name} rank file is missing from the bpe-openai package")
    return path


def _load_ranks(name: str) -> dict[bytes, int]:
    """The rank file as tiktoken's ``load_tiktoken_bpe`` reads it (``base64-token rank`` per
    line), parsed by C loops: half the time of a Python loop over 200,000 lines."""
    blob = _rank_file(name).read_bytes()
    raw = gzip.decompress(blob)
    if hashlib.sha256(raw).hexdigest() != _EXPECTED_SHA256[name]:
        raise TokenizerError(f"the {name} rank file does not match tiktoken's published hash")
    fields = raw.split()
    return dict(zip(map(binascii.a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


@memo("tokens.encodings", None, resource=True)  # one per encoding name (a closed set)
def _encoding(name: str) -> tiktoken.Encoding:
    import tiktoken

    ranks = _load_ranks(name)
    encoding = tiktoken.Encoding(
        name=name,
        pat_str=_PATTERNS[name],
        mergeable_ranks=ranks,
        special_tokens=_SPECIAL_TOKENS[name],
    )
    # The encoder (tiktoken's Rust core) has copied the ranks into its own tables; the
    # Encoding keeps this dict only to be pickled, which we never do. Emptied, it gives
    # back ~30 MB of the process (200,000 bytes objects for o200k_base).
    ranks.clear()
    return encoding


def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """The tiktoken Encoding for ``name``; loaded on first use, thread-safe."""
    if name not in _PATTERNS:
        raise ValueError(f"unknown encoding {name!r}; choose one of {', '.join(ENCODINGS)}")
    with _lock:
        enc = _encoding(name)
    _loaded.add(name)
    return enc


_loaded: set[str] = set()


def is_loaded(name: str = DEFAULT_ENCODING) -> bool:
    """True once ``name`` has been loaded (counting will not block)."""
    return name in _loaded


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Exact token count of ``text``; special-token text counts as ordinary text."""
    enc = get_encoding(encoding)
    return len(enc.encode_ordinary(text))


def count_many(texts: list[str], encoding: str = DEFAULT_ENCODING) -> list[int]:
    """Counts for many texts at once (tiktoken batches them over threads)."""
    enc = get_encoding(encoding)
    return [len(ids) for ids in enc.encode_ordinary_batch(texts)]


def preload(names: tuple[str, ...] = ENCODINGS) -> threading.Thread:
    """Load encodings in a daemon thread, so the first count later is instant."""

    def work() -> None:
        for name in names:
            with contextlib.suppress(TokenizerError):
                get_encoding(name)

    thread = threading.Thread(target=work, name="tokenizer-preload", daemon=True)
    thread.start()
    return thread
