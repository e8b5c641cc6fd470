"""Exact offline token counts, and the counts of a rendered agent."""
