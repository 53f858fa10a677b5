"""A generated stack of scanned ballots with its truth, for the tests and the benchmark.

Ballots printed by the ballot printer are rendered at 150/200/300 dpi, marked by a program
with hand-drawn-looking ○ and × (jittered, wobbly strokes, black or blue, of varying size
and place), left blank, over-voted, given write-ins in a CJK handwriting-sized font or
doubtful marks (✓, scribbles, crossed-out marks, marks in both columns, the wrong symbol,
faint marks, a ring around a name), then degraded as scans: rotation up to 3°, shift,
scale, noise, blur, uneven light, JPEG quality 60–90, and some phone-photo perspective.
Every random choice comes from the seed given, so each run of the benchmark can use a new
seed and a failing case can be replayed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from functools import cache

import cv2
import numpy as np
import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from dahui.documents.ballot_papers import ballot_papers_pdf
from dahui.rules import Candidate, Election, ElectionRules, Motion
from dahui.scanning.layout import Box, Layout, layout_for

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红"
WRITE_INS = ("欧阳明", "司马云", "诸葛强", "上官丽", "赵磊", "钱学森", "孙红梅")

BLACK = [(25, 25, 25), (40, 38, 35), (10, 10, 10)]
BLUE = [(150, 60, 25), (170, 80, 30), (120, 40, 20), (180, 100, 40)]  # BGR ballpoint blues

DOUBT_KINDS = ("tick", "scribble", "crossed_out", "both", "wrong_symbol", "faint",
               "on_name", "dot", "half_circle", "filled", "plus", "two_symbols", "dot_inside",
               "graze", "extra_bar")
# Struck-through marks that keep most of the symbol's look: the stress kinds.
STRUCK_KINDS = ("crossed_out", "graze", "extra_bar")
MOTION_DOUBT_KINDS = ("tick", "scribble", "crossed_out", "wrong_symbol", "faint", "two_boxes",
                      "half_circle", "dot", "filled", "plus", "two_symbols")


def an_election(rng: random.Random, candidates: int, *, write_ins: bool = True,
                title: str = "第三届委员会委员") -> Election:
    names: list[str] = []
    while len(names) < candidates:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
        if name not in names:
            names.append(name)
    seats = max(1, math.floor(candidates / 1.05) - 1) if candidates > 2 else 1
    return Election(
        title=title, seats=seats, entitled=300, issued=290,
        candidates=tuple(Candidate(f"c{i + 1}", n) for i, n in enumerate(names)),
        rules=ElectionRules(write_ins=write_ins),
    )


def a_motion(title: str = "关于工会工作报告的决议") -> Motion:
    return Motion(title=title, entitled=300, issued=290)


@dataclass
class Truth:
    """What a page holds. `doubtful` names the rows (candidate ids, or "motion") a person
    must look at; `page_why` a page-level reason the reader must give."""

    kind: str  # "ballot", "blank_page", "other_election", "duplicate", "not_a_ballot"
    marks: dict[str, str] = field(default_factory=dict)
    vote: str | None = None  # motions
    write_ins: dict[str, str] = field(default_factory=dict)  # candidate id -> name written
    doubtful: dict[str, str] = field(default_factory=dict)  # row -> kind of doubt
    dpi: int = 200
    upside_down: bool = False
    sideways: bool = False
    phone: bool = False

    @property
    def clean(self) -> bool:
        return self.kind == "ballot" and not self.doubtful and not self.write_ins

    def line(self, motion: bool) -> dict:
        if motion:
            return {"vote": self.vote} if self.vote else {}
        return {"marks": dict(self.marks)}


@dataclass
class Page:
    name: str
    data: bytes
    truth: Truth


@cache
def _rendered(pdf: bytes, dpi: int) -> np.ndarray:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = np.asarray(page.render(scale=dpi / 72).to_pil().convert("RGB"))
    return cv2.cvtColor(image, cv2.COLOR_RGB2BGR)


@cache
def _noise(sigma: int, variant: int) -> tuple[np.ndarray, np.ndarray]:
    """Scanner noise as a tile (brighter and darker parts), cheap to lay over a page."""
    noise = np.random.default_rng(sigma * 10 + variant).normal(0, sigma, (448, 448, 3))
    return (np.clip(noise, 0, 255).astype(np.uint8), np.clip(-noise, 0, 255).astype(np.uint8))


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


class Pen:
    """Draws in millimetres on a page image at `dpi`, with a hand's wobble."""

    def __init__(self, image: np.ndarray, dpi: int, rng: random.Random, colour, width_mm):
        self.image, self.rng, self.colour = image, rng, colour
        self.scale = dpi / 25.4
        self.width = max(1, round(width_mm * self.scale))

    def stroke(self, points: list[tuple[float, float]], *, colour=None) -> None:
        pts = np.array([[x * self.scale, y * self.scale] for x, y in points], np.float32)
        cv2.polylines(self.image, [np.round(pts * 4).astype(np.int32)], False,
                      colour or self.colour, self.width, cv2.LINE_AA, shift=2)

    def line(self, a, b, *, bend: float = 0.4, steps: int = 14) -> list:
        rng = self.rng
        (ax, ay), (bx, by) = a, b
        nx, ny = -(by - ay), bx - ax
        length = math.hypot(nx, ny) or 1.0
        nx, ny = nx / length, ny / length
        curve = rng.uniform(-bend, bend)
        wobble = [rng.uniform(-0.08, 0.08) for _ in range(steps + 1)]
        out = []
        for i in range(steps + 1):
            t = i / steps
            off = curve * math.sin(math.pi * t) + wobble[i]
            out.append((ax + (bx - ax) * t + nx * off, ay + (by - ay) * t + ny * off))
        return out

    def circle(self, centre, rx, ry, *, sweep=None) -> None:
        rng = self.rng
        start = rng.uniform(0, 2 * math.pi)
        sweep = sweep if sweep is not None else 2 * math.pi + rng.uniform(0.15, 0.7)
        tilt = rng.uniform(-0.5, 0.5)
        phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
        amps = [rng.uniform(0, 0.07) for _ in range(3)]
        steps = 48
        points = []
        for i in range(steps + 1):
            t = start + sweep * i / steps
            k = 1 + sum(a * math.sin((j + 2) * t + p) for j, (a, p) in
                        enumerate(zip(amps, phases, strict=True)))
            # The end of the loop drifts inward or outward a little, as a hand's does.
            k *= 1 + 0.06 * (i / steps) * (1 if phases[0] > math.pi else -1)
            x, y = rx * k * math.cos(t), ry * k * math.sin(t)
            points.append((centre[0] + x * math.cos(tilt) - y * math.sin(tilt),
                           centre[1] + x * math.sin(tilt) + y * math.cos(tilt)))
        self.stroke(points)

    def cross(self, centre, half_w, half_h) -> None:
        rng = self.rng
        cx, cy = centre
        j = lambda: rng.uniform(-0.12, 0.12) * min(half_w, half_h) * 2  # noqa: E731
        self.stroke(self.line((cx - half_w + j(), cy - half_h + j()),
                              (cx + half_w + j(), cy + half_h + j())))
        self.stroke(self.line((cx + half_w + j(), cy - half_h + j()),
                              (cx - half_w + j(), cy + half_h + j())))

    def tick(self, centre, half_w, half_h) -> None:
        cx, cy = centre
        mid = (cx - half_w * 0.3, cy + half_h)
        self.stroke(self.line((cx - half_w, cy + half_h * 0.05), mid, bend=0.2)
                    + self.line(mid, (cx + half_w, cy - half_h), bend=0.3)[1:])

    def scribble(self, box: Box) -> None:
        rng = self.rng
        points = []
        for _ in range(rng.randint(7, 14)):
            points.append((box.x + rng.uniform(0.15, 0.85) * box.width,
                           box.y + rng.uniform(0.15, 0.85) * box.height))
        self.stroke(points)


