//! Reports: what an engineer reads. `report.html` (self-contained, SVG inline), `report.md`, and every
//! plot as its own SVG: the integrated grand composite curve, log p-h and T-s diagrams of each cycle, GA
//! convergence, the cost breakdown, and the flowsheet (DOT always, SVG when Graphviz is installed).
//! See docs/reports.md.
//!
//! [`build`] computes everything in memory; [`write`] writes each file atomically, `report.html` last, so
//! a reader never meets a half-written file and an error leaves no file looking complete.

mod convergence;
mod costs;
mod cycle_paths;
pub mod design_network;
mod diagrams;
mod document;
mod files;
mod flowsheet;
mod gcc;
mod html;
mod markdown;
mod network;
mod periods;
mod plot;
pub mod run_folder;
mod second_law;
mod site;
pub mod studies;
mod summary;

pub use costs::{CostKind, CostPart, cost_parts};
pub use cycle_paths::{CyclePaths, cycle_paths};
pub use document::{Block, Document, Figure, Section, Table};
pub use files::{write_evaluation_report, write_run_report};
pub use gcc::{GccPoint, IntegratedGcc, integrated_gcc};
pub use second_law::{SecondLaw, second_law};

use crate::case::Case;
use crate::fluids::{FluidError, fluid};
use crate::master::{GenerationStats, GridSummary};
use crate::slave::{Design, Evaluation, VersusBaseline};
use crate::superstructure::Superstructure;
use std::path::{Path, PathBuf};

/// What an optimisation run adds to a design: its history and its baseline.
#[derive(Clone, Copy, Debug)]
pub struct RunSummary<'a> {
    pub history: &'a [GenerationStats],
    pub grid: Option<&'a GridSummary>,
    pub improvement_over_grid_pct: Option<f64>,
    pub best_from: crate::master::BestFrom,
    pub stop_reason: &'a crate::master::StopReason,
}

/// Everything a report is made from.
#[derive(Clone, Copy, Debug)]
pub struct ReportInput<'a> {
    pub case: &'a Case,
    /// The superstructure of each cycle of `evaluation` (empty without one).
    pub superstructures: &'a [Superstructure],
    /// The evaluated design; `None` when the run found none.
    pub evaluation: Option<&'a Evaluation>,
    /// `None` for a single evaluation: no convergence plot, no baseline.
    pub run: Option<RunSummary<'a>>,
    /// The design against the site without a heat pump (`slave::versus_no_heat_pump`), if both solved.
    pub versus_no_heat_pump: Option<&'a VersusBaseline>,
    /// The design's synthesised heat exchanger network (`optimize --network`), drawn after its target.
    pub network: Option<&'a crate::summary::network::DesignNetworkReport>,
}

/// Why a report could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot draw {file}: {message}")]
    Plot { file: String, message: String },
    #[error("cycle diagram of {fluid}: {source}")]
    Fluid {
        fluid: String,
        #[source]
        source: FluidError,
    },
    #[error("cannot rebuild the design's cycles: {0}")]
    Cycles(#[from] crate::slave::CandidateError),
    #[error(
        "cannot write {file} (check that the output folder exists, is writable and has free space)"
    )]
    Write {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// A report in memory: the document and the files beside it (name, contents).
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub document: Document,
    /// Files other than the plots and the two reports: the flowsheet's DOT and its SVGs.
    pub extra_files: Vec<(String, String)>,
}

/// File-name form of a cycle: `1-ammonia`, `2-r1234ze-e`.
fn cycle_slug(index: usize, fluid: &str) -> String {
    let name: String = fluid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name: Vec<&str> = name.split('-').filter(|p| !p.is_empty()).collect();
    format!("{}-{}", index + 1, name.join("-"))
}

