//! Running a study's jobs: one optimisation each, the share of a shard only. The jobs run side by side,
//! one thread each, on as many threads as given: a small screening GA keeps one core busy better than
//! two, and a run's result does not depend on its thread count (docs/optimizer.md), so neither does the
//! study's.

use super::StudyError;
use super::record::{JobRecord, JobStatus};
use super::shard::Shard;
use crate::case::Case;
use crate::master::{MasterError, RunSettings, SeedDesign, StopCause, optimize};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// One job of a study.
#[derive(Clone, Debug)]
pub enum Job {
    /// Optimise this case (the study's edit of the user's case), its first population seeded with `seeds`.
    Optimise {
        label: String,
        case: Box<Case>,
        seeds: Vec<SeedDesign>,
    },
    /// Settled without a run (left out by a filter): its record as it is.
    Settled {
        label: String,
        status: JobStatus,
        reason: String,
    },
}

impl Job {
    pub fn label(&self) -> &str {
        match self {
            Job::Optimise { label, .. } | Job::Settled { label, .. } => label,
        }
    }
}

/// Where a study stands, after each job.
#[derive(Clone, Debug)]
pub struct StudyProgress {
    /// Jobs of this share done, and in the share.
    pub done: usize,
    pub total: usize,
    pub last: String,
    /// The lowest TAC so far, with its job's label.
    pub best: Option<(String, f64)>,
}

/// Runs the jobs of `shard` (all of them without one) with `run` on `run.threads` threads (0: all cores),
/// telling `progress` after each; the records in job order.
pub fn run_jobs(
    jobs: &[Job],
    shard: Option<Shard>,
    run: &RunSettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
) -> Result<Vec<JobRecord>, StudyError> {
    let mine: Vec<usize> = (0..jobs.len())
        .filter(|i| shard.is_none_or(|s| s.owns(*i)))
        .collect();
    run_indices(jobs, &mine, run, progress)
}

/// Runs the jobs of `mine` (indices into `jobs`) as [`run_jobs`] does.
pub fn run_indices(
    jobs: &[Job],
    mine: &[usize],
    run: &RunSettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
) -> Result<Vec<JobRecord>, StudyError> {
    let state = Mutex::new(StudyProgress {
        done: 0,
        total: mine.len(),
        last: String::new(),
        best: None,
    });
    let one_thread = RunSettings {
        threads: 1,
        ..run.clone()
    };
    // Plain threads, each taking the next job: a run builds its own one-thread rayon pool, and a rayon
    // worker waiting on another pool would take up more jobs meanwhile (more runs than threads at once).
    let workers = match run.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(mine.len().max(1));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<JobRecord, StudyError>>>> =
        mine.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&index) = mine.get(k) else { break };
                    if stopped(run) {
                        break;
                    }
                    let record = run_job(index, &jobs[index], &one_thread);
                    if let (Ok(r), Ok(mut p)) = (&record, state.lock()) {
                        if let Some(tac) = r.tac_eur_per_yr()
                            && p.best.as_ref().is_none_or(|(_, b)| tac < *b)
                        {
                            p.best = Some((r.label.clone(), tac));
                        }
                        p.done += 1;
                        p.last = r.label.clone();
                        progress(&p);
                    }
                    if let Ok(mut slot) = slots[k].lock() {
                        *slot = Some(record);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| {
                Err(if stopped(run) {
                    StudyError::Interrupted
                } else {
                    StudyError::Input("a study job did not finish".into())
                })
            })
        })
        .collect()
}

/// Whether the study was told to stop.
fn stopped(run: &RunSettings) -> bool {
    run.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst))
}

/// One job: its record, with its wall time.
pub fn run_job(index: usize, job: &Job, run: &RunSettings) -> Result<JobRecord, StudyError> {
    let (label, case, seeds) = match job {
        Job::Settled {
            label,
            status,
            reason,
        } => {
            return Ok(JobRecord::without_design(
                index,
                label,
                *status,
                reason.clone(),
            ));
        }
        Job::Optimise { label, case, seeds } => (label, case, seeds),
    };
    let _span = tracing::info_span!("job", index, label = %label).entered();
    let start = Instant::now();
    let run = RunSettings {
        checkpoint: None,
        resume: false,
        seeds: seeds.clone(),
        ..run.clone()
    };
    let mut record = match optimize(case, &run, &mut |_| true) {
        Err(MasterError::Space(e)) => {
            JobRecord::without_design(index, label, JobStatus::CannotServe, e.to_string())
        }
        Err(e) => return Err(e.into()),
        Ok(result) if result.stop_reason.cause == StopCause::Interrupted => {
            return Err(StudyError::Interrupted);
        }
        Ok(result) => match &result.best {
            Some(best) if best.evaluation.design.is_some() => {
                JobRecord::designed(index, label, case, best, Some(&result.site))
            }
            _ => {
                // The commonest reasons first: what a user needs to see why a fluid fails.
                let mut reasons: Vec<(&String, &usize)> =
                    result.counters.without_design.iter().collect();
                reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let why: Vec<String> = reasons
                    .iter()
                    .take(3)
                    .map(|(r, n)| format!("{n}x {r}"))
                    .collect();
                JobRecord::without_design(
                    index,
                    label,
                    JobStatus::NoDesign,
                    format!(
                        "no feasible design ({}; candidates without one: {})",
                        result.stop_reason,
                        why.join(", ")
                    ),
                )
            }
        },
    };
    record.seconds = start.elapsed().as_secs_f64();
    Ok(record)
}
