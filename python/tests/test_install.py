"""The built wheel installs with pip into a fresh venv and answers there (the issue's done-when command)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import DAIRY, ROOT


def test_the_wheel_installs_in_a_fresh_venv_and_prints_the_clis_tac(run_cli, tmp_path):
    wheel = os.environ.get("HPSYNTH_WHEEL")
    if not wheel:
        pytest.skip("HPSYNTH_WHEEL is not set (scripts/python-test.sh sets it to the wheel it built)")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", wheel], check=True
    )
    command = (
        "import hpsynth; print(hpsynth.evaluate('literature_cases/ipese-dairy/case.toml', fluid='R717', "
        "levels_c=[-8,10,30,55,75,95])['costs']['tac_eur_per_yr'])"
    )
    printed = subprocess.run(
        [python, "-c", command], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    cli = run_cli("evaluate", DAIRY, "--fluid", "R717", "--levels-c=-8,10,30,55,75,95", "--json")
    import json

    assert float(printed) == json.loads(cli.stdout)["costs"]["tac_eur_per_yr"]
    # The fresh venv has its own hpsynth, not this interpreter's.
    where = subprocess.run(
        [python, "-c", "import hpsynth; print(hpsynth.__file__)"], capture_output=True, text=True, check=True
    ).stdout
    assert str(env_dir) in where and sys.prefix not in where
