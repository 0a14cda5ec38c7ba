"""The token cache: Kiwi analyses kept in the project file per document and tokenizer version, reused by the
exports without running Kiwi, recomputed when the tokenizer (Kiwi, model, analysis code, user words) changes."""

from __future__ import annotations

import filecmp
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import korean
from annotator.core.model import NewDocument
from annotator.io.exporters import exporter
from annotator.io.token_cache import TokenCache, prime_documents, tokens_for
from annotator.store import Project
from annotator.store import token_cache as store_tokens
from tests.io.export_sample import build_sample_project

# Each KoreanAnalyser builds its own Kiwi (seconds): the tests share these, with their line caches cleared,
# and use new analysers only where Kiwi must not run at all.
_PLAIN = korean.KoreanAnalyser()
_WORDS = korean.KoreanAnalyser(["원주시", "협의회"])


def plain() -> korean.KoreanAnalyser:
    _PLAIN.clear_cache()
    return _PLAIN


PAGE = ("중소벤처기업부는 13일 강원 원주시를 AI헬스케어 글로벌 혁신 특구로 지정했다.\n"
        "\n"
        "홍길동 차관은  30개 기업과 함께 협의회에 참석했다.  \n"
        "저작권자 © 무단전재 및 재배포 금지")


def _no_kiwi(monkeypatch):
    """Any analysis that would need Kiwi fails the test: what follows must come from kept tokens."""
    def refuse(self):
        raise AssertionError("Kiwi was run although the tokens were kept")

    monkeypatch.setattr(korean.KoreanAnalyser, "_ensure_kiwi", refuse)


@pytest.fixture
def one_doc(project):
    doc_id = project.add_documents([NewDocument(PAGE, title="t", source="s")]).imported[0]
    return project, project.document(doc_id)


def test_miss_then_hit_without_kiwi(one_doc, monkeypatch):
    project, doc = one_doc
    first = prime_documents(project, [doc], analyser=plain())
    assert (first.documents, first.kept, first.computed, first.stored) == (1, 0, 1, 1)
    assert first.lines == 3  # the non-blank lines
    expected = plain().tokenize(PAGE)
    _no_kiwi(monkeypatch)
    fresh = korean.KoreanAnalyser()  # an empty line cache: everything must come from the project file
    second = prime_documents(project, [doc], analyser=fresh)
    assert (second.kept, second.computed, second.stored) == (1, 0, 0)
    assert fresh.tokenize(PAGE) == expected
    assert tokens_for(project, doc, analyser=korean.KoreanAnalyser()) == expected
    assert fresh._kiwi is None
    stats = project.token_cache_stats()
    assert [s["documents"] for s in stats] == [1] and stats[0]["tokenizer"] == korean.tokenizer_key()


def test_only_the_lines_asked_for_are_analysed_then_the_rest_added(one_doc, monkeypatch):
    project, doc = one_doc
    with TokenCache(project, plain()) as cache:
        run = cache.prime([(doc.id, doc.text, [PAGE.split("\n")[0]])])
        assert (run.lines, run.stored) == (1, 1)
    with TokenCache(project, plain()) as cache:
        run = cache.prime([(doc.id, doc.text, None)])
    assert (run.computed, run.lines, run.stored) == (1, 2, 1)  # the two missing lines, merged into the value
    expected = plain().tokenize(PAGE)
    _no_kiwi(monkeypatch)
    reader = korean.KoreanAnalyser()
    assert prime_documents(project, [doc], analyser=reader).kept == 1
    assert reader.tokenize(PAGE) == expected


@pytest.mark.parametrize("change", ["user words", "kiwi version", "analysis version"])
def test_another_tokenizer_version_is_a_miss(one_doc, monkeypatch, change):
    project, doc = one_doc
    prime_documents(project, [doc], analyser=plain())
    analyser = plain()
    if change == "user words":
        analyser = _WORDS
        analyser.clear_cache()
    elif change == "kiwi version":
        monkeypatch.setattr(korean, "kiwi_versions", lambda: "kiwipiepy=99.0 kiwipiepy-model=99.0")
    else:
        monkeypatch.setattr(korean, "ANALYSIS_VERSION", korean.ANALYSIS_VERSION + 1)
    assert analyser.tokenizer_key != project.token_cache_stats()[0]["tokenizer"]
    run = prime_documents(project, [doc], analyser=analyser)
    assert (run.kept, run.computed, run.stored) == (0, 1, 1)
    # other user words are kept beside; another Kiwi or analysis version replaces what this one cannot use
    assert len(project.token_cache_stats()) == (2 if change == "user words" else 1)


def test_user_words_change_the_tokens_and_the_key():
    plain, words = korean.KoreanAnalyser(), korean.KoreanAnalyser(["AI헬스케어특구"])
    assert plain.tokenizer_key != words.tokenizer_key
    assert words.tokenizer_key == korean.KoreanAnalyser(["AI헬스케어특구 "]).tokenizer_key  # normalised


