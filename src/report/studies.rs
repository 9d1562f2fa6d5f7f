//! The report pages of the studies: a screening's ranked bar chart and TAC against GWP, a sweep's outputs
//! against its key with the tipping points marked; each with its table, as HTML and Markdown.

use super::ReportError;
use super::document::{Document, Figure, Section, Table, maybe, number};
use super::plot::{self, COLD, HOT, MUTED, PROCESS};
use crate::files::write_atomically;
use crate::study::pareto::ParetoResult;
use crate::study::screen::ScreenResult;
use crate::study::sweep::SweepResult;
use crate::study::{StudyError, StudyResult};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Files of a page: `(name, contents)`.
pub type Files = Vec<(String, String)>;

fn page(doc: &Document) -> Files {
    let mut files: Files = doc
        .figures()
        .map(|f| (f.file.clone(), f.svg.clone()))
        .collect();
    files.push(("report.html".into(), super::html::render(doc)));
    files.push(("report.md".into(), super::markdown::render(doc)));
    files
}

/// The screening's page.
pub fn screen(r: &ScreenResult) -> Result<Files, ReportError> {
    let ranked: Vec<_> = r.rows.iter().filter(|x| x.rank.is_some()).collect();
    let bars: Vec<(String, f64)> = ranked
        .iter()
        .filter_map(|x| x.tac_eur_per_yr.map(|t| (x.fluid.clone(), t / 1e3)))
        .take(BARS)
        .collect();
    let site = ranked
        .iter()
        .find_map(|x| x.site_tac_eur_per_yr)
        .map(|t| t / 1e3);
    let mut s = Section::new("Ranking");
    s.paragraph(format!(
        "Each fluid optimised on its own (seed {}, population {}, {} generations); the lowest TAC first. \
         The grey line is the site without a heat pump.",
        r.seed, r.options.budget.population, r.options.budget.generations
    ));
    s.figure(Figure {
        file: "screen-tac.svg".into(),
        caption: format!(
            "TAC of each fluid's best design, ranked (the {BARS} cheapest; all in the table)."
        ),
        svg: ranked_bars(&bars, site)?,
        natural_size: false,
    });
    let points: Vec<(String, f64, f64)> = ranked
        .iter()
        .filter_map(|x| Some((x.fluid.clone(), x.gwp100?, x.tac_eur_per_yr? / 1e3)))
        .collect();
    s.figure(Figure {
        file: "screen-gwp.svg".into(),
        caption: "TAC against GWP100 (IPCC AR5; fluids AR5 does not list are not drawn).".into(),
        svg: tac_against_gwp(&points)?,
        natural_size: false,
    });
    let mut t = Table::new(&[
        "rank",
        "fluid",
        "TAC (EUR/yr)",
        "power (kW)",
        "COP heating",
        "COP cooling",
        "levels (°C)",
        "p max (kPa)",
        "t discharge (°C)",
        "VHC (kJ/m3)",
        "GWP100",
        "class",
        "status",
    ]);
    for x in &r.rows {
        t.row(vec![
            x.rank.map_or("-".into(), |k| k.to_string()),
            x.fluid.clone(),
            maybe(x.tac_eur_per_yr, 0),
            maybe(x.power_kw, 0),
            maybe(x.cop_heating, 2),
            maybe(x.cop_cooling, 2),
            x.levels_c.as_ref().map_or("-".into(), |c| {
                c.iter()
                    .map(|l| {
                        l.iter()
                            .map(|v| number(*v, 1))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect::<Vec<_>>()
                    .join(" | ")
            }),
            maybe(x.p_max_kpa, 0),
            maybe(x.t_discharge_max_c, 1),
            maybe(x.volumetric_capacity_kj_per_m3, 0),
            maybe(x.gwp100, 0),
            x.safety_class.clone().unwrap_or("-".into()),
            x.reason.clone().unwrap_or("designed".into()),
        ]);
    }
    s.table(t);
    Ok(page(&Document {
        title: format!("{}: fluid screening", r.case),
        sections: vec![s],
    }))
}

/// Bars drawn in the ranking chart: enough for a screening's useful head, few enough to label each one.
const BARS: usize = 25;

fn ranked_bars(bars: &[(String, f64)], site: Option<f64>) -> Result<String, ReportError> {
    // Room right of the longest bar for its name.
    let hi = bars.iter().map(|b| b.1).chain(site).fold(1.0, f64::max) * 1.25;
    let n = bars.len().max(1);
    plot::svg("screen-tac.svg", |root| {
        let mut chart =
            plot::builder(root, "TAC by fluid", 20).build_cartesian_2d(0.0..hi, 0.0..n as f64)?;
        chart
            .configure_mesh()
            .x_desc("TAC (kEUR/yr)")
            .axis_desc_style(plot::label_style())
            .label_style(plot::small_style())
            .y_labels(0)
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        // Rank 1 at the top, each bar named at its end.
        chart.draw_series(bars.iter().enumerate().map(|(k, (_, tac))| {
            let y = (n - 1 - k) as f64;
            Rectangle::new([(0.0, y + 0.15), (*tac, y + 0.85)], COLD.filled())
        }))?;
        let beside = plot::small_style().pos(Pos::new(HPos::Left, VPos::Center));
        chart.draw_series(bars.iter().enumerate().map(|(k, (name, tac))| {
            let y = (n - 1 - k) as f64;
            Text::new(
                format!(" {}. {name}", k + 1),
                (*tac, y + 0.5),
                beside.clone(),
            )
        }))?;
        if let Some(site) = site {
            chart.draw_series(LineSeries::new(
                vec![(site, 0.0), (site, n as f64)],
                MUTED.stroke_width(2),
            ))?;
        }
        Ok(())
    })
}

fn tac_against_gwp(points: &[(String, f64, f64)]) -> Result<String, ReportError> {
    let scatter = Scatter {
        file: "screen-gwp.svg",
        title: "TAC against GWP100",
        x_desc: "GWP100 (IPCC AR5)",
        joined: false,
    };
    scatter.svg(points)
}

/// Labelled points, TAC (kEUR/yr) against a quantity, optionally joined in order.
struct Scatter {
    file: &'static str,
    title: &'static str,
    x_desc: &'static str,
    joined: bool,
}

impl Scatter {
    fn svg(&self, points: &[(String, f64, f64)]) -> Result<String, ReportError> {
        let (x0, x1) = plot::extent(points.iter().map(|p| p.1)).unwrap_or((0.0, 1.0));
        let (y0, y1) = plot::extent(points.iter().map(|p| p.2)).unwrap_or((0.0, 1.0));
        let (x0, x1) = plot::padded(x0, x1, 0.08);
        let (y0, y1) = plot::padded(y0, y1, 0.08);
        plot::svg(self.file, |root| {
            let mut chart =
                plot::builder(root, self.title, 80).build_cartesian_2d(x0..x1, y0..y1)?;
            chart
                .configure_mesh()
                .x_desc(self.x_desc)
                .y_desc("TAC (kEUR/yr)")
                .axis_desc_style(plot::label_style())
                .label_style(plot::small_style())
                .light_line_style(WHITE.mix(0.0))
                .draw()?;
            if self.joined {
                chart.draw_series(LineSeries::new(
                    points.iter().map(|p| (p.1, p.2)),
                    HOT.stroke_width(2),
                ))?;
            }
            chart.draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((p.1, p.2), 4, HOT.filled())),
            )?;
            chart.draw_series(
                points
                    .iter()
                    .map(|p| Text::new(format!(" {}", p.0), (p.1, p.2), plot::small_style())),
            )?;
            Ok(())
        })
    }
}

