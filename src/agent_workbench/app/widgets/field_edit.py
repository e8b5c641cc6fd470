"""``FieldEdit``: the form's only output, a change of frontmatter fields by key path."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class FieldEdit(Message):
    """Set and unset key paths of the frontmatter; or rename the last key of one path
    (``rename``: path → new key) or move its entry among its siblings (``move``: path →
    places, -1 up, 1 down), as the pattern rules of a permission are edited."""

    def __init__(
        self,
        sets: dict[str, Any],
        unsets: list[str] | None = None,
        *,
        rename: tuple[str, str] | None = None,
        move: tuple[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.sets = sets
        self.unsets = unsets or []
        self.rename = rename
        self.move = move
