#!/usr/bin/env bash
# CTest fuzz.long_run: scripts/fuzz's long run (FUZZ_STATE, FUZZ_GOAL) on two fast targets, with
# the binaries fuzz.smoke built. Chunks, from lanes side by side, add up in each target's ledger to
# the goal; a later run with a higher goal goes on from the same corpus and ledger; `totals` sums
# them; a run stopped with SIGTERM (to the run, or to its process group) still writes its chunk's
# executions, not as a crash; a timeout that came of the fuzzer being starved of CPU is not a
# crash either, and the target fuzzes on.
# Usage: long_run_check.sh <repository> <fuzz build dir>
set -euo pipefail
repo="$1"
export ROI_FUZZ_BUILD_DIR="$2"
state="$(mktemp -d)"
# A failed check leaves no run behind (nor a fuzzer stopped by the starvation check below). Only
# runs not waited for yet: a pid waited for may already be another process's.
cleanup() {
  local pids p
  pids="$(jobs -p)"
  if [ -n "$pids" ]; then
    pkill -CONT -f "^$state/bin/" || true
    for p in $pids; do kill -TERM -- "-$p" "$p" 2>/dev/null || true; done
    wait || true
  fi
  rm -rf "$state"
}
trap cleanup EXIT
export FUZZ_STATE="$state"
fail() { echo "FAIL: $*" >&2; exit 1; }
# Polls the command in the arguments twice a second until it succeeds, for at most 300 s
# (generously: the machine may be busy); non-zero if it never does.
wait_until() {
  for _ in $(seq 1 600); do
    "$@" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}
inited() { for t in "$@"; do grep -q INITED "$state/logs/$t.log" || return 1; done; }
# chunks and executions in a target's ledger
sums() { awk -F'\t' '!/^#/ { n++; e += $3 } END { print n + 0, e + 0 }' "$state/ledger/$1.tsv"; }

# Three lanes for two targets: each chunk is claimed by one lane, so no target runs twice at once
# (two lanes on one target would both fuzz its last 1000 and overshoot the goal).
FUZZ_JOBS=3 FUZZ_GOAL=5000 FUZZ_RUNS=2000 FUZZ_TARGETS="download_link page_cursor" "$repo/scripts/fuzz"
for t in download_link page_cursor; do
  [ "$(sums $t)" = "3 5000" ] || fail "$t: ledger has $(sums $t) (chunks, executions), want 3 5000"
done

corpus_before="$(find "$state/corpus/download_link" -type f | wc -l)"
[ "$corpus_before" -gt 0 ] || fail "no corpus kept"
FUZZ_GOAL=6000 FUZZ_RUNS=2000 FUZZ_TARGETS=download_link "$repo/scripts/fuzz"
[ "$(sums download_link)" = "4 6000" ] || fail "continued: $(sums download_link), want 4 6000"
# The fourth chunk started from the corpus the others left: it replayed at least all of it.
replayed="$(awk -F'\t' '!/^#/ { r = $7 } END { print r }' "$state/ledger/download_link.tsv")"
[ "$replayed" -ge "$corpus_before" ] || fail "replayed $replayed inputs, the corpus had $corpus_before"
totals="$("$repo/scripts/fuzz" totals)"
grep -q '^| `download_link` | 4 | 6000 |' <<<"$totals" || fail "totals: $totals"

rm "$state/logs/download_link.log"
FUZZ_GOAL=1000000000 FUZZ_RUNS=1000000000 FUZZ_TARGETS=download_link "$repo/scripts/fuzz" &
run=$!
# Until the fuzzer is past its corpus replay.
wait_until inited download_link || true
kill -TERM "$run"
wait "$run" || fail "a stopped run exits $?"
read -r chunks execs <<<"$(sums download_link)"
[ "$chunks" = 5 ] && [ "$execs" -gt 6000 ] || fail "stopped: ledger has $chunks chunks, $execs executions"
crashes() { awk -F'\t' '!/^#/ { c += $4 } END { print c + 0 }' "$state/ledger/$1.tsv"; }
[ "$(crashes download_link)" = 0 ] || fail "a stopped chunk counted as a crash"

