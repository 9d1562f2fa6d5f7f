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

/// Kemp's four streams (literature_cases/kemp-four-stream) with steam and cooling water: the process
/// alone. Kemp (2007), ch. 2, at dT_min = 10 K: Q_H,min = 20 kW, Q_C,min = 60 kW, pinch at 90/80 °C. By
/// the problem table (shifted by 5 K: 165, 145, 140, 85, 55, 25 °C): interval surpluses +60, +2.5, -82.5,
/// +75, -15 kW; the cascade's lowest point -20 kW, so 20 kW of heat at the top and 60 kW out at the bottom.
/// The network must use exactly those utility duties, carry each stream's CP dT, keep 10 K between
/// process streams (its design's composites touch there: no relaxation), and honour the case's forbidden
/// match.
#[test]
fn the_process_alone_gets_a_network_at_its_energy_target() {
    let kemp: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "literature_cases/kemp-four-stream/case.toml",
    ]
    .iter()
    .collect();
    let mut text = std::fs::read_to_string(kemp).unwrap();
    // Prices only make the utilities cost something; any positive ones give the minimum use.
    text += r#"
[[utilities]]
name = "steam"
kind = "hot"
t_in_c = 180.0
t_out_c = 179.0
price_eur_per_kwh = 0.04

[[utilities]]
name = "cooling water"
kind = "cold"
t_in_c = 10.0
t_out_c = 15.0
price_eur_per_kwh = 0.005
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.toml");
    let steam_heats_cold_1 = |report: &hpsynth::summary::network::DesignNetworkReport| {
        report
            .regions
            .regions
            .iter()
            .filter_map(|r| r.network.as_ref())
            .flat_map(|n| &n.exchangers)
            .any(|e| e.hot_side == "steam" && e.cold_side == "cold 1")
    };
    // Without the rule the cheapest network heats cold 1 with the steam (so the rule below has something
    // to forbid); forbidden, the steam must go elsewhere and the energy target still holds (it can heat
    // cold 3 above the pinch).
    std::fs::write(&path, &text).unwrap();
    let free =
        api::process_network(&Case::load(&path).unwrap(), &DesignSettings::default()).unwrap();
    assert!(steam_heats_cold_1(&free), "{:?}", free.regions);
    text += "\n[[forbidden_matches]]\nhot = \"steam\"\ncold = \"cold 1\"\n";
    std::fs::write(&path, text).unwrap();
    let case = Case::load(&path).unwrap();
    let report = api::process_network(&case, &DesignSettings::default()).unwrap();
    assert!(!steam_heats_cold_1(&report), "{:?}", report.regions);
    assert!(report.regions.complete, "{:?}", report.regions);
    assert!(report.fluids.is_empty());
    let exchangers: Vec<_> = report
        .regions
        .regions
        .iter()
        .inspect(|r| assert_eq!(r.approach_factor, 1.0, "{}", r.name))
        .filter_map(|r| r.network.as_ref())
        .flat_map(|n| &n.exchangers)
        .collect();
    let duty_of = |name: &str| -> f64 {
        exchangers
            .iter()
            .filter(|e| e.hot_side == name || e.cold_side == name)
            .map(|e| e.duty_kw)
            .sum()
    };
    assert!((duty_of("steam") - 20.0).abs() < 1e-3, "{exchangers:?}");
    assert!((duty_of("cooling water") - 60.0).abs() < 1e-3);
    // Kemp's table: CP (kW/K) times the stream's range.
    for (name, q_kw) in [
        ("cold 1", 2.0 * 115.0),
        ("hot 2", 3.0 * 110.0),
        ("cold 3", 4.0 * 60.0),
        ("hot 4", 1.5 * 120.0),
    ] {
        assert!(
            (duty_of(name) - q_kw).abs() < 1e-3,
            "{name}: {}",
            duty_of(name)
        );
    }
    for e in exchangers
        .iter()
        .filter(|e| e.hot_side.starts_with("hot") && e.cold_side.starts_with("cold"))
    {
        let approach = (e.hot_in_c - e.cold_out_c).min(e.hot_out_c - e.cold_in_c);
        assert!(approach >= 10.0 - 1e-3, "{e:?}");
    }
}

/// `optimize` with `network = 2` (`hpsynth optimize --network 2`): result.json ranks the run's two best
/// designs again by their networks; each row's TAC with its target is what `evaluate` gives that leader's
/// design (the same slave, so this checks that each row is its leader's design and no other), and its TAC
/// with the network is that plus the annualised difference of the two investments (summary/network.rs's
/// rule for a greenfield site, as this case is, recomputed here from the row's parts); the run's report
/// shows its design's network and the best network has its own report.
#[test]
fn optimize_ranks_its_best_designs_by_their_networks() {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "python/tests/cases/chiller-and-hot-water.toml",
    ]
    .iter()
    .collect();
    let case = Case::load(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = api::OptimizeSettings {
        out: Some(dir.path().to_path_buf()),
        network: Some(2),
        ..api::OptimizeSettings::default()
    };
    let report = api::optimize(&case, &settings, &mut |_| true).unwrap();
    assert_eq!(report.network_ranking.len(), 2);
    let annual = case.economics.capital_recovery_factor()
        + SlaveSettings::from_case(&case)
            .costs
            .project
            .maintenance_share_per_yr;
    for (i, row) in report.network_ranking.iter().enumerate() {
        assert_eq!(row.run_rank, i + 1);
        assert!(row.failure.is_none(), "{row:?}");
        let leader = report
            .leaders
            .iter()
            .find(|l| l.levels_c == row.levels_c && l.fluids == row.fluids)
            .unwrap();
        let evaluated = api::evaluate(
            &case,
            &leader.cycles(),
            &EvaluateSettings {
                dt_min_half_k: row.dt_min_half_k,
                ..EvaluateSettings::default()
            },
        )
        .unwrap();
        let tac = evaluated.costs.unwrap().tac_eur_per_yr;
        let target = row.tac_target_eur_per_yr.unwrap();
        assert!((target - tac).abs() <= 1e-6 * tac, "{target} against {tac}");
        let with_network =
            target + annual * (row.network_investment_eur - row.target_investment_eur);
        let network = row.tac_network_eur_per_yr.unwrap();
        assert!(
            (network - with_network).abs() <= 1e-6 * tac,
            "{network} against {with_network}"
        );
    }
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("Heat exchanger network against the area target"));
    assert!(dir.path().join("design-network-block-1.svg").is_file());
    assert!(dir.path().join("network.html").is_file());
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("result.json")).unwrap())
            .unwrap();
    assert_eq!(saved["network_ranking"].as_array().unwrap().len(), 2);
}
