//! The grid diagram of a network, as heat exchanger network tools draw it (Linnhoff & Flower 1978): hot
//! streams as lines running left to right at the top, cold streams right to left below; a recovery unit as
//! two circles joined by a vertical line in its stage's column (stage 1 at the left, the hot end); a heater
//! as one circle at a cold stream's outlet (left), a cooler at a hot stream's outlet (right); each unit
//! labelled with its duty. Plain SVG text, no fonts or bitmaps.

use super::problem::UnitKind;
use super::result::Network;
use std::fmt::Write;

const ROW_PX: f64 = 40.0;
const LEFT_PX: f64 = 150.0;
const STAGE_PX: f64 = 140.0;
const END_PX: f64 = 90.0;
const TOP_PX: f64 = 40.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The grid diagram as an SVG document.
pub fn grid_svg(network: &Network) -> String {
    let (hot, cold) = (&network.hot_streams, &network.cold_streams);
    let stages = network.stages.max(1) as f64;
    let width = LEFT_PX + stages * STAGE_PX + 2.0 * END_PX + 20.0;
    let height = TOP_PX + (hot.len() + cold.len()) as f64 * ROW_PX + 55.0;
    let y_hot = |i: usize| TOP_PX + i as f64 * ROW_PX;
    let y_cold = |j: usize| TOP_PX + (hot.len() + j) as f64 * ROW_PX;
    let x_right = LEFT_PX + stages * STAGE_PX + 2.0 * END_PX;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        svg,
        r#"<text x="10" y="18" font-size="13">{} - {} recovery units, {} coolers, {} heaters; TAC {:.0} {}/yr</text>"#,
        escape(&network.problem),
        network.units.recovery,
        network.units.coolers,
        network.units.heaters,
        network.cost.total_per_yr,
        escape(&network.currency)
    );
    for (i, name) in hot.iter().enumerate() {
        let y = y_hot(i);
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT_PX}" y1="{y}" x2="{x_right}" y2="{y}" stroke="#c0392b" stroke-width="2"/><text x="10" y="{:.0}">{}</text>"##,
            y + 4.0,
            escape(name)
        );
    }
    for (j, name) in cold.iter().enumerate() {
        let y = y_cold(j);
        let _ = writeln!(
            svg,
            r##"<line x1="{x_right}" y1="{y}" x2="{LEFT_PX}" y2="{y}" stroke="#2471a3" stroke-width="2"/><text x="10" y="{:.0}">{}</text>"##,
            y + 4.0,
            escape(name)
        );
    }
    for k in 0..=network.stages {
        let x = LEFT_PX + END_PX + k as f64 * STAGE_PX;
        let bottom = height - 38.0;
        let _ = writeln!(
            svg,
            r##"<line x1="{x}" y1="{:.0}" x2="{x}" y2="{bottom:.0}" stroke="#999" stroke-dasharray="4 4"/>"##,
            TOP_PX - 14.0
        );
        if k < network.stages {
            let _ = writeln!(
                svg,
                r##"<text x="{:.0}" y="{:.0}" fill="#666">stage {}</text>"##,
                x + STAGE_PX / 2.0 - 18.0,
                bottom + 12.0,
                k + 1
            );
        }
    }
    // Units of one stage are spread across its column so that their lines do not overlap.
    let mut in_stage = vec![0usize; network.stages.max(1)];
    let per_stage: Vec<usize> = (0..network.stages.max(1))
        .map(|k| {
            network
                .exchangers
                .iter()
                .filter(|e| e.stage == Some(k + 1))
                .count()
        })
        .collect();
    for e in &network.exchangers {
        let circle = |svg: &mut String, x: f64, y: f64, fill: &str| {
            let _ = writeln!(
                svg,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="7" fill="{fill}" stroke="black"/>"#
            );
        };
        // Above the circle at `y`, or below it (`below`), so that neighbours' labels do not overlap.
        let label = |svg: &mut String, x: f64, y: f64, below: bool| {
            let y = if below { y + 19.0 } else { y - 9.0 };
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{y:.1}" font-size="10">{:.0} kW</text>"#,
                x + 9.0,
                e.duty_kw
            );
        };
        match (e.kind, e.stage) {
            (UnitKind::Recovery, Some(stage)) => {
                let k = stage - 1;
                let slot = in_stage[k];
                in_stage[k] += 1;
                let x = LEFT_PX
                    + END_PX
                    + k as f64 * STAGE_PX
                    + STAGE_PX * (slot as f64 + 1.0) / (per_stage[k] as f64 + 1.0);
                let i = hot.iter().position(|n| *n == e.hot_side).unwrap_or(0);
                let j = cold.iter().position(|n| *n == e.cold_side).unwrap_or(0);
                let (y1, y2) = (y_hot(i), y_cold(j));
                let _ = writeln!(
                    svg,
                    r#"<line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{y2}" stroke="black"/>"#
                );
                circle(&mut svg, x, y1, "white");
                circle(&mut svg, x, y2, "white");
                if slot.is_multiple_of(2) {
                    label(&mut svg, x, y1, false);
                } else {
                    label(&mut svg, x, y2, true);
                }
            }
            (UnitKind::Cooler, _) => {
                let i = hot.iter().position(|n| *n == e.hot_side).unwrap_or(0);
                let x = LEFT_PX + stages * STAGE_PX + 1.5 * END_PX;
                circle(&mut svg, x, y_hot(i), "#85c1e9");
                label(&mut svg, x, y_hot(i), false);
            }
            (UnitKind::Heater, _) => {
                let j = cold.iter().position(|n| *n == e.cold_side).unwrap_or(0);
                let x = LEFT_PX + 0.5 * END_PX;
                circle(&mut svg, x, y_cold(j), "#f1948a");
                label(&mut svg, x, y_cold(j), false);
            }
            _ => {}
        }
    }
    let _ = writeln!(
        svg,
        r#"<text x="10" y="{:.0}" font-size="10">white: recovery unit (stage columns left to right); blue: cooler; red: heater</text>"#,
        height - 6.0
    );
    svg.push_str("</svg>\n");
    svg
}
