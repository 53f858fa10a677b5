"""Speakers lists (发言) and the speeches on them.

Congress ─ SpeakingDefaults           the congress's default limits
Congress ─< SpeakersList ─ AgendaItem  one list per agenda item
            SpeakersList ─< Speech >─ Delegate (or a named guest)

A list belongs to an agenda item today; the chair's direct election will hold its
candidates' statements on a list of its own (another nullable owner beside
`agenda_item`), so nothing below assumes an agenda item beyond that one field.

A speech is asked for (waiting), called (speaking), finished (done), or taken off the list
(withdrawn by the delegate, removed by the secretariat); rows are kept, so the minutes and
the export say who spoke and for how long, and the database says who asked.
At most one speech per list runs at a time, and a delegate stands on a list at most once
while waiting or speaking: both are unique constraints, not checks in code.

Models hold data and constraints only: every write goes through `speakers.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dahui.congress.models import AgendaItem, Congress, Delegate

DEFAULT_SPEECH_SECONDS = 5 * 60
DEFAULT_POINT_OF_ORDER_SECONDS = 2 * 60


class SpeakingDefaults(models.Model):
    """The limits a new list starts with, as the congress decided them."""

    congress = models.OneToOneField(
        Congress, on_delete=models.CASCADE, related_name="speaking_defaults"
    )
    speech_seconds = models.PositiveIntegerField(
        _("speaking time (seconds)"), default=DEFAULT_SPEECH_SECONDS
    )
    point_of_order_seconds = models.PositiveIntegerField(
        _("point of order time (seconds)"), default=DEFAULT_POINT_OF_ORDER_SECONDS
    )

    def __str__(self) -> str:
        return f"{self.congress} {self.speech_seconds}s/{self.point_of_order_seconds}s"


class SpeakersList(models.Model):
    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="speakers_lists"
    )
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True,
        related_name="speakers_list", verbose_name=_("agenda item"),
    )
    speech_seconds = models.PositiveIntegerField(_("speaking time (seconds)"))
    point_of_order_seconds = models.PositiveIntegerField(_("point of order time (seconds)"))
    # Delegates may ask to speak while the list is open; the secretariat can still add.
    open_for_requests = models.BooleanField(_("open for requests"), default=True)
    # Bumped by every change: a live page compares it to tell whether to reread the list.
    revision = models.PositiveIntegerField(default=0, editable=False)
    drawn_seed = models.CharField(_("seed of the last draw"), max_length=40, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("speakers list")
        verbose_name_plural = _("speakers lists")

    def __str__(self) -> str:
        return f"{self.agenda_item or self.congress} speakers"


class SpeechKind(models.TextChoices):
    SPEECH = "speech", pgettext_lazy("speakers list", "speech")  # 发言
    POINT_OF_ORDER = "order", _("point of order")  # 程序性发言


class SpeechState(models.TextChoices):
    WAITING = "waiting", _("waiting")
    SPEAKING = "speaking", _("speaking")
    DONE = "done", pgettext_lazy("speech", "done")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REMOVED = "removed", pgettext_lazy("speech", "removed")


ON_LIST = (SpeechState.WAITING, SpeechState.SPEAKING)


class Speech(models.Model):
    speakers_list = models.ForeignKey(
        SpeakersList, on_delete=models.CASCADE, related_name="speeches"
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="speeches",
        verbose_name=_("delegate"),
    )
    # The name as called; a guest who is no delegate (a greeting from the higher union)
    # has only this.
    name = models.CharField(_("name"), max_length=50)
    affiliation = models.CharField(_("delegation or work unit"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=SpeechKind.choices,
                            default=SpeechKind.SPEECH)
    state = models.CharField(_("state"), max_length=10, choices=SpeechState.choices,
                             default=SpeechState.WAITING)
    position = models.PositiveIntegerField(_("position"))
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    limit_seconds = models.PositiveIntegerField(_("time limit (seconds)"), null=True,
                                                blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    seconds = models.PositiveIntegerField(_("spoke for (seconds)"), null=True, blank=True)

    class Meta:
        ordering = ("speakers_list", "position", "id")
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        constraints = (
            models.UniqueConstraint(
                fields=["speakers_list"], condition=Q(state="speaking"),
                name="speech_one_running_per_list",
            ),
            models.UniqueConstraint(
                fields=["speakers_list", "delegate"],
                condition=Q(state__in=["waiting", "speaking"]),
                name="speech_delegate_once_on_list",
            ),
            models.CheckConstraint(
                condition=~Q(state="speaking") | Q(started_at__isnull=False),
                name="speech_running_has_start",
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(seconds__isnull=False, ended_at__isnull=False),
                name="speech_done_has_duration",
            ),
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"

    @property
    def point_of_order(self) -> bool:
        return self.kind == SpeechKind.POINT_OF_ORDER
