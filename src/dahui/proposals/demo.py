"""The demo's proposals: a collection window around the congress, the proposals committee,
two departments with a user each, and proposals in every state, all made through the
services (so the audit log and the numbers are what a real run would leave)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dahui.congress import services as congress_services
from dahui.congress.models import Congress, Delegate, DelegateStatus, Role
from dahui.proposals import services
from dahui.proposals.models import DEFAULT_CATEGORIES
from dahui.proposals.selectors import settings_of
from dahui.rules import proposals as rules

PASSWORD = "dahui-demo-2026"  # the demo's one password, as congress.demo prints it
COMMITTEE = ("tian", "提案审查委员会")
DEPARTMENTS = (("劳动保护部", "laobao"), ("经济工作部", "jingji"))

# (title, category, case, measures)
TEXTS = [
    ("关于加强高温季节一线职工劳动保护的建议", "劳动保护/安全生产",
     "近年夏季高温天数增多，部分建筑、钢铁企业高温津贴发放不及时，露天作业时间安排不合理。",
     "督促用人单位按标准足额发放高温津贴；高温时段调整露天作业时间；工会组织开展送清凉活动。"),
    ("关于推动煤矿井下智能化改造减少危险岗位的建议", "劳动保护/安全生产",
     "井下采掘一线危险岗位多，职工劳动强度大，部分矿井智能化改造进度慢。",
     "争取专项资金支持智能化改造；改造中做好转岗职工技能培训。"),
    ("关于提高产业工人技能等级工资待遇的建议", "工资分配",
     "部分企业技能等级评定后未与薪酬挂钩，高技能人才待遇偏低。",
     "推动企业建立技能等级与工资挂钩机制，将技能津贴纳入工资集体协商。"),
    ("关于扩大职工互助保障覆盖面的建议", "社会保障",
     "非公企业和新就业形态劳动者参加职工互助保障的比例偏低。",
     "简化参保手续，对困难企业职工给予参保补贴。"),
    ("关于建设职工子女暑期托管班的建议", "职工生活",
     "双职工家庭暑期子女无人照看，职工后顾之忧较多。",
     "依托职工之家、学校场地开办暑期托管班，工会经费给予补助。"),
    ("关于加强新就业形态劳动者入会工作的建议", "工会建设",
     "快递员、网约车司机等新就业形态劳动者入会率低，维权渠道不畅。",
     "在物流园区和商圈设立流动服务站，推行网上入会。"),
    ("关于企业内部食堂承包管理的意见", "职工生活",
     "某单位食堂承包商更换频繁，饭菜质量不稳定。",
     "建议单位加强对承包商的考核。"),
    ("关于高温津贴标准动态调整的建议", "工资分配",
     "高温津贴标准多年未调整，与物价上涨不相适应。",
     "建议建立高温津贴标准动态调整机制。"),
    ("关于开展劳模工匠进校园活动的建议", "工会建设",
     "青年学生对劳模精神、工匠精神了解不多。",
     "组织劳模工匠到职业院校授课、带徒。"),
    ("关于稳定县域中小企业就业岗位的建议", "劳动就业",
     "县域中小企业用工波动大，职工稳岗压力大。",
     "落实稳岗返还政策，工会开展就业援助月活动。"),
]


def _user(username: str, display: str):
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is None:
        user = users.objects.create_user(username=username, password=PASSWORD,
                                         first_name=display)
    return user


def _window(congress: Congress) -> tuple[dt.datetime, dt.datetime]:
    """Open from two weeks before the congress until noon of its first day, and in any case
    around today, so the demo's delegates can write and second proposals on their phones."""
    tz = timezone.get_current_timezone()
    closes = dt.datetime.combine(congress.starts_on, dt.time(12, 0), tz)
    opens = closes - dt.timedelta(days=16)
    now = timezone.now()
    return min(opens, now - dt.timedelta(days=1)), max(closes, now + dt.timedelta(days=2))


def _write(text, proposer: Delegate, seconders: list[Delegate], *, joint: bool = False,
           confirm: int | None = None, hand_in: bool = True):
    title, category, case, measures = text
    proposal = services.write_proposal(
        proposer=proposer, title=title, case=case, measures=measures, category=category,
        joint=joint, invite=seconders, by=proposer.user,
    )
    for delegate in seconders[:confirm]:
        services.second(proposal=proposal, delegate=delegate, by=delegate.user)
    return services.submit(proposal=proposal, by=proposer.user) if hand_in else proposal


