#!/usr/bin/env python3
"""Entity gold on the segmenter's real development pages, to score suggestions on unseen news (issue 13).

  python scripts/suggest_devset.py check [--pages DIR]           # every span's text and line against the pages
  python scripts/suggest_devset.py build LABELS_DIR [--pages DIR] [--show]
  python scripts/suggest_devset.py stats                         # entity counts per label and batch

Pages of held-out-2 to held-out-5 also have relation gold (relations/NN_name.tsv beside labels/, format and
rule in scripts/suggest_devset_relations.py and the README): build writes it into the manifest's "relations",
check verifies it, load_relations() returns it.

The gold is scripts/suggest_devset/manifest.json: per page its file name, SHA-256 (the same text the segmenter's
manifest describes), batch ("tuning", "held-out", "held-out-2" ... "held-out-5") and entities [start, end, label, text] in Python
code points. Only the page's content and optional lines (scripts/segment_devset/manifest.json) carry entities; a
page outside the segmenter's set (batch "held-out-2" ... "held-out-5") carries its own "url", "content" and "optional" lines.
The page texts are third-party and stay outside the repo: $ANNOTATOR_SUGGEST_DEVSET, by default ../devset-pages
beside the checkout.

A label file LABELS_DIR/NN_name.tsv (NN_name.txt is the page) has one line per entity string:
    LABEL<TAB>surface[<TAB>occurrences]
occurrences is a comma list of 1-based occurrence numbers, counted over every occurrence of the surface on the
page's content and optional lines; without it, every occurrence is labelled except those inside a longer
listed surface or starting inside a word (after a Hangul syllable, a letter or a digit). A surface may carry
context: in "{이} 총리" the entity is "이", found only where " 총리" follows it (and never skipped as inside a
word). LABEL "-" lists a
surface that blocks shorter ones inside it without being an entity. Lines starting with "#" are comments;
"#batch: NAME" sets the page's batch and "#topic: zones|regional|other" what the page is about; a page not in the
segmenter's manifest also needs "#url: URL" and "#content: 3,5-9" (its content lines, 1-based; blank ones
dropped), and "#optional: 4" for its optional lines (captions, a copy of the headline) if it has any. A surface that is not found, an occurrence number out of range and two overlapping entities are errors
naming the file and line.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_REPO))
sys.path.insert(0, str(_REPO / "scripts"))

import suggest_devset_relations as relgold  # noqa: E402
from annotator.bench.segment_devset import MANIFEST as LINE_MANIFEST, load_manifest, text_sha256  # noqa: E402

ENV_VAR = "ANNOTATOR_SUGGEST_DEVSET"
MANIFEST = _REPO / "scripts" / "suggest_devset" / "manifest.json"
RELATIONS = MANIFEST.parent / "relations"  # relation files, one per page that has relation gold
LABELS = ("ORG", "PERSON", "TITLE", "LOC", "ZONE", "POLICY", "EVENT", "FIELD", "DATE", "MONEY", "QUANTITY")
TOPICS = ("zones", "regional", "other")
BLOCK = "-"


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    text: str
    batch: str
    spans: list[tuple[int, int, str]]  # (start, end, label), code points, sorted
    topic: str = ""  # "zones", "regional" or "other" (README: Topics)


@dataclass(frozen=True, slots=True)
class RelationPage:
    """A page with relation gold: its entity gold, relations ((hs, he, hl), (ts, te, tl), type) sorted, and
    the sentences (start, end) of its content and optional lines, the unit a gold relation lies within."""
    name: str
    text: str
    batch: str
    topic: str
    spans: list[tuple[int, int, str]]
    relations: list[relgold.Relation]
    sentences: list[tuple[int, int]]


def default_pages_dir() -> Path:
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else _REPO.parent / "devset-pages"


def load(pages_dir: Path | str | None = None, manifest: Path = MANIFEST, report=sys.stderr) -> list[Page]:
    """The manifest's pages present in pages_dir with the text the gold was written for.

    A page missing from the folder or whose text's SHA-256 differs is left out and named on `report`.
    """
    folder = Path(pages_dir) if pages_dir is not None else default_pages_dir()
    entries = json.loads(Path(manifest).read_text(encoding="utf-8"))["pages"]
    pages = []
    for entry in entries:
        path = folder / entry["file"]
        if not path.is_file():
            print(f"suggest devset: {path}: missing, skipped", file=report)
            continue
        text = path.read_text(encoding="utf-8")
        if text_sha256(text) != entry["sha256"]:
            print(f"suggest devset: {path}: text differs from the manifest's SHA-256, skipped", file=report)
            continue
        spans = sorted((s, e, label) for s, e, label, _ in entry["entities"])
        pages.append(Page(entry["file"], text, entry["batch"], spans, entry.get("topic", "")))
    return pages


def load_relations(pages_dir: Path | str | None = None, manifest: Path = MANIFEST, report=sys.stderr
                   ) -> list[RelationPage]:
    """The pages of load() whose relations were labelled (a page labelled with none has []), with them."""
    entries = {e["file"]: e for e in json.loads(Path(manifest).read_text(encoding="utf-8"))["pages"]}
    out = []
    for page in load(pages_dir, manifest, report):
        entry = entries[page.name]
        if "relations" not in entry:
            continue
        label_of = {(s, e): label for s, e, label in page.spans}
        if any((r[0], r[1]) not in label_of or (r[2], r[3]) not in label_of for r in entry["relations"]):
            print(f"suggest devset: {page.name}: a relation links spans that are not gold entities (see check),"
                  " skipped", file=report)
            continue
        relations = sorted(((hs, he, label_of[hs, he]), (ts, te, label_of[ts, te]), kind)
                           for hs, he, ts, te, kind, _head, _tail in entry["relations"])
        sentences = relgold.sentence_ranges(page.text, _content_ranges(page.text, entry, _lines_gold()) or [])
        out.append(RelationPage(page.name, page.text, page.batch, page.topic, page.spans, relations, sentences))
    return out


def _lines_gold() -> dict[str, dict]:
    return {e["file"]: e for e in load_manifest(LINE_MANIFEST)["pages"]} if LINE_MANIFEST.is_file() else {}


def _content_ranges(text: str, entry: dict, lines_gold: dict) -> list[tuple[int, int]] | None:
    """The page's content and optional lines: the manifest's own, else the segmenter manifest's, if known."""
    lines = entry if "content" in entry else lines_gold.get(entry["file"])
    return labelled_ranges(text, lines["content"] + lines.get("optional", [])) if lines else None


