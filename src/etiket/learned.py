"""The learned second opinion's features and scores: plain Python, no spaCy, no model library.

A reply is read as word unigrams and bigrams and character 3-5-grams inside words, each remembered
with where it starts in the text; the customer's message as word unigrams and bigrams; the channel
as one feature. Features are present or not, and each block is scaled to unit length, so a score is
a sum of stored weights: the trainer (benchmarks/train_model.py) and this module agree by
construction, and a finding can name the sentence and the words that weighed most.
"""

import math
import re

# A word: letters and digits with inner apostrophes or hyphens ("didn't", "di-refund"); an @handle
# and a link are one word each, read as what they are, not what they say.
WORD = re.compile(r"https?://\S+|www\.\S+|@\w+|\w+(?:['’-]\w+)*")
NUMBER = re.compile(r"\d")
LATIN = re.compile(r"[a-z]")
CHARS = (3, 4, 5)


def words(text):
    """(word, start) for each word of `text`, lowered, with handles, links and digits generalised."""
    found = []
    for match in WORD.finditer(text):
        word = match[0].lower().replace("’", "'")
        if word.startswith("@"):
            word = "@handle"
        elif word.startswith(("http", "www.")):
            word = "<link>"
        else:
            word = NUMBER.sub("0", word)
        found.append((word, match.start()))
    return found


def word_count(text):
    """The words of `text` in Latin letters: handles and links are not counted, nor a script the
    weights never saw (a reply in Japanese has none)."""
    return sum(1 for word, _ in words(text) if word not in ("@handle", "<link>") and LATIN.search(word))


def reply_features(text):
    """Two blocks of (feature, start): word n-grams, and character n-grams within words."""
    tokens = words(text)
    grams = [("w:" + word, start) for word, start in tokens]
    grams += [(f"w:{a} {b}", start) for (a, start), (b, _) in zip(tokens, tokens[1:])]
    chars = []
    for word, start in tokens:
        padded = f" {word} "
        for n in CHARS:
            chars += [("c:" + padded[i:i + n], start) for i in range(len(padded) - n + 1)]
    return grams, chars


def customer_features(text):
    tokens = [word for word, _ in words(text or "")]
    return {"q:" + w for w in tokens} | {f"q:{a} {b}" for a, b in zip(tokens, tokens[1:])}


def vector(text, customer=None, channel=None):
    """feature -> value: the blocks of a reply (and its customer message and channel), each at unit length."""
    grams, chars = reply_features(text)
    blocks = [{f for f, _ in grams}, {f for f, _ in chars}, customer_features(customer),
              {f"channel:{channel or 'none'}"}]
    values = {}
    for block in blocks:
        if block:
            scale = 1 / math.sqrt(len(block))
            for feature in block:
                values[feature] = scale
    return values


class Model:
    """One category's weights: score a reply, and say which sentence and words weighed most."""

    def __init__(self, weights, bias):
        self.weights, self.bias = weights, bias

    def probability(self, values):
        weights = self.weights
        total = self.bias + sum(weights.get(f, 0.0) * v for f, v in values.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, total))))

    def heaviest(self, text, values, bounds):
        """The (start, end) of `bounds` (sentence character offsets) whose reply features weigh
        most toward the category, and that sentence's heaviest words, heaviest first."""
        grams, chars = reply_features(text)
        weight_of = {}
        per_sentence = [0.0] * len(bounds)
        for feature, start in grams + chars:
            weight = self.weights.get(feature, 0.0) * values.get(feature, 0.0)
            if weight:
                i = _sentence_at(bounds, start)
                per_sentence[i] += weight
                if feature.startswith("w:"):
                    weight_of[(i, feature[2:])] = weight
        best = max(range(len(bounds)), key=per_sentence.__getitem__)
        cues = sorted(((w, word) for (i, word), w in weight_of.items() if i == best and w > 0), reverse=True)
        return bounds[best], [word for _, word in cues]


def _sentence_at(bounds, offset):
    for i, (start, end) in enumerate(bounds):
        if offset < end:
            return i
    return len(bounds) - 1
