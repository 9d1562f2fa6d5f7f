//! Stream tables in CSV, with the columns of the IPESE dairy file
//! (`unit,name,t_in_c,t_out_c,q_kw,kind,dt_min_half_k`; `unit` and the film coefficient `h_w_per_m2_k`
//! optional, any order).
//!
//! Lines starting with `#` and blank lines are skipped; the first other line is the header. Fields are
//! plain comma-separated values (no quoting). By that file's convention `t_in_c == t_out_c` marks an
//! isothermal (phase-change) stream.

use super::error::Problem;
use super::file::{StreamFile, StreamKindFile};

/// A stream read from a CSV row, with its `file:line` for messages.
pub(crate) struct CsvStream {
    pub location: String,
    pub stream: StreamFile,
}

const REQUIRED: [&str; 6] = ["name", "t_in_c", "t_out_c", "q_kw", "kind", "dt_min_half_k"];
const OPTIONAL: [&str; 2] = ["unit", "h_w_per_m2_k"];

/// Parses `text` (the contents of `file`). Returns the streams, or every problem found.
pub(crate) fn parse(file: &str, text: &str) -> Result<Vec<CsvStream>, Vec<Problem>> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    let Some((header_line, header)) = lines.next() else {
        return Err(vec![Problem {
            location: file.to_string(),
            message: "no header and no rows".into(),
            fix: format!("start with the header line `{}`", REQUIRED.join(",")),
        }]);
    };
    let columns = Columns::from_header(&format!("{file}:{header_line}"), header)?;
    let mut problems = Vec::new();
    let mut streams = Vec::new();
    for (line, row) in lines {
        let location = format!("{file}:{line}");
        let Some(fields) = split_row(&columns, &location, row, &mut problems) else {
            continue;
        };
        if let Some(stream) = stream_of_row(&columns, &fields, location, &mut problems) {
            streams.push(stream);
        }
    }
    if problems.is_empty() {
        Ok(streams)
    } else {
        Err(problems)
    }
}

/// The column names of the header, in its order.
struct Columns<'a> {
    names: Vec<&'a str>,
}

impl<'a> Columns<'a> {
    /// The header line at `location`: every column known and every required one present.
    fn from_header(location: &str, header: &'a str) -> Result<Columns<'a>, Vec<Problem>> {
        let columns = Columns {
            names: header.split(',').map(str::trim).collect(),
        };
        let mut problems = Vec::new();
        for c in &columns.names {
            if !REQUIRED.contains(c) && !OPTIONAL.contains(c) {
                problems.push(Problem {
                    location: location.to_string(),
                    message: format!("unknown column \"{c}\""),
                    fix: format!(
                        "use the columns {} (and optionally {})",
                        REQUIRED.join(","),
                        OPTIONAL.join(",")
                    ),
                });
            }
        }
        for name in REQUIRED {
            if columns.index(name).is_none() {
                problems.push(Problem {
                    location: location.to_string(),
                    message: format!("column \"{name}\" is missing"),
                    fix: format!("add it to the header `{}`", REQUIRED.join(",")),
                });
            }
        }
        if problems.is_empty() {
            Ok(columns)
        } else {
            Err(problems)
        }
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|c| *c == name)
    }

    /// The position of a column the header has (every required one does).
    fn col(&self, name: &str) -> usize {
        self.index(name).unwrap_or_default()
    }
}

/// The fields of a data row, one per column; `None` (and a problem) if quoted or of the wrong count.
fn split_row<'r>(
    columns: &Columns,
    location: &str,
    row: &'r str,
    problems: &mut Vec<Problem>,
) -> Option<Vec<&'r str>> {
    if row.contains('"') {
        problems.push(Problem {
            location: location.to_string(),
            message: "quoted fields are not supported".into(),
            fix: "remove the quotes; names must not contain commas".into(),
        });
        return None;
    }
    let fields: Vec<&str> = row.split(',').map(str::trim).collect();
    if fields.len() != columns.names.len() {
        problems.push(Problem {
            location: location.to_string(),
            message: format!(
                "{} fields, the header has {}",
                fields.len(),
                columns.names.len()
            ),
            fix: "give one value per column".into(),
        });
        return None;
    }
    Some(fields)
}

/// The stream of a row's fields, or `None` if a value does not convert (each such value is a problem).
fn stream_of_row(
    columns: &Columns,
    fields: &[&str],
    location: String,
    problems: &mut Vec<Problem>,
) -> Option<CsvStream> {
    let mut number =
        |name: &str| parse_number(name, fields[columns.col(name)], &location, problems);
    let (t_in, t_out, q, dt) = (
        number("t_in_c"),
        number("t_out_c"),
        number("q_kw"),
        number("dt_min_half_k"),
    );
    let h = match columns.index("h_w_per_m2_k") {
        Some(_) if fields[columns.col("h_w_per_m2_k")].is_empty() => None,
        Some(_) => number("h_w_per_m2_k"),
        None => None,
    };
    let kind = parse_kind(fields[columns.col("kind")], &location, problems);
    let (Some(t_in_c), Some(t_out_c), Some(q_kw), Some(dt), Some(kind)) =
        (t_in, t_out, q, dt, kind)
    else {
        return None;
    };
    Some(CsvStream {
        location,
        stream: StreamFile {
            name: fields[columns.col("name")].to_string(),
            kind,
            t_in_c: Some(t_in_c),
            t_out_c: Some(t_out_c),
            q_kw: Some(q_kw),
            cp_kw_per_k: None,
            dt_min_half_k: Some(dt),
            h_w_per_m2_k: h,
            service: None,
            via_loop: None,
            unit: columns
                .index("unit")
                .map(|i| fields[i].to_string())
                .filter(|u| !u.is_empty()),
            phase_change: t_in_c == t_out_c,
            segments: Vec::new(),
        },
    })
}

/// The value `raw` of column `name` as a number, or `None` and a problem.
fn parse_number(name: &str, raw: &str, location: &str, problems: &mut Vec<Problem>) -> Option<f64> {
    match raw.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => {
            problems.push(Problem {
                location: location.to_string(),
                message: format!("{name} = \"{raw}\" is not a number"),
                fix: format!("write {name} as a decimal number"),
            });
            None
        }
    }
}

/// The `kind` column: `hot` or `cold`, or `None` and a problem.
fn parse_kind(raw: &str, location: &str, problems: &mut Vec<Problem>) -> Option<StreamKindFile> {
    match raw {
        "hot" => Some(StreamKindFile::Hot),
        "cold" => Some(StreamKindFile::Cold),
        other => {
            problems.push(Problem {
                location: location.to_string(),
                message: format!("kind = \"{other}\""),
                fix: "kind is \"hot\" (to be cooled) or \"cold\" (to be heated)".into(),
            });
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_names_bad_lines() {
        let text = "# comment\nunit,name,t_in_c,t_out_c,q_kw,kind,dt_min_half_k\n\
                    a,milk,6,4,62.9,hot,2.5\nb,steam,100,100,10,cold,2\n";
        let streams = parse("s.csv", text).unwrap_or_else(|_| panic!("valid"));
        assert_eq!(streams.len(), 2);
        assert!(streams[1].stream.phase_change);
        assert_eq!(streams[0].location, "s.csv:3");
        let bad = "name,t_in_c,t_out_c,q_kw,kind,dt_min_half_k\nx,1,2,abc,warm,1\n";
        let Err(problems) = parse("b.csv", bad) else {
            panic!("must fail")
        };
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(|p| p.location == "b.csv:2"));
    }
}
