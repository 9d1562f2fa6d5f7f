//! The slave MILP (design.md §2): for one fluid and fixed levels, every state is a number and an MILP picks
//! and sizes the units against the heat cascade of the process. See docs/slave.md.

mod electric;
mod evaluate;
mod model;
mod network;
mod read_back;
mod read_parts;
mod results;
mod settings;
mod site;
mod warm_start;

pub use crate::case::Objective;
pub use crate::case::loops::{LoopResult, LoopStream, loop_streams, loops_of_design};
pub use crate::costs::{
    Correlation, CostCurve, CostSet, CostSetError, DEFAULT_COST_SET, DriveCost, ExchangerPricing,
    HeatTransfer, LogQuadratic, MachineCost, PowerLaw, ProjectCost, SizeBasis, Sizing, breakpoints,
};
pub use electric::CompressorResult;
pub use evaluate::evaluate;
pub use model::{UnitKey, machine_label};
pub use network::{design_streams, network_investment};
pub use results::{
    Checks, CostBreakdown, CycleSummary, Design, Evaluation, MachineResult, ModelSize,
    PeriodDesign, UnitResult, UtilityResult,
};
pub use settings::{LevelCap, SlaveSettings};
pub use site::{
    SiteBaseline, SiteKpis, VersusBaseline, heat_pump_investment, heat_pump_investment_with,
    site_kpis, versus_baseline, versus_no_heat_pump, without_heat_pump,
};

use crate::case::Case;
use crate::fluids::{FluidError, fluid};
use crate::superstructure::{CycleSettings, Superstructure, Template, TemplateError, instantiate};

/// Why a candidate could not be set up (a solved-but-infeasible candidate is an [`Evaluation`], not this).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CandidateError {
    #[error(transparent)]
    Fluid(#[from] FluidError),
    #[error(transparent)]
    Template(#[from] TemplateError),
}

/// One cycle of a candidate: fluid and saturation levels (K).
#[derive(Clone, Debug, PartialEq)]
pub struct CycleChoice {
    pub fluid: String,
    pub levels_k: Vec<f64>,
}

/// One candidate of the master: for each cycle, fluid and levels -> superstructure; then one slave
/// evaluation of all cycles together.
pub fn evaluate_candidate(
    case: &Case,
    cycles: &[CycleChoice],
    template: &str,
    settings: &SlaveSettings,
) -> Result<(Vec<Superstructure>, Evaluation), CandidateError> {
    let template = Template::load(template)?;
    evaluate_with_template(case, cycles, &template, settings)
}

/// [`evaluate_candidate`] with the case's own template, parsed when the case was loaded.
pub fn evaluate_case_candidate(
    case: &Case,
    cycles: &[CycleChoice],
    settings: &SlaveSettings,
) -> Result<(Vec<Superstructure>, Evaluation), CandidateError> {
    let template = case.heat_pump.template_def()?;
    evaluate_with_template(case, cycles, &template, settings)
}

/// [`evaluate_candidate`] with a template at hand (grid mode adapts the shipped ones).
pub fn evaluate_with_template(
    case: &Case,
    cycles: &[CycleChoice],
    template: &Template,
    settings: &SlaveSettings,
) -> Result<(Vec<Superstructure>, Evaluation), CandidateError> {
    let cycle_settings = CycleSettings {
        compressors: case.heat_pump.compressor_choices(),
        superheat_k: case.heat_pump.superheat_k,
        subatmospheric_suction: case.heat_pump.subatmospheric_suction,
    };
    let mut superstructures = Vec::with_capacity(cycles.len());
    for choice in cycles {
        let fluid = fluid(&choice.fluid)?;
        superstructures.push(instantiate(
            fluid.as_ref(),
            &choice.levels_k,
            template,
            cycle_settings.clone(),
        ));
    }
    let evaluation = evaluate(case, &superstructures, settings);
    Ok((superstructures, evaluation))
}
