"""Git sources, change sets, impact analysis, text and rendered diffs."""
