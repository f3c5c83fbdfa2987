# A thin layer over CMake and scripts/: `make run` and `make test` are the two commands;
# `make bench`, `make bench-dashboard`, `make bench-sync` and `make bench-login-attack` rerun the benchmarks in docs/BENCHMARKS.md.
.PHONY: run test build deps bench bench-dashboard bench-sync bench-login-attack clean

run:
	scripts/run

test:
	scripts/test

build:
	scripts/build

deps:
	scripts/deps

bench:
	scripts/bench

bench-dashboard:
	ROI_BENCH_DASHBOARD=1 scripts/bench

bench-sync:
	scripts/bench-sync

bench-login-attack:
	scripts/bench-login-attack

clean:
	rm -rf build .state
