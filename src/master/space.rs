//! The master's search space: per cycle a fluid (categorical) and `n` saturation levels (continuous within
//! the fluid's usable range), repaired to stay sorted and at least a minimum gap apart.

use crate::case::Case;
use crate::fluids::{FluidModel, fluid};
use crate::slave::{CycleChoice, SlaveSettings};
use crate::superstructure::Template;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Genes of one cycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleGene {
    /// Index into [`Space::fluids`].
    pub fluid: usize,
    /// Saturation temperatures (K), ascending after repair.
    pub levels_k: Vec<f64>,
}

/// One candidate of the master.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Genome {
    pub cycles: Vec<CycleGene>,
    /// The refrigerant's dT_min/2 (K), when the case makes it a variable (`dt_min_half_k_range`).
    #[serde(default)]
    pub dt_min_half_k: Option<f64>,
}

/// A candidate fluid and the range its levels may take (K).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FluidRange {
    pub name: String,
    pub t_min_k: f64,
    pub t_max_k: f64,
}

/// Why no search space exists.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpaceError {
    #[error(
        "no candidate fluid can place {levels} levels {gap} K apart between the case's level bounds: {reasons}"
    )]
    NoFluid {
        levels: usize,
        gap: f64,
        reasons: String,
    },
    #[error(transparent)]
    Template(#[from] crate::superstructure::TemplateError),
}

/// The search space of a case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Space {
    pub fluids: Vec<FluidRange>,
    pub cycles: usize,
    pub levels: usize,
    pub min_gap_k: f64,
    /// Bounds of the refrigerant's dT_min/2 (K), when it is a variable.
    #[serde(default)]
    pub dt_range_k: Option<(f64, f64)>,
}

/// Atmospheric pressure (Pa), below which a level is no suction level unless the case allows it.
const ATMOSPHERIC_PA: f64 = 101_325.0;

/// Levels are rounded to this (K) so that equal designs share a cache key.
const RESOLUTION_K: f64 = 0.01;

impl Space {
    /// Usable range per fluid: above the triple point (+1 K), the case's lower bound and, unless the case
    /// allows suction below atmospheric pressure, the normal boiling point (a lower level could be no
    /// compressor's suction: superstructure/compressors.rs removes such stages), below the template's fraction
    /// of the critical temperature and the case's upper bound. Fluids that cannot hold the levels are
    /// left out; none left is an error naming why.
    pub fn new(case: &Case) -> Result<Space, SpaceError> {
        let h = &case.heat_pump;
        let template = Template::load(&h.template)?;
        let span_needed = h.min_level_gap_k * (h.max_levels as f64 - 1.0);
        let mut fluids = Vec::new();
        let mut reasons = Vec::new();
        for name in &h.fluids {
            let Ok(f) = fluid(name) else { continue };
            let info = f.info();
            let mut t_min_k = h.t_level_min_k.max(info.t_triple_k + 1.0);
            // Two resolution steps above the boiling point: a level rounded to the resolution stays above it.
            if !h.subatmospheric_suction
                && let Ok(sat) = f.saturation_at_pressure(ATMOSPHERIC_PA)
            {
                t_min_k = t_min_k.max(sat.t_k + 2.0 * RESOLUTION_K);
            }
            let t_max_k = h
                .t_level_max_k
                .min(template.limits.max_level_fraction_of_critical * info.t_crit_k - 0.1);
            if t_max_k - t_min_k < span_needed {
                reasons.push(format!(
                    "{name}: {:.1} K of range",
                    (t_max_k - t_min_k).max(0.0)
                ));
                continue;
            }
            fluids.push(FluidRange {
                name: info.name.clone(),
                t_min_k,
                t_max_k,
            });
        }
        if fluids.is_empty() {
            return Err(SpaceError::NoFluid {
                levels: h.max_levels,
                gap: h.min_level_gap_k,
                reasons: reasons.join("; "),
            });
        }
        Ok(Space {
            fluids,
            cycles: h.cycles,
            levels: h.max_levels,
            min_gap_k: h.min_level_gap_k,
            dt_range_k: h.dt_min_half_k_range,
        })
    }

    /// A uniformly random genome, repaired.
    pub fn random(&self, rng: &mut ChaCha8Rng) -> Genome {
        let cycles = (0..self.cycles)
            .map(|_| {
                let fluid = rng.random_range(0..self.fluids.len());
                let r = &self.fluids[fluid];
                let levels_k = (0..self.levels)
                    .map(|_| rng.random_range(r.t_min_k..=r.t_max_k))
                    .collect();
                CycleGene { fluid, levels_k }
            })
            .collect();
        let dt_min_half_k = self.dt_range_k.map(|(lo, hi)| rng.random_range(lo..=hi));
        let mut g = Genome {
            cycles,
            dt_min_half_k,
        };
        self.repair(&mut g);
        g
    }

