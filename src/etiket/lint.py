"""The lint loop: a Reply goes through its language's pipeline and comes out as a scored Result."""

import time

from etiket.cache import paused_collection

from etiket import CATEGORIES, errors, fix, language, scoring, suppress
from etiket.checks.base import PLACEHOLDER
from etiket.reply import Finding, Result

# spaCy's own limit on one Doc. A reply longer than this is not a reply (a log, a dump): it is
# refused with one line rather than checked in pieces whose findings would mean little.
MAX_CHARS = 1_000_000
# Seconds one reply may take. Token matching is linear and bounded by MAX_CHARS; a rule pack's
# regex is not, so it is stopped at the budget and the reply reported as checked in part.
BUDGET = 30.0


class Linter:
    """Holds the rules and builds each language's pipeline once, the first time it is needed.
    `severities` maps a rule id to the severity a project gave it (config `severity`, brand voice),
    which wins over the rule's own; `placeholders` are the project's extra placeholder patterns.
    `ignores` are per-file ignores ({glob: [rule ids or categories]}, globs relative to
    `ignores_root`, see suppress.by_glob); `inline_config` False ignores directives in comments.
    `long_lived` says the Linter lives as long as its process (the CLI and its --jobs workers): each
    pipeline is then frozen out of the garbage collector's way once built, as nothing in it is
    ever freed, instead of being walked by the next collections (0.1-0.2 s a pipeline)."""

    def __init__(self, rules, lang="auto", message_lang=None, budget=BUDGET, severities=None, placeholders=(),
                 ignores=None, ignores_root=None, inline_config=True, long_lived=False):
        self.rules = {rule.id: rule for rule in rules}
        self.severities = severities or {}
        self.placeholders = tuple(placeholders)
        self.ignores, self.ignores_root, self.inline_config = ignores or {}, ignores_root, inline_config
        self.budget = budget
        self.long_lived = long_lived
        self.lang = lang
        self.message_lang = message_lang
        self._pipelines = {}
        extra = sorted({r.category for r in rules} - set(CATEGORIES))
        self.categories = list(CATEGORIES) + extra

    def pipeline(self, lang):
        if lang not in self._pipelines:
            with paused_collection(freeze=self.long_lived):
                from etiket import pipeline  # spaCy loads only when a reply needs it

                self._pipelines[lang] = pipeline.build(lang, list(self.rules.values()), self.placeholders)
        return self._pipelines[lang]

    def warm(self, lang):
        """Build `lang`'s pipeline and compile what it would compile on first use, so that in warm
        mode (serve, mcp, the API) no check waits for it."""
        for _, component in self.pipeline(lang).pipeline:
            if hasattr(component, "warm"):
                component.warm()

    def check(self, reply):
        """The scored Result for one reply; an InputError for a reply too long to be one."""
        if len(reply.text) > MAX_CHARS:
            where = reply.source + (f" [{reply.item}]" if reply.item else "")
            raise errors.InputError(where, errors.TOO_LONG.format(chars=len(reply.text), limit=MAX_CHARS))

        lang = self.lang if self.lang != "auto" else reply.lang or language.detect(reply.text)
        nlp = self.pipeline(lang)
        from etiket.pipeline import analyse  # loaded by now, with the collector paused (self.pipeline)

        doc = analyse(nlp, reply.text, reply.customer, reply.likely_channel, deadline=time.monotonic() + self.budget,
                      severities=self.severities)
        findings = sorted(
            (self._finding(reply, span, params, lang) for span, params in _found(doc)),
            key=lambda f: (f.start, f.end, f.rule),
        )
        findings = self._without_overruled(findings, doc.user_data["etiket.overruled"])
        # what a team accepted leaves before scoring, so scores and every format agree
        ignored = suppress.by_glob(reply.source, self.ignores, self.ignores_root)
        findings, stale = suppress.apply(reply, findings, self.inline_config, ignored)
        overall, categories = scoring.score(findings, self.categories)
        return Result(reply=reply, lang=lang, findings=findings, score=overall, categories=categories,
                      overrun=doc.user_data["etiket.overrun"], stale=stale)

    def _without_overruled(self, findings, categories):
        """The findings but the warnings and errors of categories a second opinion overruled in this
        reply (checks.base.Check.overrules): an info finding, and the safe fix it may carry, stays, and
        so does a `final` rule's finding (one that reads the customer's message in a way a model of
        words cannot weigh)."""
        if not categories:
            return findings
        return [f for f in findings
                if f.category not in categories or f.severity not in ("error", "warning") or self.rules[f.rule].final]

    def _finding(self, reply, span, params, lang):
        rule = self.rules[span.label_]
        start, end = _trimmed(reply.text, span.start_char, span.end_char)
        text = reply.text[start:end]
        speak = self.message_lang or lang
        values = {"text": text, **{k: str(v) for k, v in params.items()}}
        fill = lambda s: PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), s)  # noqa: E731
        line, column = reply.positions.locate(start)
        end_line, last_column = reply.positions.locate(max(start, end - 1))
        return Finding(
            rule=rule.id, category=rule.category, severity=rule.severity_in(reply.likely_channel, self.severities),
            message=fill(rule.text("message", speak)), suggestion=fill(rule.text("suggestion", speak)),
            text=text, start=start, end=end, line=line, column=column,
            end_line=end_line, end_column=last_column + 1, relative=reply.positions.relative,
            weight=rule.weight, critical=rule.critical, fix=fix.replacement(rule.spec.get("fix", {}).get(lang), lang, text),
        )


def _found(doc):
    from etiket.pipeline import without_links

    return zip((without_links(span) for span in doc.spans["etiket"]), doc.user_data["etiket.params"])


def _trimmed(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
