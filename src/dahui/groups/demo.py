"""The demo congress's group discussions: one group per delegation, a convener and a
recorder in each, every group discussing the reports in its own room, and the first two
groups' summaries of the work report written and submitted by their recorders.

Everything goes through the services, as the pages would do it. The recorders of the first
two groups get a password login (printed in the summary) so the demo can be tried on a phone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from dahui.congress.models import AgendaKind, Congress, CongressRole, Delegate
from dahui.groups import selectors, services
from dahui.groups.models import DiscussionGroup, GroupRoleKind

SEED = 20261218
DEMO_PASSWORD = "dahui-demo-2026"
RECORDER_LOGINS = ("jilu1", "jilu2")
SITTING_TIMES = ((10, 40), (12, 0))  # the morning's reports are discussed before lunch
SUMMARIES = (
    ("代表们一致认为，工作报告实事求是、重点突出，总结五年工作成绩客观，分析问题准确，"
     "提出的今后五年目标任务符合全市职工队伍实际，一致表示拥护。代表们结合本行业实际，"
     "谈到安全生产、技能提升和困难职工帮扶方面的体会，认为报告讲到了职工心坎上。",
     "加大对井下一线职工技能培训的投入，推广“师带徒”做法\n"
     "进一步完善困难职工帮扶机制，做到精准帮扶\n"
     "建议在报告中增加维护职工安全生产权益的内容"),
    ("代表们认为，工作报告总结成绩实在，谋划工作思路清晰，体现了工会组织服务职工、"
     "服务大局的要求。大家围绕产业工人队伍建设改革、劳动竞赛和职工文化阵地建设进行了"
     "热烈讨论，对报告表示赞同。",
     "深化产业工人队伍建设改革，畅通技术工人职业发展通道\n"
     "在钢铁企业持续开展节能降耗劳动竞赛"),
)


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), selectors.local_zone())


@transaction.atomic
def seed_groups(*, congress: Congress) -> str:
    """Add the demo's group discussions to `congress` (once); return what to print."""
    if DiscussionGroup.objects.filter(congress=congress).exists():
        return summary(congress)
    by = get_user_model().objects.filter(is_superuser=True).first()
    rng = random.Random(SEED)
    services.groups_from_delegations(congress=congress, by=by)
    reports = list(congress.agenda_items.filter(kind=AgendaKind.REPORT).order_by("order"))
    day = congress.starts_on
    start, end = (_local(day, *SITTING_TIMES[0]), _local(day, *SITTING_TIMES[1]))
    groups = list(selectors.groups(congress))
    staff = set(CongressRole.objects.filter(congress=congress).values_list("user_id", flat=True))
    for number, group in enumerate(groups, start=1):
        # Conveners and recorders from the floor: not the presidium or the scrutineers, whose
        # logins the congress demo has already named.
        members = [m for m in selectors.members(group) if m.user_id not in staff]
        if len(members) < 2:
            continue
        convener, recorder = rng.sample(members, 2)
        services.assign_role(group=group, role=GroupRoleKind.CONVENER, user=convener.user,
                             by=by)
        if number <= len(RECORDER_LOGINS):
            _password_login(recorder, RECORDER_LOGINS[number - 1])
        services.assign_role(group=group, role=GroupRoleKind.RECORDER, user=recorder.user,
                             by=by)
        for report in reports:
            services.schedule_sitting(group=group, item=report, room=f"第{number}分会场",
                                      starts_at=start, ends_at=end, by=by)
    work_report = next((r for r in reports if "工作报告" in r.title), None)
    if work_report is not None:
        for group, (text, opinions) in zip(groups, SUMMARIES, strict=False):
            recorder = group.roles.filter(role=GroupRoleKind.RECORDER).first()
            if recorder is None:
                continue
            present = max(1, group.members.count() - rng.randrange(0, 3))
            services.save_summary(group=group, item=work_report, text=text, opinions=opinions,
                                  present=present, submit=True, by=recorder.user)
    return summary(congress)


def _password_login(delegate: Delegate, username: str) -> None:
    user = delegate.user
    user.username = username
    user.first_name = delegate.name
    user.set_password(DEMO_PASSWORD)
    user.save()


def summary(congress: Congress) -> str:
    lines = [f"Group discussions (/c/{congress.pk}/groups/; bulletin: "
             f"/c/{congress.pk}/bulletins/):"]
    for group in selectors.groups(congress):
        holders = selectors.role_holders(group)
        recorder = holders[GroupRoleKind.RECORDER]
        login = (f" (login {recorder.username}, password {DEMO_PASSWORD})"
                 if recorder is not None and recorder.username in RECORDER_LOGINS else "")
        lines.append(
            f"  {group.name}: {group.member_count} members, convener "
            f"{selectors.person_name(holders[GroupRoleKind.CONVENER]) or '—'}, recorder "
            f"{selectors.person_name(recorder) or '—'}{login}"
        )
    return "\n".join(lines)
