//! A study from start to finish, as the command line, Python and scripts run it: the study's seed and GA
//! budget applied to the case, its jobs run (the share of a shard only), then either the shard's file or
//! the finished study, written with its JSON, CSV and report page when an output folder is given.
//!
//! `merge` calls the same finish on the shards' records, so a merged study is the unsharded one.

use super::pareto::{self, ParetoOptions, ParetoResult};
use super::screen::{self, ScreenOptions, ScreenResult};
use super::shard::{self, Shard, ShardFile, StudyKind, StudySpec, case_hash};
use super::sweep::{self, SweepAxis, SweepOptions, SweepResult};
use super::{JobRecord, StudyError, StudyProgress, run_jobs};
use crate::case::Case;
use crate::master::{Mode, Operators, RunSettings};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What every study takes besides its own options. `Default`: the case's seed and GA budget, all cores, no
/// output folder, the whole study.
#[derive(Clone, Debug, Default)]
pub struct StudySettings {
    /// Seed of every run (`None`: the case's `optimizer.seed`); the same for every job and shard.
    pub seed: Option<u64>,
    /// Worker threads (0: all cores); the result does not depend on it.
    pub threads: usize,
    /// GA population of every run (`None`: the case's; a screening's budget sets its own).
    pub population: Option<usize>,
    /// GA generations of every run (`None`: the case's).
    pub generations: Option<usize>,
    /// Output folder: the study's JSON, CSV and report page; with `shard`, the shard's file.
    pub out: Option<PathBuf>,
    /// Run share K of N only and write it to `out` (`merge` joins the shards).
    pub shard: Option<Shard>,
    /// Set from outside (Ctrl-C in Python) to stop the study: the runs under way stop after their
    /// generation, no new one starts, and the study ends with [`StudyError::Interrupted`].
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl StudySettings {
    /// `case` with the study's seed and GA budget.
    fn apply(&self, mut case: Case) -> Case {
        let o = &mut case.optimizer;
        o.seed = self.seed.unwrap_or(o.seed);
        o.population = self.population.unwrap_or(o.population);
        o.generations = self.generations.unwrap_or(o.generations);
        o.stall_generations = o.stall_generations.min(o.generations);
        case
    }

    fn run(&self) -> RunSettings {
        RunSettings {
            mode: Mode::Bilevel,
            threads: self.threads,
            checkpoint: None,
            resume: false,
            operators: Operators::default(),
            dump_failed: None,
            seeds: Vec::new(),
            stop: self.stop.clone(),
        }
    }
}

/// Writes a finished study's files (its JSON, CSV and report page) into a folder: the report layer's
/// `report::studies::write_files`, handed down so that studies do not depend on reports.
pub type StudyFiles = dyn Fn(&StudyResult, &Path) -> Result<(), StudyError> + Sync;

/// A finished study: what `--json` prints and the study's JSON file holds.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum StudyResult {
    Screen(ScreenResult),
    Sweep(SweepResult),
    Pareto(ParetoResult),
}

impl StudyResult {
    /// The study's JSON document, as `--json` prints it and the study's file holds it.
    pub fn to_json(&self) -> Result<String, StudyError> {
        serde_json::to_string_pretty(self).map_err(|e| StudyError::Input(e.to_string()))
    }
}

/// What a study run gives: the study, or (with a shard) the shard's file.
#[derive(Clone, Debug)]
pub enum StudyOutcome {
    Finished(StudyResult),
    Shard {
        shard: Shard,
        file: PathBuf,
        jobs: usize,
    },
}

/// Runs a screening of `case` (docs/studies.md).
pub fn screen(
    case: &Case,
    options: ScreenOptions,
    settings: &StudySettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
    files: &StudyFiles,
) -> Result<StudyOutcome, StudyError> {
    let case = settings.apply(case.clone());
    let jobs = screen::jobs(&case, &options);
    let spec = spec(StudyKind::Screen, &case, &options, jobs.len())?;
    let total = jobs.len();
    run_whole_or_shard(settings, spec, total, progress, files, &|shard, run, p| {
        run_jobs(&jobs, shard, run, p)
    })
}

/// Runs a sweep of `case` (read from TOML: the sweep edits its keys) over `axes`.
pub fn sweep(
    case: &Case,
    axes: Vec<SweepAxis>,
    settings: &StudySettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
    files: &StudyFiles,
) -> Result<StudyOutcome, StudyError> {
    let options = SweepOptions {
        axes,
        population: settings.population,
        generations: settings.generations,
    };
    let seed = settings.seed.unwrap_or(case.optimizer.seed);
    let cases = sweep::cases_of(case, &options, seed)?;
    let jobs = sweep::jobs(&cases);
    // The case as read, with the study's seed: the merge reads the file again and checks it is unchanged.
    let mut as_read = case.clone();
    as_read.optimizer.seed = seed;
    let spec = spec(StudyKind::Sweep, &as_read, &options, jobs.len())?;
    let total = jobs.len();
    run_whole_or_shard(settings, spec, total, progress, files, &|shard, run, p| {
        run_jobs(&jobs, shard, run, p)
    })
}

