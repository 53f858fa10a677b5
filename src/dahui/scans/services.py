"""Every write to a poll's scans: uploads, the reading, the scrutineers' decisions.

An upload is checked whole before anything is kept: each file must be an image or a PDF
of sensible size, open, and its first page must not be another election's ballot (that
page is read right away, in the readers' pool, and its reading kept). The other pages
are read in the background (`read_waiting`, on a thread of the server), page by page,
each stored by compare-and-set from `queued`; a run whose reader stopped (a restart) is
picked up again by `resume`. Decisions and discarded runs go to the audit log.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui.audit.services import record
from dahui.elections.access import counting_role
from dahui.elections.errors import NotAllowed, Refused, WrongState
from dahui.elections.models import Method, Poll, PollState, ScrutineerRole
from dahui.elections.paper import check_content
from dahui.elections.records import paper_ballots
from dahui.scanning.images import PageRef, UnreadableScan, page_refs
from dahui.scanning.stack import make_reader, mark_duplicates
from dahui.scans import storage
from dahui.scans.models import PageKind, PageState, ScanFile, ScanPage, ScanRun
from dahui.scans.page_reading import PageOutcome, pool_for, result_from_fingerprint

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 60 * 1024 * 1024  # a 300-page PDF from an office scanner fits
MAX_PAGES_PER_FILE = 1000
MAX_NAME = 200
CHUNK = 16  # pages read between two stores of progress
STALE_AFTER = timedelta(seconds=45)  # a run's reader silent this long has stopped
SUFFIXES = {"pdf": ".pdf", "tiff": ".tif", "png": ".png", "jpeg": ".jpg"}
PAGE_LEVEL = {
    "blank_page": PageKind.BLANK, "other_election": PageKind.OTHER,
    "duplicate_page": PageKind.DUPLICATE,
}


# -- who may ----------------------------------------------------------------------------------


def _must_count(poll: Poll, by: Any) -> str:
    if poll.method != Method.PAPER:
        raise Refused(_("This poll is not voted on paper."))
    role = counting_role(by, poll)
    if role is None:
        raise NotAllowed(_("Only this poll's counters and scrutineers upload scans."))
    if poll.state != PollState.CLOSED:
        raise WrongState(_("Scans of the ballots are uploaded after the poll is closed."))
    return role


def _must_be_scrutineer(poll: Poll, by: Any) -> None:
    if poll.method != Method.PAPER:
        raise Refused(_("This poll is not voted on paper."))
    if counting_role(by, poll) not in (ScrutineerRole.CHIEF, ScrutineerRole.SCRUTINEER):
        raise NotAllowed(_("Only a scrutineer decides what a scanned ballot says."))
    if poll.state != PollState.CLOSED:
        raise WrongState(_("Scanned ballots are decided before the count."))


# -- the reader of a poll ----------------------------------------------------------------------


def _subject(poll: Poll):
    from dahui import rules
    from dahui.elections import counting

    if poll.motion_id:
        return rules.Motion(title=poll.title, entitled=1, issued=0,
                            rules=counting.motion_rules(poll.motion))
    return rules.Election(
        title=poll.title, seats=poll.seats, entitled=1, issued=0,
        candidates=counting.rules_election_candidates(poll),
        rules=counting.election_rules(poll.election),
    )


def pool(poll: Poll):
    """The readers of this poll's ballots (the same sheet `paper_ballots` prints)."""
    from dahui.scanning.page_code import election_digest

    subject = _subject(poll)
    key = f"{poll.pk}:{election_digest(subject)}"
    return pool_for(
        key, lambda: make_reader(subject, paper_ballots(poll, count=1)),
        getattr(settings, "DAHUI_SCAN_WORKERS", 0),
    )


# -- upload ------------------------------------------------------------------------------------


