//! The site without a heat pump (the baseline of every study) against a hand calculation, and the
//! comparison's signs.

use hpsynth::case::{Case, Economics};
use hpsynth::machines::ExchangerType;
use hpsynth::slave::{SiteKpis, SlaveSettings, versus_baseline, without_heat_pump};
use std::path::Path;

/// A freezer load (100 kW at -20 °C) and hot water (200 kW, 50 -> 60 °C); a gas furnace, a reference
/// refrigerator at -30 °C. Without a heat pump nothing can be recovered (the cold end is far below the hot
/// demand), so the furnace gives 200 kW and the refrigerator takes 100 kW.
const SITE: &str = r#"
[case]
name = "freezer and hot water"
dt_min_half_k = 2.0
[[streams]]
name = "freezer"
kind = "hot"
t_in_c = -20.0
t_out_c = -20.0
q_kw = 100.0
phase_change = true
[[streams]]
name = "hot water"
kind = "cold"
t_in_c = 50.0
t_out_c = 60.0
q_kw = 200.0
[[utilities]]
name = "gas furnace"
kind = "hot"
t_in_c = 1000.0
t_out_c = 150.0
dt_min_half_k = 10.0
price_eur_per_kwh = 0.1
co2_kg_per_kwh = 0.2
efficiency = 0.9
investment_eur_per_kw = 100.0
service = "flue_gas"
[[utilities]]
name = "reference refrigerator"
kind = "cold"
t_in_c = -30.0
t_out_c = -30.0
dt_min_half_k = 0.0
electricity_kw_per_kw = 0.5
investment_eur_per_kw = 400.0
service = "refrigerant_boiling"
[electricity]
price_eur_per_kwh = 0.2
co2_g_per_kwh = 100.0
[economics]
interest_rate_per_yr = 0.1
lifetime_yr = 10.0
operating_h_per_yr = 8000.0
co2_price_eur_per_t = 50.0
[heat_pump]
fluids = ["R717"]
"#;

/// The same site priced as before installed costs and area targets: purchased equipment, no maintenance,
/// exchangers per unit (the site has none), so the hand calculation below holds for utilities alone.
fn purchased_per_unit(text: &str) -> String {
    format!("{text}\n[costs]\nset = \"kosmadakis-2020\"\nexchangers = \"per-unit\"\n")
}

use crate::common::rel;

#[test]
fn the_site_without_a_heat_pump_matches_a_hand_calculation() {
    let case = Case::from_toml_str(&purchased_per_unit(SITE), "site.toml", Path::new(".")).unwrap();
    let kpis = without_heat_pump(&case, &SlaveSettings::from_case(&case)).expect("utilities close");
    // By hand: fuel 200 / 0.9 = 222.222 kW; electricity 0.5 * 100 = 50 kW.
    let fuel_kw = 200.0 / 0.9;
    let electricity_kw = 50.0;
    // Yearly (8000 h): gas 222.222 * 0.1 * 8000 = 177 777.8 EUR; power 50 * 0.2 * 8000 = 80 000 EUR;
    // CO2 222.222 * 0.2 * 8000 + 50 * 0.1 * 8000 = 395 555.6 kg, taxed at 0.05 EUR/kg = 19 777.8 EUR.
    let co2_kg = fuel_kw * 0.2 * 8000.0 + electricity_kw * 0.1 * 8000.0;
    let opex = fuel_kw * 0.1 * 8000.0 + electricity_kw * 0.2 * 8000.0 + co2_kg * 0.05;
    // Investment 200 * 100 + 100 * 400 = 60 000 EUR, annualised by 0.1 / (1 - 1.1^-10) = 0.162745.
    let investment = 200.0 * 100.0 + 100.0 * 400.0;
    let crf = 0.1 / (1.0 - 1.1f64.powi(-10));
    assert!(rel(kpis.fuel_w, fuel_kw * 1e3) < 1e-9, "{kpis:?}");
    assert!(rel(kpis.electricity_w, electricity_kw * 1e3) < 1e-9);
    assert!(rel(kpis.co2_kg_per_yr, co2_kg) < 1e-9);
    assert!(rel(kpis.opex_eur_per_yr, opex) < 1e-9);
    assert!(rel(kpis.investment_eur, investment) < 1e-9);
    assert!(rel(kpis.tac_eur_per_yr, opex + crf * investment) < 1e-9);
}

