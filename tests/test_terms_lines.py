"""The regex gate remembers what each line holds: the answer is the one read from the clauses, for
lines seen before, literals spanning lines, and a memory kept bounded."""

from etiket import pipeline, terms
from etiket.terms import TermIndex


def _index(regexes):
    nlp = pipeline.build("en", [])
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    for number, regex in enumerate(regexes):
        index.add(f"r{number}", {"regex": [regex]})
    return index


def test_a_line_seen_before_answers_as_it_did():
    index = _index([r"\bthank you\b", r"\bregards\b", r"\d{3,}"])
    assert index._due_regexes("Thank you for waiting.\nRegards") == {0, 1}
    assert index._due_regexes("Thank you for waiting.\nOrder 12345") == {0, 2}
    assert index._due_regexes("Thank you\nfor waiting") == {0}
    assert index._due_regexes("Thank\nyou for waiting") == set()  # "thank you" is not in either line


def test_a_literal_across_lines_is_looked_for_in_the_whole_text():
    index = _index([r"thanks\nanna", r"\n\n"])
    assert index._due_regexes("Thanks\nAnna") == {0}
    assert index._due_regexes("Thanks\n\nAnna") == {1}
    assert index._due_regexes("Thanks Anna") == set()


def test_the_lines_remembered_stay_bounded(monkeypatch):
    monkeypatch.setattr(terms, "LINES", 2)
    index = _index([r"\bplease\b"])
    for text in ["please wait\nok", "ok\nthen", "please\nthen", "please wait\nok"]:
        assert index._due_regexes(text) == ({0} if "please" in text else set())
        assert len(index._gate._lines) <= 2


def test_a_long_line_is_not_remembered(monkeypatch):
    monkeypatch.setattr(terms, "LINE", 10)
    index = _index([r"\bplease\b"])
    assert index._due_regexes("please wait a moment\nok") == {0}
    assert list(index._gate._lines) == ["ok"]
