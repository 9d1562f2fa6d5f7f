//! The heat exchanger network of a heat pump design (network/design.rs, summary/network.rs): OpenPinch's
//! dairy chilling site, its base period alone, with an ammonia heat pump at -3, 40 and 70 °C, and its
//! report.

use hpsynth::api::{self, EvaluateSettings};
use hpsynth::case::{Case, StreamKind};
use hpsynth::costs::CostCurve;
use hpsynth::machines::ExchangerType;
use hpsynth::network::design::DesignSettings;
use hpsynth::slave::{CycleChoice, SlaveSettings};
use hpsynth::units::celsius_to_kelvin;
use std::path::PathBuf;

fn chilling() -> Case {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "literature_cases/openpinch-dairy-chilling/base.toml",
    ]
    .iter()
    .collect();
    Case::load(&path).unwrap()
}

fn cycles() -> Vec<CycleChoice> {
    vec![CycleChoice {
        fluid: "R717".into(),
        levels_k: [-3.0, 40.0, 70.0].map(celsius_to_kelvin).to_vec(),
    }]
}

/// Every block's network closes its balances and keeps its approaches; the network carries the whole hot
/// side of the design (the case's hot streams + the hot utilities it uses + the heat the heat pump
/// releases, from `evaluate`, each by its own route); and every exchanger's cost is the case's installed
/// curve of its type at its area, annualised (recomputed here from costs.rs, not through the network's
/// pricing).
#[test]
fn a_designs_network_carries_its_heat_and_prices_each_exchanger_on_its_curve() {
    let case = chilling();
    let report = api::design_network(
        &case,
        &cycles(),
        &EvaluateSettings::default(),
        &DesignSettings::default(),
    )
    .unwrap();
    assert!(report.regions.complete, "{:?}", report.regions);
    let evaluation = api::evaluate(&case, &cycles(), &EvaluateSettings::default()).unwrap();
    let hot_streams_kw: f64 = case
        .streams
        .iter()
        .filter(|s| s.kind == StreamKind::Hot)
        .map(|s| s.q_w() / 1000.0)
        .sum();
    let hot_utilities_kw: f64 = evaluation
        .utilities
        .iter()
        .filter(|u| u.kind == StreamKind::Hot)
        .map(|u| u.q_kw)
        .sum();
    let expected_kw = hot_streams_kw + hot_utilities_kw + evaluation.heat_released_kw.unwrap();
    let networks = || {
        report
            .regions
            .regions
            .iter()
            .filter_map(|r| r.network.as_ref())
    };
    let carried_kw: f64 = networks()
        .flat_map(|n| &n.exchangers)
        .map(|e| e.duty_kw)
        .sum();
    assert!(
        (carried_kw - expected_kw).abs() <= 1e-3 * expected_kw,
        "network {carried_kw} kW, design {expected_kw} kW"
    );
    for n in networks() {
        assert!(n.checks.pass, "{}: {:?}", n.problem, n.checks);
    }
    let slave = SlaveSettings::from_case(&case);
    let index = case.economics.cepci / slave.costs.cepci;
    let mut installed = 0.0;
    for e in networks().flat_map(|n| &n.exchangers) {
        let t = ExchangerType::ALL
            .into_iter()
            .find(|t| t.name().replace('_', "-") == e.exchanger_type)
            .unwrap_or_else(|| panic!("type {}", e.exchanger_type));
        let eur =
            CostCurve::installed(&slave.costs, slave.costs.exchanger_of(t)).cost(e.area_m2) * index;
        installed += eur;
        let per_yr = eur * report.annual_factor_per_yr;
        assert!(
            (e.cost_per_yr - per_yr).abs() <= 1e-6 * per_yr,
            "{e:?}: {per_yr}"
        );
    }
    let loops: f64 = report
        .loop_exchangers
        .iter()
        .map(|l| l.investment_eur)
        .sum();
    assert!((report.network.investment_eur - installed - loops).abs() <= 1e-6 * installed);

    // The report draws every block and lists every exchanger.
    let dir = tempfile::tempdir().unwrap();
    hpsynth::report::design_network::write(dir.path(), &report).unwrap();
    assert!(dir.path().join("network.html").is_file());
    let md = std::fs::read_to_string(dir.path().join("network.md")).unwrap();
    for (b, n) in networks().enumerate() {
        let svg = dir.path().join(format!("network-block-{}.svg", b + 1));
        assert!(svg.is_file(), "{}", svg.display());
        for e in &n.exchangers {
            assert!(
                md.contains(&e.hot_side) && md.contains(&e.cold_side),
                "{e:?}"
            );
        }
    }
}