    /// Clamps every level into its fluid's range, sorts, spreads levels to the minimum gap (upwards, then
    /// downwards from the top if the top overflowed), and rounds to 0.01 K; dT_min/2 likewise into its range
    /// (or none, without one).
    pub fn repair(&self, g: &mut Genome) {
        g.dt_min_half_k = self.dt_range_k.map(|(lo, hi)| {
            let dt = g.dt_min_half_k.filter(|d| d.is_finite()).unwrap_or(lo);
            (dt.clamp(lo, hi) / RESOLUTION_K).round() * RESOLUTION_K
        });
        for cycle in &mut g.cycles {
            cycle.fluid = cycle.fluid.min(self.fluids.len() - 1);
            let r = &self.fluids[cycle.fluid];
            let levels = &mut cycle.levels_k;
            levels.resize(self.levels, r.t_min_k);
            for t in levels.iter_mut() {
                *t = if t.is_finite() {
                    t.clamp(r.t_min_k, r.t_max_k)
                } else {
                    r.t_min_k
                };
            }
            levels.sort_by(f64::total_cmp);
            for i in 1..levels.len() {
                levels[i] = levels[i].max(levels[i - 1] + self.min_gap_k);
            }
            let last = levels.len() - 1;
            levels[last] = levels[last].min(r.t_max_k);
            for i in (0..last).rev() {
                levels[i] = levels[i].min(levels[i + 1] - self.min_gap_k);
            }
            for t in levels.iter_mut() {
                *t = (*t / RESOLUTION_K).round() * RESOLUTION_K;
            }
        }
    }

    /// Canonical key: fluids and levels at 0.01 K (and dT_min/2); equal keys are equal candidates.
    pub fn key(&self, g: &Genome) -> String {
        g.cycles
            .iter()
            .map(|c| {
                let levels: Vec<String> = c.levels_k.iter().map(|t| format!("{t:.2}")).collect();
                format!("{}:{}", self.fluids[c.fluid].name, levels.join(","))
            })
            .collect::<Vec<_>>()
            .join("|")
            + &g.dt_min_half_k
                .map_or(String::new(), |dt| format!("|dt:{dt:.2}"))
    }

    /// The cycles and dT_min/2 of a [`Space::key`] (`None` for a key this space did not write).
    pub fn parse_key(&self, key: &str) -> Option<(Vec<CycleChoice>, Option<f64>)> {
        let mut cycles = Vec::new();
        let mut dt = None;
        for part in key.split('|') {
            if let Some(v) = part.strip_prefix("dt:") {
                dt = Some(v.parse().ok()?);
                continue;
            }
            let (fluid, levels) = part.rsplit_once(':')?;
            if !self.fluids.iter().any(|f| f.name == fluid) {
                return None;
            }
            let levels_k = levels
                .split(',')
                .map(|t| t.parse::<f64>().ok())
                .collect::<Option<Vec<f64>>>()?;
            cycles.push(CycleChoice {
                fluid: fluid.to_string(),
                levels_k,
            });
        }
        Some((cycles, dt))
    }

    /// The slave settings of a genome: `base` with the genome's dT_min/2, if it has one.
    pub fn settings(&self, g: &Genome, base: &SlaveSettings) -> SlaveSettings {
        let mut s = base.clone();
        if let Some(dt) = g.dt_min_half_k {
            s.dt_min_half_k = dt;
        }
        s
    }

    /// The slave's view of a genome.
    pub fn choices(&self, g: &Genome) -> Vec<CycleChoice> {
        g.cycles
            .iter()
            .map(|c| CycleChoice {
                fluid: self.fluids[c.fluid].name.clone(),
                levels_k: c.levels_k.clone(),
            })
            .collect()
    }

    /// Index of a fluid by canonical name.
    pub fn fluid_index(&self, name: &str) -> Option<usize> {
        self.fluids.iter().position(|f| f.name == name)
    }

    /// The genome of a seed design, repaired into the space; `None` if a fluid or the cycle count is not
    /// this space's.
    pub fn genome_of(&self, seed: &super::SeedDesign) -> Option<Genome> {
        if seed.cycles.len() != self.cycles {
            return None;
        }
        let cycles = seed
            .cycles
            .iter()
            .map(|c| {
                let fluid = self.fluid_index(&c.fluid)?;
                let mut levels_k = c.levels_k.clone();
                // As many levels as the space has: the design's own, then copies of its top (repaired apart).
                levels_k.resize(self.levels, *c.levels_k.last()?);
                levels_k.truncate(self.levels);
                Some(CycleGene { fluid, levels_k })
            })
            .collect::<Option<Vec<_>>>()?;
        let mut g = Genome {
            cycles,
            dt_min_half_k: self.dt_range_k.and(seed.dt_min_half_k),
        };
        self.repair(&mut g);
        Some(g)
    }
}
