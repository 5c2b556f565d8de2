"""required-unquoted: what the customer quotes (a status, an error message, someone's note) is not
their own report of a failure; apology/missing-apology uses it."""

from conftest import make_reply


def apology_findings(linter, customer, text="The courier delivers again tomorrow.", lang="en"):
    result = linter.check(make_reply(text, lang=lang, customer=customer, channel="chat"))
    return [f for f in result.findings if f.rule == "apology/missing-apology"]


def test_a_failure_word_inside_quotes_does_not_ask_for_an_apology(linter):
    assert apology_findings(linter, "the tracking says 'delayed'") == []
    assert apology_findings(linter, "kurir bilang 'alamat tidak ditemukan'", "Kurir antar ulang besok, Kak.", "id") == []


def test_the_same_words_outside_quotes_do(linter):
    assert len(apology_findings(linter, "the tracking says it is delayed")) == 1


def test_an_apostrophe_opens_no_quote_and_the_suggestion_names_the_unquoted_problem(linter):
    found = apology_findings(linter, "it's 'in transit' but the parcel arrived damaged")
    # named by its clause, from "but" on: the quoted status is not the problem
    assert len(found) == 1 and "(“the parcel arrived damaged”)" in found[0].suggestion
