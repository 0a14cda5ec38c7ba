"""The unseen-page figures score each batch of the entity gold with the project labels it is meant to have:
the tuning batch with the bundled sample's alone, the held-out batch with the tuning batch's gold as well."""

from __future__ import annotations

import json

import pytest

from annotator.bench import suggest as bench
from annotator.bench.segment_devset import text_sha256

TUNING = "과학기술정보통신부는 14일 대덕특구 내 연구소기업인 우주로테크를 현장 방문해 드론 기술개발 현황과 성과를 점검했다고 밝혔다.\n"
HELD = "중소벤처기업부는 우주로테크 등 기업 대표들과 간담회를 열고 규제자유특구의 실증 성과를 점검했다고 밝혔다.\n"


def _span(text, surface, label):
    start = text.index(surface)
    return [start, start + len(surface), label, surface]


def _devset(tmp_path, *extra):
    pages = tmp_path / "pages"
    pages.mkdir()
    entries = []
    for name, text, batch, spans in (("01_a.txt", TUNING, "tuning", [_span(TUNING, "우주로테크", "ORG")]),
                                     ("31_b.txt", HELD, "held-out", [_span(HELD, "우주로테크", "ORG")]), *extra):
        (pages / name).write_text(text, encoding="utf-8")
        entries.append({"file": name, "sha256": text_sha256(text), "batch": batch, "entities": spans, "topic": "zones"})
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"pages": entries}, ensure_ascii=False), encoding="utf-8")
    return pages, manifest


def test_the_held_out_dictionary_holds_the_tuning_gold_and_the_tuning_one_only_the_sample(tmp_path):
    pages, manifest = _devset(tmp_path)
    result = bench.unseen_pages(bench.labelled_sample(), pages, manifest)
    assert result["tuning"]["pages"] == result["held_out"]["pages"] == 1
    # 우주로테크 is labelled in no sample page: on the tuning page no dictionary entry proposes it ...
    assert result["tuning"]["dictionary"]["tp"] == 0
    # ... on the held-out page the tuning page's gold does.
    assert result["held_out"]["dictionary"]["tp"] == 1 and result["held_out"]["gold"] == 1
    assert result["held_out"]["combined"]["r"] == 1.0
    assert result["held_out_zones"]["pages"] == result["held_out_policy_field"]["pages"] == 1  # its topic is zones


LATER_BATCHES = {"held-out-2": "held_out_2", "held-out-3": "held_out_3", "held-out-4": "held_out_4",
                 "held-out-5": "held_out_5"}


@pytest.mark.parametrize("name, text, batch", [
    ("77_c.txt", "경남테크노파크는 우주로테크와 업무협약을 체결했다.\n", "held-out-3"),
    ("91_d.txt", "교육부는 우주로테크와 교육발전특구 협약을 맺었다.\n", "held-out-4"),
    ("103_e.txt", "국토교통부는 우주로테크와 도심융합특구 협약을 맺었다.\n", "held-out-5"),
])
def test_a_later_held_out_batch_is_scored_apart_with_the_tuning_gold(tmp_path, name, text, batch):
    pages, manifest = _devset(tmp_path, (name, text, batch, [_span(text, "우주로테크", "ORG")]))
    result = bench.unseen_pages(bench.labelled_sample(), pages, manifest)
    key = LATER_BATCHES[batch]
    assert result["held_out"]["pages"] == result[key]["pages"] == 1
    assert all(result[other] is None for other in LATER_BATCHES.values() if other != key)  # each batch apart
    assert result[key]["gold"] == 1 and result[key]["dictionary"]["tp"] == 1  # from the tuning gold


def test_no_pages_no_figures(tmp_path):
    _pages, manifest = _devset(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert bench.unseen_pages(bench.labelled_sample(), empty, manifest) is None


def test_score_pages_counts_exact_spans_per_source():
    text = TUNING
    gold = [tuple(_span(text, "과학기술정보통신부", "ORG")[:3]), tuple(_span(text, "14일", "DATE")[:3])]
    result = bench.score_pages([(text, gold, [])], sources=("dictionary", "patterns"))
    assert result["dictionary"]["proposed"] == 0  # no project labels, no dictionary
    assert result["patterns"]["tp"] == 2 and result["combined"]["r"] == 1.0
    assert result["recall_at_precision_0.8"] <= 1.0 and set(result["curve"]) == {str(t) for t in bench.THRESHOLDS}
