"""How often etiket flags real, mostly acceptable support replies (noise).

    python benchmarks/noise.py [path/to/twcs_company_replies.csv] [--show RULE]

Prints the share of replies with a warning or error and how often each rule fired.
"""

import argparse
import csv
import re
from collections import Counter

from _common import FLAGGING, data_path, linter, reply

_HANDLE = re.compile(r"^(@\w+\s*)+")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?")
    parser.add_argument("--show")
    args = parser.parse_args()
    rows = list(csv.DictReader(data_path(args.path, "real-replies/twcs_company_replies.csv").open(encoding="utf-8")))
    check = linter()
    flagged, fired, shown = 0, Counter(), []
    for row in rows:
        text = _HANDLE.sub("", row["text"]).strip() or row["text"]
        result = check.check(reply(text, item=row["tweet_id"], channel="social"))
        loud = [f for f in result.findings if f.severity in FLAGGING]
        flagged += bool(loud)
        fired.update(f"{f.severity:<8}{f.rule}" for f in result.findings)
        if args.show:
            shown += [(text, f) for f in result.findings if f.rule == args.show]
    print(f"replies with a warning or error: {flagged}/{len(rows)} = {flagged / len(rows):.1%}")
    for rule, count in fired.most_common():
        print(f"{count:>5}  {rule}")
    for text, finding in shown:
        print(f"\n{finding.text!r} in: {text}")


if __name__ == "__main__":
    main()
