//! GA convergence: the best TAC so far and the mean TAC of the feasible candidates per generation, with the
//! grid baseline the run must beat and the final design (after the local search, solved at the tight gap)
//! one step after the last generation.

use super::ReportError;
use super::plot::{self, COLD, HOT, MUTED, PROCESS};
use crate::master::GenerationStats;
use plotters::prelude::*;

/// SVG of the history; `grid_tac` draws the baseline and `final_tac` the returned design (EUR/yr).
pub fn svg(
    history: &[GenerationStats],
    grid_tac: Option<f64>,
    final_tac: Option<f64>,
) -> Result<String, ReportError> {
    let k = |v: f64| v / 1e3;
    let best = series(history, |g| g.best_tac_eur_per_yr);
    let mean = series(history, |g| g.mean_tac_eur_per_yr);
    let values = best
        .iter()
        .chain(&mean)
        .map(|p| p.1)
        .chain(grid_tac.map(k))
        .chain(final_tac.map(k));
    let (lo, hi) = plot::extent(values).unwrap_or((0.0, 1.0));
    let (lo, hi) = plot::padded(lo, hi, 0.08);
    let last = history
        .iter()
        .map(|g| g.generation)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    // The final design sits one step right of the last generation.
    let right = last + if final_tac.is_some() { 1.0 } else { 0.0 };
    let (best_style, mean_style) = (HOT.stroke_width(3), COLD.stroke_width(2));
    let legend = legend(grid_tac.is_some(), final_tac.is_some());
    plot::svg("convergence.svg", |root| {
        let area = plot::with_legend(root, &legend)?;
        let mut chart = plot::builder(&area, "GA convergence", 80)
            .build_cartesian_2d(-0.3..right + 0.3, lo..hi)?;
        chart
            .configure_mesh()
            .x_desc("generation")
            .y_desc("TAC (kEUR/yr)")
            .axis_desc_style(plot::label_style())
            .label_style(plot::small_style())
            // No generation number under the final design's mark.
            .x_label_formatter(&|v| {
                if *v > last + 0.5 {
                    String::new()
                } else {
                    format!("{v:.0}")
                }
            })
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_labels(history.len().clamp(2, 12))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        if let Some(grid) = grid_tac {
            chart.draw_series(LineSeries::new(
                vec![(-0.3, k(grid)), (right + 0.3, k(grid))],
                MUTED.stroke_width(2),
            ))?;
        }
        chart.draw_series(LineSeries::new(mean.clone(), mean_style))?;
        chart.draw_series(mean.iter().map(|p| Circle::new(*p, 3, COLD.filled())))?;
        chart.draw_series(LineSeries::new(best.clone(), best_style))?;
        chart.draw_series(best.iter().map(|p| Circle::new(*p, 3, HOT.filled())))?;
        if let Some(t) = final_tac {
            // A small block at (right, t) labelled "final", sized on the TAC axis's span.
            let span = hi - lo;
            chart.draw_series(std::iter::once(Rectangle::new(
                [
                    (right - 0.12, k(t) - span * 0.012),
                    (right + 0.12, k(t) + span * 0.012),
                ],
                PROCESS.filled(),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                "final",
                (right - 0.3, k(t) + span * 0.07),
                plot::small_style(),
            )))?;
        }
        Ok(())
    })
}

/// (generation, kEUR/yr) of the generations where `tac` has a value.
fn series(
    history: &[GenerationStats],
    tac: impl Fn(&GenerationStats) -> Option<f64>,
) -> Vec<(f64, f64)> {
    history
        .iter()
        .filter_map(|g| Some((g.generation as f64, tac(g)? / 1e3)))
        .collect()
}

/// The legend: best and mean lines, the final design's block and the grid baseline when drawn.
fn legend(grid: bool, final_design: bool) -> Vec<plot::LegendItem> {
    let mut legend = vec![
        plot::LegendItem::line("best so far", HOT.stroke_width(3)),
        plot::LegendItem::line("mean of the feasible candidates", COLD.stroke_width(2)),
    ];
    if final_design {
        legend.push(plot::LegendItem::block("final design", PROCESS.filled()));
    }
    if grid {
        legend.push(plot::LegendItem::line(
            "grid baseline",
            MUTED.stroke_width(2),
        ));
    }
    legend
}
