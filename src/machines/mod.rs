//! Machines a design is built from, as they are sold: compressor technologies with their efficiencies as
//! functions of the pressure ratio and the limits they are sold for, the oil cooler of oil-injected
//! machines, and the electric motors and drives between shaft and meter. The data are machine sets
//! (`machine_sets/*.toml`), each number with its source; docs/machines.md.

mod compressor;
mod exchanger;
mod family;
mod motor;
mod plant;
mod set;

pub use compressor::{
    Compression, CompressorData, Efficiencies, IsentropicEfficiency, OilCooling, OilHeat,
    Technology, VolumetricEfficiency, port_efficiency,
};
pub use exchanger::{
    ByType, ExchangerType, Film, FilmData, LoopData, LoopKind, Service, ServiceData, effective,
    pair_type,
};
pub use family::FluidFamily;
pub use motor::{Drive, MotorClass, Motors};
pub use plant::{PlantCycle, plant_cycle};
pub use set::{DEFAULT_MACHINE_SET, MachineSet, MachineSetError};

/// What turns shaft power into power at the meter for one compressor: its motor class and the drive.
#[derive(Clone, Debug, PartialEq)]
pub struct ElectricDrive {
    pub motors: Motors,
    pub drive: Option<Drive>,
}

impl ElectricDrive {
    /// Motor and drive efficiency at rated shaft power `p_w`: `(motor class, eta_motor, eta_drive)`.
    pub fn efficiencies(&self, p_w: f64) -> (String, f64, f64) {
        let (class, eta) = self.motors.at(p_w);
        (
            class.class.clone(),
            eta,
            self.drive.as_ref().map_or(1.0, |d| d.efficiency),
        )
    }
}

/// One technology a cycle may build its compressors with: its data, and the motor and drive of a real
/// machine (none for the ideal machine of a fixed `eta_is`).
#[derive(Clone, Debug, PartialEq)]
pub struct CompressorChoice {
    pub technology: Technology,
    pub data: CompressorData,
    pub electric: Option<ElectricDrive>,
}

impl CompressorChoice {
    /// The ideal machine of fixed isentropic efficiency `eta_is`: no volumetric, motor or drive loss.
    pub fn ideal(eta_is: f64) -> CompressorChoice {
        CompressorChoice {
            technology: Technology::Ideal,
            data: CompressorData::ideal(eta_is),
            electric: None,
        }
    }

    /// Motor and drive efficiency at rated shaft power `p_w` (both 1 for the ideal machine).
    pub fn electric_efficiency(&self, p_w: f64) -> f64 {
        self.electric.as_ref().map_or(1.0, |e| {
            let (_, motor, drive) = e.efficiencies(p_w);
            motor * drive
        })
    }
}

impl MachineSet {
    /// The technologies of this set a case allows (all of them when `allowed` is empty), each with the set's
    /// motors and drive.
    pub fn choices(&self, allowed: &[Technology]) -> Vec<CompressorChoice> {
        self.compressors
            .iter()
            .filter(|(t, _)| allowed.is_empty() || allowed.contains(t))
            .map(|(t, data)| CompressorChoice {
                technology: *t,
                data: data.clone(),
                electric: Some(ElectricDrive {
                    motors: self.motors.clone(),
                    drive: self.drive.clone(),
                }),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
