"""Chinese line breaking for the PDFs (避头尾: the rules of where a line may not break).

ReportLab's own CJK wrapping knows only a few of the Chinese marks that may not start a
line (the full-width comma, semicolon, colon, question and exclamation marks and 》 are
missing) and hangs at most one of them, so a printed 公告 could start a line with "，". Here
the text is cut into unbreakable clusters first:

- a closing mark (，。、；：？！）」』》 …) sticks to what comes before it, however many follow
  one another (。」);
- an opening mark (（「『《 …) sticks to what comes after it;
- a run of Latin letters and digits (2026, 258, No.5) is not cut;
- a doubled dash or ellipsis (——, ……) is not cut;

then the clusters are packed greedily into lines measured with the font's real widths.
`ChineseParagraph` is a flowable that does this at layout time, when the frame's width is
known, so it can stand wherever a `Paragraph` of plain text stood.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

# May not start a line (GB/T 15834 and common 避头 practice).
CLOSING = frozenset(
    "，。、；：？！）」』》〉】〕］｝〗〙〛”’…—·%％‰℃°"
    ",.;:?!)]}>"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶーゝゞヽヾ々〻"
)
# May not end a line (避尾).
OPENING = frozenset("（「『《〈【〔［｛〖〘〚“‘([{<¥￥$£€#＃")
# Marks that come in pairs and must not be cut in the middle.
DOUBLED = frozenset("—…")


def _atoms(text: str) -> list[str]:
    """Split into the smallest pieces a line may be cut between (before applying the rules)."""
    atoms: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        j = i + 1
        if char.isascii() and (char.isalnum() or char in "._-/'"):
            while j < len(text) and text[j].isascii() and (
                text[j].isalnum() or text[j] in "._-/'"
            ):
                j += 1
        elif char in DOUBLED:
            while j < len(text) and text[j] == char:
                j += 1
        atoms.append(text[i:j])
        i = j
    return atoms


def clusters(text: str, *, keep_words: bool = False) -> list[str]:
    """The text as pieces that a line break may separate, and only those.

    With `keep_words` only white space separates pieces (a list of names, each kept whole).
    """
    if keep_words:
        pieces: list[str] = []
        for atom in _atoms(text):
            if atom.isspace() or not pieces or pieces[-1].isspace():
                pieces.append(atom)
            else:
                pieces[-1] += atom
        atoms = pieces
    else:
        atoms = _atoms(text)
    result: list[str] = []
    glue_next = False
    for atom in atoms:
        if result and not atom.isspace() and (glue_next or atom[0] in CLOSING):
            result[-1] += atom
        else:
            result.append(atom)
        glue_next = not atom.isspace() and atom[-1] in OPENING
    return result


def break_lines(
    text: str,
    *,
    font_name: str,
    font_size: float,
    width: float,
    first_line_width: float | None = None,
    keep_words: bool = False,
    measure: Callable[[str], float] | None = None,
) -> list[str]:
    """Cut `text` into lines no wider than `width` (the first one `first_line_width`).

    No line starts with a closing mark or ends with an opening one. White space at a break
    is dropped. A single piece wider than a whole line (a very long Latin word) is cut by
    characters, the only case where a line may still break a rule.
    """
    if measure is None:
        def measure(s: str) -> float:
            return stringWidth(s, font_name, font_size)

    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_pack(
            clusters(paragraph, keep_words=keep_words), measure, width,
            width if first_line_width is None or lines else first_line_width,
        ))
    return lines


def _pack(
    pieces: list[str], measure: Callable[[str], float], width: float, first_width: float
) -> list[str]:
    lines: list[str] = []
    current = ""
    limit = first_width

    def fits(text: str) -> bool:
        return measure(text.rstrip()) <= limit + 1e-6

    for piece in pieces:
        if piece.isspace() and not current and lines:
            continue  # no white space at the start of a continued line
        if fits(current + piece):
            current += piece
            continue
        if current.strip():
            lines.append(current.rstrip())
        current, limit = "", width
        if piece.isspace():
            continue
        if fits(piece) or measure(piece.rstrip("".join(CLOSING))) <= limit + 1e-6:
            # Closing marks that do not fit hang past the margin (悬挂) rather than start
            # the next line.
            current = piece
            continue
        # One piece wider than a whole line (a long Latin word): cut it by characters.
        for char in piece:
            if current and not fits(current + char):
                lines.append(current)
                current = ""
            current += char
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


class ChineseParagraph(Flowable):
    """A paragraph of plain text laid out with `break_lines` in the given style.

    Markup is not interpreted: the text is escaped. Alignment, indents, leading and spacing
    come from the style; `keep_words` keeps each white-space separated word (a name) whole.
    """

    def __init__(self, text: str, style: ParagraphStyle, *, keep_words: bool = False):
        super().__init__()
        self.text = text
        self.style = style
        self.keep_words = keep_words
        self._paragraph: Paragraph | None = None

    def _layout(self, avail_width: float) -> Paragraph:
        style = self.style
        width = avail_width - style.leftIndent - style.rightIndent
        lines = break_lines(
            self.text, font_name=style.fontName, font_size=style.fontSize, width=width,
            first_line_width=width - style.firstLineIndent, keep_words=self.keep_words,
        )
        # The lines are final: the inner paragraph only stacks them (no CJK re-wrapping).
        inner = ParagraphStyle(f"{style.name}-lines", parent=style, wordWrap=None)
        return Paragraph("<br/>".join(escape(line) for line in lines), inner)

    def wrap(self, availWidth, availHeight):
        self._paragraph = self._layout(availWidth)
        self.width, self.height = self._paragraph.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return self._layout(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        assert self._paragraph is not None
        self._paragraph.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter


# The names the plain-line callers (the announcement) use.
NO_LINE_START = CLOSING
NO_LINE_END = OPENING


def wrap_cjk(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` as lines no wider than `width` points in `font` at `size`, broken by the
    Chinese rules; a newline in `text` always starts a new line (an empty one stays)."""
    if width <= 0:
        raise ValueError("width must be positive")
    return break_lines(text, font_name=font, font_size=size, width=width)
