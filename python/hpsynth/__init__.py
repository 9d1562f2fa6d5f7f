"""hpsynth: cost-optimal industrial heat pump and refrigeration systems by bi-level (GA + MILP) optimisation.

The functions here are the command line's, for programs and notebooks. Each takes a case, given as

- a path (``str`` or ``os.PathLike``) to a case TOML, a stream CSV or an OpenPinch stream-data JSON file,
- a TOML string (text with a newline or ``=`` in it), or
- a ``dict`` with the case file's keys (``{"case": {...}, "streams": [...], ...}``),

and returns plain dicts and lists equal to the JSON that the command line prints or writes (units in every
key: ``tac_eur_per_yr``, ``levels_c``). A case or setting that is not valid raises :class:`CaseError`
(a ``ValueError``) with the command line's message; a run that cannot be done raises :class:`SolveError`
(a ``RuntimeError``). Long calls release the GIL; Ctrl-C stops ``optimize`` and the studies after the
generation under way (a run's checkpoint in ``out`` stays usable by ``resume=True``) and raises
``KeyboardInterrupt``.

>>> import hpsynth
>>> r = hpsynth.evaluate("literature_cases/ipese-dairy/case.toml", fluid="R717",
...                      levels_c=[-8, 10, 30, 55, 75, 95])          # doctest: +SKIP
>>> r["costs"]["tac_eur_per_yr"]                                     # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from . import _hpsynth
from ._hpsynth import CaseError, SolveError

__version__ = _hpsynth.__version__

__all__ = [
    "CaseError",
    "SolveError",
    "check",
    "cycle",
    "evaluate",
    "fluids",
    "merge",
    "network",
    "optimize",
    "pareto",
    "screen",
    "sweep",
    "targets",
    "to_pandas",
]

CaseLike = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def _case(case: CaseLike) -> tuple[str, str]:
    """The case as the compiled module takes it: (kind, text)."""
    if isinstance(case, Mapping):
        return "json", json.dumps(case)
    if isinstance(case, os.PathLike):
        return "path", os.fspath(case)
    if isinstance(case, str):
        # A path has neither a newline nor "="; a case TOML has both.
        if "\n" in case or "=" in case:
            return "toml", case
        return "path", case
    raise TypeError(
        f"case: a path, a TOML string or a dict of the case file's keys, not {type(case).__name__}"
    )


def _progress(callback: Optional[Callable[[dict], Any]]) -> Optional[Callable[[str], None]]:
    if callback is None:
        return None

    def relay(payload: str) -> None:
        callback(json.loads(payload))

    return relay


def _path(p: Optional[Union[str, "os.PathLike[str]"]]) -> Optional[str]:
    return None if p is None else os.fspath(p)


def fluids() -> list[dict]:
    """The bundled working fluids with their metadata (``hpsynth fluids --json``)."""
    return json.loads(_hpsynth.fluids())


def cycle(fluid: str, **keys: Any) -> dict:
    """One vapour-compression cycle (``hpsynth cycle --json``).

    Keys as in a literature case's ``cycle.toml``: ``t_evap_c`` or ``p_evap_kpa``, ``t_cond_c`` or
    ``p_cond_kpa``, optionally ``t_mid_c``/``p_mid_kpa`` and ``economizer``, ``eta_is``, ``superheat_k``,
    ``subcool_k``.
    """
    return json.loads(_hpsynth.cycle(json.dumps({"fluid": fluid, **keys})))


def check(case: CaseLike) -> str:
    """Loads and validates the case; returns its name (raises :class:`CaseError` if it is not valid)."""
    return _hpsynth.check(*_case(case))


def targets(case: CaseLike) -> dict:
    """Pinch targets (``hpsynth targets --json``): minimum utilities, pinches, grand composite curve."""
    return json.loads(_hpsynth.targets(*_case(case)))


def evaluate(
    case: CaseLike,
    fluid: Union[str, Sequence[str]],
    levels_c: Union[Sequence[float], Sequence[Sequence[float]]],
    *,
    template: Optional[str] = None,
    objective: Optional[str] = None,
    dt_min_half_k: Optional[float] = None,
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
) -> dict:
    """The heat pump for fixed fluids and levels: the slave MILP alone (``hpsynth evaluate --json``).

    ``fluid`` and ``levels_c`` (°C) give one cycle, or lists of them a cascade of cycles. ``out`` writes the
    report there. An infeasible candidate is a result (``outcome``, no ``costs``), not an error.
    """
    if isinstance(fluid, str):
        fluids_, levels = [fluid], [list(levels_c)]
    else:
        fluids_, levels = list(fluid), [list(level) for level in levels_c]
    return json.loads(
        _hpsynth.evaluate(
            *_case(case),
            fluids_,
            [[float(t) for t in level] for level in levels],
            template=template,
            objective=objective,
            dt_min_half_k=dt_min_half_k,
            out=_path(out),
        )
    )


def optimize(
    case: CaseLike,
    *,
    seed: Optional[int] = None,
    threads: int = 0,
    mode: str = "bilevel",
    time_limit_s: Optional[float] = None,
    grid_levels: Optional[str] = None,
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
    resume: bool = False,
    progress: Optional[Callable[[dict], Any]] = None,
    network: Optional[int] = None,
) -> dict:
    """The cost-optimal heat pump (``hpsynth optimize``): the dict its ``result.json`` holds.

    With ``out``, the run folder is written as the command line writes it (and locked while the run lives);
    ``resume=True`` continues the run whose checkpoint is there. ``progress`` is called with each
    generation's statistics (a dict). ``network=N`` (with ``out``) synthesises the networks of the run's N
    best distinct designs and ranks them again (``network_ranking``; ``hpsynth optimize --network``).
    """
    return json.loads(
        _hpsynth.optimize(
            *_case(case),
            mode=mode,
            seed=seed,
            threads=threads,
            time_limit_s=time_limit_s,
            grid_levels=grid_levels,
            out=_path(out),
            resume=resume,
            progress=_progress(progress),
            network=network,
        )
    )


def network(
    case: CaseLike,
    fluid: Union[str, Sequence[str], None] = None,
    levels_c: Union[Sequence[float], Sequence[Sequence[float]], None] = None,
    *,
    template: Optional[str] = None,
    dt_min_half_k: Optional[float] = None,
    block_pieces: Optional[int] = None,
) -> dict:
    """The heat exchanger network of a design (``hpsynth network CASE --fluid --levels-c --json``), or of the
    process alone with the utilities it uses when no fluid is given (``hpsynth network CASE --json``).

    The dict holds the target and the network (area, units, investment, TAC), each block's exchangers
    and the loops' exchangers (docs/network.md).
    """
    if fluid is None:
        fluids_, levels = [], []
    elif isinstance(fluid, str):
        fluids_, levels = [fluid], [list(levels_c or [])]
    else:
        fluids_, levels = list(fluid), [list(level) for level in (levels_c or [])]
    return json.loads(
        _hpsynth.network(
            *_case(case),
            fluids_,
            [[float(t) for t in level] for level in levels],
            template=template,
            dt_min_half_k=dt_min_half_k,
            block_pieces=block_pieces,
        )
    )


def _study(kind: Callable[..., str], case: CaseLike, *args: Any, **kw: Any) -> dict:
    kw["out"] = _path(kw.get("out"))
    kw["progress"] = _progress(kw.get("progress"))
    return json.loads(kind(*_case(case), *args, **kw))


def screen(
    case: CaseLike,
    *,
    fluids: Union[str, Iterable[str]] = "all",
    max_gwp: Optional[float] = None,
    safety: Optional[Iterable[str]] = None,
    cycles: int = 1,
    budget: str = "screening",
    seed: Optional[int] = None,
    threads: int = 0,
    population: Optional[int] = None,
    generations: Optional[int] = None,
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
    shard: Optional[str] = None,
    progress: Optional[Callable[[dict], Any]] = None,
) -> dict:
    """Screens fluids (``hpsynth screen --json``): each admissible fluid optimised alone, ranked by TAC."""
    return _study(
        _hpsynth.screen,
        case,
        fluids=fluids if isinstance(fluids, str) else ",".join(fluids),
        max_gwp=max_gwp,
        safety=None if safety is None else list(safety),
        cycles=cycles,
        budget=budget,
        seed=seed,
        threads=threads,
        population=population,
        generations=generations,
        out=out,
        shard=shard,
        progress=progress,
    )


def sweep(
    case: CaseLike,
    set: Union[str, Iterable[str]],
    *,
    seed: Optional[int] = None,
    threads: int = 0,
    population: Optional[int] = None,
    generations: Optional[int] = None,
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
    shard: Optional[str] = None,
    progress: Optional[Callable[[dict], Any]] = None,
) -> dict:
    """Sweeps keys of the case (``hpsynth sweep --set KEY=FROM:TO:N --json``), with the tipping points.

    The case must be a TOML file, string or dict (the sweep edits its keys).
    """
    return _study(
        _hpsynth.sweep,
        case,
        [set] if isinstance(set, str) else list(set),
        seed=seed,
        threads=threads,
        population=population,
        generations=generations,
        out=out,
        shard=shard,
        progress=progress,
    )


def pareto(
    case: CaseLike,
    *,
    points: int = 5,
    seed: Optional[int] = None,
    threads: int = 0,
    population: Optional[int] = None,
    generations: Optional[int] = None,
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
    shard: Optional[str] = None,
    progress: Optional[Callable[[dict], Any]] = None,
) -> dict:
    """The TAC-CO2 front (``hpsynth pareto --json``): the cheapest and cleanest designs and points between."""
    return _study(
        _hpsynth.pareto,
        case,
        points=points,
        seed=seed,
        threads=threads,
        population=population,
        generations=generations,
        out=out,
        shard=shard,
        progress=progress,
    )


def merge(
    shards: Iterable[Union[str, "os.PathLike[str]"]],
    *,
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
) -> dict:
    """Merges the shards of a study (``hpsynth merge --json``) into what the whole run gives."""
    return json.loads(_hpsynth.merge([os.fspath(s) for s in shards], out=_path(out)))


# The table of each result kind: the list of rows a DataFrame shows.
_TABLES = {
    "screen": "rows",
    "sweep": "rows",
    "pareto": "points",
}


def to_pandas(result: Union[dict, list]):
    """A result's table as a pandas DataFrame: a screening's or sweep's rows, a front's points, the grand
    composite curve of ``targets``, the units of ``evaluate``; a list of dicts (``fluids()``) as it is.
    Nested dicts are flattened (``summary.tac_eur_per_yr``). Needs pandas (``pip install pandas``), which
    hpsynth itself does not."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas needs pandas: pip install pandas") from e
    if isinstance(result, list):
        return pd.json_normalize(result)
    study = result.get("study")
    if study in _TABLES:
        return pd.json_normalize(result[_TABLES[study]])
    if "gcc" in result:
        return pd.DataFrame(result["gcc"])
    if "units" in result:
        return pd.json_normalize(result["units"])
    raise ValueError(
        "to_pandas takes a screen, sweep or pareto result, a targets or evaluate result, or a list of dicts"
    )
