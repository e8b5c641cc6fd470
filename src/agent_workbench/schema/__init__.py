"""What each tool accepts in a file's frontmatter, and the validation that reads it."""
