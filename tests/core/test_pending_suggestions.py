"""The review's view of pending suggestions: threshold, own labels hiding them, lookups and wrap-around order."""

from annotator.core.pending_suggestions import PendingSuggestions
from annotator.core.suggestions import StoredSuggestion


def _items():
    return [StoredSuggestion(i + 1, 1, a, b, "ORG", "model", score)
            for i, (a, b, score) in enumerate([(0, 3, 0.9), (5, 7, 0.4), (10, 14, 0.7), (20, 22, 0.8)])]


def test_threshold_labels_and_lookups():
    pending = PendingSuggestions()
    changed = pending.load(1, _items(), lambda a, b: a < 14 and b > 12)  # an own label over 10-14
    assert [s.start for s in pending.visible] == [0, 5, 20] and changed == [(0, 3), (5, 7), (20, 22)]
    assert pending.set_threshold(0.5, lambda a, b: False) == [(5, 7), (10, 14)]  # 5-7 hides, 10-14 shows
    assert [s.start for s in pending.visible] == [0, 10, 20] and pending.hidden_below_threshold() == 1
    assert [s.start for s in pending.between(2, 11)] == [0, 10]
    assert pending.at(12).start == 10 and pending.at(4) is None
    assert pending.next_after(0).start == 0 and pending.next_after(0, current=1).start == 10
    assert pending.next_after(21, current=4).start == 0  # wraps around
    assert pending.previous_before(0, current=1).start == 20
    assert pending.ids_scoring_at_least(0.75) == [1, 4]
    assert pending.load(2, [], lambda a, b: False) == [] and pending.next_after(0) is None
