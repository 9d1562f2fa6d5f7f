//! A design's heat exchanger network against its area target: `hpsynth network CASE --fluid --levels-c`.
//!
//! The network is synthesised region by region (network/design.rs) from the design's balanced problem
//! (slave::design_streams), priced with the case's cost set by exchanger type and annualised as the design
//! is (capital recovery + maintenance). The design's TAC is then recomputed with the network's investment in
//! place of the target's; its energy is unchanged (every duty is the slave's):
//!
//! ```text
//! a          = CRF + m                                       (annual factor of an investment)
//! I_net      = sum_units C_t(A_u) f_t index + sum_loops C(A_loop)   (installed, EUR)
//! TAC_net    = TAC_target + a (I(I_net) - I(I_target))       I(.): slave::network_investment (retrofit rule)
//! EUR/kW     = (sum machines + max(0, I_design - I_site)) / Q_released   (slave::heat_pump_investment_with)
//! ```

use crate::case::Case;
use crate::case::StreamKind;
use crate::costs::CostCurve;
use crate::hen::{HenStream, NetworkStreams, hen_target};
use crate::machines::{ExchangerType, FluidFamily};
use crate::network::AreaCost;
use crate::network::design::{DesignSettings, RegionsNetwork, regions, synthesise_regions};
use crate::slave::{
    Evaluation, SlaveSettings, VersusBaseline, design_streams, heat_pump_investment_with,
    loops_of_design, network_investment,
};
use crate::superstructure::Superstructure;
use crate::units::kelvin_to_celsius;
use serde::Serialize;

/// A loop's exchanger with its product stream: one counter-current unit (the target's own pricing).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoopExchanger {
    pub hot_side: String,
    pub cold_side: String,
    pub duty_kw: f64,
    pub area_m2: f64,
    pub investment_eur: f64,
}

/// One side of the comparison: the area target's network or the synthesised one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkCost {
    pub area_m2: f64,
    /// The target's minimum number of units, or the network's units.
    pub units: usize,
    /// Installed (EUR, the case's cost index).
    pub investment_eur: f64,
    /// What the design is charged for it (EUR; a retrofit site's beyond its existing network).
    pub charged_eur: f64,
    /// `None` for a network that is not complete (a block without a network).
    pub design_tac_eur_per_yr: Option<f64>,
    /// The heat pump's installed cost per kW of heat it releases (EUR/kW).
    pub heat_pump_eur_per_kw: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DesignNetworkReport {
    pub case: String,
    pub fluids: Vec<String>,
    pub levels_c: Vec<Vec<f64>>,
    pub heat_released_kw: f64,
    pub target: NetworkCost,
    pub network: NetworkCost,
    pub regions: RegionsNetwork,
    pub loop_exchangers: Vec<LoopExchanger>,
    /// Annual factor of an investment: capital recovery + maintenance (1/yr).
    pub annual_factor_per_yr: f64,
}

/// The cost of each exchanger type (by [`ExchangerType::index`]) as the network prices a unit: the case's
/// installed curve at its cost index, times `annual_factor`.
pub fn type_costs(
    case: &Case,
    settings: &SlaveSettings,
    annual_factor: f64,
) -> Result<Vec<AreaCost>, String> {
    let index = case.economics.cepci / settings.costs.cepci;
    ExchangerType::ALL
        .iter()
        .map(|&t| {
            let curve = CostCurve::installed(&settings.costs, settings.costs.exchanger_of(t));
            let (correlation, factor) = curve
                .installed_as_factor()
                .ok_or_else(|| format!("exchangers.{}: an exchanger has no drive", t.name()))?;
            Ok(AreaCost::Curve {
                correlation: correlation.clone(),
                per_yr: factor * index * annual_factor,
            })
        })
        .collect()
}