/// Runs the TAC-CO2 front of `case` with `points` points (at least 2: the two extremes).
pub fn pareto(
    case: &Case,
    points: usize,
    settings: &StudySettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
    files: &StudyFiles,
) -> Result<StudyOutcome, StudyError> {
    let options = ParetoOptions { points };
    if points < 2 {
        return Err(StudyError::Input(format!(
            "--points {points}: at least 2 (the two extremes)"
        )));
    }
    let case = settings.apply(case.clone());
    let spec = spec(StudyKind::Pareto, &case, &options, points)?;
    run_whole_or_shard(settings, spec, points, progress, files, &|shard, run, p| {
        pareto::run(&case, options, shard, run, p)
    })
}

/// The study of the shards among `paths` (files, or the folders they were written to), written to `out`
/// as the whole run would write it.
pub fn merge(
    paths: &[PathBuf],
    out: Option<&Path>,
    files: &StudyFiles,
) -> Result<StudyResult, StudyError> {
    let (spec, records) = shard::merge(paths)?;
    finish(&spec, &records, out.map(|o| (o, files)))
}

/// Runs the shard's share of a study's jobs.
type Runner<'a> = dyn Fn(
        Option<Shard>,
        &RunSettings,
        &(dyn Fn(&StudyProgress) + Sync),
    ) -> Result<Vec<JobRecord>, StudyError>
    + 'a;

/// Runs a study's share of `total` jobs with `runner`, then writes the shard or finishes the study.
fn run_whole_or_shard(
    settings: &StudySettings,
    spec: StudySpec,
    total: usize,
    progress: &(dyn Fn(&StudyProgress) + Sync),
    files: &StudyFiles,
    runner: &Runner<'_>,
) -> Result<StudyOutcome, StudyError> {
    if settings.shard.is_some() && settings.out.is_none() {
        return Err(StudyError::Input(
            "--shard needs --out DIR, where its shard file goes".into(),
        ));
    }
    // An unsharded study owns its folder while it runs (the shards of one study share theirs, each writing
    // its own file).
    let _lock = match (settings.shard, &settings.out) {
        (None, Some(out)) => {
            std::fs::create_dir_all(out).map_err(|source| StudyError::Write {
                file: out.display().to_string(),
                source,
            })?;
            Some(crate::folder_lock::FolderLock::acquire(out)?)
        }
        _ => None,
    };
    let share = settings
        .shard
        .map_or(total, |s| (0..total).filter(|i| s.owns(*i)).count());
    progress(&StudyProgress {
        done: 0,
        total: share,
        last: String::new(),
        best: None,
    });
    let records = runner(settings.shard, &settings.run(), progress)?;
    match (settings.shard, &settings.out) {
        (Some(shard), Some(out)) => {
            let jobs = records.len();
            let file = ShardFile {
                study: spec,
                shard,
                records,
            }
            .write(out)?;
            Ok(StudyOutcome::Shard { shard, file, jobs })
        }
        _ => Ok(StudyOutcome::Finished(finish(
            &spec,
            &records,
            settings.out.as_deref().map(|o| (o, files)),
        )?)),
    }
}

fn spec(
    kind: StudyKind,
    case: &Case,
    options: &impl Serialize,
    jobs: usize,
) -> Result<StudySpec, StudyError> {
    Ok(StudySpec {
        hpsynth_version: env!("CARGO_PKG_VERSION").to_string(),
        kind,
        case_file: case
            .toml
            .as_ref()
            .map_or_else(PathBuf::new, |t| t.path.clone()),
        case_name: case.name.clone(),
        case_hash: case_hash(case),
        seed: case.optimizer.seed,
        options: serde_json::to_value(options).map_err(|e| StudyError::Input(e.to_string()))?,
        jobs,
    })
}

fn options_of<T: serde::de::DeserializeOwned>(spec: &StudySpec) -> Result<T, StudyError> {
    serde_json::from_value(spec.options.clone())
        .map_err(|e| StudyError::Input(format!("the shards' study options cannot be read ({e})")))
}

/// The study from its records, and its files in the output folder, if there is one.
fn finish(
    spec: &StudySpec,
    records: &[JobRecord],
    out: Option<(&Path, &StudyFiles)>,
) -> Result<StudyResult, StudyError> {
    let result = match spec.kind {
        StudyKind::Screen => {
            let options: ScreenOptions = options_of(spec)?;
            StudyResult::Screen(screen::finish(
                &spec.case_name,
                spec.seed,
                &options,
                records,
            ))
        }
        StudyKind::Sweep => StudyResult::Sweep(finish_sweep(spec, records)?),
        StudyKind::Pareto => StudyResult::Pareto(pareto::finish(
            &spec.case_name,
            spec.seed,
            options_of(spec)?,
            records,
        )),
    };
    if let Some((out, write)) = out {
        write(&result, out)?;
    }
    Ok(result)
}

/// A sweep's finish evaluates neighbours' designs at each point: it needs the case, as the shards read it.
fn finish_sweep(spec: &StudySpec, records: &[JobRecord]) -> Result<SweepResult, StudyError> {
    let options: SweepOptions = options_of(spec)?;
    let mut case = Case::load(&spec.case_file).map_err(|e| {
        StudyError::Input(format!(
            "the sweep's case cannot be read again ({e}); merge where the shards ran"
        ))
    })?;
    case.optimizer.seed = spec.seed;
    if case_hash(&case) != spec.case_hash {
        return Err(StudyError::Input(format!(
            "{} changed since the shards ran; run the sweep again",
            spec.case_file.display()
        )));
    }
    let cases = sweep::cases_of(&case, &options, spec.seed)?;
    Ok(sweep::finish(&cases, &options.axes, spec.seed, records))
}
