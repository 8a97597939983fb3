# Yomitori: `make demo` to see it work, `make test` to run the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SAMPLES := build/samples
# Every target runs this checkout's code, whatever PYTHONPATH the shell has set.
unexport PYTHONPATH

.PHONY: setup lock dist demo test bench lint samples rabbitmq clean

setup:
	@scripts/setup.sh

# After changing dependencies in pyproject.toml: pin them again, with hashes.
lock:
	@scripts/lock.sh

# One archive that installs on a server without internet access (scripts/dist.py).
dist: setup
	@$(PY) -m scripts.dist dist

samples: setup
	@$(PY) -m scripts.make_samples $(SAMPLES) >/dev/null
	@$(PY) -m scripts.fill_form $(SAMPLES)

demo: setup samples
	@scripts/demo.sh demo $(SAMPLES)

rabbitmq:
	@scripts/rabbitmq-up.sh

# The suite mostly waits (services, Tesseract, RabbitMQ), so it runs in several processes
# even on two cores; tests use their own folders, queue prefixes and ports.
TEST_PROCESSES ?= 4
test: setup rabbitmq
	@$(PY) -m pytest -q -n $(TEST_PROCESSES) --dist worksteal tests

bench: setup
	@$(PY) -m benchmarks.run

lint: setup
	@$(VENV)/bin/ruff check daemon handlers tests scripts benchmarks
	@$(VENV)/bin/mypy
	@$(VENV)/bin/lint-imports --no-cache --no-logo
	@$(PY) -m scripts.catalogue check

clean:
	rm -rf build demo dist
