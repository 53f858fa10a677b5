"""The demo's speakers list: on the first session's 代表发言, one delegate has spoken,
two more are waiting and a point of order stands at the top, made through the services
the pages use."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from dahui.congress.models import AgendaKind, Congress, Delegate, DelegateStatus
from dahui.speakers import selectors, services
from dahui.speakers.models import SpeakersList, SpeechKind

SEED = 20261219
SPOKE_FOR = dt.timedelta(minutes=4, seconds=12)


def _item(congress: Congress):
    return (congress.agenda_items.filter(kind=AgendaKind.SPEECH)
            .order_by("session__number", "order", "id").first())


def seed_speakers(*, congress: Congress) -> str:
    """Seed the speakers list once; return a line for the demo's summary."""
    item = _item(congress)
    if item is None:
        return "Speakers: no speech item on the agenda."
    if not SpeakersList.objects.filter(agenda_item=item).exists():
        by = get_user_model().objects.filter(is_superuser=True).first()
        formal = list(Delegate.objects.filter(
            congress=congress, status=DelegateStatus.FORMAL, user__isnull=False,
        ).select_related("delegation", "user").order_by("number"))
        spoke, first, second, order = random.Random(SEED).sample(formal, 4)
        done = services.request_to_speak(item=item, delegate=spoke, by=spoke.user)
        ended = timezone.now() - dt.timedelta(minutes=3)
        services.start_speech(speech=done, at=ended - SPOKE_FOR, by=by)
        services.stop_speech(speech=done, at=ended, by=by)
        for delegate in (first, second):
            services.request_to_speak(item=item, delegate=delegate, by=delegate.user)
        services.request_to_speak(item=item, delegate=order, kind=SpeechKind.POINT_OF_ORDER,
                                  by=order.user)
    board = selectors.board(item)
    waiting = "、".join(s.name + ("（程序性发言）" if s.point_of_order else "")
                       for s in board.waiting)
    return (f"Speakers on “{item.title}”: {len(board.done)} spoken; waiting {waiting}\n"
            f"  list: /c/{congress.pk}/speakers/{item.pk}/")
