"""Scans of a paper poll's returned ballots, as uploaded, and what was read from each page.

A `ScanRun` is one pass of the stack through a scanner (an upload of one or many files).
The first run not discarded is what the count reads; every further run is a second reading
of the same stack that must agree with it. Each file is kept as uploaded under the data
folder (the election's record), each of its pages is a `ScanPage`: queued, read (the
reader was sure of every mark), on review (a scrutineer decides), decided, or set aside
(a blank sheet, another election's ballot, the same sheet twice: shown, never counted).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dahui.elections.models import Poll


class ScanRun(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="scan_runs")
    number = models.PositiveSmallIntegerField(_("run"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    # Set when the last file has arrived: only then can the stack be looked at as a whole
    # (duplicates) and reviewed.
    complete = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)  # every page read, duplicates found
    # The reading thread touches this as it goes; a run whose pages wait with no recent
    # touch has lost its reader (a restart) and is picked up again.
    heartbeat = models.DateTimeField(null=True, blank=True)
    discarded_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    discard_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "number"], name="scan_run_number_once"),
        ]
        ordering = ["poll", "number"]

    def __str__(self) -> str:
        return f"{self.poll} scan {self.number}"


class ScanFile(models.Model):
    run = models.ForeignKey(ScanRun, on_delete=models.CASCADE, related_name="files")
    order = models.PositiveIntegerField()  # as uploaded
    name = models.CharField(max_length=200)  # the uploader's file name
    stored = models.CharField(max_length=300)  # path under the scans folder
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "order"], name="scan_file_order_once"),
        ]
        ordering = ["run", "order"]

    def __str__(self) -> str:
        return self.name


class PageState(models.TextChoices):
    QUEUED = "queued", _("waiting to be read")
    READ = "read", _("read")
    REVIEW = "review", _("waiting for a scrutineer")
    DECIDED = "decided", _("decided by a scrutineer")
    SET_ASIDE = "set_aside", _("set aside")


class PageKind(models.TextChoices):
    UNKNOWN = "", _("not read yet")
    BALLOT = "ballot", _("ballot of this poll")
    BLANK = "blank_page", _("blank page")
    OTHER = "other_election", _("ballot of another election")
    DUPLICATE = "duplicate_page", _("the same sheet again")
    UNREADABLE = "unreadable", _("not recognised")


class ScanPage(models.Model):
    run = models.ForeignKey(ScanRun, on_delete=models.CASCADE, related_name="pages")
    file = models.ForeignKey(ScanFile, on_delete=models.CASCADE, related_name="page_set")
    page = models.PositiveIntegerField()  # in its file, from 1
    order = models.PositiveIntegerField()  # in the run's stack, from 1
    state = models.CharField(max_length=10, choices=PageState.choices,
                             default=PageState.QUEUED)
    kind = models.CharField(max_length=20, choices=PageKind.choices, blank=True,
                            default=PageKind.UNKNOWN)
    reading = models.JSONField(null=True, blank=True)  # the exchange-format line, when sure
    marks_read = models.JSONField(default=dict, blank=True)  # the sure cells of a doubtful page
    doubts = models.JSONField(default=list, blank=True)  # [{candidate, why, crop}]
    upside_down = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)
    image = models.CharField(max_length=300, blank=True)  # the page as shown to people
    fingerprint = models.JSONField(default=dict, blank=True)  # to find the same sheet twice
    read_at = models.DateTimeField(null=True, blank=True)
    # A scrutineer's decision: {"set_aside": true} or the ballot in the exchange format.
    decision = models.JSONField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "order"], name="scan_page_order_once"),
        ]
        indexes = [models.Index(fields=["run", "state"])]
        ordering = ["run", "order"]

    def __str__(self) -> str:
        return f"{self.run} page {self.order}"

    @property
    def content(self) -> dict | None:
        """What this page counts as: None when it is not (or not yet) a ballot of the poll."""
        if self.decision is not None:
            return None if self.decision.get("set_aside") else self.decision
        if self.state == PageState.READ:
            return self.reading
        return None
