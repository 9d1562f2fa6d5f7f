"""Shared fixtures: the repository, the command line built from it, and a way to run it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
CHILLER = CASES / "chiller-and-hot-water.toml"
DAIRY = ROOT / "literature_cases" / "ipese-dairy" / "case.toml"

# Keys that are wall-clock times, the only parts of a document that differ between two runs.
TIMING_KEYS = {"seconds", "build_ms", "solve_ms", "evaluations_per_s"}


def without_timing(value):
    """The document without its wall times."""
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def canonical(value) -> str:
    """The JSON text of a document, keys in their order: byte for byte comparable."""
    return json.dumps(value, indent=2, ensure_ascii=False)


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `hpsynth` binary of this checkout (HPSYNTH_BIN, else target/debug/hpsynth: `make test` builds it)."""
    path = Path(os.environ.get("HPSYNTH_BIN", ROOT / "target" / "debug" / "hpsynth"))
    if not path.exists():
        pytest.fail(f"{path} is missing: build it with `cargo build` (make test does)")
    return path


@pytest.fixture(scope="session")
def run_cli(cli):
    """Runs the command line in the repository; returns stdout, or raises with its stderr."""

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(cli), *map(str, args)], cwd=ROOT, capture_output=True, text=True
        )
        if check and done.returncode != 0:
            raise AssertionError(f"hpsynth {' '.join(map(str, args))} failed:\n{done.stderr}")
        return done

    return run
