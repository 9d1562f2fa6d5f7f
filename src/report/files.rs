//! The report of an evaluation or of a run written into a folder: report.html, report.md, the plots and
//! flowsheet.dot.

use super::{ReportError, ReportInput, RunSummary};
use crate::case::Case;
use crate::master::OptimizeResult;
use crate::slave::{Evaluation, VersusBaseline};
use crate::summary::network::DesignNetworkReport;
use crate::superstructure::Superstructure;
use std::path::Path;

/// The report of one evaluation into `out`, which must exist; `versus` is the comparison with the site
/// without a heat pump (or the existing site), as in the evaluation's JSON.
pub fn write_evaluation_report(
    case: &Case,
    superstructures: &[Superstructure],
    evaluation: &Evaluation,
    versus: Option<&VersusBaseline>,
    out: &Path,
) -> Result<(), ReportError> {
    let input = ReportInput {
        network: None,
        case,
        superstructures,
        evaluation: Some(evaluation),
        run: None,
        versus_no_heat_pump: versus,
    };
    super::write(out, &super::build(&input)?)?;
    Ok(())
}

/// The report of a run (report.html, report.md, the plots, flowsheet.dot) into `out`; `versus` is the
/// comparison with the site without a heat pump, as in result.json; `network`, the synthesised network
/// of the run's design (`optimize --network`).
pub fn write_run_report(
    case: &Case,
    r: &OptimizeResult,
    versus: Option<&VersusBaseline>,
    network: Option<&DesignNetworkReport>,
    out: &Path,
) -> Result<(), ReportError> {
    let input = ReportInput {
        network,
        case,
        superstructures: r.best.as_ref().map_or(&[], |b| &b.superstructures),
        evaluation: r.best.as_ref().map(|b| &b.evaluation),
        run: Some(RunSummary {
            history: &r.history,
            grid: r.grid.as_ref(),
            improvement_over_grid_pct: r.improvement_over_grid_pct,
            best_from: r.best_from,
            stop_reason: &r.stop_reason,
        }),
        versus_no_heat_pump: versus,
    };
    super::write(out, &super::build(&input)?)?;
    Ok(())
}
