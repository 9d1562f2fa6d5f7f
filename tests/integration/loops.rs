//! Product streams through a loop (`via_loop`): the refrigerant never meets the stream, the loop adds its
//! own temperature difference, a pump and a second exchanger. Checked by hand on one milk cooler.

use hpsynth::case::Case;
use hpsynth::fluids::fluid;
use hpsynth::machines::Technology;
use hpsynth::slave::{Design, Objective, SlaveSettings, evaluate};
use hpsynth::superstructure::{CycleSettings, Machine, Superstructure, Template, instantiate};
use hpsynth::units::celsius_to_kelvin;
use std::path::Path;

/// Milk cooled 20 -> 4 °C (160 kW, 10 kW/K, dT_min/2 2 K), condensing into cooling water; nothing else can
/// cool it. Electricity dear and capital free of charge (objective opex), so that the design takes every
/// kW it can at the warmer of two evaporating levels.
fn milk_cooler(via_loop: bool, t_out_c: f64) -> Result<Case, String> {
    let via = if via_loop { "via_loop = \"water\"" } else { "" };
    let text = format!(
        r#"
[case]
name = "milk cooler"
[[streams]]
name = "milk"
kind = "hot"
t_in_c = 20.0
t_out_c = {t_out_c}
q_kw = 160.0
dt_min_half_k = 2.0
service = "product"
{via}
[[utilities]]
name = "cooling water"
kind = "cold"
t_in_c = 25.0
t_out_c = 30.0
dt_min_half_k = 2.0
[electricity]
price_eur_per_kwh = 1.0
[economics]
operating_h_per_yr = 8000.0
[heat_pump]
eta_is = 0.75
dt_min_half_k = 1.0
"#
    );
    Case::from_toml_str(&text, "milk.toml", Path::new(".")).map_err(|e| e.to_string())
}

fn superstructure(case: &Case, levels_c: &[f64]) -> Superstructure {
    let text = "name = \"test\"\ndescription = \"test\"\n[units]\nevaporators = true\nsuperheaters = false\n\
        compressors = \"any\"\nrecompression = false\nafter_coolers = true\npresaturators = false\n\
        condensers = true\nsubcoolers = false\nvalves = \"any\"\nflash_tanks = false\n[limits]\n\
        max_pressure_ratio = 20.0\nmax_discharge_temperature_c = 400.0\nmin_suction_pressure_kpa = 1.0\n\
        max_level_fraction_of_critical = 0.97\n";
    let template = Template::parse("test", text).unwrap();
    let levels: Vec<f64> = levels_c.iter().map(|t| celsius_to_kelvin(*t)).collect();
    let settings = CycleSettings::ideal(case.heat_pump.eta_is.expect("an ideal machine"));
    instantiate(
        fluid("R717").unwrap().as_ref(),
        &levels,
        &template,
        settings,
    )
}

fn design(case: &Case, levels_c: &[f64]) -> Design {
    let ss = superstructure(case, levels_c);
    let mut settings = SlaveSettings::from_case(case);
    settings.objective = Objective::Opex;
    settings.solve.mip_rel_gap = 0.0;
    // No stage from -2 to 0.5 °C: its after-cooler would give the colder evaporator heat of its own.
    let stage = Machine::Compressor {
        from: 0,
        to: 1,
        technology: Technology::Ideal,
    };
    settings.forced.insert((0, stage), false);
    let e = evaluate(case, std::slice::from_ref(&ss), &settings);
    let d = e.design.expect("a design");
    assert!(d.checks.pass, "{:?}", d.checks);
    d
}

/// Heat taken in by the evaporator at `level` (0 for the coldest), kW.
fn evaporated_kw(d: &Design, level: usize) -> f64 {
    d.units
        .iter()
        .filter(|u| u.label == format!("evaporator {level}"))
        .filter_map(|u| u.heat_w)
        .sum::<f64>()
        / 1e3
}