def _symbol_size(box: Box, rng: random.Random) -> tuple[float, float]:
    h = box.height * rng.uniform(0.28, 0.40)
    w = min(box.width * 0.40, h * rng.uniform(0.9, 1.4))
    return w, h


def _centre(box: Box, rng: random.Random, w: float, h: float) -> tuple[float, float]:
    cx, cy = box.centre
    return (cx + rng.uniform(-1, 1) * max(0.0, box.width / 2 - w - 1.2) * 0.6,
            cy + rng.uniform(-1, 1) * max(0.0, box.height / 2 - h - 1.0) * 0.6)


def draw_circle(pen: Pen, box: Box) -> None:
    w, h = _symbol_size(box, pen.rng)
    pen.circle(_centre(box, pen.rng, w, h), w, h)


def draw_cross(pen: Pen, box: Box) -> None:
    w, h = _symbol_size(box, pen.rng)
    pen.cross(_centre(box, pen.rng, w, h), w, h)


def draw_doubt(pen: Pen, kind: str, box: Box, other: Box, name: Box | None, *,
               column: str = "for") -> None:
    """A doubtful mark of `kind` in `box` (the cell of `column`); `other` is the row's
    other column, `name` its name box."""
    rng = pen.rng
    w, h = _symbol_size(box, rng)
    centre = _centre(box, rng, w, h)
    if kind == "tick":
        pen.tick(centre, w, h)
    elif kind == "scribble":
        pen.scribble(box)
    elif kind == "crossed_out":
        # A mark struck through: a × over a ○, or one stroke through it.
        pen.circle(centre, w, h) if column == "for" else pen.cross(centre, w, h)
        if column == "for" and rng.random() < 0.5:
            pen.cross(centre, w * rng.uniform(0.9, 1.2), h * rng.uniform(0.9, 1.2))
        else:
            pen.stroke(pen.line((centre[0] - w * 1.3, centre[1] + h * rng.uniform(-0.8, 0.8)),
                                (centre[0] + w * 1.3, centre[1] + h * rng.uniform(-0.8, 0.8))))
    elif kind == "both":
        draw_circle(pen, box if column == "for" else other)
        draw_cross(pen, other if column == "for" else box)
    elif kind == "wrong_symbol":
        # The other column's symbol: × where ○ belongs, ○ where × belongs.
        if column == "for":
            pen.cross(centre, w, h)
        else:
            pen.circle(centre, w, h)
    elif kind == "faint":
        light = rng.randint(200, 215)
        faint = Pen(pen.image, round(pen.scale * 25.4), rng, (light, light, light), 0.3)
        faint.circle(centre, w, h) if column == "for" else faint.cross(centre, w, h)
    elif kind == "dot":
        pen.stroke([(centre[0], centre[1]), (centre[0] + 0.9, centre[1] + 0.4)])
    elif kind == "half_circle":
        pen.circle(centre, w, h, sweep=math.pi * rng.uniform(0.8, 1.2))
    elif kind == "on_name" and name is not None:
        pen.circle(name.centre, name.width * 0.3, name.height * 0.38)
    elif kind == "filled":
        # A blot: the symbol inked over until it is a dark patch.
        for k in range(8):
            pen.circle(centre, w * (1 - k / 9), h * (1 - k / 9))
    elif kind == "dot_inside":
        pen.circle(centre, w, h)
        pen.stroke([(centre[0] - 0.5, centre[1]), (centre[0] + 0.6, centre[1] + 0.3)])
    elif kind == "plus":
        pen.stroke(pen.line((centre[0] - w, centre[1]), (centre[0] + w, centre[1])))
        pen.stroke(pen.line((centre[0], centre[1] - h), (centre[0], centre[1] + h)))
    elif kind == "graze":
        # The column's own symbol and one stroke grazing its edge (or cutting a rim).
        own_symbol(pen, column, centre, w, h)
        angle = rng.uniform(-0.6, 0.6)
        offset = rng.choice((-1, 1)) * rng.uniform(0.55, 1.0)
        dx, dy = math.cos(angle), math.sin(angle)
        mx, my = centre[0] - dy * offset * h, centre[1] + dx * offset * h
        reach = w * rng.uniform(1.0, 1.4)
        pen.stroke(pen.line((mx - dx * reach, my - dy * reach), (mx + dx * reach, my + dy * reach),
                            bend=0.2))
    elif kind == "extra_bar":
        # A × with a short bar across one of its strokes near the stroke's end.
        pen.cross(centre, w, h)
        sx, sy = rng.choice((-1, 1)), rng.choice((-1, 1))
        t = rng.uniform(0.55, 0.95)
        px, py = centre[0] + sx * w * t, centre[1] + sy * h * t
        # Across the arm: the arm runs along (sx w, sy h); the bar along (-sy h, sx w).
        norm = math.hypot(w, h)
        bx, by = -sy * h / norm, sx * w / norm
        turn = rng.uniform(-0.4, 0.4)
        c, s = math.cos(turn), math.sin(turn)
        bx, by = bx * c - by * s, bx * s + by * c
        half = min(w, h) * rng.uniform(0.35, 0.7)
        pen.stroke(pen.line((px - bx * half, py - by * half), (px + bx * half, py + by * half),
                            bend=0.1, steps=6))
    elif kind == "two_symbols":
        # A ○ and a × side by side in one cell.
        left = (box.x + box.width * 0.3, box.centre[1])
        right = (box.x + box.width * 0.7, box.centre[1])
        size = min(box.width * 0.16, h)
        pen.circle(left, size, size * 0.9)
        pen.cross(right, size, size * 0.9)


