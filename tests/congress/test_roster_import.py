"""Roster import: every bad file is refused whole with row/column errors; good files preview
their adds, changes and removals before anything is stored."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dahui.congress import services
from dahui.congress.models import Delegate
from dahui.congress.roster_import import RosterRefused, parse_rows, plan_roster
from dahui.documents.roster_xlsx import roster_export, roster_template

HEADINGS = ["代表证号", "姓名", "性别", "民族", "出生日期", "身份证号后四位", "工作单位", "职务",
            "代表团", "代表类别", "代表身份"]
GOOD = [
    ["", "王秀英", "女", "汉族", "1978-05-12", "032X", "霍州煤电", "班长", "煤炭",
     "一线职工、劳动模范", "正式"],
    ["", "李强", "男", "回族", "1969/11/03", "4411", "临汾一中", "教师", "教育",
     "专业技术人员", ""],
]


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def xlsx(rows, *, headings=HEADINGS, setup=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for r in rows:
        sheet.append(r)
    if setup:
        setup(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, encoding="utf-8", headings=HEADINGS) -> bytes:
    lines = [",".join(headings), *(",".join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def refused(data: bytes, congress, filename="roster.xlsx") -> list[str]:
    with pytest.raises(RosterRefused) as caught:
        parse_rows(data, filename, congress=congress)
    assert Delegate.objects.count() == 0
    return caught.value.problems


def import_file(data: bytes, congress, by, filename="roster.xlsx"):
    plan = plan_roster(parse_rows(data, filename, congress=congress), congress=congress)
    return services.apply_roster(congress=congress, plan=plan, by=by)


def test_good_xlsx_imports_every_row_with_users_and_access_codes(congress, the_admin):
    summary = import_file(xlsx(GOOD), congress, the_admin)
    assert summary["added"] == 2
    wang = Delegate.objects.get(name="王秀英")
    assert wang.gender == "F"
    assert wang.categories == ["frontline", "model_worker"]
    assert wang.number == "001"
    assert wang.user is not None
    assert not wang.user.has_usable_password()
    assert len(wang.access_code) == 8
    li = Delegate.objects.get(name="李强")
    assert li.birth_date.isoformat() == "1969-11-03"
    assert li.status == "formal"


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b"")]
)
def test_csv_in_utf8_with_or_without_bom_and_in_gbk_imports(congress, the_admin, encoding,
                                                             prefix):
    summary = import_file(prefix + csv_bytes(GOOD, encoding=encoding), congress, the_admin,
                          filename="roster.csv")
    assert summary["added"] == 2
    assert Delegate.objects.filter(name="王秀英", work_unit="霍州煤电").exists()


def test_missing_required_field_is_reported_by_row_and_column(congress):
    bad = [GOOD[0][:], GOOD[1][:]]
    bad[1][6] = ""
    problems = refused(xlsx(bad), congress)
    assert problems == ["第 3 行 G 列（工作单位）：必填，但为空。"]


def test_unknown_delegation_is_refused(congress):
    bad = [GOOD[0][:]]
    bad[0][8] = "航天"
    assert refused(xlsx(bad), congress) == [
        "第 2 行 I 列（代表团）：本次大会没有名为“航天”的代表团。"
    ]


def test_duplicate_name_and_id_tail_is_refused_naming_the_first_row(congress):
    problems = refused(xlsx([GOOD[0], GOOD[1], GOOD[0]]), congress)
    assert problems == ["第 4 行 B 列（姓名）：王秀英（身份证后四位 032X）与第 2 行重复。"]


def test_bad_date_gender_and_status_are_all_listed(congress):
    bad = [GOOD[0][:]]
    bad[0][4] = "1978-13-45"
    bad[0][2] = "未知"
    bad[0][10] = "候补"
    problems = refused(xlsx(bad), congress)
    assert "第 2 行 E 列（出生日期）：“1978-13-45”不是日期（请写作 1978-05-12）。" in problems
    assert "第 2 行 C 列（性别）：“未知”不是“男”或“女”。" in problems
    assert "第 2 行 K 列（代表身份）：“候补”不是“正式”“特邀”或“列席”。" in problems


def test_formula_cells_are_refused(congress):
    def formula(sheet):
        sheet["F2"] = '=RIGHT("140102197805120321",4)'

    problems = refused(xlsx([GOOD[0]], setup=formula), congress)
    assert problems == ["第 2 行 F 列：公式单元格：请填写数值本身，不要使用公式。"]


def test_formula_in_csv_is_refused(congress):
    bad = [GOOD[0][:]]
    bad[0][5] = "=1+1"
    problems = refused(csv_bytes(bad), congress, filename="r.csv")
    assert problems == ["第 2 行 F 列：公式单元格：请填写数值本身，不要使用公式。"]


def test_merged_cells_are_refused(congress):
    def merge(sheet):
        sheet.merge_cells("I2:I3")

    problems = refused(xlsx(GOOD, setup=merge), congress)
    assert problems == ["单元格 I2:I3：合并单元格：请取消合并，并在每个单元格中填写内容。"]


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_empty_file_is_refused(congress, data):
    assert refused(data, congress, filename="r.csv") == ["文件：文件是空的。"]


def test_headings_without_rows_are_refused(congress):
    assert refused(xlsx([]), congress) == ["文件：文件只有标题行，没有数据行。"]


def test_a_file_that_is_not_a_spreadsheet_is_refused(congress):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert refused(png, congress, filename="photo.csv") == [
        "文件：文件既不是电子表格，也不是 UTF-8/GBK 文本。"
    ]
    assert refused(b"PK\x03\x04 broken zip", congress, filename="r.xlsx") == [
        "文件：文件不是可读取的 Excel 工作簿（.xlsx）。"
    ]


def test_more_than_ten_thousand_rows_is_refused(congress):
    row = ",".join([*GOOD[0][1:2], "女", "汉族", "1978-05-12", "0000", "某厂", "", "煤炭", "", ""])
    body = "\n".join(["," + row.replace("0000", f"{i % 10000:04d}") for i in range(10_001)])
    data = (",".join(HEADINGS) + "\n" + body).encode()
    assert refused(data, congress, filename="big.csv") == ["文件：文件超过 10000 行数据。"]


def test_unknown_heading_and_missing_required_column_are_refused(congress):
    headings = [h if h != "民族" else "籍贯" for h in HEADINGS]
    problems = refused(xlsx([GOOD[0]], headings=headings), congress)
    assert "第 1 行 D 列（籍贯）：未知的列标题；请使用模板中的列标题。" in problems
    assert "第 1 行：缺少“民族”列。" in problems


def test_reimport_previews_adds_changes_and_removals_then_applies_them(congress, the_admin):
    import_file(xlsx(GOOD), congress, the_admin)
    zhao = ["", "赵磊", "男", "汉族", "1990-01-01", "5678", "临汾一中", "", "教育", "", ""]
    second = [GOOD[0][:], zhao]
    second[0][7] = "车间主任"
    plan = plan_roster(parse_rows(xlsx(second), "r.xlsx", congress=congress), congress=congress)
    assert [r.name for r in plan.adds] == ["赵磊"]
    assert [(c.row.name, c.fields) for c in plan.changes] == [
        ("王秀英", (("position", "班长", "车间主任"),))
    ]
    assert [name for _pk, _number, name in plan.removals] == ["李强"]
    assert Delegate.objects.count() == 2  # a preview stores nothing
    wang_code = Delegate.objects.get(name="王秀英").access_code
    services.apply_roster(congress=congress, plan=plan, by=the_admin)
    assert sorted(Delegate.objects.values_list("name", flat=True)) == ["王秀英", "赵磊"]
    wang = Delegate.objects.get(name="王秀英")
    assert (wang.position, wang.access_code, wang.number) == ("车间主任", wang_code, "001")


def test_a_plan_made_before_the_roster_changed_is_refused(congress, the_admin):
    first = plan_roster(parse_rows(xlsx(GOOD), "r.xlsx", congress=congress), congress=congress)
    import_file(xlsx(GOOD[:1]), congress, the_admin)
    with pytest.raises(RosterRefused):
        services.apply_roster(congress=congress, plan=first, by=the_admin)
    assert Delegate.objects.count() == 1


def test_exported_roster_imports_back_without_changes(congress, the_admin):
    import_file(xlsx(GOOD), congress, the_admin)
    exported = roster_export(Delegate.objects.select_related("delegation"))
    plan = plan_roster(parse_rows(exported, "r.xlsx", congress=congress), congress=congress)
    assert plan.is_empty
    assert plan.unchanged == 2


def test_template_has_chinese_headings_and_an_example_row_that_imports(congress, the_admin):
    template = roster_template()
    sheet = load_workbook(io.BytesIO(template)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADINGS
    services.add_delegations(congress=congress, names=["煤炭"], by=the_admin)
    assert import_file(template, congress, the_admin)["added"] == 1


def test_import_is_recorded_in_the_audit_log(congress, the_admin):
    from dahui.audit.models import AuditEntry

    import_file(xlsx(GOOD), congress, the_admin)
    entry = AuditEntry.objects.filter(congress_id=congress.pk, action="roster.imported").get()
    assert entry.data["added"] == 2


def test_reimport_cannot_erase_a_delegate_who_has_checked_in(congress, the_admin, first_session):
    from dahui.congress.models import Attendance

    import_file(xlsx(GOOD), congress, the_admin)
    li = Delegate.objects.get(name="李强")
    services.check_in(delegate=li, session=first_session, by=the_admin)
    with pytest.raises(RosterRefused) as caught:
        import_file(xlsx(GOOD[:1]), congress, the_admin)
    assert "李强" in caught.value.problems[0]
    assert "资格审查" in caught.value.problems[0]
    assert Delegate.objects.filter(name="李强").exists()
    assert Attendance.objects.filter(delegate=li).count() == 1


# ---------------------------------------------------------------- hostile and careless input


def swap_first_two_sheets(data: bytes) -> bytes:
    """The same workbook with its first two sheets in the other order, so the first sheet
    (the one imported) is stored as sheet2.xml."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                first, second = re.findall(rb"<sheet [^>]*/>", body)[:2]
                body = body.replace(first, b"\0").replace(second, first).replace(b"\0", second)
            target.writestr(info.filename, body)
    return out.getvalue()


