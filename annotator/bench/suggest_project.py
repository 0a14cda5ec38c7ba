"""Throughput of pre-annotation on a project (issue 13): what `annotator suggest --db` does and what a user waits for.

The project: Korean news-like pages of ~3,000 characters made of KLUE-NER sentences (the dev set from ../shared when it is there,
else the repo's copy), a headline line and paragraph lines of two to four sentences, every tenth page imported with
its KLUE entities mapped to the default scheme (klue_base) as the reviewer's labels: the dictionary's strings.
Figures (dictionary + patterns unless named otherwise; docs/s over every page of the project):

  suggest_project_kept_tokens_docs_per_s    in this process, a fresh analyser: batches of PRIME_BATCH documents read
                                            from the file with their kept tokens (TokenCache.prime), then
                                            Suggester.suggest on each; Kiwi is never built (checked)
  suggest_project_engine_docs_per_s         the same batches, Suggester.suggest alone (tokens already in memory)
  suggest_project_cli_first_s / _kept_s     the whole `annotator suggest --db P --status all --sources
                                            dictionary,patterns` process, on a fresh copy (no tokens kept: Kiwi
                                            analyses and keeps them, on both cores), then again (tokens kept),
                                            with _docs_per_s and _cpu_s beside each
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

PAGE_CHARS = 3_000  # as bench/suggest.py pages (the bench of issue 13: ~3,000 characters, ~8 KB of UTF-8)
LABELLED_EVERY = 10


def write_pages(folder: Path, documents: int, *, seed: int = 13) -> tuple[Path, Path]:
    """plain.jsonl (the unlabelled pages) and labelled.jsonl (every LABELLED_EVERY-th, with its entities)."""
    from annotator.bench.peer import klue_sentences
    from annotator.nlp.suggest.klue_base import scheme_label

    sentences = klue_sentences()
    rng = random.Random(seed)
    plain, labelled = folder / "plain.jsonl", folder / "labelled.jsonl"
    with open(plain, "w", encoding="utf-8") as plain_file, open(labelled, "w", encoding="utf-8") as labelled_file:
        for i in range(documents):
            text, spans = "", []
            in_line = 0
            while len(text) < PAGE_CHARS:
                sentence, sentence_spans = sentences[rng.randrange(len(sentences))]
                if text:
                    text += " " if in_line else "\n"
                offset = len(text)
                for s, e, tag in sentence_spans:
                    label = scheme_label(tag, sentence[s:e])
                    if label is not None:
                        spans.append([offset + s, offset + e, label])
                text += sentence
                # a headline alone on the first line, then paragraphs of two to four sentences
                in_line = 0 if offset == 0 or in_line + 1 >= rng.randint(2, 4) else in_line + 1
            record = {"id": f"page-{i}", "text": text}
            if i % LABELLED_EVERY == 0:
                labelled_file.write(json.dumps({**record, "label": spans}, ensure_ascii=False) + "\n")
            else:
                plain_file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return plain, labelled
