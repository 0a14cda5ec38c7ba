"""The background pre-annotation worker (ui/suggest_worker.py, run here in-process: it has no Qt) reads the
project's kept tokens: with them it never runs Kiwi, and its suggestions are those of a run that analysed."""

from __future__ import annotations

import threading

from annotator.cli import main
from annotator.paths import resource_path
from annotator.store import Project

LABELLED = resource_path("samples", "seeds_labelled.jsonl")
ARTICLE = ("중기부 새 소식\n\n중소벤처기업부는 13일 강원 원주에서 글로벌 혁신 특구 설명회를 열었다고 밝혔다. "
           "오기웅 중소벤처기업부 차관은 120억 원을 지원한다.\n전국 14개 시도가 참여했고 지난 여름 강원도 원주에서 열렸다.\n")


def _serve(db, doc_ids) -> list[dict]:
    """Run a worker queue over doc_ids (force: redone) until each is reported ready; its messages."""
    from annotator.ui.suggest_worker import PreannotationQueue

    messages: list[dict] = []
    done = threading.Event()

    def emit(message):
        messages.append(message)
        if "error" in message or sum("ready" in m for m in messages) == len(doc_ids):
            done.set()

    queue = PreannotationQueue(str(db), "kim", sources="dictionary,patterns", model="base", emit=emit)
    queue.request(doc_ids, force=True)
    errors = []
    thread = threading.Thread(target=lambda: _run(queue, errors))
    thread.start()
    done.wait(120)
    queue.stop()
    thread.join(30)
    assert not errors, errors
    return messages


def _run(queue, errors):
    try:
        queue.serve()
    except Exception as exc:  # noqa: BLE001 (reported to the test thread)
        errors.append(exc)


def _stored(db):
    with Project.open(db, "kim") as project:
        return {i: sorted((s.start, s.end, s.label, s.source, s.score) for s in project.suggestions(i))
                for i in project.document_ids()}


def test_the_worker_reads_kept_tokens_and_runs_no_kiwi(tmp_path, monkeypatch, capsys):
    from annotator.core import korean

    monkeypatch.setenv("ANNOTATOR_REVIEWER", "kim")
    article = tmp_path / "new.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "p.db"
    assert main(["import", str(LABELLED), str(article), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    with Project.open(db, "kim") as project:
        ids = project.document_ids()
    korean.default_analyser().clear_cache()
    analysed = []
    real = korean.KoreanAnalyser.analyse_lines
    monkeypatch.setattr(korean.KoreanAnalyser, "analyse_lines",
                        lambda self, lines: analysed.extend(lines) or real(self, lines))
    first = _serve(db, ids)  # no kept tokens: analysed, and kept
    assert any("14개 시도" in line for line in analysed)  # the article needs Kiwi's analysis
    assert sorted(m["ready"] for m in first) == sorted(ids)
    stored = _stored(db)
    assert any(stored.values())

    def refuse(self):
        raise AssertionError("Kiwi was run although the project keeps the tokens")

    korean.default_analyser().clear_cache()
    monkeypatch.setattr(korean.KoreanAnalyser, "_ensure_kiwi", refuse)
    again = _serve(db, ids)
    assert sorted(m["ready"] for m in again) == sorted(ids)
    assert _stored(db) == stored
