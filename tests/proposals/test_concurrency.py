"""Proposals under simultaneous clicks on PostgreSQL: the database decides, not a check."""

from __future__ import annotations

import pytest

from dahui.proposals import services
from dahui.proposals.models import Proposal, Signature
from dahui.rules import proposals as rules
from tests.concurrency import all_at_once, fresh_pool_afterwards  # noqa: F401 (autouse)
from tests.proposals.conftest import draft

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_delegate_seconding_from_two_phones_at_once_signs_once(postgres, pw):
    proposal = draft(pw, invite=())
    seconder = pw.delegate("陈静")
    outcomes = all_at_once(4, lambda _i: services.second(proposal=proposal, delegate=seconder,
                                                         by=None))
    assert Signature.objects.filter(proposal=proposal, delegate=seconder).count() == 1
    refusals = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(o, services.Refused) for o in refusals)
    assert len(refusals) == 3


def test_proposals_handed_in_at_once_get_distinct_numbers(postgres, pw):
    people = [("王敏", ("李强", "张伟")), ("陈静", ("杨帆", "赵磊")), ("黄丽", ("周涛", "吴霞")),
              ("刘洋", ("李强", "张伟"))]
    drafts = []
    for index, (proposer, seconders) in enumerate(people):
        proposal = draft(pw, proposer, invite=seconders, title=f"提案{index}")
        for name in seconders:
            services.second(proposal=proposal, delegate=pw.delegate(name), by=None)
        drafts.append(proposal)
    outcomes = all_at_once(len(drafts), lambda i: services.submit(proposal=drafts[i], by=None))
    assert not [o for o in outcomes if isinstance(o, Exception)]
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert set(Proposal.objects.values_list("state", flat=True)) == {rules.SUBMITTED}


def test_two_committee_members_deciding_at_once_one_decision_stands(postgres, pw):
    from tests.proposals.conftest import submitted

    proposal = submitted(pw)
    steps = [lambda: services.register(proposal=Proposal.objects.get(pk=proposal.pk),
                                       by=pw.committee),
             lambda: services.decline(proposal=Proposal.objects.get(pk=proposal.pk),
                                      reason="重复", by=pw.committee)]
    outcomes = all_at_once(2, lambda i: steps[i]())
    assert len([o for o in outcomes if isinstance(o, Exception)]) == 1
    proposal.refresh_from_db()
    assert proposal.state in {rules.REGISTERED, rules.NOT_REGISTERED}
