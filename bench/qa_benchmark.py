"""Q&A on the v2 labelled questions: per set and language, correct / confident-wrong / declined, and
the share of should-decline questions declined; answer time p50/p99.

    .venv/bin/python bench/qa_benchmark.py [--repeat 3] [--failures] [--old]

Runs the real app (SQLite file database, both seed files). Each row is asked at its own "now"
(2019-04-10 10:00 Europe/Zurich when it has none). A row that should be declined is correct when
the reply carries the declined marker; any other row when the bot answers and the answer passes
its must/must_not. Confident-wrong: answered (not declined) and wrong. ``--failures`` prints the
dev rows that fail; held-out results are only ever printed in aggregate. ``--old`` also scores
the first labelled sets (tests/qa/{dev,heldout}.jsonl), kept for comparison only: they were
written alongside the rules they test.
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

HEADER = (f"{'set':10} {'lang':4} {'rows':>5} {'correct':>8} {'conf-wrong':>11} {'declined':>9} "
          f"{'should-decl':>12} {'of them declined':>17}")


def line(name: str, lang: str, o: labelled.Outcome) -> str:
    share = o.should_decline_declined / o.should_decline if o.should_decline else 0.0
    return (f"{name:10} {lang:4} {o.total:5} {o.share(o.correct):8.1%} {o.share(o.confident_wrong):11.1%} "
            f"{o.share(o.declined):9.1%} {o.should_decline:12} {share:17.1%}")


def total(outcomes: dict[str, labelled.Outcome]) -> labelled.Outcome:
    out = labelled.Outcome()
    for o in outcomes.values():
        for f in ("total", "correct", "confident_wrong", "declined", "should_decline", "should_decline_declined"):
            setattr(out, f, getattr(out, f) + getattr(o, f))
    return out


async def make_app(directory: str, *, with_members: bool = False, members: Path | None = None) -> BotApp:
    """The real app on a SQLite file with both seed files; with a directory's profiles
    (tests/qa/v2/members.json, or ``members``) for the people sets."""
    with_members = with_members or members is not None
    members = members or labelled.MEMBERS
    name = members.stem if with_members else "qa"
    settings = Settings.model_validate({
        "bot": {"data_dir": f"{directory}/{name}"},
        "database": {"url": f"sqlite+aiosqlite:///{directory}/{name}.db"},
    })
    app = BotApp(settings, clock=FixedClock(labelled.NOW))
    await app.start()
    async with app.sessions.begin() as session:
        await seed.apply_meeting_report(session)
    if with_members:
        await labelled.store_members(app, members)
    return app


async def judged_sets(directory: str) -> list[tuple[str, dict[str, labelled.Outcome], list, BotApp]]:
    """Each v2 set judged: the question sets on the seeded app, the directory's sets on an app that
    also holds the members' profiles. The apps are returned open (for the timing passes)."""
    results = []
    app = await make_app(directory)
    for name in labelled.V2_SETS:
        outcomes, failures = await labelled.judge(app, labelled.load(name, labelled.V2))
        results.append((name, outcomes, failures, app))
    if labelled.people_available():
        apps: dict[Path, BotApp] = {}
        for name in labelled.V2_PEOPLE_SETS:
            source = labelled.members_file(name)
            if source not in apps:
                apps[source] = await make_app(directory, members=source)
            outcomes, failures = await labelled.judge(apps[source], labelled.load(name, labelled.V2))
            results.append((name, outcomes, failures, apps[source]))
    return results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over all questions")
    parser.add_argument("--failures", action="store_true", help="print failing v2 dev rows")
    parser.add_argument("--old", action="store_true", help="also score the first labelled sets")
    args = parser.parse_args()
    if not labelled.v2_available():
        print("the v2 labelled sets (tests/qa/v2/dev.jsonl, heldout.jsonl) are not there yet")
        return 1
    with tempfile.TemporaryDirectory() as directory:
        results = await judged_sets(directory)
        apps = list(dict.fromkeys(app for *_rest, app in results))
        try:
            print(HEADER)
            for name, outcomes, failures, _app in results:
                for lang in ("en", "fr", "es"):
                    print(line(f"v2 {name}", lang, outcomes.get(lang, labelled.Outcome())))
                print(line(f"v2 {name}", "all", total(outcomes)))
                if args.failures and "dev" in name and not name.startswith("people2"):
                    for row, answer in failures:
                        print(f"\n--- {row.get('id')} [{row.get('expect', 'answer')}] {row['question']!r}"
                              f" ({row.get('topic')})\n{answer}")
            if args.old:
                app = apps[0]
                app.clock = FixedClock(labelled.NOW)
                for name in labelled.SETS:
                    scores, _failures = await labelled.score(app, labelled.load(name))
                    for lang, sc in scores.items():
                        print(f"old {name:6} {lang:4} {sc.passed}/{sc.total} {sc.accuracy:.1%}")
            timings = await time_answers(results, args.repeat)
            if timings:
                print(f"\nanswer time of app.handle over {len(timings)} answers (every question × {args.repeat}):"
                      f" p50 {percentile(timings, 50):.1f} ms, p99 {percentile(timings, 99):.1f} ms,"
                      f" max {max(timings):.1f} ms, mean {statistics.fmean(timings):.1f} ms")
        finally:
            for app in apps:
                await app.close()
    return 0


async def time_answers(results, repeat: int) -> list[float]:
    timings: list[float] = []
    for _ in range(repeat):
        for name, _outcomes, _failures, app in results:
            for row in labelled.load(name, labelled.V2):
                app.clock = FixedClock(labelled.row_now(row))
                started = time.perf_counter()
                await app.handle(labelled.incoming(row["question"]))
                timings.append((time.perf_counter() - started) * 1000)
    return timings


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))


async def section(options) -> str:
    """The benchmark as a section of BENCHMARKS.md (``python -m bench.run --only qa``)."""
    repeat = 1 if options.quick else 3
    if not labelled.v2_available():
        return "## Q&A\n\nThe v2 labelled sets are not in this checkout."
    with tempfile.TemporaryDirectory() as directory:
        results = await judged_sets(directory)
        try:
            table = ["| set | language | rows | correct | confident-wrong | declined | should-decline declined |",
                     "|---|---|---|---|---|---|---|"]
            for name, outcomes, _failures, _app in results:
                for lang, o in [*((lang, outcomes.get(lang, labelled.Outcome())) for lang in ("en", "fr", "es")),
                                ("all", total(outcomes))]:
                    share = o.should_decline_declined / o.should_decline if o.should_decline else 0.0
                    table.append(f"| {name} | {lang} | {o.total} | {o.share(o.correct):.1%} | "
                                 f"{o.share(o.confident_wrong):.1%} | {o.share(o.declined):.1%} | {share:.1%} |")
            timings = await time_answers(results, repeat)
        finally:
            for app in dict.fromkeys(app for *_rest, app in results):
                await app.close()
    return "\n".join([
        "## Q&A: correctness and answer time",
        "",
        "The v2 labelled questions (dev and held-out, English, French and Spanish) through the real app",
        "(SQLite, both seed files, each row at its own clock).",
        "",
        "\n".join(table),
        "",
        f"Answer time of `app.handle` over {len(timings)} answers: p50 {percentile(timings, 50):.1f} ms,"
        f" p99 {percentile(timings, 99):.1f} ms.",
    ])
