//! The heat cascade rows: `R_k + sum loads = R_{k+1}`, `R_0 = R_K = 0`; process streams fixed, utilities
//! and unit heat variable; all cycles in one cascade (cascade::CascadeBlock).

use super::loops::{LoopVar, add_zoned_cascade};
use super::{Formulation, KILO, Streams, UnitKey};
use crate::cascade::{CascadeBlock, Scale, ShiftedStream};
use crate::case::Case;
use crate::case::loops::loop_streams;
use good_lp::{Variable, constraint};
use std::collections::BTreeMap;

/// Declares the residuals and adds one balance per cascade element, then `R_0 = 0` and `R_K = 0`. Returns
/// the process and utility streams for the checks, and the loops' shares. A case whose streams reach the
/// heat pump through loops (`via_loop`) has two cascades, one each side of the loops (loops.rs), when it has a
/// heat pump to keep apart from them.
pub(super) fn add_heat_cascade(
    f: &mut Formulation,
    case: &Case,
    flows: &BTreeMap<UnitKey, Variable>,
    utilities: &[Variable],
    unit_streams: &[(UnitKey, ShiftedStream)],
) -> (Streams, Vec<Vec<LoopVar>>) {
    let loops = loop_streams(case).unwrap_or_default();
    if !loops.is_empty() && !unit_streams.is_empty() {
        return add_zoned_cascade(f, case, flows, utilities, unit_streams, &loops);
    }
    (
        add_one_cascade(f, case, flows, utilities, unit_streams),
        Vec::new(),
    )
}

/// The case's process streams and utilities, shifted.
pub(super) fn case_streams(case: &Case) -> (Vec<ShiftedStream>, Vec<ShiftedStream>) {
    let process = case.streams.iter().map(ShiftedStream::from_process);
    let utilities = case.utilities.iter().map(ShiftedStream::from_utility);
    (process.collect(), utilities.collect())
}

/// The one cascade of every stream.
fn add_one_cascade(
    f: &mut Formulation,
    case: &Case,
    flows: &BTreeMap<UnitKey, Variable>,
    utilities: &[Variable],
    unit_streams: &[(UnitKey, ShiftedStream)],
) -> Streams {
    let (process, utility_streams) = case_streams(case);
    let block = CascadeBlock::declare(
        &mut f.vars,
        process
            .iter()
            .chain(&utility_streams)
            .chain(unit_streams.iter().map(|(_, s)| s)),
    );
    let mut contributions: Vec<(&ShiftedStream, Scale)> = process
        .iter()
        .map(|s| (s, Scale::Fixed(1.0 / KILO)))
        .collect();
    contributions.extend(
        utility_streams
            .iter()
            .zip(utilities)
            .map(|(s, v)| (s, Scale::Variable(*v))),
    );
    contributions.extend(
        unit_streams
            .iter()
            .map(|(k, s)| (s, Scale::Variable(flows[k]))),
    );
    f.constraints.extend(block.balances(&contributions));
    f.constraints.push(constraint!(block.top() == 0.0));
    f.constraints.push(constraint!(block.bottom() == 0.0));
    Streams {
        process,
        utilities: utility_streams,
    }
}
