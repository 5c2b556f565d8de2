"""Prompts for the blind writers and the annotator of a labelled set (RESULTS, section 57: how sets s48-s51 were
written). The writers and the annotator are agents that never see etiket's rules, code or other data; each
prompt names the files it may read. Only the prompt is printed: the agents write the files.

    python benchmarks/writers/prompts.py sealed SET LETTER "EN DOMAINS" "ID DOMAINS" [--out DIR]
    python benchmarks/writers/prompts.py join SET [--out DIR]          # the four files, checked, into one
    python benchmarks/writers/prompts.py annotator SET [--out DIR]
    python benchmarks/writers/prompts.py requests SET "WHO WRITES TO WHOM" [--out DIR]   # a politeness request set
    python benchmarks/writers/prompts.py rater SET "WHO WRITES TO WHOM" [--out DIR]

A sealed set is four writers (letters a-d), 40 drafts each, joined into DIR/SET-sealed.jsonl (DIR: ../sealed beside
the repository by default, so the set stays out of it until its run); the annotator
reads DIR/SET-unlabelled.jsonl (the same drafts without labels or notes) and writes DIR/SET-relabel.jsonl.
Keep the writers' files away from the annotator's folder: it is told not to open them, nothing stops it.

A request set (pol27-pol29) is 240 requests people write to one another, by one agent without ratings
(DIR/SET-unrated.jsonl), rated 1-7 by another (DIR/SET-requests.jsonl) for benchmarks/politeness_auc.py. Every label
and rating is keyed by its id and checked on ten random lines: pol29's first rater typed a bare grid of numbers,
zipped it onto the requests by position, and a slip moved the ratings after it (RESULTS, section 59).
"""

import argparse
import json
import sys
from pathlib import Path

from etiket import CATEGORIES

HERE = Path(__file__).resolve().parent
BRIEF = HERE / "brief.md"
CONVENTIONS = HERE.parents[2] / "shared" / "data" / "dev-drafts.md"
# The categories a sealed set holds at least, per language and writer: the weak cells weigh most.
WEIGHTS = "apology 4, blame 3, sarcasm 3, politeness 3, empathy 2, transparency 2, clarity 1, overpromise 1, privacy 1"


def sealed(name, letter, domains_en, domains_id, out):
    return f"""You are a writer of labelled test data. Read {BRIEF} and {CONVENTIONS} first and follow them exactly. \
Do not open any other file.

Write 40 items: 20 English (ids {name}-en-{letter}01 .. {name}-en-{letter}20) and 20 Indonesian (ids \
{name}-id-{letter}01 .. {name}-id-{letter}20).
Per language: 4 good replies (violations []), 16 violating drafts. Across the 16 violating drafts of each language, \
cover these categories at least this many times: {WEIGHTS}; about 4 drafts with two categories.
Channels per language: 7 email, 7 chat, 6 social (social drafts start with the customer's @handle).
English domains (spread across them): {domains_en}.
Indonesian domains (spread across them; half formal Bapak/Ibu/Anda, half casual Kak): {domains_id}.

Write the file {out}/{name}-{letter}.jsonl with a small Python script (json.dumps per line) so the JSON is valid; then \
check it loads, has 40 unique ids, only the nine category names, and the channel counts above. Reply with only: the \
path, the count per category per language, and the number of good drafts. Do not include any of the drafts' text."""


FIELDS = {"id", "lang", "channel", "customer", "draft", "violations", "notes"}
# Said to every annotator and rater: a bare list of labels zipped onto the items by position moves every label after
# a slip (pol29's first ratings, RESULTS 59)
KEYED = ("Key every label by its id, never write a bare list of them; then check the file: every id once, and ten "
         "random lines printed with their text and label, each confirmed to fit.")


def join(name, out):
    """DIR/SET-a..d.jsonl checked (fields, unique ids, known categories, channels, a public reply's @handle) and
    joined into DIR/SET-sealed.jsonl, with DIR/SET-unlabelled.jsonl for the annotator; the problems, if any."""
    rows = [json.loads(line) for letter in "abcd" for line in (out / f"{name}-{letter}.jsonl").open(encoding="utf-8")
            if line.strip()]
    problems = [f"{row.get('id')}: {problem}" for row in rows for problem in _problems(row)]
    if len({row.get("id") for row in rows}) != len(rows):
        problems.append("ids repeat")
    if problems:
        return problems
    rows.sort(key=lambda row: (row["lang"], row["id"]))
    _write(out / f"{name}-sealed.jsonl", rows)
    _write(out / f"{name}-unlabelled.jsonl", [{key: row[key] for key in ("id", "lang", "channel", "customer", "draft")}
                                              for row in rows])
    return []


