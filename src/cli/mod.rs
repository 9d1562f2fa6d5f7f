//! What the command line prints: text for people, JSON (units in every key) for scripts. `main.rs` parses
//! arguments and calls these; the work happens in the library.

pub mod check;
pub mod cycle;
pub mod design_network;
pub mod evaluate;
pub mod fluids;
pub mod network;
pub mod optimize;
pub mod progress;
pub mod rerank;
pub mod studies;
pub mod targets;

/// Formats `value` with `digits` decimals, or "-" when absent.
pub fn opt(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"))
}
