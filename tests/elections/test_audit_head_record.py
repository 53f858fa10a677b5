"""The published audit head in the count report and in the election record."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from dahui.audit.head import current_head, head_after
from dahui.cli import main
from dahui.elections import records, services
from dahui.voting.services import cast_ballot


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def published(world, election_poll):
    services.open_poll(poll=election_poll, by=world.secretariat)
    ids = [c.rules_id for c in election_poll.candidates.order_by("order")]
    for n, delegate in enumerate(world.delegates[:8]):
        cast_ballot(poll=election_poll, voter=delegate,
                    choices={"marks": {ids[0]: "for", ids[1]: "for", ids[2 + n % 2]: "for"}},
                    idempotency_key=f"key-{n}-0000")
    services.close_poll(poll=election_poll, by=world.presidium)
    services.count_poll(poll=election_poll, by=world.presidium)
    services.confirm_poll(poll=election_poll, by=world.chief)
    services.publish_poll(poll=election_poll, by=world.presidium)
    return election_poll


def test_the_count_report_carries_the_audit_head_at_publication(world, published, tmp_path):
    at_publication = head_after(congress=world.congress, action="result.published",
                                subject=f"poll:{published.pk}")
    assert at_publication == current_head(world.congress)
    # The log goes on after publication; the report still names the head at publication.
    services.create_election(congress=world.congress, title="经费审查委员会委员",
                             body="committee", seats=3, by=world.secretariat)
    text = _text(records.count_report(published.election), tmp_path)
    assert at_publication.hash in text
    assert "公布时" in text
    assert current_head(world.congress).hash in text  # and the head when printed
    # Every scrutineer has a line: the chief confirmed, the others did not.
    assert "未确认" in text
    assert "手写签名" in text


def test_the_record_has_the_published_head_and_verify_checks_a_log_against_it(
    world, published, tmp_path
):
    client = Client()
    client.force_login(world.secretariat)
    response = client.get(reverse("elections:record-audit-head", args=[published.pk]))
    assert response.status_code == 200
    record = json.loads(response.content)
    assert record["published"] is True
    head_file = tmp_path / "audit-head.json"
    head_file.write_bytes(response.content)
    log = tmp_path / "log.jsonl"
    assert main(["audit", "export", "--congress", str(world.congress.pk), "-o", str(log)]) == 0
    assert main(["audit", "verify", str(log), "--head", str(head_file)]) == 0
    assert main(["audit", "verify", str(log), "--head",
                 f"{record['audit_head']['seq']}:{'0' * 63}1"]) == 1
