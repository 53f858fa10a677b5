"""The hall as a real install runs it: Caddy with its internal CA in front of two
`dahui serve` processes (sharing the database and Redis), everything over HTTPS and WSS.

Chromium trusts Caddy's root through an NSS database made with certutil (no ignored
certificate errors): a certificate problem fails the test. The door scanner's camera is
Chromium's fake camera playing a clip of a delegate's credential QR code; the delegate then
logs in with that credential on a phone and votes, and the hall screen follows.
Screenshots: tests/artifacts/venue-*.png.
"""

from __future__ import annotations

import shutil
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from playwright.sync_api import expect

from dahui.congress import services as congress
from dahui.congress.models import Attendance, CongressRole, Role
from dahui.deploy import ca_page
from dahui.elections import services as elections
from dahui.elections.models import Method
from dahui.voting.models import CastBallot
from tests.browser.conftest import log_in, off_loop
from tests.deploy.venue import credential_video, database_url, nss_home, start_venue
from tests.live.conftest import make_hall
from tests.services import CHROMIUM_ARGS, caddy_path, chromium_path, missing

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def venue(chromium_browser, transactional_db, redis_server_url, tmp_path):
    caddy = caddy_path()
    if caddy is None:
        missing("needs Debian's caddy package at /usr/bin/caddy")
    if shutil.which("certutil") is None:
        missing("needs certutil (Debian's libnss3-tools) to trust Caddy's CA")
    running, stop = start_venue(
        caddy=caddy, folder=tmp_path, db_url=database_url(connection.settings_dict),
        redis_url=redis_server_url, secret_key=settings.SECRET_KEY)
    try:
        yield running
    finally:
        stop()


def _hall():
    hall = make_hall(term=16)
    # The servers run the production settings: a password hash they can check.
    hall.secretary.password = PBKDF2PasswordHasher().encode("x", PBKDF2PasswordHasher().salt())
    hall.secretary.save(update_fields=["password"])
    CongressRole.objects.create(congress=hall.congress, user=hall.secretary,
                                role=Role.PRESIDIUM)
    token = congress.issue_token(delegate=hall.delegate, by=hall.secretary)
    motion = elections.create_motion(congress=hall.congress, title="关于工作报告的决议",
                                     kind="report", by=hall.secretary,
                                     agenda_item=hall.items[0])
    poll = elections.create_motion_poll(motion=motion, session=hall.session,
                                        method=Method.ELECTRONIC, by=hall.secretary)
    congress.set_current_item(congress=hall.congress, item=hall.items[0], by=hall.secretary)
    return hall, token, poll


def test_the_hall_through_caddy_tls_two_workers_scanner_vote_and_screen(
    chromium_browser, venue, tmp_path, artifacts_dir
):
    hall, token, poll = off_loop(_hall)
    base = venue.base
    credential = f"{base}/d/{token.key}"  # what the printed credential's QR code holds
    clip = credential_video(credential, tmp_path / "credential.y4m")
    home = nss_home(tmp_path / "home", venue.root_certificate)
    browser = chromium_browser.browser_type.launch(
        executable_path=chromium_path(), headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-video-capture={clip}"],
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    phone_options = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
                     "is_mobile": True, "has_touch": True, "locale": "zh-CN",
                     "timezone_id": "Asia/Shanghai"}
    try:
        # The CA page, over plain HTTP (a phone without the root yet) and HTTPS.
        with urllib.request.urlopen(f"{venue.http_base}/ca/") as answer:
            page_text = answer.read().decode()
        pem = venue.root_certificate.read_text(encoding="ascii")
        assert ca_page.fingerprint(pem) in page_text

        # The hall screen (a projector, nobody logged in) on WSS.
        projector = browser.new_context(viewport={"width": 1920, "height": 1080},
                                        locale="zh-CN", timezone_id="Asia/Shanghai")
        projector.set_default_timeout(20_000)
        screen = projector.new_page()
        sockets, frames = [], []

        def follow(socket) -> None:
            sockets.append(socket.url)
            socket.on("framereceived", lambda frame: frames.append(frame))

        screen.on("websocket", follow)
        congress_id, screen_token = hall.congress.pk, hall.congress.screen_token
        response = screen.goto(f"{base}/screen/{congress_id}/{screen_token}/")
        assert response.ok
        assert response.url.startswith("https://")
        assert response.security_details()["protocol"].startswith("TLS")
        # Django saw the request as HTTPS through Caddy: HSTS from the installer's settings.
        assert response.headers["strict-transport-security"] == "max-age=31536000"
        expect(screen.locator("#present")).to_have_text("0")
        assert sockets
        assert all(url.startswith("wss://") for url in sockets)
        screen.evaluate("window.notReloaded = true")

        # The secretariat's door scanner: a staff login, the camera granted, the QR read.
        door = browser.new_context(permissions=["camera"], **phone_options)
        door.set_default_timeout(20_000)
        scanner = door.new_page()
        log_in(scanner, base, username=hall.secretary.username, password="x")
        assert "/login/" not in scanner.url
        scanner.goto(f"{base}/c/{hall.congress.pk}/s/{hall.session.pk}/scanner/")
        expect(scanner.locator("#door-card [data-field=name]")).to_have_text(
            hall.delegate.name, timeout=30_000)
        expect(scanner.locator("#scan-result")).to_have_class("scan-result ok")
        scanner.screenshot(path=str(artifacts_dir / "venue-scanner-phone.png"))
        assert Attendance.objects.filter(delegate=hall.delegate, session=hall.session,
                                         method="scan").count() == 1
        expect(screen.locator("#present")).to_have_text("1")
        assert frames, "the hall screen heard nothing on its WebSocket"

        # The chair opens the vote from the desk.
        desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        desk.set_default_timeout(20_000)
        chair = desk.new_page()
        log_in(chair, base, username=hall.secretary.username, password="x")
        chair.goto(f"{base}/polls/{poll.pk}/")
        chair.get_by_role("button", name="开始投票").click()
        chair.wait_for_load_state("networkidle")
        expect(screen.locator("#poll-progress")).to_be_visible()
        expect(screen.locator("#poll-returned")).to_have_text("0")

        # The delegate logs in with the credential's link and votes on the phone.
        own = browser.new_context(**phone_options)
        own.set_default_timeout(20_000)
        phone = own.new_page()
        phone.goto(f"{base}/ca/")  # the CA page, now over HTTPS, as a phone reads it
        expect(phone.locator("h1")).to_contain_text("安装会场证书")
        phone.screenshot(path=str(artifacts_dir / "venue-ca-page-phone.png"), full_page=True)
        phone.goto(credential)
        phone.goto(f"{base}/vote/{poll.pk}/")
        phone.locator(".motion-choices label", has_text="赞成").click()
        phone.get_by_role("button", name="核对我的选票").click()
        phone.get_by_role("button", name="确认投票").click()
        expect(phone.locator("#tracker-short")).to_be_visible()
        phone.screenshot(path=str(artifacts_dir / "venue-receipt-phone.png"))
        assert CastBallot.objects.filter(poll=poll).count() == 1

        expect(screen.locator("#poll-returned")).to_have_text("1")
        assert screen.evaluate("window.notReloaded") is True
        screen.screenshot(path=str(artifacts_dir / "venue-screen-1920.png"))
        cookies = {c["name"]: c for c in own.cookies()}
        assert cookies["sessionid"]["secure"] is True
    finally:
        browser.close()
