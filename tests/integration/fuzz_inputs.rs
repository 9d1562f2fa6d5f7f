//! Fuzzing every input file (docs/reliability.md): the bundled case TOMLs, the dairy's stream CSV, the
//! superstructure templates and the cost sets, mutated line by line (a value replaced by an odd one, a line
//! deleted, duplicated, moved in from another file, a character inserted, the text cut short). Whatever comes
//! in, loading never panics; a refusal names the file and, for each problem, where it is and the fix; a case
//! that loads goes on through the problem table, the search space and the slave's site without a heat pump
//! (an LP and the network target), which must not panic either.
//!
//! `make test` runs a short seeded share of it; the documented long run sets `HPSYNTH_FUZZ_CASES` (inputs)
//! and `HPSYNTH_FUZZ_SEED` (another deterministic stream).

use hpsynth::cascade::{ShiftedStream, problem_table};
use hpsynth::case::{Case, CaseError};
use hpsynth::master::Space;
use hpsynth::slave::{CostSet, CycleChoice, SlaveSettings, evaluate_candidate};
use hpsynth::superstructure::Template;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::{Path, PathBuf};

/// Inputs per target in `make test`; `HPSYNTH_FUZZ_CASES` overrides it.
const DEFAULT_CASES: u32 = 150;

/// One input file to mutate: its text, what kind it is, and the folder its relative paths resolve in.
#[derive(Clone, Debug)]
struct Seed {
    text: String,
    kind: Kind,
    dir: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    CaseToml,
    StreamCsv,
    Template,
    CostSet,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// Every bundled case TOML (not the `expected.toml` files), the dairy's CSV, every template and cost set.
fn seeds() -> Vec<Seed> {
    let mut seeds = Vec::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("literature_cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for dir in cases {
        for file in files_in(&dir, "toml") {
            let text = std::fs::read_to_string(&file).unwrap();
            if text.contains("[case]") {
                seeds.push(Seed {
                    text,
                    kind: Kind::CaseToml,
                    dir: dir.clone(),
                });
            }
        }
    }
    for file in files_in(&root().join("literature_cases/ipese-dairy"), "csv") {
        seeds.push(Seed {
            text: std::fs::read_to_string(&file).unwrap(),
            kind: Kind::StreamCsv,
            dir: file.parent().unwrap().to_path_buf(),
        });
    }
    for (folder, kind) in [
        ("superstructures", Kind::Template),
        ("cost_sets", Kind::CostSet),
    ] {
        for file in files_in(&root().join(folder), "toml") {
            seeds.push(Seed {
                text: std::fs::read_to_string(&file).unwrap(),
                kind,
                dir: root(),
            });
        }
    }
    seeds
}

/// One change to a text.
#[derive(Clone, Debug)]
enum Mutation {
    /// The value after `=` (TOML) or one cell (CSV) of line `line` replaced.
    Value {
        line: usize,
        cell: usize,
        value: String,
    },
    DeleteLine(usize),
    DuplicateLine(usize),
    /// A line of another seed inserted at `at`.
    Foreign {
        at: usize,
        seed: usize,
        line: usize,
    },
    /// A character inserted at a byte position (moved to a char boundary).
    Char {
        at: usize,
        c: char,
    },
    /// The text cut at a byte position.
    Truncate(usize),
}

/// Odd values: out-of-range, non-finite, wrong type, empty, huge, unknown names.
fn odd_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|x| format!("{x:?}")),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-f64::INFINITY),
            Just(0.0),
            Just(-0.0)
        ]
        .prop_map(|x| match x {
            x if x.is_nan() => "nan".to_string(),
            x if x.is_infinite() =>
                if x > 0.0 {
                    "inf".into()
                } else {
                    "-inf".into()
                },
            x => format!("{x:?}"),
        }),
        (-1e4f64..1e4).prop_map(|x| format!("{x}")),
        any::<i64>().prop_map(|x| x.to_string()),
        (-5i64..5).prop_map(|x| x.to_string()),
        "[a-zA-Z0-9 _./()-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        Just("\"\"".to_string()),
        Just("true".to_string()),
        Just("[]".to_string()),
        Just("[1.0, -2.0]".to_string()),
        Just("[\"R717\", \"nosuchfluid\"]".to_string()),
        Just("{}".to_string()),
        Just("1979-05-27".to_string()),
        Just("\"R717\"".to_string()),
        Just("\"hot\"".to_string()),
        Just("\"cold\"".to_string()),
    ]
}

