"""Appraisal ballots (民主评议) and scoring panels (评分).

Congress ─< Appraisal ─< AppraisalSubject        (the people or departments graded)
                      ─< Poll (elections.Poll)    ─< AppraisalTotal (keypad / show of hands)
        ─< ScoringPanel ─< PanelEntry, PanelJudge ─< PanelScore

An appraisal is voted as every ballot is: its `Poll` (a third subject beside election and
motion) carries the lifecycle, eligibility, secret ballots, paper entry and publication.
The appraisal holds what the rules core's `AppraisalRules` read: the scale (best first),
quorum and the outcome flag. A scoring panel is not secret: judges are named and each
judge's score per entry is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dahui import rules
from dahui.congress.models import DEFAULT_QUORUM, AgendaItem, Congress
from dahui.rules.appraisal import COMPETENCE_SCALE, SATISFACTION_SCALE

DEFAULT_FLAG_ABOVE = str(rules.AppraisalRules().flag_above)  # "1/3"


class SubjectKind(models.TextChoices):
    PERSON = "person", _("people")  # 个人
    DEPARTMENT = "department", _("departments")  # 部门


class Scale(models.TextChoices):
    COMPETENCE = "competence", "优秀/称职/基本称职/不称职"
    SATISFACTION = "satisfaction", "满意/基本满意/不满意"
    CUSTOM = "custom", _("custom scale")


SCALES = {
    Scale.COMPETENCE: COMPETENCE_SCALE,
    Scale.SATISFACTION: SATISFACTION_SCALE,
}


class Appraisal(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="appraisals")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="appraisals"
    )
    title = models.CharField(_("title"), max_length=200)  # 对第三届委员会领导班子成员的民主评议
    subject_kind = models.CharField(
        _("who is appraised"), max_length=12, choices=SubjectKind.choices,
        default=SubjectKind.PERSON,
    )
    # The grades, best first, as the rules core reads them.
    scale = models.JSONField(_("scale"))
    quorum = models.CharField(_("quorum"), max_length=10, default=DEFAULT_QUORUM)
    # "" is the worst grade of the scale (the rules core's default).
    flag_grade = models.CharField(_("flagged grade"), max_length=20, blank=True)
    flag_above = models.CharField(
        _("flagged above this share of valid ballots"), max_length=10,
        default=DEFAULT_FLAG_ABOVE,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["congress", "order", "id"]
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        constraints = [
            models.UniqueConstraint(fields=["congress", "title"], name="appraisal_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class AppraisalSubject(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(_("position"), max_length=60, blank=True)  # 主席, 副主席 …
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["appraisal", "order", "id"]
        verbose_name = _("appraised person or department")
        verbose_name_plural = _("appraised people or departments")
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "name"], name="appraisal_subject_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rules_id(self) -> str:
        """The id this subject has in the rules core and in the stored ballots."""
        return f"s{self.pk}"


class AppraisalTotal(models.Model):
    """A keypad or show-of-hands total: how many graded `subject` with `grade`."""

    poll = models.ForeignKey(
        "elections.Poll", on_delete=models.CASCADE, related_name="appraisal_totals"
    )
    subject = models.ForeignKey(AppraisalSubject, on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(_("grade"), max_length=20)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "subject", "grade"], name="appraisal_total_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.grade}: {self.count}"


class ScoringPanel(models.Model):
    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="scoring_panels"
    )
    title = models.CharField(_("title"), max_length=200)  # 五小创新成果评审
    # The scale as the rules core reads it ("0", "100"), decimals allowed in a score.
    low = models.CharField(_("lowest score"), max_length=10, default="0")
    high = models.CharField(_("highest score"), max_length=10, default="100")
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    exclude_same_unit = models.BooleanField(
        _("judges do not score entries of their own unit"), default=False
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["congress", "id"]
        verbose_name = _("scoring panel")
        verbose_name_plural = _("scoring panels")
        constraints = [
            models.UniqueConstraint(fields=["congress", "title"], name="panel_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class PanelJudge(models.Model):
    panel = models.ForeignKey(ScoringPanel, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("unit"), max_length=100, blank=True)

    class Meta:
        ordering = ["panel", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="panel_judge_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rules_id(self) -> str:
        return f"j{self.pk}"


class PanelEntry(models.Model):
    panel = models.ForeignKey(ScoringPanel, on_delete=models.CASCADE, related_name="entries")
    title = models.CharField(_("title"), max_length=200)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    # Judges who are the entry's authors (a declared conflict): they do not score it.
    authors = models.ManyToManyField(PanelJudge, blank=True, related_name="authored")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["panel", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "title"], name="panel_entry_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rules_id(self) -> str:
        return f"e{self.pk}"


class PanelScore(models.Model):
    judge = models.ForeignKey(PanelJudge, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(PanelEntry, on_delete=models.CASCADE, related_name="scores")
    score = models.CharField(_("score"), max_length=12)  # exact text, e.g. "87.5"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry"], name="panel_score_once"),
            models.CheckConstraint(condition=~Q(score=""), name="panel_score_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.entry}: {self.score}"
