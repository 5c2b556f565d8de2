import pytest

from etiket.language import detect


@pytest.mark.parametrize(("text", "lang"), [
    ("Terima kasih!", "id"),
    ("Thanks!", "en"),
    ("Baik Kak", "id"),
    ("Sure, done.", "en"),
    ("Mohon maaf atas keterlambatan pengiriman paket Anda, kami sedang mengeceknya.", "id"),
    ("Sorry for the delay with your parcel, we're checking it with the courier now.", "en"),
    ("Refund-nya sudah kami proses ya, Kak.", "id"),
    ("Your refund has been processed.", "en"),
])
def test_detect(text, lang):
    assert detect(text) == lang


def test_remembered_walks_give_py3langids_own_counts():
    """The automaton's walk, remembered chunk by chunk, counts the same features in the same order."""
    from py3langid.langid import visit_counts

    from etiket import language

    ident = language.identifier()
    texts = ["Terima kasih  sudah menunggu, Kak! ", "Thanks  for waiting, we'll check it.", "ok", " ", "kasih kasih kasih",
             "Sorry for the delay 🙏 kami cek dulu ya"]
    for text in texts * 2:  # the second time from memory
        data = ident._encode(text)
        plain = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
        assert list((language._visits(ident, data) or {}).items()) == list((plain or {}).items())


@pytest.mark.parametrize(("text", "lang"), [
    ("We have sent the code to your e-mail, please check it.", "en"),
    ("Kode sudah kami kirim ke e-mail Kakak, mohon dicek ya.", "id"),
])
def test_function_words_decide_a_plain_case(text, lang):
    from etiket import language

    words = language._WORD.findall(text)
    assert language._by_function_words(words, [w.lower() for w in words]) == lang


@pytest.mark.parametrize("text", [
    "WE ARE HANDLING MANY CHATS. YOUR TOP-UP WILL ARRIVE SOON. DO NOT OPEN A NEW TICKET.",  # capitals: py3langid's call
    "Kak, the order is on its way to you ya.",  # neither language's words plainly more
])
def test_unclear_cases_go_to_py3langid(text):
    from etiket import language

    words = language._WORD.findall(text)
    assert language._by_function_words(words, [w.lower() for w in words]) is None
    assert detect(text) == language._classify(text)