/// Computes the whole report.
pub fn build(input: &ReportInput) -> Result<Report, ReportError> {
    let design = input.evaluation.and_then(|e| e.design.as_ref());
    // The refrigerant's dT_min/2 of the evaluation (the master may have chosen it), as in its cascade.
    let refrigerant_dt = input
        .evaluation
        .map_or(input.case.heat_pump.dt_min_half_k, |e| e.dt_min_half_k);
    let mut sections = vec![summary::design_section(
        input.case,
        input.evaluation,
        input.run.as_ref(),
    )];
    if let (Some(e), Some(d)) = (input.evaluation, design) {
        sections.push(summary::key_figures(
            input.case,
            input.superstructures,
            d,
            input.run.as_ref(),
        ));
        sections.extend(input.versus_no_heat_pump.map(site::versus_no_heat_pump));
        sections.push(summary::equipment(e, d));
    }
    match design.filter(|d| !d.periods.is_empty()) {
        Some(d) => sections.push(periods::section(input.case, d, refrigerant_dt)?),
        None => sections.push(gcc_section(input.case, design, refrigerant_dt)?),
    }
    if let (Some(e), Some(n)) = (input.evaluation, design.and_then(|d| d.network.as_ref())) {
        sections.push(network::section(n, e.dt_min_half_k)?);
    }
    if let Some(n) = input.network {
        sections.extend(design_network::sections(n, "design-network"));
    }
    let mut extra_files = Vec::new();
    if let Some(d) = design {
        sections.push(cycle_section(input.superstructures, d)?);
        sections.push(cost_section(input.case, d)?);
        let (flowsheet_section, files) = flowsheet_section(input.superstructures, d);
        sections.push(flowsheet_section);
        extra_files = files;
    }
    if let Some(run) = &input.run {
        sections.push(convergence_section(run, design)?);
    }
    Ok(Report {
        document: Document {
            title: format!("hpsynth report: {}", input.case.name),
            sections,
        },
        extra_files,
    })
}

/// The process GCC with the heat pump's and the utilities' curves on it.
fn gcc_section(
    case: &Case,
    design: Option<&Design>,
    refrigerant_dt: f64,
) -> Result<Section, ReportError> {
    let mut section = Section::new("Grand composite curve");
    let integrated = integrated_gcc(case, design, refrigerant_dt);
    section.figure(Figure {
        file: "gcc.svg".into(),
        caption: format!(
            "Process GCC (black; minimum hot utility {} kW) and, on the same shifted temperatures, the heat \
             pump and utilities at the duties chosen: red where they give heat, blue where they take it. The gap \
             between the two curves is the heat cascaded down; where they touch the integrated system pinches. \
             Temperatures span the process and heat pump streams and nearby utilities; a utility far \
             beyond is cut at the edge.",
            document::number(integrated.q_hot_min_w / 1e3, 1)
        ),
        svg: gcc::svg(&integrated, design.is_some())?,
        natural_size: false,
    });
    Ok(section)
}

/// The parts of the TAC as a bar chart.
fn cost_section(case: &Case, design: &Design) -> Result<Section, ReportError> {
    let mut section = Section::new("Cost breakdown");
    let parts = cost_parts(case, design);
    section.figure(Figure {
        file: "costs.svg".into(),
        caption: "The parts of the TAC: the annualised installed investment of each machine, of the heat \
                  exchanger network and of utility capacity (red), the yearly maintenance, electricity and \
                  utility costs, CO2 included (blue)."
            .into(),
        svg: costs::svg(&parts)?,
        natural_size: false,
    });
    Ok(section)
}

/// The GA's history against the grid baseline and the returned design.
fn convergence_section(run: &RunSummary, design: Option<&Design>) -> Result<Section, ReportError> {
    let mut section = Section::new("GA convergence");
    if run.history.is_empty() {
        section.paragraph("Grid mode only: no generations to show.");
        return Ok(section);
    }
    section.figure(Figure {
        file: "convergence.svg".into(),
        caption: "Best TAC so far (red) and mean TAC of the feasible candidates (blue) per generation, \
                  against the grid baseline (grey). The black mark one step after the last generation \
                  is the design returned: the GA's best after the local search on its levels and \
                  fluids, solved at the case's MIP gap (or the grid design, if that is cheaper)."
            .into(),
        svg: convergence::svg(
            run.history,
            run.grid.map(|g| g.tac_eur_per_yr),
            design.map(|d| d.costs.tac_eur_per_yr),
        )?,
        natural_size: false,
    });
    Ok(section)
}

/// p-h and T-s diagrams and the state table of every cycle.
fn cycle_section(
    superstructures: &[Superstructure],
    design: &crate::slave::Design,
) -> Result<Section, ReportError> {
    let mut s = Section::new("Cycles on log p-h and T-s diagrams");
    for (c, ss) in superstructures.iter().enumerate() {
        let model = fluid(&ss.fluid).map_err(|source| ReportError::Fluid {
            fluid: ss.fluid.clone(),
            source,
        })?;
        let paths = cycle_paths(model.as_ref(), ss, &design.cycle_flows(c));
        let (ph, ts) = diagrams::files(&cycle_slug(c, &ss.fluid));
        for (file, kind, name) in [
            (ph, diagrams::Kind::PressureEnthalpy, "log p-h"),
            (ts, diagrams::Kind::TemperatureEntropy, "T-s"),
        ] {
            let svg = diagrams::svg(&file, &paths, kind)?;
            s.figure(Figure {
                caption: format!(
                    "Cycle {} ({}) on a {name} diagram: red gives heat, blue takes heat, black compresses, grey \
                     throttles or mixes; the states are listed below.",
                    c + 1,
                    ss.fluid
                ),
                file,
                svg,
                natural_size: false,
            });
        }
        s.table(state_table(&paths));
    }
    Ok(s)
}

