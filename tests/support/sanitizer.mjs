// Reports of AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer in a process's output
// (`ROI_SANITIZE=address,undefined make test`). A finding ends the process, and a leak only
// changes the exit status at its end, which a test stopping it does not look at: the stacks and
// the simulator check their processes' output for a report when they stop.
const REPORT = /^.*(?:ERROR: (?:AddressSanitizer|LeakSanitizer)|runtime error: |SUMMARY: UndefinedBehaviorSanitizer).*$/m;

// Throws with the report (from its first line on) when `output` of `what` holds one.
export function assertNoSanitizerReport(what, output) {
  const found = REPORT.exec(output);
  if (found) throw new Error(`sanitizer report in ${what}:\n${output.slice(found.index, found.index + 8000)}`);
}
