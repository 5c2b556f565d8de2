"""`etiket mcp`: a Model Context Protocol server on stdio, so an AI support agent checks its draft
before it sends, as a tool call. Built on the official `mcp` SDK (the optional extra
`etiket[mcp]`), on the same Python API and configuration as the command line.

Tools: `check_reply`, `explain_rule`, `list_rules`. Each returns a pydantic model, so the SDK
lists an input and an output JSON schema per tool and answers with structured content. A call that
cannot be answered (an empty text, an unknown rule) is a tool error (`isError`), never a crash:
the server answers the next call. etiket does not rewrite drafts: the agent revises and checks again.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from etiket import __version__, errors

Severity = Literal["error", "warning", "info"]
Lang = Literal["en", "id"]
Channel = Literal["email", "chat", "social"]

INSTRUCTIONS = (
    "etiket checks customer-service reply drafts (English and Indonesian) for etiquette problems: politeness, "
    "apology, blame, sarcasm, empathy, clarity, transparency, overpromising and privacy (asking for an OTP or a "
    "password). Call check_reply on every draft before sending it. etiket does not rewrite: revise the draft "
    "yourself from each finding's message and suggestion, then call check_reply again, until no finding has "
    "severity error."
)
CHECK_REPLY = (
    "Check one customer-service reply draft (English or Indonesian) and return its score (0-100, 100 = nothing "
    "found), a score per category, and the findings in text order: rule id, severity, message, suggestion, and the "
    "matched text with its character offsets [start, end) into `text`. etiket does not rewrite the draft and has no "
    "rewrite tool: revise it yourself from the messages and suggestions and call check_reply again until `errors` "
    "is 0. explain_rule tells more about a finding's rule."
)
EXPLAIN_RULE = (
    "Explain one etiket rule by its id (as in a check_reply finding, e.g. privacy/secret-request): what it checks, "
    "why it matters, and drafts that raise it (bad) and drafts that do not (good), per language. etiket does not "
    "rewrite drafts: use this to revise the draft yourself, then call check_reply again."
)
LIST_RULES = (
    "List the rules this etiket server runs, optionally only one category (politeness, apology, privacy, ...) or "
    "only the rules for one language (en, id): id, category, severity, languages and what each checks."
)


class FoundIssue(BaseModel):
    rule: str = Field(description="Rule id, e.g. privacy/secret-request; explain_rule tells more.")
    category: str
    severity: Severity
    message: str = Field(description="What is wrong, in the reply's language unless the server sets another.")
    suggestion: str | None = Field(description="How to revise it.")
    text: str = Field(description="The matched characters: text[start:end].")
    start: int = Field(description="Character offset into the checked text where the match starts (0-based).")
    end: int = Field(description="Character offset into the checked text just past the match.")
    line: int = Field(description="1-based line of the match in the checked text.")
    column: int = Field(description="1-based column of the match in its line.")
    critical: bool = Field(description="True for a rule that fails the reply on its own (the score is capped at 20).")
    fix: str | None = Field(default=None, description="A safe replacement for `text`, when the rule has one.")


class CheckedReply(BaseModel):
    lang: Lang = Field(description="The language the draft was checked in (given, else detected).")
    score: float = Field(description="0-100, 100 = nothing found.")
    categories: dict[str, float] = Field(description="0-100 per category, every category the rules define.")
    errors: int = Field(description="Findings of severity error: revise the draft until this is 0.")
    warnings: int = Field(description="Findings of severity warning.")
    findings: list[FoundIssue]


class RuleExample(BaseModel):
    text: str
    customer: str | None = Field(default=None, description="The customer's message the draft answers, when the rule needs it.")
    channel: Channel | None = None


class RuleDoc(BaseModel):
    lang: Lang
    what: str = Field(description="What the rule checks.")
    why: str = Field(description="Why it matters to the customer.")
    suggestion: str = Field(description="How to revise a draft that raises it ({text} stands for the matched text).")
    bad: list[RuleExample] = Field(description="Drafts that raise the rule.")
    good: list[RuleExample] = Field(description="Drafts that do not.")


class RuleExplanation(BaseModel):
    id: str
    category: str
    severity: Severity
    critical: bool
    languages: list[Lang]
    docs: list[RuleDoc] = Field(description="One per language the rule checks.")


class RuleSummary(BaseModel):
    id: str
    category: str
    severity: Severity
    languages: list[Lang]
    what: str = Field(description="What the rule checks, in the language asked for (default: English when it has it).")


class RuleList(BaseModel):
    rules: list[RuleSummary]


def require():
    """The MCP SDK is an optional extra: say how to get it, in one line, when it is missing."""
    try:
        import mcp.server.mcpserver  # noqa: F401
    except ImportError:
        raise errors.EtiketError(errors.MCP_MISSING) from None


def run(linter):
    """Serve on stdin/stdout until the client closes them; returns the exit code."""
    linter.warm()
    build(linter).run("stdio")
    return 0


def build(linter):
    """The MCP server for an etiket.api.Linter (its rules and configuration)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    server = MCPServer("etiket", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(description=CHECK_REPLY)
    def check_reply(
        text: Annotated[str, Field(description="The reply draft, as the customer would read it.")],
        customer: Annotated[str | None, Field(description="The customer's message the draft answers (rules use it: a complaint expects an apology).")] = None,
        lang: Annotated[Lang | None, Field(description="The draft's language; detected when not given.")] = None,
        channel: Annotated[Channel | None, Field(description="Where the reply goes: email, chat or social (a public post).")] = None,
    ) -> CheckedReply:
        try:
            return _checked(linter.check(text, customer, lang, channel))
        except errors.RequestError as exc:
            raise ToolError(str(exc)) from None

    @server.tool(description=EXPLAIN_RULE)
    def explain_rule(rule_id: Annotated[str, Field(description="A rule id, e.g. privacy/secret-request.")]) -> RuleExplanation:
        if rule_id not in linter.rules:
            raise ToolError(errors.UNKNOWN_RULE.format(rule=rule_id))
        return _explained(linter.rules[rule_id])

    @server.tool(description=LIST_RULES)
    def list_rules(
        category: Annotated[str | None, Field(description="Only the rules of this category.")] = None,
        lang: Annotated[Lang | None, Field(description="Only the rules that check this language.")] = None,
    ) -> RuleList:
        categories = sorted({rule.category for rule in linter.rules.values()})
        if category is not None and category not in categories:
            raise ToolError(errors.REQUEST_CHOICE.format(field="category", choices=", ".join(categories), value=category))
        picked = [rule for rule in linter.rules.values() if category in (None, rule.category) and (lang is None or lang in rule.languages)]
        return RuleList(rules=[_summary(rule, lang) for rule in sorted(picked, key=lambda rule: rule.id)])

    return server


def _checked(result):
    severities = [finding.severity for finding in result.findings]
    return CheckedReply(
        lang=result.lang, score=result.score, categories=result.categories,
        errors=severities.count("error"), warnings=severities.count("warning"),
        findings=[FoundIssue(rule=f.rule, category=f.category, severity=f.severity, message=f.message, suggestion=f.suggestion,
                             text=f.text, start=f.start, end=f.end, line=f.line, column=f.column, critical=f.critical, fix=f.fix)
                  for f in result.findings],
    )


def _explained(rule):
    docs = [RuleDoc(lang=lang, what=rule.text("what", lang), why=rule.text("why", lang), suggestion=rule.text("suggestion", lang),
                    bad=_examples(rule, lang, "bad"), good=_examples(rule, lang, "good")) for lang in rule.languages]
    return RuleExplanation(id=rule.id, category=rule.category, severity=rule.severity, critical=rule.critical,
                           languages=list(rule.languages), docs=docs)


def _examples(rule, lang, kind):
    given = rule.examples.get(lang, {}).get(kind, [])
    return [RuleExample(**({"text": example} if isinstance(example, str) else example)) for example in given]


def _summary(rule, lang):
    speak = lang or ("en" if "en" in rule.languages else rule.languages[0])
    return RuleSummary(id=rule.id, category=rule.category, severity=rule.severity, languages=list(rule.languages), what=rule.text("what", speak))
