"""Build src/dahui/rules/strokes.txt, the stroke data of announcement order (RULES.md rule 10).

Run once by hand when the sources change; dahui never fetches anything at run time.

Sources (fetch them with the registries' own clients, then pass the files):

- Stroke sequences, simplified: npm package `cnchar-order` 3.2.6 (MIT licence,
  https://github.com/theajack/cnchar), 6,939 characters; `npm pack cnchar-order@3.2.6`.
- Stroke sequences, traditional: npm package `cnchar-trad` 3.2.6 (MIT licence), 2,611
  characters; `npm pack cnchar-trad@3.2.6`.
- Stroke counts of every other ideograph: Unihan kTotalStrokes (first value, the
  zh-Hans count) from Debian's `unicode-data` 15.0.0-1 (Unicode licence);
  `apt-get download unicode-data`.
- The 31 component characters of GB2312 (丨 丿 丶 刂 氵 …) that cnchar leaves out are listed
  below, stroke by stroke from the standard component forms.

cnchar names each stroke with a letter; they fold into the five classes of the national
stroke-order standard (GB13000.1 字符集汉字笔顺规范): 横 and 提 → 1, 竖 and 竖钩 → 2,
撇 → 3, 点 and 捺 → 4, every turning stroke → 5.

Output, one group per line: "12345 字字…" (every character with that stroke sequence) or
"n17 字字…" (characters whose count alone is known: 17 strokes).

    python tools/strokes/build.py cnchar-order-3.2.6.tgz cnchar-trad-3.2.6.tgz \
        unicode-data_15.0.0-1_all.deb
"""

from __future__ import annotations

import argparse
import bz2
import io
import json
import re
import tarfile
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "src" / "dahui" / "rules" / "strokes.txt"

STROKE_CLASS = {"j": "1", "i": "1", "f": "2", "g": "2", "s": "3", "k": "4", "d": "4", "l": "4"}
TURNING = "abcehmnopqrtuvwxyz"  # 横折, 竖弯钩, 撇点 … all fold to 乛 (5)

COMPONENTS = {
    "丨": "2", "丿": "3", "丶": "4", "匚": "15", "刂": "22", "亠": "41", "冫": "41",
    "冖": "45", "讠": "45", "卩": "52", "阝": "52", "廴": "54", "艹": "122", "扌": "121",
    "彳": "332", "彡": "333", "犭": "353", "夂": "354", "饣": "355", "忄": "442",
    "丬": "412", "氵": "441", "宀": "445", "辶": "454", "彐": "511", "屮": "522",
    "纟": "551", "灬": "4444", "礻": "4524", "疒": "41341", "衤": "45234",
}  # fmt: skip


def five_classes(letters: str) -> str:
    digits = []
    for letter in letters:
        if letter in STROKE_CLASS:
            digits.append(STROKE_CLASS[letter])
        elif letter in TURNING:
            digits.append("5")
        else:
            raise ValueError(f"unknown cnchar stroke letter {letter!r} in {letters!r}")
    return "".join(digits)


def cnchar_orders(tarball: Path) -> dict[str, str]:
    """The character → stroke-letters table inside a cnchar plug-in's bundled script."""
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            if member.name.endswith(".min.js"):
                script = archive.extractfile(member).read().decode("utf-8")
                break
        else:
            raise SystemExit(f"{tarball}: no bundled script")
    best: dict[str, str] = {}
    for literal in re.findall(r"JSON\.parse\('(\{.*?\})'\)", script):
        try:
            table = json.loads(literal)
        except json.JSONDecodeError:
            continue
        # The order table maps one character to letters only; other tables hold other things.
        if all(
            len(k) == 1 and isinstance(v, str) and re.fullmatch("[a-z]+", v)
            for k, v in table.items()
        ) and len(table) > len(best):
            best = table
    if not best:
        raise SystemExit(f"{tarball}: no stroke-order table found")
    return best


def deb_member(deb: Path, suffix: str) -> bytes:
    """A file from a .deb (an ar archive holding data.tar.*) without dpkg."""
    data = deb.read_bytes()
    if not data.startswith(b"!<arch>\n"):
        raise SystemExit(f"{deb}: not a Debian package")
    at = 8
    while at < len(data):
        header = data[at : at + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        body = data[at + 60 : at + 60 + size]
        at += 60 + size + (size % 2)
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body)) as archive:
                for member in archive.getmembers():
                    if member.name.endswith(suffix):
                        return archive.extractfile(member).read()
    raise SystemExit(f"{deb}: no {suffix}")


def unihan_total_strokes(deb: Path) -> dict[str, int]:
    text = bz2.decompress(deb_member(deb, "Unihan_IRGSources.txt.bz2")).decode("utf-8")
    counts = {}
    for line in text.splitlines():
        if "\tkTotalStrokes\t" in line:
            code, _, value = line.split("\t")
            counts[chr(int(code[2:], 16))] = int(value.split()[0])
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cnchar_order", type=Path)
    parser.add_argument("cnchar_trad", type=Path)
    parser.add_argument("unicode_data_deb", type=Path)
    args = parser.parse_args()

    sequences: dict[str, str] = {}
    for tarball in (args.cnchar_order, args.cnchar_trad):
        for character, letters in cnchar_orders(tarball).items():
            sequences.setdefault(character, five_classes(letters))
    for character, sequence in COMPONENTS.items():
        sequences.setdefault(character, sequence)
    counts = unihan_total_strokes(args.unicode_data_deb)

    disagreements = [c for c, s in sequences.items() if c in counts and counts[c] != len(s)]
    by_sequence: dict[str, list[str]] = defaultdict(list)
    for character, sequence in sequences.items():
        by_sequence[sequence].append(character)
    by_count: dict[int, list[str]] = defaultdict(list)
    for character, count in counts.items():
        if character not in sequences:
            by_count[count].append(character)

    lines = [
        "# Stroke data for announcement order (dahui rules, rule 10). Built by",
        "# tools/strokes/build.py from cnchar-order 3.2.6 and cnchar-trad 3.2.6 (MIT) and",
        "# Unihan kTotalStrokes of unicode-data 15.0.0-1 (Unicode licence). Do not edit.",
        "# '12345 chars': stroke sequence in the classes 横1 丨2 丿3 丶4 乛5;",
        "# 'n17 chars': the stroke count alone is known.",
    ]
    for sequence in sorted(by_sequence, key=lambda s: (len(s), s)):
        lines.append(f"{sequence} {''.join(sorted(by_sequence[sequence]))}")
    for count in sorted(by_count):
        lines.append(f"n{count} {''.join(sorted(by_count[count]))}")
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{OUTPUT}: {len(sequences)} characters with stroke sequences,"
        f" {sum(len(v) for v in by_count.values())} with counts only;"
        f" {len(disagreements)} sequences whose length differs from kTotalStrokes"
        f" (the sequence is kept): {''.join(disagreements[:40])}"
    )


if __name__ == "__main__":
    main()