fn mutation(seeds: usize) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (0usize..400, 0usize..8, odd_value())
            .prop_map(|(line, cell, value)| Mutation::Value { line, cell, value }),
        1 => (0usize..400).prop_map(Mutation::DeleteLine),
        1 => (0usize..400).prop_map(Mutation::DuplicateLine),
        1 => (0usize..400, 0..seeds, 0usize..400)
            .prop_map(|(at, seed, line)| Mutation::Foreign { at, seed, line }),
        1 => (0usize..20_000, any::<char>()).prop_map(|(at, c)| Mutation::Char { at, c }),
        1 => (0usize..20_000).prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation, seeds: &[Seed], csv: bool) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let n = lines.len().max(1);
    match m {
        Mutation::Value { .. } if lines.is_empty() => {}
        Mutation::Value { line, cell, value } => {
            let l = &mut lines[line % n];
            if csv {
                let mut cells: Vec<String> = l.split(',').map(String::from).collect();
                let k = cell % cells.len();
                cells[k] = value.trim_matches('"').to_string();
                *l = cells.join(",");
            } else if let Some((key, _)) = l.split_once('=') {
                *l = format!("{key}= {value}");
            }
        }
        Mutation::DeleteLine(line) => {
            if !lines.is_empty() {
                lines.remove(line % n);
            }
        }
        Mutation::DuplicateLine(line) => {
            if !lines.is_empty() {
                let l = lines[line % n].clone();
                lines.insert(line % n, l);
            }
        }
        Mutation::Foreign { at, seed, line } => {
            let other: Vec<&str> = seeds[*seed].text.lines().collect();
            if !other.is_empty() {
                lines.insert(
                    at % (lines.len() + 1),
                    other[line % other.len()].to_string(),
                );
            }
        }
        Mutation::Char { at, c } => {
            let mut t = lines.join("\n");
            let mut i = at % (t.len() + 1);
            while !t.is_char_boundary(i) {
                i -= 1;
            }
            t.insert(i, *c);
            return t;
        }
        Mutation::Truncate(at) => {
            let t = lines.join("\n");
            let mut i = at % (t.len() + 1);
            while !t.is_char_boundary(i) {
                i -= 1;
            }
            return t[..i].to_string();
        }
    }
    lines.join("\n")
}

/// A refusal names the file, and every problem says where it is, what is wrong and the fix.
fn check_refusal(e: &CaseError, file: &str) -> Result<(), TestCaseError> {
    let text = e.to_string();
    // A case TOML may refer to a CSV, whose problems name that file instead.
    prop_assert!(
        text.contains(file) || text.contains(".csv"),
        "no file named: {text}"
    );
    if let CaseError::Invalid { problems, .. } = e {
        prop_assert!(!problems.is_empty(), "{text}");
        for p in problems {
            prop_assert!(
                !p.location.trim().is_empty()
                    && !p.message.trim().is_empty()
                    && !p.fix.trim().is_empty(),
                "a problem without its place, message or fix: {p:?}"
            );
        }
    }
    Ok(())
}

/// A loaded case through the steps after loading: none may panic, whatever the numbers. The problem
/// table, the search space, the slave's site without a heat pump, and one candidate: the first fluid with
/// levels spread evenly over its range (as many as the case allows, at most three).
fn exercise(case: &Case) {
    let streams: Vec<ShiftedStream> = case
        .streams
        .iter()
        .map(ShiftedStream::from_process)
        .collect();
    let _ = problem_table(&streams);
    let settings = SlaveSettings::from_case(case);
    let Ok(space) = Space::new(case) else {
        return;
    };
    let Some(range) = space.fluids.first() else {
        return;
    };
    let n = space.levels.clamp(2, 3);
    let levels_k = (0..n)
        .map(|i| range.t_min_k + (range.t_max_k - range.t_min_k) * (i as f64 + 0.5) / n as f64)
        .collect();
    let cycles = vec![CycleChoice {
        fluid: range.name.clone(),
        levels_k,
    }];
    let _ = evaluate_candidate(case, &cycles, &case.heat_pump.template, &settings);
}