#[test]
fn payback_is_extra_investment_over_the_yearly_saving() {
    let kpis = |tac, opex, investment, fuel, electricity, co2| SiteKpis {
        tac_eur_per_yr: tac,
        opex_eur_per_yr: opex,
        investment_eur: investment,
        network_investment_eur: 0.0,
        fuel_w: fuel,
        electricity_w: electricity,
        co2_kg_per_yr: co2,
        standby_investment_eur: 0.0,
    };
    let baseline = kpis(1000.0, 900.0, 500.0, 100.0, 10.0, 50.0);
    let design = kpis(800.0, 500.0, 2500.0, 40.0, 30.0, 20.0);
    let economics = Economics {
        interest_rate_per_yr: 0.1,
        lifetime_yr: 10.0,
        operating_s_per_yr: 8000.0 * 3600.0,
        co2_price_eur_per_kg: 0.0,
        cepci: 596.2,
        standby_boiler: true,
    };
    let v = versus_baseline(&baseline, &design, &economics);
    // (2500 - 500) / (900 - 500) = 5 years; fuel -60 %, electricity +200 %, CO2 -60 %, TAC -20 %.
    assert_eq!(v.simple_payback_yr, Some(5.0));
    // NPV of 2000 EUR for 400 EUR/yr over 10 years at 10 %: the ten discount factors 1.1^-t sum to 6.144567,
    // so -2000 + 400 x 6.144567 = 457.83 EUR; discounted payback: 400 (1 - 1.1^-t) / 0.1 = 2000 at
    // t = -ln(0.5) / ln(1.1) = 7.27 years.
    let factors: f64 = (1..=10).map(|t| 1.1f64.powi(-t)).sum();
    assert!((v.npv_eur - (-2000.0 + 400.0 * factors)).abs() < 1e-9);
    assert!((v.npv_eur - 457.83).abs() < 0.01);
    let t = v.discounted_payback_yr.unwrap();
    assert!((t - 0.5f64.ln().abs() / 1.1f64.ln()).abs() < 1e-9, "{t}");
    assert!(v.irr.unwrap() > 0.1);
    assert!(v.payback_text().contains("5.00 yr simple"));
    assert!((v.fuel_saving_pct.unwrap() - 60.0).abs() < 1e-12);
    assert!((v.electricity_change_pct.unwrap() - 200.0).abs() < 1e-12);
    assert!((v.co2_saving_pct.unwrap() - 60.0).abs() < 1e-12);
    assert!((v.tac_saving_pct - 20.0).abs() < 1e-12);
    // No OPEX saving: no payback.
    assert_eq!(
        versus_baseline(&design, &baseline, &economics).simple_payback_yr,
        None
    );
    // Less investment than the baseline: no payback to speak of, and never "immediate".
    let cheap = kpis(800.0, 500.0, 300.0, 40.0, 30.0, 20.0);
    let text = versus_baseline(&baseline, &cheap, &economics).payback_text();
    assert!(
        text.contains("no extra investment") && !text.contains("immediate"),
        "{text}"
    );
}

