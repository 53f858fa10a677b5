"""Benchmark the member roster import of a grassroots union: 100,000 members.

Writes a roster of N synthetic members (12 columns: 工号, 姓名, 性别, ID tail, 分会, 职务 and
the six Art 6 flags) as .xlsx and .csv, then imports each into a fresh union on a fresh
database the way the page does: read and check every row (`parse_members`), compare with the
stored roster (`plan_members`) and apply the plan in one transaction with bulk inserts
(`apply_members`). Then a re-import of the same file with 1,000 rows changed is previewed
and applied. Target: 100,000 members imported in ≤ 20 s. Figures go to
bench/results/members_import.json and .md.

    .venv/bin/python bench/members_import_bench.py [--members N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dahui_NAME .venv/bin/python \
        bench/members_import_bench.py            # on PostgreSQL (a database of its own)

Without DATABASE_URL the database is a new SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TARGET_SECONDS = 20.0
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌"
BRANCHES = [f"{name}分会" for name in ("采煤一队", "采煤二队", "掘进队", "机电队", "运输队",
                                      "通风队", "洗煤厂", "机关", "后勤", "安监处")]


def make_rows(count: int, seed: int) -> list[list[str]]:
    from dahui.unions.members_import import COLUMNS

    rng = random.Random(seed)
    rows = [[c.heading for c in COLUMNS]]
    for i in range(count):
        flags = ["否"] * 6
        if rng.random() < 0.002:
            flags[rng.randrange(6)] = "是"
        rows.append([
            f"{100000 + i}",
            rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
            rng.choice("男女"), f"{rng.randrange(1000):03d}{rng.choice('0123456789X')}",
            rng.choice(BRANCHES), rng.choice(("", "班长", "技术员", "工人", "电工")), *flags,
        ])
    return rows


def as_csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def _cell_ref(col: int, row: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def as_excel_xlsx(rows) -> bytes:
    """The workbook as Excel and WPS save it: text in the shared-strings part, a <dimension>
    at the top of the sheet, 工号 as numbers. (openpyxl writes every text inline and no
    dimension, which costs its reader several times more: `--formats xlsx-inline`.)"""
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    sheet = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = _cell_ref(c, r)
            if r > 1 and c == 0:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value != "":
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    last = _cell_ref(len(rows[0]) - 1, len(rows))
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicati'
            'on/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conten'
            'tType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="appli'
            'cation/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override'
            ' PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats'
            '-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrin'
            'gs.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            'emas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
            '"xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="会员名册" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            'emas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="work'
            'sheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.o'
            'rg/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>'),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(strings)}"'
            f' uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings) + "</sst>"),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><dimension ref='
            f'"A1:{last}"/><sheetData>' + "".join(sheet) + "</sheetData></worksheet>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--formats", default="xlsx,csv",
                        help="which files to import, of xlsx (as Excel saves it), csv and "
                             "xlsx-inline (as openpyxl writes it); default xlsx,csv")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    workdir = tempfile.mkdtemp(prefix="dahui-members-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dahui.settings")
    os.environ.setdefault("DAHUI_DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from dahui.unions import services
    from dahui.unions.members_import import parse_members, plan_members
    from dahui.unions.models import Member, UnionKind

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)
    by = get_user_model().objects.create_user(username=f"bench-{time.time_ns()}")
    city = services.create_union(name=f"bench 市总工会 {time.time_ns()}",
                                 kind=UnionKind.HIGHER, by=by)
    rows = make_rows(args.members, args.seed)
    writers = {"xlsx": as_excel_xlsx, "csv": as_csv, "xlsx-inline": as_xlsx}
    formats = [f for f in args.formats.split(",") if f in writers]
    files = {kind: writers[kind](rows) for kind in formats}
    figures: dict[str, dict] = {}
    for kind, data in files.items():
        union = services.create_union(name=f"bench 工会 {kind} {time.time_ns()}",
                                      kind=UnionKind.ENTERPRISE, parent=city, by=by)
        cpu_started = time.process_time()
        started = time.perf_counter()
        parsed = parse_members(data, f"members.{kind.split('-')[0]}")
        read = time.perf_counter()
        plan = plan_members(parsed, union=union)
        planned = time.perf_counter()
        services.apply_members(union=union, plan=plan, by=by, source=f"members.{kind}")
        union_of_last = union
        done = time.perf_counter()
        cpu = time.process_time() - cpu_started
        assert Member.objects.filter(union=union).count() == args.members
        figures[kind] = {
            "bytes": len(data), "read_and_check_s": round(read - started, 2),
            "plan_s": round(planned - read, 2), "apply_s": round(done - planned, 2),
            "total_s": round(done - started, 2), "cpu_s": round(cpu, 2),
        }
        print(kind, figures[kind], flush=True)
    # Re-import the CSV with 1,000 rows changed: the preview, then the apply.
    changed = [list(r) for r in rows]
    for row in changed[1:1001]:
        row[5] = "班组长"
    started = time.perf_counter()
    plan = plan_members(parse_members(as_csv(changed), "members.csv"), union=union_of_last)
    previewed = time.perf_counter()
    services.apply_members(union=union_of_last, plan=plan, by=by, source="members.csv")
    applied = time.perf_counter()
    figures["reimport_csv_1000_changed"] = {
        "changes": len(plan.changes), "preview_s": round(previewed - started, 2),
        "apply_s": round(applied - previewed, 2), "total_s": round(applied - started, 2),
    }
    worst = max(figures[kind]["total_s"] for kind in formats)
    worst_cpu = max(figures[kind]["cpu_s"] for kind in formats)
    result = {
        "benchmark": "member roster import",
        "members": args.members,
        "database": engine,
        "figures": figures,
        "worst_first_import_s": worst,
        # The machine is shared: the process's CPU time is what the import costs when it has
        # a core to itself (SQLite runs in-process; PostgreSQL's own work is not in it).
        "worst_first_import_cpu_s": worst_cpu,
        "load_average_at_end": os.getloadavg()[0],
        "target_seconds": TARGET_SECONDS,
        "meets_target": worst <= TARGET_SECONDS,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": ".venv/bin/python bench/members_import_bench.py",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if engine == "sqlite3" else f"-{engine}"
    (RESULTS / f"members_import{suffix}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# Member roster import: {args.members:,} members ({engine})", "",
        f"Measured {result['measured_at']} with `{result['command']}` "
        f"({os.cpu_count()} CPUs, Python {platform.python_version()}). "
        f"Target: ≤ {TARGET_SECONDS:.0f} s for the first import.", "",
        "| file | size | read + check | plan | apply | total (wall) | CPU of the process |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in formats:
        f = figures[kind]
        lines.append(f"| .{kind} | {f['bytes'] / 1e6:.1f} MB | {f['read_and_check_s']} s | "
                     f"{f['plan_s']} s | {f['apply_s']} s | **{f['total_s']} s** | "
                     f"{f['cpu_s']} s |")
    r = figures["reimport_csv_1000_changed"]
    lines += ["", f"Re-import of the .csv with {r['changes']:,} rows changed: preview "
              f"{r['preview_s']} s, apply {r['apply_s']} s.", "",
              f"Meets the target (wall clock): {'yes' if result['meets_target'] else 'NO'}. "
              f"Load average when done: {result['load_average_at_end']:.1f} on "
              f"{os.cpu_count()} CPUs (the machine is shared).", ""]
    (RESULTS / f"members_import{suffix}.md").write_text("\n".join(lines))
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
