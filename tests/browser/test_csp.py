"""The Content-Security-Policy holds on the real pages: loading them in Chromium reports no
violation (no inline script, no foreign source), and the behaviours that were inline
handlers still work. Screenshots: tests/artifacts/csp-*.png."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dahui.elections import services
from dahui.elections.models import Method
from tests.browser.conftest import log_in, off_loop
from tests.elections.people import build_world

pytestmark = pytest.mark.browser

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile
                              + ":" + e.lineNumber);
});
"""


def _context(browser, base_url: str, user=None, *, phone: bool = False):
    options = (
        {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
        if phone else {"viewport": {"width": 1920, "height": 1080}}
    )
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    context.add_init_script(WATCH)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{
            "name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url,
        }])
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    return context, page, console


def _visit(page, console, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None
    assert response.status < 400, (url, response.status)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    found = page.evaluate("window.__cspViolations")
    found += [text for text in console if "Content Security Policy" in text]
    return found


def _open_election(world):
    election = services.create_election(
        congress=world.congress, title="第三届委员会委员", body="committee", seats=1,
        by=world.secretariat, min_excess="0",
    )
    for name in ("王敏", "李强"):
        services.add_candidate(election=election, name=name, delegate=world.delegate(name),
                               by=world.secretariat)
    services.assign_scrutineer(election=election, user=world.chief, role="chief_scrutineer",
                               by=world.secretariat)
    poll = services.create_election_poll(election=election, session=world.session,
                                         method=Method.ELECTRONIC, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    return poll


def test_main_pages_load_without_csp_violations(chromium_browser, site, screenshot):
    world = off_loop(build_world, delegates=4, checked_in=4)
    congress = world.congress
    poll = off_loop(_open_election, world)
    admin = get_user_model().objects.create_superuser("csp-admin", password="admin-pass-1")
    violations: dict[str, list[str]] = {}

    anonymous, page, console = _context(chromium_browser, site, phone=True)
    for name, path in [("login", "/login/"), ("code-login", "/code/")]:
        violations[name] = _visit(page, console, site + path)
        screenshot(page, f"csp-{name}")
    log_in(page, site, username="csp-admin", password="admin-pass-1")  # axes backend path
    assert page.url.rstrip("/") != f"{site}/login"
    anonymous.close()

    desk, page, console = _context(chromium_browser, site, world.secretariat)
    for name, path in [
        ("dashboard", f"/c/{congress.pk}/"),
        ("roster", f"/c/{congress.pk}/roster/"),
        ("poll", f"/polls/{poll.pk}/"),
        ("votes", f"/c/{congress.pk}/votes/"),
    ]:
        violations[name] = _visit(page, console, site + path)
    screenshot(page, "csp-poll")
    desk.close()

    screen, page, console = _context(chromium_browser, site)
    violations["hall-screen"] = _visit(
        page, console, f"{site}/screen/{congress.pk}/{congress.screen_token}/"
    )
    screenshot(page, "csp-hall-screen")
    screen.close()

    phone, page, console = _context(chromium_browser, site, world.delegates[2].user, phone=True)
    violations["ballot"] = _visit(page, console, f"{site}/vote/{poll.pk}/")
    page.locator(".ballot-row", has_text="王敏").locator("label.for").click()
    page.get_by_role("button", name="核对我的选票").click()
    page.wait_for_load_state("networkidle")
    violations["review"] = page.evaluate("window.__cspViolations")
    screenshot(page, "csp-review")
    # 修改 (formerly an inline onclick) still takes the delegate back to the ballot.
    page.get_by_role("button", name="修改").click()
    page.wait_for_load_state("networkidle")
    assert f"/vote/{poll.pk}/" in page.url
    phone.close()

    staff, page, console = _context(chromium_browser, site, admin)
    for name, path in [("admin", "/admin/"), ("admin-users", "/admin/auth/user/"),
                       ("admin-user", f"/admin/auth/user/{admin.pk}/change/")]:
        violations[name] = _visit(page, console, site + path)
    screenshot(page, "csp-admin")
    staff.close()

    assert {name: found for name, found in violations.items() if found} == {}


def test_roster_filter_submits_on_change_without_an_inline_handler(
    chromium_browser, site
):
    world = off_loop(build_world, delegates=2, checked_in=0)
    context, page, console = _context(chromium_browser, site, world.secretariat)
    assert _visit(page, console, f"{site}/c/{world.congress.pk}/roster/") == []
    select = page.locator("select[name=delegation]")
    options = select.locator("option").all()
    value = next(o.get_attribute("value") for o in options if o.get_attribute("value"))
    with page.expect_navigation():
        select.select_option(value)
    assert f"delegation={value}" in page.url
    context.close()
