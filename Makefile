# Samenspraak: `make run` starts the assistant, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help run run-cluster test test-fast load install generate train migrate lint format validate pytest \
	pytest-fast bench clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

run: install train migrate ## start the assistant (installs and trains what is missing)
	@bash scripts/run.sh

# Two Rasa instances and the action server behind nginx, on PostgreSQL (DATABASE_URL) and Redis
# (REDIS_URL); scripts/run_cluster.sh migrates once before the instances start.
run-cluster: install train ## two instances behind nginx on PostgreSQL and Redis
	@bash scripts/run_cluster.sh

test: install train lint validate pytest ## the whole suite, as CI runs it

# Everything that needs no trained model and no server: what to run after a content edit.
test-fast: install lint validate pytest-fast ## lint, types, data validation and unit tests (no model, no server)

# The full load and fault tests (200 relatives at once); `make test` runs a short version.
load: install train ## the full load and fault tests (200 relatives)
	LOAD_RELATIVES=200 $(VENV)/bin/pytest -m load tests/load

install: $(STAMP) ## install what is missing into .venv, web/vendor and the machine

$(STAMP): requirements.txt constraints.txt scripts/install.sh web/package-lock.json $(wildcard ../shared/models/nl_core_news_sm-*.whl)
	@bash scripts/install.sh
	@touch $(STAMP)

# Tip responses for Rasa are generated from bot/content/tips.yml (never edited by hand).
generate: install
	@$(PY) scripts/generate_responses.py

train: generate ## train the model when its data or code changed
	@$(PY) scripts/train_if_changed.py

migrate: install ## bring the database to the newest schema
	@$(PY) -m bot migrate

lint: install ## ruff (rules and format) and mypy
	$(VENV)/bin/ruff check bot actions addons scripts tests
	$(VENV)/bin/ruff format --check bot actions addons scripts tests
	$(VENV)/bin/mypy bot actions addons

format: install ## apply ruff's formatter
	$(VENV)/bin/ruff format bot actions addons scripts tests

validate: generate ## rasa data validate
	$(VENV)/bin/rasa data validate --fail-on-warnings --domain domain.yml --data data --config config.yml

# Two workers; the tests that share servers stay together (groups in tests/conftest.py).
pytest: install
	$(VENV)/bin/pytest -n 2 --dist loadgroup

pytest-fast: install generate
	$(VENV)/bin/pytest -n 2 -m "not model and not server and not browser and not load" --durations=10

# Latency, throughput and memory against a bare `rasa init` assistant (not part of `make test`).
# BENCH_ARGS: e.g. --users 1,20 or --target http://localhost:8080 (see scripts/bench.py --help)
bench: install train ## speed and memory against a bare rasa init assistant
	@$(PY) scripts/bench.py $(BENCH_ARGS)

clean: ## remove trained models, test results and local databases
	rm -rf models results var/*.db
