"""The syntax of rule terms, checked when a rule loads: regexes on the `regex` engine, token
patterns as spaCy's Matcher reads them.

spaCy is imported only when a token pattern is checked, so loading rules to list or explain them
(`etiket rules`, `etiket --help`) does not pay for it.
"""

import regex as re_engine


def compile_regex(pattern):
    """A rule regex, compiled with the `regex` engine: it can be stopped by a timeout, which
    Python's `re` cannot."""
    return re_engine.compile(pattern, re_engine.IGNORECASE | re_engine.V0)


def pattern_problem(pattern):
    """The reason spaCy rejects a token pattern, or None when it is valid."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)
    try:
        matcher.add("check", [list(pattern)])
    except (MatchPatternError, ValueError, TypeError, KeyError) as exc:
        return " ".join(str(exc).split())[:300]
    return None
