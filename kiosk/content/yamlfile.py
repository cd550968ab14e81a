"""YAML that remembers where each value came from, so problems can name a line.

PyYAML's safe loader gives plain dicts; curators need "items/cat/item.yaml:7", so mappings
are loaded as `LineDict`, which knows the line of the mapping and of each key.

Content files are untrusted text, so this is the one place that bounds what YAML can do
before anything is built from it: nesting deeper than MAX_DEPTH (libyaml's composer recurses
in C and crashes the process on a few hundred thousand brackets), more than MAX_VALUES values
once aliases are expanded ("billion laughs": a few lines that grow to gigabytes), a key given
twice (the first value would be lost without a word), and any value that cannot be built (an
impossible date, an unknown tag) all become a `YamlError` with the line it is on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import yaml


class LineDict(dict):
    """A dict that knows the 1-based line of itself (`line`) and of each key (`key_lines`)."""

    line: int = 1
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


MAX_DEPTH = 64  # nested lists and mappings; real content uses fewer than ten
MAX_INT = 2**63 - 1  # any whole number in content: what SQLite stores
MAX_VALUES = 100_000  # values after alias expansion; the whole sample's largest file has ~2,000


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~5x faster
    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            # e.g. 2026-02-30 (datetime refuses it) or !!binary that is not base64
            what = f"'{node.value[:40]}'" if isinstance(node.value, str) else "this value"
            raise yaml.constructor.ConstructorError(
                None, None, f"{what} cannot be read ({_one_line(exc)})", node.start_mark
            ) from None


    def construct_yaml_int(self, node):
        value = super().construct_yaml_int(node)
        if not -MAX_INT <= value <= MAX_INT:  # SQLite and JSON readers hold 64-bit integers
            raise yaml.constructor.ConstructorError(
                None, None, f"the number {node.value[:30]} is too large", node.start_mark)
        return value

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):  # .nan, .inf, 1e400: no count, time or size is one
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value[:30]} is not a number the kiosk can use",
                node.start_mark)
        return value


_LineLoader.add_constructor("tag:yaml.org,2002:int", _LineLoader.construct_yaml_int)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _LineLoader.construct_yaml_float)


def _one_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    own_keys = {id(key_node) for key_node, _ in node.value if key_node.tag != _MERGE_TAG}
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
        if key in result.key_lines and id(key_node) in own_keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{key}' is given twice (first on line {result.key_lines[key]})",
                key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class YamlError(Exception):
    line: int  # 1-based, in the text that was parsed
    message: str
    # True: the text is not YAML (indentation, colons, quotes); False: it is, but a value in it
    # cannot be used (a date that does not exist, a key given twice, a limit passed)
    syntax: bool = True
    hint: str = ""


SYNTAX_HINT = "check indentation, colons and quotes on this line and the one above"
_VALUE_HINTS = (  # (words in the message, what to do), first match wins
    ("given twice", "keep one of the two lines: the second would silently replace the first"),
    ("too large", "a count or number of seconds is far smaller; put text in quotes"),
    ("not a number the kiosk can use", "write an ordinary number, e.g. 4.5"),
    ("nested more than", "content needs a few levels of lists and mappings, not dozens"),
    ("aliases", "write the values out instead of repeating them with &anchors and *aliases"),
    ("constructor for the tag", "remove the '!tag' before the value, or put the value in quotes"),
    ("cannot be read", "write a real date as YYYY-MM-DD, or put the value in quotes"),
    ("plain text", "a key is a word before a colon, e.g. 'title:'"),
)


def value_hint(message: str) -> str:
    return next((hint for words, hint in _VALUE_HINTS if words in message),
                "put the value in quotes if it is meant as text")


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML text; raise `YamlError` with a 1-based line (offset by `first_line` - 1)."""
    try:
        _check_shape(text)
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except _ShapeError as exc:
        raise YamlError(exc.line + first_line - 1, exc.message, False,
                        value_hint(exc.message)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1) if mark else 1
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        if isinstance(exc, yaml.constructor.ConstructorError):  # parsed; a value is unusable
            raise YamlError(line + first_line - 1, problem, False, value_hint(problem)) from None
        raise YamlError(line + first_line - 1, problem, True, SYNTAX_HINT) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, str(exc).splitlines()[0], True, SYNTAX_HINT) from None
    _shift_lines(data, first_line - 1)
    return data


class _ShapeError(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


def _check_shape(text: str) -> None:
    """Refuse deep nesting and alias bombs from libyaml's event stream, before composing.

    The event parser keeps its state on the heap (no recursion), and the size of each anchored
    value is known when it ends, so an alias adds the size it would expand to.
    """
    open_sizes: list[list] = []  # per open collection: [values so far, its anchor]
    anchored: dict[str, int] = {}
    total = 0
    for event in yaml.parse(text, Loader=_LineLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_sizes) >= MAX_DEPTH:
                raise _ShapeError(event.start_mark.line + 1,
                                  f"lists and mappings nested more than {MAX_DEPTH} deep")
            open_sizes.append([1, event.anchor])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size, anchor = open_sizes.pop()
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            size, anchor = anchored.get(event.anchor, 1), None
        else:
            continue
        if anchor is not None:
            anchored[anchor] = size
        if open_sizes:
            open_sizes[-1][0] += size
            grown = open_sizes[-1][0]
        else:
            total += size
            grown = total
        if grown > MAX_VALUES:
            raise _ShapeError(event.start_mark.line + 1,
                              f"more than {MAX_VALUES:,} values once '*aliases' are expanded")


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
