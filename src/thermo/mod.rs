//! Thermodynamic building blocks on top of [`crate::fluids`]: cycles and their states.

mod cycle;
mod input;

pub use cycle::{CycleError, CyclePoint, CycleResult, CycleSpec, Economizer, Level, compute_cycle};
pub use input::{CycleInput, CycleInputError};
