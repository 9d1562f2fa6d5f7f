//! The blocks of the model on a two-level ammonia superstructure against one refrigeration load: the rows
//! each block adds, checked against coefficients and flows worked out by hand from the states.

use super::*;
use crate::fluids::{State, fluid};
use crate::slave::{LevelCap, SlaveSettings};
use crate::superstructure::{CycleSettings, Template, instantiate};
use crate::units::celsius_to_kelvin;
use good_lp::{Constraint, IntoAffineExpression};
use std::collections::HashMap;
use std::path::Path;

/// 100 kW of refrigeration at -10 °C, cooling water 25 -> 30 °C (50 EUR/kW of capacity, 200 kW installed),
/// electricity 0.1 EUR/kWh without CO2, 8000 h/yr; all dT_min/2 = 0.
fn case() -> Case {
    let text = r#"
[case]
name = "one refrigeration load"
[[streams]]
name = "cold store"
kind = "hot"
t_in_c = -10.0
t_out_c = -10.0
q_kw = 100.0
phase_change = true
dt_min_half_k = 0.0
[[utilities]]
name = "cooling water"
kind = "cold"
t_in_c = 25.0
t_out_c = 30.0
dt_min_half_k = 0.0
investment_eur_per_kw = 50.0
max_kw = 500.0
[electricity]
price_eur_per_kwh = 0.1
co2_g_per_kwh = 0.0
[economics]
operating_h_per_yr = 8000.0
[heat_pump]
eta_is = 0.75
dt_min_half_k = 0.0
[costs]
set = "kosmadakis-2020"
exchangers = "per-unit"
[site]
existing_utilities_kw = { "cooling water" = 200.0 }
"#;
    Case::from_toml_str(text, "test.toml", Path::new(".")).unwrap()
}

/// Evaporators, compressors from saturated vapour to any level, after-coolers, condensers, valves.
fn superstructure(levels_c: &[f64]) -> Superstructure {
    let text = "name = \"t\"\ndescription = \"t\"\n[units]\nevaporators = true\nsuperheaters = false\n\
        compressors = \"any\"\nrecompression = false\nafter_coolers = true\npresaturators = false\n\
        condensers = true\nsubcoolers = false\nvalves = \"any\"\nflash_tanks = false\n[limits]\n\
        max_pressure_ratio = 20.0\nmax_discharge_temperature_c = 400.0\nmin_suction_pressure_kpa = 1.0\n\
        max_level_fraction_of_critical = 0.97\n";
    let template = Template::parse("t", text).unwrap();
    let levels: Vec<f64> = levels_c.iter().map(|t| celsius_to_kelvin(*t)).collect();
    let settings = CycleSettings::ideal(0.75);
    instantiate(
        fluid("R717").unwrap().as_ref(),
        &levels,
        &template,
        settings,
    )
}

fn cycle<'a>(case: &Case, ss: &'a Superstructure) -> Cycle<'a> {
    let m_typical = typical_flow(case, ss);
    Cycle {
        index: 0,
        ss,
        m_typical,
        m_max: FLOW_BOUND_FACTOR * m_typical,
    }
}

/// A formulation with the flows of `cycle` (and their unit streams).
fn with_flows(
    cycle: &Cycle,
) -> (
    Formulation,
    BTreeMap<UnitKey, Variable>,
    Vec<(UnitKey, ShiftedStream)>,
) {
    let mut f = Formulation::new(Integrality::Binary);
    let (mut flows, mut streams) = (BTreeMap::new(), Vec::new());
    flows::add_flows(&mut f, cycle, 0.0, None, &mut flows, &mut streams);
    (f, flows, streams)
}

fn state(ss: &Superstructure, label: &str) -> State {
    ss.states().find(|(_, s)| s.label == label).unwrap().1.state
}

fn flow(ss: &Superstructure, flows: &BTreeMap<UnitKey, Variable>, label: &str) -> Variable {
    let (i, _) = ss.units().find(|(_, u)| u.label == label).unwrap();
    flows[&(0, i)]
}

