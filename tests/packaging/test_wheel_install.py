"""The built wheel alone runs the app: resources are package data, found outside the source tree.

The wheel is built from a copy of the sources, installed into a fresh virtual environment in a temporary folder
(the already installed dependencies are reused through a .pth file, the project itself comes only from the wheel),
and the CLI and the GUI run from there with the working directory outside the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

GUI_CHECK = r"""
import json, os, sys
from pathlib import Path
import annotator
from annotator.ui.app import create_application, load_fonts
from annotator.ui.launch import open_main_window
app = create_application()
window = open_main_window(Path(sys.argv[1]), import_samples=True, use_morphology=False)
app.processEvents()
print(json.dumps({
    "package": annotator.__file__,
    "fonts": load_fonts(),
    "language": app.property("annotator_language"),
    "documents": window.project.count_documents(),
    "menu": [a.text() for a in window.menuBar().actions()],
}, ensure_ascii=False))
window.close()
"""


def _run(cmd, *, env, cwd, timeout=600):
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd} exited {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv python, environment, a folder outside the checkout) with the wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "annotator", src / "annotator", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(dist),
          str(src)], env=dict(os.environ), cwd=tmp)
    wheel = next(dist.glob("annotator-*.whl"))

    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], env=dict(os.environ), cwd=tmp)
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        env=dict(os.environ), cwd=tmp).stdout.strip())
    # The dependencies of this test run, but not the editable checkout: a path in a .pth file is added to sys.path
    # without running that folder's own .pth files, so the editable finder of the checkout stays out.
    dep_dirs = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    (purelib / "_test_dependencies.pth").write_text("\n".join(sorted(dep_dirs)) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--quiet",
          str(wheel)], env=dict(os.environ), cwd=tmp)

    home = tmp / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANNOTATOR_", "PYTHON", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", QT_QPA_PLATFORM="offscreen",
               ANNOTATOR_REVIEWER="wheel-tester")
    work = tmp / "work"
    work.mkdir()
    return {"python": python, "bin": venv / "bin", "env": env, "work": work, "wheel": wheel}


def test_wheel_carries_the_runtime_resources(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for required in ("annotator/resources/fonts/NanumGothic.ttf", "annotator/resources/fonts/OFL-NanumGothic.txt",
                     "annotator/resources/schemes/default.json", "annotator/resources/schemes/klue.json",
                     "annotator/resources/schema/new_project.json",
                     "annotator/resources/samples/seeds_labelled.jsonl",
                     "annotator/resources/i18n/annotator_ko.qm"):
        assert required in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_cli_runs_from_the_installed_wheel(installed):
    env, work, bin_dir = installed["env"], installed["work"], installed["bin"]
    located = _run([str(installed["python"]), "-c", "import annotator, annotator.paths as p; "
                    "print(annotator.__file__); print(p.resource_path('schemes', 'default.json'))"],
                   env=env, cwd=work).stdout.split()
    assert all(str(installed["python"].parent.parent) in line for line in located)
    assert not any(str(ROOT) in line for line in located)

    article = work / "article.txt"
    article.write_text("충북 규제자유특구 지정\n\n중소벤처기업부는 26일 충청북도를 규제자유특구로 지정했다고 밝혔다.\n",
                       encoding="utf-8")
    db = work / "p.db"
    annotator = str(bin_dir / "annotator")
    samples = _run([str(installed["python"]), "-c", "from annotator.paths import resource_path; "
                    "print(resource_path('samples', 'seeds_labelled.jsonl'))"], env=env, cwd=work).stdout.strip()
    imported = _run([annotator, "import", str(article), samples, "--db", str(db), "--json"], env=env, cwd=work)
    assert json.loads(imported.stdout)["imported"] == 4

    report = work / "report.xlsx"
    _run([annotator, "report", "--db", str(db), "--out", str(report), "--quiet"], env=env, cwd=work)
    assert zipfile.is_zipfile(report)

    out = work / "spacy"
    exported = _run([annotator, "export", "spacy", "--db", str(db), "--out", str(out), "--status", "all",
                     "--quiet", "--json"], env=env, cwd=work)
    assert json.loads(exported.stdout)["documents"] == 4
    assert (out / "train.spacy").stat().st_size > 0 and (out / "config.cfg").exists()


def test_gui_starts_from_the_installed_wheel(installed):
    env = dict(installed["env"], ANNOTATOR_LANG="ko")
    db = installed["work"] / "gui.db"
    shown = json.loads(_run([str(installed["python"]), "-c", GUI_CHECK, str(db)], env=env,
                            cwd=installed["work"]).stdout.strip().splitlines()[-1])
    assert str(installed["python"].parent.parent) in shown["package"]
    assert "NanumGothic" in shown["fonts"]
    assert shown["language"] == "ko"
    assert shown["documents"] == 3  # the bundled sample
    assert any("파일" in text for text in shown["menu"])  # the Korean translation is in use


def test_base_model_ships_in_the_wheel_and_suggests_from_it(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    model = "annotator/resources/models/ko_klue_base/"
    for part in ("meta.json", "config.cfg", "tok2vec/model", "ner/model", "vocab/strings.json", "LICENSE-KLUE.md",
                 "README.md"):
        assert model + part in names
    assert any(n.endswith(".dist-info/licenses/annotator/resources/models/ko_klue_base/LICENSE-KLUE.md") for n in names)
    env, work = installed["env"], installed["work"]
    article = work / "suggest.txt"
    article.write_text("오기웅 중소벤처기업부 차관은 13일 강원 원주를 방문해 120억 원을 지원한다고 밝혔다.\n",
                       encoding="utf-8")
    done = _run([str(installed["bin"] / "annotator"), "suggest", str(article), "--all-lines", "--json", "--quiet"],
                env=env, cwd=work)
    result = json.loads(done.stdout)
    proposed = [s for doc in result["documents"] for s in doc["suggestions"]]
    # The model proposes: alone, or agreeing with a pattern that then carries the (raised) score.
    assert any(s["source"] == "model" or "also model" in s["detail"] for s in proposed)
    assert result["by_source"].get("patterns", 0) >= 2
    located = _run([str(installed["python"]), "-c", "from annotator.nlp.suggest.model import base_model_dir; "
                    "print(base_model_dir())"], env=env, cwd=work).stdout.strip()
    assert str(installed["python"].parent.parent) in located and str(ROOT) not in located
