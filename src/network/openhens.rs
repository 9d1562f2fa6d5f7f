//! OpenHENS's case format (CSV; `examples/cases/` of waikato-ahuora-smart-energy-systems/OpenHENS, v0.5):
//! a stream table (Number, Subsystem, Description, Designation, supply and target temperature in K, heat
//! capacity flow rate in kW/K, film coefficient in kW/(m2 K), cost in $/(kW yr)) with `Hot`, `Cold`,
//! `Hot Utility` and `Cold Utility` rows, then an exchanger cost table (unit cost $/yr, area coefficient
//! $/(m2^exp yr), exponent) with `Exchange`, `Heating` and `Cooling` rows. `;` or `,` separates the fields.
//! Units are converted to SI here, at the edge.

use super::problem::{CostLaw, HensProblem, HensStream, HensUtility, Pricing};
use std::path::Path;

const KW: f64 = 1000.0;

fn number(row: &[String], col: usize, what: &str, line: usize) -> Result<f64, String> {
    let text = row.get(col).map(|s| s.trim()).unwrap_or("");
    if text.is_empty() && (what == "f" || what == "cost") {
        return Ok(0.0);
    }
    text.parse::<f64>().map_err(|_| {
        format!(
            "line {line}: field {what} (column {}) is \"{text}\", not a number",
            col + 1
        )
    })
}

/// Reads an OpenHENS case file.
pub fn load(path: &Path) -> Result<HensProblem, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    // A literature folder's `openhens.csv` is named by its folder.
    let named_by = if path.file_name().is_some_and(|n| n == "openhens.csv") {
        path.parent().and_then(Path::file_name)
    } else {
        path.file_stem()
    };
    let name = named_by
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    parse(&text, &name).map_err(|e| format!("{}: {e}", path.display()))
}

/// Whether `path` reads as an OpenHENS case file (its header names "Supply Temp") rather than a stream
/// table of hpsynth's own (`t_in_c`, case/streams_csv.rs).
pub fn is_openhens(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.lines()
            .next()
            .is_some_and(|first| first.to_ascii_lowercase().contains("supply temp"))
    })
}

/// Parses the text of an OpenHENS case file.
pub fn parse(text: &str, name: &str) -> Result<HensProblem, String> {
    let first = text.lines().next().unwrap_or("");
    let separator = if first.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut hot = Vec::new();
    let mut cold = Vec::new();
    let (mut hot_utility, mut cold_utility) = (None, None);
    let (mut recovery, mut heater, mut cooler) = (None, None, None);
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let row: Vec<String> = record
            .map_err(|e| format!("line {line}: {e}"))?
            .iter()
            .map(str::to_string)
            .collect();
        let designation = row.get(3).map(|s| s.trim()).unwrap_or("");
        let stream = |prefix: &str| -> Result<HensStream, String> {
            let number_field = row.first().map(|s| s.trim()).unwrap_or("");
            Ok(HensStream::new(
                &format!("{prefix}{number_field}"),
                number(&row, 4, "T_in", line)?,
                number(&row, 5, "T_out", line)?,
                number(&row, 6, "f", line)? * KW,
                number(&row, 7, "htc", line)? * KW,
            ))
        };
        let utility = || -> Result<HensUtility, String> {
            Ok(HensUtility {
                name: row.get(2).map(|s| s.trim().to_string()).unwrap_or_default(),
                t_in_k: number(&row, 4, "T_in", line)?,
                t_out_k: number(&row, 5, "T_out", line)?,
                h_w_per_m2k: number(&row, 7, "htc", line)? * KW,
                price_per_w_yr: number(&row, 8, "cost", line)? / KW,
                dt_min_half_k: 0.0,
            })
        };
        let law = || -> Result<CostLaw, String> {
            Ok(CostLaw {
                fixed_per_yr: number(&row, 4, "unit_cost", line)?,
                coeff_per_yr: number(&row, 5, "coeff", line)?,
                exponent: number(&row, 6, "A_exp", line)?,
            })
        };
        match designation {
            "Hot" => hot.push(stream("H")?),
            "Cold" => cold.push(stream("C")?),
            "Hot Utility" => hot_utility = Some(utility()?),
            "Cold Utility" => cold_utility = Some(utility()?),
            "Exchange" => recovery = Some(law()?),
            "Heating" => heater = Some(law()?),
            "Cooling" => cooler = Some(law()?),
            _ => {}
        }
    }
    let missing = |what: &str| format!("no {what} row (Designation column): add one");
    let problem = HensProblem {
        name: name.to_string(),
        currency: "USD".into(),
        hot,
        cold,
        hot_utility: Some(hot_utility.ok_or_else(|| missing("Hot Utility"))?),
        cold_utility: Some(cold_utility.ok_or_else(|| missing("Cold Utility"))?),
        pricing: Pricing::ByKind {
            recovery: recovery.ok_or_else(|| missing("Exchange"))?,
            heater: heater.ok_or_else(|| missing("Heating"))?,
            cooler: cooler.ok_or_else(|| missing("Cooling"))?,
        },
        forbidden: Vec::new(),
    };
    problem.check()?;
    Ok(problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_four_stream_problem_in_si() {
        // literature_cases/hens-yee-grossmann-4/openhens.csv: OpenHENS's file, unchanged.
        let p = load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/literature_cases/hens-yee-grossmann-4/openhens.csv"
        )))
        .unwrap();
        assert_eq!((p.hot.len(), p.cold.len()), (2, 2));
        // The file's first hot stream: 650 K -> 370 K, 10 kW/K, 1 kW/(m2 K).
        assert_eq!(p.hot[0].t_in_k, 650.0);
        assert_eq!(p.hot[0].f_w_per_k, 10_000.0);
        assert_eq!(p.hot[0].h_w_per_m2k, 1000.0);
        // Steam at 680 K, 80 $/(kW yr); cooling water 300 -> 320 K, 15 $/(kW yr).
        assert_eq!(p.hot_utility.as_ref().unwrap().price_per_w_yr, 0.08);
        assert_eq!(p.cold_utility.as_ref().unwrap().t_out_k, 320.0);
        let law = p.kind_law(crate::network::UnitKind::Recovery).unwrap();
        assert_eq!(law.fixed_per_yr, 5500.0);
        assert_eq!(law.coeff_per_yr, 150.0);
    }

    #[test]
    fn a_bad_number_names_its_line_and_field() {
        let text = "x;y;z;Hot;650;abc;10;1;0\n";
        let e = parse(text, "t").unwrap_err();
        assert!(e.contains("line 1") && e.contains("T_out"), "{e}");
    }
}
