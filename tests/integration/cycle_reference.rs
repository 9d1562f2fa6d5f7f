//! The cycle calculator against a textbook, against cycles computed directly with CoolProp 8 (stored in
//! tests/reference/coolprop8.json by tests/reference/generate_coolprop8.py), and against the two laws.

use hpsynth::fluids::{FluidError, FluidModel, catalog, fluid};
use hpsynth::thermo::{CycleError, CycleSpec, Economizer, Level, compute_cycle};
use hpsynth::units::celsius_to_kelvin;
use serde_json::Value;

use crate::common;

fn reference() -> Value {
    common::coolprop8_reference()
}

fn saturated(evaporating: Level, condensing: Level) -> CycleSpec {
    CycleSpec {
        evaporating,
        condensing,
        intermediate: None,
        eta_is: 1.0,
        superheat_k: 0.0,
        subcool_k: 0.0,
    }
}

use crate::common::rel;

/// Çengel & Boles, Thermodynamics: An Engineering Approach, two-stage refrigeration with a flash chamber:
/// R134a, 0.8 / 0.32 / 0.14 MPa, saturated states, isentropic stages, mixing chamber.
/// Book: x6 = 0.2049, q_L = 146.3 kJ/kg, w = 32.71 kJ/kg, COP = 4.46 (table-based); CoolProp 8: 4.4753.
#[test]
fn cengel_two_stage_flash_chamber() {
    let r134a = fluid("R134a").unwrap();
    let mut spec = saturated(Level::PressurePa(0.14e6), Level::PressurePa(0.8e6));
    spec.intermediate = Some((Level::PressurePa(0.32e6), Economizer::FlashMixing));
    let cycle = compute_cycle(r134a.as_ref(), &spec).unwrap();
    assert!((cycle.flash_fraction.unwrap() - 0.2049).abs() < 5e-4);
    assert!((cycle.refrigeration_effect_j_per_kg / 1e3 - 146.3).abs() < 0.5);
    assert!((cycle.work_j_per_kg / 1e3 - 32.71).abs() < 0.2);
    assert!(cycle.cop_cooling > 4.44 && cycle.cop_cooling < 4.49);
    let coolprop = &reference()["two_stage_flash_mixing"][0];
    assert!(rel(cycle.cop_cooling, coolprop["cop_cooling"].as_f64().unwrap()) < 1e-7);
    assert!(
        rel(
            cycle.flash_fraction.unwrap(),
            coolprop["flash_fraction"].as_f64().unwrap()
        ) < 1e-7
    );
    assert!(cycle.first_law_residual().abs() < 1e-12);
}

/// Same book, same pressures, single stage between 0.14 and 0.8 MPa: COP 3.97.
#[test]
fn cengel_single_stage_between_the_same_pressures() {
    let r134a = fluid("R134a").unwrap();
    let spec = saturated(Level::PressurePa(0.14e6), Level::PressurePa(0.8e6));
    let cycle = compute_cycle(r134a.as_ref(), &spec).unwrap();
    assert!(
        (cycle.cop_cooling - 3.97).abs() < 0.015,
        "{}",
        cycle.cop_cooling
    );
}

/// Ammonia, -10 / 35 °C, saturated, isentropic: COP 4.862 (CoolProp 8), Carnot 263.15/45 = 5.848.
#[test]
fn ammonia_single_stage() {
    let nh3 = fluid("R717").unwrap();
    let spec = saturated(
        Level::SaturationTemperatureK(celsius_to_kelvin(-10.0)),
        Level::SaturationTemperatureK(celsius_to_kelvin(35.0)),
    );
    let cycle = compute_cycle(nh3.as_ref(), &spec).unwrap();
    assert!(
        rel(cycle.cop_cooling, 4.862) < 1e-3,
        "{}",
        cycle.cop_cooling
    );
    assert!((cycle.cop_carnot_cooling - 263.15 / 45.0).abs() < 1e-12);
}

/// Single-stage cycles with superheat, subcooling and eta_is < 1, computed directly with CoolProp 8.
#[test]
fn single_stage_cycles_match_coolprop8() {
    for case in reference()["single_stage_cycles"].as_array().unwrap() {
        let get = |k: &str| case[k].as_f64().unwrap();
        let name = case["fluid"].as_str().unwrap();
        let spec = CycleSpec {
            evaporating: Level::SaturationTemperatureK(celsius_to_kelvin(get("t_evap_c"))),
            condensing: Level::SaturationTemperatureK(celsius_to_kelvin(get("t_cond_c"))),
            intermediate: None,
            eta_is: get("eta_is"),
            superheat_k: get("superheat_k"),
            subcool_k: get("subcool_k"),
        };
        let cycle = compute_cycle(fluid(name).unwrap().as_ref(), &spec).unwrap();
        assert!(rel(cycle.cop_cooling, get("cop_cooling")) < 1e-7, "{name}");
        assert!(rel(cycle.cop_heating, get("cop_heating")) < 1e-7, "{name}");
        assert!(
            (cycle.t_discharge_k - get("t_discharge_k")).abs() < 1e-4,
            "{name}"
        );
    }
}