def own_symbol(pen: Pen, column: str, centre, w: float, h: float) -> None:
    """The column's own symbol: ○ for 赞成, × for 不赞成."""
    if column == "against":
        pen.cross(centre, w, h)
    else:
        pen.circle(centre, w, h)


def write_name(image: np.ndarray, dpi: int, box: Box, text: str, colour, rng) -> np.ndarray:
    scale = dpi / 25.4
    size = max(10, round(box.height * rng.uniform(0.5, 0.7) * scale))
    pil = Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    layer = Image.new("L", (round(box.width * scale), round(box.height * scale)), 0)
    ImageDraw.Draw(layer).text((rng.uniform(1, 4) * scale, box.height * scale * 0.15), text,
                               font=_font(size), fill=255)
    layer = layer.rotate(rng.uniform(-4, 4), resample=Image.BILINEAR)
    solid = Image.new("RGB", layer.size, tuple(reversed(colour)))
    pil.paste(solid, (round(box.x * scale), round(box.y * scale)), layer)
    return cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)


def mark_ballot(image: np.ndarray, layout: Layout, dpi: int, rng: random.Random, *,
                category: str) -> tuple[np.ndarray, Truth]:
    """Marks a printed ballot image as a voter would; returns it and its truth."""
    image = image.copy()
    colour = rng.choice(BLUE if rng.random() < 0.5 else BLACK)
    pen = Pen(image, dpi, rng, colour, rng.uniform(0.3, 0.6))
    truth = Truth(kind="ballot", dpi=dpi)
    if layout.kind == "motion":
        cells = layout.rows[0].cells
        if category == "doubtful":
            kind = rng.choice(MOTION_DOUBT_KINDS)
            a, b = rng.sample(list(cells), 2)
            if kind == "two_boxes":
                draw_circle(pen, a.box)
                draw_circle(pen, b.box)
            else:
                draw_doubt(pen, kind, a.box, b.box, None)
            truth.doubtful["motion"] = kind
        elif category != "blank":
            cell = rng.choice(cells)
            draw_circle(pen, cell.box)
            truth.vote = cell.key
        return image, truth
    rows = list(layout.rows)
    seats = layout.seats or 1
    if category == "blank":
        return image, truth
    p_for = rng.uniform(0.5, 0.95)
    p_against = rng.uniform(0.0, 1 - p_for)
    if category == "overvote":
        p_for, p_against = 1.0, 0.0
    doubtful_rows = set()
    if category == "doubtful":
        doubtful_rows = {r.key for r in rng.sample(rows, rng.randint(1, 2))}
    write_in_rows = set()
    for row in rows:
        by = {c.column: c.box for c in row.cells}
        if row.key in doubtful_rows:
            kind = rng.choice(DOUBT_KINDS)
            column = "for" if rng.random() < 0.55 else "against"
            box, other = (by["for"], by["against"]) if column == "for" else (
                by["against"], by["for"])
            draw_doubt(pen, kind, box, other, row.name_box, column=column)
            truth.doubtful[row.key] = f"{kind} in {column}"
            continue
        roll = rng.random()
        if roll < p_for:
            draw_circle(pen, by["for"])
            truth.marks[row.key] = "for"
        elif roll < p_for + p_against:
            draw_cross(pen, by["against"])
            truth.marks[row.key] = "against"
            if (category == "write_in" and "write_in" in by and not write_in_rows) or (
                category == "write_in" and "write_in" in by and rng.random() < 0.3
            ):
                write_in_rows.add(row.key)
                name = rng.choice(WRITE_INS)
                image = write_name(image, dpi, by["write_in"], name, colour, rng)
                pen.image = image
                truth.write_ins[row.key] = name
    if category == "overvote" and sum(v == "for" for v in truth.marks.values()) <= seats:
        pass  # fewer rows than seats + 1 left unmarked by chance: still a fine ballot
    return image, truth


