"""Markdown macros (.md): the prose a customer reads once the Markdown is rendered, every
character mapped back to its line and column in the .md file.

Parsed with markdown-it-py (CommonMark, plus tables and strikethrough). Its source maps give the
lines of each block (token.map); inside a block each piece of text is found in those lines in
order, so columns are exact. Text is laid out by the HTML reader's Layout, so whitespace, line and
paragraph breaks come out as they do for an HTML reply: each block ends a line, a blank line
between paragraphs, each list item on its own line after its "-" or number. A line break inside a
paragraph stays a line break, as the author wrote it.

Left out: YAML front matter, fenced and indented code, inline code, link targets and autolinks (a
link's text stays), images (alt text too: the customer sees the picture), HTML comments and tags.
An etiket directive in an HTML comment is recorded on the Reply (readers/directives.py).
An HTML block goes through the HTML reader: its visible text stays. Template placeholders stay as
written: {{ticket.requester.first_name}}, [Nama Pelanggan], <<name>> (not a tag a browser knows),
%FIRSTNAME%.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from etiket import errors
from etiket.readers import directives, html
from etiket.readers.text import read
from etiket.reply import OffsetMap, Reply, TextMap

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\n)?(?:---|\.\.\.)[ \t]*(?=\r?\n|\Z)", re.DOTALL)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
# Blocks after which a blank line comes; a list item or table row only ends its line.
_PARAGRAPH_ENDS = {
    "paragraph_close", "heading_close", "bullet_list_close", "ordered_list_close", "blockquote_close",
    "table_close", "hr", "fence", "code_block",
}
_LINE_ENDS = {"tr_close", "list_item_close"}


def read_markdown(source, stream, options=None):
    source_text, encoding = read(source, stream.read())
    layout = prose(source_text)
    if not layout.out.offsets:
        raise errors.InputError(source, errors.EMPTY)
    base = TextMap(source_text)
    yield Reply(source=source, text=layout.out.text(), positions=OffsetMap(layout.out.offsets, base),
                directives=directives.found(layout.comments, base), encoding=encoding)


def prose(source_text):
    """The rendered prose of a Markdown text, as an html.Layout (text and source offsets)."""
    # Front matter blanked and every "\r" a space: markdown-it then reads the same lines at the
    # same offsets as the file (it would turn "\r\n" into "\n" and shift every later offset).
    src = _FRONT_MATTER.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source_text)
    src = src.replace("\r", " ").replace("\0", "\ufffd")
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
    walk = _Walk(src)
    for token in parser.parse(src):
        walk.block(token)
    return walk.layout


class _Walk:
    """Lays out markdown-it's tokens in order, keeping a cursor in the source: each piece of text is
    looked for at or after the cursor, so it is found where it stands and not earlier."""

    def __init__(self, src):
        self.src = src
        self.layout = html.Layout()
        self.cursor = 0
        self.limit = len(src)  # the end of the block being read: nothing is looked for beyond
        self._starts = [0] + [m.end() for m in re.finditer("\n", src)] + [len(src)]

    def _find(self, piece):
        at = self.src.find(piece, self.cursor, self.limit)
        if at < 0:  # markdown-it changed the text (a "\|" in a table cell): keep it, placed near
            return self.cursor
        self.cursor = at + len(piece)
        return at

    def block(self, token):
        if token.map:
            self.cursor = max(self.cursor, self._starts[token.map[0]])
            self.limit = self._starts[token.map[1]]
        if token.type == "inline":
            self._inline(token.children or [])
        elif token.type == "html_block":
            self._html_block(token)
        elif token.type == "list_item_open":
            self._list_item(token)
        elif token.type in ("td_open", "th_open"):
            self.layout.space(self.cursor)
        elif token.type in ("fence", "code_block"):
            self.cursor = self.limit
        # A tight list's paragraphs are hidden: they end their line, not a paragraph.
        if token.type in _PARAGRAPH_ENDS and not token.hidden:
            self.layout.block(2, self.cursor)
        elif token.type in _LINE_ENDS or token.type == "paragraph_close":
            self.layout.block(1, self.cursor)

    def _list_item(self, token):
        marker = f"{token.info}{token.markup}" if token.info else token.markup
        at = self._find(marker)
        self.layout.block(1, at)
        self.layout.word(marker if token.info else "-", at, whole=not token.info)
        self.layout.space(self.cursor)

    def _html_block(self, token):
        start = self._find(token.content.split("\n", 1)[0])
        self.layout.block(2, start)
        html.render(self.src[start:self.limit], self.layout, base=start)
        self.layout.block(2, self.limit)
        self.cursor = self.limit

    def _inline(self, children):
        tokens = iter(children)
        for token in tokens:
            kind = token.type
            if kind == "text":
                self._text(token.content)
            elif kind == "text_special":  # an entity or a backslash escape, decoded
                self.layout.decoded(token.content, self._find(token.markup))
            elif kind in ("softbreak", "hardbreak"):
                self.layout.line(self._find("\n"))
            elif kind == "code_inline":
                self._skip_code(token.markup)
                self.layout.left_out()
            elif kind == "html_inline":
                self._html_inline(token.content)
            elif kind == "image":
                self._find("![")
                self._skip_link_end(self._label_end())
                self.layout.left_out()
            elif kind == "link_open" and token.markup == "autolink":
                self._find("<")
                self._find(">")
                next((t for t in tokens if t.type == "link_close"), None)
                self.layout.left_out()
            elif kind == "link_open":
                self._find("[")
            elif kind == "link_close":
                self._skip_link_end(self._find("]") + 1)
            elif token.markup:  # emphasis and strikethrough markers
                self._find(token.markup)

    def _text(self, content):
        at = self.src.find(content, self.cursor, self.limit)
        if at >= 0:
            self.cursor = at + len(content)
            self.layout.text(content, at)
        else:  # markdown-it changed the text ("\\|" in a table cell, an escape beside a code span):
            # it stands whole for the place it was read, which must lie inside the source
            self.layout.decoded(content, min(self.cursor, len(self.src) - 1))

    def _skip_code(self, ticks):
        # A run of exactly these ticks; a backtick escaped just before the span is no part of it.
        run = re.compile(f"(?:(?<=\\\\`)|(?<!`)){ticks}(?!`)")
        opening = run.search(self.src, self.cursor, self.limit)
        closing = opening and run.search(self.src, opening.end(), self.limit)
        if closing:
            self.cursor = closing.end()

    def _html_inline(self, tag):
        at = self._find(tag)
        name = _TAG.match(tag)
        if tag.startswith("<!--"):
            self.layout.comment(tag[4:-3], at, at + len(tag))
        elif name and name.group(1).lower() == "br":
            self.layout.line(at)
        elif name and name.group(1).lower() not in html.ELEMENTS:
            self.layout.text(tag, at)  # <name> is no HTML tag: a placeholder, left as written

    def _label_end(self):
        """Just past the "]" that closes the label opened before the cursor (labels nest)."""
        depth, i = 1, self.cursor
        while depth and i < self.limit:
            if self.src[i] == "\\":
                i += 1
            elif self.src[i] in "[]":
                depth += 1 if self.src[i] == "[" else -1
            i += 1
        return i

    def _skip_link_end(self, at):
        """Past what follows a link's label: "(destination "title")", "[reference]" or nothing."""
        src = self.src
        if src.startswith("(", at):
            at = _skip_blank(src, at + 1)
            destination = parseLinkDestination(src, at, self.limit)
            at = _skip_blank(src, destination.pos if destination.ok else at)
            title = parseLinkTitle(src, at, self.limit)
            at = _skip_blank(src, title.pos if title.ok else at)
            at += src.startswith(")", at)
        elif src.startswith("[", at):
            close = src.find("]", at, self.limit)
            at = close + 1 if close >= 0 else at
        self.cursor = at


def _skip_blank(src, at):
    while at < len(src) and src[at] in " \t\n":
        at += 1
    return at
