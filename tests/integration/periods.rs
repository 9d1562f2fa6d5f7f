//! Operating periods (`[[periods]]`): each period resolved from the case as written, its targets, and bad
//! periods refused with the period, the key and the fix named.

use hpsynth::case::{Case, CaseError};
use std::path::Path;

/// A hot stream 80 -> 40 °C of 400 kW (CP 10 kW/K) and a cold one 30 -> 70 °C of 200 kW (CP 5 kW/K), dT_min/2
/// 5 K, cooling water 20 -> 25 °C and steam at 150 °C.
const CASE: &str = r#"
[case]
name = "two streams"
dt_min_half_k = 5.0
[economics]
operating_h_per_yr = 8000.0
[[streams]]
name = "hot"
kind = "hot"
t_in_c = 80.0
t_out_c = 40.0
q_kw = 400.0
[[streams]]
name = "cold"
kind = "cold"
t_in_c = 30.0
t_out_c = 70.0
q_kw = 200.0
[[utilities]]
name = "cooling water"
kind = "cold"
t_in_c = 20.0
t_out_c = 25.0
price_eur_per_kwh = 0.001
[[utilities]]
name = "steam"
kind = "hot"
t_in_c = 150.0
t_out_c = 149.0
price_eur_per_kwh = 0.05
"#;

fn load(periods: &str) -> Result<Case, CaseError> {
    Case::from_toml_str(&format!("{CASE}{periods}"), "periods.toml", Path::new("."))
}

