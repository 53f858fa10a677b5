"""A paper election counted by scans, in the browser: a counter uploads the scanned stack
(one PDF from the office scanner and a loose photo), the progress shows while it uploads and
is read, a scrutineer works through the review queue (crops, the whole page, the reader's
reason; the write-ins typed), the count equals the truth of the generated stack.
Screenshots: tests/artifacts/scan-*.png (1920×1080 desk; the review page also at 390×844)."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from dahui.elections import counting
from dahui.elections import services as elections
from dahui.elections.models import Method, PollState
from dahui.scans import services
from dahui.scans.models import ScanPage
from tests.browser.conftest import off_loop
from tests.elections.conftest import staff_election
from tests.elections.people import DELEGATE_NAMES, build_world
from tests.scanning.corpus import Mix, generate

pytestmark = pytest.mark.browser


def signed_in(browser, base_url: str, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport=viewport)
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": base_url}])
    return context, context.new_page()


DESK = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def _pdf(images: list[bytes]) -> bytes:
    frames = [Image.open(io.BytesIO(data)).convert("L") for data in images]
    out = io.BytesIO()
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=150)
    return out.getvalue()


def decided_content(truth) -> dict:
    content: dict = {"marks": dict(truth.marks)}
    if truth.write_ins:
        content["write_ins"] = list(truth.write_ins.values())
    return content


def test_a_paper_election_counted_from_scans_through_the_review_queue(
        chromium_browser, site, screenshot, settings, tmp_path):
    settings.DAHUI_SCANS_DIR = str(tmp_path / "scans")
    settings.DAHUI_SCAN_WORKERS = 1
    world = build_world()
    # As the demo's 经费审查委员会: 8 candidates for 7 seats, write-ins allowed.
    election = staff_election(world, seats=7, names=DELEGATE_NAMES[:8])
    poll = elections.create_election_poll(election=election, session=world.session,
                                          method=Method.PAPER, by=world.secretariat)
    off_loop(elections.open_poll, poll=poll, by=world.secretariat)
    ballots = generate(services._subject(poll), 6, 20261202, dpis=(150,),
                       mix=Mix(blank=0.0, overvote=0.0, write_in=0.3, doubtful=0.3,
                               upside_down=0.2, phone=0.0, blank_pages=1, other_election=0,
                               duplicates=1))
    counted = [p for p in ballots if p.truth.kind == "ballot"]
    off_loop(elections.record_paper_counts, poll=poll, issued=8, returned=len(counted),
             by=world.secretariat)
    off_loop(elections.close_poll, poll=poll, by=world.presidium)
    # The scanner's PDF holds every page but the last; the last ballot comes as a photo.
    pdf = tmp_path / "扫描-第一批.pdf"
    pdf.write_bytes(_pdf([p.data for p in ballots[:-1]]))
    photo = tmp_path / "最后一张.jpg"
    photo.write_bytes(ballots[-1].data if ballots[-1].data[:2] == b"\xff\xd8" else
                      _jpeg(ballots[-1].data))
    stack_order = ballots  # page n of the run is ballots[n - 1]

    contexts = []
    try:
        context, counter = signed_in(chromium_browser, site, world.counters[0], DESK)
        contexts.append(context)
        counter.goto(f"{site}/polls/{poll.pk}/")
        counter.locator("#scans-link").click()
        expect(counter.get_by_role("heading", name="纸质选票扫描计票")).to_be_visible()
        # A file of another kind is refused in Chinese, nothing kept.
        wrong = tmp_path / "名单.txt"
        wrong.write_text("王敏 李强", "utf-8")
        counter.set_input_files("#scans", [str(wrong)])
        counter.get_by_role("button", name="上传并识别").click()
        expect(counter.locator("#upload-error")).to_contain_text("不是扫描件")
        counter.set_input_files("#scans", [str(pdf), str(photo)])
        counter.get_by_role("button", name="上传并识别").click()
        expect(counter.locator("#upload-progress")).to_be_visible()
        screenshot(counter, "scan-upload-progress")
        queue_link = counter.get_by_role("link", name=re.compile("审核队列"))
        expect(queue_link).to_be_visible(timeout=90_000)
        expect(counter.locator("#set-aside")).to_contain_text("空白页")
        expect(counter.locator("#set-aside")).to_contain_text("重复扫描")
        screenshot(counter, "scan-runs-desk")

        context, scrutineer = signed_in(chromium_browser, site, world.scrutineer, DESK)
        contexts.append(context)
        context, phone = signed_in(chromium_browser, site, world.chief, PHONE)
        contexts.append(context)
        scrutineer.goto(f"{site}/polls/{poll.pk}/scans/review/")
        names = dict(poll.candidates.values_list("name", "id"))
        for turn in range(len(ballots)):
            if scrutineer.locator("#queue-empty").count():
                break
            page_id = int(scrutineer.locator("#review-page").get_attribute("data-page"))
            page = ScanPage.objects.get(pk=page_id)
            truth = stack_order[page.order - 1].truth
            expect(scrutineer.locator("img.whole-page")).to_be_visible()
            if truth.write_ins:
                expect(scrutineer.locator("img.crop").first).to_be_visible()
            if turn == 0:
                screenshot(scrutineer, "scan-review-desk")
                phone.goto(f"{site}/polls/{poll.pk}/scans/review/?page={page_id}")
                expect(phone.locator("#decide-form")).to_be_visible()
                screenshot(phone, "scan-review-phone")
            for name in names:
                key = f"c{names[name]}"
                mark = truth.marks.get(key, "")
                word = {"for": "赞成", "against": "不赞成", "": "弃权"}[mark]
                scrutineer.get_by_label(f"{name} {word}", exact=True).check()
            fields = scrutineer.locator("input.write-in")
            for index, written in enumerate(truth.write_ins.values()):
                fields.nth(index).fill(written)
            scrutineer.get_by_role("button", name="按页面内容审定").click()
            expect(scrutineer.locator(".message.success")).to_be_visible()
        expect(scrutineer.locator("#queue-empty")).to_be_visible()

        context, chair = signed_in(chromium_browser, site, world.presidium, DESK)
        contexts.append(context)
        chair.goto(f"{site}/polls/{poll.pk}/scans/")
        expect(chair.locator("#ready")).to_be_visible()
        chair.goto(f"{site}/polls/{poll.pk}/")
        chair.get_by_role("button", name="计票").click()
        chair.wait_for_load_state("networkidle")
        poll.refresh_from_db()
        assert poll.state == PollState.COUNTED
        assert poll.result == counting.tally(poll, [decided_content(p.truth) for p in counted])
        screenshot(chair, "scan-counted-desk")
    finally:
        for context in contexts:
            context.close()


def _jpeg(data: bytes) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("L").save(out, "JPEG", quality=90)
    return out.getvalue()
