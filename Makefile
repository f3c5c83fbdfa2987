# A thin layer over CMake and scripts/: `make run` and `make test` are the two commands;
# `make bench`, `make bench-dashboard`, `make bench-sync`, `make bench-refresh` and
# `make bench-login-attack` rerun the benchmarks in docs/BENCHMARKS.md; `make package` builds
# the Debian packages (roi-host, roi-sdk-dev) into build/.
# `make fuzz` runs the libFuzzer targets (FUZZ_SECONDS each, default 60; docs/FUZZING.md);
# `ROI_SANITIZE=address,undefined make test` runs the suite in a sanitizer build (build-sanitize/).
.PHONY: run test build deps package bench bench-dashboard bench-sync bench-refresh bench-login-attack fuzz clean

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

bench-refresh:
	scripts/bench-refresh

bench-login-attack:
	scripts/bench-login-attack

fuzz:
	scripts/fuzz

clean:
	rm -rf build build-sanitize build-fuzz .state
