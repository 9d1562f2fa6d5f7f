//! Log p-h and T-s diagrams of a cycle: the saturation dome, every process of the design coloured by what
//! it does (red gives heat, blue takes heat, black compresses, grey expands or mixes), the states marked
//! and labelled. Edges of the SI world: h in kJ/kg, s in kJ/(kg K), p in bar, T in °C.

use super::ReportError;
use super::cycle_paths::{CyclePaths, Process};
use super::plot::{self, COLD, DOME, HOT, MUTED, PROCESS};
use crate::fluids::State;
use crate::units::{kelvin_to_celsius, si_to_kilo};
use plotters::prelude::*;

/// Which diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    PressureEnthalpy,
    TemperatureEntropy,
}

fn colour(process: Process) -> ShapeStyle {
    match process {
        Process::GivesHeat => HOT.stroke_width(3),
        Process::TakesHeat => COLD.stroke_width(3),
        Process::Compression => PROCESS.stroke_width(3),
        Process::Expansion => MUTED.stroke_width(2),
    }
}

const PROCESSES: [Process; 4] = [
    Process::GivesHeat,
    Process::TakesHeat,
    Process::Compression,
    Process::Expansion,
];

fn legend_name(process: Process) -> &'static str {
    match process {
        Process::GivesHeat => "gives heat",
        Process::TakesHeat => "takes heat",
        Process::Compression => "compression",
        Process::Expansion => "throttling, mixing",
    }
}

/// The dome and the processes the cycle has.
fn legend(cycle: &CyclePaths) -> Vec<plot::LegendItem> {
    let mut items = vec![plot::LegendItem::line(
        "saturation dome",
        DOME.stroke_width(1),
    )];
    for process in PROCESSES {
        if cycle.paths.iter().any(|p| p.process == process) {
            items.push(plot::LegendItem::line(
                legend_name(process),
                colour(process),
            ));
        }
    }
    items
}

fn h_kj(s: &State) -> f64 {
    si_to_kilo(s.h_j_per_kg)
}
fn p_bar(s: &State) -> f64 {
    s.p_pa / 1e5
}
fn s_kj(s: &State) -> f64 {
    si_to_kilo(s.s_j_per_kg_k)
}
fn t_c(s: &State) -> f64 {
    kelvin_to_celsius(s.t_k)
}

/// What a diagram plots of a state, in user units.
type Coordinate = fn(&State) -> f64;

fn axes(kind: Kind) -> (Coordinate, Coordinate) {
    match kind {
        Kind::PressureEnthalpy => (h_kj, p_bar),
        Kind::TemperatureEntropy => (s_kj, t_c),
    }
}

/// SVG of one diagram of one cycle.
pub fn svg(file: &str, cycle: &CyclePaths, kind: Kind) -> Result<String, ReportError> {
    let all = || {
        cycle
            .dome
            .iter()
            .chain(cycle.paths.iter().flat_map(|p| &p.points))
            .chain(cycle.states.iter().map(|s| &s.state))
    };
    let (x, y) = axes(kind);
    let (x_lo, x_hi) = plot::extent(all().map(x)).unwrap_or((0.0, 1.0));
    let (y_lo, y_hi) = plot::extent(all().map(y)).unwrap_or((0.0, 1.0));
    let (x_lo, x_hi) = plot::padded(x_lo, x_hi, 0.06);
    let legend = legend(cycle);
    plot::svg(file, |root| {
        let area = plot::with_legend(root, &legend)?;
        draw(&area, cycle, kind, (x_lo, x_hi), (y_lo, y_hi))
    })
}