def test_old_tokenizer_versions_are_dropped_beyond_the_limit_per_origin(one_doc, monkeypatch):
    project, doc = one_doc
    monkeypatch.setattr(store_tokens, "KEEP_TOKENIZERS", 2)
    version = korean.tokenizer_version()
    batch = project.tokenizer_id("export", version=version)
    assert project.keep_tokens(batch, [(doc.id, b"K1export")])
    for key in ("first", "second", "third"):  # the app's words change as labels come
        tid = project.tokenizer_id(key, version=version, origin="gui")
        assert project.keep_tokens(tid, [(doc.id, b"K1" + key.encode())])
    assert [s["tokenizer"] for s in project.token_cache_stats()] == ["third", "second", "export"]
    assert project.tokenizer_id("first", create=False) is None
    assert project.kept_tokens(batch, [doc.id]) == {doc.id: b"K1export"}  # labelling never evicts an export's
    project.tokenizer_id("upgraded", version="kiwipiepy=99")  # another Kiwi: the old versions cannot be used
    assert [s["tokenizer"] for s in project.token_cache_stats()] == ["upgraded"]


def test_a_damaged_value_is_recomputed_and_replaced(one_doc):
    project, doc = one_doc
    prime_documents(project, [doc], analyser=plain())
    with project.transaction() as c:
        c.execute("UPDATE doc_tokens SET data = x'4b324250ff00ff'")
    run = prime_documents(project, [doc], analyser=plain())
    assert (run.kept, run.computed, run.stored) == (0, 1, 1)
    assert prime_documents(project, [doc], analyser=plain()).kept == 1


def test_a_read_only_project_still_tokenises_and_keeps_nothing(db_path):
    with Project.open(db_path, "kim") as project:
        project.add_documents([NewDocument(PAGE, title="t", source="s")])
    with Project.open(db_path, "kim", read_only=True) as project:
        doc = project.document(project.document_ids()[0])
        with TokenCache(project, plain()) as cache:
            run = cache.pretokenize([doc.id])
            assert (run.computed, run.stored, run.not_stored) == (1, 0, 1)
            again = cache.prime([(doc.id, doc.text, None)])  # kept in memory for the rest of this export
            assert (again.kept, again.computed) == (1, 0)
        assert plain().tokenize(PAGE)
        assert project.token_cache_stats() == []


def test_tokens_go_with_their_document(one_doc):
    project, doc = one_doc
    prime_documents(project, [doc], analyser=plain())
    with project.transaction() as c:
        c.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
    assert project.token_cache_stats()[0]["documents"] == 0


# exports: byte-identical with and without kept tokens ----------------------------------------------------
def _export_all(project, folder) -> None:
    for fmt, name in (("prodigy", "p.jsonl"), ("conll", "c.conll"), ("spacy", "spacy")):
        exporter(fmt).export(project, out=folder / name, status="all")


def _same_exports(a, b) -> None:
    assert (a / "p.jsonl").read_bytes() == (b / "p.jsonl").read_bytes()
    assert (a / "c.conll").read_bytes() == (b / "c.conll").read_bytes()
    for name in ("train.spacy", "dev.spacy", "config.cfg"):
        assert filecmp.cmp(a / "spacy" / name, b / "spacy" / name, shallow=False), name


def test_exports_are_byte_identical_with_and_without_kept_tokens(tmp_path, monkeypatch):
    project = build_sample_project(tmp_path / "p.db")
    try:
        assert project.token_cache_stats() == []
        korean.default_analyser().clear_cache()
        (tmp_path / "cold").mkdir()
        _export_all(project, tmp_path / "cold")  # computed by Kiwi, and kept
        assert project.token_cache_stats()[0]["documents"] == len(project.document_ids())
        korean.default_analyser().clear_cache()
        with monkeypatch.context() as m:
            _no_kiwi(m)
            (tmp_path / "kept").mkdir()
            _export_all(project, tmp_path / "kept")  # from the project file alone
        _same_exports(tmp_path / "cold", tmp_path / "kept")
    finally:
        project.close()


def test_the_worker_pool_gives_the_same_tokens_and_exports(tmp_path, monkeypatch):
    """Two worker processes with their own Kiwi analyse the documents (lines in, compact values out)."""
    project = build_sample_project(tmp_path / "p.db")
    try:
        (tmp_path / "in-process").mkdir()
        korean.default_analyser().clear_cache()
        _export_all(project, tmp_path / "in-process")
        with project.transaction() as c:
            c.execute("DELETE FROM tokenizers")
        with TokenCache(project, workers=2, pool_min_chars=0) as cache:
            run = cache.pretokenize(project.document_ids())
        assert run.workers == 2 and run.computed == run.stored == len(project.document_ids())
        assert run.worker_peak_rss_mb > 0
        korean.default_analyser().clear_cache()
        with monkeypatch.context() as m:
            _no_kiwi(m)
            (tmp_path / "pool").mkdir()
            _export_all(project, tmp_path / "pool")
        _same_exports(tmp_path / "in-process", tmp_path / "pool")
    finally:
        project.close()


