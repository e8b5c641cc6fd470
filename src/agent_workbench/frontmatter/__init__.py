"""Reading and editing YAML frontmatter: round-trip edits, layout, key paths, Claude Code's lenient reading, repair."""