/// Runs `cases` mutated inputs from the seeds, deterministically for `HPSYNTH_FUZZ_SEED` (or proptest's
/// fixed stream); returns how many loaded and how many were refused.
fn run(cases: u32) -> (usize, usize) {
    let seeds = seeds();
    let kinds = [
        Kind::CaseToml,
        Kind::StreamCsv,
        Kind::Template,
        Kind::CostSet,
    ];
    assert!(
        kinds.iter().all(|k| seeds.iter().any(|s| s.kind == *k)),
        "a kind without seeds"
    );
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = match std::env::var("HPSYNTH_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        Some(seed) => {
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&seed.to_le_bytes());
            TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
        }
        None => TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    };
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = (
        0..seeds.len(),
        proptest::collection::vec(mutation(seeds.len()), 1..4),
    );
    let loaded = std::sync::atomic::AtomicUsize::new(0);
    let refused = std::sync::atomic::AtomicUsize::new(0);
    let count = |ok: bool| {
        let c = if ok { &loaded } else { &refused };
        c.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    };
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let current = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    // A watchdog: an input that runs for over 10 s is written to the temporary folder, to be replayed.
    {
        let (done, current) = (done.clone(), current.clone());
        std::thread::spawn(move || {
            let mut last = usize::MAX;
            let mut since = std::time::Instant::now();
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
                let n = done.load(std::sync::atomic::Ordering::Relaxed);
                if n != last {
                    (last, since) = (n, std::time::Instant::now());
                } else if since.elapsed().as_secs() == 10 {
                    let path = std::env::temp_dir().join(format!("hpsynth-fuzz-slow-{n}.toml"));
                    std::fs::write(&path, current.lock().unwrap().as_bytes()).ok();
                    eprintln!("fuzz: input {n} over 10 s, written to {}", path.display());
                }
            }
        });
    }
    let start = std::time::Instant::now();
    let result = runner.run(&strategy, |(index, mutations)| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(5000) {
            eprintln!("fuzz: {n} inputs, {:.0} s", start.elapsed().as_secs_f64());
        }
        let seed = &seeds[index];
        let csv = seed.kind == Kind::StreamCsv;
        let text = mutations
            .iter()
            .fold(seed.text.clone(), |t, m| apply(&t, m, &seeds, csv));
        *current.lock().unwrap() = format!(
            "# seed {index} ({:?}), dir {}\n{text}",
            seed.kind,
            seed.dir.display()
        );
        match seed.kind {
            Kind::CaseToml => match Case::from_toml_str(&text, "fuzz.toml", &seed.dir) {
                Ok(case) => {
                    count(true);
                    let start = std::time::Instant::now();
                    exercise(&case);
                    let took = start.elapsed().as_secs_f64();
                    if took > 2.0 {
                        eprintln!("fuzz: {took:.1} s on seed {index} with {mutations:?}");
                    }
                }
                Err(e) => {
                    count(false);
                    check_refusal(&e, "fuzz.toml")?
                }
            },
            Kind::StreamCsv => match Case::from_csv_str(&text, "fuzz.csv", "fuzz") {
                Ok(case) => {
                    count(true);
                    exercise(&case)
                }
                Err(e) => {
                    count(false);
                    check_refusal(&e, "fuzz.csv")?
                }
            },
            Kind::Template => {
                let parsed = Template::parse("fuzz.toml", &text);
                count(parsed.is_ok());
                if let Err(e) = parsed {
                    prop_assert!(e.to_string().contains("fuzz.toml"), "{e}");
                }
            }
            Kind::CostSet => {
                let parsed = CostSet::parse("fuzz.toml", &text);
                count(parsed.is_ok());
                if let Err(e) = parsed {
                    prop_assert!(e.to_string().contains("fuzz.toml"), "{e}");
                }
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    (loaded.into_inner(), refused.into_inner())
}

pub fn fuzz_every_input_file() {
    let cases = std::env::var("HPSYNTH_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let start = std::time::Instant::now();
    let (loaded, refused) = run(cases);
    eprintln!(
        "fuzz: {cases} inputs ({loaded} loaded, {refused} refused) in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}
