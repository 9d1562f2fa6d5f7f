//! Compressor stages of a superstructure: for each pair of levels a stage may join and each technology the
//! cycle may build it with, one machine whose modes compress each suction state (saturated or superheated
//! vapour of the lower level, or a discharge into it, the linear form of mixing without intercooling).
//!
//! ```text
//! compressor l>m t   X -> D[X>m t]        power w = (h_2s - h_X) / eta_is,t(r),  r = p_m / p_l
//!                                          swept volume v_X / eta_vol,t(r); oil-injected: the oil cooler
//!                                          releases q_oil from T_D to T_oil (machines/compressor.rs)
//! ```
//!
//! Limits, each removal with its reason: the template's (suction pressure, pressure ratio, discharge
//! temperature), the technology's (pressure ratio, discharge temperature, suction pressure, rating for the
//! fluid's family), and suction below atmospheric pressure unless the case allows it. A machine's modes
//! discharge into one pipe, so the discharge temperature limit holds for their mixture: a mode above it is
//! kept when the machine has a mode below it, and the MILP keeps the mixed enthalpy below the limit's
//! (`CompressorUnit::discharge_excess_j_per_kg`); a machine none of whose modes is below it is removed.

use super::build::{Builder, c};
use super::graph::{
    CompressorUnit, GridRule, Machine, StateRole, UnitHeat, UnitKind, UnitNode, VesselFlow,
};
use crate::case::StreamKind;
use crate::fluids::Phase;
use crate::machines::{Compression, CompressorChoice, Efficiencies, Technology};
use crate::units::{celsius_to_kelvin, kelvin_to_celsius};
use petgraph::stable_graph::NodeIndex;

/// Atmospheric pressure (Pa): suction below it draws air into the plant through any leak.
const ATMOSPHERIC_PA: f64 = 101_325.0;

/// One mode worked out before it is added: its suction state and compression.
struct Mode {
    suction: NodeIndex,
    compression: Compression,
}

