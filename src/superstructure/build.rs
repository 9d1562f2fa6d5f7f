//! Instantiation: a fluid, its levels and a template become a [`Superstructure`] with every state computed
//! and every unit that breaks a limit removed, with the reason.
//!
//! Coefficients per kg/s of unit flow (design.md §2.2):
//!
//! ```text
//! evaporator l      L_l -> V_l                      cold, isothermal T_l, q = h_V - h_L
//! superheater l     V_l -> S_l                      cold, T_l -> T_l + dT_sh, q = h_S - h_V
//! compressor l->m   X -> D[X>m], X in {V_l, S_l, D[V_k|S_k>l]}    power h_D - h_X, h_D from eta_is
//! after-cooler      D[X>m] -> V_m                   hot, T_D -> T_m, q = h_D - h_V,m
//! pre-saturator     D[X>m] + a L_m -> (1 + a) V_m,  a = (h_D - h_V,m) / (h_V,m - h_L,m)
//! condenser m       V_m -> L_m                      hot, isothermal T_m, q = h_V - h_L
//! subcooler m>k     L_m -> C[m>k]                   hot, T_m -> T_k, q = h_L,m - h_C
//! valve m->l        L_m or C[m>k] -> x V_l + (1 - x) L_l,  x from h = const at p_l
//! ```

use super::graph::{
    GridRule, Machine, Node, Removed, StateNode, StateRole, Superstructure, UnitHeat, UnitKind,
    UnitNode, VesselFlow,
};
use super::template::{Reach, Template};
use crate::case::StreamKind;
use crate::fluids::{FluidModel, Phase, State};
use crate::units::kelvin_to_celsius;
use petgraph::stable_graph::{NodeIndex, StableGraph};

/// Cycle settings that are not part of the template.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CycleSettings {
    pub eta_is: f64,
    /// Suction superheat for superheaters (K); 0 disables them.
    pub superheat_k: f64,
}

struct Builder<'a> {
    fluid: &'a dyn FluidModel,
    template: &'a Template,
    settings: CycleSettings,
    graph: StableGraph<Node, f64>,
    removed: Vec<Removed>,
    levels: Vec<f64>,
    liquid: Vec<NodeIndex>,
    vapour: Vec<NodeIndex>,
    superheated: Vec<Option<NodeIndex>>,
}

/// Builds the superstructure of `fluid` at `levels_k` (any order; duplicates are merged).
pub fn instantiate(
    fluid: &dyn FluidModel,
    levels_k: &[f64],
    template: &Template,
    settings: CycleSettings,
) -> Superstructure {
    let mut levels: Vec<f64> = levels_k.to_vec();
    levels.sort_by(f64::total_cmp);
    levels.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    let mut b = Builder {
        fluid,
        template,
        settings,
        graph: StableGraph::new(),
        removed: Vec::new(),
        levels: Vec::new(),
        liquid: Vec::new(),
        vapour: Vec::new(),
        superheated: Vec::new(),
    };
    b.add_levels(&levels);
    b.add_exchangers();
    b.add_compressors();
    b.add_discharge_coolers();
    b.add_subcoolers_and_valves();
    Superstructure {
        fluid: fluid.info().name.clone(),
        template: template.name.clone(),
        levels_k: b.levels,
        graph: b.graph,
        removed: b.removed,
    }
}

fn c(t_k: f64) -> String {
    format!("{:.1} °C", kelvin_to_celsius(t_k))
}

