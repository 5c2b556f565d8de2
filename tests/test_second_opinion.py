"""The learned second opinion: its features and scores (etiket.learned), the `learned` check type,
and the shipped `second-opinion` pack, which runs only when named."""

import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etiket import api, errors, examples, learned, rulebook
from etiket.cli import app
from etiket.lint import Linter

from conftest import make_reply

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = rulebook.load_packs([rulebook.builtin_rules_dir(), "second-opinion"])
LEARNED = {rule_id: rule for rule_id, rule in SHIPPED.items() if rule.check == "learned"}
runner = CliRunner()


@pytest.fixture(scope="module")
def second_opinion_alone():
    """The learned rules without the others, so that a rule tuned to catch one of their bad examples
    (and so silence the learned rule, test_a_learned_rule_defers_to_a_rule_of_its_category) does not
    make the weights' own test fail."""
    return Linter(list(LEARNED.values()))


def test_the_pack_has_one_learned_rule_per_category_and_a_milder_one_for_politeness():
    assert sorted(LEARNED) == sorted([f"{category}/learned" for category in
                                      ("politeness", "transparency", "apology", "sarcasm", "clarity",
                                       "empathy", "overpromise", "blame")] + ["politeness/learned-tone"])


def test_the_milder_politeness_opinion_stops_where_the_warning_starts():
    """politeness/learned-tone (info) speaks up to politeness/learned's threshold, never beside it."""
    tone, warning = LEARNED["politeness/learned-tone"], LEARNED["politeness/learned"]
    assert (tone.severity, warning.severity) == ("info", "warning")
    assert tone.spec["weights"] == warning.spec["weights"]
    assert tone.spec["below"] == warning.spec["threshold"]


@pytest.mark.parametrize("example", list(examples.of(LEARNED.values())), ids=lambda example: example.name)
def test_shipped_weights_hold_their_examples(second_opinion_alone, example):
    """Bad examples are labelled drafts the weights catch (chosen where the rules missed them);
    good ones stay quiet."""
    problem = examples.failure(second_opinion_alone, example)
    assert problem is None, f"{example.where()} [{example.rule.id}] {problem}"


@pytest.mark.parametrize("rule_id", sorted(LEARNED))
def test_each_learned_rule_is_exemplified_in_both_languages(rule_id):
    for lang in ("en", "id"):
        assert len(LEARNED[rule_id].examples[lang]["bad"]) >= 1
        assert len(LEARNED[rule_id].examples[lang]["good"]) >= 2


