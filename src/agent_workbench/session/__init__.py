"""The one place both front ends call: the headless Workspace, diagnosis, languages, token
reports, disk sync.

One answer per question, so the CLI, the browser, the status line and the tokens screen
agree about a file: ``diagnose.diagnose`` (its problems), ``languages.languages_to_render``
(the languages to render it with), ``token_report.token_report`` (its token table).
``cli/`` and ``app/`` import this package and ``model`` only; what they need from deeper
packages is re-exported deliberately by ``editing``, ``fields``, ``rendering``, ``diffs``,
``token_counting`` and ``watching`` (kept so by the import-linter contracts in
``pyproject.toml``). Nothing is imported here, so that a command loads only what it uses.
"""
