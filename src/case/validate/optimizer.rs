//! `[optimizer]`: the search's settings.

use super::checker::Checker;
use crate::case::OptimizerSettings;
use crate::case::file::OptimizerFile;

/// `[optimizer]` checked.
pub(super) fn settings(check: &mut Checker, o: &OptimizerFile) -> OptimizerSettings {
    OptimizerSettings {
        seed: o.seed,
        population: check.count_in(
            "optimizer.population",
            o.population,
            2..=usize::MAX,
            "use at least 2",
        ),
        islands: check.count_in("optimizer.islands", o.islands, 1..=64, "use 1 to 64"),
        generations: check.count_in(
            "optimizer.generations",
            o.generations,
            1..=usize::MAX,
            "use at least 1",
        ),
        stall_generations: check.count_in(
            "optimizer.stall_generations",
            o.stall_generations,
            1..=usize::MAX,
            "use at least 1",
        ),
        time_limit_s: check.number(
            "optimizer",
            "time_limit_s",
            o.time_limit_s,
            o.time_limit_s > 0.0,
            "seconds > 0",
        ),
        grid_step_k: check.number(
            "optimizer",
            "grid_step_k",
            o.grid_step_k,
            o.grid_step_k > 0.0,
            "a step in K > 0",
        ),
        grid_levels: o.grid_levels,
        mip_gap: check.number(
            "optimizer",
            "mip_gap",
            o.mip_gap,
            (0.0..1.0).contains(&o.mip_gap),
            "a relative gap in [0, 1)",
        ),
        screening_mip_gap: check.number(
            "optimizer",
            "screening_mip_gap",
            o.screening_mip_gap,
            (0.0..1.0).contains(&o.screening_mip_gap),
            "a relative gap in [0, 1)",
        ),
        warm_start: o.warm_start,
    }
}
