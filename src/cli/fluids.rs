//! `hpsynth fluids`: the bundled fluids as a table.

use super::opt;
use hpsynth::summary::fluids::FluidRow;

/// The table a person reads.
pub fn render_text(rows: &[FluidRow]) -> String {
    let mut out = format!(
        "{:<14} {:<12} {:>8} {:>9} {:>10} {:>9} {:>8} {:>7} {:>5}  {}\n",
        "name",
        "designation",
        "M g/mol",
        "T_c °C",
        "p_c kPa",
        "T_tp °C",
        "T_nbp °C",
        "GWP100",
        "class",
        "equation of state"
    );
    for r in rows {
        let gwp = match (r.gwp100, r.gwp100_upper_bound) {
            (Some(v), true) => format!("<{v:.0}"),
            (Some(v), false) => format!("{v:.0}"),
            (None, _) => "-".into(),
        };
        out += &format!(
            "{:<14} {:<12} {:>8.3} {:>9.2} {:>10.1} {:>9.2} {:>8} {:>7} {:>5}  {}\n",
            r.name,
            r.designation.as_deref().unwrap_or("-"),
            r.molar_mass_g_per_mol,
            r.t_crit_c,
            r.p_crit_kpa,
            r.t_triple_c,
            opt(r.t_nbp_c, 2),
            gwp,
            r.ashrae34.as_deref().unwrap_or("-"),
            r.eos_source
        );
    }
    out += "\nGWP100: IPCC AR5 WG1 table 8.A.1 ('-': not in that table). Safety class: ASHRAE 34-2022.\n";
    out +=
        "Equations of state: CoolProp 8.0.0 fluid files (MIT); the last column names the paper.\n";
    out
}
