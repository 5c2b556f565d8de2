"""`etiket rules` and `etiket explain`: rule documentation rendered from the rule files."""

from rich.text import Text

HEADINGS = {
    "en": {"what": "What it checks", "why": "Why it matters", "bad": "Avoid", "good": "Use instead",
           "message": "Message", "suggestion": "Suggestion"},
    "id": {"what": "Yang diperiksa", "why": "Mengapa penting", "bad": "Hindari", "good": "Lebih baik",
           "message": "Pesan", "suggestion": "Saran"},
}


def render_rule_table(console, rules):
    # Plain aligned columns, never a width-fitted table: rule ids are for copying into --select and
    # grep, so no column may be cut or dropped on a narrow terminal.
    headings = ("rule", "category", "severity", "languages", "check")
    rows = [(rule.id, rule.category, rule.severity, ", ".join(rule.languages), rule.check) for rule in rules]
    widths = [max(len(cell) for cell in column) for column in zip(headings, *rows)]

    def line(cells):
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    console.print(Text(line(headings), style="bold"), soft_wrap=True)
    for row in rows:
        console.print(line(row), soft_wrap=True, highlight=False)
    console.print(f"{len(rules)} rules")


def render_explanation(console, rule, lang=None):
    title = Text(rule.id, style="bold")
    title.append(f"  ({rule.category}, {rule.severity}, {rule.check}; languages: {', '.join(rule.languages)})", style="dim")
    console.print(title)
    for code in [lang] if lang else rule.languages:
        words = HEADINGS[code]
        console.print(Text(f"\n[{code}]", style="bold"))
        for part in ("what", "why"):
            console.print(Text(f"{words[part]}: ", style="bold") + Text(rule.text(part, code)))
        for part in ("message", "suggestion"):
            console.print(Text(f"{words[part]}: ", style="bold") + Text(rule.text(part, code)))
        examples = rule.examples.get(code, {})
        for kind, mark in (("bad", "✗"), ("good", "✓")):
            console.print(Text(f"{words[kind]}:", style="bold"))
            for example in examples.get(kind, []):
                console.print(Text(f"  {mark} ") + Text(_example_text(example)), soft_wrap=True)


def _example_text(example):
    if isinstance(example, str):
        return example
    prefix = f"[customer: {example['customer']}] " if example.get("customer") else ""
    channel = f"[{example['channel']}] " if example.get("channel") else ""
    return channel + prefix + example["text"]
