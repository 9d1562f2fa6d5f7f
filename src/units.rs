//! Unit conversions at the edges. Inside hpsynth every quantity is SI: K, Pa, J, J/kg, kg/s, W.

/// 0 °C in kelvin.
pub const ZERO_CELSIUS_K: f64 = 273.15;

/// °C to K.
pub fn celsius_to_kelvin(t_c: f64) -> f64 {
    t_c + ZERO_CELSIUS_K
}

/// K to °C.
pub fn kelvin_to_celsius(t_k: f64) -> f64 {
    t_k - ZERO_CELSIUS_K
}

/// kPa to Pa.
pub fn kpa_to_pa(p_kpa: f64) -> f64 {
    p_kpa * 1e3
}

/// Pa to kPa.
pub fn pa_to_kpa(p_pa: f64) -> f64 {
    p_pa / 1e3
}

/// kW (or kJ, kJ/kg, kJ/(kg K)) to W (J, J/kg, J/(kg K)).
pub fn kilo_to_si(value_kilo: f64) -> f64 {
    value_kilo * 1e3
}

/// W (J, J/kg, J/(kg K)) to kW (kJ, kJ/kg, kJ/(kg K)).
pub fn si_to_kilo(value_si: f64) -> f64 {
    value_si / 1e3
}

/// g/kWh to kg/J (emission factors).
pub fn g_per_kwh_to_kg_per_j(g_per_kwh: f64) -> f64 {
    g_per_kwh / 1e3 / 3.6e6
}

/// EUR/kWh to EUR/J (energy prices).
pub fn per_kwh_to_per_j(per_kwh: f64) -> f64 {
    per_kwh / 3.6e6
}