/// Ammonia -40 / -5 / 35 °C with a pre-saturator, against the tank balance computed with CoolProp 8.
#[test]
fn presaturator_matches_coolprop8() {
    let case = &reference()["two_stage_presaturator"][0];
    let get = |k: &str| case[k].as_f64().unwrap();
    let mut spec = saturated(
        Level::SaturationTemperatureK(celsius_to_kelvin(get("t_low_c"))),
        Level::SaturationTemperatureK(celsius_to_kelvin(get("t_high_c"))),
    );
    spec.intermediate = Some((
        Level::SaturationTemperatureK(celsius_to_kelvin(get("t_mid_c"))),
        Economizer::FlashPresaturator,
    ));
    let cycle = compute_cycle(fluid("Ammonia").unwrap().as_ref(), &spec).unwrap();
    assert!(rel(cycle.cop_cooling, get("cop_cooling")) < 1e-7);
    assert!(cycle.first_law_residual().abs() < 1e-12);
}

/// Deterministic pseudo-random numbers in [0, 1) (64-bit LCG, Knuth's MMIX constants).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Over random fluids and conditions: the first law closes and no COP exceeds Carnot between the
/// highest temperature at which heat is taken in (T_evap + superheat) and the lowest at which it is given
/// off (T_cond - subcooling): Clausius' inequality gives COP_cooling <= T_in / (T_out - T_in).
#[test]
fn random_cycles_obey_both_laws() {
    let fluids = catalog();
    let mut random = Lcg(2026);
    let mut computed = 0;
    for _ in 0..300 {
        let fluid = fluid(fluids[(random.next() * fluids.len() as f64) as usize].name).unwrap();
        let info = fluid.info();
        let span = info.t_crit_k - info.t_triple_k;
        let t_evap = info.t_triple_k + (0.1 + 0.5 * random.next()) * span;
        let t_cond = t_evap + (0.05 + 0.3 * random.next()) * (info.t_crit_k - 1.0 - t_evap);
        let superheat_k = 5.0 * random.next();
        let subcool_k = 5.0 * random.next();
        let two_stage = random.next() < 0.5;
        let spec = CycleSpec {
            evaporating: Level::SaturationTemperatureK(t_evap),
            condensing: Level::SaturationTemperatureK(t_cond),
            intermediate: two_stage.then(|| {
                let economizer = if random.next() < 0.5 {
                    Economizer::FlashMixing
                } else {
                    Economizer::FlashPresaturator
                };
                (
                    Level::SaturationTemperatureK(0.5 * (t_evap + t_cond)),
                    economizer,
                )
            }),
            eta_is: 0.5 + 0.5 * random.next(),
            superheat_k,
            subcool_k,
        };
        let cycle = match compute_cycle(fluid.as_ref(), &spec) {
            Ok(c) => c,
            // A discharge beyond the equation's T_max is a correct refusal, not a failure.
            Err(CycleError::Fluid {
                cause: FluidError::OutOfRange { .. },
                ..
            }) => continue,
            Err(e) => panic!("{}: {e}", info.name),
        };
        computed += 1;
        assert!(
            cycle.first_law_residual().abs() < 1e-10,
            "{}: {spec:?}",
            info.name
        );
        let t_in = t_evap + superheat_k;
        let t_out = t_cond - subcool_k;
        if t_out > t_in {
            assert!(
                cycle.cop_cooling <= t_in / (t_out - t_in) + 1e-9,
                "{}: COP {} above Carnot",
                info.name,
                cycle.cop_cooling
            );
        }
        assert!(cycle.cop_cooling > 0.0);
    }
    assert!(computed > 250, "only {computed} of 300 cycles computed");
}

#[test]
fn impossible_cycles_are_errors() {
    let co2 = fluid("CO2").unwrap();
    // CO2 cannot condense at 35 °C: its critical temperature is 30.98 °C.
    let spec = saturated(
        Level::SaturationTemperatureK(celsius_to_kelvin(-10.0)),
        Level::SaturationTemperatureK(celsius_to_kelvin(35.0)),
    );
    let err = compute_cycle(co2.as_ref(), &spec).unwrap_err();
    assert!(matches!(
        err,
        CycleError::Fluid {
            cause: FluidError::AboveCritical { .. },
            ..
        }
    ));
    assert!(err.to_string().contains("condensing level"), "{err}");
    // Evaporating above condensing.
    let nh3 = fluid("NH3").unwrap();
    let backwards = saturated(
        Level::SaturationTemperatureK(celsius_to_kelvin(30.0)),
        Level::SaturationTemperatureK(celsius_to_kelvin(0.0)),
    );
    assert!(matches!(
        compute_cycle(nh3.as_ref(), &backwards),
        Err(CycleError::Input { .. })
    ));
    let mut bad_eta = saturated(
        Level::SaturationTemperatureK(celsius_to_kelvin(-10.0)),
        Level::SaturationTemperatureK(celsius_to_kelvin(30.0)),
    );
    bad_eta.eta_is = 1.5;
    assert!(matches!(
        compute_cycle(nh3.as_ref(), &bad_eta),
        Err(CycleError::Input {
            field: "eta_is",
            ..
        })
    ));
}