def roster_as_second_sheet(rows, *, merge_roster=None, merge_notes=None) -> bytes:
    workbook = Workbook()
    notes = workbook.active
    notes.title = "填写说明"
    notes.append(["说明"])
    notes.append([""])
    roster = workbook.create_sheet("代表名册")
    roster.append(HEADINGS)
    for r in rows:
        roster.append(r)
    if merge_roster:
        roster.merge_cells(merge_roster)
    if merge_notes:
        notes.merge_cells(merge_notes)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = swap_first_two_sheets(buffer.getvalue())
    assert load_workbook(io.BytesIO(data), read_only=True).sheetnames[0] == "代表名册"
    return data


def test_merged_cells_of_the_imported_sheet_are_refused_when_it_is_not_sheet1(congress):
    attending = [[*GOOD[0][:-1], "列席"], [*GOOD[1][:-1], None]]
    data = roster_as_second_sheet(attending, merge_roster="K2:K3")
    problems = refused(data, congress)
    assert problems == ["单元格 K2:K3：合并单元格：请取消合并，并在每个单元格中填写内容。"]


def test_merged_cells_on_another_sheet_do_not_block_the_import(congress, the_admin):
    data = roster_as_second_sheet(GOOD, merge_notes="A1:A2")
    assert import_file(data, congress, the_admin)["added"] == 2


