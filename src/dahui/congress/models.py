"""The congress: who is in it, who came, and what is on the agenda.

Organisation ─< Congress ─< PlenarySession ─< Attendance >─ Delegate
                         ─< Delegation ─< Delegate ─< DelegateToken
                         ─< AgendaItem ─< AgendaDocument
                         ─< CongressRole >─ User

- `Congress.invitees_vote` says whether 特邀代表 vote; who is entitled is decided by
  `dahui.rules.is_entitled` (read it through `selectors.entitled_delegates`), never here.
- `Congress.current_item` is the agenda item on the hall screen; `Congress.screen_token` opens
  the read-only hall screen without a login.
- Every delegate is also a Django user with an unusable password (`Delegate.user`), created by
  the roster import, so `request.user.delegate` finds the delegate behind a request. They log
  in by the QR token on their credential (`DelegateToken`) or by `access_code` + `id_tail`.
- Staff (secretariat, presidium, credentials committee, scrutineers, observers) log in with a
  password and hold one or more `CongressRole`s per congress.
- Attendance is one row per (session, delegate): a repeated scan finds the row and changes
  nothing. A delegate on approved leave (`LeaveRequest`) counts as 请假, not 缺席.

Models hold data and constraints only: every write goes through `congress.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dahui import rules

# The rules core's defaults, in the text form the congress's and elections' settings are
# stored in ("2/3", "1/20", "entitled"): one source, the rules core.
DEFAULT_QUORUM = str(rules.ElectionRules().quorum)
DEFAULT_MIN_EXCESS = str(rules.ElectionRules().min_excess)
DEFAULT_THRESHOLD_BASE = str(rules.ElectionRules().threshold_base)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Congress(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="congresses",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    term_number = models.PositiveSmallIntegerField(_("term (届次)"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    invitees_vote = models.BooleanField(
        _("invited delegates vote"), default=False,
        help_text=_("Whether 特邀代表 have a vote in this congress."),
    )
    quorum = models.CharField(_("quorum"), max_length=10, default=DEFAULT_QUORUM)
    current_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("current agenda item"),
    )
    # When the current item became current: a poll set up without an agenda item belongs,
    # for the hall, to the item that was current when it was opened.
    current_item_since = models.DateTimeField(null=True, blank=True, editable=False)
    screen_token = models.CharField(_("hall screen token"), max_length=64, unique=True)
    # The hall reads one language whatever the projector's browser prefers.
    language = models.CharField(
        _("language of the hall screen"), max_length=10, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        constraints = (
            models.UniqueConstraint(
                fields=["organisation", "term_number"], name="congress_unique_term"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="congress_dates_in_order"
            ),
        )

    def __str__(self) -> str:
        return self.title


class PlenarySession(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))

    class Meta:
        ordering = ("congress", "number")
        verbose_name = _("plenary session")
        verbose_name_plural = _("plenary sessions")
        constraints = (
            models.UniqueConstraint(fields=["congress", "number"], name="session_unique_number"),
        )

    def __str__(self) -> str:
        return self.title


class Delegation(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegations")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("congress", "order", "name")
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = (
            models.UniqueConstraint(fields=["congress", "name"], name="delegation_unique_name"),
        )

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class DelegateStatus(models.TextChoices):
    FORMAL = "formal", _("formal delegate")  # 正式代表
    INVITED = "invited", _("invited delegate")  # 特邀代表
    ATTENDING = "attending", _("non-voting attendee")  # 列席


class CredentialStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    CONFIRMED = "confirmed", _("confirmed")
    # 不予确认: "rejected" alone reads 未通过, the word for a motion that failed.
    REJECTED = "rejected", pgettext_lazy("credential", "rejected")
    REPLACED = "replaced", _("replaced")


# A delegate whose credential was rejected or replaced is no longer one: no login, no
# check-in, no ballot, not in the composition report. One definition for all of those.
WITHDRAWN_CREDENTIALS = frozenset({CredentialStatus.REJECTED, CredentialStatus.REPLACED})


class Category(models.TextChoices):
    """Composition categories a delegate may carry (several at once)."""

    FRONTLINE = "frontline", _("front-line worker")  # 一线职工
    TECHNICIAN = "technician", _("technician")  # 专业技术人员
    UNION_OFFICIAL = "union_official", _("union official")  # 工会干部
    MANAGER = "manager", _("manager")  # 企业负责人/管理人员
    MODEL_WORKER = "model_worker", _("model worker")  # 劳动模范
    MIGRANT = "migrant", _("migrant worker")  # 农民工
    PARTY_MEMBER = "party_member", _("CPC member")  # 中共党员


class Delegate(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    number = models.CharField(_("credential number"), max_length=20)  # 代表证号
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20)
    birth_date = models.DateField(_("birth date"))
    id_tail = models.CharField(_("last 4 of ID number"), max_length=4)
    work_unit = models.CharField(_("work unit"), max_length=200)
    position = models.CharField(_("position"), max_length=100, blank=True)
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="delegates",
        verbose_name=_("delegation"),
    )
    # A list of Category values; a JSON list keeps the roster row one row on both databases.
    categories = models.JSONField(_("categories"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DelegateStatus.choices, default=DelegateStatus.FORMAL
    )
    credential_status = models.CharField(
        _("credential status"), max_length=10, choices=CredentialStatus.choices,
        default=CredentialStatus.PENDING,
    )
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces",
        verbose_name=_("replaced by"),
    )
    # Short code typed with id_tail on the login form; unique over all congresses so the form
    # needs no congress picker.
    access_code = models.CharField(_("access code"), max_length=12, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="delegate",
    )

    class Meta:
        ordering = ("congress", "number")
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = (
            models.UniqueConstraint(fields=["congress", "number"], name="delegate_unique_number"),
            # The stable key a re-import matches rows by.
            models.UniqueConstraint(
                fields=["congress", "name", "id_tail"], name="delegate_unique_name_id_tail"
            ),
        )

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def credential_confirmed(self) -> bool:
        return self.credential_status == CredentialStatus.CONFIRMED


class DelegateToken(models.Model):
    """The secret in a credential's QR code: /d/<key> logs the delegate in."""

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="tokens")
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            # At most one live token per delegate: issuing a new one revokes the old first.
            models.UniqueConstraint(
                fields=["delegate"], condition=Q(revoked_at__isnull=True),
                name="token_one_active_per_delegate",
            ),
        )

    def __str__(self) -> str:
        return f"{self.delegate} token {self.created_at:%Y-%m-%d %H:%M}"


