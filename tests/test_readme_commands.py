"""The README's commands run exactly as printed: every block marked <!-- run-as-printed --> exits 0, in order."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKED_BLOCK = re.compile(r"<!-- run-as-printed -->\s*```sh\n(.*?)```", re.S)


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in MARKED_BLOCK.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def test_readme_has_the_marked_blocks():
    commands = readme_commands()
    assert any(c.startswith(".venv/bin/annotator import ") for c in commands)
    assert any(" -m spacy train " in c and "--output" in c for c in commands)
    assert any(c.startswith(".venv/bin/annotator train ") for c in commands)
    assert all(c.startswith(".venv/bin/") for c in commands)


def test_readme_commands_run_as_printed(tmp_path):
    venv = Path(sys.executable).parent.parent
    assert (venv / "bin" / "annotator").exists(), "run the suite from the project's venv (make test)"
    # A working folder shaped like the repository root: .venv and the package (for the sample path) are links.
    (tmp_path / ".venv").symlink_to(venv, target_is_directory=True)
    (tmp_path / "annotator").symlink_to(ROOT / "annotator", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANNOTATOR_", "XDG_"))}
    env.update(HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    outputs = {}
    for command in readme_commands():
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=900)
        assert done.returncode == 0, f"{command}\nexit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        outputs[command] = done.stdout
    stats = json.loads(next(out for cmd, out in outputs.items() if " stats " in cmd))
    assert stats["documents"] == 3
    exports = tmp_path / "exports"
    assert len((exports / "sample-doccano.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert len(list((exports / "sample-brat").glob("*.ann"))) == 3
    assert zipfile.is_zipfile(exports / "sample-report.xlsx")
    assert (exports / "sample-model" / "meta.json").exists()
    assert (exports / "sample-spacy" / "model" / "model-best" / "meta.json").exists()
