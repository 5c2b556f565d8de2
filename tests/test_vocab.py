"""Shared vocabularies ($NAME.GROUP inside token patterns and regexes) and `all:` term blocks."""

import textwrap

import pytest

from etiket import errors, rulebook
from etiket.lint import Linter

from conftest import make_reply

ADDRESS = textwrap.dedent("""\
    formal:
      en: [Sir, Madam]
      id: [Anda, Saudara]
    honorific:
      en: [Mr, "Mr."]
      id: [Bapak, Ibu, Pak, Bu]
    warm:
      id: [Kak, Kakak]
    """)

RULE = textwrap.dedent("""\
    category: blame
    severity: warning
    languages: [en, id]
    check: existence
    doc: {what: {en: w, id: w}, why: {en: y, id: y}}
    message: {en: m, id: m}
    suggestion: {en: s, id: s}
    match:
      MATCH
    examples: {}
    """)


def pack(tmp_path, match, vocab=ADDRESS, lists=None):
    (tmp_path / "_vocab").mkdir(exist_ok=True)
    (tmp_path / "_vocab" / "address.yaml").write_text(vocab, encoding="utf-8")
    for name, text in (lists or {}).items():
        (tmp_path / "_lists").mkdir(exist_ok=True)
        (tmp_path / "_lists" / f"{name}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "blame").mkdir(exist_ok=True)
    body = textwrap.indent(textwrap.dedent(match), "  ").strip()
    (tmp_path / "blame" / "you-did.yaml").write_text(RULE.replace("MATCH", body), encoding="utf-8")
    return tmp_path


def spec(tmp_path, match, **kwargs):
    return rulebook.load_packs([pack(tmp_path, match, **kwargs)])["blame/you-did"].spec


def error(tmp_path, match, **kwargs):
    with pytest.raises(errors.RuleError) as caught:
        rulebook.load_packs([pack(tmp_path, match, **kwargs)])
    return str(caught.value)


def test_a_group_in_an_in_list_is_its_words_in_the_blocks_language(tmp_path):
    match = spec(tmp_path, """\
        en:
          patterns: [[{LOWER: {IN: [$address.formal, $address.honorific, you]}}, {LOWER: failed}]]
        id:
          patterns: [[{LOWER: {IN: [$address.formal, $address.warm, situ]}}, {LOWER: salah}]]
        """)["match"]
    assert match["en"]["patterns"][0][0] == {"LOWER": {"IN": ["sir", "madam", "mr", "mr.", "you"]}}
    assert match["id"]["patterns"][0][0] == {"LOWER": {"IN": ["anda", "saudara", "kak", "kakak", "situ"]}}


def test_orth_keeps_the_vocabularys_case_and_a_whole_value_becomes_an_in_list(tmp_path):
    match = spec(tmp_path, """\
        id:
          patterns:
            - [{ORTH: {IN: [$address.honorific]}}]
            - [{LOWER: $address.warm}, {ORTH: {NOT_IN: [$address.warm]}}]
        en:
          patterns: [[{ORTH: $address}]]
        """)["match"]
    assert match["id"]["patterns"][0] == [{"ORTH": {"IN": ["Bapak", "Ibu", "Pak", "Bu"]}}]
    assert match["id"]["patterns"][1] == [{"LOWER": {"IN": ["kak", "kakak"]}}, {"ORTH": {"NOT_IN": ["Kak", "Kakak"]}}]
    assert match["en"]["patterns"][0] == [{"ORTH": {"IN": ["Sir", "Madam", "Mr", "Mr."]}}]


def test_a_group_in_a_regex_is_an_escaped_alternation_longest_word_first(tmp_path):
    match = spec(tmp_path, r"""
        en:
          regex: ['\b(?:$address.honorific) Lee\b']
        id:
          regex: ['\b(?:$address.honorific|$address.warm)\b', '\$address stays a dollar sign']
        """)["match"]
    assert match["en"]["regex"] == [r"\b(?:(?:Mr\.|Mr)) Lee\b"]
    assert match["id"]["regex"] == [r"\b(?:(?:Bapak|Ibu|Pak|Bu)|(?:Kakak|Kak))\b", r"\$address stays a dollar sign"]


def test_a_group_in_a_phrase_list_is_its_words_as_written_beside_the_others(tmp_path):
    match = spec(tmp_path, """\
        id:
          phrases: [$address.honorific, Bapak Andi, $address.warm]
        en:
          phrases: [$address.formal]
        """)["match"]
    assert match["id"]["phrases"] == ["Bapak", "Ibu", "Pak", "Bu", "Bapak Andi", "Kak", "Kakak"]
    assert match["en"]["phrases"] == ["Sir", "Madam"]
    message = error(tmp_path, "id:\n  phrases: [$address.casual]\nen:\n  phrases: [x]\n")
    assert message.endswith("you-did.yaml:10:15 [blame/you-did]: vocabulary 'address' has no group 'casual' "
                            "(groups: formal, honorific, warm)")


def test_vocabulary_words_match_like_written_words(tmp_path):
    rules = rulebook.load_packs([pack(tmp_path, """\
        id:
          patterns: [[{LOWER: {IN: [$address.formal, $address.warm]}}, {LOWER: salah}]]
          regex: ['\\b(?:$address.honorific) lupa\\b']
        en:
          phrases: [unused]
        """)])
    linter = Linter(list(rules.values()), lang="id")
    found = [f.text for f in linter.check(make_reply("Kakak salah isi alamat, dan Bapak lupa bayar.\n", lang="id")).findings]
    assert found == ["Kakak salah", "Bapak lupa"]


@pytest.mark.parametrize(("match", "where", "detail"), [
    ("id:\n  patterns: [[{LOWER: {IN: [kak, $adress.warm]}}]]\nen:\n  phrases: [x]\n", "10:36",
     "no vocabulary named 'adress' (vocabularies: address)"),
    ("id:\n  patterns: [[{LOWER: $address.casual}]]\nen:\n  phrases: [x]\n", "10:18",
     "vocabulary 'address' has no group 'casual' (groups: formal, honorific, warm)"),
    ("id:\n  phrases: [x]\nen:\n  regex: ['\\b(?:$address.warm)\\b']\n", "12:13", "$address.warm has no 'en' words"),
])
def test_an_unknown_vocabulary_or_group_is_refused_where_it_is_named(tmp_path, match, where, detail):
    message = error(tmp_path, match)
    assert message == f"invalid rule: {tmp_path / 'blame' / 'you-did.yaml'}:{where} [blame/you-did]: {detail}"


def test_a_broken_vocabulary_file_names_its_line(tmp_path):
    message = error(tmp_path, "en:\n  phrases: [x]\nid:\n  phrases: [x]\n", vocab="warm:\n  id: [Kak]\n  jv: [Mas]\n")
    assert message == f"invalid rule: {tmp_path / '_vocab' / 'address.yaml'}:3:3: vocabulary: unknown key 'jv'"


def test_all_terms_are_merged_into_each_language_of_the_rule(tmp_path):
    rule = spec(tmp_path, """\
        all:
          phrases: [OTP, PIN]
          regex: ['(?-i:\\bCVV\\b)']
        en:
          phrases: [password]
        """)
    assert rule["match"]["en"] == {"phrases": ["password", "OTP", "PIN"], "regex": ["(?-i:\\bCVV\\b)"]}
    assert rule["match"]["id"] == {"phrases": ["OTP", "PIN"], "regex": ["(?-i:\\bCVV\\b)"]}


def test_vocabulary_references_under_all_take_each_languages_words(tmp_path):
    match = spec(tmp_path, "all:\n  patterns: [[{LOWER: {IN: [$address.formal]}}, {LOWER: salah}]]\n")["match"]
    assert match["en"]["patterns"][0][0] == {"LOWER": {"IN": ["sir", "madam"]}}
    assert match["id"]["patterns"][0][0] == {"LOWER": {"IN": ["anda", "saudara"]}}


def test_an_error_in_an_all_block_names_its_own_line(tmp_path):
    message = error(tmp_path, "en:\n  phrases: [x]\nall:\n  regex: ['(unclosed']\n")
    assert message.startswith(f"invalid rule: {tmp_path / 'blame' / 'you-did.yaml'}:12:13 [blame/you-did]: invalid regex '(unclosed'")


def test_all_guards_join_each_languages_guards(tmp_path):
    (tmp_path / "blame").mkdir()
    text = RULE.replace("MATCH", "all: {phrases: [salah, wrong]}") + textwrap.dedent("""\
        unless:
          all:
            - phrases: [bukan salah, not wrong]
          id:
            - phrases: [salah ketik]
        """)
    (tmp_path / "blame" / "you-did.yaml").write_text(text, encoding="utf-8")
    unless = rulebook.load_packs([tmp_path])["blame/you-did"].spec["unless"]
    assert unless == {"id": [{"phrases": ["salah ketik"]}, {"phrases": ["bukan salah", "not wrong"]}],
                      "en": [{"phrases": ["bukan salah", "not wrong"]}]}


def test_a_term_list_can_use_all_and_vocabularies(tmp_path):
    lists = {"courtesy": "all:\n  phrases: ['🙏']\nid:\n  patterns: [[{LOWER: {IN: [$address.warm]}}]]\n"}
    match = spec(tmp_path, "en:\n  lists: [courtesy]\nid:\n  lists: [courtesy]\n", lists=lists)["match"]
    assert match["en"] == {"phrases": ["🙏"]}
    assert match["id"] == {"patterns": [[{"LOWER": {"IN": ["kak", "kakak"]}}]], "phrases": ["🙏"]}


def test_builtin_rules_take_forms_of_address_from_the_shared_vocabulary(builtin_rules):
    groups = builtin_rules["politeness/mixed-address-forms"].spec["groups"]["id"]
    assert groups["kak"]["patterns"] == [[{"ORTH": {"IN": ["Kak", "Kakak"]}}]]
    assert groups["bapak-ibu"]["patterns"] == [[{"ORTH": {"IN": ["Bapak", "Ibu", "Pak", "Bu", "Bpk", "Bpk."]}}]]
    caps = builtin_rules["politeness/shouting-caps"].spec["match"]
    assert caps["en"]["regex"] == caps["id"]["regex"]


FRAGMENTS = "rest:\n  regex: '[^.!?\\n]|\\.(?=\\d)'\n"


def fragment_pack(tmp_path, match, fragments=FRAGMENTS):
    (tmp_path / "_vocab").mkdir(exist_ok=True)
    (tmp_path / "_vocab" / "sentence.yaml").write_text(fragments, encoding="utf-8")
    return pack(tmp_path, match)


def test_a_regex_fragment_is_spliced_unescaped_in_every_language(tmp_path):
    rules = rulebook.load_packs([fragment_pack(tmp_path, """\
        id:
          regex: ['\\bbayar\\b$sentence.rest{0,30}?\\btapi\\b']
        en:
          regex: ['\\bpaid\\b$sentence.rest{0,30}?\\bbut\\b']
        """)])
    match = rules["blame/you-did"].spec["match"]
    assert match["id"]["regex"] == [r"\bbayar\b(?:[^.!?\n]|\.(?=\d)){0,30}?\btapi\b"]
    assert match["en"]["regex"] == [r"\bpaid\b(?:[^.!?\n]|\.(?=\d)){0,30}?\bbut\b"]
    linter = Linter(list(rules.values()), lang="id")
    found = [f.text for f in linter.check(make_reply("Sudah bayar Rp1.250.000 tapi belum masuk.\n", lang="id")).findings]
    assert found == ["bayar Rp1.250.000 tapi"]


@pytest.mark.parametrize(("match", "detail"), [
    ("id:\n  phrases: [$sentence.rest]\nen:\n  phrases: [x]\n", "$sentence.rest is a regex fragment: use it inside a regex"),
    ("id:\n  regex: ['a$sentence']\nen:\n  phrases: [x]\n",
     "vocabulary 'sentence' holds regex fragments: name one inside a regex ($sentence.rest)"),
])
def test_a_regex_fragment_is_refused_in_a_word_list_and_by_its_vocabularys_name(tmp_path, match, detail):
    with pytest.raises(errors.RuleError) as caught:
        rulebook.load_packs([fragment_pack(tmp_path, match)])
    assert str(caught.value).endswith(f"[blame/you-did]: {detail}")


def test_a_group_that_is_both_words_and_a_fragment_is_refused_where_it_is_written(tmp_path):
    fragments = "rest:\n  regex: 'x'\n  en: [word]\n"
    with pytest.raises(errors.RuleError) as caught:
        rulebook.load_packs([fragment_pack(tmp_path, "en:\n  phrases: [x]\n", fragments=fragments)])
    assert str(caught.value) == (f"invalid rule: {tmp_path / '_vocab' / 'sentence.yaml'}:1:1: vocabulary: "
                                 "group 'rest' is a regex fragment: it holds 'regex' alone, without words")


def test_a_fragment_names_word_groups_in_the_language_of_the_rule_but_no_fragment(tmp_path):
    fragments = "kak:\n  regex: ' (?:$address.warm|$address.formal) lupa'\nloop:\n  regex: 'a$sentence.kak'\n"
    rules = rulebook.load_packs([fragment_pack(tmp_path, "id:\n  regex: ['\\bmaaf$sentence.kak']\nen:\n  phrases: [x]\n",
                                               fragments=fragments)])
    assert rules["blame/you-did"].spec["match"]["id"]["regex"] == [r"\bmaaf(?: (?:(?:Kakak|Kak)|(?:Saudara|Anda)) lupa)"]
    (tmp_path / "loop").mkdir()
    with pytest.raises(errors.RuleError) as caught:
        rulebook.load_packs([fragment_pack(tmp_path / "loop", "id:\n  regex: ['$sentence.loop']\nen:\n  phrases: [x]\n",
                                           fragments=fragments)])
    assert str(caught.value).endswith("[blame/you-did]: $sentence.kak is named inside a regex fragment: "
                                      "a fragment names word groups, not fragments")
