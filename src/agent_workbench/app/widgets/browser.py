"""The agent browser: every resource as a tree grouped by folder, filtered as you type.

Each entry shows its flavour, its token count and a badge for errors or
warnings; files that fail to parse stay listed with their error. The listing
itself is instant (paths only); what needs reading or rendering arrives later
through ``update_entry`` from a background worker.
"""

from __future__ import annotations

import bisect
import posixpath
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from agent_workbench.app.compat import invalidate_tree
from agent_workbench.app.widgets.browser_labels import (
    detail_text,
    entry_label,
    folder_label,
    matches,
)
from agent_workbench.app.widgets.pane_width import ResizablePane
from agent_workbench.session.summary import ResourceSummary


def _sort_key(rel: str) -> tuple[str, str]:
    return (posixpath.dirname(rel) or ".", rel)


class FilterInput(Input):
    """The filter box; Down moves into the list."""

    DEFAULT_CSS = """
    FilterInput, FilterInput:focus {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down",
            "to_tree",
            "To the list",
            show=False,
            id="filter-to-list",
            tooltip="in the filter: move into the list",
        ),
        Binding(
            "escape",
            "clear",
            "Clear filter",
            show=False,
            id="filter-clear",
            tooltip="in the filter: clear it and go back to the list",
        ),
    ]

    def action_to_tree(self) -> None:
        self.screen.query_one(AgentTree).focus()

    def action_clear(self) -> None:
        self.value = ""  # the list shows every entry again (``Input.Changed``)
        self.action_to_tree()


class AgentTree(Tree[str]):
    """The tree of resources; each label is fitted to the width the tree has."""

    DEFAULT_CSS = """
    AgentTree {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        padding: 0;
        background: transparent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "filter",
            "Filter",
            show=False,
            id="list-filter",
            tooltip="in the agent list: type to filter it",
        )
    ]

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(label, id=id)
        self.entries: dict[str, ResourceSummary] = {}
        self.current: str | None = None
        self.unsaved: frozenset[str] = frozenset()  # files with unsaved changes (marked ●)

    def action_filter(self) -> None:
        self.screen.query_one("#browser-filter", Input).focus()

    def _label_width(self, node: TreeNode[str]) -> int | None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return None  # not laid out yet
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        indent = depth * self.guide_depth
        icon = 0 if node.data else len(self.ICON_NODE_EXPANDED)
        return max(1, width - indent - icon)

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        entry = self.entries.get(node.data) if node.data else None
        width = self._label_width(node)
        if entry is not None:
            label = entry_label(
                entry,
                current=entry.rel == self.current,
                width=width,
                unsaved=entry.rel in self.unsaved,
            )
            label.stylize(style)
            return label
        if node.data is None and node is not self.root and width is not None:
            folder = str(node.label)
            node_label = folder_label(folder, width)
            node_label.stylize(style)
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            return Text.assemble((icon, base_style + Style(bold=True)), node_label)
        return super().render_label(node, base_style, style)

    def get_label_width(self, node: TreeNode[str]) -> int:
        width = self._label_width(node)
        if node is self.root:
            return super().get_label_width(node)
        if width is None:
            # Not laid out yet: the widths are measured again once it is (on_resize), so
            # no label is built for it (1,000 agents: ~0.1 s of start-up).
            return cell_len(str(node.label))
        # Labels are fitted to the width (no need to build each one to measure it).
        return width + (0 if node.data else len(self.ICON_NODE_EXPANDED))

    def on_resize(self, event: Resize) -> None:
        invalidate_tree(self)  # labels are fitted to the width


