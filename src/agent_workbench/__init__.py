"""agent-workbench: a terminal workbench for AI agent definitions.

The package has a headless core (this package's top-level modules) that knows
nothing of Textual, a command line (``agent_workbench.cli``) and a Textual app
(``agent_workbench.app``) that only presents what the core computes.
"""

__version__ = "0.1.0"
