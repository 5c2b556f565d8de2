"""etiket against other prose linters, and its own speed, as whole processes: see benchmarks/README.md.

    python benchmarks/peers.py [--runs 5] [--large-runs N] [--only GROUP ...] [--note TEXT] [--readme]

Builds its corpora and installs the peer linters under benchmarks/.cache/ (once; delete the folder
to rebuild), then times every command --runs times in this one run and prints a markdown table.
--readme writes the table into benchmarks/README.md.
"""

import argparse
import csv
import datetime
import functools
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
DATA = HERE.parents[1] / "shared" / "data"
README = HERE / "README.md"
TABLE_START, TABLE_END = "<!-- peers table: start -->", "<!-- peers table: end -->"

NPM = ["write-good@1.0.8", "alex@11.0.1", "textlint@15.8.0", "textlint-rule-write-good@2.0.0",
       "textlint-rule-alex@5.0.0"]
PIP = "proselint==0.16.0"
TEXTLINTRC = {"rules": {"write-good": True, "alex": True}}
SETS = {"files-1k": 1_000, "files-10k": 10_000, "en-10k.jsonl": 10_000, "id-10k.jsonl": 10_000,
        "en-100k.jsonl": 100_000}
LARGE = ("files-10k", "jsonl")
GROUPS = ("files-1k", "files-10k", "jsonl", "start")
SHORT = {"en": "Hi Dana, your refund was sent today and should reach your card within 5 working days.\n",
         "id": "Halo Kak Dina, dananya sudah kami kembalikan hari ini, masuk ke rekening Kakak dalam 3 hari kerja.\n"}

# Copies differ from their original by the customer's name and every number (order ids, dates,
# amounts), so that no two files are byte-identical and no tool can profit from a cache.
NAMES = ["Ayu", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hana", "Indra", "Joko", "Kevin",
         "Lina", "Maya", "Nadia", "Omar", "Putri", "Rizky", "Sari", "Tono", "Wulan", "Yusuf", "Zara"]
ADDRESSED = re.compile(r"\b(Hi|Hello|Dear|Halo|Hai|Kak|Pak|Bu|Bapak|Ibu|Mbak|Mas) ([A-Z][a-z]+)\b")
NUMBER, ORDER_ID = re.compile(r"\d+"), re.compile(r"\d{3}")
GREETING = {"en": "Hi {name}, ", "id": "Halo Kak {name}, "}


def vary(text, lang, copy):
    """The copy-th variant of a reply; copy 0 is the reply itself."""
    if copy == 0:
        return text
    varied = ADDRESSED.sub(lambda m: f"{m[1]} {other_name(m[2], copy)}", text)
    varied = NUMBER.sub(lambda m: str((int(m[0]) + 7 * copy) % 10 ** len(m[0])).zfill(len(m[0])), varied)
    if not ADDRESSED.search(text) and not ORDER_ID.search(text):  # too little to vary: greet someone
        varied = GREETING[lang].format(name=NAMES[copy % len(NAMES)]) + varied
    return varied


def other_name(name, copy):
    names = [n for n in NAMES if n != name]
    return names[copy % len(names)]


def pools():
    """English and Indonesian source replies as records: real agent replies and the dev drafts."""
    with (DATA / "real-replies" / "twcs_company_replies.csv").open(encoding="utf-8", newline="") as f:
        real = [{"text": row["text"], "channel": "social"} for row in csv.DictReader(f)]
    drafts = [json.loads(line) for line in (DATA / "dev-drafts.jsonl").open(encoding="utf-8")]
    by_lang = {lang: [{"text": d["draft"], "customer": d["customer"], "channel": d["channel"]}
                      for d in drafts if d["lang"] == lang] for lang in ("en", "id")}
    return {"en": real + by_lang["en"], "id": by_lang["id"]}