def test_control_characters_are_refused_by_row_and_column(congress):
    bad = [GOOD[0][:], GOOD[1][:]]
    bad[1][6] = "临汾\x01一中"
    problems = refused(csv_bytes(bad), congress, filename="r.csv")
    assert problems == ["第 3 行 G 列：内容含有不可见的控制字符（U+0001），请重新输入。"]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x.example","点击")', "+1+1", "@SUM(1)",
                                  "-2+3"])
def test_text_a_spreadsheet_would_run_is_refused_in_csv_and_xlsx(congress, text):
    bad = [GOOD[0][:]]
    bad[0][7] = text
    for data, name in ((csv_bytes([[v.replace(",", ";") for v in bad[0]]]), "r.csv"),
                       (xlsx(bad, setup=lambda s: setattr(s["H2"], "data_type", "s")),
                        "r.xlsx")):
        problems = refused(data, congress, filename=name)
        assert len(problems) == 1
        assert problems[0].startswith("第 2 行 H 列：")
        assert "公式" in problems[0]


def test_a_lone_dash_for_no_position_is_text(congress, the_admin):
    rows = [GOOD[0][:]]
    rows[0][7] = "-"
    assert import_file(xlsx(rows), congress, the_admin)["added"] == 1


def test_names_are_stored_normalised_and_matched_normalised(congress, the_admin):
    rows = [GOOD[0][:]]
    rows[0][1] = " 王　秀 英 "
    import_file(xlsx(rows), congress, the_admin)
    assert Delegate.objects.get().name == "王秀英"
    rows[0][1] = "王秀英"
    plan = plan_roster(parse_rows(xlsx(rows), "r.xlsx", congress=congress), congress=congress)
    assert plan.is_empty


