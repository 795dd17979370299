# The two commands of the README: `make up` and `make test`. Everything they need is
# installed by deploy/local/setup.sh into .venv/ and a cache reused by later runs.
SHELL := /bin/bash
VENV := .venv/bin
SERVICE ?=

.PHONY: setup up down status test test-fast fuzz lint contracts replay bench clean

setup:
	@bash deploy/local/setup.sh

up: setup
	@$(VENV)/pixlocal up

down:
	@[ -x $(VENV)/pixlocal ] && $(VENV)/pixlocal down || true

status:
	@$(VENV)/pixlocal status

test: setup
	@bash deploy/local/run-tests.sh

# The long fuzz run (docs/reliability.md): the fuzz tier with more examples, new ones each run.
FUZZ_EXAMPLES ?= 150
fuzz: setup
	@PIX_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) PIX_FUZZ_RANDOM=1 $(VENV)/python -m pytest -m fuzz -q -p no:cacheprovider \
		tests/fuzz; rc=$$?; $(VENV)/python tests/fuzz/report.py; exit $$rc

# ruff, then the import boundaries of docs/service-shape.md (contracts in pyproject.toml).
lint: setup
	@$(VENV)/ruff check . && $(VENV)/lint-imports --no-cache --no-logo

# Rewrites contracts/'s JSON Schemas from the marshmallow schemas (a contract test checks they are committed).
contracts: setup
	@$(VENV)/python -m pix_contracts.generate

replay: setup
	@$(VENV)/pixlocal replay --service $(SERVICE)

bench: setup
	@$(VENV)/python bench/event_pipeline.py

clean: down
	rm -rf var
