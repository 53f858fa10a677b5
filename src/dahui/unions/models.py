"""A higher union, its grassroots unions, their members and the direct election of a chair.

Union (higher) ─< Union (grassroots) ─< Branch ─< Member
                                    ─< UnionRole >─ User
                                    ─< ChairElection ─< Nomination ─< NominationName >─ Member
                                                     ─< Candidate >─ Member
                                                     ─< Decision (Party vetting, approval)
                                                     ─< Objection (异议 to the 公示)
                                    ─< ChairTerm (the chairs' register)

- Who may do what is `unions.access`: a role on a higher union reaches every union under it,
  a role on a grassroots union only that union.
- The Art 6 facts of a member are columns of `Member`; whether they bar someone is decided by
  `dahui.rules.chair`, never here.
- An election's stage moves forward only through `unions.services` (compare-and-set on
  `stage`); every move writes the audit log.

Models hold data and constraints only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dahui.congress.models import Gender


class UnionKind(models.TextChoices):
    HIGHER = "higher", _("higher union")  # 上级工会（总工会）
    ENTERPRISE = "enterprise", _("enterprise union")  # 企业工会
    INSTITUTION = "institution", _("institution union")  # 事业单位工会
    JOINT = "joint", _("joint union")  # 联合工会


class Union(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=UnionKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("higher union"),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        constraints = (
            # A higher union stands on its own; a grassroots union always has one above it.
            models.CheckConstraint(
                condition=(Q(kind="higher", parent__isnull=True)
                           | (~Q(kind="higher") & Q(parent__isnull=False))),
                name="union_parent_by_kind",
            ),
        )

    def __str__(self) -> str:
        return self.name


class UnionRoleKind(models.TextChoices):
    STAFF = "staff", _("union staff")  # 工会工作人员 (of a higher union: 直管 oversight)
    PREPARATORY = "preparatory", _("preparatory group")  # 选举筹备组


class UnionRole(models.Model):
    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="union_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=UnionRoleKind.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["union", "user", "role"], name="union_role_once"),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.union}"


class Branch(models.Model):
    """A 分会 or 小组 of a grassroots union: the unit that nominates after discussion."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="branches")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ("union", "name")
        constraints = (
            models.UniqueConstraint(fields=["union", "name"], name="branch_unique_name"),
        )

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="members")
    number = models.CharField(_("member number"), max_length=30)  # 工号 or 会员证号
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    id_tail = models.CharField(_("last 4 of ID number"), max_length=4)
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="members", verbose_name=_("branch")
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    # The Art 6 facts, as the roster states them.
    executive = models.BooleanField(_("executive"), default=False)
    deputy_executive = models.BooleanField(_("deputy executive"), default=False)
    partner = models.BooleanField(_("partner"), default=False)
    close_relative = models.BooleanField(_("close relative of an executive or partner"),
                                         default=False)
    head_of_hr = models.BooleanField(_("head of human resources"), default=False)
    foreign_employee = models.BooleanField(_("foreign employee"), default=False)

    class Meta:
        ordering = ("union", "number")
        constraints = (
            models.UniqueConstraint(fields=["union", "number"], name="member_unique_number"),
        )

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class MemberUpload(models.Model):
    """A checked roster file waiting for the preview to be confirmed (too big for a session)."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="uploads")
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    fingerprint = models.CharField(max_length=64)  # the stored roster the preview was made on
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class Stage(models.TextChoices):
    PREPARATORY = "preparatory", _("preparatory group formed")  # 成立筹备组
    NOMINATION = "nomination", _("nomination")  # 公推
    CANDIDATES = "candidates", _("candidate list drawn up")  # 确定候选人
    VETTED = "vetted", _("vetted by the Party organisation")  # 党组织审查
    APPROVED = "approved", _("approved by the higher union")  # 上级工会审批
    NOTICE = "notice", _("public notice")  # 公示
    STATEMENTS = "statements", _("candidates' statements")  # 竞职演说
    VOTED = "voted", _("voted")  # 会员大会选举
    REPORTED = "reported", _("reported to the higher union")  # 报上级工会
    REGISTERED = "registered", _("on the chairs' register")  # 登记备案


STAGE_ORDER = tuple(Stage.values)


class NominationMethod(models.TextChoices):
    BRANCH = "branch", _("by branch after discussion")  # 各分会（小组）酝酿推荐
    BALLOT = "ballot", _("secret nomination ballot of all members")  # 全体会员无记名投票推荐


class ChairElection(models.Model):
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="elections")
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices,
                             default=Stage.PREPARATORY)
    method = models.CharField(_("nomination method"), max_length=8,
                              choices=NominationMethod.choices, default=NominationMethod.BRANCH)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    places = models.PositiveSmallIntegerField(_("candidates on the list"), default=2)
    term_years = models.PositiveSmallIntegerField(_("term in years"), default=5)
    preparatory_group = models.TextField(_("preparatory group members"), blank=True)
    formed_on = models.DateField(_("preparatory group formed on"))
    notice_posted_on = models.DateField(_("notice posted on"), null=True, blank=True)
    vote_on = models.DateField(_("vote on"), null=True, blank=True)
    # The public 公示 page opens by this token alone.
    notice_token = models.CharField(max_length=32, unique=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    elected = models.ForeignKey("Member", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("elected chair"))
    reported_on = models.DateField(_("reported to the higher union on"), null=True, blank=True)

    class Meta:
        ordering = ("union", "-formed_on")
        verbose_name = _("chair election")
        verbose_name_plural = _("chair elections")

    def __str__(self) -> str:
        return self.title


class Nomination(models.Model):
    """One branch's nomination after discussion, or one secret nomination ballot."""

    election = models.ForeignKey(ChairElection, on_delete=models.CASCADE,
                                 related_name="nominations")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")  # empty for a secret nomination ballot
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["election", "branch"],
                                    condition=Q(branch__isnull=False),
                                    name="nomination_once_per_branch"),
        )

    def __str__(self) -> str:
        return f"{self.election} · {self.branch or 'ballot'}"


