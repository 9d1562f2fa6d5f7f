//! What hpsynth reports, in user units (a unit in every key): the JSON of `cycle`, `targets`, `evaluate`
//! and `optimize`, `history.csv`, and a run written to a folder. The command line (`cli/`, `main.rs`)
//! and the validation suite both build on these; neither depends on the other.

pub mod cycle;
pub mod evaluate;
pub mod optimize;
pub mod run_folder;
pub mod targets;
