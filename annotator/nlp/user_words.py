"""The project's entity strings as Kiwi user words, for the spaCy export/training and the UI's snapping.

No spaCy, Qt or SQL here: the strings come from the store (Project.entity_string_counts); a KoreanAnalyser
keeps the clean ones.
"""

from __future__ import annotations

from annotator.core import korean


def entity_strings(project, doc_ids=None) -> frozenset[str]:
    """Distinct labelled entity strings usable as user words (see korean.user_word_set), from every
    document or only from doc_ids."""
    return korean.user_word_set(project.entity_string_counts(doc_ids))


def config_safe(words) -> tuple[list[str], int]:
    """Sorted words that survive a spaCy config.cfg round trip, and how many were left out.

    confection treats "$" as interpolation and does not round-trip its escape, so such words are skipped.
    """
    kept = sorted(w for w in words if "$" not in w)
    return kept, len(words) - len(kept)
