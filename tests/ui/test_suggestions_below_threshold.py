"""Suggestions that are all scored below the threshold (hGW's walk): the status bar said "Suggestions ready: 0 for
this document (Tab to review them)", and Tab then found nothing; it says how many wait below the threshold."""

from __future__ import annotations

from annotator.core.suggestions import NewSuggestion
from annotator.store import Project
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def _write_low_suggestions(window, count: int) -> int:
    doc_id = window.session.doc_id
    text = window.session.state.text
    taken = {i for s in window.session.state.spans for i in range(s.start, s.end)}
    starts = [i for i in range(len(text) - 2) if not taken & {i, i + 1} and text[i:i + 2].strip()
              and "\n" not in text[i:i + 2]][::50][:count]
    with Project.open(window.db_path, "kim") as other:  # as the worker process writes them
        other.write_suggestions({doc_id: [NewSuggestion(s, s + 2, "ORG", "model", 0.2) for s in starts]})
    return doc_id


def test_the_ready_note_says_they_are_below_the_threshold(window):
    doc_id = _write_low_suggestions(window, 3)
    window.editor.suggestion_review.bar.threshold.setValue(0.45)
    window.background_suggestions._ready(doc_id, 3)  # what the worker's answer runs on the GUI thread
    message = window.statusBar().currentMessage()
    assert "Tab" not in message and "3" in message and "threshold" in message, message
    assert window.editor.suggestion_review.pending.hidden_below_threshold() == 3


def test_shown_ones_are_still_announced_for_tab(window):
    doc_id = _write_low_suggestions(window, 3)
    window.editor.suggestion_review.bar.threshold.setValue(0.1)
    window.background_suggestions._ready(doc_id, 3)
    assert window.statusBar().currentMessage() == "Suggestions ready: 3 for this document (Tab to review them)"
