# Samenspraak: `make run` starts the assistant, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install generate train migrate lint validate pytest bench clean

run: install train migrate
	@bash scripts/run.sh

test: install train lint validate pytest

install: $(STAMP)

$(STAMP): requirements.txt constraints.txt scripts/install.sh web/package-lock.json $(wildcard ../shared/models/nl_core_news_sm-*.whl)
	@bash scripts/install.sh
	@touch $(STAMP)

# Tip responses for Rasa are generated from bot/content/tips.yml (never edited by hand).
generate: install
	@$(PY) scripts/generate_responses.py

train: generate
	@$(PY) scripts/train_if_changed.py

migrate: install
	@$(PY) -m bot migrate

lint: install
	$(VENV)/bin/ruff check bot actions addons scripts tests
	$(VENV)/bin/mypy bot actions addons

validate: generate
	$(VENV)/bin/rasa data validate --fail-on-warnings --domain domain.yml --data data --config config.yml

pytest: install
	$(VENV)/bin/pytest

# Latency, throughput and memory against a bare `rasa init` assistant (not part of `make test`).
# BENCH_ARGS: e.g. --users 1,20 or --target http://localhost:8080 (see scripts/bench.py --help)
bench: install train
	@$(PY) scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf models results var/*.db
