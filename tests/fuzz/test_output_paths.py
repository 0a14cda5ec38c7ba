"""An export's --out that is not a file it may replace: refused before anything is written, and nothing is left
beside it. The atomic swap used to put a regular file in the place of a pipe or a device (as root, `export conll
--out /dev/full` replaced /dev/full), and --out FOLDER left a `.part` file behind."""

from __future__ import annotations

import os
import stat

import pytest

from annotator.core.model import NewDocument
from annotator.io.exporters import exporter


@pytest.mark.parametrize("fmt", ["csv", "doccano", "conll", "prodigy"])
@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_output_that_is_not_a_regular_file_is_refused(project, tmp_path, fmt, kind):
    project.add_documents([NewDocument("부산시 규제자유특구 기사")])
    out = tmp_path / "out" / f"export.{fmt}"
    out.parent.mkdir()
    if kind == "pipe":
        os.mkfifo(out)
    else:
        out.mkdir()
    with pytest.raises(OSError, match="choose a file name"):
        exporter(fmt).export(project, out=out, status="all")
    assert stat.S_ISFIFO(out.stat().st_mode) if kind == "pipe" else out.is_dir()
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]
