# A thin layer over CMake and scripts/: `make run` and `make test` are the two commands;
# `make bench` and `make bench-dashboard` rerun the benchmarks in docs/BENCHMARKS.md.
.PHONY: run test build deps bench bench-dashboard clean

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

clean:
	rm -rf build .state
