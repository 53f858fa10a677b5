"""Named people and unions for the unions tests.

临汾市总工会 (the higher union) has two grassroots unions: 华翔实业工会 (three branches,
twelve members, among them an executive and a head of HR) and 立恒钢铁工会. Each union has
its staff; 华翔 has a preparatory group member. The outsider holds no role; the congress's
people (a secretariat user) hold none in any union either.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from dahui.unions import services
from dahui.unions.members_import import COLUMNS
from dahui.unions.models import Branch, Member, UnionKind, UnionRoleKind

HEADINGS = [column.heading for column in COLUMNS]
# number, name, gender, id tail, branch, position, six Art 6 flags
HUAXIANG = [
    ["1001", "王秀英", "女", "032X", "一车间分会", "班长", "", "", "", "", "", ""],
    ["1002", "李强", "男", "4411", "一车间分会", "技术员", "", "", "", "", "", ""],
    ["1003", "张伟", "男", "1234", "二车间分会", "工段长", "", "", "", "", "", ""],
    ["1004", "刘洋", "男", "5678", "二车间分会", "电工", "", "", "", "", "", ""],
    ["1005", "陈静", "女", "2345", "机关分会", "会计", "", "", "", "", "", ""],
    ["1006", "赵磊", "男", "3456", "机关分会", "总经理", "是", "", "", "", "", ""],
    ["1007", "孙丽", "女", "4567", "机关分会", "人力资源部部长", "", "", "", "", "是", ""],
    ["1008", "周杰", "男", "6789", "一车间分会", "焊工", "", "", "", "", "", ""],
    ["1009", "吴敏", "女", "7890", "二车间分会", "质检员", "", "", "", "", "", ""],
    ["1010", "郑浩", "男", "8901", "一车间分会", "装配工", "", "", "", "", "", ""],
    ["1011", "冯雪", "女", "9012", "机关分会", "文员", "", "", "", "", "", ""],
    ["1012", "Smith", "男", "0123", "二车间分会", "工程师", "", "", "", "", "", "是"],
]


def csv_bytes(rows, *, headings=HEADINGS) -> bytes:
    lines = [",".join(headings), *(",".join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def user(username: str):
    return get_user_model().objects.create_user(username=username, password="pw-" + username)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser(username="root", password="pw-root")


@pytest.fixture
def city(root):
    return services.create_union(name="临汾市总工会", kind=UnionKind.HIGHER, by=root)


@pytest.fixture
def huaxiang(city, root):
    union = services.create_union(name="临汾华翔实业有限公司工会", kind=UnionKind.ENTERPRISE,
                                  parent=city, by=root)
    upload, _plan = services.upload_members(union=union, data=csv_bytes(HUAXIANG),
                                           filename="members.csv", by=root)
    services.apply_upload(upload=upload, by=root)
    return union


@pytest.fixture
def liheng(city, root):
    union = services.create_union(name="山西立恒钢铁集团工会", kind=UnionKind.ENTERPRISE,
                                  parent=city, by=root)
    rows = [["2001", "马超", "男", "1111", "炼钢分会", "", "", "", "", "", "", ""],
            ["2002", "黄蓉", "女", "2222", "轧钢分会", "", "", "", "", "", "", ""]]
    upload, _ = services.upload_members(union=union, data=csv_bytes(rows), filename="m.csv",
                                        by=root)
    services.apply_upload(upload=upload, by=root)
    return union


@pytest.fixture
def people(city, huaxiang, liheng, root):
    """Every role: the higher union's staff, each grassroots union's staff, the preparatory
    group of 华翔, an outsider."""
    made = {
        "city_staff": user("city_staff"),
        "huaxiang_staff": user("huaxiang_staff"),
        "huaxiang_prep": user("huaxiang_prep"),
        "liheng_staff": user("liheng_staff"),
        "outsider": user("outsider"),
    }
    services.grant_union_role(union=city, user=made["city_staff"], role=UnionRoleKind.STAFF,
                              by=root)
    services.grant_union_role(union=huaxiang, user=made["huaxiang_staff"],
                              role=UnionRoleKind.STAFF, by=root)
    services.grant_union_role(union=huaxiang, user=made["huaxiang_prep"],
                              role=UnionRoleKind.PREPARATORY, by=root)
    services.grant_union_role(union=liheng, user=made["liheng_staff"],
                              role=UnionRoleKind.STAFF, by=root)
    return made


def branch(union, name: str) -> Branch:
    return Branch.objects.get(union=union, name=name)


def member(union, number: str) -> Member:
    return Member.objects.get(union=union, number=number)


@pytest.fixture
def election(huaxiang, people):
    return services.start_election(
        union=huaxiang, title="华翔实业工会主席选举", formed_on=dt.date(2026, 11, 2),
        preparatory_group="陈静、冯雪、吴敏", by=people["huaxiang_prep"],
    )


@pytest.fixture
def nominated(election, huaxiang, people):
    """Nomination open; the three branches nominated; 王秀英 and 张伟 lead."""
    prep = people["huaxiang_prep"]
    services.open_nomination(election=election, by=prep)
    services.nominate(election=election, branch=branch(huaxiang, "一车间分会"),
                      numbers=["1001", "1002"], by=prep)
    services.nominate(election=election, branch=branch(huaxiang, "二车间分会"),
                      numbers=["1003", "1001"], by=prep)
    services.nominate(election=election, branch=branch(huaxiang, "机关分会"),
                      numbers=["1003", "1005"], by=prep)
    return election


@pytest.fixture
def approved(nominated, people, root):
    services.draw_up_candidates(election=nominated, by=people["huaxiang_prep"])
    services.record_party_vetting(election=nominated, approved=True, decided_by="公司党委",
                                  by=people["huaxiang_prep"])
    services.approve_by_higher_union(election=nominated, approved=True,
                                     by=people["city_staff"])
    return nominated
