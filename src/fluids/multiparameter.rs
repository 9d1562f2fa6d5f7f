//! [`MultiparameterFluid`]: a CoolProp 8 fluid file behind [`FluidModel`].
//!
//! - Saturation at `T`: pressure and both densities straight from the superancillaries (no iteration), then
//!   `h` and `s` of each phase from the equation of state at `(T, rho)`.
//! - Saturation at `p`: the superancillary `p_sat(T)` inverted, then as above.
//! - Single phase at `(p, T)`: the phase is known from `p_sat(T)`; the density is solved from `p(T, rho) = p`
//!   by safeguarded Newton inside a bracket that excludes the other phase (vapour: `0 < rho <= rho_V,sat`;
//!   liquid: `rho >= rho_L,sat`), so no metastable root can be returned.
//! - `(p, h)` and `(p, s)`: inside `[h_L, h_V]` (resp. `[s_L, s_V]`) at `p` the state is two-phase with quality
//!   `x = (h - h_L)/(h_V - h_L)`; outside it the temperature is solved with `dh/dT|p = c_p`
//!   (`ds/dT|p = c_p/T`) on the bracket `[T_sat, T_max]` (vapour) or `[T_triple, T_sat]` (liquid).

use super::error::Inputs;
use super::helmholtz::Helmholtz;
use super::solve::increasing_root;
use super::superancillary::Superancillary;
use super::{FluidError, FluidInfo, FluidModel, Phase, Quantity, Saturation, State};
use serde::Deserialize;
use serde_json::Value;

/// Pressure of the normal boiling point (Pa).
const ATMOSPHERE_PA: f64 = 101_325.0;

/// A pure fluid from a CoolProp 8 fluid file.
#[derive(Clone, Debug)]
pub struct MultiparameterFluid {
    info: FluidInfo,
    eos: Helmholtz,
    /// Gas constant of the equation (J/(mol K)).
    r: f64,
    /// Molar mass (kg/mol).
    molar_mass: f64,
    t_red: f64,
    rho_red: f64,
    curves: Superancillary,
}

/// The parts of a CoolProp 8 fluid file that hpsynth reads.
#[derive(Deserialize)]
struct FileRoot {
    #[serde(rename = "EOS")]
    eos: Vec<FileEos>,
    #[serde(rename = "INFO")]
    info: FileInfo,
}

#[derive(Deserialize)]
struct FileInfo {
    #[serde(rename = "NAME")]
    name: String,
    #[serde(rename = "ALIASES", default)]
    aliases: Vec<String>,
    #[serde(rename = "CAS", default)]
    cas: Option<String>,
}

#[derive(Deserialize)]
struct FileEos {
    alpha0: Vec<Value>,
    alphar: Vec<Value>,
    gas_constant: f64,
    molar_mass: f64,
    #[serde(rename = "T_max")]
    t_max: f64,
    p_max: f64,
    #[serde(rename = "BibTeX_EOS", default)]
    bibtex_eos: String,
    #[serde(rename = "STATES")]
    states: FileStates,
    #[serde(rename = "SUPERANCILLARY")]
    superancillary: Option<Superancillary>,
    #[serde(default)]
    pseudo_pure: bool,
}

#[derive(Deserialize)]
struct FileStates {
    reducing: FileState,
}

#[derive(Deserialize)]
struct FileState {
    #[serde(rename = "T")]
    t: f64,
    rhomolar: f64,
}

/// Molar enthalpy and entropy at one `(T, rho)`.
struct Molar {
    h: f64,
    s: f64,
}