/// The sweep's page: for a sweep of one key, its outputs against the key with the tipping points marked.
pub fn sweep(r: &SweepResult) -> Result<Files, ReportError> {
    let mut s = Section::new("Points");
    if r.axes.len() == 1 {
        s.figure(Figure {
            file: "sweep.svg".into(),
            caption: format!(
                "TAC of the design and of the site without a heat pump against {}; dashed: tipping points.",
                r.axes[0].key
            ),
            svg: sweep_plot(r)?,
            natural_size: false,
        });
    }
    let mut header: Vec<&str> = r.axes.iter().map(|a| a.key.as_str()).collect();
    header.extend([
        "TAC (EUR/yr)",
        "site TAC (EUR/yr)",
        "power (kW)",
        "fuel (kW)",
        "CO2 (t/yr)",
        "payback (yr)",
        "pumps heat",
        "fluid",
        "machines",
    ]);
    let mut t = Table::new(&header);
    for row in &r.rows {
        let s = row.summary.as_ref();
        let mut cells: Vec<String> = row.values.iter().map(|v| format!("{v}")).collect();
        cells.extend([
            maybe(s.map(|s| s.tac_eur_per_yr), 0),
            maybe(s.and_then(|s| s.site_tac_eur_per_yr), 0),
            maybe(s.map(|s| s.power_kw), 0),
            maybe(s.and_then(|s| s.fuel_kw), 0),
            maybe(s.and_then(|s| s.co2_t_per_yr), 0),
            maybe(s.and_then(|s| s.payback_yr), 2),
            match row.pumps_heat {
                Some(true) => "yes".into(),
                Some(false) => "no: refrigerates only".into(),
                None => "-".into(),
            },
            s.map_or("-".into(), |s| s.fluids.join(" + ")),
            s.map_or("-".into(), |s| s.topology.len().to_string()),
        ]);
        t.row(cells);
    }
    s.table(t);
    let mut tips = Section::new("Tipping points");
    let mut tt = Table::new(&["kind", "key", "between", "estimate", "what"]);
    for p in &r.tipping_points {
        tt.row(vec![
            p.kind.into(),
            p.key.clone(),
            format!("{} and {}", p.from_value, p.to_value),
            p.estimate.map_or("-".into(), |e| format!("{e:.4}")),
            p.detail.clone(),
        ]);
    }
    tips.table(tt);
    Ok(page(&Document {
        title: format!("{}: sweep", r.case),
        sections: vec![s, tips],
    }))
}

