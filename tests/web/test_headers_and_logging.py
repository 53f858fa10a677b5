"""Security headers, the site icon and what the terminal shows for refused requests."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils.log import log_response

from dahui.log_filters import DropForbiddenTraceback


def test_every_page_carries_a_content_security_policy_without_inline_script(db):
    response = Client().get("/login/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_favicon_is_a_real_icon_served_as_a_static_file(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO file signature
    assert response.headers["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def _settings_under(env: dict[str, str]) -> dict:
    code = (
        "import json, dahui.settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ('SESSION_COOKIE_SECURE',"
        "'CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT',"
        "'SECURE_PROXY_SSL_HEADER')}))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "DAHUI_SECRET_KEY": "x", **env},
    )
    return json.loads(completed.stdout)


def test_behind_tls_cookies_are_secure_and_hsts_is_sent():
    plain = _settings_under({"DAHUI_HTTPS": "0"})
    assert plain["SESSION_COOKIE_SECURE"] is False
    assert plain["SECURE_HSTS_SECONDS"] is None
    tls = _settings_under({"DAHUI_HTTPS": "1", "DAHUI_PROXY_SSL_HEADER": "1"})
    assert tls["SESSION_COOKIE_SECURE"] is True
    assert tls["CSRF_COOKIE_SECURE"] is True
    assert tls["SECURE_HSTS_SECONDS"] >= 31536000
    assert tls["SECURE_SSL_REDIRECT"] is True
    assert tls["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_hsts_header_over_https(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/login/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def _formatted(status: int) -> str:
    request = RequestFactory().get("/c/1/roster/")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    logger = logging.getLogger("django.request")
    handler = Keep()
    handler.addFilter(DropForbiddenTraceback())
    logger.addHandler(handler)
    try:
        try:
            raise PermissionDenied("needs manage") if status == 403 else RuntimeError("boom")
        except Exception as exc:
            log_response("%s: %s", "refused", request.path,
                         response=HttpResponse(status=status), request=request, exception=exc)
    finally:
        logger.removeHandler(handler)
    formatter = logging.Formatter()
    return "\n".join(formatter.format(r) for r in records)


def test_a_403_is_one_line_in_the_terminal_but_a_500_keeps_its_traceback():
    forbidden = _formatted(403)
    assert "refused: /c/1/roster/" in forbidden
    assert "Traceback" not in forbidden
    failed = _formatted(500)
    assert "Traceback" in failed
    assert "RuntimeError: boom" in failed


def test_the_console_handler_uses_the_filter(settings):
    console = settings.LOGGING["handlers"]["console"]
    assert "no_403_traceback" in console["filters"]
