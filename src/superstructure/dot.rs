//! Graphviz DOT of a superstructure, whole or restricted to the units a design uses.

use super::graph::{Node, Superstructure};
use crate::units::{kelvin_to_celsius, pa_to_kpa};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::HashMap;

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// DOT text. With `flows` (kg/s per unit node), only units with a positive flow and the states they touch
/// are drawn, and edges carry the mass flow; without, the whole superstructure with its coefficients.
pub fn to_dot(s: &Superstructure, flows: Option<&HashMap<NodeIndex, f64>>) -> String {
    let used = |i: NodeIndex| flows.is_none_or(|f| f.get(&i).copied().unwrap_or(0.0) > 0.0);
    let mut out = format!(
        "digraph \"{}\" {{\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
        escape(&format!("{} {}", s.fluid, s.template))
    );
    let mut drawn_states: Vec<NodeIndex> = Vec::new();
    for (i, unit) in s.units() {
        if !used(i) {
            continue;
        }
        let flow = flows.and_then(|f| f.get(&i)).copied();
        let label = match flow {
            Some(m) => format!("{}\\n{m:.4} kg/s", escape(&unit.label)),
            None => escape(&unit.label),
        };
        out += &format!(
            "  n{} [shape=box, style=rounded, label=\"{label}\"];\n",
            i.index()
        );
        for e in s
            .graph
            .edges_directed(i, petgraph::Direction::Incoming)
            .chain(s.graph.edges_directed(i, petgraph::Direction::Outgoing))
        {
            let (a, b) = (e.source(), e.target());
            let state = if a == i { b } else { a };
            if !drawn_states.contains(&state) {
                drawn_states.push(state);
            }
            let weight = match flow {
                Some(m) => format!("{:.4}", m * e.weight()),
                None => format!("{:.4}", e.weight()),
            };
            out += &format!("  n{} -> n{} [label=\"{weight}\"];\n", a.index(), b.index());
        }
    }
    for i in drawn_states {
        if let Node::State(st) = &s.graph[i] {
            out += &format!(
                "  n{} [shape=ellipse, label=\"{}\\n{:.1} °C, {:.0} kPa\"];\n",
                i.index(),
                escape(&st.label),
                kelvin_to_celsius(st.state.t_k),
                pa_to_kpa(st.state.p_pa)
            );
        }
    }
    out += "}\n";
    out
}
