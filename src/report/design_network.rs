//! The report of a design's synthesised network (`hpsynth network CASE --fluid --levels-c --report DIR`,
//! `optimize --network`): network.html and network.md with the comparison against the area target, every
//! block's grid diagram (network/grid.rs) and exchanger table, and the loops' exchangers.

use super::ReportError;
use super::document::{Document, Figure, Section, Table, number};
use crate::network::grid::grid_svg;
use crate::network::{Network, UnitKind};
use crate::summary::network::{DesignNetworkReport, NetworkCost};
use std::path::{Path, PathBuf};

/// The document: the comparison, then one section per block.
pub fn document(r: &DesignNetworkReport) -> Document {
    Document {
        title: if r.fluids.is_empty() {
            format!("Heat exchanger network of the process of {}", r.case)
        } else {
            format!("Heat exchanger network of the design of {}", r.case)
        },
        sections: sections(r, "network"),
    }
}

/// The comparison with the area target, each block's grid diagram (`{figures}-block-N.svg`) and exchanger
/// table, and the loops' exchangers.
pub fn sections(r: &DesignNetworkReport, figures: &str) -> Vec<Section> {
    let mut sections = vec![comparison(r)];
    for (b, region) in r.regions.regions.iter().enumerate() {
        let mut s = Section::new(&format!("Network {}", region.name));
        match &region.network {
            Some(n) => {
                if region.approach_factor != 1.0 {
                    s.paragraph(format!(
                        "Approaches relaxed to {:.0} % of the streams' dT_min/2 (no network at the case's).",
                        100.0 * region.approach_factor
                    ));
                }
                s.figure(Figure {
                    file: format!("{figures}-block-{}.svg", b + 1),
                    caption: format!(
                        "Grid diagram of block {}: hot streams above, cold below, stage columns; a recovery unit as two joined circles with its duty.",
                        b + 1
                    ),
                    svg: grid_svg(n),
                    natural_size: true,
                });
                s.table(exchangers(n));
            }
            None => s.paragraph(format!(
                "No network: {}",
                region.failure.as_deref().unwrap_or("the search found none")
            )),
        }
        sections.push(s);
    }
    if !r.loop_exchangers.is_empty() {
        let mut s = Section::new("Loop exchangers (one unit each, as the target prices them)");
        let mut t = Table::new(&[
            "hot side",
            "cold side",
            "duty kW",
            "area m2",
            "installed EUR",
        ]);
        for l in &r.loop_exchangers {
            t.row(vec![
                l.hot_side.clone(),
                l.cold_side.clone(),
                number(l.duty_kw, 1),
                number(l.area_m2, 2),
                number(l.investment_eur, 0),
            ]);
        }
        s.table(t);
        sections.push(s);
    }
    sections
}

fn comparison(r: &DesignNetworkReport) -> Section {
    let mut s = Section::new("Heat exchanger network against the area target");
    let levels: Vec<String> = r
        .fluids
        .iter()
        .zip(&r.levels_c)
        .map(|(f, l)| {
            let l: Vec<String> = l.iter().map(|t| number(*t, 2)).collect();
            format!("{f} at {} °C", l.join(", "))
        })
        .collect();
    s.paragraph(if r.fluids.is_empty() {
        "The process alone, with each utility at the duty its heat cascade uses; the network is synthesised block by block (docs/network.md).".to_string()
    } else {
        format!(
            "Design: {}; {} kW released. Every duty is the design's; the network is synthesised block by block (docs/network.md).",
            levels.join("; "),
            number(r.heat_released_kw, 1)
        )
    });
    let mut t = Table::new(&[
        "",
        "area m2",
        "units",
        "investment EUR",
        "TAC EUR/yr",
        "heat pump EUR/kW",
    ]);
    let row = |name: &str, c: &NetworkCost| {
        vec![
            name.to_string(),
            number(c.area_m2, 1),
            c.units.to_string(),
            number(c.investment_eur, 0),
            c.design_tac_eur_per_yr
                .map_or("incomplete".into(), |v| number(v, 0)),
            c.heat_pump_eur_per_kw.map_or("-".into(), |v| number(v, 0)),
        ]
    };
    t.row(row("area target (units: minimum)", &r.target));
    t.row(row("synthesised network", &r.network));
    s.table(t);
    s
}

fn exchangers(n: &Network) -> Table {
    let mut t = Table::new(&[
        "kind",
        "hot side",
        "cold side",
        "stage",
        "duty kW",
        "hot in -> out °C",
        "cold in -> out °C",
        "LMTD K",
        "U W/(m2 K)",
        "area m2",
        "type",
        "cost/yr",
    ]);
    for e in &n.exchangers {
        let kind = match e.kind {
            UnitKind::Recovery => "recovery",
            UnitKind::Cooler => "cooler",
            UnitKind::Heater => "heater",
        };
        t.row(vec![
            kind.into(),
            e.hot_side.clone(),
            e.cold_side.clone(),
            e.stage.map_or("-".into(), |k| k.to_string()),
            number(e.duty_kw, 1),
            format!("{} -> {}", number(e.hot_in_c, 2), number(e.hot_out_c, 2)),
            format!("{} -> {}", number(e.cold_in_c, 2), number(e.cold_out_c, 2)),
            number(e.lmtd_k, 2),
            number(e.u_w_per_m2k, 0),
            number(e.area_m2, 2),
            e.exchanger_type.clone(),
            number(e.cost_per_yr, 0),
        ]);
    }
    t
}

/// Removes an earlier network's files from `dir` (network.html, network.md, network_ranking.json, the blocks'
/// grid diagrams `network-block-N.svg` and `design-network-block-N.svg`), so that they cannot pass for a
/// new run's; a missing folder has none.
pub fn remove_stale(dir: &Path) -> Result<(), ReportError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let block_svg = (name.starts_with("network-block-")
            || name.starts_with("design-network-block-"))
            && name.ends_with(".svg");
        let named = ["network.html", "network.md", "network_ranking.json"].contains(&name.as_str());
        if block_svg || named {
            std::fs::remove_file(entry.path()).map_err(|source| ReportError::Write {
                file: entry.path().display().to_string(),
                source,
            })?;
        }
    }
    Ok(())
}

/// Writes network.html, network.md and the blocks' grid diagrams into `dir` (created if need be); the
/// files written.
pub fn write(dir: &Path, r: &DesignNetworkReport) -> Result<Vec<PathBuf>, ReportError> {
    let doc = document(r);
    let mut written = Vec::new();
    let mut put = |name: &str, contents: &str| super::put_file(dir, name, contents, &mut written);
    for f in doc.figures() {
        put(&f.file, &f.svg)?;
    }
    put("network.md", &super::markdown::render(&doc))?;
    put("network.html", &super::html::render(&doc))?;
    Ok(written)
}
