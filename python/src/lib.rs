//! `hpsynth._hpsynth`: the library's front door (`hpsynth::api`) for Python. Every result crosses as the
//! JSON text the command line prints (python/hpsynth/__init__.py turns it into dicts), so the Python
//! results are the CLI's by construction. Long calls run without the GIL; `optimize` and the studies stop
//! at Ctrl-C after the generation under way (the checkpoint stays usable).

use hpsynth::api::{self, Case, CycleChoice, Error};
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pyo3::create_exception!(
    _hpsynth,
    CaseError,
    PyValueError,
    "The case or a setting is not valid; the message names the file, the field and the fix."
);
pyo3::create_exception!(
    _hpsynth,
    SolveError,
    PyRuntimeError,
    "A run could not be done or finished (a solver, a thread pool, an output folder)."
);

/// The Python exception of an `api::Error`, with the command line's message.
fn to_py(e: Error) -> PyErr {
    let message = error_chain(&e);
    match e {
        Error::Interrupted { .. } => PyKeyboardInterrupt::new_err(message),
        e if e.is_input() => CaseError::new_err(message),
        _ => SolveError::new_err(message),
    }
}

/// The error and its causes, as the command line prints them (`a: b: c`).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text += &format!(": {part}");
        }
        source = s.source();
    }
    text
}

fn settings_error(message: impl Into<String>) -> PyErr {
    CaseError::new_err(message.into())
}

fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string_pretty(value).map_err(|e| SolveError::new_err(e.to_string()))
}

/// A case from what Python gave: `("path", path)`, `("toml", text)` or `("json", dict as JSON text)`.
fn load_case(kind: &str, value: &str) -> PyResult<Case> {
    let here = Path::new(".");
    let case = match kind {
        "path" => Case::load(Path::new(value)),
        "toml" => Case::from_toml_str(value, "<TOML string>", here),
        "json" => {
            let data: serde_json::Value = serde_json::from_str(value)
                .map_err(|e| settings_error(format!("the case dict: {e}")))?;
            let table: toml::Table = serde_json::from_value(data).map_err(|e| {
                settings_error(format!(
                    "the case dict cannot be a case file ({e}); use the case file's keys, with no None \
                     values"
                ))
            })?;
            let text = toml::to_string(&table)
                .map_err(|e| settings_error(format!("the case dict: {e}")))?;
            Case::from_toml_str(&text, "<case dict>", here)
        }
        other => return Err(settings_error(format!("unknown case kind {other}"))),
    };
    case.map_err(|e| to_py(e.into()))
}

/// Runs `work` without the GIL on a thread of its own, while this thread watches for Ctrl-C (Python
/// delivers signals to the main thread only); a Ctrl-C sets `stop`, which `work` reads.
fn run_interruptible<T: Send>(
    py: Python<'_>,
    stop: &Arc<AtomicBool>,
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    std::thread::scope(|scope| {
        let handle = scope.spawn(work);
        let mut interrupted = None;
        while !handle.is_finished() {
            py.detach(|| std::thread::sleep(std::time::Duration::from_millis(50)));
            if interrupted.is_none()
                && let Err(e) = py.check_signals()
            {
                stop.store(true, Ordering::SeqCst);
                interrupted = Some(e);
            }
        }
        let result = handle
            .join()
            .map_err(|_| SolveError::new_err("the run panicked; please report it"))?;
        match (result, interrupted) {
            // Interrupted by Ctrl-C: Python's own KeyboardInterrupt, after the run has stopped cleanly.
            (Err(Error::Interrupted { .. }), Some(e)) => Err(e),
            (Err(e), _) => Err(to_py(e)),
            // The run finished before it saw the stop: the Ctrl-C still stops the program.
            (Ok(_), Some(e)) => Err(e),
            (Ok(v), None) => Ok(v),
        }
    })
}

/// Calls the Python progress callback with `payload` (JSON text), if there is one.
fn tell(progress: &Option<Py<PyAny>>, payload: &str) {
    if let Some(callback) = progress {
        Python::attach(|py| {
            if let Err(e) = callback.call1(py, (payload,)) {
                e.print(py);
            }
        });
    }
}

