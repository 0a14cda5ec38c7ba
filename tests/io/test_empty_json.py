"""An empty .json file (0 bytes, only a byte order mark, only blank lines) was "FILE:1: invalid JSON (Expecting
value at column 1); file skipped", where an empty .jsonl, .txt or .conll is "no records in it; nothing imported".
Found by hand (bad input of every importer); the same file read as Label Studio said the same."""

from __future__ import annotations

import pytest

from annotator.io.importers import import_paths
from annotator.io.importers.runner import NO_RECORDS


@pytest.mark.parametrize("body", [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\n\n  \r\n"], ids=["0 bytes", "utf-8 BOM",
                                                                                         "utf-16 BOM", "blank"])
@pytest.mark.parametrize("fmt", ["auto", "jsonl", "label_studio"])
def test_an_empty_json_file_has_no_records(project, tmp_path, body, fmt):
    path = tmp_path / "export.json"
    path.write_bytes(body)
    report = import_paths(project, [path], format=fmt)
    assert report.problems == [f"{path}: {NO_RECORDS}"]
    assert report.imported == 0 and project.count_documents() == 0
