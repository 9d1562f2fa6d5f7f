//! Fluid properties against CoolProp 8.0.0 (values stored in tests/reference/coolprop8.json by
//! tests/reference/generate_coolprop8.py; CoolProp evaluates the same equations of state, so agreement is
//! expected to near machine precision, far inside the 0.1 %).

use hpsynth::fluids::{FluidError, FluidModel, Phase, catalog, fluid};
use serde_json::Value;

use crate::common;

fn reference() -> Value {
    common::coolprop8_reference()
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn assert_rel(name: &str, what: &str, ours: f64, theirs: f64, tol: f64) {
    let rel = ((ours - theirs) / theirs).abs();
    assert!(
        rel <= tol,
        "{name} {what}: hpsynth {ours} vs CoolProp 8 {theirs} (relative {rel:.2e} > {tol:.0e})"
    );
}

/// Absolute tolerance for enthalpy and entropy (their zero is arbitrary, so relative makes no sense).
fn assert_abs(name: &str, what: &str, ours: f64, theirs: f64, tol: f64) {
    assert!(
        (ours - theirs).abs() <= tol,
        "{name} {what}: hpsynth {ours} vs CoolProp 8 {theirs} (difference {:.3e} > {tol:.0e})",
        ours - theirs
    );
}

#[test]
fn saturation_matches_coolprop8_for_every_bundled_fluid() {
    let reference = reference();
    for entry in catalog() {
        let rows = reference["fluids"][entry.name]["saturation"]
            .as_array()
            .unwrap_or_else(|| panic!("no reference for {}", entry.name));
        let fluid = fluid(entry.name).unwrap();
        for row in rows {
            let t = num(row, "t_k");
            let sat = fluid.saturation_at_temperature(t).unwrap();
            let name = entry.name;
            assert_rel(name, "p_sat", sat.p_pa, num(row, "p_pa"), 1e-8);
            assert_rel(
                name,
                "rho_L",
                sat.liquid.rho_kg_per_m3,
                num(row, "rho_liquid"),
                1e-8,
            );
            assert_rel(
                name,
                "rho_V",
                sat.vapour.rho_kg_per_m3,
                num(row, "rho_vapour"),
                1e-8,
            );
            let latent = num(row, "h_vapour") - num(row, "h_liquid");
            assert_rel(
                name,
                "latent heat",
                sat.latent_heat_j_per_kg(),
                latent,
                1e-7,
            );
            assert_abs(
                name,
                "h_L",
                sat.liquid.h_j_per_kg,
                num(row, "h_liquid"),
                1e-3,
            );
            assert_abs(
                name,
                "s_V",
                sat.vapour.s_j_per_kg_k,
                num(row, "s_vapour"),
                1e-5,
            );
            // Saturation at the pressure returns the same temperature.
            let back = fluid.saturation_at_pressure(sat.p_pa).unwrap();
            assert!(
                (back.t_k - t).abs() < 1e-7,
                "{name}: T(p_sat(T)) = {} vs {t}",
                back.t_k
            );
        }
    }
}

#[test]
fn single_phase_states_match_coolprop8() {
    let reference = reference();
    for entry in catalog() {
        let fluid = fluid(entry.name).unwrap();
        for row in reference["fluids"][entry.name]["single_phase"]
            .as_array()
            .unwrap()
        {
            let state = fluid
                .state_at_pt(num(row, "p_pa"), num(row, "t_k"))
                .unwrap();
            let name = entry.name;
            assert_rel(name, "rho(p,T)", state.rho_kg_per_m3, num(row, "rho"), 1e-8);
            assert_abs(name, "h(p,T)", state.h_j_per_kg, num(row, "h"), 1e-3);
            assert_abs(name, "s(p,T)", state.s_j_per_kg_k, num(row, "s"), 1e-5);
        }
    }
}

/// Isentropic compression of saturated vapour and isenthalpic expansion of saturated liquid: the (p, s)
/// and (p, h) flashes, including wet end states of "dry" fluids (n-butane ends at quality 0.85 in CoolProp).
#[test]
fn flashes_match_coolprop8_including_two_phase_end_states() {
    let reference = reference();
    for entry in catalog() {
        let fluid = fluid(entry.name).unwrap();
        let row = &reference["fluids"][entry.name]["compression"];
        let name = entry.name;
        let out = fluid
            .flash_ps(num(row, "p_high_pa"), num(row, "s_in"))
            .unwrap();
        assert_abs(name, "h(p,s)", out.h_j_per_kg, num(row, "h_out"), 2e-3);
        assert!(
            (out.t_k - num(row, "t_out_k")).abs() < 1e-5,
            "{name} T(p,s)"
        );
        match (row["quality_out"].as_f64(), out.phase) {
            (Some(q), Phase::TwoPhase(x)) => assert!((q - x).abs() < 1e-8, "{name} quality"),
            // Single phase in CoolProp (quality reported as -1): usually superheated vapour; for the very
            // "dry" MM over this wide range the isentrope ends in the compressed liquid.
            (None, Phase::Vapour | Phase::Liquid) => {}
            (q, phase) => panic!("{name}: CoolProp quality {q:?}, hpsynth {phase:?}"),
        }
        let valve = fluid
            .flash_ph(num(row, "p_low_pa"), num(row, "h_valve"))
            .unwrap();
        assert!(
            (valve.t_k - num(row, "t_valve_k")).abs() < 1e-5,
            "{name} T(p,h)"
        );
        match (num(row, "quality_valve"), valve.phase) {
            (q, Phase::TwoPhase(x)) => assert!((x - q).abs() < 1e-8, "{name} valve quality"),
            // CoolProp's -1: single phase (MM throttled from 0.85 to 0.45 of its range ends superheated).
            (q, Phase::Vapour) if q < 0.0 => {}
            (q, phase) => panic!("{name}: CoolProp valve quality {q}, hpsynth {phase:?}"),
        }
    }
}

#[test]
fn out_of_range_requests_are_errors() {
    let co2 = fluid("R744").unwrap();
    // CO2 condensing at 35 C: above its critical temperature 30.98 C (Span & Wagner 1996).
    assert!(matches!(
        co2.saturation_at_temperature(308.15),
        Err(FluidError::AboveCritical { .. })
    ));
    // Ammonia below its triple point 195.49 K (Gao et al. 2020).
    let nh3 = fluid("ammonia").unwrap();
    assert!(matches!(
        nh3.saturation_at_temperature(190.0),
        Err(FluidError::BelowTriple { .. })
    ));
    assert!(matches!(
        nh3.saturation_at_pressure(f64::NAN),
        Err(FluidError::NotFinite { .. })
    ));
    assert!(matches!(
        nh3.state_at_pt(1e5, 5000.0),
        Err(FluidError::OutOfRange { .. })
    ));
    assert!(matches!(
        nh3.saturation_at_pressure(20e6),
        Err(FluidError::AboveCritical { .. })
    ));
    let message = co2
        .saturation_at_temperature(308.15)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("35.00 °C") && message.contains("critical"),
        "{message}"
    );
}