@transaction.atomic
def seed_proposals(*, congress: Congress) -> str:
    """Add the demo's proposals to `congress` (once); return the lines to print."""
    if congress.proposals.exists():
        return summary(congress)
    admin = get_user_model().objects.filter(is_superuser=True).first()
    opens, closes = _window(congress)
    services.configure(
        congress=congress, opens_at=opens, closes_at=closes,
        min_seconders=rules.DEFAULT_MIN_SECONDERS, min_joint=rules.DEFAULT_MIN_JOINT,
        categories=list(DEFAULT_CATEGORIES), second_reply_days=30, by=admin,
    )
    committee = _user(*COMMITTEE)
    congress_services.grant_role(congress=congress, user=committee, role=Role.PROPOSALS, by=admin)
    departments = []
    for name, username in DEPARTMENTS:
        department = services.add_department(congress=congress, name=name, by=admin)
        services.add_department_member(department=department, username=username,
                                       password=PASSWORD, by=admin)
        departments.append(department)
    safety, economy = departments

    # Delegates from the floor with a QR login of their own (not the staff who are also
    # delegates), the same ones on every run.
    floor = list(Delegate.objects.filter(congress=congress, status=DelegateStatus.FORMAL,
                                         user__username__startswith="d")
                 .select_related("user").order_by("number")[10:60])
    people = iter(floor)

    def take(n: int) -> list[Delegate]:
        return [next(people) for _ in range(n)]

    deadline = congress.ends_on + dt.timedelta(days=90)
    (p, *s) = take(3)
    handled = _write(TEXTS[0], p, s)
    services.register(proposal=handled, by=committee)
    services.assign(proposal=handled, departments=[safety, economy], lead=safety,
                    deadline=deadline, by=committee)

    (p, *s) = take(3)
    replied = _write(TEXTS[1], p, s)
    services.register(proposal=replied, by=committee)
    services.assign(proposal=replied, departments=[safety], lead=safety, deadline=deadline,
                    by=committee)
    services.reply(proposal=replied, department=safety, by=_user("laobao", ""),
                   text="已会同市应急管理局将智能化改造列入年度重点工作，首批5座矿井年内完成改造，"
                        "转岗职工培训由市总工会职工技能培训中心承担。")

    for text, verdict in ((TEXTS[2], rules.SATISFIED), (TEXTS[3], rules.NOT_SATISFIED)):
        (p, *s) = take(3)
        proposal = _write(text, p, s)
        services.register(proposal=proposal, by=committee)
        services.assign(proposal=proposal, departments=[economy], lead=economy,
                        deadline=deadline, by=committee)
        services.reply(proposal=proposal, department=economy, by=_user("jingji", ""),
                       text="已将相关内容纳入今年工资集体协商要点，并印发指导意见。"
                       if verdict == rules.SATISFIED else
                       "已向市人社局反映，待政策出台后推动落实。")
        services.record_verdict(
            proposal=proposal, verdict=verdict, by=p.user,
            note="" if verdict == rules.SATISFIED else "答复没有具体措施和时间表。",
        )

    (p, *s) = take(3)
    declined = _write(TEXTS[6], p, s)
    services.decline(proposal=declined, by=committee,
                     reason="所提问题属于所在单位内部管理事项，建议通过本单位职代会或工会反映解决。")
    (p, *s) = take(3)
    merged = _write(TEXTS[7], p, s)
    services.merge(proposal=merged, into=handled, by=committee,
                   reason=f"与第{handled.number}号提案内容相近，并案办理。")
    (p, *s) = take(3)
    opinion = _write(TEXTS[8], p, s)
    services.to_opinion(proposal=opinion, by=committee,
                        reason="作为意见建议转市总工会宣传教育部研究参考。")

    (p, *s) = take(3)
    joint = _write(TEXTS[5], p, s, joint=True)
    services.register(proposal=joint, by=committee)
    services.assign(proposal=joint, departments=[economy, safety], lead=economy,
                    deadline=deadline, by=committee)
    services.reply(proposal=joint, department=economy, by=_user("jingji", ""),
                   text="已在3个物流园区设立流动服务站，开通网上入会通道。")
    services.record_verdict(proposal=joint, verdict=rules.BASICALLY_SATISFIED, by=p.user)

    (p, *s) = take(3)
    _write(TEXTS[9], p, s)  # handed in, awaiting review
    (p, *s) = take(3)
    _write(TEXTS[4], p, s, confirm=1, hand_in=False)  # a draft, one seconder short
    return summary(congress)


def summary(congress: Congress) -> str:
    counts = {state: congress.proposals.filter(state=state).count() for state in rules.STATES}
    shown = "、".join(f"{state} {n}" for state, n in counts.items() if n)
    window = settings_of(congress)
    lines = [
        f"Proposals (delegates: /c/{congress.pk}/proposals/; committee: {COMMITTEE[0]}; "
        f"departments at /proposals/: " + ", ".join(f"{u} {n}" for n, u in DEPARTMENTS) + ")",
        f"  collection {timezone.localtime(window.opens_at):%Y-%m-%d %H:%M} – "
        f"{timezone.localtime(window.closes_at):%Y-%m-%d %H:%M}; {shown}",
    ]
    return "\n".join(lines)
