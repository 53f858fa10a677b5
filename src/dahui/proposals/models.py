"""Delegates' proposals (代表提案), from collection to the proposer's verdict on the answer.

Congress ─ ProposalSettings (the collection window, support needed, categories)
         ─< Proposal ─< Signature >─ Delegate   (附议 seconders or 联名 joint signers)
                     ─< Assignment >─ Department ─< DepartmentMember >─ User
                              └─< Reply          (one per assignment and round)
                     ─< Verdict                   (满意/基本满意/不满意, one per round)

What a proposal may do next is decided by `dahui.rules.proposals`; the models hold data and
constraints only, and every write goes through `proposals.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dahui.congress.models import Congress, Delegate
from dahui.rules import proposals as rules

# The categories a congress starts with; the secretariat edits the list per congress.
DEFAULT_CATEGORIES = (
    "经济发展", "劳动就业", "工资分配", "劳动保护/安全生产", "社会保障", "职工生活", "工会建设",
    "其他",
)
CATEGORY_MAX = 30


def default_categories() -> list[str]:
    return list(DEFAULT_CATEGORIES)


class ProposalSettings(models.Model):
    congress = models.OneToOneField(
        Congress, on_delete=models.CASCADE, related_name="proposal_settings"
    )
    opens_at = models.DateTimeField(_("collection opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("collection closes"), null=True, blank=True)
    min_seconders = models.PositiveSmallIntegerField(
        _("seconders needed"), default=rules.DEFAULT_MIN_SECONDERS
    )
    min_joint = models.PositiveSmallIntegerField(
        _("delegates for a joint proposal"), default=rules.DEFAULT_MIN_JOINT
    )
    categories = models.JSONField(pgettext_lazy("proposal", "categories"),
                                  default=default_categories)
    second_reply_days = models.PositiveSmallIntegerField(
        _("days for a second reply"), default=30
    )
    # The hall screen shows the proposal counts while this is on, and while the agenda item
    # of the proposals committee's report is the current one (`selectors.screen_counts`).
    on_screen = models.BooleanField(_("counts on the hall screen"), default=False)
    report_item = models.ForeignKey(
        "congress.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("agenda item of the proposals report"),
    )

    class Meta:
        verbose_name = _("proposal settings")
        verbose_name_plural = _("proposal settings")
        constraints = (
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at"))
                | Q(opens_at__isnull=True) | Q(closes_at__isnull=True),
                name="proposal_window_in_order",
            ),
        )

    def __str__(self) -> str:
        return f"{self.congress} proposals"

    @property
    def support(self) -> rules.SupportRules:
        return rules.SupportRules(min_seconders=self.min_seconders, min_joint=self.min_joint)


class ProposalState(models.TextChoices):
    DRAFT = rules.DRAFT, _("awaiting seconders")
    SUBMITTED = rules.SUBMITTED, _("submitted, awaiting review")
    REGISTERED = rules.REGISTERED, _("registered")  # 立案
    HANDLING = rules.HANDLING, _("being handled")
    REPLIED = rules.REPLIED, _("replied")
    REOPENED = rules.REOPENED, _("reopened for a second reply")
    CLOSED = rules.CLOSED, pgettext_lazy("proposal", "closed")
    NOT_REGISTERED = rules.NOT_REGISTERED, _("not registered")  # 不予立案
    MERGED = rules.MERGED, _("merged")  # 并案
    OPINION = rules.OPINION, _("turned into an opinion")  # 转为意见建议


class Verdict(models.TextChoices):
    SATISFIED = rules.SATISFIED, _("satisfied")
    BASICALLY_SATISFIED = rules.BASICALLY_SATISFIED, _("basically satisfied")
    NOT_SATISFIED = rules.NOT_SATISFIED, _("not satisfied")


class Proposal(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="proposals")
    # 提案编号, given when it is handed in.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=100)
    case = models.TextField(_("case (案由)"), max_length=4000)
    measures = models.TextField(_("suggested measures"), max_length=4000)
    category = models.CharField(_("category"), max_length=CATEGORY_MAX)
    proposer = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("proposer")
    )
    joint = models.BooleanField(_("joint proposal (联名)"), default=False)
    # A paper proposal entered at the desk: the signatures are on the paper.
    on_paper = models.BooleanField(_("handed in on paper"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    created_at = models.DateTimeField(_("written at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    reason = models.TextField(pgettext_lazy("proposal", "reason"), blank=True, max_length=2000)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged",
        verbose_name=_("merged into"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("reply due"), null=True, blank=True)
    # 1 for the first reply, 2 after a 不满意 reopened it.
    round = models.PositiveSmallIntegerField(_("round"), default=1)

    class Meta:
        ordering = ("congress", "number", "id")
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = (
            models.UniqueConstraint(fields=["congress", "number"], name="proposal_unique_number"),
            models.CheckConstraint(
                condition=~Q(state=rules.MERGED) | Q(merged_into__isnull=False),
                name="proposal_merged_names_target",
            ),
            models.CheckConstraint(
                condition=~Q(state=rules.NOT_REGISTERED) | ~Q(reason=""),
                name="proposal_declined_has_reason",
            ),
        )

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.state == rules.DRAFT


class SignatureKind(models.TextChoices):
    SECONDER = "seconder", _("seconder (附议)")
    JOINT = "joint", _("joint signer (联名)")


class Signature(models.Model):
    """A delegate's support for a proposal. An invitation is a signature not yet confirmed;
    only the invited delegate confirms it. One per delegate and proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="signatures")
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="proposal_signatures"
    )
    kind = models.CharField(max_length=10, choices=SignatureKind.choices)
    invited = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("proposal", "id")
        constraints = (
            models.UniqueConstraint(fields=["proposal", "delegate"], name="signature_once"),
        )

    def __str__(self) -> str:
        return f"{self.delegate} → {self.proposal}"


class Department(models.Model):
    """承办单位: a department of the union (or an outside body) that answers proposals."""

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="proposal_departments"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ("congress", "name")
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = (
            models.UniqueConstraint(fields=["congress", "name"], name="department_unique_name"),
        )

    def __str__(self) -> str:
        return self.name


class DepartmentMember(models.Model):
    """A user who answers for a department: sees its proposals and writes its replies."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_departments"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["department", "user"], name="department_member_once"),
        )

    def __str__(self) -> str:
        return f"{self.user} @ {self.department}"


class Assignment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="assignments"
    )
    lead = models.BooleanField(_("lead department"), default=False)  # 主办 (else 协办)
    assigned_at = models.DateTimeField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("proposal", "-lead", "id")
        constraints = (
            models.UniqueConstraint(fields=["proposal", "department"], name="assignment_once"),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(lead=True), name="assignment_one_lead"
            ),
        )

    def __str__(self) -> str:
        return f"{self.proposal} → {self.department}"


class Reply(models.Model):
    """答复: one per assigned department and round."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField()
    text = models.TextField(_("reply"), max_length=8000)
    replied_at = models.DateTimeField()
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("assignment", "round")
        constraints = (
            models.UniqueConstraint(fields=["assignment", "round"], name="reply_once_per_round"),
        )

    def __str__(self) -> str:
        return f"{self.assignment} #{self.round}"


class ProposerVerdict(models.Model):
    """The proposer's verdict on the reply of one round."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="verdicts")
    round = models.PositiveSmallIntegerField()
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    at = models.DateTimeField()

    class Meta:
        ordering = ("proposal", "round")
        constraints = (
            models.UniqueConstraint(fields=["proposal", "round"], name="verdict_once_per_round"),
        )

    def __str__(self) -> str:
        return f"{self.proposal} #{self.round}: {self.verdict}"
