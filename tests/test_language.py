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
