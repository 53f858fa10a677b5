"""The hall votes at once: N delegates on live connections, the poll opens, all cast.

    .venv/bin/python -m bench.load.run [--voters 300 1000 3000] [--workers 1 2]

Loopback only. Needs PostgreSQL (BENCH_DATABASE_URL, default a scratch database
dahui_bench on 127.0.0.1:5432, dropped and re-created) and Redis (BENCH_REDIS_URL, default
database 12 of 127.0.0.1:6379). Writes bench/results/load.json and load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/dahui_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SECRET_KEY = "bench-only-key-not-a-secret"
CAST_WAYS = ("page", "json", "full-page")  # as bench.load.delegates.CAST_WAYS
# Clients of the raw database loop: as many connections as two workers' pools may hold.
CEILING_CLIENTS = 16


def _environment() -> None:
    os.environ.update({"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL,
                       "DAHUI_SECRET_KEY": SECRET_KEY,
                       "DJANGO_SETTINGS_MODULE": "dahui.settings"})


def _django() -> None:
    import django

    django.setup()


def _fresh_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, "-m", "dahui", "manage", "migrate", "-v", "0"],
                   check=True, env={**os.environ})


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def seed(voters: int, term: int):
    """A congress of `voters` confirmed delegates, all checked in, one electronic motion
    poll ready to open, a second one for the database ceiling, and a session per phone."""
    import datetime as dt

    from bench.load.delegates import Phone
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from dahui.congress.models import (
        Attendance,
        Congress,
        CongressRole,
        Delegate,
        Delegation,
        Organisation,
        PlenarySession,
        Role,
    )
    from dahui.elections import services as elections
    from dahui.elections.models import Method

    users = get_user_model().objects
    organisation, _ = Organisation.objects.get_or_create(name="市总工会")
    congress = Congress.objects.create(
        organisation=organisation, title=f"压力测试大会{term}", term_number=term,
        starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 2),
        screen_token=uuid.uuid4().hex)
    session = PlenarySession.objects.create(congress=congress, number=1, title="全体会议",
                                            starts_at=timezone.now() - dt.timedelta(hours=1))
    delegation = Delegation.objects.create(congress=congress, name="全体")
    secretary = users.create_user(username=f"bench-secretary-{term}")
    CongressRole.objects.create(congress=congress, user=secretary, role=Role.SECRETARIAT)
    people = users.bulk_create([get_user_model()(username=f"b{term}-{n}") for n in range(voters)])
    delegates = Delegate.objects.bulk_create([
        Delegate(congress=congress, number=f"{n:05d}", name=f"代表{n}", gender="F",
                 ethnicity="汉族", birth_date=dt.date(1980, 1, 1), id_tail=f"{n % 10000:04d}",
                 work_unit="单位", delegation=delegation, credential_status="confirmed",
                 access_code=f"B{term}{n:06d}", user=user)
        for n, user in enumerate(people)
    ], batch_size=1000)
    Attendance.objects.bulk_create([
        Attendance(session=session, delegate=d, checked_in_at=timezone.now(), method="desk")
        for d in delegates], batch_size=1000)
    polls = []
    for title in ("关于工作报告的决议", "数据库上限测量"):
        motion = elections.create_motion(congress=congress, title=title, kind="report",
                                         by=secretary)
        polls.append(elections.create_motion_poll(motion=motion, session=session,
                                                  method=Method.ELECTRONIC, by=secretary))
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    expire = timezone.now() + dt.timedelta(days=1)
    phones, rows = [], []
    for delegate, user in zip(delegates, people, strict=True):
        key = uuid.uuid4().hex
        data = SessionStore().encode({
            SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
        rows.append(Session(session_key=key, session_data=data, expire_date=expire))
        phones.append(Phone(delegate.pk, key))
    Session.objects.bulk_create(rows, batch_size=1000)
    return congress, polls, secretary, phones


async def storm(bases: list[str], congress_id: int, poll_id: int, phones, open_poll,
                way: str = "page"):
    import aiohttp
    from bench.load.delegates import cast, open_live, wait_for

    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:
        gate = asyncio.Semaphore(100)  # connect in waves: a SYN flood measures the kernel

        async def connect(n, phone):
            async with gate:
                return await open_live(http, bases[n % len(bases)], congress_id, phone)

        sockets = await asyncio.gather(*[connect(n, p) for n, p in enumerate(phones)])
        t_open = {}

        opened = asyncio.Event()

        async def voter(n, phone, socket):
            try:
                _event, arrived = await wait_for(socket, "poll.opened", timeout=60)
            except (aiohttp.ClientError, TimeoutError, TypeError, ValueError):
                # The live connection was lost: the page would find the poll by polling.
                await opened.wait()
                arrived = None
            outcome = await cast(http, bases[n % len(bases)], phone, poll_id=poll_id,
                                 key=str(uuid.uuid4()), way=way)
            return arrived, outcome, time.perf_counter()

        tasks = [asyncio.create_task(voter(n, p, s))
                 for n, (p, s) in enumerate(zip(phones, sockets, strict=True))]
        await asyncio.sleep(0.5)
        t_open["before"] = time.perf_counter()
        await asyncio.to_thread(open_poll)  # (also starts the profiler, if asked for)
        t_open["after"] = time.perf_counter()
        opened.set()
        results = await asyncio.gather(*tasks)
        await asyncio.gather(*[s.close() for s in sockets])
        return t_open, results


def database_ceiling(poll_id: int, delegate_ids: list[int], concurrency: int) -> dict:
    """The same transaction as a cast (poll state FOR SHARE, eligibility, two inserts),
    straight through psycopg with fsync on: what the database alone can take."""
    import hashlib
    import secrets

    import psycopg

    from dahui.voting.services import _key_digest

    async def one(conn, delegate_id):
        async with conn.transaction():
            await conn.execute("SELECT state FROM elections_poll WHERE id = %s FOR SHARE",
                               [poll_id])
            await conn.execute("SELECT 1 FROM voting_eligibility WHERE poll_id = %s AND "
                               "delegate_id = %s LIMIT 1", [poll_id, delegate_id])
            nonce = secrets.token_hex(16)
            tracker = hashlib.sha256(f"{poll_id}{nonce}".encode()).hexdigest()
            await conn.execute(
                "INSERT INTO voting_participation (poll_id, delegate_id, key_digest, receipt) "
                "VALUES (%s, %s, %s, %s)",
                [poll_id, delegate_id, _key_digest(poll_id=poll_id, idempotency_key=nonce),
                 tracker])
            await conn.execute(
                "INSERT INTO voting_castballot (id, poll_id, content, nonce, tracker) "
                "VALUES (%s, %s, %s, %s, %s)",
                [uuid.uuid4(), poll_id, json.dumps({"vote": "for"}), nonce, tracker])

    async def run() -> float:
        queue: asyncio.Queue = asyncio.Queue()
        for delegate_id in delegate_ids:
            queue.put_nowait(delegate_id)

        async def worker():
            async with await psycopg.AsyncConnection.connect(DATABASE_URL) as conn:
                while not queue.empty():
                    await one(conn, queue.get_nowait())

        started = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range(concurrency)])
        return time.perf_counter() - started

    seconds = asyncio.run(run())
    return {"transactions": len(delegate_ids), "concurrency": concurrency,
            "seconds": round(seconds, 3), "per_second": round(len(delegate_ids) / seconds, 1)}


def _profiler(pid: int, path: Path, seconds: int) -> subprocess.Popen | None:
    """py-spy sampling the server's processes from the poll's opening (the storm only)."""
    import shutil

    spy = os.environ.get("PY_SPY") or shutil.which("py-spy")
    if spy is None:
        print("py-spy not found (PY_SPY=…): running without a profile", file=sys.stderr)
        return None
    return subprocess.Popen(
        [spy, "record", "-p", str(pid), "--subprocesses", "-r", "250", "-d", str(seconds),
         "-f", "raw", "-o", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def one_run(voters: int, workers: int, term: int, processes: int = 1,
            profile_seconds: int = 0, way: str = "page") -> dict:
    from bench.load.measure import PeakMemory, cpu_seconds, cpu_seconds_named, machine_jiffies
    from bench.load.servers import free_port, server_env, start_server, stop_server

    from dahui.elections import services as elections
    from dahui.voting.models import CastBallot, Participation

    congress, (poll, ceiling_poll), secretary, phones = seed(voters, term)
    env = server_env(database_url=DATABASE_URL, redis_url=REDIS_URL, secret_key=SECRET_KEY)
    port = free_port()
    server = start_server(port=port, env=env, workers=workers,
                          log=Path(tempfile.gettempdir()) / f"dahui-bench-server-{term}.log")
    try:
        cpu_before = cpu_seconds(server.pid)
        with PeakMemory(server.pid) as memory:
            profiler, marks = [], {}

            def open_poll():
                marks["open"] = (time.process_time(), machine_jiffies(),
                                 cpu_seconds(server.pid), cpu_seconds_named("postgres"))
                if profile_seconds:
                    profiler.append(_profiler(
                        server.pid, RESULTS / f"load-profile-{voters}-{workers}.txt",
                        profile_seconds))
                elections.open_poll(poll=poll, by=secretary)

            t_open, results = asyncio.run(storm(
                [f"http://127.0.0.1:{port}"], congress.pk, poll.pk, phones, open_poll, way))
            marks["done"] = (time.process_time(), machine_jiffies(),
                             cpu_seconds(server.pid), cpu_seconds_named("postgres"))
            for spy in profiler:
                if spy is not None:
                    spy.wait(profile_seconds + 30)
        cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        stop_server(server)
    arrivals = [max(0.0, arrived - t_open["after"]) for arrived, _o, _d in results
                if arrived is not None]
    ok = [o for _a, o, _d in results if o.status == 200 and o.tracker]
    errors = [o for _a, o, _d in results if not (o.status == 200 and o.tracker)]
    last_receipt = max(done for _a, o, done in results if o.tracker) - t_open["after"]
    first_cast = min((a for a, _o, _d in results if a is not None), default=t_open["after"])
    stored = set(CastBallot.objects.filter(poll=poll).values_list("tracker", flat=True))
    elections.open_poll(poll=ceiling_poll, by=secretary)
    ceiling = database_ceiling(ceiling_poll.pk, [p.delegate_id for p in phones],
                               concurrency=CEILING_CLIENTS)
    casts_per_second = len(ok) / max(1e-9, last_receipt - (first_cast - t_open["after"]))
    return {
        "voters": voters, "workers": workers, "cast_way": way,
        "casts_ok": len(ok), "errors": len(errors),
        "live_connections_lost": sum(1 for a, _o, _d in results if a is None),
        "error_kinds": sorted({f"{o.status} {(o.error or '')[:80]}".strip() for o in errors}),
        "receipts_on_board": len({o.tracker for o in ok} & stored),
        "participations": Participation.objects.filter(poll=poll).count(),
        "casts_per_second": round(casts_per_second, 1),
        "cast_latency_ms": {q: round(1000 * percentile([o.seconds for o in ok], q), 1)
                            for q in (50, 95, 99)} if ok else None,
        "time_to_last_receipt_s": round(last_receipt, 3),
        "fanout_latency_ms": {q: round(1000 * percentile(arrivals, q), 1) for q in (50, 99)},
        "open_poll_call_s": round(t_open["after"] - t_open["before"], 3),
        "server_cpu_s": round(cpu, 2),
        "server_peak_rss_mb": round(memory.peak / 2**20, 1),
        # From the opening to the last answer: the load generator's own CPU, and how busy
        # the whole machine was (all cores; others' work included).
        "generator_cpu_s": round(marks["done"][0] - marks["open"][0], 2),
        "server_cpu_storm_s": round(marks["done"][2] - marks["open"][2], 2),
        "postgres_cpu_storm_s": round(marks["done"][3] - marks["open"][3], 2),
        "machine_busy_pct": round(100 * (marks["done"][1][0] - marks["open"][1][0])
                                  / max(1, marks["done"][1][1] - marks["open"][1][1]), 1),
        "db_ceiling": ceiling,
        "ratio_to_db_ceiling": round(casts_per_second / ceiling["per_second"], 3),
    }


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in
                  Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform(), "postgresql": pg,
            "note": "load generator, server, PostgreSQL and Redis on the same machine"}


def targets(runs: list[dict]) -> list[str]:
    """The issue's targets against the best run for each, and by how much one is missed."""
    lines = []
    big = [r for r in runs if r["voters"] >= 3000]
    if big:
        best = min(big, key=lambda r: (r["errors"], r["time_to_last_receipt_s"]))
        met = best["errors"] == 0 and best["time_to_last_receipt_s"] <= 5
        lines.append(
            f"- 3,000 voters receipted within 5 s, 0 errors: {'met' if met else 'missed'} "
            f"(best: {best['time_to_last_receipt_s']} s with {best['workers']} worker(s), "
            f"{best['errors']} errors; {best['time_to_last_receipt_s'] / 5:.1f}× the target)")
    fastest = max(runs, key=lambda r: r["casts_per_second"])
    lines.append(
        f"- ≥ 1,000 durable casts/s: {'met' if fastest['casts_per_second'] >= 1000 else 'missed'}"
        f" (best: {fastest['casts_per_second']}/s at {fastest['voters']} voters, "
        f"{fastest['workers']} worker(s); {fastest['casts_per_second'] / 1000:.0%} of the "
        f"target; the database alone took {fastest['db_ceiling']['per_second']} tx/s)")
    crowd = [r for r in runs if r["voters"] >= 2000]
    if crowd:
        best = min(crowd, key=lambda r: r["fanout_latency_ms"][99])
        p99 = best["fanout_latency_ms"][99]
        lines.append(
            f"- 2,000+ live clients hear \"poll opened\" within 1 s at p99: "
            f"{'met' if p99 <= 1000 else 'missed'} (best p99: {p99} ms with {best['voters']} "
            f"clients, {best['workers']} worker(s))")
    return lines


