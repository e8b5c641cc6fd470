"""Adversarial text counts exactly as tiktoken counts it (both encodings).

Where the count could drift: the pre-tokenizer pattern (the Python ``regex`` module's
Unicode tables against the Rust ``fancy-regex`` tiktoken uses) and the byte-pair merge
(ties, long pieces, multi-byte characters). A sweep of every code point between letters,
digits and spaces found no character the two regex engines class differently (regex
2026.11.19 against tiktoken 0.14; the test keeps a stride of it).
"""

from __future__ import annotations

import pytest

from agent_workbench.tokens import counting as tokens
from agent_workbench.tokens.bpe import merge_count
from tiktoken_reference import reference_encoding, tiktoken_count

EDGES = {
    "run of =": "=" * 10_000,
    "run of spaces": " " * 5_000 + "x",
    "run of one letter": "a" * 4_000,
    "run of newlines and spaces": " \n" * 1_000 + "\n\n\n   \t\t",
    "trailing whitespace": "text   \t  ",
    "digits": "1234567890" * 50 + " 3.14159 -42 1e10 0x1F",
    "CJK": "日本語のテキストと中文文本，한국어 텍스트。" * 20,
    "emoji ZWJ": "👨‍👩‍👧‍👦 🏳️‍🌈 🧑🏽‍💻 👍🏿 🇫🇷🇯🇵 ❤️‍🔥" * 10,
    "combining marks": "e\u0301" * 50
    + " Z\u0351\u0352\u0357\u0358a\u0300\u0316lgo "
    + "\u0301" * 30,
    "CRLF": "line one\r\nline two\r\n\r\n  indented\r\n\r\r\n\n\r",
    "upper-case contractions": "HE'S THEY'LL I'M WE'VE YOU'RE SHE'D IT'S DON'T He'S they'Ll",
    "special-token text": "<|endoftext|> <|endofprompt|> <|fim_prefix|><|fim_middle|><|fim_suffix|>",
    "mixed scripts": "Ελληνικά русский עברית العربية हिन्दी ไทย ქართული 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ǅemo ʰʲ",
    "unicode spaces": "a\u00a0b\u2003c\u3000d\u200be\ufeff f\u2028g\u2029h\u0085i\x0bj\x0ck",
    "control and private use": "\x00\x01\x7f \ue000\U000f0000 \x1b[31mred\x1b[0m",
    "paths and code": "../snippets/{{ agpm.project.language }}.md // x ///// a/b/c\n\tif (x) {\n}",
    "lone surrogate": "before \ud800 after \udfff end \ud83d\ude00",
}


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
@pytest.mark.parametrize("name", sorted(EDGES))
def test_adversarial_text_counts_as_tiktoken(name: str, encoding: str) -> None:
    text = EDGES[name]
    assert tokens.count_tokens(text, encoding) == tiktoken_count(text, encoding)


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_every_17th_code_point_splits_as_tiktoken_splits_it(encoding: str) -> None:
    """Each character between ASCII letters, digits, itself and a newline: a character the
    two regex engines class differently (letter, number, mark, space) changes the count."""
    points = [cp for cp in range(0, 0x110000, 17) if not 0xD800 <= cp < 0xE000]
    for start in range(0, len(points), 2_000):
        text = "".join(
            f"a{chr(cp)}b {chr(cp)}1 {chr(cp)}{chr(cp)} A{chr(cp)}\n"
            for cp in points[start : start + 2_000]
        )
        assert tokens.count_tokens(text, encoding) == tiktoken_count(text, encoding), hex(
            points[start]
        )


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_the_merge_leaves_as_many_parts_as_tiktokens(encoding: str) -> None:
    """Pieces that are not tokens themselves, counted by the merge alone (no pattern)."""
    reference = reference_encoding(encoding)
    rank = tokens.get_encoding(encoding).table.rank
    pieces = [
        "=" * 3_001,
        "ab" * 700,
        "🎉" * 40,
        "x\u0301y\u0302z" * 30,
        " indentation-heavy_identifier_with_many_parts_2026",
        "日本語のテキスト",
    ]
    for piece in pieces:
        data = piece.encode("utf-8")
        assert rank(data) is None
        # tiktoken's _encode_bytes runs the byte-pair merge over bytes, without the pattern.
        assert merge_count(data, rank) == len(reference._encode_bytes(data)), piece[:20]


# What may stand on either side of a blank line where a long text is cut into paragraphs
# (counting.Encoder.paragraphs): what ends a paragraph, and what starts the next.
_ENDS = ["word", "x.", "x  ", "x\t", "x \u00a0", "!!", "42", "日本", "'s", "x\r", " ", ""]
_BREAKS = ["\n\n", "\n\n\n", "\r\n\r\n", "\n \n", "\n\n \n\n", "\n\r\n"]
_STARTS = ["Word", "/path", "//", " x", "\tx", "\u00a0x", "\u2028x", "'re", "1.5", "·x", "#", "-"]


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_long_texts_counted_by_paragraph_count_as_tiktoken(encoding: str) -> None:
    """Every end, blank line and start above, combined at random in texts long enough to
    be counted paragraph by paragraph: cut at a place the whole text has no piece
    boundary, a count would differ."""
    import random

    rng = random.Random(20261204)
    encoder = tokens.get_encoding(encoding)
    for _ in range(60):
        parts = []
        while sum(map(len, parts)) < tokens.BY_PARAGRAPH * 2:
            filler = " ".join(rng.choice(["lorem", "ipsum", "dolor", "x=1", "…"]) for _ in range(6))
            parts += [filler, rng.choice(_ENDS), rng.choice(_BREAKS), rng.choice(_STARTS)]
        text = "".join(parts)
        assert len(encoder.paragraphs(text)) > 20  # the text is counted in pieces
        assert tokens.count_tokens(text, encoding) == tiktoken_count(text, encoding)
        # an edit of one paragraph, counted again with the others remembered
        edited = text.replace("lorem", "lorem ipsum\n\n/x", 1)
        assert tokens.count_tokens(edited, encoding) == tiktoken_count(edited, encoding)
