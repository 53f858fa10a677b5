"""Every write of the unions app: organisations, the member roster, a chair election's stages.

Each service checks what the rules core and the stage allow, writes in one transaction with
its audit entry, and raises `Refused` (nothing stored) otherwise. The stage moves by
compare-and-set, so two people pressing the same button move it once. The audit entries go
to the installation's chain (`congress=None`), their subject naming the union or election.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from fractions import Fraction

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui import rules
from dahui.audit.services import record
from dahui.rules.chair import (
    BAR_REASONS,
    Standing,
    chair_vote_rules,
    next_election_due,
    notice_is_long_enough,
    standing_exclusions,
    tally_nominations,
    vacancy_fill_by,
)
from dahui.rules.stroke_order import ballot_order
from dahui.unions.errors import Refused
from dahui.unions.members_import import (
    FIELDS,
    MembersPlan,
    MembersRefused,
    members_fingerprint,
    parse_members,
    plan_members,
)
from dahui.unions.models import (
    Branch,
    Candidate,
    ChairElection,
    ChairTerm,
    Decision,
    DecisionKind,
    Member,
    MemberUpload,
    Nomination,
    NominationMethod,
    NominationName,
    Objection,
    Stage,
    Union,
    UnionKind,
    UnionRole,
)

BATCH = 5000


def _subject(obj) -> str:
    return f"{type(obj).__name__.lower()}:{obj.pk}"


def _log(*, by, action: str, obj, data: dict | None = None) -> None:
    record(congress=None, actor=by, action=action, subject=_subject(obj), data=data)


# Organisations ---------------------------------------------------------------------------


def create_union(*, name: str, kind: str, parent: Union | None = None, by) -> Union:
    if (kind == UnionKind.HIGHER) != (parent is None):
        raise Refused(_("A higher union stands alone; a grassroots union needs one above it."))
    if parent is not None and parent.kind != UnionKind.HIGHER:
        raise Refused(_("%(name)s is not a higher union.") % {"name": parent.name})
    with transaction.atomic():
        union = Union.objects.create(name=name, kind=kind, parent=parent)
        _log(by=by, action="union.create", obj=union,
             data={"name": name, "kind": kind, "parent": parent.pk if parent else None})
    return union


def grant_union_role(*, union: Union, user, role: str, by) -> UnionRole:
    with transaction.atomic():
        held, created = UnionRole.objects.get_or_create(union=union, user=user, role=role)
        if created:
            _log(by=by, action="union.grant_role", obj=union,
                 data={"user": user.get_username(), "role": role})
    return held


# The member roster ------------------------------------------------------------------------


def upload_members(*, union: Union, data: bytes, filename: str, by) -> tuple[MemberUpload,
                                                                            MembersPlan]:
    """Check a roster file and keep it for the preview; raise MembersRefused (nothing kept)."""
    plan = plan_members(parse_members(data, filename), union=union)
    upload = MemberUpload.objects.create(union=union, filename=filename[:200], data=data,
                                         fingerprint=plan.fingerprint, uploaded_by=by)
    return upload, plan


def apply_upload(*, upload: MemberUpload, by) -> MembersPlan:
    """Apply a previewed file, if the roster is still the one it was previewed against."""
    union = upload.union
    plan = plan_members(parse_members(bytes(upload.data), upload.filename), union=union)
    if plan.fingerprint != upload.fingerprint:
        raise MembersRefused([_("The roster changed since this preview; upload the file again.")])
    apply_members(union=union, plan=plan, by=by, source=upload.filename)
    MemberUpload.objects.filter(union=union).delete()
    return plan


def apply_members(*, union: Union, plan: MembersPlan, by, source: str) -> None:
    """Apply a plan in one transaction with bulk writes; refuse it if the roster moved on."""
    with transaction.atomic():
        # Lock the union row so two imports of one union run one after the other.
        Union.objects.select_for_update().filter(pk=union.pk).first()
        if members_fingerprint(union) != plan.fingerprint:
            raise MembersRefused([_("The roster changed since this preview; "
                                    "upload the file again.")])
        Branch.objects.bulk_create([Branch(union=union, name=name) for name in plan.new_branches],
                                   batch_size=BATCH)
        branch_ids = dict(union.branches.values_list("name", "pk"))

        def values(row) -> dict:
            data = {name: getattr(row, name) for name in FIELDS if name != "branch"}
            return {**data, "branch_id": branch_ids[row.branch]}

        removed = [pk for pk, _number, _name in plan.removals]
        for start in range(0, len(removed), 900):
            Member.objects.filter(pk__in=removed[start:start + 900]).delete()
        _insert_members(union, plan.adds, branch_ids)
        if plan.changes:
            changed = [Member(pk=pk, union=union, **values(row)) for pk, row in plan.changes]
            Member.objects.bulk_update(
                changed, [n if n != "branch" else "branch_id" for n in FIELDS], batch_size=1000
            )
        _log(by=by, action="union.members_import", obj=union, data={
            "source": source, "added": len(plan.adds), "changed": len(plan.changes),
            "removed": len(plan.removals), "new_branches": plan.new_branches,
        })


def _insert_members(union: Union, rows, branch_ids: dict[str, int]) -> None:
    """Insert new members with one prepared INSERT run over all rows (executemany).

    A roster of 100,000 members arrives in one file; building a model instance per row and
    letting bulk_create compile every batch costs several times the insert itself.
    """
    meta = Member._meta
    names = [n if n != "branch" else "branch_id" for n in FIELDS]
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column)
                        for n in ("union", *names))
    placeholders = ", ".join(["%s"] * (len(names) + 1))
    sql = (f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "
           f"VALUES ({placeholders})")
    values = [
        (union.pk, *(branch_ids[row.branch] if n == "branch_id" else getattr(row, n)
                     for n in names))
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start:start + BATCH])


def standing_of(member: Member) -> Standing:
    return Standing(
        executive=member.executive, deputy_executive=member.deputy_executive,
        partner=member.partner,
        close_relative_of_executive_or_partner=member.close_relative,
        head_of_hr=member.head_of_hr, foreign_employee=member.foreign_employee,
    )


# The election's stages -----------------------------------------------------------------


def _move(election: ChairElection, *, frm: Stage, to: Stage, **fields) -> None:
    """Compare-and-set the stage; Refused when someone else moved it first."""
    moved = ChairElection.objects.filter(pk=election.pk, stage=frm).update(stage=to, **fields)
    if moved != 1:
        raise Refused(_("The election is not at the stage “%(stage)s” any more; reload the page.")
                      % {"stage": Stage(frm).label})
    election.stage = to
    for name, value in fields.items():
        setattr(election, name, value)


def _at(election: ChairElection, *stages: Stage) -> None:
    if election.stage not in stages:
        raise Refused(_("Not possible at the stage “%(stage)s”.")
                      % {"stage": Stage(election.stage).label})


def start_election(*, union: Union, title: str, formed_on: dt.date, preparatory_group: str,
                   method: str = NominationMethod.BRANCH, seats: int = 1,
                   places: int | None = None, term_years: int = 5, by) -> ChairElection:
    """Record the preparatory group (Art 7): the election's first stage."""
    if union.kind == UnionKind.HIGHER:
        raise Refused(_("A chair is elected directly in a grassroots union."))
    required = rules.min_candidates(seats, Fraction(1, 20))
    places = required if places is None else places
    if places < required:
        raise Refused(_("The list needs at least %(n)d candidates for %(seats)d seat(s) "
                        "(more candidates than seats).") % {"n": required, "seats": seats})
    if not preparatory_group.strip():
        raise Refused(_("Name the members of the preparatory group."))
    with transaction.atomic():
        election = ChairElection.objects.create(
            union=union, title=title, formed_on=formed_on, preparatory_group=preparatory_group,
            method=method, seats=seats, places=places, term_years=term_years,
            notice_token=secrets.token_urlsafe(16),
        )
        _log(by=by, action="chair.start", obj=election, data={
            "union": union.pk, "title": title, "formed_on": formed_on, "method": method,
            "seats": seats, "places": places, "preparatory_group": preparatory_group,
        })
    return election


