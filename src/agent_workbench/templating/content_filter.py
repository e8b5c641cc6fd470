"""The ``content`` filter: embed a project file (``{{ 'docs/guide.md' | content }}``).

Paths are relative to the project root. Refused, each with its own message:
absolute paths, ``..`` escapes, symlinks that resolve outside the root (the
FileSource refuses those), directories, extensions other than md/txt/json/
toml/yaml/yml, files over 1 MiB and missing files. Markdown loses its
frontmatter and is trimmed; JSON is pretty-printed; the result is never
rendered again.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable

from agent_workbench.model.document import AgentDocument
from agent_workbench.model.sources import (
    REASON_DIRECTORY,
    REASON_MISSING,
    REASON_OUTSIDE,
    REASON_TOO_LARGE,
    FileSource,
    SourceError,
    normalize_rel,
)
from agent_workbench.templating.context import parse_yaml
from agent_workbench.templating.limits import RefusedFilterError

MAX_CONTENT_BYTES = 1024 * 1024
ALLOWED_EXTENSIONS = ("md", "txt", "json", "toml", "yaml", "yml")


def gray_matter_content(body: str) -> str:
    """What gray-matter-rs 0.3.2 (AGPM's frontmatter splitter) keeps of a body: its lines
    (Rust ``str::lines``: ``\n`` or ``\r\n`` ends one, no empty last line) joined with
    ``\n``, leading blank lines dropped. So one final newline goes, blank lines before
    it stay, and leading spaces stay (checked against `agpm install` v0.4.14)."""
    if "\r" not in body:  # the lines joined again are the body less one final newline
        return (body[:-1] if body.endswith("\n") else body).lstrip("\n")
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()
    last = len(lines) - 1
    joined = "\n".join(
        line[:-1] if line.endswith("\r") and (index < last or body.endswith("\n")) else line
        for index, line in enumerate(lines)
    )
    return joined.lstrip("\n")


def markdown_content(text: str) -> str:
    """A Markdown dependency's ``.content``: its body without the frontmatter, as
    gray-matter leaves it (AGPM's ``extract_content``, src/templating/content.rs)."""
    if _too_short(text):
        return ""
    return gray_matter_content(AgentDocument.from_text(text).body)


def _too_short(text: str) -> bool:
    """gray-matter returns nothing for a text no longer than its ``---`` delimiter (3
    bytes: ``S\n`` embeds as ""; matter.rs ``parse``, checked with `agpm install`)."""
    return len(text) <= 3 and len(text.encode("utf-8")) <= 3


def markdown_embed(text: str) -> str:
    """What the ``content`` filter embeds of a Markdown file: as a dependency's content,
    but the whole file, frontmatter included, when its frontmatter is not valid YAML
    (``MarkdownDocument::parse`` fails and AGPM uses the raw text: filters.rs)."""
    doc = AgentDocument.from_text(text)
    if doc.has_frontmatter and doc.frontmatter.strip() and parse_yaml(doc.frontmatter).error:
        return text
    if _too_short(text):
        return ""
    return gray_matter_content(doc.body)


def json_content(text: str, path: str) -> str:
    """JSON pretty-printed the AGPM way: top-level ``dependencies`` dropped, sorted keys."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if isinstance(data, dict):
        data.pop("dependencies", None)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def extension(rel: str) -> str:
    return posixpath.splitext(rel)[1].lstrip(".").lower()


class ContentReader:
    """Reads ``content`` filter targets through a FileSource, recording what it read."""

    def __init__(
        self, source: FileSource, files_read: set[str] | None = None, base: str = ""
    ) -> None:
        self.source = source
        self.files_read = files_read if files_read is not None else set()
        # the folder paths are relative to: agpm.toml's, "" but in the view of an entry
        # outside the project (AGPM's filter reads from the project, never above it)
        self.base = base

    def __call__(self, path: str) -> str:
        return self.read(path)

    def read(self, path: str) -> str:
        raw_path = path
        if not path:
            raise RefusedFilterError("`content`: empty path", "content-path")
        if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
            raise RefusedFilterError(
                f"`content`: absolute path {raw_path!r} is not allowed "
                "(paths are relative to the project root)",
                "content-absolute",
            )
        try:
            rel = normalize_rel(path)
            if self.base:
                rel = f"{self.base}/{rel}" if rel else self.base
        except SourceError:
            raise RefusedFilterError(
                f"`content`: {raw_path!r} leaves the project root", "content-outside"
            ) from None
        ext = extension(rel)
        if self.source.is_dir(rel):
            raise RefusedFilterError(
                f"`content`: {raw_path!r} is a directory, not a file", "content-directory"
            )
        if ext not in ALLOWED_EXTENSIONS:
            allowed = " ".join(ALLOWED_EXTENSIONS)
            raise RefusedFilterError(
                f"`content`: {raw_path!r} has extension {('.' + ext) if ext else '(none)'}; "
                f"only {allowed} files can be embedded",
                "content-extension",
            )
        try:
            data = self.source.read_bytes(rel, max_bytes=MAX_CONTENT_BYTES)
        except SourceError as exc:
            code = {
                REASON_MISSING: "content-missing",
                REASON_OUTSIDE: "content-outside",
                REASON_DIRECTORY: "content-directory",
                REASON_TOO_LARGE: "content-too-large",
            }.get(exc.reason, "content-unreadable")
            if exc.reason == REASON_MISSING:
                self.files_read.add(rel)  # watching it tells us when it appears
                message = f"`content`: {raw_path!r} does not exist (relative to the project root)"
            elif exc.reason == REASON_TOO_LARGE:
                message = f"`content`: {exc.message}; files over 1 MiB cannot be embedded"
            elif exc.reason == REASON_OUTSIDE:
                message = f"`content`: {raw_path!r} resolves outside the project root"
            else:
                message = f"`content`: {exc.message}"
            raise RefusedFilterError(message, code) from None
        if len(data) > MAX_CONTENT_BYTES:
            raise RefusedFilterError(
                f"`content`: {raw_path!r} is {len(data):,} bytes; files over 1 MiB "
                "cannot be embedded",
                "content-too-large",
            )
        self.files_read.add(rel)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RefusedFilterError(
                f"`content`: {raw_path!r} is not valid UTF-8", "content-unreadable"
            ) from None
        return extract(rel, text)


def extract(rel: str, text: str) -> str:
    """What embedding a file gives: Markdown body trimmed, JSON pretty-printed, else raw."""
    ext = extension(rel)
    if ext == "md":
        return markdown_embed(text)
    if ext == "json":
        try:
            return json_content(text, rel)
        except ValueError as exc:
            raise RefusedFilterError(f"`content`: {exc}", "content-json") from None
    return text


ContentFunction = Callable[[str], str]
