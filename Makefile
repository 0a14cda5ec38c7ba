# Two commands: `make run` opens the app, `make test` runs the whole suite headless.
# Every recipe line runs under `bash -euo pipefail`, so the first failed set-up step stops make.
SHELL        := /bin/bash
.SHELLFLAGS  := -euo pipefail -c
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench clean sysdeps-run sysdeps-test sysdeps-screenshot sysdeps-report report-pages

run: sysdeps-run $(STAMP)
	$(PY) main.py

test: sysdeps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m annotator bench --json

sysdeps-run:
	scripts/system-deps.sh run

sysdeps-test:
	scripts/system-deps.sh test

# the run set plus xvfb and xauth, for `xvfb-run ... annotator.ui.screenshot` (the README's screenshots)
sysdeps-screenshot:
	scripts/system-deps.sh screenshot

# LibreOffice, pdftoppm and a Korean font, for `make report-pages`
sysdeps-report:
	scripts/system-deps.sh report

# The bundled sample's Excel report as printed pages: exports/report-pages/page-NN.png (and the PDF beside them)
report-pages: sysdeps-report $(STAMP)
	rm -f exports/report-pages/sample.db exports/report-pages/sample.db-wal exports/report-pages/sample.db-shm
	mkdir -p exports/report-pages
	$(PY) -m annotator import annotator/resources/samples/seeds_labelled.jsonl --db exports/report-pages/sample.db --quiet
	$(PY) -m annotator report --db exports/report-pages/sample.db --out exports/report-pages/sample-report.xlsx --quiet
	scripts/report_pages.sh exports/report-pages/sample-report.xlsx exports/report-pages

# A venv left without pip (python3-venv was missing when it was made) is made again, not used half-built.
# pip exits 0 when it cannot reach the index but already has a pip: that is a failed step too.
$(STAMP): pyproject.toml
	if ! $(PY) -m pip --version >/dev/null 2>&1; then rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip 2> $(VENV)/pip-upgrade.err || { cat $(VENV)/pip-upgrade.err >&2; exit 1; }
	if grep -q "Could not fetch URL" $(VENV)/pip-upgrade.err; then cat $(VENV)/pip-upgrade.err >&2; \
	  echo "make: pip could not reach the package index; stopping" >&2; exit 1; fi
	$(PY) -m pip install --quiet -e ".[dev]"
	# bytecode as a wheel install has it: with PYTHONDONTWRITEBYTECODE set, an editable checkout would compile
	# every module from source in every process (~0.1 s a CLI run)
	$(PY) -m compileall -q -j 0 annotator
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info
