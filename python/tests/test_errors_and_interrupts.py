"""Errors are Python exceptions with the command line's message; Ctrl-C stops a run cleanly."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import threading

import pytest

import hpsynth
from conftest import CHILLER, ROOT, canonical, without_timing


def test_a_case_that_is_not_valid_raises_case_error_with_the_clis_message(run_cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(CHILLER.read_text().replace("t_out_c = 4.0", "t_out_c = 40.0"))
    with pytest.raises(hpsynth.CaseError) as raised:
        hpsynth.targets(bad)
    assert isinstance(raised.value, ValueError)
    cli = run_cli("targets", bad, check=False)
    assert cli.returncode != 0
    assert cli.stderr.strip() == f"error: {raised.value}"
    assert str(bad) in str(raised.value)


def test_a_missing_file_and_a_bad_setting_are_case_errors():
    with pytest.raises(hpsynth.CaseError, match="no-such-case.toml"):
        hpsynth.targets("no-such-case.toml")
    with pytest.raises(hpsynth.CaseError, match="levels_c per fluid"):
        hpsynth.evaluate(CHILLER, fluid=["R290", "R717"], levels_c=[[0.0, 30.0]])
    with pytest.raises(hpsynth.CaseError, match="mode"):
        hpsynth.optimize(CHILLER, mode="fastest")
    with pytest.raises(hpsynth.CaseError, match="Unobtainium"):
        hpsynth.evaluate(CHILLER, fluid="Unobtainium", levels_c=[0.0, 60.0])
    with pytest.raises(TypeError):
        hpsynth.targets(42)


def test_a_folder_in_use_by_another_run_raises_solve_error(tmp_path):
    # Another run holds the folder's lock (as `hpsynth optimize --out` does: flock on .hpsynth.lock).
    out = tmp_path / "run"
    out.mkdir()
    with open(out / ".hpsynth.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(hpsynth.SolveError) as raised:
            hpsynth.optimize(CHILLER, out=out)
    assert isinstance(raised.value, RuntimeError)
    assert str(out) in str(raised.value) and "in use by another run" in str(raised.value)
    assert not (out / "result.json").exists()


def interrupt_at(generation: int):
    """A progress callback that sends this process SIGINT (Ctrl-C) when `generation` is done."""

    def progress(g: dict) -> None:
        if g["generation"] == generation:
            os.kill(os.getpid(), signal.SIGINT)

    return progress


def test_ctrl_c_stops_a_run_and_its_checkpoint_resumes_to_the_uninterrupted_result(tmp_path):
    assert threading.current_thread() is threading.main_thread()
    uninterrupted = hpsynth.optimize(CHILLER, seed=4, threads=2)
    out = tmp_path / "run"
    seen = []
    with pytest.raises(KeyboardInterrupt):
        hpsynth.optimize(
            CHILLER, seed=4, threads=2, out=out,
            progress=lambda g: (seen.append(g["generation"]), interrupt_at(1)(g)),
        )
    assert (out / "checkpoint.json").exists()
    assert not (out / "result.json").exists(), "an interrupted run must not look finished"
    resumed = hpsynth.optimize(CHILLER, seed=4, threads=2, out=out, resume=True)
    assert canonical(without_timing(resumed["design"])) == canonical(
        without_timing(uninterrupted["design"])
    )
    assert json.loads((out / "result.json").read_text())["design"] is not None


def test_ctrl_c_stops_a_study():
    with pytest.raises(KeyboardInterrupt):
        hpsynth.screen(
            CHILLER, fluids="R290,R1270,R717,R134a", threads=1,
            progress=lambda p: p["done"] == 1 and os.kill(os.getpid(), signal.SIGINT),
        )


def test_to_pandas_gives_the_tables():
    pd = pytest.importorskip("pandas")
    frame = hpsynth.to_pandas(hpsynth.fluids())
    assert isinstance(frame, pd.DataFrame) and "gwp100" in frame.columns
    targets = hpsynth.targets(CHILLER)
    assert list(hpsynth.to_pandas(targets).columns) == list(targets["gcc"][0].keys())
    with pytest.raises(ValueError):
        hpsynth.to_pandas({"something": 1})


def test_the_package_says_its_version():
    cargo = (ROOT / "python" / "Cargo.toml").read_text()
    assert f'version = "{hpsynth.__version__}"' in cargo
