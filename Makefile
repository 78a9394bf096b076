# Samenspraak: `make run` starts the assistant, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run run-cluster test load install generate train migrate lint validate pytest bench clean

run: install train migrate
	@bash scripts/run.sh

# Two Rasa instances and the action server behind nginx, on PostgreSQL (DATABASE_URL) and Redis
# (REDIS_URL); scripts/run_cluster.sh migrates once before the instances start.
run-cluster: install train
	@bash scripts/run_cluster.sh

test: install train lint validate pytest

# The full load and fault tests (200 relatives at once); `make test` runs a short version.
load: install train
	LOAD_RELATIVES=200 $(VENV)/bin/pytest -m load tests/load

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