# property: kept tokens equal fresh Kiwi output ---------------------------------------------------------
PIECES = ["중소벤처기업부는", "강원", "원주시를", "AI헬스케어", "글로벌", "혁신", "특구로", "지정했다", ".", ",", "13일",
          "120억", "원이다", "(", ")", "“", "”", "홍길동", "차관은", "𠮷", "😀", "ABC", "x1", "…", "-", "다.", "했",
          "규제자유특구", "에서는", "은", "를"]
line_text = st.lists(st.sampled_from(PIECES) | st.text(alphabet="가나다라마 ·\t", max_size=4), min_size=1,
                     max_size=25).map(lambda parts: "".join(p + (" " if i % 3 else "") for i, p in enumerate(parts)))
page_text = st.lists(line_text, min_size=1, max_size=4).map("\n".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(page_text, min_size=1, max_size=3, unique=True))
def test_kept_tokens_equal_fresh_kiwi_output(tmp_path_factory, texts):
    with Project.open(tmp_path_factory.mktemp("prop") / "p.db", "kim") as project:
        result = project.add_documents([NewDocument(t, title="t", source="s") for t in texts])
        docs = [project.document(i) for i in result.imported]
        prime_documents(project, docs, analyser=plain())
        reader = korean.KoreanAnalyser()  # never builds a Kiwi: everything is kept
        run = prime_documents(project, docs, analyser=reader)
        assert run.computed == 0 and reader._kiwi is None
        fresh = plain()  # Kiwi again, from an empty line cache
        for doc in docs:
            assert reader.tokenize(doc.text) == fresh.tokenize(doc.text)
            assert reader.sentences(doc.text) == fresh.sentences(doc.text)
            assert list(reader.iter_line_morphs(doc.text)) == list(fresh.iter_line_morphs(doc.text))


def test_the_tokenize_command_keeps_every_document(tmp_path, capsys):
    from annotator.cli import main

    db = tmp_path / "p.db"
    build_sample_project(db).close()
    assert main(["tokenize", "--db", str(db), "--json", "--quiet"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["computed"] == first["stored"] == first["documents"] == 4
    assert main(["tokenize", "--db", str(db), "--json", "--quiet"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["kept"], again["computed"]) == (4, 0)
    assert main(["tokenize", "--db", str(db), "--stats"]) == 0
    assert "4 documents" in capsys.readouterr().out


def test_the_tokenize_command_says_how_much_was_repeated_text(tmp_path, capsys):
    """A sentence carried by several documents is analysed once, and the run says so (not Kiwi's speed)."""
    from annotator.cli import main

    korean.default_analyser().clear_cache()  # the command's analyser (this process's): nothing analysed yet
    for name, where in (("j.db", "강원 원주시"), ("t.db", "충북 청주시")):  # other text each: no line cached
        shared = f"중소벤처기업부는 {where}를 규제자유특구로 지정했다."
        texts = [f"{shared} {where} {n}곳이 신청했다." for n in range(3)]
        with Project.open(tmp_path / name, "kim") as project:
            project.add_documents([NewDocument(t, title=f"t{i}", source="s") for i, t in enumerate(texts)])
    assert main(["tokenize", "--db", str(tmp_path / "j.db"), "--json", "--quiet"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert run["chars"] == sum(map(len, texts))
    assert run["repeated_chars"] == 2 * len(shared)
    assert run["kiwi_chars"] == run["chars"] - 2 * len(shared) - len(texts)  # the space after each sentence
    assert main(["tokenize", "--db", str(tmp_path / "t.db"), "--quiet"]) == 0
    assert f"{2 * len(shared):,} of them repeated text analysed once" in capsys.readouterr().out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\t", "가나다", "라마 바", "가나다 ", "(3)"]), max_size=12),
       st.sets(st.integers(0, 12)), st.none() | st.sets(st.sampled_from(["가나다", "라마 바", " ", "없는 줄"])))
def test_the_lines_a_prime_analyses_are_the_wanted_ones_not_kept(lines, kept, wanted):
    """prime's one pass over a page's lines picks what _wanted_lines() picks, less the kept lines."""
    from annotator.io.token_cache import _unkept_lines, _wanted_lines

    text = "\n".join(lines)
    page = text.split("\n")
    expected = [(no, line) for no, line in _wanted_lines(text, wanted) if no not in kept]
    assert _unkept_lines(page, dict.fromkeys(kept), wanted) == expected
