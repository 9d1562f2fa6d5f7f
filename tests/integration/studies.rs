//! Studies (`hpsynth screen`, `sweep`, `merge`): the promised keys, the filters, the ranking, and a sharded
//! run merged into exactly the unsharded result (docs/studies.md).

use crate::small_cases::two_loads_toml;
use hpsynth::fluids::{FluidModel, fluid};
use serde_json::Value;
use std::path::Path;

use crate::common::{hpsynth, json};

/// The document without its wall times (`seconds`), the only part that differs between two runs.
fn without_timing(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("seconds");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

fn case_in(dir: &Path) -> String {
    let path = dir.join("two-loads.toml");
    std::fs::write(&path, two_loads_toml(8, 4, "\"R290\"", 2)).unwrap();
    path.display().to_string()
}

const SCREENED: &str = "R290,R1270,R744,R134a,Methane";

#[test]
fn a_screening_ranks_filters_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    let v = json(&[
        "screen",
        &case,
        "--fluids",
        SCREENED,
        "--max-gwp",
        "150",
        "--threads",
        "2",
        "--json",
    ]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let row = |name: &str| rows.iter().find(|r| r["fluid"] == name).unwrap();
    // Filters and fluids that cannot serve are listed with the reason.
    let r134a = row("R134a");
    assert_eq!(r134a["status"], "excluded");
    assert!(
        r134a["reason"].as_str().unwrap().contains("GWP100 1300"),
        "{r134a}"
    );
    assert_eq!(row("Methane")["status"], "cannot-serve");
    // CO2's critical point (31 °C) is below the condensing level the cooling water needs (above 32.5 °C).
    assert_eq!(row("CarbonDioxide")["status"], "no-design");
    // Ranked by TAC, with every promised key.
    let designed: Vec<&Value> = rows.iter().filter(|r| r["status"] == "designed").collect();
    assert!(designed.len() >= 2, "{v}");
    for (k, r) in designed.iter().enumerate() {
        assert_eq!(r["rank"], k + 1);
        for key in [
            "fluid",
            "tac_eur_per_yr",
            "power_kw",
            "cop_heating",
            "cop_cooling",
            "levels_c",
            "p_max_kpa",
            "p_min_kpa",
            "t_discharge_max_c",
            "volumetric_capacity_kj_per_m3",
            "gwp100",
            "safety_class",
            "status",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    let tacs: Vec<f64> = designed
        .iter()
        .map(|r| r["tac_eur_per_yr"].as_f64().unwrap())
        .collect();
    assert!(tacs.windows(2).all(|w| w[0] <= w[1]), "{tacs:?}");
    // The pressures are the saturation pressures of the levels in use (CoolProp-checked, fluid_properties).
    let propane = row("n-Propane");
    let levels: Vec<f64> = propane["levels_c"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_f64().unwrap())
        .collect();
    let p = |t_c: f64| {
        fluid("R290")
            .unwrap()
            .saturation_at_temperature(t_c + 273.15)
            .unwrap()
            .p_pa
            / 1e3
    };
    let (lo, hi) = (levels[0], levels[levels.len() - 1]);
    assert!((propane["p_min_kpa"].as_f64().unwrap() - p(lo)).abs() < 1e-6 * p(lo));
    assert!((propane["p_max_kpa"].as_f64().unwrap() - p(hi)).abs() < 1e-6 * p(hi));
}

#[test]
fn shards_merge_into_the_unsharded_screening_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    let whole = dir.path().join("whole");
    let unsharded = json(&[
        "screen",
        &case,
        "--fluids",
        SCREENED,
        "--threads",
        "1",
        "--json",
        "--out",
        &whole.display().to_string(),
    ]);
    let mut folders = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}"));
        let (ok, _, stderr) = hpsynth(&[
            "screen",
            &case,
            "--fluids",
            SCREENED,
            "--threads",
            "2",
            "--shard",
            &format!("{k}/3"),
            "--out",
            &out.display().to_string(),
        ]);
        assert!(ok, "{stderr}");
        folders.push(out.display().to_string());
    }
    // Without shard 3 the merge says which is missing.
    let (ok, _, stderr) = hpsynth(&["merge", &folders[0], &folders[1]]);
    assert!(!ok && stderr.contains("shards 3/3 are missing"), "{stderr}");
    let merged_dir = dir.path().join("merged");
    let mut args = vec!["merge", "--json", "--out"];
    let merged_out = merged_dir.display().to_string();
    args.push(&merged_out);
    args.extend(folders.iter().map(String::as_str));
    let (ok, stdout, stderr) = hpsynth(&args);
    assert!(ok, "{stderr}");
    let merged: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(without_timing(merged), without_timing(unsharded));
    // The files too: the CSV has no timing and is equal byte for byte.
    let csv = |d: &Path| std::fs::read_to_string(d.join("screen.csv")).unwrap();
    assert_eq!(csv(&merged_dir), csv(&whole));
    assert!(
        merged_dir.join("report.html").is_file() && merged_dir.join("screen-tac.svg").is_file()
    );
}

