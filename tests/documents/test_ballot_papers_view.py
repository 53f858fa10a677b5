"""The web app prints paper ballots of elections and of motions (no 500 for a motion)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from dahui.elections import services
from dahui.elections.models import Method
from tests.elections.conftest import staff_election
from tests.elections.people import build_world


def test_paper_motion_and_election_ballots_print(db):
    world = build_world()
    client = Client()
    client.force_login(world.secretariat)
    motion = services.create_motion(congress=world.congress, title="关于工作报告的决议",
                                    kind="report", by=world.secretariat)
    motion_poll = services.create_motion_poll(motion=motion, session=world.session,
                                              method=Method.PAPER, by=world.secretariat)
    election_poll = services.create_election_poll(
        election=staff_election(world), session=world.session, method=Method.PAPER,
        by=world.secretariat,
    )
    for poll in (motion_poll, election_poll):
        response = client.get(reverse("elections:ballot-papers", args=[poll.pk]) + "?count=2")
        assert response.status_code == 200
        assert len(re.findall(rb"/Type /Page\b(?!s)", response.content)) == 2
