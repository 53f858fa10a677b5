"""A union chair's direct election in a real browser: the roster import, nomination by two
branches (and an Art 6 refusal), the list, the Party's vetting, the higher union's approval,
the 公示 page on a phone with an objection. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from dahui.unions import services
from dahui.unions.models import ChairElection, Objection, Stage, UnionKind, UnionRoleKind
from tests.browser.conftest import log_in
from tests.unions.conftest import HUAXIANG, csv_bytes

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)  # a shared machine under load answers slowly

PASSWORD = "browser-test-password"


@pytest.fixture
def unions(site):
    User = get_user_model()
    admin = User.objects.create_superuser(username="root", password=PASSWORD)
    city = services.create_union(name="临汾市总工会", kind=UnionKind.HIGHER, by=admin)
    huaxiang = services.create_union(name="临汾华翔实业有限公司工会",
                                     kind=UnionKind.ENTERPRISE, parent=city, by=admin)
    people = {}
    for username, union, role in (("zhiguan", city, UnionRoleKind.STAFF),
                                  ("huaxiang", huaxiang, UnionRoleKind.STAFF),
                                  ("huaxiang_cb", huaxiang, UnionRoleKind.PREPARATORY)):
        people[username] = User.objects.create_user(username=username, password=PASSWORD)
        services.grant_union_role(union=union, user=people[username], role=role, by=admin)
    return city, huaxiang, people


def test_nomination_by_two_branches_approval_and_the_public_notice(
        site, page, phone_page, unions, tmp_path, screenshot):
    city, huaxiang, people = unions
    for each in (page, phone_page):  # a shared machine under load answers slowly
        each.set_default_timeout(60_000)
    # The union's staff import the roster: a preview, then the apply.
    log_in(page, site, username="huaxiang", password=PASSWORD)
    page.goto(f"{site}/unions/{huaxiang.pk}/members/import/")
    roster = tmp_path / "会员名册.csv"
    roster.write_bytes(csv_bytes(HUAXIANG))
    page.set_input_files("input[type=file]", str(roster))
    page.click("#upload")
    expect(page.locator("#adds")).to_have_text("12")
    page.click("#apply")
    expect(page.locator("#member-count")).to_have_text("12")

    election = services.start_election(
        union=huaxiang, title="华翔实业工会主席选举", formed_on=dt.date(2026, 11, 2),
        preparatory_group="陈静、冯雪、吴敏", by=people["huaxiang_cb"])

    # The preparatory group enters two branches' nominations; an executive is refused.
    page.context.clear_cookies()
    log_in(page, site, username="huaxiang_cb", password=PASSWORD)
    page.goto(f"{site}/chair/{election.pk}/")
    page.click("#open-nomination")
    page.select_option("select[name=branch]", label="机关分会")
    page.fill("textarea[name=numbers]", "1005，1006")
    page.click("#nominate")
    expect(page.locator("#error")).to_contain_text("赵磊（1006）不得作为候选人（第六条）：企业行政负责人")
    screenshot(page, "chair-nomination-refused")
    for branch, numbers in (("一车间分会", "1001\n1002"), ("二车间分会", "1003, 1001")):
        page.select_option("select[name=branch]", label=branch)
        page.fill("textarea[name=numbers]", numbers)
        page.click("#nominate")
        expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("#tally")).to_contain_text("王秀英")
    screenshot(page, "chair-nomination-tally")
    # 李强 and 张伟 are tied for the second place: never broken silently.
    page.click("#draw-up")
    expect(page.locator("#error")).to_contain_text("李强、张伟 推荐数相同")
    page.select_option("select[name=branch]", label="机关分会")
    page.fill("textarea[name=numbers]", "1003，1005")
    page.click("#nominate")
    expect(page.locator(".message.success")).to_be_visible()
    page.click("#draw-up")
    expect(page.locator("#candidates")).to_contain_text("张伟")
    page.select_option("select[name=approved]", "yes")
    page.fill("input[name=decided_by]", "公司党委")
    page.click("#record-vetting")
    expect(page.locator("#waiting-approval")).to_contain_text("临汾市总工会")

    # The higher union approves from its oversight page.
    page.context.clear_cookies()
    log_in(page, site, username="zhiguan", password=PASSWORD)
    page.goto(f"{site}/unions/{city.pk}/oversight/")
    expect(page.locator("#awaiting")).to_contain_text("华翔实业工会主席选举")
    screenshot(page, "chair-oversight-awaiting")
    page.click("#awaiting a")
    page.select_option("select[name=approved]", "yes")
    page.fill("textarea[name=note]", "同意")
    page.click("#approve")
    expect(page.locator("#decisions")).to_contain_text("zhiguan")
    assert ChairElection.objects.get(pk=election.pk).stage == Stage.APPROVED

    # The notice: 6 days is refused, 7 days posted.
    page.context.clear_cookies()
    log_in(page, site, username="huaxiang_cb", password=PASSWORD)
    page.goto(f"{site}/chair/{election.pk}/")
    page.fill("input[name=posted_on]", "2026-12-01")
    page.fill("input[name=vote_on]", "2026-12-07")
    page.click("#post-notice")
    expect(page.locator("#error")).to_contain_text("公示期须在选举前不少于7天")
    page.fill("input[name=posted_on]", "2026-12-01")
    page.fill("input[name=vote_on]", "2026-12-08")
    page.click("#post-notice")
    expect(page.locator("#notice-link")).to_be_visible()
    screenshot(page, "chair-election-notice-posted")
    notice_url = page.locator("#notice-link").get_attribute("href")

    # Anyone with the link reads the notice on a phone and sends an objection.
    phone_page.goto(f"{site}{notice_url}")
    rows = phone_page.locator("#notice-candidates tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("王秀英")  # 王 (4 strokes) before 张 (7)
    expect(rows.nth(1)).to_contain_text("张伟")
    phone_page.fill("textarea[name=text]", "张伟同志是否长期不在岗？")
    phone_page.click("#send-objection")
    expect(phone_page.locator(".message.success")).to_contain_text("异议已收到")
    screenshot(phone_page, "chair-notice-phone")
    assert Objection.objects.get().text == "张伟同志是否长期不在岗？"