fn state_table(paths: &CyclePaths) -> Table {
    use crate::units::{kelvin_to_celsius, si_to_kilo};
    let mut t = Table::new(&[
        "state",
        "node",
        "T (°C)",
        "p (bar)",
        "h (kJ/kg)",
        "s (kJ/(kg K))",
    ]);
    for m in &paths.states {
        let st = &m.state;
        t.row(vec![
            m.short.clone(),
            m.label.clone(),
            document::number(kelvin_to_celsius(st.t_k), 1),
            document::number(st.p_pa / 1e5, 3),
            document::number(si_to_kilo(st.h_j_per_kg), 1),
            document::number(si_to_kilo(st.s_j_per_kg_k), 4),
        ]);
    }
    t
}

/// The flowsheet: DOT always, SVG per cycle when Graphviz's `dot` runs.
fn flowsheet_section(
    superstructures: &[Superstructure],
    design: &crate::slave::Design,
) -> (Section, Vec<(String, String)>) {
    let mut s = Section::new("Flowsheet");
    let dots = flowsheet::cycle_dots(superstructures, design);
    let files = vec![("flowsheet.dot".to_string(), dots.concat())];
    let mut missing = None;
    for (c, (dot, ss)) in dots.iter().zip(superstructures).enumerate() {
        match flowsheet::draw(dot) {
            flowsheet::Drawn::Svg(svg) => s.figure(Figure {
                file: format!("flowsheet-{}.svg", cycle_slug(c, &ss.fluid)),
                caption: format!(
                    "Chosen units of cycle {} ({}): boxes are units with their mass flow, ellipses states; edges \
                     carry kg/s.",
                    c + 1,
                    ss.fluid
                ),
                svg,
                natural_size: true,
            }),
            flowsheet::Drawn::NoGraphviz => {
                missing = Some("Graphviz's `dot` is not installed".to_string())
            }
            flowsheet::Drawn::Failed(m) => missing = Some(format!("`dot -Tsvg` failed: {m}")),
        }
    }
    if let Some(why) = missing {
        s.paragraph(format!(
            "The flowsheet is in flowsheet.dot; {why}, so it is not drawn here. Install Graphviz \
             (`apt-get install graphviz`) and run `dot -Tsvg flowsheet.dot -O`, or run the report again."
        ));
    }
    (s, files)
}

/// The report files that say "this report is complete"; removed before a new report is written.
const FINAL_FILES: [&str; 2] = ["report.md", "report.html"];

/// Removes an earlier report's `report.html` and `report.md` from `dir`, so that they cannot pass for the
/// report of a run under way (plots left behind are overwritten by the new report).
pub fn remove_stale(dir: &Path) -> Result<(), ReportError> {
    for name in FINAL_FILES {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(ReportError::Write {
                    file: path.display().to_string(),
                    source: e,
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes `contents` to `dir/name` atomically and notes the path in `written`.
pub(super) fn put_file(
    dir: &Path,
    name: &str,
    contents: &str,
    written: &mut Vec<PathBuf>,
) -> Result<(), ReportError> {
    let path = dir.join(name);
    crate::files::write_atomically(&path, contents.as_bytes()).map_err(|source| {
        ReportError::Write {
            file: path.display().to_string(),
            source,
        }
    })?;
    written.push(path);
    Ok(())
}

/// Writes the report into `dir` (which must exist): the plots, the flowsheet files, `report.md`, and
/// `report.html` last, each atomically, after removing the earlier report's. Returns the paths written,
/// in order.
pub fn write(dir: &Path, report: &Report) -> Result<Vec<PathBuf>, ReportError> {
    remove_stale(dir)?;
    let mut written = Vec::new();
    let mut put = |name: &str, contents: &str| put_file(dir, name, contents, &mut written);
    for figure in report.document.figures() {
        put(&figure.file, &figure.svg)?;
    }
    for (name, contents) in &report.extra_files {
        put(name, contents)?;
    }
    put(FINAL_FILES[0], &markdown::render(&report.document))?;
    put(FINAL_FILES[1], &html::render(&report.document))?;
    Ok(written)
}
