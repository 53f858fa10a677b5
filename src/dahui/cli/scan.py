"""`dahui scan ELECTION.json SCAN... [-o BALLOTS.jsonl] [--review DIR] [--json]`.

Reads scanned paper ballots of the election or motion in ELECTION.json (PNG, JPEG or TIFF
images of one ballot each, multi-page TIFF or PDF files of one ballot a page). For each
ballot, in input order, it writes one BALLOTS.jsonl line in the exchange format when it is
sure of every mark; any other page goes on the review list (never written as a ballot):
with `--review DIR`, DIR/review.json lists `{"file", "page", "candidate", "why", "crop"}`
per doubt, beside the page images and a crop per doubtful row.

Without `-o` the lines go to standard output (unless `--json`, which prints
`{"read", "review", "pages", "seconds"}` there instead). Exit 0 when every page was read or
put on the review list; 2 with `file[:page]: message` lines for input that cannot be
opened at all (not an image, empty, damaged, every page of another election).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from dahui.cli.ballots import UNREADABLE, read_election

WHY_WORDS = {
    "faint_mark": "符号太淡或太小",
    "other_symbol": "不是本栏的符号（✓、涂画、涂改等）",
    "wrong_symbol": "符号与栏目不符（赞成栏应画○，不赞成栏应画×）",
    "both_columns": "赞成和不赞成两栏都有符号",
    "several_boxes": "多于一项有符号",
    "write_in": "另选他人：请录入所写姓名",
    "mark_outside_cell": "栏外有符号",
    "blank_page": "空白页",
    "registration_marks_not_found": "找不到四角定位标记（不是选票或严重歪斜）",
    "registration_failed": "定位不准，表格线对不上",
    "page_code_unreadable": "页面码（二维码）无法识别",
    "other_election": "另一场选举的选票",
    "unknown_layout": "选票版式不符",
    "duplicate_page": "重复的页面（同一张选票扫描了两次）",
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scan", help="read scanned paper ballots; doubtful ones go to a review list"
    )
    parser.add_argument("election", type=Path, metavar="ELECTION.json")
    parser.add_argument("scans", nargs="+", metavar="SCAN",
                        help="PNG, JPEG or TIFF images, multi-page TIFF or PDF files")
    parser.add_argument("-o", "--output", type=Path, metavar="BALLOTS.jsonl",
                        help="where the ballots read go (standard output without --json)")
    parser.add_argument("--review", type=Path, metavar="DIR",
                        help="write review.json, the page images and crops here")
    parser.add_argument("--json", action="store_true",
                        help='print {"read", "review", "pages", "seconds"} as JSON')
    parser.add_argument("--workers", type=int, default=0, metavar="N",
                        help="processes reading pages (default: the machine's cores)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dahui.documents.ballot_papers import ballot_papers_pdf
    from dahui.scanning.stack import (
        list_pages,
        make_reader,
        read_stack,
        whole_file_problems,
    )

    started = time.perf_counter()
    election, messages = read_election(args.election)
    if election is None:
        return _refuse(messages)
    try:
        blank = ballot_papers_pdf(congress_name="", election=election, count=1)
    except ValueError as error:
        return _refuse([f"{args.election}: {error}"])
    reader = make_reader(election, blank)
    refs, problems = list_pages(args.scans)
    results = read_stack(reader, refs, images=args.review is not None, workers=args.workers)
    problems += whole_file_problems(results)

    lines = [json.dumps(r.ballot, ensure_ascii=False, sort_keys=True)
             for r in results if r.ballot is not None]
    try:
        review = _review(results, args.review)
    except OSError as error:
        return _refuse([f"{args.review}: cannot write: {error.strerror or error}"])
    if args.output is not None:
        try:
            args.output.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        except OSError as error:
            return _refuse([f"{args.output}: cannot write: {error.strerror or error}"])
    elif not args.json:
        sys.stdout.write("".join(line + "\n" for line in lines))
    seconds = round(time.perf_counter() - started, 3)
    pages = sum(1 for r in results if r.error is None)
    if args.json:
        print(json.dumps({"read": len(lines), "review": review, "pages": pages,
                          "seconds": seconds}, ensure_ascii=False, indent=1))
    else:
        _summary(len(lines), review, pages, seconds)
    for problem in problems:
        print(problem, file=sys.stderr)
    return UNREADABLE if problems else 0


def _review(results, directory: Path | None) -> list[dict]:
    entries: list[dict] = []
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        directory = directory.resolve()
    for number, result in enumerate(results, 1):
        if not result.needs_review:
            continue
        stem = f"{number:05d}-{_safe(Path(result.file).stem)}-p{result.page}"
        page_path = None
        if directory is not None and result.page_png:
            page_path = directory / f"{stem}.png"
            page_path.write_bytes(result.page_png)
        for index, doubt in enumerate(result.doubts):
            crop_path = page_path
            crop = result.crops[index] if index < len(result.crops) else None
            if directory is not None and crop:
                who = _safe(doubt.candidate or "page")
                crop_path = directory / f"{stem}-{index + 1:02d}-{who}-{doubt.why}.png"
                crop_path.write_bytes(crop)
            entries.append({
                "file": result.file, "page": result.page, "candidate": doubt.candidate,
                "why": doubt.why, "crop": str(crop_path) if crop_path else None,
            })
    if directory is not None:
        (directory / "review.json").write_text(
            json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return entries


def _safe(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text)[:60] or "_"


def _summary(read: int, review: list[dict], pages: int, seconds: float) -> None:
    on_review = len({(e["file"], e["page"]) for e in review})
    print(f"共 {pages} 页：读出 {read} 张选票，{on_review} 页待人工审核（{seconds} 秒）",
          file=sys.stderr)
    for entry in review:
        who = f" 候选人 {entry['candidate']}" if entry["candidate"] else ""
        words = WHY_WORDS.get(entry["why"], entry["why"])
        print(f"  {entry['file']}:{entry['page']}{who}: {words}", file=sys.stderr)


def _refuse(messages: list[str]) -> int:
    for message in messages:
        print(message, file=sys.stderr)
    return UNREADABLE