fn problems(periods: &str) -> Vec<String> {
    match load(periods) {
        Err(CaseError::Invalid { problems, .. }) => {
            problems.iter().map(|p| p.to_string()).collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

/// Duties by value and by factor, a summer cooling water, a tariff and a utility off, resolved by hand; the
/// weights divide the case's 8000 h.
#[test]
fn a_period_is_the_case_with_its_own_duties_temperatures_and_prices() {
    let case = load(
        r#"
[[periods]]
name = "summer"
weight = 0.25
stream_q_kw = { "hot" = 600.0 }
stream_factor = { "cold" = 0.5 }
utility_t_in_c = { "cooling water" = 26.0 }
utility_t_out_c = { "cooling water" = 31.0 }
electricity_price_eur_per_kwh = 0.30
utility_available = { "steam" = false }
[[periods]]
name = "winter"
weight = 0.75
"#,
    )
    .unwrap();
    let summer = case.in_period(&case.periods[0]);
    assert_eq!(summer.streams[0].q_w(), 600e3);
    assert_eq!(summer.streams[1].q_w(), 100e3);
    assert!((summer.utilities[0].t_in_k - 299.15).abs() < 1e-12);
    assert!((summer.utilities[0].t_out_k - 304.15).abs() < 1e-12);
    assert_eq!(summer.utilities[1].max_w, Some(0.0));
    assert!((summer.electricity.price_eur_per_j * 3.6e6 - 0.30).abs() < 1e-15);
    assert_eq!(summer.economics.operating_s_per_yr, 0.25 * 8000.0 * 3600.0);
    assert!(summer.periods.is_empty());
    // Winter is the case as written, for 6000 h.
    let winter = case.in_period(&case.periods[1]);
    assert_eq!(winter.streams, case.streams);
    assert_eq!(winter.utilities, case.utilities);
    assert_eq!(winter.economics.operating_s_per_yr, 6000.0 * 3600.0);
}

/// With `hours_per_yr` the case's operating time is their sum.
#[test]
fn hours_per_period_set_the_operating_time() {
    let case = load(
        "[[periods]]\nname = \"day\"\nhours_per_yr = 3000.0\n[[periods]]\nname = \"night\"\nhours_per_yr = 2000.0\n",
    )
    .unwrap();
    assert_eq!(case.economics.operating_s_per_yr, 5000.0 * 3600.0);
}

/// Minimum utilities by hand, problem table at dT_min/2 = 5 K: the hot stream (CP 10) shifted to 75 -> 35,
/// the cold (CP 5) to 35 -> 75: the cold is wholly below the hot, Q_h = 0, Q_c = 400 - 200 = 200 kW. When the
/// hot stream doubles (CP 20, 800 kW) Q_c = 600 kW; when it falls to a quarter (CP 2.5, 100 kW), the cold
/// needs 100 kW from steam and Q_c = 0.
#[test]
fn each_period_has_its_own_targets() {
    let case = load(
        r#"
[[periods]]
name = "double"
weight = 0.5
stream_factor = { "hot" = 2.0 }
[[periods]]
name = "quarter"
weight = 0.5
stream_factor = { "hot" = 0.25 }
"#,
    )
    .unwrap();
    let r = hpsynth::summary::targets::report(&case);
    assert!((r.q_hot_min_kw - 0.0).abs() < 1e-9 && (r.q_cold_min_kw - 200.0).abs() < 1e-9);
    let t: Vec<(f64, f64)> = r
        .periods
        .iter()
        .map(|p| (p.targets.q_hot_min_kw, p.targets.q_cold_min_kw))
        .collect();
    assert!(
        (t[0].0 - 0.0).abs() < 1e-9 && (t[0].1 - 600.0).abs() < 1e-9,
        "{t:?}"
    );
    assert!(
        (t[1].0 - 100.0).abs() < 1e-9 && (t[1].1 - 0.0).abs() < 1e-9,
        "{t:?}"
    );
    assert_eq!(r.periods[1].hours_per_yr, 4000.0);
}

#[test]
fn bad_periods_name_the_period_the_key_and_the_fix() {
    let cases: [(&str, &str); 6] = [
        (
            "[[periods]]\nname = \"p\"\nweight = 1.0\nstream_q_kw = { \"hott\" = 1.0 }\n",
            "periods[0] \"p\".stream_q_kw.\"hott\": no stream of the case is called \"hott\"",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 0.5\n[[periods]]\nname = \"q\"\nweight = 0.4\n",
            "the periods' weights sum to 0.9",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 0.5\n[[periods]]\nname = \"q\"\nhours_per_yr = 100.0\n",
            "exactly one of hours_per_yr and weight",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 0.5\n[[periods]]\nname = \"p\"\nweight = 0.5\n",
            "periods[1] \"p\".name",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 1.0\nstream_q_kw = { \"hot\" = 1.0 }\nstream_factor = { \"hot\" = 2.0 }\n",
            "given twice",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 1.0\nutility_t_in_c = { \"cooling water\" = 40.0 }\n",
            "periods[0] \"p\".utility_t_in_c.\"cooling water\": a cold stream cools down",
        ),
    ];
    for (periods, expected) in cases {
        let found = problems(periods);
        assert!(
            found
                .iter()
                .any(|p| p.contains(expected) && p.contains("fix: ")),
            "{expected}: {found:?}"
        );
    }
}

/// A chiller load (10 -> 5 °C) of 100 kW for 6000 h and 200 kW for 2000 h, rejected into cooling water at
/// 25 -> 30 °C through an ammonia cycle at 0 and 40 °C: the MILP has no other way to cool the load.
const DOUBLING_LOAD: &str = r#"
[case]
name = "a load that doubles"
dt_min_half_k = 2.0
[[streams]]
name = "chiller"
kind = "hot"
t_in_c = 10.0
t_out_c = 5.0
q_kw = 100.0
[[utilities]]
name = "cooling water"
kind = "cold"
t_in_c = 25.0
t_out_c = 30.0
dt_min_half_k = 2.5
[electricity]
price_eur_per_kwh = 0.2
[heat_pump]
fluids = ["R717"]
template = "single-stage"
dt_min_half_k = 1.0
eta_is = 0.75
[costs]
exchangers = "per-unit"
[[periods]]
name = "base"
hours_per_yr = 6000.0
[[periods]]
name = "peak"
hours_per_yr = 2000.0
stream_factor = { "chiller" = 2.0 }
"#;

/// The sizing rule on a case checked by hand. The refrigerant flow of each period is the load over the
/// refrigerating effect `h_V(0 °C) - h_L(40 °C)` and its power the load over the cycle's COP, both from
/// `compute_cycle` (the single-stage cycle of tests/integration/cycle_reference.rs, checked against
/// CoolProp); the compressor is sized by the peak's suction volume flow, `m_peak / rho_V(0 °C)` in m3/h;
/// the operating cost is `sum_p W_p t_p p_el` (cooling water is free here).
#[test]
fn machines_carry_the_larger_period_and_operation_is_hour_weighted() {
    use hpsynth::fluids::{FluidModel, fluid};
    use hpsynth::slave::{CycleChoice, SlaveSettings, evaluate_candidate};
    use hpsynth::thermo::{CycleSpec, Level, compute_cycle};
    let case = Case::from_toml_str(DOUBLING_LOAD, "doubling.toml", Path::new(".")).unwrap();
    let (t0, t40) = (273.15, 313.15);
    let cycle = CycleChoice {
        fluid: "R717".into(),
        levels_k: vec![t0, t40],
    };
    let settings = SlaveSettings::from_case(&case);
    let (_, e) = evaluate_candidate(&case, &[cycle], "single-stage", &settings).unwrap();
    let d = e.design.expect("a design");
    assert!(d.checks.pass && d.periods.iter().all(|p| p.checks.pass));

    let ammonia = fluid("R717").unwrap();
    let reference = compute_cycle(
        ammonia.as_ref(),
        &CycleSpec {
            evaporating: Level::SaturationTemperatureK(t0),
            condensing: Level::SaturationTemperatureK(t40),
            intermediate: None,
            eta_is: case.heat_pump.eta_is.expect("an ideal machine"),
            superheat_k: 0.0,
            subcool_k: 0.0,
        },
    )
    .unwrap();
    let (loads_w, hours) = ([100e3, 200e3], [6000.0, 2000.0]);
    for (p, load) in d.periods.iter().zip(loads_w) {
        let power = load / reference.cop_cooling;
        assert!(
            (p.power_w - power).abs() < 1e-6 * power,
            "{}: {}",
            p.name,
            p.power_w
        );
    }
    let rho_suction = ammonia
        .saturation_at_temperature(t0)
        .unwrap()
        .vapour
        .rho_kg_per_m3;
    let m_peak = loads_w[1] / reference.refrigeration_effect_j_per_kg;
    let compressor = d
        .machines
        .iter()
        .find(|m| m.label.starts_with("compressor"))
        .expect("a compressor");
    let suction_m3_per_h = m_peak / rho_suction * 3600.0;
    assert!(
        (compressor.size - suction_m3_per_h).abs() < 1e-6 * suction_m3_per_h,
        "{} against {suction_m3_per_h}",
        compressor.size
    );
    let price_eur_per_j = 0.2 / 3.6e6;
    let operating: Vec<f64> = loads_w
        .iter()
        .zip(hours)
        .map(|(load, h)| load / reference.cop_cooling * h * 3600.0 * price_eur_per_j)
        .collect();
    for (p, cost) in d.periods.iter().zip(&operating) {
        assert!(
            (p.operating_cost_eur_per_yr - cost).abs() < 1e-6 * cost,
            "{}",
            p.name
        );
    }
    let total: f64 = operating.iter().sum();
    assert!((d.costs.electricity_eur_per_yr - total).abs() < 1e-6 * total);
}

/// A design sized for one period, re-costed over all (`SlaveSettings::fix_design`): sized for the base load
/// alone it cannot carry the peak (no utility can cool the chiller: the cooling water is warmer), so the
/// re-costed run is infeasible; sized for the peak it is the multi-period design, whose compressor the peak
/// sizes.
#[test]
fn a_design_for_one_period_recosted_over_all() {
    use hpsynth::slave::{CycleChoice, SlaveSettings, evaluate_candidate};
    let case = Case::from_toml_str(DOUBLING_LOAD, "doubling.toml", Path::new(".")).unwrap();
    let cycle = [CycleChoice {
        fluid: "R717".into(),
        levels_k: vec![273.15, 313.15],
    }];
    let design_for = |c: &Case| {
        let (ss, e) =
            evaluate_candidate(c, &cycle, "single-stage", &SlaveSettings::from_case(c)).unwrap();
        (ss, e.design.expect("a design"))
    };
    let only = |name: &str| -> Case {
        let p = case.periods.iter().find(|p| p.name == name).unwrap();
        case.in_period(p)
    };
    let recost = |ss: &[hpsynth::superstructure::Superstructure], d: &hpsynth::slave::Design| {
        let mut settings = SlaveSettings::from_case(&case);
        settings.fix_design(ss, d);
        evaluate_candidate(&case, &cycle, "single-stage", &settings)
            .unwrap()
            .1
    };
    let (_, all_periods) = design_for(&case);
    let (base_ss, base) = design_for(&only("base"));
    let (peak_ss, peak) = design_for(&only("peak"));
    assert!(recost(&base_ss, &base).design.is_none());
    let recosted = recost(&peak_ss, &peak)
        .design
        .expect("the peak design runs in every period");
    let (a, b) = (
        all_periods.costs.tac_eur_per_yr,
        recosted.costs.tac_eur_per_yr,
    );
    assert!((a - b).abs() <= 1e-3 * a, "{a} against {b}");
}

/// docs/multi-period.md: the OpenPinch dairy chilling site designed for its three periods, for its base
/// period alone and for its peak alone (ammonia, the levels each `hpsynth optimize` run chose:
/// `optimize literature_cases/openpinch-dairy-chilling/{case,base,peak}.toml --threads 2`, default seed),
/// then the two single-period designs re-costed over the three periods with their machines fixed; the table
/// of the doc with `cargo test --release --test integration multi_period_study -- --nocapture`.
///
/// What must hold whatever the levels, each to the MIP gap of the solves (the case's 1e-4): every design,
/// fixed at its own sizes, runs in every period and passes every check there (steam, cooling water and glycol
/// can carry whatever its machines cannot); the three-period design fixed at its own sizes costs what it was
/// designed for; and sizing the machines again for the three periods at the same levels costs no more than
/// keeping a single period's sizes, which is one of the sizings it may choose.
#[test]
fn multi_period_study() {
    use hpsynth::slave::{CycleChoice, SlaveSettings, evaluate_candidate};
    let folder = crate::common::case_dir("openpinch-dairy-chilling");
    let load = |file: &str| Case::load(&folder.join(file)).unwrap();
    let all = load("case.toml");
    let cycle = |levels_c: &[f64]| {
        [CycleChoice {
            fluid: "R717".into(),
            levels_k: levels_c.iter().map(|t| t + 273.15).collect(),
        }]
    };
    // The levels each run kept (a fourth level above ammonia's 50 bar rating was removed in two of them).
    let designs: [(&str, &str, &[f64]); 3] = [
        ("three periods", "case.toml", &[-3.13, 9.1, 28.98]),
        ("base alone", "base.toml", &[-2.5, 8.28, 29.07]),
        ("peak alone", "peak.toml", &[-2.5, 8.4, 23.0, 28.0]),
    ];
    println!(
        "| design | levels (°C) | TAC as designed (EUR/yr) | investment (EUR) | its machines over the three \
         periods: TAC (EUR/yr) | network in it (EUR) | re-sized for the three periods at its levels: TAC \
         (EUR/yr) | checks in every period |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, file, levels) in designs {
        let own = load(file);
        let cycles = cycle(levels);
        let (ss, e) =
            evaluate_candidate(&own, &cycles, "full", &SlaveSettings::from_case(&own)).unwrap();
        let d = e.design.expect("a design");
        let mut fixed = SlaveSettings::from_case(&all);
        fixed.fix_design(&ss, &d);
        let over_all = evaluate_candidate(&all, &cycles, "full", &fixed).unwrap().1;
        let (tac, network, checks) =
            over_all
                .design
                .as_ref()
                .map_or((f64::NAN, f64::NAN, false), |r| {
                    (
                        r.costs.tac_eur_per_yr,
                        r.costs.network_investment_eur,
                        r.periods.iter().all(|p| p.checks.pass),
                    )
                });
        let resized = evaluate_candidate(&all, &cycles, "full", &SlaveSettings::from_case(&all))
            .unwrap()
            .1
            .design
            .map_or(f64::NAN, |r| r.costs.tac_eur_per_yr);
        println!(
            "| {name} | {levels:?} | {:.0} | {:.0} | {tac:.0} ({:?}) | {network:.0} | {resized:.0} | {checks} |",
            d.costs.tac_eur_per_yr, d.costs.investment_eur, over_all.outcome
        );
        let gap = all.optimizer.mip_gap;
        assert!(
            checks,
            "{name}: fixed at its sizes, a period fails its checks or does not run"
        );
        assert!(
            resized <= tac * (1.0 + gap),
            "{name}: re-sized {resized} above its fixed sizes' {tac}"
        );
        if file == "case.toml" {
            let designed = d.costs.tac_eur_per_yr;
            assert!(
                (tac - designed).abs() <= gap * designed,
                "{name}: {tac} at its own sizes against {designed} as designed"
            );
        }
    }
}

/// The same load on a machine you can buy (the machine set's piston compressor, the only technology allowed):
/// its efficiency at the stage's pressure ratio, its swept volume sized for the peak, its motor rated for the
/// peak's shaft power, and every period's power priced at the meter. Worked out here from the machine set's
/// sources (machine_sets/industrial-2026.toml): `eta_is` 0.80 at every ratio (Ommen et al. 2015, Table 1);
/// `eta_vol = 1 - 0.04 (r^(1/k) - 1)` with `k = ln r / ln(rho_2s / rho_1)` of the isentrope (clearance 4 %,
/// Bloch & Hoefner 1996); the IEC 60034-30-1 interpolation of an IE3 4-pole motor, `A x^3 + B x^2 + C x + D`
/// (A = 0.0773, B = -1.8951, C = 9.2984, D = 83.7025, x = log10 P/kW; UK SI 2021/745 Sch. 16 Table 28) at
/// the peak's shaft power, and a drive of 0.97 (CalebBell/fluids VFD_efficiency).
#[test]
fn a_compressor_you_can_buy_is_rated_for_the_peak_and_priced_at_the_meter() {
    use hpsynth::fluids::{FluidModel, fluid};
    use hpsynth::slave::{CycleChoice, SlaveSettings, evaluate_candidate};
    use hpsynth::thermo::{CycleSpec, Level, compute_cycle};
    let text = DOUBLING_LOAD.replace("eta_is = 0.75", "compressors = [\"reciprocating\"]");
    let case = Case::from_toml_str(&text, "doubling.toml", Path::new(".")).unwrap();
    let (t0, t40) = (273.15, 313.15);
    let cycle = CycleChoice {
        fluid: "R717".into(),
        levels_k: vec![t0, t40],
    };
    let settings = SlaveSettings::from_case(&case);
    let (_, e) = evaluate_candidate(&case, &[cycle], "single-stage", &settings).unwrap();
    let d = e.design.expect("a design");
    let ammonia = fluid("R717").unwrap();
    let reference = compute_cycle(
        ammonia.as_ref(),
        &CycleSpec {
            evaporating: Level::SaturationTemperatureK(t0),
            condensing: Level::SaturationTemperatureK(t40),
            intermediate: None,
            eta_is: 0.80,
            superheat_k: 0.0,
            subcool_k: 0.0,
        },
    )
    .unwrap();
    let (low, high) = (
        ammonia.saturation_at_temperature(t0).unwrap(),
        ammonia.saturation_at_temperature(t40).unwrap(),
    );
    let r = high.p_pa / low.p_pa;
    let isentropic = ammonia
        .flash_ps(high.p_pa, low.vapour.s_j_per_kg_k)
        .unwrap();
    let k = r.ln() / (isentropic.rho_kg_per_m3 / low.vapour.rho_kg_per_m3).ln();
    let eta_vol = 1.0 - 0.04 * (r.powf(1.0 / k) - 1.0);
    let (loads_w, hours) = ([100e3, 200e3], [6000.0, 2000.0]);
    let peak_w = loads_w[1] / reference.cop_cooling;
    let x = (peak_w / 1e3_f64).log10();
    let motor = (0.0773 * x.powi(3) - 1.8951 * x.powi(2) + 9.2984 * x + 83.7025) / 100.0;
    let compressor = d
        .machines
        .iter()
        .find(|m| m.label.starts_with("compressor"))
        .expect("a compressor");
    let c = compressor.compressor.as_ref().expect("compressor data");
    assert!((c.pressure_ratio - r).abs() < 1e-9 * r);
    assert!((c.eta_is - 0.80).abs() < 1e-12 && (c.eta_vol - eta_vol).abs() < 1e-9);
    assert!((c.shaft_power_w - peak_w).abs() < 1e-6 * peak_w);
    assert_eq!(c.motor_class.as_deref(), Some("IE3"));
    assert!(
        (c.motor_efficiency - motor).abs() < 1e-9,
        "{}",
        c.motor_efficiency
    );
    let m_peak = loads_w[1] / reference.refrigeration_effect_j_per_kg;
    let swept_m3_per_h = m_peak / low.vapour.rho_kg_per_m3 / eta_vol * 3600.0;
    assert!((compressor.size - swept_m3_per_h).abs() < 1e-6 * swept_m3_per_h);
    let price_eur_per_j = 0.2 / 3.6e6;
    let mut total = 0.0;
    for ((p, load), h) in d.periods.iter().zip(loads_w).zip(hours) {
        let electric = load / reference.cop_cooling / (motor * 0.97);
        assert!((p.electric_power_w - electric).abs() < 1e-6 * electric);
        let cost = electric * h * 3600.0 * price_eur_per_j;
        assert!(
            (p.operating_cost_eur_per_yr - cost).abs() < 1e-6 * cost,
            "{}",
            p.name
        );
        total += cost;
    }
    assert!((d.costs.electricity_eur_per_yr - total).abs() < 1e-6 * total);
}