def open_nomination(*, election: ChairElection, by) -> None:
    with transaction.atomic():
        _move(election, frm=Stage.PREPARATORY, to=Stage.NOMINATION)
        _log(by=by, action="chair.open_nomination", obj=election)


def nominate(*, election: ChairElection, branch: Branch | None, numbers: Sequence[str],
             by) -> Nomination:
    """Enter one branch's nomination (or one secret nomination ballot) by member numbers.

    Refused, nothing stored: a number not on this union's roster, a person barred by Art 6
    (the refusal and its reasons are written to the audit log), more names than the list
    holds, a branch of another union or one that has already nominated.
    """
    _at(election, Stage.NOMINATION)
    numbers = [n.strip() for n in numbers if n.strip()]
    if not numbers:
        raise Refused(_("Name at least one person."))
    if len(set(numbers)) > election.places:
        raise Refused(_("A nomination names at most %(n)d people.") % {"n": election.places})
    if election.method == NominationMethod.BRANCH:
        if branch is None or branch.union_id != election.union_id:
            raise Refused(_("Choose one of this union's branches."))
    elif branch is not None:
        raise Refused(_("A secret nomination ballot belongs to no branch."))
    found = {m.number: m for m in Member.objects.filter(union_id=election.union_id,
                                                        number__in=numbers)}
    unknown = [n for n in numbers if n not in found]
    if unknown:
        raise Refused(_("Not on this union's member roster: %(numbers)s.")
                      % {"numbers": "、".join(unknown)})
    for member in found.values():
        bars = standing_exclusions(standing_of(member))
        if bars:
            reasons = "、".join(BAR_REASONS[bar] for bar in bars)
            _log(by=by, action="chair.nomination_refused", obj=election, data={
                "branch": branch.name if branch else None, "member": member.number,
                "name": member.name, "reasons": [BAR_REASONS[bar] for bar in bars],
            })
            raise Refused(_("%(name)s (%(number)s) may not stand (Art 6): %(reasons)s.")
                          % {"name": member.name, "number": member.number, "reasons": reasons})
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(election=election, branch=branch,
                                                   entered_by=by)
            NominationName.objects.bulk_create(
                [NominationName(nomination=nomination, member=found[n]) for n in dict.fromkeys(
                    numbers)]
            )
            _log(by=by, action="chair.nominate", obj=election, data={
                "branch": branch.name if branch else None, "nomination": nomination.pk,
                "names": [f"{found[n].number} {found[n].name}" for n in dict.fromkeys(numbers)]
                if branch else len(set(numbers)),
            })
    except IntegrityError:
        raise Refused(_("%(branch)s has already nominated.") % {"branch": branch}) from None
    return nomination


