"""The ``workbench`` command line: a click group (``main``) and one module per subcommand."""
