# xborder: `make run` serves the platform with demo data, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 3
PYTEST_ARGS ?=

.PHONY: install run test lint bench bench-catalog worker beat clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip setuptools wheel
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m xborder migrate --noinput -v0
	$(PY) -m xborder demo
	$(PY) -m xborder collectstatic --noinput -v0
	@echo "xborder is serving on http://127.0.0.1:$(PORT)/ (periodic tasks run in-process beside it)"
	$(PY) -m xborder run_schedule & trap 'kill $$!' EXIT INT TERM; \
	$(VENV)/bin/gunicorn xborder.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

test: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

# Every benchmark; each writes its figures to bench/results/. The catalog and checkout ones need PostgreSQL.
bench: install
	$(PY) bench/duties.py
	$(PY) bench/customs.py
	$(PY) bench/catalog_import.py
	$(PY) bench/catalog.py
	$(PY) bench/checkout.py

bench-catalog: install
	$(PY) bench/catalog.py

worker: install
	$(VENV)/bin/celery -A xborder worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A xborder beat --loglevel=INFO

clean:
	rm -rf $(VENV) var/xborder.sqlite3* var/static