def nomination_tally(election: ChairElection, *, include_ties: bool = False):
    """The tally of the nominations entered so far (rules core), with the members by id."""
    names = NominationName.objects.filter(nomination__election=election).values_list(
        "nomination_id", "member_id")
    by_nomination: dict[int, list[str]] = {}
    for nomination_id, member_id in names:
        by_nomination.setdefault(nomination_id, []).append(str(member_id))
    members = {str(m.pk): m for m in Member.objects.select_related("branch").filter(
        pk__in={int(p) for ps in by_nomination.values() for p in ps})}
    result = tally_nominations(
        by_nomination.values(), seats=election.seats, places=election.places,
        members={pk: standing_of(m) for pk, m in members.items()}, include_ties=include_ties,
    )
    return result, members


def draw_up_candidates(*, election: ChairElection, include_ties: bool = False, by) -> list:
    """The candidate list by the majority's nominations (Art 8, rule 2)."""
    _at(election, Stage.NOMINATION)
    result, members = nomination_tally(election, include_ties=include_ties)
    if result.status == "too_few":
        raise Refused(_("Only %(n)d eligible people were nominated; the list needs %(required)d "
                        "(more candidates than seats).")
                      % {"n": len(result.candidates), "required": result.required})
    if result.status == "tie_at_cut":
        raise Refused(_("%(names)s are tied at the cut for %(left)d place(s): hold a further "
                        "nomination round, or take all of them onto the list.")
                      % {"names": "、".join(members[p].name for p in result.tied),
                         "left": result.places_left})
    counts = {c.person: c.nominations for c in result.counts}
    with transaction.atomic():
        _move(election, frm=Stage.NOMINATION, to=Stage.CANDIDATES)
        Candidate.objects.bulk_create([
            Candidate(election=election, member=members[p], nominations=counts[p])
            for p in result.candidates
        ])
        _log(by=by, action="chair.candidates", obj=election, data={
            "nominations": result.nominations, "void": result.void_nominations,
            "candidates": [{"member": members[p].number, "name": members[p].name,
                            "nominations": counts[p]} for p in result.candidates],
            "include_ties": include_ties,
        })
    return list(election.candidates.all())


