//! Installed cost of heat pumps from the default cost set against published installed prices
//! (docs/costs.md).
//!
//! Published installed (turnkey) prices of industrial and large heat pumps, EUR per kW of heat:
//! - Danish Energy Agency, "Technology Data for Energy Plants for Electricity and District Heating", ch. 40,
//!   compression heat pumps on industrial excess heat (25 -> 15 °C) for district heating (35/70 °C), 2020
//!   data in 2015 EUR: 1 MW 1.237, 3 MW 0.856, 10 MW 0.666 MEUR/MW (equipment, installation and grid
//!   connection).
//! - Danish Energy Agency, "Technology Data for Industrial Process Heat", sheet 301.c, 3 MW heat pump up to
//!   80 °C (source 30 -> 20 °C), 2020 data in 2019 EUR: 0.73 MEUR/MW.
//! - SPH Sustainable Process Heat GmbH, ThermBooster economics page (studiocaramelli.eu/en/economics): a
//!   600 kW industrial heat pump with one compressor, COP 4.0, 412 500 EUR = 687.5 EUR/kW.
//! - Markussen et al. (DTI/DTU), lcoh_industrial_heating model inputs: heat pump for 80 °C process heat,
//!   0.741 MEUR/MW.
//!
//! Published prices fall with size. The one published size series, DEA ch. 40, gives the exponent:
//! `ln(0.666 / 1.237) / ln(10) = -0.269` per decade of capacity. The published band at a capacity `Q` (MW)
//! is every published price brought to `Q` with that exponent, lowest to highest: the lowest is SPH's
//! (687.5 EUR/kW at 0.6 MW, i.e. 600 EUR/kW at 1 MW), the highest DEA's 1 MW (1237 EUR/kW):
//! `[600, 1237] Q^-0.269` EUR/kW. Each comparable design below is the heat pump
//! of the published point: ammonia in two stages with a flash economiser (a single stage would discharge
//! above 180 °C at these lifts), evaporating 4.5 K below the source outlet, condensing 4.5 K above the sink
//! outlet, the intermediate level midway (dT_min/2 of 2.5 K for water and 2 K for the refrigerant), the
//! source a free waste-heat utility, the sink a process stream of the published capacity. Its installed
//! investment (machines and every exchanger by the area target) per kW of heat must lie in the band.

use hpsynth::case::Case;
use hpsynth::slave::{CycleChoice, SlaveSettings, evaluate_candidate};
use std::path::Path;

/// Size exponent of published prices per kW: DEA ch. 40, `ln(0.666 / 1.237) / ln(10)`.
fn size_exponent() -> f64 {
    (0.666f64 / 1.237).ln() / 10f64.ln()
}

/// The published band at `q_kw` (EUR/kW): SPH's 687.5 EUR/kW at 600 kW and DEA's 1237 EUR/kW at 1 MW,
/// each brought to `q_kw` with [`size_exponent`].
fn published_band(q_kw: f64) -> (f64, f64) {
    let e = size_exponent();
    (
        687.5 * (q_kw / 600.0).powf(e),
        1237.0 * (q_kw / 1000.0).powf(e),
    )
}

/// A published point: price (EUR/kW of heat), capacity (kW of heat), source in/out, sink in/out (°C).
struct Point {
    name: &'static str,
    eur_per_kw: f64,
    q_kw: f64,
    source_c: (f64, f64),
    sink_c: (f64, f64),
}

const POINTS: [Point; 5] = [
    // DEA el & DH ch. 40: excess heat 25 -> 15 °C, district heating 35 -> 70 °C.
    Point {
        name: "DEA ch. 40, 1 MW",
        eur_per_kw: 1237.0,
        q_kw: 1000.0,
        source_c: (25.0, 15.0),
        sink_c: (35.0, 70.0),
    },
    Point {
        name: "DEA ch. 40, 3 MW",
        eur_per_kw: 856.0,
        q_kw: 3000.0,
        source_c: (25.0, 15.0),
        sink_c: (35.0, 70.0),
    },
    Point {
        name: "DEA ch. 40, 10 MW",
        eur_per_kw: 666.0,
        q_kw: 10000.0,
        source_c: (25.0, 15.0),
        sink_c: (35.0, 70.0),
    },
    // DEA industrial process heat 301.c: up to 80 °C from 30 -> 20 °C; the sink's inlet is not published:
    // 50 °C is assumed (a 30 K rise).
    Point {
        name: "DEA 301.c, 3 MW",
        eur_per_kw: 730.0,
        q_kw: 3000.0,
        source_c: (30.0, 20.0),
        sink_c: (50.0, 80.0),
    },
    // SPH ThermBooster, 600 kW: temperatures not published; those of DEA 301.c.
    Point {
        name: "SPH ThermBooster, 600 kW",
        eur_per_kw: 687.5,
        q_kw: 600.0,
        source_c: (30.0, 20.0),
        sink_c: (50.0, 80.0),
    },
];

fn case_of(p: &Point, cost_set: &str) -> Case {
    let text = format!(
        r#"
[case]
name = "{name}"
dt_min_half_k = 2.5
[[streams]]
name = "sink"
kind = "cold"
t_in_c = {sink_in}
t_out_c = {sink_out}
q_kw = {q}
[[utilities]]
name = "waste heat"
kind = "hot"
t_in_c = {source_in}
t_out_c = {source_out}
dt_min_half_k = 2.5
[electricity]
price_eur_per_kwh = 0.1
[heat_pump]
fluids = ["R717"]
template = "two-stage-economiser"
dt_min_half_k = 2.0
[costs]
set = "{cost_set}"
"#,
        name = p.name,
        sink_in = p.sink_c.0,
        sink_out = p.sink_c.1,
        q = p.q_kw,
        source_in = p.source_c.0,
        source_out = p.source_c.1,
    );
    Case::from_toml_str(&text, "published-point.toml", Path::new(".")).expect("valid case")
}