def check(pages_dir: Path | None = None, manifest: Path = MANIFEST) -> list[str]:
    """Problems found: a span whose text differs from the page, overlapping spans, unknown labels, a span off
    the page's content and optional lines (the manifest's own, else the segmenter manifest's, when known);
    a relation that links no gold entities, a pair its type does not allow, or two sentences."""
    entries = {e["file"]: e for e in json.loads(Path(manifest).read_text(encoding="utf-8"))["pages"]}
    lines_gold = _lines_gold()
    problems = []
    for page in load(pages_dir, manifest):
        previous_end = 0
        entry = entries[page.name]
        ranges = _content_ranges(page.text, entry, lines_gold)
        problems += _relation_problems(page, entry, ranges)
        for start, end, label, text in sorted(entry["entities"]):
            where = f"{page.name}[{start}:{end}]"
            if ranges is not None and not any(lo <= start and end <= hi for lo, hi in ranges):
                problems.append(f"{where}: {text!r} is not on a content or optional line")
            if page.text[start:end] != text:
                problems.append(f"{where}: manifest says {text!r}, page has {page.text[start:end]!r}")
            if text != text.strip() or not text:
                problems.append(f"{where}: span {text!r} is empty or has outer spaces")
            if label not in LABELS:
                problems.append(f"{where}: unknown label {label!r}")
            if start < previous_end:
                problems.append(f"{where}: overlaps the span before it")
            previous_end = max(previous_end, end)
    return problems


