#!/usr/bin/env python3
"""Score the boilerplate segmenter on its development set, or (re)build the set from annotated pages.

  python scripts/segment_devset.py score [--pages DIR] [--json]
  python scripts/segment_devset.py build ANNOTATED_DIR [--pages DIR]

An annotated page is the page text with a tag before every non-blank line: "C|" content, "B|" boilerplate,
"O|" either answer accepted (the labelling rule of the shared corpus README), and a first line
"#url: ADDRESS" (optionally "#source: ...", "#rendered: ..." and "#batch: ..." lines). `build` writes the bare page text
to the pages folder and the gold line numbers, source and SHA-256 to scripts/segment_devset/manifest.json.
Page texts are third-party: keep them out of the repo.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.core.boilerplate_eval import PageScore  # noqa: E402
from annotator.bench.segment_devset import MANIFEST, load_manifest, pages_dir, score_devset, text_sha256  # noqa: E402

_DEFAULT_SOURCE = "search tool, 'pages' corpus (stored public web pages)"
_DEFAULT_RENDERED = (
    "plain text as the corpus stores it (its text capture of the page, from the page's beginning; long pages"
    " are cut at about 2,000 characters); used as a .txt import, no HTML step"
)


def parse_annotated(raw: str, name: str) -> tuple[dict, str, list[int], list[int]]:
    """(header fields, page text, content line numbers, optional line numbers) of one annotated page."""
    header: dict[str, str] = {}
    lines = raw.split("\n")
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0)[1:].partition(":")
        header[key.strip()] = value.strip()
    if lines and lines[-1] == "":
        lines.pop()
    text_lines, content, optional = [], [], []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            text_lines.append(line)
            continue
        tag, sep, rest = line.partition("|")
        if not sep or tag not in ("C", "B", "O"):
            raise ValueError(f"{name}:{no + len(header)}: line has no C|/B|/O| tag: {line[:40]!r}")
        text_lines.append(rest)
        if tag == "C":
            content.append(no)
        elif tag == "O":
            optional.append(no)
    if "url" not in header:
        raise ValueError(f"{name}: no '#url:' line")
    return header, "\n".join(text_lines) + "\n", content, optional


def build(annotated: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in sorted(annotated.glob("*.txt")):
        header, text, content, optional = parse_annotated(path.read_text(encoding="utf-8"), path.name)
        (out / path.name).write_text(text, encoding="utf-8")
        pages.append({
            "file": path.name,
            "url": header["url"],
            "source": header.get("source", _DEFAULT_SOURCE),
            "rendered": header.get("rendered", _DEFAULT_RENDERED),
            "batch": header.get("batch", ""),
            "sha256": text_sha256(text),
            "content": content,
            "optional": optional,
        })
    manifest = {
        "_doc": "Development set of the boilerplate segmenter: real Korean news pages from sites outside the repo."
        " Gold follows the labelling rule of the shared corpus README: 'content' and 'optional' are 1-based line"
        " numbers of the page text; every other non-blank line is boilerplate. The texts are not in the repo;"
        " put them in $ANNOTATOR_SEGMENT_DEVSET (default ../devset-pages beside the checkout).",
        "pages": pages,
    }
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sites = {p["url"].split("/")[2].removeprefix("www.").removeprefix("m.") for p in pages}
    print(f"{len(pages)} pages from {len(sites)} hosts -> {out}; manifest {MANIFEST}")
    return 0


def score(folder: Path, as_json: bool) -> int:
    manifest = load_manifest()
    if manifest is None:
        print(f"no manifest at {MANIFEST}", file=sys.stderr)
        return 2
    result = score_devset(folder, manifest)
    if result is None:
        print(f"development set absent: no page of the manifest in {folder}", file=sys.stderr)
        return 2
    if as_json:
        batch_of = {e["file"]: e.get("batch", "") for e in manifest["pages"]}
        print(json.dumps({
            "f1": result.total.f1, "precision": result.precision, "recall": result.recall,
            "pages": {name: {"f1": p.f1, "wrong_lines": p.wrong, "batch": batch_of[name]}
                      for name, p in result.pages.items()},
            "missing": result.missing, "changed": result.changed,
        }, ensure_ascii=False, indent=1))
        return 0
    for name, page in result.pages.items():
        print(f"{page.f1:6.3f}  {name}  wrong lines: {page.wrong}")
    for name in result.missing:
        print(f"   -    {name}  (missing)")
    for name in result.changed:
        print(f"   -    {name}  (text differs from the manifest's SHA-256; not scored)")
    batches: dict[str, PageScore] = {}
    for entry in manifest["pages"]:
        page = result.pages.get(entry["file"])
        if page is not None:
            b = batches.setdefault(entry.get("batch", ""), PageScore())
            b.tp, b.fp, b.fn = b.tp + page.tp, b.fp + page.fp, b.fn + page.fn
    if len(batches) > 1:
        for name, b in batches.items():
            print(f"batch F1 {b.f1:.4f} (tp {b.tp} fp {b.fp} fn {b.fn})  {name}")
    t = result.total
    print(f"line F1 {t.f1:.4f}  P {result.precision:.4f}  R {result.recall:.4f}  ({len(result.pages)} pages,"
          f" tp {t.tp} fp {t.fp} fn {t.fn})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_score = sub.add_parser("score", help="line F1 of the segmenter on the development set")
    p_score.add_argument("--pages", type=Path, default=None, help="folder of page texts (default: see above)")
    p_score.add_argument("--json", action="store_true")
    p_build = sub.add_parser("build", help="write page texts and manifest from annotated pages")
    p_build.add_argument("annotated", type=Path)
    p_build.add_argument("--pages", type=Path, default=None)
    args = parser.parse_args(argv)
    folder = args.pages or pages_dir()
    if args.command == "build":
        return build(args.annotated, folder)
    return score(folder, args.json)


if __name__ == "__main__":
    sys.exit(main())
