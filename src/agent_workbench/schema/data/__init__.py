"""What each tool does with a file's fields, as plain data with a source per rule.

One module per tool (``claude_code``, ``opencode``, ``agpm``). Each field is a
``dict`` (``name``, ``kind``, ``help``, and optional ``values``, ``required``,
``open_values``, ``pattern``, ``pattern_help``, ``minimum``, ``maximum``,
``comma_string``, ``check``) plus ``source``: a key of the module's
``SOURCES``, which names a document (URL, or repository path at a commit or
version) and the date it was checked. ``schema.tables`` turns the dicts into
``FieldSpec``s; the validator, the app's form and ``workbench check`` read
them from there. A tool release is a change here, with a test.
"""
