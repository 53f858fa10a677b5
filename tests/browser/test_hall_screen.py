"""The hall screen at 1920×1080, read from the back of the hall: a published result fits the
screen (elected names inside the viewport, large, with contrast), the screen follows the
current agenda item and its session without a reload, and it speaks the congress's language
in a projector browser set to English.

The server here is the test's own (WSGI, no WebSockets): the screen follows by the live
layer's polling fallback. tests/browser/test_live_screen.py follows over WebSockets.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dahui.congress.models import AgendaItem, Attendance, PlenarySession
from dahui.congress.services import set_current_item
from dahui.elections import services
from dahui.elections.models import Method, Poll
from dahui.voting.services import cast_ballot
from tests.browser.conftest import log_in, off_loop
from tests.elections.people import build_world, make_delegate

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTH, HEIGHT = 1920, 1080
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建国", "秀英", "志强", "丽", "伟", "海燕", "明", "晓东", "桂兰", "国庆", "敏", "红梅"]


def _names(count: int) -> list[str]:
    pairs = itertools.product(GIVEN, SURNAMES)
    names = [surname + given for given, surname in itertools.islice(pairs, count - 2)]
    return [*names, "欧阳明华", "司马晓东"][:count]  # two compound surnames, four characters


@pytest.fixture
def hall_screen(chromium_browser) -> Iterator:
    """The projector: 1920×1080, a browser set to American English."""
    context = chromium_browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    context.set_default_timeout(25_000)
    # The test's server has no WebSockets: the screen follows by polling, every 5–10 s.
    expect.set_options(timeout=25_000)
    try:
        yield context.new_page()
    finally:
        expect.set_options(timeout=5_000)
        context.close()


# ---------------------------------------------------------------- what the hall can read

MEASURE = """(selector) => {
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    const [r, g, b, a] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a === undefined ? 1 : a];
  };
  const over = (top, below) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      layers.push(parse(getComputedStyle(node).backgroundColor));
    }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const lin = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  return Array.from(document.querySelectorAll(selector))
    .filter((el) => el.offsetParent !== null && el.getClientRects().length > 0
      && el.textContent.trim() !== "")
    .map((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const name = el.classList.contains("row") ? el.querySelector(".name") : el;
      const nameBox = name.getBoundingClientRect();
      return {
        text: name.textContent.trim(),
        box: [box.left, box.top, box.right, box.bottom],
        clipped: name.scrollWidth > name.clientWidth + 1 || nameBox.width < 1,
        fontSize: parseFloat(style.fontSize),
        contrast: contrast(parse(style.color), background(el)),
      };
    });
}"""


def _readable(page, selector: str, *, min_font: float = 28) -> list[dict]:
    shown = page.evaluate(MEASURE, selector)
    for each in shown:
        left, top, right, bottom = each["box"]
        assert min(left, top) >= 0, each
        assert right <= WIDTH, each
        assert bottom <= HEIGHT, each
        assert not each["clipped"], each
        assert each["fontSize"] >= min_font, each
        assert each["contrast"] >= 4.5, each
    return shown


def _no_scrolling(page) -> None:
    size = page.evaluate("[document.documentElement.scrollWidth,"
                         " document.documentElement.scrollHeight]")
    assert size[0] <= WIDTH
    assert size[1] <= HEIGHT


def _every_elected_name_is_read(page, elected: set[str], shots, name: str) -> int:
    """Elected names on every page of the result, each inside the screen, large and with
    contrast; returns the number of pages."""
    section = page.locator(".screen-result[data-version]")
    expect(section).to_be_visible()
    pages = int(section.get_attribute("data-pages"))
    seen_chips: set[str] = set()
    seen_rows: set[str] = set()
    for number in range(1, pages + 1):
        expect(section).to_have_attribute("data-page", str(number), timeout=20_000)
        _no_scrolling(page)
        seen_chips |= {each["text"] for each in _readable(page, ".screen-elected-names li")}
        seen_rows |= {each["text"] for each in _readable(page, ".screen-counts-rows > li.elected")}
        _readable(page, ".screen-counts-rows > li:not(.elected)")
        _readable(page, ".screen-result-title, .screen-result-summary, .screen-elected-label",
                  min_font=24)
        _readable(page, ".screen-pager, .screen-audit", min_font=16)
        page.screenshot(path=str(shots / f"{name}-page-{number}.png"))
    assert seen_chips == elected
    assert seen_rows == elected
    return pages


@pytest.fixture
def shots(artifacts_dir):
    return artifacts_dir / "hall-screen"


# ---------------------------------------------------------------- the congress

def _hall(voters: int):
    """A congress with `voters` entitled delegates, all checked in for the morning."""
    world = build_world(delegates=10, checked_in=10)
    delegation = world.delegates[0].delegation
    extra = [make_delegate(world.congress, delegation, f"代表{n:03d}")
             for n in range(voters - len(world.delegates))]
    for delegate in extra:
        Attendance.objects.create(session=world.session, delegate=delegate,
                                  checked_in_at=timezone.now(), method="desk")
    world.delegates.extend(extra)
    return world


def _item(world, title: str, kind: str, session=None) -> AgendaItem:
    order = AgendaItem.objects.filter(congress=world.congress).count() + 1
    return AgendaItem.objects.create(congress=world.congress, order=order, kind=kind,
                                     title=title, session=session or world.session)


def _published_election(world, *, title: str, seats: int, candidates: int,
                        voters: int) -> tuple[Poll, set[str]]:
    item = _item(world, title, "election")
    election = services.create_election(congress=world.congress, title=title,
                                        body="committee", seats=seats, agenda_item=item,
                                        by=world.secretariat)
    for name in _names(candidates):
        services.add_candidate(election=election, name=name, by=world.secretariat)
    services.assign_scrutineer(election=election, user=world.chief, role="chief_scrutineer",
                               by=world.secretariat)
    poll = services.create_election_poll(election=election, session=world.session,
                                         method=Method.ELECTRONIC, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    listed = list(poll.candidates.order_by("order"))
    for n, voter in enumerate(world.delegates[:voters]):
        # Everyone for the first `seats` names, a few also against one of them.
        marks = {c.rules_id: "for" for c in listed[:seats]}
        marks[listed[seats + n % (candidates - seats)].rules_id] = "against"
        cast_ballot(poll=poll, voter=voter, choices={"marks": marks},
                    idempotency_key=f"hall-{poll.pk}-{n:04d}")
    services.close_poll(poll=poll, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    services.confirm_poll(poll=poll, by=world.chief)
    services.publish_poll(poll=poll, by=world.secretariat)
    set_current_item(congress=world.congress, item=item, by=world.secretariat)
    elected = {line["name"] for line in poll.result["results"] if line["elected"]}
    assert len(elected) == seats
    return poll, elected


@pytest.mark.parametrize(("seats", "candidates"), [(21, 24), (45, 60)])
def test_a_published_election_fits_the_screen_with_every_elected_name_readable(
    site, hall_screen, shots, seats, candidates
):
    def setup():
        world = _hall(30)
        return world, *_published_election(
            world, title=f"市总工会第四届委员会委员（{seats}名）", seats=seats,
            candidates=candidates, voters=30)

    world, poll, elected = off_loop(setup)
    hall_screen.goto(f"{site}/screen/{world.congress.pk}/{world.congress.screen_token}/")
    shots.mkdir(parents=True, exist_ok=True)
    pages = _every_elected_name_is_read(hall_screen, elected, shots, f"election-{seats}")
    assert "当选" in hall_screen.locator("#poll-result").inner_text()
    if candidates <= 24:
        assert pages == 1  # a 21-seat election fits one screen without turning

    # The separate results page, linked from the poll page, holds the same to the same.
    hall_screen.goto(f"{site}/screen/{world.congress.pk}/{world.congress.screen_token}"
                     f"/results/?poll={poll.pk}")
    _every_elected_name_is_read(hall_screen, elected, shots, f"results-page-{seats}")


def test_a_motion_result_is_large_and_its_verdict_stands_out(site, hall_screen, shots):
    def setup():
        world = _hall(12)
        item = _item(world, "审议市总工会工作报告", "motion")
        motion = services.create_motion(congress=world.congress, title="关于市总工会工作报告的决议",
                                        kind="report", agenda_item=item, by=world.secretariat)
        poll = services.create_motion_poll(motion=motion, session=world.session,
                                           method=Method.TOTALS, by=world.secretariat)
        services.open_poll(poll=poll, by=world.secretariat)
        services.close_poll(poll=poll, by=world.secretariat)
        services.enter_totals(poll=poll, votes_for=10, against=1, abstain=1,
                              by=world.secretariat)
        services.count_poll(poll=poll, by=world.secretariat)
        services.publish_poll(poll=poll, by=world.secretariat)
        set_current_item(congress=world.congress, item=item, by=world.secretariat)
        return world

    world = off_loop(setup)
    hall_screen.goto(f"{site}/screen/{world.congress.pk}/{world.congress.screen_token}/")
    verdict = hall_screen.locator("#verdict")
    expect(verdict).to_have_text("通过")
    [shown] = _readable(hall_screen, "#verdict", min_font=96)
    assert shown["contrast"] >= 7
    line = _readable(hall_screen, ".screen-motion-line", min_font=48)
    assert "赞成 10" in line[0]["text"]
    _readable(hall_screen, ".screen-result-title", min_font=40)
    _no_scrolling(hall_screen)
    shots.mkdir(parents=True, exist_ok=True)
    hall_screen.screenshot(path=str(shots / "motion-passed.png"))


def test_the_screen_follows_the_current_item_and_its_session_without_reload(
    site, hall_screen, shots
):
    def setup():
        world = _hall(12)
        afternoon = PlenarySession.objects.create(
            congress=world.congress, number=2, title="第二次全体会议",
            starts_at=timezone.now() + dt.timedelta(hours=3))  # the clock still says morning
        for delegate in world.delegates[:9]:
            Attendance.objects.create(session=afternoon, delegate=delegate,
                                      checked_in_at=timezone.now(), method="desk")
        report = _item(world, "审议工作报告", "motion")
        budget = _item(world, "审议经费审查报告", "motion")
        rules = _item(world, "通过选举办法", "motion", session=afternoon)
        polls = {}
        for item, title in ((report, "关于工作报告的决议"), (budget, "关于经费审查报告的决议"),
                            (rules, "选举办法")):
            motion = services.create_motion(congress=world.congress, title=title,
                                            kind="resolution", agenda_item=item,
                                            by=world.secretariat)
            polls[item.pk] = services.create_motion_poll(
                motion=motion, session=item.session, method=Method.ELECTRONIC,
                by=world.secretariat)
        set_current_item(congress=world.congress, item=report, by=world.secretariat)
        return world, report, budget, rules, polls

    world, report, budget, rules, polls = off_loop(setup)
    screen = hall_screen
    screen.goto(f"{site}/screen/{world.congress.pk}/{world.congress.screen_token}/")
    screen.evaluate("window.notReloaded = true")
    expect(screen.locator("#item-title")).to_have_text("审议工作报告")
    expect(screen.locator("#present")).to_have_text("12")
    expect(screen.locator("#poll-progress")).to_be_hidden()  # its poll is still a draft
    shots.mkdir(parents=True, exist_ok=True)

    poll = polls[report.pk]
    off_loop(services.open_poll, poll=poll, by=world.secretariat)
    expect(screen.locator("#poll-progress")).to_be_visible()
    expect(screen.locator("#poll-title")).to_have_text("关于工作报告的决议")
    expect(screen.locator("#poll-issued")).to_have_text("12")
    for n, voter in enumerate(world.delegates[:8]):
        off_loop(cast_ballot, poll=poll, voter=voter, choices={"vote": "for"},
                 idempotency_key=f"follow-{n:04d}")
    expect(screen.locator("#poll-returned")).to_have_text("8")
    _readable(screen, ".screen-poll-caption", min_font=24)  # 收回 / 发出: not cut off
    _no_scrolling(screen)
    screen.screenshot(path=str(shots / "follow-1-progress.png"))

    off_loop(services.close_poll, poll=poll, by=world.secretariat)
    expect(screen.locator("#poll-counting")).to_be_visible()
    expect(screen.locator("#poll-counting")).to_contain_text("计票中")
    expect(screen.locator("#poll-result")).to_be_hidden()
    screen.screenshot(path=str(shots / "follow-2-counting.png"))

    # Another item's poll published meanwhile does not appear under this heading.
    other = polls[budget.pk]
    for step in (services.open_poll, services.close_poll, services.count_poll,
                 services.publish_poll):
        off_loop(step, poll=other, by=world.secretariat)
    screen.wait_for_timeout(12_000)  # more than a polling round
    expect(screen.locator("#poll-counting")).to_be_visible()
    expect(screen.locator("#poll-result")).to_be_hidden()
    assert "经费审查" not in screen.locator("#screen").inner_text()

    off_loop(services.count_poll, poll=poll, by=world.secretariat)
    off_loop(services.publish_poll, poll=poll, by=world.secretariat)
    expect(screen.locator("#verdict")).to_have_text("通过")
    expect(screen.locator("#poll-counting")).to_be_hidden()
    expect(screen.locator(".screen-result-title")).to_have_text("关于工作报告的决议")
    screen.screenshot(path=str(shots / "follow-3-result.png"))

    # The afternoon's item: its session's check-in, not the morning's, and no result yet.
    off_loop(set_current_item, congress=world.congress, item=rules, by=world.secretariat)
    expect(screen.locator("#item-title")).to_have_text("通过选举办法")
    expect(screen.locator("#session-title")).to_have_text("第二次全体会议")
    expect(screen.locator("#present")).to_have_text("9")
    expect(screen.locator("#poll-result")).to_be_hidden()
    screen.screenshot(path=str(shots / "follow-4-afternoon.png"))

    # Back to the budget item: its own result, published while the screen looked elsewhere.
    off_loop(set_current_item, congress=world.congress, item=budget, by=world.secretariat)
    expect(screen.locator(".screen-result-title")).to_have_text("关于经费审查报告的决议")
    expect(screen.locator("#present")).to_have_text("12")
    assert screen.evaluate("window.notReloaded") is True


def test_the_poll_page_names_its_check_in_and_links_its_result_on_the_hall_screen(
    site, phone_page, hall_screen, shots
):
    def setup():
        world = _hall(12)
        poll, elected = _published_election(world, title="市总工会第四届委员会委员",
                                            seats=21, candidates=24, voters=12)
        return world, poll, elected

    world, poll, elected = off_loop(setup)
    log_in(phone_page, site, username=world.secretariat.username, password="pass-for-tests")
    phone_page.goto(f"{site}/polls/{poll.pk}/")
    expect(phone_page.locator("#poll-session")).to_contain_text("签到依据：第一次全体会议")
    shots.mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=str(shots / "poll-page-phone.png"), full_page=True)
    href = phone_page.locator("#screen-results-link").get_attribute("href")
    hall_screen.goto(f"{site}{href}")
    _every_elected_name_is_read(hall_screen, elected, shots, "linked-results-page")
