//! Fluid families: what a compressor's pressure rating and its market depend on.

use serde::{Deserialize, Serialize};

/// The family of a working fluid, as compressor makers rate their machines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FluidFamily {
    /// R717.
    Ammonia,
    /// R744.
    CarbonDioxide,
    /// Alkanes and alkenes (R290, R600, R600a, R1270, R1150, ...), and dimethyl ether.
    Hydrocarbon,
    /// R718.
    Water,
    /// Halogenated fluids (HFCs, HFOs, HCFOs) and the other organic fluids of the catalogue (siloxanes,
    /// ketones, toluene).
    Synthetic,
}

impl FluidFamily {
    /// The family of a fluid by its canonical (CoolProp) name.
    pub fn of(canonical_name: &str) -> FluidFamily {
        match canonical_name {
            "Ammonia" => FluidFamily::Ammonia,
            "CarbonDioxide" => FluidFamily::CarbonDioxide,
            "Water" => FluidFamily::Water,
            "Methane" | "Ethane" | "Ethylene" | "n-Propane" | "Propylene" | "n-Butane"
            | "IsoButane" | "IsoButene" | "n-Pentane" | "Isopentane" | "Cyclopentane"
            | "n-Hexane" | "DimethylEther" => FluidFamily::Hydrocarbon,
            _ => FluidFamily::Synthetic,
        }
    }

    /// Its name in files and messages.
    pub fn name(self) -> &'static str {
        match self {
            FluidFamily::Ammonia => "ammonia",
            FluidFamily::CarbonDioxide => "carbon_dioxide",
            FluidFamily::Hydrocarbon => "hydrocarbon",
            FluidFamily::Water => "water",
            FluidFamily::Synthetic => "synthetic",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every catalogue fluid has a family; the natural refrigerants are not "synthetic".
    #[test]
    fn catalogue_fluids_fall_into_families() {
        for entry in crate::fluids::catalog() {
            let _ = FluidFamily::of(entry.name);
        }
        assert_eq!(FluidFamily::of("Ammonia"), FluidFamily::Ammonia);
        assert_eq!(FluidFamily::of("n-Propane"), FluidFamily::Hydrocarbon);
        assert_eq!(FluidFamily::of("R1233zd(E)"), FluidFamily::Synthetic);
    }
}
