"""How often etiket flags replies that are acceptable as sent (false alarms), on a JSONL set.

    python benchmarks/false_alarms.py benchmarks/data/id-real-replies.jsonl [--no-customer] [--show]

Each line is a reply (`draft`, `lang`, `channel`, optional `customer`) that a support lead would
send as it is: every warning or error on it is a false alarm. Prints the share of replies flagged,
by channel, how often each rule fired, and with --show every flag with its reply, to read one by
one. The Indonesian twin (id-real-replies) and the English chat turns (en-chat-turns) were written
for this project by writers who never saw the rules.
"""

import argparse
import json
from collections import Counter

from _common import FLAGGING, linter, reply


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--no-customer", action="store_true", help="check without the customer's message")
    parser.add_argument("--show", action="store_true", help="print every flag with its reply")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="an extra rule pack beside the built-in rules (e.g. second-opinion)")
    args = parser.parse_args()
    records = [json.loads(line) for line in open(args.path, encoding="utf-8") if line.strip()]
    check = linter(args.rules)
    flagged, by_channel, fired = Counter(), Counter(), Counter()
    for record in records:
        customer = None if args.no_customer else record.get("customer") or None
        result = check.check(reply(record["draft"], item=record["id"], lang=record["lang"],
                                   customer=customer, channel=record["channel"]))
        loud = [f for f in result.findings if f.severity in FLAGGING]
        by_channel[record["channel"]] += 1
        flagged[record["channel"]] += bool(loud)
        fired.update(f"{f.severity:<8}{f.rule}" for f in result.findings)
        if args.show and loud:
            print(f"\n{record['id']} [{record['channel']}] {record['draft']}")
            for f in loud:
                print(f"  {f.severity} {f.rule}: {f.text!r}")
    total = sum(flagged.values())
    print(f"\nreplies with a warning or error: {total}/{len(records)} = {total / len(records):.1%}")
    for channel, count in sorted(by_channel.items()):
        print(f"  {channel:<7} {flagged[channel]}/{count} = {flagged[channel] / count:.1%}")
    for rule, count in fired.most_common():
        print(f"{count:>5}  {rule}")


if __name__ == "__main__":
    main()
