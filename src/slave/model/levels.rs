//! Grid mode's level selection: a binary per level y_l; a unit may run only if every level it touches is
//! chosen, at most `max_levels` are chosen, and with adjacency a unit spanning l < m needs every level between
//! off: m_u <= m_max (1 - y_j), l < j < m.

use super::{Cycle, Formulation, UnitKey};
use crate::slave::LevelCap;
use crate::superstructure::{GridRule, Machine, Node, StateRole, Superstructure, UnitKind};
use good_lp::{Expression, Variable, constraint};
use petgraph::stable_graph::NodeIndex;
use std::collections::BTreeMap;

/// Adds the level binaries of `cycle` and, unit by unit, the rows that tie its flow to them; last the cap on
/// the number of levels chosen.
/// With several operating periods the level binaries are shared and every period's flows get the rows.
pub(super) fn add_level_choice(
    f: &mut Formulation,
    cycle: &Cycle,
    flows: &[&BTreeMap<UnitKey, Variable>],
    cap: &LevelCap,
) {
    let (c, ss) = (cycle.index, cycle.ss);
    let chosen: Vec<Variable> = ss.levels_k.iter().map(|_| f.binary()).collect();
    for (u, unit) in ss.units() {
        for period in flows {
            add_unit_level_rows(f, cycle, cap, &chosen, u, unit, period[&(c, u)]);
        }
    }
    let count: Expression = chosen.iter().sum();
    f.constraints
        .push(constraint!(count <= cap.max_levels as f64));
}

/// The rows that let unit `u` (flow `m`) run only on chosen levels.
fn add_unit_level_rows(
    f: &mut Formulation,
    cycle: &Cycle,
    cap: &LevelCap,
    chosen: &[Variable],
    u: NodeIndex,
    unit: &crate::superstructure::UnitNode,
    m: Variable,
) {
    let (ss, m_max) = (cycle.ss, cycle.m_max);
    for l in touched_levels(ss, u) {
        f.constraints.push(constraint!(m <= m_max * chosen[l]));
    }
    if let Some((low, high)) = adjacency_span(ss, u, cap) {
        for &between in &chosen[low + 1..high] {
            f.constraints
                .push(constraint!(m <= m_max * (1.0 - between)));
        }
    }
    // Where a unit sits among the used levels (GridRule): m_u <= m_max sum_{j > l} y_j (needs a
    // used level above), m_u <= m_max sum_{j < l} y_j (below), m_u <= m_max (1 - y_j) for j > l
    // (nothing used above) or j < l (nothing used below).
    match unit.grid_rule {
        GridRule::Always => {}
        GridRule::NeedsAbove(l) => {
            let above: Expression = chosen[l + 1..].iter().sum();
            f.constraints.push(constraint!(m <= m_max * above));
        }
        GridRule::NeedsBelow(l) => {
            let below: Expression = chosen[..l].iter().sum();
            f.constraints.push(constraint!(m <= m_max * below));
        }
        GridRule::NothingAbove(l) => {
            for &j in &chosen[l + 1..] {
                f.constraints.push(constraint!(m <= m_max * (1.0 - j)));
            }
        }
        GridRule::NothingBelow(l) => {
            for &j in &chosen[..l] {
                f.constraints.push(constraint!(m <= m_max * (1.0 - j)));
            }
        }
    }
}

/// Levels a unit touches, ascending and once each: those of its states, and the level subcooled liquid was
/// cooled to.
fn touched_levels(ss: &Superstructure, u: NodeIndex) -> Vec<usize> {
    let mut touched: Vec<usize> = ss
        .consumed(u)
        .into_iter()
        .chain(ss.produced(u))
        .filter_map(|(s, _)| ss.state(s))
        .flat_map(|st| match st.role {
            StateRole::Subcooled { to_level } => vec![st.level, to_level],
            _ => vec![st.level],
        })
        .collect();
    touched.sort_unstable();
    touched.dedup();
    touched
}

/// The levels a compressor or valve spans, when grid mode's adjacency applies to it: a compressor from its
/// suction to its discharge level; a valve from the level its liquid was at (condensate) or was cooled to
/// (subcooled liquid) down to the level it expands to.
fn adjacency_span(ss: &Superstructure, u: NodeIndex, cap: &LevelCap) -> Option<(usize, usize)> {
    let unit = match &ss.graph[u] {
        Node::Unit(unit) => unit,
        Node::State(_) => return None,
    };
    match (unit.kind, unit.machine) {
        (UnitKind::Compressor, Some(Machine::Compressor { from, to, .. }))
            if cap.adjacent_compressors =>
        {
            Some((from, to))
        }
        (UnitKind::Valve, _) if cap.adjacent_valves => {
            let (source, _) = ss.consumed(u).into_iter().next()?;
            let high = match ss.state(source)?.role {
                StateRole::Subcooled { to_level } => to_level,
                _ => ss.state(source)?.level,
            };
            let low = ss
                .produced(u)
                .into_iter()
                .filter_map(|(s, _)| ss.state(s).map(|st| st.level))
                .min()?;
            (high > low).then_some((low, high))
        }
        _ => None,
    }
}