impl MultiparameterFluid {
    /// Reads a CoolProp 8 fluid file. `file` names it in errors. Fails, with the reason, on malformed JSON,
    /// missing keys, term types hpsynth does not evaluate, pseudo-pure mixtures (they have a glide) and fluids
    /// without superancillary curves.
    pub fn from_coolprop_json(file: &str, text: &str) -> Result<Self, FluidError> {
        let bad = |reason: String| FluidError::BadFile {
            file: file.to_string(),
            reason,
        };
        let root: FileRoot = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let eos = root
            .eos
            .into_iter()
            .next()
            .ok_or_else(|| bad("\"EOS\" is empty".into()))?;
        if eos.pseudo_pure {
            return Err(bad(
                "pseudo-pure mixtures are not supported: their glide is not modelled".into(),
            ));
        }
        let curves = eos
            .superancillary
            .ok_or_else(|| bad("no \"SUPERANCILLARY\" saturation curves".into()))?;
        if !curves.is_valid() {
            return Err(bad("the superancillary expansions are incomplete".into()));
        }
        let positive = [
            ("gas_constant", eos.gas_constant),
            ("molar_mass", eos.molar_mass),
            ("STATES.reducing.T", eos.states.reducing.t),
            ("STATES.reducing.rhomolar", eos.states.reducing.rhomolar),
            ("T_max", eos.t_max),
            ("p_max", eos.p_max),
        ];
        if let Some((key, value)) = positive.iter().find(|(_, v)| !(v.is_finite() && *v > 0.0)) {
            return Err(bad(format!("{key} must be a positive number, got {value}")));
        }
        let helmholtz =
            Helmholtz::from_coolprop(&eos.alpha0, &eos.alphar).map_err(|e| bad(e.to_string()))?;

        let (t_triple, t_crit) = curves.bounds();
        let at = |t: f64| {
            curves
                .at_temperature(t)
                .map(|c| c.p)
                .ok_or_else(|| bad("superancillary has no value at its own bounds".into()))
        };
        let (p_triple, p_crit) = (at(t_triple)?, at(t_crit)?);
        let t_nbp = curves.temperature_at_pressure(ATMOSPHERE_PA);
        let mut aliases = vec![root.info.name.clone()];
        aliases.extend(root.info.aliases);
        let info = FluidInfo {
            name: root.info.name,
            designation: None,
            aliases,
            cas: root.info.cas,
            molar_mass_kg_per_mol: eos.molar_mass,
            t_crit_k: t_crit,
            p_crit_pa: p_crit,
            t_triple_k: t_triple,
            p_triple_pa: p_triple,
            t_nbp_k: t_nbp,
            t_max_k: eos.t_max,
            p_max_pa: eos.p_max,
            eos_source: eos.bibtex_eos,
            gwp100: None,
            ashrae34: None,
        };
        let fluid = Self {
            info,
            eos: helmholtz,
            r: eos.gas_constant,
            molar_mass: eos.molar_mass,
            t_red: eos.states.reducing.t,
            rho_red: eos.states.reducing.rhomolar,
            curves,
        };
        // A file whose equation cannot reproduce its own saturation curve is not usable.
        let mid = 0.5 * (t_triple + t_crit);
        fluid
            .saturation_at_temperature(mid)
            .map_err(|e| bad(format!("self-check at {mid:.2} K failed: {e}")))?;
        Ok(fluid)
    }

    /// Mutable access for the catalog, which adds designations and metadata.
    pub(crate) fn info_mut(&mut self) -> &mut FluidInfo {
        &mut self.info
    }

    fn name(&self) -> String {
        self.info.name.clone()
    }

    /// `h`, `s` per mole at `(T, rho)`; see the formulas in `helmholtz.rs`.
    fn molar(&self, t: f64, rho: f64) -> Molar {
        let delta = rho / self.rho_red;
        let tau = self.t_red / t;
        let d = self.eos.first(delta, tau);
        let rt = self.r * t;
        Molar {
            h: rt * (1.0 + tau * (d.a0_t + d.ar_t) + delta * d.ar_d),
            s: self.r * (tau * (d.a0_t + d.ar_t) - d.a0 - d.ar),
        }
    }

    /// `p(T, rho)` and `dp/drho|T` (molar density).
    fn pressure_and_slope(&self, t: f64, rho: f64) -> (f64, f64) {
        let delta = rho / self.rho_red;
        let (_, ar_d, ar_dd) = self.eos.residual_along_delta(delta, self.t_red / t);
        let rt = self.r * t;
        (
            rho * rt * (1.0 + delta * ar_d),
            rt * (1.0 + 2.0 * delta * ar_d + delta * delta * ar_dd),
        )
    }