/// The network of `evaluation`'s design, against its area target.
pub fn design_network(
    case: &Case,
    cycles: &[Superstructure],
    slave: &SlaveSettings,
    evaluation: &Evaluation,
    versus: Option<&VersusBaseline>,
    settings: &DesignSettings,
) -> Result<DesignNetworkReport, String> {
    let design = evaluation.design.as_ref().ok_or_else(|| {
        format!(
            "the slave found no design ({:?}): there is no network to synthesise",
            evaluation.outcome
        )
    })?;
    if !case.periods.is_empty() {
        return Err("a case with operating periods: the network of a multi-period design is not built yet; \
             give one period's case"
            .into());
    }
    let target = design.network.as_ref().ok_or(
        "the design's exchangers are priced per unit ([costs] exchangers = \"per-unit\"): the network \
         replaces an area target; use the default \"area-target\"",
    )?;
    let annual =
        case.economics.capital_recovery_factor() + slave.costs.project.maintenance_share_per_yr;
    let costs = type_costs(case, slave, annual)?;
    let families: Vec<FluidFamily> = cycles.iter().map(|c| FluidFamily::of(&c.fluid)).collect();
    let loops = loops_of_design(case, &design.loops);
    let streams = design_streams(
        case,
        &design.units,
        &design.utilities,
        evaluation.dt_min_half_k,
        &families,
        &loops,
    );
    let index = case.economics.cepci / slave.costs.cepci;
    let loop_exchangers = loop_units(&streams, slave, index)?;
    let forbidden = forbidden_pairs(case, &streams.free);
    let blocks = regions(
        &streams.free,
        &costs,
        "EUR",
        settings.block_pieces,
        &forbidden,
    );
    let regions = synthesise_regions(&blocks, settings);
    let complete = regions.complete;
    let loops_eur: f64 = loop_exchangers.iter().map(|l| l.investment_eur).sum();
    let investment = regions.exchangers_per_yr / annual + loops_eur;
    let charged = network_investment(case, investment, slave.existing_network_eur);
    let charged_target = design.costs.network_investment_eur;
    let tac = design.costs.tac_eur_per_yr;
    let per_kw = |charged: f64| versus.map(|v| heat_pump_investment_with(design, charged, v).1);
    Ok(DesignNetworkReport {
        case: case.name.clone(),
        fluids: evaluation.cycles.iter().map(|c| c.fluid.clone()).collect(),
        levels_c: evaluation
            .cycles
            .iter()
            .map(|c| c.levels_k.iter().map(|t| kelvin_to_celsius(*t)).collect())
            .collect(),
        heat_released_kw: design.heat_released_w * 1e-3,
        target: NetworkCost {
            area_m2: target.area_m2,
            units: target.units_min,
            investment_eur: target.cost_eur,
            charged_eur: charged_target,
            design_tac_eur_per_yr: Some(tac),
            heat_pump_eur_per_kw: per_kw(charged_target),
        },
        network: NetworkCost {
            area_m2: regions.area_m2 + loop_exchangers.iter().map(|l| l.area_m2).sum::<f64>(),
            units: regions.units + loop_exchangers.len(),
            investment_eur: investment,
            charged_eur: charged,
            design_tac_eur_per_yr: complete.then_some(tac + annual * (charged - charged_target)),
            heat_pump_eur_per_kw: per_kw(charged),
        },
        regions,
        loop_exchangers,
        annual_factor_per_yr: annual,
    })
}

/// The case's forbidden matches as indices into `streams` (hot, cold), by name.
fn forbidden_pairs(case: &Case, streams: &[HenStream]) -> Vec<(usize, usize)> {
    let index = |name: &str, kind: StreamKind| {
        streams
            .iter()
            .position(|s| s.kind == kind && s.name == name)
    };
    case.forbidden_matches
        .iter()
        .filter_map(|m| {
            Some((
                index(&m.hot, StreamKind::Hot)?,
                index(&m.cold, StreamKind::Cold)?,
            ))
        })
        .collect()
}

/// Each loop's exchanger with its product stream, priced as the target prices it (one unit); the pairs
/// the target counts as units ([`NetworkStreams::unit_pairs`]).
fn loop_units(
    streams: &NetworkStreams,
    slave: &SlaveSettings,
    index: f64,
) -> Result<Vec<LoopExchanger>, String> {
    streams
        .unit_pairs()
        .map(|pair| {
            let one = NetworkStreams {
                free: Vec::new(),
                matched: vec![pair.clone()],
            };
            let t = hen_target(&one, &slave.costs, index).map_err(|e| e.to_string())?;
            let [a, b] = pair;
            let (hot, cold) = match a.kind {
                StreamKind::Hot => (a, b),
                StreamKind::Cold => (b, a),
            };
            Ok(LoopExchanger {
                hot_side: hot.name.clone(),
                cold_side: cold.name.clone(),
                duty_kw: hot.q_w() * 1e-3,
                area_m2: t.area_m2,
                investment_eur: t.cost_eur,
            })
        })
        .collect()
}
