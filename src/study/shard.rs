//! Shards: a study's jobs split over independent runs (`--shard K/N`), each written to
//! `shard-K-of-N.json`, and merged into the study's result (`hpsynth merge`).
//!
//! Shard `K` of `N` owns the jobs whose index `i` (0-based) has `i mod N = K - 1`: round robin, so that the
//! slow and the fast jobs of a list spread over the shards. Every job runs with the study's seed whatever
//! its shard, so a job gives the same record in any shard; the merge checks that the shards are of one
//! study (the same kind, options, seed, program version and case, by a hash of the loaded case) and that
//! every job is there exactly once, then hands the records to the study's finish as an unsharded run does.

use super::StudyError;
use super::record::JobRecord;
use crate::files::write_atomically;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Share `k` (1-based) of `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// Reads `K/N` (1 <= K <= N).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let fix = "give --shard as K/N with 1 <= K <= N, e.g. --shard 2/8";
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("--shard {text}: no '/' ({fix})"))?;
        let number = |s: &str| {
            s.trim()
                .parse::<usize>()
                .map_err(|_| format!("--shard {text}: '{s}' is not a whole number ({fix})"))
        };
        let (k, n) = (number(k)?, number(n)?);
        if k == 0 || n == 0 || k > n {
            return Err(format!("--shard {text}: out of range ({fix})"));
        }
        Ok(Shard { k, n })
    }

    /// Whether job `index` (0-based) is this shard's.
    pub fn owns(&self, index: usize) -> bool {
        index % self.n == self.k - 1
    }

    pub fn file_name(&self) -> String {
        format!("shard-{}-of-{}.json", self.k, self.n)
    }
}

/// The kinds of study; the name is how a shard file records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StudyKind {
    Screen,
    Sweep,
    Pareto,
}

/// What identifies a study: two shards merge only if these are equal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudySpec {
    pub hpsynth_version: String,
    pub kind: StudyKind,
    /// The case file as given on the command line (for the merge's messages and a sweep's finish).
    pub case_file: PathBuf,
    pub case_name: String,
    /// The loaded case's fingerprint (case/fingerprint.rs).
    pub case_hash: String,
    pub seed: u64,
    /// The study's own options (fluids and filters, swept keys, ...).
    pub options: serde_json::Value,
    /// Jobs in the whole study.
    pub jobs: usize,
}

/// One shard's output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardFile {
    pub study: StudySpec,
    pub shard: Shard,
    pub records: Vec<JobRecord>,
}

/// The hash of a loaded case for [`StudySpec::case_hash`]: its fingerprint (case/fingerprint.rs), the one
/// a checkpoint records by part.
pub fn case_hash(case: &crate::case::Case) -> String {
    crate::case::fingerprint::fingerprint(case)
}

impl ShardFile {
    /// Writes `dir/shard-K-of-N.json` (atomically: a file there is always a finished shard).
    pub fn write(&self, dir: &Path) -> Result<PathBuf, StudyError> {
        let path = dir.join(self.shard.file_name());
        let write_error = |source| StudyError::Write {
            file: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(write_error)?;
        let json = serde_json::to_string_pretty(self)
            .map_err(|e| write_error(std::io::Error::other(e)))?;
        write_atomically(&path, json.as_bytes()).map_err(write_error)?;
        Ok(path)
    }
}

/// The shard files among `paths` (files, or folders searched for `shard-*-of-*.json`).
fn shard_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, StudyError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_file() {
            files.push(p.clone());
            continue;
        }
        let entries = std::fs::read_dir(p).map_err(|e| StudyError::Shard {
            file: p.display().to_string(),
            message: format!(
                "cannot read the folder ({e}); give the folders the shards wrote (--out)"
            ),
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| {
                f.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("shard-") && n.ends_with(".json"))
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// Reads the shards among `paths` and checks that they are one whole study: its spec and every job's
/// record, in job order.
pub fn merge(paths: &[PathBuf]) -> Result<(StudySpec, Vec<JobRecord>), StudyError> {
    let files = shard_files(paths)?;
    let Some(first) = files.first() else {
        return Err(StudyError::Input(format!(
            "no shard-K-of-N.json in {}; give the folders that `--shard K/N --out DIR` wrote",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let read = |f: &PathBuf| -> Result<ShardFile, StudyError> {
        let text = std::fs::read_to_string(f).map_err(|e| StudyError::Shard {
            file: f.display().to_string(),
            message: format!("cannot read it ({e})"),
        })?;
        serde_json::from_str(&text).map_err(|e| StudyError::Shard {
            file: f.display().to_string(),
            message: format!("not a shard file of this hpsynth ({e}); run the shard again"),
        })
    };
    let head = read(first)?;
    let n = head.shard.n;
    let mut seen = vec![None::<PathBuf>; n];
    let mut records: Vec<Option<JobRecord>> = vec![None; head.study.jobs];
    for f in &files {
        let s = read(f)?;
        let problem = |message: String| StudyError::Shard {
            file: f.display().to_string(),
            message,
        };
        if s.study != head.study {
            return Err(problem(format!(
                "is of another study than {} (kind, options, seed, case or program version differ); merge \
                 the shards of one study only",
                first.display()
            )));
        }
        if s.shard.n != n {
            return Err(problem(format!(
                "is one of {} shards, {} one of {n}; merge the shards of one split only",
                s.shard.n,
                first.display()
            )));
        }
        if let Some(other) = seen[s.shard.k - 1].replace(f.clone()) {
            return Err(problem(format!(
                "shard {}/{n} is also in {}; keep one of them",
                s.shard.k,
                other.display()
            )));
        }
        for r in s.records {
            let index = r.index;
            if index >= records.len() || !s.shard.owns(index) {
                return Err(problem(format!(
                    "holds job {index}, which is not its share; run the shard again"
                )));
            }
            records[index] = Some(r);
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| seen[k - 1].is_none())
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(StudyError::Input(format!(
            "shards {} are missing; run them (`--shard K/N`) and merge again",
            missing.join(", ")
        )));
    }
    let records = records
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.ok_or_else(|| {
                StudyError::Input(format!("job {i} is in no shard; run its shard again"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((head.study, records))
}
