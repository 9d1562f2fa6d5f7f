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
