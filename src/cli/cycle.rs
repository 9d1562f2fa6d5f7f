//! `hpsynth cycle`: the cycle calculator's result as text.

use super::opt;
use hpsynth::summary::cycle::CycleReport;
use hpsynth::thermo::Economizer;

/// The text a person reads.
pub fn render_text(r: &CycleReport) -> String {
    let layout = match r.economizer {
        None => "single-stage cycle".to_string(),
        Some(Economizer::FlashMixing) => "two-stage cycle, flash tank with mixing".to_string(),
        Some(Economizer::FlashPresaturator) => {
            "two-stage cycle, flash tank as pre-saturator".to_string()
        }
    };
    let mut out = format!("{} {layout}\n", r.fluid);
    out += &format!(
        "  evaporating   {:8.2} °C  {:10.3} kPa\n",
        r.t_evap_c, r.p_evap_kpa
    );
    if let (Some(t), Some(p)) = (r.t_mid_c, r.p_mid_kpa) {
        out += &format!("  intermediate  {t:8.2} °C  {p:10.3} kPa\n");
    }
    out += &format!(
        "  condensing    {:8.2} °C  {:10.3} kPa\n\n",
        r.t_cond_c, r.p_cond_kpa
    );
    out += &format!(
        "  {:<2} {:<38} {:>8} {:>10} {:>9} {:>11} {:>8} {:>8}\n",
        "#", "point", "T °C", "p kPa", "h kJ/kg", "s kJ/(kg K)", "quality", "kg/kg_c"
    );
    for s in &r.states {
        out += &format!(
            "  {:<2} {:<38} {:8.2} {:10.3} {:9.3} {:11.5} {:>8} {:8.4}\n",
            s.id,
            s.label,
            s.t_c,
            s.p_kpa,
            s.h_kj_per_kg,
            s.s_kj_per_kg_k,
            opt(s.quality, 4),
            s.mass_per_kg_condenser
        );
    }
    out += &format!(
        "\n  COP cooling {:.4} (Carnot {:.4}), COP heating {:.4}\n",
        r.cop_cooling, r.cop_carnot_cooling, r.cop_heating
    );
    out += &format!(
        "  per kg of condenser flow: refrigeration {:.3} kJ, work {:.3} kJ, heat rejected {:.3} kJ\n",
        r.refrigeration_effect_kj_per_kg, r.work_kj_per_kg, r.heat_rejected_kj_per_kg
    );
    out += &format!("  discharge temperature {:.2} °C", r.t_discharge_c);
    if let Some(t) = r.t_discharge_low_stage_c {
        out += &format!(" (low stage {t:.2} °C)");
    }
    out += "\n";
    if let Some(x) = r.flash_fraction {
        out += &format!(
            "  flash fraction {x:.4}, low-stage flow {:.4} kg per kg of condenser flow\n",
            r.low_stage_mass_fraction
        );
    }
    out
}