/// Evaporating at -2 and 0.5 °C. Direct contact: the milk's cold end 4 °C sits 2 + 1 K above the warmer
/// level's 1 °C limit, so all 160 kW evaporate at 0.5 °C. Through a water loop (dT_min/2 1 K on both of its
/// exchangers) the loop runs 3 K below the milk (17 -> 1 °C) and the refrigerant must sit a further 2 K
/// below the loop: at 0.5 °C it serves the loop down to 0.5 + 1 + 1 = 2.5 °C, the milk down to 5.5 °C. The
/// last 1.5 K of milk, 10 kW/K * 1.5 K = 15 kW, must evaporate at -2 °C. The loop's extra difference is its
/// two half-approaches, 2 x 1 K.
#[test]
fn a_product_through_a_loop_never_meets_the_refrigerant_and_pays_the_loops_approach() {
    let levels = [-2.0, 0.5, 40.0];
    let direct = design(&milk_cooler(false, 4.0).unwrap(), &levels);
    assert!(
        evaporated_kw(&direct, 0).abs() < 1e-6,
        "{}",
        evaporated_kw(&direct, 0)
    );
    assert!((evaporated_kw(&direct, 1) - 160.0).abs() < 1e-6);
    assert!(direct.loops.is_empty());

    let case = milk_cooler(true, 4.0).unwrap();
    let looped = design(&case, &levels);
    assert!(
        (evaporated_kw(&looped, 0) - 15.0).abs() < 1e-6,
        "{}",
        evaporated_kw(&looped, 0)
    );
    assert!((evaporated_kw(&looped, 1) - 145.0).abs() < 1e-6);

    // The loop carries all the milk's heat, at 1 -> 17 °C against it.
    let [l] = looped.loops.as_slice() else {
        panic!("one loop: {:?}", looped.loops)
    };
    assert!((l.q_w - 160e3).abs() < 1e-3);
    assert!((l.t_from_k - celsius_to_kelvin(1.0)).abs() < 1e-9);
    assert!((l.t_to_k - celsius_to_kelvin(17.0)).abs() < 1e-9);
    // Its pump: 22 W per gpm at a 10 °F rise (ASHRAE 90.1, machine_sets/industrial-2026.toml loops.water):
    // 1 gpm of water at 10 °F carries 6.309e-5 m3/s * 999.8 kg/m3 * 4186 J/(kg K) * 5.556 K = 1467 W, so
    // 0.015 W/W, the loop's flow set for that rise.
    let per_w: f64 = 22.0 / (6.309e-5 * 999.8 * 4186.0 * 5.556);
    let pump_w = 0.015 * 160e3;
    assert!((per_w - 0.015).abs() < 2e-4, "{per_w}");
    assert!((l.pump_power_w - pump_w).abs() < 1e-6, "{}", l.pump_power_w);
    // At the meter: the compressors and the pump (an ideal machine: shaft power is the compressors').
    assert!((looped.electric_power_w - looped.power_w - pump_w).abs() < 1e-6);

    // The loop's exchanger with the milk is one plate unit of constant 3 K difference:
    // A = Q / (U dT), U = 1 / (1/h_milk + 1/h_water) with each film's fouling (services.product and
    // .water, plate: h 11 356 W/(m2 K), fouling 1e-4 and 4.4e-5 m2 K/W). Every other exchange joins
    // ammonia and takes its heavier type, so the plate area is this exchanger alone.
    let h = |fouling: f64| 1.0 / (1.0 / 11_356.0 + fouling);
    let u = 1.0 / (1.0 / h(1e-4) + 1.0 / h(4.4e-5));
    let n = looped.network.as_ref().expect("an area target");
    let plate = n
        .by_type
        .iter()
        .find(|t| t.exchanger == hpsynth::hen::ExchangerType::Plate)
        .expect("a plate exchanger");
    assert!(
        (plate.area_m2 - 160e3 / (u * 3.0)).abs() < 1e-6 * plate.area_m2,
        "{} m2 against {}",
        plate.area_m2,
        160e3 / (u * 3.0)
    );
}

/// A water loop serving milk down to 2 °C would run at -1 °C, below water's 0.5 °C limit (machine set): the
/// case is refused, naming the stream and the field, and glycol is offered.
#[test]
fn a_water_loop_below_its_limit_is_refused_with_the_fix() {
    let e = milk_cooler(true, 2.0).unwrap_err();
    assert!(e.contains("stream \"milk\".via_loop"), "{e}");
    assert!(e.contains("-1.0 °C") && e.contains("glycol"), "{e}");
}
