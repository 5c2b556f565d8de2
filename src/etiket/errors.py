"""Every error etiket reports to a user, in one place so the wording can be found and tested."""


class EtiketError(Exception):
    """A problem the user can fix; printed as one line, never as a traceback."""


class RuleError(EtiketError):
    def __init__(self, path, line, column, detail, rule=None):
        self.path, self.line, self.column, self.rule = path, line, column, rule
        who = f" [{rule}]" if rule else ""
        super().__init__(f"invalid rule: {_at(path, line, column)}{who}: {detail}")


class InputError(EtiketError):
    def __init__(self, source, detail):
        self.source = source
        super().__init__(f"cannot check {source}: {detail}")


class NoTextError(InputError):
    """A record without its text field. `hint` is the path of its longest text, when it has one; a
    collection where no record has the field is told once, not once per record."""

    def __init__(self, source, detail, hint=None):
        super().__init__(source, detail)
        self.hint = hint


class WriteError(InputError):
    """A file `--fix` could not write back: reported, like an input that cannot be checked, as one
    line, and the run goes on with the others."""

    def __init__(self, path, reason):
        self.source = path
        EtiketError.__init__(self, CANNOT_WRITE.format(path=path, reason=reason))


class BaselineError(EtiketError):
    def __init__(self, path, detail):
        super().__init__(f"invalid baseline: {path}: {detail}")


class UsageError(EtiketError):
    def __init__(self, detail):
        super().__init__(f"usage: {detail}")


# Input problems, worded once.
MISSING_PATH = "no such file or folder"
NO_REPLIES = "folder holds no readable replies (a folder walk reads {suffixes} files; name a .csv, .json or .yaml collection to check it)"
EMPTY = "the draft is empty"
BINARY = "looks like a binary file, not text"
NOT_UTF8 = "is not UTF-8 text (line {line})"
NOT_AS_MARKED = "is not {encoding} text as its byte-order mark says (line {line})"
UNREADABLE = "cannot be read ({reason})"
BAD_JSONL = "line {line} is not a JSON object ({reason})"
# Collections (JSONL, JSON, YAML, CSV): a record is named by its line, else by its id.
RECORD_AT = "record on line {line}"
RECORD_NAMED = "record {item}"
NO_TEXT_FIELD = "{record} has no text field (text, draft, body, reply or content)"
# the same, naming where the record's longest text is, for --text-field
NO_TEXT_FIELD_HINT = NO_TEXT_FIELD + "; its longest text is at {path}: name it with --text-field {path}"
NO_FIELD = "{record} has no field {field}"
# a collection where not one record has it, told once
NO_RECORD_TEXT_FIELD = "none of its {count} records has a text field (text, draft, body, reply or content)"
NO_RECORD_TEXT_FIELD_HINT = NO_RECORD_TEXT_FIELD + "; their longest text is at {path}: name it with --text-field {path}"
NO_RECORD_FIELD = "none of its {count} records has the field {field}"
MORE_UNREAD = "and {count} more records before the first readable one cannot be read"
NOT_RECORD = "{record} is {kind}, not a record"
NOT_TEXT = "{record}: the {field} field holds {kind}, not text"
EMPTY_TEXT = "{record}: the {field} field is empty"
BAD_IGNORE = "{record}: the {field} field holds {kind}, not rule ids or categories"
NO_RECORDS = "holds no records"
NOT_COLLECTION = "is not a collection of replies (a list of records, or a mapping of name to record or text), but {kind}"
TOO_DEEP = "nests too deeply to be read"
BAD_JSON = "is not valid JSON: {reason} (line {line}, column {column})"
BAD_YAML = "is not valid YAML: {reason} (line {line}, column {column})"
CSV_FIELDS = "record on line {line} has {found} fields, the header has {expected}"
CSV_NO_TEXT_COLUMN = "the header on line {line} has no text column (text, draft, body, reply or content)"
CSV_NO_COLUMN = "the header on line {line} has no column {field}"
BAD_CSV = "line {line} is not valid CSV ({reason})"
# E-mail
NOT_MAIL = "is not an e-mail message (no mail headers at the top)"
NO_TEXT_PART = "no text/plain or text/html part"
TOO_LONG = "has {chars:,} characters, more than a reply can have ({limit:,}); split it into replies"
OVERRUN = "checked in part: the pattern of {rules} was stopped after the {seconds:g} s budget (--timeout)"
# Suppressions (suppress.py): reported as info on stderr, never as findings, so scores and the
# report's categories stay what the rules found.
STALE = "info: stale suppression: {how} suppresses nothing; remove it"
NOT_DIRECTIVE = "info: not an etiket directive (write etiket: disable=, enable= or disable-next-line= RULE); ignored"
# Baseline (--baseline, --write-baseline) and report files (--output)
BASELINE_MISSING = "no such file (write one with --write-baseline)"
BASELINE_NOT_JSON = "not JSON ({reason})"
BASELINE_INVALID = "not an etiket baseline: {where}: {reason}"
BASELINE_NOT_WRITTEN = "baseline not written to {path}: {inputs} could not be checked in full, so it would miss their findings"
BASELINE_WRITTEN = "baseline written to {path}: {count} findings accepted"
CANNOT_WRITE = "cannot write {path}: {reason}"


class ConfigError(EtiketError):
    def __init__(self, path, line, column, detail):
        super().__init__(f"invalid config: {_at(path, line, column)}: {detail}")


def _at(path, line, column):
    """path:line:col, or the path alone for a problem with the whole file (line 0)."""
    return f"{path}:{line}:{column}" if line else str(path)


# Configuration files (.etiket.yaml, etiket.yaml, pyproject.toml [tool.etiket])
CONFIG_MISSING = "no such file"
CONFIG_NOT_MAPPING = "the file must be a mapping of keys"
CONFIG_NO_TABLE = "has no [tool.etiket] table"
CONFIG_UNKNOWN_KEY = "unknown key {key!r} (known keys: {known})"
CONFIG_UNKNOWN_NAME = "{key}: unknown rule or category {name!r}"
CONFIG_BAD_PATTERN = "placeholders/{index}: not a regular expression ({reason})"
CONFIG_EXISTS = "{path} exists; etiket init --force replaces it"


class RequestError(EtiketError, ValueError):
    """A check asked of the Python API, `etiket serve` or `etiket mcp` that cannot be made (an
    empty text, an unknown language); the caller gets the reason and the next check goes on."""


# Requests to the Python API, `etiket serve` and `etiket mcp`
REQUEST_EMPTY = "text is empty or missing: give the reply draft to check"
REQUEST_NOT_TEXT = "{field} must be a string, not {kind}"
REQUEST_CHOICE = "{field} must be one of {choices}, not {value!r}"
REQUEST_TIMEOUT = "timeout must be a number of seconds above 0, not {value!r}"
REQUEST_TOO_LONG = "text has {chars:,} characters, more than a reply can have ({limit:,}); split it into replies"
REQUEST_NOT_JSON = "not a JSON object ({reason})"
REQUEST_NOT_OBJECT = "a request is a JSON object, not {kind}"
REQUEST_NOT_UTF8 = "not UTF-8 text"
REQUEST_BAD_ID = "id must be a string or a number, not {kind}"
UNKNOWN_RULE = "no rule {rule!r}; list_rules lists them"
MCP_MISSING = "etiket mcp needs the MCP SDK: pip install 'etiket[mcp]'"