impl Builder<'_> {
    fn remove(&mut self, unit: String, reason: String) {
        self.removed.push(Removed { unit, reason });
    }

    fn add_state(
        &mut self,
        label: String,
        level: usize,
        role: StateRole,
        state: State,
    ) -> NodeIndex {
        self.graph.add_node(Node::State(StateNode {
            label,
            level,
            role,
            state,
        }))
    }

    fn add_unit(
        &mut self,
        unit: UnitNode,
        consumes: &[(NodeIndex, f64)],
        produces: &[(NodeIndex, f64)],
    ) -> NodeIndex {
        let u = self.graph.add_node(Node::Unit(unit));
        for &(s, coef) in consumes {
            self.graph.add_edge(s, u, coef);
        }
        for &(s, coef) in produces {
            self.graph.add_edge(u, s, coef);
        }
        u
    }

    fn state_of(&self, index: NodeIndex) -> State {
        match &self.graph[index] {
            Node::State(s) => s.state,
            Node::Unit(_) => unreachable!("state indices only point at states"), // invariant
        }
    }

    fn label_of(&self, index: NodeIndex) -> String {
        match &self.graph[index] {
            Node::State(s) => s.label.clone(),
            Node::Unit(u) => u.label.clone(),
        }
    }

    /// Keeps the levels that lie between the triple point and the template's fraction of the critical
    /// temperature, and adds `L_l`, `V_l` (and `S_l`) for each.
    fn add_levels(&mut self, requested: &[f64]) {
        let info = self.fluid.info().clone();
        let t_top = self.template.limits.max_level_fraction_of_critical * info.t_crit_k;
        for &t in requested {
            let label = format!("level {}", c(t));
            if t > t_top {
                self.remove(
                    label,
                    format!(
                        "above {:.0} % of the critical temperature ({})",
                        100.0 * self.template.limits.max_level_fraction_of_critical,
                        c(t_top)
                    ),
                );
                continue;
            }
            let sat = match self.fluid.saturation_at_temperature(t) {
                Ok(s) => s,
                Err(e) => {
                    self.remove(label, e.to_string());
                    continue;
                }
            };
            let l = self.levels.len();
            self.levels.push(t);
            let liquid = self.add_state(format!("L{l}"), l, StateRole::Liquid, sat.liquid);
            let vapour = self.add_state(format!("V{l}"), l, StateRole::Vapour, sat.vapour);
            self.liquid.push(liquid);
            self.vapour.push(vapour);
            let superheated = if self.template.units.superheaters && self.settings.superheat_k > 0.0
            {
                match self
                    .fluid
                    .state_at_pt(sat.p_pa, t + self.settings.superheat_k)
                {
                    Ok(s) => Some(self.add_state(format!("S{l}"), l, StateRole::Superheated, s)),
                    Err(e) => {
                        self.remove(format!("superheater {l}"), e.to_string());
                        None
                    }
                }
            } else {
                None
            };
            self.superheated.push(superheated);
        }
    }

    fn exchanger(&self, label: String, kind: UnitKind, level: usize, heat: UnitHeat) -> UnitNode {
        UnitNode {
            label,
            kind,
            heat: Some(heat),
            power_j_per_kg: 0.0,
            machine: Some(Machine::Exchanger { kind, level }),
            volume_per_kg: 0.0,
            vessel_flow: None,
            grid_rule: GridRule::Always,
        }
    }

    /// Evaporators (not at the top level), superheaters, condensers (not at the bottom level).
    fn add_exchangers(&mut self) {
        let n = self.levels.len();
        let units = self.template.units.clone();
        for l in 0..n {
            let (liq, vap) = (self.state_of(self.liquid[l]), self.state_of(self.vapour[l]));
            let t = self.levels[l];
            let latent = vap.h_j_per_kg - liq.h_j_per_kg;
            if units.evaporators && l + 1 < n {
                let heat = UnitHeat {
                    kind: StreamKind::Cold,
                    t_from_k: t,
                    t_to_k: t,
                    q_j_per_kg: latent,
                };
                let unit = UnitNode {
                    grid_rule: GridRule::NeedsAbove(l),
                    ..self.exchanger(format!("evaporator {l}"), UnitKind::Evaporator, l, heat)
                };
                self.add_unit(unit, &[(self.liquid[l], 1.0)], &[(self.vapour[l], 1.0)]);
            }
            if units.condensers && l > 0 {
                let heat = UnitHeat {
                    kind: StreamKind::Hot,
                    t_from_k: t,
                    t_to_k: t,
                    q_j_per_kg: latent,
                };
                let unit = UnitNode {
                    grid_rule: GridRule::NeedsBelow(l),
                    ..self.exchanger(format!("condenser {l}"), UnitKind::Condenser, l, heat)
                };
                self.add_unit(unit, &[(self.vapour[l], 1.0)], &[(self.liquid[l], 1.0)]);
            }
            if let Some(s) = self.superheated[l] {
                let sh = self.state_of(s);
                let heat = UnitHeat {
                    kind: StreamKind::Cold,
                    t_from_k: t,
                    t_to_k: sh.t_k,
                    q_j_per_kg: sh.h_j_per_kg - vap.h_j_per_kg,
                };
                let unit =
                    self.exchanger(format!("superheater {l}"), UnitKind::Superheater, l, heat);
                self.add_unit(unit, &[(self.vapour[l], 1.0)], &[(s, 1.0)]);
            }
        }
    }

    fn reaches(reach: Reach, low: usize, high: usize) -> bool {
        match reach {
            Reach::Adjacent => high == low + 1,
            Reach::Any => high > low,
        }
    }

    /// Compressor modes level by level from the bottom, so that discharges into a level exist before they
    /// are offered for recompression from it.
    fn add_compressors(&mut self) {
        let n = self.levels.len();
        let units = self.template.units.clone();
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
                let name = format!("compressor {l}>{m}");
                if let Some(reason) = self.stage_limit(l, m) {
                    self.remove(name, reason);
                    continue;
                }
                for &x in &suctions {
                    let Some(d) = self.add_compressor_mode(&name, x, l, m) else {
                        continue;
                    };
                    // Only first discharges are offered for recompression (depth one).
                    if matches!(self.role_of(x), StateRole::Vapour | StateRole::Superheated) {
                        into_m.push(d);
                    }
                }
            }
        }
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
        let ratio = p_discharge / p_suction;
        if ratio > limits.max_pressure_ratio {
            return Some(format!(
                "pressure ratio {ratio:.2} above the maximum {:.2}",
                limits.max_pressure_ratio
            ));
        }
        None
    }

    /// The compressor of stage `name` (`l` to `m`) from suction state `x` and its discharge state `D[x>m]`,
    /// or its removal (no discharge state, wet or too hot a discharge). Returns the discharge state.
    fn add_compressor_mode(
        &mut self,
        name: &str,
        x: NodeIndex,
        l: usize,
        m: usize,
    ) -> Option<NodeIndex> {
        let label = format!("{name} [{}]", self.label_of(x));
        let inlet = self.state_of(x);
        let p_discharge = self.state_of(self.vapour[m]).p_pa;
        let outlet = match self.compress(&inlet, p_discharge) {
            Ok(s) => s,
            Err(reason) => {
                self.remove(label, reason);
                return None;
            }
        };
        if let Some(reason) = self.discharge_limit(&outlet) {
            self.remove(label, reason);
            return None;
        }
        let d_label = format!("D[{}>{m}]", self.label_of(x));
        let from = x.index();
        let d = self.add_state(d_label, m, StateRole::Discharge { from }, outlet);
        let vessel_flow = self.suction_vessel_flow(x, l);
        let unit = UnitNode {
            label,
            kind: UnitKind::Compressor,
            heat: None,
            power_j_per_kg: outlet.h_j_per_kg - inlet.h_j_per_kg,
            machine: Some(Machine::Compressor { from: l, to: m }),
            volume_per_kg: 1.0 / inlet.rho_kg_per_m3,
            vessel_flow,
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
        Some(d)
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

    /// Why a discharge state is not allowed, if it is not: wet, or above the maximum temperature.
    fn discharge_limit(&self, outlet: &State) -> Option<String> {
        let limits = &self.template.limits;
        if !matches!(outlet.phase, Phase::Vapour) {
            return Some("wet discharge: the isentrope ends in the dome".into());
        }
        if kelvin_to_celsius(outlet.t_k) > limits.max_discharge_temperature_c {
            return Some(format!(
                "discharge {} above the maximum {:.1} °C",
                c(outlet.t_k),
                limits.max_discharge_temperature_c
            ));
        }
        None
    }

    fn role_of(&self, index: NodeIndex) -> StateRole {
        match &self.graph[index] {
            Node::State(s) => s.role,
            Node::Unit(_) => unreachable!("state indices only point at states"), // invariant
        }
    }

    fn compress(&self, inlet: &State, p_out: f64) -> Result<State, String> {
        let isentropic = self
            .fluid
            .flash_ps(p_out, inlet.s_j_per_kg_k)
            .map_err(|e| e.to_string())?;
        let h =
            inlet.h_j_per_kg + (isentropic.h_j_per_kg - inlet.h_j_per_kg) / self.settings.eta_is;
        self.fluid.flash_ph(p_out, h).map_err(|e| e.to_string())
    }

    /// After-coolers (and intercoolers) and pre-saturators for every discharge state.
    fn add_discharge_coolers(&mut self) {
        let n = self.levels.len();
        let units = self.template.units.clone();
        let discharges: Vec<(NodeIndex, usize, String, State)> = self
            .graph
            .node_indices()
            .filter_map(|i| match &self.graph[i] {
                Node::State(s) if matches!(s.role, StateRole::Discharge { .. }) => {
                    Some((i, s.level, s.label.clone(), s.state))
                }
                _ => None,
            })
            .collect();
        for (d, m, label, state) in discharges {
            let (vap, liq) = (self.state_of(self.vapour[m]), self.state_of(self.liquid[m]));
            let q = state.h_j_per_kg - vap.h_j_per_kg;
            if units.after_coolers {
                let heat = UnitHeat {
                    kind: StreamKind::Hot,
                    t_from_k: state.t_k,
                    t_to_k: vap.t_k,
                    q_j_per_kg: q,
                };
                let unit = self.exchanger(
                    format!("after-cooler {label}"),
                    UnitKind::AfterCooler,
                    m,
                    heat,
                );
                self.add_unit(unit, &[(d, 1.0)], &[(self.vapour[m], 1.0)]);
            }
            // Pre-saturators sit in the vessel of an intermediate level.
            if units.presaturators && m + 1 < n {
                let a = q / (vap.h_j_per_kg - liq.h_j_per_kg);
                let unit = UnitNode {
                    label: format!("pre-saturator {label}"),
                    kind: UnitKind::Presaturator,
                    heat: None,
                    power_j_per_kg: 0.0,
                    machine: units.flash_tanks.then_some(Machine::Vessel { level: m }),
                    // Its liquid stays in the vessel; its vapour leaves through the compressors drawing from
                    // the level, which size the vessel (`suction_vessel_flow`).
                    volume_per_kg: 0.0,
                    vessel_flow: None,
                    grid_rule: GridRule::NeedsAbove(m),
                };
                self.add_unit(
                    unit,
                    &[(d, 1.0), (self.liquid[m], a)],
                    &[(self.vapour[m], 1.0 + a)],
                );
            }
        }
    }

    /// Subcoolers of each condensate to the lower level temperatures, and valves from every liquid state.
    fn add_subcoolers_and_valves(&mut self) {
        let n = self.levels.len();
        for m in 1..n {
            // (liquid state, label, highest level it may expand to)
            let mut sources: Vec<(NodeIndex, String, usize)> =
                vec![(self.liquid[m], format!("L{m}"), m - 1)];
            if self.template.units.subcoolers {
                sources.extend(self.add_subcoolers(m));
            }
            for (source, source_label, highest) in sources {
                self.add_valves(m, source, &source_label, highest);
            }
        }
    }

    /// Subcoolers of the condensate of level `m` to each lower level temperature `k`, with their states
    /// `C[m>k]`: returned as valve sources (state, label, level it was cooled to).
    fn add_subcoolers(&mut self, m: usize) -> Vec<(NodeIndex, String, usize)> {
        let liq_m = self.state_of(self.liquid[m]);
        let mut sources = Vec::new();
        for k in 0..m {
            let label = format!("subcooler {m}>{k}");
            let cooled = match self.fluid.state_at_pt(liq_m.p_pa, self.levels[k]) {
                Ok(s) if matches!(s.phase, Phase::Liquid) => s,
                Ok(_) => {
                    self.remove(label, "the subcooled state is not liquid".into());
                    continue;
                }
                Err(e) => {
                    self.remove(label, e.to_string());
                    continue;
                }
            };
            let cs = self.add_state(
                format!("C{m}>{k}"),
                m,
                StateRole::Subcooled { to_level: k },
                cooled,
            );
            let heat = UnitHeat {
                kind: StreamKind::Hot,
                t_from_k: liq_m.t_k,
                t_to_k: cooled.t_k,
                q_j_per_kg: liq_m.h_j_per_kg - cooled.h_j_per_kg,
            };
            let unit = self.exchanger(label, UnitKind::Subcooler, m, heat);
            self.add_unit(unit, &[(self.liquid[m], 1.0)], &[(cs, 1.0)]);
            sources.push((cs, format!("C{m}>{k}"), k));
        }
        sources
    }

    /// Valves from liquid `source` of level `m` down to the levels it may expand to, from `highest` down.
    fn add_valves(&mut self, m: usize, source: NodeIndex, source_label: &str, highest: usize) {
        let valves = self.template.units.valves;
        let from_condensate = source == self.liquid[m];
        for l in (0..=highest).rev() {
            // Valves from condensate obey the template's reach; from subcooled liquid they go to the
            // level it was cooled to (adjacent) or any level below it (any).
            let allowed = if from_condensate {
                Self::reaches(valves, l, m)
            } else {
                valves == Reach::Any || l == highest
            };
            if allowed {
                self.add_valve(m, l, source, source_label);
            }
        }
    }

    /// The valve from liquid `source` of level `m` to level `l` (and its grid-mode twin), or its removal
    /// when the throttled liquid does not end two-phase.
    fn add_valve(&mut self, m: usize, l: usize, source: NodeIndex, source_label: &str) {
        let n = self.levels.len();
        let units = &self.template.units;
        let inlet = self.state_of(source);
        let from_condensate = source == self.liquid[m];
        let label = format!("valve {source_label}>{l}");
        let outlet = match self
            .fluid
            .flash_ph(self.state_of(self.vapour[l]).p_pa, inlet.h_j_per_kg)
        {
            Ok(s) => s,
            Err(e) => {
                self.remove(label, e.to_string());
                return;
            }
        };
        let Phase::TwoPhase(x) = outlet.phase else {
            self.remove(label, "the throttled liquid stays single-phase".into());
            return;
        };
        // Liquid expanded further down from an intermediate level passes a flash tank there.
        let machine = (units.flash_tanks && from_condensate && m + 1 < n)
            .then_some(Machine::Vessel { level: m });
        let unit = UnitNode {
            label,
            kind: UnitKind::Valve,
            heat: None,
            power_j_per_kg: 0.0,
            machine,
            volume_per_kg: 1.0 / inlet.rho_kg_per_m3,
            vessel_flow: None,
            grid_rule: match machine {
                Some(_) => GridRule::NeedsAbove(m),
                None => GridRule::Always,
            },
        };
        let outlets = [(self.vapour[l], x), (self.liquid[l], 1.0 - x)];
        // For grid mode the same valve without the vessel, for when `m` is the top level used.
        let twin = (machine.is_some() && self.template.level_binaries).then(|| UnitNode {
            label: format!("{} (top)", unit.label),
            machine: None,
            grid_rule: GridRule::NothingAbove(m),
            ..unit.clone()
        });
        if let Some(twin) = twin {
            self.add_unit(twin, &[(source, 1.0)], &outlets);
        }
        self.add_unit(unit, &[(source, 1.0)], &outlets);
    }
}

#[cfg(test)]
mod tests {
    //! Node and edge counts of small templates, counted by hand from the unit families of design.md §2.2:
    //! an exchanger or compressor has one edge in and one out, a valve one in and two out (vapour and
    //! liquid of the level it expands to), a pre-saturator two in and one out.

    use super::*;
    use crate::fluids::fluid;
    use crate::units::celsius_to_kelvin;

    /// A template with these unit families and limits no ammonia cycle between -10 and 40 °C reaches
    /// (unless `max_pressure_ratio` says otherwise).
    fn template(units: &str, max_pressure_ratio: f64) -> Template {
        let text = format!(
            "name = \"test\"\ndescription = \"test\"\n[units]\n{units}\n[limits]\n\
             max_pressure_ratio = {max_pressure_ratio}\nmax_discharge_temperature_c = 400.0\n\
             min_suction_pressure_kpa = 1.0\nmax_level_fraction_of_critical = 0.97\n"
        );
        Template::parse("test", &text).unwrap()
    }

    const SINGLE: &str = "evaporators = true\nsuperheaters = false\ncompressors = \"any\"\n\
        recompression = false\nafter_coolers = true\npresaturators = false\ncondensers = true\n\
        subcoolers = false\nvalves = \"any\"\nflash_tanks = false";

    const TWO_STAGE: &str = "evaporators = true\nsuperheaters = false\ncompressors = \"adjacent\"\n\
        recompression = false\nafter_coolers = true\npresaturators = false\ncondensers = true\n\
        subcoolers = false\nvalves = \"adjacent\"\nflash_tanks = true";

    fn ammonia(levels_c: &[f64], template: &Template) -> Superstructure {
        let levels: Vec<f64> = levels_c.iter().map(|t| celsius_to_kelvin(*t)).collect();
        let settings = CycleSettings {
            eta_is: 0.75,
            superheat_k: 0.0,
        };
        instantiate(fluid("R717").unwrap().as_ref(), &levels, template, settings)
    }

    fn count(ss: &Superstructure, kind: UnitKind) -> usize {
        ss.units().filter(|(_, u)| u.kind == kind).count()
    }

    fn unit<'a>(ss: &'a Superstructure, label: &str) -> &'a UnitNode {
        ss.units()
            .find(|(_, u)| u.label == label)
            .map(|(_, u)| u)
            .unwrap_or_else(|| panic!("no unit {label}"))
    }

    #[test]
    fn one_stage_template_has_the_five_units_of_the_basic_cycle() {
        let ss = ammonia(&[-10.0, 30.0], &template(SINGLE, 20.0));
        // States L0, V0, L1, V1 and the discharge D[V0>1].
        assert_eq!(ss.states().count(), 5);
        // Evaporator 0, compressor 0>1, its after-cooler, condenser 1, valve L1>0.
        assert_eq!(ss.units().count(), 5);
        for kind in [
            UnitKind::Evaporator,
            UnitKind::Compressor,
            UnitKind::AfterCooler,
            UnitKind::Condenser,
            UnitKind::Valve,
        ] {
            assert_eq!(count(&ss, kind), 1, "{kind:?}");
        }
        // Four units of 1 + 1 edges and the valve's 1 + 2.
        assert_eq!(ss.graph.edge_count(), 4 * 2 + 3);
        assert!(ss.removed.is_empty());
        assert_eq!(
            unit(&ss, "compressor 0>1 [V0]").machine,
            Some(Machine::Compressor { from: 0, to: 1 })
        );
        assert_eq!(unit(&ss, "valve L1>0").machine, None);
        assert_eq!(unit(&ss, "evaporator 0").grid_rule, GridRule::NeedsAbove(0));
        assert_eq!(unit(&ss, "condenser 1").grid_rule, GridRule::NeedsBelow(1));
    }

    #[test]
    fn two_stage_template_adds_a_stage_and_a_flash_tank() {
        let ss = ammonia(&[-10.0, 10.0, 40.0], &template(TWO_STAGE, 20.0));
        // L and V at three levels, discharges D[V0>1] and D[V1>2] (adjacent stages, no recompression).
        assert_eq!(ss.states().count(), 6 + 2);
        // Evaporators at 0 and 1 (not the top), condensers at 1 and 2 (not the bottom), compressors 0>1 and
        // 1>2 with one after-cooler each, valves L1>0 and L2>1 (adjacent).
        let expected = [
            (UnitKind::Evaporator, 2),
            (UnitKind::Condenser, 2),
            (UnitKind::Compressor, 2),
            (UnitKind::AfterCooler, 2),
            (UnitKind::Valve, 2),
            (UnitKind::Subcooler, 0),
            (UnitKind::Presaturator, 0),
            (UnitKind::Superheater, 0),
        ];
        for (kind, n) in expected {
            assert_eq!(count(&ss, kind), n, "{kind:?}");
        }
        assert_eq!(ss.units().count(), 10);
        assert_eq!(ss.graph.edge_count(), 8 * 2 + 2 * 3);
        // The intermediate level's condensate passes the flash tank there; the top level's does not.
        let valve = unit(&ss, "valve L1>0");
        assert_eq!(valve.machine, Some(Machine::Vessel { level: 1 }));
        assert_eq!(valve.grid_rule, GridRule::NeedsAbove(1));
        assert_eq!(unit(&ss, "valve L2>1").machine, None);
    }

    /// The flash tank at an intermediate level is sized on both its outlets (the `heatpumps` package's rule):
    /// the liquid leaving downwards through it (the valve's flow as saturated liquid) and the vapour the
    /// compressor draws from the level (its flow as saturated vapour there); the pre-saturator inside it adds
    /// nothing of its own (its vapour is what the compressor draws). The bottom level has no flash tank.
    #[test]
    fn a_flash_tank_is_sized_on_its_liquid_and_vapour_outlets() {
        let units = TWO_STAGE.replace("presaturators = false", "presaturators = true");
        let ss = ammonia(&[-10.0, 10.0, 40.0], &template(&units, 20.0));
        let ammonia = fluid("R717").unwrap();
        let mid = ammonia
            .saturation_at_temperature(celsius_to_kelvin(10.0))
            .unwrap();
        let valve = unit(&ss, "valve L1>0");
        assert_eq!(valve.machine, Some(Machine::Vessel { level: 1 }));
        assert!((valve.volume_per_kg - 1.0 / mid.liquid.rho_kg_per_m3).abs() < 1e-12);
        let upper = unit(&ss, "compressor 1>2 [V1]");
        assert_eq!(
            upper.vessel_flow,
            Some(VesselFlow {
                level: 1,
                volume_per_kg: 1.0 / mid.vapour.rho_kg_per_m3
            })
        );
        assert_eq!(unit(&ss, "compressor 0>1 [V0]").vessel_flow, None);
        let presaturator = unit(&ss, "pre-saturator D[V0>1]");
        assert_eq!(presaturator.machine, Some(Machine::Vessel { level: 1 }));
        assert_eq!(presaturator.volume_per_kg, 0.0);
    }

    #[test]
    fn grid_mode_twins_the_valve_through_a_flash_tank() {
        let mut t = template(TWO_STAGE, 20.0);
        t.level_binaries = true;
        let ss = ammonia(&[-10.0, 10.0, 40.0], &t);
        // One more valve than without level binaries: L1>0 without its vessel, for when 1 is the top level.
        assert_eq!(count(&ss, UnitKind::Valve), 3);
        let twin = unit(&ss, "valve L1>0 (top)");
        assert_eq!(twin.machine, None);
        assert_eq!(twin.grid_rule, GridRule::NothingAbove(1));
        // And the compressor drawing through the flash tank, without it for when 1 is the bottom level.
        assert_eq!(count(&ss, UnitKind::Compressor), 3);
        let bottom = unit(&ss, "compressor 1>2 [V1] (bottom)");
        assert_eq!(bottom.vessel_flow, None);
        assert_eq!(bottom.grid_rule, GridRule::NothingBelow(1));
        assert_eq!(
            unit(&ss, "compressor 1>2 [V1]").grid_rule,
            GridRule::NeedsBelow(1)
        );
    }

    #[test]
    fn subcoolers_add_a_state_a_subcooler_and_its_valve() {
        let units = SINGLE.replace("subcoolers = false", "subcoolers = true");
        let ss = ammonia(&[-10.0, 30.0], &template(&units, 20.0));
        // C1>0 besides the five states of the basic cycle; subcooler 1>0 and valve C1>0>0 besides its units.
        assert_eq!(ss.states().count(), 6);
        assert_eq!(ss.units().count(), 7);
        assert_eq!(ss.graph.edge_count(), 5 * 2 + 2 * 3);
        let subcooler = unit(&ss, "subcooler 1>0");
        let heat = subcooler.heat.unwrap();
        assert_eq!(heat.kind, StreamKind::Hot);
        assert!((heat.t_from_k - celsius_to_kelvin(30.0)).abs() < 1e-9);
        assert!((heat.t_to_k - celsius_to_kelvin(-10.0)).abs() < 1e-9);
        assert_eq!(unit(&ss, "valve C1>0>0").kind, UnitKind::Valve);
    }

    #[test]
    fn a_stage_over_the_pressure_ratio_is_removed_with_its_reason() {
        // Ammonia's pressure ratio from -10 to 30 °C is about 4 (291 kPa to 1167 kPa).
        let ss = ammonia(&[-10.0, 30.0], &template(SINGLE, 2.0));
        assert_eq!(ss.removed.len(), 1);
        assert_eq!(ss.removed[0].unit, "compressor 0>1");
        assert!(ss.removed[0].reason.starts_with("pressure ratio"));
        // No compressor, so no discharge and no after-cooler: L0, V0, L1, V1; evaporator, condenser, valve.
        assert_eq!(ss.states().count(), 4);
        assert_eq!(ss.units().count(), 3);
        assert_eq!(count(&ss, UnitKind::Compressor), 0);
    }
}