def _decide(*, election: ChairElection, kind: str, approved: bool, decided_by: str,
            note: str, frm: Stage, to: Stage, by) -> Decision:
    _at(election, frm)
    if not decided_by.strip():
        raise Refused(_("Name who decided."))
    with transaction.atomic():
        if approved:
            _move(election, frm=frm, to=to)
        decision = Decision.objects.create(election=election, kind=kind, approved=approved,
                                           decided_by=decided_by.strip(), note=note,
                                           recorded_by=by)
        _log(by=by, action=f"chair.decision.{kind}", obj=election, data={
            "approved": approved, "decided_by": decision.decided_by, "note": note,
        })
    return decision


def record_party_vetting(*, election: ChairElection, approved: bool, decided_by: str,
                         note: str = "", by) -> Decision:
    """The Party organisation's vetting of the list (Art 9), recorded with who and when."""
    return _decide(election=election, kind=DecisionKind.PARTY_VETTING, approved=approved,
                   decided_by=decided_by, note=note, frm=Stage.CANDIDATES, to=Stage.VETTED,
                   by=by)


def approve_by_higher_union(*, election: ChairElection, approved: bool, note: str = "",
                            by) -> Decision:
    """The higher union's approval (Art 11): an action of its own staff (see access)."""
    return _decide(election=election, kind=DecisionKind.HIGHER_APPROVAL, approved=approved,
                   decided_by=election.union.parent.name, note=note, frm=Stage.VETTED,
                   to=Stage.APPROVED, by=by)


def post_notice(*, election: ChairElection, posted_on: dt.date, vote_on: dt.date,
                by) -> None:
    """Post the 公示 (Art 10): at least 7 days before the vote, or refused."""
    _at(election, Stage.APPROVED)
    if not notice_is_long_enough(posted=posted_on, vote=vote_on):
        raise Refused(_("The public notice must run at least 7 days before the vote: "
                        "%(posted)s to %(vote)s is %(days)d day(s).")
                      % {"posted": posted_on, "vote": vote_on,
                         "days": (vote_on - posted_on).days})
    with transaction.atomic():
        _move(election, frm=Stage.APPROVED, to=Stage.NOTICE, notice_posted_on=posted_on,
              vote_on=vote_on)
        _log(by=by, action="chair.notice", obj=election,
             data={"posted_on": posted_on, "vote_on": vote_on})


def submit_objection(*, election: ChairElection, text: str, name: str = "",
                     contact: str = "") -> Objection:
    """Anyone reading the notice may object while it runs; the author may stay anonymous."""
    if election.stage != Stage.NOTICE:
        raise Refused(_("Objections are taken while the public notice runs."))
    text = text.strip()
    if not text:
        raise Refused(_("Write the objection."))
    with transaction.atomic():
        objection = Objection.objects.create(election=election, text=text[:4000],
                                             submitted_by=name.strip()[:50],
                                             contact=contact.strip()[:50])
        _log(by="public", action="chair.objection", obj=election,
             data={"objection": objection.pk})
    return objection


def answer_objection(*, objection: Objection, answer: str, by) -> None:
    if not answer.strip():
        raise Refused(_("Write the answer."))
    with transaction.atomic():
        if Objection.objects.filter(pk=objection.pk, answered_at__isnull=True).update(
            answer=answer.strip(), answered_by=by, answered_at=timezone.now()
        ) != 1:
            raise Refused(_("This objection has been answered already."))
        _log(by=by, action="chair.objection_answered", obj=objection.election,
             data={"objection": objection.pk, "answer": answer.strip()})


def draw_speaking_order(*, election: ChairElection, by) -> list[Candidate]:
    """Close the notice and draw the candidates' speaking order by lot (recorded)."""
    _at(election, Stage.NOTICE)
    if election.objections.filter(answered_at__isnull=True).exists():
        raise Refused(_("Answer every objection before the statements."))
    candidates = list(ballot_order(election.candidates.select_related("member")))
    secrets.SystemRandom().shuffle(candidates)
    with transaction.atomic():
        _move(election, frm=Stage.NOTICE, to=Stage.STATEMENTS)
        for position, candidate in enumerate(candidates, start=1):
            candidate.speaking_order = position
        Candidate.objects.bulk_update(candidates, ["speaking_order"])
        _log(by=by, action="chair.speaking_order", obj=election, data={
            "order": [c.member.name for c in candidates]})
    return candidates


