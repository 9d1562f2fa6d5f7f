//! The integration tests, one binary (`cargo test --test integration`; one module's with
//! `cargo test --test integration costs::`): each module tests one capability through the library or the
//! `hpsynth` program, sharing the helpers of `common` and the small cases of `small_cases`.

mod common;
mod fuzz_inputs;
mod small_cases;

mod cascade_targets;
mod case_files;
mod cli;
mod costs;
mod cycle_reference;
mod design_network;
mod fluid_properties;
mod grid_enumeration;
mod layers;
mod loops;
mod network;
mod optimizer;
mod peer;
mod periods;
mod report;
mod site;
mod slave;
mod studies;
mod warm_start;
