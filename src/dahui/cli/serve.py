"""`dahui serve`: the ASGI server (HTTP and WebSockets) for a configured installation."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="serve the web application (ASGI)")
    add_server_arguments(parser)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.set_defaults(func=run)


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")


def serve(*, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    uvicorn.run(
        "dahui.asgi:application",
        host=host,
        port=port,
        workers=workers,
        lifespan="off",
        log_level="warning",
        # A hall of phones connects in the same second: beyond the queue of pending
        # connections (uvicorn asks for 2,048) the rest wait for a SYN retry, 1 s or more.
        # The kernel caps it at net.core.somaxconn.
        backlog=8192,
    )


def run(args: argparse.Namespace) -> int:
    from dahui.cli.django_setup import setup_django

    setup_django()
    serve(host=args.host, port=args.port, workers=args.workers)
    return 0
