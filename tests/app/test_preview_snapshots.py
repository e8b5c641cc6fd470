"""Snapshots of the preview in each mode, and marked stale (pytest-textual-snapshot)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from agent_workbench.app.widgets.preview import Preview

AGENT = """\
---
name: python-reviewer
description: Reviews Python changes for correctness and style
tools: Read, Grep, Bash
model: sonnet
---
# Python reviewer

You review **Python** code. Keep *answers* short and cite `file:line`.

## Checklist

1. Read the diff
2. Run `pytest -q`
3. Report findings

```python
def greet(name: str) -> str:
    return f"hello {name}"
```

| severity | meaning |
| --- | --- |
| high | must fix |
| low | nice to have |

> Be kind, be specific.
"""

BODY = AGENT.split("---\n", 2)[2]


class PreviewApp(App[None]):
    def __init__(self, text: str, mode: str, *, stale: str = "", numbers: bool = False) -> None:
        super().__init__()
        self._text = text
        self._mode = mode
        self._stale = stale
        self._numbers = numbers

    def compose(self) -> ComposeResult:
        yield Preview(self._text, self._mode)

    def on_mount(self) -> None:
        preview = self.query_one(Preview)
        preview.show_line_numbers = self._numbers
        if self._stale:
            preview.mark_stale(True, self._stale)


def test_markdown_mode(snap_compare) -> None:
    assert snap_compare(PreviewApp(BODY, "markdown"), terminal_size=(80, 40))


def test_raw_mode_with_line_numbers(snap_compare) -> None:
    assert snap_compare(PreviewApp(BODY, "raw", numbers=True), terminal_size=(80, 30))


def test_installed_mode(snap_compare) -> None:
    assert snap_compare(PreviewApp(AGENT, "installed"), terminal_size=(80, 30))


def test_stale_markdown(snap_compare) -> None:
    app = PreviewApp(BODY, "markdown", stale="agents/python-reviewer.md:12:5 undefined 'lang'")
    assert snap_compare(app, terminal_size=(80, 24))
