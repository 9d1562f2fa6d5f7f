//! Helpers shared by the integration tests.

use serde_json::Value;

/// CoolProp 8.0.0 reference values, written once by tests/reference/generate_coolprop8.py.
pub fn coolprop8_reference() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/coolprop8.json"
    ))
    .expect("reference file");
    serde_json::from_str(&text).expect("reference JSON")
}

/// The bundled literature case folders.
pub fn cases_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("literature_cases")
}

/// One bundled case folder, e.g. `case_dir("ipese-dairy")`.
pub fn case_dir(name: &str) -> std::path::PathBuf {
    cases_root().join(name)
}

/// Relative difference of `a` from the reference `b`.
pub fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

/// Runs the `hpsynth` program from the crate's folder: (success, stdout, stderr).
pub fn hpsynth(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hpsynth"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run hpsynth");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The one JSON document `hpsynth` prints for `args`, which must succeed.
pub fn json(args: &[&str]) -> Value {
    let (ok, stdout, stderr) = hpsynth(args);
    assert!(ok, "{stderr}");
    serde_json::from_str(&stdout).expect("one JSON document")
}
