"""A NUL character in any field of any page is refused with a 400 naming the field (it
could never be stored: PostgreSQL's text columns refuse it), before the view runs."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from dahui.congress.models import SessionMinutes
from tests.elections.people import build_world


def test_a_nul_in_a_posted_field_is_refused_by_name_and_nothing_is_stored(db):
    world = build_world()
    client = Client()
    client.force_login(world.secretariat)
    url = reverse("elections:minutes", args=[world.congress.pk, world.session.pk])
    response = client.post(url, {"text": "会议纪要\x00", "action": "save"})
    assert response.status_code == 400
    assert "text" in response.content.decode()
    assert not SessionMinutes.objects.filter(text__contains="会议纪要").exists()


def test_a_nul_in_a_query_field_is_refused_too(db):
    world = build_world()
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(world.secretariat)
    response = client.get(reverse("congress:credentials", args=[world.congress.pk]),
                          {"q": "王\x00"})
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_ordinary_text_goes_through(db):
    world = build_world()
    client = Client()
    client.force_login(world.secretariat)
    response = client.get(reverse("congress:credentials", args=[world.congress.pk]),
                          {"q": "王"})
    assert response.status_code == 200