/// The site's heat exchanger network by hand (docs/costs.md): balanced composite curves, real temperatures.
/// Cold composite from the cold end: the refrigerator at -30 °C (100 kW), then hot water 50 -> 60 °C (200 kW);
/// hot composite: the freezer at -20 °C (100 kW), then the furnace's flue gas 150 -> 1000 °C (200 kW).
/// Interval 1 (0-100 kW): the freezer (water, asking for a plate unit) against the refrigerator (a refrigerant
/// boiling, asking for shell-and-plate): a shell-and-plate unit, dT = 10 K at both ends. Interval 2
/// (100-300 kW): flue gas (shell-and-tube) against hot water: shell-and-tube, dT = 150 - 50 = 100 K and
/// 1000 - 60 = 940 K, log-mean (940 - 100) / ln 9.4. Effective films 1 / (1/h + R_f) from
/// machine_sets/industrial-2026.toml: water in plates 11 356 with 4.4e-5 (APV; HTRI F-EX-1-8), in tubes 6 250
/// with 1.76e-4 (Silla 2003; TEMA); refrigerant boiling 1 300 with 1.8e-4 (HYSYS default; TEMA), its
/// shell-and-tube value serving in shell-and-plate; flue gas 100 with 8.8e-4 (Silla; TEMA). Units: the pinch
/// at 52 °C shifted splits the furnace and hot water (one match) from the freezer and the refrigerator (one
/// match): 2, shared by heat, 2/3 shell-and-plate and 4/3 shell-and-tube. Cost: each type's units share its
/// area, on Turton's fixed-tube-sheet curve (both types, cost_sets/industrial-2026.toml) `log10 C = 4.3247 -
/// 0.3030 log10 A + 0.1634 log10^2 A` (2001 USD, CEPCI 397), below 10 m2 the power law of its slope there
/// (0.0238), times 3.882 (bare module 3.29 and 1.18), 596.2 / 397 and 0.8755 EUR/USD.
#[test]
fn the_site_network_matches_a_hand_calculation() {
    let case = Case::from_toml_str(SITE, "site.toml", Path::new(".")).unwrap();
    let settings = SlaveSettings::from_case(&case);
    let e = hpsynth::slave::evaluate(&case, &[], &settings);
    let network = e.design.unwrap().network.expect("area target");
    let film = |h: f64, r: f64| 1.0 / (1.0 / h + r);
    let (water_plate, water_tube) = (film(11356.0, 4.4e-5), film(6250.0, 1.76e-4));
    let (boiling, flue) = (film(1300.0, 1.8e-4), film(100.0, 8.8e-4));
    let area_1 = 100e3 / 10.0 * (1.0 / water_plate + 1.0 / boiling);
    let lmtd = (940.0 - 100.0) / (940.0f64 / 100.0).ln();
    let area_2 = 200e3 / lmtd * (1.0 / flue + 1.0 / water_tube);
    assert!(
        rel(network.area_m2, area_1 + area_2) < 1e-9,
        "{} vs {}",
        network.area_m2,
        area_1 + area_2
    );
    assert_eq!(network.units_min, 2);
    let turton = |a: f64| {
        let log = |x: f64| 4.3247 - 0.3030 * x.log10() + 0.1634 * x.log10().powi(2);
        if a >= 10.0 {
            10f64.powf(log(a))
        } else {
            10f64.powf(log(10.0)) * (a / 10.0).powf(-0.3030 + 2.0 * 0.1634)
        }
    };
    let installed =
        |area: f64, units: f64| units * turton(area / units) * 3.882 * 596.2 / 397.0 * 0.8755;
    let cost = installed(area_1, 2.0 / 3.0) + installed(area_2, 4.0 / 3.0);
    assert!(
        rel(network.cost_eur, cost) < 1e-9,
        "{} vs {cost}",
        network.cost_eur
    );
    assert!((network.dt_min_vertical_k - 10.0).abs() < 1e-9);
    let types: Vec<_> = network.by_type.iter().map(|t| t.exchanger).collect();
    assert_eq!(
        types,
        [ExchangerType::ShellAndPlate, ExchangerType::ShellAndTube]
    );
}

/// The retrofit dairy (`[site]`: furnace, refrigeration plant and heat recovery exist): the existing site
/// invests nothing, the design's investment is new equipment only, and the appraisal is finite. The
/// appraisal's arithmetic is checked by hand here from its own investment and saving.
#[test]
fn the_retrofit_dairy_has_a_finite_payback_npv_and_irr() {
    let folder = crate::common::case_dir("ipese-dairy");
    let case = Case::load(&folder.join("retrofit.toml")).unwrap();
    let cycle = hpsynth::slave::CycleChoice {
        fluid: "R717".into(),
        levels_k: [-0.61, 23.42, 55.47, 75.17, 94.36, 105.97]
            .map(|t| t + 273.15)
            .to_vec(),
    };
    let settings = SlaveSettings::from_case(&case);
    let (_, e) = hpsynth::slave::evaluate_candidate(
        &case,
        std::slice::from_ref(&cycle),
        &case.heat_pump.template,
        &settings,
    )
    .unwrap();
    let v = hpsynth::slave::versus_no_heat_pump(&case, &e).expect("both solve");
    assert!(v.retrofit);
    assert_eq!(v.baseline.investment_eur, 0.0);
    assert_eq!(v.baseline.network_investment_eur, 0.0);
    assert!(v.extra_investment_eur > 0.0 && v.opex_saving_eur_per_yr > 0.0);
    let (i, n) = (
        case.economics.interest_rate_per_yr,
        case.economics.lifetime_yr,
    );
    let (inv, s) = (v.extra_investment_eur, v.opex_saving_eur_per_yr);
    assert!(rel(v.simple_payback_yr.unwrap(), inv / s) < 1e-12);
    let annuity: f64 = (1..=n as i32).map(|t| (1.0 + i).powi(-t)).sum();
    assert!(rel(v.npv_eur, -inv + s * annuity) < 1e-9);
    let t = v.discounted_payback_yr.unwrap();
    assert!(rel(s * (1.0 - (1.0 + i).powf(-t)) / i, inv) < 1e-9);
    let r = v.irr.unwrap();
    let at_irr: f64 = (1..=n as i32).map(|t| s * (1.0 + r).powi(-t)).sum();
    assert!(rel(at_irr, inv) < 1e-6);
}
