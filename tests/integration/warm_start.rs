//! The slave's LP-relaxation shortcut (slave/warm_start.rs) against plain branch and bound: a design certified
//! at a gap is within that gap of the MILP optimum solved without the shortcut to a tight gap, on the dairy
//! and on the two-cycle sub-ambient case.

use hpsynth::case::Case;
use hpsynth::slave::{CycleChoice, SlaveSettings, evaluate_candidate};
use hpsynth::units::celsius_to_kelvin;

fn case(slug: &str) -> Case {
    Case::load(&crate::common::case_dir(slug).join("case.toml")).unwrap()
}

fn cycle(fluid: &str, levels_c: &[f64]) -> CycleChoice {
    CycleChoice {
        fluid: fluid.into(),
        levels_k: levels_c.iter().map(|&t| celsius_to_kelvin(t)).collect(),
    }
}

fn tac(case: &Case, cycles: &[CycleChoice], template: &str, warm: bool, gap: f64) -> f64 {
    let mut settings = SlaveSettings::from_case(case);
    settings.warm_start = warm;
    settings.solve.mip_rel_gap = gap;
    let (_, e) = evaluate_candidate(case, cycles, template, &settings).unwrap();
    let design = e.design.expect("a design");
    assert!(design.checks.pass, "{:?}", design.checks);
    design.costs.tac_eur_per_yr
}

#[test]
fn a_certified_design_is_within_its_gap_of_the_milp_optimum() {
    let dairy = case("ipese-dairy");
    let mut sub = case("sub-ambient-ethylene");
    // Ethylene at -105.7 °C and ammonia at -61.5 °C take suction below atmospheric pressure.
    sub.heat_pump.subatmospheric_suction = true;
    let candidates = [
        (
            &dairy,
            vec![cycle("R717", &[-8.0, 10.0, 30.0, 55.0, 75.0, 95.0])],
            "full",
        ),
        (
            &dairy,
            vec![cycle("R290", &[-5.0, 40.0, 60.0, 80.0])],
            "two-stage-economiser",
        ),
        (
            &sub,
            vec![
                cycle("R1150", &[-105.7, -75.5, -56.7, -30.0]),
                cycle("R717", &[-61.5, -34.2, -5.2, 33.6]),
            ],
            "two-stage-economiser",
        ),
    ];
    for (case, cycles, template) in candidates {
        let exact = tac(case, &cycles, template, false, 1e-6);
        for gap in [1e-2, 1e-3] {
            let shortcut = tac(case, &cycles, template, true, gap);
            assert!(
                shortcut >= exact * (1.0 - 1e-6) && shortcut <= exact * (1.0 + gap),
                "{template}: {shortcut} against {exact} at gap {gap}"
            );
        }
    }
}
