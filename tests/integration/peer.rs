//! The cross-check against a peer: TU Berlin's `heatpumps` 1.5.2 (TESPy 0.11.3) on the same 10 MW ammonia
//! machines, source water 40 -> 30 °C, sink water 70 -> 90 °C, 2 K approaches, saturated vapour at suction,
//! saturated liquid from the condenser, `eta_s` 0.75, no pressure drops. The peer's sizes come from its own
//! run (the package's defaults otherwise; tests/reference/heatpumps-peer/ holds the script and its output;
//! docs/costs.md, "The area target against a peer", summarises it); its prices are computed here from its
//! published correlations (`HeatPumpBase.calc_cost`, Kosmadakis et al. 2020):
//!
//! ```text
//! compressor  19 850 EUR (V / 279.8 m3/h)^0.73        V: suction volume flow
//! exchanger   15 526 EUR (A / 42 m2)^0.8              A = UA / k,  k_evap 1500, k_cond 3500 W/(m2 K)
//! flash tank   1 444 EUR (V / 0.089 m3)^0.63          V = 10 s (m_liquid / rho' + m_vapour / rho'')
//! each x CEPCI 2023 / 2013 = 798 / 567 = 1.407407
//! ```
//!
//! hpsynth prices the same machines with `cost_set = "kosmadakis-2020"` and film coefficients that give the
//! peer's overall U (two equal films: 3000 + 3000 W/(m2 K) for 1500, 7000 + 7000 for 3500). Each component
//! must come within 10 % of the peer's, or miss for a stated modelling difference.

use hpsynth::case::Case;
use hpsynth::fluids::fluid;
use hpsynth::hen::{NetworkStreams, hen_target};
use hpsynth::machines::FluidFamily;
use hpsynth::slave::{Design, SlaveSettings, UnitKey, design_streams, evaluate, loops_of_design};
use hpsynth::superstructure::{CycleSettings, Template, instantiate};
use hpsynth::units::celsius_to_kelvin;
use std::collections::BTreeMap;
use std::path::Path;

/// CEPCI 2023 over 2013 in the peer's table (`heatpumps/models/input/CEPCI.json`: 798.0 / 567.0).
const CEPCI_FACTOR: f64 = 798.0 / 567.0;

fn peer_compressor_eur(v_m3_per_h: f64) -> f64 {
    19_850.0 * (v_m3_per_h / 279.8).powf(0.73) * CEPCI_FACTOR
}
fn peer_exchanger_eur(a_m2: f64) -> f64 {
    15_526.0 * (a_m2 / 42.0).powf(0.8) * CEPCI_FACTOR
}
fn peer_vessel_eur(v_m3: f64) -> f64 {
    1_444.0 * (v_m3 / 0.089).powf(0.63) * CEPCI_FACTOR
}

/// The peer's machines, from its run: the single-stage cycle (`HeatPumpSimple`) and the two-stage cycle
/// with a flash tank that takes the low stage's discharge (`HeatPumpFlash`).
struct PeerMachine {
    cop: f64,
    compressors_m3_per_h: &'static [f64],
    evaporator_ua_w_per_k: f64,
    condenser_ua_w_per_k: f64,
    vessel_m3: Option<f64>,
}

const SIMPLE: PeerMachine = PeerMachine {
    cop: 3.536441,
    compressors_m3_per_h: &[3717.1424],
    evaporator_ua_w_per_k: 1_285_103.4,
    condenser_ua_w_per_k: 1_198_947.6,
    vessel_m3: None,
};
const FLASH: PeerMachine = PeerMachine {
    cop: 3.856803,
    compressors_m3_per_h: &[3096.6428, 1973.5862],
    evaporator_ua_w_per_k: 1_327_188.3,
    condenser_ua_w_per_k: 1_198_947.6,
    vessel_m3: Some(5.6154),
};

fn peer_case() -> Case {
    let text = r#"
[case]
name = "heatpumps peer, 10 MW"
[[streams]]
name = "sink water"
kind = "cold"
t_in_c = 70.0
t_out_c = 90.0
q_kw = 10000.0
dt_min_half_k = 1.0
h_w_per_m2_k = 7000.0
[[utilities]]
name = "source water"
kind = "hot"
t_in_c = 40.0
t_out_c = 30.0
dt_min_half_k = 1.0
h_w_per_m2_k = 3000.0
[economics]
cepci = 798.0
[costs]
set = "kosmadakis-2020"
[heat_transfer]
boiling_h_w_per_m2_k = 3000.0
condensing_h_w_per_m2_k = 7000.0
gas_h_w_per_m2_k = 7000.0
liquid_h_w_per_m2_k = 7000.0
[heat_pump]
eta_is = 0.75
dt_min_half_k = 1.0
superheat_k = 0.0
"#;
    Case::from_toml_str(text, "peer.toml", Path::new(".")).unwrap()
}

