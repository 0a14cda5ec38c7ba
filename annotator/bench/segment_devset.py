"""The segmenter's development set: real pages from sites outside the repo, scored against line gold.

The repo keeps only the manifest (scripts/segment_devset/manifest.json: where each page came from, how it was
rendered to text, a SHA-256 of that text and its gold line numbers). The page texts are third-party and stay
outside the repo, in $ANNOTATOR_SEGMENT_DEVSET or, by default, ../devset-pages beside the checkout.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.boilerplate_eval import PageScore, score_page

ENV_VAR = "ANNOTATOR_SEGMENT_DEVSET"
_REPO = Path(__file__).resolve().parents[2]
MANIFEST = _REPO / "scripts" / "segment_devset" / "manifest.json"


def pages_dir() -> Path:
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else _REPO.parent / "devset-pages"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class DevsetResult:
    total: PageScore = field(default_factory=PageScore)
    pages: dict[str, PageScore] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # listed in the manifest, not in the folder
    changed: list[str] = field(default_factory=list)  # text differs from the one the gold was written for

    @property
    def precision(self) -> float:
        t = self.total
        return round(t.tp / (t.tp + t.fp), 4) if t.tp + t.fp else 0.0

    @property
    def recall(self) -> float:
        t = self.total
        return round(t.tp / (t.tp + t.fn), 4) if t.tp + t.fn else 0.0


def load_manifest(path: Path = MANIFEST) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def score_devset(folder: Path | None = None, manifest: dict | None = None) -> DevsetResult | None:
    """Line scores over the pages present in folder; None when the manifest or every page is absent."""
    manifest = manifest if manifest is not None else load_manifest()
    if manifest is None:
        return None
    folder = folder if folder is not None else pages_dir()
    result = DevsetResult()
    for entry in manifest["pages"]:
        path = folder / entry["file"]
        if not path.is_file():
            result.missing.append(entry["file"])
            continue
        text = path.read_text(encoding="utf-8")
        if text_sha256(text) != entry["sha256"]:
            result.changed.append(entry["file"])  # gold line numbers would be meaningless
            continue
        page = score_page(text, entry["content"], entry["optional"])
        result.pages[entry["file"]] = page
        total = result.total
        total.tp, total.fp, total.fn = total.tp + page.tp, total.fp + page.fp, total.fn + page.fn
    return result if result.pages else None


def bench_figures() -> dict:
    """What `annotator bench` reports about the development set (F1, or why there is none)."""
    manifest = load_manifest()
    if manifest is None:
        return {"segment_f1_devset": None, "segment_devset_status": f"absent (no manifest at {MANIFEST})"}
    result = score_devset(manifest=manifest)
    if result is None:
        where = pages_dir()
        return {"segment_f1_devset": None, "segment_devset_status": f"absent (no pages in {where}; set {ENV_VAR})"}
    return {
        "segment_f1_devset": result.total.f1,
        "segment_devset_precision": result.precision,
        "segment_devset_recall": result.recall,
        "segment_devset_pages": len(result.pages),
        "segment_devset_status": "ok" if not (result.missing or result.changed)
        else f"partial: {len(result.missing)} missing, {len(result.changed)} changed",
    }
