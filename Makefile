# Recount: two commands on a fresh machine: `make report` and `make test`. Each sets up .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORY  ?= data/raw/aleppo
REPORT := reports/$(notdir $(STORY))

.PHONY: report test lab bench bench-corpus tables lint clean browser

# The runtime environment: the package (editable) and its pinned model.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The development environment: adds pytest, nbval, hypothesis and ruff.
$(BIN)/.installed-dev: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

report: $(BIN)/.installed  ## render the default story to reports/aleppo/index.html
	$(BIN)/recount report $(STORY) --out $(REPORT)

# Best effort: Debian's Chromium for the browser test (skipped cleanly where it cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "Chromium not installed: the browser test will be skipped"

test: $(BIN)/.installed-dev browser  ## the whole suite: pytest for helpers, nbval for the committed notebooks
	$(BIN)/python -m pytest

tables: $(BIN)/.installed  ## the story's tables as CSV in out/<story>/
	$(BIN)/recount tables $(STORY) --out out/$(notdir $(STORY))

# JupyterLab refuses to start as root without --allow-root (containers, CI machines); LAB_ARGS adds options,
# e.g. make lab LAB_ARGS="--no-browser --port 8899".
LAB_ARGS ?=
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(BIN)/.installed  ## JupyterLab on notebooks/
	$(BIN)/jupyter lab notebooks/ $(LAB_ROOT) $(LAB_ARGS)

# The benchmark environment: Recount plus the semantic extra and the peers (textacy, quantulum3), kept apart
# from the runtime one. torch comes first, pinned to the CPU build, so nothing pulls a CUDA build.
BENCH_BIN := .venv-bench/bin
$(BENCH_BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv .venv-bench
	$(BENCH_BIN)/python -m pip install --quiet --upgrade pip
	$(BENCH_BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BENCH_BIN)/python -m pip install --quiet -e ".[semantic,bench]"
	touch $@

# Timed runs use the runtime environment (where spaCy does not import torch), as users run Recount.
bench: $(BIN)/.installed $(BENCH_BIN)/.installed  ## accuracy against published systems and peers, speed against spaCy: RESULTS.md
	cd benchmarks && RECOUNT_TIMING_PYTHON=$(CURDIR)/$(BIN)/python ../$(BENCH_BIN)/python run.py

# The long scale run of `recount corpus` (1k, 5k and 20k articles, and every ECB+ story's tables): about an
# hour on 2 cores, so it is not part of `make bench`.
# The bench environment on both sides (its Dask cluster and the timed client must be the same install).
bench-corpus: $(BENCH_BIN)/.installed  ## recount corpus at 1k/5k/20k articles: benchmarks/RESULTS_corpus.md
	cd benchmarks && ../$(BENCH_BIN)/python bench_corpus.py \
	  --sizes 1000,5000,20000 --full > RESULTS_corpus.md.part && mv RESULTS_corpus.md.part RESULTS_corpus.md
	cat benchmarks/RESULTS_corpus.md

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) .venv-bench reports out