# Stopped as docs/FUZZING.md stops a background run: SIGTERM to its process group, so the lanes
# hear it twice (from the group and from the run) and the fuzzers once more.
rm -f "$state/logs/download_link.log" "$state/logs/page_cursor.log"
FUZZ_JOBS=2 FUZZ_GOAL=1000000000 FUZZ_RUNS=1000000000 FUZZ_TARGETS="download_link page_cursor" \
  setsid "$repo/scripts/fuzz" &
run=$!
wait_until inited download_link page_cursor || true
kill -TERM -- "-$run"
wait "$run" || fail "a run stopped through its process group exits $?"
[ "$(sums download_link | cut -d' ' -f1)" = 6 ] && [ "$(sums page_cursor | cut -d' ' -f1)" = 4 ] ||
  fail "stopped through the group: $(sums download_link), $(sums page_cursor) (chunks, executions)"
for t in download_link page_cursor; do
  [ "$(crashes $t)" = 0 ] || fail "$t: a chunk stopped through the process group counted as a crash"
done

# Starved: the fuzzer is stopped (SIGSTOP) for longer than FUZZ_TIMEOUT, as a SCHED_IDLE fuzzer on
# a busy machine is not run, so libFuzzer's wall-time alarm calls the input being run a timeout.
# Stopped while it mutates rather than runs an input, it reports nothing: so again, until it does.
chunks_before="$(sums page_cursor | cut -d' ' -f1)"
rm -f "$state/logs/page_cursor.log"
FUZZ_TIMEOUT=1 FUZZ_JOBS=1 FUZZ_GOAL=1000000000 FUZZ_RUNS=1000000000 FUZZ_TARGETS=page_cursor \
  "$repo/scripts/fuzz" 2>"$state/starved.log" &
run=$!
wait_until inited page_cursor || true
for _ in $(seq 1 60); do
  fuzzer="$(pgrep -n -f "^$state/bin/fuzz_page_cursor -runs=")" || fail "no page_cursor fuzzer running"
  kill -STOP "$fuzzer"
  sleep 2.5
  kill -CONT "$fuzzer"
  sleep 0.5
  # Timed out, the fuzzer has ended; its lane runs the input again, then says what it found.
  if ! kill -0 "$fuzzer" 2>/dev/null; then
    wait_until grep -q 'page_cursor: .* executions' "$state/starved.log" ||
      fail "the fuzzer ended and its lane said nothing: $(cat "$state/starved.log")"
    break
  fi
done
grep -q 'timeout while starved of CPU' "$state/starved.log" ||
  fail "60 stops of 2.5 s and no starved timeout told: $(cat "$state/starved.log")"
# The target goes on: a new chunk starts (the ledger holds the starved one), then the run is stopped.
new_chunk() { [ "$(sums page_cursor | cut -d' ' -f1)" -gt "$chunks_before" ] && inited page_cursor; }
wait_until new_chunk || true
kill -TERM "$run"
wait "$run" || fail "a run with a starved timeout exits $? ($(cat "$state/starved.log"))"
[ "$(sums page_cursor | cut -d' ' -f1)" = $((chunks_before + 2)) ] ||
  fail "starved: $(sums page_cursor) (chunks, executions), want $((chunks_before + 2)) chunks"
[ "$(crashes page_cursor)" = 0 ] || fail "a timeout while starved counted as a crash"
grep -q 'timeout while starved of CPU: its input, artifacts/starved/page_cursor-timeout-' \
  "$state/starved.log" || fail "the starved timeout is not told: $(cat "$state/starved.log")"
[ "$(find "$state/artifacts/starved" -type f | wc -l)" = 1 ] || fail "the starved input is not kept"
[ -z "$(find "$state/artifacts" -maxdepth 1 -type f)" ] || fail "a starved input left as a finding"
echo "long run: chunks, continuation, totals, stop and starved timeouts all counted"
