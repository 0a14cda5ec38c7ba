"""An article's date and outlet, each with where it came from: what annotator.core.article_meta reads.

A module of their own, so that the importing process can hold what its segmenter processes read (and the store
can write it) without compiling the reader's patterns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MetaValue:
    value: str  # "" when unknown
    source: str = ""  # "meta:date", "html:og:site_name", "dateline", "byline", "url", "reviewer" ...
    evidence: str = ""  # the text it was read from


EMPTY = MetaValue("")


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    published: MetaValue = EMPTY  # "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"
    outlet: MetaValue = EMPTY