fn sweep_plot(r: &SweepResult) -> Result<String, ReportError> {
    let series = |f: &dyn Fn(&crate::study::DesignSummary) -> Option<f64>| -> Vec<(f64, f64)> {
        r.rows
            .iter()
            .filter_map(|row| Some((row.values[0], f(row.summary.as_ref()?)? / 1e3)))
            .collect()
    };
    let design = series(&|s| Some(s.tac_eur_per_yr));
    let site = series(&|s| s.site_tac_eur_per_yr);
    let (x0, x1) = plot::extent(r.rows.iter().map(|row| row.values[0])).unwrap_or((0.0, 1.0));
    let (y0, y1) = plot::extent(design.iter().chain(&site).map(|p| p.1)).unwrap_or((0.0, 1.0));
    let (y0, y1) = plot::padded(y0, y1, 0.08);
    let legend = [
        plot::LegendItem::line("design", HOT.stroke_width(3)),
        plot::LegendItem::line("site without a heat pump", MUTED.stroke_width(2)),
        plot::LegendItem::line("tipping point", PROCESS.stroke_width(1)),
    ];
    plot::svg("sweep.svg", |root| {
        let area = plot::with_legend(root, &legend)?;
        let mut chart = plot::builder(&area, "Sweep", 80).build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(r.axes[0].key.as_str())
            .y_desc("TAC (kEUR/yr)")
            .axis_desc_style(plot::label_style())
            .label_style(plot::small_style())
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        chart.draw_series(LineSeries::new(site.clone(), MUTED.stroke_width(2)))?;
        chart.draw_series(LineSeries::new(design.clone(), HOT.stroke_width(3)))?;
        chart.draw_series(design.iter().map(|p| Circle::new(*p, 3, HOT.filled())))?;
        // Tipping points at (nearly) the same value share one line; their names are stacked below it.
        let mut drawn: Vec<f64> = Vec::new();
        for t in &r.tipping_points {
            let x = t.estimate.unwrap_or((t.from_value + t.to_value) / 2.0);
            let below = drawn
                .iter()
                .filter(|d| (**d - x).abs() <= 0.02 * (x1 - x0))
                .count();
            drawn.push(x);
            chart.draw_series(DashedLineSeries::new(
                vec![(x, y0), (x, y1)],
                6,
                4,
                PROCESS.stroke_width(1),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                t.kind,
                (x, y1 - below as f64 * 0.04 * (y1 - y0)),
                plot::small_style(),
            )))?;
        }
        Ok(())
    })
}

