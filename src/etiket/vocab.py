"""Shared vocabularies: named word lists that rules use inside token patterns and regexes.

A vocabulary is `rules/_vocab/NAME.yaml`: named groups of words, each by language (`en`, `id`) and
`all` for the words every language shares. A rule names a vocabulary where it would list its words:

    patterns: [[{LOWER: {IN: [$address.formal, $address.warm, situ]}}, {LOWER: salah}]]
    regex: ['\\b(?:$address.formal|$address.warm) salah\\b']
    phrases: [$closing.sign-off, "see you"]

A group may instead be a regex fragment, `GROUP: {regex: '...'}`, for a piece of regex many rules
spell alike ("the rest of the sentence", "where a sentence ends"): `$NAME.GROUP` in a regex becomes
`(?:fragment)` as written, unescaped; the word groups it names take the language of the rule that
names it, and it may not name another fragment. Anywhere but a regex it is refused.
`$NAME` is every group, `$NAME.GROUP` one group, in the language of the term block it sits in.
In an `IN`/`NOT_IN` list, and in a `phrases` or `lemmas` list, the reference stands for its words;
as a whole attribute value (`{LOWER: $address.formal}`) it becomes `{IN: [...]}`; in a regex (and a
pattern's `REGEX`) it becomes an escaped alternation `(?:Bapak|Ibu|...)`, longest word first. Under
LOWER, NORM and LEMMA the words are lower-cased; under ORTH and TEXT they keep the case written in
the vocabulary.
References are replaced when the rule loads, so matching costs the same as a written-out list.
"""

import re

from etiket import LANGUAGES

DIR = "_vocab"
NEUTRAL = "all"  # the words (or terms) every language shares
_NAME = "[a-z][a-z0-9-]*"
REFERENCE = re.compile(rf"(?<!\\)\$({_NAME})(?:\.({_NAME}))?")
_WHOLE = re.compile(rf"^\$({_NAME})(?:\.({_NAME}))?$")
_LOWERED = ("LOWER", "NORM", "LEMMA")
_WORDS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1, "pattern": r"^[^$]"}}
FRAGMENT = "regex"  # the key of a group that is a piece of regex, not words
SCHEMA = {  # of a file in _vocab/
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"pattern": f"^{_NAME}$"},
    "additionalProperties": {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {**{lang: _WORDS for lang in (*LANGUAGES, NEUTRAL)},
                       FRAGMENT: {"type": "string", "minLength": 1}},
    },
}


def fragment_problem(data):
    """(group, detail) for the first regex fragment of a vocabulary file that is malformed, else None."""
    for group, value in data.items():
        if FRAGMENT not in value:
            continue
        if len(value) > 1:
            return group, f"group {group!r} is a regex fragment: it holds {FRAGMENT!r} alone, without words"
    return None


def words(vocabularies, name, group, lang, fail):
    """The words of `$name` (every group) or `$name.group` in `lang`; `fail(detail)` raises."""
    if name not in vocabularies:
        fail(f"no vocabulary named {name!r} (vocabularies: {', '.join(sorted(vocabularies)) or 'none'})")
    groups = vocabularies[name]
    if group is not None and group not in groups:
        fail(f"vocabulary {name!r} has no group {group!r} (groups: {', '.join(groups)})")
    fragments = [g for g in ([group] if group else groups) if FRAGMENT in groups[g]]
    if fragments and group is None:
        fail(f"vocabulary {name!r} holds regex fragments: name one inside a regex (${name}.{fragments[0]})")
    if fragments:
        fail(f"${name}.{group} is a regex fragment: use it inside a regex")
    found = []
    for picked in [group] if group else groups:
        found += [w for w in groups[picked].get(lang, []) + groups[picked].get(NEUTRAL, []) if w not in found]
    if not found:
        fail(f"${name}{'.' + group if group else ''} has no {lang!r} words")
    return found


def expand(node, where, lang, vocabularies, fail):
    """Replace the vocabulary references in one term block (`lang` terms) in place.

    `fail(where, detail)` raises at a key path inside the rule."""
    for i, regex in enumerate(node.get("regex", [])):
        node["regex"][i] = _in_regex(regex, lang, vocabularies, lambda d, at=where + ["regex", i]: fail(at, d))
    for key in ("phrases", "lemmas"):
        if any(isinstance(item, str) and _WHOLE.match(item) for item in node.get(key, [])):
            node[key] = _spliced(node[key], where + [key], lang, vocabularies, fail, lower=False)
    for i, pattern in enumerate(node.get("patterns", [])):
        for j, token in enumerate(pattern):
            if isinstance(token, dict):
                _in_token(token, where + ["patterns", i, j], lang, vocabularies, fail)


def _in_token(token, where, lang, vocabularies, fail):
    for attr, value in list(token.items()):
        at = where + [attr]
        lower = attr in _LOWERED
        if isinstance(value, str) and _WHOLE.match(value):
            token[attr] = {"IN": _cased(_whole(value, lang, vocabularies, lambda d: fail(at, d)), lower)}
        elif isinstance(value, dict):
            for op, items in value.items():
                if op in ("IN", "NOT_IN") and isinstance(items, list):
                    value[op] = _spliced(items, at + [op], lang, vocabularies, fail, lower)
                elif op == "REGEX" and isinstance(items, str):
                    value[op] = _in_regex(items, lang, vocabularies, lambda d, a=at + [op]: fail(a, d))


def _spliced(items, where, lang, vocabularies, fail, lower):
    """An IN list with each reference replaced by its words (no word twice)."""
    out = []
    for k, item in enumerate(items):
        if isinstance(item, str) and _WHOLE.match(item):
            found = _cased(_whole(item, lang, vocabularies, lambda d, at=where + [k]: fail(at, d)), lower)
        else:
            found = [item]
        out += [w for w in found if w not in out]
    return out


def _whole(reference, lang, vocabularies, fail):
    name, group = _WHOLE.match(reference).groups()
    return words(vocabularies, name, group, lang, fail)


def _cased(found, lower):
    if not lower:
        return found
    out = []
    for w in found:
        if w.lower() not in out:
            out.append(w.lower())
    return out


def _fragment(vocabularies, name, group):
    """The regex of `$name.group` when that group is a fragment, else None."""
    found = vocabularies.get(name, {}).get(group) if group else None
    return found.get(FRAGMENT) if found else None


def _in_regex(regex, lang, vocabularies, fail, in_fragment=False):
    def alternation(m):
        fragment = _fragment(vocabularies, m.group(1), m.group(2))
        if fragment is not None and in_fragment:
            fail(f"{m.group(0)} is named inside a regex fragment: a fragment names word groups, not fragments")
        if fragment is not None:  # its own word groups in the language of the rule that names it
            return f"(?:{_in_regex(fragment, lang, vocabularies, fail, in_fragment=True)})"
        found = words(vocabularies, m.group(1), m.group(2), lang, fail)
        return "(?:" + "|".join(re.escape(w) for w in sorted(found, key=lambda w: (-len(w), w))) + ")"
    return REFERENCE.sub(alternation, regex)
