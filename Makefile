# Two commands: `make run` opens the app, `make test` runs the whole suite headless.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench clean sysdeps-run sysdeps-test

run: sysdeps-run $(STAMP)
	$(PY) main.py

test: sysdeps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m annotator bench --json

sysdeps-run:
	@scripts/system-deps.sh run

sysdeps-test:
	@scripts/system-deps.sh test

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
