# tinhso: two commands set up a fresh machine — `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONPATH := src

.PHONY: run test install migrate seed serve lint typecheck check i18n bench bench-steering bench-dossiers clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py load_units
	$(BIN)/python manage.py seed_demo

serve:
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make run: venv, install, migrate, load units and the demo, serve on SQLite at 127.0.0.1:8000
run: seed serve

## make test: the whole suite (DATABASE_URL picks PostgreSQL when set)
test: install
	$(BIN)/python -m pytest --cov --cov-report=term $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi; \
	$(BIN)/coverage report --include='*/accounts/access.py' --fail-under=100 >/dev/null \
	  || { echo "accounts/access.py must keep 100% branch coverage"; \
	       $(BIN)/coverage report --include='*/accounts/access.py'; exit 1; }

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy src/tinhso

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tinhso.settings.prod SECRET_KEY=ci-only-$$(date +%s)-a-long-random-looking-secret-value-for-check ALLOWED_HOSTS=tinhso.example $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_i18n.py

# One catalogue per app (src/tinhso/<app>/locale) plus the project one for templates/, core,
# audit and demo. makemessages leaves new entries empty: translate them, then `make i18n` again.
APP_CATALOGUES := $(patsubst %/locale,%,$(wildcard src/tinhso/*/locale))
i18n: install
	cd src/tinhso && ../../$(BIN)/django-admin makemessages -l vi --no-obsolete \
		$(foreach d,$(APP_CATALOGUES),-i "$(notdir $(d))/*") -i "static/*" -i "settings/*"
	for d in $(APP_CATALOGUES); do (cd $$d && ../../../$(BIN)/django-admin makemessages -l vi --no-obsolete); done
	cd src/tinhso && ../../$(BIN)/django-admin compilemessages -l vi
	$(BIN)/python scripts/check_i18n.py

## make bench: performance figures (printed, never asserted in tests); units_api needs `make seed`
bench: install
	$(BIN)/python bench/deadlines.py
	$(BIN)/python bench/units_api.py 50

## make bench-steering DATABASE_URL=postgres://…/scratch: 100k tasks and 5M indicator values
## (loads them into that database: never point it at real data)
bench-steering: install
	@test -n "$(DATABASE_URL)" || (echo "Set DATABASE_URL to a throwaway PostgreSQL database"; exit 2)
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python bench/tasks.py 50
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python bench/indicators.py

## make bench-dossiers [DOSSIERS=10000000]: starts its own PostgreSQL (root or postgres user)
bench-dossiers: install
	PYTHONPATH=src $(BIN)/python bench/dossiers.py --dossiers $(or $(DOSSIERS),1000000) --plans

clean:
	rm -rf $(VENV) var
