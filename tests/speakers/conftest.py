"""The congress tests' named people and congress, plus an agenda item with a speakers list
and three delegates who may ask for the floor."""

from __future__ import annotations

import pytest

from dahui.congress import services as congress_services
from dahui.congress.models import DelegateStatus, Gender
from tests.congress.conftest import *  # noqa: F403  (the named people and congress)
from tests.congress.conftest import row


@pytest.fixture
def item(congress, first_session, the_admin):
    return congress_services.add_agenda_item(
        congress=congress, kind="speech", title="代表发言", session=first_session, by=the_admin)


@pytest.fixture
def others(add_delegates):
    """Two more confirmed formal delegates: 李强 (煤炭) and 张敏 (教育)."""
    added = add_delegates([row("李强", "2222"), row("张敏", "3333", gender=Gender.FEMALE,
                                                   delegation="教育")])
    return [congress_services.decide_credential(delegate=d, decision="confirmed", by=None)
            for d in added]


@pytest.fixture
def attending_record(attending_delegate):
    record = attending_delegate.delegate
    assert record.status == DelegateStatus.ATTENDING
    return record
