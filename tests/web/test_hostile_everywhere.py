"""Every URL, every form, every role, hostile values: a refusal or a page, never a 500.

The client follows no fixed list of fields: it reads each page's forms (as a browser would)
and sends each field, one at a time, a value no careless or hostile user should be able to
turn into a server error: overlong text, NUL, a lone surrogate (as raw UTF-8 bytes), huge and
negative integers, ids that are no number, JSON nested thousands deep, spreadsheet formulas.
Path ids get the same treatment (a 30-digit id must be a 404, not an overflow).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from dahui.elections import services
from dahui.elections.models import Method
from dahui.voting.services import cast_ballot
from tests.elections.conftest import staff_election
from tests.elections.people import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOSTILE: list[bytes] = [
    b"A" * 5000,
    "王".encode() * 400,
    b"\x00",
    b"x\x01y",
    b"\xed\xa0\x80",  # a lone surrogate as the UTF-8 a careless client sends
    b"\xff\xfe",  # not UTF-8 at all
    b"9" * 30,
    b"-1",
    b"abc",
    b"[" * 5000,
    b"=HYPERLINK(\"http://x\",\"y\")",
    b"",
]


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "method":
                               (a.get("method") or "get").lower(), "fields": {},
                               "files": set()})
        elif not self.forms:
            return
        elif tag in ("input", "textarea", "button") and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                self.forms[-1]["files"].add(a["name"])
            elif kind in ("checkbox", "radio") and a["name"] in self.forms[-1]["fields"]:
                pass
            else:
                self.forms[-1]["fields"][a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1]["fields"].setdefault(a["name"], "")
        elif tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            if not fields[self._select]:
                fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _fill(pattern: str, ids: dict[str, str]) -> str | None:
    if pattern.startswith(("admin/", "^", "i18n")) or "(?P" in pattern:
        return None
    def one(match):
        return ids.get(match.group(2), "1")
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", one, pattern)


def _encode(fields: dict[str, str], hostile_name: str, hostile: bytes) -> bytes:
    parts = []
    for name, value in fields.items():
        raw = hostile if name == hostile_name else value.encode()
        parts.append(quote_from_bytes(name.encode()) + "=" + quote_from_bytes(raw))
    return "&".join(parts).encode()


def _world():
    world = build_world()
    election = staff_election(world)
    counted = services.create_election_poll(election=election, session=world.session,
                                            method=Method.ELECTRONIC, by=world.secretariat)
    services.open_poll(poll=counted, by=world.secretariat)
    first = counted.candidates.order_by("order").first()
    for i, delegate in enumerate(world.delegates[:6]):
        cast_ballot(poll=counted, voter=delegate, idempotency_key=f"key-{i:08d}",
                    choices={f"mark-{first.rules_id}": "for", "write-in": ["赵\u200b磊"]})
    services.close_poll(poll=counted, by=world.secretariat)
    services.count_poll(poll=counted, by=world.secretariat)
    motion = services.create_motion(congress=world.congress, title="关于工会工作报告的决议",
                                    kind="report", by=world.secretariat)
    open_poll = services.create_motion_poll(motion=motion, session=world.session,
                                            method=Method.ELECTRONIC, by=world.secretariat)
    services.open_poll(poll=open_poll, by=world.secretariat)
    paper_election = services.create_election(
        congress=world.congress, title="经费审查委员会委员", body="committee", seats=1,
        by=world.secretariat)
    for name in ("陈静", "杨帆"):
        services.add_candidate(election=paper_election, name=name,
                               delegate=world.delegate(name), by=world.secretariat)
    paper = services.create_election_poll(election=paper_election, session=world.session,
                                          method=Method.PAPER, by=world.secretariat)
    services.open_poll(poll=paper, by=world.secretariat)
    services.close_poll(poll=paper, by=world.secretariat)
    return world, election, counted, open_poll, paper


def _crawl(client: Client, urls: list[str], failures: list[str]) -> None:
    for url in urls:
        for query in ({}, {"q": "A" * 5000, "page": "9" * 30, "delegate": "abc"}):
            try:
                response = client.get(url, query)
            except Exception as error:  # the finding is the exception
                failures.append(f"GET {url} {query and 'hostile'}: {error!r}")
                continue
            if response.status_code >= 500:
                failures.append(f"GET {url} {query and 'hostile'}: {response.status_code}")
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode(errors="replace"))
        for form in parser.forms:
            action = form["action"] or url
            if form["method"] != "post" or "logout" in action or "i18n" in action:
                continue
            for name in [n for n in form["fields"] if n != "csrfmiddlewaretoken"]:
                for hostile in HOSTILE:
                    body = _encode(form["fields"], name, hostile)
                    try:
                        answer = client.generic(
                            "POST", action, body,
                            content_type="application/x-www-form-urlencoded")
                    except Exception as error:
                        failures.append(f"POST {action} {name}={hostile[:20]!r}: {error!r}")
                        continue
                    if answer.status_code >= 500:
                        failures.append(
                            f"POST {action} {name}={hostile[:20]!r}: {answer.status_code}")


def test_no_url_form_or_role_answers_500_to_hostile_values():
    world, election, counted, open_poll, paper = _world()
    ids = {"congress_id": str(world.congress.pk), "session_id": str(world.session.pk),
           "election_id": str(election.pk), "poll_id": str(counted.pk),
           "delegate_id": str(world.delegates[0].pk), "item_id": "1", "leave_id": "1",
           "document_id": "1", "token": world.congress.screen_token,
           "key": "x" * 40}
    base = [u for u in (_fill(p, ids) for p in _patterns()) if u]
    urls = list(dict.fromkeys(
        base
        + [u.replace(f"/polls/{counted.pk}/", f"/polls/{p.pk}/") for u in base
           for p in (open_poll, paper) if f"/polls/{counted.pk}/" in u]
        + [u.replace(f"/vote/{counted.pk}", f"/vote/{open_poll.pk}") for u in base
           if f"/vote/{counted.pk}" in u]
        + [re.sub(r"/(\d+)/", "/" + "9" * 30 + "/", u, count=1) for u in base]
    ))
    failures: list[str] = []
    # The widest staff role, a counting role, a voter and an outsider: the other roles see
    # subsets of the same pages.
    people = [world.secretariat, world.chief, world.delegates[0].user, None]
    for person in people:
        client = Client(raise_request_exception=False)
        if person is not None:
            client.force_login(person)
        _crawl(client, urls, failures)
    assert not failures, "\n".join(dict.fromkeys(failures))
