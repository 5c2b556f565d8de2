"""Every error etiket reports to a user, in one place so the wording can be found and tested."""


class EtiketError(Exception):
    """A problem the user can fix; printed as one line, never as a traceback."""


class RuleError(EtiketError):
    def __init__(self, path, line, column, detail, rule=None):
        self.path, self.line, self.column, self.rule = path, line, column, rule
        where = f"{path}:{line}:{column}" if line else str(path)
        who = f" [{rule}]" if rule else ""
        super().__init__(f"invalid rule: {where}{who}: {detail}")


class InputError(EtiketError):
    def __init__(self, source, detail):
        self.source = source
        super().__init__(f"cannot check {source}: {detail}")


class UsageError(EtiketError):
    def __init__(self, detail):
        super().__init__(f"usage: {detail}")


# Input problems, worded once.
MISSING_PATH = "no such file or folder"
NO_REPLIES = "folder holds no .txt or .md replies"
EMPTY = "the draft is empty"
BINARY = "looks like a binary file, not text"
NOT_UTF8 = "is not UTF-8 text (line {line})"
UNREADABLE = "cannot be read ({reason})"
BAD_JSONL = "line {line} is not a JSON object ({reason})"
NO_TEXT_FIELD = "record on line {line} has no text field (text, draft, body, reply or content)"
# E-mail
NOT_MAIL = "is not an e-mail message (no mail headers at the top)"
NO_TEXT_PART = "no text/plain or text/html part"