def _kind(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def _name(upload) -> str:
    name = Path(str(getattr(upload, "name", "") or "scan")).name
    return name[:MAX_NAME] or "scan"


def _check_file(upload, folder: Path, index: int) -> tuple[Path, str, str, int, list]:
    """Copies one upload into `folder` and checks it; a Refused names the file."""
    name = _name(upload)
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise Refused(_("File %(name)s is empty.") % {"name": name})
    if size > MAX_FILE_BYTES:
        raise Refused(
            _("File %(name)s is too big (%(size)s MB); at most %(limit)s MB a file: split "
              "the stack into several files.")
            % {"name": name, "size": round(size / 1024 / 1024, 1),
               "limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    digest = hashlib.sha256()
    head = b""
    path = folder / f"{index:04d}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            if not head:
                head = bytes(chunk[:16])
            digest.update(chunk)
            out.write(chunk)
    kind = _kind(head)
    if kind is None:
        raise Refused(
            _("File %(name)s is not a scan: upload PDF, PNG, JPEG or TIFF files.")
            % {"name": name}
        )
    typed = path.with_suffix(SUFFIXES[kind])
    path.rename(typed)
    try:
        refs = page_refs(typed)
    except UnreadableScan as error:
        raise Refused(
            _("File %(name)s cannot be opened: %(why)s") % {"name": name, "why": error}
        ) from None
    if len(refs) > MAX_PAGES_PER_FILE:
        raise Refused(
            _("File %(name)s has %(pages)s pages; at most %(limit)s pages a file.")
            % {"name": name, "pages": len(refs), "limit": MAX_PAGES_PER_FILE}
        )
    return typed, name, digest.hexdigest(), size, refs


def upload_scans(
    *, poll: Poll, files: list, by: Any, run: ScanRun | None = None, last: bool = True
) -> ScanRun:
    """Keeps `files` as the next files of `run` (a new run when None) once every one is
    checked; the first page of each is read now, the rest in the background. `last` says
    the run's stack is complete. Nothing is kept when any file is refused."""
    _must_count(poll, by)
    if not files:
        raise Refused(_("Choose the scan files to upload."))
    if run is not None and (run.poll_id != poll.pk or run.discarded_at or run.complete):
        raise Refused(_("This scan run is finished; start a new upload."))
    folder = storage.staging()
    kept: list[str] = []
    try:
        checked = [_check_file(upload, folder, index) for index, upload in enumerate(files)]
        firsts = pool(poll).read([refs[0] for *_rest, refs in checked])
        _refuse_other_election(poll, checked, firsts)
        with transaction.atomic():
            run = _run_for(poll, run, by)
            start = (ScanFile.objects.filter(run=run).aggregate(n=Max("order"))["n"] or 0)
            order = (ScanPage.objects.filter(run=run).aggregate(n=Max("order"))["n"] or 0)
            folder_name = storage.run_folder(poll.pk, run.number)
            for offset, ((path, name, digest, size, refs), outcome) in enumerate(
                zip(checked, firsts, strict=True), 1
            ):
                stored = storage.move_in(
                    path, f"{folder_name}/{start + offset:04d}{path.suffix}")
                kept.append(stored)
                scan_file = ScanFile.objects.create(
                    run=run, order=start + offset, name=name, stored=stored, sha256=digest,
                    size=size, pages=len(refs),
                )
                for ref in refs:
                    order += 1
                    page = ScanPage.objects.create(
                        run=run, file=scan_file, page=ref.page, order=order
                    )
                    if ref.page == 1:
                        _store(page, outcome)
            if last:
                ScanRun.objects.filter(pk=run.pk).update(complete=True)
            record(
                congress=poll.congress_id, actor=by, action="scans.uploaded",
                subject=f"poll:{poll.pk}",
                data={"run": run.number, "files": [c[1] for c in checked],
                      "sha256": [c[2] for c in checked],
                      "pages": sum(len(c[4]) for c in checked), "complete": last},
            )
            transaction.on_commit(lambda: start_reading(run.pk))
    except BaseException:
        for stored in kept:
            storage.remove(stored)
        raise
    finally:
        _clear(folder)
    run.refresh_from_db()
    return run


def _refuse_other_election(poll: Poll, checked: list, firsts: list[PageOutcome]) -> None:
    """A PDF or TIFF whose first page is another election's ballot is the wrong file; so is
    an upload whose every image is. A stray sheet among this poll's images is kept: it is
    shown and set aside, never counted."""
    others = [(c[1], len(c[4])) for c, o in zip(checked, firsts, strict=True)
              if o.result.other_election]
    whole_file = next((name for name, pages in others if pages > 1), None)
    if whole_file is None and others and len(others) == len(checked):
        whole_file = others[0][0]
    if whole_file is not None:
        raise Refused(
            _("File %(name)s holds ballots of another election or vote, not of %(poll)s; "
              "nothing was uploaded.") % {"name": whole_file, "poll": poll.title}
        )


def _clear(folder: Path) -> None:
    for path in folder.glob("*"):
        path.unlink(missing_ok=True)
    folder.rmdir()


def _run_for(poll: Poll, run: ScanRun | None, by: Any) -> ScanRun:
    if run is not None:
        locked = ScanRun.objects.select_for_update().get(pk=run.pk)
        if locked.complete or locked.discarded_at:
            raise Refused(_("This scan run is finished; start a new upload."))
        return locked
    for _attempt in range(5):
        number = (ScanRun.objects.filter(poll=poll).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return ScanRun.objects.create(poll=poll, number=number, uploaded_by=by,
                                              heartbeat=timezone.now())
        except IntegrityError:
            continue
    raise Refused(_("Another upload is starting at this moment; try again."))


def finish_run(*, run: ScanRun, by: Any) -> ScanRun:
    """The uploader says the stack is complete (every file is in)."""
    _must_count(run.poll, by)
    with transaction.atomic():
        if ScanRun.objects.filter(pk=run.pk, complete=False, discarded_at=None) \
                .update(complete=True) == 1:
            record(congress=run.poll.congress_id, actor=by, action="scans.completed",
                   subject=f"poll:{run.poll_id}", data={"run": run.number})
        transaction.on_commit(lambda: start_reading(run.pk))
    run.refresh_from_db()
    return run


# -- reading -----------------------------------------------------------------------------------


def _store(page: ScanPage, outcome: PageOutcome) -> bool:
    """One page's reading, stored once (compare-and-set from queued)."""
    result = outcome.result
    fields: dict[str, Any] = {
        "read_at": timezone.now(), "upside_down": outcome.upside_down,
        "fingerprint": outcome.fingerprint if result.this_election else {},
    }
    page_why = {d.why for d in result.doubts if d.candidate is None}
    if result.error:
        fields.update(state=PageState.REVIEW, kind=PageKind.UNREADABLE,
                      error=result.error[:300])
    elif result.ballot is not None:
        fields.update(state=PageState.READ, kind=PageKind.BALLOT, reading=result.ballot)
    elif aside := next((PAGE_LEVEL[w] for w in PAGE_LEVEL if w in page_why), None):
        fields.update(state=PageState.SET_ASIDE, kind=aside)
    else:
        fields.update(state=PageState.REVIEW, marks_read=outcome.marks_read,
                      kind=PageKind.BALLOT if result.this_election else PageKind.UNREADABLE)
    stem = f"{storage.run_folder(page.run.poll_id, page.run.number)}/pages/{page.order:05d}"
    if result.page_png:
        fields["image"] = storage.write(f"{stem}.png", result.page_png)
    doubts = []
    for index, doubt in enumerate(result.doubts):
        crop = result.crops[index] if index < len(result.crops) else None
        doubts.append({
            "candidate": doubt.candidate, "why": doubt.why,
            "crop": storage.write(f"{stem}-{index + 1:02d}.png", crop) if crop else None,
        })
    fields["doubts"] = doubts
    return ScanPage.objects.filter(pk=page.pk, state=PageState.QUEUED).update(**fields) == 1


def _ref(page: ScanPage) -> PageRef:
    return PageRef(str(storage.absolute(page.file.stored)), page.page, page.file.pages)


def read_waiting(run_id: int) -> None:
    """Reads every queued page of the run, then (the stack complete) finds duplicates."""
    run = ScanRun.objects.select_related("poll", "poll__election", "poll__motion").get(
        pk=run_id)
    readers = pool(run.poll)
    while True:
        waiting = list(ScanPage.objects.filter(run=run, state=PageState.QUEUED)
                       .select_related("file", "run").order_by("order")[:CHUNK])
        if not waiting:
            break
        outcomes = readers.read([_ref(p) for p in waiting])
        for page, outcome in zip(waiting, outcomes, strict=True):
            _store(page, outcome)
        ScanRun.objects.filter(pk=run.pk).update(heartbeat=timezone.now())
    run.refresh_from_db()
    if run.complete and run.read_at is None:
        _find_duplicates(run, readers.reader)


def _find_duplicates(run: ScanRun, reader) -> None:
    pages = list(ScanPage.objects.filter(run=run).select_related("file").order_by("order"))
    if any(p.state == PageState.QUEUED for p in pages):
        return
    refs = [_ref(p) for p in pages]
    results = [result_from_fingerprint(r.path, r.page, p.fingerprint)
               for p, r in zip(pages, refs, strict=True)]
    mark_duplicates(reader, refs, results, images=False)
    with transaction.atomic():
        for page, result in zip(pages, results, strict=True):
            if any(d.why == "duplicate_page" for d in result.doubts) \
                    and page.kind != PageKind.DUPLICATE:
                ScanPage.objects.filter(pk=page.pk).update(
                    state=PageState.SET_ASIDE, kind=PageKind.DUPLICATE,
                    doubts=[{"candidate": None, "why": "duplicate_page", "crop": None}],
                )
        if ScanRun.objects.filter(pk=run.pk, read_at=None).update(read_at=timezone.now()):
            states = {s: 0 for s in PageState.values}
            for state in ScanPage.objects.filter(run=run).values_list("state", flat=True):
                states[state] += 1
            record(congress=run.poll.congress_id, actor=None, action="scans.read",
                   subject=f"poll:{run.poll_id}", data={"run": run.number, **states})


_reading: set[int] = set()
_reading_lock = threading.Lock()


def start_reading(run_id: int) -> bool:
    """Reads the run's waiting pages on a thread of this process (once per run)."""
    with _reading_lock:
        if run_id in _reading:
            return False
        _reading.add(run_id)
    ScanRun.objects.filter(pk=run_id).update(heartbeat=timezone.now())

    def work() -> None:
        try:
            close_old_connections()
            while True:
                read_waiting(run_id)
                # Pages queued while this pass ran (a later batch of the same upload).
                if not ScanPage.objects.filter(run_id=run_id, state=PageState.QUEUED).exists():
                    break
        except Exception:
            log.exception("reading scan run %s failed", run_id)
        finally:
            with _reading_lock:
                _reading.discard(run_id)
            close_old_connections()
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=work, name=f"scan-run-{run_id}", daemon=True)
    thread.start()
    return True


def resume(*, poll: Poll) -> list[int]:
    """Picks up runs whose reader stopped (the server restarted mid-stack): their waiting
    pages are read again. Safe to call on every look at the poll's scans."""
    resumed = []
    cutoff = timezone.now() - STALE_AFTER
    for run in ScanRun.objects.filter(poll=poll, discarded_at=None, read_at=None):
        with _reading_lock:
            here = run.pk in _reading
        if here:
            continue
        waiting = ScanPage.objects.filter(run=run, state=PageState.QUEUED).exists()
        if not waiting and not run.complete:
            continue  # the uploader is still sending files
        stale = run.heartbeat is None or run.heartbeat < cutoff or not waiting
        # Another process may be reading it: take it over only when it has gone quiet,
        # and only once (compare-and-set on the heartbeat).
        if stale and ScanRun.objects.filter(pk=run.pk, heartbeat=run.heartbeat).update(
                heartbeat=timezone.now()) == 1:
            start_reading(run.pk)
            resumed.append(run.pk)
    return resumed


# -- decisions ---------------------------------------------------------------------------------


def decide_page(
    *, page: ScanPage, by: Any, content: dict[str, Any] | None = None,
    set_aside: bool = False,
) -> ScanPage:
    """A scrutineer decides what a page says (marks, names written, spoiled) after looking
    at it, or sets it aside as no ballot of this poll. A decision can be corrected; every
    one is in the audit log with who and when."""
    run = page.run
    poll = run.poll
    _must_be_scrutineer(poll, by)
    if run.discarded_at is not None:
        raise Refused(_("This scan run was discarded."))
    if run.read_at is None:
        raise WrongState(_("The pages are decided once the whole stack is read."))
    if set_aside:
        decision: dict[str, Any] = {"set_aside": True}
    else:
        if content is None:
            raise Refused(_("Say what the ballot says, or set the page aside."))
        check_content(poll, content)
        decision = content
    now = timezone.now()
    with transaction.atomic():
        ScanPage.objects.filter(pk=page.pk).update(
            decision=decision, decided_by=by, decided_at=now,
            state=PageState.SET_ASIDE if set_aside else PageState.DECIDED,
        )
        record(
            congress=poll.congress_id, actor=by, action="scans.decided",
            subject=f"poll:{poll.pk}",
            data={"run": run.number, "page": page.order, "file": page.file.name,
                  "file_page": page.page, "was": page.decision or page.reading,
                  "decision": decision},
        )
    page.refresh_from_db()
    return page


def discard_run(*, run: ScanRun, reason: str, by: Any) -> ScanRun:
    """A scrutineer takes a whole run out (the wrong stack, a run to redo); its files stay
    in the record, marked discarded with the reason."""
    _must_be_scrutineer(run.poll, by)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the scan run is discarded."))
    if len(reason) > 200:
        raise Refused(_("The reason is at most 200 characters."))
    with transaction.atomic():
        if ScanRun.objects.filter(pk=run.pk, discarded_at=None).update(
            discarded_at=timezone.now(), discarded_by=by, discard_reason=reason
        ) != 1:
            raise Refused(_("This scan run is already discarded."))
        record(congress=run.poll.congress_id, actor=by, action="scans.run_discarded",
               subject=f"poll:{run.poll_id}", data={"run": run.number, "reason": reason})
    run.refresh_from_db()
    return run
