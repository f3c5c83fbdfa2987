# A thin layer over CMake and scripts/: `make run` and `make test` are the two commands;
# `make bench` reruns the benchmarks in docs/BENCHMARKS.md.
.PHONY: run test build deps bench clean

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

clean:
	rm -rf build .state
