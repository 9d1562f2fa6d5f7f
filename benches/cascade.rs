//! Speed of targeting on the IPESE dairy (53 streams): the problem table, and the cascade LP built and
//! solved with HiGHS on one thread. Results: docs/performance.md. Run: `cargo bench --bench cascade`.

use criterion::{Criterion, criterion_group, criterion_main};
use hpsynth::cascade::{ShiftedStream, lp_min_utilities, problem_table, target_utilities};
use hpsynth::case::Case;
use std::hint::black_box;
use std::path::Path;

fn dairy(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("literature_cases/ipese-dairy/case.toml");
    let case = Case::load(&path).unwrap();
    let streams: Vec<ShiftedStream> = case
        .streams
        .iter()
        .map(ShiftedStream::from_process)
        .collect();
    c.bench_function("dairy/problem_table", |b| {
        b.iter(|| problem_table(black_box(&streams)))
    });
    c.bench_function("dairy/cascade_lp_build_and_solve", |b| {
        b.iter(|| lp_min_utilities(black_box(&streams)).unwrap())
    });
    c.bench_function("dairy/utility_lp_build_and_solve", |b| {
        b.iter(|| target_utilities(black_box(&case)))
    });
}

criterion_group!(benches, dairy);
criterion_main!(benches);