class LoginFailure(models.Model):
    """A failed access-code login, counted per code and per client address for lock-out."""

    access_code = models.CharField(max_length=64, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.access_code} from {self.address} at {self.at}"


class CheckInMethod(models.TextChoices):
    SCAN = "scan", _("QR scan")
    DESK = "desk", _("desk search")


class Attendance(models.Model):
    session = models.ForeignKey(
        PlenarySession, on_delete=models.CASCADE, related_name="attendances"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="attendances")
    checked_in_at = models.DateTimeField(_("checked in at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    method = models.CharField(_("method"), max_length=10, choices=CheckInMethod.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["session", "delegate"], name="attendance_once_per_session"
            ),
        )

    def __str__(self) -> str:
        return f"{self.delegate} @ {self.session}"


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", pgettext_lazy("leave", "rejected")  # 未批准


class LeaveRequest(models.Model):
    """请假: a delegate asks to be excused from a session; the secretariat decides."""

    session = models.ForeignKey(
        PlenarySession, on_delete=models.CASCADE, related_name="leave_requests"
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="leave_requests"
    )
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["session", "delegate"], name="leave_once_per_session"),
        )

    def __str__(self) -> str:
        return f"{self.delegate} @ {self.session}: {self.reason}"


class AgendaKind(models.TextChoices):
    REPORT = "report", _("report")
    SPEECH = "speech", _("speech")
    GREETING = "greeting", _("greeting")
    MOTION = "motion", _("motion")
    ELECTION = "election", _("election")
    OTHER = "other", _("other")


class AgendaItem(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="agenda_items")
    session = models.ForeignKey(
        PlenarySession, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="agenda_items", verbose_name=_("session"),
    )
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("type"), max_length=10, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=100, blank=True)

    class Meta:
        # Order is not unique: moving an item renumbers the list, and a unique order would
        # make every swap collide halfway.
        ordering = ("congress", "order", "id")
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class AgendaDocument(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="agenda/%Y/")
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("item", "id")

    def __str__(self) -> str:
        return self.title


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("secretariat")  # 大会秘书处
    PRESIDIUM = "presidium", _("presidium")  # 主席团
    CREDENTIALS = "credentials", _("credentials committee")  # 代表资格审查委员会
    CHIEF_SCRUTINEER = "chief_scrutineer", _("chief scrutineer")  # 总监票人
    SCRUTINEER = "scrutineer", _("scrutineer")  # 监票人
    COUNTER = "counter", _("counter")  # 计票人
    OBSERVER = "observer", _("observer")  # 观察员
    PROPOSALS = "proposals_committee", _("proposals committee")  # 提案审查委员会


class CongressRole(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("congress role")
        verbose_name_plural = _("congress roles")
        constraints = (
            models.UniqueConstraint(fields=["congress", "user", "role"], name="role_unique"),
        )

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"


class MinutesKind(models.TextChoices):
    MINUTES = "minutes", pgettext_lazy("document", "minutes")  # 会议纪要
    PRESS = "press", pgettext_lazy("document", "press summary")  # 新闻通稿


class MinutesState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("document state", "draft")
    FINAL = "final", pgettext_lazy("document state", "final")


class SessionMinutes(models.Model):
    """The minutes (or the press summary) of one plenary session as the secretariat edited
    it: a draft until the secretariat declares it final; a final text changes only after it
    is taken back to draft, both steps in the audit log."""

    session = models.ForeignKey(
        PlenarySession, on_delete=models.CASCADE, related_name="minutes",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=MinutesKind.choices)
    text = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    updated_at = models.DateTimeField(_("last saved at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("final since"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session minutes")
        verbose_name_plural = _("session minutes")
        constraints = (
            models.UniqueConstraint(fields=["session", "kind"], name="minutes_one_per_kind"),
        )

    def __str__(self) -> str:
        return f"{self.session} {self.get_kind_display()}"

    @property
    def is_final(self) -> bool:
        return self.state == MinutesState.FINAL
