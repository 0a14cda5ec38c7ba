"""annotator segment: show the boilerplate segmentation of files, or re-segment a whole project."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotator.commands.common import ProgressBar, add_quiet_argument, add_db_argument, add_reviewer_argument, open_project

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_KIND_MARK = {"content": "C", "boilerplate": "-", "blank": " "}

_EPILOG = """\
With --json, each file is printed as one JSON object on its own line (JSON Lines):
  {"file": PATH, "lines": [{"line": 1, "kind": "content"|"boilerplate"|"blank", "score": 0.0-1.0, "reason": "..."}]}
score is the probability that the line is article content (null for blank lines). Line numbers are 1-based over the
file split on "\\n" after CRLF/CR normalisation; .html/.htm files are first reduced to their visible text (page
title first), and line numbers refer to that text, which is included as "text" for HTML input.
Files that cannot be read are reported on stderr as FILE: message; the exit code is then 1.
"""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "segment",
        help="classify the lines of text/HTML files as article content or page boilerplate",
        description="Classify every line of FILE... as article content or page boilerplate, or re-segment a project (--all).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="plain-text or HTML files (UTF-8, UTF-8 BOM, CP949/EUC-KR)")
    p.add_argument("--json", action="store_true", help="print one JSON object per file (JSON Lines)")
    p.add_argument("--all", action="store_true", help="re-segment every document of the project in --db")
    p.add_argument("--outdated", action="store_true", help="with --all: only documents segmented by an older version")
    add_db_argument(p)
    add_quiet_argument(p)
    add_reviewer_argument(p)
    p.set_defaults(func=run)


def run(args) -> int:
    if args.all:
        if args.files:
            print("annotator segment: give FILE... or --all, not both", file=sys.stderr)
            return 2
        return _resegment(args)
    if not args.files:
        print("annotator segment: give at least one FILE, or --all with --db", file=sys.stderr)
        return 2
    status = 0
    for path in args.files:
        try:
            text, hints, warnings = read_page(path)
        except (OSError, ValueError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        for warning in warnings:
            print(warning, file=sys.stderr)
        from annotator.core.boilerplate import segment_text

        segments = segment_text(text, hints=hints)
        lines = text.split("\n")
        if args.json:
            record = {
                "file": str(path),
                "lines": [
                    {"line": s.line_no, "kind": s.kind, "score": s.score, "reason": s.reason} for s in segments
                ],
            }
            if hints is not None:
                record["text"] = text
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            content = sum(1 for s in segments if s.kind == "content")
            print(f"== {path}: {content} content lines of {len(segments)}")
            for s in segments:
                if s.kind == "blank":
                    continue
                shown = lines[s.line_no - 1].strip()
                shown = shown if len(shown) <= 70 else shown[:69] + "…"
                print(f"{s.line_no:5d} {_KIND_MARK[s.kind]} {s.score:4.2f}  {shown}  [{s.reason}]")
    return status


def read_page(path: Path) -> tuple[str, list | None, list[str]]:
    """(text, DOM hints or None, warnings) for a text or HTML file; CRLF/CR become LF."""
    from annotator.core.text import normalize_newlines
    from annotator.io.importers.decoding import NotTextError, detect_encoding

    data = path.read_bytes()
    try:
        encoding = detect_encoding(data[: 256 * 1024])
    except NotTextError as exc:
        raise ValueError(str(exc)) from None
    raw = data.decode(encoding, errors="replace")
    text = normalize_newlines(raw).replace("\x00", "")
    warnings = [
        f"{path}:{no}: undecodable bytes replaced with U+FFFD (read as {encoding})"
        for no, line in enumerate(text.split("\n"), 1)
        if "\ufffd" in line
    ]
    if path.suffix.lower() in _HTML_SUFFIXES:
        from annotator.core.html_text import html_to_text

        text, hints = html_to_text(text)
        return text, hints, warnings
    return text, None, warnings


def _resegment(args) -> int:
    from annotator.io.resegment import resegment_project
    from annotator.store import ProjectError

    bar = ProgressBar("segment", quiet=getattr(args, "quiet", False))
    try:
        with open_project(args) as project:
            counts = resegment_project(
                project, only_outdated=args.outdated, progress=lambda done, total: bar(done / max(total, 1), f"{done}/{total} documents")
            )
    except ProjectError as exc:
        bar.close()
        print(f"annotator segment: {exc}", file=sys.stderr)
        return 1
    bar.close()
    if args.json:
        sys.stdout.write(json.dumps(counts, ensure_ascii=False) + "\n")
    else:
        print(
            f"re-segmented {counts['resegmented']} of {counts['documents']} documents with {counts['version']}"
            f" ({counts['skipped']} already current): {counts['content_lines']} content lines,"
            f" {counts['boilerplate_lines']} boilerplate lines"
        )
    return 0
