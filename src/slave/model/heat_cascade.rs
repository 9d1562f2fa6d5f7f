//! The heat cascade rows: `R_k + sum loads = R_{k+1}`, `R_0 = R_K = 0`; process streams fixed, utilities
//! and unit heat variable; all cycles in one cascade (cascade::CascadeBlock).

use super::{Formulation, KILO, Streams, UnitKey};
use crate::cascade::{CascadeBlock, Scale, ShiftedStream};
use crate::case::Case;
use good_lp::{Variable, constraint};
use std::collections::BTreeMap;

/// Declares the residuals and adds one balance per cascade element, then `R_0 = 0` and `R_K = 0`. Returns
/// the process and utility streams for the checks.
pub(super) fn add_heat_cascade(
    f: &mut Formulation,
    case: &Case,
    flows: &BTreeMap<UnitKey, Variable>,
    utilities: &[Variable],
    unit_streams: &[(UnitKey, ShiftedStream)],
) -> Streams {
    let process: Vec<ShiftedStream> = case
        .streams
        .iter()
        .map(ShiftedStream::from_process)
        .collect();
    let utility_streams: Vec<ShiftedStream> = case
        .utilities
        .iter()
        .map(ShiftedStream::from_utility)
        .collect();
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