    /// Molar `h`, `s` and isobaric heat capacity at `(T, rho)` from one set of derivatives:
    /// `cp = cv + T (dp/dT|rho)^2 / (rho^2 dp/drho|T)`.
    fn molar_with_cp(&self, t: f64, rho: f64) -> (Molar, f64) {
        let delta = rho / self.rho_red;
        let tau = self.t_red / t;
        let d = self.eos.full(delta, tau);
        let rt = self.r * t;
        let molar = Molar {
            h: rt * (1.0 + tau * (d.a0_t + d.ar_t) + delta * d.ar_d),
            s: self.r * (tau * (d.a0_t + d.ar_t) - d.a0 - d.ar),
        };
        let cv = -self.r * tau * tau * (d.a0_tt + d.ar_tt);
        let dp_dt = rho * self.r * (1.0 + delta * d.ar_d - delta * tau * d.ar_dt);
        let dp_drho = rt * (1.0 + 2.0 * delta * d.ar_d + delta * delta * d.ar_dd);
        (molar, cv + t * dp_dt * dp_dt / (rho * rho * dp_drho))
    }

    /// Molar density of the given single phase at `(T, p)`; see the module doc for the brackets.
    fn density(&self, t: f64, p: f64, liquid: bool, warm: Option<f64>) -> Option<f64> {
        let f = |rho: f64| {
            let (value, slope) = self.pressure_and_slope(t, rho);
            Some((value - p, slope))
        };
        let tol = |rho: f64| 1e-13 * rho.max(1e-9);
        let sat = self.curves.at_temperature(t);
        match (sat, liquid) {
            (Some(sat), false) => {
                let start = warm.unwrap_or(p / (self.r * t));
                increasing_root(f, 0.0, sat.rho_vapour, start, tol(start))
            }
            (Some(sat), true) => {
                let mut hi = sat.rho_liquid * 1.05;
                for _ in 0..60 {
                    if self.pressure_and_slope(t, hi).0 > p {
                        break;
                    }
                    hi *= 1.05;
                }
                let start = warm.unwrap_or(sat.rho_liquid);
                increasing_root(f, sat.rho_liquid, hi, start, tol(sat.rho_liquid))
            }
            // Above the critical temperature p(rho) has no loop: grow the ideal-gas bracket.
            (None, _) => {
                let start = warm.unwrap_or(p / (self.r * t));
                let mut hi = 2.0 * start;
                for _ in 0..60 {
                    if self.pressure_and_slope(t, hi).0 > p {
                        break;
                    }
                    hi *= 1.5;
                }
                increasing_root(f, 0.0, hi, start, tol(start))
            }
        }
    }

    fn state(&self, t: f64, rho: f64, p: f64, phase: Phase) -> State {
        let m = self.molar(t, rho);
        State {
            t_k: t,
            p_pa: p,
            h_j_per_kg: m.h / self.molar_mass,
            s_j_per_kg_k: m.s / self.molar_mass,
            rho_kg_per_m3: rho * self.molar_mass,
            phase,
        }
    }

    fn finite(&self, what: &'static str, value: f64) -> Result<(), FluidError> {
        if value.is_finite() {
            Ok(())
        } else {
            Err(FluidError::NotFinite {
                fluid: self.name(),
                what,
                value,
            })
        }
    }

    /// Saturation pressure range check (the curve is open at the critical end).
    fn check_saturation_pressure(&self, p: f64) -> Result<(), FluidError> {
        self.finite("pressure", p)?;
        if p < self.info.p_triple_pa {
            return Err(FluidError::BelowTriple {
                fluid: self.name(),
                quantity: Quantity::Pressure,
                value: p,
                triple: self.info.p_triple_pa,
            });
        }
        if p >= self.info.p_crit_pa {
            return Err(FluidError::AboveCritical {
                fluid: self.name(),
                quantity: Quantity::Pressure,
                value: p,
                critical: self.info.p_crit_pa,
            });
        }
        Ok(())
    }

    fn not_converged(&self, operation: &'static str, inputs: Inputs) -> FluidError {
        FluidError::NotConverged {
            fluid: self.name(),
            operation,
            inputs: inputs.to_string(),
        }
    }

