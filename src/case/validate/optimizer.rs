//! `[optimizer]`: the search's settings.

use super::checker::Checker;
use crate::case::OptimizerSettings;

/// `[optimizer]` checked: every problem is recorded; the settings are kept as read.
pub(super) fn settings(check: &mut Checker, o: &OptimizerSettings) -> OptimizerSettings {
    check.count_in(
        "optimizer.population",
        o.population,
        2..=usize::MAX,
        "use at least 2",
    );
    check.count_in("optimizer.islands", o.islands, 1..=64, "use 1 to 64");
    check.count_in(
        "optimizer.generations",
        o.generations,
        1..=usize::MAX,
        "use at least 1",
    );
    check.count_in(
        "optimizer.stall_generations",
        o.stall_generations,
        1..=usize::MAX,
        "use at least 1",
    );
    check.number(
        "optimizer",
        "time_limit_s",
        o.time_limit_s,
        o.time_limit_s > 0.0,
        "seconds > 0",
    );
    check.number(
        "optimizer",
        "slave_time_limit_s",
        o.slave_time_limit_s,
        o.slave_time_limit_s > 0.0,
        "seconds > 0",
    );
    check.number(
        "optimizer",
        "grid_step_k",
        o.grid_step_k,
        o.grid_step_k > 0.0,
        "a step in K > 0",
    );
    check.number(
        "optimizer",
        "mip_gap",
        o.mip_gap,
        (0.0..1.0).contains(&o.mip_gap),
        "a relative gap in [0, 1)",
    );
    check.number(
        "optimizer",
        "screening_mip_gap",
        o.screening_mip_gap,
        (0.0..1.0).contains(&o.screening_mip_gap),
        "a relative gap in [0, 1)",
    );
    o.clone()
}
