# The single entry point: `make demo` runs the main job, `make test` the whole suite (CI runs it too).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench cv fuzz fuzz-properties wheel-check golden mutation clean browser screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# An editable install leaves hrcli uncompiled; with PYTHONDONTWRITEBYTECODE set, every run would
	@# compile it again (+40 ms per command, measured). Python still reads bytecode that exists.
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m compileall -q hrcli
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/hrcli compare linfen qinghai

test: $(STAMP) browser
	$(BIN)/python -m pytest -q < /dev/null

# Build the sdist and wheel and run the wheel, installed in a fresh venv outside the checkout (.ci/check-wheel).
wheel-check: $(STAMP)
	PYTHON=$(PYTHON) bash .ci/check-wheel

# tests/test_html_report.py opens the HTML report in a headless Chromium. Run as root (CI), make installs Debian's
# chromium (and CJK fonts for the screenshots) when it is missing; otherwise that test is skipped with the reason
# (pytest -ra prints it). Never fails the build by itself.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "make: installing chromium for the browser test of the HTML report"; \
	      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	        || echo "make: could not install chromium; the browser test will be skipped"; \
	    else echo "make: no chromium (not root, or no apt-get); the browser test will be skipped"; fi; }

# The README's picture of the HTML report (docs/report.png), made by hrcli and headless Chromium.
screenshots: $(STAMP) browser
	docs/make_screenshots.sh

lint: $(STAMP)
	$(BIN)/python -m ruff check hrcli tests bench

# Rewrite tests/golden/*.tsv from hrcli's current output. Only a person runs this, and reads the diff before
# committing it: the test run never writes a golden file, and a missing one fails.
golden: $(STAMP)
	$(BIN)/python -m tests.make_golden
	git diff --stat -- tests/golden

# Mutation testing (README "Testing"): mutmut 3 over the parser, the notes, the renderer and the aligner, one group
# of modules at a time, each with the tests of its own behaviour (tests/mutation_groups.py: a surviving mutant runs
# every test that reached it, and every notice test reaches the parser). mutmut is a tool, not a dependency of
# hrcli: installed into the venv here. CPU-heavy, so niced; MUTMUT_CHILDREN=1 on a machine others share.
# `make mutation GROUPS=render` runs one group; each group's results are kept under mutation-results/GROUP.
MUTMUT_CHILDREN ?= 2
GROUPS ?= parse render align
mutation: $(STAMP)
	$(BIN)/python -c "import mutmut" 2>/dev/null || $(BIN)/python -m pip install --quiet 'mutmut>=3.8,<3.9'
	for group in $(GROUPS); do \
	  rm -rf mutants mutation-results/$$group && mkdir -p mutation-results && \
	  HRCLI_MUTATION_GROUP=$$group nice -n 15 $(BIN)/mutmut run --max-children $(MUTMUT_CHILDREN) \
	    $$($(BIN)/python -m tests.mutation_groups $$group) > mutation-results/$$group.log \
	    || { tail -n 40 mutation-results/$$group.log; exit 1; }; \
	  mv mutants mutation-results/$$group; \
	done
	$(BIN)/python -m tests.mutation_report $(addprefix mutation-results/,$(GROUPS))

# `make bench SCALE=1000,10000`: only the corpus index rows (and their curve), at those corpus sizes.
SCALE ?=
bench: $(STAMP)
	$(BIN)/python bench/run.py $(if $(SCALE),--scale-only --sizes $(SCALE))

# Leave-one-region-out cross-validation of matching.yaml's threshold, partner_ratio and topic_weight
# against the gold files (README "How matching works").
cv: $(STAMP)
	$(BIN)/python bench/loro.py

# Coverage-guided fuzzing of the parser and the aligner's scores (bench/fuzz_parse.py), FUZZ_SECONDS per
# target. atheris is a tool, not a dependency of hrcli: it is installed into the venv here, not in pyproject.
FUZZ_SECONDS ?= 1200
fuzz: $(STAMP)
	$(BIN)/python -c "import atheris" 2>/dev/null || $(BIN)/python -m pip install --quiet atheris
	$(BIN)/python bench/fuzz_parse.py parse -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1
	$(BIN)/python bench/fuzz_parse.py score -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1

# The long run of the hypothesis properties (tests/test_properties.py) on generated notices.
fuzz-properties: $(STAMP)
	HRCLI_FUZZ_EXAMPLES=200000 $(BIN)/python -m pytest -q tests/test_properties.py -k fuzz -p no:cacheprovider

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache bench/out mutants mutation.log mutation-results
