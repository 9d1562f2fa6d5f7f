//! Heat exchanger network synthesis (src/network/): the literature benchmarks of issue #24 against their
//! published best networks, a network checked by hand, and the checks that catch a wrong network.

use hpsynth::network::structure::UnitState;
use hpsynth::network::{
    CostLaw, HensProblem, HensStream, HensUtility, Pricing, SynthesisSettings, UnitKind, openhens,
    result::checks, synthesise,
};
use std::path::PathBuf;

fn benchmark(folder: &str) -> HensProblem {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "literature_cases",
        folder,
        "openhens.csv",
    ]
    .iter()
    .collect();
    openhens::load(&path).unwrap()
}

/// Yee & Grossmann's four-stream problem: OpenHENS's best network costs 154 853.85 $/yr (OpenPinch's
/// openhens_baseline_results/comparison.csv); issue #24 asks for 0.5 % of it or lower.
#[test]
fn four_stream_problem_within_half_a_percent_of_openhens() {
    let network = synthesise(
        &benchmark("hens-yee-grossmann-4"),
        &SynthesisSettings::default(),
    )
    .unwrap();
    let tac = network.cost.total_per_yr;
    assert!(tac <= 154_853.85 * 1.005, "TAC {tac}");
    assert!(network.checks.pass, "{:?}", network.checks);
    // Parts before the total: the utilities priced at the file's 80 and 15 $/(kW yr).
    assert!((network.cost.hot_utility_per_yr - 80.0 * network.hot_utility_kw).abs() < 1e-6);
    assert!((network.cost.cold_utility_per_yr - 15.0 * network.cold_utility_kw).abs() < 1e-6);
    // The heat balance of the whole problem: hot utility - cold utility = cold duty - hot duty
    // = (15 * 240 + 13 * 150) - (10 * 280 + 20 * 220) = -1650 kW.
    assert!((network.hot_utility_kw - network.cold_utility_kw + 1650.0).abs() < 1e-6);
}

/// Linnhoff & Ahmad's nine-stream problem: OpenHENS's best network costs 2 905 807.28 $/yr; issue #24 asks
/// for 2 % of it or lower.
#[test]
fn nine_stream_problem_within_two_percent_of_openhens() {
    let network = synthesise(
        &benchmark("hens-linnhoff-ahmad-9"),
        &SynthesisSettings::default(),
    )
    .unwrap();
    let tac = network.cost.total_per_yr;
    assert!(tac <= 2_905_807.28 * 1.02, "TAC {tac}");
    assert!(network.checks.pass, "{:?}", network.checks);
}

fn stream(name: &str, t_in_k: f64, t_out_k: f64, f_kw_per_k: f64) -> HensStream {
    HensStream::new(name, t_in_k, t_out_k, f_kw_per_k * 1000.0, 1000.0)
}

fn utility(name: &str, t_in_k: f64, t_out_k: f64) -> HensUtility {
    HensUtility {
        name: name.into(),
        t_in_k,
        t_out_k,
        h_w_per_m2k: 1000.0,
        price_per_w_yr: 1.0,
        dt_min_half_k: 0.0,
    }
}

/// H1 400 -> 350 K at 8 kW/K, C1 300 -> 340 K at 10 kW/K (400 kW each), steam at 500 K, water 280 -> 290 K,
/// both at 1000 $/(kW yr); every exchanger priced by `law`.
fn two_streams(law: CostLaw) -> HensProblem {
    HensProblem {
        name: "two streams".into(),
        currency: "USD".into(),
        hot: vec![stream("H1", 400.0, 350.0, 8.0)],
        cold: vec![stream("C1", 300.0, 340.0, 10.0)],
        hot_utility: Some(utility("steam", 500.0, 500.0)),
        cold_utility: Some(utility("water", 280.0, 290.0)),
        pricing: Pricing::ByKind {
            recovery: law,
            heater: law,
            cooler: law,
        },
        forbidden: vec![],
    }
}