def degrade(image: np.ndarray, rng: random.Random, truth: Truth, *, phone: bool = False,
            upside_down: bool = False, sideways: bool = False) -> bytes:
    """The marked page as a scanner (or a phone) would return it, encoded. A page fed
    sideways comes out turned a quarter, one way or the other."""
    scale = truth.dpi / 25.4
    if sideways:
        image = cv2.rotate(image, rng.choice([cv2.ROTATE_90_CLOCKWISE,
                                              cv2.ROTATE_90_COUNTERCLOCKWISE]))
    # The scanner sees a little more than the sheet (6 mm each side), and the sheet lies
    # skewed and shifted in it.
    pad = round(6 * scale)
    image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                               value=(255, 255, 255))
    h, w = image.shape[:2]
    angle = rng.uniform(-3, 3)
    zoom = rng.uniform(0.97, 1.03)
    shift = (rng.uniform(-4, 4) * scale, rng.uniform(-4, 4) * scale)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle + (180 if upside_down else 0), zoom)
    matrix[:, 2] += shift
    paper = tuple(int(v) for v in rng.choice([(250, 250, 250), (240, 244, 246), (235, 238, 232)]))
    out = cv2.warpAffine(image, matrix, (w, h), borderValue=paper,
                         flags=cv2.INTER_LINEAR)
    if phone:
        d = 0.025 * min(w, h)
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = src + np.float32([[rng.uniform(0, d), rng.uniform(0, d)],
                                [-rng.uniform(0, d), rng.uniform(0, d)],
                                [-rng.uniform(0, d), -rng.uniform(0, d)],
                                [rng.uniform(0, d), -rng.uniform(0, d)]])
        out = cv2.warpPerspective(out, cv2.getPerspectiveTransform(src, dst), (w, h),
                                  borderValue=(90, 95, 100))
        # Light falling off across the sheet.
        ramp = np.linspace(rng.uniform(0.8, 0.9), 1.0, w, dtype=np.float32)
        out = np.clip(out.astype(np.float32) * ramp[None, :, None], 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        out = cv2.GaussianBlur(out, (3, 3), rng.uniform(0.3, 0.9))
    brighter, darker = _noise(rng.randint(2, 8), rng.randrange(4))
    dy, dx = rng.randrange(64), rng.randrange(64)
    reps = (out.shape[0] // 448 + 2, out.shape[1] // 448 + 2) + ((1,) if out.ndim == 3 else ())
    tile = lambda t: np.tile(t if out.ndim == 3 else t[:, :, 0], reps)[  # noqa: E731
        dy:dy + out.shape[0], dx:dx + out.shape[1]]
    out = cv2.subtract(cv2.add(out, tile(brighter)), tile(darker))
    if rng.random() < 0.4:
        out = cv2.cvtColor(out, cv2.COLOR_BGR2GRAY)
    if rng.random() < 0.75:
        ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(60, 90)])
    else:
        ok, data = cv2.imencode(".png", out)
    assert ok
    return data.tobytes()


