//! hpsynth: cost-optimal industrial heat pump and refrigeration systems by bi-level optimisation.
//!
//! SI units inside (K, Pa, J, kg, s); conversions to °C, kPa and kW happen only at the edges (case files,
//! command line, reports), in [`units`].
//!
//! An ideal ammonia cycle between -10 °C and 35 °C (COP 4.862 with CoolProp 8):
//!
//! ```
//! use hpsynth::fluids::fluid;
//! use hpsynth::thermo::{compute_cycle, CycleSpec, Level};
//! use hpsynth::units::celsius_to_kelvin;
//!
//! let ammonia = fluid("R717")?;
//! let spec = CycleSpec {
//!     evaporating: Level::SaturationTemperatureK(celsius_to_kelvin(-10.0)),
//!     condensing: Level::SaturationTemperatureK(celsius_to_kelvin(35.0)),
//!     intermediate: None,
//!     eta_is: 1.0,
//!     superheat_k: 0.0,
//!     subcool_k: 0.0,
//! };
//! let cycle = compute_cycle(ammonia.as_ref(), &spec)?;
//! assert!((cycle.cop_cooling - 4.862).abs() < 1e-3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod api;
pub mod cascade;
pub mod case;
pub mod costs;
pub mod files;
pub mod finance;
pub mod fluids;
pub mod folder_lock;
pub mod hen;
pub mod machines;
pub mod master;
pub mod network;
pub mod report;
pub mod slave;
pub mod solver;
pub mod study;
pub mod summary;
pub mod superstructure;
pub mod thermo;
pub mod units;
pub mod validation;

/// The README's Rust examples, run as documentation tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
