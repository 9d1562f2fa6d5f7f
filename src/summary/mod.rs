//! What hpsynth reports, in user units (a unit in every key): the JSON of `fluids`, `cycle`, `targets`,
//! `evaluate` and `optimize` and `history.csv` (report/ writes them into a folder). The library's front door
//! (api.rs, which the command line and the Python package call) and the validation suite build on these.

pub mod cycle;
pub mod evaluate;
pub mod fluids;
pub mod network;
pub mod network_ranking;
pub mod optimize;
pub mod targets;
