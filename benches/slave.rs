//! One slave evaluation end to end: states, superstructure graph, MILP build and HiGHS solve (one thread).
//! The benchmark: the IPESE dairy, ammonia, 6 levels, the `full` template. Results and model size:
//! docs/performance.md. Run: `cargo bench --bench slave`.

use criterion::{Criterion, criterion_group, criterion_main};
use hpsynth::case::Case;
use hpsynth::hen::hen_target;
use hpsynth::slave::{
    CycleChoice, SlaveSettings, design_streams, evaluate_candidate, loops_of_design,
};
use hpsynth::units::celsius_to_kelvin;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn dairy(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("literature_cases/ipese-dairy/case.toml");
    let case = Case::load(&path).unwrap();
    let settings = SlaveSettings::from_case(&case);
    let cycle = CycleChoice {
        fluid: "R717".into(),
        levels_k: [-8.0, 10.0, 30.0, 55.0, 75.0, 95.0]
            .map(celsius_to_kelvin)
            .to_vec(),
    };
    let mut group = c.benchmark_group("slave");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(20));
    for template in ["single-stage", "two-stage-economiser", "full"] {
        group.bench_function(format!("dairy_R717_6_levels_{template}"), |b| {
            b.iter(|| {
                let (_, e) =
                    evaluate_candidate(&case, std::slice::from_ref(&cycle), template, &settings)
                        .unwrap();
                black_box(e)
            })
        });
    }
    // The same at the GA's screening gap (2 %, the default) and at 1 %, with the LP-relaxation shortcut
    // (default) and without it.
    let mut screening = settings.clone();
    screening.solve.mip_rel_gap = 0.02;
    let mut one_pct = settings.clone();
    one_pct.solve.mip_rel_gap = 0.01;
    let mut branch_and_bound = screening.clone();
    branch_and_bound.warm_start = false;
    for (name, s) in [
        ("dairy_R717_6_levels_full_gap_2pct", &screening),
        ("dairy_R717_6_levels_full_gap_1pct", &one_pct),
        (
            "dairy_R717_6_levels_full_gap_2pct_no_warm_start",
            &branch_and_bound,
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    evaluate_candidate(&case, std::slice::from_ref(&cycle), "full", s).unwrap(),
                )
            })
        });
    }
    // The network target of the design alone (hen/): what the area target adds to an evaluation.
    let (_, e) =
        evaluate_candidate(&case, std::slice::from_ref(&cycle), "full", &screening).unwrap();
    let d = e.design.expect("a design");
    let families = [hpsynth::machines::FluidFamily::Ammonia];
    let streams = design_streams(
        &case,
        &d.units,
        &d.utilities,
        settings.dt_min_half_k,
        &families,
        &loops_of_design(&case, &d.loops),
    );
    let index = case.economics.cepci / settings.costs.cepci;
    group.bench_function("dairy_R717_6_levels_full_network_target", |b| {
        b.iter(|| black_box(hen_target(&streams, &settings.costs, index).unwrap()))
    });
    group.finish();
}

/// A case with operating periods against the same case without them, at the GA's screening gap (2 %): the
/// IPESE dairy in four periods (multi-period.toml) and OpenPinch's dairy chilling site in three.
fn periods(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("literature_cases");
    let mut group = c.benchmark_group("slave_periods");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    let cases = [
        (
            "dairy",
            "ipese-dairy/multi-period.toml",
            "full",
            vec![-8.0, 10.0, 30.0, 55.0, 75.0, 95.0],
        ),
        (
            "openpinch_chilling",
            "openpinch-dairy-chilling/case.toml",
            "two-stage-economiser",
            vec![-3.0, 20.0, 45.0, 82.0],
        ),
    ];
    for (name, file, template, levels_c) in cases {
        let with_periods = Case::load(&root.join(file)).unwrap();
        let one_period = Case {
            periods: Vec::new(),
            ..with_periods.clone()
        };
        let cycle = CycleChoice {
            fluid: "R717".into(),
            levels_k: levels_c.into_iter().map(celsius_to_kelvin).collect(),
        };
        for (label, case) in [
            (
                format!("{name}_{}_periods", with_periods.periods.len()),
                &with_periods,
            ),
            (format!("{name}_one_period"), &one_period),
        ] {
            let mut settings = SlaveSettings::from_case(case);
            settings.solve.mip_rel_gap = 0.02;
            group.bench_function(format!("{label}_gap_2pct"), |b| {
                b.iter(|| {
                    black_box(
                        evaluate_candidate(case, std::slice::from_ref(&cycle), template, &settings)
                            .unwrap(),
                    )
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, dairy, periods);
criterion_main!(benches);
