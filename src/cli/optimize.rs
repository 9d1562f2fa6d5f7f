//! `hpsynth optimize`: its progress line and the comparison with the baseline site, as text.

use hpsynth::master::GenerationStats;
use hpsynth::slave::VersusBaseline;

/// One progress line for a generation.
pub fn progress_line(
    g: &GenerationStats,
    total: usize,
    elapsed_s: f64,
    evaluations: usize,
) -> String {
    let done = g.generation + 1;
    let eta = elapsed_s / done as f64 * (total.saturating_sub(done)) as f64;
    format!(
        "generation {done}/{total}: best {} EUR/yr, mean {} EUR/yr, feasible {:.0} %, {} evaluations ({:.1}/s), {} cache hits, {:.0} s elapsed, at most {:.0} s left",
        g.best_tac_eur_per_yr
            .map_or("-".into(), |v| format!("{v:.0}")),
        g.mean_tac_eur_per_yr
            .map_or("-".into(), |v| format!("{v:.0}")),
        100.0 * g.feasible_share,
        g.evaluations,
        evaluations as f64 / elapsed_s.max(1e-9),
        g.cache_hits,
        elapsed_s,
        eta
    )
}

/// The comparison with the site without a heat pump, for a person.
pub fn render_versus_baseline(v: &VersusBaseline) -> String {
    let (b, d) = (&v.baseline, &v.design);
    let row = |name: &str, unit: &str, scale: f64, from: f64, to: f64| {
        format!(
            "  {name:<22} {:>14.0} {:>14.0}  {unit}\n",
            from * scale,
            to * scale
        )
    };
    let (title, column) = if v.retrofit {
        ("versus the existing site:\n", "existing site")
    } else {
        ("versus the site without a heat pump:\n", "no heat pump")
    };
    let mut out = String::from(title);
    out += &format!("  {:<22} {:>14} {:>14}\n", "", column, "this design");
    out += &row("TAC", "EUR/yr", 1.0, b.tac_eur_per_yr, d.tac_eur_per_yr);
    out += &row(
        "operating cost",
        "EUR/yr",
        1.0,
        b.opex_eur_per_yr,
        d.opex_eur_per_yr,
    );
    out += &row("investment", "EUR", 1.0, b.investment_eur, d.investment_eur);
    out += &row("fuel", "kW", 1e-3, b.fuel_w, d.fuel_w);
    out += &row("electricity", "kW", 1e-3, b.electricity_w, d.electricity_w);
    out += &row("CO2", "t/yr", 1e-3, b.co2_kg_per_yr, d.co2_kg_per_yr);
    out += &format!(
        "  TAC {:+.1} %, fuel {}, electricity {}, CO2 {}; payback {}\n",
        -v.tac_saving_pct,
        signed_pct(v.fuel_saving_pct.map(|p| -p)),
        signed_pct(v.electricity_change_pct),
        signed_pct(v.co2_saving_pct.map(|p| -p)),
        v.payback_text()
    );
    out += &format!(
        "  extra investment {:.0} EUR, operating saving {:.0} EUR/yr; NPV {:.0} EUR over {:.0} yr at {:.1} %; IRR {}\n",
        v.extra_investment_eur,
        v.opex_saving_eur_per_yr,
        v.npv_eur,
        v.lifetime_yr,
        100.0 * v.interest_rate_per_yr,
        v.irr
            .map_or("none".to_string(), |r| format!("{:.1} %", 100.0 * r))
    );
    out
}

/// A change in %, signed; "n/a" where the baseline had none (no percentage exists).
fn signed_pct(pct: Option<f64>) -> String {
    pct.map_or("n/a".to_string(), |p| format!("{p:+.1} %"))
}
