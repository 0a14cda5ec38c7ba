"""Relation gold of the unseen pages (issue 13): sentences, the relation-file parser and its checks.

Used by scripts/suggest_devset.py (build, check, load_relations); the rule is in scripts/suggest_devset/README.md.

A relation file relations/NN_name.tsv (beside labels/NN_name.tsv, same page) has one line per relation:
    TYPE<TAB>HEAD<TAB>TAIL
TYPE is a relation type of the default scheme; HEAD and TAIL name two entities of the page's gold by their
text, with "#k" when the text is the gold of several mentions (k counts those mentions in text order, from 1):
"holds_title<TAB>홍종학<TAB>장관#2". The head's and tail's labels must be a pair the type allows, and both must lie
in one sentence of the page's content and optional lines. Lines starting with "#" are comments.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.scheme import default_scheme

# A sentence ends at . ? ! followed by a space or the line's end (so 6.9조 or Segye.com go on), or at the line's end.
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")

Span = tuple[int, int, str]
Relation = tuple[Span, Span, str]


def allowed_pairs() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """relation type -> (head labels, tail labels) of the default scheme."""
    return {r.name: (frozenset(r.heads), frozenset(r.tails)) for r in default_scheme().relations}


def sentence_ranges(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) code points of the sentences of the given line ranges, without their outer spaces."""
    out = []
    for lo, hi in ranges:
        cuts = [lo] + [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)] + [hi]
        for start, end in zip(cuts, cuts[1:]):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                out.append((start, end))
    return out


def sentence_of(sentences: list[tuple[int, int]], start: int, end: int) -> int | None:
    return next((i for i, (lo, hi) in enumerate(sentences) if lo <= start and end <= hi), None)


def parse_relations(text: str, spans: list[Span], sentences: list[tuple[int, int]], lines: list[str],
                    name: str) -> list[Relation]:
    """The relations of one page from its relation file's lines; ValueError names the line."""
    allowed = allowed_pairs()
    mentions: dict[str, list[Span]] = {}
    for span in sorted(spans):
        mentions.setdefault(text[span[0]:span[1]], []).append(span)

    def mention(ref: str, no: int) -> Span:
        surface, hash_, k = ref.rpartition("#") if re.search(r"#\d+$", ref) else (ref, "", "")
        found = mentions.get(surface, [])
        if not found:
            raise ValueError(f"{name}:{no}: {surface!r} is not an entity of the page's gold")
        if not hash_:
            if len(found) > 1:
                raise ValueError(f"{name}:{no}: {surface!r} is the gold of {len(found)} mentions: write {surface}#k")
            return found[0]
        if not 1 <= int(k) <= len(found):
            raise ValueError(f"{name}:{no}: {surface!r} has {len(found)} mention(s), not #{k}")
        return found[int(k) - 1]

    relations: dict[tuple[Span, Span, str], int] = {}
    for no, raw in enumerate(lines, 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.rstrip("\n").split("\t")
        if len(parts) != 3:
            raise ValueError(f"{name}:{no}: expected TYPE<TAB>head<TAB>tail: {raw!r}")
        kind, head, tail = parts[0], mention(parts[1], no), mention(parts[2], no)
        if kind not in allowed:
            raise ValueError(f"{name}:{no}: unknown relation type {kind!r}")
        problem = pair_problem(kind, head, tail, sentences, allowed)
        if problem:
            raise ValueError(f"{name}:{no}: {problem}")
        if (head, tail, kind) in relations:
            raise ValueError(f"{name}:{no}: repeats line {relations[(head, tail, kind)]}")
        relations[(head, tail, kind)] = no
    return sorted(relations)


def pair_problem(kind: str, head: Span, tail: Span, sentences: list[tuple[int, int]], allowed=None) -> str:
    """Why a relation breaks the rule (a pair the type does not allow, two sentences), or ""."""
    heads, tails = (allowed or allowed_pairs()).get(kind, (frozenset(), frozenset()))
    if head[2] not in heads or tail[2] not in tails:
        return f"{kind} does not link {head[2]} to {tail[2]} (heads {sorted(heads)}, tails {sorted(tails)})"
    if head[:2] == tail[:2]:
        return f"{kind} links a span to itself"
    where = sentence_of(sentences, head[0], head[1])
    if where is None or where != sentence_of(sentences, tail[0], tail[1]):
        return f"{kind} head {head[:2]} and tail {tail[:2]} are not in one sentence"
    return ""


def read_relation_lines(relations_dir: Path | None, stem: str) -> list[str] | None:
    """The lines of relations_dir/stem.tsv, or None when the page has no relation file."""
    if relations_dir is None or not (relations_dir / f"{stem}.tsv").is_file():
        return None
    return (relations_dir / f"{stem}.tsv").read_text(encoding="utf-8").split("\n")
