"""YAML loading that remembers where each key and item stood, so errors can name a line.

Built on the safe loader (libyaml's when available): rule files are data and never run code.
"""

import re

import yaml


class PosDict(dict):
    """A mapping that knows the (line, column) of itself and of each key, 1-based."""

    pos = (0, 0)
    key_pos: dict


class PosList(list):
    """A sequence that knows the (line, column) of itself and of each item, 1-based."""

    pos = (0, 0)
    item_pos: list


# libyaml's parser when PyYAML was built with it (about 5x faster); same safe constructors either way.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# YAML 1.1 reads `no`, `on`, `yes`, `off` as booleans, which silently breaks word lists such as
# `{LOWER: {IN: [no, not]}}`; like YAML 1.2, only true/false are booleans here.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _mark(node):
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _mapping(loader, node):
    # a key written twice is refused, as yamllint's key-duplicates does: PyYAML keeps the last one
    # silently, so a second `regex:` under one language would drop the first list unseen (a key a
    # `<<` merge brings in may still be overridden: that is what the merge is for)
    written = {id(key_node) for key_node, _ in node.value}
    loader.flatten_mapping(node)
    result = PosDict()
    result.pos = _mark(node)
    result.key_pos = {}
    seen = set()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:  # '? [a, b]: c' or '{[a]: b}': PyYAML's own error, so readers report the line
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
            ) from None
        if id(key_node) in written:
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, f"found duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_pos[key] = _mark(key_node)
    return result


def _sequence(loader, node):
    result = PosList(loader.construct_object(child, deep=True) for child in node.value)
    result.pos = _mark(node)
    result.item_pos = [_mark(child) for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(text):
    """Parse YAML text; raises yaml.YAMLError with a problem_mark on bad syntax."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def position(data, path):
    """The (line, column) of the deepest element of `path` (keys / indexes) found in `data`."""
    best = getattr(data, "pos", (0, 0))
    node = data
    for step in path:
        if isinstance(node, PosDict) and step in node:
            best = node.key_pos.get(step, best)
        elif isinstance(node, PosList) and isinstance(step, int) and step < len(node):
            best = node.item_pos[step]
        else:
            break
        node = node[step]
    return best


def read_text(path, error):
    """A settings file's text (a BOM is dropped), or `error(path, 0, 0, reason)` raised: the rule
    and config loaders word their errors with their own prefix."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise error(path, 0, 0, "not UTF-8 text") from None
    except OSError as exc:
        raise error(path, 0, 0, f"cannot be read ({exc.strerror})") from None
