"""The learned second opinion's features and scores: plain Python and numpy (which spaCy brings),
no spaCy, no model library.

A reply is read as word unigrams and bigrams and character 3-5-grams inside words, each remembered
with where it starts in the text; the customer's message as word unigrams and bigrams; the channel
as one feature; and three cues of how the reply answers the message, which no n-gram holds
(shape()). Features are present or not, and each block is scaled to unit length, so a score is a
sum of stored weights: the trainer (benchmarks/train_model.py) and this module agree by
construction, and a finding can name the sentence and the words that weighed most.
"""

import math
import re
from functools import lru_cache
from itertools import repeat

# A word: letters and digits with inner apostrophes or hyphens ("didn't", "di-refund"); an @handle
# and a link are one word each, read as what they are, not what they say.
WORD = re.compile(r"https?://\S+|www\.\S+|@\w+|\w+(?:['’-]\w+)*")
NUMBER = re.compile(r"\d")
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


def _plain_words(text):
    """The words of `text` as words() gives them, without their starts, one to a line: the whole
    text's words are lowered, generalised and counted by a few string and regex calls, not by
    several calls for each word. None when it has none. (A word holds no line break, and lowering
    each word alone or all of them joined by line breaks gives the same letters: a line break is
    neither cased nor ignored by the case rules, so no word's lowering sees another's letters.)"""
    found = WORD.findall(text)
    if not found:
        return None
    joined = NUMBER.sub("0", "\n".join(found).lower().replace("’", "'"))  # a handle's or link's digits go with it below
    if "@" in joined:
        joined = _HANDLE.sub("@handle", joined)
    if "http" in joined or "www." in joined:
        joined = _LINK.sub("<link>", joined)
    return joined


# A word that words() reads as a handle, or as a link, whole on its line of _plain_words.
_HANDLE = re.compile(r"^@.*", re.MULTILINE)
_LINK = re.compile(r"^(?:http|www\.).*", re.MULTILINE)
# A line of _plain_words holding a Latin letter.
_LATIN_LINE = re.compile(r"^.*?[a-z]", re.MULTILINE)


def _latin_words(joined, tokens):
    """How many of the words are in Latin letters: handles and links are not counted, nor a script
    the weights never saw (a reply in Japanese has none). `joined`: _plain_words, `tokens` its lines."""
    if not tokens:
        return 0
    return len(_LATIN_LINE.findall(joined)) - tokens.count("@handle") - tokens.count("<link>")


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


def _customer_grams(tokens):
    return set(map("q:".__add__, tokens)) | set(map("q:{} {}".format, tokens, tokens[1:]))


# Three words of the customer's said again in the same order: the reply echoes their message.
ECHO = 3
# One or two words in quotes ("urgent", 'broken'): when they are the customer's, the reply quotes them back.
QUOTED = re.compile(r"[\"“”‘’'](\w+(?: \w+)?)[\"“”‘’']")
# A customer who shouts: doubled ! or ?, or a word of four capitals or more (CAPITALS) that is not a name.
MARKS = re.compile(r"[!?]{2}")
CAPITALS = re.compile(r"\b[A-Z]{4,}\b")
# A grin or a smile (not a plane, a heart or folded hands): at a customer who shouts it reads as a smirk.
SMILE = re.compile("[\U0001F600-\U0001F606\U0001F609-\U0001F60B\U0001F60E\U0001F60F\U0001F602\U0001F642"
                   "\U0001F643\U0001F917\U0001F923]|[:;]-?[)D]")


def shape(text, tokens, customer, theirs):
    """Cues of how the reply answers the customer's message that the n-grams cannot hold, the same
    in every language: their words echoed back, their words put in quotes, a smile at a customer who
    shouts. `tokens` and `theirs`: the reply's and the customer's words (words())."""
    if not customer:
        return set()
    cues = set()
    runs = {tuple(theirs[i:i + ECHO]) for i in range(len(theirs) - ECHO + 1)}
    if any(tuple(tokens[i:i + ECHO]) in runs for i in range(len(tokens) - ECHO + 1)):
        cues.add("d:echo")
    said = set(theirs)
    if any(all(word in said for word in quoted.lower().split()) for quoted in QUOTED.findall(text)):
        cues.add("d:quote")
    if SMILE.search(text) and _shouts(customer, text):
        cues.add("d:cheer")
    return cues


def _shouts(customer, text):
    """True when the customer shouts: doubled ! or ?, or a word in capitals that the reply does not
    also write in capitals. An acronym (QRIS, BPJS, PDAM) is a name the reply repeats as it is; a
    shouted word (AGAIN, STILL) is not said back in capitals."""
    if MARKS.search(customer):
        return True
    names = set(CAPITALS.findall(text))
    return any(word not in names for word in CAPITALS.findall(customer))


def read(text, customer=None, channel=None):
    """The features of a reply (word n-grams, character n-grams), its customer message, its channel
    and the cues of its shape, as the blocks every model scores."""
    joined = _plain_words(text)
    tokens = joined.split("\n") if joined else []
    theirs = _customer_words(customer or "")
    # each block made as a set of the same strings added in the same order as before, so its
    # order, and with it the order the scores are summed in, stays as it was
    grams = set(map("w:".__add__, tokens)) | set(map("w:{} {}".format, tokens, tokens[1:]))
    chars = set().union(*map(_char_grams, tokens))
    read = Read([grams, chars, _customer_grams(theirs), {f"channel:{channel or 'none'}"},
                 shape(text, tokens, customer, theirs)])
    read.word_count = _latin_words(joined, tokens)
    read.tokens = tokens
    # most features are a word's character n-grams: their columns are looked up once per word
    read.columns[1] = set().union(*map(_char_columns, tokens)) if chars else None
    return read


