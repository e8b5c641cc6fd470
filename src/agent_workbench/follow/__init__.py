"""Watching the project folder: change batches and the dependency graph."""
