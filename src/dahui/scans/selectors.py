"""Reads of a poll's scans: progress, the review queue, what the count reads and what
blocks it (pages waiting, two readings that differ, a double-entry sample that differs).

The count reads the first run that is not discarded (its ballots in stack order); every
further run, and every ballot the counters settled by double entry, is a second reading of
the same stack and must agree with it ballot by ballot.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dahui.elections import counting, paper
from dahui.elections.models import Poll
from dahui.elections.paper_sources import PaperSource
from dahui.scans.models import PageKind, PageState, ScanPage, ScanRun


def active_runs(poll: Poll) -> list[ScanRun]:
    return list(ScanRun.objects.filter(poll=poll, discarded_at=None).order_by("number"))


def in_use(poll: Poll) -> bool:
    return ScanRun.objects.filter(poll=poll, discarded_at=None).exists()


def counted_pages(run: ScanRun) -> list[ScanPage]:
    """The run's ballots of this poll, in stack order: position n is the n-th of these."""
    pages = ScanPage.objects.filter(run=run).select_related("file").order_by("order")
    return [p for p in pages if p.content is not None]


def primary_run(poll: Poll) -> ScanRun | None:
    runs = active_runs(poll)
    return runs[0] if runs else None


def contents(poll: Poll) -> list[dict[str, Any]]:
    run = primary_run(poll)
    return [p.content for p in counted_pages(run)] if run else []


@dataclass(frozen=True)
class RunProgress:
    run: ScanRun
    files: int
    pages: int
    queued: int
    read: int
    review: int
    decided: int
    set_aside: int
    ballots: int

    @property
    def handled(self) -> int:
        return self.pages - self.queued

    @property
    def done(self) -> bool:
        return self.run.read_at is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "run": self.run.pk, "number": self.run.number, "files": self.files,
            "pages": self.pages, "queued": self.queued, "handled": self.handled, "read": self.read,
            "review": self.review, "decided": self.decided, "set_aside": self.set_aside,
            "ballots": self.ballots, "complete": self.run.complete, "done": self.done,
            "discarded": self.run.discarded_at is not None,
        }


def progress(run: ScanRun) -> RunProgress:
    counts = {state: 0 for state in PageState.values}
    ballots = 0
    for state, decision in ScanPage.objects.filter(run=run).values_list("state", "decision"):
        counts[state] += 1
        if state == PageState.READ or (state == PageState.DECIDED and decision):
            ballots += 1
    return RunProgress(
        run=run, files=run.files.count(), pages=sum(counts.values()),
        queued=counts[PageState.QUEUED], read=counts[PageState.READ],
        review=counts[PageState.REVIEW], decided=counts[PageState.DECIDED],
        set_aside=counts[PageState.SET_ASIDE], ballots=ballots,
    )


def runs_progress(poll: Poll) -> list[RunProgress]:
    return [progress(run) for run in ScanRun.objects.filter(poll=poll).order_by("number")]


def review_queue(poll: Poll) -> list[ScanPage]:
    """Pages waiting for a scrutineer, runs read to the end only, in stack order."""
    return list(
        ScanPage.objects.filter(run__poll=poll, run__discarded_at=None,
                                run__read_at__isnull=False, state=PageState.REVIEW)
        .select_related("file", "run").order_by("run__number", "order")
    )


def set_aside_pages(poll: Poll) -> list[ScanPage]:
    return list(
        ScanPage.objects.filter(run__poll=poll, run__discarded_at=None,
                                state=PageState.SET_ASIDE)
        .select_related("file", "run", "decided_by").order_by("run__number", "order")
    )


def upside_down_pages(poll: Poll) -> list[ScanPage]:
    return list(
        ScanPage.objects.filter(run__poll=poll, run__discarded_at=None, upside_down=True)
        .select_related("file", "run").order_by("run__number", "order")
    )


# -- second readings ---------------------------------------------------------------------------