class NominationName(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="names")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["nomination", "member"], name="nominee_once"),
        )

    def __str__(self) -> str:
        return str(self.member)


class Candidate(models.Model):
    election = models.ForeignKey(ChairElection, on_delete=models.CASCADE,
                                 related_name="candidates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    nominations = models.PositiveIntegerField(_("nominations"))
    speaking_order = models.PositiveSmallIntegerField(_("speaking order"), null=True,
                                                      blank=True)  # drawn by lot

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once"),
        )

    def __str__(self) -> str:
        return str(self.member)

    @property
    def name(self) -> str:  # what rules.ballot_order sorts by
        return self.member.name


class DecisionKind(models.TextChoices):
    PARTY_VETTING = "party", _("vetting by the Party organisation")  # 党组织审查
    HIGHER_APPROVAL = "higher", _("approval by the higher union")  # 上级工会审批


class Decision(models.Model):
    election = models.ForeignKey(ChairElection, on_delete=models.CASCADE,
                                 related_name="decisions")
    kind = models.CharField(_("decision"), max_length=8, choices=DecisionKind.choices)
    approved = models.BooleanField(_("approved"))
    decided_by = models.CharField(_("decided by"), max_length=200)  # the body, as named
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("election", "recorded_at")

    def __str__(self) -> str:
        return f"{self.kind} {self.approved}"


class Objection(models.Model):
    """An objection (异议) to the public notice, answered by the preparatory group."""

    election = models.ForeignKey(ChairElection, on_delete=models.CASCADE,
                                 related_name="objections")
    text = models.TextField(_("objection"))
    submitted_by = models.CharField(_("name"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("election", "submitted_at")

    def __str__(self) -> str:
        return self.text[:40]


class ChairTerm(models.Model):
    """One line of the chairs' register."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="chair_terms")
    name = models.CharField(_("name"), max_length=50)
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    election = models.OneToOneField(ChairElection, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="term")
    elected_on = models.DateField(_("elected on"))
    term_years = models.PositiveSmallIntegerField(_("term in years"))
    next_election_due = models.DateField(_("next election due"))
    vacated_on = models.DateField(_("vacated on"), null=True, blank=True)
    fill_by = models.DateField(_("vacancy to be filled by"), null=True, blank=True)

    class Meta:
        ordering = ("union", "-elected_on")
        constraints = (
            # One sitting chair per union.
            models.UniqueConstraint(fields=["union"], condition=Q(vacated_on__isnull=True),
                                    name="one_sitting_chair"),
        )

    def __str__(self) -> str:
        return f"{self.union} {self.name}"
