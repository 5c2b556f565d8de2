"""YAML collections: a list of records, or a mapping of name -> record or name -> text.

PyYAML's composer gives each scalar's start and end in the file; the text is followed through
the scalar's source (quotes, escapes, folded line breaks, block indentation) so each character
points where it stands: exactly for plain, quoted, `|` and `>` text, and at the scalar's start
in the rare case the source cannot be followed.
"""

import yaml

from etiket import errors, yamlpos
from etiket.readers import records

_BLOCK = ("|", ">")
_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


class Scalar(str):
    """A YAML string that keeps the node it was read from (for its marks and style)."""

    node = None


def _scalar(loader, node):
    value = Scalar(loader.construct_scalar(node))
    value.node = node
    return value


# The rule files' loader (safe, libyaml when available, only true/false as booleans, mappings and
# lists that know their lines), with strings that know their node.
class _Loader(yamlpos._Loader):
    pass


_Loader.add_constructor("tag:yaml.org,2002:str", _scalar)


def read_yaml(source, stream, options):
    """Yield a Reply, or an InputError, per record of a YAML collection."""
    yield from records.read_document(source, stream, options, _parse, scalar_offsets, _line_of)


def _line_of(container, key, base):
    return (container.item_pos[key] if isinstance(container, list) else container.key_pos[key])[0]


def _parse(source, text):
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise errors.InputError(source, errors.BAD_YAML.format(reason=exc.problem or exc.context, line=mark.line + 1, column=mark.column + 1)) from None
    except yaml.reader.ReaderError as exc:
        raise errors.InputError(source, _unreadable_character(text, exc.reason)) from None
    except RecursionError:
        raise errors.InputError(source, errors.TOO_DEEP) from None
    finally:
        loader.dispose()


def _unreadable_character(text, reason):
    """A character YAML does not allow, with its line and column (libyaml tells a byte offset,
    so it is found again)."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    at = bad.start() if bad else 0
    return errors.BAD_YAML.format(reason=reason, line=text.count("\n", 0, at) + 1, column=at - text.rfind("\n", 0, at))


def scalar_offsets(doc, value):
    """The offset in `doc` of each character of a Scalar."""
    node = value.node
    block = node.style in _BLOCK
    i, indent = _content_start(doc, node, value)
    offsets = []
    for c in value:
        i = _find(doc, i, node.end_mark.index, c, node.style)
        if i is None:
            return [node.start_mark.index] * len(value)
        offsets.append(i)
        i = _after(doc, i, c, node.style, indent if block else 0)
    return offsets


def _content_start(doc, node, value):
    """Where the scalar's characters begin, and a block scalar's indentation: the spaces before
    its first line that are not part of the text (an explicit indentation indicator included)."""
    i = node.start_mark.index
    if node.style not in _BLOCK:
        return i + (node.style in ("'", '"')), 0
    i = doc.index("\n", i) + 1  # the text starts on the line after `|` or `>`
    indent = _leading(doc[i:node.end_mark.index]) - _leading(value)
    return _skip_indent(doc, i, indent), indent


def _leading(text):
    """The spaces before the first line that holds more than whitespace."""
    line = next(line for line in text.split("\n") if line.strip())
    return len(line) - len(line.lstrip(" "))


def _find(doc, i, end, c, style):
    """The offset of the source of character `c`, from `i` on: the character itself, an escape,
    or the whitespace a folded line break stands for; None when the source cannot be followed."""
    while i < end:
        s = doc[i]
        if style == '"' and s == "\\" and doc[i + 1] in "\r\n":
            i = _skip_blanks(doc, i + 1)  # an escaped line break stands for nothing
        elif s == c or (style == '"' and s == "\\") or (s in " \t\r\n" and c in " \n" and s != "\r"):
            return i
        elif s in " \t\r\n":
            i += 1  # indentation, or a line break that folding removed
        else:
            return None
    return None


def _after(doc, i, c, style, indent):
    """Where the source of the next character may begin, past the source of `c` at `i`."""
    if style == '"' and doc[i] == "\\":
        return i + _ESCAPE_LENGTH.get(doc[i + 1], 2)
    if style == "'" and c == "'":
        return i + 2  # '' stands for one quote
    if doc[i] == "\n" and c == "\n":
        return _skip_indent(doc, i + 1, indent)
    return i + 1


def _skip_indent(doc, i, indent):
    stop = i
    while stop < i + indent and stop < len(doc) and doc[stop] == " ":
        stop += 1
    return stop


def _skip_blanks(doc, i):
    while i < len(doc) and doc[i] in " \t\r\n":
        i += 1
    return i