    /// Solves the temperature at which a single-phase state at `p` has the given `h` (or `s`).
    ///
    /// Safeguarded Newton on `f(T) = h(T, p) - h` with `df/dT = c_p` (entropy: `c_p / T`), on the bracket
    /// `[T_sat, T_max]` (vapour) or `[T_triple, T_sat]` (liquid). The start is one Newton step from the
    /// saturated end, and each density solve starts from the previous density. A target beyond the
    /// equation's range drives the iterate to the bracket end, where the residual check reports it.
    fn flash_single_phase(
        &self,
        p: f64,
        target: f64,
        quantity: Quantity,
        sat: &Saturation,
    ) -> Result<State, FluidError> {
        let is_h = quantity == Quantity::Enthalpy;
        let pick = |s: &State| if is_h { s.h_j_per_kg } else { s.s_j_per_kg_k };
        let liquid = target < pick(&sat.liquid);
        let (edge, lo, hi) = if liquid {
            (sat.liquid, self.info.t_triple_k, sat.t_k)
        } else {
            (sat.vapour, sat.t_k, self.info.t_max_k)
        };
        let warm = std::cell::Cell::new(edge.rho_kg_per_m3 / self.molar_mass);
        // f(T) = property(T, p) - target and its slope, per kg.
        let f = |t: f64| {
            let rho = self.density(t, p, liquid, Some(warm.get()))?;
            warm.set(rho);
            let (m, cp) = self.molar_with_cp(t, rho);
            let cp = cp / self.molar_mass;
            Some(if is_h {
                (m.h / self.molar_mass - target, cp)
            } else {
                (m.s / self.molar_mass - target, cp / t)
            })
        };
        let (_, slope_edge) = f(edge.t_k).ok_or_else(|| {
            self.not_converged(
                "density",
                Inputs(Quantity::Pressure, p, Quantity::Temperature, edge.t_k),
            )
        })?;
        let start = edge.t_k - (pick(&edge) - target) / slope_edge;
        let inputs = || Inputs(Quantity::Pressure, p, quantity, target);
        let t = increasing_root(f, lo, hi, start, 1e-10)
            .ok_or_else(|| self.not_converged("flash", inputs()))?;
        let rho = self
            .density(t, p, liquid, Some(warm.get()))
            .ok_or_else(|| self.not_converged("density", inputs()))?;
        let phase = if liquid { Phase::Liquid } else { Phase::Vapour };
        let state = self.state(t, rho, p, phase);
        let scale = if is_h { 1.0 } else { 1e-3 };
        if (pick(&state) - target).abs() > 1e-6 * scale * (1.0 + target.abs()) {
            let bound = |t: f64| {
                self.density(t, p, liquid, None)
                    .map_or(f64::NAN, |rho| pick(&self.state(t, rho, p, phase)))
            };
            return Err(FluidError::OutOfRange {
                fluid: self.name(),
                quantity,
                value: target,
                min: bound(lo),
                max: bound(hi),
            });
        }
        Ok(state)
    }

    /// Two-phase-aware flash shared by `(p, h)` and `(p, s)`.
    fn flash(&self, p: f64, target: f64, quantity: Quantity) -> Result<State, FluidError> {
        self.finite(quantity.field(), target)?;
        let sat = self.saturation_at_pressure(p)?;
        let pick = |s: &State| match quantity {
            Quantity::Enthalpy => s.h_j_per_kg,
            _ => s.s_j_per_kg_k,
        };
        let (low, high) = (pick(&sat.liquid), pick(&sat.vapour));
        if target < low || target > high {
            return self.flash_single_phase(p, target, quantity, &sat);
        }
        let x = (target - low) / (high - low);
        let mix = |a: f64, b: f64| a + x * (b - a);
        let specific_volume = mix(
            1.0 / sat.liquid.rho_kg_per_m3,
            1.0 / sat.vapour.rho_kg_per_m3,
        );
        Ok(State {
            t_k: sat.t_k,
            p_pa: p,
            h_j_per_kg: mix(sat.liquid.h_j_per_kg, sat.vapour.h_j_per_kg),
            s_j_per_kg_k: mix(sat.liquid.s_j_per_kg_k, sat.vapour.s_j_per_kg_k),
            rho_kg_per_m3: 1.0 / specific_volume,
            phase: Phase::TwoPhase(x),
        })
    }
}

