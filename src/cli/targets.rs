//! `hpsynth targets`: pinch targets as text.

use hpsynth::summary::targets::TargetsReport;

fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v:.2}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text a person reads.
pub fn render_text(r: &TargetsReport) -> String {
    let lp = |v: Option<f64>| v.map_or("LP failed".to_string(), |v| format!("LP {v:.3} kW"));
    let mut out = format!("case \"{}\": {} streams\n", r.case, r.streams);
    out += &format!(
        "  minimum hot utility   {:12.3} kW  ({})\n",
        r.q_hot_min_kw,
        lp(r.lp_q_hot_min_kw)
    );
    out += &format!(
        "  minimum cold utility  {:12.3} kW  ({})\n",
        r.q_cold_min_kw,
        lp(r.lp_q_cold_min_kw)
    );
    if r.pinches.is_empty() {
        out += "  no pinch (threshold problem)\n";
    }
    for p in &r.pinches {
        out += &format!(
            "  pinch at {:.2} °C shifted (hot streams {} °C, cold streams {} °C)\n",
            p.t_shifted_c,
            list(&p.t_hot_c),
            list(&p.t_cold_c)
        );
    }
    if let Some(u) = &r.utilities {
        match (u.operating_cost_eur_per_yr, u.co2_t_per_yr) {
            (Some(cost), Some(co2)) => {
                out += &format!("  cheapest utility mix: {cost:.0} EUR/yr, {co2:.1} t CO2/yr\n");
                for x in &u.uses {
                    out += &format!(
                        "    {:<28} {:12.3} kW  {:12.0} EUR/yr\n",
                        x.name, x.q_kw, x.cost_eur_per_yr
                    );
                }
            }
            _ => {
                out += &format!(
                    "  the utilities cannot close the heat balance ({:?}): check that a hot utility is \
                     hotter than the hottest cold stream and a cold utility colder than the coldest hot stream\n",
                    u.outcome
                )
            }
        }
    }
    out += "  grand composite curve (shifted °C, kW):\n";
    for g in &r.gcc {
        out += &format!("    {:9.2} {:12.3}\n", g.t_shifted_c, g.q_kw);
    }
    out += &periods(r);
    out
}

/// One line per operating period: its hours, minimum utilities and pinches (`hpsynth targets --json` has
/// each period whole).
fn periods(r: &TargetsReport) -> String {
    let mut out = String::new();
    for p in &r.periods {
        let t = &p.targets;
        out += &format!(
            "  period \"{}\" ({:.0} h/yr): minimum hot utility {:.3} kW, cold {:.3} kW, pinch at {} °C shifted\n",
            p.name,
            p.hours_per_yr,
            t.q_hot_min_kw,
            t.q_cold_min_kw,
            if t.pinch_shifted_c.is_empty() {
                "none".to_string()
            } else {
                list(&t.pinch_shifted_c)
            }
        );
    }
    out
}
