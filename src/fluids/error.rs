//! Errors of the fluid layer. Values are SI inside; messages show the units a user types (°C, kPa).

use std::fmt;

/// The quantity an out-of-range message speaks of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    /// A temperature in K.
    Temperature,
    /// A pressure in Pa.
    Pressure,
    /// A specific enthalpy in J/kg.
    Enthalpy,
    /// A specific entropy in J/(kg K).
    Entropy,
}

impl Quantity {
    fn show(self, value: f64) -> String {
        match self {
            Quantity::Temperature => format!("{:.2} °C ({value:.2} K)", value - 273.15),
            Quantity::Pressure => format!("{:.3} kPa", value / 1e3),
            Quantity::Enthalpy => format!("{:.3} kJ/kg", value / 1e3),
            Quantity::Entropy => format!("{:.5} kJ/(kg K)", value / 1e3),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Quantity::Temperature => "temperature",
            Quantity::Pressure => "pressure",
            Quantity::Enthalpy => "enthalpy",
            Quantity::Entropy => "entropy",
        }
    }
}

/// Why a fluid property could not be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FluidError {
    #[error("unknown fluid \"{name}\"; closest known names: {}; `hpsynth fluids` lists all", suggestions.join(", "))]
    UnknownFluid {
        name: String,
        suggestions: Vec<String>,
    },
    #[error("{fluid}: {} {} is at or above the critical {} {}: no saturation there (hpsynth models subcritical cycles)",
        quantity.name(), quantity.show(*value), quantity.name(), quantity.show(*critical))]
    AboveCritical {
        fluid: String,
        quantity: Quantity,
        value: f64,
        critical: f64,
    },
    #[error("{fluid}: {} {} is below the triple-point {} {}: the fluid is solid there",
        quantity.name(), quantity.show(*value), quantity.name(), quantity.show(*triple))]
    BelowTriple {
        fluid: String,
        quantity: Quantity,
        value: f64,
        triple: f64,
    },
    #[error("{fluid}: {} {} is outside the range of the equation of state, {} to {}",
        quantity.name(), quantity.show(*value), quantity.show(*min), quantity.show(*max))]
    OutOfRange {
        fluid: String,
        quantity: Quantity,
        value: f64,
        min: f64,
        max: f64,
    },
    #[error("{fluid}: {what} must be a finite number, got {value}")]
    NotFinite {
        fluid: String,
        what: &'static str,
        value: f64,
    },
    #[error("{fluid}: {operation} did not converge at {inputs}")]
    NotConverged {
        fluid: String,
        operation: &'static str,
        inputs: String,
    },
    #[error("fluid file {file}: {reason}")]
    BadFile { file: String, reason: String },
}

/// Pressure and temperature of a failed call, for [`FluidError::NotConverged`].
pub(crate) struct Inputs(pub Quantity, pub f64, pub Quantity, pub f64);

impl fmt::Display for Inputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {}, {} = {}",
            self.0.name(),
            self.0.show(self.1),
            self.2.name(),
            self.2.show(self.3)
        )
    }
}