/// Coefficients and constant of a row, normalised to `sum c_i x_i + b (<= or ==) 0`.
fn row(c: &Constraint) -> (HashMap<Variable, f64>, f64) {
    let e = c.expression();
    (e.linear_coefficients().collect(), e.constant())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Vapour fraction after throttling the condensate of 30 °C to -10 °C, by the lever rule.
fn valve_quality(ss: &Superstructure) -> f64 {
    let (l0, v0, l1) = (state(ss, "L0"), state(ss, "V0"), state(ss, "L1"));
    (l1.h_j_per_kg - l0.h_j_per_kg) / (v0.h_j_per_kg - l0.h_j_per_kg)
}

#[test]
fn flows_are_bounded_and_heated_units_become_cascade_streams() {
    let (case, ss) = (case(), superstructure(&[-10.0, 30.0]));
    let c = cycle(&case, &ss);
    let (f, flows, streams) = with_flows(&c);
    // Evaporator, compressor, after-cooler, condenser, valve; three of them exchange heat.
    assert_eq!((f.vars.len(), flows.len(), streams.len()), (5, 5, 3));
    for (_, def) in f.vars.iter_variables_with_def() {
        assert_eq!((def.get_min(), def.get_max()), (0.0, c.m_max));
    }
    // m_max: four times 100 kW over the smaller latent heat; it falls as the temperature rises, so it is
    // the condenser's at 30 °C.
    let latent = |l: &str, v: &str| state(&ss, v).h_j_per_kg - state(&ss, l).h_j_per_kg;
    assert!(close(c.m_max, 4.0 * 100e3 / latent("L1", "V1")));
    let (_, evaporator) = streams
        .iter()
        .find(|(_, s)| s.name == "evaporator 0")
        .unwrap();
    assert_eq!(evaporator.kind, crate::case::StreamKind::Cold);
    assert!(close(evaporator.segments[0].q_w, latent("L0", "V0") / 1e3));
    assert!(close(
        evaporator.segments[0].t_from_k,
        celsius_to_kelvin(-10.0)
    ));
}

#[test]
fn mass_balances_hold_for_the_basic_cycle() {
    let (case, ss) = (case(), superstructure(&[-10.0, 30.0]));
    let c = cycle(&case, &ss);
    let (mut f, flows, _) = with_flows(&c);
    mass_balance::add_mass_balances(&mut f, &c, &flows);
    // One equality per state: L0, V0, L1, V1, D[V0>1].
    assert_eq!(f.constraints.len(), 5);
    assert!(f.constraints.iter().all(|c| c.is_equality()));
    // 1 kg/s through the valve flashes x to V0 and 1 - x to L0: the evaporator takes 1 - x, the compressor
    // all of V0 (1 kg/s), the after-cooler and the condenser the same.
    let x = valve_quality(&ss);
    let design: HashMap<Variable, f64> = [
        ("valve L1>0", 1.0),
        ("evaporator 0", 1.0 - x),
        ("compressor 0>1 [V0]", 1.0),
        ("after-cooler D[V0>1]", 1.0),
        ("condenser 1", 1.0),
    ]
    .into_iter()
    .map(|(u, m)| (flow(&ss, &flows, u), m))
    .collect();
    for c in &f.constraints {
        assert!(c.expression().eval_with(&design).abs() < 1e-12);
    }
    // The row of L0: + (1 - x) valve - evaporator.
    let (evaporator, valve) = (
        flow(&ss, &flows, "evaporator 0"),
        flow(&ss, &flows, "valve L1>0"),
    );
    let l0 = f
        .constraints
        .iter()
        .map(row)
        .find(|(k, _)| k.len() == 2 && k.contains_key(&evaporator) && k.contains_key(&valve))
        .expect("the balance of L0");
    assert!(close(l0.0[&evaporator], -1.0) && close(l0.0[&valve], 1.0 - x));
    assert_eq!(l0.1, 0.0);
}

#[test]
fn level_choice_ties_a_compressor_to_its_levels_and_the_one_between() {
    let (case, ss) = (case(), superstructure(&[-10.0, 10.0, 30.0]));
    let c = cycle(&case, &ss);
    let (mut f, flows, _) = with_flows(&c);
    let cap = LevelCap {
        max_levels: 2,
        adjacent_compressors: true,
        adjacent_valves: false,
    };
    let columns = f.vars.len();
    levels::add_level_choice(&mut f, &c, &[&flows], &cap);
    assert_eq!((f.binaries, f.vars.len()), (3, columns + 3));
    let m = flow(&ss, &flows, "compressor 0>2 [V0]");
    let rows: Vec<_> = f
        .constraints
        .iter()
        .map(row)
        .filter(|(k, _)| k.contains_key(&m))
        .collect();
    // m <= m_max y0 and m <= m_max y2 (levels touched), m <= m_max (1 - y1) (adjacency).
    assert_eq!(rows.len(), 3);
    let with_constant: Vec<_> = rows.iter().filter(|(_, b)| *b != 0.0).collect();
    assert_eq!(with_constant.len(), 1);
    let (k, b) = with_constant[0];
    assert!(close(*b, -c.m_max));
    assert!(k.values().all(|v| close(*v, 1.0) || close(*v, c.m_max)));
    for (k, _) in rows.iter().filter(|(_, b)| *b == 0.0) {
        assert!(k.iter().all(|(v, c_)| if *v == m {
            *c_ == 1.0
        } else {
            close(*c_, -c.m_max)
        }));
    }
    // Last: y0 + y1 + y2 <= 2.
    let (k, b) = row(f.constraints.last().unwrap());
    assert_eq!((k.len(), b), (3, -2.0));
    assert!(k.values().all(|v| *v == 1.0));
}

#[test]
fn machines_have_segment_rows_and_size_rows() {
    let (case, ss) = (case(), superstructure(&[-10.0, 30.0]));
    let c = cycle(&case, &ss);
    let mut settings = SlaveSettings::from_case(&case);
    settings.costs.sizing.segments = 3;
    let (mut f, flows, _) = with_flows(&c);
    let machines = machines::add_machines(&mut f, &case, &c, &[&flows], &settings);
    // Exchangers: evaporator at 0, condenser and after-cooler at 1; compressor 0>1; the valve has none.
    assert_eq!(machines.len(), 4);
    // Per machine with S = 3 segments: S upper and S - 1 lower bounds, sum z <= 1, X = sum x.
    assert_eq!(f.constraints.len(), 4 * (3 + 2 + 1 + 1));
    assert_eq!(f.binaries, 4 * 3);
    // The condenser's size row: latent heat / (U dT_mean) per kg/s, minus the segment sizes.
    let condenser = machines
        .iter()
        .find(|m| machine_label(&m.machine) == "condenser at level 1")
        .unwrap();
    let sizing = &settings.costs.sizing;
    let area_per_flow = (state(&ss, "V1").h_j_per_kg - state(&ss, "L1").h_j_per_kg)
        / (sizing.u_w_per_m2_k.condenser * sizing.dt_mean_k);
    let m = flow(&ss, &flows, "condenser 1");
    let (k, b) = f
        .constraints
        .iter()
        .map(row)
        .find(|(k, _)| k.contains_key(&m))
        .unwrap();
    assert!(close(k[&m], area_per_flow) && b == 0.0);
    assert!(condenser.segment_size.iter().all(|x| k[x] == -1.0));
    // Under the area target only the compressor remains a machine.
    settings.exchangers = crate::costs::ExchangerPricing::AreaTarget;
    let (mut f, flows, _) = with_flows(&c);
    let machines = machines::add_machines(&mut f, &case, &c, &[&flows], &settings);
    assert_eq!(machines.len(), 1);
}

#[test]
fn machine_cost_is_the_curve_at_the_breakpoints() {
    let (case, ss) = (case(), superstructure(&[-10.0, 30.0]));
    let c = cycle(&case, &ss);
    let settings = SlaveSettings::from_case(&case);
    let (mut f, flows, _) = with_flows(&c);
    let machines = machines::add_machines(&mut f, &case, &c, &[&flows], &settings);
    let m = &machines[0];
    // On segment i at x = b_i (i > 0) and at x = b_{i+1}, the secant gives the curve's own cost.
    for i in 0..m.segment_on.len() {
        for at in [i, i + 1].into_iter().filter(|&j| j > 0) {
            let mut values: HashMap<Variable, f64> = m
                .segment_on
                .iter()
                .chain(&m.segment_size)
                .map(|v| (*v, 0.0))
                .collect();
            values.insert(m.segment_on[i], 1.0);
            values.insert(m.segment_size[i], m.breakpoints[at]);
            let expected = m.curve.cost(m.breakpoints[at]);
            assert!(close(m.cost().eval_with(&values), expected));
        }
    }
}

#[test]
fn new_utility_capacity_only_above_the_installed_one() {
    let case = case();
    let mut f = Formulation::new(Integrality::Binary);
    let utilities = utilities::add_utility_use(&mut f, &case);
    let (_, def) = f.vars.iter_variables_with_def().next().unwrap();
    assert_eq!((def.get_min(), def.get_max()), (0.0, 500.0)); // kW
    let investment = utilities::add_utility_investment(&mut f, &case, &utilities);
    // N >= Q - 200 kW, i.e. Q - N - 200 <= 0; investment 50 EUR/kW * N = 0.05 kEUR/kW * N.
    assert_eq!((f.vars.len(), f.constraints.len()), (2, 1));
    let (k, b) = row(&f.constraints[0]);
    let new = *k.keys().find(|v| **v != utilities[0]).unwrap();
    assert_eq!((k[&utilities[0]], k[&new], b), (1.0, -1.0, -200.0));
    let (k, b) = (
        (&investment)
            .linear_coefficients()
            .collect::<HashMap<_, _>>(),
        investment.constant(),
    );
    assert_eq!(k.len(), 1);
    assert!(close(k[&new], 0.05) && b == 0.0);
}

#[test]
fn the_heat_cascade_rows_add_up_to_the_first_law() {
    let (case, ss) = (case(), superstructure(&[-10.0, 30.0]));
    let c = cycle(&case, &ss);
    let (mut f, flows, unit_streams) = with_flows(&c);
    let utilities = utilities::add_utility_use(&mut f, &case);
    heat_cascade::add_heat_cascade(&mut f, &case, &flows, &utilities, &unit_streams);
    let rows: Vec<_> = f.constraints.iter().map(row).collect();
    let n = rows.len();
    // Last two: R_0 = 0 and R_K = 0.
    assert!(rows[n - 2..].iter().all(|(k, b)| k.len() == 1 && *b == 0.0));
    // The element balances telescope: R_0 - R_K + (hot heat - cold heat) in kW.
    let mut sum: HashMap<Variable, f64> = HashMap::new();
    let mut constant = 0.0;
    for (k, b) in &rows[..n - 2] {
        for (v, c_) in k {
            *sum.entry(*v).or_default() += c_;
        }
        constant += b;
    }
    let latent = |l: &str, v: &str| (state(&ss, v).h_j_per_kg - state(&ss, l).h_j_per_kg) / 1e3;
    let (d, v1) = (state(&ss, "D[V0>1]"), state(&ss, "V1"));
    assert!(close(constant, 100.0)); // the cold store gives 100 kW
    assert!(close(sum[&utilities[0]], -1.0)); // cooling water takes 1 kW per kW of use
    let expected = [
        ("evaporator 0", -latent("L0", "V0")),
        ("condenser 1", latent("L1", "V1")),
        ("after-cooler D[V0>1]", (d.h_j_per_kg - v1.h_j_per_kg) / 1e3),
    ];
    for (unit, q) in expected {
        assert!(close(sum[&flow(&ss, &flows, unit)], q), "{unit}");
    }
}

#[test]
fn electricity_is_priced_per_kw_of_shaft_power() {
    let (case, ss) = (case(), superstructure(&[-10.0, 30.0]));
    let c = cycle(&case, &ss);
    let settings = SlaveSettings::from_case(&case);
    let (mut f, flows, _) = with_flows(&c);
    let utilities = utilities::add_utility_use(&mut f, &case);
    let (parts, _) = objective::add_objective_parts(
        &mut f,
        &case,
        std::slice::from_ref(&ss),
        &settings,
        &[objective::PeriodInput {
            case: &case,
            flows: &flows,
            utilities: utilities.as_slice(),
            loops: &[],
        }],
        &[],
    );
    // 8000 h * 0.1 EUR/kWh = 0.8 kEUR/yr per kW; the compressor takes h_D - h_V0 per kg/s.
    let w_kw = (state(&ss, "D[V0>1]").h_j_per_kg - state(&ss, "V0").h_j_per_kg) / 1e3;
    let k: HashMap<Variable, f64> = parts.electricity.linear_coefficients().collect();
    assert_eq!(k.len(), 1);
    assert!(close(
        k[&flow(&ss, &flows, "compressor 0>1 [V0]")],
        0.8 * w_kw
    ));
    // Utility capacity: 0.05 kEUR per kW above the installed 200 kW, annualised in capex.
    let annuity = case.economics.capital_recovery_factor();
    let k: HashMap<Variable, f64> = parts.capex.linear_coefficients().collect();
    assert_eq!(k.len(), 1);
    assert!(k.values().all(|v| close(*v, annuity * 0.05)));
}

#[test]
fn over_periods_the_exchangers_are_charged_on_the_largest_periods_duty() {
    let (case, ss) = (case(), superstructure(&[-10.0, 30.0]));
    let c = cycle(&case, &ss);
    let mut settings = SlaveSettings::from_case(&case);
    settings.exchangers = crate::costs::ExchangerPricing::AreaTarget;
    settings.exchanger_charge_eur_per_w = 0.2;
    let mut f = Formulation::new(Integrality::Binary);
    let (mut first, mut second, mut streams) = (BTreeMap::new(), BTreeMap::new(), Vec::new());
    flows::add_flows(&mut f, &c, 0.0, None, &mut first, &mut streams);
    flows::add_flows(&mut f, &c, 0.0, None, &mut second, &mut streams);
    let utilities = utilities::add_utility_use(&mut f, &case);
    let rows_before = f.constraints.len();
    let (parts, _) = objective::add_objective_parts(
        &mut f,
        &case,
        std::slice::from_ref(&ss),
        &settings,
        &[
            objective::PeriodInput {
                case: &case,
                flows: &first,
                utilities: utilities.as_slice(),
                loops: &[],
            },
            objective::PeriodInput {
                case: &case,
                flows: &second,
                utilities: utilities.as_slice(),
                loops: &[],
            },
        ],
        &[],
    );
    // The proxy is (CRF + m) c_ex d on one new variable d (kEUR/yr per kW of duty: 0.2 EUR/W = 0.2 kEUR/kW).
    let share =
        case.economics.capital_recovery_factor() + settings.costs.project.maintenance_share_per_yr;
    let k: Vec<(Variable, f64)> = parts.exchanger_proxy.linear_coefficients().collect();
    assert_eq!(k.len(), 1);
    let (largest, coefficient) = k[0];
    assert!(close(coefficient, share * 0.2));
    // Rows d >= sum_u q_u m_u,p, one per period on its own flows, with the exchangers' heat per kg/s from
    // the states: evaporator L0 -> V0, condenser V1 -> L1, after-cooler D -> V1 (kW per kg/s).
    let latent = |l: &str, v: &str| (state(&ss, v).h_j_per_kg - state(&ss, l).h_j_per_kg) / 1e3;
    let (d, v1) = (state(&ss, "D[V0>1]"), state(&ss, "V1"));
    let duties = [
        ("evaporator 0", latent("L0", "V0")),
        ("condenser 1", latent("L1", "V1")),
        ("after-cooler D[V0>1]", (d.h_j_per_kg - v1.h_j_per_kg) / 1e3),
    ];
    let rows: Vec<_> = f.constraints[rows_before..]
        .iter()
        .map(row)
        .filter(|r| r.0.contains_key(&largest))
        .collect();
    assert_eq!(rows.len(), 2);
    for ((k, b), (flows, other)) in rows.iter().zip([(&first, &second), (&second, &first)]) {
        // Normalised to d - sum_u q_u m_u >= 0 whichever side good_lp put it on.
        let scale = k[&largest];
        assert!(*b == 0.0 && k.len() == 1 + duties.len());
        for (unit, q) in duties {
            assert!(close(-k[&flow(&ss, flows, unit)] / scale, q), "{unit}");
            assert!(!k.contains_key(&flow(&ss, other, unit)));
        }
    }
}
