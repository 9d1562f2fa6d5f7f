//! Heat cascade: the problem table and the cascade LP against published targets, against each other, and
//! against small cases solved by hand in the comments.

use hpsynth::cascade::{ShiftedStream, lp_min_utilities, problem_table, target_utilities};
use hpsynth::case::{Case, StreamKind};
use hpsynth::solver::Outcome;
use hpsynth::validation::{case_dirs, run_all};
use std::path::Path;

use crate::common::cases_root;

fn shifted(case: &Case) -> Vec<ShiftedStream> {
    case.streams
        .iter()
        .map(ShiftedStream::from_process)
        .collect()
}

fn case(text: &str) -> Case {
    Case::from_toml_str(text, "test.toml", Path::new(".")).unwrap()
}

/// Kemp (2007) ch. 2, dT_min = 10 K: Q_H,min = 20 kW, Q_C,min = 60 kW, pinch 90 °C hot / 80 °C cold.
#[test]
fn kemp_four_stream_targets() {
    let case = Case::load(&cases_root().join("kemp-four-stream/case.toml")).unwrap();
    let targets = problem_table(&shifted(&case));
    assert!((targets.q_hot_min_w - 20e3).abs() < 1e-6);
    assert!((targets.q_cold_min_w - 60e3).abs() < 1e-6);
    assert_eq!(targets.pinches.len(), 1);
    let pinch = &targets.pinches[0];
    assert!((pinch.t_shifted_k - 358.15).abs() < 1e-9);
    assert_eq!(pinch.t_hot_k.len(), 1);
    assert!((pinch.t_hot_k[0] - 363.15).abs() < 1e-9);
    assert!((pinch.t_cold_k[0] - 353.15).abs() < 1e-9);
}

/// IPESE dairy with its per-stream dT_min/2: Q_H,min = 3495.3 kW, Q_C,min = 3198.9 kW, process pinch at
/// 67.5 °C shifted (IPESE/ROSMOSE DairyProcess, commit 3b38d99; OSMOSE/CPLEX stored the same).
#[test]
fn ipese_dairy_targets() {
    let case = Case::load(&cases_root().join("ipese-dairy/case.toml")).unwrap();
    let targets = problem_table(&shifted(&case));
    assert!(
        (targets.q_hot_min_w / 1e3 - 3495.3).abs() < 0.05,
        "{}",
        targets.q_hot_min_w
    );
    assert!(
        (targets.q_cold_min_w / 1e3 - 3198.9).abs() < 0.05,
        "{}",
        targets.q_cold_min_w
    );
    assert!(
        targets
            .pinches
            .iter()
            .any(|p| (p.t_shifted_k - 340.65).abs() < 1e-9),
        "{:?}",
        targets.pinches
    );
}

/// Energy balance of the targets: Q_H,min - Q_C,min = total cold duty - total hot duty... with the sign of a
/// heat balance: hot in + Q_H = cold out + Q_C.
fn assert_balance(case: &Case, q_hot: f64, q_cold: f64) {
    let total = |kind| -> f64 {
        case.streams
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.q_w())
            .sum()
    };
    let residual = total(StreamKind::Hot) + q_hot - total(StreamKind::Cold) - q_cold;
    assert!(
        residual.abs() < 1e-6 * (1.0 + q_hot + q_cold),
        "balance off by {residual} W"
    );
}

/// The problem table and the cascade LP (HiGHS) agree to 1e-6 relative on every case: the literature cases
/// and cases with isothermal streams, piecewise streams and per-stream dT_min/2.
#[test]
fn problem_table_and_lp_agree_on_every_case() {
    let mut cases: Vec<Case> = case_dirs(&cases_root())
        .unwrap()
        .iter()
        .map(|d| d.join("case.toml"))
        .filter(|p| p.is_file())
        .map(|p| Case::load(&p).unwrap())
        .collect();
    assert!(cases.len() >= 3, "the process cases are found");
    cases.push(case(ISOTHERMAL_AND_PIECEWISE));
    cases.push(case(ISOTHERMAL_PAIR));
    for case in &cases {
        let streams = shifted(case);
        let pta = problem_table(&streams);
        let (lp_hot, lp_cold) = lp_min_utilities(&streams).unwrap();
        let scale = 1.0 + pta.q_hot_min_w.abs() + pta.q_cold_min_w.abs();
        assert!(
            (pta.q_hot_min_w - lp_hot).abs() <= 1e-6 * scale,
            "{}: hot {} vs {lp_hot}",
            case.name,
            pta.q_hot_min_w
        );
        assert!(
            (pta.q_cold_min_w - lp_cold).abs() <= 1e-6 * scale,
            "{}: cold {} vs {lp_cold}",
            case.name,
            pta.q_cold_min_w
        );
        assert_balance(case, pta.q_hot_min_w, pta.q_cold_min_w);
        // The GCC starts at Q_H,min, ends at Q_C,min and never goes negative.
        assert_eq!(pta.gcc.first().unwrap().q_w, pta.q_hot_min_w);
        assert_eq!(pta.gcc.last().unwrap().q_w, pta.q_cold_min_w);
        assert!(pta.gcc.iter().all(|g| g.q_w >= -1e-9 * scale));
    }
}

