"""Where the time of one cast goes: N casts through the test client under pyinstrument.

    .venv/bin/python -m bench.load.profile_cast [--casts 300] [--path form|json|full-page]

In-process (no network, no event loop), on the benchmark's scratch PostgreSQL database,
so the profile shows the Django and database work of a cast and nothing of uvicorn.
`form` is the review page's form post to the cast endpoint `/vote/<poll>/cast` (what a
browser sends), `json` the same endpoint asked for JSON, `full-page` the ballot page's own
form handler. Each phone sends its session cookie, its CSRF secret and its cast
credential, so the same script measures an endpoint that reads the session and one that
reads the credential. Prints the per-cast wall and CPU time (profiler included) and the
statements of one cast, and writes the profile as text to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
import uuid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--casts", type=int, default=300)
    parser.add_argument("--flat", action="store_true", help="self time per function")
    parser.add_argument("--no-profile", action="store_true",
                        help="time only (the profiler adds about a third to the CPU)")
    parser.add_argument("--path", choices=("form", "json", "full-page"), default="form")
    args = parser.parse_args()

    from bench.load import run

    run._environment()
    run._fresh_database()
    run._django()
    from django.conf import settings
    from django.test import Client
    from pyinstrument import Profiler

    from dahui.elections import services as elections

    settings.ALLOWED_HOSTS = ["*"]
    _congress, (poll, _ceiling), secretary, phones = run.seed(args.casts, 1)
    elections.open_poll(poll=poll, by=secretary)
    from dahui.voting import cast_view

    # The profiler follows one thread: keep the cast in the request's thread.
    cast_view.in_own_thread = lambda: False
    client = Client(enforce_csrf_checks=True)  # one handler: middleware set up once
    profiler = Profiler(interval=0.0005)
    statuses: dict[int, int] = {}
    # The real server imports the URLconf (reportlab, openpyxl) at startup: not a cast's.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the import is the point)
    if args.no_profile:
        profiler = contextlib.nullcontext()
    started, cpu_started = time.perf_counter(), time.process_time()
    with profiler:
        for phone in phones:
            response = _cast(client, args.path, poll.pk, phone)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    extra = Client(enforce_csrf_checks=True)
    _congress2, (poll2, _c2), secretary2, phones2 = run.seed(1, 2)
    elections.open_poll(poll=poll2, by=secretary2)
    with CaptureQueriesContext(connection) as queries:
        _cast(extra, args.path, poll2.pk, phones2[0])
    print(f"queries in one cast: {len(queries)}")
    for query in queries:
        print("  ", query["sql"][:150])
    print(f"{args.casts} casts via {args.path}: {seconds:.2f} s, "
          f"{1000 * seconds / args.casts:.2f} ms per cast, "
          f"CPU {cpu:.2f} s = {1000 * cpu / args.casts:.2f} ms per cast, statuses {statuses}")
    if args.no_profile:
        return 0
    print(profiler.output_text(unicode=True, color=False, show_all=False, flat=args.flat))
    return 0


def _cast(client, path: str, poll_id: int, phone):
    client.cookies["sessionid"] = phone.session_key
    client.cookies["csrftoken"] = phone.csrf
    key = str(uuid.uuid4())
    if path == "json":
        return client.post(
            f"/vote/{poll_id}/cast",
            json.dumps({"key": key, "vote": "for", "credential": phone.credential(poll_id)}),
            content_type="application/json", headers={"X-CSRFToken": phone.csrf})
    url = f"/vote/{poll_id}/" + ("cast" if path == "form" else "")
    return client.post(url, {"csrfmiddlewaretoken": phone.csrf, "key": key, "vote": "for",
                             "step": "cast", "credential": phone.credential(poll_id)})


if __name__ == "__main__":
    raise SystemExit(main())