def _problems(row):
    if set(row) != FIELDS:
        yield f"fields {sorted(set(row) ^ FIELDS)}"
        return
    if not set(row["violations"]) <= set(CATEGORIES) or len(set(row["violations"])) != len(row["violations"]):
        yield f"violations {row['violations']}"
    if row["channel"] not in ("email", "chat", "social"):
        yield f"channel {row['channel']}"
    elif row["channel"] == "social" and not row["draft"].lstrip().startswith("@"):
        yield "a public reply that does not open with the customer's @handle"


def _write(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def annotator(name, out):
    return f"""You are an independent annotator of customer-service reply drafts. Read {CONVENTIONS} (the category \
definitions and labelling conventions) and then {out}/{name}-unlabelled.jsonl (160 drafts, English and Indonesian, \
each with the customer's message). Do not open any other file.

For every draft decide which of the nine categories it violates (each at most once; [] for a good reply), following \
the conventions exactly. Judge each draft as a careful customer-service QA lead would: flag real problems, not nits.

Write {out}/{name}-relabel.jsonl, one JSON object per line: {{"id": ..., "violations": [...]}} for all 160 ids (use a \
small Python script so the JSON is valid). {KEYED} Reply with only the path and the count per category."""


def requests(name, who, out):
    return f"""You are a writer of test data. Do not open any file under /work.

Write 240 short requests as people really write them to other people online, in English: {who}. Each is one to three \
sentences and asks someone for something (a document, a decision, a repair, a payment, an answer, a favour, to stop \
doing something, to explain, to hurry, to reconsider). Make them span the whole range of politeness as real people \
write it: warm and grateful, neutral and businesslike, curt, impatient, passive-aggressive, sarcastic, condescending, \
hostile. Many impolite ones should be impolite by what they say (a challenge, an imposition, an accusation, sarcasm, \
"did you even read my e-mail?") rather than by missing "please"; and some polite ones should be plain and direct \
without courtesy words. Vary topics, lengths and voices; no two alike.

Write {out}/{name}-unrated.jsonl with a small Python script (json.dumps per line): {{"id": "{name}-001" .. \
"{name}-240", "request": "..."}}. No ratings, no notes. Check it loads and has 240 unique ids. Reply with only the path \
and the count."""


def rater(name, who, out):
    return f"""You are an independent rater of politeness. Read {out}/{name}-unrated.jsonl (240 requests {who}). Do \
not open any other file under /work.

Rate each request for how polite it comes across to the person receiving it, on a scale of 1 (very impolite) to 7 \
(very polite), the way the Stanford Politeness Corpus annotators did: judge the whole message, what it says as well as \
the courtesy words it uses (a challenge, an accusation, sarcasm or an imposition is impolite even with "please"; a \
plain, direct, friendly request can be polite without "please"). Use the whole scale.

Work in batches of 20: print 20 requests with their ids, read them, and write each rating keyed by its id (a Python \
dict literal such as {{"{name}-001": 6, "{name}-002": 2}}). Write {out}/{name}-requests.jsonl with a small Python \
script (json.dumps per line): {{"id": ..., "request": ... (copied exactly), "rating": N}}. {KEYED} Reply with only the \
path and how many requests got each rating."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("sealed")
    for arg in ("name", "letter", "domains_en", "domains_id"):
        one.add_argument(arg)
    notes = commands.add_parser("annotator")
    notes.add_argument("name")
    joined = commands.add_parser("join")
    joined.add_argument("name")
    asked = commands.add_parser("requests")
    rated = commands.add_parser("rater")
    for command in (asked, rated):
        command.add_argument("name")
        command.add_argument("who", help='who writes to whom, e.g. "messages between colleagues at work (e-mails, Slack)"')
    for command in (one, notes, joined, asked, rated):
        command.add_argument("--out", type=Path, default=HERE.parents[2] / "sealed")  # outside the repository
    args = parser.parse_args()
    out = args.out.resolve()
    if args.command == "sealed":
        print(sealed(args.name, args.letter, args.domains_en, args.domains_id, out))
    elif args.command == "join":
        problems = join(args.name, out)
        sys.exit("\n".join(problems) if problems else None)
    elif args.command == "requests":
        print(requests(args.name, args.who, out))
    elif args.command == "rater":
        print(rater(args.name, args.who, out))
    else:
        print(annotator(args.name, out))


if __name__ == "__main__":
    main()
