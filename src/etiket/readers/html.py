"""HTML replies (.html, .htm) and HTML e-mail parts: the text a customer sees in a browser or mail
client, every character mapped back to its line and column in the source.

Parsed with the standard library's html.parser.HTMLParser: it reports where every tag and text
run starts (getpos), tolerates broken and never-closed HTML, and needs no dependency. It is run
with convert_charrefs=False so text arrives as written; character references (&nbsp; &#8217;
&amp;) are decoded here, each one mapped to the "&" it starts at.

What the customer never sees leaves: <head>, <title>, <script>, <style>, <template>, <noscript>,
comments, and elements hidden by the `hidden` attribute or by style display:none,
visibility:hidden or mso-hide:all. Whitespace collapses as a browser collapses it; block elements
end lines, with a blank line after paragraph-like blocks (so paragraph metrics work); <br> breaks
a line; list items start with "-" or their number, as the browser draws them; table cells stand
apart by a space. An unterminated tag or comment runs to the end of the input and is dropped, as
in a browser. An etiket directive in a comment is recorded on the Reply (readers/directives.py).

Quoted history in an HTML e-mail is kept apart (with `quotes`): Gmail's gmail_quote and
gmail_quote_container, <blockquote> of any kind, Yahoo's yahoo_quoted, Thunderbird's
moz-cite-prefix, and everything from Outlook's appendonsend, divRplyFwdMsg or OutlookMessageHeader
on. That is what the customer wrote, not the reply.
"""

import codecs
import html
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from etiket import errors
from etiket.readers import directives
from etiket.readers import text as plain
from etiket.reply import Builder, OffsetMap, Reply, TextMap

SKIPPED = {"head", "title", "script", "style", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# Blocks a browser sets off by a margin: a blank line after them keeps paragraphs apart.
PARAGRAPHS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table", "pre", "hr",
    "section", "article", "header", "footer", "aside", "figure", "address", "form", "fieldset",
    "main", "nav", "details", "menu",
}
LINES = {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "center", "summary", "option", "legend"}
CELLS = {"td", "th"}
# A block opening inside a <p> ends that paragraph first, as a browser's parser does.
CLOSES_P = (PARAGRAPHS | LINES) - {"tr", "caption", "option", "legend"}
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var",
}
# Element names a browser knows: Markdown leaves other <words> (a <<name>> placeholder) as text.
ELEMENTS = SKIPPED | VOID | PARAGRAPHS | LINES | CELLS | INLINE | {"html", "body", "thead", "tbody", "tfoot"}
QUOTE_CLASSES = {"gmail_quote", "gmail_quote_container", "yahoo_quoted", "moz-cite-prefix"}
# Outlook writes its reply header and then the whole earlier message, not nested in it.
HISTORY_IDS = {"appendonsend", "divrplyfwdmsg"}
HISTORY_CLASSES = {"outlookmessageheader"}

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_WHITE = " \t\n\r\f\xa0"
_RUNS = re.compile(f"[{_WHITE}]+|[^{_WHITE}]+")
_CLOSING = ".,;:!?)]}…"
# A character reference as HTML5 reads one (the pattern html.unescape uses).
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# Stands in for "&" while parsing: Python 3.11's parser mishandles a stray "&#" (it shows all the
# rest of the page, tags and all, as text), so the parser never sees an "&". One character for
# one keeps every offset; a noncharacter never appears in real text.
_AMP = "\ufdd0"
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


@dataclass
class Visible:
    text: str  # what the customer reads
    offsets: array  # offsets[i] = index in the input string of text[i]
    quoted: str  # visible text of the quoted history that was left out ("" if none)
    comments: list  # (text, source start, source end, offset in `text`) of each comment


def visible(source_text, quotes=True):
    """The visible text of an HTML document, with the source offset of every character. With
    `quotes`, quoted e-mail history is left out of `text` and its visible text given as `quoted`."""
    reply = Layout()
    quoted = Layout() if quotes else None
    render(source_text, reply, quoted)
    return Visible(reply.out.text(), reply.out.offsets, quoted.out.text() if quoted else "", reply.comments)


def render(html_text, reply, quoted=None, base=0):
    """Lay out the visible text of `html_text` into the Layout `reply`; quoted history goes to
    `quoted` when one is given. Offsets are `base` plus the index in `html_text` (HTML inside a
    larger source, a Markdown file say)."""
    parser = _Parser(html_text, reply, quoted, base)
    parser.feed(_complete(html_text).replace("&", _AMP))
    parser.close()


