"""Decide whether a reply is English or Indonesian.

py3langid restricted to the two languages is accurate on replies of a sentence or more (an
unrestricted identifier calls Indonesian "Malay"). One to three words carry too little signal for
it, so short replies are decided by a small list of frequent words first. Longer ones are decided
by their function words when one language's are plainly more (at least three, four times the
other's), which is most replies at a tenth of py3langid's cost; the others go to py3langid.

py3langid's model (langid.py's, BSD licence, by Marco Lui and Timothy Baldwin) is 4.5 MB of xz
that takes a third of a second to unpack at every start. The first run keeps the part the two
languages need (the byte automaton and the en and id columns of the weights) uncompressed in the
user's cache folder; later runs map it from disk in a few milliseconds. The decision is the same
either way: it is the same identifier on the same numbers.
"""

import re
from collections import Counter

from etiket import cache

LANGS = ["en", "id"]
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
# Function words of each language, none of them a word of the other: a reply with at least
# FUNCTION_MIN of one language's and no more than a FUNCTION_RATIO-th as many of the other's is in
# that language. Fitted to agree with py3langid on every reply and customer message of the
# benchmark sets, the dev drafts, the real replies and the speed corpora (157,454 texts; RESULTS 21).
_FUNCTION = {
    "en": {"the", "and", "you", "your", "we", "to", "of", "is", "are", "for", "with", "this", "that", "please", "our",
           "have", "will", "be", "it", "can", "in", "on", "at", "not", "been", "has", "was", "would", "could", "should",
           "if", "any", "us", "me", "my", "an", "as", "from", "by", "i", "a", "do", "so", "all", "there", "here", "what",
           "how", "when", "know", "let", "thanks", "thank", "sorry", "hi", "hello", "help", "just", "now", "get", "more",
           "about", "out", "up", "they", "them", "their", "which", "who", "also", "than", "but", "or", "yes", "am", "did",
           "does", "had", "were", "sure", "again", "check", "send", "contact"},
    "id": {"yang", "dan", "di", "ke", "dari", "untuk", "kami", "anda", "kak", "tidak", "sudah", "akan", "bisa", "ini",
           "itu", "dengan", "mohon", "ya", "terima", "kasih", "maaf", "saya", "ada", "atau", "juga", "agar", "karena",
           "sebelumnya", "kembali", "melalui", "telah", "dapat", "kamu", "kita", "nya", "kakak", "pak", "bu", "ibu",
           "bapak", "nggak", "gak", "sih", "dong", "nih", "sedang", "lagi", "hari", "silakan", "sampai", "jika", "kalau",
           "supaya", "oleh", "pada", "dalam", "harus", "belum", "segera", "tunggu", "ditunggu", "semoga", "hanya", "tetap",
           "lebih", "masih", "baru", "atas", "saat", "kepada", "tersebut", "secara", "sebagai", "bahwa", "pesanan", "mau",
           "sama", "aja", "udah", "boleh", "hal", "lain", "mengenai", "tentang"},
}
FUNCTION_MIN, FUNCTION_RATIO = 3, 4
# The arrays of a model, in the order LanguageIdentifier takes them; the last three are the byte automaton.
_ARRAYS = ("ptc", "pc", "nextmove", "out", "row")
_AUTOMATON = _ARRAYS[2:]
# A run of bytes up to and with the next space: the unit _visits remembers.
_CHUNK = re.compile(rb"[^ ]* |[^ ]+")
# Chunks remembered at most; the memory is emptied when full, so a long run stays flat.
_MEMO_SIZE = 50_000
_identifier = None


def detect(text, default="en"):
    """'en' or 'id' for `text`; `default` when nothing tells them apart."""
    written = _WORD.findall(text)
    if not written:
        return default
    # lowered at once: a word holds no line break, and a line break ends a word for the case rules too
    words = "\n".join(written).lower().split("\n")
    if len(words) <= 3:
        votes = {lang: sum(w in vocab for w in words) for lang, vocab in _SHORT.items()}
        if votes["id"] != votes["en"]:
            return max(votes, key=votes.get)
        return _classify(text) or default
    return _by_function_words(written, words) or _classify(text) or default


