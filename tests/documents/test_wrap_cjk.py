"""Chinese line breaking: no line starts with closing or ends with opening punctuation."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from dahui.documents.fonts import cjk_font_name
from dahui.documents.text_layout import NO_LINE_END, NO_LINE_START, wrap_cjk

SIZE = 13


def test_a_comma_never_starts_a_line():
    font = cjk_font_name()
    text = "本次大会应到会代表二百九十八人，实到二百八十人，符合法定人数。"
    # Width of exactly eight characters: the ninth, a comma, would start line two.
    width = stringWidth("本次大会应到会代", font, SIZE)
    lines = wrap_cjk(text, font, SIZE, width)
    assert "".join(lines) == text
    assert all(line[0] not in NO_LINE_START for line in lines)
    assert len(lines) > 1


def test_an_opening_bracket_never_ends_a_line():
    font = cjk_font_name()
    text = "经计票，下列同志当选（按姓氏笔画为序）"
    width = stringWidth("经计票，下列同志当选（", font, SIZE) + 1
    lines = wrap_cjk(text, font, SIZE, width)
    assert "".join(lines) == text
    assert lines[0][-1] != "（"


def test_numbers_and_latin_words_stay_whole():
    font = cjk_font_name()
    text = "应到会代表298人"
    width = stringWidth("应到会代表29", font, SIZE)
    lines = wrap_cjk(text, font, SIZE, width)
    assert "".join(lines) == text
    assert lines[0] == "应到会代表"


def test_newlines_start_new_lines_and_empty_lines_stay():
    font = cjk_font_name()
    assert wrap_cjk("甲\n\n乙", font, SIZE, 200) == ["甲", "", "乙"]


CJK = st.sampled_from("代表大会选举工会委员主席团公告同志当选人数")
PUNCT = st.sampled_from(sorted(NO_LINE_START | NO_LINE_END))


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.one_of(CJK, CJK, CJK, PUNCT), min_size=1, max_size=80).map("".join),
    chars=st.integers(min_value=2, max_value=20),
)
def test_every_wrap_keeps_the_text_and_the_rules(text, chars):
    font = cjk_font_name()
    width = chars * SIZE
    lines = wrap_cjk(text, font, SIZE, width)
    assert "".join(lines) == text
    for previous, line in itertools.pairwise(lines):
        assert line, lines
        assert line[0] not in NO_LINE_START, lines
        assert previous[-1] not in NO_LINE_END, lines
    closers = "".join(NO_LINE_START)
    for line in lines:
        # Only punctuation that may not start a line hangs past the margin (and what
        # follows an opening bracket that would otherwise end a line).
        core = line.rstrip(closers)
        if len(core) > 1 and not NO_LINE_END & set(line):
            assert stringWidth(core, font, SIZE) <= width + 0.01, lines
