//! The heat exchanger network of the design (hen/): the balanced composite curves in real temperatures
//! with, under them on the same heat axis, the area each enthalpy interval needs by vertical heat transfer
//! (`A_k = sum_i q_i,k / h_i / dT_LM,k`).

use super::ReportError;
use super::document::{Section, Table, number};
use super::plot::{self, COLD, HOT, MUTED};
use crate::hen::HenTarget;
use crate::units::kelvin_to_celsius;
use plotters::prelude::*;

/// The section: the targets in a table and the figure.
pub fn section(
    network: &HenTarget,
    refrigerant_dt_min_half_k: f64,
) -> Result<Section, ReportError> {
    let mut s = Section::new("Heat exchanger network (area target)");
    let mut t = Table::new(&["quantity", "value", "unit"]);
    let mut row = |name: &str, value: String, unit: &str| {
        t.row(vec![name.to_string(), value, unit.to_string()]);
    };
    row(
        "area of all heat exchange",
        number(network.area_m2, 0),
        "m2",
    );
    row(
        "of it, the refrigerant streams' side",
        number(network.refrigerant_area_m2, 0),
        "m2",
    );
    row("minimum number of units", network.units_min.to_string(), "");
    row("installed cost", number(network.cost_eur, 0), "EUR");
    row(
        "closest approach of the composite curves",
        number(network.dt_min_vertical_k, 2),
        "K",
    );
    row(
        "refrigerant dT_min/2",
        number(refrigerant_dt_min_half_k, 2),
        "K",
    );
    s.table(t);
    s.paragraph(
        "Every exchange of the site, process streams, utilities and the heat pump's refrigerant streams, \
         on the balanced composite curves, by vertical heat transfer (Townsend & Linnhoff's area target), \
         each stream with its film coefficient; the cost is that of the minimum number of units sharing the \
         area (Linnhoff & Ahmad 1990) with the cost set's exchanger correlation, installed (docs/costs.md).",
    );
    s.figure(super::Figure {
        file: "network.svg".into(),
        caption: "Top: hot (red) and cold (blue) balanced composite curves of the design, real temperatures. \
                  Bottom: the area each enthalpy interval needs; intervals where the curves come close need \
                  the most."
            .into(),
        svg: svg(network)?,
        natural_size: false,
    });
    Ok(s)
}

/// The two panels.
fn svg(network: &HenTarget) -> Result<String, ReportError> {
    let mw = |w: f64| w / 1e6;
    let hot: Vec<(f64, f64)> = network
        .intervals
        .iter()
        .flat_map(|i| {
            [
                (mw(i.q_from_w), kelvin_to_celsius(i.t_hot_from_k)),
                (mw(i.q_to_w), kelvin_to_celsius(i.t_hot_to_k)),
            ]
        })
        .collect();
    let cold: Vec<(f64, f64)> = network
        .intervals
        .iter()
        .flat_map(|i| {
            [
                (mw(i.q_from_w), kelvin_to_celsius(i.t_cold_from_k)),
                (mw(i.q_to_w), kelvin_to_celsius(i.t_cold_to_k)),
            ]
        })
        .collect();
    let q_max = network
        .intervals
        .last()
        .map_or(1.0, |i| mw(i.q_to_w))
        .max(1e-9);
    let (t_lo, t_hi) = plot::extent(hot.iter().chain(&cold).map(|p| p.1)).unwrap_or((0.0, 1.0));
    let (t_lo, t_hi) = plot::padded(t_lo, t_hi, 0.05);
    let a_max = network
        .intervals
        .iter()
        .map(|i| i.area_m2)
        .fold(0.0, f64::max)
        .max(1e-9)
        * 1.1;
    let legend = [
        plot::LegendItem::line("hot composite", HOT.stroke_width(2)),
        plot::LegendItem::line("cold composite", COLD.stroke_width(2)),
        plot::LegendItem::block("area per interval", MUTED.filled()),
    ];
    plot::svg("network.svg", |root| {
        let area = plot::with_legend(root, &legend)?;
        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 3 / 5);
        let mut curves = plot::builder(&top, "Balanced composite curves and area", 70)
            .build_cartesian_2d(0.0..q_max, t_lo..t_hi)?;
        curves
            .configure_mesh()
            .y_desc("T (°C)")
            .axis_desc_style(plot::label_style())
            .label_style(plot::small_style())
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        curves.draw_series(LineSeries::new(hot.clone(), HOT.stroke_width(2)))?;
        curves.draw_series(LineSeries::new(cold.clone(), COLD.stroke_width(2)))?;
        let mut bars = ChartBuilder::on(&bottom)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..q_max, 0.0..a_max)?;
        bars.configure_mesh()
            .x_desc("heat (MW)")
            .y_desc("area (m2)")
            .axis_desc_style(plot::label_style())
            .label_style(plot::small_style())
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        bars.draw_series(network.intervals.iter().map(|i| {
            Rectangle::new(
                [(mw(i.q_from_w), 0.0), (mw(i.q_to_w), i.area_m2)],
                MUTED.filled(),
            )
        }))?;
        Ok(())
    })
}
