"""Plain-text and HTML importers, encodings, newlines, binary files and NUL bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.io.importers import import_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def _only_doc(project):
    (doc,) = list(project.iter_documents())
    return doc


@pytest.mark.parametrize(
    "name, region",
    [("article_cp949.txt", "강원 원주시(똠방각하)"), ("article_euckr.txt", "부산 원주시"),
     ("article_utf8_bom.txt", "대구 원주시"), ("article_crlf.txt", "전북 원주시")],
)
def test_encodings_and_newlines_load_as_the_same_text(project, name, region):
    report = import_paths(project, [FIXTURES / name])
    assert report.problems == [] and report.imported == 1
    doc = _only_doc(project)
    assert doc.text.startswith(region + ", 디지털 헬스케어 규제자유특구 성과 보고\n\n원주시")
    assert "\r" not in doc.text and "\ufeff" not in doc.text
    assert doc.text.endswith("말했다.")  # the final newline is not part of the text
    assert doc.title == f"{region}, 디지털 헬스케어 규제자유특구 성과 보고"
    assert doc.source == "import" and doc.ext_id == name  # txt: grouped by folder
    lines = doc.text.split("\n")
    assert [(s.start, s.end) for s in project.segments(doc.id)] == [
        (sum(len(x) + 1 for x in lines[:i]), sum(len(x) + 1 for x in lines[:i]) + len(lines[i])) for i in range(len(lines))
    ]


def test_lone_cr_newlines(project, tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes("첫 줄\r둘째 줄\r\r넷째 줄".encode("utf-8"))
    import_paths(project, [path])
    assert _only_doc(project).text == "첫 줄\n둘째 줄\n\n넷째 줄"


def test_emoji_text_keeps_code_point_offsets(project):
    import_paths(project, [FIXTURES / "article_emoji.txt"])
    doc = _only_doc(project)
    start = doc.text.index("울산시는")
    span = project.add_span(doc.id, start, start + 3, "LOC")
    assert doc.text[span.start:span.end] == "울산시" and start == 24  # 26 in UTF-16 units


def test_binary_file_is_reported_and_other_files_imported(project, tmp_path):
    (tmp_path / "a.txt").write_text("정상 기사입니다.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "c.txt").write_bytes(bytes(range(256)) * 20)
    report = import_paths(project, [tmp_path])
    assert report.imported == 1 and report.files_read == 1 and report.files_failed == 2
    assert report.problems == [
        f"{tmp_path / 'b.txt'}: binary file (PNG image), not text; file skipped",
        f"{tmp_path / 'c.txt'}: binary file (NUL and control bytes), not text; file skipped",
    ]


def test_nul_bytes_are_removed_and_reported(project, tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes("첫 줄\n둘째\x00 줄\n셋째 줄\n".encode("utf-8"))
    report = import_paths(project, [path])
    assert _only_doc(project).text == "첫 줄\n둘째 줄\n셋째 줄"
    assert report.problems == [f"{path}:2: NUL bytes removed"]


def test_undecodable_bytes_in_text_are_replaced_and_reported(project, tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("규제자유특구 지정 기사입니다.\n".encode() * 3 + b"bad \xff line\n" + "마지막 줄".encode())
    report = import_paths(project, [path])
    assert _only_doc(project).text.split("\n")[3:] == ["bad \ufffd line", "마지막 줄"]
    assert report.problems == [f"{path}:4: bytes not valid utf-8 at byte 5; replaced with U+FFFD"]


def test_folder_is_walked_recursively_in_sorted_order(project, tmp_path):
    for rel in ("site-b/2.txt", "site-a/sub/1.txt", "site-a/0.txt", ".hidden/x.txt", "site-a/image.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"기사 {rel}\n본문", encoding="utf-8")
    report = import_paths(project, [tmp_path])
    docs = list(project.iter_documents())
    assert [d.ext_id for d in docs] == ["0.txt", "1.txt", "2.txt"]
    assert [d.source for d in docs] == ["site-a", "sub", "site-b"]
    assert [d.title for d in docs] == ["기사 site-a/0.txt", "기사 site-a/sub/1.txt", "기사 site-b/2.txt"]
    assert report.files_read == 3 and report.problems == []


def test_empty_file_is_reported(project, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n  \n")
    report = import_paths(project, [path])
    assert report.imported == 0 and report.problems == [f"{path}: empty file; nothing imported"]


def test_html_visible_text_title_and_source(project):
    report = import_paths(project, [FIXTURES / "page.html"])
    assert report.problems == [] and report.imported == 1
    doc = _only_doc(project)
    # The <title> leads the visible text; the article's own headline (no " | site" suffix) is the better title.
    assert doc.title == "부산 해양 모빌리티 특구 지정"
    assert doc.text.startswith("부산 해양 모빌리티 특구 지정 | 예시뉴스\n")
    assert doc.url == "https://www.example-news.kr/article/123" and doc.source == "example-news.kr"
    assert "중소벤처기업부는 부산을 해양 모빌리티 규제자유특구로 지정했다고 밝혔다." in doc.text.split("\n")
    for hidden in ("스크립트", "color: red", "document.write", "cdn.example.com", "evil.example.com"):
        assert hidden not in doc.text
    kinds = {doc.text[s.start:s.end].strip(): s.kind for s in project.segments(doc.id)}
    assert kinds["중소벤처기업부는 부산을 해양 모빌리티 규제자유특구로 지정했다고 밝혔다."] == "content"
    assert kinds["Copyright © 예시뉴스 All rights reserved."] == "boilerplate"
    assert doc.segmenter_version and doc.segmenter_version != "dataset"


def test_missing_path_is_reported(project, tmp_path):
    report = import_paths(project, [tmp_path / "nope.txt"])
    assert report.files_read == 0 and report.problems == [f"{tmp_path / 'nope.txt'}: no such file or folder"]


def test_utf16_with_bom(project, tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("UTF-16 기사\r\n본문 줄\r\n".encode("utf-16"))
    report = import_paths(project, [path])
    assert report.problems == [] and _only_doc(project).text == "UTF-16 기사\n본문 줄"
