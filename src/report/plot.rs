//! What every plot shares: size, fonts, colours, and the SVG canvas with its errors mapped to
//! [`ReportError`]. Plots are drawn with plotters' SVG backend (text stays `<text>`, no font files needed).

use super::ReportError;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Canvas size of every chart (px).
pub const SIZE: (u32, u32) = (860, 540);
/// Hot streams (heat given off) are red, cold streams (heat taken in) blue, the process black.
pub const HOT: RGBColor = RGBColor(200, 40, 30);
pub const COLD: RGBColor = RGBColor(30, 90, 200);
pub const PROCESS: RGBColor = RGBColor(30, 30, 30);
pub const MUTED: RGBColor = RGBColor(150, 150, 150);
pub const DOME: RGBColor = RGBColor(110, 110, 110);
pub const FONT: &str = "sans-serif";

/// Draws on a fresh SVG canvas and returns the SVG text; a drawing error names the file.
pub fn svg(
    file: &str,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), Box<dyn std::error::Error>>,
) -> Result<String, ReportError> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, SIZE).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(|e| e.into())
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(|e| e.into()));
        drawn.map_err(|e| ReportError::Plot {
            file: file.to_string(),
            message: e.to_string(),
        })?;
    }
    Ok(text)
}

/// Height of the legend strip under every chart (px).
const LEGEND_HEIGHT: u32 = 30;

/// One legend entry: a short line (or a block, for bars) in `style`, then its text.
pub struct LegendItem {
    pub text: &'static str,
    pub style: ShapeStyle,
    pub block: bool,
}

impl LegendItem {
    pub fn line(text: &'static str, style: ShapeStyle) -> LegendItem {
        LegendItem {
            text,
            style,
            block: false,
        }
    }

    pub fn block(text: &'static str, style: ShapeStyle) -> LegendItem {
        LegendItem {
            text,
            style,
            block: true,
        }
    }
}

/// Splits the canvas into the chart and a legend strip under it, and draws the legend there, so that it
/// never hides data. Returns the chart's area.
pub fn with_legend<'a>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    items: &[LegendItem],
) -> Result<DrawingArea<SVGBackend<'a>, Shift>, Box<dyn std::error::Error>> {
    let (chart, strip) = root.split_vertically(SIZE.1 - LEGEND_HEIGHT);
    let y = (LEGEND_HEIGHT / 2) as i32 - 4;
    let mut x = 80;
    for item in items {
        if item.block {
            strip.draw(&Rectangle::new([(x, y - 6), (x + 18, y + 6)], item.style))?;
        } else {
            strip.draw(&PathElement::new(vec![(x, y), (x + 22, y)], item.style))?;
        }
        strip.draw(&Text::new(item.text, (x + 28, y - 7), small_style()))?;
        x += 28 + 7 * item.text.chars().count() as i32 + 28;
    }
    Ok(chart)
}

/// A chart builder with the title, margin and label areas every chart shares; `y_label_area` is the
/// width of the y axis's ticks and label (px).
pub fn builder<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    title: &str,
    y_label_area: u32,
) -> ChartBuilder<'a, 'static, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(title, title_style())
        .margin(12)
        .x_label_area_size(48)
        .y_label_area_size(y_label_area);
    builder
}

/// A chart title and axis-label style.
pub fn title_style() -> TextStyle<'static> {
    (FONT, 20).into_font().into()
}

pub fn label_style() -> TextStyle<'static> {
    (FONT, 15).into_font().into()
}

pub fn small_style() -> TextStyle<'static> {
    (FONT, 12).into_font().into()
}

/// Axis range `[lo, hi]` widened by `share` of its span on both sides (a flat range gets +-1).
pub fn padded(lo: f64, hi: f64, share: f64) -> (f64, f64) {
    let span = hi - lo;
    if span.abs() < 1e-12 {
        return (lo - 1.0, hi + 1.0);
    }
    (lo - share * span, hi + share * span)
}

/// Smallest and largest of finite values; `None` when there are none.
pub fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}
