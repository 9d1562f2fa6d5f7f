//! Designs ranked again by their synthesised networks (`optimize --network`, `screen --network`): each
//! design's TAC with its area target and with its network, and the place it takes by each.

use super::network::DesignNetworkReport;
use super::optimize::LeaderRow;
use serde::Serialize;

/// One design of the re-ranking (a row of `network_ranking.json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedDesign {
    /// Its place in the run's (or the screening's) ranking (1: the best).
    pub run_rank: usize,
    pub fluids: Vec<String>,
    pub levels_c: Vec<Vec<f64>>,
    pub dt_min_half_k: Option<f64>,
    /// The objective's value as the run (or the screening) ranked it (EUR/yr for the TAC).
    pub fitness: f64,
    /// The design's TAC with its area target, and with its synthesised network (`None`: incomplete).
    pub tac_target_eur_per_yr: Option<f64>,
    pub tac_network_eur_per_yr: Option<f64>,
    pub units: usize,
    pub units_min_target: usize,
    pub network_investment_eur: f64,
    pub target_investment_eur: f64,
    pub seconds: f64,
    /// The smallest share of the streams' dT_min/2 a block of the network keeps (1: every block at the
    /// design's approaches; docs/network.md).
    pub approach_factor_min: f64,
    /// Why there is no network, if there is none.
    pub failure: Option<String>,
}

impl RankedDesign {
    /// A row for `design`, the `run_rank`-th, whose network `result` gave, synthesised in `seconds`.
    pub fn new(
        run_rank: usize,
        design: &LeaderRow,
        result: Result<&DesignNetworkReport, String>,
        seconds: f64,
    ) -> RankedDesign {
        let mut row = RankedDesign {
            run_rank,
            fluids: design.fluids.clone(),
            levels_c: design.levels_c.clone(),
            dt_min_half_k: design.dt_min_half_k,
            fitness: design.fitness,
            tac_target_eur_per_yr: None,
            tac_network_eur_per_yr: None,
            units: 0,
            units_min_target: 0,
            network_investment_eur: 0.0,
            target_investment_eur: 0.0,
            seconds,
            approach_factor_min: 0.0,
            failure: None,
        };
        match result {
            Ok(r) => {
                row.tac_target_eur_per_yr = r.target.design_tac_eur_per_yr;
                row.tac_network_eur_per_yr = r.network.design_tac_eur_per_yr;
                row.units = r.network.units;
                row.units_min_target = r.target.units;
                row.network_investment_eur = r.network.investment_eur;
                row.target_investment_eur = r.target.investment_eur;
                // Over the blocks that have a network (one without has factor 0 and makes the TAC `None`).
                row.approach_factor_min = r
                    .regions
                    .regions
                    .iter()
                    .filter(|b| b.network.is_some())
                    .map(|b| b.approach_factor)
                    .fold(1.0, f64::min);
            }
            Err(why) => row.failure = Some(why),
        }
        row
    }
}

/// The designs with their networks, in the order they came, and the networks themselves.
#[derive(Clone, Debug, Default)]
pub struct NetworkRanking {
    pub rows: Vec<RankedDesign>,
    pub networks: Vec<Option<DesignNetworkReport>>,
    /// The ranking was stopped before its last design.
    pub stopped: bool,
}

impl NetworkRanking {
    /// The complete network with the lowest TAC of its design, if any.
    pub fn best(&self) -> Option<&DesignNetworkReport> {
        self.networks
            .iter()
            .flatten()
            .filter_map(|n| Some((n.network.design_tac_eur_per_yr?, n)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n)
    }
}
