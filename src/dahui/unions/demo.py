"""The demo's 公选直管: 临汾市总工会 overseeing the chair elections of three grassroots unions.

- 临汾华翔实业有限公司工会 (an enterprise of 5,000 members in three branches): nominated by
  its branches, vetted and approved; the 公示 is running (posted two days ago), with one
  objection answered and one waiting.
- 山西立恒钢铁集团工会 (1,200 members): its chair left in October; notice run, statements'
  order drawn: ready to vote today.
- 临汾市人民医院工会 (an institution, 600 members): finished; its chair is on the register.

Everything goes through the services the pages use (the rosters through the import), from a
seeded random generator, with dates counted from today so the notice is always running.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from dahui.unions import services
from dahui.unions.members_import import COLUMNS
from dahui.unions.models import Branch, ChairElection, Member, Union, UnionKind, UnionRoleKind
from dahui.unions.selectors import candidates_in_stroke_order

HIGHER = "临汾市总工会"
SEED = 20261202
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董"
            "程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红文斌鹏辉玲晋"
POSITIONS = ("", "", "", "班长", "技术员", "电工", "焊工", "质检员", "工段长", "会计")
UNIONS = (
    # name, kind, members, branches, staff login, preparatory group login
    ("临汾华翔实业有限公司工会", UnionKind.ENTERPRISE, 5000,
     ("铸造分会", "机加工分会", "机关后勤分会"), "huaxiang", "huaxiang_cb"),
    ("山西立恒钢铁集团工会", UnionKind.ENTERPRISE, 1200,
     ("炼铁分会", "炼钢分会", "轧钢分会", "机关分会"), "liheng", "liheng_cb"),
    ("临汾市人民医院工会", UnionKind.INSTITUTION, 600,
     ("内科分会", "外科分会", "医技分会", "行政后勤分会"), "renmin", "renmin_cb"),
)


def _roster(rng: random.Random, size: int, branches: tuple[str, ...], prefix: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.heading for c in COLUMNS])
    for i in range(size):
        flags = ["否"] * 6
        if i < 6:
            flags[i] = "是"  # the first six carry each Art 6 fact once (总经理, 副总, …)
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        position = ("总经理", "副总经理", "合伙人", "职工", "人力资源部部长", "外籍工程师")[i] \
            if i < 6 else rng.choice(POSITIONS)
        writer.writerow([f"{prefix}{i + 1:05d}", name, rng.choice("男女"),
                         f"{rng.randrange(1000):03d}{rng.choice('0123456789X')}",
                         branches[i % len(branches)], position, *flags])
    return buffer.getvalue().encode()


def _user(username: str, display: str, password: str):
    return get_user_model().objects.create_user(username=username, password=password,
                                                first_name=display)


def _nominate_by_branches(election: ChairElection, union: Union, picks, by) -> None:
    services.open_nomination(election=election, by=by)
    for branch_name, numbers in picks:
        services.nominate(election=election, branch=Branch.objects.get(union=union,
                                                                       name=branch_name),
                          numbers=numbers, by=by)


def _eligible_numbers(union: Union, count: int) -> list[str]:
    return list(Member.objects.filter(
        union=union, executive=False, deputy_executive=False, partner=False,
        close_relative=False, head_of_hr=False, foreign_employee=False,
    ).order_by("number").values_list("number", flat=True)[10:10 + count])


def _approve(election, union, *, prep, city_user, today: dt.date, posted_days_ago: int) -> None:
    services.draw_up_candidates(election=election, by=prep)
    services.record_party_vetting(election=election, approved=True,
                                  decided_by=union.name.removesuffix("工会") + "党委",
                                  note="候选人政治素质、廉洁情况审查合格", by=prep)
    services.approve_by_higher_union(election=election, approved=True, note="同意",
                                     by=city_user)
    posted = today - dt.timedelta(days=posted_days_ago)
    services.post_notice(election=election, posted_on=posted,
                         vote_on=max(posted + dt.timedelta(days=7), today), by=prep)


@transaction.atomic
def _seed(password: str) -> Union:
    today = dt.date.today()
    admin = get_user_model().objects.filter(is_superuser=True).first()
    city = services.create_union(name=HIGHER, kind=UnionKind.HIGHER, by=admin)
    city_user = _user("zhiguan", "市总工会基层工作部", password)
    services.grant_union_role(union=city, user=city_user, role=UnionRoleKind.STAFF, by=admin)
    rng = random.Random(SEED)
    made = []
    for index, (name, kind, size, branches, staff, prep_name) in enumerate(UNIONS):
        union = services.create_union(name=name, kind=kind, parent=city, by=admin)
        staff_user = _user(staff, f"{name}工作人员", password)
        prep = _user(prep_name, f"{name}选举筹备组", password)
        services.grant_union_role(union=union, user=staff_user, role=UnionRoleKind.STAFF,
                                  by=admin)
        services.grant_union_role(union=union, user=prep, role=UnionRoleKind.PREPARATORY,
                                  by=admin)
        upload, _plan = services.upload_members(
            union=union, data=_roster(rng, size, branches, 10 + index),
            filename="会员名册.csv", by=staff_user)
        services.apply_upload(upload=upload, by=staff_user)
        made.append((union, branches, staff_user, prep))

    # 华翔: the previous chair's term ends this month; the new election's notice runs.
    huaxiang, branches, _staff, prep = made[0]
    services.add_register_entry(union=huaxiang, name="郭建华",
                                elected_on=today.replace(year=today.year - 5),
                                term_years=5, by=city_user)
    a, b, c = _eligible_numbers(huaxiang, 3)
    election = services.start_election(
        union=huaxiang, title="临汾华翔实业有限公司工会主席选举", formed_on=today - dt.timedelta(
            days=40), preparatory_group="刘志强（组长）、王秀英、陈静、赵文斌、孙丽华", by=prep)
    _nominate_by_branches(election, huaxiang, [(branches[0], [a, b]), (branches[1], [a, c]),
                                               (branches[2], [b, a])], prep)
    _approve(election, huaxiang, prep=prep, city_user=city_user, today=today,
             posted_days_ago=2)
    answered = services.submit_objection(election=election, text="候选人是否兼任车间行政职务？",
                                         name="", contact="")
    services.answer_objection(objection=answered, answer="经核实，该同志为班组长，不属于企业"
                              "行政负责人，不影响候选资格。", by=prep)
    services.submit_objection(election=election, text="建议公布候选人的工作简历。",
                              name="张师傅", contact="铸造车间")

    # 立恒: the chair left in October (a vacancy, Art 18); ready to vote today.
    liheng, branches, _staff, prep = made[1]
    old = services.add_register_entry(union=liheng, name="马国强",
                                      elected_on=today.replace(year=today.year - 3),
                                      term_years=5, by=city_user)
    services.record_vacancy(term=old, vacated_on=today - dt.timedelta(days=45), by=city_user)
    a, b, c = _eligible_numbers(liheng, 3)
    election = services.start_election(
        union=liheng, title="山西立恒钢铁集团工会主席补选", formed_on=today - dt.timedelta(days=40),
        preparatory_group="李红梅（组长）、张伟、周涛", by=prep)
    _nominate_by_branches(election, liheng, [(branches[0], [a, b]), (branches[1], [a, c]),
                                             (branches[2], [b, a]), (branches[3], [a, b])], prep)
    _approve(election, liheng, prep=prep, city_user=city_user, today=today,
             posted_days_ago=9)
    services.draw_speaking_order(election=election, by=prep)

    # 人民医院: finished and on the register.
    renmin, branches, _staff, prep = made[2]
    a, b = _eligible_numbers(renmin, 2)
    election = services.start_election(
        union=renmin, title="临汾市人民医院工会主席选举", formed_on=today - dt.timedelta(days=80),
        preparatory_group="杨静（组长）、何平、吴敏", by=prep)
    _nominate_by_branches(election, renmin, [(branches[0], [a, b]), (branches[1], [a, b]),
                                             (branches[2], [a]), (branches[3], [b, a])], prep)
    _approve(election, renmin, prep=prep, city_user=city_user,
             today=today - dt.timedelta(days=30), posted_days_ago=9)
    services.draw_speaking_order(election=election, by=prep)
    first, second = candidates_in_stroke_order(election)
    entitled = renmin.members.count()
    services.record_vote(election=election, entitled=entitled, issued=571, returned=571,
                         invalid=3, counts={first.member_id: (402, 160),
                                            second.member_id: (160, 402)},
                         voted_on=today - dt.timedelta(days=30), by=prep)
    services.report_to_higher_union(election=election, reported_on=today - dt.timedelta(days=29),
                                    by=prep)
    services.register_chair(election=election, by=city_user)
    return city


def summary(city: Union, base_url: str = "") -> str:
    from dahui.congress.demo import DEMO_PASSWORD

    lines = [
        "",
        f"{HIGHER}: chair elections of grassroots unions (公选直管)",
        f"  {base_url}/unions/{city.pk}/oversight/",
        f"  zhiguan    {HIGHER} (approves lists, keeps the chairs' register)",
    ]
    for child in city.children.order_by("pk"):
        roles = child.roles.select_related("user").order_by("role")
        logins = " ".join(f"{r.user.username} ({r.get_role_display()})" for r in roles)
        election = child.elections.first()
        stage = election.get_stage_display() if election else ""
        lines.append(f"  {child.name} [{child.members.count()} members, {stage}]: {logins}")
        if election and election.notice_posted_on:
            lines.append(f"    公示: {base_url}/gongshi/{election.pk}/{election.notice_token}/")
    lines.append(f"  (password {DEMO_PASSWORD} for every login)")
    return "\n".join(lines)


def seed_chair_elections(*, base_url: str = "") -> str:
    """Seed the chair elections once (nothing if the higher union exists); return a summary."""
    from dahui.congress.demo import DEMO_PASSWORD

    city = Union.objects.filter(name=HIGHER, kind=UnionKind.HIGHER).first()
    if city is None:
        city = _seed(DEMO_PASSWORD)
    return summary(city, base_url.rstrip("/"))