def _relation_problems(page: Page, entry: dict, ranges: list[tuple[int, int]] | None) -> list[str]:
    if "relations" not in entry:
        return []
    label_of = {(s, e): label for s, e, label in page.spans}
    sentences = relgold.sentence_ranges(page.text, ranges or [(0, len(page.text))])
    allowed = relgold.allowed_pairs()
    problems, seen = [], set()
    for hs, he, ts, te, kind, head_text, tail_text in entry["relations"]:
        where = f"{page.name} {kind} [{hs}:{he}]->[{ts}:{te}]"
        if (hs, he) not in label_of or (ts, te) not in label_of:
            problems.append(f"{where}: head or tail is not an entity of the page's gold")
            continue
        if (page.text[hs:he], page.text[ts:te]) != (head_text, tail_text):
            problems.append(f"{where}: manifest says {head_text!r}->{tail_text!r}, page has"
                            f" {page.text[hs:he]!r}->{page.text[ts:te]!r}")
        problem = relgold.pair_problem(kind, (hs, he, label_of[hs, he]), (ts, te, label_of[ts, te]), sentences,
                                       allowed)
        if problem or (hs, he, ts, te, kind) in seen:
            problems.append(f"{where}: {problem or 'repeated'}")
        seen.add((hs, he, ts, te, kind))
    return problems


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def labelled_ranges(text: str, line_numbers: list[int]) -> list[tuple[int, int]]:
    """(start, end) code points of the given 1-based lines, without their newline."""
    lines = text.split("\n")
    starts = _line_starts(text)
    return [(starts[n - 1], starts[n - 1] + len(lines[n - 1])) for n in sorted(line_numbers)]


def _occurrences(text: str, ranges: list[tuple[int, int]], surface: str) -> list[int]:
    found = []
    for lo, hi in ranges:
        i = text.find(surface, lo, hi)
        while i != -1:
            found.append(i)
            i = text.find(surface, i + 1, hi)
    return found


def _inside_word(text: str, start: int) -> bool:
    if start == 0:
        return False
    before = text[start - 1]
    return before.isalnum()  # Hangul syllables, letters and digits alike


def _split_context(surface: str) -> tuple[int, str] | None:
    """(length of the left context, entity) of a surface; (0, surface) when it has no braces."""
    if "{" not in surface and "}" not in surface:
        return 0, surface
    left, brace, rest = surface.partition("{")
    entity, close, right = rest.partition("}")
    if not brace or not close or not entity or "{" in rest or "}" in right:
        return None
    return len(left), entity


