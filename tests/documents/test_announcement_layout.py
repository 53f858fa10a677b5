"""The announcement PDF breaks its lines by the Chinese rules."""

from __future__ import annotations

from reportlab.platypus import Paragraph, SimpleDocTemplate

from dahui.documents import announcement
from dahui.documents.text_layout import NO_LINE_START

RESULT = {"entitled": 298, "issued": 280, "returned": 280, "status": "elected", "valid": 279,
          "invalid": 1, "threshold": 150}


def _printed_lines(paragraph: Paragraph) -> list[str]:
    paragraph.wrap(announcement.TEXT_WIDTH, 10_000)
    lines = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):  # plain layout: (space left, words)
            lines.append(" ".join(line[1]))
        else:  # fragment layout: words carry their text
            lines.append("".join(getattr(word, "text", "") for word in line.words))
    return lines


def _story(monkeypatch, **overrides) -> list[Paragraph]:
    captured: list = []

    def build(self, story, *args, **kwargs):
        captured.extend(story)

    monkeypatch.setattr(SimpleDocTemplate, "build", build)
    fields = {"congress_name": "临汾市总工会第三次代表大会", "title": "第三届委员会委员",
              "rounds": [("", RESULT)], "elected_names": ["王伟", "欧阳秀英", "李强"],
              "unfilled": 0, "issued_by": "大会主席团", "date_text": "2026年12月18日"}
    fields.update(overrides)
    announcement.announcement_pdf(**fields)
    return [flowable for flowable in captured if isinstance(flowable, Paragraph)]


def test_no_printed_line_starts_with_closing_punctuation(monkeypatch):
    # Titles of every length move the "（按姓氏笔画为序）：" across the line end; one of them
    # used to leave "：" alone at the start of a line.
    for extra in range(0, 40):
        title = "临汾市总工会第三届经费审查委员会" + "委" * extra + "委员"
        for paragraph in _story(monkeypatch, title=title):
            lines = _printed_lines(paragraph)
            for line in lines[1:]:
                assert line.strip()[:1] not in NO_LINE_START, (title, lines)


def test_the_printed_lines_are_the_lines_laid_out(monkeypatch):
    for extra in range(0, 40):
        title = "临汾市总工会第三届经费审查委员会" + "委" * extra + "委员"
        paragraphs = _story(monkeypatch, title=title)
        sentence = next(p for p in paragraphs if "经计票" in p.text)
        laid_out = announcement.body_lines(
            f"经计票，下列3位同志当选为{title}（按姓氏笔画为序）：", sentence.style)
        printed = _printed_lines(sentence)
        assert len(printed) == len(laid_out), (printed, laid_out)


def test_an_elected_name_is_never_split_across_lines(monkeypatch):
    names = [f"欧阳{chr(0x4E00 + i)}{chr(0x4E10 + i)}" for i in range(45)]
    paragraphs = _story(monkeypatch, elected_names=names)
    name_lines = next(_printed_lines(p) for p in paragraphs if "欧阳" in p.text)
    assert len(name_lines) > 1
    for line in name_lines:
        for word in line.replace("\xa0", " ").split():
            assert word in names, (word, line)


def test_the_announcement_still_renders():
    pdf = announcement.announcement_pdf(
        congress_name="临汾市总工会第三次代表大会", title="第三届委员会委员",
        rounds=[("", RESULT)], elected_names=["王伟"], unfilled=1, issued_by="大会主席团",
        date_text="2026年12月18日")
    assert pdf.startswith(b"%PDF-")


def test_the_minutes_pdf_breaks_lines_by_the_same_rules(monkeypatch):
    from dahui.documents import minutes

    captured: list = []
    monkeypatch.setattr(SimpleDocTemplate, "build",
                        lambda self, story, *a, **k: captured.extend(story))
    for extra in range(0, 40):
        captured.clear()
        sentence = "听取了工作报告，审议通过了决议。全体代表一致表示，"
        text = "纪要\n会议" + "议" * extra + sentence * 3
        minutes.text_pdf(title="纪要", text=text, draft=True)
        for paragraph in captured[2:]:
            paragraph.wrap(announcement.TEXT_WIDTH, 10_000)  # the same A4 frame
            lines = _printed_lines(paragraph)
            for line in lines[1:]:
                assert line.strip()[:1] not in NO_LINE_START, lines