def test_a_name_longer_than_30_characters_is_refused(congress):
    rows = [GOOD[0][:]]
    rows[0][1] = "王" * 31
    assert refused(xlsx(rows), congress) == ["第 2 行 B 列（姓名）：姓名最多 30 个字。"]


def test_the_reimport_preview_names_changed_fields_in_chinese(congress, the_admin):
    from django.test import Client

    import_file(xlsx(GOOD), congress, the_admin)
    changed = [GOOD[0][:], GOOD[1][:]]
    changed[0][6] = "霍州煤电集团"
    client = Client()
    client.force_login(the_admin)
    upload = io.BytesIO(xlsx(changed))
    upload.name = "roster.xlsx"
    page = client.post(f"/c/{congress.pk}/roster/import/", {"file": upload}).content.decode()
    assert "工作单位：霍州煤电 → <strong>霍州煤电集团</strong>" in page
    assert "work_unit" not in page


def test_invisible_characters_in_a_roster_name_are_removed_and_a_name_of_only_them_refused(
    congress, the_admin
):
    rows = [GOOD[0][:], GOOD[1][:]]
    rows[0][1] = "王\u200b秀\u00ad英"
    rows[1][1] = "\u200b\u202e"
    assert refused(xlsx(rows), congress) == ["第 3 行 B 列（姓名）：姓名中没有可见的字符。"]
    rows[1][1] = "\u202e李强\u202c"
    import_file(xlsx(rows), congress, the_admin)
    assert sorted(Delegate.objects.values_list("name", flat=True)) == ["李强", "王秀英"]


@pytest.mark.parametrize("text", [
    '＝HYPERLINK("http://x.cn","y")',  # full-width equals: NFKC makes it "="
    "\u200b=HYPERLINK(\"http://x\",\"y\")",  # zero-width space before the sign
    "\u3000+1+1",  # ideographic space
    "＠SUM(1)",  # full-width at sign
    "\t=1+1",
])
def test_a_formula_sign_behind_a_full_width_form_or_invisible_character_is_refused(
    congress, text
):
    # Names are stored normalised (NFKC, invisible characters removed): what the check
    # let through as harmless text would be stored, and exported, as "=…".
    for column in (1, 7):
        bad = [GOOD[0][:]]
        bad[0][column] = text
        problems = refused(xlsx(bad, setup=lambda s: None), congress, filename="r.xlsx")
        assert any("公式" in problem for problem in problems), problems
