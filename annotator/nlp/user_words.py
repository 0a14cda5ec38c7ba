"""The project's entity strings as Kiwi user words, for the spaCy export/training and the UI's snapping.

No spaCy or Qt here: the UI imports this to feed its Kiwi worker, the exporter to write config.cfg.
"""

from __future__ import annotations

from annotator.core import korean

_SQL = (
    'SELECT substr(d.text, s.start + 1, s."end" - s.start) FROM spans s JOIN documents d ON d.id = s.doc_id'
)


def entity_strings(project, doc_ids=None) -> frozenset[str]:
    """Distinct labelled entity strings usable as user words (see korean.user_word_set), from every
    document or only from doc_ids (the documents just edited: new, resized or relabelled spans)."""
    conn = project.conn
    if doc_ids is None:
        # In document order, so SQLite reads each document's text pages once.
        rows = conn.execute(_SQL + " ORDER BY s.doc_id").fetchall()
    else:
        ids = sorted(set(doc_ids))
        rows = []
        for i in range(0, len(ids), 500):  # below SQLite's bound-parameter limit
            part = ids[i : i + 500]
            rows += conn.execute(f"{_SQL} WHERE s.doc_id IN ({','.join('?' * len(part))})", part).fetchall()
    return korean.user_word_set(text for (text,) in rows)


def config_safe(words) -> tuple[list[str], int]:
    """Sorted words that survive a spaCy config.cfg round trip, and how many were left out.

    confection treats "$" as interpolation and does not round-trip its escape, so such words are skipped.
    """
    kept = sorted(w for w in words if "$" not in w)
    return kept, len(words) - len(kept)
