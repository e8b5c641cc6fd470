"""An agent file split into frontmatter and body, without losing a byte.

``AgentDocument.parse(raw).to_bytes() == raw`` for every input that decodes as
UTF-8: the BOM, the line endings (LF, CRLF or mixed), the exact delimiter
lines (trailing spaces included) and a missing final newline all survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from agent_workbench.model.diagnostics import DiagnosticError, error

BOM = "\ufeff"
MAX_FILE_BYTES = 8 * 1024 * 1024

_DELIMITER = re.compile(r"---[ \t]*(\r\n|\n|\r)?\Z")


def decode_text(raw: bytes, path: str) -> tuple[str, bool]:
    """Decode UTF-8 bytes; return (text without BOM, had_bom).

    Raises DiagnosticError naming the line and column of the first bad byte.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise DiagnosticError(
            error(
                path,
                1,
                1,
                f"file is {len(raw):,} bytes; agent files over {MAX_FILE_BYTES:,} bytes are refused",
                code="file-too-large",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start]
        line = good.count(b"\n") + 1
        column = len(good) - (good.rfind(b"\n") + 1) + 1
        raise DiagnosticError(
            error(
                path,
                line,
                column,
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                "agent files must be UTF-8",
                code="not-utf8",
            )
        ) from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def split_lines(text: str) -> list[str]:
    """Lines with their endings kept (``\\n``, ``\\r\\n`` or ``\\r``)."""
    return text.splitlines(keepends=True)


@dataclass(frozen=True)
class AgentDocument:
    """The exact text of an agent file, split the way AGPM splits it.

    ``text == open_line + frontmatter + close_line + body`` always holds; with no
    frontmatter the first three are empty and ``body`` is the whole text.
    """

    text: str
    bom: bool
    has_frontmatter: bool
    open_line: str
    frontmatter: str
    close_line: str
    body: str

    @classmethod
    def parse(cls, raw: bytes, path: str = "<text>") -> AgentDocument:
        text, bom = decode_text(raw, path)
        return cls.from_text(text, bom=bom)

    @classmethod
    def from_text(cls, text: str, *, bom: bool = False) -> AgentDocument:
        if text.startswith(BOM):
            text, bom = text[1:], True
        lines = split_lines(text)
        if lines and _DELIMITER.match(lines[0]) and lines[0].rstrip("\r\n").rstrip(" \t") == "---":
            for index in range(1, len(lines)):
                if _DELIMITER.match(lines[index]):
                    open_line = lines[0]
                    frontmatter = "".join(lines[1:index])
                    close_line = lines[index]
                    body = "".join(lines[index + 1 :])
                    return cls(text, bom, True, open_line, frontmatter, close_line, body)
        return cls(text, bom, False, "", "", "", text)

    # -- derived facts -------------------------------------------------------

    @property
    def newline(self) -> str:
        """The file's line ending, judged by its first line ("\\n" when none)."""
        for line in split_lines(self.text):
            if line.endswith("\r\n"):
                return "\r\n"
            if line.endswith("\n"):
                return "\n"
            if line.endswith("\r"):
                return "\r"
        return "\n"

    @property
    def frontmatter_first_line(self) -> int:
        """1-based line number of the first frontmatter line (2 when there is frontmatter)."""
        return 2 if self.has_frontmatter else 1

    @property
    def body_first_line(self) -> int:
        """1-based line number, in the whole file, of the body's first line."""
        if not self.has_frontmatter:
            return 1
        return 2 + len(split_lines(self.frontmatter)) + 1

    @property
    def unclosed_frontmatter(self) -> bool:
        """True when the file opens with ``---`` but never closes it (read as all body)."""
        first = split_lines(self.text)[:1]
        return (
            not self.has_frontmatter
            and bool(first)
            and first[0].rstrip("\r\n").rstrip(" \t") == "---"
        )

    # -- reconstruction ------------------------------------------------------

    def to_text(self) -> str:
        return self.open_line + self.frontmatter + self.close_line + self.body

    def to_bytes(self) -> bytes:
        return ((BOM if self.bom else "") + self.to_text()).encode("utf-8")

    def with_body(self, body: str) -> AgentDocument:
        return self._rebuilt(replace(self, body=body))

    def with_frontmatter(self, frontmatter: str) -> AgentDocument:
        if not self.has_frontmatter:
            nl = self.newline
            return self._rebuilt(
                replace(
                    self,
                    has_frontmatter=True,
                    open_line="---" + nl,
                    frontmatter=frontmatter,
                    close_line="---" + nl,
                )
            )
        return self._rebuilt(replace(self, frontmatter=frontmatter))

    @staticmethod
    def _rebuilt(doc: AgentDocument) -> AgentDocument:
        return replace(doc, text=doc.open_line + doc.frontmatter + doc.close_line + doc.body)
