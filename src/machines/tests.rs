//! The shipped machine set against its sources.

use super::*;
use crate::fluids::{FluidModel, fluid};
use crate::units::celsius_to_kelvin;

/// The mean isentropic efficiency of Bitzer's compact screws as RWTH-EBC/vclibpy fits it (screw_bitzer.py):
/// `-0.428288911 + 0.905243389 r - 0.218644813 r^2 + 0.016393308 r^3` up to r = 5.3. Its peak, where the
/// derivative `0.905243389 - 0.437289626 r + 0.049179924 r^2` vanishes (r = 3.280), is 0.767: the screws'
/// `eta_0` in machine_sets/industrial-2026.toml.
#[test]
fn screw_eta_0_is_the_peak_of_the_bitzer_fit() {
    let fit =
        |r: f64| -0.428288911 + 0.905243389 * r - 0.218644813 * r * r + 0.016393308 * r.powi(3);
    let (a, b, c): (f64, f64, f64) = (0.049179924, -0.437289626, 0.905243389);
    let r = (-b - (b * b - 4.0 * a * c).sqrt()) / (2.0 * a);
    assert!((r - 3.28).abs() < 0.005, "{r}");
    let set = MachineSet::default_set();
    let IsentropicEfficiency::BuiltInVolumeRatio { eta_0, .. } =
        set.compressors[&Technology::Screw].eta_is
    else {
        panic!("screws have a built-in volume ratio");
    };
    assert!((eta_0 - fit(r)).abs() < 5e-4, "{eta_0} vs {}", fit(r));
}

/// Two pressure ratios, two isentropic efficiencies: an ammonia screw at 0/50 °C (r = 4.6) is near its M
/// port's matched ratio and more efficient than at 0/25 °C (r = 2.3), which over-compresses.
#[test]
fn a_screw_loses_efficiency_away_from_its_built_in_ratio() {
    let ammonia = fluid("R717").unwrap();
    let set = MachineSet::default_set();
    let screw = &set.compressors[&Technology::Screw];
    let at = |t_c: f64| {
        ammonia
            .saturation_at_temperature(celsius_to_kelvin(t_c))
            .unwrap()
    };
    let suction = at(0.0).vapour;
    let high = screw
        .compress(ammonia.as_ref(), &suction, at(50.0).p_pa)
        .unwrap();
    let low = screw
        .compress(ammonia.as_ref(), &suction, at(25.0).p_pa)
        .unwrap();
    assert!(
        high.eta_is > low.eta_is + 0.03,
        "{} vs {}",
        high.eta_is,
        low.eta_is
    );
    assert!(high.eta_is <= 0.767 + 1e-12);
    assert!(high.eta_vol < low.eta_vol);
}
