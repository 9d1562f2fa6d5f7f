# The two commands of the README, each doing its own set-up.
.PHONY: demo test setup bench

setup:
	@scripts/setup.sh

# The main job on a bundled case. Until `optimize` exists: check the IPESE dairy case, then the cycle
# calculator on Cengel & Boles' two-stage R134a flash-chamber cycle.
demo: setup
	cargo run --quiet -- check literature_cases/ipese-dairy/case.toml
	@echo
	cargo run --quiet -- cycle --fluid R134a --p-evap-kpa 140 --p-mid-kpa 320 --p-cond-kpa 800 --economizer flash-mixing

# The whole test suite: unit, integration and documentation tests.
test: setup
	cargo test --quiet

bench: setup
	cargo bench
