# The two commands of the README, each doing its own set-up.
.PHONY: demo test setup bench

setup:
	@scripts/setup.sh

# The main job on a bundled case: the bi-level optimisation of the IPESE dairy's heat pump, against the
# fixed-grid MILP baseline. Results in out/ipese-dairy/ (result.json, history.csv, flowsheet.dot, and the
# report: report.html, report.md, SVG plots).
demo: setup
	cargo run --quiet -- optimize literature_cases/ipese-dairy/case.toml --out out/ipese-dairy

# The whole test suite: unit, integration and documentation tests, then the Python package: its wheel
# built and installed, its pytest suite against the command line, and the notebook examples/dairy.ipynb.
# The ga-crate feature's own unit tests (the GA on the genetic_algorithm crate, docs/optimizer.md) too.
test: setup
	cargo test --quiet
	cargo test --quiet --features ga-crate --lib master::ga_crate
	cargo build --quiet
	scripts/python-test.sh

bench: setup
	cargo bench
