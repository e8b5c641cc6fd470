"""Which values of ``agpm.project.language`` an agent can be rendered with.

Found from the files its templated dependency paths can match: a path like
``../../snippets/best-practices/{{ agpm.project.language }}-best-practices.md``
is turned into a pattern and matched against the files of its folder. The
answer is the intersection over every language-dependent dependency, followed
through the agent's dependencies transitively (a frontend agent whose snippets
exist only for javascript and typescript offers only those two).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from agent_workbench.model.document import AgentDocument, decode_text
from agent_workbench.model.project import Project
from agent_workbench.model.sources import SourceError, join_rel, normalize_rel
from agent_workbench.templating.dependencies import PATH_LINE, TEMPLATE_PART, base_dir, unquote

_LANGUAGE = re.compile(r"\{\{-?\s*agpm\.project\.language\s*(\|[^}]*)?-?\}\}")
_NAME = r"[^/]+?"


def _raw_paths(text: str) -> list[str]:
    """The ``path:`` values written in a file's frontmatter, unrendered."""
    doc = AgentDocument.from_text(text)
    if not doc.has_frontmatter:
        return []
    paths = []
    for line in doc.frontmatter.splitlines():
        match = PATH_LINE.match(line)
        if match and match.group(2):
            paths.append(unquote(match.group(2)))
    return paths


def _segment_regex(segment: str) -> re.Pattern[str]:
    """A path segment template as a regex; the language is captured as ``lang``."""
    out = []
    pos = 0
    seen_language = False
    for match in TEMPLATE_PART.finditer(segment):
        out.append(re.escape(segment[pos : match.start()]))
        if _LANGUAGE.fullmatch(match.group(0)) and not seen_language:
            out.append(f"(?P<lang>{_NAME})")
            seen_language = True
        elif _LANGUAGE.fullmatch(match.group(0)):
            out.append("(?P=lang)")
        else:
            out.append(_NAME)
        pos = match.end()
    out.append(re.escape(segment[pos:]))
    return re.compile("^" + "".join(out) + "$")


class LanguageAnswer(NamedTuple):
    """The languages an agent offers, and what the answer was worked out from."""

    languages: list[str]  # sorted; [] when any language will do
    files: frozenset[str]  # files read (or looked for) on the way, the agent's own included
    folders: frozenset[str]  # folders listed to match language-templated paths