#[pyfunction]
fn fluids() -> PyResult<String> {
    json(&api::fluids().map_err(to_py)?)
}

#[pyfunction]
fn cycle(input_json: &str) -> PyResult<String> {
    let input: api::CycleInput =
        serde_json::from_str(input_json).map_err(|e| settings_error(format!("cycle: {e}")))?;
    json(&api::cycle(&input).map_err(to_py)?)
}

#[pyfunction]
fn check(case_kind: &str, case: &str) -> PyResult<String> {
    let case = load_case(case_kind, case)?;
    Ok(case.name)
}

#[pyfunction]
fn targets(py: Python<'_>, case_kind: &str, case: &str) -> PyResult<String> {
    let case = load_case(case_kind, case)?;
    json(&py.detach(|| api::targets(&case)))
}

/// The heat exchanger network of a design (fluids and levels), or of the process alone (no fluid).
#[pyfunction]
#[pyo3(signature = (case_kind, case, fluids, levels_c, template=None, dt_min_half_k=None, block_pieces=None))]
#[allow(clippy::too_many_arguments)]
fn network(
    py: Python<'_>,
    case_kind: &str,
    case: &str,
    fluids: Vec<String>,
    levels_c: Vec<Vec<f64>>,
    template: Option<String>,
    dt_min_half_k: Option<f64>,
    block_pieces: Option<usize>,
) -> PyResult<String> {
    let case = load_case(case_kind, case)?;
    let cycles = cycles_of(fluids, levels_c)?;
    if cycles.is_empty() && (template.is_some() || dt_min_half_k.is_some()) {
        return Err(settings_error(
            "template and dt_min_half_k set a heat pump design: give fluid and levels_c (without them \
             the network is the process's alone)"
                .to_string(),
        ));
    }
    if block_pieces.is_some_and(|b| b < 2) {
        return Err(settings_error(
            "block_pieces: a block needs at least 2 pieces (a hot and a cold one)".to_string(),
        ));
    }
    let defaults = hpsynth::network::design::DesignSettings::default();
    let settings = hpsynth::network::design::DesignSettings {
        block_pieces: block_pieces.unwrap_or(defaults.block_pieces),
        ..defaults
    };
    let report = py
        .detach(|| {
            if cycles.is_empty() {
                api::process_network(&case, &settings)
            } else {
                let evaluate = api::EvaluateSettings {
                    template,
                    dt_min_half_k,
                    ..Default::default()
                };
                api::design_network(&case, &cycles, &evaluate, &settings)
            }
        })
        .map_err(to_py)?;
    json(&report)
}

/// One cycle per fluid with its levels (°C in, K out).
fn cycles_of(fluids: Vec<String>, levels_c: Vec<Vec<f64>>) -> PyResult<Vec<CycleChoice>> {
    if fluids.len() != levels_c.len() {
        return Err(settings_error(format!(
            "give one list of levels_c per fluid ({} fluids, {} level lists)",
            fluids.len(),
            levels_c.len()
        )));
    }
    Ok(fluids
        .into_iter()
        .zip(levels_c)
        .map(|(fluid, levels)| CycleChoice {
            fluid,
            levels_k: levels
                .into_iter()
                .map(hpsynth::units::celsius_to_kelvin)
                .collect(),
        })
        .collect())
}

#[pyfunction]
#[pyo3(signature = (case_kind, case, fluids, levels_c, template=None, objective=None, dt_min_half_k=None, out=None))]
#[allow(clippy::too_many_arguments)]
fn evaluate(
    py: Python<'_>,
    case_kind: &str,
    case: &str,
    fluids: Vec<String>,
    levels_c: Vec<Vec<f64>>,
    template: Option<String>,
    objective: Option<String>,
    dt_min_half_k: Option<f64>,
    out: Option<PathBuf>,
) -> PyResult<String> {
    let case = load_case(case_kind, case)?;
    let cycles = cycles_of(fluids, levels_c)?;
    let settings = api::EvaluateSettings {
        template,
        objective: objective.map(|o| parse_enum("objective", &o)).transpose()?,
        dt_min_half_k,
        out,
        ..Default::default()
    };
    let report = py
        .detach(|| api::evaluate(&case, &cycles, &settings))
        .map_err(to_py)?;
    json(&report)
}

