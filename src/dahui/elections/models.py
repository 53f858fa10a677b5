"""Elections, motions and the polls that decide them.

Congress ─< Election ─< Candidate
                     ─< Scrutineer >─ User        (总监票人 / 监票人 / 计票人 of this election)
                     ─< Poll (round 1, 2 …)       ─< Confirmation, PaperEntry, PaperBallot
        ─< Motion    ─< Poll                         RunoffDecision (one per round)
        ─< Appraisal ─< Poll  (dahui.appraisal)

A Poll is one vote: a round of an election, the vote on a motion or an appraisal ballot
(`dahui.appraisal`). Its `state` moves
draft → open → closed → counted → confirmed → published, each step a compare-and-set in
`elections.services`. `entitled` and `issued` are frozen when it opens; `result` is the rules
core's result in the RULES.md exchange format, written by the count and never edited.
Electronic ballots live in `dahui.voting`, apart from who cast them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dahui.congress.models import (
    DEFAULT_MIN_EXCESS,
    DEFAULT_QUORUM,
    AgendaItem,
    Congress,
    Delegate,
    PlenarySession,
)


class Body(models.TextChoices):
    COMMITTEE = "committee", _("committee")  # 委员会
    FUNDS_REVIEW = "funds_review", _("funds review committee")  # 经费审查委员会
    CHAIR = "chair", _("chair")  # 主席
    VICE_CHAIR = "vice_chair", _("vice chair")  # 副主席
    OTHER = "other", _("other")


class ThresholdBase(models.TextChoices):
    ENTITLED = "entitled", _("entitled delegates")  # 应到会人数
    ISSUED = "issued", _("ballots issued")  # 发出选票数
    VALID = "valid", _("valid ballots")  # 有效票数


class Election(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="elections")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="elections"
    )
    title = models.CharField(_("title"), max_length=200)  # 第三届委员会委员
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    # The 选举办法's choices, as the rules core reads them ("2/3", "1/20").
    quorum = models.CharField(_("quorum"), max_length=10, default=DEFAULT_QUORUM)
    min_excess = models.CharField(
        _("minimum contest (差额)"), max_length=10, default=DEFAULT_MIN_EXCESS
    )
    threshold_base = models.CharField(
        _("threshold base"), max_length=10, choices=ThresholdBase.choices,
        default=ThresholdBase.ENTITLED,
    )
    write_ins = models.BooleanField(_("write-ins allowed"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["congress", "order", "id"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(fields=["congress", "title"], name="election_unique_title"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_seats_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    # Null for a person written in on the ballots who is not a delegate.
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="candidacies"
    )
    name = models.CharField(_("name"), max_length=50)
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.FileField(_("photo"), upload_to="candidates/%Y/", blank=True)
    order = models.PositiveSmallIntegerField(_("order on the list"), default=0)
    write_in = models.BooleanField(_("entered as a write-in"), default=False)

    class Meta:
        ordering = ["election", "order", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="candidate_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rules_id(self) -> str:
        """The id this candidate has in the rules core and in the exchange format."""
        return f"c{self.pk}"


class ScrutineerRole(models.TextChoices):
    CHIEF = "chief_scrutineer", _("chief scrutineer")  # 总监票人
    SCRUTINEER = "scrutineer", _("scrutineer")  # 监票人
    COUNTER = "counter", _("counter")  # 计票人


class Scrutineer(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="scrutineers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=ScrutineerRole.choices)

    class Meta:
        verbose_name = _("scrutineer")
        verbose_name_plural = _("scrutineers")
        constraints = [
            models.UniqueConstraint(fields=["election", "user"], name="scrutineer_once"),
            models.UniqueConstraint(
                fields=["election"], condition=Q(role="chief_scrutineer"),
                name="scrutineer_one_chief",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"


class MotionKind(models.TextChoices):
    REPORT = "report", _("report")  # 工作报告
    RESOLUTION = "resolution", _("resolution")  # 决议
    ELECTION_RULES = "election_rules", _("election rules")  # 选举办法
    LIST = "list", _("list")  # 名单
    OTHER = "other", _("other")


class Motion(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="motions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="motions"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=MotionKind.choices)
    quorum = models.CharField(_("quorum"), max_length=10, default=DEFAULT_QUORUM)
    threshold_base = models.CharField(
        _("threshold base"), max_length=10, choices=ThresholdBase.choices,
        default=ThresholdBase.ENTITLED,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["congress", "order", "id"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints = [
            models.UniqueConstraint(fields=["congress", "title"], name="motion_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class PollState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    COUNTED = "counted", _("counted")
    CONFIRMED = "confirmed", _("confirmed")
    PUBLISHED = "published", _("published")


class Method(models.TextChoices):
    ELECTRONIC = "electronic", _("electronic ballot")
    PAPER = "paper", _("paper ballot")
    TOTALS = "totals", _("show of hands or keypad totals")


class Poll(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="polls")
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, null=True, blank=True, related_name="polls"
    )
    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, null=True, blank=True, related_name="polls"
    )
    appraisal = models.ForeignKey(
        "appraisal.Appraisal", on_delete=models.CASCADE, null=True, blank=True,
        related_name="polls",
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    # A round's own seats and list: a runoff has fewer of both than the election.
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    candidates = models.ManyToManyField(Candidate, related_name="polls", blank=True)
    runoff_reason = models.CharField(_("runoff reason"), max_length=10, blank=True)
    session = models.ForeignKey(
        PlenarySession, on_delete=models.PROTECT, related_name="polls",
        verbose_name=_("session (who is checked in may vote)"),
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=PollState.choices, default=PollState.DRAFT
    )
    entitled = models.PositiveIntegerField(_("entitled"), null=True, blank=True)
    issued = models.PositiveIntegerField(_("issued"), null=True, blank=True)
    returned = models.PositiveIntegerField(_("returned"), null=True, blank=True)
    # Show of hands or keypad totals (method TOTALS).
    total_for = models.PositiveIntegerField(null=True, blank=True)
    total_against = models.PositiveIntegerField(null=True, blank=True)
    total_abstain = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    # Minute precision is all a poll needs; ballots carry no time at all.
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # A rehearsal (彩排): labelled on every screen, never in the minutes, the records or
    # the announcements, deleted with one action (elections.rehearsal).
    rehearsal = models.BooleanField(_("rehearsal"), default=False)

    class Meta:
        ordering = ["congress", "id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints = [
            models.CheckConstraint(
                condition=(Q(election__isnull=False, motion__isnull=True,
                             appraisal__isnull=True, seats__isnull=False)
                           | Q(election__isnull=True, motion__isnull=False,
                               appraisal__isnull=True)
                           | Q(election__isnull=True, motion__isnull=True,
                               appraisal__isnull=False)),
                name="poll_one_subject",
            ),
            models.UniqueConstraint(fields=["election", "round"], name="poll_unique_round"),
            # A motion is voted once; a vote that ended without a quorum or void is held
            # again as its next round.
            models.UniqueConstraint(
                fields=["motion", "round"], condition=Q(motion__isnull=False),
                name="poll_unique_motion_round",
            ),
            models.UniqueConstraint(
                fields=["appraisal", "round"], condition=Q(appraisal__isnull=False),
                name="poll_unique_appraisal_round",
            ),
        ]

    def __str__(self) -> str:
        subject = self.election or self.motion or self.appraisal
        return f"{subject} ({self.round})" if self.election_id else str(subject)

    @property
    def title(self) -> str:
        if self.appraisal_id:
            if self.round == 1:
                return self.appraisal.title
            return f"{self.appraisal.title}（第{self.round}次投票）"
        if self.motion_id:
            if self.round == 1:
                return self.motion.title
            return f"{self.motion.title}（第{self.round}次表决）"
        if self.round == 1:
            return self.election.title
        return f"{self.election.title}（第{self.round}轮）"

    @property
    def is_election(self) -> bool:
        return self.election_id is not None


class Confirmation(models.Model):
    """A scrutineer's confirmation of a poll's count (signs the 计票报告)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=ScrutineerRole.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ["poll", "at"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="confirmation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.poll} confirmed by {self.user}"


class RunoffChoice(models.TextChoices):
    HOLD = "hold", _("hold a further round")  # 再次投票 / 另行选举
    LEAVE_EMPTY = "leave_empty", _("leave the seats empty")  # 名额空缺


class RunoffDecision(models.Model):
    """The presidium's decision on a round that calls for a runoff (RULES.md rule 9)."""

    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="runoff_decision")
    choice = models.CharField(_("decision"), max_length=12, choices=RunoffChoice.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    next_poll = models.OneToOneField(
        Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="runoff_of"
    )

    def __str__(self) -> str:
        return f"{self.poll}: {self.get_choice_display()}"


class PaperEntry(models.Model):
    """One counter's reading of one paper ballot; each ballot is read by two counters.

    Ballots carry no serial (it could tell one voter's ballot from another's). Once the box
    is opened the counters take the ballots in the order of the stack, or number them on
    the back, and both enter each ballot under that position. A position holds at most two
    entries, by two different counters: `slot` is 1 or 2 and unique per position, so a
    third entry fails on the constraint however many people enter at once.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_entries")
    position = models.PositiveIntegerField(_("ballot number in the stack"))
    slot = models.PositiveSmallIntegerField()
    counter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField()  # the exchange format's ballot line
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["poll", "position", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "position", "counter"], name="paper_entry_once_per_counter"
            ),
            models.UniqueConstraint(
                fields=["poll", "position", "slot"], name="paper_entry_two_per_position"
            ),
            models.CheckConstraint(
                condition=Q(slot__in=[1, 2]), name="paper_entry_slot_one_or_two"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="paper_entry_position_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poll} #{self.position} by {self.counter}"


class PaperBallot(models.Model):
    """A paper ballot as a scrutineer settled it after looking at the paper.

    Two agreeing entries settle a ballot by themselves (read, never stored twice); this row
    is the scrutineer's decision on a position whose entries differ.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_ballots")
    position = models.PositiveIntegerField(_("ballot number in the stack"))
    content = models.JSONField()
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="paper_ballot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.poll} #{self.position}"
