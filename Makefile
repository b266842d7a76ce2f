# Two commands: `make app` serves the page, `make test` runs the whole suite.
# Both create .venv on first use; later runs reuse it (re-installing only when pyproject.toml changes).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Nothing downloads models or data at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export LITELLM_LOCAL_MODEL_COST_MAP := True
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: app test install index bank benchmarks clean

app: install index
	$(BIN)/python app.py

test: install
	$(BIN)/python -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3.x'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	# The CPU build of PyTorch first, so nothing below pulls the multi-GB CUDA wheels.
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -e '.[test]'
	touch $@

# Embeds only what changed; seconds when nothing did.
index: install
	$(BIN)/interviewer index

# Rebuild corpus/bank.jsonl from corpus/sources.
bank: install
	$(BIN)/interviewer corpus build

# Re-measure everything in docs/BENCHMARKS.md (about 13 minutes on 2 cores; run on an idle machine).
benchmarks: install
	$(BIN)/python benchmarks/index_build.py
	$(BIN)/python benchmarks/grading_speed.py
	$(BIN)/python benchmarks/batch_grading.py
	$(BIN)/python benchmarks/speech_to_text.py
	$(BIN)/python benchmarks/page_load.py
	$(BIN)/interviewer eval dev --grader offline --benchmarks docs/BENCHMARKS.md
	$(BIN)/python evals/scheme_encoder_gain.py --benchmarks docs/BENCHMARKS.md
	$(BIN)/interviewer eval gold --grader offline --benchmarks docs/BENCHMARKS.md
	$(BIN)/interviewer eval exam --grader offline --benchmarks docs/BENCHMARKS.md
	$(BIN)/python evals/related_points_vs_length.py --benchmarks docs/BENCHMARKS.md
	$(BIN)/interviewer eval asag --grader offline --benchmarks docs/BENCHMARKS.md

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
