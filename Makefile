# The single entry point: `make demo` runs the main job, `make test` the whole suite (CI runs it too).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/hrcli compare linfen qinghai

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/python -m ruff check hrcli tests bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

fuzz: $(STAMP)
	HRCLI_FUZZ_EXAMPLES=200000 $(BIN)/python -m pytest -q tests/test_properties.py -k fuzz -p no:cacheprovider

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache bench/out