def test_the_second_opinion_runs_unless_turned_off(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "blame/learned" in runner.invoke(app, ["rules", "list"]).stdout
    assert "blame/learned" in api.Linter().rules
    assert "blame/learned" not in api.Linter(second_opinion=False).rules
    (tmp_path / ".etiket.yaml").write_text("second_opinion: false\n", encoding="utf-8")
    listed = runner.invoke(app, ["rules", "list"])
    assert listed.exit_code == 0
    assert "blame/learned" not in listed.stdout and "blame/fault-on-customer" in listed.stdout
    assert "blame/learned" in api.Linter(config=True, second_opinion=True).rules


def test_check_without_the_second_opinion_does_not_know_its_rules(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Thanks for waiting, the refund went to your card today.\n", encoding="utf-8")
    assert runner.invoke(app, ["check", "--select", "blame/learned", str(draft)]).exit_code == 0
    result = runner.invoke(app, ["check", "--no-second-opinion", "--select", "blame/learned", str(draft)])
    assert result.exit_code == 2
    assert "blame/learned" in result.stderr


def test_words_generalise_handles_links_and_digits():
    assert learned.words("@ana_c See https://x.co/a in 12 days, didn’t you?") == [
        ("@handle", 0), ("see", 7), ("<link>", 11), ("in", 26), ("00", 29), ("days", 32), ("didn't", 38), ("you", 45)]


def test_word_count_leaves_out_handles_links_and_other_scripts():
    assert learned.read("@ana_c see https://x.co/a now").word_count == 2
    assert learned.read("@115770 恐れ入ります。今後ともどうぞよろしくお願いします。").word_count == 0


def test_each_block_of_a_vector_has_unit_length():
    values = learned.vector("Hi you", "where is it", "chat")
    words = {f: v for f, v in values.items() if f.startswith("w:")}
    assert words == {"w:hi": 1 / math.sqrt(3), "w:you": 1 / math.sqrt(3), "w:hi you": 1 / math.sqrt(3)}
    chars = [v for f, v in values.items() if f.startswith("c:")]
    assert math.isclose(sum(v * v for v in chars), 1.0)
    assert " hi" in {f[2:] for f in values if f.startswith("c:")}
    customer = {f for f in values if f.startswith("q:")}
    assert customer == {"q:where", "q:is", "q:it", "q:where is", "q:is it"}
    assert values["channel:chat"] == 1.0


def _cues(text, customer):
    return {f for f in learned.vector(text, customer, "chat") if f.startswith("d:")}


def test_shape_cues_read_how_the_reply_answers_the_customer():
    """Three cues no n-gram holds: the customer's words said again (three in a row), their own words
    put in quotes, a smile at a customer who shouts; with one value, as a block of their own."""
    assert _cues("Sorry your parcel never arrived, I've sent a new one.", "my parcel never arrived") == {"d:echo"}
    assert _cues('So it is "urgent". We will look.', "this is urgent, fix it") == {"d:quote"}
    assert _cues("We will look at it today 😊", "WHY is it still broken??") == {"d:cheer"}
    assert learned.vector("We will look at it today 😊", "WHY is it still broken??")["d:cheer"] == 1.0


def test_shape_cues_stay_quiet_on_their_near_misses():
    assert _cues("Your parcel has not arrived yet.", "my parcel never arrived") == set()  # two words in a row
    assert _cues('Press "Submit" at the bottom.', "where do I send it?") == set()  # quoted, but not their word
    assert _cues("We will look at it today 😊", "why is it still broken?") == set()  # a smile, nobody shouting
    assert _cues("We are so sorry 🙏", "WHY is it still broken??") == set()  # folded hands are not a smile
    assert _cues("Sorry your parcel never arrived 😊", None) == set()  # no message, no cue
    # an acronym the reply writes in capitals too is a name, not shouting
    assert _cues("QRIS udah ada kok di menu bayar 😊", "tolong tambahin metode bayar QRIS") == set()


def test_a_word_in_capitals_is_shouting_unless_the_reply_repeats_it():
    assert _cues("Klaim BPJS sudah kami cek ya 😊", "klaim BPJS saya ditolak LAGI") == {"d:cheer"}
    assert _cues("Klaim sudah kami cek ya 😊", "klaim BPJS saya ditolak") == {"d:cheer"}  # a name unsaid reads as a shout


def test_probability_and_heaviest_sentence():
    model = learned.Model({"w:your fault": 3.0, "w:sorry": -2.0, "w:typed": 1.0}, -1.0)
    text = "Sorry about that. You typed it wrong, your fault."
    values = learned.vector(text)
    share = values["w:your fault"]
    expected = 1 / (1 + math.exp(-(-1.0 + 3.0 * share - 2.0 * share + 1.0 * share)))
    assert math.isclose(model.probability(learned.read(text)), expected)
    bounds = [(0, 17), (18, len(text))]
    assert model.heaviest(text, values, bounds) == ((18, len(text)), ["your fault", "typed"])


def test_the_heaviest_sentence_holds_a_word_even_when_every_sentence_weighs_below_zero():
    # the probability comes from the bias; the reply's trailing line break is a sentence of its own
    model = learned.Model({"w:sorry": -2.0, "w:read": -0.5}, 3.0)
    text = "Sorry. Read it again.\n"
    bounds = [(0, 6), (7, 21), (21, 22)]
    assert model.heaviest(text, learned.vector(text), bounds) == ((7, 21), [])


def _pack(tmp_path, threshold=0.6, weights=None, with_rule=False, veto=True, min_known=None, stack=None):
    """A pack holding the shipped blame/learned rule with a weights file of our own (and without
    its veto when `veto` is False), and a stack of our own for English when `stack` is given (else
    none). Its min_known is left out unless given: the share it reads counts the words of every
    model loaded in the process, which a test of its own must control."""
    folder = tmp_path / "pack" / "blame"
    folder.mkdir(parents=True)
    text = Path(LEARNED["blame/learned"].path).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^threshold: .*$", f"threshold: {threshold}", text)
    assert re.search(r"(?m)^min_known: ", text)
    text = re.sub(r"(?m)^min_known: .*$\n", "" if min_known is None else f"min_known: {min_known}\n", text)
    assert re.search(r"(?m)^veto_below: .*$", text)
    text = re.sub(r"(?m)^veto_below: .*$\n", "veto_below: 0.2\n" if veto else "", text)
    if stack:
        text = text.replace("\nweights: learned.weights.json\n", "\nweights: learned.weights.json\nstack: {en: stack.weights.json}\n")
    (folder / "learned.yaml").write_text(text, encoding="utf-8")
    if weights is not False:
        model = {"bias": -2.0, "weights": weights or {"w:your fault": 20.0, "w:you typed": 10.0}}
        (folder / "learned.weights.json").write_text(json.dumps(model), encoding="utf-8")
    if stack:
        (folder / "stack.weights.json").write_text(json.dumps(stack), encoding="utf-8")
    if with_rule:
        fixture = (ROOT / "tests/fixtures/rules/testpack/shouted-word.yaml").read_text(encoding="utf-8")
        (folder / "word.yaml").write_text(fixture.replace("category: testpack", "category: blame")
                                          .replace("[zonk]", "[typed]"), encoding="utf-8")
    return tmp_path / "pack"


def _check(pack, text, lang="en"):
    rules = rulebook.load_packs([pack])
    return Linter(list(rules.values())).check(make_reply(text, lang=lang)).findings


def test_a_learned_finding_points_at_the_heaviest_sentence_and_names_its_words(tmp_path):
    text = "Thanks for waiting on this one. The order went out as planned, you typed the street, your fault."
    (finding,) = _check(_pack(tmp_path), text)
    assert (finding.rule, finding.severity, finding.text) == (
        "blame/learned", "warning", "The order went out as planned, you typed the street, your fault.")
    values = learned.vector(text)
    p = 1 / (1 + math.exp(-(-2.0 + 20.0 * values["w:your fault"] + 10.0 * values["w:you typed"])))
    assert finding.message == (f"The reply puts the fault on the customer (learned second opinion, {p:.2f}); "
                               "the words that weigh most: “your fault”, “you typed”.")


def test_a_learned_rule_is_quiet_under_its_threshold_and_on_short_replies(tmp_path):
    pack = _pack(tmp_path, threshold=0.99)
    assert _check(pack, "The order went out as planned, you typed the street, your fault.") == []
    assert _check(_pack(tmp_path / "short"), "You typed it, your fault.") == []  # five words: under min_words


def test_a_learned_rule_does_not_judge_a_reply_in_a_language_its_weights_never_learned(tmp_path):
    """min_known: with too few of the reply's words held by the loaded weights (a German reply taken
    for English or Indonesian), the rule neither speaks nor vetoes."""
    english = "The order went out as planned, you typed the street, your fault."
    weights = {"w:your fault": 20.0, **{f"w:{word}": 0.01 for word in english.lower().replace(",", "").rstrip(".").split()}}
    pack = _pack(tmp_path, weights=weights, min_known=0.3)
    assert [f.rule for f in _check(pack, english)] == ["blame/learned"]
    assert _check(pack, "Wir danken herzlich für Geduld und Verständnis, Ihre Sendung kommt morgen, your fault.") == []
    german = learned.read("Wir danken herzlich für Geduld und Verständnis, Ihre Sendung kommt morgen.")
    assert german.known_word_share() < 0.3 <= learned.read(english).known_word_share()


def test_a_learned_threshold_may_be_set_per_language(tmp_path):
    """`threshold: {en: 0.99, id: 0.6}`: the same score speaks in Indonesian and stays quiet in English."""
    weights = {"w:your fault": 20.0, "w:salah kakak": 20.0}
    pack = _pack(tmp_path, threshold="{en: 0.99, id: 0.6}", weights=weights)
    assert _check(pack, "The order went out as planned, you typed the street, your fault.") == []
    (finding,) = _check(pack, "Pesanan sudah dikirim sesuai jadwal, itu salah Kakak sendiri ya.", lang="id")
    assert finding.rule == "blame/learned"


@pytest.mark.parametrize("threshold, problem", [
    ("{en: 0.9}", "threshold has no 'id'"),
    ("{en: 0.9, id: 0.7, fr: 0.5}", "threshold names a language the rule does not cover: 'fr'"),
])
def test_a_per_language_threshold_names_exactly_the_rules_languages(tmp_path, threshold, problem):
    with pytest.raises(errors.RuleError, match=re.escape(problem)):
        rulebook.load_packs([_pack(tmp_path, threshold=threshold)])


def test_a_learned_rule_with_below_is_quiet_from_there_up(tmp_path):
    """`below`: the rule speaks from its threshold up to it, and is quiet at or above it."""
    text = "The order went out as planned, you typed the street, your fault."
    values = learned.vector(text)
    p = 1 / (1 + math.exp(-(-2.0 + 20.0 * values["w:your fault"] + 10.0 * values["w:you typed"])))
    assert 0.62 < p < 0.999

    def capped(name, below):
        folder = _pack(tmp_path / name) / "blame"
        spec = (folder / "learned.yaml").read_text(encoding="utf-8")
        assert "\nthreshold: 0.6\n" in spec
        (folder / "learned.yaml").write_text(spec.replace("\nthreshold: 0.6\n", f"\nthreshold: 0.6\nbelow: {below}\n"), encoding="utf-8")
        return folder.parent

    assert [f.rule for f in _check(capped("over", round(p + 0.001, 4)), text)] == ["blame/learned"]
    assert _check(capped("under", round(p - 0.001, 4)), text) == []


def test_below_must_be_above_the_threshold(tmp_path):
    folder = _pack(tmp_path) / "blame"
    spec = (folder / "learned.yaml").read_text(encoding="utf-8")
    (folder / "learned.yaml").write_text(spec.replace("\nthreshold: 0.6\n", "\nthreshold: 0.6\nbelow: {en: 0.9, id: 0.5}\n"), encoding="utf-8")
    with pytest.raises(errors.RuleError, match=re.escape("below (0.5) must be above threshold (0.6) for 'id'")):
        rulebook.load_packs([folder.parent])


def test_a_learned_rule_defers_to_a_rule_of_its_category(tmp_path):
    pack = _pack(tmp_path, with_rule=True)
    findings = _check(pack, "The order went out as planned, you typed the street, your fault.")
    assert [f.rule for f in findings] == ["blame/word"]


def test_a_learned_rule_does_not_defer_to_a_hint(tmp_path):
    """An info finding of its category flags nothing, so the learned rule still speaks beside it:
    transparency/missing-follow-up (info) kept 55 true transparency/learned warnings of the labelled sets
    silent (RESULTS 60)."""
    pack = _pack(tmp_path, with_rule=True)
    word = pack / "blame" / "word.yaml"
    spec = word.read_text(encoding="utf-8")
    assert "severity: warning" in spec
    word.write_text(spec.replace("severity: warning", "severity: info"), encoding="utf-8")
    findings = _check(pack, "The order went out as planned, you typed the street, your fault.")
    assert sorted((f.rule, f.severity) for f in findings) == [("blame/learned", "warning"), ("blame/word", "info")]


@pytest.mark.parametrize("severity, found", [
    (None, [("blame/word", "warning")]),  # the rule's own severity flags: the learned rule defers
    ("info", [("blame/learned", "warning"), ("blame/word", "info")]),  # a project made it a hint
])
def test_a_learned_rule_defers_by_the_severity_the_project_gives(tmp_path, severity, found):
    """What silences a learned rule is what flags in the report: a project's severity for a rule counts, as in
    lint.Linter's findings."""
    rules = rulebook.load_packs([_pack(tmp_path, with_rule=True)])
    linter = Linter(list(rules.values()), severities={"blame/word": severity} if severity else None)
    findings = linter.check(make_reply("The order went out as planned, you typed the street, your fault.", lang="en")).findings
    assert sorted((f.rule, f.severity) for f in findings) == found


@pytest.mark.parametrize("min_words, found", [("{en: 15, id: 1}", ["blame/learned"]), ("{en: 16, id: 1}", []), ("16", [])])
def test_min_words_may_differ_by_language(tmp_path, min_words, found):
    """English 8 and Indonesian 6 in politeness/learned: a reply of 15 words is judged from min_words 15 down."""
    pack = _pack(tmp_path)
    spec = pack / "blame" / "learned.yaml"
    spec.write_text(re.sub(r"(?m)^min_words: .*$", f"min_words: {min_words}", spec.read_text(encoding="utf-8")), encoding="utf-8")
    text = "Thanks for waiting. The order went out as planned, you typed the street, your fault."
    assert [f.rule for f in _check(pack, text)] == found


def test_a_learned_rule_overrules_its_category_below_veto_below(tmp_path):
    """The rule finds "typed"; the weights read "thanks" as far from blame: under 0.2 the rule's
    finding is dropped, unless the learned rule has no veto or the reply is too short to judge."""
    weights = {"w:your fault": 20.0, "w:thanks": -20.0}
    text = "Thanks, the order went out as planned to the street you typed."
    assert _check(_pack(tmp_path / "veto", weights=weights, with_rule=True), text) == []
    no_veto = _pack(tmp_path / "no-veto", weights=weights, with_rule=True, veto=False)
    assert [f.rule for f in _check(no_veto, text)] == ["blame/word"]
    short = _check(_pack(tmp_path / "short", weights=weights, with_rule=True), "Thanks, you typed it.")
    assert [f.rule for f in short] == ["blame/word"]


def test_a_final_rule_keeps_its_finding_under_the_veto(tmp_path):
    """`final: true` (a rule that reads the customer's message as a model of words cannot): the
    learned rule's veto drops the category's other findings, not this one."""
    weights = {"w:your fault": 20.0, "w:thanks": -20.0}
    text = "Thanks, the order went out as planned to the street you typed."
    pack = _pack(tmp_path, weights=weights, with_rule=True)
    word = pack / "blame" / "word.yaml"
    word.write_text(word.read_text(encoding="utf-8").replace("severity: ", "final: true\nseverity: ", 1), encoding="utf-8")
    assert [f.rule for f in _check(pack, text)] == ["blame/word"]


def test_a_stack_weighs_the_rules_that_fired_beside_the_models_probability(tmp_path):
    """With `stack`, threshold and veto_below read the stack's score: its bias, the log-odds of the
    learned probabilities and a weight for each rule that found something. A rule's finding the
    model alone would keep is dropped where the stack scores it low, and the model's own finding
    is made where a rule of another category fired beside it."""
    text = "Thanks, the order went out as planned to the street you typed."
    kept = _check(_pack(tmp_path / "plain", with_rule=True), text)
    assert [f.rule for f in kept] == ["blame/word"]
    dropped = _pack(tmp_path / "dropped", with_rule=True, stack={"bias": 0.0, "weights": {"rule:blame/word": -5.0}})
    assert _check(dropped, text) == []
    # the model alone stays under the threshold; a stack that trusts a rule of another category speaks
    quiet = "The order went out as planned to the street on the form, thanks."
    loud = _pack(tmp_path / "loud", stack={"bias": 0.0, "weights": {"rule:politeness/word": 6.0}})
    fixture = (ROOT / "tests/fixtures/rules/testpack/shouted-word.yaml").read_text(encoding="utf-8")
    (loud / "politeness").mkdir()
    (loud / "politeness" / "word.yaml").write_text(
        fixture.replace("category: testpack", "category: politeness").replace("[zonk]", "[planned]"), encoding="utf-8")
    assert [f.rule for f in _check(_pack(tmp_path / "quiet"), quiet)] == []
    assert sorted(f.rule for f in _check(loud, quiet)) == ["blame/learned", "politeness/word"]
    (finding,) = [f for f in _check(loud, quiet) if f.rule == "blame/learned"]
    assert "(learned second opinion, 1.00)" in finding.message


def test_a_stack_given_for_one_language_leaves_the_other_to_the_model(tmp_path):
    """`stack: {en: ...}`: an Indonesian reply is judged by the model's probability alone."""
    weights = {"w:your fault": 20.0, "w:salah kakak": 20.0}
    pack = _pack(tmp_path, weights=weights, stack={"bias": -20.0, "weights": {}})
    assert _check(pack, "The order went out as planned, you typed the street, your fault.") == []
    (finding,) = _check(pack, "Pesanan sudah dikirim sesuai jadwal, itu salah Kakak sendiri ya.", lang="id")
    assert finding.rule == "blame/learned"


def test_a_stack_for_a_language_the_rule_does_not_cover_is_refused(tmp_path):
    pack = _pack(tmp_path, stack={"bias": 0.0, "weights": {}})
    rule = pack / "blame" / "learned.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("stack: {en: ", "stack: {fr: "), encoding="utf-8")
    with pytest.raises(errors.RuleError, match=re.escape("stack names a language the rule does not cover: 'fr'")):
        rulebook.load_packs([pack])


def test_a_missing_stack_file_is_refused_at_its_key(tmp_path):
    pack = _pack(tmp_path, stack={"bias": 0.0, "weights": {}})
    (pack / "blame" / "stack.weights.json").unlink()
    with pytest.raises(errors.RuleError, match=re.escape("weights file 'stack.weights.json' cannot be read")) as caught:
        rulebook.load_packs([pack])
    text = (pack / "blame" / "learned.yaml").read_text(encoding="utf-8")
    assert caught.value.line == text[:text.index("\nstack:") + 1].count("\n") + 1


def test_a_learned_rule_takes_its_weights_from_the_rules_cache(tmp_path, monkeypatch):
    """The weights file is read when the rule loads and kept with it in the rules cache: a start
    that finds the rules there parses no JSON, and finds what the file gives."""
    from etiket.checks import learned as check

    pack = _pack(tmp_path)
    text = "Thanks for waiting on this one. The order went out as planned, you typed the street, your fault."
    first = _check(pack, text)
    assert [f.rule for f in first] == ["blame/learned"]
    monkeypatch.setattr(check, "_MODELS", {})
    monkeypatch.setattr(check, "_parsed", lambda path: pytest.fail(f"{path} was read again"))
    assert _check(pack, text) == first


def test_a_missing_weights_file_is_one_line_and_exit_2(tmp_path):
    pack = _pack(tmp_path, weights=False)
    draft = tmp_path / "draft.txt"
    draft.write_text("The order went out as planned, you typed the street, your fault.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--rules", str(pack), str(draft)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"etiket: invalid rule: {pack / 'blame' / 'learned.yaml'}:7:1 [blame/learned]: "
        "weights file 'learned.weights.json' cannot be read: No such file or directory"]


def test_a_configuration_file_names_the_shipped_pack(tmp_path, monkeypatch):
    (tmp_path / ".etiket.yaml").write_text("rules: [second-opinion]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["rules", "list"])
    assert result.exit_code == 0
    assert "sarcasm/learned" in result.stdout
