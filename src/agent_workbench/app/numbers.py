"""How the app writes a change in a number: its sign always, thousands separated, and a
minus sign (−, as the line changes ``+3 −1`` have it), never a hyphen."""

from __future__ import annotations


def signed(n: int) -> str:
    """``+1,234``, ``−56``, ``+0``."""
    return f"{n:+,}".replace("-", "−")
