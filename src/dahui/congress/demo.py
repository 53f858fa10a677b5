"""The demo congress: 临汾市总工会第三次代表大会 with 298 synthetic delegates.

The 298 are all 正式代表 and all confirmed, so 应到 is 298 as in the real congress; 12 特邀代表
(without a vote, as this congress decided) and 6 列席 come on top of them.

Everything is made through the same services the pages use (the roster goes through the
import plan), from a seeded random generator, so every run makes the same congress. The staff
passwords are fixed and printed: this is a local demonstration, never a real installation.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from dahui.appraisal.demo import seed_appraisal
from dahui.congress import services
from dahui.congress.models import (
    AgendaKind,
    Category,
    Congress,
    Delegate,
    DelegateStatus,
    Gender,
    Role,
)
from dahui.congress.roster_import import RosterRow, plan_roster
from dahui.elections.demo import seed_elections
from dahui.groups.demo import seed_groups
from dahui.proposals.demo import seed_proposals
from dahui.speakers.demo import seed_speakers
from dahui.unions.demo import seed_chair_elections

DEMO_PASSWORD = "dahui-demo-2026"
TITLE = "临汾市总工会第三次代表大会"
SEED = 20261218
TOTAL = 298  # 正式代表, every one entitled
INVITED = 12  # 特邀代表 beyond them
ATTENDING = 6  # 列席 beyond them

SECTORS = {
    "煤炭": ["山西焦煤霍州煤电集团", "华晋焦煤有限责任公司", "临汾汾西矿业集团", "乡宁焦煤集团"],
    "冶金": ["山西建龙钢铁有限公司", "临钢集团", "山西立恒钢铁集团", "襄汾县新金山特钢"],
    "交通": ["临汾市公共交通有限公司", "中铁太原局临汾车务段", "临汾市公路管理段", "临汾民航机场"],
    "教育": ["临汾第一中学", "山西师范大学", "临汾市第三中学", "尧都区实验小学"],
    "卫生": ["临汾市人民医院", "临汾市中心医院", "临汾市妇幼保健院", "侯马市人民医院"],
    "财贸": ["国网临汾供电公司", "中国工商银行临汾分行", "临汾市邮政分公司", "华润万家临汾店"],
    "农林水": ["临汾市水务集团", "吉县苹果产业合作社", "临汾市林业局国有林场", "洪洞县农机站"],
    "机关": ["临汾市总工会", "临汾市人力资源和社会保障局", "尧都区总工会", "侯马市总工会"],
    "建设": ["山西四建集团临汾分公司", "临汾市城市建设投资集团", "中建二局临汾项目部",
             "临汾市市政工程公司"],
    "非公企业": ["临汾华翔实业有限公司", "山西美锦华盛化工", "临汾宇达集团", "曲沃县晋丰物流"],
}
# Shares of the 298 seats; they sum to 1 (the coal and steel sectors are the largest).
SECTOR_WEIGHTS = (0.15, 0.11, 0.09, 0.11, 0.10, 0.09, 0.07, 0.08, 0.09, 0.11)
POSITIONS = {
    "frontline": ["采煤工", "炼钢工", "公交驾驶员", "电工", "护士", "教师", "营业员", "装配工",
                  "焊工", "机修工", "农技员", "检修工"],
    "technician": ["工程师", "高级工程师", "主治医师", "技术员", "高级教师", "会计师"],
    "official": ["工会主席", "工会副主席", "工会干事", "女职工委员会主任", "经审会主任"],
    "manager": ["总经理", "副总经理", "厂长", "车间主任", "院长"],
}
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
            "曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康"
            "毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "令狐")
GIVEN_MALE = "伟强磊军勇杰涛斌波辉刚健明超亮平东鹏华飞鑫宇浩峰建国志新振海晓俊凯林永春"
GIVEN_FEMALE = "秀英芳娜敏静丽艳娟霞燕玲桂兰萍红梅琳雪莉婷慧洁琴颖倩晶玉凤云翠华丹"
ETHNICITIES = (("汉族", 0.955), ("回族", 0.02), ("蒙古族", 0.01), ("满族", 0.01), ("壮族", 0.005))

STAFF = (
    ("mishu", "秘书处", Role.SECRETARIAT),
    ("zige", "资格审查委员会", Role.CREDENTIALS),
    ("guancha", "观察员", Role.OBSERVER),
)
# These staff are delegates as well (scrutineers and the chair are elected from the floor);
# they get a password on top of their QR login.
DELEGATE_STAFF = (
    ("zhuxi", Role.PRESIDIUM),
    ("zongjian", Role.CHIEF_SCRUTINEER),
    ("jianpiao1", Role.SCRUTINEER),
    ("jianpiao2", Role.SCRUTINEER),
    ("jianpiao3", Role.SCRUTINEER),
    ("jianpiao4", Role.SCRUTINEER),
    ("jipiao1", Role.COUNTER),
    ("jipiao2", Role.COUNTER),
)
PRESIDIUM_SIZE = 21

AGENDA = (
    (1, AgendaKind.OTHER, "大会开幕，全体起立，奏唱国歌", "大会执行主席"),
    (1, AgendaKind.GREETING, "中共临汾市委领导讲话", "市委副书记"),
    (1, AgendaKind.GREETING, "山西省总工会致贺词", "省总工会副主席"),
    (1, AgendaKind.REPORT, "听取和审议临汾市总工会第二届委员会工作报告", "市总工会主席"),
    (1, AgendaKind.REPORT, "听取和审议临汾市总工会第二届经费审查委员会工作报告",
     "市总工会经审会主任"),
    (1, AgendaKind.SPEECH, "代表发言", "代表"),
    (2, AgendaKind.MOTION, "表决通过《临汾市总工会第三次代表大会选举办法》", "大会执行主席"),
    (2, AgendaKind.ELECTION, "选举临汾市总工会第三届委员会委员", "总监票人"),
    (2, AgendaKind.ELECTION, "选举临汾市总工会第三届经费审查委员会委员", "总监票人"),
    (2, AgendaKind.MOTION, "表决通过大会决议", "大会执行主席"),
    (2, AgendaKind.OTHER, "大会闭幕，奏唱《国际歌》", "大会执行主席"),
)


def _pick_weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _name(rng: random.Random, gender: str) -> str:
    surname = rng.choice(DOUBLE_SURNAMES) if rng.random() < 0.015 else rng.choice(SURNAMES)
    pool = GIVEN_FEMALE if gender == Gender.FEMALE else GIVEN_MALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    return surname + given


def demo_rows(starts_on: dt.date) -> list[RosterRow]:
    """The roster rows, always the same ones: the 298 正式代表 by sector, then the 特邀 and 列席
    from across the sectors."""
    rng = random.Random(SEED)
    sectors = list(SECTORS)
    counts = [round(TOTAL * w) for w in SECTOR_WEIGHTS]
    counts[0] += TOTAL - sum(counts)
    placed = [
        (sector, DelegateStatus.FORMAL)
        for sector, count in zip(sectors, counts, strict=True)
        for _index in range(count)
    ]
    placed += [(rng.choice(sectors), DelegateStatus.INVITED) for _index in range(INVITED)]
    placed += [(rng.choice(sectors), DelegateStatus.ATTENDING) for _index in range(ATTENDING)]
    rows: list[RosterRow] = []
    keys: set[tuple[str, str]] = set()
    for line, (sector, status) in enumerate(placed, start=2):
        gender = Gender.FEMALE if rng.random() < 0.40 else Gender.MALE
        while True:
            name = _name(rng, gender)
            id_tail = f"{rng.randrange(1000):03d}" + rng.choice("0123456789X")
            if (name, id_tail) not in keys:
                keys.add((name, id_tail))
                break
        age = rng.choice(range(26, 60))
        birth = starts_on - dt.timedelta(days=age * 365 + rng.randrange(365))
        kind = rng.choices(
            ["frontline", "technician", "official", "manager"], weights=[45, 22, 21, 12]
        )[0]
        categories = [
            {"frontline": Category.FRONTLINE, "technician": Category.TECHNICIAN,
             "official": Category.UNION_OFFICIAL, "manager": Category.MANAGER}[kind]
        ]
        if rng.random() < 0.08:
            categories.append(Category.MODEL_WORKER)
        if kind == "frontline" and sector in ("建设", "非公企业") and rng.random() < 0.4:
            categories.append(Category.MIGRANT)
        if rng.random() < 0.55:
            categories.append(Category.PARTY_MEMBER)
        rows.append(
            RosterRow(
                line=line,
                number="",
                name=name,
                gender=gender,
                ethnicity=_pick_weighted(rng, ETHNICITIES),
                birth_date=birth.isoformat(),
                id_tail=id_tail,
                work_unit=rng.choice(SECTORS[sector]),
                position=rng.choice(POSITIONS[kind]),
                delegation=sector,
                categories=tuple(categories),
                status=status,
            )
        )
    return rows


def _staff_user(username: str, display: str):
    user = get_user_model().objects.create_user(
        username=username, password=DEMO_PASSWORD, first_name=display
    )
    return user


@transaction.atomic
def _seed(base_url: str) -> Congress:
    admin = get_user_model().objects.create_superuser(
        username="admin", password=DEMO_PASSWORD, email=""
    )
    starts_on = dt.date(2026, 12, 18)
    congress = services.create_congress(
        organisation_name="临汾市总工会", title=TITLE, term_number=3, starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=1), venue="临汾市会议中心大礼堂",
        invitees_vote=False, by=admin,
    )
    services.add_delegations(congress=congress, names=list(SECTORS), by=admin)
    tz = ZoneInfo("Asia/Shanghai")
    sessions = {
        1: services.add_session(
            congress=congress, number=1, title="第一次全体会议",
            starts_at=dt.datetime.combine(starts_on, dt.time(8, 30), tz), by=admin,
        ),
        2: services.add_session(
            congress=congress, number=2, title="第二次全体会议",
            starts_at=dt.datetime.combine(starts_on, dt.time(14, 30), tz), by=admin,
        ),
    }
    plan = plan_roster(demo_rows(starts_on), congress=congress)
    services.apply_roster(congress=congress, plan=plan, by=admin, source="demo")
    services.confirm_pending_credentials(congress=congress, by=admin)
    services.ensure_tokens(congress=congress, by=admin)

    for username, display, role in STAFF:
        services.grant_role(congress=congress, user=_staff_user(username, display), role=role,
                            by=admin)
    formal = list(
        Delegate.objects.filter(congress=congress, status=DelegateStatus.FORMAL)
        .select_related("user").order_by("number")
    )
    # The presidium from across the sectors; scrutineers and counters from the floor but
    # outside the presidium (and so outside the candidates the presidium proposes).
    rng = random.Random(SEED + 1)
    presidium = rng.sample(formal, PRESIDIUM_SIZE)
    floor = [d for d in formal if d not in presidium]
    staff_delegates = [presidium[0], *rng.sample(floor, len(DELEGATE_STAFF) - 1)]
    for (username, role), delegate in zip(DELEGATE_STAFF, staff_delegates, strict=True):
        user = delegate.user
        user.username = username
        user.first_name = delegate.name
        user.set_password(DEMO_PASSWORD)
        user.save()
        services.grant_role(congress=congress, user=user, role=role, by=admin)
    for delegate in presidium[1:]:
        services.grant_role(congress=congress, user=delegate.user, role=Role.PRESIDIUM, by=admin)

    for session_number, kind, title, presenter in AGENDA:
        services.add_agenda_item(
            congress=congress, kind=kind, title=title, presenter=presenter,
            session=sessions[session_number], by=admin,
        )
    return congress


def summary(congress: Congress, base_url: str) -> str:
    from dahui.congress.selectors import active_token

    lines = [
        f"{congress.title}",
        f"  {base_url}/",
        f"  hall screen: {base_url}/screen/{congress.pk}/{congress.screen_token}/",
        "",
        f"Staff logins (demo only: every password is {DEMO_PASSWORD}):",
        "  admin      superuser (Django admin at /admin/)",
    ]
    for role in congress.roles.select_related("user").order_by("role", "user__username"):
        if role.user.username.startswith("d"):
            continue  # presidium members without a staff login of their own
        lines.append(f"  {role.user.username:<10} {role.get_role_display()}")
    lines += ["", "Delegate logins (QR link, or access code + last 4 of ID at /code/):"]
    shown = (
        Delegate.objects.filter(congress=congress, user__username__startswith="d")
        .order_by("number")[:5]
    )
    for delegate in shown:
        token = active_token(delegate)
        link = f"{base_url}/d/{token.key}" if token else "(no live link)"
        lines.append(
            f"  {delegate.number} {delegate.name}: {link}"
            f"  code {delegate.access_code} + {delegate.id_tail}"
        )
    return "\n".join(lines)


def seed_demo(*, base_url: str) -> str:
    """Seed the demo congress if the database has none; return what to print either way."""
    base_url = base_url.rstrip("/")
    congress = Congress.objects.filter(title=TITLE).first()
    if congress is None:
        if Congress.objects.exists():
            return "The database already holds a congress; the demo seeds only an empty one."
        congress = _seed(base_url)
    return (summary(congress, base_url) + "\n" + seed_elections(congress=congress)
            + "\n" + seed_groups(congress=congress)
            + "\n" + seed_appraisal(congress=congress)
            + "\n" + seed_speakers(congress=congress)
            + "\n" + seed_proposals(congress=congress)
            + "\n" + seed_chair_elections(base_url=base_url))
