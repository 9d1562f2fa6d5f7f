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
    UnitNode,
};
use crate::case::StreamKind;
use crate::case::template::{Reach, Template};
use crate::fluids::{FluidModel, Phase, State};
use crate::machines::{CompressorChoice, FluidFamily};
use crate::units::kelvin_to_celsius;
use petgraph::stable_graph::{NodeIndex, StableGraph};

/// Cycle settings that are not part of the template.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleSettings {
    /// The compressor technologies a stage may be built with (one or more).
    pub compressors: Vec<CompressorChoice>,
    /// Suction superheat for superheaters (K); 0 disables them.
    pub superheat_k: f64,
    /// Whether a compressor may take suction below atmospheric pressure (air leaks in: purgers needed).
    pub subatmospheric_suction: bool,
}

impl CycleSettings {
    /// The ideal machine of fixed isentropic efficiency `eta_is`, no superheat, suction at any pressure the
    /// template allows: textbook cycles.
    pub fn ideal(eta_is: f64) -> CycleSettings {
        CycleSettings {
            compressors: vec![CompressorChoice::ideal(eta_is)],
            superheat_k: 0.0,
            subatmospheric_suction: true,
        }
    }
}

pub(super) struct Builder<'a> {
    pub(super) fluid: &'a dyn FluidModel,
    pub(super) family: FluidFamily,
    pub(super) template: &'a Template,
    pub(super) settings: CycleSettings,
    pub(super) graph: StableGraph<Node, f64>,
    pub(super) removed: Vec<Removed>,
    pub(super) levels: Vec<f64>,
    pub(super) liquid: Vec<NodeIndex>,
    pub(super) vapour: Vec<NodeIndex>,
    pub(super) superheated: Vec<Option<NodeIndex>>,
    /// Isentropic end states by suction state and discharge level, shared by the technologies.
    pub(super) isentropic: std::collections::HashMap<(NodeIndex, usize), Result<State, String>>,
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
    let family = FluidFamily::of(&fluid.info().name);
    // Technologies not sold for the fluid's family are no part of its superstructure: said once.
    let mut removed = Vec::new();
    let mut settings = settings;
    settings.compressors.retain(|choice| {
        let sold = choice.data.rating_pa(family).is_some();
        if !sold {
            removed.push(Removed {
                unit: format!("{} compressors", choice.technology.name()),
                reason: format!("not sold for {} fluids", family.name()),
            });
        }
        sold
    });
    let mut b = Builder {
        fluid,
        family,
        template,
        settings,
        graph: StableGraph::new(),
        removed,
        levels: Vec::new(),
        liquid: Vec::new(),
        vapour: Vec::new(),
        superheated: Vec::new(),
        isentropic: std::collections::HashMap::new(),
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
        compressors: b.settings.compressors,
    }
}

pub(super) fn c(t_k: f64) -> String {
    format!("{:.1} °C", kelvin_to_celsius(t_k))
}

impl Builder<'_> {
    pub(super) fn remove(&mut self, unit: String, reason: String) {
        self.removed.push(Removed { unit, reason });
    }

    pub(super) fn add_state(
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

    pub(super) fn add_unit(
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

    pub(super) fn state_of(&self, index: NodeIndex) -> State {
        match &self.graph[index] {
            Node::State(s) => s.state,
            Node::Unit(_) => unreachable!("state indices only point at states"), // invariant
        }
    }

    pub(super) fn label_of(&self, index: NodeIndex) -> String {
        match &self.graph[index] {
            Node::State(s) => s.label.clone(),
            Node::Unit(u) => u.label.clone(),
        }
    }

    /// Why no compressor can discharge at saturation pressure `p_pa`, if none can: none of the technologies
    /// is sold for the fluid's family, or the pressure is above every technology's rating for it.
    fn beyond_every_rating(&self, p_pa: f64) -> Option<String> {
        let family = self.family;
        let best = self
            .settings
            .compressors
            .iter()
            .filter_map(|c| c.data.rating_pa(family).map(|r| (r, c.technology)))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            None => Some(format!(
                "no compressor of the machine set is sold for {} fluids",
                family.name()
            )),
            Some((rating, technology)) if p_pa > rating => Some(format!(
                "saturation pressure {:.0} kPa above the highest compressor rating for {} ({:.0} kPa, {})",
                p_pa / 1e3,
                family.name(),
                rating / 1e3,
                technology.name()
            )),
            _ => None,
        }
    }

    /// Keeps the levels that lie between the triple point and the template's fraction of the critical
    /// temperature, and below the highest compressor rating for the fluid, and adds `L_l`, `V_l` (and `S_l`)
    /// for each.
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
            if let Some(reason) = self.beyond_every_rating(sat.p_pa) {
                self.remove(label, reason);
                continue;
            }
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
            compressor: None,
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

    pub(super) fn reaches(reach: Reach, low: usize, high: usize) -> bool {
        match reach {
            Reach::Adjacent => high == low + 1,
            Reach::Any => high > low,
        }
    }

    pub(super) fn role_of(&self, index: NodeIndex) -> StateRole {
        match &self.graph[index] {
            Node::State(s) => s.role,
            Node::Unit(_) => unreachable!("state indices only point at states"), // invariant
        }
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
                    compressor: None,
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
            compressor: None,
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
    use crate::superstructure::VesselFlow;
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
        let settings = CycleSettings::ideal(0.75);
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
            Some(Machine::Compressor {
                from: 0,
                to: 1,
                technology: crate::machines::Technology::Ideal
            })
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

    /// The open economiser of the peer's 10 MW heat pump (ammonia 28 / 56.9 / 92 °C, eta_is 0.75): the
    /// low-stage discharge compressed again ends at 186.8 °C, above the template's 180 °C, but it leaves the
    /// machine mixed with the flash vapour it is compressed beside (175.4 °C for the peer's flows): the mode is
    /// kept, and every mode of the machine carries its enthalpy above the limit's for the MILP's row.
    #[test]
    fn a_discharge_above_the_limit_is_kept_when_the_machine_can_mix_it_below() {
        let units = TWO_STAGE.replace("recompression = false", "recompression = true");
        let mut t = template(&units, 20.0);
        t.limits.max_discharge_temperature_c = 180.0;
        let ss = ammonia(&[28.0, 56.861, 92.0], &t);
        let recompressed = unit(&ss, "compressor 1>2 [D[V0>1]]").compressor.unwrap();
        let flash = unit(&ss, "compressor 1>2 [V1]").compressor.unwrap();
        assert!(recompressed.discharge_excess_j_per_kg.unwrap() > 0.0);
        assert!(flash.discharge_excess_j_per_kg.unwrap() < 0.0);
        assert!(
            !ss.removed
                .iter()
                .any(|r| r.unit.starts_with("compressor 1>2"))
        );
        // Alone above the limit (no other mode of the machine below it): removed with the reason.
        t.limits.max_discharge_temperature_c = 100.0;
        let ss = ammonia(&[28.0, 56.861, 92.0], &t);
        assert!(
            ss.removed.iter().any(|r| r.unit == "compressor 1>2 [V1]"
                && r.reason.contains("above the maximum 100.0 °C"))
        );
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
