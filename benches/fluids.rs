//! Speed of the fluid layer and of one cycle: µs per call. Results: docs/performance.md.
//! Run: `cargo bench --bench fluids`.

use criterion::{Criterion, criterion_group, criterion_main};
use hpsynth::fluids::{FluidModel, fluid};
use hpsynth::thermo::{CycleSpec, Economizer, Level, compute_cycle};
use std::hint::black_box;

fn properties(c: &mut Criterion) {
    for name in ["R717", "R134a", "n-Butane", "CO2"] {
        let f = fluid(name).unwrap();
        let sat = f.saturation_at_temperature(263.15).unwrap();
        let p_high = f.saturation_at_temperature(288.15).unwrap().p_pa;
        let s_in = sat.vapour.s_j_per_kg_k;
        let h_liquid = f
            .saturation_at_temperature(288.15)
            .unwrap()
            .liquid
            .h_j_per_kg;
        c.bench_function(&format!("{name}/saturation_at_T"), |b| {
            b.iter(|| f.saturation_at_temperature(black_box(263.15)).unwrap())
        });
        c.bench_function(&format!("{name}/saturation_at_p"), |b| {
            b.iter(|| f.saturation_at_pressure(black_box(sat.p_pa)).unwrap())
        });
        c.bench_function(&format!("{name}/state_at_pT_vapour"), |b| {
            b.iter(|| {
                f.state_at_pt(black_box(sat.p_pa), black_box(273.15))
                    .unwrap()
            })
        });
        c.bench_function(&format!("{name}/flash_ps_compression_end"), |b| {
            b.iter(|| f.flash_ps(black_box(p_high), black_box(s_in)).unwrap())
        });
        c.bench_function(&format!("{name}/flash_ph_two_phase"), |b| {
            b.iter(|| {
                f.flash_ph(black_box(sat.p_pa), black_box(h_liquid))
                    .unwrap()
            })
        });
    }
}

fn cycles(c: &mut Criterion) {
    let ammonia = fluid("R717").unwrap();
    let single = CycleSpec {
        evaporating: Level::SaturationTemperatureK(263.15),
        condensing: Level::SaturationTemperatureK(308.15),
        intermediate: None,
        eta_is: 0.75,
        superheat_k: 5.0,
        subcool_k: 2.0,
    };
    c.bench_function("R717/cycle_single_stage", |b| {
        b.iter(|| compute_cycle(ammonia.as_ref(), black_box(&single)).unwrap())
    });
    let two = CycleSpec {
        evaporating: Level::SaturationTemperatureK(233.15),
        intermediate: Some((
            Level::SaturationTemperatureK(268.15),
            Economizer::FlashMixing,
        )),
        ..single
    };
    c.bench_function("R717/cycle_two_stage_flash_mixing", |b| {
        b.iter(|| compute_cycle(ammonia.as_ref(), black_box(&two)).unwrap())
    });
}

criterion_group!(benches, properties, cycles);
criterion_main!(benches);
