"""Chinese line breaking: no line starts with a closing mark or ends with an opening one."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from dahui.documents.fonts import cjk_font_name
from dahui.documents.text_layout import CLOSING, OPENING, ChineseParagraph, break_lines


def one_em(text: str) -> float:
    """Every character one unit wide: lines of `width` characters, easy to reason about."""
    return float(len(text))


def test_comma_that_would_start_a_line_takes_the_character_before_it_along():
    lines = break_lines("一二三四五，六七", font_name="", font_size=1, width=5, measure=one_em)
    assert lines == ["一二三四", "五，六七"]


def test_runs_of_closing_marks_stay_together():
    lines = break_lines("他说「好的。」然后", font_name="", font_size=1, width=5, measure=one_em)
    assert all(line[0] not in CLOSING for line in lines)
    assert "".join(lines) == "他说「好的。」然后"


def test_opening_mark_never_ends_a_line():
    lines = break_lines("一二三四《五六》七", font_name="", font_size=1, width=5, measure=one_em)
    assert lines[0] == "一二三四"
    assert lines[1].startswith("《五")


def test_numbers_are_not_cut():
    lines = break_lines("应到会代表298人", font_name="", font_size=1, width=6, measure=one_em)
    assert lines == ["应到会代表", "298人"]


def test_first_line_may_be_narrower():
    lines = break_lines(
        "一二三四五六七八", font_name="", font_size=1, width=4, first_line_width=2,
        measure=one_em,
    )
    assert lines == ["一二", "三四五六", "七八"]


def test_names_are_kept_whole_when_asked():
    text = "\u3000\u3000".join(["王敏", "欧阳明华", "李强", "张伟"])
    lines = break_lines(text, font_name="", font_size=1, width=7, measure=one_em,
                        keep_words=True)
    assert [line.split() for line in lines] == [["王敏"], ["欧阳明华"], ["李强", "张伟"]]


def test_a_word_wider_than_the_line_is_cut_rather_than_overflowing():
    lines = break_lines("A" * 12, font_name="", font_size=1, width=5, measure=one_em)
    assert lines == ["AAAAA", "AAAAA", "AA"]


chinese = st.sampled_from(list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就"))
punctuation = st.sampled_from(sorted(CLOSING | OPENING))
digits = st.sampled_from(list("0123456789"))


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.one_of(chinese, chinese, chinese, punctuation, digits), max_size=120)
    .map("".join),
    width=st.integers(min_value=6, max_value=30),
)
def test_no_line_breaks_a_rule_and_no_character_is_lost(text, width):
    lines = break_lines(text, font_name="", font_size=1, width=width, measure=one_em)
    assert "".join(lines) == text
    for number, line in enumerate(lines):
        assert len(line) <= width
        if number:
            # A line may still start with a closing mark only if the text itself put so many
            # marks in a row that they alone fill a line: not the case at these widths
            # unless the whole line is marks.
            assert line[0] not in CLOSING or all(c in CLOSING | OPENING for c in line)
        if number < len(lines) - 1:
            assert line[-1] not in OPENING or all(c in CLOSING | OPENING for c in line)


def test_real_font_sentence_in_a_pdf_never_starts_a_line_with_a_comma():
    font = cjk_font_name()
    style = ParagraphStyle("b", fontName=font, fontSize=13, leading=24, firstLineIndent=26)
    text = (
        "第一轮投票应到会代表298人，发出选票281张，收回选票281张，其中有效票279张，"
        "无效票2张，选举有效。当选票数须达到150票。经计票，下列同志当选（按姓氏笔画为序）："
    ) * 4
    for width in range(300, 460, 7):
        lines = break_lines(text, font_name=font, font_size=13, width=width,
                            first_line_width=width - 26)
        assert "".join(lines) == text
        assert all(line[0] not in CLOSING for line in lines[1:]), (width, lines)
        assert all(line[-1] not in OPENING for line in lines[:-1]), (width, lines)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([ChineseParagraph(text * 5, style)])
    assert buffer.getvalue().startswith(b"%PDF")
