"""tiktoken's byte-pair encoding, counted in Python over a mapped rank table.

What tiktoken's ``CoreBPE::encode_ordinary`` does (openai/tiktoken ``src/lib.rs``,
commit 9fa2832547e68c59ee8d797c685bb4636cd078bc, checked 2026-12-04; tiktoken 0.14 is
what the tests compare with): split the text with the encoding's pattern; a piece that
is itself a token is one token; any other piece goes through ``_byte_pair_merge``, which
starts from single bytes and repeatedly merges the adjacent pair whose concatenation has
the lowest rank (the leftmost of equal ranks) until no adjacent pair is a token. Only
the number of parts is needed here, never the ids.

tiktoken finds each minimum by scanning the parts, O(n·m) for n bytes and m merges;
here a heap keyed by (rank, start) picks the same pair (lowest rank, then leftmost, as
the scan's strict ``<`` does) in O(m log n), so a piece of 10,000 ``=`` stays fast in
Python. Entries are checked when popped: a pair is current while its left part still
starts there and its right part still ends where it did (parts only grow, so a stale
entry never becomes current again).
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heapify, heappop, heappush


def merge_count(piece: bytes, rank: Callable[[bytes], int | None]) -> int:
    """How many tokens ``_byte_pair_merge`` leaves of ``piece`` (not itself a token)."""
    size = len(piece)
    following = list(range(1, size + 1))  # start of the next part, for each part's start
    preceding = list(range(-1, size - 1))
    alive = [True] * size
    heap = [
        (found, start, start + 2)
        for start in range(size - 1)
        if (found := rank(piece[start : start + 2])) is not None
    ]
    heapify(heap)
    parts = size
    while heap:
        _, start, end = heappop(heap)
        if not alive[start]:
            continue
        right = following[start]
        if right >= size or following[right] != end:
            continue
        alive[right] = False
        following[start] = end
        if end < size:
            preceding[end] = start
        parts -= 1
        before = preceding[start]
        if before >= 0 and (found := rank(piece[before:end])) is not None:
            heappush(heap, (found, before, end))
        if end < size:
            after = following[end]
            if (found := rank(piece[start:after])) is not None:
                heappush(heap, (found, start, after))
    return parts


def piece_count(piece: str, rank: Callable[[bytes], int | None]) -> int:
    """Tokens in one piece of the pattern's split (tiktoken's ``encoder.get`` first)."""
    data = piece.encode("utf-8")
    if rank(data) is not None:
        return 1
    return merge_count(data, rank)