/// Installed investment per kW of heat of the comparable design of `p` priced with `cost_set`.
fn installed_eur_per_kw(p: &Point, cost_set: &str) -> f64 {
    let case = case_of(p, cost_set);
    let (evaporating, condensing) = (p.source_c.1 - 4.5 + 273.15, p.sink_c.1 + 4.5 + 273.15);
    let cycle = CycleChoice {
        fluid: "R717".into(),
        levels_k: vec![evaporating, 0.5 * (evaporating + condensing), condensing],
    };
    let settings = SlaveSettings::from_case(&case);
    let (_, e) =
        evaluate_candidate(&case, &[cycle], "two-stage-economiser", &settings).expect("set up");
    let d = e.design.expect("the heat pump serves the sink");
    assert!(d.checks.pass);
    // No utility but the free waste heat: every exchanger of the network is the heat pump's.
    assert!(d.utilities[0].q_w > 0.0);
    d.costs.investment_eur / (d.heat_released_w * 1e-3)
}

#[test]
fn default_cost_set_lies_in_the_published_band_of_installed_prices() {
    let default = hpsynth::slave::DEFAULT_COST_SET;
    let mut rows = Vec::new();
    for p in &POINTS {
        let per_kw = installed_eur_per_kw(p, default);
        let (lo, hi) = published_band(p.q_kw);
        rows.push(format!(
            "{}: {per_kw:.0} EUR/kW (published {:.0}, band {lo:.0}-{hi:.0})",
            p.name, p.eur_per_kw
        ));
        assert!(
            (lo..=hi).contains(&per_kw),
            "{}: {per_kw:.0} EUR/kW outside the published band {lo:.0}-{hi:.0}",
            p.name
        );
    }
    println!("{}", rows.join("\n"));
}

/// The default is the shipped set closest to the published prices: the smallest mean of
/// `|ln(computed / published)|` over the points.
#[test]
fn default_cost_set_is_the_closest_to_published_prices() {
    let error = |set: &str| -> f64 {
        POINTS
            .iter()
            .map(|p| (installed_eur_per_kw(p, set) / p.eur_per_kw).ln().abs())
            .sum::<f64>()
            / POINTS.len() as f64
    };
    let default = hpsynth::slave::DEFAULT_COST_SET;
    let best = error(default);
    for set in hpsynth::slave::CostSet::shipped() {
        let e = error(set);
        println!("{set}: mean |ln(computed / published)| = {e:.3}");
        assert!(
            best <= e,
            "{set} ({e:.3}) is closer than {default} ({best:.3})"
        );
    }
}

/// Economies of scale: per kW, a larger heat pump of the same temperatures costs less (published: DEA
/// ch. 40, 1.237 > 0.856 > 0.666 MEUR/MW from 1 to 10 MW).
#[test]
fn installed_cost_per_kw_falls_with_size() {
    let default = hpsynth::slave::DEFAULT_COST_SET;
    let per_kw: Vec<f64> = POINTS[..3]
        .iter()
        .map(|p| installed_eur_per_kw(p, default))
        .collect();
    assert!(per_kw[0] > per_kw[1] && per_kw[1] > per_kw[2], "{per_kw:?}");
}

/// Every shipped set, for docs/costs.md (`cargo test --test integration costs:: -- --nocapture --ignored`).
#[test]
#[ignore]
fn print_every_cost_set_against_the_published_points() {
    for set in hpsynth::slave::CostSet::shipped() {
        for p in &POINTS {
            println!("{set} | {} | {:.0}", p.name, installed_eur_per_kw(p, set));
        }
    }
}

/// At fixed levels, a larger refrigerant dT_min/2 moves the refrigerant streams' cascade temperatures away
/// from the process: the design exchanges at larger temperature differences and needs no more area (the
/// IPESE dairy, ammonia at the study's levels).
#[test]
fn a_larger_refrigerant_approach_needs_less_area() {
    let path = crate::common::case_dir("ipese-dairy").join("study.toml");
    let case = Case::load(&path).unwrap();
    let cycle = CycleChoice {
        fluid: "R717".into(),
        levels_k: [-0.5, 23.5, 55.5, 74.51, 95.5, 104.5]
            .map(|t| t + 273.15)
            .to_vec(),
    };
    let mut areas = Vec::new();
    for dt in [1.0, 2.0, 3.0] {
        let mut settings = SlaveSettings::from_case(&case);
        settings.dt_min_half_k = dt;
        let (_, e) = evaluate_candidate(
            &case,
            std::slice::from_ref(&cycle),
            "two-stage-economiser",
            &settings,
        )
        .unwrap();
        let d = e.design.expect("a design");
        areas.push(d.network.expect("area target").area_m2);
    }
    // Never more area, and less over the range (at 1 and 2 K the design can be the same, its area the same:
    // the area target is of real temperatures).
    assert!(
        areas[1] <= areas[0] * (1.0 + 1e-9)
            && areas[2] <= areas[1] * (1.0 + 1e-9)
            && areas[2] < areas[0],
        "{areas:?}"
    );
}
