//! How a stream exchanges heat: its film coefficient in each type of exchanger (its fouling resistance
//! counted once, on its own side), the type of exchanger its service asks for, and, for a desuperheating
//! zone, the wet-wall film where the cold side is below saturation.
//!
//! Two streams meet in the type the heavier of them asks for (plate < shell-and-plate < shell-and-tube <
//! air-cooled: ammonia in a shell-and-plate unit against water, flue gas in a shell-and-tube unit against
//! water, milk against water in a plate unit); two streams with a film coefficient of their own (no type)
//! meet in a shell-and-tube unit. Their overall coefficient is `1 / U = 1 / h_a(t) + 1 / h_b(t)` (the thin
//! metal wall neglected), each `h` the film's effective value `1 / (1/h_clean + R_fouling)`.

use serde::{Deserialize, Serialize};

/// A type of heat exchanger; ordered from the lightest construction to the heaviest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangerType {
    /// Gasketed plate-and-frame.
    Plate,
    /// Welded plate pack in a pressure shell.
    ShellAndPlate,
    ShellAndTube,
    AirCooled,
}

impl ExchangerType {
    pub const ALL: [ExchangerType; 4] = [
        ExchangerType::Plate,
        ExchangerType::ShellAndPlate,
        ExchangerType::ShellAndTube,
        ExchangerType::AirCooled,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// Its name in files and messages.
    pub fn name(self) -> &'static str {
        match self {
            ExchangerType::Plate => "plate",
            ExchangerType::ShellAndPlate => "shell_and_plate",
            ExchangerType::ShellAndTube => "shell_and_tube",
            ExchangerType::AirCooled => "air_cooled",
        }
    }
}

/// Effective film coefficients (W/(m2 K), fouling included) by exchanger type; `None` where the source has
/// no value for that type.
pub type ByType = [Option<f64>; 4];

/// A stream's film.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Film {
    pub by_type: ByType,
    /// The type its service asks for; `None` for a film coefficient the case gives (any type).
    pub exchanger: Option<ExchangerType>,
    /// A desuperheating zone: where the cold side is below this temperature (K, the saturation temperature)
    /// the wall is wet and the vapour condenses on it (Balekjian & Katz, AIChE J. 1958): the film is
    /// `wet_by_type` there.
    pub wet_below_k: Option<f64>,
    pub wet_by_type: ByType,
    /// A heat pump stream: its exchanges are the heat pump's.
    pub refrigerant: bool,
}

impl Film {
    /// One film coefficient for every type, as a case gives it.
    pub fn fixed(h_w_per_m2_k: f64) -> Film {
        Film {
            by_type: [Some(h_w_per_m2_k); 4],
            exchanger: None,
            wet_below_k: None,
            wet_by_type: [None; 4],
            refrigerant: false,
        }
    }

    /// The effective coefficient in an exchanger of type `t` (wet wall where `wet`): its value for `t`,
    /// else its shell-and-tube value, else the first it has.
    pub fn h(&self, t: ExchangerType, wet: bool) -> f64 {
        let table = if wet && self.wet_below_k.is_some() {
            &self.wet_by_type
        } else {
            &self.by_type
        };
        table[t.index()]
            .or(table[ExchangerType::ShellAndTube.index()])
            .or(table.iter().flatten().next().copied())
            .unwrap_or(f64::NAN)
    }

    /// Every value finite and positive, and at least one.
    pub fn is_valid(&self) -> bool {
        let good = |v: &Option<f64>| v.is_none_or(|h| h.is_finite() && h > 0.0);
        self.by_type.iter().any(Option::is_some)
            && self.by_type.iter().chain(&self.wet_by_type).all(good)
    }
}

/// The type two streams meet in: the heavier of the types they ask for; shell-and-tube when neither asks.
pub fn pair_type(a: &Film, b: &Film) -> ExchangerType {
    match (a.exchanger, b.exchanger) {
        (Some(x), Some(y)) => x.max(y),
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => ExchangerType::ShellAndTube,
    }
}

/// What a stream is, as a side of an exchanger: its film coefficients come from the machine set's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Cooling water, hot water, ice water, a water loop.
    Water,
    /// A water-glycol solution (a loop below freezing).
    Glycol,
    /// A food product: milk, cream, whey, concentrate.
    Product,
    /// Combustion gas near atmospheric pressure.
    FlueGas,
    /// Air across an air-cooled exchanger.
    Air,
    /// Compressor oil in its oil cooler.
    Oil,
    AmmoniaBoiling,
    AmmoniaCondensing,
    /// Ammonia vapour: desuperheating (after-coolers) and superheating.
    AmmoniaVapour,
    /// Ammonia liquid: subcooling.
    AmmoniaLiquid,
    /// The same four for every other refrigerant.
    RefrigerantBoiling,
    RefrigerantCondensing,
    RefrigerantVapour,
    RefrigerantLiquid,
}