@dataclass
class Mix:
    """Shares of each kind of page in a generated stack."""

    blank: float = 0.05
    overvote: float = 0.04
    write_in: float = 0.08
    doubtful: float = 0.15
    phone: float = 0.10
    upside_down: float = 0.04
    sideways: float = 0.02
    blank_pages: int = 1
    other_election: int = 1
    duplicates: int = 1


def generate(election: Election | Motion, count: int, seed: int, *,
             dpis=(150, 200, 300), mix: Mix | None = None) -> list[Page]:
    """`count` marked ballots of `election` as scans, plus the odd pages of a real stack."""
    mix = mix or Mix()
    rng = random.Random(seed)
    pdf = ballot_papers_pdf(congress_name="临汾市总工会第三次代表大会", election=election,
                            count=1)
    layout = layout_for(election)
    pages: list[Page] = []
    for number in range(count):
        dpi = rng.choice(dpis)
        roll = rng.random()
        category = "clean"
        for name, share in (("blank", mix.blank), ("overvote", mix.overvote),
                            ("write_in", mix.write_in), ("doubtful", mix.doubtful)):
            if roll < share:
                category = name
                break
            roll -= share
        if category == "write_in" and not layout.write_ins:
            category = "clean"
        image, truth = mark_ballot(_rendered(pdf, dpi), layout, dpi, rng, category=category)
        truth.phone = rng.random() < mix.phone
        truth.upside_down = rng.random() < mix.upside_down
        truth.sideways = rng.random() < mix.sideways
        data = degrade(image, rng, truth, phone=truth.phone, upside_down=truth.upside_down,
                       sideways=truth.sideways)
        pages.append(Page(f"b{number + 1:04d}", data, truth))
    for _ in range(mix.blank_pages):
        dpi = rng.choice(dpis)
        h, w = round(297 / 25.4 * dpi), round(210 / 25.4 * dpi)
        blank = np.full((h, w, 3), 248, np.uint8)
        truth = Truth(kind="blank_page", dpi=dpi)
        pages.insert(rng.randrange(len(pages) + 1),
                     Page(f"blank{len(pages)}", degrade(blank, rng, truth), truth))
    for index in range(mix.other_election):
        if isinstance(election, Motion):
            other: Election | Motion = a_motion(title=f"另一项决议{index}")
        else:
            other = an_election(rng, len(election.candidates), title="经费审查委员会委员")
        other_pdf = ballot_papers_pdf(congress_name="", election=other, count=1)
        dpi = rng.choice(dpis)
        image, _ = mark_ballot(_rendered(other_pdf, dpi), layout_for(other), dpi, rng,
                               category="clean")
        truth = Truth(kind="other_election", dpi=dpi)
        pages.insert(rng.randrange(len(pages) + 1),
                     Page(f"other{index}", degrade(image, rng, truth), truth))
    for index in range(mix.duplicates):
        originals = [p for p in pages if p.truth.kind == "ballot" and p.truth.marks]
        if not originals:
            break
        original = rng.choice(originals)
        position = pages.index(original)
        pages.insert(rng.randrange(position + 1, len(pages) + 1),
                     Page(f"dup{index}-{original.name}", original.data,
                          Truth(kind="duplicate", dpi=original.truth.dpi)))
    return pages