def _int_keys(run: dict) -> dict:
    """Percentile keys as numbers again (JSON made them strings)."""
    return {**run, **{name: {int(q): v for q, v in (run[name] or {}).items()} or None
                      for name in ("cast_latency_ms", "fanout_latency_ms")}}


def markdown(report: dict) -> str:
    report = {**report, "runs": [_int_keys(r) for r in report["runs"]]}
    lines = ["# Load benchmark: the hall votes at once", "",
             f"Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, "
             f"{report['machine']['memory_gb']} GB; {report['machine']['postgresql']}; "
             f"Python {report['machine']['python']}. {report['machine']['note']}.", "",
             f"Command: `{report['command']}`", "",
             "Casts as the review page sends them (form post to `/vote/<poll>/cast`, small "
             "receipt page) unless the table's `way` column says otherwise. Latency from "
             "each phone's \"poll opened\" to its receipt; fan-out from the opening's commit "
             "to each phone hearing it. CPU during the storm (opening to last receipt): the "
             "server's processes, PostgreSQL's, and how busy the whole machine was.", "",
             "| voters | workers | way | ok | errors | casts/s | p50 ms | p95 ms | p99 ms | last "
             "receipt s | fan-out p50 ms | fan-out p99 ms | server CPU ms/cast | PostgreSQL "
             "CPU s | machine busy % | peak RSS MB | DB ceiling tx/s | ratio |",
             "|" + "---|" * 18]
    for r in report["runs"]:
        lat = r["cast_latency_ms"] or {50: None, 95: None, 99: None}
        per_cast = round(1000 * r["server_cpu_storm_s"] / max(1, r["casts_ok"]), 1)
        lines.append(
            f"| {r['voters']} | {r['workers']} | {r.get('cast_way', 'json')} | "
            f"{r['casts_ok']} | {r['errors']} | "
            f"{r['casts_per_second']} | {lat[50]} | {lat[95]} | {lat[99]} | "
            f"{r['time_to_last_receipt_s']} | {r['fanout_latency_ms'][50]} | "
            f"{r['fanout_latency_ms'][99]} | {per_cast} | {r['postgres_cpu_storm_s']} | "
            f"{r['machine_busy_pct']} | {r['server_peak_rss_mb']} | "
            f"{r['db_ceiling']['per_second']} | {r['ratio_to_db_ceiling']} |")
    lines += ["", "DB ceiling: the cast's transaction (poll FOR SHARE, eligibility, two "
              f"inserts) straight through psycopg, {CEILING_CLIENTS} clients, fsync on; "
              "ratio = our casts/s ÷ that.", "", "## Targets", "", *targets(report["runs"]), "",
              "Where the time goes and what is in the way: `bench/results/cast-profile.md`."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, nargs="+", default=[300, 1000, 3000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--output", default="load")
    parser.add_argument("--cast", choices=CAST_WAYS, default="page",
                        help="how phones cast (default: the review page's form post)")
    parser.add_argument("--markdown-only", action="store_true",
                        help="rewrite <output>.md from <output>.json, running nothing")
    parser.add_argument("--profile", type=int, default=0, metavar="SECONDS",
                        help="sample the server with py-spy for this long from the opening "
                             "(raw stacks in bench/results/load-profile-<voters>-<workers>.txt)")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.markdown_only:
        report = json.loads((RESULTS / f"{args.output}.json").read_text())
        (RESULTS / f"{args.output}.md").write_text(markdown(report))
        return 0
    _environment()
    _fresh_database()
    _django()
    runs, term = [], 1
    for voters in args.voters:
        for workers in args.workers:
            print(f"{voters} voters, {workers} worker(s)…", file=sys.stderr, flush=True)
            runs.append(one_run(voters, workers, term, profile_seconds=args.profile,
                                way=args.cast))
            term += 1
            print(json.dumps(runs[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    report = {"machine": machine(), "command": "python -m bench.load.run " + " ".join(
        sys.argv[1:]), "runs": runs}
    (RESULTS / f"{args.output}.json").write_text(json.dumps(report, indent=2,
                                                            ensure_ascii=False) + "\n")
    (RESULTS / f"{args.output}.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
