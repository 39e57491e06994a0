# Thin bootstrap: create .venv with the pinned dependencies, then hand over to invoke (tasks.py).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test install

serve: $(STAMP)
	$(BIN)/invoke serve

test: $(STAMP)
	$(BIN)/invoke test

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test,pdf]'
	touch $(STAMP)