const ISOTHERMAL_AND_PIECEWISE: &str = r#"
[case]
name = "isothermal and piecewise"
[[streams]]
name = "condenser"
kind = "hot"
t_in_c = 120.0
t_out_c = 120.0
q_kw = 300.0
phase_change = true
dt_min_half_k = 2.0
[[streams]]
name = "product"
kind = "hot"
dt_min_half_k = 5.0
segments = [
  { t_in_c = 150.0, t_out_c = 100.0, q_kw = 100.0 },
  { t_in_c = 100.0, t_out_c = 100.0, q_kw = 250.0 },
  { t_in_c = 100.0, t_out_c = 40.0, q_kw = 60.0 },
]
[[streams]]
name = "reboiler"
kind = "cold"
t_in_c = 110.0
t_out_c = 110.0
q_kw = 400.0
phase_change = true
dt_min_half_k = 3.0
[[streams]]
name = "feed"
kind = "cold"
t_in_c = 20.0
t_out_c = 130.0
cp_kw_per_k = 2.5
dt_min_half_k = 1.0
"#;

/// Hot condensing at 100 °C (100 kW) and cold boiling at 90 °C (80 kW), dT_min/2 = 5 K each: both sit at
/// 95 °C shifted and exchange there. By hand: Q_H,min = 0, Q_C,min = 100 - 80 = 20 kW, and the residual just
/// below the node is 20 kW, so there is no pinch.
const ISOTHERMAL_PAIR: &str = r#"
[case]
name = "isothermal pair"
dt_min_half_k = 5.0
[[streams]]
name = "condensing"
kind = "hot"
t_in_c = 100.0
t_out_c = 100.0
q_kw = 100.0
phase_change = true
[[streams]]
name = "boiling"
kind = "cold"
t_in_c = 90.0
t_out_c = 90.0
q_kw = 80.0
phase_change = true
"#;

#[test]
fn isothermal_streams_exchange_at_the_same_shifted_temperature() {
    let targets = problem_table(&shifted(&case(ISOTHERMAL_PAIR)));
    assert!(targets.q_hot_min_w.abs() < 1e-9);
    assert!((targets.q_cold_min_w - 20e3).abs() < 1e-9);
    assert!(targets.pinches.is_empty());
}

/// Two hot utilities for one cold stream 20 -> 80 °C at CP 2 kW/K (120 kW), dT_min/2 = 0: low-pressure steam
/// at 60 °C (0.01 EUR/kWh) can supply the part from 20 to 60 °C, i.e. 2 * 40 = 80 kW; high-pressure steam
/// at 200 °C (0.05 EUR/kWh) the remaining 40 kW. Cost over 1000 h: (80 * 0.01 + 40 * 0.05) * 1000 = 2800 EUR.
#[test]
fn cheapest_utility_mix_by_hand() {
    let text = r#"
[case]
name = "two steam levels"
dt_min_half_k = 0.0
[[streams]]
name = "feed"
kind = "cold"
t_in_c = 20.0
t_out_c = 80.0
cp_kw_per_k = 2.0
[[utilities]]
name = "LP steam"
kind = "hot"
t_in_c = 60.0
t_out_c = 60.0
dt_min_half_k = 0.0
price_eur_per_kwh = 0.01
[[utilities]]
name = "HP steam"
kind = "hot"
t_in_c = 200.0
t_out_c = 200.0
dt_min_half_k = 0.0
price_eur_per_kwh = 0.05
[economics]
operating_h_per_yr = 1000.0
"#;
    let plan = target_utilities(&case(text));
    assert_eq!(plan.outcome, Outcome::Optimal);
    assert!((plan.uses[0].q_w - 80e3).abs() < 1e-3, "{:?}", plan.uses);
    assert!((plan.uses[1].q_w - 40e3).abs() < 1e-3, "{:?}", plan.uses);
    assert!((plan.operating_cost_eur_per_yr - 2800.0).abs() < 1e-6);
    // Without the high-pressure steam nothing reaches 80 °C: infeasible, reported as an outcome.
    let without_hp = text
        .split("[[utilities]]\nname = \"HP steam\"")
        .next()
        .unwrap()
        .to_string()
        + "[economics]\noperating_h_per_yr = 1000.0\n";
    let plan = target_utilities(&case(&without_hp));
    assert_eq!(plan.outcome, Outcome::Infeasible);
}

/// The dairy's utilities (furnace, cooling tower, reference refrigerator) close its balance; the furnace
/// supplies exactly Q_H,min (the only hot utility), and the cold utilities together take Q_C,min.
#[test]
fn dairy_utility_mix_meets_the_targets() {
    let case = Case::load(&cases_root().join("ipese-dairy/case.toml")).unwrap();
    let targets = problem_table(&shifted(&case));
    let plan = target_utilities(&case);
    assert_eq!(plan.outcome, Outcome::Optimal);
    let hot: f64 = plan
        .uses
        .iter()
        .filter(|u| u.kind == StreamKind::Hot)
        .map(|u| u.q_w)
        .sum();
    let cold: f64 = plan
        .uses
        .iter()
        .filter(|u| u.kind == StreamKind::Cold)
        .map(|u| u.q_w)
        .sum();
    assert!((hot - targets.q_hot_min_w).abs() < 1e-3, "{hot}");
    assert!((cold - targets.q_cold_min_w).abs() < 1e-3, "{cold}");
}

/// Every check of every literature case folder passes (a case added is a test added).
#[test]
fn literature_cases_pass() {
    let rows = run_all(&cases_root()).unwrap();
    assert!(!rows.is_empty());
    for row in &rows {
        assert!(
            row.pass,
            "{} {}: published {}, computed {:?} ({:?})",
            row.case, row.quantity, row.published, row.computed, row.error
        );
    }
}
