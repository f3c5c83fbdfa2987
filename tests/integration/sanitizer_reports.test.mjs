// In the sanitizer build (`ROI_SANITIZE=address,undefined make test`) a finding must fail the test
// that caused it, wherever the report lands: a stack's stop() fails on a report in a host's log,
// the simulator's stop() on one in its output. This proves the check sees each sanitizer's report
// (their first lines as GCC's runtime prints them) and that a planted one fails stop().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startStack } from '../support/stack.mjs';
import { assertNoSanitizerReport } from '../support/sanitizer.mjs';

const REPORTS = {
  address: '==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x55d',
  leak: '==4242==ERROR: LeakSanitizer: detected memory leaks',
  undefined: 'host/src/store/pool.cpp:57:12: runtime error: signed integer overflow: 9223372036854775807 + 1',
};

test('each sanitizer\'s report is found, a clean log passes', () => {
  const clean = '{"event":"host_started"}\nERROR: connection refused\n';
  assertNoSanitizerReport('a clean log', clean);
  for (const [kind, line] of Object.entries(REPORTS)) {
    assert.throws(() => assertNoSanitizerReport('a log', `${clean}${line}\n    #0 0x55d in main\n`),
      (e) => e.message.includes(line) && e.message.includes('#0 0x55d in main'), kind);
  }
});

test('a stack whose host log holds a report fails to stop', async () => {
  const stack = await startStack('sanitizer_reports');
  fs.appendFileSync(stack.hostLogPath, `${REPORTS.leak}\n`);
  await assert.rejects(stack.stop(), /sanitizer report in .*host\.log:\n==4242==ERROR: LeakSanitizer/);
});