def spans_from_labels(text: str, ranges: list[tuple[int, int]], label_lines: list[str], name: str):
    """Entities (start, end, label) of one page from its label file's lines; ValueError names the line."""
    rules = []
    for no, raw in enumerate(label_lines, 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.rstrip("\n").split("\t")
        if len(parts) not in (2, 3) or not parts[1]:
            raise ValueError(f"{name}:{no}: expected LABEL<TAB>surface[<TAB>occurrences]: {raw!r}")
        label, surface = parts[0], parts[1]
        if label not in LABELS and label != BLOCK:
            raise ValueError(f"{name}:{no}: unknown label {label!r}")
        if surface != surface.strip():
            raise ValueError(f"{name}:{no}: surface {surface!r} has outer spaces")
        wanted = None
        if len(parts) == 3:
            try:
                wanted = [int(x) for x in parts[2].split(",")]
            except ValueError:
                raise ValueError(f"{name}:{no}: occurrences must be numbers: {parts[2]!r}") from None
        context = _split_context(surface)
        if context is None:
            raise ValueError(f"{name}:{no}: braces must enclose the entity once: {surface!r}")
        rules.append((no, label, surface, wanted, context))
    taken: list[tuple[int, int, str, int]] = []  # (start, end, label, label-file line)

    def overlapping(start: int, end: int):
        return next((t for t in taken if t[0] < end and start < t[1]), None)

    # Longest surfaces first, so a name inside a longer listed name is not labelled again.
    for no, label, surface, wanted, (left, entity) in sorted(rules, key=lambda r: -len(r[4][1])):
        found = [i + left for i in _occurrences(text, ranges, surface.replace("{", "").replace("}", ""))]
        if left or len(entity) < len(surface):
            wanted = wanted or list(range(1, len(found) + 1))
        if not found:
            raise ValueError(f"{name}:{no}: {surface!r} not found on a content or optional line")
        surface = entity
        if wanted is not None:
            bad = [k for k in wanted if not 1 <= k <= len(found)]
            if bad:
                raise ValueError(f"{name}:{no}: {surface!r} has {len(found)} occurrence(s), not {bad}")
            for k in wanted:
                start = found[k - 1]
                clash = overlapping(start, start + len(surface))
                if clash:
                    raise ValueError(f"{name}:{no}: {surface!r} #{k} overlaps the entity of line {clash[3]}")
                taken.append((start, start + len(surface), label, no))
            continue
        placed = 0
        for start in found:
            end = start + len(surface)
            if overlapping(start, end) or _inside_word(text, start):
                continue
            taken.append((start, end, label, no))
            placed += 1
        if not placed and label != BLOCK:
            raise ValueError(f"{name}:{no}: every occurrence of {surface!r} is inside a longer entity or a word")
    return sorted((s, e, label) for s, e, label, _ in taken if label != BLOCK)


def build(labels_dir: Path, pages_dir: Path | None = None, show: bool = False, relations_dir: Path | None = None
          ) -> int:
    """Writes the manifest from labels_dir/*.tsv and, for the pages that have one, relations_dir/*.tsv
    (default: a "relations" folder beside labels_dir)."""
    folder = pages_dir or default_pages_dir()
    relations_dir = relations_dir or labels_dir.parent / "relations"
    lines_gold = {e["file"]: e for e in load_manifest(LINE_MANIFEST)["pages"]}
    old = json.loads(MANIFEST.read_text(encoding="utf-8"))["pages"] if MANIFEST.is_file() else []
    pages = {e["file"]: e for e in old}
    for label_file in sorted(labels_dir.glob("*.tsv")):
        page_name = label_file.stem + ".txt"
        text = (folder / page_name).read_text(encoding="utf-8")
        label_lines = label_file.read_text(encoding="utf-8").split("\n")
        batch, topic, url, content, optional = (
            next((ln.split(":", 1)[1].strip() for ln in label_lines if ln.startswith(f"#{key}:")), "")
            for key in ("batch", "topic", "url", "content", "optional"))
        if not batch or topic not in TOPICS:
            raise SystemExit(f"{label_file}: needs a '#batch:' line and a '#topic:' line, one of {TOPICS}")
        own = {}  # a page outside the segmenter's set carries its url and content lines itself
        if page_name in lines_gold:
            line_entry = lines_gold[page_name]
            if text_sha256(text) != line_entry["sha256"]:
                raise SystemExit(f"{folder / page_name}: text differs from the segmenter manifest's SHA-256")
            line_numbers = line_entry["content"] + line_entry["optional"]
        elif url and content:
            own = {"url": url, "content": _line_numbers(content, text, label_file),
                   "optional": _line_numbers(optional, text, label_file) if optional else []}
            line_numbers = own["content"] + own["optional"]
        else:
            raise SystemExit(f"{label_file}: page {page_name} is not in {LINE_MANIFEST}: give '#url:' and"
                             " '#content:' (its content lines, e.g. 3,5-9; '#optional:' for captions)")
        sha256 = text_sha256(text)
        ranges = labelled_ranges(text, line_numbers)
        relation_lines = relgold.read_relation_lines(relations_dir, label_file.stem)
        try:
            spans = spans_from_labels(text, ranges, label_lines, str(label_file))
            relations = None if relation_lines is None else relgold.parse_relations(
                text, spans, relgold.sentence_ranges(text, ranges), relation_lines,
                str(relations_dir / f"{label_file.stem}.tsv"))
        except ValueError as exc:
            raise SystemExit(str(exc)) from None
        pages[page_name] = {
            "file": page_name, "sha256": sha256, **own, "batch": batch, "topic": topic,
            "entities": [[s, e, label, text[s:e]] for s, e, label in spans],
        }
        if relations is not None:
            pages[page_name]["relations"] = [[h[0], h[1], t[0], t[1], kind, text[h[0]:h[1]], text[t[0]:t[1]]]
                                             for h, t, kind in relations]
        if show:
            print(f"== {page_name} ({len(spans)})")
            print(_bracketed(text, ranges, spans))
    manifest = {
        "_doc": "Entity gold of issue 13 on the segmenter's development pages (scripts/segment_devset). Per page:"
        " file, sha256 of its text, batch, entities [start, end, label, text] in code points, on content and"
        " optional lines only. Guideline: README.md beside this file. Texts are not in the repo; put them in"
        f" ${ENV_VAR} (default ../devset-pages beside the checkout).",
        "pages": sorted(pages.values(), key=lambda e: e["file"]),
    }
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(pages)} pages, {sum(len(p['entities']) for p in pages.values())} entities -> {MANIFEST}")
    return 0


