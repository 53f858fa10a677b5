"""The demo's 公选直管: three grassroots unions at three points of their chair election."""

from __future__ import annotations

from dahui.unions.demo import HIGHER, seed_chair_elections
from dahui.unions.models import ChairTerm, Stage, Union


def test_the_demo_seeds_the_three_grassroots_elections_once(root):
    text = seed_chair_elections(base_url="http://127.0.0.1:8000/")
    city = Union.objects.get(name=HIGHER)
    stages = {u.name: u.elections.get().stage for u in city.children.all()}
    assert stages == {"临汾华翔实业有限公司工会": Stage.NOTICE,
                      "山西立恒钢铁集团工会": Stage.STATEMENTS,
                      "临汾市人民医院工会": Stage.REGISTERED}
    huaxiang = city.children.get(name="临汾华翔实业有限公司工会")
    assert huaxiang.members.count() == 5000
    assert huaxiang.branches.count() == 3
    assert ChairTerm.objects.filter(union__parent=city, vacated_on__isnull=True).count() == 2
    assert "zhiguan" in text
    assert "http://127.0.0.1:8000/gongshi/" in text
    assert seed_chair_elections().count("zhiguan") == 1
    assert Union.objects.filter(name=HIGHER).count() == 1
