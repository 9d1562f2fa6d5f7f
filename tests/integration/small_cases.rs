//! Small cases shared by the integration tests.

/// Two refrigeration loads (-25 °C freezer, 8 -> 2 °C chiller), cooling water 25 -> 30 °C; `fluids` is the
/// TOML list's inside, e.g. `"R717", "R290"`.
pub fn two_loads_toml(
    population: usize,
    generations: usize,
    fluids: &str,
    max_levels: usize,
) -> String {
    format!(
        r#"
[case]
name = "two refrigeration loads"
dt_min_half_k = 2.0
[[streams]]
name = "freezer"
kind = "hot"
t_in_c = -25.0
t_out_c = -25.0
q_kw = 150.0
phase_change = true
[[streams]]
name = "chiller"
kind = "hot"
t_in_c = 8.0
t_out_c = 2.0
q_kw = 300.0
[[utilities]]
name = "cooling water"
kind = "cold"
t_in_c = 25.0
t_out_c = 30.0
dt_min_half_k = 2.5
[heat_pump]
fluids = [{fluids}]
template = "single-stage"
max_levels = {max_levels}
dt_min_half_k = 1.0
t_level_min_c = -40.0
t_level_max_c = 50.0
[optimizer]
seed = 3
population = {population}
generations = {generations}
stall_generations = {generations}
grid_step_k = 10.0
"#
    )
}
