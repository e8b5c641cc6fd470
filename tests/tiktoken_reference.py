"""tiktoken itself, the reference every count of ours is held to (a test dependency).

Built from the same hash-checked rank files the app reads (``tiktoken.get_encoding``
would try to download them), with the encoding's own pattern and no special tokens:
``encode_ordinary`` counts special-token text as ordinary text, as the app does.
"""

from __future__ import annotations

from typing import Any

from agent_workbench.tokens.counting import _PATTERNS
from agent_workbench.tokens.rank_table import parse_ranks, rank_file

_LOADED: dict[str, Any] = {}


def reference_encoding(name: str) -> Any:
    """tiktoken's ``Encoding`` for ``name`` (loaded once per test process)."""
    if name not in _LOADED:
        import tiktoken

        ranks = parse_ranks(name, rank_file(name).read_bytes())
        _LOADED[name] = tiktoken.Encoding(
            name=name, pat_str=_PATTERNS[name], mergeable_ranks=ranks, special_tokens={}
        )
    return _LOADED[name]


def tiktoken_count(text: str, encoding: str) -> int:
    return len(reference_encoding(encoding).encode_ordinary(text))
