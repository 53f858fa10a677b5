"""Person names (rule 4): one normal form for comparing, storing and showing them."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dahui.rules import (
    PERSON_NAME_MAX,
    InvalidPersonName,
    InvalidSetting,
    check_person_name,
    normalise_name,
    normalize_name,
    tally_election,
)

from .factories import ballot, election, for_votes


@pytest.mark.parametrize(
    "written",
    [
        "王 敏",
        "王\u3000敏",
        "\t王敏\n",
        "王\u200b敏",  # zero-width space (Cf)
        "\u200e王敏\u200f",  # bidi marks (Cf)
        "王\u00ad敏",  # soft hyphen (Cf)
        "\ufeff王敏",  # byte order mark (Cf)
        "王\u2066敏\u2069",  # bidi isolates (Cf)
        "王\x07敏\x00",  # control characters (Cc)
        "王\ufe00敏",  # variation selector (Mn)
        "王\U000e0100敏",  # ideographic variation selector (Mn)
        "王\u200d敏",  # zero-width joiner (Cf)
        "王\U000e0041敏",  # tag character (Cf)
    ],
)
def test_invisible_and_blank_characters_do_not_make_another_person(written):
    assert normalize_name(written) == "王敏"


def test_nfkc_makes_full_width_and_compatibility_forms_ordinary():
    assert normalize_name("Ｗａｎｇ Ｍｉｎ") == "WangMin"
    assert normalize_name("\uf900") == unicodedata.normalize("NFKC", "\uf900")


def test_a_space_that_nfkc_itself_produces_is_removed_too():
    # U+00A8 DIAERESIS decomposes to a space and a combining mark under NFKC.
    assert " " not in normalize_name("a\u00a8")


def test_the_older_spelling_gives_the_same_name():
    assert normalise_name("王 \u200b敏") == normalize_name("王 \u200b敏") == "王敏"


@given(st.text())
def test_normalising_twice_gives_the_same_as_once(text):
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.text())
def test_a_normalised_name_holds_no_space_format_control_or_selector(text):
    for char in normalize_name(text):
        assert not char.isspace()
        assert unicodedata.category(char) not in ("Cf", "Cc")
        assert not 0xFE00 <= ord(char) <= 0xFE0F
        assert not 0xE0100 <= ord(char) <= 0xE01EF


def test_check_person_name_returns_the_normalised_name():
    assert check_person_name(" 欧阳 修 ") == "欧阳修"


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200c", "\ufeff", "\ufe0f"])
def test_a_name_empty_after_normalising_is_refused_with_a_chinese_reason(text):
    with pytest.raises(InvalidPersonName) as refused:
        check_person_name(text)
    assert refused.value.reason == InvalidPersonName.EMPTY
    assert "姓名为空" in refused.value.chinese()


def test_a_name_longer_than_the_limit_is_refused_and_the_limit_is_named():
    assert check_person_name("王" * PERSON_NAME_MAX) == "王" * PERSON_NAME_MAX
    with pytest.raises(InvalidPersonName) as refused:
        check_person_name("王" * (PERSON_NAME_MAX + 1))
    assert refused.value.reason == InvalidPersonName.TOO_LONG
    assert f"最多 {PERSON_NAME_MAX} 个" in refused.value.chinese()
    assert isinstance(refused.value, InvalidSetting)


def test_the_limit_counts_characters_after_normalising():
    assert check_person_name(" ".join("王" * PERSON_NAME_MAX))


@pytest.mark.parametrize("text", [None, 3, "王\ud800"])
def test_what_is_not_text_is_refused(text):
    with pytest.raises(InvalidPersonName) as refused:
        check_person_name(text)
    assert refused.value.reason == InvalidPersonName.NOT_TEXT


def test_a_write_in_is_counted_and_reported_under_its_normalised_name():
    contest = election(seats=2, candidates=3)
    votes = [
        ballot(against="c1", write_ins=("孙\u200b丽",)),
        ballot(against="c1", write_ins=(" 孙丽\ufeff",)),
        ballot(against="c1", write_ins=("孙丽",)),
    ]
    result = tally_election(contest, votes)
    written = [line for line in result.results if line.write_in]
    assert [(line.id, line.name, line.for_) for line in written] == [("write-in:孙丽", "孙丽", 3)]


def test_a_write_in_of_a_listed_name_with_invisible_characters_is_still_void():
    contest = election(seats=2, candidates=3)
    result = tally_election(contest, [ballot(against="c2", write_ins=("王\u200d敏\ufe00",))])
    assert not any(line.write_in for line in result.results)


def test_a_blank_write_in_is_void_but_counts_towards_an_over_vote_as_written():
    contest = election(seats=2, candidates=3)
    counted = tally_election(contest, [ballot(against="c1", write_ins=("\u200b ",))])
    assert (counted.valid, counted.invalid) == (1, 0)
    assert not any(line.write_in for line in counted.results)
    over = tally_election(contest, [ballot(for_="c1 c2", write_ins=("\u200b ",))])
    assert (over.valid, over.invalid) == (0, 1)


def test_a_blank_write_in_does_not_use_up_an_against_mark():
    contest = election(seats=3, candidates=4)
    result = tally_election(contest, [ballot(against="c1", write_ins=(" ", "孙丽"))])
    assert for_votes(result, "write-in:孙丽") == 1


def test_an_over_long_write_in_is_void_but_counts_towards_an_over_vote():
    contest = election(seats=2, candidates=3)
    long_name = "王" * (PERSON_NAME_MAX + 1)
    counted = tally_election(contest, [ballot(against="c1", write_ins=(long_name,))])
    assert (counted.valid, counted.invalid) == (1, 0)
    assert not any(line.write_in for line in counted.results)
    over = tally_election(contest, [ballot(for_="c1 c2", write_ins=(long_name,))])
    assert (over.valid, over.invalid) == (0, 1)


def test_an_over_long_write_in_does_not_use_up_an_against_mark():
    contest = election(seats=3, candidates=4)
    long_name = "王" * (PERSON_NAME_MAX + 1)
    result = tally_election(contest, [ballot(against="c1", write_ins=(long_name, "孙丽"))])
    assert for_votes(result, "write-in:孙丽") == 1


def test_a_listed_candidate_needs_a_person_name():
    from dahui.rules import Candidate

    with pytest.raises(InvalidPersonName):
        Candidate("c1", "\u200b\u200b")
    with pytest.raises(InvalidPersonName):
        Candidate("c1", "王" * (PERSON_NAME_MAX + 1))


@pytest.mark.parametrize(
    "written",
    [
        "王\u034f敏",  # combining grapheme joiner (Mn, default ignorable)
        "王\u115f敏",  # Hangul choseong filler (Lo, default ignorable)
        "王\u3164敏",  # Hangul filler (Lo; NFKC gives U+1160, also ignorable)
        "王\uffa0敏",  # half-width Hangul filler
        "王\u180b敏",  # Mongolian free variation selector (Mn)
        "王\u180f敏",  # Mongolian free variation selector four (Mn)
        "王\u17b4敏",  # Khmer inherent vowel (Mn, default ignorable)
        "王\u2065敏",  # unassigned, reserved as default ignorable
        "王\U000e0000敏",  # unassigned tag-block code point
        "王\U000e0fff敏",
    ],
)
def test_every_default_ignorable_character_is_removed_not_only_format_ones(written):
    # Unicode renders every Default_Ignorable_Code_Point as nothing, whatever its category:
    # such a name looks exactly like the listed one and must be the same person.
    assert normalize_name(written) == "王敏"


@pytest.mark.parametrize("text", ["\u3164", "\u115f\u1160", "\u034f", "\uffa0\u180b"])
def test_a_name_of_only_invisible_fillers_is_refused(text):
    with pytest.raises(InvalidPersonName) as refused:
        check_person_name(text)
    assert refused.value.reason == InvalidPersonName.EMPTY