/// The design of `levels_c` priced on the peer's case; `without`: units forced off (by label), to build the
/// peer's machine rather than the MILP's best.
fn design(case: &Case, levels_c: &[f64], two_stage: bool, without: &[&str]) -> Design {
    let (compressors, presaturators, valves, flash) = if two_stage {
        ("adjacent", true, "adjacent", true)
    } else {
        ("any", false, "any", false)
    };
    let text = format!(
        "name = \"peer\"\ndescription = \"peer\"\n[units]\nevaporators = true\nsuperheaters = false\n\
         compressors = \"{compressors}\"\nrecompression = false\nafter_coolers = true\n\
         presaturators = {presaturators}\ncondensers = true\nsubcoolers = false\nvalves = \"{valves}\"\n\
         flash_tanks = {flash}\n[limits]\nmax_pressure_ratio = 20.0\nmax_discharge_temperature_c = 400.0\n\
         min_suction_pressure_kpa = 1.0\nmax_level_fraction_of_critical = 0.97\n"
    );
    let template = Template::parse("peer", &text).unwrap();
    let levels: Vec<f64> = levels_c.iter().map(|t| celsius_to_kelvin(*t)).collect();
    let ss = instantiate(
        fluid("R717").unwrap().as_ref(),
        &levels,
        &template,
        CycleSettings::ideal(0.75),
    );
    let mut settings = SlaveSettings::from_case(case);
    settings.solve.mip_rel_gap = 0.0;
    let off: BTreeMap<UnitKey, f64> = ss
        .units()
        .filter(|(_, u)| without.contains(&u.label.as_str()))
        .map(|(i, _)| ((0, i), 0.0))
        .collect();
    assert_eq!(off.len(), without.len(), "every unit to force off exists");
    settings.fixed_flows = vec![off];
    let e = evaluate(case, std::slice::from_ref(&ss), &settings);
    let d = e.design.expect("a design");
    assert!(d.checks.pass, "{:?}", d.checks);
    d
}

/// The area (m2) and installed cost (EUR, the case's cost set: here the peer's correlation) of the
/// exchangers between the named streams of a design's network, by hpsynth's area target.
fn exchanger(case: &Case, d: &Design, names: &[&str]) -> (f64, f64) {
    let all = design_streams(
        case,
        &d.units,
        &d.utilities,
        1.0,
        &[FluidFamily::Ammonia],
        &loops_of_design(case, &d.loops),
    );
    let streams = NetworkStreams {
        free: all
            .free
            .into_iter()
            .filter(|s| names.contains(&s.name.as_str()))
            .collect(),
        matched: Vec::new(),
    };
    assert_eq!(streams.free.len(), names.len(), "every stream named exists");
    let settings = SlaveSettings::from_case(case);
    let t = hen_target(
        &streams,
        &settings.costs,
        case.economics.cepci / settings.costs.cepci,
    )
    .unwrap();
    (t.area_m2, t.cost_eur)
}

fn compressor_eur(d: &Design, label: &str) -> (f64, f64) {
    let m = d
        .machines
        .iter()
        .find(|m| m.label == label)
        .unwrap_or_else(|| panic!("{label} in {:?}", d.machines));
    (m.size, m.investment_eur)
}

fn within(ours: f64, peer: f64, tolerance: f64) -> bool {
    (ours - peer).abs() <= tolerance * peer
}

/// `(dT_a - dT_b) / ln(dT_a / dT_b)`.
fn lmtd(a: f64, b: f64) -> f64 {
    (a - b) / (a / b).ln()
}

