//! Heat cascade: temperature intervals of shifted streams, pinch targeting by the problem table, the grand
//! composite curve, and the same cascade as a linear block for good_lp models (design.md §2.3). See
//! docs/cascade.md for the formulation.

mod intervals;
mod lp;
mod problem_table;
mod targeting;

pub use intervals::{Cascade, Element, ShiftedSegment, ShiftedStream};
pub use lp::{CascadeBlock, Scale};
pub use problem_table::{GccPoint, Pinch, Targets, problem_table};
pub use targeting::{
    UtilityPlan, UtilityUse, lp_min_utilities, target_utilities, utility_cost_per_w,
};