def image_suffix(data: bytes) -> str:
    return ".png" if data.startswith(b"\x89PNG") else ".jpg"


PAGE_WHY = {"blank_page": "blank_page", "other_election": "other_election",
            "duplicate": "duplicate_page"}


@dataclass
class Score:
    pages: int = 0
    ballots: int = 0
    clean: int = 0
    clean_to_review: int = 0
    read: int = 0
    wrong_sure_reads: int = 0
    doubtful_rows: int = 0
    doubtful_rows_missed: int = 0
    write_ins: int = 0
    write_ins_missed: int = 0
    special_pages: int = 0
    special_pages_missed: int = 0
    special_pages_unnamed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def clean_review_share(self) -> float:
        return self.clean_to_review / self.clean if self.clean else 0.0


def score(pages: list[Page], results, *, motion: bool) -> Score:
    """How the reader did against the truth. `results` are PageResults in page order."""
    out = Score()
    for page, result in zip(pages, results, strict=True):
        truth = page.truth
        out.pages += 1
        rows = {d.candidate if d.candidate is not None else "motion": d.why
                for d in result.doubts}
        whys = {d.why for d in result.doubts}
        if result.ballot is not None:
            out.read += 1
            if (truth.kind != "ballot" or truth.doubtful or truth.write_ins
                    or result.ballot != truth.line(motion)):
                out.wrong_sure_reads += 1
                out.problems.append(f"{page.name}: read {result.ballot}, truth {truth}")
        if truth.kind in PAGE_WHY:
            out.special_pages += 1
            if not whys:
                # Read as a ballot of this poll: the one thing a special page must never be.
                out.special_pages_missed += 1
                out.problems.append(f"{page.name}: {truth.kind} read as a ballot")
            elif PAGE_WHY[truth.kind] not in whys:
                # Held back for people all the same, under another reason.
                out.special_pages_unnamed += 1
                out.problems.append(f"{page.name}: {truth.kind} sent to review as {whys}")
            continue
        out.ballots += 1
        if truth.clean:
            out.clean += 1
            if result.ballot is None:
                out.clean_to_review += 1
                out.problems.append(f"{page.name}: clean ballot sent to review {rows}")
        for row, kind in truth.doubtful.items():
            out.doubtful_rows += 1
            if row not in rows and not (motion and result.ballot is None and result.doubts):
                out.doubtful_rows_missed += 1
                out.problems.append(f"{page.name}: doubtful {kind} in {row} not on review")
        for row in truth.write_ins:
            out.write_ins += 1
            if rows.get(row) != "write_in" and not any(
                d.candidate == row and d.why == "write_in" for d in result.doubts
            ):
                out.write_ins_missed += 1
                out.problems.append(f"{page.name}: write-in in {row} not on review {rows}")
    return out
