//! The flowsheet of the chosen units: Graphviz DOT (always), and SVG drawn by Graphviz's `dot` when it is
//! installed (`apt-get install graphviz`); without it the report says how to get it.

use crate::slave::Design;
use crate::superstructure::{Superstructure, to_dot};
use std::io::Write;
use std::process::{Command, Stdio};

/// One DOT graph per cycle, restricted to the units with flow.
pub fn cycle_dots(superstructures: &[Superstructure], design: &Design) -> Vec<String> {
    superstructures
        .iter()
        .enumerate()
        .map(|(c, ss)| to_dot(ss, Some(&design.cycle_flows(c))))
        .collect()
}

/// What became of drawing a DOT graph.
#[derive(Clone, Debug, PartialEq)]
pub enum Drawn {
    Svg(String),
    /// `dot` is not on the PATH.
    NoGraphviz,
    /// `dot` ran and failed; its message.
    Failed(String),
}

/// Runs `dot -Tsvg` on `graph`.
pub fn draw(graph: &str) -> Drawn {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Drawn::NoGraphviz,
        Err(e) => return Drawn::Failed(e.to_string()),
    };
    // The graph is small: dot reads all of it before it writes, so writing first cannot block.
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(graph.as_bytes()));
    let output = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => return Drawn::Failed(e.to_string()),
    };
    match written {
        Some(Err(e)) => Drawn::Failed(e.to_string()),
        _ if !output.status.success() => {
            Drawn::Failed(String::from_utf8_lossy(&output.stderr).trim().to_string())
        }
        _ => Drawn::Svg(String::from_utf8_lossy(&output.stdout).into_owned()),
    }
}