def read_html(source, stream, options=None):
    """One Reply per HTML file: its visible text; quoted e-mail history becomes the customer's
    message."""
    data = stream.read()
    source_text, encoding = plain.read(source, data, _declared_charset(data))
    seen = visible(source_text)
    if not seen.text:
        raise errors.InputError(source, errors.EMPTY)
    base = TextMap(source_text)
    yield Reply(
        source=source,
        text=seen.text,
        positions=OffsetMap(seen.offsets, base),
        customer=seen.quoted or None,
        directives=directives.found(seen.comments, base),
        encoding=encoding,
    )


def _declared_charset(data):
    """The charset a page that is not UTF-8 declares in its <meta>; without one, readers.text reads it
    in Windows-1252, what browsers assume of an undeclared Western page."""
    found = _CHARSET.search(data[:8192])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if name.startswith("utf") else name


def _complete(html_text):
    """The input without a tag, comment or declaration left open at its very end (after the last
    ">"): a browser drops it, and Python's parser would rescan the rest for each "<" in it."""
    cut = _TAG_START.search(html_text, html_text.rfind(">") + 1)
    return html_text[: cut.start()] if cut else html_text


class Layout:
    """Visible text laid out as a browser lays it out, with the source offset of each character.

    Whitespace collapses to one space between words and vanishes at line ends; line breaks are
    asked for by blocks and <br> and written only before the next word, so no text starts or ends
    with blank lines. `out` is the reply.Builder holding the text and its offsets."""

    def __init__(self):
        self.out = Builder()
        self._space = None  # source offset of a space to write before the next word
        self._breaks = 0  # line breaks to write before the next word: 2 is a blank line
        self._break_at = 0
        self._gap = False  # something left out stands just before the next word
        self.comments = []  # (text, source start, source end, offset in the text): etiket directives hide there

    def text(self, chunk, at, pre=False):
        """Source text starting at offset `at`; in <pre>, line breaks stay."""
        for run in _RUNS.finditer(chunk):
            where = at + run.start()
            if run.group()[0] not in _WHITE:
                self.word(run.group(), where)
            elif pre and "\n" in run.group():
                for _ in range(run.group().count("\n")):
                    self.line(where)
            else:
                self.space(where)

    def decoded(self, chars, at):
        """Characters decoded from one stretch of source at `at` (an entity, an escape)."""
        if chars.isspace():
            self.space(at)
        else:
            self.word(chars, at, whole=True)

    def word(self, chars, at, whole=False):
        """Visible characters: copied from the source at `at`, or standing `whole` for it."""
        if self._gap and chars[0] in _CLOSING:
            self._space = None
        if self._breaks:
            self.out.put("\n" * self._breaks, self._break_at)
        elif self._space is not None:
            self.out.put(" ", self._space)
        self._breaks, self._space, self._gap = 0, None, False
        (self.out.put if whole else self.out.keep)(chars, at)

    def left_out(self):
        """Something left out stood here (inline code, a URL): the space before it goes when
        punctuation follows, so no space stands before a full stop that ended the sentence."""
        self._gap = True

    def comment(self, text, start, end):
        """A comment between `start` and `end` in the source: the customer never sees it, so an
        author may leave etiket a directive in it. Kept with the offset the next word will have."""
        self.comments.append((text, start, end, len(self.out.offsets)))

    def space(self, at):
        if self._space is None and not self._breaks and self.out.offsets:
            self._space = at

    def line(self, at):
        """A line break (<br>): two in a row leave a blank line."""
        self._ask(min(self._breaks + 1, 2), at)

    def block(self, breaks, at):
        """The edge of a block: at least `breaks` line breaks before what follows."""
        self._ask(max(self._breaks, breaks), at)

    def _ask(self, breaks, at):
        if not self.out.offsets:
            return
        if not self._breaks:
            self._break_at = at
        self._breaks, self._space = breaks, None


@dataclass
class _Open:
    tag: str
    hidden: bool
    quoted: bool
    numbered: int = 0  # an <ol>: the number its last item got