/// One hot stream (400 -> 350 K, 8 kW/K) and one cold (300 -> 340 K, 10 kW/K) of equal duty, 400 kW; heat
/// from utilities at 1000 $/(kW yr) dearer than any exchanger: the network is one counter-current unit of
/// 400 kW. By hand: end approaches 400 - 340 = 60 K and 350 - 300 = 50 K; LMTD = 10 / ln(1.2) =
/// 54.8481 K; U = 1 / (1/1000 + 1/1000) = 500 W/(m2 K); A = 400 000 / (500 * 54.8481) = 14.5857 m2;
/// cost 1000 + 100 * 14.5857 = 2458.57 $/yr.
#[test]
fn two_stream_network_by_hand() {
    let problem = two_streams(CostLaw {
        fixed_per_yr: 1000.0,
        coeff_per_yr: 100.0,
        exponent: 1.0,
    });
    let network = synthesise(&problem, &SynthesisSettings::default()).unwrap();
    assert_eq!(network.exchangers.len(), 1, "{:#?}", network.exchangers);
    let unit = &network.exchangers[0];
    let close = |a: f64, b: f64, tol: f64| assert!((a - b).abs() <= tol, "{a} vs {b}");
    close(unit.duty_kw, 400.0, 1e-6);
    close(unit.lmtd_k, 10.0 / 1.2f64.ln(), 1e-9);
    close(unit.lmtd_k, 54.8481, 1e-4);
    close(unit.u_w_per_m2k, 500.0, 1e-9);
    close(unit.area_m2, 14.5857, 1e-4);
    close(unit.cost_per_yr, 2458.57, 1e-2);
    close(network.cost.total_per_yr, 2458.57, 1e-2);
    assert!(network.checks.pass);
}

fn recovery_unit(q_w: f64, hot: (f64, f64), cold: (f64, f64)) -> UnitState {
    UnitState {
        kind: UnitKind::Recovery,
        hot: Some(0),
        cold: Some(0),
        stage: Some(0),
        q_w,
        hot_in_k: hot.0,
        hot_out_k: hot.1,
        cold_in_k: cold.0,
        cold_out_k: cold.1,
        u_w_per_m2k: 500.0,
        exchanger: None,
        dt_extra_k: 0.0,
        cost_per_yr: 0.0,
    }
}

/// The checks fail a network with a temperature cross, or one whose duties do not close a balance.
#[test]
fn checks_catch_a_cross_and_a_broken_balance() {
    let problem = two_streams(CostLaw {
        fixed_per_yr: 0.0,
        coeff_per_yr: 1.0,
        exponent: 1.0,
    });
    let good = recovery_unit(400e3, (400.0, 350.0), (300.0, 340.0));
    assert!(checks(&problem, &[good], 1.0).pass);
    // The cold side leaves at 405 K, above the hot inlet: a cross at the hot end.
    let crossed = recovery_unit(400e3, (400.0, 350.0), (300.0, 405.0));
    let c = checks(&problem, &[crossed], 1.0);
    assert!(!c.pass && c.min_approach_k < 0.0, "{c:?}");
    // 10 kW short of the streams' duty.
    let short = recovery_unit(390e3, (400.0, 350.0), (300.0, 340.0));
    assert!(!checks(&problem, &[short], 1.0).pass);
}

/// The same network on one thread and on two (the MILPs stop at a node limit, not a time limit).
#[test]
fn same_network_on_one_and_two_threads() {
    let problem = benchmark("hens-yee-grossmann-4");
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| synthesise(&problem, &SynthesisSettings::default()).unwrap())
    };
    let (one, two) = (on(1), on(2));
    assert_eq!(one.exchangers, two.exchangers);
    assert_eq!(one.cost, two.cost);
}

/// The grid diagram draws every stream and every unit: two circles per recovery unit, one per cooler or
/// heater, and every duty as a label.
#[test]
fn grid_diagram_draws_every_stream_and_unit() {
    let network = synthesise(
        &benchmark("hens-yee-grossmann-4"),
        &SynthesisSettings::default(),
    )
    .unwrap();
    let svg = hpsynth::network::grid::grid_svg(&network);
    let circles = svg.matches("<circle").count();
    let u = network.units;
    assert_eq!(circles, 2 * u.recovery + u.coolers + u.heaters, "{svg}");
    for name in ["H1", "H2", "C1", "C2"] {
        assert!(svg.contains(&format!(">{name}</text>")), "{name}");
    }
    for e in &network.exchangers {
        assert!(svg.contains(&format!("{:.0} kW", e.duty_kw)));
    }
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
}

/// A forbidden match never appears: the four-stream problem with H1-C1 forbidden (a unit of its best
/// network) still gives a network, without that match.
#[test]
fn forbidden_match_is_honoured() {
    let mut problem = benchmark("hens-yee-grossmann-4");
    problem.forbidden = vec![(0, 0)];
    let network = synthesise(&problem, &SynthesisSettings::default()).unwrap();
    assert!(network.checks.pass);
    assert!(
        !network
            .exchangers
            .iter()
            .any(|e| e.hot_side == "H1" && e.cold_side == "C1"),
        "{:#?}",
        network.exchangers
    );
}