#[test]
fn a_sweep_of_the_electricity_price_raises_the_tac_by_the_power_it_buys() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    let v = json(&[
        "sweep",
        &case,
        "--set",
        "electricity.price_eur_per_kwh=0.10:0.20:3",
        "--threads",
        "2",
        "--json",
    ]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let tac = |r: &Value| r["summary"]["tac_eur_per_yr"].as_f64().unwrap();
    let power = |r: &Value| r["summary"]["power_kw"].as_f64().unwrap();
    // Every point has tried its neighbours' designs, so the TAC cannot fall as the price rises; and it rises
    // at most by what the cheaper point's own design would pay more: its power times the hours (8760 h/yr,
    // the case's default) times the price step (0.05 EUR/kWh).
    for w in rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        assert!(tac(a) <= tac(b) + 1e-6 * tac(b), "{} -> {}", tac(a), tac(b));
        let bound = power(a) * 8760.0 * 0.05;
        assert!(
            tac(b) - tac(a) <= bound * (1.0 + 1e-6),
            "{} -> {} (bound {bound})",
            tac(a),
            tac(b)
        );
    }
    let (ok, _, stderr) = hpsynth(&[
        "sweep",
        &case,
        "--set",
        "electricity.price_per_kwh=0.1:0.2:3",
    ]);
    assert!(!ok && stderr.contains("price_per_kwh"), "{stderr}");
}

