"""The suggestion bench measures what it says: leave-one-out really leaves the page out, pages are ~3 KB."""

from __future__ import annotations

from annotator.bench import suggest as bench


def test_leave_one_out_never_uses_the_pages_own_labels():
    records = bench.labelled_sample()
    # One page alone: its dictionary comes from no other page, so it proposes nothing.
    alone = bench.leave_one_out(records[:1], sources=("dictionary",))
    assert alone["dictionary"]["proposed"] == 0 and alone["dictionary"]["gold"] == len(records[0]["entities"])
    both = bench.leave_one_out(records, sources=("dictionary", "patterns"))
    assert both["dictionary"]["gold"] == sum(len(r["entities"]) for r in records) == 180
    # Overlaps are settled by the calibrated combined score, so a source's reading may lose to another's
    # (one span of 180 here); combining must not lose more than that.
    assert both["combined"]["tp"] >= max(both["dictionary"]["tp"], both["patterns"]["tp"]) - 2


def test_pages_are_about_three_kilobytes():
    pages = bench.pages(bench.labelled_sample(), 12)
    assert len(pages) == 12
    assert all(2500 <= len(p) <= 7000 for p in pages)
