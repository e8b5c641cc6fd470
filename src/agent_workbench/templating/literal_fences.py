"""Literal fences: a block opened with ```` ```literal ```` is not rendered.

Its lines come out unchanged inside a plain ```` ``` ```` fence, as AGPM does.
Protection keeps every line where it was (one placeholder per line), so errors
elsewhere in the template still report the author's line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


def _ending(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith(("\n", "\r")):
        return line[-1]
    return ""


def protect(text: str) -> tuple[str, Callable[[str], str]]:
    """Replace literal-fence contents with placeholders; return the text and a restorer."""
    if "```literal" not in text:
        return text, lambda rendered: rendered
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    saved: list[str] = []
    block: list[str] = []
    opening: str | None = None
    for line in lines:
        stripped = line.strip()
        if opening is None:
            if stripped.startswith("```literal"):
                opening = line
                block = []
            else:
                out.append(line)
        elif stripped.startswith("```"):
            out.append("```" + _ending(opening))
            for inner in block:
                content = inner[: len(inner) - len(_ending(inner))]
                saved.append(content)
                out.append(f"\ue000{len(saved) - 1}\ue001" + _ending(inner))
            out.append("```" + _ending(line))
            opening = None
        else:
            block.append(line)
    if opening is not None:  # unclosed: left as ordinary text
        out.append(opening)
        out.extend(block)
    if not saved:
        return "".join(out), lambda rendered: rendered

    def restore(rendered: str) -> str:
        return _PLACEHOLDER.sub(lambda m: saved[int(m.group(1))], rendered)

    return "".join(out), restore