/// The front's page: TAC against CO2, each point numbered as its row of the table.
pub fn pareto(r: &ParetoResult) -> Result<Files, ReportError> {
    // The front's line joins the points no other point dominates; a dominated one is named in the table.
    let points: Vec<(usize, f64, f64)> = r
        .points
        .iter()
        .filter(|p| !p.dominated)
        .filter_map(|p| {
            let s = p.summary.as_ref()?;
            Some((p.point, s.co2_t_per_yr?, s.tac_eur_per_yr / 1e3))
        })
        .collect();
    let mut s = Section::new("Front");
    s.paragraph(
        "The cheapest design (point 1), the cleanest (the last), and between them the cheapest design under \
         evenly spaced bounds on the CO2 (the epsilon-constraint method). Each point's number is its row below.",
    );
    s.figure(Figure {
        file: "pareto.svg".into(),
        caption: "TAC against CO2 per year; numbers are the table's points.".into(),
        svg: front_plot(&points)?,
        natural_size: false,
    });
    let mut t = Table::new(&[
        "point",
        "run",
        "dominated",
        "CO2 bound (t/yr)",
        "TAC (EUR/yr)",
        "CO2 (t/yr)",
        "power (kW)",
        "fuel (kW)",
        "investment (EUR)",
        "fluid",
        "levels (°C)",
        "machines",
    ]);
    for p in &r.points {
        let s = p.summary.as_ref();
        t.row(vec![
            p.point.to_string(),
            p.label.clone(),
            if p.dominated {
                "yes".into()
            } else {
                "no".into()
            },
            maybe(p.co2_cap_t_per_yr, 1),
            maybe(s.map(|s| s.tac_eur_per_yr), 0),
            maybe(s.and_then(|s| s.co2_t_per_yr), 1),
            maybe(s.map(|s| s.power_kw), 0),
            maybe(s.and_then(|s| s.fuel_kw), 0),
            maybe(s.map(|s| s.investment_eur), 0),
            s.map_or_else(
                || p.reason.clone().unwrap_or("-".into()),
                |s| s.fluids.join(" + "),
            ),
            s.map_or("-".into(), |s| {
                s.levels_c
                    .iter()
                    .map(|l| {
                        l.iter()
                            .map(|v| number(*v, 1))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect::<Vec<_>>()
                    .join(" | ")
            }),
            s.map_or("-".into(), |s| s.topology.join(", ")),
        ]);
    }
    s.table(t);
    Ok(page(&Document {
        title: format!("{}: TAC-CO2 front", r.case),
        sections: vec![s],
    }))
}

fn front_plot(points: &[(usize, f64, f64)]) -> Result<String, ReportError> {
    let labelled: Vec<(String, f64, f64)> =
        points.iter().map(|p| (p.0.to_string(), p.1, p.2)).collect();
    let scatter = Scatter {
        file: "pareto.svg",
        title: "TAC-CO2 front",
        x_desc: "CO2 (t/yr)",
        joined: true,
    };
    scatter.svg(&labelled)
}

/// The study's JSON, its CSV (a screening's table) and report page.
pub fn write_files(result: &StudyResult, out: &Path) -> Result<(), StudyError> {
    let (name, files) = match result {
        StudyResult::Screen(r) => {
            let mut files = screen(r).map_err(report_error)?;
            files.push(("screen.csv".into(), crate::study::screen::csv(&r.rows)?));
            ("screen.json", files)
        }
        StudyResult::Sweep(r) => ("sweep.json", sweep(r).map_err(report_error)?),
        StudyResult::Pareto(r) => ("pareto.json", pareto(r).map_err(report_error)?),
    };
    write(out, name, &result.to_json()?)?;
    files
        .iter()
        .try_for_each(|(name, text)| write(out, name, text))
}

fn write(dir: &Path, name: &str, contents: &str) -> Result<(), StudyError> {
    let path = dir.join(name);
    let error = |source| StudyError::Write {
        file: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(error)?;
    write_atomically(&path, contents.as_bytes()).map_err(error)
}

fn report_error(e: ReportError) -> StudyError {
    StudyError::Report(Box::new(e))
}
