"""--encoding given by the user for every file: a codec that is not a text encoding (rot13, base64, hex) ended the
import with a LookupError traceback; utf-16/utf-32 for a file without a byte order mark was reported through the
catch-all ("could not be parsed (UnicodeError: UTF-16 stream does not start with BOM)"). Found by the campaign's
whole-process runs with forced encodings."""

from __future__ import annotations

import pytest

from annotator.io.importers import import_paths
from annotator.io.importers.decoding import checked_encoding
from annotator.io.importers.detect import FormatError
from tests.commands.test_import_cli import run_cli


@pytest.mark.parametrize("name", ["rot13", "base64", "hex", "uu", "zlib"])
def test_a_codec_of_bytes_to_bytes_is_refused_as_no_text_encoding(tmp_path, name):
    with pytest.raises(FormatError, match=f"^'{name}' is not a text encoding; e.g. utf-8"):
        checked_encoding(name)
    src = tmp_path / "a.txt"
    src.write_text("부산시 규제자유특구 기사", encoding="utf-8")
    out = run_cli("import", "--db", tmp_path / "p.db", "--encoding", name, "-q", src)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1] == (f"annotator import: error: '{name}' is not a text encoding; e.g. "
                                                   "utf-8, cp949, euc-kr, utf-16")


@pytest.mark.parametrize("name", ["utf-16", "utf-32"])
def test_a_wide_encoding_without_its_byte_order_mark_is_said_plainly(project, tmp_path, name):
    src = tmp_path / "a.jsonl"
    src.write_text('{"text": "부산시 규제자유특구 기사"}\n', encoding="utf-8")
    bom = tmp_path / "b.jsonl"
    bom.write_text('{"text": "바이트 순서 표시가 있는 기사"}\n', encoding=name)
    report = import_paths(project, [src, bom], encoding=name)
    assert report.imported == 1  # the file that has the mark is read
    (problem,) = report.problems
    assert problem.startswith(f"{src}:1: cannot be read as {name} (") and "could not be parsed" not in problem
    assert problem.endswith("without a byte order mark give utf-16-le or utf-16-be); rest of the file skipped")
