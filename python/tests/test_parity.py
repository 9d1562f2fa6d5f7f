"""The Python package gives the command line's JSON, on the bundled cases: what `hpsynth ... --json` prints
(and `optimize` writes as result.json) is what `hpsynth.<command>(...)` returns, wall times aside."""

from __future__ import annotations

import json
import tomllib

import pytest

import hpsynth
from conftest import CHILLER, DAIRY, ROOT, canonical, without_timing

CASE_FILES = sorted((ROOT / "literature_cases").glob("*/case.toml")) + [
    ROOT / "literature_cases" / "openpinch-dairy-chilling" / "dairy_chilling_multiperiod.json",
    ROOT / "literature_cases" / "ipese-dairy" / "streams.csv",
]


def cli_json(run_cli, *args) -> dict:
    return json.loads(run_cli(*args, "--json").stdout)


def test_the_done_when_command_prints_the_clis_tac(run_cli):
    # The check: the IPESE dairy with ammonia at six levels, one slave MILP.
    levels = [-8, 10, 30, 55, 75, 95]
    py = hpsynth.evaluate(str(DAIRY), fluid="R717", levels_c=levels)
    cli = cli_json(
        run_cli, "evaluate", DAIRY, "--fluid", "R717", "--levels-c=" + ",".join(map(str, levels))
    )
    assert py["costs"]["tac_eur_per_yr"] == cli["costs"]["tac_eur_per_yr"]
    assert canonical(without_timing(py)) == canonical(without_timing(cli))


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_targets_equal_the_clis(run_cli, case):
    assert hpsynth.targets(case) == cli_json(run_cli, "targets", case)


def test_a_case_is_a_path_a_toml_string_or_a_dict():
    text = CHILLER.read_text()
    by_path = hpsynth.targets(CHILLER)
    assert hpsynth.targets(text) == by_path
    assert hpsynth.targets(tomllib.loads(text)) == by_path
    levels = [0.0, 68.0]
    by_path = hpsynth.evaluate(str(CHILLER), fluid="R290", levels_c=levels)
    by_dict = hpsynth.evaluate(tomllib.loads(text), fluid="R290", levels_c=levels)
    assert without_timing(by_dict) == without_timing(by_path)


def test_fluids_and_a_cycle_equal_the_clis(run_cli):
    assert hpsynth.fluids() == cli_json(run_cli, "fluids")
    py = hpsynth.cycle("R717", t_evap_c=-10.0, t_cond_c=35.0, eta_is=0.75, subcool_k=5.0)
    cli = cli_json(
        run_cli, "cycle", "--fluid", "R717", "--t-evap-c", "-10", "--t-cond-c", "35",
        "--eta-is", "0.75", "--subcool-k", "5",
    )
    assert py == cli


def test_a_cascade_of_two_cycles_equals_the_clis(run_cli):
    py = hpsynth.evaluate(
        str(CHILLER), fluid=["R290", "R717"], levels_c=[[0.0, 30.0], [25.0, 68.0]]
    )
    cli = cli_json(
        run_cli, "evaluate", CHILLER, "--fluid", "R290", "--levels-c=0,30",
        "--fluid", "R717", "--levels-c=25,68",
    )
    assert canonical(without_timing(py)) == canonical(without_timing(cli))


def test_optimize_gives_the_clis_result_json(run_cli, tmp_path):
    # The README's demo case, with another seed: the design and everything else but wall times, byte for
    # byte, in the returned dict and in result.json.
    cli_out, py_out = tmp_path / "cli", tmp_path / "py"
    run_cli("optimize", DAIRY, "--seed", "5", "--threads", "2", "--out", cli_out)
    py = hpsynth.optimize(str(DAIRY), seed=5, threads=2, out=py_out)
    cli = json.loads((cli_out / "result.json").read_text())
    written = json.loads((py_out / "result.json").read_text())
    assert py["design"] is not None
    assert canonical(without_timing(py["design"])) == canonical(without_timing(cli["design"]))
    assert canonical(without_timing(py)) == canonical(without_timing(cli))
    assert without_timing(written) == without_timing(py)


def test_optimize_without_a_folder_gives_the_same_design(run_cli, tmp_path):
    cli_out = tmp_path / "cli"
    run_cli("optimize", CHILLER, "--seed", "4", "--threads", "1", "--out", cli_out)
    cli = json.loads((cli_out / "result.json").read_text())
    py = hpsynth.optimize(CHILLER, seed=4, threads=2)
    # The result does not depend on the thread count (docs/optimizer.md); only `threads` says it differs.
    assert py["threads"] == 2 and cli["threads"] == 1
    py["threads"] = cli["threads"]
    assert canonical(without_timing(py)) == canonical(without_timing(cli))


FLUIDS = "R290,R1270,R717,R134a"


def test_screen_equals_the_clis(run_cli):
    py = hpsynth.screen(CHILLER, fluids=FLUIDS.split(","), threads=2, seed=2)
    cli = cli_json(run_cli, "screen", CHILLER, "--fluids", FLUIDS, "--threads", "2", "--seed", "2")
    assert [r["fluid"] for r in py["rows"]] == [r["fluid"] for r in cli["rows"]]
    assert canonical(without_timing(py)) == canonical(without_timing(cli))


def test_sweep_equals_the_clis(run_cli, tmp_path):
    key = "electricity.price_eur_per_kwh=0.05:0.25:3"
    py = hpsynth.sweep(CHILLER, set=[key], threads=2, out=tmp_path)
    cli = cli_json(run_cli, "sweep", CHILLER, "--set", key, "--threads", "2")
    assert canonical(without_timing(py)) == canonical(without_timing(cli))
    assert without_timing(json.loads((tmp_path / "sweep.json").read_text())) == without_timing(py)


def test_pareto_equals_the_clis(run_cli):
    py = hpsynth.pareto(CHILLER, points=3, threads=2)
    cli = cli_json(run_cli, "pareto", CHILLER, "--points", "3", "--threads", "2")
    assert len(py["points"]) == 3
    assert canonical(without_timing(py)) == canonical(without_timing(cli))


def test_shards_merge_into_the_whole_study(tmp_path):
    whole = hpsynth.screen(CHILLER, fluids=FLUIDS, threads=2)
    for k in (1, 2):
        done = hpsynth.screen(CHILLER, fluids=FLUIDS, threads=2, shard=f"{k}/2", out=tmp_path / f"s{k}")
        assert done["shard"] == f"{k}/2"
    merged = hpsynth.merge([tmp_path / "s1", tmp_path / "s2"])
    assert without_timing(merged) == without_timing(whole)


def test_network_equals_the_clis(run_cli):
    # A design's network and the process's alone (no fluid): what `hpsynth network --json` prints.
    py = hpsynth.network(str(CHILLER), fluid="R290", levels_c=[0.0, 68.0])
    cli = cli_json(run_cli, "network", CHILLER, "--fluid", "R290", "--levels-c=0,68")
    assert canonical(without_timing(py)) == canonical(without_timing(cli))
    assert py["regions"]["complete"]
    alone = hpsynth.network(str(CHILLER))
    assert alone["fluids"] == []
    assert canonical(without_timing(alone)) == canonical(
        without_timing(cli_json(run_cli, "network", CHILLER))
    )
