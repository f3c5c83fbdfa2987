# A thin layer over CMake and scripts/: `make run` and `make test` are the two commands;
# `make bench`, `make bench-dashboard` and `make bench-sync` rerun the benchmarks in docs/BENCHMARKS.md;
# `make package` builds the Debian packages (roi-host, roi-sdk-dev) into build/.
.PHONY: run test build deps package bench bench-dashboard bench-sync clean

run:
	scripts/run

test:
	scripts/test

build:
	scripts/build

deps:
	scripts/deps

package:
	scripts/deps
	scripts/build roi-run roi-connector-check
	cd build && cpack

bench:
	scripts/bench

bench-dashboard:
	ROI_BENCH_DASHBOARD=1 scripts/bench

bench-sync:
	scripts/bench-sync

clean:
	rm -rf build .state
