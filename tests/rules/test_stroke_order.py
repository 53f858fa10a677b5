"""Rule 10: announcement order by surname strokes, from the packaged stroke data."""

import pytest

from dahui.rules import announcement_order, stroke_key, strokes_of
from dahui.rules.stroke_order import stroke_count


def _gb2312_hanzi() -> list[str]:
    characters = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            if high == 0xD7 and low > 0xF9:
                continue  # row 55 ends at 0xD7F9
            characters.append(bytes([high, low]).decode("gb2312"))
    return characters


def test_every_gb2312_hanzi_has_a_stroke_sequence():
    characters = _gb2312_hanzi()
    assert len(characters) == 6763
    assert [c for c in characters if strokes_of(c) is None] == []


@pytest.mark.parametrize(
    ("character", "sequence"),
    [
        ("王", "1121"),
        ("丁", "12"),
        ("于", "112"),
        ("子", "521"),
        ("女", "531"),
        ("江", "441121"),
        ("我", "3121534"),
        ("心", "4544"),
        ("欧", "13453534"),
        ("阳", "522511"),
        ("司", "51251"),
        ("马", "551"),
        ("诸", "4512132511"),
        ("上", "211"),
        ("官", "44525151"),
        ("张", "5153154"),
        ("李", "1234521"),
    ],
)
def test_stroke_sequences_match_the_published_orders(character, sequence):
    assert strokes_of(character) == sequence


def test_traditional_characters_have_data():
    assert strokes_of("歐") is not None
    assert stroke_count("陽") == 11
    assert stroke_count("葉") == 12


def test_rare_name_characters_have_at_least_a_count():
    assert stroke_count("喆") == 12
    assert stroke_count("堃") == 11
    assert stroke_count("𠮷") == 6


def test_surnames_sort_by_stroke_count_first():
    ordered, missing = announcement_order(["王芳", "丁一", "于洋"])
    assert ordered == ["丁一", "于洋", "王芳"]
    assert missing == set()


def test_equal_counts_sort_by_first_stroke_heng_shu_pie_dian_zhe():
    ordered, _ = announcement_order(["孔明", "方舟", "毛毅", "王强", "内蒙"])
    # 王 横, 内 丨, 毛 丿, 方 丶, 孔 乛: all four strokes.
    assert ordered == ["王强", "内蒙", "毛毅", "方舟", "孔明"]


def test_same_surname_is_ordered_by_the_next_character():
    ordered, _ = announcement_order(["王敏", "王一", "王丁"])
    assert ordered == ["王一", "王丁", "王敏"]


def test_compound_surnames_sort_by_their_first_character():
    ordered, missing = announcement_order(["诸葛亮", "欧阳修", "司马光", "上官婉儿"])
    assert ordered == ["上官婉儿", "司马光", "欧阳修", "诸葛亮"]
    assert missing == set()


def test_a_character_without_data_sorts_last_and_is_reported():
    ordered, missing = announcement_order(["Smith", "王敏", "\ue000明"])
    assert ordered[0] == "王敏"
    assert missing == {"S", "m", "i", "t", "h", "\ue000"}


def test_the_middle_dot_of_transcribed_names_is_not_a_character():
    _, missing = announcement_order(["阿不都·热合曼"])
    assert missing == set()
    assert stroke_key("阿不都·热合曼") == stroke_key("阿不都热合曼")


def test_stroke_key_never_raises_on_any_text():
    assert stroke_key("") == ()
    assert stroke_key("😀 ") != ()


def test_ballot_order_puts_candidates_in_surname_stroke_order_whatever_the_nomination_order():
    from dahui.rules import Candidate, ballot_order

    nominated = [Candidate("c1", "王芳"), Candidate("c2", "丁一"), Candidate("c3", "于洋")]
    assert [c.id for c in ballot_order(nominated)] == ["c2", "c3", "c1"]
    assert [c.id for c in ballot_order(reversed(nominated))] == ["c2", "c3", "c1"]


def test_ballot_order_is_the_announcement_order_of_the_same_names():
    from dahui.rules import Candidate, ballot_order

    names = ["孔明", "方舟", "毛毅", "王强", "内蒙", "欧阳修", "司马光"]
    listed = [Candidate(f"c{i}", name) for i, name in enumerate(names)]
    assert [c.name for c in ballot_order(listed)] == announcement_order(names)[0]


def test_ballot_order_ignores_invisible_characters_in_names():
    from dahui.rules import Candidate, ballot_order

    listed = [Candidate("c1", "王\u200b芳"), Candidate("c2", "丁\ufeff一")]
    assert [c.id for c in ballot_order(listed)] == ["c2", "c1"]


def test_ballot_order_takes_any_object_with_a_name_and_keeps_ties_in_given_order():
    from types import SimpleNamespace

    from dahui.rules import ballot_order

    people = [SimpleNamespace(pk=1, name="王敏"), SimpleNamespace(pk=2, name="王 敏")]
    assert [p.pk for p in ballot_order(people)] == [1, 2]
