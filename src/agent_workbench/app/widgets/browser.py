"""The agent browser: every resource as a tree grouped by folder, filtered as you type.

Each entry shows its flavour, its token count and a badge for errors or
warnings; files that fail to parse stay listed with their error. The listing
itself is instant (paths only); what needs reading or rendering arrives later
through ``update_entry`` from a background worker.
"""

from __future__ import annotations

import posixpath
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Tree
from textual.widgets.tree import TreeNode

from agent_workbench.summary import ResourceSummary

FLAVOUR_TAGS = {
    "claude-code": ("CC", "magenta"),
    "opencode": ("OC", "cyan"),
    "snippet": ("sn", "green"),
    "command": ("cmd", "blue"),
    "unknown": ("md", "dim"),
}


def short_count(n: int) -> str:
    return f"{n / 1000:.1f}k" if n >= 1000 else str(n)


def entry_label(entry: ResourceSummary, *, current: bool = False) -> Text:
    name = posixpath.splitext(posixpath.basename(entry.rel))[0]
    text = Text(no_wrap=True)
    text.append(name, style="bold" if current else "")
    if entry.flavour:
        tag, colour = FLAVOUR_TAGS.get(entry.flavour, (entry.flavour, "dim"))
        text.append(f" {tag}", style=colour)
    if entry.tokens is not None:
        stale = getattr(entry, "stale", False)  # a file it reads changed; being re-counted
        text.append(f" {'~' if stale else ''}{short_count(entry.tokens)}", style="dim")
    if entry.errors:
        text.append(" ✗", style="bold red")
    elif entry.warnings:
        text.append(" ⚠", style="yellow")
    if entry.error:
        text.append(f" {entry.error}", style="red italic")
    return text


def matches(entry: ResourceSummary, query: str) -> bool:
    """Every word of the query appears in the path or the flavour (case-insensitive)."""
    haystack = f"{entry.rel} {entry.flavour}".lower()
    return all(word in haystack for word in query.lower().split())


class FilterInput(Input):
    """The filter box; Down moves into the list."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("down", "to_tree", show=False)]

    def action_to_tree(self) -> None:
        self.screen.query_one(AgentTree).focus()


class AgentTree(Tree[str]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("slash", "filter", "Filter", show=False)]

    def action_filter(self) -> None:
        self.screen.query_one("#browser-filter", Input).focus()


class AgentBrowser(Vertical):
    """The filter box above the tree of resources."""

    class Selected(Message):
        """The author picked an agent to open."""

        def __init__(self, rel: str) -> None:
            super().__init__()
            self.rel = rel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: dict[str, ResourceSummary] = {}
        self.current: str | None = None
        self._leaves: dict[str, TreeNode[str]] = {}
        self.border_title = "Agents"

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder="Filter…", id="browser-filter")
        tree: AgentTree = AgentTree("project", id="browser-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree

    @property
    def tree(self) -> AgentTree:
        return self.query_one(AgentTree)

    def set_resources(self, rels: list[str]) -> None:
        self.entries = {rel: self.entries.get(rel, ResourceSummary(rel)) for rel in rels}
        self.rebuild()

    def update_entry(self, entry: ResourceSummary) -> None:
        self.entries[entry.rel] = entry
        node = self._leaves.get(entry.rel)
        if node is not None:
            node.set_label(entry_label(entry, current=entry.rel == self.current))

    def set_current(self, rel: str | None) -> None:
        previous, self.current = self.current, rel
        for name in (previous, rel):
            if name in self._leaves and name in self.entries:
                self._leaves[name].set_label(entry_label(self.entries[name], current=name == rel))
        if rel in self._leaves:
            node = self._leaves[rel]
            self.tree.move_cursor(node)

    def rebuild(self) -> None:
        query = self.query_one("#browser-filter", Input).value.strip()
        tree = self.tree
        tree.clear()
        self._leaves.clear()
        folders: dict[str, TreeNode[str]] = {}
        shown = [e for e in self.entries.values() if not query or matches(e, query)]
        for entry in sorted(shown, key=lambda e: (posixpath.dirname(e.rel), e.rel)):
            folder = posixpath.dirname(entry.rel) or "."
            if folder not in folders:
                folders[folder] = tree.root.add(
                    Text(folder + "/", style="bold"), data=None, expand=True
                )
            self._leaves[entry.rel] = folders[folder].add_leaf(
                entry_label(entry, current=entry.rel == self.current), data=entry.rel
            )
        self.border_subtitle = f"{len(shown)}/{len(self.entries)}" if query else str(len(shown))
        if self.current in self._leaves:
            tree.move_cursor(self._leaves[self.current])

    def first_match(self) -> str | None:
        return next(iter(self._leaves), None)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.first_match()
        if first is not None:
            self.post_message(self.Selected(first))
            self.tree.focus()

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Selected(event.node.data))
