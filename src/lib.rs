//! hpsynth: cost-optimal industrial heat pump and refrigeration systems by bi-level optimisation.
//!
//! SI units inside (K, Pa, J, kg, s); conversions to °C, kPa and kW happen only at the edges (case files,
//! command line, reports), in [`units`].

pub mod fluids;