def _line_numbers(spec: str, text: str, where: Path) -> list[int]:
    """The non-blank 1-based lines a '#content:' spec such as "3,5-9" names."""
    lines = text.split("\n")
    numbers: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        lo, dash, hi = part.partition("-")
        try:
            first, last = int(lo), int(hi if dash else lo)
        except ValueError:
            raise SystemExit(f"{where}: '#content:'/'#optional:' expect numbers and ranges such as 3,5-9: {part!r}") from None
        numbers.update(range(first, last + 1))
    bad = [n for n in sorted(numbers) if not 1 <= n <= len(lines)]
    if bad:
        raise SystemExit(f"{where}: '#content:' names lines past the page's end ({len(lines)} lines): {bad}")
    return sorted(n for n in numbers if lines[n - 1].strip())  # a range may span blank lines


def _bracketed(text: str, ranges: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> str:
    out = []
    for lo, hi in ranges:
        cursor, parts = lo, []
        for s, e, label in spans:
            if lo <= s < hi:
                parts += [text[cursor:s], f"[{text[s:e]}]{label}"]
                cursor = e
        out.append("".join(parts) + text[cursor:hi])
    return "\n".join(out)


def stats(manifest: Path = MANIFEST) -> dict[str, Counter]:
    """Entity counts per label (and "pages") for each batch and each batch/topic pair."""
    counts: dict[str, Counter] = {}
    for entry in json.loads(Path(manifest).read_text(encoding="utf-8"))["pages"]:
        for key in (entry["batch"], f'{entry["batch"]}/{entry.get("topic", "")}'):
            counter = counts.setdefault(key, Counter())
            counter.update(label for _, _, label, _ in entry["entities"])
            counter["pages"] += 1
            if "relations" in entry:
                counter.update(f"rel:{r[4]}" for r in entry["relations"])
                counter["relation pages"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="verify every span's text against the pages")
    p_check.add_argument("--pages", type=Path, default=None)
    p_build = sub.add_parser("build", help="write the manifest's pages from label files")
    p_build.add_argument("labels", type=Path)
    p_build.add_argument("--pages", type=Path, default=None)
    p_build.add_argument("--show", action="store_true", help="print each page's labelled lines")
    p_build.add_argument("--relations", type=Path, default=None, help="relation files (default: LABELS/../relations)")
    sub.add_parser("stats", help="entity counts per label and batch")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.labels, args.pages, args.show, args.relations)
    if args.command == "stats":
        for batch, counter in sorted(stats().items()):
            total = sum(counter[k] for k in LABELS)
            print(f"{batch}: {counter['pages']} pages, {total} entities: " + " ".join(f"{k} {counter[k]}" for k in LABELS))
            kinds = sorted(k for k in counter if k.startswith("rel:"))
            if counter["relation pages"]:
                print(f"{batch}: {counter['relation pages']} pages with relations,"
                      f" {sum(counter[k] for k in kinds)} relations: " + " ".join(f"{k[4:]} {counter[k]}" for k in kinds))
        return 0
    pages = load(args.pages)
    problems = check(args.pages)
    for problem in problems:
        print(problem)
    n = sum(len(p.spans) for p in pages)
    n_relations = sum(len(p.relations) for p in load_relations(args.pages, report=io.StringIO()))
    print(f"{len(pages)} pages, {n} entities, {n_relations} relations checked, {len(problems)} problem(s)")
    return 1 if problems or not pages else 0


if __name__ == "__main__":
    sys.exit(main())