impl Builder<'_> {
    /// Compressor machines level by level from the bottom, so that discharges into a level exist before they
    /// are offered for recompression from it.
    pub(super) fn add_compressors(&mut self) {
        let n = self.levels.len();
        let units = self.template.units.clone();
        let choices = self.settings.compressors.clone();
        let mut discharges_into: Vec<Vec<NodeIndex>> = vec![Vec::new(); n];
        for l in 0..n {
            let mut suctions: Vec<NodeIndex> = vec![self.vapour[l]];
            suctions.extend(self.superheated[l]);
            if units.recompression {
                suctions.extend(discharges_into[l].iter().copied());
            }
            for (m, into_m) in discharges_into.iter_mut().enumerate().skip(l + 1) {
                if !Self::reaches(units.compressors, l, m) {
                    continue;
                }
                if let Some(reason) = self.stage_limit(l, m) {
                    self.remove(format!("compressor {l}>{m}"), reason);
                    continue;
                }
                let candidates: Vec<&CompressorChoice> = choices
                    .iter()
                    .filter(|choice| match self.technology_limit(choice, l, m) {
                        Some(reason) => {
                            self.remove(Self::machine_name(choice, l, m), reason);
                            false
                        }
                        None => true,
                    })
                    .collect();
                let mut modes: Vec<Vec<Mode>> = candidates.iter().map(|_| Vec::new()).collect();
                let h_max: Vec<f64> = candidates.iter().map(|c| self.h_max(c, m)).collect();
                for &x in &suctions {
                    self.add_modes_from(x, (l, m), &candidates, &h_max, &mut modes);
                }
                for (choice, modes) in candidates.into_iter().zip(modes) {
                    into_m.extend(self.add_machine(choice, l, m, modes));
                }
            }
        }
    }

    /// A machine's name: `compressor l>m`, with its technology unless it is the ideal machine.
    fn machine_name(choice: &CompressorChoice, l: usize, m: usize) -> String {
        match choice.technology {
            Technology::Ideal => format!("compressor {l}>{m}"),
            t => format!("compressor {l}>{m} {}", t.name()),
        }
    }

    /// The modes of each candidate machine of stage `l>m` from suction `x`, pushed onto `modes` (one list
    /// per candidate; `h_max` their discharge limits), each removal with its reason. A mode is removed when another technology's mode from
    /// the same suction beats it on both counts: no more shaft work and no more swept volume per kg (one
    /// cost curve prices both by swept volume, one drive turns both), discharging within its own limit. The
    /// dominated mode's extra work would only leave as discharge heat: electric heating at a COP of one.
    /// Efficiencies are compared first; only a mode that is not dominated, or that dominates, has its outlet
    /// state worked out (the property calls are most of an instantiation's time). (Over 80 lines: the
    /// compressions completed on demand are shared by the dominance test and the modes kept, through one
    /// closure over `self`; split, each part would take them and `self` back and forth.)
    fn add_modes_from(
        &mut self,
        x: NodeIndex,
        (l, m): (usize, usize),
        candidates: &[&CompressorChoice],
        h_max: &[f64],
        modes: &mut [Vec<Mode>],
    ) {
        let label = |choice: &CompressorChoice, b: &Self| {
            format!("{} [{}]", Self::machine_name(choice, l, m), b.label_of(x))
        };
        let inlet = self.state_of(x);
        let p_out = self.state_of(self.vapour[m]).p_pa;
        let fluid = self.fluid;
        let isentropic = self
            .isentropic
            .entry((x, m))
            .or_insert_with(|| {
                fluid
                    .flash_ps(p_out, inlet.s_j_per_kg_k)
                    .map_err(|e| e.to_string())
            })
            .clone();
        let efficiencies: Vec<Option<Efficiencies>> = candidates
            .iter()
            .map(|choice| {
                match isentropic
                    .clone()
                    .and_then(|s| choice.data.efficiencies(&inlet, &s))
                {
                    Ok(e) => Some(e),
                    Err(reason) => {
                        self.remove(label(choice, self), reason);
                        None
                    }
                }
            })
            .collect();
        let swept = |e: &Efficiencies| 1.0 / (inlet.rho_kg_per_m3 * e.eta_vol);
        // Each candidate's compression, worked out once when first needed; `None` inside: removed.
        let mut complete: Vec<Option<Option<Compression>>> = vec![None; candidates.len()];
        let mut compression_of = |b: &mut Self, i: usize| -> Option<Compression> {
            if complete[i].is_none() {
                let choice = candidates[i];
                let e = efficiencies[i]
                    .as_ref()
                    .expect("only candidates with efficiencies");
                let done = match choice.data.complete(fluid, &inlet, e) {
                    Ok(c) if !matches!(c.outlet.phase, Phase::Vapour) => {
                        b.remove(
                            label(choice, b),
                            "wet discharge: the isentrope ends in the dome".into(),
                        );
                        None
                    }
                    Ok(c) => Some(c),
                    Err(reason) => {
                        b.remove(label(choice, b), reason);
                        None
                    }
                };
                complete[i] = Some(done);
            }
            complete[i].flatten()
        };
        for (i, choice) in candidates.iter().enumerate() {
            let Some(e) = efficiencies[i] else { continue };
            let (w, v) = (e.shaft_work_j_per_kg, swept(&e));
            let mut winner = None;
            for (a, rival) in candidates.iter().enumerate() {
                let Some(ea) = efficiencies[a] else { continue };
                let (w_a, v_a) = (ea.shaft_work_j_per_kg, swept(&ea));
                let beats = a != i
                    && rival.electric == choice.electric
                    && w_a <= w
                    && v_a <= v
                    && (w_a < w || v_a < v || a < i);
                if !beats {
                    continue;
                }
                let usable =
                    compression_of(self, a).is_some_and(|c| c.outlet.h_j_per_kg <= h_max[a]);
                if usable {
                    winner = Some((rival.technology, w_a, v_a));
                    break;
                }
            }
            match winner {
                Some((technology, w_a, v_a)) => {
                    let reason = format!(
                        "dominated by the {} machine: {:.1} kJ/kg of work and {:.4} m3/kg swept, against \
                         {:.1} and {:.4}",
                        technology.name(),
                        w_a / 1e3,
                        v_a,
                        w / 1e3,
                        v
                    );
                    self.remove(label(choice, self), reason);
                }
                None => {
                    if let Some(compression) = compression_of(self, i) {
                        modes[i].push(Mode {
                            suction: x,
                            compression,
                        });
                    }
                }
            }
        }
    }

    /// The enthalpy of a machine's discharge limit at level `m`'s pressure (J/kg).
    fn h_max(&self, choice: &CompressorChoice, m: usize) -> f64 {
        let p_out = self.state_of(self.vapour[m]).p_pa;
        self.fluid
            .state_at_pt(p_out, self.max_discharge_k(choice))
            .map(|s| s.h_j_per_kg)
            .unwrap_or(f64::INFINITY)
    }

    /// Adds one machine's modes, with the mixed-discharge row where some mode discharges above its limit;
    /// returns the discharges of first compressions (offered for recompression, depth one).
    fn add_machine(
        &mut self,
        choice: &CompressorChoice,
        l: usize,
        m: usize,
        modes: Vec<Mode>,
    ) -> Vec<NodeIndex> {
        if modes.is_empty() {
            return Vec::new();
        }
        let name = Self::machine_name(choice, l, m);
        let t_max = self.max_discharge_k(choice);
        let h_max = self.h_max(choice, m);
        let above = |mode: &Mode| mode.compression.outlet.h_j_per_kg > h_max;
        if modes.iter().all(above) {
            for mode in &modes {
                let label = format!("{name} [{}]", self.label_of(mode.suction));
                let reason = format!(
                    "discharge {} above the maximum {:.1} °C",
                    c(mode.compression.outlet.t_k),
                    kelvin_to_celsius(t_max)
                );
                self.remove(label, reason);
            }
            return Vec::new();
        }
        let needs_row = modes.iter().any(above);
        let mut first = Vec::new();
        for mode in &modes {
            let excess = needs_row.then_some(mode.compression.outlet.h_j_per_kg - h_max);
            let d = self.add_mode(&name, choice, mode, l, m, excess);
            if matches!(
                self.role_of(mode.suction),
                StateRole::Vapour | StateRole::Superheated
            ) {
                first.push(d);
            }
        }
        first
    }

    /// The highest discharge temperature of a machine (K): the template's or its technology's, the lower.
    fn max_discharge_k(&self, choice: &CompressorChoice) -> f64 {
        let template = self.template.limits.max_discharge_temperature_c;
        let own = choice
            .data
            .max_discharge_temperature_c
            .unwrap_or(f64::INFINITY);
        celsius_to_kelvin(template.min(own))
    }

    /// Why the template's limits forbid a compressor stage from level `l` to `m`, if they do: suction
    /// pressure, pressure ratio.
    fn stage_limit(&self, l: usize, m: usize) -> Option<String> {
        let limits = &self.template.limits;
        let p_suction = self.state_of(self.vapour[l]).p_pa;
        let p_discharge = self.state_of(self.vapour[m]).p_pa;
        if p_suction < limits.min_suction_pressure_kpa * 1e3 {
            return Some(format!(
                "suction pressure {:.1} kPa below the minimum {:.1} kPa",
                p_suction / 1e3,
                limits.min_suction_pressure_kpa
            ));
        }
        if !self.settings.subatmospheric_suction && p_suction < ATMOSPHERIC_PA {
            return Some(format!(
                "suction pressure {:.1} kPa below atmospheric pressure (air leaks in; allow it with \
                 [heat_pump] subatmospheric_suction = true)",
                p_suction / 1e3
            ));
        }
        let ratio = p_discharge / p_suction;
        if ratio > limits.max_pressure_ratio {
            return Some(format!(
                "pressure ratio {ratio:.2} above the maximum {:.2}",
                limits.max_pressure_ratio
            ));
        }
        None
    }

    /// Why a technology cannot be the stage from `l` to `m`, if it cannot: not sold for the fluid, discharge
    /// pressure above its rating, pressure ratio above its own maximum, suction below its own minimum.
    fn technology_limit(&self, choice: &CompressorChoice, l: usize, m: usize) -> Option<String> {
        let data = &choice.data;
        let what = format!("{} compressors", choice.technology.name());
        let p_suction = self.state_of(self.vapour[l]).p_pa;
        let p_discharge = self.state_of(self.vapour[m]).p_pa;
        let Some(rating) = data.rating_pa(self.family) else {
            return Some(format!(
                "{what} are not sold for {} fluids",
                self.family.name()
            ));
        };
        if p_discharge > rating {
            return Some(format!(
                "discharge pressure {:.0} kPa above the rating of {what} for {} ({:.0} kPa)",
                p_discharge / 1e3,
                self.family.name(),
                rating / 1e3
            ));
        }
        let ratio = p_discharge / p_suction;
        if ratio > data.max_pressure_ratio {
            return Some(format!(
                "pressure ratio {ratio:.2} above the maximum of {what} ({:.2})",
                data.max_pressure_ratio
            ));
        }
        if let Some(min) = data.min_suction_pressure_kpa
            && p_suction < min * 1e3
        {
            return Some(format!(
                "suction pressure {:.1} kPa below the minimum of {what} ({min:.1} kPa)",
                p_suction / 1e3
            ));
        }
        None
    }

    /// Adds one mode: its discharge state `D[X>m t]` and the unit (with its grid-mode twin when it draws
    /// through a flash tank). Returns the discharge state.
    fn add_mode(
        &mut self,
        name: &str,
        choice: &CompressorChoice,
        mode: &Mode,
        l: usize,
        m: usize,
        discharge_excess_j_per_kg: Option<f64>,
    ) -> NodeIndex {
        let x = mode.suction;
        let inlet = self.state_of(x);
        let c = &mode.compression;
        let d_label = match choice.technology {
            Technology::Ideal => format!("D[{}>{m}]", self.label_of(x)),
            t => format!("D[{}>{m} {}]", self.label_of(x), t.name()),
        };
        let d = self.add_state(
            d_label,
            m,
            StateRole::Discharge { from: x.index() },
            c.outlet,
        );
        let vessel_flow = self.suction_vessel_flow(x, l);
        let unit = UnitNode {
            label: format!("{name} [{}]", self.label_of(x)),
            kind: UnitKind::Compressor,
            // An oil-injected machine's oil cooler releases heat from the discharge temperature to the oil's.
            heat: c.oil_heat.map(|oil| UnitHeat {
                kind: StreamKind::Hot,
                t_from_k: oil.t_from_k,
                t_to_k: oil.t_to_k,
                q_j_per_kg: oil.q_j_per_kg,
            }),
            power_j_per_kg: c.shaft_work_j_per_kg,
            machine: Some(Machine::Compressor {
                from: l,
                to: m,
                technology: choice.technology,
            }),
            volume_per_kg: 1.0 / inlet.rho_kg_per_m3,
            vessel_flow,
            compressor: Some(CompressorUnit {
                technology: choice.technology,
                pressure_ratio: c.pressure_ratio,
                eta_is: c.eta_is,
                eta_vol: c.eta_vol,
                discharge_pressure_pa: c.outlet.p_pa,
                swept_volume_per_kg: 1.0 / (inlet.rho_kg_per_m3 * c.eta_vol),
                discharge_excess_j_per_kg,
            }),
            grid_rule: GridRule::Always,
        };
        // For grid mode the same compressor without the vessel, for when `l` is the bottom level used.
        if vessel_flow.is_some() && self.template.level_binaries {
            let twin = UnitNode {
                label: format!("{} (bottom)", unit.label),
                vessel_flow: None,
                grid_rule: GridRule::NothingBelow(l),
                ..unit.clone()
            };
            self.add_unit(twin, &[(x, 1.0)], &[(d, 1.0)]);
            let unit = UnitNode {
                grid_rule: GridRule::NeedsBelow(l),
                ..unit
            };
            self.add_unit(unit, &[(x, 1.0)], &[(d, 1.0)]);
        } else {
            self.add_unit(unit, &[(x, 1.0)], &[(d, 1.0)]);
        }
        d
    }

    /// The vessel a compressor's suction vapour passes: at an intermediate level (one below it, one above
    /// it) with flash tanks, vapour drawn from the level's saturated (or superheated) vapour leaves the level's
    /// flash tank, which is sized on that outlet and its liquid outlet, `t_res (m_L / rho' + m_V / rho'')`, as
    /// the `heatpumps` package sizes its flash tank (HeatPumpBase.calc_cost, v1.5.2). A discharge compressed
    /// again (mixing outside the vessel, an open economiser) passes none.
    fn suction_vessel_flow(&self, x: NodeIndex, l: usize) -> Option<VesselFlow> {
        let drawn_from_level =
            matches!(self.role_of(x), StateRole::Vapour | StateRole::Superheated);
        (self.template.units.flash_tanks && drawn_from_level && l > 0).then(|| VesselFlow {
            level: l,
            volume_per_kg: 1.0 / self.state_of(self.vapour[l]).rho_kg_per_m3,
        })
    }
}