class LanguageFinder:
    """Answers ``languages_for`` for many agents of one project: each file is read, its
    paths extracted and each folder listed once per finder (the project must not change
    while the finder is in use). The per-agent search itself is fresh every time, so an
    answer never depends on which agents were asked about before."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._paths: dict[str, list[str] | None] = {}  # rel -> raw paths (None: unreadable)
        self._listings: dict[str, list[str]] = {}
        self._is_file: dict[str, bool] = {}
        # (folder, templated path) -> (language -> file, folders listed, files looked up)
        self.matched: dict[tuple[str, str], tuple[dict[str, str], set[str], set[str]]] = {}

    def raw_paths(self, rel: str) -> list[str] | None:
        if rel not in self._paths:
            try:
                text = decode_text(self.project.source.read_bytes(rel), rel)[0]
            except (SourceError, Exception):
                self._paths[rel] = None
            else:
                self._paths[rel] = _raw_paths(text)
        return self._paths[rel]

    def list_dir(self, folder: str) -> list[str]:
        if folder not in self._listings:
            self._listings[folder] = self.project.source.list_dir(folder)
        return self._listings[folder]

    def is_file(self, rel: str) -> bool:
        if rel not in self._is_file:
            self._is_file[rel] = self.project.source.is_file(rel)
        return self._is_file[rel]

    def find(self, rel: str, text: str | None = None) -> LanguageAnswer:
        """What ``languages_for`` answers, with the files and folders it consulted."""
        rel = normalize_rel(rel)
        if text is not None and text.startswith("\ufeff"):
            text = text[1:]
        search = _Search(self)
        found = search.languages(rel, text)
        return LanguageAnswer(
            sorted(found) if found else [], frozenset(search.files), frozenset(search.folders)
        )

    def languages(self, rel: str, text: str | None = None) -> list[str]:
        return self.find(rel, text).languages


class _Search:
    """One agent's search: a memo of the files on its dependency chain (cycles add no
    constraint), over the finder's cached reads."""

    def __init__(self, finder: LanguageFinder) -> None:
        self.finder = finder
        self.memo: dict[str, set[str] | None] = {}
        self.files: set[str] = set()
        self.folders: set[str] = set()

    def matches(self, base_dir: str, raw_path: str) -> dict[str, str]:
        """language -> matching project-relative file, for a language-templated path."""
        key = (base_dir, raw_path)
        known = self.finder.matched.get(key)
        if known is None:
            folders, files = self.folders, self.files
            self.folders, self.files = set(), set()
            try:
                result = self._match(base_dir, raw_path)
                known = self.finder.matched[key] = (result, self.folders, self.files)
            finally:
                self.folders, self.files = folders, files
        result, folders, files = known
        self.folders |= folders
        self.files |= files
        return result

    def _match(self, base_dir: str, raw_path: str) -> dict[str, str]:
        found: list[tuple[str, str | None]] = [(base_dir, None)]
        for segment in raw_path.split("/"):
            step: list[tuple[str, str | None]] = []
            for folder, lang in found:
                if not TEMPLATE_PART.search(segment):
                    try:
                        step.append((join_rel(folder, segment) if segment else folder, lang))
                    except SourceError:
                        continue
                    continue
                regex = _segment_regex(segment)
                self.folders.add(folder)
                for name in self.finder.list_dir(folder):
                    match = regex.match(name)
                    if not match:
                        continue
                    value = match.groupdict().get("lang")
                    if value is not None and lang is not None and value != lang:
                        continue
                    step.append((join_rel(folder, name), value if value is not None else lang))
            found = step
        result = {}
        for rel, lang in found:
            if lang is not None:
                self.files.add(rel)
                if self.finder.is_file(rel):
                    result[lang] = rel
        return result

    def languages(self, rel: str, text: str | None = None) -> set[str] | None:
        """The languages ``rel`` can be rendered with; None when no dependency depends on one."""
        if rel in self.memo:
            return self.memo[rel]
        self.memo[rel] = None  # cycle guard: a file on the current chain adds no constraint
        self.files.add(rel)
        raw_paths = _raw_paths(text) if text is not None else self.finder.raw_paths(rel)
        if raw_paths is None:
            return None
        result: set[str] | None = None
        for raw in raw_paths:
            base = base_dir(rel, raw)  # the folder AGPM resolves this path from
            if base == "..":
                continue  # above the project root: the render refuses it
            if _LANGUAGE.search(raw):
                options = self.matches(base, raw)
                allowed = {
                    lang
                    for lang, dep in options.items()
                    if dep.endswith(".md") and self._allows(dep, lang)
                } | {lang for lang, dep in options.items() if not dep.endswith(".md")}
            elif TEMPLATE_PART.search(raw):
                continue  # depends on another variable: no language constraint known
            else:
                try:
                    dep = join_rel(base, raw)
                except SourceError:
                    continue
                if not dep.endswith(".md"):
                    continue
                sub = self.languages(dep)
                if sub is None:
                    continue
                allowed = sub
            result = allowed if result is None else result & allowed
        self.memo[rel] = result
        return result

    def _allows(self, dep: str, lang: str) -> bool:
        sub = self.languages(dep)
        return sub is None or lang in sub


def languages_for(project: Project, rel: str, text: str | None = None) -> list[str]:
    """Sorted values of ``agpm.project.language`` the agent renders with; [] if any will do."""
    return LanguageFinder(project).languages(rel, text)


def languages_for_many(project: Project, rels: Iterable[str]) -> dict[str, list[str]]:
    """``languages_for`` of each agent, sharing one finder (each file read once)."""
    finder = LanguageFinder(project)
    return {rel: finder.languages(rel) for rel in rels}


def project_languages(project: Project) -> list[str]:
    """Every language some agent of the project can be rendered with (for a selector)."""
    finder = LanguageFinder(project)
    union: set[str] = set()
    for rel in project.resources():
        union |= set(finder.languages(rel))
    default = project.default_language
    if default:
        union.add(default)
    return sorted(union)
