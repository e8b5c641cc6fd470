"""Exact, offline token counts (the numbers tiktoken gives, without tiktoken's tables).

The encodings' ranks come from the ``bpe-openai`` wheel, which ships the official
``cl100k_base`` and ``o200k_base`` files, checked against the SHA-256 that tiktoken
itself expects (``rank_table``). Nothing is downloaded, ever. A count splits the text
with the encoding's pattern (the ``regex`` module) and counts each piece with
tiktoken's byte-pair merge (``bpe``) over a rank table mapped from the user cache, so
loading an encoding costs milliseconds and a few MB instead of tiktoken's ~0.3 s of CPU
and ~48 MB. Each distinct piece is counted once (``tokens.pieces.<encoding>`` in
``CACHES``). The tests hold every count equal to tiktoken's (and to bpe-openai's
independent Rust implementation) over the corpora and adversarial text.
"""

from __future__ import annotations

import contextlib
import threading

from agent_workbench.model.caches import Memo, memo
from agent_workbench.tokens.bpe import piece_count
from agent_workbench.tokens.rank_table import RankTable, TokenizerError, load_table

__all__ = [
    "DEFAULT_ENCODING",
    "ENCODINGS",
    "TokenizerError",
    "count_many",
    "count_tokens",
    "get_encoding",
    "is_loaded",
    "preload",
]

ENCODINGS: tuple[str, ...] = ("o200k_base", "cl100k_base")
DEFAULT_ENCODING = "o200k_base"

# The pre-tokenizer patterns of tiktoken_ext/openai_public.py (tiktoken 0.14).
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

PIECE_CACHE = 16_384  # distinct pieces remembered per encoding (the largest agent has ~2,400)

_lock = threading.Lock()


# A text this long (characters) is counted paragraph by paragraph, each paragraph's count
# remembered: a keystroke in a 30 KB prompt splits and looks up one paragraph again, not
# the whole text (~2 ms a count, twice a key). Exact: see ``Encoder.paragraphs``.
BY_PARAGRAPH = 4_096
PARAGRAPH_CACHE = 4_096  # paragraphs remembered per encoding


class Encoder:
    """One encoding: its pattern and its mapped rank table; counts exactly as tiktoken."""

    def __init__(self, name: str, table: RankTable) -> None:
        import regex  # the pattern needs \p{..} classes and possessive quantifiers

        self.name = name
        self.table = table
        self._split = regex.compile(_PATTERNS[name]).findall
        # After a blank line, before a character that is neither white space (as the
        # pattern's \s has it) nor "/": see ``paragraphs``.
        self._paragraph_ends = regex.compile(r"\n\n(?=[^\s/])").finditer

    def count_piece(self, piece: str) -> int:
        return piece_count(piece, self.table.rank)

    def count_whole(self, text: str) -> int:
        return sum(map(_PIECES[self.name].cached, self._split(text)))

    def count(self, text: str) -> int:
        try:
            if len(text) < BY_PARAGRAPH:
                return self.count_whole(text)
            return sum(map(_PARAGRAPHS[self.name].cached, self.paragraphs(text)))
        except UnicodeEncodeError:
            # Lone surrogates: tiktoken's encode_ordinary (tiktoken/core.py) re-reads the
            # text through UTF-16 with replacement and counts that.
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            return self.count_whole(text)

    def paragraphs(self, text: str) -> list[str]:
        r"""``text`` cut where the pattern's split of the whole text has a piece boundary
        anyway, so the pieces of the parts are the pieces of the whole: after "\n\n" and
        before a character c that is not white space. No alternative of either pattern
        runs a piece across a newline into c: a letter's optional prefix excludes
        [\r\n], punctuation takes only [\r\n]* after it (o200k: [\r\n/]*, hence no "/"
        for c), and the white-space alternatives stop before c. The white space up to
        the cut is one piece in both: ``\s*[\r\n]+`` (o200k) and ``\s*[\r\n]`` (cl100k)
        come before the ones that look ahead (``\s+(?!\S)``) and end at its last newline;
        cl100k's ``\s++$``, which matches at the end of a part and not in the whole,
        takes the same characters there. Held to tiktoken by tests/tokens."""
        parts, start = [], 0
        for end in self._paragraph_ends(text):
            parts.append(text[start : end.end()])
            start = end.end()
        parts.append(text[start:])
        return parts


@memo("tokens.encodings", None, resource=True)  # one per encoding name (a closed set)
def _encoder(name: str) -> Encoder:
    return Encoder(name, load_table(name))


def _piece_counter(name: str) -> Memo[[str], int]:
    def count_piece(piece: str) -> int:
        return _encoder(name).count_piece(piece)

    return memo(f"tokens.pieces.{name}", PIECE_CACHE)(count_piece)


def _paragraph_counter(name: str) -> Memo[[str], int]:
    def count_paragraph(paragraph: str) -> int:
        return _encoder(name).count_whole(paragraph)

    return memo(f"tokens.paragraphs.{name}", PARAGRAPH_CACHE)(count_paragraph)


_PIECES = {name: _piece_counter(name) for name in ENCODINGS}
_PARAGRAPHS = {name: _paragraph_counter(name) for name in ENCODINGS}


def get_encoding(name: str = DEFAULT_ENCODING) -> Encoder:
    """The encoder for ``name``; loaded on first use, thread-safe."""
    if name not in _PATTERNS:
        raise ValueError(f"unknown encoding {name!r}; choose one of {', '.join(ENCODINGS)}")
    with _lock:
        enc = _encoder(name)
    _loaded.add(name)
    return enc


_loaded: set[str] = set()


def is_loaded(name: str = DEFAULT_ENCODING) -> bool:
    """True once ``name`` has been loaded (counting will not block)."""
    return name in _loaded


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Exact token count of ``text``; special-token text counts as ordinary text."""
    return get_encoding(encoding).count(text)


def count_many(texts: list[str], encoding: str = DEFAULT_ENCODING) -> list[int]:
    """Counts for many texts (the pieces they share are counted once)."""
    enc = get_encoding(encoding)
    return [enc.count(text) for text in texts]


def preload(names: tuple[str, ...] = ENCODINGS) -> threading.Thread:
    """Load encodings in a daemon thread, so the first count later is instant."""

    def work() -> None:
        for name in names:
            with contextlib.suppress(TokenizerError):
                get_encoding(name)

    thread = threading.Thread(target=work, name="tokenizer-preload", daemon=True)
    thread.start()
    return thread
