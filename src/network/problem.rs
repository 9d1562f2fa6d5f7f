//! A heat exchanger network synthesis problem: hot and cold streams of constant heat capacity flow rate, one
//! hot and one cold utility, the annualised cost law of each kind of exchanger, and the matches a case
//! forbids. SI inside (K, W/K, W/(m2 K), W); money per year in the problem's currency.

use serde::Serialize;

/// A process stream of constant heat capacity flow rate between its supply and target temperatures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HensStream {
    pub name: String,
    pub t_in_k: f64,
    pub t_out_k: f64,
    /// Heat capacity flow rate F = m cp (W/K).
    pub f_w_per_k: f64,
    /// Film coefficient (W/(m2 K)).
    pub h_w_per_m2k: f64,
}

impl HensStream {
    /// Heat to remove (hot) or to add (cold) (W).
    pub fn duty_w(&self) -> f64 {
        self.f_w_per_k * (self.t_in_k - self.t_out_k).abs()
    }
}

/// A utility: inlet and outlet temperature (equal for steam or a refrigerant level), film, price.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HensUtility {
    pub name: String,
    pub t_in_k: f64,
    pub t_out_k: f64,
    pub h_w_per_m2k: f64,
    /// Price of the heat it delivers or removes (currency per W and year).
    pub price_per_w_yr: f64,
}

/// The annualised cost of one exchanger of area A: `fixed + coeff * A^exponent` (currency/yr, A in m2).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CostLaw {
    pub fixed_per_yr: f64,
    pub coeff_per_yr: f64,
    pub exponent: f64,
}

impl CostLaw {
    pub fn annual_cost(&self, area_m2: f64) -> f64 {
        self.fixed_per_yr + self.coeff_per_yr * area_m2.max(0.0).powf(self.exponent)
    }
}

/// Which kind of exchanger a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Process stream to process stream.
    Recovery,
    /// Hot utility to a cold stream.
    Heater,
    /// A hot stream to the cold utility.
    Cooler,
}

/// The whole problem.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HensProblem {
    pub name: String,
    pub currency: String,
    pub hot: Vec<HensStream>,
    pub cold: Vec<HensStream>,
    pub hot_utility: HensUtility,
    pub cold_utility: HensUtility,
    pub recovery_cost: CostLaw,
    pub heater_cost: CostLaw,
    pub cooler_cost: CostLaw,
    /// Matches (hot index, cold index) that may not exchange heat directly.
    pub forbidden: Vec<(usize, usize)>,
}

impl HensProblem {
    pub fn cost_law(&self, kind: UnitKind) -> &CostLaw {
        match kind {
            UnitKind::Recovery => &self.recovery_cost,
            UnitKind::Heater => &self.heater_cost,
            UnitKind::Cooler => &self.cooler_cost,
        }
    }

    pub fn allowed(&self, hot: usize, cold: usize) -> bool {
        !self.forbidden.contains(&(hot, cold))
    }

    /// What makes the problem ill-posed, in words naming the stream or utility and the fix.
    pub fn check(&self) -> Result<(), String> {
        if self.hot.is_empty() && self.cold.is_empty() {
            return Err("no process streams: give at least one hot or cold stream".into());
        }
        for s in &self.hot {
            check_stream(s, true)?;
        }
        for s in &self.cold {
            check_stream(s, false)?;
        }
        for u in [&self.hot_utility, &self.cold_utility] {
            let finite = [u.t_in_k, u.t_out_k, u.h_w_per_m2k, u.price_per_w_yr];
            if finite.iter().any(|v| !v.is_finite()) || u.h_w_per_m2k <= 0.0 {
                return Err(format!(
                    "utility \"{}\": temperatures, price and a positive film coefficient are needed",
                    u.name
                ));
            }
        }
        let hot_u = &self.hot_utility;
        if let Some(s) = self
            .cold
            .iter()
            .find(|s| hot_u.t_in_k.max(hot_u.t_out_k) <= s.t_out_k)
        {
            return Err(format!(
                "hot utility \"{}\" at {:.2} K cannot heat cold stream \"{}\" to {:.2} K: give a hotter utility",
                hot_u.name,
                hot_u.t_in_k.max(hot_u.t_out_k),
                s.name,
                s.t_out_k
            ));
        }
        let cold_u = &self.cold_utility;
        if let Some(s) = self
            .hot
            .iter()
            .find(|s| cold_u.t_in_k.min(cold_u.t_out_k) >= s.t_out_k)
        {
            return Err(format!(
                "cold utility \"{}\" at {:.2} K cannot cool hot stream \"{}\" to {:.2} K: give a colder utility",
                cold_u.name,
                cold_u.t_in_k.min(cold_u.t_out_k),
                s.name,
                s.t_out_k
            ));
        }
        for law in [self.recovery_cost, self.heater_cost, self.cooler_cost] {
            let sane = law.fixed_per_yr >= 0.0
                && law.coeff_per_yr >= 0.0
                && law.exponent > 0.0
                && law.exponent <= 1.0;
            if !sane {
                return Err(format!(
                    "exchanger cost law {law:?}: fixed and area coefficients must be >= 0 and the exponent in (0, 1]"
                ));
            }
        }
        Ok(())
    }
}

fn check_stream(s: &HensStream, hot: bool) -> Result<(), String> {
    let side = if hot { "hot" } else { "cold" };
    let finite = [s.t_in_k, s.t_out_k, s.f_w_per_k, s.h_w_per_m2k];
    if finite.iter().any(|v| !v.is_finite()) || s.f_w_per_k <= 0.0 || s.h_w_per_m2k <= 0.0 {
        return Err(format!(
            "{side} stream \"{}\": temperatures, a positive heat capacity flow rate and a positive film coefficient are needed",
            s.name
        ));
    }
    if (hot && s.t_in_k <= s.t_out_k) || (!hot && s.t_in_k >= s.t_out_k) {
        return Err(format!(
            "{side} stream \"{}\" goes from {:.2} K to {:.2} K: a {side} stream must {} (swap its temperatures or its side)",
            s.name,
            s.t_in_k,
            s.t_out_k,
            if hot { "cool down" } else { "heat up" }
        ));
    }
    Ok(())
}
