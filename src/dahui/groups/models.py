"""Group discussions (分组讨论): the groups, who leads and records them, when and where each
discusses which agenda item, and what each group said.

Congress ─< DiscussionGroup ─< GroupMember >─ Delegate      (a delegate in one group at most)
                            ─< GroupRole >─ User              (召集人 / 记录人, one of each)
                            ─< GroupSitting >─ AgendaItem      (room and time per item)
                            ─< DiscussionSummary >─ AgendaItem (讨论情况 per item)
Congress ─< Bulletin                                           (简报, one per day, 第N期)

By default the delegations are the groups (`services.groups_from_delegations`). Models hold
data and constraints only: every write goes through `groups.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dahui.congress.models import AgendaItem, Congress, Delegate, Delegation


class DiscussionGroup(models.Model):
    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="discussion_groups"
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The delegation the group was made from, if any (a regrouped group keeps it for the
    # record; a group made by splitting has none).
    delegation = models.ForeignKey(
        Delegation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("congress", "order", "id")
        verbose_name = _("discussion group")
        verbose_name_plural = _("discussion groups")
        constraints = (
            models.UniqueConstraint(fields=["congress", "name"], name="group_unique_name"),
        )

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(DiscussionGroup, on_delete=models.CASCADE, related_name="members")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = (
            # A delegate discusses in one group: moving is an update of this row.
            models.UniqueConstraint(fields=["delegate"], name="group_member_once"),
        )

    def __str__(self) -> str:
        return f"{self.delegate} in {self.group}"


class GroupRoleKind(models.TextChoices):
    CONVENER = "convener", _("convener")  # 召集人
    RECORDER = "recorder", _("recorder")  # 记录人


class GroupRole(models.Model):
    group = models.ForeignKey(DiscussionGroup, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=GroupRoleKind.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["group", "role"], name="group_role_one_each"),
        )

    def __str__(self) -> str:
        return f"{self.group} {self.get_role_display()} {self.user}"


class GroupSitting(models.Model):
    """Where and when a group discusses one agenda item."""

    group = models.ForeignKey(DiscussionGroup, on_delete=models.CASCADE, related_name="sittings")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("agenda item"))
    room = models.CharField(_("room"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ("starts_at", "group__order", "id")
        constraints = (
            models.UniqueConstraint(fields=["group", "item"], name="sitting_once_per_item"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="sitting_ends_after_start"),
        )

    def __str__(self) -> str:
        return f"{self.group} {self.item} {self.room}"


class SummaryState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("summary state", "draft")
    FINAL = "final", pgettext_lazy("summary state", "submitted")


class DiscussionSummary(models.Model):
    """讨论情况: what one group said about one item, written by its recorder."""

    group = models.ForeignKey(
        DiscussionGroup, on_delete=models.CASCADE, related_name="summaries"
    )
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    present = models.PositiveSmallIntegerField(_("number present"), null=True, blank=True)
    text = models.TextField(_("discussion"))
    opinions = models.TextField(_("key opinions and suggestions"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SummaryState.choices, default=SummaryState.DRAFT
    )
    # Raised by every save: an edit made on an older version is refused, not lost silently.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("last saved at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("discussion summary")
        verbose_name_plural = _("discussion summaries")
        constraints = (
            models.UniqueConstraint(fields=["group", "item"], name="summary_one_per_item"),
        )

    def __str__(self) -> str:
        return f"{self.group} {self.item}"

    @property
    def is_final(self) -> bool:
        return self.state == SummaryState.FINAL

    def opinion_lines(self) -> list[str]:
        return [line.strip() for line in self.opinions.splitlines() if line.strip()]


class Bulletin(models.Model):
    """简报: the congress's bulletin for one day, 第N期, as issued (the PDF is kept as sent)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="bulletins")
    day = models.DateField(_("day"))
    number = models.PositiveSmallIntegerField(_("issue number"))
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("congress", "number")
        constraints = (
            models.UniqueConstraint(fields=["congress", "day"], name="bulletin_one_per_day"),
            models.UniqueConstraint(fields=["congress", "number"], name="bulletin_unique_number"),
        )

    def __str__(self) -> str:
        return f"{self.congress} 简报第{self.number}期"