/// A chiller (12 -> 4 °C) and hot water (55 -> 65 °C) on a site with a boiler, cooling water and a poor
/// reference refrigerator (0.5 kW of electricity per kW of cold, the dairy's kind): at 0.05 EUR/kWh a heat
/// pump from the chiller to the hot water beats the boiler (propane between about 0 and 68 °C, COP about 3
/// against 0.06 / 0.9 = 0.067 EUR per kWh of heat), at 1 EUR/kWh it does not, and a cycle that only
/// refrigerates still beats the reference refrigerator. Propane, not ammonia: ammonia's discharge from 0 to
/// 30 °C is hot enough (about 90 °C) for its after-cooler to heat the water at no extra work, which is
/// heat pumped into the process too.
fn chiller_and_hot_water_in(dir: &Path) -> String {
    let path = dir.join("chiller-and-hot-water.toml");
    let text = r#"
[case]
name = "chiller and hot water"
dt_min_half_k = 2.0
[[streams]]
name = "chiller"
kind = "hot"
t_in_c = 12.0
t_out_c = 4.0
q_kw = 300.0
[[streams]]
name = "hot water"
kind = "cold"
t_in_c = 55.0
t_out_c = 65.0
q_kw = 200.0
[[utilities]]
name = "boiler"
kind = "hot"
t_in_c = 200.0
t_out_c = 150.0
price_eur_per_kwh = 0.06
efficiency = 0.9
[[utilities]]
name = "cooling water"
kind = "cold"
t_in_c = 25.0
t_out_c = 30.0
dt_min_half_k = 2.5
[[utilities]]
name = "reference refrigerator"
kind = "cold"
t_in_c = -10.0
t_out_c = -10.0
dt_min_half_k = 0.0
electricity_kw_per_kw = 0.5
[electricity]
price_eur_per_kwh = 0.05
[heat_pump]
fluids = ["R290"]
template = "single-stage"
max_levels = 3
dt_min_half_k = 1.0
t_level_min_c = -10.0
t_level_max_c = 80.0
[optimizer]
seed = 3
population = 10
generations = 6
stall_generations = 6
grid_step_k = 10.0
"#;
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_sweep_finds_where_the_heat_pump_stops_pumping_heat_and_where_the_two_designs_cross() {
    let dir = tempfile::tempdir().unwrap();
    let case = chiller_and_hot_water_in(dir.path());
    let v = json(&[
        "sweep",
        &case,
        "--set",
        "electricity.price_eur_per_kwh=0.05:1.0:2",
        "--threads",
        "2",
        "--json",
    ]);
    let rows = v["rows"].as_array().unwrap();
    let pumps: Vec<Option<bool>> = rows.iter().map(|r| r["pumps_heat"].as_bool()).collect();
    assert_eq!(pumps, [Some(true), Some(false)], "{v}");
    for r in rows {
        assert_eq!(r["beats_site"].as_bool(), Some(true), "{r}");
    }
    let tip = v["tipping_points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "stops-pumping-heat")
        .unwrap_or_else(|| panic!("{v}"));
    // By hand: each design built and run as at its own point costs more at price p by its site's
    // electricity E times the hours (8000 h/yr, the case's default) times the price change, a line; the
    // two lines cross at p* = (TAC_B - TAC_A + E_A t p_a - E_B t p_b) / ((E_A - E_B) t).
    let line = |r: &Value| {
        let tac = r["summary"]["tac_eur_per_yr"].as_f64().unwrap();
        let e_kw = r["design"]["versus_no_heat_pump"]["design"]["electricity_w"]
            .as_f64()
            .unwrap()
            / 1e3;
        (tac, e_kw * 8000.0)
    };
    let ((tac_a, slope_a), (tac_b, slope_b)) = (line(&rows[0]), line(&rows[1]));
    let by_hand = (tac_b - tac_a + slope_a * 0.05 - slope_b * 1.0) / (slope_a - slope_b);
    let estimate = tip["estimate"].as_f64().unwrap_or_else(|| panic!("{tip}"));
    assert!(
        (0.05..=1.0).contains(&estimate) && (estimate - by_hand).abs() <= 1e-3 * by_hand,
        "sweep {estimate}, by hand {by_hand}: {tip}"
    );
}

/// The two loads with electricity that emits 300 g/kWh: the CO2 is the compressors' power at the meter times
/// the hours times that factor, so cleaner means less power, which costs exchanger area. At 0.01 EUR/kWh the
/// cheapest design condenses above the lowest level the cooling water allows (at 0.02 EUR/kWh and above it
/// condenses there already, or nearly, and the front is one point).
fn emitting_case_in(dir: &Path) -> String {
    let path = dir.join("two-loads-co2.toml");
    let text = two_loads_toml(8, 4, "\"R290\"", 2)
        + "[electricity]\nprice_eur_per_kwh = 0.01\nco2_g_per_kwh = 300.0\n";
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn the_front_runs_from_the_cheapest_to_the_cleanest_and_merges_from_shards() {
    let dir = tempfile::tempdir().unwrap();
    let case = emitting_case_in(dir.path());
    let v = json(&["pareto", &case, "--points", "4", "--threads", "2", "--json"]);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    assert_eq!(
        (points[0]["label"].as_str(), points[3]["label"].as_str()),
        (Some("cheapest"), Some("cleanest"))
    );
    let s = |p: &Value, key: &str| p["summary"][key].as_f64().unwrap();
    for p in points {
        // CO2 = power at the meter x 8000 h (the case's default hours) x 0.3 kg/kWh: cooling water emits
        // nothing.
        let electric_kw = p["design"]["electric_power_kw"].as_f64().unwrap();
        let expected_t = electric_kw * 8000.0 * 0.3 / 1e3;
        assert!(
            (s(p, "co2_t_per_yr") - expected_t).abs() <= 1e-6 * expected_t,
            "{p}"
        );
        // The bound holds on the CO2 as the MILP counts it (motors at the efficiency it prices them with).
        if let Some(cap) = p["co2_cap_t_per_yr"].as_f64() {
            assert!(s(p, "co2_milp_t_per_yr") <= cap * (1.0 + 1e-6), "{p}");
        }
    }
    // Along the front the TAC rises as the CO2 falls.
    for w in points.windows(2) {
        assert!(
            s(&w[0], "co2_t_per_yr") >= s(&w[1], "co2_t_per_yr") * (1.0 - 1e-6),
            "{}",
            v
        );
        assert!(
            s(&w[0], "tac_eur_per_yr") <= s(&w[1], "tac_eur_per_yr") * (1.0 + 1e-6),
            "{}",
            v
        );
    }
    assert!(
        s(&points[0], "co2_t_per_yr") > s(&points[3], "co2_t_per_yr"),
        "{v}"
    );
    // Sharded: each shard runs the extremes itself and records its share; merged, the same front.
    let mut folders = Vec::new();
    for k in 1..=2 {
        let out = dir.path().join(format!("p{k}")).display().to_string();
        let (ok, _, stderr) = hpsynth(&[
            "pareto",
            &case,
            "--points",
            "4",
            "--threads",
            "2",
            "--shard",
            &format!("{k}/2"),
            "--out",
            &out,
        ]);
        assert!(ok, "{stderr}");
        folders.push(out);
    }
    let merged = json(&["merge", &folders[0], &folders[1], "--json"]);
    assert_eq!(without_timing(merged), without_timing(v));
}