def _by_function_words(written, words):
    """The language whose function words plainly outnumber the other's, else None. A text in
    capitals is left to py3langid, which reads capitals as other letters (an English notice in
    capitals is "id" to it) and must keep deciding it as it does."""
    capitals = [*filter(str.isupper, written)]  # the words of one letter are left out below, when it matters
    if 4 * len(capitals) > len(words) and 4 * sum(len(w) > 1 for w in capitals) > len(words):
        return None
    en = sum(map(_FUNCTION["en"].__contains__, words))
    indonesian = sum(map(_FUNCTION["id"].__contains__, words))
    if en >= FUNCTION_MIN and indonesian * FUNCTION_RATIO <= en:
        return "en"
    if indonesian >= FUNCTION_MIN and en * FUNCTION_RATIO <= indonesian:
        return "id"
    return None


def _classify(text):
    global _identifier
    if _identifier is None:
        _identifier = identifier()
    lang, _ = _identifier.classify(text)
    return lang


def identifier():
    """py3langid's identifier on the two-language model, from the cache when it is there."""
    from py3langid.langid import LanguageIdentifier

    class Identifier(LanguageIdentifier):
        """Scores as py3langid does, with the byte automaton's walk remembered word by word."""

        def _raw_score(self, text):
            visits = _visits(self, text)
            return self._sparse_score(visits, self.nb_ptc) if visits else super()._raw_score(text)

    arrays = _cached() or _restricted()
    ptc, pc, nextmove, out, row = (arrays[name] for name in _ARRAYS)
    identifier = Identifier(ptc, pc, list(LANGS), nextmove, out, norm_probs=True, tk_row=row)
    identifier.memo = {}
    return identifier


def _visits(identifier, data):
    """py3langid's visit_counts (the automaton's features met in the bytes `data`, counted in the
    order first met, which the scores' sums follow), with each chunk's walk remembered by the state
    it starts from: the automaton is deterministic, so a chunk seen before from the same state
    gives the same features and the same end state. Common words cost a look-up, not a walk."""
    nextmove, rowbase, out, memo = identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, identifier.memo
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    state, found = 0, []
    for chunk in _CHUNK.findall(data):
        walked = memo.get((state, chunk))
        if walked is None:
            start, features = state, []
            for byte in chunk:
                state = nextmove[rowbase[state] + byte]
                if out[state] >= 0:
                    features.append(out[state])
            walked = memo[start, chunk] = (state, features)
        state = walked[0]
        found += walked[1]
    return Counter(found) if found else None


def _model_file():
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return MODEL_DIR / MODEL_FILE


def _folder():
    """The cache folder of the model this py3langid ships: a new model or version is a new folder."""
    from importlib.metadata import version

    stat = _model_file().stat()
    return cache.folder() / f"langid-{cache.key(version('py3langid'), str(stat.st_size), str(stat.st_mtime_ns))[:16]}"


def _cached():
    """The arrays mapped from the cache folder (read-only, paged in as the automaton visits them),
    or None when the folder is missing or incomplete."""
    import numpy as np

    try:
        folder = _folder()
        loaded = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    except (OSError, ValueError):
        return None
    return {name: _indexable(name, array) for name, array in loaded.items()}


def _indexable(name, array):
    """The automaton's tables as flat memoryviews: indexing one gives a plain int, as fast as the
    array.array py3langid builds, without copying 40 MB; the weights as plain arrays (a memmap's
    indexing goes through Python), the same numbers."""
    import numpy as np

    return memoryview(array) if name in _AUTOMATON else np.asarray(array)


def _restricted():
    """Unpack py3langid's model, keep the en and id columns, and store the result for next time."""
    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, out = load_model(_model_file())
    columns = [classes.index(lang) for lang in LANGS]
    arrays = {"ptc": np.ascontiguousarray(ptc[:, columns]), "pc": np.ascontiguousarray(pc[columns]),
              "nextmove": np.frombuffer(nextmove, dtype=nextmove.typecode), "out": np.asarray(out, dtype=np.int32),
              "row": np.frombuffer(row, dtype=row.typecode)}
    _store(arrays)
    return {name: _indexable(name, array) for name, array in arrays.items()}


def _store(arrays):
    """Write each array beside the others, the folder renamed into place whole; a folder that
    cannot be written leaves the cache empty and costs the next run the unpacking again."""
    import os
    import shutil
    import tempfile

    import numpy as np

    try:
        target = _folder()
        target.parent.mkdir(parents=True, exist_ok=True)
        building = tempfile.mkdtemp(dir=target.parent, prefix=".langid-")
        for name, array in arrays.items():
            np.save(os.path.join(building, f"{name}.npy"), array, allow_pickle=False)
        os.replace(building, target)
    except OSError:
        shutil.rmtree(locals().get("building") or "", ignore_errors=True)