/// A setting's enum from its name in the case file (`"tac"`, `"grid"`, ...).
fn parse_enum<T: serde::de::DeserializeOwned>(key: &str, value: &str) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(value.to_string()))
        .map_err(|e| settings_error(format!("{key} = \"{value}\": {e}")))
}

#[pyfunction]
#[pyo3(signature = (case_kind, case, mode="bilevel", seed=None, threads=0, time_limit_s=None, grid_levels=None, out=None, resume=false, progress=None, network=None))]
#[allow(clippy::too_many_arguments)]
fn optimize(
    py: Python<'_>,
    case_kind: &str,
    case: &str,
    mode: &str,
    seed: Option<u64>,
    threads: usize,
    time_limit_s: Option<f64>,
    grid_levels: Option<String>,
    out: Option<PathBuf>,
    resume: bool,
    progress: Option<Py<PyAny>>,
    network: Option<usize>,
) -> PyResult<String> {
    let case = load_case(case_kind, case)?;
    let stop = Arc::new(AtomicBool::new(false));
    let settings = api::OptimizeSettings {
        mode: parse_enum("mode", mode)?,
        seed,
        threads,
        time_limit_s,
        grid_levels: grid_levels
            .map(|g| parse_enum("grid_levels", &g))
            .transpose()?,
        out,
        resume,
        dump_failed: None,
        stop: Some(stop.clone()),
        network,
    };
    let report = run_interruptible(py, &stop, || {
        let mut observe = |p: api::Progress| {
            if let api::Progress::Generation(g) = p
                && let Ok(text) = serde_json::to_string(g)
            {
                tell(&progress, &text);
            }
            true
        };
        api::optimize(&case, &settings, &mut observe)
    })?;
    json(&report)
}

/// What every study takes from Python besides its own options.
struct StudyCommon {
    seed: Option<u64>,
    threads: usize,
    population: Option<usize>,
    generations: Option<usize>,
    out: Option<PathBuf>,
    shard: Option<String>,
}

/// Loads the case and runs `study` on it without the GIL, stopping at Ctrl-C; its outcome as JSON.
fn run_study(
    py: Python<'_>,
    case_kind: &str,
    case: &str,
    common: StudyCommon,
    progress: Option<Py<PyAny>>,
    study: impl FnOnce(
        &Case,
        &api::StudySettings,
        &(dyn Fn(&api::StudyProgress) + Sync),
    ) -> Result<api::StudyOutcome, Error>
    + Send,
) -> PyResult<String> {
    let case = load_case(case_kind, case)?;
    let stop = Arc::new(AtomicBool::new(false));
    let settings = api::StudySettings {
        seed: common.seed,
        threads: common.threads,
        population: common.population,
        generations: common.generations,
        out: common.out,
        shard: common
            .shard
            .map(|s| api::Shard::parse(&s).map_err(settings_error))
            .transpose()?,
        stop: Some(stop.clone()),
    };
    let outcome = run_interruptible(py, &stop, || {
        study(&case, &settings, &|p| study_progress(&progress, p))
    })?;
    outcome_json(outcome)
}

/// A study's outcome as JSON: the study, or `{"shard": "K/N", "file": ..., "jobs": ...}`.
fn outcome_json(outcome: api::StudyOutcome) -> PyResult<String> {
    match outcome {
        api::StudyOutcome::Finished(result) => api::study_json(&result).map_err(to_py),
        api::StudyOutcome::Shard { shard, file, jobs } => json(&serde_json::json!({
            "shard": format!("{}/{}", shard.k, shard.n),
            "file": file,
            "jobs": jobs,
        })),
    }
}