impl Service {
    pub const ALL: [Service; 14] = [
        Service::Water,
        Service::Glycol,
        Service::Product,
        Service::FlueGas,
        Service::Air,
        Service::Oil,
        Service::AmmoniaBoiling,
        Service::AmmoniaCondensing,
        Service::AmmoniaVapour,
        Service::AmmoniaLiquid,
        Service::RefrigerantBoiling,
        Service::RefrigerantCondensing,
        Service::RefrigerantVapour,
        Service::RefrigerantLiquid,
    ];

    /// Its name in files and messages.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// A film coefficient and the fouling resistance of its side.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilmData {
    pub h_w_per_m2_k: f64,
    pub fouling_m2_k_per_w: f64,
}

/// A service's exchanger type and its film in each type the sources give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceData {
    pub description: String,
    pub source: String,
    /// The type of exchanger a stream of this service asks for.
    pub exchanger: ExchangerType,
    #[serde(default)]
    pub plate: Option<FilmData>,
    #[serde(default)]
    pub shell_and_plate: Option<FilmData>,
    #[serde(default)]
    pub shell_and_tube: Option<FilmData>,
    #[serde(default)]
    pub air_cooled: Option<FilmData>,
}

impl ServiceData {
    /// Effective coefficients `1 / (1/h + R_f)` by type.
    pub fn by_type(&self) -> ByType {
        [
            self.plate,
            self.shell_and_plate,
            self.shell_and_tube,
            self.air_cooled,
        ]
        .map(|f| f.map(|f| effective(f.h_w_per_m2_k, f.fouling_m2_k_per_w)))
    }

    /// The film of a stream of this service.
    pub fn film(&self, refrigerant: bool) -> Film {
        Film {
            by_type: self.by_type(),
            exchanger: Some(self.exchanger),
            wet_below_k: None,
            wet_by_type: [None; 4],
            refrigerant,
        }
    }
}

/// `1 / (1/h + R)`: a film coefficient with its fouling resistance (W/(m2 K), m2 K/W).
pub fn effective(h_w_per_m2_k: f64, fouling_m2_k_per_w: f64) -> f64 {
    1.0 / (1.0 / h_w_per_m2_k + fouling_m2_k_per_w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heavier_type_wins_and_a_film_falls_back_to_shell_and_tube() {
        let water = Film {
            by_type: [Some(9000.0), Some(9000.0), Some(3000.0), None],
            exchanger: Some(ExchangerType::Plate),
            wet_below_k: None,
            wet_by_type: [None; 4],
            refrigerant: false,
        };
        let gas = Film {
            by_type: [None, None, Some(90.0), None],
            exchanger: Some(ExchangerType::ShellAndTube),
            ..water.clone()
        };
        assert_eq!(pair_type(&water, &gas), ExchangerType::ShellAndTube);
        assert_eq!(pair_type(&water, &water), ExchangerType::Plate);
        assert_eq!(
            pair_type(&Film::fixed(1.0), &Film::fixed(2.0)),
            ExchangerType::ShellAndTube
        );
        assert_eq!(gas.h(ExchangerType::Plate, false), 90.0);
        assert_eq!(water.h(ExchangerType::AirCooled, false), 3000.0);
        assert!((effective(6250.0, 1.75e-4) - 2985.07).abs() < 0.01);
    }
}

/// The fluid of an intermediate loop between a stream and the heat pump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoopKind {
    Water,
    Glycol,
}

impl LoopKind {
    pub fn name(self) -> &'static str {
        match self {
            LoopKind::Water => "water",
            LoopKind::Glycol => "glycol",
        }
    }
}

/// An intermediate loop's fluid: its film, its approach, the lowest temperature it may run at, and the pump
/// power it takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoopData {
    pub description: String,
    pub source: String,
    /// The loop fluid's service (its film coefficients).
    pub service: Service,
    /// The loop's dT_min/2 against the stream and against the heat pump (K).
    pub dt_min_half_k: f64,
    /// The lowest temperature the loop fluid may reach (°C): water freezes.
    #[serde(default)]
    pub min_temperature_c: Option<f64>,
    /// The loop fluid's temperature change where it serves a phase change (K): it still warms.
    pub phase_change_rise_k: f64,
    /// Pump electricity per W of heat the loop carries (W/W), its flow set for the rise `reference_rise_k`
    /// (a record of the value's basis: slave/loops.rs uses it at that rise).
    pub pump_w_per_w: f64,
    pub reference_rise_k: f64,
}
