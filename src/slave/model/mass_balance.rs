//! Mass balance of every state s: `sum_{u -> s} a_us m_u - sum_{s -> u} a_su m_u = 0`.

use super::{Cycle, Formulation, UnitKey};
use good_lp::{Expression, Variable, constraint};
use petgraph::stable_graph::NodeIndex;
use std::collections::BTreeMap;

/// One equality row per state of `cycle`, in state index order: one pass over the units' edges.
pub(super) fn add_mass_balances(
    f: &mut Formulation,
    cycle: &Cycle,
    flows: &BTreeMap<UnitKey, Variable>,
) {
    let (c, ss) = (cycle.index, cycle.ss);
    let mut balances: BTreeMap<NodeIndex, Expression> = ss
        .states()
        .map(|(s, _)| (s, Expression::from(0.0)))
        .collect();
    for (u, _) in ss.units() {
        let m = flows[&(c, u)];
        for (state, coef) in ss.produced(u) {
            if let Some(b) = balances.get_mut(&state) {
                *b += coef * m;
            }
        }
        for (state, coef) in ss.consumed(u) {
            if let Some(b) = balances.get_mut(&state) {
                *b -= coef * m;
            }
        }
    }
    f.constraints
        .extend(balances.into_values().map(|b| constraint!(b == 0.0)));
}
