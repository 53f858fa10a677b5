"""Every group page and form, as the secretariat, the recorder and an outsider, with the
hostile values of tests/web: a refusal or a page, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.test_hostile_everywhere import _crawl, _fill, _patterns

pytestmark = [pytest.mark.slow]


def test_no_group_page_or_form_answers_500_to_hostile_values(groups_world):
    ids = {"congress_id": str(groups_world.congress.pk), "group_id": str(groups_world.coal.pk),
           "item_id": str(groups_world.report.pk), "day": "2026-12-18", "number": "1",
           "action": "rename"}
    urls = [u for u in (_fill(p, ids) for p in _patterns())
            if u and ("/groups/" in u or "/discussions/" in u or "/bulletins/" in u)]
    urls += [u.replace(f"/{groups_world.coal.pk}/", "/" + "9" * 30 + "/", 1) for u in urls]
    failures: list[str] = []
    for person in ("the_secretary", "the_recorder", "an_outsider"):
        client = Client(raise_request_exception=False)
        client.force_login(groups_world.people[person])
        _crawl(client, urls, failures)
    assert not failures, "\n".join(dict.fromkeys(failures))
