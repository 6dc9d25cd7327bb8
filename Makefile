# Seafarers' Home — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist): 0 = this one process; auto = one per CPU (faster only when the
# CPUs are idle: on the shared 2-core machine a slice ran slower with 2, see bench/README.md).
# --dist load, not loadfile: each process then gets its tests in pytest-django's order, the
# transactional tests (which flush the data migrations' rows) last.
PYTEST_WORKERS ?= 0

.PHONY: install run serve worker test lint format messages bench synthetic clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# venv, install, migrate SQLite, load demo data, serve HTTP + WebSocket and the task worker.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

worker: install
	$(BIN)/python manage.py db_worker

test: install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

# The packages mypy checks (issue 17 item 10; [tool.mypy] in pyproject.toml). Add a package
# here once it passes.
MYPY_PACKAGES := lib core permissions triage callroom audit notifications consent ops \
	accounts organisations api web activities courses certificates jobs short_messages

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy $(addprefix -p seafarers_home.,$(MYPY_PACKAGES))

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Chinese is the source language; regenerate and compile the English catalogues (needs GNU gettext).
# Each app keeps its own catalogue (src/seafarers_home/<app>/locale): run per app, from its folder.
messages: install
	for dir in src/seafarers_home/*/locale; do \
	  (cd $$(dirname $$dir) && ../../../$(BIN)/python ../../../manage.py makemessages -l en --no-obsolete \
	   && ../../../$(BIN)/python ../../../manage.py compilemessages) || exit 1; \
	done

bench: install
	$(BIN)/python bench/page_budget.py

synthetic: install
	$(BIN)/python manage.py generate_synthetic --seafarers 50000 --vessels 3000 --reset

clean:
	rm -rf $(VENV) var
