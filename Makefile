# Everything runs inside .venv, which the first target that needs it creates.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
SWEEP_DIR ?= ../shared/corpus/sweep

.PHONY: run serve test lint format fixtures bench sweep load messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## Set up, load demo data, print the logins and serve the app.
	mkdir -p var
	DJANGO_DEBUG=1 $(PY) manage.py migrate --verbosity 0
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo "Open http://$(HOST):$(PORT)/ and log in with one of the accounts above."
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

serve: $(STAMP)  ## Production settings under gunicorn: migrate, collectstatic, serve (docs/deploy.md).
	PYTHON=$(PY) deploy/serve.sh

test: $(STAMP)  ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set).
	$(PY) -m pytest

bench: $(STAMP)  ## Print the speed figures the issues ask for (throw-away SQLite database).
	$(PY) -m bench

sweep: $(STAMP)  ## Import every PDF of SWEEP_DIR (../shared/corpus/sweep/, outside the repository).
	$(PY) -m bench.sweep $(SWEEP_DIR)

load: $(STAMP)  ## 20 editors through gunicorn on PostgreSQL, then SQLite (LOAD_SECONDS, default 60).
	$(PY) -m load

# The six catalogues under locale/: new and changed strings from the code and templates
# (Django's makemessages, which needs GNU gettext), English filled in from its own text, then
# every catalogue compiled to its .mo in pure Python. The .mo files are committed.
LOCALES := ar zh_Hans en fr ru es
messages: $(STAMP)  ## Collect the strings to translate into locale/, then compile the catalogues.
	DJANGO_DEBUG=1 $(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) --no-obsolete \
		--add-location file --ignore=.venv --ignore=node_modules --ignore=tests \
		--ignore=bench --ignore=load --ignore=deploy --ignore=var --ignore=fixtures
	DJANGO_DEBUG=1 $(PY) manage.py compile_catalogues

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

fixtures: $(STAMP)  ## Rebuild fixtures/instruments.json and library.json from fixtures/sources/.
	mkdir -p var
	rm -f var/fixtures-build.sqlite3*
	SQLITE_PATH=var/fixtures-build.sqlite3 DJANGO_DEBUG=1 $(PY) manage.py migrate --verbosity 0
	SQLITE_PATH=var/fixtures-build.sqlite3 DJANGO_DEBUG=1 $(PY) manage.py import_instrument fixtures/sources/*.txt
	SQLITE_PATH=var/fixtures-build.sqlite3 DJANGO_DEBUG=1 $(PY) manage.py dumpdata instruments \
		--natural-foreign --natural-primary --indent 2 --output fixtures/instruments.json
	rm -f var/fixtures-build.sqlite3*
	SQLITE_PATH=var/fixtures-build.sqlite3 DJANGO_DEBUG=1 $(PY) manage.py migrate --verbosity 0
	SQLITE_PATH=var/fixtures-build.sqlite3 DJANGO_DEBUG=1 $(PY) manage.py import_instrument \
		--dir fixtures/sources/library
	SQLITE_PATH=var/fixtures-build.sqlite3 DJANGO_DEBUG=1 $(PY) manage.py dumpdata instruments \
		--exclude instruments.importdraft \
		--natural-foreign --natural-primary --indent 2 --output fixtures/library.json
	rm -f var/fixtures-build.sqlite3*

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
