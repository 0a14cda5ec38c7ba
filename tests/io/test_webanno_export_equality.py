"""The WebAnno TSV exporter writes, character for character, what its first version (kept verbatim as the oracle,
tests/io/webanno_export_oracle.py) wrote: random texts with Hangul, emoji, rare Hanja and every kind of whitespace,
overlapping (stacked), multi-token, whitespace-edged and token-less spans, relations between any of them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from annotator.io.exporters.webanno_tsv import document_tsv
from tests.io.test_webanno_tsv import _item, documents
from tests.io.webanno_export_oracle import document_tsv as oracle_document_tsv


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(whitespace_edges=True))
def test_the_exporter_writes_what_its_first_version_wrote(case):
    item = _item(*case)
    assert document_tsv(item) == oracle_document_tsv(item)