class _Parser(HTMLParser):
    def __init__(self, html_text, reply, quoted, base):
        super().__init__(convert_charrefs=False)
        self._starts = [0] + [m.end() for m in re.finditer("\n", html_text)]
        self._reply, self._quoted, self._base = reply, quoted, base
        self._open = []  # elements open now, innermost last
        self._names = Counter()  # open elements by name: an end tag with none open is ignored at once
        self._lists = []  # the open <ul> and <ol>, innermost last
        self._hidden = self._quoting = self._pre = 0
        self._history = False  # from Outlook's reply header on, all is quoted history

    def _at(self):
        line, column = self.getpos()
        return self._base + self._starts[line - 1] + column

    def _layout(self):
        """Where text goes now: nowhere when hidden, else the reply or the quoted history."""
        if self._hidden:
            return None
        if self._quoted is not None and (self._quoting or self._history):
            return self._quoted
        return self._reply

    def handle_starttag(self, tag, attrs):
        at = self._at()
        if tag in VOID:
            self._void(tag, at)
            return
        if tag == "body":
            self.handle_endtag("head")  # a <body> closes a <head> left open
        if tag in CLOSES_P:
            self.handle_endtag("p")
        attrs = {name: value or "" for name, value in attrs}
        classes = set(attrs.get("class", "").lower().split())
        if self._quoted is not None and (attrs.get("id", "").lower() in HISTORY_IDS or classes & HISTORY_CLASSES):
            self._history = True
        hidden = tag in SKIPPED or "hidden" in attrs or bool(_HIDDEN_STYLE.search(attrs.get("style", "")))
        quoted = self._quoted is not None and (tag == "blockquote" or bool(classes & QUOTE_CLASSES))
        entry = _Open(tag, hidden, quoted, numbered=_number(attrs.get("start")) - 1 if tag == "ol" else 0)
        self._push(entry)
        self._edge(tag, at)
        if tag == "li":
            self._marker(at)

    def handle_endtag(self, tag):
        if not self._names[tag]:
            return
        at = self._at()
        while True:  # closes what was left open inside it, as a browser does
            entry = self._open[-1]
            self._edge(entry.tag, at)
            self._pop()
            if entry.tag == tag:
                return

    def handle_data(self, data):
        layout = self._layout()
        if layout is None:
            return
        at = self._at()
        data = data.replace(_AMP, "&")
        last = 0
        for ref in _REFERENCE.finditer(data):
            layout.text(data[last:ref.start()], at + last, self._pre > 0)
            chars = html.unescape(ref.group())
            if chars == ref.group():
                layout.word(chars, at + ref.start())
            else:
                layout.decoded(chars, at + ref.start())
            last = ref.end()
        layout.text(data[last:], at + last, self._pre > 0)

    def handle_comment(self, data):
        start = self._at()  # the "<!--": the parser reports a comment before moving past it
        self._reply.comment(data.replace(_AMP, "&"), start, start + len(data) + len("<!---->"))

    def parse_comment(self, i, report=True):
        end = super().parse_comment(i, report)
        return len(self.rawdata) if end < 0 else end  # never closed: a browser reads to the end

    def parse_marked_section(self, i, report=True):
        # In HTML a browser reads <![...]> (Outlook's <![if !mso]>) as a comment up to the first
        # ">"; Python 3.11's parser raises on unknown keywords.
        end = self.rawdata.find(">", i)
        return len(self.rawdata) if end < 0 else end + 1

    def _void(self, tag, at):
        layout = self._layout()
        if tag == "br" and layout:
            layout.line(at)
        elif tag == "hr":
            self.handle_endtag("p")
            self._edge(tag, at)

    def _edge(self, tag, at):
        """The start or end of an element: a line or paragraph break, or a space between cells."""
        if self._hidden:
            return
        if tag in CELLS:
            self._layout().space(at)
        breaks = 2 if tag in PARAGRAPHS else 1 if tag in LINES else 0
        if breaks:
            # Both texts break: the reply resumes on its own line after a quote.
            for layout in (self._reply, self._quoted):
                if layout is not None:
                    layout.block(breaks, at)

    def _marker(self, at):
        layout = self._layout()
        if layout is None:
            return
        numbered = self._lists[-1] if self._lists and self._lists[-1].tag == "ol" else None
        if numbered:
            numbered.numbered += 1
        layout.word(f"{numbered.numbered}." if numbered else "-", at, whole=True)
        layout.space(at)

    def _push(self, entry):
        self._open.append(entry)
        self._names[entry.tag] += 1
        self._hidden += entry.hidden
        self._quoting += entry.quoted
        self._pre += entry.tag == "pre"
        if entry.tag in ("ul", "ol"):
            self._lists.append(entry)

    def _pop(self):
        entry = self._open.pop()
        self._names[entry.tag] -= 1
        self._hidden -= entry.hidden
        self._quoting -= entry.quoted
        self._pre -= entry.tag == "pre"
        if entry.tag in ("ul", "ol"):
            self._lists.pop()


def _number(start):
    try:
        return int(start)
    except (TypeError, ValueError):
        return 1