def replicate(pool, lang, count):
    """count records drawn round the pool, copies varied, in a shuffled (but fixed) order."""
    order = list(range(count))
    random.Random(count).shuffle(order)
    return [dict(pool[i % len(pool)], text=vary(pool[i % len(pool)]["text"], lang, i // len(pool))) for i in order]


def build_corpora():
    """Write each set under CACHE/corpora unless it is there; a set is renamed into place whole."""
    out = CACHE / "corpora"
    out.mkdir(parents=True, exist_ok=True)
    sources = pools()
    for name, count in SETS.items():
        if (out / name).exists():
            continue
        lang = "id" if name.startswith("id") else "en"
        records = replicate(sources[lang], lang, count)
        partial = Path(tempfile.mkdtemp(dir=out)) / name
        if name.endswith(".jsonl"):
            with partial.open("w", encoding="utf-8") as f:
                for n, record in enumerate(records, 1):
                    f.write(json.dumps({"id": f"{lang}-{n:06d}", **record}, ensure_ascii=False) + "\n")
        else:
            partial.mkdir()
            for n, record in enumerate(records, 1):
                (partial / f"reply-{n:05d}.txt").write_text(record["text"] + "\n", encoding="utf-8")
        partial.rename(out / name)
        partial.parent.rmdir()
    return out


def install_peers():
    """Install the peers under CACHE; return {peer: None when installed, else why it is not}."""
    venv, node = CACHE / "proselint", CACHE / "node"
    steps = {
        "proselint": (venv / "bin" / "proselint",
                      [[sys.executable, "-m", "venv", str(venv)], [str(venv / "bin" / "pip"), "install", "-q", PIP]]),
        "node": (node / "node_modules" / ".bin" / "textlint",
                 [["npm", "install", "--prefix", str(node), "--no-audit", "--no-fund", *NPM]]),
    }
    status = {}
    for name, (done, commands) in steps.items():
        status[name] = None
        for command in commands if not done.exists() else ():
            try:
                run = subprocess.run(command, capture_output=True, text=True)
            except OSError as exc:
                status[name] = f"{command[0]}: {exc.strerror}"
                break
            if run.returncode:
                status[name] = (run.stderr.strip().splitlines() or ["exit code %d" % run.returncode])[-1]
                break
    if not status["node"]:
        (node / ".textlintrc").write_text(json.dumps(TEXTLINTRC) + "\n")
    return {"proselint": status["proselint"], **{peer: status["node"] for peer in ("write-good", "alex", "textlint")}}


def etiket():
    script = Path(sys.executable).parent / "etiket"
    return [str(script)] if script.exists() else [sys.executable, "-m", "etiket"]


def peer_command(peer, folder):
    """The command that runs a peer over every reply in folder, as plain text; ok exit codes."""
    bin_dir = CACHE / "node" / "node_modules" / ".bin"
    if peer == "write-good":  # takes file paths only; --parse gives one line per finding and exit code 255
        return [str(bin_dir / "write-good"), "--parse", *map(str, sorted(folder.glob("*.txt")))], {0, 255}
    if peer == "alex":
        return [str(bin_dir / "alex"), "--text", str(folder)], {0, 1}
    if peer == "textlint":
        return [str(bin_dir / "textlint"), "--config", str(CACHE / "node" / ".textlintrc"), str(folder)], {0, 1}
    return [str(CACHE / "proselint" / "bin" / "proselint"), "check", str(folder)], {0, 1}


def timed(command, ok, stdin=None):
    """(wall seconds, peak RSS in MiB) of one whole process; output is thrown away."""
    with tempfile.NamedTemporaryFile() as rss:
        wrapped = ["/usr/bin/time", "-f", "%M", "-o", rss.name, *command] if Path("/usr/bin/time").exists() else command
        started = time.perf_counter()
        run = subprocess.run(wrapped, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             cwd=CACHE / "node" if command[0].endswith("textlint") else None)  # where its rules are
        elapsed = time.perf_counter() - started
        if run.returncode not in ok:
            raise RuntimeError(f"{' '.join(command[:3])} ...: exit code {run.returncode}: {run.stderr.decode()[-500:]}")
        kib = int(rss.read().split()[-1]) if wrapped is not command else _children_rss()
    return elapsed, kib / 1024


def _children_rss():
    import resource  # Unix only; used when GNU time is missing (largest child so far: an upper bound)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def measure(command, ok, runs, stdin=None):
    samples = [timed(command, ok, stdin) for _ in range(runs)]
    return sorted(s for s, _ in samples), max(m for _, m in samples)


def row(label, tool, times, rss, replies=None, base=None):
    """A table row; base is etiket's median time on the same job, to compare a peer with."""
    median = statistics.median(times)
    rate = f"{replies / median:,.0f}" if replies else ""
    ratio = "" if base is None else (f"{base / median:.2f}× slower" if base >= median else f"{median / base:.2f}× faster")
    return [label, tool, str(len(times)), f"{times[0]:.2f}", f"{median:.2f}", f"{times[-1]:.2f}", rate, ratio, f"{rss:.0f}"]


def folder_rows(name, corpora, peers, runs):
    folder, count = corpora / name, SETS[name]
    times, rss = measure([*etiket(), "check", str(folder)], {0, 1}, runs)
    rows = [row(name, "etiket `check DIR`", times, rss, count)]
    if _has_jobs():  # the default checks in one process per core: one core alone, for comparison
        one, one_rss = measure([*etiket(), "check", "--jobs", "1", str(folder)], {0, 1}, runs)
        rows.append(row(name, "etiket `check --jobs 1 DIR`", one, one_rss, count))
    for peer, missing in peers.items():
        if missing:
            rows.append([name, peer, "0", "", "", "", "", f"not installed: {missing}", ""])
            continue
        peer_times, peer_rss = measure(*peer_command(peer, folder), runs)
        rows.append(row(name, peer, peer_times, peer_rss, count, statistics.median(times)))
    return rows


def jsonl_rows(corpora, runs):
    rows, medians = [], {}
    jobs = _has_jobs()
    single = ["--jobs", "1"] if jobs else []  # the throughput targets are for one process
    for name in ("en-10k.jsonl", "id-10k.jsonl", "en-100k.jsonl"):
        for extra in (single, ["--jobs", "2"]) if jobs and name == "en-10k.jsonl" else (single,):
            times, rss = measure([*etiket(), "check", *extra, str(corpora / name)], {0, 1}, runs)
            medians[name, tuple(extra)] = statistics.median(times)
            rows.append(row(name, " ".join(["etiket check", *extra]), times, rss, SETS[name]))
    one = medians["en-10k.jsonl", tuple(single)]
    rows.append(["en-100k / en-10k", "time ratio", "", "", f"{medians['en-100k.jsonl', tuple(single)] / one:.2f}", "", "", "", ""])
    if jobs:
        rows.append(["en-10k.jsonl", "--jobs 2 speed-up", "", "", f"{one / medians['en-10k.jsonl', ('--jobs', '2')]:.2f}×", "", "", "", ""])
    return rows


@functools.cache
def _has_jobs():
    """Whether the etiket measured offers --jobs (older commits do not)."""
    return "--jobs" in subprocess.run([*etiket(), "check", "--help"], capture_output=True, text=True).stdout


def start_rows(runs):
    rows = []
    for lang, text in SHORT.items():
        for extra in ([], ["--lang", lang]):
            times, rss = measure([*etiket(), "check", *extra, "-"], {0, 1}, runs, stdin=text.encode())
            rows.append(row("one short draft", " ".join(["etiket check", *extra, "-", f"({lang})"]), times, rss))
    for args in (["--help"], ["--version"], ["rules"]):
        times, rss = measure([*etiket(), *args], {0}, runs)
        rows.append(row("start", " ".join(["etiket", *args]), times, rss))
    return rows


def machine(note):
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    commit = output("git", "rev-parse", "--short", "HEAD")
    if output("git", "status", "--porcelain", "--", "../src", "../rules"):
        commit += " with uncommitted changes in src/ or rules/"
    node = output("node", "--version") if shutil.which("node") else "missing"
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"Machine: {len(os.sched_getaffinity(0))} cores ({cpu}), Python {platform.python_version()}, node {node}, "
            f"etiket at {commit}, {datetime.date.today()}, load average {load} at the end of the run. {note}").strip()


def output(*command):
    return subprocess.run(command, cwd=HERE, capture_output=True, text=True).stdout.strip()


def table(rows, command, note):
    head = ["set", "tool", "runs", "min s", "median s", "max s", "replies/s", "etiket / peer", "peak RSS MiB"]
    lines = ["| " + " | ".join(cells) + " |" for cells in [head, ["---"] * len(head), *rows]]
    return "\n".join([f"`{command}`", "", *lines, "", machine(note)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="times each command runs (default 5)")
    parser.add_argument("--large-runs", type=int, help="times for the 10,000-file folder and the JSONL sets (default: --runs)")
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=GROUPS, help="measure only these groups")
    parser.add_argument("--note", default="", help="a sentence for under the table (e.g. that the machine was busy)")
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args()
    corpora, peers = build_corpora(), install_peers()
    rows = []
    for group in args.only:
        runs = (args.large_runs or args.runs) if group in LARGE else args.runs
        print(f"measuring {group} ({runs} runs each)...", file=sys.stderr)
        try:
            rows += (folder_rows(group, corpora, peers, runs) if group.startswith("files") else
                     jsonl_rows(corpora, runs) if group == "jsonl" else start_rows(runs))
        except RuntimeError as exc:  # one broken command costs its group, not the whole run
            rows.append([group, "failed", "", "", "", "", "", str(exc)[:300].replace("\n", " ").replace("|", "/"), ""])
    text = table(rows, shlex.join(["python", "benchmarks/peers.py", *sys.argv[1:]]), args.note)
    print(text)
    if args.readme:
        before, rest = README.read_text(encoding="utf-8").split(TABLE_START)
        README.write_text(f"{before}{TABLE_START}\n{text}\n{TABLE_END}{rest.split(TABLE_END)[1]}", encoding="utf-8")


if __name__ == "__main__":
    main()
