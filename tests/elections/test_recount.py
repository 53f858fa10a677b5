"""For random elections run through the services, `dahui tally` over the exported record
gives exactly the stored result."""

from __future__ import annotations

import contextlib
import itertools
import json
import uuid
from contextlib import redirect_stdout
from io import StringIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dahui import rules
from dahui.cli import main
from dahui.elections import services
from dahui.elections.models import Method
from dahui.elections.paper import enter_paper_ballot, paper_content
from dahui.elections.records import ballots_jsonl, election_json
from dahui.voting.services import cast_ballot

NAMES = ["王敏", "李强", "张伟", "刘洋", "陈静", "杨帆", "欧阳春", "司马云"]
WRITE_INS = ["赵磊", "黄丽", "王敏", "孙悦", "赵 磊"]
_titles = itertools.count(1)

marks = st.sampled_from(["for", "against", "abstain"])
ballot = st.fixed_dictionaries({
    "marks": st.lists(marks, min_size=8, max_size=8),
    "write_ins": st.lists(st.sampled_from(WRITE_INS), max_size=2),
    "spoiled": st.booleans(),
})


def recount(poll, tmp_path) -> dict:
    election_file = tmp_path / f"election-{poll.pk}.json"
    ballots_file = tmp_path / f"ballots-{poll.pk}.jsonl"
    election_file.write_text(json.dumps(election_json(poll), ensure_ascii=False))
    ballots_file.write_text(ballots_jsonl(poll))
    out = StringIO()
    with redirect_stdout(out):
        assert main(["tally", str(election_file), str(ballots_file), "--json"]) == 0
    return json.loads(out.getvalue())


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    seats=st.integers(min_value=1, max_value=3),
    listed=st.integers(min_value=4, max_value=6),
    paper=st.booleans(),
    threshold_base=st.sampled_from(["entitled", "issued", "valid"]),
    ballots=st.lists(ballot, min_size=0, max_size=8),
)
def test_the_exported_record_recounts_to_the_stored_result(
    world, tmp_path, seats, listed, paper, threshold_base, ballots
):
    election = services.create_election(
        congress=world.congress, title=f"委员会委员{next(_titles)}", body="committee",
        seats=seats, threshold_base=threshold_base, by=world.secretariat,
    )
    for name in NAMES[:listed]:
        services.add_candidate(election=election, name=name, by=world.secretariat)
    for role, user in [("chief_scrutineer", world.chief), ("counter", world.counters[0]),
                       ("scrutineer", world.counters[1])]:
        services.assign_scrutineer(election=election, user=user, role=role, by=world.secretariat)
    poll = services.create_election_poll(
        election=election, session=world.session,
        method=Method.PAPER if paper else Method.ELECTRONIC, by=world.secretariat,
    )
    services.open_poll(poll=poll, by=world.secretariat)
    ids = [c.rules_id for c in poll.candidates.order_by("order")]
    contents = [
        {"marks": {i: m for i, m in zip(ids, b["marks"], strict=False) if m != "abstain"},
         "write_ins": b["write_ins"], "spoiled": b["spoiled"]}
        for b in ballots
    ]
    if paper:
        services.record_paper_counts(poll=poll, issued=poll.issued, returned=len(contents),
                                     by=world.secretariat)
        services.close_poll(poll=poll, by=world.secretariat)
        for position, c in enumerate(contents, start=1):
            content = paper_content(marks=c["marks"], write_ins=c["write_ins"],
                                    invalid_reason="污损" if c["spoiled"] else "")
            for counter in world.counters:
                enter_paper_ballot(poll=poll, position=position, content=content,
                                   by=counter)
    else:
        for voter, c in zip(world.delegates, contents, strict=False):
            # A ballot the rules refuse is one the page would not let through either.
            with contextlib.suppress(rules.BallotRefused):
                cast_ballot(poll=poll, voter=voter,
                            choices={"marks": c["marks"], "write_ins": c["write_ins"]},
                            idempotency_key=str(uuid.uuid4()))
        services.close_poll(poll=poll, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    assert recount(poll, tmp_path) == poll.result
