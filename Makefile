# Two commands: `make run` serves the demo board on http://127.0.0.1:8000/, `make test` runs the whole suite.
# Both set everything up first (virtual environment, packages, database, translations); nothing by hand.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
WITH_DB := $(PY) -m config.localdb
HOST ?= 127.0.0.1:8000

.PHONY: run test setup browser messages clean bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Compiled translations are built, not committed. The project's catalogue is locale/; an app may keep its own
# strings in <app>/locale/ (Django merges the catalogues), so features don't all edit one file.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po */locale/*/LC_MESSAGES/*.po)

%.mo: %.po
	msgfmt --check -o $@ $<

# The post editor (Tiptap) is bundled from frontend/ into static/build/ (neither is committed): npm ci when the
# lockfile changes, the build when a source changes.
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: frontend/node_modules/.installed $(wildcard frontend/src/*)
	cd frontend && npm run --silent build
	touch $@

setup: $(VENV)/.installed $(PO_FILES:.po=.mo) static/build/.built

# The task worker (notifications, emails) runs beside the web server and stops with it.
run: setup
	DEBUG=$${DEBUG:-1} $(WITH_DB) -- sh -c '$(PY) manage.py migrate --noinput && $(PY) manage.py load_demo && \
		{ $(PY) manage.py db_worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST); }'

# Chromium for the browser tests comes from Debian's packages (never `playwright install`).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium from Debian's packages for the browser tests..."; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
			|| echo "Could not install Chromium: browser tests will be skipped (and fail under CI=true)."; \
	else echo "Chromium is not installed and cannot be installed here: browser tests will be skipped."; fi

test: setup browser
	$(WITH_DB) --require-postgres -- $(PY) -m pytest $(PYTEST_ARGS)

# Speed under the production server (README, "Benchmarks"): not part of `make test`. BENCH_ARGS="--full" for the
# issue's full data set; wrk comes from Debian's packages.
bench: setup
	@if command -v wrk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing wrk from Debian's packages for the bench..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else echo "The bench needs wrk (Debian: apt-get install wrk)."; exit 1; fi
	$(WITH_DB) --require-postgres -- $(PY) bench/run.py $(BENCH_ARGS)

# The project's catalogue. An app with its own locale/ folder gets its strings there: run makemessages inside it
# (cd APP && ../$(PY) ../manage.py makemessages -l zh_Hans).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l zh_Hans --ignore=.venv --ignore=var --ignore=staticfiles --no-obsolete

clean:
	rm -rf $(VENV) var/pgdata var/pgsock staticfiles static/build frontend/node_modules