@lru_cache(maxsize=64)
def _customer_words(text):
    """A customer's message's words (words(), without starts): the replies to one message are
    often checked one after the other."""
    joined = _plain_words(text)
    return tuple(joined.split("\n")) if joined else ()


@lru_cache(maxsize=100_000)
def _char_grams(word):
    """A word's character n-grams: the same words come back in reply after reply."""
    padded = f" {word} "
    return frozenset("c:" + padded[i:i + n] for n in CHARS for i in range(len(padded) - n + 1))


@lru_cache(maxsize=100_000)
def _char_columns(word):
    """The columns of a word's character n-grams that some model weighs (cleared when a model loads)."""
    return frozenset(column for column in map(_COLUMNS.get, _char_grams(word)) if column is not None)


def vector(text, customer=None, channel=None):
    """feature -> value: the blocks as one mapping (for training, and for naming the heaviest words)."""
    return read(text, customer, channel).values()


# feature -> column, shared by every model of the process: a reply's features are looked up once
# for all of them, and each model's weights are an array over these columns.
_COLUMNS = {}
# every model loaded, in load order: a model's place is its column in the stacked weights
_MODELS = []
_STACKED = {}
_KNOWN = (-1).__ne__


def _stacked():
    """All models' weights as one matrix, a row a feature column and a column a model, so a reply
    is scored by every model at once; built again when a model has loaded since."""
    import numpy  # here, not at the top: listing or explaining rules loads this module and needs no numpy

    shape = (len(_COLUMNS), len(_MODELS))
    if _STACKED.get("shape") != shape:
        matrix = numpy.zeros(shape)
        for place, model in enumerate(_MODELS):
            matrix[model.columns, place] = list(model.weights.values())
        _STACKED.update(shape=shape, matrix=matrix)
    return _STACKED["matrix"]


class Read:
    """A reply's feature blocks; each feature of a block has the value that gives the block unit length."""

    def __init__(self, blocks):
        self.blocks = [(block, 1 / math.sqrt(len(block)) if block else 0.0) for block in blocks]
        self.columns = [None] * len(blocks)  # a block's known columns, when already found
        self.word_count = None
        self.tokens = ()  # the reply's words as words() gives them
        self._known = self._scores = self._known_words = None

    def values(self):
        return {feature: value for block, value in self.blocks for feature in block}

    def known_word_share(self):
        """The share of the reply's words (handles and links aside) that some loaded model weighs as
        words: low for a reply in a language the weights never learned ("Wir haben zu danken" taken for
        Indonesian), high for English and Indonesian. Found once; every learned rule asks it. (The models
        together: one model's pruned weights hold too few words to tell.)"""
        if self._known_words is None:
            words = [t for t in self.tokens if t not in ("@handle", "<link>") and _LATIN_LINE.match(t)]
            self._known_words = sum(("w:" + w) in _COLUMNS for w in words) / len(words) if words else 0.0
        return self._known_words

    def known(self):
        """(columns, values) of the features some loaded model weighs, as arrays."""
        if self._known is None:
            import numpy

            columns, counts = [], []
            for found, block in zip(self.columns, self.blocks):
                if found is None:  # the known columns in the block's order (-1: a feature no model weighs)
                    found = [*filter(_KNOWN, map(_COLUMNS.get, block[0], repeat(-1)))]
                columns += found
                counts.append(len(found))
            # made from an iterator and by repetition: numpy.array of a list reads each item's type first
            self._known = (numpy.fromiter(columns, dtype=numpy.intp, count=len(columns)),
                           numpy.repeat([value for _, value in self.blocks], counts))
        return self._known

    def scores(self):
        """Every loaded model's weighted sum for this reply, in the models' load order."""
        if self._scores is None or len(self._scores) != len(_MODELS):
            columns, values = self.known()
            self._scores = values @ _stacked()[columns]
        return self._scores


class Model:
    """One category's weights: score a reply, and say which sentence and words weighed most."""

    def __init__(self, weights, bias):
        self.weights, self.bias = weights, bias
        # the column of each weight, in the order of `weights`
        self.columns = [_COLUMNS.setdefault(feature, len(_COLUMNS)) for feature in weights]
        _char_columns.cache_clear()
        self._place = len(_MODELS)
        _MODELS.append(self)

    def probability(self, features):
        """`features`: a Read of the reply."""
        total = self.bias + float(features.scores()[self._place])
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
        # among the sentences that hold a word: when every sentence weighs below zero (the bias carries
        # the probability), a trailing line break's empty sentence would otherwise win with its 0
        worded = {_sentence_at(bounds, start) for _, start in grams} or range(len(bounds))
        best = max(sorted(worded), key=per_sentence.__getitem__)
        cues = sorted(((w, word) for (i, word), w in weight_of.items() if i == best and w > 0), reverse=True)
        return bounds[best], [word for _, word in cues]


def _sentence_at(bounds, offset):
    for i, (start, end) in enumerate(bounds):
        if offset < end:
            return i
    return len(bounds) - 1