/// Critical and triple points against the values the equations' papers state.
#[test]
fn fixed_points_match_the_equation_papers() {
    // (fluid, T_c K, p_c kPa, T_triple K): Gao et al. JPCRD 2020 (ammonia); Span & Wagner JPCRD 1996 (CO2);
    // Tillner-Roth & Baehr JPCRD 1994 (R134a); Lemmon et al. JCED 2009 (propane).
    for (name, t_c, p_c_kpa, t_tp) in [
        ("Ammonia", 405.56, 11363.4, 195.49),
        ("CarbonDioxide", 304.1282, 7377.3, 216.592),
        ("R134a", 374.21, 4059.28, 169.85),
        ("n-Propane", 369.89, 4251.2, 85.525),
    ] {
        let info = fluid(name).unwrap().info().clone();
        assert!(
            (info.t_crit_k - t_c).abs() < 0.01,
            "{name} Tc {}",
            info.t_crit_k
        );
        assert!(
            (info.p_crit_pa / 1e3 - p_c_kpa).abs() / p_c_kpa < 2e-3,
            "{name} pc {}",
            info.p_crit_pa
        );
        assert!(
            (info.t_triple_k - t_tp).abs() < 0.01,
            "{name} Ttp {}",
            info.t_triple_k
        );
    }
}