/// Single stage, 28 / 92 °C. The compressor's suction volume and price, the evaporator's area and price
/// come within 10 % (they agree to the peer's rounding). The condenser does not: the peer's condenser
/// (TESPy `Condenser`) takes its whole duty at the saturation temperature, its LMTD from ttd_u = 92 - 90 =
/// 2 K and ttd_l = 92 - 70 = 22 K, while hpsynth's area target credits the desuperheating zone's larger
/// difference (the vapour enters at 183.6 °C). Both are checked against their own definitions by hand.
#[test]
fn the_peers_single_stage_machine_component_by_component() {
    let case = peer_case();
    let d = design(&case, &[28.0, 92.0], false, &[]);
    assert!((d.cop_heating.unwrap() - SIMPLE.cop).abs() < 1e-6);

    let (v, eur) = compressor_eur(&d, "compressor 0>1");
    let v_peer = SIMPLE.compressors_m3_per_h[0];
    assert!(within(v, v_peer, 1e-6), "{v} against {v_peer}");
    assert!(within(eur, peer_compressor_eur(v_peer), 0.10));

    // Evaporator: 7172.3 kW, source 40 -> 30 °C against 28 °C: LMTD of 12 and 2 K.
    let a_peer = SIMPLE.evaporator_ua_w_per_k / 1500.0;
    let q_evap = d
        .units
        .iter()
        .find(|u| u.label == "evaporator 0")
        .and_then(|u| u.heat_w)
        .unwrap();
    assert!(within(q_evap / (1500.0 * lmtd(12.0, 2.0)), a_peer, 1e-4));
    let (a, eur) = exchanger(&case, &d, &["source water", "evaporator 0"]);
    assert!(within(a, a_peer, 1e-4), "{a} against {a_peer}");
    assert!(within(eur, peer_exchanger_eur(a_peer), 0.10));

    // Condenser: the peer's area is its own definition, 10 MW / (3500 x LMTD(2, 22)).
    let a_peer = SIMPLE.condenser_ua_w_per_k / 3500.0;
    assert!(within(10e6 / (3500.0 * lmtd(2.0, 22.0)), a_peer, 1e-4));
    // hpsynth's: two counter-current zones against the sink, which the condensing heat warms from 70 °C to
    // T_x and the desuperheating heat from T_x to 90 °C (the vapour's temperature taken linear in its
    // heat, as the area target takes it): 92 °C against 70 -> T_x, and 183.57 -> 92 °C against T_x -> 90.
    let heat = |label: &str| {
        d.units
            .iter()
            .find(|u| u.label == label)
            .and_then(|u| u.heat_w)
            .unwrap()
    };
    let (q_cond, q_desuperheat) = (heat("condenser 1"), heat("after-cooler D[V0>1]"));
    let t_discharge = 183.5669; // the peer's compressor outlet, conn A4
    let t_x = 70.0 + 20.0 * q_cond / 10e6;
    let a_two_zones = q_cond / (3500.0 * lmtd(92.0 - 70.0, 92.0 - t_x))
        + q_desuperheat / (3500.0 * lmtd(t_discharge - 90.0, 92.0 - t_x));
    let (a, eur) = exchanger(
        &case,
        &d,
        &["sink water", "condenser 1", "after-cooler D[V0>1]"],
    );
    assert!(within(a, a_two_zones, 1e-3), "{a} against {a_two_zones}");
    // Crediting the superheat can only shrink the area (docs/costs.md gives the numbers).
    let peer_eur = peer_exchanger_eur(a_peer);
    eprintln!(
        "condenser: {a:.1} m2 against the peer's {a_peer:.1}; {eur:.0} EUR against {peer_eur:.0}"
    );
    assert!(a < a_peer && eur < peer_eur);
}

/// Two stages with the peer's flash tank, 28 / 56.86 / 92 °C (the peer's middle pressure, the geometric
/// mean of the two). The MILP's best at these levels is another plant (the low stage's discharge
/// desuperheated into an evaporator at the middle level, COP 4.14): the peer's is built by forcing that
/// after-cooler and that evaporator off, so the low stage's discharge goes through the flash tank as the
/// peer's does (`HeatPumpFlash`: compressor 1 into the flash tank). Compressors, evaporator and flash tank
/// within 10 %; the condenser as in the single stage.
#[test]
fn the_peers_flash_tank_machine_component_by_component() {
    let case = peer_case();
    let d = design(
        &case,
        &[28.0, 56.8612, 92.0],
        true,
        &["after-cooler D[V0>1]", "evaporator 1"],
    );
    assert!(
        (d.cop_heating.unwrap() - FLASH.cop).abs() < 1e-5,
        "{:?}",
        d.cop_heating
    );
    for (label, v_peer) in ["compressor 0>1", "compressor 1>2"]
        .iter()
        .zip(FLASH.compressors_m3_per_h)
    {
        let (v, eur) = compressor_eur(&d, label);
        assert!(within(v, *v_peer, 1e-4), "{label}: {v} against {v_peer}");
        assert!(within(eur, peer_compressor_eur(*v_peer), 0.10));
    }
    let a_peer = FLASH.evaporator_ua_w_per_k / 1500.0;
    let (a, eur) = exchanger(&case, &d, &["source water", "evaporator 0"]);
    assert!(within(a, a_peer, 1e-4), "{a} against {a_peer}");
    assert!(within(eur, peer_exchanger_eur(a_peer), 0.10));
    let vessel_peer = FLASH.vessel_m3.unwrap();
    let (v, eur) = compressor_eur(&d, "flash tank at level 1");
    assert!(within(v, vessel_peer, 1e-3), "{v} against {vessel_peer}");
    assert!(within(eur, peer_vessel_eur(vessel_peer), 0.10));
}