class AgentBrowser(ResizablePane):
    """The filter box above the tree of resources, and the detail of a broken entry.

    ``[`` and ``]`` (in the list) or a drag on the right edge make it narrower or wider.
    """

    DEFAULT_CSS = """
    AgentBrowser {
        width: 32;
        border: round $primary 40%;
        border-title-color: $text-primary;
        border-subtitle-color: $text-muted;
        &:focus-within {
            border: round $primary;
        }
        & > .browser-detail {
            height: auto;
            max-height: 4;
            padding: 0 1;
            border-top: solid $primary 40%;
            &.-empty {
                display: none;
            }
        }
    }
    """

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
        self._folders: dict[str, TreeNode[str]] = {}
        self._folder_rels: dict[str, list[str]] = {}  # each folder's shown leaves, sorted
        self._folded_before_filter: set[str] | None = None
        self.border_title = "Agents"

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder="Filter…", id="browser-filter")
        tree: AgentTree = AgentTree("project", id="browser-tree")
        tree.show_root = False
        tree.guide_depth = 2
        tree.entries = self.entries
        yield tree
        yield Static(id="browser-detail", classes="browser-detail -empty")

    @property
    def agent_tree(self) -> AgentTree:
        """The tree of agents (not ``tree``: that is every DOM node's debugging view)."""
        return self.query_one(AgentTree)

    @property
    def shown(self) -> frozenset[str]:
        """The resources listed now (all of them, or those matching the filter)."""
        return frozenset(self._leaves)

    def node(self, rel: str) -> TreeNode[str] | None:
        """The tree node of a listed resource; None when it is not listed."""
        return self._leaves.get(rel)

    def folder(self, folder: str) -> TreeNode[str] | None:
        """The tree node of a folder with listed resources; None when it has none."""
        return self._folders.get(folder)

    def set_resources(self, rels: list[str]) -> None:
        """The project's resources now: nodes are added and removed, never rebuilt, so
        folders keep their expansion and the cursor stays where it was."""
        wanted = dict.fromkeys(rels)
        for rel in [r for r in self.entries if r not in wanted]:
            del self.entries[rel]
        for rel in wanted:
            if rel not in self.entries:
                self.entries[rel] = ResourceSummary(rel)
        self.rebuild()

    def update_entry(self, entry: ResourceSummary) -> None:
        if entry.rel not in self.entries:
            return  # a background count of a file the listing has dropped since (deleted, renamed)
        self.entries[entry.rel] = entry
        node = self._leaves.get(entry.rel)
        if node is not None:
            node.set_label(entry_label(entry, current=entry.rel == self.current))
            if node is self.agent_tree.cursor_node:
                self._show_detail(entry.rel)

    def set_unsaved(self, rels: frozenset[str]) -> None:
        """Mark the files with unsaved changes (``●`` before the name); the others lose it."""
        tree = self.agent_tree
        if rels == tree.unsaved:
            return
        changed = rels ^ tree.unsaved
        tree.unsaved = rels
        for rel in changed:
            node = self._leaves.get(rel)
            if node is not None and rel in self.entries:
                node.set_label(entry_label(self.entries[rel], unsaved=rel in rels))

    def set_current(self, rel: str | None) -> None:
        previous, self.current = self.current, rel
        self.agent_tree.current = rel
        for name in (previous, rel):
            if name in self._leaves and name in self.entries:
                self._leaves[name].set_label(entry_label(self.entries[name], current=name == rel))
        if rel in self._leaves:
            self._move_cursor(self._leaves[rel])

    def _move_cursor(self, node: TreeNode[str]) -> None:
        tree = self.agent_tree
        if node.parent is not None and not node.parent.is_expanded:
            node.parent.expand()  # revealed, as an editor reveals the open file
        _ = tree.last_line  # lay the lines out first: a new node has no line yet
        tree.cursor_line = node.line
        self._show_detail(node.data)  # the tree does not say so when the line number stays
        # Scrolled into view once the tree has its size (not before its first layout).
        tree.call_after_refresh(tree.scroll_to_node, node, animate=False)

    def rebuild(self, *, filtering: bool = False) -> None:
        """Show the entries that match the filter, adding and removing only what changed.

        ``filtering``: the filter changed, so the cursor goes to the open agent (or the
        first match) and every folder opens while a filter is typed; clearing it folds
        again the folders that were folded before. Otherwise (files came and went) the
        cursor stays on its node.
        """
        query = self.query_one("#browser-filter", Input).value.strip()
        tree = self.agent_tree
        cursor = tree.cursor_node
        shown = {rel for rel, entry in self.entries.items() if not query or matches(entry, query)}
        moved_cursor = False
        for rel in [r for r in self._leaves if r not in shown]:
            moved_cursor |= self._remove_leaf(rel, cursor)
        for rel in sorted(shown - self._leaves.keys(), key=_sort_key):
            self._add_leaf(rel)
        self.border_subtitle = (
            f"{len(shown)}/{len(self.entries)}" if query else str(len(self.entries))
        )
        if filtering:
            self._fold_for_filter(bool(query))
        if filtering or moved_cursor:  # the open agent, else the first entry shown
            target = self._leaves.get(self.current or "")
            if target is None and self._leaves:
                target = self._leaves[min(self._leaves, key=_sort_key)]
            if target is not None:
                self._move_cursor(target)
        elif cursor is None and self.current in self._leaves:
            self._move_cursor(self._leaves[self.current])
        # Otherwise the cursor stays on its node wherever the node moved (the tree
        # follows it when it lays out its lines).

    def _fold_for_filter(self, filtered: bool) -> None:
        if filtered:
            if self._folded_before_filter is None:
                self._folded_before_filter = {
                    name for name, node in self._folders.items() if not node.is_expanded
                }
            for node in self._folders.values():
                node.expand()
        elif self._folded_before_filter is not None:
            for name in self._folded_before_filter:
                if name in self._folders:
                    self._folders[name].collapse()
            self._folded_before_filter = None

    def _remove_leaf(self, rel: str, cursor: TreeNode[str] | None) -> bool:
        node = self._leaves.pop(rel)
        folder = posixpath.dirname(rel) or "."
        rels = self._folder_rels[folder]
        rels.remove(rel)
        removed_cursor = node is cursor
        if rels:
            node.remove()
        else:
            folder_node = self._folders.pop(folder)
            del self._folder_rels[folder]
            removed_cursor |= folder_node is cursor
            folder_node.remove()
        return removed_cursor

    def _add_leaf(self, rel: str) -> None:
        folder = posixpath.dirname(rel) or "."
        folder_node = self._folders.get(folder)
        if folder_node is None:
            names = sorted(self._folders)
            index = bisect.bisect(names, folder)
            folder_node = self.agent_tree.root.add(
                folder_label(folder), data=None, expand=True, before=index
            )
            self._folders[folder] = folder_node
            self._folder_rels[folder] = []
        rels = self._folder_rels[folder]
        index = bisect.bisect(rels, rel)
        rels.insert(index, rel)
        entry = self.entries[rel]
        self._leaves[rel] = folder_node.add_leaf(
            entry_label(entry, current=rel == self.current), data=rel, before=index
        )

    def _show_detail(self, rel: str | None) -> None:
        detail = self.query_one("#browser-detail", Static)
        entry = self.entries.get(rel) if rel else None
        if entry is None or not entry.error or rel == self.current:
            detail.add_class("-empty")  # the open agent's problems are in the problems panel
            return
        detail.update(detail_text(entry))
        detail.tooltip = f"{entry.rel}\n{entry.error}"
        detail.remove_class("-empty")

    def first_match(self) -> str | None:
        """The first entry shown (in the tree's order)."""
        return min(self._leaves, key=_sort_key, default=None)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.rebuild(filtering=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.first_match()
        if first is not None:
            self.post_message(self.Selected(first))
            self.agent_tree.focus()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
        self._show_detail(event.node.data)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Selected(event.node.data))
