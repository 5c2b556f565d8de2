"""`etiket rules` and `etiket explain`: rule documentation rendered from the rule files."""

from rich.table import Table
from rich.text import Text

HEADINGS = {
    "en": {"what": "What it checks", "why": "Why it matters", "bad": "Avoid", "good": "Use instead",
           "message": "Message", "suggestion": "Suggestion"},
    "id": {"what": "Yang diperiksa", "why": "Mengapa penting", "bad": "Hindari", "good": "Lebih baik",
           "message": "Pesan", "suggestion": "Saran"},
}


def render_rule_table(console, rules):
    rows = [(rule.id, rule.category, rule.severity, ", ".join(rule.languages), rule.check) for rule in rules]
    headings = ("rule", "category", "severity", "languages", "check")
    widths = [max(len(cell) for cell in column) for column in zip(headings, *rows)]
    table = Table(box=None, pad_edge=False, header_style="bold")
    # rich shrinks columns to the console width unless told their minimum
    for heading, width in zip(headings, widths):
        table.add_column(heading, no_wrap=True, min_width=width)
    for row in rows:
        table.add_row(*row)
    # Rule ids are for copying into --select and grep: never cut them to fit a narrow terminal.
    console.print(table, width=max(console.width, sum(widths) + 2 * len(widths)), crop=False)
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
