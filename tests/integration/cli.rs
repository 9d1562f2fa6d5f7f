//! The command line as a user meets it: JSON keys the issues promise, exit codes, clear errors.

use serde_json::Value;
use std::process::Command;

use crate::small_cases;

use crate::common::{hpsynth, json};

#[test]
fn cycle_json_has_the_promised_keys() {
    let v = json(&[
        "cycle",
        "--fluid",
        "R134a",
        "--p-evap-kpa",
        "140",
        "--p-mid-kpa",
        "320",
        "--p-cond-kpa",
        "800",
        "--economizer",
        "flash-mixing",
        "--json",
    ]);
    for key in [
        "cop_cooling",
        "cop_heating",
        "t_discharge_c",
        "p_evap_kpa",
        "p_cond_kpa",
        "flash_fraction",
        "states",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    // Çengel & Boles: flash fraction 0.2049.
    assert!((v["flash_fraction"].as_f64().unwrap() - 0.2049).abs() < 5e-4);
    assert_eq!(v["states"].as_array().unwrap().len(), 9);
}

#[test]
fn targets_json_has_the_promised_keys_and_writes_the_gcc() {
    let dir = std::env::temp_dir().join(format!("hpsynth-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gcc = dir.join("gcc.csv");
    let v = json(&[
        "targets",
        "literature_cases/kemp-four-stream/case.toml",
        "--json",
        "--gcc-csv",
        gcc.to_str().unwrap(),
    ]);
    for key in ["q_hot_min_kw", "q_cold_min_kw", "pinch_shifted_c", "gcc"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert!(v["gcc"][0].get("t_shifted_c").is_some() && v["gcc"][0].get("q_kw").is_some());
    let csv = std::fs::read_to_string(&gcc).unwrap();
    assert!(csv.starts_with("t_shifted_c,q_kw\n"));
    assert_eq!(csv.lines().count(), v["gcc"].as_array().unwrap().len() + 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fluids_json_lists_every_fluid_with_sources() {
    let v = json(&["fluids", "--json"]);
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 44);
    let ammonia = rows.iter().find(|r| r["name"] == "Ammonia").unwrap();
    assert_eq!(ammonia["designation"], "R717");
    assert_eq!(ammonia["ashrae34"], "B2L");
    assert_eq!(ammonia["eos_source"], "Gao-JPCRD-2020");
}

#[test]
fn bad_input_fails_with_a_clear_message_and_no_panic() {
    for (args, expected) in [
        (
            vec![
                "cycle",
                "--fluid",
                "CO2",
                "--t-evap-c",
                "-10",
                "--t-cond-c",
                "35",
            ],
            "critical",
        ),
        (
            vec![
                "cycle",
                "--fluid",
                "R134",
                "--t-evap-c",
                "-10",
                "--t-cond-c",
                "35",
            ],
            "R134a",
        ),
        (
            vec![
                "cycle",
                "--fluid",
                "R717",
                "--t-evap-c",
                "-100",
                "--t-cond-c",
                "35",
            ],
            "triple",
        ),
        (vec!["check", "no/such/case.toml"], "no/such/case.toml"),
        (
            vec!["targets", "tests/integration/cli.rs"],
            "TOML parse error",
        ),
        (
            vec!["network", "literature_cases/kemp-four-stream/case.toml"],
            "a network of the process needs [[utilities]]",
        ),
        (
            vec![
                "network",
                "literature_cases/kemp-four-stream/case.toml",
                "--design",
                "literature_cases/kemp-four-stream/case.toml",
            ],
            "not a saved design",
        ),
        (
            vec![
                "screen",
                "literature_cases/kemp-four-stream/case.toml",
                "--network",
                "2",
            ],
            "--network: give --out",
        ),
        (
            vec![
                "network",
                "literature_cases/kemp-four-stream/case.toml",
                "--fluid",
                "R717",
            ],
            "give one --levels-c per --fluid",
        ),
    ] {
        let (ok, _, stderr) = hpsynth(&args);
        assert!(!ok, "{args:?} must fail");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// The command over one case folder (the whole suite runs in process in cascade_targets.rs).
#[test]
fn validate_passes_and_prints_a_closing_count() {
    let cases = crate::common::case_dir("kemp-four-stream");
    let root = std::env::temp_dir().join(format!("hpsynth-cli-validate-{}", std::process::id()));
    let folder = root.join("kemp-four-stream");
    std::fs::create_dir_all(&folder).unwrap();
    for entry in std::fs::read_dir(&cases).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
    }
    let (ok, stdout, stderr) = hpsynth(&["validate", "--cases", root.to_str().unwrap()]);
    std::fs::remove_dir_all(&root).ok();
    assert!(ok, "{stderr}");
    let last = stdout.lines().last().unwrap();
    assert!(
        last.ends_with("passed, 0 failed") && !last.starts_with("0 "),
        "{last}"
    );
}

fn modified(path: &std::path::Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn optimize_writes_the_report_before_the_result() {
    let dir = std::env::temp_dir().join(format!("hpsynth-cli-optimize-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = dir.join("case.toml");
    // Ammonia, three levels, 4 candidates for 2 generations: a full run in seconds.
    std::fs::write(&case, small_cases::two_loads_toml(4, 2, "\"R717\"", 3)).unwrap();
    let out = dir.join("out");
    let (ok, _, stderr) = hpsynth(&[
        "optimize",
        case.to_str().unwrap(),
        "--threads",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    for name in [
        "report.html",
        "report.md",
        "gcc.svg",
        "convergence.svg",
        "costs.svg",
        "ph-1-ammonia.svg",
        "ts-1-ammonia.svg",
        "flowsheet.dot",
        "history.csv",
    ] {
        let path = out.join(name);
        assert!(path.is_file(), "{name} missing");
        assert!(
            modified(&path) <= modified(&out.join("result.json")),
            "{name} after result.json"
        );
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("GA convergence") && html.contains("grid baseline TAC"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn evaluate_writes_a_report_without_run_sections() {
    let dir = std::env::temp_dir().join(format!("hpsynth-cli-evaluate-{}", std::process::id()));
    let (ok, _, stderr) = hpsynth(&[
        "evaluate",
        "literature_cases/ipese-dairy/case.toml",
        "--fluid",
        "R717",
        "--levels-c=-8,10,30,55,75,95",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("Key figures") && html.contains("second-law efficiency"));
    assert!(!html.contains("GA convergence") && !html.contains("grid baseline"));
    assert!(!dir.join("convergence.svg").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_report_folder_that_cannot_be_made_is_a_clear_error() {
    // A file where the folder should be.
    let (ok, _, stderr) = hpsynth(&[
        "evaluate",
        "literature_cases/ipese-dairy/case.toml",
        "--fluid",
        "R717",
        "--levels-c=-8,30,75",
        "--out",
        "Cargo.toml",
    ]);
    assert!(!ok);
    assert!(stderr.contains("cannot create Cargo.toml"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A MILP stopped by its time limit before any feasible point is reported as such (not as a bare solver
/// failure), and `--dump-failed` writes it as an MPS file that HiGHS reads back and solves to the optimum
/// of the same model solved normally: with the CO2 objective, the design's CO2 in t/yr.
#[test]
fn a_time_limited_milp_is_reported_and_dumped_for_replay() {
    let dir = std::env::temp_dir().join(format!("hpsynth-dump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case_text = std::fs::read_to_string("literature_cases/ipese-dairy/case.toml")
        .unwrap()
        .replace(
            "streams_csv = \"streams.csv\"",
            &format!(
                "streams_csv = \"{}/literature_cases/ipese-dairy/streams.csv\"",
                env!("CARGO_MANIFEST_DIR")
            ),
        );
    let normal = dir.join("normal.toml");
    std::fs::write(
        &normal,
        case_text.replace(
            "[optimizer]",
            "[optimizer]\nwarm_start = false\nmip_gap = 0.0",
        ),
    )
    .unwrap();
    let tiny = dir.join("tiny.toml");
    std::fs::write(
        &tiny,
        case_text.replace(
            "[optimizer]",
            "[optimizer]\nslave_time_limit_s = 1e-6\nwarm_start = false",
        ),
    )
    .unwrap();
    let levels = "--levels-c=-8,10,30,55,75";
    let args = |case: &std::path::Path| -> Vec<String> {
        [
            "evaluate",
            case.to_str().unwrap(),
            "--fluid",
            "R717",
            levels,
            "--objective",
            "co2",
            "--json",
        ]
        .map(String::from)
        .to_vec()
    };
    let run = |args: Vec<String>| -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_hpsynth"))
            .args(&args)
            .output()
            .expect("run hpsynth");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("one JSON document")
    };
    let solved = run(args(&normal));
    // Solved to a zero relative gap: optimal, or stopped at HiGHS's absolute gap (1e-6).
    assert!(
        solved["status"] == "optimal" || solved["status"] == "gap_limited",
        "{}",
        solved["status"]
    );
    // The MILP's own CO2 (its motors at the efficiency it prices them with), which the replay minimises.
    let co2_t_per_yr = solved["costs"]["co2_milp_t_per_yr"].as_f64().unwrap();
    let tac_keur_per_yr = solved["costs"]["tac_eur_per_yr"].as_f64().unwrap() / 1e3;

    let dump = dir.join("dump");
    let mut stopped_args = args(&tiny);
    stopped_args.extend(["--dump-failed".into(), dump.to_str().unwrap().into()]);
    let stopped = run(stopped_args);
    assert_eq!(
        stopped["status"], "time_limited_without_solution",
        "{stopped}"
    );
    let files: Vec<_> = std::fs::read_dir(&dump)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].to_string_lossy().ends_with(".mps"), "{files:?}");

    // Replay with HiGHS itself (its C API, as `highs FILE.mps` would).
    let path = std::ffi::CString::new(files[0].to_str().unwrap()).unwrap();
    // SAFETY: one Highs instance, created, used and destroyed here; the strings outlive the calls.
    let (status, objective) = unsafe {
        let h = highs_sys::Highs_create();
        highs_sys::Highs_setBoolOptionValue(h, c"output_flag".as_ptr(), 0);
        highs_sys::Highs_setDoubleOptionValue(h, c"mip_rel_gap".as_ptr(), 0.0);
        assert!(highs_sys::Highs_readModel(h, path.as_ptr()) >= 0);
        highs_sys::Highs_run(h);
        let result = (
            highs_sys::Highs_getModelStatus(h),
            highs_sys::Highs_getObjectiveValue(h),
        );
        highs_sys::Highs_destroy(h);
        result
    };
    assert_eq!(status as i64, highs_sys::MODEL_STATUS_OPTIMAL as i64);
    // The CO2 objective is CO2 (t/yr) + 1e-6 x the model's TAC (kEUR/yr, its exchangers by their charge
    // per kW rather than the network priced after the solve: within a factor of 3 of the design's TAC here).
    let tie_break = objective - co2_t_per_yr;
    assert!(
        tie_break >= -1e-6 * co2_t_per_yr.abs().max(1.0) && tie_break <= 3e-6 * tac_keur_per_yr,
        "replayed {objective} against {co2_t_per_yr} t/yr and {tac_keur_per_yr} kEUR/yr"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Where a kill lands in [`a_run_killed_at_any_point_resumes_to_the_same_result`]: `then_ms` after the
/// checkpoint holds `generation` (0: after the start).
#[derive(Debug)]
struct KillAt {
    generation: u64,
    then_ms: u64,
}

/// The parts of `result.json` a resumed run must reproduce: everything but timing and threads.
fn reproducible(result: &Value) -> Value {
    let mut r = result.clone();
    let o = r.as_object_mut().unwrap();
    for key in ["seconds", "threads"] {
        o.remove(key);
    }
    o["counters"]
        .as_object_mut()
        .unwrap()
        .remove("evaluations_per_s");
    if let Some(d) = o["design"].as_object_mut() {
        d.remove("build_ms");
        d.remove("solve_ms");
    }
    r
}

/// SIGKILL at several points of a run (in the grid phase, just after a checkpoint, in the middle of a
/// generation, in the local search after the last generation), then `--resume` on another thread count: the
/// same design, history and counters as an uninterrupted run. A killed run leaves no `result.json`, or (if
/// the kill came after it was written) the complete one.
#[test]
fn a_run_killed_at_any_point_resumes_to_the_same_result() {
    let dir = std::env::temp_dir().join(format!("hpsynth-kill-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = dir.join("case.toml");
    std::fs::write(
        &case,
        small_cases::two_loads_toml(10, 8, "\"R717\", \"R290\"", 3),
    )
    .unwrap();
    let optimize = |out: &std::path::Path, threads: &str, resume: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hpsynth"));
        c.args([
            "optimize",
            case.to_str().unwrap(),
            "--threads",
            threads,
            "--out",
        ])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
        if resume {
            c.arg("--resume");
        }
        c
    };
    let read = |out: &std::path::Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join("result.json")).unwrap()).unwrap()
    };
    let whole_dir = dir.join("whole");
    assert!(optimize(&whole_dir, "2", false).status().unwrap().success());
    let whole = reproducible(&read(&whole_dir));

    let at = |generation, then_ms| KillAt {
        generation,
        then_ms,
    };
    let points = [
        at(0, 300),
        at(1, 0),
        at(2, 40),
        at(5, 0),
        at(7, 300),
        at(8, 0),
    ];
    let mut killed_runs = 0;
    for (i, point) in points.iter().enumerate() {
        let out = dir.join(format!("killed-{i}"));
        let mut child = optimize(&out, "2", false).spawn().unwrap();
        let mut reached_at: Option<std::time::Instant> = None;
        let finished = loop {
            if child.try_wait().unwrap().is_some() {
                break true;
            }
            if reached_at.is_none()
                && (point.generation == 0
                    || std::fs::read_to_string(out.join("checkpoint.json"))
                        .ok()
                        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                        .and_then(|c| c["generation"].as_u64())
                        .is_some_and(|done| done >= point.generation))
            {
                reached_at = Some(std::time::Instant::now());
            }
            if reached_at.is_some_and(|t| t.elapsed().as_millis() as u64 >= point.then_ms) {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                break false;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        };
        if !finished {
            killed_runs += 1;
            let reached = std::fs::read_to_string(out.join("checkpoint.json"))
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .map(|c| c["generation"].clone());
            eprintln!("{point:?}: killed with the checkpoint at generation {reached:?}");
            if out.join("result.json").exists() {
                assert_eq!(
                    reproducible(&read(&out)),
                    whole,
                    "{point:?}: a partial result.json"
                );
            }
        }
        assert!(
            optimize(&out, "1", true).status().unwrap().success(),
            "{point:?}"
        );
        assert_eq!(reproducible(&read(&out)), whole, "{point:?}");
    }
    assert!(
        killed_runs >= 3,
        "only {killed_runs} runs were killed before they ended"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A full disk, simulated by a file-size limit (`ulimit -f`, with SIGXFSZ ignored so that a write fails
/// with an error instead of killing the program): at 1 block the first checkpoint cannot be written, at 48
/// blocks (24-48 KB) the plots fit but not `report.html`. Either way the run fails with a message naming the
/// file and the fix, no panic, no `result.json`, and no half-written file left behind.
#[test]
fn a_full_disk_stops_the_run_with_a_clear_error_and_no_partial_files() {
    let dir = std::env::temp_dir().join(format!("hpsynth-full-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = dir.join("case.toml");
    std::fs::write(&case, small_cases::two_loads_toml(4, 2, "\"R717\"", 3)).unwrap();
    for (blocks, file, fix) in [
        (1, "checkpoint.json", "free space in the output folder"),
        (48, "report.html", "has free space"),
    ] {
        let out = dir.join(format!("out-{blocks}"));
        let script = format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" optimize \"$1\" --threads 1 --out \"$2\""
        );
        let run = Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_hpsynth")])
            .arg(&case)
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{blocks} blocks: {stderr}");
        assert!(
            stderr.contains("cannot write") && stderr.contains(file) && stderr.contains(fix),
            "{blocks} blocks: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        let left: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !left
                .iter()
                .any(|f| f == "result.json" || f.ends_with(".partial")),
            "{left:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Two `optimize` runs into one `--out` (as two users of a cluster might start them): while the first
/// lives the second is refused, with a message naming the folder and the first run's process, and writes
/// nothing; once the first is killed its folder is free at once and `--resume` continues it.
#[test]
fn a_second_run_into_a_live_runs_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.toml");
    // A budget long enough that the first run is still going when the second starts (it is killed).
    std::fs::write(
        &case,
        small_cases::two_loads_toml(40, 400, "\"R717\", \"R290\"", 3),
    )
    .unwrap();
    let out = dir.path().join("out");
    let optimize = |seed: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hpsynth"));
        c.args([
            "optimize",
            case.to_str().unwrap(),
            "--seed",
            seed,
            "--threads",
            "1",
            "--out",
        ])
        .arg(&out);
        c
    };
    let mut first = optimize("11")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The lock file names its holder once the first run holds the folder.
    let lock = out.join(hpsynth::folder_lock::LOCK_FILE);
    let holder = format!("\"pid\":{}", first.id());
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(&lock).is_ok_and(|t| t.contains(&holder)) {
        assert!(
            start.elapsed().as_secs() < 60,
            "the first run never locked its folder"
        );
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first run ended early"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let second = optimize("5").output().unwrap();
    let still_running = first.try_wait().unwrap().is_none();
    first.kill().unwrap(); // SIGKILL: no clean-up of its own
    first.wait().unwrap();
    assert!(
        still_running,
        "the first run ended before the second was refused"
    );
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains(&out.display().to_string())
            && stderr.contains(&format!("process {}", first.id()))
            && stderr.contains("in use by another run"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.join("result.json").exists());
    // The killed run's folder resumes (a short time limit: only that the lock no longer blocks it).
    let resumed = optimize("11")
        .args(["--resume", "--time-limit-s", "1"])
        .output()
        .unwrap();
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    assert!(out.join("result.json").exists());
}

/// `network CASE --design FILE` reads the design `evaluate --json` wrote (its cycles and dT_min/2) and
/// synthesises that design's network: the same fluid, levels and heat released as the file says.
#[test]
fn network_of_a_saved_design() {
    let case = "literature_cases/openpinch-dairy-chilling/base.toml";
    let (ok, evaluation, stderr) = hpsynth(&[
        "evaluate",
        case,
        "--fluid",
        "R717",
        "--levels-c=-3,40,70",
        "--json",
    ]);
    assert!(ok, "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("design.json");
    std::fs::write(&saved, &evaluation).unwrap();
    let (ok, network, stderr) = hpsynth(&[
        "network",
        case,
        "--design",
        saved.to_str().unwrap(),
        "--json",
    ]);
    assert!(ok, "{stderr}");
    let evaluation: serde_json::Value = serde_json::from_str(&evaluation).unwrap();
    let network: serde_json::Value = serde_json::from_str(&network).unwrap();
    assert_eq!(network["fluids"][0], evaluation["cycles"][0]["fluid"]);
    let levels = |v: &serde_json::Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_f64().unwrap())
            .collect()
    };
    let (ours, saved) = (
        levels(&network["levels_c"][0]),
        levels(&evaluation["cycles"][0]["levels_c"]),
    );
    assert_eq!(ours.len(), 3);
    assert!(ours.iter().zip(&saved).all(|(a, b)| (a - b).abs() < 1e-9));
    let released = |v: &serde_json::Value| v["heat_released_kw"].as_f64().unwrap();
    assert!((released(&network) - released(&evaluation)).abs() < 1e-6);
}

/// `screen --network 1 --out DIR`: the screening's best fluid's design gets its network; the ranking is
/// written beside screen.json with that design's levels, and an earlier ranking's file is replaced.
#[test]
fn screen_ranks_its_best_fluids_by_their_networks() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("network-block-9.svg");
    std::fs::write(&stale, "an earlier run's").unwrap();
    let out = dir.path().to_str().unwrap();
    let case = "python/tests/cases/chiller-and-hot-water.toml";
    let (ok, text, stderr) = hpsynth(&[
        "screen",
        case,
        "--fluids",
        "R290",
        "--network",
        "1",
        "--out",
        out,
    ]);
    assert!(ok, "{stderr}");
    assert!(text.contains("by screen"), "{text}");
    assert!(!stale.exists(), "an earlier network's grid is left");
    let screen: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("screen.json")).unwrap())
            .unwrap();
    let ranking: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("network_ranking.json")).unwrap(),
    )
    .unwrap();
    let row = &ranking[0];
    assert_eq!(row["run_rank"], 1);
    assert!(row["failure"].is_null(), "{row}");
    assert_eq!(
        row["levels_c"][0],
        screen["rows"][0]["design"]["cycles"][0]["levels_c"]
    );
    assert!(dir.path().join("network.html").is_file());
}