fn study_progress(progress: &Option<Py<PyAny>>, p: &api::StudyProgress) {
    let payload = serde_json::json!({
        "done": p.done,
        "total": p.total,
        "last": p.last,
        "best": p.best.as_ref().map(|(label, tac)| serde_json::json!({"label": label, "tac_eur_per_yr": tac})),
    });
    tell(progress, &payload.to_string());
}

#[pyfunction]
#[pyo3(signature = (case_kind, case, fluids="all", max_gwp=None, safety=None, cycles=1, budget="screening", seed=None, threads=0, population=None, generations=None, out=None, shard=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn screen(
    py: Python<'_>,
    case_kind: &str,
    case: &str,
    fluids: &str,
    max_gwp: Option<f64>,
    safety: Option<Vec<String>>,
    cycles: usize,
    budget: &str,
    seed: Option<u64>,
    threads: usize,
    population: Option<usize>,
    generations: Option<usize>,
    out: Option<PathBuf>,
    shard: Option<String>,
    progress: Option<Py<PyAny>>,
) -> PyResult<String> {
    let budget = match budget {
        "screening" => api::ScreenBudget::screening(),
        "full" => api::ScreenBudget::full(),
        other => {
            return Err(settings_error(format!(
                "budget = \"{other}\": \"screening\" or \"full\""
            )));
        }
    };
    let options = api::ScreenSettings {
        fluids: fluids.to_string(),
        max_gwp,
        safety,
        cycles,
        budget,
    };
    let common = StudyCommon {
        seed,
        threads,
        population,
        generations,
        out,
        shard,
    };
    run_study(py, case_kind, case, common, progress, |case, study, p| {
        api::screen(case, &options, study, p)
    })
}

#[pyfunction]
#[pyo3(signature = (case_kind, case, set, seed=None, threads=0, population=None, generations=None, out=None, shard=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn sweep(
    py: Python<'_>,
    case_kind: &str,
    case: &str,
    set: Vec<String>,
    seed: Option<u64>,
    threads: usize,
    population: Option<usize>,
    generations: Option<usize>,
    out: Option<PathBuf>,
    shard: Option<String>,
    progress: Option<Py<PyAny>>,
) -> PyResult<String> {
    let common = StudyCommon {
        seed,
        threads,
        population,
        generations,
        out,
        shard,
    };
    run_study(py, case_kind, case, common, progress, |case, study, p| {
        api::sweep(case, &set, study, p)
    })
}

#[pyfunction]
#[pyo3(signature = (case_kind, case, points=5, seed=None, threads=0, population=None, generations=None, out=None, shard=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn pareto(
    py: Python<'_>,
    case_kind: &str,
    case: &str,
    points: usize,
    seed: Option<u64>,
    threads: usize,
    population: Option<usize>,
    generations: Option<usize>,
    out: Option<PathBuf>,
    shard: Option<String>,
    progress: Option<Py<PyAny>>,
) -> PyResult<String> {
    let common = StudyCommon {
        seed,
        threads,
        population,
        generations,
        out,
        shard,
    };
    run_study(py, case_kind, case, common, progress, |case, study, p| {
        api::pareto(case, points, study, p)
    })
}

#[pyfunction]
#[pyo3(signature = (shards, out=None))]
fn merge(py: Python<'_>, shards: Vec<PathBuf>, out: Option<PathBuf>) -> PyResult<String> {
    let result = py
        .detach(|| api::merge(&shards, out.as_deref()))
        .map_err(to_py)?;
    api::study_json(&result).map_err(to_py)
}

#[pymodule]
fn _hpsynth(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CaseError", m.py().get_type::<CaseError>())?;
    m.add("SolveError", m.py().get_type::<SolveError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(fluids, m)?)?;
    m.add_function(wrap_pyfunction!(cycle, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(targets, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(optimize, m)?)?;
    m.add_function(wrap_pyfunction!(network, m)?)?;
    m.add_function(wrap_pyfunction!(screen, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(pareto, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    Ok(())
}
