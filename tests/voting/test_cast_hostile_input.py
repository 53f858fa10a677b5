"""Hostile or careless JSON at the cast endpoint: 400 naming the field, nothing stored,
and never a blank ballot the voter did not mean."""

from __future__ import annotations

import uuid

import pytest

from dahui.elections import services
from dahui.voting import cast_credential
from dahui.voting.models import CastBallot, Participation
from tests.voting.test_cast_endpoint import cast, forget_open_polls, phone  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_election(world, election_poll):
    return services.open_poll(poll=election_poll, by=world.secretariat)


def _nothing_stored(poll) -> bool:
    return not (CastBallot.objects.filter(poll=poll).exists()
                or Participation.objects.filter(poll=poll).exists())


def test_json_nested_five_thousand_deep_is_refused_as_a_bad_body(world, open_election):
    body = '{"key": ' + "[" * 5000 + "]" * 5000 + "}"
    response = phone(world.delegate("王敏")).client.post(
        f"/vote/{open_election.pk}/cast", body, content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.json()["error"]
    assert _nothing_stored(open_election)


@pytest.mark.parametrize("mark", ["FOR", "yes", "○", ["for"], {"for": 1}, 1, True])
def test_a_mark_that_is_not_for_against_or_abstain_is_refused_with_its_field(
    world, open_election, mark
):
    first = open_election.candidates.order_by("order").first()
    response = cast(phone(world.delegate("王敏")), open_election,
                    **{f"mark-{first.rules_id}": mark})
    assert response.status_code == 400
    assert response.json()["field"] == f"mark-{first.rules_id}"
    assert _nothing_stored(open_election)


def test_a_nested_marks_object_is_refused_not_counted_as_a_blank_ballot(world, open_election):
    first = open_election.candidates.order_by("order").first()
    response = cast(phone(world.delegate("王敏")), open_election,
                    marks={first.rules_id: "for"})
    assert response.status_code == 400
    assert response.json()["field"] == "marks"
    assert _nothing_stored(open_election)


def test_an_unknown_candidate_id_is_refused_with_its_field(world, open_election):
    response = cast(phone(world.delegate("王敏")), open_election, **{"mark-c999999": "for"})
    assert response.status_code == 400
    assert response.json()["field"] == "mark-c999999"
    assert _nothing_stored(open_election)


@pytest.mark.parametrize("name", ["赵" * 31, "赵磊" * 500_000, 12, ["赵磊"]])
def test_a_write_in_too_long_empty_or_not_text_is_refused_with_its_field(
    world, open_election, name
):
    first = open_election.candidates.order_by("order").first()
    response = cast(phone(world.delegate("王敏")), open_election,
                    **{f"mark-{first.rules_id}": "against",
                       f"write_in-{first.rules_id}": name})
    assert response.status_code == 400
    assert response.json()["field"] == f"write_in-{first.rules_id}"
    assert _nothing_stored(open_election)


def test_a_write_in_is_stored_in_its_normal_form(world, open_election):
    first = open_election.candidates.order_by("order").first()
    response = cast(phone(world.delegate("王敏")), open_election,
                    **{f"mark-{first.rules_id}": "against",
                       f"write_in-{first.rules_id}": " 赵　磊 "})
    assert response.status_code == 200, response.json()
    assert CastBallot.objects.get(poll=open_election).content["write_ins"] == ["赵磊"]


def test_a_motion_vote_in_capitals_is_refused_with_its_field(world, motion_poll):
    poll = services.open_poll(poll=motion_poll, by=world.secretariat)
    response = cast(phone(world.delegate("王敏")), poll, vote="FOR")
    assert response.status_code == 400
    assert response.json()["field"] == "vote"
    assert _nothing_stored(poll)


def test_the_form_post_keeps_its_own_fields_but_refuses_unknown_ballot_fields(
    world, open_election
):
    delegate = world.delegate("王敏")
    response = phone(delegate).post(f"/vote/{open_election.pk}/cast", {
        "key": str(uuid.uuid4()), "csrfmiddlewaretoken": "x", "step": "cast",
        "mark-c999999": "for",
        "credential": cast_credential.issue(poll_id=open_election.pk, delegate_id=delegate.pk),
    })
    assert response.status_code == 400
    assert _nothing_stored(open_election)


def test_a_write_in_of_only_invisible_characters_is_no_write_in(world, open_election):
    first = open_election.candidates.order_by("order").first()
    response = cast(phone(world.delegate("王敏")), open_election,
                    **{f"mark-{first.rules_id}": "against",
                       f"write_in-{first.rules_id}": "\u200b\u2060\u00ad"})
    assert response.status_code == 200, response.json()
    assert "write_ins" not in CastBallot.objects.get(poll=open_election).content


def test_a_service_caller_s_write_in_is_stored_in_the_rules_core_form(world, open_election):
    from dahui.elections import counting

    first = open_election.candidates.order_by("order").first()
    content = counting.normalised_cast(open_election, {
        "marks": {first.rules_id: "against"}, "write_ins": ["赵\u200b磊", "\u200b"]})
    assert content["write_ins"] == ["赵磊"]