def _key(content: dict[str, Any] | None) -> str:
    if content is None:
        return "—"
    return json.dumps(counting.exchange_line(content), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Difference:
    """One ballot the two readings do not agree on."""

    against: str  # "run 2" or "double entry", in words
    position: int | None  # the ballot's number in the first run's stack
    first: ScanPage | None  # the page of the first run (None: missing there)
    second_page: ScanPage | None  # the page of the other run (None: double entry, missing)
    first_words: str
    second_words: str


def ballot_words(poll: Poll, content: dict[str, Any] | None) -> str:
    """A ballot in words, as a scrutineer compares it with the paper."""
    if content is None:
        return _("no ballot here")
    if content.get("invalid"):
        return _("spoiled") + (f"（{content['reason']}）" if content.get("reason") else "")
    if poll.motion_id:
        return paper.mark_label(poll, content.get("vote", ""))
    names = {c.rules_id: c.name for c in counting.poll_candidates(poll)}
    parts = [f"{names.get(key, key)} {paper.mark_label(poll, mark)}"
             for key, mark in sorted(content.get("marks", {}).items(),
                                     key=lambda item: list(names).index(item[0])
                                     if item[0] in names else 0)]
    if content.get("write_ins"):
        parts.append(_("written") + " " + "、".join(content["write_ins"]))
    return "，".join(parts) if parts else _("blank (all abstain)")


def run_differences(poll: Poll, first: ScanRun, other: ScanRun) -> list[Difference]:
    a, b = counted_pages(first), counted_pages(other)
    ka, kb = [_key(p.content) for p in a], [_key(p.content) for p in b]
    label = _("scan run %(n)s") % {"n": other.number}
    out: list[Difference] = []
    matcher = difflib.SequenceMatcher(a=ka, b=kb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for offset in range(max(i2 - i1, j2 - j1)):
            pa = a[i1 + offset] if i1 + offset < i2 else None
            pb = b[j1 + offset] if j1 + offset < j2 else None
            out.append(Difference(
                against=label, position=(i1 + offset + 1) if pa else None, first=pa,
                second_page=pb, first_words=ballot_words(poll, pa.content if pa else None),
                second_words=ballot_words(poll, pb.content if pb else None),
            ))
    return out


def entry_differences(poll: Poll, first: ScanRun) -> list[Difference]:
    """Ballots settled by double entry that the scans read otherwise (a sample checked)."""
    pages = counted_pages(first)
    out = []
    for position in paper.positions(poll=poll):
        settled = position.settled
        if settled is None:
            continue
        page = pages[position.number - 1] if position.number <= len(pages) else None
        if page is not None and _key(page.content) == _key(settled):
            continue
        out.append(Difference(
            against=_("double entry"), position=position.number, first=page,
            second_page=None,
            first_words=ballot_words(poll, page.content if page else None),
            second_words=ballot_words(poll, settled),
        ))
    return out


def differences(poll: Poll) -> list[Difference]:
    runs = [r for r in active_runs(poll) if r.read_at is not None]
    if not runs:
        return []
    first, *others = runs
    out = []
    for other in others:
        out.extend(run_differences(poll, first, other))
    out.extend(entry_differences(poll, first))
    return out


def blockers(poll: Poll) -> list[str]:
    """Why the count of a poll counted by scans must wait, in words; [] when it may go."""
    out = []
    for item in runs_progress(poll):
        if item.run.discarded_at is not None:
            continue
        if not item.run.complete:
            out.append(_("Scan run %(n)s is still being uploaded.") % {"n": item.run.number})
        elif not item.done:
            out.append(_("Scan run %(n)s is still being read (%(read)s of %(pages)s pages).")
                       % {"n": item.run.number, "read": item.pages - item.queued,
                          "pages": item.pages})
    waiting = len(review_queue(poll))
    if waiting:
        out.append(_("%(n)s scanned pages wait for a scrutineer's decision.") % {"n": waiting})
    found = differences(poll)
    if found:
        out.append(_("The readings of the stack differ on %(n)s ballots: settle them on the "
                     "scans page.") % {"n": len(found)})
    pending = paper.unsettled_positions(poll=poll)
    if pending:
        out.append(_("Double-entry check: ballots %(positions)s are not settled yet.")
                   % {"positions": ", ".join(str(n) for n in pending[:10])})
    return out


SCANS = PaperSource(name="scans", in_use=in_use, contents=contents, blockers=blockers)


def page_kind_words(page: ScanPage) -> str:
    return str(PageKind(page.kind).label)
