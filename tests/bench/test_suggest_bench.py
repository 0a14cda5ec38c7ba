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


def test_the_kept_tokens_figure_times_suggestions_stored_without_kiwi():
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester

    records = bench.labelled_sample()
    dictionary = EntityDictionary()
    dictionary.add_documents((r["text"], bench.gold_entities(r)) for r in records)
    suggester = Suggester(default_scheme(), sources=("dictionary", "patterns"), dictionary=dictionary,
                          content_only=False)
    texts = bench.pages(records, 3)
    figures = bench.kept_tokens_docs_per_s(suggester, texts)  # Kiwi refused while timed: it would raise
    expected = sum(len(suggester.suggest(f"{t.rstrip()}\n({n})").entities) for n, t in enumerate(texts)) / 3
    assert figures["stored_per_doc"] == round(expected, 1) > 10
    assert figures["docs_per_s"] > 0 and figures["docs_per_cpu_s"] > 0


def test_the_whole_process_figure_runs_suggest_on_a_copy_of_the_same_project():
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.engine import Suggester

    records = bench.labelled_sample()
    suggester = Suggester(default_scheme(), sources=("patterns",), content_only=False)
    figures = bench.kept_tokens_docs_per_s(suggester, bench.pages(records, 2), cli_records=records)
    assert figures["cli_documents"] == 2 + len(records)  # the labelled pages are pre-annotated too (--status all)
    assert figures["cli_stored_per_doc"] > 10 and figures["cli_s"] > 0 and figures["cli_cpu_s"] > 0
    assert figures["cli_setup_cold_cpu_s"] > 0 and figures["cli_setup_warm_cpu_s"] > 0  # runs over no document


def test_the_write_figures_time_first_runs_and_reruns():
    from annotator.bench.suggest_speed import write_figures
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.engine import Suggester

    suggester = Suggester(default_scheme(), sources=("patterns",), content_only=False)
    figures = write_figures(suggester, bench.pages(bench.labelled_sample(), 2))
    assert set(figures) == {f"suggest_speed_write_cpu_ms_per_doc_{k}" for k in ("first", "rerun_same", "rerun_changed")}
    assert all(v >= 0 for v in figures.values())


def test_distinct_pages_are_all_different_in_the_sample_chrome_with_klue_entities():
    from annotator.bench.suggest_speed import distinct_pages
    from annotator.core.boilerplate import segment_text

    records = bench.labelled_sample()
    pieces = bench.pages(records, 40)
    texts, spans = distinct_pages(records, 40)
    assert len(set(texts)) == 40 and len(spans) == 40
    for piece, text, found in zip(pieces, texts, spans):
        old, new = piece.split("\n"), text.split("\n")
        assert len(new) == len(old)
        kinds = [s.effective_kind for s in segment_text(piece)]
        assert [o for o, k in zip(old, kinds) if k != "content"] == [n for n, k in zip(new, kinds) if k != "content"]
        assert 0.8 * len(piece) <= len(text) <= 1.6 * len(piece)
        assert all(0 <= s < e <= len(text) and text[s:e].strip() == text[s:e] for s, e, _ in found)
    assert sum(map(len, spans)) > 100


def test_the_distinct_figure_runs_the_whole_process_with_one_and_two_processes():
    from annotator.bench.suggest_speed import distinct_cli_figures

    figures = distinct_cli_figures(bench.labelled_sample(), 8, (1, 2))
    assert figures["cli_1_documents"] == figures["cli_2_documents"] == 8 + 3
    assert figures["cli_1_stored_per_doc"] == figures["cli_2_stored_per_doc"] > 1
    assert figures["cli_2_s"] > 0 and figures["cli_2_cpu_s"] > 0