type Area<'a> = plotters::drawing::DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn draw(
    root: &Area,
    cycle: &CyclePaths,
    kind: Kind,
    (x_lo, x_hi): (f64, f64),
    (y_lo, y_hi): (f64, f64),
) -> Result<(), Box<dyn std::error::Error>> {
    let (x, y) = axes(kind);
    match kind {
        Kind::PressureEnthalpy => {
            // Log axis from 1, 2 or 5 times a power of ten below the lowest state; the dome reaches the
            // critical pressure, so the axis always spans a power of ten, where plotters' ticks start.
            let lo = nice_floor(y_lo.max(1e-6) / 1.2);
            let hi = y_hi * 1.4;
            let title = format!("{}: log p-h diagram", cycle.fluid);
            let mut chart = plot::builder(root, &title, 70)
                .build_cartesian_2d(x_lo..x_hi, (lo..hi).log_scale())?;
            chart
                .configure_mesh()
                .x_desc("specific enthalpy h (kJ/kg)")
                .y_desc("pressure p (bar)")
                .axis_desc_style(plot::label_style())
                .label_style(plot::small_style())
                .x_label_formatter(&|v| format!("{v:.0}"))
                .y_labels(40)
                .y_label_formatter(&|v| pressure_tick(*v))
                .light_line_style(WHITE.mix(0.0))
                .draw()?;
            draw_cycle(&mut chart, cycle, x, y)
        }
        Kind::TemperatureEntropy => {
            let (lo, hi) = plot::padded(y_lo, y_hi, 0.06);
            let title = format!("{}: T-s diagram", cycle.fluid);
            let mut chart =
                plot::builder(root, &title, 64).build_cartesian_2d(x_lo..x_hi, lo..hi)?;
            chart
                .configure_mesh()
                .x_desc("specific entropy s (kJ/(kg K))")
                .y_desc("temperature T (°C)")
                .axis_desc_style(plot::label_style())
                .label_style(plot::small_style())
                .x_label_formatter(&|v| format!("{v:.2}"))
                .y_label_formatter(&|v| format!("{v:.0}"))
                .light_line_style(WHITE.mix(0.0))
                .draw()?;
            draw_cycle(&mut chart, cycle, x, y)
        }
    }
}

/// The largest of 1, 2 and 5 times a power of ten not above `value` (> 0).
fn nice_floor(value: f64) -> f64 {
    let decade = 10f64.powf(value.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * decade)
        .find(|v| *v <= value)
        .unwrap_or(decade)
}

/// Pressure ticks at 1, 2 and 5 times a power of ten (the grid has every multiple), without needless
/// decimals: 0.05, 0.5, 5, 50.
fn pressure_tick(bar: f64) -> String {
    let mantissa = (bar / 10f64.powf(bar.log10().floor())).round();
    if ![1.0, 2.0, 5.0].contains(&mantissa) {
        return String::new();
    }
    if bar >= 10.0 {
        format!("{bar:.0}")
    } else if bar >= 1.0 {
        format!("{bar:.1}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        let text = format!("{bar:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn draw_cycle<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    cycle: &CyclePaths,
    x: Coordinate,
    y: Coordinate,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let xy = |s: &State| (x(s), y(s));
    chart.draw_series(LineSeries::new(
        cycle.dome.iter().map(xy),
        DOME.stroke_width(1),
    ))?;
    for process in PROCESSES {
        let paths: Vec<Vec<(f64, f64)>> = cycle
            .paths
            .iter()
            .filter(|p| p.process == process)
            .map(|p| p.points.iter().map(xy).collect())
            .collect();
        if paths.is_empty() {
            continue;
        }
        chart.draw_series(
            paths
                .into_iter()
                .map(|p| PathElement::new(p, colour(process))),
        )?;
    }
    // Liquid-side labels to the left of their point, vapour-side ones to the right: away from the lines
    // that leave the state.
    chart.draw_series(cycle.states.iter().map(|s| {
        let liquid_side = matches!(s.state.phase, crate::fluids::Phase::Liquid);
        let dx = if liquid_side {
            -8 - 7 * s.short.chars().count() as i32
        } else {
            6
        };
        EmptyElement::at(xy(&s.state))
            + Circle::new((0, 0), 4, PROCESS.filled())
            + Text::new(s.short.clone(), (dx, -16), plot::small_style())
    }))?;
    Ok(())
}

/// Both diagrams of a cycle side by side would be too small; each is its own file.
pub fn files(slug: &str) -> (String, String) {
    (format!("ph-{slug}.svg"), format!("ts-{slug}.svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pressure_axis_starts_and_ticks_at_round_numbers() {
        assert_eq!(nice_floor(0.55), 0.5);
        assert_eq!(nice_floor(18.0), 10.0);
        assert_eq!(nice_floor(2.0), 2.0);
        assert_eq!(pressure_tick(0.05), "0.05");
        assert_eq!(pressure_tick(2.0), "2");
        assert_eq!(pressure_tick(50.0), "50");
        assert_eq!(pressure_tick(30.0), "");
    }
}
