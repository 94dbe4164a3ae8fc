# The two commands of the README: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app hiring
HOST   ?= 127.0.0.1
PORT   ?= 5000
I18N   := hiring/translations
# One compiled catalogue per translated language: hiring/translations/<lang>/LC_MESSAGES/messages.mo
CATALOGS := $(patsubst %.po,%.mo,$(wildcard $(I18N)/*/LC_MESSAGES/messages.po))

.PHONY: run test translations bench calibration load lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Recompile a language only when its .po changes. Fuzzy (unreviewed) entries are left out on
# purpose: the candidate sees the English text rather than a guess.
$(I18N)/%/LC_MESSAGES/messages.mo: $(I18N)/%/LC_MESSAGES/messages.po | $(VENV)/.runtime
	$(BIN)/pybabel -q compile -i $< -o $@ -l $*

# For developers, after changing candidate-facing text: refresh messages.pot and every .po from the
# code, then translate the new or fuzzy entries and commit the .po files.
translations: $(VENV)/.runtime
	$(BIN)/pybabel -q extract -F $(I18N)/babel.cfg -o $(I18N)/messages.pot --project=hiring -k _l -k lazy_gettext \
		--add-comments=TRANSLATORS: --no-wrap .
	$(BIN)/pybabel update -i $(I18N)/messages.pot -d $(I18N) --no-wrap --no-fuzzy-matching

run: $(VENV)/.runtime $(CATALOGS)
	$(FLASK) init-db
	$(FLASK) demo --if-empty
	@echo "Serving http://$(HOST):$(PORT) with the outbox worker beside it  (Ctrl+C stops both)"
	@$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM HUP; \
		$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.dev $(CATALOGS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Every script runs even when an earlier one misses its target; the target fails if any missed.
bench: $(VENV)/.dev
	@status=0; for script in run engine pages pdf; do \
		echo "== bench/$$script.py"; PYTHONPATH=. $(BIN)/python bench/$$script.py || status=1; \
	done; exit $$status

# Simulated openings with known true scores: do the 90 % intervals cover 9 times in 10, do the
# probabilities come true as often as they say? Fixed seeds; about a minute on 2 cores.
# CALIBRATION_ARGS="--openings 100 --sizes 2,3" for a quicker look.
calibration: $(VENV)/.dev
	PYTHONPATH=. $(BIN)/python bench/calibration.py $(CALIBRATION_ARGS)

# gunicorn (4 workers) and the outbox worker(s) under 50 raters, 50 candidates and 3 reset requests
# for 60 s, on SQLite then PostgreSQL (the database `load`, rebuilt), with a mail server of its own
# (aiosmtpd: a test dependency) down for 15 s and slow for a while; checks every acknowledged write
# and every email. LOAD_ARGS="--seconds 20" etc.
load: $(VENV)/.dev $(CATALOGS)
	PYTHONPATH=. $(BIN)/python bench/load.py $(LOAD_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	rm -f $(CATALOGS)
