"""One entry point for every benchmark: runs them and writes BENCHMARKS.md.

    python -m bench.run [--only core,slack,...] [--quick] [--postgres URL] [--output BENCHMARKS.md]

Benchmarks: core, slack, matrix, reminders, scheduler, digest, start, qa. Servers and loads run as
child processes on 127.0.0.1; progress goes to stderr.

Each benchmark module has ``async def section(options) -> str`` returning its
Markdown (a heading, what was measured against which floor, a table).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS = ["core", "slack", "matrix", "reminders", "scheduler", "digest", "start", "qa"]


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem} memory, "
            f"Python {platform.python_version()}, commit {commit or 'unknown'}")


async def main_async(args) -> str:
    parts = [
        "# Benchmarks",
        "",
        f"Written by `python -m bench.run` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {machine()}.",
        "Every figure below comes from that one run; each is shown next to its floor — the best the same",
        "machine did in the same run — and as a ratio to it.",
        "",
    ]
    everything = time.perf_counter()
    for name in args.only or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}_benchmark")
        started = time.perf_counter()
        print(f"running {name}…", file=sys.stderr, flush=True)
        parts.append(await module.section(args))
        parts.append(f"\n_{name}: {time.perf_counter() - started:.0f} s of benchmark time._\n")
    parts.append(f"_All benchmarks: {time.perf_counter() - everything:.0f} s._")
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", type=lambda s: [x.strip() for x in s.split(",") if x.strip()])
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke run, not for publishing")
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"),
                        help="PostgreSQL server URL for the benchmarks that use one")
    parser.add_argument("--output", default="BENCHMARKS.md")
    args = parser.parse_args()
    text = asyncio.run(main_async(args))
    Path(args.output).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
