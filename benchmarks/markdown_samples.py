"""Generated agent prompts for the preview and app benchmarks (deterministic).

The text looks like a long agent prompt: headings, prose with inline markup,
tight and loose lists, fenced code, tables and quotes.
"""

from __future__ import annotations

import random

WORDS = [
    "review",
    "change",
    "code",
    "test",
    "agent",
    "prompt",
    "snippet",
    "render",
    "language",
    "python",
    "rust",
    "typescript",
    "token",
    "model",
    "tool",
    "guard",
    "rail",
    "every",
    "function",
    "module",
    "error",
    "message",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "with",
    "as",
    "when",
    "before",
    "after",
    "never",
    "always",
    "keep",
]


def _sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
    return text + " Prefer **explicit** names, *small* functions and `pytest -q`."


def generate_markdown(size: int = 60_000, seed: int = 7) -> str:
    """A Markdown prompt of at least ``size`` characters."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    section = 0
    while total < size:
        section += 1
        chunk = [f"## Section {section}: {_sentence(rng, 2, 5)[:-1]}", _paragraph(rng)]
        chunk.append("\n".join(f"- {_sentence(rng, 3, 9)}" for _ in range(rng.randint(3, 7))))
        if section % 3 == 0:
            lines = [f"def check_{section}_{k}(value):\n    return value * {k}" for k in range(3)]
            chunk.append("```python\n" + "\n".join(lines) + "\n```")
        if section % 5 == 0:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} |" for _ in range(4))
            chunk.append("| rule | weight |\n| --- | --- |\n" + rows)
        if section % 4 == 0:
            chunk.append("> " + _sentence(rng, 10, 20))
        text = "\n\n".join(chunk) + "\n\n"
        parts.append(text)
        total += len(text)
    return "# Generated reviewer\n\n" + "".join(parts)
