"""The KLUE-NER dev set as training data for the shipped base model: tag mapping and a fixed split.

KLUE's tags map to the default scheme: OG->ORG, PS->PERSON, LC->LOC, DT->DATE, QT->MONEY when the
amount ends in a currency unit (원, 달러, 엔, 유로, 위안) else QUANTITY. TI (times of day, "오후 3시") is
dropped: the default scheme has no time label, and a time is not a date a reviewer would label as DATE,
so those characters are trained as outside any entity. The split is by sentence, fixed by a seed:
80% train (of which a tenth picks the best checkpoint), 20% held out, never seen in training,
for `suggest_base_model_klue_f1`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

KLUE_TO_SCHEME = {"OG": "ORG", "PS": "PERSON", "LC": "LOC", "DT": "DATE"}
DROPPED_TAGS = ("TI",)
SPLIT_SEED = 13
HELD_OUT_SHARE = 0.2
CHECKPOINT_SHARE = 0.1  # of the training part
_CURRENCY = re.compile(r"(?:원|달러|엔|유로|위안|파운드)\s*$")


@dataclass(frozen=True, slots=True)
class Sentence:
    ext_id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, scheme label)


def scheme_label(klue_tag: str, entity_text: str) -> str | None:
    """The default-scheme label for a KLUE tag, or None when the entity is dropped (TI, unknown tags)."""
    if klue_tag == "QT":
        return "MONEY" if _CURRENCY.search(entity_text) else "QUANTITY"
    return KLUE_TO_SCHEME.get(klue_tag)


def read_sentences(path: Path, lines: Iterable[str]) -> list[Sentence]:
    """Sentences of a KLUE-NER TSV (its lines given, as by any importer), labels mapped to the scheme."""
    from annotator.core.model import NewDocument
    from annotator.io.importers import klue

    sentences = []
    for item in klue.parse(path, lines):
        if not isinstance(item, NewDocument):
            continue  # a malformed line: the importer's problem report, not training data
        spans = []
        for sp in item.spans:
            label = scheme_label(sp.label, item.text[sp.start:sp.end])
            if label is not None:
                spans.append((sp.start, sp.end, label))
        sentences.append(Sentence(item.ext_id or "", item.text, tuple(spans)))
    return sentences


def load_sentences(path: str | Path) -> list[Sentence]:
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        return read_sentences(path, (line.rstrip("\n") for line in fh))


def split(sentences: list[Sentence], seed: int = SPLIT_SEED) -> tuple[list[Sentence], list[Sentence], list[Sentence]]:
    """(train, checkpoint dev, held out): a seeded shuffle cut 72/8/20."""
    order = list(sentences)
    random.Random(seed).shuffle(order)
    n_held = round(len(order) * HELD_OUT_SHARE)
    held, rest = order[:n_held], order[n_held:]
    n_dev = round(len(rest) * CHECKPOINT_SHARE)
    return rest[n_dev:], rest[:n_dev], held


def default_data_path() -> Path:
    """data/klue-ner/klue-ner-v1.1_dev.tsv of the source checkout (not part of the installed package)."""
    from annotator.paths import SOURCE_ROOT

    return SOURCE_ROOT / "data" / "klue-ner" / "klue-ner-v1.1_dev.tsv"
