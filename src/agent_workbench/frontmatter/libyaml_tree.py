"""A linear read of plain YAML through libyaml, shaped like ruamel's round-trip tree.

ruamel.yaml's round-trip parse is pure Python: about 0.5 ms per key, 5 s for a
frontmatter of 10,000 keys, and the edit path needs the fields of the text before
and after an edit. ``read_tree`` gives the same fields through PyYAML's C parser
(libyaml), in a fraction of that: ``CommentedMap``s and ``CommentedSeq``s with the
marks ruamel sets (``.lc``: line and column of every key, value and item; the flow
style of ``{…}`` and ``[…]``), so the layout and validation code reads them as it
reads ruamel's. Comments and quoting styles are not kept (the edit itself still
parses the touched entry with ruamel; see ``entry_edit``).

It gives the data ruamel (YAML 1.2) gives, or None, meaning "parse with ruamel"
(which also gives the exact error). None for:

* text libyaml refuses, or that is not a block mapping at the top;
* explicit tags (``!!str 3``, ``!foo``), aliases (``*a``: the alias-bomb guard and
  merge keys live on the round-trip path), merge keys (``<<``), duplicate keys, and
  keys that are not strings (``true:``, ``1:``, ``[a]:``);
* plain scalars whose YAML 1.2 reading is not one of the common ones: decimal
  integers and ``1.5``-style floats are read, hex/octal/binary, ``_``, exponents,
  ``.inf``, timestamps and ``=`` are not (ruamel gives them its own types);
* document markers, directives, a byte order mark, and line breaks other than
  ``\\n`` and ``\\r\\n`` (the same refusals as ``entries.split_entries``).

Without PyYAML's C extension there is no fast read (always None). The fast paths'
switch (``model.fast_paths``) turns it off.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.resolver import implicit_resolvers as _ruamel_resolvers

from agent_workbench.frontmatter.frozen_tree import freeze_tree
from agent_workbench.model import fast_paths
from agent_workbench.model.caches import memo

try:  # PyYAML with libyaml; the pure-Python PyYAML parser is no faster than ruamel's
    import yaml as _pyyaml  # type: ignore[import-untyped, import-not-found, unused-ignore]
    from yaml import CSafeLoader as _CLoader
except ImportError:  # pragma: no cover - pyyaml is a dependency; its wheels bundle libyaml
    _pyyaml = None
    _CLoader = None

_PLAIN = "tag:workbench:plain"  # a plain scalar, to be read by YAML 1.2's rules below
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

_REFUSED = re.compile("[\x85\u2028\u2029\ufeff]|\r(?!\n)|^(?:---|\\.\\.\\.|%)", re.M)
# YAML 1.2 (ruamel's resolver, ruamel/yaml/resolver.py ``implicit_resolvers``, version
# (1, 2)): what a plain scalar means. Read here: the null, bool, decimal int and simple
# float forms; declined: every other form those resolvers (or timestamp, merge, value) take.
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
# Every other typed form, as ruamel's own 1.2 resolvers match it (by first character).
_TYPED: dict[str, list[Any]] = {}
for _versions, _tag, _regexp, _first in _ruamel_resolvers:
    if (1, 2) in _versions:
        for _char in _first:
            _TYPED.setdefault(_char, []).append(_regexp)
_TYPED_START = frozenset({"", "~", *"nNtTfF", *_TYPED})  # what a typed scalar starts with


class _Decline(Exception):
    """The text is valid YAML, but not one this reader can show ruamel reads the same."""


if _CLoader is not None:

    class _Loader(_CLoader):
        """libyaml's parser and composer; scalars resolved later, by YAML 1.2's rules."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is _pyyaml.ScalarNode:
                return _PLAIN if implicit[0] else _STR
            return super().resolve(kind, value, implicit)


HAS_LIBYAML = _CLoader is not None  # PyYAML's C parser is installed


def available() -> bool:
    """Is the fast read possible here (PyYAML's C parser installed, fast paths on)?"""
    return _CLoader is not None and fast_paths.enabled()


def _scalar(node: Any) -> Any:
    if node.tag == _STR:
        return node.value
    if node.tag != _PLAIN:
        raise _Decline
    value = node.value
    if value[:1] not in _TYPED_START:
        return value  # most values: text no resolver looks at
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if any(regexp.match(value) for regexp in _TYPED.get(value[:1], ())):
        raise _Decline
    return value


def _build(node: Any, seen: set[int]) -> Any:
    """A collection node as ruamel builds it (scalars by ``_scalar``)."""
    if id(node) in seen:
        raise _Decline  # an alias: the same node twice
    seen.add(id(node))
    mark = node.start_mark
    scalar = _pyyaml.ScalarNode
    if isinstance(node, _pyyaml.SequenceNode):
        if node.tag != _SEQ:
            raise _Decline
        seq = CommentedSeq()
        seq._yaml_set_line_col(mark.line, mark.column)
        items: dict[Any, list[int]] = {}
        for index, child in enumerate(node.value):
            seq.append(_scalar(child) if isinstance(child, scalar) else _build(child, seen))
            items[index] = [child.start_mark.line, child.start_mark.column]
        seq.lc.data = items
        _style(seq, node.flow_style)
        return seq
    if node.tag != _MAP:
        raise _Decline
    mapping = CommentedMap()
    mapping._yaml_set_line_col(mark.line, mark.column)
    marks: dict[Any, list[int]] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node) if isinstance(key_node, scalar) else None
        if type(key) is not str or key in marks:
            raise _Decline  # a non-string key, or a duplicate (ruamel refuses those)
        mapping[key] = (
            _scalar(value_node) if isinstance(value_node, scalar) else _build(value_node, seen)
        )
        key_mark, value_mark = key_node.start_mark, value_node.start_mark
        marks[key] = [key_mark.line, key_mark.column, value_mark.line, value_mark.column]
    mapping.lc.data = marks
    _style(mapping, node.flow_style)
    return mapping


def _style(node: CommentedMap | CommentedSeq, flow: bool | None) -> None:
    if not node:
        return  # ruamel leaves an empty `[]` or `{}` without a style
    if flow:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def read_tree(text: str) -> CommentedMap | None:
    """The frontmatter's fields as ruamel's round-trip parse gives them (marks included,
    comments and quoting styles not), or None (see the module docstring). Shared: frozen."""
    if not available() or _REFUSED.search(text):
        return None
    return _read(text)


@memo("frontmatter.libyaml_reads", 8)
def _read(text: str) -> CommentedMap | None:
    try:
        node = _pyyaml.compose(text, Loader=_Loader)
        if node is None:
            return None  # empty, or only comments: ruamel's reading is cheap
        if not isinstance(node, _pyyaml.MappingNode) or node.flow_style:
            return None
        tree = _build(node, set())
    except (_Decline, _pyyaml.YAMLError, RecursionError, ValueError, TypeError):
        return None
    return freeze_tree(tree)
