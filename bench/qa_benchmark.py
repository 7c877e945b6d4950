"""Accuracy of the Q&A on the labelled questions, per language and set, and answer latency.

    .venv/bin/python bench/qa_benchmark.py [--repeat 5] [--failures]

Runs the real app (SQLite file database, both seed files, clock at 2019-04-10 10:00
Europe/Zurich). Latency is the time of ``app.handle`` for each question, over every
question of both sets, repeated; p50/p95/p99 in milliseconds. ``--failures`` prints the
dev questions that fail; held-out results are only ever printed in aggregate.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import BotApp  # noqa: E402
from bot.context import FixedClock  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage import seed  # noqa: E402
from tests.qa import labelled  # noqa: E402


async def make_app(directory: str) -> BotApp:
    settings = Settings.model_validate({
        "bot": {"data_dir": directory},
        "database": {"url": f"sqlite+aiosqlite:///{directory}/qa.db"},
    })
    app = BotApp(settings, clock=FixedClock(labelled.NOW))
    await app.start()
    async with app.sessions.begin() as session:
        await seed.apply_meeting_report(session)
    return app


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over all questions")
    parser.add_argument("--failures", action="store_true", help="print failing dev questions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = await make_app(directory)
        try:
            sets = {name: labelled.load(name) for name in labelled.SETS}
            print(f"{'set':8} {'lang':4} {'passed':>7} {'total':>6} {'accuracy':>9}")
            for name, rows in sets.items():
                scores, failures = await labelled.score(app, rows)
                passed = sum(s.passed for s in scores.values())
                for lang in ("en", "fr", "es"):
                    s = scores.get(lang, labelled.Score())
                    print(f"{name:8} {lang:4} {s.passed:7} {s.total:6} {s.accuracy:9.1%}")
                print(f"{name:8} {'all':4} {passed:7} {len(rows):6} {passed / len(rows):9.1%}")
                if args.failures and name == "dev":
                    for row, answer in failures:
                        print(f"\n--- {row['id']} {row['question']!r} ({row['topic']})\n{answer}")
            timings: list[float] = []
            questions = [row["question"] for rows in sets.values() for row in rows]
            for _ in range(args.repeat):
                for question in questions:
                    started = time.perf_counter()
                    await app.handle(labelled.incoming(question))
                    timings.append((time.perf_counter() - started) * 1000)
            print(f"\nlatency of app.handle over {len(timings)} answers ({len(questions)} questions × {args.repeat}):"
                  f" p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms,"
                  f" p99 {percentile(timings, 99):.1f} ms, max {max(timings):.1f} ms,"
                  f" mean {statistics.fmean(timings):.1f} ms")
        finally:
            await app.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))


async def section(options) -> str:
    """The benchmark as a section of BENCHMARKS.md (``python -m bench.run --only qa``)."""
    repeat = 1 if options.quick else 3
    with tempfile.TemporaryDirectory() as directory:
        app = await make_app(directory)
        try:
            sets = {name: labelled.load(name) for name in labelled.SETS}
            rows = ["| set | language | passed | total | accuracy |", "|---|---|---|---|---|"]
            for name, questions in sets.items():
                scores, _failures = await labelled.score(app, questions)
                for lang in ("en", "fr", "es"):
                    s = scores.get(lang, labelled.Score())
                    rows.append(f"| {name} | {lang} | {s.passed} | {s.total} | {s.accuracy:.1%} |")
                passed = sum(s.passed for s in scores.values())
                rows.append(f"| {name} | all | {passed} | {len(questions)} | {passed / len(questions):.1%} |")
            timings: list[float] = []
            floor: list[float] = []
            questions = [row["question"] for rows_ in sets.values() for row in rows_]
            for _ in range(repeat):
                for question in questions:
                    started = time.perf_counter()
                    await app.handle(labelled.incoming(question))
                    timings.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    await app.handle(labelled.incoming("!help"))
                    floor.append((time.perf_counter() - started) * 1000)
        finally:
            await app.close()
    p50, p99 = percentile(timings, 50), percentile(timings, 99)
    f50, f99 = percentile(floor, 50), percentile(floor, 99)
    return "\n".join([
        "## Q&A: accuracy and answer time",
        "",
        "The labelled questions (dev and held-out sets, English, French and Spanish) through the real app",
        "(SQLite, both seed files, clock at 2019-04-10). Accuracy per set and language; answer time of",
        f"`app.handle` over every question, {repeat} pass(es), against the floor `!help` (a command with no",
        "database work of its own) timed right after each question.",
        "",
        "\n".join(rows),
        "",
        "| | answers | p50 ms | p99 ms | p50 / floor | p99 / floor |",
        "|---|---|---|---|---|---|",
        f"| questions | {len(timings)} | {p50:.1f} | {p99:.1f} | {p50 / f50:.1f}× | {p99 / f99:.1f}× |",
        f"| floor: `!help` | {len(floor)} | {f50:.1f} | {f99:.1f} | 1.0× | 1.0× |",
    ])
