"""severity_by_channel: one rule, a different severity where the reply goes (shorthand in a tweet vs an e-mail)."""

import textwrap

import pytest

from etiket import errors, rulebook
from etiket.lint import Linter

from conftest import make_reply

RULE = textwrap.dedent("""\
    category: clarity
    severity: warning
    severity_by_channel: {social: info, chat: info}
    languages: [en, id]
    check: existence
    doc: {what: {en: w, id: w}, why: {en: y, id: y}}
    message: {en: m, id: m}
    suggestion: {en: s, id: s}
    match:
      en: {phrases: [thx]}
      id: {phrases: [yg]}
    examples: {}
    """)


def pack(tmp_path, text):
    path = tmp_path / "clarity/shorthand.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return rulebook.load_packs([tmp_path])


@pytest.mark.parametrize(("channel", "severity"), [
    ("social", "info"), ("chat", "info"), ("email", "warning"), (None, "warning"),
])
def test_a_channel_sets_the_severity_and_the_rule_keeps_its_own_elsewhere(tmp_path, channel, severity):
    linter = Linter(list(pack(tmp_path, RULE).values()))
    en = linter.check(make_reply("Thx for waiting, the parcel left today.", lang="en", channel=channel))
    id_ = linter.check(make_reply("Paket yg kemarin sudah dikirim, Kak.", lang="id", channel=channel))
    assert [(f.rule, f.text, f.severity) for f in en.findings] == [("clarity/shorthand", "Thx", severity)]
    assert [(f.rule, f.text, f.severity) for f in id_.findings] == [("clarity/shorthand", "yg", severity)]


@pytest.mark.parametrize(("text", "channel", "severity"), [
    # a reply that opens with the customer's handle is a public social reply by itself, as an e-mail is an e-mail
    ("@dana_k Thx for waiting, the parcel left today.", None, "info"),
    ("@115712\nThx for waiting, the parcel left today.", None, "info"),
    # the channel the input names wins over the handle
    ("@dana_k Thx for waiting, the parcel left today.", "email", "warning"),
    # a handle later in the text, an e-mail address or a bare "@" are not an opening handle
    ("Thx for waiting, @dana_k, the parcel left today.", None, "warning"),
    ("dana@example.com Thx for waiting, the parcel left today.", None, "warning"),
    ("@ Thx for waiting, the parcel left today.", None, "warning"),
])
def test_a_reply_that_opens_with_a_handle_goes_to_social(tmp_path, text, channel, severity):
    linter = Linter(list(pack(tmp_path, RULE).values()))
    result = linter.check(make_reply(text, lang="en", channel=channel))
    assert [(f.text, f.severity) for f in result.findings] == [("Thx", severity)]


def test_an_info_finding_on_social_leaves_the_category_unflagged(tmp_path):
    linter = Linter(list(pack(tmp_path, RULE).values()))
    social = linter.check(make_reply("Thx for waiting, the parcel left today.", lang="en", channel="social"))
    email = linter.check(make_reply("Thx for waiting, the parcel left today.", lang="en", channel="email"))
    assert social.score > email.score


@pytest.mark.parametrize("bad", ["{sms: info}", "{social: quiet}", "{}"])
def test_an_unknown_channel_or_severity_is_refused_at_load(tmp_path, bad):
    text = RULE.replace("{social: info, chat: info}", bad)
    with pytest.raises(errors.RuleError) as caught:
        pack(tmp_path, text)
    assert "clarity/shorthand" in str(caught.value)
    assert "severity_by_channel" in str(caught.value)


def test_builtin_chat_abbreviation_is_info_on_social_and_chat_and_a_warning_in_email(linter):
    text = "Refund utk pesanan yg kemarin sudah kami proses ya Kak."
    severities = {
        channel: {f.severity for f in linter.check(make_reply(text, lang="id", channel=channel)).findings
                  if f.rule == "clarity/chat-abbreviation"}
        for channel in ("social", "chat", "email")
    }
    assert severities == {"social": {"info"}, "chat": {"info"}, "email": {"warning"}}
