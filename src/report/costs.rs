//! The TAC split into what makes it up, and its chart.
//!
//! ```text
//! TAC = CRF * sum_j investment_j          each heat pump machine (as the MILP priced it, cost index applied)
//!     + CRF * I_network                     the heat exchanger network (area target, hen/)
//!     + CRF * I_utilities                   utility capacity (I_v Q_v, or beyond the installed; annualised)
//!     + maintenance                         a share of the investment per year
//!     + electricity of the heat pump        (energy price + CO2 price x grid emissions)
//!     + sum_v c_v Q_v                       each utility's operating cost (cascade::utility_cost_per_w)
//! ```

use super::ReportError;
use super::plot::{self, COLD, HOT};
use crate::cascade::utility_cost_per_w;
use crate::case::Case;
use crate::slave::Design;
use plotters::prelude::*;

/// Whether a part is paid once (annualised) or every year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostKind {
    Investment,
    Operating,
}

/// One part of the TAC.
#[derive(Clone, Debug, PartialEq)]
pub struct CostPart {
    pub name: String,
    pub kind: CostKind,
    pub eur_per_yr: f64,
}

/// The parts of the TAC, largest first (parts below 0.01 EUR/yr are left out).
pub fn cost_parts(case: &Case, design: &Design) -> Vec<CostPart> {
    let crf = case.economics.capital_recovery_factor();
    let several = design.machines.iter().any(|m| m.cycle > 0);
    let mut parts: Vec<CostPart> = design
        .machines
        .iter()
        .map(|m| CostPart {
            name: if several {
                format!("{} (cycle {})", m.label, m.cycle + 1)
            } else {
                m.label.clone()
            },
            kind: CostKind::Investment,
            eur_per_yr: crf * m.investment_eur,
        })
        .collect();
    let network = crf * design.costs.network_investment_eur;
    parts.push(CostPart {
        name: "heat exchanger network".into(),
        kind: CostKind::Investment,
        eur_per_yr: network,
    });
    parts.push(CostPart {
        name: "utility capacity".into(),
        kind: CostKind::Investment,
        eur_per_yr: crf * design.costs.utility_investment_eur,
    });
    parts.push(CostPart {
        name: "maintenance".into(),
        kind: CostKind::Operating,
        eur_per_yr: design.costs.maintenance_eur_per_yr,
    });
    parts.push(CostPart {
        name: "heat pump electricity".into(),
        kind: CostKind::Operating,
        eur_per_yr: design.costs.electricity_eur_per_yr,
    });
    // Over operating periods, each period's use at its own price and hours (the periods' cases once).
    let period_cases = if design.periods.is_empty() {
        Vec::new()
    } else {
        case.period_cases()
    };
    for (k, u) in case.utilities.iter().enumerate() {
        let eur_per_yr = if design.periods.is_empty() {
            utility_cost_per_w(case, u).0 * design.utilities[k].q_w
        } else {
            period_cases
                .iter()
                .zip(&design.periods)
                .map(|(c, p)| utility_cost_per_w(c, &c.utilities[k]).0 * p.utilities[k].q_w)
                .sum()
        };
        parts.push(CostPart {
            name: u.name.clone(),
            kind: CostKind::Operating,
            eur_per_yr,
        });
    }
    parts.retain(|p| p.eur_per_yr.abs() >= 0.01);
    parts.sort_by(|a, b| {
        b.eur_per_yr
            .total_cmp(&a.eur_per_yr)
            .then(a.name.cmp(&b.name))
    });
    parts
}

/// Investment bars drawn one by one; the smaller ones share a bar.
const INVESTMENT_BARS: usize = 6;

/// For the chart: the [`INVESTMENT_BARS`] largest investments each as a bar, the rest as one
/// "N smaller investments" bar; every operating cost as a bar.
pub fn chart_parts(parts: &[CostPart]) -> Vec<CostPart> {
    let mut investments: Vec<&CostPart> = parts
        .iter()
        .filter(|p| p.kind == CostKind::Investment)
        .collect();
    investments.sort_by(|a, b| b.eur_per_yr.total_cmp(&a.eur_per_yr));
    let few = investments.split_off(INVESTMENT_BARS.min(investments.len()));
    let mut out: Vec<CostPart> = parts
        .iter()
        .filter(|p| p.kind == CostKind::Operating)
        .chain(investments)
        .cloned()
        .collect();
    if few.len() > 1 {
        out.push(CostPart {
            name: format!("{} smaller investments", few.len()),
            kind: CostKind::Investment,
            eur_per_yr: few.iter().map(|p| p.eur_per_yr).sum(),
        });
    } else {
        out.extend(few.into_iter().cloned());
    }
    out.sort_by(|a, b| b.eur_per_yr.total_cmp(&a.eur_per_yr));
    out
}

/// kEUR/yr with the decimals a reader needs: 1234, 12.3, 0.45.
fn kilo_euros(eur: f64) -> String {
    let k = eur / 1e3;
    match k.abs() {
        a if a >= 100.0 => format!("{k:.0}"),
        a if a >= 1.0 => format!("{k:.1}"),
        _ => format!("{k:.2}"),
    }
}

/// Horizontal bars in kEUR/yr: investment red, operating cost blue.
pub fn svg(parts: &[CostPart]) -> Result<String, ReportError> {
    let parts = &chart_parts(parts);
    let k = |v: f64| v / 1e3;
    let (lo, hi) =
        plot::extent(parts.iter().map(|p| k(p.eur_per_yr)).chain([0.0])).unwrap_or((0.0, 1.0));
    let hi = hi + 0.18 * (hi - lo).max(1e-9);
    let n = parts.len().max(1);
    let longest = parts
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(10);
    let label_area = (longest as u32 * 7 + 16).clamp(90, 330);
    let legend = [
        plot::LegendItem::block("annualised investment", HOT.mix(0.8).filled()),
        plot::LegendItem::block("operating cost", COLD.mix(0.8).filled()),
    ];
    plot::svg("costs.svg", |root| {
        let area = plot::with_legend(root, &legend)?;
        let mut chart = plot::builder(&area, "Cost breakdown of the TAC", label_area)
            .build_cartesian_2d(lo..hi, (0..n - 1).into_segmented())?;
        chart
            .configure_mesh()
            .x_desc("annualised cost (kEUR/yr)")
            .axis_desc_style(plot::label_style())
            .label_style(plot::small_style())
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => n
                    .checked_sub(i + 1)
                    .and_then(|row| parts.get(row))
                    .map_or_else(String::new, |p| p.name.clone()),
                _ => String::new(),
            })
            .disable_y_mesh()
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        let bar = |i: usize, p: &CostPart| -> Rectangle<(f64, SegmentValue<usize>)> {
            let row = n - 1 - i;
            let colour = match p.kind {
                CostKind::Investment => HOT,
                CostKind::Operating => COLD,
            };
            let mut rectangle = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(row)),
                    (k(p.eur_per_yr), SegmentValue::Exact(row + 1)),
                ],
                colour.mix(0.8).filled(),
            );
            rectangle.set_margin(8, 8, 0, 0);
            rectangle
        };
        chart.draw_series(parts.iter().enumerate().map(|(i, p)| bar(i, p)))?;
        chart.draw_series(parts.iter().enumerate().map(|(i, p)| {
            let row = n - 1 - i;
            EmptyElement::at((k(p.eur_per_yr).max(0.0), SegmentValue::CenterOf(row)))
                + Text::new(kilo_euros(p.eur_per_yr), (5, -6), plot::small_style())
        }))?;
        Ok(())
    })
}
