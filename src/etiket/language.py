"""Decide whether a reply is English or Indonesian.

py3langid restricted to the two languages is accurate on replies of a sentence or more (an
unrestricted identifier calls Indonesian "Malay"). One to three words carry too little signal for
it, so short replies are decided by a small list of frequent words first.
"""

import re

_WORD = re.compile(r"[^\W\d_]+")
_SHORT = {
    "id": {"terima", "kasih", "makasih", "baik", "maaf", "mohon", "kak", "kakak", "pak", "bu", "ya", "iya",
           "sudah", "belum", "tidak", "nggak", "ga", "gak", "bisa", "silakan", "halo", "selamat", "pagi",
           "siang", "sore", "malam", "siap", "oke", "sama", "sama-sama", "ditunggu", "sebentar", "anda",
           "kami", "saya", "dong", "sih", "kok", "nih", "juga", "dan", "di", "ke", "yang", "untuk"},
    "en": {"thanks", "thank", "you", "hi", "hello", "hey", "sorry", "please", "yes", "no", "ok", "okay",
           "sure", "done", "great", "welcome", "the", "a", "and", "we", "i", "is", "it", "to", "of",
           "good", "morning", "afternoon", "evening", "noted", "will", "do", "for", "your"},
}
_identifier = None


def detect(text, default="en"):
    """'en' or 'id' for `text`; `default` when nothing tells them apart."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return default
    if len(words) <= 3:
        votes = {lang: sum(w in vocab for w in words) for lang, vocab in _SHORT.items()}
        if votes["id"] != votes["en"]:
            return max(votes, key=votes.get)
    return _classify(text) or default


def _classify(text):
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        _identifier.set_languages(["en", "id"])
    lang, _ = _identifier.classify(text)
    return lang
