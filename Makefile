# Two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make run    build the sample exhibition in content/ and start the kiosk on it
#   make test   run the whole test suite under a virtual X server
# Everything else here is a step of those two.

PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CATALOG := build/catalog.db
RUN_ARGS ?=
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24 +extension GLX"

.PHONY: run test setup system-deps venv catalog check lint bench soak fuzz clean i18n export-bench deb lock wheels

run: setup catalog
	$(BIN)/kiosk run --catalog $(CATALOG) $(RUN_ARGS)

test: setup
	$(BIN)/ruff check kiosk tests tools bench
	KIVY_NO_ARGS=1 $(XVFB) $(BIN)/python -m pytest $(PYTEST_ARGS)

setup: system-deps venv

system-deps:
	@tools/system-deps.sh

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

catalog: venv
	$(BIN)/kiosk check content
	$(BIN)/kiosk build content --out $(CATALOG)

check: venv
	$(BIN)/kiosk check content

lint: venv
	$(BIN)/ruff check kiosk tests tools bench

clean:
	rm -rf build $(VENV) .pytest_cache test-artifacts

# Benchmarks against their baselines: a table, bench/results.json and bench/README.md
# (BENCH_ARGS=--quick for a smoke run that leaves the committed results alone; --only app to
# measure one step again). The long soak and the long fuzz run are separate: hours, not minutes.
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

SOAK_ACTIONS ?= 100000
soak: setup
	$(BIN)/python bench/soak.py --actions $(SOAK_ACTIONS)

FUZZ_EXAMPLES ?= 20000
# Every exported page of the sample in every language audited with axe-core in Chromium, and
# export time and size for 1,000 titles (the suite audits 3 languages fully, one page of the rest).
export-bench: setup
	$(BIN)/python bench/export.py --titles 1000 --crawl

fuzz: setup
	$(BIN)/python bench/fuzz.py --examples $(FUZZ_EXAMPLES)

# Interface strings: extract them from the code into the template, then merge new ones into
# every language's catalog (translators fill the empty msgstr lines; see docs/translating.md).
i18n: venv
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k translate --no-location --sort-output \
		--project=exhibit-kiosk -o kiosk/locale/kiosk.pot .
	$(BIN)/pybabel update -D kiosk -i kiosk/locale/kiosk.pot -d kiosk/locale --no-fuzzy-matching \
		--ignore-obsolete

# The lock files (every package of the tree, exact versions and hashes, for any platform and
# Python 3.11-3.13): regenerate after changing a pin in pyproject.toml (docs/operations.md).
lock: venv
	$(BIN)/uv pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 \
		--no-header -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --generate-hashes \
		--python-version 3.11 --no-header -q -o requirements-dev.lock

# Which pins have wheels for x86_64 and aarch64 on Python 3.11-3.13 (asks PyPI; no install).
wheels: venv
	$(BIN)/python tools/wheels.py

# The Debian package (dh-virtualenv; tools/system-deps.sh installs the tooling), then lintian.
deb:
	dpkg-buildpackage -us -uc -b
	mkdir -p build/deb && mv ../exhibit-kiosk_*.deb ../exhibit-kiosk_*.buildinfo ../exhibit-kiosk_*.changes build/deb/
	lintian --fail-on error build/deb/exhibit-kiosk_*.deb
