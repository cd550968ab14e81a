"""YAML that remembers where each value came from, so problems can name a line.

PyYAML's safe loader gives plain dicts; curators need "items/cat/item.yaml:7", so mappings
are loaded as `LineDict`, which knows the line of the mapping and of each key.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


class LineDict(dict):
    """A dict that knows the 1-based line of itself (`line`) and of each key (`key_lines`)."""

    line: int = 1
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~5x faster
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class YamlError(Exception):
    line: int  # 1-based, in the text that was parsed
    message: str


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML text; raise `YamlError` with a 1-based line (offset by `first_line` - 1)."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1) if mark else 1
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlError(line + first_line - 1, problem) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, str(exc).splitlines()[0]) from None
    _shift_lines(data, first_line - 1)
    return data


def _shift_lines(value, offset: int) -> None:
    if not offset:
        return
    if isinstance(value, LineDict):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for child in value.values():
            _shift_lines(child, offset)
    elif isinstance(value, list):
        for child in value:
            _shift_lines(child, offset)