impl Quantity {
    fn field(self) -> &'static str {
        match self {
            Quantity::Temperature => "temperature",
            Quantity::Pressure => "pressure",
            Quantity::Enthalpy => "enthalpy",
            Quantity::Entropy => "entropy",
        }
    }
}

impl FluidModel for MultiparameterFluid {
    fn info(&self) -> &FluidInfo {
        &self.info
    }

    fn saturation_at_temperature(&self, t_k: f64) -> Result<Saturation, FluidError> {
        self.finite("temperature", t_k)?;
        if t_k < self.info.t_triple_k {
            return Err(FluidError::BelowTriple {
                fluid: self.name(),
                quantity: Quantity::Temperature,
                value: t_k,
                triple: self.info.t_triple_k,
            });
        }
        // The critical point itself is excluded: both phases merge and the non-analytic terms are singular.
        if t_k >= self.info.t_crit_k - 1e-3 {
            return Err(FluidError::AboveCritical {
                fluid: self.name(),
                quantity: Quantity::Temperature,
                value: t_k,
                critical: self.info.t_crit_k,
            });
        }
        let c = self.curves.at_temperature(t_k).ok_or_else(|| {
            self.not_converged(
                "saturation",
                Inputs(Quantity::Temperature, t_k, Quantity::Temperature, t_k),
            )
        })?;
        Ok(Saturation {
            t_k,
            p_pa: c.p,
            liquid: self.state(t_k, c.rho_liquid, c.p, Phase::Liquid),
            vapour: self.state(t_k, c.rho_vapour, c.p, Phase::Vapour),
        })
    }

    fn saturation_at_pressure(&self, p_pa: f64) -> Result<Saturation, FluidError> {
        self.check_saturation_pressure(p_pa)?;
        let t = self.curves.temperature_at_pressure(p_pa).ok_or_else(|| {
            self.not_converged(
                "saturation",
                Inputs(Quantity::Pressure, p_pa, Quantity::Pressure, p_pa),
            )
        })?;
        let mut sat = self.saturation_at_temperature(t)?;
        sat.p_pa = p_pa;
        sat.liquid.p_pa = p_pa;
        sat.vapour.p_pa = p_pa;
        Ok(sat)
    }

    fn state_at_pt(&self, p_pa: f64, t_k: f64) -> Result<State, FluidError> {
        self.finite("pressure", p_pa)?;
        self.finite("temperature", t_k)?;
        let range = |quantity, value, min, max| FluidError::OutOfRange {
            fluid: self.name(),
            quantity,
            value,
            min,
            max,
        };
        if !(t_k >= self.info.t_triple_k && t_k <= self.info.t_max_k) {
            return Err(range(
                Quantity::Temperature,
                t_k,
                self.info.t_triple_k,
                self.info.t_max_k,
            ));
        }
        if !(p_pa > 0.0 && p_pa < self.info.p_crit_pa) {
            return Err(range(Quantity::Pressure, p_pa, 0.0, self.info.p_crit_pa));
        }
        let liquid = self
            .curves
            .at_temperature(t_k)
            .is_some_and(|c| p_pa >= c.p && t_k < self.info.t_crit_k);
        let rho = self.density(t_k, p_pa, liquid, None).ok_or_else(|| {
            self.not_converged(
                "density",
                Inputs(Quantity::Pressure, p_pa, Quantity::Temperature, t_k),
            )
        })?;
        let phase = if liquid { Phase::Liquid } else { Phase::Vapour };
        Ok(self.state(t_k, rho, p_pa, phase))
    }

    fn flash_ps(&self, p_pa: f64, s_j_per_kg_k: f64) -> Result<State, FluidError> {
        self.flash(p_pa, s_j_per_kg_k, Quantity::Entropy)
    }

    fn flash_ph(&self, p_pa: f64, h_j_per_kg: f64) -> Result<State, FluidError> {
        self.flash(p_pa, h_j_per_kg, Quantity::Enthalpy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_files_are_errors_not_panics() {
        for text in [
            "",
            "{",
            "{\"EOS\": []}",
            "{\"EOS\": [{}], \"INFO\": {\"NAME\": \"x\"}}",
        ] {
            assert!(matches!(
                MultiparameterFluid::from_coolprop_json("x.json", text),
                Err(FluidError::BadFile { .. })
            ));
        }
    }
}