def record_vote(*, election: ChairElection, entitled: int, issued: int, returned: int,
                invalid: int, counts: dict[int, tuple[int, int]], voted_on: dt.date, by):
    """The counted vote of the 会员大会 (Art 14–16), decided by the rules core.

    The preset refuses a base other than all entitled members and proxies; a vote before
    the notice ran 7 days is refused. Someone elected moves the election to `voted`; a vote
    that elected nobody is recorded and the election stays for a further round.
    """
    _at(election, Stage.STATEMENTS)
    if not notice_is_long_enough(posted=election.notice_posted_on, vote=voted_on):
        raise Refused(_("The vote is less than 7 days after the public notice was posted."))
    candidates = list(ballot_order(election.candidates.select_related("member")))
    try:
        contest = rules.Election(
            title=election.title, seats=election.seats, entitled=entitled, issued=issued,
            candidates=tuple(rules.Candidate(id=str(c.member_id), name=c.member.name)
                             for c in candidates),
            rules=chair_vote_rules(),
        )
        result = rules.tally_election_totals(
            contest, returned=returned, invalid=invalid,
            counts={str(k): v for k, v in counts.items()},
        )
    except rules.RulesError as error:
        raise Refused(_("The figures cannot be right: %(why)s") % {"why": error}) from None
    data = {
        "status": str(result.status), "entitled": entitled, "issued": issued,
        "returned": returned, "valid": result.valid, "invalid": result.invalid,
        "quorum_required": result.quorum_required, "threshold": result.threshold,
        "voted_on": voted_on.isoformat(),
        "results": [{"member": int(r.id), "name": r.name, "for": r.for_,
                     "against": r.against, "abstain": r.abstain, "elected": r.elected}
                    for r in result.results],
        "elected": [int(i) for i in result.elected],
    }
    with transaction.atomic():
        if result.elected:
            _move(election, frm=Stage.STATEMENTS, to=Stage.VOTED, result=data,
                  elected_id=int(result.elected[0]))
        else:
            ChairElection.objects.filter(pk=election.pk).update(result=data)
            election.result = data
        _log(by=by, action="chair.vote", obj=election, data=data)
    return result


def report_to_higher_union(*, election: ChairElection, reported_on: dt.date, by) -> None:
    with transaction.atomic():
        _move(election, frm=Stage.VOTED, to=Stage.REPORTED, reported_on=reported_on)
        _log(by=by, action="chair.reported", obj=election, data={"reported_on": reported_on})


def register_chair(*, election: ChairElection, by) -> ChairTerm:
    """The higher union enters the elected chair on its register; a sitting chair's term ends."""
    _at(election, Stage.REPORTED)
    elected_on = dt.date.fromisoformat(election.result["voted_on"])
    member = Member.objects.get(pk=election.elected_id)
    with transaction.atomic():
        _move(election, frm=Stage.REPORTED, to=Stage.REGISTERED)
        ChairTerm.objects.filter(union=election.union, vacated_on__isnull=True).update(
            vacated_on=elected_on)
        term = ChairTerm.objects.create(
            union=election.union, name=member.name, member=member, election=election,
            elected_on=elected_on, term_years=election.term_years,
            next_election_due=next_election_due(elected_on=elected_on,
                                                term_years=election.term_years),
        )
        _log(by=by, action="chair.registered", obj=election, data={
            "name": member.name, "elected_on": elected_on,
            "next_election_due": term.next_election_due})
    return term


def add_register_entry(*, union: Union, name: str, elected_on: dt.date, term_years: int,
                       by) -> ChairTerm:
    """A chair elected before dahui kept the register (for the register's history)."""
    with transaction.atomic():
        try:
            term = ChairTerm.objects.create(
                union=union, name=name, elected_on=elected_on, term_years=term_years,
                next_election_due=next_election_due(elected_on=elected_on,
                                                    term_years=term_years))
        except IntegrityError:
            raise Refused(_("%(union)s has a sitting chair on the register.")
                          % {"union": union.name}) from None
        _log(by=by, action="chair.register_entry", obj=term,
             data={"union": union.pk, "name": name, "elected_on": elected_on})
    return term


def record_vacancy(*, term: ChairTerm, vacated_on: dt.date, by) -> None:
    """The chair's office fell vacant: a new chair within three months (Art 18)."""
    if vacated_on < term.elected_on:
        raise Refused(_("A chair cannot leave before being elected."))
    fill_by = vacancy_fill_by(vacated_on=vacated_on)
    with transaction.atomic():
        if ChairTerm.objects.filter(pk=term.pk, vacated_on__isnull=True).update(
            vacated_on=vacated_on, fill_by=fill_by
        ) != 1:
            raise Refused(_("This chair's term has ended already."))
        _log(by=by, action="chair.vacancy", obj=term,
             data={"vacated_on": vacated_on, "fill_by": fill_by})
