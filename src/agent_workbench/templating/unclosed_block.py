"""Where a block that is never closed opens.

Jinja reports "Unexpected end of template … The innermost block that needs to be
closed is 'if'" at the line of the template's last token, often the file's last
line, far from the ``{% if %}`` the author has to close (issue 11).
``unclosed_block_line`` lexes the template again and returns the line of the
innermost block still open at the end.
"""

from __future__ import annotations

from typing import Any

from jinja2.exceptions import TemplateSyntaxError

END_OF_TEMPLATE = "Unexpected end of template"
# Tags whose block ends with end<tag> (Jinja's; Tera's are among them).
OPENERS = frozenset({"if", "for", "macro", "call", "filter", "block", "with", "autoescape"})


def unclosed_block_line(env: Any, source: str, exc: TemplateSyntaxError) -> int | None:
    """The line (1-based, of ``source``) of the innermost block ``exc`` says is never
    closed; None when ``exc`` is another error or the block cannot be found."""
    if END_OF_TEMPLATE not in (exc.message or ""):
        return None
    stack: list[tuple[str, int]] = []
    tag_next = False
    try:
        for lineno, kind, value in env.lex(source):
            if kind == "block_begin":
                tag_next = True
                continue
            if kind == "whitespace":
                continue
            if tag_next and kind == "name":
                if value in OPENERS:
                    stack.append((value, lineno))
                elif value.startswith("end") and stack and stack[-1][0] == value[3:]:
                    stack.pop()
            tag_next = False
    except TemplateSyntaxError:
        return None
    return stack[-1][1] if stack else None
