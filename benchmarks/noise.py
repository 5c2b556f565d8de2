"""How often etiket flags real, mostly acceptable support replies (noise).

    python benchmarks/noise.py [path/to/twcs_company_replies.csv] [--show RULE] [--check-urls]

Prints the share of replies with a warning or error and how often each rule fired. The replies are
checked as posted, leading @handles included (channel social). When the file has a `customer` column
(the customer's tweet each reply answers), the share is printed twice: without and with the
customer's message, as rules such as missing-apology only apply with it; the rule counts, --show and
--check-urls are for the run with it. The shared twcs file has no such column. --check-urls also
lists the findings that read a URL as words, and exits 1 if there is one: any finding whose matched
text holds a URL or part of one, and a long sentence that is long only because of its URLs.
"""

import argparse
import csv
import re
import sys
from collections import Counter

from _common import FLAGGING, data_path, linter, reply

# Found independently of etiket's own patterns (src/etiket/data/defaults.yaml), so the check does
# not grade itself.
_URL = re.compile(r"(?i)(?:\bhttps?://|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|ly|co|io|me|gl)/)(?:\S*[^\s.,!?;:)])?")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
LONG = "clarity/long-sentence"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?")
    parser.add_argument("--show")
    parser.add_argument("--check-urls", action="store_true")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="an extra rule pack beside the built-in rules (e.g. second-opinion)")
    args = parser.parse_args()
    rows = list(csv.DictReader(data_path(args.path, "real-replies/twcs_company_replies.csv").open(encoding="utf-8")))
    check = linter(args.rules)
    if "customer" in rows[0]:
        alone = sum(_loud(check.check(reply(row["text"], item=row["tweet_id"], channel="social"))) for row in rows)
        print(f"without the customer's message: {alone}/{len(rows)} = {alone / len(rows):.1%}")
    else:
        print("no customer column: replies checked without the customer's message")
    flagged, fired, shown, wrong = 0, Counter(), [], []
    for row in rows:
        text = row["text"]
        result = check.check(reply(text, item=row["tweet_id"], channel="social", customer=row.get("customer") or None))
        wrong += [(row["tweet_id"], f) for f in result.findings if _reads_url(text, f, check.rules)]
        flagged += _loud(result)
        fired.update(f"{f.severity:<8}{f.rule}" for f in result.findings)
        if args.show:
            shown += [(text, f) for f in result.findings if f.rule == args.show]
    print(f"replies with a warning or error: {flagged}/{len(rows)} = {flagged / len(rows):.1%}")
    for rule, count in fired.most_common():
        print(f"{count:>5}  {rule}")
    for text, finding in shown:
        print(f"\n{finding.text!r} in: {text}")
    if args.check_urls:
        print(f"\nfindings that read a URL as words: {len(wrong)}")
        for tweet, finding in wrong:
            print(f"  tweet {tweet}: {finding.rule} {finding.text!r}")
        sys.exit(1 if wrong else 0)


def _loud(result):
    """True when the result has a warning or an error."""
    return any(f.severity in FLAGGING for f in result.findings)


def _reads_url(text, finding, rules):
    """True when `finding` reads a URL of `text` as words (see the module docstring)."""
    if finding.rule == LONG:
        words = len(_WORD.findall(_URL.sub(" ", finding.text))) + len(_URL.findall(finding.text))
        return words <= rules[LONG].spec["max"]
    return any(m.start() < finding.end and m.end() > finding.start for m in _URL.finditer(text))


if __name__ == "__main__":
    main()
