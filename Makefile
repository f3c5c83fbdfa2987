# A thin layer over CMake and scripts/: `make run` and `make test` are the two commands.
.PHONY: run test build deps bench clean

run:
	scripts/run

test:
	scripts/test

build:
	scripts/build

deps:
	scripts/deps

clean:
	rm -rf build .state
